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
    /// The files read, for messages.
    pub sources: Vec<PathBuf>,
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
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
            _ => return Err(format!("unsupported Flyway setting {key:?}")),
        }
        Ok(())
    }

    /// A legacy `flyway.conf`: `flyway.key=value` lines, `#` comments.
    pub fn read_conf(&mut self, text: &str, name: &Path) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
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

    /// A `flyway.toml`: `[flyway]` keys, and `[environments.<name>]` (url, user, password,
    /// schemas) of the environment `[flyway] environment` names (default `default`).
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
        let value_text = |v: &toml::Value| -> String {
            match v {
                toml::Value::String(s) => s.clone(),
                toml::Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_str().map_or_else(|| x.to_string(), String::from))
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.to_string(),
            }
        };
        let flyway = doc.get("flyway").and_then(|f| f.as_table());
        let env_name = environment
            .map(String::from)
            .or_else(|| {
                flyway
                    .and_then(|f| f.get("environment"))
                    .and_then(|e| e.as_str())
                    .map(String::from)
            })
            .unwrap_or_else(|| "default".to_string());
        if let Some(f) = flyway {
            for (k, v) in f {
                if k == "placeholders"
                    && let Some(t) = v.as_table()
                {
                    for (pk, pv) in t {
                        self.placeholders.insert(pk.clone(), value_text(pv));
                    }
                    continue;
                }
                if let Err(e) = self.set(k, &value_text(v)) {
                    problems.push(format!("{} [flyway]: {e}", name.display()));
                }
            }
        }
        let envs = doc.get("environments").and_then(|e| e.as_table());
        match envs
            .and_then(|e| e.get(&env_name))
            .and_then(|e| e.as_table())
        {
            Some(env) => {
                for (k, v) in env {
                    let r = match k.as_str() {
                        "url" | "user" | "password" | "schemas" => self.set(k, &value_text(v)),
                        "driver" | "connectRetries" => Ok(()),
                        _ => Err(format!("unsupported environment setting {k:?}")),
                    };
                    if let Err(e) = r {
                        problems.push(format!("{} [environments.{env_name}]: {e}", name.display()));
                    }
                }
            }
            None if environment.is_some() || envs.is_some() => {
                problems.push(format!("{}: no [environments.{env_name}]", name.display()))
            }
            None => {}
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
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Read the configuration files Flyway would (`flyway.toml`, else `flyway.conf`, in
    /// `dir`; or the comma-separated `FLYWAY_CONFIG_FILES`), then the variables.
    pub fn load(
        dir: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<FlywaySettings, String> {
        let mut s = FlywaySettings::default();
        let mut problems = Vec::new();
        let files: Vec<PathBuf> = match env("FLYWAY_CONFIG_FILES").filter(|v| !v.is_empty()) {
            Some(list_text) => list(&list_text).into_iter().map(PathBuf::from).collect(),
            None => ["flyway.toml", "flyway.conf"]
                .iter()
                .map(|n| dir.join(n))
                .filter(|p| p.is_file())
                .take(1)
                .collect(),
        };
        let environment = env("FLYWAY_ENVIRONMENT").filter(|v| !v.is_empty());
        for f in files {
            let text = match std::fs::read_to_string(&f) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(format!("cannot read {}: {e}", f.display()));
                    continue;
                }
            };
            let r = if f.extension().is_some_and(|e| e == "toml") {
                s.read_toml(&text, &f, environment.as_deref())
            } else {
                s.read_conf(&text, &f)
            };
            if let Err(p) = r {
                problems.extend(p);
            }
            s.sources.push(f);
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
