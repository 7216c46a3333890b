//! End to end: run `cargo xtask new …` against a copy of the workspace, then compile the
//! copy's schema-defs and dump its model.
//!
//! The nested cargo shares this workspace's target directory so the registry dependencies
//! are compiled once. Cargo names path crates' artifacts by their path relative to the
//! workspace root, so a same-layout copy would share — and overwrite — this workspace's own
//! hims-schema-defs artifacts: the copy therefore sits one level down, `<base>/ws/…`, under a
//! workspace manifest `<base>/Cargo.toml` whose paths say `ws/…`. The copy lives at a fixed
//! place and keeps the sources' modification times, so later runs rebuild only schema-defs.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant, SystemTime};

/// Copied into `<base>/ws/`; the workspace's Cargo.toml and Cargo.lock go to `<base>/`.
const COPIED: &[&str] = &["crates", "schema-defs", "xtask", "tests", "templates"];

/// The copy's subdirectory under the workspace root.
const WS: &str = "ws";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// `<target>/tmp`, provided by cargo to integration tests.
fn target_tmp() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
}

/// Serialises concurrent runs of this test (they share the copy). A lock older than
/// `STALE` is taken to be left over from a killed run.
struct Lock(PathBuf);

impl Lock {
    const STALE: Duration = Duration::from_secs(30 * 60);

    fn acquire(path: PathBuf) -> Lock {
        let started = Instant::now();
        loop {
            match fs::create_dir(&path) {
                Ok(()) => return Lock(path),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let age = fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| SystemTime::now().duration_since(t).ok());
                    if age.is_some_and(|a| a > Self::STALE) {
                        let _ = fs::remove_dir(&path);
                        continue;
                    }
                    assert!(
                        started.elapsed() < Self::STALE,
                        "{} is held by another run",
                        path.display()
                    );
                    std::thread::sleep(Duration::from_millis(500));
                }
                Err(e) => panic!("cannot create {}: {e}", path.display()),
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_dir(&self.0);
    }
}

