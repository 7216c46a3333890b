//! Migration files: names, checksums, `.sql.conf` sidecars, resolving a directory.

use crate::error::Error;
use hims_migrations::history::{
    MigrationName, Prefix, SIDECAR_SUFFIX, Version, flyway_checksum, parse_migration_name,
};
use std::path::{Path, PathBuf};

/// Flyway's callback event names (`beforeMigrate.sql`, `afterMigrate__x.sql`, …): not run
/// by this runner, so their presence is an error rather than a silent difference.
pub(crate) const CALLBACK_EVENTS: &[&str] = &[
    "beforeMigrate",
    "beforeRepeatables",
    "beforeEachMigrate",
    "beforeEachMigrateStatement",
    "afterEachMigrateStatement",
    "afterEachMigrateStatementError",
    "afterEachMigrate",
    "afterEachMigrateError",
    "afterMigrate",
    "afterMigrateApplied",
    "afterVersioned",
    "afterMigrateError",
    "beforeUndo",
    "beforeEachUndo",
    "beforeEachUndoStatement",
    "afterEachUndoStatement",
    "afterEachUndoStatementError",
    "afterEachUndo",
    "afterEachUndoError",
    "afterUndo",
    "afterUndoError",
    "beforeClean",
    "afterClean",
    "afterCleanError",
    "beforeInfo",
    "afterInfo",
    "afterInfoError",
    "beforeValidate",
    "afterValidate",
    "afterValidateError",
    "beforeBaseline",
    "afterBaseline",
    "afterBaselineError",
    "beforeRepair",
    "afterRepair",
    "afterRepairError",
    "createSchema",
    "beforeCreateSchema",
    "beforeConnect",
    "afterConnect",
];
/// A migration file found in the directory.
#[derive(Debug, Clone)]
pub struct ResolvedMigration {
    pub prefix: Prefix,
    pub version: Version,
    /// The description as Flyway derives it (underscores → spaces), not abbreviated.
    pub description: String,
    /// Path relative to the migrations directory with `/` separators (the `script` column).
    pub script: String,
    /// The file name alone.
    pub file_name: String,
    pub path: PathBuf,
    /// [`flyway_checksum`] of the raw file.
    pub checksum: i32,
    /// The text as executed: decoded as UTF-8 (invalid bytes replaced), BOM removed.
    pub sql: String,
    /// `executeInTransaction` from the `.sql.conf` sidecar.
    pub execute_in_transaction: Option<bool>,
    /// `placeholderReplacement` from the sidecar.
    pub placeholder_replacement: Option<bool>,
}

impl ResolvedMigration {
    /// The `type` of the row a run of this file writes.
    pub fn flyway_type(&self) -> &'static str {
        match self.prefix {
            Prefix::Versioned => "SQL",
            Prefix::Baseline => "SQL_BASELINE",
            Prefix::Undo => "UNDO_SQL",
        }
    }
}

/// Flyway's `abbreviateDescription`: at most 200 characters (197 + "...").
pub fn abbreviate_description(description: &str) -> String {
    if description.chars().count() <= 200 {
        description.to_string()
    } else {
        format!("{}...", description.chars().take(197).collect::<String>())
    }
}

/// Flyway's `abbreviateScript`: at most 1000 characters ("..." + characters 3..1000).
pub fn abbreviate_script(script: &str) -> String {
    if script.chars().count() <= 1000 {
        script.to_string()
    } else {
        format!(
            "...{}",
            script.chars().skip(3).take(997).collect::<String>()
        )
    }
}

pub(crate) struct Sidecar {
    pub(crate) execute_in_transaction: Option<bool>,
    pub(crate) placeholder_replacement: Option<bool>,
}

