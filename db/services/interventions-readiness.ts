/**
 * A request with the facts its readiness reads (RequestContext), the readiness input built from them, the
 * per-item overrides and the summary (open items, blocks, plans awaiting approval). Split from
 * interventions.ts; the rules themselves are in shared/clinical/interventions.
 */
import type { Kysely } from 'kysely';
import {
  MIN_NOTICE_DAYS,
  addCalendarDays,
  calendarDaysBetween,
  type HoldPlan,
  type HoldPlanRecord,
  type ProcedureDefinition,
  type ProcedureHistoryEntry,
  type ReadinessInput,
  type ReadinessResult,
  serotonergicFromMedicines,
  type ListedSerotonergic,
} from '../../shared/clinical/interventions/index';
import type { ReadinessRecord } from '../../shared/domain/interventions';
import { SCS_TRIAL_PROCEDURES } from '../../shared/domain/interventions-scs';
import { ClinicalInputError } from '../../shared/clinical/errors';
import { formatDateGb } from '../../shared/dates';
import { AppError } from '../../shared/result';
import { SHIPPED_INTERVENTION_RULES, type InterventionRules } from '../../shared/domain/rule-sets';
import { parseReadiness, toAllergyEntry } from '../mappers/interventions';
import { groupBy } from '../../shared/group-by';
import * as q from '../queries/interventions';
import * as qr from '../queries/interventions-readiness';
import type { DB } from '../schema';
import { requireProcedure, rowSite, siteKey, toHistoryEntry } from './interventions-common';
import { patientBleedingTier } from './interventions-holds';

type Db = Kysely<DB>;
/** The module's queries compiled once (db/queries/interventions.ts). */
const cq = q.compiledQueries;
/** Readiness items handled by the booking checks instead (session-specific), not by a readiness override. */
const BOOKING_ITEMS = new Set(['repeat-interval', 'priority-and-rtt']);

// ---------------------------------------------------------------- requests and readiness

/** The columns of a request its readiness reads (the waiting list reads only these, for thousands). */
export type ReadinessRow = Pick<
  q.RequestRow,
  | 'id'
  | 'patient_id'
  | 'procedure_code'
  | 'indication'
  | 'site'
  | 'side'
  | 'site_region'
  | 'site_levels'
  | 'priority'
  | 'rtt_clock_start'
  | 'status'
  | 'readiness_json'
  | 'override_items_json'
  | 'override_reason'
  | 'override_by'
  | 'override_at'
>;

export interface RequestContext<R extends ReadinessRow = q.RequestRow> {
  row: R;
  procedure: ProcedureDefinition;
  record: ReadinessRecord;
  antis: Awaited<ReturnType<typeof q.antithromboticsFor>>;
  allergies: Awaited<ReturnType<typeof q.allergiesFor>>;
  history: ProcedureHistoryEntry[];
  /** The patient's date of birth (age raises the bleeding-risk tier). */
  patientDob: string | null;
  /** The rule sets in use (Settings › Clinical rule sets): holds, commissioner rules, catalogue. */
  rules: InterventionRules;
  /** SSRIs/SNRIs on the patient's medicines list now (a warning before a high-risk procedure). */
  serotonergic: ListedSerotonergic[];
}

export function requestContext<R extends ReadinessRow>(
  row: R,
  antis: RequestContext['antis'],
  allergies: RequestContext['allergies'],
  hist: readonly Parameters<typeof toHistoryEntry>[0][],
  rules: InterventionRules,
  patientDob: string | null,
  medicines: readonly { generic: string; name: string }[],
): RequestContext<R> {
  return {
    patientDob,
    serotonergic: serotonergicFromMedicines(medicines, rules.serotonergic),
    row,
    procedure: requireProcedure(row.procedure_code, rules.catalogue),
    record: parseReadiness(row.readiness_json),
    antis,
    allergies,
    history: hist.map(toHistoryEntry),
    rules,
  };
}

type RowsOf<F extends (...args: never[]) => Promise<unknown[]>> = Awaited<ReturnType<F>>;

/** What readiness reads for many requests, read at once (one statement per kind), by request or patient id. */
export interface ReadinessFacts {
  requestById: Map<number, RowsOf<typeof qr.requestsByIds>[number]>;
  antisOf: Map<number, RowsOf<typeof qr.antithromboticsForRequests>>;
  allergiesOf: Map<number, RowsOf<typeof qr.allergiesForPatients>>;
  historyOf: Map<number, RowsOf<typeof qr.procedureHistoryForPatients>>;
  medsOf: Map<number, RowsOf<typeof qr.activeMedicineNamesForPatients>>;
}

