import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDbHost, WORKER_DIED_MESSAGE } from '../../electron/main/db-host';
import { tempDir } from '../helpers/db';

/**
 * Issue 17: if the database worker dies, waiting requests fail with a clear message (they used to wait
 * for ever) and the host starts a new worker, so the app recovers. A stand-in worker (plain JS) plays
 * the database: it answers, never answers ("slow"), or dies ("crash").
 */
const t = tempDir();
afterAll(() => t.cleanup());
const workerFile = join(t.dir, 'fake-worker.mjs');
writeFileSync(
  workerFile,
  `import { parentPort } from 'node:worker_threads';
const started = Date.now() + Math.random();
parentPort.on('message', (msg) => {
  if (msg.type === 'close') { parentPort.postMessage({ type: 'closed' }); return; }
  if (msg.channel === 'crash') process.exit(3);
  if (msg.channel === 'slow') return;
  parentPort.postMessage({ id: msg.id, result: { ok: true, value: started } });
});
parentPort.postMessage({ type: 'ready' });
`,
);

describe('the database worker dies', () => {
  it('waiting requests fail with a clear message, and a new worker answers the next ones', async () => {
    const host = await startDbHost(workerFile, { dbFile: join(t.dir, 'x.sqlite') });
    const first = await host.request('k', 'ping', {});
    expect(first.ok).toBe(true);
    const waiting = [host.request('k', 'slow', {}), host.request('k', 'slow', {})];
    const crash = host.request('k', 'crash', {});
    const answers = await Promise.all([...waiting, crash]);
    for (const a of answers)
      expect(a).toEqual({ ok: false, error: { code: 'INTERNAL', message: WORKER_DIED_MESSAGE } });
    const again = await host.request('k', 'ping', {});
    expect(again.ok).toBe(true);
    // A different worker answered (the old one is gone).
    if (first.ok && again.ok) expect(again.value).not.toBe(first.value);
    expect(host.restarts()).toBe(1);
    await host.close();
  }, 20_000);
});
