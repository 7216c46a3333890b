//! Rows for tests that change a schema under data: values generated from each column's
//! type (and, by retrying, its constraints), foreign keys pointing at rows that exist, and
//! a per-row digest to prove that a change keeps what it should.

use hims_model::{ColumnType, Model, QualifiedName, Table};
use hims_render::sql::{ident, literal, qname};
use postgres::Client;
use std::collections::{BTreeMap, BTreeSet};

/// A value of type `ty` for row `i` (SQL text); `None` when the test cannot make one.
pub fn sample_value(ty: &ColumnType, i: u64, model: &Model) -> Option<String> {
    use ColumnType as T;
    Some(match ty {
        T::SmallInt => format!("{}", i % 7 + 1),
        T::Integer | T::BigInt => format!("{}", i + 1),
        T::Real | T::DoublePrecision => format!("{}.5", i % 1000),
        T::Numeric(None) => format!("{}.25", i % 1000),
        T::Numeric(Some((p, s))) => {
            let digits = p.saturating_sub(*s).min(6) as u32;
            let int = if digits == 0 {
                0
            } else {
                i % 10u64.pow(digits)
            };
            format!("{int}::numeric")
        }
        T::Boolean => (if i.is_multiple_of(2) { "true" } else { "false" }).to_string(),
        T::Text => format!("'r{i}-' || substr(md5(random()::text), 1, 8)"),
        T::Varchar(n) => {
            let n = n.unwrap_or(40);
            format!("substr('r{i}-' || md5(random()::text), 1, {n})")
        }
        T::Char(n) => format!("lpad('{}', {n}, '0')", i % 10u64.pow((*n).min(9))),
        T::Uuid => "gen_random_uuid()".to_string(),
        T::Date => format!("current_date - {}", i % 3650),
        T::Time => format!("time '00:00' + interval '{} minutes'", i % 1440),
        T::Timestamp | T::Timestamptz => format!("now() - interval '{} minutes'", i % 100_000),
        T::Interval => format!("interval '{} minutes'", i % 10_000),
        T::Json | T::Jsonb => format!("'{{\"row\": {i}}}'"),
        T::Bytea => format!("'\\x{:02x}'::bytea", i % 256),
        T::Inet => format!("'10.{}.{}.1'::inet", (i / 256) % 256, i % 256),
        T::Enum { schema, name } if model.domain(schema, name).is_some() => {
            let d = model.domain(schema, name)?;
            format!(
                "({})::{}",
                sample_value(&d.base, i, model)?,
                qname(&QualifiedName::new(schema, name))
            )
        }
        T::Enum { schema, name } if model.composite(schema, name).is_some() => {
            // A row of the attributes' own sample values, cast to the type.
            let c = model.composite(schema, name)?;
            let values: Option<Vec<String>> = c
                .attributes
                .iter()
                .map(|a| sample_value(&a.ty, i, model))
                .collect();
            format!(
                "ROW({})::{}",
                values?.join(", "),
                qname(&QualifiedName::new(schema, name))
            )
        }
        T::Enum { schema, name } => {
            let e = model.enum_type(schema, name)?;
            let v = e.values.get(i as usize % e.values.len())?;
            format!(
                "{}::{}",
                literal(v),
                qname(&QualifiedName::new(schema, name))
            )
        }
        T::Array(inner) => {
            let v = sample_value(inner, i, model)?;
            format!("ARRAY[{v}]::{}", hims_render::sql::type_name(ty))
        }
        _ => return None,
    })
}

/// What the checks of a table say about one column: the regular expressions they match it
/// against (as generators), the string literals and the numbers they compare it with.
struct ColumnHints {
    patterns: Vec<proptest::string::RegexGeneratorStrategy<String>>,
    literals: Vec<String>,
    numbers: Vec<String>,
}

thread_local! {
    static HINTS: std::cell::RefCell<std::collections::HashMap<(QualifiedName, String), std::rc::Rc<ColumnHints>>> =
        Default::default();
}

