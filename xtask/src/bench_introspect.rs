//! `cargo xtask bench-introspect`: how long does reading a large database back into the model
//! take, next to `pg_dump -s` on the same database? Target: `hims_pg::introspect` at most
//! 1.5× `pg_dump -s`. For humans, not CI: figures depend on the machine and its load, which
//! is why both are measured side by side, interleaved, in one run.
//!
//! 1. Re-runs itself as a release build (`cargo run --release -p xtask`) unless it already
//!    is one: the introspection timed is the optimised one.
//! 2. Starts an ephemeral cluster ([`hims_testdb`]), renders the synthetic model of
//!    `hims-bench` (`synthetic_model(tables, seed)`, the delta benchmark's shape) with
//!    [`hims_render::baseline`] and applies it with psql.
//! 3. Checks once that the introspected model equals the synthetic model (normalised by the
//!    server), so the timed reader is a correct one.
//! 4. Times, alternating, after one warm-up each: connect + [`hims_pg::introspect`] of the
//!    model's schemas, `pg_dump -s` of the whole database (to /dev/null), and the whole of
//!    `cargo xtask import` of those schemas (unsupported-object scan, introspection, codegen,
//!    modules written; target 2×). Prints min and median of each and the ratios; exits
//!    non-zero when a median ratio is over its target.
//! 5. With `--profile`, runs introspection once more with `log_min_duration_statement = 0`
//!    and prints the server-side time of each catalog query (from the cluster's log).
//!
//! The verb is a clap variant of `cargo xtask` (listed by `--help`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The ratio `introspect / pg_dump -s` (medians) the benchmark must stay under.
const TARGET_RATIO: f64 = 1.5;
/// The ratio `import / pg_dump -s` (medians): the whole of `cargo xtask import` (the
/// unsupported-object scan, introspection, codegen, the modules written).
const IMPORT_TARGET_RATIO: f64 = 2.0;

/// Options of `cargo xtask bench-introspect`.
#[derive(clap::Args, Debug)]
pub struct BenchIntrospectArgs {
    /// Tables in the synthetic model.
    #[arg(long, default_value_t = 2000)]
    tables: usize,
    /// Seed of the synthetic model.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Timed runs of each side (after one warm-up run each).
    #[arg(long, default_value_t = 7)]
    runs: usize,
    /// Also print the server-side time of each introspection query.
    #[arg(long)]
    profile: bool,
    /// Time this build even when it is a debug build (default: re-run in release).
    #[arg(long)]
    no_release: bool,
}

