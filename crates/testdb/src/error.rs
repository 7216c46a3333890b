use std::path::PathBuf;

/// Everything that can go wrong while obtaining or using a test database.
///
/// Messages are meant to be read by a developer whose test just failed, so
/// each one says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No directory with `initdb` and `postgres` could be found.
    #[error(
        "PostgreSQL server binaries not found; tried: {tried}. Install the `postgresql` \
         package (apt-get install postgresql), or set PG_BIN_DIR to the directory holding \
         initdb/postgres/psql, or set DATABASE_URL to an existing server"
    )]
    BinariesNotFound { tried: String },

    /// A client tool (psql, pg_dump, ...) could not be found.
    #[error(
        "PostgreSQL tool `{tool}` not found; tried: {tried}. Install the `postgresql` package \
         (apt-get install postgresql) or set PG_BIN_DIR to the directory holding it"
    )]
    ToolNotFound { tool: String, tried: String },

    /// PG_BIN_DIR (or the directory found otherwise) lacks a needed binary.
    #[error(
        "{dir} does not contain `{binary}`; set PG_BIN_DIR to a PostgreSQL server bin \
         directory (e.g. /usr/lib/postgresql/15/bin), install the `postgresql` package, \
         or set DATABASE_URL to an existing server"
    )]
    IncompleteBinDir { dir: PathBuf, binary: String },

    /// Running as root, but the server cannot be started as the `postgres` user.
    #[error(
        "running as root, so the PostgreSQL server must run as the `postgres` OS user, but {0}. \
         Install the `postgresql` package (it creates that user and ships setpriv's util-linux \
         dependency), run the tests as a non-root user, or set DATABASE_URL to an existing server"
    )]
    CannotDropRoot(String),

    /// DATABASE_URL could not be understood.
    #[error(
        "invalid DATABASE_URL: {0}; expected e.g. postgresql://user:password@localhost:5432/postgres \
         or \"host=/var/run/postgresql user=postgres\""
    )]
    BadDatabaseUrl(String),

    /// A file-system or process operation failed.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },

    /// A helper program (initdb, ...) exited unsuccessfully.
    #[error("{program} failed ({status}):\n{output}")]
    CommandFailed {
        program: String,
        status: String,
        output: String,
    },

    /// The ephemeral server did not come up.
    #[error(
        "PostgreSQL server did not start: {reason}\n--- server log {log} ---\n{log_tail}\n--- end of \
         server log ---\nIf this machine cannot run a server, set DATABASE_URL to an existing one"
    )]
    ServerStart {
        reason: String,
        log: PathBuf,
        log_tail: String,
    },

    /// A statement or connection failed. `message` is the full chain (see
    /// [`pg_error_message`]), since `postgres::Error`'s own Display says only
    /// "db error".
    #[error("{context}: {message}")]
    Postgres {
        context: String,
        message: String,
        #[source]
        source: postgres::Error,
    },

    /// psql exited unsuccessfully; `stderr` holds its messages (including
    /// PostgreSQL's `ERROR:` line).
    #[error("psql failed ({status}):\n{stderr}")]
    Psql { status: String, stderr: String },

    /// Starting or reaching the shared cluster failed earlier in this process;
    /// the message is the original error (it is not retried per test).
    #[error("no PostgreSQL server available: {0}")]
    ClusterUnavailable(String),
}

impl Error {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    pub(crate) fn pg(context: impl Into<String>, source: postgres::Error) -> Self {
        Error::Postgres {
            context: context.into(),
            message: pg_error_message(&source),
            source,
        }
    }
}

/// The whole message of a `postgres` crate error: its Display alone is just
/// "db error" or "error connecting to server", the server's `ERROR: ...`
/// (or the I/O cause) is in the source chain. Handy in tests' `expect`s.
pub fn pg_error_message(e: &postgres::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}
