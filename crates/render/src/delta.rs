//! One change → its SQL and the SQL that undoes it.
//!
//! Forward statements are written so that a re-run after a partial failure is harmless
//! where PostgreSQL allows it (`IF [NOT] EXISTS`, catalog-guarded `DO` blocks). Undo
//! statements restore the previous model exactly; where PostgreSQL cannot (an enum value
//! cannot be removed), the undo refuses to run with a message saying why.

use crate::baseline::{
    add_check, add_constraint, add_exclusion, add_foreign_key_with, add_unique, aggregate,
    aggregate_signature, column_def, composite_attribute, composite_comment, constraint_exists,
    create_composite_unless_exists, create_domain_unless_exists, create_index, create_policy,
    create_sequence, create_table, delete_row, domain_comment, function, function_signature, grant,
    insert_row, role, role_setting, sequence_comment, sequence_owned_by, table_comments, trigger,
    view,
};
use crate::sql::{
    default_value, dollar_quote, ident, ident_list, if_exists, literal, qname, qualified,
    type_name, unless_exists,
};
use hims_diff::{Change, CommentTarget, EnumPosition, FILL_BATCH, Fill};
use hims_model::{
    Aggregate, Check, Column, ColumnType, Deferral, Domain, Function, Grant, GrantObject, Identity,
    Index, Model, Policy, QualifiedName, RowSecurity, Sequence, SequenceOptions, SequenceOwner,
    Table,
};
use sea_query::{Alias, PostgresQueryBuilder};

/// The statements of one change and of its undo (in the order they run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedChange {
    pub sql: Vec<String>,
    pub undo: Vec<String>,
    /// The forward statements earlier versions of the engine wrote for the same change,
    /// when they differ in form only (the online phase before its statements became
    /// re-runnable): `regen-undo` accepts a released file written with them as the same
    /// plan. `None` when the engine always wrote `sql`.
    pub earlier_sql: Option<Vec<String>>,
}

fn stub(q: &QualifiedName) -> Table {
    Table::new(&q.schema, &q.name)
}

fn alter(q: &QualifiedName) -> String {
    format!("ALTER TABLE {}", qname(q))
}

/// `DO` block that stops the script with `message`.
fn refuse(message: &str) -> String {
    let body = format!(
        "\nBEGIN\n    RAISE EXCEPTION '%', {} USING ERRCODE = 'feature_not_supported';\nEND\n",
        literal(message)
    );
    format!("DO {};", dollar_quote(&body))
}

/// `DROP [MATERIALIZED] VIEW IF EXISTS` (a materialized view's indexes go with it).
fn drop_view(v: &hims_model::View) -> String {
    format!(
        "DROP {} IF EXISTS {};",
        v.kind_sql(),
        qname(&v.qualified_name())
    )
}

fn comment_sql(target: &CommentTarget, text: &Option<String>) -> String {
    let what = match target {
        CommentTarget::Schema(s) => format!("SCHEMA {}", ident(s)),
        CommentTarget::Type(q) => format!("TYPE {}", qname(q)),
        CommentTarget::Table(q) => format!("TABLE {}", qname(q)),
        CommentTarget::Column(q, c) => format!("COLUMN {}.{}", qname(q), ident(c)),
        CommentTarget::View(q) => format!("VIEW {}", qname(q)),
        CommentTarget::MaterializedView(q) => format!("MATERIALIZED VIEW {}", qname(q)),
        CommentTarget::Sequence(q) => format!("SEQUENCE {}", qname(q)),
        CommentTarget::Domain(q) => format!("DOMAIN {}", qname(q)),
    };
    let value = text
        .as_deref()
        .map(literal)
        .unwrap_or_else(|| "NULL".into());
    format!("COMMENT ON {what} IS {value};")
}

fn column_comment(table: &QualifiedName, c: &Column) -> Vec<String> {
    c.comment
        .iter()
        .map(|text| {
            comment_sql(
                &CommentTarget::Column(table.clone(), c.name.clone()),
                &Some(text.clone()),
            )
        })
        .collect()
}

fn add_column(table: &QualifiedName, c: &Column) -> Vec<String> {
    let mut stmt = sea_query::Table::alter();
    stmt.table((Alias::new(&table.schema), Alias::new(&table.name)))
        .add_column_if_not_exists(column_def(c));
    let mut v = vec![format!("{};", stmt.to_string(PostgresQueryBuilder))];
    v.extend(column_comment(table, c));
    v
}

/// The undo of dropping column `c`: added back. A NOT NULL column with nothing to fill it
/// (no default, not generated, no identity) cannot come back on a table with rows — their
/// values went with the drop: the undo adds it nullable, refuses while rows exist (saying
/// so), and sets NOT NULL on an empty table.
fn restore_column(table: &QualifiedName, c: &Column) -> Vec<String> {
    let fills = c.nullable || c.default.is_some() || c.generated.is_some() || c.identity.is_some();
    if fills {
        return add_column(table, c);
    }
    let mut nullable = c.clone();
    nullable.nullable = true;
    let mut v = add_column(table, &nullable);
    let message = format!(
        "cannot undo: {table}.{} was dropped with its values and is NOT NULL without a default; % row(s) have no value for it (restore them from a backup, or empty the table)",
        c.name
    );
    let body = format!(
        "\nDECLARE\n    n bigint;\nBEGIN\n    SELECT count(*) INTO n FROM {};\n    IF n > 0 THEN\n        RAISE EXCEPTION {}, n USING ERRCODE = 'not_null_violation';\n    END IF;\nEND\n",
        qname(table),
        literal(&message)
    );
    v.push(format!("DO {};", dollar_quote(&body)));
    v.push(format!(
        "{} ALTER COLUMN {} SET NOT NULL;",
        alter(table),
        ident(&c.name)
    ));
    v
}

fn drop_column(table: &QualifiedName, c: &Column) -> String {
    format!("{} DROP COLUMN IF EXISTS {};", alter(table), ident(&c.name))
}

/// Whether PostgreSQL converts `from` to `to` on its own (assignment cast), so no USING.
fn implicit_conversion(from: &ColumnType, to: &ColumnType) -> bool {
    use ColumnType as T;
    matches!(
        (from, to),
        (T::Varchar(_), T::Varchar(_) | T::Text)
            | (T::Char(_), T::Varchar(_) | T::Text | T::Char(_))
            | (T::Text, T::Varchar(_))
            | (T::SmallInt, T::Integer | T::BigInt | T::Numeric(_))
            | (T::Integer, T::BigInt | T::Numeric(_) | T::SmallInt)
            | (T::BigInt, T::Numeric(_) | T::Integer | T::SmallInt)
            | (T::Numeric(_), T::Numeric(_))
            | (T::Real, T::DoublePrecision)
            | (T::Timestamp, T::Timestamptz)
            | (T::Json, T::Jsonb)
    )
}

/// Whether `col::to` type-checks: PostgreSQL has a cast from `from` to `to`. Otherwise the
/// value goes through its text form (`col::text::to`), which every type has (enums, `date`
/// to `smallint`); values that do not parse make the statement fail, which the data-loss
/// hazard of such a change announces.
fn direct_cast(from: &ColumnType, to: &ColumnType) -> bool {
    use ColumnType as T;
    let number = |t: &T| {
        matches!(
            t,
            T::SmallInt | T::Integer | T::BigInt | T::Real | T::DoublePrecision | T::Numeric(_)
        )
    };
    let string = |t: &T| matches!(t, T::Text | T::Varchar(_) | T::Char(_));
    let moment = |t: &T| {
        matches!(
            t,
            T::Date | T::Timestamp | T::Timestamptz | T::TimestampP(_) | T::TimestamptzP(_)
        )
    };
    match (from, to) {
        (T::Enum { .. }, _) | (_, T::Enum { .. }) => false,
        (a, b) if string(a) || string(b) => true,
        (a, b) if number(a) && number(b) => true,
        (a, b) if moment(a) && moment(b) => true,
        (T::Timestamp | T::Timestamptz | T::Interval, T::Time) => true,
        (T::Json | T::Jsonb, T::Json | T::Jsonb) => true,
        (T::Integer, T::Boolean) | (T::Boolean, T::Integer) => true,
        (T::Array(a), T::Array(b)) => direct_cast(a, b),
        _ => false,
    }
}

/// `relabel`: one type is a domain over the other, a plain cast converts.
fn change_type(table: &QualifiedName, from: &Column, to: &Column, relabel: bool) -> Vec<String> {
    let col = ident(&to.name);
    let mut v = Vec::new();
    if from.default.is_some() {
        // A default of the old type may not cast: drop it, convert, set the new one.
        v.push(format!("{} ALTER COLUMN {col} DROP DEFAULT;", alter(table)));
    }
    // A generated column is computed again from its expression: no USING (PostgreSQL
    // refuses one).
    // The same type under a new collation needs no conversion: without USING PostgreSQL
    // keeps the table's file (the column's indexes are rebuilt).
    let using =
        if from.ty == to.ty || implicit_conversion(&from.ty, &to.ty) || to.generated.is_some() {
            String::new()
        } else if direct_cast(&from.ty, &to.ty) || relabel {
            format!(" USING {col}::{}", type_name(&to.ty))
        } else {
            format!(" USING {col}::text::{}", type_name(&to.ty))
        };
    // Without COLLATE the column takes the new type's own collation: a collation dropped
    // from the model goes back to the type's.
    let collate = to
        .collation
        .as_ref()
        .map(|c| format!(" COLLATE {}", ident(c)))
        .unwrap_or_default();
    v.push(format!(
        "{} ALTER COLUMN {col} TYPE {}{collate}{using};",
        alter(table),
        type_name(&to.ty)
    ));
    if let Some(d) = &to.default {
        v.push(format!(
            "{} ALTER COLUMN {col} SET DEFAULT {};",
            alter(table),
            default_value(d)
        ));
    }
    v
}

