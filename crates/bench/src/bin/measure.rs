//! Times `hims_migrations::delta::plan` on a synthetic model pair and reports memory.
//! Run through `cargo xtask bench` (release build); alone:
//! `cargo run --release -p hims-bench --bin measure -- [--tables N] [--iterations N] [--seed N]`.
//! With `--iterations 1` it is short enough to run under `valgrind --tool=callgrind`.

use hims_bench::{changed_copy, synthetic_model};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// The system allocator, counting live bytes and their peak: the heap a phase needs is
/// the peak during it minus what was live before it.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(n: usize) {
    let now = LIVE.fetch_add(n, Relaxed) + n;
    PEAK.fetch_max(now, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Heap bytes `f` needed at its peak above what was live when it started.
fn heap_peak<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let out = f();
    (out, PEAK.load(Relaxed).saturating_sub(before))
}

/// `VmHWM` (peak resident set) and `VmRSS` of this process in bytes, where /proc has them.
fn proc_memory() -> (Option<u64>, Option<u64>) {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return (None, None);
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.trim().strip_suffix("kB"))
            .and_then(|kb| kb.trim().parse::<u64>().ok())
            .map(|kb| kb * 1024)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn opt_mb(bytes: Option<u64>) -> String {
    bytes.map_or_else(|| "n/a (no /proc)".to_string(), mb)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

struct Stats {
    min: Duration,
    median: Duration,
    max: Duration,
}

/// Runs `f` once to warm up, then `n` times.
fn time<T>(n: usize, mut f: impl FnMut() -> T) -> Stats {
    black_box(f());
    let mut samples: Vec<Duration> = (0..n.max(1))
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    samples.sort();
    Stats {
        min: samples[0],
        median: samples[samples.len() / 2],
        max: samples[samples.len() - 1],
    }
}

struct Args {
    tables: usize,
    iterations: usize,
    seed: u64,
    /// Run only this loop and print its timing: for profilers.
    only: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        tables: 2000,
        iterations: 20,
        seed: 1,
        only: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = |name: &str| -> Result<u64, String> {
            let v = it.next().ok_or_else(|| format!("{name} needs a value"))?;
            v.parse()
                .map_err(|_| format!("{name}: `{v}` is not a non-negative integer"))
        };
        match flag.as_str() {
            "--tables" => args.tables = value("--tables")? as usize,
            "--iterations" => args.iterations = value("--iterations")? as usize,
            "--seed" => args.seed = value("--seed")?,
            "--only" => {
                let what = it.next().unwrap_or_default();
                if !["plan", "diff", "render", "same"].contains(&what.as_str()) {
                    return Err(format!(
                        "--only takes plan, diff, render or same, not `{what}`"
                    ));
                }
                args.only = Some(what);
            }
            "-h" | "--help" => {
                println!(
                    "measure [--tables N (2000)] [--iterations N (20)] [--seed N (1)] [--only plan|diff|render|same]\n\
                     Times hims_migrations::delta::plan on synthetic_model(N) → changed_copy and reports memory.\n\
                     --only runs just that loop (`same` = plan of the old model against itself), for profilers."
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument `{other}` (try --help)")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if cfg!(debug_assertions) {
        println!(
            "warning: debug build; figures mean little (use --release or `cargo xtask bench`)"
        );
    }
    let (hwm_start, _) = proc_memory();

    let start = Instant::now();
    let ((old, new), models_heap) = heap_peak(|| {
        let old = synthetic_model(args.tables, args.seed);
        let new = changed_copy(&old, args.seed);
        (old, new)
    });
    let built = start.elapsed();
    let (hwm_models, rss_models) = proc_memory();

    if let Some(only) = &args.only {
        let n = args.iterations.max(1);
        let diffed = hims_diff::diff(&old, &new);
        let start = Instant::now();
        for _ in 0..n {
            match only.as_str() {
                "plan" => drop(black_box(hims_migrations::delta::plan(&old, &new))),
                "diff" => drop(black_box(hims_diff::diff(&old, &new))),
                "render" => {
                    for c in &diffed {
                        black_box(hims_render::render_change(c, &old, &new));
                    }
                }
                _ => drop(black_box(hims_migrations::delta::plan(&old, &old))),
            }
        }
        println!(
            "{only}: {} per iteration ({n} iterations)",
            ms(start.elapsed() / n as u32)
        );
        return ExitCode::SUCCESS;
    }

    // One plan to describe it and to measure its heap.
    let (plan, plan_heap) = heap_peak(|| hims_migrations::delta::plan(&old, &new));
    let changes = plan.steps().count();
    let statements: usize = plan.steps().map(|s| s.rendered.sql.len()).sum();
    let undo: usize = plan.steps().map(|s| s.rendered.undo.len()).sum();
    let sql_bytes: usize = plan
        .steps()
        .flat_map(|s| s.rendered.sql.iter().chain(&s.rendered.undo))
        .map(String::len)
        .sum();
    let files = plan.files.len();
    drop(plan);
    let (diff_once, diff_heap) = heap_peak(|| hims_diff::diff(&old, &new));

    let n = args.iterations;
    let plan_t = time(n, || hims_migrations::delta::plan(&old, &new));
    let diff_t = time(n, || hims_diff::diff(&old, &new));
    let render_t = time(n, || {
        diff_once
            .iter()
            .map(|c| hims_render::render_change(c, &old, &new))
            .collect::<Vec<_>>()
    });
    let same_t = time(n, || hims_migrations::delta::plan(&old, &old));
    let validate_t = time(n.min(3), || new.validate().is_ok());
    let (hwm_end, _) = proc_memory();

    let columns = |m: &hims_model::Model| m.tables.iter().map(|t| t.columns.len()).sum::<usize>();
    println!(
        "delta benchmark: {} → {} tables, seed {}, {} iterations after one warm-up",
        old.tables.len(),
        new.tables.len(),
        args.seed,
        n.max(1)
    );
    println!(
        "  models: {} + {} columns, {} enum types; built in {} (heap {})",
        columns(&old),
        columns(&new),
        new.enums.len(),
        ms(built),
        mb(models_heap as u64)
    );
    println!(
        "  plan:   {changes} changes in {files} file(s), {statements} statements + {undo} undo, {:.0} KiB of SQL",
        sql_bytes as f64 / 1024.0
    );
    println!();
    println!(
        "  {:<36} {:>11} {:>11} {:>11}",
        "timing", "min", "median", "max"
    );
    for (what, s) in [
        ("plan (diff + order + render)", &plan_t),
        ("  diff only", &diff_t),
        ("  render only (every change)", &render_t),
        ("plan, old → old (no changes)", &same_t),
        ("validate() of the new model", &validate_t),
    ] {
        println!(
            "  {:<36} {:>11} {:>11} {:>11}",
            what,
            ms(s.min),
            ms(s.median),
            ms(s.max)
        );
    }
    println!();
    println!("  memory");
    println!(
        "  {:<36} {:>11}",
        "heap peak of one plan",
        mb(plan_heap as u64)
    );
    println!(
        "  {:<36} {:>11}",
        "heap peak of one diff",
        mb(diff_heap as u64)
    );
    println!("  {:<36} {:>11}", "VmHWM at start", opt_mb(hwm_start));
    println!(
        "  {:<36} {:>11}",
        "VmHWM after building both models",
        opt_mb(hwm_models)
    );
    println!(
        "  {:<36} {:>11}",
        "VmRSS after building both models",
        opt_mb(rss_models)
    );
    println!("  {:<36} {:>11}", "VmHWM after every run", opt_mb(hwm_end));
    println!();
    let time_ok = plan_t.median <= Duration::from_millis(100);
    let mem_ok = plan_heap <= 100_000_000;
    println!(
        "  target: plan ≤ 100 ms → {} (median {}); plan heap ≤ 100 MB → {} ({})",
        if time_ok { "met" } else { "MISSED" },
        ms(plan_t.median),
        if mem_ok { "met" } else { "MISSED" },
        mb(plan_heap as u64)
    );
    ExitCode::SUCCESS
}
