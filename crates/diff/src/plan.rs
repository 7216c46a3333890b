//! The diff itself: match objects by name (and rename hints), then emit changes into
//! ordered buckets so that every statement finds what it needs.

use crate::changes::{Change, CommentTarget, EnumPosition, Fill};
use hims_model::{
    Aggregate, Column, ColumnType, DefaultValue, ForeignKey, Function, Grant, GrantObject, Model,
    Partition, Policy, QualifiedName, SequenceOwner, Table, View,
};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

#[derive(Default)]
struct Buckets {
    setup: Vec<Change>,
    enums: Vec<Change>,
    /// Domains created and altered, after the enum types they may be over and before
    /// anything that uses them.
    domains: Vec<Change>,
    drop_views: Vec<Change>,
    /// Before the keys they reference are dropped.
    drop_foreign_keys: Vec<Change>,
    drop_dependents: Vec<Change>,
    /// Enum types replaced, once what reads their columns (policies, views) is dropped and
    /// before anything uses a new value.
    rebuild_enums: Vec<Change>,
    /// Composite types created and altered: after the enum types and domains their
    /// attributes may be of, before the functions and tables that use them.
    composites: Vec<Change>,
    early_functions: Vec<Change>,
    /// Dropped tables whose name a hinted rename takes: gone before the renames.
    early_drops: Vec<Change>,
    rename_tables: Vec<Change>,
    /// Constraints and indexes renamed before new tables take the names they free.
    rename_keys: Vec<Change>,
    tables: Vec<Change>,
    columns: Vec<Change>,
    /// Rows of `Table::rows`: once their table and columns exist, before constraints that
    /// may reference them are validated and before the (online) fills that may use them.
    rows: Vec<Change>,
    constraints: Vec<Change>,
    new_foreign_keys: Vec<Change>,
    validations: Vec<Change>,
    indexes: Vec<Change>,
    security: Vec<Change>,
    late_functions: Vec<Change>,
    triggers: Vec<Change>,
    drops: Vec<Change>,
    views: Vec<Change>,
    grants: Vec<Change>,
    comments: Vec<Change>,
}

