import type {
  Appointment,
  Bundle,
  Composition,
  DocumentReference,
  Goal,
  Observation,
  Procedure,
  QuestionnaireResponse,
  Resource,
  ServiceRequest,
} from '@medplum/fhirtypes';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { danglingReferences } from '../../shared/fhir/resources';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { CHAIR, COORD, confirmRead, mdtPatient, mdtUser, setMdtClock } from '../helpers/mdt';
import { interventionsTeam, readyRecord, theatreSession } from '../helpers/seed';
import { bundleProblems } from '../helpers/uk-core';

/**
 * The rest of a patient's record in the FHIR export (issue 20, "Out"): questionnaire answers, the
 * intervention pathway (ServiceRequest, Appointment, Procedure), MDT outcomes (Composition) and letters
 * (DocumentReference), and corrections carried as FHIR statuses so that a receiving system never takes a
 * mistake for a fact. Expected values are written by hand from FHIR R4 (the status value sets of
 * Observation, QuestionnaireResponse, Goal, ServiceRequest, Appointment, Procedure, DocumentReference) and
 * from the scenario below. Today is 21 November 2026 on the test clock.
 */

const of = <T extends Resource>(bundle: Bundle, type: T['resourceType']): T[] =>
  (bundle.entry ?? []).map((e) => e.resource!).filter((r): r is T => r.resourceType === type);

