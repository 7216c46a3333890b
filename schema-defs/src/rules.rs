//! The hospital rules the database enforces itself, whoever writes (hims-domain.md §3.1):
//! finalised GST documents are immutable, payment allocations keep invoice totals true,
//! bed assignments keep the bed board true, lab results are flagged against the right
//! reference range, health-information requests stay inside their consent, records are
//! retained (no hard delete) and soft-deleted rows are frozen; plus Aadhaar's Verhoeff check.
//!
//! Every function here is checked by plpgsql_check with the table each trigger is attached
//! to (`tests/rules.rs`). Trigger bodies that serve several tables read the row through
//! `to_jsonb` so that no branch names a column another table lacks.
//!
//! SQLSTATEs the application can rely on:
//! - `55000` object_not_in_prerequisite_state: finalised document edited, soft-deleted row
//!   updated, allocation to an invoice or payment that cannot take one, consent not granted
//!   or expired, bed not usable;
//! - `23514` check_violation: over-allocation, request outside the consent's date range;
//! - `42501` insufficient_privilege: hard delete without the checked bypass.

use hims_dsl::ModelBuilder;
use hims_dsl::model::{FunctionLanguage, Model, TriggerEvent, TriggerTiming, Volatility};
use hims_dsl::objects::{FunctionExt, function, row_trigger};

/// The role whose members may hard-delete (with `hims.allow_hard_delete = on`) and restore.
const OWNER: &str = crate::access::OWNER;

/// Tables whose rows are records that must be retained: every table of these schemas…
const RETAINED_SCHEMAS: [&str; 3] = ["clinical", "billing", "laboratory"];
/// …and the consent tables of `abdm`.
const RETAINED_ABDM_TABLES: [&str; 2] = ["consent_requests", "consent_artefacts"];

pub fn register(b: &mut ModelBuilder) {
    b.function(
        function("core.verhoeff_is_valid", "boolean", FunctionLanguage::Plpgsql, VERHOEFF)
            .arg("p_digits", "text")
            .volatility(Volatility::Immutable)
            .strict()
            .comment("Verhoeff check digit (the last digit) of a digit string, e.g. an Aadhaar number at the boundary before it is tokenised; never used on stored data. False for anything but digits."),
    )
    .function(
        function("core.tg_forbid_hard_delete", "trigger", FunctionLanguage::Plpgsql, &FORBID_HARD_DELETE.replace("{owner}", OWNER))
            .comment("BEFORE DELETE on clinical, billing, laboratory and ABDM consent tables: records are retained (medical records for years, GST documents for the statutory period); delete means UPDATE … SET deleted_at. Bypass only for members of hims_owner who SET LOCAL hims.allow_hard_delete = on."),
    )
    .function(
        function("core.tg_guard_soft_deleted", "trigger", FunctionLanguage::Plpgsql, &GUARD_SOFT_DELETED.replace("{owner}", OWNER))
            .comment("BEFORE UPDATE on every table with compliance columns: a soft-deleted row is frozen; only a member of hims_owner may restore it (set deleted_at back to NULL)."),
    )
    .function(
        function("billing.tg_invoice_immutable", "trigger", FunctionLanguage::Plpgsql, INVOICE_IMMUTABLE)
            .depends_on(&["billing.invoices"])
            .comment("BEFORE UPDATE OR DELETE on invoices and credit notes, BEFORE INSERT OR UPDATE OR DELETE on invoice lines: once an invoice or credit note leaves draft only its status (never back to draft), cancel reason and e-invoice fields change; amount_paid only through payment allocations; lines of a non-draft invoice never change. Corrections are credit notes, as GST requires."),
    )
    .function(
        function("billing.tg_allocation_totals", "trigger", FunctionLanguage::Plpgsql, ALLOCATION_TOTALS)
            .depends_on(&["billing.invoices", "billing.payments", "billing.payment_allocations"])
            .comment("AFTER INSERT OR UPDATE OR DELETE on payment_allocations: locks the payment and the invoice, refuses allocating more than the invoice's net amount or the payment's amount, and sets invoices.amount_paid and status (finalised / partially_paid / paid). The row locks serialise concurrent allocations to one invoice."),
    )
    .function(
        function("clinical.tg_bed_assignment_sync", "trigger", FunctionLanguage::Plpgsql, BED_ASSIGNMENT_SYNC)
            .depends_on(&["clinical.beds", "clinical.bed_assignments"])
            .comment("On bed_assignments. BEFORE INSERT: refuses a bed under maintenance or blocked and closes the admission's open assignment at the new one's start (a transfer). AFTER INSERT OR UPDATE: the bed of an open assignment is occupied, a released bed goes to cleaning, a bed whose open assignment is withdrawn is available again."),
    )
    .function(
        function("laboratory.tg_result_flags", "trigger", FunctionLanguage::Plpgsql, RESULT_FLAGS)
            .depends_on(&["laboratory.reference_ranges", "core.patients"])
            .comment("BEFORE INSERT OR UPDATE on results: picks the reference range (unless one is given) by test, the patient's age in days at resulted_at (IST), sex (sex-specific before 'any'), instrument (specific before generic), no condition, latest valid_from; fills reference_text, abnormal_flag (LL < critical_low, L < low, HH > critical_high, H > high, else N) and is_critical for numeric values."),
    )
    .function(
        function("abdm.tg_hi_request_within_consent", "trigger", FunctionLanguage::Plpgsql, HI_REQUEST_WITHIN_CONSENT)
            .depends_on(&["abdm.consent_artefacts"])
            .comment("BEFORE INSERT (and UPDATE of the artefact or date range) on health_information_requests: the artefact must be of the same role, GRANTED, not revoked and not past data_erase_at, and the requested range inside the artefact's [date_from, date_to]."),
    );
    b.rule(attach_triggers);
}

