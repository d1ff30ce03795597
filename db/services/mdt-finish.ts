/**
 * Finishing a meeting (issue 16): a review of every case not confirmed (its state and a reason prefilled from
 * it), then the finish itself, which needs a reason for each carried case and carries drafts with the case.
 */
import { carryOver, type CaseListing } from '../../shared/clinical/mdt/index';
import { FINISH_CASE_STATE_LABELS, type FinishResult, type FinishReview } from '../../shared/domain/mdt';
import { displayName } from '../../shared/domain/patient';
import { AppError } from '../../shared/result';
import { parseJson } from '../mappers/mdt';
import { writeAudit } from './audit';
import type { HandlerContext } from './context';
import { ensureNextMeeting, meetingRow, nowInstant, quorumFor, rule } from './mdt';
import { queueLetters } from './mdt-letters';

export async function finishReview(ctx: HandlerContext, meetingId: number): Promise<FinishReview> {
  const db = ctx.conn.db;
  const m = await meetingRow(db, meetingId);
  const rows = await db
    .selectFrom('mdt_listings as l')
    .innerJoin('patients as p', 'p.id', 'l.patient_id')
    .select([
      'l.id',
      'l.status',
      'l.category',
      'l.started_at',
      'l.case_categories_json',
      'p.surname',
      'p.forename',
    ])
    .where('l.meeting_id', '=', m.id)
    .orderBy('l.position')
    .execute();
  const outcomes = await db
    .selectFrom('mdt_outcomes')
    .select(['listing_id', 'status', 'summary'])
    .where('listing_id', 'in', [0, ...rows.map((r) => r.id)])
    .where('status', '!=', 'superseded')
    .execute();
  const cases: FinishReview['cases'] = [];
  let confirmedCount = 0;
  for (const r of rows) {
    const o = outcomes.find((x) => x.listing_id === r.id);
    if (o?.status === 'confirmed') confirmedCount += 1;
    if (r.status !== 'proposed' && r.status !== 'accepted') continue;
    if (r.category === 'protocol-noted' || o?.status === 'confirmed') continue;
    const draft = o?.status === 'draft' && o.summary.trim() !== '' ? o.summary : null;
    let state: FinishReview['cases'][number]['state'] = 'not-reached';
    let suggestedReason = 'Not reached in the time available.';
    const quorum = r.started_at ? await quorumFor(db, m, r, r.started_at) : null;
    if (quorum && !quorum.met && quorum.enforcement === 'block') {
      state = 'blocked-by-quorum';
      suggestedReason = `Quorum not met: ${quorum.explanation}`;
    } else if (draft !== null) {
      state = 'draft';
      suggestedReason = 'Outcome typed but not confirmed; the draft is carried with the case.';
    } else if (r.started_at) {
      state = 'started';
      suggestedReason = 'Discussion started but not concluded.';
    }
    cases.push({
      listingId: r.id,
      patientName: displayName(r),
      state,
      stateLabel: FINISH_CASE_STATE_LABELS[state],
      suggestedReason,
      draftSummary: draft,
    });
  }
  return { meetingId: m.id, confirmedCount, cases };
}