fn identity_sql(kind: Identity) -> &'static str {
    match kind {
        Identity::Always => "ALWAYS",
        Identity::ByDefault => "BY DEFAULT",
    }
}

/// `ADD GENERATED … AS IDENTITY` on a column that holds values: the sequence then continues
/// after the largest one (it would start at 1 and collide).
/// Every option of a sequence, spelled out (`INCREMENT BY 1 MINVALUE 1 … NO CYCLE`), each
/// after `prefix` (`SET ` for an identity column): an alteration that leaves nothing to the
/// values the sequence had.
fn all_sequence_options(ty: &ColumnType, o: &SequenceOptions, prefix: &str) -> String {
    let e = o.effective(ty);
    [
        format!("INCREMENT BY {}", e.increment),
        format!("MINVALUE {}", e.min_value),
        format!("MAXVALUE {}", e.max_value),
        format!("START WITH {}", e.start),
        format!("CACHE {}", e.cache),
        if e.cycle { "CYCLE" } else { "NO CYCLE" }.to_string(),
    ]
    .iter()
    .map(|x| format!("{prefix}{x}"))
    .collect::<Vec<_>>()
    .join(" ")
}

fn alter_sequence(q: &Sequence) -> String {
    let alter = format!(
        "ALTER SEQUENCE {} AS {} {}",
        qname(&q.qualified_name()),
        q.ty,
        all_sequence_options(&q.ty, &q.options, "")
    );
    let e = q.options.effective(&q.ty);
    guarded_sequence_change(
        &literal(&qname(&q.qualified_name())),
        &q.qualified_name().to_string(),
        e,
        &alter,
        "RESTART WITH",
    )
}

/// New options for a sequence that may be in use, as a `DO` block: PostgreSQL refuses
/// options whose range leaves out the sequence's current value, and `START WITH` alone
/// changes nothing for a sequence already created. So: a sequence never used
/// (`is_called` false) is restarted at its new start, as a fresh database has it; one in use
/// keeps its position when the new range holds it, and otherwise the statement is refused
/// with the value and the range (restarting it could hand out numbers already taken).
/// `sequence` is a SQL text expression naming the sequence (a literal, or
/// `pg_get_serial_sequence(…)` for an identity column).
fn guarded_sequence_change(
    sequence: &str,
    shown: &str,
    e: hims_model::EffectiveSequence,
    alter: &str,
    restart: &str,
) -> String {
    let body = format!(
        "
DECLARE
    seq regclass := {sequence}::regclass;
    pos bigint;
    used boolean;
BEGIN
    EXECUTE format('SELECT last_value, is_called FROM %s', seq) INTO pos, used;
    IF NOT used THEN
        {alter} {restart} {start};
    ELSIF pos BETWEEN {min} AND {max} THEN
        {alter};
    ELSE
        RAISE EXCEPTION 'sequence % is at %, outside its new range [%, %]', {shown_lit}, pos, {min}, {max}
            USING ERRCODE = '22003',
                  HINT = 'Move it into the range with setval() (no number it hands out may be taken), then run the migration again.';
    END IF;
END
",
        start = e.start,
        min = e.min_value,
        max = e.max_value,
        shown_lit = literal(shown),
    );
    format!("DO {};", dollar_quote(&body))
}

fn create_sequence_with_comment(q: &Sequence) -> Vec<String> {
    let mut v = vec![create_sequence(q)];
    v.extend(sequence_comment(q));
    v
}

fn owned_by(sequence: &QualifiedName, owner: &Option<SequenceOwner>) -> String {
    let mut q = Sequence::new(&sequence.schema, &sequence.name);
    q.owned_by = owner.clone();
    sequence_owned_by(&q)
}

/// The identity sequence of `table.column`, as a `regclass` expression. Not
/// `pg_get_serial_sequence`: a column may also own a sequence of its own (`OWNED BY`, a
/// dependency of kind `a`), which that function may return instead; an identity's sequence
/// is an internal dependency (`i`).
fn identity_sequence(table: &QualifiedName, column: &str) -> String {
    format!(
        "(SELECT d.objid::regclass FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = {}::regclass AND a.attname = {} AND d.deptype = 'i')",
        literal(&qname(table)),
        literal(column)
    )
}

fn add_identity(table: &QualifiedName, column: &str, kind: Identity) -> Vec<String> {
    let col = ident(column);
    vec![
        format!(
            "{} ALTER COLUMN {col} ADD GENERATED {} AS IDENTITY;",
            alter(table),
            identity_sql(kind)
        ),
        // The next value is max + 1 (`is_called` true at max), or 1 when no row holds a
        // positive value (a sequence starts at 1 and cannot be set below).
        format!(
            "SELECT setval({}, greatest(max({col}), 1), coalesce(max({col}) >= 1, false)) FROM {};",
            identity_sequence(table, column),
            qname(table)
        ),
    ]
}

/// Drop column `from` and add `to` under the same name: a generated column recomputed with
/// another expression (no in-place form in PostgreSQL 15). A plain `ADD COLUMN` (never `IF
/// NOT EXISTS`: the column was just dropped, a no-op would lose it).
fn recompute(table: &QualifiedName, from: &Column, to: &Column) -> Vec<String> {
    let mut stmt = sea_query::Table::alter();
    stmt.table((Alias::new(&table.schema), Alias::new(&table.name)))
        .add_column(column_def(to));
    let mut v = vec![
        format!("{} DROP COLUMN {};", alter(table), ident(&from.name)),
        format!("{};", stmt.to_string(PostgresQueryBuilder)),
    ];
    v.extend(column_comment(table, to));
    v
}

fn set_default(
    table: &QualifiedName,
    column: &str,
    d: &Option<hims_model::DefaultValue>,
) -> String {
    match d {
        Some(d) => format!(
            "{} ALTER COLUMN {} SET DEFAULT {};",
            alter(table),
            ident(column),
            default_value(d)
        ),
        None => format!(
            "{} ALTER COLUMN {} DROP DEFAULT;",
            alter(table),
            ident(column)
        ),
    }
}