fn hints(t: &Table, column: &str) -> std::rc::Rc<ColumnHints> {
    let key = (t.qualified_name(), column.to_string());
    if let Some(h) = HINTS.with(|c| c.borrow().get(&key).cloned()) {
        return h;
    }
    let word = regex::Regex::new(&format!(r"\b{}\b", regex::escape(column))).unwrap();
    let literal = regex::Regex::new(r"'((?:[^']|'')*)'").unwrap();
    let number = regex::Regex::new(r"(?:^|[^\w.])(\d+(?:\.\d+)?)\b").unwrap();
    // Also in the server's form: `((code)::text ~ '^[a-z]+$'::text)`.
    let matched = regex::Regex::new(&format!(
        r"\b{}\b[\w:)\s]*~\s*'((?:[^']|'')*)'",
        regex::escape(column)
    ))
    .unwrap();
    let mut h = ColumnHints {
        patterns: Vec::new(),
        literals: Vec::new(),
        numbers: Vec::new(),
    };
    for c in t.checks.iter().filter(|c| word.is_match(&c.expr)) {
        let patterns: Vec<String> = matched
            .captures_iter(&c.expr)
            .map(|m| m[1].replace("''", "'"))
            .collect();
        for p in &patterns {
            let p = p.trim_start_matches('^').trim_end_matches('$');
            if let Ok(strategy) = proptest::string::string_regex(p) {
                h.patterns.push(strategy);
            }
        }
        if patterns.is_empty() {
            h.literals.extend(
                literal
                    .captures_iter(&c.expr)
                    .map(|m| m[1].replace("''", "'")),
            );
        }
        h.numbers
            .extend(number.captures_iter(&c.expr).map(|m| m[1].to_string()));
    }
    h.numbers.sort();
    h.numbers.dedup();
    let h = std::rc::Rc::new(h);
    HINTS.with(|c| c.borrow_mut().insert(key, h.clone()));
    h
}

/// Text values the checks of `t` suggest for `column`: strings generated (seeded by `i`)
/// from the regular expressions they match it against, else the string literals they
/// compare it with.
fn suggested(t: &Table, column: &str, i: u64, max_len: usize) -> Vec<String> {
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let h = hints(t, column);
    let mut out = Vec::new();
    for strategy in &h.patterns {
        // Short enough for the column, no NUL (PostgreSQL text cannot hold it).
        for k in 0..40u64 {
            let mut seed = [0u8; 32];
            seed[..8].copy_from_slice(&i.to_le_bytes());
            seed[8..16].copy_from_slice(&k.to_le_bytes());
            let mut runner = TestRunner::new_with_rng(
                Config::default(),
                TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
            );
            if let Ok(tree) = strategy.new_tree(&mut runner) {
                let v = tree.current();
                if v.chars().count() <= max_len && !v.contains('\0') {
                    out.push(v);
                    break;
                }
            }
        }
    }
    if h.patterns.is_empty() {
        out.extend(h.literals.iter().cloned());
    }
    out
}

fn is_number(ty: &ColumnType) -> bool {
    use ColumnType as T;
    matches!(
        ty,
        T::SmallInt | T::Integer | T::BigInt | T::Real | T::DoublePrecision | T::Numeric(_)
    )
}

/// Numbers the checks of `t` that mention `column` contain (bounds, allowed values).
fn numbers(t: &Table, column: &str) -> Vec<String> {
    hints(t, column).numbers.clone()
}

/// Tables in foreign-key order (referenced first; cycles broken by name).
fn fk_order(model: &Model) -> Vec<&Table> {
    let mut remaining: Vec<&Table> = model.tables.iter().collect();
    remaining.sort_by_key(|t| t.qualified_name());
    let names: BTreeSet<QualifiedName> = remaining.iter().map(|t| t.qualified_name()).collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    while !remaining.is_empty() {
        let pos = remaining
            .iter()
            .position(|t| {
                t.foreign_keys.iter().all(|fk| {
                    fk.ref_table == t.qualified_name()
                        || !names.contains(&fk.ref_table)
                        || done.contains(&fk.ref_table)
                })
            })
            .unwrap_or(0);
        let t = remaining.remove(pos);
        done.insert(t.qualified_name());
        out.push(t);
    }
    out
}

/// How many rows each table got.
pub type Filled = BTreeMap<QualifiedName, usize>;