export async function finishMeeting(
  ctx: HandlerContext,
  meetingId: number,
  reasons: Record<string, string>,
): Promise<FinishResult> {
  return ctx.conn.db.transaction().execute(async (trx) => {
    const m = await meetingRow(trx, meetingId);
    if (m.status === 'closed') throw new AppError('CONFLICT', 'This meeting is already finished.');
    const at = nowInstant(ctx);
    const type = await trx
      .selectFrom('mdt_meeting_types')
      .select(['name'])
      .where('id', '=', m.meeting_type_id)
      .executeTakeFirstOrThrow();
    const rows = await trx
      .selectFrom('mdt_listings')
      .selectAll()
      .where('meeting_id', '=', m.id)
      .orderBy('position')
      .execute();
    const drafts = await trx
      .selectFrom('mdt_outcomes')
      .select('listing_id')
      .where('status', '=', 'draft')
      .where('listing_id', 'in', [0, ...rows.map((r) => r.id)])
      .execute();
    const listings: CaseListing[] = rows.map((r) => ({
      id: String(r.id),
      meetingId: String(r.meeting_id),
      patientId: String(r.patient_id),
      referralIds: [],
      requesters: [],
      caseCategories: parseJson<string[]>(r.case_categories_json, []),
      category: r.category as CaseListing['category'],
      status: r.status as CaseListing['status'],
      plannedMinutes: r.planned_minutes,
      deferralCount: r.deferral_count,
      deferReason: r.defer_reason,
      carriedFromListingId: r.carried_from_listing_id === null ? null : String(r.carried_from_listing_id),
      isLateAddition: r.is_late_addition === 1,
      lateApprovedBy: r.late_approved_by === null ? null : String(r.late_approved_by),
    }));
    const undiscussed = listings.filter(
      (l) => (l.status === 'proposed' || l.status === 'accepted') && l.category !== 'protocol-noted',
    );
    // No silent assumption: every case carried over has the chair's reason (prefilled by the review).
    const missing: Record<string, string> = {};
    for (const l of undiscussed)
      if (!reasons[l.id]?.trim()) missing[`reasons.${l.id}`] = 'Give the reason this case is carried over.';
    if (Object.keys(missing).length > 0)
      throw new AppError(
        'VALIDATION',
        'Review the cases not confirmed and give each a reason before finishing the meeting.',
        missing,
      );
    let next = null;
    const carriedOut: FinishResult['carried'] = [];
    if (undiscussed.length > 0) {
      next = await ensureNextMeeting(trx, m.meeting_type_id, m.start_at, at, m.id);
      const nextId = next.id;
      const result = rule(() => carryOver(listings, { id: String(nextId) }, reasons));
      for (const c of result.carried) {
        const from = rows.find((r) => String(r.id) === c.carriedFromListingId)!;
        const existing = await trx
          .selectFrom('mdt_listings')
          .selectAll()
          .where('meeting_id', '=', nextId)
          .where('patient_id', '=', from.patient_id)
          .executeTakeFirst();
        let newId: number;
        if (existing) {
          newId = existing.id;
          await trx
            .updateTable('mdt_listings')
            .set({
              deferral_count: Math.max(existing.deferral_count, c.deferralCount),
              defer_reason: c.deferReason,
              carried_from_listing_id: from.id,
              escalate: c.escalate ? 1 : 0,
              updated_at: at,
            })
            .where('id', '=', existing.id)
            .execute();
        } else {
          const pos = await trx
            .selectFrom('mdt_listings')
            .select((eb) => eb.fn.max('position').as('p'))
            .where('meeting_id', '=', nextId)
            .executeTakeFirst();
          const ins = await trx
            .insertInto('mdt_listings')
            .values({
              meeting_id: nextId,
              patient_id: from.patient_id,
              // Carried cases go to the top of the next list.
              position: -1000 + carriedOut.length - Number(pos?.p ?? 0) * 0,
              source: 'carried',
              category: c.category,
              status: 'proposed',
              planned_minutes: c.plannedMinutes,
              presenter_id: from.presenter_id,
              case_categories_json: JSON.stringify(c.caseCategories),
              urgency: from.urgency,
              is_late_addition: 0,
              deferral_count: c.deferralCount,
              defer_reason: c.deferReason,
              carried_from_listing_id: from.id,
              escalate: c.escalate ? 1 : 0,
              suggestion_json: from.suggestion_json,
              added_at: at,
              updated_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          newId = ins.id;
        }
        // A draft typed in this meeting travels with the case (never orphaned on the old listing).
        const hasOutcome = await trx
          .selectFrom('mdt_outcomes')
          .select('id')
          .where('listing_id', '=', newId)
          .executeTakeFirst();
        if (!hasOutcome)
          await trx
            .updateTable('mdt_outcomes')
            .set({ listing_id: newId, updated_at: at })
            .where('listing_id', '=', from.id)
            .where('status', '=', 'draft')
            .execute();
        await trx
          .updateTable('mdt_referrals')
          .set({ listing_id: newId, meeting_id: nextId })
          .where('listing_id', '=', from.id)
          .execute();
        await trx
          .insertInto('mdt_patient_state')
          .values({
            patient_id: from.patient_id,
            listed_meeting_id: nextId,
            last_discussed_on: null,
            last_outcome_id: null,
            earliest_open_action_due: null,
          })
          .onConflict((oc) => oc.column('patient_id').doUpdateSet({ listed_meeting_id: nextId }))
          .execute();
        const p = await trx
          .selectFrom('patients')
          .select(['surname', 'forename'])
          .where('id', '=', from.patient_id)
          .executeTakeFirstOrThrow();
        carriedOut.push({
          listingId: newId,
          patientName: displayName(p),
          deferralCount: c.deferralCount,
          escalate: c.escalate,
        });
      }
      for (const d of result.deferredOriginals) {
        await trx
          .updateTable('mdt_listings')
          .set({ status: 'deferred', defer_reason: d.deferReason, updated_at: at })
          .where('id', '=', Number(d.id))
          .execute();
      }
    }
    // Protocol-noted cases are recorded without discussion.
    await trx
      .updateTable('mdt_listings')
      .set({ status: 'discussed', updated_at: at })
      .where('meeting_id', '=', m.id)
      .where('category', '=', 'protocol-noted')
      .where('status', 'in', ['proposed', 'accepted'])
      .execute();
    await trx
      .updateTable('mdt_meetings')
      .set({
        status: 'closed',
        actual_end_at: at,
        current_listing_id: null,
        actual_start_at: m.actual_start_at ?? at,
        updated_at: at,
      })
      .where('id', '=', m.id)
      .execute();
    const confirmed = await trx
      .selectFrom('mdt_outcomes')
      .select('id')
      .where('status', '=', 'confirmed')
      .where('listing_id', 'in', [0, ...rows.map((r) => r.id)])
      .execute();
    const letters: FinishResult['letters'] = [];
    for (const o of confirmed) {
      for (const id of await queueLetters(ctx, trx, o.id, type.name, at)) {
        const l = await trx
          .selectFrom('mdt_letters')
          .select(['id', 'audience', 'status'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        letters.push(l);
      }
    }
    await writeAudit(trx, ctx, {
      action: 'mdt.meeting.finish',
      entity: 'mdt_meeting',
      entityId: m.id,
      after: {
        nextMeetingId: next?.id ?? null,
        carried: carriedOut,
        letters: letters.length,
        draftsLeft: drafts.length,
      },
    });
    return { meetingId: m.id, nextMeetingId: next?.id ?? null, carried: carriedOut, letters };
  });
}
