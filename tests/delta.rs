//! Delta migrations on a real server: for each hand-written case (old model → new model),
//! the rendered delta is snapshotted, then applied to a database built from the old model;
//! the catalog must equal the new model, and the undo must bring it back to the old one.

use hims_diff::Change;
use hims_model::{
    Check, Column, ColumnType, DefaultValue, EnumType, ForeignKey, Index, IndexKey, Model, Policy,
    PolicyCommand, PrimaryKey, QualifiedName, RowSecurity, Schema, Table, Unique, View,
};
use hims_testdb::TestDb;
use hims_tests::{assert_same_model, ignoring_column_order};

const S: &str = "app";

fn col(name: &str, ty: &str, nullable: bool) -> Column {
    Column::new(name, ColumnType::parse(ty).unwrap(), nullable)
}

fn table(name: &str, columns: Vec<Column>) -> Table {
    let mut t = Table::new(S, name);
    t.columns.push(col("id", "integer", false));
    t.columns.extend(columns);
    t.primary_key = Some(PrimaryKey {
        name: format!("{name}_pkey"),
        columns: vec!["id".into()],
    });
    t
}

fn model(tables: Vec<Table>, enums: Vec<EnumType>, views: Vec<View>) -> Model {
    let mut m = Model {
        schemas: vec![Schema {
            name: S.into(),
            comment: None,
            origin: Default::default(),
        }],
        enums,
        tables,
        views,
        ..Default::default()
    };
    m.canonicalize();
    m
}

fn enum_type(name: &str, values: &[&str]) -> EnumType {
    EnumType {
        schema: S.into(),
        name: name.into(),
        values: values.iter().map(|v| v.to_string()).collect(),
        comment: None,
        origin: Default::default(),
        renamed_values: Vec::new(),
    }
}

fn index(name: &str, cols: &[&str]) -> Index {
    Index {
        name: name.into(),
        keys: cols.iter().map(|c| IndexKey::column(*c)).collect(),
        unique: false,
        method: Default::default(),
        predicate: None,
        include: Vec::new(),
        nulls_not_distinct: false,
    }
}

fn q(name: &str) -> QualifiedName {
    QualifiedName::new(S, name)
}

/// Run SQL through psql: in one transaction, or statement by statement.
fn apply(db: &TestDb, sql: &str, transactional: bool, what: &str) -> Result<(), String> {
    let path = std::env::temp_dir().join(format!(
        "hims-delta-{}-{}.sql",
        std::process::id(),
        uuid::Uuid::new_v4()
    ));
    std::fs::write(&path, sql).unwrap();
    let mut cmd = db.psql_command().unwrap();
    if transactional {
        cmd.arg("--single-transaction");
    }
    let out = cmd.arg("-f").arg(&path).output().unwrap();
    std::fs::remove_file(&path).ok();
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed:\n{}\n--- SQL ---\n{sql}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn catalog(db: &TestDb) -> Model {
    let mut c = db.connect();
    ignoring_column_order(&hims_pg::introspect(&mut c, &[S]).unwrap())
}

fn expected(db: &TestDb, m: &Model) -> Model {
    ignoring_column_order(&hims_pg::normalize(&mut db.connect(), m).unwrap())
}

/// Everything the plan writes, as one text for the snapshot.
fn rendered(a: &Model, b: &Model) -> (hims_migrations::delta::DeltaPlan, String) {
    let plan = hims_migrations::delta::plan(a, b);
    let mut text = String::new();
    for (i, f) in plan.files.iter().enumerate() {
        let header = hims_migrations::delta::FileHeader {
            file_name: &format!("file {} ({:?})", i + 1, f.phase),
            command: "test",
            from_snapshot: "a",
        };
        text.push_str(&hims_migrations::delta::render_forward(f, &header));
        text.push('\n');
        text.push_str(&hims_migrations::delta::render_undo(f, &header));
        text.push('\n');
    }
    (plan, text)
}

/// squawk findings our hazard model does not flag, on purpose, and why.
fn accepted(rule: &str, change: &Change) -> Option<&'static str> {
    use Change as C;
    Some(match (rule, change) {
        ("ban-drop-view", C::DropView(_)) => "the view is recreated in the same transaction",
        ("changing-column-type", C::AlterColumnType { from, to, .. }) if matches!((&from.ty, &to.ty), (ColumnType::Varchar(Some(a)), ColumnType::Varchar(Some(b))) if b >= a) => {
            "widening varchar is binary coercible: PostgreSQL neither rewrites nor scans"
        }
        (
            "prefer-robust-stmts",
            C::CreateIndex {
                concurrently: true, ..
            },
        ) => {
            "no IF NOT EXISTS on purpose: a failed concurrent build leaves an INVALID index a re-run must not skip"
        }
        ("prefer-robust-stmts", C::ValidateConstraint { .. } | C::SetNotNull { .. }) => {
            "validating again, or setting NOT NULL again, is harmless"
        }
        ("renaming-object", C::RenameConstraint { .. } | C::RenameIndex { .. }) => {
            "no query names a constraint or an index"
        }
        ("ban-drop-constraint", C::SetNotNull { .. }) => {
            "the temporary check goes once NOT NULL holds: the guarantee stays"
        }
        (
            "ban-drop-constraint",
            C::DropCheck { .. }
            | C::DropUnique { .. }
            | C::DropExclusion { .. }
            | C::DropForeignKey { .. }
            | C::DropPrimaryKey { .. },
        ) => "the definitions dropped it; a replacement, if any, follows in the same plan",
        ("adding-field-with-default", C::AddColumn { column, .. }) if !matches!(&column.default, Some(DefaultValue::Sql(e)) if e.contains("random") || e.contains("clock_timestamp")) => {
            "a constant default is metadata-only since PostgreSQL 11"
        }
        _ => return None,
    })
}

