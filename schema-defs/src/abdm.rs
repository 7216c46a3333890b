//! Schema `abdm`: Ayushman Bharat Digital Mission integration — bridge and HIP/HIU service
//! registration, ABHA linkage, care contexts, consent, health-information exchange, Scan &
//! Share and the gateway message log (hims-domain.md §1.4, §2.4).
//!
//! Everything is asynchronous: the HIMS calls the gateway with a `REQUEST-ID` and later
//! receives a callback referencing it. Secrets, link tokens and private keys are never
//! stored here, only vault/KMS references. Enum values mirror gateway literals exactly,
//! including case (CAREMGT, OPConsultation, GRANTED, VIEW, HOUR).

use chrono::{DateTime, NaiveDate, Utc};
use hims_dsl::objects::view;
use hims_dsl::{ModelBuilder, PgEnum, Table};
use serde_json::Value as Json;
use uuid::Uuid;

use crate::core::{Facility, Patient, Practitioner, Tenant};
use crate::laboratory::LabOrder;

type Timestamp = DateTime<Utc>;

pub fn register(b: &mut ModelBuilder) {
    b.schema(
        "abdm",
        "Ayushman Bharat Digital Mission: ABHA linkage, care contexts, consent and health-information exchange",
    );
    b.enum_type::<Environment>()
        .enum_type::<VerificationMethod>()
        .enum_type::<LinkStatus>()
        .enum_type::<LinkRequestStatus>()
        .enum_type::<ConsentPurpose>()
        .enum_type::<HiType>()
        .enum_type::<AccessMode>()
        .enum_type::<FrequencyUnit>()
        .enum_type::<ConsentRequestStatus>()
        .enum_type::<ConsentStatus>()
        .enum_type::<ExchangeRole>()
        .enum_type::<HiRequestStatus>()
        .enum_type::<TransferStatus>()
        .enum_type::<TokenStatus>()
        .enum_type::<MessageDirection>()
        .enum_type::<ProcessingStatus>();
    b.table::<BridgeRegistration>()
        .table::<FacilityService>()
        .table::<AbhaLinkage>()
        .table::<CareContext>()
        .table::<LinkRequest>()
        .table::<ConsentRequest>()
        .table::<ConsentArtefact>()
        .table::<EncryptionKey>()
        .table::<HealthInformationRequest>()
        .table::<DataTransfer>()
        .table::<DataTransferEntry>()
        .table::<ScanShareToken>()
        .table::<GatewayMessage>()
        .table::<AbhaProfile>();
    views(b);
}

/// Views run with the caller's rights (`security_invoker`), so row-level security applies.
fn views(b: &mut ModelBuilder) {
    b.view(view(
        "abdm.v_consent_status",
        &["abdm.consent_artefacts", "abdm.consent_requests"],
        "Effective status per consent artefact: EXPIRED once data_erase_at has passed, even before the consent manager says so.",
        "SELECT ca.tenant_id, ca.id AS consent_artefact_id, ca.artefact_id, ca.consent_request_id,
       ca.patient_id, ca.role, ca.purpose_code, ca.hi_types, ca.date_from, ca.date_to,
       ca.data_erase_at, ca.status AS notified_status,
       CASE WHEN ca.status = 'GRANTED' AND ca.data_erase_at <= now()
            THEN 'EXPIRED'::abdm.consent_status ELSE ca.status END AS effective_status,
       cr.status AS request_status
  FROM abdm.consent_artefacts ca
  LEFT JOIN abdm.consent_requests cr ON cr.tenant_id = ca.tenant_id AND cr.id = ca.consent_request_id
 WHERE ca.deleted_at IS NULL",
    ));
}

// ---- Enums ----------------------------------------------------------------------------

/// ABDM environment a bridge is registered in (X-CM-ID `sbx` or `abdm`).
#[derive(PgEnum)]
#[pg_enum(schema = "abdm")]
pub enum Environment {
    Sandbox,
    Production,
}

/// How an ABHA was verified when it was linked to the local patient.
#[derive(PgEnum)]
#[pg_enum(schema = "abdm")]
pub enum VerificationMethod {
    AadhaarOtp,
    AadhaarBiometric,
    MobileOtp,
    Password,
    Demographics,
    ScanShare,
    /// Evolution B1 (ABDM API v3): face authentication.
    FaceAuth,
}

/// Linking state of a care context with the patient's ABHA.
#[derive(PgEnum)]
#[pg_enum(schema = "abdm")]
pub enum LinkStatus {
    NotLinked,
    LinkRequested,
    Linked,
    LinkFailed,
    Unlinked,
}

