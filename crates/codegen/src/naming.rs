//! Rust names for database names: struct and enum names (UpperCamelCase, tables singular),
//! enum variants, fields (raw identifiers for keywords) and modules; and the rule that
//! says when a variant needs `#[pg_enum(rename = "…")]`.

use std::collections::BTreeSet;

/// Strict, reserved and weak keywords of the 2024 edition that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers (`r#self` is an error).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type names every generated module may use (the prelude, the derives' traits, the
/// column types' imports): no struct or enum may take them.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "DateTime",
    "Debug",
    "Decimal",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Hash",
    "Into",
    "IntoIterator",
    "Iterator",
    "ModelBuilder",
    "NaiveDate",
    "NaiveDateTime",
    "NaiveTime",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "PgEnum",
    "Result",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "Table",
    "TimeDelta",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Utc",
    "Uuid",
    "Vec",
];

/// Model types a module imports when it declares functions.
pub const FUNCTION_TYPE_NAMES: &[&str] = &[
    "Function",
    "FunctionArg",
    "FunctionLanguage",
    "Parallel",
    "QualifiedName",
    "Volatility",
];

/// Model types a module imports when it declares aggregates.
pub const AGGREGATE_TYPE_NAMES: &[&str] = &["Aggregate", "Parallel", "QualifiedName"];

/// Model types a module imports when it declares domains.
pub const DOMAIN_TYPE_NAMES: &[&str] = &["Domain"];

/// Model types a module imports when it declares composite types.
pub const COMPOSITE_TYPE_NAMES: &[&str] = &["CompositeAttribute", "CompositeType"];

/// Model types a module imports when it declares sequences.
pub const SEQUENCE_TYPE_NAMES: &[&str] = &["Sequence", "SequenceOptions"];

/// Model types a module imports when it declares views.
pub const VIEW_TYPE_NAMES: &[&str] = &["QualifiedName", "View"];

/// Model types a module imports when it has rules (row-level security, policies, triggers,
/// primary key names, indexes the derive cannot write).
pub const RULE_TYPE_NAMES: &[&str] = &[
    "Index",
    "IndexKey",
    "IndexMethod",
    "Model",
    "Policy",
    "PolicyCommand",
    "RowSecurity",
    "Trigger",
    "TriggerEvent",
    "TriggerTiming",
];

pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// `name` is an ASCII identifier (`[A-Za-z_][A-Za-z0-9_]*`, not `_` alone).
pub fn is_ascii_ident(name: &str) -> bool {
    name != "_"
        && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// How a database name is written where the derive expects an identifier naming it (key
/// lists, field names): itself, or `r#name` for a keyword; `None` when no identifier can say
/// it (`self`, `order items`, `1st`).
pub fn ident_for_name(name: &str) -> Option<String> {
    if !is_ascii_ident(name) || NOT_RAW.contains(&name) {
        None
    } else if is_keyword(name) {
        Some(format!("r#{name}"))
    } else {
        Some(name.to_string())
    }
}

/// `CamelCase` → `camel_case`, exactly as `#[derive(PgEnum)]` and `#[derive(Table)]` do it
/// (acronyms stay together: `OPConsultation` → `op_consultation`).
pub fn snake_case(ident: &str) -> String {
    let chars: Vec<char> = ident.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = match prev {
                Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_uppercase() => next.is_some_and(|n| n.is_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The ASCII words of a name: split at anything not alphanumeric and at case changes
/// (`OPConsultation` → `OP`, `Consultation`; `request.queued` → `request`, `queued`).
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        if chunk.is_empty() {
            continue;
        }
        let spaced = snake_case(chunk);
        out.extend(
            spaced
                .split('_')
                .filter(|w| !w.is_empty())
                .map(str::to_string),
        );
    }
    out
}

fn capitalize(word: &str) -> String {
    let mut cs = word.chars();
    match cs.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + &cs.as_str().to_ascii_lowercase(),
        None => String::new(),
    }
}

/// UpperCamelCase of a name (`order_items` → `OrderItems`, `GRANTED` → `Granted`); `None`
/// when the name has no ASCII letters or digits.
pub fn upper_camel(name: &str) -> Option<String> {
    let w = words(name);
    if w.is_empty() {
        return None;
    }
    let mut s: String = w.iter().map(|w| capitalize(w)).collect();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    Some(s)
}

const IRREGULAR: &[(&str, &str)] = &[
    ("people", "person"),
    ("children", "child"),
    ("men", "man"),
    ("women", "woman"),
    ("mice", "mouse"),
    ("geese", "goose"),
    ("feet", "foot"),
    ("teeth", "tooth"),
    ("data", "data"),
    ("criteria", "criterion"),
    ("indices", "index"),
    ("matrices", "matrix"),
    ("vertices", "vertex"),
    ("analyses", "analysis"),
    ("diagnoses", "diagnosis"),
    ("prognoses", "prognosis"),
    ("statuses", "status"),
    ("viruses", "virus"),
    ("bonuses", "bonus"),
    ("campuses", "campus"),
    ("censuses", "census"),
    ("buses", "bus"),
    ("focuses", "focus"),
];

/// English singular of one lower-case word, by the usual rules (`categories` → `category`,
/// `addresses` → `address`, `statuses` → `status`, `batches` → `batch`, `patients` →
/// `patient`); words that are not plural stay as they are (`status`, `analysis`, `staff`).
pub fn singular(word: &str) -> String {
    let w = word.to_ascii_lowercase();
    if let Some((_, s)) = IRREGULAR.iter().find(|(p, _)| *p == w) {
        return s.to_string();
    }
    let keep = [
        "ss",
        "us",
        "is",
        "series",
        "species",
        "news",
        "analytics",
        "statistics",
        "physics",
        "economics",
        "logistics",
        "mathematics",
        "ethics",
        "genetics",
        "diabetes",
    ];
    if w.len() <= 2 || keep.iter().any(|k| w.ends_with(k)) {
        return w;
    }
    if let Some(stem) = w.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["sses", "xes", "ches", "shes", "zzes"] {
        if w.ends_with(suffix) {
            return w[..w.len() - 2].to_string();
        }
    }
    match w.strip_suffix('s') {
        Some(stem) => stem.to_string(),
        None => w,
    }
}

/// The struct name of a table: singular UpperCamelCase (`order_items` → `OrderItem`).
pub fn struct_name(table: &str) -> String {
    let mut w = words(table);
    if let Some(last) = w.last_mut() {
        *last = singular(last);
    }
    let joined = w.join("_");
    upper_camel(&joined).unwrap_or_else(|| "Table".to_string())
}

/// The Rust enum name of an enum type: its UpperCamelCase (`order_status` → `OrderStatus`).
pub fn enum_name(type_name: &str) -> String {
    upper_camel(type_name).unwrap_or_else(|| "Enum".to_string())
}

/// The variant for an enum value, before de-duplication: UpperCamelCase of its words
/// (`OPConsultation` → `OpConsultation`, `request.queued` → `RequestQueued`).
pub fn variant_name(value: &str) -> Option<String> {
    upper_camel(value)
}

/// Whether `#[pg_enum(rename = "…")]` is needed: the derive's snake_case of the variant
/// would not give `value` back exactly.
pub fn needs_rename(variant: &str, value: &str) -> bool {
    snake_case(variant) != value
}

/// A field name for a column: the column name itself (`r#type` for a keyword), else a
/// snake_case spelling that then needs `#[column(name = "…")]`.
pub fn field_name(column: &str) -> String {
    let plain = column.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && column
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain && let Some(id) = ident_for_name(column) {
        return id;
    }
    let mut s = words(column)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if s.is_empty() {
        s = "column".to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "c_");
    }
    match ident_for_name(&s) {
        Some(id) => id,
        None => format!("{s}_"),
    }
}

/// The module name of a schema: its snake_case spelling, `r#name` for a keyword.
pub fn module_name(schema: &str) -> String {
    let mut s = words(schema)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if s.is_empty() {
        s = "schema".to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "s_");
    }
    match ident_for_name(&s) {
        Some(id) => id,
        None => format!("{s}_"),
    }
}

/// The file name of a module (`r#type` → `type.rs`).
pub fn module_file(module: &str) -> String {
    format!("{}.rs", module.trim_start_matches("r#"))
}

/// `UPPER_SNAKE_CASE` of a name, for constants.
pub fn const_name(name: &str) -> String {
    let mut s = words(name)
        .iter()
        .map(|w| w.to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join("_");
    if s.is_empty() {
        s = "TEXT".to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'N');
    }
    s
}

/// Hands out names unique within one scope: the second `Order` becomes `Order2`.
#[derive(Debug, Default)]
pub struct Names {
    taken: BTreeSet<String>,
}

impl Names {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// `wanted`, or `wanted2`, `wanted3`… (with `sep` between for snake_case names).
    pub fn take(&mut self, wanted: &str, sep: &str) -> String {
        self.take_with_companion(wanted, sep, None)
    }

