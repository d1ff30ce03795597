import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine, rawRows } from '../helpers/engines';

/**
 * Team mode (issue 19): two people saving at the same moment. Services decide from what they read ("the
 * programme has a place left") and then write. SQLite has one writer, so the second transaction reads the
 * first one's row; PostgreSQL's default (read committed) would let both read "one place left" and both
 * enrol: an overfull programme nobody chose. Expected: exactly one is saved, the other is told plainly.
 */
describeEachEngine('concurrent writes', (engine) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp(engine);
  });
  afterEach(async () => app.close());

  const person = (surname: string) =>
    app.ok('patients:create', {
      surname,
      forename: 'Sam',
      dateOfBirth: '1965-05-05',
      sex: 'male',
      allergies: [],
    });

  it('six enrolments into the last place of a programme at once: exactly one is saved, the others refused', async () => {
    await signedInAs(app, 'physiotherapist');
    const g = await app.ok('rehab:groupCreate', {
      name: 'Winter pain management programme',
      facilitators: 'Tom Nowak (physiotherapist)',
      location: 'Outpatients, room 4',
      capacity: 1,
      completionPercent: 75,
      sessions: [{ date: '2026-12-01' }, { date: '2026-12-08' }],
    });
    const people = [];
    for (const name of ['Archer', 'Baker', 'Carter', 'Dixon', 'Evans', 'Fisher'])
      people.push(await person(name));
    const results = await Promise.all(
      people.map((p) =>
        app.call('rehab:groupEnrol', { programmeId: g.id, patientId: p.id, enrolledOn: '2026-11-21' }),
      ),
    );
    const saved = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(saved).toHaveLength(1);
    expect(refused).toHaveLength(5);
    for (const r of refused) {
      expect(!r.ok && r.error.code).toBe('CONFLICT');
      expect(!r.ok && r.error.message).not.toMatch(/went wrong/);
    }
    const enrolled = await rawRows(
      app.dispatcher.conn,
      `SELECT count(*) AS n FROM rehab_programme_enrolments WHERE status = 'enrolled'`,
    );
    expect(Number(enrolled[0]!.n)).toBe(1);
  });
});