/// The statements of [`Change::FillNulls`]: the NULLs of `column` filled `FILL_BATCH` rows
/// at a time, each batch committed on its own (a `DO` block may `COMMIT` when it runs
/// outside a transaction, as the online file does), then a check that none is left.
///
/// With a primary key the batches are key ranges: the first key of a batch and the key
/// `FILL_BATCH` rows on are read through the key's index, and one `UPDATE` fills the NULLs
/// between them, so every statement touches at most `FILL_BATCH` rows whatever the share of
/// NULLs, and no statement scans the table. Without one, batches are row addresses of NULL
/// rows (`ctid`, with `tableoid` for partitions). Rows that already hold a value are never
/// written, so a re-run after a failure at any point only fills what is left.
fn fill_nulls(
    table: &QualifiedName,
    column: &str,
    fill: &Option<Fill>,
    key: &[(String, ColumnType)],
) -> Vec<String> {
    let t = qname(table);
    let col = ident(column);
    let mut v = Vec::new();
    let expr = match fill {
        Some(Fill::Backfill(e)) => Some(format!("({e})")),
        Some(Fill::Default(d)) => Some(default_value(d)),
        None => None,
    };
    if let Some(expr) = &expr {
        let body = if key.is_empty() {
            format!(
                "\nBEGIN\n    LOOP\n        UPDATE {t} SET {col} = {expr}\n        WHERE {col} IS NULL AND ctid = ANY (ARRAY(\n            SELECT ctid FROM {t} WHERE {col} IS NULL AND {expr} IS NOT NULL LIMIT {FILL_BATCH}\n        ));\n        EXIT WHEN NOT FOUND;\n        COMMIT;\n    END LOOP;\nEND\n"
            )
        } else {
            let cols: Vec<String> = key.iter().map(|(k, _)| ident(k)).collect();
            let keys = cols.join(", ");
            let var = |prefix: &str| -> Vec<String> {
                (1..=key.len())
                    .map(|i| format!("hims_{prefix}_{i}"))
                    .collect()
            };
            let (lo, next) = (var("lo"), var("next"));
            let declare: String = lo
                .iter()
                .chain(&next)
                .zip(key.iter().chain(key))
                .map(|(name, (_, ty))| format!("    {name} {};\n", type_name(ty)))
                .collect();
            let (lo, next) = (lo.join(", "), next.join(", "));
            format!(
                "\nDECLARE\n    -- The first key of the batch, and the first key after it.\n{declare}BEGIN\n    SELECT {keys} INTO {lo} FROM {t} ORDER BY {keys} LIMIT 1;\n    IF NOT FOUND THEN\n        RETURN;\n    END IF;\n    LOOP\n        SELECT {keys} INTO {next} FROM {t}\n        WHERE ({keys}) >= ({lo}) ORDER BY {keys} OFFSET {FILL_BATCH} LIMIT 1;\n        IF NOT FOUND THEN\n            UPDATE {t} SET {col} = {expr}\n            WHERE {col} IS NULL AND ({keys}) >= ({lo});\n            COMMIT;\n            EXIT;\n        END IF;\n        UPDATE {t} SET {col} = {expr}\n        WHERE {col} IS NULL AND ({keys}) >= ({lo}) AND ({keys}) < ({next});\n        COMMIT;\n        {assign}\n    END LOOP;\nEND\n",
                assign = (1..=key.len())
                    .map(|i| format!("hims_lo_{i} := hims_next_{i};"))
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        };
        v.push(format!("DO {};", dollar_quote(&body)));
    }
    let (before, after) = if fill.is_some() {
        (
            format!("{table}.{column} is becoming NOT NULL but "),
            " row(s) still hold NULL after the backfill (its expression gave NULL, or rows were written meanwhile): set those rows, then run repair and migrate again; the NOT NULL constraint is not added yet, so the table stays writable",
        )
    } else {
        (
            format!("{table}.{column} is becoming NOT NULL but "),
            " row(s) hold NULL and nothing fills them (no default, no #[column(backfill = \"…\")]): set those rows, then run repair and migrate again; the NOT NULL constraint is not added yet, so the table stays writable",
        )
    };
    let body = format!(
        "\nDECLARE\n    n bigint;\nBEGIN\n    SELECT count(*) INTO n FROM {t} WHERE {col} IS NULL;\n    IF n > 0 THEN\n        RAISE EXCEPTION USING ERRCODE = 'not_null_violation',\n            MESSAGE = {} || n || {};\n    END IF;\nEND\n",
        literal(&before),
        literal(after)
    );
    v.push(format!("DO {};", dollar_quote(&body)));
    v
}

/// `base` followed by `suffix` within PostgreSQL's 63 bytes: a longer name is cut and
/// carries a hash of the whole, so that two long bases stay apart.
fn bounded_name(base: &str, suffix: &str) -> String {
    let name = format!("{base}{suffix}");
    if name.len() <= 63 {
        return name;
    }
    let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    });
    let mut cut = 63 - 9 - suffix.len();
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_{hash:08x}{suffix}", &name[..cut])
}

/// Name of the temporary check that lets `SET NOT NULL` skip its table scan. Not
/// `<table>_<column>_not_null`: PostgreSQL 18 gives that name to the NOT NULL constraint
/// `SET NOT NULL` creates, and would name it `…_not_null1` while the check holds it, unlike
/// a database built from the complete script.
fn not_null_check_name(table: &QualifiedName, column: &str) -> String {
    bounded_name(&format!("{}_{}", table.name, column), "_not_null_check")
}

/// The temporary check's name in released files (before PostgreSQL 18 was considered).
fn earlier_not_null_check_name(table: &QualifiedName, column: &str) -> String {
    bounded_name(&format!("{}_{}", table.name, column), "_not_null")
}

/// Catalog query: the check constraint `name` of `table` exists.
fn check_exists(table: &QualifiedName, name: &str) -> String {
    format!(
        "{} AND contype = 'c'",
        constraint_exists(&stub(table), name)
    )
}

/// Catalog query: column `column` of `table` is NOT NULL. PostgreSQL 18 sets `attnotnull`
/// for a `NOT VALID` NOT NULL constraint too, which guarantees nothing about existing rows:
/// such a column is not NOT NULL yet (`SET NOT NULL` validates it).
fn column_is_not_null(table: &QualifiedName, column: &str) -> String {
    format!(
        "SELECT 1 FROM pg_catalog.pg_attribute a WHERE attrelid = {}::regclass AND attname = {} AND attnotnull \
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint n WHERE n.conrelid = a.attrelid \
         AND n.contype = 'n' AND n.conkey[1] = a.attnum AND NOT n.convalidated)",
        literal(&qname(table)),
        literal(column)
    )
}

/// `SET NOT NULL` without a long lock, outside a transaction, in statements that a re-run
/// after a failure at any of them completes: a `NOT VALID` check (added unless it or the
/// constraint is already there), its validation (under a lock that lets writers in;
/// repeated harmlessly, skipped once the check is gone), `SET NOT NULL` (which the valid
/// check spares its table scan; skipped when already set), and the check removed if present.
fn set_not_null(table: &QualifiedName, column: &str) -> Vec<String> {
    let check = not_null_check_name(table, column);
    let t = alter(table);
    vec![
        unless_exists(
            &format!(
                "{} UNION ALL {}",
                constraint_exists(&stub(table), &check),
                column_is_not_null(table, column)
            ),
            &format!(
                "{t} ADD CONSTRAINT {} CHECK ({} IS NOT NULL) NOT VALID",
                ident(&check),
                ident(column)
            ),
        ),
        if_exists(
            &check_exists(table, &check),
            &format!("{t} VALIDATE CONSTRAINT {}", ident(&check)),
        ),
        unless_exists(
            &column_is_not_null(table, column),
            &format!("{t} ALTER COLUMN {} SET NOT NULL", ident(column)),
        ),
        if_exists(
            &check_exists(table, &check),
            &format!("{t} DROP CONSTRAINT {}", ident(&check)),
        ),
    ]
}

/// What [`set_not_null`] was before its statements were re-runnable (released files).
fn set_not_null_before_rerunnable(table: &QualifiedName, column: &str) -> Vec<String> {
    let check = earlier_not_null_check_name(table, column);
    let t = alter(table);
    vec![
        format!(
            "{t} ADD CONSTRAINT {} CHECK ({} IS NOT NULL) NOT VALID;",
            ident(&check),
            ident(column)
        ),
        format!("{t} VALIDATE CONSTRAINT {};", ident(&check)),
        format!("{t} ALTER COLUMN {} SET NOT NULL;", ident(column)),
        format!("{t} DROP CONSTRAINT {};", ident(&check)),
    ]
}

fn add_primary_key(table: &QualifiedName, key: &hims_model::PrimaryKey) -> String {
    add_constraint(
        &stub(table),
        &key.name,
        &format!(
            "PRIMARY KEY ({}){}",
            ident_list(&key.columns),
            key.deferral.sql()
        ),
    )
}

fn drop_composite(q: &QualifiedName) -> String {
    format!("DROP TYPE IF EXISTS {};", qname(q))
}

fn create_composite_with_comment(c: &hims_model::CompositeType) -> Vec<String> {
    let mut v = vec![create_composite_unless_exists(c)];
    v.extend(composite_comment(c));
    v
}

/// `ALTER TYPE … ADD ATTRIBUTE …`, skipped when the type has the attribute (a re-run:
/// PostgreSQL has no `ADD ATTRIBUTE IF NOT EXISTS`).
fn add_composite_attribute(q: &QualifiedName, a: &hims_model::CompositeAttribute) -> String {
    let exists = format!(
        "SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = (SELECT typrelid FROM pg_catalog.pg_type WHERE oid = {}::regtype) AND attname = {} AND NOT attisdropped",
        literal(&qname(q)),
        literal(&a.name)
    );
    unless_exists(
        &exists,
        &format!(
            "ALTER TYPE {} ADD ATTRIBUTE {}",
            qname(q),
            composite_attribute(a)
        ),
    )
}

fn drop_composite_attribute(q: &QualifiedName, name: &str) -> String {
    format!(
        "ALTER TYPE {} DROP ATTRIBUTE IF EXISTS {};",
        qname(q),
        ident(name)
    )
}

/// `ALTER TYPE … ALTER ATTRIBUTE … TYPE … [COLLATE …]` (a re-run sets the same type).
fn alter_composite_attribute(q: &QualifiedName, a: &hims_model::CompositeAttribute) -> String {
    let mut sql = format!(
        "ALTER TYPE {} ALTER ATTRIBUTE {} TYPE {}",
        qname(q),
        ident(&a.name),
        type_name(&a.ty)
    );
    if let Some(c) = &a.collation {
        sql.push_str(&format!(" COLLATE {}", ident(c)));
    }
    sql.push(';');
    sql
}

fn alter_domain(q: &QualifiedName) -> String {
    format!("ALTER DOMAIN {}", qname(q))
}

fn drop_domain(q: &QualifiedName) -> String {
    format!("DROP DOMAIN IF EXISTS {};", qname(q))
}

fn create_domain_with_comment(d: &Domain) -> Vec<String> {
    let mut v = vec![create_domain_unless_exists(d)];
    v.extend(domain_comment(d));
    v
}

