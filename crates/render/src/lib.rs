//! Model → SQL text.
//!
//! Architecture invariant: no I/O, and output is a pure function of the model. Every
//! identifier goes through [`sql::ident`], every literal through [`sql::literal`]; SQL
//! written by schema authors (checks, defaults, predicates, bodies) is the only text
//! emitted verbatim. sea-query renders the statements it gets right for PostgreSQL
//! (CREATE TABLE, CREATE INDEX, foreign keys, CREATE TYPE … AS ENUM); the rest is rendered
//! here (see `../shared/reference/sea-crates.md` for why).

mod baseline;
mod delta;
mod docs;
mod order;
pub mod sql;

pub use baseline::{BaselineHeader, baseline, create_composite, create_domain, exclusion_body};
pub use delta::{RenderedChange, render_change};
pub use docs::schema_reference;
pub use order::{TableOrder, table_order};
