//! Schema `hospital`: St. Mary's, one hospital
//!
//! Imported from an existing database by `cargo xtask import` (`hospital.rs`), then edited
//! as the journey in README.md says: `tenant_scoped, compliance` on every table, and the
//! unique keys made per tenant (the builder refuses a tenant table's key without
//! `tenant_id`). Nothing else changed.

use chrono::{DateTime, NaiveDate, Utc};
use hims_dsl::model::Sequence;
use hims_dsl::objects::{owned_by, sequence};
use hims_dsl::{ModelBuilder, Table};
use uuid::Uuid;

/// Registers schema `hospital`: its enum types, tables, functions and views, and as
/// rules what the derives do not express (row-level security, policies, triggers).
pub fn register(b: &mut ModelBuilder) {
    b.imported_schema("hospital", "St. Mary's, one hospital");
    b.table::<Doctor>();
    b.table::<Admission>();
    b.table::<Patient>();
    b.table::<Ward>();
    b.sequence(Sequence {
        owned_by: owned_by("Doctors", "id"),
        ..sequence("hospital.Doctors_id_seq", "integer")
    });
}

#[derive(Table)]
#[table(schema = "hospital", name = "Doctors", tenant_scoped, compliance)]
#[unique(columns(tenant_id, licenseNo), name = "Doctors_licenseNo_key")]
#[foreign_key(
    columns(ward_code),
    references = Ward,
    ref_columns(code),
    name = "Doctors_ward_code_fkey"
)]
pub struct Doctor {
    #[column(
        primary_key,
        default_sql = r#"nextval('hospital."Doctors_id_seq"'::regclass)"#
    )]
    pub id: i32,
    #[column(name = "fullName")]
    pub full_name: String,
    #[column(name = "licenseNo", varchar = 20)]
    pub license_no: Option<String>,
    pub ward_code: Option<String>,
}

#[derive(Table)]
#[table(schema = "hospital", name = "admissions", tenant_scoped, compliance)]
#[foreign_key(
    columns(doctor_id),
    references = Doctor,
    ref_columns(id),
    name = "admissions_doctor_id_fkey"
)]
#[foreign_key(
    columns(patient_id),
    references = Patient,
    ref_columns(id),
    name = "admissions_patient_id_fkey"
)]
pub struct Admission {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    pub patient_id: i64,
    pub doctor_id: Option<i32>,
    #[column(default_sql = "now()")]
    pub admitted_at: DateTime<Utc>,
    pub notes: Option<String>,
}

#[derive(Table)]
#[table(schema = "hospital", name = "patients", tenant_scoped, compliance)]
#[unique(columns(tenant_id, mrn), name = "patients_mrn_key")]
pub struct Patient {
    #[column(primary_key, identity = "always")]
    pub id: i64,
    #[column(varchar = 20)]
    pub mrn: String,
    pub name: String,
    pub born: Option<NaiveDate>,
}

#[derive(Table)]
#[table(schema = "hospital", name = "wards", tenant_scoped, compliance)]
pub struct Ward {
    #[column(primary_key)]
    pub code: String,
    pub name: String,
}
