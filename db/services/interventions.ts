/**
 * Intervention scheduling services: the waiting list, readiness (gates A-D), hold plans, sessions,
 * booking with every conflict check, cancellations, the day itself and outcomes.
 *
 * All clinical rules come from shared/clinical/interventions; this file only gathers the facts, calls them
 * and stores what they say (with the rule-set label).
 */
import type { Kysely } from 'kysely';
import {
  ASRA_ESRA_PAIN_2018,
  EXAMPLE_COMMISSIONER_RULES,
  MIN_NOTICE_DAYS,
  PROCEDURE_CATALOGUE,
  addCalendarDays,
  antithromboticsFromMedicines,
  calendarDaysBetween,
  evaluateReadiness,
  findProcedure,
  holdInstructions,
  parseSite,
  structuredSite,
  normaliseDrugKey,
  plannedCaseDuration,
  rttBreachDate,
  ruleSetLabel,
  sessionCapacity,
  type Equipment,
  type HoldPlan,
  type HoldPlanRecord,
  type ListedAntithrombotic,
  type MedicineListLine,
  type ProcedureDefinition,
  type ProcedureHistoryEntry,
  type ProcedureSession,
  type ReadinessInput,
  type ReadinessResult,
  type SiteRef,
  type SiteRegion,
  type SiteSide,
  type StructuredSite,
  startTimeProblem,
} from '../../shared/clinical/interventions/index';
import { londonToday } from '../../shared/dates';
import { can } from '../../shared/domain/roles';
import {
  CLINICAL_READINESS_FIELDS,
  CLINICAL_READINESS_LABELS,
  PRIORITIES,
  type BookingView,
  type Priority,
  type FollowUpItem,
  type ReadinessRecord,
  type RequestDetail,
  type SessionView,
  type WaitingListItem,
} from '../../shared/domain/interventions';
import type { z } from 'zod';
import type { antithromboticInputSchema, requestInputSchema } from '../../shared/domain/interventions';
import { AppError } from '../../shared/result';
import { SHIPPED_INTERVENTION_RULES, type InterventionRules } from '../../shared/domain/rule-sets';
import {
  EMPTY_READINESS,
  parseReadiness,
  priorityRank,
  toAllergyEntry,
  toWaitingListItem,
} from '../mappers/interventions';
import * as q from '../queries/interventions';
import { readinessSources } from '../queries/interventions-batch';
import type { DB } from '../schema';
import { writeAudit } from './audit';
import { clinical } from './clinical-errors';
import type { HandlerContext, Trx } from './context';
import { interventionRules } from './rule-sets';
import { computePlan, patientBleedingTier, recomputeHolds } from './interventions-holds';

type Db = Kysely<DB>;
/** The module's queries compiled once (db/queries/interventions.ts). */
const cq = q.compiledQueries;

/** The anticoagulant rule set in use (decisions.md: ASRA/ESRA pain 2018 is the default). */
export const HOLD_RULE_SET = ASRA_ESRA_PAIN_2018;
/** The commissioner rules in use: the shipped EXAMPLE set, clearly labelled as such. */
export const COMMISSIONER_RULES = EXAMPLE_COMMISSIONER_RULES;
/** How far ahead "find a slot" looks. */
export const SLOT_HORIZON_MONTHS = 6;
/** A case cancelled on the day for a non-clinical reason must be rebooked within this many days. */
export const REBOOK_WITHIN_DAYS = 28;
/** Readiness items handled by the booking checks instead (session-specific), not by a readiness override. */
const BOOKING_ITEMS = new Set(['repeat-interval', 'priority-and-rtt']);

/** Today in Europe/London for the request's clock. */
export const today = (ctx: Pick<HandlerContext, 'now'>): string => londonToday(ctx.now());

/** Runs a pure clinical rule, turning its input errors into a VALIDATION refusal. */
export function requireProcedure(code: string, catalogue = PROCEDURE_CATALOGUE): ProcedureDefinition {
  const p = findProcedure(code, catalogue);
  if (!p)
    throw new AppError('VALIDATION', 'Choose a procedure from the catalogue.', {
      procedureCode: 'Choose a procedure from the catalogue.',
    });
  return p;
}

/** Site as compared between procedures: level/target plus side ('L4-5 bilateral'). */
export function siteKey(site: string, side: string): string {
  return side === 'not-applicable' ? site : `${site} ${side}`;
}

/** The structured site stored on a request row (null: the site is not structured). */
export function rowSite(r: {
  site_region?: string | null;
  site_levels?: string | null;
  side: string;
}): StructuredSite | null {
  if (r.site_region === null || r.site_region === undefined) return null;
  return {
    region: r.site_region as SiteRegion,
    levels: r.site_levels ? r.site_levels.split(',') : [],
    side: r.side as SiteSide,
  };
}

/** The planned site as the checks compare it: the written words plus the structure. */
export function siteRef(r: Parameters<typeof rowSite>[0] & { site: string }): SiteRef {
  return { text: siteKey(r.site, r.side), structured: rowSite(r) };
}

/** A procedure done (booking + outcome row) as the repeat-interval and prerequisite rules read it. */
export function toHistoryEntry(h: {
  procedure_code: string;
  session_date: string;
  site: string;
  side: string;
  site_region?: string | null;
  site_levels?: string | null;
  relief_percent: number | null;
  successful: number | null;
}): ProcedureHistoryEntry {
  const entry: ProcedureHistoryEntry = {
    procedureCode: h.procedure_code,
    date: h.session_date,
    site: siteKey(h.site, h.side),
    structuredSite: rowSite(h),
  };
  if (h.relief_percent !== null) entry.reliefPercent = h.relief_percent;
  if (h.successful !== null) entry.successful = h.successful === 1;
  return entry;
}

export function userId(ctx: HandlerContext): number | null {
  return ctx.session?.userId ?? null;
}

