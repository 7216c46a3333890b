//! Schema `laboratory`: the LIS — test catalog, orders, specimens, results, sign-off,
//! critical-value calls, reports, analyzers, QC and NABL accreditation
//! (hims-domain.md §1.5, §2.5).
//!
//! Workflow: order → bill/approve → collect (barcode label) → receive/accept or reject →
//! analyse (analyzer interface) → technical verification → medical authorisation →
//! report release (print/SMS/ABDM DiagnosticReport).
//!
//! Not expressible in the DSL yet (see the TODOs below): the exclusion constraint on
//! `reference_ranges` and the triggers `laboratory.tg_result_flags()` (fills
//! `reference_text`, `abnormal_flag`, `is_critical` from the matching reference range) and
//! the two-person rule of `result_verifications`.

use chrono::{DateTime, NaiveDate, Utc};
use hims_dsl::objects::view;
use hims_dsl::{ModelBuilder, PgEnum, Table};
use rust_decimal::Decimal;
use serde_json::Value as Json;
use std::net::IpAddr;
use uuid::Uuid;

use crate::core::{Document, Facility, Patient, Practitioner, User};

type Timestamp = DateTime<Utc>;

pub fn register(b: &mut ModelBuilder) {
    b.schema(
        "laboratory",
        "LIS: test catalog, orders, specimens, results, verification, reports, analyzers, QC and accreditation",
    );
    b.enum_type::<LabSection>()
        .enum_type::<SpecimenType>()
        .enum_type::<ResultType>()
        .enum_type::<RangeSex>()
        .enum_type::<Priority>()
        .enum_type::<LabOrderStatus>()
        .enum_type::<LabItemStatus>()
        .enum_type::<SpecimenStatus>()
        .enum_type::<RejectionReason>()
        .enum_type::<AbnormalFlag>()
        .enum_type::<ResultStatus>()
        .enum_type::<VerificationLevel>()
        .enum_type::<VerificationDecision>()
        .enum_type::<ReportStatus>()
        .enum_type::<InterfaceProtocol>()
        .enum_type::<QcStatus>()
        .enum_type::<AccreditationBody>();
    b.table::<LabTest>()
        .table::<Panel>()
        .table::<PanelMember>()
        .table::<ReferenceRange>()
        .table::<LabOrder>()
        .table::<LabOrderItem>()
        .table::<Specimen>()
        .table::<LabResult>()
        .table::<ResultVerification>()
        .table::<CriticalValueNotification>()
        .table::<LabReport>()
        .table::<Instrument>()
        .table::<InstrumentTestMapping>()
        .table::<QcRun>()
        .table::<Accreditation>()
        .table::<AccreditationScope>();
    views(b);
}

/// Views run with the caller's rights (`security_invoker`), so row-level security applies.
fn views(b: &mut ModelBuilder) {
    b.view(view(
        "laboratory.v_pending_results",
        &[
            "laboratory.lab_order_items",
            "laboratory.lab_orders",
            "laboratory.tests",
            "laboratory.specimens",
        ],
        "Ordered tests not yet reported, with the due time (item due_at, else order time + the test's TAT, STAT TAT for stat orders) and a TAT breach flag.",
        "SELECT li.tenant_id, li.id AS lab_order_item_id, o.id AS lab_order_id, o.order_number,
       o.patient_id, o.priority, t.code AS test_code, t.name AS test_name, li.status,
       s.barcode, s.status AS specimen_status, o.ordered_at, d.due_at,
       d.due_at IS NOT NULL AND d.due_at < now() AS tat_breached
  FROM laboratory.lab_order_items li
  JOIN laboratory.lab_orders o ON o.tenant_id = li.tenant_id AND o.id = li.lab_order_id
  JOIN laboratory.tests t ON t.tenant_id = li.tenant_id AND t.id = li.test_id
  LEFT JOIN laboratory.specimens s ON s.tenant_id = li.tenant_id AND s.id = li.specimen_id
  CROSS JOIN LATERAL (SELECT coalesce(li.due_at, o.ordered_at + make_interval(mins =>
           CASE WHEN o.priority = 'stat' THEN coalesce(t.stat_tat_minutes, t.tat_minutes)
                ELSE t.tat_minutes END)) AS due_at) d
 WHERE li.status IN ('ordered', 'collected', 'received', 'in_progress', 'resulted', 'verified')
   AND li.deleted_at IS NULL AND o.deleted_at IS NULL",
    ))
    .view(view(
        "laboratory.v_unnotified_criticals",
        &["laboratory.results", "laboratory.critical_value_notifications"],
        "Critical results nobody has been informed of yet (NABL: critical values must be phoned and read back).",
        "SELECT r.tenant_id, r.id AS result_id, r.patient_id, r.test_id, r.value_numeric, r.value_text,
       r.unit_ucum, r.abnormal_flag, r.resulted_at,
       floor(extract(epoch FROM now() - r.resulted_at) / 60)::int AS minutes_since_result
  FROM laboratory.results r
 WHERE r.is_critical AND r.deleted_at IS NULL
   AND r.status NOT IN ('cancelled', 'entered_in_error')
   AND NOT EXISTS (SELECT 1 FROM laboratory.critical_value_notifications n
                    WHERE n.tenant_id = r.tenant_id AND n.result_id = r.id AND n.deleted_at IS NULL)",
    ));
}

