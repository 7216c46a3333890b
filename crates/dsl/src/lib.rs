//! The language schema definitions are written in.
//!
//! A table is a Rust struct with `#[derive(Table)]`; an enum type is a Rust enum with
//! `#[derive(PgEnum)]`. The derives only transcribe attributes into a [`TableSpec`] /
//! [`EnumSpec`]; every rule (names of constraints, foreign-key defaults, index naming) lives
//! here in plain Rust, where it is unit-tested. [`ModelBuilder`] gathers the specs of a
//! whole database into a validated [`model::Model`].

pub mod audit;
mod builder;
pub mod objects;
mod pg_type;
mod spec;

pub use builder::{ExistingTenant, ModelBuilder, Tenancy, apply_tenancy};
pub use hims_dsl_macros::{PgEnum, Table};
pub use hims_model as model;
pub use pg_type::PgType;
pub use sea_query;
pub use spec::{
    CheckSpec, ColumnSpec, DefaultSpec, EnumSpec, ForeignKeySpec, IndexKeySpec, IndexSpec,
    TableSpec, UniqueSpec,
};

/// A struct that derives [`Table`](derive@Table): one PostgreSQL table.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a table",
    label = "not a `#[derive(Table)]` struct",
    note = "`references = …` and `foreign_key(references = …)` must name a struct that derives `Table`"
)]
pub trait Table {
    const SCHEMA: &'static str;
    const NAME: &'static str;
    /// Primary key columns: what a foreign key references when it names no columns.
    const PRIMARY_KEY: &'static [&'static str];

    /// The attributes as written, before naming rules and defaults are applied.
    fn spec() -> TableSpec;

    /// The model table.
    fn table() -> model::Table {
        Self::spec().into_table()
    }

    /// `("schema", "table")`, usable anywhere sea-query takes a table reference.
    fn table_ref() -> sea_query::TableRef {
        use sea_query::IntoTableRef;
        (Self::SCHEMA, Self::NAME).into_table_ref()
    }
}

/// A Rust enum that derives [`PgEnum`](derive@PgEnum): one PostgreSQL enum type.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a PostgreSQL enum",
    label = "not a `#[derive(PgEnum)]` enum"
)]
pub trait PgEnum: Sized + 'static {
    const SCHEMA: &'static str;
    const NAME: &'static str;
    /// Values in declaration order, which is PostgreSQL's sort order.
    const VALUES: &'static [&'static str];

    fn spec() -> EnumSpec;

    /// The database label of this value.
    fn as_str(&self) -> &'static str;

    fn enum_type() -> model::EnumType {
        Self::spec().into_enum()
    }
}
