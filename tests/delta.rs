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
        deferral: Default::default(),
    });
    t
}

fn model(tables: Vec<Table>, enums: Vec<EnumType>, views: Vec<View>) -> Model {
    let mut m = Model {
        schemas: vec![Schema {
            name: S.into(),
            comment: None,
            naming_rules: true,
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
        ("require-concurrent-index-creation", C::CreateView(v)) if v.materialized.is_some() => {
            "the index is on a materialized view created in the same transaction: no other session sees it yet"
        }
        (
            "require-concurrent-index-deletion",
            C::DropIndex {
                concurrently: false,
                ..
            },
        ) => {
            "dropped in the main transaction, before what replaces it; a catalog change whose lock wait lock_timeout bounds"
        }
        ("changing-column-type", C::AlterColumnType { from, to, .. }) if matches!((&from.ty, &to.ty), (ColumnType::Varchar(Some(a)), ColumnType::Varchar(Some(b))) if b >= a) => {
            "widening varchar is binary coercible: PostgreSQL neither rewrites nor scans"
        }
        (
            "prefer-robust-stmts",
            C::CreateIndex {
                concurrently: true, ..
            },
        ) => {
            "IF NOT EXISTS follows the statements that move an INVALID index (a failed build) aside and drop it"
        }
        (
            "renaming-object",
            C::CreateIndex {
                concurrently: true, ..
            },
        ) => {
            "only an INVALID index left by a failed build is renamed aside (no client can use it), then dropped"
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
        (
            "changing-column-type",
            C::AlterColumnType {
                relabel:
                    Some(
                        hims_diff::Relabel::ToBase
                        | hims_diff::Relabel::ToDomain { checked: false },
                    ),
                ..
            },
        ) => "between a domain and the type beneath it PostgreSQL relabels the column: no rewrite",
        ("ban-drop-function", C::DropAggregate(_)) => {
            "the definitions dropped the aggregate, or it is created again as changed in the same plan"
        }
        ("ban-drop-function", C::DropFunction(_)) => {
            "the definitions dropped the routine, or it is created again with its new arguments in the same plan (drops of routines carry none of our hazards)"
        }
        ("ban-create-domain-with-constraint", C::CreateDomain(_)) => {
            "a new domain: no column has its type yet, so nothing is checked or locked"
        }
        (
            "ban-alter-domain-with-add-constraint",
            C::AddDomainCheck {
                not_valid: true, ..
            },
        ) => {
            "added NOT VALID: only new values are checked; stored ones are read by the VALIDATE step, which carries the locking hazard"
        }
        ("ban-drop-constraint", C::DropDomainCheck { .. }) => {
            "the definitions dropped it; a replacement, if any, follows in the same plan"
        }
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
fn round_trip(name: &str, a: &Model, b: &Model) {
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
        deferral: Default::default(),
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
    round_trip("add_table", &a, &b);
    round_trip("drop_table", &b, &a);
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
    round_trip("columns", &a, &b);
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
    round_trip("nullability_default_comment", &a, &b);
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
        deferral: Default::default(),
    });
    items.indexes.push(index("items_qty_idx", &["qty"]));
    let mut batches = table("batches", vec![col("code", "text", false)]);
    batches.uniques.push(Unique {
        name: "batches_code_key".into(),
        columns: vec!["code".into()],
        nulls_not_distinct: false,
        deferral: Default::default(),
    });
    items.foreign_keys.push(ForeignKey {
        name: "items_batch_fkey".into(),
        columns: vec!["batch".into()],
        ref_table: q("batches"),
        ref_columns: vec!["code".into()],
        on_delete: Default::default(),
        on_update: Default::default(),
        deferral: Default::default(),
    });
    let b = model(vec![items, batches], vec![], vec![]);
    let (plan, _) = rendered(&a, &b);
    assert!(
        plan.files.iter().any(|f| f.non_transactional()),
        "the index on an existing table is built concurrently, outside a transaction"
    );
    round_trip("constraints_and_indexes", &a, &b);
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
    round_trip("text_to_enum", &a, &b);
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
    round_trip("enum_value_added_and_used", &a, &b);
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
    round_trip("enum_value_renamed", &a, &b);
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
    round_trip("enum_rebuilt", &b, &c);
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
    round_trip("policy_edited", &a, &b);
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
        materialized: None,
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
    round_trip("view_reads_dropped_column", &a, &b);
}

#[test]
fn hostile_names_are_quoted_everywhere() {
    let long = "x".repeat(63);
    let mut t = Table::new(S, "we\"ird tab");
    t.columns.push(col("select", "integer", false));
    t.primary_key = Some(PrimaryKey {
        name: "pk with space".into(),
        columns: vec!["select".into()],
        deferral: Default::default(),
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
    round_trip("hostile_names", &a, &b);
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

// Hand cases for the bugs the property test (`tests/delta_properties.rs`) found.

fn policy(name: &str, using: &str) -> Policy {
    Policy {
        name: name.into(),
        permissive: true,
        command: PolicyCommand::All,
        roles: vec![],
        using: Some(using.into()),
        with_check: None,
    }
}

fn fk(name: &str, column: &str, target: &str) -> ForeignKey {
    ForeignKey {
        name: name.into(),
        columns: vec![column.into()],
        ref_table: q(target),
        ref_columns: vec!["id".into()],
        on_delete: Default::default(),
        on_update: Default::default(),
        deferral: Default::default(),
    }
}

fn with_default(mut c: Column, d: &str) -> Column {
    c.default = Some(DefaultValue::Text(d.into()));
    c
}

#[test]
fn enum_rebuild_converts_the_columns_as_they_are_before_renames_and_additions() {
    // The rebuild runs before any table change (and its undo after all are undone): it
    // converts the columns of the old model under their old names, arrays as arrays, and
    // the new type gets the comment again.
    let mut colour = enum_type("colour", &["red", "green", "blue"]);
    colour.comment = Some("Colours".into());
    let a = model(
        vec![table(
            "paints",
            vec![
                with_default(col("shade", "app.colour", false), "blue"),
                col("mix", "app.colour[]", true),
            ],
        )],
        vec![colour.clone()],
        vec![],
    );
    let mut paints = table(
        "pigments",
        vec![
            with_default(col("hue", "app.colour", false), "blue"),
            col("mix", "app.colour[]", true),
            col("second", "app.colour", true),
        ],
    );
    paints.renamed_from = Some("paints".into());
    paints.columns[1].renamed_from = Some("shade".into());
    paints.primary_key.as_mut().unwrap().name = "paints_pkey".into();
    colour.values = vec!["red".into(), "blue".into()];
    let b = model(
        vec![
            paints,
            table("walls", vec![col("colour", "app.colour", true)]),
        ],
        vec![colour],
        vec![],
    );
    let (_, text) = rendered(&a, &b);
    assert!(
        text.contains(
            "ALTER TABLE \"app\".\"paints\" ALTER COLUMN \"shade\" TYPE \"app\".\"colour\""
        ),
        "{text}"
    );
    assert!(
        text.contains("TYPE \"app\".\"colour\"[] USING \"mix\"::text[]::\"app\".\"colour\"[]"),
        "{text}"
    );
    round_trip("enum_rebuild_before_renames", &a, &b);
}

#[test]
fn enum_rebuild_drops_a_default_whose_value_goes_and_relabels_a_renamed_one() {
    // `left` is dropped and defaults to the removed 'green': the rebuild drops that default
    // (its undo restores it), so neither the DROP COLUMN's undo nor the rebuild's names a
    // value the type lacks at the time. `kept` defaults to 'grean', renamed to 'gray'.
    let a = model(
        vec![table(
            "cars",
            vec![
                with_default(col("left", "app.colour", false), "green"),
                with_default(col("kept", "app.colour", false), "grean"),
            ],
        )],
        vec![enum_type("colour", &["red", "green", "grean"])],
        vec![],
    );
    let mut colour = enum_type("colour", &["gray", "red"]);
    colour.renamed_values.push(("grean".into(), "gray".into()));
    let b = model(
        vec![table(
            "cars",
            vec![with_default(col("kept", "app.colour", false), "gray")],
        )],
        vec![colour],
        vec![],
    );
    round_trip("enum_rebuild_defaults", &a, &b);
}

#[test]
fn enum_rebuild_under_a_policy_replaces_the_policy() {
    // PostgreSQL refuses to change the type of a column a policy reads: the policy goes
    // before the rebuild and comes back after it, on kept and on dropped tables alike.
    let with_policy = |name: &str| {
        let mut t = table(name, vec![col("shade", "app.colour", true)]);
        t.row_security = Some(RowSecurity { force: false });
        t.policies.push(policy("coloured", "shade IS NOT NULL"));
        t
    };
    let a = model(
        vec![with_policy("kept"), with_policy("gone")],
        vec![enum_type("colour", &["red", "green"])],
        vec![],
    );
    let b = model(
        vec![with_policy("kept")],
        vec![enum_type("colour", &["green"])],
        vec![],
    );
    let (_, text) = rendered(&a, &b);
    let drop = text.find("DROP POLICY").expect("policy dropped");
    let rebuild = text.find("RENAME TO \"colour__old\"").expect("rebuilt");
    assert!(drop < rebuild, "{text}");
    round_trip("enum_rebuild_under_policy", &a, &b);
}

#[test]
fn a_check_or_policy_on_a_retyped_or_renamed_column_is_replaced() {
    // A check on a column whose type changes is re-parsed by PostgreSQL (`(n >= (0)::numeric)`
    // on an integer becomes `((n)::numeric >= (0)::numeric)`); a policy blocks the type
    // change; ALTER POLICY's undo would name the renamed column before the rename is undone.
    let t = |n: &str, ty: &str, label: &str| {
        let mut t = table("items", vec![col(n, ty, false), col(label, "text", true)]);
        t.checks.push(Check {
            name: "items_n_check".into(),
            expr: format!("{n} >= 0"),
        });
        t.row_security = Some(RowSecurity { force: false });
        t.policies.push(policy("by_n", &format!("{n} IS NOT NULL")));
        t.policies
            .push(policy("by_label", &format!("{label} IS NOT NULL")));
        t
    };
    let a = model(vec![t("n", "numeric(12,2)", "label")], vec![], vec![]);
    let mut items = t("n", "integer", "title");
    items.columns[2].renamed_from = Some("label".into());
    let b = model(vec![items], vec![], vec![]);
    let (_, text) = rendered(&a, &b);
    assert!(!text.contains("ALTER POLICY"), "{text}");
    round_trip("check_and_policy_on_retyped_column", &a, &b);
    round_trip("check_and_policy_on_retyped_column_back", &b, &a);
}

#[test]
fn dependents_of_a_renamed_table_are_dropped_under_its_old_name() {
    let mut a_t = table("visits", vec![col("code", "text", false)]);
    a_t.uniques.push(Unique {
        name: "visits_code_key".into(),
        columns: vec!["code".into()],
        nulls_not_distinct: false,
        deferral: Default::default(),
    });
    let a = model(vec![a_t], vec![], vec![]);
    let mut b_t = table("encounters", vec![col("code", "text", false)]);
    b_t.renamed_from = Some("visits".into());
    b_t.primary_key.as_mut().unwrap().name = "visits_pkey".into();
    let b = model(vec![b_t], vec![], vec![]);
    let (_, text) = rendered(&a, &b);
    assert!(
        text.contains(
            "ALTER TABLE \"app\".\"visits\" DROP CONSTRAINT IF EXISTS \"visits_code_key\""
        ),
        "{text}"
    );
    round_trip("renamed_table_dependents", &a, &b);
}

#[test]
fn foreign_keys_go_before_the_keys_they_reference() {
    // `wards` loses its primary key (and `id`): the self-reference and the key of `beds`
    // (a dropped table, dropped at the end) must go first.
    let mut wards = table("wards", vec![col("name", "text", false)]);
    wards.columns.push(col("wards_id", "integer", true));
    wards
        .foreign_keys
        .push(fk("wards_wards_id_fkey", "wards_id", "wards"));
    let mut beds = table("beds", vec![col("wards_id", "integer", false)]);
    beds.foreign_keys
        .push(fk("beds_wards_id_fkey", "wards_id", "wards"));
    let a = model(vec![wards, beds], vec![], vec![]);
    let mut wards = Table::new(S, "wards");
    wards.columns.push(col("name", "text", false));
    wards.columns.push(col("wards_id", "integer", true));
    let b = model(vec![wards], vec![], vec![]);
    round_trip("foreign_keys_before_keys", &a, &b);
}

#[test]
fn a_dropped_table_may_reference_a_renamed_table_and_column() {
    let owners = table("owners", vec![col("name", "text", false)]);
    let mut pets = table("pets", vec![col("owners_id", "integer", false)]);
    pets.foreign_keys
        .push(fk("pets_owners_id_fkey", "owners_id", "owners"));
    let a = model(vec![owners, pets], vec![], vec![]);
    let mut people = Table::new(S, "people");
    people.renamed_from = Some("owners".into());
    let mut key = col("person_no", "integer", false);
    key.renamed_from = Some("id".into());
    people.columns = vec![key, col("name", "text", false)];
    people.primary_key = Some(PrimaryKey {
        name: "owners_pkey".into(),
        columns: vec!["person_no".into()],
        deferral: Default::default(),
    });
    let b = model(vec![people], vec![], vec![]);
    round_trip("dropped_table_references_renamed", &a, &b);
}

#[test]
fn new_objects_may_take_the_names_renames_free() {
    // `notes` becomes `memos` (its key renamed with it) and a new `notes` is created;
    // `body` becomes `text_body` and a new `body` is added.
    let a = model(
        vec![table("notes", vec![col("body", "text", true)])],
        vec![],
        vec![],
    );
    let mut memos = table(
        "memos",
        vec![col("text_body", "text", true), col("body", "integer", true)],
    );
    memos.renamed_from = Some("notes".into());
    memos.columns[1].renamed_from = Some("body".into());
    let b = model(
        vec![memos, table("notes", vec![col("body", "text", true)])],
        vec![],
        vec![],
    );
    let (_, text) = rendered(&a, &b);
    let rename_key = text
        .find("RENAME CONSTRAINT \"notes_pkey\" TO \"memos_pkey\"")
        .expect("key renamed");
    let create = text
        .find("CREATE TABLE IF NOT EXISTS \"app\".\"notes\"")
        .expect("new table");
    assert!(rename_key < create, "{text}");
    round_trip("names_freed_by_renames", &a, &b);
}

#[test]
fn enum_values_added_first_and_next_to_a_renamed_value() {
    // Two new values before the first one (the first goes before an existing value, not
    // before the other new one) and one after a value renamed in the same plan (the rename
    // runs first).
    let a = model(
        vec![table("t", vec![col("v", "app.colour", true)])],
        vec![enum_type("colour", &["red", "grean"])],
        vec![],
    );
    let mut colour = enum_type("colour", &["black", "white", "red", "green", "blue"]);
    colour.renamed_values.push(("grean".into(), "green".into()));
    let b = model(
        vec![table("t", vec![col("v", "app.colour", true)])],
        vec![colour],
        vec![],
    );
    let (_, text) = rendered(&a, &b);
    assert!(
        text.contains("ADD VALUE IF NOT EXISTS 'black' BEFORE 'red'"),
        "{text}"
    );
    round_trip("enum_values_added_first_and_after_rename", &a, &b);
}

#[test]
fn a_type_change_without_a_cast_goes_through_text() {
    let a = model(
        vec![table("t", vec![col("d", "date", true)])],
        vec![],
        vec![],
    );
    let b = model(
        vec![table("t", vec![col("d", "smallint", true)])],
        vec![],
        vec![],
    );
    let (_, text) = rendered(&a, &b);
    assert!(text.contains("USING \"d\"::text::smallint"), "{text}");
    round_trip("type_change_through_text", &a, &b);
}

#[test]
fn generated_columns_are_dropped_before_what_they_read_and_retyped_without_using() {
    let generated = |name: &str, ty: &str, expr: &str| {
        let mut c = col(name, ty, true);
        c.generated = Some(expr.into());
        c
    };
    let a = model(
        vec![table(
            "m",
            vec![
                generated("twice", "numeric", "qty * 2"),
                col("qty", "integer", true),
                generated("double_id", "bigint", "id * 2"),
                col("gone", "integer", true),
                generated("gone_twice", "integer", "gone * 2"),
            ],
        )],
        vec![],
        vec![],
    );
    let mut t = table(
        "m",
        vec![
            generated("twice", "bigint", "qty * 2"),
            col("qty", "integer", true),
        ],
    );
    let mut key = col("no", "integer", false);
    key.renamed_from = Some("id".into());
    t.columns[0] = key;
    t.primary_key.as_mut().unwrap().columns = vec!["no".into()];
    let b = model(vec![t], vec![], vec![]);
    round_trip("generated_columns", &a, &b);
}

#[test]
fn a_partial_index_on_a_retyped_column_is_replaced() {
    // PostgreSQL re-parses the predicate for the new type (`name::text <> ''::text` on a
    // varchar becomes `name::bpchar <> ''::bpchar` on a char): the index is dropped and built
    // again from the model's text.
    let t = |ty: &str| {
        let mut t = table("people", vec![col("name", ty, true)]);
        let mut i = index("people_name_idx", &["name"]);
        i.predicate = Some("name <> ''".into());
        t.indexes.push(i);
        t
    };
    let a = model(vec![t("character(1)")], vec![], vec![]);
    let b = model(vec![t("character varying(6)")], vec![], vec![]);
    let (_, text) = rendered(&a, &b);
    assert!(text.contains("DROP INDEX"), "{text}");
    round_trip("partial_index_on_retyped_column", &a, &b);
    round_trip("partial_index_on_retyped_column_back", &b, &a);
}

/// Rows of `app.claims` as text, in id order.
fn claim_rows(db: &TestDb) -> Vec<(i32, String, Option<String>)> {
    db.connect()
        .query(
            "SELECT id, status::text, tags::text FROM app.claims ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

#[test]
fn undoing_an_added_enum_value_rebuilds_the_type_around_its_dependents_and_keeps_the_rows() {
    let claims = || {
        let mut status = col("status", "app.claim_status", false);
        status.default = Some(DefaultValue::Text("draft".into()));
        let mut t = table(
            "claims",
            vec![status, col("tags", "app.claim_status[]", true)],
        );
        t.checks.push(Check {
            name: "claims_not_void".into(),
            expr: "status <> 'void'::app.claim_status".into(),
        });
        let mut partial = index("claims_open_idx", &["id"]);
        partial.predicate = Some("status = 'submitted'::app.claim_status".into());
        t.indexes.push(partial);
        t.row_security = Some(RowSecurity { force: true });
        t.policies
            .push(policy("not_drafts", "status <> 'draft'::app.claim_status"));
        t
    };
    let open = View {
        schema: S.into(),
        name: "v_open_claims".into(),
        query: "SELECT id, status FROM app.claims WHERE status <> 'settled'::app.claim_status"
            .into(),
        security_invoker: true,
        comment: None,
        depends_on: vec![q("claims")],
        materialized: None,
        origin: Default::default(),
    };
    let a = model(
        vec![claims()],
        vec![enum_type(
            "claim_status",
            &["draft", "submitted", "settled", "void"],
        )],
        vec![open.clone()],
    );
    let b = model(
        vec![claims()],
        vec![enum_type(
            "claim_status",
            &["draft", "submitted", "query_escalated", "settled", "void"],
        )],
        vec![open],
    );
    round_trip("enum_value_undo_with_dependents", &a, &b);

    let plan = hims_migrations::delta::plan(&a, &b);
    assert_eq!(plan.files.len(), 1);
    let h = hims_migrations::delta::FileHeader {
        file_name: "f",
        command: "t",
        from_snapshot: "a",
    };
    let forward = hims_migrations::delta::render_forward(&plan.files[0], &h);
    let undo = hims_migrations::delta::render_undo(&plan.files[0], &h);
    let db = TestDb::new();
    let header = hims_render::BaselineHeader {
        file_name: "a".into(),
        regenerate: "test".into(),
    };
    apply(&db, &hims_render::baseline(&a, &header), true, "baseline").unwrap();
    let seed = "INSERT INTO app.claims (id, status, tags) SELECT i, \
        (ARRAY['draft','submitted','settled']::app.claim_status[])[1 + i % 3], \
        CASE WHEN i % 4 = 0 THEN NULL ELSE ARRAY['draft', 'settled']::app.claim_status[] END \
        FROM generate_series(1, 300) i";
    db.connect().batch_execute(seed).unwrap();
    let before = claim_rows(&db);
    assert_eq!(before.len(), 300);
    apply(&db, &forward, true, "forward").unwrap();
    // Rows holding the other values do not stop the undo, and survive it unchanged.
    apply(&db, &undo, true, "undo with the value unused").unwrap();
    assert_eq!(claim_rows(&db), before, "rows after the undo");
    assert_same_model(&expected(&db, &a), &catalog(&db), "after the undo");
    // The default, check, partial index, policy and view work on the rebuilt type.
    db.connect()
        .batch_execute("INSERT INTO app.claims (id) VALUES (1000)")
        .unwrap();
    let bad = db
        .connect()
        .batch_execute("INSERT INTO app.claims (id, status) VALUES (1001, 'void')");
    assert!(bad.is_err(), "the check still holds");
    let open_count: i64 = db
        .connect()
        .query_one("SELECT count(*) FROM app.v_open_claims", &[])
        .unwrap()
        .get(0);
    assert_eq!(open_count, 201, "the view reads the rebuilt column");
    db.connect()
        .batch_execute("DELETE FROM app.claims WHERE id = 1000")
        .unwrap();

    // A row holding the value (in the column and in an array): the undo refuses, naming
    // both columns and their counts, and changes nothing.
    apply(&db, &forward, true, "forward again").unwrap();
    db.connect()
        .batch_execute(
            "UPDATE app.claims SET status = 'query_escalated' WHERE id IN (1, 2); \
             UPDATE app.claims SET tags = ARRAY['query_escalated']::app.claim_status[] WHERE id = 3",
        )
        .unwrap();
    let held = claim_rows(&db);
    let e = apply(&db, &undo, true, "undo with the value held").unwrap_err();
    assert!(e.contains("cannot undo"), "{e}");
    assert!(e.contains("app.claims.status: 2 rows"), "{e}");
    assert!(e.contains("app.claims.tags: 1 rows"), "{e}");
    assert_eq!(claim_rows(&db), held, "a refused undo changes nothing");
    assert_same_model(&expected(&db, &b), &catalog(&db), "after the refusal");
    // Fix the data: the undo goes through.
    db.connect()
        .batch_execute(
            "UPDATE app.claims SET status = 'submitted' WHERE id IN (1, 2); \
             UPDATE app.claims SET tags = NULL WHERE id = 3",
        )
        .unwrap();
    apply(&db, &undo, true, "undo once the data is fixed").unwrap();
    assert_same_model(&expected(&db, &a), &catalog(&db), "after the fixed undo");
}

/// Apply `a`'s baseline, run `seed`, then the plan a → b forward; returns the database,
/// the plan and its rendered forward/undo files.
fn under_data(a: &Model, b: &Model, seed: &str) -> (TestDb, Vec<(String, String, bool)>) {
    let plan = hims_migrations::delta::plan(a, b);
    let h = hims_migrations::delta::FileHeader {
        file_name: "f",
        command: "t",
        from_snapshot: "a",
    };
    let files: Vec<(String, String, bool)> = plan
        .files
        .iter()
        .map(|f| {
            (
                hims_migrations::delta::render_forward(f, &h),
                hims_migrations::delta::render_undo(f, &h),
                !f.non_transactional(),
            )
        })
        .collect();
    let db = TestDb::new();
    let header = hims_render::BaselineHeader {
        file_name: "a".into(),
        regenerate: "test".into(),
    };
    apply(&db, &hims_render::baseline(a, &header), true, "baseline").unwrap();
    db.connect().batch_execute(seed).unwrap();
    for (i, (forward, _, tx)) in files.iter().enumerate() {
        apply(&db, forward, *tx, &format!("forward {}", i + 1)).unwrap();
    }
    (db, files)
}

fn undo_all(db: &TestDb, files: &[(String, String, bool)]) {
    for (i, (_, undo, tx)) in files.iter().enumerate().rev() {
        apply(db, undo, *tx, &format!("undo {}", i + 1)).unwrap();
    }
}

fn texts(db: &TestDb, sql: &str) -> Vec<String> {
    db.connect()
        .query(sql, &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

#[test]
fn identity_is_added_dropped_and_switched_in_place_keeping_the_values() {
    let t = |identity: Option<hims_model::Identity>, nullable: bool| {
        let mut n = col("n", "bigint", nullable);
        n.identity = identity;
        if identity.is_none() && !nullable {
            n.default = Some(DefaultValue::Numeric("0".into()));
        }
        table("tickets", vec![n, col("label", "text", true)])
    };
    use hims_model::Identity::{Always, ByDefault};
    let plain = model(vec![t(None, true)], vec![], vec![]);
    let plain_with_default = model(vec![t(None, false)], vec![], vec![]);
    let always = model(vec![t(Some(Always), false)], vec![], vec![]);
    let by_default = model(vec![t(Some(ByDefault), false)], vec![], vec![]);
    for (name, a, b) in [
        ("identity_added", &plain, &always),
        (
            "identity_added_over_a_default",
            &plain_with_default,
            &by_default,
        ),
        ("identity_dropped", &always, &plain),
        ("identity_switched", &always, &by_default),
    ] {
        let (_, text) = rendered(a, b);
        assert!(!text.contains("ADD COLUMN"), "{name}: in place:\n{text}");
        assert!(!text.contains("DROP COLUMN"), "{name}: in place:\n{text}");
        round_trip(name, a, b);
    }
    // With rows: the values stay, and the sequence continues after the largest one.
    let seed = "INSERT INTO app.tickets (id, n, label) SELECT i, i * 10, 'l' || i FROM generate_series(1, 50) i";
    let (db, files) = under_data(&plain, &by_default, seed);
    let rows = "SELECT id || ':' || n || ':' || label FROM app.tickets ORDER BY id";
    let before: Vec<String> = (1..=50).map(|i| format!("{i}:{}:l{i}", i * 10)).collect();
    assert_eq!(texts(&db, rows), before);
    db.connect()
        .batch_execute("INSERT INTO app.tickets (id, label) VALUES (51, 'new')")
        .unwrap();
    assert_eq!(
        texts(&db, "SELECT n::text FROM app.tickets WHERE id = 51"),
        ["501"]
    );
    db.connect()
        .batch_execute("DELETE FROM app.tickets WHERE id = 51")
        .unwrap();
    undo_all(&db, &files);
    assert_eq!(texts(&db, rows), before, "the undo keeps the values");
    assert_same_model(&expected(&db, &plain), &catalog(&db), "after the undo");
}

#[test]
fn a_new_generation_expression_recomputes_the_column_with_its_index_and_view() {
    let people = |expr: &str| {
        let mut full = col("full_name", "text", true);
        full.generated = Some(expr.into());
        let mut t = table(
            "patients",
            vec![
                col("first_name", "text", false),
                col("last_name", "text", true),
                full,
            ],
        );
        t.indexes
            .push(index("patients_full_name_idx", &["full_name"]));
        t.checks.push(Check {
            name: "patients_full_name_not_blank".into(),
            expr: "full_name <> ''".into(),
        });
        t
    };
    let names = View {
        schema: S.into(),
        name: "v_names".into(),
        query: "SELECT id, full_name FROM app.patients".into(),
        security_invoker: true,
        comment: None,
        depends_on: vec![q("patients")],
        materialized: None,
        origin: Default::default(),
    };
    let a = model(
        vec![people("first_name || ' ' || last_name")],
        vec![],
        vec![names.clone()],
    );
    let b = model(
        vec![people("first_name || coalesce(' ' || last_name, '')")],
        vec![],
        vec![names],
    );
    let (plan, text) = rendered(&a, &b);
    assert!(
        plan.hazard_kinds()
            .contains(&hims_diff::HazardKind::Rewrite),
        "{text}"
    );
    assert!(!text.contains("ADD COLUMN IF NOT EXISTS"), "{text}");
    let drop_view = text.find("DROP VIEW").expect("the view goes first");
    let drop_col = text.find("DROP COLUMN \"full_name\"").expect("dropped");
    assert!(drop_view < drop_col, "{text}");
    round_trip("generation_expression_changed", &a, &b);

    let seed = "INSERT INTO app.patients (id, first_name, last_name) \
        SELECT i, 'First' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'Last' || i END \
        FROM generate_series(1, 90) i";
    let (db, files) = under_data(&a, &b, seed);
    let full = "SELECT id || ':' || coalesce(full_name, '<null>') FROM app.patients ORDER BY id";
    let expected_new: Vec<String> = (1..=90)
        .map(|i| {
            if i % 3 == 0 {
                format!("{i}:First{i}")
            } else {
                format!("{i}:First{i} Last{i}")
            }
        })
        .collect();
    assert_eq!(texts(&db, full), expected_new, "recomputed, no row lost");
    assert_eq!(
        texts(
            &db,
            "SELECT count(*)::text FROM app.v_names WHERE full_name IS NOT NULL"
        ),
        ["90"],
        "the view reads the recomputed column"
    );
    assert_same_model(&expected(&db, &b), &catalog(&db), "after the delta");
    undo_all(&db, &files);
    let expected_old: Vec<String> = (1..=90)
        .map(|i| {
            if i % 3 == 0 {
                format!("{i}:<null>")
            } else {
                format!("{i}:First{i} Last{i}")
            }
        })
        .collect();
    assert_eq!(
        texts(&db, full),
        expected_old,
        "the undo recomputes the old way"
    );
    assert_same_model(&expected(&db, &a), &catalog(&db), "after the undo");
}

#[test]
fn a_generated_column_becoming_plain_keeps_its_values_and_a_plain_one_becoming_generated_is_announced()
 {
    let t = |generated: bool| {
        let mut total = col("total", "integer", true);
        if generated {
            total.generated = Some("qty * price".into());
        }
        let mut t = table(
            "lines",
            vec![
                col("qty", "integer", false),
                col("price", "integer", false),
                total,
            ],
        );
        t.indexes.push(index("lines_total_idx", &["total"]));
        t
    };
    let generated = model(vec![t(true)], vec![], vec![]);
    let plain = model(vec![t(false)], vec![], vec![]);
    round_trip("generated_to_plain", &generated, &plain);
    round_trip("plain_to_generated", &plain, &generated);
    let (plan, _) = rendered(&plain, &generated);
    assert!(
        plan.hazard_kinds()
            .contains(&hims_diff::HazardKind::DataLoss),
        "stored values are replaced by computed ones"
    );
    let seed =
        "INSERT INTO app.lines (id, qty, price) SELECT i, i, 3 FROM generate_series(1, 40) i";
    let (db, files) = under_data(&generated, &plain, seed);
    let totals = "SELECT id || ':' || total FROM app.lines ORDER BY id";
    let computed: Vec<String> = (1..=40).map(|i| format!("{i}:{}", i * 3)).collect();
    assert_eq!(
        texts(&db, totals),
        computed,
        "DROP EXPRESSION keeps the values"
    );
    db.connect()
        .batch_execute("UPDATE app.lines SET total = 7 WHERE id = 1")
        .unwrap();
    undo_all(&db, &files);
    assert_eq!(texts(&db, totals), computed, "generated again: recomputed");
    assert_same_model(&expected(&db, &generated), &catalog(&db), "after the undo");
}

#[test]
fn the_planner_refuses_a_plan_that_adds_a_column_the_table_still_has() {
    let a = model(
        vec![table("t", vec![col("x", "integer", true)])],
        vec![],
        vec![],
    );
    let plan = vec![
        Change::AddColumn {
            table: q("t"),
            column: col("x", "bigint", true),
        },
        Change::DropColumn {
            table: q("t"),
            column: col("x", "integer", true),
        },
    ];
    let e = hims_diff::check_plan(&a, &plan).unwrap_err().to_string();
    assert!(
        e.contains("app.t.x exists at that point")
            && e.contains("ADD COLUMN IF NOT EXISTS would do nothing"),
        "{e}"
    );
    // The same through gen-migration's path: every plan the engine makes passes the check.
    let mut b = a.clone();
    b.tables[0].columns[1].generated = Some("id * 2".into());
    assert!(hims_migrations::delta::try_plan(&a, &b).is_ok());
}

#[test]
fn hinted_swaps_and_cycles_of_tables_columns_and_enum_values_keep_the_data_with_it() {
    // Tables: a ↔ b swapped, c → d → e → c a cycle; columns p ↔ q swapped; enum labels
    // 'low' ↔ 'high' swapped. Hints win over names; each cycle goes through a temporary name.
    let t = |name: &str, from: Option<&str>, cols: Vec<Column>| {
        // Keys named after their tables: a_pkey and b_pkey swap too.
        let mut t = table(name, cols);
        t.renamed_from = from.map(str::to_string);
        t
    };
    let hinted = |mut c: Column, from: &str| {
        c.renamed_from = Some(from.into());
        c
    };
    let a = model(
        vec![
            t("a", None, vec![col("only_a", "integer", true)]),
            t("b", None, vec![col("only_b", "text", true)]),
            t("c", None, vec![col("only_c", "integer", true)]),
            t("d", None, vec![col("only_d", "integer", true)]),
            t("e", None, vec![col("only_e", "integer", true)]),
            t(
                "pq",
                None,
                vec![
                    col("p", "integer", true),
                    col("q", "integer", true),
                    col("level", "app.level", true),
                ],
            ),
        ],
        vec![enum_type("level", &["low", "high"])],
        vec![],
    );
    let mut level = enum_type("level", &["high", "low"]);
    level.renamed_values = vec![("low".into(), "high".into()), ("high".into(), "low".into())];
    let b = model(
        vec![
            t("a", Some("b"), vec![col("only_b", "text", true)]),
            t("b", Some("a"), vec![col("only_a", "integer", true)]),
            t("d", Some("c"), vec![col("only_c", "integer", true)]),
            t("e", Some("d"), vec![col("only_d", "integer", true)]),
            t("c", Some("e"), vec![col("only_e", "integer", true)]),
            t(
                "pq",
                None,
                vec![
                    hinted(col("p", "integer", true), "q"),
                    hinted(col("q", "integer", true), "p"),
                    col("level", "app.level", true),
                ],
            ),
        ],
        vec![level],
        vec![],
    );
    let (plan, text) = rendered(&a, &b);
    assert!(!text.contains("DROP TABLE"), "{text}");
    assert!(!text.contains("DROP COLUMN"), "{text}");
    assert!(
        !text.contains("RENAME TO \"level__old\""),
        "labels renamed in place:\n{text}"
    );
    assert!(text.contains("__swap"), "{text}");
    hims_diff::check_plan(
        &a,
        &plan.steps().map(|s| s.change.clone()).collect::<Vec<_>>(),
    )
    .unwrap();
    round_trip("swaps_and_cycles", &a, &b);

    let seed = "INSERT INTO app.a (id, only_a) VALUES (1, 10); \
        INSERT INTO app.b (id, only_b) VALUES (2, 'bee'); \
        INSERT INTO app.c (id, only_c) VALUES (3, 30); \
        INSERT INTO app.d (id, only_d) VALUES (4, 40); \
        INSERT INTO app.e (id, only_e) VALUES (5, 50); \
        INSERT INTO app.pq (id, p, q, level) VALUES (6, 1, 2, 'low'), (7, 3, 4, 'high')";
    let (db, files) = under_data(&a, &b, seed);
    let one = |sql: &str| texts(&db, sql).join(",");
    assert_eq!(one("SELECT id || ':' || only_b FROM app.a"), "2:bee");
    assert_eq!(one("SELECT id || ':' || only_a FROM app.b"), "1:10");
    assert_eq!(one("SELECT id || ':' || only_c FROM app.d"), "3:30");
    assert_eq!(one("SELECT id || ':' || only_d FROM app.e"), "4:40");
    assert_eq!(one("SELECT id || ':' || only_e FROM app.c"), "5:50");
    assert_eq!(
        one("SELECT id || ':' || p || ':' || q || ':' || level FROM app.pq ORDER BY id"),
        "6:2:1:high,7:4:3:low",
        "the columns and the labels follow their hints"
    );
    undo_all(&db, &files);
    assert_eq!(one("SELECT id || ':' || only_a FROM app.a"), "1:10");
    assert_eq!(one("SELECT id || ':' || only_b FROM app.b"), "2:bee");
    assert_eq!(one("SELECT id || ':' || only_e FROM app.e"), "5:50");
    assert_eq!(
        one("SELECT id || ':' || p || ':' || q || ':' || level FROM app.pq ORDER BY id"),
        "6:1:2:low,7:3:4:high"
    );
    assert_same_model(&expected(&db, &a), &catalog(&db), "after the undo");
}

#[test]
fn a_stale_rename_hint_whose_old_name_was_taken_again_is_ignored() {
    // visits was renamed to encounters a release ago (the hint stays in the code); a new
    // table took the name visits since. Both are kept by name.
    let mut encounters = table("encounters", vec![col("at", "date", true)]);
    encounters.renamed_from = Some("visits".into());
    let visits = table("visits", vec![col("note", "text", true)]);
    let a = model(vec![encounters.clone(), visits.clone()], vec![], vec![]);
    let mut b_visits = visits;
    b_visits.columns.push(col("extra", "text", true));
    let b = model(vec![encounters, b_visits], vec![], vec![]);
    let (_, text) = rendered(&a, &b);
    assert!(!text.contains("RENAME"), "{text}");
    round_trip("stale_rename_hint", &a, &b);
}

/// Materialized views: created (with an index, WITH NO DATA), changed (query, an index
/// added, populated) and dropped, each applied and undone on a real server; the plan
/// recreates a changed one rather than replacing it in place (there is no OR REPLACE).
#[test]
fn materialized_views_are_created_changed_and_dropped_with_undo() {
    let people = || {
        table(
            "people",
            vec![col("name", "text", false), col("ward", "text", true)],
        )
    };
    let mv = |query: &str, with_data: bool, indexes: Vec<Index>| View {
        schema: S.into(),
        name: "ward_counts".into(),
        query: query.into(),
        security_invoker: false,
        comment: Some("Patients per ward.".into()),
        depends_on: vec![q("people")],
        materialized: Some(hims_model::Materialized { with_data, indexes }),
        origin: Default::default(),
    };
    let mut by_ward = index("ward_counts_ward_idx", &["ward"]);
    by_ward.unique = true;
    let mut busy = index("ward_counts_busy_idx", &["n"]);
    busy.predicate = Some("n > 10".into());
    let none = model(vec![people()], vec![], vec![]);
    let first = model(
        vec![people()],
        vec![],
        vec![mv(
            "SELECT ward, count(*) AS n FROM app.people GROUP BY ward",
            false,
            vec![by_ward.clone()],
        )],
    );
    let second = model(
        vec![people()],
        vec![],
        vec![mv(
            "SELECT ward, count(*) AS n FROM app.people WHERE ward IS NOT NULL GROUP BY ward",
            true,
            vec![by_ward, busy],
        )],
    );
    let (_, text) = rendered(&none, &first);
    assert!(
        text.contains("CREATE MATERIALIZED VIEW IF NOT EXISTS") && text.contains("WITH NO DATA"),
        "{text}"
    );
    assert!(text.contains("COMMENT ON MATERIALIZED VIEW"), "{text}");
    round_trip("materialized_view_created", &none, &first);
    let (_, text) = rendered(&first, &second);
    assert!(text.contains("DROP MATERIALIZED VIEW IF EXISTS"), "{text}");
    round_trip("materialized_view_changed", &first, &second);
    round_trip("materialized_view_dropped", &second, &none);
}

/// Sequences (issue #10): standalone and owned by a column (what `serial` creates, its
/// default `nextval`), identity columns with sequence options; created, altered (type,
/// options, owner, comment, identity options) and dropped, each applied and undone.
#[test]
fn sequences_and_identity_options_are_created_altered_and_dropped_with_undo() {
    use hims_model::{Identity, Sequence, SequenceOptions, SequenceOwner};
    let counters = |serial: bool, identity: Option<(Identity, SequenceOptions)>| {
        let mut no = col("no", "integer", false);
        no.default = Some(if serial {
            DefaultValue::Sql("nextval('app.counters_no_seq'::regclass)".into())
        } else {
            DefaultValue::Integer(0)
        });
        let mut ticket = col("ticket", "bigint", identity.is_none());
        if let Some((kind, options)) = identity {
            ticket.identity = Some(kind);
            ticket.identity_options = options;
        }
        table("counters", vec![no, ticket, col("label", "text", true)])
    };
    let owned = |column: &str| {
        let mut s = Sequence::new(S, "counters_no_seq");
        s.ty = ColumnType::Integer;
        s.owned_by = Some(SequenceOwner {
            table: "counters".into(),
            column: column.into(),
        });
        s
    };
    let mut invoices = Sequence::new(S, "invoice_no");
    invoices.ty = ColumnType::Integer;
    invoices.options = SequenceOptions {
        start: Some(1000),
        increment: Some(10),
        min_value: Some(1000),
        max_value: Some(999_999),
        cache: Some(5),
        cycle: true,
    };
    invoices.comment = Some("Invoice numbers.".into());
    let mut countdown = Sequence::new(S, "countdown");
    countdown.options.increment = Some(-1);
    let with = |tables: Vec<Table>, sequences: Vec<Sequence>| {
        let mut m = model(tables, vec![], vec![]);
        m.sequences = sequences;
        m.canonicalize();
        m
    };
    let none = with(vec![counters(false, None)], vec![]);
    let first = with(
        vec![counters(
            true,
            Some((
                Identity::Always,
                SequenceOptions {
                    start: Some(100),
                    increment: Some(5),
                    cache: Some(10),
                    ..Default::default()
                },
            )),
        )],
        vec![owned("no"), invoices.clone(), countdown.clone()],
    );
    let mut invoices2 = invoices.clone();
    invoices2.ty = ColumnType::BigInt;
    invoices2.options = SequenceOptions {
        increment: Some(20),
        max_value: Some(5_000_000),
        ..Default::default()
    };
    invoices2.comment = Some("Invoice numbers, wider.".into());
    let second = with(
        vec![counters(
            true,
            Some((
                Identity::ByDefault,
                SequenceOptions {
                    increment: Some(7),
                    max_value: Some(1_000_000),
                    cycle: true,
                    ..Default::default()
                },
            )),
        )],
        vec![owned("label"), invoices2, countdown],
    );
    let (_, text) = rendered(&none, &first);
    for needle in [
        r#"CREATE SEQUENCE IF NOT EXISTS "app"."invoice_no" AS integer INCREMENT BY 10 MINVALUE 1000 MAXVALUE 999999 CACHE 5 CYCLE;"#,
        r#"ALTER SEQUENCE "app"."counters_no_seq" OWNED BY "app"."counters"."no";"#,
        r#"COMMENT ON SEQUENCE "app"."invoice_no" IS 'Invoice numbers.';"#,
        "SET INCREMENT BY 5",
    ] {
        assert!(text.contains(needle), "`{needle}` not in:\n{text}");
    }
    round_trip("sequences_created", &none, &first);
    round_trip("sequences_altered", &first, &second);
    round_trip("sequences_dropped", &second, &none);
    // The complete script creates them too, and applies twice.
    let db = TestDb::new();
    let script = hims_render::baseline(
        &first,
        &hims_render::BaselineHeader {
            file_name: "V001".into(),
            regenerate: "test".into(),
        },
    );
    for what in ["baseline", "baseline again"] {
        apply(&db, &script, true, what).unwrap();
    }
    assert_same_model(
        &expected(&db, &first),
        &catalog(&db),
        "baseline with sequences",
    );
}

/// New options for a sequence that may be in use (a standalone one, and an identity
/// column's): never used, it starts afresh at its new start, as in a fresh database; in use
/// and still in range, it keeps its position; in use outside the new range, the statement is
/// refused with the value and the range (SQLSTATE 22003) and nothing changes.
#[test]
fn new_sequence_options_keep_a_used_sequence_in_place_or_refuse_and_restart_an_unused_one() {
    use hims_model::{Identity, Sequence, SequenceOptions};
    let narrow = SequenceOptions {
        start: Some(1000),
        min_value: Some(1000),
        max_value: Some(2000),
        ..Default::default()
    };
    let build = |options: &SequenceOptions| {
        let mut ticket = col("ticket", "bigint", false);
        ticket.identity = Some(Identity::ByDefault);
        ticket.identity_options = options.clone();
        let mut m = model(
            vec![table("visits", vec![ticket, col("note", "text", true)])],
            vec![],
            vec![],
        );
        let mut s = Sequence::new(S, "tickets");
        s.options = options.clone();
        m.sequences = vec![s];
        m.canonicalize();
        m
    };
    let (old, new) = (build(&SequenceOptions::default()), build(&narrow));
    let (forward, _) = hims_tests::delta_statements(&old, &new);
    let at_old = || {
        let db = TestDb::new();
        let script = hims_render::baseline(
            &old,
            &hims_render::BaselineHeader {
                file_name: "V001".into(),
                regenerate: "test".into(),
            },
        );
        apply(&db, &script, true, "baseline").unwrap();
        db
    };
    let next = |db: &TestDb| -> (i64, i64) {
        let mut c = db.connect();
        let s: i64 = c
            .query_one("SELECT nextval('app.tickets')", &[])
            .unwrap()
            .get(0);
        let t: i64 = c
            .query_one(
                "INSERT INTO app.visits (id) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM app.visits)) RETURNING ticket",
                &[],
            )
            .unwrap()
            .get(0);
        (s, t)
    };

    // Never used: both start at the new start.
    let db = at_old();
    hims_tests::execute_statements(&db, &forward);
    assert_eq!(next(&db), (1000, 1000), "unused sequences restart at 1000");
    assert_same_model(&expected(&db, &new), &catalog(&db), "unused, forward");

    // In use, inside the new range: positions kept.
    let db = at_old();
    db.connect()
        .batch_execute(
            "SELECT setval('app.tickets', 1500);
             SELECT setval(pg_get_serial_sequence('app.visits', 'ticket'), 1700);",
        )
        .unwrap();
    hims_tests::execute_statements(&db, &forward);
    assert_eq!(next(&db), (1501, 1701), "positions kept");

    // In use, outside the new range: refused, naming the sequence, its value and the range.
    for (setup, named) in [
        (
            "SELECT nextval('app.tickets')",
            "sequence app.tickets is at 1",
        ),
        (
            "INSERT INTO app.visits (id) VALUES (1), (2), (3)",
            "sequence app.visits.ticket is at 3",
        ),
    ] {
        let db = at_old();
        db.connect().batch_execute(setup).unwrap();
        let e = db
            .connect()
            .batch_execute(&forward.join("\n"))
            .expect_err("outside the new range");
        assert_eq!(hims_tests::sqlstate(&e), "22003", "{e:?}");
        let message = hims_testdb::pg_error_message(&e);
        assert!(
            message.contains(named) && message.contains("outside its new range [1000, 2000]"),
            "{message}"
        );
        assert_same_model(&expected(&db, &old), &catalog(&db), "refused: unchanged");
    }
}

/// Domains (issue #10): created with a collation, default, NOT NULL, named checks and a
/// comment, over a built-in type and over another domain; altered in place (default, NOT
/// NULL, a check added `NOT VALID` and validated online, a changed check dropped and added,
/// comment) and dropped, with the columns typed by them; each applied and undone.
fn domain_models() -> (Model, Model, Model) {
    use hims_model::Domain;
    let check = |name: &str, expr: &str| Check {
        name: name.into(),
        expr: expr.into(),
    };
    let with = |columns: Vec<Column>, domains: Vec<Domain>| {
        let mut m = model(vec![table("items", columns)], vec![], vec![]);
        m.domains = domains;
        m.canonicalize();
        m
    };
    let none = with(
        vec![col("qty", "integer", true), col("code", "text", true)],
        vec![],
    );
    let mut positive = Domain::new(S, "positive", ColumnType::Integer);
    positive.checks.push(check("positive_check", "VALUE > 0"));
    let mut code = Domain::new(S, "code", ColumnType::Text);
    code.collation = Some("C".into());
    code.checks.push(check("code_check", "VALUE ~ '^[A-Z]+$'"));
    code.comment = Some("Upper-case letters.".into());
    let mut short = Domain::new(S, "short_code", ColumnType::parse("app.code").unwrap());
    short.checks.push(check("short", "length(VALUE) <= 3"));
    let first = with(
        vec![
            col("qty", "app.positive", true),
            col("code", "app.code", true),
            col("short", "app.short_code", true),
        ],
        vec![positive.clone(), code.clone(), short],
    );
    let mut positive2 = positive;
    positive2.default = Some("1".into());
    positive2.not_null = true;
    positive2
        .checks
        .push(check("below_thousand", "VALUE < 1000"));
    let mut code2 = code;
    code2.checks = vec![check("code_check", "VALUE ~ '^[A-Z]{1,8}$'")];
    code2.comment = Some("One to eight upper-case letters.".into());
    let mut label = Domain::new(S, "label", ColumnType::Varchar(Some(20)));
    label.default = Some("'none'::character varying".into());
    let second = with(
        vec![
            col("qty", "app.positive", true),
            col("code", "app.code", true),
            col("label", "app.label", true),
        ],
        vec![positive2, code2, label],
    );
    (none, first, second)
}

#[test]
fn domains_are_created_altered_and_dropped_with_undo() {
    let (none, first, second) = domain_models();
    let (_, text) = rendered(&first, &second);
    for needle in [
        r#"ALTER DOMAIN "app"."positive" SET DEFAULT 1;"#,
        r#"ALTER DOMAIN "app"."positive" SET NOT NULL;"#,
        r#"ALTER DOMAIN "app"."positive" ADD CONSTRAINT "below_thousand" CHECK (VALUE < 1000) NOT VALID"#,
        r#"ALTER DOMAIN "app"."positive" VALIDATE CONSTRAINT "below_thousand";"#,
        r#"ALTER DOMAIN "app"."code" DROP CONSTRAINT IF EXISTS "code_check";"#,
        r#"COMMENT ON DOMAIN "app"."code" IS 'One to eight upper-case letters.';"#,
        r#"DROP DOMAIN IF EXISTS "app"."short_code";"#,
    ] {
        assert!(text.contains(needle), "`{needle}` not in:\n{text}");
    }
    round_trip("domains_created", &none, &first);
    round_trip("domains_altered", &first, &second);
    round_trip("domains_dropped", &second, &none);
    // The complete script creates them (a domain over a domain after its base), twice.
    let db = TestDb::new();
    let script = hims_render::baseline(
        &first,
        &hims_render::BaselineHeader {
            file_name: "V001".into(),
            regenerate: "test".into(),
        },
    );
    for what in ["baseline", "baseline again"] {
        apply(&db, &script, true, what).unwrap();
    }
    assert_same_model(
        &expected(&db, &first),
        &catalog(&db),
        "baseline with domains",
    );
}

/// A check added to a domain whose columns hold values that fail it: the main file adds it
/// `NOT VALID` (new values are refused at once, stored ones left alone), the online file's
/// VALIDATE stops naming the check; once the rows are fixed the same file completes, and
/// the undo goes back with every row kept.
#[test]
fn a_domain_check_that_stored_values_fail_stops_at_validation_and_completes_once_fixed() {
    let (_, first, second) = domain_models();
    let (plan, _) = rendered(&first, &second);
    let db = TestDb::new();
    let header = hims_render::BaselineHeader {
        file_name: "a".into(),
        regenerate: "test".into(),
    };
    apply(
        &db,
        &hims_render::baseline(&first, &header),
        true,
        "baseline",
    )
    .unwrap();
    apply(
        &db,
        "INSERT INTO app.items (id, qty, code, short) VALUES (1, 5, 'AB', 'AB'), (2, 2500, 'ABCDEFGH', NULL), (3, 999, NULL, 'X');",
        true,
        "rows",
    )
    .unwrap();
    let h = hims_migrations::delta::FileHeader {
        file_name: "f",
        command: "t",
        from_snapshot: "a",
    };
    let files: Vec<(String, bool)> = plan
        .files
        .iter()
        .map(|f| {
            (
                hims_migrations::delta::render_forward(f, &h),
                f.non_transactional(),
            )
        })
        .collect();
    assert_eq!(files.len(), 2, "a main and an online file");
    apply(&db, &files[0].0, !files[0].1, "main file").unwrap();
    // Before validation the check already holds for new values.
    let refused = apply(
        &db,
        "INSERT INTO app.items (id, qty) VALUES (4, 5000);",
        true,
        "a new value failing the check",
    )
    .unwrap_err();
    assert!(refused.contains("below_thousand"), "{refused}");
    let stopped = apply(&db, &files[1].0, !files[1].1, "online file").unwrap_err();
    assert!(
        stopped.contains("below_thousand") && stopped.contains("violate"),
        "{stopped}"
    );
    apply(
        &db,
        "UPDATE app.items SET qty = 999 WHERE qty >= 1000;",
        true,
        "fix",
    )
    .unwrap();
    apply(&db, &files[1].0, !files[1].1, "online file again").unwrap();
    assert_same_model(
        &expected(&db, &second),
        &catalog(&db),
        "after the fixed delta",
    );
    for (i, f) in plan.files.iter().enumerate().rev() {
        let sql = hims_migrations::delta::render_undo(f, &h);
        apply(&db, &sql, !f.non_transactional(), &format!("undo {i}")).unwrap();
    }
    assert_same_model(&expected(&db, &first), &catalog(&db), "after the undo");
    let rows = db.psql("SELECT string_agg(id || ':' || qty, ',' ORDER BY id) FROM app.items");
    assert!(format!("{rows:?}").contains("1:5,2:999,3:999"), "{rows:?}");
}

/// A new base type cannot be had in place: the plan is refused with the way out.
#[test]
fn a_domain_with_a_new_base_type_is_refused() {
    let (_, first, _) = domain_models();
    let mut second = first.clone();
    second
        .domains
        .iter_mut()
        .find(|d| d.name == "positive")
        .unwrap()
        .base = ColumnType::BigInt;
    second.canonicalize();
    let changes = hims_diff::diff(&first, &second);
    let e = hims_diff::check_plan(&first, &changes)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("app.positive") && e.contains("cannot change the base type"),
        "{e}"
    );
}

/// DEFERRABLE keys and constraints (issue #10): created deferrable; a foreign key's
/// deferral changed in place (`ALTER CONSTRAINT`), a primary key's, a unique's and an
/// exclusion's by dropping and adding them; each applied and undone. A deferred foreign key
/// lets one transaction insert a child before its parent.
fn deferral_models() -> (Model, Model) {
    use hims_model::{Deferral, Exclusion, ExclusionElement, IndexMethod};
    let build = |fk: Deferral, pk: Deferral, unique: Deferral, exclusion: Deferral| {
        let mut parents = table("parents", vec![col("code", "text", true)]);
        parents.uniques.push(Unique {
            name: "parents_code_key".into(),
            columns: vec!["code".into()],
            nulls_not_distinct: false,
            deferral: unique,
        });
        let mut children = table(
            "children",
            vec![
                col("parent_id", "integer", true),
                col("during", "tsrange", true),
            ],
        );
        children.primary_key.as_mut().unwrap().deferral = pk;
        children.foreign_keys.push(ForeignKey {
            name: "children_parent_id_fkey".into(),
            columns: vec!["parent_id".into()],
            ref_table: q("parents"),
            ref_columns: vec!["id".into()],
            on_delete: Default::default(),
            on_update: Default::default(),
            deferral: fk,
        });
        children.exclusions.push(Exclusion {
            name: "children_no_overlap".into(),
            method: IndexMethod::Gist,
            elements: vec![ExclusionElement {
                expr: "during".into(),
                operator: "&&".into(),
            }],
            predicate: None,
            deferral: exclusion,
        });
        model(vec![parents, children], vec![], vec![])
    };
    use Deferral::*;
    (
        build(NotDeferrable, NotDeferrable, NotDeferrable, NotDeferrable),
        build(
            InitiallyDeferred,
            InitiallyImmediate,
            InitiallyDeferred,
            InitiallyDeferred,
        ),
    )
}

#[test]
fn deferrable_constraints_are_created_and_changed_with_undo() {
    let (immediate, deferred) = deferral_models();
    let (_, text) = rendered(&immediate, &deferred);
    for needle in [
        r#"ALTER TABLE "app"."children" ALTER CONSTRAINT "children_parent_id_fkey" DEFERRABLE INITIALLY DEFERRED;"#,
        r#"ADD CONSTRAINT "children_pkey" PRIMARY KEY ("id") DEFERRABLE INITIALLY IMMEDIATE"#,
        r#"ADD CONSTRAINT "parents_code_key" UNIQUE ("code") DEFERRABLE INITIALLY DEFERRED"#,
        r#"EXCLUDE USING gist (during WITH &&) DEFERRABLE INITIALLY DEFERRED"#,
        r#"ALTER TABLE "app"."children" ALTER CONSTRAINT "children_parent_id_fkey" NOT DEFERRABLE;"#,
    ] {
        assert!(text.contains(needle), "`{needle}` not in:\n{text}");
    }
    round_trip("deferral_changed", &immediate, &deferred);
    round_trip("deferral_changed_back", &deferred, &immediate);

    // Built deferrable by the complete script (twice), and deferred for real.
    let db = TestDb::new();
    let script = hims_render::baseline(
        &deferred,
        &hims_render::BaselineHeader {
            file_name: "V001".into(),
            regenerate: "test".into(),
        },
    );
    for what in ["baseline", "baseline again"] {
        apply(&db, &script, true, what).unwrap();
    }
    assert_same_model(
        &expected(&db, &deferred),
        &catalog(&db),
        "baseline with deferrable constraints",
    );
    apply(
        &db,
        "INSERT INTO app.children (id, parent_id) VALUES (1, 10);
         INSERT INTO app.parents (id, code) VALUES (10, 'a');",
        true,
        "a child before its parent, in one transaction",
    )
    .unwrap();
    let refused = apply(
        &db,
        "INSERT INTO app.children (id, parent_id) VALUES (2, 20);",
        true,
        "a child without a parent",
    )
    .unwrap_err();
    assert!(
        refused.contains("children_parent_id_fkey"),
        "checked at commit: {refused}"
    );
}

/// A foreign key cannot reference a deferrable key: validation says so.
#[test]
fn a_foreign_key_to_a_deferrable_key_is_refused() {
    let (_, mut deferred) = deferral_models();
    let parents = deferred
        .tables
        .iter_mut()
        .find(|t| t.name == "parents")
        .unwrap();
    parents.primary_key.as_mut().unwrap().deferral = hims_model::Deferral::InitiallyImmediate;
    let e = deferred.validate().unwrap_err().to_string();
    assert!(
        e.contains("referenced key (id) of app.parents is DEFERRABLE"),
        "{e}"
    );
}

/// PostgreSQL cannot check a domain's stored values while a column holds arrays of it: the
/// validation of a new check, or a new NOT NULL, on such a domain is refused with the
/// column named.
#[test]
fn a_domain_check_is_refused_while_a_column_holds_arrays_of_the_domain() {
    let (_, first, _) = domain_models();
    let mut with_array = first.clone();
    with_array.tables[0]
        .columns
        .push(col("codes", "app.code[]", true));
    with_array.canonicalize();
    let mut second = with_array.clone();
    let code = second
        .domains
        .iter_mut()
        .find(|d| d.name == "code")
        .unwrap();
    code.checks.push(Check {
        name: "not_empty".into(),
        expr: "VALUE <> ''".into(),
    });
    code.not_null = true;
    let changes = hims_diff::diff(&with_array, &second);
    let e = hims_diff::check_plan(&with_array, &changes)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("validate check not_empty of domain app.code")
            && e.contains("make domain app.code NOT NULL")
            && !e.contains("`add check")
            && e.contains("column app.items.codes holds arrays of it"),
        "{e}"
    );
    // The same database really refuses it.
    let db = TestDb::new();
    let header = hims_render::BaselineHeader {
        file_name: "a".into(),
        regenerate: "test".into(),
    };
    apply(
        &db,
        &hims_render::baseline(&with_array, &header),
        true,
        "baseline",
    )
    .unwrap();
    apply(
        &db,
        "ALTER DOMAIN app.code ADD CONSTRAINT not_empty CHECK (VALUE <> '') NOT VALID;",
        true,
        "a check that reads no stored value",
    )
    .unwrap();
    let refused = apply(
        &db,
        "ALTER DOMAIN app.code VALIDATE CONSTRAINT not_empty;",
        true,
        "validation",
    )
    .unwrap_err();
    assert!(
        refused.contains("because column \"items.codes\" uses it"),
        "{refused}"
    );
}

/// `Table::rows`: the complete script inserts them (twice changes nothing); a delta inserts
/// the rows the new model adds when absent and deletes, by key, the rows it drops (a
/// data-loss hazard); re-running the files changes nothing; the undo restores the old rows.
#[test]
fn rows_are_inserted_when_absent_and_deleted_by_key() {
    let row = |id: &str, label: &str| -> hims_model::Row {
        [("id", id), ("label", label)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let kinds = |rows: Vec<hims_model::Row>| {
        let mut t = table(
            "kinds",
            vec![col("label", "text", false), col("note", "text", true)],
        );
        t.rows = rows;
        t
    };
    let a = model(
        vec![kinds(vec![row("1", "it's first"), row("2", "second")])],
        vec![],
        vec![],
    );
    let b = model(
        vec![kinds(vec![row("2", "second"), row("3", "E'\\x' third")])],
        vec![],
        vec![],
    );
    let changes = hims_diff::diff(&a, &b);
    let described: Vec<String> = changes.iter().map(|c| c.describe()).collect();
    assert_eq!(
        described,
        [
            "insert row (id = 3) into app.kinds (when absent)",
            "delete row (id = 1) from app.kinds"
        ]
    );
    assert!(
        changes[1]
            .hazards()
            .iter()
            .any(|h| h.kind == hims_diff::HazardKind::DataLoss)
    );
    round_trip("rows_inserted_and_deleted", &a, &b);

    let labels = |db: &TestDb| -> Vec<String> {
        db.connect()
            .query("SELECT id || ':' || label FROM app.kinds ORDER BY id", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    };
    let db = TestDb::new();
    let header = hims_render::BaselineHeader {
        file_name: "a".into(),
        regenerate: "test".into(),
    };
    let script = hims_render::baseline(&a, &header);
    for run in ["first", "second"] {
        apply(&db, &script, true, &format!("baseline of a, {run} run")).unwrap();
    }
    assert_eq!(labels(&db), ["1:it's first", "2:second"]);
    let (plan, _) = rendered(&a, &b);
    let h = hims_migrations::delta::FileHeader {
        file_name: "f",
        command: "t",
        from_snapshot: "a",
    };
    for run in ["first", "second"] {
        for f in &plan.files {
            let sql = hims_migrations::delta::render_forward(f, &h);
            apply(&db, &sql, !f.non_transactional(), run).unwrap();
        }
    }
    assert_eq!(labels(&db), ["2:second", "3:E'\\x' third"]);
    for f in plan.files.iter().rev() {
        let sql = hims_migrations::delta::render_undo(f, &h);
        apply(&db, &sql, !f.non_transactional(), "undo").unwrap();
    }
    assert_eq!(labels(&db), ["1:it's first", "2:second"]);
}

/// An enum rebuilt (a value removed) under a domain over it cannot be: the plan is refused
/// naming the domain.
#[test]
fn an_enum_under_a_domain_is_not_rebuilt() {
    let with = |values: &[&str]| {
        let mut m = model(
            vec![table("items", vec![col("state", "app.open_state", true)])],
            vec![enum_type("state", values)],
            vec![],
        );
        m.domains.push(hims_model::Domain::new(
            S,
            "open_state",
            ColumnType::parse("app.state").unwrap(),
        ));
        m.canonicalize();
        m.validate().unwrap();
        m
    };
    let (a, b) = (with(&["open", "closed", "gone"]), with(&["open", "closed"]));
    let changes = hims_diff::diff(&a, &b);
    let e = hims_diff::check_plan(&a, &changes).unwrap_err().to_string();
    assert!(
        e.contains("domain app.open_state is over the enum type"),
        "{e}"
    );
    // Adding a value needs no rebuild.
    let c = with(&["open", "closed", "gone", "archived"]);
    assert!(hims_diff::check_plan(&a, &hims_diff::diff(&a, &c)).is_ok());
}

/// `gen-migration` from `first` (released) to `second`, proven on a throw-away database
/// before it is written (forward equals the definitions, undo equals the release); then the
/// runner migrates a database at the release holding `rows`, and undoes it, each ending
/// without drift. Returns the plan's steps described, and the database.
fn proven_and_run(name: &str, first: &Model, second: &Model, rows: &str) -> (Vec<String>, TestDb) {
    use hims_diff::HazardKind;
    use hims_migrations::repo::{GenOptions, gen_migration};
    let dir = std::env::temp_dir().join(format!("hims-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    hims_migrations::write_all(&dir, &hims_migrations::generate(first)).unwrap();
    let cluster = hims_testdb::cluster().expect("a PostgreSQL server (hims-testdb)");
    let server =
        hims_verify::Server::new(cluster.admin_conn_str(), move |db| cluster.conn_str_for(db));
    let verifier = hims_verify::DbVerifier { server: &server };
    let g = gen_migration(
        &dir,
        second,
        &GenOptions {
            description: name,
            allow: &HazardKind::ALL,
            dry_run: false,
            empty_template: None,
            verifier: Some(&verifier as &dyn hims_migrations::repo::Verifier),
            edit_plan: None,
        },
    )
    .unwrap_or_else(|e| panic!("{name}: gen-migration: {e}"))
    .expect("a change");
    let steps = g.plan.steps().map(|s| s.change.describe()).collect();

    let db = TestDb::new();
    let config = |target: Option<&str>| {
        let mut c = hims_runner::Config::new(db.conn_str(), dir.join("migrations"));
        c.target = target.map(str::to_string);
        c
    };
    hims_runner::migrate(&config(Some("1")), &mut |_| {})
        .unwrap_or_else(|e| panic!("{name}: migrate to the release: {e}"));
    db.psql(rows).unwrap();
    hims_runner::migrate(&config(None), &mut |_| {})
        .unwrap_or_else(|e| panic!("{name}: migrate: {e}"));
    let drift = hims_pg::drift(&mut db.connect(), second).unwrap();
    assert!(
        drift.is_empty(),
        "{name}: after migrate: {:?}",
        drift.grouped()
    );
    for _ in &g.migrations {
        hims_runner::undo(&config(None), &mut |_| {})
            .unwrap_or_else(|e| panic!("{name}: undo: {e}"));
    }
    let drift = hims_pg::drift(&mut db.connect(), first).unwrap();
    assert!(
        drift.is_empty(),
        "{name}: after undo: {:?}",
        drift.grouped()
    );
    std::fs::remove_dir_all(&dir).ok();
    (steps, db)
}

/// Domains through `gen-migration` and the runner (issue #10), on a release with rows.
#[test]
fn a_domain_change_is_proven_by_gen_migration_and_run_by_the_runner() {
    let (_, first, second) = domain_models();
    let (steps, db) = proven_and_run(
        "domains_altered",
        &first,
        &second,
        "INSERT INTO app.items (id, qty, code, short) VALUES (1, 5, 'AB', 'AB'), (2, 999, NULL, NULL);",
    );
    assert!(
        steps
            .iter()
            .any(|s| s == "validate check below_thousand of domain app.positive"),
        "{steps:?}"
    );
    let rows = db
        .psql("SELECT string_agg(id || ':' || qty, ',' ORDER BY id) FROM app.items")
        .unwrap();
    assert!(rows.contains("1:5,2:999"), "{rows}");
}

/// Deferral changes through `gen-migration` and the runner (issue #10), both ways.
#[test]
fn a_deferral_change_is_proven_by_gen_migration_and_run_by_the_runner() {
    let (immediate, deferred) = deferral_models();
    let rows = "INSERT INTO app.parents (id, code) VALUES (1, 'a'); INSERT INTO app.children (id, parent_id) VALUES (1, 1);";
    let (steps, _) = proven_and_run("deferral_changed", &immediate, &deferred, rows);
    assert!(
        steps.iter().any(|s| s
            == "make foreign key children_parent_id_fkey of app.children deferrable, initially deferred"),
        "{steps:?}"
    );
    proven_and_run("deferral_changed_back", &deferred, &immediate, rows);
}

/// A domain whose default calls `nextval()` on a sequence of the model: the complete script
/// creates the sequence first (twice changes nothing), and so does a delta, with its undo.
#[test]
fn a_domain_default_may_draw_from_a_sequence() {
    let with = |domain: bool| {
        let mut m = model(
            vec![table(
                "tickets",
                vec![col(
                    "no",
                    if domain { "app.ticket_no" } else { "bigint" },
                    true,
                )],
            )],
            vec![],
            vec![],
        );
        if domain {
            m.sequences.push(hims_model::Sequence::new(S, "ticket_seq"));
            let mut d = hims_model::Domain::new(S, "ticket_no", ColumnType::BigInt);
            d.default = Some("nextval('app.ticket_seq'::regclass)".into());
            m.domains.push(d);
        }
        m.canonicalize();
        m.validate().unwrap();
        m
    };
    let (plain, drawn) = (with(false), with(true));
    let db = TestDb::new();
    let script = hims_render::baseline(
        &drawn,
        &hims_render::BaselineHeader {
            file_name: "V001".into(),
            regenerate: "test".into(),
        },
    );
    for what in ["baseline", "baseline again"] {
        apply(&db, &script, true, what).unwrap();
    }
    assert_same_model(&expected(&db, &drawn), &catalog(&db), "baseline");
    apply(
        &db,
        "INSERT INTO app.tickets (id) VALUES (1), (2);",
        true,
        "rows",
    )
    .unwrap();
    let numbers = db
        .psql("SELECT string_agg(no::text, ',' ORDER BY id) FROM app.tickets")
        .unwrap();
    assert!(numbers.contains("1,2"), "{numbers}");
    round_trip("domain_default_from_a_sequence", &plain, &drawn);
    round_trip("domain_default_from_a_sequence_dropped", &drawn, &plain);
}

/// Composite types (issue #10): `app.address` of built-in (one collated), enum and domain
/// attributes, `app."Route Stop"` nesting it, a table with a column of each (one an array),
/// with `function` a function returning one. `none` has neither the types nor the columns
/// (nor the function); `with_country` adds an attribute to `app.address`.
fn composite_models(function: bool) -> (Model, Model, Model) {
    use hims_model::{CompositeAttribute, CompositeType, Domain};
    let attribute =
        |name: &str, ty: &str| CompositeAttribute::new(name, ColumnType::parse(ty).unwrap());
    let mut zip = Domain::new(S, "zip", ColumnType::Varchar(Some(10)));
    zip.checks.push(Check {
        name: "zip_check".into(),
        expr: "VALUE ~ '^[0-9]+$'".into(),
    });
    let mut address = CompositeType::new(
        S,
        "address",
        vec![
            CompositeAttribute {
                collation: Some("C".into()),
                ..attribute("street", "text")
            },
            attribute("city", "text"),
            attribute("zip", "app.zip"),
            attribute("kind", "app.place_kind"),
        ],
    );
    address.comment = Some("Where a parcel goes.".into());
    let stop = CompositeType::new(
        S,
        "Route Stop",
        vec![attribute("at", "app.address"), attribute("seq", "integer")],
    );
    let with = |columns: Vec<Column>, composites: Vec<CompositeType>| {
        let mut m = model(
            vec![table("parcels", columns)],
            vec![enum_type("place_kind", &["home", "office"])],
            vec![],
        );
        m.domains = vec![zip.clone()];
        m.composites = composites;
        if function && !m.composites.is_empty() {
            m.functions.push(hims_model::Function {
                schema: S.into(),
                name: "first_stop".into(),
                kind: Default::default(),
                args: vec![hims_model::FunctionArg::new(
                    "stops",
                    r#"app."Route Stop"[]"#,
                )],
                returns: "app.address".into(),
                language: hims_model::FunctionLanguage::Sql,
                volatility: hims_model::Volatility::Immutable,
                security_definer: false,
                strict: false,
                search_path: Vec::new(),
                settings: Default::default(),
                parallel: Default::default(),
                leakproof: false,
                cost: None,
                rows: None,
                body: "SELECT (stops[1]).at".into(),
                comment: None,
                depends_on: Vec::new(),
                origin: Default::default(),
            });
        }
        m.canonicalize();
        m
    };
    let none = with(vec![col("label", "text", true)], vec![]);
    let columns = vec![
        col("label", "text", true),
        col("dest", "app.address", true),
        col("stops", r#"app."Route Stop"[]"#, true),
    ];
    let first = with(columns.clone(), vec![address.clone(), stop.clone()]);
    let mut wider = address;
    wider
        .attributes
        .push(attribute("country", "character varying(2)"));
    let with_country = with(columns, vec![wider, stop]);
    (none, first, with_country)
}

#[test]
fn composite_types_are_created_altered_and_dropped_with_undo() {
    let (_, first, with_country) = composite_models(true);
    let (plan, text) = rendered(&first, &with_country);
    assert!(
        text.contains(r#"ALTER TYPE "app"."address" ADD ATTRIBUTE "country" character varying(2)"#),
        "{text}"
    );
    assert!(plan.steps().all(|s| s.hazards.is_empty()), "{text}");
    let (plan, text) = rendered(&with_country, &first);
    assert!(
        text.contains(r#"ALTER TYPE "app"."address" DROP ATTRIBUTE IF EXISTS "country";"#),
        "{text}"
    );
    let hazards: Vec<String> = plan
        .steps()
        .flat_map(|s| {
            s.hazards
                .iter()
                .map(|h| format!("{:?}: {}", h.kind, h.reason))
        })
        .collect();
    assert!(
        hazards.iter().any(|h| h.starts_with("DataLoss")
            && h.contains("attribute country")
            && h.contains("app.parcels.dest")
            && h.contains("app.parcels.stops")),
        "{hazards:?}"
    );
    round_trip("composite_attribute_added", &first, &with_country);
    round_trip("composite_attribute_dropped", &with_country, &first);
    // Created and dropped with the columns of them (squawk counts any function dropped as
    // breaking, which the engine's hazards do not: without one here).
    let (none, first, _) = composite_models(false);
    round_trip("composites_created", &none, &first);
    round_trip("composites_dropped", &first, &none);
    // The complete script creates them (the nested type after the one it holds), twice.
    let db = TestDb::new();
    let script = hims_render::baseline(
        &first,
        &hims_render::BaselineHeader {
            file_name: "V001".into(),
            regenerate: "test".into(),
        },
    );
    for what in ["baseline", "baseline again"] {
        apply(&db, &script, true, what).unwrap();
    }
    assert_same_model(
        &expected(&db, &first),
        &catalog(&db),
        "baseline with composite types",
    );
}

/// Rows of a table whose columns hold composite values (one an array of a type nesting
/// another): an attribute added through `gen-migration` and the runner (proven before it
/// is written), then dropped the same way, each undone, without drift; every other value
/// of every row stays.
#[test]
fn composite_attributes_added_and_dropped_keep_the_rows() {
    let (_, first, with_country) = composite_models(true);
    // `country`: the extra attribute's value (`""` before it exists).
    let rows = |country: &str| {
        format!(
            r#"INSERT INTO app.parcels (id, label, dest, stops) VALUES
        (1, 'a', ROW('Main St 1', 'Bern', '3000', 'home'{country}), ARRAY[ROW(ROW('Dock 4', 'Basel', '4000', 'office'{country})::app.address, 1)::app."Route Stop"]),
        (2, 'b', ROW('Rue 2', 'Genève', '1200', 'office'{country}), NULL),
        (3, 'c', NULL, NULL);"#
        )
    };
    let values = |db: &TestDb| {
        texts(
            db,
            r#"SELECT id || ':' || label || ':' || coalesce((dest).street || '/' || (dest).city || '/' || (dest).zip || '/' || (dest).kind, '-')
                      || ':' || coalesce(((stops[1]).at).city || '#' || (stops[1]).seq, '-')
                      || ':' || coalesce((app.first_stop(stops)).street, '-')
                 FROM app.parcels ORDER BY id"#,
        )
    };
    let want = vec![
        "1:a:Main St 1/Bern/3000/home:Basel#1:Dock 4".to_string(),
        "2:b:Rue 2/Genève/1200/office:-:-".to_string(),
        "3:c:-:-:-".to_string(),
    ];
    let (steps, db) = proven_and_run(
        "composite_attribute_added",
        &first,
        &with_country,
        &rows(""),
    );
    assert_eq!(
        steps,
        vec!["add attribute country character varying(2) to composite type app.address"]
    );
    assert_eq!(values(&db), want, "after migrate and undo");

    // Released with the attribute, holding values in it; dropped, the rest stays.
    let (steps, db) = proven_and_run(
        "composite_attribute_dropped",
        &with_country,
        &first,
        &rows(", 'CH'"),
    );
    assert_eq!(
        steps,
        vec!["drop attribute country of composite type app.address"]
    );
    assert_eq!(values(&db), want, "after the drop and its undo");
    // The undo brings the attribute back, empty: its values went with the drop.
    assert_eq!(
        texts(
            &db,
            "SELECT coalesce((dest).country, '-') FROM app.parcels ORDER BY id"
        ),
        vec!["-", "-", "-"]
    );
}

/// PostgreSQL cannot change an attribute's type while a column holds the type: the plan is
/// refused naming the columns and the way out; with no column of it, it is altered in
/// place and undone.
#[test]
fn a_composite_attribute_retyped_under_a_column_is_refused() {
    let (none, first, _) = composite_models(false);
    let retype = |m: &Model| {
        let mut m = m.clone();
        let zip = m
            .composites
            .iter_mut()
            .find(|c| c.name == "address")
            .unwrap()
            .attributes
            .iter_mut()
            .find(|a| a.name == "city")
            .unwrap();
        zip.ty = ColumnType::Varchar(Some(80));
        m
    };
    let second = retype(&first);
    let changes = hims_diff::diff(&first, &second);
    let e = hims_diff::check_plan(&first, &changes)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("change the type of attribute city of composite type app.address from text to character varying(80)")
            && e.contains("app.parcels.dest, app.parcels.stops")
            && e.contains("add an attribute of another name"),
        "{e}"
    );
    // The same types with no table column holding them (the function still returns one).
    let mut unused = first.clone();
    unused.tables = none.tables.clone();
    let retyped = retype(&unused);
    let changes = hims_diff::diff(&unused, &retyped);
    hims_diff::check_plan(&unused, &changes).unwrap();
    round_trip("composite_attribute_retyped", &unused, &retyped);
}

/// Column collations (issue #10): `word` (indexed, read by a view) moves from collation
/// `from` to `"C"` and `note` from the type's own to `"C"`: `ALTER COLUMN … TYPE text COLLATE
/// "C"` without USING (the table's file is kept, the index rebuilt for the new collation),
/// the view dropped and re-created around it; the undo goes back.
fn collation_models(from: &str) -> (Model, Model) {
    let v = View {
        schema: S.into(),
        name: "v_words".into(),
        query: "SELECT id, word FROM app.words".into(),
        security_invoker: true,
        comment: None,
        depends_on: vec![q("words")],
        materialized: None,
        origin: Default::default(),
    };
    let with = |word: &str, note: Option<&str>, added: bool| {
        let mut w = col("word", "text", false);
        w.collation = Some(word.into());
        let mut n = col("note", "text", true);
        n.collation = note.map(str::to_string);
        let mut columns = vec![w, n, col("tags", "text[]", true)];
        if added {
            let mut label = col("label", "character varying(20)", true);
            label.collation = Some("POSIX".into());
            columns.push(label);
        }
        let mut t = table("words", columns);
        t.indexes.push(index("words_word_idx", &["word"]));
        if added {
            // A key collated otherwise than its column.
            let mut posix = index("words_note_posix", &["note"]);
            posix.keys = vec![IndexKey::Column {
                name: "note".into(),
                descending: true,
                opclass: Some("text_pattern_ops".into()),
                collation: Some("POSIX".into()),
            }];
            t.indexes.push(posix);
        }
        model(vec![t], vec![], vec![v.clone()])
    };
    (with(from, None, false), with("C", Some("C"), true))
}

#[test]
fn a_column_collation_changed_and_back_keeps_the_rows_and_orders_by_the_new_one() {
    let (a, b) = collation_models("POSIX");
    let (plan, text) = rendered(&a, &b);
    for needle in [
        r#"ALTER TABLE "app"."words" ALTER COLUMN "word" TYPE text COLLATE "C";"#,
        r#"ALTER TABLE "app"."words" ALTER COLUMN "note" TYPE text COLLATE "C";"#,
        r#"ALTER TABLE "app"."words" ALTER COLUMN "word" TYPE text COLLATE "POSIX";"#,
        // Back to the type's own collation: no COLLATE.
        r#"ALTER TABLE "app"."words" ALTER COLUMN "note" TYPE text;"#,
        r#"ADD COLUMN IF NOT EXISTS "label" character varying(20) COLLATE "POSIX""#,
        r#"ON "app"."words" (("note" COLLATE "POSIX") "text_pattern_ops" DESC);"#,
    ] {
        assert!(text.contains(needle), "`{needle}` not in:\n{text}");
    }
    assert!(!text.contains("USING"), "no conversion:\n{text}");
    let hazards: Vec<_> = plan
        .steps()
        .flat_map(|s| &s.hazards)
        .map(|h| h.to_string())
        .collect();
    assert!(
        hazards
            .iter()
            .any(|h| h.contains("ACCESS EXCLUSIVE on app.words")
                && h.contains("rebuilds the indexes on word for collation \"C\"")),
        "{hazards:#?}"
    );
    assert!(
        !hazards.iter().any(|h| h.contains("rewrites the table")),
        "{hazards:#?}"
    );
    round_trip("column_collation_changed", &a, &b);

    // With rows, from a collation that orders differently from "C" when the server has one
    // (an ICU collation, else a libc locale): ORDER BY follows the column's collation.
    let probe = TestDb::new();
    let other = texts(
        &probe,
        "SELECT collname::text FROM pg_collation
          WHERE collname IN ('en-x-icu', 'und-x-icu', 'en_US.utf8', 'en_US.UTF-8')
            AND collencoding IN (-1, pg_char_to_encoding('UTF8'))
          ORDER BY collname = 'en-x-icu' DESC, collprovider = 'i' DESC, collname LIMIT 1",
    );
    let from = other.first().map(String::as_str).unwrap_or("POSIX");
    eprintln!("collation before the delta: {from}");
    let (a, b) = collation_models(from);
    let seed = "INSERT INTO app.words (id, word, note, tags) VALUES
        (1, 'b', 'b', '{b,B}'), (2, 'B', 'B', NULL), (3, 'a', 'a', '{a}'), (4, 'A', NULL, '{A,a}');";
    let (db, files) = under_data(&a, &b, seed);
    let rows = "SELECT id || ':' || word || ':' || coalesce(note, '-') || ':' || coalesce(tags::text, '-') FROM app.words ORDER BY id";
    let kept = ["1:b:b:{b,B}", "2:B:B:-", "3:a:a:{a}", "4:A:-:{A,a}"];
    let order = |db: &TestDb, collate: &str| {
        texts(
            db,
            &format!("SELECT word FROM app.words ORDER BY word{collate}, id"),
        )
    };
    assert_eq!(texts(&db, rows), kept, "the delta keeps every row");
    assert_same_model(&expected(&db, &b), &catalog(&db), "after the delta");
    assert_eq!(order(&db, ""), ["A", "B", "a", "b"], "ordered by \"C\"");
    assert_eq!(
        texts(&db, "SELECT word FROM app.v_words ORDER BY word, id"),
        ["A", "B", "a", "b"],
        "the re-created view reads the column's new collation"
    );
    let index_collation = "SELECT co.collname::text FROM pg_index i
        JOIN pg_collation co ON co.oid = i.indcollation[0]
       WHERE i.indexrelid = 'app.words_word_idx'::regclass AND i.indisvalid";
    assert_eq!(texts(&db, index_collation), ["C"], "the index was rebuilt");
    undo_all(&db, &files);
    assert_eq!(texts(&db, rows), kept, "the undo keeps every row");
    assert_same_model(&expected(&db, &a), &catalog(&db), "after the undo");
    let quoted = format!(" COLLATE \"{from}\"");
    assert_eq!(
        order(&db, ""),
        order(&db, &quoted),
        "ordered by {from} again"
    );
    assert_eq!(texts(&db, index_collation), [from]);
    if from != "POSIX" {
        assert_ne!(
            order(&db, ""),
            ["A", "B", "a", "b"],
            "{from} orders otherwise"
        );
    }
}

/// `app.events` partitioned by range of `at`, with `partitions` declared (`None`: the
/// implicit `events_default` alone).
fn events(partitions: Option<Vec<hims_model::Partition>>) -> Model {
    let mut t = table(
        "events",
        vec![col("at", "date", false), col("kind", "text", false)],
    );
    t.primary_key.as_mut().unwrap().columns = vec!["id".into(), "at".into(), "kind".into()];
    t.partition_by = Some(hims_model::Partitioning {
        method: hims_model::PartitionMethod::Range,
        columns: vec!["at".into()],
    });
    t.partitions = partitions;
    let mut shards = table("shards", vec![col("v", "text", true)]);
    shards.partition_by = Some(hims_model::Partitioning {
        method: hims_model::PartitionMethod::Hash,
        columns: vec!["id".into()],
    });
    shards.partitions = Some(vec![hims_model::Partition::new(
        "shards_0",
        "FOR VALUES WITH (modulus 1, remainder 0)",
    )]);
    model(vec![t, shards], vec![], vec![])
}

fn part(name: &str, bound: &str) -> hims_model::Partition {
    hims_model::Partition::new(name, bound)
}

/// Rows per partition of app.events, and their total.
fn rows_by_partition(db: &TestDb) -> (Vec<(String, i64)>, i64) {
    let mut c = db.connect();
    let by: Vec<(String, i64)> = c
        .query(
            "SELECT tableoid::regclass::text, count(*) FROM app.events GROUP BY 1 ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let total = by.iter().map(|(_, n)| n).sum();
    (by, total)
}

/// a → b with rows routed into the partitions, forward then undo; the rows of every
/// partition kept (moved where their new partition is) and the catalog as each side says.
fn partition_round_trip(name: &str, a: &Model, b: &Model) -> [(Vec<(String, i64)>, i64); 3] {
    let (plan, text) = rendered(a, b);
    insta::assert_snapshot!(name, text);
    squawk_agrees(name, &plan);
    let db = TestDb::new();
    let header = hims_render::BaselineHeader {
        file_name: "a".into(),
        regenerate: "test".into(),
    };
    apply(
        &db,
        &hims_render::baseline(a, &header),
        true,
        "baseline of a",
    )
    .unwrap();
    apply(
        &db,
        "INSERT INTO app.events (id, at, kind) VALUES
            (1, '2024-03-01', 'visit'), (2, '2024-09-01', 'lab'),
            (3, '2025-02-01', 'visit'), (4, '2025-03-01', 'lab'), (5, '2025-12-31', 'lab'),
            (6, '2030-01-01', 'visit');
         INSERT INTO app.shards (id, v) SELECT g, 'v' FROM generate_series(1, 5) g;",
        true,
        "rows",
    )
    .unwrap();
    let before = rows_by_partition(&db);
    let h = hims_migrations::delta::FileHeader {
        file_name: "f",
        command: "t",
        from_snapshot: "a",
    };
    for (i, f) in plan.files.iter().enumerate() {
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
    let after = rows_by_partition(&db);
    for (i, f) in plan.files.iter().enumerate().rev() {
        let sql = hims_migrations::delta::render_undo(f, &h);
        apply(
            &db,
            &sql,
            !f.non_transactional(),
            &format!("{name}: undo file {}", i + 1),
        )
        .unwrap();
    }
    assert_same_model(
        &expected(&db, a),
        &catalog(&db),
        &format!("{name}: after the undo"),
    );
    let undone = rows_by_partition(&db);
    assert_eq!(
        undone, before,
        "{name}: the undo puts every row back where it was"
    );
    [before, after, undone]
}

fn counts(list: &[(&str, i64)]) -> Vec<(String, i64)> {
    list.iter().map(|(n, c)| (format!("app.{n}"), *c)).collect()
}

#[test]
fn partitions_added_dropped_and_rebounded_keep_their_rows() {
    let y2024 = part(
        "events_2024",
        "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    );
    let y2025 = part(
        "events_2025",
        "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
    );
    let default = part("events_default", "DEFAULT");
    // From the implicit DEFAULT partition to declared ones: the rows of 2024 move out of it.
    let implicit = events(None);
    let declared = events(Some(vec![y2024.clone(), default.clone()]));
    let [_, after, _] = partition_round_trip("partition_added", &implicit, &declared);
    assert_eq!(
        after,
        (counts(&[("events_2024", 2), ("events_default", 4)]), 6)
    );

    // A partition dropped beside the default gives it its rows; another added takes its own;
    // a sub-partitioned one (by list) routes rows below it; a hash partition table grows.
    let mut sub = part(
        "events_2025",
        "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
    );
    sub.partition_by = Some(hims_model::Partitioning {
        method: hims_model::PartitionMethod::List,
        columns: vec!["kind".into()],
    });
    sub.partitions = vec![
        part("events_2025_lab", "FOR VALUES IN ('lab')"),
        part("events_2025_other", "DEFAULT"),
    ];
    let mut reshaped = events(Some(vec![sub, default.clone()]));
    reshaped.tables[1].partitions = Some(vec![
        part("shards_0", "FOR VALUES WITH (modulus 2, remainder 0)"),
        part("shards_1", "FOR VALUES WITH (modulus 2, remainder 1)"),
    ]);
    let (plan, _) = rendered(&declared, &reshaped);
    let hazards: Vec<String> = plan
        .files
        .iter()
        .flat_map(|f| &f.steps)
        .flat_map(|s| s.hazards.iter().map(|h| format!("{:?}", h.kind)))
        .collect();
    assert!(
        hazards.iter().any(|h| h == "DataLoss"),
        "a hash partition re-created without a DEFAULT to hold its rows loses them: {hazards:?}"
    );
    let [before, after, _] = partition_round_trip("partition_replaced", &declared, &reshaped);
    assert_eq!(before.1, 6);
    assert_eq!(
        after,
        (
            counts(&[
                ("events_2025_lab", 2),
                ("events_2025_other", 1),
                ("events_default", 3)
            ]),
            6
        )
    );

    // A changed bound: detached and re-created, its rows routed by the new bound.
    let narrower = part(
        "events_2024",
        "FOR VALUES FROM ('2024-01-01') TO ('2024-07-01')",
    );
    let rebounded = events(Some(vec![narrower, y2025, default]));
    let [_, after, _] = partition_round_trip("partition_rebounded", &declared, &rebounded);
    assert_eq!(
        after,
        (
            counts(&[
                ("events_2024", 1),
                ("events_2025", 3),
                ("events_default", 2)
            ]),
            6
        )
    );
}

/// Procedures (issue #10): created (PL/pgSQL committing between steps, SQL with OUT and
/// INOUT arguments, an argument default, a comment), one changed in place (new body),
/// one re-created (new argument list), one dropped, one added; each delta applied and
/// undone; `CALL`ed on rows after each step.
fn procedure_models() -> (Model, Model, Model) {
    use hims_dsl::objects::{FunctionExt, procedure};
    use hims_model::{ArgMode, FunctionArg, FunctionLanguage};
    let with = |functions: Vec<hims_model::Function>| {
        let mut m = model(
            vec![table("items", vec![col("qty", "integer", false)])],
            vec![],
            vec![],
        );
        m.functions = functions;
        m.canonicalize();
        m.validate().unwrap();
        m
    };
    let none = with(vec![]);
    let arg = |name: &str, ty: &str, mode: ArgMode, default: Option<&str>| FunctionArg {
        mode,
        default: default.map(str::to_string),
        ..FunctionArg::new(name, ty)
    };
    let restock = |step: &str| {
        hims_model::Function {
        args: vec![
            arg("p_id", "integer", ArgMode::In, None),
            arg("p_qty", "integer", ArgMode::In, Some("1")),
        ],
        depends_on: vec![q("items")],
        ..procedure(
            "app.restock",
            FunctionLanguage::Plpgsql,
            &format!(
                "BEGIN\n    UPDATE app.items SET qty = qty + p_qty {step} WHERE id = p_id;\n    COMMIT;\n    UPDATE app.items SET qty = qty + 0 WHERE id = p_id;\nEND"
            ),
        )
    }
    .comment("Adds stock, committing as it goes.")
    };
    let count = hims_model::Function {
        args: vec![arg("n", "bigint", ArgMode::Out, None)],
        depends_on: vec![q("items")],
        ..procedure(
            "app.count_items",
            FunctionLanguage::Sql,
            "SELECT count(*) FROM app.items",
        )
    };
    let bump = |args: Vec<FunctionArg>, body: &str| hims_model::Function {
        args,
        ..procedure("app.bump", FunctionLanguage::Sql, body)
    };
    let first = with(vec![
        restock(""),
        count,
        bump(
            vec![arg("n", "integer", ArgMode::InOut, None)],
            "SELECT n + 1",
        ),
    ]);
    let total = hims_model::Function {
        args: vec![
            arg("total", "bigint", ArgMode::Out, None),
            arg("ids", "integer[]", ArgMode::Variadic, None),
        ],
        depends_on: vec![q("items")],
        ..procedure(
            "app.total_qty",
            FunctionLanguage::Sql,
            "SELECT sum(qty) FROM app.items WHERE id = ANY (ids)",
        )
    };
    let second = with(vec![
        restock("* 2"),
        bump(
            vec![
                arg("n", "integer", ArgMode::InOut, None),
                arg("step", "integer", ArgMode::In, Some("10")),
            ],
            "SELECT n + step",
        ),
        total,
    ]);
    (none, first, second)
}

fn single(db: &TestDb, sql: &str) -> String {
    let out = db
        .psql_command()
        .unwrap()
        .args(["-At", "-c", sql])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn procedures_are_created_replaced_and_dropped_and_called_after_each_step() {
    let (none, first, second) = procedure_models();
    let (_, text) = rendered(&first, &second);
    for needle in [
        "CREATE OR REPLACE PROCEDURE \"app\".\"restock\"(\"p_id\" integer, \"p_qty\" integer DEFAULT 1)\n    LANGUAGE plpgsql\nAS",
        "DROP PROCEDURE IF EXISTS \"app\".\"count_items\"();",
        "DROP PROCEDURE IF EXISTS \"app\".\"bump\"(integer);",
        "CREATE OR REPLACE PROCEDURE \"app\".\"total_qty\"(OUT \"total\" bigint, VARIADIC \"ids\" integer[])",
    ] {
        assert!(text.contains(needle), "`{needle}` not in:\n{text}");
    }
    round_trip("procedures_created", &none, &first);
    round_trip("procedures_changed", &first, &second);
    round_trip("procedures_dropped", &second, &none);

    // Called on rows: at the release, after the delta, after its undo.
    let db = TestDb::new();
    let header = hims_render::BaselineHeader {
        file_name: "a".into(),
        regenerate: "test".into(),
    };
    for what in ["baseline", "baseline again"] {
        apply(&db, &hims_render::baseline(&first, &header), true, what).unwrap();
    }
    assert_same_model(
        &expected(&db, &first),
        &catalog(&db),
        "baseline with procedures",
    );
    apply(
        &db,
        "INSERT INTO app.items VALUES (1, 5), (2, 7);",
        true,
        "rows",
    )
    .unwrap();
    // Outside a transaction block, so that restock may COMMIT.
    single(&db, "CALL app.restock(1)");
    single(&db, "CALL app.restock(2, 3)");
    assert_eq!(single(&db, "CALL app.count_items(NULL)"), "2");
    assert_eq!(single(&db, "CALL app.bump(41)"), "42");
    assert_eq!(
        single(
            &db,
            "SELECT string_agg(id || ':' || qty, ',' ORDER BY id) FROM app.items"
        ),
        "1:6,2:10"
    );
    let (plan, _) = rendered(&first, &second);
    let h = hims_migrations::delta::FileHeader {
        file_name: "f",
        command: "t",
        from_snapshot: "a",
    };
    for f in &plan.files {
        let sql = hims_migrations::delta::render_forward(f, &h);
        apply(&db, &sql, !f.non_transactional(), "forward").unwrap();
    }
    single(&db, "CALL app.restock(1, 2)");
    assert_eq!(single(&db, "CALL app.bump(1)"), "11");
    assert_eq!(single(&db, "CALL app.bump(1, 2)"), "3");
    assert_eq!(single(&db, "CALL app.total_qty(NULL, 1, 2)"), "20");
    let gone = db
        .psql("CALL app.count_items(NULL)")
        .unwrap_err()
        .to_string();
    assert!(gone.contains("does not exist"), "{gone}");
    for f in plan.files.iter().rev() {
        let sql = hims_migrations::delta::render_undo(f, &h);
        apply(&db, &sql, !f.non_transactional(), "undo").unwrap();
    }
    assert_same_model(&expected(&db, &first), &catalog(&db), "after the undo");
    assert_eq!(single(&db, "CALL app.count_items(NULL)"), "2");
    assert_eq!(single(&db, "CALL app.bump(1)"), "2");
    single(&db, "CALL app.restock(1, 1)");
    assert_eq!(
        single(
            &db,
            "SELECT string_agg(id || ':' || qty, ',' ORDER BY id) FROM app.items"
        ),
        "1:11,2:10"
    );
}

/// Procedures through `gen-migration` (proven before they are written) and the runner, on
/// a release with rows; called after the migration.
#[test]
fn a_procedure_change_is_proven_by_gen_migration_and_run_by_the_runner() {
    let (_, first, second) = procedure_models();
    let (steps, db) = proven_and_run(
        "procedures_changed",
        &first,
        &second,
        "INSERT INTO app.items VALUES (1, 5), (2, 7);",
    );
    for s in [
        "replace procedure app.restock",
        "drop procedure app.count_items",
        "create procedure app.total_qty",
    ] {
        assert!(steps.iter().any(|x| x == s), "`{s}` not in {steps:?}");
    }
    // Undone to the release: its procedures answer again.
    assert_eq!(single(&db, "CALL app.count_items(NULL)"), "2");
}

/// A column dropped while another is renamed onto its name: what read the dropped column
/// (a policy PostgreSQL will not drop the column under; a check and an index it drops with
/// the column) is replaced, even when its text is the same in both models: in the new
/// model the text reads the renamed column. Rows of the renamed column are kept.
#[test]
fn what_read_a_dropped_column_whose_name_a_rename_takes_is_replaced() {
    let t = |code: &str, policy_value: &str, renamed: bool| {
        let mut cols = vec![col(code, "text", true)];
        if !renamed {
            cols.push(col("qty", "text", true));
        } else {
            cols[0].renamed_from = Some("qty".into());
        }
        let mut t = table("patients", cols);
        t.checks.push(Check {
            name: "patients_code_check".into(),
            expr: "code <> ''".into(),
        });
        t.indexes.push(index("patients_code_idx", &["code"]));
        t.row_security = Some(RowSecurity { force: false });
        t.policies.push(policy(
            "readers",
            &format!("code IS DISTINCT FROM '{policy_value}'"),
        ));
        t
    };
    let a = model(vec![t("code", "x", false)], vec![], vec![]);
    let b = model(vec![t("code", "y", true)], vec![], vec![]);
    round_trip("dropped_column_replaced_by_a_rename", &a, &b);

    // With rows: the renamed column's values stay, under its new name.
    let (db, files) = under_data(
        &a,
        &b,
        "INSERT INTO app.patients (id, code, qty) VALUES (1, 'c1', 'q1'), (2, 'c2', NULL);",
    );
    assert_eq!(
        texts(
            &db,
            "SELECT id || ':' || coalesce(code, '-') FROM app.patients ORDER BY id"
        ),
        ["1:q1", "2:-"]
    );
    assert_same_model(&expected(&db, &b), &catalog(&db), "after the delta");
    let refused = db
        .connect()
        .batch_execute("INSERT INTO app.patients (id, code) VALUES (3, '')")
        .unwrap_err();
    assert_eq!(refused.code().map(|c| c.code()), Some("23514"), "{refused}");
    undo_all(&db, &files);
    assert_same_model(&expected(&db, &a), &catalog(&db), "after the undo");
    assert_eq!(
        texts(
            &db,
            "SELECT id || ':' || coalesce(qty, '-') FROM app.patients ORDER BY id"
        ),
        ["1:q1", "2:-"]
    );
}

/// A nullable column of a NOT NULL domain without a default, added to a table with rows:
/// PostgreSQL fills the rows with NULL, which the domain refuses. The plan says so
/// (fails-on-data); a default on the domain (or one beneath it) fills them instead.
#[test]
fn a_column_of_a_not_null_domain_added_to_rows_is_a_fails_on_data_hazard() {
    let with = |column: bool, default: Option<&str>| {
        let mut cols = vec![];
        if column {
            cols.push(col("code", "app.strict_code", true));
        }
        let mut m = model(vec![table("items", cols)], vec![], vec![]);
        let mut base = hims_model::Domain::new(S, "code_base", ColumnType::Text);
        base.default = default.map(str::to_string);
        let mut strict = hims_model::Domain::new(
            S,
            "strict_code",
            ColumnType::parse("app.code_base").unwrap(),
        );
        strict.not_null = true;
        m.domains.extend([base, strict]);
        m.canonicalize();
        m.validate().unwrap();
        m
    };
    let fails_on_data = |a: &Model, b: &Model| {
        hims_migrations::delta::plan(a, b)
            .hazard_kinds()
            .contains(&hims_diff::HazardKind::FailsOnData)
    };
    let seed = "INSERT INTO app.items (id) VALUES (1), (2);";

    let (a, b) = (with(false, None), with(true, None));
    assert!(fails_on_data(&a, &b), "no hazard for a NOT NULL domain");
    // The hazard is true: on rows the migration stops.
    let plan = hims_migrations::delta::plan(&a, &b);
    let db = TestDb::new();
    let header = hims_render::BaselineHeader {
        file_name: "a".into(),
        regenerate: "test".into(),
    };
    apply(&db, &hims_render::baseline(&a, &header), true, "baseline").unwrap();
    db.connect().batch_execute(seed).unwrap();
    let h = hims_migrations::delta::FileHeader {
        file_name: "f",
        command: "t",
        from_snapshot: "a",
    };
    let sql = hims_migrations::delta::render_forward(&plan.files[0], &h);
    let err = apply(&db, &sql, true, "forward").unwrap_err();
    assert!(err.contains("does not allow null values"), "{err}");

    // A default beneath the NOT NULL domain fills the rows: no hazard, and it works.
    let (a, b) = (with(false, Some("'none'")), with(true, Some("'none'")));
    assert!(
        !fails_on_data(&a, &b),
        "a hazard although the domain fills the rows"
    );
    let (db, _) = under_data(&a, &b, seed);
    assert_eq!(
        texts(&db, "SELECT id || ':' || code FROM app.items ORDER BY id"),
        ["1:none", "2:none"]
    );
}

/// The undo of a dropped domain check while a column holds arrays of the domain: PostgreSQL
/// cannot check those values, so the check comes back `NOT VALID` (for new values); without
/// such a column it comes back validated. Either way the undo runs and gives the old model.
#[test]
fn a_dropped_domain_check_comes_back_on_undo_even_beside_arrays_of_the_domain() {
    let (_, first, _) = domain_models();
    let seed = "INSERT INTO app.items (id, code) VALUES (1, 'AB'), (2, NULL);";
    for arrays in [true, false] {
        let mut a = first.clone();
        if arrays {
            a.tables[0].columns.push(col("codes", "app.code[]", true));
        }
        a.canonicalize();
        let mut b = a.clone();
        b.domains
            .iter_mut()
            .find(|d| d.name == "code")
            .unwrap()
            .checks
            .clear();
        let seed = if arrays {
            "INSERT INTO app.items (id, code, codes) VALUES (1, 'AB', ARRAY['CD']::app.code[]), (2, NULL, NULL);"
        } else {
            seed
        };
        let (db, files) = under_data(&a, &b, seed);
        assert_same_model(&expected(&db, &b), &catalog(&db), "after the drop");
        // Without the check a lower-case code is accepted.
        db.connect()
            .batch_execute("INSERT INTO app.items (id, code) VALUES (3, 'lower'); DELETE FROM app.items WHERE id = 3;")
            .unwrap();
        undo_all(&db, &files);
        assert_same_model(&expected(&db, &a), &catalog(&db), "after the undo");
        let validated = texts(
            &db,
            "SELECT convalidated::text FROM pg_constraint WHERE conname = 'code_check' AND contypid = 'app.code'::regtype",
        );
        assert_eq!(validated, [(!arrays).to_string()], "arrays: {arrays}");
        let refused = db
            .connect()
            .batch_execute("INSERT INTO app.items (id, code) VALUES (4, 'lower')")
            .unwrap_err();
        assert_eq!(refused.code().map(|c| c.code()), Some("23514"), "{refused}");
        assert_eq!(
            texts(
                &db,
                "SELECT id || ':' || coalesce(code::text, '-') FROM app.items ORDER BY id"
            ),
            ["1:AB", "2:-"]
        );
    }
}

/// A new collation of a column in a partition key (here of a sub-partitioned partition):
/// PostgreSQL cannot alter a key column, so the table is rebuilt with its partitions and
/// every row copied where it belongs; the undo rebuilds it back.
#[test]
fn a_partition_key_column_with_a_new_collation_rebuilds_the_table_with_its_rows() {
    let mut sub = part(
        "events_2025",
        "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
    );
    sub.partition_by = Some(hims_model::Partitioning {
        method: hims_model::PartitionMethod::List,
        columns: vec!["kind".into()],
    });
    sub.partitions = vec![
        part("events_2025_lab", "FOR VALUES IN ('lab')"),
        part("events_2025_other", "DEFAULT"),
    ];
    let a = events(Some(vec![sub, part("events_default", "DEFAULT")]));
    let mut b = a.clone();
    let events = b.tables.iter_mut().find(|t| t.name == "events").unwrap();
    events
        .columns
        .iter_mut()
        .find(|c| c.name == "kind")
        .unwrap()
        .collation = Some("POSIX".into());
    let (_, text) = rendered(&a, &b);
    assert!(
        text.contains(
            "rebuild table app.events (a column of its partition key gets a new collation)"
        ) && !text.contains("ALTER COLUMN \"kind\" TYPE"),
        "{text}"
    );
    let [before, after, _] = partition_round_trip("partition_key_recollated", &a, &b);
    assert_eq!(after, before, "every row where it was");
    assert_eq!(after.1, 6);
}

/// Overloads (issue #10): `app.label(integer)` — called by a check, so created before the
/// table —, `app.label(text)` reading the table (created after it) and
/// `app.label(integer, text)`; then `label(integer)` changed in place, `label(text)` dropped
/// and `label(bigint)` added; each delta applied and undone, each overload called.
fn overload_models() -> (Model, Model) {
    use hims_dsl::objects::{FunctionExt, function};
    use hims_model::{FunctionLanguage, Volatility};
    let with = |functions: Vec<hims_model::Function>| {
        let mut items = table("items", vec![col("qty", "integer", false)]);
        items.checks.push(Check {
            name: "items_qty_label".into(),
            expr: "app.label(qty) <> ''".into(),
        });
        let mut m = model(vec![items], vec![], vec![]);
        m.functions = functions;
        m.canonicalize();
        m.validate().unwrap();
        m
    };
    let label = |ty: &str, returns: &str, body: &str| {
        function("app.label", returns, FunctionLanguage::Sql, body)
            .arg("v", ty)
            .volatility(Volatility::Immutable)
    };
    let by_text = function(
        "app.label",
        "text",
        FunctionLanguage::Sql,
        "SELECT v || ':' || count(*) FROM app.items",
    )
    .arg("v", "text")
    .volatility(Volatility::Stable)
    .depends_on(&["app.items"]);
    let pair = label("integer", "text", "SELECT 'int:' || v || ':' || w").arg("w", "text");
    let first = with(vec![
        label("integer", "text", "SELECT 'int:' || v"),
        by_text,
        pair.clone(),
    ]);
    let second = with(vec![
        label("integer", "text", "SELECT 'integer:' || v"),
        label("bigint", "text", "SELECT 'big:' || v"),
        pair,
    ]);
    (first, second)
}

#[test]
fn overloads_of_one_name_are_created_changed_and_dropped_each_by_its_arguments() {
    let (first, second) = overload_models();
    let (_, text) = rendered(&first, &second);
    for needle in [
        r#"CREATE OR REPLACE FUNCTION "app"."label"("v" integer)"#,
        r#"CREATE OR REPLACE FUNCTION "app"."label"("v" bigint)"#,
        r#"DROP FUNCTION IF EXISTS "app"."label"(text);"#,
    ] {
        assert!(text.contains(needle), "`{needle}` not in:\n{text}");
    }
    assert!(
        !text.contains(r#"DROP FUNCTION IF EXISTS "app"."label"(integer"#),
        "the overloads kept are not dropped:\n{text}"
    );
    let none = {
        let mut m = model(
            vec![table("items", vec![col("qty", "integer", false)])],
            vec![],
            vec![],
        );
        m.canonicalize();
        m
    };
    round_trip("overloads_created", &none, &first);
    round_trip("overloads_changed", &first, &second);

    // The complete script creates the overload the check calls before the table, the one
    // reading the table after it; twice changes nothing.
    let db = TestDb::new();
    let header = hims_render::BaselineHeader {
        file_name: "a".into(),
        regenerate: "test".into(),
    };
    for what in ["baseline", "baseline again"] {
        apply(&db, &hims_render::baseline(&first, &header), true, what).unwrap();
    }
    assert_same_model(
        &expected(&db, &first),
        &catalog(&db),
        "baseline with overloads",
    );
    apply(
        &db,
        "INSERT INTO app.items VALUES (1, 5), (2, 7);",
        true,
        "rows",
    )
    .unwrap();
    let calls = "SELECT app.label(1) || ' ' || app.label('t'::text) || ' ' || app.label(2, 'x')";
    assert_eq!(single(&db, calls), "int:1 t:2 int:2:x");
    let (plan, _) = rendered(&first, &second);
    let h = hims_migrations::delta::FileHeader {
        file_name: "f",
        command: "t",
        from_snapshot: "a",
    };
    for f in &plan.files {
        let sql = hims_migrations::delta::render_forward(f, &h);
        apply(&db, &sql, !f.non_transactional(), "forward").unwrap();
    }
    assert_same_model(&expected(&db, &second), &catalog(&db), "after the delta");
    assert_eq!(
        single(
            &db,
            "SELECT app.label(1) || ' ' || app.label(3::bigint) || ' ' || app.label(2, 'x')"
        ),
        "integer:1 big:3 int:2:x"
    );
    let gone = db
        .psql("SELECT app.label('t'::text)")
        .unwrap_err()
        .to_string();
    assert!(gone.contains("does not exist"), "{gone}");
    for f in plan.files.iter().rev() {
        let sql = hims_migrations::delta::render_undo(f, &h);
        apply(&db, &sql, !f.non_transactional(), "undo").unwrap();
    }
    assert_same_model(&expected(&db, &first), &catalog(&db), "after the undo");
    assert_eq!(single(&db, calls), "int:1 t:2 int:2:x");
    let drift = hims_pg::drift(&mut db.connect(), &first).unwrap();
    assert!(drift.is_empty(), "after undo: {:?}", drift.grouped());
}

/// A column holding values becomes an identity with options of its own: the new sequence
/// starts at its start, or past the values in its own direction when they reach it (a
/// descending one beside positive values starts at -1; an ascending one from 100 follows
/// a value of 150). Found by the 3,000-case property run: the options were applied to a
/// sequence already placed after the values as an ascending default one, and refused.
#[test]
fn a_column_becoming_an_identity_with_options_continues_past_its_values() {
    let with = |identity: Option<hims_model::SequenceOptions>| {
        let mut c = col("no", "integer", false);
        if let Some(o) = identity {
            c.identity = Some(hims_model::Identity::ByDefault);
            c.identity_options = o;
        }
        model(vec![table("items", vec![c])], vec![], vec![])
    };
    let descending = hims_model::SequenceOptions {
        increment: Some(-1),
        max_value: Some(-1),
        start: Some(-1),
        ..Default::default()
    };
    let from_100 = hims_model::SequenceOptions {
        start: Some(100),
        increment: Some(5),
        ..Default::default()
    };
    for (options, seed, next) in [
        (
            descending.clone(),
            "INSERT INTO app.items VALUES (1, 36), (2, 7);",
            "-1",
        ),
        (
            from_100.clone(),
            "INSERT INTO app.items VALUES (1, 36);",
            "100",
        ),
        (from_100, "INSERT INTO app.items VALUES (1, 150);", "155"),
    ] {
        let (a, b) = (with(None), with(Some(options)));
        let (db, files) = under_data(&a, &b, seed);
        assert_same_model(&expected(&db, &b), &catalog(&db), "after the delta");
        db.connect()
            .batch_execute("INSERT INTO app.items (id) VALUES (10)")
            .unwrap();
        assert_eq!(
            texts(&db, "SELECT no::text FROM app.items WHERE id = 10"),
            [next],
            "{seed}"
        );
        undo_all(&db, &files);
        assert_same_model(&expected(&db, &a), &catalog(&db), "after the undo");
    }
}

/// Aggregates (issue #10): a mean over a state function and a final function of the model
/// (with an initial state and a comment), a sum over the built-in `int4pl` and a `(*)`
/// count over `int8inc`; then the sum's initial state changed (dropped and created again),
/// the count dropped, another added; each delta applied and undone, each aggregate used in
/// a query over rows.
fn aggregate_models() -> (Model, Model, Model) {
    use hims_dsl::objects::{FunctionExt, aggregate, function, qn};
    use hims_model::{Aggregate, FunctionLanguage, Parallel, Volatility};
    let with = |aggregates: Vec<Aggregate>| {
        let mut m = model(
            vec![table("items", vec![col("qty", "integer", false)])],
            vec![],
            vec![],
        );
        m.functions = vec![
            function(
                "app.mean_step",
                "numeric[]",
                FunctionLanguage::Sql,
                "SELECT ARRAY[state[1] + v, state[2] + 1]",
            )
            .arg("state", "numeric[]")
            .arg("v", "numeric")
            .volatility(Volatility::Immutable),
            function(
                "app.mean_final",
                "numeric",
                FunctionLanguage::Sql,
                "SELECT CASE WHEN state[2] = 0 THEN NULL ELSE round(state[1] / state[2], 2) END",
            )
            .arg("state", "numeric[]")
            .volatility(Volatility::Immutable),
        ];
        m.aggregates = aggregates;
        m.canonicalize();
        m.validate().unwrap();
        m
    };
    let none = with(vec![]);
    let mean = Aggregate {
        finalfunc: Some(qn("app.mean_final")),
        initcond: Some("{0,0}".into()),
        comment: Some("Mean, rounded to cents.".into()),
        ..aggregate("app.mean", &["numeric"], "app.mean_step", "numeric[]")
    };
    let total = |init: Option<&str>| Aggregate {
        initcond: init.map(str::to_string),
        parallel: Parallel::Safe,
        combinefunc: Some(qn("pg_catalog.int4pl")),
        ..aggregate("app.total", &["integer"], "pg_catalog.int4pl", "integer")
    };
    let count = Aggregate {
        initcond: Some("0".into()),
        ..aggregate("app.how_many", &[], "pg_catalog.int8inc", "bigint")
    };
    let first = with(vec![mean.clone(), total(None), count]);
    let longest = aggregate(
        "app.longest",
        &["integer"],
        "pg_catalog.int4larger",
        "integer",
    );
    let second = with(vec![mean, total(Some("100")), longest]);
    (none, first, second)
}

#[test]
fn aggregates_are_created_changed_and_dropped_and_used_over_rows() {
    let (none, first, second) = aggregate_models();
    let (_, text) = rendered(&first, &second);
    for needle in [
        "CREATE OR REPLACE AGGREGATE \"app\".\"total\"(integer) (\n    SFUNC = \"pg_catalog\".\"int4pl\",\n    STYPE = integer,\n    INITCOND = '100',",
        "DROP AGGREGATE IF EXISTS \"app\".\"total\"(integer);",
        "DROP AGGREGATE IF EXISTS \"app\".\"how_many\"(*);",
    ] {
        assert!(text.contains(needle), "`{needle}` not in:\n{text}");
    }
    round_trip("aggregates_created", &none, &first);
    round_trip("aggregates_changed", &first, &second);
    round_trip("aggregates_dropped", &second, &none);

    let db = TestDb::new();
    let header = hims_render::BaselineHeader {
        file_name: "a".into(),
        regenerate: "test".into(),
    };
    for what in ["baseline", "baseline again"] {
        apply(&db, &hims_render::baseline(&first, &header), true, what).unwrap();
    }
    assert_same_model(
        &expected(&db, &first),
        &catalog(&db),
        "baseline with aggregates",
    );
    apply(
        &db,
        "INSERT INTO app.items VALUES (1, 5), (2, 7), (3, 10);",
        true,
        "rows",
    )
    .unwrap();
    let used =
        "SELECT app.mean(qty) || ' ' || app.total(qty) || ' ' || app.how_many(*) FROM app.items";
    assert_eq!(single(&db, used), "7.33 22 3");
    let (plan, _) = rendered(&first, &second);
    let h = hims_migrations::delta::FileHeader {
        file_name: "f",
        command: "t",
        from_snapshot: "a",
    };
    for f in &plan.files {
        let sql = hims_migrations::delta::render_forward(f, &h);
        apply(&db, &sql, !f.non_transactional(), "forward").unwrap();
    }
    assert_eq!(
        single(
            &db,
            "SELECT app.mean(qty) || ' ' || app.total(qty) || ' ' || app.longest(qty) FROM app.items"
        ),
        "7.33 122 10"
    );
    let gone = db
        .psql("SELECT app.how_many(*) FROM app.items")
        .unwrap_err()
        .to_string();
    assert!(gone.contains("does not exist"), "{gone}");
    for f in plan.files.iter().rev() {
        let sql = hims_migrations::delta::render_undo(f, &h);
        apply(&db, &sql, !f.non_transactional(), "undo").unwrap();
    }
    assert_same_model(&expected(&db, &first), &catalog(&db), "after the undo");
    assert_eq!(single(&db, used), "7.33 22 3");
    let drift = hims_pg::drift(&mut db.connect(), &first).unwrap();
    assert!(drift.is_empty(), "after undo: {:?}", drift.grouped());
}

/// NULLs filled in batches keyed by a primary key of a NOT NULL domain: the batch keys are
/// held in variables of the type beneath the domain (one of the domain itself cannot start
/// NULL). Found by the 3,000-case property run.
#[test]
fn nulls_are_filled_in_batches_keyed_by_a_not_null_domain() {
    let with = |not_null: bool| {
        let mut t = table("items", vec![]);
        t.columns[0] = col("id", "app.amount", false);
        let mut payload = col("payload", "bigint", !not_null);
        if not_null {
            payload.default = Some(DefaultValue::Sql("42".into()));
        }
        t.columns.push(payload);
        let mut m = model(vec![t], vec![], vec![]);
        let mut amount = hims_model::Domain::new(S, "amount", ColumnType::Integer);
        amount.not_null = true;
        m.domains.push(amount);
        m.canonicalize();
        m.validate().unwrap();
        m
    };
    let (a, b) = (with(false), with(true));
    let (db, files) = under_data(
        &a,
        &b,
        "INSERT INTO app.items SELECT g, CASE WHEN g % 3 = 0 THEN g END FROM generate_series(1, 12000) g;",
    );
    assert_same_model(&expected(&db, &b), &catalog(&db), "after the delta");
    assert_eq!(
        texts(
            &db,
            "SELECT count(*) FILTER (WHERE payload = 42 AND id % 3 <> 0) || ':' || count(*) FILTER (WHERE payload = id) FROM app.items"
        ),
        ["8000:4000"]
    );
    undo_all(&db, &files);
    assert_same_model(&expected(&db, &a), &catalog(&db), "after the undo");
}

/// A column owning a sequence becomes generated (dropped and added again): the sequence is
/// released before and owned again after, not dropped with the column; the undo the same.
/// Noticed by the 3,000-case property run.
#[test]
fn a_sequence_owned_by_a_recomputed_column_is_kept() {
    let with = |generated: bool| {
        let mut g = col("g", "integer", true);
        if generated {
            g.generated = Some("\"n\" * 2".into());
        }
        let mut m = model(
            vec![table("items", vec![col("n", "integer", true), g])],
            vec![],
            vec![],
        );
        let mut s = hims_model::Sequence::new(S, "g_seq");
        s.owned_by = Some(hims_model::SequenceOwner {
            table: "items".into(),
            column: "g".into(),
        });
        m.sequences.push(s);
        m.canonicalize();
        m.validate().unwrap();
        m
    };
    for (a, b) in [(with(false), with(true)), (with(true), with(false))] {
        let seed = if b.tables[0].columns.iter().any(|c| c.generated.is_some()) {
            "INSERT INTO app.items (id, n, g) VALUES (1, 5, 7); SELECT nextval('app.g_seq');"
        } else {
            "INSERT INTO app.items (id, n) VALUES (1, 5); SELECT nextval('app.g_seq');"
        };
        let (db, files) = under_data(&a, &b, seed);
        assert_same_model(&expected(&db, &b), &catalog(&db), "after the delta");
        assert_eq!(texts(&db, "SELECT nextval('app.g_seq')::text"), ["2"]);
        undo_all(&db, &files);
        assert_same_model(&expected(&db, &a), &catalog(&db), "after the undo");
        assert_eq!(texts(&db, "SELECT nextval('app.g_seq')::text"), ["3"]);
    }
}

/// A view calling a function whose argument list changes (dropped and created again) is
/// dropped before the function and created again after: PostgreSQL refuses to drop a
/// function a view uses. The undo the same way back.
#[test]
fn a_view_over_a_function_dropped_and_created_again_is_recreated_around_it() {
    use hims_dsl::objects::function;
    let with = |two_args: bool| {
        let mut f = function(
            "app.label",
            "text",
            hims_model::FunctionLanguage::Sql,
            if two_args {
                "SELECT prefix || n"
            } else {
                "SELECT 'no ' || n"
            },
        );
        f.args = vec![hims_model::FunctionArg::new("n", "integer")];
        if two_args {
            let mut p = hims_model::FunctionArg::new("prefix", "text");
            p.default = Some("'#'::text".into());
            f.args.push(p);
        }
        let v = View {
            schema: S.into(),
            name: "labels".into(),
            query: "SELECT id, app.label(id) AS label FROM app.items".into(),
            security_invoker: true,
            comment: None,
            depends_on: vec![q("items"), q("label")],
            materialized: None,
            origin: Default::default(),
        };
        let mut m = model(vec![table("items", vec![])], vec![], vec![v]);
        m.functions.push(f);
        m.canonicalize();
        m.validate().unwrap();
        m
    };
    let (a, b) = (with(false), with(true));
    let (db, files) = under_data(&a, &b, "INSERT INTO app.items (id) VALUES (1), (2);");
    assert_same_model(&expected(&db, &b), &catalog(&db), "after the delta");
    assert_eq!(
        texts(&db, "SELECT label FROM app.labels ORDER BY id"),
        ["#1", "#2"]
    );
    undo_all(&db, &files);
    assert_same_model(&expected(&db, &a), &catalog(&db), "after the undo");
    assert_eq!(
        texts(&db, "SELECT label FROM app.labels ORDER BY id"),
        ["no 1", "no 2"]
    );
}
