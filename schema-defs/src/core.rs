//! Schema `core`: tenancy, facilities, staff and access, patients, terminology,
//! configuration, numbering and documents (hims-domain.md §1.1, §2.1).

use chrono::{DateTime, NaiveDate, Utc};
use hims_dsl::model::{FunctionLanguage, Volatility};
use hims_dsl::objects::{FunctionExt, function, view};
use hims_dsl::{ModelBuilder, PgEnum, Table};
use serde_json::Value as Json;
use uuid::Uuid;

type Timestamp = DateTime<Utc>;

pub fn register(b: &mut ModelBuilder) {
    b.schema(
        "core",
        "Identity, tenancy, people, terminology, configuration and audit",
    );
    b.enum_type::<TenantStatus>()
        .enum_type::<FacilityType>()
        .enum_type::<DepartmentType>()
        .enum_type::<UserStatus>()
        .enum_type::<PractitionerType>()
        .enum_type::<Gender>()
        .enum_type::<RelationType>()
        .enum_type::<BloodGroup>()
        .enum_type::<MaritalStatus>()
        .enum_type::<PatientStatus>()
        .enum_type::<IdentifierType>()
        .enum_type::<AddressUse>()
        .enum_type::<ContactRelationship>()
        .enum_type::<AuditAction>()
        .enum_type::<ValueSetStatus>()
        .enum_type::<SequenceKind>()
        .enum_type::<SequenceReset>()
        .enum_type::<DocumentType>();
    b.table::<Tenant>()
        .table::<State>()
        .table::<Facility>()
        .table::<Department>()
        .table::<User>()
        .table::<Role>()
        .table::<Permission>()
        .table::<RolePermission>()
        .table::<UserRole>()
        .table::<Practitioner>()
        .table::<PractitionerRegistration>()
        .table::<Patient>()
        .table::<PatientIdentifier>()
        .table::<Address>()
        .table::<PatientContact>()
        .table::<CodeSystem>()
        .table::<Concept>()
        .table::<ValueSet>()
        .table::<ValueSetConcept>()
        .table::<AuditLog>()
        .table::<Setting>()
        .table::<NumberSequence>()
        .table::<Document>();
    functions(b);
    b.function(
        function(
            "core.current_tenant_id",
            "uuid",
            FunctionLanguage::Sql,
            "SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid",
        )
        .volatility(Volatility::Stable)
        .comment(
            "Tenant of the current transaction (SET LOCAL app.tenant_id). NULLIF: a pooled session that once set the GUC reads '' afterwards; unset means no rows.",
        ),
    )
    .function(
        function(
            "core.current_user_id",
            "uuid",
            FunctionLanguage::Sql,
            "SELECT NULLIF(current_setting('app.user_id', true), '')::uuid",
        )
        .volatility(Volatility::Stable)
        .comment("Acting user of the current transaction (app.user_id), NULL for system jobs."),
    )
    .function(
        function(
            "core.current_request_id",
            "text",
            FunctionLanguage::Sql,
            "SELECT NULLIF(current_setting('app.request_id', true), '')",
        )
        .volatility(Volatility::Stable)
        .comment("Request id of the current transaction (app.request_id), carried into the audit log; NULL when unset."),
    );
    views(b);
}

/// Views run with the caller's rights (`security_invoker`), so row-level security applies.
fn views(b: &mut ModelBuilder) {
    b.view(view(
        "core.v_user_permissions",
        &["core.user_roles", "core.role_permissions", "core.permissions"],
        "Flattened (user, permission, facility, department) currently in force, for authorisation checks.",
        "SELECT ur.tenant_id, ur.user_id, p.code AS permission_code, p.is_sensitive,
       ur.facility_id, ur.department_id, ur.valid_from, ur.valid_to
  FROM core.user_roles ur
  JOIN core.role_permissions rp ON rp.tenant_id = ur.tenant_id AND rp.role_id = ur.role_id
       AND rp.deleted_at IS NULL
  JOIN core.permissions p ON p.id = rp.permission_id AND p.deleted_at IS NULL
 WHERE ur.deleted_at IS NULL AND ur.valid_from <= now()
   AND (ur.valid_to IS NULL OR ur.valid_to > now())",
    ));
}

// ---- Functions --------------------------------------------------------------------------

