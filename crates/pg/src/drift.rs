//! Drift: how a live database differs from the definitions, as the changes that would bring
//! it to them. Both sides are read through the same server (introspection, and the model's
//! expressions normalised by it), so only real differences remain.

use crate::{Error, introspect, normalize};
use hims_diff::Change;
use hims_model::Model;
use postgres::Client;
use std::collections::BTreeMap;

/// The differences, grouped by the object they concern.
#[derive(Debug, Clone)]
pub struct Drift {
    /// Live database as read, canonical, columns sorted by name.
    pub live: Model,
    /// The definitions as the server spells them, columns sorted by name.
    pub expected: Model,
    /// What would bring the database to the definitions, in order.
    pub changes: Vec<Change>,
    /// Tables with the same columns in another order (only [`compare`] looks: drift ignores
    /// column order, which a delta cannot change).
    pub column_order: Vec<hims_model::QualifiedName>,
    /// Composite types with the same attributes in another order (only [`compare`] looks,
    /// as for tables: a delta appends attributes).
    pub attribute_order: Vec<hims_model::QualifiedName>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.column_order.is_empty() && self.attribute_order.is_empty()
    }

    /// `object → change descriptions`, for printing.
    pub fn grouped(&self) -> BTreeMap<String, Vec<String>> {
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for c in &self.changes {
            groups.entry(object_of(c)).or_default().push(c.describe());
        }
        for t in &self.column_order {
            groups
                .entry(format!("table {t}"))
                .or_default()
                .push("columns in another order".to_string());
        }
        for t in &self.attribute_order {
            groups
                .entry(format!("composite type {t}"))
                .or_default()
                .push("attributes in another order".to_string());
        }
        groups
    }
}

/// The object a change is about, for grouping.
fn object_of(c: &Change) -> String {
    use Change as C;
    match c {
        C::CreateExtension(e) | C::DropExtension(e) => format!("extension {e}"),
        C::CreateRole(r) => format!("role {}", r.name),
        C::SetRoleSetting { role, .. } => format!("role {role}"),
        C::CreateSchema(s) | C::DropSchema(s) => format!("schema {}", s.name),
        C::CreateEnum(e) | C::DropEnum(e) => format!("type {}", e.qualified_name()),
        C::AddEnumValue { name, .. } | C::RenameEnumValue { name, .. } => format!("type {name}"),
        C::RebuildEnum { from, .. } => format!("type {}", from.qualified_name()),
        C::CreateTable(t) | C::DropTable(t) => format!("table {}", t.qualified_name()),
        C::CreatePartition { table, .. } | C::DropPartition { table, .. } => {
            format!("table {table}")
        }
        C::RebuildTable { to, .. } => format!("table {}", to.qualified_name()),
        C::RenameTable { from, .. } => format!("table {from}"),
        C::SetForeignKeyDeferral { table, .. } => format!("table {table}"),
        C::CreateDomain(d) | C::DropDomain(d) => format!("domain {}", d.qualified_name()),
        C::RetypeDomain { to, .. } => format!("domain {}", to.qualified_name()),
        C::SetDomainDefault { domain, .. }
        | C::SetDomainNotNull { domain, .. }
        | C::AddDomainCheck { domain, .. }
        | C::DropDomainCheck { domain, .. }
        | C::ValidateDomainCheck { domain, .. } => format!("domain {domain}"),
        C::CreateComposite(t) | C::DropComposite(t) => {
            format!("composite type {}", t.qualified_name())
        }
        C::AddCompositeAttribute { composite, .. }
        | C::DropCompositeAttribute { composite, .. }
        | C::AlterCompositeAttribute { composite, .. } => format!("composite type {composite}"),
        C::CreateSequence(q) | C::DropSequence(q) => format!("sequence {}", q.qualified_name()),
        C::AlterSequence { to, .. } => format!("sequence {}", to.qualified_name()),
        C::SetSequenceOwner { sequence, .. } => format!("sequence {sequence}"),
        C::SetIdentityOptions { table, .. } => format!("table {table}"),
        C::AddColumn { table, .. }
        | C::DropColumn { table, .. }
        | C::RenameColumn { table, .. }
        | C::AlterColumnType { table, .. }
        | C::RecomputeColumn { table, .. }
        | C::DropExpression { table, .. }
        | C::AddIdentity { table, .. }
        | C::DropIdentity { table, .. }
        | C::SetIdentity { table, .. }
        | C::FillNulls { table, .. }
        | C::SetNotNull { table, .. }
        | C::InsertRow { table, .. }
        | C::DeleteRow { table, .. }
        | C::DropNotNull { table, .. }
        | C::SetDefault { table, .. }
        | C::AddPrimaryKey { table, .. }
        | C::DropPrimaryKey { table, .. }
        | C::AddUnique { table, .. }
        | C::DropUnique { table, .. }
        | C::AddCheck { table, .. }
        | C::DropCheck { table, .. }
        | C::AddForeignKey { table, .. }
        | C::DropForeignKey { table, .. }
        | C::ValidateConstraint { table, .. }
        | C::AddExclusion { table, .. }
        | C::DropExclusion { table, .. }
        | C::RenameConstraint { table, .. }
        | C::CreateIndex { table, .. }
        | C::DropIndex { table, .. }
        | C::SetRowSecurity { table, .. }
        | C::CreatePolicy { table, .. }
        | C::DropPolicy { table, .. }
        | C::AlterPolicy { table, .. }
        | C::CreateTrigger { table, .. }
        | C::DropTrigger { table, .. } => format!("table {table}"),
        C::RenameIndex { schema, from, .. } => format!("index {schema}.{from}"),
        C::CreateFunction(f) | C::DropFunction(f) | C::ReplaceFunction { to: f, .. } => {
            format!("{} {}", f.kind_sql().to_lowercase(), f.qualified_name())
        }
        C::CreateAggregate(a) | C::DropAggregate(a) => format!("aggregate {}", a.signature()),
        C::CreateView(v) | C::DropView(v) => format!("view {}", v.qualified_name()),
        C::Grant(g) | C::Revoke(g) => format!("privileges of {}", g.grantee),
        C::SetComment { target, .. } => format!("comment on {target}"),
    }
}

