//! Plain data describing a set of PostgreSQL schemas: schemas, enum types, tables (columns,
//! keys, checks, foreign keys, indexes, row-level security, policies, triggers), functions,
//! views, roles and grants.
//!
//! Architecture invariant: this crate does no I/O and knows no SQL dialect beyond type names.
//! Everything else in the workspace speaks this model. [`Model::canonicalize`] gives it one
//! order regardless of declaration order, and [`Model::to_canonical_json`] is the snapshot
//! form stored next to each released migration.

mod types;
mod validate;

use serde::{Deserialize, Serialize};
use std::fmt;

pub use types::{ColumnType, INTERVAL_FIELDS, TypeParseError, is_plain_identifier};
pub use validate::{Problem, Problems};

/// PostgreSQL truncates identifiers longer than this many bytes (NAMEDATALEN - 1).
pub const MAX_IDENTIFIER_BYTES: usize = 63;

/// The column that makes a table tenant-scoped.
pub const TENANT_COLUMN: &str = "tenant_id";

/// `schema.name` of a schema-scoped object (table, enum type, function, view).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct QualifiedName {
    pub schema: String,
    pub name: String,
}

impl QualifiedName {
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            schema: schema.into(),
            name: name.into(),
        }
    }
}

impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.schema, self.name)
    }
}

/// Where a model object was declared in Rust, for error messages. Not part of the snapshot:
/// renaming a Rust struct does not change the database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// Rust item, e.g. `schema_defs::core::Patient`.
    pub item: Option<String>,
}

impl Origin {
    pub fn item(item: impl Into<String>) -> Self {
        Self {
            item: Some(item.into()),
        }
    }
}

/// The whole database schema set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Model {
    /// Extensions the schema needs (`pg_trgm`, `btree_gist`), created before anything else.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<String>,
    /// Types the extensions create that columns use (`public.citext`): named by columns
    /// like the model's own types, created by `CREATE EXTENSION`, never by the model.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extension_types: Vec<QualifiedName>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    pub schemas: Vec<Schema>,
    pub enums: Vec<EnumType>,
    pub tables: Vec<Table>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<Function>,
    /// `CREATE AGGREGATE`: aggregates over the model's (or built-in) state functions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aggregates: Vec<Aggregate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<View>,
    /// `CREATE SEQUENCE`: standalone, or owned by a column (what `serial` creates).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<Sequence>,
    /// `CREATE DOMAIN`: named types over a base type, which columns use like enum types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<Domain>,
    /// `CREATE TYPE … AS (…)`: composite types, which columns, other composite types and
    /// functions use like enum types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub composites: Vec<CompositeType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The naming rules of definitions written for this project apply to the schema's
    /// objects (lower-case snake_case, see `validate`). Off for a schema imported from an
    /// existing database, whose names are kept exactly as the database has them (`"User"`,
    /// `"createdAt"`); SQL quotes every name either way. Only the builder reads it: two
    /// databases never differ by it.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub naming_rules: bool,
    #[serde(skip)]
    pub origin: Origin,
}

/// `CREATE TYPE schema.name AS ENUM (values...)`; the order of `values` is the sort order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumType {
    pub schema: String,
    pub name: String,
    pub values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
    /// Rename hints `(old value, new value)`. Never in snapshots.
    #[serde(skip)]
    pub renamed_values: Vec<(String, String)>,
}

impl EnumType {
    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.schema, &self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub schema: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Owned by one tenant: has `tenant_id`, row-level security isolates tenants.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tenant_scoped: bool,
    /// Carries the standard compliance columns (`created_at` … `version`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub compliance: bool,
    /// Declaration order is column order.
    pub columns: Vec<Column>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<PrimaryKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uniques: Vec<Unique>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusions: Vec<Exclusion>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
    /// `PARTITION BY …`. With `partitions` `None` a DEFAULT partition `<table>_default`
    /// always exists so that no insert fails for want of a partition (other partitions come
    /// from run time and are not compared by drift).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_by: Option<Partitioning>,
    /// The declared partitions of a partitioned table, exactly (none, a DEFAULT one or not):
    /// what an import reads. `None` = the implicit `<table>_default` alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partitions: Option<Vec<Partition>>,
    /// Row-level security; `None` = disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_security: Option<RowSecurity>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Policy>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<Trigger>,
    /// Rows the table always holds (the one tenant of a single-hospital database made
    /// multi-tenant): each inserted when absent, by key, right after the table and its
    /// columns exist and before any column is filled; removed again by the undo of the
    /// migration that added it. Data, not catalog: drift does not read it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<Row>,
    #[serde(skip)]
    pub origin: Origin,
    /// Rename hint: the table's previous name (same schema). Never in snapshots.
    #[serde(skip)]
    pub renamed_from: Option<String>,
}

