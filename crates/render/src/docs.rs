//! The schema reference document (`generated/docs/schema.md`): Markdown with one Mermaid
//! `erDiagram` per schema and a section per table, enum type, function and view.
//!
//! Like the SQL renderer: no I/O, and the text is a pure function of the model (the model
//! is already in canonical order; nothing here iterates a hash map). Author-written SQL
//! (checks, defaults, predicates, policy expressions) appears in code spans; everything
//! that goes into a Markdown table cell is escaped by [`cell`].

use crate::sql::default_value;
use hims_model::{
    Check, Column, ColumnType, EnumType, ForeignKey, Function, Identity, Index, IndexKey, Model,
    PartitionMethod, Policy, QualifiedName, Role, Table, Trigger, View,
};
use std::fmt::Write;

/// The whole schema reference as Markdown.
pub fn schema_reference(model: &Model) -> String {
    let mut out = String::new();
    out.push_str(
        "# HIMS schema reference\n\
         \n\
         <!-- GENERATED FILE: do not edit. -->\n\
         \n\
         > Generated from the Rust definitions in `schema-defs/` by `cargo xtask baseline`; \
         do not edit. `cargo xtask check` fails when this file is stale.\n",
    );
    summary(&mut out, model);
    roles(&mut out, &model.roles);
    for schema in &model.schemas {
        schema_section(&mut out, model, &schema.name, schema.comment.as_deref());
    }
    out
}

fn summary(out: &mut String, model: &Model) {
    out.push_str(
        "\n## Summary\n\n\
         | Schema | Tables | Enum types | Functions | Views |\n\
         |---|---:|---:|---:|---:|\n",
    );
    let mut totals = [0usize; 4];
    for s in &model.schemas {
        let counts = [
            model.tables.iter().filter(|t| t.schema == s.name).count(),
            model.enums.iter().filter(|e| e.schema == s.name).count(),
            model
                .functions
                .iter()
                .filter(|f| f.schema == s.name)
                .count(),
            model.views.iter().filter(|v| v.schema == s.name).count(),
        ];
        for (total, n) in totals.iter_mut().zip(counts) {
            *total += n;
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&format!("[{}](#{})", code(&s.name), slug(&s.name))),
            counts[0],
            counts[1],
            counts[2],
            counts[3]
        );
    }
    let _ = writeln!(
        out,
        "| **Total** | **{}** | **{}** | **{}** | **{}** |",
        totals[0], totals[1], totals[2], totals[3]
    );
    if !model.extensions.is_empty() {
        let _ = writeln!(out, "\nExtensions: {}.", code_list(&model.extensions));
    }
}

fn roles(out: &mut String, roles: &[Role]) {
    if roles.is_empty() {
        return;
    }
    out.push_str(
        "\n## Roles\n\n\
         | Role | LOGIN | BYPASSRLS | Member of | Settings | Comment |\n\
         |---|---|---|---|---|---|\n",
    );
    for r in roles {
        let settings: Vec<String> = r
            .settings
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&code(&r.name)),
            yes_no(r.login),
            yes_no(r.bypass_rls),
            cell(&code_list(&r.member_of)),
            cell(&code_list(&settings)),
            prose_cell(r.comment.as_deref().unwrap_or(""))
        );
    }
}

