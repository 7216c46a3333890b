use super::*;

/// The rule names squawk reports for `sql` with `options`, in finding order.
fn rules_with(sql: &str, options: &LintOptions) -> Vec<String> {
    lint_with(sql, options)
        .unwrap_or_else(|error| panic!("{error}\n{sql}"))
        .into_iter()
        .map(|finding| finding.rule)
        .collect()
}

/// The rule names squawk reports for `sql` with no configuration.
fn rules(sql: &str) -> Vec<String> {
    rules_with(sql, &LintOptions::default())
}

fn has(rules: &[String], rule: &str) -> bool {
    rules.iter().any(|found| found == rule)
}

/// The hims profile for a migration Flyway runs outside a transaction.
fn hims_outside_transaction() -> LintOptions {
    LintOptions {
        assume_in_transaction: false,
        ..LintOptions::hims()
    }
}

// ---- unsafe forms: the specific squawk rule fires, with and without the hims profile ----

#[track_caller]
fn assert_fires(sql: &str, rule: &str) {
    for options in [
        LintOptions::default(),
        LintOptions::hims(),
        hims_outside_transaction(),
    ] {
        let found = rules_with(sql, &options);
        assert!(
            has(&found, rule),
            "{rule} not in {found:?} for {options:?}\n{sql}"
        );
    }
}

#[test]
fn create_index_without_concurrently_fires_require_concurrent_index_creation() {
    assert_fires(
        "CREATE INDEX t_a_idx ON t (a);",
        "require-concurrent-index-creation",
    );
}

#[test]
fn add_not_null_column_without_default_fires_adding_required_field() {
    assert_fires(
        "ALTER TABLE t ADD COLUMN c int NOT NULL;",
        "adding-required-field",
    );
}

#[test]
fn add_foreign_key_without_not_valid_fires_adding_foreign_key_constraint() {
    let sql = "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id);";
    assert_fires(sql, "adding-foreign-key-constraint");
    assert_fires(sql, "constraint-missing-not-valid");
}

#[test]
fn set_not_null_fires_adding_not_nullable_field() {
    assert_fires(
        "ALTER TABLE t ALTER COLUMN c SET NOT NULL;",
        "adding-not-nullable-field",
    );
}

#[test]
fn alter_column_type_fires_changing_column_type() {
    assert_fires(
        "ALTER TABLE t ALTER COLUMN c TYPE bigint;",
        "changing-column-type",
    );
}

#[test]
fn rename_column_fires_renaming_column() {
    assert_fires("ALTER TABLE t RENAME COLUMN a TO b;", "renaming-column");
}

#[test]
fn drop_table_fires_ban_drop_table() {
    assert_fires("DROP TABLE t;", "ban-drop-table");
}

#[test]
fn add_check_without_not_valid_fires_constraint_missing_not_valid() {
    assert_fires(
        "ALTER TABLE t ADD CONSTRAINT c_positive CHECK (c > 0);",
        "constraint-missing-not-valid",
    );
}

#[test]
fn statements_without_if_exists_fire_prefer_robust_stmts_outside_a_transaction() {
    let found = rules("CREATE INDEX CONCURRENTLY t_a_idx ON t (a);\nDROP TABLE t;");
    assert_eq!(
        found
            .iter()
            .filter(|rule| *rule == "prefer-robust-stmts")
            .count(),
        2,
        "{found:?}"
    );
    // In Flyway's transaction a failed migration rolls back whole: squawk does not ask.
    assert!(!has(
        &rules_with("DROP TABLE t;", &LintOptions::hims()),
        "prefer-robust-stmts"
    ));
}

// ---- safe forms: no finding for the corresponding rule ----

#[test]
fn create_index_concurrently_if_not_exists_is_safe() {
    let sql = "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_a_idx ON t (a);";
    for options in [LintOptions::default(), hims_outside_transaction()] {
        let found = rules_with(sql, &options);
        assert!(
            !has(&found, "require-concurrent-index-creation"),
            "{found:?}"
        );
        assert!(!has(&found, "prefer-robust-stmts"), "{found:?}");
        assert!(
            !has(&found, "ban-concurrent-index-creation-in-transaction"),
            "{found:?}"
        );
    }
}

