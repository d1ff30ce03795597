import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { createDispatcher } from '../../db/dispatcher';
import { openAndMigrate } from '../../db/open';
import { TEST_PASSWORD_COST, tempDir } from '../helpers/db';
import { buildWriter, onLines, writerSource } from '../helpers/writer';

/**
 * Crash test: a writer process doing patients:create through the real dispatcher is killed with SIGKILL
 * at a random moment, again and again. After each kill the database must open, pass integrity_check,
 * hold every write the child acknowledged (it prints "ack <NHS number>" after each commit), and hold no
 * partial write (every patient has its allergy and its audit row, or the patient is absent).
 * Each kill falls 0–30 ms after the writer's first acknowledgement, so every kill lands among writes in
 * flight (a kill timed from start-up mostly fell before the first write: 30 kills once left 7
 * acknowledged writes). CRASH_KILLS (default 20) sets the number of kills; they run in CRASH_LANES
 * parallel files. Measured on the shared 2-core machine at load average 19: 30 kills timed from start-up
 * took 121 s (the old limit was 120 s); a kill costs mostly the writer's start-up. The limit is 5 s a
 * kill, at least 300 s. The longer run is on demand:
 * `CRASH_KILLS=200 npx vitest run --project unit tests/db/crash.test.ts` (the time limit grows with it).
 * A kill tests the process dying, not the power failing (the operating system keeps a killed process's
 * unsynced writes): tests/db/power-cut.test.ts simulates the power failing.
 */
const KILLS = Number(process.env.CRASH_KILLS ?? 20);
const LANES = Number(process.env.CRASH_LANES ?? 2);
let childFile = '';

const CHILD_SOURCE = writerSource({
  nhsPrefix: '99',
  loop: `process.stdout.write('ready\\n');
for (;;) {
  const nhs = nextNhs();
  const r = await d.dispatch('w', 'patients:create', {
    nhsNumber: nhs, surname: 'Crash', forename: 'Test', dateOfBirth: '1970-01-01', sex: 'male',
    allergies: [{ agent: 'Latex', reaction: 'Rash' }],
  });
  if (!r.ok) { console.error(r.error.code); process.exit(4); }
  process.stdout.write('ack ' + nhs + '\\n');
}`,
});

interface Lane {
  file: string;
  acked: Set<string>;
  next: number;
}

let cleanup = () => undefined as void;
const lanes: Lane[] = [];

beforeAll(async () => {
  childFile = await buildWriter('alongside-crash', CHILD_SOURCE, {
    external: ['better-sqlite3'],
    minify: true,
  });
  const t = tempDir();
  cleanup = t.cleanup;
  for (let i = 0; i < LANES; i++) {
    const file = join(t.dir, `lane ${i}.sqlite`);
    const { conn } = await openAndMigrate(file);
    const d = createDispatcher(conn, { passwordCost: TEST_PASSWORD_COST });
    const admin = await d.dispatch('a', 'setup:createFirstAdmin', {
      username: 'admin',
      displayName: 'Admin',
      password: 'correct horse battery',
    });
    expect(admin.ok).toBe(true);
    const u = await d.dispatch('a', 'users:create', {
      username: 'writer',
      displayName: 'Writer',
      role: 'nurse',
      password: 'correct horse battery',
    });
    expect(u.ok).toBe(true);
    await conn.close();
    lanes.push({ file, acked: new Set(), next: i * 1_000_000 });
  }
}, 60_000);
afterAll(() => cleanup());

function runAndKill(lane: Lane): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [childFile, lane.file, String(lane.next)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    lane.next += 5_000;
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    onLines(child.stdout, (line) => {
      if (line.startsWith('ack ')) {
        lane.acked.add(line.slice(4));
        // Kill at a random point within the write loop, once it is writing.
        timer ??= setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 30));
      }
    });
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolveRun();
      else reject(new Error(`writer exited ${code}: ${err}`));
    });
  });
}

function verify(lane: Lane): void {
  const conn = openDatabase(lane.file);
  try {
    expect(conn.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = conn.sqlite
      .prepare(
        `SELECT p.nhs_number AS nhs,
                (SELECT count(*) FROM allergies a WHERE a.patient_id = p.id) AS allergies,
                (SELECT count(*) FROM audit_log l WHERE l.patient_id = p.id AND l.action = 'patient.create') AS audits
         FROM patients p`,
      )
      .all() as { nhs: string; allergies: number; audits: number }[];
    const present = new Set(rows.map((r) => r.nhs));
    const lost = [...lane.acked].filter((n) => !present.has(n));
    expect(lost, 'acknowledged writes lost').toEqual([]);
    const partial = rows.filter((r) => r.allergies !== 1 || r.audits !== 1);
    expect(partial, 'partial writes').toEqual([]);
  } finally {
    void conn.close();
  }
}

describe('crash safety', () => {
  it(
    `survives ${KILLS} SIGKILLs during writes with every acknowledged write kept`,
    async () => {
      const perLane = Math.ceil(KILLS / LANES);
      let kills = 0;
      await Promise.all(
        lanes.map(async (lane) => {
          for (let i = 0; i < perLane; i++) {
            await runAndKill(lane);
            kills++;
            verify(lane);
          }
        }),
      );
      const acked = lanes.reduce((n, l) => n + l.acked.size, 0);
      console.log(`[crash] ${kills} kills, ${acked} acknowledged writes, all kept`);
      expect(kills).toBeGreaterThanOrEqual(KILLS);
      expect(acked, 'every kill fell after at least one acknowledged write').toBeGreaterThanOrEqual(kills);
    },
    Math.max(300_000, KILLS * 5_000),
  );
});