fn schema_section(out: &mut String, model: &Model, schema: &str, comment: Option<&str>) {
    let _ = writeln!(out, "\n## {schema}");
    if let Some(c) = comment {
        let _ = writeln!(out, "\n{}", paragraph(c));
    }
    let tables: Vec<&Table> = model.tables.iter().filter(|t| t.schema == schema).collect();
    let enums: Vec<&EnumType> = model.enums.iter().filter(|e| e.schema == schema).collect();
    let functions: Vec<&Function> = model
        .functions
        .iter()
        .filter(|f| f.schema == schema)
        .collect();
    let views: Vec<&View> = model.views.iter().filter(|v| v.schema == schema).collect();

    if tables.is_empty() {
        out.push_str("\nNo tables.\n");
    } else {
        let _ = writeln!(
            out,
            "\nTables: {}.",
            tables
                .iter()
                .map(|t| table_link(model, &t.qualified_name()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        out.push_str("\n```mermaid\n");
        out.push_str(&er_diagram(schema, &tables));
        out.push_str("```\n");
        cross_schema_references(out, model, &tables);
    }

    if !enums.is_empty() {
        let _ = write!(
            out,
            "\n### Enum types ({schema})\n\n\
             | Enum type | Values, in order | Comment |\n\
             |---|---|---|\n"
        );
        for e in enums {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(&code(&e.qualified_name().to_string())),
                cell(&code_list(&e.values)),
                prose_cell(e.comment.as_deref().unwrap_or(""))
            );
        }
    }

    let domains: Vec<&hims_model::Domain> = model
        .domains
        .iter()
        .filter(|d| d.schema == schema)
        .collect();
    if !domains.is_empty() {
        let _ = write!(
            out,
            "\n### Domains ({schema})\n\n\
             | Domain | Base type | Default | NOT NULL | Checks | Comment |\n\
             |---|---|---|---|---|---|\n"
        );
        for d in domains {
            let mut base = d.base.to_string();
            if let Some(c) = &d.collation {
                base.push_str(&format!(" COLLATE \"{c}\""));
            }
            let checks: Vec<String> = d
                .checks
                .iter()
                .map(|c| format!("{}: {}", c.name, c.expr))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                cell(&code(&d.qualified_name().to_string())),
                cell(&code(&base)),
                cell(&d.default.as_deref().map(code).unwrap_or_default()),
                yes_no(d.not_null),
                cell(&code_list(&checks)),
                prose_cell(d.comment.as_deref().unwrap_or(""))
            );
        }
    }

    let composites: Vec<&hims_model::CompositeType> = model
        .composites
        .iter()
        .filter(|c| c.schema == schema)
        .collect();
    if !composites.is_empty() {
        let _ = write!(
            out,
            "\n### Composite types ({schema})\n\n\
             | Composite type | Attributes, in order | Comment |\n\
             |---|---|---|\n"
        );
        for c in composites {
            let attributes: Vec<String> = c
                .attributes
                .iter()
                .map(|a| match &a.collation {
                    Some(co) => format!("{} {} COLLATE \"{co}\"", a.name, a.ty),
                    None => format!("{} {}", a.name, a.ty),
                })
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(&code(&c.qualified_name().to_string())),
                cell(&code_list(&attributes)),
                prose_cell(c.comment.as_deref().unwrap_or(""))
            );
        }
    }

    for t in tables {
        table_section(out, model, t);
    }

    if !functions.is_empty() {
        let _ = write!(
            out,
            "\n### Functions ({schema})\n\n\
             | Function | Returns | Language | Volatility | Security definer | Comment |\n\
             |---|---|---|---|---|---|\n"
        );
        for f in functions {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                cell(&code(&signature(f))),
                if f.is_procedure() {
                    "(procedure)".to_string()
                } else {
                    cell(&code(&f.returns))
                },
                f.language.sql(),
                if f.is_procedure() {
                    ""
                } else {
                    f.volatility.sql()
                },
                if f.security_definer {
                    format!(
                        "yes (search_path {})",
                        cell(&code(&f.search_path.join(", ")))
                    )
                } else {
                    "no".to_string()
                },
                prose_cell(f.comment.as_deref().unwrap_or(""))
            );
        }
    }

    if !views.is_empty() {
        let _ = write!(
            out,
            "\n### Views ({schema})\n\n\
             | View | Security invoker | Comment | Depends on |\n\
             |---|---|---|---|\n"
        );
        for v in views {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&code(&v.qualified_name().to_string())),
                yes_no(v.security_invoker),
                prose_cell(v.comment.as_deref().unwrap_or("")),
                cell(
                    &v.depends_on
                        .iter()
                        .map(|d| table_link(model, d))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            );
        }
    }
}

/// The Mermaid `erDiagram` of one schema's tables (without the fence).
fn er_diagram(schema: &str, tables: &[&Table]) -> String {
    let mut out = String::from("erDiagram\n");
    for t in tables {
        let entity = entity_name(&t.schema, &t.name);
        if t.columns.is_empty() {
            let _ = writeln!(out, "    {entity}");
            continue;
        }
        let _ = writeln!(out, "    {entity} {{");
        for c in &t.columns {
            let keys = column_keys(t, &c.name);
            let _ = write!(
                out,
                "        {} {}",
                mermaid_type(&c.ty, schema),
                mermaid_word(&c.name)
            );
            if !keys.is_empty() {
                let _ = write!(out, " {}", keys.join(", "));
            }
            out.push('\n');
        }
        out.push_str("    }\n");
    }
    for t in tables {
        for fk in t
            .foreign_keys
            .iter()
            .filter(|fk| fk.ref_table.schema == schema)
        {
            let _ = writeln!(
                out,
                "    {} {}--{} {} : \"{}\"",
                entity_name(&fk.ref_table.schema, &fk.ref_table.name),
                parent_cardinality(t, fk),
                child_cardinality(t, fk),
                entity_name(&t.schema, &t.name),
                fk.name.replace('"', "'")
            );
        }
    }
    out
}