pub fn run(args: &BenchIntrospectArgs) -> Result<(), String> {
    if cfg!(debug_assertions) && !args.no_release {
        return rerun_in_release();
    }
    if args.runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    let root = crate::workspace_root();
    let pg_dump = hims_testdb::pg_tool("pg_dump").map_err(|e| e.to_string())?;

    println!(
        "== introspection benchmark: {} tables (seed {}), {} runs each ==",
        args.tables, args.seed, args.runs
    );
    let start = Instant::now();
    let db = hims_testdb::TestDb::try_new().map_err(|e| e.to_string())?;
    println!(
        "cluster + database ready in {} ({})",
        fmt(start.elapsed()),
        db.name()
    );

    let model = hims_bench::synthetic_model(args.tables, args.seed);
    let script = hims_render::baseline(
        &model,
        &hims_render::BaselineHeader {
            file_name: "bench_introspect.sql".into(),
            regenerate: "cargo xtask bench-introspect".into(),
        },
    );
    let dir = root.join("target").join("tmp");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let script_path = dir.join("bench-introspect.sql");
    std::fs::write(&script_path, &script)
        .map_err(|e| format!("cannot write {}: {e}", script_path.display()))?;
    let start = Instant::now();
    db.psql_file(&script_path)
        .map_err(|e| format!("the synthetic script failed to apply: {e}"))?;
    let mut client = db.try_connect().map_err(|e| e.to_string())?;
    client
        .batch_execute("VACUUM ANALYZE")
        .map_err(|e| format!("VACUUM ANALYZE: {e}"))?;
    println!(
        "applied {} ({} KiB, {} tables, {} enum types) in {}",
        script_path.display(),
        script.len() / 1024,
        model.tables.len(),
        model.enums.len(),
        fmt(start.elapsed())
    );

    let schemas: Vec<String> = model.schemas.iter().map(|s| s.name.clone()).collect();
    let schemas: Vec<&str> = schemas.iter().map(String::as_str).collect();
    let introspect = || -> Result<hims_model::Model, String> {
        let mut client = db.try_connect().map_err(|e| e.to_string())?;
        hims_pg::introspect(&mut client, &schemas).map_err(|e| e.to_string())
    };

    // Correctness first: the reader being timed reads this database right.
    let live = introspect()?;
    let expected = hims_pg::normalize(&mut client, &model).map_err(|e| e.to_string())?;
    verify(&expected, &live)?;

    let dump_path = dir.join("bench-introspect.dump.sql");
    let dump = |out: &Path| -> Result<(), String> {
        let output = Command::new(&pg_dump)
            .args(["-s", "--no-password", "-d", db.conn_str(), "-f"])
            .arg(out)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", pg_dump.display()))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "pg_dump -s failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
    };
    // Warm-up, one each (the dump also shows what pg_dump reads).
    dump(&dump_path)?;
    let dump_size = std::fs::metadata(&dump_path).map(|m| m.len()).unwrap_or(0);
    introspect()?;
    println!(
        "pg_dump -s writes {} KiB ({}); timing {} runs each, alternating…",
        dump_size / 1024,
        dump_path.display(),
        args.runs
    );

    let null = Path::new("/dev/null");
    let mut ours = Vec::with_capacity(args.runs);
    let mut theirs = Vec::with_capacity(args.runs);
    let mut imports = Vec::with_capacity(args.runs);
    let owned: Vec<String> = schemas.iter().map(|s| s.to_string()).collect();
    let import_dir = dir.join("bench-import");
    let import_once = || -> Result<Duration, String> {
        let _ = std::fs::remove_dir_all(&import_dir);
        let mut client = db.try_connect().map_err(|e| e.to_string())?;
        let start = Instant::now();
        crate::import::import(&mut client, &owned, &import_dir)?;
        Ok(start.elapsed())
    };
    import_once()?;
    for _ in 0..args.runs {
        let start = Instant::now();
        let m = introspect()?;
        ours.push(start.elapsed());
        if m.tables.len() != model.tables.len() {
            return Err(format!(
                "introspect returned {} tables, expected {}",
                m.tables.len(),
                model.tables.len()
            ));
        }
        let start = Instant::now();
        dump(null)?;
        theirs.push(start.elapsed());
        imports.push(import_once()?);
    }
    let (our_min, our_median) = min_median(&mut ours);
    let (dump_min, dump_median) = min_median(&mut theirs);
    let (import_min, import_median) = min_median(&mut imports);
    println!(
        "hims_pg::introspect (connect + read {} schemas): min {}  median {}",
        schemas.len(),
        fmt(our_min),
        fmt(our_median)
    );
    println!(
        "pg_dump -s (whole database, to /dev/null):      min {}  median {}",
        fmt(dump_min),
        fmt(dump_median)
    );
    let ratio = our_median.as_secs_f64() / dump_median.as_secs_f64();
    let ratio_min = our_min.as_secs_f64() / dump_min.as_secs_f64();
    let verdict = if ratio <= TARGET_RATIO {
        "within"
    } else {
        "OVER"
    };
    println!(
        "ratio introspect / pg_dump: median {ratio:.2}x, min {ratio_min:.2}x — {verdict} the {TARGET_RATIO}x target"
    );
    let import_ratio = import_median.as_secs_f64() / dump_median.as_secs_f64();
    println!(
        "cargo xtask import (scan + introspect + codegen + write): min {}  median {}",
        fmt(import_min),
        fmt(import_median)
    );
    println!(
        "ratio import / pg_dump: median {import_ratio:.2}x, min {:.2}x — {} the {IMPORT_TARGET_RATIO}x target",
        import_min.as_secs_f64() / dump_min.as_secs_f64(),
        if import_ratio <= IMPORT_TARGET_RATIO {
            "within"
        } else {
            "OVER"
        }
    );

    if args.profile {
        profile(&db, &schemas)?;
    }
    if import_ratio > IMPORT_TARGET_RATIO {
        return Err(format!(
            "import takes {import_ratio:.2}x pg_dump -s (target {IMPORT_TARGET_RATIO}x)"
        ));
    }
    if ratio > TARGET_RATIO {
        return Err(format!(
            "introspection takes {ratio:.2}x pg_dump -s (target {TARGET_RATIO}x); run with --profile to see which query dominates"
        ));
    }
    Ok(())
}