fn sorted_columns(mut m: Model) -> Model {
    fn sort(parts: &mut [hims_model::Partition]) {
        parts.sort_by(|a, b| a.name.cmp(&b.name));
        for p in parts {
            sort(&mut p.partitions);
        }
    }
    for t in &mut m.tables {
        t.columns.sort_by(|a, b| a.name.cmp(&b.name));
        if let Some(parts) = &mut t.partitions {
            sort(parts);
        }
    }
    for c in &mut m.composites {
        c.attributes.sort_by(|a, b| a.name.cmp(&b.name));
    }
    m
}

/// Partitions the definitions leave to run time (`partitions` `None`: the implicit DEFAULT
/// one, and whatever a scheduler adds beside it) are not drift while the DEFAULT one exists.
fn runtime_partitions(live: &mut Model, expected: &Model) {
    for t in &mut live.tables {
        let implicit = expected
            .table(&t.qualified_name())
            .is_some_and(|e| e.partition_by.is_some() && e.partitions.is_none());
        let has_default = t.partitions.as_ref().is_some_and(|ps| {
            ps.iter()
                .any(|p| p.name == t.default_partition_name() && p.is_default())
        });
        if implicit && has_default {
            t.partitions = None;
        }
    }
}

/// Compare the connected database with `model` over the model's schemas.
pub fn drift(client: &mut Client, model: &Model) -> Result<Drift, Error> {
    let schemas: Vec<&str> = model.schemas.iter().map(|s| s.name.as_str()).collect();
    let live = sorted_columns(introspect(client, &schemas)?);
    let expected = sorted_columns(normalize(client, model)?);
    finish(client, model, live, expected)
}

/// [`drift`] with introspection and normalization side by side, each on a connection of
/// its own to `url` (two server processes: about half the wall time on two cores).
/// Normalization's temporary tables live in its own session and transaction, which is
/// rolled back, so introspection never sees them.
pub fn drift_at(url: &str, model: &Model) -> Result<Drift, Error> {
    let schemas: Vec<&str> = model.schemas.iter().map(|s| s.name.as_str()).collect();
    let mut client = connect(url)?;
    let (live, expected) = std::thread::scope(|scope| {
        let normalized = scope.spawn(|| normalize(&mut connect(url)?, model));
        let live = introspect(&mut client, &schemas);
        let expected = normalized
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (live, expected)
    });
    finish(
        &mut client,
        model,
        sorted_columns(live?),
        sorted_columns(expected?),
    )
}

