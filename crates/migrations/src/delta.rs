//! A plan (old snapshot → current definitions) split into migration files, each rendered
//! with its undo script.

use hims_diff::{Change, Hazard, HazardKind, Phase, diff};
use hims_model::Model;
use hims_render::{RenderedChange, render_change};
use std::collections::BTreeSet;
use std::fmt::Write;

/// One change of a plan with its SQL, undo and hazards.
#[derive(Debug, Clone)]
pub struct Step {
    pub change: Change,
    pub rendered: RenderedChange,
    pub hazards: Vec<Hazard>,
}

/// The steps that go into one migration file.
#[derive(Debug, Clone)]
pub struct PlannedFile {
    pub phase: Phase,
    pub steps: Vec<Step>,
}

impl PlannedFile {
    /// Runs outside a transaction (Flyway `executeInTransaction=false` sidecar).
    pub fn non_transactional(&self) -> bool {
        self.phase == Phase::Online
    }
}

/// Everything `old → new` needs, split into files.
#[derive(Debug, Clone)]
pub struct DeltaPlan {
    pub files: Vec<PlannedFile>,
}

impl DeltaPlan {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.files.iter().flat_map(|f| &f.steps)
    }

    /// Hazard kinds present in the plan that `allowed` does not cover.
    pub fn refused(&self, allowed: &[HazardKind]) -> Vec<&Hazard> {
        self.steps()
            .flat_map(|s| &s.hazards)
            .filter(|h| !allowed.contains(&h.kind))
            .collect()
    }

    pub fn hazard_kinds(&self) -> BTreeSet<HazardKind> {
        self.steps()
            .flat_map(|s| &s.hazards)
            .map(|h| h.kind)
            .collect()
    }
}

/// Diff and render. Enum values are committed in a file of their own when the plan does
/// more (PostgreSQL cannot use a value added in the same transaction); concurrent index
/// builds and validations go to a last file that runs outside a transaction.
/// Panics when the planner refuses its own plan ([`try_plan`] reports it).
pub fn plan(old: &Model, new: &Model) -> DeltaPlan {
    try_plan(old, new).unwrap_or_else(|e| panic!("{e}"))
}

/// [`plan`], or the self-contradictions [`hims_diff::check_plan`] found in it.
pub fn try_plan(old: &Model, new: &Model) -> Result<DeltaPlan, hims_diff::PlanError> {
    let changes = diff(old, new);
    hims_diff::check_plan(old, &changes)?;
    let mut by_phase: Vec<PlannedFile> = Vec::new();
    for change in changes {
        let phase = change.phase();
        let step = Step {
            rendered: render_change(&change, old, new),
            hazards: change.hazards_in(new),
            change,
        };
        match by_phase.iter_mut().find(|f| f.phase == phase) {
            Some(f) => f.steps.push(step),
            None => by_phase.push(PlannedFile {
                phase,
                steps: vec![step],
            }),
        }
    }
    by_phase.sort_by_key(|f| f.phase);
    // New enum values need a file of their own only when this plan also uses them;
    // otherwise they lead the main transaction (PostgreSQL 12+ allows ADD VALUE there).
    if let Some(pos) = by_phase.iter().position(|f| f.phase == Phase::EnumValues) {
        let values: Vec<String> = by_phase[pos]
            .steps
            .iter()
            .filter_map(|s| match &s.change {
                Change::AddEnumValue { value, .. } => Some(hims_render::sql::literal(value)),
                _ => None,
            })
            .collect();
        let used = by_phase
            .iter()
            .filter(|f| f.phase != Phase::EnumValues)
            .flat_map(|f| &f.steps)
            .flat_map(|s| &s.rendered.sql)
            .any(|sql| values.iter().any(|v| sql.contains(v.as_str())));
        // A file of value renames only (no new value) is an ordinary transaction too.
        if !used && (by_phase.len() > 1 || values.is_empty()) {
            let enum_file = by_phase.remove(pos);
            match by_phase.iter_mut().find(|f| f.phase == Phase::Main) {
                Some(main) => {
                    let rest = std::mem::take(&mut main.steps);
                    main.steps = enum_file.steps.into_iter().chain(rest).collect();
                }
                None => by_phase.insert(
                    0,
                    PlannedFile {
                        phase: Phase::Main,
                        steps: enum_file.steps,
                    },
                ),
            }
        }
    }
    Ok(DeltaPlan { files: by_phase })
}

