//! Connection strings and TLS the way libpq reads them: `postgresql://` URLs, JDBC URLs
//! (`jdbc:postgresql://host:port/db?sslmode=…`) and `key=value` strings; the `PG*`
//! variables as defaults; `sslmode` disable/allow/prefer/require/verify-ca/verify-full with
//! `sslrootcert`, `sslcert`, `sslkey` (OpenSSL through `postgres-openssl`); passwords from
//! the string, `PGPASSWORD` or `~/.pgpass`. A password is never part of any message:
//! [`ConnInfo::redacted`] is what errors print.
//!
//! Shared by every connection the tools open: the runner (`hims-migrate`, `cargo xtask
//! migrate` …) and `hims-pg` (`cargo xtask drift`, `import`).

use openssl::ssl::{SslConnector, SslFiletype, SslMethod, SslVerifyMode};
use postgres::Client;
use postgres::config::SslMode as DriverSslMode;
use postgres_openssl::MakeTlsConnector;
use std::path::{Path, PathBuf};

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(s: &str) -> Result<SslMode, String> {
        Ok(match s {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => {
                return Err(format!(
                    "invalid sslmode {s:?}: use disable, allow, prefer, require, verify-ca or verify-full"
                ));
            }
        })
    }

    fn name(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

/// A parsed connection string with every default applied.
#[derive(Clone)]
pub struct ConnInfo {
    pub host: String,
    pub port: u16,
    pub user: String,
    password: Option<String>,
    pub dbname: String,
    pub sslmode: SslMode,
    pub sslrootcert: Option<PathBuf>,
    pub sslcert: Option<PathBuf>,
    pub sslkey: Option<PathBuf>,
    pub application_name: Option<String>,
    pub connect_timeout: Option<u64>,
    pub options: Option<String>,
}

impl std::fmt::Debug for ConnInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| "invalid percent-encoding in the connection URL".to_string())?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "the connection URL is not UTF-8".to_string())
}

/// The (key, value) pairs of a URL (`postgresql://`, `postgres://`, `jdbc:postgresql:`).
fn url_pairs(url: &str) -> Result<Vec<(String, String)>, String> {
    let rest = url.strip_prefix("jdbc:").unwrap_or(url);
    let jdbc = rest.len() != url.len();
    let rest = rest
        .strip_prefix("postgresql:")
        .or_else(|| rest.strip_prefix("postgres:"))
        .ok_or_else(|| {
            "a connection URL starts with postgresql://, postgres:// or jdbc:postgresql://"
                .to_string()
        })?;
    let mut pairs = Vec::new();
    let (main, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, path) = match main.strip_prefix("//") {
        Some(a) => a.split_once('/').unwrap_or((a, "")),
        // jdbc:postgresql:db
        None => ("", main),
    };
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    if let Some(u) = userinfo {
        let (user, password) = u.split_once(':').unwrap_or((u, ""));
        if !user.is_empty() {
            pairs.push(("user".into(), percent_decode(user)?));
        }
        if u.contains(':') {
            pairs.push(("password".into(), percent_decode(password)?));
        }
    }
    if !hostport.is_empty() {
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            let (h, p) = v6.split_once(']').ok_or("unclosed [ in the host")?;
            (h.to_string(), p.strip_prefix(':').unwrap_or("").to_string())
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h.to_string(), p.to_string()),
                None => (hostport.to_string(), String::new()),
            }
        };
        if !host.is_empty() {
            pairs.push(("host".into(), percent_decode(&host)?));
        }
        if !port.is_empty() {
            pairs.push(("port".into(), port));
        }
    }
    if !path.is_empty() {
        pairs.push(("dbname".into(), percent_decode(path)?));
    }
    for kv in query.split('&').filter(|kv| !kv.is_empty()) {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        let (k, v) = (percent_decode(k)?, percent_decode(v)?);
        // pgjdbc spellings.
        let k = match k.as_str() {
            "ApplicationName" => "application_name".to_string(),
            "connectTimeout" => "connect_timeout".to_string(),
            "ssl" if jdbc => {
                // pgjdbc: ssl=true without sslmode means verify-full.
                if v == "true" {
                    pairs.push(("ssl".into(), v));
                }
                continue;
            }
            _ => k,
        };
        pairs.push((k, v));
    }
    if jdbc && pairs.iter().any(|(k, _)| k == "ssl") {
        pairs.retain(|(k, _)| k != "ssl");
        if !pairs.iter().any(|(k, _)| k == "sslmode") {
            pairs.push(("sslmode".into(), "verify-full".into()));
        }
    }
    Ok(pairs)
}

