//! Connections: the main session and one fresh connection per migration.

use crate::Config;
use crate::error::{Error, db};
use crate::history::quote_ident;
use postgres::Client;

/// Connect as libpq would (see [`crate::tls`]); errors never show the password.
pub(crate) fn connect(config: &Config) -> Result<Client, Error> {
    crate::tls::ConnInfo::parse_as(&config.database_url, config.user.as_deref())
        .map_err(Error::Connect)?
        .with_login(None, config.password.as_ref().map(|p| p.0.as_str()))
        .connect()
        .map_err(Error::Connect)
}

/// The main connection: history reads and writes outside migrations.
pub(crate) struct Session {
    pub(crate) client: Client,
    pub(crate) installed_by: String,
    pub(crate) current_user: String,
    pub(crate) database: String,
    pub(crate) server_version_num: i32,
}

impl Session {
    pub(crate) fn open(config: &Config) -> Result<Session, Error> {
        let mut client = connect(config)?;
        let row = client
            .query_one(
                "SELECT current_user::text, current_database()::text, current_setting('server_version_num')::int",
                &[],
            )
            .map_err(db("read the session"))?;
        let current_user: String = row.get(0);
        Ok(Session {
            installed_by: config
                .installed_by
                .clone()
                .unwrap_or_else(|| current_user.clone()),
            current_user,
            database: row.get(1),
            server_version_num: row.get(2),
            client,
        })
    }
}
/// A fresh connection for one migration, with `search_path` set the way Flyway sets it:
/// the history schema first, then the original path (unless it already starts with it).
pub(crate) fn migration_connection(config: &Config) -> Result<Client, Error> {
    let mut client = connect(config)?;
    let original: String = client
        .query_one("SELECT current_setting('search_path')", &[])
        .map_err(db("read search_path"))?
        .get(0);
    let path = if original == config.schema || original.starts_with(&format!("{},", config.schema))
    {
        None
    } else if original.trim().is_empty() {
        Some(quote_ident(&config.schema))
    } else {
        Some(format!("{},{original}", quote_ident(&config.schema)))
    };
    if let Some(path) = path {
        client
            .execute("SELECT set_config('search_path', $1, false)", &[&path])
            .map_err(db("set search_path"))?;
    }
    Ok(client)
}
