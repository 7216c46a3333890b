//! `cargo xtask migrate | info | validate | undo | repair | db-baseline`: thin calls into
//! the runner's command line ([`hims_runner::cli`], the same code as `hims-migrate`), with
//! this workspace's generated/migrations as the default directory.
//!
//! The database baseline verb is `db-baseline` because `cargo xtask baseline` already
//! writes generated/.

use hims_runner::cli::{self, BaselineArgs, Command, InfoArgs, RepairArgs, Target};

/// The runner's verbs, flattened into `cargo xtask`'s.
#[derive(clap::Subcommand, Debug)]
pub enum DbVerb {
    /// Apply the pending migrations of generated/migrations to a database, like `flyway
    /// migrate` (same history table, checksums and lock). An empty database starts from the
    /// newest B baseline migration. Prints each file with its time.
    Migrate(Target),
    /// List every migration, applied or not, with its state and whether its checksum matches.
    Info(InfoArgs),
    /// Compare the files with the database's history and list every problem (changed or
    /// missing files, failed or pending migrations); exits non-zero on any.
    Validate(Target),
    /// Undo the newest applied versioned migration with its U file (Flyway Teams `undo`);
    /// `migrate` applies it again afterwards.
    Undo(Target),
    /// Remove failed rows from the history (after the cause was fixed) so `migrate` runs
    /// the failed file again, like `flyway repair`; with flags also mark missing files
    /// deleted and realign changed checksums, printing each change.
    Repair(RepairArgs),
    /// Mark an existing database (e.g. restored from an export) as being at a version, like
    /// `flyway baseline`: later `migrate`s apply only the versions after it.
    #[command(name = "db-baseline")]
    DbBaseline(BaselineArgs),
}

/// Run one of the verbs.
pub fn run(verb: DbVerb) -> Result<(), String> {
    let command = match verb {
        DbVerb::Migrate(t) => Command::Migrate(t),
        DbVerb::Info(t) => Command::Info(t),
        DbVerb::Validate(t) => Command::Validate(t),
        DbVerb::Undo(t) => Command::Undo(t),
        DbVerb::Repair(r) => Command::Repair(r),
        DbVerb::DbBaseline(b) => Command::Baseline(b),
    };
    cli::run(
        command,
        &crate::workspace_root().join("generated").join("migrations"),
    )
}
