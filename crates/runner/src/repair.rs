//! `repair` with Flyway's semantics (`flyway-compat.md` §6), made explicit: failed rows are
//! always removed; marking missing files deleted and realigning checksums happen only when
//! asked, because both hide a difference between the files and the database that a
//! released migration should never have. Every change is reported.

use crate::Config;
use crate::analyze::analyze;
use crate::connect::Session;
use crate::error::{Error, db};
use crate::files::{abbreviate_description, resolve};
use crate::history::{NewRow, insert_row, read_history, table_exists};
use crate::lock::LockGuard;
use std::fmt;

/// What `repair` may do beyond removing failed rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RepairOptions {
    /// Rows of applied migrations whose file is gone get Flyway's `DELETE` marker row.
    pub delete_missing: bool,
    /// Applied rows whose file's checksum or description differ get the file's values.
    pub realign_checksums: bool,
}

/// One change `repair` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepairChange {
    /// A `success = false` row was deleted.
    RemovedFailed {
        installed_rank: i32,
        version: Option<String>,
        script: String,
    },
    /// A `DELETE` marker row was inserted for an applied migration whose file is gone.
    MarkedDeleted {
        installed_rank: i32,
        marker_rank: i32,
        version: Option<String>,
        script: String,
    },
    /// A row got the file's checksum and description.
    Realigned {
        installed_rank: i32,
        version: Option<String>,
        script: String,
        old_checksum: Option<i32>,
        new_checksum: i32,
        old_description: String,
        new_description: String,
    },
}

impl fmt::Display for RepairChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = |v: &Option<String>| v.clone().unwrap_or_else(|| "repeatable".to_string());
        match self {
            RepairChange::RemovedFailed {
                installed_rank,
                version,
                script,
            } => write!(
                f,
                "removed the failed row of version {} ({script}, installed_rank {installed_rank})",
                v(version)
            ),
            RepairChange::MarkedDeleted {
                installed_rank,
                marker_rank,
                version,
                script,
            } => write!(
                f,
                "marked version {} ({script}, installed_rank {installed_rank}) as deleted: its file is gone (DELETE row, installed_rank {marker_rank})",
                v(version)
            ),
            RepairChange::Realigned {
                installed_rank,
                version,
                script,
                old_checksum,
                new_checksum,
                old_description,
                new_description,
            } => {
                write!(
                    f,
                    "realigned version {} ({script}, installed_rank {installed_rank}):",
                    v(version)
                )?;
                if *old_checksum != Some(*new_checksum) {
                    let old = old_checksum.map_or("NULL".to_string(), |c| c.to_string());
                    write!(f, " checksum {old} -> {new_checksum}")?;
                }
                if old_description != new_description {
                    write!(f, " description {old_description:?} -> {new_description:?}")?;
                }
                Ok(())
            }
        }
    }
}

/// What `repair` did, and what it left because it was not asked to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepairReport {
    pub changes: Vec<RepairChange>,
    /// Differences left as they are, each with the option that would change it.
    pub left: Vec<String>,
}

/// Repair the history table, in one transaction under the advisory lock (Flyway takes no
/// lock; taking it keeps a repair from deleting the row of a migration that is running):
///
/// 1. delete every `success = false` row (Flyway: `DELETE … WHERE "success" = FALSE AND
///    "version" = ?`), so that `migrate` runs the failed file again;
/// 2. with [`RepairOptions::delete_missing`]: for every applied migration whose file is
///    gone (state Missing; future ones are left, as by Flyway's default `*:future`), insert
///    a `DELETE` row copying its version, description, script and checksum;
/// 3. with [`RepairOptions::realign_checksums`]: for every row whose checksum or
///    description validation reports as changed, `UPDATE … SET "description", "checksum"`
///    to the file's values.
///
/// Nothing else changes: no migration runs, no object of the database is touched.
pub fn repair(config: &Config, options: RepairOptions) -> Result<RepairReport, Error> {
    let resolved = resolve(&config.dir)?;
    let _lock = LockGuard::acquire(config, &mut |_| {})?;
    let mut session = Session::open(config)?;
    let t = config.history_table();
    if !table_exists(&mut session.client, config)? {
        return Ok(RepairReport {
            changes: Vec::new(),
            left: vec![format!("{t} does not exist: nothing to repair")],
        });
    }
    let installed_by = session.installed_by.clone();
    let mut tx = session
        .client
        .transaction()
        .map_err(db(format!("begin repairing {t}")))?;
    let rows = read_history(&mut tx, config)?;
    let mut report = RepairReport::default();
    for r in rows.iter().filter(|r| !r.success) {
        tx.execute(
            &format!("DELETE FROM {t} WHERE \"installed_rank\" = $1 AND NOT \"success\""),
            &[&r.installed_rank],
        )
        .map_err(db(format!("delete the failed row from {t}")))?;
        report.changes.push(RepairChange::RemovedFailed {
            installed_rank: r.installed_rank,
            version: r.version.clone(),
            script: r.script.clone(),
        });
    }
    let rows: Vec<_> = rows.into_iter().filter(|r| r.success).collect();
    let analysis = analyze(&resolved, &rows, false, config.out_of_order)?;
    for &i in &analysis.missing {
        let r = &rows[i];
        if !options.delete_missing {
            report.left.push(format!(
                "version {} ({}): applied but its file is gone; restore the file, or mark it deleted with --delete-missing",
                r.version.as_deref().unwrap_or("repeatable"),
                r.script
            ));
            continue;
        }
        let marker_rank = insert_row(
            &mut tx,
            config,
            &NewRow {
                version: r.version.as_deref(),
                description: &r.description,
                kind: "DELETE",
                script: &r.script,
                checksum: r.checksum,
                installed_by: &installed_by,
                execution_time: 0,
                success: true,
            },
        )?;
        report.changes.push(RepairChange::MarkedDeleted {
            installed_rank: r.installed_rank,
            marker_rank,
            version: r.version.clone(),
            script: r.script.clone(),
        });
    }
    for &(i, f) in &analysis.mismatched {
        let (r, m) = (&rows[i], &resolved[f]);
        let new_description = abbreviate_description(&m.description);
        if !options.realign_checksums {
            report.left.push(format!(
                "version {} ({}): the file differs from what was applied (checksum {} in {t}, {} on disk); \
                 revert the file, or accept it with --realign-checksums",
                r.version.as_deref().unwrap_or(""),
                r.script,
                r.checksum.map_or("NULL".to_string(), |c| c.to_string()),
                m.checksum
            ));
            continue;
        }
        tx.execute(
            &format!(
                "UPDATE {t} SET \"description\" = $1, \"checksum\" = $2 WHERE \"installed_rank\" = $3"
            ),
            &[&new_description, &m.checksum, &r.installed_rank],
        )
        .map_err(db(format!("realign {t}")))?;
        report.changes.push(RepairChange::Realigned {
            installed_rank: r.installed_rank,
            version: r.version.clone(),
            script: r.script.clone(),
            old_checksum: r.checksum,
            new_checksum: m.checksum,
            old_description: r.description.clone(),
            new_description,
        });
    }
    tx.commit()
        .map_err(db(format!("commit the repair of {t}")))?;
    Ok(report)
}