impl Table {
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            schema: schema.into(),
            name: name.into(),
            comment: None,
            tenant_scoped: false,
            compliance: false,
            columns: Vec::new(),
            primary_key: None,
            uniques: Vec::new(),
            checks: Vec::new(),
            foreign_keys: Vec::new(),
            exclusions: Vec::new(),
            indexes: Vec::new(),
            partition_by: None,
            partitions: None,
            row_security: None,
            policies: Vec::new(),
            triggers: Vec::new(),
            rows: Vec::new(),
            origin: Origin::default(),
            renamed_from: None,
        }
    }

    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.schema, &self.name)
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Whether `columns` (in any order) is exactly the primary key or a unique constraint,
    /// which PostgreSQL requires of a foreign key's referenced columns.
    pub fn has_unique_key(&self, columns: &[String]) -> bool {
        let same =
            |key: &[String]| key.len() == columns.len() && columns.iter().all(|c| key.contains(c));
        self.primary_key
            .as_ref()
            .is_some_and(|pk| same(&pk.columns))
            || self.uniques.iter().any(|u| same(&u.columns))
    }

    /// Whether `columns` (in any order) is a key that is not deferrable: what a foreign key
    /// may reference (PostgreSQL refuses a deferrable one).
    pub fn has_immediate_unique_key(&self, columns: &[String]) -> bool {
        let same =
            |key: &[String]| key.len() == columns.len() && columns.iter().all(|c| key.contains(c));
        self.primary_key
            .as_ref()
            .is_some_and(|pk| same(&pk.columns) && pk.deferral.is_not_deferrable())
            || self
                .uniques
                .iter()
                .any(|u| same(&u.columns) && u.deferral.is_not_deferrable())
    }

    /// Sets the deferral of the primary key, unique, foreign key or exclusion constraint
    /// `name` (what a derive cannot say, set by a rule); `false` when the table has no such
    /// constraint.
    pub fn set_deferral(&mut self, name: &str, deferral: Deferral) -> bool {
        let slot = self
            .primary_key
            .iter_mut()
            .filter(|k| k.name == name)
            .map(|k| &mut k.deferral)
            .chain(
                self.uniques
                    .iter_mut()
                    .filter(|u| u.name == name)
                    .map(|u| &mut u.deferral),
            )
            .chain(
                self.foreign_keys
                    .iter_mut()
                    .filter(|f| f.name == name)
                    .map(|f| &mut f.deferral),
            )
            .chain(
                self.exclusions
                    .iter_mut()
                    .filter(|x| x.name == name)
                    .map(|x| &mut x.deferral),
            )
            .next();
        match slot {
            Some(d) => {
                *d = deferral;
                true
            }
            None => false,
        }
    }

    /// Names of every constraint of the table, of every kind.
    pub fn constraint_names(&self) -> impl Iterator<Item = &str> {
        self.primary_key
            .iter()
            .map(|c| c.name.as_str())
            .chain(self.uniques.iter().map(|c| c.name.as_str()))
            .chain(self.checks.iter().map(|c| c.name.as_str()))
            .chain(self.foreign_keys.iter().map(|c| c.name.as_str()))
            .chain(self.exclusions.iter().map(|c| c.name.as_str()))
    }
}

/// One row of [`Table::rows`]: column → value in PostgreSQL's text form (cast to the
/// column's type when written), sorted by column name. The primary key's columns identify it.
pub type Row = std::collections::BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: ColumnType,
    pub nullable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
    /// `GENERATED ALWAYS AS (expr) STORED` (or `VIRTUAL` with [`Column::virtual_generated`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
    /// With `generated`: `VIRTUAL` instead of `STORED` (computed when read, never stored;
    /// PostgreSQL 18 or later). Absent from snapshots unless set.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub virtual_generated: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// The options of an identity column's sequence (`GENERATED … AS IDENTITY (START WITH
    /// 100 …)`); PostgreSQL's defaults for the column's type when empty.
    #[serde(default, skip_serializing_if = "SequenceOptions::is_default")]
    pub identity_options: SequenceOptions,
    /// `COLLATE name` when it is not the type's own (a collation of `pg_catalog`, named as
    /// `pg_collation.collname` spells it: `C`, `POSIX`, `en-x-icu`, `en_US.utf8`). Only on a
    /// collatable type (text, varchar, char, an extension's type, a domain over one of
    /// them, arrays of them). Absent from snapshots unless set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `#[column(backfill = "expr")]`: SQL expression (may read other columns of the row)
    /// that fills existing NULLs when a nullable column becomes NOT NULL; the default fills
    /// them when there is none. Not in the catalog: only the diff reads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backfill: Option<String>,
    /// Rust field the column came from, for error messages.
    #[serde(skip)]
    pub rust_field: Option<String>,
    /// Rename hint: the column's previous name. Only the diff reads it; never in snapshots.
    #[serde(skip)]
    pub renamed_from: Option<String>,
}

impl Column {
    pub fn new(name: impl Into<String>, ty: ColumnType, nullable: bool) -> Self {
        Self {
            name: name.into(),
            ty,
            nullable,
            default: None,
            generated: None,
            virtual_generated: false,
            identity: None,
            identity_options: SequenceOptions::default(),
            collation: None,
            comment: None,
            backfill: None,
            rust_field: None,
            renamed_from: None,
        }
    }
}

