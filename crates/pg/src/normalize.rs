//! Make a model comparable with an introspected database by asking the server to spell
//! every SQL expression of the model the way the catalog prints it: each expression is
//! attached to a temporary copy of its table (in a transaction that is rolled back) and read
//! back with the same `pg_get_expr` / `pg_get_viewdef` calls introspection uses.
//!
//! Roles, grants, `depends_on` and Rust origins are not stored in the catalog the way the
//! model holds them, so they are cleared here.

use crate::{Error, db_error};
use hims_model::{DefaultValue, Model, Origin};
use hims_render::sql::{ident, literal, qualified, type_name};
use postgres::Client;

/// A copy of `model` whose expressions are spelled by the connected server.
pub fn normalize(client: &mut Client, model: &Model) -> Result<Model, Error> {
    let mut m = model.clone();
    m.roles.clear();
    m.grants.clear();
    let mut tx = client.transaction().map_err(db_error("begin"))?;
    tx.batch_execute("SET LOCAL search_path = pg_catalog")
        .map_err(db_error("set search_path"))?;
    for s in &mut m.schemas {
        s.origin = Origin::default();
    }
    for e in &mut m.enums {
        e.origin = Origin::default();
    }
    for c in &mut m.composites {
        c.origin = Origin::default();
    }
    for (n, d) in m.domains.iter_mut().enumerate() {
        d.origin = Origin::default();
        // A domain over a domain takes its base's default when it has none of its own.
        if d.default.is_none() && d.checks.is_empty() && d.base.enum_ref().is_none() {
            continue;
        }
        // A probe domain of the same base, default and checks, in pg_temp (rolled back).
        let probe = format!("hims_normalize_domain_{n}");
        let mut copy = d.clone();
        copy.schema = "pg_temp".into();
        copy.name = probe.clone();
        copy.not_null = false;
        copy.collation = None;
        let context = format!("normalize domain {}", qualified(&d.schema, &d.name));
        tx.batch_execute(&hims_render::create_domain(&copy))
            .map_err(db_error(&context))?;
        let probe = literal(&format!("pg_temp.{probe}"));
        let row = tx
            .query_one(
                &format!(
                    "SELECT pg_get_expr(typdefaultbin, 0) FROM pg_type WHERE oid = {probe}::regtype"
                ),
                &[],
            )
            .map_err(db_error(format!("{context}: default")))?;
        d.default = row.get(0);
        for ch in &mut d.checks {
            let row = tx
                .query_one(
                    &format!(
                        "SELECT pg_get_expr(conbin, 0) FROM pg_constraint WHERE contypid = {probe}::regtype AND conname = {}",
                        literal(&ch.name)
                    ),
                    &[],
                )
                .map_err(db_error(format!("{context}: check {}", ch.name)))?;
            ch.expr = row.get(0);
        }
    }
    for (n, t) in m.tables.iter_mut().enumerate() {
        t.origin = Origin::default();
        t.tenant_scoped = false;
        t.compliance = false;
        // Rows are data: the catalog does not hold them.
        t.rows.clear();
        let tmp = format!("hims_normalize_{n}");
        let context = format!("normalize {}", t.qualified_name());
        let columns = t
            .columns
            .iter()
            .map(|c| {
                // With its collation: an expression over the column is parsed as the table's.
                let collate = c
                    .collation
                    .as_ref()
                    .map(|co| format!(" COLLATE {}", ident(co)))
                    .unwrap_or_default();
                format!("{} {}{collate}", ident(&c.name), type_name(&c.ty))
            })
            .collect::<Vec<_>>()
            .join(", ");
        tx.batch_execute(&format!(
            "CREATE TEMP TABLE {tmp} ({columns}) ON COMMIT DROP"
        ))
        .map_err(db_error(&context))?;
        let expr_of =
            |tx: &mut postgres::Transaction, sql: &str, what: &str| -> Result<String, Error> {
                let row = tx
                    .query_one(sql, &[])
                    .map_err(db_error(format!("{context}: {what}")))?;
                Ok(row.get(0))
            };
        for c in &mut t.columns {
            c.rust_field = None;
            // Only the diff reads it; the catalog has no such thing.
            c.backfill = None;
            if let Some(d) = &c.default {
                let sql = hims_render::sql::default_value(d);
                tx.batch_execute(&format!(
                    "ALTER TABLE {tmp} ALTER COLUMN {} SET DEFAULT {sql}",
                    ident(&c.name)
                ))
                .map_err(db_error(format!("{context}: default of {}", c.name)))?;
                let spelled = expr_of(
                    &mut tx,
                    &format!(
                        "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = {}::regclass AND a.attname = {}",
                        literal(&tmp),
                        literal(&c.name)
                    ),
                    "default",
                )?;
                c.default = Some(DefaultValue::Sql(spelled));
            }
            if let Some(g) = &c.generated {
                let probe = format!("{}_generated", c.name);
                tx.batch_execute(&format!(
                    "ALTER TABLE {tmp} ADD COLUMN {} {} GENERATED ALWAYS AS ({g}) STORED",
                    ident(&probe),
                    type_name(&c.ty)
                ))
                .map_err(db_error(format!("{context}: generated {}", c.name)))?;
                c.generated = Some(expr_of(
                    &mut tx,
                    &format!(
                        "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = {}::regclass AND a.attname = {}",
                        literal(&tmp),
                        literal(&probe)
                    ),
                    "generated",
                )?);
            }
        }
        for ch in &mut t.checks {
            tx.batch_execute(&format!(
                "ALTER TABLE {tmp} ADD CONSTRAINT {} CHECK ({})",
                ident(&ch.name),
                ch.expr
            ))
            .map_err(db_error(format!("{context}: check {}", ch.name)))?;
            ch.expr = expr_of(
                &mut tx,
                &format!(
                    "SELECT pg_get_expr(conbin, conrelid) FROM pg_constraint WHERE conrelid = {}::regclass AND conname = {}",
                    literal(&tmp),
                    literal(&ch.name)
                ),
                "check",
            )?;
        }
        if !t.exclusions.is_empty() {
            for x in &t.exclusions {
                let sql = format!(
                    "ALTER TABLE {tmp} ADD CONSTRAINT {} {}",
                    ident(&x.name),
                    hims_render::exclusion_body(x)
                );
                tx.batch_execute(&sql)
                    .map_err(db_error(format!("{context}: exclusion {}", x.name)))?;
            }
            let oid: u32 = tx
                .query_one(&format!("SELECT {}::regclass::oid", literal(&tmp)), &[])
                .map_err(db_error(&context))?
                .get(0);
            let rows = tx
                .query(crate::introspect::EXCLUSIONS_SQL, &[&vec![oid]])
                .map_err(db_error(format!("{context}: exclusions")))?;
            t.exclusions = rows
                .iter()
                .map(crate::introspect::exclusion_from_row)
                .collect();
        }
        normalize_indexes(&mut tx, &tmp, &context, &mut t.indexes)?;
        if !t.policies.is_empty() {
            tx.batch_execute(&format!("ALTER TABLE {tmp} ENABLE ROW LEVEL SECURITY"))
                .map_err(db_error(&context))?;
        }
        for p in &mut t.policies {
            // Roles may not exist where we normalize; the probe policy is for PUBLIC.
            let mut sql = format!(
                "CREATE POLICY {} ON {tmp} FOR {}",
                ident(&p.name),
                p.command.sql()
            );
            if let Some(u) = &p.using {
                sql.push_str(&format!(" USING ({u})"));
            }
            if let Some(c) = &p.with_check {
                sql.push_str(&format!(" WITH CHECK ({c})"));
            }
            tx.batch_execute(&sql)
                .map_err(db_error(format!("{context}: policy {}", p.name)))?;
            let row = tx
                .query_one(
                    &format!(
                        "SELECT pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid) FROM pg_policy WHERE polrelid = {}::regclass AND polname = {}",
                        literal(&tmp),
                        literal(&p.name)
                    ),
                    &[],
                )
                .map_err(db_error(format!("{context}: policy {}", p.name)))?;
            p.using = row.get(0);
            p.with_check = row.get(1);
        }
    }
    for f in &mut m.functions {
        f.origin = Origin::default();
        f.depends_on.clear();
        f.body = f.body.trim_matches('\n').to_string();
        if !f.returns.is_empty() {
            // A procedure has none.
            f.returns = normalize_type_text(&mut tx, &f.returns)?;
        }
        for a in &mut f.args {
            a.ty = normalize_type_text(&mut tx, &a.ty)?;
        }
    }
    for a in &mut m.aggregates {
        a.origin = Origin::default();
        a.stype = normalize_type_text(&mut tx, &a.stype)?;
        for ty in &mut a.args {
            *ty = normalize_type_text(&mut tx, ty)?;
        }
    }
    for (n, v) in m.views.iter_mut().enumerate() {
        v.origin = Origin::default();
        v.depends_on.clear();
        let tmp = format!("hims_normalize_view_{n}");
        tx.batch_execute(&format!(
            "CREATE TEMP VIEW {tmp} AS {}",
            v.query.trim().trim_end_matches(';')
        ))
        .map_err(db_error(format!(
            "normalize view {}",
            qualified(&v.schema, &v.name)
        )))?;
        let row = tx
            .query_one(
                &format!("SELECT pg_get_viewdef({}::regclass, true)", literal(&tmp)),
                &[],
            )
            .map_err(db_error("read view"))?;
        v.query = row.get(0);
        if let Some(mv) = &mut v.materialized {
            // A temp table of the query's columns carries the probe indexes.
            let table = format!("{tmp}_rows");
            tx.batch_execute(&format!(
                "CREATE TEMP TABLE {table} AS SELECT * FROM {tmp} WITH NO DATA"
            ))
            .map_err(db_error("normalize materialized view"))?;
            let context = format!("normalize {}", qualified(&v.schema, &v.name));
            normalize_indexes(&mut tx, &table, &context, &mut mv.indexes)?;
        }
    }
    tx.rollback().map_err(db_error("rollback"))?;
    m.canonicalize();
    Ok(m)
}

