//! `cargo xtask <verb>`: the project's command line. Run `cargo xtask --help`.

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod scaffold;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Generate, check and test the HIMS PostgreSQL schema"
)]
struct Cli {
    #[command(subcommand)]
    command: Verb,
}

#[derive(Subcommand)]
enum Verb {
    /// Validate the definitions in schema-defs/ and write generated/ (the V001 baseline
    /// migration and its model snapshot). Nothing is written when validation fails.
    Baseline,
    /// Regenerate everything in memory and fail, naming each file, when generated/ is stale.
    Check,
    /// Make sure PostgreSQL server binaries are present (installing the distribution's
    /// `postgresql` package when running as root), then run every test of the workspace.
    Test {
        /// Extra arguments passed to `cargo test` (after `--`).
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
    /// Scaffold a new table (tenant-scoped, with compliance columns and RLS) or a new schema
    /// module in schema-defs/ from templates/, and register it.
    New {
        /// Workspace to write into (default: this one).
        #[arg(long, global = true, value_name = "DIR")]
        root: Option<PathBuf>,
        #[command(subcommand)]
        what: NewWhat,
    },
}

#[derive(Subcommand)]
enum NewWhat {
    /// Write schema-defs/src/<schema>/<table>.rs from templates/table.rs.tmpl and register it
    /// in schema-defs/src/<schema>.rs (`mod`, `pub use`, `b.table::<Struct>()`).
    Table {
        /// The table, e.g. billing.claim_notes.
        #[arg(value_name = "SCHEMA.TABLE")]
        table: String,
        /// Name of the Rust struct (default: singular UpperCamelCase of the table name,
        /// claim_notes → ClaimNote).
        #[arg(long = "struct", value_name = "NAME")]
        struct_name: Option<String>,
    },
    /// Write schema-defs/src/<name>.rs from templates/schema.rs.tmpl and register it in
    /// schema-defs/src/lib.rs (`pub mod`, `<name>::register(&mut b)` in builder()).
    Schema {
        /// The PostgreSQL schema, e.g. pharmacy.
        name: String,
        /// COMMENT ON SCHEMA text.
        #[arg(long, default_value = "")]
        comment: String,
    },
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Verb::Baseline => baseline(),
        Verb::Check => check(),
        Verb::Test { args } => test(&args),
        Verb::New { root, what } => new(root.unwrap_or_else(workspace_root), what),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn new(root: PathBuf, what: NewWhat) -> Result<(), String> {
    let printed = match what {
        NewWhat::Table { table, struct_name } => {
            scaffold::new_table(&root, &table, struct_name.as_deref())?
        }
        NewWhat::Schema { name, comment } => scaffold::new_schema(&root, &name, &comment)?,
    };
    for line in printed {
        println!("{line}");
    }
    Ok(())
}

fn model() -> Result<hims_model::Model, String> {
    hims_schema_defs::model().map_err(|problems| problems.to_string())
}

fn baseline() -> Result<(), String> {
    let model = model()?;
    let root = workspace_root().join("generated");
    let files = hims_migrations::generate(&model);
    let changed = hims_migrations::write_all(&root, &files).map_err(|e| e.to_string())?;
    if changed.is_empty() {
        println!("generated/ is up to date ({} files)", files.len());
    } else {
        for path in &changed {
            println!("wrote generated/{}", path.display());
        }
    }
    println!(
        "{} schemas, {} enum types, {} tables",
        model.schemas.len(),
        model.enums.len(),
        model.tables.len()
    );
    Ok(())
}

fn check() -> Result<(), String> {
    let model = model()?;
    let root = workspace_root().join("generated");
    let drift = hims_migrations::check(&root, &hims_migrations::generate(&model));
    if drift.is_empty() {
        println!("generated/ matches the definitions");
        return Ok(());
    }
    let mut message = String::from("generated/ does not match the definitions in schema-defs/:\n");
    for d in &drift {
        message.push_str(&format!("  - {d}\n"));
    }
    message.push_str(&format!(
        "run `{}` and commit the result",
        hims_migrations::REGENERATE
    ));
    Err(message)
}

fn test(args: &[String]) -> Result<(), String> {
    ensure_postgres()?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(workspace_root())
        .args(["test", "--workspace", "--all-targets"])
        .args(args)
        .status()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    // Doc tests are not part of --all-targets.
    let doc_status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(workspace_root())
        .args(["test", "--workspace", "--doc"])
        .status()
        .map_err(|e| format!("cannot run cargo test --doc: {e}"))?;
    if status.success() && doc_status.success() {
        Ok(())
    } else {
        Err("tests failed".into())
    }
}

/// Tests start their own PostgreSQL unless DATABASE_URL points at one; either way they
/// fail (never skip) without a server, so make the binaries present first.
fn ensure_postgres() -> Result<(), String> {
    if std::env::var_os("DATABASE_URL").is_some() {
        println!("using the server at DATABASE_URL");
        return Ok(());
    }
    if let Ok(dir) = hims_testdb::pg_bin_dir() {
        println!("PostgreSQL server binaries: {}", dir.display());
        return Ok(());
    }
    if !is_root() {
        return Err(
            "PostgreSQL server binaries (initdb, postgres) not found. Install the distribution's \
             `postgresql` package (e.g. `sudo apt-get install postgresql`), set PG_BIN_DIR to \
             their directory, or set DATABASE_URL to a server the tests may create databases on."
                .into(),
        );
    }
    println!("PostgreSQL server binaries not found; installing the `postgresql` package");
    let run = |args: &[&str]| {
        Command::new(args[0])
            .args(&args[1..])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("cannot run {}: {e}", args.join(" ")))
            .and_then(|s| {
                s.success()
                    .then_some(())
                    .ok_or_else(|| format!("`{}` failed", args.join(" ")))
            })
    };
    run(&["apt-get", "update", "-q"])?;
    run(&[
        "apt-get",
        "install",
        "-y",
        "-q",
        "--no-install-recommends",
        "postgresql",
    ])?;
    hims_testdb::pg_bin_dir()
        .map(|d| println!("PostgreSQL server binaries: {}", d.display()))
        .map_err(|e| e.to_string())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}
