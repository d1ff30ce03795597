/**
 * Pure checks run when a patient is booked onto a procedure session (IR(ME)R 2017 for fluoroscopy; local accreditation lists).
 *
 * Severity follows the service's clinical decisions (clinical lead) (interventions 2): the readiness hard block here is a fluoroscopy case on a
 * session with no radiographer. An overbooked session is also refused (capacity is physical, not a
 * readiness judgement: the issue says overbooking is "refused with the reason"). Everything else is a
 * warning that can be overridden with an audited reason.
 * The other hard blocks (creatinine clearance for a DOAC hold, dual antiplatelet therapy or a recent
 * coronary stent, MRSA screen for implants) are patient-readiness gates: see `evaluateReadiness`, which
 * should be run together with these checks before a booking is confirmed.
 */
import { formatDateGb } from '../../dates';
import { ClinicalInputError } from '../errors';
import { sessionCapacity } from './capacity';
import type { Equipment, ImagingModality, ProcedureDefinition, ProcedureSetting } from './catalogue';
import { requiredEquipment } from './catalogue';
import type { CommissionerRuleSet, ProcedureHistoryEntry } from './commissioner';
import { checkRepeatInterval, resolveRepeatFamily, resolveRepeatIntervalMonths } from './commissioner';
import type { SiteRef } from './sites';
import type { RepeatRule } from './dates';
import { calendarDaysBetween, parseCalendarDate, parseClockTime } from './dates';
import { ruleSetText, type HoldPlan } from './holds';

/** Minimum notice for a reasonable offer, in calendar days (3 weeks), unless the patient agrees sooner. */
export const MIN_NOTICE_DAYS = 21;

/** A procedure session (list) as needed by the booking checks. Times are UK local, same day. */
export interface ProcedureSession {
  id: string;
  /** 'YYYY-MM-DD' */
  date: string;
  /** 'HH:mm' */
  start: string;
  /** 'HH:mm', after `start` */
  end: string;
  clinicianId: string;
  setting?: ProcedureSetting;
  hasRadiographer: boolean;
  equipment: readonly Equipment[];
  unavailableMinutes: number;
  turnaroundMinutes: number;
  /** Planned minutes of the cases already booked on the session (not including the new case). */
  bookedCaseMinutes: readonly number[];
}

/** Another session, for double-booking checks. */
export interface SessionSlot {
  id: string;
  /** 'YYYY-MM-DD' */
  date: string;
  /** 'HH:mm' */
  start: string;
  /** 'HH:mm' */
  end: string;
}

/** A hold plan with its approval state. */
export interface HoldPlanRecord {
  drug: string;
  plan: HoldPlan;
  /** A clinician has approved the plan (or, for a blocked plan, recorded a decision). */
  approved: boolean;
}

/** Another booking the patient already has. */
export interface PatientBooking {
  sessionId: string;
  /** 'YYYY-MM-DD' */
  date: string;
  procedureCode?: string;
}

/** Input to {@link checkBookingConflicts}. */
export interface BookingConflictInput {
  /** 'YYYY-MM-DD', Europe/London */
  today: string;
  procedure: ProcedureDefinition;
  /** Imaging planned for this case (default: the catalogue's). */
  imaging?: ImagingModality;
  /** Planned minutes for this case (default: the catalogue's). */
  caseMinutes?: number;
  session: ProcedureSession;
  /** The clinician's other sessions (any dates; only overlaps on the same day count). */
  clinicianOtherSessions?: readonly SessionSlot[];
  /** The patient's other bookings (any dates; leave out the booking being checked). */
  patientOtherBookings?: readonly PatientBooking[];
  /** The patient's earlier procedures, for the repeat-interval check. */
  history?: readonly ProcedureHistoryEntry[];
  /** Planned site/level/side (written, or written plus structured), compared with history sites. */
  site?: string | SiteRef;
  commissionerRules?: CommissionerRuleSet;
  /** An explicit repeat rule; otherwise the commissioner's, then the catalogue's. */
  repeatRule?: RepeatRule;
  holdPlans?: readonly HoldPlanRecord[];
  /** Local RTT breach date, 'YYYY-MM-DD'. */
  rttBreachDate?: string;
  /** The patient has agreed to a date with less than 3 weeks' notice. */
  patientAgreedShortNotice?: boolean;
}

