//! `#[derive(Table)]`: read the struct and its attributes (phase 1), check what can be
//! checked at compile time — attribute names, column names in keys, SQL type overrides —
//! (phase 2), then emit a `TableSpec` and a sea-query `Iden` enum (phase 3).
//!
//! Struct attributes:
//! `#[table(schema = "core", name = "patients", comment = "…")]`,
//! `#[primary_key(a, b)]`, `#[unique(columns(a, b), name = "…", nulls_not_distinct)]`,
//! (`deferrable` or `initially_deferred` on a unique, a foreign key or an exclusion),
//! `#[check(name = "…", expr = "…")]`,
//! `#[foreign_key(columns(a, b), references = Other, ref_columns(x, y), name = "…", on_delete = "cascade")]`,
//! `#[index(columns(a, b(desc), c(opclass = "gin_trgm_ops")), expressions("lower(x)"), unique,
//!          method = "gin", predicate = "deleted_at IS NULL", include(d), nulls_not_distinct, name = "…")]`.
//! In every column list a column whose name is no Rust identifier (imported names such as
//! `"display name"`) is written `col("display name")`, or `col("display name", desc)`.
//! Field attributes: `#[column(name, primary_key, unique, index, default = lit, default_sql,
//! sql_type, varchar = N, char = N, numeric(p, s), references = Other, ref_column, fk_name,
//! on_delete, on_update, check, comment, generated, generated_virtual, identity [= "always" |
//! "by_default"], renamed_from, backfill = "SQL expression")]`.
//! `///` doc comments become table and column comments.

use crate::attr::{Errors, camel_case, doc_comment, snake_case, string};
use hims_model::ColumnType;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, Lit, LitStr, Path, Type};

const TENANT_COLUMN: &str = "tenant_id";
const COMPLIANCE_COLUMNS: [&str; 7] = [
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "deleted_at",
    "deleted_by",
    "version",
];

struct ColumnAst {
    field: Ident,
    name: String,
    name_span: Span,
    ty: Type,
    nullable: bool,
    sql_type: Option<(ColumnType, Span)>,
    default: Option<TokenStream>,
    generated: Option<LitStr>,
    /// `generated_virtual = "…"` rather than `generated = "…"`.
    virtual_generated: bool,
    identity: Option<TokenStream>,
    /// `identity_options(start = 100, increment = 10, …)`: fields of `SequenceOptions`.
    identity_options: Vec<TokenStream>,
    /// `collate = "C"`.
    collation: Option<LitStr>,
    comment: Option<String>,
    primary_key: bool,
    unique: bool,
    index: bool,
    check: Option<LitStr>,
    references: Option<Path>,
    ref_column: Option<LitStr>,
    fk_name: Option<LitStr>,
    on_delete: Option<TokenStream>,
    on_update: Option<TokenStream>,
    renamed_from: Option<LitStr>,
    backfill: Option<LitStr>,
}

/// A column named in a key list, kept with its span for errors.
struct KeyColumn {
    name: String,
    span: Span,
    descending: bool,
    opclass: Option<LitStr>,
    /// `collate = "C"` (index keys).
    collation: Option<LitStr>,
}

struct UniqueAst {
    name: Option<LitStr>,
    columns: Vec<KeyColumn>,
    nulls_not_distinct: bool,
    deferral: Deferral,
}

/// `deferrable` (initially immediate) and `initially_deferred` (deferrable, checked at
/// commit) of a unique, foreign key or exclusion attribute.
#[derive(Default, Clone, Copy)]
struct Deferral {
    deferrable: bool,
    initially_deferred: bool,
}

impl Deferral {
    /// Reads `deferrable` / `initially_deferred` when `meta` is one of them.
    fn read(&mut self, meta: &syn::meta::ParseNestedMeta) -> bool {
        if meta.path.is_ident("deferrable") {
            self.deferrable = true;
        } else if meta.path.is_ident("initially_deferred") {
            self.initially_deferred = true;
        } else {
            return false;
        }
        true
    }

    fn tokens(self) -> TokenStream {
        match (self.deferrable, self.initially_deferred) {
            (_, true) => quote! { ::hims_dsl::model::Deferral::InitiallyDeferred },
            (true, false) => quote! { ::hims_dsl::model::Deferral::InitiallyImmediate },
            (false, false) => quote! { ::hims_dsl::model::Deferral::NotDeferrable },
        }
    }
}

struct CheckAst {
    name: LitStr,
    expr: LitStr,
}

struct ForeignKeyAst {
    name: Option<LitStr>,
    columns: Vec<KeyColumn>,
    references: Path,
    ref_columns: Vec<LitStr>,
    on_delete: Option<TokenStream>,
    on_update: Option<TokenStream>,
    deferral: Deferral,
}

struct ExclusionAst {
    name: LitStr,
    method: TokenStream,
    elements: Vec<(String, String)>,
    predicate: Option<LitStr>,
    deferral: Deferral,
}

struct IndexAst {
    name: Option<LitStr>,
    columns: Vec<KeyColumn>,
    expressions: Vec<LitStr>,
    unique: bool,
    method: Option<TokenStream>,
    predicate: Option<LitStr>,
    include: Vec<KeyColumn>,
    nulls_not_distinct: bool,
}

