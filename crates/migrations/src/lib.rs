//! The `generated/` directory as a set of files computed from the model.
//!
//! Architecture invariant: file I/O only, no database. Everything under `generated/` is
//! produced here; [`check`] regenerates in memory and reports every file that differs, so
//! the same code backs `cargo xtask check` and the drift test.

pub mod history;

pub mod delta;
pub mod rebase;
pub mod regen;
pub mod repo;

use hims_model::Model;
use hims_render::{BaselineHeader, baseline, schema_reference};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Flyway file name of the complete baseline migration.
pub const BASELINE_MIGRATION: &str = "V001__complete_hims_schema.sql";
/// The command that regenerates `generated/`.
pub const REGENERATE: &str = "cargo xtask baseline";

/// One file under `generated/`, by path relative to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub contents: String,
}

/// Every file the model produces, in path order.
pub fn generate(model: &Model) -> Vec<GeneratedFile> {
    let header = BaselineHeader {
        file_name: BASELINE_MIGRATION.to_string(),
        regenerate: REGENERATE.to_string(),
    };
    let mut files = vec![
        GeneratedFile {
            path: Path::new("migrations").join(BASELINE_MIGRATION),
            contents: baseline(model, &header),
        },
        GeneratedFile {
            path: Path::new("snapshots").join(BASELINE_MIGRATION.replace(".sql", ".json")),
            contents: model.to_canonical_json(),
        },
        GeneratedFile {
            path: Path::new("docs").join("schema.md"),
            contents: schema_reference(model),
        },
    ];
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Write `files` under `root`. Each file is written to a temporary file in its own
/// directory first and renamed into place only after every file was written, so a failure
/// leaves the previous files intact (every target is checked before the first rename; a
/// file is never half-written). Returns the paths whose contents changed.
pub fn write_all(root: &Path, files: &[GeneratedFile]) -> Result<Vec<PathBuf>, WriteError> {
    let mut staged = Vec::new();
    for f in files {
        let target = root.join(&f.path);
        if std::fs::read_to_string(&target).is_ok_and(|old| old == f.contents) {
            continue;
        }
        let dir = target.parent().unwrap_or(root);
        let err = |source| WriteError {
            path: target.clone(),
            source,
        };
        if target.exists() && !target.is_file() {
            return Err(err(std::io::Error::other(
                "exists and is not a regular file",
            )));
        }
        std::fs::create_dir_all(dir).map_err(err)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
        tmp.write_all(f.contents.as_bytes()).map_err(err)?;
        tmp.as_file().sync_all().map_err(err)?;
        staged.push((tmp, target.clone(), f.path.clone()));
    }
    let mut changed = Vec::new();
    for (tmp, target, rel) in staged {
        tmp.persist(&target).map_err(|e| WriteError {
            path: target.clone(),
            source: e.error,
        })?;
        changed.push(rel);
    }
    Ok(changed)
}

/// A generated file that does not match what the definitions produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    Missing {
        path: PathBuf,
    },
    Differs {
        path: PathBuf,
        line: usize,
        expected: String,
        found: String,
    },
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Drift::Missing { path } => write!(f, "generated/{} is missing", path.display()),
            Drift::Differs {
                path,
                line,
                expected,
                found,
            } => write!(
                f,
                "generated/{} is stale: line {line} is\n      {found}\n    but the definitions produce\n      {expected}",
                path.display()
            ),
        }
    }
}

/// Compare `files` with what is on disk under `root`; every difference is reported.
pub fn check(root: &Path, files: &[GeneratedFile]) -> Vec<Drift> {
    let mut drift = Vec::new();
    for f in files {
        match std::fs::read_to_string(root.join(&f.path)) {
            Err(_) => drift.push(Drift::Missing {
                path: f.path.clone(),
            }),
            Ok(on_disk) if on_disk != f.contents => {
                let (line, expected, found) = first_difference(&f.contents, &on_disk);
                drift.push(Drift::Differs {
                    path: f.path.clone(),
                    line,
                    expected,
                    found,
                });
            }
            Ok(_) => {}
        }
    }
    drift
}

fn first_difference(expected: &str, found: &str) -> (usize, String, String) {
    let mut e = expected.lines();
    let mut f = found.lines();
    let mut n = 0;
    loop {
        n += 1;
        match (e.next(), f.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (a, b) => {
                return (
                    n,
                    a.unwrap_or("<end of file>").to_string(),
                    b.unwrap_or("<end of file>").to_string(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: PathBuf::from(path),
            contents: contents.to_string(),
        }
    }

    #[test]
    fn write_then_check_is_clean_and_an_edit_is_reported_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![
            file("migrations/a.sql", "one\ntwo\n"),
            file("snapshots/a.json", "{}\n"),
        ];
        assert_eq!(write_all(dir.path(), &files).unwrap().len(), 2);
        assert!(check(dir.path(), &files).is_empty());
        assert!(
            write_all(dir.path(), &files).unwrap().is_empty(),
            "unchanged files are not rewritten"
        );

        std::fs::write(dir.path().join("migrations/a.sql"), "one\nTWO\n").unwrap();
        std::fs::remove_file(dir.path().join("snapshots/a.json")).unwrap();
        let drift = check(dir.path(), &files);
        assert_eq!(drift.len(), 2);
        assert_eq!(
            drift[0],
            Drift::Differs {
                path: "migrations/a.sql".into(),
                line: 2,
                expected: "two".into(),
                found: "TWO".into()
            }
        );
        assert_eq!(
            drift[1],
            Drift::Missing {
                path: "snapshots/a.json".into()
            }
        );
    }

    #[test]
    fn a_failed_write_leaves_existing_files_untouched() {
        let dir = tempfile::tempdir().unwrap();
        write_all(dir.path(), &[file("migrations/a.sql", "old\n")]).unwrap();
        // A directory where a file should go makes the second write fail.
        std::fs::create_dir_all(dir.path().join("snapshots/b.json")).unwrap();
        let result = write_all(
            dir.path(),
            &[
                file("migrations/a.sql", "new\n"),
                file("snapshots/b.json", "x"),
            ],
        );
        assert!(result.is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("migrations/a.sql")).unwrap(),
            "old\n"
        );
    }
}