impl Buckets {
    fn into_plan(self) -> Vec<Change> {
        [
            self.setup,
            self.enums,
            self.domains,
            self.drop_views,
            self.drop_foreign_keys,
            self.drop_dependents,
            self.rebuild_enums,
            self.composites,
            self.early_functions,
            self.early_drops,
            self.rename_tables,
            self.rename_keys,
            self.tables,
            self.columns,
            self.rows,
            self.constraints,
            self.new_foreign_keys,
            self.validations,
            self.indexes,
            self.security,
            self.late_functions,
            self.triggers,
            self.drops,
            self.views,
            self.grants,
            self.comments,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// The changes that turn `old` into `new`, in an order PostgreSQL accepts. Both models are
/// expected to be canonical and valid; rename hints are read from `new`.
pub fn diff(old: &Model, new: &Model) -> Vec<Change> {
    let mut b = Buckets::default();

    for e in &new.extensions {
        if !old.extensions.contains(e) {
            b.setup.push(Change::CreateExtension(e.clone()));
        }
    }
    for r in &new.roles {
        let Some(o) = old.roles.iter().find(|o| o.name == r.name) else {
            b.setup.push(Change::CreateRole(r.clone()));
            continue;
        };
        let names: std::collections::BTreeSet<&String> =
            o.settings.keys().chain(r.settings.keys()).collect();
        for name in names {
            let (from, to) = (o.settings.get(name), r.settings.get(name));
            if from != to {
                b.setup.push(Change::SetRoleSetting {
                    role: r.name.clone(),
                    name: name.clone(),
                    from: from.cloned(),
                    to: to.cloned(),
                });
            }
        }
    }
    for s in &new.schemas {
        match old.schema(&s.name) {
            None => b.setup.push(Change::CreateSchema(s.clone())),
            Some(o) if o.comment != s.comment => b.comments.push(Change::SetComment {
                target: CommentTarget::Schema(s.name.clone()),
                from: o.comment.clone(),
                to: s.comment.clone(),
            }),
            _ => {}
        }
    }

    // Tables are diffed against the old model as the enum phase leaves it (renamed values
    // in defaults, defaults a rebuild cannot keep gone), so that every table statement and
    // its undo only names enum values that exist when it runs.
    let (after_enums, rebuilt) = diff_enums(old, new, &mut b);
    let old_tables_model: &Model = &after_enums;

    // Tables: match by name, else by rename hint. A map, not `old.table()`: a linear scan
    // per table is quadratic, which thousands of tables feel.
    let mut old_tables: HashMap<(&str, &str), &Table> =
        HashMap::with_capacity(old_tables_model.tables.len());
    for t in &old_tables_model.tables {
        old_tables.entry((&t.schema, &t.name)).or_insert(t);
    }
    // Rename hints first (swaps and cycles included), then names.
    let mut hints_by_schema: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for t in &new.tables {
        if let Some(from) = &t.renamed_from {
            hints_by_schema
                .entry(t.schema.as_str())
                .or_default()
                .push((from.clone(), t.name.clone()));
        }
    }
    // (schema, old name) → new name.
    let mut hinted: HashMap<(&str, String), String> = HashMap::new();
    for (schema, hints) in hints_by_schema {
        let active = active_renames(
            hints,
            |name| old_tables.contains_key(&(schema, name)),
            |name| {
                new.tables
                    .iter()
                    .any(|t| t.schema == schema && t.name == name)
            },
        );
        let taken = |name: &str| {
            old_tables.contains_key(&(schema, name))
                || new
                    .tables
                    .iter()
                    .any(|t| t.schema == schema && t.name == name)
        };
        for (from, to) in schedule_renames(&active, taken) {
            b.rename_tables.push(Change::RenameTable {
                from: QualifiedName::new(schema, &from),
                to,
            });
        }
        for (from, to) in active {
            hinted.insert((schema, from), to);
        }
    }
    let renamed_to: HashMap<(&str, &str), &Table> = hinted
        .iter()
        .filter_map(|((schema, from), to)| {
            let old = *old_tables.get(&(*schema, from.as_str()))?;
            Some(((*schema, to.as_str()), old))
        })
        .collect();
    let mut matched: Vec<(&Table, &Table)> = Vec::new();
    let mut created: Vec<&Table> = Vec::new();
    for t in &new.tables {
        let key = (t.schema.as_str(), t.name.as_str());
        let by_hint = renamed_to.get(&key).copied();
        let by_name = old_tables
            .get(&key)
            .copied()
            .filter(|_| !hinted.contains_key(&(t.schema.as_str(), t.name.clone())));
        match by_hint.or(by_name) {
            Some(o) => matched.push((o, t)),
            None => created.push(t),
        }
    }
    let kept_old: HashSet<(&str, &str)> = matched
        .iter()
        .map(|(o, _)| (o.schema.as_str(), o.name.as_str()))
        .collect();
    let dropped: Vec<&Table> = old_tables_model
        .tables
        .iter()
        .filter(|t| !kept_old.contains(&(t.schema.as_str(), t.name.as_str())))
        .collect();

    // Where each old table went (its new name and column renames): an old foreign key is
    // compared by what it references now, as PostgreSQL follows renames.
    let followed: HashMap<QualifiedName, (QualifiedName, BTreeMap<String, String>)> = matched
        .iter()
        .map(|(o, n)| {
            (
                o.qualified_name(),
                (n.qualified_name(), column_renames(o, n)),
            )
        })
        .collect();

    // Tables whose columns change shape: views reading them are dropped and recreated.
    let mut reshaped: BTreeSet<QualifiedName> =
        dropped.iter().map(|t| t.qualified_name()).collect();

    for (o, n) in &matched {
        if o.partition_by != n.partition_by || partition_key_recollated(o, n) {
            // PostgreSQL cannot (un)partition a table in place: re-create it and copy the
            // rows, after the functions its triggers call exist (the triggers bucket).
            let renames = column_renames(o, n);
            let columns = n
                .columns
                .iter()
                .filter(|c| c.generated.is_none())
                .filter_map(|c| {
                    let from = renames
                        .iter()
                        .find(|(_, to)| **to == c.name)
                        .map(|(from, _)| from.clone())
                        .or_else(|| {
                            (o.column(&c.name).is_some()
                                && !renames.iter().any(|(from, _)| *from == c.name))
                            .then(|| c.name.clone())
                        })?;
                    o.column(&from)
                        .filter(|oc| oc.generated.is_none())
                        .map(|_| (from, c.name.clone()))
                })
                .collect();
            reshaped.insert(n.qualified_name());
            b.triggers.push(Change::RebuildTable {
                from: Box::new((*o).clone()),
                to: Box::new((*n).clone()),
                columns,
            });
            continue;
        }
        diff_table(o, n, &mut b, &mut reshaped, &rebuilt, &followed);
        diff_partitions(o, n, &mut b.columns);
    }

    for t in order_by_foreign_keys(&created) {
        let mut bare = (*t).clone();
        let fks = std::mem::take(&mut bare.foreign_keys);
        let rls = bare.row_security.take();
        let policies = std::mem::take(&mut bare.policies);
        let triggers = std::mem::take(&mut bare.triggers);
        let rows = std::mem::take(&mut bare.rows);
        let name = t.qualified_name();
        b.tables.push(Change::CreateTable(bare));
        diff_rows(t, &[], &rows, &mut b);
        for fk in fks {
            b.new_foreign_keys.push(Change::AddForeignKey {
                table: name.clone(),
                foreign_key: fk,
                not_valid: false,
            });
        }
        if rls.is_some() {
            b.security.push(Change::SetRowSecurity {
                table: name.clone(),
                from: None,
                to: rls,
            });
        }
        for p in policies {
            b.security.push(Change::CreatePolicy {
                table: name.clone(),
                policy: p,
            });
        }
        for tr in triggers {
            b.triggers.push(Change::CreateTrigger {
                table: name.clone(),
                trigger: tr,
            });
        }
    }

    // Names in the relation namespace of each schema of the new model: tables, views,
    // sequences, and the indexes (those of keys included).
    let mut new_relations: HashSet<(&str, &str)> = HashSet::new();
    for t in &new.tables {
        new_relations.insert((&t.schema, &t.name));
        let names = t
            .primary_key
            .iter()
            .map(|k| k.name.as_str())
            .chain(t.uniques.iter().map(|u| u.name.as_str()))
            .chain(t.exclusions.iter().map(|x| x.name.as_str()))
            .chain(t.indexes.iter().map(|i| i.name.as_str()));
        for n in names {
            new_relations.insert((&t.schema, n));
        }
    }
    for v in &new.views {
        new_relations.insert((&v.schema, &v.name));
        for i in v.materialized.iter().flat_map(|m| &m.indexes) {
            new_relations.insert((&v.schema, &i.name));
        }
    }
    for q in &new.sequences {
        new_relations.insert((&q.schema, &q.name));
    }

    // Dropped tables: their foreign keys to other tables go first (with the other keys
    // that go: the keys they reference may go, or be renamed, before the table is dropped
    // at the end; the undo adds them back once those are restored), then the tables in
    // reverse order.
    for t in order_by_foreign_keys(&dropped).into_iter().rev() {
        for fk in &t.foreign_keys {
            if fk.ref_table != t.qualified_name() {
                b.drop_foreign_keys.push(Change::DropForeignKey {
                    table: t.qualified_name(),
                    foreign_key: fk.clone(),
                });
            }
        }
        let mut without = t.clone();
        without
            .foreign_keys
            .retain(|fk| fk.ref_table == t.qualified_name());
        // Policies reading a column of a rebuilt enum go before the rebuild (PostgreSQL
        // refuses to change the column's type under them); their undo comes after the
        // rebuild's.
        let rebuilt_columns: Vec<&str> = t
            .columns
            .iter()
            .filter(|c| of_rebuilt_enum(c, &rebuilt))
            .map(|c| c.name.as_str())
            .collect();
        without.policies.retain(|p| {
            let reads = [&p.using, &p.with_check]
                .into_iter()
                .flatten()
                .any(|e| rebuilt_columns.iter().any(|c| mentions_column(e, c)));
            if reads {
                b.drop_dependents.push(Change::DropPolicy {
                    table: t.qualified_name(),
                    policy: p.clone(),
                });
            }
            !reads
        });
        // A hinted rename takes this table's name, or a relation of the new model takes the
        // name of one of its indexes (a key renamed onto it, a new index): it goes before
        // the renames (nothing after them reads it), else at the end.
        let index_names = t
            .primary_key
            .iter()
            .map(|k| k.name.as_str())
            .chain(t.uniques.iter().map(|u| u.name.as_str()))
            .chain(t.exclusions.iter().map(|x| x.name.as_str()))
            .chain(t.indexes.iter().map(|i| i.name.as_str()));
        let frees_a_name = index_names
            .into_iter()
            .any(|n| new_relations.contains(&(t.schema.as_str(), n)));
        if renamed_to.contains_key(&(t.schema.as_str(), t.name.as_str())) || frees_a_name {
            b.early_drops.push(Change::DropTable(without));
        } else {
            b.drops.push(Change::DropTable(without));
        }
    }

    // Sequences are dropped after the functions and domains (a domain's default may call
    // nextval() on one), which come after them below.
    let before_sequences = b.drops.len();
    diff_sequences(old, new, &matched, &mut b);
    let sequence_drops = b.drops.split_off(before_sequences);
    b.rename_keys = schedule_key_renames(std::mem::take(&mut b.rename_keys), old, new);
    diff_functions(old, new, &created, &mut b);
    diff_aggregates(old, new, &mut b);
    diff_views(old, new, &reshaped, &mut b);
    diff_grants(old, new, &mut b);

    // Composite types are dropped after the tables and functions that use them, before
    // the domains and enum types their attributes may be of.
    diff_composites(old, new, &mut b);
    diff_domains(old, new, &mut b);
    b.drops.extend(sequence_drops);
    relabel_domain_columns(old, new, &mut b.columns);
    for e in &old.enums {
        if new.enum_type(&e.schema, &e.name).is_none() {
            b.drops.push(Change::DropEnum(e.clone()));
        }
    }
    for s in &old.schemas {
        if new.schema(&s.name).is_none() {
            b.drops.push(Change::DropSchema(s.clone()));
        }
    }
    for e in &old.extensions {
        if !new.extensions.contains(e) {
            b.drops.push(Change::DropExtension(e.clone()));
        }
    }
    fills_in_foreign_key_order(&mut b.columns, new);
    fill_keys_beneath_domains(&mut b.columns, new);
    b.into_plan()
}

/// Fills (and the NOT NULL that follows each) of several tables: after the table's other
/// column changes (they run in the online file, after the main one, anyway), referenced
/// tables first. A foreign key that now includes a filled column (`tenant_id` of a
/// composite tenant-safe key, added `NOT VALID`) is checked on every update of the
/// referencing row: the row it points at must hold its value already. Each table's own
/// changes keep their order.
fn fills_in_foreign_key_order(columns: &mut Vec<Change>, new: &Model) {
    let is_fill = |c: &Change| matches!(c, Change::FillNulls { .. } | Change::SetNotNull { .. });
    let table_of = |c: &Change| match c {
        Change::FillNulls { table, .. } | Change::SetNotNull { table, .. } => table.clone(),
        _ => unreachable!("only fills are ordered"),
    };
    let tables: BTreeSet<QualifiedName> = columns
        .iter()
        .filter(|c| is_fill(c))
        .map(table_of)
        .collect();
    if tables.len() < 2 {
        return;
    }
    let all: Vec<&Table> = new.tables.iter().collect();
    let rank: HashMap<QualifiedName, usize> = order_by_foreign_keys(&all)
        .into_iter()
        .enumerate()
        .map(|(i, t)| (t.qualified_name(), i))
        .collect();
    let (mut fills, rest): (Vec<Change>, Vec<Change>) =
        std::mem::take(columns).into_iter().partition(is_fill);
    fills.sort_by_key(|c| rank.get(&table_of(c)).copied().unwrap_or(usize::MAX));
    *columns = rest;
    columns.extend(fills);
}

/// A fill's batch keys typed by what is beneath their domains: the fill holds them in
/// PL/pgSQL variables that start NULL, which a NOT NULL domain refuses. Not
/// `Model::domain_chain`, which goes through arrays: a domain over an array keeps the
/// array type here (a NULL array is no element).
fn fill_keys_beneath_domains(columns: &mut [Change], new: &Model) {
    for c in columns {
        if let Change::FillNulls { key, .. } = c {
            for (_, ty) in key.iter_mut() {
                // Domains cannot form cycles (validated); the bound only guards a broken model.
                for _ in 0..32 {
                    let base = match &*ty {
                        ColumnType::Enum { schema, name } => {
                            new.domain(schema, name).map(|d| d.base.clone())
                        }
                        _ => None,
                    };
                    match base {
                        Some(b) => *ty = b,
                        None => break,
                    }
                }
            }
        }
    }
}

/// Partitions of a table whose partitioning is unchanged, compared by name: a partition
/// whose bound, parent or own partitioning changed is dropped and created again (its rows
/// kept when a DEFAULT partition beside it takes them meanwhile). Only the topmost of a
/// dropped or created subtree is a change: the rest goes with it. Drops first.
fn diff_partitions(o: &Table, n: &Table, out: &mut Vec<Change>) {
    let (old, new) = (o.partition_tree(), n.partition_tree());
    let same = |a: &(String, Partition), b: &(String, Partition)| {
        a.0 == b.0
            && a.1.name == b.1.name
            && a.1.bound.trim() == b.1.bound.trim()
            && a.1.partition_by == b.1.partition_by
    };
    // Parents come before their partitions in a tree walk, so one pass marks subtrees.
    let mut gone: BTreeSet<&str> = BTreeSet::new();
    for e in &old {
        if gone.contains(e.0.as_str()) || !new.iter().any(|x| same(e, x)) {
            gone.insert(&e.1.name);
        }
    }
    let mut come: BTreeSet<&str> = BTreeSet::new();
    for e in &new {
        if come.contains(e.0.as_str()) || !old.iter().any(|x| same(e, x)) {
            come.insert(&e.1.name);
        }
    }
    // The DEFAULT partition under `parent` that both sides keep.
    let kept_default = |parent: &str| {
        old.iter()
            .filter(|e| e.0 == parent && e.1.is_default() && !gone.contains(e.1.name.as_str()))
            .map(|e| e.1.name.clone())
            .next()
    };
    let columns: Vec<String> = n
        .columns
        .iter()
        .filter(|c| c.generated.is_none())
        .map(|c| c.name.clone())
        .collect();
    for (parent, p) in &old {
        if gone.contains(p.name.as_str()) && !gone.contains(parent.as_str()) {
            out.push(Change::DropPartition {
                table: n.qualified_name(),
                parent: parent.clone(),
                partition: p.clone(),
                default: kept_default(parent).filter(|d| *d != p.name),
                columns: columns.clone(),
            });
        }
    }
    for (parent, p) in &new {
        if come.contains(p.name.as_str()) && !come.contains(parent.as_str()) {
            out.push(Change::CreatePartition {
                table: n.qualified_name(),
                parent: parent.clone(),
                partition: p.clone(),
                default: kept_default(parent).filter(|_| !p.is_default()),
                columns: columns.clone(),
            });
        }
    }
}

/// A plan that contradicts itself (an engine bug), or asks for what PostgreSQL cannot do in
/// place: what [`check_plan`] found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the planner refused the plan (nothing was written):\n{}",
    .0.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n")
)]
pub struct PlanError(pub Vec<String>);

/// Replay the plan's table and column changes on the names `old` has and refuse a step that
/// would do nothing or fail: adding a column that exists at that point (rendered `ADD COLUMN
/// IF NOT EXISTS`, a silent no-op: a later drop of the old column would lose it and its
/// data), dropping or changing a column or table that does not exist.
pub fn check_plan(old: &Model, changes: &[Change]) -> Result<(), PlanError> {
    let mut tables: HashMap<QualifiedName, BTreeSet<String>> = old
        .tables
        .iter()
        .map(|t| {
            (
                t.qualified_name(),
                t.columns.iter().map(|c| c.name.clone()).collect(),
            )
        })
        .collect();
    let mut problems = Vec::new();
    for change in changes {
        let step = change.describe();
        if let Change::RetypeDomain { from, .. } = change {
            problems.push(format!(
                "`{step}`: PostgreSQL cannot change the base type or collation of a domain in place; declare a domain of another name with the new base, move the columns to it, and drop {} in a later release",
                from.qualified_name()
            ));
            continue;
        }
        // PostgreSQL refuses `ALTER ATTRIBUTE … TYPE` while a column holds the type ("cannot
        // alter type … because column … uses it"). Rewriting those columns around it (a new
        // type, every value converted, the old type dropped) is a migration of its own that
        // the author must design: the conversion of each value is theirs.
        if let Change::AlterCompositeAttribute { from, columns, .. } = change
            && !columns.is_empty()
        {
            problems.push(format!(
                "`{step}`: PostgreSQL cannot change an attribute's type while a table column holds the type ({}); add an attribute of another name with the new type, copy the values into it (a hand-written migration), and drop {} in a later release",
                columns.join(", "),
                from.name
            ));
            continue;
        }
        // An enum is rebuilt by creating its replacement and dropping it, which a domain
        // or a composite type's attribute over it prevents.
        if let Change::RebuildEnum { from, .. } = change {
            for c in old.composites.iter().filter(|c| {
                c.attributes
                    .iter()
                    .any(|a| a.ty.enum_ref() == Some((from.schema.as_str(), from.name.as_str())))
            }) {
                problems.push(format!(
                    "`{step}`: an attribute of composite type {} is of the enum type, which cannot be rebuilt under it (values removed or reordered); add the values instead",
                    c.qualified_name()
                ));
            }
            for d in old
                .domains
                .iter()
                .filter(|d| d.base.enum_ref() == Some((from.schema.as_str(), from.name.as_str())))
            {
                problems.push(format!(
                    "`{step}`: domain {} is over the enum type, which cannot be rebuilt under it (values removed or reordered); give the domain another base in an earlier release, or add the values instead",
                    d.qualified_name()
                ));
            }
        }
        // PostgreSQL refuses to check a domain's stored values while a column holds arrays
        // of it ("cannot alter type … because column … uses it"); adding a check NOT VALID
        // reads none and is accepted.
        let checks_values = match change {
            Change::ValidateDomainCheck { domain, .. }
            | Change::SetDomainNotNull {
                domain,
                not_null: true,
            } => Some(domain),
            _ => None,
        };
        if let Some(domain) = checks_values {
            let element = ColumnType::Enum {
                schema: domain.schema.clone(),
                name: domain.name.clone(),
            };
            for t in &old.tables {
                for c in &t.columns {
                    if matches!(&c.ty, ColumnType::Array(inner) if **inner == element) {
                        problems.push(format!(
                            "`{step}`: PostgreSQL cannot check the values of domain {domain} while column {}.{} holds arrays of it; change that column's type in an earlier release",
                            t.qualified_name(),
                            c.name
                        ));
                    }
                }
            }
        }
        let mut problem = |p: String| problems.push(format!("`{step}`: {p} (an engine bug)"));
        // The column must exist (`true`) or not (`false`) at this point.
        let mut expect = |tables: &mut HashMap<QualifiedName, BTreeSet<String>>,
                          t: &QualifiedName,
                          column: &str,
                          exists: bool|
         -> Option<()> {
            let Some(cols) = tables.get_mut(t) else {
                problem(format!("table {t} does not exist at that point"));
                return None;
            };
            match (cols.contains(column), exists) {
                (true, false) => problem(format!(
                    "{t}.{column} exists at that point (an ADD COLUMN IF NOT EXISTS would do nothing, a rename onto it fail): it must be changed in place, or dropped first"
                )),
                (false, true) => problem(format!("{t}.{column} does not exist at that point")),
                _ => {}
            }
            Some(())
        };
        match change {
            Change::CreateTable(t) => {
                let q = t.qualified_name();
                let cols = t.columns.iter().map(|c| c.name.clone()).collect();
                if tables.insert(q.clone(), cols).is_some() {
                    problem(format!("table {q} exists at that point"));
                }
            }
            Change::DropTable(t) => {
                let gone = tables.remove(&t.qualified_name());
                if gone.is_none() {
                    problem(format!(
                        "table {} does not exist at that point",
                        t.qualified_name()
                    ));
                }
            }
            Change::RenameTable { from, to } => {
                let target = QualifiedName::new(&from.schema, to);
                if tables.contains_key(&target) {
                    problem(format!("table {target} exists at that point"));
                }
                match tables.remove(from) {
                    Some(cols) => {
                        tables.insert(target, cols);
                    }
                    None => problem(format!("table {from} does not exist at that point")),
                }
            }
            Change::AddColumn { table, column } => {
                let known = expect(&mut tables, table, &column.name, false);
                if known.is_some() {
                    tables
                        .entry(table.clone())
                        .or_default()
                        .insert(column.name.clone());
                }
            }
            Change::DropColumn { table, column } => {
                let known = expect(&mut tables, table, &column.name, true);
                if known.is_some() {
                    tables
                        .entry(table.clone())
                        .or_default()
                        .remove(&column.name);
                }
            }
            Change::RenameColumn { table, from, to } => {
                let known = expect(&mut tables, table, from, true)
                    .and_then(|()| expect(&mut tables, table, to, false));
                if known.is_some() {
                    let cols = tables.entry(table.clone()).or_default();
                    cols.remove(from);
                    cols.insert(to.clone());
                }
            }
            Change::AlterColumnType { table, to: c, .. }
            | Change::RecomputeColumn { table, to: c, .. }
            | Change::DropExpression { table, from: c }
            | Change::AddIdentity { table, from: c, .. } => {
                expect(&mut tables, table, &c.name, true);
            }
            Change::SetNotNull { table, column }
            | Change::FillNulls { table, column, .. }
            | Change::DropNotNull { table, column }
            | Change::SetDefault { table, column, .. }
            | Change::DropIdentity { table, column, .. }
            | Change::SetIdentity { table, column, .. } => {
                expect(&mut tables, table, column, true);
            }
            _ => {}
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(PlanError(problems))
    }
}

/// What undoing the values a plan adds to one enum type takes: the type is rebuilt without
/// them (PostgreSQL cannot remove a value), with every dependent of its columns dropped and
/// re-created around the rebuild.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValueRemoval {
    /// The values the plan adds, in the order they are added.
    pub values: Vec<String>,
    /// `(table, column)` of every column of the type (or an array of it) when the undo runs.
    pub columns: Vec<(QualifiedName, String)>,
    /// The undo runs after every other change of the plan is undone: the database is then
    /// the old model with this type's value renames still applied and the added values
    /// present. `start` is that state, `target` the same without the added values.
    pub start: Model,
    pub target: Model,
    /// The plan `start → target`: the rebuild and the dependents around it, all in one
    /// transaction (no concurrent builds, no separate validation).
    pub changes: Vec<Change>,
}

/// The removal of the values `old → new` adds to enum type `name` (`None` when it adds none
/// or rebuilds the type anyway). The undo of the first added value (the last to be undone)
/// carries it.
pub fn enum_value_removal(
    old: &Model,
    new: &Model,
    name: &QualifiedName,
) -> Option<EnumValueRemoval> {
    let n = new.enum_type(&name.schema, &name.name)?;
    let o = old.enum_type(&name.schema, &name.name)?;
    let relabel = active_renames(
        n.renamed_values.clone(),
        |v| o.values.iter().any(|x| x == v),
        |v| n.values.iter().any(|x| x == v),
    );
    let renamed = relabeled(&o.values, &relabel);
    let added: Vec<String> = n
        .values
        .iter()
        .filter(|v| !renamed.contains(v))
        .cloned()
        .collect();
    let kept: Vec<&String> = n.values.iter().filter(|v| renamed.contains(v)).collect();
    let in_place = kept.len() == renamed.len() && kept.iter().zip(&renamed).all(|(a, b)| *a == b);
    if added.is_empty() || !in_place {
        return None;
    }
    let uses = |c: &Column| c.ty.enum_ref() == Some((name.schema.as_str(), name.name.as_str()));
    let mut target = old.clone();
    for e in &mut target.enums {
        e.renamed_values.clear();
        if e.qualified_name() == *name {
            e.values = renamed.clone();
        }
    }
    for t in &mut target.tables {
        for c in &mut t.columns {
            if uses(c)
                && let Some(DefaultValue::Text(v)) = &mut c.default
                && let Some((_, to)) = relabel.iter().find(|(from, _)| from == v)
            {
                *v = to.clone();
            }
        }
    }
    let mut start = target.clone();
    for e in &mut start.enums {
        if e.qualified_name() == *name {
            e.values = n.values.clone();
        }
    }
    let columns = start
        .tables
        .iter()
        .flat_map(|t| {
            t.columns
                .iter()
                .filter(|c| uses(c))
                .map(move |c| (t.qualified_name(), c.name.clone()))
        })
        .collect();
    let changes = diff(&start, &target)
        .into_iter()
        .filter_map(|c| match c {
            Change::ValidateConstraint { .. } => None,
            Change::AddCheck { table, check, .. } => Some(Change::AddCheck {
                table,
                check,
                not_valid: false,
            }),
            Change::AddForeignKey {
                table, foreign_key, ..
            } => Some(Change::AddForeignKey {
                table,
                foreign_key,
                not_valid: false,
            }),
            Change::CreateIndex { table, index, .. } => Some(Change::CreateIndex {
                table,
                index,
                concurrently: false,
            }),
            Change::DropIndex { table, index, .. } => Some(Change::DropIndex {
                table,
                index,
                concurrently: false,
            }),
            c => Some(c),
        })
        .collect();
    Some(EnumValueRemoval {
        values: added,
        columns,
        start,
        target,
        changes,
    })
}

/// Enum changes; returns the old model as they leave it: a renamed value is renamed in the
/// defaults that hold it too (PostgreSQL follows the label), and a rebuilt type keeps only
/// the defaults whose value survives (the rebuild's undo restores the others).
/// Also returns the enum types that are rebuilt.
fn diff_enums<'a>(
    old: &'a Model,
    new: &Model,
    b: &mut Buckets,
) -> (Cow<'a, Model>, BTreeSet<QualifiedName>) {
    let mut after = Cow::Borrowed(old);
    let mut rebuilt = BTreeSet::new();
    for e in &new.enums {
        let Some(o) = old.enum_type(&e.schema, &e.name) else {
            b.enums.push(Change::CreateEnum(e.clone()));
            continue;
        };
        let name = e.qualified_name();
        // Hints first: a swap or a cycle of labels goes through a temporary label.
        let mut renamed = active_renames(
            e.renamed_values.clone(),
            |v| o.values.iter().any(|x| x == v),
            |v| e.values.iter().any(|x| x == v),
        );
        // A label renamed onto one that goes away: the leaving one steps aside to a
        // temporary label first (the rebuild below removes it).
        let displaced: Vec<(String, String)> = renamed
            .iter()
            .filter(|(_, to)| o.values.contains(to) && !renamed.iter().any(|(f, _)| f == to))
            .map(|(_, to)| {
                let temp = (0..)
                    .map(|n| {
                        format!(
                            "{to}__gone{}",
                            if n == 0 { String::new() } else { n.to_string() }
                        )
                    })
                    .find(|t| !o.values.contains(t) && !e.values.contains(t))
                    .expect("a free label");
                (to.clone(), temp)
            })
            .collect();
        renamed.extend(displaced);
        let values = relabeled(&o.values, &renamed);
        let taken = |v: &str| o.values.iter().chain(&e.values).any(|x| x == v);
        for (from, to) in schedule_renames(&renamed, taken) {
            b.enums.push(Change::RenameEnumValue {
                name: name.clone(),
                from,
                to,
            });
        }
        // Existing values must keep their relative order and all stay; then new values are
        // added in place. Anything else needs the type rebuilt.
        let kept: Vec<&String> = e.values.iter().filter(|v| values.contains(v)).collect();
        let in_place = kept.len() == values.len() && kept.iter().zip(&values).all(|(a, b)| *a == b);
        if in_place {
            for (i, v) in e.values.iter().enumerate() {
                if values.contains(v) {
                    continue;
                }
                // After the previous value (existing, or added just before); the first
                // goes before the first existing value (the next may be new too).
                let position = match i.checked_sub(1) {
                    Some(p) => EnumPosition::After(e.values[p].clone()),
                    None => EnumPosition::Before(
                        e.values
                            .iter()
                            .find(|v| values.contains(v))
                            .expect("an existing value stays")
                            .clone(),
                    ),
                };
                b.enums.push(Change::AddEnumValue {
                    name: name.clone(),
                    value: v.clone(),
                    position,
                });
            }
        }
        // The default a column of the type has once this type's changes are done.
        let survives = |d: &Option<DefaultValue>| match d {
            Some(DefaultValue::Text(v)) => {
                let v = renamed
                    .iter()
                    .find(|(from, _)| from == v)
                    .map_or(v, |(_, to)| to);
                e.values.contains(v).then(|| DefaultValue::Text(v.clone()))
            }
            other => other.clone(),
        };
        let uses = |c: &Column| c.ty.enum_ref() == Some((e.schema.as_str(), e.name.as_str()));
        if !in_place {
            // The columns using the type now, under their current names: the rebuild runs
            // before tables and columns are renamed, created or dropped, and its undo after
            // all of that is undone.
            let columns =
                old.tables
                    .iter()
                    .flat_map(|t| {
                        t.columns.iter().filter(|c| uses(c)).map(move |c| {
                            (t.qualified_name(), c.name.clone(), survives(&c.default))
                        })
                    })
                    .collect();
            let mut from = o.clone();
            from.values = values;
            rebuilt.insert(e.qualified_name());
            b.rebuild_enums.push(Change::RebuildEnum {
                from,
                to: e.clone(),
                columns,
            });
        }
        if !renamed.is_empty() || !in_place {
            for t in &mut after.to_mut().tables {
                for c in &mut t.columns {
                    if uses(c) {
                        c.default = survives(&c.default);
                    }
                }
            }
        }
        if o.comment != e.comment {
            b.comments.push(Change::SetComment {
                target: CommentTarget::Type(name),
                from: o.comment.clone(),
                to: e.comment.clone(),
            });
        }
    }
    (after, rebuilt)
}

