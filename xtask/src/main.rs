//! `cargo xtask <verb>`: the project's command line. Run `cargo xtask --help`.

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod bench;
mod bench_backfill;
mod bench_verify;
mod migrate;
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
    /// After merging a branch that released the same version as your local, unreleased
    /// delta: remove your delta's files, restore the other branch's, and generate your
    /// delta again after theirs. Example: `cargo xtask rebase V007__add_x.sql`.
    Rebase {
        /// The first file of your local delta, e.g. V007__add_x.sql.
        file: String,
        /// Allow a kind of hazard, as for gen-migration.
        #[arg(long, value_name = "KIND")]
        allow: Vec<String>,
    },
    /// Compare a live database with the definitions (at the version its Flyway history
    /// records, else at head) and print the differences grouped by object; exits non-zero
    /// on drift. `--sql` prints the delta that would bring the database to the definitions.
    Drift {
        /// e.g. postgresql://user@host/db (libpq key=value strings work too).
        #[arg(long, value_name = "URL")]
        database_url: String,
        #[arg(long)]
        sql: bool,
        /// Compare with the definitions at head even when the database records an older version.
        #[arg(long)]
        head: bool,
    },
    /// Fail, naming each file, when generated/ is stale, a released migration changed or is
    /// missing, the lock chain is broken (e.g. after merging two branches), or the
    /// definitions changed since the last snapshot with no migration for it.
    Check,
    /// Diff the last released snapshot against the definitions and write the next
    /// migration V00N__<description>.sql, its undo U00N, the new snapshot, the baseline
    /// migration at head and the lock entries. Example: `cargo xtask gen-migration add_patient_email`.
    GenMigration {
        /// What the migration does, lower snake_case (becomes part of the file name).
        description: String,
        /// Print the plan with each change's hazards and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Allow a kind of hazard: data-loss, locking, rewrite, irreversible, breaking (repeatable).
        #[arg(long, value_name = "KIND")]
        allow: Vec<String>,
        /// Write an empty hand-written migration from templates/migration.sql.tmpl (for
        /// backfills and data changes); the snapshot stays unchanged.
        #[arg(long)]
        empty: bool,
        /// Write without proving the plan first (for machines without PostgreSQL server
        /// binaries or DATABASE_URL). By default the previous release is built in a
        /// throw-away database, the new files are applied by the runner and the undo files
        /// after them, and the plan is refused when either result differs.
        #[arg(long)]
        no_verify: bool,
    },
    /// Rewrite released undo files (U00N) that the engine now writes differently, e.g. an
    /// undo that used to refuse, and record each rewrite in generated/migrations.lock. V and
    /// B files never change; a U file is rewritten only when the plan between its two
    /// snapshots still yields the released V file's statements.
    RegenUndo {
        /// Report what would be rewritten; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
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
    /// Time the delta plan of a synthetic 2000-table model (min/median, peak memory) and
    /// `gen-migration` end to end after a one-field edit, in a copy of the workspace.
    Bench(bench::BenchArgs),
    /// Import an existing database schema (live, or a pg_dump --schema-only file) as Rust
    /// definitions: one module per schema and a mod.rs registering them; everything the
    /// model cannot hold is listed by name.
    Import(import::ImportArgs),
    /// Time hims_pg::introspect (release build) against `pg_dump -s` on a synthetic
    /// 2000-table database in an ephemeral cluster, side by side (target: at most 1.5x),
    /// and the whole of `import` (target: at most 2x).
    #[command(name = "bench-introspect")]
    BenchIntrospect(bench_introspect::BenchIntrospectArgs),
    /// Flyway-compatible runner: migrate, info, validate, undo, repair, db-baseline.
    #[command(flatten)]
    Db(migrate::DbVerb),
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

mod bench_introspect;
mod catalog_dump;
mod import;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Verb::Baseline => baseline(),
        Verb::Check => check(),
        Verb::Drift {
            database_url,
            sql,
            head,
        } => drift(&database_url, sql, head),
        Verb::Rebase { file, allow } => rebase(&file, &allow),
        Verb::GenMigration {
            description,
            dry_run,
            allow,
            empty,
            no_verify,
        } => gen_migration(&description, dry_run, &allow, empty, !no_verify),
        Verb::RegenUndo { dry_run } => regen_undo(dry_run),
        Verb::Test { args } => test(&args),
        Verb::New { root, what } => new(root.unwrap_or_else(workspace_root), what),
        Verb::Bench(args) => bench::run(&workspace_root(), &args),
        Verb::Import(args) => import::run(&args),
        Verb::BenchIntrospect(args) => bench_introspect::run(&args),
        Verb::Db(verb) => migrate::run(verb),
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
    let repo = hims_migrations::repo::Repo::new(&root);
    let released = repo.lock().map_err(|e| e.to_string())?.is_some();
    let files = hims_migrations::repo::head_files(&model, released);
    let changed = hims_migrations::write_all(&root, &files).map_err(|e| e.to_string())?;
    if changed.is_empty() {
        println!("generated/ is up to date ({} files)", files.len());
    } else {
        for path in &changed {
            println!("wrote generated/{}", path.display());
        }
    }
    if released {
        println!(
            "V001 is released (generated/migrations.lock) and never regenerated; schema changes go into `cargo xtask gen-migration <description>`"
        );
    }
    println!(
        "{} schemas, {} enum types, {} tables",
        model.schemas.len(),
        model.enums.len(),
        model.tables.len()
    );
    Ok(())
}