/// libpq `key=value` pairs: values may be single-quoted with `\'` and `\\` escapes.
fn keyword_pairs(s: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(pairs);
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.next() != Some('=') {
            return Err(format!(
                "missing \"=\" after {key:?} in the connection string"
            ));
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'\'') {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err(format!("unterminated quoted value of {key:?}")),
                    Some('\\') => value.extend(chars.next()),
                    Some('\'') => break,
                    Some(c) => value.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                chars.next();
                if c == '\\' {
                    value.extend(chars.next());
                } else {
                    value.push(c);
                }
            }
        }
        pairs.push((key, value));
    }
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// A password from a `.pgpass` file: `host:port:database:user:password`, `*` matches
/// anything, `\:` and `\\` escape; a Unix-socket host matches `localhost`.
pub fn pgpass_lookup(text: &str, host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    let host = if host.starts_with('/') {
        "localhost"
    } else {
        host
    };
    let port = port.to_string();
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = vec![String::new()];
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => fields.last_mut().unwrap().extend(chars.next()),
                ':' if fields.len() < 5 => fields.push(String::new()),
                c => fields.last_mut().unwrap().push(c),
            }
        }
        if fields.len() != 5 {
            continue;
        }
        let matches = |f: &str, v: &str| f == "*" || f == v;
        if matches(&fields[0], host)
            && matches(&fields[1], &port)
            && matches(&fields[2], db)
            && matches(&fields[3], user)
        {
            return Some(fields[4].clone());
        }
    }
    None
}

impl ConnInfo {
    /// Parse a connection string, then fill what it leaves out from the `PG*` variables,
    /// libpq's defaults and `~/.pgpass` (or `PGPASSFILE`).
    pub fn parse(conn: &str) -> Result<ConnInfo, String> {
        ConnInfo::parse_as(conn, None)
    }

