//! Column types. The canonical text of a type is exactly what PostgreSQL's `format_type()`
//! prints for it (with `search_path = pg_catalog`, as introspection reads it), so a type
//! read back from the catalog parses into an equal value.

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
    /// `time without time zone` (default precision); [`ColumnType::TimeP`] has one.
    Time,
    /// `timestamp without time zone` (default precision); [`ColumnType::TimestampP`] has one.
    Timestamp,
    /// `timestamp with time zone` (default precision); [`ColumnType::TimestamptzP`] has one.
    Timestamptz,
    /// Plain `interval`; fields or a precision make it [`ColumnType::IntervalOf`].
    Interval,
    Json,
    Jsonb,
    Bytea,
    Inet,
    /// A named type that is not built in, always schema-qualified: an enum, domain or
    /// composite type of the model, or a type an extension created (`public.citext`).
    /// Names are kept exactly (`"Weird Schema"."Status"`); the text form quotes a part
    /// only when it is not a plain lower-case identifier.
    Enum {
        schema: String,
        name: String,
    },
    Array(Box<ColumnType>),
    /// `time(p) without time zone`: fractional seconds kept to `p` (0..=6) digits.
    TimeP(u8),
    /// `timestamp(p) without time zone`.
    TimestampP(u8),
    /// `timestamp(p) with time zone`.
    TimestamptzP(u8),
    /// `time with time zone`, `time(p) with time zone`.
    Timetz(Option<u8>),
    /// `interval` restricted to `fields` (`year to month`, `day to second` …, lower case,
    /// as `format_type()` prints them) and/or a seconds precision: `interval day to
    /// second(3)`, `interval(0)`. At least one of the two is set.
    IntervalOf {
        fields: Option<String>,
        precision: Option<u8>,
    },
    /// `bit(n)`.
    Bit(u32),
    /// `bit varying(n)`; `None` = unlimited.
    Varbit(Option<u32>),
    /// Any other built-in type without modifiers, by its `format_type()` name (`money`,
    /// `cidr`, `macaddr`, `tsvector`, `tsquery`, `xml`, `point`, `daterange`, `"char"`).
    Other(String),
}

/// The field restrictions `interval` accepts, as `format_type()` prints them.
pub const INTERVAL_FIELDS: &[&str] = &[
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "year to month",
    "day to hour",
    "day to minute",
    "day to second",
    "hour to minute",
    "hour to second",
    "minute to second",
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a PostgreSQL type this tool understands: {reason}")]
pub struct TypeParseError {
    pub input: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// An unquoted word, lower-cased.
    Word(String),
    /// A double-quoted identifier, exactly as written (quotes removed, `""` undoubled).
    Quoted(String),
    Number(u32),
    Dot,
    Comma,
    Open,
    Close,
    Brackets,
}

fn tokens(input: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '"' => {
                chars.next();
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            name.push('"');
                        }
                        Some('"') => break,
                        Some(c) => name.push(c),
                        None => return Err("unterminated quoted name".into()),
                    }
                }
                if name.is_empty() {
                    return Err("empty quoted name".into());
                }
                out.push(Token::Quoted(name));
            }
            '.' => {
                chars.next();
                out.push(Token::Dot);
            }
            ',' => {
                chars.next();
                out.push(Token::Comma);
            }
            '(' => {
                chars.next();
                out.push(Token::Open);
            }
            ')' => {
                chars.next();
                out.push(Token::Close);
            }
            '[' => {
                chars.next();
                // `[]` or `[n]`: PostgreSQL ignores array bounds.
                while chars
                    .peek()
                    .is_some_and(|c| c.is_ascii_digit() || c.is_whitespace())
                {
                    chars.next();
                }
                if chars.next() != Some(']') {
                    return Err("`[` without `]`".into());
                }
                out.push(Token::Brackets);
            }
            c if c.is_ascii_digit() => {
                let mut n = String::new();
                while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    n.push(d);
                    chars.next();
                }
                out.push(Token::Number(
                    n.parse().map_err(|_| "number out of range".to_string())?,
                ));
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut w = String::new();
                while let Some(&d) = chars
                    .peek()
                    .filter(|d| d.is_ascii_alphanumeric() || **d == '_' || **d == '$')
                {
                    w.push(d.to_ascii_lowercase());
                    chars.next();
                }
                out.push(Token::Word(w));
            }
            other => return Err(format!("unexpected character `{other}`")),
        }
    }
    Ok(out)
}

