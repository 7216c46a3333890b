//! The hospital rules of hims-domain.md §3.1 on a real server with the head schema and a
//! seeded hospital, exercised as the application role through row-level security: for each
//! rule the allowed path, the refused path (SQLSTATE checked) and its boundaries; the
//! concurrent allocation race on real connections; plpgsql_check over every function.

use hims_dsl::{ModelBuilder, Table};
use hims_tests::{hims_db, sqlstate};
use postgres::{Client, NoTls};
use uuid::Uuid;

const TENANT: &str = "a0000000-0000-0000-0000-000000000000";
const OTHER_TENANT: &str = "b0000000-0000-0000-0000-000000000000";
const USER: &str = "a0000000-0000-0000-0000-0000000000e1";
const FACILITY: &str = "a0000000-0000-0000-0000-0000000000f1";
const PATIENT: &str = "a0000000-0000-0000-0000-0000000000a1";

/// Tenant A: a facility, a user, a practitioner, a patient, an inpatient admission, beds,
/// a service, invoices in draft and finalised, payments, a lab test with reference ranges,
/// consent artefacts. Tenant B: just enough to exist. Written as the owner.
const SEED: &str = r#"
INSERT INTO core.states (gst_code, iso_code, name, is_union_territory) VALUES ('27', 'IN-MH', 'Maharashtra', false);
INSERT INTO core.tenants (id, code, legal_name, display_name) VALUES
  ('a0000000-0000-0000-0000-000000000000', 'alpha', 'Alpha Hospitals Pvt Ltd', 'Alpha'),
  ('b0000000-0000-0000-0000-000000000000', 'beta', 'Beta Hospitals Pvt Ltd', 'Beta');
INSERT INTO core.facilities (id, tenant_id, code, name, facility_type, state_code) VALUES
  ('a0000000-0000-0000-0000-0000000000f1', 'a0000000-0000-0000-0000-000000000000', 'MUM', 'Alpha Mumbai', 'hospital', '27');
INSERT INTO core.users (id, tenant_id, username, display_name, status) VALUES
  ('a0000000-0000-0000-0000-0000000000e1', 'a0000000-0000-0000-0000-000000000000', 'cashier', 'Cashier', 'active');
INSERT INTO core.practitioners (id, tenant_id, practitioner_type, full_name, registration_council, registration_number) VALUES
  ('a0000000-0000-0000-0000-0000000000d1', 'a0000000-0000-0000-0000-000000000000', 'doctor', 'Dr Meera Rao', 'Maharashtra Medical Council', 'MMC-1234');
INSERT INTO core.patients (id, tenant_id, mrn, first_name, gender, year_of_birth, registered_facility_id) VALUES
  ('a0000000-0000-0000-0000-0000000000a1', 'a0000000-0000-0000-0000-000000000000', 'UHID-1', 'Asha', 'female', 1970, 'a0000000-0000-0000-0000-0000000000f1');
INSERT INTO clinical.encounters (id, tenant_id, encounter_number, patient_id, facility_id, encounter_class, started_at) VALUES
  ('a0000000-0000-0000-0000-0000000000c1', 'a0000000-0000-0000-0000-000000000000', 'IP-1', 'a0000000-0000-0000-0000-0000000000a1', 'a0000000-0000-0000-0000-0000000000f1', 'ipd', now() - interval '3 days');
INSERT INTO clinical.admissions (id, tenant_id, encounter_id, ip_number, patient_id, admitting_practitioner_id, attending_practitioner_id, admission_type, admitted_at) VALUES
  ('a0000000-0000-0000-0000-0000000000b1', 'a0000000-0000-0000-0000-000000000000', 'a0000000-0000-0000-0000-0000000000c1', 'IPN-1', 'a0000000-0000-0000-0000-0000000000a1', 'a0000000-0000-0000-0000-0000000000d1', 'a0000000-0000-0000-0000-0000000000d1', 'elective', now() - interval '3 days');
INSERT INTO clinical.wards (id, tenant_id, facility_id, code, name, ward_type) VALUES
  ('a0000000-0000-0000-0000-000000000091', 'a0000000-0000-0000-0000-000000000000', 'a0000000-0000-0000-0000-0000000000f1', 'GEN-A', 'General Ward A', 'general');
INSERT INTO clinical.beds (id, tenant_id, ward_id, bed_number, status) VALUES
  ('a0000000-0000-0000-0000-000000000081', 'a0000000-0000-0000-0000-000000000000', 'a0000000-0000-0000-0000-000000000091', 'G-1', 'available'),
  ('a0000000-0000-0000-0000-000000000082', 'a0000000-0000-0000-0000-000000000000', 'a0000000-0000-0000-0000-000000000091', 'G-2', 'available'),
  ('a0000000-0000-0000-0000-000000000083', 'a0000000-0000-0000-0000-000000000000', 'a0000000-0000-0000-0000-000000000091', 'G-3', 'maintenance');
INSERT INTO billing.service_catalog (id, tenant_id, code, name, service_type, sac_code) VALUES
  ('a0000000-0000-0000-0000-000000000061', 'a0000000-0000-0000-0000-000000000000', 'CONS', 'Consultation', 'consultation', '999312');
-- INV-1 finalised ₹1000; INV-2 finalised ₹500; INV-3 a draft ₹200.
INSERT INTO billing.invoices (id, tenant_id, invoice_number, fiscal_year, invoice_type, facility_id, patient_id, invoice_date,
                              supplier_state_code, place_of_supply_state_code, status, gross_amount, taxable_amount, net_amount,
                              patient_payable, finalised_at) VALUES
  ('a0000000-0000-0000-0000-000000000051', 'a0000000-0000-0000-0000-000000000000', 'INV-1', '2025-26', 'opd', 'a0000000-0000-0000-0000-0000000000f1', 'a0000000-0000-0000-0000-0000000000a1', DATE '2025-06-15', '27', '27', 'finalised', 1000, 1000, 1000, 1000, now()),
  ('a0000000-0000-0000-0000-000000000052', 'a0000000-0000-0000-0000-000000000000', 'INV-2', '2025-26', 'opd', 'a0000000-0000-0000-0000-0000000000f1', 'a0000000-0000-0000-0000-0000000000a1', DATE '2025-06-15', '27', '27', 'finalised', 500, 500, 500, 500, now()),
  ('a0000000-0000-0000-0000-000000000053', 'a0000000-0000-0000-0000-000000000000', 'INV-3', '2025-26', 'opd', 'a0000000-0000-0000-0000-0000000000f1', 'a0000000-0000-0000-0000-0000000000a1', DATE '2025-06-15', '27', '27', 'draft', 200, 200, 200, 200, NULL);
INSERT INTO billing.invoice_lines (tenant_id, invoice_id, line_no, service_id, description, sac_code, service_date, quantity, unit_price,
                                   taxable_value, gst_rate, line_total, patient_share) VALUES
  ('a0000000-0000-0000-0000-000000000000', 'a0000000-0000-0000-0000-000000000053', 1, 'a0000000-0000-0000-0000-000000000061', 'Consultation', '999312', now(), 1, 200, 200, 0, 200, 200);
-- Twelve receipts of ₹100 (the race) and two larger ones.
INSERT INTO billing.payments (id, tenant_id, receipt_number, fiscal_year, facility_id, patient_id, received_at, amount, payment_mode, received_by)
SELECT ('a0000000-0000-0000-0000-0000000001' || lpad(n::text, 2, '0'))::uuid, 'a0000000-0000-0000-0000-000000000000', 'RCP-' || n, '2025-26',
       'a0000000-0000-0000-0000-0000000000f1', 'a0000000-0000-0000-0000-0000000000a1', now(), 100, 'cash', 'a0000000-0000-0000-0000-0000000000e1'
  FROM generate_series(1, 12) n;
