//! Schema `billing`: payers and schemes, the service catalog and tariffs, GST invoices,
//! receipts, deposits, refunds, credit notes, insurance policies, pre-authorisations and
//! claims exchanged over NHCX (hims-domain.md §1.3, §2.3).

use chrono::{DateTime, NaiveDate, Utc};
use hims_dsl::objects::view;
use hims_dsl::{ModelBuilder, PgEnum, Table};
use rust_decimal::Decimal;
use serde_json::Value as Json;
use uuid::Uuid;

use crate::clinical::{Admission, Encounter, Medication, WardType};
use crate::core::{Department, Facility, Patient, Practitioner, State, User};

type Timestamp = DateTime<Utc>;

pub fn register(b: &mut ModelBuilder) {
    b.schema(
        "billing",
        "Tariffs, GST invoicing, collections, insurance, schemes and claims",
    );
    b.enum_type::<PayerCategory>()
        .enum_type::<PayerType>()
        .enum_type::<SchemeCode>()
        .enum_type::<ServiceType>()
        .enum_type::<InvoiceType>()
        .enum_type::<InvoiceStatus>()
        .enum_type::<PaymentMode>()
        .enum_type::<PaymentStatus>()
        .enum_type::<DepositStatus>()
        .enum_type::<RefundStatus>()
        .enum_type::<CreditNoteReason>()
        .enum_type::<PreauthRequestType>()
        .enum_type::<PreauthStatus>()
        .enum_type::<ClaimType>()
        .enum_type::<ClaimStatus>()
        .enum_type::<NhcxStatus>();
    b.table::<Payer>()
        .table::<Scheme>()
        .table::<SchemePackage>()
        .table::<ServiceCatalog>()
        .table::<PriceList>()
        .table::<PriceListItem>()
        .table::<Invoice>()
        .table::<InvoiceLine>()
        .table::<Payment>()
        .table::<PaymentAllocation>()
        .table::<Deposit>()
        .table::<Refund>()
        .table::<CreditNote>()
        .table::<InsurancePolicy>()
        .table::<PreAuthorization>()
        .table::<InsuranceClaim>()
        .table::<ClaimItem>()
        .table::<ClaimEvent>()
        .table::<ClaimCommunication>();
    views(b);
}

/// Views run with the caller's rights (`security_invoker`), so row-level security applies.
fn views(b: &mut ModelBuilder) {
    b.view(view(
        "billing.v_outstanding_invoices",
        &[
            "billing.invoices",
            "billing.payment_allocations",
            "billing.credit_notes",
            "billing.payers",
        ],
        "Balance due per finalised invoice (net − allocations − issued credit notes) with ageing buckets 0–30, 31–60, 61–90, 90+ days.",
        "SELECT i.tenant_id, i.id AS invoice_id, i.invoice_number, i.fiscal_year, i.invoice_date,
       i.patient_id, i.primary_payer_id, py.name AS payer_name, i.status, i.net_amount,
       coalesce(al.allocated, 0) AS amount_allocated,
       coalesce(cn.credited, 0) AS amount_credited,
       i.net_amount - coalesce(al.allocated, 0) - coalesce(cn.credited, 0) AS balance_due,
       current_date - i.invoice_date AS age_days,
       CASE WHEN current_date - i.invoice_date <= 30 THEN '0-30'
            WHEN current_date - i.invoice_date <= 60 THEN '31-60'
            WHEN current_date - i.invoice_date <= 90 THEN '61-90'
            ELSE '90+' END AS ageing_bucket
  FROM billing.invoices i
  LEFT JOIN billing.payers py ON py.tenant_id = i.tenant_id AND py.id = i.primary_payer_id
  LEFT JOIN LATERAL (SELECT sum(pa.amount) AS allocated FROM billing.payment_allocations pa
                      WHERE pa.tenant_id = i.tenant_id AND pa.invoice_id = i.id AND pa.deleted_at IS NULL) al ON true
  LEFT JOIN LATERAL (SELECT sum(c.total_amount) AS credited FROM billing.credit_notes c
                      WHERE c.tenant_id = i.tenant_id AND c.invoice_id = i.id AND c.status = 'issued'
                        AND c.deleted_at IS NULL) cn ON true
 WHERE i.status IN ('finalised', 'partially_paid') AND i.deleted_at IS NULL
   AND i.net_amount - coalesce(al.allocated, 0) - coalesce(cn.credited, 0) > 0",
    ));
}

// ---- Enums ----------------------------------------------------------------------------

/// Who is expected to pay for an encounter.
#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum PayerCategory {
    SelfPay,
    Insurance,
    GovernmentScheme,
    Corporate,
    Charity,
}

#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum PayerType {
    Insurer,
    Tpa,
    GovernmentScheme,
    Corporate,
    Psu,
    Trust,
}

/// Government schemes; the many state schemes use state_scheme (or other) plus a name.
#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum SchemeCode {
    Pmjay,
    Cghs,
    Echs,
    Esic,
    StateScheme,
    Other,
}

#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum ServiceType {
    Consultation,
    RoomRent,
    Nursing,
    Procedure,
    Surgery,
    LabInvestigation,
    Radiology,
    Pharmacy,
    Consumable,
    Implant,
    Package,
    Administrative,
    Other,
}

#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum InvoiceType {
    Opd,
    IpdInterim,
    IpdFinal,
    Daycare,
    Pharmacy,
    Lab,
    Package,
}

#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum InvoiceStatus {
    Draft,
    Finalised,
    PartiallyPaid,
    Paid,
    Cancelled,
    WrittenOff,
}

#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum PaymentMode {
    Cash,
    Card,
    Upi,
    Netbanking,
    NeftRtgs,
    Cheque,
    DemandDraft,
    Wallet,
    InsurerSettlement,
    SchemeSettlement,
    DepositAdjustment,
}

#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum PaymentStatus {
    Pending,
    Cleared,
    Bounced,
    Cancelled,
}

#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum DepositStatus {
    Held,
    PartiallyAdjusted,
    Adjusted,
    Refunded,
}

#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum RefundStatus {
    Requested,
    Approved,
    Rejected,
    Paid,
}

#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum CreditNoteReason {
    PriceCorrection,
    ServiceNotRendered,
    PostSaleDiscount,
    PayerDisallowance,
    Cancellation,
}

#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum PreauthRequestType {
    Initial,
    Enhancement,
    FinalDischarge,
}

#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum PreauthStatus {
    Draft,
    Submitted,
    QueryRaised,
    QueryAnswered,
    Approved,
    PartiallyApproved,
    Rejected,
    Cancelled,
    Expired,
}

#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum ClaimType {
    Cashless,
    Reimbursement,
    Scheme,
}

#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum ClaimStatus {
    Draft,
    Submitted,
    Acknowledged,
    QueryRaised,
    QueryAnswered,
    /// Evolution A1 (NHCX go-live): a query escalated to the payer's medical team.
    QueryEscalated,
    UnderReview,
    Approved,
    PartiallyApproved,
    Rejected,
    Settled,
    Closed,
    Cancelled,
}

