//! Whole-model validation. Every problem is collected; nothing stops at the first one, so a
//! developer fixes a broken definition in one round.

use crate::{
    ArgMode, ColumnType, CompositeType, DefaultValue, GrantObject, MAX_IDENTIFIER_BYTES, Model,
    QualifiedName, Table, TriggerEvent, TriggerTiming, Volatility,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One thing wrong with the model, located by database path and Rust item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// `schema.table.column` (or as much of it as applies).
    pub path: String,
    /// The Rust item (and field) that declared it, when known: `Patient.mrn`.
    pub rust: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.rust {
            Some(rust) => write!(f, "{} ({rust}): {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// Every problem found in a model, sorted by path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "the schema definitions have {} problem(s); nothing was written:",
            self.0.len()
        )?;
        for p in &self.0 {
            writeln!(f, "  - {p}")?;
        }
        Ok(())
    }
}

struct Collector {
    problems: Vec<Problem>,
    /// Schemas whose names are kept as the database has them (`Schema::naming_rules` off).
    verbatim: BTreeSet<String>,
}

impl Collector {
    fn push(&mut self, path: impl Into<String>, rust: Option<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            rust,
            message: message.into(),
        });
    }

    /// A PostgreSQL identifier we are willing to create: lower-case snake_case so that SQL
    /// written by hand (checks, views, function bodies) can name it without quotes, and at
    /// most 63 bytes so that PostgreSQL does not silently truncate it.
    fn identifier(&mut self, path: &str, rust: &Option<String>, what: &str, name: &str) {
        self.name_in(None, path, rust, what, name);
    }

    /// [`Self::identifier`] for an object of `schema`: in a schema without the naming rules
    /// (imported, names as the database has them) any non-empty name of at most 63 bytes.
    fn name_in(
        &mut self,
        schema: Option<&str>,
        path: &str,
        rust: &Option<String>,
        what: &str,
        name: &str,
    ) {
        if schema.is_some_and(|s| self.verbatim.contains(s)) {
            if name.is_empty() {
                self.push(path, rust.clone(), format!("{what} name is empty"));
            }
            if name.len() > MAX_IDENTIFIER_BYTES {
                self.push(
                    path,
                    rust.clone(),
                    format!(
                        "{what} name `{name}` is {} bytes; PostgreSQL truncates identifiers to {MAX_IDENTIFIER_BYTES} bytes",
                        name.len()
                    ),
                );
            }
            return;
        }
        if name.len() > MAX_IDENTIFIER_BYTES {
            self.push(
                path,
                rust.clone(),
                format!(
                    "{what} name `{name}` is {} bytes; PostgreSQL truncates identifiers to {MAX_IDENTIFIER_BYTES} bytes (give it a shorter explicit name)",
                    name.len()
                ),
            );
        }
        let ok = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            self.push(
                path,
                rust.clone(),
                format!("{what} name `{name}` must be lower-case snake_case ([a-z_][a-z0-9_]*)"),
            );
        }
    }
}

/// A sequence's type and options as PostgreSQL accepts them.
fn sequence_options(
    c: &mut Collector,
    path: &str,
    rust: &Option<String>,
    ty: &ColumnType,
    o: &crate::SequenceOptions,
) {
    if !matches!(
        ty,
        ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt
    ) {
        c.push(
            path,
            rust.clone(),
            format!("a sequence is smallint, integer or bigint, not {ty}"),
        );
        return;
    }
    let e = o.effective(ty);
    let (lo, hi) = crate::SequenceOptions::type_range(ty);
    if e.increment == 0 {
        c.push(path, rust.clone(), "sequence increment must not be zero");
    }
    if e.min_value < lo || e.max_value > hi {
        c.push(
            path,
            rust.clone(),
            format!(
                "sequence bounds {}..{} are outside {ty}",
                e.min_value, e.max_value
            ),
        );
    }
    if e.min_value >= e.max_value {
        c.push(
            path,
            rust.clone(),
            format!(
                "sequence minimum {} must be less than its maximum {}",
                e.min_value, e.max_value
            ),
        );
    } else if e.start < e.min_value || e.start > e.max_value {
        c.push(
            path,
            rust.clone(),
            format!(
                "sequence start {} is outside {}..{}",
                e.start, e.min_value, e.max_value
            ),
        );
    }
    if e.cache < 1 {
        c.push(path, rust.clone(), "sequence cache must be at least 1");
    }
}

/// Domains: schema, name, base type (declared, not the domain itself through other
/// domains), check names, and one declaration of each name among the types of a schema.
fn validate_domains(c: &mut Collector, model: &Model, schemas: &BTreeSet<&str>) {
    let mut names: BTreeMap<QualifiedName, usize> = BTreeMap::new();
    for d in &model.domains {
        *names.entry(d.qualified_name()).or_default() += 1;
    }
    for d in &model.domains {
        let path = d.qualified_name().to_string();
        let rust = d.origin.item.clone();
        if !schemas.contains(d.schema.as_str()) {
            c.push(
                &path,
                rust.clone(),
                format!("domain in undeclared schema `{}`", d.schema),
            );
        }
        c.name_in(Some(&d.schema), &path, &rust, "domain", &d.name);
        if names[&d.qualified_name()] > 1 {
            c.push(&path, rust.clone(), "domain declared more than once");
        }
        if model.enum_type(&d.schema, &d.name).is_some() {
            c.push(
                &path,
                rust.clone(),
                "an enum type of the same name is declared (types share one namespace per schema)",
            );
        }
        if let Some((schema, name)) = d.base.enum_ref() {
            let q = QualifiedName::new(schema, name);
            let known = model.enum_type(schema, name).is_some()
                || model.extension_types.contains(&q)
                || model.domain(schema, name).is_some();
            if !known {
                c.push(
                    &path,
                    rust.clone(),
                    format!(
                        "base type `{}` is not a declared enum, domain or extension type",
                        d.base.enum_display()
                    ),
                );
            } else {
                // Follow the chain of domains: it must end in another type.
                let mut seen = BTreeSet::from([d.qualified_name()]);
                let mut next = model.domain(schema, name);
                while let Some(b) = next {
                    if !seen.insert(b.qualified_name()) {
                        c.push(
                            &path,
                            rust.clone(),
                            "the domain is its own base type (through other domains)",
                        );
                        break;
                    }
                    next = b.base.enum_ref().and_then(|(s, n)| model.domain(s, n));
                }
            }
        }
        if let Some(name) = &d.collation {
            collation(c, model, &path, &rust, &d.base, name);
        }
        if d.default.as_deref().is_some_and(|e| e.trim().is_empty()) {
            c.push(&path, rust.clone(), "default expression is empty");
        }
        for ch in &d.checks {
            let cpath = format!("{path}.{}", ch.name);
            c.name_in(Some(&d.schema), &cpath, &rust, "constraint", &ch.name);
            if ch.expr.trim().is_empty() {
                c.push(&cpath, rust.clone(), "check expression is empty");
            }
        }
        for dup in duplicates(d.checks.iter().map(|ch| ch.name.as_str())) {
            c.push(
                format!("{path}.{dup}"),
                rust.clone(),
                "check declared more than once on the domain",
            );
        }
    }
}