/// `||` when every referencing column is NOT NULL (a child always has a parent), `|o`
/// otherwise.
fn parent_cardinality(t: &Table, fk: &ForeignKey) -> &'static str {
    let required = fk
        .columns
        .iter()
        .all(|c| t.column(c).is_some_and(|col| !col.nullable));
    if required { "||" } else { "|o" }
}

/// `o|` when the referencing columns are themselves a key (one-to-one), `o{` otherwise.
fn child_cardinality(t: &Table, fk: &ForeignKey) -> &'static str {
    if t.has_unique_key(&fk.columns) {
        "o|"
    } else {
        "o{"
    }
}

fn column_keys(t: &Table, column: &str) -> Vec<&'static str> {
    let has = |cols: &[String]| cols.iter().any(|c| c == column);
    let mut keys = Vec::new();
    if t.primary_key.as_ref().is_some_and(|pk| has(&pk.columns)) {
        keys.push("PK");
    }
    if t.foreign_keys.iter().any(|fk| has(&fk.columns)) {
        keys.push("FK");
    }
    if t.uniques.iter().any(|u| has(&u.columns)) {
        keys.push("UK");
    }
    keys
}

fn cross_schema_references(out: &mut String, model: &Model, tables: &[&Table]) {
    let refs: Vec<String> = tables
        .iter()
        .flat_map(|t| {
            t.foreign_keys
                .iter()
                .filter(move |fk| fk.ref_table.schema != t.schema)
                .map(move |fk| {
                    format!(
                        "- {} ({}) → {} ({}): {}",
                        table_link(model, &t.qualified_name()),
                        code_list(&fk.columns),
                        table_link(model, &fk.ref_table),
                        code_list(&fk.ref_columns),
                        code(&fk.name)
                    )
                })
        })
        .collect();
    if !refs.is_empty() {
        out.push_str("\nCross-schema references:\n\n");
        for r in refs {
            out.push_str(&r);
            out.push('\n');
        }
    }
}

fn table_section(out: &mut String, model: &Model, t: &Table) {
    let _ = writeln!(out, "\n### {}.{}", t.schema, t.name);
    if let Some(c) = &t.comment {
        let _ = writeln!(out, "\n{}", paragraph(c));
    }
    let mut badges = Vec::new();
    if t.tenant_scoped {
        badges.push("tenant-scoped");
    }
    if t.compliance {
        badges.push("compliance columns");
    }
    let partitioned;
    if let Some(p) = &t.partition_by {
        let method = match p.method {
            PartitionMethod::Range => "RANGE",
            PartitionMethod::List => "LIST",
            PartitionMethod::Hash => "HASH",
        };
        partitioned = match &t.partitions {
            None => format!(
                "partitioned by {method} ({}), default partition {}",
                code_list(&p.columns),
                code(&t.default_partition_name())
            ),
            Some(declared) => {
                let names: Vec<String> = t
                    .partition_tree()
                    .iter()
                    .map(|(_, p)| format!("{} {}", code(&p.name), p.bound.trim()))
                    .collect();
                let list = if declared.is_empty() {
                    "no partitions".to_string()
                } else {
                    format!("partitions {}", names.join(", "))
                };
                format!(
                    "partitioned by {method} ({}), {list}",
                    code_list(&p.columns)
                )
            }
        };
        badges.push(&partitioned);
    }
    match &t.row_security {
        Some(rls) if rls.force => badges.push("RLS forced"),
        Some(_) => badges.push("RLS enabled"),
        None => {}
    }
    if !badges.is_empty() {
        let _ = writeln!(out, "\n_{}_", badges.join(" · "));
    }

    out.push_str(
        "\n| Column | Type | Null | Default | Comment |\n\
         |---|---|---|---|---|\n",
    );
    for c in &t.columns {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&code(&c.name)),
            cell(&code(&match &c.collation {
                Some(co) => format!("{} COLLATE \"{co}\"", c.ty),
                None => c.ty.to_string(),
            })),
            if c.nullable { "NULL" } else { "NOT NULL" },
            cell(&column_default(c)),
            prose_cell(c.comment.as_deref().unwrap_or(""))
        );
    }

    keys(out, model, t);
    checks(out, &t.checks);
    indexes(out, &t.indexes);
    row_security(out, t);
    triggers(out, &t.triggers);
}