INSERT INTO billing.payments (id, tenant_id, receipt_number, fiscal_year, facility_id, patient_id, received_at, amount, payment_mode, received_by) VALUES
  ('a0000000-0000-0000-0000-000000000041', 'a0000000-0000-0000-0000-000000000000', 'RCP-600', '2025-26', 'a0000000-0000-0000-0000-0000000000f1', 'a0000000-0000-0000-0000-0000000000a1', now(), 600, 'cash', 'a0000000-0000-0000-0000-0000000000e1'),
  ('a0000000-0000-0000-0000-000000000042', 'a0000000-0000-0000-0000-000000000000', 'RCP-700', '2025-26', 'a0000000-0000-0000-0000-0000000000f1', 'a0000000-0000-0000-0000-0000000000a1', now(), 700, 'cash', 'a0000000-0000-0000-0000-0000000000e1');
-- Haemoglobin: children of any sex below 18 years (6570 days), adult men, adult women.
INSERT INTO laboratory.tests (id, tenant_id, code, name, section, specimen_type, result_type, tat_minutes, default_unit_ucum) VALUES
  ('a0000000-0000-0000-0000-000000000031', 'a0000000-0000-0000-0000-000000000000', 'HB', 'Haemoglobin', 'haematology', 'whole_blood', 'numeric', 60, 'g/dL'),
  ('a0000000-0000-0000-0000-000000000032', 'a0000000-0000-0000-0000-000000000000', 'GLU', 'Glucose', 'biochemistry', 'plasma', 'numeric', 60, 'mg/dL');
INSERT INTO laboratory.reference_ranges (id, tenant_id, test_id, sex, age_min_days, age_max_days, low, high, critical_low, critical_high, unit_ucum, valid_from) VALUES
  ('a0000000-0000-0000-0000-000000000021', 'a0000000-0000-0000-0000-000000000000', 'a0000000-0000-0000-0000-000000000031', 'any', 0, 6570, 11, 16, 6, 21, 'g/dL', DATE '2020-01-01'),
  ('a0000000-0000-0000-0000-000000000022', 'a0000000-0000-0000-0000-000000000000', 'a0000000-0000-0000-0000-000000000031', 'male', 6570, 54750, 13, 17, 7, 20, 'g/dL', DATE '2020-01-01'),
  ('a0000000-0000-0000-0000-000000000023', 'a0000000-0000-0000-0000-000000000000', 'a0000000-0000-0000-0000-000000000031', 'female', 6570, 54750, 12, 15.5, 7, 20, 'g/dL', DATE '2020-01-01'),
  ('a0000000-0000-0000-0000-000000000024', 'a0000000-0000-0000-0000-000000000000', 'a0000000-0000-0000-0000-000000000032', 'any', 0, 54750, 70, 100, 40, 400, 'mg/dL', DATE '2020-01-01');
INSERT INTO laboratory.lab_orders (id, tenant_id, order_number, patient_id, facility_id, source, ordering_practitioner_id, ordered_at) VALUES
  ('a0000000-0000-0000-0000-000000000011', 'a0000000-0000-0000-0000-000000000000', 'LAB-1', 'a0000000-0000-0000-0000-0000000000a1', 'a0000000-0000-0000-0000-0000000000f1', 'opd', 'a0000000-0000-0000-0000-0000000000d1', now());
-- Consent artefacts (HIP copies) for 2025: granted, revoked, expired, granted but past its erase date.
INSERT INTO abdm.consent_artefacts (id, tenant_id, role, artefact_id, patient_id, hip_id, abha_address, purpose_code, hi_types, date_from, date_to,
                                    data_erase_at, access_mode, status, revoked_at, artefact) VALUES
  ('a0000000-0000-0000-0000-000000000201', 'a0000000-0000-0000-0000-000000000000', 'hip', 'CA-GRANTED', 'a0000000-0000-0000-0000-0000000000a1', 'IN2710000123', 'asha@abdm', 'CAREMGT', '{OPConsultation}', '2025-01-01 00:00+05:30', '2025-12-31 23:59:59+05:30', now() + interval '1 day', 'VIEW', 'GRANTED', NULL, '{}'),
  ('a0000000-0000-0000-0000-000000000202', 'a0000000-0000-0000-0000-000000000000', 'hip', 'CA-REVOKED', 'a0000000-0000-0000-0000-0000000000a1', 'IN2710000123', 'asha@abdm', 'CAREMGT', '{OPConsultation}', '2025-01-01 00:00+05:30', '2025-12-31 23:59:59+05:30', now() + interval '1 day', 'VIEW', 'REVOKED', now(), '{}'),
  ('a0000000-0000-0000-0000-000000000203', 'a0000000-0000-0000-0000-000000000000', 'hip', 'CA-EXPIRED', 'a0000000-0000-0000-0000-0000000000a1', 'IN2710000123', 'asha@abdm', 'CAREMGT', '{OPConsultation}', '2025-01-01 00:00+05:30', '2025-12-31 23:59:59+05:30', now() + interval '1 day', 'VIEW', 'EXPIRED', NULL, '{}'),
  ('a0000000-0000-0000-0000-000000000204', 'a0000000-0000-0000-0000-000000000000', 'hip', 'CA-ERASED', 'a0000000-0000-0000-0000-0000000000a1', 'IN2710000123', 'asha@abdm', 'CAREMGT', '{OPConsultation}', '2025-01-01 00:00+05:30', '2025-12-31 23:59:59+05:30', now() - interval '1 second', 'VIEW', 'GRANTED', NULL, '{}');
"#;

fn seeded() -> hims_testdb::TestDb {
    let db = hims_db();
    db.connect()
        .batch_execute(SEED)
        .unwrap_or_else(|e| panic!("seed: {}", hims_testdb::pg_error_message(&e)));
    db
}

/// `sql` as the application role acting for tenant A and its user, in one transaction.
fn app(c: &mut Client, sql: &str) -> Result<Vec<postgres::Row>, postgres::Error> {
    hims_tests::as_app(
        c,
        Some(TENANT.parse().unwrap()),
        Some(USER.parse().unwrap()),
        sql,
    )
}

/// `sql` as the application role must fail with `state`; returns the message.
#[track_caller]
fn refused(c: &mut Client, sql: &str, state: &str) -> String {
    match app(c, sql) {
        Ok(_) => panic!("not refused: {sql}"),
        Err(e) => {
            let message = hims_testdb::pg_error_message(&e);
            assert_eq!(sqlstate(&e), state, "{sql}: {message}");
            message
        }
    }
}

#[track_caller]
fn allowed(c: &mut Client, sql: &str) -> Vec<postgres::Row> {
    app(c, sql).unwrap_or_else(|e| panic!("{sql}: {}", hims_testdb::pg_error_message(&e)))
}

fn one<T: for<'a> postgres::types::FromSql<'a>>(c: &mut Client, sql: &str) -> T {
    c.query_one(sql, &[])
        .unwrap_or_else(|e| panic!("{sql}: {}", hims_testdb::pg_error_message(&e)))
        .get(0)
}

fn invoice(c: &mut Client, number: &str) -> (String, String) {
    let r = c
        .query_one(
            "SELECT amount_paid::text, status::text FROM billing.invoices WHERE invoice_number = $1",
            &[&number],
        )
        .unwrap();
    (r.get(0), r.get(1))
}

fn payment(n: u32) -> String {
    format!("a0000000-0000-0000-0000-0000000001{n:02}")
}

const INV1: &str = "a0000000-0000-0000-0000-000000000051";
const INV2: &str = "a0000000-0000-0000-0000-000000000052";
const INV3: &str = "a0000000-0000-0000-0000-000000000053";
const INV4: &str = "a0000000-0000-0000-0000-000000000054";
const PAY600: &str = "a0000000-0000-0000-0000-000000000041";
const PAY700: &str = "a0000000-0000-0000-0000-000000000042";

