//! `migrate`, `info` and `validate`.

use crate::Config;
use crate::analyze::{Info, analyze};
use crate::connect::Session;
use crate::empty::non_empty_objects;
use crate::error::Error;
use crate::execute::{
    MigrateReport, Placeholders, Prepared, Progress, prepare, refuse_failed, run,
};
use crate::files::{ResolvedMigration, resolve};
use crate::history::{HistoryRow, ensure_history, read_history, table_exists};
use crate::lock::LockGuard;
use hims_migrations::history::Prefix;

/// Apply what is pending, like `flyway migrate`.
///
/// Under the advisory lock: create the history table if needed; refuse when a row has
/// `success = false`; validate (pending is fine); then
///
/// * when no migration is recorded (no rows, or only Flyway's `SCHEMA` row) the database
///   must be **empty**, see below: the newest `B` baseline migration at or below the
///   newest `V` runs first and is recorded as `SQL_BASELINE` with its version, then the
///   `V` files after it (with no `B` file: every `V` file from the first);
/// * otherwise the pending `V` files in version order.
///
/// Empty means: no object at all in the schemas of [`Config::schemas`] — by default every
/// non-system schema, and then also no schema other than `public` and the history schema —
/// other than the history table itself and members of extensions; see
/// `non_empty_objects` for the exact list. A database that is not empty and has no
/// history is refused with a list of what was found (use [`baseline`] for it). This is
/// stricter than Flyway, which only looks at its `schemas` (default: the history
/// schema, `public`) and so would run V001 against a database whose other schemas are full.
pub fn migrate(
    config: &Config,
    progress: &mut dyn FnMut(&Progress),
) -> Result<MigrateReport, Error> {
    let mut resolved = resolve(&config.dir)?;
    if let Some(t) = &config.target {
        // Flyway `target`: files above it do not exist for this run.
        let target = hims_migrations::history::Version::parse(t)
            .ok_or_else(|| Error::Refused(format!("invalid target version {t:?}")))?;
        resolved.retain(|m| m.prefix == Prefix::Undo || m.version <= target);
    }
    let _lock = LockGuard::acquire(config, progress)?;
    let mut session = Session::open(config)?;
    let existing = if table_exists(&mut session.client, config)? {
        read_history(&mut session.client, config)?
    } else {
        Vec::new()
    };
    let fresh = existing.iter().all(|r| r.kind == "SCHEMA");
    if fresh {
        let (objects, total) = non_empty_objects(&mut session.client, config)?;
        if total > 0 {
            return Err(Error::NotEmpty {
                table: config.history_table(),
                objects,
                total,
            });
        }
    }
    let history_created = ensure_history(&mut session, config)?;
    if history_created {
        progress(&Progress::CreatedHistory {
            table: config.history_table(),
        });
    }
    let rows = read_history(&mut session.client, config)?;
    refuse_failed(&rows, config)?;
    let analysis = analyze(&resolved, &rows, fresh, config.out_of_order)?;
    if !analysis.problems.is_empty() {
        return Err(Error::Validation {
            problems: analysis.problems,
        });
    }
    let baseline_migration = analysis
        .plan
        .first()
        .filter(|&&i| resolved[i].prefix == Prefix::Baseline)
        .map(|&i| resolved[i].script.clone());
    if fresh {
        progress(&Progress::EmptyDatabase {
            baseline: baseline_migration.clone(),
        });
    }
    // Prepare everything first: a file that cannot be parsed stops the run before
    // anything is applied.
    let placeholders = Placeholders::new(config, &session);
    let prepared: Vec<Prepared> = analysis
        .plan
        .iter()
        .map(|&i| prepare(&resolved[i], config, &session, &placeholders))
        .collect::<Result<_, _>>()?;
    let mut applied = Vec::new();
    for p in &prepared {
        if crate::execute::interrupted() {
            return Err(Error::Refused(format!(
                "interrupted (Ctrl-C): stopped before {}; the {} migration(s) before it are applied and recorded",
                p.m.script,
                applied.len()
            )));
        }
        applied.push(run(p, config, &session, progress)?);
    }
    let schema_version = applied.last().map(|a| a.version.clone()).or_else(|| {
        analysis
            .current_version
            .as_ref()
            .map(|v| v.display().to_string())
    });
    Ok(MigrateReport {
        applied,
        baseline_migration,
        schema_version,
        history_created,
    })
}

pub(crate) fn load(
    config: &Config,
) -> Result<(Vec<ResolvedMigration>, Session, bool, Vec<HistoryRow>), Error> {
    let resolved = resolve(&config.dir)?;
    let mut session = Session::open(config)?;
    let exists = table_exists(&mut session.client, config)?;
    let rows = if exists {
        read_history(&mut session.client, config)?
    } else {
        Vec::new()
    };
    Ok((resolved, session, exists, rows))
}

/// Every migration, applied or not, with its state (like `flyway info`). Takes no lock.
pub fn info(config: &Config) -> Result<Info, Error> {
    let (resolved, mut session, history_exists, rows) = load(config)?;
    let (fresh_empty, non_empty_objects) = if rows.iter().all(|r| r.kind == "SCHEMA") {
        let (objects, total) = non_empty_objects(&mut session.client, config)?;
        (total == 0, Some(objects))
    } else {
        (false, None)
    };
    let analysis = analyze(&resolved, &rows, fresh_empty, config.out_of_order)?;
    Ok(Info {
        history_table: config.history_table(),
        history_exists,
        current_version: analysis.current_version.map(|v| v.display().to_string()),
        entries: analysis.entries,
        non_empty_objects,
    })
}

/// What `validate` checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidateReport {
    /// Files and rows compared.
    pub migrations: usize,
}

/// Compare files and history like `flyway validate` (§6) and report **every** problem:
/// failed rows; applied migrations whose file is gone; files older than the newest applied
/// version never applied (unless out-of-order is allowed); checksum and description
/// changes of applied files above the baseline; and, as for a standalone Flyway
/// `validate`, migrations not applied yet (unless [`Config::ignore_pending`]). Takes no
/// lock.
pub fn validate(config: &Config) -> Result<ValidateReport, Error> {
    let (resolved, mut session, _, rows) = load(config)?;
    let fresh_empty = rows.iter().all(|r| r.kind == "SCHEMA")
        && non_empty_objects(&mut session.client, config)?.1 == 0;
    let analysis = analyze(&resolved, &rows, fresh_empty, config.out_of_order)?;
    let mut problems = analysis.problems;
    if !config.ignore_pending {
        problems.extend(analysis.pending);
    }
    if problems.is_empty() {
        Ok(ValidateReport {
            migrations: analysis.entries.len(),
        })
    } else {
        Err(Error::Validation { problems })
    }
}