    /// Like [`Names::take`]; with `companion`, `<name><companion>` must be free as well and
    /// is taken too (a derive's `…Iden` type beside its struct).
    pub fn take_with_companion(
        &mut self,
        wanted: &str,
        sep: &str,
        companion: Option<&str>,
    ) -> String {
        let base = wanted.strip_prefix("r#").unwrap_or(wanted);
        let free = |names: &Names, c: &str| {
            !names.taken.contains(c)
                && companion.is_none_or(|s| !names.taken.contains(&format!("{c}{s}")))
        };
        let mut candidate = wanted.to_string();
        let mut n = 1;
        while !free(self, &candidate) {
            n += 1;
            candidate = format!("{base}{sep}{n}");
        }
        self.taken.insert(candidate.clone());
        if let Some(s) = companion {
            self.taken.insert(format!("{candidate}{s}"));
        }
        candidate
    }

    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_become_singular_upper_camel_case() {
        let cases = [
            ("patients", "Patient"),
            ("order_items", "OrderItem"),
            ("categories", "Category"),
            ("addresses", "Address"),
            ("statuses", "Status"),
            ("causes", "Cause"),
            ("responses", "Response"),
            ("batches", "Batch"),
            ("boxes", "Box"),
            ("people", "Person"),
            ("status", "Status"),
            ("analysis", "Analysis"),
            ("diagnoses", "Diagnosis"),
            ("staff", "Staff"),
            ("bus", "Bus"),
            ("series", "Series"),
            ("audit_log", "AuditLog"),
            ("OrderItems", "OrderItem"),
            ("order-lines", "OrderLine"),
            ("2fa_tokens", "V2faToken"),
            ("icd10_codes", "Icd10Code"),
            ("clinics", "Clinic"),
            ("analytics", "Analytics"),
        ];
        for (table, want) in cases {
            assert_eq!(struct_name(table), want, "{table}");
        }
    }

    #[test]
    fn column_names_become_fields_and_keywords_raw_identifiers() {
        assert_eq!(field_name("mrn"), "mrn");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("match"), "r#match");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("userId"), "user_id");
        assert_eq!(field_name("Order Date"), "order_date");
        assert_eq!(field_name("1st_visit"), "c_1st_visit");
        assert_eq!(ident_for_name("type").as_deref(), Some("r#type"));
        assert_eq!(ident_for_name("userId").as_deref(), Some("userId"));
        assert_eq!(ident_for_name("self"), None);
        assert_eq!(ident_for_name("order items"), None);
        assert_eq!(module_name("billing"), "billing");
        assert_eq!(module_name("type"), "r#type");
        assert_eq!(module_name("self"), "self_");
        assert_eq!(module_file("r#type"), "type.rs");
    }

    #[test]
    fn enum_values_become_upper_camel_variants() {
        let cases = [
            ("active", "Active"),
            ("OPConsultation", "OpConsultation"),
            ("GRANTED", "Granted"),
            ("request.queued", "RequestQueued"),
            ("a_pos", "APos"),
            ("icd10_code", "Icd10Code"),
            ("1st", "V1st"),
            ("in-progress", "InProgress"),
        ];
        for (value, want) in cases {
            assert_eq!(variant_name(value).as_deref(), Some(want), "{value}");
        }
        assert_eq!(variant_name("+"), None);
    }

    #[test]
    fn rename_is_needed_exactly_when_snake_case_does_not_give_the_value_back() {
        assert!(!needs_rename("Active", "active"));
        assert!(!needs_rename("APos", "a_pos"));
        assert!(!needs_rename("Icd10Code", "icd10_code"));
        assert!(!needs_rename("DiagnosticCentre", "diagnostic_centre"));
        assert!(needs_rename("OpConsultation", "OPConsultation"));
        assert!(needs_rename("Granted", "GRANTED"));
        assert!(needs_rename("RequestQueued", "request.queued"));
        assert!(needs_rename("InProgress", "in-progress"));
        // snake_case keeps acronyms together: no rename for a value it produces.
        assert_eq!(snake_case("OPConsultation"), "op_consultation");
        assert!(!needs_rename("OpConsultation", "op_consultation"));
    }

    #[test]
    fn names_are_unique_within_a_scope() {
        let mut n = Names::with_reserved(&["Option"]);
        assert_eq!(n.take("Order", ""), "Order");
        assert_eq!(n.take("Order", ""), "Order2");
        assert_eq!(n.take("Option", ""), "Option2");
        assert_eq!(n.take("total", "_"), "total");
        assert_eq!(n.take("total", "_"), "total_2");
        assert_eq!(const_name("app.order_total"), "APP_ORDER_TOTAL");
    }
}