/** Machine-readable codes of booking conflicts. */
export type BookingConflictCode =
  | 'CAPACITY_EXCEEDED'
  | 'CLINICIAN_DOUBLE_BOOKED'
  | 'PATIENT_SAME_DAY'
  | 'EQUIPMENT_MISSING'
  | 'NO_RADIOGRAPHER'
  | 'SETTING_MISMATCH'
  | 'REPEAT_TOO_SOON'
  | 'HOLD_NOT_APPROVED'
  | 'HOLD_NOT_DECIDED'
  | 'RTT_BREACHED'
  | 'RTT_BREACH_BEFORE_SESSION'
  | 'SHORT_NOTICE'
  | 'SESSION_IN_PAST'
  // Find a slot only (issue 14): a date to rank lower, not a booking check.
  | 'NOT_REQUESTED_CLINICIAN'
  | 'BANK_HOLIDAY'
  | 'MRSA_SCREEN_TOO_OLD';

/** One booking conflict. 'block' cannot be overridden; 'warn' needs an audited reason to proceed. */
export interface BookingConflict {
  code: BookingConflictCode;
  severity: 'block' | 'warn';
  message: string;
}

const EQUIPMENT_NAMES: Record<Equipment, string> = {
  fluoroscopy: 'fluoroscopy (C-arm)',
  ultrasound: 'ultrasound machine',
  CT: 'CT',
  'rf-generator': 'RF generator',
  'stimulator-kit-and-rep': 'stimulator kit and company representative',
  'pump-refill-kit': 'pump refill kit and prepared drug',
  'monitored-chair': 'monitored chair or bed',
};

const minutes = (n: number): string => `${n} minute${n === 1 ? '' : 's'}`;

function validateSession(session: ProcedureSession): { start: number; end: number } {
  parseCalendarDate(session.date, 'session.date');
  const start = parseClockTime(session.start, 'session.start');
  const end = parseClockTime(session.end, 'session.end');
  if (end <= start) {
    throw new ClinicalInputError(
      'INVALID_DATE',
      `session.end (${session.end}) must be after session.start (${session.start}).`,
      'session.end',
    );
  }
  return { start, end };
}

/**
 * Room and equipment checks for a case on a session: missing equipment (warn), fluoroscopy with no
 * radiographer (BLOCK), CT with no radiographer (warn), wrong setting (warn). A theatre session may host
 * a day-case procedure.
 */
export function checkSessionSuitability(
  procedure: ProcedureDefinition,
  session: Pick<ProcedureSession, 'hasRadiographer' | 'equipment' | 'setting'>,
  imaging: ImagingModality = procedure.imaging,
): BookingConflict[] {
  const out: BookingConflict[] = [];
  if (imaging === 'fluoroscopy' && !session.hasRadiographer) {
    out.push({
      code: 'NO_RADIOGRAPHER',
      severity: 'block',
      message: `${procedure.name} is a fluoroscopy case and this session has no radiographer. Add a radiographer or choose another session.`,
    });
  } else if (imaging === 'CT' && !session.hasRadiographer) {
    out.push({
      code: 'NO_RADIOGRAPHER',
      severity: 'warn',
      message: `${procedure.name} is planned under CT and this session has no radiographer.`,
    });
  }
  for (const item of requiredEquipment(procedure, imaging)) {
    if (!session.equipment.includes(item)) {
      out.push({
        code: 'EQUIPMENT_MISSING',
        severity: 'warn',
        message: `${procedure.name} needs ${EQUIPMENT_NAMES[item]}, which this session does not have.`,
      });
    }
  }
  const setting = session.setting;
  if (setting !== undefined) {
    const fits =
      procedure.settings.includes(setting) ||
      (setting === 'theatre' && procedure.settings.includes('day-case'));
    if (!fits) {
      out.push({
        code: 'SETTING_MISMATCH',
        severity: 'warn',
        message: `${procedure.name} is done in ${procedure.settings.join(' or ')}; this session is ${setting}.`,
      });
    }
  }
  return out;
}

