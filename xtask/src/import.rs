//! `cargo xtask import`: an existing database → definitions in the style of `schema-defs/`,
//! one module per schema plus a `mod.rs` whose `builder()` registers them all.
//!
//! The source is a live database (`--database-url`) or a `pg_dump --schema-only` file
//! (`--dump`). A dump is loaded into a throw-away database first, through hims-testdb's
//! machinery: an ephemeral PostgreSQL cluster started by this process and removed when it
//! exits (PostgreSQL server binaries needed), or, with `DATABASE_URL` set, a fresh database
//! created on that server and dropped afterwards. Roles the dump assigns ownership or
//! privileges to are created (NOLOGIN) in an ephemeral cluster; on a `DATABASE_URL` server,
//! where roles are shared, they must exist already (or dump with `--no-owner --no-privileges`).
//!
//! Everything the model cannot hold is reported by name (`hims_pg::unsupported`), never
//! dropped silently; what the generated definitions will not reproduce exactly, or what the
//! model builder will refuse, is reported too (`hims_codegen::review`). Files are written
//! atomically (temp file + rename), all or nothing.

use clap::Args;
use hims_pg::unsupported::{Handling, Unsupported};
use std::path::{Path, PathBuf};

/// Import an existing database schema as Rust definitions: one module per schema and a
/// `mod.rs` registering them; everything the model cannot hold is listed by name.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The database to read, e.g. postgresql://user@host/db (libpq key=value strings work too).
    #[arg(
        long,
        value_name = "URL",
        required_unless_present = "dump",
        conflicts_with = "dump"
    )]
    pub database_url: Option<String>,
    /// A schema-only dump (`pg_dump --schema-only`), loaded into a throw-away database first.
    #[arg(long, value_name = "FILE")]
    pub dump: Option<PathBuf>,
    /// Schemas to import, comma-separated (default: every schema that is neither a system
    /// schema nor an extension's).
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub schemas: Vec<String>,
    /// Directory to write the modules into, e.g. schema-defs/src/imported/ (relative to the
    /// current directory; created when missing; files of the same names are replaced).
    #[arg(long, value_name = "DIR")]
    pub target: PathBuf,
    /// Also write the complete, idempotent script of what was imported (what `cargo xtask
    /// baseline` writes from the written definitions: the export as a V001), then prove it:
    /// apply it twice to a throw-away database and compare that catalog with the source's,
    /// failing with the differences, by object, when there are any.
    #[arg(long, value_name = "FILE")]
    pub sql: Option<PathBuf>,
}

/// What an import produced, for the caller to print (and tests to inspect).
#[derive(Debug)]
pub struct Imported {
    pub schemas: Vec<String>,
    /// Files written or unchanged, relative to the target directory.
    pub files: Vec<String>,
    pub written: Vec<PathBuf>,
    pub model: hims_model::Model,
    pub unsupported: Vec<Unsupported>,
    /// What the definitions will not reproduce exactly, or the builder will refuse.
    pub review: Vec<String>,
    /// `.rs` files in the target directory this import did not write.
    pub others: Vec<String>,
}

pub fn run(args: &ImportArgs) -> Result<(), String> {
    // The loaded dump lives as long as the client reading it.
    let mut _loaded = None;
    let (mut client, source_conn) = match (&args.database_url, &args.dump) {
        (Some(url), _) => (
            hims_pg::connect(url).map_err(|e| format!("cannot connect: {e}"))?,
            url.clone(),
        ),
        (None, Some(dump)) => {
            let db = load_dump(dump)?;
            let client = db.try_connect().map_err(|e| e.to_string())?;
            let conn = db.conn_str().to_string();
            _loaded = Some(db);
            (client, conn)
        }
        (None, None) => return Err("give --database-url or --dump".into()),
    };
    let imported = import(&mut client, &args.schemas, &args.target)?;
    print_report(&imported, &args.target);
    if let Some(sql) = &args.sql {
        let script = write_script(&imported.model, sql)?;
        println!(
            "\nwrote {} (the complete, idempotent script of what was imported)",
            sql.display()
        );
        prove(&mut client, &source_conn, &imported.schemas, &script, sql)?;
    }
    Ok(())
}

