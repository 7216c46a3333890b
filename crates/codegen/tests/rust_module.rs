//! `rust_module` and `mod_rs` on a small hand-built model: the snapshot of the generated
//! source, and that rustfmt leaves it unchanged (prettyplease and rustfmt disagree at some
//! widths; the generator keeps clear of them).

use hims_codegen::{mod_rs, rust_module};
use hims_model::*;
use std::io::Write;
use std::process::{Command, Stdio};

fn column(name: &str, ty: &str, nullable: bool) -> Column {
    Column::new(name, ColumnType::parse(ty).unwrap(), nullable)
}

fn sample_model() -> Model {
    let mut customers = Table::new("shop", "customers");
    customers.comment = Some("People who buy.".into());
    let mut id = column("id", "uuid", false);
    id.default = Some(DefaultValue::Sql("gen_random_uuid()".into()));
    id.comment = Some("Surrogate key.\nNever reused.".into());
    customers.columns = vec![
        id,
        column("email", "character varying(120)", false),
        column("type", "text", true),
        column("tier", "shop.customer_tier", false),
    ];
    customers.columns[3].default = Some(DefaultValue::Sql("'GOLD'::shop.customer_tier".into()));
    customers.primary_key = Some(PrimaryKey {
        name: "customers_pkey".into(),
        columns: vec!["id".into()],
        deferral: Default::default(),
    });
    customers.uniques.push(Unique {
        name: "customers_email_key".into(),
        columns: vec!["email".into()],
        nulls_not_distinct: false,
        deferral: Default::default(),
    });
    customers.indexes.push(Index {
        name: "customers_lower_email_idx".into(),
        keys: vec![IndexKey::Expression("lower((email)::text)".into())],
        unique: true,
        method: IndexMethod::Btree,
        predicate: Some("(type IS NOT NULL)".into()),
        include: vec![],
        nulls_not_distinct: false,
    });

    let mut lines = Table::new("shop", "order_lines");
    lines.columns = vec![
        column("order_id", "uuid", false),
        column("line_no", "integer", false),
        column("quantity", "numeric(12,3)", false),
        column("tags", "text[]", true),
        column("attributes", "jsonb", true),
        column("placed_on", "date", false),
        column("amount", "numeric(12,2)", true),
    ];
    lines.columns[2].default = Some(DefaultValue::Sql("1.000".into()));
    lines.columns[6].generated = Some("(quantity * 2.5)".into());
    lines.primary_key = Some(PrimaryKey {
        name: "order_lines_pk".into(),
        columns: vec!["order_id".into(), "line_no".into()],
        deferral: Default::default(),
    });
    lines.checks.push(Check {
        name: "order_lines_quantity_check".into(),
        expr: "(quantity > (0)::numeric)".into(),
    });
    lines.foreign_keys.push(ForeignKey {
        name: "order_lines_order_id_fkey".into(),
        columns: vec!["order_id".into()],
        ref_table: QualifiedName::new("shop", "customers"),
        ref_columns: vec!["id".into()],
        on_delete: FkAction::Cascade,
        on_update: FkAction::NoAction,
        deferral: Default::default(),
    });
    lines.indexes.push(Index {
        name: "order_lines_tags_idx".into(),
        keys: vec![IndexKey::column("tags")],
        unique: false,
        method: IndexMethod::Gin,
        predicate: None,
        include: vec![],
        nulls_not_distinct: false,
    });
    lines.exclusions.push(Exclusion {
        name: "order_lines_no_overlap".into(),
        method: IndexMethod::Gist,
        elements: vec![
            ExclusionElement {
                expr: "order_id".into(),
                operator: "=".into(),
            },
            ExclusionElement {
                expr: "daterange(placed_on, (placed_on + 1))".into(),
                operator: "&&".into(),
            },
        ],
        predicate: None,
        deferral: Default::default(),
    });
    lines.row_security = Some(RowSecurity { force: true });
    lines.policies.push(Policy {
        name: "own_lines".into(),
        permissive: true,
        command: PolicyCommand::Select,
        roles: vec!["shop_reader".into()],
        using: Some("(order_id IS NOT NULL)".into()),
        with_check: None,
    });
    lines.triggers.push(Trigger {
        name: "order_lines_touch".into(),
        timing: TriggerTiming::Before,
        events: vec![TriggerEvent::Insert, TriggerEvent::Update],
        for_each_row: true,
        function: QualifiedName::new("shop", "touch"),
        when: None,
        args: Vec::new(),
        update_of: Vec::new(),
        constraint: None,
        old_table: None,
        new_table: None,
    });

    Model {
        extensions: vec!["btree_gist".into()],
        schemas: vec![Schema {
            name: "shop".into(),
            comment: Some("Customers and their orders".into()),
            naming_rules: true,
            origin: Origin::default(),
        }],
        enums: vec![EnumType {
            schema: "shop".into(),
            name: "customer_tier".into(),
            values: vec![
                "GOLD".into(),
                "silver".into(),
                "OPConsultation".into(),
                "request.queued".into(),
            ],
            comment: Some("Loyalty tier.".into()),
            origin: Origin::default(),
            renamed_values: vec![],
        }],
        tables: vec![customers, lines],
        functions: vec![
            Function {
                schema: "shop".into(),
                name: "touch".into(),
                kind: Default::default(),
                args: vec![],
                returns: "trigger".into(),
                language: FunctionLanguage::Plpgsql,
                volatility: Volatility::Volatile,
                security_definer: false,
                strict: false,
                search_path: vec![],
                settings: Default::default(),
                parallel: Default::default(),
                leakproof: false,
                cost: None,
                rows: None,
                body: "BEGIN\n    RETURN NEW;\nEND".into(),
                comment: None,
                depends_on: vec![],
                origin: Origin::default(),
            },
            Function {
                schema: "shop".into(),
                name: "line_count".into(),
                kind: Default::default(),
                args: vec![FunctionArg::new("p_order", "uuid")],
                returns: "bigint".into(),
                language: FunctionLanguage::Sql,
                volatility: Volatility::Stable,
                security_definer: false,
                strict: true,
                search_path: vec![],
                settings: Default::default(),
                parallel: Default::default(),
                leakproof: false,
                cost: None,
                rows: None,
                body: "SELECT count(*) FROM shop.order_lines WHERE order_id = p_order".into(),
                comment: Some("Lines of an order.".into()),
                depends_on: vec![QualifiedName::new("shop", "order_lines")],
                origin: Origin::default(),
            },
        ],
        views: vec![View {
            schema: "shop".into(),
            name: "big_lines".into(),
            query: " SELECT order_id,\n    line_no\n   FROM shop.order_lines\n  WHERE (quantity > (10)::numeric);".into(),
            security_invoker: false,
            comment: None,
            depends_on: vec![QualifiedName::new("shop", "order_lines")],
            materialized: None,
            origin: Origin::default(),
        }],
        ..Model::default()
    }
}