/// Suffix of a file's description for its phase when a plan has several files.
pub fn phase_suffix(phase: Phase) -> &'static str {
    match phase {
        Phase::EnumValues => "_enum_values",
        Phase::Main => "",
        Phase::Online => "_online",
    }
}

fn phase_note(phase: Phase) -> &'static str {
    match phase {
        Phase::EnumValues => {
            "enum values, committed before any later migration uses them (PostgreSQL cannot use a value added in the same transaction)"
        }
        Phase::Main => "runs in one transaction (Flyway's default)",
        Phase::Online => {
            "runs OUTSIDE a transaction (see the .conf sidecar): concurrent index builds and constraint validation that must not hold locks; each statement commits on its own, and each is written so that running the file again after a failure at any of them completes the work (fix the cause, `repair`, `migrate`)"
        }
    }
}

/// Header lines shared by a migration and its undo.
pub struct FileHeader<'a> {
    pub file_name: &'a str,
    pub command: &'a str,
    pub from_snapshot: &'a str,
}

/// The forward script of one planned file.
pub fn render_forward(file: &PlannedFile, header: &FileHeader) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "-- {}", header.file_name);
    let _ = writeln!(
        out,
        "-- GENERATED by `{}` from the difference between snapshot {} and schema-defs/.",
        header.command, header.from_snapshot
    );
    let _ = writeln!(
        out,
        "-- Released migrations are immutable (generated/migrations.lock): change the definitions\n-- and generate a new migration instead of editing this file."
    );
    let _ = writeln!(out, "-- Phase: {}.", phase_note(file.phase));
    let _ = writeln!(out, "--\n-- Plan:");
    for (i, s) in file.steps.iter().enumerate() {
        let _ = writeln!(out, "--   {}. {}", i + 1, s.change.describe());
    }
    let _ = writeln!(out, "\n{}", lock_timeout(file));
    for (i, s) in file.steps.iter().enumerate() {
        let _ = writeln!(out, "\n-- {}. {}", i + 1, s.change.describe());
        for h in &s.hazards {
            let _ = writeln!(out, "-- HAZARD {h}");
        }
        for stmt in &s.rendered.sql {
            let _ = writeln!(out, "{stmt}");
        }
    }
    out
}

/// The undo script: every step's undo, last step first.
pub fn render_undo(file: &PlannedFile, header: &FileHeader) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "-- {}", header.file_name);
    let _ = writeln!(
        out,
        "-- GENERATED by `{}`: undoes the migration of the same version, restoring snapshot {}.",
        header.command, header.from_snapshot
    );
    let _ = writeln!(out, "-- Phase: {}.", phase_note(file.phase));
    let _ = writeln!(out, "\n{}", lock_timeout(file));
    for (i, s) in file.steps.iter().enumerate().rev() {
        let _ = writeln!(out, "\n-- undo {}. {}", i + 1, s.change.describe());
        if s.rendered.undo.is_empty() {
            let _ = writeln!(out, "-- (nothing to undo)");
        }
        for stmt in &s.rendered.undo {
            let _ = writeln!(out, "{stmt}");
        }
    }
    out
}

/// Give up rather than queue behind long transactions: a DDL statement waiting for its lock
/// blocks every query behind it. Re-run the migration at a quieter time if it times out.
fn lock_timeout(file: &PlannedFile) -> &'static str {
    if file.non_transactional() {
        "SET lock_timeout = '10s';"
    } else {
        "SET LOCAL lock_timeout = '10s';"
    }
}

/// Flyway's per-script configuration for a file that must run outside a transaction.
pub const NON_TRANSACTIONAL_CONF: &str = "executeInTransaction=false\n";
