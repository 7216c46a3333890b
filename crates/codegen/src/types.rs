//! Column type → Rust field type (and the `#[column(…)]` arguments the derive needs to get
//! the exact PostgreSQL type back), and column defaults → `default` / `default_sql`.

use crate::attr::Meta;
use hims_model::{ColumnType, DefaultValue};

/// The Rust type of a column (without `Option`) and the type argument of `#[column(…)]`, if
/// the Rust type alone does not say the PostgreSQL type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldType {
    /// Rust source, e.g. `Decimal`, `DateTime<Utc>`, `Vec<String>`.
    pub rust: String,
    /// `varchar = 20`, `numeric(12, 2)`, `sql_type = "…"`.
    pub attr: Option<Meta>,
}

impl FieldType {
    fn plain(rust: &str) -> Self {
        FieldType {
            rust: rust.to_string(),
            attr: None,
        }
    }

    fn with(rust: &str, attr: Meta) -> Self {
        FieldType {
            rust: rust.to_string(),
            attr: Some(attr),
        }
    }
}

/// Maps a column type. `enum_path` gives the Rust path of a model enum type (`None` for a
/// type the model does not declare, which is then spelled with `sql_type`).
pub fn field_type(ty: &ColumnType, enum_path: &dyn Fn(&str, &str) -> Option<String>) -> FieldType {
    let sql_type = |rust: &str| FieldType::with(rust, Meta::str("sql_type", &ty.to_string()));
    match ty {
        ColumnType::SmallInt => FieldType::plain("i16"),
        ColumnType::Integer => FieldType::plain("i32"),
        ColumnType::BigInt => FieldType::plain("i64"),
        ColumnType::Boolean => FieldType::plain("bool"),
        ColumnType::Real => FieldType::plain("f32"),
        ColumnType::DoublePrecision => FieldType::plain("f64"),
        ColumnType::Numeric(None) => FieldType::plain("Decimal"),
        ColumnType::Numeric(Some((p, s))) => {
            let digits = vec![Meta::word(p.to_string()), Meta::word(s.to_string())];
            FieldType::with("Decimal", Meta::list("numeric", digits))
        }
        ColumnType::Text => FieldType::plain("String"),
        ColumnType::Varchar(Some(n)) => {
            FieldType::with("String", Meta::raw("varchar", n.to_string()))
        }
        ColumnType::Varchar(None) => sql_type("String"),
        ColumnType::Char(n) => FieldType::with("String", Meta::raw("char", n.to_string())),
        ColumnType::Uuid => FieldType::plain("Uuid"),
        ColumnType::Date => FieldType::plain("NaiveDate"),
        ColumnType::Time => FieldType::plain("NaiveTime"),
        ColumnType::Timestamp => FieldType::plain("NaiveDateTime"),
        ColumnType::Timestamptz => FieldType::plain("DateTime<Utc>"),
        ColumnType::Interval => FieldType::plain("TimeDelta"),
        ColumnType::Json => sql_type("serde_json::Value"),
        ColumnType::Jsonb => FieldType::plain("serde_json::Value"),
        ColumnType::Bytea => FieldType::plain("Vec<u8>"),
        ColumnType::Inet => FieldType::plain("std::net::IpAddr"),
        ColumnType::Enum { schema, name } => match enum_path(schema, name) {
            Some(path) => FieldType::plain(&path),
            None => sql_type("String"),
        },
        ColumnType::Array(inner) => {
            let element = field_type(inner, enum_path);
            // `Vec<T>` has a PostgreSQL type of its own for these element types only.
            let mapped = element.attr.is_none()
                && matches!(
                    **inner,
                    ColumnType::Boolean
                        | ColumnType::SmallInt
                        | ColumnType::Integer
                        | ColumnType::BigInt
                        | ColumnType::DoublePrecision
                        | ColumnType::Text
                        | ColumnType::Uuid
                        | ColumnType::Numeric(None)
                        | ColumnType::Date
                        | ColumnType::Timestamptz
                );
            let rust = format!("Vec<{}>", element.rust);
            if mapped {
                FieldType::plain(&rust)
            } else {
                sql_type(&rust)
            }
        }
        ColumnType::TimeP(_) => sql_type("NaiveTime"),
        ColumnType::TimestampP(_) => sql_type("NaiveDateTime"),
        ColumnType::TimestamptzP(_) => sql_type("DateTime<Utc>"),
        ColumnType::IntervalOf { .. } => sql_type("TimeDelta"),
        ColumnType::Timetz(_) | ColumnType::Bit(_) | ColumnType::Varbit(_) => sql_type("String"),
        ColumnType::Other(_) => sql_type("String"),
    }
}