/// Build and run this very command as a release build, with the same arguments.
fn rerun_in_release() -> Result<(), String> {
    println!("building xtask in release to time the optimised introspection…");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(crate::workspace_root())
        .args(["run", "--quiet", "--release", "-p", "xtask", "--"])
        .args(std::env::args_os().skip(1))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the release run failed ({status})"))
    }
}

/// The introspected database equals the synthetic model (as the server spells its
/// expressions); otherwise the first differing lines of the canonical JSON.
fn verify(expected: &hims_model::Model, live: &hims_model::Model) -> Result<(), String> {
    let e = expected.to_canonical_json();
    let a = live.to_canonical_json();
    if e == a {
        println!(
            "introspection equals the synthetic model ({} tables)",
            live.tables.len()
        );
        return Ok(());
    }
    let e: Vec<&str> = e.lines().collect();
    let a: Vec<&str> = a.lines().collect();
    let first = e.iter().zip(&a).position(|(x, y)| x != y).unwrap_or(0);
    let mut message = format!(
        "the introspected database differs from the synthetic model, first at line {}:\n",
        first + 1
    );
    for i in first..(first + 5) {
        message.push_str(&format!(
            "  model: {}\n  live:  {}\n",
            e.get(i).unwrap_or(&""),
            a.get(i).unwrap_or(&"")
        ));
    }
    Err(message)
}

/// Introspect once with every statement's duration logged, and print the server-side time
/// of each query (parse + bind + execute), largest first.
fn profile(db: &hims_testdb::TestDb, schemas: &[&str]) -> Result<(), String> {
    let Some(log) = db.cluster().log_file().map(PathBuf::from) else {
        println!("--profile needs the ephemeral cluster's log (not available with DATABASE_URL)");
        return Ok(());
    };
    let offset = std::fs::metadata(&log).map(|m| m.len()).unwrap_or(0);
    let mut client = db.try_connect().map_err(|e| e.to_string())?;
    client
        .batch_execute("SET log_min_duration_statement = 0")
        .map_err(|e| e.to_string())?;
    let start = Instant::now();
    hims_pg::introspect(&mut client, schemas).map_err(|e| e.to_string())?;
    let total = start.elapsed();
    client
        .batch_execute("RESET log_min_duration_statement")
        .map_err(|e| e.to_string())?;
    drop(client);
    let text = std::fs::read(&log).map_err(|e| format!("cannot read {}: {e}", log.display()))?;
    let text = String::from_utf8_lossy(&text[offset as usize..]).into_owned();

    // Lines: `... LOG:  duration: 1.234 ms  execute <unnamed>: SELECT ...` (and parse/bind);
    // the statement may continue on the following lines, which start without a timestamp.
    let mut per_query: Vec<(String, f64)> = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(rest) = line.split("duration: ").nth(1) else {
            continue;
        };
        let Some((ms, statement)) = rest.split_once(" ms") else {
            continue;
        };
        let ms: f64 = ms.trim().parse().unwrap_or(0.0);
        let mut sql = statement
            .split_once(": ")
            .map(|(_, s)| s.to_string())
            .unwrap_or_default();
        while let Some(next) = lines.peek() {
            if next.starts_with(['\t', ' ']) {
                sql.push(' ');
                sql.push_str(next.trim());
                lines.next();
            } else {
                break;
            }
        }
        let key: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        if key.is_empty() {
            continue;
        }
        match per_query.iter_mut().find(|(k, _)| *k == key) {
            Some((_, total)) => *total += ms,
            None => per_query.push((key, ms)),
        }
    }
    per_query.sort_by(|a, b| b.1.total_cmp(&a.1));
    let server: f64 = per_query.iter().map(|(_, ms)| ms).sum();
    println!(
        "\nprofile: one introspection took {} ({server:.1} ms in the server's queries):",
        fmt(total)
    );
    for (sql, ms) in per_query {
        let short: String = sql.chars().take(110).collect();
        println!("  {ms:9.1} ms  {short}");
    }
    Ok(())
}

fn min_median(runs: &mut [Duration]) -> (Duration, Duration) {
    runs.sort_unstable();
    (runs[0], runs[runs.len() / 2])
}

fn fmt(d: Duration) -> String {
    if d >= Duration::from_secs(1) {
        format!("{:.2} s", d.as_secs_f64())
    } else {
        format!("{:.1} ms", d.as_secs_f64() * 1e3)
    }
}
