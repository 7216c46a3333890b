//! The migration directory as a whole: what is released (locked), what the definitions
//! produce at head, and generating the next delta.
//!
//! Before the first delta nothing is released and `V001` is regenerated freely. The first
//! `gen-migration` freezes `V001` into the lock; from then on only new files are added,
//! each locked as it is written, and the always-current complete script lives apart as
//! `schema/complete_hims_schema.sql` and as a Flyway baseline migration `B<head>__…`.

use crate::delta::{self, DeltaPlan, FileHeader, NON_TRANSACTIONAL_CONF, phase_suffix};
use crate::history::{
    LockFile, Prefix, flyway_checksum, migration_file_name, parse_migration_name, verify,
};
use crate::{BASELINE_MIGRATION, Drift, GeneratedFile, check, write_all};
use hims_diff::HazardKind;
use hims_model::Model;
use hims_render::{BaselineHeader, baseline, schema_reference};
use std::path::{Path, PathBuf};

pub const LOCK_FILE: &str = "migrations.lock";
pub const COMPLETE_SCRIPT: &str = "complete_hims_schema.sql";

#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    #[error("cannot read {path}: {message}")]
    Read { path: PathBuf, message: String },
    #[error("{0}")]
    Lock(String),
    #[error("snapshot {path} does not parse: {message}")]
    Snapshot { path: PathBuf, message: String },
    #[error("{0}")]
    Name(#[from] crate::history::NameError),
    #[error("{0}")]
    Write(#[from] crate::WriteError),
    #[error(
        "the plan has hazards you did not allow (nothing was written):\n{}\nreview them, then re-run with {}",
        .hazards.iter().map(|h| format!("  - {h}")).collect::<Vec<_>>().join("\n"),
        .kinds.iter().map(|k| format!("--allow {}", k.name())).collect::<Vec<_>>().join(" ")
    )]
    Refused {
        hazards: Vec<hims_diff::Hazard>,
        kinds: Vec<HazardKind>,
    },
    #[error(
        "the plan is disproved by a throw-away database (nothing was written):\n{}\nfix the definitions (or the engine), or skip the proof with --no-verify",
        .differences.iter().map(|d| format!("  - {}", d.replace('\n', "\n    "))).collect::<Vec<_>>().join("\n")
    )]
    Disproved { differences: Vec<String> },
    #[error("{0}")]
    Other(String),
}

/// What a [`Verifier`] is asked to prove: the migration directory as released, the files
/// the plan adds to it, and the models before and after.
pub struct Proposal<'a> {
    /// `generated/migrations/` as it is on disk (the released files).
    pub migrations_dir: &'a Path,
    /// `(file name, contents)` of every file the plan adds to `migrations/` (V, U, their
    /// `.conf` sidecars, the new baseline migration), in lock order.
    pub files: Vec<(String, &'a str)>,
    /// The versioned migrations the plan adds, in order.
    pub versions: Vec<String>,
    /// The last released snapshot.
    pub old: &'a Model,
    /// The definitions.
    pub new: &'a Model,
}

/// What a [`Verifier`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Every difference, each naming its object; empty when the plan is proven.
    pub differences: Vec<String>,
    /// What was proven, or could not be and why (printed, not refused).
    pub notes: Vec<String>,
}

/// Proves a plan before it is written (`hims-verify` runs it on a throw-away database).
pub trait Verifier {
    /// `Err` when the proof could not be attempted (no server, …).
    fn verify(&self, proposal: &Proposal) -> Result<Verdict, String>;
}

/// `generated/`.
pub struct Repo {
    pub root: PathBuf,
}

impl Repo {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn migrations_dir(&self) -> PathBuf {
        self.root.join("migrations")
    }