fn attach_triggers(m: &mut Model) {
    use TriggerEvent::{Delete, Insert, Update};
    use TriggerTiming::{After, Before};
    for t in &mut m.tables {
        let (schema, name) = (t.schema.as_str(), t.name.as_str());
        let retained = RETAINED_SCHEMAS.contains(&schema)
            || (schema == "abdm" && RETAINED_ABDM_TABLES.contains(&name));
        if retained {
            t.triggers.push(row_trigger(
                "forbid_hard_delete",
                Before,
                &[Delete],
                "core.tg_forbid_hard_delete",
            ));
        }
        if t.compliance {
            t.triggers.push(row_trigger(
                "guard_soft_deleted",
                Before,
                &[Update],
                "core.tg_guard_soft_deleted",
            ));
        }
        let mut add = |name: &str, timing, events: &[TriggerEvent], function: &str| {
            t.triggers.push(row_trigger(name, timing, events, function));
        };
        match (schema, name) {
            ("billing", "invoices") | ("billing", "credit_notes") => add(
                "invoice_immutable",
                Before,
                &[Update, Delete],
                "billing.tg_invoice_immutable",
            ),
            ("billing", "invoice_lines") => add(
                "invoice_immutable",
                Before,
                &[Insert, Update, Delete],
                "billing.tg_invoice_immutable",
            ),
            ("billing", "payment_allocations") => add(
                "allocation_totals",
                After,
                &[Insert, Update, Delete],
                "billing.tg_allocation_totals",
            ),
            ("clinical", "bed_assignments") => {
                add(
                    "bed_assignment_close_previous",
                    Before,
                    &[Insert],
                    "clinical.tg_bed_assignment_sync",
                );
                add(
                    "bed_assignment_sync",
                    After,
                    &[Insert, Update],
                    "clinical.tg_bed_assignment_sync",
                );
            }
            ("laboratory", "results") => add(
                "result_flags",
                Before,
                &[Insert, Update],
                "laboratory.tg_result_flags",
            ),
            ("abdm", "health_information_requests") => add(
                "hi_request_within_consent",
                Before,
                &[Insert, Update],
                "abdm.tg_hi_request_within_consent",
            ),
            _ => {}
        }
    }
}

