-- V001__complete_hims_schema.sql
-- GENERATED FILE: do not edit. Source: the Rust definitions in schema-defs/.
-- Regenerate with `cargo xtask baseline`; `cargo xtask check` fails when this file is stale.
--
-- Idempotent: every statement checks for its object first, so running the script
-- again changes nothing. No BEGIN/COMMIT: Flyway runs each migration in a transaction.
-- Contents: 5 schemas, 16 enum types, 20 tables, 42 indexes,
-- 2 functions, 0 views.

-- ==== Extensions ====

CREATE EXTENSION IF NOT EXISTS "btree_gist";
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- ==== Schemas ====

CREATE SCHEMA IF NOT EXISTS "abdm";
CREATE SCHEMA IF NOT EXISTS "billing";
CREATE SCHEMA IF NOT EXISTS "clinical";
CREATE SCHEMA IF NOT EXISTS "core";
COMMENT ON SCHEMA "core" IS 'Identity, tenancy, people, terminology, configuration and audit';
CREATE SCHEMA IF NOT EXISTS "laboratory";

-- ==== Enum types ====

DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'core' AND t.typname = 'address_use') THEN
        CREATE TYPE "core"."address_use" AS ENUM ('permanent', 'current', 'work', 'billing', 'temporary');
    END IF;
END
$hims$;
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

-- ==== Functions used by tables and policies ====

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

-- ==== Tables, in foreign-key order ====

-- core.code_systems
CREATE TABLE IF NOT EXISTS "core"."code_systems" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "code" character varying(30) NOT NULL, "uri" character varying(200) NOT NULL, "name" character varying(120) NOT NULL, "version" character varying(40) NOT NULL, "publisher" character varying(120), "effective_date" date, "is_current" bool NOT NULL DEFAULT (true), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, CONSTRAINT "code_systems_pkey" PRIMARY KEY ("id") );
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = '"core"."code_systems"'::regclass AND conname = 'code_systems_uri_version_key') THEN
        ALTER TABLE "core"."code_systems" ADD CONSTRAINT "code_systems_uri_version_key" UNIQUE ("uri", "version");
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
COMMENT ON COLUMN "core"."code_systems"."created_at" IS 'When the row was created; never changes.';
COMMENT ON COLUMN "core"."code_systems"."created_by" IS 'User (app.user_id) who created the row; NULL for system jobs.';
COMMENT ON COLUMN "core"."code_systems"."updated_at" IS 'When the row last changed; set by trigger.';
COMMENT ON COLUMN "core"."code_systems"."updated_by" IS 'User (app.user_id) who last changed the row; set by trigger.';
COMMENT ON COLUMN "core"."code_systems"."deleted_at" IS 'Soft delete: when the row was retired; NULL = live row.';
COMMENT ON COLUMN "core"."code_systems"."deleted_by" IS 'Soft delete: who retired the row.';

-- core.concepts
CREATE TABLE IF NOT EXISTS "core"."concepts" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "code_system_id" uuid NOT NULL, "code" character varying(40) NOT NULL, "display" character varying(500) NOT NULL, "is_active" bool NOT NULL DEFAULT (true), "parent_code" character varying(40), "properties" jsonb NOT NULL DEFAULT ('{}'::jsonb), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "concepts_pkey" PRIMARY KEY ("id") );
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
CREATE TABLE IF NOT EXISTS "core"."permissions" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "code" character varying(100) NOT NULL, "module" character varying(30) NOT NULL, "description" text NOT NULL, "is_sensitive" bool NOT NULL DEFAULT (false), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "permissions_pkey" PRIMARY KEY ("id") );
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
CREATE TABLE IF NOT EXISTS "core"."states" ( "gst_code" character(2) NOT NULL, "iso_code" character varying(6) NOT NULL, "lgd_code" integer, "name" character varying(60) NOT NULL, "is_union_territory" bool NOT NULL, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "states_pkey" PRIMARY KEY ("gst_code") );
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
CREATE TABLE IF NOT EXISTS "core"."tenants" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "code" character varying(32) NOT NULL, "legal_name" character varying(200) NOT NULL, "display_name" character varying(120) NOT NULL, "pan" character(10), "status" "core"."tenant_status" NOT NULL DEFAULT ('active'), "onboarded_at" timestamp with time zone, "data_residency" character varying(20) DEFAULT ('IN'), "metadata" jsonb NOT NULL DEFAULT ('{}'::jsonb), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "tenants_pkey" PRIMARY KEY ("id") );
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

