//! Gathers the declarations of a whole database into one validated model, applying the
//! cross-table rules (tenancy, foreign-key indexes, schema-wide triggers) on the way.

use crate::spec::{COMPLIANCE_COLUMNS, derived_name, index_foreign_keys};
use crate::{PgEnum, Table};
use hims_model::{
    Aggregate, Column, ColumnType, Domain, FkAction, ForeignKey, Function, Grant, Model, Origin,
    Policy, PolicyCommand, Problem, Problems, QualifiedName, Role, RowSecurity, Schema, Sequence,
    Unique, View,
};
use std::collections::BTreeSet;

/// How tenant-scoped tables are isolated (hims-domain.md §3.4).
#[derive(Debug, Clone)]
pub struct Tenancy {
    /// The tenant root table; `tenant_id` references its primary key `id`.
    pub tenants: QualifiedName,
    /// SQL giving the session's tenant, e.g. `(SELECT core.current_tenant_id())`.
    pub current_tenant: String,
    /// Name of the isolation policy on every tenant table.
    pub policy_name: String,
    /// Roles the policy applies to; empty = PUBLIC (everyone without BYPASSRLS).
    pub policy_roles: Vec<String>,
    /// A database of one hospital made multi-tenant: the tenant its existing rows belong
    /// to. See [`ExistingTenant`].
    pub existing_rows: Option<ExistingTenant>,
}

/// The one tenant of a single-hospital database that becomes multi-tenant. Its row is one
/// of the tenants table's [`rows`](hims_model::Table::rows) (so the migration that adds
/// tenancy inserts it when absent, before anything references it, and its undo deletes
/// it), and every `tenant_id` the builder adds is backfilled with its id (so existing rows
/// get it, in batches, before the column becomes NOT NULL). No SQL is written by hand, and
/// the id is fixed in the definitions: every copy of the database (production, staging, a
/// developer's) gives its rows the same tenant.
#[derive(Debug, Clone)]
pub struct ExistingTenant {
    pub id: uuid::Uuid,
    /// The row's other columns (`name` …), in PostgreSQL's text form; every NOT NULL column
    /// of the tenants table without a default must be given.
    pub values: Vec<(String, String)>,
}

impl ExistingTenant {
    /// `'…'::uuid`: what fills `tenant_id` of the existing rows.
    pub fn backfill(&self) -> String {
        format!("'{}'::uuid", self.id.hyphenated())
    }
}

type Rule = Box<dyn Fn(&mut Model) + Send + Sync>;

/// Collects schemas, enums, tables and other objects in any order; [`ModelBuilder::build`]
/// applies the rules, sorts everything (so declaration order never shows in the output)
/// and validates the result.
#[derive(Default)]
pub struct ModelBuilder {
    model: Model,
    tenancy: Option<Tenancy>,
    rules: Vec<Rule>,
    /// Schemas whose foreign keys the builder does not index (see
    /// [`ModelBuilder::foreign_key_indexes`]).
    unindexed_fks: BTreeSet<String>,
    /// Schema of the audit trail, when [`ModelBuilder::audit_trail`] asked for one.
    audit_trail: Option<String>,
    /// Declared partitions by table (see [`ModelBuilder::partitions`]).
    partitions: Vec<(QualifiedName, Vec<hims_model::Partition>)>,
}

impl std::fmt::Debug for ModelBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelBuilder")
            .field("model", &self.model)
            .field("tenancy", &self.tenancy)
            .field("rules", &self.rules.len())
            .field("unindexed_fks", &self.unindexed_fks)
            .field("audit_trail", &self.audit_trail)
            .field("partitions", &self.partitions)
            .finish()
    }
}