/** Notice check: a date in the past, or under 3 weeks away without the patient's agreement, warns. */
export function checkNotice(
  today: string,
  sessionDate: string,
  patientAgreedShortNotice = false,
): BookingConflict[] {
  parseCalendarDate(today, 'today');
  const days = calendarDaysBetween(today, sessionDate);
  if (days < 0) {
    return [
      {
        code: 'SESSION_IN_PAST',
        severity: 'warn',
        message: `The session date ${formatDateGb(sessionDate)} is in the past.`,
      },
    ];
  }
  if (days < MIN_NOTICE_DAYS && !patientAgreedShortNotice) {
    return [
      {
        code: 'SHORT_NOTICE',
        severity: 'warn',
        message: `Only ${days} days' notice (${formatDateGb(sessionDate)}); a reasonable offer gives at least 3 weeks unless the patient agrees to sooner. Record the patient's agreement.`,
      },
    ];
  }
  return [];
}

/**
 * Capacity check for adding a case of `caseMinutes` to the session. Overbooking is refused (a 'block'; the
 * issue: "try to overbook (refused with the reason)"): the message gives the overrun, the session's free
 * minutes and what the case needs (its minutes plus a turnaround when cases are already booked).
 */
export function checkCapacity(session: ProcedureSession, caseMinutes: number): BookingConflict[] {
  // Real elapsed minutes: a list across a clock change is an hour shorter or longer than its wall times.
  const start = `${session.date}T${session.start}`;
  const end = `${session.date}T${session.end}`;
  const capacity = sessionCapacity({
    start,
    end,
    unavailableMinutes: session.unavailableMinutes,
    turnaroundMinutes: session.turnaroundMinutes,
    caseMinutes: [...session.bookedCaseMinutes, caseMinutes],
  });
  if (capacity.overbookedByMinutes > 0) {
    const before = sessionCapacity({
      start,
      end,
      unavailableMinutes: session.unavailableMinutes,
      turnaroundMinutes: session.turnaroundMinutes,
      caseMinutes: [...session.bookedCaseMinutes],
    });
    const turnaround = session.bookedCaseMinutes.length > 0 ? session.turnaroundMinutes : 0;
    const needed = caseMinutes + turnaround;
    // Said in full, so "a 30-minute case needs 45 minutes" does not read as a mistake.
    const why = turnaround > 0 ? ` (the case's ${caseMinutes} and ${minutes(turnaround)}' turnaround)` : '';
    return [
      {
        code: 'CAPACITY_EXCEEDED',
        severity: 'block',
        message: `Adding this ${caseMinutes}-minute case overbooks the session by ${minutes(capacity.overbookedByMinutes)} (${capacity.usedMinutes} of ${capacity.bookableMinutes} bookable minutes). The session has ${minutes(before.freeMinutes)} free; this case needs ${minutes(needed)}${why}. Choose another session.`,
      },
    ];
  }
  return [];
}

/** Hold-plan check: a plan that still needs approval (a proposed hold, or a blocked plan) warns. */
export function checkHoldPlans(holdPlans: readonly HoldPlanRecord[]): BookingConflict[] {
  const out: BookingConflict[] = [];
  for (const record of holdPlans) {
    if (!record.plan.needsApproval || record.approved) continue;
    if (record.plan.status === 'blocked') {
      out.push({
        code: 'HOLD_NOT_DECIDED',
        severity: 'warn',
        message: `No hold plan could be computed for ${record.drug}: ${record.plan.reason ?? 'no reason given'}`,
      });
    } else {
      out.push({
        code: 'HOLD_NOT_APPROVED',
        severity: 'warn',
        message: `The proposed hold plan for ${record.drug} under ${ruleSetText(record.plan.ruleSet)} needs prescriber approval.`,
      });
    }
  }
  return out;
}

