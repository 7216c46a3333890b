//! A Flyway-compatible migration runner for PostgreSQL: `migrate`, `info`, `validate`,
//! `undo` and `baseline` over the same `flyway_schema_history` table, rows, checksums and
//! advisory lock as Flyway (`/work/shared/reference/flyway-compat.md`), so a database can
//! be handed from this runner to Flyway and back at any point.
//!
//! What is shared with Flyway, exactly:
//!
//! * file names, versions and descriptions (§1, [`parse_migration_name`]); `V` versioned,
//!   `B` baseline migrations (type `SQL_BASELINE`), `U` undo migrations (Flyway Teams'
//!   `UNDO_SQL`); files are found recursively under the directory and `script` is the path
//!   relative to it, like a Flyway location;
//! * the checksum (§2, [`flyway_checksum`]) of the raw file;
//! * the history table's DDL, primary key and index names, and every row's values (§3);
//! * the advisory-lock key (§4, [`lock_key`]). The lock is taken as a **session** lock
//!   (`pg_try_advisory_lock`, Flyway's `postgresql.transactional.lock=false` mode) on a
//!   dedicated, idle connection, retried every second, so no transaction of ours is open
//!   while a non-transactional migration runs `CREATE INDEX CONCURRENTLY` (which waits for
//!   every older transaction, §4 "Known consequence"). Session and transaction advisory
//!   locks share one lock space, so this runner and Flyway in either mode exclude each
//!   other;
//! * transactions (§5): each migration in its own transaction on one connection, together
//!   with its history row (atomic); outside a transaction when its `.sql.conf` sidecar says
//!   `executeInTransaction=false` or when all its statements are ones PostgreSQL refuses in
//!   a transaction (a mix is refused, as by Flyway); `search_path` set like Flyway's;
//! * validation (§6), with Flyway's messages; placeholders (§7) `${name}` and the
//!   `${flyway:…}` built-ins.
//!
//! Where this runner is deliberately stricter, see [`migrate`] (emptiness) and [`undo`].

use crate::script::{self, SplitError, Statement};
use hims_migrations::history::{
    MigrationName, Prefix, SIDECAR_SUFFIX, Version, flyway_checksum, parse_migration_name,
};
use postgres::{Client, GenericClient, NoTls};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Flyway's default history table.
pub const DEFAULT_TABLE: &str = "flyway_schema_history";
/// The default schema of the history table.
pub const DEFAULT_SCHEMA: &str = "public";
/// Flyway's default `lockRetryCount`.
pub const DEFAULT_LOCK_RETRY_COUNT: i32 = 50;
/// Description and script of the `BASELINE` marker row.
pub const BASELINE_DESCRIPTION: &str = "<< Flyway Baseline >>";
/// Description of the `SCHEMA` marker row written when the schema had to be created.
pub const SCHEMA_CREATION_DESCRIPTION: &str = "<< Flyway Schema Creation >>";
/// "Flyway" in ASCII: the base of the advisory-lock key.
pub const FLYWAY_LOCK_BASE: i64 = 0x466C_7977_6179;

/// Every `type` Flyway may have written; reading any other one is an error, as in Flyway.
const KNOWN_TYPES: &[&str] = &[
    "SQL",
    "SQL_BASELINE",
    "BASELINE",
    "SCHEMA",
    "DELETE",
    "UNDO_SQL",
    "JDBC",
    "JDBC_BASELINE",
    "UNDO_JDBC",
    "SCRIPT",
    "SCRIPT_BASELINE",
    "UNDO_SCRIPT",
    "CUSTOM",
    "UNDO_CUSTOM",
];

/// Flyway's callback event names (`beforeMigrate.sql`, `afterMigrate__x.sql`, …): not run
/// by this runner, so their presence is an error rather than a silent difference.
const CALLBACK_EVENTS: &[&str] = &[
    "beforeMigrate",
    "beforeRepeatables",
    "beforeEachMigrate",
    "beforeEachMigrateStatement",
    "afterEachMigrateStatement",
    "afterEachMigrateStatementError",
    "afterEachMigrate",
    "afterEachMigrateError",
    "afterMigrate",
    "afterMigrateApplied",
    "afterVersioned",
    "afterMigrateError",
    "beforeUndo",
    "beforeEachUndo",
    "beforeEachUndoStatement",
    "afterEachUndoStatement",
    "afterEachUndoStatementError",
    "afterEachUndo",
    "afterEachUndoError",
    "afterUndo",
    "afterUndoError",
    "beforeClean",
    "afterClean",
    "afterCleanError",
    "beforeInfo",
    "afterInfo",
    "afterInfoError",
    "beforeValidate",
    "afterValidate",
    "afterValidateError",
    "beforeBaseline",
    "afterBaseline",
    "afterBaselineError",
    "beforeRepair",
    "afterRepair",
    "afterRepairError",
    "createSchema",
    "beforeCreateSchema",
    "beforeConnect",
    "afterConnect",
];

// ---------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------

/// Where and how to migrate.
#[derive(Debug, Clone)]
pub struct Config {
    /// `postgresql://…` URL or libpq `key=value` string (no TLS).
    pub database_url: String,
    /// The migrations directory (searched recursively, like a Flyway location).
    pub dir: PathBuf,
    /// Schema of the history table (Flyway `defaultSchema`); created when missing.
    pub schema: String,
    /// The history table (Flyway `table`).
    pub table: String,
    /// The schemas that must be empty before a new database gets the baseline migration
    /// (Flyway `schemas`). Empty (the default): every non-system schema of the database,
    /// see [`migrate`].
    pub schemas: Vec<String>,
    /// Retries (1 s apart) to get the advisory lock; negative retries forever.
    pub lock_retry_count: i32,
    /// Apply migrations older than the newest applied one (Flyway `outOfOrder`).
    pub out_of_order: bool,
    /// Allow transactional and non-transactional statements in one migration; it then runs
    /// outside a transaction (Flyway `mixed`).
    pub mixed: bool,
    /// `installed_by` of written rows; default `current_user`.
    pub installed_by: Option<String>,
    /// Replace `${name}` placeholders (Flyway `placeholderReplacement`, default true).
    pub placeholder_replacement: bool,
    /// Placeholder values (Flyway `placeholders.<name>`), looked up case-insensitively.
    pub placeholders: BTreeMap<String, String>,
    /// Let [`validate`] accept migrations that are not applied yet (Flyway
    /// `ignoreMigrationPatterns=*:pending`; `migrate` always does).
    pub ignore_pending: bool,
}

impl Config {
    /// Flyway's defaults for everything but the database and the directory.
    pub fn new(database_url: impl Into<String>, dir: impl Into<PathBuf>) -> Config {
        Config {
            database_url: database_url.into(),
            dir: dir.into(),
            schema: DEFAULT_SCHEMA.to_string(),
            table: DEFAULT_TABLE.to_string(),
            schemas: Vec::new(),
            lock_retry_count: DEFAULT_LOCK_RETRY_COUNT,
            out_of_order: false,
            mixed: false,
            installed_by: None,
            placeholder_replacement: true,
            placeholders: BTreeMap::new(),
            ignore_pending: false,
        }
    }

    /// The history table as Flyway prints it: `"public"."flyway_schema_history"`.
    pub fn history_table(&self) -> String {
        format!("{}.{}", quote_ident(&self.schema), quote_ident(&self.table))
    }

    /// The advisory-lock key of this history table ([`lock_key`]).
    pub fn lock_key(&self) -> i64 {
        lock_key(&self.schema, &self.table)
    }
}

/// A PostgreSQL identifier in double quotes, as Flyway quotes it.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Java's `String.hashCode()`: `h = 31*h + c` over UTF-16 code units, wrapping.
pub fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(i32::from(c)))
}

/// Flyway's PostgreSQL advisory-lock key (§4): `0x466C79776179` plus the Java hash code of
/// the quoted, qualified table name, e.g. `"public"."flyway_schema_history"` →
/// 77433833903597.
pub fn lock_key(schema: &str, table: &str) -> i64 {
    let name = format!("{}.{}", quote_ident(schema), quote_ident(table));
    FLYWAY_LOCK_BASE + i64::from(java_string_hash(&name))
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

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
                "\nChanges successfully rolled back: the database is as it was before {} and no row was written to {}.",
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
                    " A failed row (success = false, installed_rank {rank}) was written to {}; migrate refuses to run until it is repaired: \
                     finish or revert the partial work, fix the file, then delete that row (what Flyway's `repair` does).",
                    self.table
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
        "{table} contains {} failed migration(s): {}. Repair needed: finish or revert what the failed migration did, \
         fix the file, then delete the failed row(s) (Flyway's `repair` does: DELETE FROM {table} WHERE \"success\" = FALSE)",
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

fn holder_text(holders: &[i32]) -> String {
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
fn pg_message(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut m = db.message().to_string();
        if let Some(d) = db.detail() {
            m.push_str(&format!(" (detail: {d})"));
        }
        if let Some(h) = db.hint() {
            m.push_str(&format!(" (hint: {h})"));
        }
        return m;
    }
    let mut m = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        m.push_str(": ");
        m.push_str(&s.to_string());
        source = s.source();
    }
    m
}

fn db(context: impl Into<String>) -> impl FnOnce(postgres::Error) -> Error {
    let context = context.into();
    move |e| Error::Database {
        context,
        message: pg_message(&e),
    }
}

// ---------------------------------------------------------------------------------------
// Migration files
// ---------------------------------------------------------------------------------------

/// A migration file found in the directory.
#[derive(Debug, Clone)]
pub struct ResolvedMigration {
    pub prefix: Prefix,
    pub version: Version,
    /// The description as Flyway derives it (underscores → spaces), not abbreviated.
    pub description: String,
    /// Path relative to the migrations directory with `/` separators (the `script` column).
    pub script: String,
    /// The file name alone.
    pub file_name: String,
    pub path: PathBuf,
    /// [`flyway_checksum`] of the raw file.
    pub checksum: i32,
    /// The text as executed: decoded as UTF-8 (invalid bytes replaced), BOM removed.
    pub sql: String,
    /// `executeInTransaction` from the `.sql.conf` sidecar.
    pub execute_in_transaction: Option<bool>,
    /// `placeholderReplacement` from the sidecar.
    pub placeholder_replacement: Option<bool>,
}