fn allocate_ok(c: &mut Client, payment: &str, invoice: &str, amount: &str) {
    allowed(c, &allocate(payment, invoice, amount));
}

fn allocate(payment: &str, invoice: &str, amount: &str) -> String {
    format!(
        "INSERT INTO billing.payment_allocations (payment_id, invoice_id, amount) VALUES ('{payment}', '{invoice}', {amount})"
    )
}

#[test]
fn allocations_keep_invoice_totals_and_refuse_over_allocation() {
    let db = seeded();
    let mut c = db.connect();
    assert_eq!(
        invoice(&mut c, "INV-1"),
        ("0.00".into(), "finalised".into())
    );
    allowed(&mut c, &allocate(PAY600, INV1, "600"));
    assert_eq!(
        invoice(&mut c, "INV-1"),
        ("600.00".into(), "partially_paid".into())
    );
    // ₹400 of the ₹700 receipt settles it exactly.
    allowed(&mut c, &allocate(PAY700, INV1, "400"));
    assert_eq!(invoice(&mut c, "INV-1"), ("1000.00".into(), "paid".into()));
    // One rupee more is refused, and nothing changes.
    let m = refused(&mut c, &allocate(&payment(1), INV1, "0.01"), "23514");
    assert!(m.contains("over-allocated"), "{m}");
    assert_eq!(invoice(&mut c, "INV-1"), ("1000.00".into(), "paid".into()));
    // The ₹700 receipt has ₹300 left: ₹300.01 to INV-2 over-allocates the payment.
    let m = refused(&mut c, &allocate(PAY700, INV2, "300.01"), "23514");
    assert!(m.contains("payment"), "{m}");
    allowed(&mut c, &allocate(PAY700, INV2, "300"));
    assert_eq!(
        invoice(&mut c, "INV-2"),
        ("300.00".into(), "partially_paid".into())
    );
    // Changing an allocation's amount recomputes; moving it to another invoice recomputes both.
    allowed(
        &mut c,
        &format!(
            "UPDATE billing.payment_allocations SET amount = 250 WHERE payment_id = '{PAY700}' AND invoice_id = '{INV2}'"
        ),
    );
    assert_eq!(
        invoice(&mut c, "INV-2"),
        ("250.00".into(), "partially_paid".into())
    );
    allowed(
        &mut c,
        &format!(
            "UPDATE billing.payment_allocations SET deleted_at = now() WHERE payment_id = '{PAY600}'"
        ),
    );
    assert_eq!(
        invoice(&mut c, "INV-1"),
        ("400.00".into(), "partially_paid".into()),
        "a withdrawn (soft-deleted) allocation no longer counts"
    );
    allocate_ok(&mut c, &payment(3), INV1, "100");
    assert_eq!(
        invoice(&mut c, "INV-1"),
        ("500.00".into(), "partially_paid".into())
    );
    allowed(
        &mut c,
        &format!(
            "UPDATE billing.payment_allocations SET invoice_id = '{INV2}' WHERE payment_id = '{}'",
            payment(3)
        ),
    );
    assert_eq!(
        invoice(&mut c, "INV-1"),
        ("400.00".into(), "partially_paid".into())
    );
    assert_eq!(
        invoice(&mut c, "INV-2"),
        ("350.00".into(), "partially_paid".into())
    );
    allocate_ok(&mut c, &payment(4), INV2, "100");
    allocate_ok(&mut c, &payment(5), INV2, "50");
    assert_eq!(invoice(&mut c, "INV-2"), ("500.00".into(), "paid".into()));
    allowed(
        &mut c,
        &format!(
            "UPDATE billing.payment_allocations SET deleted_at = now() WHERE payment_id = '{PAY700}' AND invoice_id = '{INV1}'"
        ),
    );
    assert_eq!(
        invoice(&mut c, "INV-1"),
        ("0.00".into(), "finalised".into())
    );
    // A draft cannot take payments.
    let m = refused(&mut c, &allocate(&payment(2), INV3, "100"), "55000");
    assert!(m.contains("draft"), "{m}");
    // amount_paid is not the application's to set.
    let m = refused(
        &mut c,
        &format!("UPDATE billing.invoices SET amount_paid = 10 WHERE id = '{INV1}'"),
        "55000",
    );
    assert!(m.contains("payment allocations"), "{m}");
    // Tenant B sees none of it, and cannot allocate to A's invoice.
    let other = hims_tests::as_app(
        &mut c,
        Some(OTHER_TENANT.parse().unwrap()),
        None,
        "SELECT count(*) FROM billing.payment_allocations",
    )
    .unwrap();
    assert_eq!(other[0].get::<_, i64>(0), 0);
}

/// Twelve sessions each allocate ₹100 to the same ₹1000 invoice at once, each holding its
/// transaction open for a moment: exactly ten succeed, two are refused as over-allocation,
/// and the invoice's amount_paid equals the sum of what was committed.
#[test]
fn concurrent_allocations_are_serialised_per_invoice_and_per_payment() {
    let db = seeded();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(12));
    let handles: Vec<_> = (1..=12)
        .map(|n| {
            let conn = db.conn_str().to_string();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut c = Client::connect(&conn, NoTls).unwrap();
                let mut tx = c.transaction().unwrap();
                tx.batch_execute(&format!(
                    "SET LOCAL ROLE hims_app; SELECT set_config('app.tenant_id', '{TENANT}', true);"
                ))
                .unwrap();
                barrier.wait();
                let r = tx
                    .batch_execute(&format!(
                        "{}; SELECT pg_sleep(0.2);",
                        allocate(&payment(n), INV1, "100")
                    ))
                    .and_then(|_| tx.commit());
                r.map_err(|e| sqlstate(&e))
            })
        })
        .collect();
    let results: Vec<Result<(), String>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let ok = results.iter().filter(|r| r.is_ok()).count();
    let refusals: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(ok, 10, "{results:?}");
    assert!(refusals.iter().all(|s| *s == "23514"), "{results:?}");
    let mut c = db.connect();
    assert_eq!(invoice(&mut c, "INV-1"), ("1000.00".into(), "paid".into()));
    let committed: String = one(
        &mut c,
        &format!(
            "SELECT sum(amount)::text FROM billing.payment_allocations WHERE invoice_id = '{INV1}'"
        ),
    );
    assert_eq!(committed, "1000.00");

    // The same on the payment side: the ₹600 receipt allocated ₹400 to two invoices at once.
    c.batch_execute(&format!(
        "INSERT INTO billing.invoices (id, tenant_id, invoice_number, fiscal_year, invoice_type, facility_id, patient_id, invoice_date,
                                       supplier_state_code, place_of_supply_state_code, status, gross_amount, taxable_amount, net_amount,
                                       patient_payable, finalised_at)
         VALUES ('{INV4}', '{TENANT}', 'INV-4', '2025-26', 'opd', '{FACILITY}', '{PATIENT}', DATE '2025-06-15', '27', '27', 'finalised', 1000, 1000, 1000, 1000, now())"
    ))
    .unwrap();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let handles: Vec<_> = [INV2, INV4]
        .into_iter()
        .map(|inv| {
            let conn = db.conn_str().to_string();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut c = Client::connect(&conn, NoTls).unwrap();
                let mut tx = c.transaction().unwrap();
                tx.batch_execute(&format!(
                    "SET LOCAL ROLE hims_app; SELECT set_config('app.tenant_id', '{TENANT}', true);"
                ))
                .unwrap();
                barrier.wait();
                tx.batch_execute(&format!(
                    "{}; SELECT pg_sleep(0.2);",
                    allocate(PAY600, inv, "400")
                ))
                .and_then(|_| tx.commit())
                .map_err(|e| sqlstate(&e))
            })
        })
        .collect();
    let results: Vec<Result<(), String>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 1, "{results:?}");
    assert!(
        results
            .iter()
            .any(|r| r.as_ref().err().is_some_and(|s| s == "23514")),
        "{results:?}"
    );
    let allocated: String = one(
        &mut c,
        &format!(
            "SELECT sum(amount)::text FROM billing.payment_allocations WHERE payment_id = '{PAY600}'"
        ),
    );
    assert_eq!(allocated, "400.00", "never more than the receipt");
}

