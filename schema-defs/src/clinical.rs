//! Schema `clinical`: encounters, OPD scheduling, inpatient flow (wards, beds, admissions),
//! observations, diagnoses, medication orders and administration, procedures, notes,
//! discharge summaries, referrals and immunizations (hims-domain.md §1.2, §2.2).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use hims_dsl::objects::view;
use hims_dsl::{ModelBuilder, PgEnum, Table};
use rust_decimal::Decimal;
use serde_json::Value as Json;
use uuid::Uuid;

use crate::billing::{PayerCategory, ServiceCatalog};
use crate::core::{Department, Document, Facility, Patient, Practitioner};

type Timestamp = DateTime<Utc>;

pub fn register(b: &mut ModelBuilder) {
    b.schema(
        "clinical",
        "Encounters, scheduling, inpatient flow, orders and the clinical record",
    );
    b.enum_type::<EncounterClass>()
        .enum_type::<EncounterStatus>()
        .enum_type::<TriageCategory>()
        .enum_type::<AppointmentStatus>()
        .enum_type::<BookingChannel>()
        .enum_type::<WardType>()
        .enum_type::<BedStatus>()
        .enum_type::<AdmissionType>()
        .enum_type::<AdmissionStatus>()
        .enum_type::<DischargeDisposition>()
        .enum_type::<BedMoveReason>()
        .enum_type::<ObservationCategory>()
        .enum_type::<ObservationStatus>()
        .enum_type::<DiagnosisType>()
        .enum_type::<ProblemStatus>()
        .enum_type::<AllergyCategory>()
        .enum_type::<DosageForm>()
        .enum_type::<MedRoute>()
        .enum_type::<DrugSchedule>()
        .enum_type::<PrescriptionStatus>()
        .enum_type::<AdministrationStatus>()
        .enum_type::<ProcedureStatus>()
        .enum_type::<AnaesthesiaType>()
        .enum_type::<NoteType>()
        .enum_type::<Sensitivity>()
        .enum_type::<ObservationSource>()
        .enum_type::<ReferralDirection>()
        .enum_type::<ReferralStatus>();
    b.table::<Encounter>()
        .table::<PractitionerSchedule>()
        .table::<Appointment>()
        .table::<Ward>()
        .table::<Bed>()
        .table::<Admission>()
        .table::<BedAssignment>()
        .table::<Observation>()
        .table::<Diagnosis>()
        .table::<Problem>()
        .table::<Allergy>()
        .table::<Medication>()
        .table::<Prescription>()
        .table::<PrescriptionItem>()
        .table::<MedicationAdministration>()
        .table::<Procedure>()
        .table::<ClinicalNote>()
        .table::<DischargeSummary>()
        .table::<Referral>()
        .table::<Immunization>()
        .table::<MedicoLegalCase>();
    views(b);
}

/// Views run with the caller's rights (`security_invoker`), so row-level security applies.
fn views(b: &mut ModelBuilder) {
    b.view(view(
        "clinical.v_active_admissions",
        &[
            "clinical.admissions",
            "clinical.encounters",
            "clinical.bed_assignments",
            "clinical.beds",
            "clinical.wards",
            "core.patients",
            "core.practitioners",
        ],
        "Current inpatients with ward and bed, attending doctor, length of stay (days, IST) and payer category.",
        "SELECT a.tenant_id, a.id AS admission_id, a.ip_number, a.patient_id, p.mrn,
       p.full_name AS patient_name, a.status, a.admitted_at,
       (now() AT TIME ZONE 'Asia/Kolkata')::date - (a.admitted_at AT TIME ZONE 'Asia/Kolkata')::date AS length_of_stay_days,
       a.attending_practitioner_id, pr.full_name AS attending_practitioner,
       w.id AS ward_id, w.name AS ward_name, w.ward_type, b.id AS bed_id, b.bed_number,
       e.payer_category
  FROM clinical.admissions a
  JOIN core.patients p ON p.tenant_id = a.tenant_id AND p.id = a.patient_id
  JOIN clinical.encounters e ON e.tenant_id = a.tenant_id AND e.id = a.encounter_id
  LEFT JOIN core.practitioners pr ON pr.tenant_id = a.tenant_id AND pr.id = a.attending_practitioner_id
  LEFT JOIN clinical.bed_assignments ba ON ba.tenant_id = a.tenant_id AND ba.admission_id = a.id
        AND ba.released_at IS NULL AND ba.deleted_at IS NULL
  LEFT JOIN clinical.beds b ON b.tenant_id = ba.tenant_id AND b.id = ba.bed_id
  LEFT JOIN clinical.wards w ON w.tenant_id = b.tenant_id AND w.id = b.ward_id
 WHERE a.status IN ('admitted', 'discharge_initiated') AND a.deleted_at IS NULL",
    ))
    .view(view(
        "clinical.v_bed_occupancy",
        &["clinical.wards", "clinical.beds"],
        "Per ward: total, occupied, available and blocked beds (the bed board summary).",
        "SELECT w.tenant_id, w.facility_id, w.id AS ward_id, w.code AS ward_code, w.name AS ward_name,
       w.ward_type,
       count(b.id) AS total_beds,
       count(b.id) FILTER (WHERE b.status = 'occupied') AS occupied_beds,
       count(b.id) FILTER (WHERE b.status = 'available') AS available_beds,
       count(b.id) FILTER (WHERE b.status IN ('blocked', 'maintenance')) AS blocked_beds
  FROM clinical.wards w
  LEFT JOIN clinical.beds b ON b.tenant_id = w.tenant_id AND b.ward_id = w.id AND b.deleted_at IS NULL
 WHERE w.deleted_at IS NULL
 GROUP BY w.tenant_id, w.facility_id, w.id, w.code, w.name, w.ward_type",
    ));
}

// ---- Enums ----------------------------------------------------------------------------

/// Kind of patient contact. FHIR class: opd→AMB, ipd→IMP, emergency→EMER, daycare→SS,
/// teleconsultation→VR, home_visit→HH.
#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum EncounterClass {
    Opd,
    Ipd,
    Emergency,
    Daycare,
    Teleconsultation,
    HomeVisit,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum EncounterStatus {
    Planned,
    Arrived,
    Triaged,
    InProgress,
    OnLeave,
    Finished,
    Cancelled,
    EnteredInError,
}