// ---- Enums ----------------------------------------------------------------------------

/// Laboratory section (bench) a test or analyzer belongs to.
#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum LabSection {
    Biochemistry,
    Haematology,
    ClinicalPathology,
    Microbiology,
    SerologyImmunology,
    Histopathology,
    Cytology,
    MolecularBiology,
    Genetics,
    BloodBank,
}

#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum SpecimenType {
    WholeBlood,
    Serum,
    Plasma,
    Urine,
    Stool,
    Csf,
    Sputum,
    Swab,
    Tissue,
    BodyFluid,
    Semen,
    Other,
}

/// Shape of a test's result; drives the result entry screen and report layout.
#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum ResultType {
    Numeric,
    Text,
    Coded,
    Titre,
    CultureSensitivity,
    Narrative,
}

/// Sex a reference range applies to; `any` when the range is not sex-specific.
#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum RangeSex {
    Male,
    Female,
    Any,
}

#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum Priority {
    Routine,
    Urgent,
    Stat,
}

#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum LabOrderStatus {
    Ordered,
    PartiallyCollected,
    Collected,
    InProgress,
    PartiallyResulted,
    Completed,
    Cancelled,
}

#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum LabItemStatus {
    Ordered,
    Collected,
    Received,
    InProgress,
    Resulted,
    Verified,
    Reported,
    Cancelled,
    Rejected,
}

#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum SpecimenStatus {
    PendingCollection,
    Collected,
    InTransit,
    Received,
    Accepted,
    Rejected,
    Stored,
    Disposed,
}

/// Why a specimen was rejected at receipt (pre-analytical quality indicator for NABL).
#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum RejectionReason {
    Haemolysed,
    Clotted,
    InsufficientQuantity,
    WrongContainer,
    Unlabelled,
    Mislabelled,
    DelayedTransport,
    Lipaemic,
    Contaminated,
    Other,
}

/// Abnormality flag, a subset of HL7 v2 table 0078; the values are case-sensitive.
#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum AbnormalFlag {
    #[pg_enum(rename = "N")]
    Normal,
    #[pg_enum(rename = "L")]
    Low,
    #[pg_enum(rename = "H")]
    High,
    #[pg_enum(rename = "LL")]
    CriticalLow,
    #[pg_enum(rename = "HH")]
    CriticalHigh,
    #[pg_enum(rename = "A")]
    Abnormal,
    #[pg_enum(rename = "AA")]
    CriticalAbnormal,
}

#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum ResultStatus {
    Preliminary,
    Final,
    Corrected,
    Amended,
    Cancelled,
    EnteredInError,
}

/// Technical verification (technologist) precedes medical authorisation (pathologist).
#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum VerificationLevel {
    Technical,
    Medical,
}

#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum VerificationDecision {
    Approved,
    Rejected,
    RerunRequested,
}

#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum ReportStatus {
    Draft,
    Signed,
    Released,
    Amended,
    Withdrawn,
}

/// Analyzer interface: ASTM E1381/E1394, HL7 v2, file import or manual entry.
#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum InterfaceProtocol {
    Astm,
    #[pg_enum(rename = "hl7v2")]
    Hl7v2,
    FileImport,
    Manual,
}

#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum QcStatus {
    Accepted,
    Warning,
    Rejected,
}

#[derive(PgEnum)]
#[pg_enum(schema = "laboratory")]
pub enum AccreditationBody {
    Nabl,
    Cap,
    Nabh,
}

// ---- Catalog ------------------------------------------------------------------------------