/// `source` after `rustfmt --edition 2024` (from stdin, so no file header).
fn rustfmt(source: &str) -> String {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rustfmt is installed (rustup component add rustfmt)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(source.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "rustfmt failed:\n{}\n{source}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// rustfmt leaves `source` as it is; on failure, shows the first differing lines.
pub fn assert_rustfmt_clean(source: &str) {
    let formatted = rustfmt(source);
    if formatted != source {
        let diff = similar_lines(source, &formatted);
        panic!("rustfmt changes the generated code:\n{diff}\n--- generated:\n{source}");
    }
}

fn similar_lines(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let first = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let from = first.saturating_sub(3);
    format!(
        "generated lines {}..:\n{}\nrustfmt:\n{}",
        from + 1,
        a[from..(first + 8).min(a.len())].join("\n"),
        b[from..(first + 8).min(b.len())].join("\n")
    )
}

#[test]
fn module_of_a_small_model() {
    let source = rust_module(&sample_model(), "shop").unwrap();
    insta::assert_snapshot!(source);
    assert_rustfmt_clean(&source);
}

#[test]
fn mod_rs_registers_every_module() {
    let source = mod_rs(&sample_model(), &["shop".to_string()]).unwrap();
    insta::assert_snapshot!(source);
    assert_rustfmt_clean(&source);
}

#[test]
fn unknown_schemas_and_unreachable_references_are_errors() {
    let model = sample_model();
    assert!(matches!(
        rust_module(&model, "nowhere"),
        Err(hims_codegen::CodegenError::UnknownSchema(_))
    ));
    let mut broken = model.clone();
    broken.tables[1].foreign_keys[0].ref_table = QualifiedName::new("elsewhere", "customers");
    let err = rust_module(&broken, "shop").unwrap_err().to_string();
    assert!(err.contains("elsewhere.customers"), "{err}");
}

#[test]
fn rust_names_avoid_what_the_module_itself_uses() {
    let mut m = sample_model();
    for name in ["roles", "strings", "order_statuses"] {
        let mut t = Table::new("shop", name);
        t.columns.push(column("id", "integer", false));
        m.tables.push(t);
    }
    m.enums[0].name = "order_status".into();
    for c in &mut m.tables[0].columns {
        if c.name == "tier" {
            c.ty = ColumnType::parse("shop.order_status").unwrap();
        }
    }
    let source = rust_module(&m, "shop").unwrap();
    // `Role` is free (no module imports a model `Role`), `String` is the prelude's, and the
    // enum came first to `OrderStatus`.
    for wanted in [
        "pub struct Role {",
        "pub struct String2 {",
        "pub enum OrderStatus {",
        "pub struct OrderStatus2 {",
    ] {
        assert!(source.contains(wanted), "no `{wanted}` in:\n{source}");
    }
    // A module with rules imports `Policy`: a table named `policies` cannot take the name.
    let mut t = Table::new("shop", "policies");
    t.columns.push(column("id", "integer", false));
    t.row_security = Some(RowSecurity { force: false });
    m.tables.push(t);
    let source = rust_module(&m, "shop").unwrap();
    assert!(source.contains("pub struct Policy2 {"), "{source}");
    assert_rustfmt_clean(&source);
}
