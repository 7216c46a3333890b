//! `cargo xtask bench --only-verify`: how long `gen-migration` spends proving a plan (the
//! previous release copied from its template database, the new files applied by the
//! runner, the catalog compared with the definitions, the undo, the comparison with the
//! previous snapshot), for a one-field edit of the HIMS schema: a nullable column added to
//! `core.patients`.
//!
//! One server for every proof (`DATABASE_URL`, else an ephemeral cluster of this process),
//! so the release's template database is built by the first proof only; each proof then
//! runs `gen_migration` on a fresh copy of `generated/` (under `target/tmp/`), the way
//! `cargo xtask gen-migration` does, with the verifier's stages timed.

use hims_migrations::repo::{GenOptions, Proposal, Verdict, Verifier, gen_migration};
use std::cell::RefCell;
use std::path::Path;
use std::time::{Duration, Instant};

/// The goal on a 2-core machine (issue 9): a warm proof of a one-field edit.
const TARGET: Duration = Duration::from_secs(5);

/// The edit: one nullable text column.
fn edited_model() -> Result<hims_model::Model, String> {
    let mut m = crate::model()?;
    let patients = m
        .tables
        .iter_mut()
        .find(|t| t.schema == "core" && t.name == "patients")
        .ok_or("the HIMS schema has no core.patients")?;
    patients.columns.push(hims_model::Column::new(
        "bench_verify_note",
        hims_model::ColumnType::Text,
        true,
    ));
    Ok(m)
}

/// The verifier, its stages recorded per proof.
struct Timed<'a> {
    inner: hims_verify::DbVerifier<'a>,
    proofs: RefCell<Vec<hims_verify::Timings>>,
}

impl Verifier for Timed<'_> {
    fn verify(&self, proposal: &Proposal) -> Result<Verdict, String> {
        let mut t = hims_verify::Timings::new();
        let verdict = self.inner.verify_timed(proposal, &mut t);
        self.proofs.borrow_mut().push(t);
        verdict
    }
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for entry in
        std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?
    {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| format!("cannot copy {}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

pub fn run(root: &Path, iterations: usize) -> Result<(), String> {
    println!(
        "== verification of a one-field edit (gen-migration's proof on a throw-away database) =="
    );
    let model = edited_model()?;
    let started = Instant::now();
    let server = crate::verify_server()?;
    println!("server ready in {}", secs(started.elapsed()));
    let timed = Timed {
        inner: hims_verify::DbVerifier { server: &server },
        proofs: RefCell::new(Vec::new()),
    };
    let scratch = root.join("target").join("tmp").join("bench-verify");
    let mut totals = Vec::new();
    for i in 0..=iterations {
        let _ = std::fs::remove_dir_all(&scratch);
        copy_dir(&root.join("generated"), &scratch)?;
        let started = Instant::now();
        let generated = gen_migration(
            &scratch,
            &model,
            &GenOptions {
                description: "bench_verify",
                allow: &[],
                dry_run: false,
                empty_template: None,
                verifier: Some(&timed),
                edit_plan: None,
            },
        )
        .map_err(|e| format!("gen-migration of the one-field edit: {e}"))?
        .ok_or("the one-field edit planned no change")?;
        let total = started.elapsed();
        if !generated
            .verified
            .iter()
            .any(|n| n.starts_with("proven: V"))
        {
            return Err(format!(
                "the one-field edit was not proven: {:?}",
                generated.verified
            ));
        }
        let proof = timed.proofs.borrow().last().cloned().unwrap_or_default();
        let verify: Duration = proof.iter().map(|(_, d)| *d).sum();
        println!(
            "  proof {i}{}: {} (gen-migration in all {})",
            if i == 0 {
                " (builds the release template)"
            } else {
                ""
            },
            secs(verify),
            secs(total)
        );
        totals.push(verify);
    }
    let _ = std::fs::remove_dir_all(&scratch);

    let proofs = timed.proofs.borrow();
    println!();
    println!("  {:<44} {:>9} {:>9}", "stage", "first", "median");
    let warm = &proofs[1..];
    for (s, (stage, first)) in proofs[0].iter().enumerate() {
        let mut rest: Vec<Duration> = warm.iter().filter_map(|p| p.get(s).map(|x| x.1)).collect();
        rest.sort();
        let median = rest.get(rest.len() / 2).copied().unwrap_or_default();
        println!("  {:<44} {:>9} {:>9}", stage, secs(*first), secs(median));
    }
    let mut warm_totals = totals[1..].to_vec();
    warm_totals.sort();
    if let (Some(min), Some(max)) = (warm_totals.first(), warm_totals.last()) {
        let median = warm_totals[warm_totals.len() / 2];
        println!();
        println!(
            "  warm proof (template reused), {} run(s): min {}, median {}, max {}; first {}",
            warm_totals.len(),
            secs(*min),
            secs(median),
            secs(*max),
            secs(totals[0])
        );
        println!(
            "  target ≤ {}: {}",
            secs(TARGET),
            if median <= TARGET { "met" } else { "NOT met" }
        );
    }
    Ok(())
}