/// Colour triage of the emergency department (hospitals using ESI 1–5 need a lookup instead).
#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum TriageCategory {
    Red,
    Yellow,
    Green,
    Black,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum AppointmentStatus {
    Booked,
    Confirmed,
    CheckedIn,
    InConsultation,
    Completed,
    Cancelled,
    NoShow,
    Rescheduled,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum BookingChannel {
    WalkIn,
    Phone,
    CallCentre,
    Web,
    MobileApp,
    AbdmScanShare,
    Referral,
}

/// Room category of a ward; Indian tariffs and insurance room-rent caps depend on it.
#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum WardType {
    General,
    SemiPrivate,
    Private,
    Deluxe,
    Suite,
    Icu,
    Iccu,
    Hdu,
    Nicu,
    Picu,
    Emergency,
    Daycare,
    Isolation,
    LabourRoom,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum BedStatus {
    Available,
    Occupied,
    Reserved,
    Cleaning,
    Maintenance,
    Blocked,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum AdmissionType {
    Emergency,
    Elective,
    TransferIn,
    Daycare,
    Maternity,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum AdmissionStatus {
    Admitted,
    DischargeInitiated,
    Discharged,
    Cancelled,
}

/// How an inpatient left: LAMA = left against medical advice, DAMA = discharged against
/// medical advice.
#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum DischargeDisposition {
    DischargedHome,
    Transferred,
    Referred,
    Lama,
    Dama,
    Absconded,
    Expired,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum BedMoveReason {
    Admission,
    Transfer,
    Upgrade,
    Downgrade,
    IcuShift,
    Isolation,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum ObservationCategory {
    VitalSigns,
    Anthropometry,
    Nursing,
    IntakeOutput,
    ScaleScore,
    PhysicalExam,
    SocialHistory,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum ObservationStatus {
    Preliminary,
    Final,
    Amended,
    EnteredInError,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum DiagnosisType {
    Provisional,
    Differential,
    Admitting,
    Working,
    Final,
    Discharge,
    Secondary,
    Complication,
    CauseOfDeath,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum ProblemStatus {
    Active,
    Recurrence,
    Relapse,
    Inactive,
    Remission,
    Resolved,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum AllergyCategory {
    Medication,
    Food,
    Environment,
    Biologic,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum DosageForm {
    Tablet,
    Capsule,
    Syrup,
    Suspension,
    Injection,
    Infusion,
    Ointment,
    Cream,
    Drops,
    Inhaler,
    Suppository,
    Powder,
    Patch,
    Other,
}

/// Route of administration.
#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum MedRoute {
    Oral,
    Iv,
    Im,
    Sc,
    Intradermal,
    Sublingual,
    Topical,
    Inhalation,
    Nasal,
    Ophthalmic,
    Otic,
    Rectal,
    Vaginal,
    PerTube,
}

/// Drugs and Cosmetics Rules schedule (H, H1, X) or NDPS Act control of a medicine.
#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum DrugSchedule {
    Otc,
    ScheduleG,
    ScheduleH,
    ScheduleH1,
    ScheduleX,
    Ndps,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum PrescriptionStatus {
    Draft,
    Signed,
    PartiallyDispensed,
    Dispensed,
    Cancelled,
    Expired,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum AdministrationStatus {
    Scheduled,
    Given,
    Held,
    Refused,
    Missed,
    NotGiven,
    EnteredInError,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum ProcedureStatus {
    Preparation,
    InProgress,
    Completed,
    NotDone,
    Stopped,
    EnteredInError,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum AnaesthesiaType {
    General,
    Spinal,
    Epidural,
    CombinedSpinalEpidural,
    RegionalBlock,
    Local,
    Sedation,
    None,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum NoteType {
    HistoryPhysical,
    Progress,
    Nursing,
    Consultation,
    Procedure,
    Operative,
    Anaesthesia,
    Triage,
    DischargeAdvice,
    DeathNote,
}

/// Where an observation came from (evolution C2).
#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum ObservationSource {
    Manual,
    Device,
    Import,
    Abdm,
}

/// Access sensitivity of a record (HIV, psychiatry, MTP, medico-legal → restricted).
#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum Sensitivity {
    Normal,
    Restricted,
    VeryRestricted,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum ReferralDirection {
    Internal,
    Outgoing,
    Incoming,
}

#[derive(PgEnum)]
#[pg_enum(schema = "clinical")]
pub enum ReferralStatus {
    Requested,
    Accepted,
    Declined,
    Completed,
    Cancelled,
}

// ---- Encounters and OPD scheduling ------------------------------------------------------

/// One patient contact: OPD visit, IPD stay, emergency visit, daycare, teleconsultation or
/// home visit.
#[derive(Table)]
#[table(schema = "clinical", name = "encounters", tenant_scoped, compliance)]
#[unique(columns(tenant_id, encounter_number))]
#[index(columns(tenant_id, patient_id, started_at(desc)))]
#[index(
    columns(tenant_id, facility_id, status),
    name = "encounters_open_idx",
    predicate = "status IN ('arrived', 'triaged', 'in_progress')"
)]
#[index(columns(tenant_id, attending_practitioner_id, started_at))]
#[index(
    columns(tenant_id, appointment_id),
    unique,
    name = "encounters_appointment_uidx",
    predicate = "appointment_id IS NOT NULL AND deleted_at IS NULL"
)]
#[check(
    name = "encounters_ended_after_start",
    expr = "ended_at IS NULL OR ended_at >= started_at"
)]
#[check(
    name = "encounters_finished_has_end",
    expr = "status <> 'finished' OR ended_at IS NOT NULL"
)]
#[check(
    name = "encounters_emergency_triaged",
    expr = "status IN ('planned', 'arrived', 'cancelled') OR encounter_class <> 'emergency' OR triage_category IS NOT NULL"
)]
#[check(
    name = "encounters_visit_type_values",
    expr = "visit_type IN ('new', 'follow_up')"
)]
#[check(
    name = "encounters_mlc_number_needs_mlc",
    expr = "is_mlc OR (mlc_number IS NULL AND police_station IS NULL)"
)]
pub struct Encounter {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    /// OP, IP or ER number shown to the patient; never reused.
    #[column(varchar = 20)]
    pub encounter_number: String,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = Facility)]
    pub facility_id: Uuid,
    #[column(references = Department)]
    pub department_id: Option<Uuid>,
    pub encounter_class: EncounterClass,
    #[column(default = "planned")]
    pub status: EncounterStatus,
    /// new or follow_up (follow-up visits are often free or discounted within a window).
    #[column(varchar = 12)]
    pub visit_type: Option<String>,
    #[column(references = Practitioner)]
    pub attending_practitioner_id: Option<Uuid>,
    /// The OPD booking this visit fulfils; at most one encounter per appointment.
    #[column(references = Appointment)]
    pub appointment_id: Option<Uuid>,
    pub started_at: Timestamp,
    pub ended_at: Option<Timestamp>,
    pub chief_complaint: Option<String>,
    /// Required for emergency visits once triaged.
    pub triage_category: Option<TriageCategory>,
    /// Medico-legal case (accident, assault, poisoning, burns …).
    #[column(default = false)]
    pub is_mlc: bool,
    #[column(varchar = 30)]
    pub mlc_number: Option<String>,
    #[column(varchar = 150)]
    pub police_station: Option<String>,
    /// Who is expected to pay; drives tariff selection and claim workflow.
    #[column(default = "self_pay")]
    pub payer_category: PayerCategory,
}

