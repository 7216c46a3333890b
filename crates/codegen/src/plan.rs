//! The Rust names of a whole model, decided once so that every module agrees on them:
//! module per schema, enum per enum type, struct per table (each unique in its module, and
//! never one of the names the generated code itself uses).

use crate::module::needs_rule;
use crate::naming::{
    AGGREGATE_TYPE_NAMES, COMPOSITE_TYPE_NAMES, DOMAIN_TYPE_NAMES, FUNCTION_TYPE_NAMES, Names,
    RESERVED_TYPE_NAMES, RULE_TYPE_NAMES, SEQUENCE_TYPE_NAMES, VIEW_TYPE_NAMES, enum_name,
    module_name, struct_name,
};
use hims_model::{Model, QualifiedName};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default)]
pub struct NamePlan {
    /// schema → module identifier (`billing`, `r#type`).
    pub modules: BTreeMap<String, String>,
    pub enums: BTreeMap<QualifiedName, String>,
    pub tables: BTreeMap<QualifiedName, String>,
}

impl NamePlan {
    pub fn new(model: &Model) -> NamePlan {
        let mut plan = NamePlan::default();
        let mut schemas: Vec<&str> = model
            .schemas
            .iter()
            .map(|s| s.name.as_str())
            .chain(model.enums.iter().map(|e| e.schema.as_str()))
            .chain(model.tables.iter().map(|t| t.schema.as_str()))
            .collect();
        schemas.sort();
        schemas.dedup();
        // Modules are always reached as `super::<module>`, so even `core` or `std` is fine.
        let mut modules = Names::default();
        for s in &schemas {
            plan.modules
                .insert(s.to_string(), modules.take(&module_name(s), "_"));
        }
        for s in &schemas {
            // The model types the module will import, by what it declares.
            let mut reserved: Vec<&str> = RESERVED_TYPE_NAMES.to_vec();
            if model.functions.iter().any(|f| f.schema == *s) {
                reserved.extend(FUNCTION_TYPE_NAMES);
            }
            if model.views.iter().any(|v| v.schema == *s) {
                reserved.extend(VIEW_TYPE_NAMES);
            }
            if model.domains.iter().any(|d| d.schema == *s) {
                reserved.extend(DOMAIN_TYPE_NAMES);
            }
            if model.aggregates.iter().any(|a| a.schema == *s) {
                reserved.extend(AGGREGATE_TYPE_NAMES);
            }
            if model.composites.iter().any(|c| c.schema == *s) {
                reserved.extend(COMPOSITE_TYPE_NAMES);
            }
            if model.sequences.iter().any(|q| q.schema == *s) {
                reserved.extend(SEQUENCE_TYPE_NAMES);
            }
            if model.tables.iter().any(|t| t.schema == *s && needs_rule(t)) {
                reserved.extend(RULE_TYPE_NAMES);
            }
            let mut names = Names::with_reserved(&reserved);
            // Each derive also defines `<Name>Iden`; both names must be free.
            let mut take = |wanted: String| names.take_with_companion(&wanted, "", Some("Iden"));
            let mut enums: Vec<&str> = model
                .enums
                .iter()
                .filter(|e| e.schema == *s)
                .map(|e| e.name.as_str())
                .collect();
            enums.sort();
            for e in enums {
                plan.enums
                    .insert(QualifiedName::new(*s, e), take(enum_name(e)));
            }
            let mut tables: Vec<&str> = model
                .tables
                .iter()
                .filter(|t| t.schema == *s)
                .map(|t| t.name.as_str())
                .collect();
            tables.sort();
            for t in tables {
                plan.tables
                    .insert(QualifiedName::new(*s, t), take(struct_name(t)));
            }
        }
        plan
    }

    /// The path of an item of schema `of` as seen from the module of schema `from`.
    pub fn path(&self, from: &str, of: &str, item: &str) -> String {
        if from == of {
            item.to_string()
        } else {
            format!("super::{}::{item}", self.modules[of])
        }
    }

    pub fn enum_path(&self, from: &str, schema: &str, name: &str) -> Option<String> {
        let item = self.enums.get(&QualifiedName::new(schema, name))?;
        Some(self.path(from, schema, item))
    }

    pub fn table_path(&self, from: &str, table: &QualifiedName) -> Option<String> {
        let item = self.tables.get(table)?;
        Some(self.path(from, &table.schema, item))
    }
}