/// x-hcx-status values of the HCX protocol (NHCX); literal, with dots.
#[derive(PgEnum)]
#[pg_enum(schema = "billing")]
pub enum NhcxStatus {
    #[pg_enum(rename = "request.queued")]
    RequestQueued,
    #[pg_enum(rename = "request.dispatched")]
    RequestDispatched,
    #[pg_enum(rename = "request.error")]
    RequestError,
    #[pg_enum(rename = "response.complete")]
    ResponseComplete,
    #[pg_enum(rename = "response.partial")]
    ResponsePartial,
    #[pg_enum(rename = "response.error")]
    ResponseError,
}

// ---- Payers, schemes, catalog and tariffs ----------------------------------------------------

/// Who pays: insurer, TPA, government scheme body, corporate, PSU or trust.
#[derive(Table)]
#[table(schema = "billing", name = "payers", tenant_scoped, compliance)]
#[index(columns(tenant_id, code), unique, predicate = "deleted_at IS NULL")]
#[index(
    columns(tenant_id, nhcx_participant_code),
    unique,
    predicate = "nhcx_participant_code IS NOT NULL AND deleted_at IS NULL"
)]
#[check(
    name = "payers_gstin_format",
    expr = "gstin ~ '^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$'"
)]
#[check(
    name = "payers_credit_days_nonnegative",
    expr = "credit_days IS NULL OR credit_days >= 0"
)]
#[check(
    name = "payers_contact_object",
    expr = "jsonb_typeof(contact) = 'object'"
)]
pub struct Payer {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(varchar = 30)]
    pub code: String,
    #[column(varchar = 200)]
    pub name: String,
    pub payer_type: PayerType,
    /// IRDAI registration of an insurer or TPA.
    #[column(varchar = 30)]
    pub irdai_registration_no: Option<String>,
    /// Participant code on the National Health Claims Exchange.
    #[column(varchar = 80)]
    pub nhcx_participant_code: Option<String>,
    #[column(char = 15)]
    pub gstin: Option<String>,
    /// Addresses, e-mail ids and phone numbers of the claims desk.
    #[column(default_sql = "'{}'::jsonb")]
    pub contact: Json,
    /// Agreed settlement period in days.
    pub credit_days: Option<i16>,
    #[column(default = true)]
    pub is_active: bool,
}

/// Government / public scheme the hospital is empanelled in (PM-JAY, CGHS, ECHS, ESIC, state
/// schemes).
#[derive(Table)]
#[table(schema = "billing", name = "schemes", tenant_scoped, compliance)]
#[index(
    columns(tenant_id, code),
    unique,
    name = "schemes_national_code_uidx",
    predicate = "code IN ('pmjay', 'cghs', 'echs', 'esic') AND deleted_at IS NULL"
)]
#[index(
    columns(tenant_id, code, name),
    unique,
    predicate = "deleted_at IS NULL"
)]
#[check(
    name = "schemes_empanelment_window",
    expr = "empanelled_to IS NULL OR empanelled_to >= empanelled_from"
)]
#[check(
    name = "schemes_coverage_limit_nonnegative",
    expr = "coverage_limit IS NULL OR coverage_limit >= 0"
)]
#[check(
    name = "schemes_coverage_basis_values",
    expr = "coverage_basis IN ('family_floater', 'individual')"
)]
#[check(
    name = "schemes_rate_basis_values",
    expr = "rate_basis IN ('package', 'fee_schedule')"
)]
#[check(
    name = "schemes_uplift_range",
    expr = "nabh_rate_uplift_pct BETWEEN 0 AND 100"
)]
#[check(
    name = "schemes_state_scheme_has_state",
    expr = "code <> 'state_scheme' OR state_code IS NOT NULL"
)]
pub struct Scheme {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    pub code: SchemeCode,
    #[column(varchar = 200)]
    pub name: String,
    /// Scheme body that settles claims (NHA / State Health Agency, CGHS, ECHS, ESIC …).
    #[column(references = Payer)]
    pub payer_id: Uuid,
    /// State of a state scheme (MJPJAY, Aarogyasri, CMCHIS …).
    #[column(char = 2, references = State)]
    pub state_code: Option<String>,
    /// Hospital empanelment id with the scheme.
    #[column(varchar = 40)]
    pub empanelment_id: Option<String>,
    pub empanelled_from: Option<NaiveDate>,
    pub empanelled_to: Option<NaiveDate>,
    /// Annual cover (PM-JAY: ₹5 lakh per family per year); configuration, not a constant.
    #[column(numeric(12, 2))]
    pub coverage_limit: Option<Decimal>,
    /// family_floater or individual.
    #[column(varchar = 16)]
    pub coverage_basis: Option<String>,
    /// package or fee_schedule.
    #[column(varchar = 16)]
    pub rate_basis: String,
    #[column(default = true)]
    pub requires_preauth: bool,
    /// Rate uplift for NABH-accredited hospitals, in percent.
    #[column(numeric(5, 2))]
    pub nabh_rate_uplift_pct: Option<Decimal>,
}

/// Package rates of a scheme (PM-JAY Health Benefit Package codes, CGHS rate items).
#[derive(Table)]
#[table(
    schema = "billing",
    name = "scheme_packages",
    tenant_scoped,
    compliance
)]
#[index(
    columns(tenant_id, scheme_id, package_code, effective_from),
    unique,
    predicate = "deleted_at IS NULL"
)]
#[check(name = "scheme_packages_rate_nonnegative", expr = "package_rate >= 0")]
#[check(
    name = "scheme_packages_effective_window",
    expr = "effective_to IS NULL OR effective_to >= effective_from"
)]
#[check(
    name = "scheme_packages_los_positive",
    expr = "expected_los_days IS NULL OR expected_los_days > 0"
)]
#[exclude(
    name = "scheme_packages_no_overlap",
    using = "gist",
    elements(
        "tenant_id WITH =",
        "scheme_id WITH =",
        "package_code WITH =",
        "daterange(effective_from, effective_to, '[]') WITH &&"
    ),
    predicate = "deleted_at IS NULL"
)]
pub struct SchemePackage {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Scheme)]
    pub scheme_id: Uuid,
    #[column(varchar = 20)]
    pub package_code: String,
    #[column(varchar = 300)]
    pub name: String,
    #[column(varchar = 80)]
    pub specialty: Option<String>,
    #[column(numeric(12, 2))]
    pub package_rate: Decimal,
    pub expected_los_days: Option<i16>,
    #[column(default = false)]
    pub is_day_care: bool,
    #[column(default = true)]
    pub preauth_required: bool,
    #[column(default = false)]
    pub includes_implants: bool,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
}