/// Run every forward file through squawk; a finding on a step that carries none of our
/// hazards must be an accepted, explained difference — else our hazard model missed it.
fn squawk_agrees(name: &str, plan: &hims_migrations::delta::DeltaPlan) {
    for (i, f) in plan.files.iter().enumerate() {
        let h = hims_migrations::delta::FileHeader {
            file_name: "f",
            command: "t",
            from_snapshot: "a",
        };
        let sql = hims_migrations::delta::render_forward(f, &h);
        let mut options = hims_lint::LintOptions::hims();
        options
            .excluded_rules
            .push("require-statement-timeout".into());
        options.assume_in_transaction = !f.non_transactional();
        let findings = hims_lint::lint_with(&sql, &options)
            .unwrap_or_else(|e| panic!("{name}: squawk cannot parse file {}: {e}", i + 1));
        // Line → step: steps start with `-- <n>. ` (the plan list above them is indented).
        let mut step_at_line = Vec::new();
        let mut current: Option<usize> = None;
        for line in sql.lines() {
            if let Some(rest) = line.strip_prefix("-- ")
                && let Some((n, _)) = rest.split_once(". ")
                && let Ok(n) = n.parse::<usize>()
            {
                current = Some(n - 1);
            }
            step_at_line.push(current);
        }
        for finding in findings {
            let Some(step) = step_at_line
                .get(finding.line - 1)
                .copied()
                .flatten()
                .map(|i| &f.steps[i])
            else {
                continue; // the SET lock_timeout preamble
            };
            if step.hazards.is_empty() && accepted(&finding.rule, &step.change).is_none() {
                panic!(
                    "{name}: squawk finds `{}` ({}) on step `{}`, which carries none of our hazards",
                    finding.rule,
                    finding.message,
                    step.change.describe()
                );
            }
        }
    }
}

