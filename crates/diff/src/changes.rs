//! The closed set of changes a plan is made of.

use crate::hazards::{Hazard, HazardKind};
use hims_model::{
    Aggregate, Check, Column, ColumnType, CompositeAttribute, CompositeType, DefaultValue,
    Deferral, Domain, EnumType, Exclusion, ForeignKey, Function, Grant, Identity, Index, Model,
    Partition, Policy, PrimaryKey, QualifiedName, Role, RowSecurity, Schema, Sequence,
    SequenceOptions, SequenceOwner, Table, Trigger, Unique, View,
};

/// Where a new enum value goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumPosition {
    Before(String),
    After(String),
}

/// Which migration file a change belongs to. PostgreSQL cannot use an enum value added in
/// the same transaction, and `CREATE INDEX CONCURRENTLY` / a `VALIDATE` that should not hold
/// the transaction's locks must run outside it: a plan is split into up to three files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// `ALTER TYPE … ADD VALUE`, committed before anything uses the value, and
    /// `RENAME VALUE` (a new value may be placed next to a renamed one: the rename runs
    /// first).
    EnumValues,
    /// Everything else, in one transaction.
    Main,
    /// Outside a transaction: concurrent index builds, constraint validation.
    Online,
}

/// `(id = 7a0c…)`: how a row of [`Change::InsertRow`] is named in plans.
fn row_key(row: &hims_model::Row, key: &[String]) -> String {
    let parts: Vec<String> = key
        .iter()
        .map(|k| format!("{k} = {}", row.get(k).map_or("?", String::as_str)))
        .collect();
    format!("({})", parts.join(", "))
}

/// How a column's type change between a domain and the type beneath it converts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relabel {
    /// From a domain to its base type: every value fits, nothing is rewritten.
    ToBase,
    /// From the base type to a domain over it: with constraints (`checked`) PostgreSQL
    /// checks every value while it rewrites the table; without, nothing is rewritten.
    ToDomain { checked: bool },
}

/// What fills the NULLs of a column that becomes NOT NULL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fill {
    /// `#[column(backfill = "expr")]`: an SQL expression, which may read the row's other
    /// columns.
    Backfill(String),
    /// The column's declared default.
    Default(DefaultValue),
}

/// Rows filled per transaction by [`Change::FillNulls`]: small enough that no batch holds
/// its row locks for long (measured by `cargo xtask bench`), large enough that a million
/// rows take seconds.
pub const FILL_BATCH: u32 = 5000;

