//! Derive attributes (`#[table(…)]`, `#[column(…)]`, `#[index(…)]` …) as data, laid out the
//! way rustfmt lays them out.
//!
//! prettyplease breaks an attribute only when it passes its own margin (89 columns), while
//! rustfmt breaks one as soon as its arguments are wider than `attr_fn_like_width` (70): the
//! two disagree for every attribute between those widths, which is most foreign keys. So the
//! generator asks prettyplease for a placeholder attribute and puts in the text laid out
//! here, following rustfmt's rules:
//!
//! - one line when the line fits in 100 columns and, with two or more arguments, the
//!   arguments take at most 70 columns (a single argument has no such limit);
//! - a single list argument that does not fit overflows: `#[index(columns(` … `))]`;
//! - otherwise one argument per line, four columns in, without a trailing comma, each laid
//!   out again by the same rules.

/// Maximum line width (rustfmt's `max_width`).
pub const MAX_WIDTH: usize = 100;
/// rustfmt's `attr_fn_like_width`: widest argument list kept on one line.
const ATTR_FN_LIKE_WIDTH: usize = 70;

/// One argument of an attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meta {
    /// `unique`, `desc`, `identity`, or a bare column name in a key list.
    Word(String),
    /// `name = "…"`, `varchar = 20`, `references = Customer`: the value as Rust source.
    NameValue(String, String),
    /// `columns(a, b(desc))`.
    List(String, Vec<Meta>),
    /// A literal on its own, as in `elements("a WITH =")`: Rust source.
    Lit(String),
}

impl Meta {
    pub fn word(w: impl Into<String>) -> Self {
        Meta::Word(w.into())
    }

    /// `key = "text"`, the text as a Rust string literal.
    pub fn str(key: &str, text: &str) -> Self {
        Meta::NameValue(key.to_string(), rust_str(text))
    }

    /// `key = value`, the value already Rust source.
    pub fn raw(key: &str, value: impl Into<String>) -> Self {
        Meta::NameValue(key.to_string(), value.into())
    }

    pub fn list(name: &str, items: Vec<Meta>) -> Self {
        Meta::List(name.to_string(), items)
    }

    /// The argument on one line.
    fn flat(&self) -> String {
        match self {
            Meta::Word(w) => w.clone(),
            Meta::NameValue(k, v) => format!("{k} = {v}"),
            Meta::List(name, items) => format!("{name}({})", flat_items(items)),
            Meta::Lit(l) => l.clone(),
        }
    }
}

fn flat_items(items: &[Meta]) -> String {
    items.iter().map(Meta::flat).collect::<Vec<_>>().join(", ")
}

/// `#[name(args…)]` at `indent` columns; continuation lines carry their own indentation,
/// the first line does not.
pub fn attribute(name: &str, args: &[Meta], indent: usize) -> String {
    format!("#[{}]", call(name, args, indent, 2, 2))
}

/// `name(items)` starting after `lead` columns of other text on its first line, followed
/// by `trail` columns of text (`)]`, `,`) on its last line.
fn call(name: &str, items: &[Meta], indent: usize, lead: usize, trail: usize) -> String {
    let flat = flat_items(items);
    let one_line_fits = indent + lead + name.len() + 1 + flat.len() + 1 + trail <= MAX_WIDTH;
    if one_line_fits && (items.len() == 1 || flat.len() <= ATTR_FN_LIKE_WIDTH) {
        if let [Meta::List(_, inner_items)] = items {
            if flat_items(inner_items).len() <= ATTR_FN_LIKE_WIDTH {
                return format!("{name}({flat})");
            }
        } else {
            return format!("{name}({flat})");
        }
    }
    if let [Meta::List(inner, inner_items)] = items {
        // Overflow the only argument: `index(columns(` … `))`.
        let body = vertical(inner_items, indent);
        return format!("{name}({inner}({body}\n{}))", spaces(indent));
    }
    let body = vertical(items, indent);
    format!("{name}({body}\n{})", spaces(indent))
}

/// Items one per line at `indent + 4`, separated by commas, without a trailing comma.
fn vertical(items: &[Meta], indent: usize) -> String {
    let inner = indent + 4;
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let last = i + 1 == items.len();
        // rustfmt keeps an item of a vertical list on one line only when it leaves two
        // columns free, the last item too (measured with rustfmt: 98 columns stay, 99 break,
        // with or without the comma after it).
        let trail = 2;
        out.push('\n');
        out.push_str(&spaces(inner));
        match item {
            Meta::List(name, sub) => out.push_str(&call(name, sub, inner, 0, trail)),
            other => out.push_str(&other.flat()),
        }
        if !last {
            out.push(',');
        }
    }
    out
}

fn spaces(n: usize) -> String {
    " ".repeat(n)
}

/// `text` as a Rust string literal: raw (`r#"…"#`) when it holds quotes or backslashes and
/// no line breaks, so SQL stays readable; escaped otherwise.
pub fn rust_str(text: &str) -> String {
    if (text.contains('"') || text.contains('\\')) && !text.contains(['\n', '\r']) {
        raw_str(text)
    } else {
        escaped_str(text)
    }
}

/// `"…"` with Rust escapes.
pub fn escaped_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `r#"…"#` with enough `#`s that the text cannot end it.
pub fn raw_str(text: &str) -> String {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let h = "#".repeat(hashes);
    format!("r{h}\"{text}\"{h}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_attributes_stay_on_one_line() {
        let a = attribute(
            "table",
            &[Meta::str("schema", "app"), Meta::str("name", "orders")],
            0,
        );
        assert_eq!(a, r#"#[table(schema = "app", name = "orders")]"#);
    }

    #[test]
    fn more_than_seventy_columns_of_arguments_go_one_per_line() {
        let a = attribute(
            "foreign_key",
            &[
                Meta::list("columns", vec![Meta::word("customer_id")]),
                Meta::raw("references", "Customer"),
                Meta::list("ref_columns", vec![Meta::word("id")]),
                Meta::str("name", "orders_customer_id_fkey"),
            ],
            0,
        );
        assert_eq!(
            a,
            "#[foreign_key(\n    columns(customer_id),\n    references = Customer,\n    ref_columns(id),\n    name = \"orders_customer_id_fkey\"\n)]"
        );
    }

    #[test]
    fn a_single_list_argument_overflows() {
        let cols = (0..4)
            .map(|i| Meta::word(format!("a_rather_long_column_name_{i}")))
            .collect();
        let a = attribute("index", &[Meta::list("columns", cols)], 0);
        assert!(a.starts_with("#[index(columns(\n    a_rather"), "{a}");
        assert!(a.ends_with("_3\n))]"), "{a}");
    }

    #[test]
    fn string_literals_are_raw_when_that_reads_better() {
        assert_eq!(rust_str("x > 0"), "\"x > 0\"");
        assert_eq!(rust_str(r#"("Weird" > 0)"#), r##"r#"("Weird" > 0)"#"##);
        assert_eq!(rust_str("a\nb"), "\"a\\nb\"");
        assert_eq!(raw_str("say \"#hi\""), "r##\"say \"#hi\"\"##");
    }
}