impl ModelBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn extension(&mut self, name: &str) -> &mut Self {
        self.model.extensions.push(name.to_string());
        self
    }

    /// A type an extension creates (`public.citext`) that columns name with `sql_type`.
    pub fn extension_type(&mut self, schema: &str, name: &str) -> &mut Self {
        self.model
            .extension_types
            .push(QualifiedName::new(schema, name));
        self
    }

    /// A schema written for this project: the naming rules apply to its objects and every
    /// foreign key gets an index (unless [`ModelBuilder::foreign_key_indexes`] says otherwise).
    pub fn schema(&mut self, name: &str, comment: &str) -> &mut Self {
        self.model.schemas.push(Schema {
            name: name.to_string(),
            comment: (!comment.is_empty()).then(|| comment.to_string()),
            naming_rules: true,
            origin: Origin::default(),
        });
        self
    }

    /// A schema imported from an existing database (`cargo xtask import`): its names are
    /// kept exactly as the database has them (no naming rules; SQL quotes them) and its
    /// foreign keys are not indexed by the builder, so that a baseline reproduces the
    /// source. Either can be changed afterwards ([`ModelBuilder::foreign_key_indexes`]).
    pub fn imported_schema(&mut self, name: &str, comment: &str) -> &mut Self {
        self.model.schemas.push(Schema {
            name: name.to_string(),
            comment: (!comment.is_empty()).then(|| comment.to_string()),
            naming_rules: false,
            origin: Origin::default(),
        });
        self.foreign_key_indexes(name, false)
    }

    /// Whether the builder gives each foreign key of `schema`'s tables that no key or
    /// plain btree index starts with an index of its own (`<table>_<columns>_idx`). On by
    /// default; off for [`ModelBuilder::imported_schema`].
    pub fn foreign_key_indexes(&mut self, schema: &str, on: bool) -> &mut Self {
        if on {
            self.unindexed_fks.remove(schema);
        } else {
            self.unindexed_fks.insert(schema.to_string());
        }
        self
    }

    pub fn enum_type<E: PgEnum>(&mut self) -> &mut Self {
        self.model.enums.push(E::enum_type());
        self
    }

    pub fn table<T: Table>(&mut self) -> &mut Self {
        self.model.tables.push(T::table());
        self
    }

    /// A table built by hand rather than derived (used by tests and by import).
    pub fn raw_table(&mut self, table: hims_model::Table) -> &mut Self {
        self.model.tables.push(table);
        self
    }

    pub fn role(&mut self, role: Role) -> &mut Self {
        self.model.roles.push(role);
        self
    }

    pub fn function(&mut self, function: Function) -> &mut Self {
        self.model.functions.push(function);
        self
    }

    /// An aggregate (`CREATE AGGREGATE`) over the model's or built-in functions.
    pub fn aggregate(&mut self, aggregate: Aggregate) -> &mut Self {
        self.model.aggregates.push(aggregate);
        self
    }

    /// A domain (`CREATE DOMAIN`), which columns name with `sql_type = "schema.name"`.
    pub fn domain(&mut self, domain: Domain) -> &mut Self {
        self.model.domains.push(domain);
        self
    }

    /// A composite type (`CREATE TYPE … AS (…)`), which columns name with
    /// `sql_type = "schema.name"` (or `"schema.name[]"`).
    pub fn composite(&mut self, composite: hims_model::CompositeType) -> &mut Self {
        self.model.composites.push(composite);
        self
    }

    /// The declared partitions of the partitioned table `dotted` (`schema.table`), exactly:
    /// without them the table has the implicit DEFAULT partition `<table>_default` alone.
    /// Build time, so the table may be registered before or after.
    pub fn partitions(
        &mut self,
        dotted: &str,
        partitions: impl IntoIterator<Item = hims_model::Partition>,
    ) -> &mut Self {
        let q = crate::objects::qn(dotted);
        self.partitions.push((q, partitions.into_iter().collect()));
        self
    }

    /// A sequence (standalone, or `owned_by` a column: what `serial` creates).
    pub fn sequence(&mut self, sequence: Sequence) -> &mut Self {
        self.model.sequences.push(sequence);
        self
    }

    pub fn view(&mut self, view: View) -> &mut Self {
        self.model.views.push(view);
        self
    }

    pub fn grant(&mut self, grant: Grant) -> &mut Self {
        self.model.grants.push(grant);
        self
    }

    /// Isolate `#[table(tenant_scoped)]` tables as `tenancy` says.
    pub fn tenancy(&mut self, tenancy: Tenancy) -> &mut Self {
        self.tenancy = Some(tenancy);
        self
    }

    /// Every `#[table(compliance)]` table gets the row-meta trigger (created/updated at and
    /// by, version) and the audit trigger (each change appended to `<schema>.audit_log`),
    /// and the model gets what they need, in `schema`, unless it has them: the schema, the
    /// journal, the trigger functions ([`crate::audit`]). For definitions with no triggers of
    /// their own (an imported database); applied after tenancy, before the rules.
    pub fn audit_trail(&mut self, schema: &str) -> &mut Self {
        self.audit_trail = Some(schema.to_string());
        self
    }

    /// A rule applied to the whole model at build time, after tenancy (e.g. "every
    /// clinical table gets the audit trigger"). Rules run in the order they were added.
    pub fn rule(&mut self, rule: impl Fn(&mut Model) + Send + Sync + 'static) -> &mut Self {
        self.rules.push(Box::new(rule));
        self
    }

    /// The canonical, validated model, or every problem found.
    pub fn build(&self) -> Result<Model, Problems> {
        let clashes = convention_clashes(&self.model, self.tenancy.is_some());
        let mut model = self.model.clone();
        let mut clashes = clashes;
        for (q, partitions) in &self.partitions {
            match model.tables.iter_mut().find(|t| t.qualified_name() == *q) {
                Some(t) => t.partitions = Some(partitions.clone()),
                None => clashes.push(Problem {
                    path: q.to_string(),
                    rust: None,
                    message: "partitions declared for a table the builder does not have".into(),
                }),
            }
        }
        if let Some(t) = &self.tenancy {
            apply_tenancy(&mut model, t);
            clashes.extend(tenant_keys_clearing_the_tenant(&model));
        }
        if let Some(schema) = &self.audit_trail {
            let tenant = self.tenancy.as_ref().map(|t| t.current_tenant.as_str());
            crate::audit::apply_audit_trail(&mut model, schema, tenant);
        }
        for rule in &self.rules {
            rule(&mut model);
        }
        for t in &mut model.tables {
            if !self.unindexed_fks.contains(&t.schema) {
                index_foreign_keys(t);
            }
        }
        model.canonicalize();
        let mut problems = match model.validate() {
            Ok(()) => Vec::new(),
            Err(Problems(p)) => p,
        };
        problems.extend(clashes);
        if problems.is_empty() {
            return Ok(model);
        }
        problems.sort();
        Err(Problems(problems))
    }
}

