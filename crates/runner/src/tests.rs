//! Unit tests of the pure parts: keys, DDL, names, sidecars, placeholders, analysis.

use crate::analyze::*;
use crate::execute::*;
use crate::files::*;
use crate::history::*;
use crate::lock::*;
use crate::*;
use hims_migrations::history::{Prefix, Version};
use std::path::PathBuf;

#[test]
fn lock_keys_match_flyway() {
    assert_eq!(
        java_string_hash("\"public\".\"flyway_schema_history\""),
        2125624436
    );
    assert_eq!(lock_key("public", "flyway_schema_history"), 77433833903597);
    assert_eq!(
        java_string_hash("\"myschema\".\"flyway_schema_history\""),
        -260354672
    );
    assert_eq!(
        lock_key("myschema", "flyway_schema_history"),
        77431447924489
    );
    assert_eq!(FLYWAY_LOCK_BASE, 77431708279161);
    // Java hashes UTF-16 code units: a character outside the BMP is two of them.
    assert_eq!(java_string_hash("😀"), 0xD83D * 31 + 0xDE00);
}

#[test]
fn history_ddl_is_flyways() {
    let sql = create_history_table_sql("public", "flyway_schema_history", None);
    assert!(sql.starts_with("CREATE TABLE \"public\".\"flyway_schema_history\" (\n    \"installed_rank\" INT NOT NULL,\n"));
    assert!(sql.contains("ALTER TABLE \"public\".\"flyway_schema_history\" ADD CONSTRAINT \"flyway_schema_history_pk\" PRIMARY KEY (\"installed_rank\");"));
    assert!(sql.contains("CREATE INDEX \"flyway_schema_history_s_idx\" ON \"public\".\"flyway_schema_history\" (\"success\");"));
}

#[test]
fn abbreviations() {
    assert_eq!(abbreviate_description("short"), "short");
    let long = "x".repeat(250);
    let d = abbreviate_description(&long);
    assert_eq!(d.chars().count(), 200);
    assert!(d.ends_with("..."));
    let s = abbreviate_script(&format!("abc{}", "y".repeat(1200)));
    assert_eq!(s.chars().count(), 1000);
    assert!(s.starts_with("...yyy"));
}

#[test]
fn sidecars() {
    let s = parse_sidecar("# c\nexecuteInTransaction=false\n", "x").unwrap();
    assert_eq!(s.execute_in_transaction, Some(false));
    let s = parse_sidecar("executeInTransaction = TRUE\nencoding=UTF-8\n", "x").unwrap();
    assert_eq!(s.execute_in_transaction, Some(true));
    assert!(parse_sidecar("nonsense=1", "x").is_err());
    assert!(parse_sidecar("encoding=ISO-8859-1", "x").is_err());
    assert!(parse_sidecar("shouldExecute=true", "x").is_err());
}

fn placeholders(pairs: &[(&str, &str)]) -> Placeholders {
    Placeholders {
        values: pairs
            .iter()
            .map(|(k, v)| (k.to_lowercase(), v.to_string()))
            .collect(),
    }
}

#[test]
fn placeholder_replacement() {
    let p = placeholders(&[("Owner", "hims_owner"), ("flyway:table", "fsh")]);
    assert_eq!(
        p.replace(
            "ALTER TABLE t OWNER TO ${owner}; -- ${OWNER} in ${flyway:table} ${flyway:filename}",
            "V1__x.sql"
        )
        .unwrap(),
        "ALTER TABLE t OWNER TO hims_owner; -- hims_owner in fsh V1__x.sql"
    );
    assert!(
        p.replace("SELECT '${nope}'", "f")
            .unwrap_err()
            .contains("No value provided for placeholder: ${nope}")
    );
    assert!(
        p.replace("${flyway:nope}", "f")
            .unwrap_err()
            .contains("default placeholder")
    );
    assert_eq!(
        p.replace("SELECT '${unclosed'", "f").unwrap(),
        "SELECT '${unclosed'"
    );
    assert_eq!(
        p.replace("no placeholders", "f").unwrap(),
        "no placeholders"
    );
}