/// `default = literal` when a literal gives the server the same default expression,
/// `default_sql = "…"` otherwise. Defaults read from a database are SQL as the server
/// prints it (`'active'::app.status`, `0`, `true`); the common literal shapes are turned
/// back into literals, everything else is kept verbatim.
pub fn default_meta(ty: &ColumnType, default: &DefaultValue) -> Meta {
    match defined_default(ty, default) {
        DefaultValue::Text(s) => Meta::str("default", &s),
        DefaultValue::Integer(i) => Meta::raw("default", i.to_string()),
        DefaultValue::Boolean(b) => Meta::raw("default", b.to_string()),
        DefaultValue::Numeric(n) => Meta::raw("default", n),
        DefaultValue::Sql(s) => Meta::str("default_sql", &s),
    }
}

/// The default the written definition gives the model back (what [`default_meta`] writes,
/// read by the derive: an integer literal is `Integer`, a decimal one `Numeric`).
pub fn defined_default(ty: &ColumnType, default: &DefaultValue) -> DefaultValue {
    match default {
        DefaultValue::Text(_) | DefaultValue::Boolean(_) => default.clone(),
        DefaultValue::Integer(i) if *i >= 0 => default.clone(),
        DefaultValue::Integer(i) => DefaultValue::Sql(i.to_string()),
        DefaultValue::Numeric(n) if is_decimal(n) => default.clone(),
        DefaultValue::Numeric(n) => DefaultValue::Sql(n.clone()),
        DefaultValue::Sql(s) => {
            literal_default(ty, s).unwrap_or_else(|| DefaultValue::Sql(s.clone()))
        }
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && s.len() <= 18
}

fn is_decimal(s: &str) -> bool {
    s.split_once('.')
        .is_some_and(|(a, b)| is_digits(a) && is_digits(b))
}

/// The literal a server-printed default stands for, when writing that literal gives the
/// same expression back.
fn literal_default(ty: &ColumnType, sql: &str) -> Option<DefaultValue> {
    let digits = |text: &str| text.parse::<i64>().ok().map(DefaultValue::Integer);
    match ty {
        ColumnType::Boolean if sql == "true" || sql == "false" => {
            Some(DefaultValue::Boolean(sql == "true"))
        }
        ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt if is_digits(sql) => {
            digits(sql)
        }
        ColumnType::SmallInt | ColumnType::BigInt => {
            let (text, cast) = quoted_cast(sql)?;
            if is_digits(&text) && cast == ty.to_string() {
                digits(&text)
            } else {
                None
            }
        }
        ColumnType::Numeric(_) if is_digits(sql) => digits(sql),
        ColumnType::Numeric(_) if is_decimal(sql) => Some(DefaultValue::Numeric(sql.to_string())),
        ColumnType::Text
        | ColumnType::Varchar(_)
        | ColumnType::Char(_)
        | ColumnType::Enum { .. } => {
            let (text, cast) = quoted_cast(sql)?;
            let expected = match ty {
                ColumnType::Varchar(_) => "character varying".to_string(),
                ColumnType::Char(_) => "bpchar".to_string(),
                other => other.to_string(),
            };
            (cast == expected).then_some(DefaultValue::Text(text))
        }
        _ => None,
    }
}

/// `'it''s'::text` → `("it's", "text")`; `None` for anything else (`E'…'` strings included).
fn quoted_cast(sql: &str) -> Option<(String, String)> {
    let rest = sql.strip_prefix('\'')?;
    let (quoted, cast) = rest.rsplit_once("'::")?;
    // Inside, quotes come in pairs; a lone quote would mean an expression, not one literal.
    let mut text = String::new();
    let mut chars = quoted.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.next() != Some('\'') {
            return None;
        }
        text.push(c);
    }
    if cast.is_empty()
        || cast.contains(|c: char| c == '(' || c == ' ' && !cast.starts_with("character"))
    {
        return None;
    }
    Some((text, cast.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(ty: &str) -> (String, Option<String>) {
        let ty = ColumnType::parse(ty).unwrap();
        let f = field_type(&ty, &|s, n| {
            (s == "app" && n == "status").then(|| "Status".to_string())
        });
        (
            f.rust,
            f.attr.map(|a| crate::attr::attribute("column", &[a], 0)),
        )
    }

    #[test]
    fn column_types_map_to_rust_types_and_attributes() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("uuid", "Uuid", None),
            ("text", "String", None),
            (
                "character varying(20)",
                "String",
                Some("#[column(varchar = 20)]"),
            ),
            (
                "character varying",
                "String",
                Some("#[column(sql_type = \"character varying\")]"),
            ),
            ("character(2)", "String", Some("#[column(char = 2)]")),
            (
                "numeric(12,2)",
                "Decimal",
                Some("#[column(numeric(12, 2))]"),
            ),
            ("numeric", "Decimal", None),
            ("integer", "i32", None),
            ("bigint", "i64", None),
            ("smallint", "i16", None),
            ("boolean", "bool", None),
            ("double precision", "f64", None),
            ("real", "f32", None),
            ("date", "NaiveDate", None),
            ("timestamp with time zone", "DateTime<Utc>", None),
            ("timestamp without time zone", "NaiveDateTime", None),
            ("time without time zone", "NaiveTime", None),
            ("interval", "TimeDelta", None),
            ("jsonb", "serde_json::Value", None),
            (
                "json",
                "serde_json::Value",
                Some("#[column(sql_type = \"json\")]"),
            ),
            ("bytea", "Vec<u8>", None),
            ("inet", "std::net::IpAddr", None),
            ("text[]", "Vec<String>", None),
            ("uuid[]", "Vec<Uuid>", None),
            (
                "character varying(60)[]",
                "Vec<String>",
                Some("#[column(sql_type = \"character varying(60)[]\")]"),
            ),
            ("app.status", "Status", None),
            (
                "app.status[]",
                "Vec<Status>",
                Some("#[column(sql_type = \"app.status[]\")]"),
            ),
            (
                "app.positive_int",
                "String",
                Some("#[column(sql_type = \"app.positive_int\")]"),
            ),
            (
                "tsvector",
                "String",
                Some("#[column(sql_type = \"tsvector\")]"),
            ),
            (
                "timestamp(3) without time zone",
                "NaiveDateTime",
                Some("#[column(sql_type = \"timestamp(3) without time zone\")]"),
            ),
            (
                "timestamp(0) with time zone[]",
                "Vec<DateTime<Utc>>",
                Some("#[column(sql_type = \"timestamp(0) with time zone[]\")]"),
            ),
            (
                "interval day to second(3)",
                "TimeDelta",
                Some("#[column(sql_type = \"interval day to second(3)\")]"),
            ),
            (
                "bit varying(8)",
                "String",
                Some("#[column(sql_type = \"bit varying(8)\")]"),
            ),
            (
                "\"Weird Schema\".\"Status\"",
                "String",
                Some(r##"#[column(sql_type = r#""Weird Schema"."Status""#)]"##),
            ),
        ];
        for (ty, rust, attr) in cases {
            let (r, a) = map(ty);
            assert_eq!((r.as_str(), a.as_deref()), (*rust, *attr), "{ty}");
        }
    }

    #[test]
    fn server_printed_defaults_become_literals_when_exact() {
        let d = |ty: &str, sql: &str| {
            let m = default_meta(
                &ColumnType::parse(ty).unwrap(),
                &DefaultValue::Sql(sql.into()),
            );
            crate::attr::attribute("column", &[m], 0)
        };
        assert_eq!(d("boolean", "true"), "#[column(default = true)]");
        assert_eq!(d("integer", "0"), "#[column(default = 0)]");
        assert_eq!(
            d("integer", "'-1'::integer"),
            "#[column(default_sql = \"'-1'::integer\")]"
        );
        assert_eq!(d("bigint", "'0'::bigint"), "#[column(default = 0)]");
        assert_eq!(d("bigint", "0"), "#[column(default = 0)]");
        assert_eq!(d("smallint", "10"), "#[column(default = 10)]");
        assert_eq!(d("text", "'it''s'::text"), "#[column(default = \"it's\")]");
        assert_eq!(
            d("character varying(10)", "'x'::character varying"),
            "#[column(default = \"x\")]"
        );
        assert_eq!(
            d("app.status", "'pending'::app.status"),
            "#[column(default = \"pending\")]"
        );
        assert_eq!(d("numeric(12,2)", "0.00"), "#[column(default = 0.00)]");
        assert_eq!(
            d("timestamp with time zone", "now()"),
            "#[column(default_sql = \"now()\")]"
        );
        assert_eq!(
            d("text", "('a'::text || 'b'::text)"),
            "#[column(default_sql = \"('a'::text || 'b'::text)\")]"
        );
        assert_eq!(
            d("text", "'a'::character varying"),
            "#[column(default_sql = \"'a'::character varying\")]"
        );
    }
}