/// An object a comment is attached to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommentTarget {
    Schema(String),
    Type(QualifiedName),
    Table(QualifiedName),
    Column(QualifiedName, String),
    View(QualifiedName),
    MaterializedView(QualifiedName),
    Sequence(QualifiedName),
    Domain(QualifiedName),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    CreateExtension(String),
    DropExtension(String),
    CreateRole(Role),
    /// `ALTER ROLE … SET name = value` (`to`), or `RESET name` (`to` = `None`).
    SetRoleSetting {
        role: String,
        name: String,
        from: Option<String>,
        to: Option<String>,
    },
    CreateSchema(Schema),
    DropSchema(Schema),
    CreateEnum(EnumType),
    DropEnum(EnumType),
    AddEnumValue {
        name: QualifiedName,
        value: String,
        position: EnumPosition,
    },
    RenameEnumValue {
        name: QualifiedName,
        from: String,
        to: String,
    },
    /// Values removed or reordered: a new type replaces the old one; every column using it
    /// is converted through text.
    RebuildEnum {
        from: EnumType,
        to: EnumType,
        /// `(table, column, default after the rebuild)` of the columns that use the type in
        /// the old model, under their old names: the rebuild runs before any table change
        /// (and its undo after all of them are undone). A default whose value is removed is
        /// dropped; the undo restores it.
        columns: Vec<(QualifiedName, String, Option<DefaultValue>)>,
    },
    /// `CREATE DOMAIN` with its default, NOT NULL, checks and comment.
    CreateDomain(Domain),
    /// `DROP DOMAIN`, once no column, function or other domain uses it.
    DropDomain(Domain),
    /// The base type or collation changed: PostgreSQL has no `ALTER DOMAIN` for either, so
    /// [`crate::check_plan`] refuses the plan (a new domain, the columns moved to it and
    /// the old one dropped must be declared instead).
    RetypeDomain {
        from: Domain,
        to: Domain,
    },
    /// `ALTER DOMAIN … SET DEFAULT` (`to`), or `DROP DEFAULT`.
    SetDomainDefault {
        domain: QualifiedName,
        from: Option<String>,
        to: Option<String>,
    },
    /// `ALTER DOMAIN … SET NOT NULL` (checks every column of the type) or `DROP NOT NULL`.
    SetDomainNotNull {
        domain: QualifiedName,
        not_null: bool,
    },
    /// `ALTER DOMAIN … ADD CONSTRAINT … CHECK (…)`; on an existing domain `NOT VALID` (new
    /// values are checked at once) and validated in the online phase.
    AddDomainCheck {
        domain: QualifiedName,
        check: Check,
        not_valid: bool,
    },
    DropDomainCheck {
        domain: QualifiedName,
        check: Check,
    },
    /// `ALTER DOMAIN … VALIDATE CONSTRAINT`: every stored value of the type checked.
    ValidateDomainCheck {
        domain: QualifiedName,
        name: String,
    },
    /// `CREATE TYPE … AS (…)` with its comment, after the enum types, domains and composite
    /// types its attributes are of, before the tables and functions that use it.
    CreateComposite(CompositeType),
    /// `DROP TYPE`, once no column, function or other composite type uses it.
    DropComposite(CompositeType),
    /// `ALTER TYPE … ADD ATTRIBUTE`: PostgreSQL appends it; stored values get NULL in it.
    AddCompositeAttribute {
        composite: QualifiedName,
        attribute: CompositeAttribute,
    },
    /// `ALTER TYPE … DROP ATTRIBUTE`: its values go, in every column holding the type
    /// (`columns`, `schema.table.column` of the old model, directly, as arrays or through
    /// other composite types).
    DropCompositeAttribute {
        composite: QualifiedName,
        attribute: CompositeAttribute,
        columns: Vec<String>,
    },
    /// `ALTER TYPE … ALTER ATTRIBUTE … TYPE … [COLLATE …]`. PostgreSQL refuses it while a
    /// table column holds the type (`columns`, as for [`Change::DropCompositeAttribute`]):
    /// [`crate::check_plan`] refuses such a plan rather than rewriting those columns.
    AlterCompositeAttribute {
        composite: QualifiedName,
        from: CompositeAttribute,
        to: CompositeAttribute,
        columns: Vec<String>,
    },
    /// `CREATE SEQUENCE` with its type and options; its owner is set by
    /// [`Change::SetSequenceOwner`] once the table exists.
    CreateSequence(Sequence),
    /// `DROP SEQUENCE` (an owner released first by [`Change::SetSequenceOwner`]).
    DropSequence(Sequence),
    /// Type or options changed in place (`ALTER SEQUENCE … AS … INCREMENT BY …`).
    AlterSequence {
        from: Sequence,
        to: Sequence,
    },
    /// `ALTER SEQUENCE … OWNED BY table.column` (`to`), or `OWNED BY NONE`.
    SetSequenceOwner {
        sequence: QualifiedName,
        from: Option<SequenceOwner>,
        to: Option<SequenceOwner>,
    },
    /// The sequence options of an identity column changed in place (`ALTER COLUMN … SET
    /// INCREMENT BY … SET START WITH …`); `ty` is the column's type (the defaults' range).
    SetIdentityOptions {
        table: QualifiedName,
        column: String,
        ty: ColumnType,
        from: SequenceOptions,
        to: SequenceOptions,
        /// The identity is added by the same plan: its sequence has no position of its own
        /// yet and is placed past the column's values in the new direction (the undo of the
        /// addition drops it, so this undoes nothing).
        added: bool,
    },
    CreateTable(Table),
    DropTable(Table),
    /// A declared partition (with its own partitions) created under `parent` (the table
    /// `table` or one of its partitions). With `default` (the kept DEFAULT partition beside
    /// it) the rows of the default that belong to the new bound are moved into it, the
    /// default being detached meanwhile: PostgreSQL refuses the new bound otherwise.
    /// `columns`: the table's columns, copied when rows move.
    CreatePartition {
        table: QualifiedName,
        parent: String,
        partition: Partition,
        default: Option<String>,
        columns: Vec<String>,
    },
    /// A declared partition detached and dropped with its partitions. With `default` its
    /// rows are first inserted into `parent` (routed into the default or another
    /// partition), so none is lost; without, they are.
    DropPartition {
        table: QualifiedName,
        parent: String,
        partition: Partition,
        default: Option<String>,
        columns: Vec<String>,
    },
    /// The table is re-created and its rows copied (partitioning cannot be altered in
    /// place): `columns` maps `(old column, new column)` for the copy; the old table is
    /// dropped after it. Runs once every function the new triggers call exists.
    RebuildTable {
        from: Box<Table>,
        to: Box<Table>,
        columns: Vec<(String, String)>,
    },
    RenameTable {
        from: QualifiedName,
        to: String,
    },
    AddColumn {
        table: QualifiedName,
        column: Column,
    },
    DropColumn {
        table: QualifiedName,
        column: Column,
    },
    RenameColumn {
        table: QualifiedName,
        from: String,
        to: String,
    },
    AlterColumnType {
        table: QualifiedName,
        from: Column,
        to: Column,
        /// One type is a domain over the other: a plain cast, which rewrites nothing unless
        /// the new domain has constraints to check.
        relabel: Option<Relabel>,
    },
    /// A column that gets a new generation expression (or a plain column that becomes
    /// generated): PostgreSQL 15 has no in-place form, so it is dropped and added again
    /// under the same name and recomputed. `from` is the old column under the new name.
    RecomputeColumn {
        table: QualifiedName,
        from: Column,
        to: Column,
    },
    /// A generated column becomes plain, keeping its values (`DROP EXPRESSION`); the undo
    /// drops it and adds it back generated. `from` is the old column under the new name.
    DropExpression {
        table: QualifiedName,
        from: Column,
    },
    /// `ADD GENERATED … AS IDENTITY` on an existing column (its default dropped and NOT NULL
    /// set first; the sequence continues after the largest value). `from` is the column
    /// before, under its new name.
    AddIdentity {
        table: QualifiedName,
        from: Column,
        kind: Identity,
    },
    /// `DROP IDENTITY`: the values stay, the sequence goes.
    DropIdentity {
        table: QualifiedName,
        column: String,
        kind: Identity,
    },
    /// `SET GENERATED ALWAYS | BY DEFAULT`.
    SetIdentity {
        table: QualifiedName,
        column: String,
        from: Identity,
        to: Identity,
    },
    /// Right before a column becomes NOT NULL (`SetNotNull`): its existing NULLs filled in
    /// batches keyed by the primary key, each batch its own transaction, then a check that
    /// none is left, so that the file stops before any constraint would make writes of
    /// rows still holding NULL fail. With nothing to fill them (`fill` = `None`) only the
    /// check runs, and the change carries a hazard.
    FillNulls {
        table: QualifiedName,
        column: String,
        fill: Option<Fill>,
        /// Primary key columns and their types (empty: no primary key, batches by row
        /// address).
        key: Vec<(String, ColumnType)>,
        /// Where the column is declared (`Item.field`), for messages.
        rust: Option<String>,
    },
    SetNotNull {
        table: QualifiedName,
        column: String,
    },
    /// A row of [`Table::rows`](hims_model::Table::rows) the table gains: inserted unless a
    /// row with its key exists (the undo deletes it by key). `columns` are the table's
    /// column definitions the row names (for the types its values are cast to) and `key`
    /// the primary key's column names.
    InsertRow {
        table: QualifiedName,
        row: hims_model::Row,
        columns: Vec<Column>,
        key: Vec<String>,
    },
    /// A row the definitions no longer hold: deleted by key (the undo inserts it again).
    DeleteRow {
        table: QualifiedName,
        row: hims_model::Row,
        columns: Vec<Column>,
        key: Vec<String>,
    },
    DropNotNull {
        table: QualifiedName,
        column: String,
    },
    SetDefault {
        table: QualifiedName,
        column: String,
        from: Option<DefaultValue>,
        to: Option<DefaultValue>,
    },
    AddPrimaryKey {
        table: QualifiedName,
        key: PrimaryKey,
    },
    DropPrimaryKey {
        table: QualifiedName,
        key: PrimaryKey,
    },
    AddUnique {
        table: QualifiedName,
        unique: Unique,
    },
    DropUnique {
        table: QualifiedName,
        unique: Unique,
    },
    /// On an existing table the check is added `NOT VALID` and validated in the online phase.
    AddCheck {
        table: QualifiedName,
        check: Check,
        not_valid: bool,
    },
    DropCheck {
        table: QualifiedName,
        check: Check,
    },
    AddForeignKey {
        table: QualifiedName,
        foreign_key: ForeignKey,
        not_valid: bool,
    },
    DropForeignKey {
        table: QualifiedName,
        foreign_key: ForeignKey,
    },
    ValidateConstraint {
        table: QualifiedName,
        name: String,
    },
    /// `ALTER TABLE … ALTER CONSTRAINT … [NOT] DEFERRABLE [INITIALLY …]`: in place for a
    /// foreign key only (a key or an exclusion whose deferral changes is dropped and added).
    SetForeignKeyDeferral {
        table: QualifiedName,
        name: String,
        from: Deferral,
        to: Deferral,
    },
    AddExclusion {
        table: QualifiedName,
        exclusion: Exclusion,
    },
    DropExclusion {
        table: QualifiedName,
        exclusion: Exclusion,
    },
    RenameConstraint {
        table: QualifiedName,
        from: String,
        to: String,
    },
    CreateIndex {
        table: QualifiedName,
        index: Index,
        concurrently: bool,
    },
    DropIndex {
        table: QualifiedName,
        index: Index,
        concurrently: bool,
    },
    RenameIndex {
        schema: String,
        from: String,
        to: String,
    },
    SetRowSecurity {
        table: QualifiedName,
        from: Option<RowSecurity>,
        to: Option<RowSecurity>,
    },
    CreatePolicy {
        table: QualifiedName,
        policy: Policy,
    },
    DropPolicy {
        table: QualifiedName,
        policy: Policy,
    },
    /// Roles, USING and WITH CHECK change in place; command or permissiveness changes are a
    /// drop and a create.
    AlterPolicy {
        table: QualifiedName,
        from: Policy,
        to: Policy,
    },
    CreateFunction(Function),
    ReplaceFunction {
        from: Function,
        to: Function,
    },
    DropFunction(Function),
    /// `CREATE OR REPLACE AGGREGATE`, after the functions it calls.
    CreateAggregate(Aggregate),
    /// `DROP AGGREGATE`, before the functions it calls; a changed aggregate is dropped and
    /// created again.
    DropAggregate(Aggregate),
    CreateTrigger {
        table: QualifiedName,
        trigger: Trigger,
    },
    DropTrigger {
        table: QualifiedName,
        trigger: Trigger,
    },
    CreateView(View),
    DropView(View),
    Grant(Grant),
    Revoke(Grant),
    SetComment {
        target: CommentTarget,
        from: Option<String>,
        to: Option<String>,
    },
}