/// a → b on a real server and back.
fn round_trip(name: &str, a: &Model, b: &Model, undo_refuses: bool) {
    let (plan, text) = rendered(a, b);
    insta::assert_snapshot!(name, text);
    squawk_agrees(name, &plan);
    assert!(!plan.is_empty(), "{name}: no changes found");
    let db = TestDb::new();
    let header = |n: &str| hims_render::BaselineHeader {
        file_name: n.into(),
        regenerate: "test".into(),
    };
    apply(
        &db,
        &hims_render::baseline(a, &header("a")),
        true,
        "baseline of a",
    )
    .unwrap();
    // Data in the old shape, so that constraint validation and type changes see rows.
    for (i, f) in plan.files.iter().enumerate() {
        let h = hims_migrations::delta::FileHeader {
            file_name: "f",
            command: "t",
            from_snapshot: "a",
        };
        let sql = hims_migrations::delta::render_forward(f, &h);
        apply(
            &db,
            &sql,
            !f.non_transactional(),
            &format!("{name}: forward file {}", i + 1),
        )
        .unwrap();
    }
    assert_same_model(
        &expected(&db, b),
        &catalog(&db),
        &format!("{name}: after the delta"),
    );
    for (i, f) in plan.files.iter().enumerate().rev() {
        let h = hims_migrations::delta::FileHeader {
            file_name: "f",
            command: "t",
            from_snapshot: "a",
        };
        let sql = hims_migrations::delta::render_undo(f, &h);
        let result = apply(
            &db,
            &sql,
            !f.non_transactional(),
            &format!("{name}: undo file {}", i + 1),
        );
        let refuses = f
            .steps
            .iter()
            .any(|s| matches!(s.change, hims_diff::Change::AddEnumValue { .. }));
        assert_eq!(
            refuses,
            undo_refuses && refuses,
            "{name}: unexpected irreversible step"
        );
        if refuses {
            let e = result.expect_err("the undo must refuse");
            assert!(e.contains("cannot undo"), "{e}");
            return;
        }
        result.unwrap();
    }
    assert_same_model(
        &expected(&db, a),
        &catalog(&db),
        &format!("{name}: after the undo"),
    );
}

#[test]
fn add_and_drop_table() {
    let a = model(
        vec![table("owners", vec![col("name", "text", false)])],
        vec![],
        vec![],
    );
    let mut pets = table(
        "pets",
        vec![
            col("owner_id", "integer", false),
            col("weight", "numeric(6,2)", true),
        ],
    );
    pets.foreign_keys.push(ForeignKey {
        name: "pets_owner_id_fkey".into(),
        columns: vec!["owner_id".into()],
        ref_table: q("owners"),
        ref_columns: vec!["id".into()],
        on_delete: hims_model::FkAction::Cascade,
        on_update: Default::default(),
    });
    pets.checks.push(Check {
        name: "pets_weight_positive".into(),
        expr: "weight > 0".into(),
    });
    pets.indexes.push(index("pets_owner_id_idx", &["owner_id"]));
    pets.row_security = Some(RowSecurity { force: true });
    pets.policies.push(Policy {
        name: "visible".into(),
        permissive: true,
        command: PolicyCommand::Select,
        roles: vec![],
        using: Some("weight IS NOT NULL".into()),
        with_check: None,
    });
    pets.comment = Some("Pets of owners".into());
    let b = model(vec![a.tables[0].clone(), pets], vec![], vec![]);
    round_trip("add_table", &a, &b, false);
    round_trip("drop_table", &b, &a, false);
}

#[test]
fn columns_added_dropped_renamed_and_retyped() {
    let a = model(
        vec![table(
            "patients",
            vec![
                col("code", "character varying(30)", true),
                col("notes", "text", true),
                col("old_name", "text", true),
                col("age", "integer", true),
            ],
        )],
        vec![],
        vec![],
    );
    let mut t = table(
        "patients",
        vec![
            col("code", "character varying(40)", true),
            col("full_name", "text", true),
            col("age", "bigint", true),
        ],
    );
    t.columns[2].renamed_from = Some("old_name".into());
    let mut flag = col("is_active", "boolean", false);
    flag.default = Some(DefaultValue::Boolean(true));
    t.columns.push(flag);
    let b = model(vec![t], vec![], vec![]);
    let (_, text) = rendered(&a, &b);
    assert!(
        text.contains("RENAME COLUMN \"old_name\" TO \"full_name\""),
        "{text}"
    );
    assert!(
        !text.contains("DROP COLUMN \"old_name\""),
        "a hinted rename keeps the data:\n{text}"
    );
    round_trip("columns", &a, &b, false);
}

