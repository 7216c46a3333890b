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
use std::collections::HashMap;

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
    // Every table and view gets a probe in pg_temp, all created by one script and read back
    // by one query per kind: a round trip per expression made this the slowest part of a
    // comparison (drift, gen-migration's proof).
    let mut probes = Probes::default();
    for (n, t) in m.tables.iter_mut().enumerate() {
        t.origin = Origin::default();
        t.tenant_scoped = false;
        t.compliance = false;
        // Rows are data: the catalog does not hold them.
        t.rows.clear();
        let tmp = table_probe(n);
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
        probes.push(
            &context,
            format!("CREATE TEMP TABLE {tmp} ({columns}) ON COMMIT DROP"),
        );
        for (k, c) in t.columns.iter_mut().enumerate() {
            c.rust_field = None;
            // Only the diff reads it; the catalog has no such thing.
            c.backfill = None;
            // A collation that is the type's own is not the column's (introspection reads
            // none): `default` for a built-in type, a domain's (or its base domain's).
            if c.collation.as_deref() == Some("default")
                || c.collation.is_some() && c.collation == domain_collation(model, &c.ty)
            {
                c.collation = None;
            }
            if let Some(d) = &c.default {
                probes.push(
                    &format!("{context}: default of {}", c.name),
                    format!(
                        "ALTER TABLE {tmp} ALTER COLUMN {} SET DEFAULT {}",
                        ident(&c.name),
                        hims_render::sql::default_value(d)
                    ),
                );
            }
            if let Some(g) = &c.generated {
                probes.push(
                    &format!("{context}: generated {}", c.name),
                    format!(
                        "ALTER TABLE {tmp} ADD COLUMN {} {} GENERATED ALWAYS AS ({g}) STORED",
                        generated_probe(k),
                        type_name(&c.ty)
                    ),
                );
            }
        }
        for ch in &t.checks {
            probes.push(
                &format!("{context}: check {}", ch.name),
                format!(
                    "ALTER TABLE {tmp} ADD CONSTRAINT {} CHECK ({})",
                    ident(&ch.name),
                    ch.expr
                ),
            );
        }
        for x in &t.exclusions {
            probes.push(
                &format!("{context}: exclusion {}", x.name),
                format!(
                    "ALTER TABLE {tmp} ADD CONSTRAINT {} {}",
                    ident(&x.name),
                    hims_render::exclusion_body(x)
                ),
            );
        }
        index_probes(&mut probes, &tmp, &context, &t.indexes);
        if !t.policies.is_empty() {
            probes.push(
                &context,
                format!("ALTER TABLE {tmp} ENABLE ROW LEVEL SECURITY"),
            );
        }
        for p in &t.policies {
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
            probes.push(&format!("{context}: policy {}", p.name), sql);
        }
    }
    for f in &mut m.functions {
        f.origin = Origin::default();
        f.depends_on.clear();
        f.body = f.body.trim_matches('\n').to_string();
    }
    normalize_function_types(&mut tx, &mut m.functions)?;
    for a in &mut m.aggregates {
        a.origin = Origin::default();
        // As pg_aggregate's types read back: format_type() of each.
        let mut types = vec![a.stype.clone()];
        types.extend(a.args.iter().cloned());
        let row = tx
            .query_one(
                "SELECT ARRAY(SELECT format_type(t::regtype, NULL) FROM unnest($1::text[]) WITH ORDINALITY u(t, o) ORDER BY o)",
                &[&types],
            )
            .map_err(db_error(format!("normalize the types of aggregate {}", a.signature())))?;
        let mut types: Vec<String> = row.get(0);
        a.stype = types.remove(0);
        a.args = types;
    }
    for (n, v) in m.views.iter_mut().enumerate() {
        v.origin = Origin::default();
        v.depends_on.clear();
        let tmp = view_probe(n);
        let context = format!("normalize view {}", qualified(&v.schema, &v.name));
        probes.push(
            &context,
            format!(
                "CREATE TEMP VIEW {tmp} AS {}",
                v.query.trim().trim_end_matches(';')
            ),
        );
        if let Some(mv) = &v.materialized {
            // A temp table of the query's columns carries the probe indexes.
            let table = view_rows_probe(&tmp);
            probes.push(
                &context,
                format!("CREATE TEMP TABLE {table} AS SELECT * FROM {tmp} WITH NO DATA"),
            );
            index_probes(&mut probes, &table, &context, &mv.indexes);
        }
    }
    probes.run(&mut tx)?;
    let spelled = Spelled::read(&mut tx)?;
    for (n, t) in m.tables.iter_mut().enumerate() {
        let tmp = table_probe(n);
        let context = format!("normalize {}", t.qualified_name());
        for (k, c) in t.columns.iter_mut().enumerate() {
            if c.default.is_some() {
                let expr = spelled.default_of(&tmp, &c.name, &context)?;
                c.default = Some(DefaultValue::Sql(expr));
            }
            if c.generated.is_some() {
                c.generated = Some(spelled.default_of(&tmp, &generated_probe(k), &context)?);
            }
        }
        for ch in &mut t.checks {
            ch.expr = spelled.get(&spelled.checks, &tmp, &ch.name, &context, "check")?;
        }
        if !t.exclusions.is_empty() {
            t.exclusions = spelled.exclusions.get(&tmp).cloned().unwrap_or_default();
        }
        spelled.indexes(&tmp, &context, &mut t.indexes)?;
        for p in &mut t.policies {
            let (using, with_check) =
                spelled.get(&spelled.policies, &tmp, &p.name, &context, "policy")?;
            p.using = using;
            p.with_check = with_check;
        }
    }
    for (n, v) in m.views.iter_mut().enumerate() {
        let tmp = view_probe(n);
        let context = format!("normalize view {}", qualified(&v.schema, &v.name));
        v.query = spelled.get(&spelled.views, &tmp, "", &context, "view")?;
        if let Some(mv) = &mut v.materialized {
            spelled.indexes(&view_rows_probe(&tmp), &context, &mut mv.indexes)?;
        }
    }
    tx.rollback().map_err(db_error("rollback"))?;
    m.canonicalize();
    Ok(m)
}

