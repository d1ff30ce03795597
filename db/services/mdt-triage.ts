import type { Updateable } from 'kysely';
import type { Urgency } from '../../shared/clinical/mdt/index';
import { londonToday } from '../../shared/dates';
import type {
  ReferralReason,
  ServiceReferralSource,
  ServiceReferralView,
  ServiceUrgency,
  TriagePathway,
  TriageQueueView,
  TriageStatus,
} from '../../shared/domain/mdt';
import { TRIAGE_PATHWAY_LABELS } from '../../shared/domain/mdt';
import { displayName } from '../../shared/domain/patient';
import { AppError } from '../../shared/result';
import type { ServiceReferralsTable } from '../schema-mdt';
import { mdtStartedOnChain, mdtStartedOnChains } from '../queries/mdt-list';
import {
  awaitingCounts,
  insertServiceReferral,
  listingForReopen,
  listingsOfMdtReferrals,
  mdtReferralRow,
  meetingTypeExists,
  otherLiveReferralOn,
  patientExists,
  serviceReferralRow,
  triageQueueRows,
  triageRow,
  updateServiceReferralIfUnchanged,
  withdrawMdtReferral,
  type TriageRow,
} from '../queries/mdt-triage';
import { writeAudit } from './audit';
import { staleEditError } from './stale-edit';
import type { HandlerContext, Trx } from './context';
import { createReferralInTrx, nowInstant, userId, withdrawListingInTrx } from './mdt';

/**
 * Referral sifting (issue 3): new referrals into the service wait in a triage queue until a clinician sends
 * each to a pathway with a reason. The 'mdt' pathway creates the MDT referral (and its listing on that
 * type's next meeting) in the same transaction, through the ordinary MDT referral code.
 */

export interface ServiceReferralData {
  patientId: number;
  receivedOn: string;
  source: ServiceReferralSource;
  referrerName: string;
  /** The referrer's role, organisation and address (issue 16); '' when not given. */
  referrerRole?: string;
  referrerOrganisation?: string;
  referrerAddress?: string;
  referralReason: string;
  urgency: ServiceUrgency;
}

export interface TriageDecisionData {
  serviceReferralId: number;
  version: number;
  pathway: TriagePathway;
  meetingTypeId: number | null;
  reason: string;
  question: string;
  mdtReason: ReferralReason;
  patientAware: boolean;
}

export interface TriageReopenData {
  serviceReferralId: number;
  version: number;
  reason: string;
}

export interface TriageListData {
  status: TriageStatus | null;
  pathway: TriagePathway | null;
  limit: number;
}

const DAY_MS = 86_400_000;
function daysBetween(fromIso: string, toIso: string): number {
  return Math.max(
    0,
    Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / DAY_MS),
  );
}

function toView(r: TriageRow, today: string, mdtStarted = false): ServiceReferralView {
  const until = r.triaged_at ? londonToday(new Date(r.triaged_at)) : today;
  return {
    id: r.id,
    patientId: r.patient_id,
    patientName: displayName(r),
    nhsNumber: r.nhs_number,
    receivedOn: r.received_on,
    source: r.source as ServiceReferralSource,
    referrerName: r.referrer_name,
    referralReason: r.referral_reason,
    urgency: r.urgency as ServiceUrgency,
    status: r.status as TriageStatus,
    pathway: r.pathway as TriagePathway | null,
    meetingTypeId: r.meeting_type_id,
    meetingTypeName: r.meeting_type_name,
    decisionReason: r.decision_reason,
    triagedByName: r.triaged_by_name,
    triagedAt: r.triaged_at,
    mdtReferralId: r.mdt_referral_id,
    daysWaiting: daysBetween(r.received_on, until),
    version: r.version,
    mdtStarted,
  };
}

/**
 * The MDT referrals (of triaged rows) whose MDT case has started, here or at an earlier meeting it was
 * carried or moved from: reopenTriage refuses those, so the queue does not offer it (issue: Reopen offered
 * and then refused).
 */