/// Every chargeable item: consultation, bed-day, procedure, test, drug, consumable, package.
#[derive(Table)]
#[table(
    schema = "billing",
    name = "service_catalog",
    tenant_scoped,
    compliance
)]
#[index(columns(tenant_id, code), unique, predicate = "deleted_at IS NULL")]
#[index(
    columns(tenant_id, lab_test_id),
    unique,
    predicate = "lab_test_id IS NOT NULL AND deleted_at IS NULL"
)]
#[index(
    columns(tenant_id, lab_panel_id),
    unique,
    predicate = "lab_panel_id IS NOT NULL AND deleted_at IS NULL"
)]
#[index(
    columns(tenant_id, medication_id),
    unique,
    predicate = "medication_id IS NOT NULL AND deleted_at IS NULL"
)]
#[index(columns(tenant_id, service_type))]
#[index(columns(name(opclass = "gin_trgm_ops")), method = "gin")]
#[check(
    name = "service_catalog_sac_xor_hsn",
    expr = "num_nonnulls(sac_code, hsn_code) = 1"
)]
#[check(
    name = "service_catalog_sac_format",
    expr = "sac_code ~ '^99[0-9]{4}$'"
)]
#[check(
    name = "service_catalog_hsn_format",
    expr = "hsn_code ~ '^[0-9]{4}([0-9]{2}){0,2}$'"
)]
#[check(
    name = "service_catalog_gst_rate_range",
    expr = "gst_rate BETWEEN 0 AND 40"
)]
#[check(
    name = "service_catalog_exempt_no_rate",
    expr = "NOT is_gst_exempt OR gst_rate = 0"
)]
#[check(
    name = "service_catalog_one_source_item",
    expr = "num_nonnulls(lab_test_id, lab_panel_id, medication_id) <= 1"
)]
#[check(
    name = "service_catalog_medication_is_goods",
    expr = "medication_id IS NULL OR hsn_code IS NOT NULL"
)]
#[check(
    name = "service_catalog_lab_is_service",
    expr = "num_nonnulls(lab_test_id, lab_panel_id) = 0 OR sac_code IS NOT NULL"
)]
pub struct ServiceCatalog {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(varchar = 30)]
    pub code: String,
    #[column(varchar = 250)]
    pub name: String,
    pub service_type: ServiceType,
    /// Revenue department (MIS).
    #[column(references = Department)]
    pub department_id: Option<Uuid>,
    /// SAC for services (healthcare 9993xx); exactly one of SAC and HSN.
    #[column(varchar = 6)]
    pub sac_code: Option<String>,
    /// HSN for goods (medicines 3004, implants, consumables).
    #[column(varchar = 8)]
    pub hsn_code: Option<String>,
    /// GST rate in percent, from configuration.
    #[column(numeric(5, 2), default = 0)]
    pub gst_rate: Decimal,
    /// Most clinical services of a clinical establishment are exempt.
    #[column(default = true)]
    pub is_gst_exempt: bool,
    /// laboratory.tests row this item charges for.
    #[column(references = crate::laboratory::LabTest)]
    pub lab_test_id: Option<Uuid>,
    /// laboratory.panels row this item charges for.
    #[column(references = crate::laboratory::Panel)]
    pub lab_panel_id: Option<Uuid>,
    #[column(references = Medication)]
    pub medication_id: Option<Uuid>,
    /// Billing unit: each, day, hour, visit, strip …
    #[column(varchar = 20, default = "each")]
    pub unit: String,
    #[column(default = true)]
    pub is_active: bool,
}

/// Tariff header: default cash tariff, payer-specific (TPA negotiated, CGHS) and
/// room-category tariffs.
#[derive(Table)]
#[table(schema = "billing", name = "price_lists", tenant_scoped, compliance)]
#[index(columns(tenant_id, code), unique, predicate = "deleted_at IS NULL")]
#[index(
    columns(tenant_id, facility_id, ward_type),
    unique,
    nulls_not_distinct,
    name = "price_lists_default_uidx",
    predicate = "is_default AND deleted_at IS NULL"
)]
#[check(
    name = "price_lists_valid_window",
    expr = "valid_to IS NULL OR valid_to >= valid_from"
)]
#[check(name = "price_lists_currency_format", expr = "currency ~ '^[A-Z]{3}$'")]
#[check(
    name = "price_lists_one_payer",
    expr = "num_nonnulls(payer_id, scheme_id) <= 1"
)]
#[check(
    name = "price_lists_default_is_cash",
    expr = "NOT is_default OR (payer_id IS NULL AND scheme_id IS NULL)"
)]
pub struct PriceList {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(varchar = 30)]
    pub code: String,
    #[column(varchar = 150)]
    pub name: String,
    /// NULL = every facility of the tenant.
    #[column(references = Facility)]
    pub facility_id: Option<Uuid>,
    #[column(references = Payer)]
    pub payer_id: Option<Uuid>,
    #[column(references = Scheme)]
    pub scheme_id: Option<Uuid>,
    /// Room category the tariff applies to (Indian tariffs vary by room category).
    pub ward_type: Option<WardType>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    #[column(char = 3, default = "INR")]
    pub currency: String,
    /// The cash tariff used when no payer tariff applies; one per facility and room category.
    #[column(default = false)]
    pub is_default: bool,
}

/// Unit price of a service within a tariff, for a validity window.
#[derive(Table)]
#[table(
    schema = "billing",
    name = "price_list_items",
    tenant_scoped,
    compliance
)]
#[index(
    columns(tenant_id, price_list_id, service_id, valid_from),
    unique,
    predicate = "deleted_at IS NULL"
)]
#[index(columns(tenant_id, service_id))]
#[check(name = "price_list_items_price_nonnegative", expr = "unit_price >= 0")]
#[check(
    name = "price_list_items_discount_range",
    expr = "max_discount_pct BETWEEN 0 AND 100"
)]
#[check(
    name = "price_list_items_valid_window",
    expr = "valid_to IS NULL OR valid_to >= valid_from"
)]
#[exclude(
    name = "price_list_items_no_overlap",
    using = "gist",
    elements(
        "tenant_id WITH =",
        "price_list_id WITH =",
        "service_id WITH =",
        "daterange(valid_from, valid_to, '[]') WITH &&"
    ),
    predicate = "deleted_at IS NULL"
)]
pub struct PriceListItem {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = PriceList, on_delete = "cascade")]
    pub price_list_id: Uuid,
    #[column(references = ServiceCatalog)]
    pub service_id: Uuid,
    #[column(numeric(12, 2))]
    pub unit_price: Decimal,
    /// Largest discount a counter user may give without approval, in percent.
    #[column(numeric(5, 2), default = 0)]
    pub max_discount_pct: Decimal,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

// ---- Invoicing -------------------------------------------------------------------------------

