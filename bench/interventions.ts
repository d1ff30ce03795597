import type Database from 'better-sqlite3';
import { addCalendarMonths } from '../shared/clinical/calendar';
import {
  antithromboticsFromMedicines,
  serotonergicFromMedicines,
  checkBookingConflicts,
  checkCapacity,
  findProcedure,
  observedFromHistogram,
  plannedCaseDuration,
  evaluateReadiness,
  type BookingConflict,
  type PlannedDurationInput,
  type ProcedureSession,
  type SessionSlot,
  ENGLAND_WALES_BANK_HOLIDAYS,
  bankHolidayOn,
  startTimeProblem,
} from '../shared/clinical/interventions/index';
import { formatDateGb, londonToday } from '../shared/dates';
import type { BookingResult, SlotOption } from '../shared/domain/interventions';
import { SHIPPED_INTERVENTION_RULES } from '../shared/domain/rule-sets';
import { EMPTY_READINESS, parseReadiness } from '../db/mappers/interventions';
import { equipmentOf, toSessionView } from '../db/services/interventions-session-views';
import { readinessInput, summarise, type RequestContext } from '../db/services/interventions-readiness';
import { siteKey, toHistoryEntry } from '../db/services/interventions-common';
import { bookingDecision, otherBookings } from '../db/services/interventions-booking';
import { mrsaWindowWarning } from '../db/services/interventions-slots';
import type { BenchContext, BenchRow } from './context';
import { timePair } from './measure';

const KEY = 'bench-interventions';

/**
 * Benchmarks of the interventions operations (issue targets), each beside a hand-written SQL baseline.
 * The bench signs in as the demo nurse (sjones): the consultant role has no 'interventions.manage'.
 */