async function startedMdtReferrals(
  db: HandlerContext['conn']['db'],
  rows: TriageRow[],
): Promise<Set<number>> {
  const ids = rows
    .filter((r) => r.status === 'triaged' && r.mdt_referral_id !== null)
    .map((r) => r.mdt_referral_id!);
  const started = new Set<number>();
  const carried: { mdt_referral_id: number; listing_id: number }[] = [];
  for (const l of await listingsOfMdtReferrals(db, ids)) {
    if (Number(l.started) === 1) started.add(l.mdt_referral_id);
    else if (Number(l.has_earlier) === 1) carried.push(l);
  }
  // The carried or moved ones: their earlier listings walked in one query, not one walk per referral.
  const chainStarted = await mdtStartedOnChains(
    db,
    carried.map((l) => l.listing_id),
  );
  for (const l of carried) if (chainStarted.has(l.listing_id)) started.add(l.mdt_referral_id);
  return started;
}

async function getView(ctx: HandlerContext, id: number): Promise<ServiceReferralView> {
  const row = await triageRow(ctx.conn.db, id);
  if (!row) throw new AppError('NOT_FOUND', 'That referral does not exist.');
  const started = await startedMdtReferrals(ctx.conn.db, [row]);
  return toView(
    row,
    londonToday(ctx.now()),
    row.mdt_referral_id !== null && started.has(row.mdt_referral_id),
  );
}

/** Adds a new referral into the service to the triage queue. */
/** A decision made against an older view of the referral: who decided, when, and what (issue 19). */
async function staleTriage(
  trx: Trx,
  before: { id: number; status: string; pathway: string | null; decision_reason: string | null },
) {
  const label = before.pathway ? TRIAGE_PATHWAY_LABELS[before.pathway as TriagePathway] : undefined;
  const shown =
    before.status === 'triaged' && label
      ? `Their decision: ${label}${before.decision_reason ? ` (${before.decision_reason})` : ''}.`
      : before.status === 'awaiting'
        ? 'It is back in the triage queue.'
        : null;
  return staleEditError(trx, {
    entity: 'service_referral',
    entityId: before.id,
    thing: 'referral',
    shown,
    // Reopened meanwhile, it waits for a decision: there is none on screen to reopen.
    next:
      before.status === 'awaiting'
        ? 'it is in the queue now; make your decision again if it is still needed.'
        : 'their decision is on screen now; reopen it with a reason if it needs to change.',
  });
}

export async function addServiceReferral(
  ctx: HandlerContext,
  input: ServiceReferralData,
): Promise<ServiceReferralView> {
  const today = londonToday(ctx.now());
  if (input.receivedOn > today) {
    throw new AppError('VALIDATION', 'The date received cannot be in the future.', {
      receivedOn: 'The date received cannot be in the future.',
    });
  }
  const id = await ctx.conn.db.transaction().execute(async (trx) => {
    const me = userId(ctx);
    const patient = await patientExists(trx, input.patientId);
    if (!patient) {
      throw new AppError('NOT_FOUND', 'That patient record does not exist.', {
        patientId: 'That patient record does not exist.',
      });
    }
    const row = await insertServiceReferral(trx, {
      patient_id: input.patientId,
      received_on: input.receivedOn,
      source: input.source,
      referrer_name: input.referrerName,
      referrer_role: input.referrerRole ?? '',
      referrer_organisation: input.referrerOrganisation ?? '',
      referrer_address: input.referrerAddress ?? '',
      referral_reason: input.referralReason,
      urgency: input.urgency,
      created_at: nowInstant(ctx),
      created_by: me,
    });
    await writeAudit(trx, ctx, {
      action: 'mdt.triage.add',
      entity: 'service_referral',
      entityId: row.id,
      patientId: input.patientId,
      after: input,
    });
    return row.id;
  });
  return getView(ctx, id);
}