#[test]
fn create_index_concurrently_in_flyway_transaction_fires_ban_concurrent_index_creation_in_transaction()
 {
    let sql = "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_a_idx ON t (a);\n\
               CREATE INDEX CONCURRENTLY IF NOT EXISTS t_b_idx ON t (b);";
    let found = rules_with(sql, &LintOptions::hims());
    assert!(
        has(&found, "ban-concurrent-index-creation-in-transaction"),
        "{found:?}"
    );
    assert!(
        !has(&found, "require-concurrent-index-creation"),
        "{found:?}"
    );
    // Squawk takes a file of one statement to run on its own (as Flyway runs a migration
    // that builds an index concurrently): no finding then.
    let single = rules_with(
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_a_idx ON t (a);",
        &LintOptions::hims(),
    );
    assert!(
        !has(&single, "ban-concurrent-index-creation-in-transaction"),
        "{single:?}"
    );
}

#[test]
fn index_on_table_created_in_the_same_migration_is_safe_in_a_transaction() {
    let sql = "CREATE TABLE t (a bigint);\nCREATE INDEX t_a_idx ON t (a);";
    let found = rules_with(sql, &LintOptions::hims());
    assert!(
        !has(&found, "require-concurrent-index-creation"),
        "{found:?}"
    );
    // Without the transaction squawk cannot know the table is still empty.
    assert!(has(&rules(sql), "require-concurrent-index-creation"));
}

const NOT_VALID_THEN_VALIDATE: &str = "\
ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id) NOT VALID;
ALTER TABLE t VALIDATE CONSTRAINT fk;
ALTER TABLE t ADD CONSTRAINT c_positive CHECK (c > 0) NOT VALID;
ALTER TABLE t VALIDATE CONSTRAINT c_positive;
";

#[test]
fn not_valid_then_validate_is_safe() {
    for options in [LintOptions::default(), hims_outside_transaction()] {
        let found = rules_with(NOT_VALID_THEN_VALIDATE, &options);
        assert!(!has(&found, "constraint-missing-not-valid"), "{found:?}");
        assert!(!has(&found, "adding-foreign-key-constraint"), "{found:?}");
    }
}

#[test]
fn not_valid_and_validate_in_one_flyway_transaction_fires_constraint_missing_not_valid() {
    let findings = lint_with(NOT_VALID_THEN_VALIDATE, &LintOptions::hims()).unwrap();
    let flagged: Vec<usize> = findings
        .iter()
        .filter(|finding| finding.rule == "constraint-missing-not-valid")
        .map(|finding| finding.line)
        .collect();
    // The VALIDATE lines: the validation would hold the ADD's lock until commit.
    assert_eq!(flagged, [2, 4], "{findings:#?}");
    assert!(
        !findings
            .iter()
            .any(|finding| finding.rule == "adding-foreign-key-constraint"),
        "{findings:#?}"
    );
}

#[test]
fn nullable_column_with_constant_default_is_safe() {
    let sql = "ALTER TABLE t ADD COLUMN IF NOT EXISTS c bigint DEFAULT 0;";
    for options in [
        LintOptions::default(),
        LintOptions::hims(),
        hims_outside_transaction(),
    ] {
        let found = rules_with(sql, &options);
        for rule in [
            "adding-field-with-default",
            "adding-required-field",
            "adding-not-nullable-field",
            "prefer-robust-stmts",
        ] {
            assert!(!has(&found, rule), "{rule} in {found:?}");
        }
    }
}

#[test]
fn pg_version_reaches_squawk() {
    // A constant default rewrites the table before PostgreSQL 11 only.
    let sql = "ALTER TABLE t ADD COLUMN IF NOT EXISTS c bigint DEFAULT 0;";
    let old = LintOptions {
        pg_version: Some(10),
        ..LintOptions::default()
    };
    assert!(has(&rules_with(sql, &old), "adding-field-with-default"));
    assert!(!has(&rules(sql), "adding-field-with-default"));
    // A volatile default rewrites the table on every version.
    let volatile = "ALTER TABLE t ADD COLUMN IF NOT EXISTS c uuid DEFAULT gen_random_uuid();";
    assert!(has(
        &rules_with(volatile, &LintOptions::hims()),
        "adding-field-with-default"
    ));
}