fn file(prefix: Prefix, v: &str, desc: &str, checksum: i32) -> ResolvedMigration {
    let name = format!("{}{}__{}.sql", prefix.letter(), v, desc.replace(' ', "_"));
    ResolvedMigration {
        prefix,
        version: Version::parse(v).unwrap(),
        description: desc.to_string(),
        script: name.clone(),
        file_name: name.clone(),
        path: PathBuf::from(&name),
        checksum,
        sql: String::new(),
        execute_in_transaction: None,
        placeholder_replacement: None,
    }
}

fn row(
    rank: i32,
    v: Option<&str>,
    desc: &str,
    kind: &str,
    script: &str,
    checksum: Option<i32>,
    success: bool,
) -> HistoryRow {
    HistoryRow {
        installed_rank: rank,
        version: v.map(str::to_string),
        description: desc.to_string(),
        kind: kind.to_string(),
        script: script.to_string(),
        checksum,
        installed_on: "2026-01-01 00:00:00".to_string(),
        installed_by: "postgres".to_string(),
        execution_time: 1,
        success,
    }
}

fn states(a: &Analysis) -> Vec<(String, State)> {
    a.entries
        .iter()
        .map(|e| (e.script.clone(), e.state))
        .collect()
}

#[test]
fn new_empty_database_starts_from_the_newest_baseline_migration() {
    let files = vec![
        file(Prefix::Versioned, "001", "a", 1),
        file(Prefix::Versioned, "002", "b", 2),
        file(Prefix::Baseline, "002", "all", 20),
        file(Prefix::Versioned, "003", "c", 3),
        file(Prefix::Baseline, "009", "future", 90),
    ];
    let a = analyze(&files, &[], true, false).unwrap();
    let plan: Vec<&str> = a.plan.iter().map(|&i| files[i].script.as_str()).collect();
    assert_eq!(plan, ["B002__all.sql", "V003__c.sql"]);
    assert!(a.problems.is_empty());
    assert_eq!(
        states(&a),
        [
            ("V001__a.sql".to_string(), State::BelowBaseline),
            ("B002__all.sql".to_string(), State::Pending),
            ("V002__b.sql".to_string(), State::BaselineIgnored),
            ("V003__c.sql".to_string(), State::Pending),
            ("B009__future.sql".to_string(), State::Unused),
        ]
    );
    // Not empty (or not fresh): versioned files from the start, baselines unused.
    let a = analyze(&files, &[], false, false).unwrap();
    let plan: Vec<&str> = a.plan.iter().map(|&i| files[i].script.as_str()).collect();
    assert_eq!(plan, ["V001__a.sql", "V002__b.sql", "V003__c.sql"]);
}

#[test]
fn validation_finds_every_problem() {
    let files = vec![
        file(Prefix::Versioned, "1", "a", 1),
        file(Prefix::Versioned, "2", "b", 2),
        file(Prefix::Versioned, "3", "c", 3),
        file(Prefix::Versioned, "5", "e", 5),
        file(Prefix::Versioned, "6", "f", 6),
    ];
    let rows = vec![
        // '1.0' matches V1 (numeric versions); checksum changed.
        row(1, Some("1.0"), "a", "SQL", "V1__a.sql", Some(100), true),
        // V2 applied, description changed.
        row(2, Some("2"), "old b", "SQL", "V2__b.sql", Some(2), true),
        // V4's file is gone.
        row(3, Some("4"), "d", "SQL", "V4__d.sql", Some(4), true),
        row(4, Some("5"), "e", "SQL", "V5__e.sql", Some(5), true),
        // A future migration (above every file) is accepted.
        row(5, Some("7"), "g", "SQL", "V7__g.sql", Some(7), true),
    ];
    let a = analyze(&files, &rows, false, false).unwrap();
    let messages: Vec<&str> = a.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages.len(), 5, "{messages:#?}");
    assert!(messages[0].starts_with("Migration checksum mismatch for migration version 1.0 (V1__a.sql)\n-> Applied to database : 100\n-> Resolved locally    : 1"));
    assert!(messages[1].starts_with("Migration description mismatch for migration version 2"));
    assert!(
        messages[2].starts_with("Detected applied migration not resolved locally: 4 (V4__d.sql)")
    );
    assert!(messages[3].contains(
        "not applied to database: 3 (V3__c.sql), older than the newest applied version 7"
    ));
    // V6 is older than the future V7 already applied: ignored too, as in Flyway.
    assert!(messages[4].contains("6 (V6__f.sql), older than the newest applied version 7"));
    assert!(a.pending.is_empty());
    // Out of order allowed: V3 becomes pending and is applied before V6.
    let a = analyze(&files, &rows, false, true).unwrap();
    assert_eq!(a.problems.len(), 3);
    let plan: Vec<&str> = a.plan.iter().map(|&i| files[i].script.as_str()).collect();
    assert_eq!(plan, ["V3__c.sql", "V6__f.sql"]);
}