/// Recurring OPD availability of a practitioner: weekday, session hours and slot length.
#[derive(Table)]
#[table(
    schema = "clinical",
    name = "practitioner_schedules",
    tenant_scoped,
    compliance
)]
#[index(columns(tenant_id, practitioner_id, day_of_week))]
#[check(
    name = "practitioner_schedules_day_of_week_range",
    expr = "day_of_week BETWEEN 1 AND 7"
)]
#[check(
    name = "practitioner_schedules_end_after_start",
    expr = "end_time > start_time"
)]
#[check(
    name = "practitioner_schedules_slot_minutes_range",
    expr = "slot_minutes BETWEEN 5 AND 240"
)]
#[check(
    name = "practitioner_schedules_max_tokens_positive",
    expr = "max_tokens IS NULL OR max_tokens > 0"
)]
#[check(
    name = "practitioner_schedules_mode_values",
    expr = "consultation_mode IN ('in_person', 'tele', 'both')"
)]
#[check(
    name = "practitioner_schedules_valid_window",
    expr = "valid_to IS NULL OR valid_to >= valid_from"
)]
#[exclude(
    name = "practitioner_schedules_no_overlap",
    using = "gist",
    elements(
        "tenant_id WITH =",
        "practitioner_id WITH =",
        "day_of_week WITH =",
        "tsrange('2000-01-01'::date + start_time, '2000-01-01'::date + end_time) WITH &&",
        "daterange(valid_from, valid_to, '[]') WITH &&"
    ),
    predicate = "deleted_at IS NULL"
)]
pub struct PractitionerSchedule {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Practitioner)]
    pub practitioner_id: Uuid,
    #[column(references = Facility)]
    pub facility_id: Uuid,
    #[column(references = Department)]
    pub department_id: Option<Uuid>,
    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub day_of_week: i16,
    /// Session start, facility local time (IST).
    pub start_time: NaiveTime,
    pub end_time: NaiveTime,
    pub slot_minutes: i16,
    /// Cap on walk-in tokens for the session; NULL = no cap.
    pub max_tokens: Option<i16>,
    /// in_person, tele or both.
    #[column(varchar = 12, default = "in_person")]
    pub consultation_mode: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

/// Booked OPD slot or walk-in queue token.
#[derive(Table)]
#[table(schema = "clinical", name = "appointments", tenant_scoped, compliance)]
#[index(
    columns(tenant_id, practitioner_id, appointment_date, token_number),
    unique,
    name = "appointments_token_uidx",
    predicate = "token_number IS NOT NULL AND deleted_at IS NULL"
)]
#[index(columns(tenant_id, practitioner_id, slot_start))]
#[index(columns(tenant_id, patient_id, slot_start(desc)))]
#[index(columns(tenant_id, facility_id, appointment_date, status))]
#[check(name = "appointments_slot_order", expr = "slot_end > slot_start")]
#[check(
    name = "appointments_token_positive",
    expr = "token_number IS NULL OR token_number > 0"
)]
#[check(
    name = "appointments_cancel_reason",
    expr = "status <> 'cancelled' OR cancel_reason IS NOT NULL"
)]
#[check(
    name = "appointments_checked_in_at",
    expr = "status NOT IN ('checked_in', 'in_consultation', 'completed') OR checked_in_at IS NOT NULL"
)]
#[check(
    name = "appointments_not_rescheduled_from_self",
    expr = "rescheduled_from_id <> id"
)]
#[exclude(
    name = "appointments_no_double_booking",
    using = "gist",
    elements(
        "tenant_id WITH =",
        "practitioner_id WITH =",
        "tstzrange(slot_start, slot_end) WITH &&"
    ),
    predicate = "status IN ('booked', 'confirmed', 'checked_in') AND deleted_at IS NULL"
)]
pub struct Appointment {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = Practitioner)]
    pub practitioner_id: Uuid,
    #[column(references = Facility)]
    pub facility_id: Uuid,
    #[column(references = Department)]
    pub department_id: Option<Uuid>,
    #[column(references = PractitionerSchedule)]
    pub schedule_id: Option<Uuid>,
    /// Local (IST) date of the slot; the token series restarts every day.
    pub appointment_date: NaiveDate,
    pub slot_start: Timestamp,
    pub slot_end: Timestamp,
    /// Queue token shown on the OPD display.
    pub token_number: Option<i32>,
    #[column(default = "booked")]
    pub status: AppointmentStatus,
    pub booking_channel: BookingChannel,
    pub reason: Option<String>,
    pub cancel_reason: Option<String>,
    pub checked_in_at: Option<Timestamp>,
    /// The appointment this one replaces.
    #[column(references = Appointment)]
    pub rescheduled_from_id: Option<Uuid>,
}

// ---- Inpatient flow ---------------------------------------------------------------------

/// Nursing unit; its type drives room-category tariffs and insurance room-rent caps.
#[derive(Table)]
#[table(schema = "clinical", name = "wards", tenant_scoped, compliance)]
#[index(
    columns(tenant_id, facility_id, code),
    unique,
    predicate = "deleted_at IS NULL"
)]
#[check(
    name = "wards_gender_restriction_values",
    expr = "gender_restriction IN ('male', 'female', 'any')"
)]
pub struct Ward {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Facility)]
    pub facility_id: Uuid,
    #[column(references = Department)]
    pub department_id: Option<Uuid>,
    #[column(varchar = 20)]
    pub code: String,
    #[column(varchar = 120)]
    pub name: String,
    pub ward_type: WardType,
    #[column(varchar = 10)]
    pub floor: Option<String>,
    /// male, female or any.
    #[column(varchar = 6, default = "any")]
    pub gender_restriction: String,
    #[column(default = true)]
    pub is_active: bool,
}

/// A physical bed or cot, with its current status for the bed board.
#[derive(Table)]
#[table(schema = "clinical", name = "beds", tenant_scoped, compliance)]
#[index(
    columns(tenant_id, ward_id, bed_number),
    unique,
    predicate = "deleted_at IS NULL"
)]
#[index(columns(tenant_id, ward_id, status))]
pub struct Bed {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Ward)]
    pub ward_id: Uuid,
    #[column(varchar = 20)]
    pub bed_number: String,
    #[column(varchar = 20)]
    pub room_number: Option<String>,
    /// Maintained by the bed-assignment trigger (occupied / cleaning).
    #[column(default = "available")]
    pub status: BedStatus,
    /// Bed-day charge item; NULL = the ward type's default tariff.
    #[column(references = ServiceCatalog)]
    pub room_rent_service_id: Option<Uuid>,
    #[column(default = false)]
    pub is_isolation: bool,
    #[column(default = false)]
    pub has_oxygen: bool,
    #[column(default = false)]
    pub has_ventilator: bool,
}