// ---------------------------------------------------------------- durations

/**
 * Planned minutes (decisions.md, Interventions 6; pure rule plannedCaseDuration): the clinician's own median
 * once they have 30 timed cases of the procedure, else the procedure's median once 30 exist, else the
 * catalogue default; `source` says which ("median of 34 cases by Dr X").
 */
export async function plannedDuration(
  db: Db,
  procedure: ProcedureDefinition,
  clinicianId: number | null,
): Promise<{ minutes: number; source: string }> {
  const [all, own, name] = await Promise.all([
    q.observedMedian(db, procedure.code),
    clinicianId !== null ? q.observedMedian(db, procedure.code, clinicianId) : undefined,
    clinicianId !== null ? q.userName(db, clinicianId) : undefined,
  ]);
  const input: Parameters<typeof plannedCaseDuration>[0] = {
    catalogueMinutes: procedure.defaultDurationMinutes,
    procedure: all,
  };
  if (own && name) input.clinician = { ...own, name: name.display_name };
  const d = clinical(() => plannedCaseDuration(input));
  return { minutes: d.minutes, source: d.source };
}

// ---------------------------------------------------------------- sessions

export function equipmentOf(row: Pick<q.SessionRow, 'equipment'>): Equipment[] {
  return row.equipment ? (row.equipment.split(',') as Equipment[]) : [];
}

export function toProcedureSession(row: q.SessionRow, bookedMinutes: readonly number[]): ProcedureSession {
  return {
    id: String(row.id),
    date: row.date,
    start: row.start_time,
    end: row.end_time,
    clinicianId: String(row.clinician_id),
    setting: row.setting as ProcedureSession['setting'] & string,
    hasRadiographer: row.radiographer !== null && row.radiographer !== '',
    equipment: equipmentOf(row),
    unavailableMinutes: row.unavailable_minutes,
    turnaroundMinutes: row.turnaround_minutes,
    bookedCaseMinutes: bookedMinutes,
  };
}

export async function sessionViews(db: Db, rows: q.SessionRow[]): Promise<SessionView[]> {
  if (rows.length === 0) return [];
  const [cases, users] = await Promise.all([
    cq.casesOnSessionsJson.all(db, { sessionIds: JSON.stringify(rows.map((r) => r.id)) }),
    cq.usersByIdsJson.all(db, { ids: JSON.stringify([...new Set(rows.map((r) => r.clinician_id))]) }),
  ]);
  const names = new Map(users.map((u) => [u.id, u.display_name]));
  return rows.map((row) =>
    toSessionView(
      row,
      cases.filter((c) => c.session_id === row.id),
      names.get(row.clinician_id) ?? 'Unknown',
    ),
  );
}

/** The columns a session view needs from a session row and from each of its active bookings. */
type SessionViewRow = Pick<
  q.SessionRow,
  | 'id'
  | 'date'
  | 'start_time'
  | 'end_time'
  | 'room'
  | 'setting'
  | 'clinician_id'
  | 'radiographer'
  | 'equipment'
  | 'unavailable_minutes'
  | 'turnaround_minutes'
>;
interface SessionViewCase {
  id: number;
  request_id: number;
  surname: string;
  forename: string;
  procedure_code: string;
  planned_minutes: number;
  status: string;
}

/** A session as the screens show it: capacity and utilisation from its cases (sessionCapacity), and the cases. */
export function toSessionView(
  row: SessionViewRow,
  cases: readonly SessionViewCase[],
  clinicianName: string,
): SessionView {
  // Real elapsed minutes across a clock change; a list made before times the clocks skip were refused
  // falls back on its wall-clock length rather than hiding the week.
  const real =
    startTimeProblem(row.date, row.start_time) === null && startTimeProblem(row.date, row.end_time) === null;
  const cap = sessionCapacity({
    start: real ? `${row.date}T${row.start_time}` : row.start_time,
    end: real ? `${row.date}T${row.end_time}` : row.end_time,
    unavailableMinutes: row.unavailable_minutes,
    turnaroundMinutes: row.turnaround_minutes,
    caseMinutes: cases.map((c) => c.planned_minutes),
  });
  return {
    id: row.id,
    date: row.date,
    start: row.start_time,
    end: row.end_time,
    room: row.room,
    setting: row.setting as SessionView['setting'],
    clinicianId: row.clinician_id,
    clinicianName,
    radiographer: row.radiographer,
    equipment: equipmentOf(row),
    unavailableMinutes: row.unavailable_minutes,
    turnaroundMinutes: row.turnaround_minutes,
    bookableMinutes: cap.bookableMinutes,
    usedMinutes: cap.usedMinutes,
    freeMinutes: cap.freeMinutes,
    utilisationPercent: cap.bookableMinutes
      ? Math.round((Math.min(cap.usedMinutes, cap.bookableMinutes) / cap.bookableMinutes) * 100)
      : 0,
    cases: cases.map((c) => ({
      bookingId: c.id,
      requestId: c.request_id,
      patientName: `${c.surname.toUpperCase()}, ${c.forename}`,
      procedureCode: c.procedure_code,
      minutes: c.planned_minutes,
      status: c.status as SessionView['cases'][number]['status'],
    })),
  };
}

export async function getSession(ctx: HandlerContext, id: number): Promise<SessionView> {
  const row = await q.sessionById(ctx.conn.db, id);
  if (!row) throw new AppError('NOT_FOUND', 'That session does not exist.');
  const [view] = await sessionViews(ctx.conn.db, [row]);
  return view!;
}

export async function weekSessions(ctx: HandlerContext, weekStart: string): Promise<SessionView[]> {
  const end = clinical(() => addCalendarDays(weekStart, 6, 'weekStart'));
  return sessionViews(ctx.conn.db, await q.sessionsBetween(ctx.conn.db, weekStart, end));
}

