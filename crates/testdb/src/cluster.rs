//! The one server shared by all test databases of a process: either the one
//! named by `DATABASE_URL`, or an ephemeral cluster started on first use.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::DirBuilderExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use postgres::{Client, NoTls};

use crate::bins::{find_in_path, is_executable, pg_bin_dir};
use crate::conninfo::{Endpoint, Login, parse_database_url};
use crate::{Error, random_u64};

/// The superuser created by `initdb -U`.
const SUPERUSER: &str = "postgres";
/// How long the server may take to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// Server start attempts (each on another port) before giving up.
const START_ATTEMPTS: usize = 3;

/// The server shared by all [`TestDb`](crate::TestDb)s of this process.
///
/// Roles are cluster-wide: a test that creates a role must do so
/// idempotently (e.g. in a `DO` block that checks `pg_roles`, or with a name
/// unique to the test), since other tests, and with `DATABASE_URL` other
/// processes, share the cluster.
pub struct Cluster {
    endpoint: Endpoint,
    superuser: String,
    password: Option<String>,
    maintenance_db: String,
    bin_dir: Option<PathBuf>,
    ephemeral: Option<Ephemeral>,
    /// One maintenance connection, reused; its lock also serialises
    /// CREATE/DROP DATABASE.
    admin: Mutex<Option<Client>>,
}

/// What only an ephemeral cluster has.
struct Ephemeral {
    base_dir: PathBuf,
    data_dir: PathBuf,
    log_file: PathBuf,
    pid: u32,
}

impl fmt::Debug for Cluster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cluster")
            .field("host", &self.endpoint.host)
            .field("port", &self.endpoint.port)
            .field("superuser", &self.superuser)
            .field("maintenance_db", &self.maintenance_db)
            .field("bin_dir", &self.bin_dir)
            .field("data_dir", &self.data_dir())
            .finish_non_exhaustive()
    }
}

/// The cluster shared by all `TestDb`s of this process, started lazily and
/// once. With env `DATABASE_URL` set, that server is used instead (and
/// must accept CREATE DATABASE / DROP DATABASE from its user).
///
/// If starting fails, every later call fails with the same message instead
/// of trying again.
pub fn cluster() -> Result<&'static Cluster, Error> {
    static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
    CLUSTER
        .get_or_init(|| Cluster::obtain().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|msg| Error::ClusterUnavailable(msg.clone()))
}

impl Cluster {
    /// Socket directory (ephemeral cluster) or host name.
    pub fn host(&self) -> &str {
        &self.endpoint.host
    }

    pub fn port(&self) -> u16 {
        self.endpoint.port
    }

    /// The role test databases are created and accessed as.
    pub fn superuser(&self) -> &str {
        &self.superuser
    }

    /// The superuser's password, if DATABASE_URL gave one (the ephemeral
    /// cluster trusts every local connection).
    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    /// The PostgreSQL bin directory; `None` only when DATABASE_URL is used on
    /// a machine without server binaries.
    pub fn bin_dir(&self) -> Option<&Path> {
        self.bin_dir.as_deref()
    }

    /// Whether this process started the server (as opposed to DATABASE_URL).
    pub fn is_ephemeral(&self) -> bool {
        self.ephemeral.is_some()
    }

    /// The ephemeral cluster's temporary directory (socket, data, log); it is
    /// removed when the process exits.
    pub fn base_dir(&self) -> Option<&Path> {
        self.ephemeral.as_ref().map(|e| e.base_dir.as_path())
    }

    pub fn data_dir(&self) -> Option<&Path> {
        self.ephemeral.as_ref().map(|e| e.data_dir.as_path())
    }

    /// The ephemeral server's log (stderr), useful when debugging a test.
    pub fn log_file(&self) -> Option<&Path> {
        self.ephemeral.as_ref().map(|e| e.log_file.as_path())
    }

    /// Process id of the ephemeral postmaster.
    pub fn server_pid(&self) -> Option<u32> {
        self.ephemeral.as_ref().map(|e| e.pid)
    }

    /// Connection string (key=value form) for the maintenance database
    /// (`postgres`, or the database named in DATABASE_URL) as the superuser.
    pub fn admin_conn_str(&self) -> String {
        self.conn_str_for(&self.maintenance_db)
    }