#[test]
fn finalised_invoices_lines_and_credit_notes_are_immutable() {
    let db = seeded();
    let mut c = db.connect();
    // A draft is freely edited, lines included.
    allowed(
        &mut c,
        &format!(
            "UPDATE billing.invoices SET invoice_date = DATE '2025-06-16' WHERE id = '{INV3}'"
        ),
    );
    allowed(
        &mut c,
        &format!(
            "UPDATE billing.invoice_lines SET description = 'OPD consultation' WHERE invoice_id = '{INV3}'"
        ),
    );
    // Finalised: the date, amounts and lines are frozen.
    let m = refused(
        &mut c,
        &format!(
            "UPDATE billing.invoices SET invoice_date = DATE '2025-06-16' WHERE id = '{INV1}'"
        ),
        "55000",
    );
    assert!(
        m.contains("invoice_date") && m.contains("credit note"),
        "{m}"
    );
    refused(
        &mut c,
        &format!(
            "UPDATE billing.invoices SET discount_amount = 10, taxable_amount = 990, gross_amount = 1000 WHERE id = '{INV1}'"
        ),
        "55000",
    );
    refused(
        &mut c,
        &format!("UPDATE billing.invoices SET status = 'draft' WHERE id = '{INV1}'"),
        "55000",
    );
    refused(
        &mut c,
        &format!("UPDATE billing.invoices SET deleted_at = now() WHERE id = '{INV1}'"),
        "55000",
    );
    let line = format!(
        "INSERT INTO billing.invoice_lines (invoice_id, line_no, service_id, description, sac_code, service_date, quantity, unit_price, taxable_value, gst_rate, line_total, patient_share)
         VALUES ('{INV1}', 9, 'a0000000-0000-0000-0000-000000000061', 'Extra', '999312', now(), 1, 1, 1, 0, 1, 1)"
    );
    let m = refused(&mut c, &line, "55000");
    assert!(m.contains("finalised"), "{m}");
    // …while the draft still takes lines.
    allowed(&mut c, &line.replace(INV1, INV3));
    // Finalising the draft freezes its lines too.
    allowed(
        &mut c,
        &format!(
            "UPDATE billing.invoices SET status = 'finalised', finalised_at = now() WHERE id = '{INV3}'"
        ),
    );
    refused(
        &mut c,
        &format!("UPDATE billing.invoice_lines SET quantity = 2 WHERE invoice_id = '{INV3}'"),
        "55000",
    );
    // Status, cancel reason and e-invoice fields may still change.
    allowed(
        &mut c,
        &format!(
            "UPDATE billing.invoices SET irn = 'IRN-123', einvoice_ack = '{{\"ack\": 1}}' WHERE id = '{INV2}'"
        ),
    );
    allowed(
        &mut c,
        &format!(
            "UPDATE billing.invoices SET status = 'cancelled', cancel_reason = 'duplicate bill' WHERE id = '{INV2}'"
        ),
    );
    // The owner cannot delete a finalised invoice either (records are retained).
    let e = c
        .batch_execute(&format!("DELETE FROM billing.invoices WHERE id = '{INV1}'"))
        .unwrap_err();
    assert_eq!(sqlstate(&e), "42501");

    // Credit notes: a draft is edited; an issued note only changes status.
    allowed(
        &mut c,
        &format!("INSERT INTO billing.credit_notes (id, credit_note_number, fiscal_year, invoice_id, issue_date, reason, taxable_amount, total_amount, lines)
                  VALUES ('a0000000-0000-0000-0000-000000000301', 'CN-1', '2025-26', '{INV1}', DATE '2025-06-20', 'price_correction', 100, 100, '[]')"),
    );
    allowed(
        &mut c,
        "UPDATE billing.credit_notes SET taxable_amount = 50, total_amount = 50 WHERE credit_note_number = 'CN-1'",
    );
    allowed(
        &mut c,
        "UPDATE billing.credit_notes SET status = 'issued' WHERE credit_note_number = 'CN-1'",
    );
    let m = refused(
        &mut c,
        "UPDATE billing.credit_notes SET taxable_amount = 60, total_amount = 60 WHERE credit_note_number = 'CN-1'",
        "55000",
    );
    assert!(m.contains("total_amount"), "{m}");
    allowed(
        &mut c,
        "UPDATE billing.credit_notes SET status = 'cancelled' WHERE credit_note_number = 'CN-1'",
    );
}

const ADMISSION: &str = "a0000000-0000-0000-0000-0000000000b1";
const BED1: &str = "a0000000-0000-0000-0000-000000000081";
const BED2: &str = "a0000000-0000-0000-0000-000000000082";
const BED3: &str = "a0000000-0000-0000-0000-000000000083";

fn bed_status(c: &mut Client, bed: &str) -> String {
    one(
        c,
        &format!("SELECT status::text FROM clinical.beds WHERE id = '{bed}'"),
    )
}

fn assign(bed: &str, at: &str, reason: &str) -> String {
    format!(
        "INSERT INTO clinical.bed_assignments (admission_id, bed_id, assigned_at, reason) VALUES ('{ADMISSION}', '{bed}', {at}, '{reason}')"
    )
}

#[test]
fn bed_assignments_keep_the_bed_board_true() {
    let db = seeded();
    let mut c = db.connect();
    allowed(
        &mut c,
        &assign(BED1, "now() - interval '2 days'", "admission"),
    );
    assert_eq!(bed_status(&mut c, BED1), "occupied");
    // A bed under maintenance cannot be assigned.
    let m = refused(
        &mut c,
        &assign(BED3, "now() - interval '1 day'", "transfer"),
        "55000",
    );
    assert!(m.contains("maintenance"), "{m}");
    // Transfer: the open assignment closes where the new one starts.
    allowed(
        &mut c,
        &assign(BED2, "now() - interval '1 day'", "transfer"),
    );
    assert_eq!(bed_status(&mut c, BED1), "cleaning");
    assert_eq!(bed_status(&mut c, BED2), "occupied");
    let closed: bool = one(
        &mut c,
        &format!("SELECT released_at = (SELECT assigned_at FROM clinical.bed_assignments WHERE bed_id = '{BED2}')
                    FROM clinical.bed_assignments WHERE bed_id = '{BED1}'"),
    );
    assert!(closed, "the previous assignment ends at the transfer");
    let open: i64 = one(
        &mut c,
        &format!(
            "SELECT count(*) FROM clinical.bed_assignments WHERE admission_id = '{ADMISSION}' AND released_at IS NULL"
        ),
    );
    assert_eq!(open, 1);
    // A transfer that starts before the current stay began is refused (check on the closed row).
    refused(
        &mut c,
        &assign(BED1, "now() - interval '5 days'", "transfer"),
        "23514",
    );
    assert_eq!(bed_status(&mut c, BED2), "occupied", "nothing changed");
    // Discharge: releasing the bed sends it to cleaning.
    allowed(
        &mut c,
        &format!("UPDATE clinical.bed_assignments SET released_at = now() WHERE bed_id = '{BED2}'"),
    );
    assert_eq!(bed_status(&mut c, BED2), "cleaning");
}

/// (abnormal_flag, is_critical, reference_text, reference_range_id) of a stored result.
type Flags = (Option<String>, bool, Option<String>, Option<Uuid>);

/// Insert a result for a new order item of `test` for `patient` resulted on 15 June 2025
/// (noon IST); returns (abnormal_flag, is_critical, reference_text, reference_range_id).
fn result(
    c: &mut Client,
    patient: &str,
    test: &str,
    value: &str,
) -> Result<Flags, postgres::Error> {
    let rows = app(
        c,
        &format!(
            "WITH o AS (INSERT INTO laboratory.lab_orders (order_number, patient_id, facility_id, source, ordering_practitioner_id, ordered_at)
                        VALUES ('L-' || left(gen_random_uuid()::text, 8), '{patient}', '{FACILITY}', 'opd', 'a0000000-0000-0000-0000-0000000000d1', now()) RETURNING id),
                  i AS (INSERT INTO laboratory.lab_order_items (lab_order_id, test_id) SELECT o.id, '{test}' FROM o RETURNING id)
             INSERT INTO laboratory.results (lab_order_item_id, patient_id, test_id, value_numeric, resulted_at)
             SELECT i.id, '{patient}', '{test}', {value}, TIMESTAMPTZ '2025-06-15 12:00+05:30' FROM i
             RETURNING abnormal_flag::text, is_critical, reference_text, reference_range_id"
        ),
    )?;
    let r = &rows[0];
    Ok((r.get(0), r.get(1), r.get(2), r.get(3)))
}

/// A patient of `gender` who is `age_days` old on 15 June 2025 (IST).
fn patient(c: &mut Client, gender: &str, age_days: i32) -> String {
    let id = Uuid::new_v4().to_string();
    allowed(
        c,
        &format!(
            "INSERT INTO core.patients (id, mrn, first_name, gender, date_of_birth, registered_facility_id)
             VALUES ('{id}', 'U-' || left('{id}', 8), 'P', '{gender}', DATE '2025-06-15' - {age_days}, '{FACILITY}')"
        ),
    );
    id
}

const HB: &str = "a0000000-0000-0000-0000-000000000031";
const GLU: &str = "a0000000-0000-0000-0000-000000000032";
const CHILD_RANGE: &str = "a0000000-0000-0000-0000-000000000021";
const MALE_RANGE: &str = "a0000000-0000-0000-0000-000000000022";
const FEMALE_RANGE: &str = "a0000000-0000-0000-0000-000000000023";

#[test]
fn results_are_flagged_against_the_range_for_age_in_days_and_sex() {
    let db = seeded();
    let mut c = db.connect();
    let range =
        |r: &(Option<String>, bool, Option<String>, Option<Uuid>)| r.3.map(|u| u.to_string());
    // Age boundary: 6569 days is a child (any sex), 6570 days an adult.
    let boy = patient(&mut c, "male", 6569);
    let man = patient(&mut c, "male", 6570);
    let woman = patient(&mut c, "female", 6570);
    let other = patient(&mut c, "other", 6570);
    let r = result(&mut c, &boy, HB, "12.5").unwrap();
    assert_eq!(range(&r).as_deref(), Some(CHILD_RANGE));
    assert_eq!(
        (r.0.as_deref(), r.1),
        (Some("N"), false),
        "12.5 is normal for a child"
    );
    let r = result(&mut c, &man, HB, "12.5").unwrap();
    assert_eq!(range(&r).as_deref(), Some(MALE_RANGE));
    assert_eq!(r.0.as_deref(), Some("L"), "12.5 is low for a man");
    assert_eq!(r.2.as_deref(), Some("13 - 17 g/dL"));
    // Sex boundary: the same value is normal for a woman.
    let r = result(&mut c, &woman, HB, "12.5").unwrap();
    assert_eq!(range(&r).as_deref(), Some(FEMALE_RANGE));
    assert_eq!(
        (r.0.as_deref(), r.2.as_deref()),
        (Some("N"), Some("12 - 15.5 g/dL"))
    );
    // No sex-specific adult range for 'other', and the child range does not apply: no flag.
    let r = result(&mut c, &other, HB, "12.5").unwrap();
    assert_eq!((r.0, r.1, r.3), (None, false, None));
    // Value boundaries of the male range: [13, 17] normal, critical beyond 7 and 20.
    for (value, flag, critical) in [
        ("13", "N", false),
        ("17", "N", false),
        ("12.99", "L", false),
        ("17.01", "H", false),
        ("7", "L", false),
        ("6.99", "LL", true),
        ("20", "H", false),
        ("20.01", "HH", true),
    ] {
        let r = result(&mut c, &man, HB, value).unwrap();
        assert_eq!(
            (r.0.as_deref(), r.1),
            (Some(flag), critical),
            "Hb {value} for a man"
        );
    }
    // An 'any' range applies to every sex.
    let r = result(&mut c, &other, GLU, "450").unwrap();
    assert_eq!((r.0.as_deref(), r.1), (Some("HH"), true));
    // A range given explicitly must belong to the test.
    let e = app(
        &mut c,
        &format!(
            "WITH o AS (INSERT INTO laboratory.lab_orders (order_number, patient_id, facility_id, source, ordering_practitioner_id, ordered_at)
                        VALUES ('L-' || left(gen_random_uuid()::text, 8), '{man}', '{FACILITY}', 'opd', 'a0000000-0000-0000-0000-0000000000d1', now()) RETURNING id),
                  i AS (INSERT INTO laboratory.lab_order_items (lab_order_id, test_id) SELECT o.id, '{GLU}' FROM o RETURNING id)
             INSERT INTO laboratory.results (lab_order_item_id, patient_id, test_id, value_numeric, resulted_at, reference_range_id)
             SELECT i.id, '{man}', '{GLU}', 90, now(), '{MALE_RANGE}' FROM i"
        ),
    )
    .unwrap_err();
    assert_eq!(sqlstate(&e), "23503");
    // A correction re-flags the row.
    let flagged: String = allowed(
        &mut c,
        &format!("UPDATE laboratory.results SET value_numeric = 25 WHERE patient_id = '{woman}' RETURNING abnormal_flag::text"),
    )[0]
    .get(0);
    assert_eq!(flagged, "HH");
}

