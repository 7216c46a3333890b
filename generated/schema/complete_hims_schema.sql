-- complete_hims_schema.sql
-- GENERATED FILE: do not edit. Source: the Rust definitions in schema-defs/.
-- Regenerate with `cargo xtask baseline`; `cargo xtask check` fails when this file is stale.
--
-- Idempotent: every statement checks for its object first, so running the script
-- again changes nothing. No BEGIN/COMMIT: Flyway runs each migration in a transaction.
-- Contents: 5 schemas, 95 enum types, 93 tables, 329 indexes,
-- 19 functions, 7 views.

-- ==== Extensions ====

CREATE EXTENSION IF NOT EXISTS "btree_gist";
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- ==== Roles ====

DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'hims_abdm_worker') THEN
        CREATE ROLE "hims_abdm_worker" LOGIN NOBYPASSRLS;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- created concurrently: roles are shared by every database of the cluster
END
$hims$;
COMMENT ON ROLE "hims_abdm_worker" IS 'ABDM gateway worker: abdm DML; records gateway messages before their tenant is known.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'hims_app') THEN
        CREATE ROLE "hims_app" LOGIN NOBYPASSRLS;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- created concurrently: roles are shared by every database of the cluster
END
$hims$;
COMMENT ON ROLE "hims_app" IS 'The application: DML only, always subject to row-level security.';
ALTER ROLE "hims_app" SET "idle_in_transaction_session_timeout" = '60s';
ALTER ROLE "hims_app" SET "statement_timeout" = '30s';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'hims_auditor') THEN
        CREATE ROLE "hims_auditor" LOGIN NOBYPASSRLS;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- created concurrently: roles are shared by every database of the cluster
END
$hims$;
COMMENT ON ROLE "hims_auditor" IS 'Reads the audit log of its tenant.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'hims_migrator') THEN
        CREATE ROLE "hims_migrator" LOGIN NOBYPASSRLS;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- created concurrently: roles are shared by every database of the cluster
END
$hims$;
COMMENT ON ROLE "hims_migrator" IS 'Flyway logs in as this role and runs SET ROLE hims_owner.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'hims_owner') THEN
        CREATE ROLE "hims_owner" NOLOGIN BYPASSRLS;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- created concurrently: roles are shared by every database of the cluster
END
$hims$;
COMMENT ON ROLE "hims_owner" IS 'Owns every object; BYPASSRLS so migrations and backfills see all tenants.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'hims_readonly') THEN
        CREATE ROLE "hims_readonly" LOGIN NOBYPASSRLS;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- created concurrently: roles are shared by every database of the cluster
END
$hims$;
COMMENT ON ROLE "hims_readonly" IS 'Reporting: SELECT only, still subject to row-level security; its sessions are read-only by default.';
ALTER ROLE "hims_readonly" SET "default_transaction_read_only" = 'on';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members am JOIN pg_catalog.pg_roles g ON g.oid = am.roleid JOIN pg_catalog.pg_roles u ON u.oid = am.member WHERE g.rolname = 'hims_owner' AND u.rolname = 'hims_migrator') THEN
        GRANT "hims_owner" TO "hims_migrator";
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL; -- created concurrently: roles are shared by every database of the cluster
END
$hims$;

-- ==== Schemas ====

CREATE SCHEMA IF NOT EXISTS "abdm";
COMMENT ON SCHEMA "abdm" IS 'Ayushman Bharat Digital Mission: ABHA linkage, care contexts, consent and health-information exchange';
CREATE SCHEMA IF NOT EXISTS "billing";
COMMENT ON SCHEMA "billing" IS 'Tariffs, GST invoicing, collections, insurance, schemes and claims';
CREATE SCHEMA IF NOT EXISTS "clinical";
COMMENT ON SCHEMA "clinical" IS 'Encounters, scheduling, inpatient flow, orders and the clinical record';
CREATE SCHEMA IF NOT EXISTS "core";
COMMENT ON SCHEMA "core" IS 'Identity, tenancy, people, terminology, configuration and audit';
CREATE SCHEMA IF NOT EXISTS "laboratory";
COMMENT ON SCHEMA "laboratory" IS 'LIS: test catalog, orders, specimens, results, verification, reports, analyzers, QC and accreditation';

-- ==== Enum types ====

DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'abdm' AND t.typname = 'access_mode') THEN
        CREATE TYPE "abdm"."access_mode" AS ENUM ('VIEW', 'STORE', 'QUERY', 'STREAM');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'abdm' AND t.typname = 'consent_purpose') THEN
        CREATE TYPE "abdm"."consent_purpose" AS ENUM ('CAREMGT', 'BTG', 'PUBHLTH', 'HPAYMT', 'DSRCH', 'PATRQT');
    END IF;
END
$hims$;
COMMENT ON TYPE "abdm"."consent_purpose" IS 'Consent purpose codes of the ABDM consent manager (gateway literals, case-sensitive).';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'abdm' AND t.typname = 'consent_request_status') THEN
        CREATE TYPE "abdm"."consent_request_status" AS ENUM ('draft', 'requested', 'granted', 'denied', 'expired', 'revoked', 'error');
    END IF;
END
$hims$;
COMMENT ON TYPE "abdm"."consent_request_status" IS 'Local lifecycle of an HIU consent request.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'abdm' AND t.typname = 'consent_status') THEN
        CREATE TYPE "abdm"."consent_status" AS ENUM ('GRANTED', 'DENIED', 'REVOKED', 'EXPIRED');
    END IF;
END
$hims$;
COMMENT ON TYPE "abdm"."consent_status" IS 'Consent artefact status as notified by the consent manager (gateway literals).';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'abdm' AND t.typname = 'environment') THEN
        CREATE TYPE "abdm"."environment" AS ENUM ('sandbox', 'production');
    END IF;
END
$hims$;
COMMENT ON TYPE "abdm"."environment" IS 'ABDM environment a bridge is registered in (X-CM-ID `sbx` or `abdm`).';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'abdm' AND t.typname = 'exchange_role') THEN
        CREATE TYPE "abdm"."exchange_role" AS ENUM ('hip', 'hiu');
    END IF;
END
$hims$;
COMMENT ON TYPE "abdm"."exchange_role" IS 'Which side of the exchange this row records: Health Information Provider or User.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'abdm' AND t.typname = 'frequency_unit') THEN
        CREATE TYPE "abdm"."frequency_unit" AS ENUM ('HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'abdm' AND t.typname = 'hi_request_status') THEN
        CREATE TYPE "abdm"."hi_request_status" AS ENUM ('requested', 'acknowledged', 'processing', 'transferred', 'partially_transferred', 'failed', 'expired');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'abdm' AND t.typname = 'hi_type') THEN
        CREATE TYPE "abdm"."hi_type" AS ENUM ('OPConsultation', 'Prescription', 'DischargeSummary', 'DiagnosticReport', 'ImmunizationRecord', 'HealthDocumentRecord', 'WellnessRecord', 'Invoice');
    END IF;
END
$hims$;
COMMENT ON TYPE "abdm"."hi_type" IS 'Health-information types (FHIR document profiles of the ABDM implementation guide).';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'abdm' AND t.typname = 'link_request_status') THEN
        CREATE TYPE "abdm"."link_request_status" AS ENUM ('discovered', 'otp_sent', 'confirmed', 'failed', 'expired');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'abdm' AND t.typname = 'link_status') THEN
        CREATE TYPE "abdm"."link_status" AS ENUM ('not_linked', 'link_requested', 'linked', 'link_failed', 'unlinked');
    END IF;
END
$hims$;
COMMENT ON TYPE "abdm"."link_status" IS E'Linking state of a care context with the patient\'s ABHA.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'abdm' AND t.typname = 'message_direction') THEN
        CREATE TYPE "abdm"."message_direction" AS ENUM ('outbound_request', 'outbound_response', 'inbound_request', 'inbound_callback', 'inbound_notification');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'abdm' AND t.typname = 'processing_status') THEN
        CREATE TYPE "abdm"."processing_status" AS ENUM ('received', 'processing', 'processed', 'failed', 'duplicate', 'ignored');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'abdm' AND t.typname = 'token_status') THEN
        CREATE TYPE "abdm"."token_status" AS ENUM ('issued', 'called', 'registered', 'expired', 'cancelled');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'abdm' AND t.typname = 'transfer_status') THEN
        CREATE TYPE "abdm"."transfer_status" AS ENUM ('pending', 'pushed', 'acknowledged', 'failed', 'abandoned');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'abdm' AND t.typname = 'verification_method') THEN
        CREATE TYPE "abdm"."verification_method" AS ENUM ('aadhaar_otp', 'aadhaar_biometric', 'mobile_otp', 'password', 'demographics', 'scan_share', 'face_auth');
    END IF;
END
$hims$;
COMMENT ON TYPE "abdm"."verification_method" IS 'How an ABHA was verified when it was linked to the local patient.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'billing' AND t.typname = 'claim_status') THEN
        CREATE TYPE "billing"."claim_status" AS ENUM ('draft', 'submitted', 'acknowledged', 'query_raised', 'query_answered', 'query_escalated', 'under_review', 'approved', 'partially_approved', 'rejected', 'settled', 'closed', 'cancelled');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'billing' AND t.typname = 'claim_type') THEN
        CREATE TYPE "billing"."claim_type" AS ENUM ('cashless', 'reimbursement', 'scheme');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'billing' AND t.typname = 'credit_note_reason') THEN
        CREATE TYPE "billing"."credit_note_reason" AS ENUM ('price_correction', 'service_not_rendered', 'post_sale_discount', 'payer_disallowance', 'cancellation');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'billing' AND t.typname = 'deposit_status') THEN
        CREATE TYPE "billing"."deposit_status" AS ENUM ('held', 'partially_adjusted', 'adjusted', 'refunded');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'billing' AND t.typname = 'invoice_status') THEN
        CREATE TYPE "billing"."invoice_status" AS ENUM ('draft', 'finalised', 'partially_paid', 'paid', 'cancelled', 'written_off');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'billing' AND t.typname = 'invoice_type') THEN
        CREATE TYPE "billing"."invoice_type" AS ENUM ('opd', 'ipd_interim', 'ipd_final', 'daycare', 'pharmacy', 'lab', 'package');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'billing' AND t.typname = 'nhcx_status') THEN
        CREATE TYPE "billing"."nhcx_status" AS ENUM ('request.queued', 'request.dispatched', 'request.error', 'response.complete', 'response.partial', 'response.error');
    END IF;
END
$hims$;
COMMENT ON TYPE "billing"."nhcx_status" IS 'x-hcx-status values of the HCX protocol (NHCX); literal, with dots.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'billing' AND t.typname = 'payer_category') THEN
        CREATE TYPE "billing"."payer_category" AS ENUM ('self_pay', 'insurance', 'government_scheme', 'corporate', 'charity');
    END IF;
END
$hims$;
COMMENT ON TYPE "billing"."payer_category" IS 'Who is expected to pay for an encounter.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'billing' AND t.typname = 'payer_type') THEN
        CREATE TYPE "billing"."payer_type" AS ENUM ('insurer', 'tpa', 'government_scheme', 'corporate', 'psu', 'trust');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'billing' AND t.typname = 'payment_mode') THEN
        CREATE TYPE "billing"."payment_mode" AS ENUM ('cash', 'card', 'upi', 'netbanking', 'neft_rtgs', 'cheque', 'demand_draft', 'wallet', 'insurer_settlement', 'scheme_settlement', 'deposit_adjustment');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'billing' AND t.typname = 'payment_status') THEN
        CREATE TYPE "billing"."payment_status" AS ENUM ('pending', 'cleared', 'bounced', 'cancelled');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'billing' AND t.typname = 'preauth_request_type') THEN
        CREATE TYPE "billing"."preauth_request_type" AS ENUM ('initial', 'enhancement', 'final_discharge');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'billing' AND t.typname = 'preauth_status') THEN
        CREATE TYPE "billing"."preauth_status" AS ENUM ('draft', 'submitted', 'query_raised', 'query_answered', 'approved', 'partially_approved', 'rejected', 'cancelled', 'expired');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'billing' AND t.typname = 'refund_status') THEN
        CREATE TYPE "billing"."refund_status" AS ENUM ('requested', 'approved', 'rejected', 'paid');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'billing' AND t.typname = 'scheme_code') THEN
        CREATE TYPE "billing"."scheme_code" AS ENUM ('pmjay', 'cghs', 'echs', 'esic', 'state_scheme', 'other');
    END IF;
END
$hims$;
COMMENT ON TYPE "billing"."scheme_code" IS 'Government schemes; the many state schemes use state_scheme (or other) plus a name.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'billing' AND t.typname = 'service_type') THEN
        CREATE TYPE "billing"."service_type" AS ENUM ('consultation', 'room_rent', 'nursing', 'procedure', 'surgery', 'lab_investigation', 'radiology', 'pharmacy', 'consumable', 'implant', 'package', 'administrative', 'other');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'administration_status') THEN
        CREATE TYPE "clinical"."administration_status" AS ENUM ('scheduled', 'given', 'held', 'refused', 'missed', 'not_given', 'entered_in_error');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'admission_status') THEN
        CREATE TYPE "clinical"."admission_status" AS ENUM ('admitted', 'discharge_initiated', 'discharged', 'cancelled');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'admission_type') THEN
        CREATE TYPE "clinical"."admission_type" AS ENUM ('emergency', 'elective', 'transfer_in', 'daycare', 'maternity');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'allergy_category') THEN
        CREATE TYPE "clinical"."allergy_category" AS ENUM ('medication', 'food', 'environment', 'biologic');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'anaesthesia_type') THEN
        CREATE TYPE "clinical"."anaesthesia_type" AS ENUM ('general', 'spinal', 'epidural', 'combined_spinal_epidural', 'regional_block', 'local', 'sedation', 'none');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'appointment_status') THEN
        CREATE TYPE "clinical"."appointment_status" AS ENUM ('booked', 'confirmed', 'checked_in', 'in_consultation', 'completed', 'cancelled', 'no_show', 'rescheduled');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'bed_move_reason') THEN
        CREATE TYPE "clinical"."bed_move_reason" AS ENUM ('admission', 'transfer', 'upgrade', 'downgrade', 'icu_shift', 'isolation');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'bed_status') THEN
        CREATE TYPE "clinical"."bed_status" AS ENUM ('available', 'occupied', 'reserved', 'cleaning', 'maintenance', 'blocked');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'booking_channel') THEN
        CREATE TYPE "clinical"."booking_channel" AS ENUM ('walk_in', 'phone', 'call_centre', 'web', 'mobile_app', 'abdm_scan_share', 'referral');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'diagnosis_type') THEN
        CREATE TYPE "clinical"."diagnosis_type" AS ENUM ('provisional', 'differential', 'admitting', 'working', 'final', 'discharge', 'secondary', 'complication', 'cause_of_death');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'discharge_disposition') THEN
        CREATE TYPE "clinical"."discharge_disposition" AS ENUM ('discharged_home', 'transferred', 'referred', 'lama', 'dama', 'absconded', 'expired');
    END IF;
END
$hims$;
COMMENT ON TYPE "clinical"."discharge_disposition" IS 'How an inpatient left: LAMA = left against medical advice, DAMA = discharged against medical advice.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'dosage_form') THEN
        CREATE TYPE "clinical"."dosage_form" AS ENUM ('tablet', 'capsule', 'syrup', 'suspension', 'injection', 'infusion', 'ointment', 'cream', 'drops', 'inhaler', 'suppository', 'powder', 'patch', 'other');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'drug_schedule') THEN
        CREATE TYPE "clinical"."drug_schedule" AS ENUM ('otc', 'schedule_g', 'schedule_h', 'schedule_h1', 'schedule_x', 'ndps');
    END IF;
END
$hims$;
COMMENT ON TYPE "clinical"."drug_schedule" IS 'Drugs and Cosmetics Rules schedule (H, H1, X) or NDPS Act control of a medicine.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'encounter_class') THEN
        CREATE TYPE "clinical"."encounter_class" AS ENUM ('opd', 'ipd', 'emergency', 'daycare', 'teleconsultation', 'home_visit');
    END IF;
END
$hims$;
COMMENT ON TYPE "clinical"."encounter_class" IS 'Kind of patient contact. FHIR class: opd→AMB, ipd→IMP, emergency→EMER, daycare→SS, teleconsultation→VR, home_visit→HH.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'encounter_status') THEN
        CREATE TYPE "clinical"."encounter_status" AS ENUM ('planned', 'arrived', 'triaged', 'in_progress', 'on_leave', 'finished', 'cancelled', 'entered_in_error');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'med_route') THEN
        CREATE TYPE "clinical"."med_route" AS ENUM ('oral', 'iv', 'im', 'sc', 'intradermal', 'sublingual', 'topical', 'inhalation', 'nasal', 'ophthalmic', 'otic', 'rectal', 'vaginal', 'per_tube');
    END IF;
END
$hims$;
COMMENT ON TYPE "clinical"."med_route" IS 'Route of administration.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'note_type') THEN
        CREATE TYPE "clinical"."note_type" AS ENUM ('history_physical', 'progress', 'nursing', 'consultation', 'procedure', 'operative', 'anaesthesia', 'triage', 'discharge_advice', 'death_note');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'observation_category') THEN
        CREATE TYPE "clinical"."observation_category" AS ENUM ('vital_signs', 'anthropometry', 'nursing', 'intake_output', 'scale_score', 'physical_exam', 'social_history');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'observation_source') THEN
        CREATE TYPE "clinical"."observation_source" AS ENUM ('manual', 'device', 'import', 'abdm');
    END IF;
END
$hims$;
COMMENT ON TYPE "clinical"."observation_source" IS 'Where an observation came from (evolution C2).';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'observation_status') THEN
        CREATE TYPE "clinical"."observation_status" AS ENUM ('preliminary', 'final', 'amended', 'entered_in_error');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'prescription_status') THEN
        CREATE TYPE "clinical"."prescription_status" AS ENUM ('draft', 'signed', 'partially_dispensed', 'dispensed', 'cancelled', 'expired');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'problem_status') THEN
        CREATE TYPE "clinical"."problem_status" AS ENUM ('active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'procedure_status') THEN
        CREATE TYPE "clinical"."procedure_status" AS ENUM ('preparation', 'in_progress', 'completed', 'not_done', 'stopped', 'entered_in_error');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'referral_direction') THEN
        CREATE TYPE "clinical"."referral_direction" AS ENUM ('internal', 'outgoing', 'incoming');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'referral_status') THEN
        CREATE TYPE "clinical"."referral_status" AS ENUM ('requested', 'accepted', 'declined', 'completed', 'cancelled');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'sensitivity') THEN
        CREATE TYPE "clinical"."sensitivity" AS ENUM ('normal', 'restricted', 'very_restricted');
    END IF;
END
$hims$;
COMMENT ON TYPE "clinical"."sensitivity" IS 'Access sensitivity of a record (HIV, psychiatry, MTP, medico-legal → restricted).';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'triage_category') THEN
        CREATE TYPE "clinical"."triage_category" AS ENUM ('red', 'yellow', 'green', 'black');
    END IF;
END
$hims$;
COMMENT ON TYPE "clinical"."triage_category" IS 'Colour triage of the emergency department (hospitals using ESI 1–5 need a lookup instead).';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'clinical' AND t.typname = 'ward_type') THEN
        CREATE TYPE "clinical"."ward_type" AS ENUM ('general', 'semi_private', 'private', 'deluxe', 'suite', 'icu', 'iccu', 'hdu', 'nicu', 'picu', 'emergency', 'daycare', 'isolation', 'labour_room');
    END IF;
END
$hims$;
COMMENT ON TYPE "clinical"."ward_type" IS 'Room category of a ward; Indian tariffs and insurance room-rent caps depend on it.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'address_use') THEN
        CREATE TYPE "core"."address_use" AS ENUM ('permanent', 'current', 'work', 'billing', 'temporary');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'audit_action') THEN
        CREATE TYPE "core"."audit_action" AS ENUM ('insert', 'update', 'delete', 'soft_delete', 'restore', 'read', 'export');
    END IF;
END
$hims$;
COMMENT ON TYPE "core"."audit_action" IS 'What an audit record describes.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'blood_group') THEN
        CREATE TYPE "core"."blood_group" AS ENUM ('a_pos', 'a_neg', 'b_pos', 'b_neg', 'ab_pos', 'ab_neg', 'o_pos', 'o_neg', 'bombay', 'unknown');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'contact_relationship') THEN
        CREATE TYPE "core"."contact_relationship" AS ENUM ('father', 'mother', 'spouse', 'son', 'daughter', 'sibling', 'guardian', 'relative', 'friend', 'employer', 'other');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'department_type') THEN
        CREATE TYPE "core"."department_type" AS ENUM ('clinical', 'diagnostic', 'support', 'administrative');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'document_type') THEN
        CREATE TYPE "core"."document_type" AS ENUM ('id_proof', 'consent_form', 'photo', 'signature', 'lab_report_pdf', 'discharge_summary_pdf', 'invoice_pdf', 'external_record', 'other');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'facility_type') THEN
        CREATE TYPE "core"."facility_type" AS ENUM ('hospital', 'clinic', 'diagnostic_centre', 'collection_centre', 'pharmacy', 'day_care_centre');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'gender') THEN
        CREATE TYPE "core"."gender" AS ENUM ('male', 'female', 'other', 'unknown');
    END IF;
END
$hims$;
COMMENT ON TYPE "core"."gender" IS 'Administrative gender; ABDM sends M/F/O/U, mapped at the boundary.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'identifier_type') THEN
        CREATE TYPE "core"."identifier_type" AS ENUM ('abha_number', 'abha_address', 'aadhaar_ref', 'pan', 'passport', 'voter_id', 'driving_licence', 'ration_card', 'pmjay_id', 'cghs_card', 'echs_card', 'esic_ip_number', 'employee_id', 'old_mrn', 'other');
    END IF;
END
$hims$;
COMMENT ON TYPE "core"."identifier_type" IS 'Identifiers a patient presents. There is deliberately no raw-Aadhaar value: only a vault reference may be stored (UIDAI Aadhaar Data Vault rule).';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'marital_status') THEN
        CREATE TYPE "core"."marital_status" AS ENUM ('single', 'married', 'divorced', 'widowed', 'separated', 'unknown');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'patient_status') THEN
        CREATE TYPE "core"."patient_status" AS ENUM ('active', 'inactive', 'merged', 'deceased');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'practitioner_type') THEN
        CREATE TYPE "core"."practitioner_type" AS ENUM ('doctor', 'nurse', 'pharmacist', 'lab_technologist', 'radiographer', 'physiotherapist', 'dentist', 'ayush_practitioner', 'dietitian', 'other');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'relation_type') THEN
        CREATE TYPE "core"."relation_type" AS ENUM ('son_of', 'daughter_of', 'wife_of', 'husband_of', 'care_of');
    END IF;
END
$hims$;
COMMENT ON TYPE "core"."relation_type" IS 'Indian relation prefix on registration forms: S/o, D/o, W/o, H/o, C/o.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'sequence_kind') THEN
        CREATE TYPE "core"."sequence_kind" AS ENUM ('mrn', 'op_number', 'ip_number', 'er_number', 'invoice', 'receipt', 'deposit', 'refund', 'credit_note', 'prescription', 'lab_order', 'lab_accession', 'lab_report', 'preauth', 'claim');
    END IF;
END
$hims$;
COMMENT ON TYPE "core"."sequence_kind" IS 'What a human-readable number series numbers.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'sequence_reset') THEN
        CREATE TYPE "core"."sequence_reset" AS ENUM ('never', 'fiscal_year', 'calendar_year', 'daily');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'tenant_status') THEN
        CREATE TYPE "core"."tenant_status" AS ENUM ('active', 'suspended', 'offboarding', 'offboarded');
    END IF;
END
$hims$;
COMMENT ON TYPE "core"."tenant_status" IS 'Lifecycle of a customer (hospital group).';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'user_status') THEN
        CREATE TYPE "core"."user_status" AS ENUM ('invited', 'active', 'locked', 'disabled');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'value_set_status') THEN
        CREATE TYPE "core"."value_set_status" AS ENUM ('draft', 'active', 'retired');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'abnormal_flag') THEN
        CREATE TYPE "laboratory"."abnormal_flag" AS ENUM ('N', 'L', 'H', 'LL', 'HH', 'A', 'AA');
    END IF;
END
$hims$;
COMMENT ON TYPE "laboratory"."abnormal_flag" IS 'Abnormality flag, a subset of HL7 v2 table 0078; the values are case-sensitive.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'accreditation_body') THEN
        CREATE TYPE "laboratory"."accreditation_body" AS ENUM ('nabl', 'cap', 'nabh');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'interface_protocol') THEN
        CREATE TYPE "laboratory"."interface_protocol" AS ENUM ('astm', 'hl7v2', 'file_import', 'manual');
    END IF;
END
$hims$;
COMMENT ON TYPE "laboratory"."interface_protocol" IS 'Analyzer interface: ASTM E1381/E1394, HL7 v2, file import or manual entry.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'lab_item_status') THEN
        CREATE TYPE "laboratory"."lab_item_status" AS ENUM ('ordered', 'collected', 'received', 'in_progress', 'resulted', 'verified', 'reported', 'cancelled', 'rejected');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'lab_order_status') THEN
        CREATE TYPE "laboratory"."lab_order_status" AS ENUM ('ordered', 'partially_collected', 'collected', 'in_progress', 'partially_resulted', 'completed', 'cancelled');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'lab_section') THEN
        CREATE TYPE "laboratory"."lab_section" AS ENUM ('biochemistry', 'haematology', 'clinical_pathology', 'microbiology', 'serology_immunology', 'histopathology', 'cytology', 'molecular_biology', 'genetics', 'blood_bank');
    END IF;
END
$hims$;
COMMENT ON TYPE "laboratory"."lab_section" IS 'Laboratory section (bench) a test or analyzer belongs to.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'priority') THEN
        CREATE TYPE "laboratory"."priority" AS ENUM ('routine', 'urgent', 'stat');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'qc_status') THEN
        CREATE TYPE "laboratory"."qc_status" AS ENUM ('accepted', 'warning', 'rejected');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'range_sex') THEN
        CREATE TYPE "laboratory"."range_sex" AS ENUM ('male', 'female', 'any');
    END IF;
END
$hims$;
COMMENT ON TYPE "laboratory"."range_sex" IS 'Sex a reference range applies to; `any` when the range is not sex-specific.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'rejection_reason') THEN
        CREATE TYPE "laboratory"."rejection_reason" AS ENUM ('haemolysed', 'clotted', 'insufficient_quantity', 'wrong_container', 'unlabelled', 'mislabelled', 'delayed_transport', 'lipaemic', 'contaminated', 'other');
    END IF;
END
$hims$;
COMMENT ON TYPE "laboratory"."rejection_reason" IS 'Why a specimen was rejected at receipt (pre-analytical quality indicator for NABL).';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'report_status') THEN
        CREATE TYPE "laboratory"."report_status" AS ENUM ('draft', 'signed', 'released', 'amended', 'withdrawn');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'result_status') THEN
        CREATE TYPE "laboratory"."result_status" AS ENUM ('preliminary', 'final', 'corrected', 'amended', 'cancelled', 'entered_in_error');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'result_type') THEN
        CREATE TYPE "laboratory"."result_type" AS ENUM ('numeric', 'text', 'coded', 'titre', 'culture_sensitivity', 'narrative');
    END IF;
END
$hims$;
COMMENT ON TYPE "laboratory"."result_type" IS E'Shape of a test\'s result; drives the result entry screen and report layout.';
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'specimen_status') THEN
        CREATE TYPE "laboratory"."specimen_status" AS ENUM ('pending_collection', 'collected', 'in_transit', 'received', 'accepted', 'rejected', 'stored', 'disposed');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'specimen_type') THEN
        CREATE TYPE "laboratory"."specimen_type" AS ENUM ('whole_blood', 'serum', 'plasma', 'urine', 'stool', 'csf', 'sputum', 'swab', 'tissue', 'body_fluid', 'semen', 'other');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'verification_decision') THEN
        CREATE TYPE "laboratory"."verification_decision" AS ENUM ('approved', 'rejected', 'rerun_requested');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'laboratory' AND t.typname = 'verification_level') THEN
        CREATE TYPE "laboratory"."verification_level" AS ENUM ('technical', 'medical');
    END IF;
END
$hims$;
COMMENT ON TYPE "laboratory"."verification_level" IS 'Technical verification (technologist) precedes medical authorisation (pathologist).';

-- ==== Functions used by tables and policies ====

CREATE OR REPLACE FUNCTION "core"."create_monthly_partitions"("p_parent" regclass, "p_months_ahead" integer)
    RETURNS integer
    LANGUAGE plpgsql
    VOLATILE
AS $hims$
DECLARE
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
END
$hims$;
COMMENT ON FUNCTION "core"."create_monthly_partitions"(regclass, integer) IS 'Creates the monthly range partitions <parent>_yYYYYmMM from this month to p_months_ahead months ahead (idempotent); run by a scheduler, not by migrations. Returns how many were created.';
CREATE OR REPLACE FUNCTION "core"."current_request_id"()
    RETURNS text
    LANGUAGE sql
    STABLE
AS $hims$
SELECT NULLIF(current_setting('app.request_id', true), '')
$hims$;
COMMENT ON FUNCTION "core"."current_request_id"() IS 'Request id of the current transaction (app.request_id), carried into the audit log; NULL when unset.';
CREATE OR REPLACE FUNCTION "core"."current_tenant_id"()
    RETURNS uuid
    LANGUAGE sql
    STABLE
AS $hims$
SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid
$hims$;
COMMENT ON FUNCTION "core"."current_tenant_id"() IS E'Tenant of the current transaction (SET LOCAL app.tenant_id). NULLIF: a pooled session that once set the GUC reads \'\' afterwards; unset means no rows.';
CREATE OR REPLACE FUNCTION "core"."current_user_id"()
    RETURNS uuid
    LANGUAGE sql
    STABLE
AS $hims$
SELECT NULLIF(current_setting('app.user_id', true), '')::uuid
$hims$;
COMMENT ON FUNCTION "core"."current_user_id"() IS 'Acting user of the current transaction (app.user_id), NULL for system jobs.';
CREATE OR REPLACE FUNCTION "core"."fiscal_year_of"("p_on" date)
    RETURNS text
    LANGUAGE sql
    IMMUTABLE STRICT
AS $hims$
SELECT y::text || '-' || lpad(((y + 1) % 100)::text, 2, '0')
  FROM (SELECT CASE WHEN extract(month FROM p_on) >= 4
               THEN extract(year FROM p_on)::int
               ELSE extract(year FROM p_on)::int - 1 END AS y) fy
$hims$;
COMMENT ON FUNCTION "core"."fiscal_year_of"(date) IS 'Indian financial year (1 April – 31 March) of a date: 2025-04-01 … 2026-03-31 → 2025-26.';
CREATE OR REPLACE FUNCTION "core"."is_valid_abha_number"("p_abha" text)
    RETURNS boolean
    LANGUAGE sql
    IMMUTABLE
AS $hims$
SELECT p_abha ~ '^[0-9]{14}$'
$hims$;
COMMENT ON FUNCTION "core"."is_valid_abha_number"(text) IS 'ABHA number shape: 14 digits, stored without hyphens. ABDM documents no public check digit, so none is checked here.';
CREATE OR REPLACE FUNCTION "core"."format_abha_number"("p_abha" text)
    RETURNS text
    LANGUAGE sql
    IMMUTABLE
AS $hims$
SELECT CASE WHEN core.is_valid_abha_number(p_abha)
            THEN substr(p_abha, 1, 2) || '-' || substr(p_abha, 3, 4) || '-' || substr(p_abha, 7, 4) || '-' || substr(p_abha, 11, 4)
       END
$hims$;
COMMENT ON FUNCTION "core"."format_abha_number"(text) IS 'ABHA number for display: XX-XXXX-XXXX-XXXX; NULL when malformed.';
CREATE OR REPLACE FUNCTION "core"."tg_audit_log_append_only"()
    RETURNS trigger
    LANGUAGE plpgsql
    VOLATILE
AS $hims$
BEGIN
    RAISE EXCEPTION 'core.audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$hims$;
COMMENT ON FUNCTION "core"."tg_audit_log_append_only"() IS 'Refuses UPDATE, DELETE and TRUNCATE of core.audit_log, whoever asks.';
CREATE OR REPLACE FUNCTION "core"."tg_forbid_hard_delete"()
    RETURNS trigger
    LANGUAGE plpgsql
    VOLATILE
AS $hims$
BEGIN
    IF current_setting('hims.allow_hard_delete', true) = 'on'
       AND pg_catalog.pg_has_role(current_user, 'hims_owner', 'USAGE') THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '%.%: rows are retained, not deleted', TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Soft delete with UPDATE … SET deleted_at = now(). Maintenance by a member of hims_owner: SET LOCAL hims.allow_hard_delete = on.';
END
$hims$;
COMMENT ON FUNCTION "core"."tg_forbid_hard_delete"() IS 'BEFORE DELETE on clinical, billing, laboratory and ABDM consent tables: records are retained (medical records for years, GST documents for the statutory period); delete means UPDATE … SET deleted_at. Bypass only for members of hims_owner who SET LOCAL hims.allow_hard_delete = on.';
CREATE OR REPLACE FUNCTION "core"."tg_guard_soft_deleted"()
    RETURNS trigger
    LANGUAGE plpgsql
    VOLATILE
AS $hims$
BEGIN
    IF OLD.deleted_at IS NULL THEN
        RETURN NEW;
    END IF;
    IF NEW.deleted_at IS NULL AND pg_catalog.pg_has_role(current_user, 'hims_owner', 'USAGE') THEN
        RETURN NEW; -- an explicit restore by a privileged role
    END IF;
    RAISE EXCEPTION '%.%: row % is soft-deleted and cannot change', TG_TABLE_SCHEMA, TG_TABLE_NAME, to_jsonb(OLD) ->> 'id'
        USING ERRCODE = 'object_not_in_prerequisite_state',
              HINT = 'Only a member of hims_owner may restore it (UPDATE … SET deleted_at = NULL).';
END
$hims$;
COMMENT ON FUNCTION "core"."tg_guard_soft_deleted"() IS 'BEFORE UPDATE on every table with compliance columns: a soft-deleted row is frozen; only a member of hims_owner may restore it (set deleted_at back to NULL).';
CREATE OR REPLACE FUNCTION "core"."tg_set_row_meta"()
    RETURNS trigger
    LANGUAGE plpgsql
    VOLATILE
AS $hims$
DECLARE
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
END
$hims$;
COMMENT ON FUNCTION "core"."tg_set_row_meta"() IS 'BEFORE INSERT OR UPDATE on every table with compliance columns: stamps created/updated at and by, bumps version, fills tenant_id from the session, refuses changes to a tenant_id once set.';
CREATE OR REPLACE FUNCTION "core"."verhoeff_is_valid"("p_digits" text)
    RETURNS boolean
    LANGUAGE plpgsql
    IMMUTABLE STRICT
AS $hims$
DECLARE
    -- d: the dihedral group D5's multiplication table; p: the position permutation.
    d constant smallint[] := '{{0,1,2,3,4,5,6,7,8,9},{1,2,3,4,0,6,7,8,9,5},{2,3,4,0,1,7,8,9,5,6},{3,4,0,1,2,8,9,5,6,7},{4,0,1,2,3,9,5,6,7,8},{5,9,8,7,6,0,4,3,2,1},{6,5,9,8,7,1,0,4,3,2},{7,6,5,9,8,2,1,0,4,3},{8,7,6,5,9,3,2,1,0,4},{9,8,7,6,5,4,3,2,1,0}}'::smallint[];
    p constant smallint[] := '{{0,1,2,3,4,5,6,7,8,9},{1,5,7,6,2,8,3,0,9,4},{5,8,0,3,7,9,6,1,4,2},{8,9,1,6,0,4,3,5,2,7},{9,4,5,3,1,2,6,8,7,0},{4,2,8,6,5,7,3,9,0,1},{2,7,9,3,8,0,6,4,1,5},{7,0,4,6,9,1,3,2,5,8}}'::smallint[];
    c smallint := 0;
    n integer := length(p_digits);
BEGIN
    IF p_digits !~ '^[0-9]+$' THEN
        RETURN false;
    END IF;
    -- Digits from the right: position i (0-based) uses permutation p[i mod 8].
    FOR i IN 0 .. n - 1 LOOP
        c := d[c + 1][p[(i % 8) + 1][substr(p_digits, n - i, 1)::smallint + 1] + 1];
    END LOOP;
    RETURN c = 0;
END
$hims$;
COMMENT ON FUNCTION "core"."verhoeff_is_valid"(text) IS 'Verhoeff check digit (the last digit) of a digit string, e.g. an Aadhaar number at the boundary before it is tokenised; never used on stored data. False for anything but digits.';

-- ==== Tables, in foreign-key order ====

-- core.audit_log
CREATE TABLE IF NOT EXISTS "core"."audit_log" ( "id" bigint NOT NULL GENERATED ALWAYS AS IDENTITY, "occurred_at" timestamp with time zone NOT NULL DEFAULT (clock_timestamp()), "tenant_id" uuid, "schema_name" text NOT NULL, "table_name" text NOT NULL, "row_id" uuid, "action" "core"."audit_action" NOT NULL, "old_data" jsonb, "new_data" jsonb, "changed_columns" text[], "actor_user_id" uuid, "db_role" text NOT NULL DEFAULT (CURRENT_USER), "request_id" character varying(64), "client_addr" inet, "application_name" text, "txid" xid8 NOT NULL DEFAULT (pg_current_xact_id()), "reason" text, CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id", "occurred_at") ) PARTITION BY RANGE ("occurred_at");
CREATE TABLE IF NOT EXISTS "core"."audit_log_default" PARTITION OF "core"."audit_log" DEFAULT;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."audit_log"'::regclass AND conname = 'audit_log_update_has_old_row') THEN
        ALTER TABLE "core"."audit_log" ADD CONSTRAINT "audit_log_update_has_old_row" CHECK (action <> 'update' OR old_data IS NOT NULL);
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "audit_log_occurred_at_idx" ON "core"."audit_log" USING brin ("occurred_at");
CREATE INDEX IF NOT EXISTS "audit_log_tenant_id_actor_user_id_occurred_at_idx" ON "core"."audit_log" ("tenant_id", "actor_user_id", "occurred_at");
CREATE INDEX IF NOT EXISTS "audit_log_tenant_id_table_name_row_id_occurred_at_idx" ON "core"."audit_log" ("tenant_id", "table_name", "row_id", "occurred_at" DESC);
COMMENT ON TABLE "core"."audit_log" IS 'Append-only journal of row changes (written by core.tg_audit) and sensitive reads. Partitioned by month of `occurred_at`: core.create_monthly_partitions adds partitions ahead of time and the DEFAULT partition catches anything else.';
COMMENT ON COLUMN "core"."audit_log"."tenant_id" IS 'NULL for global tables.';
COMMENT ON COLUMN "core"."audit_log"."actor_user_id" IS 'app.user_id of the transaction that made the change.';
COMMENT ON COLUMN "core"."audit_log"."reason" IS 'Mandatory for break-the-glass reads.';

-- core.code_systems
CREATE TABLE IF NOT EXISTS "core"."code_systems" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "code" character varying(30) NOT NULL, "uri" character varying(200) NOT NULL, "name" character varying(120) NOT NULL, "code_system_version" character varying(40) NOT NULL, "publisher" character varying(120), "effective_date" date, "is_current" bool NOT NULL DEFAULT TRUE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "code_systems_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."code_systems"'::regclass AND conname = 'code_systems_uri_code_system_version_key') THEN
        ALTER TABLE "core"."code_systems" ADD CONSTRAINT "code_systems_uri_code_system_version_key" UNIQUE ("uri", "code_system_version");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."code_systems"'::regclass AND conname = 'code_systems_deleted_by_check') THEN
        ALTER TABLE "core"."code_systems" ADD CONSTRAINT "code_systems_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "code_systems_current_uidx" ON "core"."code_systems" ("code") WHERE is_current;
COMMENT ON TABLE "core"."code_systems" IS 'Registered terminologies and their versions (ICD-10, SNOMED CT, LOINC, UCUM, HSN, SAC).';
COMMENT ON COLUMN "core"."code_systems"."uri" IS 'Canonical URI, e.g. http://snomed.info/sct.';
COMMENT ON COLUMN "core"."code_systems"."code_system_version" IS E'The terminology\'s own release, e.g. LOINC 2.77 (`version` is the row version).';
COMMENT ON COLUMN "core"."code_systems"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."code_systems"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."code_systems"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."code_systems"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."code_systems"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."code_systems"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."code_systems"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.concepts
CREATE TABLE IF NOT EXISTS "core"."concepts" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "code_system_id" uuid NOT NULL, "code" character varying(40) NOT NULL, "display" character varying(500) NOT NULL, "is_active" bool NOT NULL DEFAULT TRUE, "parent_code" character varying(40), "properties" jsonb NOT NULL DEFAULT ('{}'::jsonb), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "concepts_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."concepts"'::regclass AND conname = 'concepts_code_system_id_code_key') THEN
        ALTER TABLE "core"."concepts" ADD CONSTRAINT "concepts_code_system_id_code_key" UNIQUE ("code_system_id", "code");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."concepts"'::regclass AND conname = 'concepts_deleted_by_check') THEN
        ALTER TABLE "core"."concepts" ADD CONSTRAINT "concepts_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."concepts"'::regclass AND conname = 'concepts_code_system_id_fkey') THEN
        ALTER TABLE "core"."concepts" ADD CONSTRAINT "concepts_code_system_id_fkey" FOREIGN KEY ("code_system_id") REFERENCES "core"."code_systems" ("id");
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "concepts_code_system_id_parent_code_idx" ON "core"."concepts" ("code_system_id", "parent_code");
CREATE INDEX IF NOT EXISTS "concepts_display_idx" ON "core"."concepts" USING gin ("display" gin_trgm_ops);
COMMENT ON TABLE "core"."concepts" IS 'Codes of each code system.';
COMMENT ON COLUMN "core"."concepts"."display" IS 'The text the clinician saw; denormalised on purpose (part of the legal record).';
COMMENT ON COLUMN "core"."concepts"."properties" IS 'LOINC class/scale, SNOMED semantic tag.';
COMMENT ON COLUMN "core"."concepts"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."concepts"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."concepts"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."concepts"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."concepts"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."concepts"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."concepts"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.permissions
CREATE TABLE IF NOT EXISTS "core"."permissions" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "code" character varying(100) NOT NULL, "module" character varying(30) NOT NULL, "description" text NOT NULL, "is_sensitive" bool NOT NULL DEFAULT FALSE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "permissions_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."permissions"'::regclass AND conname = 'permissions_code_key') THEN
        ALTER TABLE "core"."permissions" ADD CONSTRAINT "permissions_code_key" UNIQUE ("code");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."permissions"'::regclass AND conname = 'permissions_code_format') THEN
        ALTER TABLE "core"."permissions" ADD CONSTRAINT "permissions_code_format" CHECK (code ~ '^[a-z_]+(\.[a-z_]+)+$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."permissions"'::regclass AND conname = 'permissions_deleted_by_check') THEN
        ALTER TABLE "core"."permissions" ADD CONSTRAINT "permissions_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
COMMENT ON TABLE "core"."permissions" IS 'Capability codes defined by the product (global).';
COMMENT ON COLUMN "core"."permissions"."code" IS 'e.g. clinical.prescription.sign';
COMMENT ON COLUMN "core"."permissions"."is_sensitive" IS 'Needs a reason or break-the-glass.';
COMMENT ON COLUMN "core"."permissions"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."permissions"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."permissions"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."permissions"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."permissions"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."permissions"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."permissions"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.states
CREATE TABLE IF NOT EXISTS "core"."states" ( "gst_code" character(2) NOT NULL, "iso_code" character varying(6) NOT NULL, "lgd_code" integer, "name" character varying(60) NOT NULL, "is_union_territory" bool NOT NULL, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "states_pkey" PRIMARY KEY ("gst_code") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."states"'::regclass AND conname = 'states_iso_code_key') THEN
        ALTER TABLE "core"."states" ADD CONSTRAINT "states_iso_code_key" UNIQUE ("iso_code");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."states"'::regclass AND conname = 'states_lgd_code_key') THEN
        ALTER TABLE "core"."states" ADD CONSTRAINT "states_lgd_code_key" UNIQUE ("lgd_code");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."states"'::regclass AND conname = 'states_deleted_by_check') THEN
        ALTER TABLE "core"."states" ADD CONSTRAINT "states_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."states"'::regclass AND conname = 'states_gst_code_format') THEN
        ALTER TABLE "core"."states" ADD CONSTRAINT "states_gst_code_format" CHECK (gst_code ~ '^[0-9]{2}$');
    END IF;
END
$hims$;
COMMENT ON TABLE "core"."states" IS 'Indian states and union territories with their GST, ISO 3166-2 and LGD codes.';
COMMENT ON COLUMN "core"."states"."gst_code" IS 'GST state code (27 Maharashtra, 29 Karnataka, 07 Delhi …).';
COMMENT ON COLUMN "core"."states"."iso_code" IS 'ISO 3166-2 code, e.g. IN-MH.';
COMMENT ON COLUMN "core"."states"."lgd_code" IS 'Local Government Directory code used by ABDM addresses.';
COMMENT ON COLUMN "core"."states"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."states"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."states"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."states"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."states"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."states"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."states"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.tenants
CREATE TABLE IF NOT EXISTS "core"."tenants" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "code" character varying(32) NOT NULL, "legal_name" character varying(200) NOT NULL, "display_name" character varying(120) NOT NULL, "pan" character(10), "status" "core"."tenant_status" NOT NULL DEFAULT 'active', "onboarded_at" timestamp with time zone, "data_residency" character varying(20) DEFAULT 'IN', "metadata" jsonb NOT NULL DEFAULT ('{}'::jsonb), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "tenants_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."tenants"'::regclass AND conname = 'tenants_code_key') THEN
        ALTER TABLE "core"."tenants" ADD CONSTRAINT "tenants_code_key" UNIQUE ("code");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."tenants"'::regclass AND conname = 'tenants_code_format') THEN
        ALTER TABLE "core"."tenants" ADD CONSTRAINT "tenants_code_format" CHECK (code ~ '^[a-z0-9-]{2,32}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."tenants"'::regclass AND conname = 'tenants_deleted_by_check') THEN
        ALTER TABLE "core"."tenants" ADD CONSTRAINT "tenants_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."tenants"'::regclass AND conname = 'tenants_pan_format') THEN
        ALTER TABLE "core"."tenants" ADD CONSTRAINT "tenants_pan_format" CHECK (pan ~ '^[A-Z]{5}[0-9]{4}[A-Z]$');
    END IF;
END
$hims$;
COMMENT ON TABLE "core"."tenants" IS 'One hospital group (customer). The root of tenancy.';
COMMENT ON COLUMN "core"."tenants"."code" IS 'Short stable code used in URLs and configuration.';
COMMENT ON COLUMN "core"."tenants"."pan" IS 'Income-tax PAN of the legal entity.';
COMMENT ON COLUMN "core"."tenants"."data_residency" IS E'Where the tenant\'s data must stay (DPDP Act, hospital contracts).';
COMMENT ON COLUMN "core"."tenants"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."tenants"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."tenants"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."tenants"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."tenants"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."tenants"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."tenants"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- abdm.bridge_registrations
CREATE TABLE IF NOT EXISTS "abdm"."bridge_registrations" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "environment" "abdm"."environment" NOT NULL, "client_id" character varying(100) NOT NULL, "client_secret_ref" character varying(200) NOT NULL, "bridge_url" character varying(300) NOT NULL, "cm_id" character varying(20) NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'active', "registered_at" timestamp with time zone, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "bridge_registrations_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."bridge_registrations"'::regclass AND conname = 'bridge_registrations_tenant_id_environment_client_id_key') THEN
        ALTER TABLE "abdm"."bridge_registrations" ADD CONSTRAINT "bridge_registrations_tenant_id_environment_client_id_key" UNIQUE ("tenant_id", "environment", "client_id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."bridge_registrations"'::regclass AND conname = 'bridge_registrations_tenant_id_id_key') THEN
        ALTER TABLE "abdm"."bridge_registrations" ADD CONSTRAINT "bridge_registrations_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."bridge_registrations"'::regclass AND conname = 'bridge_registrations_cm_id_format') THEN
        ALTER TABLE "abdm"."bridge_registrations" ADD CONSTRAINT "bridge_registrations_cm_id_format" CHECK (cm_id ~ '^[a-z0-9.-]+$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."bridge_registrations"'::regclass AND conname = 'bridge_registrations_deleted_by_check') THEN
        ALTER TABLE "abdm"."bridge_registrations" ADD CONSTRAINT "bridge_registrations_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."bridge_registrations"'::regclass AND conname = 'bridge_registrations_status_valid') THEN
        ALTER TABLE "abdm"."bridge_registrations" ADD CONSTRAINT "bridge_registrations_status_valid" CHECK (status IN ('active', 'suspended', 'revoked'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."bridge_registrations"'::regclass AND conname = 'bridge_registrations_url_https') THEN
        ALTER TABLE "abdm"."bridge_registrations" ADD CONSTRAINT "bridge_registrations_url_https" CHECK (bridge_url ~ '^https://');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."bridge_registrations"'::regclass AND conname = 'bridge_registrations_tenant_id_fkey') THEN
        ALTER TABLE "abdm"."bridge_registrations" ADD CONSTRAINT "bridge_registrations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
COMMENT ON TABLE "abdm"."bridge_registrations" IS E'The HIMS\'s ABDM client ("bridge") per environment.';
COMMENT ON COLUMN "abdm"."bridge_registrations"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "abdm"."bridge_registrations"."client_secret_ref" IS 'Vault path of the client secret; never the secret itself.';
COMMENT ON COLUMN "abdm"."bridge_registrations"."bridge_url" IS 'Callback base URL registered with the gateway.';
COMMENT ON COLUMN "abdm"."bridge_registrations"."cm_id" IS 'Consent manager id sent as X-CM-ID: sbx (sandbox) or abdm (production).';
COMMENT ON COLUMN "abdm"."bridge_registrations"."status" IS 'active, suspended or revoked.';
COMMENT ON COLUMN "abdm"."bridge_registrations"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "abdm"."bridge_registrations"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "abdm"."bridge_registrations"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "abdm"."bridge_registrations"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "abdm"."bridge_registrations"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "abdm"."bridge_registrations"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "abdm"."bridge_registrations"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- abdm.encryption_keys
CREATE TABLE IF NOT EXISTS "abdm"."encryption_keys" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "purpose" character varying(16) NOT NULL, "crypto_alg" character varying(10) NOT NULL DEFAULT 'ECDH', "curve" character varying(20) NOT NULL DEFAULT 'Curve25519', "public_key" text NOT NULL, "nonce" character varying(64) NOT NULL, "private_key_ref" character varying(200) NOT NULL, "expires_at" timestamp with time zone NOT NULL, "destroyed_at" timestamp with time zone, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "encryption_keys_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."encryption_keys"'::regclass AND conname = 'encryption_keys_tenant_id_id_key') THEN
        ALTER TABLE "abdm"."encryption_keys" ADD CONSTRAINT "encryption_keys_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."encryption_keys"'::regclass AND conname = 'encryption_keys_tenant_id_private_key_ref_key') THEN
        ALTER TABLE "abdm"."encryption_keys" ADD CONSTRAINT "encryption_keys_tenant_id_private_key_ref_key" UNIQUE ("tenant_id", "private_key_ref");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."encryption_keys"'::regclass AND conname = 'encryption_keys_deleted_by_check') THEN
        ALTER TABLE "abdm"."encryption_keys" ADD CONSTRAINT "encryption_keys_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."encryption_keys"'::regclass AND conname = 'encryption_keys_destroyed_after_created') THEN
        ALTER TABLE "abdm"."encryption_keys" ADD CONSTRAINT "encryption_keys_destroyed_after_created" CHECK (destroyed_at IS NULL OR destroyed_at >= created_at);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."encryption_keys"'::regclass AND conname = 'encryption_keys_purpose_valid') THEN
        ALTER TABLE "abdm"."encryption_keys" ADD CONSTRAINT "encryption_keys_purpose_valid" CHECK (purpose IN ('hiu_receive', 'hip_send'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."encryption_keys"'::regclass AND conname = 'encryption_keys_tenant_id_fkey') THEN
        ALTER TABLE "abdm"."encryption_keys" ADD CONSTRAINT "encryption_keys_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "encryption_keys_live_idx" ON "abdm"."encryption_keys" ("tenant_id", "expires_at") WHERE destroyed_at IS NULL;
COMMENT ON TABLE "abdm"."encryption_keys" IS 'Ephemeral ECDH (Curve25519) key material per data exchange: the public part and a KMS/vault reference — never the private key.';
COMMENT ON COLUMN "abdm"."encryption_keys"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "abdm"."encryption_keys"."purpose" IS 'hiu_receive or hip_send.';
COMMENT ON COLUMN "abdm"."encryption_keys"."private_key_ref" IS 'KMS key id or vault path of the private key.';
COMMENT ON COLUMN "abdm"."encryption_keys"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "abdm"."encryption_keys"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "abdm"."encryption_keys"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "abdm"."encryption_keys"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "abdm"."encryption_keys"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "abdm"."encryption_keys"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "abdm"."encryption_keys"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- abdm.gateway_messages
CREATE TABLE IF NOT EXISTS "abdm"."gateway_messages" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "received_or_sent_at" timestamp with time zone NOT NULL DEFAULT (now()), "tenant_id" uuid, "direction" "abdm"."message_direction" NOT NULL, "api_path" character varying(200) NOT NULL, "request_id" uuid NOT NULL, "correlated_request_id" uuid, "transaction_id" uuid, "cm_id" character varying(20), "hip_id" character varying(60), "hiu_id" character varying(60), "http_status" smallint, "payload" jsonb, "processing_status" "abdm"."processing_status" NOT NULL DEFAULT 'received', "attempts" smallint NOT NULL DEFAULT 0, "processed_at" timestamp with time zone, "error" jsonb, "api_version" character varying(8) NOT NULL DEFAULT 'v3', "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "gateway_messages_pkey" PRIMARY KEY ("id", "received_or_sent_at") ) PARTITION BY RANGE ("received_or_sent_at");
CREATE TABLE IF NOT EXISTS "abdm"."gateway_messages_default" PARTITION OF "abdm"."gateway_messages" DEFAULT;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."gateway_messages"'::regclass AND conname = 'gateway_messages_direction_request_id_received_or_sent_at_key') THEN
        ALTER TABLE "abdm"."gateway_messages" ADD CONSTRAINT "gateway_messages_direction_request_id_received_or_sent_at_key" UNIQUE ("direction", "request_id", "received_or_sent_at");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."gateway_messages"'::regclass AND conname = 'gateway_messages_api_path_format') THEN
        ALTER TABLE "abdm"."gateway_messages" ADD CONSTRAINT "gateway_messages_api_path_format" CHECK (api_path ~ '^/');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."gateway_messages"'::regclass AND conname = 'gateway_messages_attempts_nonnegative') THEN
        ALTER TABLE "abdm"."gateway_messages" ADD CONSTRAINT "gateway_messages_attempts_nonnegative" CHECK (attempts >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."gateway_messages"'::regclass AND conname = 'gateway_messages_deleted_by_check') THEN
        ALTER TABLE "abdm"."gateway_messages" ADD CONSTRAINT "gateway_messages_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."gateway_messages"'::regclass AND conname = 'gateway_messages_http_status_range') THEN
        ALTER TABLE "abdm"."gateway_messages" ADD CONSTRAINT "gateway_messages_http_status_range" CHECK (http_status BETWEEN 100 AND 599);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."gateway_messages"'::regclass AND conname = 'gateway_messages_processed_has_time') THEN
        ALTER TABLE "abdm"."gateway_messages" ADD CONSTRAINT "gateway_messages_processed_has_time" CHECK (processing_status <> 'processed' OR processed_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."gateway_messages"'::regclass AND conname = 'gateway_messages_tenant_id_fkey') THEN
        ALTER TABLE "abdm"."gateway_messages" ADD CONSTRAINT "gateway_messages_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "gateway_messages_pending_idx" ON "abdm"."gateway_messages" ("tenant_id", "processing_status", "received_or_sent_at") WHERE processing_status IN ('received', 'failed');
CREATE INDEX IF NOT EXISTS "gateway_messages_received_or_sent_at_idx" ON "abdm"."gateway_messages" USING brin ("received_or_sent_at");
CREATE INDEX IF NOT EXISTS "gateway_messages_tenant_id_correlated_request_id_idx" ON "abdm"."gateway_messages" ("tenant_id", "correlated_request_id");
CREATE INDEX IF NOT EXISTS "gateway_messages_tenant_id_transaction_id_idx" ON "abdm"."gateway_messages" ("tenant_id", "transaction_id");
COMMENT ON TABLE "abdm"."gateway_messages" IS E'Every outbound request and inbound callback/notification, for idempotency, correlation and audit. The payload is redacted: no OTPs, tokens or health data. Partitioned by month of `received_or_sent_at` like the audit log (core.create_monthly_partitions adds months ahead; the DEFAULT partition catches the rest). `tenant_id` is NULL for gateway-level messages until the tenant is resolved from X-HIP-ID/X-HIU-ID: the ABDM worker\'s policies allow that (hims-domain.md §3.4); everyone else sees only their tenant\'s rows. A partitioned table\'s unique keys must contain the partition key, so the REQUEST-ID key is unique per direction and instant.';
COMMENT ON COLUMN "abdm"."gateway_messages"."tenant_id" IS 'NULL until the tenant is resolved (gateway-level messages).';
COMMENT ON COLUMN "abdm"."gateway_messages"."api_path" IS 'Gateway API path, e.g. /v0.5/consents/hip/notify.';
COMMENT ON COLUMN "abdm"."gateway_messages"."request_id" IS 'REQUEST-ID header of this message.';
COMMENT ON COLUMN "abdm"."gateway_messages"."correlated_request_id" IS 'response.requestId: the request this callback answers.';
COMMENT ON COLUMN "abdm"."gateway_messages"."cm_id" IS 'X-CM-ID header.';
COMMENT ON COLUMN "abdm"."gateway_messages"."hip_id" IS 'X-HIP-ID header.';
COMMENT ON COLUMN "abdm"."gateway_messages"."hiu_id" IS 'X-HIU-ID header.';
COMMENT ON COLUMN "abdm"."gateway_messages"."payload" IS 'Redacted body: no OTPs, tokens or health data.';
COMMENT ON COLUMN "abdm"."gateway_messages"."api_version" IS 'ABDM gateway API version of the message (evolution B3; older rows are v0.5).';
COMMENT ON COLUMN "abdm"."gateway_messages"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "abdm"."gateway_messages"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "abdm"."gateway_messages"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "abdm"."gateway_messages"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "abdm"."gateway_messages"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "abdm"."gateway_messages"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "abdm"."gateway_messages"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.payers
CREATE TABLE IF NOT EXISTS "billing"."payers" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "code" character varying(30) NOT NULL, "name" character varying(200) NOT NULL, "payer_type" "billing"."payer_type" NOT NULL, "irdai_registration_no" character varying(30), "nhcx_participant_code" character varying(80), "gstin" character(15), "contact" jsonb NOT NULL DEFAULT ('{}'::jsonb), "credit_days" smallint, "is_active" bool NOT NULL DEFAULT TRUE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "payers_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payers"'::regclass AND conname = 'payers_tenant_id_id_key') THEN
        ALTER TABLE "billing"."payers" ADD CONSTRAINT "payers_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payers"'::regclass AND conname = 'payers_contact_object') THEN
        ALTER TABLE "billing"."payers" ADD CONSTRAINT "payers_contact_object" CHECK (jsonb_typeof(contact) = 'object');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payers"'::regclass AND conname = 'payers_credit_days_nonnegative') THEN
        ALTER TABLE "billing"."payers" ADD CONSTRAINT "payers_credit_days_nonnegative" CHECK (credit_days IS NULL OR credit_days >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payers"'::regclass AND conname = 'payers_deleted_by_check') THEN
        ALTER TABLE "billing"."payers" ADD CONSTRAINT "payers_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payers"'::regclass AND conname = 'payers_gstin_format') THEN
        ALTER TABLE "billing"."payers" ADD CONSTRAINT "payers_gstin_format" CHECK (gstin ~ '^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payers"'::regclass AND conname = 'payers_tenant_id_fkey') THEN
        ALTER TABLE "billing"."payers" ADD CONSTRAINT "payers_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "payers_tenant_id_code_uidx" ON "billing"."payers" ("tenant_id", "code") WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS "payers_tenant_id_nhcx_participant_code_uidx" ON "billing"."payers" ("tenant_id", "nhcx_participant_code") WHERE nhcx_participant_code IS NOT NULL AND deleted_at IS NULL;
COMMENT ON TABLE "billing"."payers" IS 'Who pays: insurer, TPA, government scheme body, corporate, PSU or trust.';
COMMENT ON COLUMN "billing"."payers"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."payers"."irdai_registration_no" IS 'IRDAI registration of an insurer or TPA.';
COMMENT ON COLUMN "billing"."payers"."nhcx_participant_code" IS 'Participant code on the National Health Claims Exchange.';
COMMENT ON COLUMN "billing"."payers"."contact" IS 'Addresses, e-mail ids and phone numbers of the claims desk.';
COMMENT ON COLUMN "billing"."payers"."credit_days" IS 'Agreed settlement period in days.';
COMMENT ON COLUMN "billing"."payers"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."payers"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."payers"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."payers"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."payers"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."payers"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."payers"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.schemes
CREATE TABLE IF NOT EXISTS "billing"."schemes" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "code" "billing"."scheme_code" NOT NULL, "name" character varying(200) NOT NULL, "payer_id" uuid NOT NULL, "state_code" character(2), "empanelment_id" character varying(40), "empanelled_from" date, "empanelled_to" date, "coverage_limit" numeric(12,2), "coverage_basis" character varying(16), "rate_basis" character varying(16) NOT NULL, "requires_preauth" bool NOT NULL DEFAULT TRUE, "nabh_rate_uplift_pct" numeric(5,2), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "schemes_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."schemes"'::regclass AND conname = 'schemes_tenant_id_id_key') THEN
        ALTER TABLE "billing"."schemes" ADD CONSTRAINT "schemes_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."schemes"'::regclass AND conname = 'schemes_coverage_basis_values') THEN
        ALTER TABLE "billing"."schemes" ADD CONSTRAINT "schemes_coverage_basis_values" CHECK (coverage_basis IN ('family_floater', 'individual'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."schemes"'::regclass AND conname = 'schemes_coverage_limit_nonnegative') THEN
        ALTER TABLE "billing"."schemes" ADD CONSTRAINT "schemes_coverage_limit_nonnegative" CHECK (coverage_limit IS NULL OR coverage_limit >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."schemes"'::regclass AND conname = 'schemes_deleted_by_check') THEN
        ALTER TABLE "billing"."schemes" ADD CONSTRAINT "schemes_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."schemes"'::regclass AND conname = 'schemes_empanelment_window') THEN
        ALTER TABLE "billing"."schemes" ADD CONSTRAINT "schemes_empanelment_window" CHECK (empanelled_to IS NULL OR empanelled_to >= empanelled_from);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."schemes"'::regclass AND conname = 'schemes_rate_basis_values') THEN
        ALTER TABLE "billing"."schemes" ADD CONSTRAINT "schemes_rate_basis_values" CHECK (rate_basis IN ('package', 'fee_schedule'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."schemes"'::regclass AND conname = 'schemes_state_scheme_has_state') THEN
        ALTER TABLE "billing"."schemes" ADD CONSTRAINT "schemes_state_scheme_has_state" CHECK (code <> 'state_scheme' OR state_code IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."schemes"'::regclass AND conname = 'schemes_uplift_range') THEN
        ALTER TABLE "billing"."schemes" ADD CONSTRAINT "schemes_uplift_range" CHECK (nabh_rate_uplift_pct BETWEEN 0 AND 100);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."schemes"'::regclass AND conname = 'schemes_payer_id_fkey') THEN
        ALTER TABLE "billing"."schemes" ADD CONSTRAINT "schemes_payer_id_fkey" FOREIGN KEY ("tenant_id", "payer_id") REFERENCES "billing"."payers" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."schemes"'::regclass AND conname = 'schemes_state_code_fkey') THEN
        ALTER TABLE "billing"."schemes" ADD CONSTRAINT "schemes_state_code_fkey" FOREIGN KEY ("state_code") REFERENCES "core"."states" ("gst_code");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."schemes"'::regclass AND conname = 'schemes_tenant_id_fkey') THEN
        ALTER TABLE "billing"."schemes" ADD CONSTRAINT "schemes_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "schemes_national_code_uidx" ON "billing"."schemes" ("tenant_id", "code") WHERE code IN ('pmjay', 'cghs', 'echs', 'esic') AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "schemes_state_code_idx" ON "billing"."schemes" ("state_code");
CREATE UNIQUE INDEX IF NOT EXISTS "schemes_tenant_id_code_name_uidx" ON "billing"."schemes" ("tenant_id", "code", "name") WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "schemes_tenant_id_payer_id_idx" ON "billing"."schemes" ("tenant_id", "payer_id");
COMMENT ON TABLE "billing"."schemes" IS 'Government / public scheme the hospital is empanelled in (PM-JAY, CGHS, ECHS, ESIC, state schemes).';
COMMENT ON COLUMN "billing"."schemes"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."schemes"."payer_id" IS 'Scheme body that settles claims (NHA / State Health Agency, CGHS, ECHS, ESIC …).';
COMMENT ON COLUMN "billing"."schemes"."state_code" IS 'State of a state scheme (MJPJAY, Aarogyasri, CMCHIS …).';
COMMENT ON COLUMN "billing"."schemes"."empanelment_id" IS 'Hospital empanelment id with the scheme.';
COMMENT ON COLUMN "billing"."schemes"."coverage_limit" IS 'Annual cover (PM-JAY: ₹5 lakh per family per year); configuration, not a constant.';
COMMENT ON COLUMN "billing"."schemes"."coverage_basis" IS 'family_floater or individual.';
COMMENT ON COLUMN "billing"."schemes"."rate_basis" IS 'package or fee_schedule.';
COMMENT ON COLUMN "billing"."schemes"."nabh_rate_uplift_pct" IS 'Rate uplift for NABH-accredited hospitals, in percent.';
COMMENT ON COLUMN "billing"."schemes"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."schemes"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."schemes"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."schemes"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."schemes"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."schemes"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."schemes"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.scheme_packages
CREATE TABLE IF NOT EXISTS "billing"."scheme_packages" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "scheme_id" uuid NOT NULL, "package_code" character varying(20) NOT NULL, "name" character varying(300) NOT NULL, "specialty" character varying(80), "package_rate" numeric(12,2) NOT NULL, "expected_los_days" smallint, "is_day_care" bool NOT NULL DEFAULT FALSE, "preauth_required" bool NOT NULL DEFAULT TRUE, "includes_implants" bool NOT NULL DEFAULT FALSE, "effective_from" date NOT NULL, "effective_to" date, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "scheme_packages_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."scheme_packages"'::regclass AND conname = 'scheme_packages_tenant_id_id_key') THEN
        ALTER TABLE "billing"."scheme_packages" ADD CONSTRAINT "scheme_packages_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."scheme_packages"'::regclass AND conname = 'scheme_packages_deleted_by_check') THEN
        ALTER TABLE "billing"."scheme_packages" ADD CONSTRAINT "scheme_packages_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."scheme_packages"'::regclass AND conname = 'scheme_packages_effective_window') THEN
        ALTER TABLE "billing"."scheme_packages" ADD CONSTRAINT "scheme_packages_effective_window" CHECK (effective_to IS NULL OR effective_to >= effective_from);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."scheme_packages"'::regclass AND conname = 'scheme_packages_los_positive') THEN
        ALTER TABLE "billing"."scheme_packages" ADD CONSTRAINT "scheme_packages_los_positive" CHECK (expected_los_days IS NULL OR expected_los_days > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."scheme_packages"'::regclass AND conname = 'scheme_packages_rate_nonnegative') THEN
        ALTER TABLE "billing"."scheme_packages" ADD CONSTRAINT "scheme_packages_rate_nonnegative" CHECK (package_rate >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."scheme_packages"'::regclass AND conname = 'scheme_packages_no_overlap') THEN
        ALTER TABLE "billing"."scheme_packages" ADD CONSTRAINT "scheme_packages_no_overlap" EXCLUDE USING gist (tenant_id WITH =, scheme_id WITH =, package_code WITH =, daterange(effective_from, effective_to, '[]') WITH &&) WHERE (deleted_at IS NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."scheme_packages"'::regclass AND conname = 'scheme_packages_scheme_id_fkey') THEN
        ALTER TABLE "billing"."scheme_packages" ADD CONSTRAINT "scheme_packages_scheme_id_fkey" FOREIGN KEY ("tenant_id", "scheme_id") REFERENCES "billing"."schemes" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."scheme_packages"'::regclass AND conname = 'scheme_packages_tenant_id_fkey') THEN
        ALTER TABLE "billing"."scheme_packages" ADD CONSTRAINT "scheme_packages_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "scheme_packages_tenant_id_scheme_id_idx" ON "billing"."scheme_packages" ("tenant_id", "scheme_id");
CREATE UNIQUE INDEX IF NOT EXISTS "scheme_packages_tenant_id_scheme_id_package_code__76e79e1a_uidx" ON "billing"."scheme_packages" ("tenant_id", "scheme_id", "package_code", "effective_from") WHERE deleted_at IS NULL;
COMMENT ON TABLE "billing"."scheme_packages" IS 'Package rates of a scheme (PM-JAY Health Benefit Package codes, CGHS rate items).';
COMMENT ON COLUMN "billing"."scheme_packages"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."scheme_packages"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."scheme_packages"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."scheme_packages"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."scheme_packages"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."scheme_packages"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."scheme_packages"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."scheme_packages"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.medications
CREATE TABLE IF NOT EXISTS "clinical"."medications" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "code" character varying(30) NOT NULL, "generic_name" character varying(200) NOT NULL, "brand_name" character varying(200), "strength" character varying(50), "dosage_form" "clinical"."dosage_form" NOT NULL, "default_route" "clinical"."med_route", "snomed_code" character varying(18), "atc_code" character varying(7), "hsn_code" character varying(8) NOT NULL DEFAULT '3004', "gst_rate" numeric(5,2) NOT NULL, "manufacturer" character varying(150), "pack_size" character varying(30), "schedule_class" "clinical"."drug_schedule" NOT NULL DEFAULT 'otc', "is_nlem" bool NOT NULL DEFAULT FALSE, "ceiling_price" numeric(12,2), "is_high_alert" bool NOT NULL DEFAULT FALSE, "is_active" bool NOT NULL DEFAULT TRUE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "medications_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medications"'::regclass AND conname = 'medications_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."medications" ADD CONSTRAINT "medications_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medications"'::regclass AND conname = 'medications_atc_format') THEN
        ALTER TABLE "clinical"."medications" ADD CONSTRAINT "medications_atc_format" CHECK (atc_code ~ '^[A-Z]([0-9]{2}([A-Z]([A-Z]([0-9]{2})?)?)?)?$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medications"'::regclass AND conname = 'medications_ceiling_price_nonnegative') THEN
        ALTER TABLE "clinical"."medications" ADD CONSTRAINT "medications_ceiling_price_nonnegative" CHECK (ceiling_price IS NULL OR ceiling_price >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medications"'::regclass AND conname = 'medications_deleted_by_check') THEN
        ALTER TABLE "clinical"."medications" ADD CONSTRAINT "medications_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medications"'::regclass AND conname = 'medications_gst_rate_range') THEN
        ALTER TABLE "clinical"."medications" ADD CONSTRAINT "medications_gst_rate_range" CHECK (gst_rate BETWEEN 0 AND 40);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medications"'::regclass AND conname = 'medications_hsn_format') THEN
        ALTER TABLE "clinical"."medications" ADD CONSTRAINT "medications_hsn_format" CHECK (hsn_code ~ '^[0-9]{4}([0-9]{2}){0,2}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medications"'::regclass AND conname = 'medications_snomed_format') THEN
        ALTER TABLE "clinical"."medications" ADD CONSTRAINT "medications_snomed_format" CHECK (snomed_code ~ '^[0-9]{6,18}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medications"'::regclass AND conname = 'medications_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."medications" ADD CONSTRAINT "medications_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "medications_brand_name_idx" ON "clinical"."medications" USING gin ("brand_name" gin_trgm_ops);
CREATE INDEX IF NOT EXISTS "medications_generic_name_idx" ON "clinical"."medications" USING gin ("generic_name" gin_trgm_ops);
CREATE INDEX IF NOT EXISTS "medications_tenant_id_atc_code_idx" ON "clinical"."medications" ("tenant_id", "atc_code");
CREATE UNIQUE INDEX IF NOT EXISTS "medications_tenant_id_code_uidx" ON "clinical"."medications" ("tenant_id", "code") WHERE deleted_at IS NULL;
COMMENT ON TABLE "clinical"."medications" IS 'Tenant formulary / drug master used by prescribing, the MAR and pharmacy billing.';
COMMENT ON COLUMN "clinical"."medications"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."medications"."strength" IS 'e.g. 500 mg, 250 mg/5 mL.';
COMMENT ON COLUMN "clinical"."medications"."atc_code" IS 'WHO ATC code (any level, up to 7 characters).';
COMMENT ON COLUMN "clinical"."medications"."hsn_code" IS 'HSN for GST; medicaments are 3004.';
COMMENT ON COLUMN "clinical"."medications"."gst_rate" IS E'GST rate in percent, from configuration (never derived from today\'s rates on reprint).';
COMMENT ON COLUMN "clinical"."medications"."schedule_class" IS 'Drugs and Cosmetics Rules schedule / NDPS class; drives prescription and register rules.';
COMMENT ON COLUMN "clinical"."medications"."is_nlem" IS 'On the National List of Essential Medicines.';
COMMENT ON COLUMN "clinical"."medications"."ceiling_price" IS 'NPPA / DPCO ceiling price per unit (₹).';
COMMENT ON COLUMN "clinical"."medications"."is_high_alert" IS 'High-alert medicine (insulin, heparin, KCl …): needs a witness at administration.';
COMMENT ON COLUMN "clinical"."medications"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."medications"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."medications"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."medications"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."medications"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."medications"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."medications"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.facilities
CREATE TABLE IF NOT EXISTS "core"."facilities" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "code" character varying(20) NOT NULL, "name" character varying(200) NOT NULL, "facility_type" "core"."facility_type" NOT NULL, "ownership" character varying(20), "hfr_id" character varying(20), "gstin" character(15), "state_code" character(2) NOT NULL, "clinical_establishment_reg_no" character varying(50), "nabh_accreditation_no" character varying(30), "nabh_valid_until" date, "rohini_id" character varying(20), "bed_capacity" integer, "timezone" character varying(40) NOT NULL DEFAULT 'Asia/Kolkata', "is_active" bool NOT NULL DEFAULT TRUE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "facilities_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."facilities"'::regclass AND conname = 'facilities_tenant_id_code_key') THEN
        ALTER TABLE "core"."facilities" ADD CONSTRAINT "facilities_tenant_id_code_key" UNIQUE ("tenant_id", "code");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."facilities"'::regclass AND conname = 'facilities_tenant_id_id_key') THEN
        ALTER TABLE "core"."facilities" ADD CONSTRAINT "facilities_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."facilities"'::regclass AND conname = 'facilities_bed_capacity_check') THEN
        ALTER TABLE "core"."facilities" ADD CONSTRAINT "facilities_bed_capacity_check" CHECK (bed_capacity >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."facilities"'::regclass AND conname = 'facilities_deleted_by_check') THEN
        ALTER TABLE "core"."facilities" ADD CONSTRAINT "facilities_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."facilities"'::regclass AND conname = 'facilities_gstin_format') THEN
        ALTER TABLE "core"."facilities" ADD CONSTRAINT "facilities_gstin_format" CHECK (gstin ~ '^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."facilities"'::regclass AND conname = 'facilities_gstin_state') THEN
        ALTER TABLE "core"."facilities" ADD CONSTRAINT "facilities_gstin_state" CHECK (gstin IS NULL OR left(gstin, 2) = state_code);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."facilities"'::regclass AND conname = 'facilities_hfr_id_format') THEN
        ALTER TABLE "core"."facilities" ADD CONSTRAINT "facilities_hfr_id_format" CHECK (hfr_id ~ '^IN[0-9A-Z]+$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."facilities"'::regclass AND conname = 'facilities_state_code_fkey') THEN
        ALTER TABLE "core"."facilities" ADD CONSTRAINT "facilities_state_code_fkey" FOREIGN KEY ("state_code") REFERENCES "core"."states" ("gst_code");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."facilities"'::regclass AND conname = 'facilities_tenant_id_fkey') THEN
        ALTER TABLE "core"."facilities" ADD CONSTRAINT "facilities_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "facilities_state_code_idx" ON "core"."facilities" ("state_code");
CREATE UNIQUE INDEX IF NOT EXISTS "facilities_tenant_id_hfr_id_uidx" ON "core"."facilities" ("tenant_id", "hfr_id") WHERE hfr_id IS NOT NULL;
COMMENT ON TABLE "core"."facilities" IS 'A hospital, clinic, diagnostic centre or pharmacy; registers with HFR and GST.';
COMMENT ON COLUMN "core"."facilities"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "core"."facilities"."ownership" IS 'private, public or trust.';
COMMENT ON COLUMN "core"."facilities"."hfr_id" IS 'Health Facility Registry id (ABDM), e.g. IN2710000123.';
COMMENT ON COLUMN "core"."facilities"."gstin" IS 'GST registration of the facility; its first two digits are the state code.';
COMMENT ON COLUMN "core"."facilities"."rohini_id" IS E'ROHINI id: insurers\' hospital registry.';
COMMENT ON COLUMN "core"."facilities"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."facilities"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."facilities"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."facilities"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."facilities"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."facilities"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."facilities"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- abdm.facility_services
CREATE TABLE IF NOT EXISTS "abdm"."facility_services" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "bridge_registration_id" uuid NOT NULL, "facility_id" uuid NOT NULL, "hfr_id" character varying(20) NOT NULL, "service_id" character varying(60) NOT NULL, "service_name" character varying(200) NOT NULL, "is_hip" bool NOT NULL, "is_hiu" bool NOT NULL, "is_active" bool NOT NULL DEFAULT TRUE, "registered_at" timestamp with time zone, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "facility_services_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."facility_services"'::regclass AND conname = 'facility_services_tenant_id_bridge_registration_id_82661bae_key') THEN
        ALTER TABLE "abdm"."facility_services" ADD CONSTRAINT "facility_services_tenant_id_bridge_registration_id_82661bae_key" UNIQUE ("tenant_id", "bridge_registration_id", "service_id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."facility_services"'::regclass AND conname = 'facility_services_tenant_id_id_key') THEN
        ALTER TABLE "abdm"."facility_services" ADD CONSTRAINT "facility_services_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."facility_services"'::regclass AND conname = 'facility_services_deleted_by_check') THEN
        ALTER TABLE "abdm"."facility_services" ADD CONSTRAINT "facility_services_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."facility_services"'::regclass AND conname = 'facility_services_hfr_id_format') THEN
        ALTER TABLE "abdm"."facility_services" ADD CONSTRAINT "facility_services_hfr_id_format" CHECK (hfr_id ~ '^IN[0-9A-Z]+$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."facility_services"'::regclass AND conname = 'facility_services_hip_or_hiu') THEN
        ALTER TABLE "abdm"."facility_services" ADD CONSTRAINT "facility_services_hip_or_hiu" CHECK (is_hip OR is_hiu);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."facility_services"'::regclass AND conname = 'facility_services_bridge_registration_id_fkey') THEN
        ALTER TABLE "abdm"."facility_services" ADD CONSTRAINT "facility_services_bridge_registration_id_fkey" FOREIGN KEY ("tenant_id", "bridge_registration_id") REFERENCES "abdm"."bridge_registrations" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."facility_services"'::regclass AND conname = 'facility_services_facility_id_fkey') THEN
        ALTER TABLE "abdm"."facility_services" ADD CONSTRAINT "facility_services_facility_id_fkey" FOREIGN KEY ("tenant_id", "facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."facility_services"'::regclass AND conname = 'facility_services_tenant_id_fkey') THEN
        ALTER TABLE "abdm"."facility_services" ADD CONSTRAINT "facility_services_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "facility_services_tenant_id_facility_id_idx" ON "abdm"."facility_services" ("tenant_id", "facility_id");
COMMENT ON TABLE "abdm"."facility_services" IS 'HIP / HIU service registered for a facility (the service id is usually the HFR id).';
COMMENT ON COLUMN "abdm"."facility_services"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "abdm"."facility_services"."hfr_id" IS 'Health Facility Registry id, e.g. IN2710000123.';
COMMENT ON COLUMN "abdm"."facility_services"."service_id" IS 'Service id used as X-HIP-ID / X-HIU-ID.';
COMMENT ON COLUMN "abdm"."facility_services"."is_hip" IS 'Acts as Health Information Provider (M2).';
COMMENT ON COLUMN "abdm"."facility_services"."is_hiu" IS 'Acts as Health Information User (M3).';
COMMENT ON COLUMN "abdm"."facility_services"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "abdm"."facility_services"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "abdm"."facility_services"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "abdm"."facility_services"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "abdm"."facility_services"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "abdm"."facility_services"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "abdm"."facility_services"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.price_lists
CREATE TABLE IF NOT EXISTS "billing"."price_lists" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "code" character varying(30) NOT NULL, "name" character varying(150) NOT NULL, "facility_id" uuid, "payer_id" uuid, "scheme_id" uuid, "ward_type" "clinical"."ward_type", "valid_from" date NOT NULL, "valid_to" date, "currency" character(3) NOT NULL DEFAULT 'INR', "is_default" bool NOT NULL DEFAULT FALSE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "price_lists_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_lists"'::regclass AND conname = 'price_lists_tenant_id_id_key') THEN
        ALTER TABLE "billing"."price_lists" ADD CONSTRAINT "price_lists_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_lists"'::regclass AND conname = 'price_lists_currency_format') THEN
        ALTER TABLE "billing"."price_lists" ADD CONSTRAINT "price_lists_currency_format" CHECK (currency ~ '^[A-Z]{3}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_lists"'::regclass AND conname = 'price_lists_default_is_cash') THEN
        ALTER TABLE "billing"."price_lists" ADD CONSTRAINT "price_lists_default_is_cash" CHECK (NOT is_default OR (payer_id IS NULL AND scheme_id IS NULL));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_lists"'::regclass AND conname = 'price_lists_deleted_by_check') THEN
        ALTER TABLE "billing"."price_lists" ADD CONSTRAINT "price_lists_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_lists"'::regclass AND conname = 'price_lists_one_payer') THEN
        ALTER TABLE "billing"."price_lists" ADD CONSTRAINT "price_lists_one_payer" CHECK (num_nonnulls(payer_id, scheme_id) <= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_lists"'::regclass AND conname = 'price_lists_valid_window') THEN
        ALTER TABLE "billing"."price_lists" ADD CONSTRAINT "price_lists_valid_window" CHECK (valid_to IS NULL OR valid_to >= valid_from);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_lists"'::regclass AND conname = 'price_lists_facility_id_fkey') THEN
        ALTER TABLE "billing"."price_lists" ADD CONSTRAINT "price_lists_facility_id_fkey" FOREIGN KEY ("tenant_id", "facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_lists"'::regclass AND conname = 'price_lists_payer_id_fkey') THEN
        ALTER TABLE "billing"."price_lists" ADD CONSTRAINT "price_lists_payer_id_fkey" FOREIGN KEY ("tenant_id", "payer_id") REFERENCES "billing"."payers" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_lists"'::regclass AND conname = 'price_lists_scheme_id_fkey') THEN
        ALTER TABLE "billing"."price_lists" ADD CONSTRAINT "price_lists_scheme_id_fkey" FOREIGN KEY ("tenant_id", "scheme_id") REFERENCES "billing"."schemes" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_lists"'::regclass AND conname = 'price_lists_tenant_id_fkey') THEN
        ALTER TABLE "billing"."price_lists" ADD CONSTRAINT "price_lists_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "price_lists_default_uidx" ON "billing"."price_lists" ("tenant_id", "facility_id", "ward_type") NULLS NOT DISTINCT WHERE is_default AND deleted_at IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS "price_lists_tenant_id_code_uidx" ON "billing"."price_lists" ("tenant_id", "code") WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "price_lists_tenant_id_facility_id_idx" ON "billing"."price_lists" ("tenant_id", "facility_id");
CREATE INDEX IF NOT EXISTS "price_lists_tenant_id_payer_id_idx" ON "billing"."price_lists" ("tenant_id", "payer_id");
CREATE INDEX IF NOT EXISTS "price_lists_tenant_id_scheme_id_idx" ON "billing"."price_lists" ("tenant_id", "scheme_id");
COMMENT ON TABLE "billing"."price_lists" IS 'Tariff header: default cash tariff, payer-specific (TPA negotiated, CGHS) and room-category tariffs.';
COMMENT ON COLUMN "billing"."price_lists"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."price_lists"."facility_id" IS 'NULL = every facility of the tenant.';
COMMENT ON COLUMN "billing"."price_lists"."ward_type" IS 'Room category the tariff applies to (Indian tariffs vary by room category).';
COMMENT ON COLUMN "billing"."price_lists"."is_default" IS 'The cash tariff used when no payer tariff applies; one per facility and room category.';
COMMENT ON COLUMN "billing"."price_lists"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."price_lists"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."price_lists"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."price_lists"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."price_lists"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."price_lists"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."price_lists"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.departments
CREATE TABLE IF NOT EXISTS "core"."departments" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "facility_id" uuid NOT NULL, "code" character varying(20) NOT NULL, "name" character varying(120) NOT NULL, "department_type" "core"."department_type" NOT NULL, "specialty_code" character varying(18), "parent_department_id" uuid, "cost_centre_code" character varying(20), "is_active" bool NOT NULL DEFAULT TRUE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "departments_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."departments"'::regclass AND conname = 'departments_tenant_id_id_key') THEN
        ALTER TABLE "core"."departments" ADD CONSTRAINT "departments_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."departments"'::regclass AND conname = 'departments_deleted_by_check') THEN
        ALTER TABLE "core"."departments" ADD CONSTRAINT "departments_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."departments"'::regclass AND conname = 'departments_not_own_parent') THEN
        ALTER TABLE "core"."departments" ADD CONSTRAINT "departments_not_own_parent" CHECK (parent_department_id <> id);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."departments"'::regclass AND conname = 'departments_facility_id_fkey') THEN
        ALTER TABLE "core"."departments" ADD CONSTRAINT "departments_facility_id_fkey" FOREIGN KEY ("tenant_id", "facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."departments"'::regclass AND conname = 'departments_parent_department_id_fkey') THEN
        ALTER TABLE "core"."departments" ADD CONSTRAINT "departments_parent_department_id_fkey" FOREIGN KEY ("tenant_id", "parent_department_id") REFERENCES "core"."departments" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."departments"'::regclass AND conname = 'departments_tenant_id_fkey') THEN
        ALTER TABLE "core"."departments" ADD CONSTRAINT "departments_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "departments_tenant_id_facility_id_code_uidx" ON "core"."departments" ("tenant_id", "facility_id", "code") WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "departments_tenant_id_facility_id_idx" ON "core"."departments" ("tenant_id", "facility_id");
CREATE INDEX IF NOT EXISTS "departments_tenant_id_parent_department_id_idx" ON "core"."departments" ("tenant_id", "parent_department_id");
COMMENT ON TABLE "core"."departments" IS 'Clinical, diagnostic, support or administrative department of a facility.';
COMMENT ON COLUMN "core"."departments"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "core"."departments"."specialty_code" IS 'SNOMED CT specialty concept.';
COMMENT ON COLUMN "core"."departments"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."departments"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."departments"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."departments"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."departments"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."departments"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."departments"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.wards
CREATE TABLE IF NOT EXISTS "clinical"."wards" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "facility_id" uuid NOT NULL, "department_id" uuid, "code" character varying(20) NOT NULL, "name" character varying(120) NOT NULL, "ward_type" "clinical"."ward_type" NOT NULL, "floor" character varying(10), "gender_restriction" character varying(6) NOT NULL DEFAULT 'any', "is_active" bool NOT NULL DEFAULT TRUE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "wards_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."wards"'::regclass AND conname = 'wards_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."wards" ADD CONSTRAINT "wards_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."wards"'::regclass AND conname = 'wards_deleted_by_check') THEN
        ALTER TABLE "clinical"."wards" ADD CONSTRAINT "wards_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."wards"'::regclass AND conname = 'wards_gender_restriction_values') THEN
        ALTER TABLE "clinical"."wards" ADD CONSTRAINT "wards_gender_restriction_values" CHECK (gender_restriction IN ('male', 'female', 'any'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."wards"'::regclass AND conname = 'wards_department_id_fkey') THEN
        ALTER TABLE "clinical"."wards" ADD CONSTRAINT "wards_department_id_fkey" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "core"."departments" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."wards"'::regclass AND conname = 'wards_facility_id_fkey') THEN
        ALTER TABLE "clinical"."wards" ADD CONSTRAINT "wards_facility_id_fkey" FOREIGN KEY ("tenant_id", "facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."wards"'::regclass AND conname = 'wards_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."wards" ADD CONSTRAINT "wards_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "wards_tenant_id_department_id_idx" ON "clinical"."wards" ("tenant_id", "department_id");
CREATE UNIQUE INDEX IF NOT EXISTS "wards_tenant_id_facility_id_code_uidx" ON "clinical"."wards" ("tenant_id", "facility_id", "code") WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "wards_tenant_id_facility_id_idx" ON "clinical"."wards" ("tenant_id", "facility_id");
COMMENT ON TABLE "clinical"."wards" IS 'Nursing unit; its type drives room-category tariffs and insurance room-rent caps.';
COMMENT ON COLUMN "clinical"."wards"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."wards"."gender_restriction" IS 'male, female or any.';
COMMENT ON COLUMN "clinical"."wards"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."wards"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."wards"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."wards"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."wards"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."wards"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."wards"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.number_sequences
CREATE TABLE IF NOT EXISTS "core"."number_sequences" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "facility_id" uuid, "sequence_kind" "core"."sequence_kind" NOT NULL, "fiscal_year" character varying(7), "prefix" character varying(12) NOT NULL DEFAULT '', "next_value" bigint NOT NULL DEFAULT 1, "pad_width" smallint NOT NULL DEFAULT 6, "reset_policy" "core"."sequence_reset" NOT NULL DEFAULT 'never', "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "number_sequences_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."number_sequences"'::regclass AND conname = 'number_sequences_tenant_id_facility_id_sequence_ki_753b7638_key') THEN
        ALTER TABLE "core"."number_sequences" ADD CONSTRAINT "number_sequences_tenant_id_facility_id_sequence_ki_753b7638_key" UNIQUE NULLS NOT DISTINCT ("tenant_id", "facility_id", "sequence_kind", "fiscal_year");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."number_sequences"'::regclass AND conname = 'number_sequences_tenant_id_id_key') THEN
        ALTER TABLE "core"."number_sequences" ADD CONSTRAINT "number_sequences_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."number_sequences"'::regclass AND conname = 'number_sequences_deleted_by_check') THEN
        ALTER TABLE "core"."number_sequences" ADD CONSTRAINT "number_sequences_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."number_sequences"'::regclass AND conname = 'number_sequences_fiscal_year_format') THEN
        ALTER TABLE "core"."number_sequences" ADD CONSTRAINT "number_sequences_fiscal_year_format" CHECK (fiscal_year ~ '^[0-9]{4}-[0-9]{2}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."number_sequences"'::regclass AND conname = 'number_sequences_gst_length') THEN
        ALTER TABLE "core"."number_sequences" ADD CONSTRAINT "number_sequences_gst_length" CHECK (length(prefix) + pad_width <= 16);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."number_sequences"'::regclass AND conname = 'number_sequences_next_value_check') THEN
        ALTER TABLE "core"."number_sequences" ADD CONSTRAINT "number_sequences_next_value_check" CHECK (next_value > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."number_sequences"'::regclass AND conname = 'number_sequences_facility_id_fkey') THEN
        ALTER TABLE "core"."number_sequences" ADD CONSTRAINT "number_sequences_facility_id_fkey" FOREIGN KEY ("tenant_id", "facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."number_sequences"'::regclass AND conname = 'number_sequences_tenant_id_fkey') THEN
        ALTER TABLE "core"."number_sequences" ADD CONSTRAINT "number_sequences_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
COMMENT ON TABLE "core"."number_sequences" IS 'Counters behind human-readable numbers (UHID, OP/IP numbers, invoices …), per tenant, facility and financial year. Row locks make them gap-free.';
COMMENT ON COLUMN "core"."number_sequences"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "core"."number_sequences"."fiscal_year" IS 'Indian financial year, e.g. 2025-26; NULL when the series never resets.';
COMMENT ON COLUMN "core"."number_sequences"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."number_sequences"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."number_sequences"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."number_sequences"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."number_sequences"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."number_sequences"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."number_sequences"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.roles
CREATE TABLE IF NOT EXISTS "core"."roles" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "code" character varying(50) NOT NULL, "name" character varying(100) NOT NULL, "description" text, "is_system" bool NOT NULL DEFAULT FALSE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "roles_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."roles"'::regclass AND conname = 'roles_tenant_id_code_key') THEN
        ALTER TABLE "core"."roles" ADD CONSTRAINT "roles_tenant_id_code_key" UNIQUE ("tenant_id", "code");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."roles"'::regclass AND conname = 'roles_tenant_id_id_key') THEN
        ALTER TABLE "core"."roles" ADD CONSTRAINT "roles_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."roles"'::regclass AND conname = 'roles_deleted_by_check') THEN
        ALTER TABLE "core"."roles" ADD CONSTRAINT "roles_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."roles"'::regclass AND conname = 'roles_tenant_id_fkey') THEN
        ALTER TABLE "core"."roles" ADD CONSTRAINT "roles_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
COMMENT ON TABLE "core"."roles" IS 'Named bundle of permissions (Doctor, Nurse, Billing Clerk …).';
COMMENT ON COLUMN "core"."roles"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "core"."roles"."is_system" IS 'Seeded per tenant by the product; not editable.';
COMMENT ON COLUMN "core"."roles"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."roles"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."roles"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."roles"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."roles"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."roles"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."roles"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.role_permissions
CREATE TABLE IF NOT EXISTS "core"."role_permissions" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "role_id" uuid NOT NULL, "permission_id" uuid NOT NULL, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "role_permissions_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."role_permissions"'::regclass AND conname = 'role_permissions_tenant_id_id_key') THEN
        ALTER TABLE "core"."role_permissions" ADD CONSTRAINT "role_permissions_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."role_permissions"'::regclass AND conname = 'role_permissions_tenant_id_role_id_permission_id_key') THEN
        ALTER TABLE "core"."role_permissions" ADD CONSTRAINT "role_permissions_tenant_id_role_id_permission_id_key" UNIQUE ("tenant_id", "role_id", "permission_id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."role_permissions"'::regclass AND conname = 'role_permissions_deleted_by_check') THEN
        ALTER TABLE "core"."role_permissions" ADD CONSTRAINT "role_permissions_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."role_permissions"'::regclass AND conname = 'role_permissions_permission_id_fkey') THEN
        ALTER TABLE "core"."role_permissions" ADD CONSTRAINT "role_permissions_permission_id_fkey" FOREIGN KEY ("permission_id") REFERENCES "core"."permissions" ("id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."role_permissions"'::regclass AND conname = 'role_permissions_role_id_fkey') THEN
        ALTER TABLE "core"."role_permissions" ADD CONSTRAINT "role_permissions_role_id_fkey" FOREIGN KEY ("tenant_id", "role_id") REFERENCES "core"."roles" ("tenant_id", "id") ON DELETE CASCADE;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."role_permissions"'::regclass AND conname = 'role_permissions_tenant_id_fkey') THEN
        ALTER TABLE "core"."role_permissions" ADD CONSTRAINT "role_permissions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "role_permissions_permission_id_idx" ON "core"."role_permissions" ("permission_id");
COMMENT ON TABLE "core"."role_permissions" IS 'Grants a permission to a role.';
COMMENT ON COLUMN "core"."role_permissions"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "core"."role_permissions"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."role_permissions"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."role_permissions"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."role_permissions"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."role_permissions"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."role_permissions"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."role_permissions"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.settings
CREATE TABLE IF NOT EXISTS "core"."settings" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "facility_id" uuid, "key" character varying(100) NOT NULL, "value" jsonb NOT NULL, "description" text, "is_secret" bool NOT NULL DEFAULT FALSE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "settings_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."settings"'::regclass AND conname = 'settings_tenant_id_facility_id_key_key') THEN
        ALTER TABLE "core"."settings" ADD CONSTRAINT "settings_tenant_id_facility_id_key_key" UNIQUE NULLS NOT DISTINCT ("tenant_id", "facility_id", "key");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."settings"'::regclass AND conname = 'settings_tenant_id_id_key') THEN
        ALTER TABLE "core"."settings" ADD CONSTRAINT "settings_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."settings"'::regclass AND conname = 'settings_deleted_by_check') THEN
        ALTER TABLE "core"."settings" ADD CONSTRAINT "settings_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."settings"'::regclass AND conname = 'settings_key_format') THEN
        ALTER TABLE "core"."settings" ADD CONSTRAINT "settings_key_format" CHECK (key ~ '^[a-z0-9_]+(\.[a-z0-9_]+)+$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."settings"'::regclass AND conname = 'settings_facility_id_fkey') THEN
        ALTER TABLE "core"."settings" ADD CONSTRAINT "settings_facility_id_fkey" FOREIGN KEY ("tenant_id", "facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."settings"'::regclass AND conname = 'settings_tenant_id_fkey') THEN
        ALTER TABLE "core"."settings" ADD CONSTRAINT "settings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
COMMENT ON TABLE "core"."settings" IS 'Tenant and facility configuration as key/value; secrets live in a vault.';
COMMENT ON COLUMN "core"."settings"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "core"."settings"."is_secret" IS 'The value is a vault reference, not the secret.';
COMMENT ON COLUMN "core"."settings"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."settings"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."settings"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."settings"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."settings"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."settings"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."settings"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.users
CREATE TABLE IF NOT EXISTS "core"."users" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "username" character varying(64) NOT NULL, "email" character varying(254), "mobile" character varying(10), "display_name" character varying(150) NOT NULL, "idp_issuer" character varying(200), "idp_subject" character varying(255), "status" "core"."user_status" NOT NULL DEFAULT 'invited', "mfa_enabled" bool NOT NULL DEFAULT FALSE, "last_login_at" timestamp with time zone, "locked_until" timestamp with time zone, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "users_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."users"'::regclass AND conname = 'users_tenant_id_id_key') THEN
        ALTER TABLE "core"."users" ADD CONSTRAINT "users_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."users"'::regclass AND conname = 'users_deleted_by_check') THEN
        ALTER TABLE "core"."users" ADD CONSTRAINT "users_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."users"'::regclass AND conname = 'users_email_format') THEN
        ALTER TABLE "core"."users" ADD CONSTRAINT "users_email_format" CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."users"'::regclass AND conname = 'users_mobile_format') THEN
        ALTER TABLE "core"."users" ADD CONSTRAINT "users_mobile_format" CHECK (mobile ~ '^[6-9][0-9]{9}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."users"'::regclass AND conname = 'users_tenant_id_fkey') THEN
        ALTER TABLE "core"."users" ADD CONSTRAINT "users_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "users_tenant_id_idp_issuer_idp_subject_uidx" ON "core"."users" ("tenant_id", "idp_issuer", "idp_subject");
CREATE INDEX IF NOT EXISTS "users_tenant_id_status_idx" ON "core"."users" ("tenant_id", "status");
CREATE UNIQUE INDEX IF NOT EXISTS "users_tenant_username_uidx" ON "core"."users" ("tenant_id", (lower(username)));
COMMENT ON TABLE "core"."users" IS 'Staff login account; authentication is delegated to an OIDC identity provider.';
COMMENT ON COLUMN "core"."users"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "core"."users"."mobile" IS 'Ten digits starting 6–9; +91 is implied.';
COMMENT ON COLUMN "core"."users"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."users"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."users"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."users"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."users"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."users"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."users"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.user_roles
CREATE TABLE IF NOT EXISTS "core"."user_roles" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role_id" uuid NOT NULL, "facility_id" uuid, "department_id" uuid, "valid_from" timestamp with time zone NOT NULL DEFAULT (now()), "valid_to" timestamp with time zone, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "user_roles_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."user_roles"'::regclass AND conname = 'user_roles_tenant_id_id_key') THEN
        ALTER TABLE "core"."user_roles" ADD CONSTRAINT "user_roles_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."user_roles"'::regclass AND conname = 'user_roles_tenant_id_user_id_role_id_facility_id_d_68099e2b_key') THEN
        ALTER TABLE "core"."user_roles" ADD CONSTRAINT "user_roles_tenant_id_user_id_role_id_facility_id_d_68099e2b_key" UNIQUE NULLS NOT DISTINCT ("tenant_id", "user_id", "role_id", "facility_id", "department_id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."user_roles"'::regclass AND conname = 'user_roles_deleted_by_check') THEN
        ALTER TABLE "core"."user_roles" ADD CONSTRAINT "user_roles_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."user_roles"'::regclass AND conname = 'user_roles_valid_window') THEN
        ALTER TABLE "core"."user_roles" ADD CONSTRAINT "user_roles_valid_window" CHECK (valid_to IS NULL OR valid_to > valid_from);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."user_roles"'::regclass AND conname = 'user_roles_department_id_fkey') THEN
        ALTER TABLE "core"."user_roles" ADD CONSTRAINT "user_roles_department_id_fkey" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "core"."departments" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."user_roles"'::regclass AND conname = 'user_roles_facility_id_fkey') THEN
        ALTER TABLE "core"."user_roles" ADD CONSTRAINT "user_roles_facility_id_fkey" FOREIGN KEY ("tenant_id", "facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."user_roles"'::regclass AND conname = 'user_roles_role_id_fkey') THEN
        ALTER TABLE "core"."user_roles" ADD CONSTRAINT "user_roles_role_id_fkey" FOREIGN KEY ("tenant_id", "role_id") REFERENCES "core"."roles" ("tenant_id", "id") ON DELETE CASCADE;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."user_roles"'::regclass AND conname = 'user_roles_tenant_id_fkey') THEN
        ALTER TABLE "core"."user_roles" ADD CONSTRAINT "user_roles_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."user_roles"'::regclass AND conname = 'user_roles_user_id_fkey') THEN
        ALTER TABLE "core"."user_roles" ADD CONSTRAINT "user_roles_user_id_fkey" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "core"."users" ("tenant_id", "id") ON DELETE CASCADE;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "user_roles_tenant_id_department_id_idx" ON "core"."user_roles" ("tenant_id", "department_id");
CREATE INDEX IF NOT EXISTS "user_roles_tenant_id_facility_id_idx" ON "core"."user_roles" ("tenant_id", "facility_id");
CREATE INDEX IF NOT EXISTS "user_roles_tenant_id_role_id_idx" ON "core"."user_roles" ("tenant_id", "role_id");
COMMENT ON TABLE "core"."user_roles" IS 'Assigns a role to a user, optionally for one facility/department and time window.';
COMMENT ON COLUMN "core"."user_roles"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "core"."user_roles"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."user_roles"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."user_roles"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."user_roles"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."user_roles"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."user_roles"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."user_roles"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.value_sets
CREATE TABLE IF NOT EXISTS "core"."value_sets" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid, "code" character varying(60) NOT NULL, "name" character varying(150) NOT NULL, "canonical_url" character varying(250), "value_set_version" character varying(20) NOT NULL DEFAULT '1', "status" "core"."value_set_status" NOT NULL DEFAULT 'active', "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "value_sets_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."value_sets"'::regclass AND conname = 'value_sets_tenant_id_code_value_set_version_key') THEN
        ALTER TABLE "core"."value_sets" ADD CONSTRAINT "value_sets_tenant_id_code_value_set_version_key" UNIQUE NULLS NOT DISTINCT ("tenant_id", "code", "value_set_version");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."value_sets"'::regclass AND conname = 'value_sets_deleted_by_check') THEN
        ALTER TABLE "core"."value_sets" ADD CONSTRAINT "value_sets_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."value_sets"'::regclass AND conname = 'value_sets_tenant_id_fkey') THEN
        ALTER TABLE "core"."value_sets" ADD CONSTRAINT "value_sets_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id");
    END IF;
END
$hims$;
COMMENT ON TABLE "core"."value_sets" IS 'Curated subsets of concepts ("OPD common diagnoses", "Specimen rejection reasons"): product-wide when `tenant_id` is NULL, else tenant-local. Tenants read shared rows but write only their own.';
COMMENT ON COLUMN "core"."value_sets"."tenant_id" IS 'NULL: shared by every tenant (maintained by the product).';
COMMENT ON COLUMN "core"."value_sets"."value_set_version" IS 'Business version of the set as published (`version` is the row version).';
COMMENT ON COLUMN "core"."value_sets"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."value_sets"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."value_sets"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."value_sets"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."value_sets"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."value_sets"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."value_sets"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.value_set_concepts
CREATE TABLE IF NOT EXISTS "core"."value_set_concepts" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid, "value_set_id" uuid NOT NULL, "concept_id" uuid NOT NULL, "sort_order" integer, "is_default" bool NOT NULL DEFAULT FALSE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "value_set_concepts_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."value_set_concepts"'::regclass AND conname = 'value_set_concepts_value_set_id_concept_id_key') THEN
        ALTER TABLE "core"."value_set_concepts" ADD CONSTRAINT "value_set_concepts_value_set_id_concept_id_key" UNIQUE ("value_set_id", "concept_id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."value_set_concepts"'::regclass AND conname = 'value_set_concepts_deleted_by_check') THEN
        ALTER TABLE "core"."value_set_concepts" ADD CONSTRAINT "value_set_concepts_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."value_set_concepts"'::regclass AND conname = 'value_set_concepts_concept_id_fkey') THEN
        ALTER TABLE "core"."value_set_concepts" ADD CONSTRAINT "value_set_concepts_concept_id_fkey" FOREIGN KEY ("concept_id") REFERENCES "core"."concepts" ("id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."value_set_concepts"'::regclass AND conname = 'value_set_concepts_tenant_id_fkey') THEN
        ALTER TABLE "core"."value_set_concepts" ADD CONSTRAINT "value_set_concepts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."value_set_concepts"'::regclass AND conname = 'value_set_concepts_value_set_id_fkey') THEN
        ALTER TABLE "core"."value_set_concepts" ADD CONSTRAINT "value_set_concepts_value_set_id_fkey" FOREIGN KEY ("value_set_id") REFERENCES "core"."value_sets" ("id") ON DELETE CASCADE;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "value_set_concepts_concept_id_idx" ON "core"."value_set_concepts" ("concept_id");
CREATE INDEX IF NOT EXISTS "value_set_concepts_tenant_id_idx" ON "core"."value_set_concepts" ("tenant_id");
COMMENT ON TABLE "core"."value_set_concepts" IS E'Membership of a concept in a value set; `tenant_id` copies the set\'s for row-level security.';
COMMENT ON COLUMN "core"."value_set_concepts"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."value_set_concepts"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."value_set_concepts"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."value_set_concepts"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."value_set_concepts"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."value_set_concepts"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."value_set_concepts"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- laboratory.instruments
CREATE TABLE IF NOT EXISTS "laboratory"."instruments" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "facility_id" uuid NOT NULL, "code" character varying(20) NOT NULL, "name" character varying(120) NOT NULL, "manufacturer" character varying(100) NOT NULL, "model" character varying(100), "serial_number" character varying(60) NOT NULL, "section" "laboratory"."lab_section" NOT NULL, "interface_protocol" "laboratory"."interface_protocol" NOT NULL, "bidirectional" bool NOT NULL DEFAULT FALSE, "host" inet, "port" integer, "last_calibrated_at" timestamp with time zone, "next_calibration_due" date, "status" character varying(12) NOT NULL DEFAULT 'active', "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "instruments_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."instruments"'::regclass AND conname = 'instruments_tenant_id_facility_id_code_key') THEN
        ALTER TABLE "laboratory"."instruments" ADD CONSTRAINT "instruments_tenant_id_facility_id_code_key" UNIQUE ("tenant_id", "facility_id", "code");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."instruments"'::regclass AND conname = 'instruments_tenant_id_id_key') THEN
        ALTER TABLE "laboratory"."instruments" ADD CONSTRAINT "instruments_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."instruments"'::regclass AND conname = 'instruments_tenant_id_manufacturer_serial_number_key') THEN
        ALTER TABLE "laboratory"."instruments" ADD CONSTRAINT "instruments_tenant_id_manufacturer_serial_number_key" UNIQUE ("tenant_id", "manufacturer", "serial_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."instruments"'::regclass AND conname = 'instruments_deleted_by_check') THEN
        ALTER TABLE "laboratory"."instruments" ADD CONSTRAINT "instruments_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."instruments"'::regclass AND conname = 'instruments_port_range') THEN
        ALTER TABLE "laboratory"."instruments" ADD CONSTRAINT "instruments_port_range" CHECK (port IS NULL OR port BETWEEN 1 AND 65535);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."instruments"'::regclass AND conname = 'instruments_status_valid') THEN
        ALTER TABLE "laboratory"."instruments" ADD CONSTRAINT "instruments_status_valid" CHECK (status IN ('active', 'maintenance', 'inactive', 'retired'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."instruments"'::regclass AND conname = 'instruments_facility_id_fkey') THEN
        ALTER TABLE "laboratory"."instruments" ADD CONSTRAINT "instruments_facility_id_fkey" FOREIGN KEY ("tenant_id", "facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."instruments"'::regclass AND conname = 'instruments_tenant_id_fkey') THEN
        ALTER TABLE "laboratory"."instruments" ADD CONSTRAINT "instruments_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
COMMENT ON TABLE "laboratory"."instruments" IS 'Analyzers and their interface configuration.';
COMMENT ON COLUMN "laboratory"."instruments"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "laboratory"."instruments"."bidirectional" IS 'Host query supported (the analyzer asks the LIS for the worklist of a barcode).';
COMMENT ON COLUMN "laboratory"."instruments"."status" IS 'active, maintenance, inactive or retired.';
COMMENT ON COLUMN "laboratory"."instruments"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "laboratory"."instruments"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "laboratory"."instruments"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "laboratory"."instruments"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "laboratory"."instruments"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "laboratory"."instruments"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "laboratory"."instruments"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- laboratory.panels
CREATE TABLE IF NOT EXISTS "laboratory"."panels" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "code" character varying(20) NOT NULL, "name" character varying(200) NOT NULL, "loinc_code" character varying(10), "panel_type" character varying(10) NOT NULL, "is_orderable" bool NOT NULL DEFAULT TRUE, "is_active" bool NOT NULL DEFAULT TRUE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "panels_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."panels"'::regclass AND conname = 'panels_tenant_id_code_key') THEN
        ALTER TABLE "laboratory"."panels" ADD CONSTRAINT "panels_tenant_id_code_key" UNIQUE ("tenant_id", "code");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."panels"'::regclass AND conname = 'panels_tenant_id_id_key') THEN
        ALTER TABLE "laboratory"."panels" ADD CONSTRAINT "panels_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."panels"'::regclass AND conname = 'panels_deleted_by_check') THEN
        ALTER TABLE "laboratory"."panels" ADD CONSTRAINT "panels_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."panels"'::regclass AND conname = 'panels_loinc_code_format') THEN
        ALTER TABLE "laboratory"."panels" ADD CONSTRAINT "panels_loinc_code_format" CHECK (loinc_code ~ '^[0-9]{1,7}-[0-9]$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."panels"'::regclass AND conname = 'panels_panel_type_valid') THEN
        ALTER TABLE "laboratory"."panels" ADD CONSTRAINT "panels_panel_type_valid" CHECK (panel_type IN ('panel', 'profile', 'package'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."panels"'::regclass AND conname = 'panels_tenant_id_fkey') THEN
        ALTER TABLE "laboratory"."panels" ADD CONSTRAINT "panels_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "panels_name_idx" ON "laboratory"."panels" USING gin ("name" gin_trgm_ops);
COMMENT ON TABLE "laboratory"."panels" IS 'Panels, profiles and health-check packages (CBC, LFT, KFT, lipid profile, executive check-up).';
COMMENT ON COLUMN "laboratory"."panels"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "laboratory"."panels"."panel_type" IS 'panel, profile or package.';
COMMENT ON COLUMN "laboratory"."panels"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "laboratory"."panels"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "laboratory"."panels"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "laboratory"."panels"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "laboratory"."panels"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "laboratory"."panels"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "laboratory"."panels"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- laboratory.tests
CREATE TABLE IF NOT EXISTS "laboratory"."tests" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "code" character varying(20) NOT NULL, "name" character varying(200) NOT NULL, "short_name" character varying(40), "loinc_code" character varying(10), "section" "laboratory"."lab_section" NOT NULL, "specimen_type" "laboratory"."specimen_type" NOT NULL, "container_type" character varying(40), "min_volume_ml" numeric(6,2), "result_type" "laboratory"."result_type" NOT NULL, "default_unit_ucum" character varying(30), "decimal_places" smallint, "method" character varying(100), "tat_minutes" integer NOT NULL, "stat_tat_minutes" integer, "is_orderable" bool NOT NULL DEFAULT TRUE, "is_outsourced" bool NOT NULL DEFAULT FALSE, "is_active" bool NOT NULL DEFAULT TRUE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "tests_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."tests"'::regclass AND conname = 'tests_tenant_id_code_key') THEN
        ALTER TABLE "laboratory"."tests" ADD CONSTRAINT "tests_tenant_id_code_key" UNIQUE ("tenant_id", "code");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."tests"'::regclass AND conname = 'tests_tenant_id_id_key') THEN
        ALTER TABLE "laboratory"."tests" ADD CONSTRAINT "tests_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."tests"'::regclass AND conname = 'tests_decimal_places_range') THEN
        ALTER TABLE "laboratory"."tests" ADD CONSTRAINT "tests_decimal_places_range" CHECK (decimal_places BETWEEN 0 AND 6);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."tests"'::regclass AND conname = 'tests_deleted_by_check') THEN
        ALTER TABLE "laboratory"."tests" ADD CONSTRAINT "tests_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."tests"'::regclass AND conname = 'tests_loinc_code_format') THEN
        ALTER TABLE "laboratory"."tests" ADD CONSTRAINT "tests_loinc_code_format" CHECK (loinc_code ~ '^[0-9]{1,7}-[0-9]$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."tests"'::regclass AND conname = 'tests_min_volume_positive') THEN
        ALTER TABLE "laboratory"."tests" ADD CONSTRAINT "tests_min_volume_positive" CHECK (min_volume_ml > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."tests"'::regclass AND conname = 'tests_numeric_has_unit') THEN
        ALTER TABLE "laboratory"."tests" ADD CONSTRAINT "tests_numeric_has_unit" CHECK (result_type <> 'numeric' OR default_unit_ucum IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."tests"'::regclass AND conname = 'tests_stat_tat_valid') THEN
        ALTER TABLE "laboratory"."tests" ADD CONSTRAINT "tests_stat_tat_valid" CHECK (stat_tat_minutes IS NULL OR stat_tat_minutes BETWEEN 1 AND tat_minutes);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."tests"'::regclass AND conname = 'tests_tat_positive') THEN
        ALTER TABLE "laboratory"."tests" ADD CONSTRAINT "tests_tat_positive" CHECK (tat_minutes > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."tests"'::regclass AND conname = 'tests_tenant_id_fkey') THEN
        ALTER TABLE "laboratory"."tests" ADD CONSTRAINT "tests_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "tests_name_idx" ON "laboratory"."tests" USING gin ("name" gin_trgm_ops);
CREATE INDEX IF NOT EXISTS "tests_tenant_id_loinc_code_idx" ON "laboratory"."tests" ("tenant_id", "loinc_code");
COMMENT ON TABLE "laboratory"."tests" IS 'Test master (analyte / orderable investigation), mapped to LOINC.';
COMMENT ON COLUMN "laboratory"."tests"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "laboratory"."tests"."code" IS 'Hospital test code printed on requisitions and labels; never reused.';
COMMENT ON COLUMN "laboratory"."tests"."loinc_code" IS 'LOINC code NNNNN-N (the digit after the hyphen is a check digit).';
COMMENT ON COLUMN "laboratory"."tests"."container_type" IS 'EDTA lavender, plain red, fluoride grey, citrate blue, SST yellow …';
COMMENT ON COLUMN "laboratory"."tests"."default_unit_ucum" IS 'UCUM unit, case-sensitive (mg/dL, 10*3/uL); unitless numerics use `1`.';
COMMENT ON COLUMN "laboratory"."tests"."tat_minutes" IS 'Routine turnaround time from receipt to report.';
COMMENT ON COLUMN "laboratory"."tests"."stat_tat_minutes" IS 'Turnaround time when ordered STAT.';
COMMENT ON COLUMN "laboratory"."tests"."is_outsourced" IS 'Sent to a reference laboratory.';
COMMENT ON COLUMN "laboratory"."tests"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "laboratory"."tests"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "laboratory"."tests"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "laboratory"."tests"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "laboratory"."tests"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "laboratory"."tests"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "laboratory"."tests"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.service_catalog
CREATE TABLE IF NOT EXISTS "billing"."service_catalog" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "code" character varying(30) NOT NULL, "name" character varying(250) NOT NULL, "service_type" "billing"."service_type" NOT NULL, "department_id" uuid, "sac_code" character varying(6), "hsn_code" character varying(8), "gst_rate" numeric(5,2) NOT NULL DEFAULT 0, "is_gst_exempt" bool NOT NULL DEFAULT TRUE, "lab_test_id" uuid, "lab_panel_id" uuid, "medication_id" uuid, "unit" character varying(20) NOT NULL DEFAULT 'each', "is_active" bool NOT NULL DEFAULT TRUE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "service_catalog_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."service_catalog"'::regclass AND conname = 'service_catalog_tenant_id_id_key') THEN
        ALTER TABLE "billing"."service_catalog" ADD CONSTRAINT "service_catalog_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."service_catalog"'::regclass AND conname = 'service_catalog_deleted_by_check') THEN
        ALTER TABLE "billing"."service_catalog" ADD CONSTRAINT "service_catalog_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."service_catalog"'::regclass AND conname = 'service_catalog_exempt_no_rate') THEN
        ALTER TABLE "billing"."service_catalog" ADD CONSTRAINT "service_catalog_exempt_no_rate" CHECK (NOT is_gst_exempt OR gst_rate = 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."service_catalog"'::regclass AND conname = 'service_catalog_gst_rate_range') THEN
        ALTER TABLE "billing"."service_catalog" ADD CONSTRAINT "service_catalog_gst_rate_range" CHECK (gst_rate BETWEEN 0 AND 40);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."service_catalog"'::regclass AND conname = 'service_catalog_hsn_format') THEN
        ALTER TABLE "billing"."service_catalog" ADD CONSTRAINT "service_catalog_hsn_format" CHECK (hsn_code ~ '^[0-9]{4}([0-9]{2}){0,2}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."service_catalog"'::regclass AND conname = 'service_catalog_lab_is_service') THEN
        ALTER TABLE "billing"."service_catalog" ADD CONSTRAINT "service_catalog_lab_is_service" CHECK (num_nonnulls(lab_test_id, lab_panel_id) = 0 OR sac_code IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."service_catalog"'::regclass AND conname = 'service_catalog_medication_is_goods') THEN
        ALTER TABLE "billing"."service_catalog" ADD CONSTRAINT "service_catalog_medication_is_goods" CHECK (medication_id IS NULL OR hsn_code IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."service_catalog"'::regclass AND conname = 'service_catalog_one_source_item') THEN
        ALTER TABLE "billing"."service_catalog" ADD CONSTRAINT "service_catalog_one_source_item" CHECK (num_nonnulls(lab_test_id, lab_panel_id, medication_id) <= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."service_catalog"'::regclass AND conname = 'service_catalog_sac_format') THEN
        ALTER TABLE "billing"."service_catalog" ADD CONSTRAINT "service_catalog_sac_format" CHECK (sac_code ~ '^99[0-9]{4}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."service_catalog"'::regclass AND conname = 'service_catalog_sac_xor_hsn') THEN
        ALTER TABLE "billing"."service_catalog" ADD CONSTRAINT "service_catalog_sac_xor_hsn" CHECK (num_nonnulls(sac_code, hsn_code) = 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."service_catalog"'::regclass AND conname = 'service_catalog_department_id_fkey') THEN
        ALTER TABLE "billing"."service_catalog" ADD CONSTRAINT "service_catalog_department_id_fkey" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "core"."departments" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."service_catalog"'::regclass AND conname = 'service_catalog_lab_panel_id_fkey') THEN
        ALTER TABLE "billing"."service_catalog" ADD CONSTRAINT "service_catalog_lab_panel_id_fkey" FOREIGN KEY ("tenant_id", "lab_panel_id") REFERENCES "laboratory"."panels" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."service_catalog"'::regclass AND conname = 'service_catalog_lab_test_id_fkey') THEN
        ALTER TABLE "billing"."service_catalog" ADD CONSTRAINT "service_catalog_lab_test_id_fkey" FOREIGN KEY ("tenant_id", "lab_test_id") REFERENCES "laboratory"."tests" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."service_catalog"'::regclass AND conname = 'service_catalog_medication_id_fkey') THEN
        ALTER TABLE "billing"."service_catalog" ADD CONSTRAINT "service_catalog_medication_id_fkey" FOREIGN KEY ("tenant_id", "medication_id") REFERENCES "clinical"."medications" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."service_catalog"'::regclass AND conname = 'service_catalog_tenant_id_fkey') THEN
        ALTER TABLE "billing"."service_catalog" ADD CONSTRAINT "service_catalog_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "service_catalog_name_idx" ON "billing"."service_catalog" USING gin ("name" gin_trgm_ops);
CREATE UNIQUE INDEX IF NOT EXISTS "service_catalog_tenant_id_code_uidx" ON "billing"."service_catalog" ("tenant_id", "code") WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "service_catalog_tenant_id_department_id_idx" ON "billing"."service_catalog" ("tenant_id", "department_id");
CREATE INDEX IF NOT EXISTS "service_catalog_tenant_id_lab_panel_id_idx" ON "billing"."service_catalog" ("tenant_id", "lab_panel_id");
CREATE UNIQUE INDEX IF NOT EXISTS "service_catalog_tenant_id_lab_panel_id_uidx" ON "billing"."service_catalog" ("tenant_id", "lab_panel_id") WHERE lab_panel_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "service_catalog_tenant_id_lab_test_id_idx" ON "billing"."service_catalog" ("tenant_id", "lab_test_id");
CREATE UNIQUE INDEX IF NOT EXISTS "service_catalog_tenant_id_lab_test_id_uidx" ON "billing"."service_catalog" ("tenant_id", "lab_test_id") WHERE lab_test_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "service_catalog_tenant_id_medication_id_idx" ON "billing"."service_catalog" ("tenant_id", "medication_id");
CREATE UNIQUE INDEX IF NOT EXISTS "service_catalog_tenant_id_medication_id_uidx" ON "billing"."service_catalog" ("tenant_id", "medication_id") WHERE medication_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "service_catalog_tenant_id_service_type_idx" ON "billing"."service_catalog" ("tenant_id", "service_type");
COMMENT ON TABLE "billing"."service_catalog" IS 'Every chargeable item: consultation, bed-day, procedure, test, drug, consumable, package.';
COMMENT ON COLUMN "billing"."service_catalog"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."service_catalog"."department_id" IS 'Revenue department (MIS).';
COMMENT ON COLUMN "billing"."service_catalog"."sac_code" IS 'SAC for services (healthcare 9993xx); exactly one of SAC and HSN.';
COMMENT ON COLUMN "billing"."service_catalog"."hsn_code" IS 'HSN for goods (medicines 3004, implants, consumables).';
COMMENT ON COLUMN "billing"."service_catalog"."gst_rate" IS 'GST rate in percent, from configuration.';
COMMENT ON COLUMN "billing"."service_catalog"."is_gst_exempt" IS 'Most clinical services of a clinical establishment are exempt.';
COMMENT ON COLUMN "billing"."service_catalog"."lab_test_id" IS 'laboratory.tests row this item charges for.';
COMMENT ON COLUMN "billing"."service_catalog"."lab_panel_id" IS 'laboratory.panels row this item charges for.';
COMMENT ON COLUMN "billing"."service_catalog"."unit" IS 'Billing unit: each, day, hour, visit, strip …';
COMMENT ON COLUMN "billing"."service_catalog"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."service_catalog"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."service_catalog"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."service_catalog"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."service_catalog"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."service_catalog"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."service_catalog"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.price_list_items
CREATE TABLE IF NOT EXISTS "billing"."price_list_items" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "price_list_id" uuid NOT NULL, "service_id" uuid NOT NULL, "unit_price" numeric(12,2) NOT NULL, "max_discount_pct" numeric(5,2) NOT NULL DEFAULT 0, "valid_from" date NOT NULL, "valid_to" date, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "price_list_items_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_list_items"'::regclass AND conname = 'price_list_items_tenant_id_id_key') THEN
        ALTER TABLE "billing"."price_list_items" ADD CONSTRAINT "price_list_items_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_list_items"'::regclass AND conname = 'price_list_items_deleted_by_check') THEN
        ALTER TABLE "billing"."price_list_items" ADD CONSTRAINT "price_list_items_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_list_items"'::regclass AND conname = 'price_list_items_discount_range') THEN
        ALTER TABLE "billing"."price_list_items" ADD CONSTRAINT "price_list_items_discount_range" CHECK (max_discount_pct BETWEEN 0 AND 100);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_list_items"'::regclass AND conname = 'price_list_items_price_nonnegative') THEN
        ALTER TABLE "billing"."price_list_items" ADD CONSTRAINT "price_list_items_price_nonnegative" CHECK (unit_price >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_list_items"'::regclass AND conname = 'price_list_items_valid_window') THEN
        ALTER TABLE "billing"."price_list_items" ADD CONSTRAINT "price_list_items_valid_window" CHECK (valid_to IS NULL OR valid_to >= valid_from);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_list_items"'::regclass AND conname = 'price_list_items_no_overlap') THEN
        ALTER TABLE "billing"."price_list_items" ADD CONSTRAINT "price_list_items_no_overlap" EXCLUDE USING gist (tenant_id WITH =, price_list_id WITH =, service_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&) WHERE (deleted_at IS NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_list_items"'::regclass AND conname = 'price_list_items_price_list_id_fkey') THEN
        ALTER TABLE "billing"."price_list_items" ADD CONSTRAINT "price_list_items_price_list_id_fkey" FOREIGN KEY ("tenant_id", "price_list_id") REFERENCES "billing"."price_lists" ("tenant_id", "id") ON DELETE CASCADE;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_list_items"'::regclass AND conname = 'price_list_items_service_id_fkey') THEN
        ALTER TABLE "billing"."price_list_items" ADD CONSTRAINT "price_list_items_service_id_fkey" FOREIGN KEY ("tenant_id", "service_id") REFERENCES "billing"."service_catalog" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."price_list_items"'::regclass AND conname = 'price_list_items_tenant_id_fkey') THEN
        ALTER TABLE "billing"."price_list_items" ADD CONSTRAINT "price_list_items_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "price_list_items_tenant_id_price_list_id_idx" ON "billing"."price_list_items" ("tenant_id", "price_list_id");
CREATE UNIQUE INDEX IF NOT EXISTS "price_list_items_tenant_id_price_list_id_service__73e4a083_uidx" ON "billing"."price_list_items" ("tenant_id", "price_list_id", "service_id", "valid_from") WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "price_list_items_tenant_id_service_id_idx" ON "billing"."price_list_items" ("tenant_id", "service_id");
COMMENT ON TABLE "billing"."price_list_items" IS 'Unit price of a service within a tariff, for a validity window.';
COMMENT ON COLUMN "billing"."price_list_items"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."price_list_items"."max_discount_pct" IS 'Largest discount a counter user may give without approval, in percent.';
COMMENT ON COLUMN "billing"."price_list_items"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."price_list_items"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."price_list_items"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."price_list_items"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."price_list_items"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."price_list_items"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."price_list_items"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.beds
CREATE TABLE IF NOT EXISTS "clinical"."beds" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "ward_id" uuid NOT NULL, "bed_number" character varying(20) NOT NULL, "room_number" character varying(20), "status" "clinical"."bed_status" NOT NULL DEFAULT 'available', "room_rent_service_id" uuid, "is_isolation" bool NOT NULL DEFAULT FALSE, "has_oxygen" bool NOT NULL DEFAULT FALSE, "has_ventilator" bool NOT NULL DEFAULT FALSE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "beds_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."beds"'::regclass AND conname = 'beds_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."beds" ADD CONSTRAINT "beds_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."beds"'::regclass AND conname = 'beds_deleted_by_check') THEN
        ALTER TABLE "clinical"."beds" ADD CONSTRAINT "beds_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."beds"'::regclass AND conname = 'beds_room_rent_service_id_fkey') THEN
        ALTER TABLE "clinical"."beds" ADD CONSTRAINT "beds_room_rent_service_id_fkey" FOREIGN KEY ("tenant_id", "room_rent_service_id") REFERENCES "billing"."service_catalog" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."beds"'::regclass AND conname = 'beds_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."beds" ADD CONSTRAINT "beds_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."beds"'::regclass AND conname = 'beds_ward_id_fkey') THEN
        ALTER TABLE "clinical"."beds" ADD CONSTRAINT "beds_ward_id_fkey" FOREIGN KEY ("tenant_id", "ward_id") REFERENCES "clinical"."wards" ("tenant_id", "id");
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "beds_tenant_id_room_rent_service_id_idx" ON "clinical"."beds" ("tenant_id", "room_rent_service_id");
CREATE UNIQUE INDEX IF NOT EXISTS "beds_tenant_id_ward_id_bed_number_uidx" ON "clinical"."beds" ("tenant_id", "ward_id", "bed_number") WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "beds_tenant_id_ward_id_status_idx" ON "clinical"."beds" ("tenant_id", "ward_id", "status");
COMMENT ON TABLE "clinical"."beds" IS 'A physical bed or cot, with its current status for the bed board.';
COMMENT ON COLUMN "clinical"."beds"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."beds"."status" IS 'Maintained by the bed-assignment trigger (occupied / cleaning).';
COMMENT ON COLUMN "clinical"."beds"."room_rent_service_id" IS E'Bed-day charge item; NULL = the ward type\'s default tariff.';
COMMENT ON COLUMN "clinical"."beds"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."beds"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."beds"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."beds"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."beds"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."beds"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."beds"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- laboratory.instrument_test_mappings
CREATE TABLE IF NOT EXISTS "laboratory"."instrument_test_mappings" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "instrument_id" uuid NOT NULL, "test_id" uuid NOT NULL, "instrument_test_code" character varying(30) NOT NULL, "unit_conversion_factor" numeric(12,6) NOT NULL DEFAULT 1, "is_active" bool NOT NULL DEFAULT TRUE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "instrument_test_mappings_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."instrument_test_mappings"'::regclass AND conname = 'instrument_test_mappings_tenant_id_id_key') THEN
        ALTER TABLE "laboratory"."instrument_test_mappings" ADD CONSTRAINT "instrument_test_mappings_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."instrument_test_mappings"'::regclass AND conname = 'instrument_test_mappings_deleted_by_check') THEN
        ALTER TABLE "laboratory"."instrument_test_mappings" ADD CONSTRAINT "instrument_test_mappings_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."instrument_test_mappings"'::regclass AND conname = 'instrument_test_mappings_factor_positive') THEN
        ALTER TABLE "laboratory"."instrument_test_mappings" ADD CONSTRAINT "instrument_test_mappings_factor_positive" CHECK (unit_conversion_factor > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."instrument_test_mappings"'::regclass AND conname = 'instrument_test_mappings_instrument_id_fkey') THEN
        ALTER TABLE "laboratory"."instrument_test_mappings" ADD CONSTRAINT "instrument_test_mappings_instrument_id_fkey" FOREIGN KEY ("tenant_id", "instrument_id") REFERENCES "laboratory"."instruments" ("tenant_id", "id") ON DELETE CASCADE;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."instrument_test_mappings"'::regclass AND conname = 'instrument_test_mappings_tenant_id_fkey') THEN
        ALTER TABLE "laboratory"."instrument_test_mappings" ADD CONSTRAINT "instrument_test_mappings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."instrument_test_mappings"'::regclass AND conname = 'instrument_test_mappings_test_id_fkey') THEN
        ALTER TABLE "laboratory"."instrument_test_mappings" ADD CONSTRAINT "instrument_test_mappings_test_id_fkey" FOREIGN KEY ("tenant_id", "test_id") REFERENCES "laboratory"."tests" ("tenant_id", "id");
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "instrument_test_mappings_code_uidx" ON "laboratory"."instrument_test_mappings" ("tenant_id", "instrument_id", "instrument_test_code") WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "instrument_test_mappings_tenant_id_instrument_id_idx" ON "laboratory"."instrument_test_mappings" ("tenant_id", "instrument_id");
CREATE INDEX IF NOT EXISTS "instrument_test_mappings_tenant_id_test_id_idx" ON "laboratory"."instrument_test_mappings" ("tenant_id", "test_id");
CREATE UNIQUE INDEX IF NOT EXISTS "instrument_test_mappings_test_uidx" ON "laboratory"."instrument_test_mappings" ("tenant_id", "instrument_id", "test_id") WHERE deleted_at IS NULL;
COMMENT ON TABLE "laboratory"."instrument_test_mappings" IS 'Analyzer assay code ↔ test, for result import and host query.';
COMMENT ON COLUMN "laboratory"."instrument_test_mappings"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "laboratory"."instrument_test_mappings"."instrument_test_code" IS 'Assay code the analyzer sends (ASTM/HL7 test id).';
COMMENT ON COLUMN "laboratory"."instrument_test_mappings"."unit_conversion_factor" IS E'Multiplier from the analyzer\'s unit to the test\'s default unit.';
COMMENT ON COLUMN "laboratory"."instrument_test_mappings"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "laboratory"."instrument_test_mappings"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "laboratory"."instrument_test_mappings"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "laboratory"."instrument_test_mappings"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "laboratory"."instrument_test_mappings"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "laboratory"."instrument_test_mappings"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "laboratory"."instrument_test_mappings"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- laboratory.panel_members
CREATE TABLE IF NOT EXISTS "laboratory"."panel_members" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "panel_id" uuid NOT NULL, "test_id" uuid NOT NULL, "sort_order" smallint NOT NULL, "is_optional" bool NOT NULL DEFAULT FALSE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "panel_members_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."panel_members"'::regclass AND conname = 'panel_members_tenant_id_id_key') THEN
        ALTER TABLE "laboratory"."panel_members" ADD CONSTRAINT "panel_members_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."panel_members"'::regclass AND conname = 'panel_members_deleted_by_check') THEN
        ALTER TABLE "laboratory"."panel_members" ADD CONSTRAINT "panel_members_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."panel_members"'::regclass AND conname = 'panel_members_sort_order_nonnegative') THEN
        ALTER TABLE "laboratory"."panel_members" ADD CONSTRAINT "panel_members_sort_order_nonnegative" CHECK (sort_order >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."panel_members"'::regclass AND conname = 'panel_members_panel_id_fkey') THEN
        ALTER TABLE "laboratory"."panel_members" ADD CONSTRAINT "panel_members_panel_id_fkey" FOREIGN KEY ("tenant_id", "panel_id") REFERENCES "laboratory"."panels" ("tenant_id", "id") ON DELETE CASCADE;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."panel_members"'::regclass AND conname = 'panel_members_tenant_id_fkey') THEN
        ALTER TABLE "laboratory"."panel_members" ADD CONSTRAINT "panel_members_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."panel_members"'::regclass AND conname = 'panel_members_test_id_fkey') THEN
        ALTER TABLE "laboratory"."panel_members" ADD CONSTRAINT "panel_members_test_id_fkey" FOREIGN KEY ("tenant_id", "test_id") REFERENCES "laboratory"."tests" ("tenant_id", "id");
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "panel_members_tenant_id_panel_id_idx" ON "laboratory"."panel_members" ("tenant_id", "panel_id");
CREATE UNIQUE INDEX IF NOT EXISTS "panel_members_tenant_id_panel_id_sort_order_uidx" ON "laboratory"."panel_members" ("tenant_id", "panel_id", "sort_order") WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS "panel_members_tenant_id_panel_id_test_id_uidx" ON "laboratory"."panel_members" ("tenant_id", "panel_id", "test_id") WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "panel_members_tenant_id_test_id_idx" ON "laboratory"."panel_members" ("tenant_id", "test_id");
COMMENT ON TABLE "laboratory"."panel_members" IS 'Tests inside a panel, in print order.';
COMMENT ON COLUMN "laboratory"."panel_members"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "laboratory"."panel_members"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "laboratory"."panel_members"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "laboratory"."panel_members"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "laboratory"."panel_members"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "laboratory"."panel_members"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "laboratory"."panel_members"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "laboratory"."panel_members"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- laboratory.qc_runs
CREATE TABLE IF NOT EXISTS "laboratory"."qc_runs" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "instrument_id" uuid NOT NULL, "test_id" uuid NOT NULL, "control_material" character varying(100) NOT NULL, "control_lot" character varying(40) NOT NULL, "control_level" smallint NOT NULL, "lot_expiry" date, "run_at" timestamp with time zone NOT NULL, "measured_value" numeric(14,4) NOT NULL, "target_mean" numeric(14,4) NOT NULL, "target_sd" numeric(14,4) NOT NULL, "z_score" numeric(12,3) GENERATED ALWAYS AS ((measured_value - target_mean) / NULLIF(target_sd, 0)) STORED, "westgard_violations" text[] NOT NULL DEFAULT ('{}'::text[]), "status" "laboratory"."qc_status" NOT NULL, "performed_by" uuid NOT NULL, "reviewed_by" uuid, "corrective_action" text, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "qc_runs_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."qc_runs"'::regclass AND conname = 'qc_runs_tenant_id_id_key') THEN
        ALTER TABLE "laboratory"."qc_runs" ADD CONSTRAINT "qc_runs_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."qc_runs"'::regclass AND conname = 'qc_runs_control_level_range') THEN
        ALTER TABLE "laboratory"."qc_runs" ADD CONSTRAINT "qc_runs_control_level_range" CHECK (control_level BETWEEN 1 AND 3);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."qc_runs"'::regclass AND conname = 'qc_runs_deleted_by_check') THEN
        ALTER TABLE "laboratory"."qc_runs" ADD CONSTRAINT "qc_runs_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."qc_runs"'::regclass AND conname = 'qc_runs_rejected_has_action') THEN
        ALTER TABLE "laboratory"."qc_runs" ADD CONSTRAINT "qc_runs_rejected_has_action" CHECK (status <> 'rejected' OR corrective_action IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."qc_runs"'::regclass AND conname = 'qc_runs_target_sd_positive') THEN
        ALTER TABLE "laboratory"."qc_runs" ADD CONSTRAINT "qc_runs_target_sd_positive" CHECK (target_sd > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."qc_runs"'::regclass AND conname = 'qc_runs_westgard_rules_valid') THEN
        ALTER TABLE "laboratory"."qc_runs" ADD CONSTRAINT "qc_runs_westgard_rules_valid" CHECK (westgard_violations <@ ARRAY['1_2s', '1_3s', '2_2s', 'R_4s', '4_1s', '10_x']::text[]);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."qc_runs"'::regclass AND conname = 'qc_runs_instrument_id_fkey') THEN
        ALTER TABLE "laboratory"."qc_runs" ADD CONSTRAINT "qc_runs_instrument_id_fkey" FOREIGN KEY ("tenant_id", "instrument_id") REFERENCES "laboratory"."instruments" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."qc_runs"'::regclass AND conname = 'qc_runs_performed_by_fkey') THEN
        ALTER TABLE "laboratory"."qc_runs" ADD CONSTRAINT "qc_runs_performed_by_fkey" FOREIGN KEY ("tenant_id", "performed_by") REFERENCES "core"."users" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."qc_runs"'::regclass AND conname = 'qc_runs_reviewed_by_fkey') THEN
        ALTER TABLE "laboratory"."qc_runs" ADD CONSTRAINT "qc_runs_reviewed_by_fkey" FOREIGN KEY ("tenant_id", "reviewed_by") REFERENCES "core"."users" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."qc_runs"'::regclass AND conname = 'qc_runs_tenant_id_fkey') THEN
        ALTER TABLE "laboratory"."qc_runs" ADD CONSTRAINT "qc_runs_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."qc_runs"'::regclass AND conname = 'qc_runs_test_id_fkey') THEN
        ALTER TABLE "laboratory"."qc_runs" ADD CONSTRAINT "qc_runs_test_id_fkey" FOREIGN KEY ("tenant_id", "test_id") REFERENCES "laboratory"."tests" ("tenant_id", "id");
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "qc_runs_tenant_id_instrument_id_test_id_run_at_idx" ON "laboratory"."qc_runs" ("tenant_id", "instrument_id", "test_id", "run_at" DESC);
CREATE INDEX IF NOT EXISTS "qc_runs_tenant_id_performed_by_idx" ON "laboratory"."qc_runs" ("tenant_id", "performed_by");
CREATE INDEX IF NOT EXISTS "qc_runs_tenant_id_reviewed_by_idx" ON "laboratory"."qc_runs" ("tenant_id", "reviewed_by");
CREATE INDEX IF NOT EXISTS "qc_runs_tenant_id_test_id_idx" ON "laboratory"."qc_runs" ("tenant_id", "test_id");
COMMENT ON TABLE "laboratory"."qc_runs" IS 'Internal quality control measurement (a Levey-Jennings chart point, Westgard evaluation).';
COMMENT ON COLUMN "laboratory"."qc_runs"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "laboratory"."qc_runs"."control_level" IS 'Control level 1 (low), 2 (normal) or 3 (high).';
COMMENT ON COLUMN "laboratory"."qc_runs"."z_score" IS '(measured − mean) / SD. NULLIF: the generated value is computed before CHECKs run, so a zero SD is reported by qc_runs_target_sd_positive, not as a division by zero. Wider than numeric(8,3) so a mistyped value cannot fail the insert with a numeric overflow.';
COMMENT ON COLUMN "laboratory"."qc_runs"."westgard_violations" IS 'Westgard rules violated: 1_2s, 1_3s, 2_2s, R_4s, 4_1s, 10_x.';
COMMENT ON COLUMN "laboratory"."qc_runs"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "laboratory"."qc_runs"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "laboratory"."qc_runs"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "laboratory"."qc_runs"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "laboratory"."qc_runs"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "laboratory"."qc_runs"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "laboratory"."qc_runs"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- laboratory.reference_ranges
CREATE TABLE IF NOT EXISTS "laboratory"."reference_ranges" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "test_id" uuid NOT NULL, "sex" "laboratory"."range_sex" NOT NULL DEFAULT 'any', "age_min_days" integer NOT NULL DEFAULT 0, "age_max_days" integer NOT NULL DEFAULT 54750, "condition" character varying(40) NOT NULL DEFAULT '', "instrument_id" uuid, "low" numeric(14,4), "high" numeric(14,4), "critical_low" numeric(14,4), "critical_high" numeric(14,4), "unit_ucum" character varying(30), "normal_text" character varying(200), "valid_from" date NOT NULL, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "reference_ranges_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reference_ranges"'::regclass AND conname = 'reference_ranges_tenant_id_id_key') THEN
        ALTER TABLE "laboratory"."reference_ranges" ADD CONSTRAINT "reference_ranges_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reference_ranges"'::regclass AND conname = 'reference_ranges_age_band') THEN
        ALTER TABLE "laboratory"."reference_ranges" ADD CONSTRAINT "reference_ranges_age_band" CHECK (age_min_days >= 0 AND age_min_days < age_max_days);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reference_ranges"'::regclass AND conname = 'reference_ranges_critical_high_ge_high') THEN
        ALTER TABLE "laboratory"."reference_ranges" ADD CONSTRAINT "reference_ranges_critical_high_ge_high" CHECK (critical_high IS NULL OR high IS NULL OR critical_high >= high);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reference_ranges"'::regclass AND conname = 'reference_ranges_critical_low_le_low') THEN
        ALTER TABLE "laboratory"."reference_ranges" ADD CONSTRAINT "reference_ranges_critical_low_le_low" CHECK (critical_low IS NULL OR low IS NULL OR critical_low <= low);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reference_ranges"'::regclass AND conname = 'reference_ranges_critical_order') THEN
        ALTER TABLE "laboratory"."reference_ranges" ADD CONSTRAINT "reference_ranges_critical_order" CHECK (critical_low IS NULL OR critical_high IS NULL OR critical_low < critical_high);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reference_ranges"'::regclass AND conname = 'reference_ranges_deleted_by_check') THEN
        ALTER TABLE "laboratory"."reference_ranges" ADD CONSTRAINT "reference_ranges_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reference_ranges"'::regclass AND conname = 'reference_ranges_has_content') THEN
        ALTER TABLE "laboratory"."reference_ranges" ADD CONSTRAINT "reference_ranges_has_content" CHECK (num_nonnulls(low, high, critical_low, critical_high, normal_text) >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reference_ranges"'::regclass AND conname = 'reference_ranges_low_le_high') THEN
        ALTER TABLE "laboratory"."reference_ranges" ADD CONSTRAINT "reference_ranges_low_le_high" CHECK (low IS NULL OR high IS NULL OR low <= high);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reference_ranges"'::regclass AND conname = 'reference_ranges_no_overlap') THEN
        ALTER TABLE "laboratory"."reference_ranges" ADD CONSTRAINT "reference_ranges_no_overlap" EXCLUDE USING gist (tenant_id WITH =, test_id WITH =, sex WITH =, condition WITH =, COALESCE(instrument_id, '00000000-0000-0000-0000-000000000000'::uuid) WITH =, int4range(age_min_days, age_max_days) WITH &&) WHERE (deleted_at IS NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reference_ranges"'::regclass AND conname = 'reference_ranges_instrument_id_fkey') THEN
        ALTER TABLE "laboratory"."reference_ranges" ADD CONSTRAINT "reference_ranges_instrument_id_fkey" FOREIGN KEY ("tenant_id", "instrument_id") REFERENCES "laboratory"."instruments" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reference_ranges"'::regclass AND conname = 'reference_ranges_tenant_id_fkey') THEN
        ALTER TABLE "laboratory"."reference_ranges" ADD CONSTRAINT "reference_ranges_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reference_ranges"'::regclass AND conname = 'reference_ranges_test_id_fkey') THEN
        ALTER TABLE "laboratory"."reference_ranges" ADD CONSTRAINT "reference_ranges_test_id_fkey" FOREIGN KEY ("tenant_id", "test_id") REFERENCES "laboratory"."tests" ("tenant_id", "id");
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "reference_ranges_tenant_id_instrument_id_idx" ON "laboratory"."reference_ranges" ("tenant_id", "instrument_id");
CREATE INDEX IF NOT EXISTS "reference_ranges_tenant_id_test_id_idx" ON "laboratory"."reference_ranges" ("tenant_id", "test_id");
COMMENT ON TABLE "laboratory"."reference_ranges" IS 'Normal and critical limits of a test by sex, age band (in days), condition and method.';
COMMENT ON COLUMN "laboratory"."reference_ranges"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "laboratory"."reference_ranges"."age_min_days" IS 'Lower age bound in days, inclusive.';
COMMENT ON COLUMN "laboratory"."reference_ranges"."age_max_days" IS 'Upper age bound in days, exclusive (54750 days = 150 years).';
COMMENT ON COLUMN "laboratory"."reference_ranges"."condition" IS E'Pregnancy trimester, fasting, post-prandial …; \'\' when unconditional.';
COMMENT ON COLUMN "laboratory"."reference_ranges"."instrument_id" IS 'Method-specific range for one analyzer; NULL = applies to every instrument.';
COMMENT ON COLUMN "laboratory"."reference_ranges"."normal_text" IS 'Range text for non-numeric results, e.g. "Non-reactive".';
COMMENT ON COLUMN "laboratory"."reference_ranges"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "laboratory"."reference_ranges"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "laboratory"."reference_ranges"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "laboratory"."reference_ranges"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "laboratory"."reference_ranges"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "laboratory"."reference_ranges"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "laboratory"."reference_ranges"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- abdm.abha_linkages
CREATE TABLE IF NOT EXISTS "abdm"."abha_linkages" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "abha_number" character varying(14), "abha_address" character varying(64) NOT NULL, "verification_method" "abdm"."verification_method" NOT NULL, "kyc_verified" bool NOT NULL DEFAULT FALSE, "profile_snapshot" jsonb NOT NULL, "linked_at" timestamp with time zone NOT NULL DEFAULT (now()), "unlinked_at" timestamp with time zone, "status" character varying(12) NOT NULL DEFAULT 'active', "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "abha_linkages_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."abha_linkages"'::regclass AND conname = 'abha_linkages_tenant_id_id_key') THEN
        ALTER TABLE "abdm"."abha_linkages" ADD CONSTRAINT "abha_linkages_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."abha_linkages"'::regclass AND conname = 'abha_linkages_abha_address_format') THEN
        ALTER TABLE "abdm"."abha_linkages" ADD CONSTRAINT "abha_linkages_abha_address_format" CHECK (abha_address ~ '^[a-z0-9._]+@[a-z]+$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."abha_linkages"'::regclass AND conname = 'abha_linkages_abha_number_format') THEN
        ALTER TABLE "abdm"."abha_linkages" ADD CONSTRAINT "abha_linkages_abha_number_format" CHECK (abha_number ~ '^[0-9]{14}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."abha_linkages"'::regclass AND conname = 'abha_linkages_deleted_by_check') THEN
        ALTER TABLE "abdm"."abha_linkages" ADD CONSTRAINT "abha_linkages_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."abha_linkages"'::regclass AND conname = 'abha_linkages_status_valid') THEN
        ALTER TABLE "abdm"."abha_linkages" ADD CONSTRAINT "abha_linkages_status_valid" CHECK (status IN ('active', 'unlinked', 'superseded'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."abha_linkages"'::regclass AND conname = 'abha_linkages_unlinked_after_linked') THEN
        ALTER TABLE "abdm"."abha_linkages" ADD CONSTRAINT "abha_linkages_unlinked_after_linked" CHECK (unlinked_at IS NULL OR unlinked_at >= linked_at);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."abha_linkages"'::regclass AND conname = 'abha_linkages_unlinked_has_time') THEN
        ALTER TABLE "abdm"."abha_linkages" ADD CONSTRAINT "abha_linkages_unlinked_has_time" CHECK (status <> 'unlinked' OR unlinked_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."abha_linkages"'::regclass AND conname = 'abha_linkages_tenant_id_fkey') THEN
        ALTER TABLE "abdm"."abha_linkages" ADD CONSTRAINT "abha_linkages_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "abha_linkages_active_address_uidx" ON "abdm"."abha_linkages" ("tenant_id", "abha_address") WHERE status = 'active' AND deleted_at IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS "abha_linkages_active_number_uidx" ON "abdm"."abha_linkages" ("tenant_id", "abha_number") WHERE status = 'active' AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "abha_linkages_tenant_id_patient_id_idx" ON "abdm"."abha_linkages" ("tenant_id", "patient_id");
COMMENT ON TABLE "abdm"."abha_linkages" IS E'Verified association of a local patient with an ABHA number/address. The patient\'s short-lived X-token and OTPs are never persisted.';
COMMENT ON COLUMN "abdm"."abha_linkages"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "abdm"."abha_linkages"."abha_number" IS 'ABHA number, 14 digits without hyphens.';
COMMENT ON COLUMN "abdm"."abha_linkages"."abha_address" IS 'ABHA address, lower-case, e.g. name@abdm (sandbox @sbx).';
COMMENT ON COLUMN "abdm"."abha_linkages"."profile_snapshot" IS 'Profile as returned by ABDM: name, gender, year/date of birth, mobile, address.';
COMMENT ON COLUMN "abdm"."abha_linkages"."status" IS 'active, unlinked or superseded.';
COMMENT ON COLUMN "abdm"."abha_linkages"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "abdm"."abha_linkages"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "abdm"."abha_linkages"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "abdm"."abha_linkages"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "abdm"."abha_linkages"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "abdm"."abha_linkages"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "abdm"."abha_linkages"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- abdm.abha_profiles
CREATE TABLE IF NOT EXISTS "abdm"."abha_profiles" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "abha_linkage_id" uuid NOT NULL, "profile" jsonb NOT NULL, "kyc_verified" bool NOT NULL, "fetched_at" timestamp with time zone NOT NULL, "is_current" bool NOT NULL DEFAULT TRUE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "abha_profiles_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."abha_profiles"'::regclass AND conname = 'abha_profiles_tenant_id_id_key') THEN
        ALTER TABLE "abdm"."abha_profiles" ADD CONSTRAINT "abha_profiles_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."abha_profiles"'::regclass AND conname = 'abha_profiles_deleted_by_check') THEN
        ALTER TABLE "abdm"."abha_profiles" ADD CONSTRAINT "abha_profiles_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."abha_profiles"'::regclass AND conname = 'abha_profiles_abha_linkage_id_fkey') THEN
        ALTER TABLE "abdm"."abha_profiles" ADD CONSTRAINT "abha_profiles_abha_linkage_id_fkey" FOREIGN KEY ("tenant_id", "abha_linkage_id") REFERENCES "abdm"."abha_linkages" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."abha_profiles"'::regclass AND conname = 'abha_profiles_tenant_id_fkey') THEN
        ALTER TABLE "abdm"."abha_profiles" ADD CONSTRAINT "abha_profiles_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "abha_profiles_current_uidx" ON "abdm"."abha_profiles" ("tenant_id", "abha_linkage_id") WHERE is_current AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "abha_profiles_tenant_id_abha_linkage_id_idx" ON "abdm"."abha_profiles" ("tenant_id", "abha_linkage_id");
COMMENT ON TABLE "abdm"."abha_profiles" IS 'ABHA profile versions fetched for a linkage (evolution B4, ABDM API v3): the profile moves out of abha_linkages.profile_snapshot, which a later release drops.';
COMMENT ON COLUMN "abdm"."abha_profiles"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "abdm"."abha_profiles"."profile" IS 'Profile as returned by ABDM: name, gender, date of birth, mobile, address.';
COMMENT ON COLUMN "abdm"."abha_profiles"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "abdm"."abha_profiles"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "abdm"."abha_profiles"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "abdm"."abha_profiles"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "abdm"."abha_profiles"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "abdm"."abha_profiles"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "abdm"."abha_profiles"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- abdm.care_contexts
CREATE TABLE IF NOT EXISTS "abdm"."care_contexts" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "facility_service_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "abha_linkage_id" uuid, "reference_number" character varying(100) NOT NULL, "display" character varying(200) NOT NULL, "encounter_id" uuid, "lab_order_id" uuid, "hi_types" "abdm"."hi_type"[] NOT NULL, "link_status" "abdm"."link_status" NOT NULL DEFAULT 'not_linked', "link_mode" character varying(24), "linked_at" timestamp with time zone, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "care_contexts_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."care_contexts"'::regclass AND conname = 'care_contexts_tenant_id_facility_service_id_refere_543e2bf8_key') THEN
        ALTER TABLE "abdm"."care_contexts" ADD CONSTRAINT "care_contexts_tenant_id_facility_service_id_refere_543e2bf8_key" UNIQUE ("tenant_id", "facility_service_id", "reference_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."care_contexts"'::regclass AND conname = 'care_contexts_tenant_id_id_key') THEN
        ALTER TABLE "abdm"."care_contexts" ADD CONSTRAINT "care_contexts_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."care_contexts"'::regclass AND conname = 'care_contexts_deleted_by_check') THEN
        ALTER TABLE "abdm"."care_contexts" ADD CONSTRAINT "care_contexts_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."care_contexts"'::regclass AND conname = 'care_contexts_has_hi_types') THEN
        ALTER TABLE "abdm"."care_contexts" ADD CONSTRAINT "care_contexts_has_hi_types" CHECK (cardinality(hi_types) >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."care_contexts"'::regclass AND conname = 'care_contexts_has_source') THEN
        ALTER TABLE "abdm"."care_contexts" ADD CONSTRAINT "care_contexts_has_source" CHECK (num_nonnulls(encounter_id, lab_order_id) >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."care_contexts"'::regclass AND conname = 'care_contexts_link_mode_valid') THEN
        ALTER TABLE "abdm"."care_contexts" ADD CONSTRAINT "care_contexts_link_mode_valid" CHECK (link_mode IN ('hip_initiated', 'patient_discovery', 'scan_share'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."care_contexts"'::regclass AND conname = 'care_contexts_linked_has_time') THEN
        ALTER TABLE "abdm"."care_contexts" ADD CONSTRAINT "care_contexts_linked_has_time" CHECK (link_status <> 'linked' OR linked_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."care_contexts"'::regclass AND conname = 'care_contexts_abha_linkage_id_fkey') THEN
        ALTER TABLE "abdm"."care_contexts" ADD CONSTRAINT "care_contexts_abha_linkage_id_fkey" FOREIGN KEY ("tenant_id", "abha_linkage_id") REFERENCES "abdm"."abha_linkages" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."care_contexts"'::regclass AND conname = 'care_contexts_facility_service_id_fkey') THEN
        ALTER TABLE "abdm"."care_contexts" ADD CONSTRAINT "care_contexts_facility_service_id_fkey" FOREIGN KEY ("tenant_id", "facility_service_id") REFERENCES "abdm"."facility_services" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."care_contexts"'::regclass AND conname = 'care_contexts_tenant_id_fkey') THEN
        ALTER TABLE "abdm"."care_contexts" ADD CONSTRAINT "care_contexts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "care_contexts_link_retry_idx" ON "abdm"."care_contexts" ("tenant_id", "link_status") WHERE link_status IN ('not_linked', 'link_failed');
CREATE INDEX IF NOT EXISTS "care_contexts_tenant_id_abha_linkage_id_idx" ON "abdm"."care_contexts" ("tenant_id", "abha_linkage_id");
CREATE INDEX IF NOT EXISTS "care_contexts_tenant_id_encounter_id_idx" ON "abdm"."care_contexts" ("tenant_id", "encounter_id");
CREATE INDEX IF NOT EXISTS "care_contexts_tenant_id_lab_order_id_idx" ON "abdm"."care_contexts" ("tenant_id", "lab_order_id");
CREATE INDEX IF NOT EXISTS "care_contexts_tenant_id_patient_id_idx" ON "abdm"."care_contexts" ("tenant_id", "patient_id");
COMMENT ON TABLE "abdm"."care_contexts" IS 'HIP-side unit of records (a visit, admission or lab order) that a patient links to their ABHA.';
COMMENT ON COLUMN "abdm"."care_contexts"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "abdm"."care_contexts"."facility_service_id" IS 'The HIP service the care context is published under.';
COMMENT ON COLUMN "abdm"."care_contexts"."reference_number" IS 'Stable HIP id of the record set, e.g. the encounter number (ABDM v3 field name).';
COMMENT ON COLUMN "abdm"."care_contexts"."display" IS 'Text the patient sees in their PHR app.';
COMMENT ON COLUMN "abdm"."care_contexts"."hi_types" IS 'Record types this care context can supply.';
COMMENT ON COLUMN "abdm"."care_contexts"."link_mode" IS 'hip_initiated, patient_discovery or scan_share.';
COMMENT ON COLUMN "abdm"."care_contexts"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "abdm"."care_contexts"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "abdm"."care_contexts"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "abdm"."care_contexts"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "abdm"."care_contexts"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "abdm"."care_contexts"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "abdm"."care_contexts"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- abdm.consent_artefacts
CREATE TABLE IF NOT EXISTS "abdm"."consent_artefacts" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "role" "abdm"."exchange_role" NOT NULL, "artefact_id" character varying(64) NOT NULL, "consent_request_id" uuid, "patient_id" uuid, "abha_address" character varying(64) NOT NULL, "hip_id" character varying(60), "hiu_id" character varying(60), "requester_name" character varying(200), "purpose_code" "abdm"."consent_purpose" NOT NULL, "hi_types" "abdm"."hi_type"[] NOT NULL, "care_contexts" jsonb NOT NULL DEFAULT ('[]'::jsonb), "date_from" timestamp with time zone NOT NULL, "date_to" timestamp with time zone NOT NULL, "data_erase_at" timestamp with time zone NOT NULL, "access_mode" "abdm"."access_mode" NOT NULL, "frequency" jsonb, "status" "abdm"."consent_status" NOT NULL, "granted_at" timestamp with time zone, "revoked_at" timestamp with time zone, "cm_signature" text, "artefact" jsonb NOT NULL, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "consent_artefacts_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_artefacts"'::regclass AND conname = 'consent_artefacts_tenant_id_id_key') THEN
        ALTER TABLE "abdm"."consent_artefacts" ADD CONSTRAINT "consent_artefacts_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_artefacts"'::regclass AND conname = 'consent_artefacts_tenant_id_role_artefact_id_key') THEN
        ALTER TABLE "abdm"."consent_artefacts" ADD CONSTRAINT "consent_artefacts_tenant_id_role_artefact_id_key" UNIQUE ("tenant_id", "role", "artefact_id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_artefacts"'::regclass AND conname = 'consent_artefacts_care_contexts_array') THEN
        ALTER TABLE "abdm"."consent_artefacts" ADD CONSTRAINT "consent_artefacts_care_contexts_array" CHECK (jsonb_typeof(care_contexts) = 'array');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_artefacts"'::regclass AND conname = 'consent_artefacts_date_range') THEN
        ALTER TABLE "abdm"."consent_artefacts" ADD CONSTRAINT "consent_artefacts_date_range" CHECK (date_to >= date_from);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_artefacts"'::regclass AND conname = 'consent_artefacts_deleted_by_check') THEN
        ALTER TABLE "abdm"."consent_artefacts" ADD CONSTRAINT "consent_artefacts_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_artefacts"'::regclass AND conname = 'consent_artefacts_has_hi_types') THEN
        ALTER TABLE "abdm"."consent_artefacts" ADD CONSTRAINT "consent_artefacts_has_hi_types" CHECK (cardinality(hi_types) >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_artefacts"'::regclass AND conname = 'consent_artefacts_hip_has_hip_id') THEN
        ALTER TABLE "abdm"."consent_artefacts" ADD CONSTRAINT "consent_artefacts_hip_has_hip_id" CHECK (role <> 'hip' OR hip_id IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_artefacts"'::regclass AND conname = 'consent_artefacts_hiu_has_request') THEN
        ALTER TABLE "abdm"."consent_artefacts" ADD CONSTRAINT "consent_artefacts_hiu_has_request" CHECK (role <> 'hiu' OR consent_request_id IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_artefacts"'::regclass AND conname = 'consent_artefacts_revoked_has_time') THEN
        ALTER TABLE "abdm"."consent_artefacts" ADD CONSTRAINT "consent_artefacts_revoked_has_time" CHECK (status <> 'REVOKED' OR revoked_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_artefacts"'::regclass AND conname = 'consent_artefacts_tenant_id_fkey') THEN
        ALTER TABLE "abdm"."consent_artefacts" ADD CONSTRAINT "consent_artefacts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "consent_artefacts_erase_due_idx" ON "abdm"."consent_artefacts" ("tenant_id", "data_erase_at") WHERE status = 'GRANTED';
CREATE INDEX IF NOT EXISTS "consent_artefacts_tenant_id_consent_request_id_idx" ON "abdm"."consent_artefacts" ("tenant_id", "consent_request_id");
CREATE INDEX IF NOT EXISTS "consent_artefacts_tenant_id_patient_id_status_idx" ON "abdm"."consent_artefacts" ("tenant_id", "patient_id", "status");
COMMENT ON TABLE "abdm"."consent_artefacts" IS 'Signed consent artefact as notified by the consent manager (HIP and HIU copies).';
COMMENT ON COLUMN "abdm"."consent_artefacts"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "abdm"."consent_artefacts"."role" IS 'hip: we provide data under it; hiu: we requested it.';
COMMENT ON COLUMN "abdm"."consent_artefacts"."artefact_id" IS 'Artefact id assigned by the consent manager.';
COMMENT ON COLUMN "abdm"."consent_artefacts"."care_contexts" IS 'Pairs of patient reference + care context reference the consent covers.';
COMMENT ON COLUMN "abdm"."consent_artefacts"."artefact" IS 'The full signed artefact as received.';
COMMENT ON COLUMN "abdm"."consent_artefacts"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "abdm"."consent_artefacts"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "abdm"."consent_artefacts"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "abdm"."consent_artefacts"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "abdm"."consent_artefacts"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "abdm"."consent_artefacts"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "abdm"."consent_artefacts"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- abdm.health_information_requests
CREATE TABLE IF NOT EXISTS "abdm"."health_information_requests" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "role" "abdm"."exchange_role" NOT NULL, "consent_artefact_id" uuid NOT NULL, "transaction_id" uuid NOT NULL, "gateway_request_id" uuid NOT NULL, "date_from" timestamp with time zone NOT NULL, "date_to" timestamp with time zone NOT NULL, "data_push_url" character varying(500) NOT NULL, "hiu_key_id" uuid, "hiu_public_key" text, "hiu_nonce" character varying(64), "status" "abdm"."hi_request_status" NOT NULL DEFAULT 'requested', "requested_at" timestamp with time zone NOT NULL DEFAULT (now()), "acknowledged_at" timestamp with time zone, "completed_at" timestamp with time zone, "error" jsonb, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "health_information_requests_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."health_information_requests"'::regclass AND conname = 'health_information_requests_tenant_id_id_key') THEN
        ALTER TABLE "abdm"."health_information_requests" ADD CONSTRAINT "health_information_requests_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."health_information_requests"'::regclass AND conname = 'health_information_requests_tenant_id_role_transaction_id_key') THEN
        ALTER TABLE "abdm"."health_information_requests" ADD CONSTRAINT "health_information_requests_tenant_id_role_transaction_id_key" UNIQUE ("tenant_id", "role", "transaction_id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."health_information_requests"'::regclass AND conname = 'health_information_requests_date_range') THEN
        ALTER TABLE "abdm"."health_information_requests" ADD CONSTRAINT "health_information_requests_date_range" CHECK (date_to >= date_from);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."health_information_requests"'::regclass AND conname = 'health_information_requests_deleted_by_check') THEN
        ALTER TABLE "abdm"."health_information_requests" ADD CONSTRAINT "health_information_requests_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."health_information_requests"'::regclass AND conname = 'health_information_requests_hip_has_hiu_key') THEN
        ALTER TABLE "abdm"."health_information_requests" ADD CONSTRAINT "health_information_requests_hip_has_hiu_key" CHECK (role <> 'hip' OR (hiu_public_key IS NOT NULL AND hiu_nonce IS NOT NULL));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."health_information_requests"'::regclass AND conname = 'health_information_requests_hiu_has_key') THEN
        ALTER TABLE "abdm"."health_information_requests" ADD CONSTRAINT "health_information_requests_hiu_has_key" CHECK (role <> 'hiu' OR hiu_key_id IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."health_information_requests"'::regclass AND conname = 'health_information_requests_consent_artefact_id_fkey') THEN
        ALTER TABLE "abdm"."health_information_requests" ADD CONSTRAINT "health_information_requests_consent_artefact_id_fkey" FOREIGN KEY ("tenant_id", "consent_artefact_id") REFERENCES "abdm"."consent_artefacts" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."health_information_requests"'::regclass AND conname = 'health_information_requests_hiu_key_id_fkey') THEN
        ALTER TABLE "abdm"."health_information_requests" ADD CONSTRAINT "health_information_requests_hiu_key_id_fkey" FOREIGN KEY ("tenant_id", "hiu_key_id") REFERENCES "abdm"."encryption_keys" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."health_information_requests"'::regclass AND conname = 'health_information_requests_tenant_id_fkey') THEN
        ALTER TABLE "abdm"."health_information_requests" ADD CONSTRAINT "health_information_requests_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "health_information_requests_open_idx" ON "abdm"."health_information_requests" ("tenant_id", "status") WHERE status IN ('requested', 'acknowledged', 'processing');
CREATE INDEX IF NOT EXISTS "health_information_requests_tenant_id_consent_artefact_id_idx" ON "abdm"."health_information_requests" ("tenant_id", "consent_artefact_id");
CREATE INDEX IF NOT EXISTS "health_information_requests_tenant_id_hiu_key_id_idx" ON "abdm"."health_information_requests" ("tenant_id", "hiu_key_id");
COMMENT ON TABLE "abdm"."health_information_requests" IS 'A data request executed under a consent artefact (HIU sends it; HIP receives it).';
COMMENT ON COLUMN "abdm"."health_information_requests"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "abdm"."health_information_requests"."data_push_url" IS 'Where the HIP pushes the encrypted data.';
COMMENT ON COLUMN "abdm"."health_information_requests"."hiu_key_id" IS 'Our key pair when we are the HIU.';
COMMENT ON COLUMN "abdm"."health_information_requests"."hiu_public_key" IS E'The HIU\'s public key as received, when we are the HIP.';
COMMENT ON COLUMN "abdm"."health_information_requests"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "abdm"."health_information_requests"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "abdm"."health_information_requests"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "abdm"."health_information_requests"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "abdm"."health_information_requests"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "abdm"."health_information_requests"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "abdm"."health_information_requests"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- abdm.data_transfers
CREATE TABLE IF NOT EXISTS "abdm"."data_transfers" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "hi_request_id" uuid NOT NULL, "direction" character varying(8) NOT NULL, "sender_key_id" uuid, "page_number" integer NOT NULL, "page_count" integer NOT NULL, "entry_count" integer NOT NULL, "payload_bytes" bigint, "http_status" smallint, "status" "abdm"."transfer_status" NOT NULL DEFAULT 'pending', "attempts" smallint NOT NULL DEFAULT 0, "pushed_at" timestamp with time zone, "notified_at" timestamp with time zone, "payload_ref" character varying(500), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "data_transfers_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfers"'::regclass AND conname = 'data_transfers_tenant_id_hi_request_id_direction_p_93ab27e1_key') THEN
        ALTER TABLE "abdm"."data_transfers" ADD CONSTRAINT "data_transfers_tenant_id_hi_request_id_direction_p_93ab27e1_key" UNIQUE ("tenant_id", "hi_request_id", "direction", "page_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfers"'::regclass AND conname = 'data_transfers_tenant_id_id_key') THEN
        ALTER TABLE "abdm"."data_transfers" ADD CONSTRAINT "data_transfers_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfers"'::regclass AND conname = 'data_transfers_attempts_nonnegative') THEN
        ALTER TABLE "abdm"."data_transfers" ADD CONSTRAINT "data_transfers_attempts_nonnegative" CHECK (attempts >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfers"'::regclass AND conname = 'data_transfers_deleted_by_check') THEN
        ALTER TABLE "abdm"."data_transfers" ADD CONSTRAINT "data_transfers_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfers"'::regclass AND conname = 'data_transfers_direction_valid') THEN
        ALTER TABLE "abdm"."data_transfers" ADD CONSTRAINT "data_transfers_direction_valid" CHECK (direction IN ('outbound', 'inbound'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfers"'::regclass AND conname = 'data_transfers_entry_count_nonnegative') THEN
        ALTER TABLE "abdm"."data_transfers" ADD CONSTRAINT "data_transfers_entry_count_nonnegative" CHECK (entry_count >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfers"'::regclass AND conname = 'data_transfers_http_status_range') THEN
        ALTER TABLE "abdm"."data_transfers" ADD CONSTRAINT "data_transfers_http_status_range" CHECK (http_status BETWEEN 100 AND 599);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfers"'::regclass AND conname = 'data_transfers_page_in_range') THEN
        ALTER TABLE "abdm"."data_transfers" ADD CONSTRAINT "data_transfers_page_in_range" CHECK (page_number BETWEEN 1 AND page_count);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfers"'::regclass AND conname = 'data_transfers_payload_bytes_nonnegative') THEN
        ALTER TABLE "abdm"."data_transfers" ADD CONSTRAINT "data_transfers_payload_bytes_nonnegative" CHECK (payload_bytes >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfers"'::regclass AND conname = 'data_transfers_hi_request_id_fkey') THEN
        ALTER TABLE "abdm"."data_transfers" ADD CONSTRAINT "data_transfers_hi_request_id_fkey" FOREIGN KEY ("tenant_id", "hi_request_id") REFERENCES "abdm"."health_information_requests" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfers"'::regclass AND conname = 'data_transfers_sender_key_id_fkey') THEN
        ALTER TABLE "abdm"."data_transfers" ADD CONSTRAINT "data_transfers_sender_key_id_fkey" FOREIGN KEY ("tenant_id", "sender_key_id") REFERENCES "abdm"."encryption_keys" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfers"'::regclass AND conname = 'data_transfers_tenant_id_fkey') THEN
        ALTER TABLE "abdm"."data_transfers" ADD CONSTRAINT "data_transfers_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "data_transfers_tenant_id_sender_key_id_idx" ON "abdm"."data_transfers" ("tenant_id", "sender_key_id");
COMMENT ON TABLE "abdm"."data_transfers" IS 'Push log: each encrypted page sent (HIP) or received (HIU).';
COMMENT ON COLUMN "abdm"."data_transfers"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "abdm"."data_transfers"."direction" IS 'outbound (we are the HIP) or inbound (we are the HIU).';
COMMENT ON COLUMN "abdm"."data_transfers"."sender_key_id" IS 'Our sender key pair for outbound pages.';
COMMENT ON COLUMN "abdm"."data_transfers"."notified_at" IS 'Data-flow notification (TRANSFERRED/FAILED) sent to the consent manager.';
COMMENT ON COLUMN "abdm"."data_transfers"."payload_ref" IS 'Object-storage key of the encrypted blob (short retention).';
COMMENT ON COLUMN "abdm"."data_transfers"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "abdm"."data_transfers"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "abdm"."data_transfers"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "abdm"."data_transfers"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "abdm"."data_transfers"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "abdm"."data_transfers"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "abdm"."data_transfers"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- abdm.data_transfer_entries
CREATE TABLE IF NOT EXISTS "abdm"."data_transfer_entries" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "data_transfer_id" uuid NOT NULL, "care_context_id" uuid, "care_context_reference" character varying(100) NOT NULL, "hi_type" "abdm"."hi_type" NOT NULL, "media_type" character varying(40) NOT NULL DEFAULT 'application/fhir+json', "checksum" character varying(64) NOT NULL, "status" character varying(10) NOT NULL, "error_message" text, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "data_transfer_entries_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfer_entries"'::regclass AND conname = 'data_transfer_entries_tenant_id_data_transfer_id_c_5c07c65d_key') THEN
        ALTER TABLE "abdm"."data_transfer_entries" ADD CONSTRAINT "data_transfer_entries_tenant_id_data_transfer_id_c_5c07c65d_key" UNIQUE ("tenant_id", "data_transfer_id", "care_context_reference", "hi_type");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfer_entries"'::regclass AND conname = 'data_transfer_entries_tenant_id_id_key') THEN
        ALTER TABLE "abdm"."data_transfer_entries" ADD CONSTRAINT "data_transfer_entries_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfer_entries"'::regclass AND conname = 'data_transfer_entries_deleted_by_check') THEN
        ALTER TABLE "abdm"."data_transfer_entries" ADD CONSTRAINT "data_transfer_entries_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfer_entries"'::regclass AND conname = 'data_transfer_entries_error_explained') THEN
        ALTER TABLE "abdm"."data_transfer_entries" ADD CONSTRAINT "data_transfer_entries_error_explained" CHECK (status <> 'errored' OR error_message IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfer_entries"'::regclass AND conname = 'data_transfer_entries_status_valid') THEN
        ALTER TABLE "abdm"."data_transfer_entries" ADD CONSTRAINT "data_transfer_entries_status_valid" CHECK (status IN ('delivered', 'errored'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfer_entries"'::regclass AND conname = 'data_transfer_entries_care_context_id_fkey') THEN
        ALTER TABLE "abdm"."data_transfer_entries" ADD CONSTRAINT "data_transfer_entries_care_context_id_fkey" FOREIGN KEY ("tenant_id", "care_context_id") REFERENCES "abdm"."care_contexts" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfer_entries"'::regclass AND conname = 'data_transfer_entries_data_transfer_id_fkey') THEN
        ALTER TABLE "abdm"."data_transfer_entries" ADD CONSTRAINT "data_transfer_entries_data_transfer_id_fkey" FOREIGN KEY ("tenant_id", "data_transfer_id") REFERENCES "abdm"."data_transfers" ("tenant_id", "id") ON DELETE CASCADE;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."data_transfer_entries"'::regclass AND conname = 'data_transfer_entries_tenant_id_fkey') THEN
        ALTER TABLE "abdm"."data_transfer_entries" ADD CONSTRAINT "data_transfer_entries_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "data_transfer_entries_tenant_id_care_context_id_idx" ON "abdm"."data_transfer_entries" ("tenant_id", "care_context_id");
COMMENT ON TABLE "abdm"."data_transfer_entries" IS 'Per care-context outcome within a transfer (what the HIP reports back per record).';
COMMENT ON COLUMN "abdm"."data_transfer_entries"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "abdm"."data_transfer_entries"."care_context_id" IS 'Local care context (HIP side); NULL on the HIU side.';
COMMENT ON COLUMN "abdm"."data_transfer_entries"."checksum" IS 'Checksum of the encrypted entry content.';
COMMENT ON COLUMN "abdm"."data_transfer_entries"."status" IS 'delivered or errored.';
COMMENT ON COLUMN "abdm"."data_transfer_entries"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "abdm"."data_transfer_entries"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "abdm"."data_transfer_entries"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "abdm"."data_transfer_entries"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "abdm"."data_transfer_entries"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "abdm"."data_transfer_entries"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "abdm"."data_transfer_entries"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- abdm.consent_requests
CREATE TABLE IF NOT EXISTS "abdm"."consent_requests" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "requester_practitioner_id" uuid NOT NULL, "hiu_service_id" uuid NOT NULL, "abha_address" character varying(64) NOT NULL, "purpose_code" "abdm"."consent_purpose" NOT NULL, "hi_types" "abdm"."hi_type"[] NOT NULL, "hip_ids" character varying(60)[], "date_from" timestamp with time zone NOT NULL, "date_to" timestamp with time zone NOT NULL, "data_erase_at" timestamp with time zone NOT NULL, "access_mode" "abdm"."access_mode" NOT NULL DEFAULT 'VIEW', "frequency_unit" "abdm"."frequency_unit" NOT NULL DEFAULT 'HOUR', "frequency_value" smallint NOT NULL DEFAULT 1, "frequency_repeats" smallint NOT NULL DEFAULT 0, "reason" text, "gateway_request_id" uuid NOT NULL, "cm_consent_request_id" character varying(64), "status" "abdm"."consent_request_status" NOT NULL DEFAULT 'draft', "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "consent_requests_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_requests"'::regclass AND conname = 'consent_requests_tenant_id_gateway_request_id_key') THEN
        ALTER TABLE "abdm"."consent_requests" ADD CONSTRAINT "consent_requests_tenant_id_gateway_request_id_key" UNIQUE ("tenant_id", "gateway_request_id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_requests"'::regclass AND conname = 'consent_requests_tenant_id_id_key') THEN
        ALTER TABLE "abdm"."consent_requests" ADD CONSTRAINT "consent_requests_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_requests"'::regclass AND conname = 'consent_requests_abha_address_format') THEN
        ALTER TABLE "abdm"."consent_requests" ADD CONSTRAINT "consent_requests_abha_address_format" CHECK (abha_address ~ '^[a-z0-9._]+@[a-z]+$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_requests"'::regclass AND conname = 'consent_requests_btg_justified') THEN
        ALTER TABLE "abdm"."consent_requests" ADD CONSTRAINT "consent_requests_btg_justified" CHECK (purpose_code <> 'BTG' OR reason IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_requests"'::regclass AND conname = 'consent_requests_date_range') THEN
        ALTER TABLE "abdm"."consent_requests" ADD CONSTRAINT "consent_requests_date_range" CHECK (date_to >= date_from);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_requests"'::regclass AND conname = 'consent_requests_deleted_by_check') THEN
        ALTER TABLE "abdm"."consent_requests" ADD CONSTRAINT "consent_requests_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_requests"'::regclass AND conname = 'consent_requests_frequency_valid') THEN
        ALTER TABLE "abdm"."consent_requests" ADD CONSTRAINT "consent_requests_frequency_valid" CHECK (frequency_value >= 1 AND frequency_repeats >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_requests"'::regclass AND conname = 'consent_requests_has_hi_types') THEN
        ALTER TABLE "abdm"."consent_requests" ADD CONSTRAINT "consent_requests_has_hi_types" CHECK (cardinality(hi_types) >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_requests"'::regclass AND conname = 'consent_requests_hiu_service_id_fkey') THEN
        ALTER TABLE "abdm"."consent_requests" ADD CONSTRAINT "consent_requests_hiu_service_id_fkey" FOREIGN KEY ("tenant_id", "hiu_service_id") REFERENCES "abdm"."facility_services" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_requests"'::regclass AND conname = 'consent_requests_tenant_id_fkey') THEN
        ALTER TABLE "abdm"."consent_requests" ADD CONSTRAINT "consent_requests_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "consent_requests_pending_idx" ON "abdm"."consent_requests" ("tenant_id", "status") WHERE status = 'requested';
CREATE UNIQUE INDEX IF NOT EXISTS "consent_requests_tenant_id_cm_consent_request_id_uidx" ON "abdm"."consent_requests" ("tenant_id", "cm_consent_request_id") WHERE cm_consent_request_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS "consent_requests_tenant_id_hiu_service_id_idx" ON "abdm"."consent_requests" ("tenant_id", "hiu_service_id");
CREATE INDEX IF NOT EXISTS "consent_requests_tenant_id_patient_id_created_at_idx" ON "abdm"."consent_requests" ("tenant_id", "patient_id", "created_at" DESC);
CREATE INDEX IF NOT EXISTS "consent_requests_tenant_id_requester_practitioner_id_idx" ON "abdm"."consent_requests" ("tenant_id", "requester_practitioner_id");
COMMENT ON TABLE "abdm"."consent_requests" IS E'HIU-side request for a patient\'s records, raised by a clinician.';
COMMENT ON COLUMN "abdm"."consent_requests"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "abdm"."consent_requests"."hiu_service_id" IS 'The HIU service the request is raised from.';
COMMENT ON COLUMN "abdm"."consent_requests"."hip_ids" IS 'Restrict to these HIPs; NULL = all.';
COMMENT ON COLUMN "abdm"."consent_requests"."data_erase_at" IS 'When the received data must be erased.';
COMMENT ON COLUMN "abdm"."consent_requests"."reason" IS 'Clinical justification; mandatory for break-the-glass.';
COMMENT ON COLUMN "abdm"."consent_requests"."gateway_request_id" IS 'REQUEST-ID of the consent-request call; callbacks reference it.';
COMMENT ON COLUMN "abdm"."consent_requests"."cm_consent_request_id" IS 'Consent request id assigned by the consent manager.';
COMMENT ON COLUMN "abdm"."consent_requests"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "abdm"."consent_requests"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "abdm"."consent_requests"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "abdm"."consent_requests"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "abdm"."consent_requests"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "abdm"."consent_requests"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "abdm"."consent_requests"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- abdm.link_requests
CREATE TABLE IF NOT EXISTS "abdm"."link_requests" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "transaction_id" uuid NOT NULL, "facility_service_id" uuid NOT NULL, "abha_address" character varying(64) NOT NULL, "patient_id" uuid, "care_context_ids" uuid[] NOT NULL, "link_reference" character varying(64), "auth_mode" character varying(20), "otp_expires_at" timestamp with time zone, "link_token_expires_at" timestamp with time zone, "status" "abdm"."link_request_status" NOT NULL, "error" jsonb, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "link_requests_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."link_requests"'::regclass AND conname = 'link_requests_tenant_id_facility_service_id_transaction_id_key') THEN
        ALTER TABLE "abdm"."link_requests" ADD CONSTRAINT "link_requests_tenant_id_facility_service_id_transaction_id_key" UNIQUE ("tenant_id", "facility_service_id", "transaction_id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."link_requests"'::regclass AND conname = 'link_requests_tenant_id_id_key') THEN
        ALTER TABLE "abdm"."link_requests" ADD CONSTRAINT "link_requests_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."link_requests"'::regclass AND conname = 'link_requests_abha_address_format') THEN
        ALTER TABLE "abdm"."link_requests" ADD CONSTRAINT "link_requests_abha_address_format" CHECK (abha_address ~ '^[a-z0-9._]+@[a-z]+$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."link_requests"'::regclass AND conname = 'link_requests_deleted_by_check') THEN
        ALTER TABLE "abdm"."link_requests" ADD CONSTRAINT "link_requests_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."link_requests"'::regclass AND conname = 'link_requests_facility_service_id_fkey') THEN
        ALTER TABLE "abdm"."link_requests" ADD CONSTRAINT "link_requests_facility_service_id_fkey" FOREIGN KEY ("tenant_id", "facility_service_id") REFERENCES "abdm"."facility_services" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."link_requests"'::regclass AND conname = 'link_requests_tenant_id_fkey') THEN
        ALTER TABLE "abdm"."link_requests" ADD CONSTRAINT "link_requests_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "link_requests_open_idx" ON "abdm"."link_requests" ("tenant_id", "status") WHERE status IN ('discovered', 'otp_sent');
CREATE INDEX IF NOT EXISTS "link_requests_tenant_id_patient_id_idx" ON "abdm"."link_requests" ("tenant_id", "patient_id");
COMMENT ON TABLE "abdm"."link_requests" IS 'Discovery/link transactions: patient-initiated discover → init → OTP confirm, or HIP-initiated link with a link token.';
COMMENT ON COLUMN "abdm"."link_requests"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "abdm"."link_requests"."transaction_id" IS 'Gateway transaction id of the discovery/link flow.';
COMMENT ON COLUMN "abdm"."link_requests"."patient_id" IS 'Matched local patient; NULL when discovery found no match.';
COMMENT ON COLUMN "abdm"."link_requests"."care_context_ids" IS 'abdm.care_contexts offered or linked in this transaction (array: no FK).';
COMMENT ON COLUMN "abdm"."link_requests"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "abdm"."link_requests"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "abdm"."link_requests"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "abdm"."link_requests"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "abdm"."link_requests"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "abdm"."link_requests"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "abdm"."link_requests"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- abdm.scan_share_tokens
CREATE TABLE IF NOT EXISTS "abdm"."scan_share_tokens" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "facility_service_id" uuid NOT NULL, "counter_code" character varying(40), "token_date" date NOT NULL, "token_number" integer NOT NULL, "gateway_request_id" uuid NOT NULL, "abha_number" character varying(14), "abha_address" character varying(64) NOT NULL, "profile" jsonb NOT NULL, "patient_id" uuid, "status" "abdm"."token_status" NOT NULL DEFAULT 'issued', "expires_at" timestamp with time zone NOT NULL, "called_at" timestamp with time zone, "registered_at" timestamp with time zone, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "scan_share_tokens_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."scan_share_tokens"'::regclass AND conname = 'scan_share_tokens_tenant_id_facility_service_id_to_8ff45fff_key') THEN
        ALTER TABLE "abdm"."scan_share_tokens" ADD CONSTRAINT "scan_share_tokens_tenant_id_facility_service_id_to_8ff45fff_key" UNIQUE ("tenant_id", "facility_service_id", "token_date", "token_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."scan_share_tokens"'::regclass AND conname = 'scan_share_tokens_tenant_id_gateway_request_id_key') THEN
        ALTER TABLE "abdm"."scan_share_tokens" ADD CONSTRAINT "scan_share_tokens_tenant_id_gateway_request_id_key" UNIQUE ("tenant_id", "gateway_request_id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."scan_share_tokens"'::regclass AND conname = 'scan_share_tokens_tenant_id_id_key') THEN
        ALTER TABLE "abdm"."scan_share_tokens" ADD CONSTRAINT "scan_share_tokens_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."scan_share_tokens"'::regclass AND conname = 'scan_share_tokens_abha_address_format') THEN
        ALTER TABLE "abdm"."scan_share_tokens" ADD CONSTRAINT "scan_share_tokens_abha_address_format" CHECK (abha_address ~ '^[a-z0-9._]+@[a-z]+$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."scan_share_tokens"'::regclass AND conname = 'scan_share_tokens_abha_number_format') THEN
        ALTER TABLE "abdm"."scan_share_tokens" ADD CONSTRAINT "scan_share_tokens_abha_number_format" CHECK (abha_number ~ '^[0-9]{14}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."scan_share_tokens"'::regclass AND conname = 'scan_share_tokens_deleted_by_check') THEN
        ALTER TABLE "abdm"."scan_share_tokens" ADD CONSTRAINT "scan_share_tokens_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."scan_share_tokens"'::regclass AND conname = 'scan_share_tokens_number_positive') THEN
        ALTER TABLE "abdm"."scan_share_tokens" ADD CONSTRAINT "scan_share_tokens_number_positive" CHECK (token_number > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."scan_share_tokens"'::regclass AND conname = 'scan_share_tokens_registered_has_patient') THEN
        ALTER TABLE "abdm"."scan_share_tokens" ADD CONSTRAINT "scan_share_tokens_registered_has_patient" CHECK (status <> 'registered' OR (patient_id IS NOT NULL AND registered_at IS NOT NULL));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."scan_share_tokens"'::regclass AND conname = 'scan_share_tokens_facility_service_id_fkey') THEN
        ALTER TABLE "abdm"."scan_share_tokens" ADD CONSTRAINT "scan_share_tokens_facility_service_id_fkey" FOREIGN KEY ("tenant_id", "facility_service_id") REFERENCES "abdm"."facility_services" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."scan_share_tokens"'::regclass AND conname = 'scan_share_tokens_tenant_id_fkey') THEN
        ALTER TABLE "abdm"."scan_share_tokens" ADD CONSTRAINT "scan_share_tokens_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "scan_share_tokens_tenant_id_facility_service_id_to_676447ea_idx" ON "abdm"."scan_share_tokens" ("tenant_id", "facility_service_id", "token_date", "status");
CREATE INDEX IF NOT EXISTS "scan_share_tokens_tenant_id_patient_id_idx" ON "abdm"."scan_share_tokens" ("tenant_id", "patient_id");
COMMENT ON TABLE "abdm"."scan_share_tokens" IS 'Scan & Share queue: the patient scans the facility QR, the profile arrives by callback, the counter gets a token.';
COMMENT ON COLUMN "abdm"."scan_share_tokens"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "abdm"."scan_share_tokens"."counter_code" IS 'Registration counter the QR belongs to.';
COMMENT ON COLUMN "abdm"."scan_share_tokens"."token_date" IS 'Tokens restart every day (IST).';
COMMENT ON COLUMN "abdm"."scan_share_tokens"."gateway_request_id" IS 'REQUEST-ID of the profile-share callback; a repeated callback gets the same token.';
COMMENT ON COLUMN "abdm"."scan_share_tokens"."profile" IS 'Demographics as shared by the patient.';
COMMENT ON COLUMN "abdm"."scan_share_tokens"."patient_id" IS 'Matched or newly registered patient.';
COMMENT ON COLUMN "abdm"."scan_share_tokens"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "abdm"."scan_share_tokens"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "abdm"."scan_share_tokens"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "abdm"."scan_share_tokens"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "abdm"."scan_share_tokens"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "abdm"."scan_share_tokens"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "abdm"."scan_share_tokens"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.claim_communications
CREATE TABLE IF NOT EXISTS "billing"."claim_communications" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "claim_id" uuid, "pre_authorization_id" uuid, "direction" character varying(8) NOT NULL, "communication_type" character varying(30) NOT NULL, "message" text NOT NULL, "document_ids" uuid[] NOT NULL DEFAULT ('{}'::uuid[]), "due_at" timestamp with time zone, "responded_at" timestamp with time zone, "hcx_api_call_id" uuid, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "claim_communications_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_communications"'::regclass AND conname = 'claim_communications_tenant_id_id_key') THEN
        ALTER TABLE "billing"."claim_communications" ADD CONSTRAINT "claim_communications_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_communications"'::regclass AND conname = 'claim_communications_deleted_by_check') THEN
        ALTER TABLE "billing"."claim_communications" ADD CONSTRAINT "claim_communications_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_communications"'::regclass AND conname = 'claim_communications_direction_values') THEN
        ALTER TABLE "billing"."claim_communications" ADD CONSTRAINT "claim_communications_direction_values" CHECK (direction IN ('inbound', 'outbound'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_communications"'::regclass AND conname = 'claim_communications_one_subject') THEN
        ALTER TABLE "billing"."claim_communications" ADD CONSTRAINT "claim_communications_one_subject" CHECK (num_nonnulls(claim_id, pre_authorization_id) = 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_communications"'::regclass AND conname = 'claim_communications_type_values') THEN
        ALTER TABLE "billing"."claim_communications" ADD CONSTRAINT "claim_communications_type_values" CHECK (communication_type IN ('query', 'response', 'document_request'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_communications"'::regclass AND conname = 'claim_communications_tenant_id_fkey') THEN
        ALTER TABLE "billing"."claim_communications" ADD CONSTRAINT "claim_communications_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "claim_communications_tenant_id_claim_id_idx" ON "billing"."claim_communications" ("tenant_id", "claim_id");
CREATE UNIQUE INDEX IF NOT EXISTS "claim_communications_tenant_id_hcx_api_call_id_uidx" ON "billing"."claim_communications" ("tenant_id", "hcx_api_call_id") WHERE hcx_api_call_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS "claim_communications_tenant_id_pre_authorization_id_idx" ON "billing"."claim_communications" ("tenant_id", "pre_authorization_id");
COMMENT ON TABLE "billing"."claim_communications" IS 'Query, response and document requests exchanged with a payer about a claim or a pre-authorisation (NHCX Communication messages).';
COMMENT ON COLUMN "billing"."claim_communications"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."claim_communications"."direction" IS 'inbound or outbound.';
COMMENT ON COLUMN "billing"."claim_communications"."communication_type" IS 'query, response or document_request.';
COMMENT ON COLUMN "billing"."claim_communications"."document_ids" IS 'core.documents attached to the message.';
COMMENT ON COLUMN "billing"."claim_communications"."hcx_api_call_id" IS 'x-hcx-api_call_id of the NHCX message.';
COMMENT ON COLUMN "billing"."claim_communications"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."claim_communications"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."claim_communications"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."claim_communications"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."claim_communications"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."claim_communications"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."claim_communications"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.claim_events
CREATE TABLE IF NOT EXISTS "billing"."claim_events" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "claim_id" uuid, "pre_authorization_id" uuid, "event_type" character varying(40) NOT NULL, "direction" character varying(8) NOT NULL, "from_status" character varying(30), "to_status" character varying(30), "hcx_api_call_id" uuid, "hcx_correlation_id" uuid, "hcx_status" "billing"."nhcx_status", "payload_ref" character varying(500), "occurred_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "claim_events_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_events"'::regclass AND conname = 'claim_events_tenant_id_id_key') THEN
        ALTER TABLE "billing"."claim_events" ADD CONSTRAINT "claim_events_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_events"'::regclass AND conname = 'claim_events_deleted_by_check') THEN
        ALTER TABLE "billing"."claim_events" ADD CONSTRAINT "claim_events_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_events"'::regclass AND conname = 'claim_events_direction_values') THEN
        ALTER TABLE "billing"."claim_events" ADD CONSTRAINT "claim_events_direction_values" CHECK (direction IN ('outbound', 'inbound'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_events"'::regclass AND conname = 'claim_events_one_subject') THEN
        ALTER TABLE "billing"."claim_events" ADD CONSTRAINT "claim_events_one_subject" CHECK (num_nonnulls(claim_id, pre_authorization_id) = 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_events"'::regclass AND conname = 'claim_events_tenant_id_fkey') THEN
        ALTER TABLE "billing"."claim_events" ADD CONSTRAINT "claim_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "claim_events_corr_idx" ON "billing"."claim_events" ("hcx_correlation_id", "occurred_at");
CREATE INDEX IF NOT EXISTS "claim_events_hcx_correlation_id_idx" ON "billing"."claim_events" ("hcx_correlation_id");
CREATE INDEX IF NOT EXISTS "claim_events_tenant_id_claim_id_occurred_at_idx" ON "billing"."claim_events" ("tenant_id", "claim_id", "occurred_at");
CREATE UNIQUE INDEX IF NOT EXISTS "claim_events_tenant_id_hcx_api_call_id_uidx" ON "billing"."claim_events" ("tenant_id", "hcx_api_call_id") WHERE hcx_api_call_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS "claim_events_tenant_id_pre_authorization_id_occurred_at_idx" ON "billing"."claim_events" ("tenant_id", "pre_authorization_id", "occurred_at");
COMMENT ON TABLE "billing"."claim_events" IS 'Protocol / state history of claims and pre-authorisations (NHCX messages, portal updates, queries). Append-only.';
COMMENT ON COLUMN "billing"."claim_events"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."claim_events"."event_type" IS 'submitted, communication_request, communication_response, claim_response, payment_notice, status_check …';
COMMENT ON COLUMN "billing"."claim_events"."direction" IS 'outbound or inbound.';
COMMENT ON COLUMN "billing"."claim_events"."hcx_api_call_id" IS 'x-hcx-api_call_id of the message; a repeated callback is ignored.';
COMMENT ON COLUMN "billing"."claim_events"."payload_ref" IS 'Encrypted (JWE) payload in object storage.';
COMMENT ON COLUMN "billing"."claim_events"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."claim_events"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."claim_events"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."claim_events"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."claim_events"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."claim_events"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."claim_events"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.claim_items
CREATE TABLE IF NOT EXISTS "billing"."claim_items" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "claim_id" uuid NOT NULL, "line_no" integer NOT NULL, "invoice_line_id" uuid, "service_code" character varying(30), "package_code" character varying(20), "description" character varying(300) NOT NULL, "quantity" numeric(12,3) NOT NULL, "claimed_amount" numeric(12,2) NOT NULL, "approved_amount" numeric(12,2), "disallowed_amount" numeric(12,2), "disallowance_reason_code" character varying(20), "adjudication" jsonb, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "claim_items_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_items"'::regclass AND conname = 'claim_items_tenant_id_claim_id_line_no_key') THEN
        ALTER TABLE "billing"."claim_items" ADD CONSTRAINT "claim_items_tenant_id_claim_id_line_no_key" UNIQUE ("tenant_id", "claim_id", "line_no");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_items"'::regclass AND conname = 'claim_items_tenant_id_id_key') THEN
        ALTER TABLE "billing"."claim_items" ADD CONSTRAINT "claim_items_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_items"'::regclass AND conname = 'claim_items_amounts_nonnegative') THEN
        ALTER TABLE "billing"."claim_items" ADD CONSTRAINT "claim_items_amounts_nonnegative" CHECK (claimed_amount >= 0 AND (approved_amount IS NULL OR approved_amount >= 0) AND (disallowed_amount IS NULL OR disallowed_amount >= 0));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_items"'::regclass AND conname = 'claim_items_approved_within_claimed') THEN
        ALTER TABLE "billing"."claim_items" ADD CONSTRAINT "claim_items_approved_within_claimed" CHECK (approved_amount IS NULL OR approved_amount <= claimed_amount);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_items"'::regclass AND conname = 'claim_items_deleted_by_check') THEN
        ALTER TABLE "billing"."claim_items" ADD CONSTRAINT "claim_items_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_items"'::regclass AND conname = 'claim_items_disallowance_reason') THEN
        ALTER TABLE "billing"."claim_items" ADD CONSTRAINT "claim_items_disallowance_reason" CHECK (coalesce(disallowed_amount, 0) = 0 OR disallowance_reason_code IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_items"'::regclass AND conname = 'claim_items_disallowed_within_claimed') THEN
        ALTER TABLE "billing"."claim_items" ADD CONSTRAINT "claim_items_disallowed_within_claimed" CHECK (disallowed_amount IS NULL OR disallowed_amount <= claimed_amount);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_items"'::regclass AND conname = 'claim_items_line_no_positive') THEN
        ALTER TABLE "billing"."claim_items" ADD CONSTRAINT "claim_items_line_no_positive" CHECK (line_no > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_items"'::regclass AND conname = 'claim_items_quantity_positive') THEN
        ALTER TABLE "billing"."claim_items" ADD CONSTRAINT "claim_items_quantity_positive" CHECK (quantity > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_items"'::regclass AND conname = 'claim_items_tenant_id_fkey') THEN
        ALTER TABLE "billing"."claim_items" ADD CONSTRAINT "claim_items_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "claim_items_tenant_id_invoice_line_id_idx" ON "billing"."claim_items" ("tenant_id", "invoice_line_id");
COMMENT ON TABLE "billing"."claim_items" IS E'Claimed line with the payer\'s adjudication.';
COMMENT ON COLUMN "billing"."claim_items"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."claim_items"."package_code" IS 'Scheme package code (PM-JAY HBP).';
COMMENT ON COLUMN "billing"."claim_items"."adjudication" IS 'FHIR ClaimResponse.item.adjudication.';
COMMENT ON COLUMN "billing"."claim_items"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."claim_items"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."claim_items"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."claim_items"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."claim_items"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."claim_items"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."claim_items"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.credit_notes
CREATE TABLE IF NOT EXISTS "billing"."credit_notes" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "credit_note_number" character varying(16) NOT NULL, "fiscal_year" character varying(7) NOT NULL, "invoice_id" uuid NOT NULL, "issue_date" date NOT NULL, "reason" "billing"."credit_note_reason" NOT NULL, "taxable_amount" numeric(12,2) NOT NULL, "cgst_amount" numeric(12,2) NOT NULL DEFAULT 0, "sgst_amount" numeric(12,2) NOT NULL DEFAULT 0, "igst_amount" numeric(12,2) NOT NULL DEFAULT 0, "total_amount" numeric(12,2) NOT NULL, "lines" jsonb NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'draft', "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "credit_notes_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."credit_notes"'::regclass AND conname = 'credit_notes_tenant_id_fiscal_year_credit_note_number_key') THEN
        ALTER TABLE "billing"."credit_notes" ADD CONSTRAINT "credit_notes_tenant_id_fiscal_year_credit_note_number_key" UNIQUE ("tenant_id", "fiscal_year", "credit_note_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."credit_notes"'::regclass AND conname = 'credit_notes_tenant_id_id_key') THEN
        ALTER TABLE "billing"."credit_notes" ADD CONSTRAINT "credit_notes_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."credit_notes"'::regclass AND conname = 'credit_notes_amounts_nonnegative') THEN
        ALTER TABLE "billing"."credit_notes" ADD CONSTRAINT "credit_notes_amounts_nonnegative" CHECK (taxable_amount >= 0 AND cgst_amount >= 0 AND sgst_amount >= 0 AND igst_amount >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."credit_notes"'::regclass AND conname = 'credit_notes_deleted_by_check') THEN
        ALTER TABLE "billing"."credit_notes" ADD CONSTRAINT "credit_notes_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."credit_notes"'::regclass AND conname = 'credit_notes_fiscal_year_format') THEN
        ALTER TABLE "billing"."credit_notes" ADD CONSTRAINT "credit_notes_fiscal_year_format" CHECK (fiscal_year ~ '^[0-9]{4}-[0-9]{2}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."credit_notes"'::regclass AND conname = 'credit_notes_lines_array') THEN
        ALTER TABLE "billing"."credit_notes" ADD CONSTRAINT "credit_notes_lines_array" CHECK (jsonb_typeof(lines) = 'array');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."credit_notes"'::regclass AND conname = 'credit_notes_number_format') THEN
        ALTER TABLE "billing"."credit_notes" ADD CONSTRAINT "credit_notes_number_format" CHECK (credit_note_number ~ '^[A-Za-z0-9/-]{1,16}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."credit_notes"'::regclass AND conname = 'credit_notes_status_values') THEN
        ALTER TABLE "billing"."credit_notes" ADD CONSTRAINT "credit_notes_status_values" CHECK (status IN ('draft', 'issued', 'cancelled'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."credit_notes"'::regclass AND conname = 'credit_notes_total') THEN
        ALTER TABLE "billing"."credit_notes" ADD CONSTRAINT "credit_notes_total" CHECK (total_amount = taxable_amount + cgst_amount + sgst_amount + igst_amount);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."credit_notes"'::regclass AND conname = 'credit_notes_total_positive') THEN
        ALTER TABLE "billing"."credit_notes" ADD CONSTRAINT "credit_notes_total_positive" CHECK (total_amount > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."credit_notes"'::regclass AND conname = 'credit_notes_tenant_id_fkey') THEN
        ALTER TABLE "billing"."credit_notes" ADD CONSTRAINT "credit_notes_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "credit_notes_tenant_id_invoice_id_idx" ON "billing"."credit_notes" ("tenant_id", "invoice_id");
COMMENT ON TABLE "billing"."credit_notes" IS 'GST credit note reducing a finalised invoice (disallowance, price correction, cancelled service). A trigger keeps total credits within the invoice net amount.';
COMMENT ON COLUMN "billing"."credit_notes"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."credit_notes"."lines" IS 'Invoice lines credited with their amounts: [{invoice_line_id, taxable, cgst, …}].';
COMMENT ON COLUMN "billing"."credit_notes"."status" IS 'draft, issued or cancelled.';
COMMENT ON COLUMN "billing"."credit_notes"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."credit_notes"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."credit_notes"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."credit_notes"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."credit_notes"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."credit_notes"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."credit_notes"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.deposits
CREATE TABLE IF NOT EXISTS "billing"."deposits" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "deposit_number" character varying(16) NOT NULL, "patient_id" uuid NOT NULL, "admission_id" uuid, "payment_id" uuid NOT NULL, "amount" numeric(12,2) NOT NULL, "adjusted_amount" numeric(12,2) NOT NULL DEFAULT 0, "refunded_amount" numeric(12,2) NOT NULL DEFAULT 0, "balance" numeric(12,2) NOT NULL GENERATED ALWAYS AS (amount - adjusted_amount - refunded_amount) STORED, "status" "billing"."deposit_status" NOT NULL DEFAULT 'held', "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "deposits_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."deposits"'::regclass AND conname = 'deposits_tenant_id_deposit_number_key') THEN
        ALTER TABLE "billing"."deposits" ADD CONSTRAINT "deposits_tenant_id_deposit_number_key" UNIQUE ("tenant_id", "deposit_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."deposits"'::regclass AND conname = 'deposits_tenant_id_id_key') THEN
        ALTER TABLE "billing"."deposits" ADD CONSTRAINT "deposits_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."deposits"'::regclass AND conname = 'deposits_amount_positive') THEN
        ALTER TABLE "billing"."deposits" ADD CONSTRAINT "deposits_amount_positive" CHECK (amount > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."deposits"'::regclass AND conname = 'deposits_deleted_by_check') THEN
        ALTER TABLE "billing"."deposits" ADD CONSTRAINT "deposits_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."deposits"'::regclass AND conname = 'deposits_status_consistent') THEN
        ALTER TABLE "billing"."deposits" ADD CONSTRAINT "deposits_status_consistent" CHECK ((status <> 'held' OR adjusted_amount + refunded_amount = 0) AND (status NOT IN ('adjusted', 'refunded') OR adjusted_amount + refunded_amount = amount));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."deposits"'::regclass AND conname = 'deposits_used_within_amount') THEN
        ALTER TABLE "billing"."deposits" ADD CONSTRAINT "deposits_used_within_amount" CHECK (adjusted_amount >= 0 AND refunded_amount >= 0 AND adjusted_amount + refunded_amount <= amount);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."deposits"'::regclass AND conname = 'deposits_tenant_id_fkey') THEN
        ALTER TABLE "billing"."deposits" ADD CONSTRAINT "deposits_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "deposits_open_balance_idx" ON "billing"."deposits" ("tenant_id", "patient_id") WHERE balance > 0 AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "deposits_tenant_id_admission_id_idx" ON "billing"."deposits" ("tenant_id", "admission_id");
CREATE INDEX IF NOT EXISTS "deposits_tenant_id_patient_id_idx" ON "billing"."deposits" ("tenant_id", "patient_id");
CREATE INDEX IF NOT EXISTS "deposits_tenant_id_payment_id_idx" ON "billing"."deposits" ("tenant_id", "payment_id");
CREATE UNIQUE INDEX IF NOT EXISTS "deposits_tenant_id_payment_id_uidx" ON "billing"."deposits" ("tenant_id", "payment_id") WHERE deleted_at IS NULL;
COMMENT ON TABLE "billing"."deposits" IS 'Advance collected at admission or before a procedure, adjusted against the final bill.';
COMMENT ON COLUMN "billing"."deposits"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."deposits"."payment_id" IS 'The receipt that collected the advance.';
COMMENT ON COLUMN "billing"."deposits"."balance" IS 'Unused advance.';
COMMENT ON COLUMN "billing"."deposits"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."deposits"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."deposits"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."deposits"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."deposits"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."deposits"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."deposits"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.insurance_claims
CREATE TABLE IF NOT EXISTS "billing"."insurance_claims" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "claim_number" character varying(30) NOT NULL, "claim_type" "billing"."claim_type" NOT NULL, "patient_id" uuid NOT NULL, "admission_id" uuid, "invoice_id" uuid NOT NULL, "policy_id" uuid, "scheme_id" uuid, "payer_id" uuid NOT NULL, "pre_authorization_id" uuid, "claimed_amount" numeric(12,2) NOT NULL, "approved_amount" numeric(12,2), "disallowed_amount" numeric(12,2), "co_pay_amount" numeric(12,2), "tds_amount" numeric(12,2), "settled_amount" numeric(12,2), "status" "billing"."claim_status" NOT NULL DEFAULT 'draft', "nhcx_status" "billing"."nhcx_status", "nhcx_api_call_id" uuid, "nhcx_correlation_id" uuid, "nhcx_workflow_id" uuid, "submitted_at" timestamp with time zone, "settled_at" timestamp with time zone, "settlement_utr" character varying(40), "rejection_reason" text, "fhir_claim" jsonb, "fhir_claim_response" jsonb, "final_preauth_id" uuid, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "insurance_claims_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_tenant_id_claim_number_key') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_tenant_id_claim_number_key" UNIQUE ("tenant_id", "claim_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_tenant_id_id_key') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_amounts_nonnegative') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_amounts_nonnegative" CHECK (claimed_amount > 0 AND (approved_amount IS NULL OR approved_amount >= 0) AND (disallowed_amount IS NULL OR disallowed_amount >= 0) AND (co_pay_amount IS NULL OR co_pay_amount >= 0) AND (tds_amount IS NULL OR tds_amount >= 0) AND (settled_amount IS NULL OR settled_amount >= 0));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_approved_within_claimed') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_approved_within_claimed" CHECK (approved_amount IS NULL OR approved_amount <= claimed_amount);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_cashless_has_preauth') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_cashless_has_preauth" CHECK (claim_type <> 'cashless' OR pre_authorization_id IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_deleted_by_check') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_has_coverage') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_has_coverage" CHECK (num_nonnulls(policy_id, scheme_id) >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_rejection_reason') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_rejection_reason" CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_scheme_has_scheme') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_scheme_has_scheme" CHECK (claim_type <> 'scheme' OR scheme_id IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_settled_complete') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_settled_complete" CHECK (status <> 'settled' OR (settled_at IS NOT NULL AND settlement_utr IS NOT NULL));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_settled_within_approved') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_settled_within_approved" CHECK (settled_amount IS NULL OR (approved_amount IS NOT NULL AND settled_amount <= approved_amount));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_payer_id_fkey') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_payer_id_fkey" FOREIGN KEY ("tenant_id", "payer_id") REFERENCES "billing"."payers" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_scheme_id_fkey') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_scheme_id_fkey" FOREIGN KEY ("tenant_id", "scheme_id") REFERENCES "billing"."schemes" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_tenant_id_fkey') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "insurance_claims_tenant_id_admission_id_idx" ON "billing"."insurance_claims" ("tenant_id", "admission_id");
CREATE INDEX IF NOT EXISTS "insurance_claims_tenant_id_final_preauth_id_idx" ON "billing"."insurance_claims" ("tenant_id", "final_preauth_id");
CREATE INDEX IF NOT EXISTS "insurance_claims_tenant_id_invoice_id_idx" ON "billing"."insurance_claims" ("tenant_id", "invoice_id");
CREATE UNIQUE INDEX IF NOT EXISTS "insurance_claims_tenant_id_nhcx_correlation_id_uidx" ON "billing"."insurance_claims" ("tenant_id", "nhcx_correlation_id") WHERE nhcx_correlation_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS "insurance_claims_tenant_id_patient_id_idx" ON "billing"."insurance_claims" ("tenant_id", "patient_id");
CREATE INDEX IF NOT EXISTS "insurance_claims_tenant_id_payer_id_status_idx" ON "billing"."insurance_claims" ("tenant_id", "payer_id", "status");
CREATE INDEX IF NOT EXISTS "insurance_claims_tenant_id_policy_id_idx" ON "billing"."insurance_claims" ("tenant_id", "policy_id");
CREATE INDEX IF NOT EXISTS "insurance_claims_tenant_id_pre_authorization_id_idx" ON "billing"."insurance_claims" ("tenant_id", "pre_authorization_id");
CREATE INDEX IF NOT EXISTS "insurance_claims_tenant_id_scheme_id_idx" ON "billing"."insurance_claims" ("tenant_id", "scheme_id");
CREATE INDEX IF NOT EXISTS "insurance_claims_tenant_id_status_submitted_at_idx" ON "billing"."insurance_claims" ("tenant_id", "status", "submitted_at");
COMMENT ON TABLE "billing"."insurance_claims" IS 'Claim to an insurer, TPA or scheme, exchanged over NHCX (HCX protocol) or a scheme portal.';
COMMENT ON COLUMN "billing"."insurance_claims"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."insurance_claims"."tds_amount" IS 'Income tax deducted at source by the payer.';
COMMENT ON COLUMN "billing"."insurance_claims"."nhcx_status" IS 'Last x-hcx-status seen for the claim.';
COMMENT ON COLUMN "billing"."insurance_claims"."settlement_utr" IS 'Bank UTR of the settlement transfer.';
COMMENT ON COLUMN "billing"."insurance_claims"."fhir_claim" IS 'FHIR Claim sent.';
COMMENT ON COLUMN "billing"."insurance_claims"."fhir_claim_response" IS 'Last FHIR ClaimResponse received.';
COMMENT ON COLUMN "billing"."insurance_claims"."final_preauth_id" IS 'The pre-authorisation the payer finally approved at discharge (NHCX go-live).';
COMMENT ON COLUMN "billing"."insurance_claims"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."insurance_claims"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."insurance_claims"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."insurance_claims"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."insurance_claims"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."insurance_claims"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."insurance_claims"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.insurance_policies
CREATE TABLE IF NOT EXISTS "billing"."insurance_policies" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "insurer_id" uuid NOT NULL, "tpa_id" uuid, "scheme_id" uuid, "policy_number" character varying(60) NOT NULL, "member_id" character varying(60), "policy_holder_name" character varying(200), "relationship_to_holder" character varying(20), "coverage_type" character varying(20) NOT NULL, "sum_insured" numeric(12,2), "room_rent_limit" numeric(12,2), "co_pay_pct" numeric(5,2), "valid_from" date NOT NULL, "valid_to" date NOT NULL, "corporate_name" character varying(200), "is_primary" bool NOT NULL DEFAULT TRUE, "verified_at" timestamp with time zone, "eligibility_response" jsonb, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "insurance_policies_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_policies"'::regclass AND conname = 'insurance_policies_tenant_id_id_key') THEN
        ALTER TABLE "billing"."insurance_policies" ADD CONSTRAINT "insurance_policies_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_policies"'::regclass AND conname = 'insurance_policies_co_pay_range') THEN
        ALTER TABLE "billing"."insurance_policies" ADD CONSTRAINT "insurance_policies_co_pay_range" CHECK (co_pay_pct BETWEEN 0 AND 100);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_policies"'::regclass AND conname = 'insurance_policies_coverage_type_values') THEN
        ALTER TABLE "billing"."insurance_policies" ADD CONSTRAINT "insurance_policies_coverage_type_values" CHECK (coverage_type IN ('individual', 'family_floater', 'group', 'scheme'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_policies"'::regclass AND conname = 'insurance_policies_deleted_by_check') THEN
        ALTER TABLE "billing"."insurance_policies" ADD CONSTRAINT "insurance_policies_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_policies"'::regclass AND conname = 'insurance_policies_limits_nonnegative') THEN
        ALTER TABLE "billing"."insurance_policies" ADD CONSTRAINT "insurance_policies_limits_nonnegative" CHECK ((sum_insured IS NULL OR sum_insured >= 0) AND (room_rent_limit IS NULL OR room_rent_limit >= 0));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_policies"'::regclass AND conname = 'insurance_policies_relationship_values') THEN
        ALTER TABLE "billing"."insurance_policies" ADD CONSTRAINT "insurance_policies_relationship_values" CHECK (relationship_to_holder IN ('self', 'spouse', 'child', 'parent', 'parent_in_law', 'sibling', 'other'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_policies"'::regclass AND conname = 'insurance_policies_tpa_not_insurer') THEN
        ALTER TABLE "billing"."insurance_policies" ADD CONSTRAINT "insurance_policies_tpa_not_insurer" CHECK (tpa_id <> insurer_id);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_policies"'::regclass AND conname = 'insurance_policies_valid_window') THEN
        ALTER TABLE "billing"."insurance_policies" ADD CONSTRAINT "insurance_policies_valid_window" CHECK (valid_to >= valid_from);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_policies"'::regclass AND conname = 'insurance_policies_insurer_id_fkey') THEN
        ALTER TABLE "billing"."insurance_policies" ADD CONSTRAINT "insurance_policies_insurer_id_fkey" FOREIGN KEY ("tenant_id", "insurer_id") REFERENCES "billing"."payers" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_policies"'::regclass AND conname = 'insurance_policies_scheme_id_fkey') THEN
        ALTER TABLE "billing"."insurance_policies" ADD CONSTRAINT "insurance_policies_scheme_id_fkey" FOREIGN KEY ("tenant_id", "scheme_id") REFERENCES "billing"."schemes" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_policies"'::regclass AND conname = 'insurance_policies_tenant_id_fkey') THEN
        ALTER TABLE "billing"."insurance_policies" ADD CONSTRAINT "insurance_policies_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_policies"'::regclass AND conname = 'insurance_policies_tpa_id_fkey') THEN
        ALTER TABLE "billing"."insurance_policies" ADD CONSTRAINT "insurance_policies_tpa_id_fkey" FOREIGN KEY ("tenant_id", "tpa_id") REFERENCES "billing"."payers" ("tenant_id", "id");
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "insurance_policies_member_period_uidx" ON "billing"."insurance_policies" ("tenant_id", "insurer_id", "policy_number", "member_id", "valid_from") NULLS NOT DISTINCT WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "insurance_policies_tenant_id_insurer_id_idx" ON "billing"."insurance_policies" ("tenant_id", "insurer_id");
CREATE INDEX IF NOT EXISTS "insurance_policies_tenant_id_patient_id_idx" ON "billing"."insurance_policies" ("tenant_id", "patient_id");
CREATE INDEX IF NOT EXISTS "insurance_policies_tenant_id_scheme_id_idx" ON "billing"."insurance_policies" ("tenant_id", "scheme_id");
CREATE INDEX IF NOT EXISTS "insurance_policies_tenant_id_tpa_id_idx" ON "billing"."insurance_policies" ("tenant_id", "tpa_id");
COMMENT ON TABLE "billing"."insurance_policies" IS E'A patient\'s coverage: private insurance (often via a TPA), corporate group policy or scheme beneficiary card.';
COMMENT ON COLUMN "billing"."insurance_policies"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."insurance_policies"."insurer_id" IS 'Insurer (or scheme body) carrying the risk.';
COMMENT ON COLUMN "billing"."insurance_policies"."tpa_id" IS 'Third-party administrator handling the claims, if any.';
COMMENT ON COLUMN "billing"."insurance_policies"."member_id" IS 'Member / beneficiary id on the card (PM-JAY id, TPA card number).';
COMMENT ON COLUMN "billing"."insurance_policies"."relationship_to_holder" IS 'self, spouse, child, parent, parent_in_law, sibling or other.';
COMMENT ON COLUMN "billing"."insurance_policies"."coverage_type" IS 'individual, family_floater, group or scheme.';
COMMENT ON COLUMN "billing"."insurance_policies"."room_rent_limit" IS 'Per-day room-rent cap; exceeding it triggers proportionate deduction.';
COMMENT ON COLUMN "billing"."insurance_policies"."valid_from" IS 'Policy period (a renewal is a new row).';
COMMENT ON COLUMN "billing"."insurance_policies"."eligibility_response" IS 'Last NHCX CoverageEligibilityResponse.';
COMMENT ON COLUMN "billing"."insurance_policies"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."insurance_policies"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."insurance_policies"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."insurance_policies"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."insurance_policies"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."insurance_policies"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."insurance_policies"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.invoice_lines
CREATE TABLE IF NOT EXISTS "billing"."invoice_lines" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "invoice_id" uuid NOT NULL, "line_no" integer NOT NULL, "service_id" uuid NOT NULL, "description" character varying(300) NOT NULL, "sac_code" character varying(6), "hsn_code" character varying(8), "service_date" timestamp with time zone NOT NULL, "quantity" numeric(12,3) NOT NULL, "unit_price" numeric(12,2) NOT NULL, "discount_amount" numeric(12,2) NOT NULL DEFAULT 0, "taxable_value" numeric(12,2) NOT NULL, "gst_rate" numeric(5,2) NOT NULL, "cgst_rate" numeric(5,2) NOT NULL DEFAULT 0, "cgst_amount" numeric(12,2) NOT NULL DEFAULT 0, "sgst_rate" numeric(5,2) NOT NULL DEFAULT 0, "sgst_amount" numeric(12,2) NOT NULL DEFAULT 0, "igst_rate" numeric(5,2) NOT NULL DEFAULT 0, "igst_amount" numeric(12,2) NOT NULL DEFAULT 0, "line_total" numeric(12,2) NOT NULL, "patient_share" numeric(12,2) NOT NULL, "payer_share" numeric(12,2) NOT NULL DEFAULT 0, "scheme_package_id" uuid, "source_type" character varying(30), "source_id" uuid, "ordering_practitioner_id" uuid, "batch_number" character varying(40), "expiry_date" date, "is_claimable" bool NOT NULL DEFAULT TRUE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "invoice_lines_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_tenant_id_id_key') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_tenant_id_invoice_id_line_no_key') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_tenant_id_invoice_id_line_no_key" UNIQUE ("tenant_id", "invoice_id", "line_no");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_amounts_nonnegative') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_amounts_nonnegative" CHECK (unit_price >= 0 AND discount_amount >= 0 AND taxable_value >= 0 AND cgst_amount >= 0 AND sgst_amount >= 0 AND igst_amount >= 0 AND patient_share >= 0 AND payer_share >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_cgst_equals_sgst') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_cgst_equals_sgst" CHECK (cgst_rate = sgst_rate);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_deleted_by_check') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_hsn_format') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_hsn_format" CHECK (hsn_code ~ '^[0-9]{4}([0-9]{2}){0,2}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_line_no_positive') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_line_no_positive" CHECK (line_no > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_quantity_positive') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_quantity_positive" CHECK (quantity > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_rates_range') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_rates_range" CHECK (gst_rate BETWEEN 0 AND 40 AND cgst_rate >= 0 AND sgst_rate >= 0 AND igst_rate >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_sac_format') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_sac_format" CHECK (sac_code ~ '^99[0-9]{4}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_sac_xor_hsn') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_sac_xor_hsn" CHECK (num_nonnulls(sac_code, hsn_code) = 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_share_split') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_share_split" CHECK (patient_share + payer_share = line_total);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_source_complete') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_source_complete" CHECK ((source_type IS NULL) = (source_id IS NULL));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_source_type_values') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_source_type_values" CHECK (source_type IN ('lab_order_item', 'bed_day', 'med_admin', 'procedure', 'consultation', 'pharmacy_issue', 'package'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_tax_split') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_tax_split" CHECK ((cgst_rate + sgst_rate = gst_rate AND igst_rate = 0) OR (igst_rate = gst_rate AND cgst_rate = 0));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_total') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_total" CHECK (line_total = taxable_value + cgst_amount + sgst_amount + igst_amount);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_scheme_package_id_fkey') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_scheme_package_id_fkey" FOREIGN KEY ("tenant_id", "scheme_package_id") REFERENCES "billing"."scheme_packages" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_service_id_fkey') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_service_id_fkey" FOREIGN KEY ("tenant_id", "service_id") REFERENCES "billing"."service_catalog" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_tenant_id_fkey') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "invoice_lines_source_uidx" ON "billing"."invoice_lines" ("tenant_id", "source_type", "source_id") WHERE source_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "invoice_lines_tenant_id_ordering_practitioner_id_idx" ON "billing"."invoice_lines" ("tenant_id", "ordering_practitioner_id");
CREATE INDEX IF NOT EXISTS "invoice_lines_tenant_id_scheme_package_id_idx" ON "billing"."invoice_lines" ("tenant_id", "scheme_package_id");
CREATE INDEX IF NOT EXISTS "invoice_lines_tenant_id_service_id_idx" ON "billing"."invoice_lines" ("tenant_id", "service_id");
COMMENT ON TABLE "billing"."invoice_lines" IS 'One charge of an invoice with its tax split (rates and amounts stored, never re-derived).';
COMMENT ON COLUMN "billing"."invoice_lines"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."invoice_lines"."invoice_id" IS 'Cascades only for drafts: the immutability trigger forbids deleting finalised lines.';
COMMENT ON COLUMN "billing"."invoice_lines"."description" IS 'Text printed on the invoice.';
COMMENT ON COLUMN "billing"."invoice_lines"."source_type" IS 'Clinical event charged: lab_order_item, bed_day, med_admin, procedure …';
COMMENT ON COLUMN "billing"."invoice_lines"."source_id" IS 'Id of the charged event; one live line per event (no double billing).';
COMMENT ON COLUMN "billing"."invoice_lines"."batch_number" IS 'Batch of a medicine or implant sold.';
COMMENT ON COLUMN "billing"."invoice_lines"."is_claimable" IS 'Whether the line can be claimed from the payer (NHCX go-live; most lines can).';
COMMENT ON COLUMN "billing"."invoice_lines"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."invoice_lines"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."invoice_lines"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."invoice_lines"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."invoice_lines"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."invoice_lines"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."invoice_lines"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.invoices
CREATE TABLE IF NOT EXISTS "billing"."invoices" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "invoice_number" character varying(16) NOT NULL, "fiscal_year" character varying(7) NOT NULL, "invoice_type" "billing"."invoice_type" NOT NULL, "facility_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "encounter_id" uuid, "admission_id" uuid, "primary_payer_id" uuid, "invoice_date" date NOT NULL, "supplier_gstin" character(15), "supplier_state_code" character(2) NOT NULL, "place_of_supply_state_code" character(2) NOT NULL, "recipient_gstin" character(15), "is_interstate" bool NOT NULL GENERATED ALWAYS AS (supplier_state_code <> place_of_supply_state_code) STORED, "status" "billing"."invoice_status" NOT NULL DEFAULT 'draft', "gross_amount" numeric(12,2) NOT NULL DEFAULT 0, "discount_amount" numeric(12,2) NOT NULL DEFAULT 0, "taxable_amount" numeric(12,2) NOT NULL DEFAULT 0, "cgst_amount" numeric(12,2) NOT NULL DEFAULT 0, "sgst_amount" numeric(12,2) NOT NULL DEFAULT 0, "igst_amount" numeric(12,2) NOT NULL DEFAULT 0, "round_off" numeric(6,2) NOT NULL DEFAULT 0, "net_amount" numeric(12,2) NOT NULL DEFAULT 0, "patient_payable" numeric(12,2) NOT NULL DEFAULT 0, "payer_payable" numeric(12,2) NOT NULL DEFAULT 0, "amount_paid" numeric(12,2) NOT NULL DEFAULT 0, "finalised_at" timestamp with time zone, "finalised_by" uuid, "cancel_reason" text, "irn" character varying(64), "einvoice_ack" jsonb, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "invoices_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_tenant_id_id_key') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_tenant_id_supplier_gstin_fiscal_year_invo_6a46fef0_key') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_tenant_id_supplier_gstin_fiscal_year_invo_6a46fef0_key" UNIQUE NULLS NOT DISTINCT ("tenant_id", "supplier_gstin", "fiscal_year", "invoice_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_amounts_nonnegative') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_amounts_nonnegative" CHECK (gross_amount >= 0 AND discount_amount >= 0 AND taxable_amount >= 0 AND cgst_amount >= 0 AND sgst_amount >= 0 AND igst_amount >= 0 AND patient_payable >= 0 AND payer_payable >= 0 AND amount_paid >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_cancel_reason') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_cancel_reason" CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_cgst_equals_sgst') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_cgst_equals_sgst" CHECK (cgst_amount = sgst_amount);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_deleted_by_check') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_finalised_has_time') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_finalised_has_time" CHECK (status = 'draft' OR finalised_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_fiscal_year_format') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_fiscal_year_format" CHECK (fiscal_year ~ '^[0-9]{4}-[0-9]{2}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_net_amount') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_net_amount" CHECK (net_amount = taxable_amount + cgst_amount + sgst_amount + igst_amount + round_off);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_number_format') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_number_format" CHECK (invoice_number ~ '^[A-Za-z0-9/-]{1,16}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_paid_within_net') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_paid_within_net" CHECK (amount_paid <= net_amount);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_payable_split') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_payable_split" CHECK (patient_payable + payer_payable = net_amount);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_payer_payable_needs_payer') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_payer_payable_needs_payer" CHECK (payer_payable = 0 OR primary_payer_id IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_recipient_gstin_format') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_recipient_gstin_format" CHECK (recipient_gstin ~ '^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_round_off_range') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_round_off_range" CHECK (abs(round_off) < 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_supplier_gstin_format') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_supplier_gstin_format" CHECK (supplier_gstin ~ '^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_supplier_gstin_state') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_supplier_gstin_state" CHECK (supplier_gstin IS NULL OR left(supplier_gstin, 2) = supplier_state_code);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_tax_split') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_tax_split" CHECK ((is_interstate AND cgst_amount = 0 AND sgst_amount = 0) OR (NOT is_interstate AND igst_amount = 0));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_taxable_amount') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_taxable_amount" CHECK (taxable_amount = gross_amount - discount_amount);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_facility_id_fkey') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_facility_id_fkey" FOREIGN KEY ("tenant_id", "facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_finalised_by_fkey') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_finalised_by_fkey" FOREIGN KEY ("tenant_id", "finalised_by") REFERENCES "core"."users" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_place_of_supply_state_code_fkey') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_place_of_supply_state_code_fkey" FOREIGN KEY ("place_of_supply_state_code") REFERENCES "core"."states" ("gst_code");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_primary_payer_id_fkey') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_primary_payer_id_fkey" FOREIGN KEY ("tenant_id", "primary_payer_id") REFERENCES "billing"."payers" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_supplier_state_code_fkey') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_supplier_state_code_fkey" FOREIGN KEY ("supplier_state_code") REFERENCES "core"."states" ("gst_code");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_tenant_id_fkey') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "invoices_outstanding_idx" ON "billing"."invoices" ("tenant_id", "status", "invoice_date") WHERE status IN ('finalised', 'partially_paid');
CREATE INDEX IF NOT EXISTS "invoices_place_of_supply_state_code_idx" ON "billing"."invoices" ("place_of_supply_state_code");
CREATE INDEX IF NOT EXISTS "invoices_supplier_state_code_idx" ON "billing"."invoices" ("supplier_state_code");
CREATE INDEX IF NOT EXISTS "invoices_tenant_id_admission_id_idx" ON "billing"."invoices" ("tenant_id", "admission_id");
CREATE INDEX IF NOT EXISTS "invoices_tenant_id_encounter_id_idx" ON "billing"."invoices" ("tenant_id", "encounter_id");
CREATE INDEX IF NOT EXISTS "invoices_tenant_id_facility_id_idx" ON "billing"."invoices" ("tenant_id", "facility_id");
CREATE INDEX IF NOT EXISTS "invoices_tenant_id_finalised_by_idx" ON "billing"."invoices" ("tenant_id", "finalised_by");
CREATE UNIQUE INDEX IF NOT EXISTS "invoices_tenant_id_irn_uidx" ON "billing"."invoices" ("tenant_id", "irn") WHERE irn IS NOT NULL;
CREATE INDEX IF NOT EXISTS "invoices_tenant_id_patient_id_invoice_date_idx" ON "billing"."invoices" ("tenant_id", "patient_id", "invoice_date" DESC);
CREATE INDEX IF NOT EXISTS "invoices_tenant_id_primary_payer_id_idx" ON "billing"."invoices" ("tenant_id", "primary_payer_id");
COMMENT ON TABLE "billing"."invoices" IS 'GST tax invoice or bill of supply (OPD bill, IPD interim/final bill, pharmacy bill). Finalised invoices are immutable; corrections go through credit notes.';
COMMENT ON COLUMN "billing"."invoices"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."invoices"."invoice_number" IS E'Consecutive GST serial: at most 16 characters of letters, digits, \'-\' and \'/\'.';
COMMENT ON COLUMN "billing"."invoices"."fiscal_year" IS 'Indian financial year (April–March), e.g. 2025-26.';
COMMENT ON COLUMN "billing"."invoices"."primary_payer_id" IS 'Insurer, TPA or scheme body billed for payer_payable.';
COMMENT ON COLUMN "billing"."invoices"."supplier_gstin" IS 'GSTIN of the issuing facility; NULL when the facility is not GST-registered.';
COMMENT ON COLUMN "billing"."invoices"."place_of_supply_state_code" IS 'GST place of supply; differs from the supplier state only for inter-state supply.';
COMMENT ON COLUMN "billing"."invoices"."recipient_gstin" IS 'GSTIN of a registered recipient (B2B: corporate, insurer), for e-invoicing.';
COMMENT ON COLUMN "billing"."invoices"."is_interstate" IS 'Inter-state supply → IGST; intra-state → CGST + SGST.';
COMMENT ON COLUMN "billing"."invoices"."round_off" IS 'Rounding to the rupee, |round_off| < 1.';
COMMENT ON COLUMN "billing"."invoices"."amount_paid" IS 'Maintained by the payment-allocation trigger.';
COMMENT ON COLUMN "billing"."invoices"."irn" IS 'Invoice Reference Number from the e-invoice portal (B2B).';
COMMENT ON COLUMN "billing"."invoices"."einvoice_ack" IS 'Signed acknowledgement of the e-invoice portal.';
COMMENT ON COLUMN "billing"."invoices"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."invoices"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."invoices"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."invoices"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."invoices"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."invoices"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."invoices"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.payment_allocations
CREATE TABLE IF NOT EXISTS "billing"."payment_allocations" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "payment_id" uuid NOT NULL, "invoice_id" uuid NOT NULL, "amount" numeric(12,2) NOT NULL, "allocated_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "payment_allocations_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payment_allocations"'::regclass AND conname = 'payment_allocations_tenant_id_id_key') THEN
        ALTER TABLE "billing"."payment_allocations" ADD CONSTRAINT "payment_allocations_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payment_allocations"'::regclass AND conname = 'payment_allocations_amount_positive') THEN
        ALTER TABLE "billing"."payment_allocations" ADD CONSTRAINT "payment_allocations_amount_positive" CHECK (amount > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payment_allocations"'::regclass AND conname = 'payment_allocations_deleted_by_check') THEN
        ALTER TABLE "billing"."payment_allocations" ADD CONSTRAINT "payment_allocations_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payment_allocations"'::regclass AND conname = 'payment_allocations_invoice_id_fkey') THEN
        ALTER TABLE "billing"."payment_allocations" ADD CONSTRAINT "payment_allocations_invoice_id_fkey" FOREIGN KEY ("tenant_id", "invoice_id") REFERENCES "billing"."invoices" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payment_allocations"'::regclass AND conname = 'payment_allocations_tenant_id_fkey') THEN
        ALTER TABLE "billing"."payment_allocations" ADD CONSTRAINT "payment_allocations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "payment_allocations_tenant_id_invoice_id_idx" ON "billing"."payment_allocations" ("tenant_id", "invoice_id");
CREATE INDEX IF NOT EXISTS "payment_allocations_tenant_id_payment_id_idx" ON "billing"."payment_allocations" ("tenant_id", "payment_id");
CREATE UNIQUE INDEX IF NOT EXISTS "payment_allocations_tenant_id_payment_id_invoice_id_uidx" ON "billing"."payment_allocations" ("tenant_id", "payment_id", "invoice_id") WHERE deleted_at IS NULL;
COMMENT ON TABLE "billing"."payment_allocations" IS 'How a receipt is applied to invoices (many-to-many). A trigger keeps the sum within the payment amount and maintains invoices.amount_paid.';
COMMENT ON COLUMN "billing"."payment_allocations"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."payment_allocations"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."payment_allocations"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."payment_allocations"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."payment_allocations"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."payment_allocations"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."payment_allocations"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."payment_allocations"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.payments
CREATE TABLE IF NOT EXISTS "billing"."payments" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "receipt_number" character varying(16) NOT NULL, "fiscal_year" character varying(7) NOT NULL, "facility_id" uuid NOT NULL, "patient_id" uuid, "payer_id" uuid, "received_at" timestamp with time zone NOT NULL, "amount" numeric(12,2) NOT NULL, "payment_mode" "billing"."payment_mode" NOT NULL, "reference_number" character varying(64), "bank_name" character varying(100), "status" "billing"."payment_status" NOT NULL DEFAULT 'cleared', "received_by" uuid NOT NULL, "cash_session_id" uuid, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "payments_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payments"'::regclass AND conname = 'payments_tenant_id_fiscal_year_receipt_number_key') THEN
        ALTER TABLE "billing"."payments" ADD CONSTRAINT "payments_tenant_id_fiscal_year_receipt_number_key" UNIQUE ("tenant_id", "fiscal_year", "receipt_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payments"'::regclass AND conname = 'payments_tenant_id_id_key') THEN
        ALTER TABLE "billing"."payments" ADD CONSTRAINT "payments_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payments"'::regclass AND conname = 'payments_amount_positive') THEN
        ALTER TABLE "billing"."payments" ADD CONSTRAINT "payments_amount_positive" CHECK (amount > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payments"'::regclass AND conname = 'payments_cash_limit') THEN
        ALTER TABLE "billing"."payments" ADD CONSTRAINT "payments_cash_limit" CHECK (payment_mode <> 'cash' OR amount < 200000);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payments"'::regclass AND conname = 'payments_deleted_by_check') THEN
        ALTER TABLE "billing"."payments" ADD CONSTRAINT "payments_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payments"'::regclass AND conname = 'payments_fiscal_year_format') THEN
        ALTER TABLE "billing"."payments" ADD CONSTRAINT "payments_fiscal_year_format" CHECK (fiscal_year ~ '^[0-9]{4}-[0-9]{2}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payments"'::regclass AND conname = 'payments_has_payer') THEN
        ALTER TABLE "billing"."payments" ADD CONSTRAINT "payments_has_payer" CHECK (num_nonnulls(patient_id, payer_id) >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payments"'::regclass AND conname = 'payments_reference_required') THEN
        ALTER TABLE "billing"."payments" ADD CONSTRAINT "payments_reference_required" CHECK (payment_mode IN ('cash', 'deposit_adjustment') OR reference_number IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payments"'::regclass AND conname = 'payments_settlement_from_payer') THEN
        ALTER TABLE "billing"."payments" ADD CONSTRAINT "payments_settlement_from_payer" CHECK (payment_mode NOT IN ('insurer_settlement', 'scheme_settlement') OR payer_id IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payments"'::regclass AND conname = 'payments_facility_id_fkey') THEN
        ALTER TABLE "billing"."payments" ADD CONSTRAINT "payments_facility_id_fkey" FOREIGN KEY ("tenant_id", "facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payments"'::regclass AND conname = 'payments_payer_id_fkey') THEN
        ALTER TABLE "billing"."payments" ADD CONSTRAINT "payments_payer_id_fkey" FOREIGN KEY ("tenant_id", "payer_id") REFERENCES "billing"."payers" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payments"'::regclass AND conname = 'payments_received_by_fkey') THEN
        ALTER TABLE "billing"."payments" ADD CONSTRAINT "payments_received_by_fkey" FOREIGN KEY ("tenant_id", "received_by") REFERENCES "core"."users" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payments"'::regclass AND conname = 'payments_tenant_id_fkey') THEN
        ALTER TABLE "billing"."payments" ADD CONSTRAINT "payments_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "payments_tenant_id_facility_id_received_at_idx" ON "billing"."payments" ("tenant_id", "facility_id", "received_at");
CREATE INDEX IF NOT EXISTS "payments_tenant_id_patient_id_received_at_idx" ON "billing"."payments" ("tenant_id", "patient_id", "received_at" DESC);
CREATE INDEX IF NOT EXISTS "payments_tenant_id_payer_id_idx" ON "billing"."payments" ("tenant_id", "payer_id");
CREATE INDEX IF NOT EXISTS "payments_tenant_id_received_at_idx" ON "billing"."payments" ("tenant_id", "received_at");
CREATE INDEX IF NOT EXISTS "payments_tenant_id_received_by_idx" ON "billing"."payments" ("tenant_id", "received_by");
CREATE INDEX IF NOT EXISTS "payments_tenant_id_reference_number_idx" ON "billing"."payments" ("tenant_id", "reference_number");
COMMENT ON TABLE "billing"."payments" IS 'Money received (receipt): cash, card, UPI, NEFT, cheque, insurer or scheme settlement.';
COMMENT ON COLUMN "billing"."payments"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."payments"."facility_id" IS 'Collecting facility (cash counter reports, receipt series).';
COMMENT ON COLUMN "billing"."payments"."reference_number" IS 'UPI UTR/RRN, card auth code, cheque or NEFT reference.';
COMMENT ON COLUMN "billing"."payments"."cash_session_id" IS 'Cashier shift / till session (no table yet).';
COMMENT ON COLUMN "billing"."payments"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."payments"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."payments"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."payments"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."payments"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."payments"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."payments"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.pre_authorizations
CREATE TABLE IF NOT EXISTS "billing"."pre_authorizations" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "preauth_number" character varying(30) NOT NULL, "payer_reference" character varying(60), "request_type" "billing"."preauth_request_type" NOT NULL, "parent_preauth_id" uuid, "admission_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "payer_id" uuid NOT NULL, "policy_id" uuid, "scheme_package_id" uuid, "diagnosis_icd10" character varying(8), "planned_procedure" text, "expected_los_days" smallint, "requested_amount" numeric(12,2) NOT NULL, "approved_amount" numeric(12,2), "status" "billing"."preauth_status" NOT NULL DEFAULT 'draft', "submitted_at" timestamp with time zone, "responded_at" timestamp with time zone, "expires_at" timestamp with time zone, "nhcx_correlation_id" uuid, "nhcx_workflow_id" uuid, "fhir_bundle" jsonb, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "pre_authorizations_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_tenant_id_id_key') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_tenant_id_preauth_number_key') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_tenant_id_preauth_number_key" UNIQUE ("tenant_id", "preauth_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_approved_has_amount') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_approved_has_amount" CHECK (status NOT IN ('approved', 'partially_approved') OR approved_amount IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_approved_nonnegative') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_approved_nonnegative" CHECK (approved_amount IS NULL OR approved_amount >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_approved_within_requested') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_approved_within_requested" CHECK (approved_amount IS NULL OR approved_amount <= requested_amount);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_deleted_by_check') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_has_coverage') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_has_coverage" CHECK (num_nonnulls(policy_id, scheme_package_id) >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_icd10_format') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_icd10_format" CHECK (diagnosis_icd10 ~ '^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_los_positive') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_los_positive" CHECK (expected_los_days IS NULL OR expected_los_days > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_not_own_parent') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_not_own_parent" CHECK (parent_preauth_id <> id);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_parent_iff_follow_up') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_parent_iff_follow_up" CHECK ((request_type = 'initial') = (parent_preauth_id IS NULL));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_requested_positive') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_requested_positive" CHECK (requested_amount > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_responded_after_submitted') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_responded_after_submitted" CHECK (responded_at IS NULL OR responded_at >= submitted_at);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_submitted_has_time') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_submitted_has_time" CHECK (status IN ('draft', 'cancelled') OR submitted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_parent_preauth_id_fkey') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_parent_preauth_id_fkey" FOREIGN KEY ("tenant_id", "parent_preauth_id") REFERENCES "billing"."pre_authorizations" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_payer_id_fkey') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_payer_id_fkey" FOREIGN KEY ("tenant_id", "payer_id") REFERENCES "billing"."payers" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_policy_id_fkey') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_policy_id_fkey" FOREIGN KEY ("tenant_id", "policy_id") REFERENCES "billing"."insurance_policies" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_scheme_package_id_fkey') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_scheme_package_id_fkey" FOREIGN KEY ("tenant_id", "scheme_package_id") REFERENCES "billing"."scheme_packages" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_tenant_id_fkey') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "pre_authorizations_sla_idx" ON "billing"."pre_authorizations" ("tenant_id", "status", "submitted_at") WHERE status IN ('submitted', 'query_raised');
CREATE INDEX IF NOT EXISTS "pre_authorizations_tenant_id_admission_id_idx" ON "billing"."pre_authorizations" ("tenant_id", "admission_id");
CREATE UNIQUE INDEX IF NOT EXISTS "pre_authorizations_tenant_id_nhcx_correlation_id_uidx" ON "billing"."pre_authorizations" ("tenant_id", "nhcx_correlation_id") WHERE nhcx_correlation_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS "pre_authorizations_tenant_id_parent_preauth_id_idx" ON "billing"."pre_authorizations" ("tenant_id", "parent_preauth_id");
CREATE INDEX IF NOT EXISTS "pre_authorizations_tenant_id_patient_id_idx" ON "billing"."pre_authorizations" ("tenant_id", "patient_id");
CREATE INDEX IF NOT EXISTS "pre_authorizations_tenant_id_payer_id_idx" ON "billing"."pre_authorizations" ("tenant_id", "payer_id");
CREATE INDEX IF NOT EXISTS "pre_authorizations_tenant_id_policy_id_idx" ON "billing"."pre_authorizations" ("tenant_id", "policy_id");
CREATE INDEX IF NOT EXISTS "pre_authorizations_tenant_id_scheme_package_id_idx" ON "billing"."pre_authorizations" ("tenant_id", "scheme_package_id");
COMMENT ON TABLE "billing"."pre_authorizations" IS 'Cashless pre-authorisation request and its enhancements / final discharge approval.';
COMMENT ON COLUMN "billing"."pre_authorizations"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."pre_authorizations"."payer_reference" IS 'Insurer / TPA / scheme TMS reference.';
COMMENT ON COLUMN "billing"."pre_authorizations"."parent_preauth_id" IS 'The initial request this enhancement / final approval belongs to.';
COMMENT ON COLUMN "billing"."pre_authorizations"."payer_id" IS 'Insurer, TPA or scheme body the request goes to.';
COMMENT ON COLUMN "billing"."pre_authorizations"."fhir_bundle" IS 'FHIR Claim with use = preauthorization.';
COMMENT ON COLUMN "billing"."pre_authorizations"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."pre_authorizations"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."pre_authorizations"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."pre_authorizations"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."pre_authorizations"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."pre_authorizations"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."pre_authorizations"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- billing.refunds
CREATE TABLE IF NOT EXISTS "billing"."refunds" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "refund_number" character varying(16) NOT NULL, "patient_id" uuid NOT NULL, "payment_id" uuid, "deposit_id" uuid, "invoice_id" uuid, "amount" numeric(12,2) NOT NULL, "reason" text NOT NULL, "refund_mode" "billing"."payment_mode" NOT NULL, "status" "billing"."refund_status" NOT NULL DEFAULT 'requested', "approved_by" uuid, "approved_at" timestamp with time zone, "paid_at" timestamp with time zone, "reference_number" character varying(64), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "refunds_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."refunds"'::regclass AND conname = 'refunds_tenant_id_id_key') THEN
        ALTER TABLE "billing"."refunds" ADD CONSTRAINT "refunds_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."refunds"'::regclass AND conname = 'refunds_tenant_id_refund_number_key') THEN
        ALTER TABLE "billing"."refunds" ADD CONSTRAINT "refunds_tenant_id_refund_number_key" UNIQUE ("tenant_id", "refund_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."refunds"'::regclass AND conname = 'refunds_amount_positive') THEN
        ALTER TABLE "billing"."refunds" ADD CONSTRAINT "refunds_amount_positive" CHECK (amount > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."refunds"'::regclass AND conname = 'refunds_approved_complete') THEN
        ALTER TABLE "billing"."refunds" ADD CONSTRAINT "refunds_approved_complete" CHECK (status NOT IN ('approved', 'paid') OR (approved_by IS NOT NULL AND approved_at IS NOT NULL));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."refunds"'::regclass AND conname = 'refunds_deleted_by_check') THEN
        ALTER TABLE "billing"."refunds" ADD CONSTRAINT "refunds_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."refunds"'::regclass AND conname = 'refunds_has_source') THEN
        ALTER TABLE "billing"."refunds" ADD CONSTRAINT "refunds_has_source" CHECK (num_nonnulls(payment_id, deposit_id) >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."refunds"'::regclass AND conname = 'refunds_maker_checker') THEN
        ALTER TABLE "billing"."refunds" ADD CONSTRAINT "refunds_maker_checker" CHECK (approved_by IS NULL OR approved_by IS DISTINCT FROM created_by);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."refunds"'::regclass AND conname = 'refunds_mode_to_patient') THEN
        ALTER TABLE "billing"."refunds" ADD CONSTRAINT "refunds_mode_to_patient" CHECK (refund_mode NOT IN ('insurer_settlement', 'scheme_settlement', 'deposit_adjustment'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."refunds"'::regclass AND conname = 'refunds_paid_complete') THEN
        ALTER TABLE "billing"."refunds" ADD CONSTRAINT "refunds_paid_complete" CHECK (status <> 'paid' OR (paid_at IS NOT NULL AND (refund_mode = 'cash' OR reference_number IS NOT NULL)));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."refunds"'::regclass AND conname = 'refunds_approved_by_fkey') THEN
        ALTER TABLE "billing"."refunds" ADD CONSTRAINT "refunds_approved_by_fkey" FOREIGN KEY ("tenant_id", "approved_by") REFERENCES "core"."users" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."refunds"'::regclass AND conname = 'refunds_deposit_id_fkey') THEN
        ALTER TABLE "billing"."refunds" ADD CONSTRAINT "refunds_deposit_id_fkey" FOREIGN KEY ("tenant_id", "deposit_id") REFERENCES "billing"."deposits" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."refunds"'::regclass AND conname = 'refunds_invoice_id_fkey') THEN
        ALTER TABLE "billing"."refunds" ADD CONSTRAINT "refunds_invoice_id_fkey" FOREIGN KEY ("tenant_id", "invoice_id") REFERENCES "billing"."invoices" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."refunds"'::regclass AND conname = 'refunds_payment_id_fkey') THEN
        ALTER TABLE "billing"."refunds" ADD CONSTRAINT "refunds_payment_id_fkey" FOREIGN KEY ("tenant_id", "payment_id") REFERENCES "billing"."payments" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."refunds"'::regclass AND conname = 'refunds_tenant_id_fkey') THEN
        ALTER TABLE "billing"."refunds" ADD CONSTRAINT "refunds_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "refunds_tenant_id_approved_by_idx" ON "billing"."refunds" ("tenant_id", "approved_by");
CREATE INDEX IF NOT EXISTS "refunds_tenant_id_deposit_id_idx" ON "billing"."refunds" ("tenant_id", "deposit_id");
CREATE INDEX IF NOT EXISTS "refunds_tenant_id_invoice_id_idx" ON "billing"."refunds" ("tenant_id", "invoice_id");
CREATE INDEX IF NOT EXISTS "refunds_tenant_id_patient_id_idx" ON "billing"."refunds" ("tenant_id", "patient_id");
CREATE INDEX IF NOT EXISTS "refunds_tenant_id_payment_id_idx" ON "billing"."refunds" ("tenant_id", "payment_id");
COMMENT ON TABLE "billing"."refunds" IS 'Money returned to a patient (excess deposit, cancelled service); maker-checker approval.';
COMMENT ON COLUMN "billing"."refunds"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "billing"."refunds"."approved_by" IS 'Checker; must differ from the maker (created_by).';
COMMENT ON COLUMN "billing"."refunds"."reference_number" IS 'UTR / cheque number of the payout.';
COMMENT ON COLUMN "billing"."refunds"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "billing"."refunds"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "billing"."refunds"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "billing"."refunds"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "billing"."refunds"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "billing"."refunds"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "billing"."refunds"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.admissions
CREATE TABLE IF NOT EXISTS "clinical"."admissions" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "encounter_id" uuid NOT NULL, "ip_number" character varying(20) NOT NULL, "patient_id" uuid NOT NULL, "admitting_practitioner_id" uuid NOT NULL, "attending_practitioner_id" uuid NOT NULL, "admission_type" "clinical"."admission_type" NOT NULL, "admission_source" character varying(20), "admitted_at" timestamp with time zone NOT NULL, "expected_discharge_at" timestamp with time zone, "discharge_initiated_at" timestamp with time zone, "discharged_at" timestamp with time zone, "discharge_disposition" "clinical"."discharge_disposition", "status" "clinical"."admission_status" NOT NULL DEFAULT 'admitted', "provisional_diagnosis" text, "is_mlc" bool NOT NULL DEFAULT FALSE, "death_at" timestamp with time zone, "mccd_issued" bool NOT NULL DEFAULT FALSE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "admissions_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."admissions"'::regclass AND conname = 'admissions_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."admissions" ADD CONSTRAINT "admissions_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."admissions"'::regclass AND conname = 'admissions_tenant_id_ip_number_key') THEN
        ALTER TABLE "clinical"."admissions" ADD CONSTRAINT "admissions_tenant_id_ip_number_key" UNIQUE ("tenant_id", "ip_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."admissions"'::regclass AND conname = 'admissions_death_means_expired') THEN
        ALTER TABLE "clinical"."admissions" ADD CONSTRAINT "admissions_death_means_expired" CHECK (death_at IS NULL OR discharge_disposition IS NULL OR discharge_disposition = 'expired');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."admissions"'::regclass AND conname = 'admissions_deleted_by_check') THEN
        ALTER TABLE "clinical"."admissions" ADD CONSTRAINT "admissions_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."admissions"'::regclass AND conname = 'admissions_discharge_initiated_after_admitted') THEN
        ALTER TABLE "clinical"."admissions" ADD CONSTRAINT "admissions_discharge_initiated_after_admitted" CHECK (discharge_initiated_at IS NULL OR discharge_initiated_at >= admitted_at);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."admissions"'::regclass AND conname = 'admissions_discharge_initiated_has_time') THEN
        ALTER TABLE "clinical"."admissions" ADD CONSTRAINT "admissions_discharge_initiated_has_time" CHECK (status <> 'discharge_initiated' OR discharge_initiated_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."admissions"'::regclass AND conname = 'admissions_discharged_after_admitted') THEN
        ALTER TABLE "clinical"."admissions" ADD CONSTRAINT "admissions_discharged_after_admitted" CHECK (discharged_at IS NULL OR discharged_at >= admitted_at);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."admissions"'::regclass AND conname = 'admissions_discharged_complete') THEN
        ALTER TABLE "clinical"."admissions" ADD CONSTRAINT "admissions_discharged_complete" CHECK (status <> 'discharged' OR (discharged_at IS NOT NULL AND discharge_disposition IS NOT NULL));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."admissions"'::regclass AND conname = 'admissions_expected_discharge_after_admitted') THEN
        ALTER TABLE "clinical"."admissions" ADD CONSTRAINT "admissions_expected_discharge_after_admitted" CHECK (expected_discharge_at IS NULL OR expected_discharge_at >= admitted_at);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."admissions"'::regclass AND conname = 'admissions_expired_has_death_time') THEN
        ALTER TABLE "clinical"."admissions" ADD CONSTRAINT "admissions_expired_has_death_time" CHECK (discharge_disposition IS DISTINCT FROM 'expired' OR death_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."admissions"'::regclass AND conname = 'admissions_mccd_needs_death') THEN
        ALTER TABLE "clinical"."admissions" ADD CONSTRAINT "admissions_mccd_needs_death" CHECK (NOT mccd_issued OR death_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."admissions"'::regclass AND conname = 'admissions_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."admissions" ADD CONSTRAINT "admissions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "admissions_one_open_per_patient_uidx" ON "clinical"."admissions" ("tenant_id", "patient_id") WHERE status IN ('admitted', 'discharge_initiated') AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "admissions_open_idx" ON "clinical"."admissions" ("tenant_id", "status") WHERE status IN ('admitted', 'discharge_initiated');
CREATE INDEX IF NOT EXISTS "admissions_tenant_id_admitting_practitioner_id_idx" ON "clinical"."admissions" ("tenant_id", "admitting_practitioner_id");
CREATE INDEX IF NOT EXISTS "admissions_tenant_id_attending_practitioner_id_idx" ON "clinical"."admissions" ("tenant_id", "attending_practitioner_id");
CREATE INDEX IF NOT EXISTS "admissions_tenant_id_encounter_id_idx" ON "clinical"."admissions" ("tenant_id", "encounter_id");
CREATE UNIQUE INDEX IF NOT EXISTS "admissions_tenant_id_encounter_id_uidx" ON "clinical"."admissions" ("tenant_id", "encounter_id") WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "admissions_tenant_id_patient_id_admitted_at_idx" ON "clinical"."admissions" ("tenant_id", "patient_id", "admitted_at" DESC);
COMMENT ON TABLE "clinical"."admissions" IS 'Inpatient stay (IP number), attached 1:1 to an IPD encounter.';
COMMENT ON COLUMN "clinical"."admissions"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."admissions"."ip_number" IS 'IP number (admission number); never reused.';
COMMENT ON COLUMN "clinical"."admissions"."admission_source" IS 'opd, emergency, referral, transfer …';
COMMENT ON COLUMN "clinical"."admissions"."mccd_issued" IS 'Medical Certificate of Cause of Death issued.';
COMMENT ON COLUMN "clinical"."admissions"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."admissions"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."admissions"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."admissions"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."admissions"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."admissions"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."admissions"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.bed_assignments
CREATE TABLE IF NOT EXISTS "clinical"."bed_assignments" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "admission_id" uuid NOT NULL, "bed_id" uuid NOT NULL, "assigned_at" timestamp with time zone NOT NULL, "released_at" timestamp with time zone, "reason" "clinical"."bed_move_reason" NOT NULL, "billing_ward_type" "clinical"."ward_type", "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "bed_assignments_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."bed_assignments"'::regclass AND conname = 'bed_assignments_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."bed_assignments" ADD CONSTRAINT "bed_assignments_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."bed_assignments"'::regclass AND conname = 'bed_assignments_deleted_by_check') THEN
        ALTER TABLE "clinical"."bed_assignments" ADD CONSTRAINT "bed_assignments_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."bed_assignments"'::regclass AND conname = 'bed_assignments_released_after_assigned') THEN
        ALTER TABLE "clinical"."bed_assignments" ADD CONSTRAINT "bed_assignments_released_after_assigned" CHECK (released_at IS NULL OR released_at > assigned_at);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."bed_assignments"'::regclass AND conname = 'bed_assignments_no_double_occupancy') THEN
        ALTER TABLE "clinical"."bed_assignments" ADD CONSTRAINT "bed_assignments_no_double_occupancy" EXCLUDE USING gist (tenant_id WITH =, bed_id WITH =, tstzrange(assigned_at, released_at) WITH &&) WHERE (deleted_at IS NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."bed_assignments"'::regclass AND conname = 'bed_assignments_admission_id_fkey') THEN
        ALTER TABLE "clinical"."bed_assignments" ADD CONSTRAINT "bed_assignments_admission_id_fkey" FOREIGN KEY ("tenant_id", "admission_id") REFERENCES "clinical"."admissions" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."bed_assignments"'::regclass AND conname = 'bed_assignments_bed_id_fkey') THEN
        ALTER TABLE "clinical"."bed_assignments" ADD CONSTRAINT "bed_assignments_bed_id_fkey" FOREIGN KEY ("tenant_id", "bed_id") REFERENCES "clinical"."beds" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."bed_assignments"'::regclass AND conname = 'bed_assignments_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."bed_assignments" ADD CONSTRAINT "bed_assignments_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "bed_assignments_open_per_admission_uidx" ON "clinical"."bed_assignments" ("tenant_id", "admission_id") WHERE released_at IS NULL AND deleted_at IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS "bed_assignments_open_per_bed_uidx" ON "clinical"."bed_assignments" ("tenant_id", "bed_id") WHERE released_at IS NULL AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "bed_assignments_tenant_id_admission_id_assigned_at_idx" ON "clinical"."bed_assignments" ("tenant_id", "admission_id", "assigned_at");
CREATE INDEX IF NOT EXISTS "bed_assignments_tenant_id_bed_id_idx" ON "clinical"."bed_assignments" ("tenant_id", "bed_id");
COMMENT ON TABLE "clinical"."bed_assignments" IS 'Time-ranged occupancy of a bed by an admission; a transfer closes one row and opens the next. No bed is occupied twice at the same time (the partial unique index bed_assignments_open_per_bed_uidx also makes the current occupant unique).';
COMMENT ON COLUMN "clinical"."bed_assignments"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."bed_assignments"."released_at" IS 'NULL while the patient occupies the bed.';
COMMENT ON COLUMN "clinical"."bed_assignments"."billing_ward_type" IS E'Room category billed; may differ from the bed\'s ward (bed retained, upgrade on request).';
COMMENT ON COLUMN "clinical"."bed_assignments"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."bed_assignments"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."bed_assignments"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."bed_assignments"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."bed_assignments"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."bed_assignments"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."bed_assignments"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.allergies
CREATE TABLE IF NOT EXISTS "clinical"."allergies" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "category" "clinical"."allergy_category" NOT NULL, "substance_code" character varying(18), "substance_display" character varying(200) NOT NULL, "medication_id" uuid, "criticality" character varying(16), "severity" character varying(10), "reaction" text, "clinical_status" character varying(10) NOT NULL DEFAULT 'active', "verification_status" character varying(16) NOT NULL, "onset_date" date, "recorded_by" uuid, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "allergies_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."allergies"'::regclass AND conname = 'allergies_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."allergies" ADD CONSTRAINT "allergies_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."allergies"'::regclass AND conname = 'allergies_clinical_status_values') THEN
        ALTER TABLE "clinical"."allergies" ADD CONSTRAINT "allergies_clinical_status_values" CHECK (clinical_status IN ('active', 'inactive', 'resolved'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."allergies"'::regclass AND conname = 'allergies_criticality_values') THEN
        ALTER TABLE "clinical"."allergies" ADD CONSTRAINT "allergies_criticality_values" CHECK (criticality IN ('low', 'high', 'unable_to_assess'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."allergies"'::regclass AND conname = 'allergies_deleted_by_check') THEN
        ALTER TABLE "clinical"."allergies" ADD CONSTRAINT "allergies_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."allergies"'::regclass AND conname = 'allergies_severity_values') THEN
        ALTER TABLE "clinical"."allergies" ADD CONSTRAINT "allergies_severity_values" CHECK (severity IN ('mild', 'moderate', 'severe'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."allergies"'::regclass AND conname = 'allergies_substance_code_format') THEN
        ALTER TABLE "clinical"."allergies" ADD CONSTRAINT "allergies_substance_code_format" CHECK (substance_code ~ '^[0-9]{6,18}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."allergies"'::regclass AND conname = 'allergies_verification_status_values') THEN
        ALTER TABLE "clinical"."allergies" ADD CONSTRAINT "allergies_verification_status_values" CHECK (verification_status IN ('unconfirmed', 'presumed', 'confirmed', 'refuted', 'entered_in_error'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."allergies"'::regclass AND conname = 'allergies_medication_id_fkey') THEN
        ALTER TABLE "clinical"."allergies" ADD CONSTRAINT "allergies_medication_id_fkey" FOREIGN KEY ("tenant_id", "medication_id") REFERENCES "clinical"."medications" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."allergies"'::regclass AND conname = 'allergies_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."allergies" ADD CONSTRAINT "allergies_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "allergies_active_substance_uidx" ON "clinical"."allergies" ("tenant_id", "patient_id", "substance_code") WHERE clinical_status = 'active' AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "allergies_tenant_id_medication_id_idx" ON "clinical"."allergies" ("tenant_id", "medication_id");
CREATE INDEX IF NOT EXISTS "allergies_tenant_id_patient_id_idx" ON "clinical"."allergies" ("tenant_id", "patient_id");
CREATE INDEX IF NOT EXISTS "allergies_tenant_id_recorded_by_idx" ON "clinical"."allergies" ("tenant_id", "recorded_by");
COMMENT ON TABLE "clinical"."allergies" IS 'Allergies and intolerances, including explicit "no known drug allergy" assertions (SNOMED 409137002).';
COMMENT ON COLUMN "clinical"."allergies"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."allergies"."substance_code" IS 'SNOMED CT substance concept.';
COMMENT ON COLUMN "clinical"."allergies"."medication_id" IS 'Formulary drug, for prescribing alerts.';
COMMENT ON COLUMN "clinical"."allergies"."criticality" IS 'low, high or unable_to_assess.';
COMMENT ON COLUMN "clinical"."allergies"."clinical_status" IS 'active, inactive or resolved.';
COMMENT ON COLUMN "clinical"."allergies"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."allergies"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."allergies"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."allergies"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."allergies"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."allergies"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."allergies"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.appointments
CREATE TABLE IF NOT EXISTS "clinical"."appointments" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "practitioner_id" uuid NOT NULL, "facility_id" uuid NOT NULL, "department_id" uuid, "schedule_id" uuid, "appointment_date" date NOT NULL, "slot_start" timestamp with time zone NOT NULL, "slot_end" timestamp with time zone NOT NULL, "token_number" integer, "status" "clinical"."appointment_status" NOT NULL DEFAULT 'booked', "booking_channel" "clinical"."booking_channel" NOT NULL, "reason" text, "cancel_reason" text, "checked_in_at" timestamp with time zone, "rescheduled_from_id" uuid, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "appointments_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."appointments"'::regclass AND conname = 'appointments_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."appointments" ADD CONSTRAINT "appointments_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."appointments"'::regclass AND conname = 'appointments_cancel_reason') THEN
        ALTER TABLE "clinical"."appointments" ADD CONSTRAINT "appointments_cancel_reason" CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."appointments"'::regclass AND conname = 'appointments_checked_in_at') THEN
        ALTER TABLE "clinical"."appointments" ADD CONSTRAINT "appointments_checked_in_at" CHECK (status NOT IN ('checked_in', 'in_consultation', 'completed') OR checked_in_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."appointments"'::regclass AND conname = 'appointments_deleted_by_check') THEN
        ALTER TABLE "clinical"."appointments" ADD CONSTRAINT "appointments_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."appointments"'::regclass AND conname = 'appointments_not_rescheduled_from_self') THEN
        ALTER TABLE "clinical"."appointments" ADD CONSTRAINT "appointments_not_rescheduled_from_self" CHECK (rescheduled_from_id <> id);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."appointments"'::regclass AND conname = 'appointments_slot_order') THEN
        ALTER TABLE "clinical"."appointments" ADD CONSTRAINT "appointments_slot_order" CHECK (slot_end > slot_start);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."appointments"'::regclass AND conname = 'appointments_token_positive') THEN
        ALTER TABLE "clinical"."appointments" ADD CONSTRAINT "appointments_token_positive" CHECK (token_number IS NULL OR token_number > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."appointments"'::regclass AND conname = 'appointments_no_double_booking') THEN
        ALTER TABLE "clinical"."appointments" ADD CONSTRAINT "appointments_no_double_booking" EXCLUDE USING gist (tenant_id WITH =, practitioner_id WITH =, tstzrange(slot_start, slot_end) WITH &&) WHERE (status IN ('booked', 'confirmed', 'checked_in') AND deleted_at IS NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."appointments"'::regclass AND conname = 'appointments_department_id_fkey') THEN
        ALTER TABLE "clinical"."appointments" ADD CONSTRAINT "appointments_department_id_fkey" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "core"."departments" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."appointments"'::regclass AND conname = 'appointments_facility_id_fkey') THEN
        ALTER TABLE "clinical"."appointments" ADD CONSTRAINT "appointments_facility_id_fkey" FOREIGN KEY ("tenant_id", "facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."appointments"'::regclass AND conname = 'appointments_rescheduled_from_id_fkey') THEN
        ALTER TABLE "clinical"."appointments" ADD CONSTRAINT "appointments_rescheduled_from_id_fkey" FOREIGN KEY ("tenant_id", "rescheduled_from_id") REFERENCES "clinical"."appointments" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."appointments"'::regclass AND conname = 'appointments_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."appointments" ADD CONSTRAINT "appointments_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "appointments_tenant_id_department_id_idx" ON "clinical"."appointments" ("tenant_id", "department_id");
CREATE INDEX IF NOT EXISTS "appointments_tenant_id_facility_id_appointment_date_status_idx" ON "clinical"."appointments" ("tenant_id", "facility_id", "appointment_date", "status");
CREATE INDEX IF NOT EXISTS "appointments_tenant_id_patient_id_slot_start_idx" ON "clinical"."appointments" ("tenant_id", "patient_id", "slot_start" DESC);
CREATE INDEX IF NOT EXISTS "appointments_tenant_id_practitioner_id_slot_start_idx" ON "clinical"."appointments" ("tenant_id", "practitioner_id", "slot_start");
CREATE INDEX IF NOT EXISTS "appointments_tenant_id_rescheduled_from_id_idx" ON "clinical"."appointments" ("tenant_id", "rescheduled_from_id");
CREATE INDEX IF NOT EXISTS "appointments_tenant_id_schedule_id_idx" ON "clinical"."appointments" ("tenant_id", "schedule_id");
CREATE UNIQUE INDEX IF NOT EXISTS "appointments_token_uidx" ON "clinical"."appointments" ("tenant_id", "practitioner_id", "appointment_date", "token_number") WHERE token_number IS NOT NULL AND deleted_at IS NULL;
COMMENT ON TABLE "clinical"."appointments" IS 'Booked OPD slot or walk-in queue token.';
COMMENT ON COLUMN "clinical"."appointments"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."appointments"."appointment_date" IS 'Local (IST) date of the slot; the token series restarts every day.';
COMMENT ON COLUMN "clinical"."appointments"."token_number" IS 'Queue token shown on the OPD display.';
COMMENT ON COLUMN "clinical"."appointments"."rescheduled_from_id" IS 'The appointment this one replaces.';
COMMENT ON COLUMN "clinical"."appointments"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."appointments"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."appointments"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."appointments"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."appointments"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."appointments"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."appointments"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.clinical_notes
CREATE TABLE IF NOT EXISTS "clinical"."clinical_notes" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "encounter_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "author_id" uuid NOT NULL, "note_type" "clinical"."note_type" NOT NULL, "title" character varying(200), "body" text NOT NULL, "body_format" character varying(10) NOT NULL DEFAULT 'markdown', "status" character varying(16) NOT NULL DEFAULT 'draft', "signed_at" timestamp with time zone, "amends_note_id" uuid, "sensitivity" "clinical"."sensitivity" NOT NULL DEFAULT 'normal', "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "clinical_notes_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."clinical_notes"'::regclass AND conname = 'clinical_notes_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."clinical_notes" ADD CONSTRAINT "clinical_notes_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."clinical_notes"'::regclass AND conname = 'clinical_notes_body_format_values') THEN
        ALTER TABLE "clinical"."clinical_notes" ADD CONSTRAINT "clinical_notes_body_format_values" CHECK (body_format IN ('plain', 'markdown', 'html'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."clinical_notes"'::regclass AND conname = 'clinical_notes_deleted_by_check') THEN
        ALTER TABLE "clinical"."clinical_notes" ADD CONSTRAINT "clinical_notes_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."clinical_notes"'::regclass AND conname = 'clinical_notes_not_amending_self') THEN
        ALTER TABLE "clinical"."clinical_notes" ADD CONSTRAINT "clinical_notes_not_amending_self" CHECK (amends_note_id <> id);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."clinical_notes"'::regclass AND conname = 'clinical_notes_signed_has_time') THEN
        ALTER TABLE "clinical"."clinical_notes" ADD CONSTRAINT "clinical_notes_signed_has_time" CHECK (status NOT IN ('signed', 'amended') OR signed_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."clinical_notes"'::regclass AND conname = 'clinical_notes_status_values') THEN
        ALTER TABLE "clinical"."clinical_notes" ADD CONSTRAINT "clinical_notes_status_values" CHECK (status IN ('draft', 'signed', 'amended', 'entered_in_error'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."clinical_notes"'::regclass AND conname = 'clinical_notes_amends_note_id_fkey') THEN
        ALTER TABLE "clinical"."clinical_notes" ADD CONSTRAINT "clinical_notes_amends_note_id_fkey" FOREIGN KEY ("tenant_id", "amends_note_id") REFERENCES "clinical"."clinical_notes" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."clinical_notes"'::regclass AND conname = 'clinical_notes_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."clinical_notes" ADD CONSTRAINT "clinical_notes_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "clinical_notes_body_fts_idx" ON "clinical"."clinical_notes" USING gin ((to_tsvector('english', body)));
CREATE INDEX IF NOT EXISTS "clinical_notes_tenant_id_amends_note_id_idx" ON "clinical"."clinical_notes" ("tenant_id", "amends_note_id");
CREATE INDEX IF NOT EXISTS "clinical_notes_tenant_id_author_id_idx" ON "clinical"."clinical_notes" ("tenant_id", "author_id");
CREATE INDEX IF NOT EXISTS "clinical_notes_tenant_id_encounter_id_created_at_idx" ON "clinical"."clinical_notes" ("tenant_id", "encounter_id", "created_at");
CREATE INDEX IF NOT EXISTS "clinical_notes_tenant_id_patient_id_note_type_idx" ON "clinical"."clinical_notes" ("tenant_id", "patient_id", "note_type");
COMMENT ON TABLE "clinical"."clinical_notes" IS 'Free-text clinical documentation; a signed note is never edited, only amended by a new note.';
COMMENT ON COLUMN "clinical"."clinical_notes"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."clinical_notes"."body_format" IS 'plain, markdown or html.';
COMMENT ON COLUMN "clinical"."clinical_notes"."status" IS 'draft, signed, amended (superseded by a later note) or entered_in_error.';
COMMENT ON COLUMN "clinical"."clinical_notes"."amends_note_id" IS 'The earlier note this one amends.';
COMMENT ON COLUMN "clinical"."clinical_notes"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."clinical_notes"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."clinical_notes"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."clinical_notes"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."clinical_notes"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."clinical_notes"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."clinical_notes"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.diagnoses
CREATE TABLE IF NOT EXISTS "clinical"."diagnoses" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "encounter_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "icd10_code" character varying(8) NOT NULL, "snomed_code" character varying(18), "display" character varying(500) NOT NULL, "diagnosis_type" "clinical"."diagnosis_type" NOT NULL, "rank" smallint NOT NULL DEFAULT 1, "certainty" character varying(12), "onset_date" date, "diagnosed_by" uuid NOT NULL, "is_notifiable" bool NOT NULL DEFAULT FALSE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "diagnoses_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."diagnoses"'::regclass AND conname = 'diagnoses_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."diagnoses" ADD CONSTRAINT "diagnoses_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."diagnoses"'::regclass AND conname = 'diagnoses_certainty_values') THEN
        ALTER TABLE "clinical"."diagnoses" ADD CONSTRAINT "diagnoses_certainty_values" CHECK (certainty IN ('confirmed', 'suspected'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."diagnoses"'::regclass AND conname = 'diagnoses_deleted_by_check') THEN
        ALTER TABLE "clinical"."diagnoses" ADD CONSTRAINT "diagnoses_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."diagnoses"'::regclass AND conname = 'diagnoses_icd10_format') THEN
        ALTER TABLE "clinical"."diagnoses" ADD CONSTRAINT "diagnoses_icd10_format" CHECK (icd10_code ~ '^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."diagnoses"'::regclass AND conname = 'diagnoses_rank_positive') THEN
        ALTER TABLE "clinical"."diagnoses" ADD CONSTRAINT "diagnoses_rank_positive" CHECK (rank >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."diagnoses"'::regclass AND conname = 'diagnoses_snomed_format') THEN
        ALTER TABLE "clinical"."diagnoses" ADD CONSTRAINT "diagnoses_snomed_format" CHECK (snomed_code ~ '^[0-9]{6,18}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."diagnoses"'::regclass AND conname = 'diagnoses_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."diagnoses" ADD CONSTRAINT "diagnoses_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "diagnoses_principal_uidx" ON "clinical"."diagnoses" ("tenant_id", "encounter_id") WHERE diagnosis_type = 'final' AND rank = 1 AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "diagnoses_tenant_id_diagnosed_by_idx" ON "clinical"."diagnoses" ("tenant_id", "diagnosed_by");
CREATE INDEX IF NOT EXISTS "diagnoses_tenant_id_encounter_id_idx" ON "clinical"."diagnoses" ("tenant_id", "encounter_id");
CREATE INDEX IF NOT EXISTS "diagnoses_tenant_id_icd10_code_created_at_idx" ON "clinical"."diagnoses" ("tenant_id", "icd10_code", "created_at");
CREATE INDEX IF NOT EXISTS "diagnoses_tenant_id_patient_id_idx" ON "clinical"."diagnoses" ("tenant_id", "patient_id");
COMMENT ON TABLE "clinical"."diagnoses" IS 'ICD-10 (WHO edition) coded diagnosis recorded in an encounter (provisional → final).';
COMMENT ON COLUMN "clinical"."diagnoses"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."diagnoses"."icd10_code" IS 'ICD-10 code without trailing dot, e.g. E11.9.';
COMMENT ON COLUMN "clinical"."diagnoses"."display" IS 'The text the clinician saw; part of the legal record.';
COMMENT ON COLUMN "clinical"."diagnoses"."rank" IS '1 = principal diagnosis of its type.';
COMMENT ON COLUMN "clinical"."diagnoses"."certainty" IS 'confirmed or suspected.';
COMMENT ON COLUMN "clinical"."diagnoses"."is_notifiable" IS 'Notifiable disease (IDSP/IHIP reporting).';
COMMENT ON COLUMN "clinical"."diagnoses"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."diagnoses"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."diagnoses"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."diagnoses"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."diagnoses"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."diagnoses"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."diagnoses"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.discharge_summaries
CREATE TABLE IF NOT EXISTS "clinical"."discharge_summaries" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "admission_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "prepared_by" uuid NOT NULL, "approved_by" uuid, "status" character varying(12) NOT NULL DEFAULT 'draft', "admission_reason" text, "course_in_hospital" text, "investigations_summary" text, "procedures_summary" text, "condition_at_discharge" text, "discharge_prescription_id" uuid, "follow_up_advice" text, "follow_up_date" date, "emergency_instructions" text, "finalised_at" timestamp with time zone, "document_id" uuid, "fhir_bundle" jsonb, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "discharge_summaries_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."discharge_summaries"'::regclass AND conname = 'discharge_summaries_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."discharge_summaries" ADD CONSTRAINT "discharge_summaries_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."discharge_summaries"'::regclass AND conname = 'discharge_summaries_deleted_by_check') THEN
        ALTER TABLE "clinical"."discharge_summaries" ADD CONSTRAINT "discharge_summaries_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."discharge_summaries"'::regclass AND conname = 'discharge_summaries_finalised_complete') THEN
        ALTER TABLE "clinical"."discharge_summaries" ADD CONSTRAINT "discharge_summaries_finalised_complete" CHECK (status NOT IN ('finalised', 'amended') OR (finalised_at IS NOT NULL AND approved_by IS NOT NULL));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."discharge_summaries"'::regclass AND conname = 'discharge_summaries_status_values') THEN
        ALTER TABLE "clinical"."discharge_summaries" ADD CONSTRAINT "discharge_summaries_status_values" CHECK (status IN ('draft', 'in_review', 'finalised', 'amended'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."discharge_summaries"'::regclass AND conname = 'discharge_summaries_admission_id_fkey') THEN
        ALTER TABLE "clinical"."discharge_summaries" ADD CONSTRAINT "discharge_summaries_admission_id_fkey" FOREIGN KEY ("tenant_id", "admission_id") REFERENCES "clinical"."admissions" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."discharge_summaries"'::regclass AND conname = 'discharge_summaries_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."discharge_summaries" ADD CONSTRAINT "discharge_summaries_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "discharge_summaries_tenant_id_admission_id_idx" ON "clinical"."discharge_summaries" ("tenant_id", "admission_id");
CREATE UNIQUE INDEX IF NOT EXISTS "discharge_summaries_tenant_id_admission_id_uidx" ON "clinical"."discharge_summaries" ("tenant_id", "admission_id") WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "discharge_summaries_tenant_id_approved_by_idx" ON "clinical"."discharge_summaries" ("tenant_id", "approved_by");
CREATE INDEX IF NOT EXISTS "discharge_summaries_tenant_id_discharge_prescription_id_idx" ON "clinical"."discharge_summaries" ("tenant_id", "discharge_prescription_id");
CREATE INDEX IF NOT EXISTS "discharge_summaries_tenant_id_document_id_idx" ON "clinical"."discharge_summaries" ("tenant_id", "document_id");
CREATE INDEX IF NOT EXISTS "discharge_summaries_tenant_id_patient_id_idx" ON "clinical"."discharge_summaries" ("tenant_id", "patient_id");
CREATE INDEX IF NOT EXISTS "discharge_summaries_tenant_id_prepared_by_idx" ON "clinical"."discharge_summaries" ("tenant_id", "prepared_by");
COMMENT ON TABLE "clinical"."discharge_summaries" IS 'Structured discharge summary of an admission; source of the ABDM DischargeSummary.';
COMMENT ON COLUMN "clinical"."discharge_summaries"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."discharge_summaries"."approved_by" IS 'Consultant who approves the summary.';
COMMENT ON COLUMN "clinical"."discharge_summaries"."status" IS 'draft, in_review, finalised or amended.';
COMMENT ON COLUMN "clinical"."discharge_summaries"."emergency_instructions" IS 'When to return to emergency (warning signs).';
COMMENT ON COLUMN "clinical"."discharge_summaries"."document_id" IS 'Signed PDF.';
COMMENT ON COLUMN "clinical"."discharge_summaries"."fhir_bundle" IS 'ABDM DischargeSummary FHIR bundle.';
COMMENT ON COLUMN "clinical"."discharge_summaries"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."discharge_summaries"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."discharge_summaries"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."discharge_summaries"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."discharge_summaries"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."discharge_summaries"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."discharge_summaries"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.encounters
CREATE TABLE IF NOT EXISTS "clinical"."encounters" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "encounter_number" character varying(20) NOT NULL, "patient_id" uuid NOT NULL, "facility_id" uuid NOT NULL, "department_id" uuid, "encounter_class" "clinical"."encounter_class" NOT NULL, "status" "clinical"."encounter_status" NOT NULL DEFAULT 'planned', "visit_type" character varying(12), "attending_practitioner_id" uuid, "appointment_id" uuid, "started_at" timestamp with time zone NOT NULL, "ended_at" timestamp with time zone, "chief_complaint" text, "triage_category" "clinical"."triage_category", "is_mlc" bool NOT NULL DEFAULT FALSE, "mlc_number" character varying(30), "police_station" character varying(150), "payer_category" "billing"."payer_category" NOT NULL DEFAULT 'self_pay', "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "encounters_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."encounters"'::regclass AND conname = 'encounters_tenant_id_encounter_number_key') THEN
        ALTER TABLE "clinical"."encounters" ADD CONSTRAINT "encounters_tenant_id_encounter_number_key" UNIQUE ("tenant_id", "encounter_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."encounters"'::regclass AND conname = 'encounters_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."encounters" ADD CONSTRAINT "encounters_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."encounters"'::regclass AND conname = 'encounters_deleted_by_check') THEN
        ALTER TABLE "clinical"."encounters" ADD CONSTRAINT "encounters_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."encounters"'::regclass AND conname = 'encounters_emergency_triaged') THEN
        ALTER TABLE "clinical"."encounters" ADD CONSTRAINT "encounters_emergency_triaged" CHECK (status IN ('planned', 'arrived', 'cancelled') OR encounter_class <> 'emergency' OR triage_category IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."encounters"'::regclass AND conname = 'encounters_ended_after_start') THEN
        ALTER TABLE "clinical"."encounters" ADD CONSTRAINT "encounters_ended_after_start" CHECK (ended_at IS NULL OR ended_at >= started_at);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."encounters"'::regclass AND conname = 'encounters_finished_has_end') THEN
        ALTER TABLE "clinical"."encounters" ADD CONSTRAINT "encounters_finished_has_end" CHECK (status <> 'finished' OR ended_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."encounters"'::regclass AND conname = 'encounters_mlc_number_needs_mlc') THEN
        ALTER TABLE "clinical"."encounters" ADD CONSTRAINT "encounters_mlc_number_needs_mlc" CHECK (is_mlc OR (mlc_number IS NULL AND police_station IS NULL));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."encounters"'::regclass AND conname = 'encounters_visit_type_values') THEN
        ALTER TABLE "clinical"."encounters" ADD CONSTRAINT "encounters_visit_type_values" CHECK (visit_type IN ('new', 'follow_up'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."encounters"'::regclass AND conname = 'encounters_appointment_id_fkey') THEN
        ALTER TABLE "clinical"."encounters" ADD CONSTRAINT "encounters_appointment_id_fkey" FOREIGN KEY ("tenant_id", "appointment_id") REFERENCES "clinical"."appointments" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."encounters"'::regclass AND conname = 'encounters_department_id_fkey') THEN
        ALTER TABLE "clinical"."encounters" ADD CONSTRAINT "encounters_department_id_fkey" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "core"."departments" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."encounters"'::regclass AND conname = 'encounters_facility_id_fkey') THEN
        ALTER TABLE "clinical"."encounters" ADD CONSTRAINT "encounters_facility_id_fkey" FOREIGN KEY ("tenant_id", "facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."encounters"'::regclass AND conname = 'encounters_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."encounters" ADD CONSTRAINT "encounters_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "encounters_appointment_uidx" ON "clinical"."encounters" ("tenant_id", "appointment_id") WHERE appointment_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "encounters_open_idx" ON "clinical"."encounters" ("tenant_id", "facility_id", "status") WHERE status IN ('arrived', 'triaged', 'in_progress');
CREATE INDEX IF NOT EXISTS "encounters_tenant_id_appointment_id_idx" ON "clinical"."encounters" ("tenant_id", "appointment_id");
CREATE INDEX IF NOT EXISTS "encounters_tenant_id_attending_practitioner_id_started_at_idx" ON "clinical"."encounters" ("tenant_id", "attending_practitioner_id", "started_at");
CREATE INDEX IF NOT EXISTS "encounters_tenant_id_department_id_idx" ON "clinical"."encounters" ("tenant_id", "department_id");
CREATE INDEX IF NOT EXISTS "encounters_tenant_id_facility_id_idx" ON "clinical"."encounters" ("tenant_id", "facility_id");
CREATE INDEX IF NOT EXISTS "encounters_tenant_id_patient_id_started_at_idx" ON "clinical"."encounters" ("tenant_id", "patient_id", "started_at" DESC);
COMMENT ON TABLE "clinical"."encounters" IS 'One patient contact: OPD visit, IPD stay, emergency visit, daycare, teleconsultation or home visit.';
COMMENT ON COLUMN "clinical"."encounters"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."encounters"."encounter_number" IS 'OP, IP or ER number shown to the patient; never reused.';
COMMENT ON COLUMN "clinical"."encounters"."visit_type" IS 'new or follow_up (follow-up visits are often free or discounted within a window).';
COMMENT ON COLUMN "clinical"."encounters"."appointment_id" IS 'The OPD booking this visit fulfils; at most one encounter per appointment.';
COMMENT ON COLUMN "clinical"."encounters"."triage_category" IS 'Required for emergency visits once triaged.';
COMMENT ON COLUMN "clinical"."encounters"."is_mlc" IS 'Medico-legal case (accident, assault, poisoning, burns …).';
COMMENT ON COLUMN "clinical"."encounters"."payer_category" IS 'Who is expected to pay; drives tariff selection and claim workflow.';
COMMENT ON COLUMN "clinical"."encounters"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."encounters"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."encounters"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."encounters"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."encounters"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."encounters"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."encounters"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.medico_legal_cases
CREATE TABLE IF NOT EXISTS "clinical"."medico_legal_cases" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "encounter_id" uuid NOT NULL, "mlc_number" character varying(30) NOT NULL, "police_station" character varying(150), "informed_at" timestamp with time zone, "officer_name" character varying(150), "officer_id_number" character varying(40), "injury_description" text, "sensitivity" "clinical"."sensitivity" NOT NULL DEFAULT 'restricted', "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "medico_legal_cases_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medico_legal_cases"'::regclass AND conname = 'medico_legal_cases_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."medico_legal_cases" ADD CONSTRAINT "medico_legal_cases_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medico_legal_cases"'::regclass AND conname = 'medico_legal_cases_tenant_id_mlc_number_key') THEN
        ALTER TABLE "clinical"."medico_legal_cases" ADD CONSTRAINT "medico_legal_cases_tenant_id_mlc_number_key" UNIQUE ("tenant_id", "mlc_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medico_legal_cases"'::regclass AND conname = 'medico_legal_cases_deleted_by_check') THEN
        ALTER TABLE "clinical"."medico_legal_cases" ADD CONSTRAINT "medico_legal_cases_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medico_legal_cases"'::regclass AND conname = 'medico_legal_cases_encounter_id_fkey') THEN
        ALTER TABLE "clinical"."medico_legal_cases" ADD CONSTRAINT "medico_legal_cases_encounter_id_fkey" FOREIGN KEY ("tenant_id", "encounter_id") REFERENCES "clinical"."encounters" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medico_legal_cases"'::regclass AND conname = 'medico_legal_cases_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."medico_legal_cases" ADD CONSTRAINT "medico_legal_cases_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "medico_legal_cases_encounter_uidx" ON "clinical"."medico_legal_cases" ("tenant_id", "encounter_id") WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "medico_legal_cases_tenant_id_encounter_id_idx" ON "clinical"."medico_legal_cases" ("tenant_id", "encounter_id");
COMMENT ON TABLE "clinical"."medico_legal_cases" IS 'Medico-legal case of an encounter (evolution C1): split out of clinical.encounters, whose mlc_number and police_station a later release drops after the backfill.';
COMMENT ON COLUMN "clinical"."medico_legal_cases"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."medico_legal_cases"."informed_at" IS 'When the police were informed.';
COMMENT ON COLUMN "clinical"."medico_legal_cases"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."medico_legal_cases"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."medico_legal_cases"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."medico_legal_cases"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."medico_legal_cases"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."medico_legal_cases"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."medico_legal_cases"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.immunizations
CREATE TABLE IF NOT EXISTS "clinical"."immunizations" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "encounter_id" uuid, "vaccine_code" character varying(18) NOT NULL, "vaccine_name" character varying(150) NOT NULL, "programme" character varying(12) NOT NULL, "dose_number" smallint, "administered_at" timestamp with time zone, "lot_number" character varying(40), "expiry_date" date, "manufacturer" character varying(150), "site" character varying(40), "route" "clinical"."med_route", "dose_ml" numeric(6,2), "administered_by" uuid, "status" character varying(16) NOT NULL DEFAULT 'completed', "reason_not_done" text, "aefi_reported" bool NOT NULL DEFAULT FALSE, "registry_reference" character varying(40), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "immunizations_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."immunizations"'::regclass AND conname = 'immunizations_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."immunizations" ADD CONSTRAINT "immunizations_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."immunizations"'::regclass AND conname = 'immunizations_completed_complete') THEN
        ALTER TABLE "clinical"."immunizations" ADD CONSTRAINT "immunizations_completed_complete" CHECK (status <> 'completed' OR (administered_at IS NOT NULL AND lot_number IS NOT NULL));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."immunizations"'::regclass AND conname = 'immunizations_deleted_by_check') THEN
        ALTER TABLE "clinical"."immunizations" ADD CONSTRAINT "immunizations_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."immunizations"'::regclass AND conname = 'immunizations_dose_ml_positive') THEN
        ALTER TABLE "clinical"."immunizations" ADD CONSTRAINT "immunizations_dose_ml_positive" CHECK (dose_ml IS NULL OR dose_ml > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."immunizations"'::regclass AND conname = 'immunizations_dose_number_positive') THEN
        ALTER TABLE "clinical"."immunizations" ADD CONSTRAINT "immunizations_dose_number_positive" CHECK (dose_number IS NULL OR dose_number > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."immunizations"'::regclass AND conname = 'immunizations_programme_values') THEN
        ALTER TABLE "clinical"."immunizations" ADD CONSTRAINT "immunizations_programme_values" CHECK (programme IN ('uip', 'private', 'campaign'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."immunizations"'::regclass AND conname = 'immunizations_reason_not_done') THEN
        ALTER TABLE "clinical"."immunizations" ADD CONSTRAINT "immunizations_reason_not_done" CHECK (status <> 'not_done' OR reason_not_done IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."immunizations"'::regclass AND conname = 'immunizations_status_values') THEN
        ALTER TABLE "clinical"."immunizations" ADD CONSTRAINT "immunizations_status_values" CHECK (status IN ('completed', 'not_done', 'entered_in_error'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."immunizations"'::regclass AND conname = 'immunizations_encounter_id_fkey') THEN
        ALTER TABLE "clinical"."immunizations" ADD CONSTRAINT "immunizations_encounter_id_fkey" FOREIGN KEY ("tenant_id", "encounter_id") REFERENCES "clinical"."encounters" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."immunizations"'::regclass AND conname = 'immunizations_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."immunizations" ADD CONSTRAINT "immunizations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "immunizations_tenant_id_administered_by_idx" ON "clinical"."immunizations" ("tenant_id", "administered_by");
CREATE INDEX IF NOT EXISTS "immunizations_tenant_id_encounter_id_idx" ON "clinical"."immunizations" ("tenant_id", "encounter_id");
CREATE INDEX IF NOT EXISTS "immunizations_tenant_id_patient_id_administered_at_idx" ON "clinical"."immunizations" ("tenant_id", "patient_id", "administered_at");
COMMENT ON TABLE "clinical"."immunizations" IS 'Vaccine doses given (Universal Immunization Programme, private vaccines, campaigns).';
COMMENT ON COLUMN "clinical"."immunizations"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."immunizations"."vaccine_code" IS 'SNOMED CT vaccine product code.';
COMMENT ON COLUMN "clinical"."immunizations"."programme" IS 'uip, private or campaign.';
COMMENT ON COLUMN "clinical"."immunizations"."status" IS 'completed, not_done or entered_in_error.';
COMMENT ON COLUMN "clinical"."immunizations"."aefi_reported" IS 'Adverse event following immunization was reported.';
COMMENT ON COLUMN "clinical"."immunizations"."registry_reference" IS 'U-WIN registry reference.';
COMMENT ON COLUMN "clinical"."immunizations"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."immunizations"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."immunizations"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."immunizations"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."immunizations"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."immunizations"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."immunizations"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.medication_administrations
CREATE TABLE IF NOT EXISTS "clinical"."medication_administrations" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "admission_id" uuid NOT NULL, "prescription_item_id" uuid, "medication_id" uuid NOT NULL, "scheduled_at" timestamp with time zone, "administered_at" timestamp with time zone, "dose_given" numeric(10,3), "dose_unit" character varying(20), "route" "clinical"."med_route", "site" character varying(40), "status" "clinical"."administration_status" NOT NULL DEFAULT 'scheduled', "reason_not_given" text, "administered_by" uuid, "witnessed_by" uuid, "batch_number" character varying(40), "expiry_date" date, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "medication_administrations_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medication_administrations"'::regclass AND conname = 'medication_administrations_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."medication_administrations" ADD CONSTRAINT "medication_administrations_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medication_administrations"'::regclass AND conname = 'medication_administrations_deleted_by_check') THEN
        ALTER TABLE "clinical"."medication_administrations" ADD CONSTRAINT "medication_administrations_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medication_administrations"'::regclass AND conname = 'medication_administrations_dose_positive') THEN
        ALTER TABLE "clinical"."medication_administrations" ADD CONSTRAINT "medication_administrations_dose_positive" CHECK (dose_given IS NULL OR dose_given > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medication_administrations"'::regclass AND conname = 'medication_administrations_given_complete') THEN
        ALTER TABLE "clinical"."medication_administrations" ADD CONSTRAINT "medication_administrations_given_complete" CHECK (status <> 'given' OR (administered_at IS NOT NULL AND administered_by IS NOT NULL));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medication_administrations"'::regclass AND conname = 'medication_administrations_has_time') THEN
        ALTER TABLE "clinical"."medication_administrations" ADD CONSTRAINT "medication_administrations_has_time" CHECK (num_nonnulls(scheduled_at, administered_at) >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medication_administrations"'::regclass AND conname = 'medication_administrations_reason_not_given') THEN
        ALTER TABLE "clinical"."medication_administrations" ADD CONSTRAINT "medication_administrations_reason_not_given" CHECK (status NOT IN ('held', 'refused', 'not_given') OR reason_not_given IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medication_administrations"'::regclass AND conname = 'medication_administrations_witness_differs') THEN
        ALTER TABLE "clinical"."medication_administrations" ADD CONSTRAINT "medication_administrations_witness_differs" CHECK (witnessed_by IS NULL OR witnessed_by <> administered_by);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medication_administrations"'::regclass AND conname = 'medication_administrations_admission_id_fkey') THEN
        ALTER TABLE "clinical"."medication_administrations" ADD CONSTRAINT "medication_administrations_admission_id_fkey" FOREIGN KEY ("tenant_id", "admission_id") REFERENCES "clinical"."admissions" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medication_administrations"'::regclass AND conname = 'medication_administrations_medication_id_fkey') THEN
        ALTER TABLE "clinical"."medication_administrations" ADD CONSTRAINT "medication_administrations_medication_id_fkey" FOREIGN KEY ("tenant_id", "medication_id") REFERENCES "clinical"."medications" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medication_administrations"'::regclass AND conname = 'medication_administrations_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."medication_administrations" ADD CONSTRAINT "medication_administrations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "medication_administrations_due_idx" ON "clinical"."medication_administrations" ("tenant_id", "scheduled_at") WHERE status = 'scheduled';
CREATE INDEX IF NOT EXISTS "medication_administrations_tenant_id_administered_by_idx" ON "clinical"."medication_administrations" ("tenant_id", "administered_by");
CREATE INDEX IF NOT EXISTS "medication_administrations_tenant_id_admission_id__cb30f0bf_idx" ON "clinical"."medication_administrations" ("tenant_id", "admission_id", "scheduled_at");
CREATE INDEX IF NOT EXISTS "medication_administrations_tenant_id_medication_id_idx" ON "clinical"."medication_administrations" ("tenant_id", "medication_id");
CREATE INDEX IF NOT EXISTS "medication_administrations_tenant_id_patient_id_idx" ON "clinical"."medication_administrations" ("tenant_id", "patient_id");
CREATE INDEX IF NOT EXISTS "medication_administrations_tenant_id_prescription_item_id_idx" ON "clinical"."medication_administrations" ("tenant_id", "prescription_item_id");
CREATE INDEX IF NOT EXISTS "medication_administrations_tenant_id_witnessed_by_idx" ON "clinical"."medication_administrations" ("tenant_id", "witnessed_by");
COMMENT ON TABLE "clinical"."medication_administrations" IS 'Medication administration record (MAR) for inpatients: one row per scheduled or given dose.';
COMMENT ON COLUMN "clinical"."medication_administrations"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."medication_administrations"."prescription_item_id" IS 'The order line this dose fulfils; NULL for a verbal/STAT order documented afterwards.';
COMMENT ON COLUMN "clinical"."medication_administrations"."witnessed_by" IS 'Second nurse for high-alert and NDPS drugs; never the administering nurse.';
COMMENT ON COLUMN "clinical"."medication_administrations"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."medication_administrations"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."medication_administrations"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."medication_administrations"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."medication_administrations"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."medication_administrations"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."medication_administrations"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.observations
CREATE TABLE IF NOT EXISTS "clinical"."observations" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "encounter_id" uuid NOT NULL, "category" "clinical"."observation_category" NOT NULL, "code_system" character varying(10) NOT NULL DEFAULT 'LOINC', "code" character varying(20) NOT NULL, "display" character varying(200) NOT NULL, "value_numeric" numeric(12,4), "value_text" text, "value_code" character varying(40), "unit_ucum" character varying(30), "components" jsonb, "interpretation" character varying(4), "effective_at" timestamp with time zone NOT NULL, "recorded_by" uuid NOT NULL, "source" "clinical"."observation_source" NOT NULL DEFAULT 'manual', "device_ref" character varying(60), "status" "clinical"."observation_status" NOT NULL DEFAULT 'final', "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "observations_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."observations"'::regclass AND conname = 'observations_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."observations" ADD CONSTRAINT "observations_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."observations"'::regclass AND conname = 'observations_code_system_values') THEN
        ALTER TABLE "clinical"."observations" ADD CONSTRAINT "observations_code_system_values" CHECK (code_system IN ('LOINC', 'SNOMEDCT', 'LOCAL'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."observations"'::regclass AND conname = 'observations_components_array') THEN
        ALTER TABLE "clinical"."observations" ADD CONSTRAINT "observations_components_array" CHECK (components IS NULL OR jsonb_typeof(components) = 'array');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."observations"'::regclass AND conname = 'observations_deleted_by_check') THEN
        ALTER TABLE "clinical"."observations" ADD CONSTRAINT "observations_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."observations"'::regclass AND conname = 'observations_has_value') THEN
        ALTER TABLE "clinical"."observations" ADD CONSTRAINT "observations_has_value" CHECK (num_nonnulls(value_numeric, value_text, value_code, components) >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."observations"'::regclass AND conname = 'observations_numeric_has_unit') THEN
        ALTER TABLE "clinical"."observations" ADD CONSTRAINT "observations_numeric_has_unit" CHECK (value_numeric IS NULL OR unit_ucum IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."observations"'::regclass AND conname = 'observations_encounter_id_fkey') THEN
        ALTER TABLE "clinical"."observations" ADD CONSTRAINT "observations_encounter_id_fkey" FOREIGN KEY ("tenant_id", "encounter_id") REFERENCES "clinical"."encounters" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."observations"'::regclass AND conname = 'observations_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."observations" ADD CONSTRAINT "observations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "observations_effective_at_idx" ON "clinical"."observations" USING brin ("effective_at");
CREATE INDEX IF NOT EXISTS "observations_tenant_id_encounter_id_effective_at_idx" ON "clinical"."observations" ("tenant_id", "encounter_id", "effective_at");
CREATE INDEX IF NOT EXISTS "observations_tenant_id_patient_id_code_effective_at_idx" ON "clinical"."observations" ("tenant_id", "patient_id", "code", "effective_at" DESC);
CREATE INDEX IF NOT EXISTS "observations_tenant_id_recorded_by_idx" ON "clinical"."observations" ("tenant_id", "recorded_by");
COMMENT ON TABLE "clinical"."observations" IS 'Vitals, nursing charts, intake/output and scores (GCS, pain, NEWS); the highest-volume clinical table (candidate for range partitioning by effective_at).';
COMMENT ON COLUMN "clinical"."observations"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."observations"."code_system" IS 'LOINC, SNOMEDCT or LOCAL (hospital nursing-chart codes).';
COMMENT ON COLUMN "clinical"."observations"."code" IS 'e.g. LOINC 8867-4 heart rate, 8480-6 systolic BP, 59408-5 SpO2, 29463-7 weight.';
COMMENT ON COLUMN "clinical"."observations"."unit_ucum" IS 'UCUM unit, case-sensitive (mm[Hg], /min, Cel, kg).';
COMMENT ON COLUMN "clinical"."observations"."components" IS 'FHIR-style component array, e.g. systolic and diastolic of a BP panel.';
COMMENT ON COLUMN "clinical"."observations"."interpretation" IS 'HL7 interpretation code (N, L, H, LL, HH, A).';
COMMENT ON COLUMN "clinical"."observations"."effective_at" IS 'Clinically relevant time of the measurement.';
COMMENT ON COLUMN "clinical"."observations"."recorded_by" IS 'Evolution C3: every observation names who recorded it.';
COMMENT ON COLUMN "clinical"."observations"."source" IS 'Evolution C2: where the value came from.';
COMMENT ON COLUMN "clinical"."observations"."device_ref" IS 'Monitor or device that produced the value.';
COMMENT ON COLUMN "clinical"."observations"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."observations"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."observations"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."observations"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."observations"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."observations"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."observations"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.practitioner_schedules
CREATE TABLE IF NOT EXISTS "clinical"."practitioner_schedules" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "practitioner_id" uuid NOT NULL, "facility_id" uuid NOT NULL, "department_id" uuid, "day_of_week" smallint NOT NULL, "start_time" time without time zone NOT NULL, "end_time" time without time zone NOT NULL, "slot_minutes" smallint NOT NULL, "max_tokens" smallint, "consultation_mode" character varying(12) NOT NULL DEFAULT 'in_person', "valid_from" date NOT NULL, "valid_to" date, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "practitioner_schedules_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."practitioner_schedules"'::regclass AND conname = 'practitioner_schedules_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."practitioner_schedules" ADD CONSTRAINT "practitioner_schedules_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."practitioner_schedules"'::regclass AND conname = 'practitioner_schedules_day_of_week_range') THEN
        ALTER TABLE "clinical"."practitioner_schedules" ADD CONSTRAINT "practitioner_schedules_day_of_week_range" CHECK (day_of_week BETWEEN 1 AND 7);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."practitioner_schedules"'::regclass AND conname = 'practitioner_schedules_deleted_by_check') THEN
        ALTER TABLE "clinical"."practitioner_schedules" ADD CONSTRAINT "practitioner_schedules_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."practitioner_schedules"'::regclass AND conname = 'practitioner_schedules_end_after_start') THEN
        ALTER TABLE "clinical"."practitioner_schedules" ADD CONSTRAINT "practitioner_schedules_end_after_start" CHECK (end_time > start_time);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."practitioner_schedules"'::regclass AND conname = 'practitioner_schedules_max_tokens_positive') THEN
        ALTER TABLE "clinical"."practitioner_schedules" ADD CONSTRAINT "practitioner_schedules_max_tokens_positive" CHECK (max_tokens IS NULL OR max_tokens > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."practitioner_schedules"'::regclass AND conname = 'practitioner_schedules_mode_values') THEN
        ALTER TABLE "clinical"."practitioner_schedules" ADD CONSTRAINT "practitioner_schedules_mode_values" CHECK (consultation_mode IN ('in_person', 'tele', 'both'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."practitioner_schedules"'::regclass AND conname = 'practitioner_schedules_slot_minutes_range') THEN
        ALTER TABLE "clinical"."practitioner_schedules" ADD CONSTRAINT "practitioner_schedules_slot_minutes_range" CHECK (slot_minutes BETWEEN 5 AND 240);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."practitioner_schedules"'::regclass AND conname = 'practitioner_schedules_valid_window') THEN
        ALTER TABLE "clinical"."practitioner_schedules" ADD CONSTRAINT "practitioner_schedules_valid_window" CHECK (valid_to IS NULL OR valid_to >= valid_from);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."practitioner_schedules"'::regclass AND conname = 'practitioner_schedules_no_overlap') THEN
        ALTER TABLE "clinical"."practitioner_schedules" ADD CONSTRAINT "practitioner_schedules_no_overlap" EXCLUDE USING gist (tenant_id WITH =, practitioner_id WITH =, day_of_week WITH =, tsrange('2000-01-01'::date + start_time, '2000-01-01'::date + end_time) WITH &&, daterange(valid_from, valid_to, '[]') WITH &&) WHERE (deleted_at IS NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."practitioner_schedules"'::regclass AND conname = 'practitioner_schedules_department_id_fkey') THEN
        ALTER TABLE "clinical"."practitioner_schedules" ADD CONSTRAINT "practitioner_schedules_department_id_fkey" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "core"."departments" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."practitioner_schedules"'::regclass AND conname = 'practitioner_schedules_facility_id_fkey') THEN
        ALTER TABLE "clinical"."practitioner_schedules" ADD CONSTRAINT "practitioner_schedules_facility_id_fkey" FOREIGN KEY ("tenant_id", "facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."practitioner_schedules"'::regclass AND conname = 'practitioner_schedules_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."practitioner_schedules" ADD CONSTRAINT "practitioner_schedules_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "practitioner_schedules_tenant_id_department_id_idx" ON "clinical"."practitioner_schedules" ("tenant_id", "department_id");
CREATE INDEX IF NOT EXISTS "practitioner_schedules_tenant_id_facility_id_idx" ON "clinical"."practitioner_schedules" ("tenant_id", "facility_id");
CREATE INDEX IF NOT EXISTS "practitioner_schedules_tenant_id_practitioner_id_d_d22515ec_idx" ON "clinical"."practitioner_schedules" ("tenant_id", "practitioner_id", "day_of_week");
COMMENT ON TABLE "clinical"."practitioner_schedules" IS 'Recurring OPD availability of a practitioner: weekday, session hours and slot length.';
COMMENT ON COLUMN "clinical"."practitioner_schedules"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."practitioner_schedules"."day_of_week" IS 'ISO weekday: 1 = Monday … 7 = Sunday.';
COMMENT ON COLUMN "clinical"."practitioner_schedules"."start_time" IS 'Session start, facility local time (IST).';
COMMENT ON COLUMN "clinical"."practitioner_schedules"."max_tokens" IS 'Cap on walk-in tokens for the session; NULL = no cap.';
COMMENT ON COLUMN "clinical"."practitioner_schedules"."consultation_mode" IS 'in_person, tele or both.';
COMMENT ON COLUMN "clinical"."practitioner_schedules"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."practitioner_schedules"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."practitioner_schedules"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."practitioner_schedules"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."practitioner_schedules"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."practitioner_schedules"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."practitioner_schedules"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.prescription_items
CREATE TABLE IF NOT EXISTS "clinical"."prescription_items" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "prescription_id" uuid NOT NULL, "line_no" smallint NOT NULL, "medication_id" uuid, "drug_name_text" character varying(300) NOT NULL, "dose" numeric(10,3), "dose_unit" character varying(20), "route" "clinical"."med_route", "frequency" character varying(20) NOT NULL, "food_relation" character varying(12), "duration_value" smallint, "duration_unit" character varying(8), "quantity" numeric(12,3), "is_prn" bool NOT NULL DEFAULT FALSE, "instructions" text, "start_date" date, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "prescription_items_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescription_items"'::regclass AND conname = 'prescription_items_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."prescription_items" ADD CONSTRAINT "prescription_items_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescription_items"'::regclass AND conname = 'prescription_items_tenant_id_prescription_id_line_no_key') THEN
        ALTER TABLE "clinical"."prescription_items" ADD CONSTRAINT "prescription_items_tenant_id_prescription_id_line_no_key" UNIQUE ("tenant_id", "prescription_id", "line_no");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescription_items"'::regclass AND conname = 'prescription_items_deleted_by_check') THEN
        ALTER TABLE "clinical"."prescription_items" ADD CONSTRAINT "prescription_items_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescription_items"'::regclass AND conname = 'prescription_items_dose_positive') THEN
        ALTER TABLE "clinical"."prescription_items" ADD CONSTRAINT "prescription_items_dose_positive" CHECK (dose IS NULL OR dose > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescription_items"'::regclass AND conname = 'prescription_items_duration_complete') THEN
        ALTER TABLE "clinical"."prescription_items" ADD CONSTRAINT "prescription_items_duration_complete" CHECK ((duration_value IS NULL) = (duration_unit IS NULL) AND (duration_value IS NULL OR duration_value > 0));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescription_items"'::regclass AND conname = 'prescription_items_duration_unit_values') THEN
        ALTER TABLE "clinical"."prescription_items" ADD CONSTRAINT "prescription_items_duration_unit_values" CHECK (duration_unit IN ('days', 'weeks', 'months'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescription_items"'::regclass AND conname = 'prescription_items_food_relation_values') THEN
        ALTER TABLE "clinical"."prescription_items" ADD CONSTRAINT "prescription_items_food_relation_values" CHECK (food_relation IN ('before_food', 'after_food', 'with_food'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescription_items"'::regclass AND conname = 'prescription_items_line_no_positive') THEN
        ALTER TABLE "clinical"."prescription_items" ADD CONSTRAINT "prescription_items_line_no_positive" CHECK (line_no > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescription_items"'::regclass AND conname = 'prescription_items_quantity_positive') THEN
        ALTER TABLE "clinical"."prescription_items" ADD CONSTRAINT "prescription_items_quantity_positive" CHECK (quantity IS NULL OR quantity > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescription_items"'::regclass AND conname = 'prescription_items_medication_id_fkey') THEN
        ALTER TABLE "clinical"."prescription_items" ADD CONSTRAINT "prescription_items_medication_id_fkey" FOREIGN KEY ("tenant_id", "medication_id") REFERENCES "clinical"."medications" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescription_items"'::regclass AND conname = 'prescription_items_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."prescription_items" ADD CONSTRAINT "prescription_items_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "prescription_items_tenant_id_medication_id_idx" ON "clinical"."prescription_items" ("tenant_id", "medication_id");
COMMENT ON TABLE "clinical"."prescription_items" IS 'One drug line: generic name, dose, frequency (OD, BD, TDS, 1-0-1 …) and duration.';
COMMENT ON COLUMN "clinical"."prescription_items"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."prescription_items"."medication_id" IS 'Formulary drug; NULL when prescribed by free text only.';
COMMENT ON COLUMN "clinical"."prescription_items"."drug_name_text" IS 'Drug as printed on the prescription (generic name first, as NMC guidance asks).';
COMMENT ON COLUMN "clinical"."prescription_items"."frequency" IS 'OD, BD, TDS, QID, HS, SOS, STAT or a pattern like 1-0-1.';
COMMENT ON COLUMN "clinical"."prescription_items"."food_relation" IS 'before_food, after_food or with_food.';
COMMENT ON COLUMN "clinical"."prescription_items"."duration_unit" IS 'days, weeks or months.';
COMMENT ON COLUMN "clinical"."prescription_items"."quantity" IS 'Quantity to dispense.';
COMMENT ON COLUMN "clinical"."prescription_items"."is_prn" IS 'As needed (SOS).';
COMMENT ON COLUMN "clinical"."prescription_items"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."prescription_items"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."prescription_items"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."prescription_items"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."prescription_items"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."prescription_items"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."prescription_items"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.prescriptions
CREATE TABLE IF NOT EXISTS "clinical"."prescriptions" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "prescription_number" character varying(20) NOT NULL, "encounter_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "prescriber_id" uuid NOT NULL, "prescription_type" character varying(16) NOT NULL, "prescribed_at" timestamp with time zone NOT NULL, "status" "clinical"."prescription_status" NOT NULL DEFAULT 'draft', "signed_at" timestamp with time zone, "signature_hash" character varying(128), "notes" text, "valid_until" date, "fhir_resource" jsonb, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "prescriptions_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescriptions"'::regclass AND conname = 'prescriptions_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."prescriptions" ADD CONSTRAINT "prescriptions_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescriptions"'::regclass AND conname = 'prescriptions_tenant_id_prescription_number_key') THEN
        ALTER TABLE "clinical"."prescriptions" ADD CONSTRAINT "prescriptions_tenant_id_prescription_number_key" UNIQUE ("tenant_id", "prescription_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescriptions"'::regclass AND conname = 'prescriptions_deleted_by_check') THEN
        ALTER TABLE "clinical"."prescriptions" ADD CONSTRAINT "prescriptions_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescriptions"'::regclass AND conname = 'prescriptions_signed_has_time') THEN
        ALTER TABLE "clinical"."prescriptions" ADD CONSTRAINT "prescriptions_signed_has_time" CHECK (status IN ('draft', 'cancelled') OR signed_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescriptions"'::regclass AND conname = 'prescriptions_type_values') THEN
        ALTER TABLE "clinical"."prescriptions" ADD CONSTRAINT "prescriptions_type_values" CHECK (prescription_type IN ('opd', 'inpatient', 'discharge'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescriptions"'::regclass AND conname = 'prescriptions_encounter_id_fkey') THEN
        ALTER TABLE "clinical"."prescriptions" ADD CONSTRAINT "prescriptions_encounter_id_fkey" FOREIGN KEY ("tenant_id", "encounter_id") REFERENCES "clinical"."encounters" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescriptions"'::regclass AND conname = 'prescriptions_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."prescriptions" ADD CONSTRAINT "prescriptions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "prescriptions_tenant_id_encounter_id_idx" ON "clinical"."prescriptions" ("tenant_id", "encounter_id");
CREATE INDEX IF NOT EXISTS "prescriptions_tenant_id_patient_id_prescribed_at_idx" ON "clinical"."prescriptions" ("tenant_id", "patient_id", "prescribed_at" DESC);
CREATE INDEX IF NOT EXISTS "prescriptions_tenant_id_prescriber_id_idx" ON "clinical"."prescriptions" ("tenant_id", "prescriber_id");
COMMENT ON TABLE "clinical"."prescriptions" IS 'A medication order set: OPD prescription, inpatient orders or discharge prescription.';
COMMENT ON COLUMN "clinical"."prescriptions"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."prescriptions"."prescription_type" IS 'opd, inpatient or discharge.';
COMMENT ON COLUMN "clinical"."prescriptions"."signature_hash" IS 'Hash of the signed content (digital signature evidence).';
COMMENT ON COLUMN "clinical"."prescriptions"."fhir_resource" IS 'Cached ABDM Prescription FHIR bundle.';
COMMENT ON COLUMN "clinical"."prescriptions"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."prescriptions"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."prescriptions"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."prescriptions"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."prescriptions"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."prescriptions"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."prescriptions"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.problems
CREATE TABLE IF NOT EXISTS "clinical"."problems" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "snomed_code" character varying(18), "icd10_code" character varying(8), "display" character varying(500) NOT NULL, "clinical_status" "clinical"."problem_status" NOT NULL, "verification_status" character varying(16) NOT NULL DEFAULT 'confirmed', "severity" character varying(10), "onset_date" date, "abatement_date" date, "recorded_encounter_id" uuid, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "problems_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."problems"'::regclass AND conname = 'problems_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."problems" ADD CONSTRAINT "problems_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."problems"'::regclass AND conname = 'problems_abatement_after_onset') THEN
        ALTER TABLE "clinical"."problems" ADD CONSTRAINT "problems_abatement_after_onset" CHECK (abatement_date IS NULL OR abatement_date >= onset_date);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."problems"'::regclass AND conname = 'problems_coded') THEN
        ALTER TABLE "clinical"."problems" ADD CONSTRAINT "problems_coded" CHECK (num_nonnulls(snomed_code, icd10_code) >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."problems"'::regclass AND conname = 'problems_deleted_by_check') THEN
        ALTER TABLE "clinical"."problems" ADD CONSTRAINT "problems_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."problems"'::regclass AND conname = 'problems_icd10_format') THEN
        ALTER TABLE "clinical"."problems" ADD CONSTRAINT "problems_icd10_format" CHECK (icd10_code ~ '^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."problems"'::regclass AND conname = 'problems_severity_values') THEN
        ALTER TABLE "clinical"."problems" ADD CONSTRAINT "problems_severity_values" CHECK (severity IN ('mild', 'moderate', 'severe'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."problems"'::regclass AND conname = 'problems_snomed_format') THEN
        ALTER TABLE "clinical"."problems" ADD CONSTRAINT "problems_snomed_format" CHECK (snomed_code ~ '^[0-9]{6,18}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."problems"'::regclass AND conname = 'problems_verification_status_values') THEN
        ALTER TABLE "clinical"."problems" ADD CONSTRAINT "problems_verification_status_values" CHECK (verification_status IN ('unconfirmed', 'provisional', 'differential', 'confirmed', 'refuted', 'entered_in_error'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."problems"'::regclass AND conname = 'problems_recorded_encounter_id_fkey') THEN
        ALTER TABLE "clinical"."problems" ADD CONSTRAINT "problems_recorded_encounter_id_fkey" FOREIGN KEY ("tenant_id", "recorded_encounter_id") REFERENCES "clinical"."encounters" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."problems"'::regclass AND conname = 'problems_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."problems" ADD CONSTRAINT "problems_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "problems_active_idx" ON "clinical"."problems" ("tenant_id", "patient_id") WHERE clinical_status = 'active';
CREATE INDEX IF NOT EXISTS "problems_tenant_id_patient_id_idx" ON "clinical"."problems" ("tenant_id", "patient_id");
CREATE INDEX IF NOT EXISTS "problems_tenant_id_recorded_encounter_id_idx" ON "clinical"."problems" ("tenant_id", "recorded_encounter_id");
COMMENT ON TABLE "clinical"."problems" IS 'Longitudinal problem list (diabetes, hypertension, CKD …).';
COMMENT ON COLUMN "clinical"."problems"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."problems"."verification_status" IS 'FHIR verification status (unconfirmed … entered_in_error).';
COMMENT ON COLUMN "clinical"."problems"."severity" IS 'mild, moderate or severe.';
COMMENT ON COLUMN "clinical"."problems"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."problems"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."problems"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."problems"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."problems"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."problems"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."problems"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.procedures
CREATE TABLE IF NOT EXISTS "clinical"."procedures" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "encounter_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "snomed_code" character varying(18) NOT NULL, "display" character varying(500) NOT NULL, "category" character varying(16), "status" "clinical"."procedure_status" NOT NULL, "performed_start" timestamp with time zone, "performed_end" timestamp with time zone, "primary_surgeon_id" uuid, "anaesthetist_id" uuid, "anaesthesia_type" "clinical"."anaesthesia_type", "laterality" character varying(10), "ot_room" character varying(20), "consent_document_id" uuid, "outcome" text, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "procedures_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."procedures"'::regclass AND conname = 'procedures_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."procedures" ADD CONSTRAINT "procedures_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."procedures"'::regclass AND conname = 'procedures_anaesthetist_present') THEN
        ALTER TABLE "clinical"."procedures" ADD CONSTRAINT "procedures_anaesthetist_present" CHECK (status <> 'completed' OR anaesthesia_type IS NULL OR anaesthesia_type IN ('none', 'local', 'sedation') OR anaesthetist_id IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."procedures"'::regclass AND conname = 'procedures_category_values') THEN
        ALTER TABLE "clinical"."procedures" ADD CONSTRAINT "procedures_category_values" CHECK (category IN ('surgical', 'diagnostic', 'therapeutic', 'nursing'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."procedures"'::regclass AND conname = 'procedures_completed_has_start') THEN
        ALTER TABLE "clinical"."procedures" ADD CONSTRAINT "procedures_completed_has_start" CHECK (status <> 'completed' OR performed_start IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."procedures"'::regclass AND conname = 'procedures_deleted_by_check') THEN
        ALTER TABLE "clinical"."procedures" ADD CONSTRAINT "procedures_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."procedures"'::regclass AND conname = 'procedures_end_after_start') THEN
        ALTER TABLE "clinical"."procedures" ADD CONSTRAINT "procedures_end_after_start" CHECK (performed_end IS NULL OR performed_end >= performed_start);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."procedures"'::regclass AND conname = 'procedures_laterality_values') THEN
        ALTER TABLE "clinical"."procedures" ADD CONSTRAINT "procedures_laterality_values" CHECK (laterality IN ('left', 'right', 'bilateral', 'midline'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."procedures"'::regclass AND conname = 'procedures_snomed_format') THEN
        ALTER TABLE "clinical"."procedures" ADD CONSTRAINT "procedures_snomed_format" CHECK (snomed_code ~ '^[0-9]{6,18}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."procedures"'::regclass AND conname = 'procedures_encounter_id_fkey') THEN
        ALTER TABLE "clinical"."procedures" ADD CONSTRAINT "procedures_encounter_id_fkey" FOREIGN KEY ("tenant_id", "encounter_id") REFERENCES "clinical"."encounters" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."procedures"'::regclass AND conname = 'procedures_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."procedures" ADD CONSTRAINT "procedures_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "procedures_tenant_id_anaesthetist_id_idx" ON "clinical"."procedures" ("tenant_id", "anaesthetist_id");
CREATE INDEX IF NOT EXISTS "procedures_tenant_id_consent_document_id_idx" ON "clinical"."procedures" ("tenant_id", "consent_document_id");
CREATE INDEX IF NOT EXISTS "procedures_tenant_id_encounter_id_idx" ON "clinical"."procedures" ("tenant_id", "encounter_id");
CREATE INDEX IF NOT EXISTS "procedures_tenant_id_patient_id_idx" ON "clinical"."procedures" ("tenant_id", "patient_id");
CREATE INDEX IF NOT EXISTS "procedures_tenant_id_performed_start_idx" ON "clinical"."procedures" ("tenant_id", "performed_start");
CREATE INDEX IF NOT EXISTS "procedures_tenant_id_primary_surgeon_id_idx" ON "clinical"."procedures" ("tenant_id", "primary_surgeon_id");
COMMENT ON TABLE "clinical"."procedures" IS 'SNOMED CT coded procedure or surgery performed (also the OT register).';
COMMENT ON COLUMN "clinical"."procedures"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."procedures"."category" IS 'surgical, diagnostic, therapeutic or nursing.';
COMMENT ON COLUMN "clinical"."procedures"."laterality" IS 'left, right, bilateral or midline (wrong-site surgery prevention).';
COMMENT ON COLUMN "clinical"."procedures"."consent_document_id" IS 'Signed informed-consent form.';
COMMENT ON COLUMN "clinical"."procedures"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."procedures"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."procedures"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."procedures"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."procedures"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."procedures"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."procedures"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- clinical.referrals
CREATE TABLE IF NOT EXISTS "clinical"."referrals" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "source_encounter_id" uuid, "direction" "clinical"."referral_direction" NOT NULL, "referred_by_id" uuid, "to_practitioner_id" uuid, "to_department_id" uuid, "external_facility_name" character varying(200), "external_hfr_id" character varying(20), "reason" text NOT NULL, "urgency" character varying(10) NOT NULL DEFAULT 'routine', "status" "clinical"."referral_status" NOT NULL DEFAULT 'requested', "responded_at" timestamp with time zone, "response_note" text, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "referrals_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."referrals"'::regclass AND conname = 'referrals_tenant_id_id_key') THEN
        ALTER TABLE "clinical"."referrals" ADD CONSTRAINT "referrals_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."referrals"'::regclass AND conname = 'referrals_deleted_by_check') THEN
        ALTER TABLE "clinical"."referrals" ADD CONSTRAINT "referrals_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."referrals"'::regclass AND conname = 'referrals_external_hfr_id_format') THEN
        ALTER TABLE "clinical"."referrals" ADD CONSTRAINT "referrals_external_hfr_id_format" CHECK (external_hfr_id ~ '^IN[0-9A-Z]+$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."referrals"'::regclass AND conname = 'referrals_external_target') THEN
        ALTER TABLE "clinical"."referrals" ADD CONSTRAINT "referrals_external_target" CHECK (direction = 'internal' OR num_nonnulls(external_facility_name, external_hfr_id) >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."referrals"'::regclass AND conname = 'referrals_internal_target') THEN
        ALTER TABLE "clinical"."referrals" ADD CONSTRAINT "referrals_internal_target" CHECK (direction <> 'internal' OR num_nonnulls(to_practitioner_id, to_department_id) >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."referrals"'::regclass AND conname = 'referrals_responded_has_time') THEN
        ALTER TABLE "clinical"."referrals" ADD CONSTRAINT "referrals_responded_has_time" CHECK (status NOT IN ('accepted', 'declined') OR responded_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."referrals"'::regclass AND conname = 'referrals_urgency_values') THEN
        ALTER TABLE "clinical"."referrals" ADD CONSTRAINT "referrals_urgency_values" CHECK (urgency IN ('routine', 'urgent', 'emergency'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."referrals"'::regclass AND conname = 'referrals_source_encounter_id_fkey') THEN
        ALTER TABLE "clinical"."referrals" ADD CONSTRAINT "referrals_source_encounter_id_fkey" FOREIGN KEY ("tenant_id", "source_encounter_id") REFERENCES "clinical"."encounters" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."referrals"'::regclass AND conname = 'referrals_tenant_id_fkey') THEN
        ALTER TABLE "clinical"."referrals" ADD CONSTRAINT "referrals_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."referrals"'::regclass AND conname = 'referrals_to_department_id_fkey') THEN
        ALTER TABLE "clinical"."referrals" ADD CONSTRAINT "referrals_to_department_id_fkey" FOREIGN KEY ("tenant_id", "to_department_id") REFERENCES "core"."departments" ("tenant_id", "id");
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "referrals_pending_idx" ON "clinical"."referrals" ("tenant_id", "to_practitioner_id") WHERE status = 'requested';
CREATE INDEX IF NOT EXISTS "referrals_tenant_id_patient_id_idx" ON "clinical"."referrals" ("tenant_id", "patient_id");
CREATE INDEX IF NOT EXISTS "referrals_tenant_id_referred_by_id_idx" ON "clinical"."referrals" ("tenant_id", "referred_by_id");
CREATE INDEX IF NOT EXISTS "referrals_tenant_id_source_encounter_id_idx" ON "clinical"."referrals" ("tenant_id", "source_encounter_id");
CREATE INDEX IF NOT EXISTS "referrals_tenant_id_to_department_id_idx" ON "clinical"."referrals" ("tenant_id", "to_department_id");
CREATE INDEX IF NOT EXISTS "referrals_tenant_id_to_practitioner_id_idx" ON "clinical"."referrals" ("tenant_id", "to_practitioner_id");
COMMENT ON TABLE "clinical"."referrals" IS 'Internal cross-consultation, or referral to / from another facility.';
COMMENT ON COLUMN "clinical"."referrals"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "clinical"."referrals"."external_hfr_id" IS 'HFR id of the other facility.';
COMMENT ON COLUMN "clinical"."referrals"."urgency" IS 'routine, urgent or emergency.';
COMMENT ON COLUMN "clinical"."referrals"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "clinical"."referrals"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "clinical"."referrals"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "clinical"."referrals"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "clinical"."referrals"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "clinical"."referrals"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "clinical"."referrals"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.addresses
CREATE TABLE IF NOT EXISTS "core"."addresses" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid, "facility_id" uuid, "address_use" "core"."address_use" NOT NULL, "line1" character varying(200) NOT NULL, "line2" character varying(200), "locality" character varying(100), "city" character varying(100), "sub_district" character varying(100), "district" character varying(100) NOT NULL, "lgd_district_code" integer, "state_code" character(2) NOT NULL, "pin_code" character(6) NOT NULL, "country_code" character(2) NOT NULL DEFAULT 'IN', "is_primary" bool NOT NULL DEFAULT FALSE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "addresses_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."addresses"'::regclass AND conname = 'addresses_tenant_id_id_key') THEN
        ALTER TABLE "core"."addresses" ADD CONSTRAINT "addresses_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."addresses"'::regclass AND conname = 'addresses_deleted_by_check') THEN
        ALTER TABLE "core"."addresses" ADD CONSTRAINT "addresses_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."addresses"'::regclass AND conname = 'addresses_one_owner') THEN
        ALTER TABLE "core"."addresses" ADD CONSTRAINT "addresses_one_owner" CHECK (num_nonnulls(patient_id, facility_id) = 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."addresses"'::regclass AND conname = 'addresses_pin_code_format') THEN
        ALTER TABLE "core"."addresses" ADD CONSTRAINT "addresses_pin_code_format" CHECK (country_code <> 'IN' OR pin_code ~ '^[1-9][0-9]{5}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."addresses"'::regclass AND conname = 'addresses_facility_id_fkey') THEN
        ALTER TABLE "core"."addresses" ADD CONSTRAINT "addresses_facility_id_fkey" FOREIGN KEY ("tenant_id", "facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."addresses"'::regclass AND conname = 'addresses_state_code_fkey') THEN
        ALTER TABLE "core"."addresses" ADD CONSTRAINT "addresses_state_code_fkey" FOREIGN KEY ("state_code") REFERENCES "core"."states" ("gst_code");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."addresses"'::regclass AND conname = 'addresses_tenant_id_fkey') THEN
        ALTER TABLE "core"."addresses" ADD CONSTRAINT "addresses_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "addresses_primary_uidx" ON "core"."addresses" ("tenant_id", "patient_id", "address_use") WHERE is_primary AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "addresses_state_code_idx" ON "core"."addresses" ("state_code");
CREATE INDEX IF NOT EXISTS "addresses_tenant_id_facility_id_idx" ON "core"."addresses" ("tenant_id", "facility_id");
CREATE INDEX IF NOT EXISTS "addresses_tenant_id_patient_id_idx" ON "core"."addresses" ("tenant_id", "patient_id");
CREATE INDEX IF NOT EXISTS "addresses_tenant_id_pin_code_idx" ON "core"."addresses" ("tenant_id", "pin_code");
COMMENT ON TABLE "core"."addresses" IS 'Postal address of a patient or a facility (exactly one of them).';
COMMENT ON COLUMN "core"."addresses"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "core"."addresses"."locality" IS 'Village, ward or area.';
COMMENT ON COLUMN "core"."addresses"."sub_district" IS 'Tehsil or taluka.';
COMMENT ON COLUMN "core"."addresses"."pin_code" IS 'Six-digit PIN code, first digit 1–9.';
COMMENT ON COLUMN "core"."addresses"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."addresses"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."addresses"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."addresses"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."addresses"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."addresses"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."addresses"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.documents
CREATE TABLE IF NOT EXISTS "core"."documents" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid, "document_type" "core"."document_type" NOT NULL, "storage_key" character varying(500) NOT NULL, "content_type" character varying(100) NOT NULL, "size_bytes" bigint NOT NULL, "sha256" character(64) NOT NULL, "is_encrypted" bool NOT NULL DEFAULT TRUE, "retention_until" date, "source" character varying(30), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "documents_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."documents"'::regclass AND conname = 'documents_tenant_id_id_key') THEN
        ALTER TABLE "core"."documents" ADD CONSTRAINT "documents_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."documents"'::regclass AND conname = 'documents_tenant_id_storage_key_key') THEN
        ALTER TABLE "core"."documents" ADD CONSTRAINT "documents_tenant_id_storage_key_key" UNIQUE ("tenant_id", "storage_key");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."documents"'::regclass AND conname = 'documents_deleted_by_check') THEN
        ALTER TABLE "core"."documents" ADD CONSTRAINT "documents_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."documents"'::regclass AND conname = 'documents_sha256_format') THEN
        ALTER TABLE "core"."documents" ADD CONSTRAINT "documents_sha256_format" CHECK (sha256 ~ '^[0-9a-f]{64}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."documents"'::regclass AND conname = 'documents_size_nonnegative') THEN
        ALTER TABLE "core"."documents" ADD CONSTRAINT "documents_size_nonnegative" CHECK (size_bytes >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."documents"'::regclass AND conname = 'documents_tenant_id_fkey') THEN
        ALTER TABLE "core"."documents" ADD CONSTRAINT "documents_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "documents_tenant_id_patient_id_document_type_idx" ON "core"."documents" ("tenant_id", "patient_id", "document_type");
COMMENT ON TABLE "core"."documents" IS 'Metadata of a binary object in object storage (ID proofs, consent forms, reports).';
COMMENT ON COLUMN "core"."documents"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "core"."documents"."source" IS 'upload, scan, generated or abdm.';
COMMENT ON COLUMN "core"."documents"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."documents"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."documents"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."documents"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."documents"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."documents"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."documents"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.patients
CREATE TABLE IF NOT EXISTS "core"."patients" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "mrn" character varying(20) NOT NULL, "title" character varying(10), "first_name" character varying(100) NOT NULL, "middle_name" character varying(100), "last_name" character varying(100), "full_name" character varying(310) GENERATED ALWAYS AS (first_name || coalesce(' ' || middle_name, '') || coalesce(' ' || last_name, '')) STORED, "gender" "core"."gender" NOT NULL, "date_of_birth" date, "dob_is_estimated" bool NOT NULL DEFAULT FALSE, "year_of_birth" smallint, "relation_type" "core"."relation_type", "relation_name" character varying(200), "mobile" character varying(10), "alternate_mobile" character varying(10), "email" character varying(254), "blood_group" "core"."blood_group", "marital_status" "core"."marital_status", "preferred_language" character varying(8), "occupation" character varying(100), "abha_number" character varying(14), "abha_address" character varying(64), "abha_verified_at" timestamp with time zone, "aadhaar_ref_token" character varying(72), "aadhaar_last4" character(4), "is_vip" bool NOT NULL DEFAULT FALSE, "is_unknown" bool NOT NULL DEFAULT FALSE, "deceased_at" timestamp with time zone, "registered_facility_id" uuid NOT NULL, "photo_document_id" uuid, "merged_into_patient_id" uuid, "status" "core"."patient_status" NOT NULL DEFAULT 'active', "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "patients_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patients"'::regclass AND conname = 'patients_tenant_id_id_key') THEN
        ALTER TABLE "core"."patients" ADD CONSTRAINT "patients_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patients"'::regclass AND conname = 'patients_tenant_id_mrn_key') THEN
        ALTER TABLE "core"."patients" ADD CONSTRAINT "patients_tenant_id_mrn_key" UNIQUE ("tenant_id", "mrn");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patients"'::regclass AND conname = 'patients_aadhaar_last4_format') THEN
        ALTER TABLE "core"."patients" ADD CONSTRAINT "patients_aadhaar_last4_format" CHECK (aadhaar_last4 ~ '^[0-9]{4}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patients"'::regclass AND conname = 'patients_abha_address_format') THEN
        ALTER TABLE "core"."patients" ADD CONSTRAINT "patients_abha_address_format" CHECK (abha_address ~ '^[a-z0-9._]+@[a-z]+$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patients"'::regclass AND conname = 'patients_abha_number_format') THEN
        ALTER TABLE "core"."patients" ADD CONSTRAINT "patients_abha_number_format" CHECK (core.is_valid_abha_number(abha_number));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patients"'::regclass AND conname = 'patients_birth_known') THEN
        ALTER TABLE "core"."patients" ADD CONSTRAINT "patients_birth_known" CHECK (date_of_birth IS NOT NULL OR year_of_birth IS NOT NULL OR is_unknown);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patients"'::regclass AND conname = 'patients_deleted_by_check') THEN
        ALTER TABLE "core"."patients" ADD CONSTRAINT "patients_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patients"'::regclass AND conname = 'patients_merged_has_target') THEN
        ALTER TABLE "core"."patients" ADD CONSTRAINT "patients_merged_has_target" CHECK (status <> 'merged' OR merged_into_patient_id IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patients"'::regclass AND conname = 'patients_mobile_format') THEN
        ALTER TABLE "core"."patients" ADD CONSTRAINT "patients_mobile_format" CHECK (mobile ~ '^[6-9][0-9]{9}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patients"'::regclass AND conname = 'patients_not_merged_into_self') THEN
        ALTER TABLE "core"."patients" ADD CONSTRAINT "patients_not_merged_into_self" CHECK (merged_into_patient_id <> id);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patients"'::regclass AND conname = 'patients_year_of_birth_range') THEN
        ALTER TABLE "core"."patients" ADD CONSTRAINT "patients_year_of_birth_range" CHECK (year_of_birth BETWEEN 1880 AND 2200);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patients"'::regclass AND conname = 'patients_merged_into_patient_id_fkey') THEN
        ALTER TABLE "core"."patients" ADD CONSTRAINT "patients_merged_into_patient_id_fkey" FOREIGN KEY ("tenant_id", "merged_into_patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patients"'::regclass AND conname = 'patients_photo_document_id_fkey') THEN
        ALTER TABLE "core"."patients" ADD CONSTRAINT "patients_photo_document_id_fkey" FOREIGN KEY ("tenant_id", "photo_document_id") REFERENCES "core"."documents" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patients"'::regclass AND conname = 'patients_registered_facility_id_fkey') THEN
        ALTER TABLE "core"."patients" ADD CONSTRAINT "patients_registered_facility_id_fkey" FOREIGN KEY ("tenant_id", "registered_facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patients"'::regclass AND conname = 'patients_tenant_id_fkey') THEN
        ALTER TABLE "core"."patients" ADD CONSTRAINT "patients_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "patients_full_name_idx" ON "core"."patients" USING gin ("full_name" gin_trgm_ops);
CREATE UNIQUE INDEX IF NOT EXISTS "patients_tenant_id_abha_address_uidx" ON "core"."patients" ("tenant_id", "abha_address") WHERE abha_address IS NOT NULL AND deleted_at IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS "patients_tenant_id_abha_number_uidx" ON "core"."patients" ("tenant_id", "abha_number") WHERE abha_number IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "patients_tenant_id_date_of_birth_idx" ON "core"."patients" ("tenant_id", "date_of_birth");
CREATE INDEX IF NOT EXISTS "patients_tenant_id_merged_into_patient_id_idx" ON "core"."patients" ("tenant_id", "merged_into_patient_id");
CREATE INDEX IF NOT EXISTS "patients_tenant_id_mobile_idx" ON "core"."patients" ("tenant_id", "mobile");
CREATE INDEX IF NOT EXISTS "patients_tenant_id_photo_document_id_idx" ON "core"."patients" ("tenant_id", "photo_document_id");
CREATE INDEX IF NOT EXISTS "patients_tenant_id_registered_facility_id_idx" ON "core"."patients" ("tenant_id", "registered_facility_id");
COMMENT ON TABLE "core"."patients" IS 'A registered person: one UHID/MRN per person per tenant; hub of every record.';
COMMENT ON COLUMN "core"."patients"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "core"."patients"."mrn" IS 'UHID: hospital-wide patient number. Never reused, even after a soft delete.';
COMMENT ON COLUMN "core"."patients"."full_name" IS 'Derived for search. Concatenation, not concat_ws: generated columns need IMMUTABLE.';
COMMENT ON COLUMN "core"."patients"."preferred_language" IS 'ISO 639 code: hi, ta, mr …';
COMMENT ON COLUMN "core"."patients"."abha_number" IS 'ABHA number, 14 digits without hyphens.';
COMMENT ON COLUMN "core"."patients"."abha_address" IS 'ABHA address, e.g. name@abdm.';
COMMENT ON COLUMN "core"."patients"."aadhaar_ref_token" IS 'Aadhaar Data Vault reference token; the Aadhaar number itself is never stored.';
COMMENT ON COLUMN "core"."patients"."is_unknown" IS 'Unidentified emergency patient.';
COMMENT ON COLUMN "core"."patients"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."patients"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."patients"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."patients"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."patients"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."patients"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."patients"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.patient_contacts
CREATE TABLE IF NOT EXISTS "core"."patient_contacts" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "relationship" "core"."contact_relationship" NOT NULL, "name" character varying(200) NOT NULL, "mobile" character varying(10), "email" character varying(254), "address_text" character varying(500), "is_emergency_contact" bool NOT NULL DEFAULT FALSE, "is_legal_guardian" bool NOT NULL DEFAULT FALSE, "priority" smallint NOT NULL DEFAULT 1, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "patient_contacts_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patient_contacts"'::regclass AND conname = 'patient_contacts_tenant_id_id_key') THEN
        ALTER TABLE "core"."patient_contacts" ADD CONSTRAINT "patient_contacts_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patient_contacts"'::regclass AND conname = 'patient_contacts_deleted_by_check') THEN
        ALTER TABLE "core"."patient_contacts" ADD CONSTRAINT "patient_contacts_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patient_contacts"'::regclass AND conname = 'patient_contacts_mobile_format') THEN
        ALTER TABLE "core"."patient_contacts" ADD CONSTRAINT "patient_contacts_mobile_format" CHECK (mobile ~ '^[6-9][0-9]{9}$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patient_contacts"'::regclass AND conname = 'patient_contacts_priority_check') THEN
        ALTER TABLE "core"."patient_contacts" ADD CONSTRAINT "patient_contacts_priority_check" CHECK (priority BETWEEN 1 AND 9);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patient_contacts"'::regclass AND conname = 'patient_contacts_reachable') THEN
        ALTER TABLE "core"."patient_contacts" ADD CONSTRAINT "patient_contacts_reachable" CHECK (mobile IS NOT NULL OR email IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patient_contacts"'::regclass AND conname = 'patient_contacts_patient_id_fkey') THEN
        ALTER TABLE "core"."patient_contacts" ADD CONSTRAINT "patient_contacts_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id") ON DELETE CASCADE;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patient_contacts"'::regclass AND conname = 'patient_contacts_tenant_id_fkey') THEN
        ALTER TABLE "core"."patient_contacts" ADD CONSTRAINT "patient_contacts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "patient_contacts_tenant_id_patient_id_idx" ON "core"."patient_contacts" ("tenant_id", "patient_id");
COMMENT ON TABLE "core"."patient_contacts" IS 'Next of kin, emergency contact or legal guardian.';
COMMENT ON COLUMN "core"."patient_contacts"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "core"."patient_contacts"."is_legal_guardian" IS 'Consents for a minor or incapacitated patient.';
COMMENT ON COLUMN "core"."patient_contacts"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."patient_contacts"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."patient_contacts"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."patient_contacts"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."patient_contacts"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."patient_contacts"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."patient_contacts"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.patient_identifiers
CREATE TABLE IF NOT EXISTS "core"."patient_identifiers" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "identifier_type" "core"."identifier_type" NOT NULL, "value" character varying(64) NOT NULL, "issuer" character varying(120), "valid_from" date, "valid_until" date, "verified_at" timestamp with time zone, "verification_method" character varying(30), "is_primary" bool NOT NULL DEFAULT FALSE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "patient_identifiers_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patient_identifiers"'::regclass AND conname = 'patient_identifiers_tenant_id_id_key') THEN
        ALTER TABLE "core"."patient_identifiers" ADD CONSTRAINT "patient_identifiers_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patient_identifiers"'::regclass AND conname = 'patient_identifiers_deleted_by_check') THEN
        ALTER TABLE "core"."patient_identifiers" ADD CONSTRAINT "patient_identifiers_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patient_identifiers"'::regclass AND conname = 'patient_identifiers_patient_id_fkey') THEN
        ALTER TABLE "core"."patient_identifiers" ADD CONSTRAINT "patient_identifiers_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."patient_identifiers"'::regclass AND conname = 'patient_identifiers_tenant_id_fkey') THEN
        ALTER TABLE "core"."patient_identifiers" ADD CONSTRAINT "patient_identifiers_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "patient_identifiers_primary_uidx" ON "core"."patient_identifiers" ("tenant_id", "patient_id", "identifier_type") WHERE is_primary AND deleted_at IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS "patient_identifiers_tenant_id_identifier_type_value_uidx" ON "core"."patient_identifiers" ("tenant_id", "identifier_type", "value") WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "patient_identifiers_tenant_id_patient_id_idx" ON "core"."patient_identifiers" ("tenant_id", "patient_id");
COMMENT ON TABLE "core"."patient_identifiers" IS 'Other identifiers a patient presents (PM-JAY id, CGHS card, passport, old MRN …).';
COMMENT ON COLUMN "core"."patient_identifiers"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "core"."patient_identifiers"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."patient_identifiers"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."patient_identifiers"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."patient_identifiers"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."patient_identifiers"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."patient_identifiers"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."patient_identifiers"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.practitioners
CREATE TABLE IF NOT EXISTS "core"."practitioners" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "user_id" uuid, "practitioner_type" "core"."practitioner_type" NOT NULL, "title" character varying(20), "full_name" character varying(200) NOT NULL, "gender" "core"."gender", "date_of_birth" date, "hpr_id" character varying(20), "hpr_address" character varying(64), "registration_council" character varying(120), "registration_number" character varying(50), "registration_valid_until" date, "qualifications" text, "specialty_code" character varying(18), "primary_department_id" uuid, "signature_document_id" uuid, "is_active" bool NOT NULL DEFAULT TRUE, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "practitioners_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."practitioners"'::regclass AND conname = 'practitioners_tenant_id_id_key') THEN
        ALTER TABLE "core"."practitioners" ADD CONSTRAINT "practitioners_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."practitioners"'::regclass AND conname = 'practitioners_deleted_by_check') THEN
        ALTER TABLE "core"."practitioners" ADD CONSTRAINT "practitioners_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."practitioners"'::regclass AND conname = 'practitioners_registration_required') THEN
        ALTER TABLE "core"."practitioners" ADD CONSTRAINT "practitioners_registration_required" CHECK (practitioner_type NOT IN ('doctor', 'nurse', 'pharmacist') OR registration_number IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."practitioners"'::regclass AND conname = 'practitioners_primary_department_id_fkey') THEN
        ALTER TABLE "core"."practitioners" ADD CONSTRAINT "practitioners_primary_department_id_fkey" FOREIGN KEY ("tenant_id", "primary_department_id") REFERENCES "core"."departments" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."practitioners"'::regclass AND conname = 'practitioners_signature_document_id_fkey') THEN
        ALTER TABLE "core"."practitioners" ADD CONSTRAINT "practitioners_signature_document_id_fkey" FOREIGN KEY ("tenant_id", "signature_document_id") REFERENCES "core"."documents" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."practitioners"'::regclass AND conname = 'practitioners_tenant_id_fkey') THEN
        ALTER TABLE "core"."practitioners" ADD CONSTRAINT "practitioners_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."practitioners"'::regclass AND conname = 'practitioners_user_id_fkey') THEN
        ALTER TABLE "core"."practitioners" ADD CONSTRAINT "practitioners_user_id_fkey" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "core"."users" ("tenant_id", "id");
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "practitioners_full_name_idx" ON "core"."practitioners" USING gin ("full_name" gin_trgm_ops);
CREATE UNIQUE INDEX IF NOT EXISTS "practitioners_tenant_id_hpr_id_uidx" ON "core"."practitioners" ("tenant_id", "hpr_id") WHERE hpr_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "practitioners_tenant_id_primary_department_id_idx" ON "core"."practitioners" ("tenant_id", "primary_department_id");
CREATE UNIQUE INDEX IF NOT EXISTS "practitioners_tenant_id_registration_council_regi_0d71504e_uidx" ON "core"."practitioners" ("tenant_id", "registration_council", "registration_number") WHERE registration_number IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "practitioners_tenant_id_signature_document_id_idx" ON "core"."practitioners" ("tenant_id", "signature_document_id");
CREATE INDEX IF NOT EXISTS "practitioners_tenant_id_user_id_idx" ON "core"."practitioners" ("tenant_id", "user_id");
CREATE UNIQUE INDEX IF NOT EXISTS "practitioners_tenant_id_user_id_uidx" ON "core"."practitioners" ("tenant_id", "user_id") WHERE user_id IS NOT NULL AND deleted_at IS NULL;
COMMENT ON TABLE "core"."practitioners" IS 'Doctors, nurses, pharmacists and other clinical staff with national registry data.';
COMMENT ON COLUMN "core"."practitioners"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "core"."practitioners"."hpr_id" IS 'Healthcare Professionals Registry id (ABDM).';
COMMENT ON COLUMN "core"."practitioners"."registration_council" IS 'National Medical Commission, a State Medical Council, Nursing or Pharmacy Council.';
COMMENT ON COLUMN "core"."practitioners"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."practitioners"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."practitioners"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."practitioners"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."practitioners"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."practitioners"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."practitioners"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- core.practitioner_registrations
CREATE TABLE IF NOT EXISTS "core"."practitioner_registrations" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "practitioner_id" uuid NOT NULL, "council" character varying(120) NOT NULL, "registration_number" character varying(50) NOT NULL, "registration_type" character varying(20) NOT NULL, "valid_from" date, "valid_to" date, "verified_via" character varying(10), "verified_at" timestamp with time zone, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "practitioner_registrations_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."practitioner_registrations"'::regclass AND conname = 'practitioner_registrations_tenant_id_id_key') THEN
        ALTER TABLE "core"."practitioner_registrations" ADD CONSTRAINT "practitioner_registrations_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."practitioner_registrations"'::regclass AND conname = 'practitioner_registrations_deleted_by_check') THEN
        ALTER TABLE "core"."practitioner_registrations" ADD CONSTRAINT "practitioner_registrations_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."practitioner_registrations"'::regclass AND conname = 'practitioner_registrations_valid_window') THEN
        ALTER TABLE "core"."practitioner_registrations" ADD CONSTRAINT "practitioner_registrations_valid_window" CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."practitioner_registrations"'::regclass AND conname = 'practitioner_registrations_practitioner_id_fkey') THEN
        ALTER TABLE "core"."practitioner_registrations" ADD CONSTRAINT "practitioner_registrations_practitioner_id_fkey" FOREIGN KEY ("tenant_id", "practitioner_id") REFERENCES "core"."practitioners" ("tenant_id", "id") ON DELETE CASCADE;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."practitioner_registrations"'::regclass AND conname = 'practitioner_registrations_tenant_id_fkey') THEN
        ALTER TABLE "core"."practitioner_registrations" ADD CONSTRAINT "practitioner_registrations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "practitioner_registrations_tenant_id_council_regi_5b278cfe_uidx" ON "core"."practitioner_registrations" ("tenant_id", "council", "registration_number") WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "practitioner_registrations_tenant_id_practitioner_id_idx" ON "core"."practitioner_registrations" ("tenant_id", "practitioner_id");
COMMENT ON TABLE "core"."practitioner_registrations" IS 'Additional council registrations (several states, provisional vs permanent).';
COMMENT ON COLUMN "core"."practitioner_registrations"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "core"."practitioner_registrations"."registration_type" IS 'permanent, provisional or additional.';
COMMENT ON COLUMN "core"."practitioner_registrations"."verified_via" IS 'hpr or manual.';
COMMENT ON COLUMN "core"."practitioner_registrations"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."practitioner_registrations"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."practitioner_registrations"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."practitioner_registrations"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."practitioner_registrations"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."practitioner_registrations"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "core"."practitioner_registrations"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- laboratory.accreditations
CREATE TABLE IF NOT EXISTS "laboratory"."accreditations" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "facility_id" uuid NOT NULL, "body" "laboratory"."accreditation_body" NOT NULL, "certificate_number" character varying(30) NOT NULL, "standard" character varying(30) NOT NULL, "valid_from" date NOT NULL, "valid_to" date NOT NULL, "scope_document_id" uuid, "status" character varying(12) NOT NULL DEFAULT 'active', "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "accreditations_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."accreditations"'::regclass AND conname = 'accreditations_tenant_id_body_certificate_number_key') THEN
        ALTER TABLE "laboratory"."accreditations" ADD CONSTRAINT "accreditations_tenant_id_body_certificate_number_key" UNIQUE ("tenant_id", "body", "certificate_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."accreditations"'::regclass AND conname = 'accreditations_tenant_id_id_key') THEN
        ALTER TABLE "laboratory"."accreditations" ADD CONSTRAINT "accreditations_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."accreditations"'::regclass AND conname = 'accreditations_deleted_by_check') THEN
        ALTER TABLE "laboratory"."accreditations" ADD CONSTRAINT "accreditations_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."accreditations"'::regclass AND conname = 'accreditations_status_valid') THEN
        ALTER TABLE "laboratory"."accreditations" ADD CONSTRAINT "accreditations_status_valid" CHECK (status IN ('active', 'suspended', 'withdrawn', 'expired'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."accreditations"'::regclass AND conname = 'accreditations_valid_window') THEN
        ALTER TABLE "laboratory"."accreditations" ADD CONSTRAINT "accreditations_valid_window" CHECK (valid_to > valid_from);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."accreditations"'::regclass AND conname = 'accreditations_facility_id_fkey') THEN
        ALTER TABLE "laboratory"."accreditations" ADD CONSTRAINT "accreditations_facility_id_fkey" FOREIGN KEY ("tenant_id", "facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."accreditations"'::regclass AND conname = 'accreditations_scope_document_id_fkey') THEN
        ALTER TABLE "laboratory"."accreditations" ADD CONSTRAINT "accreditations_scope_document_id_fkey" FOREIGN KEY ("tenant_id", "scope_document_id") REFERENCES "core"."documents" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."accreditations"'::regclass AND conname = 'accreditations_tenant_id_fkey') THEN
        ALTER TABLE "laboratory"."accreditations" ADD CONSTRAINT "accreditations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "accreditations_tenant_id_facility_id_valid_to_idx" ON "laboratory"."accreditations" ("tenant_id", "facility_id", "valid_to");
CREATE INDEX IF NOT EXISTS "accreditations_tenant_id_scope_document_id_idx" ON "laboratory"."accreditations" ("tenant_id", "scope_document_id");
COMMENT ON TABLE "laboratory"."accreditations" IS 'NABL (ISO 15189), CAP or NABH certificate of a laboratory.';
COMMENT ON COLUMN "laboratory"."accreditations"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "laboratory"."accreditations"."standard" IS 'e.g. ISO 15189:2022.';
COMMENT ON COLUMN "laboratory"."accreditations"."scope_document_id" IS 'The scope annexure as issued.';
COMMENT ON COLUMN "laboratory"."accreditations"."status" IS 'active, suspended, withdrawn or expired.';
COMMENT ON COLUMN "laboratory"."accreditations"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "laboratory"."accreditations"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "laboratory"."accreditations"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "laboratory"."accreditations"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "laboratory"."accreditations"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "laboratory"."accreditations"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "laboratory"."accreditations"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- laboratory.accreditation_scopes
CREATE TABLE IF NOT EXISTS "laboratory"."accreditation_scopes" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "accreditation_id" uuid NOT NULL, "test_id" uuid NOT NULL, "method" character varying(100), "specimen_type" "laboratory"."specimen_type", "included_from" date NOT NULL, "excluded_from" date, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "accreditation_scopes_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."accreditation_scopes"'::regclass AND conname = 'accreditation_scopes_tenant_id_id_key') THEN
        ALTER TABLE "laboratory"."accreditation_scopes" ADD CONSTRAINT "accreditation_scopes_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."accreditation_scopes"'::regclass AND conname = 'accreditation_scopes_deleted_by_check') THEN
        ALTER TABLE "laboratory"."accreditation_scopes" ADD CONSTRAINT "accreditation_scopes_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."accreditation_scopes"'::regclass AND conname = 'accreditation_scopes_valid_window') THEN
        ALTER TABLE "laboratory"."accreditation_scopes" ADD CONSTRAINT "accreditation_scopes_valid_window" CHECK (excluded_from IS NULL OR excluded_from > included_from);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."accreditation_scopes"'::regclass AND conname = 'accreditation_scopes_accreditation_id_fkey') THEN
        ALTER TABLE "laboratory"."accreditation_scopes" ADD CONSTRAINT "accreditation_scopes_accreditation_id_fkey" FOREIGN KEY ("tenant_id", "accreditation_id") REFERENCES "laboratory"."accreditations" ("tenant_id", "id") ON DELETE CASCADE;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."accreditation_scopes"'::regclass AND conname = 'accreditation_scopes_tenant_id_fkey') THEN
        ALTER TABLE "laboratory"."accreditation_scopes" ADD CONSTRAINT "accreditation_scopes_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."accreditation_scopes"'::regclass AND conname = 'accreditation_scopes_test_id_fkey') THEN
        ALTER TABLE "laboratory"."accreditation_scopes" ADD CONSTRAINT "accreditation_scopes_test_id_fkey" FOREIGN KEY ("tenant_id", "test_id") REFERENCES "laboratory"."tests" ("tenant_id", "id");
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "accreditation_scopes_tenant_id_accreditation_id_idx" ON "laboratory"."accreditation_scopes" ("tenant_id", "accreditation_id");
CREATE UNIQUE INDEX IF NOT EXISTS "accreditation_scopes_tenant_id_accreditation_id_test_id_uidx" ON "laboratory"."accreditation_scopes" ("tenant_id", "accreditation_id", "test_id") WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "accreditation_scopes_tenant_id_test_id_idx" ON "laboratory"."accreditation_scopes" ("tenant_id", "test_id");
COMMENT ON TABLE "laboratory"."accreditation_scopes" IS E'Tests (with method and specimen) inside an accreditation\'s scope.';
COMMENT ON COLUMN "laboratory"."accreditation_scopes"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "laboratory"."accreditation_scopes"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "laboratory"."accreditation_scopes"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "laboratory"."accreditation_scopes"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "laboratory"."accreditation_scopes"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "laboratory"."accreditation_scopes"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "laboratory"."accreditation_scopes"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "laboratory"."accreditation_scopes"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- laboratory.lab_orders
CREATE TABLE IF NOT EXISTS "laboratory"."lab_orders" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "order_number" character varying(20) NOT NULL, "patient_id" uuid NOT NULL, "encounter_id" uuid, "facility_id" uuid NOT NULL, "ordering_practitioner_id" uuid, "external_referrer_name" character varying(200), "priority" "laboratory"."priority" NOT NULL DEFAULT 'routine', "source" character varying(20) NOT NULL, "clinical_info" text, "provisional_diagnosis" text, "ordered_at" timestamp with time zone NOT NULL DEFAULT (now()), "status" "laboratory"."lab_order_status" NOT NULL DEFAULT 'ordered', "cancel_reason" text, "invoice_id" uuid, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "lab_orders_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_orders"'::regclass AND conname = 'lab_orders_tenant_id_id_key') THEN
        ALTER TABLE "laboratory"."lab_orders" ADD CONSTRAINT "lab_orders_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_orders"'::regclass AND conname = 'lab_orders_tenant_id_order_number_key') THEN
        ALTER TABLE "laboratory"."lab_orders" ADD CONSTRAINT "lab_orders_tenant_id_order_number_key" UNIQUE ("tenant_id", "order_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_orders"'::regclass AND conname = 'lab_orders_cancel_reason') THEN
        ALTER TABLE "laboratory"."lab_orders" ADD CONSTRAINT "lab_orders_cancel_reason" CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_orders"'::regclass AND conname = 'lab_orders_deleted_by_check') THEN
        ALTER TABLE "laboratory"."lab_orders" ADD CONSTRAINT "lab_orders_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_orders"'::regclass AND conname = 'lab_orders_has_orderer') THEN
        ALTER TABLE "laboratory"."lab_orders" ADD CONSTRAINT "lab_orders_has_orderer" CHECK (num_nonnulls(ordering_practitioner_id, external_referrer_name) >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_orders"'::regclass AND conname = 'lab_orders_source_valid') THEN
        ALTER TABLE "laboratory"."lab_orders" ADD CONSTRAINT "lab_orders_source_valid" CHECK (source IN ('opd', 'ipd', 'emergency', 'walk_in', 'home_collection'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_orders"'::regclass AND conname = 'lab_orders_encounter_id_fkey') THEN
        ALTER TABLE "laboratory"."lab_orders" ADD CONSTRAINT "lab_orders_encounter_id_fkey" FOREIGN KEY ("tenant_id", "encounter_id") REFERENCES "clinical"."encounters" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_orders"'::regclass AND conname = 'lab_orders_facility_id_fkey') THEN
        ALTER TABLE "laboratory"."lab_orders" ADD CONSTRAINT "lab_orders_facility_id_fkey" FOREIGN KEY ("tenant_id", "facility_id") REFERENCES "core"."facilities" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_orders"'::regclass AND conname = 'lab_orders_invoice_id_fkey') THEN
        ALTER TABLE "laboratory"."lab_orders" ADD CONSTRAINT "lab_orders_invoice_id_fkey" FOREIGN KEY ("tenant_id", "invoice_id") REFERENCES "billing"."invoices" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_orders"'::regclass AND conname = 'lab_orders_ordering_practitioner_id_fkey') THEN
        ALTER TABLE "laboratory"."lab_orders" ADD CONSTRAINT "lab_orders_ordering_practitioner_id_fkey" FOREIGN KEY ("tenant_id", "ordering_practitioner_id") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_orders"'::regclass AND conname = 'lab_orders_patient_id_fkey') THEN
        ALTER TABLE "laboratory"."lab_orders" ADD CONSTRAINT "lab_orders_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_orders"'::regclass AND conname = 'lab_orders_tenant_id_fkey') THEN
        ALTER TABLE "laboratory"."lab_orders" ADD CONSTRAINT "lab_orders_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "lab_orders_open_idx" ON "laboratory"."lab_orders" ("tenant_id", "status", "ordered_at") WHERE status IN ('ordered', 'partially_collected', 'collected', 'in_progress', 'partially_resulted');
CREATE INDEX IF NOT EXISTS "lab_orders_tenant_id_encounter_id_idx" ON "laboratory"."lab_orders" ("tenant_id", "encounter_id");
CREATE INDEX IF NOT EXISTS "lab_orders_tenant_id_facility_id_idx" ON "laboratory"."lab_orders" ("tenant_id", "facility_id");
CREATE INDEX IF NOT EXISTS "lab_orders_tenant_id_invoice_id_idx" ON "laboratory"."lab_orders" ("tenant_id", "invoice_id");
CREATE INDEX IF NOT EXISTS "lab_orders_tenant_id_ordering_practitioner_id_idx" ON "laboratory"."lab_orders" ("tenant_id", "ordering_practitioner_id");
CREATE INDEX IF NOT EXISTS "lab_orders_tenant_id_patient_id_ordered_at_idx" ON "laboratory"."lab_orders" ("tenant_id", "patient_id", "ordered_at" DESC);
COMMENT ON TABLE "laboratory"."lab_orders" IS 'Investigation request (order header) from OPD, IPD, emergency, walk-in or an external doctor.';
COMMENT ON COLUMN "laboratory"."lab_orders"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "laboratory"."lab_orders"."order_number" IS 'Human-readable order number (core.number_sequences kind lab_order).';
COMMENT ON COLUMN "laboratory"."lab_orders"."encounter_id" IS 'Visit or admission the order belongs to; NULL for walk-in and external orders.';
COMMENT ON COLUMN "laboratory"."lab_orders"."external_referrer_name" IS 'Referring doctor from outside the hospital (walk-in patients with a prescription).';
COMMENT ON COLUMN "laboratory"."lab_orders"."source" IS 'opd, ipd, emergency, walk_in or home_collection.';
COMMENT ON COLUMN "laboratory"."lab_orders"."invoice_id" IS 'Bill raised for the order (OPD/walk-in are billed before collection).';
COMMENT ON COLUMN "laboratory"."lab_orders"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "laboratory"."lab_orders"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "laboratory"."lab_orders"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "laboratory"."lab_orders"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "laboratory"."lab_orders"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "laboratory"."lab_orders"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "laboratory"."lab_orders"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- laboratory.reports
CREATE TABLE IF NOT EXISTS "laboratory"."reports" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "report_number" character varying(20) NOT NULL, "lab_order_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "report_type" character varying(12) NOT NULL, "status" "laboratory"."report_status" NOT NULL DEFAULT 'draft', "authorised_by" uuid, "authorised_at" timestamp with time zone, "released_at" timestamp with time zone, "amends_report_id" uuid, "accreditation_id" uuid, "shows_nabl_symbol" bool NOT NULL DEFAULT FALSE, "document_id" uuid, "fhir_bundle" jsonb, "delivery_channels" text[] NOT NULL DEFAULT ('{}'::text[]), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "reports_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_tenant_id_id_key') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_tenant_id_report_number_key') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_tenant_id_report_number_key" UNIQUE ("tenant_id", "report_number");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_amended_has_original') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_amended_has_original" CHECK (report_type <> 'amended' OR amends_report_id IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_deleted_by_check') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_delivery_channels_valid') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_delivery_channels_valid" CHECK (delivery_channels <@ ARRAY['print', 'sms', 'email', 'whatsapp', 'portal', 'abdm']::text[]);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_nabl_symbol_needs_accreditation') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_nabl_symbol_needs_accreditation" CHECK (NOT shows_nabl_symbol OR accreditation_id IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_not_own_original') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_not_own_original" CHECK (amends_report_id <> id);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_released_has_time') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_released_has_time" CHECK (status <> 'released' OR released_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_report_type_valid') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_report_type_valid" CHECK (report_type IN ('interim', 'final', 'amended', 'cumulative'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_signed_has_authoriser') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_signed_has_authoriser" CHECK (status NOT IN ('signed', 'released') OR (authorised_by IS NOT NULL AND authorised_at IS NOT NULL));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_accreditation_id_fkey') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_accreditation_id_fkey" FOREIGN KEY ("tenant_id", "accreditation_id") REFERENCES "laboratory"."accreditations" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_amends_report_id_fkey') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_amends_report_id_fkey" FOREIGN KEY ("tenant_id", "amends_report_id") REFERENCES "laboratory"."reports" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_authorised_by_fkey') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_authorised_by_fkey" FOREIGN KEY ("tenant_id", "authorised_by") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_document_id_fkey') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_document_id_fkey" FOREIGN KEY ("tenant_id", "document_id") REFERENCES "core"."documents" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_lab_order_id_fkey') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_lab_order_id_fkey" FOREIGN KEY ("tenant_id", "lab_order_id") REFERENCES "laboratory"."lab_orders" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_patient_id_fkey') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."reports"'::regclass AND conname = 'reports_tenant_id_fkey') THEN
        ALTER TABLE "laboratory"."reports" ADD CONSTRAINT "reports_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "reports_tenant_id_accreditation_id_idx" ON "laboratory"."reports" ("tenant_id", "accreditation_id");
CREATE INDEX IF NOT EXISTS "reports_tenant_id_amends_report_id_idx" ON "laboratory"."reports" ("tenant_id", "amends_report_id");
CREATE INDEX IF NOT EXISTS "reports_tenant_id_authorised_by_idx" ON "laboratory"."reports" ("tenant_id", "authorised_by");
CREATE INDEX IF NOT EXISTS "reports_tenant_id_document_id_idx" ON "laboratory"."reports" ("tenant_id", "document_id");
CREATE INDEX IF NOT EXISTS "reports_tenant_id_lab_order_id_idx" ON "laboratory"."reports" ("tenant_id", "lab_order_id");
CREATE INDEX IF NOT EXISTS "reports_tenant_id_patient_id_released_at_idx" ON "laboratory"."reports" ("tenant_id", "patient_id", "released_at" DESC);
COMMENT ON TABLE "laboratory"."reports" IS 'Released report (PDF + FHIR DiagnosticReport) for an order or part of it.';
COMMENT ON COLUMN "laboratory"."reports"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "laboratory"."reports"."report_number" IS 'Human-readable report number (core.number_sequences kind lab_report).';
COMMENT ON COLUMN "laboratory"."reports"."report_type" IS 'interim, final, amended or cumulative.';
COMMENT ON COLUMN "laboratory"."reports"."authorised_by" IS 'Pathologist who signed the report.';
COMMENT ON COLUMN "laboratory"."reports"."accreditation_id" IS 'Accreditation whose scope covers every test on the report.';
COMMENT ON COLUMN "laboratory"."reports"."shows_nabl_symbol" IS 'NABL symbol printed: only when every reported test is inside the accredited scope.';
COMMENT ON COLUMN "laboratory"."reports"."document_id" IS 'The rendered PDF.';
COMMENT ON COLUMN "laboratory"."reports"."fhir_bundle" IS 'FHIR R4 DiagnosticReport document bundle (ABDM).';
COMMENT ON COLUMN "laboratory"."reports"."delivery_channels" IS 'print, sms, email, whatsapp, portal, abdm.';
COMMENT ON COLUMN "laboratory"."reports"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "laboratory"."reports"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "laboratory"."reports"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "laboratory"."reports"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "laboratory"."reports"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "laboratory"."reports"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "laboratory"."reports"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- laboratory.specimens
CREATE TABLE IF NOT EXISTS "laboratory"."specimens" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "barcode" character varying(40) NOT NULL, "accession_number" character varying(20), "patient_id" uuid NOT NULL, "lab_order_id" uuid NOT NULL, "specimen_type" "laboratory"."specimen_type" NOT NULL, "container_type" character varying(40), "volume_ml" numeric(6,2), "parent_specimen_id" uuid, "collected_at" timestamp with time zone, "collected_by" uuid, "collection_site" character varying(16), "received_at" timestamp with time zone, "received_by" uuid, "status" "laboratory"."specimen_status" NOT NULL DEFAULT 'pending_collection', "rejection_reason" "laboratory"."rejection_reason", "rejection_note" text, "storage_location" character varying(60), "disposed_at" timestamp with time zone, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "specimens_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_tenant_id_barcode_key') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_tenant_id_barcode_key" UNIQUE ("tenant_id", "barcode");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_tenant_id_id_key') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_collected_has_time') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_collected_has_time" CHECK (status NOT IN ('collected', 'received', 'accepted') OR collected_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_collection_site_valid') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_collection_site_valid" CHECK (collection_site IN ('ward', 'opd', 'emergency', 'lab', 'home', 'collection_centre'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_deleted_by_check') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_disposed_has_time') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_disposed_has_time" CHECK (status <> 'disposed' OR disposed_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_not_own_parent') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_not_own_parent" CHECK (parent_specimen_id <> id);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_received_after_collected') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_received_after_collected" CHECK (received_at IS NULL OR collected_at IS NULL OR received_at >= collected_at);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_received_has_time') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_received_has_time" CHECK (status NOT IN ('received', 'accepted') OR received_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_rejected_has_reason') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_rejected_has_reason" CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_volume_positive') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_volume_positive" CHECK (volume_ml > 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_collected_by_fkey') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_collected_by_fkey" FOREIGN KEY ("tenant_id", "collected_by") REFERENCES "core"."users" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_lab_order_id_fkey') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_lab_order_id_fkey" FOREIGN KEY ("tenant_id", "lab_order_id") REFERENCES "laboratory"."lab_orders" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_parent_specimen_id_fkey') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_parent_specimen_id_fkey" FOREIGN KEY ("tenant_id", "parent_specimen_id") REFERENCES "laboratory"."specimens" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_patient_id_fkey') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_received_by_fkey') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_received_by_fkey" FOREIGN KEY ("tenant_id", "received_by") REFERENCES "core"."users" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."specimens"'::regclass AND conname = 'specimens_tenant_id_fkey') THEN
        ALTER TABLE "laboratory"."specimens" ADD CONSTRAINT "specimens_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "specimens_in_transit_idx" ON "laboratory"."specimens" ("tenant_id", "status") WHERE status IN ('collected', 'in_transit');
CREATE UNIQUE INDEX IF NOT EXISTS "specimens_tenant_id_accession_number_uidx" ON "laboratory"."specimens" ("tenant_id", "accession_number") WHERE accession_number IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "specimens_tenant_id_collected_by_idx" ON "laboratory"."specimens" ("tenant_id", "collected_by");
CREATE INDEX IF NOT EXISTS "specimens_tenant_id_lab_order_id_idx" ON "laboratory"."specimens" ("tenant_id", "lab_order_id");
CREATE INDEX IF NOT EXISTS "specimens_tenant_id_parent_specimen_id_idx" ON "laboratory"."specimens" ("tenant_id", "parent_specimen_id");
CREATE INDEX IF NOT EXISTS "specimens_tenant_id_patient_id_idx" ON "laboratory"."specimens" ("tenant_id", "patient_id");
CREATE INDEX IF NOT EXISTS "specimens_tenant_id_received_by_idx" ON "laboratory"."specimens" ("tenant_id", "received_by");
COMMENT ON TABLE "laboratory"."specimens" IS 'Physical sample (tube/container) with barcode, chain of custody and rejection.';
COMMENT ON COLUMN "laboratory"."specimens"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "laboratory"."specimens"."barcode" IS 'Label barcode; never reused, so the key is not partial. Widened for 2D labels (C4).';
COMMENT ON COLUMN "laboratory"."specimens"."accession_number" IS 'Lab accession number given at receipt.';
COMMENT ON COLUMN "laboratory"."specimens"."parent_specimen_id" IS 'The primary tube this aliquot was poured from.';
COMMENT ON COLUMN "laboratory"."specimens"."collection_site" IS 'ward, opd, emergency, lab, home or collection_centre.';
COMMENT ON COLUMN "laboratory"."specimens"."storage_location" IS 'Rack/fridge position for stored samples.';
COMMENT ON COLUMN "laboratory"."specimens"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "laboratory"."specimens"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "laboratory"."specimens"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "laboratory"."specimens"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "laboratory"."specimens"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "laboratory"."specimens"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "laboratory"."specimens"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- laboratory.lab_order_items
CREATE TABLE IF NOT EXISTS "laboratory"."lab_order_items" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "lab_order_id" uuid NOT NULL, "test_id" uuid NOT NULL, "panel_id" uuid, "specimen_id" uuid, "status" "laboratory"."lab_item_status" NOT NULL DEFAULT 'ordered', "due_at" timestamp with time zone, "outsourced_lab_name" character varying(200), "cancel_reason" text, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "lab_order_items_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_order_items"'::regclass AND conname = 'lab_order_items_tenant_id_id_key') THEN
        ALTER TABLE "laboratory"."lab_order_items" ADD CONSTRAINT "lab_order_items_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_order_items"'::regclass AND conname = 'lab_order_items_cancel_reason') THEN
        ALTER TABLE "laboratory"."lab_order_items" ADD CONSTRAINT "lab_order_items_cancel_reason" CHECK (status <> 'cancelled' OR cancel_reason IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_order_items"'::regclass AND conname = 'lab_order_items_deleted_by_check') THEN
        ALTER TABLE "laboratory"."lab_order_items" ADD CONSTRAINT "lab_order_items_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_order_items"'::regclass AND conname = 'lab_order_items_lab_order_id_fkey') THEN
        ALTER TABLE "laboratory"."lab_order_items" ADD CONSTRAINT "lab_order_items_lab_order_id_fkey" FOREIGN KEY ("tenant_id", "lab_order_id") REFERENCES "laboratory"."lab_orders" ("tenant_id", "id") ON DELETE CASCADE;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_order_items"'::regclass AND conname = 'lab_order_items_panel_id_fkey') THEN
        ALTER TABLE "laboratory"."lab_order_items" ADD CONSTRAINT "lab_order_items_panel_id_fkey" FOREIGN KEY ("tenant_id", "panel_id") REFERENCES "laboratory"."panels" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_order_items"'::regclass AND conname = 'lab_order_items_specimen_id_fkey') THEN
        ALTER TABLE "laboratory"."lab_order_items" ADD CONSTRAINT "lab_order_items_specimen_id_fkey" FOREIGN KEY ("tenant_id", "specimen_id") REFERENCES "laboratory"."specimens" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_order_items"'::regclass AND conname = 'lab_order_items_tenant_id_fkey') THEN
        ALTER TABLE "laboratory"."lab_order_items" ADD CONSTRAINT "lab_order_items_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."lab_order_items"'::regclass AND conname = 'lab_order_items_test_id_fkey') THEN
        ALTER TABLE "laboratory"."lab_order_items" ADD CONSTRAINT "lab_order_items_test_id_fkey" FOREIGN KEY ("tenant_id", "test_id") REFERENCES "laboratory"."tests" ("tenant_id", "id");
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "lab_order_items_pending_idx" ON "laboratory"."lab_order_items" ("tenant_id", "status", "due_at") WHERE status NOT IN ('reported', 'cancelled');
CREATE INDEX IF NOT EXISTS "lab_order_items_tenant_id_lab_order_id_idx" ON "laboratory"."lab_order_items" ("tenant_id", "lab_order_id");
CREATE UNIQUE INDEX IF NOT EXISTS "lab_order_items_tenant_id_lab_order_id_test_id_uidx" ON "laboratory"."lab_order_items" ("tenant_id", "lab_order_id", "test_id") WHERE status <> 'cancelled' AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "lab_order_items_tenant_id_panel_id_idx" ON "laboratory"."lab_order_items" ("tenant_id", "panel_id");
CREATE INDEX IF NOT EXISTS "lab_order_items_tenant_id_specimen_id_idx" ON "laboratory"."lab_order_items" ("tenant_id", "specimen_id");
CREATE INDEX IF NOT EXISTS "lab_order_items_tenant_id_test_id_idx" ON "laboratory"."lab_order_items" ("tenant_id", "test_id");
COMMENT ON TABLE "laboratory"."lab_order_items" IS 'One test requested in an order (expanded from a panel when applicable).';
COMMENT ON COLUMN "laboratory"."lab_order_items"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "laboratory"."lab_order_items"."panel_id" IS 'Panel the item was expanded from.';
COMMENT ON COLUMN "laboratory"."lab_order_items"."due_at" IS 'Promised report time (TAT); the pending worklist flags breaches.';
COMMENT ON COLUMN "laboratory"."lab_order_items"."outsourced_lab_name" IS 'Reference laboratory the test is sent to.';
COMMENT ON COLUMN "laboratory"."lab_order_items"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "laboratory"."lab_order_items"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "laboratory"."lab_order_items"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "laboratory"."lab_order_items"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "laboratory"."lab_order_items"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "laboratory"."lab_order_items"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "laboratory"."lab_order_items"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- laboratory.results
CREATE TABLE IF NOT EXISTS "laboratory"."results" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "lab_order_item_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "test_id" uuid NOT NULL, "specimen_id" uuid, "instrument_id" uuid, "loinc_code" character varying(10), "value_numeric" numeric(14,4), "comparator" character varying(2), "value_text" text, "value_code" character varying(40), "unit_ucum" character varying(30), "reference_range_id" uuid, "reference_text" character varying(200), "abnormal_flag" "laboratory"."abnormal_flag", "is_critical" bool NOT NULL DEFAULT FALSE, "delta_check_failed" bool NOT NULL DEFAULT FALSE, "status" "laboratory"."result_status" NOT NULL DEFAULT 'preliminary', "resulted_at" timestamp with time zone NOT NULL, "resulted_by" uuid, "supersedes_result_id" uuid, "result_version" smallint NOT NULL DEFAULT 1, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "results_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_tenant_id_id_key') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_tenant_id_lab_order_item_id_result_version_key') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_tenant_id_lab_order_item_id_result_version_key" UNIQUE ("tenant_id", "lab_order_item_id", "result_version");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_comparator_needs_number') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_comparator_needs_number" CHECK (comparator IS NULL OR value_numeric IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_comparator_valid') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_comparator_valid" CHECK (comparator IN ('<', '>', '<=', '>='));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_correction_supersedes') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_correction_supersedes" CHECK (result_version = 1 OR supersedes_result_id IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_critical_flag') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_critical_flag" CHECK (NOT is_critical OR abnormal_flag IN ('LL', 'HH', 'AA'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_deleted_by_check') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_has_value') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_has_value" CHECK (num_nonnulls(value_numeric, value_text, value_code) >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_loinc_code_format') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_loinc_code_format" CHECK (loinc_code ~ '^[0-9]{1,7}-[0-9]$');
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_not_own_predecessor') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_not_own_predecessor" CHECK (supersedes_result_id <> id);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_version_positive') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_version_positive" CHECK (result_version >= 1);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_instrument_id_fkey') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_instrument_id_fkey" FOREIGN KEY ("tenant_id", "instrument_id") REFERENCES "laboratory"."instruments" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_lab_order_item_id_fkey') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_lab_order_item_id_fkey" FOREIGN KEY ("tenant_id", "lab_order_item_id") REFERENCES "laboratory"."lab_order_items" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_patient_id_fkey') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_reference_range_id_fkey') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_reference_range_id_fkey" FOREIGN KEY ("tenant_id", "reference_range_id") REFERENCES "laboratory"."reference_ranges" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_resulted_by_fkey') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_resulted_by_fkey" FOREIGN KEY ("tenant_id", "resulted_by") REFERENCES "core"."users" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_specimen_id_fkey') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_specimen_id_fkey" FOREIGN KEY ("tenant_id", "specimen_id") REFERENCES "laboratory"."specimens" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_supersedes_result_id_fkey') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_supersedes_result_id_fkey" FOREIGN KEY ("tenant_id", "supersedes_result_id") REFERENCES "laboratory"."results" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_tenant_id_fkey') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."results"'::regclass AND conname = 'results_test_id_fkey') THEN
        ALTER TABLE "laboratory"."results" ADD CONSTRAINT "results_test_id_fkey" FOREIGN KEY ("tenant_id", "test_id") REFERENCES "laboratory"."tests" ("tenant_id", "id");
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "results_critical_idx" ON "laboratory"."results" ("tenant_id", "resulted_at") WHERE is_critical;
CREATE UNIQUE INDEX IF NOT EXISTS "results_current_uidx" ON "laboratory"."results" ("tenant_id", "lab_order_item_id") WHERE status IN ('preliminary', 'final', 'corrected') AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "results_final_trend_idx" ON "laboratory"."results" ("tenant_id", "test_id", "resulted_at" DESC) WHERE status = 'final';
CREATE INDEX IF NOT EXISTS "results_tenant_id_instrument_id_idx" ON "laboratory"."results" ("tenant_id", "instrument_id");
CREATE INDEX IF NOT EXISTS "results_tenant_id_patient_id_test_id_resulted_at_idx" ON "laboratory"."results" ("tenant_id", "patient_id", "test_id", "resulted_at" DESC);
CREATE INDEX IF NOT EXISTS "results_tenant_id_reference_range_id_idx" ON "laboratory"."results" ("tenant_id", "reference_range_id");
CREATE INDEX IF NOT EXISTS "results_tenant_id_resulted_by_idx" ON "laboratory"."results" ("tenant_id", "resulted_by");
CREATE INDEX IF NOT EXISTS "results_tenant_id_specimen_id_idx" ON "laboratory"."results" ("tenant_id", "specimen_id");
CREATE INDEX IF NOT EXISTS "results_tenant_id_supersedes_result_id_idx" ON "laboratory"."results" ("tenant_id", "supersedes_result_id");
CREATE INDEX IF NOT EXISTS "results_tenant_id_test_id_idx" ON "laboratory"."results" ("tenant_id", "test_id");
COMMENT ON TABLE "laboratory"."results" IS 'Measured value for one order item; a correction is a new row (version) that supersedes the previous one. Flags are filled by the trigger laboratory.tg_result_flags().';
COMMENT ON COLUMN "laboratory"."results"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "laboratory"."results"."comparator" IS '`<`, `>`, `<=` or `>=` for values such as `<0.01`.';
COMMENT ON COLUMN "laboratory"."results"."value_code" IS 'Coded answer (SNOMED CT / LOINC answer code), e.g. for culture organisms.';
COMMENT ON COLUMN "laboratory"."results"."reference_text" IS 'Printed range as shown on the report (snapshot; the range table may change later).';
COMMENT ON COLUMN "laboratory"."results"."delta_check_failed" IS E'Differs implausibly from the patient\'s previous result of the same test.';
COMMENT ON COLUMN "laboratory"."results"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "laboratory"."results"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "laboratory"."results"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "laboratory"."results"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "laboratory"."results"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "laboratory"."results"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "laboratory"."results"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- laboratory.critical_value_notifications
CREATE TABLE IF NOT EXISTS "laboratory"."critical_value_notifications" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "result_id" uuid NOT NULL, "notified_by" uuid NOT NULL, "notified_to_name" character varying(200) NOT NULL, "notified_to_practitioner_id" uuid, "channel" character varying(12) NOT NULL, "notified_at" timestamp with time zone NOT NULL DEFAULT (now()), "read_back_confirmed" bool NOT NULL, "minutes_from_result" integer, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "critical_value_notifications_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."critical_value_notifications"'::regclass AND conname = 'critical_value_notifications_tenant_id_id_key') THEN
        ALTER TABLE "laboratory"."critical_value_notifications" ADD CONSTRAINT "critical_value_notifications_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."critical_value_notifications"'::regclass AND conname = 'critical_value_notifications_channel_valid') THEN
        ALTER TABLE "laboratory"."critical_value_notifications" ADD CONSTRAINT "critical_value_notifications_channel_valid" CHECK (channel IN ('phone', 'in_person', 'app'));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."critical_value_notifications"'::regclass AND conname = 'critical_value_notifications_deleted_by_check') THEN
        ALTER TABLE "laboratory"."critical_value_notifications" ADD CONSTRAINT "critical_value_notifications_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."critical_value_notifications"'::regclass AND conname = 'critical_value_notifications_minutes_nonnegative') THEN
        ALTER TABLE "laboratory"."critical_value_notifications" ADD CONSTRAINT "critical_value_notifications_minutes_nonnegative" CHECK (minutes_from_result IS NULL OR minutes_from_result >= 0);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."critical_value_notifications"'::regclass AND conname = 'critical_value_notifications_notified_by_fkey') THEN
        ALTER TABLE "laboratory"."critical_value_notifications" ADD CONSTRAINT "critical_value_notifications_notified_by_fkey" FOREIGN KEY ("tenant_id", "notified_by") REFERENCES "core"."users" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."critical_value_notifications"'::regclass AND conname = 'critical_value_notifications_notified_to_practitioner_id_fkey') THEN
        ALTER TABLE "laboratory"."critical_value_notifications" ADD CONSTRAINT "critical_value_notifications_notified_to_practitioner_id_fkey" FOREIGN KEY ("tenant_id", "notified_to_practitioner_id") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."critical_value_notifications"'::regclass AND conname = 'critical_value_notifications_result_id_fkey') THEN
        ALTER TABLE "laboratory"."critical_value_notifications" ADD CONSTRAINT "critical_value_notifications_result_id_fkey" FOREIGN KEY ("tenant_id", "result_id") REFERENCES "laboratory"."results" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."critical_value_notifications"'::regclass AND conname = 'critical_value_notifications_tenant_id_fkey') THEN
        ALTER TABLE "laboratory"."critical_value_notifications" ADD CONSTRAINT "critical_value_notifications_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
CREATE INDEX IF NOT EXISTS "critical_value_notifications_tenant_id_notified_by_idx" ON "laboratory"."critical_value_notifications" ("tenant_id", "notified_by");
CREATE INDEX IF NOT EXISTS "critical_value_notifications_tenant_id_notified_to_5b0a81e6_idx" ON "laboratory"."critical_value_notifications" ("tenant_id", "notified_to_practitioner_id");
CREATE INDEX IF NOT EXISTS "critical_value_notifications_tenant_id_result_id_idx" ON "laboratory"."critical_value_notifications" ("tenant_id", "result_id");
COMMENT ON TABLE "laboratory"."critical_value_notifications" IS 'Proof that a critical result was phoned or told to a clinician, with read-back (NABL).';
COMMENT ON COLUMN "laboratory"."critical_value_notifications"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "laboratory"."critical_value_notifications"."notified_to_name" IS 'Who took the call (name as given, also for nurses and external doctors).';
COMMENT ON COLUMN "laboratory"."critical_value_notifications"."channel" IS 'phone, in_person or app.';
COMMENT ON COLUMN "laboratory"."critical_value_notifications"."read_back_confirmed" IS 'The receiver read the value back and it matched.';
COMMENT ON COLUMN "laboratory"."critical_value_notifications"."minutes_from_result" IS 'Minutes between the result and the call (critical-value TAT indicator).';
COMMENT ON COLUMN "laboratory"."critical_value_notifications"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "laboratory"."critical_value_notifications"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "laboratory"."critical_value_notifications"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "laboratory"."critical_value_notifications"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "laboratory"."critical_value_notifications"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "laboratory"."critical_value_notifications"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "laboratory"."critical_value_notifications"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- laboratory.result_verifications
CREATE TABLE IF NOT EXISTS "laboratory"."result_verifications" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "result_id" uuid NOT NULL, "level" "laboratory"."verification_level" NOT NULL, "decision" "laboratory"."verification_decision" NOT NULL, "verified_by" uuid NOT NULL, "verified_at" timestamp with time zone NOT NULL DEFAULT (now()), "comment" text, "signature_hash" character varying(128), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT 1, CONSTRAINT "result_verifications_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."result_verifications"'::regclass AND conname = 'result_verifications_tenant_id_id_key') THEN
        ALTER TABLE "laboratory"."result_verifications" ADD CONSTRAINT "result_verifications_tenant_id_id_key" UNIQUE ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."result_verifications"'::regclass AND conname = 'result_verifications_comment_required') THEN
        ALTER TABLE "laboratory"."result_verifications" ADD CONSTRAINT "result_verifications_comment_required" CHECK (decision = 'approved' OR comment IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."result_verifications"'::regclass AND conname = 'result_verifications_deleted_by_check') THEN
        ALTER TABLE "laboratory"."result_verifications" ADD CONSTRAINT "result_verifications_deleted_by_check" CHECK (deleted_by IS NULL OR deleted_at IS NOT NULL);
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."result_verifications"'::regclass AND conname = 'result_verifications_result_id_fkey') THEN
        ALTER TABLE "laboratory"."result_verifications" ADD CONSTRAINT "result_verifications_result_id_fkey" FOREIGN KEY ("tenant_id", "result_id") REFERENCES "laboratory"."results" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."result_verifications"'::regclass AND conname = 'result_verifications_tenant_id_fkey') THEN
        ALTER TABLE "laboratory"."result_verifications" ADD CONSTRAINT "result_verifications_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants" ("id") ON DELETE RESTRICT;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"laboratory"."result_verifications"'::regclass AND conname = 'result_verifications_verified_by_fkey') THEN
        ALTER TABLE "laboratory"."result_verifications" ADD CONSTRAINT "result_verifications_verified_by_fkey" FOREIGN KEY ("tenant_id", "verified_by") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
CREATE UNIQUE INDEX IF NOT EXISTS "result_verifications_approved_uidx" ON "laboratory"."result_verifications" ("tenant_id", "result_id", "level") WHERE decision = 'approved' AND deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS "result_verifications_tenant_id_result_id_idx" ON "laboratory"."result_verifications" ("tenant_id", "result_id");
CREATE INDEX IF NOT EXISTS "result_verifications_tenant_id_verified_by_idx" ON "laboratory"."result_verifications" ("tenant_id", "verified_by");
COMMENT ON TABLE "laboratory"."result_verifications" IS 'Two-step sign-off: technical verification, then medical authorisation.';
COMMENT ON COLUMN "laboratory"."result_verifications"."tenant_id" IS 'Owning tenant; row-level security isolates tenants on it.';
COMMENT ON COLUMN "laboratory"."result_verifications"."comment" IS 'Required unless approved (reason for rejection or rerun).';
COMMENT ON COLUMN "laboratory"."result_verifications"."signature_hash" IS 'Hash of the signed content (digital signature of the report line).';
COMMENT ON COLUMN "laboratory"."result_verifications"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "laboratory"."result_verifications"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "laboratory"."result_verifications"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "laboratory"."result_verifications"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "laboratory"."result_verifications"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "laboratory"."result_verifications"."deleted_by" IS 'Soft delete: who retired the row.';
COMMENT ON COLUMN "laboratory"."result_verifications"."version" IS 'Row version for optimistic locking; bumped by trigger on every update.';

-- ==== Foreign keys closing a reference cycle ====

DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."abha_linkages"'::regclass AND conname = 'abha_linkages_patient_id_fkey') THEN
        ALTER TABLE "abdm"."abha_linkages" ADD CONSTRAINT "abha_linkages_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."care_contexts"'::regclass AND conname = 'care_contexts_encounter_id_fkey') THEN
        ALTER TABLE "abdm"."care_contexts" ADD CONSTRAINT "care_contexts_encounter_id_fkey" FOREIGN KEY ("tenant_id", "encounter_id") REFERENCES "clinical"."encounters" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."care_contexts"'::regclass AND conname = 'care_contexts_lab_order_id_fkey') THEN
        ALTER TABLE "abdm"."care_contexts" ADD CONSTRAINT "care_contexts_lab_order_id_fkey" FOREIGN KEY ("tenant_id", "lab_order_id") REFERENCES "laboratory"."lab_orders" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."care_contexts"'::regclass AND conname = 'care_contexts_patient_id_fkey') THEN
        ALTER TABLE "abdm"."care_contexts" ADD CONSTRAINT "care_contexts_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_artefacts"'::regclass AND conname = 'consent_artefacts_consent_request_id_fkey') THEN
        ALTER TABLE "abdm"."consent_artefacts" ADD CONSTRAINT "consent_artefacts_consent_request_id_fkey" FOREIGN KEY ("tenant_id", "consent_request_id") REFERENCES "abdm"."consent_requests" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_artefacts"'::regclass AND conname = 'consent_artefacts_patient_id_fkey') THEN
        ALTER TABLE "abdm"."consent_artefacts" ADD CONSTRAINT "consent_artefacts_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_requests"'::regclass AND conname = 'consent_requests_patient_id_fkey') THEN
        ALTER TABLE "abdm"."consent_requests" ADD CONSTRAINT "consent_requests_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."consent_requests"'::regclass AND conname = 'consent_requests_requester_practitioner_id_fkey') THEN
        ALTER TABLE "abdm"."consent_requests" ADD CONSTRAINT "consent_requests_requester_practitioner_id_fkey" FOREIGN KEY ("tenant_id", "requester_practitioner_id") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."link_requests"'::regclass AND conname = 'link_requests_patient_id_fkey') THEN
        ALTER TABLE "abdm"."link_requests" ADD CONSTRAINT "link_requests_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"abdm"."scan_share_tokens"'::regclass AND conname = 'scan_share_tokens_patient_id_fkey') THEN
        ALTER TABLE "abdm"."scan_share_tokens" ADD CONSTRAINT "scan_share_tokens_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_communications"'::regclass AND conname = 'claim_communications_claim_id_fkey') THEN
        ALTER TABLE "billing"."claim_communications" ADD CONSTRAINT "claim_communications_claim_id_fkey" FOREIGN KEY ("tenant_id", "claim_id") REFERENCES "billing"."insurance_claims" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_communications"'::regclass AND conname = 'claim_communications_pre_authorization_id_fkey') THEN
        ALTER TABLE "billing"."claim_communications" ADD CONSTRAINT "claim_communications_pre_authorization_id_fkey" FOREIGN KEY ("tenant_id", "pre_authorization_id") REFERENCES "billing"."pre_authorizations" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_events"'::regclass AND conname = 'claim_events_claim_id_fkey') THEN
        ALTER TABLE "billing"."claim_events" ADD CONSTRAINT "claim_events_claim_id_fkey" FOREIGN KEY ("tenant_id", "claim_id") REFERENCES "billing"."insurance_claims" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_events"'::regclass AND conname = 'claim_events_pre_authorization_id_fkey') THEN
        ALTER TABLE "billing"."claim_events" ADD CONSTRAINT "claim_events_pre_authorization_id_fkey" FOREIGN KEY ("tenant_id", "pre_authorization_id") REFERENCES "billing"."pre_authorizations" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_items"'::regclass AND conname = 'claim_items_claim_id_fkey') THEN
        ALTER TABLE "billing"."claim_items" ADD CONSTRAINT "claim_items_claim_id_fkey" FOREIGN KEY ("tenant_id", "claim_id") REFERENCES "billing"."insurance_claims" ("tenant_id", "id") ON DELETE CASCADE;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."claim_items"'::regclass AND conname = 'claim_items_invoice_line_id_fkey') THEN
        ALTER TABLE "billing"."claim_items" ADD CONSTRAINT "claim_items_invoice_line_id_fkey" FOREIGN KEY ("tenant_id", "invoice_line_id") REFERENCES "billing"."invoice_lines" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."credit_notes"'::regclass AND conname = 'credit_notes_invoice_id_fkey') THEN
        ALTER TABLE "billing"."credit_notes" ADD CONSTRAINT "credit_notes_invoice_id_fkey" FOREIGN KEY ("tenant_id", "invoice_id") REFERENCES "billing"."invoices" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."deposits"'::regclass AND conname = 'deposits_admission_id_fkey') THEN
        ALTER TABLE "billing"."deposits" ADD CONSTRAINT "deposits_admission_id_fkey" FOREIGN KEY ("tenant_id", "admission_id") REFERENCES "clinical"."admissions" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."deposits"'::regclass AND conname = 'deposits_patient_id_fkey') THEN
        ALTER TABLE "billing"."deposits" ADD CONSTRAINT "deposits_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."deposits"'::regclass AND conname = 'deposits_payment_id_fkey') THEN
        ALTER TABLE "billing"."deposits" ADD CONSTRAINT "deposits_payment_id_fkey" FOREIGN KEY ("tenant_id", "payment_id") REFERENCES "billing"."payments" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_admission_id_fkey') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_admission_id_fkey" FOREIGN KEY ("tenant_id", "admission_id") REFERENCES "clinical"."admissions" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_final_preauth_id_fkey') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_final_preauth_id_fkey" FOREIGN KEY ("tenant_id", "final_preauth_id") REFERENCES "billing"."pre_authorizations" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_invoice_id_fkey') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_invoice_id_fkey" FOREIGN KEY ("tenant_id", "invoice_id") REFERENCES "billing"."invoices" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_patient_id_fkey') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_policy_id_fkey') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_policy_id_fkey" FOREIGN KEY ("tenant_id", "policy_id") REFERENCES "billing"."insurance_policies" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_claims"'::regclass AND conname = 'insurance_claims_pre_authorization_id_fkey') THEN
        ALTER TABLE "billing"."insurance_claims" ADD CONSTRAINT "insurance_claims_pre_authorization_id_fkey" FOREIGN KEY ("tenant_id", "pre_authorization_id") REFERENCES "billing"."pre_authorizations" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."insurance_policies"'::regclass AND conname = 'insurance_policies_patient_id_fkey') THEN
        ALTER TABLE "billing"."insurance_policies" ADD CONSTRAINT "insurance_policies_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_invoice_id_fkey') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_fkey" FOREIGN KEY ("tenant_id", "invoice_id") REFERENCES "billing"."invoices" ("tenant_id", "id") ON DELETE CASCADE;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoice_lines"'::regclass AND conname = 'invoice_lines_ordering_practitioner_id_fkey') THEN
        ALTER TABLE "billing"."invoice_lines" ADD CONSTRAINT "invoice_lines_ordering_practitioner_id_fkey" FOREIGN KEY ("tenant_id", "ordering_practitioner_id") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_admission_id_fkey') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_admission_id_fkey" FOREIGN KEY ("tenant_id", "admission_id") REFERENCES "clinical"."admissions" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_encounter_id_fkey') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_encounter_id_fkey" FOREIGN KEY ("tenant_id", "encounter_id") REFERENCES "clinical"."encounters" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."invoices"'::regclass AND conname = 'invoices_patient_id_fkey') THEN
        ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payment_allocations"'::regclass AND conname = 'payment_allocations_payment_id_fkey') THEN
        ALTER TABLE "billing"."payment_allocations" ADD CONSTRAINT "payment_allocations_payment_id_fkey" FOREIGN KEY ("tenant_id", "payment_id") REFERENCES "billing"."payments" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."payments"'::regclass AND conname = 'payments_patient_id_fkey') THEN
        ALTER TABLE "billing"."payments" ADD CONSTRAINT "payments_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_admission_id_fkey') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_admission_id_fkey" FOREIGN KEY ("tenant_id", "admission_id") REFERENCES "clinical"."admissions" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."pre_authorizations"'::regclass AND conname = 'pre_authorizations_patient_id_fkey') THEN
        ALTER TABLE "billing"."pre_authorizations" ADD CONSTRAINT "pre_authorizations_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"billing"."refunds"'::regclass AND conname = 'refunds_patient_id_fkey') THEN
        ALTER TABLE "billing"."refunds" ADD CONSTRAINT "refunds_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."admissions"'::regclass AND conname = 'admissions_admitting_practitioner_id_fkey') THEN
        ALTER TABLE "clinical"."admissions" ADD CONSTRAINT "admissions_admitting_practitioner_id_fkey" FOREIGN KEY ("tenant_id", "admitting_practitioner_id") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."admissions"'::regclass AND conname = 'admissions_attending_practitioner_id_fkey') THEN
        ALTER TABLE "clinical"."admissions" ADD CONSTRAINT "admissions_attending_practitioner_id_fkey" FOREIGN KEY ("tenant_id", "attending_practitioner_id") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."admissions"'::regclass AND conname = 'admissions_encounter_id_fkey') THEN
        ALTER TABLE "clinical"."admissions" ADD CONSTRAINT "admissions_encounter_id_fkey" FOREIGN KEY ("tenant_id", "encounter_id") REFERENCES "clinical"."encounters" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."admissions"'::regclass AND conname = 'admissions_patient_id_fkey') THEN
        ALTER TABLE "clinical"."admissions" ADD CONSTRAINT "admissions_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."allergies"'::regclass AND conname = 'allergies_patient_id_fkey') THEN
        ALTER TABLE "clinical"."allergies" ADD CONSTRAINT "allergies_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."allergies"'::regclass AND conname = 'allergies_recorded_by_fkey') THEN
        ALTER TABLE "clinical"."allergies" ADD CONSTRAINT "allergies_recorded_by_fkey" FOREIGN KEY ("tenant_id", "recorded_by") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."appointments"'::regclass AND conname = 'appointments_patient_id_fkey') THEN
        ALTER TABLE "clinical"."appointments" ADD CONSTRAINT "appointments_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."appointments"'::regclass AND conname = 'appointments_practitioner_id_fkey') THEN
        ALTER TABLE "clinical"."appointments" ADD CONSTRAINT "appointments_practitioner_id_fkey" FOREIGN KEY ("tenant_id", "practitioner_id") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."appointments"'::regclass AND conname = 'appointments_schedule_id_fkey') THEN
        ALTER TABLE "clinical"."appointments" ADD CONSTRAINT "appointments_schedule_id_fkey" FOREIGN KEY ("tenant_id", "schedule_id") REFERENCES "clinical"."practitioner_schedules" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."clinical_notes"'::regclass AND conname = 'clinical_notes_author_id_fkey') THEN
        ALTER TABLE "clinical"."clinical_notes" ADD CONSTRAINT "clinical_notes_author_id_fkey" FOREIGN KEY ("tenant_id", "author_id") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."clinical_notes"'::regclass AND conname = 'clinical_notes_encounter_id_fkey') THEN
        ALTER TABLE "clinical"."clinical_notes" ADD CONSTRAINT "clinical_notes_encounter_id_fkey" FOREIGN KEY ("tenant_id", "encounter_id") REFERENCES "clinical"."encounters" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."clinical_notes"'::regclass AND conname = 'clinical_notes_patient_id_fkey') THEN
        ALTER TABLE "clinical"."clinical_notes" ADD CONSTRAINT "clinical_notes_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."diagnoses"'::regclass AND conname = 'diagnoses_diagnosed_by_fkey') THEN
        ALTER TABLE "clinical"."diagnoses" ADD CONSTRAINT "diagnoses_diagnosed_by_fkey" FOREIGN KEY ("tenant_id", "diagnosed_by") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."diagnoses"'::regclass AND conname = 'diagnoses_encounter_id_fkey') THEN
        ALTER TABLE "clinical"."diagnoses" ADD CONSTRAINT "diagnoses_encounter_id_fkey" FOREIGN KEY ("tenant_id", "encounter_id") REFERENCES "clinical"."encounters" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."diagnoses"'::regclass AND conname = 'diagnoses_patient_id_fkey') THEN
        ALTER TABLE "clinical"."diagnoses" ADD CONSTRAINT "diagnoses_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."discharge_summaries"'::regclass AND conname = 'discharge_summaries_approved_by_fkey') THEN
        ALTER TABLE "clinical"."discharge_summaries" ADD CONSTRAINT "discharge_summaries_approved_by_fkey" FOREIGN KEY ("tenant_id", "approved_by") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."discharge_summaries"'::regclass AND conname = 'discharge_summaries_discharge_prescription_id_fkey') THEN
        ALTER TABLE "clinical"."discharge_summaries" ADD CONSTRAINT "discharge_summaries_discharge_prescription_id_fkey" FOREIGN KEY ("tenant_id", "discharge_prescription_id") REFERENCES "clinical"."prescriptions" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."discharge_summaries"'::regclass AND conname = 'discharge_summaries_document_id_fkey') THEN
        ALTER TABLE "clinical"."discharge_summaries" ADD CONSTRAINT "discharge_summaries_document_id_fkey" FOREIGN KEY ("tenant_id", "document_id") REFERENCES "core"."documents" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."discharge_summaries"'::regclass AND conname = 'discharge_summaries_patient_id_fkey') THEN
        ALTER TABLE "clinical"."discharge_summaries" ADD CONSTRAINT "discharge_summaries_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."discharge_summaries"'::regclass AND conname = 'discharge_summaries_prepared_by_fkey') THEN
        ALTER TABLE "clinical"."discharge_summaries" ADD CONSTRAINT "discharge_summaries_prepared_by_fkey" FOREIGN KEY ("tenant_id", "prepared_by") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."encounters"'::regclass AND conname = 'encounters_attending_practitioner_id_fkey') THEN
        ALTER TABLE "clinical"."encounters" ADD CONSTRAINT "encounters_attending_practitioner_id_fkey" FOREIGN KEY ("tenant_id", "attending_practitioner_id") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."encounters"'::regclass AND conname = 'encounters_patient_id_fkey') THEN
        ALTER TABLE "clinical"."encounters" ADD CONSTRAINT "encounters_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."immunizations"'::regclass AND conname = 'immunizations_administered_by_fkey') THEN
        ALTER TABLE "clinical"."immunizations" ADD CONSTRAINT "immunizations_administered_by_fkey" FOREIGN KEY ("tenant_id", "administered_by") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."immunizations"'::regclass AND conname = 'immunizations_patient_id_fkey') THEN
        ALTER TABLE "clinical"."immunizations" ADD CONSTRAINT "immunizations_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medication_administrations"'::regclass AND conname = 'medication_administrations_administered_by_fkey') THEN
        ALTER TABLE "clinical"."medication_administrations" ADD CONSTRAINT "medication_administrations_administered_by_fkey" FOREIGN KEY ("tenant_id", "administered_by") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medication_administrations"'::regclass AND conname = 'medication_administrations_patient_id_fkey') THEN
        ALTER TABLE "clinical"."medication_administrations" ADD CONSTRAINT "medication_administrations_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medication_administrations"'::regclass AND conname = 'medication_administrations_prescription_item_id_fkey') THEN
        ALTER TABLE "clinical"."medication_administrations" ADD CONSTRAINT "medication_administrations_prescription_item_id_fkey" FOREIGN KEY ("tenant_id", "prescription_item_id") REFERENCES "clinical"."prescription_items" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."medication_administrations"'::regclass AND conname = 'medication_administrations_witnessed_by_fkey') THEN
        ALTER TABLE "clinical"."medication_administrations" ADD CONSTRAINT "medication_administrations_witnessed_by_fkey" FOREIGN KEY ("tenant_id", "witnessed_by") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."observations"'::regclass AND conname = 'observations_patient_id_fkey') THEN
        ALTER TABLE "clinical"."observations" ADD CONSTRAINT "observations_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."observations"'::regclass AND conname = 'observations_recorded_by_fkey') THEN
        ALTER TABLE "clinical"."observations" ADD CONSTRAINT "observations_recorded_by_fkey" FOREIGN KEY ("tenant_id", "recorded_by") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."practitioner_schedules"'::regclass AND conname = 'practitioner_schedules_practitioner_id_fkey') THEN
        ALTER TABLE "clinical"."practitioner_schedules" ADD CONSTRAINT "practitioner_schedules_practitioner_id_fkey" FOREIGN KEY ("tenant_id", "practitioner_id") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescription_items"'::regclass AND conname = 'prescription_items_prescription_id_fkey') THEN
        ALTER TABLE "clinical"."prescription_items" ADD CONSTRAINT "prescription_items_prescription_id_fkey" FOREIGN KEY ("tenant_id", "prescription_id") REFERENCES "clinical"."prescriptions" ("tenant_id", "id") ON DELETE CASCADE;
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescriptions"'::regclass AND conname = 'prescriptions_patient_id_fkey') THEN
        ALTER TABLE "clinical"."prescriptions" ADD CONSTRAINT "prescriptions_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."prescriptions"'::regclass AND conname = 'prescriptions_prescriber_id_fkey') THEN
        ALTER TABLE "clinical"."prescriptions" ADD CONSTRAINT "prescriptions_prescriber_id_fkey" FOREIGN KEY ("tenant_id", "prescriber_id") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."problems"'::regclass AND conname = 'problems_patient_id_fkey') THEN
        ALTER TABLE "clinical"."problems" ADD CONSTRAINT "problems_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."procedures"'::regclass AND conname = 'procedures_anaesthetist_id_fkey') THEN
        ALTER TABLE "clinical"."procedures" ADD CONSTRAINT "procedures_anaesthetist_id_fkey" FOREIGN KEY ("tenant_id", "anaesthetist_id") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."procedures"'::regclass AND conname = 'procedures_consent_document_id_fkey') THEN
        ALTER TABLE "clinical"."procedures" ADD CONSTRAINT "procedures_consent_document_id_fkey" FOREIGN KEY ("tenant_id", "consent_document_id") REFERENCES "core"."documents" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."procedures"'::regclass AND conname = 'procedures_patient_id_fkey') THEN
        ALTER TABLE "clinical"."procedures" ADD CONSTRAINT "procedures_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."procedures"'::regclass AND conname = 'procedures_primary_surgeon_id_fkey') THEN
        ALTER TABLE "clinical"."procedures" ADD CONSTRAINT "procedures_primary_surgeon_id_fkey" FOREIGN KEY ("tenant_id", "primary_surgeon_id") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."referrals"'::regclass AND conname = 'referrals_patient_id_fkey') THEN
        ALTER TABLE "clinical"."referrals" ADD CONSTRAINT "referrals_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."referrals"'::regclass AND conname = 'referrals_referred_by_id_fkey') THEN
        ALTER TABLE "clinical"."referrals" ADD CONSTRAINT "referrals_referred_by_id_fkey" FOREIGN KEY ("tenant_id", "referred_by_id") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"clinical"."referrals"'::regclass AND conname = 'referrals_to_practitioner_id_fkey') THEN
        ALTER TABLE "clinical"."referrals" ADD CONSTRAINT "referrals_to_practitioner_id_fkey" FOREIGN KEY ("tenant_id", "to_practitioner_id") REFERENCES "core"."practitioners" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."addresses"'::regclass AND conname = 'addresses_patient_id_fkey') THEN
        ALTER TABLE "core"."addresses" ADD CONSTRAINT "addresses_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."documents"'::regclass AND conname = 'documents_patient_id_fkey') THEN
        ALTER TABLE "core"."documents" ADD CONSTRAINT "documents_patient_id_fkey" FOREIGN KEY ("tenant_id", "patient_id") REFERENCES "core"."patients" ("tenant_id", "id");
    END IF;
END
$hims$;

-- ==== Functions that read tables ====

CREATE OR REPLACE FUNCTION "abdm"."tg_hi_request_within_consent"()
    RETURNS trigger
    LANGUAGE plpgsql
    VOLATILE
AS $hims$
DECLARE
    v_artefact abdm.consent_artefacts%ROWTYPE;
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.consent_artefact_id, NEW.date_from, NEW.date_to, NEW.role)
           IS NOT DISTINCT FROM (OLD.consent_artefact_id, OLD.date_from, OLD.date_to, OLD.role) THEN
        RETURN NEW;
    END IF;
    -- FOR SHARE: a revocation being written waits for this request, or this request for it.
    SELECT * INTO v_artefact FROM abdm.consent_artefacts a
     WHERE a.id = NEW.consent_artefact_id FOR SHARE;
    IF NOT FOUND THEN
        RETURN NEW; -- the foreign key reports the missing artefact
    END IF;
    IF v_artefact.role <> NEW.role THEN
        RAISE EXCEPTION 'abdm.health_information_requests: a % request needs the % copy of the consent artefact', NEW.role, NEW.role
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF v_artefact.status <> 'GRANTED' OR v_artefact.revoked_at IS NOT NULL THEN
        RAISE EXCEPTION 'abdm.health_information_requests: consent artefact % is %', v_artefact.artefact_id, v_artefact.status
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF v_artefact.data_erase_at <= now() THEN
        RAISE EXCEPTION 'abdm.health_information_requests: consent artefact % expired at %', v_artefact.artefact_id, v_artefact.data_erase_at
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF NEW.date_from < v_artefact.date_from OR NEW.date_to > v_artefact.date_to THEN
        RAISE EXCEPTION 'abdm.health_information_requests: requested range [%, %] is outside the consent''s [%, %]',
              NEW.date_from, NEW.date_to, v_artefact.date_from, v_artefact.date_to
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$hims$;
COMMENT ON FUNCTION "abdm"."tg_hi_request_within_consent"() IS E'BEFORE INSERT (and UPDATE of the artefact or date range) on health_information_requests: the artefact must be of the same role, GRANTED, not revoked and not past data_erase_at, and the requested range inside the artefact\'s [date_from, date_to].';
CREATE OR REPLACE FUNCTION "billing"."tg_allocation_totals"()
    RETURNS trigger
    LANGUAGE plpgsql
    VOLATILE
AS $hims$
DECLARE
    v_payment uuid;
    v_invoice uuid;
    v_payment_row billing.payments%ROWTYPE;
    v_invoice_row billing.invoices%ROWTYPE;
    v_allocated numeric;
    v_status billing.invoice_status;
BEGIN
    -- Payments first, then invoices, each in id order: one lock order for every session.
    -- FOR NO KEY UPDATE, not FOR UPDATE: the insert's own foreign-key checks hold KEY SHARE
    -- on both rows, which FOR UPDATE would wait for (two sessions → deadlock).
    FOR v_payment IN
        SELECT DISTINCT x FROM unnest(ARRAY[OLD.payment_id, NEW.payment_id]) x WHERE x IS NOT NULL ORDER BY x
    LOOP
        SELECT * INTO v_payment_row FROM billing.payments WHERE id = v_payment FOR NO KEY UPDATE;
        IF TG_OP <> 'DELETE' AND v_payment = NEW.payment_id AND v_payment_row.status NOT IN ('pending', 'cleared') THEN
            RAISE EXCEPTION 'billing.payment_allocations: payment % is %', v_payment, v_payment_row.status
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        SELECT coalesce(sum(a.amount), 0) INTO v_allocated FROM billing.payment_allocations a
         WHERE a.payment_id = v_payment AND a.deleted_at IS NULL;
        IF v_allocated > v_payment_row.amount THEN
            RAISE EXCEPTION 'billing.payment_allocations: payment % would be over-allocated (% of %)', v_payment, v_allocated, v_payment_row.amount
                USING ERRCODE = 'check_violation';
        END IF;
    END LOOP;
    FOR v_invoice IN
        SELECT DISTINCT x FROM unnest(ARRAY[OLD.invoice_id, NEW.invoice_id]) x WHERE x IS NOT NULL ORDER BY x
    LOOP
        SELECT * INTO v_invoice_row FROM billing.invoices WHERE id = v_invoice FOR NO KEY UPDATE;
        -- The lock is held: this statement's snapshot sees every allocation committed before.
        SELECT coalesce(sum(a.amount), 0) INTO v_allocated FROM billing.payment_allocations a
         WHERE a.invoice_id = v_invoice AND a.deleted_at IS NULL;
        IF v_invoice_row.status NOT IN ('finalised', 'partially_paid', 'paid') THEN
            IF TG_OP <> 'DELETE' AND v_invoice = NEW.invoice_id THEN
                RAISE EXCEPTION 'billing.payment_allocations: invoice % is %, it cannot take payments', v_invoice, v_invoice_row.status
                    USING ERRCODE = 'object_not_in_prerequisite_state';
            END IF;
            CONTINUE; -- a cancelled or written-off invoice keeps its figures
        END IF;
        IF v_allocated > v_invoice_row.net_amount THEN
            RAISE EXCEPTION 'billing.payment_allocations: invoice % would be over-allocated (% of %)', v_invoice, v_allocated, v_invoice_row.net_amount
                USING ERRCODE = 'check_violation';
        END IF;
        v_status := CASE WHEN v_allocated = 0 THEN 'finalised'::billing.invoice_status
                         WHEN v_allocated < v_invoice_row.net_amount THEN 'partially_paid'
                         ELSE 'paid' END;
        IF (v_allocated, v_status) IS DISTINCT FROM (v_invoice_row.amount_paid, v_invoice_row.status) THEN
            UPDATE billing.invoices i SET amount_paid = v_allocated, status = v_status
             WHERE i.id = v_invoice;
        END IF;
    END LOOP;
    RETURN NULL;
END
$hims$;
COMMENT ON FUNCTION "billing"."tg_allocation_totals"() IS E'AFTER INSERT OR UPDATE OR DELETE on payment_allocations: locks the payment and the invoice, refuses allocating more than the invoice\'s net amount or the payment\'s amount, and sets invoices.amount_paid and status (finalised / partially_paid / paid). The row locks serialise concurrent allocations to one invoice.';
CREATE OR REPLACE FUNCTION "billing"."tg_invoice_immutable"()
    RETURNS trigger
    LANGUAGE plpgsql
    VOLATILE
AS $hims$
DECLARE
    v_old jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
    v_new jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
    -- Maintained by triggers (row meta) on every update.
    v_meta text[] := ARRAY['updated_at', 'updated_by', 'version'];
    v_status text;
BEGIN
    IF TG_TABLE_NAME = 'invoice_lines' THEN
        -- A line belongs to its invoice's state; FOR SHARE waits for a finalisation in flight.
        FOR v_status IN
            SELECT i.status::text FROM billing.invoices i
             WHERE i.id IN ((v_old ->> 'invoice_id')::uuid, (v_new ->> 'invoice_id')::uuid)
             FOR SHARE
        LOOP
            IF v_status <> 'draft' THEN
                RAISE EXCEPTION 'billing.invoice_lines: the invoice is %, its lines cannot change', v_status
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          HINT = 'Correct a finalised invoice with a credit note.';
            END IF;
        END LOOP;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;

    IF TG_TABLE_NAME = 'invoices' AND TG_OP = 'UPDATE'
       AND (v_new -> 'amount_paid') IS DISTINCT FROM (v_old -> 'amount_paid')
       AND pg_catalog.pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'billing.invoices: amount_paid is maintained by payment allocations'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Insert, change or remove rows of billing.payment_allocations.';
    END IF;
    IF v_old ->> 'status' = 'draft' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '%.%: a % document cannot be deleted', TG_TABLE_SCHEMA, TG_TABLE_NAME, v_old ->> 'status'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Cancel it or issue a credit note.';
    END IF;
    IF v_new ->> 'status' = 'draft' THEN
        RAISE EXCEPTION '%.%: a % document cannot return to draft', TG_TABLE_SCHEMA, TG_TABLE_NAME, v_old ->> 'status'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF TG_TABLE_NAME = 'invoices' THEN
        -- is_interstate is generated (NULL in NEW before the row is stored); the state codes
        -- it derives from are compared.
        v_meta := v_meta || ARRAY['status', 'amount_paid', 'cancel_reason', 'irn', 'einvoice_ack', 'is_interstate'];
    ELSE
        v_meta := v_meta || ARRAY['status'];
    END IF;
    IF (v_new - v_meta) IS DISTINCT FROM (v_old - v_meta) THEN
        RAISE EXCEPTION '%.%: a % document cannot be edited (changed: %)', TG_TABLE_SCHEMA, TG_TABLE_NAME, v_old ->> 'status',
              (SELECT string_agg(n.key, ', ' ORDER BY n.key) FROM jsonb_each(v_new - v_meta) n
                WHERE n.value IS DISTINCT FROM v_old -> n.key)
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Corrections of a finalised invoice are credit notes (GST).';
    END IF;
    RETURN NEW;
END
$hims$;
COMMENT ON FUNCTION "billing"."tg_invoice_immutable"() IS 'BEFORE UPDATE OR DELETE on invoices and credit notes, BEFORE INSERT OR UPDATE OR DELETE on invoice lines: once an invoice or credit note leaves draft only its status (never back to draft), cancel reason and e-invoice fields change; amount_paid only through payment allocations; lines of a non-draft invoice never change. Corrections are credit notes, as GST requires.';
CREATE OR REPLACE FUNCTION "clinical"."tg_bed_assignment_sync"()
    RETURNS trigger
    LANGUAGE plpgsql
    VOLATILE
AS $hims$
DECLARE
    v_bed_status clinical.bed_status;
BEGIN
    IF TG_WHEN = 'BEFORE' THEN
        IF NEW.released_at IS NULL AND NEW.deleted_at IS NULL THEN
            SELECT b.status INTO v_bed_status FROM clinical.beds b WHERE b.id = NEW.bed_id FOR NO KEY UPDATE;
            IF v_bed_status IN ('maintenance', 'blocked') THEN
                RAISE EXCEPTION 'clinical.bed_assignments: bed % is %', NEW.bed_id, v_bed_status
                    USING ERRCODE = 'object_not_in_prerequisite_state';
            END IF;
            -- A transfer: the admission's open assignment ends where the new one starts.
            UPDATE clinical.bed_assignments a
               SET released_at = NEW.assigned_at
             WHERE a.admission_id = NEW.admission_id AND a.id <> NEW.id
               AND a.released_at IS NULL AND a.deleted_at IS NULL;
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.deleted_at IS NOT NULL THEN
        IF TG_OP = 'UPDATE' AND OLD.deleted_at IS NULL AND OLD.released_at IS NULL THEN
            UPDATE clinical.beds SET status = 'available' WHERE id = NEW.bed_id AND status = 'occupied';
        END IF;
    ELSIF NEW.released_at IS NULL THEN
        UPDATE clinical.beds SET status = 'occupied' WHERE id = NEW.bed_id AND status <> 'occupied';
    ELSIF TG_OP = 'INSERT' OR OLD.released_at IS NULL THEN
        UPDATE clinical.beds SET status = 'cleaning' WHERE id = NEW.bed_id AND status = 'occupied';
    END IF;
    RETURN NULL;
END
$hims$;
COMMENT ON FUNCTION "clinical"."tg_bed_assignment_sync"() IS E'On bed_assignments. BEFORE INSERT: refuses a bed under maintenance or blocked and closes the admission\'s open assignment at the new one\'s start (a transfer). AFTER INSERT OR UPDATE: the bed of an open assignment is occupied, a released bed goes to cleaning, a bed whose open assignment is withdrawn is available again.';
CREATE OR REPLACE FUNCTION "core"."next_number"("p_kind" core.sequence_kind, "p_facility" uuid, "p_on" date)
    RETURNS text
    LANGUAGE plpgsql
    VOLATILE
AS $hims$
DECLARE
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
END
$hims$;
COMMENT ON FUNCTION "core"."next_number"(core.sequence_kind, uuid, date) IS 'Next number of a per-tenant (and per-facility, per financial year) series, e.g. MUM/25-26/000123. Gap-free: the counter row stays locked until the transaction ends and a rollback undoes the increment, as GST invoice series require.';
CREATE OR REPLACE FUNCTION "core"."tg_audit"()
    RETURNS trigger
    LANGUAGE plpgsql
    VOLATILE SECURITY DEFINER
    SET search_path = "pg_catalog", "core"
AS $hims$
DECLARE
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
END
$hims$;
REVOKE ALL ON FUNCTION "core"."tg_audit"() FROM PUBLIC;
COMMENT ON FUNCTION "core"."tg_audit"() IS 'AFTER INSERT OR UPDATE OR DELETE: appends the change (old and new row as jsonb, changed columns, actor, tenant) to core.audit_log. SECURITY DEFINER because the application role has no access to the log.';
CREATE OR REPLACE FUNCTION "laboratory"."tg_result_flags"()
    RETURNS trigger
    LANGUAGE plpgsql
    VOLATILE
AS $hims$
DECLARE
    v_range laboratory.reference_ranges%ROWTYPE;
    v_birth date;
    v_gender core.gender;
    v_age_days integer;
    v_on date := (NEW.resulted_at AT TIME ZONE 'Asia/Kolkata')::date;
    v_flag laboratory.abnormal_flag;
BEGIN
    IF NEW.reference_range_id IS NOT NULL THEN
        SELECT * INTO v_range FROM laboratory.reference_ranges r
         WHERE r.id = NEW.reference_range_id AND r.test_id = NEW.test_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'laboratory.results: reference range % is not a range of test %', NEW.reference_range_id, NEW.test_id
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    ELSE
        -- Age from the date of birth; an estimated age (year only) counts from 1 July.
        SELECT coalesce(p.date_of_birth, make_date(p.year_of_birth, 7, 1)), p.gender
          INTO v_birth, v_gender
          FROM core.patients p WHERE p.id = NEW.patient_id;
        v_age_days := v_on - v_birth;
        IF v_age_days IS NOT NULL THEN
            SELECT * INTO v_range FROM laboratory.reference_ranges r
             WHERE r.test_id = NEW.test_id AND r.deleted_at IS NULL AND r.condition = ''
               AND r.valid_from <= v_on
               AND v_age_days >= r.age_min_days AND v_age_days < r.age_max_days
               AND (r.sex = 'any' OR r.sex::text = v_gender::text)
               AND (r.instrument_id IS NULL OR r.instrument_id = NEW.instrument_id)
             ORDER BY (r.instrument_id IS NULL), (r.sex = 'any'), r.valid_from DESC, r.id
             LIMIT 1;
        END IF;
    END IF;
    IF v_range.id IS NULL THEN
        RETURN NEW; -- no range applies: flags stay as the analyser or the user gave them
    END IF;
    NEW.reference_range_id := v_range.id;
    NEW.reference_text := left(coalesce(v_range.normal_text,
        CASE WHEN v_range.low IS NOT NULL AND v_range.high IS NOT NULL
                  THEN trim_scale(v_range.low)::text || ' - ' || trim_scale(v_range.high)::text
             WHEN v_range.low IS NOT NULL THEN '>= ' || trim_scale(v_range.low)::text
             WHEN v_range.high IS NOT NULL THEN '<= ' || trim_scale(v_range.high)::text
        END || coalesce(' ' || v_range.unit_ucum, '')), 200);
    IF NEW.value_numeric IS NOT NULL THEN
        v_flag := CASE
            WHEN NEW.value_numeric < v_range.critical_low THEN 'LL'::laboratory.abnormal_flag
            WHEN NEW.value_numeric > v_range.critical_high THEN 'HH'
            WHEN NEW.value_numeric < v_range.low THEN 'L'
            WHEN NEW.value_numeric > v_range.high THEN 'H'
            ELSE 'N' END;
        NEW.abnormal_flag := v_flag;
        NEW.is_critical := v_flag IN ('LL', 'HH');
    END IF;
    RETURN NEW;
END
$hims$;
COMMENT ON FUNCTION "laboratory"."tg_result_flags"() IS E'BEFORE INSERT OR UPDATE on results: picks the reference range (unless one is given) by test, the patient\'s age in days at resulted_at (IST), sex (sex-specific before \'any\'), instrument (specific before generic), no condition, latest valid_from; fills reference_text, abnormal_flag (LL < critical_low, L < low, HH > critical_high, H > high, else N) and is_critical for numeric values.';

-- ==== Row-level security ====

ALTER TABLE "core"."audit_log" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."audit_log" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."audit_log"'::regclass AND polname = 'auditor_own_tenant') THEN
        CREATE POLICY "auditor_own_tenant" ON "core"."audit_log" AS PERMISSIVE FOR SELECT TO "hims_auditor" USING (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."tenants" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."tenants" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."tenants"'::regclass AND polname = 'tenant_self') THEN
        CREATE POLICY "tenant_self" ON "core"."tenants" AS PERMISSIVE FOR SELECT TO PUBLIC USING (id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "abdm"."bridge_registrations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "abdm"."bridge_registrations" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."bridge_registrations"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "abdm"."bridge_registrations" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "abdm"."encryption_keys" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "abdm"."encryption_keys" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."encryption_keys"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "abdm"."encryption_keys" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "abdm"."gateway_messages" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "abdm"."gateway_messages" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."gateway_messages"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "abdm"."gateway_messages" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."gateway_messages"'::regclass AND polname = 'worker_resolve_tenant') THEN
        CREATE POLICY "worker_resolve_tenant" ON "abdm"."gateway_messages" AS PERMISSIVE FOR UPDATE TO "hims_abdm_worker" USING (tenant_id IS NULL OR tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id IS NULL OR tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."gateway_messages"'::regclass AND polname = 'worker_unresolved_insert') THEN
        CREATE POLICY "worker_unresolved_insert" ON "abdm"."gateway_messages" AS PERMISSIVE FOR INSERT TO "hims_abdm_worker" WITH CHECK (tenant_id IS NULL OR tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."gateway_messages"'::regclass AND polname = 'worker_unresolved_read') THEN
        CREATE POLICY "worker_unresolved_read" ON "abdm"."gateway_messages" AS PERMISSIVE FOR SELECT TO "hims_abdm_worker" USING (tenant_id IS NULL OR tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."payers" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."payers" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."payers"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."payers" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."schemes" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."schemes" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."schemes"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."schemes" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."scheme_packages" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."scheme_packages" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."scheme_packages"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."scheme_packages" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."medications" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."medications" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."medications"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."medications" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."facilities" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."facilities" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."facilities"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "core"."facilities" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "abdm"."facility_services" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "abdm"."facility_services" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."facility_services"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "abdm"."facility_services" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."price_lists" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."price_lists" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."price_lists"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."price_lists" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."departments" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."departments" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."departments"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "core"."departments" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."wards" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."wards" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."wards"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."wards" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."number_sequences" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."number_sequences" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."number_sequences"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "core"."number_sequences" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."roles" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."roles" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."roles"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "core"."roles" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."role_permissions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."role_permissions" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."role_permissions"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "core"."role_permissions" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."settings" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."settings" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."settings"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "core"."settings" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."users" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."users" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."users"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "core"."users" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."user_roles" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."user_roles" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."user_roles"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "core"."user_roles" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."value_sets" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."value_sets" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."value_sets"'::regclass AND polname = 'own_delete') THEN
        CREATE POLICY "own_delete" ON "core"."value_sets" AS PERMISSIVE FOR DELETE TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."value_sets"'::regclass AND polname = 'own_insert') THEN
        CREATE POLICY "own_insert" ON "core"."value_sets" AS PERMISSIVE FOR INSERT TO PUBLIC WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."value_sets"'::regclass AND polname = 'own_update') THEN
        CREATE POLICY "own_update" ON "core"."value_sets" AS PERMISSIVE FOR UPDATE TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."value_sets"'::regclass AND polname = 'shared_or_own_read') THEN
        CREATE POLICY "shared_or_own_read" ON "core"."value_sets" AS PERMISSIVE FOR SELECT TO PUBLIC USING (tenant_id IS NULL OR tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."value_set_concepts" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."value_set_concepts" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."value_set_concepts"'::regclass AND polname = 'own_delete') THEN
        CREATE POLICY "own_delete" ON "core"."value_set_concepts" AS PERMISSIVE FOR DELETE TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."value_set_concepts"'::regclass AND polname = 'own_insert') THEN
        CREATE POLICY "own_insert" ON "core"."value_set_concepts" AS PERMISSIVE FOR INSERT TO PUBLIC WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."value_set_concepts"'::regclass AND polname = 'own_update') THEN
        CREATE POLICY "own_update" ON "core"."value_set_concepts" AS PERMISSIVE FOR UPDATE TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."value_set_concepts"'::regclass AND polname = 'shared_or_own_read') THEN
        CREATE POLICY "shared_or_own_read" ON "core"."value_set_concepts" AS PERMISSIVE FOR SELECT TO PUBLIC USING (tenant_id IS NULL OR tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "laboratory"."instruments" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "laboratory"."instruments" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"laboratory"."instruments"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "laboratory"."instruments" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "laboratory"."panels" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "laboratory"."panels" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"laboratory"."panels"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "laboratory"."panels" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "laboratory"."tests" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "laboratory"."tests" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"laboratory"."tests"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "laboratory"."tests" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."service_catalog" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."service_catalog" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."service_catalog"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."service_catalog" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."price_list_items" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."price_list_items" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."price_list_items"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."price_list_items" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."beds" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."beds" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."beds"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."beds" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "laboratory"."instrument_test_mappings" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "laboratory"."instrument_test_mappings" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"laboratory"."instrument_test_mappings"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "laboratory"."instrument_test_mappings" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "laboratory"."panel_members" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "laboratory"."panel_members" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"laboratory"."panel_members"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "laboratory"."panel_members" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "laboratory"."qc_runs" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "laboratory"."qc_runs" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"laboratory"."qc_runs"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "laboratory"."qc_runs" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "laboratory"."reference_ranges" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "laboratory"."reference_ranges" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"laboratory"."reference_ranges"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "laboratory"."reference_ranges" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "abdm"."abha_linkages" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "abdm"."abha_linkages" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."abha_linkages"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "abdm"."abha_linkages" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "abdm"."abha_profiles" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "abdm"."abha_profiles" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."abha_profiles"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "abdm"."abha_profiles" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "abdm"."care_contexts" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "abdm"."care_contexts" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."care_contexts"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "abdm"."care_contexts" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "abdm"."consent_artefacts" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "abdm"."consent_artefacts" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."consent_artefacts"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "abdm"."consent_artefacts" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "abdm"."health_information_requests" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "abdm"."health_information_requests" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."health_information_requests"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "abdm"."health_information_requests" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "abdm"."data_transfers" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "abdm"."data_transfers" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."data_transfers"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "abdm"."data_transfers" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "abdm"."data_transfer_entries" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "abdm"."data_transfer_entries" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."data_transfer_entries"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "abdm"."data_transfer_entries" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "abdm"."consent_requests" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "abdm"."consent_requests" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."consent_requests"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "abdm"."consent_requests" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "abdm"."link_requests" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "abdm"."link_requests" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."link_requests"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "abdm"."link_requests" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "abdm"."scan_share_tokens" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "abdm"."scan_share_tokens" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"abdm"."scan_share_tokens"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "abdm"."scan_share_tokens" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."claim_communications" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."claim_communications" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."claim_communications"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."claim_communications" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."claim_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."claim_events" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."claim_events"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."claim_events" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."claim_items" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."claim_items" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."claim_items"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."claim_items" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."credit_notes" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."credit_notes" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."credit_notes"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."credit_notes" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."deposits" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."deposits" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."deposits"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."deposits" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."insurance_claims" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."insurance_claims" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."insurance_claims"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."insurance_claims" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."insurance_policies" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."insurance_policies" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."insurance_policies"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."insurance_policies" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."invoice_lines" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."invoice_lines" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."invoice_lines"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."invoice_lines" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."invoices" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."invoices" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."invoices"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."invoices" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."payment_allocations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."payment_allocations" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."payment_allocations"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."payment_allocations" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."payments" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."payments" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."payments"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."payments" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."pre_authorizations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."pre_authorizations" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."pre_authorizations"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."pre_authorizations" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "billing"."refunds" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "billing"."refunds" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"billing"."refunds"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "billing"."refunds" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."admissions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."admissions" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."admissions"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."admissions" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."bed_assignments" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."bed_assignments" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."bed_assignments"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."bed_assignments" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."allergies" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."allergies" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."allergies"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."allergies" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."appointments" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."appointments" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."appointments"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."appointments" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."clinical_notes" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."clinical_notes" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."clinical_notes"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."clinical_notes" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."diagnoses" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."diagnoses" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."diagnoses"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."diagnoses" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."discharge_summaries" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."discharge_summaries" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."discharge_summaries"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."discharge_summaries" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."encounters" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."encounters" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."encounters"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."encounters" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."medico_legal_cases" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."medico_legal_cases" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."medico_legal_cases"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."medico_legal_cases" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."immunizations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."immunizations" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."immunizations"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."immunizations" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."medication_administrations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."medication_administrations" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."medication_administrations"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."medication_administrations" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."observations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."observations" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."observations"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."observations" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."practitioner_schedules" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."practitioner_schedules" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."practitioner_schedules"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."practitioner_schedules" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."prescription_items" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."prescription_items" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."prescription_items"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."prescription_items" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."prescriptions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."prescriptions" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."prescriptions"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."prescriptions" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."problems" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."problems" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."problems"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."problems" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."procedures" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."procedures" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."procedures"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."procedures" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "clinical"."referrals" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "clinical"."referrals" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"clinical"."referrals"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "clinical"."referrals" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."addresses" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."addresses" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."addresses"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "core"."addresses" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."documents" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."documents" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."documents"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "core"."documents" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."patients" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."patients" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."patients"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "core"."patients" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."patient_contacts" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."patient_contacts" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."patient_contacts"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "core"."patient_contacts" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."patient_identifiers" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."patient_identifiers" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."patient_identifiers"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "core"."patient_identifiers" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."practitioners" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."practitioners" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."practitioners"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "core"."practitioners" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "core"."practitioner_registrations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."practitioner_registrations" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."practitioner_registrations"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "core"."practitioner_registrations" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "laboratory"."accreditations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "laboratory"."accreditations" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"laboratory"."accreditations"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "laboratory"."accreditations" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "laboratory"."accreditation_scopes" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "laboratory"."accreditation_scopes" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"laboratory"."accreditation_scopes"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "laboratory"."accreditation_scopes" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "laboratory"."lab_orders" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "laboratory"."lab_orders" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"laboratory"."lab_orders"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "laboratory"."lab_orders" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "laboratory"."reports" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "laboratory"."reports" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"laboratory"."reports"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "laboratory"."reports" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "laboratory"."specimens" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "laboratory"."specimens" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"laboratory"."specimens"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "laboratory"."specimens" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "laboratory"."lab_order_items" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "laboratory"."lab_order_items" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"laboratory"."lab_order_items"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "laboratory"."lab_order_items" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "laboratory"."results" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "laboratory"."results" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"laboratory"."results"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "laboratory"."results" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "laboratory"."critical_value_notifications" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "laboratory"."critical_value_notifications" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"laboratory"."critical_value_notifications"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "laboratory"."critical_value_notifications" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;
ALTER TABLE "laboratory"."result_verifications" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "laboratory"."result_verifications" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"laboratory"."result_verifications"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "laboratory"."result_verifications" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
    END IF;
END
$hims$;

-- ==== Triggers ====

CREATE OR REPLACE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "core"."audit_log" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit_log_append_only"();
CREATE OR REPLACE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "core"."audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "core"."tg_audit_log_append_only"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."code_systems" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."code_systems" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."concepts" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."concepts" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."permissions" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."permissions" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."states" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."states" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."tenants" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."tenants" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "abdm"."bridge_registrations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "abdm"."bridge_registrations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "abdm"."bridge_registrations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "abdm"."encryption_keys" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "abdm"."encryption_keys" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "abdm"."encryption_keys" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "abdm"."gateway_messages" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "abdm"."gateway_messages" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "abdm"."gateway_messages" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."payers" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."payers" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."payers" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."payers" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."schemes" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."schemes" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."schemes" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."schemes" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."scheme_packages" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."scheme_packages" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."scheme_packages" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."scheme_packages" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."medications" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."medications" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."medications" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."medications" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."facilities" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."facilities" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "abdm"."facility_services" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "abdm"."facility_services" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "abdm"."facility_services" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."price_lists" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."price_lists" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."price_lists" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."price_lists" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."departments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."departments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."wards" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."wards" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."wards" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."wards" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."number_sequences" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."number_sequences" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."roles" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."roles" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "core"."role_permissions" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."role_permissions" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."role_permissions" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."settings" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."settings" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "core"."users" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."users" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."users" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "core"."user_roles" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."user_roles" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."user_roles" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."value_sets" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."value_sets" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."value_set_concepts" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."value_set_concepts" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "laboratory"."instruments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "laboratory"."instruments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "laboratory"."instruments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "laboratory"."instruments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "laboratory"."panels" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "laboratory"."panels" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "laboratory"."panels" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "laboratory"."panels" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "laboratory"."tests" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "laboratory"."tests" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "laboratory"."tests" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "laboratory"."tests" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."service_catalog" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."service_catalog" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."service_catalog" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."service_catalog" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."price_list_items" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."price_list_items" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."price_list_items" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."price_list_items" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."beds" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."beds" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."beds" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."beds" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "laboratory"."instrument_test_mappings" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "laboratory"."instrument_test_mappings" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "laboratory"."instrument_test_mappings" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "laboratory"."instrument_test_mappings" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "laboratory"."panel_members" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "laboratory"."panel_members" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "laboratory"."panel_members" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "laboratory"."panel_members" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "laboratory"."qc_runs" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "laboratory"."qc_runs" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "laboratory"."qc_runs" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "laboratory"."qc_runs" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "laboratory"."reference_ranges" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "laboratory"."reference_ranges" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "laboratory"."reference_ranges" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "laboratory"."reference_ranges" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "abdm"."abha_linkages" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "abdm"."abha_linkages" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "abdm"."abha_linkages" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "abdm"."abha_profiles" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "abdm"."abha_profiles" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "abdm"."abha_profiles" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "abdm"."care_contexts" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "abdm"."care_contexts" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "abdm"."care_contexts" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "abdm"."consent_artefacts" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "abdm"."consent_artefacts" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "abdm"."consent_artefacts" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "abdm"."consent_artefacts" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "abdm"."health_information_requests" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "abdm"."health_information_requests" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "hi_request_within_consent" BEFORE INSERT OR UPDATE ON "abdm"."health_information_requests" FOR EACH ROW EXECUTE FUNCTION "abdm"."tg_hi_request_within_consent"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "abdm"."health_information_requests" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "abdm"."data_transfers" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "abdm"."data_transfers" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "abdm"."data_transfers" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "abdm"."data_transfer_entries" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "abdm"."data_transfer_entries" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "abdm"."data_transfer_entries" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "abdm"."consent_requests" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "abdm"."consent_requests" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "abdm"."consent_requests" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "abdm"."consent_requests" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "abdm"."link_requests" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "abdm"."link_requests" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "abdm"."link_requests" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "abdm"."scan_share_tokens" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "abdm"."scan_share_tokens" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "abdm"."scan_share_tokens" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."claim_communications" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."claim_communications" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."claim_communications" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."claim_communications" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."claim_events" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."claim_events" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."claim_events" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."claim_events" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."claim_items" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."claim_items" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."claim_items" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."claim_items" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."credit_notes" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."credit_notes" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."credit_notes" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "invoice_immutable" BEFORE UPDATE OR DELETE ON "billing"."credit_notes" FOR EACH ROW EXECUTE FUNCTION "billing"."tg_invoice_immutable"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."credit_notes" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."deposits" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."deposits" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."deposits" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."deposits" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."insurance_claims" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."insurance_claims" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."insurance_claims" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."insurance_claims" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."insurance_policies" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."insurance_policies" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."insurance_policies" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."insurance_policies" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."invoice_lines" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."invoice_lines" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."invoice_lines" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "invoice_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "billing"."invoice_lines" FOR EACH ROW EXECUTE FUNCTION "billing"."tg_invoice_immutable"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."invoice_lines" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."invoices" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."invoices" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."invoices" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "invoice_immutable" BEFORE UPDATE OR DELETE ON "billing"."invoices" FOR EACH ROW EXECUTE FUNCTION "billing"."tg_invoice_immutable"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."invoices" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "allocation_totals" AFTER INSERT OR UPDATE OR DELETE ON "billing"."payment_allocations" FOR EACH ROW EXECUTE FUNCTION "billing"."tg_allocation_totals"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."payment_allocations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."payment_allocations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."payment_allocations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."payment_allocations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."payments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."payments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."payments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."payments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."pre_authorizations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."pre_authorizations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."pre_authorizations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."pre_authorizations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "billing"."refunds" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "billing"."refunds" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "billing"."refunds" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "billing"."refunds" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."admissions" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."admissions" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."admissions" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."admissions" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."bed_assignments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "bed_assignment_close_previous" BEFORE INSERT ON "clinical"."bed_assignments" FOR EACH ROW EXECUTE FUNCTION "clinical"."tg_bed_assignment_sync"();
CREATE OR REPLACE TRIGGER "bed_assignment_sync" AFTER INSERT OR UPDATE ON "clinical"."bed_assignments" FOR EACH ROW EXECUTE FUNCTION "clinical"."tg_bed_assignment_sync"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."bed_assignments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."bed_assignments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."bed_assignments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."allergies" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."allergies" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."allergies" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."allergies" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."appointments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."appointments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."appointments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."appointments" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."clinical_notes" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."clinical_notes" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."clinical_notes" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."clinical_notes" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."diagnoses" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."diagnoses" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."diagnoses" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."diagnoses" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."discharge_summaries" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."discharge_summaries" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."discharge_summaries" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."discharge_summaries" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."encounters" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."encounters" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."encounters" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."encounters" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."medico_legal_cases" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."medico_legal_cases" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."medico_legal_cases" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."medico_legal_cases" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."immunizations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."immunizations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."immunizations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."immunizations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."medication_administrations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."medication_administrations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."medication_administrations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."medication_administrations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."observations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."observations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."observations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."observations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."practitioner_schedules" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."practitioner_schedules" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."practitioner_schedules" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."practitioner_schedules" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."prescription_items" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."prescription_items" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."prescription_items" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."prescription_items" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."prescriptions" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."prescriptions" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."prescriptions" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."prescriptions" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."problems" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."problems" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."problems" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."problems" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."procedures" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."procedures" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."procedures" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."procedures" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "clinical"."referrals" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "clinical"."referrals" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "clinical"."referrals" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "clinical"."referrals" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "core"."addresses" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."addresses" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."addresses" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "core"."documents" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."documents" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."documents" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "core"."patients" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."patients" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."patients" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "core"."patient_contacts" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."patient_contacts" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."patient_contacts" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "core"."patient_identifiers" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."patient_identifiers" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."patient_identifiers" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."practitioners" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."practitioners" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "core"."practitioner_registrations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "core"."practitioner_registrations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "laboratory"."accreditations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "laboratory"."accreditations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "laboratory"."accreditations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "laboratory"."accreditations" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "laboratory"."accreditation_scopes" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "laboratory"."accreditation_scopes" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "laboratory"."accreditation_scopes" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "laboratory"."accreditation_scopes" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "laboratory"."lab_orders" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "laboratory"."lab_orders" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "laboratory"."lab_orders" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "laboratory"."lab_orders" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "laboratory"."reports" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "laboratory"."reports" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "laboratory"."reports" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "laboratory"."reports" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "laboratory"."specimens" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "laboratory"."specimens" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "laboratory"."specimens" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "laboratory"."specimens" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "laboratory"."lab_order_items" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "laboratory"."lab_order_items" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "laboratory"."lab_order_items" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "laboratory"."lab_order_items" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "laboratory"."results" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "laboratory"."results" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "laboratory"."results" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "result_flags" BEFORE INSERT OR UPDATE ON "laboratory"."results" FOR EACH ROW EXECUTE FUNCTION "laboratory"."tg_result_flags"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "laboratory"."results" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "laboratory"."critical_value_notifications" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "laboratory"."critical_value_notifications" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "laboratory"."critical_value_notifications" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "laboratory"."critical_value_notifications" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();
CREATE OR REPLACE TRIGGER "audit_row_change" AFTER INSERT OR UPDATE OR DELETE ON "laboratory"."result_verifications" FOR EACH ROW EXECUTE FUNCTION "core"."tg_audit"();
CREATE OR REPLACE TRIGGER "forbid_hard_delete" BEFORE DELETE ON "laboratory"."result_verifications" FOR EACH ROW EXECUTE FUNCTION "core"."tg_forbid_hard_delete"();
CREATE OR REPLACE TRIGGER "guard_soft_deleted" BEFORE UPDATE ON "laboratory"."result_verifications" FOR EACH ROW EXECUTE FUNCTION "core"."tg_guard_soft_deleted"();
CREATE OR REPLACE TRIGGER "set_row_meta" BEFORE INSERT OR UPDATE ON "laboratory"."result_verifications" FOR EACH ROW EXECUTE FUNCTION "core"."tg_set_row_meta"();

-- ==== Views ====

CREATE OR REPLACE VIEW "abdm"."v_consent_status" WITH (security_invoker = true) AS
SELECT ca.tenant_id, ca.id AS consent_artefact_id, ca.artefact_id, ca.consent_request_id,
       ca.patient_id, ca.role, ca.purpose_code, ca.hi_types, ca.date_from, ca.date_to,
       ca.data_erase_at, ca.status AS notified_status,
       CASE WHEN ca.status = 'GRANTED' AND ca.data_erase_at <= now()
            THEN 'EXPIRED'::abdm.consent_status ELSE ca.status END AS effective_status,
       cr.status AS request_status
  FROM abdm.consent_artefacts ca
  LEFT JOIN abdm.consent_requests cr ON cr.tenant_id = ca.tenant_id AND cr.id = ca.consent_request_id
 WHERE ca.deleted_at IS NULL;
COMMENT ON VIEW "abdm"."v_consent_status" IS 'Effective status per consent artefact: EXPIRED once data_erase_at has passed, even before the consent manager says so.';
CREATE OR REPLACE VIEW "billing"."v_outstanding_invoices" WITH (security_invoker = true) AS
SELECT i.tenant_id, i.id AS invoice_id, i.invoice_number, i.fiscal_year, i.invoice_date,
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
   AND i.net_amount - coalesce(al.allocated, 0) - coalesce(cn.credited, 0) > 0;
COMMENT ON VIEW "billing"."v_outstanding_invoices" IS 'Balance due per finalised invoice (net − allocations − issued credit notes) with ageing buckets 0–30, 31–60, 61–90, 90+ days.';
CREATE OR REPLACE VIEW "clinical"."v_active_admissions" WITH (security_invoker = true) AS
SELECT a.tenant_id, a.id AS admission_id, a.ip_number, a.patient_id, p.mrn,
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
 WHERE a.status IN ('admitted', 'discharge_initiated') AND a.deleted_at IS NULL;
COMMENT ON VIEW "clinical"."v_active_admissions" IS 'Current inpatients with ward and bed, attending doctor, length of stay (days, IST) and payer category.';
CREATE OR REPLACE VIEW "clinical"."v_bed_occupancy" WITH (security_invoker = true) AS
SELECT w.tenant_id, w.facility_id, w.id AS ward_id, w.code AS ward_code, w.name AS ward_name,
       w.ward_type,
       count(b.id) AS total_beds,
       count(b.id) FILTER (WHERE b.status = 'occupied') AS occupied_beds,
       count(b.id) FILTER (WHERE b.status = 'available') AS available_beds,
       count(b.id) FILTER (WHERE b.status IN ('blocked', 'maintenance')) AS blocked_beds
  FROM clinical.wards w
  LEFT JOIN clinical.beds b ON b.tenant_id = w.tenant_id AND b.ward_id = w.id AND b.deleted_at IS NULL
 WHERE w.deleted_at IS NULL
 GROUP BY w.tenant_id, w.facility_id, w.id, w.code, w.name, w.ward_type;
COMMENT ON VIEW "clinical"."v_bed_occupancy" IS 'Per ward: total, occupied, available and blocked beds (the bed board summary).';
CREATE OR REPLACE VIEW "core"."v_user_permissions" WITH (security_invoker = true) AS
SELECT ur.tenant_id, ur.user_id, p.code AS permission_code, p.is_sensitive,
       ur.facility_id, ur.department_id, ur.valid_from, ur.valid_to
  FROM core.user_roles ur
  JOIN core.role_permissions rp ON rp.tenant_id = ur.tenant_id AND rp.role_id = ur.role_id
       AND rp.deleted_at IS NULL
  JOIN core.permissions p ON p.id = rp.permission_id AND p.deleted_at IS NULL
 WHERE ur.deleted_at IS NULL AND ur.valid_from <= now()
   AND (ur.valid_to IS NULL OR ur.valid_to > now());
COMMENT ON VIEW "core"."v_user_permissions" IS 'Flattened (user, permission, facility, department) currently in force, for authorisation checks.';
CREATE OR REPLACE VIEW "laboratory"."v_pending_results" WITH (security_invoker = true) AS
SELECT li.tenant_id, li.id AS lab_order_item_id, o.id AS lab_order_id, o.order_number,
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
   AND li.deleted_at IS NULL AND o.deleted_at IS NULL;
COMMENT ON VIEW "laboratory"."v_pending_results" IS E'Ordered tests not yet reported, with the due time (item due_at, else order time + the test\'s TAT, STAT TAT for stat orders) and a TAT breach flag.';
CREATE OR REPLACE VIEW "laboratory"."v_unnotified_criticals" WITH (security_invoker = true) AS
SELECT r.tenant_id, r.id AS result_id, r.patient_id, r.test_id, r.value_numeric, r.value_text,
       r.unit_ucum, r.abnormal_flag, r.resulted_at,
       floor(extract(epoch FROM now() - r.resulted_at) / 60)::int AS minutes_since_result
  FROM laboratory.results r
 WHERE r.is_critical AND r.deleted_at IS NULL
   AND r.status NOT IN ('cancelled', 'entered_in_error')
   AND NOT EXISTS (SELECT 1 FROM laboratory.critical_value_notifications n
                    WHERE n.tenant_id = r.tenant_id AND n.result_id = r.id AND n.deleted_at IS NULL);
COMMENT ON VIEW "laboratory"."v_unnotified_criticals" IS 'Critical results nobody has been informed of yet (NABL: critical values must be phoned and read back).';

-- ==== Privileges ====

GRANT USAGE ON SCHEMA "abdm" TO "hims_abdm_worker";
GRANT USAGE ON SCHEMA "abdm" TO "hims_app";
GRANT USAGE ON SCHEMA "abdm" TO "hims_auditor";
GRANT USAGE ON SCHEMA "abdm" TO "hims_readonly";
GRANT USAGE ON SCHEMA "billing" TO "hims_app";
GRANT USAGE ON SCHEMA "billing" TO "hims_auditor";
GRANT USAGE ON SCHEMA "billing" TO "hims_readonly";
GRANT USAGE ON SCHEMA "clinical" TO "hims_app";
GRANT USAGE ON SCHEMA "clinical" TO "hims_auditor";
GRANT USAGE ON SCHEMA "clinical" TO "hims_readonly";
GRANT USAGE ON SCHEMA "core" TO "hims_abdm_worker";
GRANT USAGE ON SCHEMA "core" TO "hims_app";
GRANT USAGE ON SCHEMA "core" TO "hims_auditor";
GRANT USAGE ON SCHEMA "core" TO "hims_readonly";
GRANT USAGE ON SCHEMA "laboratory" TO "hims_app";
GRANT USAGE ON SCHEMA "laboratory" TO "hims_auditor";
GRANT USAGE ON SCHEMA "laboratory" TO "hims_readonly";
GRANT SELECT ON TABLE "abdm"."abha_linkages" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."abha_linkages" TO "hims_abdm_worker";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."abha_linkages" TO "hims_app";
GRANT SELECT ON TABLE "abdm"."abha_profiles" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."abha_profiles" TO "hims_abdm_worker";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."abha_profiles" TO "hims_app";
GRANT SELECT ON TABLE "abdm"."bridge_registrations" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."bridge_registrations" TO "hims_abdm_worker";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."bridge_registrations" TO "hims_app";
GRANT SELECT ON TABLE "abdm"."care_contexts" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."care_contexts" TO "hims_abdm_worker";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."care_contexts" TO "hims_app";
GRANT SELECT ON TABLE "abdm"."consent_artefacts" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."consent_artefacts" TO "hims_abdm_worker";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."consent_artefacts" TO "hims_app";
GRANT SELECT ON TABLE "abdm"."consent_requests" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."consent_requests" TO "hims_abdm_worker";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."consent_requests" TO "hims_app";
GRANT SELECT ON TABLE "abdm"."data_transfer_entries" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."data_transfer_entries" TO "hims_abdm_worker";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."data_transfer_entries" TO "hims_app";
GRANT SELECT ON TABLE "abdm"."data_transfers" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."data_transfers" TO "hims_abdm_worker";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."data_transfers" TO "hims_app";
GRANT SELECT ON TABLE "abdm"."encryption_keys" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."encryption_keys" TO "hims_abdm_worker";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."encryption_keys" TO "hims_app";
GRANT SELECT ON TABLE "abdm"."facility_services" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."facility_services" TO "hims_abdm_worker";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."facility_services" TO "hims_app";
GRANT SELECT ON TABLE "abdm"."gateway_messages" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."gateway_messages" TO "hims_abdm_worker";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."gateway_messages" TO "hims_app";
GRANT SELECT ON TABLE "abdm"."health_information_requests" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."health_information_requests" TO "hims_abdm_worker";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."health_information_requests" TO "hims_app";
GRANT SELECT ON TABLE "abdm"."link_requests" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."link_requests" TO "hims_abdm_worker";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."link_requests" TO "hims_app";
GRANT SELECT ON TABLE "abdm"."scan_share_tokens" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."scan_share_tokens" TO "hims_abdm_worker";
GRANT SELECT, INSERT, UPDATE ON TABLE "abdm"."scan_share_tokens" TO "hims_app";
GRANT SELECT ON TABLE "billing"."claim_communications" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."claim_communications" TO "hims_app";
GRANT SELECT ON TABLE "billing"."claim_events" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."claim_events" TO "hims_app";
GRANT SELECT ON TABLE "billing"."claim_items" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."claim_items" TO "hims_app";
GRANT SELECT ON TABLE "billing"."credit_notes" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."credit_notes" TO "hims_app";
GRANT SELECT ON TABLE "billing"."deposits" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."deposits" TO "hims_app";
GRANT SELECT ON TABLE "billing"."insurance_claims" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."insurance_claims" TO "hims_app";
GRANT SELECT ON TABLE "billing"."insurance_policies" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."insurance_policies" TO "hims_app";
GRANT SELECT ON TABLE "billing"."invoice_lines" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."invoice_lines" TO "hims_app";
GRANT SELECT ON TABLE "billing"."invoices" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."invoices" TO "hims_app";
GRANT SELECT ON TABLE "billing"."payers" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."payers" TO "hims_app";
GRANT SELECT ON TABLE "billing"."payment_allocations" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."payment_allocations" TO "hims_app";
GRANT SELECT ON TABLE "billing"."payments" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."payments" TO "hims_app";
GRANT SELECT ON TABLE "billing"."pre_authorizations" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."pre_authorizations" TO "hims_app";
GRANT SELECT ON TABLE "billing"."price_list_items" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."price_list_items" TO "hims_app";
GRANT SELECT ON TABLE "billing"."price_lists" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."price_lists" TO "hims_app";
GRANT SELECT ON TABLE "billing"."refunds" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."refunds" TO "hims_app";
GRANT SELECT ON TABLE "billing"."scheme_packages" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."scheme_packages" TO "hims_app";
GRANT SELECT ON TABLE "billing"."schemes" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."schemes" TO "hims_app";
GRANT SELECT ON TABLE "billing"."service_catalog" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "billing"."service_catalog" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."admissions" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."admissions" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."allergies" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."allergies" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."appointments" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."appointments" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."bed_assignments" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."bed_assignments" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."beds" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."beds" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."clinical_notes" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."clinical_notes" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."diagnoses" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."diagnoses" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."discharge_summaries" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."discharge_summaries" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."encounters" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."encounters" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."immunizations" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."immunizations" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."medication_administrations" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."medication_administrations" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."medications" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."medications" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."medico_legal_cases" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."medico_legal_cases" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."observations" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."observations" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."practitioner_schedules" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."practitioner_schedules" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."prescription_items" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."prescription_items" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."prescriptions" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."prescriptions" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."problems" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."problems" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."procedures" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."procedures" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."referrals" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."referrals" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."wards" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "clinical"."wards" TO "hims_app";
GRANT SELECT ON TABLE "core"."addresses" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."addresses" TO "hims_app";
GRANT SELECT ON TABLE "core"."audit_log" TO "hims_auditor";
GRANT SELECT ON TABLE "core"."code_systems" TO "hims_app";
GRANT SELECT ON TABLE "core"."code_systems" TO "hims_readonly";
GRANT SELECT ON TABLE "core"."concepts" TO "hims_app";
GRANT SELECT ON TABLE "core"."concepts" TO "hims_readonly";
GRANT SELECT ON TABLE "core"."departments" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."departments" TO "hims_app";
GRANT SELECT ON TABLE "core"."documents" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."documents" TO "hims_app";
GRANT SELECT ON TABLE "core"."facilities" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."facilities" TO "hims_app";
GRANT SELECT ON TABLE "core"."number_sequences" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."number_sequences" TO "hims_app";
GRANT SELECT ON TABLE "core"."patient_contacts" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."patient_contacts" TO "hims_app";
GRANT SELECT ON TABLE "core"."patient_identifiers" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."patient_identifiers" TO "hims_app";
GRANT SELECT ON TABLE "core"."patients" TO "hims_abdm_worker";
GRANT SELECT ON TABLE "core"."patients" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."patients" TO "hims_app";
GRANT SELECT ON TABLE "core"."permissions" TO "hims_app";
GRANT SELECT ON TABLE "core"."permissions" TO "hims_readonly";
GRANT SELECT ON TABLE "core"."practitioner_registrations" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."practitioner_registrations" TO "hims_app";
GRANT SELECT ON TABLE "core"."practitioners" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."practitioners" TO "hims_app";
GRANT SELECT ON TABLE "core"."role_permissions" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."role_permissions" TO "hims_app";
GRANT SELECT ON TABLE "core"."roles" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."roles" TO "hims_app";
GRANT SELECT ON TABLE "core"."settings" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."settings" TO "hims_app";
GRANT SELECT ON TABLE "core"."states" TO "hims_app";
GRANT SELECT ON TABLE "core"."states" TO "hims_readonly";
GRANT SELECT ON TABLE "core"."tenants" TO "hims_app";
GRANT SELECT ON TABLE "core"."tenants" TO "hims_readonly";
GRANT SELECT ON TABLE "core"."user_roles" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."user_roles" TO "hims_app";
GRANT SELECT ON TABLE "core"."users" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."users" TO "hims_app";
GRANT SELECT ON TABLE "core"."value_set_concepts" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."value_set_concepts" TO "hims_app";
GRANT SELECT ON TABLE "core"."value_sets" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "core"."value_sets" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."accreditation_scopes" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "laboratory"."accreditation_scopes" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."accreditations" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "laboratory"."accreditations" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."critical_value_notifications" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "laboratory"."critical_value_notifications" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."instrument_test_mappings" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "laboratory"."instrument_test_mappings" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."instruments" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "laboratory"."instruments" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."lab_order_items" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "laboratory"."lab_order_items" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."lab_orders" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "laboratory"."lab_orders" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."panel_members" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "laboratory"."panel_members" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."panels" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "laboratory"."panels" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."qc_runs" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "laboratory"."qc_runs" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."reference_ranges" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "laboratory"."reference_ranges" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."reports" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "laboratory"."reports" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."result_verifications" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "laboratory"."result_verifications" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."results" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "laboratory"."results" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."specimens" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "laboratory"."specimens" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."tests" TO "hims_readonly";
GRANT SELECT, INSERT, UPDATE ON TABLE "laboratory"."tests" TO "hims_app";
GRANT SELECT ON TABLE "abdm"."v_consent_status" TO "hims_app";
GRANT SELECT ON TABLE "abdm"."v_consent_status" TO "hims_readonly";
GRANT SELECT ON TABLE "billing"."v_outstanding_invoices" TO "hims_app";
GRANT SELECT ON TABLE "billing"."v_outstanding_invoices" TO "hims_readonly";
GRANT SELECT ON TABLE "clinical"."v_active_admissions" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."v_active_admissions" TO "hims_readonly";
GRANT SELECT ON TABLE "clinical"."v_bed_occupancy" TO "hims_app";
GRANT SELECT ON TABLE "clinical"."v_bed_occupancy" TO "hims_readonly";
GRANT SELECT ON TABLE "core"."v_user_permissions" TO "hims_app";
GRANT SELECT ON TABLE "core"."v_user_permissions" TO "hims_readonly";
GRANT SELECT ON TABLE "laboratory"."v_pending_results" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."v_pending_results" TO "hims_readonly";
GRANT SELECT ON TABLE "laboratory"."v_unnotified_criticals" TO "hims_app";
GRANT SELECT ON TABLE "laboratory"."v_unnotified_criticals" TO "hims_readonly";