export async function interventionsBench(ctx: BenchContext): Promise<BenchRow[]> {
  const { sqlite, dispatcher } = ctx;
  const signIn = await dispatcher.dispatch(KEY, 'auth:signIn', {
    username: 'sjones',
    password: 'bench-password-1',
  });
  if (!signIn.ok) throw new Error('interventions bench: could not sign in as sjones');
  const today = londonToday();
  const horizon = addCalendarMonths(today, 6);
  // Find a slot for a waiting patient over the next 6 months. The patients take no antithrombotic (on the
  // request or on their medicines list): ours recomputes each hold plan for every session's start (hold
  // binding, with the bleeding tier from the whole record), which the baseline does not repeat. Requests
  // with a hold were compared on the stored plan until the day a session's last permitted dose fell in the
  // past (just after midnight), when ours rightly dropped that session and the baseline did not.
  const medsOf = sqlite.prepare(
    `SELECT item_id AS itemId, version, generic, name, route, dose_kind AS doseKind, dose_mg AS doseMg,
       times_per_day AS timesPerDay, indication, start_date AS startDate
     FROM medicine_entries WHERE patient_id = ? AND current = 1 AND status = 'active' ORDER BY item_id`,
  );
  const candidates = (
    sqlite
      .prepare(
        `SELECT id, patient_id FROM intervention_requests r WHERE status = 'waiting'
         AND NOT EXISTS (SELECT 1 FROM intervention_antithrombotics a WHERE a.request_id = r.id) ORDER BY id DESC`,
      )
      .all() as { id: number; patient_id: number }[]
  )
    .filter((r) => antithromboticsFromMedicines(medsOf.all(r.patient_id) as never[]).length === 0)
    .slice(0, 64)
    .map((r) => r.id);
  if (candidates.length < 8) throw new Error('interventions bench: too few waiting requests without a hold');
  const findSlot = findSlotBaseline(sqlite, today, horizon);
  const slotRow = await ctx.compare(
    'Interventions: find a slot over 6 months of sessions (one patient)',
    100,
    async (i) => {
      const r = await dispatcher.dispatch(KEY, 'interventions:findSlot', {
        requestId: candidates[i % candidates.length]!,
        patientAgreedShortNotice: false,
      });
      if (!r.ok) throw new Error(`findSlot: ${r.error.message}`);
      return r.value;
    },
    (i) => findSlot(candidates[i % candidates.length]!, false),
    { iterations: ctx.iterations },
  );

  const n = ctx.iterations + 40;

  // Ready lumbar medial branch blocks (no sedation, low bleeding risk), made ready by the bench itself.
  const ready = JSON.stringify({
    ...EMPTY_READINESS,
    eligibilityStatus: 'passed',
    consentStage1Date: today,
    consentLeafletVersion: 'MBB v2',
    baselineOutcomesRecorded: true,
    antithromboticsReviewed: true,
    allergiesReviewed: true,
    activeInfection: false,
    devicesReviewed: true,
    pregnancyEnquiryArranged: true,
    exclusionsReviewed: true,
  });
  // Requests without antithrombotics, on the request or on the patient's medicines list: booking them
  // re-plans no hold, so the hand-written baseline below can repeat every step of the booking.
  const waiting = (
    sqlite
      .prepare(
        `SELECT id, patient_id FROM intervention_requests r WHERE status = 'waiting' AND procedure_code = 'MBB_L'
         AND NOT EXISTS (SELECT 1 FROM intervention_antithrombotics a WHERE a.request_id = r.id) ORDER BY id`,
      )
      .all() as { id: number; patient_id: number }[]
  )
    .filter((r) => antithromboticsFromMedicines(medsOf.all(r.patient_id) as never[]).length === 0)
    .slice(0, n * 2 + 8)
    .map((r) => r.id);
  sqlite
    .prepare(
      `UPDATE intervention_requests SET readiness_json = ?, override_items_json = ?, override_reason = 'bench', override_at = ?
       WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .run(
      ready,
      JSON.stringify(['other-allergies', 'contrast-allergy', 'sedation']),
      new Date().toISOString(),
      JSON.stringify(waiting),
    );
  // Each timed call (warm-up included) books a different request: a counter, not the iteration index
  // (timePair() restarts the index after the warm-up).
  // Half for ours, half for the baseline, up to 8 spare ones for the same-result check.
  const half = Math.floor(Math.max(0, waiting.length - 8) / 2);
  const ours = waiting.slice(0, half);
  const theirs = waiting.slice(half, half * 2);
  const bookIterations = Math.min(ctx.iterations, half - 25);
  const sessions = sqlite
    .prepare(
      `SELECT id FROM intervention_sessions WHERE date >= ? AND date <= ? AND setting = 'day-case' AND radiographer IS NOT NULL ORDER BY date, start_time`,
    )
    .pluck()
    .all(today, horizon) as number[];
  // Too few ready requests at small scale (the smoke): find a slot only.
  if (bookIterations < 5 || sessions.length === 0) return [slotRow];

  let booked = 0;
  let refused = 0;
  let nextOurs = 0;
  let nextTheirs = 0;
  // Baseline by hand: the same reads, pure rules, insert, status change and audit row (bookBaseline).
  const userId = sqlite.prepare("SELECT id FROM users WHERE username = 'sjones'").pluck().get() as number;
  const baselineBook = bookBaseline(sqlite, today, userId);
  // Timed in alternation (ours, baseline, ours, ...) like every compared row, so a burst of load on the
  // shared machine lands on both, and both fill the same sessions at the same pace.
  const { ours: bookOurs, baseline: bookBaselineTiming } = await timePair(
    async () => {
      const i = nextOurs++;
      const r = await dispatcher.dispatch(KEY, 'interventions:book', {
        requestId: ours[i]!,
        sessionId: sessions[i % sessions.length]!,
        patientAgreedShortNotice: true,
        overrideReason: 'Benchmark booking',
      });
      if (r.ok) booked += 1;
      else refused += 1;
    },
    () => {
      const i = nextTheirs++;
      return baselineBook(theirs[i]!, sessions[i % sessions.length]!, true, 'Benchmark booking');
    },
    { iterations: bookIterations },
  );

  // Same result: each of the spare requests booked by hand inside a transaction that is rolled back, then
  // through the dispatcher, on the same session; the answers and the rows written must be the same.
  const spare = waiting.slice(half * 2);
  const written = sqlite.prepare(
    `SELECT b.request_id, b.session_id, b.patient_id, b.procedure_code, b.clinician_id, b.session_date,
       b.planned_minutes, b.status, b.short_notice_agreed, b.override_reason, b.overridden_json, b.booked_by,
       r.status AS request_status, r.version AS request_version,
       (SELECT json_object('user', a.user_id, 'action', a.action, 'entity', a.entity, 'entityId', a.entity_id,
          'patient', a.patient_id, 'before', a.before_json, 'after', a.after_json)
        FROM audit_log a WHERE a.entity = 'intervention_booking' AND a.entity_id = b.id) AS audit
     FROM intervention_bookings b JOIN intervention_requests r ON r.id = b.request_id WHERE b.id = ?`,
  );
  const state = (outcome: BookOutcome) =>
    outcome.ok
      ? {
          ...outcome,
          written: written.get(outcome.value.bookingId) as { audit: string } | undefined,
        }
      : outcome;
  const pair = (i: number) => ({ request: spare[i]!, session: sessions[(i * 7) % sessions.length]! });
  // same() calls ours first: the hand-written booking runs (and is rolled back) just before it.
  const byHand = new Map<number, unknown>();
  const bookCheck =
    spare.length > 0
      ? await ctx.same(
          'Interventions: book',
          async (i) => {
            const p = pair(i);
            sqlite.exec('BEGIN');
            try {
              byHand.set(i, state(baselineBook(p.request, p.session, true, 'Benchmark booking')));
            } finally {
              sqlite.exec('ROLLBACK');
            }
            const r = await dispatcher.dispatch(KEY, 'interventions:book', {
              requestId: p.request,
              sessionId: p.session,
              patientAgreedShortNotice: true,
              overrideReason: 'Benchmark booking',
            });
            return state(
              r.ok
                ? { ok: true, value: r.value as BookingResult }
                : { ok: false, code: r.error.code, message: r.error.message },
            );
          },
          (i) => byHand.get(i),
          Math.min(spare.length, 8),
        )
      : null;

  return [
    ctx.row(
      `Interventions: book a ready patient with all conflict checks (${booked} booked, ${refused} refused)`,
      20,
      bookOurs,
      bookBaselineTiming,
      bookCheck ?? {
        sameResult: null,
        note: 'not compared: too few ready requests at this scale for a spare one',
      },
    ),
    slotRow,
  ];
}

interface SessionSql {
  id: number;
  date: string;
  start_time: string;
  end_time: string;
  room: string;
  setting: string;
  clinician_id: number;
  radiographer: string | null;
  equipment: string;
  unavailable_minutes: number;
  turnaround_minutes: number;
  booked_minutes: string | null;
}

/**
 * Find a slot by hand: plain prepared statements (the request, its hold plans, the patient's history and
 * bookings, the sessions with their booked minutes, one histogram of timed cases) and the same pure rules
 * (plannedCaseDuration, checkCapacity, checkBookingConflicts, sessionCapacity) with the shipped rule sets.
 * Like ours it first reads the medicines list to see whether the hold plans follow it (the bench requests
 * are in step, so nothing is re-planned).
 */
function findSlotBaseline(db: Database.Database, today: string, horizon: string) {
  const request = db.prepare('SELECT * FROM intervention_requests WHERE id = ?');
  const meds = db.prepare(
    `SELECT item_id AS itemId, version, generic, name, route, dose_kind AS doseKind, dose_mg AS doseMg,
       times_per_day AS timesPerDay, indication, start_date AS startDate
     FROM medicine_entries WHERE patient_id = ? AND current = 1 AND status = 'active' ORDER BY item_id`,
  );
  const antis = db.prepare(
    'SELECT drug, plan_json, approved_by FROM intervention_antithrombotics WHERE request_id = ? ORDER BY id',
  );
  const history = db.prepare(
    `SELECT b.procedure_code, b.session_date, r.site, r.side, o.relief_percent, o.successful
     FROM intervention_bookings b JOIN intervention_requests r ON r.id = b.request_id
     LEFT JOIN intervention_outcomes o ON o.booking_id = b.id WHERE b.patient_id = ? AND b.status = 'done'`,
  );
  const sessions = db.prepare(
    `SELECT s.*, (SELECT group_concat(b.planned_minutes) FROM intervention_bookings b
       WHERE b.session_id = s.id AND b.status IN ('booked', 'done')) AS booked_minutes
     FROM intervention_sessions s WHERE s.date >= ? AND s.date <= ? ORDER BY s.date, s.start_time`,
  );
  const patientBookings = db.prepare(
    `SELECT session_id, session_date, procedure_code FROM intervention_bookings
     WHERE patient_id = ? AND status = 'booked' AND session_date >= ?`,
  );
  const histogram = db.prepare(
    `SELECT clinician_id, actual_minutes, count(*) AS cases FROM intervention_bookings
     WHERE procedure_code = ? AND actual_minutes IS NOT NULL GROUP BY clinician_id, actual_minutes`,
  );
  const names = db.prepare('SELECT id, display_name FROM users WHERE id IN (SELECT value FROM json_each(?))');
  const cases = db.prepare(
    `SELECT b.id, b.session_id, b.request_id, b.procedure_code, b.planned_minutes, b.status, p.surname, p.forename
     FROM intervention_bookings b JOIN patients p ON p.id = b.patient_id
     WHERE b.session_id IN (SELECT value FROM json_each(?)) AND b.status IN ('booked', 'done') ORDER BY b.id`,
  );
  const rules = SHIPPED_INTERVENTION_RULES;
  return (requestId: number, shortNotice: boolean): SlotOption[] => {
    const r = request.get(requestId) as {
      patient_id: number;
      procedure_code: string;
      site: string;
      side: string;
      rtt_breach_date: string;
      requested_clinician_id: number | null;
      readiness_json: string;
    };
    const requestedName =
      r.requested_clinician_id === null
        ? null
        : ((names.all(JSON.stringify([r.requested_clinician_id])) as { display_name: string }[])[0]
            ?.display_name ?? null);
    const mrsaDate = parseReadiness(r.readiness_json).mrsaScreenDate;
    antithromboticsFromMedicines(meds.all(r.patient_id) as never[]);
    const procedure = findProcedure(r.procedure_code, rules.catalogue);
    if (!procedure) throw new Error('findSlot baseline: unknown procedure');
    // The bench chooses requests with no hold (see the candidates above): one with a hold would need the
    // per-start hold binding ours does, which this baseline does not repeat.
    if ((antis.all(requestId) as unknown[]).length > 0)
      throw new Error('findSlot baseline: a request with an antithrombotic hold is outside this baseline');
    const hist = (
      history.all(r.patient_id) as {
        procedure_code: string;
        session_date: string;
        site: string;
        side: string;
        relief_percent: number | null;
        successful: number | null;
      }[]
    ).map(toHistoryEntry);
    const rows = sessions.all(today, horizon) as SessionSql[];
    const other = (
      patientBookings.all(r.patient_id, today) as {
        session_id: number;
        session_date: string;
        procedure_code: string;
      }[]
    ).map((b) => ({
      sessionId: String(b.session_id),
      date: b.session_date,
      procedureCode: b.procedure_code,
    }));
    // Planned minutes per clinician from one histogram.
    const bars = histogram.all(procedure.code) as {
      clinician_id: number;
      actual_minutes: number;
      cases: number;
    }[];
    const all = new Map<number, number>();
    for (const b of bars) all.set(b.actual_minutes, (all.get(b.actual_minutes) ?? 0) + b.cases);
    const procedureObserved = observedFromHistogram([...all].map(([minutes, n]) => ({ minutes, cases: n })));
    const clinicianIds = [...new Set(rows.map((s) => s.clinician_id))];
    const userNames = new Map(
      (names.all(JSON.stringify(clinicianIds)) as { id: number; display_name: string }[]).map((u) => [
        u.id,
        u.display_name,
      ]),
    );
    const minutesFor = new Map<number, number>();
    for (const id of clinicianIds) {
      const input: PlannedDurationInput = {
        catalogueMinutes: procedure.defaultDurationMinutes,
        procedure: procedureObserved,
      };
      const name = userNames.get(id);
      if (name !== undefined)
        input.clinician = {
          ...observedFromHistogram(
            bars
              .filter((b) => b.clinician_id === id)
              .map((b) => ({ minutes: b.actual_minutes, cases: b.cases })),
          ),
          name,
        };
      minutesFor.set(id, plannedCaseDuration(input).minutes);
    }
    const byClinicianDay = new Map<string, SessionSlot[]>();
    for (const s of rows) {
      const key = `${s.clinician_id}|${s.date}`;
      const slot = { id: String(s.id), date: s.date, start: s.start_time, end: s.end_time };
      const list = byClinicianDay.get(key);
      if (list) list.push(slot);
      else byClinicianDay.set(key, [slot]);
    }
    const options: { row: SessionSql; warnings: BookingConflict[] }[] = [];
    for (const s of rows) {
      const caseMinutes = minutesFor.get(s.clinician_id) ?? procedure.defaultDurationMinutes;
      const ps: ProcedureSession = {
        id: String(s.id),
        date: s.date,
        start: s.start_time,
        end: s.end_time,
        clinicianId: String(s.clinician_id),
        setting: s.setting as ProcedureSession['setting'] & string,
        hasRadiographer: s.radiographer !== null && s.radiographer !== '',
        equipment: equipmentOf(s),
        unavailableMinutes: s.unavailable_minutes,
        turnaroundMinutes: s.turnaround_minutes,
        bookedCaseMinutes: s.booked_minutes ? s.booked_minutes.split(',').map(Number) : [],
      };
      if (startTimeProblem(s.date, s.start_time) || startTimeProblem(s.date, s.end_time)) continue;
      if (checkCapacity(ps, caseMinutes).length) continue;
      const conflicts = checkBookingConflicts({
        today,
        procedure,
        caseMinutes,
        session: ps,
        clinicianOtherSessions: byClinicianDay.get(`${s.clinician_id}|${s.date}`) ?? [],
        patientOtherBookings: other,
        history: hist,
        site: siteKey(r.site, r.side),
        commissionerRules: rules.commissioner,
        rttBreachDate: r.rtt_breach_date,
        patientAgreedShortNotice: shortNotice,
      });
      if (conflicts.some((c) => c.severity === 'block')) continue;
      if (r.requested_clinician_id !== null && s.clinician_id !== r.requested_clinician_id)
        conflicts.push({
          code: 'NOT_REQUESTED_CLINICIAN',
          severity: 'warn',
          message: `Not the requested clinician (${requestedName ?? 'the clinician asked for'}).`,
        });
      const holiday = bankHolidayOn(ENGLAND_WALES_BANK_HOLIDAYS, s.date);
      if (holiday)
        conflicts.push({
          code: 'BANK_HOLIDAY',
          severity: 'warn',
          message: `${formatDateGb(s.date)} is a bank holiday (${holiday.name}).`,
        });
      const mrsa = mrsaWindowWarning(procedure.isImplant, mrsaDate, s.date);
      if (mrsa) conflicts.push(mrsa);
      options.push({ row: s, warnings: conflicts });
    }
    options.sort(
      (a, b) =>
        a.warnings.length - b.warnings.length ||
        a.row.date.localeCompare(b.row.date) ||
        a.row.start_time.localeCompare(b.row.start_time),
    );
    const top = options.slice(0, 10);
    const onTop = cases.all(JSON.stringify(top.map((o) => o.row.id))) as {
      id: number;
      session_id: number;
      request_id: number;
      procedure_code: string;
      planned_minutes: number;
      status: string;
      surname: string;
      forename: string;
    }[];
    return top.map(({ row, warnings }): SlotOption => {
      const session = toSessionView(
        row,
        onTop.filter((c) => c.session_id === row.id),
        userNames.get(row.clinician_id) ?? 'Unknown',
      );
      return { session, warnings, score: warnings.length };
    });
  };
}

type BookOutcome = { ok: true; value: BookingResult } | { ok: false; code: string; message: string };

/**
 * Booking by hand, in one better-sqlite3 transaction: the request and its context, the session, booked
 * minutes, one histogram of timed cases, the clinician's other sessions and the patient's bookings as plain
 * statements; the same pure rules (evaluateReadiness through readinessInput/summarise, checkBookingConflicts,
 * plannedCaseDuration, sessionCapacity); then the insert, the status change and the audit row. For requests
 * with no antithrombotics (the bench chooses those), so no hold plan is re-planned.
 */
function bookBaseline(db: Database.Database, today: string, userId: number) {
  const request = db.prepare('SELECT * FROM intervention_requests WHERE id = ?');
  const meds = db.prepare(
    `SELECT item_id AS itemId, version, generic, name, route, dose_kind AS doseKind, dose_mg AS doseMg,
       times_per_day AS timesPerDay, indication, start_date AS startDate
     FROM medicine_entries WHERE patient_id = ? AND current = 1 AND status = 'active' ORDER BY item_id`,
  );
  const antis = db.prepare(
    `SELECT a.*, u.display_name AS approver_name FROM intervention_antithrombotics a
     LEFT JOIN users u ON u.id = a.approved_by WHERE a.request_id = ? ORDER BY a.id`,
  );
  const allergies = db.prepare(
    'SELECT agent, reaction, recorded_on FROM allergies WHERE patient_id = ? ORDER BY id',
  );
  const history = db.prepare(
    `SELECT b.procedure_code, b.session_date, r.site, r.side, o.relief_percent, o.successful
     FROM intervention_bookings b JOIN intervention_requests r ON r.id = b.request_id
     LEFT JOIN intervention_outcomes o ON o.booking_id = b.id WHERE b.patient_id = ? AND b.status = 'done'`,
  );
  const session = db.prepare('SELECT * FROM intervention_sessions WHERE id = ?');
  const minutes = db
    .prepare(
      `SELECT planned_minutes FROM intervention_bookings WHERE session_id = ? AND status IN ('booked', 'done')`,
    )
    .pluck();
  const histogram = db.prepare(
    `SELECT clinician_id, actual_minutes, count(*) AS cases FROM intervention_bookings
     WHERE procedure_code = ? AND actual_minutes IS NOT NULL GROUP BY clinician_id, actual_minutes`,
  );
  const userName = db.prepare('SELECT display_name FROM users WHERE id = ?').pluck();
  const clinicianSessions = db.prepare(
    'SELECT id, date, start_time, end_time FROM intervention_sessions WHERE clinician_id = ? AND date = ?',
  );
  const patientBookings = db.prepare(
    `SELECT session_id, session_date, procedure_code FROM intervention_bookings
     WHERE patient_id = ? AND status = 'booked' AND session_date >= ?`,
  );
  const insert = db.prepare(
    `INSERT INTO intervention_bookings (request_id, session_id, patient_id, procedure_code, clinician_id, session_date,
       planned_minutes, status, short_notice_agreed, override_reason, overridden_json, cancel_kind, cancel_reason,
       cancelled_on_day, consent2_at, checklist_at, in_room_start, in_room_end, actual_minutes, follow_up_due,
       booked_at, booked_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?, ?, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE intervention_requests SET status = 'booked', version = ?, updated_at = ? WHERE id = ?`,
  );
  const audit = db.prepare(
    `INSERT INTO audit_log (at, user_id, action, entity, entity_id, patient_id, before_json, after_json)
     VALUES (?, ?, 'interventions.book', 'intervention_booking', ?, ?, NULL, ?)`,
  );
  const cases = db.prepare(
    `SELECT b.id, b.session_id, b.request_id, b.procedure_code, b.planned_minutes, b.status, p.surname, p.forename
     FROM intervention_bookings b JOIN patients p ON p.id = b.patient_id
     WHERE b.session_id = ? AND b.status IN ('booked', 'done') ORDER BY b.id`,
  );
  const rules = SHIPPED_INTERVENTION_RULES;
  const refuse = (message: string): BookOutcome => ({ ok: false, code: 'CONFLICT', message });
  const book = db.transaction(
    (requestId: number, sessionId: number, shortNotice: boolean, overrideReason: string): BookOutcome => {
      const row = request.get(requestId) as RequestContext['row'];
      const medRows = meds.all(row.patient_id) as never[];
      antithromboticsFromMedicines(medRows);
      const procedure = findProcedure(row.procedure_code, rules.catalogue);
      if (!procedure) throw new Error('book baseline: unknown procedure');
      const rc: RequestContext = {
        row,
        patientDob: null,
        serotonergic: serotonergicFromMedicines(medRows),
        procedure,
        record: parseReadiness(row.readiness_json),
        antis: antis.all(requestId) as RequestContext['antis'],
        allergies: allergies.all(row.patient_id) as RequestContext['allergies'],
        history: (
          history.all(row.patient_id) as {
            procedure_code: string;
            session_date: string;
            site: string;
            side: string;
            relief_percent: number | null;
            successful: number | null;
          }[]
        ).map(toHistoryEntry),
        rules,
      };
      if (row.status !== 'waiting')
        return refuse(`This request is ${row.status}; only a waiting request can be booked.`);
      if (rc.antis.length) throw new Error('book baseline: requests with hold plans are not covered');
      const s = session.get(sessionId) as SessionSql | undefined;
      if (!s) return { ok: false, code: 'NOT_FOUND', message: 'That session does not exist.' };
      const bars = histogram.all(procedure.code) as {
        clinician_id: number;
        actual_minutes: number;
        cases: number;
      }[];
      const all = new Map<number, number>();
      for (const b of bars) all.set(b.actual_minutes, (all.get(b.actual_minutes) ?? 0) + b.cases);
      const input: PlannedDurationInput = {
        catalogueMinutes: procedure.defaultDurationMinutes,
        procedure: observedFromHistogram([...all].map(([m, c]) => ({ minutes: m, cases: c }))),
      };
      const name = userName.get(s.clinician_id) as string | undefined;
      if (name !== undefined)
        input.clinician = {
          ...observedFromHistogram(
            bars
              .filter((b) => b.clinician_id === s.clinician_id)
              .map((b) => ({ minutes: b.actual_minutes, cases: b.cases })),
          ),
          name,
        };
      const duration = plannedCaseDuration(input);
      const ps: ProcedureSession = {
        id: String(s.id),
        date: s.date,
        start: s.start_time,
        end: s.end_time,
        clinicianId: String(s.clinician_id),
        setting: s.setting as ProcedureSession['setting'] & string,
        hasRadiographer: s.radiographer !== null && s.radiographer !== '',
        equipment: equipmentOf(s),
        unavailableMinutes: s.unavailable_minutes,
        turnaroundMinutes: s.turnaround_minutes,
        bookedCaseMinutes: minutes.all(s.id) as number[],
      };
      const readiness = evaluateReadiness(
        readinessInput(rc, today, {
          session: ps,
          caseMinutes: duration.minutes,
          patientAgreedShortNotice: shortNotice,
        }),
      );
      const summary = summarise(rc, readiness);
      const conflicts = checkBookingConflicts({
        today,
        procedure,
        caseMinutes: duration.minutes,
        session: ps,
        clinicianOtherSessions: (
          clinicianSessions.all(s.clinician_id, s.date) as {
            id: number;
            date: string;
            start_time: string;
            end_time: string;
          }[]
        ).map((o): SessionSlot => ({ id: String(o.id), date: o.date, start: o.start_time, end: o.end_time })),
        patientOtherBookings: otherBookings(
          patientBookings.all(row.patient_id, today) as {
            session_id: number;
            session_date: string;
            procedure_code: string;
          }[],
        ),
        history: rc.history,
        site: siteKey(row.site, row.side),
        commissionerRules: rules.commissioner,
        holdPlans: [],
        rttBreachDate: row.rtt_breach_date,
        patientAgreedShortNotice: shortNotice,
      });
      const { refusals, warnings } = bookingDecision(summary, readiness, conflicts);
      if (refusals.length) return refuse(`Not booked. ${refusals.join(' ')}`);
      const reason = overrideReason.trim();
      const at = new Date().toISOString();
      const bookingId = Number(
        insert.run(
          row.id,
          s.id,
          row.patient_id,
          procedure.code,
          s.clinician_id,
          s.date,
          duration.minutes,
          shortNotice ? 1 : 0,
          warnings.length ? reason : null,
          warnings.length ? JSON.stringify(warnings) : null,
          at,
          userId,
        ).lastInsertRowid,
      );
      update.run(row.version + 1, at, row.id);
      audit.run(
        at,
        userId,
        bookingId,
        row.patient_id,
        JSON.stringify({
          requestId: row.id,
          sessionId: s.id,
          date: s.date,
          plannedMinutes: duration.minutes,
          durationSource: duration.source,
          rebookBy: row.rebook_by,
          overrideReason: warnings.length ? reason : undefined,
          warningsOverridden: warnings,
        }),
      );
      const mine = cases.all(s.id) as CaseSql[];
      return {
        ok: true,
        value: {
          bookingId,
          warningsOverridden: warnings,
          session: toSessionView(s, mine, name ?? 'Unknown'),
        },
      };
    },
  );
  return book;
}

interface CaseSql {
  id: number;
  session_id: number;
  request_id: number;
  procedure_code: string;
  planned_minutes: number;
  status: string;
  surname: string;
  forename: string;
}