impl ResolvedMigration {
    /// The `type` of the row a run of this file writes.
    pub fn flyway_type(&self) -> &'static str {
        match self.prefix {
            Prefix::Versioned => "SQL",
            Prefix::Baseline => "SQL_BASELINE",
            Prefix::Undo => "UNDO_SQL",
        }
    }
}

/// Flyway's `abbreviateDescription`: at most 200 characters (197 + "...").
pub fn abbreviate_description(description: &str) -> String {
    if description.chars().count() <= 200 {
        description.to_string()
    } else {
        format!("{}...", description.chars().take(197).collect::<String>())
    }
}

/// Flyway's `abbreviateScript`: at most 1000 characters ("..." + characters 3..1000).
pub fn abbreviate_script(script: &str) -> String {
    if script.chars().count() <= 1000 {
        script.to_string()
    } else {
        format!(
            "...{}",
            script.chars().skip(3).take(997).collect::<String>()
        )
    }
}

struct Sidecar {
    execute_in_transaction: Option<bool>,
    placeholder_replacement: Option<bool>,
}

/// A `.sql.conf` sidecar: `key=value` lines (`#`/`!` comments), the keys Flyway knows.
fn parse_sidecar(text: &str, name: &str) -> Result<Sidecar, String> {
    let mut sidecar = Sidecar {
        execute_in_transaction: None,
        placeholder_replacement: None,
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!(
                "{name} line {}: expected key=value: {line:?}",
                n + 1
            ));
        };
        let (key, value) = (key.trim(), value.trim());
        // Java's Boolean.parseBoolean: "true" in any case, anything else is false.
        let boolean = value.eq_ignore_ascii_case("true");
        match key {
            "executeInTransaction" => sidecar.execute_in_transaction = Some(boolean),
            "placeholderReplacement" => sidecar.placeholder_replacement = Some(boolean),
            "encoding" => {
                if !matches!(value.to_ascii_uppercase().as_str(), "UTF-8" | "UTF8") {
                    return Err(format!(
                        "{name}: encoding={value} is not supported; migrations must be UTF-8"
                    ));
                }
            }
            "shouldExecute" => {
                return Err(format!(
                    "{name}: shouldExecute (Flyway Teams) is not supported by this runner"
                ));
            }
            _ => return Err(format!("{name}: unknown configuration property {key:?}")),
        }
    }
    Ok(sidecar)
}

fn walk(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        paths.push(entry.path());
    }
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, base, out)?;
        } else {
            let relative = path
                .strip_prefix(base)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((relative, path));
        }
    }
    Ok(())
}

/// Every `V`, `U` and `B` migration under `dir`, sorted by version then prefix. Reports all
/// problems at once: unreadable files, bad sidecars, two files with the same version and
/// prefix (Flyway: "Found more than one migration with version …"), and repeatable (`R__`)
/// or callback files, which Flyway would run but this runner does not. Other files,
/// including names Flyway cannot parse, are ignored like Flyway does.
pub fn resolve(dir: &Path) -> Result<Vec<ResolvedMigration>, Error> {
    if !dir.is_dir() {
        return Err(Error::Files(vec![format!(
            "the migrations directory {} does not exist",
            dir.display()
        )]));
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files).map_err(|e| Error::Files(vec![e]))?;
    let mut problems = Vec::new();
    let mut found: Vec<ResolvedMigration> = Vec::new();
    for (script, path) in &files {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let is_sql =
            file_name.len() > 4 && file_name[file_name.len() - 4..].eq_ignore_ascii_case(".sql");
        if !is_sql {
            continue;
        }
        let Some(MigrationName {
            prefix,
            version,
            description,
            ..
        }) = parse_migration_name(&file_name)
        else {
            let stem = &file_name[..file_name.len() - 4];
            let head = stem.split_once("__").map_or(stem, |(h, _)| h);
            if head == "R" {
                problems.push(format!(
                    "{script}: repeatable migrations (R__) are not supported by this runner; Flyway would run it"
                ));
            } else if CALLBACK_EVENTS.contains(&head) {
                problems.push(format!(
                    "{script}: Flyway callbacks are not supported by this runner; Flyway would run it"
                ));
            }
            continue;
        };
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                problems.push(format!("cannot read {}: {e}", path.display()));
                continue;
            }
        };
        let sidecar_path = path.with_file_name(format!("{file_name}{SIDECAR_SUFFIX}"));
        let sidecar = match std::fs::read_to_string(&sidecar_path) {
            Ok(text) => match parse_sidecar(&text, &format!("{script}{SIDECAR_SUFFIX}")) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(e);
                    continue;
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Sidecar {
                execute_in_transaction: None,
                placeholder_replacement: None,
            },
            Err(e) => {
                problems.push(format!("cannot read {}: {e}", sidecar_path.display()));
                continue;
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let sql = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
        found.push(ResolvedMigration {
            prefix,
            version,
            description,
            script: script.clone(),
            file_name,
            path: path.clone(),
            checksum: flyway_checksum(&bytes),
            sql,
            execute_in_transaction: sidecar.execute_in_transaction,
            placeholder_replacement: sidecar.placeholder_replacement,
        });
    }
    found.sort_by(|a, b| {
        a.version
            .cmp(&b.version)
            .then(a.prefix.cmp(&b.prefix))
            .then_with(|| a.script.cmp(&b.script))
    });
    for pair in found.windows(2) {
        if pair[0].prefix == pair[1].prefix && pair[0].version == pair[1].version {
            problems.push(format!(
                "Found more than one migration with version {}\nOffenders:\n-> {}\n-> {}",
                pair[1].version, pair[0].script, pair[1].script
            ));
        }
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(Error::Files(problems))
    }
}

// ---------------------------------------------------------------------------------------
// The history table
// ---------------------------------------------------------------------------------------

/// One row of the history table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub installed_rank: i32,
    pub version: Option<String>,
    pub description: String,
    /// The `type` column.
    pub kind: String,
    pub script: String,
    pub checksum: Option<i32>,
    /// `installed_on` as PostgreSQL prints a `timestamp`.
    pub installed_on: String,
    pub installed_by: String,
    pub execution_time: i32,
    pub success: bool,
}

/// The DDL Flyway runs for the history table on PostgreSQL (§3), with the baseline row
/// between the table and its constraints when `baseline_row` is given.
pub fn create_history_table_sql(schema: &str, table: &str, baseline_row: Option<&str>) -> String {
    let t = format!("{}.{}", quote_ident(schema), quote_ident(table));
    let mut sql = format!(
        "CREATE TABLE {t} (\n    \"installed_rank\" INT NOT NULL,\n    \"version\" VARCHAR(50),\n    \"description\" VARCHAR(200) NOT NULL,\n    \"type\" VARCHAR(20) NOT NULL,\n    \"script\" VARCHAR(1000) NOT NULL,\n    \"checksum\" INTEGER,\n    \"installed_by\" VARCHAR(100) NOT NULL,\n    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n    \"execution_time\" INTEGER NOT NULL,\n    \"success\" BOOLEAN NOT NULL\n);\n"
    );
    if let Some(row) = baseline_row {
        sql.push_str(row);
        sql.push('\n');
    }
    sql.push_str(&format!(
        "ALTER TABLE {t} ADD CONSTRAINT {} PRIMARY KEY (\"installed_rank\");\nCREATE INDEX {} ON {t} (\"success\");\n",
        quote_ident(&format!("{table}_pk")),
        quote_ident(&format!("{table}_s_idx")),
    ));
    sql
}

fn schema_exists(client: &mut Client, schema: &str) -> Result<bool, Error> {
    client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1)",
            &[&schema],
        )
        .map(|r| r.get(0))
        .map_err(db("look up the history schema"))
}

fn table_exists(client: &mut Client, config: &Config) -> Result<bool, Error> {
    client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p'))",
            &[&config.schema, &config.table],
        )
        .map(|r| r.get(0))
        .map_err(db(format!("look up {}", config.history_table())))
}

fn read_history(client: &mut Client, config: &Config) -> Result<Vec<HistoryRow>, Error> {
    let t = config.history_table();
    let rows = client
        .query(
            &format!(
                "SELECT \"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\", \
                 \"installed_on\"::text, \"installed_by\", \"execution_time\", \"success\" FROM {t} ORDER BY \"installed_rank\""
            ),
            &[],
        )
        .map_err(db(format!("read {t}")))?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let row = HistoryRow {
            installed_rank: r.get(0),
            version: r.get(1),
            description: r.get(2),
            kind: r.get(3),
            script: r.get(4),
            checksum: r.get(5),
            installed_on: r.get(6),
            installed_by: r.get(7),
            execution_time: r.get(8),
            success: r.get(9),
        };
        if !KNOWN_TYPES.contains(&row.kind.as_str()) {
            return Err(Error::Refused(format!(
                "{t} installed_rank {}: unknown migration type {:?}",
                row.installed_rank, row.kind
            )));
        }
        out.push(row);
    }
    Ok(out)
}

/// A row to insert; `installed_on` is left to the table default like Flyway does.
struct NewRow<'a> {
    version: Option<&'a str>,
    description: &'a str,
    kind: &'a str,
    script: &'a str,
    checksum: Option<i32>,
    installed_by: &'a str,
    execution_time: i32,
    success: bool,
}