/// Index predicates and expression keys as the server spells them, through probe indexes
/// on the temp table `tmp` (which has the indexed relation's columns).
fn normalize_indexes(
    tx: &mut postgres::Transaction,
    tmp: &str,
    context: &str,
    indexes: &mut [hims_model::Index],
) -> Result<(), Error> {
    let expr_of =
        |tx: &mut postgres::Transaction, sql: &str, what: &str| -> Result<String, Error> {
            let row = tx
                .query_one(sql, &[])
                .map_err(db_error(format!("{context}: {what}")))?;
            Ok(row.get(0))
        };
    for (k, idx) in indexes.iter_mut().enumerate() {
        let has_expression = idx
            .keys
            .iter()
            .any(|k| matches!(k, hims_model::IndexKey::Expression(_)));
        if idx.predicate.is_none() && !has_expression {
            continue;
        }
        let probe = format!("{tmp}_idx_{k}");
        let keys = idx
            .keys
            .iter()
            .map(|key| match key {
                hims_model::IndexKey::Column { name, .. } => ident(name),
                hims_model::IndexKey::Expression(e) => format!("({e})"),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let predicate = idx
            .predicate
            .as_ref()
            .map(|p| format!(" WHERE {p}"))
            .unwrap_or_default();
        // btree probe: only the expression spelling matters here, not the method.
        tx.batch_execute(&format!(
            "CREATE INDEX {probe} ON {tmp} ({keys}){predicate}"
        ))
        .map_err(db_error(format!("{context}: index {}", idx.name)))?;
        if idx.predicate.is_some() {
            idx.predicate = Some(expr_of(
                tx,
                &format!(
                    "SELECT pg_get_expr(indpred, indrelid, true) FROM pg_index WHERE indexrelid = {}::regclass",
                    literal(&probe)
                ),
                "index predicate",
            )?);
        }
        for (pos, key) in idx.keys.iter_mut().enumerate() {
            if let hims_model::IndexKey::Expression(e) = key {
                *e = expr_of(
                    tx,
                    &format!(
                        "SELECT pg_get_indexdef({}::regclass, {}, true)",
                        literal(&probe),
                        pos + 1
                    ),
                    "index expression",
                )?;
            }
        }
    }
    Ok(())
}

/// `text`, `core.sequence_kind`, `setof x` as `format_type` prints them.
fn normalize_type_text(tx: &mut postgres::Transaction, ty: &str) -> Result<String, Error> {
    let (prefix, base) = match ty
        .strip_prefix("setof ")
        .or_else(|| ty.strip_prefix("SETOF "))
    {
        Some(rest) => ("SETOF ", rest),
        None => ("", ty),
    };
    if base == "trigger" || base == "void" {
        return Ok(format!("{prefix}{base}"));
    }
    let row = tx
        .query_one(
            &format!("SELECT format_type({}::regtype, NULL)", literal(base)),
            &[],
        )
        .map_err(db_error(format!("normalize type {ty}")))?;
    Ok(format!("{prefix}{}", row.get::<_, String>(0)))
}
