//! Everything that can go wrong, with Flyway's wording where Flyway has one.

use crate::script::SplitError;
use std::fmt;

/// A problem found by validation (§6), with Flyway's wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub version: Option<String>,
    pub script: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A statement of a migration failed.
#[derive(Debug, Clone)]
pub struct StatementError {
    /// The file (relative to the migrations directory).
    pub script: String,
    /// Line where the failing statement starts.
    pub line: usize,
    /// Line PostgreSQL points at (its error position), when it gave one.
    pub error_line: Option<usize>,
    /// First line of the failing statement.
    pub statement: String,
    pub sqlstate: Option<String>,
    /// PostgreSQL's message (or the connection error).
    pub message: String,
    pub detail: Option<String>,
    pub hint: Option<String>,
    /// PostgreSQL's CONTEXT (e.g. the PL/pgSQL line inside a DO block).
    pub context: Option<String>,
    /// Whether the migration ran in a transaction (then everything was rolled back).
    pub transactional: bool,
    /// For a non-transactional migration: the installed_rank of the `success = false` row
    /// written, or why it could not be written.
    pub failed_row: Option<Result<i32, String>>,
    /// The history table, for the message.
    pub table: String,
}

impl fmt::Display for StatementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.error_line {
            Some(l) if l != self.line => write!(
                f,
                "Migration {} failed at line {l} (statement starting at line {}): {}",
                self.script, self.line, self.statement
            )?,
            _ => write!(
                f,
                "Migration {} failed at line {}: {}",
                self.script, self.line, self.statement
            )?,
        }
        write!(f, "\n  ERROR: {}", self.message)?;
        if let Some(s) = &self.sqlstate {
            write!(f, " (SQLSTATE {s})")?;
        }
        if let Some(d) = &self.detail {
            write!(f, "\n  DETAIL: {d}")?;
        }
        if let Some(h) = &self.hint {
            write!(f, "\n  HINT: {h}")?;
        }
        if let Some(c) = &self.context {
            write!(f, "\n  CONTEXT: {}", c.replace('\n', "\n           "))?;
        }
        if self.transactional {
            write!(
                f,
                "\nChanges successfully rolled back: the database is as it was before {} and no row was written to {}.\n\
                 What to do: fix the cause above (usually the data; leave the released file as it is), then run `migrate` again.",
                self.script, self.table
            )
        } else {
            write!(
                f,
                "\n{} ran outside a transaction (executeInTransaction=false): the statements before line {} stay committed.",
                self.script, self.line
            )?;
            match &self.failed_row {
                Some(Ok(rank)) => write!(
                    f,
                    " A failed row (success = false, installed_rank {rank}) was written to {}; migrate refuses to run until it is repaired.\n\
                     What to do: (1) fix the cause above (usually the data; leave the released file as it is); \
                     (2) run `repair` (hims-migrate repair, cargo xtask repair: it removes the failed row); \
                     (3) run `migrate` again: {} runs again from its first statement.",
                    self.table, self.script
                ),
                Some(Err(e)) => write!(
                    f,
                    " Writing the failed row to {} also failed: {e}",
                    self.table
                ),
                None => Ok(()),
            }
        }
    }
}

/// Everything that can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot connect to PostgreSQL: {0}")]
    Connect(String),
    #[error("{context}: {message}")]
    Database { context: String, message: String },
    /// Problems with the migration files (all of them).
    #[error("{}", .0.join("\n"))]
    Files(Vec<String>),
    /// A file could not be split into statements.
    #[error("{script}: {source}")]
    Parse { script: String, source: SplitError },
    #[error(
        "Number of retries exceeded while attempting to acquire PostgreSQL advisory lock {key} for {table} \
         ({retries} retries, 1 s apart): another migration (Flyway or this runner) is running{}. \
         Wait for it to finish, or allow more retries (--lock-retry-count, negative waits forever)",
        holder_text(.holders)
    )]
    Lock {
        key: i64,
        table: String,
        retries: i32,
        holders: Vec<i32>,
    },
    /// The history contains `success = false` rows.
    #[error(
        "{table} contains {} failed migration(s): {}. What to do: (1) fix the cause the error named (usually the data), \
         leaving the released files as they are; (2) run `repair` (hims-migrate repair, cargo xtask repair: it removes the failed row(s)); \
         (3) run `migrate` again: the failed file runs again from its first statement",
        .failed.len(),
        .failed.join("; ")
    )]
    FailedMigration { table: String, failed: Vec<String> },
    #[error(
        "Validate failed: Migrations have failed validation ({} problem(s))\n{}",
        .problems.len(),
        .problems.iter().map(|p| format!("- {}", p.message.replace('\n', "\n  "))).collect::<Vec<_>>().join("\n")
    )]
    Validation { problems: Vec<Problem> },
    /// No history and objects present: Flyway refuses too (unless baselineOnMigrate).
    #[error(
        "Found a non-empty database but no applied migrations in {table}: {total} object(s), e.g. {}. \
         Refusing to apply the migrations to it. If it already has the schema of some version N \
         (e.g. restored from an export), mark it as being at N first (`cargo xtask db-baseline --version N`, \
         i.e. runner::baseline; Flyway: `flyway baseline -baselineVersion=N`), then migrate applies only the later versions",
        .objects.join(", ")
    )]
    NotEmpty {
        table: String,
        objects: Vec<String>,
        total: i64,
    },
    #[error("{0}")]
    Statement(Box<StatementError>),
    /// A refusal that is not a database error (undo, baseline, mixed statements, …).
    #[error("{0}")]
    Refused(String),
}

pub(crate) fn holder_text(holders: &[i32]) -> String {
    if holders.is_empty() {
        String::new()
    } else {
        format!(
            " (held by backend pid {})",
            holders
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// The whole message of a `postgres` error: for a server error its message, detail and
/// hint; otherwise the error and its causes.
pub(crate) use hims_connect::pg_message;

pub(crate) fn db(context: impl Into<String>) -> impl FnOnce(postgres::Error) -> Error {
    let context = context.into();
    move |e| Error::Database {
        context,
        message: pg_message(&e),
    }
}
