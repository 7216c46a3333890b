//! Ephemeral, real PostgreSQL databases for tests. No mocks.
//!
//! ```no_run
//! let db = hims_testdb::TestDb::new();
//! let mut client = db.connect();
//! client.batch_execute("CREATE TABLE t (id int)").unwrap();
//! // the database is dropped (WITH (FORCE)) when `db` goes out of scope
//! ```
//!
//! Each [`TestDb`] is a fresh, empty database (created from `template0`) on
//! one server shared by the whole test process ([`cluster()`]):
//!
//! * with env `DATABASE_URL` set, that server;
//! * otherwise an ephemeral cluster that this process initialises in
//!   `hims-testdb-<pid>-<random>` under `$HIMS_TESTDB_TMPDIR`, else
//!   `/dev/shm` (when a tmpfs with >= 1 GiB free: much faster), else `/tmp`,
//!   and starts on first use, with durability switched off. As root, it runs
//!   as the `postgres` OS user.
//!   A detached watchdog stops it and deletes the directory once the test
//!   process has exited, however it exited (normally, panic, abort, kill).
//!
//! Roles are cluster-wide, so they are shared between the tests of a process
//! (and, with `DATABASE_URL`, between processes): tests that create roles must
//! do so idempotently, e.g.
//! `DO $$ BEGIN CREATE ROLE app LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
//! or use role names unique to the test.
//!
//! No server is never a reason to skip: [`TestDb::new`] panics with a message
//! that says how to get one.

mod bins;
mod certs;
mod cluster;
mod conninfo;
mod error;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

use postgres::{Client, NoTls};

pub use bins::{pg_bin_dir, pg_tool};
pub use certs::{openssl, test_certificates};
pub use cluster::{Cluster, TMPDIR_ENV, TlsServer, cluster};
pub use error::{Error, pg_error_message};

/// One fresh, empty database for one test; dropped (`WITH (FORCE)`, so open
/// connections do not prevent it) when the value is dropped.
#[derive(Debug)]
pub struct TestDb {
    cluster: &'static Cluster,
    name: String,
    conn_str: String,
}

impl TestDb {
    /// A new database. Panics with a clear, actionable message when no
    /// server can be obtained (tests never skip for lack of a server).
    #[track_caller]
    pub fn new() -> TestDb {
        match TestDb::try_new() {
            Ok(db) => db,
            Err(e) => panic!("hims-testdb: cannot create a test database: {e}"),
        }
    }

    pub fn try_new() -> Result<TestDb, Error> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let cluster = cluster()?;
        let name = format!(
            "hims_test_{}_{}_{:08x}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            random_u64() as u32
        );
        // Serialised by the admin connection's lock; template0 never has
        // connections, so the copy cannot fail with "being accessed".
        let sql = format!("CREATE DATABASE {} TEMPLATE template0", quote_ident(&name));
        cluster.with_admin(&format!("CREATE DATABASE {name}"), |c| {
            c.batch_execute(&sql)
        })?;
        Ok(TestDb {
            conn_str: cluster.conn_str_for(&name),
            cluster,
            name,
        })
    }

    /// Database name, unique: `hims_test_<pid>_<counter>_<random>`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The server this database lives on.
    pub fn cluster(&self) -> &'static Cluster {
        self.cluster
    }

    /// Key=value connection string for this database as the superuser, e.g.
    /// `host=/tmp/hims-testdb-1-ab port=54321 user=postgres dbname=hims_test_1_0_cd`.
    /// Accepted by libpq (psql `-d`) and `postgres::Client::connect`.
    pub fn conn_str(&self) -> &str {
        &self.conn_str
    }

    /// The same as a `postgresql://` URL, e.g.
    /// `postgresql://postgres@/hims_test_1_0_cd?host=%2Ftmp%2Fhims-testdb-1-ab&port=54321`
    /// for a Unix socket. Accepted by psql, the `postgres` crate and other drivers.
    pub fn url(&self) -> String {
        self.cluster.url_for(&self.name)
    }

    /// Connection string for this database as another login role, without
    /// a password (the ephemeral cluster trusts local connections).
    pub fn conn_str_as(&self, role: &str) -> String {
        self.cluster.conn_str_as(&self.name, role, None)
    }

    /// Like [`conn_str_as`](Self::conn_str_as), with a password (needed when
    /// `DATABASE_URL` points at a server that checks passwords).
    pub fn conn_str_as_with_password(&self, role: &str, password: &str) -> String {
        self.cluster.conn_str_as(&self.name, role, Some(password))
    }

    /// A superuser connection to this database. Panics with a message on failure.
    #[track_caller]
    pub fn connect(&self) -> Client {
        match self.try_connect() {
            Ok(c) => c,
            Err(e) => panic!("hims-testdb: {e}"),
        }
    }

    pub fn try_connect(&self) -> Result<Client, Error> {
        Client::connect(&self.conn_str, NoTls)
            .map_err(|e| Error::pg(format!("cannot connect to test database {}", self.name), e))
    }

    /// Run a SQL script with `psql -X -q -v ON_ERROR_STOP=1 -f <file>`
    /// against this database. The script stops at the first error; the
    /// `Err` then contains psql's stderr (with PostgreSQL's message).
    pub fn psql_file(&self, path: &Path) -> Result<(), Error> {
        let out = self
            .psql_command()?
            .arg("-f")
            .arg(path)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| Error::io("cannot run psql", e))?;
        check_psql(&out)?;
        Ok(())
    }

    /// Run SQL (any number of statements, psql meta-commands allowed) fed to
    /// psql on stdin, with the same flags as [`psql_file`](Self::psql_file);
    /// returns psql's stdout (default aligned format; use `\pset` or
    /// [`psql_command`](Self::psql_command) with `-At` for bare values).
    pub fn psql(&self, sql: &str) -> Result<String, Error> {
        let mut child = self
            .psql_command()?
            .args(["-f", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::io("cannot run psql", e))?;
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let sql = sql.to_owned();
        // Written from another thread so a large output cannot deadlock us.
        let writer = std::thread::spawn(move || stdin.write_all(sql.as_bytes()));
        let out = child
            .wait_with_output()
            .map_err(|e| Error::io("cannot run psql", e))?;
        // A write error means psql stopped reading; its exit status says why.
        let _ = writer.join();
        check_psql(&out)?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// `psql -X -q -v ON_ERROR_STOP=1 -d <conn_str>`, ready for more
    /// arguments (e.g. `-At -c "SELECT ..."`).
    pub fn psql_command(&self) -> Result<Command, Error> {
        let mut cmd = Command::new(pg_tool("psql")?);
        cmd.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d"])
            .arg(&self.conn_str);
        Ok(cmd)
    }
}

impl Default for TestDb {
    fn default() -> Self {
        TestDb::new()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let sql = format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            quote_ident(&self.name)
        );
        let result = self
            .cluster
            .with_admin(&format!("DROP DATABASE {}", self.name), |c| {
                c.batch_execute(&sql)
            });
        // Never panic in drop (it may run during a panic); an ephemeral
        // cluster is deleted at exit anyway.
        if let Err(e) = result {
            eprintln!("hims-testdb: warning: {e}");
        }
    }
}

fn check_psql(out: &std::process::Output) -> Result<(), Error> {
    if out.status.success() {
        return Ok(());
    }
    Err(Error::Psql {
        status: out.status.to_string(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Random enough for unique names, without a dependency: std's per-process
/// random hash keys, mixed with time and a counter.
pub(crate) fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(CALLS.fetch_add(1, Ordering::Relaxed));
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    h.finish()
}