/// GST tax invoice or bill of supply (OPD bill, IPD interim/final bill, pharmacy bill).
/// Finalised invoices are immutable; corrections go through credit notes.
#[derive(Table)]
#[table(schema = "billing", name = "invoices", tenant_scoped, compliance)]
#[unique(
    columns(tenant_id, supplier_gstin, fiscal_year, invoice_number),
    nulls_not_distinct
)]
#[index(columns(tenant_id, irn), unique, predicate = "irn IS NOT NULL")]
#[index(columns(tenant_id, patient_id, invoice_date(desc)))]
#[index(
    columns(tenant_id, status, invoice_date),
    name = "invoices_outstanding_idx",
    predicate = "status IN ('finalised', 'partially_paid')"
)]
#[index(columns(tenant_id, admission_id))]
#[check(
    name = "invoices_number_format",
    expr = "invoice_number ~ '^[A-Za-z0-9/-]{1,16}$'"
)]
#[check(
    name = "invoices_fiscal_year_format",
    expr = "fiscal_year ~ '^[0-9]{4}-[0-9]{2}$'"
)]
#[check(
    name = "invoices_supplier_gstin_format",
    expr = "supplier_gstin ~ '^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$'"
)]
#[check(
    name = "invoices_supplier_gstin_state",
    expr = "supplier_gstin IS NULL OR left(supplier_gstin, 2) = supplier_state_code"
)]
#[check(
    name = "invoices_recipient_gstin_format",
    expr = "recipient_gstin ~ '^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$'"
)]
#[check(
    name = "invoices_tax_split",
    expr = "(is_interstate AND cgst_amount = 0 AND sgst_amount = 0) OR (NOT is_interstate AND igst_amount = 0)"
)]
#[check(name = "invoices_cgst_equals_sgst", expr = "cgst_amount = sgst_amount")]
#[check(
    name = "invoices_amounts_nonnegative",
    expr = "gross_amount >= 0 AND discount_amount >= 0 AND taxable_amount >= 0 AND cgst_amount >= 0 AND sgst_amount >= 0 AND igst_amount >= 0 AND patient_payable >= 0 AND payer_payable >= 0 AND amount_paid >= 0"
)]
#[check(
    name = "invoices_taxable_amount",
    expr = "taxable_amount = gross_amount - discount_amount"
)]
#[check(
    name = "invoices_net_amount",
    expr = "net_amount = taxable_amount + cgst_amount + sgst_amount + igst_amount + round_off"
)]
#[check(name = "invoices_round_off_range", expr = "abs(round_off) < 1")]
#[check(
    name = "invoices_payable_split",
    expr = "patient_payable + payer_payable = net_amount"
)]
#[check(
    name = "invoices_finalised_has_time",
    expr = "status = 'draft' OR finalised_at IS NOT NULL"
)]
#[check(name = "invoices_paid_within_net", expr = "amount_paid <= net_amount")]
#[check(
    name = "invoices_cancel_reason",
    expr = "status <> 'cancelled' OR cancel_reason IS NOT NULL"
)]
#[check(
    name = "invoices_payer_payable_needs_payer",
    expr = "payer_payable = 0 OR primary_payer_id IS NOT NULL"
)]
pub struct Invoice {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    /// Consecutive GST serial: at most 16 characters of letters, digits, '-' and '/'.
    #[column(varchar = 16)]
    pub invoice_number: String,
    /// Indian financial year (April–March), e.g. 2025-26.
    #[column(varchar = 7)]
    pub fiscal_year: String,
    pub invoice_type: InvoiceType,
    #[column(references = Facility)]
    pub facility_id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = Encounter)]
    pub encounter_id: Option<Uuid>,
    #[column(references = Admission)]
    pub admission_id: Option<Uuid>,
    /// Insurer, TPA or scheme body billed for payer_payable.
    #[column(references = Payer)]
    pub primary_payer_id: Option<Uuid>,
    pub invoice_date: NaiveDate,
    /// GSTIN of the issuing facility; NULL when the facility is not GST-registered.
    #[column(char = 15)]
    pub supplier_gstin: Option<String>,
    #[column(char = 2, references = State)]
    pub supplier_state_code: String,
    /// GST place of supply; differs from the supplier state only for inter-state supply.
    #[column(char = 2, references = State)]
    pub place_of_supply_state_code: String,
    /// GSTIN of a registered recipient (B2B: corporate, insurer), for e-invoicing.
    #[column(char = 15)]
    pub recipient_gstin: Option<String>,
    /// Inter-state supply → IGST; intra-state → CGST + SGST.
    #[column(generated = "supplier_state_code <> place_of_supply_state_code")]
    pub is_interstate: bool,
    #[column(default = "draft")]
    pub status: InvoiceStatus,
    #[column(numeric(12, 2), default = 0)]
    pub gross_amount: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub discount_amount: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub taxable_amount: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub cgst_amount: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub sgst_amount: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub igst_amount: Decimal,
    /// Rounding to the rupee, |round_off| < 1.
    #[column(numeric(6, 2), default = 0)]
    pub round_off: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub net_amount: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub patient_payable: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub payer_payable: Decimal,
    /// Maintained by the payment-allocation trigger.
    #[column(numeric(12, 2), default = 0)]
    pub amount_paid: Decimal,
    pub finalised_at: Option<Timestamp>,
    #[column(references = User)]
    pub finalised_by: Option<Uuid>,
    pub cancel_reason: Option<String>,
    /// Invoice Reference Number from the e-invoice portal (B2B).
    #[column(varchar = 64)]
    pub irn: Option<String>,
    /// Signed acknowledgement of the e-invoice portal.
    pub einvoice_ack: Option<Json>,
}