/// A `.sql.conf` sidecar: `key=value` lines (`#`/`!` comments), the keys Flyway knows.
pub(crate) fn parse_sidecar(text: &str, name: &str) -> Result<Sidecar, String> {
    let mut sidecar = Sidecar {
        execute_in_transaction: None,
        placeholder_replacement: None,
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!(
                "{name} line {}: expected key=value: {line:?}",
                n + 1
            ));
        };
        let (key, value) = (key.trim(), value.trim());
        // Java's Boolean.parseBoolean: "true" in any case, anything else is false.
        let boolean = value.eq_ignore_ascii_case("true");
        match key {
            "executeInTransaction" => sidecar.execute_in_transaction = Some(boolean),
            "placeholderReplacement" => sidecar.placeholder_replacement = Some(boolean),
            "encoding" => {
                if !matches!(value.to_ascii_uppercase().as_str(), "UTF-8" | "UTF8") {
                    return Err(format!(
                        "{name}: encoding={value} is not supported; migrations must be UTF-8"
                    ));
                }
            }
            "shouldExecute" => {
                return Err(format!(
                    "{name}: shouldExecute (Flyway Teams) is not supported by this runner"
                ));
            }
            _ => return Err(format!("{name}: unknown configuration property {key:?}")),
        }
    }
    Ok(sidecar)
}

pub(crate) fn walk(
    dir: &Path,
    base: &Path,
    out: &mut Vec<(String, PathBuf)>,
) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        paths.push(entry.path());
    }
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, base, out)?;
        } else {
            let relative = path
                .strip_prefix(base)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((relative, path));
        }
    }
    Ok(())
}

/// Every `V`, `U` and `B` migration under `dir`, sorted by version then prefix. Reports all
/// problems at once: unreadable files, bad sidecars, two files with the same version and
/// prefix (Flyway: "Found more than one migration with version …"), and repeatable (`R__`)
/// or callback files, which Flyway would run but this runner does not. Other files,
/// including names Flyway cannot parse, are ignored like Flyway does.
pub fn resolve(dir: &Path) -> Result<Vec<ResolvedMigration>, Error> {
    if !dir.is_dir() {
        return Err(Error::Files(vec![format!(
            "the migrations directory {} does not exist",
            dir.display()
        )]));
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files).map_err(|e| Error::Files(vec![e]))?;
    let mut problems = Vec::new();
    let mut found: Vec<ResolvedMigration> = Vec::new();
    for (script, path) in &files {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let is_sql =
            file_name.len() > 4 && file_name[file_name.len() - 4..].eq_ignore_ascii_case(".sql");
        if !is_sql {
            continue;
        }
        let Some(MigrationName {
            prefix,
            version,
            description,
            ..
        }) = parse_migration_name(&file_name)
        else {
            let stem = &file_name[..file_name.len() - 4];
            let head = stem.split_once("__").map_or(stem, |(h, _)| h);
            if head == "R" {
                problems.push(format!(
                    "{script}: repeatable migrations (R__) are not supported by this runner; Flyway would run it"
                ));
            } else if CALLBACK_EVENTS.contains(&head) {
                problems.push(format!(
                    "{script}: Flyway callbacks are not supported by this runner; Flyway would run it"
                ));
            }
            continue;
        };
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                problems.push(format!("cannot read {}: {e}", path.display()));
                continue;
            }
        };
        let sidecar_path = path.with_file_name(format!("{file_name}{SIDECAR_SUFFIX}"));
        let sidecar = match std::fs::read_to_string(&sidecar_path) {
            Ok(text) => match parse_sidecar(&text, &format!("{script}{SIDECAR_SUFFIX}")) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(e);
                    continue;
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Sidecar {
                execute_in_transaction: None,
                placeholder_replacement: None,
            },
            Err(e) => {
                problems.push(format!("cannot read {}: {e}", sidecar_path.display()));
                continue;
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let sql = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
        found.push(ResolvedMigration {
            prefix,
            version,
            description,
            script: script.clone(),
            file_name,
            path: path.clone(),
            checksum: flyway_checksum(&bytes),
            sql,
            execute_in_transaction: sidecar.execute_in_transaction,
            placeholder_replacement: sidecar.placeholder_replacement,
        });
    }
    found.sort_by(|a, b| {
        a.version
            .cmp(&b.version)
            .then(a.prefix.cmp(&b.prefix))
            .then_with(|| a.script.cmp(&b.script))
    });
    for pair in found.windows(2) {
        if pair[0].prefix == pair[1].prefix && pair[0].version == pair[1].version {
            problems.push(format!(
                "Found more than one migration with version {}\nOffenders:\n-> {}\n-> {}",
                pair[1].version, pair[0].script, pair[1].script
            ));
        }
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(Error::Files(problems))
    }
}
