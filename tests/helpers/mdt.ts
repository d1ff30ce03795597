import { patientLetterSeal } from '../../shared/domain/letter-seal';
import type { ConfirmResult, OutcomeFieldsInput } from '../../shared/domain/mdt';
import type { Result } from '../../shared/result';
import type { TestApp } from './db';

/** The MDT service tests' shared setup: session keys, staff, patients and a clock that re-signs people in. */

export const CHAIR = 'chair';
export const COORD = 'coord';
export const MDT_PASSWORD = 'correct horse battery';

/** Creates a user (as the first administrator, session 'setup') and returns their id. */
export async function mdtUser(app: TestApp, username: string, role: string): Promise<number> {
  const u = await app.ok(
    'users:create',
    { username, displayName: `Dr ${username}`, role: role as 'nurse', password: MDT_PASSWORD },
    'setup',
  );
  return u.id;
}

/** Registers a patient (as the coordinator) with the details the MDT letters need. */
export function mdtPatient(app: TestApp, surname: string, extra: Record<string, unknown> = {}) {
  return app.ok(
    'patients:create',
    {
      surname,
      forename: 'Alex',
      dateOfBirth: '1970-05-01',
      sex: 'female',
      gpPractice: 'Riverside Surgery',
      diagnosisSite: 'Lower back',
      ...extra,
    },
    COORD,
  );
}

/** Moves the clock (sessions would lock after inactivity, so the chair and coordinator sign in again). */
export async function setMdtClock(app: TestApp, iso: string): Promise<void> {
  app.clock.now = new Date(iso);
  for (const [username, key] of [
    ['consultant1', CHAIR],
    ['coordinator1', COORD],
  ] as const) {
    await app.ok('auth:signIn', { username, password: MDT_PASSWORD }, key);
  }
}

/** A seal no letter has (the chair never opened the patient letter), for tests about other refusals. */
export const NOT_READ = '0'.repeat(64);

/**
 * Confirms an outcome the way the confirm step does (issue 16: the chair sees the patient letter first):
 * saves it as the draft, opens the patient letter written from it, and confirms with that letter's seal.
 * Answers the first refusal on the way (saving, the letter or the confirmation).
 */
export async function confirmAfterReading(
  app: TestApp,
  input: { listingId: number; outcome: OutcomeFieldsInput },
  sessionKey: string = CHAIR,
): Promise<Result<ConfirmResult>> {
  const draft = await app.call(
    'mdt:outcome:saveDraft',
    { listingId: input.listingId, ...input.outcome },
    sessionKey,
  );
  if (!draft.ok) return draft;
  const shown = await app.call(
    'mdt:outcome:previewPatientLetter',
    { listingId: input.listingId },
    sessionKey,
  );
  if (!shown.ok) return shown;
  return app.call(
    'mdt:outcome:confirm',
    { ...input, patientLetterSeal: patientLetterSeal(shown.value) },
    sessionKey,
  );
}

/** confirmAfterReading, failing the test with the error if it was refused. */
export async function confirmRead(
  app: TestApp,
  input: { listingId: number; outcome: OutcomeFieldsInput },
  sessionKey: string = CHAIR,
): Promise<ConfirmResult> {
  const r = await confirmAfterReading(app, input, sessionKey);
  if (!r.ok) throw new Error(`mdt:outcome:confirm failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/**
 * Sends a confirmation without having read the patient letter (the seal of no letter), for tests of refusals
 * that come before that check: nothing is saved on the way (no draft), so "nothing changed" holds.
 */
export function confirmUnread(
  app: TestApp,
  input: { listingId: number; outcome: OutcomeFieldsInput },
  sessionKey: string = CHAIR,
): Promise<Result<ConfirmResult>> {
  return app.call('mdt:outcome:confirm', { ...input, patientLetterSeal: NOT_READ }, sessionKey);
}

/** Refers a patient to the next complex pain MDT with the question "Suitable for the PMP?" (as `sessionKey`). */
export async function referToComplexMdt(app: TestApp, patientId: number, sessionKey: string = COORD) {
  const complexType = (await app.ok('mdt:meetingTypes:list', {}, sessionKey)).find(
    (t) => t.code === 'complex-pain-mdt',
  )!.id;
  return app.ok(
    'mdt:referral:create',
    {
      patientId,
      question: 'Suitable for the PMP?',
      reason: 'pmp-suitability',
      patientAware: true,
      meetingTypeId: complexType,
    },
    sessionKey,
  );
}
/**
 * A case discussed and confirmed at the complex pain MDT of Tuesday 24-Nov-2026 (the clock left at 09:05
 * that day): the patient referred with a question, `present` marked present, the case started and a
 * recommendation confirmed with one action ("Write to the GP", owned by `actionOwner`, due 15-Dec-2026).
 * The chair and the coordinator must be signed in (CHAIR, COORD).
 */
export async function confirmedCase(
  app: TestApp,
  o: { surname: string; present: number[]; actionOwner: number; patient?: Record<string, unknown> },
): Promise<{ listingId: number; meetingId: number }> {
  const p = await mdtPatient(app, o.surname, o.patient);
  const l = await referToComplexMdt(app, p.id);
  await setMdtClock(app, '2026-11-24T09:05:00Z');
  for (const userId of o.present)
    await app.ok(
      'mdt:attendance:set',
      { meetingId: l.meetingId, userId, status: 'present', version: null },
      COORD,
    );
  await app.ok('mdt:case:start', { listingId: l.id }, COORD);
  await confirmRead(app, {
    listingId: l.id,
    outcome: {
      kind: 'recommendation',
      summary: 'Offer the pain management programme.',
      rationale: 'Goals are about function.',
      reviewDate: '2027-02-23',
      patientSummary: 'You told us you want to walk further.',
      actions: [
        { description: 'Write to the GP', type: 'other', ownerId: o.actionOwner, dueDate: '2026-12-15' },
      ],
    },
  });
  return { listingId: l.id, meetingId: l.meetingId };
}
