//! Typed hazards: what can go wrong when a change runs on a live database.

use std::fmt;

/// The kinds a user allows with `--allow <kind>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HazardKind {
    /// Rows or values are lost (drop table/column, narrowing type change, enum value removed).
    DataLoss,
    /// Takes an ACCESS EXCLUSIVE lock for longer than a catalog update.
    Locking,
    /// Rewrites the whole table (type change, volatile default).
    Rewrite,
    /// The undo script cannot restore the previous state.
    Irreversible,
    /// Application code still running the old version breaks (a renamed table, column or
    /// enum value; a column that may now be NULL). Needs expand/contract for zero downtime.
    Breaking,
    /// The migration stops on existing rows that do not fit (NULLs in a column that becomes
    /// NOT NULL with nothing to fill them): the data must be fixed first.
    FailsOnData,
}

impl HazardKind {
    pub const ALL: [HazardKind; 6] = [
        HazardKind::DataLoss,
        HazardKind::Locking,
        HazardKind::Rewrite,
        HazardKind::Irreversible,
        HazardKind::Breaking,
        HazardKind::FailsOnData,
    ];

    /// The name used on the command line and in file comments.
    pub fn name(self) -> &'static str {
        match self {
            HazardKind::DataLoss => "data-loss",
            HazardKind::Locking => "locking",
            HazardKind::Rewrite => "rewrite",
            HazardKind::Irreversible => "irreversible",
            HazardKind::Breaking => "breaking",
            HazardKind::FailsOnData => "fails-on-data",
        }
    }

    pub fn parse(s: &str) -> Option<HazardKind> {
        HazardKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// One hazard of one change, with the reason in words.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hazard {
    pub kind: HazardKind,
    pub reason: String,
}

impl Hazard {
    pub fn new(kind: HazardKind, reason: impl Into<String>) -> Self {
        Self {
            kind,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Hazard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.reason)
    }
}
