//! The ephemeral cluster must vanish when its test process ends, however it
//! ends. Each case re-runs this test binary as a child that starts a cluster
//! and then exits; the parent checks that the server and directory are gone.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "HIMS_TESTDB_TEARDOWN_CHILD";

/// Child side; a no-op unless started by `run_child`.
#[test]
fn teardown_child() {
    let Ok(mode) = std::env::var(CHILD_ENV) else {
        return;
    };
    let db = hims_testdb::TestDb::new();
    db.connect()
        .batch_execute("CREATE TABLE t (id int)")
        .unwrap();
    let c = db.cluster();
    println!(
        "CLUSTER pid={} dir={}",
        c.server_pid().unwrap(),
        c.base_dir().unwrap().display()
    );
    match mode.as_str() {
        "abort" => std::process::abort(),
        "panic" => panic!("child panics on purpose"),
        // Leaks the TestDb; only the process exit cleans up.
        _ => std::mem::forget(db),
    }
}

fn run_child(mode: &str) -> (u32, PathBuf) {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "teardown_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, mode)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        // The harness prints "test teardown_child ... " on the same line.
        .find_map(|l| l.split_once("CLUSTER ").map(|(_, rest)| rest))
        .unwrap_or_else(|| {
            panic!(
                "child printed no cluster line:\n{stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let mut pid = None;
    let mut dir = None;
    for part in line.split(' ') {
        if let Some(p) = part.strip_prefix("pid=") {
            pid = Some(p.parse().unwrap());
        } else if let Some(d) = part.strip_prefix("dir=") {
            dir = Some(PathBuf::from(d));
        }
    }
    (pid.unwrap(), dir.unwrap())
}

/// Running and not a zombie.
fn process_alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            let state = stat.rsplit(") ").next().unwrap_or("");
            !state.starts_with('Z')
        }
        Err(_) => false,
    }
}

fn assert_cleaned_up(mode: &str) {
    let (pid, dir) = run_child(mode);
    assert!(
        dir.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("hims-testdb-"),
        "{}",
        dir.display()
    );
    assert!(
        dir.exists() && process_alive(pid),
        "cluster gone too early?"
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while (process_alive(pid) || dir.exists()) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!process_alive(pid), "postgres {pid} still running ({mode})");
    assert!(!dir.exists(), "{} still exists ({mode})", dir.display());
}

#[test]
fn cluster_removed_after_normal_exit() {
    assert_cleaned_up("exit");
}

#[test]
fn cluster_removed_after_abort() {
    assert_cleaned_up("abort");
}

#[test]
fn cluster_removed_after_panic() {
    assert_cleaned_up("panic");
}