/// Insert a row with the next `installed_rank` (last + 1; on an empty table 0 for a
/// `SCHEMA` row, else 1), as Flyway computes it; returns the rank.
fn insert_row(
    client: &mut impl GenericClient,
    config: &Config,
    row: &NewRow,
) -> Result<i32, Error> {
    let t = config.history_table();
    let max: Option<i32> = client
        .query_one(&format!("SELECT max(\"installed_rank\") FROM {t}"), &[])
        .map_err(db(format!("read {t}")))?
        .get(0);
    let rank = match max {
        Some(m) => m + 1,
        None if row.kind == "SCHEMA" => 0,
        None => 1,
    };
    let description = abbreviate_description(row.description);
    let script = abbreviate_script(row.script);
    client
        .execute(
            &format!(
                "INSERT INTO {t} (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            ),
            &[
                &rank,
                &row.version,
                &description,
                &row.kind,
                &script,
                &row.checksum,
                &row.installed_by,
                &row.execution_time,
                &row.success,
            ],
        )
        .map_err(db(format!("insert into {t}")))?;
    Ok(rank)
}

/// Create the history table (and its schema, with Flyway's `SCHEMA` row) when missing, in
/// one transaction. Returns whether it was created.
fn ensure_history(session: &mut Session, config: &Config) -> Result<bool, Error> {
    if table_exists(&mut session.client, config)? {
        return Ok(false);
    }
    let create_schema = !schema_exists(&mut session.client, &config.schema)?;
    let installed_by = session.installed_by.clone();
    let mut tx = session
        .client
        .transaction()
        .map_err(db("begin creating the history table"))?;
    if create_schema {
        tx.batch_execute(&format!("CREATE SCHEMA {}", quote_ident(&config.schema)))
            .map_err(db(format!("create schema {}", quote_ident(&config.schema))))?;
    }
    tx.batch_execute(&create_history_table_sql(
        &config.schema,
        &config.table,
        None,
    ))
    .map_err(db(format!("create {}", config.history_table())))?;
    if create_schema {
        insert_row(
            &mut tx,
            config,
            &NewRow {
                version: None,
                description: SCHEMA_CREATION_DESCRIPTION,
                kind: "SCHEMA",
                script: &quote_ident(&config.schema),
                checksum: None,
                installed_by: &installed_by,
                execution_time: 0,
                success: true,
            },
        )?;
    }
    tx.commit()
        .map_err(db(format!("create {}", config.history_table())))?;
    Ok(true)
}

// ---------------------------------------------------------------------------------------
// Connections and the lock
// ---------------------------------------------------------------------------------------

fn connect(url: &str) -> Result<Client, Error> {
    Client::connect(url, NoTls).map_err(|e| Error::Connect(pg_message(&e)))
}

/// The main connection: history reads and writes outside migrations.
struct Session {
    client: Client,
    installed_by: String,
    current_user: String,
    database: String,
    server_version_num: i32,
}

impl Session {
    fn open(config: &Config) -> Result<Session, Error> {
        let mut client = connect(&config.database_url)?;
        let row = client
            .query_one(
                "SELECT current_user::text, current_database()::text, current_setting('server_version_num')::int",
                &[],
            )
            .map_err(db("read the session"))?;
        let current_user: String = row.get(0);
        Ok(Session {
            installed_by: config
                .installed_by
                .clone()
                .unwrap_or_else(|| current_user.clone()),
            current_user,
            database: row.get(1),
            server_version_num: row.get(2),
            client,
        })
    }
}

/// Flyway's advisory lock, held as a session lock on its own idle connection and released
/// when dropped (and by the server if the process dies).
struct LockGuard {
    client: Client,
    key: i64,
}

impl LockGuard {
    fn acquire(config: &Config, progress: &mut dyn FnMut(&Progress)) -> Result<LockGuard, Error> {
        let mut client = connect(&config.database_url)?;
        let key = config.lock_key();
        let mut retries = 0;
        loop {
            let got: bool = client
                .query_one("SELECT pg_try_advisory_lock($1)", &[&key])
                .map_err(db("take the advisory lock"))?
                .get(0);
            if got {
                return Ok(LockGuard { client, key });
            }
            if config.lock_retry_count >= 0 && retries >= config.lock_retry_count {
                // Advisory locks on a bigint show in pg_locks as (classid, objid) = the
                // high and low 32 bits, objsubid 1; they are per database.
                let holders = client
                    .query(
                        "SELECT pid FROM pg_catalog.pg_locks WHERE locktype = 'advisory' AND granted \
                         AND classid = $1 AND objid = $2 AND objsubid = 1 \
                         AND database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) ORDER BY pid",
                        &[&((key >> 32) as u32), &(key as u32)],
                    )
                    .map(|rows| rows.iter().map(|r| r.get::<_, i32>(0)).collect())
                    .unwrap_or_default();
                return Err(Error::Lock {
                    key,
                    table: config.history_table(),
                    retries,
                    holders,
                });
            }
            if retries == 0 {
                progress(&Progress::WaitingForLock {
                    key,
                    table: config.history_table(),
                });
            }
            retries += 1;
            std::thread::sleep(Duration::from_secs(1));
        }
    }
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        // Closing the connection releases it too; errors cannot be reported from drop.
        let _ = self
            .client
            .execute("SELECT pg_advisory_unlock($1)", &[&self.key]);
    }
}

/// A fresh connection for one migration, with `search_path` set the way Flyway sets it:
/// the history schema first, then the original path (unless it already starts with it).
fn migration_connection(config: &Config) -> Result<Client, Error> {
    let mut client = connect(&config.database_url)?;
    let original: String = client
        .query_one("SELECT current_setting('search_path')", &[])
        .map_err(db("read search_path"))?
        .get(0);
    let path = if original == config.schema || original.starts_with(&format!("{},", config.schema))
    {
        None
    } else if original.trim().is_empty() {
        Some(quote_ident(&config.schema))
    } else {
        Some(format!("{},{original}", quote_ident(&config.schema)))
    };
    if let Some(path) = path {
        client
            .execute("SELECT set_config('search_path', $1, false)", &[&path])
            .map_err(db("set search_path"))?;
    }
    Ok(client)
}

// ---------------------------------------------------------------------------------------
// Emptiness
// ---------------------------------------------------------------------------------------

