//! The diff itself: match objects by name (and rename hints), then emit changes into
//! ordered buckets so that every statement finds what it needs.

use crate::changes::{Change, CommentTarget, EnumPosition};
use hims_model::{
    Column, DefaultValue, ForeignKey, Function, Grant, GrantObject, Model, Policy, QualifiedName,
    Table, View,
};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

#[derive(Default)]
struct Buckets {
    setup: Vec<Change>,
    enums: Vec<Change>,
    drop_views: Vec<Change>,
    /// Before the keys they reference are dropped.
    drop_foreign_keys: Vec<Change>,
    drop_dependents: Vec<Change>,
    /// Enum types replaced, once what reads their columns (policies, views) is dropped and
    /// before anything uses a new value.
    rebuild_enums: Vec<Change>,
    early_functions: Vec<Change>,
    rename_tables: Vec<Change>,
    /// Constraints and indexes renamed before new tables take the names they free.
    rename_keys: Vec<Change>,
    tables: Vec<Change>,
    columns: Vec<Change>,
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
            self.drop_views,
            self.drop_foreign_keys,
            self.drop_dependents,
            self.rebuild_enums,
            self.early_functions,
            self.rename_tables,
            self.rename_keys,
            self.tables,
            self.columns,
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
    // Old tables renamed away by a hint: a new table that takes the freed name is new.
    let claimed: HashSet<(&str, &str)> = new
        .tables
        .iter()
        .filter(|t| !old_tables.contains_key(&(t.schema.as_str(), t.name.as_str())))
        .filter_map(|t| {
            let from = t.renamed_from.as_deref()?;
            old_tables
                .contains_key(&(t.schema.as_str(), from))
                .then_some((t.schema.as_str(), from))
        })
        .collect();
    let mut matched: Vec<(&Table, &Table)> = Vec::new();
    let mut created: Vec<&Table> = Vec::new();
    for t in &new.tables {
        let by_name = old_tables
            .get(&(t.schema.as_str(), t.name.as_str()))
            .copied()
            .filter(|_| !claimed.contains(&(t.schema.as_str(), t.name.as_str())));
        let by_hint = t
            .renamed_from
            .as_ref()
            .and_then(|from| old_tables.get(&(t.schema.as_str(), from.as_str())).copied())
            .filter(|_| by_name.is_none());
        match (by_name, by_hint) {
            (Some(o), _) => matched.push((o, t)),
            (None, Some(o)) => {
                b.rename_tables.push(Change::RenameTable {
                    from: o.qualified_name(),
                    to: t.name.clone(),
                });
                matched.push((o, t));
            }
            (None, None) => created.push(t),
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

    // Tables whose columns change shape: views reading them are dropped and recreated.
    let mut reshaped: BTreeSet<QualifiedName> =
        dropped.iter().map(|t| t.qualified_name()).collect();

    for (o, n) in &matched {
        if o.partition_by != n.partition_by {
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
                from: (*o).clone(),
                to: (*n).clone(),
                columns,
            });
            continue;
        }
        diff_table(o, n, &mut b, &mut reshaped, &rebuilt);
    }

    for t in order_by_foreign_keys(&created) {
        let mut bare = (*t).clone();
        let fks = std::mem::take(&mut bare.foreign_keys);
        let rls = bare.row_security.take();
        let policies = std::mem::take(&mut bare.policies);
        let triggers = std::mem::take(&mut bare.triggers);
        let name = t.qualified_name();
        b.tables.push(Change::CreateTable(bare));
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
        b.drops.push(Change::DropTable(without));
    }