/// Inpatient stay (IP number), attached 1:1 to an IPD encounter.
#[derive(Table)]
#[table(schema = "clinical", name = "admissions", tenant_scoped, compliance)]
#[unique(columns(tenant_id, ip_number))]
#[index(
    columns(tenant_id, encounter_id),
    unique,
    predicate = "deleted_at IS NULL"
)]
#[index(
    columns(tenant_id, patient_id),
    unique,
    name = "admissions_one_open_per_patient_uidx",
    predicate = "status IN ('admitted', 'discharge_initiated') AND deleted_at IS NULL"
)]
#[index(
    columns(tenant_id, status),
    name = "admissions_open_idx",
    predicate = "status IN ('admitted', 'discharge_initiated')"
)]
#[index(columns(tenant_id, patient_id, admitted_at(desc)))]
#[check(
    name = "admissions_discharged_after_admitted",
    expr = "discharged_at IS NULL OR discharged_at >= admitted_at"
)]
#[check(
    name = "admissions_discharge_initiated_after_admitted",
    expr = "discharge_initiated_at IS NULL OR discharge_initiated_at >= admitted_at"
)]
#[check(
    name = "admissions_expected_discharge_after_admitted",
    expr = "expected_discharge_at IS NULL OR expected_discharge_at >= admitted_at"
)]
#[check(
    name = "admissions_discharge_initiated_has_time",
    expr = "status <> 'discharge_initiated' OR discharge_initiated_at IS NOT NULL"
)]
#[check(
    name = "admissions_discharged_complete",
    expr = "status <> 'discharged' OR (discharged_at IS NOT NULL AND discharge_disposition IS NOT NULL)"
)]
#[check(
    name = "admissions_expired_has_death_time",
    expr = "discharge_disposition IS DISTINCT FROM 'expired' OR death_at IS NOT NULL"
)]
#[check(
    name = "admissions_death_means_expired",
    expr = "death_at IS NULL OR discharge_disposition IS NULL OR discharge_disposition = 'expired'"
)]
#[check(
    name = "admissions_mccd_needs_death",
    expr = "NOT mccd_issued OR death_at IS NOT NULL"
)]
pub struct Admission {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Encounter)]
    pub encounter_id: Uuid,
    /// IP number (admission number); never reused.
    #[column(varchar = 20)]
    pub ip_number: String,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = Practitioner)]
    pub admitting_practitioner_id: Uuid,
    #[column(references = Practitioner)]
    pub attending_practitioner_id: Uuid,
    pub admission_type: AdmissionType,
    /// opd, emergency, referral, transfer …
    #[column(varchar = 20)]
    pub admission_source: Option<String>,
    pub admitted_at: Timestamp,
    pub expected_discharge_at: Option<Timestamp>,
    pub discharge_initiated_at: Option<Timestamp>,
    pub discharged_at: Option<Timestamp>,
    pub discharge_disposition: Option<DischargeDisposition>,
    #[column(default = "admitted")]
    pub status: AdmissionStatus,
    pub provisional_diagnosis: Option<String>,
    #[column(default = false)]
    pub is_mlc: bool,
    pub death_at: Option<Timestamp>,
    /// Medical Certificate of Cause of Death issued.
    #[column(default = false)]
    pub mccd_issued: bool,
}

/// Time-ranged occupancy of a bed by an admission; a transfer closes one row and opens the
/// next.
#[derive(Table)]
#[table(
    schema = "clinical",
    name = "bed_assignments",
    tenant_scoped,
    compliance
)]
#[index(
    columns(tenant_id, admission_id),
    unique,
    name = "bed_assignments_open_per_admission_uidx",
    predicate = "released_at IS NULL AND deleted_at IS NULL"
)]
#[index(
    columns(tenant_id, bed_id),
    unique,
    name = "bed_assignments_open_per_bed_uidx",
    predicate = "released_at IS NULL AND deleted_at IS NULL"
)]
#[index(columns(tenant_id, admission_id, assigned_at))]
#[check(
    name = "bed_assignments_released_after_assigned",
    expr = "released_at IS NULL OR released_at > assigned_at"
)]
/// No bed is occupied twice at the same time (the partial unique index
/// bed_assignments_open_per_bed_uidx also makes the current occupant unique).
#[exclude(
    name = "bed_assignments_no_double_occupancy",
    using = "gist",
    elements(
        "tenant_id WITH =",
        "bed_id WITH =",
        "tstzrange(assigned_at, released_at) WITH &&"
    ),
    predicate = "deleted_at IS NULL"
)]
pub struct BedAssignment {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Admission)]
    pub admission_id: Uuid,
    #[column(references = Bed)]
    pub bed_id: Uuid,
    pub assigned_at: Timestamp,
    /// NULL while the patient occupies the bed.
    pub released_at: Option<Timestamp>,
    pub reason: BedMoveReason,
    /// Room category billed; may differ from the bed's ward (bed retained, upgrade on request).
    pub billing_ward_type: Option<WardType>,
}

// ---- Clinical record ------------------------------------------------------------------------

/// Vitals, nursing charts, intake/output and scores (GCS, pain, NEWS); the highest-volume
/// clinical table (candidate for range partitioning by effective_at).
#[derive(Table)]
#[table(schema = "clinical", name = "observations", tenant_scoped, compliance)]
#[index(columns(tenant_id, patient_id, code, effective_at(desc)))]
#[index(columns(tenant_id, encounter_id, effective_at))]
#[index(columns(effective_at), method = "brin")]
#[check(
    name = "observations_has_value",
    expr = "num_nonnulls(value_numeric, value_text, value_code, components) >= 1"
)]
#[check(
    name = "observations_numeric_has_unit",
    expr = "value_numeric IS NULL OR unit_ucum IS NOT NULL"
)]
#[check(
    name = "observations_code_system_values",
    expr = "code_system IN ('LOINC', 'SNOMEDCT', 'LOCAL')"
)]
#[check(
    name = "observations_components_array",
    expr = "components IS NULL OR jsonb_typeof(components) = 'array'"
)]
pub struct Observation {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = Encounter)]
    pub encounter_id: Uuid,
    pub category: ObservationCategory,
    /// LOINC, SNOMEDCT or LOCAL (hospital nursing-chart codes).
    #[column(varchar = 10, default = "LOINC")]
    pub code_system: String,
    /// e.g. LOINC 8867-4 heart rate, 8480-6 systolic BP, 59408-5 SpO2, 29463-7 weight.
    #[column(varchar = 20)]
    pub code: String,
    #[column(varchar = 200)]
    pub display: String,
    #[column(numeric(12, 4))]
    pub value_numeric: Option<Decimal>,
    pub value_text: Option<String>,
    #[column(varchar = 40)]
    pub value_code: Option<String>,
    /// UCUM unit, case-sensitive (mm[Hg], /min, Cel, kg).
    #[column(varchar = 30)]
    pub unit_ucum: Option<String>,
    /// FHIR-style component array, e.g. systolic and diastolic of a BP panel.
    pub components: Option<Json>,
    /// HL7 interpretation code (N, L, H, LL, HH, A).
    #[column(varchar = 4)]
    pub interpretation: Option<String>,
    /// Clinically relevant time of the measurement.
    pub effective_at: Timestamp,
    /// Evolution C3: every observation names who recorded it.
    #[column(references = Practitioner)]
    pub recorded_by: Uuid,
    /// Evolution C2: where the value came from.
    #[column(default = "manual")]
    pub source: ObservationSource,
    /// Monitor or device that produced the value.
    #[column(varchar = 60)]
    pub device_ref: Option<String>,
    #[column(default = "final")]
    pub status: ObservationStatus,
}