/**
 * The facts readiness reads for these requests, for all of them at once (the same reads as loadRequest, one
 * statement per kind: db/queries/interventions-readiness.ts): the waiting list and "Fill this session" read
 * thousands.
 */
export async function readinessFacts(
  db: Db,
  rows: readonly { id: number; patient_id: number }[],
): Promise<ReadinessFacts> {
  if (rows.length === 0)
    return {
      requestById: new Map(),
      antisOf: new Map(),
      allergiesOf: new Map(),
      historyOf: new Map(),
      medsOf: new Map(),
    };
  const requestIds = JSON.stringify(rows.map((r) => r.id));
  const patientIds = JSON.stringify([...new Set(rows.map((r) => r.patient_id))]);
  const [requests, antis, allergies, history, meds] = await Promise.all([
    qr.requestsByIds(db, requestIds),
    qr.antithromboticsForRequests(db, requestIds),
    qr.allergiesForPatients(db, patientIds),
    qr.procedureHistoryForPatients(db, patientIds),
    qr.activeMedicineNamesForPatients(db, patientIds),
  ]);
  return {
    requestById: new Map(requests.map((r) => [r.id, r])),
    antisOf: groupBy(antis, (a) => a.request_id),
    allergiesOf: groupBy(allergies, (a) => a.patient_id),
    historyOf: groupBy(history, (h) => h.patient_id),
    medsOf: groupBy(meds, (m) => m.patient_id),
  };
}

/** A request's context from facts read with readinessFacts (undefined: the request is not among them). */
export function contextFromFacts(facts: ReadinessFacts, requestId: number, rules: InterventionRules) {
  const full = facts.requestById.get(requestId);
  if (!full) return undefined;
  const { patient_dob, ...requestRow } = full;
  return requestContext(
    requestRow,
    facts.antisOf.get(requestId) ?? [],
    facts.allergiesOf.get(full.patient_id) ?? [],
    facts.historyOf.get(full.patient_id) ?? [],
    rules,
    patient_dob,
    facts.medsOf.get(full.patient_id) ?? [],
  );
}

/** A request with what its readiness and checks read: hold plans, allergies, procedure history. */
export async function loadRequest(
  db: Db,
  id: number,
  rules: InterventionRules = SHIPPED_INTERVENTION_RULES,
  known?: q.RequestRow,
): Promise<RequestContext> {
  const row = known ?? (await cq.requestById.all(db, { id }))[0];
  if (!row) throw new AppError('NOT_FOUND', 'That procedure request does not exist.');
  const [antis, allergies, hist, patient, meds] = await Promise.all([
    cq.antithromboticsFor.all(db, { requestId: id }),
    cq.allergiesFor.all(db, { patientId: row.patient_id }),
    cq.procedureHistory.all(db, { patientId: row.patient_id }),
    q.patientName(db, row.patient_id),
    cq.activeMedicines.all(db, { patientId: row.patient_id }),
  ]);
  return requestContext(row, antis, allergies, hist, rules, patient?.date_of_birth ?? null, meds);
}

export function holdRecords(rc: RequestContext<ReadinessRow>): HoldPlanRecord[] {
  return rc.antis.map((a) => ({
    drug: a.drug,
    plan: JSON.parse(a.plan_json) as HoldPlan,
    approved: a.approved_by !== null,
  }));
}

/** Consent stage 1 as readiness reads it from the stored record. */
function consentStage1Of(r: ReadinessRecord): ReadinessInput['listing']['consentStage1'] {
  if (!r.consentStage1Date) return undefined;
  return r.consentLeafletVersion
    ? { date: r.consentStage1Date, leafletVersion: r.consentLeafletVersion }
    : { date: r.consentStage1Date };
}