/// One charge of an invoice with its tax split (rates and amounts stored, never re-derived).
#[derive(Table)]
#[table(schema = "billing", name = "invoice_lines", tenant_scoped, compliance)]
#[unique(columns(tenant_id, invoice_id, line_no))]
#[index(columns(tenant_id, service_id))]
#[index(
    columns(tenant_id, source_type, source_id),
    unique,
    name = "invoice_lines_source_uidx",
    predicate = "source_id IS NOT NULL AND deleted_at IS NULL"
)]
#[check(name = "invoice_lines_line_no_positive", expr = "line_no > 0")]
#[check(name = "invoice_lines_quantity_positive", expr = "quantity > 0")]
#[check(
    name = "invoice_lines_amounts_nonnegative",
    expr = "unit_price >= 0 AND discount_amount >= 0 AND taxable_value >= 0 AND cgst_amount >= 0 AND sgst_amount >= 0 AND igst_amount >= 0 AND patient_share >= 0 AND payer_share >= 0"
)]
#[check(
    name = "invoice_lines_rates_range",
    expr = "gst_rate BETWEEN 0 AND 40 AND cgst_rate >= 0 AND sgst_rate >= 0 AND igst_rate >= 0"
)]
#[check(
    name = "invoice_lines_cgst_equals_sgst",
    expr = "cgst_rate = sgst_rate"
)]
#[check(
    name = "invoice_lines_tax_split",
    expr = "(cgst_rate + sgst_rate = gst_rate AND igst_rate = 0) OR (igst_rate = gst_rate AND cgst_rate = 0)"
)]
#[check(
    name = "invoice_lines_sac_xor_hsn",
    expr = "num_nonnulls(sac_code, hsn_code) = 1"
)]
#[check(name = "invoice_lines_sac_format", expr = "sac_code ~ '^99[0-9]{4}$'")]
#[check(
    name = "invoice_lines_hsn_format",
    expr = "hsn_code ~ '^[0-9]{4}([0-9]{2}){0,2}$'"
)]
#[check(
    name = "invoice_lines_total",
    expr = "line_total = taxable_value + cgst_amount + sgst_amount + igst_amount"
)]
#[check(
    name = "invoice_lines_share_split",
    expr = "patient_share + payer_share = line_total"
)]
#[check(
    name = "invoice_lines_source_complete",
    expr = "(source_type IS NULL) = (source_id IS NULL)"
)]
#[check(
    name = "invoice_lines_source_type_values",
    expr = "source_type IN ('lab_order_item', 'bed_day', 'med_admin', 'procedure', 'consultation', 'pharmacy_issue', 'package')"
)]
pub struct InvoiceLine {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    /// Cascades only for drafts: the immutability trigger forbids deleting finalised lines.
    #[column(references = Invoice, on_delete = "cascade")]
    pub invoice_id: Uuid,
    pub line_no: i32,
    #[column(references = ServiceCatalog)]
    pub service_id: Uuid,
    /// Text printed on the invoice.
    #[column(varchar = 300)]
    pub description: String,
    #[column(varchar = 6)]
    pub sac_code: Option<String>,
    #[column(varchar = 8)]
    pub hsn_code: Option<String>,
    pub service_date: Timestamp,
    #[column(numeric(12, 3))]
    pub quantity: Decimal,
    #[column(numeric(12, 2))]
    pub unit_price: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub discount_amount: Decimal,
    #[column(numeric(12, 2))]
    pub taxable_value: Decimal,
    #[column(numeric(5, 2))]
    pub gst_rate: Decimal,
    #[column(numeric(5, 2), default = 0)]
    pub cgst_rate: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub cgst_amount: Decimal,
    #[column(numeric(5, 2), default = 0)]
    pub sgst_rate: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub sgst_amount: Decimal,
    #[column(numeric(5, 2), default = 0)]
    pub igst_rate: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub igst_amount: Decimal,
    #[column(numeric(12, 2))]
    pub line_total: Decimal,
    #[column(numeric(12, 2))]
    pub patient_share: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub payer_share: Decimal,
    #[column(references = SchemePackage)]
    pub scheme_package_id: Option<Uuid>,
    /// Clinical event charged: lab_order_item, bed_day, med_admin, procedure …
    #[column(varchar = 30)]
    pub source_type: Option<String>,
    /// Id of the charged event; one live line per event (no double billing).
    pub source_id: Option<Uuid>,
    #[column(references = Practitioner)]
    pub ordering_practitioner_id: Option<Uuid>,
    /// Batch of a medicine or implant sold.
    #[column(varchar = 40)]
    pub batch_number: Option<String>,
    pub expiry_date: Option<NaiveDate>,
    /// Whether the line can be claimed from the payer (NHCX go-live; most lines can).
    #[column(default = true)]
    pub is_claimable: bool,
}

// ---- Collections -------------------------------------------------------------------------------

/// Money received (receipt): cash, card, UPI, NEFT, cheque, insurer or scheme settlement.
#[derive(Table)]
#[table(schema = "billing", name = "payments", tenant_scoped, compliance)]
#[unique(columns(tenant_id, fiscal_year, receipt_number))]
#[index(columns(tenant_id, patient_id, received_at(desc)))]
#[index(columns(tenant_id, facility_id, received_at))]
#[index(columns(tenant_id, received_at))]
#[index(columns(tenant_id, reference_number))]
#[check(name = "payments_amount_positive", expr = "amount > 0")]
#[check(
    name = "payments_cash_limit",
    expr = "payment_mode <> 'cash' OR amount < 200000"
)]
#[check(
    name = "payments_has_payer",
    expr = "num_nonnulls(patient_id, payer_id) >= 1"
)]
#[check(
    name = "payments_reference_required",
    expr = "payment_mode IN ('cash', 'deposit_adjustment') OR reference_number IS NOT NULL"
)]
#[check(
    name = "payments_fiscal_year_format",
    expr = "fiscal_year ~ '^[0-9]{4}-[0-9]{2}$'"
)]
#[check(
    name = "payments_settlement_from_payer",
    expr = "payment_mode NOT IN ('insurer_settlement', 'scheme_settlement') OR payer_id IS NOT NULL"
)]
pub struct Payment {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(varchar = 16)]
    pub receipt_number: String,
    #[column(varchar = 7)]
    pub fiscal_year: String,
    /// Collecting facility (cash counter reports, receipt series).
    #[column(references = Facility)]
    pub facility_id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Option<Uuid>,
    #[column(references = Payer)]
    pub payer_id: Option<Uuid>,
    pub received_at: Timestamp,
    #[column(numeric(12, 2))]
    pub amount: Decimal,
    pub payment_mode: PaymentMode,
    /// UPI UTR/RRN, card auth code, cheque or NEFT reference.
    #[column(varchar = 64)]
    pub reference_number: Option<String>,
    #[column(varchar = 100)]
    pub bank_name: Option<String>,
    #[column(default = "cleared")]
    pub status: PaymentStatus,
    #[column(references = User)]
    pub received_by: Uuid,
    /// Cashier shift / till session (no table yet).
    pub cash_session_id: Option<Uuid>,
}

/// How a receipt is applied to invoices (many-to-many). A trigger keeps the sum within the
/// payment amount and maintains invoices.amount_paid.
#[derive(Table)]
#[table(
    schema = "billing",
    name = "payment_allocations",
    tenant_scoped,
    compliance
)]
#[index(
    columns(tenant_id, payment_id, invoice_id),
    unique,
    predicate = "deleted_at IS NULL"
)]
#[check(name = "payment_allocations_amount_positive", expr = "amount > 0")]
pub struct PaymentAllocation {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Payment)]
    pub payment_id: Uuid,
    #[column(references = Invoice)]
    pub invoice_id: Uuid,
    #[column(numeric(12, 2))]
    pub amount: Decimal,
    #[column(default_sql = "now()")]
    pub allocated_at: Timestamp,
}

/// Advance collected at admission or before a procedure, adjusted against the final bill.
#[derive(Table)]
#[table(schema = "billing", name = "deposits", tenant_scoped, compliance)]
#[unique(columns(tenant_id, deposit_number))]
#[index(
    columns(tenant_id, payment_id),
    unique,
    predicate = "deleted_at IS NULL"
)]
#[index(
    columns(tenant_id, patient_id),
    name = "deposits_open_balance_idx",
    predicate = "balance > 0 AND deleted_at IS NULL"
)]
#[check(name = "deposits_amount_positive", expr = "amount > 0")]
#[check(
    name = "deposits_used_within_amount",
    expr = "adjusted_amount >= 0 AND refunded_amount >= 0 AND adjusted_amount + refunded_amount <= amount"
)]
#[check(
    name = "deposits_status_consistent",
    expr = "(status <> 'held' OR adjusted_amount + refunded_amount = 0) AND (status NOT IN ('adjusted', 'refunded') OR adjusted_amount + refunded_amount = amount)"
)]
pub struct Deposit {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(varchar = 16)]
    pub deposit_number: String,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = Admission)]
    pub admission_id: Option<Uuid>,
    /// The receipt that collected the advance.
    #[column(references = Payment)]
    pub payment_id: Uuid,
    #[column(numeric(12, 2))]
    pub amount: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub adjusted_amount: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub refunded_amount: Decimal,
    /// Unused advance.
    #[column(
        numeric(12, 2),
        generated = "amount - adjusted_amount - refunded_amount"
    )]
    pub balance: Decimal,
    #[column(default = "held")]
    pub status: DepositStatus,
}

