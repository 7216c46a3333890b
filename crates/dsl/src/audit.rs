//! The compliance triggers, for definitions that have none of their own (an imported
//! database made compliant; the HIMS schema declares its own in `schema-defs`): a row-meta
//! trigger that keeps the compliance columns true and an audit trigger that appends every
//! change of a compliance table to `<schema>.audit_log`, which refuses updates, deletes and
//! truncation. See
//! [`ModelBuilder::audit_trail`](crate::ModelBuilder::audit_trail).

use crate::objects::{FunctionExt, function, row_trigger};
use crate::spec::derived_name;
use hims_model::{
    Check, Column, ColumnType, DefaultValue, FunctionLanguage, Identity, Model, Origin, PrimaryKey,
    QualifiedName, Schema, Table, TriggerEvent, TriggerTiming,
};

/// Name of the journal table, of the two trigger functions and of the triggers.
pub const AUDIT_LOG: &str = "audit_log";
pub const ROW_META_FUNCTION: &str = "tg_row_meta";
pub const AUDIT_FUNCTION: &str = "tg_audit";
pub const ROW_META_TRIGGER: &str = "set_row_meta";
pub const AUDIT_TRIGGER: &str = "audit_row_change";
pub const APPEND_ONLY_FUNCTION: &str = "tg_audit_log_append_only";

/// `"name"`: the schema is written into the functions' bodies (they are SQL text).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Adds to `model` what is missing of the audit trail in `schema` (the schema itself, the
/// journal, the two functions) and gives every compliance table the two triggers. With
/// `current_tenant` (the tenancy's expression), a row inserted without a `tenant_id` gets
/// the session's: an application written for one hospital keeps inserting as it did.
pub(crate) fn apply_audit_trail(model: &mut Model, schema: &str, current_tenant: Option<&str>) {
    if model.schema(schema).is_none() {
        model.schemas.push(Schema {
            name: schema.to_string(),
            comment: Some("Compliance: the audit log and the triggers that keep it".into()),
            naming_rules: true,
            origin: Origin::default(),
        });
    }
    let log = QualifiedName::new(schema, AUDIT_LOG);
    if model.table(&log).is_none() {
        model.tables.push(audit_log(schema));
    }
    let s = quoted(schema);
    let user = "NULLIF(current_setting('app.user_id', true), '')::uuid";
    let row_meta = format!("{schema}.{ROW_META_FUNCTION}");
    let tenant = current_tenant
        .map(|expr| {
            format!(
                "
        IF to_jsonb(NEW) ? 'tenant_id' AND (to_jsonb(NEW) ->> 'tenant_id') IS NULL THEN
            NEW := jsonb_populate_record(NEW, jsonb_build_object('tenant_id', {expr}));
        END IF;"
            )
        })
        .unwrap_or_default();
    if !model
        .functions
        .iter()
        .any(|f| f.schema == schema && f.name == ROW_META_FUNCTION)
    {
        model.functions.push(
            function(&row_meta, "trigger", FunctionLanguage::Plpgsql, &format!(
                "BEGIN
    IF TG_OP = 'INSERT' THEN{tenant}
        NEW.created_at := now();
        NEW.created_by := coalesce(NEW.created_by, {user});
        NEW.updated_at := NEW.created_at;
        NEW.updated_by := NEW.created_by;
        NEW.version := 1;
        RETURN NEW;
    END IF;
    NEW.created_at := OLD.created_at;
    NEW.created_by := OLD.created_by;
    NEW.updated_at := now();
    NEW.updated_by := coalesce({user}, NEW.updated_by);
    NEW.version := OLD.version + 1;
    RETURN NEW;
END"
            ))
            .comment(&format!(
                "BEFORE INSERT OR UPDATE on every compliance table: stamps created/updated at and by (app.user_id), keeps the creation stamps, bumps version{}.",
                if current_tenant.is_some() { "; an inserted row without a tenant gets the session's" } else { "" }
            )),
        );
    }
    let audit = format!("{schema}.{AUDIT_FUNCTION}");
    if !model
        .functions
        .iter()
        .any(|f| f.schema == schema && f.name == AUDIT_FUNCTION)
    {
        model.functions.push(
            function(&audit, "trigger", FunctionLanguage::Plpgsql, &format!(
                "DECLARE
    v_old jsonb;
    v_new jsonb;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        v_old := to_jsonb(OLD);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        v_new := to_jsonb(NEW);
    END IF;
    INSERT INTO {s}.{log_table} (tenant_id, table_schema, table_name, action, old_row, new_row, actor_user_id)
    VALUES ((coalesce(v_new, v_old) ->> 'tenant_id')::uuid, TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP,
            v_old, v_new, {user});
    RETURN NULL;
END",
                log_table = quoted(AUDIT_LOG)
            ))
            .security_definer(&["pg_catalog", schema])
            .depends_on(&[&format!("{schema}.{AUDIT_LOG}")])
            .comment("AFTER INSERT OR UPDATE OR DELETE on every compliance table: appends the change (old and new row as jsonb, actor, tenant) to the audit log. SECURITY DEFINER: the application needs no access to the log."),
        );
    }
    let append_only = format!("{schema}.{APPEND_ONLY_FUNCTION}");
    if !model
        .functions
        .iter()
        .any(|f| f.schema == schema && f.name == APPEND_ONLY_FUNCTION)
    {
        model.functions.push(
            function(
                &append_only,
                "trigger",
                FunctionLanguage::Plpgsql,
                "BEGIN
    RAISE EXCEPTION '%.% is append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END",
            )
            .comment("Refuses UPDATE, DELETE and TRUNCATE of the audit log, whoever asks."),
        );
    }
    if let Some(t) = model.tables.iter_mut().find(|t| t.qualified_name() == log)
        && !t
            .triggers
            .iter()
            .any(|tr| tr.name == "audit_log_append_only")
    {
        t.triggers.push(row_trigger(
            "audit_log_append_only",
            TriggerTiming::Before,
            &[TriggerEvent::Update, TriggerEvent::Delete],
            &append_only,
        ));
        let mut truncate = row_trigger(
            "audit_log_no_truncate",
            TriggerTiming::Before,
            &[TriggerEvent::Truncate],
            &append_only,
        );
        truncate.for_each_row = false;
        t.triggers.push(truncate);
    }
    for t in model
        .tables
        .iter_mut()
        .filter(|t| t.compliance && t.qualified_name() != log)
    {
        if !t.triggers.iter().any(|tr| tr.name == ROW_META_TRIGGER) {
            t.triggers.push(row_trigger(
                ROW_META_TRIGGER,
                TriggerTiming::Before,
                &[TriggerEvent::Insert, TriggerEvent::Update],
                &row_meta,
            ));
        }
        if !t.triggers.iter().any(|tr| tr.name == AUDIT_TRIGGER) {
            t.triggers.push(row_trigger(
                AUDIT_TRIGGER,
                TriggerTiming::After,
                &[
                    TriggerEvent::Insert,
                    TriggerEvent::Update,
                    TriggerEvent::Delete,
                ],
                &audit,
            ));
        }
    }
}