fn regen_undo(dry_run: bool) -> Result<(), String> {
    use hims_migrations::regen::UndoOutcome;
    let root = workspace_root().join("generated");
    let reports = hims_migrations::regen::regen_undo(&root, dry_run).map_err(|e| e.to_string())?;
    let mut regenerated = 0;
    for r in &reports {
        match &r.outcome {
            UndoOutcome::Current => println!("{}: current", r.file_name),
            UndoOutcome::Regenerated => {
                regenerated += 1;
                if dry_run {
                    println!("{}: stale, would be regenerated", r.file_name);
                } else {
                    println!(
                        "{}: regenerated, recorded in generated/migrations.lock",
                        r.file_name
                    );
                }
            }
            UndoOutcome::Kept(why) => println!("{}: kept: {why}", r.file_name),
        }
    }
    if regenerated == 0 {
        println!("no undo file to regenerate");
    } else if dry_run {
        println!("{regenerated} undo file(s) would be regenerated (dry run: nothing written)");
    }
    Ok(())
}

fn check() -> Result<(), String> {
    let model = model()?;
    let root = workspace_root().join("generated");
    let problems = hims_migrations::repo::check_all(&root, &model).map_err(|e| e.to_string())?;
    if problems.is_empty() {
        println!("generated/ matches the definitions and the lock");
        return Ok(());
    }
    let mut message = format!("generated/ has {} problem(s):\n", problems.len());
    for p in &problems {
        message.push_str(&format!("  - {p}\n"));
    }
    Err(message)
}

fn drift(url: &str, sql: bool, at_head: bool) -> Result<(), String> {
    let head_model = model()?;
    let mut client = hims_pg::connect(url).map_err(|e| e.to_string())?;
    let root = workspace_root().join("generated");
    let repo = hims_migrations::repo::Repo::new(&root);
    let (label, expected) = match hims_pg::applied_version(&mut client) {
        Some(v) if !at_head && repo.lock().map_err(|e| e.to_string())?.is_some() => {
            let (stem, m) = repo.snapshot_at_or_before(v).map_err(|e| e.to_string())?;
            (
                format!("version {v:03} (snapshot {stem}) recorded by flyway_schema_history"),
                m,
            )
        }
        _ => ("the definitions at head".to_string(), head_model),
    };
    let report = hims_pg::drift(&mut client, &expected).map_err(|e| e.to_string())?;
    if report.is_empty() {
        println!("no drift: the database matches {label}");
        return Ok(());
    }
    println!("the database differs from {label}; to match, it would need:");
    for (object, changes) in report.grouped() {
        println!("  {object}");
        for c in changes {
            println!("    - {c}");
        }
    }
    if sql {
        let plan = hims_migrations::delta::plan(&report.live, &report.expected);
        for f in &plan.files {
            let header = hims_migrations::delta::FileHeader {
                file_name: "drift.sql",
                command: "cargo xtask drift --sql",
                from_snapshot: "the live database",
            };
            println!("\n{}", hims_migrations::delta::render_forward(f, &header));
        }
    }
    Err(format!("drift: {} change(s)", report.changes.len()))
}

fn parse_allow(allow: &[String]) -> Result<Vec<hims_diff::HazardKind>, String> {
    use hims_diff::HazardKind;
    allow
        .iter()
        .map(|a| {
            HazardKind::parse(a).ok_or_else(|| {
                format!(
                    "unknown hazard kind `{a}`; expected one of: {}",
                    HazardKind::ALL.map(|k| k.name()).join(", ")
                )
            })
        })
        .collect()
}

