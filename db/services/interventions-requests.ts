/**
 * Intervention requests: the request as the screens show it, creating one (clinic or MDT draft), recording
 * readiness (clinical values by clinicians only) and overriding one readiness item at a time. Split from
 * interventions.ts.
 */
import type { z } from 'zod';
import {
  MIN_NOTICE_DAYS,
  addCalendarDays,
  calendarDaysBetween,
  evaluateReadiness,
  holdInstructions,
  parseSite,
  rttBreachDate,
  structuredSite,
  type HoldPlan,
  type SiteSide,
  type StructuredSite,
} from '../../shared/clinical/interventions/index';
import { can } from '../../shared/domain/roles';
import {
  CLINICAL_READINESS_FIELDS,
  CLINICAL_READINESS_LABELS,
  PRIORITIES,
  type BookingView,
  type Priority,
  type ReadinessRecord,
  type RequestDetail,
  type requestInputSchema,
} from '../../shared/domain/interventions';
import { AppError } from '../../shared/result';
import type { InterventionRules } from '../../shared/domain/rule-sets';
import { EMPTY_READINESS, priorityRank, toAllergyEntry } from '../mappers/interventions';
import * as q from '../queries/interventions';
import * as qs from '../queries/interventions-scs';
import { SCS_TRIAL_PROCEDURES } from '../../shared/domain/interventions-scs';
import { writeAudit } from './audit';
import { clinical } from './clinical-errors';
import type { HandlerContext, Trx } from './context';
import { interventionRules } from './rule-sets';
import { plannedDuration, requireProcedure, rowSite, today, userId } from './interventions-common';
import { recomputeHolds } from './interventions-holds';
import { checkImplantListing } from './interventions-scs';
import { ensureMedicinesSynced, syncMedicines } from './interventions-medicines';
import {
  loadRequest,
  planTarget,
  readinessInput,
  storedOverrides,
  summarise,
} from './interventions-readiness';
import { staleEditError } from './stale-edit';

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
  const isTrial = (SCS_TRIAL_PROCEDURES as readonly string[]).includes(rc.procedure.code);
  const [patient, bookings, duration, trial] = await Promise.all([
    q.patientName(db, rc.row.patient_id),
    q.bookingsForRequest(db, id),
    plannedDuration(db, rc.procedure, rc.row.requested_clinician_id),
    isTrial ? qs.scsTrialFor(db, id) : undefined,
  ]);
  // An SCS trial's restart is tied to its lead removal (the episode), not to the insertion alone.
  const instructionOptions = isTrial ? { scsTrial: { leadsRemovedOn: trial?.leads_removed_on ?? null } } : {};
  const booked = bookings.find((b) => b.status === 'booked' || b.status === 'done');
  const input = readinessInput(rc, todayIso);
  if (isTrial) input.medicines.scsTrial = { leadsRemovedOn: trial?.leads_removed_on ?? null };
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
      instructions: holdInstructions(a.drug, JSON.parse(a.plan_json) as HoldPlan, instructionOptions),
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
    ruleSets: [rc.rules.holds, rc.rules.commissioner, rc.rules.catalogue]
      .map((r) => `${r.name} (version ${r.version})`)
      .join('; '),
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
    const trialOverride = await checkImplantListing(
      trx,
      ctx,
      input.patientId,
      procedure.code,
      input.trialOverrideReason,
    );
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
    if (trialOverride)
      await writeAudit(trx, ctx, {
        action: 'interventions.scs-implant.trial-override',
        entity: 'intervention_request',
        entityId: requestId,
        patientId: input.patientId,
        after: trialOverride,
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
      throw await staleEditError(trx, { entity: 'intervention_request', entityId: id, thing: 'request' });
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
