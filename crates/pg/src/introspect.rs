//! Live database → model, from `pg_catalog` (one query per kind of object, not per table).
//! Roles and grants are not read into the model; a model compared with an introspected one
//! must leave them out (see [`crate::normalize`]). Role settings are read separately
//! ([`role_settings`]) and compared by [`crate::drift`].
//!
//! # Why not sea-schema (decided on measurements; revisit when `tests/sea_schema.rs` fails)
//!
//! sea-schema 0.18's PostgreSQL discovery is not used here, for any part:
//!
//! * What it reads correctly (tables, column names, nullability, types, identity, primary
//!   keys, foreign-key columns and actions, unique constraints, named checks, enum values) is
//!   a subset of what the queries below read anyway in the same pass; `tests/sea_schema.rs`
//!   checks that both agree on it. Calling it would add queries, not replace any: we would
//!   still need `pg_catalog` for everything it misses.
//! * What it misses or gets wrong, each pinned by a `gap_*` test there: discovery fails
//!   unless the schema's types are on `search_path` (this crate runs with
//!   `search_path = pg_catalog`, and its default expressions are spelled per search_path);
//!   expression parts of unique indexes are dropped and non-unique indexes not returned; the
//!   predicate of a partial unique index is not returned; an enum of another schema comes
//!   back `Unknown`; a foreign key's target table has no schema; views, comments, row-level
//!   security, policies and triggers are not returned; NOT NULL leaks into the checks.
//! * Cost: 2 queries per schema plus 3 sequential `information_schema` queries per table,
//!   each scanning catalogs of the whole database. Measured (`discovery_cost_per_table`,
//!   200 tables, debug test build, 2 cores shared with other builds, two runs): sea-schema
//!   21.3 s / 37.0 s = 106 / 185 ms per table; `introspect` 114 ms / 371 ms = 0.57 / 1.86 ms
//!   per table: 100–190× less, while reading more. Per table it grows with the database
//!   (about 7 ms per table on a 3-table schema): at 2000 tables sea-schema would take many
//!   minutes, `introspect` takes about 3 s.
//! * It would bring sqlx 0.9 and tokio into a crate that is otherwise synchronous.
//!
//! Budget (`cargo xtask bench-introspect`): at most 1.5× `pg_dump -s` on the synthetic
//! 2000-table database. Measured side by side, alternating, release build, PostgreSQL 15:
//! `introspect` min 2.55 s / median 3.08 s vs `pg_dump -s` min 2.75 s / median 3.42 s
//! (0.90×, 5 runs, loaded machine); 1.75 s / 2.21 s vs 1.82 s / 2.70 s (0.82×, 7 runs).
//! Half of the server time is the index-keys query (it calls `pg_get_indexdef` for every
//! key, columns included), then columns and constraints.

//!
//! # PostgreSQL 17 and 18
//!
//! The same queries read 15 through 18. On 18, NOT NULL constraints are rows of
//! `pg_constraint` (`contype = 'n'`, named, possibly `NOT VALID`) besides
//! `pg_attribute.attnotnull`, which is true even for a `NOT VALID` one: a column counts as
//! NOT NULL only when no invalid one exists (a `NOT VALID` NOT NULL guarantees nothing about
//! existing rows, so drift asks for `SET NOT NULL`, which validates it). Their names are not
//! read — the model has none — so a database whose NOT NULL constraints carry other names
//! than PostgreSQL's `<table>_<column>_not_null` drifts clean; [`crate::unsupported`] reports
//! such names, `NOT VALID` and `NO INHERIT` for an import. Virtual generated columns
//! (`attgenerated = 'v'`, 18) are read as generated with `virtual_generated`.

use crate::{Error, db_error};
use hims_model::{
    Aggregate, ArgMode, Check, Column, ColumnType, CompositeAttribute, CompositeType, DefaultValue,
    Deferral, Domain, EnumType, FkAction, ForeignKey, Function, FunctionArg, FunctionKind,
    FunctionLanguage, Identity, Index, IndexKey, IndexMethod, Model, Origin, Parallel, Partition,
    PartitionMethod, Partitioning, Policy, PolicyCommand, PrimaryKey, QualifiedName, RowSecurity,
    Schema, Sequence, SequenceOptions, SequenceOwner, Table, Trigger, TriggerEvent, TriggerTiming,
    Unique, View, Volatility,
};
use postgres::Client;
use std::collections::BTreeMap;