describe('corrections and questionnaire answers in the export', () => {
  let app: TestApp;
  let bundle: Bundle;
  let wrongPhq: number;
  let keptPhq: number;
  let achievedGoal: number;
  let editedGoal: number;
  let newGoal: number;

  const goal = (whatMatters: string) => ({
    whatMatters,
    activity: 'Walking',
    measure: 'Minutes walked without stopping',
    target: '15 minutes',
    setOn: '2026-10-01',
    targetDate: '2027-01-15',
    domain: 'mobility' as const,
    baseline: -1 as const,
    levelMinus2: 'Cannot walk to the end of the road',
    levelMinus1: 'Walks 5 minutes',
    levelZero: 'Walks 15 minutes',
    levelPlus1: 'Walks 20 minutes',
    levelPlus2: 'Walks 30 minutes',
  });

  beforeAll(async () => {
    app = await createTestApp();
    await interventionsTeam(app);
    const p = await app.ok(
      'patients:create',
      { nhsNumber: '9434765919', surname: 'Smith', forename: 'Jo', dateOfBirth: '1960-02-29', sex: 'female' },
      'nurse',
    );
    const plan = await app.ok(
      'rehab:createPlan',
      {
        patientId: p.id,
        pathway: 'physiotherapy',
        referralDate: '2026-09-01',
        treatmentStartDate: '2026-10-01',
      },
      'nurse',
    );
    achievedGoal = (await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('Walk to school') }, 'nurse'))
      .id;
    editedGoal = (await app.ok('rehab:addGoal', { planId: plan.id, goal: goal('Swim again') }, 'nurse')).id;
    await app.ok(
      'rehab:goalStatus',
      { goalId: achievedGoal, status: 'achieved', reason: 'Walks her granddaughter to school daily' },
      'nurse',
    );
    newGoal = (
      await app.ok(
        'rehab:editGoal',
        { goalId: editedGoal, goal: goal('Swim 10 lengths'), reason: 'The patient set a clearer target' },
        'nurse',
      )
    ).id;
    // PHQ-9 answers 1,1,1,1,1,1,1,1,0: total 8 by hand. The second was keyed for the wrong patient.
    keptPhq = (
      await app.ok(
        'rehab:recordMeasure',
        {
          patientId: p.id,
          planId: plan.id,
          measure: 'PHQ-9',
          timePoint: 'referral',
          administeredOn: '2026-09-15',
          answers: [1, 1, 1, 1, 1, 1, 1, 1, 0],
        },
        'nurse',
      )
    ).id;
    wrongPhq = (
      await app.ok(
        'rehab:recordMeasure',
        {
          patientId: p.id,
          planId: plan.id,
          measure: 'PHQ-9',
          timePoint: 'referral',
          administeredOn: '2026-09-16',
          answers: [3, 3, 3, 3, 3, 3, 3, 3, 0],
        },
        'nurse',
      )
    ).id;
    await app.ok(
      'rehab:enteredInError',
      { target: 'measure', id: wrongPhq, reason: 'Keyed for the wrong patient' },
      'nurse',
    );
    const out = await app.ok('fhir:exportPatient', { patientId: p.id }, 'consultant');
    bundle = JSON.parse(out.json) as Bundle;
  }, 60_000);
  afterAll(() => app.close());

  /** The resource exported for a local record (`measure/12`), whatever the shape of its identifier. */
  const byLocal = <T extends Resource>(list: T[], value: string): T | undefined =>
    list.find((r) => {
      const id = (r as { identifier?: { value?: string } | { value?: string }[] }).identifier;
      return (Array.isArray(id) ? id : id ? [id] : []).some((i) => i.value === value);
    });

  it('marks a measure entered in error as such, never as a final result', () => {
    const obs = of<Observation>(bundle, 'Observation');
    expect(byLocal(obs, `measure/${wrongPhq}`)?.status).toBe('entered-in-error');
    expect(byLocal(obs, `measure/${keptPhq}`)?.status).toBe('final');
    const qrs = of<QuestionnaireResponse>(bundle, 'QuestionnaireResponse');
    expect(byLocal(qrs, `measure/${wrongPhq}`)?.status).toBe('entered-in-error');
  });

  it('gives goals their own status: achieved is completed, an edited goal is cancelled with the reason', () => {
    const goals = of<Goal>(bundle, 'Goal');
    const achieved = byLocal(goals, `goal/${achievedGoal}`)!;
    expect(achieved.lifecycleStatus).toBe('completed');
    expect(achieved.achievementStatus?.coding?.[0]?.code).toBe('achieved');
    const old = byLocal(goals, `goal/${editedGoal}`)!;
    expect(old.lifecycleStatus).toBe('cancelled');
    expect(old.statusReason).toBe('Replaced by an edited version: The patient set a clearer target');
    expect(byLocal(goals, `goal/${newGoal}`)!.lifecycleStatus).toBe('active');
  });

  it('carries the PHQ-9 answers by item number, without the licensed item wording', () => {
    const qr = byLocal(of<QuestionnaireResponse>(bundle, 'QuestionnaireResponse'), `measure/${keptPhq}`)!;
    expect(qr.status).toBe('completed');
    expect(qr.authored).toBe('2026-09-15');
    expect(qr.item!.map((i) => [i.linkId, i.answer?.[0]?.valueInteger])).toEqual([
      ['1', 1],
      ['2', 1],
      ['3', 1],
      ['4', 1],
      ['5', 1],
      ['6', 1],
      ['7', 1],
      ['8', 1],
      ['9', 0],
    ]);
    expect(qr.item!.every((i) => i.text === undefined)).toBe(true);
    const obs = byLocal(of<Observation>(bundle, 'Observation'), `measure/${keptPhq}`)!;
    const qrUrl = bundle.entry!.find((e) => e.resource === qr)!.fullUrl;
    expect(obs.derivedFrom).toEqual([{ reference: qrUrl }]);
  });

  it('validates against FHIR R4 and UK Core with no broken reference', () => {
    expect(danglingReferences(bundle)).toEqual([]);
    expect(bundleProblems(bundle)).toEqual([]);
  }, 60_000);
});

