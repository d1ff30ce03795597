/** Interventions: database rows <-> domain values. */
import type { AllergyCategory, AllergyEntry } from '../../shared/clinical/interventions/readiness';
import { findProcedure } from '../../shared/clinical/interventions/catalogue';
import { calendarDaysBetween } from '../../shared/clinical/interventions/dates';
import type {
  Priority,
  ReadinessRecord,
  RequestStatus,
  Side,
  WaitingListItem,
} from '../../shared/domain/interventions';
import { PRIORITIES } from '../../shared/domain/interventions';

/** Sort rank of a clinical priority: P1a first. */
export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority) + 1;
}

/** A waiting-list row is "at risk" when its breach date is within this many days (or past). */
export const AT_RISK_DAYS = 42;

export const EMPTY_READINESS: ReadinessRecord = {
  eligibilityStatus: 'not-checked',
  eligibilityOverrideReason: null,
  consentStage1Date: null,
  consentLeafletVersion: null,
  baselineOutcomesRecorded: false,
  antithromboticsReviewed: false,
  crclMlPerMin: null,
  crclDate: null,
  onDualAntiplatelet: false,
  coronaryStentDate: null,
  cardiologyDecisionDate: null,
  allergiesReviewed: false,
  plannedContrastAgent: null,
  activeInfection: null,
  mrsaScreenDate: null,
  mrsaScreenResult: null,
  devicesReviewed: false,
  devices: [],
  pregnancyEnquiryArranged: false,
  sedationPlanned: false,
  fastingInstructionsGiven: false,
  escortConfirmed: false,
  asaGrade: null,
  airwayAssessed: false,
  exclusionsReviewed: false,
  logisticsNote: null,
  inrCheckPlanned: false,
  inrResult: null,
  inrResultDate: null,
  renalDisease: false,
  liverDisease: false,
  coagulopathy: false,
  steroidPlanned: false,
  diabetic: false,
  cumulativeSteroidMg12m: null,
};

export function parseReadiness(json: string): ReadinessRecord {
  return { ...EMPTY_READINESS, ...(JSON.parse(json) as Partial<ReadinessRecord>) };
}

export interface ListRow {
  id: number;
  patient_id: number;
  procedure_code: string;
  side: string;
  site: string;
  priority: string;
  rtt_clock_start: string;
  rtt_breach_date: string;
  status: string;
  rebook_by: string | null;
  surname: string;
  forename: string;
  nhs_number: string | null;
  clinician_name: string | null;
}

export function toWaitingListItem(row: ListRow, today: string): WaitingListItem {
  const daysToBreach = calendarDaysBetween(today, row.rtt_breach_date);
  return {
    id: row.id,
    patientId: row.patient_id,
    patientName: `${row.surname.toUpperCase()}, ${row.forename}`,
    nhsNumber: row.nhs_number,
    procedureCode: row.procedure_code,
    procedureName: findProcedure(row.procedure_code)?.name ?? row.procedure_code,
    side: row.side as Side,
    site: row.site,
    priority: row.priority as Priority,
    rttClockStart: row.rtt_clock_start,
    rttBreachDate: row.rtt_breach_date,
    daysToBreach,
    atRisk: row.status === 'waiting' && daysToBreach <= AT_RISK_DAYS,
    status: row.status as RequestStatus,
    rebookBy: row.rebook_by,
    clinicianName: row.clinician_name,
    // Whole weeks since the RTT clock started (day 0 is the clock-start day).
    weeksWaited: Math.max(0, Math.floor(calendarDaysBetween(row.rtt_clock_start, today) / 7)),
    bookedDate: null,
    ready: null,
    notReady: [],
    bookedNotReady: false,
    needsReapproval: [],
  };
}

const CONTRAST = /contrast|iohexol|omnipaque|iodixanol|visipaque|iopamidol|niopam|iomeprol|iopromide/i;

/**
 * Reads a free-text allergy (the foundation's allergies table: agent and reaction) into the readiness
 * categories. "Iodine" alone is 'iodine-unspecified' (the checklist then asks for the specific agent).
 */
export function classifyAllergy(agent: string): AllergyCategory {
  const a = agent.toLowerCase();
  if (/gadolin|gadoterate|dotarem/.test(a)) return 'gadolinium-contrast';
  if (CONTRAST.test(a)) return 'iodinated-contrast';
  if (/povidone|betadine/.test(a)) return 'povidone-iodine';
  if (/shellfish|seafood|prawn|shrimp/.test(a)) return 'shellfish';
  if (/iodine/.test(a)) return 'iodine-unspecified';
  if (/caine|local anaes/.test(a)) return 'local-anaesthetic';
  if (/latex/.test(a)) return 'latex';
  if (/chlorhex/.test(a)) return 'chlorhexidine';
  if (/steroid|methylpred|triamcinolone|dexameth|depo-medrone|kenalog/.test(a)) return 'steroid';
  if (/plaster|adhesive|tape|dressing/.test(a)) return 'adhesive';
  return 'other';
}

export function toAllergyEntry(row: {
  agent: string;
  reaction: string;
  recorded_on: string | null;
}): AllergyEntry {
  const entry: AllergyEntry = { category: classifyAllergy(row.agent), agent: row.agent };
  if (row.reaction.trim()) entry.reaction = row.reaction;
  if (row.recorded_on) entry.date = row.recorded_on;
  return entry;
}
