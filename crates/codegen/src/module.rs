//! One schema of a model → one Rust module in the style of `schema-defs/`.

use crate::CodegenError;
use crate::attr::{Meta, escaped_str, raw_str, rust_str};
use crate::layout::{Attrs, Uses, inner_doc, str_const};
use crate::naming::{Names, const_name, field_name, ident_for_name, needs_rename, variant_name};
use crate::plan::NamePlan;
use crate::types::{default_meta, field_type};
use hims_model::{
    Aggregate, Deferral, Domain, EnumType, FkAction, Function, FunctionLanguage, Identity, Index,
    IndexKey, IndexMethod, Model, Parallel, PartitionMethod, Policy, PolicyCommand, QualifiedName,
    Sequence, SequenceOptions, Table, Trigger, TriggerEvent, TriggerTiming, View, Volatility,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// Width prettyplease keeps a line within (its margin is 89 columns); generated lines that
/// hold text of arbitrary length are kept below it, or the text goes into a constant.
const LINE: usize = 86;
/// rustfmt's `fn_call_width` and `array_width`: wider argument lists and arrays are broken.
const RUSTFMT_LIST_WIDTH: usize = 60;
/// prettyplease's margin: it breaks a group that does not end within this column.
const PP_MARGIN: usize = 89;

pub(crate) struct Gen<'a> {
    model: &'a Model,
    schema: &'a str,
    plan: &'a NamePlan,
    uses: Uses,
    attrs: Attrs,
    /// Rendered `const` items, in order of first use.
    consts: Vec<String>,
    const_names: Names,
    problems: Vec<String>,
    needs_table_mut: bool,
    needs_arg: bool,
}

fn lit(source: &str) -> TokenStream {
    source
        .parse()
        .unwrap_or_else(|e| panic!("`{source}` is not a Rust literal: {e}"))
}

fn str_lit(text: &str) -> TokenStream {
    lit(&rust_str(text))
}

fn ident(name: &str) -> TokenStream {
    name.parse()
        .unwrap_or_else(|e| panic!("`{name}` is not a Rust path: {e}"))
}

/// `#[doc = …]` lines that the derives read back as exactly `comment`, or `None` when no
/// doc comment can say it (blank lines, surrounding spaces): then `comment = "…"` is used.
pub(crate) fn doc_lines(comment: &str) -> Option<Vec<String>> {
    if comment.is_empty() || comment.contains('\r') {
        return None;
    }
    let mut out = Vec::new();
    for (i, line) in comment.split('\n').enumerate() {
        if line.is_empty() || line.trim() != line {
            return None;
        }
        if i > 0 {
            out.push(String::new());
        }
        out.extend(wrap(line, 92));
    }
    Some(out)
}

/// Splits a paragraph at single spaces into lines of about `width` columns; the derive joins
/// the lines of a paragraph with one space, so the text comes back unchanged.
fn wrap(line: &str, width: usize) -> Vec<String> {
    // A Markdown block (list item, quote, heading, table) is not wrapped: its continuation
    // lines would need indenting, which the derive's joining would not undo.
    let block = line.starts_with(['-', '*', '+', '>', '#', '|'])
        || line
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if line.len() <= width || line.contains("  ") || block {
        return vec![line.to_string()];
    }
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in line.split(' ') {
        if !current.is_empty() && current.len() + 1 + word.len() > width {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    out.push(current);
    out
}

fn docs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let text = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #[doc = #text] }
    });
    quote! { #(#attrs)* }
}

impl<'a> Gen<'a> {
    pub(crate) fn new(model: &'a Model, schema: &'a str, plan: &'a NamePlan) -> Self {
        Gen {
            model,
            schema,
            plan,
            uses: Uses::default(),
            attrs: Attrs::default(),
            consts: Vec::new(),
            const_names: Names::default(),
            problems: Vec::new(),
            needs_table_mut: false,
            needs_arg: false,
        }
    }

    /// A string constant holding `text`, named after `hint`; returns its name.
    fn constant(&mut self, hint: &str, doc: &str, text: &str) -> String {
        let mut name = const_name(hint);
        // Keep names short enough that the lines using them stay short.
        while name.len() > 40 && name.contains('_') {
            let cut = name.find('_').expect("checked");
            name = name[cut + 1..].to_string();
        }
        let name = self.const_names.take(&name, "_");
        let literal = if text.contains('\r') {
            escaped_str(text)
        } else if text.contains(['\n', '"', '\\']) {
            raw_str(text)
        } else {
            escaped_str(text)
        };
        self.consts.push(str_const(Some(doc), &name, &literal));
        name
    }

    /// [`Gen::constant`] named after `hint` when that name has at most 15 characters, else
    /// after `fallback` (`CHECK`, `CHECK_2` …): for constants that share a line.
    fn short_constant(&mut self, hint: &str, fallback: &str, doc: &str, text: &str) -> String {
        let hint = if const_name(hint).len() <= 15 {
            hint
        } else {
            fallback
        };
        self.constant(hint, doc, text)
    }