describe('the intervention pathway in the export', () => {
  let app: TestApp;
  let bundle: Bundle;

  beforeAll(async () => {
    app = await createTestApp();
    const clinicianId = await interventionsTeam(app);
    const p = await app.ok(
      'patients:create',
      {
        nhsNumber: '9876543210',
        surname: 'Jones',
        forename: 'Test',
        dateOfBirth: '1970-01-01',
        sex: 'female',
      },
      'nurse',
    );
    const mbb = await app.ok(
      'interventions:request',
      {
        patientId: p.id,
        procedureCode: 'MBB_L',
        side: 'bilateral',
        site: 'L4-5',
        indication: 'Facet pain',
        priority: 'P3',
        rttClockStart: '2026-11-01',
      },
      'nurse',
    );
    await app.ok(
      'interventions:updateReadiness',
      { id: mbb.id, version: mbb.version, readiness: { ...readyRecord(), sedationPlanned: false } },
      'nurse',
    );
    const s = await theatreSession(app, clinicianId);
    const b = await app.ok('interventions:book', { requestId: mbb.id, sessionId: s.id }, 'nurse');
    app.clock.now = new Date('2026-12-15T12:00:00Z');
    await app.ok('auth:unlock', { password: 'correct horse battery' }, 'nurse');
    await app.ok('auth:unlock', { password: 'correct horse battery' }, 'consultant');
    await app.ok(
      'interventions:recordDay',
      {
        bookingId: b.bookingId,
        consentStage2: true,
        safetyChecklist: true,
        inRoomStart: '08:40',
        inRoomEnd: '09:02',
      },
      'nurse',
    );
    await app.ok(
      'interventions:recordOutcome',
      { bookingId: b.bookingId, reliefPercent: 80, reliefDurationWeeks: 0, complications: '', pgic: 6 },
      'nurse',
    );
    const out = await app.ok('fhir:exportPatient', { patientId: p.id }, 'consultant');
    bundle = JSON.parse(out.json) as Bundle;
  }, 60_000);
  afterAll(() => app.close());

  it('writes the request as a completed order for the procedure, with side and site', () => {
    const [sr] = of<ServiceRequest>(bundle, 'ServiceRequest');
    expect(sr).toMatchObject({ status: 'completed', intent: 'order', authoredOn: '2026-11-01' });
    expect(sr!.code!.text).toBe('Lumbar/thoracic medial branch block (diagnostic)');
    expect(sr!.bodySite![0]!.text).toBe('L4-5, bilateral');
    expect(sr!.reasonCode![0]!.text).toBe('Facet pain');
  });

  it('writes the booking as a fulfilled appointment on the list, in UK time', () => {
    const [appt] = of<Appointment>(bundle, 'Appointment');
    // The list ran 08:30-12:30 on Tuesday 15 December 2026: GMT, so +00:00.
    expect(appt).toMatchObject({
      status: 'fulfilled',
      start: '2026-12-15T08:30:00+00:00',
      end: '2026-12-15T12:30:00+00:00',
    });
    const srUrl = bundle.entry!.find((e) => e.resource?.resourceType === 'ServiceRequest')!.fullUrl;
    expect(appt!.basedOn).toEqual([{ reference: srUrl }]);
  });

  it('writes what was done as a completed procedure with its in-room times and outcome', () => {
    const [proc] = of<Procedure>(bundle, 'Procedure');
    expect(proc).toMatchObject({
      status: 'completed',
      performedPeriod: { start: '2026-12-15T08:40:00+00:00', end: '2026-12-15T09:02:00+00:00' },
    });
    expect(proc!.outcome!.text).toBe('80% relief; patient global impression of change 6 of 7; successful');
  });

  it('validates against FHIR R4 and UK Core with no broken reference', () => {
    expect(danglingReferences(bundle)).toEqual([]);
    expect(bundleProblems(bundle)).toEqual([]);
  }, 60_000);
});

