//! Short constructors for the model objects that are not derived from Rust types:
//! functions, views, roles, grants, triggers, sequences, domains, partitions and composite
//! types.

use hims_model::{
    Aggregate, Check, Domain, Function, FunctionArg, FunctionKind, FunctionLanguage, Grant,
    GrantObject, Origin, Partition, PartitionMethod, Partitioning, Privilege, QualifiedName, Role,
    Sequence, SequenceOwner, Trigger, TriggerEvent, TriggerTiming, View, Volatility,
};

/// `schema.name` from `"schema.name"`. A part may be double-quoted as in SQL (`""` for a
/// quote inside), for names that hold a dot: `"\"v1.2\".\"odd.name\""`. Unquoted parts are
/// taken as written (no case folding).
pub fn qn(dotted: &str) -> QualifiedName {
    match qualified_parts(dotted).as_deref() {
        Some([schema, name]) => QualifiedName::new(schema, name),
        _ => panic!(
            "`{dotted}` must be schema-qualified: schema.name, parts with a dot double-quoted"
        ),
    }
}

/// The dot-separated parts of `s`, double-quoted parts unquoted; `None` if a quote is open
/// or a part is empty.
fn qualified_parts(s: &str) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        let mut part = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next()? {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        part.push('"');
                    }
                    '"' => break,
                    c => part.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == '.' {
                    break;
                }
                part.push(c);
                chars.next();
            }
        }
        if part.is_empty() {
            return None;
        }
        parts.push(part);
        match chars.next() {
            None => return Some(parts),
            Some('.') => continue,
            Some(_) => return None,
        }
    }
}

/// A SQL or PL/pgSQL function; defaults: no arguments, `VOLATILE`, invoker rights.
pub fn function(dotted: &str, returns: &str, language: FunctionLanguage, body: &str) -> Function {
    let q = qn(dotted);
    Function {
        schema: q.schema,
        name: q.name,
        kind: FunctionKind::Function,
        args: Vec::new(),
        returns: returns.to_string(),
        language,
        volatility: Volatility::Volatile,
        security_definer: false,
        strict: false,
        search_path: Vec::new(),
        settings: Default::default(),
        parallel: Default::default(),
        leakproof: false,
        cost: None,
        rows: None,
        body: body.to_string(),
        comment: None,
        depends_on: Vec::new(),
        origin: Origin::item(dotted),
    }
}

/// A SQL or PL/pgSQL procedure (`CREATE PROCEDURE`, run by `CALL`): no result, results
/// through OUT and INOUT arguments; defaults: no arguments, invoker rights.
pub fn procedure(dotted: &str, language: FunctionLanguage, body: &str) -> Function {
    Function {
        kind: FunctionKind::Procedure,
        ..function(dotted, "", language, body)
    }
}

/// An aggregate `dotted(args…)` (no arguments: `dotted(*)`) folding rows with the state
/// function `sfunc` (`"schema.name"`, `pg_catalog.…` for a built-in one) into a state of type
/// `stype`; no final function, initial state NULL, `PARALLEL UNSAFE`.
pub fn aggregate(dotted: &str, args: &[&str], sfunc: &str, stype: &str) -> Aggregate {
    let q = qn(dotted);
    Aggregate {
        schema: q.schema,
        name: q.name,
        args: args.iter().map(|a| a.to_string()).collect(),
        sfunc: qn(sfunc),
        stype: stype.to_string(),
        finalfunc: None,
        initcond: None,
        combinefunc: None,
        serialfunc: None,
        deserialfunc: None,
        parallel: Default::default(),
        comment: None,
        origin: Origin::item(dotted),
    }
}

/// Fluent setters for [`Function`].
pub trait FunctionExt: Sized {
    fn arg(self, name: &str, ty: &str) -> Self;
    fn volatility(self, v: Volatility) -> Self;
    fn security_definer(self, search_path: &[&str]) -> Self;
    fn strict(self) -> Self;
    fn comment(self, c: &str) -> Self;
    fn depends_on(self, objects: &[&str]) -> Self;
}

impl FunctionExt for Function {
    fn arg(mut self, name: &str, ty: &str) -> Self {
        self.args.push(FunctionArg::new(name, ty));
        self
    }
    fn volatility(mut self, v: Volatility) -> Self {
        self.volatility = v;
        self
    }
    fn security_definer(mut self, search_path: &[&str]) -> Self {
        self.security_definer = true;
        self.search_path = search_path.iter().map(|s| s.to_string()).collect();
        self
    }
    fn strict(mut self) -> Self {
        self.strict = true;
        self
    }
    fn comment(mut self, c: &str) -> Self {
        self.comment = Some(c.to_string());
        self
    }
    fn depends_on(mut self, objects: &[&str]) -> Self {
        self.depends_on = objects.iter().map(|o| qn(o)).collect();
        self
    }
}

/// A view; `security_invoker` so that the caller's row-level security applies.
pub fn view(dotted: &str, depends_on: &[&str], comment: &str, query: &str) -> View {
    let q = qn(dotted);
    View {
        schema: q.schema,
        name: q.name,
        query: query.to_string(),
        security_invoker: true,
        comment: (!comment.is_empty()).then(|| comment.to_string()),
        depends_on: depends_on.iter().map(|o| qn(o)).collect(),
        materialized: None,
        origin: Origin::item(dotted),
    }
}

/// A materialized view, populated when created (`WITH DATA`); add indexes to its
/// `materialized` part. It cannot be `security_invoker`: it stores what its owner reads.
pub fn materialized_view(dotted: &str, depends_on: &[&str], comment: &str, query: &str) -> View {
    View {
        security_invoker: false,
        materialized: Some(hims_model::Materialized::default()),
        ..view(dotted, depends_on, comment, query)
    }
}

