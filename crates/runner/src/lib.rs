//! A Flyway-compatible migration runner for PostgreSQL: `migrate`, `info`, `validate`,
//! `undo` and `baseline` over the same `flyway_schema_history` table, rows, checksums and
//! advisory lock as Flyway (`/work/shared/reference/flyway-compat.md`), so a database can
//! be handed from this runner to Flyway and back at any point.
//!
//! What is shared with Flyway, exactly:
//!
//! * file names, versions and descriptions (§1, [`hims_migrations::history::parse_migration_name`]); `V` versioned,
//!   `B` baseline migrations (type `SQL_BASELINE`), `U` undo migrations (Flyway Teams'
//!   `UNDO_SQL`); files are found recursively under the directory and `script` is the path
//!   relative to it, like a Flyway location;
//! * the checksum (§2, [`hims_migrations::history::flyway_checksum`]) of the raw file;
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
//!
//! One module per concern: [`config`] (what to do, from Flyway's own configuration),
//! `connect` (sessions), [`history`] (the table), [`lock`], [`files`] (resolving the
//! directory), `analyze` (files against rows), [`execute`] (running files), the commands
//! ([`migrate`], [`info`], [`validate`], [`undo`], [`repair`], [`baseline`]) and
//! [`script`] (statement splitting).
//!
//! **Applying files as `migrate` would** (for callers such as plan verification): point a
//! [`Config`] at a directory holding them and call [`migrate`]; every run goes through the
//! same resolution, lock, transaction handling and history rows.

mod analyze;
mod baseline;
mod clean;
pub mod cli;
mod commands;
pub mod config;
mod connect;
mod empty;
pub mod error;
pub mod execute;
pub mod files;
pub mod history;
pub mod lock;
mod repair;
pub mod script;
/// Connection strings and TLS like libpq: [`hims_connect`], shared with `hims-pg`.
pub mod tls {
    pub use hims_connect::*;
}
mod undo;

pub use analyze::{Info, InfoEntry, State};
pub use baseline::{BaselineOutcome, baseline};
pub use clean::clean;
pub use commands::{ValidateReport, info, migrate, validate};
pub use config::{Config, FlywaySettings, Secret};
pub use error::{Error, Problem, StatementError};
pub use execute::{Applied, MigrateReport, Progress, SHARED_CATALOG_INDEXES};
pub use files::{ResolvedMigration, abbreviate_description, abbreviate_script, resolve};
pub use history::{HistoryRow, create_history_table_sql, quote_ident};
pub use lock::{java_string_hash, lock_key};
pub use repair::{RepairChange, RepairOptions, RepairReport, repair};
pub use undo::undo;

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

#[cfg(test)]
mod tests;
