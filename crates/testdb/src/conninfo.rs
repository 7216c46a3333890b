//! Rendering connection strings in the two forms libpq (psql) and the
//! `postgres` crate both accept: `key=value` pairs and `postgresql://` URLs.

use std::path::PathBuf;
use std::str::FromStr;

use postgres::config::{Host, SslMode};

use crate::Error;

/// Where a server is and the connection options that are not per-login.
#[derive(Clone, Debug)]
pub(crate) struct Endpoint {
    /// Host name, IP address, or absolute directory of the Unix socket.
    pub host: String,
    pub port: u16,
    /// Further options kept from DATABASE_URL (sslmode, options, ...).
    pub extra: Vec<(String, String)>,
}

/// A login: who, with what password, to which database.
pub(crate) struct Login<'a> {
    pub user: &'a str,
    pub password: Option<&'a str>,
    pub dbname: &'a str,
}

impl Endpoint {
    fn is_unix(&self) -> bool {
        self.host.starts_with('/')
    }

    /// `host=... port=... user=... [password=...] dbname=... [extra...]`
    pub fn key_value(&self, login: &Login<'_>) -> String {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        let port = self.port.to_string();
        pairs.push(("host", &self.host));
        pairs.push(("port", &port));
        pairs.push(("user", login.user));
        if let Some(pw) = login.password {
            pairs.push(("password", pw));
        }
        pairs.push(("dbname", login.dbname));
        for (k, v) in &self.extra {
            pairs.push((k, v));
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", quote_value(v)))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `postgresql://user[:password]@host:port/dbname` for TCP, and
    /// `postgresql://user@/dbname?host=%2Fsocket%2Fdir&port=N` for Unix
    /// sockets (a path cannot appear in the authority part).
    pub fn url(&self, login: &Login<'_>) -> String {
        let mut url = format!("postgresql://{}", percent_encode(login.user));
        if let Some(pw) = login.password {
            url.push(':');
            url.push_str(&percent_encode(pw));
        }
        url.push('@');
        let mut params: Vec<(String, String)> = Vec::new();
        if self.is_unix() {
            params.push(("host".into(), self.host.clone()));
            params.push(("port".into(), self.port.to_string()));
        } else if self.host.contains(':') {
            url.push_str(&format!("[{}]:{}", self.host, self.port));
        } else {
            url.push_str(&format!("{}:{}", self.host, self.port));
        }
        url.push('/');
        url.push_str(&percent_encode(login.dbname));
        params.extend(self.extra.iter().cloned());
        for (i, (k, v)) in params.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(&format!("{k}={}", percent_encode(v)));
        }
        url
    }
}

/// What DATABASE_URL says: the server, the (super)user and the database to
/// use for maintenance connections.
pub(crate) struct ParsedUrl {
    pub endpoint: Endpoint,
    pub user: String,
    pub password: Option<String>,
    pub dbname: String,
}

/// Parse DATABASE_URL (either form) with the `postgres` crate's own parser so
/// that whatever it accepts, we accept. Only the first host is used.
pub(crate) fn parse_database_url(s: &str) -> Result<ParsedUrl, Error> {
    let config =
        postgres::Config::from_str(s).map_err(|e| Error::BadDatabaseUrl(format!("{e}")))?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        Some(Host::Unix(p)) => p.to_string_lossy().into_owned(),
        // Same default as Debian's libpq: the system socket directory if any.
        None if PathBuf::from("/var/run/postgresql").is_dir() => "/var/run/postgresql".into(),
        None => "localhost".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let mut extra = Vec::new();
    match config.get_ssl_mode() {
        SslMode::Disable => extra.push(("sslmode".into(), "disable".into())),
        SslMode::Require => extra.push(("sslmode".into(), "require".into())),
        _ => {}
    }
    if let Some(o) = config.get_options() {
        extra.push(("options".into(), o.to_owned()));
    }
    if let Some(a) = config.get_application_name() {
        extra.push(("application_name".into(), a.to_owned()));
    }
    if let Some(t) = config.get_connect_timeout() {
        extra.push(("connect_timeout".into(), t.as_secs().max(1).to_string()));
    }
    let user = match config.get_user() {
        Some(u) => u.to_owned(),
        // libpq's default is the OS user name.
        None => std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .unwrap_or_else(|_| "postgres".into()),
    };
    let password = config
        .get_password()
        .map(|p| String::from_utf8_lossy(p).into_owned());
    let dbname = config.get_dbname().unwrap_or("postgres").to_owned();
    Ok(ParsedUrl {
        endpoint: Endpoint { host, port, extra },
        user,
        password,
        dbname,
    })
}

/// Quote a key=value value when needed: libpq and the `postgres` crate both
/// take single quotes with backslash escapes.
fn quote_value(v: &str) -> String {
    let plain = !v.is_empty()
        && !v
            .chars()
            .any(|c| c.is_whitespace() || c == '\'' || c == '\\');
    if plain {
        return v.to_owned();
    }
    let mut out = String::with_capacity(v.len() + 2);
    out.push('\'');
    for c in v.chars() {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// Percent-encode everything but RFC 3986 unreserved characters.
fn percent_encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login<'a>(user: &'a str, password: Option<&'a str>, dbname: &'a str) -> Login<'a> {
        Login {
            user,
            password,
            dbname,
        }
    }