impl Change {
    /// The migration file this change goes to.
    pub fn phase(&self) -> Phase {
        match self {
            Change::AddEnumValue { .. } | Change::RenameEnumValue { .. } => Phase::EnumValues,
            Change::ValidateConstraint { .. }
            | Change::ValidateDomainCheck { .. }
            | Change::FillNulls { .. }
            | Change::SetNotNull { .. } => Phase::Online,
            Change::CreateIndex { concurrently, .. } | Change::DropIndex { concurrently, .. } => {
                if *concurrently {
                    Phase::Online
                } else {
                    Phase::Main
                }
            }
            _ => Phase::Main,
        }
    }

    /// One line saying what the change does, for plans and file comments.
    pub fn describe(&self) -> String {
        match self {
            Change::CreateExtension(e) => format!("create extension {e}"),
            Change::DropExtension(e) => format!("drop extension {e}"),
            Change::CreateRole(r) => format!("create role {}", r.name),
            Change::SetRoleSetting { role, name, to, .. } => match to {
                Some(v) => format!("set {name} = {v} for role {role}"),
                None => format!("reset {name} for role {role}"),
            },
            Change::CreateSchema(s) => format!("create schema {}", s.name),
            Change::DropSchema(s) => format!("drop schema {}", s.name),
            Change::CreateEnum(e) => format!("create enum type {}", e.qualified_name()),
            Change::DropEnum(e) => format!("drop enum type {}", e.qualified_name()),
            Change::AddEnumValue { name, value, .. } => format!("add value '{value}' to {name}"),
            Change::RenameEnumValue { name, from, to } => {
                format!("rename value '{from}' of {name} to '{to}'")
            }
            Change::RebuildEnum { from, .. } => {
                format!(
                    "rebuild enum type {} (values removed or reordered)",
                    from.qualified_name()
                )
            }
            Change::CreateDomain(d) => format!("create domain {}", d.qualified_name()),
            Change::DropDomain(d) => format!("drop domain {}", d.qualified_name()),
            Change::RetypeDomain { from, to } => format!(
                "change the base type of domain {} from {}{} to {}{}",
                to.qualified_name(),
                from.base,
                collation_words(from.collation.as_deref()),
                to.base,
                collation_words(to.collation.as_deref())
            ),
            Change::SetDomainDefault { domain, to, .. } => match to {
                Some(_) => format!("set default of domain {domain}"),
                None => format!("drop default of domain {domain}"),
            },
            Change::SetDomainNotNull { domain, not_null } => {
                if *not_null {
                    format!("make domain {domain} NOT NULL")
                } else {
                    format!("make domain {domain} nullable")
                }
            }
            Change::AddDomainCheck { domain, check, .. } => {
                format!("add check {} on domain {domain}", check.name)
            }
            Change::DropDomainCheck { domain, check } => {
                format!("drop check {} of domain {domain}", check.name)
            }
            Change::ValidateDomainCheck { domain, name } => {
                format!("validate check {name} of domain {domain}")
            }
            Change::CreateComposite(c) => format!("create composite type {}", c.qualified_name()),
            Change::DropComposite(c) => format!("drop composite type {}", c.qualified_name()),
            Change::AddCompositeAttribute {
                composite,
                attribute,
            } => format!(
                "add attribute {} {} to composite type {composite}",
                attribute.name, attribute.ty
            ),
            Change::DropCompositeAttribute {
                composite,
                attribute,
                ..
            } => format!(
                "drop attribute {} of composite type {composite}",
                attribute.name
            ),
            Change::AlterCompositeAttribute {
                composite,
                from,
                to,
                ..
            } => format!(
                "change the type of attribute {} of composite type {composite} from {}{} to {}{}",
                to.name,
                from.ty,
                collation_words(from.collation.as_deref()),
                to.ty,
                collation_words(to.collation.as_deref())
            ),
            Change::CreateSequence(q) => format!("create sequence {}", q.qualified_name()),
            Change::DropSequence(q) => format!("drop sequence {}", q.qualified_name()),
            Change::AlterSequence { to, .. } => {
                format!("alter sequence {} (type or options)", to.qualified_name())
            }
            Change::SetSequenceOwner { sequence, to, .. } => match to {
                Some(o) => format!(
                    "make sequence {sequence} owned by {}.{}.{}",
                    sequence.schema, o.table, o.column
                ),
                None => format!("make sequence {sequence} owned by no column"),
            },
            Change::SetIdentityOptions { table, column, .. } => {
                format!("change the sequence options of identity column {table}.{column}")
            }
            Change::CreateTable(t) => format!("create table {}", t.qualified_name()),
            Change::DropTable(t) => format!("drop table {}", t.qualified_name()),
            Change::CreatePartition {
                table,
                parent,
                partition,
                ..
            } => format!(
                "create partition {}.{} of {}.{parent} {}",
                table.schema, partition.name, table.schema, partition.bound
            ),
            Change::DropPartition {
                table,
                parent,
                partition,
                ..
            } => format!(
                "drop partition {}.{} of {}.{parent}",
                table.schema, partition.name, table.schema
            ),
            Change::RebuildTable { from, to, .. } => format!(
                "rebuild table {} ({}), copying its rows",
                to.qualified_name(),
                if from.partition_by == to.partition_by {
                    "a column of its partition key gets a new collation"
                } else {
                    "partitioning changed"
                }
            ),
            Change::RenameTable { from, to } => format!("rename table {from} to {to}"),
            Change::AddColumn { table, column } => format!("add column {table}.{}", column.name),
            Change::DropColumn { table, column } => format!("drop column {table}.{}", column.name),
            Change::RenameColumn { table, from, to } => {
                format!("rename column {table}.{from} to {to}")
            }
            Change::AlterColumnType {
                table, from, to, ..
            } if from.ty == to.ty => format!(
                "change collation of {table}.{} from {} to {}",
                to.name,
                collation_name(from),
                collation_name(to)
            ),
            Change::AlterColumnType {
                table, from, to, ..
            } => format!(
                "change type of {table}.{} from {}{} to {}{}",
                to.name,
                from.ty,
                collation_words(from.collation.as_deref()),
                to.ty,
                collation_words(to.collation.as_deref())
            ),
            Change::RecomputeColumn { table, to, .. } if to.generated.is_none() => format!(
                "make virtual generated column {table}.{} a plain column (dropped and added again, empty)",
                to.name
            ),
            Change::RecomputeColumn { table, to, .. } => format!(
                "recompute generated column {table}.{} (dropped and added again)",
                to.name
            ),
            Change::DropExpression { table, from } => {
                format!("make generated column {table}.{} a plain column", from.name)
            }
            Change::AddIdentity { table, from, kind } => format!(
                "make {table}.{} an identity column ({})",
                from.name,
                identity_words(*kind)
            ),
            Change::DropIdentity { table, column, .. } => {
                format!("make {table}.{column} no longer an identity column")
            }
            Change::SetIdentity {
                table, column, to, ..
            } => format!(
                "make identity column {table}.{column} {}",
                identity_words(*to)
            ),
            Change::FillNulls {
                table,
                column,
                fill,
                ..
            } => match fill {
                Some(Fill::Backfill(e)) => format!(
                    "fill NULLs of {table}.{column} with `{e}` (backfill), {FILL_BATCH} rows per transaction"
                ),
                Some(Fill::Default(_)) => format!(
                    "fill NULLs of {table}.{column} with its default, {FILL_BATCH} rows per transaction"
                ),
                None => format!("check that {table}.{column} holds no NULL"),
            },
            Change::SetNotNull { table, column } => format!("make {table}.{column} NOT NULL"),
            Change::InsertRow {
                table, row, key, ..
            } => {
                format!(
                    "insert row {} into {table} (when absent)",
                    row_key(row, key)
                )
            }
            Change::DeleteRow {
                table, row, key, ..
            } => {
                format!("delete row {} from {table}", row_key(row, key))
            }
            Change::DropNotNull { table, column } => format!("make {table}.{column} nullable"),
            Change::SetDefault {
                table, column, to, ..
            } => match to {
                Some(_) => format!("set default of {table}.{column}"),
                None => format!("drop default of {table}.{column}"),
            },
            Change::AddPrimaryKey { table, key } => {
                format!("add primary key {} on {table}", key.name)
            }
            Change::DropPrimaryKey { table, key } => {
                format!("drop primary key {} of {table}", key.name)
            }
            Change::AddUnique { table, unique } => format!("add unique {} on {table}", unique.name),
            Change::DropUnique { table, unique } => {
                format!("drop unique {} of {table}", unique.name)
            }
            Change::AddCheck { table, check, .. } => format!("add check {} on {table}", check.name),
            Change::DropCheck { table, check } => format!("drop check {} of {table}", check.name),
            Change::AddForeignKey {
                table, foreign_key, ..
            } => {
                format!("add foreign key {} on {table}", foreign_key.name)
            }
            Change::DropForeignKey { table, foreign_key } => {
                format!("drop foreign key {} of {table}", foreign_key.name)
            }
            Change::ValidateConstraint { table, name } => {
                format!("validate constraint {name} of {table}")
            }
            Change::SetForeignKeyDeferral {
                table, name, to, ..
            } => format!(
                "make foreign key {name} of {table} {}",
                match to {
                    Deferral::NotDeferrable => "not deferrable",
                    Deferral::InitiallyImmediate => "deferrable, initially immediate",
                    Deferral::InitiallyDeferred => "deferrable, initially deferred",
                }
            ),
            Change::AddExclusion { table, exclusion } => {
                format!("add exclusion constraint {} on {table}", exclusion.name)
            }
            Change::DropExclusion { table, exclusion } => {
                format!("drop exclusion constraint {} of {table}", exclusion.name)
            }
            Change::RenameConstraint { table, from, to } => {
                format!("rename constraint {from} of {table} to {to}")
            }
            Change::CreateIndex {
                table,
                index,
                concurrently,
            } => format!(
                "create index {}{} on {table}",
                index.name,
                if *concurrently { " concurrently" } else { "" }
            ),
            Change::DropIndex { table, index, .. } => {
                format!("drop index {} of {table}", index.name)
            }
            Change::RenameIndex { schema, from, to } => {
                format!("rename index {schema}.{from} to {to}")
            }
            Change::SetRowSecurity { table, to, .. } => match to {
                Some(r) if r.force => format!("enable and force row-level security on {table}"),
                Some(_) => format!("enable row-level security on {table}"),
                None => format!("disable row-level security on {table}"),
            },
            Change::CreatePolicy { table, policy } => {
                format!("create policy {} on {table}", policy.name)
            }
            Change::DropPolicy { table, policy } => {
                format!("drop policy {} of {table}", policy.name)
            }
            Change::AlterPolicy { table, to, .. } => format!("alter policy {} on {table}", to.name),
            Change::CreateFunction(f) => format!("create {}", routine(f)),
            Change::ReplaceFunction { to, .. } => format!("replace {}", routine(to)),
            Change::DropFunction(f) => format!("drop {}", routine(f)),
            Change::CreateAggregate(a) => format!("create aggregate {}", aggregate_call(a)),
            Change::DropAggregate(a) => format!("drop aggregate {}", aggregate_call(a)),
            Change::CreateTrigger { table, trigger } => {
                format!("create trigger {} on {table}", trigger.name)
            }
            Change::DropTrigger { table, trigger } => {
                format!("drop trigger {} of {table}", trigger.name)
            }
            Change::CreateView(v) => format!(
                "create {} {}",
                v.kind_sql().to_lowercase(),
                v.qualified_name()
            ),
            Change::DropView(v) => {
                format!(
                    "drop {} {}",
                    v.kind_sql().to_lowercase(),
                    v.qualified_name()
                )
            }
            Change::Grant(g) => format!(
                "grant {} on {} to {}",
                privileges(g),
                grant_object(&g.object),
                g.grantee
            ),
            Change::Revoke(g) => format!(
                "revoke {} on {} from {}",
                privileges(g),
                grant_object(&g.object),
                g.grantee
            ),
            Change::SetComment { target, .. } => format!("comment on {target}"),
        }
    }