-- core.facilities
CREATE TABLE IF NOT EXISTS "core"."facilities" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "code" character varying(20) NOT NULL, "name" character varying(200) NOT NULL, "facility_type" "core"."facility_type" NOT NULL, "ownership" character varying(20), "hfr_id" character varying(20), "gstin" character(15), "state_code" character(2) NOT NULL, "clinical_establishment_reg_no" character varying(50), "nabh_accreditation_no" character varying(30), "nabh_valid_until" date, "rohini_id" character varying(20), "bed_capacity" integer, "timezone" character varying(40) NOT NULL DEFAULT ('Asia/Kolkata'), "is_active" bool NOT NULL DEFAULT (true), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "facilities_pkey" PRIMARY KEY ("id") );
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

-- core.departments
CREATE TABLE IF NOT EXISTS "core"."departments" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "facility_id" uuid NOT NULL, "code" character varying(20) NOT NULL, "name" character varying(120) NOT NULL, "department_type" "core"."department_type" NOT NULL, "specialty_code" character varying(18), "parent_department_id" uuid, "cost_centre_code" character varying(20), "is_active" bool NOT NULL DEFAULT (true), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "departments_pkey" PRIMARY KEY ("id") );
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

-- core.number_sequences
CREATE TABLE IF NOT EXISTS "core"."number_sequences" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "facility_id" uuid, "sequence_kind" "core"."sequence_kind" NOT NULL, "fiscal_year" character varying(7), "prefix" character varying(12) NOT NULL DEFAULT (''), "next_value" bigint NOT NULL DEFAULT (1), "pad_width" smallint NOT NULL DEFAULT (6), "reset_policy" "core"."sequence_reset" NOT NULL DEFAULT ('never'), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "number_sequences_pkey" PRIMARY KEY ("id") );
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
CREATE TABLE IF NOT EXISTS "core"."roles" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "code" character varying(50) NOT NULL, "name" character varying(100) NOT NULL, "description" text, "is_system" bool NOT NULL DEFAULT (false), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "roles_pkey" PRIMARY KEY ("id") );
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
CREATE TABLE IF NOT EXISTS "core"."role_permissions" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "role_id" uuid NOT NULL, "permission_id" uuid NOT NULL, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "role_permissions_pkey" PRIMARY KEY ("id") );
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
CREATE TABLE IF NOT EXISTS "core"."settings" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "facility_id" uuid, "key" character varying(100) NOT NULL, "value" jsonb NOT NULL, "description" text, "is_secret" bool NOT NULL DEFAULT (false), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "settings_pkey" PRIMARY KEY ("id") );
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
CREATE TABLE IF NOT EXISTS "core"."users" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "username" character varying(64) NOT NULL, "email" character varying(254), "mobile" character varying(10), "display_name" character varying(150) NOT NULL, "idp_issuer" character varying(200), "idp_subject" character varying(255), "status" "core"."user_status" NOT NULL DEFAULT ('invited'), "mfa_enabled" bool NOT NULL DEFAULT (false), "last_login_at" timestamp with time zone, "locked_until" timestamp with time zone, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "users_pkey" PRIMARY KEY ("id") );
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
CREATE TABLE IF NOT EXISTS "core"."user_roles" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role_id" uuid NOT NULL, "facility_id" uuid, "department_id" uuid, "valid_from" timestamp with time zone NOT NULL DEFAULT (now()), "valid_to" timestamp with time zone, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "user_roles_pkey" PRIMARY KEY ("id") );
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

