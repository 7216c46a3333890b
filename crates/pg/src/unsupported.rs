//! What a database holds that the model cannot: for `cargo xtask import`, which must report
//! each such object by name instead of dropping it silently.
//!
//! Each finding says what the import does with the object: nothing (introspection does not
//! read it: range types, rules, a partition's own indexes …), an approximation
//! (read without some property: `NOT VALID`, `MATCH FULL`, index storage parameters …), leave
//! it out (introspection reads it but the model would render it wrong: functions in other
//! languages, indexes of unknown access methods …), or stop (a column type the model has no
//! form for, which introspection cannot read at all).

use crate::{Error, db_error};
use hims_model::ColumnType;
use postgres::Client;
use std::fmt;

/// What the import does with an object the model cannot hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Handling {
    /// Not read into the model at all.
    NotImported,
    /// Read into the model without some of its properties.
    Approximated,
    /// Read by introspection but would be rendered wrong: the import leaves it out.
    LeftOut,
    /// Introspection cannot read the database while it exists.
    Blocks,
}

impl Handling {
    fn parse(s: &str) -> Handling {
        match s {
            "approximated" => Handling::Approximated,
            "left_out" => Handling::LeftOut,
            "blocks" => Handling::Blocks,
            _ => Handling::NotImported,
        }
    }
}

/// One object (or property of an object) the model cannot hold.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unsupported {
    /// `sequence`, `domain`, `materialized view`, `function`, `trigger`, `column` …
    pub kind: String,
    /// Schema-qualified: `legacy.counters_id_seq`, `app.orders.total` (a column),
    /// `app.orders.orders_touch` (a trigger), `app.f(integer, text)` (a function, with the
    /// argument types introspection gives it).
    pub name: String,
    /// What is not supported and what the import does about it.
    pub detail: String,
    pub handling: Handling,
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.kind, self.name, self.detail)
    }
}

/// Every finding of [`unsupported`] as one line: `<kind> <name>: <detail>`.
pub fn unsupported_objects(client: &mut Client, schemas: &[&str]) -> Result<Vec<String>, Error> {
    Ok(unsupported(client, schemas)?
        .iter()
        .map(ToString::to_string)
        .collect())
}

/// User schemas of the connected database: neither system schemas nor created by an
/// extension.
pub fn user_schemas(client: &mut Client) -> Result<Vec<String>, Error> {
    let rows = client
        .query(
            "SELECT n.nspname::text FROM pg_catalog.pg_namespace n
              WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
                AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
                AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                 WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                                   AND d.objid = n.oid AND d.deptype = 'e')
              ORDER BY 1",
            &[],
        )
        .map_err(db_error("list schemas"))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// `NOT EXISTS` an extension membership of the object `oid` of catalog `catalog`.
macro_rules! not_ext {
    ($catalog:literal, $oid:literal) => {
        concat!(
            "NOT EXISTS (SELECT 1 FROM pg_depend xd WHERE xd.classid = '",
            $catalog,
            "'::regclass AND xd.objid = ",
            $oid,
            " AND xd.deptype = 'e')"
        )
    };
}

