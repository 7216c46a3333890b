//! `clean` (Flyway): drop everything in the configured schemas. Refused unless
//! `cleanDisabled=false`, Flyway's safety default.

use crate::Config;
use crate::connect::Session;
use crate::error::{Error, db};
use crate::history::quote_ident;
use crate::lock::LockGuard;

/// Drop the configured schemas (Flyway `schemas`, default: the history schema) with
/// everything in them, history table included, and create them again empty, in one
/// transaction under the advisory lock. Returns the schemas cleaned.
pub fn clean(config: &Config) -> Result<Vec<String>, Error> {
    if config.clean_disabled {
        return Err(Error::Refused(
            "clean is disabled: it drops every object in the configured schemas. Set cleanDisabled=false \
             (flyway.toml [flyway] cleanDisabled = false, FLYWAY_CLEAN_DISABLED=false) to allow it"
                .to_string(),
        ));
    }
    let schemas = if config.schemas.is_empty() {
        vec![config.schema.clone()]
    } else {
        config.schemas.clone()
    };
    let _lock = LockGuard::acquire(config, &mut |_| {})?;
    let mut session = Session::open(config)?;
    let mut tx = session.client.transaction().map_err(db("begin clean"))?;
    for s in &schemas {
        let q = quote_ident(s);
        tx.batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {q} CASCADE; CREATE SCHEMA {q}"
        ))
        .map_err(db(format!("clean schema {q}")))?;
    }
    tx.commit().map_err(db("commit clean"))?;
    Ok(schemas)
}