/// Whether `name` needs no quotes to be read back as itself: a plain lower-case identifier.
pub fn is_plain_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$')
}

fn write_name(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    if is_plain_identifier(name) {
        f.write_str(name)
    } else {
        write!(f, "\"{}\"", name.replace('"', "\"\""))
    }
}

impl ColumnType {
    /// Parse a type as written by a schema author or printed by `format_type()`.
    /// Accepts the usual aliases (`int4`, `varchar(32)`, `timestamptz(3)`, `decimal(12,2)`,
    /// `varbit`, `timetz`) and quoted names (`"Weird Schema"."Status"`).
    pub fn parse(input: &str) -> Result<ColumnType, TypeParseError> {
        let err = |reason: &str| TypeParseError {
            input: input.to_string(),
            reason: reason.to_string(),
        };
        let mut toks = tokens(input).map_err(|e| err(&e))?;
        let mut arrays = 0;
        while toks.last() == Some(&Token::Brackets) {
            toks.pop();
            arrays += 1;
        }
        if toks.contains(&Token::Brackets) {
            return Err(err("`[]` must come last"));
        }
        let mut ty = Self::parse_scalar(&toks).map_err(|e| err(&e))?;
        for _ in 0..arrays {
            ty = ColumnType::Array(Box::new(ty));
        }
        Ok(ty)
    }

