CREATE SCHEMA hospital;
COMMENT ON SCHEMA hospital IS 'St. Mary''s, one hospital';
CREATE TABLE hospital.wards (
    code text PRIMARY KEY,
    name text NOT NULL
);
CREATE TABLE hospital."Doctors" (
    id serial PRIMARY KEY,
    "fullName" text NOT NULL,
    "licenseNo" varchar(20) UNIQUE,
    ward_code text REFERENCES hospital.wards (code)
);
CREATE TABLE hospital.patients (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mrn varchar(20) NOT NULL UNIQUE,
    name text NOT NULL,
    born date
);
CREATE TABLE hospital.admissions (
    id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
    patient_id bigint NOT NULL REFERENCES hospital.patients (id),
    doctor_id integer REFERENCES hospital."Doctors" (id),
    admitted_at timestamp with time zone DEFAULT now() NOT NULL,
    notes text
);