    /// `postgresql://` URL form of [`admin_conn_str`](Self::admin_conn_str).
    pub fn admin_url(&self) -> String {
        self.url_for(&self.maintenance_db)
    }

    /// Connection string for any database of this cluster, as the superuser.
    pub fn conn_str_for(&self, dbname: &str) -> String {
        self.endpoint.key_value(&self.superuser_login(dbname))
    }

    /// URL for any database of this cluster, as the superuser.
    pub fn url_for(&self, dbname: &str) -> String {
        self.endpoint.url(&self.superuser_login(dbname))
    }

    /// Connection string for `dbname` as another login role.
    pub fn conn_str_as(&self, dbname: &str, role: &str, password: Option<&str>) -> String {
        self.endpoint.key_value(&Login {
            user: role,
            password,
            dbname,
        })
    }

    fn superuser_login<'a>(&'a self, dbname: &'a str) -> Login<'a> {
        Login {
            user: &self.superuser,
            password: self.password.as_deref(),
            dbname,
        }
    }

    fn obtain() -> Result<Cluster, Error> {
        match std::env::var("DATABASE_URL") {
            Ok(url) if !url.trim().is_empty() => Cluster::external(&url),
            _ => Cluster::start_ephemeral(),
        }
    }

    fn external(url: &str) -> Result<Cluster, Error> {
        let parsed = parse_database_url(url)?;
        let cluster = Cluster {
            endpoint: parsed.endpoint,
            superuser: parsed.user,
            password: parsed.password,
            maintenance_db: parsed.dbname,
            bin_dir: pg_bin_dir().ok(),
            ephemeral: None,
            admin: Mutex::new(None),
        };
        // Fail here, once, with a clear message rather than in every test.
        let client = Client::connect(&cluster.admin_conn_str(), NoTls)
            .map_err(|e| Error::pg("cannot connect to DATABASE_URL", e))?;
        *cluster.admin.lock().unwrap_or_else(PoisonError::into_inner) = Some(client);
        Ok(cluster)
    }

    /// Run `f` on the shared maintenance connection, reconnecting once if the
    /// connection was lost (e.g. a test terminated it).
    pub(crate) fn with_admin<T>(
        &self,
        what: &str,
        f: impl Fn(&mut Client) -> Result<T, postgres::Error>,
    ) -> Result<T, Error> {
        let mut guard = self.admin.lock().unwrap_or_else(PoisonError::into_inner);
        let mut retried = false;
        loop {
            if guard.as_ref().is_none_or(Client::is_closed) {
                let client = Client::connect(&self.admin_conn_str(), NoTls)
                    .map_err(|e| Error::pg("cannot connect to the maintenance database", e))?;
                *guard = Some(client);
            }
            let client = guard.as_mut().expect("connected above");
            match f(client) {
                Ok(v) => return Ok(v),
                Err(_) if !retried && client.is_closed() => retried = true,
                Err(e) => return Err(Error::pg(what, e)),
            }
        }
    }

    fn start_ephemeral() -> Result<Cluster, Error> {
        let bin_dir = pg_bin_dir()?;
        for binary in ["initdb", "postgres"] {
            if !is_executable(&bin_dir.join(binary)) {
                return Err(Error::IncompleteBinDir {
                    dir: bin_dir,
                    binary: binary.into(),
                });
            }
        }
        let run_as = RunAs::detect()?;
        let base_dir = make_base_dir(&run_as)?;
        // Before anything else can fail or leave processes behind: from here
        // on, the watchdog removes everything once this process is gone.
        spawn_watchdog(&base_dir)?;

        let data_dir = base_dir.join("data");
        let log_file = base_dir.join("postgres.log");
        initdb(&bin_dir, &run_as, &base_dir, &data_dir)?;

        let mut failures = Vec::new();
        for _ in 0..START_ATTEMPTS {
            let port = pick_port(&base_dir);
            let endpoint = Endpoint {
                host: base_dir.to_string_lossy().into_owned(),
                port,
                extra: Vec::new(),
            };
            let mut child = spawn_postgres(&bin_dir, &run_as, &base_dir, &data_dir, port, &[])?;
            // The watchdog reads this to know what to stop.
            fs::write(base_dir.join("server.pid"), child.id().to_string())
                .map_err(|e| Error::io("cannot write server.pid", e))?;
            let mut cluster = Cluster {
                endpoint,
                superuser: SUPERUSER.into(),
                password: None,
                maintenance_db: "postgres".into(),
                bin_dir: Some(bin_dir.clone()),
                ephemeral: Some(Ephemeral {
                    base_dir: base_dir.clone(),
                    data_dir: data_dir.clone(),
                    log_file: log_file.clone(),
                    pid: child.id(),
                }),
                admin: Mutex::new(None),
            };
            match wait_ready(&mut child, &cluster.admin_conn_str()) {
                Ready::Yes(client) => {
                    cluster.admin = Mutex::new(Some(*client));
                    return Ok(cluster);
                }
                // Most likely the port; try another one.
                Ready::Exited(status) => {
                    failures.push(format!("port {port}: postgres exited with {status}"));
                }
                Ready::TimedOut(last) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    failures.push(format!(
                        "port {port}: not accepting connections after {}s (last error: {last})",
                        START_TIMEOUT.as_secs()
                    ));
                    break;
                }
            }
        }
        Err(Error::ServerStart {
            reason: failures.join("; "),
            log_tail: log_tail(&log_file),
            log: log_file,
        })
    }
}