/// Each query returns `(kind, name, detail, handling)` for the schemas `$1`.
const QUERIES: &[(&str, &str)] = &[
    (
        "types",
        concat!(
            "SELECT CASE t.typtype WHEN 'r' THEN 'range type' WHEN 'p' THEN 'pseudo-type' ELSE 'base type' END,
                    n.nspname || '.' || t.typname,
                    'not imported: of user types the model has domains, enum and composite types only; columns of this type are imported with sql_type naming it, which the model builder refuses until they get a supported type',
                    'not_imported'
               FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
              WHERE n.nspname = ANY($1) AND t.typtype IN ('r', 'b', 'p')
                AND t.typcategory <> 'A'
                AND ",
            not_ext!("pg_type", "t.oid")
        ),
    ),
    (
        "relations",
        concat!(
            "SELECT 'foreign table', n.nspname || '.' || c.relname,
                    'not imported: the model has no foreign tables', 'not_imported'
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind = 'f' AND n.nspname = ANY($1) AND ",
            not_ext!("pg_class", "c.oid")
        ),
    ),
    (
        // Declared partitions are read at every depth; one in another schema than its
        // parent, or a foreign table, is not.
        "partitions",
        "SELECT 'partition', n.nspname || '.' || c.relname,
                'partition of ' || pn.nspname || '.' || p.relname || ' ' || pg_get_expr(c.relpartbound, c.oid)
                || CASE WHEN c.relkind = 'f' THEN ': not imported: the model has no foreign tables'
                        ELSE ': not imported: the model declares partitions in their parent''s schema only' END,
                'not_imported'
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_inherits i ON i.inhrelid = c.oid
           JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
          WHERE c.relispartition AND (pn.nspname = ANY($1) OR n.nspname = ANY($1))
            AND (c.relkind = 'f' OR c.relnamespace <> p.relnamespace)",
    ),
    (
        // A partition's own indexes and constraints (not cloned from its parent's) are not
        // read: partitions are declared by name and bound only.
        "partition-local objects",
        "SELECT 'index', n.nspname || '.' || x.relname,
                'index of partition ' || n.nspname || '.' || c.relname
                || ' not attached to an index of its parent: not imported', 'not_imported'
           FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relispartition AND NOT x.relispartition AND n.nspname = ANY($1)
         UNION ALL
         SELECT 'constraint', n.nspname || '.' || c.relname || '.' || con.conname,
                'constraint of partition ' || n.nspname || '.' || c.relname
                || ' not inherited from its parent: not imported', 'not_imported'
           FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relispartition AND con.coninhcount = 0 AND con.contype IN ('c', 'f', 'x')
            AND con.conparentid = 0 AND n.nspname = ANY($1)",
    ),
    (
        "partitioned tables",
        "SELECT 'partitioned table', n.nspname || '.' || c.relname, issue, 'approximated'
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
           CROSS JOIN LATERAL (VALUES
             (CASE WHEN 0 = ANY(pt.partattrs::int2[])
                   THEN 'partition key has an expression, which the model cannot hold: imported with its plain columns only' END)
           ) v(issue)
          WHERE n.nspname = ANY($1) AND issue IS NOT NULL",
    ),
    (
        "inheritance",
        "SELECT 'table', n.nspname || '.' || c.relname,
                'inherits from ' || string_agg(pn.nspname || '.' || p.relname, ', ' ORDER BY i.inhseqno)
                || ': inheritance is not imported; the table is imported as a plain table with all its columns',
                'approximated'
           FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
          WHERE NOT c.relispartition AND c.relkind IN ('r', 'p') AND n.nspname = ANY($1)
          GROUP BY n.nspname, c.relname",
    ),
    (
        "rules",
        "SELECT 'rule', n.nspname || '.' || c.relname || '.' || r.rulename,
                'not imported: the model has no rules (a trigger or a view can usually do the same)',
                'not_imported'
           FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE r.rulename <> '_RETURN' AND n.nspname = ANY($1)",
    ),
    (
        "routines",
        concat!(
            "SELECT 'window function',
                    n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
                    'not imported: the model has functions, procedures and aggregates only', 'not_imported'
               FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE p.prokind = 'w' AND n.nspname = ANY($1) AND ",
            not_ext!("pg_proc", "p.oid")
        ),
    ),
    (
        "aggregates",
        concat!(
            "SELECT 'aggregate',
                    n.nspname || '.' || p.proname || '(' || COALESCE((SELECT string_agg(format_type(t, NULL), ', ' ORDER BY o)
                                                                    FROM unnest(p.proargtypes) WITH ORDINALITY u(t, o)), '') || ')',
                    issue, handling
               FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid JOIN pg_namespace n ON n.oid = p.pronamespace
               CROSS JOIN LATERAL (VALUES
                 (CASE WHEN a.aggkind <> 'n'
                       THEN 'is an ordered-set or hypothetical-set aggregate (WITHIN GROUP), which the model cannot hold: left out' END, 'left_out'),
                 (CASE WHEN a.aggkind = 'n' AND a.aggmtransfn <> 0 THEN 'its moving-aggregate mode (MSFUNC, MINVFUNC …) is not imported' END, 'approximated'),
                 (CASE WHEN a.aggkind = 'n' AND a.aggsortop <> 0 THEN 'SORTOP is not imported' END, 'approximated'),
                 (CASE WHEN a.aggkind = 'n' AND a.aggfinalextra THEN 'FINALFUNC_EXTRA is not imported' END, 'approximated'),
                 (CASE WHEN a.aggkind = 'n' AND a.aggfinalmodify <> 'r' THEN 'FINALFUNC_MODIFY is not imported' END, 'approximated'),
                 (CASE WHEN a.aggkind = 'n' AND a.aggtransspace <> 0 THEN 'SSPACE is not imported' END, 'approximated'),
                 (CASE WHEN a.aggkind = 'n' AND p.proargnames IS NOT NULL THEN 'argument names are not imported (the model holds their types)' END, 'approximated')
               ) v(issue, handling)
              WHERE n.nspname = ANY($1) AND issue IS NOT NULL AND ",
            not_ext!("pg_proc", "p.oid")
        ),
    ),
    (
        "functions",
        concat!(
            "SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
                    n.nspname || '.' || p.proname || '(' || COALESCE((SELECT string_agg(format_type(t, NULL), ', ' ORDER BY o)
                                                                    FROM unnest(p.proargtypes) WITH ORDINALITY u(t, o)), '') || ')',
                    issue, handling
               FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
               CROSS JOIN LATERAL (VALUES
                 (CASE WHEN l.lanname NOT IN ('sql', 'plpgsql')
                       THEN 'is written in ' || l.lanname || ', and the model holds SQL and PL/pgSQL functions only: left out' END, 'left_out'),
                 (CASE WHEN p.prosqlbody IS NOT NULL
                       THEN 'has a SQL-standard body (BEGIN ATOMIC), which the model cannot hold: left out (write the body as a quoted string)' END, 'left_out')
               ) v(issue, handling)
              WHERE p.prokind IN ('f', 'p') AND n.nspname = ANY($1) AND issue IS NOT NULL
                -- Functions a type creates for itself (range constructors) only need leaving out.
                AND (handling = 'left_out' OR NOT EXISTS (
                      SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass
                         AND i.objid = p.oid AND i.deptype = 'i'))
                AND ",
            not_ext!("pg_proc", "p.oid")
        ),
    ),
    (
        "triggers",
        "SELECT 'trigger', n.nspname || '.' || c.relname || '.' || t.tgname, issue, handling
           FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           CROSS JOIN LATERAL (VALUES
             (CASE WHEN c.relkind NOT IN ('r', 'p') THEN 'is on a view or foreign table: not imported' END, 'not_imported'),
             (CASE WHEN c.relkind IN ('r', 'p') AND t.tgenabled <> 'O'
                   THEN 'is not in the ordinary enabled state: imported enabled' END, 'approximated')
           ) v(issue, handling)
          WHERE NOT t.tgisinternal AND NOT c.relispartition AND n.nspname = ANY($1) AND issue IS NOT NULL",
    ),
    (
        "event triggers",
        concat!(
            "SELECT 'event trigger', e.evtname::text,
                    'not imported: event triggers belong to the database, not to a schema of the model',
                    'not_imported'
               FROM pg_event_trigger e WHERE ",
            not_ext!("pg_event_trigger", "e.oid")
        ),
    ),
    (
        "constraints",
        // Comments joined, not looked up per row (obj_description is a query per call).
        "SELECT 'constraint', n.nspname || '.' || c.relname || '.' || con.conname, issue, 'approximated'
           FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           LEFT JOIN pg_description d ON d.objoid = con.oid AND d.classoid = 'pg_constraint'::regclass AND d.objsubid = 0
           CROSS JOIN LATERAL (VALUES
             (CASE WHEN NOT con.convalidated THEN 'is NOT VALID: imported as a valid constraint (a baseline checks existing rows)' END),
             (CASE WHEN con.contype = 'c' AND con.connoinherit THEN 'NO INHERIT is not imported' END),
             (CASE WHEN con.contype = 'f' AND con.confmatchtype = 'f' THEN 'MATCH FULL is not imported' END),
             (CASE WHEN con.contype IN ('p', 'u') AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indexrelid = con.conindid AND i.indnkeyatts < i.indnatts)
                   THEN 'INCLUDE columns of its index are not imported' END),
             (CASE WHEN d.description IS NOT NULL THEN 'its comment is not imported (the model has no constraint comments)' END)
           ) v(issue)
          WHERE con.contype IN ('p', 'u', 'c', 'f', 'x') AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            AND n.nspname = ANY($1) AND issue IS NOT NULL",
    ),
    (
        "domain constraints",
        "SELECT 'domain', n.nspname || '.' || t.typname, issue, 'approximated'
           FROM pg_constraint con JOIN pg_type t ON t.oid = con.contypid JOIN pg_namespace n ON n.oid = t.typnamespace
           CROSS JOIN LATERAL (VALUES
             (CASE WHEN NOT con.convalidated AND con.contype = 'c'
                   THEN 'CHECK ' || con.conname || ' is NOT VALID: imported as a valid check (a baseline checks existing rows)' END),
             (CASE WHEN con.contype = 'n' AND NOT con.convalidated
                   THEN 'NOT NULL is NOT VALID: imported as a valid NOT NULL (a baseline checks existing rows)' END),
             (CASE WHEN con.contype = 'n' AND con.conname <> t.typname || '_not_null'
                   THEN 'NOT NULL ' || con.conname || ': its name is not imported (the model has none)' END),
             (CASE WHEN obj_description(con.oid, 'pg_constraint') IS NOT NULL
                   THEN 'the comment of constraint ' || con.conname || ' is not imported (the model has no constraint comments)' END)
           ) v(issue)
          WHERE t.typtype = 'd' AND n.nspname = ANY($1) AND issue IS NOT NULL",
    ),
    (
        "domain collations",
        "SELECT 'domain', n.nspname || '.' || t.typname,
                'COLLATE ' || cn.nspname || '.' || co.collname || ' is imported by its name only (the model names collations of pg_catalog)',
                'approximated'
           FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           JOIN pg_type bt ON bt.oid = t.typbasetype
           JOIN pg_collation co ON co.oid = t.typcollation JOIN pg_namespace cn ON cn.oid = co.collnamespace
          WHERE t.typtype = 'd' AND n.nspname = ANY($1) AND t.typcollation <> bt.typcollation
            AND cn.nspname <> 'pg_catalog'",
    ),
    (
        // PostgreSQL 18 keeps NOT NULL constraints in pg_constraint: the model holds
        // nullability only.
        "not-null constraints",
        "SELECT 'constraint', n.nspname || '.' || c.relname || '.' || con.conname, issue, 'approximated'
           FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
           CROSS JOIN LATERAL (VALUES
             (CASE WHEN NOT con.convalidated
                   THEN 'NOT NULL ' || a.attname || ' is NOT VALID: imported as a nullable column (existing rows may hold NULL)' END),
             (CASE WHEN con.connoinherit THEN 'NOT NULL ' || a.attname || ' NO INHERIT is not imported' END),
             (CASE WHEN octet_length(c.relname || '_' || a.attname || '_not_null') <= 63
                        AND con.conname <> c.relname || '_' || a.attname || '_not_null'
                   THEN 'NOT NULL ' || a.attname || ': its name is not imported (the model has none): a baseline names it '
                        || c.relname || '_' || a.attname || '_not_null' END)
           ) v(issue)
          WHERE con.contype = 'n' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            AND n.nspname = ANY($1) AND issue IS NOT NULL",
    ),
    (
        "indexes",
        "SELECT 'index', n.nspname || '.' || c.relname || '.' || ic.relname, issue, handling
           FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = ic.relam
           LEFT JOIN pg_description d ON d.objoid = ic.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
           CROSS JOIN LATERAL (VALUES
             (CASE WHEN am.amname NOT IN ('btree', 'hash', 'gin', 'gist', 'brin')
                   THEN 'uses access method ' || am.amname || ', which the model does not know: left out' END, 'left_out'),
             (CASE WHEN i.indexprs IS NOT NULL AND EXISTS (SELECT 1 FROM generate_series(1, i.indnkeyatts) s(k)
                                 LEFT JOIN pg_opclass oc ON oc.oid = i.indclass[s.k - 1]
                                WHERE i.indkey[s.k - 1] = 0
                                  AND ((i.indoption[s.k - 1] & 1) = 1 OR NOT COALESCE(oc.opcdefault, true)))
                   THEN 'has an expression key with DESC or an operator class, which the model cannot write: left out' END, 'left_out'),
             (CASE WHEN 0 <> ANY (i.indoption::int2[]) AND EXISTS (SELECT 1 FROM generate_series(1, i.indnkeyatts) s(k)
                                WHERE ((i.indoption[s.k - 1] & 2) = 2) <> ((i.indoption[s.k - 1] & 1) = 1))
                   THEN 'NULLS FIRST/LAST is not imported' END, 'approximated'),
             (CASE WHEN EXISTS (SELECT 1 FROM generate_series(1, i.indnkeyatts) s(k)
                                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[s.k - 1]
                                  JOIN pg_collation co ON co.oid = i.indcollation[s.k - 1]
                                  JOIN pg_namespace cn ON cn.oid = co.collnamespace
                                 WHERE i.indkey[s.k - 1] <> 0 AND i.indcollation[s.k - 1] <> a.attcollation
                                   AND cn.nspname <> 'pg_catalog')
                   THEN 'a key''s COLLATE of a schema other than pg_catalog is imported by its name only' END, 'approximated'),
             (CASE WHEN ic.reloptions IS NOT NULL THEN 'storage parameters (' || array_to_string(ic.reloptions, ', ') || ') are not imported' END, 'approximated'),
             (CASE WHEN NOT i.indisvalid THEN 'is invalid (a failed concurrent build): imported as a valid index' END, 'approximated'),
             (CASE WHEN d.description IS NOT NULL THEN 'its comment is not imported (the model has no index comments)' END, 'approximated')
           ) v(issue, handling)
          WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1) AND issue IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))",
    ),
    (
        "tables",
        "SELECT CASE c.relkind WHEN 'v' THEN 'view' ELSE 'table' END, n.nspname || '.' || c.relname, issue, 'approximated'
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           CROSS JOIN LATERAL (VALUES
             (CASE WHEN c.relpersistence = 'u' THEN 'is UNLOGGED: imported as a logged table' END),
             (CASE WHEN c.relkind IN ('r', 'p') AND c.reloptions IS NOT NULL
                   THEN 'storage parameters (' || array_to_string(c.reloptions, ', ') || ') are not imported' END),
             (CASE WHEN c.reloftype <> 0 THEN 'is a typed table (OF ' || format_type(c.reloftype, NULL) || '): imported as a plain table' END),
             (CASE WHEN c.relkind = 'v' AND EXISTS (SELECT 1 FROM unnest(c.reloptions) o WHERE o NOT LIKE 'security_invoker=%')
                   THEN 'options (' || array_to_string(c.reloptions, ', ') || ') other than security_invoker are not imported' END),
             (CASE WHEN c.relkind = 'v' AND EXISTS (SELECT 1 FROM pg_description d WHERE d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid > 0)
                   THEN 'column comments are not imported (the model has no view column comments)' END)
           ) v(issue)
          WHERE c.relkind IN ('r', 'p', 'v') AND NOT c.relispartition AND n.nspname = ANY($1) AND issue IS NOT NULL",
    ),
    (
        "columns",
        // Column collations are imported by name, as the model holds those of pg_catalog
        // (like a domain's): one of another schema is named here.
        "SELECT 'column', n.nspname || '.' || c.relname || '.' || a.attname,
                'COLLATE ' || quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                  || ' is imported by its name only (the model names collations of pg_catalog)',
                'approximated'
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_type t ON t.oid = a.atttypid JOIN pg_collation co ON co.oid = a.attcollation
           JOIN pg_namespace cn ON cn.oid = co.collnamespace
          WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1)
            AND a.attnum > 0 AND NOT a.attisdropped AND a.attcollation <> t.typcollation
            AND cn.nspname <> 'pg_catalog'",
    ),
    (
        "privileges",
        "SELECT 'privileges', s.nspname,
                count(*) || ' object(s) carry GRANTs (' || string_agg(o.what, ', ' ORDER BY o.what) || '): privileges are not imported; declare roles and grants in the definitions',
                'not_imported'
           FROM pg_namespace s JOIN LATERAL (
                  -- initdb grants on public; only other schemas' grants are the database's own.
                  SELECT 'schema ' || s.nspname AS what WHERE s.nspacl IS NOT NULL AND s.nspname <> 'public'
                  UNION ALL SELECT c.relname FROM pg_class c WHERE c.relnamespace = s.oid AND c.relacl IS NOT NULL
                  UNION ALL SELECT p.proname || '()' FROM pg_proc p WHERE p.pronamespace = s.oid AND p.proacl IS NOT NULL
                  UNION ALL SELECT 'type ' || t.typname FROM pg_type t WHERE t.typnamespace = s.oid AND t.typacl IS NOT NULL
                ) o ON true
          WHERE s.nspname = ANY($1)
          GROUP BY s.nspname
         UNION ALL
         SELECT 'default privileges', COALESCE(s.nspname, '(all schemas)'),
                'ALTER DEFAULT PRIVILEGES is not imported', 'not_imported'
           FROM pg_default_acl d LEFT JOIN pg_namespace s ON s.oid = d.defaclnamespace
          WHERE s.nspname = ANY($1) OR d.defaclnamespace = 0",
    ),
    (
        "other objects",
        concat!(
            "SELECT kind, name, 'not imported: the model has no ' || kind || 's', 'not_imported' FROM (
               SELECT 'collation' AS kind, n.nspname || '.' || o.collname AS name, n.nspname AS schema
                 FROM pg_collation o JOIN pg_namespace n ON n.oid = o.collnamespace WHERE ",
            not_ext!("pg_collation", "o.oid"),
            " UNION ALL SELECT 'operator', n.nspname || '.' || o.oprname || '(' || format_type(o.oprleft, NULL) || ', ' || format_type(o.oprright, NULL) || ')', n.nspname
                 FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace WHERE ",
            not_ext!("pg_operator", "o.oid"),
            " UNION ALL SELECT 'operator class', n.nspname || '.' || o.opcname, n.nspname
                 FROM pg_opclass o JOIN pg_namespace n ON n.oid = o.opcnamespace WHERE ",
            not_ext!("pg_opclass", "o.oid"),
            " UNION ALL SELECT 'text search configuration', n.nspname || '.' || o.cfgname, n.nspname
                 FROM pg_ts_config o JOIN pg_namespace n ON n.oid = o.cfgnamespace WHERE ",
            not_ext!("pg_ts_config", "o.oid"),
            " UNION ALL SELECT 'text search dictionary', n.nspname || '.' || o.dictname, n.nspname
                 FROM pg_ts_dict o JOIN pg_namespace n ON n.oid = o.dictnamespace WHERE ",
            not_ext!("pg_ts_dict", "o.oid"),
            " UNION ALL SELECT 'statistics object', n.nspname || '.' || o.stxname, n.nspname
                 FROM pg_statistic_ext o JOIN pg_namespace n ON n.oid = o.stxnamespace
               UNION ALL SELECT 'conversion', n.nspname || '.' || o.conname, n.nspname
                 FROM pg_conversion o JOIN pg_namespace n ON n.oid = o.connamespace WHERE ",
            not_ext!("pg_conversion", "o.oid"),
            ") x WHERE schema = ANY($1)"
        ),
    ),
    (
        "extensions",
        "SELECT 'extension', e.extname::text,
                'is installed in schema ' || n.nspname || ': the model records extensions by name only, so a baseline creates it in the first schema of search_path',
                'approximated'
           FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
          WHERE e.extname <> 'plpgsql' AND n.nspname NOT IN ('public', 'pg_catalog')",
    ),
];

