//! An independent catalog comparison for `import --sql`: `pg_dump --schema-only` of both
//! databases, split into pg_dump's own objects (the blocks it heads `-- Name: …; Type: …`)
//! and compared object by object. It does not go through our introspection, so it also sees
//! what the model cannot read. Owners and privileges are left out of both dumps (the model
//! does not import them; `import` reports them by name).

use std::collections::BTreeMap;
use std::process::Command;

/// `pg_dump --schema-only --no-owner --no-privileges` of `schemas` of the database at
/// `conn` (any form the runner reads: a URL, a JDBC URL, a libpq key=value string), passed
/// to pg_dump as libpq's variables (which also keeps the password off its command line).
pub fn schema_dump(conn: &str, schemas: &[String]) -> Result<String, String> {
    let info = hims_connect::ConnInfo::parse(conn)?;
    let pg_dump = hims_testdb::pg_tool("pg_dump").map_err(|e| e.to_string())?;
    let mut cmd = Command::new(pg_dump);
    for var in LIBPQ_VARIABLES {
        cmd.env_remove(var);
    }
    cmd.envs(info.libpq_env());
    cmd.args([
        "--schema-only",
        "--no-owner",
        "--no-privileges",
        "--no-password",
    ]);
    for s in schemas {
        // A quoted pattern matches the name exactly (no case folding, no wildcards).
        cmd.arg("--schema")
            .arg(format!("\"{}\"", s.replace('"', "\"\"")));
    }
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run pg_dump: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "pg_dump failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("pg_dump output is not UTF-8: {e}"))
}

/// What libpq reads from the environment that would change the connection `conn` names.
const LIBPQ_VARIABLES: &[&str] = &[
    "PGSERVICE",
    "PGSERVICEFILE",
    "PGHOSTADDR",
    "PGPASSFILE",
    "PGSSLCRL",
    "PGREQUIRESSL",
    "PGTARGETSESSIONATTRS",
];

/// pg_dump's objects: `Name: …; Type: …; Schema: …` → their statements, without the
/// comment lines, blank lines, `SET` lines and psql's `\restrict` guards pg_dump puts between
/// objects. One name can head several blocks (e.g. overloads): kept in order.
pub fn objects(dump: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<(String, Vec<&str>)> = None;
    let mut flush = |cur: &mut Option<(String, Vec<&str>)>| {
        if let Some((key, mut lines)) = cur.take() {
            let between = |l: &&str| {
                l.trim().is_empty()
                    || *l == "--"
                    || l.starts_with("SET ")
                    || l.starts_with("SELECT pg_catalog.set_config")
                    || l.starts_with("\\restrict")
                    || l.starts_with("\\unrestrict")
            };
            while lines.last().is_some_and(between) {
                lines.pop();
            }
            let first = lines
                .iter()
                .position(|l| !between(l))
                .unwrap_or(lines.len());
            out.entry(key)
                .or_default()
                .push(trim_bodies(&lines[first..].join("\n")));
        }
    };
    for line in dump.lines() {
        if let Some(header) = line.strip_prefix("-- Name: ") {
            flush(&mut current);
            // `; Owner: -` (or a name) says nothing about the object itself.
            let key = header.split("; Owner:").next().unwrap_or(header).trim();
            current = Some((key.to_string(), Vec::new()));
        } else if let Some((_, lines)) = current.as_mut() {
            lines.push(line);
        }
    }
    flush(&mut current);
    out
}

/// Function bodies (`AS $tag$…$tag$`) with leading and trailing whitespace trimmed: it has
/// no meaning, and the complete script puts every body on lines of its own.
fn trim_bodies(block: &str) -> String {
    let mut out = String::new();
    let mut rest = block;
    while let Some(at) = rest.find("AS $") {
        let open_end = match rest[at + 4..].find('$') {
            Some(i) => at + 4 + i + 1,
            None => break,
        };
        let tag = &rest[at + 3..open_end];
        if !tag[1..tag.len() - 1]
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_')
        {
            out.push_str(&rest[..open_end]);
            rest = &rest[open_end..];
            continue;
        }
        let Some(close) = rest[open_end..].find(tag) else {
            break;
        };
        out.push_str(&rest[..open_end]);
        out.push_str(rest[open_end..open_end + close].trim());
        out.push_str(tag);
        rest = &rest[open_end + close + tag.len()..];
    }
    out.push_str(rest);
    out
}

