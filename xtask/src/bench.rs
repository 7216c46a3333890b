//! `cargo xtask bench`: how fast is a delta plan, and how long does a developer wait for
//! `gen-migration` after editing one field? For humans, not CI: figures depend on the
//! machine and on what else it is doing.
//!
//! 1. Builds `hims-bench`'s `measure` binary in release and runs it: `plan` (diff +
//!    ordering + render) of a synthetic 2000-table model against its changed copy, timed
//!    over N iterations (min/median/max), diff and render alone, and peak memory.
//! 2. Copies the workspace (Cargo.toml, Cargo.lock, crates/, schema-defs/, xtask/, tests/,
//!    templates/, generated/) to `target/tmp/bench-ws/`, with a target directory of its own
//!    (`target/bench-ws/`: cargo keys path crates by their place in the workspace, so
//!    sharing this workspace's would rebuild, and overwrite, its artifacts). It warms that
//!    target directory once, then times `cargo run -p xtask -- gen-migration bench_edit
//!    --dry-run` (what `cargo xtask gen-migration` runs) end to end after no edit, after
//!    editing one doc comment and after adding one nullable column in the copy's schema-defs.
//!    This workspace is never touched; the copy is refreshed by content on every run.
//! 3. The verification of a one-field edit (`bench_verify`, alone with `--only-verify`).
//! 4. A nullable column with NULLs made NOT NULL with a default on 1,000,000 rows, through
//!    the runner: the fill's total time and its longest batch (`bench_backfill`,
//!    `--only-backfill`, `--backfill-rows`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Options of `cargo xtask bench`.
#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// Tables in the synthetic model.
    #[arg(long, default_value_t = 2000)]
    tables: usize,
    /// Timed runs of each measurement (after one warm-up run).
    #[arg(long, default_value_t = 20)]
    iterations: usize,
    /// Seed of the synthetic models.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Skip the end-to-end `gen-migration` measurement (the slow part: its first run builds
    /// the whole workspace in a target directory of its own).
    #[arg(long)]
    no_gen_migration: bool,
    /// Only the end-to-end `gen-migration` measurement.
    #[arg(long, conflicts_with = "no_gen_migration")]
    only_gen_migration: bool,
    /// Only the verification benchmark: a one-field edit of the HIMS schema proven on a
    /// throw-away database, as `gen-migration` proves every plan.
    #[arg(long, conflicts_with_all = ["no_gen_migration", "only_gen_migration", "no_verify"])]
    only_verify: bool,
    /// Skip the verification benchmark.
    #[arg(long)]
    no_verify: bool,
    /// Timed proofs after the first (which builds the release template).
    #[arg(long, default_value_t = 5)]
    verify_iterations: usize,
    /// Rows of the NOT NULL backfill measurement (`bench_backfill`).
    #[arg(long, default_value_t = 1_000_000)]
    backfill_rows: u64,
    /// Skip the NOT NULL backfill measurement.
    #[arg(long)]
    no_backfill: bool,
    /// Only the NOT NULL backfill measurement.
    #[arg(long, conflicts_with_all = ["no_backfill", "only_gen_migration", "only_verify"])]
    only_backfill: bool,
}

/// What the copy holds: everything `cargo run -p xtask` needs to build and run.
const COPIED_DIRS: [&str; 6] = [
    "crates",
    "schema-defs",
    "xtask",
    "tests",
    "templates",
    "generated",
];
const COPIED_FILES: [&str; 4] = [
    "Cargo.toml",
    "Cargo.lock",
    "rust-toolchain",
    "rust-toolchain.toml",
];

/// The field added by the column edit.
const ADDED_FIELD: &str = "    pub bench_edit_note: Option<String>,";

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

pub fn run(root: &Path, args: &BenchArgs) -> Result<(), String> {
    if args.only_verify {
        return crate::bench_verify::run(root, args.verify_iterations);
    }
    if args.only_backfill {
        return crate::bench_backfill::run(args.backfill_rows);
    }
    if !args.only_gen_migration {
        plan_benchmark(root, args)?;
    }
    if !args.no_gen_migration {
        if !args.only_gen_migration {
            println!();
        }
        gen_migration_benchmark(root)?;
    }
    if !args.no_verify && !args.only_gen_migration {
        println!();
        crate::bench_verify::run(root, args.verify_iterations)?;
    }
    if !args.no_backfill && !args.only_gen_migration {
        println!();
        crate::bench_backfill::run(args.backfill_rows)?;
    }
    Ok(())
}