/// Insert up to `rows` rows into every table of `model` (which describes the database),
/// one statement per row in a savepoint: a row that violates a check or a key is retried
/// with other values, then skipped. Nullable columns get NULL on every third row; columns
/// with a default, generated and identity columns are left to the database. A foreign key
/// takes the key of a random existing row of the table it references (NULL when nullable
/// and that table is empty; the table is skipped otherwise). Triggers run (`app.tenant_id`
/// and `app.user_id` are set for them); row-level security is bypassed by the superuser
/// the tests connect as.
pub fn fill(client: &mut Client, model: &Model, rows: u64) -> Filled {
    fill_with(client, model, rows, &|_, _| false)
}

/// [`fill`], never writing NULL into the columns `no_null(table, column)` names (a change
/// about to make them NOT NULL).
pub fn fill_with(
    client: &mut Client,
    model: &Model,
    rows: u64,
    no_null: &dyn Fn(&QualifiedName, &str) -> bool,
) -> Filled {
    let mut filled = Filled::new();
    let mut tx = client.transaction().unwrap();
    tx.batch_execute(
        "SELECT set_config('app.user_id', gen_random_uuid()::text, true), \
                set_config('app.tenant_id', gen_random_uuid()::text, true)",
    )
    .unwrap();
    for t in fk_order(model) {
        let q = t.qualified_name();
        let mut ok = 0;
        for i in 0..rows {
            for attempt in 0..12u64 {
                let Some(sql) = insert_row(t, model, i * 7 + attempt * 1_000_003, &filled, no_null)
                else {
                    if std::env::var_os("HIMS_FILL_DEBUG").is_some() {
                        eprintln!("{q}: no row can be made");
                    }
                    break;
                };
                tx.batch_execute("SAVEPOINT fill_row").unwrap();
                match tx.execute(&sql, &[]) {
                    Ok(n) => {
                        tx.batch_execute("RELEASE SAVEPOINT fill_row").unwrap();
                        if n > 0 {
                            ok += 1;
                            break;
                        }
                        if std::env::var_os("HIMS_FILL_DEBUG").is_some() {
                            eprintln!("{q}: no row inserted\n  {sql}");
                        }
                    }
                    Err(e) => {
                        if std::env::var_os("HIMS_FILL_DEBUG").is_some() {
                            eprintln!("{q}: {}\n  {sql}", hims_testdb::pg_error_message(&e));
                        }
                        tx.batch_execute("ROLLBACK TO SAVEPOINT fill_row").unwrap()
                    }
                }
            }
        }
        filled.insert(q, ok);
    }
    tx.commit().unwrap();
    filled
}