export function readinessInput(
  rc: RequestContext<ReadinessRow>,
  todayIso: string,
  booking?: ReadinessInput['booking'],
): ReadinessInput {
  const r = rc.record;
  const listing: ReadinessInput['listing'] = {
    indication: rc.row.indication,
    site: siteKey(rc.row.site, rc.row.side),
    structuredSite: rowSite(rc.row),
    eligibility: { status: r.eligibilityStatus },
    clinicalPriority: rc.row.priority as NonNullable<ReadinessInput['listing']['clinicalPriority']>,
    rttClockStart: rc.row.rtt_clock_start,
    baselineOutcomesRecorded: r.baselineOutcomesRecorded,
  };
  if (r.eligibilityOverrideReason) listing.eligibility.overrideReason = r.eligibilityOverrideReason;
  const consent = consentStage1Of(r);
  if (consent) listing.consentStage1 = consent;
  const medicines: ReadinessInput['medicines'] = {
    antithromboticsReviewed: r.antithromboticsReviewed,
    antithrombotics: rc.antis.map((a) => ({
      drug: a.drug,
      holdPlan: JSON.parse(a.plan_json) as HoldPlan,
      holdPlanApproved: a.approved_by !== null,
    })),
    onDualAntiplateletTherapy: r.onDualAntiplatelet,
    // Warfarin: an INR check planned, or a result recorded, satisfies the INR item.
    inrPlanRecorded: r.inrCheckPlanned || (r.inrResult !== null && r.inrResultDate !== null),
  };
  if (r.crclMlPerMin !== null && r.crclDate)
    medicines.creatinineClearance = { mlPerMin: r.crclMlPerMin, date: r.crclDate };
  if (r.coronaryStentDate) medicines.coronaryStentDate = r.coronaryStentDate;
  if (r.cardiologyDecisionDate) medicines.cardiologyDecisionDate = r.cardiologyDecisionDate;
  // The tier the hold plans used (patient factors raise it; bleeding-tier.ts), at the plans' start.
  const tier = patientBleedingTier(rc, rc.antis[0]?.plan_for ?? todayIso);
  if (tier) {
    medicines.effectiveBleedingRisk = tier.tier;
    medicines.bleedingRiskFactors = tier.reasons;
  }
  // An SCS trial: the restart waits for the lead removal (its date is added where the episode is read).
  if ((SCS_TRIAL_PROCEDURES as readonly string[]).includes(rc.procedure.code))
    medicines.scsTrial = { leadsRemovedOn: null };
  medicines.serotonergic = rc.serotonergic;
  medicines.serotonergicRules = rc.rules.serotonergic;
  medicines.steroidPlanned = r.steroidPlanned;
  medicines.diabetic = r.diabetic;
  if (r.cumulativeSteroidMg12m !== null) medicines.cumulativeSteroidMgLast12Months = r.cumulativeSteroidMg12m;
  const safety: ReadinessInput['safety'] = {
    allergiesReviewed: r.allergiesReviewed,
    allergies: rc.allergies.map(toAllergyEntry),
    devicesReviewed: r.devicesReviewed,
    devices: r.devices,
    pregnancyEnquiryArranged: r.pregnancyEnquiryArranged,
    exclusionsReviewed: r.exclusionsReviewed,
  };
  if (r.plannedContrastAgent) safety.plannedContrastAgent = r.plannedContrastAgent;
  if (r.activeInfection !== null) safety.activeInfection = r.activeInfection;
  if (r.mrsaScreenDate && r.mrsaScreenResult)
    safety.mrsaScreen = { date: r.mrsaScreenDate, result: r.mrsaScreenResult };
  const sedation: NonNullable<ReadinessInput['safety']['sedation']> = {
    planned: r.sedationPlanned,
    fastingInstructionsGiven: r.fastingInstructionsGiven,
    escortConfirmed: r.escortConfirmed,
    airwayAssessed: r.airwayAssessed,
  };
  if (r.asaGrade !== null) sedation.asaGrade = r.asaGrade as 1 | 2 | 3 | 4 | 5;
  safety.sedation = sedation;
  const input: ReadinessInput = {
    today: todayIso,
    procedure: rc.procedure,
    commissionerRules: rc.rules.commissioner,
    history: rc.history,
    listing,
    medicines,
    safety,
  };
  if (booking) input.booking = booking;
  return input;
}

/** A stored per-item override (override_items_json); an older row's list of ids shares its one reason. */
export interface StoredOverride {
  itemId: string;
  reason: string;
  by: number | null;
  at: string;
}

export function storedOverrides(
  row: Pick<q.RequestRow, 'override_items_json' | 'override_reason' | 'override_by' | 'override_at'>,
): StoredOverride[] {
  if (!row.override_items_json) return [];
  const items = JSON.parse(row.override_items_json) as (string | StoredOverride)[];
  return items.map((i) =>
    typeof i === 'string'
      ? { itemId: i, reason: row.override_reason ?? '', by: row.override_by, at: row.override_at ?? '' }
      : i,
  );
}