/// Part 1: the `measure` binary, built in release and run with inherited output.
fn plan_benchmark(root: &Path, args: &BenchArgs) -> Result<(), String> {
    println!("== delta plan benchmark (release build of hims-bench's `measure`) ==");
    let status = cargo()
        .current_dir(root)
        .args(["build", "--release", "-p", "hims-bench", "--bin", "measure"])
        .status()
        .map_err(|e| format!("cannot run cargo build: {e}"))?;
    if !status.success() {
        return Err("building hims-bench's measure binary failed (see above)".into());
    }
    let binary = target_dir(root)
        .join("release")
        .join(format!("measure{}", std::env::consts::EXE_SUFFIX));
    let status = Command::new(&binary)
        .args(["--tables", &args.tables.to_string()])
        .args(["--iterations", &args.iterations.to_string()])
        .args(["--seed", &args.seed.to_string()])
        .status()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    if !status.success() {
        return Err(format!("{} failed", binary.display()));
    }
    Ok(())
}

/// Part 2: `gen-migration` end to end in a copy of the workspace.
fn gen_migration_benchmark(root: &Path) -> Result<(), String> {
    println!("== `cargo xtask gen-migration` end to end after editing one field ==");
    let target = target_dir(root);
    let copy = target.join("tmp").join("bench-ws");
    let copy_target = target.join("bench-ws");
    println!("workspace copy: {}", copy.display());
    println!("its target dir: {}", copy_target.display());

    let started = Instant::now();
    let changed = sync_workspace(root, &copy)?;
    println!(
        "copy refreshed in {} ({changed} file(s) written or removed)",
        secs(started.elapsed())
    );
    let core = copy.join("schema-defs").join("src").join("core.rs");
    let original =
        fs::read_to_string(&core).map_err(|e| format!("cannot read {}: {e}", core.display()))?;
    let doc_edit = edit_doc_comment(&original).ok_or_else(|| {
        format!(
            "no field doc comment (`    /// …`) found in {}",
            core.display()
        )
    })?;
    let column_edit = add_nullable_column(&doc_edit).ok_or_else(|| {
        format!(
            "no `pub <field>: Option<String>,` field of a #[derive(Table)] struct found in {}",
            core.display()
        )
    })?;

    let run = || gen_migration_dry_run(&copy, &copy_target, false);
    println!(
        "warming up (the first run in a new target dir builds every dependency: minutes on 2 cores)…"
    );
    let warm = gen_migration_dry_run(&copy, &copy_target, true)?;
    let noop = run()?;

    write(&core, &doc_edit)?;
    let doc = run();
    let doc = doc.and_then(|d| {
        write(&core, &column_edit)?;
        Ok((d, run()?))
    });
    // Leave the copy as this workspace has it (a fresh mtime: cargo rebuilds next time).
    write(&core, &original)?;
    let (doc, column) = doc?;

    println!();
    println!(
        "  {:<52} {:>9}",
        "`cargo run -p xtask -- gen-migration bench_edit --dry-run`", "wall"
    );
    for (what, m) in [
        ("warm-up (builds what is stale, then runs)", &warm),
        ("no edit (cargo's freshness check + the run)", &noop),
        ("after editing one doc comment (core.rs)", &doc),
        ("then adding one nullable column (core.rs)", &column),
    ] {
        println!("  {:<52} {:>9}   {}", what, secs(m.wall), m.summary);
    }
    println!();
    println!(
        "  incremental rebuild + run: {} (doc comment), {} (new column); the run alone ≈ {}",
        secs(doc.wall),
        secs(column.wall),
        secs(noop.wall)
    );
    Ok(())
}

struct Measured {
    wall: Duration,
    /// The plan's last line, e.g. `dry run: nothing written`.
    summary: String,
}

