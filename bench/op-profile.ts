import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { createDispatcher } from '../db/dispatcher';
import { openDatabase } from '../db/connection';

/**
 * `npx tsx bench/op-profile.ts --db COPY --op rehab:worklist --payload '{"asOf":"2026-12-07","limit":200}'`
 * (issue 18): where one dispatcher read spends its CPU in Node, on a migrated COPY of a large database:
 * V8's sampling profiler over N calls (after one warm-up), the functions with the most self and inclusive
 * time. Reads only.
 */
const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    op: { type: 'string' },
    payload: { type: 'string' },
    calls: { type: 'string' },
  },
});
if (!values.db || !values.op) throw new Error('--db COPY --op CHANNEL [--payload JSON]');
const conn = openDatabase(values.db);
const d = createDispatcher(conn, { passwordCost: { N: 1 << 10 } });
const s = await d.dispatch('c', 'auth:signIn', { username: 'apatel', password: 'bench-password-1' });
if (!s.ok) throw new Error(`sign-in: ${s.error.message}`);
const payload = JSON.parse(values.payload ?? '{}') as unknown;
const warm = await d.dispatch('c', values.op, payload);
if (!warm.ok) throw new Error(warm.error.message);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const calls = Number(values.calls ?? 10);
const c0 = process.cpuUsage();
for (let i = 0; i < calls; i += 1) await d.dispatch('c', values.op, payload);
const c = process.cpuUsage(c0);
const { profile } = await session.post('Profiler.stop');
console.log(
  `${values.op}: ${((c.user + c.system) / 1000 / calls).toFixed(1)} ms CPU a call (${calls} calls)`,
);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const ch of n.children ?? []) parent.set(ch, n.id);
const dt = new Map<number, number>();
profile.samples!.forEach((sm, i) => dt.set(sm, (dt.get(sm) ?? 0) + (profile.timeDeltas![i] ?? 0) / 1000));
const name = (id: number) => {
  const f = byId.get(id)!.callFrame;
  return `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
};
const self = new Map<string, number>();
const incl = new Map<string, number>();
for (const [id, t] of dt) {
  self.set(name(id), (self.get(name(id)) ?? 0) + t);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const k = name(at);
    if (seen.has(k)) continue;
    seen.add(k);
    incl.set(k, (incl.get(k) ?? 0) + t);
  }
}
const top = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `  ${(v / calls).toFixed(2).padStart(8)} ms  ${k}`);
console.log('self (ms a call):', '\n' + top(self, 25).join('\n'));
console.log('inclusive (ms a call):', '\n' + top(incl, 40).join('\n'));
await conn.close();