/// Every object that differs between the `source` and `copy` dumps, one line each (with the
/// first differing statement line of both when the object is in both).
pub fn differences(source: &str, copy: &str) -> Vec<String> {
    let (a, b) = (objects(source), objects(copy));
    let mut out = Vec::new();
    for (key, blocks) in &a {
        match b.get(key) {
            None => out.push(format!("missing from the copy: {key}")),
            Some(other) if other != blocks => {
                let (x, y) = (blocks.join("\n"), other.join("\n"));
                let (xl, yl): (Vec<&str>, Vec<&str>) = (x.lines().collect(), y.lines().collect());
                let i = xl
                    .iter()
                    .zip(&yl)
                    .position(|(p, q)| p != q)
                    .unwrap_or(xl.len().min(yl.len()));
                out.push(format!(
                    "differs: {key}\n        source: {}\n        copy:   {}",
                    xl.get(i).unwrap_or(&"(ends)"),
                    yl.get(i).unwrap_or(&"(ends)")
                ));
            }
            Some(_) => {}
        }
    }
    for key in b.keys().filter(|k| !a.contains_key(*k)) {
        out.push(format!("only in the copy: {key}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUMP: &str = "SET statement_timeout = 0;\n\n--\n-- Name: app; Type: SCHEMA; Schema: -; Owner: -\n--\n\nCREATE SCHEMA app;\n\n\n--\n-- Name: t; Type: TABLE; Schema: app; Owner: -\n--\n\nCREATE TABLE app.t (\n    id integer\n);\n";

    #[test]
    fn objects_are_read_by_pg_dump_s_headers() {
        let o = objects(DUMP);
        assert_eq!(
            o.keys().collect::<Vec<_>>(),
            [
                "app; Type: SCHEMA; Schema: -",
                "t; Type: TABLE; Schema: app"
            ]
        );
        assert_eq!(
            o["t; Type: TABLE; Schema: app"],
            ["CREATE TABLE app.t (\n    id integer\n);"]
        );
    }

    #[test]
    fn function_bodies_compare_without_their_surrounding_whitespace() {
        assert_eq!(
            trim_bodies("CREATE FUNCTION f() RETURNS int\n    AS $$\n SELECT 1 \n$$;"),
            "CREATE FUNCTION f() RETURNS int\n    AS $$SELECT 1$$;"
        );
        assert_eq!(
            trim_bodies("AS $_$ a $b$ $_$; AS $$x$$"),
            "AS $_$a $b$$_$; AS $$x$$"
        );
        // Inside the body, whitespace counts.
        assert_ne!(trim_bodies("AS $$a  b$$"), trim_bodies("AS $$a b$$"));
    }

    #[test]
    fn differences_name_each_object() {
        assert!(differences(DUMP, DUMP).is_empty());
        let copy = DUMP.replace("id integer", "id bigint");
        let d = differences(DUMP, &copy);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].starts_with("differs: t; Type: TABLE; Schema: app"),
            "{d:?}"
        );
        assert!(
            d[0].contains("source:     id integer") && d[0].contains("copy:       id bigint"),
            "{d:?}"
        );
        let schema_only = &DUMP[..DUMP.find("\n--\n-- Name: t").unwrap()];
        assert_eq!(
            differences(DUMP, schema_only),
            ["missing from the copy: t; Type: TABLE; Schema: app"]
        );
        assert_eq!(
            differences(schema_only, DUMP),
            ["only in the copy: t; Type: TABLE; Schema: app"]
        );
    }
}
