-- index allergies_patient
CREATE INDEX "allergies_patient" on "allergies" ("patient_id");
-- index audit_log_action
CREATE INDEX "audit_log_action" on "audit_log" ("action", "id");
-- index audit_log_entity
CREATE INDEX "audit_log_entity" on "audit_log" ("entity", "entity_id", "id");
-- index audit_log_patient
CREATE INDEX "audit_log_patient" on "audit_log" ("patient_id", "id");
-- index audit_log_user
CREATE INDEX "audit_log_user" on "audit_log" ("user_id", "action", "at");
-- index audit_log_user_order
CREATE INDEX "audit_log_user_order" on "audit_log" ("user_id", "id");
-- index benzodiazepine_switches_to_item
CREATE INDEX "benzodiazepine_switches_to_item" on "benzodiazepine_switches" ("to_item_id");
-- index data_import_staging_touched
CREATE INDEX "data_import_staging_touched" on "data_import_staging" ("touched_at");
-- index data_imports_imported_by
CREATE INDEX "data_imports_imported_by" on "data_imports" ("imported_by");
-- index intervention_antithrombotics_approved_by
CREATE INDEX "intervention_antithrombotics_approved_by" on "intervention_antithrombotics" ("approved_by");
-- index intervention_antithrombotics_medicine
CREATE INDEX "intervention_antithrombotics_medicine" on "intervention_antithrombotics" ("medicine_item_id");
-- index intervention_antithrombotics_patient_id
CREATE INDEX "intervention_antithrombotics_patient_id" on "intervention_antithrombotics" ("patient_id");
-- index intervention_antithrombotics_request_id
CREATE INDEX "intervention_antithrombotics_request_id" on "intervention_antithrombotics" ("request_id");
-- index intervention_bookings_booked_by
CREATE INDEX "intervention_bookings_booked_by" on "intervention_bookings" ("booked_by");
-- index intervention_bookings_clinician
CREATE INDEX "intervention_bookings_clinician" on "intervention_bookings" ("clinician_id");
-- index intervention_bookings_duration
CREATE INDEX "intervention_bookings_duration" on "intervention_bookings" ("procedure_code", "actual_minutes") where "actual_minutes" is not null;
-- index intervention_bookings_duration_clinician
CREATE INDEX "intervention_bookings_duration_clinician" on "intervention_bookings" ("procedure_code", "clinician_id", "actual_minutes") where "actual_minutes" is not null;
-- index intervention_bookings_follow_up
CREATE INDEX "intervention_bookings_follow_up" on "intervention_bookings" ("follow_up_due") where "follow_up_due" is not null;
-- index intervention_bookings_patient
CREATE INDEX "intervention_bookings_patient" on "intervention_bookings" ("patient_id", "status", "session_date");
-- index intervention_bookings_request
CREATE INDEX "intervention_bookings_request" on "intervention_bookings" ("request_id");
-- index intervention_bookings_session
CREATE INDEX "intervention_bookings_session" on "intervention_bookings" ("session_id", "status");
-- index intervention_outcomes_patient_id
CREATE INDEX "intervention_outcomes_patient_id" on "intervention_outcomes" ("patient_id");
-- index intervention_outcomes_procedure_date
CREATE INDEX "intervention_outcomes_procedure_date" on "intervention_outcomes" ("procedure_date");
-- index intervention_outcomes_recorded_by
CREATE INDEX "intervention_outcomes_recorded_by" on "intervention_outcomes" ("recorded_by");
-- index intervention_outcomes_request_id
CREATE INDEX "intervention_outcomes_request_id" on "intervention_outcomes" ("request_id");
-- index intervention_requests_breach
CREATE INDEX "intervention_requests_breach" on "intervention_requests" ("status", "rtt_breach_date");
-- index intervention_requests_clinician
CREATE INDEX "intervention_requests_clinician" on "intervention_requests" ("requested_clinician_id", "status");
-- index intervention_requests_created_by
CREATE INDEX "intervention_requests_created_by" on "intervention_requests" ("created_by");
-- index intervention_requests_list
CREATE INDEX "intervention_requests_list" on "intervention_requests" ("status", "priority_rank", "rtt_breach_date", "id");
-- index intervention_requests_mdt_action
CREATE UNIQUE INDEX intervention_requests_mdt_action ON intervention_requests (source_mdt_action_id) WHERE source_mdt_action_id IS NOT NULL;
-- index intervention_requests_override_by
CREATE INDEX "intervention_requests_override_by" on "intervention_requests" ("override_by");
-- index intervention_requests_patient
CREATE INDEX "intervention_requests_patient" on "intervention_requests" ("patient_id");
-- index intervention_requests_procedure
CREATE INDEX "intervention_requests_procedure" on "intervention_requests" ("procedure_code", "status", "priority_rank", "rtt_breach_date");
-- index intervention_scs_trials_patient
CREATE INDEX "intervention_scs_trials_patient" on "intervention_scs_trials" ("patient_id");
-- index intervention_sessions_clinician
CREATE INDEX "intervention_sessions_clinician" on "intervention_sessions" ("clinician_id", "date");
-- index intervention_sessions_date
CREATE INDEX "intervention_sessions_date" on "intervention_sessions" ("date", "start_time");
-- index mdt_actions_completed_by
CREATE INDEX "mdt_actions_completed_by" on "mdt_actions" ("completed_by");
-- index mdt_actions_due
CREATE INDEX "mdt_actions_due" on "mdt_actions" ("status", "due_date");
-- index mdt_actions_listing
CREATE INDEX "mdt_actions_listing" on "mdt_actions" ("listing_id");
-- index mdt_actions_outcome
CREATE INDEX "mdt_actions_outcome" on "mdt_actions" ("outcome_id");
-- index mdt_actions_owner
CREATE INDEX "mdt_actions_owner" on "mdt_actions" ("owner_id", "status", "due_date");
-- index mdt_actions_patient
CREATE INDEX "mdt_actions_patient" on "mdt_actions" ("patient_id", "status");
-- index mdt_attendance_deputy
CREATE INDEX "mdt_attendance_deputy" on "mdt_attendance" ("deputy_for_user_id");
-- index mdt_attendance_intervals_attendance
CREATE INDEX "mdt_attendance_intervals_attendance" on "mdt_attendance_intervals" ("attendance_id");
-- index mdt_attendance_intervals_meeting
CREATE INDEX "mdt_attendance_intervals_meeting" on "mdt_attendance_intervals" ("meeting_id", "attendance_id");
-- index mdt_attendance_meeting_user
CREATE UNIQUE INDEX "mdt_attendance_meeting_user" on "mdt_attendance" ("meeting_id", "user_id");
-- index mdt_attendance_user
CREATE INDEX "mdt_attendance_user" on "mdt_attendance" ("user_id");
-- index mdt_letter_templates_approved_by
CREATE INDEX "mdt_letter_templates_approved_by" on "mdt_letter_templates" ("approved_by");
-- index mdt_letter_templates_audience
CREATE INDEX "mdt_letter_templates_audience" on "mdt_letter_templates" ("audience", "id");
-- index mdt_letter_templates_version
CREATE UNIQUE INDEX "mdt_letter_templates_version" on "mdt_letter_templates" ("template_id", "version");
-- index mdt_letters_outcome
CREATE INDEX "mdt_letters_outcome" on "mdt_letters" ("outcome_id");
-- index mdt_letters_patient
CREATE INDEX "mdt_letters_patient" on "mdt_letters" ("patient_id");
-- index mdt_letters_replaces
CREATE INDEX "mdt_letters_replaces" on "mdt_letters" ("replaces_letter_id");
-- index mdt_letters_sent_by
CREATE INDEX "mdt_letters_sent_by" on "mdt_letters" ("sent_by");
-- index mdt_letters_superseded_by
CREATE INDEX "mdt_letters_superseded_by" on "mdt_letters" ("superseded_by_outcome_id");
-- index mdt_listings_approver
CREATE INDEX "mdt_listings_approver" on "mdt_listings" ("late_approved_by");
-- index mdt_listings_carried
CREATE INDEX "mdt_listings_carried" on "mdt_listings" ("carried_from_listing_id");
-- index mdt_listings_meeting_patient
CREATE UNIQUE INDEX "mdt_listings_meeting_patient" on "mdt_listings" ("meeting_id", "patient_id");
-- index mdt_listings_patient
CREATE INDEX "mdt_listings_patient" on "mdt_listings" ("patient_id", "meeting_id");
-- index mdt_listings_presenter
CREATE INDEX "mdt_listings_presenter" on "mdt_listings" ("presenter_id");
-- index mdt_meetings_chair
CREATE INDEX "mdt_meetings_chair" on "mdt_meetings" ("chair_id");
-- index mdt_meetings_start
CREATE INDEX "mdt_meetings_start" on "mdt_meetings" ("start_at");
-- index mdt_meetings_type_date
CREATE UNIQUE INDEX "mdt_meetings_type_date" on "mdt_meetings" ("meeting_type_id", "meeting_date");
-- index mdt_outcomes_amended_by
CREATE INDEX "mdt_outcomes_amended_by" on "mdt_outcomes" ("amended_by");
-- index mdt_outcomes_awaiting_decision
CREATE INDEX "mdt_outcomes_awaiting_decision" on "mdt_outcomes" ("kind", "status", "patient_decision", "meeting_date");
-- index mdt_outcomes_confirmed_by
CREATE INDEX "mdt_outcomes_confirmed_by" on "mdt_outcomes" ("confirmed_by");
-- index mdt_outcomes_listing_version
CREATE UNIQUE INDEX "mdt_outcomes_listing_version" on "mdt_outcomes" ("listing_id", "version");
-- index mdt_outcomes_patient
CREATE INDEX "mdt_outcomes_patient" on "mdt_outcomes" ("patient_id", "meeting_date");
-- index mdt_outcomes_previous
CREATE INDEX "mdt_outcomes_previous" on "mdt_outcomes" ("previous_version_id");
-- index mdt_outcomes_review_due
CREATE INDEX "mdt_outcomes_review_due" on "mdt_outcomes" ("status", "implementation_review_due");
-- index mdt_patient_state_listed
CREATE INDEX "mdt_patient_state_listed" on "mdt_patient_state" ("listed_meeting_id");
-- index mdt_patient_state_outcome
CREATE INDEX "mdt_patient_state_outcome" on "mdt_patient_state" ("last_outcome_id");
-- index mdt_patient_state_overdue
CREATE INDEX "mdt_patient_state_overdue" on "mdt_patient_state" ("earliest_open_action_due") where "earliest_open_action_due" is not null;
-- index mdt_referrals_listing
CREATE INDEX "mdt_referrals_listing" on "mdt_referrals" ("listing_id");
-- index mdt_referrals_meeting
CREATE INDEX "mdt_referrals_meeting" on "mdt_referrals" ("meeting_id");
-- index mdt_referrals_patient
CREATE INDEX "mdt_referrals_patient" on "mdt_referrals" ("patient_id", "requested_at");
-- index mdt_referrals_presenter
CREATE INDEX "mdt_referrals_presenter" on "mdt_referrals" ("presenter_id");
-- index mdt_referrals_requester
CREATE INDEX "mdt_referrals_requester" on "mdt_referrals" ("requested_by");
-- index mdt_referrals_type
CREATE INDEX "mdt_referrals_type" on "mdt_referrals" ("meeting_type_id");
-- index medicine_check_acks_patient
CREATE INDEX "medicine_check_acks_patient" on "medicine_check_acks" ("patient_id", "check_key");
-- index medicine_entries_item
CREATE UNIQUE INDEX "medicine_entries_item" on "medicine_entries" ("item_id", "version");
-- index medicine_entries_patient
CREATE INDEX "medicine_entries_patient" on "medicine_entries" ("patient_id", "current");
-- index medicine_entries_recorded_by
CREATE INDEX "medicine_entries_recorded_by" on "medicine_entries" ("recorded_by");
-- index medicine_patient_facts_patient
CREATE INDEX "medicine_patient_facts_patient" on "medicine_patient_facts" ("patient_id", "kind");
-- index medicine_reviews_patient
CREATE INDEX "medicine_reviews_patient" on "medicine_reviews" ("patient_id", "review_date");
-- index medicine_reviews_recorded_by
CREATE INDEX "medicine_reviews_recorded_by" on "medicine_reviews" ("recorded_by");
-- index medicine_reviews_taper_review
CREATE INDEX "medicine_reviews_taper_review" on "medicine_reviews" ("taper_review_id");
-- index ome_snapshots_patient
CREATE INDEX "ome_snapshots_patient" on "ome_snapshots" ("patient_id", "effective_date");
-- index ome_snapshots_review
CREATE INDEX ome_snapshots_review ON ome_snapshots (review_id) WHERE review_id IS NOT NULL;
-- index patient_ome_flag_gabapentin_pregabalin
CREATE INDEX patient_ome_flag_gabapentin_pregabalin ON patient_ome (patient_id) WHERE flag_gabapentin_pregabalin = 1;
-- index patient_ome_flag_multiple_opioids
CREATE INDEX patient_ome_flag_multiple_opioids ON patient_ome (patient_id) WHERE flag_multiple_opioids = 1;
-- index patient_ome_flag_opioid_benzo
CREATE INDEX patient_ome_flag_opioid_benzo ON patient_ome (patient_id) WHERE flag_opioid_benzo = 1;
-- index patient_ome_flag_opioid_gabapentinoid
CREATE INDEX patient_ome_flag_opioid_gabapentinoid ON patient_ome (patient_id) WHERE flag_opioid_gabapentinoid = 1;
-- index patient_ome_total
CREATE INDEX "patient_ome_total" on "patient_ome" ("total_mg_per_24h");
-- index patients_forename
CREATE INDEX "patients_forename" on "patients" ("forename_key");
-- index patients_hospital_number
CREATE UNIQUE INDEX "patients_hospital_number" on "patients" ("hospital_number");
-- index patients_name
CREATE INDEX "patients_name" on "patients" ("surname_key", "forename_key");
-- index patients_nhs_number
CREATE UNIQUE INDEX "patients_nhs_number" on "patients" ("nhs_number");
-- index prn_taken_entry
CREATE INDEX "prn_taken_entry" on "prn_taken" ("entry_id", "review_date");
-- index prn_taken_item
CREATE INDEX "prn_taken_item" on "prn_taken" ("item_id");
-- index prn_taken_patient
CREATE INDEX "prn_taken_patient" on "prn_taken" ("patient_id");
-- index prn_taken_review
CREATE INDEX "prn_taken_review" on "prn_taken" ("review_id");
-- index rehab_goal_drafts_created_by
CREATE INDEX "rehab_goal_drafts_created_by" on "rehab_goal_drafts" ("created_by");
-- index rehab_goal_drafts_goal
CREATE INDEX "rehab_goal_drafts_goal" on "rehab_goal_drafts" ("goal_id");
-- index rehab_goal_drafts_owner
CREATE INDEX "rehab_goal_drafts_owner" on "rehab_goal_drafts" ("owner_id");
-- index rehab_goal_drafts_patient
CREATE INDEX "rehab_goal_drafts_patient" on "rehab_goal_drafts" ("patient_id", "status");
-- index rehab_goal_drafts_resolved_by
CREATE INDEX "rehab_goal_drafts_resolved_by" on "rehab_goal_drafts" ("resolved_by");
-- index rehab_goal_drafts_status
CREATE INDEX "rehab_goal_drafts_status" on "rehab_goal_drafts" ("status", "created_at");
-- index rehab_goals_carried
CREATE INDEX "rehab_goals_carried" on "rehab_goals" ("carried_from_goal_id");
-- index rehab_goals_created_by
CREATE INDEX "rehab_goals_created_by" on "rehab_goals" ("created_by");
-- index rehab_goals_domain
CREATE INDEX "rehab_goals_domain" on "rehab_goals" ("domain");
-- index rehab_goals_entered_in_error_by
CREATE INDEX "rehab_goals_entered_in_error_by" on "rehab_goals" ("entered_in_error_by");
-- index rehab_goals_mdt_action
CREATE INDEX rehab_goals_mdt_action ON rehab_goals (source_mdt_action_id) WHERE source_mdt_action_id IS NOT NULL;
-- index rehab_goals_owner
CREATE INDEX "rehab_goals_owner" on "rehab_goals" ("owner_id");
-- index rehab_goals_patient
CREATE INDEX "rehab_goals_patient" on "rehab_goals" ("patient_id");
-- index rehab_goals_plan
CREATE INDEX "rehab_goals_plan" on "rehab_goals" ("plan_id");
-- index rehab_goals_replaces
CREATE INDEX "rehab_goals_replaces" on "rehab_goals" ("replaces_goal_id");
-- index rehab_measure_change_latest
CREATE INDEX "rehab_measure_change_latest" on "rehab_measure_change" ("latest_id");
-- index rehab_measure_change_latest_on
CREATE INDEX "rehab_measure_change_latest_on" on "rehab_measure_change" ("latest_on", "measure", "pathway", "change", "meaningful", "improved");
-- index rehab_measure_change_service
CREATE INDEX "rehab_measure_change_service" on "rehab_measure_change" ("measure", "pathway", "change", "meaningful", "improved");
-- index rehab_measures_administered_on
CREATE INDEX "rehab_measures_administered_on" on "rehab_measures" ("administered_on");
-- index rehab_measures_created_by
CREATE INDEX "rehab_measures_created_by" on "rehab_measures" ("created_by");
-- index rehab_measures_entered_in_error_by
CREATE INDEX "rehab_measures_entered_in_error_by" on "rehab_measures" ("entered_in_error_by");
-- index rehab_measures_patient
CREATE INDEX "rehab_measures_patient" on "rehab_measures" ("patient_id", "measure", "administered_on");
-- index rehab_measures_plan_cover
CREATE INDEX "rehab_measures_plan_cover" on "rehab_measures" ("plan_id", "measure", "administered_on", "total", "entered_in_error_at");
-- index rehab_measures_plan_point
CREATE INDEX "rehab_measures_plan_point" on "rehab_measures" ("plan_id", "time_point", "measure", "entered_in_error_at");
-- index rehab_patient_status_no_progress
CREATE INDEX rehab_patient_status_no_progress ON rehab_patient_status (patient_id) WHERE no_progress = 1;
-- index rehab_patient_status_plan
CREATE INDEX "rehab_patient_status_plan" on "rehab_patient_status" ("active_plan_id");
-- index rehab_patient_status_review
CREATE INDEX "rehab_patient_status_review" on "rehab_patient_status" ("latest_review_id");
-- index rehab_plans_carried
CREATE INDEX "rehab_plans_carried" on "rehab_plans" ("carried_from_plan_id");
-- index rehab_plans_created_by
CREATE INDEX "rehab_plans_created_by" on "rehab_plans" ("created_by");
-- index rehab_plans_patient
CREATE INDEX "rehab_plans_patient" on "rehab_plans" ("patient_id", "status");
-- index rehab_plans_referral_date
CREATE INDEX "rehab_plans_referral_date" on "rehab_plans" ("referral_date");
-- index rehab_plans_status
CREATE INDEX "rehab_plans_status" on "rehab_plans" ("status");
-- index rehab_plans_status_discharge_date
CREATE INDEX "rehab_plans_status_discharge_date" on "rehab_plans" ("status", "discharge_date", "patient_id");
-- index rehab_plans_status_referral_date
CREATE INDEX "rehab_plans_status_referral_date" on "rehab_plans" ("status", "referral_date", "patient_id");
-- index rehab_plans_status_treatment_start_date
CREATE INDEX "rehab_plans_status_treatment_start_date" on "rehab_plans" ("status", "treatment_start_date", "patient_id");
-- index rehab_programme_attendance_enrolment
CREATE INDEX "rehab_programme_attendance_enrolment" on "rehab_programme_attendance" ("enrolment_id");
-- index rehab_programme_attendance_recorded_by
CREATE INDEX "rehab_programme_attendance_recorded_by" on "rehab_programme_attendance" ("recorded_by");
-- index rehab_programme_attendance_session
CREATE UNIQUE INDEX "rehab_programme_attendance_session" on "rehab_programme_attendance" ("session_id", "enrolment_id");
-- index rehab_programme_enrolments_created_by
CREATE INDEX "rehab_programme_enrolments_created_by" on "rehab_programme_enrolments" ("created_by");
-- index rehab_programme_enrolments_patient
CREATE INDEX "rehab_programme_enrolments_patient" on "rehab_programme_enrolments" ("patient_id");
-- index rehab_programme_enrolments_plan
CREATE INDEX "rehab_programme_enrolments_plan" on "rehab_programme_enrolments" ("plan_id");
-- index rehab_programme_enrolments_programme
CREATE UNIQUE INDEX "rehab_programme_enrolments_programme" on "rehab_programme_enrolments" ("programme_id", "patient_id");
-- index rehab_programme_sessions_programme
CREATE UNIQUE INDEX "rehab_programme_sessions_programme" on "rehab_programme_sessions" ("programme_id", "session_no");
-- index rehab_programmes_created_by
CREATE INDEX "rehab_programmes_created_by" on "rehab_programmes" ("created_by");
-- index rehab_programmes_start
CREATE INDEX "rehab_programmes_start" on "rehab_programmes" ("start_date");
-- index rehab_review_ratings_goal
CREATE INDEX "rehab_review_ratings_goal" on "rehab_review_ratings" ("goal_id");
-- index rehab_review_ratings_review
CREATE INDEX "rehab_review_ratings_review" on "rehab_review_ratings" ("review_id");
-- index rehab_reviews_created_by
CREATE INDEX "rehab_reviews_created_by" on "rehab_reviews" ("created_by");
-- index rehab_reviews_entered_in_error_by
CREATE INDEX "rehab_reviews_entered_in_error_by" on "rehab_reviews" ("entered_in_error_by");
-- index rehab_reviews_patient
CREATE INDEX "rehab_reviews_patient" on "rehab_reviews" ("patient_id");
-- index rehab_reviews_plan
CREATE INDEX "rehab_reviews_plan" on "rehab_reviews" ("plan_id", "review_date");
-- index rehab_reviews_review_date
CREATE INDEX "rehab_reviews_review_date" on "rehab_reviews" ("review_date", "plan_id", "t_score", "no_progress", "entered_in_error_at");
-- index rehab_risk_alerts_acknowledged_by
CREATE INDEX "rehab_risk_alerts_acknowledged_by" on "rehab_risk_alerts" ("acknowledged_by");
-- index rehab_risk_alerts_measure_item
CREATE UNIQUE INDEX "rehab_risk_alerts_measure_item" on "rehab_risk_alerts" ("measure_id", "item");
-- index rehab_risk_alerts_patient
CREATE INDEX "rehab_risk_alerts_patient" on "rehab_risk_alerts" ("patient_id", "status");
-- index rehab_risk_alerts_raised_by
CREATE INDEX "rehab_risk_alerts_raised_by" on "rehab_risk_alerts" ("raised_by");
-- index rehab_risk_alerts_status
CREATE INDEX "rehab_risk_alerts_status" on "rehab_risk_alerts" ("status", "administered_on");
-- index rehab_sp_attendance_created_by
CREATE INDEX "rehab_sp_attendance_created_by" on "rehab_sp_attendance" ("created_by");
-- index rehab_sp_attendance_patient
CREATE INDEX "rehab_sp_attendance_patient" on "rehab_sp_attendance" ("patient_id");
-- index rehab_sp_attendance_referral
CREATE UNIQUE INDEX "rehab_sp_attendance_referral" on "rehab_sp_attendance" ("referral_id", "session_date");
-- index rehab_sp_referrals_after
CREATE INDEX "rehab_sp_referrals_after" on "rehab_sp_referrals" ("after_measure_id");
-- index rehab_sp_referrals_before
CREATE INDEX "rehab_sp_referrals_before" on "rehab_sp_referrals" ("before_measure_id");
-- index rehab_sp_referrals_created_by
CREATE INDEX "rehab_sp_referrals_created_by" on "rehab_sp_referrals" ("created_by");
-- index rehab_sp_referrals_patient
CREATE INDEX "rehab_sp_referrals_patient" on "rehab_sp_referrals" ("patient_id", "referred_on");
-- index rehab_sp_referrals_referred_on
CREATE INDEX "rehab_sp_referrals_referred_on" on "rehab_sp_referrals" ("referred_on");
-- index rehab_sp_referrals_referrer
CREATE INDEX "rehab_sp_referrals_referrer" on "rehab_sp_referrals" ("referrer_id");
-- index rehab_sp_referrals_status
CREATE INDEX "rehab_sp_referrals_status" on "rehab_sp_referrals" ("status", "referred_on");
-- index rule_set_proposals_status
CREATE INDEX "rule_set_proposals_status" on "rule_set_proposals" ("status", "id");
-- index rule_set_versions_created_by
CREATE INDEX "rule_set_versions_created_by" on "rule_set_versions" ("created_by");
-- index rule_set_versions_current
CREATE UNIQUE INDEX rule_set_versions_current ON rule_set_versions (kind, set_key) WHERE superseded_at IS NULL;
-- index rule_set_versions_superseded_by
CREATE INDEX "rule_set_versions_superseded_by" on "rule_set_versions" ("superseded_by_id");
-- index service_referrals_mdt_referral
CREATE INDEX "service_referrals_mdt_referral" on "service_referrals" ("mdt_referral_id");
-- index service_referrals_meeting_type
CREATE INDEX "service_referrals_meeting_type" on "service_referrals" ("meeting_type_id");
-- index service_referrals_patient
CREATE INDEX "service_referrals_patient" on "service_referrals" ("patient_id");
-- index service_referrals_queue
CREATE INDEX "service_referrals_queue" on "service_referrals" ("status", "received_on");
-- index sessions_expires
CREATE INDEX "sessions_expires" on "sessions" ("expires_at");
-- index sessions_user
CREATE INDEX "sessions_user" on "sessions" ("user_id");
-- index taper_events_by_user
CREATE INDEX "taper_events_by_user" on "taper_events" ("by_user");
-- index taper_events_plan
CREATE INDEX "taper_events_plan" on "taper_events" ("plan_id");
-- index taper_plan_versions_plan
CREATE INDEX "taper_plan_versions_plan" on "taper_plan_versions" ("plan_id", "plan_version");
-- index taper_plans_concerns
CREATE INDEX taper_plans_concerns ON taper_plans ((holds + step_backs)) WHERE holds + step_backs > 0;
-- index taper_plans_created_by
CREATE INDEX "taper_plans_created_by" on "taper_plans" ("created_by");
-- index taper_plans_item
CREATE INDEX "taper_plans_item" on "taper_plans" ("item_id");
-- index taper_plans_mdt_action
CREATE UNIQUE INDEX taper_plans_mdt_action ON taper_plans (source_mdt_action_id) WHERE source_mdt_action_id IS NOT NULL;
-- index taper_plans_nurse
CREATE INDEX "taper_plans_nurse" on "taper_plans" ("nurse_id", "status", "next_review_date");
-- index taper_plans_patient
CREATE INDEX "taper_plans_patient" on "taper_plans" ("patient_id");
-- index taper_plans_review
CREATE INDEX "taper_plans_review" on "taper_plans" ("status", "next_review_date");
-- index taper_plans_signed_off_by
CREATE INDEX "taper_plans_signed_off_by" on "taper_plans" ("signed_off_by");
-- index taper_plans_status_ome
CREATE INDEX "taper_plans_status_ome" on "taper_plans" ("status", "start_ome", "current_ome");
-- index taper_reviews_patient
CREATE INDEX "taper_reviews_patient" on "taper_reviews" ("patient_id");
-- index taper_reviews_plan
CREATE INDEX "taper_reviews_plan" on "taper_reviews" ("plan_id");
-- index taper_reviews_recorded_by
CREATE INDEX "taper_reviews_recorded_by" on "taper_reviews" ("recorded_by");
-- index taper_steps_plan
CREATE UNIQUE INDEX "taper_steps_plan" on "taper_steps" ("plan_id", "step_no");
-- table allergies
CREATE TABLE "allergies" ("id" integer primary key autoincrement, "patient_id" integer not null references "patients" ("id"), "agent" text not null, "reaction" text not null, "recorded_on" text, "created_at" text not null);
-- table alongside_schema_version
CREATE TABLE alongside_schema_version ( version integer primary key, name text not null, applied_at text not null);
-- table audit_log
CREATE TABLE "audit_log" ("id" integer primary key autoincrement, "at" text not null, "user_id" integer, "action" text not null, "entity" text not null, "entity_id" integer, "patient_id" integer, "before_json" text, "after_json" text, "carried_over" text, "original_id" integer, "user_name" text, "user_role" text, "workstation" text);
-- table benzodiazepine_switches
CREATE TABLE "benzodiazepine_switches" ("id" integer primary key autoincrement, "patient_id" integer not null references "patients" ("id"), "from_item_id" integer not null, "to_item_id" integer not null, "from_text" text not null, "from_mg_per_24h" real not null, "worked_mg_per_24h" real not null, "diazepam_mg_per_24h" real not null, "equivalence" text not null, "working" text not null, "rule_set_id" text not null, "rule_set_version" text not null, "switched_on" text not null, "reason" text not null, "recorded_at" text not null, "recorded_by" integer references "users" ("id"));
-- table data_import_staging
CREATE TABLE "data_import_staging" ("id" text primary key, "owner_hash" text not null, "user_id" integer not null references "users" ("id"), "chars" integer default 0 not null, "body" text default '' not null, "checked_json" text, "created_at" text not null, "touched_at" text not null);
-- table data_imports
CREATE TABLE "data_imports" ("id" integer primary key autoincrement, "imported_at" text not null, "imported_by" integer references "users" ("id"), "patient_count" integer not null, "first_patient_id" integer, "last_patient_id" integer);
-- table database_generation
CREATE TABLE "database_generation" ("id" integer primary key check (id = 1), "generation" text not null, "changed_at" text not null);
-- table intervention_antithrombotics
CREATE TABLE "intervention_antithrombotics" ("id" integer primary key autoincrement, "request_id" integer not null references "intervention_requests" ("id"), "patient_id" integer not null references "patients" ("id"), "drug" text not null, "dose" text not null, "dose_times" text not null, "plan_json" text not null, "plan_for" text not null, "rule_set_id" text not null, "rule_set_version" text not null, "approved_by" integer references "users" ("id"), "approved_at" text, "created_at" text not null, "medicine_item_id" integer, "medicine_version" integer, "basis" text, "reapproval_note" text);
-- table intervention_bookings
CREATE TABLE "intervention_bookings" ("id" integer primary key autoincrement, "request_id" integer not null references "intervention_requests" ("id"), "session_id" integer not null references "intervention_sessions" ("id"), "patient_id" integer not null references "patients" ("id"), "procedure_code" text not null, "clinician_id" integer not null references "users" ("id"), "session_date" text not null, "planned_minutes" integer not null, "status" text not null, "short_notice_agreed" integer not null, "override_reason" text, "overridden_json" text, "cancel_kind" text, "cancel_reason" text, "cancelled_on_day" integer not null, "consent2_at" text, "checklist_at" text, "in_room_start" text, "in_room_end" text, "actual_minutes" integer, "follow_up_due" text, "booked_at" text not null, "booked_by" integer references "users" ("id"));
-- table intervention_outcomes
CREATE TABLE "intervention_outcomes" ("id" integer primary key autoincrement, "booking_id" integer not null unique references "intervention_bookings" ("id"), "request_id" integer not null references "intervention_requests" ("id"), "patient_id" integer not null references "patients" ("id"), "procedure_code" text not null, "procedure_date" text not null, "site" text not null, "relief_percent" integer not null, "relief_duration_weeks" integer, "complications" text not null, "pgic" integer not null, "successful" integer not null, "recorded_at" text not null, "recorded_by" integer references "users" ("id"), "assessed_on" text, "relief_duration_hours" integer);
-- table intervention_requests
CREATE TABLE "intervention_requests" ("id" integer primary key autoincrement, "patient_id" integer not null references "patients" ("id"), "procedure_code" text not null, "catalogue_version" text not null, "side" text not null, "site" text not null, "indication" text not null, "priority" text not null, "priority_rank" integer not null, "source" text not null, "requested_clinician_id" integer references "users" ("id"), "rtt_clock_start" text not null, "rtt_breach_date" text not null, "status" text not null, "rebook_by" text, "readiness_json" text not null, "commissioner_rule_set" text not null, "anticoagulant_rule_set" text not null, "override_reason" text, "override_items_json" text, "override_by" integer references "users" ("id"), "override_at" text, "created_at" text not null, "created_by" integer references "users" ("id"), "updated_at" text not null, "version" integer not null, "source_mdt_action_id" integer references "mdt_actions" ("id"), "site_region" text, "site_levels" text);
-- table intervention_scs_trials
CREATE TABLE "intervention_scs_trials" ("id" integer primary key autoincrement, "request_id" integer not null unique references "intervention_requests" ("id"), "patient_id" integer not null references "patients" ("id"), "inserted_on" text not null, "leads_removed_on" text, "relief_percent" integer, "analgesia" text, "patient_satisfied" integer, "successful" integer, "outcome_on" text, "decision" text, "decision_on" text, "decision_reason" text, "decided_by" integer references "users" ("id"), "recorded_by" integer references "users" ("id"), "created_at" text not null, "updated_at" text not null, "version" integer default 1 not null);
-- table intervention_sessions
CREATE TABLE "intervention_sessions" ("id" integer primary key autoincrement, "date" text not null, "start_time" text not null, "end_time" text not null, "room" text not null, "setting" text not null, "clinician_id" integer not null references "users" ("id"), "radiographer" text, "equipment" text not null, "unavailable_minutes" integer not null, "turnaround_minutes" integer not null, "created_at" text not null, "warnings_json" text, "override_reason" text, "term_note" text);
-- table mdt_actions
CREATE TABLE "mdt_actions" ("id" integer primary key autoincrement, "outcome_id" integer not null references "mdt_outcomes" ("id"), "listing_id" integer not null references "mdt_listings" ("id"), "patient_id" integer not null references "patients" ("id"), "description" text not null, "type" text not null, "owner_id" integer not null references "users" ("id"), "due_date" text not null, "patient_wording" text, "status" text not null check (status in ('open','in-progress','done','cancelled')), "completed_at" text, "completed_by" integer references "users" ("id"), "completion_note" text, "created_at" text not null, "link_json" text, "version" integer default 0 not null);
-- table mdt_attendance
CREATE TABLE "mdt_attendance" ("id" integer primary key autoincrement, "meeting_id" integer not null references "mdt_meetings" ("id"), "user_id" integer not null references "users" ("id"), "discipline" text not null, "status" text not null check (status in ('present','remote','apologies','absent','deputy')), "deputy_for_user_id" integer references "users" ("id"), "joined_at" text, "left_at" text, "updated_at" text not null, "version" integer default 0 not null);
-- table mdt_attendance_intervals
CREATE TABLE "mdt_attendance_intervals" ("id" integer primary key autoincrement, "attendance_id" integer not null references "mdt_attendance" ("id"), "meeting_id" integer not null references "mdt_meetings" ("id"), "joined_at" text, "left_at" text, "created_at" text not null, constraint "mdt_attendance_intervals_order" check (joined_at is null or left_at is null or left_at >= joined_at));
-- table mdt_letter_templates
CREATE TABLE "mdt_letter_templates" ("id" integer primary key autoincrement, "template_id" text not null, "audience" text not null check (audience in ('gp','referrer','patient')), "name" text not null, "version" text not null, "body" text not null, "source" text not null, "change_note" text default '' not null, "example" integer default 0 not null, "created_at" text not null, "approved_by" integer references "users" ("id"), "approved_at" text);
-- table mdt_letters
CREATE TABLE "mdt_letters" ("id" integer primary key autoincrement, "outcome_id" integer not null references "mdt_outcomes" ("id"), "patient_id" integer not null references "patients" ("id"), "audience" text not null check (audience in ('gp','referrer','patient')), "recipient_name" text not null, "template_id" text not null, "template_version" text not null, "body" text, "problem" text, "status" text not null check (status in ('ready','needs-attention','sent')), "generated_at" text not null, "sent_at" text, "sent_by" integer references "users" ("id"), "superseded_at" text, "superseded_by_outcome_id" integer references "mdt_outcomes" ("id"), "replaces_letter_id" integer references "mdt_letters" ("id"));
-- table mdt_listings
CREATE TABLE "mdt_listings" ("id" integer primary key autoincrement, "meeting_id" integer not null references "mdt_meetings" ("id"), "patient_id" integer not null references "patients" ("id"), "position" integer not null, "source" text not null check (source in ('referral','carried','suggested')), "category" text not null check (category in ('full-discussion','protocol-noted','for-information')), "status" text not null check (status in ('proposed','accepted','discussed','deferred','withdrawn')), "planned_minutes" integer not null, "presenter_id" integer references "users" ("id"), "case_categories_json" text default '[]' not null, "urgency" text default 'routine' not null, "is_late_addition" integer default 0 not null, "late_approved_by" integer references "users" ("id"), "late_approved_at" text, "deferral_count" integer default 0 not null, "defer_reason" text, "carried_from_listing_id" integer references "mdt_listings" ("id"), "escalate" integer default 0 not null, "suggestion_json" text, "added_at" text not null, "started_at" text, "ended_at" text, "updated_at" text not null, "question" text, "moved_to_listing_id" integer, "question_version" integer default 0 not null);
-- table mdt_meeting_types
CREATE TABLE "mdt_meeting_types" ("id" integer primary key autoincrement, "code" text not null unique, "name" text not null, "purpose" text default '' not null, "recurrence_json" text not null, "duration_minutes" integer not null, "cut_off_hours" real not null, "chair_id" integer references "users" ("id"), "core_member_ids_json" text default '[]' not null, "default_minutes_per_case" integer default 10 not null, "quorum_rules_json" text not null, "example" integer default 0 not null, "created_at" text not null, "updated_at" text not null, "version" integer default 0 not null);
-- table mdt_meetings
CREATE TABLE "mdt_meetings" ("id" integer primary key autoincrement, "meeting_type_id" integer not null references "mdt_meeting_types" ("id"), "meeting_date" text not null, "start_local" text not null, "start_at" text not null, "duration_minutes" integer not null, "cut_off_at" text not null, "status" text default 'planned' not null check (status in ('planned','in-progress','closed')), "chair_id" integer references "users" ("id"), "actual_start_at" text, "actual_end_at" text, "current_listing_id" integer, "created_at" text not null, "updated_at" text not null);
-- table mdt_outcomes
CREATE TABLE "mdt_outcomes" ("id" integer primary key autoincrement, "listing_id" integer not null references "mdt_listings" ("id"), "patient_id" integer not null references "patients" ("id"), "version" integer not null, "previous_version_id" integer references "mdt_outcomes" ("id"), "status" text not null check (status in ('draft','confirmed','superseded')), "kind" text not null, "summary" text not null, "options_json" text default '[]' not null, "rationale" text default '' not null, "preferences_considered" integer default 0 not null, "review_date" text, "patient_summary" text default '' not null, "meeting_date" text not null, "no_action" integer default 0 not null, "draft_actions_json" text, "quorum_json" text, "quorum_met" integer, "quorum_rule_set" text, "amend_reason" text, "amended_at" text, "amended_by" integer references "users" ("id"), "confirmed_by" integer references "users" ("id"), "confirmed_at" text, "patient_decision" text, "patient_decision_notes" text, "patient_decision_at" text, "implementation_review_due" text, "created_at" text not null, "updated_at" text not null, constraint "mdt_outcomes_amend_reason" check (version = 1 or (previous_version_id is not null and amend_reason is not null)));
-- table mdt_patient_state
CREATE TABLE "mdt_patient_state" ("patient_id" integer primary key references "patients" ("id"), "last_discussed_on" text, "last_outcome_id" integer references "mdt_outcomes" ("id"), "earliest_open_action_due" text, "listed_meeting_id" integer references "mdt_meetings" ("id"));
-- table mdt_referrals
CREATE TABLE "mdt_referrals" ("id" integer primary key autoincrement, "patient_id" integer not null references "patients" ("id"), "meeting_type_id" integer not null references "mdt_meeting_types" ("id"), "meeting_id" integer references "mdt_meetings" ("id"), "listing_id" integer references "mdt_listings" ("id"), "requested_by" integer not null references "users" ("id"), "requested_at" text not null, "question" text not null check (length(trim(question)) > 0), "reason" text not null, "urgency" text not null, "presenter_id" integer references "users" ("id"), "patient_aware" integer not null, "what_matters" text default '' not null, "status" text default 'listed' not null, "referrer_name" text, "referrer_role" text, "referrer_organisation" text, "referrer_address" text, "referrer_version" integer default 0 not null);
-- table medicine_check_acks
CREATE TABLE "medicine_check_acks" ("id" integer primary key autoincrement, "patient_id" integer not null references "patients" ("id"), "check_key" text not null, "code" text not null, "rule_set_id" text not null, "rule_set_version" text not null, "reason" text not null, "acknowledged_at" text not null, "acknowledged_by" integer references "users" ("id"));
-- table medicine_entries
CREATE TABLE "medicine_entries" ("id" integer primary key autoincrement, "item_id" integer not null, "version" integer not null, "patient_id" integer not null references "patients" ("id"), "formulary_id" text not null, "formulary_version" text not null, "name" text not null, "generic" text not null, "drug_class" text not null, "form" text not null, "route" text not null, "strength" text not null, "dose_kind" text not null, "dose_mg" real, "times_per_day" integer, "prn_max_mg_per_24h" real, "patch_mcg_per_hour" real, "patch_change_every_days" integer, "start_date" text not null, "prescriber" text not null, "indication" text not null, "status" text not null, "stopped_on" text, "change_reason" text, "effective_from" text not null, "current" integer not null, "ome_mg_per_24h" real, "ome_json" text, "rule_set_id" text, "rule_set_version" text, "recorded_at" text not null, "recorded_by" integer references "users" ("id"), "administrations_json" text, "prn_min_interval_hours" real, "confirmed_warnings_json" text, "written_json" text, "as_written" text);
-- table medicine_patient_facts
CREATE TABLE "medicine_patient_facts" ("id" integer primary key autoincrement, "patient_id" integer not null references "patients" ("id"), "kind" text not null, "weight_kg" real, "creatinine_umol_l" real, "result_date" text, "pregnancy_status" text, "recorded_at" text not null, "recorded_by" integer references "users" ("id"));
-- table medicine_reviews
CREATE TABLE "medicine_reviews" ("id" integer primary key autoincrement, "patient_id" integer not null references "patients" ("id"), "review_date" text not null, "taper_review_id" integer references "taper_reviews" ("id"), "total_mg_per_24h" real not null, "complete" integer not null, "estimated" integer not null, "ome_json" text not null, "rule_set_id" text not null, "rule_set_version" text not null, "notes" text not null, "recorded_at" text not null, "recorded_by" integer references "users" ("id"));
-- table ome_snapshots
CREATE TABLE "ome_snapshots" ("id" integer primary key autoincrement, "patient_id" integer not null references "patients" ("id"), "effective_date" text not null, "total_mg_per_24h" real not null, "complete" integer not null, "recorded_at" text not null, "review_id" integer references "medicine_reviews" ("id"));
-- table patient_ome
CREATE TABLE "patient_ome" ("patient_id" integer primary key references "patients" ("id"), "total_mg_per_24h" real not null, "complete" integer not null, "estimated" integer not null, "high_dose" integer not null, "harm_rises" integer not null, "flag_opioid_benzo" integer not null, "flag_opioid_gabapentinoid" integer not null, "flag_multiple_opioids" integer not null, "flag_gabapentin_pregabalin" integer not null, "active_count" integer not null, "rule_set_id" text not null, "rule_set_version" text not null, "computed_at" text not null);
-- table patients
CREATE TABLE "patients" ("id" integer primary key autoincrement, "nhs_number" text, "hospital_number" text, "surname" text not null, "forename" text not null, "surname_key" text not null, "forename_key" text not null, "date_of_birth" text not null, "sex" text not null, "postcode" text, "gp_practice" text, "referral_date" text, "referral_source" text, "lead_clinician_id" integer references "users" ("id"), "diagnosis_code" text, "diagnosis_site" text, "diagnosis_notes" text, "what_matters" text, "created_at" text not null, "updated_at" text not null, "version" integer default 1 not null, "no_known_allergies" integer default 0 not null check (no_known_allergies in (0, 1)));
-- table prn_taken
CREATE TABLE "prn_taken" ("id" integer primary key autoincrement, "review_id" integer not null references "medicine_reviews" ("id"), "patient_id" integer not null references "patients" ("id"), "item_id" integer not null, "entry_id" integer not null references "medicine_entries" ("id"), "review_date" text not null, "taken_mg_per_24h" real not null, "prescribed_max_mg_per_24h" real);
-- table rehab_goal_drafts
CREATE TABLE "rehab_goal_drafts" ("id" integer primary key autoincrement, "patient_id" integer not null references "patients" ("id"), "source_mdt_action_id" integer not null unique references "mdt_actions" ("id"), "wording" text not null check (length(trim(wording)) > 0), "domain" text not null, "what_matters" text default '' not null, "owner_id" integer references "users" ("id"), "status" text not null check (status in ('draft','completed','dismissed')), "goal_id" integer references "rehab_goals" ("id"), "resolve_note" text, "created_at" text not null, "created_by" integer references "users" ("id"), "resolved_at" text, "resolved_by" integer references "users" ("id"));
-- table rehab_goals
CREATE TABLE "rehab_goals" ("id" integer primary key autoincrement, "plan_id" integer not null references "rehab_plans" ("id"), "patient_id" integer not null references "patients" ("id"), "what_matters" text not null, "activity" text not null, "measure" text not null, "target" text not null, "set_on" text not null, "target_date" text not null, "domain" text not null, "owner_id" integer references "users" ("id"), "baseline" integer not null check (baseline in (-1, -2)), "level_minus2" text not null, "level_minus1" text not null, "level_zero" text not null, "level_plus1" text not null, "level_plus2" text not null, "weight" integer, "carried_from_goal_id" integer references "rehab_goals" ("id"), "created_at" text not null, "created_by" integer references "users" ("id"), "source_mdt_action_id" integer references "mdt_actions" ("id"), "entered_in_error_at" text, "entered_in_error_by" integer references "users" ("id"), "entered_in_error_reason" text, "status" text default 'active' not null check (status in ('active', 'achieved', 'withdrawn', 'superseded')), "status_reason" text, "status_on" text, "replaces_goal_id" integer references "rehab_goals" ("id"));
-- table rehab_measure_change
CREATE TABLE "rehab_measure_change" ("patient_id" integer not null references "patients" ("id"), "measure" text not null, "pathway" text not null, "first_id" integer not null, "latest_id" integer not null, "change" real, "meaningful" integer default 0 not null, "improved" integer, "rule_set_version" text not null, "updated_at" text not null, "latest_on" text, constraint "rehab_measure_change_pk" primary key ("patient_id", "measure")) without rowid;
-- table rehab_measures
CREATE TABLE "rehab_measures" ("id" integer primary key autoincrement, "patient_id" integer not null references "patients" ("id"), "plan_id" integer references "rehab_plans" ("id"), "measure" text not null, "time_point" text not null, "administered_on" text not null, "answers_json" text not null, "activities_json" text default '[]' not null, "total" real, "band" text, "score_json" text not null, "rule_set_id" text not null, "rule_set_version" text not null, "created_at" text not null, "created_by" integer references "users" ("id"), "entered_in_error_at" text, "entered_in_error_by" integer references "users" ("id"), "entered_in_error_reason" text);
-- table rehab_patient_status
CREATE TABLE "rehab_patient_status" ("patient_id" integer primary key references "patients" ("id"), "active_plan_id" integer references "rehab_plans" ("id"), "latest_review_id" integer references "rehab_reviews" ("id"), "no_progress" integer default 0 not null, "updated_at" text not null);
-- table rehab_plans
CREATE TABLE "rehab_plans" ("id" integer primary key autoincrement, "patient_id" integer not null references "patients" ("id"), "pathway" text not null, "referral_date" text, "treatment_start_date" text, "discharge_date" text, "status" text not null check (status in ('active', 'closed')), "carried_from_plan_id" integer references "rehab_plans" ("id"), "created_at" text not null, "created_by" integer references "users" ("id"), "updated_at" text not null, "version" integer default 1 not null);
-- table rehab_programme_attendance
CREATE TABLE "rehab_programme_attendance" ("id" integer primary key autoincrement, "session_id" integer not null references "rehab_programme_sessions" ("id"), "enrolment_id" integer not null references "rehab_programme_enrolments" ("id"), "status" text not null check (status in ('attended', 'apologies', 'dna')), "recorded_at" text not null, "recorded_by" integer references "users" ("id"));
-- table rehab_programme_enrolments
CREATE TABLE "rehab_programme_enrolments" ("id" integer primary key autoincrement, "programme_id" integer not null references "rehab_programmes" ("id"), "patient_id" integer not null references "patients" ("id"), "plan_id" integer references "rehab_plans" ("id"), "enrolled_on" text not null, "status" text not null check (status in ('enrolled', 'withdrawn')), "withdrawn_on" text, "withdrawn_reason" text, "created_at" text not null, "created_by" integer references "users" ("id"));
-- table rehab_programme_sessions
CREATE TABLE "rehab_programme_sessions" ("id" integer primary key autoincrement, "programme_id" integer not null references "rehab_programmes" ("id"), "session_no" integer not null, "session_date" text not null, "topic" text, "register_version" integer default 0 not null);
-- table rehab_programmes
CREATE TABLE "rehab_programmes" ("id" integer primary key autoincrement, "name" text not null, "facilitators" text not null, "location" text, "capacity" integer, "completion_percent" integer not null check (completion_percent between 1 and 100), "start_date" text not null, "end_date" text not null, "created_at" text not null, "created_by" integer references "users" ("id"), "updated_at" text not null, "version" integer default 1 not null);
-- table rehab_review_ratings
CREATE TABLE "rehab_review_ratings" ("id" integer primary key autoincrement, "review_id" integer not null references "rehab_reviews" ("id"), "goal_id" integer not null references "rehab_goals" ("id"), "outcome" text, "level" integer check (level between -2 and 2), "note" text);
-- table rehab_reviews
CREATE TABLE "rehab_reviews" ("id" integer primary key autoincrement, "plan_id" integer not null references "rehab_plans" ("id"), "patient_id" integer not null references "patients" ("id"), "review_date" text not null, "notes" text, "patient_view" text, "t_score" real, "baseline_t_score" real, "change" real, "rated_count" integer not null, "total_count" integer not null, "label" text not null, "no_progress" integer default 0 not null, "rule_set_id" text not null, "rule_set_version" text not null, "rho" real not null, "created_at" text not null, "created_by" integer references "users" ("id"), "entered_in_error_at" text, "entered_in_error_by" integer references "users" ("id"), "entered_in_error_reason" text);
-- table rehab_risk_alerts
CREATE TABLE "rehab_risk_alerts" ("id" integer primary key autoincrement, "patient_id" integer not null references "patients" ("id"), "measure_id" integer not null references "rehab_measures" ("id"), "measure" text not null, "item" integer not null, "answer" integer not null, "item_label" text not null, "administered_on" text not null, "source" text not null check (source in ('entry', 'upgrade')), "status" text not null check (status in ('open', 'acknowledged')), "raised_at" text not null, "raised_by" integer references "users" ("id"), "acknowledged_at" text, "acknowledged_by" integer references "users" ("id"), "action_taken" text, "version" integer default 1 not null);
-- table rehab_sp_attendance
CREATE TABLE "rehab_sp_attendance" ("id" integer primary key autoincrement, "referral_id" integer not null references "rehab_sp_referrals" ("id"), "patient_id" integer not null references "patients" ("id"), "session_date" text not null, "attended" integer not null check (attended in (0, 1)), "note" text, "created_at" text not null, "created_by" integer references "users" ("id"));
-- table rehab_sp_referrals
CREATE TABLE "rehab_sp_referrals" ("id" integer primary key autoincrement, "patient_id" integer not null references "patients" ("id"), "referred_on" text not null, "referrer_id" integer references "users" ("id"), "route" text not null check (route in ('link-worker', 'community-activity')), "link_worker" text, "activity_type" text not null, "activity" text not null, "provider" text, "frequency" text, "reason" text not null, "status" text not null check (status in ('referred', 'attending', 'completed', 'stopped', 'declined')), "snomed_code" text not null, "started_on" text, "ended_on" text, "end_reason" text, "declined_on" text, "declined_reason" text, "outcome_measure" text, "before_measure_id" integer references "rehab_measures" ("id"), "after_measure_id" integer references "rehab_measures" ("id"), "outcome_notes" text, "patient_experience" text, "created_at" text not null, "created_by" integer references "users" ("id"), "updated_at" text not null, "version" integer default 1 not null);
-- table rule_set_proposals
CREATE TABLE "rule_set_proposals" ("id" integer primary key autoincrement, "kind" text not null, "set_key" text not null, "action" text not null, "request_json" text not null, "reason" text not null, "proposed_by" integer not null, "proposed_by_name" text not null, "proposed_at" text not null, "status" text not null, "decided_by" integer, "decided_by_name" text, "decided_at" text, "decision_note" text, "version_id" integer);
-- table rule_set_versions
CREATE TABLE "rule_set_versions" ("id" integer primary key autoincrement, "kind" text not null, "set_key" text not null, "version" text not null, "name" text not null, "source" text not null, "body" text not null, "is_default" integer not null, "created_at" text not null, "created_by" integer references "users" ("id"), "reason" text not null, "superseded_at" text, "superseded_by_id" integer references "rule_set_versions" ("id"), constraint "rule_set_versions_kind_set_version" unique ("kind", "set_key", "version"));
-- table service_referrals
CREATE TABLE "service_referrals" ("id" integer primary key autoincrement, "patient_id" integer not null references "patients" ("id"), "received_on" text not null, "source" text not null check (source in ('gp','consultant','self','other')), "referrer_name" text default '' not null, "referral_reason" text not null check (length(trim(referral_reason)) > 0), "urgency" text not null check (urgency in ('routine','urgent')), "status" text not null check (status in ('awaiting','triaged')), "pathway" text check (pathway in ('clinic','mdt','pmp','discharge')), "meeting_type_id" integer references "mdt_meeting_types" ("id"), "decision_reason" text, "triaged_by" integer references "users" ("id"), "triaged_at" text, "mdt_referral_id" integer references "mdt_referrals" ("id"), "created_at" text not null, "created_by" integer references "users" ("id"), "version" integer default 1 not null, "referrer_role" text default '' not null, "referrer_organisation" text default '' not null, "referrer_address" text default '' not null, constraint "service_referrals_triaged_complete" check (status = 'awaiting' or (pathway is not null and decision_reason is not null and triaged_at is not null)), constraint "service_referrals_mdt_type" check (pathway is null or pathway <> 'mdt' or meeting_type_id is not null));
-- table sessions
CREATE TABLE "sessions" ("token_hash" text primary key, "user_id" integer not null references "users" ("id"), "username" text not null, "display_name" text not null, "role" text not null, "clinical_lead" integer default 0 not null, "must_change_password" integer default 0 not null, "locked" integer default 0 not null check (locked in (0, 1)), "generation" text not null, "signed_in_at" text not null, "last_activity_at" text not null, "expires_at" text not null);
-- table settings
CREATE TABLE "settings" ("key" text primary key, "value" text not null, "updated_at" text not null, "updated_by" integer references "users" ("id"));
-- table sign_in_throttle
CREATE TABLE "sign_in_throttle" ("name" text primary key, "failures" integer not null, "last_failure_at" text not null, "next_attempt_at" text);
-- table taper_events
CREATE TABLE "taper_events" ("id" integer primary key autoincrement, "plan_id" integer not null references "taper_plans" ("id"), "kind" text not null, "reason" text not null, "at" text not null, "by_user" integer references "users" ("id"));
-- table taper_plan_versions
CREATE TABLE "taper_plan_versions" ("id" integer primary key autoincrement, "plan_id" integer not null references "taper_plans" ("id"), "plan_version" integer not null, "reason" text, "valid_from" text not null, "superseded_on" text not null, "current_dose" real not null, "steps_json" text not null, "superseded_at" text not null, "superseded_by" integer references "users" ("id"));
-- table taper_plans
CREATE TABLE "taper_plans" ("id" integer primary key autoincrement, "patient_id" integer not null references "patients" ("id"), "item_id" integer not null, "medicine_name" text not null, "generic" text not null, "is_opioid" integer not null, "goal" text not null, "target_dose" real, "unit" text not null, "times_per_day" integer, "reason" text not null, "mode" text not null, "percent" real not null, "interval_days" integer not null, "start_date" text not null, "start_dose" real not null, "round_to" real, "current_step" integer not null, "current_dose" real not null, "status" text not null, "patient_agreed" integer not null, "agreement_note" text, "signed_off_by" integer references "users" ("id"), "signed_off_at" text, "nurse_id" integer references "users" ("id"), "next_review_date" text, "holds" integer not null, "step_backs" integer not null, "start_ome" real, "current_ome" real, "rule_set_id" text not null, "rule_set_version" text not null, "created_at" text not null, "created_by" integer references "users" ("id"), "updated_at" text not null, "version" integer not null, "mg_per_ml" real, "source_mdt_action_id" integer references "mdt_actions" ("id"), "needs_review_reason" text, "needs_review_since" text, "plan_version" integer default 1 not null, "version_reason" text, "version_from" text, "avoid_weekends" integer default 0 not null, "prn_min_interval_hours" real);
-- table taper_reviews
CREATE TABLE "taper_reviews" ("id" integer primary key autoincrement, "plan_id" integer not null references "taper_plans" ("id"), "patient_id" integer not null references "patients" ("id"), "step_no" integer not null, "review_date" text not null, "outcome" text not null, "cows_json" text, "cows_total" integer, "cows_band" text, "withdrawal_symptoms" text not null, "pain_score" integer not null, "function_score" integer not null, "notes" text not null, "next_review_date" text, "recorded_at" text not null, "recorded_by" integer references "users" ("id"));
-- table taper_steps
CREATE TABLE "taper_steps" ("id" integer primary key autoincrement, "plan_id" integer not null references "taper_plans" ("id"), "step_no" integer not null, "date" text not null, "dose" real not null, "administrations_json" text, "products_text" text, "note" text, "length_causes" text);
-- table users
CREATE TABLE "users" ("id" integer primary key autoincrement, "username" text not null unique, "display_name" text not null, "role" text not null, "password_hash" text not null, "active" integer default 1 not null, "created_at" text not null, "updated_at" text not null, "must_change_password" integer default 0 not null, "clinical_lead" integer default 0 not null, "version" integer default 0 not null);
-- trigger audit_log_no_delete
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- trigger audit_log_no_update
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- trigger mdt_letter_templates_frozen
CREATE TRIGGER mdt_letter_templates_frozen BEFORE UPDATE ON mdt_letter_templates WHEN NOT (OLD.approved_at IS NULL AND NEW.approved_at IS NOT NULL AND NEW.approved_by IS NOT NULL AND NEW.template_id IS OLD.template_id AND NEW.audience IS OLD.audience AND NEW.name IS OLD.name AND NEW.version IS OLD.version AND NEW.body IS OLD.body AND NEW.source IS OLD.source AND NEW.change_note IS OLD.change_note AND NEW.example IS OLD.example AND NEW.created_at IS OLD.created_at) BEGIN SELECT RAISE(ABORT, 'a letter template version cannot be changed; create a new version'); END;
-- trigger mdt_letters_sent_frozen
CREATE TRIGGER mdt_letters_sent_frozen BEFORE UPDATE ON mdt_letters WHEN OLD.status = 'sent' AND ( OLD.superseded_at IS NOT NULL OR NEW.status IS NOT OLD.status OR NEW.body IS NOT OLD.body OR NEW.problem IS NOT OLD.problem OR NEW.outcome_id IS NOT OLD.outcome_id OR NEW.patient_id IS NOT OLD.patient_id OR NEW.audience IS NOT OLD.audience OR NEW.recipient_name IS NOT OLD.recipient_name OR NEW.template_id IS NOT OLD.template_id OR NEW.template_version IS NOT OLD.template_version OR NEW.generated_at IS NOT OLD.generated_at OR NEW.sent_at IS NOT OLD.sent_at OR NEW.sent_by IS NOT OLD.sent_by OR NEW.replaces_letter_id IS NOT OLD.replaces_letter_id) BEGIN SELECT RAISE(ABORT, 'a sent letter cannot be changed'); END;
-- trigger rule_set_versions_immutable
CREATE TRIGGER rule_set_versions_immutable BEFORE UPDATE OF id, kind, set_key, version, name, source, body, is_default, created_at, created_by, reason ON rule_set_versions BEGIN SELECT RAISE(ABORT, 'rule set versions are immutable: save a new version'); END;
-- trigger rule_set_versions_no_delete
CREATE TRIGGER rule_set_versions_no_delete BEFORE DELETE ON rule_set_versions BEGIN SELECT RAISE(ABORT, 'rule set versions are never deleted'); END;
-- trigger rule_set_versions_superseded_once
CREATE TRIGGER rule_set_versions_superseded_once BEFORE UPDATE OF superseded_at, superseded_by_id ON rule_set_versions WHEN OLD.superseded_by_id IS NOT NULL OR (OLD.superseded_at IS NOT NULL AND NEW.superseded_at IS NOT OLD.superseded_at) BEGIN SELECT RAISE(ABORT, 'rule set versions are immutable: this version was already superseded'); END;