/** The queue: awaiting first, urgent first within, oldest first; optionally filtered. */
export async function listTriageQueue(ctx: HandlerContext, input: TriageListData): Promise<TriageQueueView> {
  const db = ctx.conn.db;
  const rows = await triageQueueRows(db, input);
  const started = await startedMdtReferrals(db, rows);
  const counts = await awaitingCounts(db);
  const today = londonToday(ctx.now());
  return {
    awaitingCount: Number(counts.awaiting),
    urgentAwaitingCount: Number(counts.urgent ?? 0),
    rows: rows.map((r) => toView(r, today, r.mdt_referral_id !== null && started.has(r.mdt_referral_id))),
  };
}

/** A clinician sends one awaiting referral to a pathway with a reason ('mdt' also refers to that MDT). */
export async function decideTriage(
  ctx: HandlerContext,
  input: TriageDecisionData,
): Promise<ServiceReferralView> {
  const reason = input.reason.trim();
  if (!reason) {
    throw new AppError('VALIDATION', 'Write the reason for this decision.', {
      reason: 'Write the reason for this decision.',
    });
  }
  if (input.pathway === 'mdt' && input.meetingTypeId === null) {
    throw new AppError('VALIDATION', 'Choose the MDT for this referral.', {
      meetingTypeId: 'Choose the MDT for this referral.',
    });
  }
  await ctx.conn.db.transaction().execute(async (trx) => {
    const me = userId(ctx);
    const at = nowInstant(ctx);
    const before = await serviceReferralRow(trx, input.serviceReferralId);
    if (!before) throw new AppError('NOT_FOUND', 'That referral does not exist.');
    if (before.version !== input.version) throw await staleTriage(trx, before);
    if (before.status !== 'awaiting') {
      throw new AppError('CONFLICT', 'This referral has already been triaged.');
    }
    let mdtReferralId: number | null = null;
    let meetingTypeId: number | null = null;
    if (input.pathway === 'mdt') {
      meetingTypeId = input.meetingTypeId!;
      const type = await meetingTypeExists(trx, meetingTypeId);
      if (!type) {
        throw new AppError('VALIDATION', 'Choose an MDT that exists.', {
          meetingTypeId: 'Choose an MDT that exists.',
        });
      }
      const created = await createReferralInTrx(trx, ctx, {
        patientId: before.patient_id,
        question: input.question.trim() || reason,
        reason: input.mdtReason,
        urgency: before.urgency as Urgency,
        presenterId: null,
        patientAware: input.patientAware,
        whatMatters: '',
        meetingTypeId,
        meetingId: null,
      });
      mdtReferralId = created.referralId;
    }
    await moveReferral(trx, before, 'awaiting', {
      status: 'triaged',
      pathway: input.pathway,
      meeting_type_id: meetingTypeId,
      decision_reason: reason,
      triaged_by: me,
      triaged_at: at,
      mdt_referral_id: mdtReferralId,
    });
    await writeAudit(trx, ctx, {
      action: 'mdt.triage.decide',
      entity: 'service_referral',
      entityId: before.id,
      patientId: before.patient_id,
      before: { status: before.status, version: before.version },
      after: {
        status: 'triaged',
        pathway: input.pathway,
        meetingTypeId,
        reason,
        mdtReferralId,
        version: before.version + 1,
      },
    });
  });
  return getView(ctx, input.serviceReferralId);
}

const DISCUSSED_MESSAGE =
  'The MDT has already started on this referral, so the decision stands: the MDT outcome is the record. ' +
  'Change the plan through the MDT outcome instead.';

/**
 * Puts a triaged referral back in the queue (a decision sent to the wrong pathway), with a reason. A
 * decision that referred the patient to an MDT also withdraws that MDT referral from its meeting's list,
 * through the MDT module's own withdraw, in the same transaction; once the MDT has discussed the case (or
 * it is being discussed, or has an outcome) the reopen is refused and the decision stands. The original
 * decision stays in the audit trail (this row's `before`, and the 'mdt.triage.decide' row).
 */
