//! Multi-tenancy, audit and numbering, on a real server with V001 applied.

use hims_tests::{as_app, hims_db, sqlstate};
use postgres::Client;
use uuid::Uuid;

const SCHEMAS: &str = "'core','clinical','billing','abdm','laboratory'";

/// Tables with a `tenant_id` column, read from the catalog (not from a hand-kept list).
fn tenant_tables(c: &mut Client) -> Vec<(String, String)> {
    c.query(
        &format!(
            "SELECT n.nspname::text, c.relname::text FROM pg_class c
               JOIN pg_namespace n ON n.oid = c.relnamespace
               JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
              WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname IN ({SCHEMAS})
              ORDER BY 1, 2"
        ),
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect()
}

#[test]
fn every_tenant_table_forces_row_level_security_with_a_policy() {
    let db = hims_db();
    let mut c = db.connect();
    let tables = tenant_tables(&mut c);
    assert!(tables.len() >= 75, "only {} tenant tables", tables.len());
    let mut wrong = Vec::new();
    for (s, t) in &tables {
        let row = c
            .query_one(
                "SELECT c.relrowsecurity, c.relforcerowsecurity,
                        (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)
                   FROM pg_class c WHERE c.oid = format('%I.%I', $1::text, $2::text)::regclass",
                &[s, t],
            )
            .unwrap();
        let (enabled, forced, policies): (bool, bool, i64) = (row.get(0), row.get(1), row.get(2));
        if !enabled || !forced || policies == 0 {
            wrong.push(format!(
                "{s}.{t}: enabled={enabled} forced={forced} policies={policies}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "tenant tables without forced RLS and a policy:\n{}",
        wrong.join("\n")
    );
}

/// A value of the column's type for a synthetic row (checks and foreign keys are dropped
/// inside the test transaction, so only the type and NOT NULL matter).
fn sample_value(ty: &str, enum_type: Option<&str>, max_len: Option<i32>) -> String {
    if let Some(e) = enum_type {
        return format!(
            "(SELECT enumlabel FROM pg_enum WHERE enumtypid = '{e}'::regtype ORDER BY enumsortorder LIMIT 1)::{e}"
        );
    }
    if ty.ends_with("[]") {
        return "'{}'".into();
    }
    match ty {
        "uuid" => "gen_random_uuid()".into(),
        "boolean" => "true".into(),
        "smallint" | "integer" | "bigint" | "real" | "double precision" => "1".into(),
        t if t.starts_with("numeric") => "1".into(),
        "date" => "current_date".into(),
        "timestamp with time zone" | "timestamp without time zone" => "now()".into(),
        "time without time zone" => "'10:00'".into(),
        "interval" => "'1 day'".into(),
        "jsonb" | "json" => "'{}'".into(),
        "inet" => "'127.0.0.1'".into(),
        "bytea" => "'\\x00'".into(),
        "xid8" => "pg_current_xact_id()".into(),
        _ => {
            let n = max_len.unwrap_or(12).clamp(1, 64);
            format!("substr(repeat(md5(random()::text), 2), 1, {n})")
        }
    }
}

#[test]
fn rows_of_one_tenant_are_invisible_to_another_on_every_tenant_table() {
    let db = hims_db();
    let mut c = db.connect();
    let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
    let tables = tenant_tables(&mut c);
    let mut failures = Vec::new();
    let mut checked = 0;
    for (s, t) in &tables {
        if s == "core" && t == "audit_log" {
            continue; // written only by the audit trigger; covered by the audit tests
        }
        let qualified = format!("\"{s}\".\"{t}\"");
        let cols = c
            .query(
                "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod),
                        CASE WHEN ty.typtype = 'e' THEN format_type(a.atttypid, NULL) END,
                        CASE WHEN a.atttypmod > 4 AND format_type(a.atttypid, NULL) IN ('character varying', 'character') THEN a.atttypmod - 4 END
                   FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid
                  WHERE a.attrelid = $1::text::regclass AND a.attnum > 0 AND NOT a.attisdropped
                    AND a.attnotnull AND NOT a.atthasdef AND a.attidentity = '' AND a.attgenerated = ''
                    AND a.attname <> 'tenant_id'",
                &[&qualified],
            )
            .unwrap();
        let names: Vec<String> = cols
            .iter()
            .map(|r| format!("\"{}\"", r.get::<_, String>(0)))
            .collect();
        let values: Vec<String> = cols
            .iter()
            .map(|r| sample_value(r.get(1), r.get::<_, Option<&str>>(2), r.get(3)))
            .collect();
        let insert = |tenant: Uuid| {
            let mut n = vec!["\"tenant_id\"".to_string()];
            n.extend(names.iter().cloned());
            let mut v = vec![format!("'{tenant}'")];
            v.extend(values.iter().cloned());
            format!(
                "INSERT INTO {qualified} ({}) VALUES ({})",
                n.join(", "),
                v.join(", ")
            )
        };
        let mut tx = c.transaction().unwrap();
        // Only row-level security is under test: drop this table's checks and foreign
        // keys for the length of the (rolled back) transaction.
        tx.batch_execute(&format!(
            "DO $$ DECLARE r record; BEGIN
               FOR r IN SELECT conname FROM pg_constraint WHERE conrelid = '{qualified}'::regclass AND contype IN ('c', 'f') LOOP
                 EXECUTE format('ALTER TABLE {qualified} DROP CONSTRAINT %I', r.conname);
               END LOOP; END $$;
             SET LOCAL ROLE hims_app;"
        ))
        .unwrap();
        let set_tenant = |tx: &mut postgres::Transaction, t: Option<Uuid>| {
            tx.execute(
                "SELECT set_config('app.tenant_id', $1, true)",
                &[&t.map(|t| t.to_string()).unwrap_or_default()],
            )
            .unwrap();
        };
        let count = |tx: &mut postgres::Transaction| -> i64 {
            tx.query_one(&format!("SELECT count(*) FROM {qualified}"), &[])
                .unwrap()
                .get(0)
        };
        set_tenant(&mut tx, Some(a));
        if let Err(e) = tx.batch_execute(&insert(a)) {
            failures.push(format!(
                "{s}.{t}: tenant A cannot insert its own row: {}",
                hims_testdb::pg_error_message(&e)
            ));
            continue;
        }
        let seen_by_a = count(&mut tx);
        set_tenant(&mut tx, Some(b));
        let seen_by_b = count(&mut tx);
        set_tenant(&mut tx, None);
        let seen_without_tenant = count(&mut tx);
        set_tenant(&mut tx, Some(a));
        tx.batch_execute("SAVEPOINT other_tenant").unwrap();
        let foreign_insert = tx.batch_execute(&insert(b));
        tx.batch_execute("ROLLBACK TO SAVEPOINT other_tenant")
            .unwrap();
        let moved = tx.batch_execute(&format!("UPDATE {qualified} SET tenant_id = '{b}'"));
        tx.rollback().unwrap();
        if (seen_by_a, seen_by_b, seen_without_tenant) != (1, 0, 0) {
            failures.push(format!(
                "{s}.{t}: rows seen by A/B/no tenant = {seen_by_a}/{seen_by_b}/{seen_without_tenant}, expected 1/0/0"
            ));
        }
        match foreign_insert {
            Err(e) if sqlstate(&e) == "42501" => {}
            other => failures.push(format!("{s}.{t}: inserting a row of tenant B while acting as A was not refused by RLS: {other:?}")),
        }
        if moved.is_ok() {
            failures.push(format!("{s}.{t}: a row could be moved to tenant B"));
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} tenant-isolation failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 75, "only {checked} tables checked");
}

/// A tenant with one facility and the user acting in it; returns (tenant, facility, user).
fn seed_tenant(c: &mut Client, code: &str) -> (Uuid, Uuid, Uuid) {
    let (tenant, facility, user) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    c.batch_execute(&format!(
        "INSERT INTO core.states (gst_code, iso_code, name, is_union_territory)
              VALUES ('27', 'IN-MH', 'Maharashtra', false) ON CONFLICT DO NOTHING;
         INSERT INTO core.tenants (id, code, legal_name, display_name) VALUES ('{tenant}', '{code}', '{code} Hospitals Pvt Ltd', '{code}');
         INSERT INTO core.facilities (id, tenant_id, code, name, facility_type, state_code)
              VALUES ('{facility}', '{tenant}', 'MUM', 'Mumbai Central', 'hospital', '27');"
    ))
    .unwrap();
    (tenant, facility, user)
}

#[test]
fn the_application_sees_only_its_own_tenant_row() {
    let db = hims_db();
    let mut c = db.connect();
    let (a, _, _) = seed_tenant(&mut c, "alpha");
    seed_tenant(&mut c, "beta");
    let rows = as_app(&mut c, Some(a), None, "SELECT code FROM core.tenants").unwrap();
    let codes: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
    assert_eq!(codes, ["alpha"]);
    assert!(
        as_app(&mut c, None, None, "SELECT code FROM core.tenants")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn audit_trigger_records_changes_and_the_log_cannot_be_altered() {
    let db = hims_db();
    let mut c = db.connect();
    let (tenant, facility, user) = seed_tenant(&mut c, "alpha");
    let patient = Uuid::new_v4();
    as_app(
        &mut c,
        Some(tenant),
        Some(user),
        &format!(
            "INSERT INTO core.patients (id, mrn, first_name, gender, year_of_birth, registered_facility_id, aadhaar_ref_token)
             VALUES ('{patient}', 'UHID-1', 'Asha', 'female', 1980, '{facility}', 'vault:secret')"
        ),
    )
    .unwrap();
    let meta = |c: &mut Client| -> (i32, String) {
        let r = c
            .query_one(
                &format!(
                    "SELECT version, updated_at::text FROM core.patients WHERE id = '{patient}'"
                ),
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    let (v1, at1) = meta(&mut c);
    as_app(
        &mut c,
        Some(tenant),
        Some(user),
        &format!("UPDATE core.patients SET first_name = 'Asha Devi' WHERE id = '{patient}'"),
    )
    .unwrap();
    let (v2, at2) = meta(&mut c);
    assert_eq!((v1, v2), (1, 2), "version moves on update");
    assert!(at2 > at1, "updated_at moves on update: {at1} -> {at2}");
    as_app(
        &mut c,
        Some(tenant),
        Some(user),
        &format!("UPDATE core.patients SET deleted_at = now() WHERE id = '{patient}'"),
    )
    .unwrap();
    // Hard delete needs the owner: the application role has no DELETE privilege.
    let refused = as_app(
        &mut c,
        Some(tenant),
        Some(user),
        &format!("DELETE FROM core.patients WHERE id = '{patient}'"),
    );
    assert_eq!(sqlstate(&refused.unwrap_err()), "42501");
    c.batch_execute(&format!("DELETE FROM core.patients WHERE id = '{patient}'"))
        .unwrap();

    let log = c
        .query(
            &format!(
                "SELECT action::text, old_data, new_data, changed_columns, actor_user_id, tenant_id
                   FROM core.audit_log WHERE table_name = 'patients' AND row_id = '{patient}' ORDER BY id"
            ),
            &[],
        )
        .unwrap();
    let actions: Vec<String> = log.iter().map(|r| r.get(0)).collect();
    assert_eq!(actions, ["insert", "update", "soft_delete", "delete"]);
    let text = |r: &postgres::Row, i: usize| -> Option<String> {
        r.get::<_, Option<postgres::types::Json<serde_json::Value>>>(i)
            .map(|j| j.0.to_string())
    };
    let insert_new = text(&log[0], 2).unwrap();
    assert!(
        insert_new.contains("\"first_name\":\"Asha\""),
        "{insert_new}"
    );
    assert!(
        !insert_new.contains("vault:secret"),
        "secrets must not reach the audit log: {insert_new}"
    );
    assert!(text(&log[0], 1).is_none(), "an insert has no old row");
    let update_old = text(&log[1], 1).unwrap();
    assert!(
        update_old.contains("\"first_name\":\"Asha\""),
        "{update_old}"
    );
    let changed: Vec<String> = log[1].get(3);
    assert!(
        changed.contains(&"first_name".to_string()) && changed.contains(&"version".to_string()),
        "{changed:?}"
    );
    assert!(text(&log[3], 2).is_none(), "a delete has no new row");
    assert_eq!(
        log[1].get::<_, Option<Uuid>>(4),
        Some(user),
        "actor is app.user_id"
    );
    assert_eq!(log[1].get::<_, Option<Uuid>>(5), Some(tenant));

    // The application role can neither read, change nor delete audit rows; nobody can
    // change or delete them, not even the owner.
    for sql in [
        "SELECT count(*) FROM core.audit_log",
        "UPDATE core.audit_log SET reason = 'tampered'",
        "DELETE FROM core.audit_log",
    ] {
        let e = as_app(&mut c, Some(tenant), Some(user), sql).unwrap_err();
        assert_eq!(sqlstate(&e), "42501", "{sql}: {e:?}");
    }
    for sql in [
        "UPDATE core.audit_log SET reason = 'tampered'",
        "DELETE FROM core.audit_log",
        "TRUNCATE core.audit_log",
    ] {
        let e = c.batch_execute(sql).unwrap_err();
        assert!(
            hims_testdb::pg_error_message(&e).contains("append-only"),
            "{sql}: {e:?}"
        );
    }
}

#[test]
fn numbering_is_gap_free_and_per_tenant_under_concurrent_use() {
    let db = hims_db();
    let mut c = db.connect();
    let (a, facility_a, _) = seed_tenant(&mut c, "alpha");
    let (b, facility_b, _) = seed_tenant(&mut c, "beta");
    let next = |c: &mut Client, tenant: Uuid, facility: Uuid| -> String {
        as_app(
            c,
            Some(tenant),
            None,
            &format!("SELECT core.next_number('invoice', '{facility}', DATE '2025-06-15')"),
        )
        .unwrap()[0]
            .get(0)
    };
    const THREADS: usize = 8;
    const EACH: usize = 25;
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let conn = db.conn_str().to_string();
            std::thread::spawn(move || {
                let mut c = Client::connect(&conn, postgres::NoTls).unwrap();
                (0..EACH)
                    .map(|_| next(&mut c, a, facility_a))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut numbers: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    numbers.sort();
    let expected: Vec<String> = (1..=THREADS * EACH)
        .map(|n| format!("25-26/{n:06}"))
        .collect();
    assert_eq!(numbers, expected, "every number exactly once, no gaps");

    // A rolled-back call leaves no gap.
    let mut tx = c.transaction().unwrap();
    tx.batch_execute(&format!(
        "SET LOCAL ROLE hims_app; SELECT set_config('app.tenant_id', '{a}', true);
         SELECT core.next_number('invoice', '{facility_a}', DATE '2025-06-15');"
    ))
    .unwrap();
    tx.rollback().unwrap();
    assert_eq!(
        next(&mut c, a, facility_a),
        format!("25-26/{:06}", THREADS * EACH + 1)
    );
    // Tenants and financial years have their own series.
    assert_eq!(next(&mut c, b, facility_b), "25-26/000001");
    let april = as_app(
        &mut c,
        Some(a),
        None,
        &format!("SELECT core.next_number('invoice', '{facility_a}', DATE '2026-04-01')"),
    )
    .unwrap();
    assert_eq!(april[0].get::<_, String>(0), "26-27/000001");
    // Without a tenant there is no series to use.
    let e = as_app(
        &mut c,
        None,
        None,
        &format!("SELECT core.next_number('invoice', '{facility_a}', DATE '2025-06-15')"),
    )
    .unwrap_err();
    assert_eq!(sqlstate(&e), "42501");
}

#[test]
fn fiscal_year_and_abha_functions() {
    let db = hims_db();
    let mut c = db.connect();
    for (date, fy) in [
        ("2025-04-01", "2025-26"),
        ("2026-03-31", "2025-26"),
        ("2026-04-01", "2026-27"),
        ("1999-12-31", "1999-00"),
    ] {
        let got: String = c
            .query_one(&format!("SELECT core.fiscal_year_of(DATE '{date}')"), &[])
            .unwrap()
            .get(0);
        assert_eq!(got, fy, "{date}");
    }
    let row = c
        .query_one(
            "SELECT core.format_abha_number('12345678901234'), core.format_abha_number('1234'),
                    core.is_valid_abha_number('12345678901234'), core.is_valid_abha_number('1234567890123x')",
            &[],
        )
        .unwrap();
    assert_eq!(
        row.get::<_, Option<String>>(0).as_deref(),
        Some("12-3456-7890-1234")
    );
    assert_eq!(row.get::<_, Option<String>>(1), None);
    assert!(row.get::<_, bool>(2));
    assert!(!row.get::<_, bool>(3));
}

#[test]
fn every_foreign_key_is_served_by_an_index() {
    let db = hims_db();
    let mut c = db.connect();
    // An index serves a foreign key when its leading columns are the key's columns.
    let missing: Vec<String> = c
        .query(
            &format!(
                "SELECT con.conrelid::regclass::text || ' ' || con.conname
                   FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
                  WHERE con.contype = 'f' AND n.nspname IN ({SCHEMAS})
                    AND NOT EXISTS (
                        SELECT 1 FROM pg_index i
                         WHERE i.indrelid = con.conrelid AND i.indpred IS NULL
                           AND (i.indkey::int2[])[0:cardinality(con.conkey) - 1] @> con.conkey
                           AND (i.indkey::int2[])[0:cardinality(con.conkey) - 1] <@ con.conkey)
                  ORDER BY 1"
            ),
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let total: i64 = c
        .query_one(
            &format!(
                "SELECT count(*) FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
                  WHERE con.contype = 'f' AND n.nspname IN ({SCHEMAS})"
            ),
            &[],
        )
        .unwrap()
        .get(0);
    assert!(total > 200, "only {total} foreign keys");
    assert!(
        missing.is_empty(),
        "foreign keys without an index:\n{}",
        missing.join("\n")
    );
}

#[test]
fn audit_log_partitions_are_created_ahead_idempotently_and_receive_rows() {
    let db = hims_db();
    let mut c = db.connect();
    let created: i32 = c
        .query_one(
            "SELECT core.create_monthly_partitions('core.audit_log', 2)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(created, 3, "this month and the next two");
    let again: i32 = c
        .query_one(
            "SELECT core.create_monthly_partitions('core.audit_log', 2)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(again, 0, "a second run creates nothing");
    let (tenant, facility, _) = seed_tenant(&mut c, "alpha");
    c.batch_execute(&format!(
        "INSERT INTO core.patients (tenant_id, mrn, first_name, gender, year_of_birth, registered_facility_id)
         VALUES ('{tenant}', 'UHID-9', 'Kiran', 'other', 1999, '{facility}')"
    ))
    .unwrap();
    let partition: String = c
        .query_one(
            "SELECT tableoid::regclass::text FROM core.audit_log ORDER BY id DESC LIMIT 1",
            &[],
        )
        .unwrap()
        .get(0);
    let this_month: String = c
        .query_one(
            "SELECT 'core.audit_log_y' || to_char(now(), 'YYYY') || 'm' || to_char(now(), 'MM')",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        partition, this_month,
        "rows land in the month's partition, not the default"
    );
}
