//! Reads live PostgreSQL databases back (the runner lives in hims-runner).
//!
//! [`introspect`] reads a live database back into the model from `pg_catalog`;
//! [`normalize`] lets the server itself spell a model's SQL expressions (checks, defaults,
//! predicates, policies, view queries) the way it prints them, so a model and an
//! introspected database compare with `==`.
//!
//! Every session this crate uses runs with `search_path = pg_catalog`, so everything the
//! server prints is schema-qualified the same way on both sides.

mod drift;
mod introspect;
mod normalize;
pub mod unsupported;

pub use drift::{Drift, applied_version, compare, connect, drift, drift_at};
pub use introspect::{introspect, role_settings};
pub use normalize::normalize;

/// A database error with PostgreSQL's own message, detail and hint.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{context}: {message}")]
    Database { context: String, message: String },
    #[error("catalog returned a type this tool cannot model: {0}")]
    Type(#[from] hims_model::TypeParseError),
}

pub(crate) fn db_error(context: impl Into<String>) -> impl FnOnce(postgres::Error) -> Error {
    let context = context.into();
    move |e| {
        let message = hims_connect::pg_message(&e);
        Error::Database { context, message }
    }
}
