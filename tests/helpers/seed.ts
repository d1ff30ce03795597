import type { ReadinessRecord } from '../../shared/domain/interventions';
import type { MedicineInput } from '../../shared/domain/medicines';
import { signedInAs, type TestApp } from './db';

/** Shared seed data for the service and end-to-end tests (synthetic people; valid NHS number). */

/** Jo Smith, the usual test patient (no allergies). */
export const JO = {
  nhsNumber: '943 476 5919',
  surname: 'Smith',
  forename: 'Jo',
  dateOfBirth: '1960-02-29',
  sex: 'female' as const,
  allergies: [],
};

/** Oxycodone MR 20 mg twice daily from the GP, for chronic low back pain. */
export const OXY_MR: MedicineInput = {
  formularyId: 'oxycodone-mr-tablet',
  strength: '20 mg',
  doseKind: 'regular',
  doseMg: 20,
  timesPerDay: 2,
  startDate: '2026-06-01',
  prescriber: 'gp',
  indication: 'Chronic low back pain',
};

/**
 * Morphine MR 50 mg in the morning and 45 mg in the evening from the service: 95 mg/24h OME, just above the
 * shipped 90 threshold (doses the 5-200 mg tablets can make; MR tablets are never halved).
 */
export const MORPHINE_95: MedicineInput = {
  formularyId: 'morphine-mr-tablet',
  strength: '',
  doseKind: 'regular',
  administrationsMg: [50, 45],
  timesPerDay: 2,
  startDate: '2026-06-01',
  prescriber: 'service',
  indication: 'Chronic low back pain',
};

/** A readiness record with every item done (override what a test needs; dates are the caller's). */
export function readyRecord(overrides: Partial<ReadinessRecord> = {}): ReadinessRecord {
  return {
    eligibilityStatus: 'passed',
    eligibilityOverrideReason: null,
    consentStage1Date: '2026-11-10',
    consentLeafletVersion: 'SCS-TRIAL v3',
    baselineOutcomesRecorded: true,
    antithromboticsReviewed: true,
    crclMlPerMin: null,
    crclDate: null,
    onDualAntiplatelet: false,
    coronaryStentDate: null,
    cardiologyDecisionDate: null,
    allergiesReviewed: true,
    plannedContrastAgent: null,
    activeInfection: false,
    mrsaScreenDate: '2026-11-20',
    mrsaScreenResult: 'negative',
    devicesReviewed: true,
    devices: [],
    pregnancyEnquiryArranged: true,
    sedationPlanned: true,
    fastingInstructionsGiven: true,
    escortConfirmed: true,
    asaGrade: 2,
    airwayAssessed: true,
    exclusionsReviewed: true,
    logisticsNote: null,
    inrCheckPlanned: false,
    inrResult: null,
    inrResultDate: null,
    renalDisease: false,
    liverDisease: false,
    coagulopathy: false,
    steroidPlanned: false,
    diabetic: false,
    cumulativeSteroidMg12m: null,
    ...overrides,
  };
}

/** Counts the rows of a table in the app's database, optionally `where` a SQL condition holds. */
export function rowCounter(app: () => TestApp): (table: string, where?: string) => number {
  return (table, where = '1=1') =>
    app()
      .dispatcher.conn.sqlite.prepare(`SELECT count(*) FROM ${table} WHERE ${where}`)
      .pluck()
      .get() as number;
}

/** Creates Jo Smith and adds these medicines to her list (as the app's default session). */
export async function patientWith(app: TestApp, ...meds: MedicineInput[]) {
  const p = await app.ok('patients:create', JO);
  const entries = [];
  for (const m of meds) entries.push(await app.ok('meds:add', { patientId: p.id, medicine: m }));
  return { patient: p, entries };
}

/**
 * The interventions team on their own sessions: the first admin ('setup'), consultant1 ('consultant'),
 * nurse1 ('nurse'), then `extra` roles signed in on their session keys, then the pharmacist pharm1
 * ('pharmacist') and any `others` created but not signed in. Returns the consultant's user id.
 */
export async function interventionsTeam(
  app: TestApp,
  options: {
    extra?: [role: 'physiotherapist' | 'coordinator', sessionKey: string][];
    others?: [username: string, displayName: string, role: 'consultant' | 'nurse'][];
  } = {},
): Promise<number> {
  await signedInAs(app, 'admin', 'setup');
  const consultant = await signedInAs(app, 'consultant', 'consultant');
  await signedInAs(app, 'nurse', 'nurse');
  for (const [role, key] of options.extra ?? []) await signedInAs(app, role, key);
  for (const [username, displayName, role] of [
    ['pharm1', 'Test pharmacist', 'pharmacist'] as const,
    ...(options.others ?? []),
  ])
    await app.ok('users:create', { username, displayName, role, password: 'correct horse battery' }, 'setup');
  await app.ok('auth:signIn', { username: 'pharm1', password: 'correct horse battery' }, 'pharmacist');
  return consultant.user.id;
}

/** The row counts of these tables by name, to prove a refusal saved nothing. */
export function rowCounts(app: () => TestApp, tables: readonly string[]): () => Record<string, number> {
  const count = rowCounter(app);
  return () => Object.fromEntries(tables.map((t) => [t, count(t)]));
}

/**
 * A four-hour theatre session (08:30-12:30 on 15 December 2026, Theatre 3, fluoroscopy, stimulator kit and
 * rep, RF generator) for `clinicianId`, created by the nurse (or the session `key`); `over` replaces any field.
 */
export function theatreSession(
  app: TestApp,
  clinicianId: number,
  over: Partial<Record<string, unknown>> = {},
  key = 'nurse',
) {
  return app.ok(
    'interventions:createSession',
    {
      date: '2026-12-15',
      start: '08:30',
      end: '12:30',
      room: 'Theatre 3',
      setting: 'theatre',
      clinicianId,
      radiographer: 'R. Green',
      equipment: ['fluoroscopy', 'stimulator-kit-and-rep', 'rf-generator'],
      unavailableMinutes: 0,
      turnaroundMinutes: 15,
      ...over,
    } as never,
    key,
  );
}

/**
 * Lists `patientId` for a routine (P3) spinal cord stimulator trial, midline T8-T10, with `clinicianId`,
 * RTT clock from 1 October 2026, as the nurse (or the session `key`); `over` replaces any field.
 */
export function scsRequest(
  app: TestApp,
  patientId: number,
  clinicianId: number,
  over: Record<string, unknown> = {},
  key = 'nurse',
) {
  return app.ok(
    'interventions:request',
    {
      patientId,
      procedureCode: 'SCS_TRIAL',
      side: 'midline',
      site: 'T8-T10',
      indication: 'Neuropathic leg pain after spinal surgery (TA159)',
      priority: 'P3',
      requestedClinicianId: clinicianId,
      rttClockStart: '2026-10-01',
      ...over,
    } as never,
    key,
  );
}