fn column_default(c: &Column) -> String {
    let mut parts = Vec::new();
    if let Some(d) = &c.default {
        parts.push(code(&default_value(d)));
    }
    if let Some(g) = &c.generated {
        parts.push(code(&format!(
            "GENERATED ALWAYS AS ({g}) {}",
            if c.virtual_generated {
                "VIRTUAL"
            } else {
                "STORED"
            }
        )));
    }
    match c.identity {
        Some(Identity::Always) => parts.push(code("GENERATED ALWAYS AS IDENTITY")),
        Some(Identity::ByDefault) => parts.push(code("GENERATED BY DEFAULT AS IDENTITY")),
        None => {}
    }
    parts.join(" ")
}

fn keys(out: &mut String, model: &Model, t: &Table) {
    if t.primary_key.is_none() && t.uniques.is_empty() && t.foreign_keys.is_empty() {
        return;
    }
    out.push_str(
        "\n**Keys**\n\n\
         | Constraint | Kind | Columns | References | On delete |\n\
         |---|---|---|---|---|\n",
    );
    if let Some(pk) = &t.primary_key {
        let _ = writeln!(
            out,
            "| {} | primary key | {} |  |  |",
            cell(&code(&pk.name)),
            cell(&code_list(&pk.columns))
        );
    }
    for u in &t.uniques {
        let _ = writeln!(
            out,
            "| {} | {} | {} |  |  |",
            cell(&code(&u.name)),
            if u.nulls_not_distinct {
                "unique, nulls not distinct"
            } else {
                "unique"
            },
            cell(&code_list(&u.columns))
        );
    }
    for fk in &t.foreign_keys {
        let mut action = fk.on_delete.sql().to_string();
        if fk.on_update != Default::default() {
            let _ = write!(action, " (on update {})", fk.on_update.sql());
        }
        let _ = writeln!(
            out,
            "| {} | foreign key | {} | {} ({}) | {} |",
            cell(&code(&fk.name)),
            cell(&code_list(&fk.columns)),
            cell(&table_link(model, &fk.ref_table)),
            cell(&code_list(&fk.ref_columns)),
            action
        );
    }
}

fn checks(out: &mut String, checks: &[Check]) {
    if checks.is_empty() {
        return;
    }
    out.push_str(
        "\n**Checks**\n\n\
         | Constraint | Expression |\n\
         |---|---|\n",
    );
    for c in checks {
        let _ = writeln!(
            out,
            "| {} | {} |",
            cell(&code(&c.name)),
            cell(&code(&c.expr))
        );
    }
}

fn indexes(out: &mut String, indexes: &[Index]) {
    if indexes.is_empty() {
        return;
    }
    out.push_str(
        "\n**Indexes**\n\n\
         | Index | Method | Keys | Unique | Predicate |\n\
         |---|---|---|---|---|\n",
    );
    for i in indexes {
        let mut keys = i
            .keys
            .iter()
            .map(|k| match k {
                IndexKey::Column {
                    name,
                    descending,
                    opclass,
                    collation,
                } => {
                    let mut s = name.clone();
                    if let Some(c) = collation {
                        let _ = write!(s, " COLLATE \"{c}\"");
                    }
                    if let Some(op) = opclass {
                        let _ = write!(s, " {op}");
                    }
                    if *descending {
                        s.push_str(" DESC");
                    }
                    s
                }
                IndexKey::Expression(e) => format!("({e})"),
            })
            .collect::<Vec<_>>()
            .join(", ");
        if !i.include.is_empty() {
            let _ = write!(keys, " INCLUDE ({})", i.include.join(", "));
        }
        let unique = match (i.unique, i.nulls_not_distinct) {
            (true, true) => "yes, nulls not distinct",
            (true, false) => "yes",
            (false, _) => "no",
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&code(&i.name)),
            i.method.sql(),
            cell(&code(&keys)),
            unique,
            cell(&i.predicate.as_deref().map(code).unwrap_or_default())
        );
    }
}

