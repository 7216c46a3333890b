//! Who may do what: database roles, privileges and the row-level security that is not
//! plain tenant isolation (hims-domain.md §3.3, §3.4). Tenant isolation itself comes from
//! `#[table(tenant_scoped)]` and the builder's tenancy rule.

use hims_dsl::ModelBuilder;
use hims_dsl::model::{GrantObject, Model, Policy, PolicyCommand, Privilege, RowSecurity};
use hims_dsl::objects::{RoleExt, grant, qn, role};

pub const OWNER: &str = "hims_owner";
pub const MIGRATOR: &str = "hims_migrator";
pub const APP: &str = "hims_app";
pub const READONLY: &str = "hims_readonly";
pub const AUDITOR: &str = "hims_auditor";
pub const ABDM_WORKER: &str = "hims_abdm_worker";

const CURRENT_TENANT: &str = "(SELECT core.current_tenant_id())";

/// Global reference data: every tenant reads it, only migrations write it.
const GLOBAL_TABLES: [&str; 5] = [
    "core.tenants",
    "core.states",
    "core.permissions",
    "core.code_systems",
    "core.concepts",
];
/// Shared rows (`tenant_id IS NULL`) plus tenant-local rows.
const HYBRID_TABLES: [&str; 2] = ["core.value_sets", "core.value_set_concepts"];

pub fn register(b: &mut ModelBuilder) {
    b.role(role(
        OWNER,
        false,
        true,
        &[],
        "Owns every object; BYPASSRLS so migrations and backfills see all tenants.",
    ))
    .role(role(
        MIGRATOR,
        true,
        false,
        &[OWNER],
        "Flyway logs in as this role and runs SET ROLE hims_owner.",
    ))
    .role(
        role(
            APP,
            true,
            false,
            &[],
            "The application: DML only, always subject to row-level security.",
        )
        // A runaway query or a transaction left open by a crashed request holds locks (an
        // invoice series row, an allocation's invoice): cut both off.
        .setting("statement_timeout", "30s")
        .setting("idle_in_transaction_session_timeout", "60s"),
    )
    .role(
        role(
            READONLY,
            true,
            false,
            &[],
            "Reporting: SELECT only, still subject to row-level security; its sessions are read-only by default.",
        )
        .setting("default_transaction_read_only", "on"),
    )
    .role(role(
        ABDM_WORKER,
        true,
        false,
        &[],
        "ABDM gateway worker: abdm DML; records gateway messages before their tenant is known.",
    ))
    .role(role(
        AUDITOR,
        true,
        false,
        &[],
        "Reads the audit log of its tenant.",
    ));
    b.rule(apply_access);
}

