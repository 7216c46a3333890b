//! Files and history rows compared: Flyway's states, validation problems, the plan.

use crate::error::{Error, Problem};
use crate::files::{ResolvedMigration, abbreviate_description};
use crate::history::HistoryRow;
use hims_migrations::history::{Prefix, Version};
use std::fmt;

/// The state of one migration, as Flyway's `MigrationState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Not applied yet; migrate will apply it.
    Pending,
    /// Applied successfully.
    Success,
    /// Applied with `success = false`: repair needed.
    Failed,
    /// Applied after a migration with a higher version.
    OutOfOrder,
    /// Not applied and older than the newest applied version; migrate refuses unless
    /// out-of-order is allowed.
    Ignored,
    /// Applied, but its file is gone (version at or below the newest file).
    Missing,
    /// Failed, and its file is gone.
    MissingFailed,
    /// Applied by a newer set of migrations (above the newest file): accepted.
    Future,
    FutureFailed,
    /// The `BASELINE` marker row written by `baseline`.
    Baseline,
    /// A file below the applied baseline: never run.
    BelowBaseline,
    /// A file at the version of the applied baseline: never run.
    BaselineIgnored,
    /// Applied, then undone by an `UNDO_SQL` row: counts as not applied.
    Undone,
    /// Hidden by a `DELETE` row (Flyway's repair of a missing file).
    Deleted,
    /// An undo file whose migration is applied: `undo` would run it.
    Available,
    /// A baseline migration the database does not need (it is not new).
    Unused,
}

impl State {
    /// Flyway's display name.
    pub fn label(self) -> &'static str {
        match self {
            State::Pending => "Pending",
            State::Success => "Success",
            State::Failed => "Failed",
            State::OutOfOrder => "Out of Order",
            State::Ignored => "Ignored",
            State::Missing => "Missing",
            State::MissingFailed => "Failed (Missing)",
            State::Future => "Future",
            State::FutureFailed => "Failed (Future)",
            State::Baseline => "Baseline",
            State::BelowBaseline => "Below Baseline",
            State::BaselineIgnored => "Ignored (Baseline)",
            State::Undone => "Undone",
            State::Deleted => "Deleted",
            State::Available => "Available",
            State::Unused => "Unused (baseline migration)",
        }
    }

    pub fn is_failed(self) -> bool {
        matches!(
            self,
            State::Failed | State::MissingFailed | State::FutureFailed
        )
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One line of `info`: an applied row (with its file when there is one) or a file that
/// has no row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfoEntry {
    /// The `type`: `SQL`, `SQL_BASELINE`, `UNDO_SQL`, `BASELINE`, `SCHEMA`, ….
    pub kind: String,
    pub version: Option<String>,
    pub description: String,
    pub script: String,
    pub state: State,
    pub installed_rank: Option<i32>,
    pub installed_on: Option<String>,
    pub installed_by: Option<String>,
    pub execution_time: Option<i32>,
    /// The checksum in the row.
    pub applied_checksum: Option<i32>,
    /// The checksum of the file.
    pub resolved_checksum: Option<i32>,
}

impl InfoEntry {
    /// Whether row and file checksums agree; `None` unless both exist (Flyway treats a
    /// missing checksum on either side as matching).
    pub fn checksum_matches(&self) -> Option<bool> {
        Some(self.applied_checksum? == self.resolved_checksum?)
    }
}

/// Everything `info` knows.
#[derive(Debug, Clone)]
pub struct Info {
    /// `"schema"."table"`.
    pub history_table: String,
    pub history_exists: bool,
    /// The schema version: the highest applied version (migration or baseline).
    pub current_version: Option<String>,
    /// Applied rows by rank, then files without a row by version.
    pub entries: Vec<InfoEntry>,
    /// When nothing is applied: the objects that make the database non-empty (empty
    /// list: it is empty, migrate would start with the newest baseline migration).
    pub non_empty_objects: Option<Vec<String>>,
}