    fn parse_scalar(toks: &[Token]) -> Result<ColumnType, String> {
        if toks.is_empty() {
            return Err("no type given".into());
        }
        // A qualified or quoted name: a type that is not built in.
        if toks
            .iter()
            .any(|t| matches!(t, Token::Dot | Token::Quoted(_)))
        {
            let part = |t: &Token| match t {
                Token::Word(w) => Some(w.clone()),
                Token::Quoted(q) => Some(q.clone()),
                _ => None,
            };
            return match toks {
                [Token::Quoted(q)] if q == "char" => Ok(ColumnType::Other("\"char\"".into())),
                [s, Token::Dot, n] => match (part(s), part(n)) {
                    (Some(schema), Some(name)) => Ok(ColumnType::Enum { schema, name }),
                    _ => Err("expected schema.name".into()),
                },
                [Token::Quoted(_)] => {
                    Err("a quoted type name must be schema-qualified (\"schema\".\"name\")".into())
                }
                _ => Err("expected a built-in type or a schema-qualified type name".into()),
            };
        }
        // Words, with at most one parenthesised list of numbers (after the first word for
        // `time(p) with time zone`, after the last word otherwise).
        let mut words: Vec<&str> = Vec::new();
        let mut args: Option<(usize, Vec<u32>)> = None;
        let mut i = 0;
        while i < toks.len() {
            match &toks[i] {
                Token::Word(w) => words.push(w),
                Token::Open => {
                    if args.is_some() {
                        return Err("more than one list of type modifiers".into());
                    }
                    let mut list = Vec::new();
                    i += 1;
                    loop {
                        match toks.get(i) {
                            Some(Token::Number(n)) => list.push(*n),
                            _ => return Err("type modifiers must be numbers".into()),
                        }
                        i += 1;
                        match toks.get(i) {
                            Some(Token::Comma) => i += 1,
                            Some(Token::Close) => break,
                            _ => return Err("unbalanced parenthesis".into()),
                        }
                    }
                    args = Some((words.len(), list));
                }
                _ => return Err("unexpected token in a type name".into()),
            }
            i += 1;
        }
        let base = words.join(" ");
        let at_end =
            |a: &Option<(usize, Vec<u32>)>| a.as_ref().is_none_or(|(p, _)| *p == words.len());
        let nums: Option<Vec<u32>> = args.as_ref().map(|(_, l)| l.clone());
        let no_args = |t: ColumnType| match &nums {
            None => Ok(t),
            Some(_) => Err("this type takes no length or precision".to_string()),
        };
        let one = |what: &str| -> Result<Option<u32>, String> {
            match nums.as_deref() {
                None => Ok(None),
                Some([n]) => Ok(Some(*n)),
                Some(_) => Err(format!("{what} takes one modifier")),
            }
        };
        let precision = |what: &str| -> Result<Option<u8>, String> {
            match one(what)? {
                None => Ok(None),
                Some(p) if p <= 6 => Ok(Some(p as u8)),
                Some(_) => Err(format!("{what} precision must be 0..=6")),
            }
        };
        // time / timestamp: the precision follows the first word.
        let temporal =
            |plain: ColumnType, with: fn(u8) -> ColumnType| -> Result<ColumnType, String> {
                if args.as_ref().is_some_and(|(p, _)| *p != 1) {
                    return Err("the precision follows `time` / `timestamp`".into());
                }
                Ok(match precision("time")? {
                    None => plain,
                    Some(p) => with(p),
                })
            };
        match base.as_str() {
            "time" | "time without time zone" => {
                return temporal(ColumnType::Time, ColumnType::TimeP);
            }
            "timestamp" | "timestamp without time zone" => {
                return temporal(ColumnType::Timestamp, ColumnType::TimestampP);
            }
            "timestamp with time zone" => {
                return temporal(ColumnType::Timestamptz, ColumnType::TimestamptzP);
            }
            "time with time zone" => {
                return temporal(ColumnType::Timetz(None), |p| ColumnType::Timetz(Some(p)));
            }
            _ => {}
        }
        if !at_end(&args) {
            return Err("type modifiers must come last".into());
        }
        if let Some(fields) = base.strip_prefix("interval") {
            let fields = fields.trim();
            let p = precision("interval")?;
            if !fields.is_empty() && !INTERVAL_FIELDS.contains(&fields) {
                return Err(format!("`{fields}` are not interval fields"));
            }
            if p.is_some() && !fields.is_empty() && !fields.ends_with("second") {
                return Err("an interval precision needs fields ending in `second`".into());
            }
            return Ok(if fields.is_empty() && p.is_none() {
                ColumnType::Interval
            } else {
                ColumnType::IntervalOf {
                    fields: (!fields.is_empty()).then(|| fields.to_string()),
                    precision: p,
                }
            });
        }
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
            "timestamptz" => match precision("timestamptz")? {
                None => Ok(ColumnType::Timestamptz),
                Some(p) => Ok(ColumnType::TimestamptzP(p)),
            },
            "timetz" => Ok(ColumnType::Timetz(precision("timetz")?)),
            "json" => no_args(ColumnType::Json),
            "jsonb" => no_args(ColumnType::Jsonb),
            "bytea" => no_args(ColumnType::Bytea),
            "inet" => no_args(ColumnType::Inet),
            "numeric" | "decimal" => match nums.as_deref() {
                None => Ok(ColumnType::Numeric(None)),
                Some([p]) => numeric(*p, 0).ok_or_else(|| "precision must be 1..=1000".into()),
                Some([p, s]) => numeric(*p, *s)
                    .ok_or_else(|| "precision must be 1..=1000 and scale 0..=precision".into()),
                Some(_) => Err("numeric takes (precision, scale)".into()),
            },
            "character varying" | "varchar" => match one("varchar")? {
                None => Ok(ColumnType::Varchar(None)),
                Some(n) if n >= 1 => Ok(ColumnType::Varchar(Some(n))),
                Some(_) => Err("varchar takes one positive length".into()),
            },
            // Unconstrained `bpchar` has no length (`character` alone means `character(1)`).
            "bpchar" if nums.is_none() => Ok(ColumnType::Other("bpchar".into())),
            "character" | "char" | "bpchar" => match one("char")? {
                None => Ok(ColumnType::Char(1)),
                Some(n) if n >= 1 => Ok(ColumnType::Char(n)),
                Some(_) => Err("char takes one positive length".into()),
            },
            "bit" => match one("bit")? {
                None => Ok(ColumnType::Bit(1)),
                Some(n) if n >= 1 => Ok(ColumnType::Bit(n)),
                Some(_) => Err("bit takes one positive length".into()),
            },
            "bit varying" | "varbit" => match one("bit varying")? {
                None => Ok(ColumnType::Varbit(None)),
                Some(n) if n >= 1 => Ok(ColumnType::Varbit(Some(n))),
                Some(_) => Err("bit varying takes one positive length".into()),
            },
            other => {
                if nums.is_some() {
                    return Err("unknown type with modifiers".into());
                }
                if words.len() == 1 && is_plain_identifier(other) {
                    Ok(ColumnType::Other(other.to_string()))
                } else {
                    Err("expected a built-in type or a schema-qualified type name".into())
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

    /// The named type as its text form spells it (`"Weird Schema"."Status"`), or the whole
    /// type's text when it names none.
    pub fn enum_display(&self) -> String {
        match self {
            ColumnType::Array(inner) => inner.enum_display(),
            other => other.to_string(),
        }
    }

    /// The named (not built-in) type this column uses, directly or as an array element.
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
            ColumnType::Enum { schema, name } => {
                write_name(f, schema)?;
                f.write_str(".")?;
                write_name(f, name)
            }
            ColumnType::Array(inner) => write!(f, "{inner}[]"),
            ColumnType::TimeP(p) => write!(f, "time({p}) without time zone"),
            ColumnType::TimestampP(p) => write!(f, "timestamp({p}) without time zone"),
            ColumnType::TimestamptzP(p) => write!(f, "timestamp({p}) with time zone"),
            ColumnType::Timetz(None) => f.write_str("time with time zone"),
            ColumnType::Timetz(Some(p)) => write!(f, "time({p}) with time zone"),
            ColumnType::IntervalOf { fields, precision } => {
                f.write_str("interval")?;
                if let Some(fields) = fields {
                    write!(f, " {fields}")?;
                }
                if let Some(p) = precision {
                    write!(f, "({p})")?;
                }
                Ok(())
            }
            ColumnType::Bit(n) => write!(f, "bit({n})"),
            ColumnType::Varbit(None) => f.write_str("bit varying"),
            ColumnType::Varbit(Some(n)) => write!(f, "bit varying({n})"),
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
            ColumnType::TimeP(0),
            ColumnType::TimestampP(3),
            ColumnType::TimestamptzP(6),
            ColumnType::Timetz(None),
            ColumnType::Timetz(Some(2)),
            ColumnType::IntervalOf {
                fields: Some("day to second".into()),
                precision: Some(3),
            },
            ColumnType::IntervalOf {
                fields: Some("year to month".into()),
                precision: None,
            },
            ColumnType::IntervalOf {
                fields: None,
                precision: Some(0),
            },
            ColumnType::Bit(8),
            ColumnType::Varbit(None),
            ColumnType::Varbit(Some(16)),
            ColumnType::Other("\"char\"".into()),
            ColumnType::Other("bpchar".into()),
            ColumnType::Enum {
                schema: "Weird Schema".into(),
                name: "Status".into(),
            },
            ColumnType::Enum {
                schema: "public".into(),
                name: "with \"quote\"".into(),
            },
            ColumnType::Array(Box::new(ColumnType::TimestampP(3))),
            ColumnType::Array(Box::new(ColumnType::Enum {
                schema: "App".into(),
                name: "Kind".into(),
            })),
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
            ("timestamptz(3)", "timestamp(3) with time zone"),
            ("TIMESTAMP(0)", "timestamp(0) without time zone"),
            ("time(6) with time zone", "time(6) with time zone"),
            ("timetz", "time with time zone"),
            ("varbit(4)", "bit varying(4)"),
            ("bit", "bit(1)"),
            ("INTERVAL DAY TO SECOND (2)", "interval day to second(2)"),
            ("interval(3)", "interval(3)"),
            ("\"Weird Schema\".\"Status\"", "\"Weird Schema\".\"Status\""),
            ("\"app\".\"status\"[]", "app.status[]"),
            ("integer[][]", "integer[][]"),
            ("money", "money"),
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
            "timestamp(7)",
            "interval year(2)",
            "interval week",
            "\"Status\"",
            "bit(0)",
            "time with time zone(3)",
        ] {
            assert!(ColumnType::parse(bad).is_err(), "{bad} should not parse");
        }
    }
}