fn apply_access(m: &mut Model) {
    let schemas: Vec<String> = m.schemas.iter().map(|s| s.name.clone()).collect();
    for s in &schemas {
        for r in [APP, READONLY, AUDITOR] {
            m.grants.push(grant(
                GrantObject::Schema(s.clone()),
                &[Privilege::Usage],
                r,
            ));
        }
        if s == "abdm" || s == "core" {
            m.grants.push(grant(
                GrantObject::Schema(s.clone()),
                &[Privilege::Usage],
                ABDM_WORKER,
            ));
        }
    }
    let is = |list: &[&str], t: &hims_dsl::model::Table| {
        list.iter().any(|q| qn(q) == t.qualified_name())
    };
    let mut grants = Vec::new();
    for t in &mut m.tables {
        let name = t.qualified_name();
        if t.schema == "core" && t.name == "audit_log" {
            t.row_security = Some(RowSecurity { force: true });
            t.policies.push(Policy {
                name: "auditor_own_tenant".into(),
                permissive: true,
                command: PolicyCommand::Select,
                roles: vec![AUDITOR.into()],
                using: Some(format!("tenant_id = {CURRENT_TENANT}")),
                with_check: None,
            });
            grants.push(grant(
                GrantObject::Table(name),
                &[Privilege::Select],
                AUDITOR,
            ));
            continue;
        }
        if is(&GLOBAL_TABLES, t) {
            grants.push(grant(
                GrantObject::Table(name.clone()),
                &[Privilege::Select],
                APP,
            ));
        } else {
            grants.push(grant(
                GrantObject::Table(name.clone()),
                &[Privilege::Select, Privilege::Insert, Privilege::Update],
                APP,
            ));
        }
        grants.push(grant(
            GrantObject::Table(name.clone()),
            &[Privilege::Select],
            READONLY,
        ));
        if t.schema == "abdm" {
            grants.push(grant(
                GrantObject::Table(name.clone()),
                &[Privilege::Select, Privilege::Insert, Privilege::Update],
                ABDM_WORKER,
            ));
        }
        if t.schema == "core" && t.name == "patients" {
            grants.push(grant(
                GrantObject::Table(name.clone()),
                &[Privilege::Select],
                ABDM_WORKER,
            ));
        }
        if t.schema == "abdm" && t.name == "gateway_messages" {
            gateway_message_policies(t);
        }
        if t.schema == "core" && t.name == "tenants" {
            // The application sees its own tenant row and nothing else.
            t.row_security = Some(RowSecurity { force: true });
            t.policies.push(Policy {
                name: "tenant_self".into(),
                permissive: true,
                command: PolicyCommand::Select,
                roles: Vec::new(),
                using: Some(format!("id = {CURRENT_TENANT}")),
                with_check: None,
            });
        }
        if is(&HYBRID_TABLES, t) {
            t.row_security = Some(RowSecurity { force: true });
            let own = format!("tenant_id = {CURRENT_TENANT}");
            let policy =
                |name: &str, command, using: Option<String>, with_check: Option<String>| Policy {
                    name: name.into(),
                    permissive: true,
                    command,
                    roles: Vec::new(),
                    using,
                    with_check,
                };
            t.policies.extend([
                policy(
                    "shared_or_own_read",
                    PolicyCommand::Select,
                    Some(format!("tenant_id IS NULL OR {own}")),
                    None,
                ),
                policy("own_insert", PolicyCommand::Insert, None, Some(own.clone())),
                policy(
                    "own_update",
                    PolicyCommand::Update,
                    Some(own.clone()),
                    Some(own.clone()),
                ),
                policy("own_delete", PolicyCommand::Delete, Some(own), None),
            ]);
        }
    }
    m.grants.extend(grants);
    let views: Vec<_> = m.views.iter().map(|v| v.qualified_name()).collect();
    for v in views {
        for r in [APP, READONLY] {
            m.grants
                .push(grant(GrantObject::View(v.clone()), &[Privilege::Select], r));
        }
    }
}

/// `abdm.gateway_messages` holds messages before their tenant is known (resolved later from
/// X-HIP-ID / X-HIU-ID): everyone sees and writes their own tenant's rows; the ABDM worker
/// also records, reads and resolves tenant-less (gateway-level) messages. Once set, the
/// tenant never changes (core.tg_set_row_meta).
fn gateway_message_policies(t: &mut hims_dsl::model::Table) {
    let own = format!("tenant_id = {CURRENT_TENANT}");
    let own_or_unresolved = format!("tenant_id IS NULL OR {own}");
    t.row_security = Some(RowSecurity { force: true });
    let policy = |name: &str,
                  command,
                  roles: &[&str],
                  using: Option<&String>,
                  with_check: Option<&String>| Policy {
        name: name.into(),
        permissive: true,
        command,
        roles: roles.iter().map(|r| r.to_string()).collect(),
        using: using.cloned(),
        with_check: with_check.cloned(),
    };
    t.policies.extend([
        policy(
            "tenant_isolation",
            PolicyCommand::All,
            &[],
            Some(&own),
            Some(&own),
        ),
        policy(
            "worker_unresolved_read",
            PolicyCommand::Select,
            &[ABDM_WORKER],
            Some(&own_or_unresolved),
            None,
        ),
        policy(
            "worker_unresolved_insert",
            PolicyCommand::Insert,
            &[ABDM_WORKER],
            None,
            Some(&own_or_unresolved),
        ),
        policy(
            "worker_resolve_tenant",
            PolicyCommand::Update,
            &[ABDM_WORKER],
            Some(&own_or_unresolved),
            Some(&own_or_unresolved),
        ),
    ]);
}
