//! What the runner is told: the database, the directory and Flyway's settings.

use crate::history::quote_ident;
use crate::lock::lock_key;
use crate::{DEFAULT_LOCK_RETRY_COUNT, DEFAULT_SCHEMA, DEFAULT_TABLE};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where and how to migrate.
#[derive(Debug, Clone)]
pub struct Config {
    /// `postgresql://…`, `jdbc:postgresql://…` URL or libpq `key=value` string, TLS as
    /// libpq reads it ([`crate::tls`]).
    pub database_url: String,
    /// Overrides the URL's user (Flyway `user`).
    pub user: Option<String>,
    /// Overrides the URL's password (Flyway `password`); never printed.
    pub password: Option<Secret>,
    /// `migrate` applies versions up to this one only (Flyway `target`).
    pub target: Option<String>,
    /// Flyway `cleanDisabled` (default true): `clean` refuses unless false.
    pub clean_disabled: bool,
    /// The migrations directory (searched recursively, like a Flyway location).
    pub dir: PathBuf,
    /// Schema of the history table (Flyway `defaultSchema`); created when missing.
    pub schema: String,
    /// The history table (Flyway `table`).
    pub table: String,
    /// The schemas that must be empty before a new database gets the baseline migration
    /// (Flyway `schemas`). Empty (the default): every non-system schema of the database,
    /// see [`migrate`].
    pub schemas: Vec<String>,
    /// Retries (1 s apart) to get the advisory lock; negative retries forever.
    pub lock_retry_count: i32,
    /// Apply migrations older than the newest applied one (Flyway `outOfOrder`).
    pub out_of_order: bool,
    /// Allow transactional and non-transactional statements in one migration; it then runs
    /// outside a transaction (Flyway `mixed`).
    pub mixed: bool,
    /// `installed_by` of written rows; default `current_user`.
    pub installed_by: Option<String>,
    /// Replace `${name}` placeholders (Flyway `placeholderReplacement`, default true).
    pub placeholder_replacement: bool,
    /// Placeholder values (Flyway `placeholders.<name>`), looked up case-insensitively.
    pub placeholders: BTreeMap<String, String>,
    /// Let [`validate`] accept migrations that are not applied yet (Flyway
    /// `ignoreMigrationPatterns=*:pending`; `migrate` always does).
    pub ignore_pending: bool,
}

impl Config {
    /// Flyway's defaults for everything but the database and the directory.
    pub fn new(database_url: impl Into<String>, dir: impl Into<PathBuf>) -> Config {
        Config {
            database_url: database_url.into(),
            user: None,
            password: None,
            target: None,
            clean_disabled: true,
            dir: dir.into(),
            schema: DEFAULT_SCHEMA.to_string(),
            table: DEFAULT_TABLE.to_string(),
            schemas: Vec::new(),
            lock_retry_count: DEFAULT_LOCK_RETRY_COUNT,
            out_of_order: false,
            mixed: false,
            installed_by: None,
            placeholder_replacement: true,
            placeholders: BTreeMap::new(),
            ignore_pending: false,
        }
    }

    /// The history table as Flyway prints it: `"public"."flyway_schema_history"`.
    pub fn history_table(&self) -> String {
        format!("{}.{}", quote_ident(&self.schema), quote_ident(&self.table))
    }

    /// The advisory-lock key of this history table ([`lock_key`]).
    pub fn lock_key(&self) -> i64 {
        lock_key(&self.schema, &self.table)
    }
}

/// A password: printed as `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// What Flyway's own configuration says: `flyway.toml` (`[flyway]` and
/// `[environments.<name>]`), legacy `flyway.conf` (`flyway.key=value`), and the
/// `FLYWAY_*` variables, merged with Flyway's precedence: environment over file (the
/// command line goes over both, see [`FlywaySettings::apply`]). Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlywaySettings {
    pub url: Option<String>,
    pub user: Option<String>,
    pub password: Option<Secret>,
    pub locations: Option<Vec<String>>,
    pub schemas: Option<Vec<String>>,
    pub default_schema: Option<String>,
    pub table: Option<String>,
    pub clean_disabled: Option<bool>,
    pub target: Option<String>,
    pub out_of_order: Option<bool>,
    pub lock_retry_count: Option<i32>,
    pub placeholders: BTreeMap<String, String>,
    /// Flyway's `jdbcProperties.<name>`: properties of the PostgreSQL JDBC driver, which
    /// [`FlywaySettings::url_with_jdbc_properties`] adds to the URL.
    pub jdbc_properties: BTreeMap<String, String>,
    /// `[flyway] environment` of a TOML file read so far.
    pub environment: Option<String>,
    /// The `[environments.<name>]` tables of the TOML files read so far.
    pub environments: std::collections::BTreeSet<String>,
    /// Whether a TOML file read so far had the environment in use.
    pub environment_found: bool,
    /// The files read, for messages.
    pub sources: Vec<PathBuf>,
}