/// The complete script of `model`, exactly as `cargo xtask baseline` would write it for
/// definitions that build this model: the export converted into a V001.
pub fn script(model: &hims_model::Model) -> String {
    let mut model = hims_codegen::as_defined(model);
    model.canonicalize();
    let header = hims_render::BaselineHeader {
        file_name: hims_migrations::BASELINE_MIGRATION.to_string(),
        regenerate: hims_migrations::REGENERATE.to_string(),
    };
    hims_render::baseline(&model, &header)
}

/// Writes [`script`] to `path` atomically; returns the script.
fn write_script(model: &hims_model::Model, path: &Path) -> Result<String, String> {
    let text = script(model);
    let name = path
        .file_name()
        .ok_or_else(|| format!("--sql {}: not a file name", path.display()))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    hims_migrations::write_all(
        dir,
        &[hims_migrations::GeneratedFile {
            path: PathBuf::from(name),
            contents: text.clone(),
        }],
    )
    .map_err(|e| e.to_string())?;
    Ok(text)
}

/// Applies `script` twice to a throw-away database and compares its catalog with the
/// source's over `schemas`, twice: through introspection (the model's view, extensions
/// included) and through `pg_dump -s` of both (independent of it, and seeing what the model
/// cannot read); an error lists every difference by object.
fn prove(
    source: &mut postgres::Client,
    source_conn: &str,
    schemas: &[String],
    script: &str,
    path: &Path,
) -> Result<(), String> {
    let db = hims_testdb::TestDb::try_new()
        .map_err(|e| format!("cannot get a throw-away database to prove the script in: {e}"))?;
    for run in ["first", "second"] {
        db.psql(script).map_err(|e| {
            format!(
                "{} does not apply ({run} run) to a fresh database:\n{e}",
                path.display()
            )
        })?;
    }
    let mut copy = db.try_connect().map_err(|e| e.to_string())?;
    let names: Vec<&str> = schemas.iter().map(String::as_str).collect();
    let drift = hims_pg::compare(source, &mut copy, &names).map_err(|e| e.to_string())?;
    let dumped = crate::catalog_dump::differences(
        &crate::catalog_dump::schema_dump(source_conn, schemas)?,
        &crate::catalog_dump::schema_dump(db.conn_str(), schemas)?,
    );
    if drift.is_empty() && dumped.is_empty() {
        println!(
            "proved: applied twice to a fresh database, {} gives the same catalog as the source ({}), \
             by introspection and by pg_dump -s (owners and privileges aside)",
            path.display(),
            schemas.join(", ")
        );
        return Ok(());
    }
    let mut lines = Vec::new();
    for (object, changes) in drift.grouped() {
        lines.push(format!("  {object}:"));
        lines.extend(changes.iter().map(|c| format!("    - {c}")));
    }
    if !dumped.is_empty() {
        lines.push("  pg_dump -s of both, by object:".to_string());
        lines.extend(dumped.iter().map(|d| format!("    - {d}")));
    }
    Err(format!(
        "{} applied twice to a fresh database does not give the source's catalog; what the copy lacks or has differently, by object:\n{}",
        path.display(),
        lines.join("\n")
    ))
}

/// A throw-away database holding `dump`. Roles the dump names but the server lacks are
/// created (NOLOGIN) when the server is this process's own ephemeral cluster.
fn load_dump(dump: &Path) -> Result<hims_testdb::TestDb, String> {
    if !dump.is_file() {
        return Err(format!("{}: no such file", dump.display()));
    }
    let mut created_roles = Vec::new();
    loop {
        let db = hims_testdb::TestDb::try_new()
            .map_err(|e| format!("cannot get a throw-away database to load the dump into: {e}"))?;
        let err = match db.psql_file(dump) {
            Ok(()) => {
                if !created_roles.is_empty() {
                    println!(
                        "created role(s) the dump names, in the throw-away cluster: {}",
                        created_roles.join(", ")
                    );
                }
                return Ok(db);
            }
            Err(e) => e.to_string(),
        };
        let missing = missing_role(&err);
        match missing {
            Some(role) if db.cluster().is_ephemeral() && !created_roles.contains(&role) => {
                let sql = format!("CREATE ROLE \"{}\" NOLOGIN", role.replace('"', "\"\""));
                let mut c = db.try_connect().map_err(|e| e.to_string())?;
                c.batch_execute(&sql).map_err(|e| {
                    format!(
                        "cannot create role {role}: {}",
                        hims_testdb::pg_error_message(&e)
                    )
                })?;
                created_roles.push(role);
            }
            _ => {
                return Err(format!(
                    "loading {} failed{}:\n{err}",
                    dump.display(),
                    if missing.is_some() {
                        " (a role it names does not exist on the DATABASE_URL server: create it, or dump with --no-owner --no-privileges)"
                    } else {
                        ""
                    }
                ));
            }
        }
    }
}

