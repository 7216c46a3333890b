use super::*;

/// Panics with rustfmt's version of `src` unless `src` is already rustfmt-clean.
fn assert_rustfmt_clean(src: &str) {
    let formatted = rustfmt(src)
        .expect("rustfmt runs")
        .expect("rustfmt is installed (rustup component add rustfmt)");
    assert_eq!(formatted, src, "not rustfmt-clean");
}

fn templates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates")
}

fn template(name: &str) -> String {
    std::fs::read_to_string(templates_dir().join(name)).expect("template exists")
}

const LIB: &str = r#"//! The HIMS database.

#![allow(clippy::duplicated_attributes)]

pub mod abdm;
pub mod billing;
pub mod core;

use hims_dsl::model::{Model, Problems};
use hims_dsl::{ModelBuilder, Tenancy};

/// Everything declared.
pub fn builder() -> ModelBuilder {
    let mut b = ModelBuilder::new();
    b.extension("pg_trgm");
    core::register(&mut b);
    billing::register(&mut b);
    abdm::register(&mut b);
    b.rule(compliance_triggers);
    b
}

fn compliance_triggers(m: &mut Model) {
    // core::register(&mut b); in a comment is not a call
    let _ = m;
}
"#;

const MODULE: &str = r#"//! Schema `billing`: payers and claims.

use chrono::{DateTime, Utc};
use hims_dsl::{ModelBuilder, PgEnum, Table};
use uuid::Uuid;

use crate::core::{Facility, Patient};

type Timestamp = DateTime<Utc>;

pub fn register(b: &mut ModelBuilder) {
    b.schema("billing", "Tariffs { and } claims");
    b.enum_type::<PayerType>();
    b.table::<Payer>().table::<Claim>();
}

#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum PayerType {
    Insurer,
}

/// A payer.
#[derive(Table)]
#[table(schema = "billing", name = "payers", tenant_scoped, compliance)]
pub struct Payer {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
}

/// A claim.
#[derive(Table)]
#[table(schema = "billing", name = "claims", tenant_scoped, compliance)]
pub struct Claim {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    pub submitted_at: Option<Timestamp>,
}
"#;

// ---- names

#[test]
fn singular_follows_the_small_rule_set() {
    for (plural, single) in [
        ("claim_notes", "claim_note"),
        ("categories", "category"),
        ("therapies", "therapy"),
        ("addresses", "address"),
        ("classes", "class"),
        ("glass", "glass"),
        ("access", "access"),
        ("stock_items", "stock_item"),
        ("inventory", "inventory"),
        ("staff", "staff"),
        ("s", "s"),
        ("ies", "ies"),
        ("x_ies", "x_ies"),
        ("x_s", "x_s"),
    ] {
        assert_eq!(singular(plural), single, "singular({plural})");
    }
}

#[test]
fn struct_names_are_singular_camel_case() {
    for (table, name) in [
        ("claim_notes", "ClaimNote"),
        ("widget_notes", "WidgetNote"),
        ("stock_items", "StockItem"),
        ("patient_addresses", "PatientAddress"),
        ("lab_categories", "LabCategory"),
        ("inventory", "Inventory"),
        ("lab_2nd_items", "Lab2ndItem"),
        ("icd10_codes", "Icd10Code"),
    ] {
        assert_eq!(struct_name_for(table), name);
        check_struct_name(name).unwrap();
    }
}

#[test]
fn snake_names_are_checked() {
    for ok in ["claim_notes", "a", "icd10_codes", "x1_2y", &"a".repeat(63)] {
        check_snake_name("table name", ok).unwrap();
    }
    for bad in [
        "",
        "ClaimNotes",
        "claim-notes",
        "claim notes",
        "claim__notes",
        "_claims",
        "claims_",
        "1claims",
        "claims.x",
        "clаims", // Cyrillic а
    ] {
        let e = check_snake_name("table name", bad).unwrap_err();
        assert!(e.contains("lower snake_case"), "{bad}: {e}");
    }
    let e = check_snake_name("table name", &"a".repeat(64)).unwrap_err();
    assert!(e.contains("at most 63"), "{e}");
    for kw in ["type", "match", "gen", "self", "mod"] {
        let e = check_snake_name("table name", kw).unwrap_err();
        assert!(e.contains("Rust keyword"), "{e}");
    }
    assert!(check_module_name("schema name", "std").is_err());
    assert!(check_module_name("schema name", "pharmacy").is_ok());
}

