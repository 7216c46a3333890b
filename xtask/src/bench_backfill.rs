//! Part of `cargo xtask bench`: a column made NOT NULL on a large table whose rows hold
//! NULLs, through the generated migration and the runner, timed from outside.
//!
//! 1. An ephemeral cluster ([`hims_testdb`]); a scratch `generated/` released at a table of
//!    `rows` patients whose `preferred_language` is nullable; `gen-migration` (not
//!    verified: the plan is what is measured) for the same column NOT NULL with default
//!    `'en'`.
//! 2. The release applied by the runner, then the rows (a third NULL), `VACUUM ANALYZE`.
//! 3. `migrate` of the new files, while two other sessions run: a monitor polling
//!    `pg_stat_activity` for the migration's backend (each batch of the fill is a
//!    transaction of its own, and `xact_start` moves on with each one: the time between two
//!    starts is how long a batch held its row locks), and a writer updating rows that held
//!    NULL one at a time (the longest of those is the longest any writer waited).
//!
//! Figures: total fill time, batches, longest and median batch, longest writer wait, whole
//! migration. The aim is a longest batch of at most [`TARGET_BATCH`].

use hims_model::{Column, ColumnType, DefaultValue, Model, PrimaryKey, Schema, Table};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The longest a batch should hold its row locks.
const TARGET_BATCH: Duration = Duration::from_millis(200);