/// Times `cargo run -p xtask -- gen-migration bench_edit --dry-run` in the copy; with
/// `show_build`, cargo's progress goes to the terminal (it is not captured then).
fn gen_migration_dry_run(
    copy: &Path,
    copy_target: &Path,
    show_build: bool,
) -> Result<Measured, String> {
    let started = Instant::now();
    let out: Output = cargo()
        .current_dir(copy)
        .env("CARGO_TARGET_DIR", copy_target)
        .args(["run", "-p", "xtask"])
        .args(if show_build {
            &[][..]
        } else {
            &["--quiet"][..]
        })
        .args(["--", "gen-migration", "bench_edit", "--dry-run"])
        .stdin(Stdio::null())
        .stderr(if show_build {
            Stdio::inherit()
        } else {
            Stdio::piped()
        })
        .output()
        .map_err(|e| format!("cannot run cargo in {}: {e}", copy.display()))?;
    let wall = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "`cargo run -p xtask -- gen-migration bench_edit --dry-run` failed in {}:\n{}{}",
            copy.display(),
            stdout,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let changes = stdout.lines().filter(|l| l.starts_with("  - ")).count();
    let last = stdout.lines().last().unwrap_or("").trim().to_string();
    let summary = if changes > 0 {
        format!("{changes} change(s); {last}")
    } else {
        last
    };
    Ok(Measured { wall, summary })
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Index of each line that is a field of a `#[derive(Table)]` struct (or a field's
/// attribute or doc comment), in order.
fn table_field_lines(lines: &[String]) -> Vec<usize> {
    let (mut derive_table, mut in_table) = (false, false);
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with("#[derive(") {
            derive_table = l.contains("Table");
        } else if l.starts_with("pub struct ") {
            in_table = derive_table && l.trim_end().ends_with('{');
            derive_table = false;
        } else if l.starts_with('}') {
            in_table = false;
        } else if in_table && l.starts_with("    ") {
            out.push(i);
        }
    }
    out
}

/// The first field doc comment of a `#[derive(Table)]` struct (a column comment), with a
/// few words appended.
fn edit_doc_comment(source: &str) -> Option<String> {
    let mut lines: Vec<String> = source.lines().map(str::to_string).collect();
    let at = table_field_lines(&lines)
        .into_iter()
        .find(|&i| lines[i].starts_with("    /// ") && !lines[i].trim_end().ends_with("///"))?;
    lines[at].push_str(" (edited by cargo xtask bench)");
    Some(join(&lines, source))
}

/// `pub bench_edit_note: Option<String>,` after the first `pub x: Option<String>,` field of
/// a `#[derive(Table)]` struct: a nullable text column.
fn add_nullable_column(source: &str) -> Option<String> {
    let mut lines: Vec<String> = source.lines().map(str::to_string).collect();
    let at = table_field_lines(&lines).into_iter().find(|&i| {
        lines[i].starts_with("    pub ") && lines[i].trim_end().ends_with(": Option<String>,")
    })?;
    lines.insert(at + 1, ADDED_FIELD.to_string());
    Some(join(&lines, source))
}

fn join(lines: &[String], original: &str) -> String {
    let mut s = lines.join("\n");
    if original.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// Make `copy` hold what the build needs from `root`, by content: unchanged files keep
/// their modification time, so cargo rebuilds only what differs. Returns how many files
/// were written or removed.
fn sync_workspace(root: &Path, copy: &Path) -> Result<usize, String> {
    fs::create_dir_all(copy).map_err(|e| format!("cannot create {}: {e}", copy.display()))?;
    let mut changed = 0;
    for f in COPIED_FILES {
        let (src, dst) = (root.join(f), copy.join(f));
        if src.is_file() {
            changed += sync_file(&src, &dst)?;
        } else if dst.exists() {
            remove(&dst)?;
            changed += 1;
        }
    }
    for d in COPIED_DIRS {
        changed += sync_dir(&root.join(d), &copy.join(d))?;
    }
    Ok(changed)
}

fn skipped(name: &str) -> bool {
    name == "target" || name.starts_with('.')
}

fn sync_dir(src: &Path, dst: &Path) -> Result<usize, String> {
    let read = |dir: &Path| -> Result<Vec<(String, PathBuf, bool)>, String> {
        let mut entries = Vec::new();
        for e in fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))? {
            let e = e.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            let name = e.file_name().to_string_lossy().into_owned();
            let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
            entries.push((name, e.path(), is_dir));
        }
        Ok(entries)
    };
    if !src.is_dir() {
        if dst.exists() {
            remove(dst)?;
            return Ok(1);
        }
        return Ok(0);
    }
    if dst.exists() && !dst.is_dir() {
        remove(dst)?;
    }
    fs::create_dir_all(dst).map_err(|e| format!("cannot create {}: {e}", dst.display()))?;
    let mut changed = 0;
    let sources = read(src)?;
    for (name, path, is_dir) in &sources {
        if skipped(name) {
            continue;
        }
        let to = dst.join(name);
        if *is_dir {
            changed += sync_dir(path, &to)?;
        } else {
            changed += sync_file(path, &to)?;
        }
    }
    for (name, path, _) in read(dst)? {
        if !skipped(&name) && !sources.iter().any(|(n, _, _)| *n == name) {
            remove(&path)?;
            changed += 1;
        }
    }
    Ok(changed)
}