#[test]
fn struct_names_are_checked() {
    check_struct_name("ClaimNote").unwrap();
    check_struct_name("Icd10Code").unwrap();
    for bad in ["", "claimNote", "Claim_Note", "Self", "Claim-Note", "Ünit"] {
        assert!(check_struct_name(bad).is_err(), "{bad}");
    }
}

#[test]
fn qualified_names_are_parsed() {
    assert_eq!(
        parse_qualified("billing.claim_notes").unwrap(),
        ("billing".to_string(), "claim_notes".to_string())
    );
    assert!(
        parse_qualified("claim_notes")
            .unwrap_err()
            .contains("<schema>.<table>")
    );
    assert!(parse_qualified("billing.claim.notes").is_err());
    assert!(parse_qualified("Billing.claim_notes").is_err());
    assert!(parse_qualified("billing.").is_err());
    assert!(parse_qualified("billing.std").is_err());
}

/// `pub use` lines are version-sorted and `mod` lines byte-sorted by rustfmt (style edition
/// 2024): the comparators must agree with it, or the edited files would not stay clean.
#[test]
fn sort_orders_agree_with_rustfmt() {
    let names = [
        "widget_notes",
        "widget",
        "a10",
        "a2",
        "a_b",
        "ab",
        "a1b",
        "a_1",
        "a__b",
        "item2s",
        "item_s",
        "items",
        "item",
        "x9",
        "x10",
        "x_10",
        "x_9",
        "claim_notes",
        "claims",
        "claim_status",
        "claim2",
    ];
    let mut by_version = names.to_vec();
    by_version.sort_by(|a, b| version_cmp(a, b));
    let uses: String = by_version
        .iter()
        .map(|n| {
            let s = struct_name_for(n);
            format!("pub use {n}::{{{s}, {s}Iden}};\n")
        })
        .collect();
    assert_rustfmt_clean(&uses);

    let mut by_bytes = names.to_vec();
    by_bytes.sort();
    let mods: String = by_bytes.iter().map(|n| format!("mod {n};\n")).collect();
    assert_rustfmt_clean(&mods);
    let pub_mods: String = by_bytes.iter().map(|n| format!("pub mod {n};\n")).collect();
    assert_rustfmt_clean(&pub_mods);
}

// ---- lexer

#[test]
fn braces_in_strings_comments_and_chars_are_not_counted() {
    let src = r####"fn before() -> &'static str { "}" }

/* { nested /* } */ { */
pub fn register<'a>(b: &'a mut ModelBuilder) {
    // } a comment
    let _ = r#"}"#;
    let _ = r##"{ "# }"##;
    let _ = ('}', '\'', '\u{7D}', b'{', "\"}\\");
    'outer: loop {
        break 'outer;
    }
    b.schema("x", "{");
}

fn after() {}
"####;
    let out = insert_table_registration(src, "x.rs", "Widget").unwrap();
    assert!(
        out.contains("    b.schema(\"x\", \"{\");\n    b.table::<Widget>();\n}\n\nfn after() {}"),
        "{out}"
    );
}

#[test]
fn unbalanced_sources_are_refused() {
    for src in [
        "fn register(b: B) {",
        "fn register(b: B) { \"}",
        "fn x() {} }",
        "/* x",
    ] {
        assert!(
            insert_table_registration(src, "x.rs", "W").is_err(),
            "{src}"
        );
    }
}

// ---- register()

#[test]
fn table_registration_is_the_last_statement_of_register() {
    let out = insert_table_registration(MODULE, "billing.rs", "ClaimNote").unwrap();
    assert_eq!(
        out,
        MODULE.replace(
            "    b.table::<Payer>().table::<Claim>();\n}",
            "    b.table::<Payer>().table::<Claim>();\n    b.table::<ClaimNote>();\n}"
        )
    );
    assert_rustfmt_clean(&out);
}

#[test]
fn table_registration_uses_the_parameter_name_and_fills_empty_bodies() {
    let src = "pub fn register(builder: &mut ModelBuilder) {}\n";
    let out = insert_table_registration(src, "x.rs", "Widget").unwrap();
    assert_eq!(
        out,
        "pub fn register(builder: &mut ModelBuilder) {\n    builder.table::<Widget>();\n}\n"
    );
    assert_rustfmt_clean(&out);
}