/// `ALTER DOMAIN … ADD CONSTRAINT … CHECK (…) [NOT VALID]`, skipped when the domain has a
/// constraint of that name (a re-run).
fn add_domain_check(domain: &QualifiedName, c: &Check, not_valid: bool) -> String {
    let exists = format!(
        "SELECT 1 FROM pg_catalog.pg_constraint WHERE contypid = {}::regtype AND conname = {}",
        literal(&qname(domain)),
        literal(&c.name)
    );
    unless_exists(
        &exists,
        &format!(
            "{} ADD CONSTRAINT {} CHECK ({}){}",
            alter_domain(domain),
            ident(&c.name),
            c.expr,
            if not_valid { " NOT VALID" } else { "" }
        ),
    )
}

/// The undo of a dropped domain check: added `NOT VALID`, then validated unless a column
/// holds arrays of the domain (PostgreSQL cannot check those values: the check is then
/// kept for new values only, as it would be had it been added `NOT VALID`).
fn restore_domain_check(domain: &QualifiedName, c: &Check) -> Vec<String> {
    let arrays = format!(
        "SELECT 1 FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid \
         WHERE t.typelem = {}::regtype AND t.typcategory = 'A' AND a.attnum > 0 AND NOT a.attisdropped",
        literal(&qname(domain))
    );
    vec![
        add_domain_check(domain, c, true),
        format!(
            "-- Validated unless a column holds arrays of {} (PostgreSQL cannot check them).\n\
             DO $hims$\nBEGIN\n    IF NOT EXISTS ({arrays}) THEN\n        {} VALIDATE CONSTRAINT {};\n    END IF;\nEND\n$hims$;",
            domain,
            alter_domain(domain),
            ident(&c.name)
        ),
    ]
}

fn drop_domain_check(domain: &QualifiedName, name: &str) -> String {
    format!(
        "{} DROP CONSTRAINT IF EXISTS {};",
        alter_domain(domain),
        ident(name)
    )
}

fn drop_constraint(table: &QualifiedName, name: &str) -> String {
    format!(
        "{} DROP CONSTRAINT IF EXISTS {};",
        alter(table),
        ident(name)
    )
}

fn add_check_with(table: &QualifiedName, c: &Check, not_valid: bool) -> String {
    if not_valid {
        add_constraint(
            &stub(table),
            &c.name,
            &format!("CHECK ({}) NOT VALID", c.expr),
        )
    } else {
        add_check(&stub(table), c)
    }
}

fn drop_index(schema: &str, index: &Index, concurrently: bool) -> String {
    format!(
        "DROP INDEX {}IF EXISTS {};",
        if concurrently { "CONCURRENTLY " } else { "" },
        qualified(schema, &index.name)
    )
}

/// `CREATE INDEX CONCURRENTLY` in statements that a re-run completes. A concurrent build
/// that fails (a duplicate key, a cancel, a lost connection) leaves an INVALID index under
/// the name, which `IF NOT EXISTS` would take for the finished one: such an index is first
/// renamed aside (`ALTER INDEX … RENAME` takes only a SHARE UPDATE EXCLUSIVE lock, which
/// writers pass) and dropped concurrently, then the index is built, unless a valid one
/// already has its name.
fn create_index_concurrently(table: &QualifiedName, index: &Index) -> Vec<String> {
    let aside = bounded_name(&index.name, "__invalid");
    let invalid = format!(
        "SELECT 1 FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = {} AND c.relname = {} AND NOT i.indisvalid",
        literal(&table.schema),
        literal(&index.name)
    );
    vec![
        if_exists(
            &invalid,
            &format!(
                "ALTER INDEX {} RENAME TO {}",
                qualified(&table.schema, &index.name),
                ident(&aside)
            ),
        ),
        format!(
            "DROP INDEX CONCURRENTLY IF EXISTS {};",
            qualified(&table.schema, &aside)
        ),
        create_index(&stub(table), index).replacen(
            "INDEX IF NOT EXISTS",
            "INDEX CONCURRENTLY IF NOT EXISTS",
            1,
        ),
    ]
}

fn create_index_with(table: &QualifiedName, index: &Index, concurrently: bool) -> Vec<String> {
    if concurrently {
        create_index_concurrently(table, index)
    } else {
        vec![create_index(&stub(table), index)]
    }
}

/// What a concurrent build was before its statements were re-runnable (released files).
fn create_index_concurrently_before_rerunnable(table: &QualifiedName, index: &Index) -> String {
    create_index(&stub(table), index).replacen("INDEX IF NOT EXISTS", "INDEX CONCURRENTLY", 1)
}

fn row_security_sql(
    table: &QualifiedName,
    from: &Option<RowSecurity>,
    to: &Option<RowSecurity>,
) -> Vec<String> {
    let t = alter(table);
    let mut v = Vec::new();
    match (from, to) {
        (None, Some(r)) => {
            v.push(format!("{t} ENABLE ROW LEVEL SECURITY;"));
            if r.force {
                v.push(format!("{t} FORCE ROW LEVEL SECURITY;"));
            }
        }
        (Some(_), None) => {
            v.push(format!("{t} NO FORCE ROW LEVEL SECURITY;"));
            v.push(format!("{t} DISABLE ROW LEVEL SECURITY;"));
        }
        (Some(a), Some(b)) if a.force != b.force => v.push(if b.force {
            format!("{t} FORCE ROW LEVEL SECURITY;")
        } else {
            format!("{t} NO FORCE ROW LEVEL SECURITY;")
        }),
        _ => {}
    }
    v
}

fn drop_policy(table: &QualifiedName, p: &Policy) -> String {
    format!(
        "DROP POLICY IF EXISTS {} ON {};",
        ident(&p.name),
        qname(table)
    )
}

/// `ALTER POLICY` when PostgreSQL can express the change, else drop and create.
fn alter_policy(table: &QualifiedName, from: &Policy, to: &Policy) -> Vec<String> {
    let removes_clause = (from.using.is_some() && to.using.is_none())
        || (from.with_check.is_some() && to.with_check.is_none());
    if removes_clause {
        return vec![drop_policy(table, from), create_policy(&stub(table), to)];
    }
    let mut sql = format!(
        "ALTER POLICY {} ON {} TO {}",
        ident(&to.name),
        qname(table),
        if to.roles.is_empty() {
            "PUBLIC".to_string()
        } else {
            ident_list(&to.roles)
        }
    );
    if let Some(u) = &to.using {
        sql.push_str(&format!(" USING ({u})"));
    }
    if let Some(c) = &to.with_check {
        sql.push_str(&format!(" WITH CHECK ({c})"));
    }
    sql.push(';');
    vec![sql]
}

fn drop_aggregate(a: &Aggregate) -> String {
    format!("DROP AGGREGATE IF EXISTS {};", aggregate_signature(a))
}

fn drop_function(f: &Function) -> String {
    format!("DROP {} IF EXISTS {};", f.kind_sql(), function_signature(f))
}

fn revoke(model: &Model, g: &Grant) -> Vec<String> {
    grant(model, g)
        .into_iter()
        .map(|s| {
            let s = s.replacen("GRANT ", "REVOKE ", 1);
            match s.rfind(" TO ") {
                Some(i) => format!("{} FROM {}", &s[..i], &s[i + 4..]),
                None => s,
            }
        })
        .collect()
}

/// Privileges `model` gives on `object`.
fn grants_on(model: &Model, object: &GrantObject) -> Vec<String> {
    model
        .grants
        .iter()
        .filter(|g| &g.object == object)
        .flat_map(|g| grant(model, g))
        .collect()
}

