//! The HIMS database, declared in Rust. One module per PostgreSQL schema; each module's
//! `register` adds its enums, tables, functions and views to the builder. [`model`] is the
//! single entry point every tool uses.

// Repeated `#[index(…)]`/`#[check(…)]` helper attributes are the point of the DSL; clippy's
// duplicated_attributes lint mistakes their repeated arguments for copy-paste.
#![allow(clippy::duplicated_attributes)]

pub mod abdm;
pub mod access;
pub mod billing;
pub mod clinical;
pub mod core;
pub mod laboratory;
pub mod rules;

use hims_dsl::model::{Model, Problems};
use hims_dsl::model::{Trigger, TriggerEvent, TriggerTiming};
use hims_dsl::objects::{qn, row_trigger};
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
        existing_rows: None,
    });
    core::register(&mut b);
    clinical::register(&mut b);
    billing::register(&mut b);
    abdm::register(&mut b);
    laboratory::register(&mut b);
    access::register(&mut b);
    rules::register(&mut b);
    b.rule(compliance_triggers);
    b
}

/// The validated HIMS model.
pub fn model() -> Result<Model, Problems> {
    builder().build()
}

/// Schemas whose every table is audited row by row; plus the core tables that hold
/// patient data or grant access.
const AUDITED_SCHEMAS: [&str; 4] = ["clinical", "billing", "abdm", "laboratory"];
const AUDITED_CORE_TABLES: [&str; 8] = [
    "patients",
    "patient_identifiers",
    "patient_contacts",
    "addresses",
    "documents",
    "users",
    "user_roles",
    "role_permissions",
];

/// Triggers every compliance table gets (row metadata), every audited table gets (audit),
/// and the append-only guard of the audit log.
fn compliance_triggers(m: &mut Model) {
    for t in &mut m.tables {
        if t.compliance {
            t.triggers.push(row_trigger(
                "set_row_meta",
                TriggerTiming::Before,
                &[TriggerEvent::Insert, TriggerEvent::Update],
                "core.tg_set_row_meta",
            ));
        }
        let audited = AUDITED_SCHEMAS.contains(&t.schema.as_str())
            || (t.schema == "core" && AUDITED_CORE_TABLES.contains(&t.name.as_str()));
        if audited {
            t.triggers.push(row_trigger(
                "audit_row_change",
                TriggerTiming::After,
                &[
                    TriggerEvent::Insert,
                    TriggerEvent::Update,
                    TriggerEvent::Delete,
                ],
                "core.tg_audit",
            ));
        }
        if t.schema == "core" && t.name == "audit_log" {
            t.triggers.push(row_trigger(
                "audit_log_append_only",
                TriggerTiming::Before,
                &[TriggerEvent::Update, TriggerEvent::Delete],
                "core.tg_audit_log_append_only",
            ));
            t.triggers.push(Trigger {
                name: "audit_log_no_truncate".into(),
                timing: TriggerTiming::Before,
                events: vec![TriggerEvent::Truncate],
                for_each_row: false,
                function: qn("core.tg_audit_log_append_only"),
                when: None,
                args: Vec::new(),
                update_of: Vec::new(),
                constraint: None,
                old_table: None,
                new_table: None,
            });
        }
    }
}