// ---------------------------------------------------------------- requests and readiness

export interface RequestContext {
  row: q.RequestRow;
  procedure: ProcedureDefinition;
  record: ReadinessRecord;
  antis: Awaited<ReturnType<typeof q.antithromboticsFor>>;
  allergies: Awaited<ReturnType<typeof q.allergiesFor>>;
  history: ProcedureHistoryEntry[];
  /** The patient's date of birth (age raises the bleeding-risk tier). */
  patientDob: string | null;
  /** The rule sets in use (Settings › Clinical rule sets): holds, commissioner rules, catalogue. */
  rules: InterventionRules;
}

function requestContext(
  row: q.RequestRow,
  antis: RequestContext['antis'],
  allergies: RequestContext['allergies'],
  hist: readonly Parameters<typeof toHistoryEntry>[0][],
  rules: InterventionRules,
  patientDob: string | null,
): RequestContext {
  return {
    patientDob,
    row,
    procedure: requireProcedure(row.procedure_code, rules.catalogue),
    record: parseReadiness(row.readiness_json),
    antis,
    allergies,
    history: hist.map(toHistoryEntry),
    rules,
  };
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
  const [antis, allergies, hist, patient] = await Promise.all([
    cq.antithromboticsFor.all(db, { requestId: id }),
    cq.allergiesFor.all(db, { patientId: row.patient_id }),
    cq.procedureHistory.all(db, { patientId: row.patient_id }),
    q.patientName(db, row.patient_id),
  ]);
  return requestContext(row, antis, allergies, hist, rules, patient?.date_of_birth ?? null);
}

/**
 * loadRequest for many requests at once (a waiting-list page): the same contexts from five statements in
 * all (db/queries/interventions-batch.ts) rather than five per request.
 */
export async function loadRequests(
  db: Db,
  rows: readonly { id: number; patient_id: number }[],
  rules: InterventionRules = SHIPPED_INTERVENTION_RULES,
): Promise<Map<number, RequestContext>> {
  const src = await readinessSources(
    db,
    rows.map((r) => r.id),
    rows.map((r) => r.patient_id),
  );
  const group = <T, K>(items: readonly T[], key: (t: T) => K) => {
    const m = new Map<K, T[]>();
    for (const i of items) (m.get(key(i)) ?? m.set(key(i), []).get(key(i))!).push(i);
    return m;
  };
  const antis = group(src.antis, (a) => a.request_id);
  const allergies = group(src.allergies, (a) => a.patient_id);
  const history = group(src.history, (h) => h.patient_id);
  const dob = new Map(src.patients.map((p) => [p.id, p.date_of_birth]));
  const out = new Map<number, RequestContext>();
  for (const row of src.requests)
    out.set(
      row.id,
      requestContext(
        row,
        antis.get(row.id) ?? [],
        (allergies.get(row.patient_id) ?? []).map(({ agent, reaction, recorded_on }) => ({
          agent,
          reaction,
          recorded_on,
        })),
        history.get(row.patient_id) ?? [],
        rules,
        dob.get(row.patient_id) ?? null,
      ),
    );
  return out;
}

export function holdRecords(rc: RequestContext): HoldPlanRecord[] {
  return rc.antis.map((a) => ({
    drug: a.drug,
    plan: JSON.parse(a.plan_json) as HoldPlan,
    approved: a.approved_by !== null,
  }));
}