/// Objects that make the database "not empty", at most 20 named, and their total.
///
/// Looked at: every schema named in `config.schemas`, or when that is empty every schema
/// except `pg_catalog`, `information_schema`, `pg_toast*` and `pg_temp*`. In those:
/// relations (tables, views, materialized views, sequences, indexes, foreign tables,
/// composite types), other types (enums, domains, ranges, base types; not the array and
/// multirange types PostgreSQL creates by itself), functions/procedures/aggregates,
/// operators, collations, conversions, text-search configurations and dictionaries,
/// extended statistics. With the default (all schemas) any schema other than `public` and
/// the history schema counts as an object too. Not counted: members of extensions (an
/// extension the DBA installed beforehand), and the history table itself with its indexes.
fn non_empty_objects(client: &mut Client, config: &Config) -> Result<(Vec<String>, i64), Error> {
    const SQL: &str = r#"
WITH n AS (
    SELECT oid, nspname FROM pg_catalog.pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema')
      AND nspname !~ '^pg_(toast|temp_)'
      AND (cardinality($1::text[]) = 0 OR nspname = ANY ($1::text[]))
),
ext AS (SELECT classid, objid FROM pg_catalog.pg_depend WHERE deptype = 'e'),
hist AS (
    SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace hn ON hn.oid = c.relnamespace
    WHERE hn.nspname = $2 AND c.relname = $3
),
objects AS (
    SELECT 1 AS o, 'schema ' || quote_ident(n.nspname) AS what FROM n
    WHERE cardinality($1::text[]) = 0 AND n.nspname NOT IN ('public', $2)
      AND (n.oid, 'pg_catalog.pg_namespace'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 2, CASE c.relkind WHEN 'r' THEN 'table ' WHEN 'p' THEN 'table ' WHEN 'v' THEN 'view '
                  WHEN 'm' THEN 'materialized view ' WHEN 'S' THEN 'sequence ' WHEN 'i' THEN 'index '
                  WHEN 'I' THEN 'index ' WHEN 'f' THEN 'foreign table ' WHEN 'c' THEN 'type '
                  ELSE 'relation ' END || quote_ident(n.nspname) || '.' || quote_ident(c.relname)
    FROM pg_catalog.pg_class c JOIN n ON n.oid = c.relnamespace
    WHERE c.oid NOT IN (SELECT oid FROM hist)
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index x WHERE x.indexrelid = c.oid AND x.indrelid IN (SELECT oid FROM hist))
      AND (c.oid, 'pg_catalog.pg_class'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 3, 'type ' || quote_ident(n.nspname) || '.' || quote_ident(t.typname)
    FROM pg_catalog.pg_type t JOIN n ON n.oid = t.typnamespace
    WHERE t.typrelid = 0 AND t.typcategory <> 'A' AND t.typtype <> 'm'
      AND (t.oid, 'pg_catalog.pg_type'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 4, CASE p.prokind WHEN 'p' THEN 'procedure ' WHEN 'a' THEN 'aggregate ' ELSE 'function ' END
              || quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'
    FROM pg_catalog.pg_proc p JOIN n ON n.oid = p.pronamespace
    WHERE (p.oid, 'pg_catalog.pg_proc'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 5, 'operator ' || quote_ident(n.nspname) || '.' || o.oprname
    FROM pg_catalog.pg_operator o JOIN n ON n.oid = o.oprnamespace
    WHERE (o.oid, 'pg_catalog.pg_operator'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 6, 'collation ' || quote_ident(n.nspname) || '.' || quote_ident(c.collname)
    FROM pg_catalog.pg_collation c JOIN n ON n.oid = c.collnamespace
    WHERE (c.oid, 'pg_catalog.pg_collation'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 7, 'conversion ' || quote_ident(n.nspname) || '.' || quote_ident(c.conname)
    FROM pg_catalog.pg_conversion c JOIN n ON n.oid = c.connamespace
    WHERE (c.oid, 'pg_catalog.pg_conversion'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 8, 'text search configuration ' || quote_ident(n.nspname) || '.' || quote_ident(c.cfgname)
    FROM pg_catalog.pg_ts_config c JOIN n ON n.oid = c.cfgnamespace
    WHERE (c.oid, 'pg_catalog.pg_ts_config'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 9, 'text search dictionary ' || quote_ident(n.nspname) || '.' || quote_ident(d.dictname)
    FROM pg_catalog.pg_ts_dict d JOIN n ON n.oid = d.dictnamespace
    WHERE (d.oid, 'pg_catalog.pg_ts_dict'::regclass) NOT IN (SELECT objid, classid FROM ext)
    UNION ALL
    SELECT 10, 'statistics ' || quote_ident(n.nspname) || '.' || quote_ident(s.stxname)
    FROM pg_catalog.pg_statistic_ext s JOIN n ON n.oid = s.stxnamespace
    WHERE (s.oid, 'pg_catalog.pg_statistic_ext'::regclass) NOT IN (SELECT objid, classid FROM ext)
)
SELECT what, count(*) OVER () FROM objects ORDER BY o, what LIMIT 20
"#;
    let rows = client
        .query(SQL, &[&config.schemas, &config.schema, &config.table])
        .map_err(db("check whether the database is empty"))?;
    let total = rows.first().map_or(0, |r| r.get::<_, i64>(1));
    Ok((rows.iter().map(|r| r.get(0)).collect(), total))
}

// ---------------------------------------------------------------------------------------
// Info: files and rows together
// ---------------------------------------------------------------------------------------

/// The state of one migration, as Flyway's `MigrationState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Not applied yet; migrate will apply it.
    Pending,
    /// Applied successfully.
    Success,
    /// Applied with `success = false`: repair needed.
    Failed,
    /// Applied after a migration with a higher version.
    OutOfOrder,
    /// Not applied and older than the newest applied version; migrate refuses unless
    /// out-of-order is allowed.
    Ignored,
    /// Applied, but its file is gone (version at or below the newest file).
    Missing,
    /// Failed, and its file is gone.
    MissingFailed,
    /// Applied by a newer set of migrations (above the newest file): accepted.
    Future,
    FutureFailed,
    /// The `BASELINE` marker row written by `baseline`.
    Baseline,
    /// A file below the applied baseline: never run.
    BelowBaseline,
    /// A file at the version of the applied baseline: never run.
    BaselineIgnored,
    /// Applied, then undone by an `UNDO_SQL` row: counts as not applied.
    Undone,
    /// Hidden by a `DELETE` row (Flyway's repair of a missing file).
    Deleted,
    /// An undo file whose migration is applied: `undo` would run it.
    Available,
    /// A baseline migration the database does not need (it is not new).
    Unused,
}

impl State {
    /// Flyway's display name.
    pub fn label(self) -> &'static str {
        match self {
            State::Pending => "Pending",
            State::Success => "Success",
            State::Failed => "Failed",
            State::OutOfOrder => "Out of Order",
            State::Ignored => "Ignored",
            State::Missing => "Missing",
            State::MissingFailed => "Failed (Missing)",
            State::Future => "Future",
            State::FutureFailed => "Failed (Future)",
            State::Baseline => "Baseline",
            State::BelowBaseline => "Below Baseline",
            State::BaselineIgnored => "Ignored (Baseline)",
            State::Undone => "Undone",
            State::Deleted => "Deleted",
            State::Available => "Available",
            State::Unused => "Unused (baseline migration)",
        }
    }

    pub fn is_failed(self) -> bool {
        matches!(
            self,
            State::Failed | State::MissingFailed | State::FutureFailed
        )
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One line of `info`: an applied row (with its file when there is one) or a file that
/// has no row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfoEntry {
    /// The `type`: `SQL`, `SQL_BASELINE`, `UNDO_SQL`, `BASELINE`, `SCHEMA`, ….
    pub kind: String,
    pub version: Option<String>,
    pub description: String,
    pub script: String,
    pub state: State,
    pub installed_rank: Option<i32>,
    pub installed_on: Option<String>,
    pub installed_by: Option<String>,
    pub execution_time: Option<i32>,
    /// The checksum in the row.
    pub applied_checksum: Option<i32>,
    /// The checksum of the file.
    pub resolved_checksum: Option<i32>,
}

impl InfoEntry {
    /// Whether row and file checksums agree; `None` unless both exist (Flyway treats a
    /// missing checksum on either side as matching).
    pub fn checksum_matches(&self) -> Option<bool> {
        Some(self.applied_checksum? == self.resolved_checksum?)
    }
}

/// Everything `info` knows.
#[derive(Debug, Clone)]
pub struct Info {
    /// `"schema"."table"`.
    pub history_table: String,
    pub history_exists: bool,
    /// The schema version: the highest applied version (migration or baseline).
    pub current_version: Option<String>,
    /// Applied rows by rank, then files without a row by version.
    pub entries: Vec<InfoEntry>,
    /// When nothing is applied: the objects that make the database non-empty (empty
    /// list: it is empty, migrate would start with the newest baseline migration).
    pub non_empty_objects: Option<Vec<String>>,
}

/// The result of comparing files and rows.
struct Analysis {
    entries: Vec<InfoEntry>,
    /// Problems for every caller (failed, missing, ignored, checksum/description).
    problems: Vec<Problem>,
    /// Pending migrations: problems only for a standalone `validate`.
    pending: Vec<Problem>,
    /// Indices into the resolved migrations, in the order `migrate` applies them.
    plan: Vec<usize>,
    current_version: Option<Version>,
    /// The applied versioned migration `undo` would undo: (version, script).
    undo_target: Option<(Version, String)>,
    applied_baseline: Option<Version>,
}

fn is_undo_type(kind: &str) -> bool {
    kind.starts_with("UNDO_")
}

fn is_baseline_type(kind: &str) -> bool {
    kind == "BASELINE" || kind.ends_with("_BASELINE")
}

fn parse_row_version(row: &HistoryRow) -> Result<Option<Version>, Error> {
    match &row.version {
        None => Ok(None),
        Some(text) => Version::parse(text).map(Some).ok_or_else(|| {
            Error::Refused(format!(
                "history row installed_rank {} has version {text:?}, which is not a Flyway version",
                row.installed_rank
            ))
        }),
    }
}

fn file_label(version: &Option<String>, script: &str) -> String {
    match version {
        Some(v) => format!("{v} ({script})"),
        None => script.to_string(),
    }
}

/// Compare the files with the rows. `fresh_empty`: nothing is applied and the database is
/// empty, so the newest baseline migration (at or below the newest versioned one) starts
/// the plan.
fn analyze(
    resolved: &[ResolvedMigration],
    rows: &[HistoryRow],
    fresh_empty: bool,
    out_of_order: bool,
) -> Result<Analysis, Error> {
    let versions: Vec<Option<Version>> = rows
        .iter()
        .map(parse_row_version)
        .collect::<Result<_, _>>()?;
    let n = rows.len();
    let mut deleted = vec![false; n];
    let mut undone = vec![false; n];
    let mut out_of_order_row = vec![false; n];
    for i in 0..n {
        let Some(v) = &versions[i] else { continue };
        let r = &rows[i];
        if r.kind == "DELETE" {
            if r.success {
                for j in 0..i {
                    if versions[j].as_ref() == Some(v) && rows[j].kind != "DELETE" {
                        deleted[j] = true;
                    }
                }
            }
            continue;
        }
        if is_undo_type(&r.kind) {
            if r.success
                && let Some(j) = (0..i).rev().find(|&j| {
                    versions[j].as_ref() == Some(v)
                        && !is_undo_type(&rows[j].kind)
                        && rows[j].kind != "DELETE"
                        && rows[j].success
                        && !deleted[j]
                        && !undone[j]
                })
            {
                undone[j] = true;
            }
            continue;
        }
        if r.kind == "SCHEMA" || r.kind == "BASELINE" {
            continue;
        }
        // Out of order: applied below a version that was applied (and is still) before it.
        let max_before = (0..i)
            .filter(|&j| {
                !deleted[j]
                    && !undone[j]
                    && rows[j].kind != "DELETE"
                    && rows[j].kind != "SCHEMA"
                    && !is_undo_type(&rows[j].kind)
            })
            .filter_map(|j| versions[j].as_ref())
            .max();
        if max_before.is_some_and(|m| v < m) {
            out_of_order_row[i] = true;
        }
    }

    let live = |i: usize| {
        versions[i].is_some()
            && !deleted[i]
            && !undone[i]
            && rows[i].kind != "DELETE"
            && rows[i].kind != "SCHEMA"
            && !is_undo_type(&rows[i].kind)
    };
    let applied_baseline: Option<Version> = (0..n)
        .filter(|&i| live(i) && rows[i].success && is_baseline_type(&rows[i].kind))
        .filter_map(|i| versions[i].clone())
        .max();
    let last_applied: Option<Version> = (0..n)
        .filter(|&i| live(i))
        .filter_map(|i| versions[i].clone())
        .max();
    let last_resolved: Option<&Version> = resolved
        .iter()
        .filter(|m| m.prefix != Prefix::Undo)
        .map(|m| &m.version)
        .max();
    let find = |prefix: Prefix, v: &Version| {
        resolved
            .iter()
            .position(|m| m.prefix == prefix && &m.version == v)
    };

    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut pending = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if r.kind == "DELETE" {
            continue;
        }
        let v = &versions[i];
        let file = match (r.kind.as_str(), v) {
            ("SQL", Some(v)) => find(Prefix::Versioned, v),
            ("SQL_BASELINE", Some(v)) => find(Prefix::Baseline, v),
            ("UNDO_SQL", Some(v)) => find(Prefix::Undo, v),
            _ => None,
        };
        let state = if r.kind == "SCHEMA" {
            State::Success
        } else if r.kind == "BASELINE" {
            State::Baseline
        } else if deleted[i] {
            State::Deleted
        } else if file.is_none() {
            let below = match (v, last_resolved) {
                (None, _) => true,
                (Some(v), Some(lr)) => v <= lr,
                (Some(_), None) => false,
            };
            match (below, r.success) {
                (true, true) => State::Missing,
                (true, false) => State::MissingFailed,
                (false, true) => State::Future,
                (false, false) => State::FutureFailed,
            }
        } else if !r.success {
            State::Failed
        } else if undone[i] {
            State::Undone
        } else if out_of_order_row[i] {
            State::OutOfOrder
        } else {
            State::Success
        };
        let label = file_label(&r.version, &r.script);
        if state.is_failed() {
            let what = if is_undo_type(&r.kind) {
                "failed undo migration of version"
            } else {
                "failed migration to version"
            };
            problems.push(Problem {
                version: r.version.clone(),
                script: Some(r.script.clone()),
                message: match &r.version {
                    Some(ver) => format!(
                        "Detected {what} {ver} ({}, {}, installed_rank {})",
                        r.description, r.script, r.installed_rank
                    ),
                    None => format!("Detected failed repeatable migration: {}", r.description),
                },
            });
        } else if state == State::Missing {
            problems.push(Problem {
                version: r.version.clone(),
                script: Some(r.script.clone()),
                message: format!(
                    "Detected applied migration not resolved locally: {label}. If you removed this migration intentionally, \
                     mark it as deleted (Flyway's `repair`); otherwise restore the file"
                ),
            });
        }
        // Checksum and description of applied files above the baseline (§6.6).
        if let (Some(f), Some(ver)) = (file, v)
            && r.success
            && !undone[i]
            && !deleted[i]
            && applied_baseline.as_ref().is_none_or(|b| ver > b)
        {
            let m = &resolved[f];
            if let Some(applied) = r.checksum
                && applied != m.checksum
            {
                problems.push(Problem {
                    version: r.version.clone(),
                    script: Some(m.script.clone()),
                    message: format!(
                        "Migration checksum mismatch for migration version {} ({})\n-> Applied to database : {applied}\n-> Resolved locally    : {}\n\
                         Either revert the changes to the migration, or run repair to update the schema history.",
                        r.version.as_deref().unwrap_or(""),
                        m.script,
                        m.checksum
                    ),
                });
            }
            let described = abbreviate_description(&m.description);
            if described != r.description {
                problems.push(Problem {
                    version: r.version.clone(),
                    script: Some(m.script.clone()),
                    message: format!(
                        "Migration description mismatch for migration version {} ({})\n-> Applied to database : {}\n-> Resolved locally    : {described}",
                        r.version.as_deref().unwrap_or(""),
                        m.script,
                        r.description
                    ),
                });
            }
        }
        entries.push(InfoEntry {
            kind: r.kind.clone(),
            version: r.version.clone(),
            description: r.description.clone(),
            script: r.script.clone(),
            state,
            installed_rank: Some(r.installed_rank),
            installed_on: Some(r.installed_on.clone()),
            installed_by: Some(r.installed_by.clone()),
            execution_time: Some(r.execution_time),
            applied_checksum: r.checksum,
            resolved_checksum: file.map(|f| resolved[f].checksum),
        });
    }

    // Files without a (live) row.
    let has_row = |kind: &str, v: &Version| {
        (0..n).any(|i| {
            rows[i].kind == kind && versions[i].as_ref() == Some(v) && !deleted[i] && !undone[i]
        })
    };
    let applied_ok = |v: &Version| {
        (0..n).any(|i| {
            rows[i].kind == "SQL"
                && rows[i].success
                && versions[i].as_ref() == Some(v)
                && !deleted[i]
                && !undone[i]
        })
    };
    let newest_versioned = resolved
        .iter()
        .filter(|m| m.prefix == Prefix::Versioned)
        .map(|m| &m.version)
        .max();
    let chosen_baseline: Option<usize> = if fresh_empty {
        resolved
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                m.prefix == Prefix::Baseline && newest_versioned.is_none_or(|nv| &m.version <= nv)
            })
            .max_by(|a, b| a.1.version.cmp(&b.1.version))
            .map(|(i, _)| i)
    } else {
        None
    };
    let baseline = applied_baseline
        .clone()
        .or_else(|| chosen_baseline.map(|i| resolved[i].version.clone()));
    let mut plan: Vec<usize> = chosen_baseline.into_iter().collect();
    let mut unapplied: Vec<(usize, State)> = Vec::new();
    for (idx, m) in resolved.iter().enumerate() {
        let state = match m.prefix {
            Prefix::Versioned => {
                if has_row("SQL", &m.version) {
                    continue;
                }
                match &baseline {
                    Some(b) if &m.version < b => State::BelowBaseline,
                    Some(b) if &m.version == b => State::BaselineIgnored,
                    _ if last_applied.as_ref().is_some_and(|la| &m.version < la) => {
                        if out_of_order {
                            State::Pending
                        } else {
                            State::Ignored
                        }
                    }
                    _ => State::Pending,
                }
            }
            Prefix::Baseline => {
                if has_row("SQL_BASELINE", &m.version) {
                    continue;
                }
                if chosen_baseline == Some(idx) {
                    State::Pending
                } else {
                    State::Unused
                }
            }
            Prefix::Undo => {
                if applied_ok(&m.version) {
                    State::Available
                } else {
                    continue;
                }
            }
        };
        let label = format!("{} ({})", m.version, m.script);
        match state {
            State::Pending => {
                pending.push(Problem {
                    version: Some(m.version.display().to_string()),
                    script: Some(m.script.clone()),
                    message: format!("Detected resolved migration not applied to database: {label}"),
                });
                if m.prefix == Prefix::Versioned {
                    plan.push(idx);
                }
            }
            State::Ignored => problems.push(Problem {
                version: Some(m.version.display().to_string()),
                script: Some(m.script.clone()),
                message: format!(
                    "Detected resolved migration not applied to database: {label}, older than the newest applied version {} \
                     (out of order). To apply it, allow out-of-order migrations (Flyway outOfOrder=true, --out-of-order)",
                    last_applied.as_ref().map(Version::display).unwrap_or("")
                ),
            }),
            _ => {}
        }
        unapplied.push((idx, state));
    }
    // The baseline migration first, then versioned ones by version.
    plan[usize::from(chosen_baseline.is_some())..]
        .sort_by(|&a, &b| resolved[a].version.cmp(&resolved[b].version));
    let order = |p: Prefix| match p {
        Prefix::Baseline => 0,
        Prefix::Versioned => 1,
        Prefix::Undo => 2,
    };
    unapplied.sort_by(|a, b| {
        let (ma, mb) = (&resolved[a.0], &resolved[b.0]);
        ma.version
            .cmp(&mb.version)
            .then(order(ma.prefix).cmp(&order(mb.prefix)))
    });
    for (idx, state) in unapplied {
        let m = &resolved[idx];
        entries.push(InfoEntry {
            kind: m.flyway_type().to_string(),
            version: Some(m.version.display().to_string()),
            description: m.description.clone(),
            script: m.script.clone(),
            state,
            installed_rank: None,
            installed_on: None,
            installed_by: None,
            execution_time: None,
            applied_checksum: None,
            resolved_checksum: Some(m.checksum),
        });
    }

    let current_version = (0..n)
        .filter(|&i| live(i) && rows[i].success)
        .filter_map(|i| versions[i].clone())
        .max();
    let undo_target = (0..n)
        .filter(|&i| live(i) && rows[i].success && rows[i].kind == "SQL")
        .filter_map(|i| versions[i].clone().map(|v| (v, rows[i].script.clone())))
        .max_by(|a, b| a.0.cmp(&b.0));
    Ok(Analysis {
        entries,
        problems,
        pending,
        plan,
        current_version,
        undo_target,
        applied_baseline,
    })
}

// ---------------------------------------------------------------------------------------
// Running one migration
// ---------------------------------------------------------------------------------------

/// Progress reported while a command runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Another process holds the lock; retrying every second.
    WaitingForLock { key: i64, table: String },
    /// Created the history table.
    CreatedHistory { table: String },
    /// Nothing applied and the database is empty: starting from this baseline migration
    /// (or from the first versioned migration when there is none).
    EmptyDatabase { baseline: Option<String> },
    /// About to run a file.
    Applying {
        script: String,
        kind: &'static str,
        transactional: bool,
        statements: usize,
    },
    /// The file ran and its row is written.
    Applied { script: String, millis: i32 },
    /// The file failed (the error follows).
    Failed { script: String },
}

/// One file that ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub script: String,
    pub version: String,
    /// The row's `type`.
    pub kind: &'static str,
    pub installed_rank: i32,
    /// `execution_time`, ms.
    pub millis: i32,
    pub transactional: bool,
    pub statements: usize,
}

/// What `migrate` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrateReport {
    pub applied: Vec<Applied>,
    /// The baseline migration a new, empty database started from.
    pub baseline_migration: Option<String>,
    /// The schema version afterwards.
    pub schema_version: Option<String>,
    pub history_created: bool,
}