fn functions(b: &mut ModelBuilder) {
    b.function(
        function(
            "core.fiscal_year_of",
            "text",
            FunctionLanguage::Sql,
            "SELECT y::text || '-' || lpad(((y + 1) % 100)::text, 2, '0')
  FROM (SELECT CASE WHEN extract(month FROM p_on) >= 4
               THEN extract(year FROM p_on)::int
               ELSE extract(year FROM p_on)::int - 1 END AS y) fy",
        )
        .arg("p_on", "date")
        .volatility(Volatility::Immutable)
        .strict()
        .comment("Indian financial year (1 April – 31 March) of a date: 2025-04-01 … 2026-03-31 → 2025-26."),
    )
    .function(
        function(
            "core.is_valid_abha_number",
            "boolean",
            FunctionLanguage::Sql,
            "SELECT p_abha ~ '^[0-9]{14}$'",
        )
        .arg("p_abha", "text")
        .volatility(Volatility::Immutable)
        .comment("ABHA number shape: 14 digits, stored without hyphens. ABDM documents no public check digit, so none is checked here."),
    )
    .function(
        function(
            "core.format_abha_number",
            "text",
            FunctionLanguage::Sql,
            "SELECT CASE WHEN core.is_valid_abha_number(p_abha)
            THEN substr(p_abha, 1, 2) || '-' || substr(p_abha, 3, 4) || '-' || substr(p_abha, 7, 4) || '-' || substr(p_abha, 11, 4)
       END",
        )
        .arg("p_abha", "text")
        .volatility(Volatility::Immutable)
        .depends_on(&["core.is_valid_abha_number"])
        .comment("ABHA number for display: XX-XXXX-XXXX-XXXX; NULL when malformed."),
    )
    .function(
        function("core.next_number", "text", FunctionLanguage::Plpgsql, NEXT_NUMBER)
            .arg("p_kind", "core.sequence_kind")
            .arg("p_facility", "uuid")
            .arg("p_on", "date")
            .depends_on(&["core.number_sequences", "core.fiscal_year_of", "core.current_tenant_id"])
            .comment("Next number of a per-tenant (and per-facility, per financial year) series, e.g. MUM/25-26/000123. Gap-free: the counter row stays locked until the transaction ends and a rollback undoes the increment, as GST invoice series require."),
    )
    .function(
        function("core.tg_set_row_meta", "trigger", FunctionLanguage::Plpgsql, SET_ROW_META)
            .depends_on(&["core.current_tenant_id", "core.current_user_id"])
            .comment("BEFORE INSERT OR UPDATE on every table with compliance columns: stamps created/updated at and by, bumps version, fills tenant_id from the session, refuses changes to a tenant_id once set."),
    )
    .function(
        function("core.tg_audit", "trigger", FunctionLanguage::Plpgsql, AUDIT)
            .security_definer(&["pg_catalog", "core"])
            .depends_on(&["core.audit_log", "core.current_user_id", "core.current_request_id"])
            .comment("AFTER INSERT OR UPDATE OR DELETE: appends the change (old and new row as jsonb, changed columns, actor, tenant) to core.audit_log. SECURITY DEFINER because the application role has no access to the log."),
    )
    .function(
        function("core.tg_audit_log_append_only", "trigger", FunctionLanguage::Plpgsql, APPEND_ONLY)
            .comment("Refuses UPDATE, DELETE and TRUNCATE of core.audit_log, whoever asks."),
    )
    .function(
        function("core.create_monthly_partitions", "integer", FunctionLanguage::Plpgsql, MONTHLY_PARTITIONS)
            .arg("p_parent", "regclass")
            .arg("p_months_ahead", "integer")
            .comment("Creates the monthly range partitions <parent>_yYYYYmMM from this month to p_months_ahead months ahead (idempotent); run by a scheduler, not by migrations. Returns how many were created."),
    );
}

const NEXT_NUMBER: &str = r#"DECLARE
    v_tenant uuid := core.current_tenant_id();
    v_fiscal_year text := core.fiscal_year_of(coalesce(p_on, current_date));
    v_series core.number_sequences%ROWTYPE;
BEGIN
    IF v_tenant IS NULL THEN
        RAISE EXCEPTION 'core.next_number: app.tenant_id is not set' USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- The row lock taken by UPDATE serialises callers of one series until commit.
    UPDATE core.number_sequences s
       SET next_value = s.next_value + 1
     WHERE s.tenant_id = v_tenant
       AND s.sequence_kind = p_kind
       AND s.facility_id IS NOT DISTINCT FROM p_facility
       AND s.deleted_at IS NULL
       AND ((s.reset_policy = 'never' AND s.fiscal_year IS NULL) OR s.fiscal_year = v_fiscal_year)
    RETURNING s.* INTO v_series;
    IF NOT FOUND THEN
        -- First number of this series in this financial year.
        INSERT INTO core.number_sequences AS s (tenant_id, facility_id, sequence_kind, fiscal_year, reset_policy, next_value)
        VALUES (v_tenant, p_facility, p_kind, v_fiscal_year, 'fiscal_year', 2)
        ON CONFLICT (tenant_id, facility_id, sequence_kind, fiscal_year)
        DO UPDATE SET next_value = s.next_value + 1
        RETURNING s.* INTO v_series;
    END IF;
    RETURN v_series.prefix
        || CASE WHEN v_series.fiscal_year IS NULL THEN '' ELSE substr(v_series.fiscal_year, 3) || '/' END
        || lpad((v_series.next_value - 1)::text, v_series.pad_width, '0');
END"#;

const SET_ROW_META: &str = r#"DECLARE
    v_new jsonb := to_jsonb(NEW);
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF v_new ? 'tenant_id' AND (v_new ->> 'tenant_id') IS NULL THEN
            NEW := jsonb_populate_record(NEW, jsonb_build_object('tenant_id', core.current_tenant_id()));
        END IF;
        NEW.created_at := now();
        NEW.created_by := coalesce(NEW.created_by, core.current_user_id());
        NEW.updated_at := NEW.created_at;
        NEW.updated_by := NEW.created_by;
        NEW.version := 1;
        RETURN NEW;
    END IF;
    -- A tenant, once set, never changes; a NULL tenant may be resolved (gateway messages).
    IF (to_jsonb(OLD) ->> 'tenant_id') IS NOT NULL
       AND (v_new -> 'tenant_id') IS DISTINCT FROM (to_jsonb(OLD) -> 'tenant_id') THEN
        RAISE EXCEPTION '%.%: tenant_id cannot change', TG_TABLE_SCHEMA, TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    NEW.created_at := OLD.created_at;
    NEW.created_by := OLD.created_by;
    NEW.updated_at := now();
    NEW.updated_by := coalesce(core.current_user_id(), NEW.updated_by);
    NEW.version := OLD.version + 1;
    RETURN NEW;
END"#;