/// Test master (analyte / orderable investigation), mapped to LOINC.
#[derive(Table)]
#[table(schema = "laboratory", name = "tests", tenant_scoped, compliance)]
#[unique(columns(tenant_id, code))]
#[index(columns(tenant_id, loinc_code))]
#[index(columns(name(opclass = "gin_trgm_ops")), method = "gin")]
#[check(
    name = "tests_loinc_code_format",
    expr = "loinc_code ~ '^[0-9]{1,7}-[0-9]$'"
)]
#[check(name = "tests_tat_positive", expr = "tat_minutes > 0")]
#[check(
    name = "tests_stat_tat_valid",
    expr = "stat_tat_minutes IS NULL OR stat_tat_minutes BETWEEN 1 AND tat_minutes"
)]
#[check(
    name = "tests_numeric_has_unit",
    expr = "result_type <> 'numeric' OR default_unit_ucum IS NOT NULL"
)]
#[check(
    name = "tests_decimal_places_range",
    expr = "decimal_places BETWEEN 0 AND 6"
)]
#[check(name = "tests_min_volume_positive", expr = "min_volume_ml > 0")]
pub struct LabTest {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    /// Hospital test code printed on requisitions and labels; never reused.
    #[column(varchar = 20)]
    pub code: String,
    #[column(varchar = 200)]
    pub name: String,
    #[column(varchar = 40)]
    pub short_name: Option<String>,
    /// LOINC code NNNNN-N (the digit after the hyphen is a check digit).
    #[column(varchar = 10)]
    pub loinc_code: Option<String>,
    pub section: LabSection,
    pub specimen_type: SpecimenType,
    /// EDTA lavender, plain red, fluoride grey, citrate blue, SST yellow …
    #[column(varchar = 40)]
    pub container_type: Option<String>,
    #[column(numeric(6, 2))]
    pub min_volume_ml: Option<Decimal>,
    pub result_type: ResultType,
    /// UCUM unit, case-sensitive (mg/dL, 10*3/uL); unitless numerics use `1`.
    #[column(varchar = 30)]
    pub default_unit_ucum: Option<String>,
    pub decimal_places: Option<i16>,
    #[column(varchar = 100)]
    pub method: Option<String>,
    /// Routine turnaround time from receipt to report.
    pub tat_minutes: i32,
    /// Turnaround time when ordered STAT.
    pub stat_tat_minutes: Option<i32>,
    #[column(default = true)]
    pub is_orderable: bool,
    /// Sent to a reference laboratory.
    #[column(default = false)]
    pub is_outsourced: bool,
    #[column(default = true)]
    pub is_active: bool,
}

/// Panels, profiles and health-check packages (CBC, LFT, KFT, lipid profile, executive check-up).
#[derive(Table)]
#[table(schema = "laboratory", name = "panels", tenant_scoped, compliance)]
#[unique(columns(tenant_id, code))]
#[index(columns(name(opclass = "gin_trgm_ops")), method = "gin")]
#[check(
    name = "panels_loinc_code_format",
    expr = "loinc_code ~ '^[0-9]{1,7}-[0-9]$'"
)]
#[check(
    name = "panels_panel_type_valid",
    expr = "panel_type IN ('panel', 'profile', 'package')"
)]
pub struct Panel {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(varchar = 20)]
    pub code: String,
    #[column(varchar = 200)]
    pub name: String,
    #[column(varchar = 10)]
    pub loinc_code: Option<String>,
    /// panel, profile or package.
    #[column(varchar = 10)]
    pub panel_type: String,
    #[column(default = true)]
    pub is_orderable: bool,
    #[column(default = true)]
    pub is_active: bool,
}

/// Tests inside a panel, in print order.
#[derive(Table)]
#[table(
    schema = "laboratory",
    name = "panel_members",
    tenant_scoped,
    compliance
)]
#[index(
    columns(tenant_id, panel_id, test_id),
    unique,
    predicate = "deleted_at IS NULL"
)]
#[index(
    columns(tenant_id, panel_id, sort_order),
    unique,
    predicate = "deleted_at IS NULL"
)]
#[check(
    name = "panel_members_sort_order_nonnegative",
    expr = "sort_order >= 0"
)]
pub struct PanelMember {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Panel, on_delete = "cascade")]
    pub panel_id: Uuid,
    #[column(references = LabTest)]
    pub test_id: Uuid,
    pub sort_order: i16,
    #[column(default = false)]
    pub is_optional: bool,
}