/// Declared columns (from a Rust field) whose name a convention also adds: the declared
/// column would take the convention's place silently (a `version varchar` would receive the
/// row-meta trigger's integer row version). Each is named by table, Rust item and field.
fn convention_clashes(model: &Model, tenancy: bool) -> Vec<Problem> {
    let mut out = Vec::new();
    for t in &model.tables {
        for c in &t.columns {
            let Some(field) = &c.rust_field else {
                continue;
            };
            let convention = if t.compliance && COMPLIANCE_COLUMNS.contains(&c.name.as_str()) {
                "compliance"
            } else if tenancy && t.tenant_scoped && c.name == hims_model::TENANT_COLUMN {
                "tenant_scoped"
            } else {
                continue;
            };
            let item = t.origin.item.as_deref().unwrap_or("?");
            let short = item.rsplit("::").next().unwrap_or(item);
            out.push(Problem {
                path: format!("{}.{}.{}", t.schema, t.name, c.name),
                rust: Some(format!("{short}.{field}")),
                message: format!(
                    "column `{}` is also added by `#[table({convention})]` (declared in `{item}`, field `{field}`); rename the field, e.g. `#[column(renamed_from = \"{}\")] {}_{}`, or drop the convention",
                    c.name, c.name, t.name.trim_end_matches('s'), c.name
                ),
            });
        }
    }
    out
}

/// Tenant-safe composite foreign keys whose action would set `tenant_id` to NULL or its
/// default with the other columns (`ON DELETE SET NULL` of an imported key): the delete of
/// the referenced row would then fail on `tenant_id`'s NOT NULL, or move the row to another
/// tenant. Each is named, with what to do.
fn tenant_keys_clearing_the_tenant(model: &Model) -> Vec<Problem> {
    let col = hims_model::TENANT_COLUMN;
    let clears = |a: FkAction| matches!(a, FkAction::SetNull | FkAction::SetDefault);
    let mut out = Vec::new();
    for t in model.tables.iter().filter(|t| t.tenant_scoped) {
        for fk in &t.foreign_keys {
            if fk.columns.len() < 2 || fk.columns[0] != col {
                continue;
            }
            for (when, action) in [("DELETE", fk.on_delete), ("UPDATE", fk.on_update)] {
                if clears(action) {
                    out.push(Problem {
                        path: format!("{}.{}.{}", t.schema, t.name, fk.name),
                        rust: t.origin.item.clone(),
                        message: format!(
                            "tenant-safe foreign key ({}) has ON {when} SET {}, which would also set `{col}`; use `on_{} = \"restrict\"`, \"no action\" or \"cascade\"",
                            fk.columns.join(", "),
                            if action == FkAction::SetNull { "NULL" } else { "DEFAULT" },
                            when.to_lowercase()
                        ),
                    });
                }
            }
        }
    }
    out
}