/// Read `schemas` of the connected database into a model.
pub fn introspect(client: &mut Client, schemas: &[&str]) -> Result<Model, Error> {
    client
        .batch_execute("SET search_path = pg_catalog")
        .map_err(db_error("set search_path"))?;
    let schemas: Vec<String> = schemas.iter().map(|s| s.to_string()).collect();
    let mut model = Model::default();

    let q = |client: &mut Client,
             what: &str,
             sql: &str,
             params: &[&(dyn postgres::types::ToSql + Sync)]| {
        client
            .query(sql, params)
            .map_err(db_error(format!("read {what}")))
    };

    for row in q(
        client,
        "extensions",
        "SELECT extname::text FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1",
        &[],
    )? {
        model.extensions.push(row.get(0));
    }
    for row in q(
        client,
        "extension types",
        "SELECT DISTINCT n.nspname::text, t.typname::text
           FROM (SELECT a.atttypid AS used
                   FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
                  WHERE c.relkind IN ('r', 'p', 'c') AND cn.nspname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped
                 -- (the attributes of composite types too) The bases of domains, which may be an extension's type too.
                 UNION ALL
                 SELECT d.typbasetype FROM pg_type d JOIN pg_namespace dn ON dn.oid = d.typnamespace
                  WHERE d.typtype = 'd' AND dn.nspname = ANY($1)) u
           JOIN pg_type at ON at.oid = u.used
           JOIN pg_type t ON t.oid = CASE WHEN at.typcategory = 'A' AND at.typelem <> 0 THEN at.typelem ELSE at.oid END
           JOIN pg_namespace n ON n.oid = t.typnamespace
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')",
        &[&schemas],
    )? {
        model
            .extension_types
            .push(QualifiedName::new(row.get::<_, String>(0), row.get::<_, String>(1)));
    }
    for row in q(
        client,
        "schemas",
        "SELECT nspname::text, obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = ANY($1)",
        &[&schemas],
    )? {
        model.schemas.push(Schema {
            name: row.get(0),
            comment: row.get(1),
            naming_rules: true,
            origin: Origin::default(),
        });
    }
    for row in q(
        client,
        "enum types",
        "SELECT n.nspname::text, t.typname::text,
                ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder),
                obj_description(t.oid, 'pg_type')
           FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
          WHERE t.typtype = 'e' AND n.nspname = ANY($1)",
        &[&schemas],
    )? {
        model.enums.push(EnumType {
            schema: row.get(0),
            name: row.get(1),
            values: row.get(2),
            comment: row.get(3),
            origin: Origin::default(),
            renamed_values: Vec::new(),
        });
    }

    // Domains: the base as `format_type` prints it, a collation only when it is not the
    // base type's, the default and checks as `pg_get_expr` spells them (on PostgreSQL 17+
    // NOT NULL is also a constraint row: `typnotnull` says it either way).
    for row in q(
        client,
        "domains",
        "SELECT n.nspname::text, t.typname::text, format_type(t.typbasetype, t.typtypmod),
                CASE WHEN t.typcollation <> bt.typcollation THEN co.collname::text END,
                pg_get_expr(t.typdefaultbin, 0), t.typnotnull, obj_description(t.oid, 'pg_type'),
                ARRAY(SELECT c.conname::text FROM pg_constraint c
                       WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname),
                ARRAY(SELECT pg_get_expr(c.conbin, 0) FROM pg_constraint c
                       WHERE c.contypid = t.oid AND c.contype = 'c' ORDER BY c.conname)
           FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           JOIN pg_type bt ON bt.oid = t.typbasetype
           LEFT JOIN pg_collation co ON co.oid = t.typcollation
          WHERE t.typtype = 'd' AND n.nspname = ANY($1)
            AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass
                               AND e.objid = t.oid AND e.deptype = 'e')",
        &[&schemas],
    )? {
        let names: Vec<String> = row.get(7);
        let exprs: Vec<String> = row.get(8);
        model.domains.push(Domain {
            schema: row.get(0),
            name: row.get(1),
            base: ColumnType::parse(row.get::<_, &str>(2))?,
            collation: row.get(3),
            default: row.get(4),
            not_null: row.get(5),
            checks: names
                .into_iter()
                .zip(exprs)
                .map(|(name, expr)| Check { name, expr })
                .collect(),
            comment: row.get(6),
            origin: Origin::default(),
        });
    }

    // Composite types (`CREATE TYPE … AS (…)`: a pg_class row of relkind 'c' holds the
    // attributes; a table's own row type has its table's relkind and is not one). An
    // attribute's collation only when it is not its type's.
    for row in q(
        client,
        "composite types",
        "SELECT n.nspname::text, t.typname::text, obj_description(t.oid, 'pg_type'),
                ARRAY(SELECT a.attname::text FROM pg_attribute a
                       WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum),
                ARRAY(SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                       WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum),
                ARRAY(SELECT CASE WHEN a.attcollation <> at.typcollation THEN co.collname::text END
                        FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
                        LEFT JOIN pg_collation co ON co.oid = a.attcollation
                       WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)
           FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           JOIN pg_class c ON c.oid = t.typrelid
          WHERE t.typtype = 'c' AND c.relkind = 'c' AND n.nspname = ANY($1)
            AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass
                               AND e.objid = t.oid AND e.deptype = 'e')",
        &[&schemas],
    )? {
        let names: Vec<String> = row.get(3);
        let types: Vec<String> = row.get(4);
        let collations: Vec<Option<String>> = row.get(5);
        let mut attributes = Vec::with_capacity(names.len());
        for ((name, ty), collation) in names.into_iter().zip(types).zip(collations) {
            attributes.push(CompositeAttribute {
                name,
                ty: ColumnType::parse(&ty)?,
                collation,
            });
        }
        model.composites.push(CompositeType {
            schema: row.get(0),
            name: row.get(1),
            attributes,
            comment: row.get(2),
            origin: Origin::default(),
        });
    }

    // Sequences: standalone and owned by a column (`serial`); identity sequences belong to
    // their columns (their options are read with them, below).
    for row in q(
        client,
        "sequences",
        "SELECT n.nspname::text, c.relname::text, format_type(s.seqtypid, NULL),
                s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
                obj_description(c.oid, 'pg_class'), tc.relname::text, a.attname::text
           FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
           LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a' AND d.refobjsubid > 0
           LEFT JOIN pg_class tc ON tc.oid = d.refobjid
           LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
          WHERE n.nspname = ANY($1)
            AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_class'::regclass
                               AND i.objid = c.oid AND i.deptype = 'i')
            AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass
                               AND e.objid = c.oid AND e.deptype = 'e')",
        &[&schemas],
    )? {
        let ty = ColumnType::parse(row.get::<_, &str>(2))?;
        let options = sequence_options(&row, 3).normalized(&ty);
        model.sequences.push(Sequence {
            schema: row.get(0),
            name: row.get(1),
            ty,
            options,
            owned_by: match (
                row.get::<_, Option<String>>(10),
                row.get::<_, Option<String>>(11),
            ) {
                (Some(table), Some(column)) => Some(SequenceOwner { table, column }),
                _ => None,
            },
            comment: row.get(9),
            origin: Origin::default(),
        });
    }

    // Tables, by oid.
    let mut tables: BTreeMap<u32, Table> = BTreeMap::new();
    for row in q(
        client,
        "tables",
        "SELECT c.oid, n.nspname::text, c.relname::text, obj_description(c.oid, 'pg_class'),
                c.relrowsecurity, c.relforcerowsecurity, pt.partstrat::text,
                ARRAY(SELECT a.attname::text FROM unnest(pt.partattrs) WITH ORDINALITY k(n, o)
                        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.n ORDER BY k.o)
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
          WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1)",
        &[&schemas],
    )? {
        let mut t = Table::new(row.get::<_, String>(1), row.get::<_, String>(2));
        t.comment = row.get(3);
        if row.get::<_, bool>(4) {
            t.row_security = Some(RowSecurity { force: row.get(5) });
        }
        t.partition_by = match row.get::<_, Option<&str>>(6) {
            Some("r") => Some(Partitioning {
                method: PartitionMethod::Range,
                columns: row.get(7),
            }),
            Some("l") => Some(Partitioning {
                method: PartitionMethod::List,
                columns: row.get(7),
            }),
            Some("h") => Some(Partitioning {
                method: PartitionMethod::Hash,
                columns: row.get(7),
            }),
            _ => None,
        };
        tables.insert(row.get(0), t);
    }

    // Declared partitions at every depth (a partition in another schema than its parent is
    // not modelled: `unsupported` reports it), by parent, ordered by name.
    let mut children: BTreeMap<u32, Vec<(u32, Partition)>> = BTreeMap::new();
    for row in q(
        client,
        "partitions",
        "SELECT c.oid, i.inhparent, c.relname::text, pg_get_expr(c.relpartbound, c.oid),
                pt.partstrat::text,
                ARRAY(SELECT a.attname::text FROM unnest(pt.partattrs) WITH ORDINALITY k(n, o)
                        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.n ORDER BY k.o)
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_inherits i ON i.inhrelid = c.oid
           JOIN pg_class p ON p.oid = i.inhparent AND p.relnamespace = c.relnamespace
           LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
          WHERE c.relispartition AND c.relkind IN ('r', 'p') AND n.nspname = ANY($1)
          ORDER BY c.relname",
        &[&schemas],
    )? {
        let mut p = Partition::new(row.get::<_, String>(2), row.get::<_, String>(3));
        let method = match row.get::<_, Option<&str>>(4) {
            Some("r") => Some(PartitionMethod::Range),
            Some("l") => Some(PartitionMethod::List),
            Some("h") => Some(PartitionMethod::Hash),
            _ => None,
        };
        p.partition_by = method.map(|method| Partitioning {
            method,
            columns: row.get(5),
        });
        children
            .entry(row.get(1))
            .or_default()
            .push((row.get(0), p));
    }
    fn assemble(
        children: &mut BTreeMap<u32, Vec<(u32, Partition)>>,
        parent: u32,
    ) -> Vec<Partition> {
        let mine = children.remove(&parent).unwrap_or_default();
        mine.into_iter()
            .map(|(oid, mut p)| {
                p.partitions = assemble(children, oid);
                p
            })
            .collect()
    }
    for (oid, t) in &mut tables {
        if t.partition_by.is_none() {
            continue;
        }
        let declared = assemble(&mut children, *oid);
        // The DEFAULT partition alone, named as the definitions name it: the implicit one.
        let implicit = [Partition::new(t.default_partition_name(), "DEFAULT")];
        t.partitions = (declared != implicit).then_some(declared);
    }
    let oids: Vec<u32> = tables.keys().copied().collect();

    for row in q(
        client,
        "columns",
        "SELECT a.attrelid, a.attname::text, format_type(a.atttypid, a.atttypmod),
                a.attnotnull AND NOT EXISTS (SELECT 1 FROM pg_constraint n
                                              WHERE n.conrelid = a.attrelid AND n.contype = 'n'
                                                AND n.conkey[1] = a.attnum AND NOT n.convalidated),
                CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
                CASE WHEN a.attgenerated IN ('s', 'v') THEN pg_get_expr(d.adbin, d.adrelid) END,
                a.attidentity::text, col_description(a.attrelid, a.attnum), a.attgenerated = 'v',
                CASE WHEN a.attcollation <> t.typcollation THEN co.collname::text END
           FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
           JOIN pg_type t ON t.oid = a.atttypid
           LEFT JOIN pg_collation co ON co.oid = a.attcollation
          WHERE a.attrelid = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY a.attrelid, a.attnum",
        &[&oids],
    )? {
        let t = tables.get_mut(&row.get::<_, u32>(0)).expect("table read above");
        let mut c = Column::new(
            row.get::<_, String>(1),
            ColumnType::parse(row.get::<_, &str>(2))?,
            !row.get::<_, bool>(3),
        );
        c.default = row.get::<_, Option<String>>(4).map(DefaultValue::Sql);
        c.generated = row.get(5);
        c.virtual_generated = row.get(8);
        c.identity = match row.get::<_, &str>(6) {
            "a" => Some(Identity::Always),
            "d" => Some(Identity::ByDefault),
            _ => None,
        };
        c.comment = row.get(7);
        // A collation only where it is not the type's own (an array's is its element's, a
        // domain's column has the domain's); by name, as the model holds those of pg_catalog.
        c.collation = row.get(9);
        t.columns.push(c);
    }

    // The options of identity columns' sequences.
    for row in q(
        client,
        "identity sequences",
        "SELECT d.refobjid, a.attname::text, s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
                s.seqcache, s.seqcycle
           FROM pg_depend d JOIN pg_sequence s ON s.seqrelid = d.objid
           JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
          WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
            AND d.deptype = 'i' AND d.refobjid = ANY($1)",
        &[&oids],
    )? {
        let t = tables
            .get_mut(&row.get::<_, u32>(0))
            .expect("table read above");
        let name: String = row.get(1);
        if let Some(c) = t.columns.iter_mut().find(|c| c.name == name) {
            c.identity_options = sequence_options(&row, 2).normalized(&c.ty);
        }
    }

    for row in q(
        client,
        "constraints",
        "SELECT con.conrelid, con.conname::text, con.contype::text,
                ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
                        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o),
                fn.nspname::text, fc.relname::text,
                ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
                        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o),
                con.confdeltype::text, con.confupdtype::text,
                CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END,
                COALESCE(i.indnullsnotdistinct, false), con.condeferrable, con.condeferred
           FROM pg_constraint con
           LEFT JOIN pg_class fc ON fc.oid = con.confrelid
           LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
           LEFT JOIN pg_index i ON i.indexrelid = con.conindid
          WHERE con.conrelid = ANY($1) AND con.contype IN ('p', 'u', 'c', 'f')",
        &[&oids],
    )? {
        let t = tables.get_mut(&row.get::<_, u32>(0)).expect("table read above");
        let name: String = row.get(1);
        let columns: Vec<String> = row.get(3);
        let deferral = Deferral::from_flags(row.get(11), row.get(12));
        match row.get::<_, &str>(2) {
            "p" => t.primary_key = Some(PrimaryKey { name, columns, deferral }),
            "u" => t.uniques.push(Unique { name, columns, nulls_not_distinct: row.get(10), deferral }),
            "c" => t.checks.push(Check { name, expr: row.get(9) }),
            _ => t.foreign_keys.push(ForeignKey {
                name,
                columns,
                ref_table: QualifiedName::new(row.get::<_, String>(4), row.get::<_, String>(5)),
                ref_columns: row.get(6),
                on_delete: fk_action(row.get(7)),
                on_update: fk_action(row.get(8)),
                deferral,
            }),
        }
    }

    for row in q(client, "exclusion constraints", EXCLUSIONS_SQL, &[&oids])? {
        let t = tables
            .get_mut(&row.get::<_, u32>(0))
            .expect("table read above");
        t.exclusions.push(exclusion_from_row(&row));
    }

    // Materialized views here, not with the views below: their indexes are read with the
    // tables'.
    let mut materialized: BTreeMap<u32, View> = BTreeMap::new();
    for row in q(
        client,
        "materialized views",
        "SELECT c.oid, n.nspname::text, c.relname::text, pg_get_viewdef(c.oid, true),
                c.relispopulated, obj_description(c.oid, 'pg_class')
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind = 'm' AND n.nspname = ANY($1)",
        &[&schemas],
    )? {
        materialized.insert(
            row.get(0),
            View {
                schema: row.get(1),
                name: row.get(2),
                query: row.get(3),
                security_invoker: false,
                comment: row.get(5),
                depends_on: Vec::new(),
                materialized: Some(hims_model::Materialized {
                    with_data: row.get(4),
                    indexes: Vec::new(),
                }),
                origin: Origin::default(),
            },
        );
    }
    let indexed: Vec<u32> = oids.iter().chain(materialized.keys()).copied().collect();

    let mut indexes: BTreeMap<u32, (u32, Index, i32)> = BTreeMap::new();
    for row in q(
        client,
        "indexes",
        "SELECT i.indrelid, i.indexrelid, ic.relname::text, i.indisunique, am.amname::text,
                i.indnullsnotdistinct, i.indnkeyatts::int4, pg_get_expr(i.indpred, i.indrelid, true)
           FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
          WHERE i.indrelid = ANY($1)
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))",
        &[&indexed],
    )? {
        let method: String = row.get(4);
        indexes.insert(
            row.get(1),
            (
                row.get(0),
                Index {
                    name: row.get(2),
                    keys: Vec::new(),
                    unique: row.get(3),
                    method: IndexMethod::parse(&method).unwrap_or_default(),
                    predicate: row.get(7),
                    include: Vec::new(),
                    nulls_not_distinct: row.get(5),
                },
                row.get(6),
            ),
        );
    }
    let index_oids: Vec<u32> = indexes.keys().copied().collect();
    for row in q(
        client,
        "index keys",
        "SELECT i.indexrelid, s.n, a.attname::text, pg_get_indexdef(i.indexrelid, s.n, true),
                COALESCE((i.indoption[s.n - 1] & 1) = 1, false),
                CASE WHEN oc.opcdefault THEN NULL ELSE oc.opcname::text END,
                CASE WHEN i.indcollation[s.n - 1] <> a.attcollation THEN co.collname::text END
           FROM pg_index i CROSS JOIN generate_series(1, i.indnatts::int4) s(n)
           LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[s.n - 1] AND i.indkey[s.n - 1] <> 0
           LEFT JOIN pg_opclass oc ON oc.oid = i.indclass[s.n - 1]
           LEFT JOIN pg_collation co ON co.oid = i.indcollation[s.n - 1]
          WHERE i.indexrelid = ANY($1)
          ORDER BY i.indexrelid, s.n",
        &[&index_oids],
    )? {
        let (_, index, key_count) = indexes.get_mut(&row.get::<_, u32>(0)).expect("index read above");
        let position: i32 = row.get(1);
        let column: Option<String> = row.get(2);
        if position > *key_count {
            index.include.extend(column);
            continue;
        }
        index.keys.push(match column {
            // A key's collation only where it is not its column's.
            Some(name) => IndexKey::Column {
                name,
                descending: row.get(4),
                opclass: row.get(5),
                collation: row.get(6),
            },
            None => IndexKey::Expression(row.get(3)),
        });
    }
    for (_, (relation, index, _)) in indexes {
        match tables.get_mut(&relation) {
            Some(t) => t.indexes.push(index),
            None => materialized
                .get_mut(&relation)
                .and_then(|v| v.materialized.as_mut())
                .expect("relation read above")
                .indexes
                .push(index),
        }
    }

    for row in q(
        client,
        "policies",
        "SELECT p.polrelid, p.polname::text, p.polpermissive, p.polcmd::text,
                ARRAY(SELECT r.rolname::text FROM pg_roles r WHERE r.oid = ANY(p.polroles)),
                pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
           FROM pg_policy p WHERE p.polrelid = ANY($1)",
        &[&oids],
    )? {
        let t = tables
            .get_mut(&row.get::<_, u32>(0))
            .expect("table read above");
        t.policies.push(Policy {
            name: row.get(1),
            permissive: row.get(2),
            command: match row.get::<_, &str>(3) {
                "r" => PolicyCommand::Select,
                "a" => PolicyCommand::Insert,
                "w" => PolicyCommand::Update,
                "d" => PolicyCommand::Delete,
                _ => PolicyCommand::All,
            },
            roles: row.get(4),
            using: row.get(5),
            with_check: row.get(6),
        });
    }

    for row in q(
        client,
        "triggers",
        "SELECT t.tgrelid, t.tgname::text, t.tgtype::int4, pn.nspname::text, p.proname::text,
                substring(pg_get_triggerdef(t.oid, true) FROM ' WHEN \\((.*)\\) EXECUTE '),
                t.tgargs,
                ARRAY(SELECT a.attname::text FROM unnest(t.tgattr::int2[]) WITH ORDINALITY u(num, ord)
                        JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = u.num ORDER BY u.ord),
                t.tgconstraint <> 0, t.tgdeferrable, t.tginitdeferred,
                t.tgoldtable::text, t.tgnewtable::text
           FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace
          WHERE t.tgrelid = ANY($1) AND NOT t.tgisinternal",
        &[&oids],
    )? {
        let t = tables.get_mut(&row.get::<_, u32>(0)).expect("table read above");
        let bits: i32 = row.get(2);
        let mut events = Vec::new();
        for (bit, e) in [(4, TriggerEvent::Insert), (16, TriggerEvent::Update), (8, TriggerEvent::Delete), (32, TriggerEvent::Truncate)] {
            if bits & bit != 0 {
                events.push(e);
            }
        }
        t.triggers.push(Trigger {
            name: row.get(1),
            timing: if bits & 64 != 0 {
                TriggerTiming::InsteadOf
            } else if bits & 2 != 0 {
                TriggerTiming::Before
            } else {
                TriggerTiming::After
            },
            events,
            for_each_row: bits & 1 != 0,
            function: QualifiedName::new(row.get::<_, String>(3), row.get::<_, String>(4)),
            when: row.get(5),
            // `tgargs`: each argument followed by a NUL byte.
            args: {
                let raw: Vec<u8> = row.get(6);
                let mut args: Vec<String> = raw
                    .split(|b| *b == 0)
                    .map(|a| String::from_utf8_lossy(a).into_owned())
                    .collect();
                args.pop();
                args
            },
            update_of: row.get(7),
            constraint: row
                .get::<_, bool>(8)
                .then(|| Deferral::from_flags(row.get(9), row.get(10))),
            old_table: row.get(11),
            new_table: row.get(12),
        });
    }
    model.tables = tables.into_values().collect();

    for row in q(
        client,
        "functions",
        "SELECT n.nspname::text, p.proname::text, COALESCE(pg_get_function_result(p.oid), ''), l.lanname::text,
                p.provolatile::text, p.prosecdef, p.proisstrict,
                COALESCE((SELECT substring(c FROM 13) FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%'), ''),
                p.prosrc, obj_description(p.oid, 'pg_proc'),
                COALESCE(p.proargnames, '{}')::text[],
                -- Every argument but RETURNS TABLE columns (mode 't', in the result):
                -- (type, mode, default).
                ARRAY(SELECT format_type(t, NULL) FROM unnest(COALESCE(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY u(t, o) ORDER BY o),
                COALESCE(p.proargmodes::text[], '{}'),
                ARRAY(SELECT COALESCE(pg_get_function_arg_default(p.oid, o::int), '')
                        FROM generate_series(1, COALESCE(cardinality(p.proallargtypes), p.pronargs)) o ORDER BY o),
                p.prokind = 'p',
                p.proparallel::text, p.proleakproof,
                -- NULL at the defaults: COST 100 (SQL and PL/pgSQL), ROWS 1000 (set-returning).
                CASE WHEN p.procost <> 100 AND p.prokind = 'f' THEN p.procost::text END,
                CASE WHEN p.proretset AND p.prorows <> 1000 THEN p.prorows::text END,
                ARRAY(SELECT c FROM unnest(p.proconfig) WITH ORDINALITY u(c, o) WHERE c NOT LIKE 'search\\_path=%' ORDER BY o)
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
          WHERE n.nspname = ANY($1) AND p.prokind IN ('f', 'p')
            AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')",
        &[&schemas],
    )? {
        let names: Vec<String> = row.get(10);
        let types: Vec<String> = row.get(11);
        let modes: Vec<String> = row.get(12);
        let defaults: Vec<String> = row.get(13);
        let search_path: String = row.get(7);
        model.functions.push(Function {
            schema: row.get(0),
            name: row.get(1),
            kind: if row.get(14) { FunctionKind::Procedure } else { FunctionKind::Function },
            args: types
                .into_iter()
                .enumerate()
                .filter(|(i, _)| modes.get(*i).map(String::as_str) != Some("t"))
                .map(|(i, ty)| FunctionArg {
                    name: names.get(i).cloned().unwrap_or_default(),
                    ty,
                    mode: match modes.get(i).map(String::as_str) {
                        Some("o") => ArgMode::Out,
                        Some("b") => ArgMode::InOut,
                        Some("v") => ArgMode::Variadic,
                        _ => ArgMode::In,
                    },
                    default: defaults.get(i).filter(|d| !d.is_empty()).cloned(),
                })
                .collect(),
            returns: row.get(2),
            language: if row.get::<_, &str>(3) == "plpgsql" { FunctionLanguage::Plpgsql } else { FunctionLanguage::Sql },
            volatility: match row.get::<_, &str>(4) {
                "i" => Volatility::Immutable,
                "s" => Volatility::Stable,
                _ => Volatility::Volatile,
            },
            security_definer: row.get(5),
            strict: row.get(6),
            search_path: search_path
                .split(',')
                .map(|s| s.trim().trim_matches('"').to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            settings: row
                .get::<_, Vec<String>>(19)
                .into_iter()
                .filter_map(|c| c.split_once('=').map(|(n, v)| (n.to_string(), v.to_string())))
                .collect(),
            parallel: match row.get::<_, &str>(15) {
                "s" => Parallel::Safe,
                "r" => Parallel::Restricted,
                _ => Parallel::Unsafe,
            },
            leakproof: row.get(16),
            cost: row.get(17),
            rows: row.get(18),
            body: row.get::<_, String>(8).trim_matches('\n').to_string(),
            comment: row.get(9),
            depends_on: Vec::new(),
            origin: Origin::default(),
        });
    }

    // Ordinary aggregates (aggkind 'n'); their functions named by schema, built-in ones too.
    for row in q(
        client,
        "aggregates",
        "SELECT n.nspname::text, p.proname::text,
                ARRAY(SELECT format_type(t, NULL) FROM unnest(p.proargtypes) WITH ORDINALITY u(t, o) ORDER BY o),
                (SELECT ARRAY[fs.nspname::text, f.proname::text] FROM pg_proc f JOIN pg_namespace fs ON fs.oid = f.pronamespace WHERE f.oid = a.aggtransfn), format_type(a.aggtranstype, NULL), (SELECT ARRAY[fs.nspname::text, f.proname::text] FROM pg_proc f JOIN pg_namespace fs ON fs.oid = f.pronamespace WHERE f.oid = a.aggfinalfn), a.agginitval,
                (SELECT ARRAY[fs.nspname::text, f.proname::text] FROM pg_proc f JOIN pg_namespace fs ON fs.oid = f.pronamespace WHERE f.oid = a.aggcombinefn), (SELECT ARRAY[fs.nspname::text, f.proname::text] FROM pg_proc f JOIN pg_namespace fs ON fs.oid = f.pronamespace WHERE f.oid = a.aggserialfn), (SELECT ARRAY[fs.nspname::text, f.proname::text] FROM pg_proc f JOIN pg_namespace fs ON fs.oid = f.pronamespace WHERE f.oid = a.aggdeserialfn), p.proparallel::text,
                obj_description(p.oid, 'pg_proc')
           FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = ANY($1) AND a.aggkind = 'n'
            AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')",
        &[&schemas],
    )? {
        let f = |i: usize| -> Option<QualifiedName> {
            row.get::<_, Option<Vec<String>>>(i).and_then(|v| match v.as_slice() {
                [s, n] => Some(QualifiedName::new(s, n)),
                _ => None,
            })
        };
        model.aggregates.push(Aggregate {
            schema: row.get(0),
            name: row.get(1),
            args: row.get(2),
            sfunc: f(3).expect("an aggregate has a transition function"),
            stype: row.get(4),
            finalfunc: f(5),
            initcond: row.get(6),
            combinefunc: f(7),
            serialfunc: f(8),
            deserialfunc: f(9),
            parallel: match row.get::<_, &str>(10) {
                "s" => Parallel::Safe,
                "r" => Parallel::Restricted,
                _ => Parallel::Unsafe,
            },
            comment: row.get(11),
            origin: Origin::default(),
        });
    }

    for row in q(
        client,
        "views",
        "SELECT n.nspname::text, c.relname::text, pg_get_viewdef(c.oid, true),
                COALESCE('security_invoker=true' = ANY(c.reloptions), false)
                  OR COALESCE('security_invoker=on' = ANY(c.reloptions), false),
                obj_description(c.oid, 'pg_class')
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind = 'v' AND n.nspname = ANY($1)",
        &[&schemas],
    )? {
        model.views.push(View {
            schema: row.get(0),
            name: row.get(1),
            query: row.get(2),
            security_invoker: row.get(3),
            comment: row.get(4),
            depends_on: Vec::new(),
            materialized: None,
            origin: Origin::default(),
        });
    }
    model.views.extend(materialized.into_values());

    model.canonicalize();
    Ok(model)
}

/// Exclusion constraints of the tables `$1` (oids): elements spelled by `pg_get_indexdef`
/// on the constraint's index, operators by name. Shared with normalization.
pub(crate) const EXCLUSIONS_SQL: &str = "SELECT con.conrelid, con.conname::text, am.amname::text,
        pg_get_expr(i.indpred, i.indrelid, true),
        ARRAY(SELECT o.oprname::text FROM unnest(con.conexclop) WITH ORDINALITY u(op, n)
                JOIN pg_operator o ON o.oid = u.op ORDER BY u.n),
        ARRAY(SELECT pg_get_indexdef(con.conindid, s.n, true)
                FROM generate_series(1, array_length(con.conexclop, 1)) s(n) ORDER BY s.n),
        con.condeferrable, con.condeferred
   FROM pg_constraint con
   JOIN pg_index i ON i.indexrelid = con.conindid
   JOIN pg_class ic ON ic.oid = con.conindid
   JOIN pg_am am ON am.oid = ic.relam
  WHERE con.conrelid = ANY($1) AND con.contype = 'x'";

pub(crate) fn exclusion_from_row(row: &postgres::Row) -> hims_model::Exclusion {
    let operators: Vec<String> = row.get(4);
    let exprs: Vec<String> = row.get(5);
    hims_model::Exclusion {
        name: row.get(1),
        method: IndexMethod::parse(row.get(2)).unwrap_or(IndexMethod::Gist),
        elements: exprs
            .into_iter()
            .zip(operators)
            .map(|(expr, operator)| hims_model::ExclusionElement { expr, operator })
            .collect(),
        predicate: row.get(3),
        deferral: Deferral::from_flags(row.get(6), row.get(7)),
    }
}

/// `SequenceOptions` from six columns starting at `at`: start, increment, min, max, cache,
/// cycle (as `pg_sequence` holds them).
fn sequence_options(row: &postgres::Row, at: usize) -> SequenceOptions {
    SequenceOptions {
        start: Some(row.get(at)),
        increment: Some(row.get(at + 1)),
        min_value: Some(row.get(at + 2)),
        max_value: Some(row.get(at + 3)),
        cache: Some(row.get(at + 4)),
        cycle: row.get(at + 5),
    }
}

fn fk_action(code: &str) -> FkAction {
    match code {
        "r" => FkAction::Restrict,
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}

/// Cluster-wide settings (`ALTER ROLE … SET`, not per database) of each of `roles` that
/// exists: `role → (parameter → value)` as `pg_db_role_setting` stores them. Roles missing
/// from the cluster are absent from the map.
pub fn role_settings(
    client: &mut Client,
    roles: &[&str],
) -> Result<std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>, Error> {
    let roles: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
    let mut out = std::collections::BTreeMap::new();
    for row in client
        .query(
            "SELECT r.rolname::text,
                    coalesce((SELECT s.setconfig FROM pg_catalog.pg_db_role_setting s
                               WHERE s.setrole = r.oid AND s.setdatabase = 0), '{}')
               FROM pg_catalog.pg_roles r WHERE r.rolname = ANY($1)",
            &[&roles],
        )
        .map_err(db_error("read role settings"))?
    {
        let (role, config): (String, Vec<String>) = (row.get(0), row.get(1));
        let settings = config
            .iter()
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        out.insert(role, settings);
    }
    Ok(out)
}
