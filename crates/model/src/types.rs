//! Column types. The canonical text of a type is exactly what PostgreSQL's `format_type()`
//! prints for it, so a type read back from the catalog parses into an equal value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ColumnType {
    SmallInt,
    Integer,
    BigInt,
    Boolean,
    Real,
    DoublePrecision,
    /// `numeric(p, s)`; `None` = unconstrained `numeric`.
    Numeric(Option<(u16, u16)>),
    Text,
    /// `character varying(n)`; `None` = unlimited.
    Varchar(Option<u32>),
    /// `character(n)`.
    Char(u32),
    Uuid,
    Date,
    Time,
    Timestamp,
    Timestamptz,
    Interval,
    Json,
    Jsonb,
    Bytea,
    Inet,
    /// A user-defined type of the model (an enum), always schema-qualified.
    Enum {
        schema: String,
        name: String,
    },
    Array(Box<ColumnType>),
    /// Any other built-in type, by its `format_type()` name (`tsvector`, `xid8`, `daterange`).
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a PostgreSQL type this tool understands: {reason}")]
pub struct TypeParseError {
    pub input: String,
    pub reason: String,
}

impl ColumnType {
    /// Parse a type as written by a schema author or printed by `format_type()`.
    /// Accepts the usual aliases (`int4`, `varchar(32)`, `timestamptz`, `decimal(12,2)`).
    pub fn parse(input: &str) -> Result<ColumnType, TypeParseError> {
        let err = |reason: &str| TypeParseError {
            input: input.to_string(),
            reason: reason.to_string(),
        };
        let s = input.trim().to_ascii_lowercase();
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(inner) = s.strip_suffix("[]") {
            return Ok(ColumnType::Array(Box::new(ColumnType::parse(inner)?)));
        }
        let (base, args) = match s.find('(') {
            Some(open) => {
                let close = s.rfind(')').ok_or_else(|| err("unbalanced parenthesis"))?;
                if close != s.len() - 1 {
                    // `time(3) with time zone` style modifiers are not supported.
                    return Err(err("type modifiers must come last"));
                }
                let args: Result<Vec<u32>, _> = s[open + 1..close]
                    .split(',')
                    .map(|a| a.trim().parse::<u32>())
                    .collect();
                let args = args.map_err(|_| err("type modifiers must be numbers"))?;
                (s[..open].trim().to_string(), Some(args))
            }
            None => (s.clone(), None),
        };
        let no_args = |t: ColumnType| match &args {
            None => Ok(t),
            Some(_) => Err(err("this type takes no length or precision")),
        };
        match base.as_str() {
            "smallint" | "int2" => no_args(ColumnType::SmallInt),
            "integer" | "int" | "int4" => no_args(ColumnType::Integer),
            "bigint" | "int8" => no_args(ColumnType::BigInt),
            "boolean" | "bool" => no_args(ColumnType::Boolean),
            "real" | "float4" => no_args(ColumnType::Real),
            "double precision" | "float8" => no_args(ColumnType::DoublePrecision),
            "text" => no_args(ColumnType::Text),
            "uuid" => no_args(ColumnType::Uuid),
            "date" => no_args(ColumnType::Date),
            "time" | "time without time zone" => no_args(ColumnType::Time),
            "timestamp" | "timestamp without time zone" => no_args(ColumnType::Timestamp),
            "timestamptz" | "timestamp with time zone" => no_args(ColumnType::Timestamptz),
            "interval" => no_args(ColumnType::Interval),
            "json" => no_args(ColumnType::Json),
            "jsonb" => no_args(ColumnType::Jsonb),
            "bytea" => no_args(ColumnType::Bytea),
            "inet" => no_args(ColumnType::Inet),
            "numeric" | "decimal" => match args.as_deref() {
                None => Ok(ColumnType::Numeric(None)),
                Some([p]) => numeric(*p, 0).ok_or_else(|| err("precision must be 1..=1000")),
                Some([p, s]) => numeric(*p, *s)
                    .ok_or_else(|| err("precision must be 1..=1000 and scale 0..=precision")),
                Some(_) => Err(err("numeric takes (precision, scale)")),
            },
            "character varying" | "varchar" => match args.as_deref() {
                None => Ok(ColumnType::Varchar(None)),
                Some([n]) if *n >= 1 => Ok(ColumnType::Varchar(Some(*n))),
                Some(_) => Err(err("varchar takes one positive length")),
            },
            "character" | "char" | "bpchar" => match args.as_deref() {
                None => Ok(ColumnType::Char(1)),
                Some([n]) if *n >= 1 => Ok(ColumnType::Char(*n)),
                Some(_) => Err(err("char takes one positive length")),
            },
            other => {
                if args.is_some() {
                    return Err(err("unknown type with modifiers"));
                }
                let ident = |p: &str| {
                    !p.is_empty()
                        && p.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
                        && p.chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                };
                // Quoted names from format_type (`core."user"`) are accepted unquoted.
                let unquoted = other.replace('"', "");
                match unquoted.split_once('.') {
                    Some((schema, name)) if ident(schema) && ident(name) => Ok(ColumnType::Enum {
                        schema: schema.to_string(),
                        name: name.to_string(),
                    }),
                    None if ident(&unquoted) => Ok(ColumnType::Other(unquoted)),
                    _ => Err(err(
                        "expected a built-in type or a schema-qualified type name",
                    )),
                }
            }
        }
    }