/// A column default: either a literal the renderer escapes, or an SQL expression
/// written by the schema author (e.g. `now()`), emitted verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultValue {
    Text(String),
    Integer(i64),
    Boolean(bool),
    /// A numeric literal kept as text so that `0.00` stays `0.00`.
    Numeric(String),
    Sql(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    Always,
    ByDefault,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrimaryKey {
    pub name: String,
    pub columns: Vec<String>,
    /// `DEFERRABLE [INITIALLY DEFERRED]`: checked at a later point of the transaction.
    #[serde(default, skip_serializing_if = "Deferral::is_not_deferrable")]
    pub deferral: Deferral,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unique {
    pub name: String,
    pub columns: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nulls_not_distinct: bool,
    /// `DEFERRABLE [INITIALLY DEFERRED]`: checked at a later point of the transaction.
    #[serde(default, skip_serializing_if = "Deferral::is_not_deferrable")]
    pub deferral: Deferral,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub name: String,
    /// SQL boolean expression, written by the schema author.
    pub expr: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub name: String,
    pub columns: Vec<String>,
    pub ref_table: QualifiedName,
    pub ref_columns: Vec<String>,
    #[serde(default, skip_serializing_if = "FkAction::is_no_action")]
    pub on_delete: FkAction,
    #[serde(default, skip_serializing_if = "FkAction::is_no_action")]
    pub on_update: FkAction,
    /// `DEFERRABLE [INITIALLY DEFERRED]`: checked at a later point of the transaction.
    #[serde(default, skip_serializing_if = "Deferral::is_not_deferrable")]
    pub deferral: Deferral,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl FkAction {
    fn is_no_action(&self) -> bool {
        *self == FkAction::NoAction
    }

    pub fn sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(
            match s.to_ascii_lowercase().replace(['_', '-'], " ").as_str() {
                "no action" => FkAction::NoAction,
                "restrict" => FkAction::Restrict,
                "cascade" => FkAction::Cascade,
                "set null" => FkAction::SetNull,
                "set default" => FkAction::SetDefault,
                _ => return None,
            },
        )
    }
}

/// `EXCLUDE USING method (expr WITH op, …) [WHERE (predicate)]`: no two rows for which
/// every `expr op expr` holds, e.g. no overlapping bookings of one bed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    pub name: String,
    pub method: IndexMethod,
    pub elements: Vec<ExclusionElement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
    /// `DEFERRABLE [INITIALLY DEFERRED]`: checked at a later point of the transaction.
    #[serde(default, skip_serializing_if = "Deferral::is_not_deferrable")]
    pub deferral: Deferral,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExclusionElement {
    /// A column name or an expression, written by the schema author.
    pub expr: String,
    /// The operator, e.g. `=` or `&&`.
    pub operator: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub name: String,
    pub keys: Vec<IndexKey>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
    #[serde(default, skip_serializing_if = "IndexMethod::is_btree")]
    pub method: IndexMethod,
    /// Partial index predicate (`WHERE ...`), SQL written by the schema author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicate: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nulls_not_distinct: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexKey {
    Column {
        name: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        descending: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        opclass: Option<String>,
        /// `COLLATE name` when the key's collation is not its column's (of `pg_catalog`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        collation: Option<String>,
    },
    /// An expression key such as `lower(username)`, written by the schema author.
    Expression(String),
}

impl IndexKey {
    pub fn column(name: impl Into<String>) -> Self {
        IndexKey::Column {
            name: name.into(),
            descending: false,
            opclass: None,
            collation: None,
        }
    }

    pub fn column_name(&self) -> Option<&str> {
        match self {
            IndexKey::Column { name, .. } => Some(name),
            IndexKey::Expression(_) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexMethod {
    #[default]
    Btree,
    Hash,
    Gin,
    Gist,
    Brin,
}

impl IndexMethod {
    fn is_btree(&self) -> bool {
        *self == IndexMethod::Btree
    }

    pub fn sql(self) -> &'static str {
        match self {
            IndexMethod::Btree => "btree",
            IndexMethod::Hash => "hash",
            IndexMethod::Gin => "gin",
            IndexMethod::Gist => "gist",
            IndexMethod::Brin => "brin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "btree" => IndexMethod::Btree,
            "hash" => IndexMethod::Hash,
            "gin" => IndexMethod::Gin,
            "gist" => IndexMethod::Gist,
            "brin" => IndexMethod::Brin,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partitioning {
    pub method: PartitionMethod,
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartitionMethod {
    Range,
    List,
    Hash,
}

/// A declared partition, in its parent's schema: `CREATE TABLE <name> PARTITION OF <parent>
/// <bound> [PARTITION BY …]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partition {
    pub name: String,
    /// The bound exactly as `pg_get_expr(relpartbound, oid)` prints it, so that it
    /// round-trips: `FOR VALUES FROM (…) TO (…)`, `FOR VALUES IN (…)`, `FOR VALUES WITH
    /// (modulus m, remainder r)` or `DEFAULT`.
    pub bound: String,
    /// A partition that is itself partitioned (its partitions in `partitions`, exactly).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_by: Option<Partitioning>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partitions: Vec<Partition>,
}

impl Partition {
    pub fn new(name: impl Into<String>, bound: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            bound: bound.into(),
            partition_by: None,
            partitions: Vec::new(),
        }
    }

    pub fn is_default(&self) -> bool {
        self.bound.trim().eq_ignore_ascii_case("DEFAULT")
    }

    /// This partition and every partition below it, parents first, each with the name of
    /// its parent.
    pub fn walk<'a>(&'a self, parent: &'a str, out: &mut Vec<(&'a str, &'a Partition)>) {
        out.push((parent, self));
        for p in &self.partitions {
            p.walk(&self.name, out);
        }
    }
}

impl Table {
    /// Name of the DEFAULT partition of a partitioned table.
    pub fn default_partition_name(&self) -> String {
        format!("{}_default", self.name)
    }

    /// The partitions a partitioned table has: the declared ones, or the implicit
    /// `<table>_default`. Empty for a table that is not partitioned.
    pub fn effective_partitions(&self) -> Vec<Partition> {
        match (&self.partition_by, &self.partitions) {
            (None, _) => Vec::new(),
            (Some(_), Some(declared)) => declared.clone(),
            (Some(_), None) => vec![Partition::new(self.default_partition_name(), "DEFAULT")],
        }
    }

    /// Every partition of the table at any depth, parents first, with its parent's name.
    pub fn partition_tree(&self) -> Vec<(String, Partition)> {
        let top = self.effective_partitions();
        let mut out = Vec::new();
        for p in &top {
            p.walk(&self.name, &mut out);
        }
        out.into_iter()
            .map(|(parent, p)| (parent.to_string(), p.clone()))
            .collect()
    }
}

/// `ALTER TABLE … ENABLE ROW LEVEL SECURITY` and, when `force`, `FORCE ROW LEVEL SECURITY`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowSecurity {
    pub force: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub name: String,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub permissive: bool,
    pub command: PolicyCommand,
    /// Empty means `PUBLIC`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub using: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_check: Option<String>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyCommand {
    All,
    Select,
    Insert,
    Update,
    Delete,
}

impl PolicyCommand {
    pub fn sql(self) -> &'static str {
        match self {
            PolicyCommand::All => "ALL",
            PolicyCommand::Select => "SELECT",
            PolicyCommand::Insert => "INSERT",
            PolicyCommand::Update => "UPDATE",
            PolicyCommand::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    pub name: String,
    pub timing: TriggerTiming,
    /// Kept in the order INSERT, UPDATE, DELETE, TRUNCATE.
    pub events: Vec<TriggerEvent>,
    pub for_each_row: bool,
    pub function: QualifiedName,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Arguments passed to the function (`TG_ARGV`): the strings the catalog keeps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    /// `UPDATE OF` these columns (empty: every UPDATE), in the declared order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub update_of: Vec<String>,
    /// `CREATE CONSTRAINT TRIGGER`, with its deferral; `None` for an ordinary trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<Deferral>,
    /// `REFERENCING OLD TABLE AS …` (a transition table of an AFTER trigger).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_table: Option<String>,
    /// `REFERENCING NEW TABLE AS …`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_table: Option<String>,
}

/// When a deferrable constraint (or constraint trigger) is checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deferral {
    /// `NOT DEFERRABLE`: checked at the end of each statement.
    #[default]
    NotDeferrable,
    /// `DEFERRABLE INITIALLY IMMEDIATE`: a transaction may `SET CONSTRAINTS … DEFERRED`.
    InitiallyImmediate,
    /// `DEFERRABLE INITIALLY DEFERRED`: checked at commit.
    InitiallyDeferred,
}

impl Deferral {
    pub fn is_not_deferrable(&self) -> bool {
        *self == Deferral::NotDeferrable
    }

    /// The clause for a constraint definition: empty for the default.
    pub fn sql(self) -> &'static str {
        match self {
            Deferral::NotDeferrable => "",
            Deferral::InitiallyImmediate => " DEFERRABLE INITIALLY IMMEDIATE",
            Deferral::InitiallyDeferred => " DEFERRABLE INITIALLY DEFERRED",
        }
    }

    /// From `pg_constraint.condeferrable` / `condeferred` (or `pg_trigger.tg…`).
    pub fn from_flags(deferrable: bool, deferred: bool) -> Deferral {
        match (deferrable, deferred) {
            (false, _) => Deferral::NotDeferrable,
            (true, false) => Deferral::InitiallyImmediate,
            (true, true) => Deferral::InitiallyDeferred,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerTiming {
    Before,
    After,
    InsteadOf,
}

impl TriggerTiming {
    pub fn sql(self) -> &'static str {
        match self {
            TriggerTiming::Before => "BEFORE",
            TriggerTiming::After => "AFTER",
            TriggerTiming::InsteadOf => "INSTEAD OF",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerEvent {
    Insert,
    Update,
    Delete,
    Truncate,
}

impl TriggerEvent {
    pub fn sql(self) -> &'static str {
        match self {
            TriggerEvent::Insert => "INSERT",
            TriggerEvent::Update => "UPDATE",
            TriggerEvent::Delete => "DELETE",
            TriggerEvent::Truncate => "TRUNCATE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Function {
    pub schema: String,
    pub name: String,
    /// `CREATE FUNCTION` or `CREATE PROCEDURE` (called by `CALL`; no result, volatility
    /// or STRICT, and a PL/pgSQL body may `COMMIT`).
    #[serde(default, skip_serializing_if = "FunctionKind::is_function")]
    pub kind: FunctionKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<FunctionArg>,
    /// Return type as SQL (`uuid`, `trigger`, `text`, `setof core.patients`); empty for a
    /// procedure.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub returns: String,
    pub language: FunctionLanguage,
    pub volatility: Volatility,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub security_definer: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub strict: bool,
    /// `SET search_path = …` pinned on the function (required for SECURITY DEFINER).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub search_path: Vec<String>,
    /// Other `SET name = value` settings in force while it runs (`work_mem` …), in the
    /// order `pg_proc.proconfig` keeps them (the order of the SET clauses).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub settings: Vec<(String, String)>,
    /// `PARALLEL SAFE` / `RESTRICTED` (functions only).
    #[serde(default, skip_serializing_if = "Parallel::is_unsafe")]
    pub parallel: Parallel,
    /// `LEAKPROOF` (functions only).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub leakproof: bool,
    /// `COST n` (as `pg_proc.procost` prints it); `None`: the default, 100 (functions only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<String>,
    /// `ROWS n` of a set-returning function; `None`: the default, 1000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<String>,
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Tables, views and functions the body uses; orders the function after them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<QualifiedName>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Function {
    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.schema, &self.name)
    }

    /// `FUNCTION` or `PROCEDURE`, as SQL commands (DROP, COMMENT ON, GRANT … ON) name it.
    pub fn kind_sql(&self) -> &'static str {
        self.kind.sql()
    }

    pub fn is_procedure(&self) -> bool {
        self.kind == FunctionKind::Procedure
    }

    /// The types of the input arguments (every mode but OUT): with the schema and name, the
    /// routine's identity in PostgreSQL (what DROP, COMMENT and GRANT name). Overloads of
    /// one name differ by them.
    pub fn input_types(&self) -> Vec<&str> {
        self.args
            .iter()
            .filter(|a| a.is_input())
            .map(|a| a.ty.as_str())
            .collect()
    }

    /// `schema.name(type, …)` of the input arguments: the identity, for messages and keys.
    pub fn signature(&self) -> String {
        format!(
            "{}({})",
            self.qualified_name(),
            self.input_types().join(", ")
        )
    }
}

/// What `pg_proc.prokind` says a routine is (aggregates, `prokind = 'a'`, are not functions here).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum FunctionKind {
    /// `prokind = 'f'`.
    #[default]
    Function,
    /// `prokind = 'p'`: `CREATE PROCEDURE`, run by `CALL`.
    Procedure,
}

impl FunctionKind {
    pub fn is_function(&self) -> bool {
        *self == FunctionKind::Function
    }

    pub fn sql(self) -> &'static str {
        match self {
            FunctionKind::Function => "FUNCTION",
            FunctionKind::Procedure => "PROCEDURE",
        }
    }
}

/// `CREATE AGGREGATE schema.name(types) (SFUNC = …, STYPE = …, …)`: an ordinary aggregate
/// (`pg_aggregate.aggkind = 'n'`). Its functions are the model's or built in (`pg_catalog`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aggregate {
    pub schema: String,
    pub name: String,
    /// Types of the aggregated arguments; empty for `name(*)` (as `count(*)`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    /// The state transition function, called as `sfunc(state, args…)` for each row.
    pub sfunc: QualifiedName,
    /// The state's type, as `format_type()` prints it.
    pub stype: String,
    /// `FINALFUNC`: turns the state into the result (else the result is the state).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finalfunc: Option<QualifiedName>,
    /// `INITCOND`: the state's initial value as text (else NULL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initcond: Option<String>,
    /// `COMBINEFUNC`: merges two states (partial and parallel aggregation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combinefunc: Option<QualifiedName>,
    /// `SERIALFUNC` / `DESERIALFUNC`: for a state of type `internal` passed between workers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serialfunc: Option<QualifiedName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deserialfunc: Option<QualifiedName>,
    #[serde(default, skip_serializing_if = "Parallel::is_unsafe")]
    pub parallel: Parallel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Aggregate {
    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.schema, &self.name)
    }

    /// `schema.name(type, …)`, `schema.name(*)` without arguments: the identity, for
    /// messages (functions and aggregates share it: see [`Function::signature`]).
    pub fn signature(&self) -> String {
        format!("{}({})", self.qualified_name(), self.args.join(", "))
    }

    /// The functions it calls: `sfunc`, then those of `FINALFUNC`, `COMBINEFUNC`,
    /// `SERIALFUNC` and `DESERIALFUNC` that are set.
    pub fn support_functions(&self) -> Vec<&QualifiedName> {
        std::iter::once(&self.sfunc)
            .chain(&self.finalfunc)
            .chain(&self.combinefunc)
            .chain(&self.serialfunc)
            .chain(&self.deserialfunc)
            .collect()
    }
}

/// `PARALLEL UNSAFE` (the default), `RESTRICTED` or `SAFE` (`pg_proc.proparallel`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Parallel {
    #[default]
    Unsafe,
    Restricted,
    Safe,
}

impl Parallel {
    pub fn is_unsafe(&self) -> bool {
        *self == Parallel::Unsafe
    }

    pub fn sql(self) -> &'static str {
        match self {
            Parallel::Unsafe => "UNSAFE",
            Parallel::Restricted => "RESTRICTED",
            Parallel::Safe => "SAFE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionArg {
    /// Empty for an unnamed argument (`$1` in the body).
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default, skip_serializing_if = "ArgMode::is_in")]
    pub mode: ArgMode,
    /// `DEFAULT expr`, as `pg_get_function_arg_default` prints it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

impl FunctionArg {
    /// An `IN` argument without a default.
    pub fn new(name: impl Into<String>, ty: impl Into<String>) -> FunctionArg {
        FunctionArg {
            name: name.into(),
            ty: ty.into(),
            mode: ArgMode::In,
            default: None,
        }
    }

    /// Part of the function's identity (what DROP, COMMENT and GRANT name): not OUT.
    pub fn is_input(&self) -> bool {
        self.mode != ArgMode::Out
    }
}

/// `IN` (the default), `OUT`, `INOUT` or `VARIADIC`. (`RETURNS TABLE` columns belong to
/// [`Function::returns`].)
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArgMode {
    #[default]
    In,
    Out,
    InOut,
    Variadic,
}

impl ArgMode {
    pub fn is_in(&self) -> bool {
        *self == ArgMode::In
    }

    /// The keyword before the argument: empty for `IN`.
    pub fn sql(self) -> &'static str {
        match self {
            ArgMode::In => "",
            ArgMode::Out => "OUT",
            ArgMode::InOut => "INOUT",
            ArgMode::Variadic => "VARIADIC",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FunctionLanguage {
    Sql,
    Plpgsql,
}

impl FunctionLanguage {
    pub fn sql(self) -> &'static str {
        match self {
            FunctionLanguage::Sql => "sql",
            FunctionLanguage::Plpgsql => "plpgsql",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Volatility {
    Immutable,
    Stable,
    Volatile,
}

impl Volatility {
    pub fn sql(self) -> &'static str {
        match self {
            Volatility::Immutable => "IMMUTABLE",
            Volatility::Stable => "STABLE",
            Volatility::Volatile => "VOLATILE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    pub schema: String,
    pub name: String,
    /// The SELECT, written by the schema author.
    pub query: String,
    /// `WITH (security_invoker = true)`: RLS of the caller applies (PostgreSQL 15+).
    pub security_invoker: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Tables, views and functions the query reads; orders the view after them.
    pub depends_on: Vec<QualifiedName>,
    /// `Some`: a materialized view (`CREATE MATERIALIZED VIEW`), with its own indexes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub materialized: Option<Materialized>,
    #[serde(skip)]
    pub origin: Origin,
}

/// What a materialized view has beyond a view: whether it is populated when created
/// (`WITH DATA`, the default, or `WITH NO DATA` until the first `REFRESH`), and indexes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Materialized {
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub with_data: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<Index>,
}

impl Default for Materialized {
    fn default() -> Self {
        Materialized {
            with_data: true,
            indexes: Vec::new(),
        }
    }
}

impl View {
    /// `VIEW` or `MATERIALIZED VIEW`, as SQL commands name the kind.
    pub fn kind_sql(&self) -> &'static str {
        match self.materialized {
            Some(_) => "MATERIALIZED VIEW",
            None => "VIEW",
        }
    }

    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.schema, &self.name)
    }
}

/// `CREATE SEQUENCE schema.name AS type …`, standalone or `OWNED BY` a column of a table of
/// its schema (dropped with it; what `serial` creates, the column's default being
/// `nextval('schema.name'::regclass)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    pub schema: String,
    pub name: String,
    /// `smallint`, `integer` or `bigint` (the default).
    #[serde(rename = "type", default = "bigint", skip_serializing_if = "is_bigint")]
    pub ty: ColumnType,
    #[serde(default, skip_serializing_if = "SequenceOptions::is_default")]
    pub options: SequenceOptions,
    /// `OWNED BY table.column` (the table is in the sequence's schema).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned_by: Option<SequenceOwner>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

fn bigint() -> ColumnType {
    ColumnType::BigInt
}

fn is_bigint(t: &ColumnType) -> bool {
    *t == ColumnType::BigInt
}

impl Sequence {
    /// A `bigint` sequence with PostgreSQL's default options.
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> Self {
        Sequence {
            schema: schema.into(),
            name: name.into(),
            ty: ColumnType::BigInt,
            options: SequenceOptions::default(),
            owned_by: None,
            comment: None,
            origin: Origin::default(),
        }
    }

    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.schema, &self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceOwner {
    pub table: String,
    pub column: String,
}

/// The options of a sequence (`CREATE SEQUENCE`, or an identity column's): `None` is
/// PostgreSQL's default, which depends on the type and the direction (`increment`).
/// [`SequenceOptions::normalized`] drops every value equal to its default, so that two
/// spellings of one sequence compare equal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequenceOptions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub increment: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<i64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cycle: bool,
}

/// Every value of a sequence's options, defaults filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EffectiveSequence {
    pub start: i64,
    pub increment: i64,
    pub min_value: i64,
    pub max_value: i64,
    pub cache: i64,
    pub cycle: bool,
}

impl SequenceOptions {
    pub fn is_default(&self) -> bool {
        *self == SequenceOptions::default()
    }

    /// The range of a sequence type: `(min, max)`; bigint for anything else.
    pub fn type_range(ty: &ColumnType) -> (i64, i64) {
        match ty {
            ColumnType::SmallInt => (i16::MIN.into(), i16::MAX.into()),
            ColumnType::Integer => (i32::MIN.into(), i32::MAX.into()),
            _ => (i64::MIN, i64::MAX),
        }
    }

    /// The values PostgreSQL uses for a sequence of type `ty` with these options.
    pub fn effective(&self, ty: &ColumnType) -> EffectiveSequence {
        let (lo, hi) = Self::type_range(ty);
        let increment = self.increment.unwrap_or(1);
        let up = increment > 0;
        let min_value = self.min_value.unwrap_or(if up { 1 } else { lo });
        let max_value = self.max_value.unwrap_or(if up { hi } else { -1 });
        EffectiveSequence {
            start: self.start.unwrap_or(if up { min_value } else { max_value }),
            increment,
            min_value,
            max_value,
            cache: self.cache.unwrap_or(1),
            cycle: self.cycle,
        }
    }

    /// The options as [`SequenceOptions::effective`] reads them, each value equal to its
    /// default (given the others) left out.
    pub fn normalized(&self, ty: &ColumnType) -> SequenceOptions {
        let e = self.effective(ty);
        let (lo, hi) = Self::type_range(ty);
        let up = e.increment > 0;
        let keep = |v: i64, default: i64| (v != default).then_some(v);
        SequenceOptions {
            start: keep(e.start, if up { e.min_value } else { e.max_value }),
            increment: keep(e.increment, 1),
            min_value: keep(e.min_value, if up { 1 } else { lo }),
            max_value: keep(e.max_value, if up { hi } else { -1 }),
            cache: keep(e.cache, 1),
            cycle: e.cycle,
        }
    }
}

/// `CREATE DOMAIN schema.name AS base [COLLATE c] [DEFAULT expr] [NOT NULL] [CONSTRAINT
/// name CHECK (expr)]…`: a type over `base` whose default, NOT NULL and checks (on
/// `VALUE`) hold for every column of the type. Columns name it like an enum type
/// ([`ColumnType::Enum`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    pub schema: String,
    pub name: String,
    /// The base type: built in, an enum, an extension's type or another domain.
    #[serde(rename = "type")]
    pub base: ColumnType,
    /// `COLLATE name` when it is not the base type's own (a collation of `pg_catalog`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
    /// `DEFAULT expr`: SQL written by the schema author (a column's own default wins).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_null: bool,
    /// Named checks; the expression reads the value as `VALUE`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Domain {
    /// A domain over `base` with no default, NOT NULL or check.
    pub fn new(schema: impl Into<String>, name: impl Into<String>, base: ColumnType) -> Self {
        Domain {
            schema: schema.into(),
            name: name.into(),
            base,
            collation: None,
            default: None,
            not_null: false,
            checks: Vec::new(),
            comment: None,
            origin: Origin::default(),
        }
    }

    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.schema, &self.name)
    }
}