    /// The lock, or `None` before the first release.
    pub fn lock(&self) -> Result<Option<LockFile>, RepoError> {
        let path = self.root.join(LOCK_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => LockFile::parse(&text)
                .map(Some)
                .map_err(|e| RepoError::Lock(format!("generated/{LOCK_FILE}: {e}"))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(RepoError::Read {
                path,
                message: e.to_string(),
            }),
        }
    }

    /// Highest `V` version on disk (1 when only the baseline exists).
    pub fn head_version(&self) -> u32 {
        std::fs::read_dir(self.migrations_dir())
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| parse_migration_name(&e.file_name().to_string_lossy()))
            .filter(|m| m.prefix == Prefix::Versioned)
            .filter_map(|m| m.version.as_u32())
            .max()
            .unwrap_or(1)
    }

    /// The snapshot of the newest version that has one: `(file stem, model)`.
    pub fn last_snapshot(&self) -> Result<(String, Model), RepoError> {
        self.snapshot_at_or_before(u32::MAX)
    }

    /// The snapshot of the newest version ≤ `version` that has one.
    pub fn snapshot_at_or_before(&self, version: u32) -> Result<(String, Model), RepoError> {
        let dir = self.root.join("snapshots");
        let mut best: Option<(u32, PathBuf)> = None;
        for entry in std::fs::read_dir(&dir).map_err(|e| RepoError::Read {
            path: dir.clone(),
            message: e.to_string(),
        })? {
            let path = entry
                .map_err(|e| RepoError::Read {
                    path: dir.clone(),
                    message: e.to_string(),
                })?
                .path();
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let Some(stem) = name.strip_suffix(".json") else {
                continue;
            };
            let Some(m) = parse_migration_name(&format!("{stem}.sql")) else {
                continue;
            };
            let Some(v) = m.version.as_u32() else {
                continue;
            };
            if v <= version && best.as_ref().is_none_or(|(b, _)| v > *b) {
                best = Some((v, path));
            }
        }
        let (_, path) =
            best.ok_or_else(|| RepoError::Other(format!("no snapshot under {}", dir.display())))?;
        let text = std::fs::read_to_string(&path).map_err(|e| RepoError::Read {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let model = Model::from_json(&text).map_err(|e| RepoError::Snapshot {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let stem = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        Ok((stem, model))
    }
}

fn complete_script(model: &Model, file_name: &str) -> String {
    baseline(
        model,
        &BaselineHeader {
            file_name: file_name.to_string(),
            regenerate: "cargo xtask baseline".to_string(),
        },
    )
}

/// Files the definitions determine at head. Before the first release that includes `V001`
/// and its snapshot; afterwards those are frozen and only the complete script and the
/// reference document follow the code.
pub fn head_files(model: &Model, released: bool) -> Vec<GeneratedFile> {
    let mut files = vec![
        GeneratedFile {
            path: Path::new("docs").join("schema.md"),
            contents: schema_reference(model),
        },
        GeneratedFile {
            path: Path::new("schema").join(COMPLETE_SCRIPT),
            contents: complete_script(model, COMPLETE_SCRIPT),
        },
    ];
    if !released {
        files.extend(
            crate::generate(model)
                .into_iter()
                .filter(|f| !f.path.starts_with("docs")),
        );
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Everything `cargo xtask check` verifies, as messages (empty = all good).
pub fn check_all(root: &Path, model: &Model) -> Result<Vec<String>, RepoError> {
    let repo = Repo::new(root);
    let lock = repo.lock()?;
    let mut problems = Vec::new();
    if let Some(lock) = &lock {
        problems.extend(verify(root, lock).iter().map(ToString::to_string));
    }
    let drift: Vec<Drift> = check(root, &head_files(model, lock.is_some()));
    problems.extend(
        drift
            .iter()
            .map(|d| format!("{d}\n    run `cargo xtask baseline` and commit")),
    );
    if lock.is_some() {
        let (stem, snapshot) = repo.last_snapshot()?;
        if snapshot.to_canonical_json() != model.to_canonical_json() {
            problems.push(format!(
                "the definitions differ from the last released snapshot generated/snapshots/{stem}.json and no migration covers the change\n    run `cargo xtask gen-migration <description>` and commit"
            ));
        }
    }
    Ok(problems)
}

/// What `gen-migration` did or would do.
#[derive(Debug)]
pub struct Generated {
    pub plan: DeltaPlan,
    /// `(file name, forward SQL)` of each new migration, in order.
    pub migrations: Vec<(String, String)>,
    /// Every file written (relative to `generated/`).
    pub written: Vec<PathBuf>,
    /// What the verifier reported besides differences (empty when not verified).
    pub verified: Vec<String>,
}

/// Options of `cargo xtask gen-migration`.
pub struct GenOptions<'a> {
    pub description: &'a str,
    pub allow: &'a [HazardKind],
    pub dry_run: bool,
    /// `--empty`: a hand-written migration from `template`, the snapshot unchanged.
    pub empty_template: Option<&'a str>,
    /// Prove the plan on a database before writing it (`None`: not proven).
    pub verifier: Option<&'a dyn Verifier>,
    /// Test hook: edit the plan after it is made (to make the engine wrong on purpose and
    /// show the verifier refuses the result).
    #[doc(hidden)]
    pub edit_plan: Option<&'a dyn Fn(&mut DeltaPlan)>,
}

/// Diff the last snapshot against `model` and write the next migration(s), their undo
/// scripts, the new snapshot, the baseline migration at head, the lock entries and the head
/// files. Writes nothing on a dry run, when nothing changed, or when a hazard is refused.
pub fn gen_migration(
    root: &Path,
    model: &Model,
    opts: &GenOptions,
) -> Result<Option<Generated>, RepoError> {
    let repo = Repo::new(root);
    let mut lock = repo.lock()?;
    let (from_stem, old) = repo.last_snapshot()?;
    let head = repo.head_version();
    let command = format!("cargo xtask gen-migration {}", opts.description);

    let mut plan = if opts.empty_template.is_some() {
        DeltaPlan { files: Vec::new() }
    } else {
        delta::try_plan(&old, model).map_err(|e| RepoError::Other(e.to_string()))?
    };
    if let Some(edit) = opts.edit_plan {
        edit(&mut plan);
    }
    if plan.is_empty() && opts.empty_template.is_none() {
        return Ok(None);
    }
    let refused = plan.refused(opts.allow);
    if !refused.is_empty() && !opts.dry_run {
        let mut kinds: Vec<HazardKind> = refused.iter().map(|h| h.kind).collect();
        kinds.sort();
        kinds.dedup();
        return Err(RepoError::Refused {
            hazards: refused.into_iter().cloned().collect(),
            kinds,
        });
    }

    let mut files: Vec<GeneratedFile> = Vec::new();
    let mut migrations = Vec::new();
    let mut version = head;
    let mut lock_order: Vec<String> = Vec::new();
    let push = |files: &mut Vec<GeneratedFile>,
                lock_order: &mut Vec<String>,
                name: String,
                contents: String| {
        lock_order.push(name.clone());
        files.push(GeneratedFile {
            path: Path::new("migrations").join(&name),
            contents,
        });
    };
    if let Some(template) = opts.empty_template {
        version += 1;
        let v = migration_file_name(Prefix::Versioned, version, opts.description)?;
        let u = migration_file_name(Prefix::Undo, version, opts.description)?;
        let fill = |kind: &str| {
            template
                .replace("{{file}}", &v)
                .replace("{{kind}}", kind)
                .replace("{{command}}", &command)
        };
        migrations.push((v.clone(), fill("migration")));
        push(&mut files, &mut lock_order, v.clone(), fill("migration"));
        let undo = format!(
            "-- {u}\n-- Undo of the hand-written {v}: write it, or leave this refusal in place.\nDO $hims$\nBEGIN\n    RAISE EXCEPTION 'no undo written for {v}' USING ERRCODE = 'feature_not_supported';\nEND\n$hims$;\n"
        );
        push(&mut files, &mut lock_order, u, undo);
    } else {
        let several = plan.files.len() > 1;
        for f in &plan.files {
            version += 1;
            let description = if several {
                format!("{}{}", opts.description, phase_suffix(f.phase))
            } else {
                opts.description.to_string()
            };
            let v = migration_file_name(Prefix::Versioned, version, &description)?;
            let u = migration_file_name(Prefix::Undo, version, &description)?;
            let forward = delta::render_forward(
                f,
                &FileHeader {
                    file_name: &v,
                    command: &command,
                    from_snapshot: &from_stem,
                },
            );
            let undo = delta::render_undo(
                f,
                &FileHeader {
                    file_name: &u,
                    command: &command,
                    from_snapshot: &from_stem,
                },
            );
            migrations.push((v.clone(), forward.clone()));
            push(&mut files, &mut lock_order, v.clone(), forward);
            if f.non_transactional() {
                push(
                    &mut files,
                    &mut lock_order,
                    format!("{v}.conf"),
                    NON_TRANSACTIONAL_CONF.to_string(),
                );
            }
            push(&mut files, &mut lock_order, u.clone(), undo);
            if f.non_transactional() {
                push(
                    &mut files,
                    &mut lock_order,
                    format!("{u}.conf"),
                    NON_TRANSACTIONAL_CONF.to_string(),
                );
            }
        }
    }
    let last_description = if opts.empty_template.is_some() || plan.files.len() <= 1 {
        opts.description.to_string()
    } else {
        format!(
            "{}{}",
            opts.description,
            phase_suffix(plan.files.last().expect("non-empty").phase)
        )
    };
    let snapshot_name = migration_file_name(Prefix::Versioned, version, &last_description)?
        .replace(".sql", ".json");
    let snapshot_model = if opts.empty_template.is_some() {
        &old
    } else {
        model
    };
    files.push(GeneratedFile {
        path: Path::new("snapshots").join(&snapshot_name),
        contents: snapshot_model.to_canonical_json(),
    });
    if opts.empty_template.is_none() {
        let b = migration_file_name(Prefix::Baseline, version, "complete_hims_schema")?;
        let contents = complete_script(model, &b);
        push(&mut files, &mut lock_order, b, contents);
    }

    // The lock: freeze V001 on the first release, then every new file in order.
    let mut new_lock = lock.take().unwrap_or_default();
    if new_lock.entries.is_empty() {
        let v001 = repo.migrations_dir().join(BASELINE_MIGRATION);
        let bytes = std::fs::read(&v001).map_err(|e| RepoError::Read {
            path: v001.clone(),
            message: e.to_string(),
        })?;
        new_lock
            .append(BASELINE_MIGRATION, &bytes)
            .map_err(|e| RepoError::Lock(e.to_string()))?;
    }
    for name in &lock_order {
        let contents = &files
            .iter()
            .find(|f| f.path.ends_with(name))
            .expect("file staged")
            .contents;
        new_lock
            .append(name, contents.as_bytes())
            .map_err(|e| RepoError::Lock(e.to_string()))?;
    }
    files.push(GeneratedFile {
        path: PathBuf::from(LOCK_FILE),
        contents: new_lock.render(),
    });
    files.extend(head_files(
        if opts.empty_template.is_some() {
            &old
        } else {
            model
        },
        true,
    ));

    let mut notes = Vec::new();
    if let Some(verifier) = opts.verifier
        && opts.empty_template.is_none()
        && !opts.dry_run
    {
        let staged: Vec<(String, &str)> = lock_order
            .iter()
            .map(|name| {
                let f = files
                    .iter()
                    .find(|f| f.path == Path::new("migrations").join(name))
                    .expect("file staged");
                (name.clone(), f.contents.as_str())
            })
            .collect();
        let versions = migrations.iter().map(|(name, _)| name.clone()).collect();
        let proposal = Proposal {
            migrations_dir: &repo.migrations_dir(),
            files: staged,
            versions,
            old: &old,
            new: model,
        };
        let verdict = verifier.verify(&proposal).map_err(RepoError::Other)?;
        if !verdict.differences.is_empty() {
            return Err(RepoError::Disproved {
                differences: verdict.differences,
            });
        }
        notes = verdict.notes;
    }

    let written = if opts.dry_run {
        Vec::new()
    } else {
        write_all(root, &files)?
    };
    Ok(Some(Generated {
        plan,
        migrations,
        written,
        verified: notes,
    }))
}

/// Flyway checksum of a file's text, for messages.
pub fn checksum_of(text: &str) -> i32 {
    flyway_checksum(text.as_bytes())
}
