import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backupDue,
  backupsToKeep,
  fileStamp,
  listBackups,
  networkShareReason,
  startBackupScheduler,
  takeBackup,
} from '../../db/backup';
import { openDatabase } from '../../db/connection';
import { createDispatcher } from '../../db/dispatcher';
import { createFileLogger } from '../../db/log';
import { openAndMigrate, openForStartup, recoverFromBackup } from '../../db/open';
import { checkImport, parseCsv } from '../../shared/domain/data';
import { createTestApp, signedInAs, TEST_PASSWORD_COST, tempDir, type TestApp } from '../helpers/db';

/** A valid NHS number (Modulus 11) from the 999 test range, for the nth patient. */
const VALID: string[] = [];
let nextBase = 0;
export function testNhsNumber(n: number): string {
  while (VALID.length <= n) {
    const base = `999${String(nextBase++).padStart(6, '0')}`;
    const sum = [...base].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check !== 10) VALID.push(base + String(check === 11 ? 0 : check));
  }
  return VALID[n]!;
}

function patient(i: number) {
  return {
    nhsNumber: testNhsNumber(i),
    surname: `Surname${i}`,
    forename: 'Alex',
    dateOfBirth: '1970-01-01',
    sex: 'female' as const,
    allergies: [],
  };
}

const count = (app: TestApp, table: string) =>
  app.dispatcher.conn.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await signedInAs(app, 'admin', 'admin');
  await signedInAs(app, 'consultant', 'clin');
  for (let i = 1; i <= 3; i++) await app.ok('patients:create', patient(i), 'clin');
});
afterAll(async () => app.close());