/// Re-create `from` as `to` (same name) and copy its rows: the old table is renamed out of
/// the way and loses the constraints and indexes whose names the new one takes (they share
/// the schema's namespace); foreign keys of other tables to it are dropped first and added
/// back to the new table last. Triggers come after the copy, so rows keep their row
/// metadata and the audit log records no copy.
fn rebuild_table(
    from: &Table,
    to: &Table,
    columns: &[(String, String)],
    old: &Model,
    new: &Model,
) -> Vec<String> {
    let q = to.qualified_name();
    let tmp_name = format!("{}__rebuild", from.name);
    let tmp = QualifiedName::new(&from.schema, &tmp_name);
    let referencing = |m: &Model| -> Vec<(Table, hims_model::ForeignKey)> {
        m.tables
            .iter()
            .filter(|t| t.qualified_name() != q)
            .flat_map(|t| {
                t.foreign_keys
                    .iter()
                    .filter(|fk| fk.ref_table == q)
                    .map(move |fk| (t.clone(), fk.clone()))
            })
            .collect()
    };
    let mut v = Vec::new();
    for (t, fk) in referencing(old) {
        v.push(format!(
            "{} DROP CONSTRAINT IF EXISTS {};",
            alter(&t.qualified_name()),
            ident(&fk.name)
        ));
    }
    v.push(format!("{} RENAME TO {};", alter(&q), ident(&tmp_name)));
    if from.partition_by.is_some() {
        // Partitions (the default one, months created by the scheduler) free their names too,
        // at every level: the partitions of a sub-partitioned one are re-created as well.
        v.push(format!(
            "DO $hims$
DECLARE r record;
BEGIN
    FOR r IN SELECT c.relname FROM pg_catalog.pg_partition_tree({}::regclass) p JOIN pg_catalog.pg_class c ON c.oid = p.relid WHERE p.level > 0 LOOP
        EXECUTE format('ALTER TABLE %I.%I RENAME TO %I', {}, r.relname, r.relname || '__rebuild');
    END LOOP;
END
$hims$;",
            literal(&qname(&tmp)),
            literal(&from.schema)
        ));
    }
    let constraints: Vec<&str> = from
        .foreign_keys
        .iter()
        .map(|c| c.name.as_str())
        .chain(from.exclusions.iter().map(|c| c.name.as_str()))
        .chain(from.uniques.iter().map(|c| c.name.as_str()))
        .chain(from.primary_key.iter().map(|c| c.name.as_str()))
        .collect();
    for c in constraints {
        v.push(format!(
            "{} DROP CONSTRAINT IF EXISTS {};",
            alter(&tmp),
            ident(c)
        ));
    }
    for i in &from.indexes {
        v.push(format!(
            "DROP INDEX IF EXISTS {};",
            qualified(&from.schema, &i.name)
        ));
    }
    let mut bare = to.clone();
    let triggers = std::mem::take(&mut bare.triggers);
    v.extend(full_table(&bare));
    let (into, select): (Vec<&str>, Vec<&str>) = columns
        .iter()
        .map(|(a, b)| (b.as_str(), a.as_str()))
        .unzip();
    // A column the target requires but the source allows empty: say so, instead of the
    // copy failing on the first NULL.
    for (a, b) in columns {
        let required = to.column(b).is_some_and(|c| !c.nullable);
        let optional = from.column(a).is_some_and(|c| c.nullable);
        if required && optional {
            let message = format!(
                "cannot rebuild {q}: % rows have NULL {a}, which {q}.{b} requires (resolve or remove them first)"
            );
            v.push(format!(
                "DO $hims$\nDECLARE n bigint;\nBEGIN\n    SELECT count(*) INTO n FROM {} WHERE {} IS NULL;\n    IF n > 0 THEN\n        RAISE EXCEPTION {}, n USING ERRCODE = 'not_null_violation';\n    END IF;\nEND\n$hims$;",
                qname(&tmp),
                ident(a),
                literal(&message)
            ));
        }
    }
    let identity = to.columns.iter().any(|c| c.identity.is_some());
    v.push(format!(
        "INSERT INTO {} ({}){} SELECT {} FROM {};",
        qname(&q),
        ident_list(&into),
        if identity {
            " OVERRIDING SYSTEM VALUE"
        } else {
            ""
        },
        ident_list(&select),
        qname(&tmp)
    ));
    for c in to.columns.iter().filter(|c| c.identity.is_some()) {
        v.push(format!(
            "SELECT pg_catalog.setval({}, max({}), true) FROM {} HAVING max({}) IS NOT NULL;",
            identity_sequence(&q, &c.name),
            ident(&c.name),
            qname(&q),
            ident(&c.name)
        ));
    }
    v.push(format!("DROP TABLE {};", qname(&tmp)));
    v.extend(triggers.iter().map(|tr| trigger(to, tr)));
    v.extend(grants_on(new, &GrantObject::Table(q.clone())));
    for (t, fk) in referencing(new) {
        v.push(add_foreign_key_with(&t, &fk, false));
    }
    v
}

/// The whole table as the baseline creates it, minus foreign keys to `skip_fk_targets`.
fn full_table(t: &Table) -> Vec<String> {
    let mut v = vec![create_table(t)];
    v.extend(t.uniques.iter().map(|u| add_unique(t, u)));
    v.extend(t.checks.iter().map(|c| add_check(t, c)));
    v.extend(t.exclusions.iter().map(|x| add_exclusion(t, x)));
    v.extend(
        t.foreign_keys
            .iter()
            .map(|fk| add_foreign_key_with(t, fk, false)),
    );
    v.extend(t.indexes.iter().map(|i| create_index(t, i)));
    v.extend(table_comments(t));
    let q = t.qualified_name();
    v.extend(row_security_sql(&q, &None, &t.row_security));
    v.extend(t.policies.iter().map(|p| create_policy(t, p)));
    v.extend(t.triggers.iter().map(|tr| trigger(t, tr)));
    v
}

/// A column converted by an enum rebuild.
struct RebuiltColumn<'a> {
    table: &'a QualifiedName,
    column: &'a str,
    /// An array of the enum rather than the enum.
    array: bool,
    /// The column has a default before the conversion (it may not cast: dropped first).
    has_default: bool,
    /// The default after the conversion.
    default: Option<hims_model::DefaultValue>,
}

fn rebuild_enum(
    from: &hims_model::EnumType,
    to: &hims_model::EnumType,
    columns: &[RebuiltColumn],
) -> Vec<String> {
    let name = to.qualified_name();
    let old_name = format!("{}__old", to.name);
    let mut v = vec![format!(
        "ALTER TYPE {} RENAME TO {};",
        qname(&name),
        ident(&old_name)
    )];
    let create = sea_query::extension::postgres::Type::create()
        .as_enum((Alias::new(&to.schema), Alias::new(&to.name)))
        .values(to.values.iter().map(Alias::new))
        .to_string(PostgresQueryBuilder);
    v.push(format!("{create};"));
    // The comment belongs to the type that is dropped: the new one gets it again.
    if let Some(text) = &to.comment {
        v.push(comment_sql(
            &CommentTarget::Type(name.clone()),
            &Some(text.clone()),
        ));
    }
    for c in columns {
        let (table, col) = (c.table, ident(c.column));
        if c.has_default {
            v.push(format!("{} ALTER COLUMN {col} DROP DEFAULT;", alter(table)));
        }
        let (ty, text) = if c.array {
            (format!("{}[]", qname(&name)), "text[]")
        } else {
            (qname(&name), "text")
        };
        v.push(format!(
            "{} ALTER COLUMN {col} TYPE {ty} USING {col}::{text}::{ty};",
            alter(table),
        ));
        if let Some(d) = &c.default {
            v.push(format!(
                "{} ALTER COLUMN {col} SET DEFAULT {};",
                alter(table),
                default_value(d)
            ));
        }
    }
    v.push(format!("DROP TYPE {};", qualified(&from.schema, &old_name)));
    v
}

/// The undo of adding `value` to enum `name`. PostgreSQL cannot remove a value: the undo of
/// the first value the plan adds to the type (the last to be undone, when every other
/// change is undone) rebuilds the type without all of them, after a guard that refuses,
/// naming each column and its count, while rows still hold one. The guard runs in the
/// same transaction, right before the rebuild, so a refusal rolls the whole undo back; it
/// cannot run earlier, because the undo of the plan's other changes may convert or drop
/// the columns that hold the value. The other values' undo only points there.
fn undo_enum_values(old: &Model, new: &Model, name: &QualifiedName, value: &str) -> Vec<String> {
    let Some(removal) = hims_diff::enum_value_removal(old, new, name) else {
        return vec![refuse(&format!(
            "cannot undo: value '{value}' of enum {name} cannot be removed by this undo"
        ))];
    };
    if removal.values.first().map(String::as_str) != Some(value) {
        return vec![format!(
            "-- removed with {} by the rebuild of {name} below",
            literal(&removal.values[0])
        )];
    }
    let mut v = vec![enum_value_guard(name, &removal)];
    for c in &removal.changes {
        v.extend(render_change(c, &removal.start, &removal.target).sql);
    }
    v
}