const VERHOEFF: &str = r#"DECLARE
    -- d: the dihedral group D5's multiplication table; p: the position permutation.
    d constant smallint[] := '{{0,1,2,3,4,5,6,7,8,9},{1,2,3,4,0,6,7,8,9,5},{2,3,4,0,1,7,8,9,5,6},{3,4,0,1,2,8,9,5,6,7},{4,0,1,2,3,9,5,6,7,8},{5,9,8,7,6,0,4,3,2,1},{6,5,9,8,7,1,0,4,3,2},{7,6,5,9,8,2,1,0,4,3},{8,7,6,5,9,3,2,1,0,4},{9,8,7,6,5,4,3,2,1,0}}'::smallint[];
    p constant smallint[] := '{{0,1,2,3,4,5,6,7,8,9},{1,5,7,6,2,8,3,0,9,4},{5,8,0,3,7,9,6,1,4,2},{8,9,1,6,0,4,3,5,2,7},{9,4,5,3,1,2,6,8,7,0},{4,2,8,6,5,7,3,9,0,1},{2,7,9,3,8,0,6,4,1,5},{7,0,4,6,9,1,3,2,5,8}}'::smallint[];
    c smallint := 0;
    n integer := length(p_digits);
BEGIN
    IF p_digits !~ '^[0-9]+$' THEN
        RETURN false;
    END IF;
    -- Digits from the right: position i (0-based) uses permutation p[i mod 8].
    FOR i IN 0 .. n - 1 LOOP
        c := d[c + 1][p[(i % 8) + 1][substr(p_digits, n - i, 1)::smallint + 1] + 1];
    END LOOP;
    RETURN c = 0;
END"#;

const FORBID_HARD_DELETE: &str = r#"BEGIN
    IF current_setting('hims.allow_hard_delete', true) = 'on'
       AND pg_catalog.pg_has_role(current_user, '{owner}', 'USAGE') THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '%.%: rows are retained, not deleted', TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Soft delete with UPDATE … SET deleted_at = now(). Maintenance by a member of {owner}: SET LOCAL hims.allow_hard_delete = on.';
END"#;

const GUARD_SOFT_DELETED: &str = r#"BEGIN
    IF OLD.deleted_at IS NULL THEN
        RETURN NEW;
    END IF;
    IF NEW.deleted_at IS NULL AND pg_catalog.pg_has_role(current_user, '{owner}', 'USAGE') THEN
        RETURN NEW; -- an explicit restore by a privileged role
    END IF;
    RAISE EXCEPTION '%.%: row % is soft-deleted and cannot change', TG_TABLE_SCHEMA, TG_TABLE_NAME, to_jsonb(OLD) ->> 'id'
        USING ERRCODE = 'object_not_in_prerequisite_state',
              HINT = 'Only a member of {owner} may restore it (UPDATE … SET deleted_at = NULL).';
END"#;

const INVOICE_IMMUTABLE: &str = r#"DECLARE
    v_old jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    v_new jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
    -- Maintained by triggers (row meta) on every update.
    v_meta text[] := ARRAY['updated_at', 'updated_by', 'version'];
    v_status text;