/// The result of comparing files and rows.
pub(crate) struct Analysis {
    pub(crate) entries: Vec<InfoEntry>,
    /// Problems for every caller (failed, missing, ignored, checksum/description).
    pub(crate) problems: Vec<Problem>,
    /// Pending migrations: problems only for a standalone `validate`.
    pub(crate) pending: Vec<Problem>,
    /// Indices into the resolved migrations, in the order `migrate` applies them.
    pub(crate) plan: Vec<usize>,
    pub(crate) current_version: Option<Version>,
    /// The applied versioned migration `undo` would undo: (version, script).
    pub(crate) undo_target: Option<(Version, String)>,
    pub(crate) applied_baseline: Option<Version>,
    /// Applied rows whose file is gone (state Missing): what `repair` may mark deleted.
    pub(crate) missing: Vec<usize>,
    /// Applied rows whose file's checksum or description differ: (row index, file index),
    /// exactly the rows validation complains about; what `repair` may realign.
    pub(crate) mismatched: Vec<(usize, usize)>,
}

pub(crate) fn is_undo_type(kind: &str) -> bool {
    kind.starts_with("UNDO_")
}

pub(crate) fn is_baseline_type(kind: &str) -> bool {
    kind == "BASELINE" || kind.ends_with("_BASELINE")
}

pub(crate) fn parse_row_version(row: &HistoryRow) -> Result<Option<Version>, Error> {
    match &row.version {
        None => Ok(None),
        Some(text) => Version::parse(text).map(Some).ok_or_else(|| {
            Error::Refused(format!(
                "history row installed_rank {} has version {text:?}, which is not a Flyway version",
                row.installed_rank
            ))
        }),
    }
}

pub(crate) fn file_label(version: &Option<String>, script: &str) -> String {
    match version {
        Some(v) => format!("{v} ({script})"),
        None => script.to_string(),
    }
}