/// The rename hints `(from, to)` that apply, hints first: `from` exists in the old model
/// (`in_old`), whether or not `to` does too (a swap, a chain, a cycle, or taking the name
/// of a dropped object). A stale hint does not apply: both names stay — `to` is in both
/// models and `from` in the new one (`in_new`), neither renamed away by another hint that
/// applies — say a table renamed two releases ago whose old name a new table took since.
/// One hint per `from` and per `to` (the first).
fn active_renames(
    hints: Vec<(String, String)>,
    in_old: impl Fn(&str) -> bool,
    in_new: impl Fn(&str) -> bool,
) -> Vec<(String, String)> {
    let mut active: Vec<(String, String)> = Vec::new();
    for (from, to) in hints {
        if from != to && in_old(&from) && !active.iter().any(|(f, t)| *f == from || *t == to) {
            active.push((from, to));
        }
    }
    loop {
        let before = active.len();
        let kept: Vec<(String, String)> = active
            .iter()
            .filter(|(from, to)| {
                let from_kept = in_new(from) && !active.iter().any(|(_, t)| t == from);
                let to_kept = in_old(to) && !active.iter().any(|(f, _)| f == to);
                !(from_kept && to_kept)
            })
            .cloned()
            .collect();
        active = kept;
        if active.len() == before {
            return active;
        }
    }
}

