import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgres } from '../../db/connection-pg';
import { localChangeFeed } from '../../server/changes';
import { startServer, type RunningServer } from '../../server/server';
import { describeEachEngine } from '../helpers/engines';
import { JO } from '../helpers/seed';
import { PASSWORD, startTestServers, testCertificate, type TestServers } from '../helpers/server';

/**
 * GET /health for the trust's IT monitoring (issue 19): whether the database answers, whether its schema is
 * this server's, whether backups are recent, in words; no sign-in, and nothing about patients, people, the
 * database's address or the software's versions.
 */
interface Health {
  ok: boolean;
  status: string;
  says: string;
  checks: { name: string; status: string; says: string }[];
}

function fetchHealth(url: string): Promise<{ status: number; body: Health; raw: string }> {
  return new Promise((resolve, reject) => {
    get(`${url}/health`, { ca: testCertificate().cert }, (res) => {
      let raw = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (raw += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(raw) as Health, raw }));
    }).on('error', reject);
  });
}

const check = (h: Health, name: string) => h.checks.find((c) => c.name === name);

describeEachEngine('GET /health', (engine) => {
  let t: TestServers | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await t?.close();
    t = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('says the database answers and its schema is current, without a sign-in and without patient data', async () => {
    t = await startTestServers(engine);
    const c = t.client();
    await c.ok(
      'setup:createFirstAdmin',
      { username: 'admin', displayName: 'Admin', password: PASSWORD },
      'admin',
    );
    await c.ok(
      'users:create',
      { username: 'consultant1', displayName: 'Dr Consultant', role: 'consultant', password: PASSWORD },
      'admin',
    );
    await c.ok('auth:signIn', { username: 'consultant1', password: PASSWORD });
    await c.ok('patients:create', JO);
    const h = await fetchHealth(t.servers[0]!.url);
    expect(h.status).toBe(200);
    expect(h.body.ok).toBe(true);
    expect(check(h.body, 'database')).toEqual({
      name: 'database',
      status: 'ok',
      says: 'The database answers.',
    });
    expect(check(h.body, 'migrations')).toEqual({
      name: 'migrations',
      status: 'ok',
      says: 'The database schema is up to date for this server.',
    });
    // No backup record configured: a warning in words, still 200 (the instance can serve).
    expect(h.body.status).toBe('warning');
    expect(check(h.body, 'backups')!.status).toBe('warning');
    // Nothing about the patient, the user, the database's address or the versions underneath.
    for (const secret of [
      JO.surname,
      JO.forename,
      'admin',
      'Admin',
      '127.0.0.1',
      'alongside_',
      'PostgreSQL 1',
    ])
      expect(h.raw).not.toContain(secret);
    expect(h.raw).not.toMatch(/version \d|"\d{3}"|schema \d/);
  });

  it('fails with 503 and says so when the schema is not the one this server was built for', async () => {
    t = await startTestServers(engine);
    const conn = t.db.conn;
    if (engine === 'postgres')
      await sql`INSERT INTO alongside_schema_version (version, name, applied_at) VALUES (99999, 'from a newer server', '2026-12-07T12:00:00Z')`.execute(
        conn.db,
      );
    else await sql.raw('PRAGMA user_version = 99999').execute(conn.db);
    try {
      const h = await fetchHealth(t.servers[0]!.url);
      expect(h.status).toBe(503);
      expect(h.body.status).toBe('failing');
      expect(check(h.body, 'migrations')).toEqual({
        name: 'migrations',
        status: 'failing',
        says: 'The database schema is newer than this server: this server must be upgraded.',
      });
      expect(h.body.says).toMatch(/^Alongside cannot serve: The database schema is newer/);
    } finally {
      if (engine === 'postgres')
        await sql`DELETE FROM alongside_schema_version WHERE version = 99999`.execute(conn.db);
    }
  });
});

describe('GET /health: backups and an unreachable database', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('says the database does not answer (503) when PostgreSQL cannot be reached', async () => {
    // Port 1 on this machine: nothing listens, so every connection is refused.
    const conn = openPostgres({ connectionString: 'postgres://nobody@127.0.0.1:1/none', max: 1 });
    server = await startServer({
      conn,
      feed: localChangeFeed(),
      tls: testCertificate(),
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const h = await fetchHealth(server.url);
      expect(h.status).toBe(503);
      expect(h.body.ok).toBe(false);
      expect(check(h.body, 'database')).toEqual({
        name: 'database',
        status: 'failing',
        says: 'The database does not answer: nobody can work until it does.',
      });
      expect(h.raw).not.toContain('nobody@');
    } finally {
      await server.close();
      server = undefined;
      await conn.close();
    }
  });

  it('reads the backup job record: recent is ok, 30 hours old or missing is a warning in words', async () => {
    const { healthReport } = await import('../../server/health');
    const dir = mkdtempSync(join(tmpdir(), 'alongside-health-'));
    try {
      // Only the backup check is looked at here; the connection is a PostgreSQL one nobody answers.
      const conn = openPostgres({ connectionString: 'postgres://nobody@127.0.0.1:1/none', max: 1 });
      const record = join(dir, 'last-verified-backup');
      const now = () => new Date('2026-12-07T12:00:00Z');
      writeFileSync(record, '2026-12-07T02:10:00Z\n');
      let h = await healthReport(conn, { backupRecord: record, now });
      expect(check(h, 'backups')).toEqual({
        name: 'backups',
        status: 'ok',
        says: 'The last verified backup finished 9 hours ago.', // 02:10 → 12:00 = 9 h 50 min
      });
      writeFileSync(record, '2026-12-06T06:00:00Z\n');
      h = await healthReport(conn, { backupRecord: record, now });
      expect(check(h, 'backups')).toEqual({
        name: 'backups',
        status: 'warning',
        says: 'The last verified backup finished 30 hours ago, longer ago than the 26 hours allowed: check the backup job.',
      });
      h = await healthReport(conn, { backupRecord: join(dir, 'missing'), now });
      expect(check(h, 'backups')!.says).toBe(
        'No verified backup is recorded: the backup job has not written its record yet, or the server cannot read it.',
      );
      await conn.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