export function readinessInput(
  rc: RequestContext,
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
  if (r.consentStage1Date) {
    listing.consentStage1 = { date: r.consentStage1Date };
    if (r.consentLeafletVersion) listing.consentStage1.leafletVersion = r.consentLeafletVersion;
  }
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

export function summarise(rc: RequestContext, readiness: ReadinessResult): ReadinessSummary {
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

/** The procedure start a hold plan is computed for: the booked session, else the earliest reasonable date. */
export async function planTarget(db: Db, rc: RequestContext, todayIso: string): Promise<string> {
  const booked = (await q.bookingsForRequest(db, rc.row.id)).find((b) => b.status === 'booked');
  if (booked && calendarDaysBetween(todayIso, booked.session_date) >= 0)
    return `${booked.session_date}T${booked.start_time}`;
  return addCalendarDays(todayIso, MIN_NOTICE_DAYS);
}

// ---------------------------------------------------------------- antithrombotics from the medicines list

/** Requests whose antithrombotics follow the medicines list (a done or removed request keeps its history). */
const FOLLOWS_MEDICINES = new Set(['waiting', 'booked']);

/** The anticoagulants, antiplatelets and covered NSAIDs on the patient's medicines list now. */
export async function listedAntithrombotics(db: Db, patientId: number): Promise<ListedAntithrombotic[]> {
  return antithromboticsOf(await cq.activeMedicines.all(db, { patientId }));
}

function antithromboticsOf(
  rows: readonly Awaited<ReturnType<typeof cq.activeMedicines.all>>[number][],
): ListedAntithrombotic[] {
  return clinical(() =>
    antithromboticsFromMedicines(
      rows.map((r): MedicineListLine => ({
        itemId: r.item_id,
        version: r.version,
        generic: r.generic,
        name: r.name,
        route: r.route,
        doseKind: r.dose_kind,
        doseMg: r.dose_mg,
        timesPerDay: r.times_per_day,
        indication: r.indication,
        startDate: r.start_date,
      })),
    ),
  );
}

/** 'enoxaparin-therapeutic' → 'enoxaparin', 'aspirin-secondary-prevention' → 'aspirin'. */
const drugBase = (drug: string): string => normaliseDrugKey(drug).split('-')[0] ?? drug;

type AntiRow = RequestContext['antis'][number];

interface MedicineDiff {
  add: ListedAntithrombotic[];
  update: { row: AntiRow; listed: ListedAntithrombotic }[];
  remove: { row: AntiRow; why: string }[];
}

function medicineDiff(antis: readonly AntiRow[], listed: readonly ListedAntithrombotic[]): MedicineDiff {
  const diff: MedicineDiff = { add: [], update: [], remove: [] };
  for (const l of listed) {
    const row = antis.find((a) => a.medicine_item_id === l.itemId);
    if (!row) diff.add.push(l);
    else if (row.medicine_version !== l.version || row.drug !== l.drug) diff.update.push({ row, listed: l });
  }
  for (const a of antis) {
    if (a.medicine_item_id !== null) {
      if (!listed.some((l) => l.itemId === a.medicine_item_id))
        diff.remove.push({ row: a, why: `${a.drug} stopped on the medicines list` });
    } else if (listed.some((l) => drugBase(l.drug) === drugBase(a.drug))) {
      diff.remove.push({ row: a, why: `${a.drug} added to the medicines list (replaces the manual entry)` });
    }
  }
  return diff;
}

const diffIsEmpty = (d: MedicineDiff): boolean => !d.add.length && !d.update.length && !d.remove.length;

/**
 * Brings a request's antithrombotics in line with the patient's medicines list: a new antithrombotic gets a
 * proposed plan, a changed line a recomputed plan (same dose times unless the number of doses a day
 * changed), a stopped line is removed, and a manual entry of a drug now on the list is replaced. When any of
 * that happens after a hold plan was approved, every approval on the request is cleared and the plan
 * flagged for re-approval with what changed. Each step is audited.
 */
async function syncMedicines(
  trx: Trx,
  ctx: HandlerContext,
  rc: RequestContext,
  procedureStart: string,
  todayIso: string,
): Promise<boolean> {
  if (!FOLLOWS_MEDICINES.has(rc.row.status)) return false;
  const diff = medicineDiff(rc.antis, await listedAntithrombotics(trx, rc.row.patient_id));
  if (diffIsEmpty(diff)) return false;
  const changes: string[] = [];
  const at = ctx.now().toISOString();
  const patientId = rc.row.patient_id;
  for (const l of diff.add) {
    const plan = computePlan(rc, l.drug, l.doseTimes, procedureStart, todayIso);
    const row = await trx
      .insertInto('intervention_antithrombotics')
      .values({
        request_id: rc.row.id,
        patient_id: patientId,
        drug: l.drug,
        dose: l.label,
        dose_times: l.doseTimes.join(','),
        plan_json: JSON.stringify(plan),
        plan_for: procedureStart,
        rule_set_id: rc.rules.holds.id ?? rc.rules.holds.name,
        rule_set_version: rc.rules.holds.version,
        approved_by: null,
        approved_at: null,
        created_at: at,
        medicine_item_id: l.itemId,
        medicine_version: l.version,
        basis: l.basis,
        reapproval_note: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    changes.push(`${l.drug} started on the medicines list`);
    await writeAudit(trx, ctx, {
      action: 'interventions.antithrombotic.from-medicines',
      entity: 'intervention_antithrombotic',
      entityId: row.id,
      patientId,
      after: { ...l, plan },
    });
  }
  for (const { row, listed: l } of diff.update) {
    const sameCount = row.dose_times.split(',').length === l.doseTimes.length;
    const times = sameCount ? row.dose_times.split(',') : l.doseTimes;
    const plan = computePlan(rc, l.drug, times, procedureStart, todayIso);
    const why = `${l.drug} changed on the medicines list (${l.dose})`;
    await trx
      .updateTable('intervention_antithrombotics')
      .set({
        drug: l.drug,
        dose: l.label,
        dose_times: times.join(','),
        plan_json: JSON.stringify(plan),
        plan_for: procedureStart,
        medicine_version: l.version,
        basis: l.basis,
        approved_by: null,
        approved_at: null,
        reapproval_note: row.approved_by !== null ? `Re-approval needed: ${why}.` : row.reapproval_note,
      })
      .where('id', '=', row.id)
      .execute();
    changes.push(why);
    await writeAudit(trx, ctx, {
      action: 'interventions.antithrombotic.medicine-changed',
      entity: 'intervention_antithrombotic',
      entityId: row.id,
      patientId,
      before: {
        drug: row.drug,
        dose: row.dose,
        version: row.medicine_version,
        approved: row.approved_by !== null,
      },
      after: { ...l, doseTimes: times, plan, approved: false },
    });
  }
  for (const { row, why } of diff.remove) {
    await trx.deleteFrom('intervention_antithrombotics').where('id', '=', row.id).execute();
    changes.push(why);
    await writeAudit(trx, ctx, {
      action: 'interventions.antithrombotic.medicine-stopped',
      entity: 'intervention_antithrombotic',
      entityId: row.id,
      patientId,
      before: row,
      after: { reason: why },
    });
  }
  const touched = new Set([...diff.update.map((u) => u.row.id), ...diff.remove.map((r) => r.row.id)]);
  for (const a of rc.antis) {
    if (a.approved_by === null || touched.has(a.id)) continue;
    const note = `Re-approval needed: ${changes.join('; ')} after this plan was approved.`;
    await trx
      .updateTable('intervention_antithrombotics')
      .set({ approved_by: null, approved_at: null, reapproval_note: note })
      .where('id', '=', a.id)
      .execute();
    await writeAudit(trx, ctx, {
      action: 'interventions.hold.reapproval-needed',
      entity: 'intervention_antithrombotic',
      entityId: a.id,
      patientId,
      before: { approved: true, approvedBy: a.approved_by, approvedAt: a.approved_at },
      after: { approved: false, note },
    });
  }
  rc.antis = await q.antithromboticsFor(trx, rc.row.id);
  return true;
}

/**
 * {@link loadRequest} after {@link ensureMedicinesSynced}, reading the request once when (as usually) its
 * hold plans are in step with the medicines list: the request is read, the list checked against it, and
 * only when they differ is the request brought in line (its own transaction) and read again.
 */
export async function loadSyncedRequest(
  ctx: HandlerContext,
  id: number,
  rules: InterventionRules,
): Promise<RequestContext> {
  const db = ctx.conn.db;
  const row = (await cq.requestById.all(db, { id }))[0];
  if (row && FOLLOWS_MEDICINES.has(row.status)) {
    const [antis, listed] = await Promise.all([
      cq.antithromboticsFor.all(db, { requestId: id }),
      listedAntithrombotics(db, row.patient_id),
    ]);
    if (!diffIsEmpty(medicineDiff(antis, listed))) {
      await ensureMedicinesSynced(ctx, id);
      return loadRequest(db, id, rules);
    }
    const [allergies, hist, patient] = await Promise.all([
      cq.allergiesFor.all(db, { patientId: row.patient_id }),
      cq.procedureHistory.all(db, { patientId: row.patient_id }),
      q.patientName(db, row.patient_id),
    ]);
    return requestContext(row, antis, allergies, hist, rules, patient?.date_of_birth ?? null);
  }
  return loadRequest(db, id, rules);
}

/**
 * Whether a request's antithrombotics are behind the patient's medicines list (what
 * {@link ensureMedicinesSynced} would change), read in the caller's transaction.
 */
export async function medicinesOutOfStep(
  db: Db,
  row: q.RequestRow,
  antis: readonly AntiRow[],
): Promise<boolean> {
  if (!FOLLOWS_MEDICINES.has(row.status)) return false;
  const listed = antithromboticsOf(await cq.activeMedicines.all(db, { patientId: row.patient_id }));
  return !diffIsEmpty(medicineDiff(antis, listed));
}

/**
 * Runs {@link syncMedicines} for a request when the medicines list has changed since its antithrombotics
 * were last read (a read first; a write transaction only when something changed).
 */
export async function ensureMedicinesSynced(ctx: HandlerContext, requestId: number): Promise<boolean> {
  const db = ctx.conn.db;
  const row = (await cq.requestById.all(db, { id: requestId }))[0];
  if (!row || !FOLLOWS_MEDICINES.has(row.status)) return false;
  const [antis, listed] = await Promise.all([
    cq.antithromboticsFor.all(db, { requestId }),
    listedAntithrombotics(db, row.patient_id),
  ]);
  if (diffIsEmpty(medicineDiff(antis, listed))) return false;
  const todayIso = today(ctx);
  return db.transaction().execute(async (trx) => {
    const rc = await loadRequest(trx, requestId, interventionRules(ctx.conn));
    return syncMedicines(trx, ctx, rc, await planTarget(trx, rc, todayIso), todayIso);
  });
}

/**
 * Confirms or corrects the patient's usual dose times for one antithrombotic (the medicines list gives only
 * how many doses a day). The plan is recomputed; an approval is cleared (audited) because the last usual
 * dose before the procedure may move.
 */
export async function setDoseTimes(
  ctx: HandlerContext,
  input: { antithromboticId: number; doseTimes: string[] },
): Promise<RequestDetail> {
  const todayIso = today(ctx);
  const times = [...new Set(input.doseTimes)].sort();
  const requestId = await ctx.conn.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('intervention_antithrombotics')
      .selectAll()
      .where('id', '=', input.antithromboticId)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'That medicine entry does not exist.');
    if (row.dose_times === times.join(',')) return row.request_id;
    const rc = await loadRequest(trx, row.request_id, interventionRules(ctx.conn));
    const target = await planTarget(trx, rc, todayIso);
    const plan = computePlan(rc, row.drug, times, target, todayIso);
    const wasApproved = row.approved_by !== null;
    await trx
      .updateTable('intervention_antithrombotics')
      .set({
        dose_times: times.join(','),
        plan_json: JSON.stringify(plan),
        plan_for: target,
        approved_by: null,
        approved_at: null,
        reapproval_note: wasApproved
          ? `Re-approval needed: the usual dose times changed to ${times.join(', ')}.`
          : row.reapproval_note,
      })
      .where('id', '=', row.id)
      .execute();
    await writeAudit(trx, ctx, {
      action: 'interventions.antithrombotic.dose-times',
      entity: 'intervention_antithrombotic',
      entityId: row.id,
      patientId: row.patient_id,
      before: { doseTimes: row.dose_times.split(','), approved: wasApproved },
      after: { doseTimes: times, plan, approved: false },
    });
    return row.request_id;
  });
  return getRequest(ctx, requestId);
}

function toBookingView(
  b: Awaited<ReturnType<typeof q.bookingsForRequest>>[number],
  rebookBy: string | null,
): BookingView {
  return {
    id: b.id,
    sessionId: b.session_id,
    date: b.session_date,
    start: b.start_time,
    room: b.room,
    status: b.status as BookingView['status'],
    plannedMinutes: b.planned_minutes,
    cancelKind: b.cancel_kind as BookingView['cancelKind'],
    cancelReason: b.cancel_reason,
    rebookBy: b.cancelled_on_day && b.cancel_kind === 'non-clinical' ? rebookBy : null,
    inRoomStart: b.in_room_start,
    inRoomEnd: b.in_room_end,
    followUpDue: b.follow_up_due,
    outcome:
      b.relief_percent !== null
        ? {
            reliefPercent: b.relief_percent,
            reliefDurationWeeks: b.relief_duration_weeks,
            reliefDurationHours: b.relief_duration_hours ?? null,
            assessedOn: b.assessed_on ?? null,
            complications: b.complications ?? '',
            pgic: b.pgic ?? 0,
            successful: b.successful === 1,
            recordedAt: b.recorded_at ?? '',
          }
        : null,
  };
}

export async function getRequest(ctx: HandlerContext, id: number): Promise<RequestDetail> {
  const db = ctx.conn.db;
  await ensureMedicinesSynced(ctx, id);
  const rc = await loadRequest(db, id, interventionRules(ctx.conn));
  const todayIso = today(ctx);
  const [patient, bookings, duration] = await Promise.all([
    q.patientName(db, rc.row.patient_id),
    q.bookingsForRequest(db, id),
    plannedDuration(db, rc.procedure, rc.row.requested_clinician_id),
  ]);
  const booked = bookings.find((b) => b.status === 'booked' || b.status === 'done');
  const input = readinessInput(rc, todayIso);
  if (booked && booked.status === 'booked' && calendarDaysBetween(todayIso, booked.session_date) >= 0)
    input.procedureDate = booked.session_date;
  const summary = summarise(
    rc,
    clinical(() => evaluateReadiness(input)),
  );
  return {
    id: rc.row.id,
    version: rc.row.version,
    patientId: rc.row.patient_id,
    patientName: patient ? `${patient.surname.toUpperCase()}, ${patient.forename}` : '',
    procedureCode: rc.procedure.code,
    procedureName: rc.procedure.name,
    side: rc.row.side as RequestDetail['side'],
    site: rc.row.site,
    structuredSite: rowSite(rc.row),
    indication: rc.row.indication,
    priority: rc.row.priority as RequestDetail['priority'],
    source: rc.row.source as RequestDetail['source'],
    status: rc.row.status as RequestDetail['status'],
    requestedClinicianId: rc.row.requested_clinician_id,
    rttClockStart: rc.row.rtt_clock_start,
    rttBreachDate: rc.row.rtt_breach_date,
    rebookBy: rc.row.rebook_by,
    readinessRecord: rc.record,
    antithrombotics: rc.antis.map((a) => ({
      id: a.id,
      drug: a.drug,
      dose: a.dose,
      doseTimes: a.dose_times.split(','),
      plan: JSON.parse(a.plan_json) as HoldPlan,
      planFor: a.plan_for,
      ruleSetId: a.rule_set_id,
      approved: a.approved_by !== null,
      approvedBy: a.approver_name,
      approvedAt: a.approved_at,
      fromMedicines: a.medicine_item_id !== null,
      basis: a.basis,
      reapprovalNote: a.approved_by === null ? a.reapproval_note : null,
      instructions: holdInstructions(a.drug, JSON.parse(a.plan_json) as HoldPlan),
    })),
    allergies: rc.allergies.map((a) => ({
      agent: a.agent,
      reaction: a.reaction,
      category: toAllergyEntry(a).category,
    })),
    readiness: summary.readiness,
    openItems: summary.openItems,
    overrides: await Promise.all(
      storedOverrides(rc.row).map(async (o) => ({
        itemId: o.itemId,
        title: summary.readiness.items.find((i) => i.id === o.itemId)?.title ?? o.itemId,
        reason: o.reason,
        by: (await q.userName(db, o.by))?.display_name ?? 'Unknown',
        at: o.at,
      })),
    ),
    ready: summary.ready,
    plannedMinutes: duration.minutes,
    durationSource: duration.source,
    bookings: bookings.map((b) => toBookingView(b, rc.row.rebook_by)),
    ruleSets: `${ruleSetLabel(rc.rules.holds)}; ${rc.rules.commissioner.name} ${rc.rules.commissioner.version}; ${rc.rules.catalogue.name} ${rc.rules.catalogue.version}`,
  };
}

/** What differs between a clinic request and an MDT draft; the rest of a new row is the same for both. */
export interface NewRequestRow {
  patientId: number;
  procedureCode: string;
  side: string;
  site: string;
  indication: string;
  /** '' for an MDT draft: left for the clinician who completes it (it then never sorts among waiting ones). */
  priority: Priority | '';
  source: 'clinic' | 'mdt';
  requestedClinicianId: number | null;
  rttClockStart: string;
  rttBreachDate: string;
  status: 'waiting' | 'draft';
  sourceMdtActionId?: number;
  /** The structured site; undefined: read from the written site (null when it cannot be read). */
  structured?: StructuredSite | null | undefined;
}

/**
 * Inserts a new intervention request (version 1, empty readiness, no override) stamped with the catalogue,
 * commissioner and hold rule sets in use. Used by createRequest and by MDT drafts (db/services/mdt-links.ts).
 */
export async function insertRequest(
  trx: Trx,
  ctx: HandlerContext,
  rules: InterventionRules,
  r: NewRequestRow,
): Promise<number> {
  const at = ctx.now().toISOString();
  const structured = r.structured !== undefined ? r.structured : parseSite(r.site, r.side as SiteSide);
  const row = await trx
    .insertInto('intervention_requests')
    .values({
      site_region: structured?.region ?? null,
      site_levels: structured ? structured.levels.join(',') : null,
      patient_id: r.patientId,
      procedure_code: r.procedureCode,
      catalogue_version: rules.catalogue.version,
      side: r.side,
      site: r.site,
      indication: r.indication,
      priority: r.priority,
      priority_rank: r.priority === '' ? PRIORITIES.length + 1 : priorityRank(r.priority),
      source: r.source,
      requested_clinician_id: r.requestedClinicianId,
      rtt_clock_start: r.rttClockStart,
      rtt_breach_date: r.rttBreachDate,
      status: r.status,
      rebook_by: null,
      readiness_json: JSON.stringify(EMPTY_READINESS),
      commissioner_rule_set: `${rules.commissioner.id} ${rules.commissioner.version}`,
      anticoagulant_rule_set: `${rules.holds.id ?? ''} ${rules.holds.version}`,
      override_reason: null,
      override_items_json: null,
      override_by: null,
      override_at: null,
      created_at: at,
      created_by: userId(ctx),
      updated_at: at,
      version: 1,
      ...(r.sourceMdtActionId !== undefined ? { source_mdt_action_id: r.sourceMdtActionId } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function createRequest(
  ctx: HandlerContext,
  input: z.output<typeof requestInputSchema>,
): Promise<RequestDetail> {
  const rules = interventionRules(ctx.conn);
  const procedure = requireProcedure(input.procedureCode, rules.catalogue);
  const todayIso = today(ctx);
  if (input.rttClockStart > todayIso)
    throw new AppError('VALIDATION', 'The RTT clock start cannot be after today.', {
      rttClockStart: 'The RTT clock start cannot be after today.',
    });
  const breach = clinical(() => rttBreachDate(input.rttClockStart));
  let structured: StructuredSite | null | undefined;
  if (input.region !== undefined) {
    structured = structuredSite(input.region, input.levels ?? '', input.side);
    if (!structured)
      throw new AppError('VALIDATION', 'Enter the levels like L4-5, or L4/5 and L5/S1.', {
        levels: 'Enter the levels like L4-5, or L4/5 and L5/S1.',
      });
  }
  const db = ctx.conn.db;
  if (!(await q.patientName(db, input.patientId)))
    throw new AppError('NOT_FOUND', 'That patient record does not exist.');
  if (input.requestedClinicianId !== null && !(await q.userName(db, input.requestedClinicianId)))
    throw new AppError('VALIDATION', 'Choose the requested clinician.', {
      requestedClinicianId: 'Choose the requested clinician.',
    });
  const id = await db.transaction().execute(async (trx) => {
    const requestId = await insertRequest(trx, ctx, rules, {
      patientId: input.patientId,
      procedureCode: procedure.code,
      side: input.side,
      site: input.site,
      indication: input.indication,
      priority: input.priority,
      source: input.source,
      requestedClinicianId: input.requestedClinicianId,
      rttClockStart: input.rttClockStart,
      rttBreachDate: breach,
      status: 'waiting',
      structured,
    });
    await writeAudit(trx, ctx, {
      action: 'interventions.request.create',
      entity: 'intervention_request',
      entityId: requestId,
      patientId: input.patientId,
      after: { ...input, rttBreachDate: breach },
    });
    const rc = await loadRequest(trx, requestId, interventionRules(ctx.conn));
    await syncMedicines(trx, ctx, rc, addCalendarDays(todayIso, MIN_NOTICE_DAYS), todayIso);
    return requestId;
  });
  return getRequest(ctx, id);
}

/**
 * A coordinator (no interventions.clinical) may record logistics but not clinical values: creatinine
 * clearance, MRSA result, ASA grade, consent and the rest of {@link CLINICAL_READINESS_FIELDS}. Refused
 * FORBIDDEN naming each value, next to its field; nothing is saved.
 */
function refuseClinicalChangesByNonClinician(
  ctx: HandlerContext,
  before: ReadinessRecord,
  after: ReadinessRecord,
): void {
  if (ctx.session && can(ctx.session.role, 'interventions.clinical')) return;
  const changed = CLINICAL_READINESS_FIELDS.filter(
    (f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null),
  );
  if (changed.length === 0) return;
  const message = `Only a clinician may record ${changed.map((f) => CLINICAL_READINESS_LABELS[f]).join(', ')}; nothing was saved.`;
  throw new AppError(
    'FORBIDDEN',
    message,
    Object.fromEntries(changed.map((f) => [`readiness.${f}`, 'Only a clinician may record this.'])),
  );
}

export async function updateReadiness(
  ctx: HandlerContext,
  id: number,
  version: number,
  record: ReadinessRecord,
): Promise<RequestDetail> {
  const todayIso = today(ctx);
  for (const [field, value] of [
    ['crclDate', record.crclDate],
    ['consentStage1Date', record.consentStage1Date],
    ['mrsaScreenDate', record.mrsaScreenDate],
    ['coronaryStentDate', record.coronaryStentDate],
    ['cardiologyDecisionDate', record.cardiologyDecisionDate],
  ] as const) {
    if (value && value > todayIso)
      throw new AppError('VALIDATION', 'This date cannot be after today.', {
        [`readiness.${field}`]: 'This date cannot be after today.',
      });
  }
  if ((record.crclMlPerMin === null) !== (record.crclDate === null))
    throw new AppError('VALIDATION', 'Record the creatinine clearance with the date of the result.', {
      'readiness.crclDate': 'Record the creatinine clearance with the date of the result.',
    });
  if (record.eligibilityStatus === 'overridden' && !record.eligibilityOverrideReason)
    throw new AppError('VALIDATION', 'An eligibility override needs a reason.', {
      'readiness.eligibilityOverrideReason': 'An eligibility override needs a reason.',
    });
  const db = ctx.conn.db;
  await db.transaction().execute(async (trx) => {
    const rc = await loadRequest(trx, id, interventionRules(ctx.conn));
    if (rc.row.version !== version)
      throw new AppError(
        'CONFLICT',
        'Someone else changed this request after you opened it. Reload to see their changes; nothing was saved.',
      );
    refuseClinicalChangesByNonClinician(ctx, rc.record, record);
    await trx
      .updateTable('intervention_requests')
      .set({
        readiness_json: JSON.stringify(record),
        updated_at: ctx.now().toISOString(),
        version: version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .execute();
    const before = rc.record;
    rc.record = record;
    const target = await planTarget(trx, rc, todayIso);
    await syncMedicines(trx, ctx, rc, target, todayIso);
    await recomputeHolds(trx, ctx, rc, target, todayIso);
    await writeAudit(trx, ctx, {
      action: 'interventions.readiness.update',
      entity: 'intervention_request',
      entityId: id,
      patientId: rc.row.patient_id,
      before,
      after: record,
    });
  });
  return getRequest(ctx, id);
}

export async function addAntithrombotic(
  ctx: HandlerContext,
  input: z.output<typeof antithromboticInputSchema>,
): Promise<RequestDetail> {
  const todayIso = today(ctx);
  await ctx.conn.db.transaction().execute(async (trx) => {
    const rc = await loadRequest(trx, input.requestId, interventionRules(ctx.conn));
    const target = await planTarget(trx, rc, todayIso);
    await syncMedicines(trx, ctx, rc, target, todayIso);
    const listed = rc.antis.find(
      (a) => a.medicine_item_id !== null && drugBase(a.drug) === drugBase(input.drug),
    );
    if (listed)
      throw new AppError(
        'CONFLICT',
        `${listed.drug} is on the medicines list; its hold plan comes from there (change the dose or times there).`,
        { drug: `${listed.drug} is on the medicines list; its hold plan comes from there.` },
      );
    const plan = computePlan(rc, input.drug, input.doseTimes, target, todayIso);
    const row = await trx
      .insertInto('intervention_antithrombotics')
      .values({
        request_id: rc.row.id,
        patient_id: rc.row.patient_id,
        drug: input.drug,
        dose: input.dose,
        dose_times: input.doseTimes.join(','),
        plan_json: JSON.stringify(plan),
        plan_for: target,
        rule_set_id: rc.rules.holds.id ?? rc.rules.holds.name,
        rule_set_version: rc.rules.holds.version,
        approved_by: null,
        approved_at: null,
        created_at: ctx.now().toISOString(),
        medicine_item_id: null,
        medicine_version: null,
        basis: null,
        reapproval_note: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, ctx, {
      action: 'interventions.antithrombotic.add',
      entity: 'intervention_antithrombotic',
      entityId: row.id,
      patientId: rc.row.patient_id,
      after: { ...input, plan },
    });
  });
  return getRequest(ctx, input.requestId);
}

export async function removeAntithrombotic(ctx: HandlerContext, id: number): Promise<RequestDetail> {
  const requestId = await ctx.conn.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('intervention_antithrombotics')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'That medicine entry does not exist.');
    if (row.medicine_item_id !== null)
      throw new AppError(
        'CONFLICT',
        `${row.drug} comes from the medicines list; stop it there if the patient no longer takes it.`,
      );
    await trx.deleteFrom('intervention_antithrombotics').where('id', '=', id).execute();
    await writeAudit(trx, ctx, {
      action: 'interventions.antithrombotic.remove',
      entity: 'intervention_antithrombotic',
      entityId: id,
      patientId: row.patient_id,
      before: row,
    });
    return row.request_id;
  });
  return getRequest(ctx, requestId);
}

/**
 * Overrides ONE open readiness item with its own reason (issue 14): a prescriber signs each item, so one
 * override cannot clear consent, the pregnancy enquiry and seven other items at once. Hard blocks are never
 * overridden. Audited with the item, the reason and the signer.
 */
export async function approveOverride(
  ctx: HandlerContext,
  input: { requestId: number; version: number; itemId: string; reason: string },
): Promise<RequestDetail> {
  const todayIso = today(ctx);
  await ctx.conn.db.transaction().execute(async (trx) => {
    const rc = await loadRequest(trx, input.requestId, interventionRules(ctx.conn));
    if (rc.row.version !== input.version)
      throw new AppError(
        'CONFLICT',
        'Someone else changed this request after you opened it. Reload; nothing was saved.',
      );
    const readiness = clinical(() => evaluateReadiness(readinessInput(rc, todayIso)));
    const item = readiness.items.find((i) => i.id === input.itemId);
    if (!item) throw new AppError('VALIDATION', 'That readiness item does not exist for this request.');
    if (item.status === 'block')
      throw new AppError('CONFLICT', `A hard block cannot be overridden: ${item.message}`);
    const summary = summarise(rc, readiness);
    if (!summary.openItems.includes(item.id))
      throw new AppError(
        'CONFLICT',
        `“${item.title}” is not an open readiness warning; there is nothing to override.`,
      );
    const at = ctx.now().toISOString();
    const overrides = [
      ...storedOverrides(rc.row),
      { itemId: item.id, reason: input.reason, by: userId(ctx), at },
    ];
    await trx
      .updateTable('intervention_requests')
      .set({
        override_reason: input.reason,
        override_items_json: JSON.stringify(overrides),
        override_by: userId(ctx),
        override_at: at,
        version: input.version + 1,
        updated_at: at,
      })
      .where('id', '=', input.requestId)
      .execute();
    await writeAudit(trx, ctx, {
      action: 'interventions.readiness.override',
      entity: 'intervention_request',
      entityId: input.requestId,
      patientId: rc.row.patient_id,
      before: { item: item.id, status: item.status },
      after: { item: item.id, title: item.title, reason: input.reason, signer: userId(ctx) },
    });
  });
  return getRequest(ctx, input.requestId);
}

// ---------------------------------------------------------------- lists

export async function patientRequests(ctx: HandlerContext, patientId: number): Promise<WaitingListItem[]> {
  const todayIso = today(ctx);
  return (await q.requestsForPatient(ctx.conn.db, patientId)).map((r) => toWaitingListItem(r, todayIso));
}

export async function followUps(ctx: HandlerContext, limit: number): Promise<FollowUpItem[]> {
  const todayIso = today(ctx);
  return (await q.followUpsDue(ctx.conn.db, limit)).map((r) => ({
    bookingId: r.id,
    requestId: r.request_id,
    patientId: r.patient_id,
    patientName: `${r.surname.toUpperCase()}, ${r.forename}`,
    procedureCode: r.procedure_code,
    procedureName: findProcedure(r.procedure_code)?.name ?? r.procedure_code,
    procedureDate: r.session_date,
    followUpDue: r.follow_up_due ?? r.session_date,
    overdue: (r.follow_up_due ?? '') < todayIso,
  }));
}
