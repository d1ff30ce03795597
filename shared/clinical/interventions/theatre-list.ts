/**
 * The theatre list (issue 14): each case's planned start and end on its session, in list order, and the
 * clashes a team brief must see. Pure: no I/O, no clock.
 *
 * - Cases run in list order from the session start; each case after the first starts after the session's
 *   turnaround (the same arithmetic as {@link sessionCapacity}).
 * - A case that ends after the session's bookable end (end minus declared unavailable minutes) overruns.
 * - Clashes across the day: two sessions in one room at overlapping times; one clinician on two overlapping
 *   sessions; one patient on two cases the same day.
 */
import { parseClockTime } from './dates';

const SEDATION_WORDS: Record<string, string> = {
  none: 'No sedation',
  local: 'Local anaesthetic only',
  'local-optional-sedation': 'Local anaesthetic, light sedation if needed',
  'local-and-sedation': 'Local anaesthetic and sedation',
  'general-or-sedation': 'General anaesthetic or sedation',
};

/** Words for a catalogue sedation plan, as printed on the list. */
export function sedationWords(plan: string): string {
  return SEDATION_WORDS[plan] ?? plan;
}

export interface ListSession {
  id: number;
  room: string;
  clinicianId: number;
  clinicianName: string;
  /** 'HH:mm' */
  start: string;
  end: string;
  unavailableMinutes: number;
  turnaroundMinutes: number;
}

export interface ListCase {
  bookingId: number;
  sessionId: number;
  patientId: number;
  patientName: string;
  minutes: number;
}

export interface TimedCase {
  bookingId: number;
  /** 'HH:mm' */
  start: string;
  end: string;
  /** Minutes past the session's bookable end (0 when it fits). */
  overrunMinutes: number;
}

export interface ListClash {
  kind: 'overrun' | 'room' | 'clinician' | 'patient';
  /** The sessions and cases it concerns. */
  sessionIds: number[];
  bookingIds: number[];
  message: string;
}

const hhmm = (m: number): string =>
  `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Start and end of each case of one session, in the order given. */
export function timeCases(
  session: ListSession,
  cases: readonly Pick<ListCase, 'bookingId' | 'minutes'>[],
): TimedCase[] {
  let t = parseClockTime(session.start, 'session.start');
  const bookableEnd = parseClockTime(session.end, 'session.end') - session.unavailableMinutes;
  return cases.map((c, i) => {
    if (i > 0) t += session.turnaroundMinutes;
    const start = t;
    t += c.minutes;
    return {
      bookingId: c.bookingId,
      start: hhmm(start),
      end: hhmm(t),
      overrunMinutes: Math.max(0, t - bookableEnd),
    };
  });
}

const overlaps = (a: ListSession, b: ListSession): boolean =>
  parseClockTime(a.start, 's') < parseClockTime(b.end, 's') &&
  parseClockTime(b.start, 's') < parseClockTime(a.end, 's');

/** Every clash of one day's sessions and cases (cases keyed by session, in list order). */
export function dayClashes(sessions: readonly ListSession[], cases: readonly ListCase[]): ListClash[] {
  const out: ListClash[] = [];
  for (const s of sessions) {
    const own = cases.filter((c) => c.sessionId === s.id);
    for (const [i, t] of timeCases(s, own).entries()) {
      if (t.overrunMinutes > 0)
        out.push({
          kind: 'overrun',
          sessionIds: [s.id],
          bookingIds: [t.bookingId],
          message: `${own[i]!.patientName}: planned to end at ${t.end}, ${t.overrunMinutes} minutes after the list’s bookable end.`,
        });
    }
  }
  for (let i = 0; i < sessions.length; i++) {
    for (let j = i + 1; j < sessions.length; j++) {
      const a = sessions[i]!;
      const b = sessions[j]!;
      if (!overlaps(a, b)) continue;
      if (a.room.trim().toLowerCase() === b.room.trim().toLowerCase())
        out.push({
          kind: 'room',
          sessionIds: [a.id, b.id],
          bookingIds: [],
          message: `${a.room} has two lists at once: ${a.start}-${a.end} (${a.clinicianName}) and ${b.start}-${b.end} (${b.clinicianName}).`,
        });
      if (a.clinicianId === b.clinicianId)
        out.push({
          kind: 'clinician',
          sessionIds: [a.id, b.id],
          bookingIds: [],
          message: `${a.clinicianName} has two lists at once: ${a.room} ${a.start}-${a.end} and ${b.room} ${b.start}-${b.end}.`,
        });
    }
  }
  const byPatient = new Map<number, ListCase[]>();
  for (const c of cases) byPatient.set(c.patientId, [...(byPatient.get(c.patientId) ?? []), c]);
  for (const list of byPatient.values()) {
    if (list.length < 2) continue;
    const rooms = list.map((c) => sessions.find((s) => s.id === c.sessionId)?.room ?? '');
    out.push({
      kind: 'patient',
      sessionIds: [...new Set(list.map((c) => c.sessionId))],
      bookingIds: list.map((c) => c.bookingId),
      message: `${list[0]!.patientName} is on the list ${list.length} times today (${rooms.join(', ')}).`,
    });
  }
  return out;
}