    fn unix() -> Endpoint {
        Endpoint {
            host: "/tmp/x y".into(),
            port: 54321,
            extra: vec![],
        }
    }

    #[test]
    fn key_value_quotes_when_needed() {
        let s = unix().key_value(&login("postgres", Some("p w'\\"), "db"));
        assert_eq!(
            s,
            r"host='/tmp/x y' port=54321 user=postgres password='p w\'\\' dbname=db"
        );
        let c = postgres::Config::from_str(&s).unwrap();
        assert_eq!(c.get_password(), Some(&b"p w'\\"[..]));
        assert_eq!(c.get_hosts(), &[Host::Unix("/tmp/x y".into())]);
    }

    #[test]
    fn unix_url_puts_socket_dir_in_query() {
        let u = unix().url(&login("postgres", None, "db"));
        assert_eq!(
            u,
            "postgresql://postgres@/db?host=%2Ftmp%2Fx%20y&port=54321"
        );
        let c = postgres::Config::from_str(&u).unwrap();
        assert_eq!(c.get_hosts(), &[Host::Unix("/tmp/x y".into())]);
        assert_eq!(c.get_ports(), &[54321]);
        assert_eq!(c.get_dbname(), Some("db"));
        assert_eq!(c.get_user(), Some("postgres"));
    }

    #[test]
    fn tcp_url_round_trips() {
        let e = Endpoint {
            host: "::1".into(),
            port: 5433,
            extra: vec![("sslmode".into(), "disable".into())],
        };
        let u = e.url(&login("app role", Some("s@cret:"), "d"));
        assert_eq!(
            u,
            "postgresql://app%20role:s%40cret%3A@[::1]:5433/d?sslmode=disable"
        );
        let p = parse_database_url(&u).unwrap();
        assert_eq!(p.endpoint.host, "::1");
        assert_eq!(p.endpoint.port, 5433);
        assert_eq!(p.user, "app role");
        assert_eq!(p.password.as_deref(), Some("s@cret:"));
        assert_eq!(p.dbname, "d");
        assert_eq!(p.endpoint.extra, e.extra);
    }

    #[test]
    fn parses_key_value_database_url() {
        let p = parse_database_url("host=/run/pg port=6000 user=me dbname=main").unwrap();
        assert_eq!(p.endpoint.host, "/run/pg");
        assert_eq!(p.endpoint.port, 6000);
        assert_eq!(p.user, "me");
        assert_eq!(p.dbname, "main");
        assert!(parse_database_url("nonsense=1").is_err());
    }
}
