//! Lint SQL files with squawk's rules: `cargo run -p hims-lint --example lint_file -- [--all] FILE...`.
//!
//! Without `--all` the hims deployment profile (`LintOptions::hims()`) is used; with it, squawk's
//! defaults. Prints each finding, then a count per rule.

use std::collections::BTreeMap;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut all = false;
    let mut files = Vec::new();
    for arg in std::env::args().skip(1) {
        if arg == "--all" {
            all = true;
        } else {
            files.push(arg);
        }
    }
    let options = if all {
        hims_lint::LintOptions::default()
    } else {
        hims_lint::LintOptions::hims()
    };
    let mut failed = false;
    for file in files {
        let sql = match std::fs::read_to_string(&file) {
            Ok(sql) => sql,
            Err(error) => {
                eprintln!("{file}: {error}");
                failed = true;
                continue;
            }
        };
        match hims_lint::lint_with(&sql, &options) {
            Ok(findings) => {
                let mut per_rule = BTreeMap::<&str, usize>::new();
                for finding in &findings {
                    println!("{file}:{finding}");
                    *per_rule.entry(&finding.rule).or_default() += 1;
                }
                for (rule, count) in per_rule {
                    println!("{file}: {count:>5} {rule}");
                }
                failed |= !findings.is_empty();
            }
            Err(error) => {
                eprintln!("{file}: {error}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
