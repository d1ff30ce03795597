/**
 * A patient's procedure history on the patient record (issue 14, "the patient record shows procedure
 * history with dates and outcomes"): the procedures done in this app, in date order, each with its site and
 * side, the outcome (relief % and how long, its assessment date, PGIC) and complications, in words.
 */
import { z } from 'zod';

export const procedureHistoryInputSchema = z.strictObject({
  patientId: z.number().int().positive(),
});

/** The outcome recorded at follow-up, as stored. */
export interface ProcedureHistoryOutcome {
  /** 'YYYY-MM-DD': the day the outcome was assessed. */
  assessedOn: string | null;
  reliefPercent: number;
  reliefDurationWeeks: number | null;
  /** Diagnostic blocks: how many hours the relief lasted. */
  reliefDurationHours: number | null;
  /** Patient global impression of change, 1 (very much improved) to 7 (very much worse). */
  pgic: number;
  successful: boolean;
  complications: string;
}

/** One procedure done. */
export interface ProcedureHistoryItem {
  bookingId: number;
  requestId: number;
  /** 'YYYY-MM-DD': the day it was done. */
  date: string;
  procedureCode: string;
  procedureName: string;
  /** The site with its side and levels, in words ('Lumbar spine L4-L5, L5-S1 bilateral'). */
  site: string;
  clinicianName: string | null;
  /** In-room times, 'HH:mm' 24-hour (null when not recorded). */
  inRoomStart: string | null;
  inRoomEnd: string | null;
  outcome: ProcedureHistoryOutcome | null;
  /** The outcome in words, or that it is not yet recorded. */
  outcomeText: string;
  /** Complications in words ('None recorded' when none were recorded, or no outcome yet). */
  complicationsText: string;
}

export interface ProcedureHistory {
  patientId: number;
  /** Earliest first (date, then the order they were booked). */
  items: ProcedureHistoryItem[];
}
