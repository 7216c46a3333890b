//! `hims-migrate`: the Flyway-compatible runner as a standalone binary. It needs no source
//! tree and no cargo: copied next to a `migrations` directory it works from anywhere.

use clap::{Parser, Subcommand};
use hims_runner::cli::{self, BaselineArgs, Command, InfoArgs, RepairArgs, Target};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "hims-migrate",
    version,
    about = "Flyway-compatible PostgreSQL migrations: the same history table, checksums and lock as Flyway"
)]
struct Cli {
    #[command(subcommand)]
    verb: Verb,
}

#[derive(Subcommand)]
enum Verb {
    /// Apply the pending migrations, like `flyway migrate`.
    Migrate(Target),
    /// List every migration with its state.
    Info(InfoArgs),
    /// Compare the files with the history; exits non-zero on any problem.
    Validate(Target),
    /// Undo the newest applied versioned migration with its U file.
    Undo(Target),
    /// Remove failed rows (and, when asked, mark missing files deleted and realign
    /// checksums), like `flyway repair`.
    Repair(RepairArgs),
    /// Mark an existing database as being at a version, like `flyway baseline`.
    Baseline(BaselineArgs),
    /// Drop everything in the configured schemas; refused unless cleanDisabled=false.
    Clean(Target),
}

/// `./migrations` when the working directory has one, else `migrations` next to the
/// binary.
fn default_dir() -> PathBuf {
    let here = PathBuf::from("migrations");
    if here.is_dir() {
        return here;
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|p| p.join("migrations")))
        .unwrap_or(here)
}

fn main() -> ExitCode {
    let command = match Cli::parse().verb {
        Verb::Migrate(t) => Command::Migrate(t),
        Verb::Info(t) => Command::Info(t),
        Verb::Validate(t) => Command::Validate(t),
        Verb::Undo(t) => Command::Undo(t),
        Verb::Repair(r) => Command::Repair(r),
        Verb::Baseline(b) => Command::Baseline(b),
        Verb::Clean(t) => Command::Clean(t),
    };
    match cli::run(command, &default_dir()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