/// Probe names, the same where a probe is created and where it is read back (all match
/// `hims\_normalize\_%`, which [`Spelled::read`] selects by).
fn table_probe(n: usize) -> String {
    format!("hims_normalize_{n}")
}

fn view_probe(n: usize) -> String {
    format!("hims_normalize_view_{n}")
}

/// The temp table of a materialized view's columns, which carries its probe indexes.
fn view_rows_probe(view_probe: &str) -> String {
    format!("{view_probe}_rows")
}

/// The name of the probe column of a table's `k`-th column's generation expression.
fn generated_probe(k: usize) -> String {
    format!("hims_generated_{k}")
}

/// Statements creating the probes, each with what it normalizes (for the error).
#[derive(Default)]
struct Probes(Vec<(String, String)>);

impl Probes {
    fn push(&mut self, context: &str, sql: String) {
        self.0.push((context.to_string(), sql));
    }

    /// All at once; when that fails, one by one (under a savepoint) to name the statement
    /// at fault.
    fn run(&self, tx: &mut postgres::Transaction) -> Result<(), Error> {
        let script: String = self.0.iter().map(|(_, sql)| format!("{sql};\n")).collect();
        let mut all = tx.transaction().map_err(db_error("savepoint"))?;
        if all.batch_execute(&script).is_ok() {
            return all.commit().map_err(db_error("release savepoint"));
        }
        all.rollback().map_err(db_error("rollback to savepoint"))?;
        for (context, sql) in &self.0 {
            tx.batch_execute(sql).map_err(db_error(context))?;
        }
        // The script failed, but no statement alone did: report the script's error.
        tx.batch_execute(&script).map_err(db_error("normalize"))
    }
}

/// What the server made of the probes, by probe relation (and object) name.
#[derive(Default)]
struct Spelled {
    /// (relation, column) → `pg_get_expr` of its default (or generation expression).
    defaults: HashMap<(String, String), String>,
    checks: HashMap<(String, String), String>,
    policies: HashMap<(String, String), (Option<String>, Option<String>)>,
    /// (relation, "") → `pg_get_viewdef`.
    views: HashMap<(String, String), String>,
    /// (relation, probe index) → (predicate, each key as `pg_get_indexdef` prints it).
    index_probes: HashMap<(String, String), (Option<String>, Vec<String>)>,
    exclusions: HashMap<String, Vec<hims_model::Exclusion>>,
}