const AUDIT: &str = r#"DECLARE
    v_old jsonb;
    v_new jsonb;
    v_row jsonb;
    v_action core.audit_action := lower(TG_OP)::core.audit_action;
    v_changed text[];
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        v_old := to_jsonb(OLD);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        v_new := to_jsonb(NEW);
    END IF;
    v_row := coalesce(v_new, v_old);
    IF TG_OP = 'UPDATE' THEN
        SELECT array_agg(n.key ORDER BY n.key) INTO v_changed
          FROM jsonb_each(v_new) n
         WHERE n.value IS DISTINCT FROM v_old -> n.key;
        IF (v_old ->> 'deleted_at') IS NULL AND (v_new ->> 'deleted_at') IS NOT NULL THEN
            v_action := 'soft_delete';
        ELSIF (v_old ->> 'deleted_at') IS NOT NULL AND (v_new ->> 'deleted_at') IS NULL THEN
            v_action := 'restore';
        END IF;
    END IF;
    -- Secrets never reach the log.
    v_old := v_old - ARRAY['aadhaar_ref_token'];
    v_new := v_new - ARRAY['aadhaar_ref_token'];
    INSERT INTO core.audit_log (tenant_id, schema_name, table_name, row_id, action, old_data, new_data,
                                changed_columns, actor_user_id, request_id, client_addr, application_name)
    VALUES ((v_row ->> 'tenant_id')::uuid, TG_TABLE_SCHEMA, TG_TABLE_NAME, (v_row ->> 'id')::uuid, v_action,
            v_old, v_new, v_changed, core.current_user_id(),
            left(core.current_request_id(), 64), inet_client_addr(),
            current_setting('application_name', true));
    RETURN NULL;
END"#;

const APPEND_ONLY: &str = r#"BEGIN
    RAISE EXCEPTION 'core.audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END"#;

const MONTHLY_PARTITIONS: &str = r#"DECLARE
    v_schema text;
    v_table text;
    v_month date := date_trunc('month', current_date)::date;
    v_name text;
    v_created integer := 0;
BEGIN
    SELECT n.nspname, c.relname INTO v_schema, v_table
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = p_parent;
    FOR i IN 0 .. greatest(p_months_ahead, 0) LOOP
        v_name := format('%s_y%sm%s', v_table, to_char(v_month, 'YYYY'), to_char(v_month, 'MM'));
        IF to_regclass(format('%I.%I', v_schema, v_name)) IS NULL THEN
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)',
                           v_schema, v_name, v_schema, v_table, v_month, (v_month + interval '1 month')::date);
            v_created := v_created + 1;
        END IF;
        v_month := (v_month + interval '1 month')::date;
    END LOOP;
    RETURN v_created;
END"#;

// ---- Enums ----------------------------------------------------------------------------

/// Lifecycle of a customer (hospital group).
#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum TenantStatus {
    Active,
    Suspended,
    Offboarding,
    Offboarded,
}

#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum FacilityType {
    Hospital,
    Clinic,
    DiagnosticCentre,
    CollectionCentre,
    Pharmacy,
    DayCareCentre,
}

#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum DepartmentType {
    Clinical,
    Diagnostic,
    Support,
    Administrative,
}

#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum UserStatus {
    Invited,
    Active,
    Locked,
    Disabled,
}

#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum PractitionerType {
    Doctor,
    Nurse,
    Pharmacist,
    LabTechnologist,
    Radiographer,
    Physiotherapist,
    Dentist,
    AyushPractitioner,
    Dietitian,
    Other,
}

/// Administrative gender; ABDM sends M/F/O/U, mapped at the boundary.
#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum Gender {
    Male,
    Female,
    Other,
    Unknown,
}

/// Indian relation prefix on registration forms: S/o, D/o, W/o, H/o, C/o.
#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum RelationType {
    SonOf,
    DaughterOf,
    WifeOf,
    HusbandOf,
    CareOf,
}

#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum BloodGroup {
    APos,
    ANeg,
    BPos,
    BNeg,
    AbPos,
    AbNeg,
    OPos,
    ONeg,
    Bombay,
    Unknown,
}

#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum MaritalStatus {
    Single,
    Married,
    Divorced,
    Widowed,
    Separated,
    Unknown,
}

#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum PatientStatus {
    Active,
    Inactive,
    Merged,
    Deceased,
}

/// Identifiers a patient presents. There is deliberately no raw-Aadhaar value: only a
/// vault reference may be stored (UIDAI Aadhaar Data Vault rule).
#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum IdentifierType {
    AbhaNumber,
    AbhaAddress,
    AadhaarRef,
    Pan,
    Passport,
    VoterId,
    DrivingLicence,
    RationCard,
    PmjayId,
    CghsCard,
    EchsCard,
    EsicIpNumber,
    EmployeeId,
    OldMrn,
    Other,
}

#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum AddressUse {
    Permanent,
    Current,
    Work,
    Billing,
    Temporary,
}

#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum ContactRelationship {
    Father,
    Mother,
    Spouse,
    Son,
    Daughter,
    Sibling,
    Guardian,
    Relative,
    Friend,
    Employer,
    Other,
}

/// What a human-readable number series numbers.
#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum SequenceKind {
    Mrn,
    OpNumber,
    IpNumber,
    ErNumber,
    Invoice,
    Receipt,
    Deposit,
    Refund,
    CreditNote,
    Prescription,
    LabOrder,
    LabAccession,
    LabReport,
    Preauth,
    Claim,
}

/// What an audit record describes.
#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum AuditAction {
    Insert,
    Update,
    Delete,
    SoftDelete,
    Restore,
    Read,
    Export,
}

#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum ValueSetStatus {
    Draft,
    Active,
    Retired,
}

#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum SequenceReset {
    Never,
    FiscalYear,
    CalendarYear,
    Daily,
}

