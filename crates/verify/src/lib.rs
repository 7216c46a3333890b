//! Proving a delta before it is written.
//!
//! [`DbVerifier`] builds the previous release in a throw-away database (once per release: a
//! template database named after the hash of the released files, cloned for each proof),
//! puts the plan's new files beside the released ones and applies them with the runner
//! (`hims_runner::migrate`: phases, `.sql.conf` outside-transaction files, history rows,
//! exactly as on a real database), compares the catalog with the definitions the way
//! `drift` does, then runs the undo files (`runner::undo`, newest first) and compares with
//! the previous snapshot. Every difference is reported, grouped by object.
//!
//! *Invariant:* nothing here writes under `generated/`; the proof runs on copies.

use hims_migrations::repo::{Proposal, Verdict, Verifier};
use hims_model::Model;
use hims_runner as runner;
use postgres::Client;
use sha2::{Digest, Sha256};
use std::path::Path;

/// A server the verifier may create and drop databases on.
pub struct Server {
    /// Connection string of a maintenance database (`CREATE DATABASE` runs there).
    admin: String,
    /// Connection string of database `name` on the same server.
    database: Box<dyn Fn(&str) -> String + Send + Sync>,
}

impl Server {
    pub fn new(
        admin: impl Into<String>,
        database: impl Fn(&str) -> String + Send + Sync + 'static,
    ) -> Server {
        Server {
            admin: admin.into(),
            database: Box::new(database),
        }
    }

    fn admin(&self) -> Result<Client, String> {
        hims_pg::connect(&self.admin).map_err(|e| e.to_string())
    }
}

/// Proves plans on `server`.
pub struct DbVerifier<'a> {
    pub server: &'a Server,
}

fn quote(name: &str) -> String {
    runner::quote_ident(name)
}

/// Name of the template database holding the release made of the files in `dir`.
fn template_name(dir: &Path) -> Result<String, String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name())
        .collect();
    names.sort();
    let mut h = Sha256::new();
    for n in &names {
        let bytes = std::fs::read(dir.join(n)).map_err(|e| format!("cannot read {n:?}: {e}"))?;
        h.update(n.to_string_lossy().as_bytes());
        h.update([0]);
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    let hex: String = h
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(format!("hims_verify_release_{hex}"))
}

fn database_exists(admin: &mut Client, name: &str) -> Result<bool, String> {
    admin
        .query_opt(
            "SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1",
            &[&name],
        )
        .map(|r| r.is_some())
        .map_err(|e| hims_pg_message(&e))
}

fn hims_pg_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    }
}

fn unique_suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}_{nanos:08x}", std::process::id())
}

/// Differences between the connected database and `model`, one line per object.
fn compare(url: &str, model: &Model, stage: &str) -> Result<Vec<String>, String> {
    let drift = hims_pg::drift_at(url, model).map_err(|e| e.to_string())?;
    Ok(drift
        .grouped()
        .into_iter()
        .map(|(object, changes)| {
            format!(
                "{stage}: {object} differs; to match it would need: {}",
                changes.join("; ")
            )
        })
        .collect())
}

/// A database dropped when the value goes out of scope.
struct Scratch<'a> {
    server: &'a Server,
    name: String,
}

impl Drop for Scratch<'_> {
    fn drop(&mut self) {
        if let Ok(mut admin) = self.server.admin() {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                quote(&self.name)
            ));
        }
    }
}

impl DbVerifier<'_> {
    /// The template database of the release in `dir`, built on first use (the runner
    /// applies the released files to an empty database: the newest baseline migration and
    /// the versions after it, as for a new deployment).
    pub fn release_template(&self, dir: &Path) -> Result<String, String> {
        let name = template_name(dir)?;
        let mut admin = self.server.admin()?;
        if database_exists(&mut admin, &name)? {
            return Ok(name);
        }
        let building = format!("hims_verify_build_{}", unique_suffix());
        admin
            .batch_execute(&format!(
                "CREATE DATABASE {} TEMPLATE template0",
                quote(&building)
            ))
            .map_err(|e| {
                format!(
                    "cannot create a throw-away database: {}",
                    hims_pg_message(&e)
                )
            })?;
        let scratch = Scratch {
            server: self.server,
            name: building.clone(),
        };
        let config = runner::Config::new((self.server.database)(&building), dir);
        runner::migrate(&config, &mut |_| {}).map_err(|e| {
            format!("the released migrations do not apply to an empty database: {e}")
        })?;
        // Another process may have built the same release meanwhile: then use theirs.
        match admin.batch_execute(&format!(
            "ALTER DATABASE {} RENAME TO {}",
            quote(&building),
            quote(&name)
        )) {
            Ok(()) => std::mem::forget(scratch),
            Err(_) if database_exists(&mut admin, &name)? => {}
            Err(e) => {
                return Err(format!(
                    "cannot keep the release database: {}",
                    hims_pg_message(&e)
                ));
            }
        }
        Ok(name)
    }

    fn clone_of(&self, template: &str) -> Result<Scratch<'_>, String> {
        let name = format!("hims_verify_{}", unique_suffix());
        let mut admin = self.server.admin()?;
        let sql = format!(
            "CREATE DATABASE {} TEMPLATE {}",
            quote(&name),
            quote(template)
        );
        // A concurrent clone of the same template may hold it for a moment.
        let mut tries = 0;
        loop {
            match admin.batch_execute(&sql) {
                Ok(()) => break,
                Err(e) if tries < 20 && hims_pg_message(&e).contains("being accessed") => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Err(e) => {
                    return Err(format!(
                        "cannot copy the release database: {}",
                        hims_pg_message(&e)
                    ));
                }
            }
        }
        Ok(Scratch {
            server: self.server,
            name,
        })
    }
}