/// Every object of `schemas` (and every database-wide object) the model cannot hold,
/// sorted by handling (what blocks introspection first), kind and name.
pub fn unsupported(client: &mut Client, schemas: &[&str]) -> Result<Vec<Unsupported>, Error> {
    client
        .batch_execute("SET search_path = pg_catalog")
        .map_err(db_error("set search_path"))?;
    let schemas: Vec<String> = schemas.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    for (what, sql) in QUERIES {
        // Some queries take no parameter (database-wide objects).
        let rows = if sql.contains("$1") {
            client.query(*sql, &[&schemas])
        } else {
            client.query(*sql, &[])
        }
        .map_err(db_error(format!("find unsupported {what}")))?;
        for row in rows {
            let text = |i: usize| row.get::<_, Option<String>>(i).unwrap_or_default();
            out.push(Unsupported {
                kind: text(0),
                name: text(1),
                detail: text(2),
                handling: Handling::parse(&text(3)),
            });
            debug_assert!(
                out.last().is_some_and(|u| !u.detail.is_empty()),
                "the {what} query gave an empty detail for {}",
                out.last().map(|u| u.name.as_str()).unwrap_or_default()
            );
        }
    }
    out.extend(column_types(client, &schemas)?);
    out.sort_by_key(|u| {
        let blocks_first = u.handling != Handling::Blocks;
        (
            blocks_first,
            u.kind.clone(),
            u.name.clone(),
            u.detail.clone(),
        )
    });
    out.dedup();
    Ok(out)
}