#[test]
fn table_registration_fails_clearly() {
    let e = insert_table_registration("pub fn other() {}\n", "x.rs", "W").unwrap_err();
    assert!(e.contains("cannot find `pub fn register"), "{e}");
    // A nested `fn register` (in an impl) is not the module's.
    let e = insert_table_registration("impl X {\n    fn register(b: B) {}\n}\n", "x.rs", "W")
        .unwrap_err();
    assert!(e.contains("cannot find"), "{e}");
    let e = insert_table_registration("fn register(b: B) { b.x(); }\n", "x.rs", "W").unwrap_err();
    assert!(e.contains("cargo fmt"), "{e}");
}

// ---- mod / pub use

#[test]
fn first_submodule_goes_after_the_use_items() {
    let out = insert_submodule(MODULE, "billing.rs", "claim_notes", "ClaimNote").unwrap();
    assert_eq!(
        out,
        MODULE.replace(
            "use crate::core::{Facility, Patient};\n\n",
            "use crate::core::{Facility, Patient};\n\nmod claim_notes;\n\npub use claim_notes::{ClaimNote, ClaimNoteIden};\n\n"
        )
    );
    assert_rustfmt_clean(&out);
}

#[test]
fn later_submodules_are_sorted_into_their_paragraphs() {
    let mut src = MODULE.to_string();
    for (m, s) in [
        ("claim_notes", "ClaimNote"),
        ("adjustments", "Adjustment"),
        ("zone_rates", "ZoneRate"),
        ("claim_items", "ClaimItem"),
        ("claim2s", "Claim2"),
        ("claim_10s", "Claim10"),
    ] {
        src = insert_submodule(&src, "billing.rs", m, s).unwrap();
        assert_rustfmt_clean(&src);
    }
    assert!(src.contains(
        "use crate::core::{Facility, Patient};\n\nmod adjustments;\nmod claim2s;\nmod claim_10s;\nmod claim_items;\nmod claim_notes;\nmod zone_rates;\n\npub use adjustments::{Adjustment, AdjustmentIden};\n"
    ), "{src}");
    assert!(
        src.contains("pub use zone_rates::{ZoneRate, ZoneRateIden};\n\ntype Timestamp"),
        "{src}"
    );
}

#[test]
fn submodules_work_without_use_items_or_with_partial_paragraphs() {
    let out = insert_submodule("//! Doc.\n\npub fn register() {}\n", "x.rs", "a", "A").unwrap();
    assert_eq!(
        out,
        "//! Doc.\n\nmod a;\n\npub use a::{A, AIden};\n\npub fn register() {}\n"
    );
    assert_rustfmt_clean(&out);

    let only_mods = "use x::Y;\n\nmod b;\n\nfn f() {}\n";
    let out = insert_submodule(only_mods, "x.rs", "a", "A").unwrap();
    assert_eq!(
        out,
        "use x::Y;\n\nmod a;\nmod b;\n\npub use a::{A, AIden};\n\nfn f() {}\n"
    );
    assert_rustfmt_clean(&out);

    let only_uses = "use x::Y;\n\npub use b::B;\n\nfn f() {}\n";
    let out = insert_submodule(only_uses, "x.rs", "a", "A").unwrap();
    assert_eq!(
        out,
        "use x::Y;\n\nmod a;\n\npub use a::{A, AIden};\npub use b::B;\n\nfn f() {}\n"
    );
    assert_rustfmt_clean(&out);

    // A `mod` line glued to an attribute is not a paragraph to sort into.
    let attributed = "use x::Y;\n#[cfg(test)]\nmod tests;\n";
    let out = insert_submodule(attributed, "x.rs", "a", "A").unwrap();
    assert_eq!(
        out,
        "use x::Y;\n\nmod a;\n\npub use a::{A, AIden};\n\n#[cfg(test)]\nmod tests;\n"
    );
    assert_rustfmt_clean(&out);
}