/// The role of psql's `ERROR:  role "x" does not exist`.
fn missing_role(psql_error: &str) -> Option<String> {
    let at = psql_error.find("role \"")? + "role \"".len();
    let rest = &psql_error[at..];
    let end = rest.find("\" does not exist")?;
    Some(rest[..end].replace("\"\"", "\""))
}

/// Reads `schemas` (every user schema when empty) of the connected database and writes the
/// modules into `target`.
pub fn import(
    client: &mut postgres::Client,
    schemas: &[String],
    target: &Path,
) -> Result<Imported, String> {
    let available = hims_pg::unsupported::user_schemas(client).map_err(|e| e.to_string())?;
    let explicit = !schemas.is_empty();
    let schemas: Vec<String> = if schemas.is_empty() {
        available.clone()
    } else {
        let unknown: Vec<&String> = schemas.iter().filter(|s| !available.contains(s)).collect();
        if !unknown.is_empty() {
            return Err(format!(
                "no schema {} in the database (its schemas: {})",
                unknown
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                available.join(", ")
            ));
        }
        let mut s = schemas.to_vec();
        s.sort();
        s.dedup();
        s
    };
    if schemas.is_empty() {
        return Err("the database has no schema to import".into());
    }
    let names: Vec<&str> = schemas.iter().map(String::as_str).collect();
    let mut unsupported =
        hims_pg::unsupported::unsupported(client, &names).map_err(|e| e.to_string())?;
    if unsupported.iter().any(|u| u.handling == Handling::Blocks) {
        let lines: Vec<String> = unsupported
            .iter()
            .filter(|u| u.handling == Handling::Blocks)
            .map(|u| format!("  - {u}"))
            .collect();
        return Err(format!(
            "the database has column types the model cannot hold, so it cannot be read; nothing was written:\n{}",
            lines.join("\n")
        ));
    }
    let mut model = hims_pg::introspect(client, &names).map_err(|e| e.to_string())?;
    let schemas = if explicit {
        schemas
    } else {
        // By default, schemas with nothing in them (an untouched `public`) are left alone.
        let used = |s: &String| {
            model.enums.iter().any(|e| &e.schema == s)
                || model.tables.iter().any(|t| &t.schema == s)
                || model.functions.iter().any(|f| &f.schema == s)
                || model.aggregates.iter().any(|a| &a.schema == s)
                || model.views.iter().any(|v| &v.schema == s)
                || model.sequences.iter().any(|q| &q.schema == s)
                || model.domains.iter().any(|d| &d.schema == s)
                || model.composites.iter().any(|c| &c.schema == s)
                || unsupported
                    .iter()
                    .any(|u| u.name.starts_with(&format!("{s}.")))
        };
        let kept: Vec<String> = schemas.into_iter().filter(|s| used(s)).collect();
        model.schemas.retain(|s| kept.contains(&s.name));
        unsupported.retain(|u| match finding_schema(u) {
            Some(s) => kept.iter().any(|k| k == s),
            None => true,
        });
        kept
    };
    if schemas.is_empty() {
        return Err("the database has nothing to import".into());
    }
    leave_out(&mut model, &unsupported);
    // Imported schemas keep the database's names (the naming rules are for definitions
    // written for this project) and get no foreign-key indexes the source does not have.
    for s in &mut model.schemas {
        s.naming_rules = false;
    }
    hims_codegen::infer_dependencies(&mut model);
    let files = hims_codegen::module_files(&model, &schemas).map_err(|e| e.to_string())?;
    let review = hims_codegen::review(&model, &schemas);

    let generated: Vec<hims_migrations::GeneratedFile> = files
        .iter()
        .map(|(name, source)| hims_migrations::GeneratedFile {
            path: PathBuf::from(name),
            contents: source.clone(),
        })
        .collect();
    let written = hims_migrations::write_all(target, &generated).map_err(|e| e.to_string())?;
    let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    let mut others: Vec<String> = std::fs::read_dir(target)
        .map_err(|e| format!("{}: {e}", target.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rs") && !names.contains(n))
        .collect();
    others.sort();
    Ok(Imported {
        schemas,
        files: names,
        written,
        model,
        unsupported,
        review,
        others,
    })
}

/// The schema a finding belongs to; `None` for database-wide objects (extensions, event
/// triggers, default privileges of every schema).
fn finding_schema(u: &Unsupported) -> Option<&str> {
    if u.kind.contains("privileges") {
        return (u.name != "(all schemas)").then_some(u.name.as_str());
    }
    u.name.split_once('.').map(|(s, _)| s)
}

/// Removes from the model what introspection read but the model would render wrong
/// (reported as [`Handling::LeftOut`]): functions by signature, indexes by name.
fn leave_out(model: &mut hims_model::Model, unsupported: &[Unsupported]) {
    let out: Vec<&Unsupported> = unsupported
        .iter()
        .filter(|u| u.handling == Handling::LeftOut)
        .collect();
    model.functions.retain(|f| {
        let signature = format!(
            "{}.{}({})",
            f.schema,
            f.name,
            // The input arguments, as the finding names the routine (proargtypes).
            f.args
                .iter()
                .filter(|a| a.is_input())
                .map(|a| a.ty.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        !out.iter()
            .any(|u| u.kind == f.kind_sql().to_lowercase() && u.name == signature)
    });
    model.aggregates.retain(|a| {
        !out.iter()
            .any(|u| u.kind == "aggregate" && u.name == a.signature())
    });
    for t in &mut model.tables {
        let prefix = format!("{}.{}.", t.schema, t.name);
        t.indexes.retain(|i| {
            !out.iter()
                .any(|u| u.kind == "index" && u.name == format!("{prefix}{}", i.name))
        });
    }
}

fn print_report(imported: &Imported, target: &Path) {
    let m = &imported.model;
    for f in &imported.files {
        let path = target.join(f);
        if imported.written.iter().any(|w| w == Path::new(f)) {
            println!("wrote {}", path.display());
        } else {
            println!("unchanged {}", path.display());
        }
    }
    println!(
        "imported {} schema(s) ({}): {} enum types, {} tables, {} functions, {} views",
        imported.schemas.len(),
        imported.schemas.join(", "),
        m.enums.len(),
        m.tables.len(),
        m.functions.len(),
        m.views.len()
    );
    if !imported.others.is_empty() {
        println!(
            "left as they were (not written by this import): {}",
            imported.others.join(", ")
        );
    }
    let groups = [
        (Handling::Blocks, "cannot be read"),
        (Handling::NotImported, "not imported"),
        (
            Handling::LeftOut,
            "left out (introspection reads it, but the model would render it wrong)",
        ),
        (
            Handling::Approximated,
            "imported without some of their properties",
        ),
    ];
    if imported.unsupported.is_empty() {
        println!("nothing in the database is beyond what the model holds");
    } else {
        println!(
            "\nNOT SUPPORTED: {} object(s) or properties the model cannot hold:",
            imported.unsupported.len()
        );
        for (handling, title) in groups {
            let items: Vec<&Unsupported> = imported
                .unsupported
                .iter()
                .filter(|u| u.handling == handling)
                .collect();
            if items.is_empty() {
                continue;
            }
            println!("  {title}:");
            for u in items {
                println!("    - {u}");
            }
        }
    }
    if !imported.review.is_empty() {
        println!(
            "\nTO REVIEW: {} point(s) where the definitions will not reproduce the database exactly or the model builder will refuse them:",
            imported.review.len()
        );
        for r in &imported.review {
            println!("    - {r}");
        }
    }
    println!(
        "\nnext: declare the modules (e.g. `pub mod imported;` in schema-defs/src/lib.rs) and register them \
         (`imported::builder()`, or each module's `register(&mut b)` in `builder()`), then `cargo xtask baseline`"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_missing_role_is_read_from_psql_s_error() {
        let err = "psql:/tmp/d.sql:40: ERROR:  role \"app_owner\" does not exist";
        assert_eq!(missing_role(err).as_deref(), Some("app_owner"));
        assert_eq!(missing_role("ERROR:  syntax error"), None);
    }
}