#[derive(PgEnum)]
#[pg_enum(schema = "abdm")]
pub enum LinkRequestStatus {
    Discovered,
    OtpSent,
    Confirmed,
    Failed,
    Expired,
}

/// Consent purpose codes of the ABDM consent manager (gateway literals, case-sensitive).
#[derive(PgEnum)]
#[pg_enum(schema = "abdm")]
pub enum ConsentPurpose {
    /// Care management.
    #[pg_enum(rename = "CAREMGT")]
    CareManagement,
    /// Break the glass (emergency access; must be justified).
    #[pg_enum(rename = "BTG")]
    BreakTheGlass,
    /// Public health.
    #[pg_enum(rename = "PUBHLTH")]
    PublicHealth,
    /// Healthcare payment.
    #[pg_enum(rename = "HPAYMT")]
    HealthcarePayment,
    /// Disease-specific healthcare research.
    #[pg_enum(rename = "DSRCH")]
    DiseaseSpecificResearch,
    /// Self-requested by the patient.
    #[pg_enum(rename = "PATRQT")]
    SelfRequested,
}

/// Health-information types (FHIR document profiles of the ABDM implementation guide).
#[derive(PgEnum)]
#[pg_enum(schema = "abdm")]
pub enum HiType {
    #[pg_enum(rename = "OPConsultation")]
    OpConsultation,
    #[pg_enum(rename = "Prescription")]
    Prescription,
    #[pg_enum(rename = "DischargeSummary")]
    DischargeSummary,
    #[pg_enum(rename = "DiagnosticReport")]
    DiagnosticReport,
    #[pg_enum(rename = "ImmunizationRecord")]
    ImmunizationRecord,
    #[pg_enum(rename = "HealthDocumentRecord")]
    HealthDocumentRecord,
    #[pg_enum(rename = "WellnessRecord")]
    WellnessRecord,
    #[pg_enum(rename = "Invoice")]
    Invoice,
}

#[derive(PgEnum)]
#[pg_enum(schema = "abdm")]
pub enum AccessMode {
    #[pg_enum(rename = "VIEW")]
    View,
    #[pg_enum(rename = "STORE")]
    Store,
    #[pg_enum(rename = "QUERY")]
    Query,
    #[pg_enum(rename = "STREAM")]
    Stream,
}

#[derive(PgEnum)]
#[pg_enum(schema = "abdm")]
pub enum FrequencyUnit {
    #[pg_enum(rename = "HOUR")]
    Hour,
    #[pg_enum(rename = "DAY")]
    Day,
    #[pg_enum(rename = "WEEK")]
    Week,
    #[pg_enum(rename = "MONTH")]
    Month,
    #[pg_enum(rename = "YEAR")]
    Year,
}

/// Local lifecycle of an HIU consent request.
#[derive(PgEnum)]
#[pg_enum(schema = "abdm")]
pub enum ConsentRequestStatus {
    Draft,
    Requested,
    Granted,
    Denied,
    Expired,
    Revoked,
    Error,
}

/// Consent artefact status as notified by the consent manager (gateway literals).
#[derive(PgEnum)]
#[pg_enum(schema = "abdm")]
pub enum ConsentStatus {
    #[pg_enum(rename = "GRANTED")]
    Granted,
    #[pg_enum(rename = "DENIED")]
    Denied,
    #[pg_enum(rename = "REVOKED")]
    Revoked,
    #[pg_enum(rename = "EXPIRED")]
    Expired,
}

/// Which side of the exchange this row records: Health Information Provider or User.
#[derive(PgEnum)]
#[pg_enum(schema = "abdm")]
pub enum ExchangeRole {
    Hip,
    Hiu,
}

#[derive(PgEnum)]
#[pg_enum(schema = "abdm")]
pub enum HiRequestStatus {
    Requested,
    Acknowledged,
    Processing,
    Transferred,
    PartiallyTransferred,
    Failed,
    Expired,
}

#[derive(PgEnum)]
#[pg_enum(schema = "abdm")]
pub enum TransferStatus {
    Pending,
    Pushed,
    Acknowledged,
    Failed,
    Abandoned,
}

#[derive(PgEnum)]
#[pg_enum(schema = "abdm")]
pub enum TokenStatus {
    Issued,
    Called,
    Registered,
    Expired,
    Cancelled,
}