fn hi_request(artefact: &str, from: &str, to: &str) -> String {
    format!(
        "INSERT INTO abdm.health_information_requests (role, consent_artefact_id, transaction_id, gateway_request_id, date_from, date_to, data_push_url, requested_at, hiu_public_key, hiu_nonce)
         VALUES ('hip', 'a0000000-0000-0000-0000-0000000002{artefact}', gen_random_uuid(), gen_random_uuid(), TIMESTAMPTZ '{from}', TIMESTAMPTZ '{to}', 'https://hiu.example/push', now(), 'MFkw', 'n0nce')"
    )
}

#[test]
fn health_information_requests_stay_within_their_consent() {
    let db = seeded();
    let mut c = db.connect();
    // Exactly the consent's window: allowed.
    allowed(
        &mut c,
        &hi_request("01", "2025-01-01 00:00+05:30", "2025-12-31 23:59:59+05:30"),
    );
    allowed(
        &mut c,
        &hi_request("01", "2025-03-01 00:00+05:30", "2025-03-31 00:00+05:30"),
    );
    // One second outside on either side: refused.
    let m = refused(
        &mut c,
        &hi_request("01", "2024-12-31 23:59:59+05:30", "2025-06-01 00:00+05:30"),
        "23514",
    );
    assert!(m.contains("outside the consent"), "{m}");
    refused(
        &mut c,
        &hi_request("01", "2025-06-01 00:00+05:30", "2026-01-01 00:00+05:30"),
        "23514",
    );
    // Revoked, expired, and granted but past its erase time: refused.
    for (artefact, word) in [("02", "REVOKED"), ("03", "EXPIRED"), ("04", "expired at")] {
        let m = refused(
            &mut c,
            &hi_request(artefact, "2025-03-01 00:00+05:30", "2025-03-31 00:00+05:30"),
            "55000",
        );
        assert!(m.contains(word), "{artefact}: {m}");
    }
    // Widening an existing request beyond the consent is refused too.
    refused(
        &mut c,
        "UPDATE abdm.health_information_requests SET date_to = TIMESTAMPTZ '2026-02-01 00:00+05:30' WHERE date_from = TIMESTAMPTZ '2025-03-01 00:00+05:30'",
        "23514",
    );
}