/// ICD-10 (WHO edition) coded diagnosis recorded in an encounter (provisional → final).
#[derive(Table)]
#[table(schema = "clinical", name = "diagnoses", tenant_scoped, compliance)]
#[index(
    columns(tenant_id, encounter_id),
    unique,
    name = "diagnoses_principal_uidx",
    predicate = "diagnosis_type = 'final' AND rank = 1 AND deleted_at IS NULL"
)]
#[index(columns(tenant_id, patient_id))]
#[index(columns(tenant_id, icd10_code, created_at))]
#[check(
    name = "diagnoses_icd10_format",
    expr = "icd10_code ~ '^[A-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?$'"
)]
#[check(
    name = "diagnoses_snomed_format",
    expr = "snomed_code ~ '^[0-9]{6,18}$'"
)]
#[check(name = "diagnoses_rank_positive", expr = "rank >= 1")]
#[check(
    name = "diagnoses_certainty_values",
    expr = "certainty IN ('confirmed', 'suspected')"
)]
pub struct Diagnosis {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Encounter)]
    pub encounter_id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    /// ICD-10 code without trailing dot, e.g. E11.9.
    #[column(varchar = 8)]
    pub icd10_code: String,
    #[column(varchar = 18)]
    pub snomed_code: Option<String>,
    /// The text the clinician saw; part of the legal record.
    #[column(varchar = 500)]
    pub display: String,
    pub diagnosis_type: DiagnosisType,
    /// 1 = principal diagnosis of its type.
    #[column(default = 1)]
    pub rank: i16,
    /// confirmed or suspected.
    #[column(varchar = 12)]
    pub certainty: Option<String>,
    pub onset_date: Option<NaiveDate>,
    #[column(references = Practitioner)]
    pub diagnosed_by: Uuid,
    /// Notifiable disease (IDSP/IHIP reporting).
    #[column(default = false)]
    pub is_notifiable: bool,
}

/// Longitudinal problem list (diabetes, hypertension, CKD …).
#[derive(Table)]
#[table(schema = "clinical", name = "problems", tenant_scoped, compliance)]
#[index(
    columns(tenant_id, patient_id),
    name = "problems_active_idx",
    predicate = "clinical_status = 'active'"
)]
#[check(
    name = "problems_coded",
    expr = "num_nonnulls(snomed_code, icd10_code) >= 1"
)]
#[check(
    name = "problems_abatement_after_onset",
    expr = "abatement_date IS NULL OR abatement_date >= onset_date"
)]
#[check(
    name = "problems_icd10_format",
    expr = "icd10_code ~ '^[A-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?$'"
)]
#[check(
    name = "problems_snomed_format",
    expr = "snomed_code ~ '^[0-9]{6,18}$'"
)]
#[check(
    name = "problems_verification_status_values",
    expr = "verification_status IN ('unconfirmed', 'provisional', 'differential', 'confirmed', 'refuted', 'entered_in_error')"
)]
#[check(
    name = "problems_severity_values",
    expr = "severity IN ('mild', 'moderate', 'severe')"
)]
pub struct Problem {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(varchar = 18)]
    pub snomed_code: Option<String>,
    #[column(varchar = 8)]
    pub icd10_code: Option<String>,
    #[column(varchar = 500)]
    pub display: String,
    pub clinical_status: ProblemStatus,
    /// FHIR verification status (unconfirmed … entered_in_error).
    #[column(varchar = 16, default = "confirmed")]
    pub verification_status: String,
    /// mild, moderate or severe.
    #[column(varchar = 10)]
    pub severity: Option<String>,
    pub onset_date: Option<NaiveDate>,
    pub abatement_date: Option<NaiveDate>,
    #[column(references = Encounter)]
    pub recorded_encounter_id: Option<Uuid>,
}

/// Allergies and intolerances, including explicit "no known drug allergy" assertions
/// (SNOMED 409137002).
#[derive(Table)]
#[table(schema = "clinical", name = "allergies", tenant_scoped, compliance)]
#[index(
    columns(tenant_id, patient_id, substance_code),
    unique,
    name = "allergies_active_substance_uidx",
    predicate = "clinical_status = 'active' AND deleted_at IS NULL"
)]
#[check(
    name = "allergies_substance_code_format",
    expr = "substance_code ~ '^[0-9]{6,18}$'"
)]
#[check(
    name = "allergies_criticality_values",
    expr = "criticality IN ('low', 'high', 'unable_to_assess')"
)]
#[check(
    name = "allergies_severity_values",
    expr = "severity IN ('mild', 'moderate', 'severe')"
)]
#[check(
    name = "allergies_clinical_status_values",
    expr = "clinical_status IN ('active', 'inactive', 'resolved')"
)]
#[check(
    name = "allergies_verification_status_values",
    expr = "verification_status IN ('unconfirmed', 'presumed', 'confirmed', 'refuted', 'entered_in_error')"
)]
pub struct Allergy {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    pub category: AllergyCategory,
    /// SNOMED CT substance concept.
    #[column(varchar = 18)]
    pub substance_code: Option<String>,
    #[column(varchar = 200)]
    pub substance_display: String,
    /// Formulary drug, for prescribing alerts.
    #[column(references = Medication)]
    pub medication_id: Option<Uuid>,
    /// low, high or unable_to_assess.
    #[column(varchar = 16)]
    pub criticality: Option<String>,
    #[column(varchar = 10)]
    pub severity: Option<String>,
    pub reaction: Option<String>,
    /// active, inactive or resolved.
    #[column(varchar = 10, default = "active")]
    pub clinical_status: String,
    #[column(varchar = 16)]
    pub verification_status: String,
    pub onset_date: Option<NaiveDate>,
    #[column(references = Practitioner)]
    pub recorded_by: Option<Uuid>,
}

// ---- Medication --------------------------------------------------------------------------

