//! Flyway's advisory lock: its key and a guard that holds it on an idle connection.

use crate::connect::connect;
use crate::error::{Error, db};
use crate::execute::Progress;
use crate::history::quote_ident;
use crate::{Config, FLYWAY_LOCK_BASE};
use postgres::Client;
use std::time::Duration;

/// Java's `String.hashCode()`: `h = 31*h + c` over UTF-16 code units, wrapping.
pub fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(i32::from(c)))
}

/// Flyway's PostgreSQL advisory-lock key (§4): `0x466C79776179` plus the Java hash code of
/// the quoted, qualified table name, e.g. `"public"."flyway_schema_history"` →
/// 77433833903597.
pub fn lock_key(schema: &str, table: &str) -> i64 {
    let name = format!("{}.{}", quote_ident(schema), quote_ident(table));
    FLYWAY_LOCK_BASE + i64::from(java_string_hash(&name))
}
/// Flyway's advisory lock, held as a session lock on its own idle connection and released
/// when dropped (and by the server if the process dies).
pub(crate) struct LockGuard {
    pub(crate) client: Client,
    pub(crate) key: i64,
}

impl LockGuard {
    pub(crate) fn acquire(
        config: &Config,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<LockGuard, Error> {
        let mut client = connect(config)?;
        let key = config.lock_key();
        let mut retries = 0;
        loop {
            let got: bool = client
                .query_one("SELECT pg_try_advisory_lock($1)", &[&key])
                .map_err(db("take the advisory lock"))?
                .get(0);
            if got {
                return Ok(LockGuard { client, key });
            }
            if config.lock_retry_count >= 0 && retries >= config.lock_retry_count {
                // Advisory locks on a bigint show in pg_locks as (classid, objid) = the
                // high and low 32 bits, objsubid 1; they are per database.
                let holders = client
                    .query(
                        "SELECT pid FROM pg_catalog.pg_locks WHERE locktype = 'advisory' AND granted \
                         AND classid = $1 AND objid = $2 AND objsubid = 1 \
                         AND database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) ORDER BY pid",
                        &[&((key >> 32) as u32), &(key as u32)],
                    )
                    .map(|rows| rows.iter().map(|r| r.get::<_, i32>(0)).collect())
                    .unwrap_or_default();
                return Err(Error::Lock {
                    key,
                    table: config.history_table(),
                    retries,
                    holders,
                });
            }
            if retries == 0 {
                progress(&Progress::WaitingForLock {
                    key,
                    table: config.history_table(),
                });
            }
            retries += 1;
            std::thread::sleep(Duration::from_secs(1));
        }
    }
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        // Closing the connection releases it too; errors cannot be reported from drop.
        let _ = self
            .client
            .execute("SELECT pg_advisory_unlock($1)", &[&self.key]);
    }
}
