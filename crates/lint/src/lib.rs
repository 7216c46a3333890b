//! Lints migration SQL with [squawk](https://squawkhq.com)'s rules, through the
//! `squawk-linter` crate used as a library.
//!
//! The script is parsed and linted the way the squawk CLI does it (`squawk` 2.x,
//! `reporter.rs`): `squawk_syntax::SourceFile::parse`, syntax errors first, then
//! `squawk_linter::Linter::with_rules(include, exclude)` with its `pg_version` and
//! `assume_in_transaction` settings, and `Linter::lint(&parse, sql)`. Each violation becomes a
//! [`Finding`] that names the top-level statement it is about.
//!
//! [`lint`] is squawk with no configuration; [`lint_with`] takes [`LintOptions`], and
//! [`LintOptions::hims`] is how our migrations are deployed (Flyway, one transaction per
//! migration, PostgreSQL 15) with the rules that do not apply to that deployment left out
//! ([`HIMS_EXCLUDED_RULES`] says why, rule by rule).
//!
//! Squawk itself lints top-level statements only: the statements inside a `DO` block are
//! invisible to it. Our generated SQL wraps most DDL (`ADD CONSTRAINT`, `CREATE TYPE`,
//! `CREATE ROLE`, …) in `DO` blocks that check for the object first, so
//! [`LintOptions::lint_do_blocks`] (on in [`LintOptions::hims`]) lifts the SQL statements
//! of each PL/pgSQL `DO` block to the top level before linting; see [`lint_with`].
//!
//! Syntax errors are those of squawk's SQL parser, which also checks `LANGUAGE sql` function
//! bodies. PL/pgSQL bodies are not checked: squawk 2.68's PL/pgSQL parser still rejects valid
//! code (`SELECT … INTO v`, `UPDATE … RETURNING … INTO v`).

use std::fmt;
use std::ops::Range;

use squawk_linter::{Linter, Rule, Version};
use squawk_syntax::ast::{self, AstNode};
use squawk_syntax::{Parse, SourceFile};

/// Longest statement excerpt kept in a [`Finding`] or a [`LintError`], in characters.
const EXCERPT_CHARS: usize = 120;

/// One squawk finding on a migration script.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    /// The squawk rule name, e.g. `"prefer-robust-stmts"`.
    pub rule: String,
    /// Squawk's message.
    pub message: String,
    /// Squawk's advice, when it has some.
    pub help: Option<String>,
    /// 1-based line of the statement in the script (for a statement lifted from a `DO` block,
    /// the line of that statement inside the block).
    pub line: usize,
    /// The offending statement's first line, trimmed and cut to 120 characters.
    pub statement: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: {}: {} [{}]",
            self.line, self.rule, self.message, self.statement
        )?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// Why a script could not be linted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LintError {
    /// Squawk's parser rejected the script. The first error (in script order) is named;
    /// `more` counts the others.
    #[error(
        "SQL does not parse at line {line}, column {column}: {message} (in `{excerpt}`){}",
        more_errors(*.more)
    )]
    Parse {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column (in characters) of the error.
        column: usize,
        /// Squawk's message, e.g. `expected name`.
        message: String,
        /// The line the error is on, trimmed and cut to 120 characters.
        excerpt: String,
        /// How many further syntax errors the script has.
        more: usize,
    },
    /// A name in [`LintOptions::excluded_rules`] is not a squawk rule.
    #[error("unknown squawk rule `{0}` in excluded_rules")]
    UnknownRule(String),
    /// [`LintOptions::pg_version`] is not a version squawk can take.
    #[error("invalid PostgreSQL major version {0}")]
    PgVersion(u32),
}

fn more_errors(more: usize) -> String {
    match more {
        0 => String::new(),
        1 => " and 1 more syntax error".to_owned(),
        n => format!(" and {n} more syntax errors"),
    }
}

/// How to lint: which of squawk's default rules to leave out, and the settings squawk's
/// rules depend on.
///
/// `LintOptions::default()` is squawk with no configuration (what [`lint`] uses);
/// [`LintOptions::hims`] is how hims-schema deploys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintOptions {
    /// Squawk rule names not to report (squawk's `--exclude`), e.g. `"ban-char-field"`.
    pub excluded_rules: Vec<String>,
    /// The script runs inside a transaction it does not open itself (squawk's
    /// `--assume-in-transaction`), as Flyway runs a migration. Set it to `false` for a
    /// migration Flyway runs outside a transaction (`CREATE INDEX CONCURRENTLY`, a separate
    /// `VALIDATE CONSTRAINT`).
    pub assume_in_transaction: bool,
    /// The PostgreSQL major version migrations run on (squawk's `--pg-version`); `None` is
    /// squawk's default (15).
    pub pg_version: Option<u32>,
    /// Also lint the SQL statements inside PL/pgSQL `DO` blocks (not a squawk setting; see
    /// [`lint_with`]).
    pub lint_do_blocks: bool,
}