/// Composite types: schema, name, one declaration of each name among the types of a schema,
/// attribute names, attribute types declared (built in, enum, domain, extension type or
/// another composite type) and no type containing itself through others.
fn validate_composites(c: &mut Collector, model: &Model, schemas: &BTreeSet<&str>) {
    let mut names: BTreeMap<QualifiedName, usize> = BTreeMap::new();
    for t in &model.composites {
        *names.entry(t.qualified_name()).or_default() += 1;
    }
    for t in &model.composites {
        let path = t.qualified_name().to_string();
        let rust = t.origin.item.clone();
        if !schemas.contains(t.schema.as_str()) {
            c.push(
                &path,
                rust.clone(),
                format!("composite type in undeclared schema `{}`", t.schema),
            );
        }
        c.name_in(Some(&t.schema), &path, &rust, "composite type", &t.name);
        if names[&t.qualified_name()] > 1 {
            c.push(
                &path,
                rust.clone(),
                "composite type declared more than once",
            );
        }
        if model.enum_type(&t.schema, &t.name).is_some()
            || model.domain(&t.schema, &t.name).is_some()
        {
            c.push(
                &path,
                rust.clone(),
                "an enum type or domain of the same name is declared (types share one namespace per schema)",
            );
        }
        for a in &t.attributes {
            let apath = format!("{path}.{}", a.name);
            c.name_in(Some(&t.schema), &apath, &rust, "attribute", &a.name);
            if let Some(name) = &a.collation {
                collation(c, model, &apath, &rust, &a.ty, name);
            }
            let Some((schema, name)) = a.ty.enum_ref() else {
                continue;
            };
            let q = QualifiedName::new(schema, name);
            let known = model.enum_type(schema, name).is_some()
                || model.extension_types.contains(&q)
                || model.domain(schema, name).is_some()
                || model.composite(schema, name).is_some();
            if !known {
                c.push(
                    &apath,
                    rust.clone(),
                    format!(
                        "type `{}` is not a declared enum, domain, composite or extension type",
                        a.ty.enum_display()
                    ),
                );
            }
        }
        for dup in duplicates(t.attributes.iter().map(|a| a.name.as_str())) {
            c.push(
                format!("{path}.{dup}"),
                rust.clone(),
                "attribute declared more than once on the composite type",
            );
        }
        // No composite type may contain itself: follow the attributes' composite types.
        let mut seen: BTreeSet<QualifiedName> = BTreeSet::new();
        let mut next: Vec<&CompositeType> = vec![t];
        let mut cycle = false;
        while let Some(x) = next.pop() {
            for a in &x.attributes {
                let Some((s, n)) = a.ty.enum_ref() else {
                    continue;
                };
                let Some(inner) = model.composite(s, n) else {
                    continue;
                };
                if inner.qualified_name() == t.qualified_name() {
                    cycle = true;
                } else if seen.insert(inner.qualified_name()) {
                    next.push(inner);
                }
            }
        }
        if cycle {
            c.push(
                &path,
                rust.clone(),
                "the composite type contains itself (through its attributes' types)",
            );
        }
    }
}

/// The declared partitions of `parent` (partitioned by `part`), and below them those of
/// sub-partitioned partitions: bounds present and of the parent's method, one DEFAULT at
/// most (none under hash), sub-partition keys naming columns of the table.
fn validate_partitions(
    c: &mut Collector,
    t: &Table,
    path: &str,
    rust: &Option<String>,
    part: &crate::Partitioning,
    partitions: &[crate::Partition],
) {
    let defaults = partitions.iter().filter(|p| p.is_default()).count();
    if defaults > 1 {
        c.push(
            path,
            rust.clone(),
            format!("{defaults} DEFAULT partitions; PostgreSQL allows one"),
        );
    }
    for p in partitions {
        let ppath = format!("{path}.{}", p.name);
        c.name_in(Some(&t.schema), &ppath, rust, "partition", &p.name);
        let bound = p.bound.trim().to_ascii_uppercase();
        let expected = match part.method {
            crate::PartitionMethod::Range => "FOR VALUES FROM (",
            crate::PartitionMethod::List => "FOR VALUES IN (",
            crate::PartitionMethod::Hash => "FOR VALUES WITH (",
        };
        let ok = if bound.is_empty() {
            c.push(
                &ppath,
                rust.clone(),
                "partition has no bound (FOR VALUES … or DEFAULT)",
            );
            true
        } else if p.is_default() {
            part.method != crate::PartitionMethod::Hash
        } else if part.method == crate::PartitionMethod::Hash {
            bound.starts_with(expected) && bound.contains("MODULUS") && bound.contains("REMAINDER")
        } else {
            bound.starts_with(expected) && bound.ends_with(')')
        };
        if !ok {
            let method = match part.method {
                crate::PartitionMethod::Range => "range: FOR VALUES FROM (…) TO (…) or DEFAULT",
                crate::PartitionMethod::List => "list: FOR VALUES IN (…) or DEFAULT",
                crate::PartitionMethod::Hash => "hash: FOR VALUES WITH (MODULUS m, REMAINDER r)",
            };
            c.push(
                &ppath,
                rust.clone(),
                format!(
                    "bound `{}` does not fit the parent's partitioning ({method})",
                    p.bound
                ),
            );
        }
        match &p.partition_by {
            Some(sub) => {
                for col in &sub.columns {
                    if t.column(col).is_none() {
                        c.push(
                            &ppath,
                            rust.clone(),
                            format!(
                                "sub-partition key names column `{col}`, which {} does not have",
                                t.qualified_name()
                            ),
                        );
                    }
                }
                if sub.columns.is_empty() {
                    c.push(&ppath, rust.clone(), "sub-partition key has no columns");
                }
                validate_partitions(c, t, &ppath, rust, sub, &p.partitions);
            }
            None if !p.partitions.is_empty() => c.push(
                &ppath,
                rust.clone(),
                "partition has partitions of its own but no partition_by",
            ),
            None => {}
        }
    }
}