    /// [`Change::hazards`], and what only the new model tells: a column added with a domain
    /// type that refuses NULL (NOT NULL, itself or a domain under it) and no default (its
    /// own or a domain's) fails on a table with rows, nullable or not.
    pub fn hazards_in(&self, new: &Model) -> Vec<Hazard> {
        let mut v = self.hazards();
        if let Change::AddColumn { table, column } = self
            && column.default.is_none()
            && column.generated.is_none()
            && column.identity.is_none()
            && column.nullable
            && let Some(domain) = null_refusing_domain(new, &column.ty)
        {
            v.push(Hazard::new(
                HazardKind::FailsOnData,
                format!(
                    "{table}.{} is of domain {domain}, which is NOT NULL and has no default: adding the column fails if {table} has rows; give the column or the domain a default",
                    column.name
                ),
            ));
        }
        v
    }

    /// What can go wrong on a live database.
    pub fn hazards(&self) -> Vec<Hazard> {
        use HazardKind::*;
        let h = Hazard::new;
        match self {
            Change::DropDomain(d) => {
                vec![h(DataLoss, format!("drops domain {}", d.qualified_name()))]
            }
            // Columns of the type are dropped (or retyped) by changes of their own, with
            // their own hazards: the type itself holds no data.
            Change::DropComposite(c) => vec![h(
                Breaking,
                format!(
                    "drops composite type {}: clients and SQL naming it fail",
                    c.qualified_name()
                ),
            )],
            Change::DropCompositeAttribute {
                composite,
                attribute,
                columns,
            } if !columns.is_empty() => vec![h(
                DataLoss,
                format!(
                    "drops attribute {} of composite type {composite} with its values in {}",
                    attribute.name,
                    columns.join(", ")
                ),
            )],
            Change::AlterCompositeAttribute { composite, to, .. } => vec![h(
                Breaking,
                format!(
                    "readers of attribute {} of composite type {composite} get values of type {}",
                    to.name, to.ty
                ),
            )],
            Change::DropCompositeAttribute {
                composite,
                attribute,
                ..
            } => vec![h(
                Breaking,
                format!(
                    "readers of attribute {} of composite type {composite} fail",
                    attribute.name
                ),
            )],
            Change::SetDomainNotNull {
                domain,
                not_null: true,
            } => vec![
                h(
                    FailsOnData,
                    format!(
                        "domain {domain} becomes NOT NULL: the migration stops if a column of the type holds NULL (fill them first)"
                    ),
                ),
                h(
                    Locking,
                    format!(
                        "SHARE lock on every table with a column of domain {domain} while it is scanned for NULLs: writes wait"
                    ),
                ),
            ],
            // PostgreSQL checks a domain's values under a SHARE lock on each table using it
            // (unlike a table's VALIDATE, which lets writes through).
            Change::ValidateDomainCheck { domain, name } => vec![h(
                Locking,
                format!(
                    "SHARE lock on every table with a column of domain {domain} while check {name} reads its values: writes wait (the migration stops on a value that fails it)"
                ),
            )],
            Change::SetDomainNotNull {
                domain,
                not_null: false,
            } => vec![h(
                Breaking,
                format!(
                    "readers of columns of domain {domain} that assume a value may now get NULL"
                ),
            )],
            Change::DropSequence(q) => vec![h(
                DataLoss,
                format!(
                    "sequence {} is dropped with its current value (the undo re-creates it at its start)",
                    q.qualified_name()
                ),
            )],
            Change::DropTable(t) => vec![h(
                DataLoss,
                format!("drops table {} and its rows", t.qualified_name()),
            )],
            Change::DropPartition {
                table,
                parent,
                partition,
                default: None,
                ..
            } => vec![h(
                DataLoss,
                format!(
                    "drops partition {}.{} and its rows (no DEFAULT partition of {}.{parent} to take them)",
                    table.schema, partition.name, table.schema
                ),
            )],
            Change::DropPartition {
                table,
                parent,
                partition,
                default: Some(default),
                ..
            } => vec![h(
                Locking,
                format!(
                    "ACCESS EXCLUSIVE lock on {}.{parent} while partition {} is detached and its rows are moved into {default} or another partition",
                    table.schema, partition.name
                ),
            )],
            Change::CreatePartition {
                table,
                parent,
                partition,
                default: Some(default),
                ..
            } => vec![h(
                Locking,
                format!(
                    "ACCESS EXCLUSIVE lock on {}.{parent} while DEFAULT partition {default} is detached, the rows of {} moved out of it and it is attached again (scanned)",
                    table.schema, partition.name
                ),
            )],
            Change::DropColumn { table, column } => vec![h(
                DataLoss,
                format!("drops column {table}.{} and its values", column.name),
            )],
            Change::DropEnum(e) => vec![h(DataLoss, format!("drops type {}", e.qualified_name()))],
            Change::DropSchema(s) => vec![h(DataLoss, format!("drops schema {}", s.name))],
            Change::DeleteRow {
                table, row, key, ..
            } => vec![h(
                DataLoss,
                format!("deletes row {} of {table}", row_key(row, key)),
            )],
            // No hazard: the undo rebuilds the type without the value (and refuses while rows
            // hold it).
            Change::AddEnumValue { .. } => Vec::new(),
            Change::RebuildEnum { from, .. } => vec![
                h(
                    DataLoss,
                    format!(
                        "rows holding a removed value of {} make the conversion fail",
                        from.qualified_name()
                    ),
                ),
                h(Rewrite, "every column of the type is rewritten".to_string()),
                h(
                    Locking,
                    "ACCESS EXCLUSIVE on every table using the type".to_string(),
                ),
            ],
            Change::RebuildTable { to, .. } => vec![
                h(
                    Rewrite,
                    format!("{} is re-created and every row copied", to.qualified_name()),
                ),
                h(
                    Locking,
                    format!(
                        "ACCESS EXCLUSIVE on {} while its rows are copied",
                        to.qualified_name()
                    ),
                ),
            ],
            // A new collation keeps the table's file but rebuilds every index on the column
            // under the ALTER's ACCESS EXCLUSIVE lock; the type change beside it, if any,
            // has its own hazards.
            Change::AlterColumnType {
                table,
                from,
                to,
                relabel,
            } if from.collation != to.collation => {
                let mut same = from.clone();
                same.collation = to.collation.clone();
                let mut v = Change::AlterColumnType {
                    table: table.clone(),
                    from: same,
                    to: to.clone(),
                    relabel: *relabel,
                }
                .hazards();
                if !v.iter().any(|x| x.kind == Locking) {
                    v.push(h(
                        Locking,
                        format!(
                            "ACCESS EXCLUSIVE on {table} while PostgreSQL rebuilds the indexes on {} for collation {} (the rows are not rewritten)",
                            to.name,
                            collation_name(to)
                        ),
                    ));
                }
                v
            }
            Change::AlterColumnType {
                table,
                to,
                relabel: Some(relabel),
                ..
            } => match relabel {
                Relabel::ToBase | Relabel::ToDomain { checked: false } => Vec::new(),
                Relabel::ToDomain { checked: true } => vec![
                    h(
                        FailsOnData,
                        format!(
                            "{table}.{}: a value that fails a constraint of {} stops the migration",
                            to.name, to.ty
                        ),
                    ),
                    h(
                        Rewrite,
                        format!(
                            "{table}.{}: PostgreSQL checks {}'s constraints on every row while it rewrites the table",
                            to.name, to.ty
                        ),
                    ),
                    h(
                        Locking,
                        format!("ACCESS EXCLUSIVE on {table} while it is rewritten"),
                    ),
                ],
            },
            Change::AlterColumnType {
                table, from, to, ..
            } => {
                let mut v = Vec::new();
                if narrows(&from.ty, &to.ty) {
                    v.push(h(
                        DataLoss,
                        format!(
                            "{table}.{}: {} → {} may truncate or reject values",
                            to.name, from.ty, to.ty
                        ),
                    ));
                }
                if !metadata_only(&from.ty, &to.ty) {
                    v.push(h(
                        Rewrite,
                        format!(
                            "{table}.{}: changing {} to {} rewrites the table",
                            to.name, from.ty, to.ty
                        ),
                    ));
                    v.push(h(
                        Locking,
                        format!("ACCESS EXCLUSIVE on {table} while it is rewritten"),
                    ));
                }
                v
            }
            Change::RecomputeColumn { table, from, to } => {
                let mut v = if to.virtual_generated {
                    // Dropping a column and adding a virtual one rewrites nothing (a plain
                    // column's lost values are the data-loss hazard below).
                    vec![h(
                        Locking,
                        format!(
                            "ACCESS EXCLUSIVE on {table} while {} is dropped and added again (virtual: no rewrite); views on it are re-created",
                            to.name
                        ),
                    )]
                } else {
                    vec![
                        h(
                            Rewrite,
                            format!(
                                "{table}.{} is dropped and added again with the new expression: it keeps its name, every row is recomputed and the table rewritten; indexes and views on it are re-created",
                                to.name
                            ),
                        ),
                        h(
                            Locking,
                            format!("ACCESS EXCLUSIVE on {table} while it is rewritten"),
                        ),
                    ]
                };
                if to.generated.is_none() {
                    v.push(h(
                        DataLoss,
                        format!(
                            "virtual generated column {table}.{} becomes a plain column without values (PostgreSQL cannot keep computed values of a virtual column)",
                            to.name
                        ),
                    ));
                }
                if from.generated.is_none() {
                    v.push(h(
                        DataLoss,
                        format!(
                            "the stored values of {table}.{} are replaced by the computed ones",
                            to.name
                        ),
                    ));
                }
                v
            }
            Change::DropExpression { table, from } => vec![h(
                Breaking,
                format!(
                    "{table}.{} is no longer computed: writers must now set it, readers may see values the expression would not give",
                    from.name
                ),
            )],
            Change::DropIdentity { table, column, .. } => vec![h(
                Breaking,
                format!(
                    "inserts that leave {table}.{column} to its sequence now fail or store NULL"
                ),
            )],
            Change::SetIdentity {
                table, column, to, ..
            } => vec![h(
                Breaking,
                match to {
                    Identity::Always => format!(
                        "inserts that give {table}.{column} a value now fail (GENERATED ALWAYS)"
                    ),
                    Identity::ByDefault => format!(
                        "{table}.{column} now accepts values from inserts, which may collide with the sequence"
                    ),
                },
            )],
            Change::AddIdentity { table, from, .. } => vec![h(
                Locking,
                format!(
                    "ACCESS EXCLUSIVE on {table} while {}{} becomes an identity column",
                    from.name,
                    if from.nullable {
                        " is checked for NULLs (SET NOT NULL scans the table) and"
                    } else {
                        ""
                    }
                ),
            )],
            Change::AddColumn { table, column } => {
                let mut v = Vec::new();
                if let Some(DefaultValue::Sql(expr)) = &column.default
                    && is_volatile(expr)
                {
                    v.push(h(
                        Rewrite,
                        format!(
                            "volatile default `{expr}` on {table}.{} rewrites the table",
                            column.name
                        ),
                    ));
                    v.push(h(
                        Locking,
                        format!("ACCESS EXCLUSIVE on {table} while it is rewritten"),
                    ));
                }
                if !column.nullable
                    && column.default.is_none()
                    && column.generated.is_none()
                    && column.identity.is_none()
                {
                    // With a backfill the column is added nullable and filled instead.
                    let hint = if column.name == hims_model::TENANT_COLUMN {
                        "name the tenant existing rows belong to (`Tenancy::existing_rows`)"
                    } else {
                        "give it `#[column(backfill = \"…\")]` or a default"
                    };
                    v.push(h(
                        FailsOnData,
                        format!(
                            "{table}.{} is NOT NULL with nothing to fill existing rows: adding it fails if {table} has rows; {hint}",
                            column.name
                        ),
                    ));
                }
                if column.generated.is_some() && !column.virtual_generated {
                    v.push(h(
                        Rewrite,
                        format!(
                            "stored generated column {table}.{} rewrites the table",
                            column.name
                        ),
                    ));
                }
                v
            }
            Change::AddPrimaryKey { table, .. }
            | Change::AddUnique { table, .. }
            | Change::AddExclusion { table, .. } => {
                vec![h(
                    Locking,
                    format!(
                        "builds an index on {table} under ACCESS EXCLUSIVE (for a large table build it CONCURRENTLY by hand and attach it)"
                    ),
                )]
            }
            Change::RenameTable { from, .. } => vec![h(
                Breaking,
                format!("running application code that still uses {from} breaks"),
            )],
            Change::RenameColumn { table, from, .. } => vec![h(
                Breaking,
                format!("running application code that still uses {table}.{from} breaks"),
            )],
            Change::RenameEnumValue { name, from, .. } => vec![h(
                Breaking,
                format!("running application code that still writes '{from}' into {name} breaks"),
            )],
            Change::FillNulls {
                table,
                column,
                fill: None,
                rust,
                ..
            } => vec![h(
                FailsOnData,
                format!(
                    "{table}.{column} becomes NOT NULL with no default and no backfill: the migration stops if rows hold NULL; add `#[column(backfill = \"…\")]`{} (an SQL expression, may read the row's other columns) or a default",
                    rust.as_deref()
                        .map(|r| format!(" to `{r}`"))
                        .unwrap_or_default()
                ),
            )],
            Change::DropNotNull { table, column } => vec![h(
                Breaking,
                format!("readers of {table}.{column} that assume a value may now get NULL"),
            )],
            _ => Vec::new(),
        }
    }
}