/// Tenant formulary / drug master used by prescribing, the MAR and pharmacy billing.
#[derive(Table)]
#[table(schema = "clinical", name = "medications", tenant_scoped, compliance)]
#[index(columns(tenant_id, code), unique, predicate = "deleted_at IS NULL")]
#[index(columns(generic_name(opclass = "gin_trgm_ops")), method = "gin")]
#[index(columns(brand_name(opclass = "gin_trgm_ops")), method = "gin")]
#[index(columns(tenant_id, atc_code))]
#[check(
    name = "medications_hsn_format",
    expr = "hsn_code ~ '^[0-9]{4}([0-9]{2}){0,2}$'"
)]
#[check(
    name = "medications_gst_rate_range",
    expr = "gst_rate BETWEEN 0 AND 40"
)]
#[check(
    name = "medications_ceiling_price_nonnegative",
    expr = "ceiling_price IS NULL OR ceiling_price >= 0"
)]
#[check(
    name = "medications_atc_format",
    expr = "atc_code ~ '^[A-Z]([0-9]{2}([A-Z]([A-Z]([0-9]{2})?)?)?)?$'"
)]
#[check(
    name = "medications_snomed_format",
    expr = "snomed_code ~ '^[0-9]{6,18}$'"
)]
pub struct Medication {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(varchar = 30)]
    pub code: String,
    #[column(varchar = 200)]
    pub generic_name: String,
    #[column(varchar = 200)]
    pub brand_name: Option<String>,
    /// e.g. 500 mg, 250 mg/5 mL.
    #[column(varchar = 50)]
    pub strength: Option<String>,
    pub dosage_form: DosageForm,
    pub default_route: Option<MedRoute>,
    #[column(varchar = 18)]
    pub snomed_code: Option<String>,
    /// WHO ATC code (any level, up to 7 characters).
    #[column(varchar = 7)]
    pub atc_code: Option<String>,
    /// HSN for GST; medicaments are 3004.
    #[column(varchar = 8, default = "3004")]
    pub hsn_code: String,
    /// GST rate in percent, from configuration (never derived from today's rates on reprint).
    #[column(numeric(5, 2))]
    pub gst_rate: Decimal,
    #[column(varchar = 150)]
    pub manufacturer: Option<String>,
    #[column(varchar = 30)]
    pub pack_size: Option<String>,
    /// Drugs and Cosmetics Rules schedule / NDPS class; drives prescription and register rules.
    #[column(default = "otc")]
    pub schedule_class: DrugSchedule,
    /// On the National List of Essential Medicines.
    #[column(default = false)]
    pub is_nlem: bool,
    /// NPPA / DPCO ceiling price per unit (₹).
    #[column(numeric(12, 2))]
    pub ceiling_price: Option<Decimal>,
    /// High-alert medicine (insulin, heparin, KCl …): needs a witness at administration.
    #[column(default = false)]
    pub is_high_alert: bool,
    #[column(default = true)]
    pub is_active: bool,
}

/// A medication order set: OPD prescription, inpatient orders or discharge prescription.
#[derive(Table)]
#[table(schema = "clinical", name = "prescriptions", tenant_scoped, compliance)]
#[unique(columns(tenant_id, prescription_number))]
#[index(columns(tenant_id, patient_id, prescribed_at(desc)))]
#[index(columns(tenant_id, encounter_id))]
#[check(
    name = "prescriptions_signed_has_time",
    expr = "status IN ('draft', 'cancelled') OR signed_at IS NOT NULL"
)]
#[check(
    name = "prescriptions_type_values",
    expr = "prescription_type IN ('opd', 'inpatient', 'discharge')"
)]
pub struct Prescription {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(varchar = 20)]
    pub prescription_number: String,
    #[column(references = Encounter)]
    pub encounter_id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = Practitioner)]
    pub prescriber_id: Uuid,
    /// opd, inpatient or discharge.
    #[column(varchar = 16)]
    pub prescription_type: String,
    pub prescribed_at: Timestamp,
    #[column(default = "draft")]
    pub status: PrescriptionStatus,
    pub signed_at: Option<Timestamp>,
    /// Hash of the signed content (digital signature evidence).
    #[column(varchar = 128)]
    pub signature_hash: Option<String>,
    pub notes: Option<String>,
    pub valid_until: Option<NaiveDate>,
    /// Cached ABDM Prescription FHIR bundle.
    pub fhir_resource: Option<Json>,
}

/// One drug line: generic name, dose, frequency (OD, BD, TDS, 1-0-1 …) and duration.
#[derive(Table)]
#[table(
    schema = "clinical",
    name = "prescription_items",
    tenant_scoped,
    compliance
)]
#[unique(columns(tenant_id, prescription_id, line_no))]
#[index(columns(tenant_id, medication_id))]
#[check(name = "prescription_items_line_no_positive", expr = "line_no > 0")]
#[check(
    name = "prescription_items_quantity_positive",
    expr = "quantity IS NULL OR quantity > 0"
)]
#[check(
    name = "prescription_items_dose_positive",
    expr = "dose IS NULL OR dose > 0"
)]
#[check(
    name = "prescription_items_duration_unit_values",
    expr = "duration_unit IN ('days', 'weeks', 'months')"
)]
#[check(
    name = "prescription_items_duration_complete",
    expr = "(duration_value IS NULL) = (duration_unit IS NULL) AND (duration_value IS NULL OR duration_value > 0)"
)]
#[check(
    name = "prescription_items_food_relation_values",
    expr = "food_relation IN ('before_food', 'after_food', 'with_food')"
)]
pub struct PrescriptionItem {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Prescription, on_delete = "cascade")]
    pub prescription_id: Uuid,
    pub line_no: i16,
    /// Formulary drug; NULL when prescribed by free text only.
    #[column(references = Medication)]
    pub medication_id: Option<Uuid>,
    /// Drug as printed on the prescription (generic name first, as NMC guidance asks).
    #[column(varchar = 300)]
    pub drug_name_text: String,
    #[column(numeric(10, 3))]
    pub dose: Option<Decimal>,
    #[column(varchar = 20)]
    pub dose_unit: Option<String>,
    pub route: Option<MedRoute>,
    /// OD, BD, TDS, QID, HS, SOS, STAT or a pattern like 1-0-1.
    #[column(varchar = 20, renamed_from = "frequency_code")]
    pub frequency: String,
    /// before_food, after_food or with_food.
    #[column(varchar = 12)]
    pub food_relation: Option<String>,
    pub duration_value: Option<i16>,
    /// days, weeks or months.
    #[column(varchar = 8)]
    pub duration_unit: Option<String>,
    /// Quantity to dispense.
    #[column(numeric(12, 3))]
    pub quantity: Option<Decimal>,
    /// As needed (SOS).
    #[column(default = false)]
    pub is_prn: bool,
    pub instructions: Option<String>,
    pub start_date: Option<NaiveDate>,
}