#[test]
fn names_already_used_in_the_module_are_refused() {
    let ok = check_module_free(MODULE, "billing.rs", "claim_notes", "ClaimNote");
    assert!(ok.is_ok(), "{ok:?}");
    for (module, item, needle) in [
        ("claim_notes", "Payer", "`Payer` is already declared"),
        (
            "claim_notes",
            "Patient",
            "`Patient` is already declared or imported",
        ),
        ("claim_notes", "Timestamp", "`Timestamp`"),
        ("claim_notes", "PayerType", "`PayerType`"),
        ("uuid", "Widget", "`uuid` is already declared or imported"),
        (
            "chrono",
            "Widget",
            "`chrono` is already declared or imported",
        ),
    ] {
        let e = check_module_free(MODULE, "billing.rs", module, item).unwrap_err();
        assert!(e.contains(needle), "{module} {item}: {e}");
    }
    let with_sub = insert_submodule(MODULE, "billing.rs", "claim_notes", "ClaimNote").unwrap();
    let e = check_module_free(&with_sub, "billing.rs", "claim_notes", "Other").unwrap_err();
    assert!(e.contains("`claim_notes` is already declared"), "{e}");
    let e = check_module_free(&with_sub, "billing.rs", "notes", "ClaimNote").unwrap_err();
    assert!(e.contains("`ClaimNote`"), "{e}");
    // The derive also defines `<Struct>Iden`.
    assert!(check_module_free(MODULE, "billing.rs", "x", "Pay").is_ok());
    let paths = "fn f() -> serde_json::Value {\n    todo!()\n}\n";
    let e = check_module_free(paths, "x.rs", "serde_json", "Widget").unwrap_err();
    assert!(e.contains("paths starting with `serde_json::`"), "{e}");
    let iden = "pub enum WidgetIden {}\n";
    let e = check_module_free(iden, "x.rs", "widgets", "Widget").unwrap_err();
    assert!(e.contains("`WidgetIden`"), "{e}");
}

// ---- lib.rs

#[test]
fn schema_module_is_sorted_into_lib_and_registered_last() {
    let out = insert_lib_mod(LIB, "lib.rs", "pharmacy").unwrap();
    let out = insert_builder_call(&out, "lib.rs", "pharmacy").unwrap();
    let expected = LIB
        .replace("pub mod core;\n", "pub mod core;\npub mod pharmacy;\n")
        .replace(
            "    abdm::register(&mut b);\n",
            "    abdm::register(&mut b);\n    pharmacy::register(&mut b);\n",
        );
    assert_eq!(out, expected);
    assert_rustfmt_clean(&out);

    let out = insert_lib_mod(LIB, "lib.rs", "access").unwrap();
    assert!(
        out.contains("pub mod abdm;\npub mod access;\npub mod billing;\n"),
        "{out}"
    );
    let out = insert_lib_mod(LIB, "lib.rs", "aa").unwrap();
    assert!(out.contains("\n\npub mod aa;\npub mod abdm;\n"), "{out}");
    let out = insert_lib_mod(LIB, "lib.rs", "zoo").unwrap();
    assert!(out.contains("pub mod core;\npub mod zoo;\n\nuse"), "{out}");
    assert_rustfmt_clean(&out);
}

#[test]
fn lib_edits_fail_clearly() {
    let e = insert_lib_mod("fn builder() {}\n", "lib.rs", "x").unwrap_err();
    assert!(e.contains("pub mod <schema>;"), "{e}");
    let e = insert_builder_call("fn other() {}\n", "lib.rs", "x").unwrap_err();
    assert!(e.contains("fn builder"), "{e}");
    let e =
        insert_builder_call("fn builder() -> B {\n    B::new()\n}\n", "lib.rs", "x").unwrap_err();
    assert!(e.contains("register(&mut b);"), "{e}");
}

// ---- whole plans

fn sources(module: &str) -> Vec<(String, String)> {
    vec![
        ("schema-defs/src/billing.rs".into(), module.to_string()),
        ("schema-defs/src/lib.rs".into(), LIB.to_string()),
    ]
}