/// Give every tenant-scoped table its `tenant_id` (NOT NULL, → tenants), a `(tenant_id, id)`
/// key for children to reference, composite foreign keys to other tenant tables (so a row
/// can never point at another tenant's row, even for a BYPASSRLS role), and forced RLS with
/// the isolation policy.
pub fn apply_tenancy(model: &mut Model, cfg: &Tenancy) {
    let col = hims_model::TENANT_COLUMN;
    add_tenants_table(model, cfg);
    let scoped: BTreeSet<QualifiedName> = model
        .tables
        .iter()
        .filter(|t| t.tenant_scoped)
        .map(|t| t.qualified_name())
        .collect();
    let pk_of = |q: &QualifiedName, model: &Model| {
        model
            .table(q)
            .and_then(|t| t.primary_key.as_ref())
            .map(|pk| pk.columns.clone())
    };
    let targets: Vec<(QualifiedName, Option<Vec<String>>)> = scoped
        .iter()
        .map(|q| (q.clone(), pk_of(q, model)))
        .collect();
    for t in model.tables.iter_mut().filter(|t| t.tenant_scoped) {
        if t.column(col).is_none() {
            let at = t
                .primary_key
                .as_ref()
                .and_then(|pk| {
                    pk.columns
                        .iter()
                        .filter_map(|c| t.columns.iter().position(|x| &x.name == c))
                        .max()
                })
                .map_or(0, |p| p + 1);
            let mut c = Column::new(col, ColumnType::Uuid, false);
            c.comment = Some("Owning tenant; row-level security isolates tenants on it.".into());
            c.backfill = cfg.existing_rows.as_ref().map(ExistingTenant::backfill);
            t.columns.insert(at, c);
        }
        if !t.foreign_keys.iter().any(|fk| fk.columns == [col]) && t.qualified_name() != cfg.tenants
        {
            t.foreign_keys.push(ForeignKey {
                name: derived_name(&t.name, &[col], "fkey"),
                columns: vec![col.to_string()],
                ref_table: cfg.tenants.clone(),
                ref_columns: vec!["id".to_string()],
                on_delete: FkAction::Restrict,
                on_update: FkAction::NoAction,
                deferral: Default::default(),
            });
        }
        if let Some(pk) = &t.primary_key
            && !pk.columns.iter().any(|c| c == col)
        {
            let mut key = vec![col.to_string()];
            key.extend(pk.columns.iter().cloned());
            if !t.has_unique_key(&key) {
                let parts: Vec<&str> = key.iter().map(String::as_str).collect();
                t.uniques.push(Unique {
                    name: derived_name(&t.name, &parts, "key"),
                    columns: key,
                    nulls_not_distinct: false,
                    deferral: Default::default(),
                });
            }
        }
        for fk in &mut t.foreign_keys {
            let Some((_, Some(target_pk))) = targets.iter().find(|(q, _)| *q == fk.ref_table)
            else {
                continue;
            };
            if fk.columns.len() == 1 && fk.columns[0] != col && fk.ref_columns == *target_pk {
                fk.columns.insert(0, col.to_string());
                fk.ref_columns.insert(0, col.to_string());
            }
        }
        t.row_security = Some(RowSecurity { force: true });
        if !t.policies.iter().any(|p| p.name == cfg.policy_name) {
            let check = format!("{col} = {}", cfg.current_tenant);
            t.policies.push(Policy {
                name: cfg.policy_name.clone(),
                permissive: true,
                command: PolicyCommand::All,
                roles: cfg.policy_roles.clone(),
                using: Some(check.clone()),
                with_check: Some(check),
            });
        }
    }
}

/// What tenancy needs when the definitions lack it (an imported database): the tenants
/// table (`id uuid` primary key, `name`) and its schema; and the row of the tenant existing
/// rows belong to ([`Tenancy::existing_rows`]).
fn add_tenants_table(model: &mut Model, cfg: &Tenancy) {
    let q = &cfg.tenants;
    if model.schema(&q.schema).is_none() {
        model.schemas.push(Schema {
            name: q.schema.clone(),
            comment: Some("Tenancy: the tenants every tenant-scoped row belongs to".into()),
            naming_rules: true,
            origin: Origin::default(),
        });
    }
    if model.table(q).is_none() {
        let mut t = hims_model::Table::new(&q.schema, &q.name);
        let mut id = Column::new("id", ColumnType::Uuid, false);
        id.default = Some(hims_model::DefaultValue::Sql("gen_random_uuid()".into()));
        let mut name = Column::new("name", ColumnType::Text, false);
        name.comment = Some("The tenant's name (a hospital or hospital group).".into());
        t.columns = vec![id, name];
        t.primary_key = Some(hims_model::PrimaryKey {
            name: derived_name(&q.name, &[], "pkey"),
            columns: vec!["id".into()],
            deferral: Default::default(),
        });
        t.comment = Some(
            "Tenants: every tenant-scoped row belongs to one; row-level security isolates them."
                .into(),
        );
        model.tables.push(t);
    }
    if let Some(existing) = &cfg.existing_rows {
        let t = model
            .tables
            .iter_mut()
            .find(|t| t.qualified_name() == *q)
            .expect("added above");
        let mut row = hims_model::Row::new();
        row.insert("id".into(), existing.id.hyphenated().to_string());
        for (c, v) in &existing.values {
            row.insert(c.clone(), v.clone());
        }
        t.rows.push(row);
    }
}