/// `CREATE TYPE schema.name AS (attribute type [COLLATE c], …)`: a row type of its own.
/// Columns, function arguments and other composite types name it like an enum type
/// ([`ColumnType::Enum`]); the order of `attributes` is the type's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompositeType {
    pub schema: String,
    pub name: String,
    pub attributes: Vec<CompositeAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompositeAttribute {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: ColumnType,
    /// `COLLATE name` when it is not the type's own default (a collation of `pg_catalog`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collation: Option<String>,
}

impl CompositeAttribute {
    pub fn new(name: impl Into<String>, ty: ColumnType) -> Self {
        CompositeAttribute {
            name: name.into(),
            ty,
            collation: None,
        }
    }
}

impl CompositeType {
    pub fn new(
        schema: impl Into<String>,
        name: impl Into<String>,
        attributes: Vec<CompositeAttribute>,
    ) -> Self {
        CompositeType {
            schema: schema.into(),
            name: name.into(),
            attributes,
            comment: None,
            origin: Origin::default(),
        }
    }

    pub fn qualified_name(&self) -> QualifiedName {
        QualifiedName::new(&self.schema, &self.name)
    }

    pub fn attribute(&self, name: &str) -> Option<&CompositeAttribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub name: String,
    pub login: bool,
    pub bypass_rls: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub member_of: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// `ALTER ROLE … SET name = value`: session defaults applied at login (e.g.
    /// `default_transaction_read_only`, `statement_timeout`), cluster-wide.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub settings: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Grant {
    pub object: GrantObject,
    pub privileges: Vec<Privilege>,
    pub grantee: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantObject {
    Schema(String),
    /// Every table of the schema (rendered per table, so it also covers later deltas).
    AllTablesInSchema(String),
    Table(QualifiedName),
    View(QualifiedName),
    Function(QualifiedName),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Privilege {
    Usage,
    Select,
    Insert,
    Update,
    Delete,
    Execute,
}

impl Privilege {
    pub fn sql(self) -> &'static str {
        match self {
            Privilege::Usage => "USAGE",
            Privilege::Select => "SELECT",
            Privilege::Insert => "INSERT",
            Privilege::Update => "UPDATE",
            Privilege::Delete => "DELETE",
            Privilege::Execute => "EXECUTE",
        }
    }
}

impl Model {
    /// Sort every collection whose order carries no meaning, so that the same definitions
    /// give the same model whatever order they were declared in. Column order, enum value
    /// order, key column order and trigger event order are meaningful and kept.
    pub fn canonicalize(&mut self) {
        self.extensions.sort();
        self.extensions.dedup();
        self.extension_types.sort();
        self.extension_types.dedup();
        self.roles.sort_by(|a, b| a.name.cmp(&b.name));
        for role in &mut self.roles {
            role.member_of.sort();
        }
        self.schemas.sort_by(|a, b| a.name.cmp(&b.name));
        self.enums
            .sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        self.tables
            .sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        for t in &mut self.tables {
            t.uniques.sort_by(|a, b| a.name.cmp(&b.name));
            t.checks.sort_by(|a, b| a.name.cmp(&b.name));
            t.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
            t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
            // A key collated as its column is not collated otherwise (the catalog has no
            // difference to read back).
            for k in t.indexes.iter_mut().flat_map(|i| &mut i.keys) {
                if let IndexKey::Column {
                    name, collation, ..
                } = k
                    && collation.is_some()
                    && t.columns
                        .iter()
                        .any(|c| c.name == *name && c.collation == *collation)
                {
                    *collation = None;
                }
            }
            t.exclusions.sort_by(|a, b| a.name.cmp(&b.name));
            t.policies.sort_by(|a, b| a.name.cmp(&b.name));
            for p in &mut t.policies {
                p.roles.sort();
            }
            t.rows.sort();
            t.rows.dedup();
            t.triggers.sort_by(|a, b| a.name.cmp(&b.name));
            for tr in &mut t.triggers {
                tr.events.sort();
                tr.events.dedup();
            }
        }
        // Overloads of a name by their input argument types (their identity).
        self.functions.sort_by(|a, b| {
            (&a.schema, &a.name, a.input_types()).cmp(&(&b.schema, &b.name, b.input_types()))
        });
        for f in &mut self.functions {
            f.depends_on.sort();
            f.depends_on.dedup();
        }
        self.aggregates
            .sort_by(|a, b| (&a.schema, &a.name, &a.args).cmp(&(&b.schema, &b.name, &b.args)));
        self.sequences
            .sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        for s in &mut self.sequences {
            s.options = s.options.normalized(&s.ty);
        }
        for t in &mut self.tables {
            for c in &mut t.columns {
                if c.identity.is_some() {
                    c.identity_options = c.identity_options.normalized(&c.ty);
                }
            }
        }
        self.domains
            .sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        for d in &mut self.domains {
            d.checks.sort_by(|a, b| a.name.cmp(&b.name));
        }
        self.composites
            .sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        self.views
            .sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        for v in &mut self.views {
            v.depends_on.sort();
            v.depends_on.dedup();
            if let Some(m) = &mut v.materialized {
                m.indexes.sort_by(|a, b| a.name.cmp(&b.name));
            }
        }
        for g in &mut self.grants {
            g.privileges.sort();
            g.privileges.dedup();
        }
        self.grants.sort();
        self.grants.dedup();
    }