// ---- parsing ----

const DO_AND_FUNCTION: &str = r#"-- idempotent pieces, as hims-render writes them
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conname = 'fk') THEN
        ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id);
    END IF;
END $$;
CREATE OR REPLACE FUNCTION "core"."touch"() RETURNS trigger LANGUAGE plpgsql AS $hims$
BEGIN
    NEW.updated_at := now(); -- a ; and a $$ in a comment
    RETURN NEW;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'hims_app') THEN
        CREATE ROLE "hims_app" LOGIN NOBYPASSRLS;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$hims$;
"#;

#[test]
fn do_block_and_dollar_quoted_function_parse() {
    lint(DO_AND_FUNCTION).unwrap();
    lint_with(DO_AND_FUNCTION, &LintOptions::hims()).unwrap();
}

#[test]
fn squawk_alone_does_not_see_inside_do_blocks() {
    let found = rules(DO_AND_FUNCTION);
    assert!(!has(&found, "adding-foreign-key-constraint"), "{found:?}");
    assert!(!has(&found, "constraint-missing-not-valid"), "{found:?}");
}

#[test]
fn do_block_statements_are_linted_where_they_are_written() {
    let findings = lint_with(DO_AND_FUNCTION, &LintOptions::hims()).unwrap();
    let fk: Vec<(&str, usize, &str)> = findings
        .iter()
        .filter(|finding| finding.rule.contains("constraint"))
        .map(|finding| {
            (
                finding.rule.as_str(),
                finding.line,
                finding.statement.as_str(),
            )
        })
        .collect();
    let statement = "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id);";
    assert_eq!(
        fk,
        [
            ("adding-foreign-key-constraint", 4, statement),
            ("constraint-missing-not-valid", 4, statement),
        ],
        "{findings:#?}"
    );
    // The IF NOT EXISTS test around it makes it rerunnable, which squawk cannot see.
    let outside = lint_with(DO_AND_FUNCTION, &hims_outside_transaction()).unwrap();
    assert!(
        !outside
            .iter()
            .any(|finding| finding.rule == "prefer-robust-stmts" && finding.line == 4),
        "{outside:#?}"
    );
}

#[test]
fn do_block_on_table_created_in_the_same_migration_is_safe_in_a_transaction() {
    let sql = "CREATE TABLE IF NOT EXISTS t (a uuid, id uuid PRIMARY KEY);\n\
               DO $$ BEGIN\n\
               IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 't_a_fkey') THEN\n\
               ALTER TABLE t ADD CONSTRAINT t_a_fkey FOREIGN KEY (a) REFERENCES t (id);\n\
               END IF;\n\
               END $$;";
    let found = rules_with(sql, &LintOptions::hims());
    assert!(!has(&found, "adding-foreign-key-constraint"), "{found:?}");
    assert!(!has(&found, "constraint-missing-not-valid"), "{found:?}");
}

#[test]
fn syntax_error_names_the_line() {
    let error =
        lint("CREATE TABLE t (a bigint);\nALTER TABLE t ADD COLUMN;\nSELECT 1;\n").unwrap_err();
    let LintError::Parse {
        line, ref excerpt, ..
    } = error
    else {
        panic!("{error:?}");
    };
    assert_eq!(line, 2);
    assert_eq!(excerpt, "ALTER TABLE t ADD COLUMN;");
    assert!(
        error
            .to_string()
            .starts_with("SQL does not parse at line 2, column "),
        "{error}"
    );
}

#[test]
fn unterminated_dollar_quote_is_a_syntax_error() {
    let error = lint("SELECT 1;\nDO $hims$ BEGIN NULL; END;\n").unwrap_err();
    assert!(
        matches!(error, LintError::Parse { line: 2, .. }),
        "{error:?}"
    );
}

// ---- options and output ----

#[test]
fn excluded_rules_are_not_reported() {
    let sql = "DROP TABLE t;";
    assert!(has(&rules(sql), "ban-drop-table"));
    let options = LintOptions {
        excluded_rules: vec!["ban-drop-table".to_owned()],
        ..LintOptions::default()
    };
    assert!(!has(&rules_with(sql, &options), "ban-drop-table"));
}