/// One of squawk's default rules that does not apply to how hims-schema deploys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExcludedRule {
    /// The squawk rule name.
    pub rule: &'static str,
    /// Why it does not apply.
    pub reason: &'static str,
}

/// The squawk rules [`LintOptions::hims`] leaves out, each with the reason.
///
/// All four are about column types, not about how a migration runs: the types are chosen
/// (and reviewed) in `schema-defs`, where `varchar = N`, `char = N` and `i16`/`i32` are
/// explicit choices, and our keys are `uuid` or `bigint` identities. Squawk flags every such
/// column of every `CREATE TABLE`, which would bury the findings about locks and rewrites.
pub const HIMS_EXCLUDED_RULES: &[ExcludedRule] = &[
    ExcludedRule {
        rule: "ban-char-field",
        reason: "`char(n)` is an explicit `#[column(char = N)]` choice for fixed-length codes",
    },
    ExcludedRule {
        rule: "prefer-bigint-over-int",
        reason: "`integer` columns are explicit `i32` fields (counts, amounts, sequence \
                 numbers), not keys: keys are uuid or bigint identities",
    },
    ExcludedRule {
        rule: "prefer-bigint-over-smallint",
        reason: "`smallint` columns are explicit `i16` fields with small domains, not keys",
    },
    ExcludedRule {
        rule: "prefer-text-field",
        reason: "`varchar(n)` is an explicit `#[column(varchar = N)]` limit from the domain \
                 (ABHA numbers, codes); widening one later is a reviewed change in its own \
                 migration",
    },
];

/// The PostgreSQL major version hims-schema targets.
pub const HIMS_PG_VERSION: u32 = 15;

impl LintOptions {
    /// How hims-schema deploys: Flyway runs each migration in its own transaction (the
    /// generated SQL has no BEGIN/COMMIT), on PostgreSQL 15; the rules in
    /// [`HIMS_EXCLUDED_RULES`] are left out and `DO` blocks are linted too.
    ///
    /// With `assume_in_transaction`, squawk itself stops asking for `IF NOT EXISTS` and
    /// friends (`prefer-robust-stmts`: a failed migration rolls back whole), accepts
    /// constraints and indexes on tables created earlier in the same migration, and flags
    /// what cannot or should not run in a transaction (`CREATE INDEX CONCURRENTLY`:
    /// `ban-concurrent-index-creation-in-transaction`; `NOT VALID` then `VALIDATE` in the same
    /// migration: `constraint-missing-not-valid`; `BEGIN`/`COMMIT`: `transaction-nesting`).
    pub fn hims() -> Self {
        LintOptions {
            excluded_rules: HIMS_EXCLUDED_RULES
                .iter()
                .map(|excluded| excluded.rule.to_owned())
                .collect(),
            assume_in_transaction: true,
            pg_version: Some(HIMS_PG_VERSION),
            lint_do_blocks: true,
        }
    }
}

/// Lint a whole SQL script (several statements, possibly DO blocks and $$-quoted bodies) with
/// squawk's default rules and settings.
pub fn lint(sql: &str) -> Result<Vec<Finding>, LintError> {
    lint_with(sql, &LintOptions::default())
}

