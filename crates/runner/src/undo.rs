//! `undo` (Flyway Teams): the newest applied version through its `U` file.

use crate::Config;
use crate::analyze::analyze;
use crate::connect::Session;
use crate::error::Error;
use crate::execute::{Applied, Placeholders, Progress, prepare, refuse_failed, run};
use crate::files::resolve;
use crate::history::{read_history, table_exists};
use crate::lock::LockGuard;
use hims_migrations::history::Prefix;

/// Undo the newest applied versioned migration (Flyway Teams `undo`): run its `U` file (in
/// a transaction unless its sidecar or its statements say otherwise) and record an
/// `UNDO_SQL` row; the version then counts as not applied and `migrate` applies it again.
///
/// Refused: when a row failed or validation fails (pending is fine), when nothing is
/// applied, when the newest applied version is covered by a baseline (a `BASELINE` row or
/// an applied `B` baseline migration — there is no earlier state to return to), and when
/// there is no `U` file for it.
pub fn undo(config: &Config, progress: &mut dyn FnMut(&Progress)) -> Result<Applied, Error> {
    let resolved = resolve(&config.dir)?;
    let _lock = LockGuard::acquire(config, progress)?;
    let mut session = Session::open(config)?;
    if !table_exists(&mut session.client, config)? {
        return Err(Error::Refused(format!(
            "nothing to undo: {} does not exist",
            config.history_table()
        )));
    }
    let rows = read_history(&mut session.client, config)?;
    refuse_failed(&rows, config)?;
    let analysis = analyze(&resolved, &rows, false, config.out_of_order)?;
    if !analysis.problems.is_empty() {
        return Err(Error::Validation {
            problems: analysis.problems,
        });
    }
    let Some((version, script)) = analysis.undo_target else {
        return Err(Error::Refused(match &analysis.applied_baseline {
            Some(b) => format!(
                "nothing to undo: version {b} and everything below it come from a baseline (no versioned migration was applied after it)"
            ),
            None => "nothing to undo: no versioned migration is applied".to_string(),
        }));
    };
    if let Some(b) = &analysis.applied_baseline
        && &version <= b
    {
        return Err(Error::Refused(format!(
            "cannot undo version {version} ({script}): the database was baselined at version {b}, below which nothing can be undone"
        )));
    }
    let Some(u) = resolved
        .iter()
        .find(|m| m.prefix == Prefix::Undo && m.version == version)
    else {
        return Err(Error::Refused(format!(
            "cannot undo version {version} ({script}): there is no undo migration U{version}__*.sql in {}",
            config.dir.display()
        )));
    };
    let placeholders = Placeholders::new(config, &session);
    let prepared = prepare(u, config, &session, &placeholders)?;
    run(&prepared, config, &session, progress)
}