#[derive(PgEnum)]
#[pg_enum(schema = "abdm")]
pub enum MessageDirection {
    OutboundRequest,
    OutboundResponse,
    InboundRequest,
    InboundCallback,
    InboundNotification,
}

#[derive(PgEnum)]
#[pg_enum(schema = "abdm")]
pub enum ProcessingStatus {
    Received,
    Processing,
    Processed,
    Failed,
    Duplicate,
    Ignored,
}

// ---- Registration -------------------------------------------------------------------------

/// The HIMS's ABDM client ("bridge") per environment.
#[derive(Table)]
#[table(
    schema = "abdm",
    name = "bridge_registrations",
    tenant_scoped,
    compliance
)]
#[unique(columns(tenant_id, environment, client_id))]
#[check(
    name = "bridge_registrations_url_https",
    expr = "bridge_url ~ '^https://'"
)]
#[check(
    name = "bridge_registrations_cm_id_format",
    expr = "cm_id ~ '^[a-z0-9.-]+$'"
)]
#[check(
    name = "bridge_registrations_status_valid",
    expr = "status IN ('active', 'suspended', 'revoked')"
)]
pub struct BridgeRegistration {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    pub environment: Environment,
    #[column(varchar = 100)]
    pub client_id: String,
    /// Vault path of the client secret; never the secret itself.
    #[column(varchar = 200)]
    pub client_secret_ref: String,
    /// Callback base URL registered with the gateway.
    #[column(varchar = 300)]
    pub bridge_url: String,
    /// Consent manager id sent as X-CM-ID: sbx (sandbox) or abdm (production).
    #[column(varchar = 20)]
    pub cm_id: String,
    /// active, suspended or revoked.
    #[column(varchar = 12, default = "active")]
    pub status: String,
    pub registered_at: Option<Timestamp>,
}

/// HIP / HIU service registered for a facility (the service id is usually the HFR id).
#[derive(Table)]
#[table(schema = "abdm", name = "facility_services", tenant_scoped, compliance)]
#[unique(columns(tenant_id, bridge_registration_id, service_id))]
#[check(name = "facility_services_hip_or_hiu", expr = "is_hip OR is_hiu")]
#[check(
    name = "facility_services_hfr_id_format",
    expr = "hfr_id ~ '^IN[0-9A-Z]+$'"
)]
pub struct FacilityService {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = BridgeRegistration)]
    pub bridge_registration_id: Uuid,
    #[column(references = Facility)]
    pub facility_id: Uuid,
    /// Health Facility Registry id, e.g. IN2710000123.
    #[column(varchar = 20)]
    pub hfr_id: String,
    /// Service id used as X-HIP-ID / X-HIU-ID.
    #[column(varchar = 60)]
    pub service_id: String,
    #[column(varchar = 200)]
    pub service_name: String,
    /// Acts as Health Information Provider (M2).
    pub is_hip: bool,
    /// Acts as Health Information User (M3).
    pub is_hiu: bool,
    #[column(default = true)]
    pub is_active: bool,
    pub registered_at: Option<Timestamp>,
}

// ---- Patients and care contexts -----------------------------------------------------------

/// Verified association of a local patient with an ABHA number/address. The patient's
/// short-lived X-token and OTPs are never persisted.
#[derive(Table)]
#[table(schema = "abdm", name = "abha_linkages", tenant_scoped, compliance)]
#[index(
    columns(tenant_id, abha_address),
    unique,
    name = "abha_linkages_active_address_uidx",
    predicate = "status = 'active' AND deleted_at IS NULL"
)]
#[index(
    columns(tenant_id, abha_number),
    unique,
    name = "abha_linkages_active_number_uidx",
    predicate = "status = 'active' AND deleted_at IS NULL"
)]
#[check(
    name = "abha_linkages_abha_number_format",
    expr = "abha_number ~ '^[0-9]{14}$'"
)]
#[check(
    name = "abha_linkages_abha_address_format",
    expr = "abha_address ~ '^[a-z0-9._]+@[a-z]+$'"
)]
#[check(
    name = "abha_linkages_status_valid",
    expr = "status IN ('active', 'unlinked', 'superseded')"
)]
#[check(
    name = "abha_linkages_unlinked_has_time",
    expr = "status <> 'unlinked' OR unlinked_at IS NOT NULL"
)]
#[check(
    name = "abha_linkages_unlinked_after_linked",
    expr = "unlinked_at IS NULL OR unlinked_at >= linked_at"
)]
pub struct AbhaLinkage {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    /// ABHA number, 14 digits without hyphens.
    #[column(varchar = 14)]
    pub abha_number: Option<String>,
    /// ABHA address, lower-case, e.g. name@abdm (sandbox @sbx).
    #[column(varchar = 64)]
    pub abha_address: String,
    pub verification_method: VerificationMethod,
    #[column(default = false)]
    pub kyc_verified: bool,
    /// Profile as returned by ABDM: name, gender, year/date of birth, mobile, address.
    pub profile_snapshot: Json,
    #[column(default_sql = "now()")]
    pub linked_at: Timestamp,
    pub unlinked_at: Option<Timestamp>,
    /// active, unlinked or superseded.
    #[column(varchar = 12, default = "active")]
    pub status: String,
}