/// A file ready to run: placeholders replaced, split, transaction mode decided.
struct Prepared<'a> {
    m: &'a ResolvedMigration,
    kind: &'static str,
    statements: Vec<Statement>,
    transactional: bool,
}

/// Values of `${flyway:…}` and user placeholders for one run.
struct Placeholders {
    values: BTreeMap<String, String>,
}

impl Placeholders {
    fn new(config: &Config, session: &Session) -> Placeholders {
        let mut values: BTreeMap<String, String> = config
            .placeholders
            .iter()
            .map(|(k, v)| (k.to_lowercase(), v.clone()))
            .collect();
        let builtins = [
            ("flyway:defaultschema", config.schema.clone()),
            ("flyway:user", session.current_user.clone()),
            ("flyway:database", session.database.clone()),
            (
                "flyway:timestamp",
                chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
            ),
            (
                "flyway:workingdirectory",
                std::env::current_dir()
                    .map(|d| d.display().to_string())
                    .unwrap_or_default(),
            ),
            ("flyway:table", config.table.clone()),
            ("flyway:environment", "default".to_string()),
        ];
        for (k, v) in builtins {
            values.insert(k.to_string(), v);
        }
        Placeholders { values }
    }

    /// Replace every `${name}` (Flyway's PlaceholderReplacingReader: textual, also inside
    /// strings and comments; an unknown name is an error).
    fn replace(&self, sql: &str, file_name: &str) -> Result<String, String> {
        if !sql.contains("${") {
            return Ok(sql.to_string());
        }
        let mut out = String::with_capacity(sql.len());
        let mut rest = sql;
        while let Some(start) = rest.find("${") {
            let Some(len) = rest[start + 2..].find('}') else {
                break;
            };
            let name = &rest[start + 2..start + 2 + len];
            let key = name.to_lowercase();
            let value = if key == "flyway:filename" {
                Some(file_name.to_string())
            } else {
                self.values.get(&key).cloned()
            };
            match value {
                Some(v) => {
                    out.push_str(&rest[..start]);
                    out.push_str(&v);
                }
                None if key.starts_with("flyway:") => {
                    return Err(format!(
                        "Failed to populate value for default placeholder: ${{{name}}}"
                    ));
                }
                None => {
                    return Err(format!(
                        "No value provided for placeholder: ${{{name}}}. Check your configuration (placeholders), \
                         or set placeholderReplacement=false in the file's .sql.conf"
                    ));
                }
            }
            rest = &rest[start + 3 + len..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

fn prepare<'a>(
    m: &'a ResolvedMigration,
    config: &Config,
    session: &Session,
    placeholders: &Placeholders,
) -> Result<Prepared<'a>, Error> {
    let replace = m
        .placeholder_replacement
        .unwrap_or(config.placeholder_replacement);
    let sql = if replace {
        placeholders
            .replace(&m.sql, &m.file_name)
            .map_err(|e| Error::Refused(format!("{}: {e}", m.script)))?
    } else {
        m.sql.clone()
    };
    let statements = script::split(&sql).map_err(|source| Error::Parse {
        script: m.script.clone(),
        source,
    })?;
    let transactional = match m.execute_in_transaction {
        Some(t) => t,
        None => {
            let autocommit: Vec<&Statement> = statements
                .iter()
                .filter(|s| script::requires_autocommit(s, session.server_version_num))
                .collect();
            match autocommit.first() {
                None => true,
                Some(_) if autocommit.len() == statements.len() || config.mixed => false,
                Some(first) => {
                    let transactional = statements
                        .iter()
                        .find(|s| !script::requires_autocommit(s, session.server_version_num))
                        .expect("a mix has both");
                    return Err(Error::Refused(format!(
                        "{}: Detected both transactional and non-transactional statements within the same migration \
                         (even though mixed is false). Offending statement found at line {}: {} (cannot run in a transaction), \
                         while line {} must: {}. Put executeInTransaction=false into {}{SIDECAR_SUFFIX}, or split the file",
                        m.script,
                        first.line,
                        first.first_line(),
                        transactional.line,
                        transactional.first_line(),
                        m.file_name
                    )));
                }
            }
        }
    };
    Ok(Prepared {
        m,
        kind: m.flyway_type(),
        statements,
        transactional,
    })
}

fn millis_since(start: Instant) -> i32 {
    i32::try_from(start.elapsed().as_millis()).unwrap_or(i32::MAX)
}

fn statement_error(
    p: &Prepared,
    statement: &Statement,
    e: &postgres::Error,
    table: String,
) -> StatementError {
    let mut err = StatementError {
        script: p.m.script.clone(),
        line: statement.line,
        error_line: None,
        statement: statement.first_line().to_string(),
        sqlstate: None,
        message: pg_message(e),
        detail: None,
        hint: None,
        context: None,
        transactional: p.transactional,
        failed_row: None,
        table,
    };
    if let Some(d) = e.as_db_error() {
        err.message = d.message().to_string();
        err.sqlstate = Some(d.code().code().to_string());
        err.detail = d.detail().map(str::to_string);
        err.hint = d.hint().map(str::to_string);
        err.context = d.where_().map(str::to_string);
        if let Some(postgres::error::ErrorPosition::Original(pos)) = d.position() {
            err.error_line = Some(statement.line_of_position(*pos as usize));
        }
    }
    err
}

/// Run one prepared file and write its row: in one transaction with the row, or
/// statement by statement in autocommit (then a failure writes a `success = false` row).
fn run(
    p: &Prepared,
    config: &Config,
    session: &Session,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Applied, Error> {
    progress(&Progress::Applying {
        script: p.m.script.clone(),
        kind: p.kind,
        transactional: p.transactional,
        statements: p.statements.len(),
    });
    let result = run_inner(p, config, session);
    match &result {
        Ok(a) => progress(&Progress::Applied {
            script: a.script.clone(),
            millis: a.millis,
        }),
        Err(_) => progress(&Progress::Failed {
            script: p.m.script.clone(),
        }),
    }
    result
}

fn run_inner(p: &Prepared, config: &Config, session: &Session) -> Result<Applied, Error> {
    let mut client = migration_connection(config)?;
    let version = p.m.version.display().to_string();
    let row = |millis: i32, success: bool| NewRow {
        version: Some(&version),
        description: &p.m.description,
        kind: p.kind,
        script: &p.m.script,
        checksum: Some(p.m.checksum),
        installed_by: &session.installed_by,
        execution_time: millis,
        success,
    };
    let applied = |rank: i32, millis: i32| Applied {
        script: p.m.script.clone(),
        version: version.clone(),
        kind: p.kind,
        installed_rank: rank,
        millis,
        transactional: p.transactional,
        statements: p.statements.len(),
    };
    let start = Instant::now();
    if p.transactional {
        let mut tx = client
            .transaction()
            .map_err(db(format!("{}: begin", p.m.script)))?;
        for s in &p.statements {
            if let Err(e) = tx.batch_execute(&s.text) {
                // Dropping `tx` rolls back.
                return Err(Error::Statement(Box::new(statement_error(
                    p,
                    s,
                    &e,
                    config.history_table(),
                ))));
            }
        }
        let millis = millis_since(start);
        let rank = insert_row(&mut tx, config, &row(millis, true))?;
        tx.commit().map_err(|e| Error::Database {
            context: format!(
                "{}: COMMIT failed (everything was rolled back, no row was written)",
                p.m.script
            ),
            message: pg_message(&e),
        })?;
        Ok(applied(rank, millis))
    } else {
        for s in &p.statements {
            if let Err(e) = client.batch_execute(&s.text) {
                let millis = millis_since(start);
                let mut err = statement_error(p, s, &e, config.history_table());
                err.failed_row = Some(
                    insert_row(&mut client, config, &row(millis, false)).map_err(|e| e.to_string()),
                );
                return Err(Error::Statement(Box::new(err)));
            }
        }
        let millis = millis_since(start);
        let rank = insert_row(&mut client, config, &row(millis, true))?;
        Ok(applied(rank, millis))
    }
}

fn refuse_failed(rows: &[HistoryRow], config: &Config) -> Result<(), Error> {
    let failed: Vec<String> = rows
        .iter()
        .filter(|r| !r.success)
        .map(|r| {
            format!(
                "{} {} (installed_rank {}, type {})",
                r.version
                    .as_deref()
                    .map_or("repeatable".to_string(), |v| format!("version {v}")),
                r.script,
                r.installed_rank,
                r.kind
            )
        })
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::FailedMigration {
            table: config.history_table(),
            failed,
        })
    }
}

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

/// Apply what is pending, like `flyway migrate`.
///
/// Under the advisory lock: create the history table if needed; refuse when a row has
/// `success = false`; validate (pending is fine); then
///
/// * when no migration is recorded (no rows, or only Flyway's `SCHEMA` row) the database
///   must be **empty**, see below: the newest `B` baseline migration at or below the
///   newest `V` runs first and is recorded as `SQL_BASELINE` with its version, then the
///   `V` files after it (with no `B` file: every `V` file from the first);
/// * otherwise the pending `V` files in version order.
///
/// Empty means: no object at all in the schemas of [`Config::schemas`] — by default every
/// non-system schema, and then also no schema other than `public` and the history schema —
/// other than the history table itself and members of extensions; see
/// `non_empty_objects` for the exact list. A database that is not empty and has no
/// history is refused with a list of what was found (use [`baseline`] for it). This is
/// stricter than Flyway, which only looks at its `schemas` (default: the history
/// schema, `public`) and so would run V001 against a database whose other schemas are full.
pub fn migrate(
    config: &Config,
    progress: &mut dyn FnMut(&Progress),
) -> Result<MigrateReport, Error> {
    let resolved = resolve(&config.dir)?;
    let _lock = LockGuard::acquire(config, progress)?;
    let mut session = Session::open(config)?;
    let existing = if table_exists(&mut session.client, config)? {
        read_history(&mut session.client, config)?
    } else {
        Vec::new()
    };
    let fresh = existing.iter().all(|r| r.kind == "SCHEMA");
    if fresh {
        let (objects, total) = non_empty_objects(&mut session.client, config)?;
        if total > 0 {
            return Err(Error::NotEmpty {
                table: config.history_table(),
                objects,
                total,
            });
        }
    }
    let history_created = ensure_history(&mut session, config)?;
    if history_created {
        progress(&Progress::CreatedHistory {
            table: config.history_table(),
        });
    }
    let rows = read_history(&mut session.client, config)?;
    refuse_failed(&rows, config)?;
    let analysis = analyze(&resolved, &rows, fresh, config.out_of_order)?;
    if !analysis.problems.is_empty() {
        return Err(Error::Validation {
            problems: analysis.problems,
        });
    }
    let baseline_migration = analysis
        .plan
        .first()
        .filter(|&&i| resolved[i].prefix == Prefix::Baseline)
        .map(|&i| resolved[i].script.clone());
    if fresh {
        progress(&Progress::EmptyDatabase {
            baseline: baseline_migration.clone(),
        });
    }
    // Prepare everything first: a file that cannot be parsed stops the run before
    // anything is applied.
    let placeholders = Placeholders::new(config, &session);
    let prepared: Vec<Prepared> = analysis
        .plan
        .iter()
        .map(|&i| prepare(&resolved[i], config, &session, &placeholders))
        .collect::<Result<_, _>>()?;
    let mut applied = Vec::new();
    for p in &prepared {
        applied.push(run(p, config, &session, progress)?);
    }
    let schema_version = applied.last().map(|a| a.version.clone()).or_else(|| {
        analysis
            .current_version
            .as_ref()
            .map(|v| v.display().to_string())
    });
    Ok(MigrateReport {
        applied,
        baseline_migration,
        schema_version,
        history_created,
    })
}

fn load(
    config: &Config,
) -> Result<(Vec<ResolvedMigration>, Session, bool, Vec<HistoryRow>), Error> {
    let resolved = resolve(&config.dir)?;
    let mut session = Session::open(config)?;
    let exists = table_exists(&mut session.client, config)?;
    let rows = if exists {
        read_history(&mut session.client, config)?
    } else {
        Vec::new()
    };
    Ok((resolved, session, exists, rows))
}

/// Every migration, applied or not, with its state (like `flyway info`). Takes no lock.
pub fn info(config: &Config) -> Result<Info, Error> {
    let (resolved, mut session, history_exists, rows) = load(config)?;
    let (fresh_empty, non_empty_objects) = if rows.iter().all(|r| r.kind == "SCHEMA") {
        let (objects, total) = non_empty_objects(&mut session.client, config)?;
        (total == 0, Some(objects))
    } else {
        (false, None)
    };
    let analysis = analyze(&resolved, &rows, fresh_empty, config.out_of_order)?;
    Ok(Info {
        history_table: config.history_table(),
        history_exists,
        current_version: analysis.current_version.map(|v| v.display().to_string()),
        entries: analysis.entries,
        non_empty_objects,
    })
}

/// What `validate` checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidateReport {
    /// Files and rows compared.
    pub migrations: usize,
}

