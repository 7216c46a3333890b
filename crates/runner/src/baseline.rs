//! `baseline`: mark an existing database as being at a version.

use crate::connect::Session;
use crate::error::{Error, db};
use crate::files::{abbreviate_description, abbreviate_script};
use crate::history::{
    NewRow, create_history_table_sql, insert_row, quote_ident, read_history, schema_exists,
    table_exists,
};
use crate::lock::LockGuard;
use crate::{BASELINE_DESCRIPTION, Config, SCHEMA_CREATION_DESCRIPTION};
use hims_migrations::history::Version;

/// What `baseline` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaselineOutcome {
    /// Wrote the `BASELINE` row (creating the history table when needed).
    Created,
    /// The history already had exactly this baseline row; nothing written.
    AlreadyBaselined,
}

/// Mark an existing database as being at `version` (like `flyway baseline`): the history
/// table gets Flyway's `BASELINE` row (installed_rank 1, the version,
/// [`BASELINE_DESCRIPTION`] as description and script, no checksum, execution_time 0),
/// written in the same transaction that creates the table. Versions up to it are never run. Refused when the
/// history already has migrations, unless it already has this exact baseline row.
pub fn baseline(
    config: &Config,
    version: &str,
    description: Option<&str>,
) -> Result<BaselineOutcome, Error> {
    let Some(parsed) = Version::parse(version) else {
        return Err(Error::Refused(format!(
            "invalid baseline version {version:?}: use digits separated by dots, e.g. 4 or 1.2"
        )));
    };
    let version = parsed.display().to_string();
    let description = description.unwrap_or(BASELINE_DESCRIPTION);
    let _lock = LockGuard::acquire(config, &mut |_| {})?;
    let mut session = Session::open(config)?;
    let t = config.history_table();
    if table_exists(&mut session.client, config)? {
        let rows = read_history(&mut session.client, config)?;
        // Flyway looks for the baseline row among the first two rows.
        if let Some(b) = rows.iter().take(2).find(|r| r.kind == "BASELINE") {
            let same = b.description == description
                && b.version.as_deref().and_then(Version::parse).as_ref() == Some(&parsed);
            return if same {
                Ok(BaselineOutcome::AlreadyBaselined)
            } else {
                Err(Error::Refused(format!(
                    "Unable to baseline schema history table {t} with ({version},{description}) as it has already been baselined with ({},{})",
                    b.version.as_deref().unwrap_or(""),
                    b.description
                )))
            };
        }
        if rows.iter().any(|r| r.kind != "SCHEMA") {
            return Err(Error::Refused(format!(
                "Unable to baseline schema history table {t} as it already contains migrations ({} row(s), the newest {})",
                rows.len(),
                rows.last().map(|r| r.script.as_str()).unwrap_or("")
            )));
        }
        insert_row(
            &mut session.client,
            config,
            &NewRow {
                version: Some(&version),
                description,
                kind: "BASELINE",
                script: description,
                checksum: None,
                installed_by: &session.installed_by,
                execution_time: 0,
                success: true,
            },
        )?;
        return Ok(BaselineOutcome::Created);
    }
    let create_schema = !schema_exists(&mut session.client, &config.schema)?;
    let installed_by = session.installed_by.clone();
    let mut tx = session
        .client
        .transaction()
        .map_err(db(format!("begin creating {t}")))?;
    if create_schema {
        tx.batch_execute(&format!("CREATE SCHEMA {}", quote_ident(&config.schema)))
            .map_err(db(format!("create schema {}", quote_ident(&config.schema))))?;
    }
    // Flyway's getBaselineStatement: a literal INSERT between CREATE TABLE and the
    // constraints, in the same script.
    let literal = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let baseline_insert = format!(
        "INSERT INTO {t} (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") \
         VALUES (1, {}, {}, 'BASELINE', {}, NULL, {}, 0, true);",
        literal(&version),
        literal(&abbreviate_description(description)),
        literal(&abbreviate_script(description)),
        literal(&installed_by)
    );
    tx.batch_execute(&create_history_table_sql(
        &config.schema,
        &config.table,
        Some(&baseline_insert),
    ))
    .map_err(db(format!("create {t} with its baseline row")))?;
    if create_schema {
        insert_row(
            &mut tx,
            config,
            &NewRow {
                version: None,
                description: SCHEMA_CREATION_DESCRIPTION,
                kind: "SCHEMA",
                script: &quote_ident(&config.schema),
                checksum: None,
                installed_by: &installed_by,
                execution_time: 0,
                success: true,
            },
        )?;
    }
    tx.commit().map_err(db(format!("create {t}")))?;
    Ok(BaselineOutcome::Created)
}