/// The journal: one row per change of a compliance table, appended by the audit trigger.
fn audit_log(schema: &str) -> Table {
    let mut t = Table::new(schema, AUDIT_LOG);
    t.comment = Some("Append-only journal of the changes of every compliance table (written by the audit trigger).".into());
    let col = |name: &str, ty: ColumnType, nullable: bool, comment: &str| {
        let mut c = Column::new(name, ty, nullable);
        c.comment = Some(comment.to_string());
        c
    };
    let mut id = col("id", ColumnType::BigInt, false, "Order of the changes.");
    id.identity = Some(Identity::Always);
    let mut at = col(
        "occurred_at",
        ColumnType::Timestamptz,
        false,
        "When the change was made.",
    );
    at.default = Some(DefaultValue::Sql("now()".into()));
    t.columns = vec![
        id,
        at,
        col(
            "tenant_id",
            ColumnType::Uuid,
            true,
            "Tenant of the row (NULL for tables without one).",
        ),
        col(
            "table_schema",
            ColumnType::Text,
            false,
            "Schema of the changed table.",
        ),
        col("table_name", ColumnType::Text, false, "The changed table."),
        col(
            "action",
            ColumnType::Text,
            false,
            "INSERT, UPDATE or DELETE.",
        ),
        col(
            "old_row",
            ColumnType::Jsonb,
            true,
            "The row before the change (UPDATE, DELETE).",
        ),
        col(
            "new_row",
            ColumnType::Jsonb,
            true,
            "The row after the change (INSERT, UPDATE).",
        ),
        col(
            "actor_user_id",
            ColumnType::Uuid,
            true,
            "User (app.user_id) who made the change; NULL for system jobs.",
        ),
    ];
    t.primary_key = Some(PrimaryKey {
        name: derived_name(AUDIT_LOG, &[], "pkey"),
        columns: vec!["id".into()],
        deferral: Default::default(),
    });
    t.checks.push(Check {
        name: derived_name(AUDIT_LOG, &["action"], "check"),
        expr: "action = ANY (ARRAY['INSERT'::text, 'UPDATE'::text, 'DELETE'::text])".into(),
    });
    t
}