/// Normal and critical limits of a test by sex, age band (in days), condition and method.
// Evolution C7: ranges of different instruments may overlap (the exclusion includes
// `COALESCE(instrument_id, '00000000-…'::uuid)`). `sex = 'any'` rows must not coexist
// with sex-specific rows for the same band: that needs a trigger.
#[derive(Table)]
#[table(
    schema = "laboratory",
    name = "reference_ranges",
    tenant_scoped,
    compliance
)]
#[exclude(
    name = "reference_ranges_no_overlap",
    using = "gist",
    elements(
        "tenant_id WITH =",
        "test_id WITH =",
        "sex WITH =",
        "condition WITH =",
        "COALESCE(instrument_id, '00000000-0000-0000-0000-000000000000'::uuid) WITH =",
        "int4range(age_min_days, age_max_days) WITH &&"
    ),
    predicate = "deleted_at IS NULL"
)]
#[check(
    name = "reference_ranges_low_le_high",
    expr = "low IS NULL OR high IS NULL OR low <= high"
)]
#[check(
    name = "reference_ranges_critical_low_le_low",
    expr = "critical_low IS NULL OR low IS NULL OR critical_low <= low"
)]
#[check(
    name = "reference_ranges_critical_high_ge_high",
    expr = "critical_high IS NULL OR high IS NULL OR critical_high >= high"
)]
#[check(
    name = "reference_ranges_critical_order",
    expr = "critical_low IS NULL OR critical_high IS NULL OR critical_low < critical_high"
)]
#[check(
    name = "reference_ranges_age_band",
    expr = "age_min_days >= 0 AND age_min_days < age_max_days"
)]
#[check(
    name = "reference_ranges_has_content",
    expr = "num_nonnulls(low, high, critical_low, critical_high, normal_text) >= 1"
)]
pub struct ReferenceRange {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = LabTest)]
    pub test_id: Uuid,
    #[column(default = "any")]
    pub sex: RangeSex,
    /// Lower age bound in days, inclusive.
    #[column(default = 0)]
    pub age_min_days: i32,
    /// Upper age bound in days, exclusive (54750 days = 150 years).
    #[column(default = 54750)]
    pub age_max_days: i32,
    /// Pregnancy trimester, fasting, post-prandial …; '' when unconditional.
    #[column(varchar = 40, default = "")]
    pub condition: String,
    /// Method-specific range for one analyzer; NULL = applies to every instrument.
    #[column(references = Instrument)]
    pub instrument_id: Option<Uuid>,
    #[column(numeric(14, 4))]
    pub low: Option<Decimal>,
    #[column(numeric(14, 4))]
    pub high: Option<Decimal>,
    #[column(numeric(14, 4))]
    pub critical_low: Option<Decimal>,
    #[column(numeric(14, 4))]
    pub critical_high: Option<Decimal>,
    #[column(varchar = 30)]
    pub unit_ucum: Option<String>,
    /// Range text for non-numeric results, e.g. "Non-reactive".
    #[column(varchar = 200)]
    pub normal_text: Option<String>,
    pub valid_from: NaiveDate,
}

// ---- Orders and specimens -----------------------------------------------------------------

/// Investigation request (order header) from OPD, IPD, emergency, walk-in or an external doctor.
#[derive(Table)]
#[table(schema = "laboratory", name = "lab_orders", tenant_scoped, compliance)]
#[unique(columns(tenant_id, order_number))]
#[index(columns(tenant_id, patient_id, ordered_at(desc)))]
#[index(
    columns(tenant_id, status, ordered_at),
    name = "lab_orders_open_idx",
    predicate = "status IN ('ordered', 'partially_collected', 'collected', 'in_progress', 'partially_resulted')"
)]
#[check(
    name = "lab_orders_has_orderer",
    expr = "num_nonnulls(ordering_practitioner_id, external_referrer_name) >= 1"
)]
#[check(
    name = "lab_orders_source_valid",
    expr = "source IN ('opd', 'ipd', 'emergency', 'walk_in', 'home_collection')"
)]
#[check(
    name = "lab_orders_cancel_reason",
    expr = "status <> 'cancelled' OR cancel_reason IS NOT NULL"
)]
pub struct LabOrder {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    /// Human-readable order number (core.number_sequences kind lab_order).
    #[column(varchar = 20)]
    pub order_number: String,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    /// Visit or admission the order belongs to; NULL for walk-in and external orders.
    #[column(references = crate::clinical::Encounter)]
    pub encounter_id: Option<Uuid>,
    #[column(references = Facility)]
    pub facility_id: Uuid,
    #[column(references = Practitioner)]
    pub ordering_practitioner_id: Option<Uuid>,
    /// Referring doctor from outside the hospital (walk-in patients with a prescription).
    #[column(varchar = 200)]
    pub external_referrer_name: Option<String>,
    #[column(default = "routine")]
    pub priority: Priority,
    /// opd, ipd, emergency, walk_in or home_collection.
    #[column(varchar = 20)]
    pub source: String,
    pub clinical_info: Option<String>,
    pub provisional_diagnosis: Option<String>,
    #[column(default_sql = "now()")]
    pub ordered_at: Timestamp,
    #[column(default = "ordered")]
    pub status: LabOrderStatus,
    pub cancel_reason: Option<String>,
    /// Bill raised for the order (OPD/walk-in are billed before collection).
    #[column(references = crate::billing::Invoice)]
    pub invoice_id: Option<Uuid>,
}

/// One test requested in an order (expanded from a panel when applicable).
#[derive(Table)]
#[table(
    schema = "laboratory",
    name = "lab_order_items",
    tenant_scoped,
    compliance
)]
#[index(
    columns(tenant_id, lab_order_id, test_id),
    unique,
    predicate = "status <> 'cancelled' AND deleted_at IS NULL"
)]
#[index(
    columns(tenant_id, status, due_at),
    name = "lab_order_items_pending_idx",
    predicate = "status NOT IN ('reported', 'cancelled')"
)]
#[check(
    name = "lab_order_items_cancel_reason",
    expr = "status <> 'cancelled' OR cancel_reason IS NOT NULL"
)]
pub struct LabOrderItem {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = LabOrder, on_delete = "cascade")]
    pub lab_order_id: Uuid,
    #[column(references = LabTest)]
    pub test_id: Uuid,
    /// Panel the item was expanded from.
    #[column(references = Panel)]
    pub panel_id: Option<Uuid>,
    #[column(references = Specimen)]
    pub specimen_id: Option<Uuid>,
    #[column(default = "ordered")]
    pub status: LabItemStatus,
    /// Promised report time (TAT); the pending worklist flags breaches.
    pub due_at: Option<Timestamp>,
    /// Reference laboratory the test is sent to.
    #[column(varchar = 200)]
    pub outsourced_lab_name: Option<String>,
    pub cancel_reason: Option<String>,
}