/// HIP-side unit of records (a visit, admission or lab order) that a patient links to their ABHA.
#[derive(Table)]
#[table(schema = "abdm", name = "care_contexts", tenant_scoped, compliance)]
#[unique(columns(tenant_id, facility_service_id, reference_number))]
#[index(
    columns(tenant_id, link_status),
    name = "care_contexts_link_retry_idx",
    predicate = "link_status IN ('not_linked', 'link_failed')"
)]
#[check(
    name = "care_contexts_has_hi_types",
    expr = "cardinality(hi_types) >= 1"
)]
#[check(
    name = "care_contexts_has_source",
    expr = "num_nonnulls(encounter_id, lab_order_id) >= 1"
)]
#[check(
    name = "care_contexts_linked_has_time",
    expr = "link_status <> 'linked' OR linked_at IS NOT NULL"
)]
#[check(
    name = "care_contexts_link_mode_valid",
    expr = "link_mode IN ('hip_initiated', 'patient_discovery', 'scan_share')"
)]
pub struct CareContext {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    /// The HIP service the care context is published under.
    #[column(references = FacilityService)]
    pub facility_service_id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = AbhaLinkage)]
    pub abha_linkage_id: Option<Uuid>,
    /// Stable HIP id of the record set, e.g. the encounter number (ABDM v3 field name).
    #[column(varchar = 100, renamed_from = "care_context_reference")]
    pub reference_number: String,
    /// Text the patient sees in their PHR app.
    #[column(varchar = 200)]
    pub display: String,
    #[column(references = crate::clinical::Encounter)]
    pub encounter_id: Option<Uuid>,
    #[column(references = LabOrder)]
    pub lab_order_id: Option<Uuid>,
    /// Record types this care context can supply.
    #[column(sql_type = "abdm.hi_type[]")]
    pub hi_types: Vec<HiType>,
    #[column(default = "not_linked")]
    pub link_status: LinkStatus,
    /// hip_initiated, patient_discovery or scan_share.
    #[column(varchar = 24)]
    pub link_mode: Option<String>,
    pub linked_at: Option<Timestamp>,
}

/// Discovery/link transactions: patient-initiated discover → init → OTP confirm, or
/// HIP-initiated link with a link token.
#[derive(Table)]
#[table(schema = "abdm", name = "link_requests", tenant_scoped, compliance)]
#[unique(columns(tenant_id, facility_service_id, transaction_id))]
#[index(
    columns(tenant_id, status),
    name = "link_requests_open_idx",
    predicate = "status IN ('discovered', 'otp_sent')"
)]
#[check(
    name = "link_requests_abha_address_format",
    expr = "abha_address ~ '^[a-z0-9._]+@[a-z]+$'"
)]
pub struct LinkRequest {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    /// Gateway transaction id of the discovery/link flow.
    pub transaction_id: Uuid,
    #[column(references = FacilityService)]
    pub facility_service_id: Uuid,
    #[column(varchar = 64)]
    pub abha_address: String,
    /// Matched local patient; NULL when discovery found no match.
    #[column(references = Patient)]
    pub patient_id: Option<Uuid>,
    /// abdm.care_contexts offered or linked in this transaction (array: no FK).
    pub care_context_ids: Vec<Uuid>,
    #[column(varchar = 64)]
    pub link_reference: Option<String>,
    #[column(varchar = 20)]
    pub auth_mode: Option<String>,
    pub otp_expires_at: Option<Timestamp>,
    pub link_token_expires_at: Option<Timestamp>,
    pub status: LinkRequestStatus,
    pub error: Option<Json>,
}

// ---- Consent --------------------------------------------------------------------------------