/// Money returned to a patient (excess deposit, cancelled service); maker-checker approval.
#[derive(Table)]
#[table(schema = "billing", name = "refunds", tenant_scoped, compliance)]
#[unique(columns(tenant_id, refund_number))]
#[index(columns(tenant_id, patient_id))]
#[check(name = "refunds_amount_positive", expr = "amount > 0")]
#[check(
    name = "refunds_has_source",
    expr = "num_nonnulls(payment_id, deposit_id) >= 1"
)]
#[check(
    name = "refunds_maker_checker",
    expr = "approved_by IS NULL OR approved_by IS DISTINCT FROM created_by"
)]
#[check(
    name = "refunds_approved_complete",
    expr = "status NOT IN ('approved', 'paid') OR (approved_by IS NOT NULL AND approved_at IS NOT NULL)"
)]
#[check(
    name = "refunds_paid_complete",
    expr = "status <> 'paid' OR (paid_at IS NOT NULL AND (refund_mode = 'cash' OR reference_number IS NOT NULL))"
)]
#[check(
    name = "refunds_mode_to_patient",
    expr = "refund_mode NOT IN ('insurer_settlement', 'scheme_settlement', 'deposit_adjustment')"
)]
pub struct Refund {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(varchar = 16)]
    pub refund_number: String,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = Payment)]
    pub payment_id: Option<Uuid>,
    #[column(references = Deposit)]
    pub deposit_id: Option<Uuid>,
    #[column(references = Invoice)]
    pub invoice_id: Option<Uuid>,
    #[column(numeric(12, 2))]
    pub amount: Decimal,
    pub reason: String,
    pub refund_mode: PaymentMode,
    #[column(default = "requested")]
    pub status: RefundStatus,
    /// Checker; must differ from the maker (created_by).
    #[column(references = User)]
    pub approved_by: Option<Uuid>,
    pub approved_at: Option<Timestamp>,
    pub paid_at: Option<Timestamp>,
    /// UTR / cheque number of the payout.
    #[column(varchar = 64)]
    pub reference_number: Option<String>,
}

/// GST credit note reducing a finalised invoice (disallowance, price correction, cancelled
/// service). A trigger keeps total credits within the invoice net amount.
#[derive(Table)]
#[table(schema = "billing", name = "credit_notes", tenant_scoped, compliance)]
#[unique(columns(tenant_id, fiscal_year, credit_note_number))]
#[index(columns(tenant_id, invoice_id))]
#[check(
    name = "credit_notes_number_format",
    expr = "credit_note_number ~ '^[A-Za-z0-9/-]{1,16}$'"
)]
#[check(
    name = "credit_notes_fiscal_year_format",
    expr = "fiscal_year ~ '^[0-9]{4}-[0-9]{2}$'"
)]
#[check(
    name = "credit_notes_total",
    expr = "total_amount = taxable_amount + cgst_amount + sgst_amount + igst_amount"
)]
#[check(name = "credit_notes_total_positive", expr = "total_amount > 0")]
#[check(
    name = "credit_notes_amounts_nonnegative",
    expr = "taxable_amount >= 0 AND cgst_amount >= 0 AND sgst_amount >= 0 AND igst_amount >= 0"
)]
#[check(
    name = "credit_notes_lines_array",
    expr = "jsonb_typeof(lines) = 'array'"
)]
#[check(
    name = "credit_notes_status_values",
    expr = "status IN ('draft', 'issued', 'cancelled')"
)]
pub struct CreditNote {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(varchar = 16)]
    pub credit_note_number: String,
    #[column(varchar = 7)]
    pub fiscal_year: String,
    #[column(references = Invoice)]
    pub invoice_id: Uuid,
    pub issue_date: NaiveDate,
    pub reason: CreditNoteReason,
    #[column(numeric(12, 2))]
    pub taxable_amount: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub cgst_amount: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub sgst_amount: Decimal,
    #[column(numeric(12, 2), default = 0)]
    pub igst_amount: Decimal,
    #[column(numeric(12, 2))]
    pub total_amount: Decimal,
    /// Invoice lines credited with their amounts: [{invoice_line_id, taxable, cgst, …}].
    pub lines: Json,
    /// draft, issued or cancelled.
    #[column(varchar = 10, default = "draft")]
    pub status: String,
}

// ---- Insurance, pre-authorisation and claims ----------------------------------------------------

/// A patient's coverage: private insurance (often via a TPA), corporate group policy or
/// scheme beneficiary card.
#[derive(Table)]
#[table(
    schema = "billing",
    name = "insurance_policies",
    tenant_scoped,
    compliance
)]
#[index(
    columns(tenant_id, insurer_id, policy_number, member_id, valid_from),
    unique,
    nulls_not_distinct,
    name = "insurance_policies_member_period_uidx",
    predicate = "deleted_at IS NULL"
)]
#[index(columns(tenant_id, patient_id))]
#[check(
    name = "insurance_policies_valid_window",
    expr = "valid_to >= valid_from"
)]
#[check(
    name = "insurance_policies_co_pay_range",
    expr = "co_pay_pct BETWEEN 0 AND 100"
)]
#[check(
    name = "insurance_policies_limits_nonnegative",
    expr = "(sum_insured IS NULL OR sum_insured >= 0) AND (room_rent_limit IS NULL OR room_rent_limit >= 0)"
)]
#[check(
    name = "insurance_policies_tpa_not_insurer",
    expr = "tpa_id <> insurer_id"
)]
#[check(
    name = "insurance_policies_coverage_type_values",
    expr = "coverage_type IN ('individual', 'family_floater', 'group', 'scheme')"
)]
#[check(
    name = "insurance_policies_relationship_values",
    expr = "relationship_to_holder IN ('self', 'spouse', 'child', 'parent', 'parent_in_law', 'sibling', 'other')"
)]
pub struct InsurancePolicy {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    /// Insurer (or scheme body) carrying the risk.
    #[column(references = Payer)]
    pub insurer_id: Uuid,
    /// Third-party administrator handling the claims, if any.
    #[column(references = Payer)]
    pub tpa_id: Option<Uuid>,
    #[column(references = Scheme)]
    pub scheme_id: Option<Uuid>,
    #[column(varchar = 60)]
    pub policy_number: String,
    /// Member / beneficiary id on the card (PM-JAY id, TPA card number).
    #[column(varchar = 60)]
    pub member_id: Option<String>,
    #[column(varchar = 200)]
    pub policy_holder_name: Option<String>,
    /// self, spouse, child, parent, parent_in_law, sibling or other.
    #[column(varchar = 20)]
    pub relationship_to_holder: Option<String>,
    /// individual, family_floater, group or scheme.
    #[column(varchar = 20)]
    pub coverage_type: String,
    #[column(numeric(12, 2))]
    pub sum_insured: Option<Decimal>,
    /// Per-day room-rent cap; exceeding it triggers proportionate deduction.
    #[column(numeric(12, 2))]
    pub room_rent_limit: Option<Decimal>,
    #[column(numeric(5, 2))]
    pub co_pay_pct: Option<Decimal>,
    /// Policy period (a renewal is a new row).
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    #[column(varchar = 200)]
    pub corporate_name: Option<String>,
    #[column(default = true)]
    pub is_primary: bool,
    pub verified_at: Option<Timestamp>,
    /// Last NHCX CoverageEligibilityResponse.
    pub eligibility_response: Option<Json>,
}