    diff_functions(old, new, &created, &mut b);
    diff_views(old, new, &reshaped, &mut b);
    diff_grants(old, new, &mut b);

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
    b.into_plan()
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
        let mut values = o.values.clone();
        let mut renamed: Vec<(&String, &String)> = Vec::new();
        for (from, to) in &e.renamed_values {
            if let Some(v) = values.iter_mut().find(|v| *v == from)
                && !o.values.contains(to)
            {
                *v = to.clone();
                renamed.push((from, to));
                b.enums.push(Change::RenameEnumValue {
                    name: name.clone(),
                    from: from.clone(),
                    to: to.clone(),
                });
            }
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
                    .find(|(from, _)| *from == v)
                    .map_or(v, |(_, to)| *to);
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

/// Column renames of a matched table pair: old name → new name.
fn column_renames(o: &Table, n: &Table) -> BTreeMap<String, String> {
    n.columns
        .iter()
        .filter_map(|c| {
            let from = c.renamed_from.as_ref()?;
            (o.column(from).is_some() && o.column(&c.name).is_none())
                .then(|| (from.clone(), c.name.clone()))
        })
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
) {
    let table = n.qualified_name();
    // What runs before the table is renamed (dependents dropped first) names it as it was.
    let before = o.qualified_name();
    let renames = column_renames(o, n);
    if o.name != n.name || !renames.is_empty() {
        reshaped.insert(table.clone());
    }

    // Columns.
    for (from, to) in &renames {
        b.columns.push(Change::RenameColumn {
            table: table.clone(),
            from: from.clone(),
            to: to.clone(),
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
    // Old names of the columns whose type changes.
    // A column of a rebuilt enum type changes type too (to the new type of the same name).
    let mut retyped: BTreeSet<&str> = o
        .columns
        .iter()
        .filter(|c| of_rebuilt_enum(c, rebuilt_enums))
        .map(|c| c.name.as_str())
        .collect();
    if !retyped.is_empty() {
        reshaped.insert(table.clone());
    }
    for c in &n.columns {
        let Some(oc) = old_col(&c.name) else {
            b.columns.push(Change::AddColumn {
                table: table.clone(),
                column: c.clone(),
            });
            continue;
        };
        if oc.generated != c.generated || oc.identity != c.identity {
            // No in-place form: the column is replaced.
            reshaped.insert(table.clone());
            b.drops.push(Change::DropColumn {
                table: table.clone(),
                column: oc.clone(),
            });
            b.columns.push(Change::AddColumn {
                table: table.clone(),
                column: c.clone(),
            });
            continue;
        }
        if oc.ty != c.ty {
            reshaped.insert(table.clone());
            retyped.insert(&oc.name);
            let mut from = oc.clone();
            from.name = c.name.clone();
            b.columns.push(Change::AlterColumnType {
                table: table.clone(),
                from,
                to: c.clone(),
            });
        } else if oc.default != c.default {
            b.columns.push(Change::SetDefault {
                table: table.clone(),
                column: c.name.clone(),
                from: oc.default.clone(),
                to: c.default.clone(),
            });
        }
        if oc.nullable && !c.nullable {
            b.columns.push(Change::SetNotNull {
                table: table.clone(),
                column: c.name.clone(),
            });
        } else if !oc.nullable && c.nullable {
            b.columns.push(Change::DropNotNull {
                table: table.clone(),
                column: c.name.clone(),
            });
        }
        if oc.comment != c.comment {
            b.comments.push(Change::SetComment {
                target: CommentTarget::Column(table.clone(), c.name.clone()),
                from: oc.comment.clone(),
                to: c.comment.clone(),
            });
        }
    }
    // Dropped columns, last first, at the end of the plan. A generated column (its values
    // are derived) goes with the dependents, before anything is renamed or retyped: its
    // expression names the columns it reads by their old names and types, and its undo
    // runs once those are restored.
    let (dropped_generated, dropped): (Vec<&Column>, Vec<&Column>) = o
        .columns
        .iter()
        .rev()
        .filter(|oc| n.column(&oc.name).is_none() && !renames.contains_key(&oc.name))
        .partition(|c| c.generated.is_some());
    if !dropped.is_empty() || !dropped_generated.is_empty() {
        reshaped.insert(table.clone());
    }
    b.drops.splice(
        0..0,
        dropped.into_iter().map(|oc| Change::DropColumn {
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
    match (&o.primary_key, &n.primary_key) {
        (Some(a), Some(c)) if rename_cols(&a.columns, &renames) == c.columns => {
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
            let mut u = u.clone();
            u.columns = rename_cols(&u.columns, &renames);
            u.name.clear();
            u
        },
        |u| {
            let mut u = u.clone();
            u.name.clear();
            u
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
    let on_retyped = |expr: &str| retyped.iter().any(|c| mentions_column(expr, c));
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
    let fk_key = |fk: &ForeignKey, map: &BTreeMap<String, String>| {
        let mut f = fk.clone();
        f.columns = rename_cols(&f.columns, map);
        f.name.clear();
        f
    };
    pair_by_definition(
        &o.foreign_keys,
        &n.foreign_keys,
        |f| f.name.clone(),
        |f| fk_key(f, &renames),
        |f| fk_key(f, &BTreeMap::new()),
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
            let mut x = x.clone();
            x.name.clear();
            x
        },
        |x| {
            let mut x = x.clone();
            x.name.clear();
            x
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
        i.predicate.as_deref().is_some_and(&on_retyped)
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
    let replace = |x: &Policy| {
        [&x.using, &x.with_check]
            .into_iter()
            .flatten()
            .any(|e| on_retyped(e) || renames.keys().any(|c| mentions_column(e, c)))
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
    for tr in &n.triggers {
        match o.triggers.iter().find(|x| x.name == tr.name) {
            Some(x) if x == tr => {}
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
        f.depends_on
            .iter()
            .any(|d| new_tables.contains(d) || new_views.contains(d))
    };
    let signature = |f: &Function| {
        (
            f.args.iter().map(|a| a.ty.clone()).collect::<Vec<_>>(),
            f.returns.clone(),
        )
    };
    for f in &new.functions {
        let bucket = if late(f) {
            &mut b.late_functions
        } else {
            &mut b.early_functions
        };
        match old
            .functions
            .iter()
            .find(|o| o.qualified_name() == f.qualified_name())
        {
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
        if !new
            .functions
            .iter()
            .any(|f| f.qualified_name() == o.qualified_name())
        {
            b.drops.push(Change::DropFunction(o.clone()));
        }
    }
}

/// A function as the database sees it (dependencies and origin are bookkeeping).
fn strip(f: &Function) -> Function {
    let mut f = f.clone();
    f.depends_on.clear();
    f.origin = Default::default();
    f
}

fn diff_views(old: &Model, new: &Model, reshaped: &BTreeSet<QualifiedName>, b: &mut Buckets) {
    // A view is recreated when it changed, when it reads a reshaped table, or when it reads
    // a view that is recreated.
    let mut recreate: BTreeSet<QualifiedName> = BTreeSet::new();
    loop {
        let before = recreate.len();
        for v in &old.views {
            let q = v.qualified_name();
            let changed = match new.views.iter().find(|n| n.qualified_name() == q) {
                None => true,
                Some(n) => n.query != v.query || n.security_invoker != v.security_invoker,
            };
            let depends = v
                .depends_on
                .iter()
                .any(|d| reshaped.contains(d) || recreate.contains(d));
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
                target: CommentTarget::View(q),
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
