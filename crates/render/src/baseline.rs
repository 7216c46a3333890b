//! The complete, idempotent script: every statement either is naturally repeatable
//! (`IF NOT EXISTS`, `CREATE OR REPLACE`, `COMMENT`, `GRANT`, `ENABLE ROW LEVEL SECURITY`) or
//! is wrapped in a `DO` block that checks the catalog first. No BEGIN/COMMIT: Flyway wraps
//! each migration in a transaction.

use crate::order::table_order;
use crate::sql::{
    default_value, ident, ident_list, literal, qname, qualified, type_name, unless_exists,
    unless_exists_cluster_wide,
};
use hims_model::{
    Aggregate, Check, Column, ColumnType, CompositeAttribute, CompositeType, Domain, ForeignKey,
    Function, Grant, GrantObject, Identity, Index, IndexKey, IndexMethod, Model, Policy,
    QualifiedName, Role, Sequence, SequenceOptions, Table, Trigger, TriggerEvent, Unique, View,
};
use sea_query::{
    Alias, ColumnDef, ConditionalStatement, Expr, ForeignKeyAction, IndexOrder, IndexType,
    PostgresQueryBuilder,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// What the header of a generated file says about itself.
#[derive(Debug, Clone)]
pub struct BaselineHeader {
    /// File name, e.g. `V001__complete_hims_schema.sql`.
    pub file_name: String,
    /// The command that regenerates the file.
    pub regenerate: String,
}

/// The complete schema as one idempotent SQL script.
pub fn baseline(model: &Model, header: &BaselineHeader) -> String {
    let mut out = String::new();
    let tables = model.tables.len();
    let indexes: usize = model.tables.iter().map(|t| t.indexes.len()).sum();
    let _ = write!(
        out,
        "-- {file}\n\
         -- GENERATED FILE: do not edit. Source: the Rust definitions in schema-defs/.\n\
         -- Regenerate with `{regen}`; `cargo xtask check` fails when this file is stale.\n\
         --\n\
         -- Idempotent: every statement checks for its object first, so running the script\n\
         -- again changes nothing. No BEGIN/COMMIT: Flyway runs each migration in a transaction.\n\
         -- Contents: {schemas} schemas, {enums} enum types, {tables} tables, {indexes} indexes,\n\
         -- {functions} functions, {views} views.\n",
        file = header.file_name,
        regen = header.regenerate,
        schemas = model.schemas.len(),
        enums = model.enums.len(),
        functions = model.functions.len(),
        views = model.views.len(),
    );

    let mut section = |title: &str, statements: Vec<String>| {
        if statements.is_empty() {
            return;
        }
        let _ = write!(out, "\n-- ==== {title} ====\n\n");
        for s in statements {
            out.push_str(&s);
            out.push('\n');
        }
    };

    section(
        "Extensions",
        model
            .extensions
            .iter()
            .map(|e| format!("CREATE EXTENSION IF NOT EXISTS {};", ident(e)))
            .collect(),
    );
    // Every role first, then memberships: a role may be a member of one sorted after it.
    let (creates, memberships): (Vec<Vec<String>>, Vec<Vec<String>>) =
        model.roles.iter().map(role).unzip();
    section(
        "Roles",
        creates.into_iter().chain(memberships).flatten().collect(),
    );
    section(
        "Schemas",
        model
            .schemas
            .iter()
            .flat_map(|s| {
                let mut v = vec![format!("CREATE SCHEMA IF NOT EXISTS {};", ident(&s.name))];
                if let Some(c) = &s.comment {
                    v.push(format!(
                        "COMMENT ON SCHEMA {} IS {};",
                        ident(&s.name),
                        literal(c)
                    ));
                }
                v
            })
            .collect(),
    );
    section(
        "Enum types",
        model
            .enums
            .iter()
            .flat_map(|e| {
                let create = sea_query::extension::postgres::Type::create()
                    .as_enum((Alias::new(&e.schema), Alias::new(&e.name)))
                    .values(e.values.iter().map(Alias::new))
                    .to_string(PostgresQueryBuilder);
                let mut v = vec![unless_exists(&type_exists(&e.schema, &e.name), &create)];
                if let Some(c) = &e.comment {
                    v.push(format!(
                        "COMMENT ON TYPE {} IS {};",
                        qualified(&e.schema, &e.name),
                        literal(c)
                    ));
                }
                v
            })
            .collect(),
    );

    section(
        "Sequences",
        model
            .sequences
            .iter()
            .flat_map(|q| {
                let mut v = vec![create_sequence(q)];
                v.extend(sequence_comment(q));
                v
            })
            .collect(),
    );

    // After the sequences: a domain's default may call nextval() on one.
    section(
        "Domains",
        model
            .domains_in_dependency_order()
            .into_iter()
            .flat_map(|d| {
                let mut v = vec![create_domain_unless_exists(d)];
                v.extend(domain_comment(d));
                v
            })
            .collect(),
    );

    // After the domains and enum types their attributes may be of, before the functions
    // and tables that use them.
    section(
        "Composite types",
        model
            .composites_in_dependency_order()
            .into_iter()
            .flat_map(|c| {
                let mut v = vec![create_composite_unless_exists(c)];
                v.extend(composite_comment(c));
                v
            })
            .collect(),
    );

    let (early, late) = function_groups(model);
    section(
        "Functions used by tables and policies",
        early.iter().flat_map(|f| function(f)).collect(),
    );

    let order = table_order(model);
    let mut table_sql = Vec::new();
    for name in &order.tables {
        let t = model.table(name).expect("ordered tables exist");
        table_sql.push(format!("-- {}", t.qualified_name()));
        table_sql.push(create_table(t));
        table_sql.extend(
            model
                .sequences
                .iter()
                .filter(|q| {
                    q.schema == t.schema && q.owned_by.as_ref().is_some_and(|o| o.table == t.name)
                })
                .map(sequence_owned_by),
        );
        table_sql.extend(t.uniques.iter().map(|u| add_unique(t, u)));
        table_sql.extend(t.checks.iter().map(|c| add_check(t, c)));
        table_sql.extend(t.exclusions.iter().map(|x| add_exclusion(t, x)));
        table_sql.extend(
            t.foreign_keys
                .iter()
                .filter(|fk| {
                    !order
                        .deferred_foreign_keys
                        .contains(&(name.clone(), fk.name.clone()))
                })
                .map(|fk| add_foreign_key(t, fk)),
        );
        table_sql.extend(t.indexes.iter().map(|i| create_index(t, i)));
        table_sql.extend(table_comments(t));
        table_sql.push(String::new());
    }
    if table_sql.last().is_some_and(String::is_empty) {
        table_sql.pop();
    }
    section("Tables, in foreign-key order", table_sql);
    section(
        "Foreign keys closing a reference cycle",
        order
            .deferred_foreign_keys
            .iter()
            .map(|(tname, fk_name)| {
                let t = model.table(tname).expect("table exists");
                let fk = t
                    .foreign_keys
                    .iter()
                    .find(|f| &f.name == fk_name)
                    .expect("fk exists");
                add_foreign_key(t, fk)
            })
            .collect(),
    );
    section(
        "Rows the tables hold",
        order
            .tables
            .iter()
            .filter_map(|n| model.table(n))
            .flat_map(|t| {
                t.rows
                    .iter()
                    .map(move |r| insert_row(&t.qualified_name(), r, &t.columns))
            })
            .collect(),
    );
    // Aggregates after the functions they call: most call pure functions only (created
    // before the tables), and come before the functions that read tables, which may use them.
    let late_names: BTreeSet<QualifiedName> = late.iter().map(|f| f.qualified_name()).collect();
    let (late_aggregates, aggregates): (Vec<&Aggregate>, Vec<&Aggregate>) = model
        .aggregates
        .iter()
        .partition(|a| a.support_functions().iter().any(|q| late_names.contains(q)));
    section(
        "Aggregates",
        aggregates.into_iter().flat_map(aggregate).collect(),
    );
    section(
        "Functions that read tables",
        late.iter().flat_map(|f| function(f)).collect(),
    );
    section(
        "Aggregates over functions that read tables",
        late_aggregates.into_iter().flat_map(aggregate).collect(),
    );
    section(
        "Row-level security",
        order
            .tables
            .iter()
            .filter_map(|n| model.table(n))
            .flat_map(row_security)
            .collect(),
    );
    section(
        "Triggers",
        order
            .tables
            .iter()
            .filter_map(|n| model.table(n))
            .flat_map(|t| t.triggers.iter().map(move |tr| trigger(t, tr)))
            .collect(),
    );
    section(
        "Views",
        view_order(model).into_iter().flat_map(view).collect(),
    );
    section(
        "Privileges",
        model.grants.iter().flat_map(|g| grant(model, g)).collect(),
    );
    out
}

/// `CREATE DOMAIN … AS base [COLLATE …] [DEFAULT …] [NOT NULL] [CONSTRAINT … CHECK (…)]…`.
pub fn create_domain(d: &Domain) -> String {
    let mut sql = format!(
        "CREATE DOMAIN {} AS {}",
        qualified(&d.schema, &d.name),
        type_name(&d.base)
    );
    if let Some(c) = &d.collation {
        let _ = write!(sql, " COLLATE {}", ident(c));
    }
    if let Some(e) = &d.default {
        let _ = write!(sql, " DEFAULT {e}");
    }
    if d.not_null {
        sql.push_str(" NOT NULL");
    }
    for c in &d.checks {
        let _ = write!(sql, " CONSTRAINT {} CHECK ({})", ident(&c.name), c.expr);
    }
    sql
}

/// `CREATE TYPE … AS (attribute type [COLLATE …], …)`.
pub fn create_composite(c: &CompositeType) -> String {
    let attributes: Vec<String> = c.attributes.iter().map(composite_attribute).collect();
    format!(
        "CREATE TYPE {} AS ({})",
        qualified(&c.schema, &c.name),
        attributes.join(", ")
    )
}

/// `name type [COLLATE c]`, as `CREATE TYPE` and `ADD ATTRIBUTE` spell an attribute.
pub(crate) fn composite_attribute(a: &CompositeAttribute) -> String {
    let mut sql = format!("{} {}", ident(&a.name), type_name(&a.ty));
    if let Some(c) = &a.collation {
        let _ = write!(sql, " COLLATE {}", ident(c));
    }
    sql
}

/// [`create_composite`] in a `DO` block that skips it when the type exists (PostgreSQL has
/// no `CREATE TYPE IF NOT EXISTS`).
pub(crate) fn create_composite_unless_exists(c: &CompositeType) -> String {
    unless_exists(&type_exists(&c.schema, &c.name), &create_composite(c))
}

pub(crate) fn composite_comment(c: &CompositeType) -> Option<String> {
    c.comment.as_ref().map(|text| {
        format!(
            "COMMENT ON TYPE {} IS {};",
            qualified(&c.schema, &c.name),
            literal(text)
        )
    })
}

/// The catalog query that finds the type `schema.name` (any kind: a domain, an enum, a
/// table's row type all take the name).
pub(crate) fn type_exists(schema: &str, name: &str) -> String {
    format!(
        "SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = {} AND t.typname = {}",
        literal(schema),
        literal(name)
    )
}

/// [`create_domain`] in a `DO` block that skips it when the type exists (PostgreSQL has no
/// `CREATE DOMAIN IF NOT EXISTS`).
pub(crate) fn create_domain_unless_exists(d: &Domain) -> String {
    unless_exists(&type_exists(&d.schema, &d.name), &create_domain(d))
}

pub(crate) fn domain_comment(d: &Domain) -> Option<String> {
    d.comment.as_ref().map(|c| {
        format!(
            "COMMENT ON DOMAIN {} IS {};",
            qualified(&d.schema, &d.name),
            literal(c)
        )
    })
}

/// One value of a row, cast to its column's type.
fn row_value(columns: &[Column], column: &str, value: &str) -> String {
    match columns.iter().find(|c| c.name == column) {
        Some(c) => format!("{}::{}", literal(value), type_name(&c.ty)),
        None => literal(value),
    }
}

/// A row of [`Table::rows`], inserted unless one with its key (or any unique value) exists:
/// re-runnable. `columns` are the table's (for the casts and identity columns).
pub fn insert_row(table: &QualifiedName, row: &hims_model::Row, columns: &[Column]) -> String {
    let names: Vec<&String> = row.keys().collect();
    let values: Vec<String> = row.iter().map(|(c, v)| row_value(columns, c, v)).collect();
    let always = columns
        .iter()
        .any(|c| c.identity == Some(Identity::Always) && row.contains_key(&c.name));
    format!(
        "INSERT INTO {} ({}){} VALUES ({}) ON CONFLICT DO NOTHING;",
        qname(table),
        ident_list(&names),
        if always {
            " OVERRIDING SYSTEM VALUE"
        } else {
            ""
        },
        values.join(", ")
    )
}

/// The row of `table` whose `key` columns hold the row's values, deleted.
pub fn delete_row(
    table: &QualifiedName,
    row: &hims_model::Row,
    key: &[String],
    columns: &[Column],
) -> String {
    let conditions: Vec<String> = key
        .iter()
        .map(|k| {
            let v = row.get(k).map(String::as_str).unwrap_or_default();
            format!("{} = {}", ident(k), row_value(columns, k, v))
        })
        .collect();
    format!(
        "DELETE FROM {} WHERE {};",
        qname(table),
        conditions.join(" AND ")
    )
}

/// `(create and comment, memberships)` of a role.
pub(crate) fn role(r: &Role) -> (Vec<String>, Vec<String>) {
    let attrs = format!(
        "{} {}",
        if r.login { "LOGIN" } else { "NOLOGIN" },
        if r.bypass_rls {
            "BYPASSRLS"
        } else {
            "NOBYPASSRLS"
        }
    );
    let exists = format!(
        "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = {}",
        literal(&r.name)
    );
    let mut v = vec![unless_exists_cluster_wide(
        &exists,
        &format!("CREATE ROLE {} {attrs}", ident(&r.name)),
    )];
    let mut memberships = Vec::new();
    for m in &r.member_of {
        let exists = format!(
            "SELECT 1 FROM pg_catalog.pg_auth_members am JOIN pg_catalog.pg_roles g ON g.oid = am.roleid JOIN pg_catalog.pg_roles u ON u.oid = am.member WHERE g.rolname = {} AND u.rolname = {}",
            literal(m),
            literal(&r.name)
        );
        memberships.push(unless_exists_cluster_wide(
            &exists,
            &format!("GRANT {} TO {}", ident(m), ident(&r.name)),
        ));
    }
    if let Some(c) = &r.comment {
        v.push(format!(
            "COMMENT ON ROLE {} IS {};",
            ident(&r.name),
            literal(c)
        ));
    }
    for (name, value) in &r.settings {
        v.push(role_setting(&r.name, name, Some(value)));
    }
    (v, memberships)
}

/// `ALTER ROLE … SET name = 'value'` (idempotent), or `RESET name` when `value` is `None`.
pub(crate) fn role_setting(role: &str, name: &str, value: Option<&str>) -> String {
    // `a.b` is two identifiers in the grammar (a custom parameter); quote each part.
    let name = name.split('.').map(ident).collect::<Vec<_>>().join(".");
    let name = name.as_str();
    match value {
        Some(v) => format!("ALTER ROLE {} SET {name} = {};", ident(role), literal(v)),
        None => format!("ALTER ROLE {} RESET {name};", ident(role)),
    }
}

pub(crate) fn table_ref(t: &Table) -> (Alias, Alias) {
    (Alias::new(&t.schema), Alias::new(&t.name))
}

pub(crate) fn column_def(c: &Column) -> ColumnDef {
    let mut def = ColumnDef::new(Alias::new(&c.name));
    // The collation belongs to the type in the grammar (`text COLLATE "C"`); sea-query has
    // no clause for it, so both go out as one custom type, written raw.
    let collated = c
        .collation
        .as_ref()
        .map(|co| format!("{} COLLATE {}", type_name(&c.ty), ident(co)));
    match &c.ty {
        _ if collated.is_some() => def.custom(Alias::new(collated.unwrap_or_default())),
        ColumnType::SmallInt => def.small_integer(),
        ColumnType::Integer => def.integer(),
        ColumnType::BigInt => def.big_integer(),
        ColumnType::Boolean => def.boolean(),
        ColumnType::Real => def.float(),
        ColumnType::DoublePrecision => def.double(),
        ColumnType::Text => def.text(),
        ColumnType::Uuid => def.uuid(),
        ColumnType::Date => def.date(),
        ColumnType::Timestamptz => def.timestamp_with_time_zone(),
        ColumnType::Jsonb => def.json_binary(),
        ColumnType::Json => def.json(),
        ColumnType::Inet => def.inet(),
        // Everything else in its canonical spelling; user types quoted (sea-query writes
        // custom type names raw).
        other => def.custom(Alias::new(type_name(other))),
    };
    if !c.nullable {
        def.not_null();
    }
    match &c.default {
        // Literals as plain values (`DEFAULT true`): linters read a parenthesised default
        // as an expression that might rewrite the table.
        Some(hims_model::DefaultValue::Text(s)) => {
            def.default(s.clone());
        }
        Some(hims_model::DefaultValue::Integer(i)) => {
            def.default(*i);
        }
        Some(hims_model::DefaultValue::Boolean(b)) => {
            def.default(*b);
        }
        Some(d) => {
            def.default(Expr::cust(default_value(d)));
        }
        None => {}
    }
    match &c.generated {
        // Spelled out: PostgreSQL 18 makes a bare `GENERATED ALWAYS AS (…)` virtual.
        Some(g) if c.virtual_generated => {
            def.extra(format!("GENERATED ALWAYS AS ({g}) VIRTUAL"));
        }
        Some(g) => {
            def.generated(Expr::cust(g.clone()), true);
        }
        None => {}
    }
    let options = sequence_options(&c.ty, &c.identity_options);
    let options = if options.is_empty() {
        String::new()
    } else {
        format!(" ({})", options.trim_start())
    };
    match c.identity {
        Some(Identity::Always) => {
            def.extra(format!("GENERATED ALWAYS AS IDENTITY{options}"));
        }
        Some(Identity::ByDefault) => {
            def.extra(format!("GENERATED BY DEFAULT AS IDENTITY{options}"));
        }
        None => {}
    }
    def
}

/// The options of a sequence of type `ty` that differ from PostgreSQL's defaults, each
/// with a leading space, in the order `CREATE SEQUENCE` documents them:
/// ` INCREMENT BY 10 MINVALUE 5 MAXVALUE 500 START WITH 100 CACHE 20 CYCLE`.
pub fn sequence_options(ty: &ColumnType, o: &SequenceOptions) -> String {
    let o = o.normalized(ty);
    let mut out = String::new();
    if let Some(v) = o.increment {
        let _ = write!(out, " INCREMENT BY {v}");
    }
    if let Some(v) = o.min_value {
        let _ = write!(out, " MINVALUE {v}");
    }
    if let Some(v) = o.max_value {
        let _ = write!(out, " MAXVALUE {v}");
    }
    if let Some(v) = o.start {
        let _ = write!(out, " START WITH {v}");
    }
    if let Some(v) = o.cache {
        let _ = write!(out, " CACHE {v}");
    }
    if o.cycle {
        out.push_str(" CYCLE");
    }
    out
}

/// `CREATE SEQUENCE IF NOT EXISTS … AS type …` (ownership is set after its table exists).
pub fn create_sequence(q: &Sequence) -> String {
    format!(
        "CREATE SEQUENCE IF NOT EXISTS {} AS {}{};",
        qualified(&q.schema, &q.name),
        q.ty,
        sequence_options(&q.ty, &q.options)
    )
}

/// `ALTER SEQUENCE … OWNED BY table.column` (or `OWNED BY NONE`): naturally repeatable.
pub fn sequence_owned_by(q: &Sequence) -> String {
    let owner = match &q.owned_by {
        Some(o) => format!("{}.{}", qualified(&q.schema, &o.table), ident(&o.column)),
        None => "NONE".to_string(),
    };
    format!(
        "ALTER SEQUENCE {} OWNED BY {owner};",
        qualified(&q.schema, &q.name)
    )
}

pub(crate) fn sequence_comment(q: &Sequence) -> Option<String> {
    q.comment.as_ref().map(|c| {
        format!(
            "COMMENT ON SEQUENCE {} IS {};",
            qualified(&q.schema, &q.name),
            literal(c)
        )
    })
}

pub(crate) fn create_table(t: &Table) -> String {
    let mut stmt = sea_query::Table::create();
    stmt.table(table_ref(t)).if_not_exists();
    for c in &t.columns {
        stmt.col(column_def(c));
    }
    if let Some(pk) = &t.primary_key {
        let mut idx = sea_query::Index::create();
        idx.name(&pk.name);
        for c in &pk.columns {
            idx.col(Alias::new(c));
        }
        stmt.primary_key(&mut idx);
    }
    let mut sql = format!("{};", stmt.to_string(PostgresQueryBuilder));
    if let Some(pk) = t
        .primary_key
        .as_ref()
        .filter(|pk| !pk.deferral.is_not_deferrable())
    {
        // sea-query has no DEFERRABLE: after the key's column list, which ends the statement.
        let key = format!("PRIMARY KEY ({})", ident_list(&pk.columns));
        let at = sql.rfind(&key).expect("sea-query writes the primary key") + key.len();
        sql.insert_str(at, pk.deferral.sql());
    }
    if let Some(p) = &t.partition_by {
        // sea-query has PARTITION BY but no partitions: both written here.
        sql.pop();
        let _ = write!(sql, " {};", partition_by_sql(p));
        for part in t.effective_partitions() {
            sql.push('\n');
            sql.push_str(&create_partition(&t.schema, &t.name, &part));
        }
    }
    sql
}

/// `PARTITION BY RANGE|LIST|HASH (…)`.
pub(crate) fn partition_by_sql(p: &hims_model::Partitioning) -> String {
    let method = match p.method {
        hims_model::PartitionMethod::Range => "RANGE",
        hims_model::PartitionMethod::List => "LIST",
        hims_model::PartitionMethod::Hash => "HASH",
    };
    format!("PARTITION BY {method} ({})", ident_list(&p.columns))
}

/// `CREATE TABLE IF NOT EXISTS … PARTITION OF <parent> <bound>`, then the partition's own
/// partitions when it is sub-partitioned. The bound is the text PostgreSQL prints for it
/// (`pg_get_expr(relpartbound)`), which it reads back unchanged.
pub(crate) fn create_partition(schema: &str, parent: &str, p: &hims_model::Partition) -> String {
    let mut sql = format!(
        "CREATE TABLE IF NOT EXISTS {} PARTITION OF {} {}",
        qualified(schema, &p.name),
        qualified(schema, parent),
        p.bound.trim()
    );
    if let Some(sub) = &p.partition_by {
        let _ = write!(sql, " {}", partition_by_sql(sub));
    }
    sql.push(';');
    for child in &p.partitions {
        sql.push('\n');
        sql.push_str(&create_partition(schema, &p.name, child));
    }
    sql
}

pub(crate) fn constraint_exists(t: &Table, name: &str) -> String {
    format!(
        "SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = {}::regclass AND conname = {}",
        literal(&qualified(&t.schema, &t.name)),
        literal(name)
    )
}

pub(crate) fn add_constraint(t: &Table, name: &str, body: &str) -> String {
    unless_exists(
        &constraint_exists(t, name),
        &format!(
            "ALTER TABLE {} ADD CONSTRAINT {} {body}",
            qualified(&t.schema, &t.name),
            ident(name)
        ),
    )
}

pub(crate) fn add_unique(t: &Table, u: &Unique) -> String {
    let nnd = if u.nulls_not_distinct {
        " NULLS NOT DISTINCT"
    } else {
        ""
    };
    add_constraint(
        t,
        &u.name,
        &format!(
            "UNIQUE{nnd} ({}){}",
            ident_list(&u.columns),
            u.deferral.sql()
        ),
    )
}

pub(crate) fn add_check(t: &Table, c: &Check) -> String {
    add_constraint(t, &c.name, &format!("CHECK ({})", c.expr))
}

pub fn exclusion_body(x: &hims_model::Exclusion) -> String {
    let elements = x
        .elements
        .iter()
        .map(|e| format!("{} WITH {}", e.expr, e.operator))
        .collect::<Vec<_>>()
        .join(", ");
    let mut body = format!("EXCLUDE USING {} ({elements})", x.method.sql());
    if let Some(p) = &x.predicate {
        let _ = write!(body, " WHERE ({p})");
    }
    body.push_str(x.deferral.sql());
    body
}

pub(crate) fn add_exclusion(t: &Table, x: &hims_model::Exclusion) -> String {
    add_constraint(t, &x.name, &exclusion_body(x))
}

fn fk_action(a: hims_model::FkAction) -> Option<ForeignKeyAction> {
    use hims_model::FkAction as A;
    match a {
        A::NoAction => None,
        A::Restrict => Some(ForeignKeyAction::Restrict),
        A::Cascade => Some(ForeignKeyAction::Cascade),
        A::SetNull => Some(ForeignKeyAction::SetNull),
        A::SetDefault => Some(ForeignKeyAction::SetDefault),
    }
}

pub(crate) fn add_foreign_key(t: &Table, fk: &ForeignKey) -> String {
    add_foreign_key_with(t, fk, false)
}

/// `NOT VALID` adds the key without checking existing rows (a brief lock); a later
/// `VALIDATE CONSTRAINT` checks them without blocking writes.
pub(crate) fn add_foreign_key_with(t: &Table, fk: &ForeignKey, not_valid: bool) -> String {
    let mut stmt = sea_query::ForeignKey::create();
    stmt.name(&fk.name).from_tbl(table_ref(t)).to_tbl((
        Alias::new(&fk.ref_table.schema),
        Alias::new(&fk.ref_table.name),
    ));
    for c in &fk.columns {
        stmt.from_col(Alias::new(c));
    }
    for c in &fk.ref_columns {
        stmt.to_col(Alias::new(c));
    }
    if let Some(a) = fk_action(fk.on_delete) {
        stmt.on_delete(a);
    }
    if let Some(a) = fk_action(fk.on_update) {
        stmt.on_update(a);
    }
    let mut sql = stmt.to_string(PostgresQueryBuilder);
    sql.push_str(fk.deferral.sql());
    if not_valid {
        sql.push_str(" NOT VALID");
    }
    unless_exists(&constraint_exists(t, &fk.name), &sql)
}

/// `CREATE [UNIQUE] INDEX IF NOT EXISTS`; sea-query renders the key list, method, INCLUDE,
/// NULLS NOT DISTINCT and predicate.
pub(crate) fn create_index(t: &Table, i: &Index) -> String {
    let mut stmt = sea_query::Index::create();
    stmt.if_not_exists().name(&i.name).table(table_ref(t));
    if i.unique {
        stmt.unique();
    }
    if i.nulls_not_distinct {
        stmt.nulls_not_distinct();
    }
    if i.method != IndexMethod::Btree {
        stmt.index_type(IndexType::Custom(Alias::new(i.method.sql()).into()));
    }
    // Collated column keys: (as sea-query writes them, as PostgreSQL reads them).
    let mut collated: Vec<(String, String)> = Vec::new();
    for k in &i.keys {
        match k {
            IndexKey::Column {
                name,
                descending,
                opclass,
                collation,
            } => {
                if let Some(c) = collation {
                    // `("name" COLLATE "C") opclass DESC`: PostgreSQL takes a parenthesised
                    // column with a collation as that column, keyed under the collation.
                    // sea-query writes an expression key's order before its operator class,
                    // which PostgreSQL refuses: both are added after it below.
                    let key = format!("({} COLLATE {})", ident(name), ident(c));
                    let mut spelled = key.clone();
                    if let Some(op) = opclass {
                        let _ = write!(spelled, " {}", ident(op));
                    }
                    if *descending {
                        spelled.push_str(" DESC");
                    }
                    collated.push((key, spelled));
                    stmt.col(Expr::cust(format!("{} COLLATE {}", ident(name), ident(c))));
                    continue;
                }
                let mut col = match descending {
                    true => sea_query::IndexColumn::from((Alias::new(name), IndexOrder::Desc)),
                    false => sea_query::IndexColumn::from(Alias::new(name)),
                };
                if let Some(op) = opclass {
                    col = col.with_operator_class(Alias::new(op));
                }
                stmt.col(col);
            }
            IndexKey::Expression(e) => {
                stmt.col(Expr::cust(e.clone()));
            }
        }
    }
    for c in &i.include {
        stmt.include(Alias::new(c));
    }
    if let Some(p) = &i.predicate {
        stmt.and_where(Expr::cust(p.clone()));
    }
    let mut sql = stmt.to_string(PostgresQueryBuilder);
    // The key list comes first, before INCLUDE and WHERE: the first occurrence is the key.
    for (key, spelled) in collated {
        sql = sql.replacen(&key, &spelled, 1);
    }
    format!("{sql};")
}

pub(crate) fn table_comments(t: &Table) -> Vec<String> {
    let name = qualified(&t.schema, &t.name);
    let mut v = Vec::new();
    if let Some(c) = &t.comment {
        v.push(format!("COMMENT ON TABLE {name} IS {};", literal(c)));
    }
    for col in &t.columns {
        if let Some(c) = &col.comment {
            v.push(format!(
                "COMMENT ON COLUMN {name}.{} IS {};",
                ident(&col.name),
                literal(c)
            ));
        }
    }
    v
}

fn row_security(t: &Table) -> Vec<String> {
    let Some(rls) = &t.row_security else {
        return Vec::new();
    };
    let name = qualified(&t.schema, &t.name);
    let mut v = vec![format!("ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;")];
    if rls.force {
        v.push(format!("ALTER TABLE {name} FORCE ROW LEVEL SECURITY;"));
    }
    v.extend(t.policies.iter().map(|p| create_policy(t, p)));
    v
}

pub(crate) fn create_policy(t: &Table, p: &Policy) -> String {
    let mut sql = format!(
        "CREATE POLICY {} ON {} AS {} FOR {} TO {}",
        ident(&p.name),
        qualified(&t.schema, &t.name),
        if p.permissive {
            "PERMISSIVE"
        } else {
            "RESTRICTIVE"
        },
        p.command.sql(),
        if p.roles.is_empty() {
            "PUBLIC".to_string()
        } else {
            ident_list(&p.roles)
        }
    );
    if let Some(u) = &p.using {
        let _ = write!(sql, " USING ({u})");
    }
    if let Some(c) = &p.with_check {
        let _ = write!(sql, " WITH CHECK ({c})");
    }
    let exists = format!(
        "SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = {}::regclass AND polname = {}",
        literal(&qualified(&t.schema, &t.name)),
        literal(&p.name)
    );
    unless_exists(&exists, &sql)
}

pub(crate) fn trigger(t: &Table, tr: &Trigger) -> String {
    let events = tr
        .events
        .iter()
        .map(|e| match e {
            TriggerEvent::Update if !tr.update_of.is_empty() => {
                format!("UPDATE OF {}", ident_list(&tr.update_of))
            }
            e => e.sql().to_string(),
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    let mut sql = format!(
        "{} {} {} {events} ON {}",
        // OR REPLACE does not apply to constraint triggers: those are created when absent.
        if tr.constraint.is_some() {
            "CREATE CONSTRAINT TRIGGER"
        } else {
            "CREATE OR REPLACE TRIGGER"
        },
        ident(&tr.name),
        tr.timing.sql(),
        qualified(&t.schema, &t.name),
    );
    if let Some(d) = tr.constraint {
        sql.push_str(if d.is_not_deferrable() {
            " NOT DEFERRABLE"
        } else {
            d.sql()
        });
    }
    if tr.old_table.is_some() || tr.new_table.is_some() {
        sql.push_str(" REFERENCING");
        if let Some(o) = &tr.old_table {
            let _ = write!(sql, " OLD TABLE AS {}", ident(o));
        }
        if let Some(n) = &tr.new_table {
            let _ = write!(sql, " NEW TABLE AS {}", ident(n));
        }
    }
    let _ = write!(
        sql,
        " FOR EACH {}",
        if tr.for_each_row { "ROW" } else { "STATEMENT" }
    );
    if let Some(w) = &tr.when {
        let _ = write!(sql, " WHEN ({w})");
    }
    let args = tr
        .args
        .iter()
        .map(|a| literal(a))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = write!(sql, " EXECUTE FUNCTION {}({args})", qname(&tr.function));
    if tr.constraint.is_some() {
        let exists = format!(
            "SELECT 1 FROM pg_catalog.pg_trigger tg JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = {} AND c.relname = {} AND tg.tgname = {}",
            literal(&t.schema),
            literal(&t.name),
            literal(&tr.name)
        );
        unless_exists(&exists, &sql)
    } else {
        sql.push(';');
        sql
    }
}

/// `schema.name(type, …)`: how DROP, GRANT and COMMENT name a function or procedure (its
/// input arguments: OUT ones are not part of its identity).
pub(crate) fn function_signature(f: &Function) -> String {
    format!(
        "{}({})",
        qualified(&f.schema, &f.name),
        f.args
            .iter()
            .filter(|a| a.is_input())
            .map(|a| a.ty.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

pub(crate) fn function(f: &Function) -> Vec<String> {
    let args = f
        .args
        .iter()
        .map(|a| {
            let mut arg = String::new();
            if !a.mode.is_in() {
                let _ = write!(arg, "{} ", a.mode.sql());
            }
            if !a.name.is_empty() {
                let _ = write!(arg, "{} ", ident(&a.name));
            }
            arg.push_str(&a.ty);
            if let Some(d) = &a.default {
                let _ = write!(arg, " DEFAULT {d}");
            }
            arg
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut sql = if f.is_procedure() {
        // No RETURNS, volatility or STRICT: PostgreSQL refuses them on a procedure.
        let mut sql = format!(
            "CREATE OR REPLACE PROCEDURE {}({args})\n    LANGUAGE {}",
            qualified(&f.schema, &f.name),
            f.language.sql(),
        );
        if f.security_definer {
            sql.push_str("\n    SECURITY DEFINER");
        }
        sql
    } else {
        let mut sql = format!(
            "CREATE OR REPLACE FUNCTION {}({args})\n    RETURNS {}\n    LANGUAGE {}\n    {}",
            qualified(&f.schema, &f.name),
            f.returns,
            f.language.sql(),
            f.volatility.sql()
        );
        if f.strict {
            sql.push_str(" STRICT");
        }
        if f.security_definer {
            sql.push_str(" SECURITY DEFINER");
        }
        if f.leakproof {
            sql.push_str(" LEAKPROOF");
        }
        if !f.parallel.is_unsafe() {
            let _ = write!(sql, " PARALLEL {}", f.parallel.sql());
        }
        // Validated as numbers: written as they are.
        if let Some(c) = &f.cost {
            let _ = write!(sql, "\n    COST {c}");
        }
        if let Some(r) = &f.rows {
            let _ = write!(sql, "\n    ROWS {r}");
        }
        sql
    };
    if !f.search_path.is_empty() {
        let _ = write!(
            sql,
            "\n    SET search_path = {}",
            ident_list(&f.search_path)
        );
    }
    for (name, value) in &f.settings {
        let _ = write!(sql, "\n    SET {} = {}", ident(name), literal(value));
    }
    let body = format!("\n{}\n", f.body.trim_matches('\n'));
    let _ = write!(sql, "\nAS {};", crate::sql::dollar_quote(&body));
    let mut v = vec![sql];
    if f.security_definer {
        // Functions are executable by PUBLIC by default; a definer function must not be.
        v.push(format!(
            "REVOKE ALL ON {} {} FROM PUBLIC;",
            f.kind_sql(),
            function_signature(f)
        ));
    }
    if let Some(c) = &f.comment {
        v.push(format!(
            "COMMENT ON {} {} IS {};",
            f.kind_sql(),
            function_signature(f),
            literal(c)
        ));
    }
    v
}

/// `schema.name(type, …)`, `schema.name(*)` without arguments: how DROP and COMMENT name
/// an aggregate.
pub(crate) fn aggregate_signature(a: &Aggregate) -> String {
    let args = if a.args.is_empty() {
        "*".to_string()
    } else {
        a.args.join(", ")
    };
    format!("{}({args})", qualified(&a.schema, &a.name))
}

/// `CREATE OR REPLACE AGGREGATE` (PostgreSQL 12 and later): the complete script re-runs it
/// without dropping what uses the aggregate.
pub(crate) fn aggregate(a: &Aggregate) -> Vec<String> {
    let mut parts = vec![
        format!("SFUNC = {}", qname(&a.sfunc)),
        format!("STYPE = {}", a.stype),
    ];
    if let Some(f) = &a.finalfunc {
        parts.push(format!("FINALFUNC = {}", qname(f)));
    }
    if let Some(i) = &a.initcond {
        parts.push(format!("INITCOND = {}", literal(i)));
    }
    if let Some(f) = &a.combinefunc {
        parts.push(format!("COMBINEFUNC = {}", qname(f)));
    }
    if let Some(f) = &a.serialfunc {
        parts.push(format!("SERIALFUNC = {}", qname(f)));
    }
    if let Some(f) = &a.deserialfunc {
        parts.push(format!("DESERIALFUNC = {}", qname(f)));
    }
    if !a.parallel.is_unsafe() {
        parts.push(format!("PARALLEL = {}", a.parallel.sql()));
    }
    let mut v = vec![format!(
        "CREATE OR REPLACE AGGREGATE {} (\n    {}\n);",
        aggregate_signature(a),
        parts.join(",\n    ")
    )];
    if let Some(c) = &a.comment {
        v.push(format!(
            "COMMENT ON AGGREGATE {} IS {};",
            aggregate_signature(a),
            literal(c)
        ));
    }
    v
}

/// Functions split into those needed before tables (defaults, checks, policies call them)
/// and those whose bodies read tables, each group in dependency order.
fn function_groups(model: &Model) -> (Vec<&Function>, Vec<&Function>) {
    let is_function = |q: &QualifiedName| model.functions.iter().any(|f| f.qualified_name() == *q);
    // A function is late when it depends, directly or through other functions, on a relation.
    // Kept per overload (by signature): a check may call one overload of a name whose other
    // overload reads a table. A dependency names every overload of its name.
    let mut late: BTreeSet<String> = BTreeSet::new();
    loop {
        let before = late.len();
        for f in &model.functions {
            let late_name = |d: &QualifiedName| {
                model
                    .functions
                    .iter()
                    .any(|g| g.qualified_name() == *d && late.contains(&g.signature()))
            };
            if model
                .function_dependencies(f)
                .iter()
                .any(|d| !is_function(d) || late_name(d))
            {
                late.insert(f.signature());
            }
        }
        if late.len() == before {
            break;
        }
    }
    let ordered = dependency_order(
        model.functions.iter().collect(),
        |f| f.qualified_name(),
        |f| model.function_dependencies(f),
    );
    let (l, e): (Vec<&Function>, Vec<&Function>) = ordered
        .into_iter()
        .partition(|f| late.contains(&f.signature()));
    (e, l)
}

fn view_order(model: &Model) -> Vec<&View> {
    dependency_order(
        model.views.iter().collect(),
        |v| v.qualified_name(),
        |v| v.depends_on.clone(),
    )
}

/// Stable topological order among `items` (dependencies outside `items` are ignored). Items
/// may share a name (overloads of a function): a dependency on the name waits for all.
fn dependency_order<T>(
    items: Vec<&T>,
    name: impl Fn(&T) -> QualifiedName,
    deps: impl Fn(&T) -> Vec<QualifiedName>,
) -> Vec<&T> {
    let mut left: BTreeMap<QualifiedName, usize> = BTreeMap::new();
    for i in &items {
        *left.entry(name(i)).or_default() += 1;
    }
    let mut remaining = items;
    let mut out = Vec::new();
    while !remaining.is_empty() {
        let pos = remaining
            .iter()
            .position(|i| {
                deps(i)
                    .iter()
                    .all(|d| *d == name(i) || left.get(d).is_none_or(|n| *n == 0))
            })
            .unwrap_or(0); // a cycle: keep declaration order; PostgreSQL will report it
        let item = remaining.remove(pos);
        if let Some(n) = left.get_mut(&name(item)) {
            *n -= 1;
        }
        out.push(item);
    }
    out
}

pub(crate) fn view(v: &View) -> Vec<String> {
    let name = qualified(&v.schema, &v.name);
    let query = v.query.trim().trim_end_matches(';');
    let mut out = match &v.materialized {
        None => {
            let mut sql = format!("CREATE OR REPLACE VIEW {name}");
            if v.security_invoker {
                sql.push_str(" WITH (security_invoker = true)");
            }
            let _ = write!(sql, " AS\n{query};");
            vec![sql]
        }
        Some(m) => {
            let data = if m.with_data {
                "WITH DATA"
            } else {
                "WITH NO DATA"
            };
            let mut out = vec![format!(
                "CREATE MATERIALIZED VIEW IF NOT EXISTS {name} AS\n{query}\n{data};"
            )];
            let on = Table::new(&v.schema, &v.name);
            out.extend(m.indexes.iter().map(|i| create_index(&on, i)));
            out
        }
    };
    if let Some(c) = &v.comment {
        out.push(format!(
            "COMMENT ON {} {name} IS {};",
            v.kind_sql(),
            literal(c)
        ));
    }
    out
}

pub(crate) fn grant(model: &Model, g: &Grant) -> Vec<String> {
    let privileges = g
        .privileges
        .iter()
        .map(|p| p.sql())
        .collect::<Vec<_>>()
        .join(", ");
    let to = ident(&g.grantee);
    match &g.object {
        GrantObject::Schema(s) => vec![format!(
            "GRANT {privileges} ON SCHEMA {} TO {to};",
            ident(s)
        )],
        GrantObject::AllTablesInSchema(s) => model
            .tables
            .iter()
            .filter(|t| &t.schema == s)
            .map(|t| {
                format!(
                    "GRANT {privileges} ON TABLE {} TO {to};",
                    qualified(&t.schema, &t.name)
                )
            })
            .collect(),
        GrantObject::Table(q) | GrantObject::View(q) => {
            vec![format!("GRANT {privileges} ON TABLE {} TO {to};", qname(q))]
        }
        GrantObject::Function(q) => model
            .functions
            .iter()
            .filter(|f| f.qualified_name() == *q)
            .map(|f| {
                format!(
                    "GRANT {privileges} ON {} {} TO {to};",
                    f.kind_sql(),
                    function_signature(f)
                )
            })
            .collect(),
    }
}