/// `"C"`, or `the type's own` for a column without a collation of its own.
fn collation_name(c: &Column) -> String {
    match &c.collation {
        Some(co) => format!("\"{co}\""),
        None => "the type's own".to_string(),
    }
}

/// ` collate "C"` when a domain or column has a collation of its own.
fn collation_words(collation: Option<&str>) -> String {
    collation
        .as_ref()
        .map(|c| format!(" collate \"{c}\""))
        .unwrap_or_default()
}

fn identity_words(kind: Identity) -> &'static str {
    match kind {
        Identity::Always => "GENERATED ALWAYS",
        Identity::ByDefault => "GENERATED BY DEFAULT",
    }
}

fn privileges(g: &hims_model::Grant) -> String {
    g.privileges
        .iter()
        .map(|p| p.sql())
        .collect::<Vec<_>>()
        .join(", ")
}

fn grant_object(o: &hims_model::GrantObject) -> String {
    use hims_model::GrantObject as G;
    match o {
        G::Schema(s) => format!("schema {s}"),
        G::AllTablesInSchema(s) => format!("all tables in schema {s}"),
        G::Table(q) => format!("table {q}"),
        G::View(q) => format!("view {q}"),
        G::Function(q) => format!("function {q}"),
    }
}

impl std::fmt::Display for CommentTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommentTarget::Schema(s) => write!(f, "schema {s}"),
            CommentTarget::Type(q) => write!(f, "type {q}"),
            CommentTarget::Table(q) => write!(f, "table {q}"),
            CommentTarget::Column(q, c) => write!(f, "column {q}.{c}"),
            CommentTarget::View(q) => write!(f, "view {q}"),
            CommentTarget::MaterializedView(q) => write!(f, "materialized view {q}"),
            CommentTarget::Sequence(q) => write!(f, "sequence {q}"),
            CommentTarget::Domain(q) => write!(f, "domain {q}"),
        }
    }
}

