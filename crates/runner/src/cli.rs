//! The runner's command line, shared by the standalone `hims-migrate` binary and
//! `cargo xtask`'s runner verbs (thin calls into [`run`]): arguments, printing, exit
//! messages. The history table, its rows, the checksums and the advisory lock are
//! Flyway's, so a database can move between this and Flyway in either direction.

use crate::{BaselineOutcome, Config, InfoEntry, Progress, RepairOptions};
use std::io::Write;
use std::path::PathBuf;

/// Where to migrate (shared by every verb). Anything not given here comes from the
/// `FLYWAY_*` variables, then from `flyway.toml` / `flyway.conf` in the working directory
/// (Flyway's precedence: command line over environment over file).
#[derive(clap::Args, Debug, Clone)]
pub struct Target {
    /// The database: postgresql://user@host:port/db?sslmode=…, jdbc:postgresql://…, or a
    /// libpq key=value string [env: FLYWAY_URL].
    #[arg(long, visible_alias = "url", value_name = "URL")]
    pub database_url: Option<String>,
    /// The user, over the URL's [env: FLYWAY_USER]. The password comes from the URL,
    /// FLYWAY_PASSWORD, the configuration file, PGPASSWORD or ~/.pgpass.
    #[arg(long)]
    pub user: Option<String>,
    /// The migrations directory [env: FLYWAY_LOCATIONS=filesystem:DIR].
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Schema of the history table (created with Flyway's SCHEMA row when missing)
    /// [default: the first of FLYWAY_SCHEMAS, else public].
    #[arg(long)]
    pub schema: Option<String>,
    /// The history table [env: FLYWAY_TABLE; default: flyway_schema_history].
    #[arg(long)]
    pub table: Option<String>,
    /// Retries, one second apart, to get the advisory lock while another migration runs
    /// (negative: wait forever) [default: 50].
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub lock_retry_count: Option<i32>,
    /// Apply migrations older than the newest applied one (Flyway outOfOrder).
    #[arg(long)]
    pub out_of_order: bool,
    /// migrate: apply versions up to this one only (Flyway target) [env: FLYWAY_TARGET].
    #[arg(long, value_name = "VERSION")]
    pub target: Option<String>,
    /// A value for ${NAME} in migrations (repeatable).
    #[arg(long = "placeholder", value_name = "NAME=VALUE")]
    pub placeholders: Vec<String>,
    /// validate: accept migrations that are not applied yet (Flyway
    /// ignoreMigrationPatterns=*:pending).
    #[arg(long)]
    pub ignore_pending: bool,
    /// The [environments.NAME] of flyway.toml to use [env: flyway_environment; default:
    /// [flyway] environment, else default].
    #[arg(long, value_name = "NAME")]
    pub environment: Option<String>,
}

/// `repair`'s options.
#[derive(clap::Args, Debug, Clone)]
pub struct RepairArgs {
    #[command(flatten)]
    pub target: Target,
    /// Also mark applied migrations whose file is gone as deleted (Flyway DELETE rows).
    #[arg(long)]
    pub delete_missing: bool,
    /// Also accept changed files: store their checksum and description in the history
    /// (every change is printed).
    #[arg(long)]
    pub realign_checksums: bool,
}

/// `baseline`'s options.
#[derive(clap::Args, Debug, Clone)]
pub struct BaselineArgs {
    #[command(flatten)]
    pub target: Target,
    /// The version the database is at, e.g. 4.
    #[arg(long)]
    pub version: String,
    /// Description of the baseline row [default: << Flyway Baseline >>].
    #[arg(long)]
    pub description: Option<String>,
}

/// `info`'s options.
#[derive(clap::Args, Debug, Clone)]
pub struct InfoArgs {
    #[command(flatten)]
    pub target: Target,
    /// Print JSON instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// One command of the runner.
#[derive(Debug, Clone)]
pub enum Command {
    Migrate(Target),
    Info(InfoArgs),
    Validate(Target),
    Undo(Target),
    Repair(RepairArgs),
    Baseline(BaselineArgs),
    Clean(Target),
}

/// The configuration a target describes: the command line, over the `FLYWAY_*`
/// variables, over `flyway.toml`/`flyway.conf` in the working directory; `default_dir`
/// when none of them names the migrations directory.
pub fn config(t: &Target, default_dir: &std::path::Path) -> Result<Config, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("no working directory: {e}"))?;
    let settings =
        crate::FlywaySettings::load(&cwd, &|k| std::env::var(k).ok(), t.environment.as_deref())?;
    config_from(t, &settings, &cwd, default_dir)
}

/// [`config`] with the settings given (for tests).
pub fn config_from(
    t: &Target,
    settings: &crate::FlywaySettings,
    base: &std::path::Path,
    default_dir: &std::path::Path,
) -> Result<Config, String> {
    let url = t.database_url.clone().or_else(|| settings.url.clone()).ok_or(
        "no database: give --url, set FLYWAY_URL, or put url into flyway.toml ([environments.default]) or flyway.conf",
    )?;
    let dir = match &t.dir {
        Some(d) => d.clone(),
        None => settings
            .location(base)?
            .unwrap_or_else(|| default_dir.to_path_buf()),
    };
    let mut c = Config::new(settings.url_with_jdbc_properties(&url), dir);
    c.user = t.user.clone().or_else(|| settings.user.clone());
    c.password = settings.password.clone();
    c.schemas = settings.schemas.clone().unwrap_or_default();
    c.schema = t
        .schema
        .clone()
        .or_else(|| settings.default_schema.clone())
        .or_else(|| c.schemas.first().cloned())
        .unwrap_or_else(|| crate::DEFAULT_SCHEMA.to_string());
    c.table = t
        .table
        .clone()
        .or_else(|| settings.table.clone())
        .unwrap_or_else(|| crate::DEFAULT_TABLE.to_string());
    c.lock_retry_count = t
        .lock_retry_count
        .or(settings.lock_retry_count)
        .unwrap_or(crate::DEFAULT_LOCK_RETRY_COUNT);
    c.out_of_order = t.out_of_order || settings.out_of_order.unwrap_or(false);
    c.ignore_pending = t.ignore_pending;
    c.target = t.target.clone().or_else(|| settings.target.clone());
    c.clean_disabled = settings.clean_disabled.unwrap_or(true);
    c.placeholders = settings.placeholders.clone();
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
        Progress::Retrying { script, reason } => {
            println!(
                "rolled back ({reason}: another database of the cluster changed roles at the same time); applying {script} again … "
            );
            let _ = std::io::stdout().flush();
        }
        Progress::Failed { .. } => println!("FAILED"),
    }
}

