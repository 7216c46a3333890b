//! Dependency order of tables: referenced tables first. Ties and cycles are broken by
//! name, so the order is deterministic; a foreign key that closes a cycle is reported as
//! deferred and added after every table exists.

use hims_model::{Model, QualifiedName};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableOrder {
    pub tables: Vec<QualifiedName>,
    /// `(table, foreign key name)` of foreign keys whose target comes later in `tables`.
    pub deferred_foreign_keys: BTreeSet<(QualifiedName, String)>,
}

pub fn table_order(model: &Model) -> TableOrder {
    let mut deps: BTreeMap<QualifiedName, BTreeSet<QualifiedName>> = model
        .tables
        .iter()
        .map(|t| {
            let targets = t
                .foreign_keys
                .iter()
                .map(|fk| fk.ref_table.clone())
                .filter(|r| *r != t.qualified_name() && model.table(r).is_some())
                .collect();
            (t.qualified_name(), targets)
        })
        .collect();
    let mut done: BTreeSet<QualifiedName> = BTreeSet::new();
    let mut tables = Vec::new();
    while !deps.is_empty() {
        let ready = deps
            .iter()
            .find(|(_, d)| d.iter().all(|x| done.contains(x)))
            .map(|(n, _)| n.clone());
        // In a cycle nothing is ready: take the first remaining table by name; its
        // foreign keys to tables not yet created are deferred below.
        let next = ready.unwrap_or_else(|| deps.keys().next().expect("non-empty").clone());
        deps.remove(&next);
        done.insert(next.clone());
        tables.push(next);
    }
    let position: BTreeMap<&QualifiedName, usize> =
        tables.iter().enumerate().map(|(i, t)| (t, i)).collect();
    let mut deferred = BTreeSet::new();
    for t in &model.tables {
        let me = position[&t.qualified_name()];
        for fk in &t.foreign_keys {
            if position.get(&fk.ref_table).is_some_and(|&p| p > me) {
                deferred.insert((t.qualified_name(), fk.name.clone()));
            }
        }
    }
    TableOrder {
        tables,
        deferred_foreign_keys: deferred,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hims_model::{Column, ColumnType, ForeignKey, PrimaryKey, Schema, Table};

    fn table(name: &str, refs: &[&str]) -> Table {
        let mut t = Table::new("s", name);
        t.columns
            .push(Column::new("id", ColumnType::Integer, false));
        t.primary_key = Some(PrimaryKey {
            name: format!("{name}_pkey"),
            columns: vec!["id".into()],
            deferral: Default::default(),
        });
        for r in refs {
            t.columns
                .push(Column::new(format!("{r}_id"), ColumnType::Integer, true));
            t.foreign_keys.push(ForeignKey {
                name: format!("{name}_{r}_fkey"),
                columns: vec![format!("{r}_id")],
                ref_table: QualifiedName::new("s", *r),
                ref_columns: vec!["id".into()],
                on_delete: Default::default(),
                on_update: Default::default(),
                deferral: Default::default(),
            });
        }
        t
    }

    fn model(tables: Vec<Table>) -> Model {
        Model {
            schemas: vec![Schema {
                name: "s".into(),
                comment: None,
                naming_rules: true,
                origin: Default::default(),
            }],
            tables,
            ..Default::default()
        }
    }

    fn names(o: &TableOrder) -> Vec<&str> {
        o.tables.iter().map(|t| t.name.as_str()).collect()
    }

    #[test]
    fn referenced_tables_come_first_whatever_the_declaration_order() {
        let a = table_order(&model(vec![
            table("a", &["b"]),
            table("b", &["c"]),
            table("c", &[]),
        ]));
        let b = table_order(&model(vec![
            table("c", &[]),
            table("a", &["b"]),
            table("b", &["c"]),
        ]));
        assert_eq!(names(&a), ["c", "b", "a"]);
        assert_eq!(a, b);
        assert!(a.deferred_foreign_keys.is_empty());
    }

    #[test]
    fn cycles_are_broken_by_name_and_the_closing_key_deferred() {
        let o = table_order(&model(vec![
            table("x", &["y"]),
            table("y", &["x"]),
            table("z", &["z"]),
        ]));
        assert_eq!(names(&o), ["z", "x", "y"]);
        let deferred: Vec<_> = o
            .deferred_foreign_keys
            .iter()
            .map(|(_, n)| n.as_str())
            .collect();
        assert_eq!(deferred, ["x_y_fkey"]);
    }
}