fn insert_row(
    t: &Table,
    model: &Model,
    i: u64,
    filled: &Filled,
    no_null: &dyn Fn(&QualifiedName, &str) -> bool,
) -> Option<String> {
    let q = t.qualified_name();
    let mut names: Vec<String> = Vec::new();
    let mut values: Vec<String> = Vec::new();
    let mut from: Vec<String> = Vec::new();
    let mut assigned: BTreeSet<&str> = BTreeSet::new();
    for (n, fk) in t.foreign_keys.iter().enumerate() {
        let has_rows = filled.get(&fk.ref_table).copied().unwrap_or(0) > 0;
        // One NULL column satisfies the key (MATCH SIMPLE): (tenant_id, parent_id).
        let nullable = fk
            .columns
            .iter()
            .any(|c| t.column(c).is_none_or(|c| c.nullable) && !no_null(&q, c));
        if !has_rows || fk.ref_table == t.qualified_name() {
            if nullable {
                continue;
            }
            return None;
        }
        if i % 3 == 2 && nullable {
            continue;
        }
        let alias = format!("f{n}");
        // A column another foreign key already set (tenant_id of a composite key) must
        // match: the row is picked among those that agree.
        let agree: Vec<String> = fk
            .columns
            .iter()
            .zip(&fk.ref_columns)
            .filter_map(|(c, r)| {
                let at = names.iter().position(|x| *x == ident(c))?;
                Some(format!("r.{} = {}", ident(r), values[at]))
            })
            .collect();
        from.push(format!(
            "{}(SELECT {} FROM {} AS r{} ORDER BY random() LIMIT 1) AS {alias}",
            if from.is_empty() {
                ""
            } else {
                "CROSS JOIN LATERAL "
            },
            fk.ref_columns
                .iter()
                .map(|c| format!("r.{}", ident(c)))
                .collect::<Vec<_>>()
                .join(", "),
            qname(&fk.ref_table),
            if agree.is_empty() {
                String::new()
            } else {
                format!(" WHERE {}", agree.join(" AND "))
            }
        ));
        for (c, r) in fk.columns.iter().zip(&fk.ref_columns) {
            if assigned.insert(c) {
                names.push(ident(c));
                values.push(format!("{alias}.{}", ident(r)));
            }
        }
    }
    for c in &t.columns {
        if assigned.contains(c.name.as_str())
            || c.generated.is_some()
            || c.identity.is_some()
            || c.default.is_some()
            || t.foreign_keys.iter().any(|fk| fk.columns.contains(&c.name))
        {
            continue;
        }
        if c.nullable && i % 3 == 1 && !no_null(&q, &c.name) {
            continue;
        }
        let text = matches!(
            c.ty,
            ColumnType::Text | ColumnType::Varchar(_) | ColumnType::Char(_)
        );
        let max_len = match c.ty {
            ColumnType::Varchar(Some(n)) | ColumnType::Char(n) => n as usize,
            _ => 200,
        };
        let hints: Vec<String> = if text {
            suggested(t, &c.name, i, max_len)
                .into_iter()
                .map(|h| literal(&h))
                .collect()
        } else if is_number(&c.ty) {
            numbers(t, &c.name)
        } else {
            Vec::new()
        };
        // Every other attempt ignores the hints (a literal may be the value a check
        // excludes).
        if let Some(h) = hints.get(i as usize % hints.len().max(1))
            && (i / 1_000_003).is_multiple_of(2)
        {
            names.push(ident(&c.name));
            values.push(h.clone());
            continue;
        }
        match sample_value(&c.ty, i, model) {
            Some(v) => {
                names.push(ident(&c.name));
                values.push(v);
            }
            None if c.nullable => {}
            None => return None,
        }
    }
    if names.is_empty() {
        return Some(format!(
            "INSERT INTO {} DEFAULT VALUES",
            qname(&t.qualified_name())
        ));
    }
    let from = if from.is_empty() {
        String::new()
    } else {
        format!(" FROM {}", from.join(" "))
    };
    Some(format!(
        "INSERT INTO {} ({}) SELECT {}{from}",
        qname(&t.qualified_name()),
        names.join(", "),
        values.join(", ")
    ))
}

/// One digest per row of `table` over `columns` (sorted, so order does not matter): the
/// MD5 of the row's text form.
pub fn digests(client: &mut Client, table: &QualifiedName, columns: &[String]) -> Vec<String> {
    if columns.is_empty() {
        let n: i64 = client
            .query_one(&format!("SELECT count(*) FROM {}", qname(table)), &[])
            .unwrap()
            .get(0);
        return vec![String::new(); n as usize];
    }
    let cols = columns
        .iter()
        .map(|c| format!("{}::text", ident(c)))
        .collect::<Vec<_>>()
        .join(", ");
    client
        .query(
            &format!(
                "SELECT md5(ROW({cols})::text) AS d FROM {} ORDER BY d",
                qname(table)
            ),
            &[],
        )
        .unwrap_or_else(|e| panic!("digest of {table}: {e}"))
        .iter()
        .map(|r| r.get(0))
        .collect()
}

/// Digests of every table both models have, over the columns both have by name and type.
pub fn common_digests(
    client: &mut Client,
    a: &Model,
    b: &Model,
) -> BTreeMap<QualifiedName, Vec<String>> {
    let mut out = BTreeMap::new();
    for t in &a.tables {
        let Some(u) = b.table(&t.qualified_name()) else {
            continue;
        };
        let mut cols: Vec<String> = t
            .columns
            .iter()
            .filter(|c| u.column(&c.name).is_some_and(|u| u.ty == c.ty))
            .map(|c| c.name.clone())
            .collect();
        cols.sort();
        out.insert(
            t.qualified_name(),
            digests(client, &t.qualified_name(), &cols),
        );
    }
    out
}