#[test]
fn records_are_retained_and_soft_deleted_rows_are_frozen() {
    let db = seeded();
    let mut c = db.connect();
    allowed(
        &mut c,
        &assign(BED1, "now() - interval '2 days'", "admission"),
    );
    // The application has no DELETE privilege at all.
    refused(&mut c, "DELETE FROM clinical.bed_assignments", "42501");
    // The owner is refused by the trigger unless it sets the checked bypass.
    let e = c
        .batch_execute("DELETE FROM clinical.bed_assignments")
        .unwrap_err();
    assert_eq!(sqlstate(&e), "42501");
    assert!(
        hims_testdb::pg_error_message(&e).contains("retained"),
        "{e:?}"
    );
    // A role with DELETE that is not a member of hims_owner gets nowhere with the setting.
    let role = format!("hims_t_maint_{}", std::process::id());
    {
        let _guard = hims_tests::cluster_lock();
        let mut tx = c.transaction().unwrap();
        tx.batch_execute(&format!(
            "CREATE ROLE {role} NOLOGIN;
             GRANT USAGE ON SCHEMA clinical, core TO {role};
             GRANT SELECT, DELETE ON clinical.bed_assignments TO {role};
             SET LOCAL ROLE {role};
             SELECT set_config('app.tenant_id', '{TENANT}', true);
             SET LOCAL hims.allow_hard_delete = on;"
        ))
        .unwrap();
        let e = tx
            .batch_execute("DELETE FROM clinical.bed_assignments")
            .unwrap_err();
        assert_eq!(sqlstate(&e), "42501");
        assert!(
            hims_testdb::pg_error_message(&e).contains("retained"),
            "{e:?}"
        );
        tx.rollback().unwrap();
    }
    // The owner with the setting may (maintenance, e.g. a test patient).
    let mut tx = c.transaction().unwrap();
    tx.batch_execute("SET LOCAL hims.allow_hard_delete = on")
        .unwrap();
    let n = tx
        .execute("DELETE FROM clinical.bed_assignments", &[])
        .unwrap();
    assert_eq!(n, 1);
    tx.rollback().unwrap();

    // Soft delete, then the row is frozen for the application; only the owner restores it.
    allowed(
        &mut c,
        &format!("UPDATE clinical.beds SET deleted_at = now() WHERE id = '{BED3}'"),
    );
    let m = refused(
        &mut c,
        &format!("UPDATE clinical.beds SET bed_number = 'G-33' WHERE id = '{BED3}'"),
        "55000",
    );
    assert!(m.contains("soft-deleted"), "{m}");
    refused(
        &mut c,
        &format!("UPDATE clinical.beds SET deleted_at = NULL WHERE id = '{BED3}'"),
        "55000",
    );
    c.batch_execute(&format!(
        "UPDATE clinical.beds SET deleted_at = NULL WHERE id = '{BED3}'"
    ))
    .unwrap();
    allowed(
        &mut c,
        &format!("UPDATE clinical.beds SET bed_number = 'G-33' WHERE id = '{BED3}'"),
    );
}

#[test]
fn the_request_id_reaches_the_audit_log() {
    let db = seeded();
    let mut c = db.connect();
    let mut tx = c.transaction().unwrap();
    tx.batch_execute(&format!(
        "SET LOCAL ROLE hims_app;
         SELECT set_config('app.tenant_id', '{TENANT}', true), set_config('app.request_id', 'req-42', true);
         UPDATE core.patients SET first_name = 'Asha Devi' WHERE id = '{PATIENT}';"
    ))
    .unwrap();
    tx.commit().unwrap();
    let id: Option<String> = one(
        &mut c,
        &format!(
            "SELECT request_id FROM core.audit_log WHERE row_id = '{PATIENT}' AND action = 'update'"
        ),
    );
    assert_eq!(id.as_deref(), Some("req-42"));
    // Unset (or emptied by a pooled session): NULL, not ''.
    allowed(
        &mut c,
        &format!("UPDATE core.patients SET first_name = 'Asha' WHERE id = '{PATIENT}'"),
    );
    let unset: i64 = one(
        &mut c,
        &format!(
            "SELECT count(*) FROM core.audit_log WHERE row_id = '{PATIENT}' AND action = 'update' AND request_id IS NULL"
        ),
    );
    assert_eq!(unset, 1);
}

#[test]
fn verhoeff_check_digit() {
    let db = hims_db();
    let mut c = db.connect();
    for (digits, valid) in [
        ("2363", Some(true)),         // the textbook example: 236 with check digit 3
        ("2364", Some(false)),        // wrong check digit
        ("999999990019", Some(true)), // UIDAI's published test Aadhaar number
        ("999999990018", Some(false)),
        ("2633", Some(false)), // transposition caught
        ("", Some(false)),
        ("23a3", Some(false)),
        ("0", Some(true)),
    ] {
        let got: Option<bool> = c
            .query_one("SELECT core.verhoeff_is_valid($1)", &[&digits])
            .unwrap()
            .get(0);
        assert_eq!(got, valid, "{digits:?}");
    }
    let null: Option<bool> = one(&mut c, "SELECT core.verhoeff_is_valid(NULL)");
    assert_eq!(null, None);
}

#[test]
fn code_systems_keep_their_release_and_take_updates() {
    let db = hims_db();
    let mut c = db.connect();
    c.batch_execute(
        "INSERT INTO core.code_systems (code, uri, name, code_system_version) VALUES ('LOINC', 'http://loinc.org', 'LOINC', '2.77');
         UPDATE core.code_systems SET publisher = 'Regenstrief' WHERE code = 'LOINC';
         INSERT INTO core.value_sets (code, name, value_set_version, status) VALUES ('vitals', 'Vital signs', '2024.1', 'active');
         UPDATE core.value_sets SET name = 'Vital sign codes' WHERE code = 'vitals';",
    )
    .unwrap();
    let r = c
        .query_one(
            "SELECT code_system_version, version FROM core.code_systems WHERE code = 'LOINC'",
            &[],
        )
        .unwrap();
    assert_eq!(
        (r.get::<_, String>(0), r.get::<_, i32>(1)),
        ("2.77".into(), 2)
    );
    let r = c
        .query_one(
            "SELECT value_set_version, version FROM core.value_sets WHERE code = 'vitals'",
            &[],
        )
        .unwrap();
    assert_eq!(
        (r.get::<_, String>(0), r.get::<_, i32>(1)),
        ("2024.1".into(), 2)
    );
}