/// Physical sample (tube/container) with barcode, chain of custody and rejection.
#[derive(Table)]
#[table(schema = "laboratory", name = "specimens", tenant_scoped, compliance)]
#[unique(columns(tenant_id, barcode))]
#[index(
    columns(tenant_id, accession_number),
    unique,
    predicate = "accession_number IS NOT NULL AND deleted_at IS NULL"
)]
#[index(
    columns(tenant_id, status),
    name = "specimens_in_transit_idx",
    predicate = "status IN ('collected', 'in_transit')"
)]
#[check(
    name = "specimens_received_after_collected",
    expr = "received_at IS NULL OR collected_at IS NULL OR received_at >= collected_at"
)]
#[check(
    name = "specimens_rejected_has_reason",
    expr = "status <> 'rejected' OR rejection_reason IS NOT NULL"
)]
#[check(
    name = "specimens_collected_has_time",
    expr = "status NOT IN ('collected', 'received', 'accepted') OR collected_at IS NOT NULL"
)]
#[check(
    name = "specimens_received_has_time",
    expr = "status NOT IN ('received', 'accepted') OR received_at IS NOT NULL"
)]
#[check(
    name = "specimens_disposed_has_time",
    expr = "status <> 'disposed' OR disposed_at IS NOT NULL"
)]
#[check(
    name = "specimens_collection_site_valid",
    expr = "collection_site IN ('ward', 'opd', 'emergency', 'lab', 'home', 'collection_centre')"
)]
#[check(name = "specimens_volume_positive", expr = "volume_ml > 0")]
#[check(name = "specimens_not_own_parent", expr = "parent_specimen_id <> id")]
pub struct Specimen {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    /// Label barcode; never reused, so the key is not partial. Widened for 2D labels (C4).
    #[column(varchar = 40)]
    pub barcode: String,
    /// Lab accession number given at receipt.
    #[column(varchar = 20)]
    pub accession_number: Option<String>,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = LabOrder)]
    pub lab_order_id: Uuid,
    pub specimen_type: SpecimenType,
    #[column(varchar = 40)]
    pub container_type: Option<String>,
    #[column(numeric(6, 2))]
    pub volume_ml: Option<Decimal>,
    /// The primary tube this aliquot was poured from.
    #[column(references = Specimen)]
    pub parent_specimen_id: Option<Uuid>,
    pub collected_at: Option<Timestamp>,
    #[column(references = User)]
    pub collected_by: Option<Uuid>,
    /// ward, opd, emergency, lab, home or collection_centre.
    #[column(varchar = 16)]
    pub collection_site: Option<String>,
    pub received_at: Option<Timestamp>,
    #[column(references = User)]
    pub received_by: Option<Uuid>,
    #[column(default = "pending_collection")]
    pub status: SpecimenStatus,
    pub rejection_reason: Option<RejectionReason>,
    pub rejection_note: Option<String>,
    /// Rack/fridge position for stored samples.
    #[column(varchar = 60)]
    pub storage_location: Option<String>,
    pub disposed_at: Option<Timestamp>,
}

// ---- Results and sign-off -----------------------------------------------------------------