/// Medication administration record (MAR) for inpatients: one row per scheduled or given dose.
#[derive(Table)]
#[table(
    schema = "clinical",
    name = "medication_administrations",
    tenant_scoped,
    compliance
)]
#[index(columns(tenant_id, admission_id, scheduled_at))]
#[index(
    columns(tenant_id, scheduled_at),
    name = "medication_administrations_due_idx",
    predicate = "status = 'scheduled'"
)]
#[check(
    name = "medication_administrations_given_complete",
    expr = "status <> 'given' OR (administered_at IS NOT NULL AND administered_by IS NOT NULL)"
)]
#[check(
    name = "medication_administrations_reason_not_given",
    expr = "status NOT IN ('held', 'refused', 'not_given') OR reason_not_given IS NOT NULL"
)]
#[check(
    name = "medication_administrations_witness_differs",
    expr = "witnessed_by IS NULL OR witnessed_by <> administered_by"
)]
#[check(
    name = "medication_administrations_has_time",
    expr = "num_nonnulls(scheduled_at, administered_at) >= 1"
)]
#[check(
    name = "medication_administrations_dose_positive",
    expr = "dose_given IS NULL OR dose_given > 0"
)]
pub struct MedicationAdministration {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = Admission)]
    pub admission_id: Uuid,
    /// The order line this dose fulfils; NULL for a verbal/STAT order documented afterwards.
    #[column(references = PrescriptionItem)]
    pub prescription_item_id: Option<Uuid>,
    #[column(references = Medication)]
    pub medication_id: Uuid,
    pub scheduled_at: Option<Timestamp>,
    pub administered_at: Option<Timestamp>,
    #[column(numeric(10, 3))]
    pub dose_given: Option<Decimal>,
    #[column(varchar = 20)]
    pub dose_unit: Option<String>,
    pub route: Option<MedRoute>,
    #[column(varchar = 40)]
    pub site: Option<String>,
    #[column(default = "scheduled")]
    pub status: AdministrationStatus,
    pub reason_not_given: Option<String>,
    #[column(references = Practitioner)]
    pub administered_by: Option<Uuid>,
    /// Second nurse for high-alert and NDPS drugs; never the administering nurse.
    #[column(references = Practitioner)]
    pub witnessed_by: Option<Uuid>,
    #[column(varchar = 40)]
    pub batch_number: Option<String>,
    pub expiry_date: Option<NaiveDate>,
}

// ---- Procedures, notes, discharge, referrals, immunization -----------------------------------

/// SNOMED CT coded procedure or surgery performed (also the OT register).
#[derive(Table)]
#[table(schema = "clinical", name = "procedures", tenant_scoped, compliance)]
#[index(columns(tenant_id, patient_id))]
#[index(columns(tenant_id, performed_start))]
#[check(
    name = "procedures_snomed_format",
    expr = "snomed_code ~ '^[0-9]{6,18}$'"
)]
#[check(
    name = "procedures_end_after_start",
    expr = "performed_end IS NULL OR performed_end >= performed_start"
)]
#[check(
    name = "procedures_completed_has_start",
    expr = "status <> 'completed' OR performed_start IS NOT NULL"
)]
#[check(
    name = "procedures_category_values",
    expr = "category IN ('surgical', 'diagnostic', 'therapeutic', 'nursing')"
)]
#[check(
    name = "procedures_laterality_values",
    expr = "laterality IN ('left', 'right', 'bilateral', 'midline')"
)]
#[check(
    name = "procedures_anaesthetist_present",
    expr = "status <> 'completed' OR anaesthesia_type IS NULL OR anaesthesia_type IN ('none', 'local', 'sedation') OR anaesthetist_id IS NOT NULL"
)]
pub struct Procedure {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Encounter)]
    pub encounter_id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(varchar = 18)]
    pub snomed_code: String,
    #[column(varchar = 500)]
    pub display: String,
    /// surgical, diagnostic, therapeutic or nursing.
    #[column(varchar = 16)]
    pub category: Option<String>,
    pub status: ProcedureStatus,
    pub performed_start: Option<Timestamp>,
    pub performed_end: Option<Timestamp>,
    #[column(references = Practitioner)]
    pub primary_surgeon_id: Option<Uuid>,
    #[column(references = Practitioner)]
    pub anaesthetist_id: Option<Uuid>,
    pub anaesthesia_type: Option<AnaesthesiaType>,
    /// left, right, bilateral or midline (wrong-site surgery prevention).
    #[column(varchar = 10)]
    pub laterality: Option<String>,
    #[column(varchar = 20)]
    pub ot_room: Option<String>,
    /// Signed informed-consent form.
    #[column(references = Document)]
    pub consent_document_id: Option<Uuid>,
    pub outcome: Option<String>,
}

/// Free-text clinical documentation; a signed note is never edited, only amended by a new
/// note.
#[derive(Table)]
#[table(
    schema = "clinical",
    name = "clinical_notes",
    tenant_scoped,
    compliance
)]
#[index(columns(tenant_id, encounter_id, created_at))]
#[index(columns(tenant_id, patient_id, note_type))]
#[index(
    expressions("to_tsvector('english', body)"),
    method = "gin",
    name = "clinical_notes_body_fts_idx"
)]
#[check(
    name = "clinical_notes_signed_has_time",
    expr = "status NOT IN ('signed', 'amended') OR signed_at IS NOT NULL"
)]
#[check(
    name = "clinical_notes_not_amending_self",
    expr = "amends_note_id <> id"
)]
#[check(
    name = "clinical_notes_status_values",
    expr = "status IN ('draft', 'signed', 'amended', 'entered_in_error')"
)]
#[check(
    name = "clinical_notes_body_format_values",
    expr = "body_format IN ('plain', 'markdown', 'html')"
)]
pub struct ClinicalNote {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Encounter)]
    pub encounter_id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = Practitioner)]
    pub author_id: Uuid,
    pub note_type: NoteType,
    #[column(varchar = 200)]
    pub title: Option<String>,
    pub body: String,
    /// plain, markdown or html.
    #[column(varchar = 10, default = "markdown")]
    pub body_format: String,
    /// draft, signed, amended (superseded by a later note) or entered_in_error.
    #[column(varchar = 16, default = "draft")]
    pub status: String,
    pub signed_at: Option<Timestamp>,
    /// The earlier note this one amends.
    #[column(references = ClinicalNote)]
    pub amends_note_id: Option<Uuid>,
    #[column(default = "normal")]
    pub sensitivity: Sensitivity,
}