#[test]
fn baseline_rows_hide_older_files() {
    let files = vec![
        file(Prefix::Versioned, "1", "a", 1),
        file(Prefix::Versioned, "2", "b", 2),
        file(Prefix::Versioned, "3", "c", 3),
    ];
    let rows = vec![row(
        1,
        Some("2"),
        BASELINE_DESCRIPTION,
        "BASELINE",
        BASELINE_DESCRIPTION,
        None,
        true,
    )];
    let a = analyze(&files, &rows, false, false).unwrap();
    assert!(a.problems.is_empty());
    assert_eq!(
        states(&a),
        [
            (BASELINE_DESCRIPTION.to_string(), State::Baseline),
            ("V1__a.sql".to_string(), State::BelowBaseline),
            ("V2__b.sql".to_string(), State::BaselineIgnored),
            ("V3__c.sql".to_string(), State::Pending),
        ]
    );
    assert_eq!(a.plan, [2]);
    assert_eq!(a.current_version.unwrap().display(), "2");
    assert!(a.undo_target.is_none());
}

#[test]
fn undo_rows_make_a_version_pending_again() {
    let files = vec![
        file(Prefix::Versioned, "1", "a", 1),
        file(Prefix::Versioned, "2", "b", 2),
        file(Prefix::Undo, "2", "b", 22),
    ];
    let rows = vec![
        row(1, Some("1"), "a", "SQL", "V1__a.sql", Some(1), true),
        row(2, Some("2"), "b", "SQL", "V2__b.sql", Some(2), true),
    ];
    let a = analyze(&files, &rows, false, false).unwrap();
    assert_eq!(a.undo_target.as_ref().unwrap().0.display(), "2");
    assert_eq!(a.entries.last().unwrap().state, State::Available);
    let mut rows = rows;
    rows.push(row(
        3,
        Some("2"),
        "b",
        "UNDO_SQL",
        "U2__b.sql",
        Some(22),
        true,
    ));
    let a = analyze(&files, &rows, false, false).unwrap();
    assert!(a.problems.is_empty(), "{:?}", a.problems);
    assert_eq!(a.plan, [1]);
    assert_eq!(a.entries[1].state, State::Undone);
    assert_eq!(a.entries[2].state, State::Success);
    assert_eq!(a.undo_target.as_ref().unwrap().0.display(), "1");
    // Applied again: not out of order, and undoable again.
    rows.push(row(4, Some("2"), "b", "SQL", "V2__b.sql", Some(2), true));
    let a = analyze(&files, &rows, false, false).unwrap();
    assert!(a.problems.is_empty());
    assert!(a.plan.is_empty());
    assert_eq!(a.entries[3].state, State::Success);
    assert_eq!(a.undo_target.as_ref().unwrap().0.display(), "2");
}

#[test]
fn failed_rows_are_problems() {
    let files = vec![file(Prefix::Versioned, "1", "a", 1)];
    let rows = vec![row(1, Some("1"), "a", "SQL", "V1__a.sql", Some(1), false)];
    let a = analyze(&files, &rows, false, false).unwrap();
    assert_eq!(a.entries[0].state, State::Failed);
    assert!(
        a.problems[0]
            .message
            .starts_with("Detected failed migration to version 1 (a, V1__a.sql")
    );
    assert!(a.plan.is_empty());
}