/// Measured value for one order item; a correction is a new row (version) that supersedes
/// the previous one. Flags are filled by the trigger laboratory.tg_result_flags().
#[derive(Table)]
#[table(schema = "laboratory", name = "results", tenant_scoped, compliance)]
#[index(
    columns(tenant_id, test_id, resulted_at(desc)),
    name = "results_final_trend_idx",
    predicate = "status = 'final'"
)]
#[index(
    columns(tenant_id, lab_order_item_id),
    unique,
    name = "results_current_uidx",
    predicate = "status IN ('preliminary', 'final', 'corrected') AND deleted_at IS NULL"
)]
#[unique(columns(tenant_id, lab_order_item_id, result_version))]
#[index(columns(tenant_id, patient_id, test_id, resulted_at(desc)))]
#[index(
    columns(tenant_id, resulted_at),
    name = "results_critical_idx",
    predicate = "is_critical"
)]
#[check(
    name = "results_has_value",
    expr = "num_nonnulls(value_numeric, value_text, value_code) >= 1"
)]
#[check(
    name = "results_comparator_valid",
    expr = "comparator IN ('<', '>', '<=', '>=')"
)]
#[check(
    name = "results_comparator_needs_number",
    expr = "comparator IS NULL OR value_numeric IS NOT NULL"
)]
#[check(
    name = "results_critical_flag",
    expr = "NOT is_critical OR abnormal_flag IN ('LL', 'HH', 'AA')"
)]
#[check(
    name = "results_loinc_code_format",
    expr = "loinc_code ~ '^[0-9]{1,7}-[0-9]$'"
)]
#[check(name = "results_version_positive", expr = "result_version >= 1")]
#[check(
    name = "results_correction_supersedes",
    expr = "result_version = 1 OR supersedes_result_id IS NOT NULL"
)]
#[check(
    name = "results_not_own_predecessor",
    expr = "supersedes_result_id <> id"
)]
pub struct LabResult {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = LabOrderItem)]
    pub lab_order_item_id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = LabTest)]
    pub test_id: Uuid,
    #[column(references = Specimen)]
    pub specimen_id: Option<Uuid>,
    #[column(references = Instrument)]
    pub instrument_id: Option<Uuid>,
    #[column(varchar = 10)]
    pub loinc_code: Option<String>,
    #[column(numeric(14, 4))]
    pub value_numeric: Option<Decimal>,
    /// `<`, `>`, `<=` or `>=` for values such as `<0.01`.
    #[column(varchar = 2)]
    pub comparator: Option<String>,
    pub value_text: Option<String>,
    /// Coded answer (SNOMED CT / LOINC answer code), e.g. for culture organisms.
    #[column(varchar = 40)]
    pub value_code: Option<String>,
    #[column(varchar = 30)]
    pub unit_ucum: Option<String>,
    #[column(references = ReferenceRange)]
    pub reference_range_id: Option<Uuid>,
    /// Printed range as shown on the report (snapshot; the range table may change later).
    #[column(varchar = 200)]
    pub reference_text: Option<String>,
    pub abnormal_flag: Option<AbnormalFlag>,
    #[column(default = false)]
    pub is_critical: bool,
    /// Differs implausibly from the patient's previous result of the same test.
    #[column(default = false)]
    pub delta_check_failed: bool,
    #[column(default = "preliminary")]
    pub status: ResultStatus,
    pub resulted_at: Timestamp,
    #[column(references = User)]
    pub resulted_by: Option<Uuid>,
    #[column(references = LabResult)]
    pub supersedes_result_id: Option<Uuid>,
    #[column(default = 1)]
    pub result_version: i16,
}

/// Two-step sign-off: technical verification, then medical authorisation.
// TODO(trigger): medical approval requires a prior technical approval by a different person,
// and the authoriser must hold a medical registration (hims-domain.md §1.5).
#[derive(Table)]
#[table(
    schema = "laboratory",
    name = "result_verifications",
    tenant_scoped,
    compliance
)]
#[index(
    columns(tenant_id, result_id, level),
    unique,
    name = "result_verifications_approved_uidx",
    predicate = "decision = 'approved' AND deleted_at IS NULL"
)]
#[check(
    name = "result_verifications_comment_required",
    expr = "decision = 'approved' OR comment IS NOT NULL"
)]
pub struct ResultVerification {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = LabResult)]
    pub result_id: Uuid,
    pub level: VerificationLevel,
    pub decision: VerificationDecision,
    #[column(references = Practitioner)]
    pub verified_by: Uuid,
    #[column(default_sql = "now()")]
    pub verified_at: Timestamp,
    /// Required unless approved (reason for rejection or rerun).
    pub comment: Option<String>,
    /// Hash of the signed content (digital signature of the report line).
    #[column(varchar = 128)]
    pub signature_hash: Option<String>,
}

/// Proof that a critical result was phoned or told to a clinician, with read-back (NABL).
#[derive(Table)]
#[table(
    schema = "laboratory",
    name = "critical_value_notifications",
    tenant_scoped,
    compliance
)]
#[check(
    name = "critical_value_notifications_minutes_nonnegative",
    expr = "minutes_from_result IS NULL OR minutes_from_result >= 0"
)]
#[check(
    name = "critical_value_notifications_channel_valid",
    expr = "channel IN ('phone', 'in_person', 'app')"
)]
pub struct CriticalValueNotification {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = LabResult)]
    pub result_id: Uuid,
    #[column(references = User)]
    pub notified_by: Uuid,
    /// Who took the call (name as given, also for nurses and external doctors).
    #[column(varchar = 200)]
    pub notified_to_name: String,
    #[column(references = Practitioner)]
    pub notified_to_practitioner_id: Option<Uuid>,
    /// phone, in_person or app.
    #[column(varchar = 12)]
    pub channel: String,
    #[column(default_sql = "now()")]
    pub notified_at: Timestamp,
    /// The receiver read the value back and it matched.
    pub read_back_confirmed: bool,
    /// Minutes between the result and the call (critical-value TAT indicator).
    pub minutes_from_result: Option<i32>,
}