/// Which OS user runs initdb and postgres: they refuse to run as root.
enum RunAs {
    CurrentUser,
    Postgres {
        uid: u32,
        gid: u32,
        setpriv: PathBuf,
    },
}

impl RunAs {
    fn detect() -> Result<RunAs, Error> {
        if effective_uid()? != 0 {
            return Ok(RunAs::CurrentUser);
        }
        let (uid, gid) = lookup_user("postgres")
            .ok_or_else(|| Error::CannotDropRoot("the OS user `postgres` does not exist".into()))?;
        // setpriv execs in place (runuser/su fork), so the child's pid is the
        // postmaster's pid, which the watchdog needs.
        let setpriv = find_in_path("setpriv")
            .or_else(|| Some(PathBuf::from("/usr/bin/setpriv")).filter(|p| is_executable(p)))
            .ok_or_else(|| {
                Error::CannotDropRoot("`setpriv` (from util-linux) is not installed".into())
            })?;
        Ok(RunAs::Postgres { uid, gid, setpriv })
    }

    fn command(&self, program: &Path) -> Command {
        match self {
            RunAs::CurrentUser => Command::new(program),
            RunAs::Postgres { uid, gid, setpriv } => {
                let mut cmd = Command::new(setpriv);
                cmd.arg(format!("--reuid={uid}"))
                    .arg(format!("--regid={gid}"))
                    .arg("--init-groups")
                    .arg("--")
                    .arg(program);
                cmd
            }
        }
    }
}

/// Effective uid from /proc (no libc dependency), falling back to `id -u`.
fn effective_uid() -> Result<u32, Error> {
    if let Ok(status) = fs::read_to_string("/proc/self/status") {
        // "Uid:\treal\teffective\tsaved\tfs"
        let euid = status
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|rest| rest.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok());
        if let Some(euid) = euid {
            return Ok(euid);
        }
    }
    id_number(&["-u"]).ok_or_else(|| {
        Error::io(
            "cannot determine the current user id",
            std::io::Error::other("neither /proc/self/status nor `id -u` worked"),
        )
    })
}

/// uid and gid of `user`, from /etc/passwd or else `id` (NSS users).
fn lookup_user(user: &str) -> Option<(u32, u32)> {
    let from_passwd = fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|passwd| passwd.lines().find_map(|line| passwd_ids(line, user)));
    from_passwd.or_else(|| Some((id_number(&["-u", user])?, id_number(&["-g", user])?)))
}

/// uid and gid from an /etc/passwd line (`name:x:uid:gid:...`) for `user`.
fn passwd_ids(line: &str, user: &str) -> Option<(u32, u32)> {
    let mut fields = line.split(':');
    if fields.next()? != user {
        return None;
    }
    let _password = fields.next()?;
    Some((fields.next()?.parse().ok()?, fields.next()?.parse().ok()?))
}