    /// `"text".into()` when the line, `lead` columns before the literal and `.into(),`
    /// after it, stays within [`LINE`]; else the `.into()` of a constant holding the text.
    fn text_into(&mut self, text: &str, lead: usize, hint: &str, doc: &str) -> TokenStream {
        let l = rust_str(text);
        if lead + l.len() + 8 <= LINE && !text.contains('\n') {
            let l = lit(&l);
            quote! { #l.into() }
        } else {
            let c = ident(&self.constant(hint, doc, text));
            quote! { #c.into() }
        }
    }

    /// `Some(…)` of [`Gen::text_into`] (`lead` columns before `Some(`), or `None`.
    fn opt_text(&mut self, text: Option<&str>, lead: usize, hint: &str, doc: &str) -> TokenStream {
        match text {
            Some(t) => {
                let v = self.text_into(t, lead + 6, hint, doc);
                quote! { Some(#v) }
            }
            None => quote! { None },
        }
    }

    /// Column `name` in a key list: its identifier (`r#type` for a keyword) with `opts`
    /// (`desc`, `opclass = "…"`) in parentheses, or, for a name no identifier can say (an
    /// imported `"display name"`), `col("display name", opts…)`.
    fn key_column(name: &str, opts: Vec<Meta>) -> Meta {
        match ident_for_name(name) {
            Some(id) if opts.is_empty() => Meta::word(id),
            Some(id) => Meta::List(id, opts),
            None => {
                let mut items = vec![Meta::Lit(rust_str(name))];
                items.extend(opts);
                Meta::list("col", items)
            }
        }
    }

    fn key_meta(&mut self, _table: &Table, name: &str) -> Meta {
        Self::key_column(name, Vec::new())
    }

    pub(crate) fn generate(mut self) -> Result<String, CodegenError> {
        let model = self.model;
        let schema = self.schema;
        let mut enums: Vec<&EnumType> = model.enums.iter().filter(|e| e.schema == schema).collect();
        enums.sort_by(|a, b| a.name.cmp(&b.name));
        let mut tables: Vec<&Table> = model.tables.iter().filter(|t| t.schema == schema).collect();
        tables.sort_by(|a, b| a.name.cmp(&b.name));
        let mut functions: Vec<&Function> = model
            .functions
            .iter()
            .filter(|f| f.schema == schema)
            .collect();
        // Overloads by their input argument types: a deterministic order, and so
        // deterministic names of their constants (`BODY`, `BODY_2`, …).
        functions.sort_by(|a, b| (&a.name, a.input_types()).cmp(&(&b.name, b.input_types())));
        let mut views: Vec<&View> = model.views.iter().filter(|v| v.schema == schema).collect();
        views.sort_by(|a, b| a.name.cmp(&b.name));

        self.uses.add("hims_dsl", "ModelBuilder");
        let mut stmts: Vec<TokenStream> = Vec::new();
        stmts.push(self.schema_stmt());

        let enum_items: Vec<TokenStream> = enums.iter().map(|e| self.enum_item(e)).collect();
        for e in &enums {
            let id = ident(&self.plan.enums[&e.qualified_name()]);
            stmts.push(quote! { b.enum_type::<#id>(); });
        }
        let table_items: Vec<TokenStream> = tables.iter().map(|t| self.table_item(t)).collect();
        for t in &tables {
            let id = ident(&self.plan.tables[&t.qualified_name()]);
            stmts.push(quote! { b.table::<#id>(); });
            if let Some(s) = self.partitions_stmt(t) {
                stmts.push(s);
            }
        }
        let mut domains: Vec<&Domain> = model
            .domains
            .iter()
            .filter(|d| d.schema == schema)
            .collect();
        domains.sort_by(|a, b| a.name.cmp(&b.name));
        for d in domains {
            let s = self.domain_stmt(d);
            stmts.push(s);
        }
        let mut composites: Vec<&hims_model::CompositeType> = model
            .composites
            .iter()
            .filter(|c| c.schema == schema)
            .collect();
        composites.sort_by(|a, b| a.name.cmp(&b.name));
        for c in composites {
            let s = self.composite_stmt(c);
            stmts.push(s);
        }
        let mut sequences: Vec<&Sequence> = model
            .sequences
            .iter()
            .filter(|q| q.schema == schema)
            .collect();
        sequences.sort_by(|a, b| a.name.cmp(&b.name));
        for q in sequences {
            let s = self.sequence_stmt(q);
            stmts.push(s);
        }
        for f in &functions {
            let s = self.function_stmt(f);
            stmts.push(s);
        }
        let mut aggregates: Vec<&Aggregate> = model
            .aggregates
            .iter()
            .filter(|a| a.schema == schema)
            .collect();
        aggregates.sort_by(|a, b| (&a.name, &a.args).cmp(&(&b.name, &b.args)));
        for a in aggregates {
            let s = self.aggregate_stmt(a);
            stmts.push(s);
        }
        for v in &views {
            let s = self.view_stmt(v);
            stmts.push(s);
        }
        for t in &tables {
            if let Some(rule) = self.table_rule(t) {
                stmts.push(rule);
            }
        }

        if !self.problems.is_empty() {
            return Err(CodegenError::Unrepresentable(self.problems));
        }

        let mut chunks: Vec<String> = Vec::new();
        chunks.push(self.header());
        let register_doc = format!(
            " Registers schema `{schema}`: its enum types, tables, functions and views, and as"
        );
        let register = quote! {
            #[doc = #register_doc]
            #[doc = " rules what the derives do not express (row-level security, policies, triggers)."]
            pub fn register(b: &mut ModelBuilder) {
                #(#stmts)*
            }
        };
        let mut items = vec![self.attrs.render_item(register)];
        if self.needs_table_mut {
            self.uses.add("hims_dsl", "Table");
            self.uses.add("hims_dsl::model", "Model");
            items.push(self.attrs.render_item(quote! {
                /// The model table of `T`, for the rules above.
                fn table_mut<T: Table>(m: &mut Model) -> &mut hims_dsl::model::Table {
                    m.tables
                        .iter_mut()
                        .find(|t| t.schema == T::SCHEMA && t.name == T::NAME)
                        .expect("registered by `register`")
                }
            }));
        }
        if self.needs_arg {
            self.uses.add("hims_dsl::model", "FunctionArg");
            items.push(self.attrs.render_item(quote! {
                /// A function argument: name and SQL type.
                fn arg(name: &str, ty: &str) -> FunctionArg {
                    FunctionArg::new(name, ty)
                }
            }));
        }
        for item in enum_items.into_iter().chain(table_items) {
            items.push(self.attrs.render_item(item));
        }
        chunks.push(self.uses.render());
        chunks.extend(items);
        chunks.extend(std::mem::take(&mut self.consts));
        Ok(chunks.join("\n"))
    }

    fn header(&self) -> String {
        let comment = self
            .model
            .schema(self.schema)
            .and_then(|s| s.comment.as_deref())
            .map(|c| c.lines().next().unwrap_or_default().trim().to_string())
            .filter(|c| !c.is_empty());
        let title = match comment {
            Some(c) => format!("Schema `{}`: {c}", self.schema),
            None => format!("Schema `{}`.", self.schema),
        };
        inner_doc(&format!(
            "{title}\n\nImported from an existing database by `cargo xtask import`. Every name (tables, columns,\nconstraints, indexes, policies, triggers) is the database's own, so a baseline generated\nfrom these definitions recreates the same catalog."
        ))
    }

    fn schema_stmt(&mut self) -> TokenStream {
        let name = str_lit(self.schema);
        let comment = self
            .model
            .schema(self.schema)
            .and_then(|s| s.comment.clone())
            .unwrap_or_default();
        let lit_len = rust_str(&comment).len();
        // `b.schema("name", "comment");` stays on one line for both formatters.
        let comment = if rust_str(self.schema).len() + 2 + lit_len <= RUSTFMT_LIST_WIDTH - 4
            && !comment.contains('\n')
        {
            str_lit(&comment)
        } else {
            let doc = format!("`COMMENT ON SCHEMA {}`.", self.schema);
            ident(&self.constant("comment", &doc, &comment))
        };
        // An imported schema keeps the database's names and adds no foreign-key indexes.
        if self
            .model
            .schema(self.schema)
            .is_some_and(|s| s.naming_rules)
        {
            quote! { b.schema(#name, #comment); }
        } else {
            quote! { b.imported_schema(#name, #comment); }
        }
    }

    fn enum_item(&mut self, e: &EnumType) -> TokenStream {
        self.uses.add("hims_dsl", "PgEnum");
        let id = ident(&self.plan.enums[&e.qualified_name()]);
        let mut args = vec![Meta::str("schema", &e.schema), Meta::str("name", &e.name)];
        let doc = match e.comment.as_deref().map(|c| (c, doc_lines(c))) {
            Some((_, Some(lines))) => docs(&lines),
            Some((c, None)) => {
                args.push(Meta::str("comment", c));
                quote! {}
            }
            None => quote! {},
        };
        let attr = self.attrs.add("pg_enum", args);
        let mut names = Names::default();
        let variants: Vec<TokenStream> = e
            .values
            .iter()
            .enumerate()
            .map(|(i, value)| {
                let wanted = variant_name(value).unwrap_or_else(|| format!("Value{}", i + 1));
                let wanted = if wanted == "Self" {
                    "SelfValue".to_string()
                } else {
                    wanted
                };
                let v = names.take(&wanted, "");
                let vid = ident(&v);
                if needs_rename(&v, value) {
                    let a = self.attrs.add("pg_enum", vec![Meta::str("rename", value)]);
                    quote! { #a #vid }
                } else {
                    quote! { #vid }
                }
            })
            .collect();
        quote! {
            #doc
            #[derive(PgEnum)]
            #attr
            pub enum #id {
                #(#variants),*
            }
        }
    }

    fn add_type_uses(&mut self, rust: &str) {
        for word in rust.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':')) {
            let path = match word {
                "Uuid" => "uuid",
                "Decimal" => "rust_decimal",
                "DateTime" | "Utc" | "NaiveDate" | "NaiveTime" | "NaiveDateTime" | "TimeDelta" => {
                    "chrono"
                }
                _ => continue,
            };
            self.uses.add(path, word);
        }
    }

    fn table_item(&mut self, t: &Table) -> TokenStream {
        self.uses.add("hims_dsl", "Table");
        let id = ident(&self.plan.tables[&t.qualified_name()]);
        let mut table_args = vec![Meta::str("schema", &t.schema), Meta::str("name", &t.name)];
        let doc = match t.comment.as_deref().map(|c| (c, doc_lines(c))) {
            Some((_, Some(lines))) => docs(&lines),
            Some((c, None)) => {
                table_args.push(Meta::str("comment", c));
                quote! {}
            }
            None => quote! {},
        };
        // A partition key with expressions reads back without them; with no column left
        // the table is declared unpartitioned (the import reports it).
        if let Some(p) = t.partition_by.as_ref().filter(|p| !p.columns.is_empty()) {
            let cols = p.columns.iter().map(|c| self.key_meta(t, c)).collect();
            let name = match p.method {
                PartitionMethod::Range => "partition_by_range",
                PartitionMethod::List => "partition_by_list",
                PartitionMethod::Hash => "partition_by_hash",
            };
            table_args.push(Meta::list(name, cols));
        }
        let mut attrs = vec![self.attrs.add("table", table_args)];

        let single_pk = match &t.primary_key {
            Some(pk) if pk.columns.len() == 1 => Some(pk.columns[0].as_str()),
            Some(pk) => {
                let cols = pk.columns.iter().map(|c| self.key_meta(t, c)).collect();
                attrs.push(self.attrs.add("primary_key", cols));
                None
            }
            None => None,
        };
        let mut uniques: Vec<_> = t.uniques.iter().collect();
        uniques.sort_by(|a, b| a.name.cmp(&b.name));
        for u in uniques {
            let cols = u.columns.iter().map(|c| self.key_meta(t, c)).collect();
            let mut args = vec![Meta::list("columns", cols), Meta::str("name", &u.name)];
            if u.nulls_not_distinct {
                args.push(Meta::word("nulls_not_distinct"));
            }
            args.extend(deferral_word(u.deferral));
            attrs.push(self.attrs.add("unique", args));
        }
        let mut checks: Vec<_> = t.checks.iter().collect();
        checks.sort_by(|a, b| a.name.cmp(&b.name));
        for c in checks {
            let args = vec![Meta::str("name", &c.name), Meta::str("expr", &c.expr)];
            attrs.push(self.attrs.add("check", args));
        }
        let mut fks: Vec<_> = t.foreign_keys.iter().collect();
        fks.sort_by(|a, b| a.name.cmp(&b.name));
        for fk in fks {
            let Some(target) = self.plan.table_path(self.schema, &fk.ref_table) else {
                self.problems.push(format!(
                    "{}.{}: foreign key {} references {}, which is not part of the model (import its schema too)",
                    t.schema, t.name, fk.name, fk.ref_table
                ));
                continue;
            };
            let cols = fk.columns.iter().map(|c| self.key_meta(t, c)).collect();
            let target_table = self.model.table(&fk.ref_table).cloned();
            let refs = fk
                .ref_columns
                .iter()
                .map(|c| match &target_table {
                    Some(tt) => self.key_meta(tt, c),
                    None => Meta::word(c.clone()),
                })
                .collect();
            let mut args = vec![
                Meta::list("columns", cols),
                Meta::raw("references", target),
                Meta::list("ref_columns", refs),
                Meta::str("name", &fk.name),
            ];
            if fk.on_delete != FkAction::NoAction {
                args.push(Meta::str(
                    "on_delete",
                    &fk.on_delete.sql().to_ascii_lowercase(),
                ));
            }
            if fk.on_update != FkAction::NoAction {
                args.push(Meta::str(
                    "on_update",
                    &fk.on_update.sql().to_ascii_lowercase(),
                ));
            }
            args.extend(deferral_word(fk.deferral));
            attrs.push(self.attrs.add("foreign_key", args));
        }
        let mut exclusions: Vec<_> = t.exclusions.iter().collect();
        exclusions.sort_by(|a, b| a.name.cmp(&b.name));
        for x in exclusions {
            let elements = x
                .elements
                .iter()
                .map(|e| Meta::Lit(rust_str(&format!("{} WITH {}", e.expr, e.operator))))
                .collect();
            let mut args = vec![
                Meta::str("name", &x.name),
                Meta::str("using", x.method.sql()),
                Meta::list("elements", elements),
            ];
            if let Some(p) = &x.predicate {
                args.push(Meta::str("predicate", p));
            }
            args.extend(deferral_word(x.deferral));
            attrs.push(self.attrs.add("exclude", args));
        }
        let mut indexes: Vec<_> = t.indexes.iter().filter(|i| derive_can_say(i)).collect();
        indexes.sort_by(|a, b| a.name.cmp(&b.name));
        for i in indexes {
            let args = self.index_args(t, i);
            attrs.push(self.attrs.add("index", args));
        }

        // Column names are unique; field names can collide after a change of spelling
        // (`userId` and `user_id`): the second gets a suffix.
        let mut field_names = Names::default();
        let fields: Vec<TokenStream> = t
            .columns
            .iter()
            .map(|c| {
                let f = field_names.take(&field_name(&c.name), "_");
                self.field(c, &f, single_pk == Some(c.name.as_str()))
            })
            .collect();
        quote! {
            #doc
            #[derive(Table)]
            #(#attrs)*
            pub struct #id {
                #(#fields),*
            }
        }
    }

    fn index_args(&mut self, t: &Table, i: &Index) -> Vec<Meta> {
        let mut columns = Vec::new();
        let mut expressions = Vec::new();
        for k in &i.keys {
            match k {
                IndexKey::Column {
                    name,
                    descending,
                    opclass,
                    collation,
                } => {
                    let mut opts = Vec::new();
                    if *descending {
                        opts.push(Meta::word("desc"));
                    }
                    if let Some(op) = opclass {
                        opts.push(Meta::str("opclass", op));
                    }
                    if let Some(c) = collation {
                        opts.push(Meta::str("collate", c));
                    }
                    columns.push(Self::key_column(name, opts));
                }
                IndexKey::Expression(e) => expressions.push(Meta::Lit(rust_str(e))),
            }
        }
        let mut args = vec![Meta::str("name", &i.name)];
        if !columns.is_empty() {
            args.push(Meta::list("columns", columns));
        }
        if !expressions.is_empty() {
            args.push(Meta::list("expressions", expressions));
        }
        if i.unique {
            args.push(Meta::word("unique"));
        }
        if i.method != IndexMethod::Btree {
            args.push(Meta::str("method", i.method.sql()));
        }
        if let Some(p) = &i.predicate {
            args.push(Meta::str("predicate", p));
        }
        if !i.include.is_empty() {
            let cols = i.include.iter().map(|c| self.key_meta(t, c)).collect();
            args.push(Meta::list("include", cols));
        }
        if i.nulls_not_distinct {
            args.push(Meta::word("nulls_not_distinct"));
        }
        args
    }

    fn field(&mut self, c: &hims_model::Column, fname: &str, primary_key: bool) -> TokenStream {
        let plan = self.plan;
        let schema = self.schema;
        // A domain's column has the Rust type of the domain's base, and names the domain.
        let ft = match domain_base(self.model, &c.ty) {
            Some(base) => crate::types::FieldType {
                rust: field_type(&base, &|s, n| plan.enum_path(schema, s, n)).rust,
                attr: Some(Meta::str("sql_type", &c.ty.to_string())),
            },
            None => field_type(&c.ty, &|s, n| plan.enum_path(schema, s, n)),
        };
        self.add_type_uses(&ft.rust);
        let mut args = Vec::new();
        if fname.trim_start_matches("r#") != c.name {
            args.push(Meta::str("name", &c.name));
        }
        if primary_key {
            args.push(Meta::word("primary_key"));
        }
        args.extend(ft.attr.clone());
        if let Some(d) = &c.default {
            args.push(default_meta(&c.ty, d));
        }
        if let Some(g) = &c.generated {
            let key = if c.virtual_generated {
                "generated_virtual"
            } else {
                "generated"
            };
            args.push(Meta::str(key, g));
        }
        match c.identity {
            Some(Identity::ByDefault) => args.push(Meta::word("identity")),
            Some(Identity::Always) => args.push(Meta::str("identity", "always")),
            None => {}
        }
        let options = c.identity_options.normalized(&c.ty);
        if c.identity.is_some() && !options.is_default() {
            let mut items = Vec::new();
            for (key, v) in [
                ("start", options.start),
                ("increment", options.increment),
                ("min_value", options.min_value),
                ("max_value", options.max_value),
                ("cache", options.cache),
            ] {
                if let Some(v) = v {
                    items.push(Meta::raw(key, v.to_string()));
                }
            }
            if options.cycle {
                items.push(Meta::word("cycle"));
            }
            args.push(Meta::list("identity_options", items));
        }
        if let Some(co) = &c.collation {
            args.push(Meta::str("collate", co));
        }
        if let Some(b) = &c.backfill {
            args.push(Meta::str("backfill", b));
        }
        let doc = match c.comment.as_deref().map(|x| (x, doc_lines(x))) {
            Some((_, Some(lines))) => docs(&lines),
            Some((x, None)) => {
                args.push(Meta::str("comment", x));
                quote! {}
            }
            None => quote! {},
        };
        let attr = if args.is_empty() {
            quote! {}
        } else {
            self.attrs.add("column", args)
        };
        let ty: TokenStream = ident(&ft.rust);
        let ty = if c.nullable {
            quote! { Option<#ty> }
        } else {
            ty
        };
        let f = ident(fname);
        quote! {
            #doc
            #attr
            pub #f: #ty
        }
    }

    /// `Vec::from([a, b])` for a list field whose name and indentation take `lead` columns:
    /// on one line or one element per line, as both prettyplease and rustfmt lay it out.
    /// prettyplease keeps it on one line while the line fits its margin, rustfmt while the
    /// elements take at most 60 columns. Where only prettyplease would keep one line, the
    /// full path `std::vec::Vec::from` makes the line too long for it as well; where only rustfmt
    /// would, `alt` (the elements spelled shorter or longer) moves the list out of the gap.
    /// A single element must fit on the line (callers put long text in a constant).
    fn vec_from(&self, lead: usize, ty: &str, items: &[String], alt: &[String]) -> TokenStream {
        if items.is_empty() {
            return quote! { Vec::new() };
        }
        let content = |v: &[String]| v.iter().map(String::len).sum::<usize>() + 2 * (v.len() - 1);
        let pp_one_line = |v: &[String]| lead + 11 + content(v) + 3 <= PP_MARGIN;
        let rf_one_line = |v: &[String]| content(v) <= RUSTFMT_LIST_WIDTH;
        let agree = |v: &[String]| pp_one_line(v) == rf_one_line(v);
        let chosen = if agree(items) || alt.is_empty() || !agree(alt) {
            items
        } else {
            alt
        };
        let elems: Vec<TokenStream> = chosen.iter().map(|s| ident(s)).collect();
        if pp_one_line(chosen) && !rf_one_line(chosen) {
            let _ = ty;
            quote! { std::vec::Vec::from([#(#elems),*]) }
        } else {
            quote! { Vec::from([#(#elems),*]) }
        }
    }

    /// Whether a one-element `Vec::from([element])` stays on one line for both formatters.
    fn single_fits(lead: usize, element: &str) -> bool {
        element.len() <= RUSTFMT_LIST_WIDTH - 5 && lead + 11 + element.len() + 3 <= PP_MARGIN
    }

    fn names_vec(&mut self, lead: usize, names: &[QualifiedName], hint: &str) -> TokenStream {
        let mut items: Vec<String> = names
            .iter()
            .map(|q| format!("qn({})", rust_str(&dotted(q))))
            .collect();
        if let [one] = items.as_slice()
            && !Self::single_fits(lead, one)
        {
            let doc = format!("Referenced by {hint}.");
            let c = self.constant(&format!("{hint}_uses"), &doc, &dotted(&names[0]));
            items = vec![format!("qn({c})")];
        }
        let alt: Vec<String> = names
            .iter()
            .map(|q| {
                format!(
                    "QualifiedName::new({}, {})",
                    rust_str(&q.schema),
                    rust_str(&q.name)
                )
            })
            .collect();
        let alt = if names.len() > 1 { alt } else { Vec::new() };
        let v = self.vec_from(lead, "QualifiedName", &items, &alt);
        if v.to_string().contains("QualifiedName") {
            self.uses.add("hims_dsl::model", "QualifiedName");
        }
        v
    }

    fn strings_vec(&mut self, lead: usize, list: &[String], hint: &str) -> TokenStream {
        let mut items: Vec<String> = list
            .iter()
            .map(|s| format!("String::from({})", rust_str(s)))
            .collect();
        if let [one] = items.as_slice()
            && !Self::single_fits(lead, one)
        {
            let c = self.constant(hint, &format!("{hint}."), &list[0]);
            items = vec![format!("String::from({c})")];
        }
        let alt: Vec<String> = if list.len() > 1 {
            list.iter()
                .map(|s| format!("{}.into()", rust_str(s)))
                .collect()
        } else {
            Vec::new()
        };
        self.vec_from(lead, "String", &items, &alt)
    }

    /// `..path(args)`, the last line of a struct update, `lead` columns in (`args` as Rust
    /// source): where rustfmt would break the arguments (wider than 60 columns) but the
    /// line fits prettyplease's margin, the function is named by its full path, which makes
    /// the line too long for prettyplease too.
    fn base_call(&mut self, lead: usize, name: &str, args: &[String]) -> TokenStream {
        let width = args.iter().map(String::len).sum::<usize>() + 2 * (args.len() - 1);
        // `..name(args)`: the closing parenthesis ends the line.
        let fits_margin = lead + 2 + name.len() + 1 + width < PP_MARGIN;
        let path = if width > RUSTFMT_LIST_WIDTH && fits_margin {
            format!("hims_dsl::objects::{name}")
        } else {
            self.uses.add("hims_dsl::objects", name);
            name.to_string()
        };
        let path = ident(&path);
        let args = args.iter().map(|a| ident(a));
        quote! { ..#path(#(#args),*) }
    }

    fn function_stmt(&mut self, f: &Function) -> TokenStream {
        self.uses.add("hims_dsl::model", "Function");
        self.uses.add("hims_dsl::model", "FunctionLanguage");
        let dotted = dotted(&f.qualified_name());
        let signature = format!(
            "{dotted}({})",
            f.args
                .iter()
                .map(|a| a.ty.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut fields = Vec::new();
        if !f.args.is_empty() {
            self.needs_arg = true;
            let mut items: Vec<String> = f
                .args
                .iter()
                .map(|a| {
                    let plain = format!("arg({}, {})", rust_str(&a.name), rust_str(&a.ty));
                    let mut extra = Vec::new();
                    if !a.mode.is_in() {
                        extra.push(format!("mode: ArgMode::{:?}", a.mode));
                    }
                    if let Some(d) = &a.default {
                        extra.push(format!("default: Some({}.into())", rust_str(d)));
                    }
                    if extra.is_empty() {
                        plain
                    } else {
                        format!("FunctionArg {{ {}, ..{plain} }}", extra.join(", "))
                    }
                })
                .collect();
            if f.args.iter().any(|a| !a.mode.is_in()) {
                self.uses.add("hims_dsl::model", "ArgMode");
            }
            if let ([a], [one]) = (f.args.as_slice(), items.as_slice())
                && a.mode.is_in()
                && a.default.is_none()
                && !Self::single_fits(8 + 6, one)
            {
                // One long argument: its type (and if need be its name) in constants.
                let doc = format!("Argument of `{signature}`.");
                let ty = self.constant("arg_type", &doc, &a.ty);
                let mut item = format!("arg({}, {ty})", rust_str(&a.name));
                if !Self::single_fits(8 + 6, &item) {
                    let name = self.constant("arg_name", &doc, &a.name);
                    item = format!("arg({name}, {ty})");
                }
                items = vec![item];
            }
            let v = self.vec_from(8 + 6, "FunctionArg", &items, &[]);
            fields.push(quote! { args: #v, });
        }
        if f.volatility != Volatility::Volatile {
            self.uses.add("hims_dsl::model", "Volatility");
            let v = format_ident!(
                "{}",
                match f.volatility {
                    Volatility::Immutable => "Immutable",
                    Volatility::Stable => "Stable",
                    Volatility::Volatile => "Volatile",
                }
            );
            fields.push(quote! { volatility: Volatility::#v, });
        }
        if f.strict {
            fields.push(quote! { strict: true, });
        }
        if f.security_definer {
            fields.push(quote! { security_definer: true, });
        }
        if !f.search_path.is_empty() {
            let v = self.strings_vec(8 + 13, &f.search_path, &format!("{}_search_path", f.name));
            fields.push(quote! { search_path: #v, });
        }
        if !f.settings.is_empty() {
            let pairs: Vec<TokenStream> = f
                .settings
                .iter()
                .map(|(n, v)| quote! { (#n.to_string(), #v.to_string()) })
                .collect();
            fields.push(quote! { settings: vec![#(#pairs),*], });
        }
        if !f.parallel.is_unsafe() {
            self.uses.add("hims_dsl::model", "Parallel");
            let p = format_ident!(
                "{}",
                match f.parallel {
                    Parallel::Unsafe => "Unsafe",
                    Parallel::Restricted => "Restricted",
                    Parallel::Safe => "Safe",
                }
            );
            fields.push(quote! { parallel: Parallel::#p, });
        }
        if f.leakproof {
            fields.push(quote! { leakproof: true, });
        }
        if let Some(c) = &f.cost {
            fields.push(quote! { cost: Some(#c.into()), });
        }
        if let Some(r) = &f.rows {
            fields.push(quote! { rows: Some(#r.into()), });
        }
        let comment = self.opt_text(
            f.comment.as_deref(),
            8 + 9,
            &format!("{}_comment", f.name),
            &format!("`COMMENT ON {} {signature}`.", f.kind_sql()),
        );
        fields.push(quote! { comment: #comment, });
        if !f.depends_on.is_empty() {
            self.uses.add("hims_dsl::objects", "qn");
            let v = self.names_vec(8 + 12, &f.depends_on, &f.name);
            fields.push(quote! { depends_on: #v, });
        }
        let language = match f.language {
            FunctionLanguage::Sql => "FunctionLanguage::Sql",
            FunctionLanguage::Plpgsql => "FunctionLanguage::Plpgsql",
        };
        let body_doc = format!("Body of `{signature}`.");
        let body = self.constant(&f.name, &body_doc, &f.body);
        let base = if f.is_procedure() {
            self.base_call(8, "procedure", &[rust_str(&dotted), language.into(), body])
        } else {
            let args = [
                rust_str(&dotted),
                rust_str(&f.returns),
                language.into(),
                body,
            ];
            self.base_call(8, "function", &args)
        };
        quote! {
            b.function(Function {
                #(#fields)*
                #base
            });
        }
    }

    /// `b.aggregate(…)`: arguments, state function and type, and what is set of the final,
    /// combine, serial and deserial functions, initial state, PARALLEL and comment.
    fn aggregate_stmt(&mut self, a: &Aggregate) -> TokenStream {
        let dotted_name = dotted(&a.qualified_name());
        let what = format!("aggregate `{}`", a.signature());
        let mut fields = Vec::new();
        let functions = [
            ("finalfunc", &a.finalfunc),
            ("combinefunc", &a.combinefunc),
            ("serialfunc", &a.serialfunc),
            ("deserialfunc", &a.deserialfunc),
        ];
        for (field, f) in functions {
            if let Some(q) = f {
                self.uses.add("hims_dsl::objects", "qn");
                let field = format_ident!("{field}");
                let name = dotted(q);
                fields.push(quote! { #field: Some(qn(#name)), });
            }
        }
        if let Some(i) = &a.initcond {
            let i = self.text_into(
                i,
                8 + 16,
                &format!("{}_initcond", a.name),
                &format!("Initial state of {what}."),
            );
            fields.push(quote! { initcond: Some(#i), });
        }
        if !a.parallel.is_unsafe() {
            self.uses.add("hims_dsl::model", "Parallel");
            let p = format_ident!(
                "{}",
                match a.parallel {
                    Parallel::Unsafe => "Unsafe",
                    Parallel::Restricted => "Restricted",
                    Parallel::Safe => "Safe",
                }
            );
            fields.push(quote! { parallel: Parallel::#p, });
        }
        if let Some(c) = &a.comment {
            let c = self.text_into(
                c,
                8 + 15,
                &format!("{}_comment", a.name),
                &format!("`COMMENT ON AGGREGATE` of {what}."),
            );
            fields.push(quote! { comment: Some(#c), });
        }
        let args: Vec<String> = a.args.iter().map(|t| rust_str(t)).collect();
        let call = [
            rust_str(&dotted_name),
            format!("&[{}]", args.join(", ")),
            rust_str(&dotted(&a.sfunc)),
            rust_str(&a.stype),
        ];
        if fields.is_empty() {
            self.uses.add("hims_dsl::objects", "aggregate");
            let call = call.iter().map(|c| ident(c));
            return quote! { b.aggregate(aggregate(#(#call),*)); };
        }
        self.uses.add("hims_dsl::model", "Aggregate");
        let base = self.base_call(8, "aggregate", &call);
        quote! {
            b.aggregate(Aggregate {
                #(#fields)*
                #base
            });
        }
    }

    /// `b.domain(…)`: base type, and what is set of collation, default, NOT NULL, checks
    /// and comment.
    fn domain_stmt(&mut self, d: &Domain) -> TokenStream {
        let dotted = dotted(&d.qualified_name());
        let mut fields = Vec::new();
        if let Some(c) = &d.collation {
            let c = self.text_into(
                c,
                8 + 16,
                &format!("{}_collation", d.name),
                &format!("Collation of domain `{dotted}`."),
            );
            fields.push(quote! { collation: Some(#c), });
        }
        if let Some(e) = &d.default {
            let e = self.text_into(
                e,
                8 + 14,
                &format!("{}_default", d.name),
                &format!("Default of domain `{dotted}`."),
            );
            fields.push(quote! { default: Some(#e), });
        }
        if d.not_null {
            fields.push(quote! { not_null: true, });
        }
        if !d.checks.is_empty() {
            let lead = 8 + 8;
            let mut items = Vec::new();
            for ch in &d.checks {
                let mut name = rust_str(&ch.name);
                let mut expr = rust_str(&ch.expr);
                let item = |name: &str, expr: &str| format!("domain_check({name}, {expr})");
                // Checks are often named `<domain>_check`: the name alone then says both.
                let hint = if ch.name.starts_with(&d.name) {
                    ch.name.clone()
                } else {
                    format!("{}_{}", d.name, ch.name)
                };
                // Constants short enough that `domain_check(NAME, EXPR)` stays within
                // rustfmt's call width (and so on one line for both formatters).
                if !Self::single_fits(lead, &item(&name, &expr)) {
                    expr = self.short_constant(
                        &hint,
                        "check",
                        &format!("Check `{}` of domain `{dotted}`.", ch.name),
                        &ch.expr,
                    );
                }
                if !Self::single_fits(lead, &item(&name, &expr)) {
                    name = self.short_constant(
                        &format!("{hint}_name"),
                        "check_name",
                        &format!("Name of a check of domain `{dotted}`."),
                        &ch.name,
                    );
                }
                items.push(item(&name, &expr));
            }
            // Where prettyplease would break a list rustfmt keeps on one line, the
            // qualified path makes it long enough for both to break.
            let qualified: Vec<String> = items
                .iter()
                .map(|i| format!("hims_dsl::objects::{i}"))
                .collect();
            let v = self.vec_from(lead, "Check", &items, &qualified);
            let text = v.to_string();
            if text.matches("domain_check").count() > text.matches(":: domain_check").count() {
                self.uses.add("hims_dsl::objects", "domain_check");
            }
            fields.push(quote! { checks: #v, });
        }
        if let Some(c) = &d.comment {
            let c = self.text_into(
                c,
                8 + 14,
                &format!("{}_comment", d.name),
                &format!("`COMMENT ON DOMAIN {dotted}`."),
            );
            fields.push(quote! { comment: Some(#c), });
        }
        let mut args = [rust_str(&dotted), rust_str(&d.base.to_string())];
        if fields.is_empty() {
            self.uses.add("hims_dsl::objects", "domain");
            // `b.domain(domain(…));`: within rustfmt's width of the outer call's arguments
            // (60 for `domain(…)`), which prettyplease keeps on one line too.
            let width = |a: &[String; 2]| a[0].len() + 2 + a[1].len();
            if width(&args) > 52 {
                let doc = format!("Domain `{dotted}`.");
                args[0] = self.short_constant(&d.name, "domain", &doc, &dotted);
            }
            if width(&args) > 52 {
                let doc = format!("Base type of domain `{dotted}`.");
                args[1] = self.short_constant(
                    &format!("{}_base", d.name),
                    "base_type",
                    &doc,
                    &d.base.to_string(),
                );
            }
            let args = args.iter().map(|a| ident(a));
            return quote! { b.domain(domain(#(#args),*)); };
        }
        self.uses.add("hims_dsl::model", "Domain");
        let base = self.base_call(8, "domain", &args);
        quote! {
            b.domain(Domain {
                #(#fields)*
                #base
            });
        }
    }

    /// `b.composite(CompositeType { attributes, comment, ..composite(…) })`: the attributes
    /// in order, each `attribute(name, type)` or `attribute_collated(name, type,
    /// collation)`, a type, name or collation too long for one line in a constant.
    fn composite_stmt(&mut self, c: &hims_model::CompositeType) -> TokenStream {
        let dotted = dotted(&c.qualified_name());
        self.uses.add("hims_dsl::model", "CompositeType");
        let lead = 8 + 12;
        let mut items = Vec::new();
        for a in &c.attributes {
            let mut parts = vec![rust_str(&a.name), rust_str(&a.ty.to_string())];
            parts.extend(a.collation.as_deref().map(rust_str));
            let function = if a.collation.is_some() {
                "attribute_collated"
            } else {
                "attribute"
            };
            let item = |parts: &[String]| format!("{function}({})", parts.join(", "));
            let doc = format!("Attribute `{}` of composite type `{dotted}`.", a.name);
            // An item of a broken list is on a line of its own (12 columns in, a comma
            // after): within both formatters' call width it stays on one line. The longest
            // part goes into a constant first.
            // A list of one stays on the `attributes:` line for rustfmt when it fits its
            // widths: then for prettyplease too.
            let alone = c.attributes.len() == 1;
            let fits = |i: &str| {
                i.len() <= RUSTFMT_LIST_WIDTH
                    && 12 + i.len() < LINE
                    && (!alone || Self::single_fits(lead, i))
            };
            // Each part's text and constant name, in the order of `parts`: short names
            // (the constant's doc says whose it is), so that even a collated attribute
            // alone in its list fits once all three are constants.
            let texts = [
                (a.name.clone(), "attr"),
                (a.ty.to_string(), "attr_type"),
                (a.collation.clone().unwrap_or_default(), "coll"),
            ];
            while !fits(&item(&parts)) {
                // Literals start with a quote (or `r#"`); constants are upper case.
                let Some(i) = (0..parts.len())
                    .filter(|i| parts[*i].starts_with(['"', 'r']))
                    .max_by_key(|i| parts[*i].len())
                else {
                    break;
                };
                let (text, name) = &texts[i];
                parts[i] = self.constant(name, &doc, text);
            }
            items.push(item(&parts));
        }
        // Where prettyplease would break a list rustfmt keeps on one line, the qualified
        // paths make it long enough for both to break.
        let qualified: Vec<String> = items
            .iter()
            .map(|i| format!("hims_dsl::objects::{i}"))
            .collect();
        let v = self.vec_from(lead, "CompositeAttribute", &items, &qualified);
        let text = v.to_string();
        for function in ["attribute", "attribute_collated"] {
            let called = format!("{function} (");
            let qualified = format!(":: {function} (");
            if text.matches(&called).count() > text.matches(&qualified).count() {
                self.uses.add("hims_dsl::objects", function);
            }
        }
        let mut fields = vec![quote! { attributes: #v, }];
        if let Some(text) = &c.comment {
            let text = self.text_into(
                text,
                8 + 14,
                &format!("{}_comment", c.name),
                &format!("`COMMENT ON TYPE {dotted}`."),
            );
            fields.push(quote! { comment: Some(#text), });
        }
        let mut arg = rust_str(&dotted);
        if 8 + 12 + arg.len() + 1 > LINE {
            arg = self.constant(&c.name, &format!("Composite type `{dotted}`."), &dotted);
        }
        let base = self.base_call(8, "composite", &[arg]);
        quote! {
            b.composite(CompositeType {
                #(#fields)*
                #base
            });
        }
    }

    /// `b.partitions("schema.table", [partition(…), …])` for a table whose partitions
    /// are declared (not the implicit DEFAULT one alone), sub-partitions nested.
    fn partitions_stmt(&mut self, t: &Table) -> Option<TokenStream> {
        let declared = t.partitions.as_ref()?;
        t.partition_by.as_ref().filter(|p| !p.columns.is_empty())?;
        let dotted = dotted(&t.qualified_name());
        let items: Vec<TokenStream> = declared.iter().map(|p| self.partition_expr(p)).collect();
        Some(quote! { b.partitions(#dotted, [#(#items),*]); })
    }

    fn partition_expr(&mut self, p: &hims_model::Partition) -> TokenStream {
        self.uses.add("hims_dsl::objects", "partition");
        let (name, bound) = (&p.name, p.bound.trim());
        let base = quote! { partition(#name, #bound) };
        let Some(sub) = p.partition_by.as_ref().filter(|s| !s.columns.is_empty()) else {
            return base;
        };
        self.uses.add("hims_dsl::objects", "sub_partitioned");
        self.uses.add("hims_dsl::model", "PartitionMethod");
        let method = match sub.method {
            PartitionMethod::Range => quote! { PartitionMethod::Range },
            PartitionMethod::List => quote! { PartitionMethod::List },
            PartitionMethod::Hash => quote! { PartitionMethod::Hash },
        };
        let cols = &sub.columns;
        let children: Vec<TokenStream> = p
            .partitions
            .iter()
            .map(|c| self.partition_expr(c))
            .collect();
        quote! { sub_partitioned(#base, #method, &[#(#cols),*], [#(#children),*]) }
    }

    /// `b.sequence(…)`: type, the options that differ from PostgreSQL's defaults, owner and
    /// comment.
    fn sequence_stmt(&mut self, q: &Sequence) -> TokenStream {
        self.uses.add("hims_dsl::objects", "sequence");
        let dotted = dotted(&q.qualified_name());
        let ty = q.ty.to_string();
        let mut fields = Vec::new();
        if !q.options.normalized(&q.ty).is_default() {
            self.uses.add("hims_dsl::model", "SequenceOptions");
            let o = sequence_option_fields(&q.options.normalized(&q.ty));
            fields.push(quote! {
                options: SequenceOptions {
                    #(#o)*
                    ..Default::default()
                },
            });
        }
        if let Some(o) = &q.owned_by {
            self.uses.add("hims_dsl::objects", "owned_by");
            let (t, c) = (&o.table, &o.column);
            fields.push(quote! { owned_by: owned_by(#t, #c), });
        }
        if let Some(c) = &q.comment {
            let c = self.text_into(
                c,
                8 + 14,
                &format!("{}_comment", q.name),
                &format!("`COMMENT ON SEQUENCE {dotted}`."),
            );
            fields.push(quote! { comment: Some(#c), });
        }
        if fields.is_empty() {
            return quote! { b.sequence(sequence(#dotted, #ty)); };
        }
        self.uses.add("hims_dsl::model", "Sequence");
        quote! {
            b.sequence(Sequence {
                #(#fields)*
                ..sequence(#dotted, #ty)
            });
        }
    }

    fn view_stmt(&mut self, v: &View) -> TokenStream {
        self.uses.add("hims_dsl::model", "View");
        let dotted = dotted(&v.qualified_name());
        let mut fields = Vec::new();
        if !v.security_invoker {
            fields.push(quote! { security_invoker: false, });
        }
        let comment = self.opt_text(
            v.comment.as_deref(),
            8 + 9,
            &format!("{}_comment", v.name),
            &format!("`COMMENT ON VIEW {dotted}`."),
        );
        fields.push(quote! { comment: #comment, });
        if !v.depends_on.is_empty() {
            self.uses.add("hims_dsl::objects", "qn");
            let d = self.names_vec(8 + 12, &v.depends_on, &v.name);
            fields.push(quote! { depends_on: #d, });
        }
        let query = self.constant(&v.name, &format!("Query of view `{dotted}`."), &v.query);
        let args = [rust_str(&dotted), "&[]".into(), "\"\"".into(), query];
        let base = self.base_call(8, "view", &args);
        let Some(m) = &v.materialized else {
            return quote! {
                b.view(View {
                    #(#fields)*
                    #base
                });
            };
        };
        self.uses.add("hims_dsl::model", "Materialized");
        let with_data = m.with_data;
        let mut indexes: Vec<&Index> = m.indexes.iter().collect();
        indexes.sort_by(|a, b| a.name.cmp(&b.name));
        let on = Table::new(&v.schema, &v.name);
        let mut stmts = Vec::new();
        for i in indexes {
            for n in ["Index", "IndexKey", "IndexMethod"] {
                self.uses.add("hims_dsl::model", n);
            }
            stmts.push(self.index_stmt(&on, i));
        }
        let indexes = if stmts.is_empty() {
            quote! {}
        } else {
            quote! {
                if let Some(t) = &mut v.materialized {
                    #(#stmts)*
                }
            }
        };
        let binding = if stmts.is_empty() {
            quote! { let v }
        } else {
            quote! { let mut v }
        };
        quote! {
            #binding = View {
                #(#fields)*
                materialized: Some(Materialized {
                    with_data: #with_data,
                    indexes: Vec::new(),
                }),
                #base
            };
            #indexes
            b.view(v);
        }
    }

    /// What the derives cannot say about a table, as a rule: row-level security, policies,
    /// triggers, a primary key name that is not `<table>_pkey`, and indexes whose key order
    /// (a column after an expression) `#[index]` cannot write.
    fn table_rule(&mut self, t: &Table) -> Option<TokenStream> {
        let mut body: Vec<TokenStream> = Vec::new();
        let model_use = |g: &mut Self, n: &str| g.uses.add("hims_dsl::model", n);
        if let Some(rls) = &t.row_security {
            model_use(self, "RowSecurity");
            let force = rls.force;
            body.push(quote! { t.row_security = Some(RowSecurity { force: #force }); });
        }
        let mut policies: Vec<&Policy> = t.policies.iter().collect();
        policies.sort_by(|a, b| a.name.cmp(&b.name));
        for p in policies {
            model_use(self, "Policy");
            model_use(self, "PolicyCommand");
            let hint = format!("{}_{}", t.name, p.name);
            let doc = format!("Policy `{}` on `{}.{}`.", p.name, t.schema, t.name);
            let name = self.text_into(&p.name, 12 + 6, &format!("{hint}_name"), &doc);
            let permissive = p.permissive;
            let command = format_ident!(
                "{}",
                match p.command {
                    PolicyCommand::All => "All",
                    PolicyCommand::Select => "Select",
                    PolicyCommand::Insert => "Insert",
                    PolicyCommand::Update => "Update",
                    PolicyCommand::Delete => "Delete",
                }
            );
            let roles = self.strings_vec(12 + 7, &p.roles, &format!("{hint}_role"));
            let using = self.opt_text(
                p.using.as_deref(),
                12 + 7,
                &format!("{hint}_using"),
                &format!("USING of {doc}"),
            );
            let with_check = self.opt_text(
                p.with_check.as_deref(),
                12 + 12,
                &format!("{hint}_check"),
                &format!("WITH CHECK of {doc}"),
            );
            body.push(quote! {
                let policy = Policy {
                    name: #name,
                    permissive: #permissive,
                    command: PolicyCommand::#command,
                    roles: #roles,
                    using: #using,
                    with_check: #with_check,
                };
                t.policies.push(policy);
            });
        }
        let mut triggers: Vec<&Trigger> = t.triggers.iter().collect();
        triggers.sort_by(|a, b| a.name.cmp(&b.name));
        for tr in triggers {
            for n in ["Trigger", "TriggerEvent", "TriggerTiming"] {
                model_use(self, n);
            }
            self.uses.add("hims_dsl::objects", "qn");
            let hint = format!("{}_{}", t.name, tr.name);
            let doc = format!("Trigger `{}` on `{}.{}`.", tr.name, t.schema, t.name);
            let name = self.text_into(&tr.name, 12 + 6, &format!("{hint}_name"), &doc);
            let timing = format_ident!(
                "{}",
                match tr.timing {
                    TriggerTiming::Before => "Before",
                    TriggerTiming::After => "After",
                    TriggerTiming::InsteadOf => "InsteadOf",
                }
            );
            let events: Vec<String> = tr
                .events
                .iter()
                .map(|e| {
                    format!(
                        "TriggerEvent::{}",
                        match e {
                            TriggerEvent::Insert => "Insert",
                            TriggerEvent::Update => "Update",
                            TriggerEvent::Delete => "Delete",
                            TriggerEvent::Truncate => "Truncate",
                        }
                    )
                })
                .collect();
            let events = self.vec_from(12 + 8, "TriggerEvent", &events, &[]);
            let for_each_row = tr.for_each_row;
            let function = {
                let dotted = dotted(&tr.function);
                if 12 + 10 + 3 + rust_str(&dotted).len() + 2 <= LINE {
                    let l = str_lit(&dotted);
                    quote! { qn(#l) }
                } else {
                    let c = ident(&self.constant(
                        &format!("{hint}_function"),
                        &format!("Function of {doc}"),
                        &dotted,
                    ));
                    quote! { qn(#c) }
                }
            };
            let when = self.opt_text(
                tr.when.as_deref(),
                12 + 6,
                &format!("{hint}_when"),
                &format!("WHEN of {doc}"),
            );
            let args = self.strings_vec(12 + 6, &tr.args, &format!("{hint}_arg"));
            let update_of = self.strings_vec(12 + 11, &tr.update_of, &format!("{hint}_update_of"));
            let constraint = match tr.constraint {
                None => quote! { None },
                Some(d) => {
                    model_use(self, "Deferral");
                    let d = format_ident!(
                        "{}",
                        match d {
                            Deferral::NotDeferrable => "NotDeferrable",
                            Deferral::InitiallyImmediate => "InitiallyImmediate",
                            Deferral::InitiallyDeferred => "InitiallyDeferred",
                        }
                    );
                    quote! { Some(Deferral::#d) }
                }
            };
            let old_table = self.opt_text(
                tr.old_table.as_deref(),
                12 + 11,
                &format!("{hint}_old_table"),
                &format!("OLD TABLE of {doc}"),
            );
            let new_table = self.opt_text(
                tr.new_table.as_deref(),
                12 + 11,
                &format!("{hint}_new_table"),
                &format!("NEW TABLE of {doc}"),
            );
            body.push(quote! {
                let trigger = Trigger {
                    name: #name,
                    timing: TriggerTiming::#timing,
                    events: #events,
                    for_each_row: #for_each_row,
                    function: #function,
                    when: #when,
                    args: #args,
                    update_of: #update_of,
                    constraint: #constraint,
                    old_table: #old_table,
                    new_table: #new_table,
                };
                t.triggers.push(trigger);
            });
        }
        if let Some(pk) = &t.primary_key
            && !default_pk_name(&t.name, &pk.name)
        {
            let doc = format!("Primary key name of `{}.{}`.", t.schema, t.name);
            let name = self.text_into(&pk.name, 12 + 10, &format!("{}_pkey_name", t.name), &doc);
            body.push(quote! {
                if let Some(pk) = &mut t.primary_key {
                    pk.name = #name;
                }
            });
        }
        let mut odd: Vec<&Index> = t.indexes.iter().filter(|i| !derive_can_say(i)).collect();
        odd.sort_by(|a, b| a.name.cmp(&b.name));
        for i in odd {
            model_use(self, "Index");
            model_use(self, "IndexKey");
            model_use(self, "IndexMethod");
            let stmt = self.index_stmt(t, i);
            body.push(stmt);
        }
        // A deferrable primary key, once it has its name.
        let mut deferrable = deferrable_constraints(t);
        deferrable.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, d) in deferrable {
            model_use(self, "Deferral");
            let variant = format_ident!("{}", deferral_variant(d));
            let lit = rust_str(&name);
            // `t.set_deferral(…);` at 12 columns: arguments within rustfmt's 60 (and so
            // within prettyplease's margin) stay on one line for both.
            let arg = if lit.len() + 2 + "Deferral::".len() + variant.to_string().len() <= 55 {
                lit
            } else {
                let doc = format!("A deferrable constraint of `{}.{}`.", t.schema, t.name);
                self.constant("deferrable", &doc, &name)
            };
            let arg = ident(&arg);
            body.push(quote! { t.set_deferral(#arg, Deferral::#variant); });
        }
        if body.is_empty() {
            return None;
        }
        self.needs_table_mut = true;
        let name = &self.plan.tables[&t.qualified_name()];
        let id = ident(name);
        // prettyplease would break `let t = table_mut::<…>(m);` inside its type arguments
        // beyond its margin, where rustfmt keeps the line whole: a long name gets an alias.
        let lookup = if 8 + "let t = table_mut::<>(m);".len() + name.len() > PP_MARGIN - 3 {
            quote! {
                type T = #id;
                let t = table_mut::<T>(m);
            }
        } else {
            quote! { let t = table_mut::<#id>(m); }
        };
        Some(quote! {
            b.rule(|m| {
                #lookup
                #(#body)*
            });
        })
    }

    fn index_stmt(&mut self, t: &Table, i: &Index) -> TokenStream {
        let hint = format!("{}_{}", t.name, i.name);
        let doc = format!("Index `{}` on `{}.{}`.", i.name, t.schema, t.name);
        let name = self.text_into(&i.name, 12 + 6, &format!("{hint}_name"), &doc);
        let keys: Vec<TokenStream> = i
            .keys
            .iter()
            .map(|k| match k {
                IndexKey::Column {
                    name,
                    descending,
                    opclass,
                    collation,
                } => {
                    let n = str_lit(name);
                    let text = |v: &Option<String>| match v {
                        Some(o) => {
                            let o = str_lit(o);
                            quote! { Some(#o.into()) }
                        }
                        None => quote! { None },
                    };
                    let opclass = text(opclass);
                    // A long collation name goes into a constant, as expression keys do,
                    // so that prettyplease and rustfmt lay the line out alike.
                    let collation = match collation {
                        Some(c) if c.len() > 30 => {
                            let k = ident(&self.constant(
                                &format!("{hint}_{name}_collation"),
                                &format!("The collation of key {name} of {doc}"),
                                c,
                            ));
                            quote! { Some(#k.into()) }
                        }
                        other => text(other),
                    };
                    quote! {
                        IndexKey::Column {
                            name: #n.into(),
                            descending: #descending,
                            opclass: #opclass,
                            collation: #collation,
                        }
                    }
                }
                IndexKey::Expression(e) => {
                    let c = ident(&self.constant(
                        &format!("{hint}_key"),
                        &format!("A key of {doc}"),
                        e,
                    ));
                    quote! { IndexKey::Expression(#c.into()) }
                }
            })
            .collect();
        let unique = i.unique;
        let method = format_ident!(
            "{}",
            match i.method {
                IndexMethod::Btree => "Btree",
                IndexMethod::Hash => "Hash",
                IndexMethod::Gin => "Gin",
                IndexMethod::Gist => "Gist",
                IndexMethod::Brin => "Brin",
            }
        );
        let predicate = self.opt_text(
            i.predicate.as_deref(),
            12 + 11,
            &format!("{hint}_predicate"),
            &format!("Predicate of {doc}"),
        );
        let include = self.strings_vec(12 + 9, &i.include, &format!("{hint}_include"));
        let nnd = i.nulls_not_distinct;
        quote! {
            let index = Index {
                name: #name,
                keys: Vec::from([#(#keys),*]),
                unique: #unique,
                method: IndexMethod::#method,
                predicate: #predicate,
                include: #include,
                nulls_not_distinct: #nnd,
            };
            t.indexes.push(index);
        }
    }
}

/// `ty` with each domain of the model replaced by the type beneath it (through domains
/// over domains), arrays kept; `None` when `ty` names no domain.
fn domain_base(model: &Model, ty: &hims_model::ColumnType) -> Option<hims_model::ColumnType> {
    fn beneath(
        model: &Model,
        ty: &hims_model::ColumnType,
        depth: usize,
    ) -> Option<hims_model::ColumnType> {
        use hims_model::ColumnType as T;
        match ty {
            T::Array(inner) => beneath(model, inner, depth).map(|b| T::Array(Box::new(b))),
            // Deeper than the model has domains: a cycle (the database has none).
            _ if depth > model.domains.len() => None,
            T::Enum { schema, name } => {
                let d = model.domain(schema, name)?;
                Some(beneath(model, &d.base, depth + 1).unwrap_or_else(|| d.base.clone()))
            }
            _ => None,
        }
    }
    beneath(model, ty, 0)
}

/// Whether a table needs a rule for what its derive cannot say (see [`Gen::table_rule`]).
/// `start: Some(100),` … for the options that are set (defaults already left out).
fn sequence_option_fields(o: &SequenceOptions) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for (key, v) in [
        ("start", o.start),
        ("increment", o.increment),
        ("min_value", o.min_value),
        ("max_value", o.max_value),
        ("cache", o.cache),
    ] {
        if let Some(v) = v {
            let key = proc_macro2::Ident::new(key, proc_macro2::Span::call_site());
            let v = proc_macro2::Literal::i64_unsuffixed(v);
            out.push(quote! { #key: Some(#v), });
        }
    }
    if o.cycle {
        out.push(quote! { cycle: true, });
    }
    out
}

/// `(name, deferral)` of a deferrable primary key: what the derive cannot say (uniques,
/// foreign keys and exclusions take `deferrable` / `initially_deferred`).
fn deferrable_constraints(t: &Table) -> Vec<(String, Deferral)> {
    t.primary_key
        .iter()
        .map(|k| (k.name.clone(), k.deferral))
        .filter(|(_, d)| !d.is_not_deferrable())
        .collect()
}

/// The attribute word of a deferral: `deferrable` (initially immediate) or
/// `initially_deferred`.
fn deferral_word(d: Deferral) -> Option<Meta> {
    match d {
        Deferral::NotDeferrable => None,
        Deferral::InitiallyImmediate => Some(Meta::word("deferrable")),
        Deferral::InitiallyDeferred => Some(Meta::word("initially_deferred")),
    }
}

fn deferral_variant(d: Deferral) -> &'static str {
    match d {
        Deferral::NotDeferrable => "NotDeferrable",
        Deferral::InitiallyImmediate => "InitiallyImmediate",
        Deferral::InitiallyDeferred => "InitiallyDeferred",
    }
}

pub(crate) fn needs_rule(t: &Table) -> bool {
    !deferrable_constraints(t).is_empty()
        || t.row_security.is_some()
        || !t.policies.is_empty()
        || !t.triggers.is_empty()
        || t.primary_key
            .as_ref()
            .is_some_and(|pk| !default_pk_name(&t.name, &pk.name))
        || t.indexes.iter().any(|i| !derive_can_say(i))
}

/// `#[index(columns(…), expressions(…))]` lists columns first: an index whose keys have a
/// column after an expression is added by a rule instead.
fn derive_can_say(i: &Index) -> bool {
    let first_expression = i
        .keys
        .iter()
        .position(|k| matches!(k, IndexKey::Expression(_)));
    match first_expression {
        Some(p) => i.keys[p..]
            .iter()
            .all(|k| matches!(k, IndexKey::Expression(_))),
        None => true,
    }
}

/// Whether the derive names the primary key `name` by itself: `<table>_pkey`, which it
/// only shortens (with a hash) beyond 63 bytes, where PostgreSQL would truncate instead.
fn default_pk_name(table: &str, name: &str) -> bool {
    let derived = format!("{table}_pkey");
    derived.len() <= hims_model::MAX_IDENTIFIER_BYTES && derived == name
}

/// The Rust module for schema `schema` of `model`.
pub fn rust_module(model: &Model, schema: &str) -> Result<String, CodegenError> {
    let known = model.schemas.iter().any(|s| s.name == schema)
        || model.tables.iter().any(|t| t.schema == schema)
        || model.enums.iter().any(|e| e.schema == schema);
    if !known {
        return Err(CodegenError::UnknownSchema(schema.to_string()));
    }
    let plan = NamePlan::new(model);
    Gen::new(model, schema, &plan).generate()
}

/// Schemas of `model` that have something to generate, sorted.
pub fn schemas_of(model: &Model) -> Vec<String> {
    let set: BTreeSet<String> = model
        .schemas
        .iter()
        .map(|s| s.name.clone())
        .chain(model.tables.iter().map(|t| t.schema.clone()))
        .chain(model.enums.iter().map(|e| e.schema.clone()))
        .collect();
    set.into_iter().collect()
}

/// `schema.name` as `hims_dsl::qn` reads it: a part holding a dot (or starting with a
/// quote) double-quoted, as in SQL.
fn dotted(q: &QualifiedName) -> String {
    let part = |p: &str| {
        if p.contains('.') || p.starts_with('"') {
            format!("\"{}\"", p.replace('"', "\"\""))
        } else {
            p.to_string()
        }
    };
    format!("{}.{}", part(&q.schema), part(&q.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `#[derive(Table)]` makes of doc lines (hims-dsl-macros' `doc_comment`).
    fn derive_reads(lines: &[String]) -> String {
        let trimmed: Vec<String> = lines.iter().map(|l| l.trim().to_string()).collect();
        trimmed
            .split(|l| l.is_empty())
            .map(|para| para.join(" "))
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn doc_comments_are_used_only_where_the_derive_reads_them_back_exactly() {
        let long = "word ".repeat(60).trim_end().to_string();
        for comment in [
            "People registered for care.",
            "Display name.\nUnique across the group.",
            long.as_str(),
            "- a list item that is long enough to need wrapping if it were prose, which it is not, so it stays whole",
        ] {
            let lines = doc_lines(comment).unwrap_or_else(|| panic!("{comment}"));
            assert_eq!(derive_reads(&lines), comment);
            if !comment.starts_with('-') {
                assert!(lines.iter().all(|l| l.len() <= 92), "{lines:?}");
            }
        }
        assert!(doc_lines(&long).unwrap().len() > 1, "long prose is wrapped");
        for comment in ["a\n\nb", " leading", "trailing ", "", "a\r\nb", "a\n"] {
            assert_eq!(doc_lines(comment), None, "{comment:?}");
        }
    }
}