describe('backups and restore in the app', () => {
  it('takes an online backup, lists it and previews its counts', async () => {
    const b = await app.ok('data:backupNow', {}, 'admin');
    expect(b.kind).toBe('manual');
    const status = await app.ok('data:status', {}, 'admin');
    expect(status.backups.map((x) => x.name)).toContain(b.name);
    expect(status.rotation).toEqual({ daily: 7, weekly: 4, monthly: 12 });
    const p = await app.ok('data:backupPreview', { name: b.name }, 'admin');
    expect(p).toMatchObject({ patients: 3, users: 2, integrity: 'ok' });
    expect(p.auditRows).toBeGreaterThan(3);
  });

  it('refuses names that are not backups in the folder (no path tricks)', async () => {
    for (const name of ['../alongside.sqlite', '/etc/passwd', 'nope.sqlite']) {
      const r = await app.call('data:backupPreview', { name }, 'admin');
      expect(r.ok).toBe(false);
    }
  });

  it('restores a chosen backup: current file backed up first, data as it was, everyone signs in again', async () => {
    app.clock.now = new Date('2026-11-21T10:01:00Z');
    const b = await app.ok('data:backupNow', {}, 'admin');
    await app.ok('patients:create', patient(50), 'clin');
    expect(count(app, 'patients')).toBe(4);
    app.clock.now = new Date('2026-11-21T10:02:00Z');
    const r = await app.ok('data:restore', { name: b.name, confirm: true }, 'admin');
    expect(r.restored.patients).toBe(3);
    expect(r.safetyBackup).toMatch(/^pre-restore-/);
    expect(count(app, 'patients')).toBe(3);
    expect(app.dispatcher.conn.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    // The safety backup holds the patient added after the backup.
    await app.ok('auth:signIn', { username: 'admin', password: 'correct horse battery' }, 'setup');
    await signedInAs(app, 'admin', 'admin');
    const safety = await app.ok('data:backupPreview', { name: r.safetyBackup }, 'admin');
    expect(safety.patients).toBe(4);
    // Sessions ended; the restore is in the audit trail of the restored database.
    expect((await app.call('patients:search', { query: '' }, 'clin')).ok).toBe(false);
    const audit = app.dispatcher.conn.sqlite
      .prepare("SELECT count(*) FROM audit_log WHERE action = 'data.restore'")
      .pluck()
      .get();
    expect(audit).toBe(1);
    // And the app keeps working on the same connection.
    await signedInAs(app, 'consultant', 'clin');
    await app.ok('patients:create', patient(51), 'clin');
    expect(count(app, 'patients')).toBe(4);
  });

  it('refuses a damaged backup and changes nothing', async () => {
    const dir = (await app.ok('data:status', {}, 'admin')).backupDir;
    writeFileSync(join(dir, 'manual-2026-01-01T00-00-00-000Z.sqlite'), 'this is not a database'.repeat(300));
    const before = count(app, 'patients');
    const r = await app.call(
      'data:restore',
      { name: 'manual-2026-01-01T00-00-00-000Z.sqlite', confirm: true },
      'admin',
    );
    expect(r.ok).toBe(false);
    expect(count(app, 'patients')).toBe(before);
  });

  it('lets the backup folder be chosen (kept beside the database), and back to the default', async () => {
    const { dir, cleanup } = tempDir('alongside network folder ');
    const s = await app.ok('data:setBackupDir', { dir }, 'admin');
    expect(s).toMatchObject({ backupDir: dir, backupDirSource: 'setting' });
    const b = await app.ok('data:backupNow', {}, 'admin');
    expect(existsSync(join(dir, b.name))).toBe(true);
    const back = await app.ok('data:setBackupDir', { dir: null }, 'admin');
    expect(back.backupDirSource).toBe('default');
    cleanup();
  });

  it('is for administrators only', async () => {
    const r = await app.call('data:backupNow', {}, 'clin');
    expect(r.ok === false && r.error.code).toBe('FORBIDDEN');
  });
});

describe('rotation and the daily scheduler', () => {
  it('keeps the newest of 7 days, 4 weeks and 12 months', () => {
    const stamps = Array.from({ length: 400 }, (_, i) => {
      const at = new Date(Date.UTC(2026, 10, 21, 2) - i * 86_400_000);
      return { name: `daily-${fileStamp(at)}.sqlite`, at };
    });
    const keep = backupsToKeep(stamps);
    const days = [...keep]
      .map((n) => n.slice(6, 16))
      .sort()
      .reverse();
    // 7 newest days; then Sundays' weeks and month ends add a few more, all distinct.
    expect(days.slice(0, 7)).toEqual([
      '2026-11-21',
      '2026-11-20',
      '2026-11-19',
      '2026-11-18',
      '2026-11-17',
      '2026-11-16',
      '2026-11-15',
    ]);
    expect(keep.size).toBeLessThanOrEqual(7 + 4 + 12);
    expect(keep.size).toBeGreaterThanOrEqual(12);
    // The oldest kept is about a year back, not more.
    expect(days.at(-1)! >= '2025-12-01').toBe(true);
  });

  it('takes a backup at start and then once a day, with an injected clock', async () => {
    let now = new Date('2026-11-21T08:00:00Z');
    let last: Date | null = null;
    const taken: string[] = [];
    let timer: (() => void) | null = null;
    const s = startBackupScheduler({
      now: () => now,
      lastBackupAt: () => last,
      backup: async () => {
        taken.push(now.toISOString());
        last = now;
      },
      setInterval: (fn) => {
        timer = fn;
        return 1;
      },
      clearInterval: () => undefined,
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(taken).toEqual(['2026-11-21T08:00:00.000Z']);
    now = new Date('2026-11-21T20:00:00Z');
    expect(await s.tick()).toBe(false);
    now = new Date('2026-11-22T08:00:00Z');
    timer!();
    await new Promise((r) => setTimeout(r, 5));
    expect(taken).toHaveLength(2);
    s.stop();
    expect(backupDue(null, now)).toBe(true);
  });

  it('real daily backups rotate in the folder', async () => {
    const { dir, cleanup } = tempDir();
    const { conn } = await openAndMigrate(join(dir, 'a.sqlite'));
    for (let i = 0; i < 12; i++)
      await takeBackup(conn.sqlite, join(dir, 'b'), 'daily', new Date(Date.UTC(2026, 10, 1 + i, 3)));
    const daily = listBackups(join(dir, 'b')).filter((b) => b.kind === 'daily');
    expect(daily.length).toBeLessThan(12);
    expect(daily[0]!.takenAt).toBe('2026-11-12T03:00:00.000Z');
    await conn.close();
    cleanup();
  });
});

describe('start-up: damaged database and network shares', () => {
  it('a damaged file gives a recovery answer with the newest good backup, never an empty database', async () => {
    const { dir, cleanup } = tempDir();
    const file = join(dir, 'alongside.sqlite');
    const { conn } = await openAndMigrate(file);
    conn.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', 'now')").run();
    await takeBackup(conn.sqlite, join(dir, 'backups'), 'daily', new Date('2026-11-20T03:00:00Z'));
    await conn.close();
    // Damage the file: overwrite the middle with junk.
    const bytes = readFileSync(file);
    bytes.fill(0x41, 100, bytes.length);
    writeFileSync(file, bytes);
    const r = await openForStartup(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.kind).toBe('damaged');
    expect(r.problem.newestGoodBackup?.name).toMatch(/^daily-2026-11-20/);
    await recoverFromBackup(file, r.problem.backupDir, r.problem.newestGoodBackup!.name);
    const again = await openForStartup(file);
    expect(again.ok).toBe(true);
    if (again.ok) {
      expect(again.conn.sqlite.prepare("SELECT value FROM settings WHERE key = 'x'").pluck().get()).toBe('1');
      await again.conn.close();
    }
    expect(readdirSync(dir).some((n) => n.includes('.damaged-'))).toBe(true);
    cleanup();
  });

  it('detects network shares', () => {
    expect(networkShareReason('\\\\server\\share\\alongside.sqlite', null)).toBeTruthy();
    expect(networkShareReason('/mnt/pain/alongside.sqlite', null)).toBeTruthy();
    expect(networkShareReason('/net/fs1/alongside.sqlite', null)).toBeTruthy();
    const mounts = '/dev/sda1 / ext4 rw 0 0\n//fs1/team /srv/team cifs rw 0 0\nfs2:/x /data/x nfs4 rw 0 0\n';
    expect(networkShareReason('/srv/team/a/alongside.sqlite', mounts)).toMatch(/cifs/);
    expect(networkShareReason('/data/x/alongside.sqlite', mounts)).toMatch(/nfs4/);
    expect(networkShareReason('/home/me/.config/Alongside/alongside.sqlite', mounts)).toBeNull();
  });
});

describe('disk full and read-only: a clear message, nothing saved lost', () => {
  it('disk full (max_page_count) answers READ_ONLY and keeps what was saved', async () => {
    const t = await createTestApp();
    await signedInAs(t, 'consultant', 'c');
    await t.ok('patients:create', patient(1), 'c');
    const pages = t.dispatcher.conn.sqlite.pragma('page_count', { simple: true }) as number;
    t.dispatcher.conn.sqlite.pragma(`max_page_count = ${pages}`);
    let refused = null;
    for (let i = 2; i < 400 && !refused; i++) {
      const r = await t.call('patients:create', { ...patient(i), whatMatters: 'x'.repeat(3900) }, 'c');
      if (!r.ok) refused = r.error;
    }
    expect(refused?.code).toBe('READ_ONLY');
    expect(refused?.message).toMatch(/disk is full/);
    t.dispatcher.conn.sqlite.pragma('max_page_count = 1073741823');
    expect(t.dispatcher.conn.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(count(t, 'patients')).toBeGreaterThanOrEqual(1);
    expect((await t.ok('patients:get', { id: 1 }, 'c')).surname).toBe('Surname1');
    await t.close();
  });

  it('a read-only database answers READ_ONLY and changes nothing', async () => {
    const t = await createTestApp();
    await signedInAs(t, 'consultant', 'c');
    await t.ok('patients:create', patient(1), 'c');
    // The file opened read-only (as when IT marks it so, or the share is read-only).
    const ro = openDatabase(t.file, { readonly: true });
    const d = createDispatcher(ro, { passwordCost: TEST_PASSWORD_COST, now: () => t.clock.now });
    d.sessions.set('r', t.dispatcher.sessions.get('c')!);
    const r = await d.dispatch('r', 'patients:create', patient(2));
    expect(r.ok === false && r.error.code).toBe('READ_ONLY');
    expect(r.ok === false && r.error.message).toMatch(/read-only/);
    expect(ro.sqlite.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(1);
    await ro.close();
    // And query_only (the same refusal inside SQLite) on the app's own connection.
    t.dispatcher.conn.sqlite.pragma('query_only = 1');
    const r2 = await t.call('patients:create', patient(3), 'c');
    expect(r2.ok === false && r2.error.code).toBe('READ_ONLY');
    t.dispatcher.conn.sqlite.pragma('query_only = 0');
    expect(count(t, 'patients')).toBe(1);
    await t.close();
  });
});

describe('two processes on one file', () => {
  it('the command-line backup runs while the app writes, and nobody sees "database is locked"', async () => {
    const t = await createTestApp();
    await signedInAs(t, 'consultant', 'c');
    for (let i = 1; i <= 200; i++) await t.ok('patients:create', patient(i), 'c');
    const { dir: out, cleanup } = tempDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/backup.ts', '--data-dir', t.dir, '--to', out],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const done = new Promise<number>((r) => child.on('exit', (code) => r(code ?? -1)));
    let writes = 0;
    const errors: string[] = [];
    let finished = false;
    void done.then(() => (finished = true));
    for (let i = 1000; !finished || writes < 50; i++) {
      const r = await t.call('patients:create', patient(i), 'c');
      if (r.ok) writes++;
      else errors.push(r.error.message);
      await new Promise((res) => setTimeout(res, 2));
      if (i > 20_000) break;
    }
    const code = await done;
    expect(output).not.toMatch(/locked/i);
    expect(code, output).toBe(0);
    expect(errors).toEqual([]);
    const backups = listBackups(out);
    expect(backups).toHaveLength(1);
    cleanup();
    await t.close();
  }, 60_000);
});

describe('CSV import', () => {
  const header = 'NHS number,Surname,Forename,Date of birth,Sex,Postcode\n';
  // The coordinator imports patient lists (the IT administrator reaches no patient data: issue 17). Signed
  // in here, after the restore tests above have ended every session.
  beforeAll(async () => {
    await app.ok('auth:signIn', { username: 'admin', password: 'correct horse battery' }, 'setup');
    await signedInAs(app, 'coordinator', 'coord');
  });

  it('parses quoted CSV with line numbers', () => {
    const rows = parseCsv('a,b\r\n"x, ""y""",2\n\n"multi\nline",3\n');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, "y"', '2'] },
      { line: 4, cells: ['multi\nline', '3'] },
    ]);
  });

  it('previews line-level errors (bad NHS number, bad date, duplicate) and imports nothing', async () => {
    const csv =
      header +
      `${testNhsNumber(900)},Good,One,07/03/1961,F,LS1 4AP\n` +
      `9434765918,BadNhs,Two,1961-03-07,M,\n` +
      `${testNhsNumber(901)},BadDate,Three,2026-02-30,F,\n` +
      `${testNhsNumber(900)},Dup,Four,1961-03-07,F,\n` +
      `${testNhsNumber(1)},AlreadyThere,Five,1961-03-07,F,\n`;
    const before = count(app, 'patients');
    const p = await app.ok('data:importPreview', { chunk: csv, last: true }, 'coord');
    expect(p.rows).toBe(5);
    expect(p.validRows).toBe(1);
    expect(p.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'nhsNumber'],
      [4, 'dateOfBirth'],
      [5, 'nhsNumber'],
      [6, 'nhsNumber'],
    ]);
    expect(p.errors[2]!.message).toMatch(/line 2/);
    const r = await app.call('data:importCommit', { importId: p.importId }, 'coord');
    expect(r.ok === false && r.error.code).toBe('VALIDATION');
    expect(count(app, 'patients')).toBe(before);
  });

  it('imports all or nothing, in parts, with an audit row per patient', async () => {
    const lines = Array.from(
      { length: 30 },
      (_, i) => `${testNhsNumber(2000 + i)},Imported${i},Sam,1980-05-0${(i % 9) + 1},male,`,
    );
    const csv = header + lines.join('\n');
    const half = csv.indexOf('\n', csv.length / 2) + 1;
    const first = await app.ok('data:importPreview', { chunk: csv.slice(0, half), last: false }, 'coord');
    expect(first.done).toBe(false);
    const p = await app.ok(
      'data:importPreview',
      { importId: first.importId, chunk: csv.slice(half), last: true },
      'coord',
    );
    expect(p).toMatchObject({ done: true, rows: 30, validRows: 30, errorCount: 0 });
    // Another session cannot commit this import.
    expect((await app.call('data:importCommit', { importId: p.importId }, 'clin')).ok).toBe(false);
    const before = count(app, 'patients');
    // Someone registers one of them meanwhile: the whole import is refused.
    await app.ok('patients:create', patient(2005), 'clin');
    const refused = await app.call('data:importCommit', { importId: p.importId }, 'coord');
    expect(refused.ok === false && refused.error.code).toBe('CONFLICT');
    expect(count(app, 'patients')).toBe(before + 1);
  });

  it('imports 10,000 patients in parts, all or nothing (its time is measured in the benchmark, not here)', async () => {
    const t = await createTestApp();
    await signedInAs(t, 'coordinator', 'a');
    const rows = Array.from(
      { length: 10_000 },
      (_, i) => `${testNhsNumber(100_000 + i * 3)},Bulk${i},Pat,1975-02-2${i % 9},female,M1 1AE`,
    );
    const csv = header + rows.join('\n');
    const started = performance.now();
    let id: string | undefined;
    let preview = null;
    for (let off = 0; off < csv.length;) {
      let end = Math.min(csv.length, off + 300_000);
      if (end < csv.length) end = csv.indexOf('\n', end) + 1 || csv.length;
      preview = await t.ok(
        'data:importPreview',
        { ...(id ? { importId: id } : {}), chunk: csv.slice(off, end), last: end >= csv.length },
        'a',
      );
      id = preview.importId;
      off = end;
    }
    expect(preview!.validRows).toBe(10_000);
    const r = await t.ok('data:importCommit', { importId: id! }, 'a');
    const ms = performance.now() - started;
    expect(r.imported).toBe(10_000);
    expect(count(t, 'patients')).toBe(10_000);
    expect(
      t.dispatcher.conn.sqlite
        .prepare("SELECT count(*) FROM audit_log WHERE action = 'patient.import'")
        .pluck()
        .get(),
    ).toBe(10_000);
    expect(t.dispatcher.conn.sqlite.prepare('SELECT patient_count FROM data_imports').pluck().all()).toEqual([
      10_000,
    ]);
    console.log(`[data] import of 10,000 patients (preview + commit): ${ms.toFixed(0)} ms`);
    await t.close();
  }, 30_000);

  it('checkImport needs the heading row', () => {
    expect(checkImport('a,b\n1,2').errors[0]!.message).toMatch(/heading row/);
  });
});

describe('logs', () => {
  it('a failing request logs channel and error class only: no NHS number, no name', async () => {
    const t = await createTestApp();
    await signedInAs(t, 'consultant', 'c');
    const lines: string[] = [];
    const original = console.error;
    console.error = (...a: unknown[]) => lines.push(a.map(String).join(' '));
    try {
      // An unexpected failure deep in the service (a missing table), with patient data in the request.
      t.dispatcher.conn.sqlite.exec('ALTER TABLE allergies RENAME TO allergies_gone');
      const r = await t.call(
        'patients:create',
        { ...patient(7), surname: 'Zebedee', allergies: [{ agent: 'Penicillin', reaction: 'Rash' }] },
        'c',
      );
      expect(r.ok).toBe(false);
    } finally {
      console.error = original;
    }
    const text = lines.join('\n');
    expect(text).toMatch(/patients:create/);
    expect(text).not.toMatch(new RegExp(testNhsNumber(7)));
    expect(text).not.toMatch(/Zebedee|Penicillin/);
    await t.close();
  });

  it('the file logger rotates by size and masks NHS numbers', () => {
    const { dir, cleanup } = tempDir();
    const log = createFileLogger(join(dir, 'logs', 'alongside.log'), { maxBytes: 500, keep: 3 });
    for (let i = 0; i < 100; i++) log.write('error', `line ${i} 943 476 5919`);
    const names = readdirSync(join(dir, 'logs')).sort();
    expect(names).toEqual(['alongside.log', 'alongside.log.1', 'alongside.log.2', 'alongside.log.3']);
    const all = names.map((n) => readFileSync(join(dir, 'logs', n), 'utf8')).join('');
    expect(all).not.toMatch(/943 476 5919/);
    expect(readFileSync(join(dir, 'logs', 'alongside.log'), 'utf8').length).toBeLessThanOrEqual(500);
    cleanup();
  });
});