export async function reopenTriage(
  ctx: HandlerContext,
  input: TriageReopenData,
): Promise<ServiceReferralView> {
  const reason = input.reason.trim();
  if (!reason) {
    throw new AppError('VALIDATION', 'Write why this decision is being reopened.', {
      reason: 'Write why this decision is being reopened.',
    });
  }
  await ctx.conn.db.transaction().execute(async (trx) => {
    userId(ctx);
    const before = await serviceReferralRow(trx, input.serviceReferralId);
    if (!before) throw new AppError('NOT_FOUND', 'That referral does not exist.');
    if (before.version !== input.version) throw await staleTriage(trx, before);
    if (before.status !== 'triaged') {
      throw new AppError('CONFLICT', 'This referral is already waiting in the triage queue.');
    }
    let withdrawnListingId: number | null = null;
    if (before.mdt_referral_id !== null) {
      const ref = await mdtReferralRow(trx, before.mdt_referral_id);
      if (ref.listing_id !== null) {
        const listing = await listingForReopen(trx, ref.listing_id);
        // Started at an earlier meeting and carried (or moved) here counts too: reopening then would silently
        // take the case off the next list.
        if (
          listing.status === 'discussed' ||
          listing.started_at !== null ||
          listing.hasOutcome ||
          (await mdtStartedOnChain(trx, listing.id))
        ) {
          throw new AppError('CONFLICT', DISCUSSED_MESSAGE, { reason: DISCUSSED_MESSAGE });
        }
        // Another clinician's referral merged into the same listing keeps the patient on the list.
        const others = await otherLiveReferralOn(trx, listing.id, ref.id);
        if (listing.status !== 'withdrawn' && listing.status !== 'deferred' && !others) {
          if (listing.meeting_status === 'closed') {
            const closed =
              'The MDT meeting this referral was listed for has finished; its list cannot change.';
            throw new AppError('CONFLICT', closed, { reason: closed });
          }
          await withdrawListingInTrx(trx, ctx, listing.id, `Triage decision reopened: ${reason}`);
          withdrawnListingId = listing.id;
        }
      }
      await withdrawMdtReferral(trx, ref.id);
    }
    await moveReferral(trx, before, 'triaged', {
      status: 'awaiting',
      pathway: null,
      meeting_type_id: null,
      decision_reason: null,
      triaged_by: null,
      triaged_at: null,
      mdt_referral_id: null,
    });
    await writeAudit(trx, ctx, {
      action: 'mdt.triage.reopen',
      entity: 'service_referral',
      entityId: before.id,
      patientId: before.patient_id,
      before: {
        status: before.status,
        pathway: before.pathway,
        meetingTypeId: before.meeting_type_id,
        decisionReason: before.decision_reason,
        triagedBy: before.triaged_by,
        triagedAt: before.triaged_at,
        mdtReferralId: before.mdt_referral_id,
        version: before.version,
      },
      after: { status: 'awaiting', reason, withdrawnListingId, version: before.version + 1 },
    });
  });
  return getView(ctx, input.serviceReferralId);
}

/**
 * Moves a referral on from `from` (awaiting or triaged) with these values and the next version, only if
 * nobody has changed it since it was read (optimistic concurrency); otherwise CONFLICT and nothing saved.
 */
async function moveReferral(
  trx: Trx,
  before: { id: number; version: number },
  from: 'awaiting' | 'triaged',
  values: Omit<Updateable<ServiceReferralsTable>, 'id' | 'version'>,
): Promise<void> {
  if ((await updateServiceReferralIfUnchanged(trx, before, from, values)) !== 1)
    throw new AppError('CONFLICT', 'Someone else has changed this referral; reload and try again.');
}
