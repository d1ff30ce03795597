import { addCalendarMonths } from '../shared/clinical/calendar';
import { londonToday } from '../shared/dates';
import { EMPTY_READINESS } from '../db/mappers/interventions';
import type { BenchContext, BenchRow } from './context';
import { time } from './measure';

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
  const waiting = sqlite
    .prepare(
      `SELECT id FROM intervention_requests WHERE status = 'waiting' AND procedure_code = 'MBB_L' ORDER BY id LIMIT ?`,
    )
    .pluck()
    .all(n * 2) as number[];
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
  // (time() restarts the index after the warm-up).
  const half = Math.floor(waiting.length / 2);
  const ours = waiting.slice(0, half);
  const theirs = waiting.slice(half);
  const bookIterations = Math.min(ctx.iterations, half - 25);
  const sessions = sqlite
    .prepare(
      `SELECT id FROM intervention_sessions WHERE date >= ? AND date <= ? AND setting = 'day-case' AND radiographer IS NOT NULL ORDER BY date, start_time`,
    )
    .pluck()
    .all(today, horizon) as number[];
  if (bookIterations < 5 || sessions.length === 0) return [];

  let booked = 0;
  let refused = 0;
  let nextOurs = 0;
  const bookOurs = await time(
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
    { iterations: bookIterations },
  );

  // Baseline: the same reads, the capacity sum, the insert, the status change and the audit row, by hand.
  const q = {
    request: sqlite.prepare('SELECT * FROM intervention_requests WHERE id = ?'),
    session: sqlite.prepare('SELECT * FROM intervention_sessions WHERE id = ?'),
    minutes: sqlite.prepare(
      `SELECT planned_minutes FROM intervention_bookings WHERE session_id = ? AND status IN ('booked', 'done')`,
    ),
    clinician: sqlite.prepare(
      'SELECT id, start_time, end_time FROM intervention_sessions WHERE clinician_id = ? AND date = ?',
    ),
    patient: sqlite.prepare(
      `SELECT id, session_date FROM intervention_bookings WHERE patient_id = ? AND status = 'booked' AND session_date >= ?`,
    ),
    history: sqlite.prepare(
      `SELECT b.procedure_code, b.session_date, o.relief_percent FROM intervention_bookings b
       LEFT JOIN intervention_outcomes o ON o.booking_id = b.id WHERE b.patient_id = ? AND b.status = 'done'`,
    ),
    allergies: sqlite.prepare('SELECT agent, reaction FROM allergies WHERE patient_id = ?'),
    antis: sqlite.prepare('SELECT * FROM intervention_antithrombotics WHERE request_id = ?'),
    durations: sqlite.prepare(
      `SELECT count(*) FROM intervention_bookings WHERE procedure_code = ? AND actual_minutes IS NOT NULL`,
    ),
    insert: sqlite.prepare(
      `INSERT INTO intervention_bookings (request_id, session_id, patient_id, procedure_code, clinician_id, session_date,
        planned_minutes, status, short_notice_agreed, cancelled_on_day, booked_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'booked', 1, 0, ?)`,
    ),
    update: sqlite.prepare(
      `UPDATE intervention_requests SET status = 'booked', version = version + 1 WHERE id = ?`,
    ),
    audit: sqlite.prepare(
      `INSERT INTO audit_log (at, user_id, action, entity, entity_id, patient_id, after_json) VALUES (?, NULL, 'interventions.book', 'intervention_booking', ?, ?, '{}')`,
    ),
  };
  const baselineBook = sqlite.transaction((requestId: number, sessionId: number) => {
    const r = q.request.get(requestId) as { patient_id: number; procedure_code: string };
    const s = q.session.get(sessionId) as { clinician_id: number; date: string };
    const used = (q.minutes.pluck().all(sessionId) as number[]).reduce((a, b) => a + b, 0);
    q.clinician.all(s.clinician_id, s.date);
    q.patient.all(r.patient_id, today);
    q.history.all(r.patient_id);
    q.allergies.all(r.patient_id);
    q.antis.all(requestId);
    q.durations.pluck().get(r.procedure_code);
    if (used + 25 + 15 > 240) return null;
    const id = q.insert.run(
      requestId,
      sessionId,
      r.patient_id,
      r.procedure_code,
      s.clinician_id,
      s.date,
      25,
      new Date().toISOString(),
    ).lastInsertRowid;
    q.update.run(requestId);
    q.audit.run(new Date().toISOString(), id, r.patient_id);
    return id;
  });
  let nextTheirs = 0;
  const bookBaseline = await time(
    () => {
      const i = nextTheirs++;
      return baselineBook(theirs[i]!, sessions[i % sessions.length]!);
    },
    { iterations: bookIterations },
  );

  // Find a slot for a waiting patient over the next 6 months.
  const candidates = sqlite
    .prepare(`SELECT id FROM intervention_requests WHERE status = 'waiting' ORDER BY id DESC LIMIT 64`)
    .pluck()
    .all() as number[];
  const slotOurs = await time(
    async (i) => {
      const r = await dispatcher.dispatch(KEY, 'interventions:findSlot', {
        requestId: candidates[i % candidates.length]!,
        patientAgreedShortNotice: false,
      });
      if (!r.ok) throw new Error(`findSlot: ${r.error.message}`);
    },
    { iterations: ctx.iterations },
  );
  const slotSql = sqlite.prepare(
    `SELECT s.id, s.date, s.start_time, 240 - s.unavailable_minutes - coalesce(sum(b.planned_minutes + 15), 0) AS free
     FROM intervention_sessions s
     LEFT JOIN intervention_bookings b ON b.session_id = s.id AND b.status IN ('booked', 'done')
     WHERE s.date >= ? AND s.date <= ? AND s.radiographer IS NOT NULL AND s.equipment LIKE '%fluoroscopy%'
     GROUP BY s.id HAVING free >= ? ORDER BY s.date, s.start_time LIMIT 10`,
  );
  const reqSql = sqlite.prepare('SELECT patient_id, procedure_code FROM intervention_requests WHERE id = ?');
  const slotBaseline = await time(
    (i) => {
      reqSql.get(candidates[i % candidates.length]!);
      return slotSql.all(today, horizon, 40);
    },
    { iterations: ctx.iterations },
  );

  return [
    ctx.row(
      `Interventions: book a ready patient with all conflict checks (${booked} booked, ${refused} refused)`,
      20,
      bookOurs,
      bookBaseline,
      {
        sameResult: null,
        note: 'a write: the baseline makes the same reads, capacity sum, insert, status change and audit row; results not compared',
      },
    ),
    ctx.row(
      'Interventions: find a slot over 6 months of sessions (one patient)',
      100,
      slotOurs,
      slotBaseline,
      {
        sameResult: null,
        note: 'not comparable: the baseline reads sessions with free minutes only, without the per-session conflict rules, durations and views ours computes',
      },
    ),
  ];
}