pub fn expand(input: DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let ident = &input.ident;
    if !input.generics.params.is_empty() {
        errors.push(syn::Error::new(
            input.generics.span(),
            "#[derive(Table)] does not support generic structs",
        ));
    }
    let fields = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => named.named.iter().collect::<Vec<_>>(),
            other => {
                errors.push(syn::Error::new(
                    other.span(),
                    "#[derive(Table)] needs a struct with named fields",
                ));
                Vec::new()
            }
        },
        _ => {
            errors.push(syn::Error::new(
                ident.span(),
                "#[derive(Table)] can only be used on a struct",
            ));
            Vec::new()
        }
    };

    // Phase 1: read.
    let mut schema: Option<LitStr> = None;
    let mut name: Option<LitStr> = None;
    let mut comment = doc_comment(&input.attrs);
    let mut tenant_scoped = false;
    let mut compliance = false;
    let mut partition_by: Option<(Ident, Vec<KeyColumn>)> = None;
    let mut renamed_from: Option<LitStr> = None;
    let mut primary_key: Vec<KeyColumn> = Vec::new();
    let mut uniques = Vec::new();
    let mut checks = Vec::new();
    let mut foreign_keys = Vec::new();
    let mut indexes = Vec::new();
    let mut exclusions = Vec::new();
    for attr in &input.attrs {
        let path = attr.path();
        let result = if path.is_ident("table") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("schema") {
                    schema = Some(string(&meta)?);
                } else if meta.path.is_ident("name") {
                    name = Some(string(&meta)?);
                } else if meta.path.is_ident("comment") {
                    comment = Some(string(&meta)?.value());
                } else if meta.path.is_ident("tenant_scoped") {
                    tenant_scoped = true;
                } else if meta.path.is_ident("compliance") {
                    compliance = true;
                } else if meta.path.is_ident("renamed_from") {
                    renamed_from = Some(string(&meta)?);
                } else if meta.path.is_ident("partition_by_range") {
                    partition_by = Some((format_ident!("Range"), key_columns(&meta)?));
                } else if meta.path.is_ident("partition_by_list") {
                    partition_by = Some((format_ident!("List"), key_columns(&meta)?));
                } else if meta.path.is_ident("partition_by_hash") {
                    partition_by = Some((format_ident!("Hash"), key_columns(&meta)?));
                } else {
                    return Err(meta.error(
                        "unknown table attribute; expected `schema`, `name`, `comment`, `tenant_scoped`, `compliance`, `renamed_from`, `partition_by_range(…)`, `partition_by_list(…)` or `partition_by_hash(…)`",
                    ));
                }
                Ok(())
            })
        } else if path.is_ident("primary_key") {
            attr.parse_nested_meta(|meta| {
                primary_key.push(key_column(&meta)?);
                Ok(())
            })
        } else if path.is_ident("unique") {
            parse_unique(attr).map(|u| uniques.push(u))
        } else if path.is_ident("check") {
            parse_check(attr).map(|c| checks.push(c))
        } else if path.is_ident("foreign_key") {
            parse_foreign_key(attr).map(|f| foreign_keys.push(f))
        } else if path.is_ident("index") {
            parse_index(attr).map(|i| indexes.push(i))
        } else if path.is_ident("exclude") {
            parse_exclusion(attr).map(|x| exclusions.push(x))
        } else {
            Ok(())
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    if schema.is_none() {
        errors.push(syn::Error::new(
            ident.span(),
            "missing `#[table(schema = \"…\")]`: every table belongs to a schema",
        ));
    }
    let name_value = name
        .as_ref()
        .map(LitStr::value)
        .unwrap_or_else(|| snake_case(&ident.to_string()));

    let mut columns = Vec::new();
    for field in &fields {
        match parse_column(field) {
            Ok(c) => columns.push(c),
            Err(e) => errors.push(e),
        }
    }

    // Phase 2: compile-time checks of column names used in keys. Columns implied by
    // `tenant_scoped` and `compliance` count as declared.
    let mut implied: Vec<&str> = Vec::new();
    if tenant_scoped {
        implied.push(TENANT_COLUMN);
    }
    if compliance {
        implied.extend(COMPLIANCE_COLUMNS);
    }
    let column_names: Vec<&str> = columns
        .iter()
        .map(|c| c.name.as_str())
        .chain(implied.iter().copied())
        .collect();
    let mut check_key = |k: &KeyColumn| {
        if !column_names.contains(&k.name.as_str()) {
            errors.push(syn::Error::new(
                k.span,
                format!(
                    "`{}` is not a column of `{ident}` (columns: {})",
                    k.name,
                    column_names.join(", ")
                ),
            ));
        }
    };
    primary_key.iter().for_each(&mut check_key);
    partition_by
        .iter()
        .flat_map(|(_, cols)| cols)
        .for_each(&mut check_key);
    uniques
        .iter()
        .flat_map(|u: &UniqueAst| &u.columns)
        .for_each(&mut check_key);
    foreign_keys
        .iter()
        .flat_map(|f: &ForeignKeyAst| &f.columns)
        .for_each(&mut check_key);
    indexes
        .iter()
        .flat_map(|i: &IndexAst| i.columns.iter().chain(&i.include))
        .for_each(&mut check_key);
    for c in &columns {
        if c.ref_column.is_some() && c.references.is_none() {
            errors.push(syn::Error::new(
                c.name_span,
                "`ref_column` needs `references = …`",
            ));
        }
    }

    if let Some(e) = errors.take() {
        // Still implement the trait so uses elsewhere do not add a wall of follow-up errors.
        let compile_errors = e.to_compile_error();
        return quote! {
            #compile_errors
            impl ::hims_dsl::Table for #ident {
                const SCHEMA: &'static str = "";
                const NAME: &'static str = "";
                const PRIMARY_KEY: &'static [&'static str] = &[];
                fn spec() -> ::hims_dsl::TableSpec {
                    ::core::unreachable!("the table definition has compile errors")
                }
            }
        };
    }

    // Phase 3: expand.
    let schema = schema.expect("checked above");
    let pk_names: Vec<String> = primary_key
        .iter()
        .map(|k| k.name.clone())
        .chain(
            columns
                .iter()
                .filter(|c| c.primary_key)
                .map(|c| c.name.clone()),
        )
        .collect();
    let item = ident.to_string();
    let comment = opt_str(comment.as_deref());
    let column_specs = columns.iter().map(column_spec);
    let pk_cols = primary_key.iter().map(|k| &k.name);
    let unique_specs = uniques.iter().map(|u| {
        let name = opt_lit(u.name.as_ref());
        let cols = u.columns.iter().map(|k| &k.name);
        let nnd = u.nulls_not_distinct;
        let deferral = u.deferral.tokens();
        quote! {
            ::hims_dsl::UniqueSpec { name: #name, columns: ::std::vec![#(#cols),*], nulls_not_distinct: #nnd, deferral: #deferral }
        }
    });
    let check_specs = checks.iter().map(|c| {
        let (name, expr) = (&c.name, &c.expr);
        quote! { ::hims_dsl::CheckSpec { name: #name, expr: #expr } }
    });
    let fk_specs = foreign_keys.iter().map(|f| {
        let name = opt_lit(f.name.as_ref());
        let cols = f.columns.iter().map(|k| &k.name);
        let refs = f.ref_columns.iter();
        let target = target_table(&f.references);
        let on_delete = action(f.on_delete.as_ref());
        let on_update = action(f.on_update.as_ref());
        let deferral = f.deferral.tokens();
        quote! {
            ::hims_dsl::ForeignKeySpec {
                name: #name,
                columns: ::std::vec![#(#cols),*],
                ref_schema: <#target>::SCHEMA,
                ref_table: <#target>::NAME,
                ref_columns: ::std::vec![#(#refs),*],
                ref_primary_key: <#target>::PRIMARY_KEY,
                on_delete: #on_delete,
                on_update: #on_update,
                deferral: #deferral,
            }
        }
    });
    let index_specs = indexes.iter().map(|i| {
        let name = opt_lit(i.name.as_ref());
        let keys = i
            .columns
            .iter()
            .map(|k| {
                let (n, d) = (&k.name, k.descending);
                let opclass = opt_lit(k.opclass.as_ref());
                let collation = opt_lit(k.collation.as_ref());
                quote! { ::hims_dsl::IndexKeySpec::Column { name: #n, descending: #d, opclass: #opclass, collation: #collation } }
            })
            .chain(i.expressions.iter().map(|e| quote! { ::hims_dsl::IndexKeySpec::Expression(#e) }));
        let unique = i.unique;
        let method = i
            .method
            .clone()
            .unwrap_or_else(|| quote! { ::hims_dsl::model::IndexMethod::Btree });
        let predicate = opt_lit(i.predicate.as_ref());
        let include = i.include.iter().map(|k| &k.name);
        let nnd = i.nulls_not_distinct;
        quote! {
            ::hims_dsl::IndexSpec {
                name: #name,
                keys: ::std::vec![#(#keys),*],
                unique: #unique,
                method: #method,
                predicate: #predicate,
                include: ::std::vec![#(#include),*],
                nulls_not_distinct: #nnd,
            }
        }
    });

    let table_renamed_from = opt_lit(renamed_from.as_ref());
    let partition = match &partition_by {
        Some((method, cols)) => {
            let cols = cols.iter().map(|k| &k.name);
            quote! {
                ::core::option::Option::Some(::hims_dsl::model::Partitioning {
                    method: ::hims_dsl::model::PartitionMethod::#method,
                    columns: ::std::vec![#(::std::string::String::from(#cols)),*],
                })
            }
        }
        None => quote! { ::core::option::Option::None },
    };
    let exclusion_specs = exclusions.iter().map(|x| {
        let name = &x.name;
        let method = &x.method;
        let predicate = match &x.predicate {
            Some(p) => quote! { ::core::option::Option::Some(::std::string::String::from(#p)) },
            None => quote! { ::core::option::Option::None },
        };
        let elements = x.elements.iter().map(|(e, op)| {
            quote! {
                ::hims_dsl::model::ExclusionElement {
                    expr: ::std::string::String::from(#e),
                    operator: ::std::string::String::from(#op),
                }
            }
        });
        let deferral = x.deferral.tokens();
        quote! {
            ::hims_dsl::model::Exclusion {
                name: ::std::string::String::from(#name),
                method: #method,
                elements: ::std::vec![#(#elements),*],
                predicate: #predicate,
                deferral: #deferral,
            }
        }
    });
    let vis = &input.vis;
    let iden = format_ident!("{}Iden", ident);
    let mut iden_columns: Vec<&str> = Vec::new();
    for n in &column_names {
        if *n != "table" && !iden_columns.contains(n) {
            iden_columns.push(n);
        }
    }
    let mut taken: Vec<String> = vec!["Table".to_string(), "Self".to_string()];
    let variants: Vec<Ident> = iden_columns
        .iter()
        .map(|c| format_ident!("{}", iden_variant(c, &mut taken)))
        .collect();
    let variant_names = iden_columns.iter();
    let iden_doc = format!(
        "sea-query identifiers of `{schema}.{name_value}` (`{iden}::Table` and one variant per column).",
        schema = schema.value()
    );

    quote! {
        impl ::hims_dsl::Table for #ident {
            const SCHEMA: &'static str = #schema;
            const NAME: &'static str = #name_value;
            const PRIMARY_KEY: &'static [&'static str] = &[#(#pk_names),*];

            fn spec() -> ::hims_dsl::TableSpec {
                ::hims_dsl::TableSpec {
                    rust_item: ::core::concat!(::core::module_path!(), "::", #item),
                    schema: #schema,
                    name: #name_value,
                    comment: #comment,
                    tenant_scoped: #tenant_scoped,
                    compliance: #compliance,
                    partition_by: #partition,
                    renamed_from: #table_renamed_from,
                    columns: ::std::vec![#(#column_specs),*],
                    primary_key: ::std::vec![#(#pk_cols),*],
                    uniques: ::std::vec![#(#unique_specs),*],
                    checks: ::std::vec![#(#check_specs),*],
                    foreign_keys: ::std::vec![#(#fk_specs),*],
                    indexes: ::std::vec![#(#index_specs),*],
                    exclusions: ::std::vec![#(#exclusion_specs),*],
                }
            }
        }

        #[doc = #iden_doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #vis enum #iden {
            Table,
            #(#variants),*
        }

        impl ::hims_dsl::sea_query::Iden for #iden {
            fn unquoted(&self) -> &str {
                match self {
                    Self::Table => #name_value,
                    #(Self::#variants => #variant_names),*
                }
            }
        }
    }
}

fn opt_lit(l: Option<&LitStr>) -> TokenStream {
    match l {
        Some(l) => quote! { ::core::option::Option::Some(#l) },
        None => quote! { ::core::option::Option::None },
    }
}

fn opt_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote! { ::core::option::Option::Some(#s) },
        None => quote! { ::core::option::Option::None },
    }
}

/// `<Path as Table>` with the path's span, so "is not a table" points at the path.
fn target_table(path: &Path) -> TokenStream {
    quote_spanned! {path.span()=> #path as ::hims_dsl::Table }
}

fn action(a: Option<&TokenStream>) -> TokenStream {
    a.cloned()
        .unwrap_or_else(|| quote! { ::hims_dsl::model::FkAction::NoAction })
}

fn parse_action(lit: &LitStr) -> syn::Result<TokenStream> {
    let variant = match lit
        .value()
        .to_ascii_lowercase()
        .replace(['_', '-'], " ")
        .as_str()
    {
        "no action" => "NoAction",
        "restrict" => "Restrict",
        "cascade" => "Cascade",
        "set null" => "SetNull",
        "set default" => "SetDefault",
        _ => {
            return Err(syn::Error::new(
                lit.span(),
                "expected \"no action\", \"restrict\", \"cascade\", \"set null\" or \"set default\"",
            ));
        }
    };
    let v = format_ident!("{}", variant);
    Ok(quote! { ::hims_dsl::model::FkAction::#v })
}

/// `col("display name", desc)`: a column whose name is not a Rust identifier, by its
/// database name (imported schemas keep names such as `"display name"`).
fn quoted_key_column(meta: &syn::meta::ParseNestedMeta) -> syn::Result<Option<KeyColumn>> {
    if !meta.path.is_ident("col") || !meta.input.peek(syn::token::Paren) {
        return Ok(None);
    }
    let fork = meta.input.fork();
    let content;
    syn::parenthesized!(content in fork);
    if !content.peek(LitStr) {
        return Ok(None);
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let lit: LitStr = content.parse()?;
    let mut k = KeyColumn {
        name: lit.value(),
        span: lit.span(),
        descending: false,
        opclass: None,
        collation: None,
    };
    while !content.is_empty() {
        content.parse::<syn::Token![,]>()?;
        if content.is_empty() {
            break;
        }
        let word: Ident = content.parse()?;
        if word == "desc" {
            k.descending = true;
        } else if word == "asc" {
            k.descending = false;
        } else if word == "opclass" {
            content.parse::<syn::Token![=]>()?;
            k.opclass = Some(content.parse()?);
        } else if word == "collate" {
            content.parse::<syn::Token![=]>()?;
            k.collation = Some(content.parse()?);
        } else {
            return Err(syn::Error::new(
                word.span(),
                "expected `desc`, `asc`, `opclass = \"…\"` or `collate = \"…\"`",
            ));
        }
    }
    Ok(Some(k))
}

fn key_column(meta: &syn::meta::ParseNestedMeta) -> syn::Result<KeyColumn> {
    if let Some(k) = quoted_key_column(meta)? {
        return Ok(k);
    }
    let ident = meta.path.require_ident()?;
    let mut k = KeyColumn {
        name: ident.to_string().trim_start_matches("r#").to_string(),
        span: ident.span(),
        descending: false,
        opclass: None,
        collation: None,
    };
    if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| {
            if inner.path.is_ident("desc") {
                k.descending = true;
            } else if inner.path.is_ident("asc") {
                k.descending = false;
            } else if inner.path.is_ident("opclass") {
                k.opclass = Some(string(&inner)?);
            } else if inner.path.is_ident("collate") {
                k.collation = Some(string(&inner)?);
            } else {
                return Err(
                    inner.error("expected `desc`, `asc`, `opclass = \"…\"` or `collate = \"…\"`")
                );
            }
            Ok(())
        })?;
    }
    Ok(k)
}

fn key_columns(meta: &syn::meta::ParseNestedMeta) -> syn::Result<Vec<KeyColumn>> {
    let mut out = Vec::new();
    meta.parse_nested_meta(|inner| {
        out.push(key_column(&inner)?);
        Ok(())
    })?;
    Ok(out)
}

fn parse_unique(attr: &syn::Attribute) -> syn::Result<UniqueAst> {
    let mut u = UniqueAst {
        name: None,
        columns: Vec::new(),
        nulls_not_distinct: false,
        deferral: Deferral::default(),
    };
    attr.parse_nested_meta(|meta| {
        if meta.path.is_ident("columns") {
            u.columns = key_columns(&meta)?;
        } else if meta.path.is_ident("name") {
            u.name = Some(string(&meta)?);
        } else if meta.path.is_ident("nulls_not_distinct") {
            u.nulls_not_distinct = true;
        } else if !u.deferral.read(&meta) {
            return Err(meta.error(
                "unknown unique attribute; expected `columns(…)`, `name`, `nulls_not_distinct`, `deferrable` or `initially_deferred`",
            ));
        }
        Ok(())
    })?;
    if u.columns.is_empty() {
        return Err(syn::Error::new(attr.span(), "unique needs `columns(…)`"));
    }
    Ok(u)
}

fn parse_check(attr: &syn::Attribute) -> syn::Result<CheckAst> {
    let mut name = None;
    let mut expr = None;
    attr.parse_nested_meta(|meta| {
        if meta.path.is_ident("name") {
            name = Some(string(&meta)?);
        } else if meta.path.is_ident("expr") {
            expr = Some(string(&meta)?);
        } else {
            return Err(meta.error("unknown check attribute; expected `name` or `expr`"));
        }
        Ok(())
    })?;
    match (name, expr) {
        (Some(name), Some(expr)) => Ok(CheckAst { name, expr }),
        _ => Err(syn::Error::new(
            attr.span(),
            "check needs `name = \"…\"` and `expr = \"…\"`",
        )),
    }
}

fn parse_foreign_key(attr: &syn::Attribute) -> syn::Result<ForeignKeyAst> {
    let mut name = None;
    let mut columns = Vec::new();
    let mut references = None;
    let mut ref_columns = Vec::new();
    let mut on_delete = None;
    let mut on_update = None;
    let mut deferral = Deferral::default();
    attr.parse_nested_meta(|meta| {
        if deferral.read(&meta) {
        } else if meta.path.is_ident("columns") {
            columns = key_columns(&meta)?;
        } else if meta.path.is_ident("references") {
            references = Some(meta.value()?.parse::<Path>()?);
        } else if meta.path.is_ident("ref_columns") {
            meta.parse_nested_meta(|inner| {
                let id = inner.path.require_ident()?;
                ref_columns.push(LitStr::new(&id.to_string(), id.span()));
                Ok(())
            })?;
        } else if meta.path.is_ident("name") {
            name = Some(string(&meta)?);
        } else if meta.path.is_ident("on_delete") {
            on_delete = Some(parse_action(&string(&meta)?)?);
        } else if meta.path.is_ident("on_update") {
            on_update = Some(parse_action(&string(&meta)?)?);
        } else {
            return Err(meta.error("unknown foreign_key attribute; expected `columns(…)`, `references`, `ref_columns(…)`, `name`, `on_delete`, `on_update`, `deferrable` or `initially_deferred`"));
        }
        Ok(())
    })?;
    let references = references.ok_or_else(|| {
        syn::Error::new(attr.span(), "foreign_key needs `references = OtherTable`")
    })?;
    if columns.is_empty() {
        return Err(syn::Error::new(
            attr.span(),
            "foreign_key needs `columns(…)`",
        ));
    }
    Ok(ForeignKeyAst {
        name,
        columns,
        references,
        ref_columns,
        on_delete,
        on_update,
        deferral,
    })
}

fn parse_index(attr: &syn::Attribute) -> syn::Result<IndexAst> {
    let mut i = IndexAst {
        name: None,
        columns: Vec::new(),
        expressions: Vec::new(),
        unique: false,
        method: None,
        predicate: None,
        include: Vec::new(),
        nulls_not_distinct: false,
    };
    attr.parse_nested_meta(|meta| {
        if meta.path.is_ident("columns") {
            i.columns = key_columns(&meta)?;
        } else if meta.path.is_ident("expressions") {
            let content;
            syn::parenthesized!(content in meta.input);
            let list = content.parse_terminated(|p| p.parse::<LitStr>(), syn::Token![,])?;
            i.expressions = list.into_iter().collect();
        } else if meta.path.is_ident("include") {
            i.include = key_columns(&meta)?;
        } else if meta.path.is_ident("unique") {
            i.unique = true;
        } else if meta.path.is_ident("nulls_not_distinct") {
            i.nulls_not_distinct = true;
        } else if meta.path.is_ident("name") {
            i.name = Some(string(&meta)?);
        } else if meta.path.is_ident("predicate") || meta.path.is_ident("where_") {
            i.predicate = Some(string(&meta)?);
        } else if meta.path.is_ident("method") {
            let lit = string(&meta)?;
            let variant = match lit.value().as_str() {
                "btree" => "Btree",
                "hash" => "Hash",
                "gin" => "Gin",
                "gist" => "Gist",
                "brin" => "Brin",
                _ => {
                    return Err(syn::Error::new(
                        lit.span(),
                        "expected \"btree\", \"hash\", \"gin\", \"gist\" or \"brin\"",
                    ));
                }
            };
            let v = format_ident!("{}", variant);
            i.method = Some(quote! { ::hims_dsl::model::IndexMethod::#v });
        } else {
            return Err(meta.error("unknown index attribute; expected `columns(…)`, `expressions(…)`, `unique`, `name`, `method`, `predicate`, `include(…)` or `nulls_not_distinct`"));
        }
        Ok(())
    })?;
    if i.columns.is_empty() && i.expressions.is_empty() {
        return Err(syn::Error::new(
            attr.span(),
            "index needs `columns(…)` or `expressions(…)`",
        ));
    }
    Ok(i)
}

fn parse_method(lit: &LitStr) -> syn::Result<TokenStream> {
    let variant = match lit.value().as_str() {
        "btree" => "Btree",
        "hash" => "Hash",
        "gin" => "Gin",
        "gist" => "Gist",
        "brin" => "Brin",
        _ => {
            return Err(syn::Error::new(
                lit.span(),
                "expected \"btree\", \"hash\", \"gin\", \"gist\" or \"brin\"",
            ));
        }
    };
    let v = format_ident!("{}", variant);
    Ok(quote! { ::hims_dsl::model::IndexMethod::#v })
}

/// `#[exclude(name = "…", using = "gist", elements("bed_id WITH =", "tstzrange(a, b) WITH &&"), predicate = "…")]`
fn parse_exclusion(attr: &syn::Attribute) -> syn::Result<ExclusionAst> {
    let mut name = None;
    let mut method = quote! { ::hims_dsl::model::IndexMethod::Gist };
    let mut elements = Vec::new();
    let mut predicate = None;
    let mut deferral = Deferral::default();
    attr.parse_nested_meta(|meta| {
        if deferral.read(&meta) {
        } else if meta.path.is_ident("name") {
            name = Some(string(&meta)?);
        } else if meta.path.is_ident("using") {
            method = parse_method(&string(&meta)?)?;
        } else if meta.path.is_ident("predicate") {
            predicate = Some(string(&meta)?);
        } else if meta.path.is_ident("elements") {
            let content;
            syn::parenthesized!(content in meta.input);
            let list = content.parse_terminated(|p| p.parse::<LitStr>(), syn::Token![,])?;
            for lit in list {
                let text = lit.value();
                let Some(at) = text.rfind(" WITH ") else {
                    return Err(syn::Error::new(
                        lit.span(),
                        "an exclusion element is `expression WITH operator`",
                    ));
                };
                elements.push((
                    text[..at].trim().to_string(),
                    text[at + 6..].trim().to_string(),
                ));
            }
        } else {
            return Err(meta.error(
                "unknown exclude attribute; expected `name`, `using`, `elements(…)`, `predicate`, `deferrable` or `initially_deferred`",
            ));
        }
        Ok(())
    })?;
    let name = name.ok_or_else(|| syn::Error::new(attr.span(), "exclude needs `name = \"…\"`"))?;
    if elements.is_empty() {
        return Err(syn::Error::new(attr.span(), "exclude needs `elements(…)`"));
    }
    Ok(ExclusionAst {
        name,
        method,
        elements,
        predicate,
        deferral,
    })
}

/// `Option<T>` → `(true, T)`; anything else → `(false, ty)`.
fn unwrap_option(ty: &Type) -> (bool, Type) {
    if let Type::Path(p) = ty
        && p.qself.is_none()
        && let Some(last) = p.path.segments.last()
        && last.ident == "Option"
        && let syn::PathArguments::AngleBracketed(args) = &last.arguments
        && let Some(syn::GenericArgument::Type(inner)) = args.args.first()
    {
        return (true, inner.clone());
    }
    (false, ty.clone())
}

fn parse_column(field: &syn::Field) -> syn::Result<ColumnAst> {
    let ident = field.ident.clone().expect("named field");
    let (nullable, inner) = unwrap_option(&field.ty);
    let mut c = ColumnAst {
        name: ident.to_string().trim_start_matches("r#").to_string(),
        name_span: ident.span(),
        field: ident,
        ty: inner,
        nullable,
        sql_type: None,
        default: None,
        generated: None,
        virtual_generated: false,
        identity: None,
        identity_options: Vec::new(),
        collation: None,
        comment: doc_comment(&field.attrs),
        primary_key: false,
        unique: false,
        index: false,
        check: None,
        references: None,
        ref_column: None,
        fk_name: None,
        on_delete: None,
        on_update: None,
        renamed_from: None,
        backfill: None,
    };
    let mut errors = Errors::default();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("column")) {
        let result = attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(|i| i.to_string())
                .unwrap_or_default();
            let mut set_type = |t: ColumnType, span: Span| {
                if c.sql_type.is_some() {
                    return Err(syn::Error::new(span, "the column type is given twice"));
                }
                c.sql_type = Some((t, span));
                Ok(())
            };
            match key.as_str() {
                "name" => {
                    let l = string(&meta)?;
                    c.name = l.value();
                    c.name_span = l.span();
                }
                "primary_key" => c.primary_key = true,
                "unique" => c.unique = true,
                "index" => c.index = true,
                "sql_type" => {
                    let l = string(&meta)?;
                    let t = ColumnType::parse(&l.value())
                        .map_err(|e| syn::Error::new(l.span(), e.to_string()))?;
                    set_type(t, l.span())?;
                }
                "varchar" | "char" => {
                    let n: syn::LitInt = meta.value()?.parse()?;
                    let len: u32 = n.base10_parse()?;
                    if len == 0 {
                        return Err(syn::Error::new(n.span(), "length must be positive"));
                    }
                    let t = if key == "varchar" {
                        ColumnType::Varchar(Some(len))
                    } else {
                        ColumnType::Char(len)
                    };
                    set_type(t, n.span())?;
                }
                "numeric" => {
                    let content;
                    syn::parenthesized!(content in meta.input);
                    let nums = content.parse_terminated(|p| p.parse::<syn::LitInt>(), syn::Token![,])?;
                    let nums: Vec<u32> = nums
                        .iter()
                        .map(|n| n.base10_parse())
                        .collect::<syn::Result<_>>()?;
                    let text = match nums.as_slice() {
                        [p, s] => format!("numeric({p},{s})"),
                        [p] => format!("numeric({p})"),
                        _ => return Err(meta.error("expected numeric(precision, scale)")),
                    };
                    let t = ColumnType::parse(&text)
                        .map_err(|e| meta.error(e.to_string()))?;
                    set_type(t, meta.path.span())?;
                }
                "default" => {
                    if c.default.is_some() {
                        return Err(meta.error("the default is given twice"));
                    }
                    let lit: Lit = meta.value()?.parse()?;
                    c.default = Some(match &lit {
                        Lit::Str(s) => quote! { ::hims_dsl::DefaultSpec::Text(#s) },
                        Lit::Int(i) => {
                            let v: i64 = i.base10_parse()?;
                            quote! { ::hims_dsl::DefaultSpec::Integer(#v) }
                        }
                        Lit::Float(f) => {
                            let text = f.base10_digits();
                            quote! { ::hims_dsl::DefaultSpec::Numeric(#text) }
                        }
                        Lit::Bool(b) => {
                            let v = b.value;
                            quote! { ::hims_dsl::DefaultSpec::Boolean(#v) }
                        }
                        _ => {
                            return Err(syn::Error::new(
                                lit.span(),
                                "default must be a string, integer, decimal or boolean literal (or use `default_sql`)",
                            ));
                        }
                    });
                }
                "default_sql" => {
                    if c.default.is_some() {
                        return Err(meta.error("the default is given twice"));
                    }
                    let s = string(&meta)?;
                    c.default = Some(quote! { ::hims_dsl::DefaultSpec::Sql(#s) });
                }
                "generated" | "generated_virtual" => {
                    if c.generated.is_some() {
                        return Err(meta.error("the generation expression is given twice"));
                    }
                    c.virtual_generated = key == "generated_virtual";
                    c.generated = Some(string(&meta)?);
                }
                "identity" => {
                    let kind = if meta.input.peek(syn::Token![=]) {
                        let l = string(&meta)?;
                        match l.value().as_str() {
                            "always" => quote! { Always },
                            "by_default" => quote! { ByDefault },
                            _ => {
                                return Err(syn::Error::new(
                                    l.span(),
                                    "expected \"always\" or \"by_default\"",
                                ));
                            }
                        }
                    } else {
                        quote! { ByDefault }
                    };
                    c.identity = Some(quote! { ::hims_dsl::model::Identity::#kind });
                }
                "identity_options" => {
                    meta.parse_nested_meta(|inner| {
                        let key = inner.path.require_ident()?.to_string();
                        match key.as_str() {
                            "start" | "increment" | "min_value" | "max_value" | "cache" => {
                                let input = inner.value()?;
                                let negative = input.parse::<Option<syn::Token![-]>>()?.is_some();
                                let lit: syn::LitInt = input.parse()?;
                                let digits = if negative {
                                    format!("-{}", lit.base10_digits())
                                } else {
                                    lit.base10_digits().to_string()
                                };
                                let v: i64 = digits
                                    .parse()
                                    .map_err(|e| syn::Error::new(lit.span(), e))?;
                                let field = format_ident!("{}", key);
                                c.identity_options.push(
                                    quote! { #field: ::core::option::Option::Some(#v), },
                                );
                            }
                            "cycle" => c.identity_options.push(quote! { cycle: true, }),
                            _ => {
                                return Err(inner.error(
                                    "expected `start`, `increment`, `min_value`, `max_value`, `cache` (= integer) or `cycle`",
                                ));
                            }
                        }
                        Ok(())
                    })?;
                }
                "collate" => {
                    if c.collation.is_some() {
                        return Err(meta.error("the collation is given twice"));
                    }
                    let l = string(&meta)?;
                    if l.value().is_empty() || l.value().contains('\0') {
                        return Err(syn::Error::new(
                            l.span(),
                            "expected the name of a collation, as pg_collation names it (`C`, `POSIX`, `en-x-icu`)",
                        ));
                    }
                    c.collation = Some(l);
                }
                "comment" => c.comment = Some(string(&meta)?.value()),
                "check" => c.check = Some(string(&meta)?),
                "references" => c.references = Some(meta.value()?.parse::<Path>()?),
                "ref_column" => c.ref_column = Some(string(&meta)?),
                "fk_name" => c.fk_name = Some(string(&meta)?),
                "renamed_from" => c.renamed_from = Some(string(&meta)?),
                "backfill" => {
                    let l = string(&meta)?;
                    if l.value().trim().is_empty() {
                        return Err(syn::Error::new(l.span(), "the backfill expression is empty"));
                    }
                    c.backfill = Some(l);
                }
                "on_delete" => c.on_delete = Some(parse_action(&string(&meta)?)?),
                "on_update" => c.on_update = Some(parse_action(&string(&meta)?)?),
                _ => {
                    return Err(meta.error(
                        "unknown column attribute; expected one of `name`, `primary_key`, `unique`, `index`, \
                         `default`, `default_sql`, `sql_type`, `varchar`, `char`, `numeric(p, s)`, \
                         `references`, `ref_column`, `fk_name`, `on_delete`, `on_update`, `check`, \
                         `comment`, `generated`, `generated_virtual`, `identity`, `identity_options(…)`, `collate`, `renamed_from`, `backfill`",
                    ));
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            errors.push(e);
        }
    }
    if let Some(b) = &c.backfill {
        if c.nullable {
            errors.push(syn::Error::new(
                b.span(),
                "`backfill` fills NULLs when the column becomes NOT NULL; an `Option` field stays nullable (make it non-`Option` or drop `backfill`)",
            ));
        } else if c.generated.is_some() || c.identity.is_some() {
            errors.push(syn::Error::new(
                b.span(),
                "a generated or identity column computes its own values: `backfill` does not apply",
            ));
        }
    }
    match errors.take() {
        Some(e) => Err(e),
        None => Ok(c),
    }
}

fn column_spec(c: &ColumnAst) -> TokenStream {
    let rust_field = c.field.to_string();
    let name = &c.name;
    let inner = &c.ty;
    let ty = match &c.sql_type {
        Some((t, _)) => {
            let text = t.to_string();
            quote! { ::hims_dsl::model::ColumnType::parse(#text).expect("checked by #[derive(Table)]") }
        }
        // Spanned at the field type: a type without a mapping is reported right there.
        None => quote_spanned! {inner.span()=> <#inner as ::hims_dsl::PgType>::column_type() },
    };
    let nullable = c.nullable;
    let default = match &c.default {
        Some(d) => quote! { ::core::option::Option::Some(#d) },
        None => quote! { ::core::option::Option::None },
    };
    let generated = opt_lit(c.generated.as_ref());
    let virtual_generated = c.virtual_generated;
    let identity = match &c.identity {
        Some(i) => quote! { ::core::option::Option::Some(#i) },
        None => quote! { ::core::option::Option::None },
    };
    let identity_options = &c.identity_options;
    let identity_options = quote! {
        ::hims_dsl::model::SequenceOptions {
            #(#identity_options)*
            ..::core::default::Default::default()
        }
    };
    let collation = opt_lit(c.collation.as_ref());
    let comment = opt_str(c.comment.as_deref());
    let (pk, unique, index) = (c.primary_key, c.unique, c.index);
    let check = opt_lit(c.check.as_ref());
    let renamed_from = opt_lit(c.renamed_from.as_ref());
    let backfill = opt_lit(c.backfill.as_ref());
    let references = match &c.references {
        Some(path) => {
            let target = target_table(path);
            let fk_name = opt_lit(c.fk_name.as_ref());
            let refs = c.ref_column.iter();
            let on_delete = action(c.on_delete.as_ref());
            let on_update = action(c.on_update.as_ref());
            quote! {
                ::core::option::Option::Some(::hims_dsl::ForeignKeySpec {
                    name: #fk_name,
                    columns: ::std::vec::Vec::new(),
                    ref_schema: <#target>::SCHEMA,
                    ref_table: <#target>::NAME,
                    ref_columns: ::std::vec![#(#refs),*],
                    ref_primary_key: <#target>::PRIMARY_KEY,
                    on_delete: #on_delete,
                    on_update: #on_update,
                    deferral: ::hims_dsl::model::Deferral::NotDeferrable,
                })
            }
        }
        None => quote! { ::core::option::Option::None },
    };
    quote! {
        ::hims_dsl::ColumnSpec {
            rust_field: #rust_field,
            name: #name,
            ty: #ty,
            nullable: #nullable,
            default: #default,
            generated: #generated,
            virtual_generated: #virtual_generated,
            identity: #identity,
            identity_options: #identity_options,
            collation: #collation,
            comment: #comment,
            primary_key: #pk,
            unique: #unique,
            check: #check,
            index: #index,
            renamed_from: #renamed_from,
            backfill: #backfill,
            references: #references,
        }
    }
}

/// The sea-query `Iden` variant of column `name`: its UpperCamelCase (`created_at` →
/// `CreatedAt`), with any character an identifier cannot hold treated as a word break
/// (`"display name"` → `DisplayName`), `C` before a leading digit, and a number after a
/// variant already taken (`"Status"` and `status` both give `Status`; the second is `Status2`).
fn iden_variant(name: &str, taken: &mut Vec<String>) -> String {
    let mut base = if name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        camel_case(name)
    } else {
        name.split(|c: char| !c.is_alphanumeric())
            .map(camel_case)
            .collect()
    };
    if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
        base.insert(0, 'C');
    }
    let mut v = base.clone();
    let mut n = 2;
    while taken.contains(&v) {
        v = format!("{base}{n}");
        n += 1;
    }
    taken.push(v.clone());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand_str(src: TokenStream) -> String {
        expand(syn::parse2(src).unwrap()).to_string()
    }

    #[test]
    fn unknown_column_attribute_is_reported() {
        let out = expand_str(quote! {
            #[table(schema = "core")]
            struct T { #[column(primary_ky)] id: i64 }
        });
        assert!(out.contains("compile_error"), "{out}");
        assert!(out.contains("unknown column attribute"), "{out}");
    }

    #[test]
    fn every_error_is_reported_at_once() {
        let out = expand_str(quote! {
            #[table(schema = "core", colour = "blue")]
            #[index(columns(nope))]
            struct T { #[column(sql_type = "not a type")] id: i64 }
        });
        assert_eq!(out.matches("compile_error").count(), 3, "{out}");
    }

    #[test]
    fn option_fields_are_nullable_and_overrides_win() {
        let out = expand_str(quote! {
            #[table(schema = "core", name = "patients")]
            struct Patient { #[column(varchar = 32)] mrn: Option<String> }
        });
        assert!(out.contains("nullable : true"), "{out}");
        assert!(out.contains("\"character varying(32)\""), "{out}");
        assert!(out.contains("PatientIden"), "{out}");
    }
}