/// HIU-side request for a patient's records, raised by a clinician.
#[derive(Table)]
#[table(schema = "abdm", name = "consent_requests", tenant_scoped, compliance)]
#[unique(columns(tenant_id, gateway_request_id))]
#[index(
    columns(tenant_id, cm_consent_request_id),
    unique,
    predicate = "cm_consent_request_id IS NOT NULL"
)]
#[index(columns(tenant_id, patient_id, created_at(desc)))]
#[index(
    columns(tenant_id, status),
    name = "consent_requests_pending_idx",
    predicate = "status = 'requested'"
)]
#[check(name = "consent_requests_date_range", expr = "date_to >= date_from")]
#[check(
    name = "consent_requests_has_hi_types",
    expr = "cardinality(hi_types) >= 1"
)]
#[check(
    name = "consent_requests_btg_justified",
    expr = "purpose_code <> 'BTG' OR reason IS NOT NULL"
)]
#[check(
    name = "consent_requests_frequency_valid",
    expr = "frequency_value >= 1 AND frequency_repeats >= 0"
)]
#[check(
    name = "consent_requests_abha_address_format",
    expr = "abha_address ~ '^[a-z0-9._]+@[a-z]+$'"
)]
pub struct ConsentRequest {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = Practitioner)]
    pub requester_practitioner_id: Uuid,
    /// The HIU service the request is raised from.
    #[column(references = FacilityService)]
    pub hiu_service_id: Uuid,
    #[column(varchar = 64)]
    pub abha_address: String,
    pub purpose_code: ConsentPurpose,
    #[column(sql_type = "abdm.hi_type[]")]
    pub hi_types: Vec<HiType>,
    /// Restrict to these HIPs; NULL = all.
    #[column(sql_type = "character varying(60)[]")]
    pub hip_ids: Option<Vec<String>>,
    pub date_from: Timestamp,
    pub date_to: Timestamp,
    /// When the received data must be erased.
    pub data_erase_at: Timestamp,
    #[column(default = "VIEW")]
    pub access_mode: AccessMode,
    #[column(default = "HOUR")]
    pub frequency_unit: FrequencyUnit,
    #[column(default = 1)]
    pub frequency_value: i16,
    #[column(default = 0)]
    pub frequency_repeats: i16,
    /// Clinical justification; mandatory for break-the-glass.
    pub reason: Option<String>,
    /// REQUEST-ID of the consent-request call; callbacks reference it.
    pub gateway_request_id: Uuid,
    /// Consent request id assigned by the consent manager.
    #[column(varchar = 64)]
    pub cm_consent_request_id: Option<String>,
    #[column(default = "draft")]
    pub status: ConsentRequestStatus,
}

/// Signed consent artefact as notified by the consent manager (HIP and HIU copies).
#[derive(Table)]
#[table(schema = "abdm", name = "consent_artefacts", tenant_scoped, compliance)]
#[unique(columns(tenant_id, role, artefact_id))]
#[index(columns(tenant_id, patient_id, status))]
#[index(
    columns(tenant_id, data_erase_at),
    name = "consent_artefacts_erase_due_idx",
    predicate = "status = 'GRANTED'"
)]
#[check(name = "consent_artefacts_date_range", expr = "date_to >= date_from")]
#[check(
    name = "consent_artefacts_revoked_has_time",
    expr = "status <> 'REVOKED' OR revoked_at IS NOT NULL"
)]
#[check(
    name = "consent_artefacts_hiu_has_request",
    expr = "role <> 'hiu' OR consent_request_id IS NOT NULL"
)]
#[check(
    name = "consent_artefacts_hip_has_hip_id",
    expr = "role <> 'hip' OR hip_id IS NOT NULL"
)]
#[check(
    name = "consent_artefacts_has_hi_types",
    expr = "cardinality(hi_types) >= 1"
)]
#[check(
    name = "consent_artefacts_care_contexts_array",
    expr = "jsonb_typeof(care_contexts) = 'array'"
)]
pub struct ConsentArtefact {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    /// hip: we provide data under it; hiu: we requested it.
    pub role: ExchangeRole,
    /// Artefact id assigned by the consent manager.
    #[column(varchar = 64)]
    pub artefact_id: String,
    #[column(references = ConsentRequest)]
    pub consent_request_id: Option<Uuid>,
    #[column(references = Patient)]
    pub patient_id: Option<Uuid>,
    #[column(varchar = 64)]
    pub abha_address: String,
    #[column(varchar = 60)]
    pub hip_id: Option<String>,
    #[column(varchar = 60)]
    pub hiu_id: Option<String>,
    #[column(varchar = 200)]
    pub requester_name: Option<String>,
    pub purpose_code: ConsentPurpose,
    #[column(sql_type = "abdm.hi_type[]")]
    pub hi_types: Vec<HiType>,
    /// Pairs of patient reference + care context reference the consent covers.
    #[column(default_sql = "'[]'::jsonb")]
    pub care_contexts: Json,
    pub date_from: Timestamp,
    pub date_to: Timestamp,
    pub data_erase_at: Timestamp,
    pub access_mode: AccessMode,
    pub frequency: Option<Json>,
    pub status: ConsentStatus,
    pub granted_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
    pub cm_signature: Option<String>,
    /// The full signed artefact as received.
    pub artefact: Json,
}