/// Renames `(from, to)` in one namespace, ordered so that every target is free when its
/// rename runs (a chain renames its end first); a cycle (a swap) goes through a temporary
/// name that `taken` does not know.
fn schedule_renames(
    renames: &[(String, String)],
    taken: impl Fn(&str) -> bool,
) -> Vec<(String, String)> {
    let mut pending: Vec<(String, String)> = renames.to_vec();
    let mut out = Vec::new();
    while !pending.is_empty() {
        if let Some(i) = pending
            .iter()
            .position(|(_, to)| !pending.iter().any(|(f, _)| f == to))
        {
            out.push(pending.remove(i));
            continue;
        }
        // Every target is still taken by another pending rename: a cycle.
        let (from, _) = pending[0].clone();
        let temp = (0..)
            .map(|n| {
                let suffix = if n == 0 {
                    "__swap".to_string()
                } else {
                    format!("__swap{n}")
                };
                let mut cut = from
                    .len()
                    .min(hims_model::MAX_IDENTIFIER_BYTES - suffix.len());
                while !from.is_char_boundary(cut) {
                    cut -= 1;
                }
                format!("{}{suffix}", &from[..cut])
            })
            .find(|t| !taken(t) && !pending.iter().any(|(f, to)| f == t || to == t))
            .expect("a free temporary name");
        out.push((from, temp.clone()));
        pending[0].0 = temp;
    }
    out
}

/// Constraint and index renames ordered (and cycles broken) per namespace: index names and
/// the constraints that own an index (primary keys, uniques, exclusions) share their
/// schema's; checks and foreign keys are named per table. Two swapped tables swap the names
/// of their keys too.
fn schedule_key_renames(changes: Vec<Change>, old: &Model, new: &Model) -> Vec<Change> {
    #[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
    enum Ns {
        Schema(String),
        Table(QualifiedName),
    }
    let owns_index = |t: &QualifiedName, name: &str| {
        new.table(t).is_some_and(|t| {
            t.primary_key.as_ref().is_some_and(|k| k.name == name)
                || t.uniques.iter().any(|u| u.name == name)
                || t.exclusions.iter().any(|x| x.name == name)
        })
    };
    // (namespace, from, to, table of a constraint rename)
    let mut ops: Vec<(Ns, String, String, Option<QualifiedName>)> = Vec::new();
    let mut others = Vec::new();
    for c in changes {
        match c {
            Change::RenameIndex { schema, from, to } => {
                ops.push((Ns::Schema(schema), from, to, None))
            }
            Change::RenameConstraint { table, from, to } => {
                let ns = if owns_index(&table, &to) {
                    Ns::Schema(table.schema.clone())
                } else {
                    Ns::Table(table.clone())
                };
                ops.push((ns, from, to, Some(table)));
            }
            other => others.push(other),
        }
    }
    let mut namespaces: Vec<Ns> = Vec::new();
    for (ns, ..) in &ops {
        if !namespaces.contains(ns) {
            namespaces.push(ns.clone());
        }
    }
    let relation_names = |schema: &str| -> BTreeSet<String> {
        old.tables
            .iter()
            .chain(&new.tables)
            .filter(|t| t.schema == schema)
            .flat_map(|t| {
                std::iter::once(t.name.clone())
                    .chain(t.indexes.iter().map(|i| i.name.clone()))
                    .chain(t.primary_key.iter().map(|k| k.name.clone()))
                    .chain(t.uniques.iter().map(|u| u.name.clone()))
                    .chain(t.exclusions.iter().map(|x| x.name.clone()))
            })
            .collect()
    };
    let mut out = others;
    for ns in namespaces {
        let group: Vec<&(Ns, String, String, Option<QualifiedName>)> =
            ops.iter().filter(|(n, ..)| *n == ns).collect();
        let pairs: Vec<(String, String)> = group
            .iter()
            .map(|(_, f, t, _)| (f.clone(), t.clone()))
            .collect();
        let taken: BTreeSet<String> = match &ns {
            Ns::Schema(s) => relation_names(s),
            Ns::Table(q) => old
                .table(q)
                .into_iter()
                .chain(new.table(q))
                .flat_map(|t| {
                    t.checks
                        .iter()
                        .map(|c| c.name.clone())
                        .chain(t.foreign_keys.iter().map(|f| f.name.clone()))
                })
                .collect(),
        };
        // The table each name belongs to while it moves (a temporary name included).
        let mut owner: HashMap<String, Option<QualifiedName>> = group
            .iter()
            .map(|(_, f, _, t)| (f.clone(), t.clone()))
            .collect();
        for (from, to) in schedule_renames(&pairs, |n| taken.contains(n)) {
            let table = owner.remove(&from).flatten();
            out.push(match (&ns, &table) {
                (_, Some(t)) => Change::RenameConstraint {
                    table: t.clone(),
                    from,
                    to: to.clone(),
                },
                (Ns::Schema(schema), None) => Change::RenameIndex {
                    schema: schema.clone(),
                    from,
                    to: to.clone(),
                },
                (Ns::Table(_), None) => unreachable!("constraint renames carry their table"),
            });
            owner.insert(to, table);
        }
    }
    out
}

/// `values` with the renames applied at once (a swap exchanges the two labels).
fn relabeled(values: &[String], renames: &[(String, String)]) -> Vec<String> {
    values
        .iter()
        .map(|v| {
            renames
                .iter()
                .find(|(from, _)| from == v)
                .map_or_else(|| v.clone(), |(_, to)| to.clone())
        })
        .collect()
}

/// Column renames of a matched table pair: old name → new name.
/// Whether a column of the partition key (of the table, or of one of its partitions that is
/// partitioned in turn) gets a new collation: PostgreSQL cannot alter a key column, so the
/// table is rebuilt as for new partitioning.
fn partition_key_recollated(o: &Table, n: &Table) -> bool {
    fn keys<'a>(parts: &'a [hims_model::Partition], out: &mut BTreeSet<&'a str>) {
        for p in parts {
            out.extend(
                p.partition_by
                    .iter()
                    .flat_map(|k| k.columns.iter().map(String::as_str)),
            );
            keys(&p.partitions, out);
        }
    }
    let mut new_keys = BTreeSet::new();
    new_keys.extend(
        n.partition_by
            .iter()
            .flat_map(|k| k.columns.iter().map(String::as_str)),
    );
    keys(n.partitions.as_deref().unwrap_or_default(), &mut new_keys);
    let renames = column_renames(o, n);
    o.columns.iter().any(|oc| {
        let now = renames.get(&oc.name).unwrap_or(&oc.name);
        new_keys.contains(now.as_str())
            && n.column(now).is_some_and(|c| c.collation != oc.collation)
    })
}

fn column_renames(o: &Table, n: &Table) -> BTreeMap<String, String> {
    let hints = n
        .columns
        .iter()
        .filter_map(|c| Some((c.renamed_from.clone()?, c.name.clone())))
        .collect();
    active_renames(hints, |c| o.column(c).is_some(), |c| n.column(c).is_some())
        .into_iter()
        .collect()
}

fn rename_cols(cols: &[String], map: &BTreeMap<String, String>) -> Vec<String> {
    cols.iter()
        .map(|c| map.get(c).cloned().unwrap_or_else(|| c.clone()))
        .collect()
}

