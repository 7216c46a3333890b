//! `#[derive(PgEnum)]`: `#[pg_enum(schema = "core", name = "gender", comment = "…")]` on a
//! Rust enum of unit variants; values are the snake_cased variant names unless a variant says
//! `#[pg_enum(rename = "OPConsultation")]` (ABDM literals are case-sensitive).

use crate::attr::{Errors, doc_comment, snake_case, string};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, LitStr};

pub fn expand(input: DeriveInput) -> TokenStream {
    let mut errors = Errors::default();
    let ident = &input.ident;
    let mut schema: Option<LitStr> = None;
    let mut name: Option<LitStr> = None;
    let mut comment = doc_comment(&input.attrs);
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("pg_enum")) {
        let r = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("schema") {
                schema = Some(string(&meta)?);
            } else if meta.path.is_ident("name") {
                name = Some(string(&meta)?);
            } else if meta.path.is_ident("comment") {
                comment = Some(string(&meta)?.value());
            } else {
                return Err(
                    meta.error("unknown pg_enum attribute; expected `schema`, `name` or `comment`")
                );
            }
            Ok(())
        });
        if let Err(e) = r {
            errors.push(e);
        }
    }
    if schema.is_none() {
        errors.push(syn::Error::new(
            ident.span(),
            "missing `#[pg_enum(schema = \"…\")]`: every enum type belongs to a schema",
        ));
    }
    let mut variants = Vec::new();
    let mut values = Vec::new();
    let mut renames: Vec<(String, String)> = Vec::new();
    match &input.data {
        Data::Enum(e) => {
            for v in &e.variants {
                if !matches!(v.fields, Fields::Unit) {
                    errors.push(syn::Error::new(
                        v.span(),
                        "PgEnum variants cannot carry data",
                    ));
                    continue;
                }
                let mut value = snake_case(&v.ident.to_string());
                let mut renamed_from: Option<String> = None;
                for attr in v.attrs.iter().filter(|a| a.path().is_ident("pg_enum")) {
                    let r = attr.parse_nested_meta(|meta| {
                        if meta.path.is_ident("rename") {
                            value = string(&meta)?.value();
                            Ok(())
                        } else if meta.path.is_ident("renamed_from") {
                            renamed_from = Some(string(&meta)?.value());
                            Ok(())
                        } else {
                            Err(meta.error(
                                "unknown variant attribute; expected `rename` or `renamed_from`",
                            ))
                        }
                    });
                    if let Err(e) = r {
                        errors.push(e);
                    }
                }
                variants.push(v.ident.clone());
                if let Some(old) = renamed_from {
                    renames.push((old, value.clone()));
                }
                values.push(value);
            }
        }
        _ => errors.push(syn::Error::new(
            ident.span(),
            "#[derive(PgEnum)] can only be used on an enum",
        )),
    }
    if let Some(e) = errors.take() {
        return e.to_compile_error();
    }
    let schema = schema.expect("checked above");
    let name = name
        .map(|n| n.value())
        .unwrap_or_else(|| snake_case(&ident.to_string()));
    let item = ident.to_string();
    let comment = match comment {
        Some(c) => quote! { ::core::option::Option::Some(#c) },
        None => quote! { ::core::option::Option::None },
    };
    let rename_old = renames.iter().map(|(o, _)| o);
    let rename_new = renames.iter().map(|(_, n)| n);
    let vis = &input.vis;
    let iden = format_ident!("{}Iden", ident);
    let iden_doc = format!(
        "sea-query identifier of the enum type `{}.{name}`.",
        schema.value()
    );
    quote! {
        impl ::hims_dsl::PgEnum for #ident {
            const SCHEMA: &'static str = #schema;
            const NAME: &'static str = #name;
            const VALUES: &'static [&'static str] = &[#(#values),*];

            fn spec() -> ::hims_dsl::EnumSpec {
                ::hims_dsl::EnumSpec {
                    rust_item: ::core::concat!(::core::module_path!(), "::", #item),
                    schema: #schema,
                    name: #name,
                    comment: #comment,
                    values: ::std::vec![#(#values),*],
                    renamed_values: ::std::vec![#((#rename_old, #rename_new)),*],
                }
            }

            fn as_str(&self) -> &'static str {
                match self {
                    #(Self::#variants => #values),*
                }
            }
        }

        impl ::hims_dsl::PgType for #ident {
            fn column_type() -> ::hims_dsl::model::ColumnType {
                ::hims_dsl::model::ColumnType::Enum {
                    schema: ::std::string::String::from(#schema),
                    name: ::std::string::String::from(#name),
                }
            }
        }

        impl ::core::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(::hims_dsl::PgEnum::as_str(self))
            }
        }

        #[doc = #iden_doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #vis struct #iden;

        impl ::hims_dsl::sea_query::Iden for #iden {
            fn unquoted(&self) -> &str {
                #name
            }
        }
    }
}
