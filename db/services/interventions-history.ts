/**
 * Procedure history on the patient record (issue 14): the procedures done for a patient, earliest first,
 * each with its site and side, the day done, the outcome at follow-up (relief % and for how long, weeks or
 * hours, the day assessed, PGIC) and complications, in words. A read: the dispatcher audits it as a read
 * of this patient's record (shared/ipc/interventions-history.ts declares it).
 */
import { findProcedure } from '../../shared/clinical/interventions/catalogue';
import {
  complicationsInWords,
  historySiteInWords,
  outcomeInWords,
} from '../../shared/clinical/interventions/history';
import type {
  ProcedureHistory,
  ProcedureHistoryItem,
  ProcedureHistoryOutcome,
} from '../../shared/domain/interventions-history';
import { AppError } from '../../shared/result';
import * as h from '../queries/interventions-history';
import type { HandlerContext } from './context';
import { interventionRules } from './rule-sets';

export async function procedureHistory(ctx: HandlerContext, patientId: number): Promise<ProcedureHistory> {
  const db = ctx.conn.db;
  if (!(await h.patientExists(db, patientId)))
    throw new AppError('NOT_FOUND', 'That patient is not on the system.');
  const { catalogue } = interventionRules(ctx.conn);
  const rows = await h.proceduresDone(db, patientId);
  const items = rows.map((r): ProcedureHistoryItem => {
    const outcome: ProcedureHistoryOutcome | null =
      r.outcome_id === null || r.relief_percent === null || r.pgic === null
        ? null
        : {
            assessedOn: r.assessed_on,
            reliefPercent: Number(r.relief_percent),
            reliefDurationWeeks: r.relief_duration_weeks === null ? null : Number(r.relief_duration_weeks),
            reliefDurationHours: r.relief_duration_hours === null ? null : Number(r.relief_duration_hours),
            pgic: Number(r.pgic),
            successful: Number(r.successful) === 1,
            complications: r.complications ?? '',
          };
    return {
      bookingId: r.booking_id,
      requestId: r.request_id,
      date: r.session_date,
      procedureCode: r.procedure_code,
      procedureName: findProcedure(r.procedure_code, catalogue)?.name ?? r.procedure_code,
      site: historySiteInWords({
        site: r.site,
        side: r.side,
        siteRegion: r.site_region,
        siteLevels: r.site_levels,
      }),
      clinicianName: r.clinician_name,
      inRoomStart: r.in_room_start,
      inRoomEnd: r.in_room_end,
      outcome,
      outcomeText: outcomeInWords(outcome),
      complicationsText: outcome ? complicationsInWords(outcome.complications) : 'Not yet recorded',
    };
  });
  return { patientId, items };
}
