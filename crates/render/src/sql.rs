//! The one place identifiers are quoted and literals escaped.

use hims_model::{ColumnType, DefaultValue, QualifiedName};
use sea_query::{PostgresQueryBuilder, QueryBuilder, Value};

/// `"name"`, with embedded `"` doubled. Always quoted, so reserved words are safe.
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `"schema"."name"`.
pub fn qualified(schema: &str, name: &str) -> String {
    format!("{}.{}", ident(schema), ident(name))
}

pub fn qname(q: &QualifiedName) -> String {
    qualified(&q.schema, &q.name)
}

/// A string literal, escaped by sea-query's PostgreSQL rule (plain `'…'`, or `E'…'` with
/// backslash escapes when the text needs them), so that the literals we write and the
/// ones sea-query writes inside its statements follow one rule.
pub fn literal(text: &str) -> String {
    PostgresQueryBuilder.value_to_string(&Value::from(text.to_string()))
}

/// A comma-separated list of quoted identifiers.
pub fn ident_list<S: AsRef<str>>(names: &[S]) -> String {
    names
        .iter()
        .map(|n| ident(n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Type name as it appears in DDL: user-defined types quoted and schema-qualified.
pub fn type_name(ty: &ColumnType) -> String {
    match ty {
        ColumnType::Enum { schema, name } => qualified(schema, name),
        ColumnType::Array(inner) => format!("{}[]", type_name(inner)),
        other => other.to_string(),
    }
}

/// The SQL of a column default.
pub fn default_value(d: &DefaultValue) -> String {
    match d {
        DefaultValue::Text(s) => literal(s),
        DefaultValue::Integer(i) => i.to_string(),
        DefaultValue::Boolean(b) => b.to_string(),
        DefaultValue::Numeric(n) => n.clone(),
        DefaultValue::Sql(s) => s.clone(),
    }
}

/// Dollar-quote a body with a tag that does not occur in it.
pub fn dollar_quote(body: &str) -> String {
    let mut tag = String::from("$hims$");
    let mut n = 0;
    while body.contains(&tag) {
        n += 1;
        tag = format!("$hims{n}$");
    }
    format!("{tag}{body}{tag}")
}

/// `DO` block that runs `statement` only when `exists_query` returns no row.
pub fn unless_exists(exists_query: &str, statement: &str) -> String {
    let body = format!(
        "\nBEGIN\n    IF NOT EXISTS ({exists_query}) THEN\n        {statement};\n    END IF;\nEND\n"
    );
    format!("DO {};", dollar_quote(&body))
}

/// `DO` block running `statement` only when `exists_query` returns a row (the opposite
/// guard of [`unless_exists`]: a drop or a validation of what may already be gone).
pub fn if_exists(exists_query: &str, statement: &str) -> String {
    let body = format!(
        "\nBEGIN\n    IF EXISTS ({exists_query}) THEN\n        {statement};\n    END IF;\nEND\n"
    );
    format!("DO {};", dollar_quote(&body))
}

/// Like [`unless_exists`] for cluster-wide objects (roles): another database of the same
/// cluster may create the object between the check and the statement, which is fine.
pub fn unless_exists_cluster_wide(exists_query: &str, statement: &str) -> String {
    let body = format!(
        "\nBEGIN\n    IF NOT EXISTS ({exists_query}) THEN\n        {statement};\n    END IF;\nEXCEPTION WHEN duplicate_object OR unique_violation THEN\n    NULL; -- created concurrently: roles are shared by every database of the cluster\nEND\n"
    );
    format!("DO {};", dollar_quote(&body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_always_quoted_and_escaped() {
        assert_eq!(ident("order"), "\"order\"");
        assert_eq!(ident("we\"ird"), "\"we\"\"ird\"");
        assert_eq!(qualified("core", "patients"), "\"core\".\"patients\"");
    }

    #[test]
    fn literals_are_escaped() {
        assert_eq!(literal("active"), "'active'");
        assert_eq!(literal("it's"), "E'it\\'s'");
        assert_eq!(literal("a\\b"), "E'a\\\\b'");
    }

    #[test]
    fn dollar_quote_avoids_tags_inside_the_body() {
        assert_eq!(dollar_quote("x"), "$hims$x$hims$");
        assert_eq!(dollar_quote("a $hims$ b"), "$hims1$a $hims$ b$hims1$");
    }
}