// ---- Health-information exchange ----------------------------------------------------------

/// Ephemeral ECDH (Curve25519) key material per data exchange: the public part and a
/// KMS/vault reference — never the private key.
#[derive(Table)]
#[table(schema = "abdm", name = "encryption_keys", tenant_scoped, compliance)]
#[unique(columns(tenant_id, private_key_ref))]
#[index(
    columns(tenant_id, expires_at),
    name = "encryption_keys_live_idx",
    predicate = "destroyed_at IS NULL"
)]
#[check(
    name = "encryption_keys_destroyed_after_created",
    expr = "destroyed_at IS NULL OR destroyed_at >= created_at"
)]
#[check(
    name = "encryption_keys_purpose_valid",
    expr = "purpose IN ('hiu_receive', 'hip_send')"
)]
pub struct EncryptionKey {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    /// hiu_receive or hip_send.
    #[column(varchar = 16)]
    pub purpose: String,
    #[column(varchar = 10, default = "ECDH")]
    pub crypto_alg: String,
    #[column(varchar = 20, default = "Curve25519")]
    pub curve: String,
    pub public_key: String,
    #[column(varchar = 64)]
    pub nonce: String,
    /// KMS key id or vault path of the private key.
    #[column(varchar = 200)]
    pub private_key_ref: String,
    pub expires_at: Timestamp,
    pub destroyed_at: Option<Timestamp>,
}

/// A data request executed under a consent artefact (HIU sends it; HIP receives it).
// TODO(trigger): abdm.tg_hi_request_within_consent() BEFORE INSERT — the artefact must be
// GRANTED and unexpired, and [date_from, date_to] must lie inside the artefact's range.
#[derive(Table)]
#[table(
    schema = "abdm",
    name = "health_information_requests",
    tenant_scoped,
    compliance
)]
#[unique(columns(tenant_id, role, transaction_id))]
#[index(
    columns(tenant_id, status),
    name = "health_information_requests_open_idx",
    predicate = "status IN ('requested', 'acknowledged', 'processing')"
)]
#[check(
    name = "health_information_requests_date_range",
    expr = "date_to >= date_from"
)]
#[check(
    name = "health_information_requests_hiu_has_key",
    expr = "role <> 'hiu' OR hiu_key_id IS NOT NULL"
)]
#[check(
    name = "health_information_requests_hip_has_hiu_key",
    expr = "role <> 'hip' OR (hiu_public_key IS NOT NULL AND hiu_nonce IS NOT NULL)"
)]
pub struct HealthInformationRequest {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    pub role: ExchangeRole,
    #[column(references = ConsentArtefact)]
    pub consent_artefact_id: Uuid,
    pub transaction_id: Uuid,
    pub gateway_request_id: Uuid,
    pub date_from: Timestamp,
    pub date_to: Timestamp,
    /// Where the HIP pushes the encrypted data.
    #[column(varchar = 500)]
    pub data_push_url: String,
    /// Our key pair when we are the HIU.
    #[column(references = EncryptionKey)]
    pub hiu_key_id: Option<Uuid>,
    /// The HIU's public key as received, when we are the HIP.
    pub hiu_public_key: Option<String>,
    #[column(varchar = 64)]
    pub hiu_nonce: Option<String>,
    #[column(default = "requested")]
    pub status: HiRequestStatus,
    #[column(default_sql = "now()")]
    pub requested_at: Timestamp,
    pub acknowledged_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    pub error: Option<Json>,
}