    /// The snapshot form: canonical order, pretty-printed, trailing newline.
    pub fn to_canonical_json(&self) -> String {
        let mut copy = self.clone();
        copy.canonicalize();
        let mut s = serde_json::to_string_pretty(&copy).expect("model serializes");
        s.push('\n');
        s
    }

    pub fn from_json(json: &str) -> Result<Model, serde_json::Error> {
        let mut m: Model = serde_json::from_str(json)?;
        m.canonicalize();
        Ok(m)
    }

    pub fn table(&self, name: &QualifiedName) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| t.schema == name.schema && t.name == name.name)
    }

    pub fn enum_type(&self, schema: &str, name: &str) -> Option<&EnumType> {
        self.enums
            .iter()
            .find(|e| e.schema == schema && e.name == name)
    }

    /// Domains in an order PostgreSQL can create them: a domain over another domain of the
    /// model after it, otherwise by name (drops go in the reverse order).
    pub fn domains_in_dependency_order(&self) -> Vec<&Domain> {
        let mut done: std::collections::BTreeSet<QualifiedName> = Default::default();
        let mut out = Vec::new();
        let mut left: Vec<&Domain> = self.domains.iter().collect();
        left.sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        while !left.is_empty() {
            let before = left.len();
            left.retain(|d| {
                let waits = d.base.enum_ref().is_some_and(|(s, n)| {
                    let q = QualifiedName::new(s, n);
                    self.domain(s, n).is_some() && !done.contains(&q) && q != d.qualified_name()
                });
                if !waits {
                    done.insert(d.qualified_name());
                    out.push(*d);
                }
                waits
            });
            if left.len() == before {
                // A cycle (validation refuses it): in name order rather than not at all.
                out.append(&mut left);
            }
        }
        out
    }

    /// The function a trigger executes: `name` without input arguments (what `EXECUTE
    /// FUNCTION name(…)` calls, the trigger's arguments going to `TG_ARGV`), else the first
    /// overload of that name (which validation then refuses).
    pub fn trigger_function(&self, name: &QualifiedName) -> Option<&Function> {
        let mut of_name = self
            .functions
            .iter()
            .filter(|f| f.qualified_name() == *name);
        let all: Vec<&Function> = of_name.by_ref().collect();
        all.iter()
            .find(|f| f.input_types().is_empty())
            .or(all.first())
            .copied()
    }

    /// What `f` needs before it can be created: its declared `depends_on`, and the tables
    /// and views whose row types its arguments or result name (`SETOF core.patients`,
    /// `p core.patients`): PostgreSQL refuses a function over a row type not yet created.
    pub fn function_dependencies(&self, f: &Function) -> Vec<QualifiedName> {
        let mut out = f.depends_on.clone();
        let types = std::iter::once(f.returns.as_str()).chain(f.args.iter().map(|a| a.ty.as_str()));
        for ty in types {
            let ty = ty.trim();
            let ty = match ty.get(..6) {
                Some(p) if p.eq_ignore_ascii_case("setof ") => ty[6..].trim_start(),
                _ => ty,
            };
            let Ok(parsed) = ColumnType::parse(ty) else {
                continue;
            };
            let Some((schema, name)) = parsed.enum_ref() else {
                continue;
            };
            let q = QualifiedName::new(schema, name);
            let relation = self
                .tables
                .iter()
                .any(|t| t.schema == schema && t.name == name)
                || self
                    .views
                    .iter()
                    .any(|v| v.schema == schema && v.name == name);
            if relation && !out.contains(&q) {
                out.push(q);
            }
        }
        out
    }

    /// The domains a value of `ty` is of, outermost first: the domain `ty` (or its element
    /// type) names, the domain that one is over, and so on down to a type that is not a
    /// domain. Validation refuses cycles; the walk stops after as many domains as the model
    /// has all the same.
    pub fn domain_chain(&self, ty: &ColumnType) -> Vec<&Domain> {
        let mut chain = Vec::new();
        let mut next = ty.enum_ref().and_then(|(s, n)| self.domain(s, n));
        while let Some(d) = next {
            if chain.len() == self.domains.len() {
                break;
            }
            chain.push(d);
            next = d.base.enum_ref().and_then(|(s, n)| self.domain(s, n));
        }
        chain
    }

    pub fn domain(&self, schema: &str, name: &str) -> Option<&Domain> {
        self.domains
            .iter()
            .find(|d| d.schema == schema && d.name == name)
    }

    pub fn composite(&self, schema: &str, name: &str) -> Option<&CompositeType> {
        self.composites
            .iter()
            .find(|c| c.schema == schema && c.name == name)
    }

    /// Composite types in an order PostgreSQL can create them: one whose attribute is of
    /// another composite type of the model (or an array of it) after that one, otherwise by
    /// name (drops go in the reverse order).
    pub fn composites_in_dependency_order(&self) -> Vec<&CompositeType> {
        let mut done: std::collections::BTreeSet<QualifiedName> = Default::default();
        let mut out = Vec::new();
        let mut left: Vec<&CompositeType> = self.composites.iter().collect();
        left.sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        while !left.is_empty() {
            let before = left.len();
            left.retain(|c| {
                let waits = c.attributes.iter().any(|a| {
                    a.ty.enum_ref().is_some_and(|(s, n)| {
                        let q = QualifiedName::new(s, n);
                        self.composite(s, n).is_some()
                            && !done.contains(&q)
                            && q != c.qualified_name()
                    })
                });
                if !waits {
                    done.insert(c.qualified_name());
                    out.push(*c);
                }
                waits
            });
            if left.len() == before {
                // A cycle (validation refuses it): in name order rather than not at all.
                out.append(&mut left);
            }
        }
        out
    }

    /// Whether a column of a table, an attribute of a composite type or a domain holds
    /// values of the composite type `q` (directly, as an array, or through other composite
    /// types): the columns, as `schema.table.column`.
    pub fn columns_holding_composite(&self, q: &QualifiedName) -> Vec<String> {
        // The composite types whose values contain `q`'s, `q` included.
        let mut holders: std::collections::BTreeSet<QualifiedName> = [q.clone()].into();
        loop {
            let before = holders.len();
            for c in &self.composites {
                let holds = c.attributes.iter().any(|a| {
                    a.ty.enum_ref()
                        .is_some_and(|(s, n)| holders.contains(&QualifiedName::new(s, n)))
                });
                if holds {
                    holders.insert(c.qualified_name());
                }
            }
            if holders.len() == before {
                break;
            }
        }
        let mut out = Vec::new();
        for t in &self.tables {
            for col in &t.columns {
                if col
                    .ty
                    .enum_ref()
                    .is_some_and(|(s, n)| holders.contains(&QualifiedName::new(s, n)))
                {
                    out.push(format!("{}.{}.{}", t.schema, t.name, col.name));
                }
            }
        }
        out
    }

    pub fn schema(&self, name: &str) -> Option<&Schema> {
        self.schemas.iter().find(|s| s.name == name)
    }

    /// Check the whole model and report every problem found, not only the first.
    pub fn validate(&self) -> Result<(), Problems> {
        validate::validate(self)
    }
}