fn sync_file(src: &Path, dst: &Path) -> Result<usize, String> {
    let content = fs::read(src).map_err(|e| format!("cannot read {}: {e}", src.display()))?;
    if dst.is_dir() {
        remove(dst)?;
    }
    if fs::read(dst).is_ok_and(|old| old == content) {
        return Ok(0);
    }
    fs::write(dst, &content).map_err(|e| format!("cannot write {}: {e}", dst.display()))?;
    Ok(1)
}

fn remove(path: &Path) -> Result<(), String> {
    let result = if path.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    };
    result.map_err(|e| format!("cannot remove {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "\
/// A tenant.
#[derive(Table)]
#[table(schema = \"core\", name = \"tenants\")]
pub struct Tenant {
    #[column(primary_key)]
    pub id: Uuid,
    /// Short code.
    pub code: String,
    #[column(char = 10)]
    pub pan: Option<String>,
}
";

    #[test]
    fn the_doc_edit_changes_one_field_comment() {
        let edited = edit_doc_comment(SOURCE).unwrap();
        assert!(edited.contains("    /// Short code. (edited by cargo xtask bench)\n"));
        assert_eq!(edited.lines().count(), SOURCE.lines().count());
        assert!(
            edited.starts_with("/// A tenant.\n"),
            "item docs are left alone"
        );
    }

    #[test]
    fn the_column_edit_adds_a_nullable_field_to_a_table_struct() {
        let edited = add_nullable_column(SOURCE).unwrap();
        assert!(edited.contains(&format!(
            "    pub pan: Option<String>,\n{ADDED_FIELD}\n}}\n"
        )));
        let not_a_table = SOURCE.replace("#[derive(Table)]", "#[derive(Debug)]");
        assert_eq!(add_nullable_column(&not_a_table), None);
    }

    #[test]
    fn sync_copies_by_content_and_removes_what_is_gone() {
        let src = tempfile::tempdir().unwrap();
        let dst = tempfile::tempdir().unwrap();
        fs::create_dir_all(src.path().join("a/target")).unwrap();
        fs::write(src.path().join("a/x.rs"), "x").unwrap();
        fs::write(src.path().join("a/target/big"), "skip me").unwrap();
        assert_eq!(
            sync_dir(&src.path().join("a"), &dst.path().join("a")).unwrap(),
            1
        );
        assert!(!dst.path().join("a/target").exists());
        assert_eq!(
            sync_dir(&src.path().join("a"), &dst.path().join("a")).unwrap(),
            0
        );
        fs::write(dst.path().join("a/stale.rs"), "old").unwrap();
        fs::write(src.path().join("a/x.rs"), "y").unwrap();
        assert_eq!(
            sync_dir(&src.path().join("a"), &dst.path().join("a")).unwrap(),
            2
        );
        assert_eq!(fs::read_to_string(dst.path().join("a/x.rs")).unwrap(), "y");
        assert!(!dst.path().join("a/stale.rs").exists());
    }
}