fn model(nullable: bool) -> Model {
    let mut t = Table::new("app", "patients");
    let mut language = Column::new("preferred_language", ColumnType::Text, nullable);
    if !nullable {
        language.default = Some(DefaultValue::Text("en".into()));
    }
    t.columns = vec![
        Column::new("id", ColumnType::BigInt, false),
        Column::new("name", ColumnType::Text, false),
        language,
        Column::new("visits", ColumnType::Integer, false),
    ];
    t.primary_key = Some(PrimaryKey {
        name: "patients_pkey".into(),
        columns: vec!["id".into()],
        deferral: Default::default(),
    });
    let mut m = Model {
        schemas: vec![Schema {
            name: "app".into(),
            comment: None,
            naming_rules: true,
            origin: Default::default(),
        }],
        tables: vec![t],
        ..Default::default()
    };
    m.canonicalize();
    m
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Seconds between two `timestamptz` values read as `f64` epochs.
fn between(a: f64, b: f64) -> Duration {
    Duration::from_secs_f64((b - a).max(0.0))
}

pub fn run(rows: u64) -> Result<(), String> {
    println!("== NOT NULL with a default on {rows} rows (a third NULL), through the runner ==");
    let db = hims_testdb::TestDb::try_new().map_err(|e| e.to_string())?;
    let dir = std::env::temp_dir().join(format!("hims-bench-backfill-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    let result = measure(&db, &dir, rows);
    std::fs::remove_dir_all(&dir).ok();
    result
}

fn measure(db: &hims_testdb::TestDb, dir: &Path, rows: u64) -> Result<(), String> {
    hims_migrations::write_all(dir, &hims_migrations::generate(&model(true)))
        .map_err(|e| e.to_string())?;
    hims_migrations::repo::gen_migration(
        dir,
        &model(false),
        &hims_migrations::repo::GenOptions {
            description: "language_required",
            allow: &[],
            dry_run: false,
            empty_template: None,
            verifier: None,
            edit_plan: None,
        },
    )
    .map_err(|e| e.to_string())?
    .ok_or("no change planned")?;
    let config = |target: Option<&str>| {
        let mut c = hims_runner::Config::new(db.conn_str(), dir.join("migrations"));
        c.target = target.map(str::to_string);
        c
    };
    hims_runner::migrate(&config(Some("1")), &mut |_| {}).map_err(|e| e.to_string())?;
    let load = Instant::now();
    let mut c = db.connect();
    c.batch_execute(&format!(
        "INSERT INTO app.patients (id, name, preferred_language, visits) \
         SELECT i, 'patient ' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'hi' END, 0 \
         FROM generate_series(1, {rows}) AS i"
    ))
    .and_then(|()| c.batch_execute("VACUUM ANALYZE app.patients"))
    .map_err(|e| format!("loading rows: {}", hims_testdb::pg_error_message(&e)))?;
    println!("loaded in {:.1} s", load.elapsed().as_secs_f64());

    let stop = Arc::new(AtomicBool::new(false));
    let monitor = {
        let mut c = db.connect();
        let stop = stop.clone();
        std::thread::spawn(move || -> Result<(Vec<f64>, Option<f64>), String> {
            // Distinct transaction starts of the fill, and the start of the statement after it.
            let (mut starts, mut end): (Vec<f64>, Option<f64>) = (Vec::new(), None);
            let mut fill_pid: Option<i32> = None;
            while !stop.load(Ordering::Relaxed) && end.is_none() {
                let rows = c
                    .query(
                        "SELECT pid, extract(epoch FROM xact_start)::float8, extract(epoch FROM query_start)::float8, \
                                query LIKE 'DO %hims_lo_1%' \
                         FROM pg_stat_activity \
                         WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'DO %'",
                        &[],
                    )
                    .map_err(|e| hims_testdb::pg_error_message(&e))?;
                for r in rows {
                    let (pid, xact, query_start, filling): (i32, Option<f64>, Option<f64>, bool) =
                        (r.get(0), r.get(1), r.get(2), r.get(3));
                    match (filling, fill_pid) {
                        (true, _) => {
                            fill_pid = Some(pid);
                            if let Some(x) = xact
                                && starts.last() != Some(&x)
                            {
                                starts.push(x);
                            }
                        }
                        (false, Some(p)) if p == pid => end = query_start,
                        _ => {}
                    }
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            Ok((starts, end))
        })
    };
    let writer = {
        let mut c = db.connect();
        let stop = stop.clone();
        std::thread::spawn(move || -> (u64, Duration, Vec<String>) {
            let (mut n, mut longest, mut errors) = (0u64, Duration::ZERO, Vec::new());
            let mut id: i64 = 0;
            while !stop.load(Ordering::Relaxed) {
                id = (id + 3_001) % (rows as i64);
                let target = id - id % 3 + 3;
                let t = Instant::now();
                if let Err(e) = c.execute(
                    "UPDATE app.patients SET visits = visits + 1 WHERE id = $1",
                    &[&target],
                ) {
                    errors.push(e.to_string());
                }
                longest = longest.max(t.elapsed());
                n += 1;
            }
            (n, longest, errors)
        })
    };
    let started = Instant::now();
    let migrated = hims_runner::migrate(&config(None), &mut |_| {});
    let total = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let (starts, end) = monitor.join().map_err(|_| "the monitor panicked")??;
    let (writes, longest_write, errors) = writer.join().map_err(|_| "the writer panicked")?;
    migrated.map_err(|e| e.to_string())?;

    let nulls: i64 = c
        .query_one(
            "SELECT count(*) FROM app.patients WHERE preferred_language IS NULL",
            &[],
        )
        .map_err(|e| e.to_string())?
        .get(0);
    if nulls != 0 {
        return Err(format!("{nulls} NULL(s) left after the migration"));
    }
    if !errors.is_empty() {
        return Err(format!(
            "{} write(s) failed during the migration, first: {}",
            errors.len(),
            errors[0]
        ));
    }
    let (Some(first), Some(end)) = (starts.first().copied(), end) else {
        return Err(format!(
            "the monitor did not see the fill run (saw {} transaction start(s)); too few rows?",
            starts.len()
        ));
    };
    let mut batches: Vec<Duration> = starts
        .windows(2)
        .map(|w| between(w[0], w[1]))
        .chain(starts.last().map(|&l| between(l, end)))
        .collect();
    let expected = rows.div_ceil(u64::from(hims_diff::FILL_BATCH));
    batches.sort();
    let longest = *batches.last().expect("one batch at least");
    let median = batches[batches.len() / 2];
    println!(
        "fill: {:.2} s in {} batches of {} keys seen ({expected} expected; two batches shorter than the 1 ms poll count as one)",
        between(first, end).as_secs_f64(),
        batches.len(),
        hims_diff::FILL_BATCH
    );
    println!(
        "longest batch (row locks held): {}, median {}; target ≤ {}",
        ms(longest),
        ms(median),
        ms(TARGET_BATCH)
    );
    println!(
        "writer: {writes} single-row updates of NULL rows during the migration, none failed, longest {}",
        ms(longest_write)
    );
    println!(
        "whole migration (fill, check, NOT VALID + VALIDATE, SET NOT NULL): {:.2} s",
        total.as_secs_f64()
    );
    if longest > TARGET_BATCH {
        return Err(format!(
            "the longest batch held its locks {} (target ≤ {})",
            ms(longest),
            ms(TARGET_BATCH)
        ));
    }
    Ok(())
}