/// How long each stage of one proof took, in order (`cargo xtask bench --only-verify`).
pub type Timings = Vec<(&'static str, std::time::Duration)>;

/// Records the time since the previous mark under `stage`.
struct Clock<'a> {
    timings: &'a mut Timings,
    last: std::time::Instant,
}

impl Clock<'_> {
    fn mark(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.timings.push((stage, now - self.last));
        self.last = now;
    }
}

impl Verifier for DbVerifier<'_> {
    fn verify(&self, proposal: &Proposal) -> Result<Verdict, String> {
        self.verify_timed(proposal, &mut Timings::new())
    }
}

impl DbVerifier<'_> {
    /// [`Verifier::verify`], recording the time of each stage in `timings`.
    pub fn verify_timed(
        &self,
        proposal: &Proposal,
        timings: &mut Timings,
    ) -> Result<Verdict, String> {
        let mut clock = Clock {
            timings,
            last: std::time::Instant::now(),
        };
        let verdict = self.prove(proposal, &mut clock);
        clock.mark("drop the copy");
        verdict
    }

    fn prove(&self, proposal: &Proposal, clock: &mut Clock) -> Result<Verdict, String> {
        let template = self.release_template(proposal.migrations_dir)?;
        clock.mark("release template (built on first use)");
        let db = self.clone_of(&template)?;
        clock.mark("copy the release database");
        let url = (self.server.database)(&db.name);

        // The migration directory as it will be: released files and the new ones.
        let dir = tempfile::tempdir().map_err(|e| format!("cannot create a temp dir: {e}"))?;
        for entry in std::fs::read_dir(proposal.migrations_dir)
            .map_err(|e| format!("cannot read {}: {e}", proposal.migrations_dir.display()))?
            .flatten()
        {
            if entry.path().is_file() {
                std::fs::copy(entry.path(), dir.path().join(entry.file_name()))
                    .map_err(|e| format!("cannot copy {:?}: {e}", entry.file_name()))?;
            }
        }
        for (name, contents) in &proposal.files {
            std::fs::write(dir.path().join(name), contents)
                .map_err(|e| format!("cannot write {name}: {e}"))?;
        }
        let config = runner::Config::new(url.clone(), dir.path());
        clock.mark("migrations directory");

        let mut verdict = Verdict::default();
        if let Err(e) = runner::migrate(&config, &mut |_| {}) {
            verdict.differences.push(format!(
                "migrate fails on a database at the previous release:\n{e}"
            ));
            return Ok(verdict);
        }
        clock.mark("migrate (runner)");
        verdict
            .differences
            .extend(compare(&url, proposal.new, "after migrate")?);
        clock.mark("compare with the definitions");
        if !verdict.differences.is_empty() {
            return Ok(verdict);
        }
        verdict.notes.push(format!(
            "proven: {} applied by the runner to a copy of the previous release give the definitions",
            proposal.versions.join(", ")
        ));

        for v in proposal.versions.iter().rev() {
            match runner::undo(&config, &mut |_| {}) {
                Ok(_) => {}
                Err(runner::Error::Statement(e))
                    if e.sqlstate.as_deref() == Some("0A000")
                        && e.message.starts_with("cannot undo:") =>
                {
                    // The undo refuses by design (the plan's `irreversible` hazard).
                    verdict.notes.push(format!(
                        "undo not proven: the undo of {v} refuses by design ({})",
                        e.message
                    ));
                    return Ok(verdict);
                }
                Err(e) => {
                    verdict
                        .differences
                        .push(format!("the undo of {v} fails:\n{e}"));
                    return Ok(verdict);
                }
            }
        }
        clock.mark("undo (runner)");
        verdict
            .differences
            .extend(compare(&url, proposal.old, "after undo")?);
        clock.mark("compare with the previous snapshot");
        if verdict.differences.is_empty() {
            verdict
                .notes
                .push("proven: the undo files give the previous snapshot".to_string());
        }
        Ok(verdict)
    }
}