#[test]
fn gateway_messages_are_partitioned_and_tenantless_messages_belong_to_the_worker() {
    let db = seeded();
    let mut c = db.connect();
    let kind: String = one(
        &mut c,
        "SELECT relkind::text FROM pg_class WHERE oid = 'abdm.gateway_messages'::regclass",
    );
    assert_eq!(kind, "p");
    let created: i32 = one(
        &mut c,
        "SELECT core.create_monthly_partitions('abdm.gateway_messages', 1)",
    );
    assert_eq!(created, 2);
    let insert = |tenant: &str| {
        format!(
            "INSERT INTO abdm.gateway_messages (tenant_id, direction, api_path, request_id) VALUES ({tenant}, 'inbound_callback', '/v3/hip/patient/care-context/discover', gen_random_uuid())"
        )
    };
    // The worker records a gateway-level message before its tenant is known.
    let as_worker = |c: &mut Client, tenant: Option<&str>, sql: &str| {
        let mut tx = c.transaction()?;
        tx.batch_execute(&format!(
            "SET LOCAL ROLE hims_abdm_worker; SELECT set_config('app.tenant_id', '{}', true);",
            tenant.unwrap_or("")
        ))?;
        let rows = tx.query(sql, &[])?;
        tx.commit()?;
        Ok::<_, postgres::Error>(rows)
    };
    as_worker(&mut c, None, &insert("NULL")).unwrap();
    let partition: String = one(
        &mut c,
        "SELECT tableoid::regclass::text FROM abdm.gateway_messages WHERE tenant_id IS NULL",
    );
    assert!(
        partition.starts_with("abdm.gateway_messages_y"),
        "lands in this month's partition: {partition}"
    );
    // The application cannot: a NULL tenant is filled from its session (row meta), and
    // another tenant is refused by RLS. It does not see the worker's message.
    allowed(&mut c, &insert("NULL"));
    refused(&mut c, &insert(&format!("'{OTHER_TENANT}'")), "42501");
    let own: i64 = one(
        &mut c,
        &format!("SELECT count(*) FROM abdm.gateway_messages WHERE tenant_id = '{TENANT}'"),
    );
    assert_eq!(own, 1, "the application's NULL became its own tenant");
    let seen = allowed(&mut c, "SELECT count(*) FROM abdm.gateway_messages");
    assert_eq!(seen[0].get::<_, i64>(0), 1);
    // The worker resolves the tenant; then tenant A's application sees it.
    let n = as_worker(
        &mut c,
        Some(TENANT),
        &format!("UPDATE abdm.gateway_messages SET tenant_id = '{TENANT}' WHERE tenant_id IS NULL RETURNING id"),
    )
    .unwrap()
    .len();
    assert_eq!(n, 1);
    let seen = allowed(&mut c, "SELECT count(*) FROM abdm.gateway_messages");
    assert_eq!(seen[0].get::<_, i64>(0), 2);
    // Once set, the tenant never changes (not even to another the worker acts for).
    let e = as_worker(
        &mut c,
        Some(OTHER_TENANT),
        &format!("UPDATE abdm.gateway_messages SET processing_status = 'failed' WHERE tenant_id = '{TENANT}' RETURNING id"),
    )
    .unwrap();
    assert!(
        e.is_empty(),
        "the worker acting for B does not see A's messages"
    );
    let e = c
        .batch_execute(&format!(
            "UPDATE abdm.gateway_messages SET tenant_id = '{OTHER_TENANT}'"
        ))
        .unwrap_err();
    assert_eq!(sqlstate(&e), "23000");
}

#[test]
fn role_settings_are_in_force_at_login() {
    let db = hims_db();
    // Another test's undo may reset the roles' settings (cluster-wide) meanwhile.
    let _guard = hims_tests::cluster_lock();
    let mut ro = Client::connect(&db.conn_str_as("hims_readonly"), NoTls).unwrap();
    let e = ro
        .batch_execute("SELECT set_config('app.tenant_id', 'a0000000-0000-0000-0000-000000000000', false); UPDATE core.patients SET first_name = first_name")
        .unwrap_err();
    assert_eq!(sqlstate(&e), "25006", "the read-only role cannot write");
    let n: i64 = ro
        .query_one("SELECT count(*) FROM core.patients", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 0, "it still reads, through RLS");
    let mut app = Client::connect(&db.conn_str_as("hims_app"), NoTls).unwrap();
    let r = app
        .query_one(
            "SELECT current_setting('statement_timeout'), current_setting('idle_in_transaction_session_timeout')",
            &[],
        )
        .unwrap();
    assert_eq!(
        (r.get::<_, String>(0), r.get::<_, String>(1)),
        ("30s".into(), "1min".into())
    );
}