impl Spelled {
    fn read(tx: &mut postgres::Transaction) -> Result<Spelled, Error> {
        let mut s = Spelled::default();
        // The probes are the only relations of this session's temporary schema.
        let temp = "c.relnamespace = pg_my_temp_schema() AND c.relname LIKE 'hims\\_normalize\\_%'";
        let query = |tx: &mut postgres::Transaction, what: &str, sql: String| {
            tx.query(&sql, &[])
                .map_err(db_error(format!("normalize: read {what}")))
        };
        for row in query(
            tx,
            "defaults",
            format!(
                "SELECT c.relname::text, a.attname::text, pg_get_expr(d.adbin, d.adrelid)
                   FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
                   JOIN pg_class c ON c.oid = d.adrelid WHERE {temp}"
            ),
        )? {
            s.defaults.insert((row.get(0), row.get(1)), row.get(2));
        }
        for row in query(
            tx,
            "checks",
            format!(
                "SELECT c.relname::text, con.conname::text, pg_get_expr(con.conbin, con.conrelid)
                   FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
                  WHERE con.contype = 'c' AND {temp}"
            ),
        )? {
            s.checks.insert((row.get(0), row.get(1)), row.get(2));
        }
        for row in query(
            tx,
            "policies",
            format!(
                "SELECT c.relname::text, p.polname::text, pg_get_expr(p.polqual, p.polrelid),
                        pg_get_expr(p.polwithcheck, p.polrelid)
                   FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE {temp}"
            ),
        )? {
            s.policies
                .insert((row.get(0), row.get(1)), (row.get(2), row.get(3)));
        }
        for row in query(
            tx,
            "views",
            format!(
                "SELECT c.relname::text, pg_get_viewdef(c.oid, true) FROM pg_class c
                  WHERE c.relkind = 'v' AND {temp}"
            ),
        )? {
            s.views.insert((row.get(0), String::new()), row.get(1));
        }
        for row in query(
            tx,
            "indexes",
            format!(
                "SELECT c.relname::text, x.relname::text, pg_get_expr(i.indpred, i.indrelid, true),
                        ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)
                                FROM generate_series(1, i.indnkeyatts) k ORDER BY k)
                   FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
                  WHERE x.relname LIKE '%\\_probe\\_%' AND {temp}
                    AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
            ),
        )? {
            let (table, probe): (String, String) = (row.get(0), row.get(1));
            s.index_probes
                .insert((table, probe), (row.get(2), row.get(3)));
        }
        let relations: Vec<(u32, String)> = query(
            tx,
            "exclusions",
            format!(
                "SELECT DISTINCT c.oid, c.relname::text FROM pg_constraint con
                   JOIN pg_class c ON c.oid = con.conrelid WHERE con.contype = 'x' AND {temp}"
            ),
        )?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
        if !relations.is_empty() {
            let oids: Vec<u32> = relations.iter().map(|(o, _)| *o).collect();
            for row in tx
                .query(crate::introspect::EXCLUSIONS_SQL, &[&oids])
                .map_err(db_error("normalize: read exclusions"))?
            {
                let oid: u32 = row.get(0);
                if let Some((_, name)) = relations.iter().find(|(o, _)| *o == oid) {
                    s.exclusions
                        .entry(name.clone())
                        .or_default()
                        .push(crate::introspect::exclusion_from_row(&row));
                }
            }
        }
        Ok(s)
    }

    fn get<T: Clone>(
        &self,
        map: &HashMap<(String, String), T>,
        relation: &str,
        name: &str,
        context: &str,
        what: &str,
    ) -> Result<T, Error> {
        map.get(&(relation.to_string(), name.to_string()))
            .cloned()
            .ok_or_else(|| Error::Database {
                context: context.to_string(),
                message: format!("the {what} {name} was not found on its probe"),
            })
    }

    fn default_of(&self, relation: &str, column: &str, context: &str) -> Result<String, Error> {
        self.get(&self.defaults, relation, column, context, "default of")
    }

    /// Index predicates and expression keys as the server spelled them on the probes.
    fn indexes(
        &self,
        relation: &str,
        context: &str,
        indexes: &mut [hims_model::Index],
    ) -> Result<(), Error> {
        for (k, idx) in indexes.iter_mut().enumerate() {
            if !needs_probe(idx) {
                continue;
            }
            let (predicate, keys) = self.get(
                &self.index_probes,
                relation,
                &index_probe(relation, k),
                context,
                &format!("index {}:", idx.name),
            )?;
            if idx.predicate.is_some() {
                idx.predicate = predicate;
            }
            for (pos, key) in idx.keys.iter_mut().enumerate() {
                if let hims_model::IndexKey::Expression(e) = key
                    && let Some(spelled) = keys.get(pos)
                {
                    *e = spelled.clone();
                }
            }
        }
        Ok(())
    }
}