describe('MDT outcomes and letters in the export', () => {
  let app: TestApp;
  let bundle: Bundle;

  beforeAll(async () => {
    app = await createTestApp();
    const chair = await signedInAs(app, 'consultant', CHAIR);
    await signedInAs(app, 'coordinator', COORD);
    const physio = await mdtUser(app, 'physio', 'physiotherapist');
    const psych = await mdtUser(app, 'psych', 'psychologist');
    const types = await app.ok('mdt:meetingTypes:list', {}, COORD);
    const complexType = types.find((t) => t.code === 'complex-pain-mdt')!.id;
    const p = await mdtPatient(app, 'Early', { nhsNumber: '943 476 5919' });
    const listing = await app.ok(
      'mdt:referral:create',
      {
        patientId: p.id,
        question: 'Is a spinal cord stimulator trial appropriate?',
        reason: 'neuromodulation-assessment',
        patientAware: true,
        meetingTypeId: complexType,
        presenterId: chair.user.id,
        whatMatters: 'Walking the dog again',
      },
      COORD,
    );
    const meetingId = (await app.ok('mdt:meetings:list', { from: null }, COORD))[0]!.id;
    for (const userId of [chair.user.id, physio, psych])
      await app.ok('mdt:attendance:set', { meetingId, userId, status: 'present', version: null }, COORD);
    // The meeting is on Tuesday 24 November 2026 at 09:00.
    await setMdtClock(app, '2026-11-24T09:05:00Z');
    await app.ok('mdt:case:start', { listingId: listing.id }, COORD);
    const confirmed = await confirmRead(
      app,
      {
        listingId: listing.id,
        outcome: {
          kind: 'recommendation',
          summary: 'Proceed to a spinal cord stimulator trial.',
          rationale: 'Neuropathic leg pain; conservative care exhausted.',
          reviewDate: '2027-02-24',
          patientSummary: 'The team suggests a trial of a spinal cord stimulator.',
          actions: [
            { description: 'Book SCS trial', type: 'other', ownerId: chair.user.id, dueDate: '2026-12-15' },
          ],
        },
      },
      CHAIR,
    );
    await app.ok('mdt:meeting:finish', { meetingId, reasons: {} }, CHAIR);
    await app.ok(
      'mdt:outcome:amend',
      {
        outcomeId: confirmed.outcome.id,
        reason: 'Psychology review first',
        change: { kind: 'recommendation', summary: 'Proceed to SCS trial after psychology review.' },
      },
      CHAIR,
    );
    const out = await app.ok('fhir:exportPatient', { patientId: p.id }, CHAIR);
    bundle = JSON.parse(out.json) as Bundle;
  }, 60_000);
  afterAll(() => app.close());

  it('writes the current outcome as an amended Composition with its recommendation and actions', () => {
    const comps = of<Composition>(bundle, 'Composition');
    expect(comps).toHaveLength(1);
    const c = comps[0]!;
    expect(c.status).toBe('amended');
    expect(c.date).toBe('2026-11-24');
    expect(c.title).toBe('Pain MDT outcome, 24 November 2026');
    expect(c.section!.map((s) => s.title)).toEqual(['Question', 'Recommendation', 'Rationale', 'Actions']);
    expect(JSON.stringify(c.section![1]!.text)).toContain('Proceed to SCS trial after psychology review.');
    expect(JSON.stringify(c.section![3]!.text)).toContain('Book SCS trial');
  });

  it('writes every letter as a DocumentReference with its text; the three replaced ones are superseded', () => {
    const docs = of<DocumentReference>(bundle, 'DocumentReference');
    // Three letters (GP, referrer, patient) at finish, then three new ones after the amendment.
    expect(docs).toHaveLength(6);
    expect(docs.filter((d) => d.status === 'superseded')).toHaveLength(3);
    const current = docs.filter((d) => d.status === 'current');
    expect(current).toHaveLength(3);
    for (const d of current) {
      expect(d.relatesTo?.[0]?.code).toBe('replaces');
      const att = d.content[0]!.attachment;
      expect(att.contentType).toBe('text/plain; charset=utf-8');
      const text = Buffer.from(att.data ?? '', 'base64').toString('utf8');
      expect(text.length).toBeGreaterThan(0);
    }
    const gp = current.find((d) => d.type?.text === 'MDT letter to GP')!;
    expect(Buffer.from(gp.content[0]!.attachment.data!, 'base64').toString('utf8')).toContain(
      'Proceed to SCS trial after psychology review.',
    );
  });

  it('attaches each written letter as a PDF too: its text, and the watermark on a superseded one', async () => {
    const docs = of<DocumentReference>(bundle, 'DocumentReference');
    const pdfText = async (d: DocumentReference) => {
      const att = d.content.find((c) => c.attachment.contentType === 'application/pdf')?.attachment;
      expect(att?.data).toBeTruthy();
      const bytes = Buffer.from(att!.data!, 'base64');
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      return (await extractText(new Uint8Array(bytes), { mergePages: true })).text;
    };
    const gp = docs.find((d) => d.status === 'current' && d.type?.text === 'MDT letter to GP')!;
    const text = await pdfText(gp);
    expect(text).toContain('Proceed to SCS trial after psychology review.');
    expect(text).not.toContain('Superseded');
    const old = docs.find((d) => d.status === 'superseded' && d.type?.text === 'MDT letter to GP')!;
    expect(await pdfText(old)).toContain('Superseded – do not use');
  });

  it('validates against FHIR R4 and UK Core with no broken reference', () => {
    expect(danglingReferences(bundle)).toEqual([]);
    expect(bundleProblems(bundle)).toEqual([]);
  }, 60_000);
});