#[derive(PgEnum)]
#[pg_enum(schema = "core")]
pub enum DocumentType {
    IdProof,
    ConsentForm,
    Photo,
    Signature,
    LabReportPdf,
    DischargeSummaryPdf,
    InvoicePdf,
    ExternalRecord,
    Other,
}

// ---- Tenancy and facilities -------------------------------------------------------------

/// One hospital group (customer). The root of tenancy.
#[derive(Table)]
#[table(schema = "core", name = "tenants", compliance)]
#[check(name = "tenants_code_format", expr = "code ~ '^[a-z0-9-]{2,32}$'")]
#[check(name = "tenants_pan_format", expr = "pan ~ '^[A-Z]{5}[0-9]{4}[A-Z]$'")]
pub struct Tenant {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    /// Short stable code used in URLs and configuration.
    #[column(varchar = 32, unique)]
    pub code: String,
    #[column(varchar = 200)]
    pub legal_name: String,
    #[column(varchar = 120)]
    pub display_name: String,
    /// Income-tax PAN of the legal entity.
    #[column(char = 10)]
    pub pan: Option<String>,
    #[column(default = "active")]
    pub status: TenantStatus,
    pub onboarded_at: Option<Timestamp>,
    /// Where the tenant's data must stay (DPDP Act, hospital contracts).
    #[column(varchar = 20, default = "IN")]
    pub data_residency: Option<String>,
    #[column(default_sql = "'{}'::jsonb")]
    pub metadata: Json,
}

/// Indian states and union territories with their GST, ISO 3166-2 and LGD codes.
#[derive(Table)]
#[table(schema = "core", name = "states", compliance)]
#[check(name = "states_gst_code_format", expr = "gst_code ~ '^[0-9]{2}$'")]
pub struct State {
    /// GST state code (27 Maharashtra, 29 Karnataka, 07 Delhi …).
    #[column(primary_key, char = 2)]
    pub gst_code: String,
    /// ISO 3166-2 code, e.g. IN-MH.
    #[column(varchar = 6, unique)]
    pub iso_code: String,
    /// Local Government Directory code used by ABDM addresses.
    #[column(unique)]
    pub lgd_code: Option<i32>,
    #[column(varchar = 60)]
    pub name: String,
    pub is_union_territory: bool,
}

/// A hospital, clinic, diagnostic centre or pharmacy; registers with HFR and GST.
#[derive(Table)]
#[table(schema = "core", name = "facilities", tenant_scoped, compliance)]
#[unique(columns(tenant_id, code))]
#[index(columns(tenant_id, hfr_id), unique, predicate = "hfr_id IS NOT NULL")]
#[check(name = "facilities_hfr_id_format", expr = "hfr_id ~ '^IN[0-9A-Z]+$'")]
#[check(
    name = "facilities_gstin_format",
    expr = "gstin ~ '^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$'"
)]
#[check(
    name = "facilities_gstin_state",
    expr = "gstin IS NULL OR left(gstin, 2) = state_code"
)]
pub struct Facility {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(varchar = 20)]
    pub code: String,
    #[column(varchar = 200)]
    pub name: String,
    pub facility_type: FacilityType,
    /// private, public or trust.
    #[column(varchar = 20)]
    pub ownership: Option<String>,
    /// Health Facility Registry id (ABDM), e.g. IN2710000123.
    #[column(varchar = 20)]
    pub hfr_id: Option<String>,
    /// GST registration of the facility; its first two digits are the state code.
    #[column(char = 15)]
    pub gstin: Option<String>,
    #[column(char = 2, references = State)]
    pub state_code: String,
    #[column(varchar = 50)]
    pub clinical_establishment_reg_no: Option<String>,
    #[column(varchar = 30)]
    pub nabh_accreditation_no: Option<String>,
    pub nabh_valid_until: Option<NaiveDate>,
    /// ROHINI id: insurers' hospital registry.
    #[column(varchar = 20)]
    pub rohini_id: Option<String>,
    #[column(check = "bed_capacity >= 0")]
    pub bed_capacity: Option<i32>,
    #[column(varchar = 40, default = "Asia/Kolkata")]
    pub timezone: String,
    #[column(default = true)]
    pub is_active: bool,
}

/// Clinical, diagnostic, support or administrative department of a facility.
#[derive(Table)]
#[table(schema = "core", name = "departments", tenant_scoped, compliance)]
#[index(
    columns(tenant_id, facility_id, code),
    unique,
    predicate = "deleted_at IS NULL"
)]
#[check(
    name = "departments_not_own_parent",
    expr = "parent_department_id <> id"
)]
pub struct Department {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Facility)]
    pub facility_id: Uuid,
    #[column(varchar = 20)]
    pub code: String,
    #[column(varchar = 120)]
    pub name: String,
    pub department_type: DepartmentType,
    /// SNOMED CT specialty concept.
    #[column(varchar = 18)]
    pub specialty_code: Option<String>,
    #[column(references = Department)]
    pub parent_department_id: Option<Uuid>,
    #[column(varchar = 20)]
    pub cost_centre_code: Option<String>,
    #[column(default = true)]
    pub is_active: bool,
}

// ---- Staff and access ---------------------------------------------------------------------