/// `DO` block that counts, per column of the type, the rows holding one of the values to be
/// removed, and refuses with every non-zero count. Row-level security is switched off for
/// the count (a role it would filter gets an error, never a wrong count of zero).
fn enum_value_guard(name: &QualifiedName, removal: &hims_diff::EnumValueRemoval) -> String {
    let values = format!(
        "ARRAY[{}]::text[]",
        removal
            .values
            .iter()
            .map(|v| literal(v))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut body = String::from(
        "\nDECLARE\n    n bigint;\n    held text := '';\n    rls text := current_setting('row_security');\nBEGIN\n    PERFORM set_config('row_security', 'off', true);\n",
    );
    for (table, column) in &removal.columns {
        let array = removal
            .start
            .table(table)
            .and_then(|t| t.column(column))
            .is_some_and(|c| matches!(c.ty, ColumnType::Array(_)));
        let col = ident(column);
        let test = if array {
            format!("{col}::text[] && {values}")
        } else {
            format!("{col}::text = ANY ({values})")
        };
        body.push_str(&format!(
            "    SELECT count(*) INTO n FROM {} WHERE {test};\n    IF n > 0 THEN\n        held := held || format(E'\\n  %s: %s rows', {}, n);\n    END IF;\n",
            qname(table),
            literal(&format!("{table}.{column}")),
        ));
    }
    body.push_str(&format!(
        "    PERFORM set_config('row_security', rls, true);\n    IF held <> '' THEN\n        RAISE EXCEPTION 'cannot undo: rows still hold % of enum % (change them to another value first):%', {}, {}, held USING ERRCODE = 'dependent_objects_still_exist';\n    END IF;\nEND\n",
        literal(&removal.values.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ")),
        literal(&name.to_string()),
    ));
    format!("DO {};", dollar_quote(&body))
}

/// SQL and undo of one change. `old` and `new` are the models before and after the plan
/// (privileges and function signatures are looked up in them).
/// A partition created under `parent`. Beside a DEFAULT partition `default`, PostgreSQL
/// refuses a bound that rows of the default satisfy: the default is detached, the partition
/// created, the rows its constraint (`pg_get_partition_constraintdef`) accepts moved out of
/// the default into it, and the default attached again (which checks what is left).
fn create_partition_moving(
    table: &QualifiedName,
    parent: &str,
    partition: &hims_model::Partition,
    default: Option<&str>,
    columns: &[String],
) -> Vec<String> {
    let schema = &table.schema;
    let create = crate::baseline::create_partition(schema, parent, partition);
    let Some(default) = default else {
        return vec![create];
    };
    let (p, d, up) = (
        qualified(schema, &partition.name),
        qualified(schema, default),
        qualified(schema, parent),
    );
    // The statement is a format() template: a `%` in a name is doubled.
    let (pe, de, cols) = (
        p.replace('%', "%%"),
        d.replace('%', "%%"),
        ident_list(columns).replace('%', "%%"),
    );
    let moved = format!(
        "WITH moved AS (DELETE FROM {de} WHERE %s RETURNING *) INSERT INTO {pe} ({cols}) OVERRIDING SYSTEM VALUE SELECT {cols} FROM moved"
    );
    vec![
        format!("ALTER TABLE {up} DETACH PARTITION {d};"),
        create,
        format!(
            "DO $hims$\nBEGIN\n    EXECUTE format({}, pg_catalog.pg_get_partition_constraintdef({}::regclass));\nEND\n$hims$;",
            literal(&moved),
            literal(&p)
        ),
        format!("ALTER TABLE {up} ATTACH PARTITION {d} DEFAULT;"),
    ]
}

/// A partition dropped with its own partitions. Beside a DEFAULT partition its rows are
/// first given back to `parent` (detached, then inserted through the parent, which routes
/// them into the default or another partition); without one they are lost.
fn drop_partition_moving(
    table: &QualifiedName,
    parent: &str,
    partition: &hims_model::Partition,
    default: Option<&str>,
    columns: &[String],
) -> Vec<String> {
    let p = qualified(&table.schema, &partition.name);
    let drop = format!("DROP TABLE {p};");
    if default.is_none() {
        return vec![drop];
    }
    let up = qualified(&table.schema, parent);
    let cols = ident_list(columns);
    vec![
        format!("ALTER TABLE {up} DETACH PARTITION {p};"),
        format!("INSERT INTO {up} ({cols}) OVERRIDING SYSTEM VALUE SELECT {cols} FROM {p};"),
        drop,
    ]
}

pub fn render_change(change: &Change, old: &Model, new: &Model) -> RenderedChange {
    let (sql, undo): (Vec<String>, Vec<String>) = match change {
        Change::CreateExtension(e) => (
            vec![format!("CREATE EXTENSION IF NOT EXISTS {};", ident(e))],
            vec![format!("DROP EXTENSION IF EXISTS {};", ident(e))],
        ),
        Change::DropExtension(e) => (
            vec![format!("DROP EXTENSION IF EXISTS {};", ident(e))],
            vec![format!("CREATE EXTENSION IF NOT EXISTS {};", ident(e))],
        ),
        Change::CreateRole(r) => {
            let (create, members) = role(r);
            (
                create.into_iter().chain(members).collect(),
                // Roles are shared by every database of the cluster: never dropped by a
                // migration of one database.
                vec![format!(
                    "-- role {} is kept: roles are cluster-wide",
                    ident(&r.name)
                )],
            )
        }
        Change::SetRoleSetting {
            role,
            name,
            from,
            to,
        } => (
            vec![role_setting(role, name, to.as_deref())],
            vec![role_setting(role, name, from.as_deref())],
        ),
        Change::CreateSchema(s) => {
            let mut v = vec![format!("CREATE SCHEMA IF NOT EXISTS {};", ident(&s.name))];
            if let Some(c) = &s.comment {
                v.push(format!(
                    "COMMENT ON SCHEMA {} IS {};",
                    ident(&s.name),
                    literal(c)
                ));
            }
            (
                v,
                vec![format!("DROP SCHEMA IF EXISTS {};", ident(&s.name))],
            )
        }
        Change::DropSchema(s) => (
            vec![format!("DROP SCHEMA {};", ident(&s.name))],
            render_change(&Change::CreateSchema(s.clone()), new, old).sql,
        ),
        Change::CreateEnum(e) => {
            let create = sea_query::extension::postgres::Type::create()
                .as_enum((Alias::new(&e.schema), Alias::new(&e.name)))
                .values(e.values.iter().map(Alias::new))
                .to_string(PostgresQueryBuilder);
            let exists = format!(
                "SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = {} AND t.typname = {}",
                literal(&e.schema),
                literal(&e.name)
            );
            let mut v = vec![unless_exists(&exists, &create)];
            if let Some(c) = &e.comment {
                v.push(comment_sql(
                    &CommentTarget::Type(e.qualified_name()),
                    &Some(c.clone()),
                ));
            }
            (
                v,
                vec![format!(
                    "DROP TYPE IF EXISTS {};",
                    qname(&e.qualified_name())
                )],
            )
        }
        Change::DropEnum(e) => (
            vec![format!("DROP TYPE {};", qname(&e.qualified_name()))],
            render_change(&Change::CreateEnum(e.clone()), new, old).sql,
        ),
        Change::AddEnumValue {
            name,
            value,
            position,
        } => {
            let stmt = sea_query::extension::postgres::Type::alter()
                .name((Alias::new(&name.schema), Alias::new(&name.name)));
            let stmt = match position {
                EnumPosition::After(p) => stmt
                    .add_value(Alias::new(value))
                    .if_not_exists()
                    .after(Alias::new(p)),
                EnumPosition::Before(p) => stmt
                    .add_value(Alias::new(value))
                    .if_not_exists()
                    .before(Alias::new(p)),
            };
            (
                vec![format!("{};", stmt.to_string(PostgresQueryBuilder))],
                undo_enum_values(old, new, name, value),
            )
        }
        Change::RenameEnumValue { name, from, to } => {
            let rename = |a: &str, b: &str| {
                format!(
                    "ALTER TYPE {} RENAME VALUE {} TO {};",
                    qname(name),
                    literal(a),
                    literal(b)
                )
            };
            (vec![rename(from, to)], vec![rename(to, from)])
        }
        Change::RebuildEnum { from, to, columns } => {
            // The columns are named as in `old`: the rebuild runs before any table change,
            // and its undo after every one is undone.
            let old_column = |t: &QualifiedName, c: &str| old.table(t).and_then(|tb| tb.column(c));
            // An old default holds the value under its old label; the undo runs before the
            // value renames are undone, so it writes the label `from` gives that value.
            let old_enum = old.enum_type(&from.schema, &from.name);
            let relabel = |d: &hims_model::DefaultValue| match (d, old_enum) {
                (hims_model::DefaultValue::Text(v), Some(o)) => hims_model::DefaultValue::Text(
                    o.values
                        .iter()
                        .position(|x| x == v)
                        .and_then(|i| from.values.get(i))
                        .unwrap_or(v)
                        .clone(),
                ),
                (d, _) => d.clone(),
            };
            let is_array = |t: &QualifiedName, c: &str| {
                old_column(t, c).is_some_and(|c| matches!(c.ty, ColumnType::Array(_)))
            };
            let forward: Vec<RebuiltColumn> = columns
                .iter()
                .map(|(t, c, d)| RebuiltColumn {
                    table: t,
                    column: c,
                    array: is_array(t, c),
                    has_default: old_column(t, c).is_none_or(|c| c.default.is_some()),
                    default: d.clone(),
                })
                .collect();
            let undo: Vec<RebuiltColumn> = columns
                .iter()
                .map(|(t, c, d)| RebuiltColumn {
                    table: t,
                    column: c,
                    array: is_array(t, c),
                    has_default: d.is_some(),
                    default: old_column(t, c)
                        .and_then(|c| c.default.as_ref())
                        .map(relabel),
                })
                .collect();
            (
                rebuild_enum(from, to, &forward),
                rebuild_enum(to, from, &undo),
            )
        }
        Change::CreateComposite(c) => (
            create_composite_with_comment(c),
            vec![drop_composite(&c.qualified_name())],
        ),
        Change::DropComposite(c) => (
            vec![drop_composite(&c.qualified_name())],
            create_composite_with_comment(c),
        ),
        Change::AddCompositeAttribute {
            composite,
            attribute,
        } => (
            vec![add_composite_attribute(composite, attribute)],
            vec![drop_composite_attribute(composite, &attribute.name)],
        ),
        // The undo adds the attribute back, empty (its values went with the drop) and last.
        Change::DropCompositeAttribute {
            composite,
            attribute,
            ..
        } => (
            vec![drop_composite_attribute(composite, &attribute.name)],
            vec![add_composite_attribute(composite, attribute)],
        ),
        Change::AlterCompositeAttribute {
            composite,
            from,
            to,
            ..
        } => (
            vec![alter_composite_attribute(composite, to)],
            vec![alter_composite_attribute(composite, from)],
        ),
        Change::CreateDomain(d) => (
            create_domain_with_comment(d),
            vec![drop_domain(&d.qualified_name())],
        ),
        Change::DropDomain(d) => (
            vec![drop_domain(&d.qualified_name())],
            create_domain_with_comment(d),
        ),
        Change::RetypeDomain { from, .. } => {
            // check_plan refuses such a plan; should one be written, it stops here.
            let message = format!(
                "PostgreSQL cannot change the base type or collation of domain {} in place",
                from.qualified_name()
            );
            (vec![refuse(&message)], vec![refuse(&message)])
        }
        Change::SetDomainDefault { domain, from, to } => {
            let set = |d: &Option<String>| match d {
                Some(e) => format!("{} SET DEFAULT {e};", alter_domain(domain)),
                None => format!("{} DROP DEFAULT;", alter_domain(domain)),
            };
            (vec![set(to)], vec![set(from)])
        }
        Change::SetDomainNotNull { domain, not_null } => {
            let set = |on: bool| {
                format!(
                    "{} {} NOT NULL;",
                    alter_domain(domain),
                    if on { "SET" } else { "DROP" }
                )
            };
            (vec![set(*not_null)], vec![set(!*not_null)])
        }
        Change::AddDomainCheck {
            domain,
            check,
            not_valid,
        } => (
            vec![add_domain_check(domain, check, *not_valid)],
            vec![drop_domain_check(domain, &check.name)],
        ),
        Change::DropDomainCheck { domain, check } => (
            vec![drop_domain_check(domain, &check.name)],
            restore_domain_check(domain, check),
        ),
        Change::ValidateDomainCheck { domain, name } => (
            vec![format!(
                "{} VALIDATE CONSTRAINT {};",
                alter_domain(domain),
                ident(name)
            )],
            Vec::new(),
        ),
        Change::CreateSequence(q) => (
            create_sequence_with_comment(q),
            vec![format!(
                "DROP SEQUENCE IF EXISTS {};",
                qname(&q.qualified_name())
            )],
        ),
        Change::DropSequence(q) => (
            vec![format!(
                "DROP SEQUENCE IF EXISTS {};",
                qname(&q.qualified_name())
            )],
            create_sequence_with_comment(q),
        ),
        Change::AlterSequence { from, to } => {
            (vec![alter_sequence(to)], vec![alter_sequence(from)])
        }
        Change::SetSequenceOwner { sequence, from, to } => {
            (vec![owned_by(sequence, to)], vec![owned_by(sequence, from)])
        }
        Change::SetIdentityOptions {
            table,
            column,
            ty,
            to,
            added: true,
            ..
        } => {
            // A sequence this plan created (ADD … AS IDENTITY placed it after the column's
            // values as an ascending default one): restarted under its options, then moved
            // past the values in its own direction when they reach its start.
            let e = to.effective(ty);
            let col = ident(column);
            let (past, reaches) = if e.increment > 0 {
                (format!("max({col})"), ">=")
            } else {
                (format!("min({col})"), "<=")
            };
            (
                vec![
                    format!(
                        "{} ALTER COLUMN {col} {} RESTART WITH {};",
                        alter(table),
                        all_sequence_options(ty, to, "SET "),
                        e.start
                    ),
                    format!(
                        "SELECT setval({}, {past}) FROM {} HAVING {past} {reaches} {};",
                        identity_sequence(table, column),
                        qname(table),
                        e.start
                    ),
                ],
                Vec::new(),
            )
        }
        Change::SetIdentityOptions {
            table,
            column,
            ty,
            from,
            to,
            added: false,
        } => {
            let set = |o: &SequenceOptions| {
                guarded_sequence_change(
                    &identity_sequence(table, column),
                    &format!("{table}.{column}"),
                    o.effective(ty),
                    &format!(
                        "{} ALTER COLUMN {} {}",
                        alter(table),
                        ident(column),
                        all_sequence_options(ty, o, "SET ")
                    ),
                    "RESTART WITH",
                )
            };
            (vec![set(to)], vec![set(from)])
        }
        Change::CreatePartition {
            table,
            parent,
            partition,
            default,
            columns,
        } => (
            create_partition_moving(table, parent, partition, default.as_deref(), columns),
            drop_partition_moving(table, parent, partition, default.as_deref(), columns),
        ),
        Change::DropPartition {
            table,
            parent,
            partition,
            default,
            columns,
        } => (
            drop_partition_moving(table, parent, partition, default.as_deref(), columns),
            create_partition_moving(table, parent, partition, default.as_deref(), columns),
        ),
        Change::CreateTable(t) => (
            full_table(t),
            vec![format!(
                "DROP TABLE IF EXISTS {};",
                qname(&t.qualified_name())
            )],
        ),
        Change::DropTable(t) => {
            let mut undo = full_table(t);
            undo.extend(grants_on(old, &GrantObject::Table(t.qualified_name())));
            (
                vec![format!("DROP TABLE {};", qname(&t.qualified_name()))],
                undo,
            )
        }
        Change::RebuildTable { from, to, columns } => {
            let back: Vec<(String, String)> = columns
                .iter()
                .map(|(a, b)| (b.clone(), a.clone()))
                .collect();
            (
                rebuild_table(from, to, columns, old, new),
                rebuild_table(to, from, &back, new, old),
            )
        }
        Change::RenameTable { from, to } => {
            let to_q = QualifiedName::new(&from.schema, to);
            (
                vec![format!("{} RENAME TO {};", alter(from), ident(to))],
                vec![format!("{} RENAME TO {};", alter(&to_q), ident(&from.name))],
            )
        }
        Change::AddColumn { table, column } => {
            (add_column(table, column), vec![drop_column(table, column)])
        }
        Change::DropColumn { table, column } => (
            vec![format!(
                "{} DROP COLUMN {};",
                alter(table),
                ident(&column.name)
            )],
            restore_column(table, column),
        ),
        Change::RenameColumn { table, from, to } => (
            vec![format!(
                "{} RENAME COLUMN {} TO {};",
                alter(table),
                ident(from),
                ident(to)
            )],
            vec![format!(
                "{} RENAME COLUMN {} TO {};",
                alter(table),
                ident(to),
                ident(from)
            )],
        ),
        Change::AlterColumnType {
            table,
            from,
            to,
            relabel,
        } => (
            change_type(table, from, to, relabel.is_some()),
            change_type(table, to, from, relabel.is_some()),
        ),
        Change::RecomputeColumn { table, from, to } => {
            (recompute(table, from, to), recompute(table, to, from))
        }
        Change::DropExpression { table, from } => {
            let mut plain = from.clone();
            plain.generated = None;
            (
                vec![format!(
                    "{} ALTER COLUMN {} DROP EXPRESSION IF EXISTS;",
                    alter(table),
                    ident(&from.name)
                )],
                recompute(table, &plain, from),
            )
        }
        Change::AddIdentity { table, from, kind } => {
            let t = alter(table);
            let col = ident(&from.name);
            let mut sql = Vec::new();
            if from.default.is_some() {
                sql.push(format!("{t} ALTER COLUMN {col} DROP DEFAULT;"));
            }
            if from.nullable {
                sql.push(format!("{t} ALTER COLUMN {col} SET NOT NULL;"));
            }
            sql.extend(add_identity(table, &from.name, *kind));
            let mut undo = vec![format!("{t} ALTER COLUMN {col} DROP IDENTITY IF EXISTS;")];
            if from.nullable {
                undo.push(format!("{t} ALTER COLUMN {col} DROP NOT NULL;"));
            }
            if from.default.is_some() {
                undo.push(set_default(table, &from.name, &from.default));
            }
            (sql, undo)
        }
        Change::DropIdentity {
            table,
            column,
            kind,
        } => (
            vec![format!(
                "{} ALTER COLUMN {} DROP IDENTITY IF EXISTS;",
                alter(table),
                ident(column)
            )],
            add_identity(table, column, *kind),
        ),
        Change::SetIdentity {
            table,
            column,
            from,
            to,
        } => {
            let set = |k: Identity| {
                format!(
                    "{} ALTER COLUMN {} SET GENERATED {};",
                    alter(table),
                    ident(column),
                    identity_sql(k)
                )
            };
            (vec![set(*to)], vec![set(*from)])
        }
        Change::FillNulls {
            table,
            column,
            fill,
            key,
            ..
        } => (fill_nulls(table, column, fill, key), Vec::new()),
        Change::SetNotNull { table, column } => (
            set_not_null(table, column),
            vec![format!(
                "{} ALTER COLUMN {} DROP NOT NULL;",
                alter(table),
                ident(column)
            )],
        ),
        Change::InsertRow {
            table,
            row,
            columns,
            key,
        } => (
            vec![insert_row(table, row, columns)],
            vec![delete_row(table, row, key, columns)],
        ),
        Change::DeleteRow {
            table,
            row,
            columns,
            key,
        } => (
            vec![delete_row(table, row, key, columns)],
            vec![insert_row(table, row, columns)],
        ),
        Change::DropNotNull { table, column } => (
            vec![format!(
                "{} ALTER COLUMN {} DROP NOT NULL;",
                alter(table),
                ident(column)
            )],
            vec![format!(
                "{} ALTER COLUMN {} SET NOT NULL;",
                alter(table),
                ident(column)
            )],
        ),
        Change::SetDefault {
            table,
            column,
            from,
            to,
        } => (
            vec![set_default(table, column, to)],
            vec![set_default(table, column, from)],
        ),
        Change::AddPrimaryKey { table, key } => (
            vec![add_primary_key(table, key)],
            vec![drop_constraint(table, &key.name)],
        ),
        Change::DropPrimaryKey { table, key } => (
            vec![drop_constraint(table, &key.name)],
            vec![add_primary_key(table, key)],
        ),
        Change::SetForeignKeyDeferral {
            table,
            name,
            from,
            to,
        } => {
            let set = |d: Deferral| {
                format!(
                    "{} ALTER CONSTRAINT {} {};",
                    alter(table),
                    ident(name),
                    match d {
                        Deferral::NotDeferrable => "NOT DEFERRABLE",
                        Deferral::InitiallyImmediate => "DEFERRABLE INITIALLY IMMEDIATE",
                        Deferral::InitiallyDeferred => "DEFERRABLE INITIALLY DEFERRED",
                    }
                )
            };
            (vec![set(*to)], vec![set(*from)])
        }
        Change::AddUnique { table, unique } => (
            vec![add_unique(&stub(table), unique)],
            vec![drop_constraint(table, &unique.name)],
        ),
        Change::DropUnique { table, unique } => (
            vec![drop_constraint(table, &unique.name)],
            vec![add_unique(&stub(table), unique)],
        ),
        Change::AddCheck {
            table,
            check,
            not_valid,
        } => (
            vec![add_check_with(table, check, *not_valid)],
            vec![drop_constraint(table, &check.name)],
        ),
        Change::DropCheck { table, check } => (
            vec![drop_constraint(table, &check.name)],
            vec![add_check_with(table, check, false)],
        ),
        Change::AddForeignKey {
            table,
            foreign_key,
            not_valid,
        } => (
            vec![add_foreign_key_with(&stub(table), foreign_key, *not_valid)],
            vec![drop_constraint(table, &foreign_key.name)],
        ),
        Change::DropForeignKey { table, foreign_key } => (
            vec![drop_constraint(table, &foreign_key.name)],
            vec![add_foreign_key_with(&stub(table), foreign_key, false)],
        ),
        Change::ValidateConstraint { table, name } => (
            vec![format!(
                "{} VALIDATE CONSTRAINT {};",
                alter(table),
                ident(name)
            )],
            Vec::new(),
        ),
        Change::AddExclusion { table, exclusion } => (
            vec![add_exclusion(&stub(table), exclusion)],
            vec![drop_constraint(table, &exclusion.name)],
        ),
        Change::DropExclusion { table, exclusion } => (
            vec![drop_constraint(table, &exclusion.name)],
            vec![add_exclusion(&stub(table), exclusion)],
        ),
        Change::RenameConstraint { table, from, to } => {
            let rename = |a: &str, b: &str| {
                unless_exists(
                    &constraint_exists(&stub(table), b),
                    &format!(
                        "{} RENAME CONSTRAINT {} TO {}",
                        alter(table),
                        ident(a),
                        ident(b)
                    ),
                )
            };
            (vec![rename(from, to)], vec![rename(to, from)])
        }
        Change::CreateIndex {
            table,
            index,
            concurrently,
        } => (
            create_index_with(table, index, *concurrently),
            vec![drop_index(&table.schema, index, *concurrently)],
        ),
        Change::DropIndex {
            table,
            index,
            concurrently,
        } => (
            // The undo of a concurrent drop runs in the same outside-transaction phase.
            vec![drop_index(&table.schema, index, *concurrently)],
            create_index_with(table, index, *concurrently),
        ),
        Change::RenameIndex { schema, from, to } => (
            vec![format!(
                "ALTER INDEX IF EXISTS {} RENAME TO {};",
                qualified(schema, from),
                ident(to)
            )],
            vec![format!(
                "ALTER INDEX IF EXISTS {} RENAME TO {};",
                qualified(schema, to),
                ident(from)
            )],
        ),
        Change::SetRowSecurity { table, from, to } => (
            row_security_sql(table, from, to),
            row_security_sql(table, to, from),
        ),
        Change::CreatePolicy { table, policy } => (
            vec![create_policy(&stub(table), policy)],
            vec![drop_policy(table, policy)],
        ),
        Change::DropPolicy { table, policy } => (
            vec![drop_policy(table, policy)],
            vec![create_policy(&stub(table), policy)],
        ),
        Change::AlterPolicy { table, from, to } => {
            (alter_policy(table, from, to), alter_policy(table, to, from))
        }
        Change::CreateFunction(f) => (function(f), vec![drop_function(f)]),
        Change::ReplaceFunction { from, to } => (function(to), function(from)),
        Change::DropFunction(f) => (vec![drop_function(f)], function(f)),
        Change::CreateAggregate(a) => (aggregate(a), vec![drop_aggregate(a)]),
        Change::DropAggregate(a) => (vec![drop_aggregate(a)], aggregate(a)),
        Change::CreateTrigger { table, trigger: tr } => (
            vec![trigger(&stub(table), tr)],
            vec![format!(
                "DROP TRIGGER IF EXISTS {} ON {};",
                ident(&tr.name),
                qname(table)
            )],
        ),
        Change::DropTrigger { table, trigger: tr } => (
            vec![format!(
                "DROP TRIGGER IF EXISTS {} ON {};",
                ident(&tr.name),
                qname(table)
            )],
            vec![trigger(&stub(table), tr)],
        ),
        Change::CreateView(v) => (view(v), vec![drop_view(v)]),
        Change::DropView(v) => {
            let mut undo = view(v);
            undo.extend(grants_on(old, &GrantObject::View(v.qualified_name())));
            (vec![drop_view(v)], undo)
        }
        Change::Grant(g) => (grant(new, g), revoke(new, g)),
        Change::Revoke(g) => (revoke(old, g), grant(old, g)),
        Change::SetComment { target, from, to } => (
            vec![comment_sql(target, to)],
            vec![comment_sql(target, from)],
        ),
    };
    let earlier_sql = match change {
        Change::SetNotNull { table, column } => Some(set_not_null_before_rerunnable(table, column)),
        Change::CreateIndex {
            table,
            index,
            concurrently: true,
        } => Some(vec![create_index_concurrently_before_rerunnable(
            table, index,
        )]),
        _ => None,
    };
    RenderedChange {
        sql,
        undo,
        earlier_sql,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_fit_in_63_bytes_and_stay_apart() {
        assert_eq!(
            bounded_name("items_qty_idx", "__invalid"),
            "items_qty_idx__invalid"
        );
        let long_a = format!("{}_a_idx", "x".repeat(60));
        let long_b = format!("{}_b_idx", "x".repeat(60));
        let (a, b) = (
            bounded_name(&long_a, "__invalid"),
            bounded_name(&long_b, "__invalid"),
        );
        assert!(a.len() <= 63 && b.len() <= 63, "{a} {b}");
        assert!(a.ends_with("__invalid") && b.ends_with("__invalid"));
        assert_ne!(a, b);
        // Multi-byte characters are never cut in half.
        let wide = bounded_name(&"é".repeat(40), "__invalid");
        assert!(wide.len() <= 63 && wide.ends_with("__invalid"));
        // The released name of the temporary NOT NULL check is unchanged.
        let t = QualifiedName::new("s", "t".repeat(50));
        let now = not_null_check_name(&t, "column_name");
        assert!(now.len() <= 63 && now.ends_with("_not_null_check"), "{now}");
        assert_eq!(
            earlier_not_null_check_name(&t, "column_name"),
            format!(
                "{}_{:08x}_not_null",
                &format!("{}_column_name_not_null", "t".repeat(50))[..45],
                format!("{}_column_name_not_null", "t".repeat(50))
                    .bytes()
                    .fold(0x811c_9dc5_u32, |h, b| (h ^ b as u32)
                        .wrapping_mul(0x0100_0193))
            )
        );
    }

    #[test]
    fn an_interrupted_concurrent_build_is_moved_aside_before_the_build() {
        let table = QualifiedName::new("app", "items");
        let index = Index {
            name: "items_qty_idx".into(),
            keys: vec![hims_model::IndexKey::column("qty")],
            unique: true,
            method: Default::default(),
            predicate: None,
            include: Vec::new(),
            nulls_not_distinct: false,
        };
        let sql = create_index_concurrently(&table, &index);
        assert_eq!(sql.len(), 3);
        assert!(sql[0].contains("NOT i.indisvalid"), "{}", sql[0]);
        assert!(
            sql[0].contains(
                r#"ALTER INDEX "app"."items_qty_idx" RENAME TO "items_qty_idx__invalid""#
            )
        );
        assert_eq!(
            sql[1],
            r#"DROP INDEX CONCURRENTLY IF EXISTS "app"."items_qty_idx__invalid";"#
        );
        assert!(
            sql[2].starts_with(
                r#"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "items_qty_idx" ON "app"."items""#
            ),
            "{}",
            sql[2]
        );
    }
}