/// An index whose predicate or expression keys the server must spell.
fn needs_probe(idx: &hims_model::Index) -> bool {
    idx.predicate.is_some()
        || idx
            .keys
            .iter()
            .any(|k| matches!(k, hims_model::IndexKey::Expression(_)))
}

fn index_probe(relation: &str, k: usize) -> String {
    format!("{relation}_probe_{k}")
}

/// Probe indexes on the temp table `tmp` (which has the indexed relation's columns) for
/// the indexes with a predicate or expression keys.
fn index_probes(probes: &mut Probes, tmp: &str, context: &str, indexes: &[hims_model::Index]) {
    for (k, idx) in indexes.iter().enumerate() {
        if !needs_probe(idx) {
            continue;
        }
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
        probes.push(
            &format!("{context}: index {}", idx.name),
            format!(
                "CREATE INDEX {} ON {tmp} ({keys}){predicate}",
                index_probe(tmp, k)
            ),
        );
    }
}

/// Argument and result types of every function as `format_type` prints them (`text`,
/// `core.sequence_kind`, `SETOF x`), in one query; when it fails, type by type to name the
/// one at fault.
fn normalize_function_types(
    tx: &mut postgres::Transaction,
    functions: &mut [hims_model::Function],
) -> Result<(), Error> {
    let split = |ty: &str| -> (&'static str, String) {
        match ty
            .strip_prefix("setof ")
            .or_else(|| ty.strip_prefix("SETOF "))
        {
            Some(rest) => ("SETOF ", rest.to_string()),
            None => ("", ty.to_string()),
        }
    };
    let mut bases: Vec<String> = functions
        .iter()
        .flat_map(|f| {
            // A procedure has no result.
            std::iter::once(&f.returns)
                .filter(|r| !r.is_empty())
                .chain(f.args.iter().map(|a| &a.ty))
        })
        .map(|ty| split(ty).1)
        .filter(|b| b != "trigger" && b != "void")
        .collect();
    bases.sort();
    bases.dedup();
    let sql = "SELECT b, format_type(b::regtype, NULL) FROM unnest($1::text[]) b";
    let mut all = tx.transaction().map_err(db_error("savepoint"))?;
    let rows = match all.query(sql, &[&bases]) {
        Ok(rows) => {
            all.commit().map_err(db_error("release savepoint"))?;
            rows
        }
        Err(_) => {
            all.rollback().map_err(db_error("rollback to savepoint"))?;
            for b in &bases {
                tx.query(sql, &[&vec![b.clone()]])
                    .map_err(db_error(format!("normalize type {b}")))?;
            }
            tx.query(sql, &[&bases])
                .map_err(db_error("normalize types"))?
        }
    };
    let spelled: HashMap<String, String> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let respell = |ty: &mut String| {
        let (prefix, base) = split(ty);
        if let Some(s) = spelled.get(&base) {
            *ty = format!("{prefix}{s}");
        }
    };
    for f in functions {
        if !f.returns.is_empty() {
            respell(&mut f.returns);
        }
        for a in &mut f.args {
            respell(&mut a.ty);
        }
    }
    Ok(())
}

/// The collation a domain type (or an array of one) gives its columns: its own, or that of
/// the domain it is over.
fn domain_collation(model: &Model, ty: &hims_model::ColumnType) -> Option<String> {
    model
        .domain_chain(ty)
        .into_iter()
        .find_map(|d| d.collation.clone())
}
