import { request } from 'node:https';
import { afterEach, expect, it } from 'vitest';
import type { Result } from '../../shared/result';
import { describeEachEngine, rawRows } from '../helpers/engines';
import { PASSWORD, startTestServers, testCertificate, type TestServers } from '../helpers/server';

/**
 * A CSV import sent in parts through one server instance and finished through another (issue 19): behind a
 * load balancer without sticky sessions, consecutive requests of one window reach different instances.
 * The import's state is in the database (data_import_staging), so any instance can continue it.
 */
describeEachEngine('a CSV import across server instances', (engine) => {
  if (engine === 'sqlite') {
    it.skip('needs PostgreSQL (a SQLite file serves one instance)', () => undefined);
    return;
  }
  let t: TestServers;
  afterEach(async () => {
    await t?.close();
  });

  /** One request as a load balancer would pass it on: the window's bearer token, to instance `i`. */
  function post(
    i: number,
    token: string | null,
    operation: string,
    payload: unknown,
  ): Promise<{ result: Result<unknown>; issued: string | null }> {
    const body = JSON.stringify({ operation, payload });
    return new Promise((resolve, reject) => {
      const req = request(
        new URL('/api', t.servers[i]!.url),
        {
          method: 'POST',
          ca: testCertificate().cert,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const issued = res.headers['alongside-session'];
            resolve({
              result: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Result<unknown>,
              issued: typeof issued === 'string' ? issued : null,
            });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
  const ok = async (i: number, token: string | null, operation: string, payload: unknown) => {
    const r = await post(i, token, operation, payload);
    if (!r.result.ok) throw new Error(`${operation}: ${r.result.error.code} ${r.result.error.message}`);
    return { value: r.result.value as Record<string, unknown>, issued: r.issued };
  };

  // Three patients with valid NHS numbers (Modulus 11 worked by hand, e.g. 999 000 001: 9x10 + 9x9 + 9x8
  // + 1x2 = 245, 245 mod 11 = 3, 11 - 3 = 8, so 999 000 0018).
  const csv =
    'NHS number,Surname,Forename,Date of birth,Sex,Postcode\n' +
    '9434765919,Smith,Jo,1960-02-29,F,LS1 4AP\n' +
    '9990000018,Ali,Sam,1975-07-14,M,\n' +
    '9990000026,Brown,Ann,1980-01-01,F,M1 1AE\n';

  it('parts sent to one instance, the rest and the commit to the other: all three imported, once', async () => {
    t = await startTestServers(engine, 2);
    await ok(0, null, 'setup:createFirstAdmin', {
      username: 'admin',
      displayName: 'Admin',
      password: PASSWORD,
    }).then(async ({ issued }) =>
      ok(1, issued, 'users:create', {
        username: 'coord1',
        displayName: 'Pat Coordinator',
        role: 'coordinator',
        password: PASSWORD,
      }),
    );
    const { issued: token } = await ok(0, null, 'auth:signIn', { username: 'coord1', password: PASSWORD });
    const half = csv.indexOf('\n', csv.length / 2) + 1;
    const first = await ok(0, token, 'data:importPreview', { chunk: csv.slice(0, half), last: false });
    expect(first.value).toMatchObject({ done: false });
    // The instances of this test share one Node process (and so its memory): what proves that another
    // PROCESS could continue is that the import is in the database, with only a hash of the window's token.
    const staged = await rawRows(t.db.conn, 'SELECT id, owner_hash, chars, body FROM data_import_staging');
    expect(staged).toEqual([
      {
        id: first.value.importId,
        owner_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        chars: half,
        body: csv.slice(0, half),
      },
    ]);
    expect(staged[0]!.owner_hash).not.toContain(token!);
    // The next part reaches the other instance, which has never seen this import.
    const preview = await ok(1, token, 'data:importPreview', {
      importId: first.value.importId,
      chunk: csv.slice(half),
      last: true,
    });
    expect(preview.value).toMatchObject({ done: true, rows: 3, validRows: 3, errorCount: 0 });
    expect(preview.value.receivedChars).toBe(csv.length);

    // Another sign-in of the same person (another window) cannot continue it.
    const { issued: other } = await ok(1, null, 'auth:signIn', { username: 'coord1', password: PASSWORD });
    const stranger = await post(0, other, 'data:importCommit', { importId: first.value.importId });
    expect(!stranger.result.ok && stranger.result.error.code).toBe('NOT_FOUND');

    const done = await ok(0, token, 'data:importCommit', { importId: first.value.importId });
    expect(done.value).toEqual({ imported: 3 });
    // Committed once: the other instance finds nothing left to commit.
    const again = await post(1, token, 'data:importCommit', { importId: first.value.importId });
    expect(!again.result.ok && again.result.error.code).toBe('NOT_FOUND');
    const rows = await rawRows(t.db.conn, 'SELECT surname FROM patients ORDER BY surname');
    expect(rows.map((r) => r.surname)).toEqual(['Ali', 'Brown', 'Smith']);
    expect(await rawRows(t.db.conn, 'SELECT count(*) AS n FROM data_import_staging')).toEqual([{ n: 0 }]);
  });
});