fn row_security(out: &mut String, t: &Table) {
    let state = match &t.row_security {
        Some(rls) if rls.force => "enabled and forced (applies to the table owner too)",
        Some(_) => "enabled, not forced",
        None => "disabled",
    };
    let _ = writeln!(out, "\n**Row-level security:** {state}.");
    if t.policies.is_empty() {
        return;
    }
    out.push_str(
        "\n| Policy | Command | Roles | USING | WITH CHECK |\n\
         |---|---|---|---|---|\n",
    );
    for p in &t.policies {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&code(&p.name)),
            policy_command(p),
            if p.roles.is_empty() {
                "PUBLIC".to_string()
            } else {
                cell(&code_list(&p.roles))
            },
            cell(&p.using.as_deref().map(code).unwrap_or_default()),
            cell(&p.with_check.as_deref().map(code).unwrap_or_default())
        );
    }
}

fn policy_command(p: &Policy) -> String {
    if p.permissive {
        p.command.sql().to_string()
    } else {
        format!("{} (restrictive)", p.command.sql())
    }
}

fn triggers(out: &mut String, triggers: &[Trigger]) {
    if triggers.is_empty() {
        return;
    }
    out.push_str(
        "\n**Triggers**\n\n\
         | Trigger | Timing | Events | For each | Function | When |\n\
         |---|---|---|---|---|---|\n",
    );
    for tr in triggers {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&code(&tr.name)),
            tr.timing.sql(),
            tr.events
                .iter()
                .map(|e| e.sql())
                .collect::<Vec<_>>()
                .join(" OR "),
            if tr.for_each_row { "row" } else { "statement" },
            cell(&code(&format!("{}()", tr.function))),
            cell(&tr.when.as_deref().map(code).unwrap_or_default())
        );
    }
}