#[test]
fn unknown_excluded_rule_is_an_error() {
    let options = LintOptions {
        excluded_rules: vec!["no-such-rule".to_owned()],
        ..LintOptions::default()
    };
    assert_eq!(
        lint_with("SELECT 1;", &options),
        Err(LintError::UnknownRule("no-such-rule".to_owned()))
    );
}

#[test]
fn hims_profile_leaves_out_type_rules_only() {
    let sql = "CREATE TABLE t (a int, b smallint, c varchar(10), d char(2));";
    let all = rules(sql);
    for excluded in HIMS_EXCLUDED_RULES {
        assert!(has(&all, excluded.rule), "{} not in {all:?}", excluded.rule);
    }
    let hims = rules_with(sql, &LintOptions::hims());
    assert!(
        HIMS_EXCLUDED_RULES
            .iter()
            .all(|excluded| !has(&hims, excluded.rule)),
        "{hims:?}"
    );
}

#[test]
fn findings_are_sorted_by_line_then_rule_and_deterministic() {
    let sql = "ALTER TABLE t RENAME COLUMN a TO b;\n\
               -- a comment\n\
               ALTER TABLE t ALTER COLUMN c TYPE bigint, ALTER COLUMN c SET NOT NULL;\n\
               DROP TABLE u;\n";
    let findings = lint(sql).unwrap();
    let keys: Vec<(usize, &str)> = findings
        .iter()
        .map(|finding| (finding.line, finding.rule.as_str()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(
        findings.iter().map(|finding| finding.line).max(),
        Some(4),
        "{findings:#?}"
    );
    assert!(findings.iter().all(|finding| finding.line != 2));
    assert_eq!(lint(sql).unwrap(), findings);
}

#[test]
fn finding_names_the_statement_line_and_first_line() {
    let sql = "SELECT 1;\n\n-- drop it\nDROP\n  TABLE t;\n";
    let findings = lint(sql).unwrap();
    let drop = findings
        .iter()
        .find(|finding| finding.rule == "ban-drop-table")
        .unwrap();
    assert_eq!(drop.line, 4);
    assert_eq!(drop.statement, "DROP");
    assert_eq!(drop.message, "Dropping a table may break existing clients.");
}

// ---- catalogue snapshot ----

/// Small scripts, one per hazard, with the findings squawk reports on each.
const CATALOGUE: &[(&str, &str)] = &[
    ("create index", "CREATE INDEX t_a_idx ON t (a);"),
    (
        "create index concurrently",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_a_idx ON t (a);",
    ),
    (
        "add not null column",
        "ALTER TABLE t ADD COLUMN c int NOT NULL;",
    ),
    (
        "add nullable column with default",
        "ALTER TABLE t ADD COLUMN IF NOT EXISTS c bigint DEFAULT 0;",
    ),
    (
        "add foreign key",
        "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (id);",
    ),
    ("not valid, then validate", NOT_VALID_THEN_VALIDATE),
    ("set not null", "ALTER TABLE t ALTER COLUMN c SET NOT NULL;"),
    ("change type", "ALTER TABLE t ALTER COLUMN c TYPE bigint;"),
    ("rename column", "ALTER TABLE t RENAME COLUMN a TO b;"),
    ("drop table", "DROP TABLE t;"),
    (
        "add check",
        "ALTER TABLE t ADD CONSTRAINT c_positive CHECK (c > 0);",
    ),
    ("do block and function", DO_AND_FUNCTION),
];

fn render(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "    (none)\n".to_owned();
    }
    findings
        .iter()
        .map(|finding| {
            format!(
                "    {}: {} — {}\n",
                finding.line, finding.rule, finding.message
            )
        })
        .collect()
}

#[test]
fn catalogue_snapshot() {
    let mut out = String::new();
    for (name, sql) in CATALOGUE {
        out.push_str(&format!("== {name}\n-- squawk defaults\n"));
        out.push_str(&render(&lint(sql).unwrap()));
        out.push_str("-- hims (Flyway transaction, PostgreSQL 15, DO blocks)\n");
        out.push_str(&render(&lint_with(sql, &LintOptions::hims()).unwrap()));
    }
    insta::assert_snapshot!(out);
}