/// Structured discharge summary of an admission; source of the ABDM DischargeSummary.
#[derive(Table)]
#[table(
    schema = "clinical",
    name = "discharge_summaries",
    tenant_scoped,
    compliance
)]
#[index(
    columns(tenant_id, admission_id),
    unique,
    predicate = "deleted_at IS NULL"
)]
#[check(
    name = "discharge_summaries_finalised_complete",
    expr = "status NOT IN ('finalised', 'amended') OR (finalised_at IS NOT NULL AND approved_by IS NOT NULL)"
)]
#[check(
    name = "discharge_summaries_status_values",
    expr = "status IN ('draft', 'in_review', 'finalised', 'amended')"
)]
pub struct DischargeSummary {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Admission)]
    pub admission_id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = Practitioner)]
    pub prepared_by: Uuid,
    /// Consultant who approves the summary.
    #[column(references = Practitioner)]
    pub approved_by: Option<Uuid>,
    /// draft, in_review, finalised or amended.
    #[column(varchar = 12, default = "draft")]
    pub status: String,
    pub admission_reason: Option<String>,
    pub course_in_hospital: Option<String>,
    pub investigations_summary: Option<String>,
    pub procedures_summary: Option<String>,
    pub condition_at_discharge: Option<String>,
    #[column(references = Prescription)]
    pub discharge_prescription_id: Option<Uuid>,
    pub follow_up_advice: Option<String>,
    pub follow_up_date: Option<NaiveDate>,
    /// When to return to emergency (warning signs).
    pub emergency_instructions: Option<String>,
    pub finalised_at: Option<Timestamp>,
    /// Signed PDF.
    #[column(references = Document)]
    pub document_id: Option<Uuid>,
    /// ABDM DischargeSummary FHIR bundle.
    pub fhir_bundle: Option<Json>,
}

/// Internal cross-consultation, or referral to / from another facility.
#[derive(Table)]
#[table(schema = "clinical", name = "referrals", tenant_scoped, compliance)]
#[index(
    columns(tenant_id, to_practitioner_id),
    name = "referrals_pending_idx",
    predicate = "status = 'requested'"
)]
#[index(columns(tenant_id, patient_id))]
#[check(
    name = "referrals_external_target",
    expr = "direction = 'internal' OR num_nonnulls(external_facility_name, external_hfr_id) >= 1"
)]
#[check(
    name = "referrals_internal_target",
    expr = "direction <> 'internal' OR num_nonnulls(to_practitioner_id, to_department_id) >= 1"
)]
#[check(
    name = "referrals_external_hfr_id_format",
    expr = "external_hfr_id ~ '^IN[0-9A-Z]+$'"
)]
#[check(
    name = "referrals_urgency_values",
    expr = "urgency IN ('routine', 'urgent', 'emergency')"
)]
#[check(
    name = "referrals_responded_has_time",
    expr = "status NOT IN ('accepted', 'declined') OR responded_at IS NOT NULL"
)]
pub struct Referral {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = Encounter)]
    pub source_encounter_id: Option<Uuid>,
    pub direction: ReferralDirection,
    #[column(references = Practitioner)]
    pub referred_by_id: Option<Uuid>,
    #[column(references = Practitioner)]
    pub to_practitioner_id: Option<Uuid>,
    #[column(references = Department)]
    pub to_department_id: Option<Uuid>,
    #[column(varchar = 200)]
    pub external_facility_name: Option<String>,
    /// HFR id of the other facility.
    #[column(varchar = 20)]
    pub external_hfr_id: Option<String>,
    pub reason: String,
    /// routine, urgent or emergency.
    #[column(varchar = 10, default = "routine")]
    pub urgency: String,
    #[column(default = "requested")]
    pub status: ReferralStatus,
    pub responded_at: Option<Timestamp>,
    pub response_note: Option<String>,
}

/// Vaccine doses given (Universal Immunization Programme, private vaccines, campaigns).
#[derive(Table)]
#[table(schema = "clinical", name = "immunizations", tenant_scoped, compliance)]
#[index(columns(tenant_id, patient_id, administered_at))]
#[check(
    name = "immunizations_completed_complete",
    expr = "status <> 'completed' OR (administered_at IS NOT NULL AND lot_number IS NOT NULL)"
)]
#[check(
    name = "immunizations_dose_number_positive",
    expr = "dose_number IS NULL OR dose_number > 0"
)]
#[check(
    name = "immunizations_dose_ml_positive",
    expr = "dose_ml IS NULL OR dose_ml > 0"
)]
#[check(
    name = "immunizations_programme_values",
    expr = "programme IN ('uip', 'private', 'campaign')"
)]
#[check(
    name = "immunizations_status_values",
    expr = "status IN ('completed', 'not_done', 'entered_in_error')"
)]
#[check(
    name = "immunizations_reason_not_done",
    expr = "status <> 'not_done' OR reason_not_done IS NOT NULL"
)]
pub struct Immunization {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = Encounter)]
    pub encounter_id: Option<Uuid>,
    /// SNOMED CT vaccine product code.
    #[column(varchar = 18)]
    pub vaccine_code: String,
    #[column(varchar = 150)]
    pub vaccine_name: String,
    /// uip, private or campaign.
    #[column(varchar = 12)]
    pub programme: String,
    pub dose_number: Option<i16>,
    pub administered_at: Option<Timestamp>,
    #[column(varchar = 40)]
    pub lot_number: Option<String>,
    pub expiry_date: Option<NaiveDate>,
    #[column(varchar = 150)]
    pub manufacturer: Option<String>,
    #[column(varchar = 40)]
    pub site: Option<String>,
    pub route: Option<MedRoute>,
    #[column(numeric(6, 2))]
    pub dose_ml: Option<Decimal>,
    #[column(references = Practitioner)]
    pub administered_by: Option<Uuid>,
    /// completed, not_done or entered_in_error.
    #[column(varchar = 16, default = "completed")]
    pub status: String,
    pub reason_not_done: Option<String>,
    /// Adverse event following immunization was reported.
    #[column(default = false)]
    pub aefi_reported: bool,
    /// U-WIN registry reference.
    #[column(varchar = 40)]
    pub registry_reference: Option<String>,
}

/// Medico-legal case of an encounter (evolution C1): split out of clinical.encounters, whose
/// mlc_number and police_station a later release drops after the backfill.
#[derive(Table)]
#[table(
    schema = "clinical",
    name = "medico_legal_cases",
    tenant_scoped,
    compliance
)]
#[unique(columns(tenant_id, mlc_number))]
#[index(
    columns(tenant_id, encounter_id),
    unique,
    name = "medico_legal_cases_encounter_uidx",
    predicate = "deleted_at IS NULL"
)]
pub struct MedicoLegalCase {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Encounter)]
    pub encounter_id: Uuid,
    #[column(varchar = 30)]
    pub mlc_number: String,
    #[column(varchar = 150)]
    pub police_station: Option<String>,
    /// When the police were informed.
    pub informed_at: Option<Timestamp>,
    #[column(varchar = 150)]
    pub officer_name: Option<String>,
    #[column(varchar = 40)]
    pub officer_id_number: Option<String>,
    pub injury_description: Option<String>,
    #[column(default = "restricted")]
    pub sensitivity: Sensitivity,
}
