//! What the runner is told: the database, the directory and Flyway's settings.

use crate::history::quote_ident;
use crate::lock::lock_key;
use crate::{DEFAULT_LOCK_RETRY_COUNT, DEFAULT_SCHEMA, DEFAULT_TABLE};
use std::collections::BTreeMap;
use std::path::PathBuf;

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
