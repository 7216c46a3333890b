//! Thin proc-macro shim. The work happens in ordinary modules over `proc_macro2` types
//! (`attr` reads attributes, `table`/`pg_enum` expand), so it is unit-testable; the rules
//! applied to what the attributes say live in `hims-dsl`, not here.

mod attr;
mod pg_enum;
mod table;

use proc_macro::TokenStream;

/// Declares a PostgreSQL table. See the `hims-dsl` crate documentation for attributes.
#[proc_macro_derive(
    Table,
    attributes(table, column, index, unique, check, foreign_key, primary_key, exclude)
)]
pub fn derive_table(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    table::expand(input).into()
}

/// Declares a PostgreSQL enum type from a Rust enum of unit variants.
#[proc_macro_derive(PgEnum, attributes(pg_enum))]
pub fn derive_pg_enum(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    pg_enum::expand(input).into()
}