fn rust_of(table: &Table, field: Option<&str>) -> Option<String> {
    let item = table.origin.item.as_deref()?;
    let short = item.rsplit("::").next().unwrap_or(item);
    Some(match field {
        Some(f) => format!("{short}.{f}"),
        None => short.to_string(),
    })
}

fn duplicates<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut dups = BTreeSet::new();
    for n in names {
        if !seen.insert(n) {
            dups.insert(n);
        }
    }
    dups
}

pub(crate) fn validate(model: &Model) -> Result<(), crate::Problems> {
    let mut c = Collector {
        problems: Vec::new(),
        verbatim: model
            .schemas
            .iter()
            .filter(|s| !s.naming_rules)
            .map(|s| s.name.clone())
            .collect(),
    };
    let schemas: BTreeSet<&str> = model.schemas.iter().map(|s| s.name.as_str()).collect();
    let roles: BTreeSet<&str> = model.roles.iter().map(|r| r.name.as_str()).collect();

    for s in &model.schemas {
        c.name_in(Some(&s.name), &s.name, &s.origin.item, "schema", &s.name);
    }
    for d in duplicates(model.schemas.iter().map(|s| s.name.as_str())) {
        c.push(d, None, "schema declared more than once");
    }
    for r in &model.roles {
        c.identifier(&r.name, &None, "role", &r.name);
        for m in &r.member_of {
            if !roles.contains(m.as_str()) {
                c.push(&r.name, None, format!("member of undeclared role `{m}`"));
            }
        }
        for name in r.settings.keys() {
            let shape = !name.is_empty()
                && name.starts_with(|ch: char| ch.is_ascii_lowercase() || ch == '_')
                && name.chars().all(|ch| {
                    ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '.'
                });
            if !shape {
                c.push(
                    &r.name,
                    None,
                    format!("setting `{name}` is not a configuration parameter name (lower-case letters, digits, `_`, `.`)"),
                );
            }
        }
    }
    for d in duplicates(model.roles.iter().map(|r| r.name.as_str())) {
        c.push(d, None, "role declared more than once");
    }

    // Enums.
    let mut types: BTreeMap<QualifiedName, usize> = BTreeMap::new();
    for e in &model.enums {
        let path = e.qualified_name().to_string();
        let rust = e.origin.item.clone();
        if !schemas.contains(e.schema.as_str()) {
            c.push(
                &path,
                rust.clone(),
                format!("enum in undeclared schema `{}`", e.schema),
            );
        }
        c.name_in(Some(&e.schema), &path, &rust, "enum type", &e.name);
        *types.entry(e.qualified_name()).or_default() += 1;
        if e.values.is_empty() {
            c.push(&path, rust.clone(), "enum has no values");
        }
        for v in &e.values {
            if v.is_empty() || v.len() > MAX_IDENTIFIER_BYTES {
                c.push(
                    &path,
                    rust.clone(),
                    format!("enum value `{v}` must be 1 to {MAX_IDENTIFIER_BYTES} bytes"),
                );
            }
        }
        for d in duplicates(e.values.iter().map(String::as_str)) {
            c.push(
                &path,
                rust.clone(),
                format!("enum value `{d}` appears more than once"),
            );
        }
    }
    for (name, n) in &types {
        if *n > 1 {
            c.push(name.to_string(), None, "enum type declared more than once");
        }
    }
    validate_domains(&mut c, model, &schemas);
    for d in &model.domains {
        *types.entry(d.qualified_name()).or_default() += 1;
    }
    validate_composites(&mut c, model, &schemas);
    for t in &model.composites {
        *types.entry(t.qualified_name()).or_default() += 1;
    }

    // Relation names share one namespace per schema: tables, views and the indexes behind
    // indexes, primary keys and unique constraints. A table also owns a row type of its name.
    let mut relations: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut add_relation = |schema: &str, name: &str, what: String| {
        relations
            .entry((schema.to_string(), name.to_string()))
            .or_default()
            .push(what);
    };
    for t in &model.tables {
        add_relation(&t.schema, &t.name, format!("table {}", t.qualified_name()));
        if let Some(pk) = &t.primary_key {
            add_relation(&t.schema, &pk.name, format!("primary key of {}", t.name));
        }
        for u in &t.uniques {
            add_relation(
                &t.schema,
                &u.name,
                format!("unique constraint of {}", t.name),
            );
        }
        for i in &t.indexes {
            add_relation(&t.schema, &i.name, format!("index of {}", t.name));
        }
        for x in &t.exclusions {
            add_relation(
                &t.schema,
                &x.name,
                format!("exclusion constraint of {}", t.name),
            );
        }
        for (parent, p) in t.partition_tree() {
            add_relation(&t.schema, &p.name, format!("partition of {parent}"));
        }
    }
    for q in &model.sequences {
        add_relation(
            &q.schema,
            &q.name,
            format!("sequence {}", q.qualified_name()),
        );
    }
    for v in &model.views {
        add_relation(&v.schema, &v.name, format!("view {}", v.qualified_name()));
        for i in v.materialized.iter().flat_map(|m| &m.indexes) {
            add_relation(&v.schema, &i.name, format!("index of {}", v.name));
        }
    }
    for ((schema, name), owners) in &relations {
        if owners.len() > 1 {
            c.push(
                format!("{schema}.{name}"),
                None,
                format!(
                    "name used by more than one relation in schema `{schema}`: {}",
                    owners.join(", ")
                ),
            );
        }
        if types.contains_key(&QualifiedName::new(schema, name)) {
            c.push(
                format!("{schema}.{name}"),
                None,
                "a type (enum, domain or composite type) and a relation share this name (a table or view also defines a type of its name)",
            );
        }
    }

    for t in &model.tables {
        validate_table(&mut c, model, &schemas, &roles, t);
    }

    for q in &model.sequences {
        let path = q.qualified_name().to_string();
        let rust = q.origin.item.clone();
        if !schemas.contains(q.schema.as_str()) {
            c.push(
                &path,
                rust.clone(),
                format!("sequence in undeclared schema `{}`", q.schema),
            );
        }
        c.name_in(Some(&q.schema), &path, &rust, "sequence", &q.name);
        sequence_options(&mut c, &path, &rust, &q.ty, &q.options);
        if let Some(o) = &q.owned_by {
            let owner = model.table(&QualifiedName::new(&q.schema, &o.table));
            if owner.and_then(|t| t.column(&o.column)).is_none() {
                c.push(
                    &path,
                    rust.clone(),
                    format!(
                        "owned by `{}.{}.{}`, which is not a declared column (a sequence is owned by a column of a table in its own schema)",
                        q.schema, o.table, o.column
                    ),
                );
            }
        }
    }

    // Functions and views.
    let known_object = |q: &QualifiedName| {
        model.table(q).is_some()
            || model.views.iter().any(|v| v.qualified_name() == *q)
            || model.functions.iter().any(|f| f.qualified_name() == *q)
            || model.aggregates.iter().any(|a| a.qualified_name() == *q)
    };
    for f in &model.functions {
        // Overloads are told apart by their input argument types.
        let overloaded = model
            .functions
            .iter()
            .filter(|g| g.qualified_name() == f.qualified_name())
            .count()
            > 1;
        let path = if overloaded {
            f.signature()
        } else {
            format!("{}()", f.qualified_name())
        };
        let rust = f.origin.item.clone();
        if !schemas.contains(f.schema.as_str()) {
            c.push(
                &path,
                rust.clone(),
                format!("function in undeclared schema `{}`", f.schema),
            );
        }
        c.name_in(Some(&f.schema), &path, &rust, "function", &f.name);
        for a in &f.args {
            // Unnamed arguments (`$1`) are PostgreSQL's, and common in imported schemas.
            if !a.name.is_empty() {
                c.name_in(Some(&f.schema), &path, &rust, "argument", &a.name);
            }
        }
        let inputs: Vec<_> = f.args.iter().filter(|a| a.is_input()).collect();
        if let Some(first) = inputs.iter().position(|a| a.default.is_some())
            && let Some(a) = inputs[first..].iter().find(|a| a.default.is_none())
        {
            c.push(
                &path,
                rust.clone(),
                format!(
                    "argument `{}` follows one with a DEFAULT and has none (PostgreSQL requires defaults on every later input argument)",
                    a.name
                ),
            );
        }
        if let Some(i) = inputs.iter().position(|a| a.mode == ArgMode::Variadic)
            && i + 1 != inputs.len()
        {
            c.push(
                &path,
                rust.clone(),
                "a VARIADIC argument must be the last input argument",
            );
        }
        for a in f
            .args
            .iter()
            .filter(|a| !a.is_input() && a.default.is_some())
        {
            c.push(
                &path,
                rust.clone(),
                format!("OUT argument `{}` cannot have a DEFAULT", a.name),
            );
        }
        if f.is_procedure() {
            // CREATE PROCEDURE has no RETURNS (OUT and INOUT arguments carry results), no
            // volatility and no STRICT: the model would render what PostgreSQL refuses.
            if !f.returns.is_empty() {
                c.push(
                    &path,
                    rust.clone(),
                    format!(
                        "a procedure has no result (returns is `{}`): give it OUT or INOUT arguments, or make it a function",
                        f.returns
                    ),
                );
            }
            if f.volatility != Volatility::Volatile {
                c.push(
                    &path,
                    rust.clone(),
                    format!(
                        "a procedure has no volatility (volatility is {}; leave it Volatile)",
                        f.volatility.sql()
                    ),
                );
            }
            if f.strict {
                c.push(&path, rust.clone(), "a procedure cannot be STRICT");
            }
            if !f.parallel.is_unsafe() || f.leakproof || f.cost.is_some() || f.rows.is_some() {
                c.push(
                    &path,
                    rust.clone(),
                    "a procedure has no PARALLEL, LEAKPROOF, COST or ROWS",
                );
            }
        } else if f.returns.trim().is_empty() {
            c.push(
                &path,
                rust.clone(),
                "a function needs a result type (returns is empty; `void` for none)",
            );
        }
        for (what, n) in [("COST", &f.cost), ("ROWS", &f.rows)] {
            if let Some(n) = n
                && !n.parse::<f64>().is_ok_and(|v| v.is_finite() && v > 0.0)
            {
                c.push(
                    &path,
                    rust.clone(),
                    format!("{what} `{n}` is not a positive number"),
                );
            }
        }
        if f.rows.is_some()
            && !f
                .returns
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("setof ")
            && !f
                .returns
                .trim_start()
                .to_ascii_uppercase()
                .starts_with("TABLE")
        {
            c.push(
                &path,
                rust.clone(),
                "ROWS is only for a set-returning function (SETOF or TABLE)",
            );
        }
        for (name, _) in &f.settings {
            if name.is_empty() || name == "search_path" {
                c.push(
                    &path,
                    rust.clone(),
                    format!(
                        "setting `{name}`: not a setting name (search_path has a field of its own)"
                    ),
                );
            }
        }
        if f.security_definer && f.search_path.is_empty() {
            c.push(
                &path,
                rust.clone(),
                "SECURITY DEFINER function must pin its search_path (a caller could otherwise shadow the objects it uses)",
            );
        }
        for d in &f.depends_on {
            if !known_object(d) {
                c.push(
                    &path,
                    rust.clone(),
                    format!("depends on unknown object `{d}`"),
                );
            }
        }
    }
    let signatures: Vec<String> = model.functions.iter().map(|f| f.signature()).collect();
    for d in duplicates(signatures.iter().map(String::as_str)) {
        c.push(
            d,
            None,
            "function declared more than once with the same input argument types (overloads of a name must differ by them; OUT arguments do not count)",
        );
    }
    for a in &model.aggregates {
        let path = a.signature();
        let rust = a.origin.item.clone();
        if !schemas.contains(a.schema.as_str()) {
            c.push(
                &path,
                rust.clone(),
                format!("aggregate in undeclared schema `{}`", a.schema),
            );
        }
        c.name_in(Some(&a.schema), &path, &rust, "aggregate", &a.name);
        if a.stype.trim().is_empty() {
            c.push(
                &path,
                rust.clone(),
                "an aggregate needs a state type (stype)",
            );
        }
        let support = [
            ("sfunc", Some(&a.sfunc)),
            ("finalfunc", a.finalfunc.as_ref()),
            ("combinefunc", a.combinefunc.as_ref()),
            ("serialfunc", a.serialfunc.as_ref()),
            ("deserialfunc", a.deserialfunc.as_ref()),
        ];
        for (what, q) in support {
            let Some(q) = q else { continue };
            // Built-in support functions (`int4pl`, `int8inc`, …) exist in every database.
            let declared = model
                .functions
                .iter()
                .any(|f| f.qualified_name() == *q && !f.is_procedure());
            if q.schema != "pg_catalog" && !declared {
                c.push(
                    &path,
                    rust.clone(),
                    format!(
                        "{what} `{q}` is neither a declared function nor built in (pg_catalog)"
                    ),
                );
            }
        }
        if a.serialfunc.is_some() != a.deserialfunc.is_some() {
            c.push(
                &path,
                rust.clone(),
                "serialfunc and deserialfunc go together (one undoes the other)",
            );
        }
        if model
            .functions
            .iter()
            .any(|f| f.signature() == a.signature())
        {
            c.push(
                &path,
                rust.clone(),
                "a function of the same name and input argument types is declared (they share one namespace)",
            );
        }
    }
    let aggregate_signatures: Vec<String> =
        model.aggregates.iter().map(|a| a.signature()).collect();
    for d in duplicates(aggregate_signatures.iter().map(String::as_str)) {
        c.push(
            d,
            None,
            "aggregate declared more than once with the same argument types",
        );
    }
    for v in &model.views {
        let path = v.qualified_name().to_string();
        let rust = v.origin.item.clone();
        if !schemas.contains(v.schema.as_str()) {
            c.push(
                &path,
                rust.clone(),
                format!("view in undeclared schema `{}`", v.schema),
            );
        }
        c.name_in(Some(&v.schema), &path, &rust, "view", &v.name);
        if let Some(m) = &v.materialized {
            if v.security_invoker {
                c.push(
                    &path,
                    rust.clone(),
                    "a materialized view cannot be security_invoker (it stores rows read with its owner's rights)",
                );
            }
            for i in &m.indexes {
                let ipath = format!("{path}.{}", i.name);
                c.name_in(Some(&v.schema), &ipath, &rust, "index", &i.name);
                if i.keys.is_empty() {
                    c.push(&ipath, rust.clone(), "index has no keys");
                }
            }
        }
        for d in &v.depends_on {
            if !known_object(d) {
                c.push(
                    &path,
                    rust.clone(),
                    format!("depends on unknown object `{d}`"),
                );
            }
        }
    }

    for g in &model.grants {
        let (path, exists) = match &g.object {
            GrantObject::Schema(s) | GrantObject::AllTablesInSchema(s) => {
                (s.clone(), schemas.contains(s.as_str()))
            }
            GrantObject::Table(q) => (q.to_string(), model.table(q).is_some()),
            GrantObject::View(q) => (
                q.to_string(),
                model.views.iter().any(|v| v.qualified_name() == *q),
            ),
            GrantObject::Function(q) => (
                format!("{q}()"),
                model.functions.iter().any(|f| f.qualified_name() == *q),
            ),
        };
        if !exists {
            c.push(&path, None, "grant on an object that is not declared");
        }
        if !roles.contains(g.grantee.as_str()) {
            c.push(
                &path,
                None,
                format!("grant to undeclared role `{}`", g.grantee),
            );
        }
    }

    let mut problems = c.problems;
    problems.sort();
    problems.dedup();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(crate::Problems(problems))
    }
}