/// Compare files and history like `flyway validate` (§6) and report **every** problem:
/// failed rows; applied migrations whose file is gone; files older than the newest applied
/// version never applied (unless out-of-order is allowed); checksum and description
/// changes of applied files above the baseline; and, as for a standalone Flyway
/// `validate`, migrations not applied yet (unless [`Config::ignore_pending`]). Takes no
/// lock.
pub fn validate(config: &Config) -> Result<ValidateReport, Error> {
    let (resolved, mut session, _, rows) = load(config)?;
    let fresh_empty = rows.iter().all(|r| r.kind == "SCHEMA")
        && non_empty_objects(&mut session.client, config)?.1 == 0;
    let analysis = analyze(&resolved, &rows, fresh_empty, config.out_of_order)?;
    let mut problems = analysis.problems;
    if !config.ignore_pending {
        problems.extend(analysis.pending);
    }
    if problems.is_empty() {
        Ok(ValidateReport {
            migrations: analysis.entries.len(),
        })
    } else {
        Err(Error::Validation { problems })
    }
}

/// Undo the newest applied versioned migration (Flyway Teams `undo`): run its `U` file (in
/// a transaction unless its sidecar or its statements say otherwise) and record an
/// `UNDO_SQL` row; the version then counts as not applied and `migrate` applies it again.
///
/// Refused: when a row failed or validation fails (pending is fine), when nothing is
/// applied, when the newest applied version is covered by a baseline (a `BASELINE` row or
/// an applied `B` baseline migration — there is no earlier state to return to), and when
/// there is no `U` file for it.
pub fn undo(config: &Config, progress: &mut dyn FnMut(&Progress)) -> Result<Applied, Error> {
    let resolved = resolve(&config.dir)?;
    let _lock = LockGuard::acquire(config, progress)?;
    let mut session = Session::open(config)?;
    if !table_exists(&mut session.client, config)? {
        return Err(Error::Refused(format!(
            "nothing to undo: {} does not exist",
            config.history_table()
        )));
    }
    let rows = read_history(&mut session.client, config)?;
    refuse_failed(&rows, config)?;
    let analysis = analyze(&resolved, &rows, false, config.out_of_order)?;
    if !analysis.problems.is_empty() {
        return Err(Error::Validation {
            problems: analysis.problems,
        });
    }
    let Some((version, script)) = analysis.undo_target else {
        return Err(Error::Refused(match &analysis.applied_baseline {
            Some(b) => format!(
                "nothing to undo: version {b} and everything below it come from a baseline (no versioned migration was applied after it)"
            ),
            None => "nothing to undo: no versioned migration is applied".to_string(),
        }));
    };
    if let Some(b) = &analysis.applied_baseline
        && &version <= b
    {
        return Err(Error::Refused(format!(
            "cannot undo version {version} ({script}): the database was baselined at version {b}, below which nothing can be undone"
        )));
    }
    let Some(u) = resolved
        .iter()
        .find(|m| m.prefix == Prefix::Undo && m.version == version)
    else {
        return Err(Error::Refused(format!(
            "cannot undo version {version} ({script}): there is no undo migration U{version}__*.sql in {}",
            config.dir.display()
        )));
    };
    let placeholders = Placeholders::new(config, &session);
    let prepared = prepare(u, config, &session, &placeholders)?;
    run(&prepared, config, &session, progress)
}

