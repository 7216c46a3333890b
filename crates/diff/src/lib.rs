//! Old model + new model → the ordered list of typed changes that turns one into the other.
//!
//! Architecture invariant: no I/O and no SQL text; rendering a change is `hims-render`'s job.
//! Renames happen only through hints in the new model (`renamed_from`); without one a
//! rename is a drop plus an add, and the drop carries a data-loss hazard. Hints win over
//! names (a swap or a cycle goes through a temporary name).
//!
//! Order of the plan: extensions, roles, schemas, enum types created and values renamed or
//! added; then views and other dependents of what changes are dropped; constraints and
//! indexes that go away are dropped (foreign keys before the keys they reference); enum
//! types whose values go are rebuilt; tables are renamed, their constraints and indexes
//! renamed, new tables created (in foreign-key order) and tables altered; new constraints
//! and indexes are added; security, functions and triggers follow; tables, enum types and
//! schemas that go away are dropped last (reverse dependency order); views are recreated;
//! privileges and comments close the plan.

mod changes;
mod hazards;
mod plan;

pub use changes::{Change, CommentTarget, EnumPosition, FILL_BATCH, Fill, Phase, Relabel};
pub use hazards::{Hazard, HazardKind};
pub use plan::{EnumValueRemoval, PlanError, check_plan, diff, enum_value_removal};