#[test]
fn nullability_default_and_comment_change() {
    let mut c1 = col("status", "text", true);
    c1.default = Some(DefaultValue::Text("new".into()));
    let a = model(
        vec![table(
            "orders",
            vec![c1, col("total", "numeric(12,2)", false)],
        )],
        vec![],
        vec![],
    );
    let mut c2 = col("status", "text", false);
    c2.default = Some(DefaultValue::Text("open".into()));
    c2.comment = Some("Order status; it's never null".into());
    let b = model(
        vec![table(
            "orders",
            vec![c2, col("total", "numeric(12,2)", true)],
        )],
        vec![],
        vec![],
    );
    round_trip("nullability_default_comment", &a, &b, false);
}

#[test]
fn constraints_and_indexes_on_existing_tables() {
    let base = || {
        table(
            "items",
            vec![
                col("sku", "text", false),
                col("qty", "integer", false),
                col("batch", "text", true),
            ],
        )
    };
    let a = model(
        vec![base(), table("batches", vec![col("code", "text", false)])],
        vec![],
        vec![],
    );
    let mut items = base();
    items.checks.push(Check {
        name: "items_qty_positive".into(),
        expr: "qty > 0".into(),
    });
    items.uniques.push(Unique {
        name: "items_sku_key".into(),
        columns: vec!["sku".into()],
        nulls_not_distinct: false,
    });
    items.indexes.push(index("items_qty_idx", &["qty"]));
    let mut batches = table("batches", vec![col("code", "text", false)]);
    batches.uniques.push(Unique {
        name: "batches_code_key".into(),
        columns: vec!["code".into()],
        nulls_not_distinct: false,
    });
    items.foreign_keys.push(ForeignKey {
        name: "items_batch_fkey".into(),
        columns: vec!["batch".into()],
        ref_table: q("batches"),
        ref_columns: vec!["code".into()],
        on_delete: Default::default(),
        on_update: Default::default(),
    });
    let b = model(vec![items, batches], vec![], vec![]);
    let (plan, _) = rendered(&a, &b);
    assert!(
        plan.files.iter().any(|f| f.non_transactional()),
        "the index on an existing table is built concurrently, outside a transaction"
    );
    round_trip("constraints_and_indexes", &a, &b, false);
}

#[test]
fn text_column_becomes_an_enum_with_using() {
    let a = model(
        vec![table("visits", vec![col("kind", "text", false)])],
        vec![],
        vec![],
    );
    let b = model(
        vec![table("visits", vec![col("kind", "app.visit_kind", false)])],
        vec![enum_type("visit_kind", &["opd", "ipd"])],
        vec![],
    );
    let (_, text) = rendered(&a, &b);
    assert!(
        text.contains("USING \"kind\"::text::\"app\".\"visit_kind\""),
        "{text}"
    );
    round_trip("text_to_enum", &a, &b, false);
}

#[test]
fn enum_value_added_and_used_as_a_default_in_the_same_release() {
    let a = model(
        vec![table(
            "claims",
            vec![col("status", "app.claim_status", false)],
        )],
        vec![enum_type(
            "claim_status",
            &["draft", "submitted", "settled"],
        )],
        vec![],
    );
    let mut status = col("status", "app.claim_status", false);
    status.default = Some(DefaultValue::Text("query_escalated".into()));
    let b = model(
        vec![table("claims", vec![status])],
        vec![enum_type(
            "claim_status",
            &["draft", "submitted", "query_escalated", "settled"],
        )],
        vec![],
    );
    let (plan, text) = rendered(&a, &b);
    assert_eq!(
        plan.files.len(),
        2,
        "the value is committed before the default uses it"
    );
    assert!(
        text.contains("ADD VALUE IF NOT EXISTS 'query_escalated' AFTER 'submitted'"),
        "{text}"
    );
    round_trip("enum_value_added_and_used", &a, &b, true);
}