fn diff_table(
    o: &Table,
    n: &Table,
    b: &mut Buckets,
    reshaped: &mut BTreeSet<QualifiedName>,
    rebuilt_enums: &BTreeSet<QualifiedName>,
    followed: &HashMap<QualifiedName, (QualifiedName, BTreeMap<String, String>)>,
) {
    let table = n.qualified_name();
    // What runs before the table is renamed (dependents dropped first) names it as it was.
    let before = o.qualified_name();
    let renames = column_renames(o, n);
    if o.name != n.name || !renames.is_empty() {
        reshaped.insert(table.clone());
    }

    // Columns.
    let pairs: Vec<(String, String)> = renames
        .iter()
        .map(|(f, t)| (f.clone(), t.clone()))
        .collect();
    for (from, to) in schedule_renames(&pairs, |c| o.column(c).is_some() || n.column(c).is_some()) {
        b.columns.push(Change::RenameColumn {
            table: table.clone(),
            from,
            to,
        });
    }
    let old_col = |name: &str| -> Option<&Column> {
        match renames.iter().find(|(_, to)| *to == name) {
            Some((from, _)) => o.column(from),
            // The old column of this name is renamed away: this one is new.
            None if renames.contains_key(name) => None,
            None => o.column(name),
        }
    };
    // An old column that no column of the new model continues (neither kept nor renamed):
    // a policy reading it must go before the column does.
    let old_col_dropped = |name: &str| {
        !renames.contains_key(name)
            && (n.column(name).is_none() || renames.values().any(|to| to == name))
    };
    // Old columns dropped whose name a renamed column takes: the same text in both models
    // then reads another column, so what reads them is replaced (PostgreSQL drops keys,
    // checks and indexes with their column, and refuses to drop a column a policy reads).
    let dropped_under_rename: BTreeSet<String> = o
        .columns
        .iter()
        .filter(|c| !renames.contains_key(&c.name) && renames.values().any(|to| *to == c.name))
        .map(|c| c.name.clone())
        .collect();
    // Old names of the columns whose type changes.
    // A column of a rebuilt enum type changes type too (to the new type of the same name).
    let mut retyped: BTreeSet<String> = o
        .columns
        .iter()
        .filter(|c| of_rebuilt_enum(c, rebuilt_enums))
        .map(|c| c.name.clone())
        .collect();
    if !retyped.is_empty() {
        reshaped.insert(table.clone());
    }
    // Old names of the columns dropped and added again (a new generation expression) or
    // turned from generated into plain: what depends on them is dropped first and
    // re-created after (the undo drops and re-adds them).
    let mut recomputed: BTreeSet<String> = BTreeSet::new();
    let mut recompute: Vec<Change> = Vec::new();
    for c in &n.columns {
        let Some(oc) = old_col(&c.name) else {
            // A NOT NULL column with nothing PostgreSQL could fill existing rows with but a
            // `backfill` expression (the tenant of a single-hospital database): added
            // nullable, filled in batches, then made NOT NULL, as an existing column would.
            let filled = !c.nullable
                && c.backfill.is_some()
                && c.default.is_none()
                && c.generated.is_none()
                && c.identity.is_none();
            if filled {
                let mut nullable = c.clone();
                nullable.nullable = true;
                b.columns.push(Change::AddColumn {
                    table: table.clone(),
                    column: nullable.clone(),
                });
                diff_column(n, &c.name, &nullable, c, b, &mut retyped, reshaped);
                continue;
            }
            b.columns.push(Change::AddColumn {
                table: table.clone(),
                column: c.clone(),
            });
            continue;
        };
        // `oc` under its new name: what the in-place changes below start from.
        let mut from = oc.clone();
        from.name = c.name.clone();
        if oc.generated != c.generated || oc.virtual_generated != c.virtual_generated {
            // PostgreSQL 15 and 16 cannot change a generation expression in place. A new
            // expression, stored ↔ virtual, or a plain column becoming generated: the column
            // is dropped and added again (recomputed) after this table's other column
            // changes. PostgreSQL 17's `ALTER COLUMN … SET EXPRESSION` is not used: the
            // generated files must run on every supported server (15 and later), and SET
            // EXPRESSION rewrites a stored column just the same. A stored generated column
            // becoming plain keeps its values (DROP EXPRESSION), then changes in place like
            // any other; a virtual one has no values to keep (PostgreSQL 18 refuses DROP
            // EXPRESSION on it): it is recomputed as the plain column, empty.
            reshaped.insert(table.clone());
            recomputed.insert(oc.name.clone());
            if c.generated.is_some() || oc.virtual_generated {
                recompute.push(Change::RecomputeColumn {
                    table: table.clone(),
                    from,
                    to: c.clone(),
                });
                continue;
            }
            b.columns.push(Change::DropExpression {
                table: table.clone(),
                from: from.clone(),
            });
            from.generated = None;
        }
        // Identity options: set after an identity is added, reset before it is dropped
        // (so that the undo of either restores them).
        let options_after = if c.identity.is_some() && from.identity.is_some() {
            (from.identity_options != c.identity_options).then(|| {
                (
                    from.identity_options.clone(),
                    c.identity_options.clone(),
                    false,
                )
            })
        } else if c.identity.is_some() {
            (!c.identity_options.is_default())
                .then(|| (Default::default(), c.identity_options.clone(), true))
        } else {
            None
        };
        if from.identity.is_some() && c.identity.is_none() && !from.identity_options.is_default() {
            b.columns.push(Change::SetIdentityOptions {
                table: table.clone(),
                column: c.name.clone(),
                ty: from.ty.clone(),
                from: from.identity_options.clone(),
                to: Default::default(),
                added: false,
            });
        }
        from.identity_options = c.identity_options.clone();
        if from.identity != c.identity {
            match (from.identity, c.identity) {
                (None, Some(kind)) => {
                    // PostgreSQL requires NOT NULL and no default first: the change sees to
                    // both (and its undo restores them).
                    b.columns.push(Change::AddIdentity {
                        table: table.clone(),
                        from: from.clone(),
                        kind,
                    });
                    from.nullable = false;
                    from.default = None;
                }
                (Some(kind), None) => b.columns.push(Change::DropIdentity {
                    table: table.clone(),
                    column: c.name.clone(),
                    kind,
                }),
                (Some(from_kind), Some(to)) => b.columns.push(Change::SetIdentity {
                    table: table.clone(),
                    column: c.name.clone(),
                    from: from_kind,
                    to,
                }),
                (None, None) => unreachable!("the identities differ"),
            }
            from.identity = c.identity;
        }
        diff_column(n, &oc.name, &from, c, b, &mut retyped, reshaped);
        // After a change of type (which retypes the identity's sequence too): the options
        // are those of the new type.
        if let Some((old_options, new_options, added)) = options_after {
            b.columns.push(Change::SetIdentityOptions {
                table: table.clone(),
                column: c.name.clone(),
                ty: c.ty.clone(),
                from: old_options,
                to: new_options,
                added,
            });
        }
    }
    // After every other column change of the table: the new expression may read columns
    // added, renamed or retyped above.
    b.columns.extend(recompute);
    diff_rows(n, &o.rows, &n.rows, b);
    // Dropped columns, last first, at the end of the plan. A generated column (its values
    // are derived) goes with the dependents, before anything is renamed or retyped: its
    // expression names the columns it reads by their old names and types, and its undo
    // runs once those are restored.
    let (dropped_generated, dropped): (Vec<&Column>, Vec<&Column>) = o
        .columns
        .iter()
        .rev()
        // Not matched: not renamed away, and its name gone or taken by a renamed column.
        .filter(|oc| {
            (n.column(&oc.name).is_none() || renames.values().any(|to| *to == oc.name))
                && !renames.contains_key(&oc.name)
        })
        .partition(|c| c.generated.is_some());
    if !dropped.is_empty() || !dropped_generated.is_empty() {
        reshaped.insert(table.clone());
    }
    // A column whose name a hinted rename takes goes before the renames (under the
    // table's old name), the others at the end.
    let (early, late): (Vec<&Column>, Vec<&Column>) = dropped
        .into_iter()
        .partition(|oc| renames.values().any(|to| *to == oc.name));
    b.early_drops
        .extend(early.into_iter().map(|oc| Change::DropColumn {
            table: before.clone(),
            column: oc.clone(),
        }));
    b.drops.splice(
        0..0,
        late.into_iter().map(|oc| Change::DropColumn {
            table: table.clone(),
            column: oc.clone(),
        }),
    );
    if o.comment != n.comment {
        b.comments.push(Change::SetComment {
            target: CommentTarget::Table(table.clone()),
            from: o.comment.clone(),
            to: n.comment.clone(),
        });
    }

    // Keys and constraints: same name and same definition (old columns renamed) → kept;
    // same definition under another name → renamed; else dropped and added.
    let touches = |cols: &[String]| {
        cols.iter()
            .any(|c| recomputed.contains(c) || dropped_under_rename.contains(c))
    };
    match (&o.primary_key, &n.primary_key) {
        (Some(a), Some(c))
            if rename_cols(&a.columns, &renames) == c.columns
                && !touches(&a.columns)
                && a.deferral == c.deferral =>
        {
            if a.name != c.name {
                b.rename_keys.push(Change::RenameConstraint {
                    table: table.clone(),
                    from: a.name.clone(),
                    to: c.name.clone(),
                });
            }
        }
        (a, c) => {
            if let Some(a) = a {
                b.drop_dependents.push(Change::DropPrimaryKey {
                    table: before.clone(),
                    key: a.clone(),
                });
            }
            if let Some(c) = c {
                b.constraints.push(Change::AddPrimaryKey {
                    table: table.clone(),
                    key: c.clone(),
                });
            }
        }
    }
    pair_by_definition(
        &o.uniques,
        &n.uniques,
        |u| u.name.clone(),
        |u| {
            let mut x = u.clone();
            x.columns = rename_cols(&u.columns, &renames);
            x.name.clear();
            (x, touches(&u.columns))
        },
        |u| {
            let mut u = u.clone();
            u.name.clear();
            (u, false)
        },
        |pair| match pair {
            Pair::Renamed(a, c) => b.rename_keys.push(Change::RenameConstraint {
                table: table.clone(),
                from: a.name.clone(),
                to: c.name.clone(),
            }),
            Pair::Dropped(a) => b.drop_dependents.push(Change::DropUnique {
                table: before.clone(),
                unique: a.clone(),
            }),
            Pair::Added(c) => b.constraints.push(Change::AddUnique {
                table: table.clone(),
                unique: c.clone(),
            }),
        },
    );
    // Check expressions are SQL text: a renamed column changes the text, so the check is
    // replaced (PostgreSQL would have followed the rename, the model cannot know). A check
    // on a column whose type changes is replaced too: PostgreSQL re-parses the stored
    // expression for the new type (`(x >= (0)::numeric)` on an integer becomes
    // `((x)::numeric >= (0)::numeric)`), which is no longer what the model says.
    // A column renamed away counts too: PostgreSQL follows the rename, so the stored
    // expression no longer says what its text says (in a swap it would read the other
    // column under the same text).
    let on_retyped = |expr: &str| {
        retyped
            .iter()
            .chain(&recomputed)
            .chain(renames.keys())
            .chain(&dropped_under_rename)
            .any(|c| mentions_column(expr, c))
    };
    pair_by_definition(
        &o.checks,
        &n.checks,
        |c| c.name.clone(),
        |c| (c.expr.clone(), on_retyped(&c.expr)),
        |c| (c.expr.clone(), false),
        |pair| match pair {
            Pair::Renamed(a, c) => b.rename_keys.push(Change::RenameConstraint {
                table: table.clone(),
                from: a.name.clone(),
                to: c.name.clone(),
            }),
            Pair::Dropped(a) => b.drop_dependents.push(Change::DropCheck {
                table: before.clone(),
                check: a.clone(),
            }),
            Pair::Added(c) => {
                b.constraints.push(Change::AddCheck {
                    table: table.clone(),
                    check: c.clone(),
                    not_valid: true,
                });
                b.validations.push(Change::ValidateConstraint {
                    table: table.clone(),
                    name: c.name.clone(),
                });
            }
        },
    );
    // Deferral aside: a foreign key's changes in place (ALTER CONSTRAINT), below. An old key
    // is compared by what it references after the renames (a key to a dropped table matches
    // nothing, even a new table of the same name).
    let fk_key = |fk: &ForeignKey, map: &BTreeMap<String, String>| {
        let mut f = fk.clone();
        f.columns = rename_cols(&f.columns, map);
        f.name.clear();
        f.deferral = Default::default();
        f
    };
    let old_fk_key = |fk: &ForeignKey| {
        let mut f = fk_key(fk, &renames);
        match followed.get(&fk.ref_table) {
            Some((to, columns)) => {
                f.ref_table = to.clone();
                f.ref_columns = rename_cols(&f.ref_columns, columns);
            }
            None => f.ref_table = QualifiedName::new("", ""),
        }
        f
    };
    for c in &n.foreign_keys {
        let kept = o.foreign_keys.iter().find(|a| {
            old_fk_key(a) == fk_key(c, &BTreeMap::new())
                && !touches(&a.columns)
                && (a.name == c.name || !n.foreign_keys.iter().any(|x| x.name == a.name))
        });
        if let Some(a) = kept
            && a.deferral != c.deferral
        {
            b.constraints.push(Change::SetForeignKeyDeferral {
                table: table.clone(),
                name: c.name.clone(),
                from: a.deferral,
                to: c.deferral,
            });
        }
    }
    pair_by_definition(
        &o.foreign_keys,
        &n.foreign_keys,
        |f| f.name.clone(),
        |f| (old_fk_key(f), touches(&f.columns)),
        |f| (fk_key(f, &BTreeMap::new()), false),
        |pair| match pair {
            Pair::Renamed(a, c) => b.rename_keys.push(Change::RenameConstraint {
                table: table.clone(),
                from: a.name.clone(),
                to: c.name.clone(),
            }),
            Pair::Dropped(a) => b.drop_foreign_keys.push(Change::DropForeignKey {
                table: before.clone(),
                foreign_key: a.clone(),
            }),
            Pair::Added(c) => {
                b.new_foreign_keys.push(Change::AddForeignKey {
                    table: table.clone(),
                    foreign_key: c.clone(),
                    not_valid: true,
                });
                b.validations.push(Change::ValidateConstraint {
                    table: table.clone(),
                    name: c.name.clone(),
                });
            }
        },
    );
    pair_by_definition(
        &o.exclusions,
        &n.exclusions,
        |x| x.name.clone(),
        |x| {
            let reads = x.elements.iter().any(|e| on_retyped(&e.expr))
                || x.predicate.as_deref().is_some_and(&on_retyped);
            let mut x = x.clone();
            x.name.clear();
            (x, reads)
        },
        |x| {
            let mut x = x.clone();
            x.name.clear();
            (x, false)
        },
        |pair| match pair {
            Pair::Renamed(a, c) => b.rename_keys.push(Change::RenameConstraint {
                table: table.clone(),
                from: a.name.clone(),
                to: c.name.clone(),
            }),
            Pair::Dropped(a) => b.drop_dependents.push(Change::DropExclusion {
                table: before.clone(),
                exclusion: a.clone(),
            }),
            Pair::Added(c) => b.constraints.push(Change::AddExclusion {
                table: table.clone(),
                exclusion: c.clone(),
            }),
        },
    );
    let index_key = |i: &hims_model::Index, map: &BTreeMap<String, String>| {
        let mut i = i.clone();
        i.name.clear();
        for k in &mut i.keys {
            if let hims_model::IndexKey::Column { name, .. } = k
                && let Some(to) = map.get(name)
            {
                *name = to.clone();
            }
        }
        i.include = rename_cols(&i.include, map);
        i
    };
    // Like a check, a predicate or an expression key reading a column whose type changes is
    // re-parsed by PostgreSQL (`name::text <> ''::text` becomes `name::bpchar <> …`): the
    // index is replaced (PostgreSQL rebuilds it for the type change anyway).
    let reparsed = |i: &hims_model::Index| {
        touches(&i.include)
            || i.keys.iter().any(
                |k| matches!(k, hims_model::IndexKey::Column { name, .. } if recomputed.contains(name) || dropped_under_rename.contains(name)),
            )
            || i.predicate.as_deref().is_some_and(&on_retyped)
            || i.keys
                .iter()
                .any(|k| matches!(k, hims_model::IndexKey::Expression(e) if on_retyped(e)))
    };
    pair_by_definition(
        &o.indexes,
        &n.indexes,
        |i| i.name.clone(),
        |i| (index_key(i, &renames), reparsed(i)),
        |i| (index_key(i, &BTreeMap::new()), false),
        |pair| match pair {
            Pair::Renamed(a, c) => b.rename_keys.push(Change::RenameIndex {
                schema: table.schema.clone(),
                from: a.name.clone(),
                to: c.name.clone(),
            }),
            Pair::Dropped(a) => b.drop_dependents.push(Change::DropIndex {
                table: before.clone(),
                index: a.clone(),
                concurrently: false,
            }),
            Pair::Added(c) => b.indexes.push(Change::CreateIndex {
                table: table.clone(),
                index: c.clone(),
                concurrently: true,
            }),
        },
    );

    // Row-level security and policies.
    if o.row_security != n.row_security {
        b.security.push(Change::SetRowSecurity {
            table: table.clone(),
            from: o.row_security.clone(),
            to: n.row_security.clone(),
        });
    }
    // A policy that reads a column whose type changes is dropped first (PostgreSQL refuses
    // to change the type under it) and created again. One that reads a renamed column is
    // replaced rather than altered: the undo of ALTER POLICY would name the old column
    // before the rename is undone.
    // Old names of the columns whose collation changes: PostgreSQL refuses that under a
    // policy or a trigger as it refuses a new type.
    let recollated: BTreeSet<&str> = o
        .columns
        .iter()
        .filter(|oc| {
            let now = renames.get(&oc.name).unwrap_or(&oc.name);
            n.column(now).is_some_and(|c| c.collation != oc.collation)
        })
        .map(|oc| oc.name.as_str())
        .collect();
    let altered = |e: &str| on_retyped(e) || recollated.iter().any(|c| mentions_column(e, c));
    let replace = |x: &Policy| {
        [&x.using, &x.with_check].into_iter().flatten().any(|e| {
            altered(e)
                || o.columns
                    .iter()
                    .any(|c| old_col_dropped(&c.name) && mentions_column(e, &c.name))
        })
    };
    for p in &n.policies {
        match o.policies.iter().find(|x| x.name == p.name) {
            None => b.security.push(Change::CreatePolicy {
                table: table.clone(),
                policy: p.clone(),
            }),
            Some(x) if x == p && !replace(x) => {}
            Some(x) if x.command == p.command && x.permissive == p.permissive && !replace(x) => {
                b.security.push(Change::AlterPolicy {
                    table: table.clone(),
                    from: x.clone(),
                    to: p.clone(),
                })
            }
            Some(x) => {
                b.drop_dependents.push(Change::DropPolicy {
                    table: before.clone(),
                    policy: x.clone(),
                });
                b.security.push(Change::CreatePolicy {
                    table: table.clone(),
                    policy: p.clone(),
                });
            }
        }
    }
    for x in &o.policies {
        if !n.policies.iter().any(|p| p.name == x.name) {
            b.drop_dependents.push(Change::DropPolicy {
                table: before.clone(),
                policy: x.clone(),
            });
        }
    }
    // A trigger whose WHEN or UPDATE OF reads a column whose type or collation changes is
    // dropped first and created again (PostgreSQL refuses the change under it).
    let trigger_reads = |x: &hims_model::Trigger| {
        x.when.as_deref().is_some_and(&altered)
            || x.update_of.iter().any(|c| {
                recollated.contains(c.as_str()) || retyped.contains(c) || recomputed.contains(c)
            })
    };
    for tr in &n.triggers {
        match o.triggers.iter().find(|x| x.name == tr.name) {
            Some(x) if x == tr && !trigger_reads(x) => {}
            Some(x) => {
                b.drop_dependents.push(Change::DropTrigger {
                    table: before.clone(),
                    trigger: x.clone(),
                });
                b.triggers.push(Change::CreateTrigger {
                    table: table.clone(),
                    trigger: tr.clone(),
                });
            }
            None => b.triggers.push(Change::CreateTrigger {
                table: table.clone(),
                trigger: tr.clone(),
            }),
        }
    }
    for x in &o.triggers {
        if !n.triggers.iter().any(|t| t.name == x.name) {
            b.drop_dependents.push(Change::DropTrigger {
                table: before.clone(),
                trigger: x.clone(),
            });
        }
    }
    // After the constraints, indexes and policies on them.
    for oc in dropped_generated {
        b.drop_dependents.push(Change::DropColumn {
            table: before.clone(),
            column: oc.clone(),
        });
    }
}