/**
 * All booking conflicts for putting a case on a session, hard blocks first. An empty list means no
 * conflict was found by these checks.
 *
 * Checks: capacity exceeded; clinician double-booked (overlapping sessions on the same day); patient
 * already booked the same day; required equipment missing; fluoroscopy with no radiographer (BLOCK);
 * setting mismatch; repeat interval not yet passed; hold plan not approved; RTT breach date already past,
 * or before the session date (treatment on the breach date itself is in time); under 3 weeks' notice
 * without the patient's agreement; session date in the past.
 *
 * @throws ClinicalInputError for invalid dates, times or minutes.
 */
export function checkBookingConflicts(input: BookingConflictInput): BookingConflict[] {
  parseCalendarDate(input.today, 'today');
  const { session, procedure } = input;
  const { start, end } = validateSession(session);
  const caseMinutes = input.caseMinutes ?? procedure.defaultDurationMinutes;
  const out: BookingConflict[] = [];

  out.push(...checkSessionSuitability(procedure, session, input.imaging ?? procedure.imaging));
  out.push(...checkCapacity(session, caseMinutes));

  for (const other of input.clinicianOtherSessions ?? []) {
    if (other.id === session.id) continue;
    parseCalendarDate(other.date, 'clinicianOtherSessions.date');
    const oStart = parseClockTime(other.start, 'clinicianOtherSessions.start');
    const oEnd = parseClockTime(other.end, 'clinicianOtherSessions.end');
    if (other.date === session.date && start < oEnd && oStart < end) {
      out.push({
        code: 'CLINICIAN_DOUBLE_BOOKED',
        severity: 'warn',
        message: `The clinician is also booked on another session on ${formatDateGb(other.date)} ${other.start}-${other.end}, which overlaps this session (${session.start}-${session.end}).`,
      });
    }
  }

  for (const booking of input.patientOtherBookings ?? []) {
    parseCalendarDate(booking.date, 'patientOtherBookings.date');
    if (booking.date === session.date) {
      out.push({
        code: 'PATIENT_SAME_DAY',
        severity: 'warn',
        message: `The patient is already booked on ${formatDateGb(booking.date)} (another session).`,
      });
    }
  }

  const months = input.repeatRule?.months ?? resolveRepeatIntervalMonths(procedure, input.commissionerRules);
  const repeat = checkRepeatInterval(
    procedure,
    input.history ?? [],
    session.date,
    months,
    input.site,
    resolveRepeatFamily(procedure, input.commissionerRules),
  );
  if (!repeat.ok) out.push({ code: 'REPEAT_TOO_SOON', severity: 'warn', message: repeat.message });

  out.push(...checkHoldPlans(input.holdPlans ?? []));

  if (input.rttBreachDate !== undefined) {
    parseCalendarDate(input.rttBreachDate, 'rttBreachDate');
    if (calendarDaysBetween(input.rttBreachDate, input.today) > 0) {
      out.push({
        code: 'RTT_BREACHED',
        severity: 'warn',
        message: `The 18-week RTT breach date (${formatDateGb(input.rttBreachDate)}) has already passed.`,
      });
    } else if (calendarDaysBetween(input.rttBreachDate, session.date) > 0) {
      out.push({
        code: 'RTT_BREACH_BEFORE_SESSION',
        severity: 'warn',
        message: `The session (${formatDateGb(session.date)}) is after the 18-week RTT breach date (${formatDateGb(input.rttBreachDate)}).`,
      });
    }
  }

  out.push(...checkNotice(input.today, session.date, input.patientAgreedShortNotice));

  return [...out.filter((c) => c.severity === 'block'), ...out.filter((c) => c.severity === 'warn')];
}