/// Released report (PDF + FHIR DiagnosticReport) for an order or part of it.
#[derive(Table)]
#[table(schema = "laboratory", name = "reports", tenant_scoped, compliance)]
#[unique(columns(tenant_id, report_number))]
#[index(columns(tenant_id, patient_id, released_at(desc)))]
#[check(
    name = "reports_signed_has_authoriser",
    expr = "status NOT IN ('signed', 'released') OR (authorised_by IS NOT NULL AND authorised_at IS NOT NULL)"
)]
#[check(
    name = "reports_released_has_time",
    expr = "status <> 'released' OR released_at IS NOT NULL"
)]
#[check(
    name = "reports_nabl_symbol_needs_accreditation",
    expr = "NOT shows_nabl_symbol OR accreditation_id IS NOT NULL"
)]
#[check(
    name = "reports_amended_has_original",
    expr = "report_type <> 'amended' OR amends_report_id IS NOT NULL"
)]
#[check(name = "reports_not_own_original", expr = "amends_report_id <> id")]
#[check(
    name = "reports_report_type_valid",
    expr = "report_type IN ('interim', 'final', 'amended', 'cumulative')"
)]
#[check(
    name = "reports_delivery_channels_valid",
    expr = "delivery_channels <@ ARRAY['print', 'sms', 'email', 'whatsapp', 'portal', 'abdm']::text[]"
)]
pub struct LabReport {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    /// Human-readable report number (core.number_sequences kind lab_report).
    #[column(varchar = 20)]
    pub report_number: String,
    #[column(references = LabOrder)]
    pub lab_order_id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    /// interim, final, amended or cumulative.
    #[column(varchar = 12)]
    pub report_type: String,
    #[column(default = "draft")]
    pub status: ReportStatus,
    /// Pathologist who signed the report.
    #[column(references = Practitioner)]
    pub authorised_by: Option<Uuid>,
    pub authorised_at: Option<Timestamp>,
    pub released_at: Option<Timestamp>,
    #[column(references = LabReport)]
    pub amends_report_id: Option<Uuid>,
    /// Accreditation whose scope covers every test on the report.
    #[column(references = Accreditation)]
    pub accreditation_id: Option<Uuid>,
    /// NABL symbol printed: only when every reported test is inside the accredited scope.
    #[column(default = false)]
    pub shows_nabl_symbol: bool,
    /// The rendered PDF.
    #[column(references = Document)]
    pub document_id: Option<Uuid>,
    /// FHIR R4 DiagnosticReport document bundle (ABDM).
    pub fhir_bundle: Option<Json>,
    /// print, sms, email, whatsapp, portal, abdm.
    #[column(default_sql = "'{}'::text[]")]
    pub delivery_channels: Vec<String>,
}

// ---- Analyzers and quality control --------------------------------------------------------

/// Analyzers and their interface configuration.
#[derive(Table)]
#[table(schema = "laboratory", name = "instruments", tenant_scoped, compliance)]
#[unique(columns(tenant_id, facility_id, code))]
#[unique(columns(tenant_id, manufacturer, serial_number))]
#[check(
    name = "instruments_port_range",
    expr = "port IS NULL OR port BETWEEN 1 AND 65535"
)]
#[check(
    name = "instruments_status_valid",
    expr = "status IN ('active', 'maintenance', 'inactive', 'retired')"
)]
pub struct Instrument {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Facility)]
    pub facility_id: Uuid,
    #[column(varchar = 20)]
    pub code: String,
    #[column(varchar = 120)]
    pub name: String,
    #[column(varchar = 100)]
    pub manufacturer: String,
    #[column(varchar = 100)]
    pub model: Option<String>,
    #[column(varchar = 60)]
    pub serial_number: String,
    pub section: LabSection,
    pub interface_protocol: InterfaceProtocol,
    /// Host query supported (the analyzer asks the LIS for the worklist of a barcode).
    #[column(default = false)]
    pub bidirectional: bool,
    pub host: Option<IpAddr>,
    pub port: Option<i32>,
    pub last_calibrated_at: Option<Timestamp>,
    pub next_calibration_due: Option<NaiveDate>,
    /// active, maintenance, inactive or retired.
    #[column(varchar = 12, default = "active")]
    pub status: String,
}

/// Analyzer assay code ↔ test, for result import and host query.
#[derive(Table)]
#[table(
    schema = "laboratory",
    name = "instrument_test_mappings",
    tenant_scoped,
    compliance
)]
#[index(
    columns(tenant_id, instrument_id, instrument_test_code),
    unique,
    name = "instrument_test_mappings_code_uidx",
    predicate = "deleted_at IS NULL"
)]
#[index(
    columns(tenant_id, instrument_id, test_id),
    unique,
    name = "instrument_test_mappings_test_uidx",
    predicate = "deleted_at IS NULL"
)]
#[check(
    name = "instrument_test_mappings_factor_positive",
    expr = "unit_conversion_factor > 0"
)]
pub struct InstrumentTestMapping {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Instrument, on_delete = "cascade")]
    pub instrument_id: Uuid,
    #[column(references = LabTest)]
    pub test_id: Uuid,
    /// Assay code the analyzer sends (ASTM/HL7 test id).
    #[column(varchar = 30)]
    pub instrument_test_code: String,
    /// Multiplier from the analyzer's unit to the test's default unit.
    #[column(numeric(12, 6), default = 1)]
    pub unit_conversion_factor: Decimal,
    #[column(default = true)]
    pub is_active: bool,
}