/// While a statement runs: its elapsed time on stderr every 5 s after the first 5 s; Ctrl-C
/// cancels it on the server (a second Ctrl-C exits at once).
fn watch_running_statements() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::thread::spawn(|| {
            let mut last_shown = 0;
            loop {
                std::thread::sleep(std::time::Duration::from_secs(1));
                match crate::execute::running() {
                    Some((script, line, elapsed)) if elapsed.as_secs() >= 5 => {
                        let secs = elapsed.as_secs();
                        if secs / 5 != last_shown {
                            last_shown = secs / 5;
                            eprintln!("  … {script}, statement at line {line}: running for {secs} s (Ctrl-C cancels it)");
                        }
                    }
                    Some(_) => {}
                    None => last_shown = 0,
                }
            }
        });
        let pressed = std::sync::atomic::AtomicBool::new(false);
        let _ = ctrlc::set_handler(move || {
            if pressed.swap(true, std::sync::atomic::Ordering::SeqCst) {
                std::process::exit(130);
            }
            match crate::execute::interrupt() {
                Some(Ok(what)) => eprintln!(
                    "\ninterrupted: cancelling {what} on the server (Ctrl-C again to exit at once)…"
                ),
                Some(Err(e)) => {
                    eprintln!("\ninterrupted: {e}");
                    std::process::exit(130);
                }
                // Between statements: the next one does not start.
                None => eprintln!(
                    "\ninterrupted: stopping before the next statement (Ctrl-C again to exit at once)…"
                ),
            }
        });
    });
}

/// Run one command; `default_dir` is the migrations directory when the target names none.
pub fn run(command: Command, default_dir: &std::path::Path) -> Result<(), String> {
    watch_running_statements();
    match command {
        Command::Migrate(t) => {
            let c = config(&t, default_dir)?;
            let report = crate::migrate(&c, &mut print_progress).map_err(|e| e.to_string())?;
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
        Command::Info(i) => {
            let c = config(&i.target, default_dir)?;
            let info = crate::info(&c).map_err(|e| e.to_string())?;
            if i.json {
                println!("{}", info_json(&info));
            } else {
                print_info(&info);
            }
            Ok(())
        }
        Command::Clean(t) => {
            let c = config(&t, default_dir)?;
            let schemas = crate::clean(&c).map_err(|e| e.to_string())?;
            println!("cleaned schema(s) {}", schemas.join(", "));
            Ok(())
        }
        Command::Validate(t) => {
            let c = config(&t, default_dir)?;
            let report = crate::validate(&c).map_err(|e| e.to_string())?;
            println!(
                "Successfully validated {} migration(s) against {}",
                report.migrations,
                c.history_table()
            );
            Ok(())
        }
        Command::Undo(t) => {
            let c = config(&t, default_dir)?;
            let undone = crate::undo(&c, &mut print_progress).map_err(|e| e.to_string())?;
            println!(
                "undid version {} with {}; `migrate` applies it again",
                undone.version, undone.script
            );
            Ok(())
        }
        Command::Repair(r) => {
            let c = config(&r.target, default_dir)?;
            let report = crate::repair(
                &c,
                RepairOptions {
                    delete_missing: r.delete_missing,
                    realign_checksums: r.realign_checksums,
                },
            )
            .map_err(|e| e.to_string())?;
            for change in &report.changes {
                println!("{change}");
            }
            for left in &report.left {
                println!("not changed: {left}");
            }
            if report.changes.is_empty() {
                println!("{}: nothing repaired", c.history_table());
            } else {
                println!(
                    "repaired {}: {} change(s); run `migrate` to apply what is pending",
                    c.history_table(),
                    report.changes.len()
                );
            }
            Ok(())
        }
        Command::Baseline(b) => {
            let c = config(&b.target, default_dir)?;
            let version = &b.version;
            match crate::baseline(&c, version, b.description.as_deref())
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

fn print_info(info: &crate::Info) {
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

/// `info --json`: the schema version and every entry, Flyway's field names.
pub fn info_json(info: &crate::Info) -> String {
    let migrations: Vec<serde_json::Value> = info
        .entries
        .iter()
        .map(|e| {
            serde_json::json!({
                "type": e.kind,
                "version": e.version,
                "description": e.description,
                "script": e.script,
                "state": e.state.label(),
                "installedRank": e.installed_rank,
                "installedOn": e.installed_on,
                "installedBy": e.installed_by,
                "executionTime": e.execution_time,
                "appliedChecksum": e.applied_checksum,
                "resolvedChecksum": e.resolved_checksum,
                "checksumMatches": e.checksum_matches(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "schemaVersion": info.current_version,
        "historyTable": info.history_table,
        "historyExists": info.history_exists,
        "migrations": migrations,
    }))
    .expect("JSON of plain values")
}
