import { addCalendarDays, epochDay, fromEpochDay } from '../../shared/clinical/calendar';
import { PROCEDURE_CATALOGUE, findProcedure } from '../../shared/clinical/interventions/catalogue';
import { RTT_DAYS } from '../../shared/clinical/interventions/dates';
import { londonToday } from '../../shared/dates';
import { EMPTY_READINESS, priorityRank } from '../mappers/interventions';
import type { DemoContext } from './context';

const BY_SETTING: Record<string, readonly string[]> = {
  theatre: ['SCS_TRIAL', 'SCS_TRIAL', 'SCS_IMPL', 'RFD_L', 'RFD_L', 'RFD_SIJ'],
  'day-case': [
    'MBB_L',
    'MBB_L',
    'MBB_L',
    'RFD_L',
    'ESI_CAUDAL',
    'ESI_TF',
    'ESI_IL',
    'FJI',
    'GNB',
    'RFD_GEN',
    'SIJ_INJ',
    'MBB_C',
  ],
  clinic: ['TPI', 'BTX_MIG', 'BTX_MIG', 'GNB', 'PRF_SSN'],
};
const ROOMS = [
  {
    room: 'Theatre 1',
    setting: 'theatre',
    equipment: 'fluoroscopy,stimulator-kit-and-rep,rf-generator',
    radiographer: true,
  },
  {
    room: 'Day room 1',
    setting: 'day-case',
    equipment: 'fluoroscopy,ultrasound,rf-generator',
    radiographer: true,
  },
  {
    room: 'Day room 2',
    setting: 'day-case',
    equipment: 'fluoroscopy,ultrasound,rf-generator',
    radiographer: true,
  },
  { room: 'Clinic 3', setting: 'clinic', equipment: 'ultrasound', radiographer: false },
] as const;
const SITES = ['L4-5', 'L5-S1', 'L3-4', 'C5-6', 'T8-T10', 'Knee', 'Sacroiliac joint', 'Shoulder'];
const SIDES = ['left', 'right', 'bilateral', 'midline'];
const PRIORITY_WEIGHTS = ['P2', 'P3', 'P3', 'P3', 'P4', 'P4', 'P6'] as const;
const READY_JSON = JSON.stringify({
  ...EMPTY_READINESS,
  eligibilityStatus: 'passed',
  baselineOutcomesRecorded: true,
  antithromboticsReviewed: true,
  allergiesReviewed: true,
  activeInfection: false,
  devicesReviewed: true,
  pregnancyEnquiryArranged: true,
  exclusionsReviewed: true,
});
const EMPTY_JSON = JSON.stringify(EMPTY_READINESS);
const ALL_CODES = PROCEDURE_CATALOGUE.procedures.map((p) => p.code);

/**
 * Synthetic intervention history for the demo and benchmark service: at 100,000 patients, 5,000 sessions
 * (four a weekday: two consultants, morning and afternoon, the last ~6 months in the future), past
 * sessions filled with done cases (in-room times, outcomes), future ones partly booked, and 50,000
 * requests in all (the rest on the waiting list, some at risk of breaching).
 */