/// The pgjdbc connection properties `jdbcProperties` may set: those with a meaning here.
const JDBC_PROPERTIES: &[&str] = &[
    "user",
    "password",
    "ssl",
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "ApplicationName",
    "connectTimeout",
    "options",
];

/// `s` percent-encoded for a URL's query (everything but RFC 3986's unreserved bytes).
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// A TOML value as the text of a flyway.conf value: arrays comma-separated.
fn toml_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Array(a) => a
            .iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), String::from))
            .collect::<Vec<_>>()
            .join(","),
        other => other.to_string(),
    }
}

fn boolean(key: &str, v: &str) -> Result<bool, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("{key}: expected true or false, got {v:?}")),
    }
}

impl FlywaySettings {
    /// Set one Flyway key (as in flyway.conf without the `flyway.` prefix).
    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "url" => self.url = Some(value.to_string()),
            "user" => self.user = Some(value.to_string()),
            "password" => self.password = Some(Secret(value.to_string())),
            "locations" => self.locations = Some(list(value)),
            "schemas" => self.schemas = Some(list(value)),
            "defaultSchema" => self.default_schema = Some(value.to_string()),
            "table" => self.table = Some(value.to_string()),
            "cleanDisabled" => self.clean_disabled = Some(boolean(key, value)?),
            "target" => self.target = Some(value.to_string()),
            "outOfOrder" => self.out_of_order = Some(boolean(key, value)?),
            "lockRetryCount" => {
                self.lock_retry_count = Some(
                    value
                        .trim()
                        .parse()
                        .map_err(|_| format!("lockRetryCount: not a number: {value:?}"))?,
                )
            }
            "environment" | "driver" | "connectRetries" | "validateOnMigrate" => {}
            k if k.starts_with("placeholders.") => {
                self.placeholders
                    .insert(k["placeholders.".len()..].to_string(), value.to_string());
            }
            k if k.starts_with("jdbcProperties.") => {
                self.jdbc_property(&k["jdbcProperties.".len()..], value)?
            }
            _ => return Err(format!("unsupported Flyway setting {key:?}")),
        }
        Ok(())
    }

    /// One `jdbcProperties` entry: a pgjdbc property this runner honours.
    fn jdbc_property(&mut self, name: &str, value: &str) -> Result<(), String> {
        if !JDBC_PROPERTIES.contains(&name) {
            return Err(format!(
                "unsupported jdbcProperties entry {name:?} (supported: {})",
                JDBC_PROPERTIES.join(", ")
            ));
        }
        self.jdbc_properties
            .insert(name.to_string(), value.to_string());
        Ok(())
    }

    /// `url` with the `jdbcProperties` it does not set itself (pgjdbc lets the URL's own
    /// parameters win over the properties), as query parameters of a URL or as `key=value`
    /// pairs of a libpq string.
    pub fn url_with_jdbc_properties(&self, url: &str) -> String {
        let is_url = url.contains("://") || url.starts_with("jdbc:");
        let mut out = url.to_string();
        for (k, v) in &self.jdbc_properties {
            if is_url {
                let query = url.split_once('?').map_or("", |(_, q)| q);
                if query.split('&').any(|kv| kv.split('=').next() == Some(k)) {
                    continue;
                }
                out.push(if out.contains('?') { '&' } else { '?' });
                out.push_str(&format!("{}={}", percent_encode(k), percent_encode(v)));
            } else {
                let (key, v) = match k.as_str() {
                    "ApplicationName" => ("application_name", v.as_str()),
                    "connectTimeout" => ("connect_timeout", v.as_str()),
                    // pgjdbc: ssl=true without sslmode means verify-full.
                    "ssl" if v == "true" => ("sslmode", "verify-full"),
                    "ssl" => continue,
                    other => (other, v.as_str()),
                };
                if url
                    .split_whitespace()
                    .any(|kv| kv.split('=').next() == Some(key))
                {
                    continue;
                }
                let quoted = v.replace('\\', "\\\\").replace('\'', "\\'");
                out.push_str(&format!(" {key}='{quoted}'"));
            }
        }
        out
    }

    /// A legacy `flyway.conf`: `flyway.key=value` lines, `#` comments, a value continued
    /// on the next line after a trailing backslash (Flyway 6.3 and later).
    pub fn read_conf(&mut self, text: &str, name: &Path) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        // (first line number, logical line) with continuations joined.
        let mut logical: Vec<(usize, String)> = Vec::new();
        let mut continued = false;
        for (n, raw) in text.lines().enumerate() {
            let trimmed = raw.trim();
            let (part, more) = match trimmed.strip_suffix('\\') {
                Some(p) => (p, true),
                None => (trimmed, false),
            };
            match logical.last_mut() {
                Some((_, l)) if continued => l.push_str(part),
                _ => logical.push((n, part.to_string())),
            }
            continued = more;
        }
        for (n, line) in &logical {
            let (n, line) = (*n, line.trim());
            if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
                continue;
            }
            let result = match line.split_once('=') {
                Some((k, v)) => match k.trim().strip_prefix("flyway.") {
                    Some(k) => self.set(k, v.trim()),
                    None => Err(format!("expected flyway.<key>=<value>, got {line:?}")),
                },
                None => Err(format!("expected key=value, got {line:?}")),
            };
            if let Err(e) = result {
                problems.push(format!("{} line {}: {e}", name.display(), n + 1));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The keys of a `[flyway]` table (placeholders as a sub-table); problems prefixed
    /// with `at`.
    fn flyway_table(&mut self, f: &toml::Table, at: &str, problems: &mut Vec<String>) {
        for (k, v) in f {
            if k == "placeholders"
                && let Some(t) = v.as_table()
            {
                for (pk, pv) in t {
                    self.placeholders.insert(pk.clone(), toml_text(pv));
                }
                continue;
            }
            if k == "jdbcProperties"
                && let Some(t) = v.as_table()
            {
                self.jdbc_table(t, at, problems);
                continue;
            }
            if let Err(e) = self.set(k, &toml_text(v)) {
                problems.push(format!("{at}: {e}"));
            }
        }
    }

    /// A `jdbcProperties` table; problems prefixed with `at`.
    fn jdbc_table(&mut self, t: &toml::Table, at: &str, problems: &mut Vec<String>) {
        for (k, v) in t {
            if let Err(e) = self.jdbc_property(k, &toml_text(v)) {
                problems.push(format!("{at}: {e}"));
            }
        }
    }

    /// A `flyway.toml`: `[flyway]` keys, and `[environments.<name>]` (url, user, password,
    /// schemas; Flyway settings of that environment in `[environments.<name>.flyway]`) of
    /// the environment `environment`, else `[flyway] environment`, else `default`. A
    /// `[flyway] environment` is remembered for the files read after this one
    /// ([`FlywaySettings::load`] reads `flyway.user.toml` after `flyway.toml`).
    pub fn read_toml(
        &mut self,
        text: &str,
        name: &Path,
        environment: Option<&str>,
    ) -> Result<(), Vec<String>> {
        let doc: toml::Table = text
            .parse()
            .map_err(|e| vec![format!("{}: {e}", name.display())])?;
        let mut problems = Vec::new();
        let flyway = doc.get("flyway").and_then(|f| f.as_table());
        if let Some(e) = flyway.and_then(|f| f.get("environment")) {
            match e.as_str() {
                Some(e) => self.environment = Some(e.to_string()),
                None => problems.push(format!(
                    "{} [flyway]: environment: expected a string, got {e}",
                    name.display()
                )),
            }
        }
        let env_name = environment
            .map(String::from)
            .or_else(|| self.environment.clone())
            .unwrap_or_else(|| "default".to_string());
        if let Some(f) = flyway {
            self.flyway_table(f, &format!("{} [flyway]", name.display()), &mut problems);
        }
        let envs = doc.get("environments").and_then(|e| e.as_table());
        if let Some(envs) = envs {
            self.environments.extend(envs.keys().cloned());
        }
        if let Some(env) = envs
            .and_then(|e| e.get(&env_name))
            .and_then(|e| e.as_table())
        {
            self.environment_found = true;
            for (k, v) in env {
                let section = format!("environments.{env_name}");
                let r = match k.as_str() {
                    "url" | "user" | "password" | "schemas" => self.set(k, &toml_text(v)),
                    "jdbcProperties" => match v.as_table() {
                        Some(t) => {
                            self.jdbc_table(
                                t,
                                &format!("{} [{section}.jdbcProperties]", name.display()),
                                &mut problems,
                            );
                            Ok(())
                        }
                        None => Err("jdbcProperties: expected a table".to_string()),
                    },
                    // Connection details that change nothing here.
                    "driver" | "connectRetries" | "connectRetriesInterval" => Ok(()),
                    "flyway" => match v.as_table() {
                        Some(t) => {
                            self.flyway_table(
                                t,
                                &format!("{} [{section}.flyway]", name.display()),
                                &mut problems,
                            );
                            Ok(())
                        }
                        None => Err("flyway: expected a table".to_string()),
                    },
                    _ => Err(format!(
                        "unsupported environment setting {k:?} (supported: url, user, password, schemas, jdbcProperties, driver, connectRetries, connectRetriesInterval, flyway)"
                    )),
                };
                if let Err(e) = r {
                    problems.push(format!("{} [{section}]: {e}", name.display()));
                }
            }
        }
        for k in doc.keys() {
            if k != "flyway" && k != "environments" {
                problems.push(format!("{}: unsupported section [{k}]", name.display()));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The `FLYWAY_*` variables (over what the files said).
    pub fn read_env(&mut self, env: &dyn Fn(&str) -> Option<String>) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        for (var, key) in [
            ("FLYWAY_URL", "url"),
            ("FLYWAY_USER", "user"),
            ("FLYWAY_PASSWORD", "password"),
            ("FLYWAY_LOCATIONS", "locations"),
            ("FLYWAY_SCHEMAS", "schemas"),
            ("FLYWAY_DEFAULT_SCHEMA", "defaultSchema"),
            ("FLYWAY_TABLE", "table"),
            ("FLYWAY_CLEAN_DISABLED", "cleanDisabled"),
            ("FLYWAY_TARGET", "target"),
            ("FLYWAY_OUT_OF_ORDER", "outOfOrder"),
            ("FLYWAY_LOCK_RETRY_COUNT", "lockRetryCount"),
        ] {
            if let Some(v) = env(var).filter(|v| !v.is_empty())
                && let Err(e) = self.set(key, &v)
            {
                problems.push(format!("{var}: {e}"));
            }
        }
        // FLYWAY_JDBC_PROPERTIES_<name>: the names Flyway's documentation gives.
        for name in JDBC_PROPERTIES {
            let var = format!("FLYWAY_JDBC_PROPERTIES_{name}");
            if let Some(v) = env(&var).filter(|v| !v.is_empty())
                && let Err(e) = self.jdbc_property(name, &v)
            {
                problems.push(format!("{var}: {e}"));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Read the configuration files Flyway would, then the variables: the comma-separated
    /// `FLYWAY_CONFIG_FILES` (relative to `dir`), else `flyway.toml` and then
    /// `flyway.user.toml` in `dir` (merged in that order), else the legacy `flyway.conf`.
    /// The environment of the TOML files is `environment` (the command line), else
    /// `flyway_environment` (Flyway documents it lower case; `FLYWAY_ENVIRONMENT` is read
    /// too), else `[flyway] environment`, else `default`. Every problem is listed.
    pub fn load(
        dir: &Path,
        env: &dyn Fn(&str) -> Option<String>,
        environment: Option<&str>,
    ) -> Result<FlywaySettings, String> {
        let mut s = FlywaySettings::default();
        let mut problems = Vec::new();
        let files: Vec<PathBuf> = match env("FLYWAY_CONFIG_FILES").filter(|v| !v.is_empty()) {
            Some(list_text) => list(&list_text).into_iter().map(|f| dir.join(f)).collect(),
            None => {
                let toml: Vec<PathBuf> = ["flyway.toml", "flyway.user.toml"]
                    .iter()
                    .map(|n| dir.join(n))
                    .filter(|p| p.is_file())
                    .collect();
                if toml.is_empty() {
                    Some(dir.join("flyway.conf"))
                        .filter(|p| p.is_file())
                        .into_iter()
                        .collect()
                } else {
                    toml
                }
            }
        };
        let environment = environment.map(String::from).or_else(|| {
            ["flyway_environment", "FLYWAY_ENVIRONMENT"]
                .into_iter()
                .find_map(|v| env(v).filter(|v| !v.is_empty()))
        });
        let mut any_toml = false;
        for f in files {
            let text = match std::fs::read_to_string(&f) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(format!("cannot read {}: {e}", f.display()));
                    continue;
                }
            };
            let r = if f.extension().is_some_and(|e| e == "toml") {
                any_toml = true;
                s.read_toml(&text, &f, environment.as_deref())
            } else {
                s.read_conf(&text, &f)
            };
            if let Err(p) = r {
                problems.extend(p);
            }
            s.sources.push(f);
        }
        let chosen = environment.is_some() || s.environment.is_some();
        if any_toml && !s.environment_found && (chosen || !s.environments.is_empty()) {
            let name = environment
                .or_else(|| s.environment.clone())
                .unwrap_or_else(|| "default".into());
            let files: Vec<String> = s.sources.iter().map(|p| p.display().to_string()).collect();
            problems.push(format!(
                "no [environments.{name}] in {}{}",
                files.join(", "),
                if s.environments.is_empty() {
                    String::new()
                } else {
                    format!(
                        " (environments: {})",
                        s.environments
                            .iter()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            ));
        }
        if let Err(p) = s.read_env(env) {
            problems.extend(p);
        }
        if problems.is_empty() {
            Ok(s)
        } else {
            Err(problems.join("\n"))
        }
    }

    /// The migrations directory its `locations` name: one `filesystem:` location (or a
    /// plain path), relative to `base`.
    pub fn location(&self, base: &Path) -> Result<Option<PathBuf>, String> {
        let Some(locations) = &self.locations else {
            return Ok(None);
        };
        match locations.as_slice() {
            [one] => {
                let path = if let Some(p) = one.strip_prefix("filesystem:") {
                    p
                } else if one.contains(':') && !one.starts_with('/') {
                    return Err(format!(
                        "location {one:?}: only filesystem: locations are supported"
                    ));
                } else {
                    one
                };
                let path = Path::new(path);
                Ok(Some(if path.is_absolute() {
                    path.to_path_buf()
                } else {
                    base.join(path)
                }))
            }
            [] => Ok(None),
            many => Err(format!(
                "locations {}: this runner reads one migrations directory",
                many.join(",")
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Target, config_from};
    use std::collections::HashMap;

    fn target() -> Target {
        Target {
            database_url: None,
            user: None,
            dir: None,
            schema: None,
            table: None,
            lock_retry_count: None,
            out_of_order: false,
            target: None,
            placeholders: Vec::new(),
            ignore_pending: false,
            environment: None,
        }
    }

    /// `files` written into a fresh directory, then [`FlywaySettings::load`] with `vars`.
    fn load(
        files: &[(&str, &str)],
        vars: &[(&str, &str)],
        environment: Option<&str>,
    ) -> (tempfile::TempDir, Result<FlywaySettings, String>) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let s = FlywaySettings::load(dir.path(), &|k| vars.get(k).cloned(), environment);
        (dir, s)
    }

    const TOML: &str = r#"
[environments.default]
url = "jdbc:postgresql://db.example:6543/hims?sslmode=require"
user = "ops"
password = "s3cret"
schemas = ["core", "billing"]

[environments.staging]
url = "postgresql://staging.example/hims"
user = "stage"

[flyway]
locations = ["filesystem:sql/migrations"]
table = "schema_history"
cleanDisabled = false

[flyway.placeholders]
tenant = "t1"
"#;

    #[test]
    fn flyway_toml_default_environment_and_flyway_section() {
        let (dir, s) = load(&[("flyway.toml", TOML)], &[], None);
        let s = s.unwrap();
        assert_eq!(
            s.url.as_deref(),
            Some("jdbc:postgresql://db.example:6543/hims?sslmode=require")
        );
        assert_eq!(s.user.as_deref(), Some("ops"));
        assert_eq!(s.password, Some(Secret("s3cret".into())));
        assert_eq!(
            s.schemas,
            Some(vec!["core".to_string(), "billing".to_string()])
        );
        assert_eq!(s.table.as_deref(), Some("schema_history"));
        assert_eq!(s.clean_disabled, Some(false));
        assert_eq!(s.placeholders["tenant"], "t1");
        assert_eq!(s.sources, [dir.path().join("flyway.toml")]);
        assert_eq!(
            s.location(dir.path()).unwrap(),
            Some(dir.path().join("sql/migrations"))
        );
        // The password never shows in Debug output.
        assert!(!format!("{s:?}").contains("s3cret"));

        let c = config_from(&target(), &s, dir.path(), Path::new("/default")).unwrap();
        assert_eq!(c.dir, dir.path().join("sql/migrations"));
        assert_eq!(c.schemas, ["core", "billing"]);
        assert_eq!(c.schema, "core", "the first of schemas holds the history");
        assert_eq!(c.history_table(), "\"core\".\"schema_history\"");
        assert!(!c.clean_disabled);
        // The JDBC URL is read as libpq would.
        let conn = crate::tls::ConnInfo::parse_as(&c.database_url, c.user.as_deref()).unwrap();
        assert_eq!(
            (
                conn.host.as_str(),
                conn.port,
                conn.dbname.as_str(),
                conn.user.as_str()
            ),
            ("db.example", 6543, "hims", "ops")
        );
        assert_eq!(conn.sslmode, crate::tls::SslMode::Require);
    }

    #[test]
    fn the_environment_is_chosen_by_command_line_variable_or_file() {
        // [flyway] environment.
        let with_env = TOML.replace("[flyway]\n", "[flyway]\nenvironment = \"staging\"\n");
        let (_d, s) = load(&[("flyway.toml", &with_env)], &[], None);
        assert_eq!(s.unwrap().user.as_deref(), Some("stage"));
        // flyway_environment (documented lower case) over the file, FLYWAY_ENVIRONMENT too.
        for var in ["flyway_environment", "FLYWAY_ENVIRONMENT"] {
            let (_d, s) = load(&[("flyway.toml", TOML)], &[(var, "staging")], None);
            assert_eq!(s.unwrap().user.as_deref(), Some("stage"), "{var}");
        }
        // The command line over both.
        let (_d, s) = load(
            &[("flyway.toml", &with_env)],
            &[("flyway_environment", "staging")],
            Some("default"),
        );
        assert_eq!(s.unwrap().user.as_deref(), Some("ops"));
        // An environment that does not exist is an error naming those that do.
        let (_d, s) = load(&[("flyway.toml", TOML)], &[], Some("prod"));
        let e = s.unwrap_err();
        assert!(
            e.contains("no [environments.prod]") && e.contains("environments: default, staging"),
            "{e}"
        );
    }

    #[test]
    fn flyway_user_toml_is_merged_after_flyway_toml() {
        let user = "[environments.default]\nuser = \"me\"\npassword = \"mine\"\n\n[environments.default.flyway]\ntable = \"my_history\"\n";
        let (dir, s) = load(
            &[
                ("flyway.toml", TOML),
                ("flyway.user.toml", user),
                // Ignored when a TOML file exists.
                ("flyway.conf", "flyway.url=postgresql://conf/ignored\n"),
            ],
            &[],
            None,
        );
        let s = s.unwrap();
        assert_eq!(s.user.as_deref(), Some("me"));
        assert_eq!(s.password, Some(Secret("mine".into())));
        assert_eq!(s.table.as_deref(), Some("my_history"));
        assert_eq!(
            s.url.as_deref(),
            Some("jdbc:postgresql://db.example:6543/hims?sslmode=require")
        );
        assert_eq!(
            s.sources,
            [
                dir.path().join("flyway.toml"),
                dir.path().join("flyway.user.toml")
            ]
        );
    }

    #[test]
    fn legacy_flyway_conf() {
        let conf = "# a comment\n! another\nflyway.url=jdbc:postgresql://h:5433/d\nflyway.user = ops\nflyway.password=p=w\nflyway.schemas=core, billing\nflyway.locations=filesystem:\\\n  db/migration\nflyway.cleanDisabled=FALSE\nflyway.outOfOrder=true\nflyway.lockRetryCount=-1\nflyway.defaultSchema=meta\nflyway.placeholders.tenant=t2\n";
        let (dir, s) = load(&[("flyway.conf", conf)], &[], None);
        let s = s.unwrap();
        assert_eq!(s.url.as_deref(), Some("jdbc:postgresql://h:5433/d"));
        assert_eq!(s.user.as_deref(), Some("ops"));
        assert_eq!(s.password, Some(Secret("p=w".into())));
        assert_eq!(
            s.schemas,
            Some(vec!["core".to_string(), "billing".to_string()])
        );
        assert_eq!(
            s.location(dir.path()).unwrap(),
            Some(dir.path().join("db/migration")),
            "a value continued after a trailing backslash"
        );
        assert_eq!(
            (s.clean_disabled, s.out_of_order, s.lock_retry_count),
            (Some(false), Some(true), Some(-1))
        );
        let c = config_from(&target(), &s, dir.path(), Path::new("/default")).unwrap();
        assert_eq!(c.schema, "meta", "defaultSchema over the first of schemas");
        assert_eq!(c.placeholders["tenant"], "t2");
        assert_eq!(c.lock_retry_count, -1);
        assert!(c.out_of_order && !c.clean_disabled);
    }

    #[test]
    fn command_line_over_environment_over_file() {
        let conf = "flyway.url=postgresql://file/db\nflyway.user=file_user\nflyway.table=file_table\nflyway.locations=filesystem:file_dir\nflyway.target=1\nflyway.schemas=file_schema\n";
        let vars = [
            (
                "FLYWAY_URL",
                "jdbc:postgresql://env:5439/envdb?sslmode=verify-full",
            ),
            ("FLYWAY_USER", "env_user"),
            ("FLYWAY_PASSWORD", "env_pw"),
            ("FLYWAY_TABLE", "env_table"),
            ("FLYWAY_LOCATIONS", "filesystem:/abs/env_dir"),
            ("FLYWAY_SCHEMAS", "env_a,env_b"),
        ];
        let (dir, s) = load(&[("flyway.conf", conf)], &vars, None);
        let s = s.unwrap();
        // The environment over the file…
        let c = config_from(&target(), &s, dir.path(), Path::new("/default")).unwrap();
        assert_eq!(
            c.database_url,
            "jdbc:postgresql://env:5439/envdb?sslmode=verify-full"
        );
        assert_eq!(c.user.as_deref(), Some("env_user"));
        assert_eq!(c.password, Some(Secret("env_pw".into())));
        assert_eq!(c.table, "env_table");
        assert_eq!(c.dir, PathBuf::from("/abs/env_dir"));
        assert_eq!(c.schemas, ["env_a", "env_b"]);
        assert_eq!(c.schema, "env_a");
        assert_eq!(c.target.as_deref(), Some("1"), "the file's, not overridden");
        // …and the command line over both.
        let mut t = target();
        t.database_url = Some("postgresql://cli/db".into());
        t.user = Some("cli_user".into());
        t.table = Some("cli_table".into());
        t.dir = Some(PathBuf::from("cli_dir"));
        t.schema = Some("cli_schema".into());
        t.target = Some("2".into());
        let c = config_from(&t, &s, dir.path(), Path::new("/default")).unwrap();
        assert_eq!(c.database_url, "postgresql://cli/db");
        assert_eq!(c.user.as_deref(), Some("cli_user"));
        assert_eq!(c.table, "cli_table");
        assert_eq!(c.dir, PathBuf::from("cli_dir"));
        assert_eq!(c.schema, "cli_schema");
        assert_eq!(c.target.as_deref(), Some("2"));
        // Nothing anywhere: the default directory, Flyway's defaults.
        let (dir, s) = load(&[], &[("FLYWAY_URL", "postgresql://x/y")], None);
        let c = config_from(&target(), &s.unwrap(), dir.path(), Path::new("/default")).unwrap();
        assert_eq!(c.dir, PathBuf::from("/default"));
        assert_eq!(c.history_table(), "\"public\".\"flyway_schema_history\"");
        assert!(c.clean_disabled, "Flyway's default: clean is disabled");
        let (dir, s) = load(&[], &[], None);
        let e = config_from(&target(), &s.unwrap(), dir.path(), Path::new("/d")).unwrap_err();
        assert!(e.contains("FLYWAY_URL"), "{e}");
    }

    #[test]
    fn locations() {
        let base = Path::new("/base");
        let at = |l: &[&str]| FlywaySettings {
            locations: Some(l.iter().map(|s| s.to_string()).collect()),
            ..Default::default()
        };
        assert_eq!(
            at(&["filesystem:migrations"]).location(base).unwrap(),
            Some(PathBuf::from("/base/migrations"))
        );
        assert_eq!(
            at(&["filesystem:/srv/sql"]).location(base).unwrap(),
            Some(PathBuf::from("/srv/sql"))
        );
        assert_eq!(
            at(&["plain/dir"]).location(base).unwrap(),
            Some(PathBuf::from("/base/plain/dir"))
        );
        let e = at(&["classpath:db/migration"]).location(base).unwrap_err();
        assert!(e.contains("only filesystem: locations"), "{e}");
        let e = at(&["filesystem:a", "filesystem:b"])
            .location(base)
            .unwrap_err();
        assert!(e.contains("one migrations directory"), "{e}");
        assert_eq!(FlywaySettings::default().location(base).unwrap(), None);
    }

    #[test]
    fn jdbc_properties_from_toml_conf_and_variables_fill_what_the_url_leaves_out() {
        let toml = "[environments.default]\nurl = \"jdbc:postgresql://db.example/hims?sslmode=require&user=ops\"\n\n[environments.default.jdbcProperties]\nsslmode = \"disable\"\nsslrootcert = \"/etc/ssl/ca root.pem\"\nApplicationName = \"hims migrate\"\n";
        let (dir, s) = load(&[("flyway.toml", toml)], &[], None);
        let s = s.unwrap();
        let c = config_from(&target(), &s, dir.path(), Path::new("/default")).unwrap();
        let conn = crate::tls::ConnInfo::parse(&c.database_url).unwrap();
        // The URL's own sslmode wins, as in pgjdbc; the others are added.
        assert_eq!(conn.sslmode, crate::tls::SslMode::Require);
        assert_eq!(
            conn.sslrootcert.as_deref(),
            Some(Path::new("/etc/ssl/ca root.pem"))
        );
        assert_eq!(conn.application_name.as_deref(), Some("hims migrate"));

        // flyway.conf, onto a libpq key=value string; a variable over the file.
        let conf = "flyway.url=host=db.example dbname=hims user=ops\nflyway.jdbcProperties.sslmode=require\nflyway.jdbcProperties.options=-c search_path='core'\n";
        let vars = [("FLYWAY_JDBC_PROPERTIES_sslmode", "verify-full")];
        let (dir, s) = load(&[("flyway.conf", conf)], &vars, None);
        let s = s.unwrap();
        let c = config_from(&target(), &s, dir.path(), Path::new("/default")).unwrap();
        let conn = crate::tls::ConnInfo::parse(&c.database_url).unwrap();
        assert_eq!(conn.sslmode, crate::tls::SslMode::VerifyFull);
        assert_eq!(conn.options.as_deref(), Some("-c search_path='core'"));

        // A property with no meaning here is refused, by name.
        let (_d, s) = load(
            &[("flyway.conf", "flyway.jdbcProperties.prepareThreshold=0\n")],
            &[],
            None,
        );
        let e = s.unwrap_err();
        assert!(
            e.contains("unsupported jdbcProperties entry \"prepareThreshold\" (supported: user,"),
            "{e}"
        );
    }

    #[test]
    fn every_problem_is_listed() {
        let toml = "[flyway]\ncleanDisabled = \"maybe\"\nbogusKey = 1\nlockRetryCount = \"x\"\n\n[environments.default]\nurl = \"postgresql://h/d\"\ninitSql = \"SET x = 1\"\n\n[other]\nk = 1\n";
        let vars = [("FLYWAY_OUT_OF_ORDER", "yes")];
        let (_d, s) = load(&[("flyway.toml", toml)], &vars, None);
        let e = s.unwrap_err();
        for expected in [
            "[flyway]: cleanDisabled: expected true or false, got \"maybe\"",
            "[flyway]: unsupported Flyway setting \"bogusKey\"",
            "[flyway]: lockRetryCount: not a number",
            "[environments.default]: unsupported environment setting \"initSql\"",
            "unsupported section [other]",
            "FLYWAY_OUT_OF_ORDER: outOfOrder: expected true or false, got \"yes\"",
        ] {
            assert!(e.contains(expected), "missing {expected:?} in:\n{e}");
        }
        assert_eq!(e.lines().count(), 6, "{e}");

        let conf = "flyway.url=postgresql://h/d\nurl=missing-prefix\nno equals sign\nflyway.cleanDisabled=nope\n";
        let (_d, s) = load(&[("flyway.conf", conf)], &[], None);
        let e = s.unwrap_err();
        assert!(
            e.contains("flyway.conf line 2: expected flyway.<key>=<value>")
                && e.contains("flyway.conf line 3: expected key=value")
                && e.contains("flyway.conf line 4: cleanDisabled"),
            "{e}"
        );
        let (_d, s) = load(&[("flyway.toml", "[flyway\n")], &[], None);
        assert!(s.unwrap_err().contains("flyway.toml"));
        let (_d, s) = load(&[], &[("FLYWAY_CONFIG_FILES", "missing.toml")], None);
        assert!(s.unwrap_err().contains("cannot read"));
    }
}
