//! Running migration files: placeholders, transaction mode, statements, history rows.

use crate::Config;
use crate::connect::{Session, migration_connection};
use crate::error::{Error, StatementError, db, pg_message};
use crate::files::ResolvedMigration;
use crate::history::{HistoryRow, NewRow, insert_row};
use crate::script::{self, Statement};
use hims_migrations::history::SIDECAR_SUFFIX;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The statement running now (one per process: migrations run one at a time), so that a
/// Ctrl-C handler can cancel it on the server and a display can show its elapsed time.
/// Cancelling makes the statement fail like any other: the transaction rolls back (no
/// row), or outside a transaction a failed row is written; the history stays consistent.
static RUNNING: Mutex<Option<Running>> = Mutex::new(None);

struct Running {
    token: postgres::CancelToken,
    conn: crate::tls::ConnInfo,
    script: String,
    line: usize,
    since: Instant,
}

/// The running statement: (script, line, elapsed), if any.
pub fn running() -> Option<(String, usize, Duration)> {
    let r = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
    r.as_ref()
        .map(|r| (r.script.clone(), r.line, r.since.elapsed()))
}

/// Cancel the running statement on the server (Ctrl-C). Returns what was cancelled.
pub fn cancel_running() -> Option<Result<String, String>> {
    let r = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
    let r = r.as_ref()?;
    Some(
        r.conn
            .cancel(&r.token)
            .map(|()| format!("{} line {}", r.script, r.line)),
    )
}

static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Ctrl-C: no further statement starts (the next one fails through the normal path, so a
/// transaction rolls back and a non-transactional file gets its failed row) and the
/// running one is cancelled on the server. Returns what was cancelled, if anything ran.
pub fn interrupt() -> Option<Result<String, String>> {
    INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
    cancel_running()
}

/// Whether [`interrupt`] was called.
pub fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst)
}

fn set_running(now: Option<Running>) {
    *RUNNING.lock().unwrap_or_else(|e| e.into_inner()) = now;
}

/// Run one statement, registered as the running one while it runs.
fn execute(
    client: &mut impl postgres::GenericClient,
    token: &postgres::CancelToken,
    conn: &crate::tls::ConnInfo,
    script: &str,
    s: &Statement,
) -> Result<(), postgres::Error> {
    set_running(Some(Running {
        token: token.clone(),
        conn: conn.clone(),
        script: script.to_string(),
        line: s.line,
        since: Instant::now(),
    }));
    // Checked after registering, so an interrupt either sees this statement or this
    // statement sees the interrupt.
    let r = if interrupted() {
        client.batch_execute(
            "DO $hims$ BEGIN RAISE EXCEPTION USING ERRCODE = '57014', \
             MESSAGE = 'interrupted (Ctrl-C) before this statement ran'; END $hims$",
        )
    } else {
        client.batch_execute(&s.text)
    };
    set_running(None);
    r
}

/// Progress reported while a command runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Another process holds the lock; retrying every second.
    WaitingForLock { key: i64, table: String },
    /// Created the history table.
    CreatedHistory { table: String },
    /// Nothing applied and the database is empty: starting from this baseline migration
    /// (or from the first versioned migration when there is none).
    EmptyDatabase { baseline: Option<String> },
    /// About to run a file.
    Applying {
        script: String,
        kind: &'static str,
        transactional: bool,
        statements: usize,
    },
    /// The file ran and its row is written.
    Applied { script: String, millis: i32 },
    /// The file was rolled back by a concurrent write of a cluster-wide catalog (roles,
    /// role settings) from another database; running it again.
    Retrying { script: String, reason: String },
    /// The file failed (the error follows).
    Failed { script: String },
}

/// One file that ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub script: String,
    pub version: String,
    /// The row's `type`.
    pub kind: &'static str,
    pub installed_rank: i32,
    /// `execution_time`, ms.
    pub millis: i32,
    pub transactional: bool,
    pub statements: usize,
}

/// What `migrate` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrateReport {
    pub applied: Vec<Applied>,
    /// The baseline migration a new, empty database started from.
    pub baseline_migration: Option<String>,
    /// The schema version afterwards.
    pub schema_version: Option<String>,
    pub history_created: bool,
}

/// A file ready to run: placeholders replaced, split, transaction mode decided.
pub(crate) struct Prepared<'a> {
    pub(crate) m: &'a ResolvedMigration,
    pub(crate) kind: &'static str,
    pub(crate) statements: Vec<Statement>,
    pub(crate) transactional: bool,
}

/// Values of `${flyway:…}` and user placeholders for one run.
pub(crate) struct Placeholders {
    pub(crate) values: BTreeMap<String, String>,
}

impl Placeholders {
    pub(crate) fn new(config: &Config, session: &Session) -> Placeholders {
        let mut values: BTreeMap<String, String> = config
            .placeholders
            .iter()
            .map(|(k, v)| (k.to_lowercase(), v.clone()))
            .collect();
        let builtins = [
            ("flyway:defaultschema", config.schema.clone()),
            ("flyway:user", session.current_user.clone()),
            ("flyway:database", session.database.clone()),
            (
                "flyway:timestamp",
                chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
            ),
            (
                "flyway:workingdirectory",
                std::env::current_dir()
                    .map(|d| d.display().to_string())
                    .unwrap_or_default(),
            ),
            ("flyway:table", config.table.clone()),
            ("flyway:environment", "default".to_string()),
        ];
        for (k, v) in builtins {
            values.insert(k.to_string(), v);
        }
        Placeholders { values }
    }