#[test]
fn enum_value_renamed_by_hint_and_enum_rebuilt_when_a_value_goes() {
    let a = model(
        vec![table("t", vec![col("v", "app.colour", false)])],
        vec![enum_type("colour", &["red", "grean", "blue"])],
        vec![],
    );
    let mut e = enum_type("colour", &["red", "green", "blue"]);
    e.renamed_values.push(("grean".into(), "green".into()));
    let b = model(
        vec![table("t", vec![col("v", "app.colour", false)])],
        vec![e],
        vec![],
    );
    round_trip("enum_value_renamed", &a, &b, false);
    let c = model(
        vec![table("t", vec![col("v", "app.colour", false)])],
        vec![enum_type("colour", &["blue", "red"])],
        vec![],
    );
    let (plan, _) = rendered(&b, &c);
    assert!(
        plan.hazard_kinds()
            .contains(&hims_diff::HazardKind::DataLoss)
    );
    round_trip("enum_rebuilt", &b, &c, false);
}

#[test]
fn policy_expression_edited_is_altered_not_duplicated() {
    let with_policy = |using: &str| {
        let mut t = table("notes", vec![col("owner", "text", false)]);
        t.row_security = Some(RowSecurity { force: true });
        t.policies.push(Policy {
            name: "own_notes".into(),
            permissive: true,
            command: PolicyCommand::All,
            roles: vec![],
            using: Some(using.into()),
            with_check: Some(using.into()),
        });
        t
    };
    let a = model(vec![with_policy("owner = current_user")], vec![], vec![]);
    let b = model(vec![with_policy("owner = session_user")], vec![], vec![]);
    let (_, text) = rendered(&a, &b);
    assert!(text.contains("ALTER POLICY \"own_notes\""), "{text}");
    assert!(!text.contains("CREATE POLICY"), "{text}");
    round_trip("policy_edited", &a, &b, false);
}

#[test]
fn a_dropped_column_that_a_view_reads_drops_and_recreates_the_view() {
    let v = |q: &str| View {
        schema: S.into(),
        name: "v_people".into(),
        query: q.into(),
        security_invoker: true,
        comment: None,
        depends_on: vec![q_people()],
        origin: Default::default(),
    };
    fn q_people() -> QualifiedName {
        QualifiedName::new(S, "people")
    }
    let a = model(
        vec![table(
            "people",
            vec![col("name", "text", false), col("nickname", "text", true)],
        )],
        vec![],
        vec![v("SELECT id, name, nickname FROM app.people")],
    );
    let b = model(
        vec![table("people", vec![col("name", "text", false)])],
        vec![],
        vec![v("SELECT id, name FROM app.people")],
    );
    let (_, text) = rendered(&a, &b);
    let drop_view = text.find("DROP VIEW").expect("view dropped");
    let drop_col = text
        .find("DROP COLUMN \"nickname\"")
        .expect("column dropped");
    assert!(
        drop_view < drop_col,
        "the view goes before the column it reads:\n{text}"
    );
    round_trip("view_reads_dropped_column", &a, &b, false);
}

#[test]
fn hostile_names_are_quoted_everywhere() {
    let long = "x".repeat(63);
    let mut t = Table::new(S, "we\"ird tab");
    t.columns.push(col("select", "integer", false));
    t.primary_key = Some(PrimaryKey {
        name: "pk with space".into(),
        columns: vec!["select".into()],
    });
    let a = model(vec![t.clone()], vec![], vec![]);
    let mut t2 = t.clone();
    t2.columns.push(col("ünïcødé", "text", true));
    t2.columns.push(col(&long, "text", true));
    t2.indexes.push(index("order", &["ünïcødé"]));
    t2.comment = Some("it's \"quoted\"".into());
    let b = model(
        vec![t2],
        vec![enum_type("user", &["it's", "back\\slash"])],
        vec![],
    );
    round_trip("hostile_names", &a, &b, false);
}

#[test]
fn no_change_gives_an_empty_plan() {
    let a = model(
        vec![table("t", vec![col("a", "text", true)])],
        vec![],
        vec![],
    );
    assert!(hims_migrations::delta::plan(&a, &a).is_empty());
}