BEGIN
    IF TG_TABLE_NAME = 'invoice_lines' THEN
        -- A line belongs to its invoice's state; FOR SHARE waits for a finalisation in flight.
        FOR v_status IN
            SELECT i.status::text FROM billing.invoices i
             WHERE i.id IN ((v_old ->> 'invoice_id')::uuid, (v_new ->> 'invoice_id')::uuid)
             FOR SHARE
        LOOP
            IF v_status <> 'draft' THEN
                RAISE EXCEPTION 'billing.invoice_lines: the invoice is %, its lines cannot change', v_status
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          HINT = 'Correct a finalised invoice with a credit note.';
            END IF;
        END LOOP;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;

    IF TG_TABLE_NAME = 'invoices' AND TG_OP = 'UPDATE'
       AND (v_new -> 'amount_paid') IS DISTINCT FROM (v_old -> 'amount_paid')
       AND pg_catalog.pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'billing.invoices: amount_paid is maintained by payment allocations'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Insert, change or remove rows of billing.payment_allocations.';
    END IF;
    IF v_old ->> 'status' = 'draft' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '%.%: a % document cannot be deleted', TG_TABLE_SCHEMA, TG_TABLE_NAME, v_old ->> 'status'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Cancel it or issue a credit note.';
    END IF;
    IF v_new ->> 'status' = 'draft' THEN
        RAISE EXCEPTION '%.%: a % document cannot return to draft', TG_TABLE_SCHEMA, TG_TABLE_NAME, v_old ->> 'status'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF TG_TABLE_NAME = 'invoices' THEN
        -- is_interstate is generated (NULL in NEW before the row is stored); the state codes
        -- it derives from are compared.
        v_meta := v_meta || ARRAY['status', 'amount_paid', 'cancel_reason', 'irn', 'einvoice_ack', 'is_interstate'];
    ELSE
        v_meta := v_meta || ARRAY['status'];
    END IF;
    IF (v_new - v_meta) IS DISTINCT FROM (v_old - v_meta) THEN
        RAISE EXCEPTION '%.%: a % document cannot be edited (changed: %)', TG_TABLE_SCHEMA, TG_TABLE_NAME, v_old ->> 'status',
              (SELECT string_agg(n.key, ', ' ORDER BY n.key) FROM jsonb_each(v_new - v_meta) n
                WHERE n.value IS DISTINCT FROM v_old -> n.key)
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Corrections of a finalised invoice are credit notes (GST).';
    END IF;
    RETURN NEW;
END"#;

const ALLOCATION_TOTALS: &str = r#"DECLARE
    v_payment uuid;
    v_invoice uuid;
    v_payment_row billing.payments%ROWTYPE;
    v_invoice_row billing.invoices%ROWTYPE;
    v_allocated numeric;
    v_status billing.invoice_status;
BEGIN
    -- Payments first, then invoices, each in id order: one lock order for every session.
    -- FOR NO KEY UPDATE, not FOR UPDATE: the insert's own foreign-key checks hold KEY SHARE
    -- on both rows, which FOR UPDATE would wait for (two sessions → deadlock).
    FOR v_payment IN
        SELECT DISTINCT x FROM unnest(ARRAY[OLD.payment_id, NEW.payment_id]) x WHERE x IS NOT NULL ORDER BY x
    LOOP
        SELECT * INTO v_payment_row FROM billing.payments WHERE id = v_payment FOR NO KEY UPDATE;
        IF TG_OP <> 'DELETE' AND v_payment = NEW.payment_id AND v_payment_row.status NOT IN ('pending', 'cleared') THEN
            RAISE EXCEPTION 'billing.payment_allocations: payment % is %', v_payment, v_payment_row.status
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        SELECT coalesce(sum(a.amount), 0) INTO v_allocated FROM billing.payment_allocations a
         WHERE a.payment_id = v_payment AND a.deleted_at IS NULL;
        IF v_allocated > v_payment_row.amount THEN
            RAISE EXCEPTION 'billing.payment_allocations: payment % would be over-allocated (% of %)', v_payment, v_allocated, v_payment_row.amount
                USING ERRCODE = 'check_violation';
        END IF;
    END LOOP;
    FOR v_invoice IN
        SELECT DISTINCT x FROM unnest(ARRAY[OLD.invoice_id, NEW.invoice_id]) x WHERE x IS NOT NULL ORDER BY x
    LOOP
        SELECT * INTO v_invoice_row FROM billing.invoices WHERE id = v_invoice FOR NO KEY UPDATE;
        -- The lock is held: this statement's snapshot sees every allocation committed before.
        SELECT coalesce(sum(a.amount), 0) INTO v_allocated FROM billing.payment_allocations a
         WHERE a.invoice_id = v_invoice AND a.deleted_at IS NULL;
        IF v_invoice_row.status NOT IN ('finalised', 'partially_paid', 'paid') THEN
            IF TG_OP <> 'DELETE' AND v_invoice = NEW.invoice_id THEN
                RAISE EXCEPTION 'billing.payment_allocations: invoice % is %, it cannot take payments', v_invoice, v_invoice_row.status
                    USING ERRCODE = 'object_not_in_prerequisite_state';
            END IF;
            CONTINUE; -- a cancelled or written-off invoice keeps its figures
        END IF;
        IF v_allocated > v_invoice_row.net_amount THEN
            RAISE EXCEPTION 'billing.payment_allocations: invoice % would be over-allocated (% of %)', v_invoice, v_allocated, v_invoice_row.net_amount
                USING ERRCODE = 'check_violation';
        END IF;
        v_status := CASE WHEN v_allocated = 0 THEN 'finalised'::billing.invoice_status
                         WHEN v_allocated < v_invoice_row.net_amount THEN 'partially_paid'
                         ELSE 'paid' END;
        IF (v_allocated, v_status) IS DISTINCT FROM (v_invoice_row.amount_paid, v_invoice_row.status) THEN
            UPDATE billing.invoices i SET amount_paid = v_allocated, status = v_status
             WHERE i.id = v_invoice;
        END IF;
    END LOOP;
    RETURN NULL;