export function generateInterventionsDemo(ctx: DemoContext): void {
  const { sqlite, rnd } = ctx;
  const consultants = ctx.users.filter((u) => u.role === 'consultant').map((u) => u.id);
  const staff = ctx.users.find((u) => u.role === 'coordinator')?.id ?? consultants[0] ?? null;
  if (consultants.length === 0 || ctx.patientCount === 0) return;
  const today = londonToday(ctx.now);
  const todayDay = epochDay(today);
  const at = ctx.now.toISOString();
  const requestTarget = Math.round(ctx.patientCount / 2);
  const sessionTarget = Math.max(8, Math.round(ctx.patientCount / 20));
  const perDay = consultants.length * 2;
  const weekdays = Math.ceil(sessionTarget / perDay);
  const futureWeekdays = Math.min(weekdays, 130);
  // Walk back over weekdays to the first session day.
  let day = todayDay;
  for (let back = weekdays - futureWeekdays; back > 0;) {
    day -= 1;
    const dow = (day + 3) % 7; // 0 = Monday (1970-01-01 was a Thursday)
    if (dow < 5) back -= 1;
  }
  const randomPatient = () => ctx.firstPatientId + Math.floor(rnd.next() * ctx.patientCount);

  const insSession = sqlite.prepare(
    `INSERT INTO intervention_sessions (date, start_time, end_time, room, setting, clinician_id, radiographer, equipment,
      unavailable_minutes, turnaround_minutes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 15, ?)`,
  );
  const insRequest = sqlite.prepare(
    `INSERT INTO intervention_requests (patient_id, procedure_code, catalogue_version, side, site, indication, priority,
      priority_rank, source, requested_clinician_id, rtt_clock_start, rtt_breach_date, status, rebook_by, readiness_json,
      commissioner_rule_set, anticoagulant_rule_set, created_at, created_by, updated_at, version)
     VALUES (?, ?, ?, ?, ?, 'Demonstration indication', ?, ?, 'clinic', ?, ?, ?, ?, ?, ?, 'example-commissioner 1.0.0',
      'asra-esra-pain-2018 1.0.0', ?, ?, ?, 1)`,
  );
  const insBooking = sqlite.prepare(
    `INSERT INTO intervention_bookings (request_id, session_id, patient_id, procedure_code, clinician_id, session_date,
      planned_minutes, status, short_notice_agreed, cancel_kind, cancel_reason, cancelled_on_day, consent2_at, checklist_at,
      in_room_start, in_room_end, actual_minutes, follow_up_due, booked_at, booked_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insOutcome = sqlite.prepare(
    `INSERT INTO intervention_outcomes (booking_id, request_id, patient_id, procedure_code, procedure_date, site,
      relief_percent, relief_duration_weeks, complications, pgic, successful, recorded_at, recorded_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let requests = 0;
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

  function request(
    code: string,
    patient: number,
    clockStart: string,
    status: string,
    rebookBy: string | null,
    ready: boolean,
  ) {
    const priority = rnd.pick(PRIORITY_WEIGHTS);
    const clinician = rnd.pick(consultants);
    requests += 1;
    return {
      id: Number(
        insRequest.run(
          patient,
          code,
          PROCEDURE_CATALOGUE.version,
          rnd.pick(SIDES),
          rnd.pick(SITES),
          priority,
          priorityRank(priority),
          clinician,
          clockStart,
          addCalendarDays(clockStart, RTT_DAYS),
          status,
          rebookBy,
          ready ? READY_JSON : EMPTY_JSON,
          at,
          staff,
          at,
        ).lastInsertRowid,
      ),
      clinician,
    };
  }

  let sessions = 0;
  const batchDays = 20;
  while (sessions < sessionTarget) {
    sqlite.transaction(() => {
      for (let d = 0; d < batchDays && sessions < sessionTarget;) {
        const dow = (day + 3) % 7;
        if (dow >= 5) {
          day += 1;
          continue;
        }
        const date = fromEpochDay(day);
        const past = day < todayDay;
        for (let c = 0; c < consultants.length && sessions < sessionTarget; c += 1) {
          for (const half of [0, 1]) {
            if (sessions >= sessionTarget) break;
            const room = ROOMS[(c * 2 + half + dow) % ROOMS.length]!;
            const start = half === 0 ? 510 : 810; // 08:30 or 13:30
            const radiographer = room.radiographer && rnd.chance(0.95) ? 'Radiographer on rota' : null;
            const unavailable = rnd.chance(0.1) ? 30 : 0;
            const sessionId = Number(
              insSession.run(
                date,
                hhmm(start),
                hhmm(start + 240),
                room.room,
                room.setting,
                consultants[c]!,
                radiographer,
                room.equipment,
                unavailable,
                at,
              ).lastInsertRowid,
            );
            sessions += 1;
            // Fill: past sessions nearly full, future ones about half.
            let free = 240 - unavailable;
            const fillTo = past ? 0.85 : rnd.next() * 0.8;
            let first = true;
            while (free > (240 - unavailable) * (1 - fillTo)) {
              const code = rnd.pick(BY_SETTING[room.setting]!);
              const p = findProcedure(code)!;
              const need = p.defaultDurationMinutes + (first ? 0 : 15);
              if (need > free) break;
              free -= need;
              first = false;
              const patient = randomPatient();
              // A referral 20-140 days before the list, never after today (a clock cannot start in the future).
              const clockStart = fromEpochDay(Math.min(day - rnd.int(20, 140), todayDay));
              const cancelled = past && rnd.chance(0.04);
              const req = request(
                code,
                patient,
                clockStart,
                past ? (cancelled ? 'waiting' : 'done') : 'booked',
                null,
                true,
              );
              if (past && !cancelled) {
                const actual = Math.max(5, Math.round(p.defaultDurationMinutes * (0.7 + rnd.next() * 0.6)));
                const s = start + rnd.int(0, 120);
                const hasOutcome = rnd.chance(0.9) || day < todayDay - 120;
                const followUp = fromEpochDay(day + p.followUpWeeks * 7);
                const booking = Number(
                  insBooking.run(
                    req.id,
                    sessionId,
                    patient,
                    code,
                    consultants[c]!,
                    date,
                    p.defaultDurationMinutes,
                    'done',
                    null,
                    null,
                    0,
                    at,
                    at,
                    hhmm(s),
                    hhmm(s + actual),
                    actual,
                    hasOutcome ? null : followUp,
                    at,
                    staff,
                  ).lastInsertRowid,
                );
                if (hasOutcome) {
                  const relief = rnd.int(0, 100);
                  insOutcome.run(
                    booking,
                    req.id,
                    patient,
                    code,
                    date,
                    'demo',
                    relief,
                    rnd.int(0, 52),
                    rnd.chance(0.03) ? 'Vasovagal episode' : '',
                    rnd.int(1, 7),
                    relief >= 50 ? 1 : 0,
                    at,
                    staff,
                  );
                }
              } else {
                const kind = cancelled ? rnd.pick(['dna', 'non-clinical', 'patient'] as const) : null;
                insBooking.run(
                  req.id,
                  sessionId,
                  patient,
                  code,
                  consultants[c]!,
                  date,
                  p.defaultDurationMinutes,
                  cancelled ? (kind === 'dna' ? 'dna' : 'cancelled') : 'booked',
                  kind,
                  kind ? 'Demonstration reason' : null,
                  0,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  at,
                  staff,
                );
              }
            }
          }
        }
        day += 1;
        d += 1;
      }
    })();
    ctx.onProgress?.('interventions sessions', sessions, sessionTarget);
  }

  // The rest of the waiting list, some already past their breach date.
  const batch = 5000;
  while (requests < requestTarget) {
    sqlite.transaction(() => {
      for (let i = 0; i < batch && requests < requestTarget; i += 1) {
        const code = rnd.pick(ALL_CODES);
        request(
          code,
          randomPatient(),
          fromEpochDay(todayDay - rnd.int(0, 180)),
          'waiting',
          null,
          rnd.chance(0.5),
        );
      }
    })();
    ctx.onProgress?.('interventions requests', requests, requestTarget);
  }
}