/// Column (and composite type attribute) types introspection cannot read (the model has no
/// form for them), and columns whose type is a user type other than an enum, domain or
/// composite type of the imported schemas.
fn column_types(client: &mut Client, schemas: &[String]) -> Result<Vec<Unsupported>, Error> {
    let rows = client
        .query(
            "SELECT n.nspname || '.' || c.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod),
                    et.typtype::text, etn.nspname::text,
                    EXISTS (SELECT 1 FROM pg_depend xd WHERE xd.classid = 'pg_type'::regclass
                               AND xd.objid = et.oid AND xd.deptype = 'e'),
                    c.relkind = 'c',
                    -- A composite type of its own, not a table's row type.
                    COALESCE((SELECT r.relkind = 'c' FROM pg_class r WHERE r.oid = et.typrelid), false)
               FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
               JOIN pg_type t ON t.oid = a.atttypid
               JOIN pg_type et ON et.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END
               JOIN pg_namespace etn ON etn.oid = et.typnamespace
              WHERE c.relkind IN ('r', 'p', 'c') AND NOT c.relispartition AND n.nspname = ANY($1)
                AND a.attnum > 0 AND NOT a.attisdropped",
            &[&schemas],
        )
        .map_err(db_error("find unsupported column types"))?;
    let mut out = Vec::new();
    for row in rows {
        let (column, ty, typtype, type_schema): (String, String, String, String) =
            (row.get(0), row.get(1), row.get(2), row.get(3));
        let of_composite: bool = row.get(5);
        let standalone_composite: bool = row.get(6);
        let finding = |detail: String, handling| Unsupported {
            kind: if of_composite {
                "composite type attribute"
            } else {
                "column"
            }
            .into(),
            name: column.clone(),
            detail,
            handling,
        };
        if let Err(e) = ColumnType::parse(&ty) {
            out.push(finding(
                format!(
                    "type {ty} has no form in the model ({}), so introspection cannot read this schema: change the {}'s type, or leave the schema out with --schemas",
                    e.reason,
                    if of_composite { "attribute" } else { "column" }
                ),
                Handling::Blocks,
            ));
            continue;
        }
        let system = matches!(type_schema.as_str(), "pg_catalog" | "information_schema");
        // An extension's types are named as the database names them (extension_types).
        let extension_type: bool = row.get(4);
        if system || extension_type {
            continue;
        }
        let supported =
            typtype == "e" || typtype == "d" || (typtype == "c" && standalone_composite);
        if !supported {
            let what = match typtype.as_str() {
                "c" => "a table's row type",
                "r" | "m" => "a range type",
                _ => "a type that is not an enum (an extension's type?)",
            };
            out.push(finding(
                format!(
                    "type {ty} is {what}, which the model cannot hold: imported as sql_type = \"{ty}\", which the model builder refuses until the column gets a supported type"
                ),
                Handling::Approximated,
            ));
        } else if !schemas.contains(&type_schema) {
            out.push(finding(
                format!(
                    "{} {ty} belongs to schema {type_schema}, which is not imported: add it to --schemas",
                    match typtype.as_str() {
                        "d" => "domain",
                        "c" => "composite type",
                        _ => "enum type",
                    }
                ),
                Handling::Approximated,
            ));
        }
    }
    Ok(out)
}