END"#;

const BED_ASSIGNMENT_SYNC: &str = r#"DECLARE
    v_bed_status clinical.bed_status;
BEGIN
    IF TG_WHEN = 'BEFORE' THEN
        IF NEW.released_at IS NULL AND NEW.deleted_at IS NULL THEN
            SELECT b.status INTO v_bed_status FROM clinical.beds b WHERE b.id = NEW.bed_id FOR NO KEY UPDATE;
            IF v_bed_status IN ('maintenance', 'blocked') THEN
                RAISE EXCEPTION 'clinical.bed_assignments: bed % is %', NEW.bed_id, v_bed_status
                    USING ERRCODE = 'object_not_in_prerequisite_state';
            END IF;
            -- A transfer: the admission's open assignment ends where the new one starts.
            UPDATE clinical.bed_assignments a
               SET released_at = NEW.assigned_at
             WHERE a.admission_id = NEW.admission_id AND a.id <> NEW.id
               AND a.released_at IS NULL AND a.deleted_at IS NULL;
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.deleted_at IS NOT NULL THEN
        IF TG_OP = 'UPDATE' AND OLD.deleted_at IS NULL AND OLD.released_at IS NULL THEN
            UPDATE clinical.beds SET status = 'available' WHERE id = NEW.bed_id AND status = 'occupied';
        END IF;
    ELSIF NEW.released_at IS NULL THEN
        UPDATE clinical.beds SET status = 'occupied' WHERE id = NEW.bed_id AND status <> 'occupied';
    ELSIF TG_OP = 'INSERT' OR OLD.released_at IS NULL THEN
        UPDATE clinical.beds SET status = 'cleaning' WHERE id = NEW.bed_id AND status = 'occupied';
    END IF;
    RETURN NULL;
END"#;

const RESULT_FLAGS: &str = r#"DECLARE
    v_range laboratory.reference_ranges%ROWTYPE;
    v_birth date;
    v_gender core.gender;
    v_age_days integer;
    v_on date := (NEW.resulted_at AT TIME ZONE 'Asia/Kolkata')::date;
    v_flag laboratory.abnormal_flag;