/// Internal quality control measurement (a Levey-Jennings chart point, Westgard evaluation).
#[derive(Table)]
#[table(schema = "laboratory", name = "qc_runs", tenant_scoped, compliance)]
#[index(columns(tenant_id, instrument_id, test_id, run_at(desc)))]
#[check(name = "qc_runs_target_sd_positive", expr = "target_sd > 0")]
#[check(
    name = "qc_runs_control_level_range",
    expr = "control_level BETWEEN 1 AND 3"
)]
#[check(
    name = "qc_runs_rejected_has_action",
    expr = "status <> 'rejected' OR corrective_action IS NOT NULL"
)]
#[check(
    name = "qc_runs_westgard_rules_valid",
    expr = "westgard_violations <@ ARRAY['1_2s', '1_3s', '2_2s', 'R_4s', '4_1s', '10_x']::text[]"
)]
pub struct QcRun {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Instrument)]
    pub instrument_id: Uuid,
    #[column(references = LabTest)]
    pub test_id: Uuid,
    #[column(varchar = 100)]
    pub control_material: String,
    #[column(varchar = 40)]
    pub control_lot: String,
    /// Control level 1 (low), 2 (normal) or 3 (high).
    pub control_level: i16,
    pub lot_expiry: Option<NaiveDate>,
    pub run_at: Timestamp,
    #[column(numeric(14, 4))]
    pub measured_value: Decimal,
    #[column(numeric(14, 4))]
    pub target_mean: Decimal,
    #[column(numeric(14, 4))]
    pub target_sd: Decimal,
    /// (measured − mean) / SD. NULLIF: the generated value is computed before CHECKs run, so
    /// a zero SD is reported by qc_runs_target_sd_positive, not as a division by zero. Wider
    /// than numeric(8,3) so a mistyped value cannot fail the insert with a numeric overflow.
    #[column(
        numeric(12, 3),
        generated = "(measured_value - target_mean) / NULLIF(target_sd, 0)"
    )]
    pub z_score: Option<Decimal>,
    /// Westgard rules violated: 1_2s, 1_3s, 2_2s, R_4s, 4_1s, 10_x.
    #[column(default_sql = "'{}'::text[]")]
    pub westgard_violations: Vec<String>,
    pub status: QcStatus,
    #[column(references = User)]
    pub performed_by: Uuid,
    #[column(references = User)]
    pub reviewed_by: Option<Uuid>,
    pub corrective_action: Option<String>,
}

// ---- Accreditation ------------------------------------------------------------------------

/// NABL (ISO 15189), CAP or NABH certificate of a laboratory.
#[derive(Table)]
#[table(
    schema = "laboratory",
    name = "accreditations",
    tenant_scoped,
    compliance
)]
#[unique(columns(tenant_id, body, certificate_number))]
#[index(columns(tenant_id, facility_id, valid_to))]
#[check(name = "accreditations_valid_window", expr = "valid_to > valid_from")]
#[check(
    name = "accreditations_status_valid",
    expr = "status IN ('active', 'suspended', 'withdrawn', 'expired')"
)]
pub struct Accreditation {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Facility)]
    pub facility_id: Uuid,
    pub body: AccreditationBody,
    #[column(varchar = 30)]
    pub certificate_number: String,
    /// e.g. ISO 15189:2022.
    #[column(varchar = 30)]
    pub standard: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    /// The scope annexure as issued.
    #[column(references = Document)]
    pub scope_document_id: Option<Uuid>,
    /// active, suspended, withdrawn or expired.
    #[column(varchar = 12, default = "active")]
    pub status: String,
}

/// Tests (with method and specimen) inside an accreditation's scope.
#[derive(Table)]
#[table(
    schema = "laboratory",
    name = "accreditation_scopes",
    tenant_scoped,
    compliance
)]
#[index(
    columns(tenant_id, accreditation_id, test_id),
    unique,
    predicate = "deleted_at IS NULL"
)]
#[check(
    name = "accreditation_scopes_valid_window",
    expr = "excluded_from IS NULL OR excluded_from > included_from"
)]
pub struct AccreditationScope {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Accreditation, on_delete = "cascade")]
    pub accreditation_id: Uuid,
    #[column(references = LabTest)]
    pub test_id: Uuid,
    #[column(varchar = 100)]
    pub method: Option<String>,
    pub specimen_type: Option<SpecimenType>,
    pub included_from: NaiveDate,
    pub excluded_from: Option<NaiveDate>,
}