-- core.addresses
CREATE TABLE IF NOT EXISTS "core"."addresses" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid, "facility_id" uuid, "address_use" "core"."address_use" NOT NULL, "line1" character varying(200) NOT NULL, "line2" character varying(200), "locality" character varying(100), "city" character varying(100), "sub_district" character varying(100), "district" character varying(100) NOT NULL, "lgd_district_code" integer, "state_code" character(2) NOT NULL, "pin_code" character(6) NOT NULL, "country_code" character(2) NOT NULL DEFAULT ('IN'), "is_primary" bool NOT NULL DEFAULT (false), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "addresses_pkey" PRIMARY KEY ("id") );
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
CREATE TABLE IF NOT EXISTS "core"."documents" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid, "document_type" "core"."document_type" NOT NULL, "storage_key" character varying(500) NOT NULL, "content_type" character varying(100) NOT NULL, "size_bytes" bigint NOT NULL, "sha256" character(64) NOT NULL, "is_encrypted" bool NOT NULL DEFAULT (true), "retention_until" date, "source" character varying(30), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "documents_pkey" PRIMARY KEY ("id") );
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
CREATE TABLE IF NOT EXISTS "core"."patients" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "mrn" character varying(20) NOT NULL, "title" character varying(10), "first_name" character varying(100) NOT NULL, "middle_name" character varying(100), "last_name" character varying(100), "full_name" character varying(310) GENERATED ALWAYS AS (first_name || coalesce(' ' || middle_name, '') || coalesce(' ' || last_name, '')) STORED, "gender" "core"."gender" NOT NULL, "date_of_birth" date, "dob_is_estimated" bool NOT NULL DEFAULT (false), "year_of_birth" smallint, "relation_type" "core"."relation_type", "relation_name" character varying(200), "mobile" character varying(10), "alternate_mobile" character varying(10), "email" character varying(254), "blood_group" "core"."blood_group", "marital_status" "core"."marital_status", "preferred_language" character varying(8), "occupation" character varying(100), "abha_number" character varying(14), "abha_address" character varying(64), "abha_verified_at" timestamp with time zone, "aadhaar_ref_token" character varying(72), "aadhaar_last4" character(4), "is_vip" bool NOT NULL DEFAULT (false), "is_unknown" bool NOT NULL DEFAULT (false), "deceased_at" timestamp with time zone, "registered_facility_id" uuid NOT NULL, "photo_document_id" uuid, "merged_into_patient_id" uuid, "status" "core"."patient_status" NOT NULL DEFAULT ('active'), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "patients_pkey" PRIMARY KEY ("id") );
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
        ALTER TABLE "core"."patients" ADD CONSTRAINT "patients_abha_number_format" CHECK (abha_number ~ '^[0-9]{14}$');
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
CREATE TABLE IF NOT EXISTS "core"."patient_contacts" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "relationship" "core"."contact_relationship" NOT NULL, "name" character varying(200) NOT NULL, "mobile" character varying(10), "email" character varying(254), "address_text" character varying(500), "is_emergency_contact" bool NOT NULL DEFAULT (false), "is_legal_guardian" bool NOT NULL DEFAULT (false), "priority" smallint NOT NULL DEFAULT (1), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "patient_contacts_pkey" PRIMARY KEY ("id") );
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
CREATE TABLE IF NOT EXISTS "core"."patient_identifiers" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "identifier_type" "core"."identifier_type" NOT NULL, "value" character varying(64) NOT NULL, "issuer" character varying(120), "valid_from" date, "valid_until" date, "verified_at" timestamp with time zone, "verification_method" character varying(30), "is_primary" bool NOT NULL DEFAULT (false), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "patient_identifiers_pkey" PRIMARY KEY ("id") );
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
CREATE TABLE IF NOT EXISTS "core"."practitioners" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "user_id" uuid, "practitioner_type" "core"."practitioner_type" NOT NULL, "title" character varying(20), "full_name" character varying(200) NOT NULL, "gender" "core"."gender", "date_of_birth" date, "hpr_id" character varying(20), "hpr_address" character varying(64), "registration_council" character varying(120), "registration_number" character varying(50), "registration_valid_until" date, "qualifications" text, "specialty_code" character varying(18), "primary_department_id" uuid, "signature_document_id" uuid, "is_active" bool NOT NULL DEFAULT (true), "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "practitioners_pkey" PRIMARY KEY ("id") );
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
CREATE TABLE IF NOT EXISTS "core"."practitioner_registrations" ( "id" uuid NOT NULL DEFAULT (gen_random_uuid()), "tenant_id" uuid NOT NULL, "practitioner_id" uuid NOT NULL, "council" character varying(120) NOT NULL, "registration_number" character varying(50) NOT NULL, "registration_type" character varying(20) NOT NULL, "valid_from" date, "valid_to" date, "verified_via" character varying(10), "verified_at" timestamp with time zone, "created_at" timestamp with time zone NOT NULL DEFAULT (now()), "created_by" uuid, "updated_at" timestamp with time zone NOT NULL DEFAULT (now()), "updated_by" uuid, "deleted_at" timestamp with time zone, "deleted_by" uuid, "version" integer NOT NULL DEFAULT (1), CONSTRAINT "practitioner_registrations_pkey" PRIMARY KEY ("id") );
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

-- ==== Foreign keys closing a reference cycle ====

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

-- ==== Row-level security ====

ALTER TABLE "core"."facilities" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "core"."facilities" FORCE ROW LEVEL SECURITY;
DO $hims$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = '"core"."facilities"'::regclass AND polname = 'tenant_isolation') THEN
        CREATE POLICY "tenant_isolation" ON "core"."facilities" AS PERMISSIVE FOR ALL TO PUBLIC USING (tenant_id = (SELECT core.current_tenant_id())) WITH CHECK (tenant_id = (SELECT core.current_tenant_id()));
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
