//! The history table: Flyway's DDL, reading rows, writing rows with Flyway's ranks.

use crate::connect::Session;
use crate::error::{Error, db};
use crate::files::{abbreviate_description, abbreviate_script};
use crate::{Config, SCHEMA_CREATION_DESCRIPTION};
use postgres::{Client, GenericClient};

/// Every `type` Flyway may have written; reading any other one is an error, as in Flyway.
pub(crate) const KNOWN_TYPES: &[&str] = &[
    "SQL",
    "SQL_BASELINE",
    "BASELINE",
    "SCHEMA",
    "DELETE",
    "UNDO_SQL",
    "JDBC",
    "JDBC_BASELINE",
    "UNDO_JDBC",
    "SCRIPT",
    "SCRIPT_BASELINE",
    "UNDO_SCRIPT",
    "CUSTOM",
    "UNDO_CUSTOM",
];
/// A PostgreSQL identifier in double quotes, as Flyway quotes it.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
/// One row of the history table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub installed_rank: i32,
    pub version: Option<String>,
    pub description: String,
    /// The `type` column.
    pub kind: String,
    pub script: String,
    pub checksum: Option<i32>,
    /// `installed_on` as PostgreSQL prints a `timestamp`.
    pub installed_on: String,
    pub installed_by: String,
    pub execution_time: i32,
    pub success: bool,
}

/// The DDL Flyway runs for the history table on PostgreSQL (§3), with the baseline row
/// between the table and its constraints when `baseline_row` is given.
pub fn create_history_table_sql(schema: &str, table: &str, baseline_row: Option<&str>) -> String {
    let t = format!("{}.{}", quote_ident(schema), quote_ident(table));
    let mut sql = format!(
        "CREATE TABLE {t} (\n    \"installed_rank\" INT NOT NULL,\n    \"version\" VARCHAR(50),\n    \"description\" VARCHAR(200) NOT NULL,\n    \"type\" VARCHAR(20) NOT NULL,\n    \"script\" VARCHAR(1000) NOT NULL,\n    \"checksum\" INTEGER,\n    \"installed_by\" VARCHAR(100) NOT NULL,\n    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n    \"execution_time\" INTEGER NOT NULL,\n    \"success\" BOOLEAN NOT NULL\n);\n"
    );
    if let Some(row) = baseline_row {
        sql.push_str(row);
        sql.push('\n');
    }
    sql.push_str(&format!(
        "ALTER TABLE {t} ADD CONSTRAINT {} PRIMARY KEY (\"installed_rank\");\nCREATE INDEX {} ON {t} (\"success\");\n",
        quote_ident(&format!("{table}_pk")),
        quote_ident(&format!("{table}_s_idx")),
    ));
    sql
}

pub(crate) fn schema_exists(client: &mut Client, schema: &str) -> Result<bool, Error> {
    client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1)",
            &[&schema],
        )
        .map(|r| r.get(0))
        .map_err(db("look up the history schema"))
}

pub(crate) fn table_exists(client: &mut Client, config: &Config) -> Result<bool, Error> {
    client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p'))",
            &[&config.schema, &config.table],
        )
        .map(|r| r.get(0))
        .map_err(db(format!("look up {}", config.history_table())))
}

pub(crate) fn read_history(
    client: &mut impl GenericClient,
    config: &Config,
) -> Result<Vec<HistoryRow>, Error> {
    let t = config.history_table();
    let rows = client
        .query(
            &format!(
                "SELECT \"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\", \
                 \"installed_on\"::text, \"installed_by\", \"execution_time\", \"success\" FROM {t} ORDER BY \"installed_rank\""
            ),
            &[],
        )
        .map_err(db(format!("read {t}")))?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let row = HistoryRow {
            installed_rank: r.get(0),
            version: r.get(1),
            description: r.get(2),
            kind: r.get(3),
            script: r.get(4),
            checksum: r.get(5),
            installed_on: r.get(6),
            installed_by: r.get(7),
            execution_time: r.get(8),
            success: r.get(9),
        };
        if !KNOWN_TYPES.contains(&row.kind.as_str()) {
            return Err(Error::Refused(format!(
                "{t} installed_rank {}: unknown migration type {:?}",
                row.installed_rank, row.kind
            )));
        }
        out.push(row);
    }
    Ok(out)
}

/// A row to insert; `installed_on` is left to the table default like Flyway does.
pub(crate) struct NewRow<'a> {
    pub(crate) version: Option<&'a str>,
    pub(crate) description: &'a str,
    pub(crate) kind: &'a str,
    pub(crate) script: &'a str,
    pub(crate) checksum: Option<i32>,
    pub(crate) installed_by: &'a str,
    pub(crate) execution_time: i32,
    pub(crate) success: bool,
}

/// Insert a row with the next `installed_rank` (last + 1; on an empty table 0 for a
/// `SCHEMA` row, else 1), as Flyway computes it; returns the rank.
pub(crate) fn insert_row(
    client: &mut impl GenericClient,
    config: &Config,
    row: &NewRow,
) -> Result<i32, Error> {
    let t = config.history_table();
    let max: Option<i32> = client
        .query_one(&format!("SELECT max(\"installed_rank\") FROM {t}"), &[])
        .map_err(db(format!("read {t}")))?
        .get(0);
    let rank = match max {
        Some(m) => m + 1,
        None if row.kind == "SCHEMA" => 0,
        None => 1,
    };
    let description = abbreviate_description(row.description);
    let script = abbreviate_script(row.script);
    client
        .execute(
            &format!(
                "INSERT INTO {t} (\"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            ),
            &[
                &rank,
                &row.version,
                &description,
                &row.kind,
                &script,
                &row.checksum,
                &row.installed_by,
                &row.execution_time,
                &row.success,
            ],
        )
        .map_err(db(format!("insert into {t}")))?;
    Ok(rank)
}

/// Create the history table (and its schema, with Flyway's `SCHEMA` row) when missing, in
/// one transaction. Returns whether it was created.
pub(crate) fn ensure_history(session: &mut Session, config: &Config) -> Result<bool, Error> {
    if table_exists(&mut session.client, config)? {
        return Ok(false);
    }
    let create_schema = !schema_exists(&mut session.client, &config.schema)?;
    let installed_by = session.installed_by.clone();
    let mut tx = session
        .client
        .transaction()
        .map_err(db("begin creating the history table"))?;
    if create_schema {
        tx.batch_execute(&format!("CREATE SCHEMA {}", quote_ident(&config.schema)))
            .map_err(db(format!("create schema {}", quote_ident(&config.schema))))?;
    }
    tx.batch_execute(&create_history_table_sql(
        &config.schema,
        &config.table,
        None,
    ))
    .map_err(db(format!("create {}", config.history_table())))?;
    if create_schema {
        insert_row(
            &mut tx,
            config,
            &NewRow {
                version: None,
                description: SCHEMA_CREATION_DESCRIPTION,
                kind: "SCHEMA",
                script: &quote_ident(&config.schema),
                checksum: None,
                installed_by: &installed_by,
                execution_time: 0,
                success: true,
            },
        )?;
    }
    tx.commit()
        .map_err(db(format!("create {}", config.history_table())))?;
    Ok(true)
}