/// Lint a whole SQL script with `options`: the rules in `options.excluded_rules` are not
/// reported, and squawk's transaction and version settings are taken from `options`.
///
/// With `options.lint_do_blocks`, each SQL statement inside a PL/pgSQL `DO` block is linted
/// as if it stood at the top level where it is written (the rest of the block is blanked out,
/// so lines do not move), in script order with the other statements. What is not lifted:
/// dynamic SQL (`EXECUTE format(…)`), statements in a single-quoted (escaped) body, and
/// PL/pgSQL-only forms that do not parse as SQL on their own. `prefer-robust-stmts` is not
/// reported for a lifted statement: the `IF NOT EXISTS (…)` test around it is what makes it
/// rerunnable, and squawk cannot see that. Function bodies are never lifted: they run when
/// called, not when the migration runs.
///
/// Findings are sorted by line, then rule, then position in the script.
pub fn lint_with(sql: &str, options: &LintOptions) -> Result<Vec<Finding>, LintError> {
    let excluded = options
        .excluded_rules
        .iter()
        .map(|name| {
            name.parse::<Rule>()
                .map_err(|_| LintError::UnknownRule(name.clone()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut linter = Linter::with_rules(&[], &excluded);
    if let Some(major) = options.pg_version {
        linter.settings.pg_version = major
            .to_string()
            .parse::<Version>()
            .map_err(|_| LintError::PgVersion(major))?;
    }
    linter.settings.assume_in_transaction = options.assume_in_transaction;

    let lines = LineIndex::new(sql);
    let parse = SourceFile::parse(sql);
    let errors = parse.errors();
    if let Some(first) = errors.first() {
        let offset = usize::from(first.range().start());
        let (line, column) = lines.line_col(sql, offset);
        return Err(LintError::Parse {
            line,
            column,
            message: first.message().to_owned(),
            excerpt: excerpt(lines.line_text(sql, line)),
            more: errors.len() - 1,
        });
    }

    // The script squawk lints: the original, or the one with DO-block statements lifted.
    // Both have the same length and the same line breaks, so offsets and lines carry over.
    let lifted = if options.lint_do_blocks {
        lift_do_blocks(sql, &parse.tree())
    } else {
        None
    };
    let (text, parse, lifted_ranges) = match &lifted {
        Some((text, parse, ranges)) => (text.as_str(), parse, ranges.as_slice()),
        None => (sql, &parse, &[][..]),
    };

    // Where each top-level statement starts (its first token that is not a comment or
    // whitespace) and ends, in script order.
    let statements: Vec<Range<usize>> = parse
        .tree()
        .stmts()
        .map(|stmt| {
            let node = stmt.syntax();
            let range = node.text_range();
            let start = node
                .descendants_with_tokens()
                .filter_map(|element| element.into_token())
                .find(|token| !token.kind().is_trivia())
                .map_or(range.start(), |token| token.text_range().start());
            usize::from(start)..usize::from(range.end())
        })
        .collect();

    let mut findings: Vec<(Finding, usize)> = linter
        .lint(parse, text)
        .into_iter()
        .filter(|violation| !excluded.contains(&violation.code))
        .filter_map(|violation| {
            let offset = usize::from(violation.text_range.start());
            let in_lifted = lifted_ranges.iter().any(|range| range.contains(&offset));
            if in_lifted && violation.code == Rule::PreferRobustStmts {
                return None;
            }
            // The statement the violation is in; fall back on the violation's own position.
            let at = statements.partition_point(|statement| statement.end <= offset);
            let start = statements
                .get(at)
                .filter(|statement| statement.contains(&offset))
                .map_or(offset, |statement| statement.start);
            let finding = Finding {
                rule: violation.code.to_string(),
                message: violation.message,
                help: violation.help,
                line: lines.line_col(text, start).0,
                statement: excerpt(text[start..].lines().next().unwrap_or_default()),
            };
            Some((finding, offset))
        })
        .collect();
    findings.sort_by(|(a, a_offset), (b, b_offset)| {
        (a.line, &a.rule, a_offset, &a.message).cmp(&(b.line, &b.rule, b_offset, &b.message))
    });
    Ok(findings.into_iter().map(|(finding, _)| finding).collect())
}

/// `sql` with every PL/pgSQL `DO` block replaced by the SQL statements inside it, each where
/// it is written: everything else in the block becomes spaces (line breaks stay). Returns the
/// new script, its parse and the byte ranges of the lifted statements, or `None` when no
/// statement was lifted (or, defensively, when the new script does not parse).
fn lift_do_blocks(
    sql: &str,
    file: &SourceFile,
) -> Option<(String, Parse<SourceFile>, Vec<Range<usize>>)> {
    let mut bytes = sql.as_bytes().to_vec();
    let mut lifted = Vec::new();
    for stmt in file.stmts() {
        let ast::Stmt::Do(block) = stmt else {
            continue;
        };
        let Some(body) = block.plpgsql() else {
            continue;
        };
        let kept: Vec<Range<usize>> = body
            .syntax()
            .descendants()
            .filter_map(ast::PlpgsqlExecSqlStmt::cast)
            .filter_map(|exec| {
                let range = exec.syntax().text_range();
                let inner = body
                    .text()
                    .get(usize::from(range.start())..usize::from(range.end()))?;
                let source = body.source_range(range);
                let source = usize::from(source.start())..usize::from(source.end());
                // Only where the body is the source text as written ($$-quoted), and only
                // statements that are SQL on their own.
                (sql.get(source.clone()) == Some(inner)
                    && SourceFile::parse(inner).errors().is_empty())
                .then_some(source)
            })
            .collect();
        if kept.is_empty() {
            continue;
        }
        let range = block.syntax().text_range();
        let start = usize::from(range.start());
        for (at, byte) in bytes[start..usize::from(range.end())]
            .iter_mut()
            .enumerate()
            .map(|(at, byte)| (start + at, byte))
        {
            if *byte != b'\n' && !kept.iter().any(|range| range.contains(&at)) {
                *byte = b' ';
            }
        }
        lifted.extend(kept);
    }
    if lifted.is_empty() {
        return None;
    }
    // Whole UTF-8 sequences were replaced by ASCII spaces, so this cannot fail.
    let text = String::from_utf8(bytes).ok()?;
    let parse = SourceFile::parse(&text);
    parse.errors().is_empty().then_some((text, parse, lifted))
}

/// `text` trimmed and cut to [`EXCERPT_CHARS`] characters.
fn excerpt(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Byte offsets where each line of a script starts.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex { starts }
    }

    /// 1-based line and 1-based column (in characters) of byte `offset` in `text`.
    fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let column = text
            .get(start..offset)
            .map_or(1, |before| before.chars().count() + 1);
        (line, column)
    }

    /// The text of 1-based `line`, without its line break.
    fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let start = self.starts[line - 1];
        text[start..].lines().next().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