#[test]
fn table_plan_renders_the_template_and_registers_it() {
    let srcs = sources(MODULE);
    let inputs = TableInputs {
        template: &template("table.rs.tmpl"),
        module_file: "schema-defs/src/billing.rs",
        module_src: MODULE,
        lib_src: LIB,
        sources: &srcs,
    };
    let (file, module) = plan_table("billing", "claim_notes", "ClaimNote", &inputs).unwrap();
    assert!(file.contains(
        "#[table(schema = \"billing\", name = \"claim_notes\", tenant_scoped, compliance)]\npub struct ClaimNote {\n    #[column(primary_key, default_sql = \"gen_random_uuid()\")]\n    pub id: Uuid,\n"
    ), "{file}");
    assert!(
        file.contains("/// TODO"),
        "a doc comment to fill in: {file}"
    );
    assert!(file.contains("`tenant_scoped` adds") && file.contains("`compliance` adds"));
    assert!(!file.contains("{{"), "{file}");
    assert_rustfmt_clean(&file);
    assert!(
        module.contains("mod claim_notes;\n\npub use claim_notes::{ClaimNote, ClaimNoteIden};\n")
    );
    assert!(module.contains("    b.table::<ClaimNote>();\n}\n"));
    assert_rustfmt_clean(&module);

    // Long names: rustfmt wraps the attribute; the I/O layer formats the new file.
    let long = "a".repeat(63);
    let (file, _) = plan_table("billing", &long, "A", &inputs).unwrap();
    let formatted = rustfmt(&file).unwrap().unwrap();
    assert_rustfmt_clean(&formatted);
}

#[test]
fn table_plan_refusals() {
    let srcs = sources(MODULE);
    let tmpl = template("table.rs.tmpl");
    let inputs = TableInputs {
        template: &tmpl,
        module_file: "schema-defs/src/billing.rs",
        module_src: MODULE,
        lib_src: LIB,
        sources: &srcs,
    };
    let e = plan_table("billing", "claims", "ClaimAgain", &inputs).unwrap_err();
    assert!(e.contains("already declares table billing.claims"), "{e}");
    let e = plan_table("billing", "claim_notes", "Claim", &inputs).unwrap_err();
    assert!(e.contains("`Claim` is already declared"), "{e}");
    let e = plan_table("billing", "claim_notes", "claimNote", &inputs).unwrap_err();
    assert!(e.contains("UpperCamelCase"), "{e}");
    let e = plan_table("pharmacy", "stock_items", "StockItem", &inputs).unwrap_err();
    assert!(e.contains("does not declare `pub mod pharmacy;`"), "{e}");
}

#[test]
fn schema_plan_renders_the_template_and_registers_it() {
    let srcs = sources(MODULE);
    let (file, lib) = plan_schema(
        "pharmacy",
        "Drug \"stock\", dispensing",
        &template("schema.rs.tmpl"),
        LIB,
        &srcs,
    )
    .unwrap();
    assert!(file.starts_with("//! Schema `pharmacy`"), "{file}");
    assert!(file.contains(
        "pub fn register(b: &mut ModelBuilder) {\n    b.schema(\"pharmacy\", \"Drug \\\"stock\\\", dispensing\");\n}\n"
    ), "{file}");
    assert_rustfmt_clean(&file);
    assert!(lib.contains("pub mod core;\npub mod pharmacy;\n"));
    assert!(
        lib.contains("    abdm::register(&mut b);\n    pharmacy::register(&mut b);\n    b.rule")
    );
    assert_rustfmt_clean(&lib);

    let (file, _) = plan_schema("pharmacy", "", &template("schema.rs.tmpl"), LIB, &srcs).unwrap();
    assert!(file.contains("b.schema(\"pharmacy\", \"\");"), "{file}");
}

#[test]
fn schema_plan_refusals() {
    let srcs = sources(MODULE);
    let tmpl = template("schema.rs.tmpl");
    let e = plan_schema("billing", "", &tmpl, LIB, &srcs).unwrap_err();
    assert!(e.contains("already declares schema `billing`"), "{e}");
    let e = plan_schema("abdm", "", &tmpl, LIB, &[]).unwrap_err();
    assert!(e.contains("`abdm` is already declared"), "{e}");
    let e = plan_schema("hims_dsl", "", &tmpl, LIB, &srcs).unwrap_err();
    assert!(
        e.contains("`hims_dsl` is already declared or imported"),
        "{e}"
    );
    let lib = LIB.replace("b.extension(", "hims_other::f(&mut b);\n    b.extension(");
    let e = plan_schema("hims_other", "", &tmpl, &lib, &srcs).unwrap_err();
    assert!(e.contains("paths starting with `hims_other::`"), "{e}");
    let e = plan_schema("pg_stuff", "", &tmpl, LIB, &srcs).unwrap_err();
    assert!(e.contains("reserved by PostgreSQL"), "{e}");
}