fn rebase(file: &str, allow: &[String]) -> Result<(), String> {
    let model = model()?;
    let root = workspace_root().join("generated");
    let allow = parse_allow(allow)?;
    let rebased =
        hims_migrations::rebase::rebase(&root, &model, file, &allow).map_err(|e| e.to_string())?;
    for r in &rebased.removed {
        println!("removed {r}");
    }
    match rebased.generated {
        Some(g) => {
            for path in &g.written {
                println!("wrote generated/{}", path.display());
            }
        }
        None => println!("nothing left to generate: the other branch already covers your change"),
    }
    println!("next: `cargo xtask check`, review, commit");
    Ok(())
}

fn gen_migration(
    description: &str,
    dry_run: bool,
    allow: &[String],
    empty: bool,
    verify: bool,
) -> Result<(), String> {
    use hims_diff::HazardKind;
    let model = model()?;
    let root = workspace_root().join("generated");
    let allow: Vec<HazardKind> = allow
        .iter()
        .map(|a| {
            HazardKind::parse(a).ok_or_else(|| {
                format!(
                    "unknown hazard kind `{a}`; expected one of: {}",
                    HazardKind::ALL.map(|k| k.name()).join(", ")
                )
            })
        })
        .collect::<Result<_, _>>()?;
    let template = if empty {
        let path = workspace_root()
            .join("templates")
            .join("migration.sql.tmpl");
        Some(
            std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        )
    } else {
        None
    };
    let server = if verify && !dry_run && !empty {
        Some(verify_server()?)
    } else {
        None
    };
    let verifier = server
        .as_ref()
        .map(|server| hims_verify::DbVerifier { server });
    if !verify && !dry_run && !empty {
        eprintln!(
            "warning: --no-verify: the plan is written without being proven on a database; apply V and U files to a database at the previous release before committing"
        );
    }
    let opts = hims_migrations::repo::GenOptions {
        description,
        allow: &allow,
        dry_run,
        empty_template: template.as_deref(),
        verifier: verifier
            .as_ref()
            .map(|v| v as &dyn hims_migrations::repo::Verifier),
        edit_plan: None,
    };
    let generated = match hims_migrations::repo::gen_migration(&root, &model, &opts) {
        Ok(Some(g)) => g,
        Ok(None) => {
            println!("no changes: the definitions match the last snapshot; nothing written");
            return Ok(());
        }
        Err(e) => return Err(e.to_string()),
    };
    for f in &generated.plan.files {
        println!("phase {:?}:", f.phase);
        for s in &f.steps {
            println!("  - {}", s.change.describe());
            for h in &s.hazards {
                println!("      HAZARD {h}");
            }
        }
    }
    for (name, sql) in &generated.migrations {
        let mut options = hims_lint::LintOptions::hims();
        // Index builds and validations on large tables legitimately run long; the
        // generated lock_timeout is what protects the application.
        options
            .excluded_rules
            .push("require-statement-timeout".into());
        options.assume_in_transaction = !generated
            .plan
            .files
            .iter()
            .zip(&generated.migrations)
            .any(|(f, (n, _))| n == name && f.non_transactional());
        match hims_lint::lint_with(sql, &options) {
            Ok(findings) if findings.is_empty() => println!("squawk: {name}: no findings"),
            Ok(findings) => {
                println!("squawk: {name}:");
                for f in findings {
                    println!("  line {}: {} ({})", f.line, f.message, f.rule);
                }
            }
            Err(e) => println!("squawk: {name}: could not lint: {e}"),
        }
    }
    if dry_run {
        let refused = generated.plan.refused(&allow);
        if !refused.is_empty() {
            println!(
                "{} hazard(s) would need --allow; nothing written (dry run)",
                refused.len()
            );
        } else {
            println!("dry run: nothing written");
        }
        return Ok(());
    }
    for note in &generated.verified {
        println!("{note}");
    }
    for path in &generated.written {
        println!("wrote generated/{}", path.display());
    }
    println!(
        "next: review the files, apply them to a database at the previous version, then `cargo xtask check` and commit"
    );
    Ok(())
}

/// The server plans are proven on: `DATABASE_URL`, else an ephemeral cluster of this
/// process (hims-testdb).
pub(crate) fn verify_server() -> Result<hims_verify::Server, String> {
    let cluster = hims_testdb::cluster().map_err(|e| {
        format!("cannot start a throw-away PostgreSQL to prove the plan: {e}\n(or pass --no-verify to write it unproven)")
    })?;
    Ok(hims_verify::Server::new(
        cluster.admin_conn_str(),
        move |db| cluster.conn_str_for(db),
    ))
}

fn test(args: &[String]) -> Result<(), String> {
    ensure_postgres()?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(workspace_root())
        .args(["test", "--workspace", "--all-targets", "--no-fail-fast"])
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