interface ReadinessSummary {
  readiness: ReadinessResult;
  /** Gate A-C items still needing an override (warn or missing), after any approved override. */
  openItems: string[];
  blocks: string[];
  holdsPending: string[];
  ready: boolean;
}

export function summarise(rc: RequestContext<ReadinessRow>, readiness: ReadinessResult): ReadinessSummary {
  const covered = new Set<string>(storedOverrides(rc.row).map((o) => o.itemId));
  const abc = readiness.items.filter((i) => i.gate !== 'D');
  const blocks = abc.filter((i) => i.status === 'block').map((i) => i.message);
  const openItems = abc
    .filter((i) => (i.status === 'warn' || i.status === 'missing') && !i.id.startsWith('hold-plan-'))
    .filter((i) => !BOOKING_ITEMS.has(i.id) && !covered.has(i.id))
    .map((i) => i.id);
  const holdsPending = holdRecords(rc)
    .filter((h) => h.plan.needsApproval && !h.approved)
    .map((h) => h.drug);
  return {
    readiness,
    openItems,
    blocks,
    holdsPending,
    ready: blocks.length === 0 && openItems.length === 0 && holdsPending.length === 0,
  };
}

/**
 * The procedure start a hold plan is computed for: the booked session; else the start a prescriber last
 * approved a plan for (a list chosen through Find a slot), while that start is still ahead; else the
 * earliest reasonable date. Without the middle step every save recomputed the plan for "today + 21 days"
 * and cleared an approval that nothing clinical had changed (H-INT-36).
 */
export async function planTarget(db: Db, rc: RequestContext, todayIso: string): Promise<string> {
  const bookings = await q.bookingsForRequest(db, rc.row.id);
  const booked = bookings.find((b) => b.status === 'booked');
  if (booked && calendarDaysBetween(todayIso, booked.session_date) >= 0)
    return `${booked.session_date}T${booked.start_time}`;
  // The starts of EVERY booking this request has had (any status). A booked start still ahead returned
  // above, so each start here is one whose booking was cancelled, is done, or lies in the past: an approval
  // given for it is spent and needs re-approval; only an approval for a start never booked (a list chosen
  // through Find a slot) can still be the plan's.
  const startsOfSpentBookings = new Set(bookings.map((b) => `${b.session_date}T${b.start_time}`));
  const approvedFor = rc.antis
    .filter((a) => a.approved_at !== null && a.plan_for.slice(0, 10) > todayIso)
    .filter((a) => !startsOfSpentBookings.has(a.plan_for))
    .sort((a, b) => (a.approved_at! < b.approved_at! ? -1 : 1))
    .at(-1)?.plan_for;
  return approvedFor ?? addCalendarDays(todayIso, MIN_NOTICE_DAYS);
}

/** The stored facts whose value can make readiness impossible to work out (a date after today), in words. */
const UNREADABLE_FIELDS: Record<string, string> = {
  'listing.rttClockStart': 'the RTT clock start',
  'listing.consentStage1.date': 'the consent stage 1 date',
  'medicines.creatinineClearance.date': 'the creatinine clearance date',
  'medicines.coronaryStentDate': 'the coronary stent date',
  'medicines.cardiologyDecisionDate': 'the cardiology decision date',
  'safety.mrsaScreen.date': 'the MRSA screen date',
};

/**
 * Readiness, or, when the stored record makes it impossible to work out (a date after today: imported or
 * mistyped data), why in words. A list of thousands evaluates each request: one such request is not ready
 * with this reason, rather than refusing the whole list with a message that names neither patient nor field.
 */
export function readinessOrWhy(evaluate: () => ReadinessResult): ReadinessResult | { why: string } {
  try {
    return evaluate();
  } catch (err) {
    if (!(err instanceof ClinicalInputError)) throw err;
    const what = UNREADABLE_FIELDS[err.field ?? ''] ?? 'its recorded details';
    const detail = err.message
      .replace(/^[\w.[\]]+: /, '')
      .replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => formatDateGb(d));
    return {
      why: `Readiness cannot be worked out from ${what}: ${detail} The request’s record needs correcting before this patient is booked.`,
    };
  }
}
