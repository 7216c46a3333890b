//! Model → Rust source: the definitions of an existing database in the style of
//! `schema-defs/`, for `cargo xtask import`.
//!
//! [`rust_module`] writes one schema as a module: `#[derive(PgEnum)]` enums,
//! `#[derive(Table)]` structs whose attributes name every key, constraint and index
//! explicitly (so the derived names are never relied on), and a `register` function that
//! adds them, the functions and views, and — as builder rules — what the derives do not
//! express (row-level security, policies, triggers). [`mod_rs`] writes the module that
//! declares the schema modules and registers them all on one builder.
//!
//! Items of another schema are named `super::<module>::<Item>`: the modules are siblings
//! under the directory's `mod.rs`, wherever that directory is declared (`crate::<schema>`
//! would only hold at the crate root).
//!
//! Code is built with `quote` and laid out by prettyplease. prettyplease breaks lines at its
//! own margin (89 columns) where rustfmt follows width heuristics (60 columns of call
//! arguments or array elements, 70 of attribute arguments, 100 per line), so: derive
//! attributes, `use` lists and string constants are laid out here the way rustfmt lays them
//! out (see [`attr`]); long texts (SQL bodies, comments, expressions) go into constants;
//! and the few places where only one of the two would break get a spelling both break or
//! both keep (`tests/rustfmt_widths.rs` sweeps the widths). The files are rustfmt-clean as
//! written.
//!
//! Architecture invariant: no I/O; the output is a pure function of the model.

pub mod attr;
mod layout;
mod module;
pub mod naming;
mod plan;
pub mod types;

use hims_model::{IndexMethod, Model, QualifiedName, Table};
use layout::{Attrs, Uses, inner_doc};
use quote::quote;
use std::collections::BTreeSet;

pub use module::{rust_module, schemas_of};
pub use naming::{module_file, module_name};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodegenError {
    #[error("schema `{0}` is not in the model")]
    UnknownSchema(String),
    #[error("the model cannot be written as definitions:\n  - {}", .0.join("\n  - "))]
    Unrepresentable(Vec<String>),
}

