/**
 * A desktop-side connection in a process of its own, for tests/server/idle-connection.test.ts:
 * `tsx tests/helpers/idle-client.ts URL CA_FILE STALL_MS`. It sends one request, then holds its own event loop
 * for STALL_MS (as a busy desktop or a paused laptop does: its timers cannot run), then at once sends a second
 * request, and prints both results as one JSON line. The server runs in the test's process, whose event loop
 * is free meanwhile, so the server's own idle timeout runs on time.
 */
import { readFileSync } from 'node:fs';
import { connectToServer } from '../../server/client';

const [url, caFile, stall] = process.argv.slice(2);
const remote = connectToServer({ url: url!, ca: readFileSync(caFile!), timeoutMs: 20_000 });
const first = await remote.request('w', 'setup:status', {});
const until = Date.now() + Number(stall);
while (Date.now() < until) {
  // Held on purpose: nothing else in this process runs.
}
const second = await remote.request('w', 'setup:status', {});
console.log(JSON.stringify({ first, second }));
await remote.close();