/// A collation named on a column, a domain or a composite type's attribute of type `ty`: a name PostgreSQL can hold, on a
/// type that has a collation at all (PostgreSQL refuses `integer COLLATE "C"` only when the
/// statement runs).
fn collation(
    c: &mut Collector,
    model: &Model,
    path: &str,
    rust: &Option<String>,
    ty: &ColumnType,
    name: &str,
) {
    if name.is_empty() {
        c.push(path, rust.clone(), "collation name is empty");
    } else if name.contains('\0') || name.len() > MAX_IDENTIFIER_BYTES {
        c.push(
            path,
            rust.clone(),
            format!(
                "collation name `{}` is not a PostgreSQL name (at most {MAX_IDENTIFIER_BYTES} bytes, no NUL)",
                name.escape_debug()
            ),
        );
    }
    if !collatable(model, ty, 0) {
        c.push(
            path,
            rust.clone(),
            format!("COLLATE \"{name}\" on type {ty}, which has no collation (only text, character varying, character, name, an extension's type such as citext, domains over them and arrays of them have one)"),
        );
    }
}

/// Whether values of `ty` have a collation. An extension's type may (citext has one; the
/// model cannot tell), so it counts as collatable; PostgreSQL decides when it runs.
fn collatable(model: &Model, ty: &ColumnType, depth: usize) -> bool {
    match ty {
        ColumnType::Text | ColumnType::Varchar(_) | ColumnType::Char(_) => true,
        ColumnType::Other(name) => name == "name",
        ColumnType::Array(inner) => collatable(model, inner, depth),
        ColumnType::Enum { schema, name } => {
            if model.enum_type(schema, name).is_some() || model.composite(schema, name).is_some() {
                false
            } else if let Some(d) = model.domain(schema, name) {
                // A cycle of domains is reported elsewhere; stop following it here.
                depth < 32 && collatable(model, &d.base, depth + 1)
            } else {
                true
            }
        }
        _ => false,
    }
}