    /// Whether values of this type compare with `=` and are usable as a foreign key whose
    /// other side has type `other`. PostgreSQL allows more (e.g. varchar → text), but a
    /// hospital schema should never rely on implicit casts in its keys.
    pub fn same_as(&self, other: &ColumnType) -> bool {
        self == other
    }

    /// The enum type this column uses, directly or as an array element.
    pub fn enum_ref(&self) -> Option<(&str, &str)> {
        match self {
            ColumnType::Enum { schema, name } => Some((schema, name)),
            ColumnType::Array(inner) => inner.enum_ref(),
            _ => None,
        }
    }
}

fn numeric(p: u32, s: u32) -> Option<ColumnType> {
    ((1..=1000).contains(&p) && s <= p).then_some(ColumnType::Numeric(Some((p as u16, s as u16))))
}

impl fmt::Display for ColumnType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnType::SmallInt => f.write_str("smallint"),
            ColumnType::Integer => f.write_str("integer"),
            ColumnType::BigInt => f.write_str("bigint"),
            ColumnType::Boolean => f.write_str("boolean"),
            ColumnType::Real => f.write_str("real"),
            ColumnType::DoublePrecision => f.write_str("double precision"),
            ColumnType::Numeric(None) => f.write_str("numeric"),
            ColumnType::Numeric(Some((p, s))) => write!(f, "numeric({p},{s})"),
            ColumnType::Text => f.write_str("text"),
            ColumnType::Varchar(None) => f.write_str("character varying"),
            ColumnType::Varchar(Some(n)) => write!(f, "character varying({n})"),
            ColumnType::Char(n) => write!(f, "character({n})"),
            ColumnType::Uuid => f.write_str("uuid"),
            ColumnType::Date => f.write_str("date"),
            ColumnType::Time => f.write_str("time without time zone"),
            ColumnType::Timestamp => f.write_str("timestamp without time zone"),
            ColumnType::Timestamptz => f.write_str("timestamp with time zone"),
            ColumnType::Interval => f.write_str("interval"),
            ColumnType::Json => f.write_str("json"),
            ColumnType::Jsonb => f.write_str("jsonb"),
            ColumnType::Bytea => f.write_str("bytea"),
            ColumnType::Inet => f.write_str("inet"),
            ColumnType::Enum { schema, name } => write!(f, "{schema}.{name}"),
            ColumnType::Array(inner) => write!(f, "{inner}[]"),
            ColumnType::Other(name) => f.write_str(name),
        }
    }
}

impl Serialize for ColumnType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ColumnType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ColumnType::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_round_trips_through_parse() {
        let all = [
            ColumnType::SmallInt,
            ColumnType::Integer,
            ColumnType::BigInt,
            ColumnType::Boolean,
            ColumnType::Real,
            ColumnType::DoublePrecision,
            ColumnType::Numeric(None),
            ColumnType::Numeric(Some((12, 2))),
            ColumnType::Text,
            ColumnType::Varchar(None),
            ColumnType::Varchar(Some(32)),
            ColumnType::Char(6),
            ColumnType::Uuid,
            ColumnType::Date,
            ColumnType::Time,
            ColumnType::Timestamp,
            ColumnType::Timestamptz,
            ColumnType::Interval,
            ColumnType::Json,
            ColumnType::Jsonb,
            ColumnType::Bytea,
            ColumnType::Inet,
            ColumnType::Enum {
                schema: "core".into(),
                name: "gender".into(),
            },
            ColumnType::Array(Box::new(ColumnType::Varchar(Some(60)))),
            ColumnType::Other("tsvector".into()),
        ];
        for t in all {
            assert_eq!(ColumnType::parse(&t.to_string()).unwrap(), t, "{t}");
        }
    }

    #[test]
    fn aliases_parse_to_canonical_types() {
        let cases = [
            ("int4", "integer"),
            ("VARCHAR(32)", "character varying(32)"),
            ("decimal(12, 2)", "numeric(12,2)"),
            ("timestamptz", "timestamp with time zone"),
            ("char(15)", "character(15)"),
            ("text []", "text[]"),
            ("core.\"user\"", "core.user"),
        ];
        for (input, canonical) in cases {
            assert_eq!(ColumnType::parse(input).unwrap().to_string(), canonical);
        }
    }

    #[test]
    fn bad_types_are_rejected_with_the_reason() {
        for bad in [
            "varchar(0)",
            "numeric(2,5)",
            "uuid(3)",
            "drop table x; --",
            "",
        ] {
            assert!(ColumnType::parse(bad).is_err(), "{bad} should not parse");
        }
    }
}