/// The changes from `live` to `expected`, and the settings of `model`'s roles.
fn finish(
    client: &mut Client,
    model: &Model,
    mut live: Model,
    expected: Model,
) -> Result<Drift, Error> {
    runtime_partitions(&mut live, &expected);
    let mut changes = hims_diff::diff(&live, &expected);
    // Roles are cluster-wide and not introspected as objects; their settings are compared
    // for the model's roles that exist.
    let names: Vec<&str> = model.roles.iter().map(|r| r.name.as_str()).collect();
    let live_settings = crate::introspect::role_settings(client, &names)?;
    for r in &model.roles {
        let Some(live) = live_settings.get(&r.name) else {
            continue;
        };
        let keys: std::collections::BTreeSet<&String> =
            live.keys().chain(r.settings.keys()).collect();
        for name in keys {
            let (from, to) = (live.get(name), r.settings.get(name));
            if from != to {
                changes.push(Change::SetRoleSetting {
                    role: r.name.clone(),
                    name: name.clone(),
                    from: from.cloned(),
                    to: to.cloned(),
                });
            }
        }
    }
    Ok(Drift {
        live,
        expected,
        changes,
        column_order: Vec::new(),
        attribute_order: Vec::new(),
    })
}

/// Compare two live databases over `schemas`: `copy` (e.g. rebuilt from a generated script)
/// against `source`. The changes are what would bring `copy` to `source`; none means both
/// catalogs hold the same objects, as far as the model reads them (what it cannot read is
/// reported by [`crate::unsupported`]).
pub fn compare(source: &mut Client, copy: &mut Client, schemas: &[&str]) -> Result<Drift, Error> {
    let expected = introspect(source, schemas)?;
    let live = introspect(copy, schemas)?;
    let names =
        |t: &hims_model::Table| t.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    let column_order = expected
        .tables
        .iter()
        .filter_map(|e| {
            let l = live.table(&e.qualified_name())?;
            let (mut a, mut b) = (names(e), names(l));
            let differ = a != b;
            a.sort();
            b.sort();
            (differ && a == b).then(|| e.qualified_name())
        })
        .collect();
    let attribute_names = |c: &hims_model::CompositeType| {
        c.attributes
            .iter()
            .map(|a| a.name.clone())
            .collect::<Vec<_>>()
    };
    let attribute_order = expected
        .composites
        .iter()
        .filter_map(|e| {
            let l = live.composite(&e.schema, &e.name)?;
            let (mut a, mut b) = (attribute_names(e), attribute_names(l));
            let differ = a != b;
            a.sort();
            b.sort();
            (differ && a == b).then(|| e.qualified_name())
        })
        .collect();
    let (expected, live) = (sorted_columns(expected), sorted_columns(live));
    let changes = hims_diff::diff(&live, &expected);
    Ok(Drift {
        live,
        expected,
        changes,
        column_order,
        attribute_order,
    })
}

/// Connect to `url` as libpq would, through the runner's connection code
/// ([`hims_connect`]): a `postgresql://` or JDBC URL or a libpq `key=value` string, the
/// `PG*` variables, `sslmode` (TLS through OpenSSL), `~/.pgpass`. The error names the
/// connection without its password.
pub fn connect(url: &str) -> Result<Client, Error> {
    let fail = |message: String| Error::Database {
        context: "connect".into(),
        message,
    };
    hims_connect::ConnInfo::parse(url)
        .map_err(fail)?
        .connect()
        .map_err(fail)
}

/// Newest version the Flyway history says is applied (and not undone since).
pub fn applied_version(client: &mut Client) -> Option<u32> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('public.flyway_schema_history') IS NOT NULL",
            &[],
        )
        .ok()?
        .get(0);
    if !exists {
        return None;
    }
    let rows = client
        .query(
            "SELECT version, type FROM public.flyway_schema_history
              WHERE success AND version IS NOT NULL ORDER BY installed_rank",
            &[],
        )
        .ok()?;
    let mut applied: Vec<u32> = Vec::new();
    for r in rows {
        let (version, kind): (String, String) = (r.get(0), r.get(1));
        let Ok(v) = version.parse::<u32>() else {
            continue;
        };
        if kind.starts_with("UNDO") {
            applied.retain(|x| *x != v);
        } else {
            applied.push(v);
        }
    }
    applied.into_iter().max()
}