/// Rows `new` holds that `old` lacks are inserted, rows `old` held that `new` lacks are
/// deleted; rows are matched by primary key, and a row whose key stays keeps its values
/// (rows are inserted when absent, never rewritten).
fn diff_rows(t: &Table, old: &[hims_model::Row], new: &[hims_model::Row], b: &mut Buckets) {
    let key: Vec<String> = t
        .primary_key
        .iter()
        .flat_map(|pk| pk.columns.clone())
        .collect();
    let key_of = |r: &hims_model::Row| -> Vec<Option<String>> {
        key.iter().map(|k| r.get(k).cloned()).collect()
    };
    let columns = |r: &hims_model::Row| -> Vec<Column> {
        r.keys().filter_map(|c| t.column(c).cloned()).collect()
    };
    let table = t.qualified_name();
    for r in new {
        if !old.iter().any(|o| key_of(o) == key_of(r)) {
            b.rows.push(Change::InsertRow {
                table: table.clone(),
                row: r.clone(),
                columns: columns(r),
                key: key.clone(),
            });
        }
    }
    for r in old {
        if !new.iter().any(|n| key_of(n) == key_of(r)) {
            b.rows.push(Change::DeleteRow {
                table: table.clone(),
                row: r.clone(),
                columns: columns(r),
                key: key.clone(),
            });
        }
    }
}

/// In-place changes of one column: `from` is the old column under its new name (with any
/// generation and identity change already applied), `old_name` its name in the old model.
fn diff_column(
    n: &Table,
    old_name: &str,
    from: &Column,
    c: &Column,
    b: &mut Buckets,
    retyped: &mut BTreeSet<String>,
    reshaped: &mut BTreeSet<QualifiedName>,
) {
    let table = &n.qualified_name();
    if from.ty != c.ty || from.collation != c.collation {
        // Views that read the column are re-created around it (PostgreSQL refuses to alter
        // the type or collation of a column a view uses). A collation alone leaves the
        // stored text of checks and index expressions as it is (PostgreSQL re-creates them
        // from that text), so only a new type counts as retyped.
        reshaped.insert(table.clone());
        if from.ty != c.ty {
            retyped.insert(old_name.to_string());
        }
        b.columns.push(Change::AlterColumnType {
            table: table.clone(),
            from: from.clone(),
            to: c.clone(),
            relabel: None,
        });
    } else if from.default != c.default {
        b.columns.push(Change::SetDefault {
            table: table.clone(),
            column: c.name.clone(),
            from: from.default.clone(),
            to: c.default.clone(),
        });
    }
    if from.nullable && !c.nullable {
        let fill = match (&c.backfill, &c.default) {
            (Some(e), _) => Some(Fill::Backfill(e.clone())),
            (None, Some(d)) => Some(Fill::Default(d.clone())),
            (None, None) => None,
        };
        let key = n
            .primary_key
            .iter()
            .flat_map(|pk| &pk.columns)
            .filter_map(|k| Some((k.clone(), n.column(k)?.ty.clone())))
            .collect();
        let rust = c.rust_field.as_ref().map(|f| match &n.origin.item {
            Some(item) => format!("{}.{f}", item.rsplit("::").next().unwrap_or(item)),
            None => f.clone(),
        });
        b.columns.push(Change::FillNulls {
            table: table.clone(),
            column: c.name.clone(),
            fill,
            key,
            rust,
        });
        b.columns.push(Change::SetNotNull {
            table: table.clone(),
            column: c.name.clone(),
        });
    } else if !from.nullable && c.nullable {
        b.columns.push(Change::DropNotNull {
            table: table.clone(),
            column: c.name.clone(),
        });
    }
    if from.comment != c.comment {
        b.comments.push(Change::SetComment {
            target: CommentTarget::Column(table.clone(), c.name.clone()),
            from: from.comment.clone(),
            to: c.comment.clone(),
        });
    }
}

/// Whether the column's type is (an array of) one of the `rebuilt` enum types.
fn of_rebuilt_enum(c: &Column, rebuilt: &BTreeSet<QualifiedName>) -> bool {
    c.ty.enum_ref()
        .is_some_and(|(s, e)| rebuilt.contains(&QualifiedName::new(s, e)))
}