/// Cashless pre-authorisation request and its enhancements / final discharge approval.
#[derive(Table)]
#[table(
    schema = "billing",
    name = "pre_authorizations",
    tenant_scoped,
    compliance
)]
#[unique(columns(tenant_id, preauth_number))]
#[index(
    columns(tenant_id, nhcx_correlation_id),
    unique,
    predicate = "nhcx_correlation_id IS NOT NULL"
)]
#[index(
    columns(tenant_id, status, submitted_at),
    name = "pre_authorizations_sla_idx",
    predicate = "status IN ('submitted', 'query_raised')"
)]
#[check(
    name = "pre_authorizations_approved_within_requested",
    expr = "approved_amount IS NULL OR approved_amount <= requested_amount"
)]
#[check(
    name = "pre_authorizations_parent_iff_follow_up",
    expr = "(request_type = 'initial') = (parent_preauth_id IS NULL)"
)]
#[check(
    name = "pre_authorizations_not_own_parent",
    expr = "parent_preauth_id <> id"
)]
#[check(
    name = "pre_authorizations_has_coverage",
    expr = "num_nonnulls(policy_id, scheme_package_id) >= 1"
)]
#[check(
    name = "pre_authorizations_approved_nonnegative",
    expr = "approved_amount IS NULL OR approved_amount >= 0"
)]
#[check(
    name = "pre_authorizations_requested_positive",
    expr = "requested_amount > 0"
)]
#[check(
    name = "pre_authorizations_submitted_has_time",
    expr = "status IN ('draft', 'cancelled') OR submitted_at IS NOT NULL"
)]
#[check(
    name = "pre_authorizations_approved_has_amount",
    expr = "status NOT IN ('approved', 'partially_approved') OR approved_amount IS NOT NULL"
)]
#[check(
    name = "pre_authorizations_responded_after_submitted",
    expr = "responded_at IS NULL OR responded_at >= submitted_at"
)]
#[check(
    name = "pre_authorizations_icd10_format",
    expr = "diagnosis_icd10 ~ '^[A-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?$'"
)]
#[check(
    name = "pre_authorizations_los_positive",
    expr = "expected_los_days IS NULL OR expected_los_days > 0"
)]
pub struct PreAuthorization {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(varchar = 30)]
    pub preauth_number: String,
    /// Insurer / TPA / scheme TMS reference.
    #[column(varchar = 60)]
    pub payer_reference: Option<String>,
    pub request_type: PreauthRequestType,
    /// The initial request this enhancement / final approval belongs to.
    #[column(references = PreAuthorization)]
    pub parent_preauth_id: Option<Uuid>,
    #[column(references = Admission)]
    pub admission_id: Uuid,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    /// Insurer, TPA or scheme body the request goes to.
    #[column(references = Payer)]
    pub payer_id: Uuid,
    #[column(references = InsurancePolicy)]
    pub policy_id: Option<Uuid>,
    #[column(references = SchemePackage)]
    pub scheme_package_id: Option<Uuid>,
    #[column(varchar = 8)]
    pub diagnosis_icd10: Option<String>,
    pub planned_procedure: Option<String>,
    pub expected_los_days: Option<i16>,
    #[column(numeric(12, 2))]
    pub requested_amount: Decimal,
    #[column(numeric(12, 2))]
    pub approved_amount: Option<Decimal>,
    #[column(default = "draft")]
    pub status: PreauthStatus,
    pub submitted_at: Option<Timestamp>,
    pub responded_at: Option<Timestamp>,
    pub expires_at: Option<Timestamp>,
    pub nhcx_correlation_id: Option<Uuid>,
    pub nhcx_workflow_id: Option<Uuid>,
    /// FHIR Claim with use = preauthorization.
    pub fhir_bundle: Option<Json>,
}

/// Claim to an insurer, TPA or scheme, exchanged over NHCX (HCX protocol) or a scheme portal.
#[derive(Table)]
#[table(
    schema = "billing",
    name = "insurance_claims",
    tenant_scoped,
    compliance
)]
#[unique(columns(tenant_id, claim_number))]
#[index(
    columns(tenant_id, nhcx_correlation_id),
    unique,
    predicate = "nhcx_correlation_id IS NOT NULL"
)]
#[index(columns(tenant_id, status, submitted_at))]
#[index(columns(tenant_id, payer_id, status))]
#[index(columns(tenant_id, pre_authorization_id))]
#[check(
    name = "insurance_claims_amounts_nonnegative",
    expr = "claimed_amount > 0 AND (approved_amount IS NULL OR approved_amount >= 0) AND (disallowed_amount IS NULL OR disallowed_amount >= 0) AND (co_pay_amount IS NULL OR co_pay_amount >= 0) AND (tds_amount IS NULL OR tds_amount >= 0) AND (settled_amount IS NULL OR settled_amount >= 0)"
)]
#[check(
    name = "insurance_claims_approved_within_claimed",
    expr = "approved_amount IS NULL OR approved_amount <= claimed_amount"
)]
#[check(
    name = "insurance_claims_settled_within_approved",
    expr = "settled_amount IS NULL OR (approved_amount IS NOT NULL AND settled_amount <= approved_amount)"
)]
#[check(
    name = "insurance_claims_cashless_has_preauth",
    expr = "claim_type <> 'cashless' OR pre_authorization_id IS NOT NULL"
)]
#[check(
    name = "insurance_claims_scheme_has_scheme",
    expr = "claim_type <> 'scheme' OR scheme_id IS NOT NULL"
)]
#[check(
    name = "insurance_claims_has_coverage",
    expr = "num_nonnulls(policy_id, scheme_id) >= 1"
)]
#[check(
    name = "insurance_claims_settled_complete",
    expr = "status <> 'settled' OR (settled_at IS NOT NULL AND settlement_utr IS NOT NULL)"
)]
#[check(
    name = "insurance_claims_rejection_reason",
    expr = "status <> 'rejected' OR rejection_reason IS NOT NULL"
)]
pub struct InsuranceClaim {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(varchar = 30)]
    pub claim_number: String,
    pub claim_type: ClaimType,
    #[column(references = Patient)]
    pub patient_id: Uuid,
    #[column(references = Admission)]
    pub admission_id: Option<Uuid>,
    #[column(references = Invoice)]
    pub invoice_id: Uuid,
    #[column(references = InsurancePolicy)]
    pub policy_id: Option<Uuid>,
    #[column(references = Scheme)]
    pub scheme_id: Option<Uuid>,
    #[column(references = Payer)]
    pub payer_id: Uuid,
    #[column(references = PreAuthorization)]
    pub pre_authorization_id: Option<Uuid>,
    #[column(numeric(12, 2))]
    pub claimed_amount: Decimal,
    #[column(numeric(12, 2))]
    pub approved_amount: Option<Decimal>,
    #[column(numeric(12, 2))]
    pub disallowed_amount: Option<Decimal>,
    #[column(numeric(12, 2))]
    pub co_pay_amount: Option<Decimal>,
    /// Income tax deducted at source by the payer.
    #[column(numeric(12, 2))]
    pub tds_amount: Option<Decimal>,
    #[column(numeric(12, 2))]
    pub settled_amount: Option<Decimal>,
    #[column(default = "draft")]
    pub status: ClaimStatus,
    /// Last x-hcx-status seen for the claim.
    pub nhcx_status: Option<NhcxStatus>,
    pub nhcx_api_call_id: Option<Uuid>,
    pub nhcx_correlation_id: Option<Uuid>,
    pub nhcx_workflow_id: Option<Uuid>,
    pub submitted_at: Option<Timestamp>,
    pub settled_at: Option<Timestamp>,
    /// Bank UTR of the settlement transfer.
    #[column(varchar = 40)]
    pub settlement_utr: Option<String>,
    pub rejection_reason: Option<String>,
    /// FHIR Claim sent.
    pub fhir_claim: Option<Json>,
    /// Last FHIR ClaimResponse received.
    pub fhir_claim_response: Option<Json>,
    /// The pre-authorisation the payer finally approved at discharge (NHCX go-live).
    #[column(references = PreAuthorization)]
    pub final_preauth_id: Option<Uuid>,
}