    /// [`ConnInfo::parse`] with `user` over the string's (Flyway's `user` setting).
    pub fn parse_as(conn: &str, user: Option<&str>) -> Result<ConnInfo, String> {
        let conn = conn.trim();
        let pairs = if conn.contains("://")
            || conn.starts_with("jdbc:")
            || conn.starts_with("postgres") && conn.contains(':') && !conn.contains('=')
        {
            url_pairs(conn)?
        } else {
            keyword_pairs(conn)?
        };
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let get = |k: &str| {
            pairs
                .iter()
                .rev()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        };
        let unknown: Vec<&str> = pairs
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| {
                !matches!(
                    *k,
                    "host"
                        | "hostaddr"
                        | "port"
                        | "user"
                        | "password"
                        | "dbname"
                        | "sslmode"
                        | "sslrootcert"
                        | "sslcert"
                        | "sslkey"
                        | "application_name"
                        | "connect_timeout"
                        | "options"
                )
            })
            .collect();
        if !unknown.is_empty() {
            return Err(format!(
                "unknown connection option(s): {}",
                unknown.join(", ")
            ));
        }
        let host = get("host")
            .or_else(|| get("hostaddr"))
            .or_else(|| env("PGHOST"))
            .unwrap_or_else(|| {
                ["/var/run/postgresql", "/tmp"]
                    .into_iter()
                    .find(|d| Path::new(d).is_dir())
                    .unwrap_or("localhost")
                    .to_string()
            });
        let port_text = get("port")
            .or_else(|| env("PGPORT"))
            .unwrap_or_else(|| "5432".into());
        let port: u16 = port_text
            .parse()
            .map_err(|_| format!("invalid port {port_text:?}"))?;
        let user = user
            .map(String::from)
            .or_else(|| get("user"))
            .or_else(|| env("PGUSER"))
            .or_else(|| env("USER"))
            .ok_or("no user: give user in the connection string, or set PGUSER")?;
        let dbname = get("dbname")
            .or_else(|| env("PGDATABASE"))
            .unwrap_or_else(|| user.clone());
        let sslmode = match get("sslmode").or_else(|| env("PGSSLMODE")) {
            Some(m) => SslMode::parse(&m)?,
            None => SslMode::Prefer,
        };
        let path = |k: &str, var: &str| get(k).or_else(|| env(var)).map(PathBuf::from);
        let sslrootcert = path("sslrootcert", "PGSSLROOTCERT");
        let sslcert = path("sslcert", "PGSSLCERT").or_else(|| {
            home()
                .map(|h| h.join(".postgresql/postgresql.crt"))
                .filter(|p| p.is_file())
        });
        let sslkey = path("sslkey", "PGSSLKEY").or_else(|| {
            home()
                .map(|h| h.join(".postgresql/postgresql.key"))
                .filter(|p| p.is_file())
        });
        let connect_timeout = match get("connect_timeout").or_else(|| env("PGCONNECT_TIMEOUT")) {
            Some(t) => Some(
                t.parse()
                    .map_err(|_| format!("invalid connect_timeout {t:?}"))?,
            ),
            None => None,
        };
        let password = get("password").or_else(|| env("PGPASSWORD")).or_else(|| {
            let file = env("PGPASSFILE")
                .map(PathBuf::from)
                .or_else(|| home().map(|h| h.join(".pgpass")))?;
            let text = std::fs::read_to_string(file).ok()?;
            pgpass_lookup(&text, &host, port, &dbname, &user)
        });
        Ok(ConnInfo {
            application_name: get("application_name").or_else(|| env("PGAPPNAME")),
            options: get("options").or_else(|| env("PGOPTIONS")),
            host,
            port,
            user,
            password,
            dbname,
            sslmode,
            sslrootcert,
            sslcert,
            sslkey,
            connect_timeout,
        })
    }

    /// The same connection with `user` (and optionally `password`) replaced.
    pub fn with_login(mut self, user: Option<&str>, password: Option<&str>) -> ConnInfo {
        if let Some(u) = user {
            self.user = u.to_string();
        }
        if let Some(p) = password {
            self.password = Some(p.to_string());
        }
        self
    }

    /// The connection as libpq's environment variables (`PGHOST`, `PGPASSWORD`, `PGSSLMODE`
    /// …), for a child process such as `pg_dump`: it then connects as this crate does, from
    /// any form of URL (a JDBC URL included, which libpq cannot read), and the password
    /// stays off its command line.
    pub fn libpq_env(&self) -> Vec<(&'static str, String)> {
        let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
        let mut env = vec![
            ("PGHOST", self.host.clone()),
            ("PGPORT", self.port.to_string()),
            ("PGUSER", self.user.clone()),
            ("PGDATABASE", self.dbname.clone()),
            ("PGSSLMODE", self.sslmode.name().to_string()),
        ];
        let optional = [
            ("PGPASSWORD", self.password.clone()),
            ("PGSSLROOTCERT", path(&self.sslrootcert)),
            ("PGSSLCERT", path(&self.sslcert)),
            ("PGSSLKEY", path(&self.sslkey)),
            ("PGAPPNAME", self.application_name.clone()),
            (
                "PGCONNECT_TIMEOUT",
                self.connect_timeout.map(|t| t.to_string()),
            ),
            ("PGOPTIONS", self.options.clone()),
        ];
        env.extend(optional.into_iter().filter_map(|(k, v)| Some((k, v?))));
        env
    }

    /// What messages print: everything but the password.
    pub fn redacted(&self) -> String {
        format!(
            "host={} port={} dbname={} user={} sslmode={}{}",
            self.host,
            self.port,
            self.dbname,
            self.user,
            self.sslmode.name(),
            if self.password.is_some() {
                " password=<redacted>"
            } else {
                ""
            }
        )
    }

    fn driver_config(&self, mode: DriverSslMode) -> postgres::Config {
        let mut c = postgres::Config::new();
        if self.host.starts_with('/') {
            c.host_path(&self.host);
        } else {
            c.host(&self.host);
        }
        c.port(self.port)
            .user(&self.user)
            .dbname(&self.dbname)
            .ssl_mode(mode);
        if let Some(p) = &self.password {
            c.password(p);
        }
        if let Some(a) = &self.application_name {
            c.application_name(a);
        }
        if let Some(o) = &self.options {
            c.options(o);
        }
        if let Some(t) = self.connect_timeout {
            c.connect_timeout(std::time::Duration::from_secs(t));
        }
        c
    }

    fn tls(&self, verify: Option<bool>) -> Result<MakeTlsConnector, String> {
        let e = |what: &str, p: &Path, err: openssl::error::ErrorStack| {
            format!("{what} {}: {err}", p.display())
        };
        let mut b = SslConnector::builder(SslMethod::tls_client()).map_err(|e| e.to_string())?;
        match verify {
            None => b.set_verify(SslVerifyMode::NONE),
            Some(_) => {
                b.set_verify(SslVerifyMode::PEER);
                let root = self
                    .sslrootcert
                    .clone()
                    .or_else(|| home().map(|h| h.join(".postgresql/root.crt")))
                    .filter(|p| p.is_file())
                    .ok_or_else(|| {
                        format!(
                            "sslmode={} needs the CA certificate: give sslrootcert (or PGSSLROOTCERT), or put it in ~/.postgresql/root.crt",
                            self.sslmode.name()
                        )
                    })?;
                b.set_ca_file(&root)
                    .map_err(|err| e("cannot read sslrootcert", &root, err))?;
            }
        }
        if let Some(cert) = &self.sslcert {
            b.set_certificate_chain_file(cert)
                .map_err(|err| e("cannot read sslcert", cert, err))?;
            let key = self
                .sslkey
                .clone()
                .unwrap_or_else(|| cert.with_extension("key"));
            b.set_private_key_file(&key, SslFiletype::PEM)
                .map_err(|err| e("cannot read sslkey", &key, err))?;
        }
        let mut connector = MakeTlsConnector::new(b.build());
        if verify == Some(false) {
            // verify-ca: the chain is checked, the host name is not.
            connector.set_callback(|c, _| {
                c.set_verify_hostname(false);
                Ok(())
            });
        }
        Ok(connector)
    }

    /// Ask the server to cancel what `token`'s session runs (libpq's PQcancel), over the
    /// same kind of connection.
    pub fn cancel(&self, token: &postgres::CancelToken) -> Result<(), String> {
        let r = if self.host.starts_with('/') {
            token.cancel_query(postgres::NoTls)
        } else {
            token.cancel_query(self.tls(None)?)
        };
        r.map_err(|e| format!("{}: cannot cancel: {}", self.redacted(), pg_message(&e)))
    }

    /// Connect as libpq would with this `sslmode` (ignored on a Unix socket, like libpq).
    pub fn connect(&self) -> Result<Client, String> {
        let fail = |e: postgres::Error| {
            let mut m = pg_message(&e);
            if m.contains("certificate verify failed") {
                m.push_str(&format!(
                    " (TLS: the server's certificate was not accepted with sslmode={}: it is not signed by the CA in {}{})",
                    self.sslmode.name(),
                    self.sslrootcert.as_deref().map_or("~/.postgresql/root.crt".to_string(), |p| p.display().to_string()),
                    if self.sslmode == SslMode::VerifyFull { ", or does not name this host" } else { "" }
                ));
            }
            format!("{}: {m}", self.redacted())
        };
        let plain = || {
            self.driver_config(DriverSslMode::Disable)
                .connect(postgres::NoTls)
                .map_err(fail)
        };
        if self.host.starts_with('/') {
            return plain();
        }
        let with = |mode: DriverSslMode, verify: Option<bool>| {
            let tls = self
                .tls(verify)
                .map_err(|m| format!("{}: {m}", self.redacted()))?;
            self.driver_config(mode).connect(tls).map_err(fail)
        };
        match self.sslmode {
            SslMode::Disable => plain(),
            SslMode::Allow => plain().or_else(|_| with(DriverSslMode::Require, None)),
            SslMode::Prefer => with(DriverSslMode::Prefer, None),
            // libpq: require with a root certificate given verifies like verify-ca.
            SslMode::Require if self.sslrootcert.as_deref().is_some_and(Path::is_file) => {
                with(DriverSslMode::Require, Some(false))
            }
            SslMode::Require => with(DriverSslMode::Require, None),
            SslMode::VerifyCa => with(DriverSslMode::Require, Some(false)),
            SslMode::VerifyFull => with(DriverSslMode::Require, Some(true)),
        }
    }
}

