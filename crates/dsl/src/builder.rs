//! Gathers the declarations of a whole database into one validated model.

use crate::{PgEnum, Table};
use hims_model::{Function, Grant, Model, Origin, Problems, Role, Schema, View};

/// Collects schemas, enums, tables and other objects in any order; [`ModelBuilder::build`]
/// sorts them (so declaration order never shows in the output) and validates the result.
#[derive(Debug, Default)]
pub struct ModelBuilder {
    model: Model,
}

impl ModelBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn extension(&mut self, name: &str) -> &mut Self {
        self.model.extensions.push(name.to_string());
        self
    }

    pub fn schema(&mut self, name: &str, comment: &str) -> &mut Self {
        self.model.schemas.push(Schema {
            name: name.to_string(),
            comment: (!comment.is_empty()).then(|| comment.to_string()),
            origin: Origin::default(),
        });
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

    pub fn view(&mut self, view: View) -> &mut Self {
        self.model.views.push(view);
        self
    }

    pub fn grant(&mut self, grant: Grant) -> &mut Self {
        self.model.grants.push(grant);
        self
    }

    /// Gives mutable access for rules applied across many tables (e.g. tenancy).
    pub fn model_mut(&mut self) -> &mut Model {
        &mut self.model
    }

    /// The canonical, validated model, or every problem found.
    pub fn build(&self) -> Result<Model, Problems> {
        let mut model = self.model.clone();
        model.canonicalize();
        model.validate()?;
        Ok(model)
    }
}
