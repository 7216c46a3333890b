//! The HIMS database, declared in Rust. One module per PostgreSQL schema; each module's
//! `register` adds its enums, tables, functions and views to the builder. [`model`] is the
//! single entry point every tool uses.

// Repeated `#[index(…)]`/`#[check(…)]` helper attributes are the point of the DSL; clippy's
// duplicated_attributes lint mistakes their repeated arguments for copy-paste.
#![allow(clippy::duplicated_attributes)]

pub mod abdm;
pub mod billing;
pub mod clinical;
pub mod core;
pub mod laboratory;

use hims_dsl::model::{Model, Problems};
use hims_dsl::objects::qn;
use hims_dsl::{ModelBuilder, Tenancy};

/// Everything declared, not yet validated: tests use this to break the model on purpose.
pub fn builder() -> ModelBuilder {
    let mut b = ModelBuilder::new();
    b.extension("pg_trgm");
    b.extension("btree_gist");
    b.tenancy(Tenancy {
        tenants: qn("core.tenants"),
        // `(SELECT …)` lets the planner evaluate it once per query (an initplan).
        current_tenant: "(SELECT core.current_tenant_id())".to_string(),
        policy_name: "tenant_isolation".to_string(),
        policy_roles: Vec::new(),
    });
    core::register(&mut b);
    clinical::register(&mut b);
    billing::register(&mut b);
    abdm::register(&mut b);
    laboratory::register(&mut b);
    b
}

/// The validated HIMS model.
pub fn model() -> Result<Model, Problems> {
    builder().build()
}
