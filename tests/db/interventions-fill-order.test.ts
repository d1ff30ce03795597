import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { canBeReadyInOrder } from '../../db/queries/interventions-fill';
import { interventionsTeam, readyRecord, scsRequest, theatreSession } from '../helpers/seed';

/**
 * Issue 14, "Fill this session considers the whole waiting list and offers the ready patients that fit":
 * the picks and their order, worked by hand from the rules, so that reading the list's facts in batches
 * (and, once the not-ready patients shown are all found, reading only the requests that can be ready, the
 * others left out in SQL) cannot change the answer. Today is 21 November 2026 (the test clock); the list is Tuesday 15 December 2026,
 * 08:30-12:30, fluoroscopy and the stimulator kit but no RF generator.
 *
 * The rules, by hand:
 * - list order is clinical priority (P2 before P3), then the RTT breach date (clock start + 18 weeks, so an
 *   earlier clock start comes first), then the order of listing;
 * - only procedures that fit the list are candidates: an RF denervation needs the RF generator, so it is
 *   never offered however early it is on the list;
 * - ready = no block, no open readiness item (consent stage 1 needs its date AND the leaflet version; the
 *   pregnancy enquiry must be arranged) unless a clinician's per-item override covers it;
 * - ready patients first (up to 20), then the first 10 not-ready patients, each group in list order.
 */