/// The module that declares one module per schema (`pub mod billing;`) and registers them
/// all on one builder (`pub fn builder() -> ModelBuilder`), with the model's extensions and
/// the roles its policies name (roles are not read from the database: they are declared
/// with default attributes, see [`review`]).
pub fn mod_rs(model: &Model, schemas: &[String]) -> Result<String, CodegenError> {
    for s in schemas {
        if !schemas_of(model).contains(s) {
            return Err(CodegenError::UnknownSchema(s.clone()));
        }
    }
    let plan = plan::NamePlan::new(model);
    let mut modules: Vec<&str> = schemas.iter().map(|s| plan.modules[s].as_str()).collect();
    modules.sort_by_key(|m| m.trim_start_matches("r#"));
    let mut uses = Uses::default();
    uses.add("hims_dsl", "ModelBuilder");
    let mut stmts = Vec::new();
    for e in &model.extensions {
        stmts.push(quote! { b.extension(#e); });
    }
    for t in &model.extension_types {
        let (schema, name) = (&t.schema, &t.name);
        stmts.push(quote! { b.extension_type(#schema, #name); });
    }
    let roles = policy_roles(model, schemas);
    if !roles.is_empty() {
        uses.add("hims_dsl::model", "Role");
    }
    for r in &roles {
        stmts.push(quote! {
            b.role(Role {
                name: #r.into(),
                login: false,
                bypass_rls: false,
                member_of: Vec::new(),
                comment: None,
                settings: Default::default(),
            });
        });
    }
    for m in &modules {
        let id: proc_macro2::TokenStream = m.parse().expect("module names are identifiers");
        stmts.push(quote! { #id::register(&mut b); });
    }
    let attrs = Attrs::default();
    let builder = attrs.render_item(quote! {
        /// Every imported schema registered on one builder, with the extensions the database
        /// had and the roles its policies name.
        pub fn builder() -> ModelBuilder {
            let mut b = ModelBuilder::new();
            #(#stmts)*
            b
        }
    });
    let mut head = inner_doc(
        "Schemas imported from an existing database by `cargo xtask import`, one module each.\n\nRegenerate with the same command; edit by hand only what the import report asks for.",
    );
    head.push_str("#![allow(clippy::duplicated_attributes, clippy::enum_variant_names)]\n");
    let mods: String = modules.iter().map(|m| format!("pub mod {m};\n")).collect();
    Ok([head, mods, uses.render(), builder].join("\n"))
}

/// Every file of an import of `schemas`: `(file name, source)` for each schema's module
/// (`billing.rs`) and `mod.rs`, in file-name order.
pub fn module_files(
    model: &Model,
    schemas: &[String],
) -> Result<Vec<(String, String)>, CodegenError> {
    let plan = plan::NamePlan::new(model);
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for s in schemas {
        match rust_module(model, s) {
            Ok(source) => files.push((module_file(&plan.modules[s]), source)),
            Err(CodegenError::Unrepresentable(p)) => problems.extend(p),
            Err(e) => return Err(e),
        }
    }
    if !problems.is_empty() {
        return Err(CodegenError::Unrepresentable(problems));
    }
    files.push(("mod.rs".to_string(), mod_rs(model, schemas)?));
    files.sort();
    Ok(files)
}

/// The model the written modules of `model` build: the same objects, with each column
/// default as the definition spells it (`default = 10` is an integer literal, where the
/// database printed SQL). Its complete script is what `cargo xtask baseline` writes from the
/// imported definitions.
pub fn as_defined(model: &Model) -> Model {
    let mut m = model.clone();
    for t in &mut m.tables {
        for c in &mut t.columns {
            if let Some(d) = &c.default {
                c.default = Some(types::defined_default(&c.ty, d));
            }
        }
    }
    m
}

fn policy_roles(model: &Model, schemas: &[String]) -> BTreeSet<String> {
    model
        .tables
        .iter()
        .filter(|t| schemas.contains(&t.schema))
        .flat_map(|t| t.policies.iter().flat_map(|p| p.roles.iter().cloned()))
        .collect()
}

/// Fills in `depends_on` of views and functions from the names their text mentions, so that
/// a baseline creates them after what they need. PostgreSQL checks a SQL function's whole
/// body when it is created, a PL/pgSQL function's declarations only (`v core.t%ROWTYPE`):
/// that is the text searched. Views read from a database name everything schema-qualified;
/// function text is searched for qualified names, and for bare names of objects in the
/// schemas of the function's `search_path` (`public` when it is not pinned).
pub fn infer_dependencies(model: &mut Model) {
    let objects: Vec<QualifiedName> = model
        .tables
        .iter()
        .map(Table::qualified_name)
        .chain(model.views.iter().map(|v| v.qualified_name()))
        .chain(model.functions.iter().map(|f| f.qualified_name()))
        .chain(model.aggregates.iter().map(|a| a.qualified_name()))
        .collect();
    for v in &mut model.views {
        let me = v.qualified_name();
        v.depends_on = objects
            .iter()
            .filter(|o| **o != me && mentions_qualified(&v.query, o))
            .cloned()
            .collect();
        v.depends_on.sort();
        v.depends_on.dedup();
    }
    for f in &mut model.functions {
        // PL/pgSQL checks only its declarations when created (`v core.t%ROWTYPE`).
        let text = match f.language {
            hims_model::FunctionLanguage::Sql => f.body.as_str(),
            hims_model::FunctionLanguage::Plpgsql => declarations(&f.body),
        };
        let me = f.qualified_name();
        let path: Vec<&str> = if f.search_path.is_empty() {
            vec!["public"]
        } else {
            f.search_path.iter().map(String::as_str).collect()
        };
        f.depends_on = objects
            .iter()
            .filter(|o| {
                **o != me
                    && (mentions_qualified(text, o)
                        || (path.contains(&o.schema.as_str()) && mentions(text, &o.name)))
            })
            .cloned()
            .collect();
        f.depends_on.sort();
        f.depends_on.dedup();
    }
}

/// The declaration section of a PL/pgSQL body: everything before its first `BEGIN`.
fn declarations(body: &str) -> &str {
    let lower = body.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("begin") {
        let start = from + at;
        let before = lower[..start].chars().next_back();
        let after = lower[start + 5..].chars().next();
        if !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char) {
            return &body[..start];
        }
        from = start + 5;
    }
    body
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// `word` occurs in `text` (case-insensitively) not as part of a longer name.
fn mentions(text: &str, word: &str) -> bool {
    let lower = text.to_lowercase();
    let word = word.to_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&word) {
        let start = from + at;
        let end = start + word.len();
        let before = lower[..start].chars().next_back();
        let after = lower[end..].chars().next();
        if !before.is_some_and(|c| is_word_char(c) || c == '.' || c == '"')
            && !after.is_some_and(is_word_char)
        {
            return true;
        }
        from = start + word.len().max(1);
    }
    false
}

/// `schema.name` (each part optionally double-quoted) occurs in `text`.
fn mentions_qualified(text: &str, q: &QualifiedName) -> bool {
    let (s, n) = (&q.schema, &q.name);
    [
        format!("{s}.{n}"),
        format!("\"{s}\".\"{n}\""),
        format!("{s}.\"{n}\""),
        format!("\"{s}\".{n}"),
    ]
    .iter()
    .any(|p| mentions(text, p))
}

/// What the generated definitions will not reproduce exactly, or what the model builder
/// will refuse, for the schemas being imported: each a sentence naming the object.
pub fn review(model: &Model, schemas: &[String]) -> Vec<String> {
    let mut notes = Vec::new();
    let mut names = Vec::new();
    let mut fk_notes = Vec::new();
    let ident_ok = |n: &str| {
        n.len() <= hims_model::MAX_IDENTIFIER_BYTES
            && n.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    // Schemas written with `imported_schema` keep their names and index no foreign key.
    let ruled = |schema: &str| model.schema(schema).is_none_or(|s| s.naming_rules);
    let mut check = |schema: &str, what: &str, path: String, name: &str| {
        if ruled(schema) && !ident_ok(name) {
            names.push(format!(
                "{what} {path}: the name `{name}` is not lower-case snake_case of at most 63 bytes, which the model builder refuses; rename it in the database or in the definitions"
            ));
        }
    };
    for s in schemas {
        check(s, "schema", s.clone(), s);
    }
    for e in model.enums.iter().filter(|e| schemas.contains(&e.schema)) {
        check(
            &e.schema,
            "enum type",
            e.qualified_name().to_string(),
            &e.name,
        );
    }
    for t in model.tables.iter().filter(|t| schemas.contains(&t.schema)) {
        let tq = t.qualified_name().to_string();
        check(&t.schema, "table", tq.clone(), &t.name);
        for c in &t.columns {
            check(&t.schema, "column", format!("{tq}.{}", c.name), &c.name);
        }
        for n in t.constraint_names() {
            check(&t.schema, "constraint", format!("{tq}.{n}"), n);
        }
        for i in &t.indexes {
            check(&t.schema, "index", format!("{tq}.{}", i.name), &i.name);
        }
        for p in &t.policies {
            check(&t.schema, "policy", format!("{tq}.{}", p.name), &p.name);
        }
        for tr in &t.triggers {
            check(&t.schema, "trigger", format!("{tq}.{}", tr.name), &tr.name);
            // Built-in trigger functions (`pg_catalog.tsvector_update_trigger`) exist in
            // every database; the model builder accepts them.
            if tr.function.schema != "pg_catalog"
                && !model
                    .functions
                    .iter()
                    .any(|f| f.qualified_name() == tr.function)
            {
                fk_notes.push(format!(
                    "trigger {tq}.{}: calls {}(), which is not part of the import (its schema is not imported, or it was left out), so the model builder refuses the trigger",
                    tr.name, tr.function
                ));
            }
        }
        for idx in unindexed_foreign_keys(t)
            .into_iter()
            .filter(|_| ruled(&t.schema))
        {
            fk_notes.push(format!(
                "foreign key {tq}.{}: no index starts with its columns ({}); the model builder indexes every foreign key, so a baseline from these definitions adds index {}",
                idx.0,
                idx.1.join(", "),
                idx.2
            ));
        }
    }
    for f in model
        .functions
        .iter()
        .filter(|f| schemas.contains(&f.schema))
    {
        check(
            &f.schema,
            "function",
            f.qualified_name().to_string(),
            &f.name,
        );
        for a in &f.args {
            check(
                &f.schema,
                "argument of function",
                format!("{}({})", f.qualified_name(), a.ty),
                &a.name,
            );
        }
    }
    for v in model.views.iter().filter(|v| schemas.contains(&v.schema)) {
        check(&v.schema, "view", v.qualified_name().to_string(), &v.name);
    }
    notes.append(&mut names);
    notes.append(&mut fk_notes);
    for r in policy_roles(model, schemas) {
        notes.push(format!(
            "role {r}: named by a policy; roles are not imported, so mod.rs declares it NOLOGIN NOBYPASSRLS without memberships (CREATE ROLE only runs where it does not exist yet); correct its attributes there"
        ));
    }
    notes
}

/// `(foreign key, columns, index the builder adds)` for each foreign key no primary key,
/// unique constraint or plain btree index starts with (the rule of `hims_dsl`).
fn unindexed_foreign_keys(t: &Table) -> Vec<(String, Vec<String>, String)> {
    let mut leading: Vec<Vec<String>> = Vec::new();
    leading.extend(t.primary_key.iter().map(|pk| pk.columns.clone()));
    leading.extend(t.uniques.iter().map(|u| u.columns.clone()));
    leading.extend(
        t.indexes
            .iter()
            .filter(|i| i.predicate.is_none() && i.method == IndexMethod::Btree)
            .map(|i| {
                i.keys
                    .iter()
                    .map_while(|k| k.column_name().map(str::to_string))
                    .collect()
            }),
    );
    let mut out = Vec::new();
    for fk in &t.foreign_keys {
        let n = fk.columns.len();
        let served = leading
            .iter()
            .any(|cols| cols.len() >= n && fk.columns.iter().all(|c| cols[..n].contains(c)));
        if !served {
            leading.push(fk.columns.clone());
            out.push((
                fk.name.clone(),
                fk.columns.clone(),
                format!("{}_{}_idx", t.name, fk.columns.join("_")),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(schema: &str, name: &str) -> Table {
        let mut t = Table::new(schema, name);
        t.columns.push(hims_model::Column::new(
            "id",
            hims_model::ColumnType::Integer,
            false,
        ));
        t
    }

    #[test]
    fn dependencies_are_read_from_view_queries_and_sql_function_bodies() {
        let function = |name: &str, language, body: &str| hims_model::Function {
            schema: "app".into(),
            name: name.into(),
            kind: Default::default(),
            args: vec![],
            returns: "bigint".into(),
            language,
            volatility: hims_model::Volatility::Stable,
            security_definer: false,
            strict: false,
            search_path: vec![],
            settings: Default::default(),
            parallel: Default::default(),
            leakproof: false,
            cost: None,
            rows: None,
            body: body.into(),
            comment: None,
            depends_on: vec![],
            origin: Default::default(),
        };
        let mut m = Model {
            tables: vec![table("app", "visits"), table("public", "notes")],
            functions: vec![
                function(
                    "visit_count",
                    hims_model::FunctionLanguage::Sql,
                    "SELECT count(*) FROM app.visits, notes",
                ),
                function(
                    "touch",
                    hims_model::FunctionLanguage::Plpgsql,
                    "BEGIN PERFORM 1 FROM app.visits; END",
                ),
                function(
                    "next",
                    hims_model::FunctionLanguage::Plpgsql,
                    "DECLARE\n    v app.visits%ROWTYPE;\nBEGIN\n    PERFORM app.visit_count();\nEND",
                ),
            ],
            views: vec![hims_model::View {
                schema: "app".into(),
                name: "summary".into(),
                query: " SELECT app.visit_count() AS n\n   FROM app.visits_archive;".into(),
                security_invoker: true,
                comment: None,
                depends_on: vec![],
                materialized: None,
                origin: Default::default(),
            }],
            ..Model::default()
        };
        infer_dependencies(&mut m);
        let names = |v: &[QualifiedName]| v.iter().map(|q| q.to_string()).collect::<Vec<_>>();
        assert_eq!(
            names(&m.functions[0].depends_on),
            ["app.visits", "public.notes"]
        );
        assert!(
            m.functions[1].depends_on.is_empty(),
            "PL/pgSQL statements are not checked at creation"
        );
        assert_eq!(names(&m.functions[2].depends_on), ["app.visits"]);
        assert_eq!(names(&m.views[0].depends_on), ["app.visit_count"]);
    }

    #[test]
    fn review_names_unindexed_foreign_keys_refused_names_and_policy_roles() {
        let mut parent = table("app", "parents");
        parent.primary_key = Some(hims_model::PrimaryKey {
            name: "parents_pkey".into(),
            columns: vec!["id".into()],
            deferral: Default::default(),
        });
        let mut child = table("app", "Children");
        child.columns.push(hims_model::Column::new(
            "parent_id",
            hims_model::ColumnType::Integer,
            false,
        ));
        child.foreign_keys.push(hims_model::ForeignKey {
            name: "children_parent_id_fkey".into(),
            columns: vec!["parent_id".into()],
            ref_table: QualifiedName::new("app", "parents"),
            ref_columns: vec!["id".into()],
            on_delete: Default::default(),
            on_update: Default::default(),
            deferral: Default::default(),
        });
        child.row_security = Some(hims_model::RowSecurity { force: false });
        child.policies.push(hims_model::Policy {
            name: "readers".into(),
            permissive: true,
            command: hims_model::PolicyCommand::Select,
            roles: vec!["reader".into()],
            using: Some("true".into()),
            with_check: None,
        });
        let m = Model {
            tables: vec![parent, child],
            ..Model::default()
        };
        let notes = review(&m, &["app".to_string()]);
        let has = |s: &str| notes.iter().any(|n| n.contains(s));
        assert!(has("table app.Children: the name `Children`"), "{notes:#?}");
        assert!(has("adds index Children_parent_id_idx"), "{notes:#?}");
        assert!(has("role reader"), "{notes:#?}");
        assert_eq!(notes.len(), 3, "{notes:#?}");
    }

    #[test]
    fn mentions_respects_word_boundaries() {
        assert!(mentions("SELECT * FROM app.orders o", "app.orders"));
        assert!(!mentions("SELECT * FROM app.orders_archive", "app.orders"));
        assert!(!mentions("SELECT * FROM xapp.orders", "app.orders"));
        assert!(mentions_qualified(
            "FROM \"app\".\"orders\"",
            &QualifiedName::new("app", "orders")
        ));
        assert!(mentions("select count(*) from Orders", "orders"));
        assert!(!mentions("select o.orders_count from t", "orders"));
    }
}