BEGIN
    IF NEW.reference_range_id IS NOT NULL THEN
        SELECT * INTO v_range FROM laboratory.reference_ranges r
         WHERE r.id = NEW.reference_range_id AND r.test_id = NEW.test_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'laboratory.results: reference range % is not a range of test %', NEW.reference_range_id, NEW.test_id
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    ELSE
        -- Age from the date of birth; an estimated age (year only) counts from 1 July.
        SELECT coalesce(p.date_of_birth, make_date(p.year_of_birth, 7, 1)), p.gender
          INTO v_birth, v_gender
          FROM core.patients p WHERE p.id = NEW.patient_id;
        v_age_days := v_on - v_birth;
        IF v_age_days IS NOT NULL THEN
            SELECT * INTO v_range FROM laboratory.reference_ranges r
             WHERE r.test_id = NEW.test_id AND r.deleted_at IS NULL AND r.condition = ''
               AND r.valid_from <= v_on
               AND v_age_days >= r.age_min_days AND v_age_days < r.age_max_days
               AND (r.sex = 'any' OR r.sex::text = v_gender::text)
               AND (r.instrument_id IS NULL OR r.instrument_id = NEW.instrument_id)
             ORDER BY (r.instrument_id IS NULL), (r.sex = 'any'), r.valid_from DESC, r.id
             LIMIT 1;
        END IF;
    END IF;
    IF v_range.id IS NULL THEN
        RETURN NEW; -- no range applies: flags stay as the analyser or the user gave them
    END IF;
    NEW.reference_range_id := v_range.id;
    NEW.reference_text := left(coalesce(v_range.normal_text,
        CASE WHEN v_range.low IS NOT NULL AND v_range.high IS NOT NULL
                  THEN trim_scale(v_range.low)::text || ' - ' || trim_scale(v_range.high)::text
             WHEN v_range.low IS NOT NULL THEN '>= ' || trim_scale(v_range.low)::text
             WHEN v_range.high IS NOT NULL THEN '<= ' || trim_scale(v_range.high)::text
        END || coalesce(' ' || v_range.unit_ucum, '')), 200);
    IF NEW.value_numeric IS NOT NULL THEN
        v_flag := CASE
            WHEN NEW.value_numeric < v_range.critical_low THEN 'LL'::laboratory.abnormal_flag
            WHEN NEW.value_numeric > v_range.critical_high THEN 'HH'
            WHEN NEW.value_numeric < v_range.low THEN 'L'
            WHEN NEW.value_numeric > v_range.high THEN 'H'
            ELSE 'N' END;
        NEW.abnormal_flag := v_flag;
        NEW.is_critical := v_flag IN ('LL', 'HH');
    END IF;
    RETURN NEW;
END"#;

const HI_REQUEST_WITHIN_CONSENT: &str = r#"DECLARE
    v_artefact abdm.consent_artefacts%ROWTYPE;
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.consent_artefact_id, NEW.date_from, NEW.date_to, NEW.role)
           IS NOT DISTINCT FROM (OLD.consent_artefact_id, OLD.date_from, OLD.date_to, OLD.role) THEN
        RETURN NEW;
    END IF;
    -- FOR SHARE: a revocation being written waits for this request, or this request for it.
    SELECT * INTO v_artefact FROM abdm.consent_artefacts a
     WHERE a.id = NEW.consent_artefact_id FOR SHARE;
    IF NOT FOUND THEN
        RETURN NEW; -- the foreign key reports the missing artefact
    END IF;
    IF v_artefact.role <> NEW.role THEN
        RAISE EXCEPTION 'abdm.health_information_requests: a % request needs the % copy of the consent artefact', NEW.role, NEW.role
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF v_artefact.status <> 'GRANTED' OR v_artefact.revoked_at IS NOT NULL THEN
        RAISE EXCEPTION 'abdm.health_information_requests: consent artefact % is %', v_artefact.artefact_id, v_artefact.status
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF v_artefact.data_erase_at <= now() THEN
        RAISE EXCEPTION 'abdm.health_information_requests: consent artefact % expired at %', v_artefact.artefact_id, v_artefact.data_erase_at
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF NEW.date_from < v_artefact.date_from OR NEW.date_to > v_artefact.date_to THEN
        RAISE EXCEPTION 'abdm.health_information_requests: requested range [%, %] is outside the consent''s [%, %]',
              NEW.date_from, NEW.date_to, v_artefact.date_from, v_artefact.date_to
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END"#;