/// Whether a type change can lose or reject existing values.
fn narrows(from: &ColumnType, to: &ColumnType) -> bool {
    use ColumnType as T;
    match (from, to) {
        (a, b) if a == b => false,
        (T::Varchar(Some(a)), T::Varchar(Some(b))) => b < a,
        (T::Varchar(_), T::Varchar(None)) | (T::Varchar(_), T::Text) | (T::Char(_), T::Text) => {
            false
        }
        (T::Char(a), T::Varchar(Some(b))) => b < a,
        (T::Char(_), T::Varchar(None)) => false,
        (T::SmallInt, T::Integer | T::BigInt | T::Numeric(None))
        | (T::Integer, T::BigInt | T::Numeric(None)) => false,
        (T::Numeric(Some((p1, s1))), T::Numeric(Some((p2, s2)))) => p2 - s2 < p1 - s1 || s2 < s1,
        (T::Numeric(Some(_)), T::Numeric(None)) => false,
        (T::Array(a), T::Array(b)) => narrows(a, b),
        _ => true,
    }
}

/// Type changes PostgreSQL does without rewriting the table (binary-coercible, wider typmod).
fn metadata_only(from: &ColumnType, to: &ColumnType) -> bool {
    use ColumnType as T;
    match (from, to) {
        (a, b) if a == b => true,
        (T::Varchar(Some(a)), T::Varchar(Some(b))) => b >= a,
        (T::Varchar(_), T::Varchar(None)) | (T::Varchar(_), T::Text) => true,
        (T::Numeric(Some((p1, s1))), T::Numeric(Some((p2, s2)))) => s1 == s2 && p2 >= p1,
        (T::Numeric(Some(_)), T::Numeric(None)) => true,
        (T::Array(a), T::Array(b)) => {
            metadata_only(a, b) && matches!((&**a, &**b), (T::Varchar(_), T::Varchar(_) | T::Text))
        }
        _ => false,
    }
}