/// Push log: each encrypted page sent (HIP) or received (HIU).
#[derive(Table)]
#[table(schema = "abdm", name = "data_transfers", tenant_scoped, compliance)]
#[unique(columns(tenant_id, hi_request_id, direction, page_number))]
#[check(
    name = "data_transfers_page_in_range",
    expr = "page_number BETWEEN 1 AND page_count"
)]
#[check(name = "data_transfers_attempts_nonnegative", expr = "attempts >= 0")]
#[check(
    name = "data_transfers_entry_count_nonnegative",
    expr = "entry_count >= 0"
)]
#[check(
    name = "data_transfers_payload_bytes_nonnegative",
    expr = "payload_bytes >= 0"
)]
#[check(
    name = "data_transfers_http_status_range",
    expr = "http_status BETWEEN 100 AND 599"
)]
#[check(
    name = "data_transfers_direction_valid",
    expr = "direction IN ('outbound', 'inbound')"
)]
pub struct DataTransfer {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = HealthInformationRequest)]
    pub hi_request_id: Uuid,
    /// outbound (we are the HIP) or inbound (we are the HIU).
    #[column(varchar = 8)]
    pub direction: String,
    /// Our sender key pair for outbound pages.
    #[column(references = EncryptionKey)]
    pub sender_key_id: Option<Uuid>,
    pub page_number: i32,
    pub page_count: i32,
    pub entry_count: i32,
    pub payload_bytes: Option<i64>,
    pub http_status: Option<i16>,
    #[column(default = "pending")]
    pub status: TransferStatus,
    #[column(default = 0)]
    pub attempts: i16,
    pub pushed_at: Option<Timestamp>,
    /// Data-flow notification (TRANSFERRED/FAILED) sent to the consent manager.
    pub notified_at: Option<Timestamp>,
    /// Object-storage key of the encrypted blob (short retention).
    #[column(varchar = 500)]
    pub payload_ref: Option<String>,
}

/// Per care-context outcome within a transfer (what the HIP reports back per record).
#[derive(Table)]
#[table(
    schema = "abdm",
    name = "data_transfer_entries",
    tenant_scoped,
    compliance
)]
#[unique(columns(tenant_id, data_transfer_id, care_context_reference, hi_type))]
#[check(
    name = "data_transfer_entries_status_valid",
    expr = "status IN ('delivered', 'errored')"
)]
#[check(
    name = "data_transfer_entries_error_explained",
    expr = "status <> 'errored' OR error_message IS NOT NULL"
)]
pub struct DataTransferEntry {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = DataTransfer, on_delete = "cascade")]
    pub data_transfer_id: Uuid,
    /// Local care context (HIP side); NULL on the HIU side.
    #[column(references = CareContext)]
    pub care_context_id: Option<Uuid>,
    #[column(varchar = 100)]
    pub care_context_reference: String,
    pub hi_type: HiType,
    #[column(varchar = 40, default = "application/fhir+json")]
    pub media_type: String,
    /// Checksum of the encrypted entry content.
    #[column(varchar = 64)]
    pub checksum: String,
    /// delivered or errored.
    #[column(varchar = 10)]
    pub status: String,
    pub error_message: Option<String>,
}

// ---- Scan & Share and the gateway log -----------------------------------------------------

/// Scan & Share queue: the patient scans the facility QR, the profile arrives by callback,
/// the counter gets a token.
#[derive(Table)]
#[table(schema = "abdm", name = "scan_share_tokens", tenant_scoped, compliance)]
#[unique(columns(tenant_id, facility_service_id, token_date, token_number))]
#[unique(columns(tenant_id, gateway_request_id))]
#[index(columns(tenant_id, facility_service_id, token_date, status))]
#[check(name = "scan_share_tokens_number_positive", expr = "token_number > 0")]
#[check(
    name = "scan_share_tokens_abha_number_format",
    expr = "abha_number ~ '^[0-9]{14}$'"
)]
#[check(
    name = "scan_share_tokens_abha_address_format",
    expr = "abha_address ~ '^[a-z0-9._]+@[a-z]+$'"
)]
#[check(
    name = "scan_share_tokens_registered_has_patient",
    expr = "status <> 'registered' OR (patient_id IS NOT NULL AND registered_at IS NOT NULL)"
)]
pub struct ScanShareToken {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = FacilityService)]
    pub facility_service_id: Uuid,
    /// Registration counter the QR belongs to.
    #[column(varchar = 40)]
    pub counter_code: Option<String>,
    /// Tokens restart every day (IST).
    pub token_date: NaiveDate,
    pub token_number: i32,
    /// REQUEST-ID of the profile-share callback; a repeated callback gets the same token.
    pub gateway_request_id: Uuid,
    #[column(varchar = 14)]
    pub abha_number: Option<String>,
    #[column(varchar = 64)]
    pub abha_address: String,
    /// Demographics as shared by the patient.
    pub profile: Json,
    /// Matched or newly registered patient.
    #[column(references = Patient)]
    pub patient_id: Option<Uuid>,
    #[column(default = "issued")]
    pub status: TokenStatus,
    pub expires_at: Timestamp,
    pub called_at: Option<Timestamp>,
    pub registered_at: Option<Timestamp>,
}