/// Staff login account; authentication is delegated to an OIDC identity provider.
#[derive(Table)]
#[table(schema = "core", name = "users", tenant_scoped, compliance)]
#[index(
    columns(tenant_id),
    expressions("lower(username)"),
    unique,
    name = "users_tenant_username_uidx"
)]
#[index(columns(tenant_id, idp_issuer, idp_subject), unique)]
#[index(columns(tenant_id, status))]
#[check(name = "users_mobile_format", expr = "mobile ~ '^[6-9][0-9]{9}$'")]
#[check(
    name = "users_email_format",
    expr = "email ~ '^[^@[:space:]]+@[^@[:space:]]+$'"
)]
pub struct User {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(varchar = 64)]
    pub username: String,
    #[column(varchar = 254)]
    pub email: Option<String>,
    /// Ten digits starting 6–9; +91 is implied.
    #[column(varchar = 10)]
    pub mobile: Option<String>,
    #[column(varchar = 150)]
    pub display_name: String,
    #[column(varchar = 200)]
    pub idp_issuer: Option<String>,
    #[column(varchar = 255)]
    pub idp_subject: Option<String>,
    #[column(default = "invited")]
    pub status: UserStatus,
    #[column(default = false)]
    pub mfa_enabled: bool,
    pub last_login_at: Option<Timestamp>,
    pub locked_until: Option<Timestamp>,
}

/// Named bundle of permissions (Doctor, Nurse, Billing Clerk …).
#[derive(Table)]
#[table(schema = "core", name = "roles", tenant_scoped, compliance)]
#[unique(columns(tenant_id, code))]
pub struct Role {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(varchar = 50)]
    pub code: String,
    #[column(varchar = 100)]
    pub name: String,
    pub description: Option<String>,
    /// Seeded per tenant by the product; not editable.
    #[column(default = false)]
    pub is_system: bool,
}

/// Capability codes defined by the product (global).
#[derive(Table)]
#[table(schema = "core", name = "permissions", compliance)]
#[check(
    name = "permissions_code_format",
    expr = "code ~ '^[a-z_]+(\\.[a-z_]+)+$'"
)]
pub struct Permission {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    /// e.g. clinical.prescription.sign
    #[column(varchar = 100, unique)]
    pub code: String,
    #[column(varchar = 30)]
    pub module: String,
    pub description: String,
    /// Needs a reason or break-the-glass.
    #[column(default = false)]
    pub is_sensitive: bool,
}

/// Grants a permission to a role.
#[derive(Table)]
#[table(schema = "core", name = "role_permissions", tenant_scoped, compliance)]
#[unique(columns(tenant_id, role_id, permission_id))]
pub struct RolePermission {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Role, on_delete = "cascade")]
    pub role_id: Uuid,
    #[column(references = Permission)]
    pub permission_id: Uuid,
}

/// Assigns a role to a user, optionally for one facility/department and time window.
#[derive(Table)]
#[table(schema = "core", name = "user_roles", tenant_scoped, compliance)]
#[unique(
    columns(tenant_id, user_id, role_id, facility_id, department_id),
    nulls_not_distinct
)]
#[index(columns(tenant_id, role_id))]
#[check(
    name = "user_roles_valid_window",
    expr = "valid_to IS NULL OR valid_to > valid_from"
)]
pub struct UserRole {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = User, on_delete = "cascade")]
    pub user_id: Uuid,
    #[column(references = Role, on_delete = "cascade")]
    pub role_id: Uuid,
    #[column(references = Facility)]
    pub facility_id: Option<Uuid>,
    #[column(references = Department)]
    pub department_id: Option<Uuid>,
    #[column(default_sql = "now()")]
    pub valid_from: Timestamp,
    pub valid_to: Option<Timestamp>,
}

/// Doctors, nurses, pharmacists and other clinical staff with national registry data.
#[derive(Table)]
#[table(schema = "core", name = "practitioners", tenant_scoped, compliance)]
#[index(
    columns(tenant_id, user_id),
    unique,
    predicate = "user_id IS NOT NULL AND deleted_at IS NULL"
)]
#[index(
    columns(tenant_id, hpr_id),
    unique,
    predicate = "hpr_id IS NOT NULL AND deleted_at IS NULL"
)]
#[index(
    columns(tenant_id, registration_council, registration_number),
    unique,
    predicate = "registration_number IS NOT NULL AND deleted_at IS NULL"
)]
#[index(columns(full_name(opclass = "gin_trgm_ops")), method = "gin")]
#[check(
    name = "practitioners_registration_required",
    expr = "practitioner_type NOT IN ('doctor', 'nurse', 'pharmacist') OR registration_number IS NOT NULL"
)]
pub struct Practitioner {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = User)]
    pub user_id: Option<Uuid>,
    pub practitioner_type: PractitionerType,
    #[column(varchar = 20)]
    pub title: Option<String>,
    #[column(varchar = 200)]
    pub full_name: String,
    pub gender: Option<Gender>,
    pub date_of_birth: Option<NaiveDate>,
    /// Healthcare Professionals Registry id (ABDM).
    #[column(varchar = 20)]
    pub hpr_id: Option<String>,
    #[column(varchar = 64)]
    pub hpr_address: Option<String>,
    /// National Medical Commission, a State Medical Council, Nursing or Pharmacy Council.
    #[column(varchar = 120)]
    pub registration_council: Option<String>,
    #[column(varchar = 50)]
    pub registration_number: Option<String>,
    pub registration_valid_until: Option<NaiveDate>,
    pub qualifications: Option<String>,
    #[column(varchar = 18)]
    pub specialty_code: Option<String>,
    #[column(references = Department)]
    pub primary_department_id: Option<Uuid>,
    #[column(references = Document)]
    pub signature_document_id: Option<Uuid>,
    #[column(default = true)]
    pub is_active: bool,
}