fn signature(f: &Function) -> String {
    let args = f
        .args
        .iter()
        .map(|a| {
            if a.name.is_empty() {
                a.ty.clone()
            } else {
                format!("{} {}", a.name, a.ty)
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    format!("{}.{}({args})", f.schema, f.name)
}

// ---- Mermaid ----

/// Entity name of a table: `schema_table`, reduced to `[A-Za-z0-9_]`.
fn entity_name(schema: &str, table: &str) -> String {
    mermaid_word(&format!("{schema}_{table}"))
}

/// A Mermaid identifier: ASCII letters, digits and `_`, not starting with a digit.
fn mermaid_word(s: &str) -> String {
    let mut w: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        w.insert(0, '_');
    }
    w
}

/// Attribute type for the diagram: no spaces, parentheses or commas (`character
/// varying(20)` → `varchar_20`). Enum types of the diagram's schema lose their schema.
fn mermaid_type(ty: &ColumnType, schema: &str) -> String {
    let base = match ty {
        ColumnType::Numeric(Some((p, s))) => format!("numeric_{p}_{s}"),
        ColumnType::Varchar(None) => "varchar".to_string(),
        ColumnType::Varchar(Some(n)) => format!("varchar_{n}"),
        ColumnType::Char(n) => format!("char_{n}"),
        ColumnType::DoublePrecision => "float8".to_string(),
        ColumnType::Time => "time".to_string(),
        ColumnType::Timestamp => "timestamp".to_string(),
        ColumnType::Timestamptz => "timestamptz".to_string(),
        ColumnType::Enum { schema: s, name } if s == schema => name.clone(),
        ColumnType::Enum { schema: s, name } => format!("{s}_{name}"),
        ColumnType::Array(inner) => return format!("{}[]", mermaid_type(inner, schema)),
        other => other.to_string(),
    };
    let w = mermaid_word(&base);
    // Mermaid attribute types must begin with a letter.
    if w.starts_with('_') {
        format!("t{w}")
    } else {
        w
    }
}

// ---- Markdown ----

/// GitHub's heading anchor: lower case, punctuation other than `-` and `_` dropped,
/// spaces to `-`.
fn slug(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// A link to a table's section when the model has the table, its name in code otherwise.
fn table_link(model: &Model, q: &QualifiedName) -> String {
    let name = q.to_string();
    if model.table(q).is_some() {
        format!("[{}](#{})", code(&name), slug(&name))
    } else {
        code(&name)
    }
}

/// A code span holding `text` on one line: lines are trimmed and joined by a space, and
/// the fence is one backtick longer than the longest backtick run inside.
fn code(text: &str) -> String {
    let text = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    if text.starts_with('`') || text.ends_with('`') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

fn code_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|i| code(i.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Cell content: `|` escaped (GFM splits cells before parsing code spans, so this holds
/// inside code spans too) and no line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// Author-written prose in a cell: line breaks become `<br>`.
fn prose_cell(text: &str) -> String {
    cell(
        &text
            .trim()
            .lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("<br>"),
    )
}

/// Author-written prose as a paragraph: trimmed lines, no blank lines inside.
fn paragraph(text: &str) -> String {
    text.trim()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hims_model::{
        Check, Column, ColumnType, DefaultValue, EnumType, FkAction, ForeignKey, Function,
        FunctionLanguage, Index, IndexKey, Partitioning, Policy, PolicyCommand, PrimaryKey,
        RowSecurity, Schema, Table, Trigger, TriggerEvent, TriggerTiming, Unique, View, Volatility,
    };

    fn schema(name: &str, comment: &str) -> Schema {
        Schema {
            name: name.into(),
            comment: Some(comment.into()),
            naming_rules: true,
            origin: Default::default(),
        }
    }

    fn tenants() -> Table {
        let mut t = Table::new("core", "tenants");
        t.comment = Some("Hospitals and clinics using the system.".into());
        t.columns.push(Column::new("id", ColumnType::Uuid, false));
        t.columns
            .push(Column::new("code", ColumnType::Varchar(Some(20)), false));
        t.primary_key = Some(PrimaryKey {
            name: "tenants_pkey".into(),
            columns: vec!["id".into()],
            deferral: Default::default(),
        });
        t.uniques.push(Unique {
            name: "tenants_code_key".into(),
            columns: vec!["code".into()],
            nulls_not_distinct: false,
            deferral: Default::default(),
        });
        t
    }

    fn patients() -> Table {
        let mut t = Table::new("core", "patients");
        t.comment = Some("People registered at a tenant.".into());
        t.tenant_scoped = true;
        t.columns.push(Column::new("id", ColumnType::Uuid, false));
        t.columns
            .push(Column::new("tenant_id", ColumnType::Uuid, false));
        let mut gender = Column::new(
            "gender",
            ColumnType::Enum {
                schema: "core".into(),
                name: "gender".into(),
            },
            false,
        );
        gender.default = Some(DefaultValue::Text("unknown".into()));
        gender.comment = Some("Self-declared | as recorded\nat registration.".into());
        t.columns.push(gender);
        t.columns.push(Column::new(
            "weight_kg",
            ColumnType::Numeric(Some((5, 2))),
            true,
        ));
        t.columns.push(Column::new(
            "aliases",
            ColumnType::Array(Box::new(ColumnType::Varchar(Some(60)))),
            true,
        ));
        t.primary_key = Some(PrimaryKey {
            name: "patients_pkey".into(),
            columns: vec!["id".into()],
            deferral: Default::default(),
        });
        t.checks.push(Check {
            name: "patients_weight_kg_check".into(),
            expr: "weight_kg IS NULL OR weight_kg > 0 OR gender::text || 'x' = '`x'".into(),
        });
        t.foreign_keys.push(ForeignKey {
            name: "patients_tenant_id_fkey".into(),
            columns: vec!["tenant_id".into()],
            ref_table: QualifiedName::new("core", "tenants"),
            ref_columns: vec!["id".into()],
            on_delete: FkAction::Restrict,
            on_update: Default::default(),
            deferral: Default::default(),
        });
        t.indexes.push(Index {
            name: "patients_tenant_id_idx".into(),
            keys: vec![
                IndexKey::column("tenant_id"),
                IndexKey::Expression("lower(aliases[1])".into()),
            ],
            unique: false,
            method: Default::default(),
            predicate: Some("weight_kg IS NOT NULL".into()),
            include: Vec::new(),
            nulls_not_distinct: false,
        });
        t.row_security = Some(RowSecurity { force: true });
        t.policies.push(Policy {
            name: "tenant_isolation".into(),
            permissive: true,
            command: PolicyCommand::All,
            roles: Vec::new(),
            using: Some("tenant_id = core.current_tenant_id()".into()),
            with_check: Some("tenant_id = core.current_tenant_id()".into()),
        });
        t.triggers.push(Trigger {
            name: "patients_touch".into(),
            timing: TriggerTiming::Before,
            events: vec![TriggerEvent::Insert, TriggerEvent::Update],
            for_each_row: true,
            function: QualifiedName::new("core", "touch"),
            when: None,
            args: Vec::new(),
            update_of: Vec::new(),
            constraint: None,
            old_table: None,
            new_table: None,
        });
        t
    }

    fn invoices() -> Table {
        let mut t = Table::new("billing", "invoices");
        t.columns.push(Column::new("id", ColumnType::BigInt, false));
        t.columns
            .push(Column::new("patient_id", ColumnType::Uuid, true));
        t.primary_key = Some(PrimaryKey {
            name: "invoices_pkey".into(),
            columns: vec!["id".into()],
            deferral: Default::default(),
        });
        t.foreign_keys.push(ForeignKey {
            name: "invoices_patient_id_fkey".into(),
            columns: vec!["patient_id".into()],
            ref_table: QualifiedName::new("core", "patients"),
            ref_columns: vec!["id".into()],
            on_delete: FkAction::SetNull,
            on_update: FkAction::Cascade,
            deferral: Default::default(),
        });
        t.partition_by = Some(Partitioning {
            method: PartitionMethod::Range,
            columns: vec!["id".into()],
        });
        t
    }

    fn model() -> Model {
        let mut m = Model {
            schemas: vec![
                schema("core", "Tenants and patients."),
                schema("billing", "Invoices."),
            ],
            enums: vec![EnumType {
                schema: "core".into(),
                name: "gender".into(),
                values: vec!["male".into(), "female".into(), "unknown".into()],
                comment: Some("Administrative gender.".into()),
                origin: Default::default(),
                renamed_values: Vec::new(),
            }],
            tables: vec![patients(), invoices(), tenants()],
            functions: vec![Function {
                schema: "core".into(),
                name: "touch".into(),
                kind: Default::default(),
                args: Vec::new(),
                returns: "trigger".into(),
                language: FunctionLanguage::Plpgsql,
                volatility: Volatility::Volatile,
                security_definer: false,
                strict: false,
                search_path: Vec::new(),
                settings: Default::default(),
                parallel: Default::default(),
                leakproof: false,
                cost: None,
                rows: None,
                body: "BEGIN RETURN NEW; END".into(),
                comment: Some("Sets updated_at.".into()),
                depends_on: Vec::new(),
                origin: Default::default(),
            }],
            views: vec![View {
                schema: "billing".into(),
                name: "open_invoices".into(),
                query: "SELECT * FROM billing.invoices".into(),
                security_invoker: true,
                comment: Some("Unpaid invoices.".into()),
                depends_on: vec![QualifiedName::new("billing", "invoices")],
                materialized: None,
                origin: Default::default(),
            }],
            roles: vec![Role {
                name: "hims_app".into(),
                login: true,
                bypass_rls: false,
                member_of: vec!["hims_read".into()],
                comment: None,
                settings: [("statement_timeout".to_string(), "30s".to_string())].into(),
            }],
            ..Default::default()
        };
        m.canonicalize();
        m
    }

    fn diagrams(doc: &str) -> Vec<&str> {
        doc.split("```mermaid\n")
            .skip(1)
            .map(|rest| rest.split("```").next().unwrap())
            .collect()
    }

    #[test]
    fn every_schema_with_tables_gets_an_er_diagram_with_its_foreign_keys() {
        let doc = schema_reference(&model());
        let d = diagrams(&doc);
        assert_eq!(d.len(), 2, "billing and core");
        assert!(d.iter().all(|d| d.starts_with("erDiagram\n")));
        let core = d[1];
        assert!(core.contains("    core_patients {\n"), "{core}");
        assert!(
            core.contains("    core_tenants ||--o{ core_patients : \"patients_tenant_id_fkey\"\n"),
            "{core}"
        );
        assert!(core.contains("        uuid id PK\n"), "{core}");
        assert!(core.contains("        uuid tenant_id FK\n"), "{core}");
        assert!(core.contains("        varchar_20 code UK\n"), "{core}");
        assert!(core.contains("        gender gender\n"), "{core}");
        assert!(core.contains("        numeric_5_2 weight_kg\n"), "{core}");
        assert!(core.contains("        varchar_60[] aliases\n"), "{core}");
        // The cross-schema key is listed under the billing diagram, not drawn.
        assert!(!d[0].contains("--"), "{}", d[0]);
        assert!(doc.contains(
            "- [`billing.invoices`](#billinginvoices) (`patient_id`) → \
             [`core.patients`](#corepatients) (`id`): `invoices_patient_id_fkey`\n"
        ));
    }

    #[test]
    fn mermaid_types_and_names_have_no_spaces_parentheses_or_commas() {
        let cases = [
            (ColumnType::Varchar(Some(20)), "varchar_20"),
            (ColumnType::Numeric(Some((12, 2))), "numeric_12_2"),
            (ColumnType::Timestamptz, "timestamptz"),
            (ColumnType::DoublePrecision, "float8"),
            (ColumnType::Char(6), "char_6"),
            (
                ColumnType::Enum {
                    schema: "core".into(),
                    name: "gender".into(),
                },
                "core_gender",
            ),
            (
                ColumnType::Array(Box::new(ColumnType::Timestamp)),
                "timestamp[]",
            ),
        ];
        for (ty, expected) in cases {
            assert_eq!(mermaid_type(&ty, "billing"), expected);
        }
        assert_eq!(entity_name("core", "we-ird name"), "core_we_ird_name");
        assert_eq!(mermaid_word("1st"), "_1st");
    }

    #[test]
    fn a_column_row_has_type_nullability_default_and_an_escaped_comment() {
        let doc = schema_reference(&model());
        assert!(
            doc.contains(
                "| `gender` | `core.gender` | NOT NULL | `'unknown'` | \
                 Self-declared \\| as recorded<br>at registration. |\n"
            ),
            "{doc}"
        );
        assert!(doc.contains("| `weight_kg` | `numeric(5,2)` | NULL |  |  |\n"));
    }

    #[test]
    fn a_domain_row_has_base_default_not_null_and_checks() {
        let mut m = model();
        let mut d = hims_model::Domain::new("core", "positive", ColumnType::Integer);
        d.default = Some("1".into());
        d.not_null = true;
        d.checks.push(Check {
            name: "positive_check".into(),
            expr: "VALUE > 0".into(),
        });
        d.comment = Some("A count | never zero.".into());
        m.domains.push(d);
        let doc = schema_reference(&m);
        assert!(
            doc.contains("### Domains (core)")
                && doc.contains(
                    "| `core.positive` | `integer` | `1` | yes | `positive_check: VALUE > 0` | A count \\| never zero. |"
                ),
            "{doc}"
        );
        assert!(!schema_reference(&model()).contains("### Domains"));
    }

    #[test]
    fn a_composite_type_row_lists_its_attributes_in_order() {
        let mut m = model();
        let mut c = hims_model::CompositeType::new(
            "core",
            "address",
            vec![
                hims_model::CompositeAttribute::new("street", ColumnType::Text),
                hims_model::CompositeAttribute {
                    collation: Some("C".into()),
                    ..hims_model::CompositeAttribute::new("city", ColumnType::Text)
                },
            ],
        );
        c.comment = Some("Where a parcel goes.".into());
        m.composites.push(c);
        let doc = schema_reference(&m);
        assert!(
            doc.contains("### Composite types (core)")
                && doc.contains("| `core.address` | ")
                && doc.contains("street text")
                && doc.contains("city text COLLATE \"C\"")
                && doc.contains("| Where a parcel goes. |"),
            "{doc}"
        );
        assert!(!schema_reference(&model()).contains("### Composite types"));
    }

    #[test]
    fn pipes_and_backticks_in_expressions_are_escaped() {
        let doc = schema_reference(&model());
        assert!(
            doc.contains(
                "| `patients_weight_kg_check` | \
                 ``weight_kg IS NULL OR weight_kg > 0 OR gender::text \\|\\| 'x' = '`x'`` |\n"
            ),
            "{doc}"
        );
        assert_eq!(code("`a`"), "`` `a` ``");
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }

    #[test]
    fn summary_counts_every_schema_and_totals() {
        let doc = schema_reference(&model());
        assert!(doc.contains("by `cargo xtask baseline`; do not edit."));
        assert!(doc.contains("| [`billing`](#billing) | 1 | 0 | 0 | 1 |\n"));
        assert!(doc.contains("| [`core`](#core) | 2 | 1 | 1 | 0 |\n"));
        assert!(doc.contains("| **Total** | **3** | **1** | **1** | **1** |\n"));
        assert!(
            doc.contains(
                "| `hims_app` | yes | no | `hims_read` | `statement_timeout = 30s` |  |\n"
            )
        );
    }

    #[test]
    fn the_document_does_not_depend_on_declaration_order() {
        let a = model();
        let mut b = a.clone();
        b.tables.reverse();
        b.schemas.reverse();
        b.canonicalize();
        assert_eq!(schema_reference(&a), schema_reference(&b));
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!("schema_reference", schema_reference(&model()));
    }
}