#[test]
fn table_declarations_are_found_in_any_layout() {
    let srcs = sources(MODULE);
    assert_eq!(
        find_table_declaration(&srcs, "billing", "claims"),
        Some("schema-defs/src/billing.rs")
    );
    assert_eq!(
        find_table_declaration(&srcs, "billing", "payers"),
        Some("schema-defs/src/billing.rs")
    );
    assert_eq!(find_table_declaration(&srcs, "core", "payers"), None);
    let wrapped = vec![(
        "x.rs".to_string(),
        "#[table(\n    schema = \"lab\",\n    name = \"results\",\n    tenant_scoped\n)]\n"
            .to_string(),
    )];
    assert_eq!(
        find_table_declaration(&wrapped, "lab", "results"),
        Some("x.rs")
    );
    assert_eq!(find_table_declaration(&wrapped, "results", "lab"), None);
    assert_eq!(find_table_declaration(&srcs, "billing", "claim"), None);
    assert_eq!(
        find_schema_declaration(&srcs, "billing"),
        Some("schema-defs/src/billing.rs")
    );
    assert_eq!(find_schema_declaration(&srcs, "bill"), None);
}

#[test]
fn templates_report_unknown_placeholders() {
    assert_eq!(
        render_template("a {{x}} b", &[("x", "1")]).unwrap(),
        "a 1 b"
    );
    let e = render_template("a {{y}} b", &[("x", "1")]).unwrap_err();
    assert!(e.contains("`{{y}}`"), "{e}");
}

// ---- I/O

fn temp_root(tag: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("xtask-scaffold-{tag}-"))
        .tempdir()
        .expect("temp dir")
}