/// Additional council registrations (several states, provisional vs permanent).
#[derive(Table)]
#[table(
    schema = "core",
    name = "practitioner_registrations",
    tenant_scoped,
    compliance
)]
#[index(
    columns(tenant_id, council, registration_number),
    unique,
    predicate = "deleted_at IS NULL"
)]
#[check(
    name = "practitioner_registrations_valid_window",
    expr = "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from"
)]
pub struct PractitionerRegistration {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Practitioner, on_delete = "cascade")]
    pub practitioner_id: Uuid,
    #[column(varchar = 120)]
    pub council: String,
    #[column(varchar = 50)]
    pub registration_number: String,
    /// permanent, provisional or additional.
    #[column(varchar = 20)]
    pub registration_type: String,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// hpr or manual.
    #[column(varchar = 10)]
    pub verified_via: Option<String>,
    pub verified_at: Option<Timestamp>,
}

// ---- Patients -------------------------------------------------------------------------------

/// A registered person: one UHID/MRN per person per tenant; hub of every record.
#[derive(Table)]
#[table(schema = "core", name = "patients", tenant_scoped, compliance)]
#[unique(columns(tenant_id, mrn))]
#[index(
    columns(tenant_id, abha_number),
    unique,
    predicate = "abha_number IS NOT NULL AND deleted_at IS NULL"
)]
#[index(
    columns(tenant_id, abha_address),
    unique,
    predicate = "abha_address IS NOT NULL AND deleted_at IS NULL"
)]
#[index(columns(tenant_id, mobile))]
#[index(columns(tenant_id, date_of_birth))]
#[index(columns(full_name(opclass = "gin_trgm_ops")), method = "gin")]
#[check(
    name = "patients_abha_number_format",
    expr = "core.is_valid_abha_number(abha_number)"
)]
#[check(
    name = "patients_abha_address_format",
    expr = "abha_address ~ '^[a-z0-9._]+@[a-z]+$'"
)]
#[check(
    name = "patients_aadhaar_last4_format",
    expr = "aadhaar_last4 ~ '^[0-9]{4}$'"
)]
#[check(name = "patients_mobile_format", expr = "mobile ~ '^[6-9][0-9]{9}$'")]
#[check(
    name = "patients_birth_known",
    expr = "date_of_birth IS NOT NULL OR year_of_birth IS NOT NULL OR is_unknown"
)]
#[check(
    name = "patients_year_of_birth_range",
    expr = "year_of_birth BETWEEN 1880 AND 2200"
)]
#[check(
    name = "patients_merged_has_target",
    expr = "status <> 'merged' OR merged_into_patient_id IS NOT NULL"
)]
#[check(
    name = "patients_not_merged_into_self",
    expr = "merged_into_patient_id <> id"
)]
pub struct Patient {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    /// UHID: hospital-wide patient number. Never reused, even after a soft delete.
    #[column(varchar = 20)]
    pub mrn: String,
    #[column(varchar = 10)]
    pub title: Option<String>,
    #[column(varchar = 100)]
    pub first_name: String,
    #[column(varchar = 100)]
    pub middle_name: Option<String>,
    #[column(varchar = 100)]
    pub last_name: Option<String>,
    /// Derived for search. Concatenation, not concat_ws: generated columns need IMMUTABLE.
    #[column(
        varchar = 310,
        generated = "first_name || coalesce(' ' || middle_name, '') || coalesce(' ' || last_name, '')"
    )]
    pub full_name: Option<String>,
    pub gender: Gender,
    pub date_of_birth: Option<NaiveDate>,
    #[column(default = false)]
    pub dob_is_estimated: bool,
    pub year_of_birth: Option<i16>,
    pub relation_type: Option<RelationType>,
    #[column(varchar = 200)]
    pub relation_name: Option<String>,
    #[column(varchar = 10)]
    pub mobile: Option<String>,
    #[column(varchar = 10)]
    pub alternate_mobile: Option<String>,
    #[column(varchar = 254)]
    pub email: Option<String>,
    pub blood_group: Option<BloodGroup>,
    pub marital_status: Option<MaritalStatus>,
    /// ISO 639 code: hi, ta, mr …
    #[column(varchar = 8)]
    pub preferred_language: Option<String>,
    #[column(varchar = 100)]
    pub occupation: Option<String>,
    /// ABHA number, 14 digits without hyphens.
    #[column(varchar = 14)]
    pub abha_number: Option<String>,
    /// ABHA address, e.g. name@abdm.
    #[column(varchar = 64)]
    pub abha_address: Option<String>,
    pub abha_verified_at: Option<Timestamp>,
    /// Aadhaar Data Vault reference token; the Aadhaar number itself is never stored.
    #[column(varchar = 72)]
    pub aadhaar_ref_token: Option<String>,
    #[column(char = 4)]
    pub aadhaar_last4: Option<String>,
    #[column(default = false)]
    pub is_vip: bool,
    /// Unidentified emergency patient.
    #[column(default = false)]
    pub is_unknown: bool,
    pub deceased_at: Option<Timestamp>,
    #[column(references = Facility)]
    pub registered_facility_id: Uuid,
    #[column(references = Document)]
    pub photo_document_id: Option<Uuid>,
    #[column(references = Patient)]
    pub merged_into_patient_id: Option<Uuid>,
    #[column(default = "active")]
    pub status: PatientStatus,
}

/// Other identifiers a patient presents (PM-JAY id, CGHS card, passport, old MRN …).
#[derive(Table)]
#[table(
    schema = "core",
    name = "patient_identifiers",
    tenant_scoped,
    compliance
)]
#[index(
    columns(tenant_id, identifier_type, value),
    unique,
    predicate = "deleted_at IS NULL"
)]
#[index(
    columns(tenant_id, patient_id, identifier_type),
    unique,
    name = "patient_identifiers_primary_uidx",
    predicate = "is_primary AND deleted_at IS NULL"
)]
pub struct PatientIdentifier {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    pub identifier_type: IdentifierType,
    #[column(varchar = 64)]
    pub value: String,
    #[column(varchar = 120)]
    pub issuer: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub verified_at: Option<Timestamp>,
    #[column(varchar = 30)]
    pub verification_method: Option<String>,
    #[column(default = false)]
    pub is_primary: bool,
}