/// `schema.name` of type `sql_type` (`smallint`, `integer` or `bigint`) with PostgreSQL's
/// default options, owned by no column.
pub fn sequence(dotted: &str, sql_type: &str) -> Sequence {
    let q = qn(dotted);
    let mut s = Sequence::new(q.schema, q.name);
    s.ty = hims_model::ColumnType::parse(sql_type)
        .unwrap_or_else(|e| panic!("sequence {dotted}: type `{sql_type}`: {e}"));
    s
}

/// `CREATE DOMAIN schema.name AS base_type`, without a default, NOT NULL or checks (set
/// them with struct update syntax, checks with [`domain_check`]).
pub fn domain(dotted: &str, base_type: &str) -> Domain {
    let q = qn(dotted);
    let base = hims_model::ColumnType::parse(base_type)
        .unwrap_or_else(|e| panic!("domain {dotted}: base type `{base_type}`: {e}"));
    let mut d = Domain::new(q.schema, q.name, base);
    d.origin = Origin::item(dotted);
    d
}

/// `CREATE TYPE schema.name AS ()`: set its attributes (built with [`attribute`]) and
/// comment with struct update syntax.
pub fn composite(dotted: &str) -> hims_model::CompositeType {
    let q = qn(dotted);
    let mut c = hims_model::CompositeType::new(q.schema, q.name, Vec::new());
    c.origin = Origin::item(dotted);
    c
}

/// An attribute of a composite type: `name sql_type`.
pub fn attribute(name: &str, sql_type: &str) -> hims_model::CompositeAttribute {
    let ty = hims_model::ColumnType::parse(sql_type)
        .unwrap_or_else(|e| panic!("attribute {name}: type `{sql_type}`: {e}"));
    hims_model::CompositeAttribute::new(name, ty)
}

/// An attribute of a composite type with a collation of its own: `name sql_type COLLATE
/// collation`.
pub fn attribute_collated(
    name: &str,
    sql_type: &str,
    collation: &str,
) -> hims_model::CompositeAttribute {
    hims_model::CompositeAttribute {
        collation: Some(collation.to_string()),
        ..attribute(name, sql_type)
    }
}

/// `CONSTRAINT name CHECK (expr)` of a domain; `expr` reads the value as `VALUE`.
pub fn domain_check(name: &str, expr: &str) -> Check {
    Check {
        name: name.to_string(),
        expr: expr.to_string(),
    }
}

/// A declared partition of bound `bound` as PostgreSQL prints it (`FOR VALUES FROM (…) TO
/// (…)`, `FOR VALUES IN (…)`, `FOR VALUES WITH (modulus m, remainder r)`, `DEFAULT`).
pub fn partition(name: &str, bound: &str) -> Partition {
    Partition::new(name, bound)
}

/// `partition`, itself partitioned by `method` over `columns` into `partitions`.
pub fn sub_partitioned(
    partition: Partition,
    method: PartitionMethod,
    columns: &[&str],
    partitions: impl IntoIterator<Item = Partition>,
) -> Partition {
    Partition {
        partition_by: Some(Partitioning {
            method,
            columns: columns.iter().map(|c| c.to_string()).collect(),
        }),
        partitions: partitions.into_iter().collect(),
        ..partition
    }
}

/// `OWNED BY table.column` of a sequence (the table is in the sequence's schema).
pub fn owned_by(table: &str, column: &str) -> Option<SequenceOwner> {
    Some(SequenceOwner {
        table: table.to_string(),
        column: column.to_string(),
    })
}

pub fn role(name: &str, login: bool, bypass_rls: bool, member_of: &[&str], comment: &str) -> Role {
    Role {
        name: name.to_string(),
        login,
        bypass_rls,
        member_of: member_of.iter().map(|s| s.to_string()).collect(),
        comment: (!comment.is_empty()).then(|| comment.to_string()),
        settings: Default::default(),
    }
}

/// Fluent setters for [`Role`].
pub trait RoleExt: Sized {
    /// `ALTER ROLE … SET name = value`, applied to every session the role logs in with.
    fn setting(self, name: &str, value: &str) -> Self;
}

impl RoleExt for Role {
    fn setting(mut self, name: &str, value: &str) -> Self {
        self.settings.insert(name.to_string(), value.to_string());
        self
    }
}

pub fn grant(object: GrantObject, privileges: &[Privilege], grantee: &str) -> Grant {
    Grant {
        object,
        privileges: privileges.to_vec(),
        grantee: grantee.to_string(),
    }
}

/// A row-level trigger calling `function`.
pub fn row_trigger(
    name: &str,
    timing: TriggerTiming,
    events: &[TriggerEvent],
    function: &str,
) -> Trigger {
    Trigger {
        name: name.to_string(),
        timing,
        events: events.to_vec(),
        for_each_row: true,
        function: qn(function),
        when: None,
        args: Vec::new(),
        update_of: Vec::new(),
        constraint: None,
        old_table: None,
        new_table: None,
    }
}

#[cfg(test)]
mod tests {
    use super::qn;
    use hims_model::QualifiedName;

    #[test]
    fn qualified_names_with_quoted_parts() {
        assert_eq!(qn("core.patients"), QualifiedName::new("core", "patients"));
        assert_eq!(
            qn("Weird Schema.User"),
            QualifiedName::new("Weird Schema", "User")
        );
        assert_eq!(
            qn(r#""v1.2"."odd.name""#),
            QualifiedName::new("v1.2", "odd.name")
        );
        assert_eq!(
            qn(r#"app."say ""hi"".now""#),
            QualifiedName::new("app", "say \"hi\".now")
        );
    }

    #[test]
    #[should_panic(expected = "must be schema-qualified")]
    fn an_unqualified_name_is_refused() {
        qn("patients");
    }
}
