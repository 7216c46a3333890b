//! Each view on a small seeded hospital (tests/fixtures/views_seed.sql), read as the
//! application role so that row-level security applies through `security_invoker`.

use hims_tests::{as_app, hims_db};
use uuid::Uuid;

const ALPHA: &str = "a0000000-0000-0000-0000-000000000000";
const BETA: &str = "b0000000-0000-0000-0000-000000000000";

fn seeded() -> hims_testdb::TestDb {
    let db = hims_db();
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/views_seed.sql");
    db.psql_file(&seed).expect("seed data applies");
    db
}

fn tenant(t: &str) -> Option<Uuid> {
    Some(t.parse().unwrap())
}

/// Rows of `sql` for tenant `t`, every column cast to text by the query itself.
fn rows(db: &hims_testdb::TestDb, t: Option<Uuid>, sql: &str) -> Vec<Vec<Option<String>>> {
    let mut c = db.connect();
    as_app(&mut c, t, None, sql)
        .unwrap_or_else(|e| panic!("{sql}: {}", hims_testdb::pg_error_message(&e)))
        .iter()
        .map(|r| {
            (0..r.len())
                .map(|i| r.get::<_, Option<String>>(i))
                .collect()
        })
        .collect()
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn active_admissions_show_current_inpatients_with_their_bed() {
    let db = seeded();
    let sql =
        "SELECT ip_number, mrn, patient_name, ward_name, bed_number, length_of_stay_days::text,
                      payer_category::text, attending_practitioner
                 FROM clinical.v_active_admissions ORDER BY ip_number";
    assert_eq!(
        rows(&db, tenant(ALPHA), sql),
        [[
            s("IPN-1"),
            s("UHID-1"),
            s("Asha Patil"),
            s("General Ward A"),
            s("G-1"),
            s("3"),
            s("insurance"),
            s("Dr Meera Rao")
        ]],
        "the discharged patient and the other tenant's inpatient are not listed"
    );
    let beta = rows(&db, tenant(BETA), sql);
    assert_eq!(beta.len(), 1);
    assert_eq!(beta[0][1], s("B-1"));
    assert!(rows(&db, None, sql).is_empty(), "no tenant, no rows");
}

#[test]
fn bed_occupancy_counts_beds_per_ward() {
    let db = seeded();
    let sql = "SELECT ward_code, total_beds::text, occupied_beds::text, available_beds::text, blocked_beds::text
                 FROM clinical.v_bed_occupancy";
    assert_eq!(
        rows(&db, tenant(ALPHA), sql),
        [[s("GEN-A"), s("3"), s("1"), s("1"), s("1")]]
    );
    assert!(rows(&db, tenant(BETA), sql).is_empty());
}

#[test]
fn outstanding_invoices_net_out_payments_and_issued_credit_notes() {
    let db = seeded();
    let sql =
        "SELECT invoice_number, net_amount::text, amount_allocated::text, amount_credited::text,
                      balance_due::text, age_days::text, ageing_bucket, payer_name
                 FROM billing.v_outstanding_invoices";
    assert_eq!(
        rows(&db, tenant(ALPHA), sql),
        [[
            s("INV-1"),
            s("1000.00"),
            s("400.00"),
            s("100.00"),
            s("500.00"),
            s("45"),
            s("31-60"),
            s("Star Health")
        ]],
        "INV-2 is paid, INV-3 is a draft, the draft credit note does not count"
    );
    assert!(rows(&db, tenant(BETA), sql).is_empty());
}

#[test]
fn pending_results_flag_turnaround_breaches() {
    let db = seeded();
    let sql = "SELECT order_number, test_code, priority::text, tat_breached::text,
                      (due_at - ordered_at)::text
                 FROM laboratory.v_pending_results ORDER BY order_number";
    assert_eq!(
        rows(&db, tenant(ALPHA), sql),
        [
            [s("LAB-1"), s("CBC"), s("stat"), s("true"), s("00:30:00")],
            [
                s("LAB-2"),
                s("CBC"),
                s("routine"),
                s("false"),
                s("01:00:00")
            ],
        ],
        "the reported LFT is not pending; STAT orders use the STAT turnaround"
    );
}

#[test]
fn consent_status_expires_artefacts_past_their_erase_time() {
    let db = seeded();
    let sql = "SELECT artefact_id, notified_status::text, effective_status::text
                 FROM abdm.v_consent_status ORDER BY artefact_id";
    assert_eq!(
        rows(&db, tenant(ALPHA), sql),
        [
            [s("ART-NEW"), s("GRANTED"), s("GRANTED")],
            [s("ART-OLD"), s("GRANTED"), s("EXPIRED")]
        ]
    );
}

#[test]
fn user_permissions_list_only_assignments_in_force() {
    let db = seeded();
    let sql = "SELECT user_id::text, permission_code FROM core.v_user_permissions";
    assert_eq!(
        rows(&db, tenant(ALPHA), sql),
        [[
            s("a0000000-0000-0000-0000-0000000000e1"),
            s("clinical.prescription.sign")
        ]],
        "the expired cashier assignment grants nothing"
    );
}