/// A minimal workspace: lib.rs, billing.rs and the real templates.
fn mini_workspace(tag: &str) -> tempfile::TempDir {
    let dir = temp_root(tag);
    let src = dir.path().join("schema-defs/src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("lib.rs"), LIB).unwrap();
    std::fs::write(src.join("billing.rs"), MODULE).unwrap();
    std::fs::write(src.join("abdm.rs"), "use hims_dsl::ModelBuilder;\n\npub fn register(b: &mut ModelBuilder) {\n    b.schema(\"abdm\", \"\");\n}\n").unwrap();
    std::fs::write(src.join("core.rs"), "use hims_dsl::ModelBuilder;\n\npub fn register(b: &mut ModelBuilder) {\n    b.schema(\"core\", \"\");\n}\n").unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    for t in ["table.rs.tmpl", "schema.rs.tmpl"] {
        std::fs::write(dir.path().join("templates").join(t), template(t)).unwrap();
    }
    dir
}

/// Every file under `root` with its contents.
fn snapshot(root: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn new_table_and_schema_write_files_and_refuse_without_writing() {
    let ws = mini_workspace("io");
    let root = ws.path();
    let printed = new_table(root, "billing.claim_notes", None).unwrap();
    assert!(
        printed.iter().any(|l| l.contains("cargo xtask baseline")),
        "{printed:?}"
    );
    let file =
        std::fs::read_to_string(root.join("schema-defs/src/billing/claim_notes.rs")).unwrap();
    assert!(file.contains("pub struct ClaimNote {"));
    assert_rustfmt_clean(&file);
    let module = std::fs::read_to_string(root.join("schema-defs/src/billing.rs")).unwrap();
    assert!(module.contains("pub use claim_notes::{ClaimNote, ClaimNoteIden};"));
    assert!(module.contains("b.table::<ClaimNote>();\n}"));
    assert_rustfmt_clean(&module);

    let before = snapshot(root);
    for (args, needle) in [
        (("billing.claim_notes", None), "already exists"),
        (
            ("billing.claim_items", Some("ClaimNote")),
            "`ClaimNote` is already declared",
        ),
        (
            ("billing.claims", Some("Other")),
            "already declares table billing.claims",
        ),
        (
            ("pharmacy.stock_items", None),
            "schema module schema-defs/src/pharmacy.rs does not exist",
        ),
        (("billing.Claim_Notes", None), "lower snake_case"),
        (
            ("billing.uuid", None),
            "`uuid` is already declared or imported",
        ),
        (("billing.claim_x", Some("bad")), "UpperCamelCase"),
    ] {
        let e = new_table(root, args.0, args.1).unwrap_err();
        assert!(e.contains(needle), "{args:?}: {e}");
    }
    for (name, needle) in [
        ("billing", "already exists"),
        ("Pharmacy", "lower snake_case"),
        (&"p".repeat(64), "at most 63"),
        ("std", "shadow"),
    ] {
        let e = new_schema(root, name, "").unwrap_err();
        assert!(e.contains(needle), "{name}: {e}");
    }
    assert_eq!(snapshot(root), before, "a refusal wrote something");

    new_schema(root, "pharmacy", "Drug stock and dispensing").unwrap();
    new_table(root, "pharmacy.stock_items", None).unwrap();
    let lib = std::fs::read_to_string(root.join("schema-defs/src/lib.rs")).unwrap();
    assert!(lib.contains("pub mod core;\npub mod pharmacy;\n"), "{lib}");
    assert!(
        lib.contains("    pharmacy::register(&mut b);\n    b.rule"),
        "{lib}"
    );
    assert_rustfmt_clean(&lib);
    let pharmacy = std::fs::read_to_string(root.join("schema-defs/src/pharmacy.rs")).unwrap();
    assert!(
        pharmacy.contains("mod stock_items;\n\npub use stock_items::{StockItem, StockItemIden};\n")
    );
    assert!(pharmacy.contains(
        "    b.schema(\"pharmacy\", \"Drug stock and dispensing\");\n    b.table::<StockItem>();\n}"
    ), "{pharmacy}");
    assert_rustfmt_clean(&pharmacy);
    // No temp files left behind.
    assert!(
        snapshot(root)
            .iter()
            .all(|(p, _)| !p.to_string_lossy().ends_with(".tmp"))
    );
}

#[test]
fn edited_files_that_were_not_rustfmt_clean_are_left_as_they_are_otherwise() {
    let ws = mini_workspace("unformatted");
    let root = ws.path();
    let messy = MODULE.replace(
        "type Timestamp = DateTime<Utc>;",
        "type   Timestamp = DateTime<Utc>;",
    );
    std::fs::write(root.join("schema-defs/src/billing.rs"), &messy).unwrap();
    new_table(root, "billing.claim_notes", None).unwrap();
    let module = std::fs::read_to_string(root.join("schema-defs/src/billing.rs")).unwrap();
    assert!(
        module.contains("type   Timestamp"),
        "reformatted the author's code"
    );
    assert!(module.contains("pub use claim_notes::{ClaimNote, ClaimNoteIden};"));
}

#[test]
fn writes_are_all_or_nothing() {
    let dir = temp_root("atomic");
    let a = dir.path().join("a.rs");
    let b = dir.path().join("b.rs");
    std::fs::write(&b, "old").unwrap();

    // The replaced file changed since it was read: nothing is written.
    let e = write_all_or_nothing(&[
        FileWrite {
            path: a.clone(),
            old: None,
            new: "new a".into(),
        },
        FileWrite {
            path: b.clone(),
            old: Some("older".into()),
            new: "new b".into(),
        },
    ])
    .unwrap_err();
    assert!(e.contains("changed while scaffolding"), "{e}");
    assert!(!a.exists());
    assert_eq!(std::fs::read_to_string(&b).unwrap(), "old");

    // The second file cannot be written (its directory is a file): the first is undone.
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, "").unwrap();
    let e = write_all_or_nothing(&[
        FileWrite {
            path: dir.path().join("sub/new.rs"),
            old: None,
            new: "x".into(),
        },
        FileWrite {
            path: blocker.join("c.rs"),
            old: None,
            new: "y".into(),
        },
    ])
    .unwrap_err();
    assert!(e.contains("nothing written"), "{e}");
    assert!(
        !dir.path().join("sub").exists(),
        "created directory left behind"
    );

    // Success: both in place, permissions of the replaced file kept, no temp files.
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&b, std::fs::Permissions::from_mode(0o640)).unwrap();
    write_all_or_nothing(&[
        FileWrite {
            path: a.clone(),
            old: None,
            new: "new a".into(),
        },
        FileWrite {
            path: b.clone(),
            old: Some("old".into()),
            new: "new b".into(),
        },
    ])
    .unwrap();
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
    assert_eq!(std::fs::read_to_string(&b).unwrap(), "new b");
    assert_eq!(
        std::fs::metadata(&b).unwrap().permissions().mode() & 0o777,
        0o640
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");

    // A new file never replaces an existing one.
    let e = write_all_or_nothing(&[FileWrite {
        path: a.clone(),
        old: None,
        new: "z".into(),
    }])
    .unwrap_err();
    assert!(e.contains("already exists"), "{e}");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
}