/// plpgsql_check over every PL/pgSQL function of the schema, each trigger function with
/// every table it is attached to: no errors, no warnings.
#[test]
fn plpgsql_check_finds_nothing() {
    let db = hims_db();
    let mut c = db.connect();
    let available: bool = one(
        &mut c,
        "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'plpgsql_check')",
    );
    assert!(
        available,
        "the plpgsql_check extension is not installed on this server: install the Debian package \
         postgresql-15-plpgsql-check (`.ci/run` does) and run again"
    );
    c.batch_execute("CREATE EXTENSION plpgsql_check").unwrap();
    // (function, table) pairs: trigger functions with each table they are attached to (the
    // parent of a partitioned table), other functions alone.
    let targets: Vec<(String, Option<String>)> = c
        .query(
            "SELECT p.oid::regprocedure::text, t.tgrelid::regclass::text
               FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               JOIN pg_language l ON l.oid = p.prolang AND l.lanname = 'plpgsql'
               LEFT JOIN pg_trigger t ON t.tgfoid = p.oid AND NOT t.tgisinternal AND t.tgparentid = 0
              WHERE n.nspname IN ('core', 'clinical', 'billing', 'abdm', 'laboratory')
              ORDER BY 1, 2",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let mut findings = Vec::new();
    let mut unattached = Vec::new();
    for (function, table) in &targets {
        let is_trigger: bool = c
            .query_one(
                "SELECT prorettype = 'trigger'::regtype FROM pg_proc WHERE oid = $1::text::regprocedure",
                &[function],
            )
            .unwrap()
            .get(0);
        if is_trigger && table.is_none() {
            unattached.push(function.clone());
            continue;
        }
        let rows = c
            .query(
                "SELECT level, coalesce(lineno::text, '-'), message, coalesce(detail, ''), coalesce(query, '')
                   FROM plpgsql_check_function_tb($1::text::regprocedure, coalesce($2::text::regclass, 0),
                                                  fatal_errors => false, other_warnings => true,
                                                  extra_warnings => true, performance_warnings => false)",
                &[function, table],
            )
            .unwrap_or_else(|e| panic!("{function} on {table:?}: {}", hims_testdb::pg_error_message(&e)));
        for r in rows {
            findings.push(format!(
                "{function} on {}: line {}: {}: {} {} {}",
                table.as_deref().unwrap_or("-"),
                r.get::<_, String>(1),
                r.get::<_, String>(0),
                r.get::<_, String>(2),
                r.get::<_, String>(3),
                r.get::<_, String>(4),
            ));
        }
    }
    assert!(
        unattached.is_empty(),
        "trigger functions attached to no table: {unattached:?}"
    );
    assert!(
        findings.is_empty(),
        "plpgsql_check found {} problem(s):\n{}",
        findings.len(),
        findings.join("\n")
    );
    // Not vacuous: every rule function was checked, the row-meta trigger on every table.
    let checked: Vec<&str> = targets.iter().map(|(f, _)| f.as_str()).collect();
    for f in [
        "billing.tg_invoice_immutable()",
        "billing.tg_allocation_totals()",
        "clinical.tg_bed_assignment_sync()",
        "laboratory.tg_result_flags()",
        "abdm.tg_hi_request_within_consent()",
        "core.tg_forbid_hard_delete()",
        "core.tg_guard_soft_deleted()",
        "core.verhoeff_is_valid(text)",
        "core.tg_set_row_meta()",
        "core.tg_audit()",
        "core.next_number(core.sequence_kind,uuid,date)",
    ] {
        assert!(checked.contains(&f), "{f} was not checked: {checked:?}");
    }
    assert!(targets.len() > 250, "only {} checks", targets.len());
}

#[derive(Table)]
#[table(schema = "core", name = "terminologies", compliance)]
pub struct Terminology {
    #[column(primary_key)]
    pub id: Uuid,
    pub version: String,
    pub created_at: String,
}
#[derive(Table)]
#[table(schema = "core", name = "local_things", tenant_scoped)]
pub struct LocalThing {
    #[column(primary_key)]
    pub id: Uuid,
    pub tenant_id: Option<Uuid>,
}

/// A declared column whose name a convention also adds is refused, naming the Rust item
/// and field (the clash that broke core.code_systems).
#[test]
fn declared_columns_clashing_with_a_convention_are_refused() {
    let mut b = ModelBuilder::new();
    b.schema("core", "");
    b.tenancy(hims_dsl::Tenancy {
        tenants: hims_dsl::objects::qn("core.local_things"),
        current_tenant: "NULL::uuid".into(),
        policy_name: "tenant_isolation".into(),
        policy_roles: Vec::new(),
        existing_rows: None,
    });
    b.table::<Terminology>().table::<LocalThing>();
    let report = b.build().expect_err("clashes are refused").to_string();
    for expected in [
        "core.terminologies.version (Terminology.version)",
        "core.terminologies.created_at (Terminology.created_at)",
        "core.local_things.tenant_id (LocalThing.tenant_id)",
        "#[table(compliance)]",
        "#[table(tenant_scoped)]",
    ] {
        assert!(
            report.contains(expected),
            "{expected} missing from:\n{report}"
        );
    }
}

/// The released migrations after V006 on a database at V006 holding data: the result equals
/// a fresh head database, the data survives (a code system's release, gateway messages with
/// their row metadata), and the undo scripts bring it back to V006 with the data intact.
#[test]
fn migrating_a_v006_database_with_data_keeps_it_and_undoes() {
    use hims_migrations::history::{LockFile, Prefix, parse_migration_name};
    let dir = hims_tests::generated_dir().join("migrations");
    let lock = LockFile::parse(
        &std::fs::read_to_string(hims_tests::generated_dir().join("migrations.lock")).unwrap(),
    )
    .unwrap();
    let files: Vec<(Prefix, u32, std::path::PathBuf)> = lock
        .entries
        .iter()
        .filter(|e| e.file_name.ends_with(".sql"))
        .filter_map(|e| {
            let m = parse_migration_name(&e.file_name)?;
            Some((m.prefix, m.version.as_u32()?, dir.join(&e.file_name)))
        })
        .collect();
    let forward: Vec<&std::path::PathBuf> = files
        .iter()
        .filter(|(p, _, _)| *p == Prefix::Versioned)
        .map(|(_, _, f)| f)
        .collect();
    let after_v006: Vec<(u32, &std::path::PathBuf)> = files
        .iter()
        .filter(|(p, v, _)| *p == Prefix::Versioned && *v > 6)
        .map(|(_, v, f)| (*v, f))
        .collect();
    assert!(
        !after_v006.is_empty(),
        "the rules ship as migrations after V006"
    );

    let schemas = ["abdm", "billing", "clinical", "core", "laboratory"];
    let catalog = |db: &hims_testdb::TestDb| {
        hims_tests::ignoring_column_order(
            &hims_pg::introspect(&mut db.connect(), &schemas).unwrap(),
        )
    };
    let fresh = hims_db();
    let db = hims_testdb::TestDb::new();
    let guard = hims_tests::cluster_lock();
    for f in forward
        .iter()
        .filter(|f| !after_v006.iter().any(|(_, g)| g == *f))
    {
        hims_tests::apply_migration(&db, f).unwrap();
    }
    drop(guard);
    let at_v006 = catalog(&db);
    let mut c = db.connect();
    // At V006 the row-meta trigger clobbers a code system's version; data loaded around it
    // (a bulk load with triggers off) holds the real release, which must survive.
    c.batch_execute(&format!(
        "INSERT INTO core.tenants (id, code, legal_name, display_name) VALUES ('{TENANT}', 'alpha', 'Alpha', 'Alpha');
         SET session_replication_role = replica;
         INSERT INTO core.code_systems (code, uri, name, version) VALUES ('LOINC', 'http://loinc.org', 'LOINC', '2.77');
         INSERT INTO core.value_sets (code, name, version, status) VALUES ('vitals', 'Vital signs', '2024.1', 'active');
         INSERT INTO abdm.gateway_messages (id, tenant_id, direction, api_path, request_id, received_or_sent_at, created_at, version)
         SELECT ('00000000-0000-0000-0000-0000000000' || lpad(n::text, 2, '0'))::uuid, '{TENANT}', 'inbound_callback', '/v3/consents/hip/notify',
                gen_random_uuid(), TIMESTAMPTZ '2025-05-01 10:00+05:30' + n * interval '1 day', TIMESTAMPTZ '2025-01-01 00:00+00', 3
           FROM generate_series(1, 40) n;
         SET session_replication_role = origin;"
    ))
    .unwrap();
    let messages = |c: &mut Client| -> Vec<(Uuid, String, i32)> {
        c.query(
            "SELECT id, created_at::text, version FROM abdm.gateway_messages ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
    };
    let before = messages(&mut c);
    assert_eq!(before.len(), 40);

    let guard = hims_tests::cluster_lock();
    for (_, f) in &after_v006 {
        hims_tests::apply_migration(&db, f).unwrap();
    }
    drop(guard);
    hims_tests::assert_same_model(&catalog(&fresh), &catalog(&db), "V006 + deltas vs head");
    let r = c
        .query_one(
            "SELECT code_system_version, version FROM core.code_systems WHERE code = 'LOINC'",
            &[],
        )
        .unwrap();
    assert_eq!(
        (r.get::<_, String>(0), r.get::<_, i32>(1)),
        ("2.77".into(), 1)
    );
    let r: String = one(
        &mut c,
        "SELECT value_set_version FROM core.value_sets WHERE code = 'vitals'",
    );
    assert_eq!(r, "2024.1");
    assert_eq!(
        messages(&mut c),
        before,
        "every message with its row metadata"
    );
    let kind: String = one(
        &mut c,
        "SELECT relkind::text FROM pg_class WHERE oid = 'abdm.gateway_messages'::regclass",
    );
    assert_eq!(kind, "p");
    // Updates work again (they failed at V006: varchar + integer).
    c.batch_execute("UPDATE core.code_systems SET publisher = 'Regenstrief' WHERE code = 'LOINC'")
        .unwrap();
    let v: i32 = one(
        &mut c,
        "SELECT version FROM core.code_systems WHERE code = 'LOINC'",
    );
    assert_eq!(v, 2);

    // A gateway-level message (no tenant yet) cannot go back to V006's NOT NULL tenant_id:
    // the undo refuses, saying so, and changes nothing.
    c.batch_execute(
        "INSERT INTO abdm.gateway_messages (direction, api_path, request_id) VALUES ('inbound_request', '/v3/hip/patient/share', gen_random_uuid())",
    )
    .unwrap();
    // Undo, newest first, back to V006 (it resets cluster-wide role settings: hold the lock).
    let guard = hims_tests::cluster_lock();
    for (v, _) in after_v006.iter().rev() {
        let undo = files
            .iter()
            .find(|(p, w, _)| *p == Prefix::Undo && w == v)
            .unwrap_or_else(|| panic!("U{v:03} missing"));
        let text = std::fs::read_to_string(&undo.2).unwrap();
        if text.contains("cannot rebuild abdm.gateway_messages") {
            let refusal = hims_tests::apply_migration(&db, &undo.2).unwrap_err();
            assert!(refusal.contains("1 rows have NULL tenant_id"), "{refusal}");
            let kind: String = one(
                &mut c,
                "SELECT relkind::text FROM pg_class WHERE oid = 'abdm.gateway_messages'::regclass",
            );
            assert_eq!(kind, "p", "the refused undo changed nothing");
            c.batch_execute("DELETE FROM abdm.gateway_messages WHERE tenant_id IS NULL")
                .unwrap();
        }
        hims_tests::apply_migration(&db, &undo.2).unwrap();
    }
    // Roles are shared by the cluster: put their head settings back for the other tests.
    hims_testdb::TestDb::new()
        .psql_file(&hims_tests::head_script_path())
        .unwrap();
    drop(guard);
    hims_tests::assert_same_model(&at_v006, &catalog(&db), "after the undo scripts");
    let r: String = one(
        &mut c,
        "SELECT version FROM core.code_systems WHERE code = 'LOINC'",
    );
    assert_eq!(r, "2.77", "the release is back in its V006 column");
    assert_eq!(messages(&mut c), before);
}