    /// Replace every `${name}` (Flyway's PlaceholderReplacingReader: textual, also inside
    /// strings and comments; an unknown name is an error).
    pub(crate) fn replace(&self, sql: &str, file_name: &str) -> Result<String, String> {
        if !sql.contains("${") {
            return Ok(sql.to_string());
        }
        let mut out = String::with_capacity(sql.len());
        let mut rest = sql;
        while let Some(start) = rest.find("${") {
            let Some(len) = rest[start + 2..].find('}') else {
                break;
            };
            let name = &rest[start + 2..start + 2 + len];
            let key = name.to_lowercase();
            let value = if key == "flyway:filename" {
                Some(file_name.to_string())
            } else {
                self.values.get(&key).cloned()
            };
            match value {
                Some(v) => {
                    out.push_str(&rest[..start]);
                    out.push_str(&v);
                }
                None if key.starts_with("flyway:") => {
                    return Err(format!(
                        "Failed to populate value for default placeholder: ${{{name}}}"
                    ));
                }
                None => {
                    return Err(format!(
                        "No value provided for placeholder: ${{{name}}}. Check your configuration (placeholders), \
                         or set placeholderReplacement=false in the file's .sql.conf"
                    ));
                }
            }
            rest = &rest[start + 3 + len..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

pub(crate) fn prepare<'a>(
    m: &'a ResolvedMigration,
    config: &Config,
    session: &Session,
    placeholders: &Placeholders,
) -> Result<Prepared<'a>, Error> {
    let replace = m
        .placeholder_replacement
        .unwrap_or(config.placeholder_replacement);
    let sql = if replace {
        placeholders
            .replace(&m.sql, &m.file_name)
            .map_err(|e| Error::Refused(format!("{}: {e}", m.script)))?
    } else {
        m.sql.clone()
    };
    let statements = script::split(&sql).map_err(|source| Error::Parse {
        script: m.script.clone(),
        source,
    })?;
    let transactional = match m.execute_in_transaction {
        Some(t) => t,
        None => {
            let autocommit: Vec<&Statement> = statements
                .iter()
                .filter(|s| script::requires_autocommit(s, session.server_version_num))
                .collect();
            match autocommit.first() {
                None => true,
                Some(_) if autocommit.len() == statements.len() || config.mixed => false,
                Some(first) => {
                    let transactional = statements
                        .iter()
                        .find(|s| !script::requires_autocommit(s, session.server_version_num))
                        .expect("a mix has both");
                    return Err(Error::Refused(format!(
                        "{}: Detected both transactional and non-transactional statements within the same migration \
                         (even though mixed is false). Offending statement found at line {}: {} (cannot run in a transaction), \
                         while line {} must: {}. Put executeInTransaction=false into {}{SIDECAR_SUFFIX}, or split the file",
                        m.script,
                        first.line,
                        first.first_line(),
                        transactional.line,
                        transactional.first_line(),
                        m.file_name
                    )));
                }
            }
        }
    };
    Ok(Prepared {
        m,
        kind: m.flyway_type(),
        statements,
        transactional,
    })
}

pub(crate) fn millis_since(start: Instant) -> i32 {
    i32::try_from(start.elapsed().as_millis()).unwrap_or(i32::MAX)
}

pub(crate) fn statement_error(
    p: &Prepared,
    statement: &Statement,
    e: &postgres::Error,
    table: String,
) -> StatementError {
    let mut err = StatementError {
        script: p.m.script.clone(),
        line: statement.line,
        error_line: None,
        statement: statement.first_line().to_string(),
        sqlstate: None,
        message: pg_message(e),
        detail: None,
        hint: None,
        context: None,
        transactional: p.transactional,
        failed_row: None,
        table,
    };
    if let Some(d) = e.as_db_error() {
        err.message = d.message().to_string();
        err.sqlstate = Some(d.code().code().to_string());
        err.detail = d.detail().map(str::to_string);
        err.hint = d.hint().map(str::to_string);
        err.context = d.where_().map(str::to_string);
        if let Some(postgres::error::ErrorPosition::Original(pos)) = d.position() {
            err.error_line = Some(statement.line_of_position(*pos as usize));
        }
    }
    err
}

/// Run one prepared file and write its row: in one transaction with the row, or
/// statement by statement in autocommit (then a failure writes a `success = false` row).
pub(crate) fn run(
    p: &Prepared,
    config: &Config,
    session: &Session,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Applied, Error> {
    progress(&Progress::Applying {
        script: p.m.script.clone(),
        kind: p.kind,
        transactional: p.transactional,
        statements: p.statements.len(),
    });
    let mut result = run_inner(p, config, session);
    // A transactional file that failed on a concurrent write of a cluster-wide catalog
    // (roles and role settings are shared by every database of the cluster, and another
    // database may be migrating at the same moment) was rolled back whole: run it again.
    let mut attempt = 1;
    while p.transactional && attempt < CONCURRENT_CATALOG_ATTEMPTS {
        let Err(Error::Statement(e)) = &result else {
            break;
        };
        if !is_concurrent_catalog_write(e) {
            break;
        }
        attempt += 1;
        progress(&Progress::Retrying {
            script: p.m.script.clone(),
            reason: e.message.clone(),
        });
        std::thread::sleep(std::time::Duration::from_millis(200 * attempt as u64));
        result = run_inner(p, config, session);
    }
    match &result {
        Ok(a) => progress(&Progress::Applied {
            script: a.script.clone(),
            millis: a.millis,
        }),
        Err(_) => progress(&Progress::Failed {
            script: p.m.script.clone(),
        }),
    }
    result
}

/// Name prefixes of the unique indexes of the cluster-wide catalogs a migration writes
/// (roles, memberships, role settings, role comments): a duplicate key in one of them means
/// another database of the cluster wrote the same row at the same moment.
pub const SHARED_CATALOG_INDEXES: &[&str] = &[
    "pg_authid_",
    "pg_auth_members_",
    "pg_db_role_setting_",
    "pg_shdescription_",
];

/// How often a transactional file is tried when it meets a concurrent catalog write.
const CONCURRENT_CATALOG_ATTEMPTS: u32 = 4;

/// Whether a statement failed only because another transaction wrote the same row of a
/// cluster-wide catalog at the same time (`tuple concurrently updated`, or a unique index
/// of `pg_authid`, `pg_auth_members`, `pg_db_role_setting` or `pg_shdescription`): the
/// data is not at fault.
pub(crate) fn is_concurrent_catalog_write(e: &StatementError) -> bool {
    match e.sqlstate.as_deref() {
        Some("XX000") => {
            e.message == "tuple concurrently updated" || e.message == "tuple concurrently deleted"
        }
        Some("23505") => SHARED_CATALOG_INDEXES
            .iter()
            .any(|index| e.message.contains(&format!("\"{index}"))),
        _ => false,
    }
}

pub(crate) fn run_inner(
    p: &Prepared,
    config: &Config,
    session: &Session,
) -> Result<Applied, Error> {
    let mut client = migration_connection(config)?;
    let version = p.m.version.display().to_string();
    let row = |millis: i32, success: bool| NewRow {
        version: Some(&version),
        description: &p.m.description,
        kind: p.kind,
        script: &p.m.script,
        checksum: Some(p.m.checksum),
        installed_by: &session.installed_by,
        execution_time: millis,
        success,
    };
    let applied = |rank: i32, millis: i32| Applied {
        script: p.m.script.clone(),
        version: version.clone(),
        kind: p.kind,
        installed_rank: rank,
        millis,
        transactional: p.transactional,
        statements: p.statements.len(),
    };
    let conn = crate::tls::ConnInfo::parse_as(&config.database_url, config.user.as_deref())
        .map_err(Error::Connect)?;
    let token = client.cancel_token();
    let start = Instant::now();
    if p.transactional {
        let mut tx = client
            .transaction()
            .map_err(db(format!("{}: begin", p.m.script)))?;
        for s in &p.statements {
            if let Err(e) = execute(&mut tx, &token, &conn, &p.m.script, s) {
                // Dropping `tx` rolls back.
                return Err(Error::Statement(Box::new(statement_error(
                    p,
                    s,
                    &e,
                    config.history_table(),
                ))));
            }
        }
        let millis = millis_since(start);
        let rank = insert_row(&mut tx, config, &row(millis, true))?;
        tx.commit().map_err(|e| Error::Database {
            context: format!(
                "{}: COMMIT failed (everything was rolled back, no row was written)",
                p.m.script
            ),
            message: pg_message(&e),
        })?;
        Ok(applied(rank, millis))
    } else {
        for s in &p.statements {
            if let Err(e) = execute(&mut client, &token, &conn, &p.m.script, s) {
                let millis = millis_since(start);
                let mut err = statement_error(p, s, &e, config.history_table());
                err.failed_row = Some(
                    insert_row(&mut client, config, &row(millis, false)).map_err(|e| e.to_string()),
                );
                return Err(Error::Statement(Box::new(err)));
            }
        }
        let millis = millis_since(start);
        let rank = insert_row(&mut client, config, &row(millis, true))?;
        Ok(applied(rank, millis))
    }
}

pub(crate) fn refuse_failed(rows: &[HistoryRow], config: &Config) -> Result<(), Error> {
    let failed: Vec<String> = rows
        .iter()
        .filter(|r| !r.success)
        .map(|r| {
            format!(
                "{} {} (installed_rank {}, type {})",
                r.version
                    .as_deref()
                    .map_or("repeatable".to_string(), |v| format!("version {v}")),
                r.script,
                r.installed_rank,
                r.kind
            )
        })
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::FailedMigration {
            table: config.history_table(),
            failed,
        })
    }
}
