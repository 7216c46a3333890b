//! `cargo xtask migrate | info | validate | undo | db-baseline`: the Flyway-compatible
//! runner of [`hims_pg::runner`] on the command line. The history table, its rows, the
//! checksums and the advisory lock are Flyway's, so a database can move between this and
//! Flyway in either direction.
//!
//! The database baseline verb is `db-baseline` because `cargo xtask baseline` already
//! writes generated/.

use hims_pg::runner::{self, BaselineOutcome, Config, InfoEntry, Progress};
use std::io::Write;
use std::path::PathBuf;

/// Where to migrate (shared by every verb).
#[derive(clap::Args, Debug)]
pub struct Target {
    /// The database: postgresql://user@host:port/db or a libpq key=value string (no TLS).
    #[arg(long, value_name = "URL")]
    database_url: String,
    /// The migrations directory [default: generated/migrations of this workspace].
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Schema of the history table (created with Flyway's SCHEMA row when missing).
    #[arg(long, default_value = runner::DEFAULT_SCHEMA)]
    schema: String,
    /// The history table.
    #[arg(long, default_value = runner::DEFAULT_TABLE)]
    table: String,
    /// Retries, one second apart, to get the advisory lock while another migration runs
    /// (negative: wait forever).
    #[arg(long, value_name = "N", default_value_t = runner::DEFAULT_LOCK_RETRY_COUNT, allow_negative_numbers = true)]
    lock_retry_count: i32,
    /// Apply migrations older than the newest applied one (Flyway outOfOrder).
    #[arg(long)]
    out_of_order: bool,
    /// A value for ${NAME} in migrations (repeatable).
    #[arg(long = "placeholder", value_name = "NAME=VALUE")]
    placeholders: Vec<String>,
    /// validate: accept migrations that are not applied yet (Flyway
    /// ignoreMigrationPatterns=*:pending).
    #[arg(long)]
    ignore_pending: bool,
}

/// The runner's verbs, flattened into `cargo xtask`'s.
#[derive(clap::Subcommand, Debug)]
pub enum DbVerb {
    /// Apply the pending migrations of generated/migrations to a database, like `flyway
    /// migrate` (same history table, checksums and lock). An empty database starts from the
    /// newest B baseline migration. Prints each file with its time.
    Migrate(Target),
    /// List every migration, applied or not, with its state and whether its checksum matches.
    Info(Target),
    /// Compare the files with the database's history and list every problem (changed or
    /// missing files, failed or pending migrations); exits non-zero on any.
    Validate(Target),
    /// Undo the newest applied versioned migration with its U file (Flyway Teams `undo`);
    /// `migrate` applies it again afterwards.
    Undo(Target),
    /// Mark an existing database (e.g. restored from an export) as being at a version, like
    /// `flyway baseline`: later `migrate`s apply only the versions after it.
    #[command(name = "db-baseline")]
    DbBaseline {
        #[command(flatten)]
        target: Target,
        /// The version the database is at, e.g. 4.
        #[arg(long)]
        version: String,
        /// Description of the baseline row [default: << Flyway Baseline >>].
        #[arg(long)]
        description: Option<String>,
    },
}

fn config(t: &Target) -> Result<Config, String> {
    let dir = t
        .dir
        .clone()
        .unwrap_or_else(|| crate::workspace_root().join("generated").join("migrations"));
    let mut c = Config::new(t.database_url.clone(), dir);
    c.schema = t.schema.clone();
    c.table = t.table.clone();
    c.lock_retry_count = t.lock_retry_count;
    c.out_of_order = t.out_of_order;
    c.ignore_pending = t.ignore_pending;
    for p in &t.placeholders {
        let (name, value) = p
            .split_once('=')
            .ok_or_else(|| format!("--placeholder {p:?}: expected NAME=VALUE"))?;
        c.placeholders.insert(name.to_string(), value.to_string());
    }
    Ok(c)
}

fn print_progress(p: &Progress) {
    match p {
        Progress::WaitingForLock { key, table } => {
            println!("another migration holds the lock on {table} (advisory lock {key}); waiting…")
        }
        Progress::CreatedHistory { table } => println!("created {table}"),
        Progress::EmptyDatabase { baseline: Some(b) } => {
            println!("empty database: starting from the baseline migration {b}")
        }
        Progress::EmptyDatabase { baseline: None } => {
            println!("empty database: applying every versioned migration")
        }
        Progress::Applying {
            script,
            transactional,
            ..
        } => {
            let mode = if *transactional {
                ""
            } else {
                " (outside a transaction)"
            };
            print!("applying {script}{mode} … ");
            let _ = std::io::stdout().flush();
        }
        Progress::Applied { millis, .. } => println!("done in {millis} ms"),
        Progress::Failed { .. } => println!("FAILED"),
    }
}

/// Run one of the verbs.
pub fn run(verb: DbVerb) -> Result<(), String> {
    match verb {
        DbVerb::Migrate(t) => {
            let c = config(&t)?;
            let report = runner::migrate(&c, &mut print_progress).map_err(|e| e.to_string())?;
            let version = report.schema_version.as_deref().unwrap_or("<none>");
            if report.applied.is_empty() {
                println!(
                    "{} is up to date: schema version {version}",
                    c.history_table()
                );
            } else {
                println!(
                    "applied {} migration(s); schema version {version}",
                    report.applied.len()
                );
            }
            Ok(())
        }
        DbVerb::Info(t) => {
            let c = config(&t)?;
            let info = runner::info(&c).map_err(|e| e.to_string())?;
            print_info(&info);
            Ok(())
        }
        DbVerb::Validate(t) => {
            let c = config(&t)?;
            let report = runner::validate(&c).map_err(|e| e.to_string())?;
            println!(
                "Successfully validated {} migration(s) against {}",
                report.migrations,
                c.history_table()
            );
            Ok(())
        }
        DbVerb::Undo(t) => {
            let c = config(&t)?;
            let undone = runner::undo(&c, &mut print_progress).map_err(|e| e.to_string())?;
            println!(
                "undid version {} with {}; `migrate` applies it again",
                undone.version, undone.script
            );
            Ok(())
        }
        DbVerb::DbBaseline {
            target,
            version,
            description,
        } => {
            let c = config(&target)?;
            match runner::baseline(&c, &version, description.as_deref())
                .map_err(|e| e.to_string())?
            {
                BaselineOutcome::Created => println!(
                    "baselined {} at version {version}: migrate applies only later versions",
                    c.history_table()
                ),
                BaselineOutcome::AlreadyBaselined => println!(
                    "{} is already baselined at version {version}; nothing to do",
                    c.history_table()
                ),
            }
            Ok(())
        }
    }
}

fn print_info(info: &runner::Info) {
    println!(
        "Schema version: {}",
        info.current_version
            .as_deref()
            .unwrap_or("<< Empty Schema >>")
    );
    if !info.history_exists {
        println!("{} does not exist yet", info.history_table);
    }
    if let Some(objects) = &info.non_empty_objects {
        if objects.is_empty() {
            println!(
                "the database is empty: migrate starts from the newest baseline migration, if any"
            );
        } else {
            println!(
                "nothing is applied but the database is not empty ({}, …): migrate refuses; see db-baseline",
                objects.join(", ")
            );
        }
    }
    let header = [
        "Category",
        "Version",
        "Description",
        "Type",
        "Installed On",
        "State",
        "Checksum",
    ];
    let category = |e: &InfoEntry| match e.kind.as_str() {
        "SQL_BASELINE" | "BASELINE" => "Baseline",
        "UNDO_SQL" => "Undo",
        "SCHEMA" => "Schema",
        _ if e.version.is_none() => "Repeatable",
        _ => "Versioned",
    };
    let rows: Vec<[String; 7]> = info
        .entries
        .iter()
        .map(|e| {
            [
                category(e).to_string(),
                e.version.clone().unwrap_or_default(),
                e.description.clone(),
                e.kind.clone(),
                e.installed_on.clone().unwrap_or_default(),
                e.state.label().to_string(),
                match e.checksum_matches() {
                    Some(true) => "ok".to_string(),
                    Some(false) => format!(
                        "DIFFERS (applied {}, file {})",
                        e.applied_checksum.unwrap_or_default(),
                        e.resolved_checksum.unwrap_or_default()
                    ),
                    None => String::new(),
                },
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        println!("| {} |", padded.join(" | "));
    };
    let rule = format!(
        "+-{}-+",
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-")
    );
    println!("{rule}");
    line(&header.map(String::from));
    println!("{rule}");
    for r in &rows {
        line(r);
    }
    println!("{rule}");
}