/// Compare the files with the rows. `fresh_empty`: nothing is applied and the database is
/// empty, so the newest baseline migration (at or below the newest versioned one) starts
/// the plan.
pub(crate) fn analyze(
    resolved: &[ResolvedMigration],
    rows: &[HistoryRow],
    fresh_empty: bool,
    out_of_order: bool,
) -> Result<Analysis, Error> {
    let versions: Vec<Option<Version>> = rows
        .iter()
        .map(parse_row_version)
        .collect::<Result<_, _>>()?;
    let n = rows.len();
    let mut deleted = vec![false; n];
    let mut undone = vec![false; n];
    let mut out_of_order_row = vec![false; n];
    for i in 0..n {
        let Some(v) = &versions[i] else { continue };
        let r = &rows[i];
        if r.kind == "DELETE" {
            if r.success {
                for j in 0..i {
                    if versions[j].as_ref() == Some(v) && rows[j].kind != "DELETE" {
                        deleted[j] = true;
                    }
                }
            }
            continue;
        }
        if is_undo_type(&r.kind) {
            if r.success
                && let Some(j) = (0..i).rev().find(|&j| {
                    versions[j].as_ref() == Some(v)
                        && !is_undo_type(&rows[j].kind)
                        && rows[j].kind != "DELETE"
                        && rows[j].success
                        && !deleted[j]
                        && !undone[j]
                })
            {
                undone[j] = true;
            }
            continue;
        }
        if r.kind == "SCHEMA" || r.kind == "BASELINE" {
            continue;
        }
        // Out of order: applied below a version that was applied (and is still) before it.
        let max_before = (0..i)
            .filter(|&j| {
                !deleted[j]
                    && !undone[j]
                    && rows[j].kind != "DELETE"
                    && rows[j].kind != "SCHEMA"
                    && !is_undo_type(&rows[j].kind)
            })
            .filter_map(|j| versions[j].as_ref())
            .max();
        if max_before.is_some_and(|m| v < m) {
            out_of_order_row[i] = true;
        }
    }

    let live = |i: usize| {
        versions[i].is_some()
            && !deleted[i]
            && !undone[i]
            && rows[i].kind != "DELETE"
            && rows[i].kind != "SCHEMA"
            && !is_undo_type(&rows[i].kind)
    };
    let applied_baseline: Option<Version> = (0..n)
        .filter(|&i| live(i) && rows[i].success && is_baseline_type(&rows[i].kind))
        .filter_map(|i| versions[i].clone())
        .max();
    let last_applied: Option<Version> = (0..n)
        .filter(|&i| live(i))
        .filter_map(|i| versions[i].clone())
        .max();
    let last_resolved: Option<&Version> = resolved
        .iter()
        .filter(|m| m.prefix != Prefix::Undo)
        .map(|m| &m.version)
        .max();
    let find = |prefix: Prefix, v: &Version| {
        resolved
            .iter()
            .position(|m| m.prefix == prefix && &m.version == v)
    };

    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut pending = Vec::new();
    let mut missing = Vec::new();
    let mut mismatched = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if r.kind == "DELETE" {
            continue;
        }
        let v = &versions[i];
        let file = match (r.kind.as_str(), v) {
            ("SQL", Some(v)) => find(Prefix::Versioned, v),
            ("SQL_BASELINE", Some(v)) => find(Prefix::Baseline, v),
            ("UNDO_SQL", Some(v)) => find(Prefix::Undo, v),
            _ => None,
        };
        let state = if r.kind == "SCHEMA" {
            State::Success
        } else if r.kind == "BASELINE" {
            State::Baseline
        } else if deleted[i] {
            State::Deleted
        } else if file.is_none() {
            let below = match (v, last_resolved) {
                (None, _) => true,
                (Some(v), Some(lr)) => v <= lr,
                (Some(_), None) => false,
            };
            match (below, r.success) {
                (true, true) => State::Missing,
                (true, false) => State::MissingFailed,
                (false, true) => State::Future,
                (false, false) => State::FutureFailed,
            }
        } else if !r.success {
            State::Failed
        } else if undone[i] {
            State::Undone
        } else if out_of_order_row[i] {
            State::OutOfOrder
        } else {
            State::Success
        };
        let label = file_label(&r.version, &r.script);
        if state.is_failed() {
            let what = if is_undo_type(&r.kind) {
                "failed undo migration of version"
            } else {
                "failed migration to version"
            };
            problems.push(Problem {
                version: r.version.clone(),
                script: Some(r.script.clone()),
                message: match &r.version {
                    Some(ver) => format!(
                        "Detected {what} {ver} ({}, {}, installed_rank {})",
                        r.description, r.script, r.installed_rank
                    ),
                    None => format!("Detected failed repeatable migration: {}", r.description),
                },
            });
        } else if state == State::Missing {
            missing.push(i);
            problems.push(Problem {
                version: r.version.clone(),
                script: Some(r.script.clone()),
                message: format!(
                    "Detected applied migration not resolved locally: {label}. If you removed this migration intentionally, \
                     mark it as deleted (`repair --delete-missing`); otherwise restore the file"
                ),
            });
        }
        // Checksum and description of applied files above the baseline (§6.6).
        if let (Some(f), Some(ver)) = (file, v)
            && r.success
            && !undone[i]
            && !deleted[i]
            && applied_baseline.as_ref().is_none_or(|b| ver > b)
        {
            let m = &resolved[f];
            let described = abbreviate_description(&m.description);
            if r.checksum.is_some_and(|c| c != m.checksum) || described != r.description {
                mismatched.push((i, f));
            }
            if let Some(applied) = r.checksum
                && applied != m.checksum
            {
                problems.push(Problem {
                    version: r.version.clone(),
                    script: Some(m.script.clone()),
                    message: format!(
                        "Migration checksum mismatch for migration version {} ({})\n-> Applied to database : {applied}\n-> Resolved locally    : {}\n\
                         Either revert the changes to the migration, or run `repair --realign-checksums` to update the schema history.",
                        r.version.as_deref().unwrap_or(""),
                        m.script,
                        m.checksum
                    ),
                });
            }
            if described != r.description {
                problems.push(Problem {
                    version: r.version.clone(),
                    script: Some(m.script.clone()),
                    message: format!(
                        "Migration description mismatch for migration version {} ({})\n-> Applied to database : {}\n-> Resolved locally    : {described}",
                        r.version.as_deref().unwrap_or(""),
                        m.script,
                        r.description
                    ),
                });
            }
        }
        entries.push(InfoEntry {
            kind: r.kind.clone(),
            version: r.version.clone(),
            description: r.description.clone(),
            script: r.script.clone(),
            state,
            installed_rank: Some(r.installed_rank),
            installed_on: Some(r.installed_on.clone()),
            installed_by: Some(r.installed_by.clone()),
            execution_time: Some(r.execution_time),
            applied_checksum: r.checksum,
            resolved_checksum: file.map(|f| resolved[f].checksum),
        });
    }

    // Files without a (live) row.
    let has_row = |kind: &str, v: &Version| {
        (0..n).any(|i| {
            rows[i].kind == kind && versions[i].as_ref() == Some(v) && !deleted[i] && !undone[i]
        })
    };
    let applied_ok = |v: &Version| {
        (0..n).any(|i| {
            rows[i].kind == "SQL"
                && rows[i].success
                && versions[i].as_ref() == Some(v)
                && !deleted[i]
                && !undone[i]
        })
    };
    let newest_versioned = resolved
        .iter()
        .filter(|m| m.prefix == Prefix::Versioned)
        .map(|m| &m.version)
        .max();
    let chosen_baseline: Option<usize> = if fresh_empty {
        resolved
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                m.prefix == Prefix::Baseline && newest_versioned.is_none_or(|nv| &m.version <= nv)
            })
            .max_by(|a, b| a.1.version.cmp(&b.1.version))
            .map(|(i, _)| i)
    } else {
        None
    };
    let baseline = applied_baseline
        .clone()
        .or_else(|| chosen_baseline.map(|i| resolved[i].version.clone()));
    let mut plan: Vec<usize> = chosen_baseline.into_iter().collect();
    let mut unapplied: Vec<(usize, State)> = Vec::new();
    for (idx, m) in resolved.iter().enumerate() {
        let state = match m.prefix {
            Prefix::Versioned => {
                if has_row("SQL", &m.version) {
                    continue;
                }
                match &baseline {
                    Some(b) if &m.version < b => State::BelowBaseline,
                    Some(b) if &m.version == b => State::BaselineIgnored,
                    _ if last_applied.as_ref().is_some_and(|la| &m.version < la) => {
                        if out_of_order {
                            State::Pending
                        } else {
                            State::Ignored
                        }
                    }
                    _ => State::Pending,
                }
            }
            Prefix::Baseline => {
                if has_row("SQL_BASELINE", &m.version) {
                    continue;
                }
                if chosen_baseline == Some(idx) {
                    State::Pending
                } else {
                    State::Unused
                }
            }
            Prefix::Undo => {
                if applied_ok(&m.version) {
                    State::Available
                } else {
                    continue;
                }
            }
        };
        let label = format!("{} ({})", m.version, m.script);
        match state {
            State::Pending => {
                pending.push(Problem {
                    version: Some(m.version.display().to_string()),
                    script: Some(m.script.clone()),
                    message: format!("Detected resolved migration not applied to database: {label}"),
                });
                if m.prefix == Prefix::Versioned {
                    plan.push(idx);
                }
            }
            State::Ignored => problems.push(Problem {
                version: Some(m.version.display().to_string()),
                script: Some(m.script.clone()),
                message: format!(
                    "Detected resolved migration not applied to database: {label}, older than the newest applied version {} \
                     (out of order). To apply it, allow out-of-order migrations (Flyway outOfOrder=true, --out-of-order)",
                    last_applied.as_ref().map(Version::display).unwrap_or("")
                ),
            }),
            _ => {}
        }
        unapplied.push((idx, state));
    }
    // The baseline migration first, then versioned ones by version.
    plan[usize::from(chosen_baseline.is_some())..]
        .sort_by(|&a, &b| resolved[a].version.cmp(&resolved[b].version));
    let order = |p: Prefix| match p {
        Prefix::Baseline => 0,
        Prefix::Versioned => 1,
        Prefix::Undo => 2,
    };
    unapplied.sort_by(|a, b| {
        let (ma, mb) = (&resolved[a.0], &resolved[b.0]);
        ma.version
            .cmp(&mb.version)
            .then(order(ma.prefix).cmp(&order(mb.prefix)))
    });
    for (idx, state) in unapplied {
        let m = &resolved[idx];
        entries.push(InfoEntry {
            kind: m.flyway_type().to_string(),
            version: Some(m.version.display().to_string()),
            description: m.description.clone(),
            script: m.script.clone(),
            state,
            installed_rank: None,
            installed_on: None,
            installed_by: None,
            execution_time: None,
            applied_checksum: None,
            resolved_checksum: Some(m.checksum),
        });
    }

    let current_version = (0..n)
        .filter(|&i| live(i) && rows[i].success)
        .filter_map(|i| versions[i].clone())
        .max();
    let undo_target = (0..n)
        .filter(|&i| live(i) && rows[i].success && rows[i].kind == "SQL")
        .filter_map(|i| versions[i].clone().map(|v| (v, rows[i].script.clone())))
        .max_by(|a, b| a.0.cmp(&b.0));
    Ok(Analysis {
        entries,
        problems,
        pending,
        plan,
        current_version,
        undo_target,
        applied_baseline,
        missing,
        mismatched,
    })
}