/// Postal address of a patient or a facility (exactly one of them).
#[derive(Table)]
#[table(schema = "core", name = "addresses", tenant_scoped, compliance)]
#[index(
    columns(tenant_id, patient_id, address_use),
    unique,
    name = "addresses_primary_uidx",
    predicate = "is_primary AND deleted_at IS NULL"
)]
#[index(columns(tenant_id, pin_code))]
#[check(
    name = "addresses_one_owner",
    expr = "num_nonnulls(patient_id, facility_id) = 1"
)]
#[check(
    name = "addresses_pin_code_format",
    expr = "country_code <> 'IN' OR pin_code ~ '^[1-9][0-9]{5}$'"
)]
pub struct Address {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Option<Uuid>,
    #[column(references = Facility)]
    pub facility_id: Option<Uuid>,
    pub address_use: AddressUse,
    #[column(varchar = 200)]
    pub line1: String,
    #[column(varchar = 200)]
    pub line2: Option<String>,
    /// Village, ward or area.
    #[column(varchar = 100)]
    pub locality: Option<String>,
    #[column(varchar = 100)]
    pub city: Option<String>,
    /// Tehsil or taluka.
    #[column(varchar = 100)]
    pub sub_district: Option<String>,
    #[column(varchar = 100)]
    pub district: String,
    pub lgd_district_code: Option<i32>,
    #[column(char = 2, references = State)]
    pub state_code: String,
    /// Six-digit PIN code, first digit 1–9.
    #[column(char = 6)]
    pub pin_code: String,
    #[column(char = 2, default = "IN")]
    pub country_code: String,
    #[column(default = false)]
    pub is_primary: bool,
}

/// Next of kin, emergency contact or legal guardian.
#[derive(Table)]
#[table(schema = "core", name = "patient_contacts", tenant_scoped, compliance)]
#[check(
    name = "patient_contacts_reachable",
    expr = "mobile IS NOT NULL OR email IS NOT NULL"
)]
#[check(
    name = "patient_contacts_mobile_format",
    expr = "mobile ~ '^[6-9][0-9]{9}$'"
)]
pub struct PatientContact {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Patient, on_delete = "cascade")]
    pub patient_id: Uuid,
    pub relationship: ContactRelationship,
    #[column(varchar = 200)]
    pub name: String,
    #[column(varchar = 10)]
    pub mobile: Option<String>,
    #[column(varchar = 254)]
    pub email: Option<String>,
    #[column(varchar = 500)]
    pub address_text: Option<String>,
    #[column(default = false)]
    pub is_emergency_contact: bool,
    /// Consents for a minor or incapacitated patient.
    #[column(default = false)]
    pub is_legal_guardian: bool,
    #[column(default = 1, check = "priority BETWEEN 1 AND 9")]
    pub priority: i16,
}

// ---- Terminology ----------------------------------------------------------------------------

/// Registered terminologies and their versions (ICD-10, SNOMED CT, LOINC, UCUM, HSN, SAC).
#[derive(Table)]
#[table(schema = "core", name = "code_systems", compliance)]
#[unique(columns(uri, code_system_version))]
#[index(
    columns(code),
    unique,
    name = "code_systems_current_uidx",
    predicate = "is_current"
)]
pub struct CodeSystem {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(varchar = 30)]
    pub code: String,
    /// Canonical URI, e.g. http://snomed.info/sct.
    #[column(varchar = 200)]
    pub uri: String,
    #[column(varchar = 120)]
    pub name: String,
    /// The terminology's own release, e.g. LOINC 2.77 (`version` is the row version).
    #[column(varchar = 40, renamed_from = "version")]
    pub code_system_version: String,
    #[column(varchar = 120)]
    pub publisher: Option<String>,
    pub effective_date: Option<NaiveDate>,
    #[column(default = true)]
    pub is_current: bool,
}

/// Codes of each code system.
#[derive(Table)]
#[table(schema = "core", name = "concepts", compliance)]
#[unique(columns(code_system_id, code))]
#[index(columns(code_system_id, parent_code))]
#[index(columns(display(opclass = "gin_trgm_ops")), method = "gin")]
pub struct Concept {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = CodeSystem)]
    pub code_system_id: Uuid,
    #[column(varchar = 40)]
    pub code: String,
    /// The text the clinician saw; denormalised on purpose (part of the legal record).
    #[column(varchar = 500)]
    pub display: String,
    #[column(default = true)]
    pub is_active: bool,
    #[column(varchar = 40)]
    pub parent_code: Option<String>,
    /// LOINC class/scale, SNOMED semantic tag.
    #[column(default_sql = "'{}'::jsonb")]
    pub properties: Json,
}

/// Curated subsets of concepts ("OPD common diagnoses", "Specimen rejection reasons"):
/// product-wide when `tenant_id` is NULL, else tenant-local. Tenants read shared rows but
/// write only their own.
#[derive(Table)]
#[table(schema = "core", name = "value_sets", compliance)]
#[unique(columns(tenant_id, code, value_set_version), nulls_not_distinct)]
pub struct ValueSet {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    /// NULL: shared by every tenant (maintained by the product).
    #[column(references = Tenant)]
    pub tenant_id: Option<Uuid>,
    #[column(varchar = 60)]
    pub code: String,
    #[column(varchar = 150)]
    pub name: String,
    #[column(varchar = 250)]
    pub canonical_url: Option<String>,
    /// Business version of the set as published (`version` is the row version).
    #[column(varchar = 20, default = "1", renamed_from = "version")]
    pub value_set_version: String,
    #[column(default = "active")]
    pub status: ValueSetStatus,
}