/// Defaults PostgreSQL evaluates per row (so adding the column rewrites the table).
pub(crate) fn is_volatile(expr: &str) -> bool {
    let e = expr.to_ascii_lowercase();
    [
        "random(",
        "gen_random_uuid(",
        "clock_timestamp(",
        "nextval(",
        "uuid_generate",
        "timeofday(",
    ]
    .iter()
    .any(|f| e.contains(f))
}

/// The domain `ty` names when it, or a domain beneath it, refuses NULL and none on the way
/// down has a default to fill existing rows with (a domain takes its base's default).
fn null_refusing_domain(model: &Model, ty: &ColumnType) -> Option<String> {
    let chain = model.domain_chain(ty);
    let top = chain.first()?;
    if chain.iter().any(|d| d.default.is_some()) {
        return None;
    }
    chain
        .iter()
        .any(|d| d.not_null)
        .then(|| top.qualified_name().to_string())
}

/// `s.a(integer)`, `s.a(*)` without arguments, as a plan describes an aggregate.
fn aggregate_call(a: &Aggregate) -> String {
    if a.args.is_empty() {
        format!("{}(*)", a.qualified_name())
    } else {
        a.signature()
    }
}

/// `function s.f` or `procedure s.p`, as a plan describes a routine.
fn routine(f: &Function) -> String {
    format!("{} {}", f.kind_sql().to_lowercase(), f.qualified_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_change_classification() {
        use ColumnType as T;
        assert!(metadata_only(&T::Varchar(Some(30)), &T::Varchar(Some(40))));
        assert!(!narrows(&T::Varchar(Some(30)), &T::Varchar(Some(40))));
        assert!(narrows(&T::Varchar(Some(40)), &T::Varchar(Some(30))));
        assert!(!metadata_only(&T::Varchar(Some(40)), &T::Varchar(Some(30))));
        assert!(!metadata_only(
            &T::Numeric(Some((14, 4))),
            &T::Numeric(Some((18, 6)))
        ));
        assert!(!narrows(
            &T::Numeric(Some((14, 4))),
            &T::Numeric(Some((18, 6)))
        ));
        assert!(narrows(
            &T::Text,
            &T::Enum {
                schema: "s".into(),
                name: "e".into()
            }
        ));
        assert!(!narrows(&T::Integer, &T::BigInt));
        assert!(!metadata_only(&T::Integer, &T::BigInt));
    }
}
