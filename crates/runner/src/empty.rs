//! Whether a database without history is empty enough for a baseline migration.

use crate::Config;
use crate::error::{Error, db};
use postgres::Client;

/// Objects that make the database "not empty", at most 20 named, and their total.
///
/// Looked at: every schema named in `config.schemas`, or when that is empty every schema
/// except `pg_catalog`, `information_schema`, `pg_toast*` and `pg_temp*`. In those:
/// relations (tables, views, materialized views, sequences, indexes, foreign tables,
/// composite types), other types (enums, domains, ranges, base types; not the array and
/// multirange types PostgreSQL creates by itself), functions/procedures/aggregates,
/// operators, collations, conversions, text-search configurations and dictionaries,
/// extended statistics. With the default (all schemas) any schema other than `public` and
/// the history schema counts as an object too. Not counted: members of extensions (an
/// extension the DBA installed beforehand), and the history table itself with its indexes.
pub(crate) fn non_empty_objects(
    client: &mut Client,
    config: &Config,
) -> Result<(Vec<String>, i64), Error> {
    const SQL: &str = r#"
WITH n AS (
    SELECT oid, nspname FROM pg_catalog.pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema')
      AND nspname !~ '^pg_(toast|temp_)'
      AND (cardinality($1::text[]) = 0 OR nspname = ANY ($1::text[]))
),
ext AS (SELECT classid, objid FROM pg_catalog.pg_depend WHERE deptype = 'e'),
hist AS (
    SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace hn ON hn.oid = c.relnamespace
    WHERE hn.nspname = $2 AND c.relname = $3
),
objects AS (
    SELECT 1 AS o, 'schema ' || quote_ident(n.nspname) AS what FROM n
    WHERE cardinality($1::text[]) = 0 AND n.nspname NOT IN ('public', $2)
      AND (n.oid, 'pg_catalog.pg_namespace'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 2, CASE c.relkind WHEN 'r' THEN 'table ' WHEN 'p' THEN 'table ' WHEN 'v' THEN 'view '
                  WHEN 'm' THEN 'materialized view ' WHEN 'S' THEN 'sequence ' WHEN 'i' THEN 'index '
                  WHEN 'I' THEN 'index ' WHEN 'f' THEN 'foreign table ' WHEN 'c' THEN 'type '
                  ELSE 'relation ' END || quote_ident(n.nspname) || '.' || quote_ident(c.relname)
    FROM pg_catalog.pg_class c JOIN n ON n.oid = c.relnamespace
    WHERE c.oid NOT IN (SELECT oid FROM hist)
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index x WHERE x.indexrelid = c.oid AND x.indrelid IN (SELECT oid FROM hist))
      AND (c.oid, 'pg_catalog.pg_class'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 3, 'type ' || quote_ident(n.nspname) || '.' || quote_ident(t.typname)
    FROM pg_catalog.pg_type t JOIN n ON n.oid = t.typnamespace
    WHERE t.typrelid = 0 AND t.typcategory <> 'A' AND t.typtype <> 'm'
      AND (t.oid, 'pg_catalog.pg_type'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 4, CASE p.prokind WHEN 'p' THEN 'procedure ' WHEN 'a' THEN 'aggregate ' ELSE 'function ' END
              || quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'
    FROM pg_catalog.pg_proc p JOIN n ON n.oid = p.pronamespace
    WHERE (p.oid, 'pg_catalog.pg_proc'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 5, 'operator ' || quote_ident(n.nspname) || '.' || o.oprname
    FROM pg_catalog.pg_operator o JOIN n ON n.oid = o.oprnamespace
    WHERE (o.oid, 'pg_catalog.pg_operator'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 6, 'collation ' || quote_ident(n.nspname) || '.' || quote_ident(c.collname)
    FROM pg_catalog.pg_collation c JOIN n ON n.oid = c.collnamespace
    WHERE (c.oid, 'pg_catalog.pg_collation'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 7, 'conversion ' || quote_ident(n.nspname) || '.' || quote_ident(c.conname)
    FROM pg_catalog.pg_conversion c JOIN n ON n.oid = c.connamespace
    WHERE (c.oid, 'pg_catalog.pg_conversion'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 8, 'text search configuration ' || quote_ident(n.nspname) || '.' || quote_ident(c.cfgname)
    FROM pg_catalog.pg_ts_config c JOIN n ON n.oid = c.cfgnamespace
    WHERE (c.oid, 'pg_catalog.pg_ts_config'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 9, 'text search dictionary ' || quote_ident(n.nspname) || '.' || quote_ident(d.dictname)
    FROM pg_catalog.pg_ts_dict d JOIN n ON n.oid = d.dictnamespace
    WHERE (d.oid, 'pg_catalog.pg_ts_dict'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 10, 'statistics ' || quote_ident(n.nspname) || '.' || quote_ident(s.stxname)
    FROM pg_catalog.pg_statistic_ext s JOIN n ON n.oid = s.stxnamespace
    WHERE (s.oid, 'pg_catalog.pg_statistic_ext'::regclass) NOT IN (SELECT objid, classid FROM ext)
)
SELECT what, count(*) OVER () FROM objects ORDER BY o, what LIMIT 20
"#;
    let rows = client
        .query(SQL, &[&config.schemas, &config.schema, &config.table])
        .map_err(db("check whether the database is empty"))?;
    let total = rows.first().map_or(0, |r| r.get::<_, i64>(1));
    Ok((rows.iter().map(|r| r.get(0)).collect(), total))
}