/// Whether SQL text `expr` names `column` as an identifier, quoted or not. Over-eager on
/// purpose (a word inside a string literal counts): a false positive only replaces a
/// constraint or policy that could have stayed.
fn mentions_column(expr: &str, column: &str) -> bool {
    let mut chars = expr.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c == '"' {
            let mut ident = String::new();
            while let Some((_, c)) = chars.next() {
                if c == '"' {
                    if chars.peek().is_some_and(|(_, c)| *c == '"') {
                        chars.next();
                        ident.push('"');
                        continue;
                    }
                    break;
                }
                ident.push(c);
            }
            if ident == column {
                return true;
            }
        } else if c.is_alphabetic() || c == '_' {
            let mut end = start + c.len_utf8();
            while let Some(&(i, c)) = chars.peek() {
                if !(c.is_alphanumeric() || c == '_' || c == '$') {
                    break;
                }
                end = i + c.len_utf8();
                chars.next();
            }
            if expr[start..end].to_lowercase() == column {
                return true;
            }
        }
    }
    false
}

enum Pair<'a, T> {
    Renamed(&'a T, &'a T),
    Dropped(&'a T),
    Added(&'a T),
}

/// Pair two lists of named objects: same name and definition → nothing; same definition,
/// other name → renamed; otherwise dropped and added. `old_def`/`new_def` give the
/// definition without the name (old columns already mapped through renames).
fn pair_by_definition<'a, T, D: PartialEq>(
    old: &'a [T],
    new: &'a [T],
    name: impl Fn(&T) -> String,
    old_def: impl Fn(&T) -> D,
    new_def: impl Fn(&T) -> D,
    mut emit: impl FnMut(Pair<'a, T>),
) {
    let mut used_old = vec![false; old.len()];
    let mut unmatched_new = Vec::new();
    for n in new {
        match old.iter().position(|o| name(o) == name(n)) {
            Some(i) if old_def(&old[i]) == new_def(n) => used_old[i] = true,
            _ => unmatched_new.push(n),
        }
    }
    let mut added = Vec::new();
    for n in unmatched_new {
        let renamed = old.iter().enumerate().find(|(i, o)| {
            !used_old[*i] && old_def(o) == new_def(n) && !new.iter().any(|x| name(x) == name(o))
        });
        match renamed {
            Some((i, o)) => {
                used_old[i] = true;
                emit(Pair::Renamed(o, n));
            }
            None => added.push(n),
        }
    }
    for (i, o) in old.iter().enumerate() {
        if !used_old[i] {
            emit(Pair::Dropped(o));
        }
    }
    for n in added {
        emit(Pair::Added(n));
    }
}

/// Referenced tables first; ties and cycles broken by name (cycles need no care here: new
/// tables get their foreign keys after all of them exist).
fn order_by_foreign_keys<'a>(tables: &[&'a Table]) -> Vec<&'a Table> {
    let names: BTreeSet<QualifiedName> = tables.iter().map(|t| t.qualified_name()).collect();
    let mut remaining: Vec<&Table> = tables.to_vec();
    remaining.sort_by_key(|t| t.qualified_name());
    let mut done: BTreeSet<QualifiedName> = BTreeSet::new();
    let mut out = Vec::new();
    while !remaining.is_empty() {
        let pos = remaining
            .iter()
            .position(|t| {
                t.foreign_keys.iter().all(|fk| {
                    !names.contains(&fk.ref_table)
                        || done.contains(&fk.ref_table)
                        || fk.ref_table == t.qualified_name()
                })
            })
            .unwrap_or(0);
        let t = remaining.remove(pos);
        done.insert(t.qualified_name());
        out.push(t);
    }
    out
}

fn diff_functions(old: &Model, new: &Model, created: &[&Table], b: &mut Buckets) {
    let new_tables: BTreeSet<QualifiedName> = created.iter().map(|t| t.qualified_name()).collect();
    let new_views: BTreeSet<QualifiedName> = new
        .views
        .iter()
        .map(View::qualified_name)
        .filter(|v| !old.views.iter().any(|o| o.qualified_name() == *v))
        .collect();
    let late = |f: &Function| {
        new.function_dependencies(f)
            .iter()
            .any(|d| new_tables.contains(d) || new_views.contains(d))
    };
    // What CREATE OR REPLACE cannot change: argument types, names and modes, the result,
    // and removing a default (adding one is allowed; kept simple: any change of defaults);
    // nor a function into a procedure or back.
    let signature = |f: &Function| (f.kind, f.args.clone(), f.returns.clone());
    // The old function a new one follows: the one of the same identity (name and input
    // argument types); else, when the name has one function on each side (no overloads), the
    // old one of that name, whose argument types changed.
    let counterpart = |f: &Function| -> Option<&Function> {
        let name = f.qualified_name();
        let mut of_name = old.functions.iter().filter(|o| o.qualified_name() == name);
        let olds: Vec<&Function> = of_name.by_ref().collect();
        olds.iter()
            .find(|o| o.input_types() == f.input_types())
            .copied()
            .or_else(|| {
                let news = new
                    .functions
                    .iter()
                    .filter(|n| n.qualified_name() == name)
                    .count();
                match olds.as_slice() {
                    [o] if news == 1 => Some(*o),
                    _ => None,
                }
            })
    };
    let mut followed: Vec<&Function> = Vec::new();
    for f in &new.functions {
        let bucket = if late(f) {
            &mut b.late_functions
        } else {
            &mut b.early_functions
        };
        let o = counterpart(f);
        followed.extend(o);
        match o {
            None => bucket.push(Change::CreateFunction(f.clone())),
            Some(o) if strip(o) == strip(f) => {}
            Some(o) if signature(o) == signature(f) => bucket.push(Change::ReplaceFunction {
                from: o.clone(),
                to: f.clone(),
            }),
            Some(o) => {
                b.drop_dependents.push(Change::DropFunction(o.clone()));
                bucket.push(Change::CreateFunction(f.clone()));
            }
        }
    }
    for o in &old.functions {
        if !followed.iter().any(|f| std::ptr::eq(*f, o)) {
            b.drops.push(Change::DropFunction(o.clone()));
        }
    }
}

/// Aggregates created after the functions they call (before the functions that read tables,
/// which may use them, unless they call one of those), dropped before them; a changed one,
/// or one whose function is dropped or created again, is dropped and created again.
fn diff_aggregates(old: &Model, new: &Model, b: &mut Buckets) {
    let dropped: BTreeSet<QualifiedName> = b
        .drop_dependents
        .iter()
        .chain(&b.drops)
        .filter_map(|c| match c {
            Change::DropFunction(f) => Some(f.qualified_name()),
            _ => None,
        })
        .collect();
    let late: BTreeSet<QualifiedName> = b
        .late_functions
        .iter()
        .filter_map(|c| match c {
            Change::CreateFunction(f) | Change::ReplaceFunction { to: f, .. } => {
                Some(f.qualified_name())
            }
            _ => None,
        })
        .collect();
    let plain = |a: &Aggregate| Aggregate {
        origin: Default::default(),
        ..a.clone()
    };
    let mut drops = Vec::new();
    let mut early = Vec::new();
    for a in &new.aggregates {
        let create = Change::CreateAggregate(a.clone());
        match old
            .aggregates
            .iter()
            .find(|o| o.signature() == a.signature())
        {
            Some(o)
                if plain(o) == plain(a)
                    && !o.support_functions().iter().any(|q| dropped.contains(q)) =>
            {
                continue;
            }
            Some(o) => drops.push(Change::DropAggregate(o.clone())),
            None => {}
        }
        if a.support_functions().iter().any(|q| late.contains(q)) {
            b.late_functions.push(create);
        } else {
            early.push(create);
        }
    }
    for o in &old.aggregates {
        if !new
            .aggregates
            .iter()
            .any(|a| a.signature() == o.signature())
        {
            drops.push(Change::DropAggregate(o.clone()));
        }
    }
    b.late_functions.splice(0..0, early);
    b.drop_dependents.splice(0..0, drops);
}

/// A function as the database sees it (dependencies and origin are bookkeeping).
fn strip(f: &Function) -> Function {
    let mut f = f.clone();
    f.depends_on.clear();
    f.origin = Default::default();
    f
}

fn diff_views(old: &Model, new: &Model, reshaped: &BTreeSet<QualifiedName>, b: &mut Buckets) {
    // A view is recreated when it changed, when it reads a reshaped table, when it reads a
    // view that is recreated, or when it calls a function or aggregate that is dropped (and
    // perhaps created again: a new argument list or result, a changed aggregate), which
    // PostgreSQL refuses under it.
    let routines_dropped: BTreeSet<QualifiedName> = b
        .drop_dependents
        .iter()
        .chain(&b.drops)
        .filter_map(|c| match c {
            Change::DropFunction(f) => Some(f.qualified_name()),
            Change::DropAggregate(a) => Some(a.qualified_name()),
            _ => None,
        })
        .collect();
    let mut recreate: BTreeSet<QualifiedName> = BTreeSet::new();
    loop {
        let before = recreate.len();
        for v in &old.views {
            let q = v.qualified_name();
            let changed = match new.views.iter().find(|n| n.qualified_name() == q) {
                None => true,
                // A materialized view is rebuilt for any change of its own (data, indexes):
                // simple and always correct, it holds no data that cannot be refreshed.
                Some(n) => {
                    n.query != v.query
                        || n.security_invoker != v.security_invoker
                        || n.materialized != v.materialized
                }
            };
            let depends = v.depends_on.iter().any(|d| {
                reshaped.contains(d) || recreate.contains(d) || routines_dropped.contains(d)
            });
            if changed || depends {
                recreate.insert(q);
            }
        }
        if recreate.len() == before {
            break;
        }
    }
    // Drop dependents first (reverse dependency order), create in dependency order.
    let ordered_old = view_order(&old.views);
    for v in ordered_old.iter().rev() {
        if recreate.contains(&v.qualified_name()) {
            b.drop_views.push(Change::DropView((*v).clone()));
        }
    }
    for v in view_order(&new.views) {
        let q = v.qualified_name();
        let existed = old.views.iter().any(|o| o.qualified_name() == q);
        if !existed || recreate.contains(&q) {
            b.views.push(Change::CreateView(v.clone()));
            if existed {
                // Privileges die with the dropped view: grant them again.
                for g in &new.grants {
                    if matches!(&g.object, GrantObject::View(x) if *x == q)
                        && old.grants.contains(g)
                    {
                        b.grants.push(Change::Grant(g.clone()));
                    }
                }
            }
        } else if let Some(o) = old.views.iter().find(|o| o.qualified_name() == q)
            && o.comment != v.comment
        {
            b.comments.push(Change::SetComment {
                target: if v.materialized.is_some() {
                    CommentTarget::MaterializedView(q)
                } else {
                    CommentTarget::View(q)
                },
                from: o.comment.clone(),
                to: v.comment.clone(),
            });
        }
    }
}

fn view_order(views: &[View]) -> Vec<&View> {
    let names: BTreeSet<QualifiedName> = views.iter().map(View::qualified_name).collect();
    let mut remaining: Vec<&View> = views.iter().collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    while !remaining.is_empty() {
        let pos = remaining
            .iter()
            .position(|v| {
                v.depends_on
                    .iter()
                    .all(|d| !names.contains(d) || done.contains(d))
            })
            .unwrap_or(0);
        let v = remaining.remove(pos);
        done.insert(v.qualified_name());
        out.push(v);
    }
    out
}