fn id_number(args: &[&str]) -> Option<u32> {
    let out = Command::new("id").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// Env var naming the directory to create the cluster directory in.
pub const TMPDIR_ENV: &str = "HIMS_TESTDB_TMPDIR";
/// /dev/shm is used only with at least this much room (Docker's default is 64 MiB).
const MIN_SHM_KIB: u64 = 1024 * 1024;
/// Unix socket paths are limited to 107 bytes.
const MAX_SOCKET_PATH: usize = 100;

/// Where the cluster directory goes: $HIMS_TESTDB_TMPDIR if set; else
/// /dev/shm if it is a large enough tmpfs, since creating files there is
/// several times faster than on disk and that dominates initdb and CREATE
/// DATABASE; else /tmp. Not $TMPDIR: it may be long (socket path limit) or
/// unreachable for the `postgres` user.
fn parent_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(TMPDIR_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    let shm = Path::new("/dev/shm");
    if shm.is_dir() && available_kib(shm).is_some_and(|kib| kib >= MIN_SHM_KIB) {
        return shm.to_path_buf();
    }
    PathBuf::from("/tmp")
}

/// Free space via `df` (avoids a libc dependency for statvfs).
fn available_kib(dir: &Path) -> Option<u64> {
    let out = Command::new("df").arg("-Pk").arg(dir).output().ok()?;
    if !out.status.success() {
        return None;
    }
    // "Filesystem 1024-blocks Used Available Capacity Mounted on", then one line.
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().nth(1)?.split_whitespace().nth(3)?.parse().ok()
}

/// A fresh private directory (socket, data, log) under [`parent_dir`],
/// owned by whoever runs the server.
fn make_base_dir(run_as: &RunAs) -> Result<PathBuf, Error> {
    let parent = parent_dir();
    let mut last_err = None;
    for _ in 0..10 {
        let dir = parent.join(format!(
            "hims-testdb-{}-{:08x}",
            std::process::id(),
            random_u64() as u32
        ));
        if dir.as_os_str().len() + ".s.PGSQL.65535".len() + 1 > MAX_SOCKET_PATH {
            return Err(Error::io(
                format!("{} is too long for a Unix socket path", dir.display()),
                std::io::Error::other(format!("set {TMPDIR_ENV} to a shorter directory")),
            ));
        }
        match fs::DirBuilder::new().mode(0o700).create(&dir) {
            Ok(()) => {
                if let RunAs::Postgres { uid, gid, .. } = run_as {
                    std::os::unix::fs::chown(&dir, Some(*uid), Some(*gid))
                        .map_err(|e| Error::io(format!("cannot chown {}", dir.display()), e))?;
                }
                return Ok(dir);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last_err = Some(e),
            Err(e) => return Err(Error::io(format!("cannot create {}", dir.display()), e)),
        }
    }
    Err(Error::io(
        format!("cannot create a unique directory in {}", parent.display()),
        last_err.unwrap_or_else(|| std::io::Error::other("unknown")),
    ))
}

/// Waits while the test process ($1) lives (and is not a zombie), then stops
/// the postmaster whose pid is in $2/server.pid and deletes $2. SIGQUIT is
/// an immediate shutdown: nothing in the cluster is worth saving.
const WATCHDOG_SCRIPT: &str = r#"
parent=$1
dir=$2
alive() {
    kill -0 "$1" 2>/dev/null || return 1
    stat=
    read -r stat < "/proc/$1/stat" 2>/dev/null || return 0
    stat=${stat##*") "}
    [ "${stat%% *}" != Z ]
}
while alive "$parent"; do sleep 0.5; done
if [ -f "$dir/server.pid" ]; then
    pid=$(cat "$dir/server.pid")
    kill -QUIT "$pid" 2>/dev/null
    n=0
    while alive "$pid" && [ "$n" -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null; fi
fi
rm -rf "$dir"
"#;

/// Statics are never dropped and a test process may abort, so cleanup is
/// done from outside: a detached `sh` that outlives this process.
fn spawn_watchdog(base_dir: &Path) -> Result<(), Error> {
    Command::new("sh")
        .arg("-c")
        .arg(WATCHDOG_SCRIPT)
        .arg("hims-testdb-watchdog")
        .arg(std::process::id().to_string())
        .arg(base_dir)
        // Keep no pipe of the test harness open, and stay out of the
        // terminal's process group so Ctrl-C does not kill the watchdog.
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| Error::io("cannot spawn the cleanup watchdog (sh)", e))?;
    // The Child handle is dropped on purpose: dropping neither kills nor
    // waits, and the watchdog must outlive us.
    Ok(())
}

fn initdb(bin_dir: &Path, run_as: &RunAs, base_dir: &Path, data_dir: &Path) -> Result<(), Error> {
    let out = run_as
        .command(&bin_dir.join("initdb"))
        .arg("-D")
        .arg(data_dir)
        .args(["-A", "trust", "-U", SUPERUSER, "--no-sync", "-E", "UTF8"])
        .arg("--locale=C")
        // The test's working directory may be unreadable for `postgres`.
        .current_dir(base_dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::io("cannot run initdb", e))?;
    if out.status.success() {
        return Ok(());
    }
    Err(Error::CommandFailed {
        program: format!(
            "{} -D {}",
            bin_dir.join("initdb").display(),
            data_dir.display()
        ),
        status: out.status.to_string(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    })
}

/// A random port whose socket file does not exist yet. With
/// `listen_addresses=''` only the Unix socket in our own directory is
/// created, so TCP port usage does not matter.
fn pick_port(socket_dir: &Path) -> u16 {
    loop {
        let port = 20000 + (random_u64() % 40000) as u16;
        let socket = socket_dir.join(format!(".s.PGSQL.{port}"));
        let lock = socket_dir.join(format!(".s.PGSQL.{port}.lock"));
        if !socket.exists() && !lock.exists() {
            return port;
        }
    }
}

fn spawn_postgres(
    bin_dir: &Path,
    run_as: &RunAs,
    base_dir: &Path,
    data_dir: &Path,
    port: u16,
    extra: &[String],
) -> Result<Child, Error> {
    let log_path = base_dir.join("postgres.log");
    // Append, so that the log of a failed attempt survives the retry.
    let log = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log_path)
        .map_err(|e| Error::io(format!("cannot open {}", log_path.display()), e))?;
    let log2 = log
        .try_clone()
        .map_err(|e| Error::io("cannot duplicate the log file handle", e))?;
    run_as
        .command(&bin_dir.join("postgres"))
        .arg("-D")
        .arg(data_dir)
        .arg("-k")
        .arg(base_dir)
        .arg("-p")
        .arg(port.to_string())
        .args(["-c", "listen_addresses="])
        // Durability is pointless for a throw-away cluster.
        .args(["-c", "fsync=off"])
        .args(["-c", "synchronous_commit=off"])
        .args(["-c", "full_page_writes=off"])
        .args(["-c", "max_connections=200"])
        .args(["-c", "shared_buffers=128MB"])
        .args(extra.iter().flat_map(|e| ["-c", e.as_str()]))
        .current_dir(base_dir)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log2)
        // Like the watchdog: Ctrl-C goes to the test only; the watchdog then
        // stops the server.
        .process_group(0)
        .spawn()
        .map_err(|e| Error::io("cannot start postgres", e))
}

enum Ready {
    Yes(Box<Client>),
    Exited(std::process::ExitStatus),
    TimedOut(String),
}

fn wait_ready(child: &mut Child, conn_str: &str) -> Ready {
    let deadline = Instant::now() + START_TIMEOUT;
    let conn_str = format!("{conn_str} connect_timeout=5");
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Ready::Exited(status);
        }
        let last_err = match Client::connect(&conn_str, NoTls) {
            Ok(client) => return Ready::Yes(Box::new(client)),
            Err(e) => e.to_string(),
        };
        if Instant::now() >= deadline {
            return Ready::TimedOut(last_err);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The last ~8 KiB of the server log, for error messages.
fn log_tail(path: &Path) -> String {
    const MAX: u64 = 8192;
    let Ok(mut f) = File::open(path) else {
        return "(no log)".into();
    };
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let _ = f.seek(SeekFrom::Start(len.saturating_sub(MAX)));
    let mut buf = Vec::new();
    let _ = f.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// A server of its own that accepts TCP connections only over TLS (`ssl=on`, a
/// `hostssl`-only `pg_hba.conf` on 127.0.0.1; plaintext TCP has no entry and is refused),
/// for tests of TLS clients. The certificate and key are the test's own (e.g. made with
/// the `openssl` CLI); the Unix socket stays open (trust) for the test's own setup.
/// Stopped when dropped, and by the watchdog if the process dies.
pub struct TlsServer {
    base_dir: PathBuf,
    port: u16,
    child: Child,
}

impl TlsServer {
    /// Start it with `cert_pem`/`key_pem` as the server's certificate and key. With
    /// `client_ca`, connections of the role `certuser` must present a certificate it signed
    /// (`hostssl … cert`).
    pub fn start(
        cert_pem: &Path,
        key_pem: &Path,
        client_ca: Option<&Path>,
    ) -> Result<TlsServer, Error> {
        let bin_dir = pg_bin_dir()?;
        let run_as = RunAs::detect()?;
        let base_dir = make_base_dir(&run_as)?;
        spawn_watchdog(&base_dir)?;
        let data_dir = base_dir.join("data");
        initdb(&bin_dir, &run_as, &base_dir, &data_dir)?;
        let own = |path: &Path, mode: u32| -> Result<(), Error> {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(path, fs::Permissions::from_mode(mode))
                .map_err(|e| Error::io(format!("cannot chmod {}", path.display()), e))?;
            if let RunAs::Postgres { uid, gid, .. } = &run_as {
                std::os::unix::fs::chown(path, Some(*uid), Some(*gid))
                    .map_err(|e| Error::io(format!("cannot chown {}", path.display()), e))?;
            }
            Ok(())
        };
        let copy = |from: &Path, name: &str| -> Result<PathBuf, Error> {
            let to = base_dir.join(name);
            fs::copy(from, &to)
                .map_err(|e| Error::io(format!("cannot copy {}", from.display()), e))?;
            own(&to, 0o600)?;
            Ok(to)
        };
        let cert = copy(cert_pem, "server.crt")?;
        let key = copy(key_pem, "server.key")?;
        let mut hba = String::from("local all all trust\n");
        let mut extra = vec![
            "ssl=on".to_string(),
            format!("ssl_cert_file={}", cert.display()),
            format!("ssl_key_file={}", key.display()),
        ];
        if let Some(ca) = client_ca {
            let ca = copy(ca, "client_ca.crt")?;
            extra.push(format!("ssl_ca_file={}", ca.display()));
            hba.push_str("hostssl all certuser 127.0.0.1/32 cert\n");
        }
        hba.push_str("hostssl all all 127.0.0.1/32 trust\n");
        let hba_file = data_dir.join("pg_hba.conf");
        fs::write(&hba_file, hba).map_err(|e| Error::io("cannot write pg_hba.conf", e))?;
        own(&hba_file, 0o600)?;
        let mut failures = Vec::new();
        for _ in 0..START_ATTEMPTS {
            let port = pick_port(&base_dir);
            let mut args = extra.clone();
            args.push("listen_addresses=127.0.0.1".to_string());
            let mut child = spawn_postgres(&bin_dir, &run_as, &base_dir, &data_dir, port, &args)?;
            fs::write(base_dir.join("server.pid"), child.id().to_string())
                .map_err(|e| Error::io("cannot write server.pid", e))?;
            let local = format!(
                "host={} port={port} user={SUPERUSER} dbname=postgres",
                base_dir.display()
            );
            match wait_ready(&mut child, &local) {
                Ready::Yes(_) => {
                    return Ok(TlsServer {
                        base_dir,
                        port,
                        child,
                    });
                }
                Ready::Exited(status) => {
                    failures.push(format!("port {port}: postgres exited with {status}"))
                }
                Ready::TimedOut(last) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    failures.push(format!("port {port}: not ready ({last})"));
                    break;
                }
            }
        }
        Err(Error::ServerStart {
            reason: failures.join("; "),
            log_tail: log_tail(&base_dir.join("postgres.log")),
            log: base_dir.join("postgres.log"),
        })
    }

    /// The TCP port (on 127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The superuser initdb created.
    pub fn superuser(&self) -> &str {
        SUPERUSER
    }

    /// A key=value connection string over the Unix socket (no TLS), for setup.
    pub fn local_conn_str(&self, dbname: &str) -> String {
        format!(
            "host={} port={} user={SUPERUSER} dbname={dbname}",
            self.base_dir.display(),
            self.port
        )
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwd_lines() {
        let line = "postgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash";
        assert_eq!(passwd_ids(line, "postgres"), Some((101, 104)));
        assert_eq!(passwd_ids(line, "postgre"), None);
        assert_eq!(passwd_ids("postgres:x:bad:1:", "postgres"), None);
    }

    #[test]
    fn finds_own_uid() {
        assert_eq!(effective_uid().unwrap(), id_number(&["-u"]).unwrap());
    }
}