/// A driver error as one line: PostgreSQL's message with its detail and hint, or the
/// error and its sources (a TLS failure says why).
pub fn pg_message(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut m = db.message().to_string();
        if let Some(d) = db.detail() {
            m.push_str(&format!(" (detail: {d})"));
        }
        if let Some(h) = db.hint() {
            m.push_str(&format!(" (hint: {h})"));
        }
        return m;
    }
    let mut m = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        m.push_str(": ");
        m.push_str(&s.to_string());
        source = s.source();
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_jdbc_and_keywords() {
        let c = ConnInfo::parse(
            "jdbc:postgresql://db.example:6543/hims?sslmode=require&user=ops&password=s%40cret",
        )
        .unwrap();
        assert_eq!(
            (c.host.as_str(), c.port, c.dbname.as_str(), c.user.as_str()),
            ("db.example", 6543, "hims", "ops")
        );
        assert_eq!(c.sslmode, SslMode::Require);
        assert!(!c.redacted().contains("s@cret") && !format!("{c:?}").contains("cret"));
        let c = ConnInfo::parse("jdbc:postgresql://h/d?ssl=true&user=u").unwrap();
        assert_eq!(c.sslmode, SslMode::VerifyFull);
        let c = ConnInfo::parse(
            "postgresql://u:p%3Aw@[::1]:5433/d?sslmode=verify-ca&sslrootcert=/ca.pem",
        )
        .unwrap();
        assert_eq!(
            (c.host.as_str(), c.port, c.password.as_deref()),
            ("::1", 5433, Some("p:w"))
        );
        assert_eq!(
            (c.sslmode, c.sslrootcert),
            (SslMode::VerifyCa, Some(PathBuf::from("/ca.pem")))
        );
        let c =
            ConnInfo::parse("host=/tmp port=1 user=x dbname='my db' password='it\\'s'").unwrap();
        assert_eq!(
            (c.dbname.as_str(), c.password.as_deref()),
            ("my db", Some("it's"))
        );
        assert!(
            ConnInfo::parse("host=h user=u sslmode=always")
                .unwrap_err()
                .contains("invalid sslmode")
        );
        assert!(
            ConnInfo::parse("postgresql://u@h/d?bogus=1")
                .unwrap_err()
                .contains("bogus")
        );
    }

    #[test]
    fn pgpass() {
        let text = "# comment\nother:5432:*:u:no\nh:5432:d:u:pa\\:ss\n*:*:*:*:any\n";
        assert_eq!(
            pgpass_lookup(text, "h", 5432, "d", "u").as_deref(),
            Some("pa:ss")
        );
        assert_eq!(
            pgpass_lookup(text, "x", 1, "d", "v").as_deref(),
            Some("any")
        );
        assert_eq!(
            pgpass_lookup("localhost:5432:*:u:sock\n", "/tmp", 5432, "d", "u").as_deref(),
            Some("sock")
        );
    }
}