describeEachEngine('fill this session: the same patients in the same order', (engine) => {
  let app: TestApp;
  let clinicianId = 0;
  beforeEach(async () => {
    app = await createTestApp(engine);
    clinicianId = await interventionsTeam(app);
  });
  afterEach(async () => app.close());

  it('ready patients in list order, then the first ten not ready; an override of consent counts, an RF case never fits', async () => {
    let n = 0;
    const patient = async (surname: string) =>
      (
        await app.ok(
          'patients:create',
          {
            nhsNumber: ['9990001111', '9990001138', '9990001146', '9990001154', '9990001162'][n++]!,
            surname,
            forename: 'Test',
            dateOfBirth: '1970-05-01',
            sex: 'female',
            allergies: [],
          },
          'nurse',
        )
      ).id;
    const [p1, p2, p3, p4, p5] = [
      await patient('Alpha'),
      await patient('Bravo'),
      await patient('Charlie'),
      await patient('Delta'),
      await patient('Echo'),
    ];
    const withReadiness = async (
      req: { id: number; version: number },
      record: Parameters<typeof readyRecord>[0],
    ) =>
      app.ok(
        'interventions:updateReadiness',
        { id: req.id, version: req.version, readiness: readyRecord(record) },
        'consultant',
      );
    // RF: P2, clock start 1 August (the earliest on the list), ready in every recorded field; does not fit.
    const rf = await app.ok(
      'interventions:request',
      {
        patientId: p5,
        procedureCode: 'RFD_L',
        side: 'bilateral',
        site: 'L4-5',
        indication: 'Facet joint pain after a positive medial branch block',
        priority: 'P2',
        requestedClinicianId: clinicianId,
        rttClockStart: '2026-08-01',
      },
      'nurse',
    );
    await withReadiness(rf, { sedationPlanned: false });
    // A: P3, clock start 1 October, ready.
    const a = await scsRequest(app, p1, clinicianId, { rttClockStart: '2026-10-01' });
    await withReadiness(a, {});
    // B: P2, clock start 1 October, nothing recorded: not ready.
    const b = await scsRequest(app, p2, clinicianId, { priority: 'P2', rttClockStart: '2026-10-01' });
    // C: P2, clock start 1 September, ready (first of all the candidates).
    const c = await scsRequest(app, p3, clinicianId, { priority: 'P2', rttClockStart: '2026-09-01' });
    await withReadiness(c, {});
    // D1..D23: P2, clock start 15 October, nothing recorded: not ready (only D1..D9 are shown).
    const d: number[] = [];
    for (let i = 0; i < 23; i++)
      d.push((await scsRequest(app, p4, clinicianId, { priority: 'P2', rttClockStart: '2026-10-15' })).id);
    // E: P3, clock start 15 September, no consent recorded but a consultant's override of consent: ready.
    const e0 = await scsRequest(app, p5, clinicianId, { rttClockStart: '2026-09-15' });
    const e1 = await withReadiness(e0, { consentStage1Date: null, consentLeafletVersion: null });
    expect(e1.openItems).toEqual(['consent-stage-1']);
    await app.ok(
      'interventions:approveOverride',
      {
        requestId: e1.id,
        version: e1.version,
        itemId: 'consent-stage-1',
        reason: 'Consent confirmed at the pre-op visit; form to be scanned',
      },
      'consultant',
    );
    // F: P3, clock start 1 October (after A), consent dated but no leaflet version: not ready.
    const f = await scsRequest(app, p2, clinicianId, { rttClockStart: '2026-10-01' });
    await withReadiness(f, { consentLeafletVersion: null });
    // G: P3, clock start 1 November, consent recorded, pregnancy enquiry not arranged: not ready.
    const g = await scsRequest(app, p3, clinicianId, { rttClockStart: '2026-11-01' });
    await withReadiness(g, { pregnancyEnquiryArranged: false });
    // H: P3, clock start 5 November, ready (last on the list).
    const h = await scsRequest(app, p1, clinicianId, { rttClockStart: '2026-11-05' });
    await withReadiness(h, {});

    const s = await theatreSession(app, clinicianId, {
      equipment: ['fluoroscopy', 'stimulator-kit-and-rep'],
    });
    const fill = await app.ok('interventions:fillSession', { sessionId: s.id }, 'nurse');
    // Ready, in list order: C (P2, 1 Sep), then the P3s E (15 Sep), A (1 Oct), H (5 Nov). Then the first
    // ten not ready in list order: B (P2, 1 Oct), D1..D9 (P2, 15 Oct). F and G (P3) come after D10..D23,
    // so they are not among the ten; the RF case is never a candidate.
    expect(fill.map((x) => [x.id, x.ready])).toEqual([
      [c.id, true],
      [e0.id, true],
      [a.id, true],
      [h.id, true],
      [b.id, false],
      ...d.slice(0, 9).map((id) => [id, false]),
    ]);
    expect(fill.map((x) => x.id)).not.toContain(rf.id);
    expect(fill.find((x) => x.id === b.id)!.notReady.join(' ')).toMatch(
      /Readiness incomplete: .*Consent stage 1/,
    );
    // With a shorter list the not-ready ones further down are shown: only F and G wait after the ready.
    await app.dispatcher.conn.db
      .updateTable('intervention_requests')
      .set({ status: 'removed' })
      .where('id', 'in', [b.id, ...d])
      .execute();
    const short = await app.ok('interventions:fillSession', { sessionId: s.id }, 'nurse');
    expect(short.map((x) => [x.id, x.ready])).toEqual([
      [c.id, true],
      [e0.id, true],
      [a.id, true],
      [h.id, true],
      [f.id, false],
      [g.id, false],
    ]);
    expect(short.find((x) => x.id === f.id)!.notReady).toEqual([
      expect.stringMatching(/^Readiness incomplete: Consent stage 1\.$/),
    ]);
  });

  it('past the ten not ready, consent recorded later, an older row’s override list and a withdrawn consent are judged as readiness judges them', async () => {
    const pid = (
      await app.ok(
        'patients:create',
        {
          nhsNumber: '9990001111',
          surname: 'Foxtrot',
          forename: 'Test',
          dateOfBirth: '1970-05-01',
          sex: 'female',
          allergies: [],
        },
        'nurse',
      )
    ).id;
    const record = (req: { id: number; version: number }, rec: Parameters<typeof readyRecord>[0]) =>
      app.ok(
        'interventions:updateReadiness',
        { id: req.id, version: req.version, readiness: readyRecord(rec) },
        'consultant',
      );
    const noConsent = { consentStage1Date: null, consentLeafletVersion: null };
    const setRow = (id: number, values: Record<string, unknown>) =>
      app.dispatcher.conn.db.updateTable('intervention_requests').set(values).where('id', '=', id).execute();
    // N1..N25: P2, clock start 1 September, nothing recorded: N1..N10 are the ten not ready shown; the
    // first 25 of the list are all judged, so everything after them is read only if it can be ready.
    const n: number[] = [];
    for (let i = 0; i < 25; i++)
      n.push((await scsRequest(app, pid, clinicianId, { priority: 'P2', rttClockStart: '2026-09-01' })).id);
    // Then the P3s, each after the ten in list order (so only a ready one can change the answer):
    // K (1 Oct): no consent yet, everything else ready.
    const k0 = await scsRequest(app, pid, clinicianId, { rttClockStart: '2026-10-01' });
    const k1 = await record(k0, noConsent);
    // W (2 Oct): ready with consent recorded; it is withdrawn below.
    const w0 = await scsRequest(app, pid, clinicianId, { rttClockStart: '2026-10-02' });
    const w1 = await record(w0, {});
    // L (3 Oct): no consent, and an older row's override list (item ids sharing one reason) naming consent.
    const l0 = await scsRequest(app, pid, clinicianId, { rttClockStart: '2026-10-03' });
    await record(l0, noConsent);
    await setRow(l0.id, {
      override_items_json: JSON.stringify(['consent-stage-1']),
      override_reason: 'Consent taken on paper in clinic',
      override_by: clinicianId,
      override_at: '2026-11-12T10:00:00.000Z',
    });
    // X (4 Oct): no consent; an override of another item only (the pregnancy enquiry), in the newer form.
    const x0 = await scsRequest(app, pid, clinicianId, { rttClockStart: '2026-10-04' });
    await record(x0, noConsent);
    await setRow(x0.id, {
      override_items_json: JSON.stringify([
        {
          itemId: 'pregnancy-enquiry',
          reason: 'Post-menopausal',
          by: clinicianId,
          at: '2026-11-12T10:00:00.000Z',
        },
      ]),
    });
    // Y (5 Oct): consent dated, the leaflet version only spaces (an older row): consent not recorded in full.
    const y0 = await scsRequest(app, pid, clinicianId, { rttClockStart: '2026-10-05' });
    await record(y0, {});
    const yRecord = JSON.stringify(readyRecord({ consentLeafletVersion: '   ' }));
    await setRow(y0.id, { readiness_json: yRecord });

    const s = await theatreSession(app, clinicianId, {
      equipment: ['fluoroscopy', 'stimulator-kit-and-rep'],
    });
    const fill = async () =>
      (await app.ok('interventions:fillSession', { sessionId: s.id }, 'nurse')).map((x) => [x.id, x.ready]);
    const tenNotReady = n.slice(0, 10).map((id) => [id, false]);
    // The SQL condition itself: only W and L can be ready (consent recorded in full, or overridden).
    const canBeReady = async () =>
      (await canBeReadyInOrder(app.dispatcher.conn.db, { status: 'waiting' })).map((r) => r.id);
    expect(await canBeReady()).toEqual([w0.id, l0.id]);
    // Ready: W (consent recorded) and L (the older override covers consent). K, X and Y are not ready and
    // come after the ten not ready shown.
    expect(await fill()).toEqual([[w0.id, true], [l0.id, true], ...tenNotReady]);
    // K's consent is recorded later: K is ready, first of the P3s.
    await record(k1, {});
    expect(await canBeReady()).toEqual([k0.id, w0.id, l0.id]);
    expect(await fill()).toEqual([[k0.id, true], [w0.id, true], [l0.id, true], ...tenNotReady]);
    // W's consent is withdrawn (cleared): W is no longer offered.
    await record(w1, noConsent);
    expect(await fill()).toEqual([[k0.id, true], [l0.id, true], ...tenNotReady]);
    // With the ten gone, the not ready further down are judged in list order: W, X and Y, each for consent.
    await app.dispatcher.conn.db
      .updateTable('intervention_requests')
      .set({ status: 'removed' })
      .where('id', 'in', n)
      .execute();
    const short = await app.ok('interventions:fillSession', { sessionId: s.id }, 'nurse');
    expect(short.map((x) => [x.id, x.ready])).toEqual([
      [k0.id, true],
      [l0.id, true],
      [w0.id, false],
      [x0.id, false],
      [y0.id, false],
    ]);
    for (const id of [w0.id, x0.id, y0.id])
      expect(short.find((x) => x.id === id)!.notReady).toEqual([
        expect.stringMatching(/^Readiness incomplete: Consent stage 1\.$/),
      ]);
  });
});
