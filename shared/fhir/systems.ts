/**
 * Identifier and code systems, profile addresses and extension addresses that Alongside's FHIR exchange
 * uses. Sources: HL7 FHIR R4 (hl7.org/fhir/R4), HL7 FHIR UK Core R4 (the UK Core implementation guide,
 * NHS England and HL7 UK), the NHS number identifier system and the ICD-11 MMS linearization (WHO).
 */
export const SYSTEM = {
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  /** SNOMED CT, including the UK drug extension (dm+d concepts are SNOMED CT concepts). */
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  icd11: 'http://id.who.int/icd/release/11/mms',
  nhsNumberVerification: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
  allergyClinical: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
  allergyVerification: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  prescribingOrganizationType:
    'https://fhir.hl7.org.uk/CodeSystem/UKCore-MedicationPrescribingOrganizationType',
  /** dm+d as UK Core's own examples write it (SNOMED CT's address is read as well). */
  dmd: 'https://dmd.nhs.uk',
  /** Local identifiers of Alongside's own records, so a re-export of the same record keeps its identity. */
  localRecord: 'urn:alongside:record',
  hospitalNumber: 'urn:alongside:hospital-number',
} as const;

const UKCORE = 'https://fhir.hl7.org.uk/StructureDefinition/';

/** UK Core profiles each exported resource claims (Goal has no UK Core profile: base R4). */
export const PROFILE = {
  Patient: `${UKCORE}UKCore-Patient`,
  AllergyIntolerance: `${UKCORE}UKCore-AllergyIntolerance`,
  Condition: `${UKCORE}UKCore-Condition`,
  MedicationStatement: `${UKCORE}UKCore-MedicationStatement`,
  Observation: `${UKCORE}UKCore-Observation`,
  CarePlan: `${UKCORE}UKCore-CarePlan`,
  EpisodeOfCare: `${UKCORE}UKCore-EpisodeOfCare`,
  QuestionnaireResponse: `${UKCORE}UKCore-QuestionnaireResponse`,
  ServiceRequest: `${UKCORE}UKCore-ServiceRequest`,
  Appointment: `${UKCORE}UKCore-Appointment`,
  Procedure: `${UKCORE}UKCore-Procedure`,
  Composition: `${UKCORE}UKCore-Composition`,
  DocumentReference: `${UKCORE}UKCore-DocumentReference`,
  Bundle: `${UKCORE}UKCore-Bundle`,
} as const;

export const EXTENSION = {
  nhsNumberVerificationStatus: `${UKCORE}Extension-UKCore-NHSNumberVerificationStatus`,
  medicationPrescribingOrganizationType: `${UKCORE}Extension-UKCore-MedicationPrescribingOrganizationType`,
} as const;