/// Privileges compared per (object, grantee, privilege): a changed list is a grant of what
/// was added and a revoke of what went away.
fn diff_grants(old: &Model, new: &Model, b: &mut Buckets) {
    let explode = |m: &Model| -> BTreeSet<(GrantObject, String, hims_model::Privilege)> {
        m.grants
            .iter()
            .flat_map(|g| {
                g.privileges
                    .iter()
                    .map(move |p| (g.object.clone(), g.grantee.clone(), *p))
            })
            .collect()
    };
    let (o, n) = (explode(old), explode(new));
    let group = |set: Vec<&(GrantObject, String, hims_model::Privilege)>| -> Vec<Grant> {
        let mut map: BTreeMap<(GrantObject, String), Vec<hims_model::Privilege>> = BTreeMap::new();
        for (obj, who, p) in set {
            map.entry((obj.clone(), who.clone())).or_default().push(*p);
        }
        map.into_iter()
            .map(|((object, grantee), privileges)| Grant {
                object,
                privileges,
                grantee,
            })
            .collect()
    };
    for g in group(n.difference(&o).collect()) {
        b.grants.push(Change::Grant(g));
    }
    // Privileges on objects that are gone (dropped or renamed) went with them.
    let exists = |obj: &GrantObject| match obj {
        GrantObject::Schema(s) | GrantObject::AllTablesInSchema(s) => new.schema(s).is_some(),
        GrantObject::Table(q) => new.table(q).is_some(),
        GrantObject::View(q) => new.views.iter().any(|v| v.qualified_name() == *q),
        GrantObject::Function(q) => new.functions.iter().any(|f| f.qualified_name() == *q),
    };
    for g in group(o.difference(&n).filter(|(obj, _, _)| exists(obj)).collect()) {
        b.grants.push(Change::Revoke(g));
    }
}

/// Marks the type changes between a domain and the type beneath it (the old model's domain
/// for the old type, the new model's for the new one).
fn relabel_domain_columns(old: &Model, new: &Model, columns: &mut [Change]) {
    let domain = |m: &Model, t: &ColumnType| match t {
        ColumnType::Enum { schema, name } => m.domain(schema, name).cloned(),
        _ => None,
    };
    for c in columns {
        if let Change::AlterColumnType {
            from, to, relabel, ..
        } = c
        {
            *relabel = match (domain(old, &from.ty), domain(new, &to.ty)) {
                (Some(d), _) if d.base == to.ty => Some(crate::Relabel::ToBase),
                (_, Some(d)) if d.base == from.ty => Some(crate::Relabel::ToDomain {
                    checked: d.not_null || !d.checks.is_empty(),
                }),
                _ => None,
            };
        }
    }
}

/// Composite types by name: created in dependency order before anything uses them;
/// attributes matched by name, dropped, retyped in place (refused by [`check_plan`] while a
/// column holds the type) and added (appended, as PostgreSQL does: like a table's columns,
/// attribute order is not compared by drift); dropped in the reverse order after the
/// tables and functions that use them.
fn diff_composites(old: &Model, new: &Model, b: &mut Buckets) {
    for c in new.composites_in_dependency_order() {
        let name = c.qualified_name();
        let Some(o) = old.composite(&c.schema, &c.name) else {
            b.composites.push(Change::CreateComposite(c.clone()));
            continue;
        };
        let columns = old.columns_holding_composite(&name);
        for a in o
            .attributes
            .iter()
            .filter(|a| c.attribute(&a.name).is_none())
        {
            b.composites.push(Change::DropCompositeAttribute {
                composite: name.clone(),
                attribute: a.clone(),
                columns: columns.clone(),
            });
        }
        for a in &c.attributes {
            match o.attribute(&a.name) {
                Some(from) if from != a => b.composites.push(Change::AlterCompositeAttribute {
                    composite: name.clone(),
                    from: from.clone(),
                    to: a.clone(),
                    columns: columns.clone(),
                }),
                Some(_) => {}
                None => b.composites.push(Change::AddCompositeAttribute {
                    composite: name.clone(),
                    attribute: a.clone(),
                }),
            }
        }
        if o.comment != c.comment {
            b.comments.push(Change::SetComment {
                target: CommentTarget::Type(name),
                from: o.comment.clone(),
                to: c.comment.clone(),
            });
        }
    }
    for o in old.composites_in_dependency_order().into_iter().rev() {
        if new.composite(&o.schema, &o.name).is_none() {
            b.drops.push(Change::DropComposite(o.clone()));
        }
    }
}

/// Domains by name: created in dependency order before anything uses them; default, NOT
/// NULL and checks altered in place (a new check `NOT VALID`, validated online; a changed
/// one dropped and added); a new base type or collation refused by [`check_plan`]; dropped
/// after the tables, functions and domains that use them, before the enum types beneath.
fn diff_domains(old: &Model, new: &Model, b: &mut Buckets) {
    for d in new.domains_in_dependency_order() {
        let name = d.qualified_name();
        let Some(o) = old.domain(&d.schema, &d.name) else {
            b.domains.push(Change::CreateDomain(d.clone()));
            continue;
        };
        if o.base != d.base || o.collation != d.collation {
            b.domains.push(Change::RetypeDomain {
                from: o.clone(),
                to: d.clone(),
            });
            continue;
        }
        if o.default != d.default {
            b.domains.push(Change::SetDomainDefault {
                domain: name.clone(),
                from: o.default.clone(),
                to: d.default.clone(),
            });
        }
        for c in o.checks.iter().filter(|c| !d.checks.contains(c)) {
            b.domains.push(Change::DropDomainCheck {
                domain: name.clone(),
                check: c.clone(),
            });
        }
        for c in d.checks.iter().filter(|c| !o.checks.contains(c)) {
            b.domains.push(Change::AddDomainCheck {
                domain: name.clone(),
                check: c.clone(),
                not_valid: true,
            });
            b.validations.push(Change::ValidateDomainCheck {
                domain: name.clone(),
                name: c.name.clone(),
            });
        }
        if o.not_null != d.not_null {
            b.domains.push(Change::SetDomainNotNull {
                domain: name.clone(),
                not_null: d.not_null,
            });
        }
        if o.comment != d.comment {
            b.comments.push(Change::SetComment {
                target: CommentTarget::Domain(name),
                from: o.comment.clone(),
                to: d.comment.clone(),
            });
        }
    }
    for o in old.domains_in_dependency_order().into_iter().rev() {
        if new.domain(&o.schema, &o.name).is_none() {
            b.drops.push(Change::DropDomain(o.clone()));
        }
    }
}

/// Sequences by name: created (before the tables whose defaults call them), altered in
/// place, owners set once their tables exist and released before anything is dropped, and
/// dropped after the tables.
///
/// An owner column renamed (or its table) is still the owner: PostgreSQL follows it, so the
/// old owner is compared, and restored by an undo (which runs before the renames' undo), by
/// its new names.
fn diff_sequences(old: &Model, new: &Model, matched: &[(&Table, &Table)], b: &mut Buckets) {
    let find = |m: &Model, q: &hims_model::Sequence| {
        m.sequences
            .iter()
            .find(|o| o.schema == q.schema && o.name == q.name)
            .cloned()
    };
    // The old owner by its new names (a dropped column by its old name in its renamed
    // table: the undo adds it back there before the renames are undone); as it was when its
    // table is gone.
    let followed = |schema: &str, o: SequenceOwner| -> SequenceOwner {
        let Some((ot, nt)) = matched
            .iter()
            .find(|(ot, _)| ot.schema == schema && ot.name == o.table)
        else {
            return o;
        };
        let renames = column_renames(ot, nt);
        SequenceOwner {
            table: nt.name.clone(),
            column: renames.get(&o.column).cloned().unwrap_or(o.column),
        }
    };
    // An owner column dropped and added again (a new generation expression, a plain column
    // becoming generated, the undo of a generated one becoming plain) would take its sequence
    // with it: the ownership is released before
    // anything is renamed or dropped (by the old names) and set again with the other owners.
    let recomputed = |schema: &str, o: &SequenceOwner| -> bool {
        let Some((ot, nt)) = matched
            .iter()
            .find(|(ot, _)| ot.schema == schema && ot.name == o.table)
        else {
            return false;
        };
        let renames = column_renames(ot, nt);
        let taken = !renames.contains_key(&o.column) && renames.values().any(|t| *t == o.column);
        let new_name = renames.get(&o.column).unwrap_or(&o.column);
        match (ot.column(&o.column), nt.column(new_name)) {
            // Either way: a generated column becoming plain keeps its values (DROP
            // EXPRESSION), but the undo of that recomputes it.
            (Some(oc), Some(nc)) if !taken => {
                oc.generated != nc.generated || oc.virtual_generated != nc.virtual_generated
            }
            _ => false,
        }
    };
    let release_early = |q: &hims_model::Sequence, b: &mut Buckets| -> bool {
        match &q.owned_by {
            Some(o) if recomputed(&q.schema, o) => {
                b.drop_dependents.push(Change::SetSequenceOwner {
                    sequence: q.qualified_name(),
                    from: Some(o.clone()),
                    to: None,
                });
                true
            }
            _ => false,
        }
    };
    for q in &new.sequences {
        let before = find(old, q);
        let released = before.as_ref().is_some_and(|o| release_early(o, b));
        let owner_before = before
            .as_ref()
            .and_then(|o| o.owned_by.clone())
            .filter(|_| !released)
            .map(|o| followed(&q.schema, o));
        match &before {
            None => b.setup.push(Change::CreateSequence(q.clone())),
            Some(o) if o.ty != q.ty || o.options != q.options => {
                b.setup.push(Change::AlterSequence {
                    from: o.clone(),
                    to: q.clone(),
                })
            }
            Some(_) => {}
        }
        if owner_before != q.owned_by {
            b.constraints.push(Change::SetSequenceOwner {
                sequence: q.qualified_name(),
                from: owner_before,
                to: q.owned_by.clone(),
            });
        }
        // A new sequence is created with its comment.
        if let Some(o) = before
            && o.comment != q.comment
        {
            b.comments.push(Change::SetComment {
                target: CommentTarget::Sequence(q.qualified_name()),
                from: o.comment,
                to: q.comment.clone(),
            });
        }
    }
    for o in &old.sequences {
        if find(new, o).is_some() {
            continue;
        }
        if let Some(owner) = &o.owned_by
            && !release_early(o, b)
        {
            b.constraints.push(Change::SetSequenceOwner {
                sequence: o.qualified_name(),
                from: Some(followed(&o.schema, owner.clone())),
                to: None,
            });
        }
        let mut gone = o.clone();
        gone.owned_by = None;
        b.drops.push(Change::DropSequence(gone));
    }
}

#[cfg(test)]
mod tests {
    use super::mentions_column;

    #[test]
    fn column_mentions_are_found_quoted_or_not_and_whole_words_only() {
        assert!(mentions_column("qty >= 0", "qty"));
        assert!(mentions_column("(\"Qty\" > 0) AND x", "Qty"));
        assert!(mentions_column("lower(NAME)", "name"));
        assert!(mentions_column("\"we\"\"ird\" IS NOT NULL", "we\"ird"));
        assert!(!mentions_column("qty_max >= 0", "qty"));
        assert!(!mentions_column("\"Qty\" > 0", "qty"));
        assert!(!mentions_column("t.qtys > 0", "qty"));
    }
}