fn validate_table(
    c: &mut Collector,
    model: &Model,
    schemas: &BTreeSet<&str>,
    roles: &BTreeSet<&str>,
    t: &Table,
) {
    let tpath = t.qualified_name().to_string();
    let trust = rust_of(t, None);
    if !schemas.contains(t.schema.as_str()) {
        c.push(
            &tpath,
            trust.clone(),
            format!("table in undeclared schema `{}`", t.schema),
        );
    }
    c.name_in(Some(&t.schema), &tpath, &trust, "table", &t.name);
    if model
        .tables
        .iter()
        .filter(|o| o.schema == t.schema && o.name == t.name)
        .count()
        > 1
    {
        c.push(&tpath, trust.clone(), "table declared more than once");
    }
    if t.columns.is_empty() {
        c.push(&tpath, trust.clone(), "table has no columns");
    }

    for col in &t.columns {
        let path = format!("{tpath}.{}", col.name);
        let rust = rust_of(t, Some(col.rust_field.as_deref().unwrap_or(&col.name)));
        c.name_in(Some(&t.schema), &path, &rust, "column", &col.name);
        if col.identity.is_some() {
            sequence_options(c, &path, &rust, &col.ty, &col.identity_options);
        } else if !col.identity_options.is_default() {
            c.push(
                &path,
                rust.clone(),
                "identity options on a column that is not an identity column",
            );
        }
        if let Some((schema, name)) = col.ty.enum_ref() {
            let q = QualifiedName::new(schema, name);
            match model.enum_type(schema, name) {
                None if model.extension_types.contains(&q) => {}
                None if model.domain(schema, name).is_some() => {}
                None if model.composite(schema, name).is_some() => {}
                None => c.push(
                    &path,
                    rust.clone(),
                    format!("type `{}` is not a declared enum, domain, composite or extension type (register it with the model builder)", col.ty.enum_display()),
                ),
                Some(e) => {
                    if let (ColumnType::Enum { .. }, Some(d)) = (&col.ty, &col.default) {
                        match d {
                            DefaultValue::Text(v) if !e.values.contains(v) => c.push(
                                &path,
                                rust.clone(),
                                format!(
                                    "default `{v}` is not a value of enum {schema}.{name} (values: {})",
                                    e.values.join(", ")
                                ),
                            ),
                            DefaultValue::Text(_) | DefaultValue::Sql(_) => {}
                            other => c.push(
                                &path,
                                rust.clone(),
                                format!("default {other:?} cannot be a value of enum {schema}.{name}"),
                            ),
                        }
                    }
                }
            }
        }
        if let Some(expr) = &col.backfill {
            if col.nullable {
                c.push(
                    &path,
                    rust.clone(),
                    "`backfill` fills NULLs when the column becomes NOT NULL: a nullable column has none to fill (make the field non-`Option` or drop `backfill`)",
                );
            }
            if col.generated.is_some() || col.identity.is_some() {
                c.push(
                    &path,
                    rust.clone(),
                    "a generated or identity column computes its own values: `backfill` does not apply",
                );
            }
            if expr.trim().is_empty() {
                c.push(&path, rust.clone(), "`backfill` expression is empty");
            }
        }
        if col.generated.is_some() && (col.default.is_some() || col.identity.is_some()) {
            c.push(
                &path,
                rust.clone(),
                "a generated column cannot also have a default or identity",
            );
        }
        if let Some(name) = &col.collation {
            collation(c, model, &path, &rust, &col.ty, name);
        }
        if col.virtual_generated && col.generated.is_none() {
            c.push(
                &path,
                rust.clone(),
                "virtual_generated is set but the column has no generation expression (`generated`)",
            );
        }
        if col.identity.is_some() {
            if !matches!(
                col.ty,
                ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt
            ) {
                c.push(
                    &path,
                    rust.clone(),
                    "identity columns must be smallint, integer or bigint",
                );
            }
            if col.nullable || col.default.is_some() {
                c.push(
                    &path,
                    rust.clone(),
                    "identity columns are NOT NULL and have no other default",
                );
            }
        }
    }
    for d in duplicates(t.columns.iter().map(|c| c.name.as_str())) {
        c.push(
            format!("{tpath}.{d}"),
            trust.clone(),
            "column declared more than once",
        );
    }

    let check_columns = |c: &mut Collector, what: &str, name: &str, cols: &[String]| {
        let path = format!("{tpath}.{name}");
        if cols.is_empty() {
            c.push(&path, trust.clone(), format!("{what} has no columns"));
        }
        for col in cols {
            match t.column(col) {
                None => c.push(
                    &path,
                    trust.clone(),
                    format!("{what} names column `{col}`, which {tpath} does not have"),
                ),
                Some(k) if k.virtual_generated => c.push(
                    &path,
                    trust.clone(),
                    format!(
                        "{what} names virtual generated column `{col}`: PostgreSQL cannot constrain or index it (make it stored)"
                    ),
                ),
                Some(_) => {}
            }
        }
        for d in duplicates(cols.iter().map(String::as_str)) {
            c.push(
                &path,
                trust.clone(),
                format!("{what} lists column `{d}` twice"),
            );
        }
    };

    for name in t.constraint_names() {
        c.name_in(
            Some(&t.schema),
            &format!("{tpath}.{name}"),
            &trust,
            "constraint",
            name,
        );
    }
    for d in duplicates(t.constraint_names()) {
        c.push(
            format!("{tpath}.{d}"),
            trust.clone(),
            "constraint name used more than once on this table",
        );
    }
    if let Some(pk) = &t.primary_key {
        check_columns(c, "primary key", &pk.name, &pk.columns);
        for col in pk.columns.iter().filter_map(|n| t.column(n)) {
            if col.nullable {
                c.push(
                    format!("{tpath}.{}", col.name),
                    rust_of(t, col.rust_field.as_deref()),
                    "primary key column cannot be nullable (use a non-Option type)",
                );
            }
        }
    }
    for u in &t.uniques {
        check_columns(c, "unique constraint", &u.name, &u.columns);
    }
    // Rows are found again (and removed by an undo) by their primary key.
    for (i, row) in t.rows.iter().enumerate() {
        let path = format!("{tpath} row {}", i + 1);
        match &t.primary_key {
            None => c.push(
                &path,
                trust.clone(),
                "a table with rows needs a primary key",
            ),
            Some(pk) => {
                for k in pk.columns.iter().filter(|k| !row.contains_key(*k)) {
                    c.push(
                        &path,
                        trust.clone(),
                        format!("row has no value for primary key column `{k}`"),
                    );
                }
            }
        }
        for col in t.columns.iter().filter(|col| {
            !col.nullable
                && col.default.is_none()
                && col.generated.is_none()
                && col.identity.is_none()
                && !row.contains_key(&col.name)
        }) {
            c.push(
                &path,
                trust.clone(),
                format!(
                    "row has no value for `{}`, which is NOT NULL without a default",
                    col.name
                ),
            );
        }
        for name in row.keys().filter(|n| t.column(n).is_none()) {
            c.push(
                &path,
                trust.clone(),
                format!("row names column `{name}`, which the table does not have"),
            );
        }
    }
    for ch in &t.checks {
        if ch.expr.trim().is_empty() {
            c.push(
                format!("{tpath}.{}", ch.name),
                trust.clone(),
                "check constraint has an empty expression",
            );
        }
    }
    for x in &t.exclusions {
        let path = format!("{tpath}.{}", x.name);
        if x.elements.is_empty() {
            c.push(&path, trust.clone(), "exclusion constraint has no elements");
        }
        for e in &x.elements {
            let op_ok = !e.operator.is_empty()
                && e.operator.chars().all(|ch| "=<>&|-+*/~!@#%^?".contains(ch));
            if !op_ok {
                c.push(
                    &path,
                    trust.clone(),
                    format!("`{}` is not an operator", e.operator),
                );
            }
            if e.expr.trim().is_empty() {
                c.push(
                    &path,
                    trust.clone(),
                    "exclusion element has an empty expression",
                );
            }
        }
    }
    for fk in &t.foreign_keys {
        check_columns(c, "foreign key", &fk.name, &fk.columns);
        let path = format!("{tpath}.{}", fk.name);
        let Some(target) = model.table(&fk.ref_table) else {
            c.push(
                &path,
                trust.clone(),
                format!("foreign key references missing table `{}`", fk.ref_table),
            );
            continue;
        };
        if fk.columns.len() != fk.ref_columns.len() {
            c.push(
                &path,
                trust.clone(),
                format!(
                    "foreign key has {} column(s) but references {} column(s)",
                    fk.columns.len(),
                    fk.ref_columns.len()
                ),
            );
            continue;
        }
        for (from, to) in fk.columns.iter().zip(&fk.ref_columns) {
            match (t.column(from), target.column(to)) {
                (_, None) => c.push(
                    &path,
                    trust.clone(),
                    format!(
                        "foreign key references missing column `{}.{to}`",
                        fk.ref_table
                    ),
                ),
                (Some(a), Some(b)) if !a.ty.same_as(&b.ty) => c.push(
                    format!("{tpath}.{from}"),
                    rust_of(t, a.rust_field.as_deref()),
                    format!(
                        "foreign key column type {} differs from the referenced {}.{to} type {}",
                        a.ty, fk.ref_table, b.ty
                    ),
                ),
                _ => {}
            }
        }
        if fk.ref_columns.iter().all(|c| target.column(c).is_some())
            && !target.has_unique_key(&fk.ref_columns)
        {
            c.push(
                &path,
                trust.clone(),
                format!(
                    "referenced columns ({}) of {} are not its primary key or a unique constraint",
                    fk.ref_columns.join(", "),
                    fk.ref_table
                ),
            );
        } else if fk.ref_columns.iter().all(|c| target.column(c).is_some())
            && !target.has_immediate_unique_key(&fk.ref_columns)
        {
            c.push(
                &path,
                trust.clone(),
                format!(
                    "referenced key ({}) of {} is DEFERRABLE, which PostgreSQL refuses as the target of a foreign key",
                    fk.ref_columns.join(", "),
                    fk.ref_table
                ),
            );
        }
    }
    for i in &t.indexes {
        let path = format!("{tpath}.{}", i.name);
        c.name_in(Some(&t.schema), &path, &trust, "index", &i.name);
        if i.keys.is_empty() {
            c.push(&path, trust.clone(), "index has no keys");
        }
        let cols: Vec<String> = i
            .keys
            .iter()
            .filter_map(|k| k.column_name().map(str::to_string))
            .chain(i.include.iter().cloned())
            .collect();
        for col in cols {
            match t.column(&col) {
                None => c.push(
                    &path,
                    trust.clone(),
                    format!("index names column `{col}`, which {tpath} does not have"),
                ),
                Some(k) if k.virtual_generated => c.push(
                    &path,
                    trust.clone(),
                    format!(
                        "index names virtual generated column `{col}`: PostgreSQL cannot index it (make it stored)"
                    ),
                ),
                Some(_) => {}
            }
        }
        for k in &i.keys {
            if let (
                crate::IndexKey::Column {
                    name,
                    collation: Some(co),
                    ..
                },
                Some(col),
            ) = (k, k.column_name().and_then(|n| t.column(n)))
            {
                collation(c, model, &format!("{path}.{name}"), &trust, &col.ty, co);
            }
        }
    }
    if t.tenant_scoped {
        let tenant = crate::TENANT_COLUMN;
        if t.column(tenant).is_none() {
            c.push(
                &tpath,
                trust.clone(),
                format!("tenant-scoped table has no `{tenant}` column"),
            );
        }
        let keys = t
            .uniques
            .iter()
            .map(|u| (&u.name, u.columns.clone()))
            .chain(t.indexes.iter().filter(|i| i.unique).map(|i| {
                (
                    &i.name,
                    i.keys
                        .iter()
                        .filter_map(|k| k.column_name().map(str::to_string))
                        .collect(),
                )
            }));
        for (name, cols) in keys {
            if !cols.iter().any(|c| c == tenant) {
                c.push(
                    format!("{tpath}.{name}"),
                    trust.clone(),
                    format!("unique key of a tenant-scoped table must include `{tenant}` (otherwise one tenant's rows block, and reveal, another's)"),
                );
            }
        }
        for fk in &t.foreign_keys {
            if fk.columns.len() > 1
                && fk.columns.iter().any(|c| c == tenant)
                && fk.on_delete == crate::FkAction::SetNull
            {
                c.push(
                    format!("{tpath}.{}", fk.name),
                    trust.clone(),
                    format!(
                        "ON DELETE SET NULL would also null `{tenant}`; use restrict or cascade"
                    ),
                );
            }
        }
    }
    if t.partition_by.is_none() && t.partitions.is_some() {
        c.push(
            format!("{tpath}.partitions"),
            trust.clone(),
            "partitions declared on a table that is not partitioned (no partition_by)",
        );
    }
    if let (Some(part), Some(declared)) = (&t.partition_by, &t.partitions) {
        validate_partitions(c, t, &tpath, &trust, part, declared);
    }
    if let Some(part) = &t.partition_by {
        check_columns(c, "partition key", "partition_by", &part.columns);
        let keys = t
            .primary_key
            .iter()
            .map(|p| (&p.name, &p.columns))
            .chain(t.uniques.iter().map(|u| (&u.name, &u.columns)));
        for (name, cols) in keys {
            if !part.columns.iter().all(|p| cols.contains(p)) {
                c.push(
                    format!("{tpath}.{name}"),
                    trust.clone(),
                    "a unique key of a partitioned table must include every partition column",
                );
            }
        }
    }
    for p in &t.policies {
        let path = format!("{tpath}.{}", p.name);
        c.name_in(Some(&t.schema), &path, &trust, "policy", &p.name);
        if t.row_security.is_none() {
            c.push(
                &path,
                trust.clone(),
                "policy on a table without row-level security has no effect",
            );
        }
        for r in &p.roles {
            if !roles.contains(r.as_str()) {
                c.push(
                    &path,
                    trust.clone(),
                    format!("policy names undeclared role `{r}`"),
                );
            }
        }
        if p.using.is_none() && p.with_check.is_none() {
            c.push(&path, trust.clone(), "policy needs USING or WITH CHECK");
        }
    }
    for d in duplicates(t.policies.iter().map(|p| p.name.as_str())) {
        c.push(
            format!("{tpath}.{d}"),
            trust.clone(),
            "policy declared more than once",
        );
    }
    for tr in &t.triggers {
        let path = format!("{tpath}.{}", tr.name);
        c.name_in(Some(&t.schema), &path, &trust, "trigger", &tr.name);
        match model.trigger_function(&tr.function) {
            // Built-in trigger functions (`tsvector_update_trigger`,
            // `suppress_redundant_updates_trigger`, …) exist in every database.
            None if tr.function.schema == "pg_catalog" => {}
            None => c.push(
                &path,
                trust.clone(),
                format!("trigger calls undeclared function `{}`", tr.function),
            ),
            Some(f) if !f.input_types().is_empty() => c.push(
                &path,
                trust.clone(),
                format!(
                    "trigger function `{}` must take no arguments (the trigger's arguments reach it as TG_ARGV)",
                    tr.function
                ),
            ),
            Some(f) if f.returns != "trigger" => c.push(
                &path,
                trust.clone(),
                format!("trigger function `{}` must return trigger", tr.function),
            ),
            _ => {}
        }
        if tr.events.is_empty() {
            c.push(&path, trust.clone(), "trigger has no events");
        }
        for col in &tr.update_of {
            if !t.columns.iter().any(|x| &x.name == col) {
                c.push(
                    &path,
                    trust.clone(),
                    format!("UPDATE OF names column `{col}`, which the table does not have"),
                );
            }
        }
        if !tr.update_of.is_empty() && !tr.events.contains(&TriggerEvent::Update) {
            c.push(
                &path,
                trust.clone(),
                "UPDATE OF columns on a trigger that does not fire on UPDATE",
            );
        }
        if tr.constraint.is_some() && (tr.timing != TriggerTiming::After || !tr.for_each_row) {
            c.push(
                &path,
                trust.clone(),
                "a constraint trigger must be AFTER … FOR EACH ROW",
            );
        }
        if tr.old_table.is_some() || tr.new_table.is_some() {
            if tr.timing != TriggerTiming::After || tr.constraint.is_some() {
                c.push(
                    &path,
                    trust.clone(),
                    "transition tables (REFERENCING) need an ordinary AFTER trigger",
                );
            }
            if tr.old_table.is_some()
                && !tr
                    .events
                    .iter()
                    .any(|e| matches!(e, TriggerEvent::Update | TriggerEvent::Delete))
            {
                c.push(&path, trust.clone(), "an OLD TABLE needs UPDATE or DELETE");
            }
            if tr.new_table.is_some()
                && !tr
                    .events
                    .iter()
                    .any(|e| matches!(e, TriggerEvent::Insert | TriggerEvent::Update))
            {
                c.push(&path, trust.clone(), "a NEW TABLE needs INSERT or UPDATE");
            }
        }
    }
    for d in duplicates(t.triggers.iter().map(|p| p.name.as_str())) {
        c.push(
            format!("{tpath}.{d}"),
            trust.clone(),
            "trigger declared more than once",
        );
    }
}