/// Claimed line with the payer's adjudication.
#[derive(Table)]
#[table(schema = "billing", name = "claim_items", tenant_scoped, compliance)]
#[unique(columns(tenant_id, claim_id, line_no))]
#[check(name = "claim_items_line_no_positive", expr = "line_no > 0")]
#[check(name = "claim_items_quantity_positive", expr = "quantity > 0")]
#[check(
    name = "claim_items_amounts_nonnegative",
    expr = "claimed_amount >= 0 AND (approved_amount IS NULL OR approved_amount >= 0) AND (disallowed_amount IS NULL OR disallowed_amount >= 0)"
)]
#[check(
    name = "claim_items_approved_within_claimed",
    expr = "approved_amount IS NULL OR approved_amount <= claimed_amount"
)]
#[check(
    name = "claim_items_disallowed_within_claimed",
    expr = "disallowed_amount IS NULL OR disallowed_amount <= claimed_amount"
)]
#[check(
    name = "claim_items_disallowance_reason",
    expr = "coalesce(disallowed_amount, 0) = 0 OR disallowance_reason_code IS NOT NULL"
)]
pub struct ClaimItem {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = InsuranceClaim, on_delete = "cascade")]
    pub claim_id: Uuid,
    pub line_no: i32,
    #[column(references = InvoiceLine)]
    pub invoice_line_id: Option<Uuid>,
    #[column(varchar = 30)]
    pub service_code: Option<String>,
    /// Scheme package code (PM-JAY HBP).
    #[column(varchar = 20)]
    pub package_code: Option<String>,
    #[column(varchar = 300)]
    pub description: String,
    #[column(numeric(12, 3))]
    pub quantity: Decimal,
    #[column(numeric(12, 2))]
    pub claimed_amount: Decimal,
    #[column(numeric(12, 2))]
    pub approved_amount: Option<Decimal>,
    #[column(numeric(12, 2))]
    pub disallowed_amount: Option<Decimal>,
    #[column(varchar = 20)]
    pub disallowance_reason_code: Option<String>,
    /// FHIR ClaimResponse.item.adjudication.
    pub adjudication: Option<Json>,
}

/// Protocol / state history of claims and pre-authorisations (NHCX messages, portal updates,
/// queries). Append-only.
#[derive(Table)]
#[table(schema = "billing", name = "claim_events", tenant_scoped, compliance)]
#[index(
    columns(tenant_id, hcx_api_call_id),
    unique,
    predicate = "hcx_api_call_id IS NOT NULL"
)]
#[index(columns(tenant_id, claim_id, occurred_at))]
#[index(columns(tenant_id, pre_authorization_id, occurred_at))]
#[index(columns(hcx_correlation_id))]
#[index(
    columns(hcx_correlation_id, occurred_at),
    name = "claim_events_corr_idx"
)]
#[check(
    name = "claim_events_one_subject",
    expr = "num_nonnulls(claim_id, pre_authorization_id) = 1"
)]
#[check(
    name = "claim_events_direction_values",
    expr = "direction IN ('outbound', 'inbound')"
)]
pub struct ClaimEvent {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = InsuranceClaim)]
    pub claim_id: Option<Uuid>,
    #[column(references = PreAuthorization)]
    pub pre_authorization_id: Option<Uuid>,
    /// submitted, communication_request, communication_response, claim_response,
    /// payment_notice, status_check …
    #[column(varchar = 40)]
    pub event_type: String,
    /// outbound or inbound.
    #[column(varchar = 8)]
    pub direction: String,
    #[column(varchar = 30)]
    pub from_status: Option<String>,
    #[column(varchar = 30)]
    pub to_status: Option<String>,
    /// x-hcx-api_call_id of the message; a repeated callback is ignored.
    pub hcx_api_call_id: Option<Uuid>,
    pub hcx_correlation_id: Option<Uuid>,
    pub hcx_status: Option<NhcxStatus>,
    /// Encrypted (JWE) payload in object storage.
    #[column(varchar = 500)]
    pub payload_ref: Option<String>,
    #[column(default_sql = "now()")]
    pub occurred_at: Timestamp,
}

/// Query, response and document requests exchanged with a payer about a claim or a
/// pre-authorisation (NHCX Communication messages).
#[derive(Table)]
#[table(
    schema = "billing",
    name = "claim_communications",
    tenant_scoped,
    compliance
)]
#[index(
    columns(tenant_id, hcx_api_call_id),
    unique,
    predicate = "hcx_api_call_id IS NOT NULL"
)]
#[check(
    name = "claim_communications_one_subject",
    expr = "num_nonnulls(claim_id, pre_authorization_id) = 1"
)]
#[check(
    name = "claim_communications_direction_values",
    expr = "direction IN ('inbound', 'outbound')"
)]
#[check(
    name = "claim_communications_type_values",
    expr = "communication_type IN ('query', 'response', 'document_request')"
)]
pub struct ClaimCommunication {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(references = InsuranceClaim)]
    pub claim_id: Option<Uuid>,
    #[column(references = PreAuthorization)]
    pub pre_authorization_id: Option<Uuid>,
    /// inbound or outbound.
    #[column(varchar = 8)]
    pub direction: String,
    /// query, response or document_request.
    #[column(varchar = 30)]
    pub communication_type: String,
    pub message: String,
    /// core.documents attached to the message.
    #[column(default_sql = "'{}'::uuid[]")]
    pub document_ids: Vec<Uuid>,
    pub due_at: Option<Timestamp>,
    pub responded_at: Option<Timestamp>,
    /// x-hcx-api_call_id of the NHCX message.
    pub hcx_api_call_id: Option<Uuid>,
}