/// Membership of a concept in a value set; `tenant_id` copies the set's for row-level security.
#[derive(Table)]
#[table(schema = "core", name = "value_set_concepts", compliance)]
#[unique(columns(value_set_id, concept_id))]
pub struct ValueSetConcept {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Tenant)]
    pub tenant_id: Option<Uuid>,
    #[column(references = ValueSet, on_delete = "cascade")]
    pub value_set_id: Uuid,
    #[column(references = Concept)]
    pub concept_id: Uuid,
    pub sort_order: Option<i32>,
    #[column(default = false)]
    pub is_default: bool,
}

/// Append-only journal of row changes (written by core.tg_audit) and sensitive reads.
/// Partitioned by month of `occurred_at`: core.create_monthly_partitions adds partitions
/// ahead of time and the DEFAULT partition catches anything else.
#[derive(Table)]
#[table(schema = "core", name = "audit_log", partition_by_range(occurred_at))]
#[primary_key(id, occurred_at)]
#[index(columns(tenant_id, table_name, row_id, occurred_at(desc)))]
#[index(columns(tenant_id, actor_user_id, occurred_at))]
#[index(columns(occurred_at), method = "brin")]
#[check(
    name = "audit_log_update_has_old_row",
    expr = "action <> 'update' OR old_data IS NOT NULL"
)]
pub struct AuditLog {
    #[column(identity = "always")]
    pub id: i64,
    #[column(default_sql = "clock_timestamp()")]
    pub occurred_at: Timestamp,
    /// NULL for global tables.
    pub tenant_id: Option<Uuid>,
    pub schema_name: String,
    pub table_name: String,
    pub row_id: Option<Uuid>,
    pub action: AuditAction,
    pub old_data: Option<Json>,
    pub new_data: Option<Json>,
    pub changed_columns: Option<Vec<String>>,
    /// app.user_id of the transaction that made the change.
    pub actor_user_id: Option<Uuid>,
    #[column(default_sql = "CURRENT_USER")]
    pub db_role: String,
    #[column(varchar = 64)]
    pub request_id: Option<String>,
    pub client_addr: Option<std::net::IpAddr>,
    pub application_name: Option<String>,
    #[column(sql_type = "xid8", default_sql = "pg_current_xact_id()")]
    pub txid: String,
    /// Mandatory for break-the-glass reads.
    pub reason: Option<String>,
}

// ---- Configuration, numbering, documents ------------------------------------------------------

/// Tenant and facility configuration as key/value; secrets live in a vault.
#[derive(Table)]
#[table(schema = "core", name = "settings", tenant_scoped, compliance)]
#[unique(columns(tenant_id, facility_id, key), nulls_not_distinct)]
#[check(
    name = "settings_key_format",
    expr = "key ~ '^[a-z0-9_]+(\\.[a-z0-9_]+)+$'"
)]
pub struct Setting {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Facility)]
    pub facility_id: Option<Uuid>,
    #[column(varchar = 100)]
    pub key: String,
    pub value: Json,
    pub description: Option<String>,
    /// The value is a vault reference, not the secret.
    #[column(default = false)]
    pub is_secret: bool,
}

/// Counters behind human-readable numbers (UHID, OP/IP numbers, invoices …), per tenant,
/// facility and financial year. Row locks make them gap-free.
#[derive(Table)]
#[table(schema = "core", name = "number_sequences", tenant_scoped, compliance)]
#[unique(
    columns(tenant_id, facility_id, sequence_kind, fiscal_year),
    nulls_not_distinct
)]
#[check(
    name = "number_sequences_fiscal_year_format",
    expr = "fiscal_year ~ '^[0-9]{4}-[0-9]{2}$'"
)]
#[check(
    name = "number_sequences_gst_length",
    expr = "length(prefix) + pad_width <= 16"
)]
pub struct NumberSequence {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Facility)]
    pub facility_id: Option<Uuid>,
    pub sequence_kind: SequenceKind,
    /// Indian financial year, e.g. 2025-26; NULL when the series never resets.
    #[column(varchar = 7)]
    pub fiscal_year: Option<String>,
    #[column(varchar = 12, default = "")]
    pub prefix: String,
    #[column(default = 1, check = "next_value > 0")]
    pub next_value: i64,
    #[column(default = 6)]
    pub pad_width: i16,
    #[column(default = "never")]
    pub reset_policy: SequenceReset,
}

/// Metadata of a binary object in object storage (ID proofs, consent forms, reports).
#[derive(Table)]
#[table(schema = "core", name = "documents", tenant_scoped, compliance)]
#[unique(columns(tenant_id, storage_key))]
#[index(columns(tenant_id, patient_id, document_type))]
#[check(name = "documents_size_nonnegative", expr = "size_bytes >= 0")]
#[check(name = "documents_sha256_format", expr = "sha256 ~ '^[0-9a-f]{64}$'")]
pub struct Document {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Option<Uuid>,
    pub document_type: DocumentType,
    #[column(varchar = 500)]
    pub storage_key: String,
    #[column(varchar = 100)]
    pub content_type: String,
    pub size_bytes: i64,
    #[column(char = 64)]
    pub sha256: String,
    #[column(default = true)]
    pub is_encrypted: bool,
    pub retention_until: Option<NaiveDate>,
    /// upload, scan, generated or abdm.
    #[column(varchar = 30)]
    pub source: Option<String>,
}
