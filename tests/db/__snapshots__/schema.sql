-- index allergies_patient
CREATE INDEX "allergies_patient" on "allergies" ("patient_id");
-- index audit_log_entity
CREATE INDEX "audit_log_entity" on "audit_log" ("entity", "entity_id", "id");
-- index audit_log_patient
CREATE INDEX "audit_log_patient" on "audit_log" ("patient_id", "id");
-- index patients_forename
CREATE INDEX "patients_forename" on "patients" ("forename_key");
-- index patients_hospital_number
CREATE UNIQUE INDEX "patients_hospital_number" on "patients" ("hospital_number");
-- index patients_name
CREATE INDEX "patients_name" on "patients" ("surname_key", "forename_key");
-- index patients_nhs_number
CREATE UNIQUE INDEX "patients_nhs_number" on "patients" ("nhs_number");
-- table allergies
CREATE TABLE "allergies" ("id" integer primary key autoincrement, "patient_id" integer not null references "patients" ("id"), "agent" text not null, "reaction" text not null, "recorded_on" text, "created_at" text not null);
-- table audit_log
CREATE TABLE "audit_log" ("id" integer primary key autoincrement, "at" text not null, "user_id" integer, "action" text not null, "entity" text not null, "entity_id" integer, "patient_id" integer, "before_json" text, "after_json" text);
-- table patients
CREATE TABLE "patients" ("id" integer primary key autoincrement, "nhs_number" text, "hospital_number" text, "surname" text not null, "forename" text not null, "surname_key" text not null, "forename_key" text not null, "date_of_birth" text not null, "sex" text not null, "postcode" text, "gp_practice" text, "referral_date" text, "referral_source" text, "lead_clinician_id" integer references "users" ("id"), "diagnosis_code" text, "diagnosis_site" text, "diagnosis_notes" text, "what_matters" text, "created_at" text not null, "updated_at" text not null, "version" integer default 1 not null);
-- table settings
CREATE TABLE "settings" ("key" text primary key, "value" text not null, "updated_at" text not null, "updated_by" integer references "users" ("id"));
-- table users
CREATE TABLE "users" ("id" integer primary key autoincrement, "username" text not null unique, "display_name" text not null, "role" text not null, "password_hash" text not null, "active" integer default 1 not null, "created_at" text not null, "updated_at" text not null);
-- trigger audit_log_no_delete
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- trigger audit_log_no_update
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