/// Copy `from` to `to` recursively, skipping `target/` and dot-directories, keeping
/// modification times (cargo's fingerprints of path crates compare them).
fn copy_tree(from: &Path, to: &Path) {
    let meta = fs::metadata(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    if meta.is_dir() {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name();
            let name_str = name.to_string_lossy();
            if name_str == "target" || name_str.starts_with('.') {
                continue;
            }
            copy_tree(&entry.path(), &to.join(&name));
        }
    } else {
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(from, to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
        let f = fs::File::options().write(true).open(to).unwrap();
        f.set_modified(meta.modified().unwrap()).unwrap();
    }
}

/// The workspace manifest with every member and path dependency moved under `prefix/`.
fn relocate_manifest(manifest: &str, prefix: &str) -> String {
    let mut members = false;
    let out: Vec<String> = manifest
        .lines()
        .map(|line| {
            let key = line.split('=').next().unwrap_or("").trim();
            if matches!(key, "members" | "default-members" | "exclude") {
                assert!(
                    line.trim_end().ends_with(']'),
                    "relocate_manifest expects `{key} = [...]` on one line: {line}"
                );
                members |= key == "members";
                line.split('"')
                    .enumerate()
                    .map(|(i, part)| {
                        if i % 2 == 1 {
                            format!("{prefix}/{part}")
                        } else {
                            part.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\"")
            } else {
                line.replace("path = \"", &format!("path = \"{prefix}/"))
            }
        })
        .collect();
    assert!(members, "no `members = [...]` in the workspace manifest");
    out.join("\n") + "\n"
}

fn show(out: &Output) -> String {
    format!(
        "status: {}\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn xtask_new(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("new")
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run xtask")
}

/// Run cargo for hims-schema-defs in the copy's workspace `root`.
fn cargo(root: &Path, args: &[&str]) -> Output {
    let target_dir = target_tmp()
        .parent()
        .expect("CARGO_TARGET_TMPDIR is <target>/tmp")
        .to_path_buf();
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(root)
        .args(args)
        .args(["--offline", "--locked", "-p", "hims-schema-defs"])
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("run cargo")
}

#[test]
fn scaffolded_tables_and_schemas_compile_and_appear_in_the_model() {
    let base = target_tmp().join("xtask-scaffold-e2e");
    fs::create_dir_all(target_tmp()).unwrap();
    let _lock = Lock::acquire(target_tmp().join("xtask-scaffold-e2e.lock"));
    if base.exists() {
        fs::remove_dir_all(&base).unwrap();
    }
    let real = workspace();
    let ws = base.join(WS);
    for item in COPIED {
        copy_tree(&real.join(item), &ws.join(item));
    }
    let manifest = fs::read_to_string(real.join("Cargo.toml")).unwrap();
    fs::write(base.join("Cargo.toml"), relocate_manifest(&manifest, WS)).unwrap();
    fs::copy(real.join("Cargo.lock"), base.join("Cargo.lock")).unwrap();

    for args in [
        &["table", "core.widget_notes"][..],
        &[
            "schema",
            "pharmacy",
            "--comment",
            "Drug stock and dispensing",
        ],
        &["table", "pharmacy.stock_items"],
    ] {
        let out = xtask_new(&ws, args);
        assert!(out.status.success(), "xtask new {args:?}\n{}", show(&out));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("created ") && stdout.contains("cargo xtask baseline"),
            "{stdout}"
        );
    }
    let src = ws.join("schema-defs/src");
    let widget = fs::read_to_string(src.join("core/widget_notes.rs")).unwrap();
    assert!(widget.contains("pub struct WidgetNote {"), "{widget}");
    let core = fs::read_to_string(src.join("core.rs")).unwrap();
    assert!(core.contains("pub use widget_notes::{WidgetNote, WidgetNoteIden};"));
    assert!(core.contains("b.table::<WidgetNote>();"));

    // Refusals through the CLI write nothing.
    let before = (core.clone(), widget.clone());
    let out = xtask_new(&ws, &["table", "core.widget_notes"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("already exists"),
        "{}",
        show(&out)
    );
    let out = xtask_new(&ws, &["table", "nowhere.things"]);
    assert!(
        !out.status.success() && String::from_utf8_lossy(&out.stderr).contains("does not exist"),
        "{}",
        show(&out)
    );
    let after = (
        fs::read_to_string(src.join("core.rs")).unwrap(),
        fs::read_to_string(src.join("core/widget_notes.rs")).unwrap(),
    );
    assert_eq!(before, after);
    assert!(!src.join("nowhere").exists());

    let check = cargo(&base, &["check", "--quiet"]);
    assert!(check.status.success(), "cargo check\n{}", show(&check));
    // The scaffolded code compiles without warnings of its own.
    let stderr = String::from_utf8_lossy(&check.stderr);
    for file in ["widget_notes.rs", "stock_items.rs", "pharmacy.rs"] {
        assert!(!stderr.contains(file), "warnings in {file}:\n{stderr}");
    }

    // Build, then run the example's own artifact: `cargo run` would run the copy in
    // target/debug/examples/, which every workspace sharing the target directory relinks.
    let build = cargo(
        &base,
        &["build", "--example", "dump", "--message-format=json"],
    );
    assert!(
        build.status.success(),
        "cargo build --example dump\n{}",
        show(&build)
    );
    let exe = String::from_utf8_lossy(&build.stdout)
        .lines()
        .filter(|l| {
            l.contains("\"reason\":\"compiler-artifact\"") && l.contains("\"name\":\"dump\"")
        })
        .find_map(|l| {
            let rest = &l[l.find("\"executable\":\"")? + "\"executable\":\"".len()..];
            Some(PathBuf::from(&rest[..rest.find('"')?]))
        })
        .unwrap_or_else(|| panic!("no executable for the dump example\n{}", show(&build)));
    let dump = Command::new(&exe).output().expect("run dump");
    assert!(dump.status.success(), "{}\n{}", exe.display(), show(&dump));
    let json = String::from_utf8_lossy(&dump.stdout);
    for needle in [
        "\"name\": \"widget_notes\"",
        "\"name\": \"stock_items\"",
        "\"name\": \"pharmacy\"",
        "Drug stock and dispensing",
    ] {
        assert!(json.contains(needle), "{needle} not in the dumped model");
    }
}

#[test]
fn manifest_relocation_prefixes_members_and_paths() {
    let manifest = "[workspace]\nmembers = [\"crates/*\", \"schema-defs\"]\n\n[workspace.dependencies]\nhims-model = { path = \"crates/model\" }\nserde = \"1\"\n";
    assert_eq!(
        relocate_manifest(manifest, "ws"),
        "[workspace]\nmembers = [\"ws/crates/*\", \"ws/schema-defs\"]\n\n[workspace.dependencies]\nhims-model = { path = \"ws/crates/model\" }\nserde = \"1\"\n"
    );
}