/// What `baseline` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaselineOutcome {
    /// Wrote the `BASELINE` row (creating the history table when needed).
    Created,
    /// The history already had exactly this baseline row; nothing written.
    AlreadyBaselined,
}

/// Mark an existing database as being at `version` (like `flyway baseline`): the history
/// table gets Flyway's `BASELINE` row (installed_rank 1, the version,
/// [`BASELINE_DESCRIPTION`] as description and script, no checksum, execution_time 0),
/// written in the same transaction that creates the table. Versions up to it are never run. Refused when the
/// history already has migrations, unless it already has this exact baseline row.
pub fn baseline(
    config: &Config,
    version: &str,
    description: Option<&str>,
) -> Result<BaselineOutcome, Error> {
    let Some(parsed) = Version::parse(version) else {
        return Err(Error::Refused(format!(
            "invalid baseline version {version:?}: use digits separated by dots, e.g. 4 or 1.2"
        )));
    };
    let version = parsed.display().to_string();
    let description = description.unwrap_or(BASELINE_DESCRIPTION);
    let _lock = LockGuard::acquire(config, &mut |_| {})?;
    let mut session = Session::open(config)?;
    let t = config.history_table();
    if table_exists(&mut session.client, config)? {
        let rows = read_history(&mut session.client, config)?;
        // Flyway looks for the baseline row among the first two rows.
        if let Some(b) = rows.iter().take(2).find(|r| r.kind == "BASELINE") {
            let same = b.description == description
                && b.version.as_deref().and_then(Version::parse).as_ref() == Some(&parsed);
            return if same {
                Ok(BaselineOutcome::AlreadyBaselined)
            } else {
                Err(Error::Refused(format!(
                    "Unable to baseline schema history table {t} with ({version},{description}) as it has already been baselined with ({},{})",
                    b.version.as_deref().unwrap_or(""),
                    b.description
                )))
            };
        }
        if rows.iter().any(|r| r.kind != "SCHEMA") {
            return Err(Error::Refused(format!(
                "Unable to baseline schema history table {t} as it already contains migrations ({} row(s), the newest {})",
                rows.len(),
                rows.last().map(|r| r.script.as_str()).unwrap_or("")
            )));
        }
        insert_row(
            &mut session.client,
            config,
            &NewRow {
                version: Some(&version),
                description,
                kind: "BASELINE",
                script: description,
                checksum: None,
                installed_by: &session.installed_by,
                execution_time: 0,
                success: true,
            },
        )?;
        return Ok(BaselineOutcome::Created);
    }
    let create_schema = !schema_exists(&mut session.client, &config.schema)?;
    let installed_by = session.installed_by.clone();
    let mut tx = session
        .client
        .transaction()
        .map_err(db(format!("begin creating {t}")))?;
    if create_schema {
        tx.batch_execute(&format!("CREATE SCHEMA {}", quote_ident(&config.schema)))
            .map_err(db(format!("create schema {}", quote_ident(&config.schema))))?;
    }
    // Flyway's getBaselineStatement: a literal INSERT between CREATE TABLE and the
    // constraints, in the same script.
    let literal = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let baseline_insert = format!(
        "INSERT INTO {t} (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") \
         VALUES (1, {}, {}, 'BASELINE', {}, NULL, {}, 0, true);",
        literal(&version),
        literal(&abbreviate_description(description)),
        literal(&abbreviate_script(description)),
        literal(&installed_by)
    );
    tx.batch_execute(&create_history_table_sql(
        &config.schema,
        &config.table,
        Some(&baseline_insert),
    ))
    .map_err(db(format!("create {t} with its baseline row")))?;
    if create_schema {
        insert_row(
            &mut tx,
            config,
            &NewRow {
                version: None,
                description: SCHEMA_CREATION_DESCRIPTION,
                kind: "SCHEMA",
                script: &quote_ident(&config.schema),
                checksum: None,
                installed_by: &installed_by,
                execution_time: 0,
                success: true,
            },
        )?;
    }
    tx.commit().map_err(db(format!("create {t}")))?;
    Ok(BaselineOutcome::Created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_keys_match_flyway() {
        assert_eq!(
            java_string_hash("\"public\".\"flyway_schema_history\""),
            2125624436
        );
        assert_eq!(lock_key("public", "flyway_schema_history"), 77433833903597);
        assert_eq!(
            java_string_hash("\"myschema\".\"flyway_schema_history\""),
            -260354672
        );
        assert_eq!(
            lock_key("myschema", "flyway_schema_history"),
            77431447924489
        );
        assert_eq!(FLYWAY_LOCK_BASE, 77431708279161);
        // Java hashes UTF-16 code units: a character outside the BMP is two of them.
        assert_eq!(java_string_hash("😀"), 0xD83D * 31 + 0xDE00);
    }

    #[test]
    fn history_ddl_is_flyways() {
        let sql = create_history_table_sql("public", "flyway_schema_history", None);
        assert!(sql.starts_with("CREATE TABLE \"public\".\"flyway_schema_history\" (\n    \"installed_rank\" INT NOT NULL,\n"));
        assert!(sql.contains("ALTER TABLE \"public\".\"flyway_schema_history\" ADD CONSTRAINT \"flyway_schema_history_pk\" PRIMARY KEY (\"installed_rank\");"));
        assert!(sql.contains("CREATE INDEX \"flyway_schema_history_s_idx\" ON \"public\".\"flyway_schema_history\" (\"success\");"));
    }

    #[test]
    fn abbreviations() {
        assert_eq!(abbreviate_description("short"), "short");
        let long = "x".repeat(250);
        let d = abbreviate_description(&long);
        assert_eq!(d.chars().count(), 200);
        assert!(d.ends_with("..."));
        let s = abbreviate_script(&format!("abc{}", "y".repeat(1200)));
        assert_eq!(s.chars().count(), 1000);
        assert!(s.starts_with("...yyy"));
    }

    #[test]
    fn sidecars() {
        let s = parse_sidecar("# c\nexecuteInTransaction=false\n", "x").unwrap();
        assert_eq!(s.execute_in_transaction, Some(false));
        let s = parse_sidecar("executeInTransaction = TRUE\nencoding=UTF-8\n", "x").unwrap();
        assert_eq!(s.execute_in_transaction, Some(true));
        assert!(parse_sidecar("nonsense=1", "x").is_err());
        assert!(parse_sidecar("encoding=ISO-8859-1", "x").is_err());
        assert!(parse_sidecar("shouldExecute=true", "x").is_err());
    }

    fn placeholders(pairs: &[(&str, &str)]) -> Placeholders {
        Placeholders {
            values: pairs
                .iter()
                .map(|(k, v)| (k.to_lowercase(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn placeholder_replacement() {
        let p = placeholders(&[("Owner", "hims_owner"), ("flyway:table", "fsh")]);
        assert_eq!(
            p.replace("ALTER TABLE t OWNER TO ${owner}; -- ${OWNER} in ${flyway:table} ${flyway:filename}", "V1__x.sql")
                .unwrap(),
            "ALTER TABLE t OWNER TO hims_owner; -- hims_owner in fsh V1__x.sql"
        );
        assert!(
            p.replace("SELECT '${nope}'", "f")
                .unwrap_err()
                .contains("No value provided for placeholder: ${nope}")
        );
        assert!(
            p.replace("${flyway:nope}", "f")
                .unwrap_err()
                .contains("default placeholder")
        );
        assert_eq!(
            p.replace("SELECT '${unclosed'", "f").unwrap(),
            "SELECT '${unclosed'"
        );
        assert_eq!(
            p.replace("no placeholders", "f").unwrap(),
            "no placeholders"
        );
    }

    fn file(prefix: Prefix, v: &str, desc: &str, checksum: i32) -> ResolvedMigration {
        let name = format!("{}{}__{}.sql", prefix.letter(), v, desc.replace(' ', "_"));
        ResolvedMigration {
            prefix,
            version: Version::parse(v).unwrap(),
            description: desc.to_string(),
            script: name.clone(),
            file_name: name.clone(),
            path: PathBuf::from(&name),
            checksum,
            sql: String::new(),
            execute_in_transaction: None,
            placeholder_replacement: None,
        }
    }

    fn row(
        rank: i32,
        v: Option<&str>,
        desc: &str,
        kind: &str,
        script: &str,
        checksum: Option<i32>,
        success: bool,
    ) -> HistoryRow {
        HistoryRow {
            installed_rank: rank,
            version: v.map(str::to_string),
            description: desc.to_string(),
            kind: kind.to_string(),
            script: script.to_string(),
            checksum,
            installed_on: "2026-01-01 00:00:00".to_string(),
            installed_by: "postgres".to_string(),
            execution_time: 1,
            success,
        }
    }

    fn states(a: &Analysis) -> Vec<(String, State)> {
        a.entries
            .iter()
            .map(|e| (e.script.clone(), e.state))
            .collect()
    }

    #[test]
    fn new_empty_database_starts_from_the_newest_baseline_migration() {
        let files = vec![
            file(Prefix::Versioned, "001", "a", 1),
            file(Prefix::Versioned, "002", "b", 2),
            file(Prefix::Baseline, "002", "all", 20),
            file(Prefix::Versioned, "003", "c", 3),
            file(Prefix::Baseline, "009", "future", 90),
        ];
        let a = analyze(&files, &[], true, false).unwrap();
        let plan: Vec<&str> = a.plan.iter().map(|&i| files[i].script.as_str()).collect();
        assert_eq!(plan, ["B002__all.sql", "V003__c.sql"]);
        assert!(a.problems.is_empty());
        assert_eq!(
            states(&a),
            [
                ("V001__a.sql".to_string(), State::BelowBaseline),
                ("B002__all.sql".to_string(), State::Pending),
                ("V002__b.sql".to_string(), State::BaselineIgnored),
                ("V003__c.sql".to_string(), State::Pending),
                ("B009__future.sql".to_string(), State::Unused),
            ]
        );
        // Not empty (or not fresh): versioned files from the start, baselines unused.
        let a = analyze(&files, &[], false, false).unwrap();
        let plan: Vec<&str> = a.plan.iter().map(|&i| files[i].script.as_str()).collect();
        assert_eq!(plan, ["V001__a.sql", "V002__b.sql", "V003__c.sql"]);
    }

    #[test]
    fn validation_finds_every_problem() {
        let files = vec![
            file(Prefix::Versioned, "1", "a", 1),
            file(Prefix::Versioned, "2", "b", 2),
            file(Prefix::Versioned, "3", "c", 3),
            file(Prefix::Versioned, "5", "e", 5),
            file(Prefix::Versioned, "6", "f", 6),
        ];
        let rows = vec![
            // '1.0' matches V1 (numeric versions); checksum changed.
            row(1, Some("1.0"), "a", "SQL", "V1__a.sql", Some(100), true),
            // V2 applied, description changed.
            row(2, Some("2"), "old b", "SQL", "V2__b.sql", Some(2), true),
            // V4's file is gone.
            row(3, Some("4"), "d", "SQL", "V4__d.sql", Some(4), true),
            row(4, Some("5"), "e", "SQL", "V5__e.sql", Some(5), true),
            // A future migration (above every file) is accepted.
            row(5, Some("7"), "g", "SQL", "V7__g.sql", Some(7), true),
        ];
        let a = analyze(&files, &rows, false, false).unwrap();
        let messages: Vec<&str> = a.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 5, "{messages:#?}");
        assert!(messages[0].starts_with("Migration checksum mismatch for migration version 1.0 (V1__a.sql)\n-> Applied to database : 100\n-> Resolved locally    : 1"));
        assert!(messages[1].starts_with("Migration description mismatch for migration version 2"));
        assert!(
            messages[2]
                .starts_with("Detected applied migration not resolved locally: 4 (V4__d.sql)")
        );
        assert!(messages[3].contains(
            "not applied to database: 3 (V3__c.sql), older than the newest applied version 7"
        ));
        // V6 is older than the future V7 already applied: ignored too, as in Flyway.
        assert!(messages[4].contains("6 (V6__f.sql), older than the newest applied version 7"));
        assert!(a.pending.is_empty());
        // Out of order allowed: V3 becomes pending and is applied before V6.
        let a = analyze(&files, &rows, false, true).unwrap();
        assert_eq!(a.problems.len(), 3);
        let plan: Vec<&str> = a.plan.iter().map(|&i| files[i].script.as_str()).collect();
        assert_eq!(plan, ["V3__c.sql", "V6__f.sql"]);
    }

    #[test]
    fn baseline_rows_hide_older_files() {
        let files = vec![
            file(Prefix::Versioned, "1", "a", 1),
            file(Prefix::Versioned, "2", "b", 2),
            file(Prefix::Versioned, "3", "c", 3),
        ];
        let rows = vec![row(
            1,
            Some("2"),
            BASELINE_DESCRIPTION,
            "BASELINE",
            BASELINE_DESCRIPTION,
            None,
            true,
        )];
        let a = analyze(&files, &rows, false, false).unwrap();
        assert!(a.problems.is_empty());
        assert_eq!(
            states(&a),
            [
                (BASELINE_DESCRIPTION.to_string(), State::Baseline),
                ("V1__a.sql".to_string(), State::BelowBaseline),
                ("V2__b.sql".to_string(), State::BaselineIgnored),
                ("V3__c.sql".to_string(), State::Pending),
            ]
        );
        assert_eq!(a.plan, [2]);
        assert_eq!(a.current_version.unwrap().display(), "2");
        assert!(a.undo_target.is_none());
    }

    #[test]
    fn undo_rows_make_a_version_pending_again() {
        let files = vec![
            file(Prefix::Versioned, "1", "a", 1),
            file(Prefix::Versioned, "2", "b", 2),
            file(Prefix::Undo, "2", "b", 22),
        ];
        let rows = vec![
            row(1, Some("1"), "a", "SQL", "V1__a.sql", Some(1), true),
            row(2, Some("2"), "b", "SQL", "V2__b.sql", Some(2), true),
        ];
        let a = analyze(&files, &rows, false, false).unwrap();
        assert_eq!(a.undo_target.as_ref().unwrap().0.display(), "2");
        assert_eq!(a.entries.last().unwrap().state, State::Available);
        let mut rows = rows;
        rows.push(row(
            3,
            Some("2"),
            "b",
            "UNDO_SQL",
            "U2__b.sql",
            Some(22),
            true,
        ));
        let a = analyze(&files, &rows, false, false).unwrap();
        assert!(a.problems.is_empty(), "{:?}", a.problems);
        assert_eq!(a.plan, [1]);
        assert_eq!(a.entries[1].state, State::Undone);
        assert_eq!(a.entries[2].state, State::Success);
        assert_eq!(a.undo_target.as_ref().unwrap().0.display(), "1");
        // Applied again: not out of order, and undoable again.
        rows.push(row(4, Some("2"), "b", "SQL", "V2__b.sql", Some(2), true));
        let a = analyze(&files, &rows, false, false).unwrap();
        assert!(a.problems.is_empty());
        assert!(a.plan.is_empty());
        assert_eq!(a.entries[3].state, State::Success);
        assert_eq!(a.undo_target.as_ref().unwrap().0.display(), "2");
    }

    #[test]
    fn failed_rows_are_problems() {
        let files = vec![file(Prefix::Versioned, "1", "a", 1)];
        let rows = vec![row(1, Some("1"), "a", "SQL", "V1__a.sql", Some(1), false)];
        let a = analyze(&files, &rows, false, false).unwrap();
        assert_eq!(a.entries[0].state, State::Failed);
        assert!(
            a.problems[0]
                .message
                .starts_with("Detected failed migration to version 1 (a, V1__a.sql")
        );
        assert!(a.plan.is_empty());
    }
}