/// Every outbound request and inbound callback/notification, for idempotency, correlation
/// and audit. The payload is redacted: no OTPs, tokens or health data. Partitioned by month
/// of `received_or_sent_at` like the audit log (core.create_monthly_partitions adds months
/// ahead; the DEFAULT partition catches the rest). `tenant_id` is NULL for gateway-level
/// messages until the tenant is resolved from X-HIP-ID/X-HIU-ID: the ABDM worker's policies
/// allow that (hims-domain.md §3.4); everyone else sees only their tenant's rows. A
/// partitioned table's unique keys must contain the partition key, so the REQUEST-ID key
/// is unique per direction and instant.
#[derive(Table)]
#[table(
    schema = "abdm",
    name = "gateway_messages",
    compliance,
    partition_by_range(received_or_sent_at)
)]
#[primary_key(id, received_or_sent_at)]
#[unique(columns(direction, request_id, received_or_sent_at))]
#[index(columns(tenant_id, correlated_request_id))]
#[index(columns(tenant_id, transaction_id))]
#[index(
    columns(tenant_id, processing_status, received_or_sent_at),
    name = "gateway_messages_pending_idx",
    predicate = "processing_status IN ('received', 'failed')"
)]
#[index(columns(received_or_sent_at), method = "brin")]
#[check(name = "gateway_messages_attempts_nonnegative", expr = "attempts >= 0")]
#[check(
    name = "gateway_messages_http_status_range",
    expr = "http_status BETWEEN 100 AND 599"
)]
#[check(name = "gateway_messages_api_path_format", expr = "api_path ~ '^/'")]
#[check(
    name = "gateway_messages_processed_has_time",
    expr = "processing_status <> 'processed' OR processed_at IS NOT NULL"
)]
pub struct GatewayMessage {
    #[column(default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(default_sql = "now()")]
    pub received_or_sent_at: Timestamp,
    /// NULL until the tenant is resolved (gateway-level messages).
    #[column(references = Tenant, on_delete = "restrict")]
    pub tenant_id: Option<Uuid>,
    pub direction: MessageDirection,
    /// Gateway API path, e.g. /v0.5/consents/hip/notify.
    #[column(varchar = 200)]
    pub api_path: String,
    /// REQUEST-ID header of this message.
    pub request_id: Uuid,
    /// response.requestId: the request this callback answers.
    pub correlated_request_id: Option<Uuid>,
    pub transaction_id: Option<Uuid>,
    /// X-CM-ID header.
    #[column(varchar = 20)]
    pub cm_id: Option<String>,
    /// X-HIP-ID header.
    #[column(varchar = 60)]
    pub hip_id: Option<String>,
    /// X-HIU-ID header.
    #[column(varchar = 60)]
    pub hiu_id: Option<String>,
    pub http_status: Option<i16>,
    /// Redacted body: no OTPs, tokens or health data.
    pub payload: Option<Json>,
    #[column(default = "received")]
    pub processing_status: ProcessingStatus,
    #[column(default = 0)]
    pub attempts: i16,
    pub processed_at: Option<Timestamp>,
    pub error: Option<Json>,
    /// ABDM gateway API version of the message (evolution B3; older rows are v0.5).
    #[column(varchar = 8, default = "v3")]
    pub api_version: String,
}

/// ABHA profile versions fetched for a linkage (evolution B4, ABDM API v3): the profile moves
/// out of abha_linkages.profile_snapshot, which a later release drops.
#[derive(Table)]
#[table(schema = "abdm", name = "abha_profiles", tenant_scoped, compliance)]
#[index(
    columns(tenant_id, abha_linkage_id),
    unique,
    name = "abha_profiles_current_uidx",
    predicate = "is_current AND deleted_at IS NULL"
)]
pub struct AbhaProfile {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = AbhaLinkage)]
    pub abha_linkage_id: Uuid,
    /// Profile as returned by ABDM: name, gender, date of birth, mobile, address.
    pub profile: Json,
    pub kyc_verified: bool,
    pub fetched_at: Timestamp,
    #[column(default = true)]
    pub is_current: bool,
}
