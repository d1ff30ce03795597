import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelOfKey } from '../../renderer/src/api/keys';
import { CHANNELS, contract, isChannel } from '../../shared/ipc/contract';
import { INVALIDATES } from '../../shared/ipc/invalidation';

/** Issue 18: query keys and invalidation in one place, checked against the contract. */

const writes = CHANNELS.filter((c) => contract[c].write);
const reads = new Set(CHANNELS.filter((c) => !contract[c].write));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('invalidation map (shared/ipc/invalidation.ts)', () => {
  it('has an entry for every write operation in the contract', () => {
    const missing = writes.filter((c) => !(c in INVALIDATES));
    expect(missing).toEqual([]);
  });

  it('names only write operations as keys, and only read operations as what they refresh', () => {
    for (const [write, refreshed] of Object.entries(INVALIDATES)) {
      expect(isChannel(write) && contract[write].write, `${write} is a write operation`).toBe(true);
      if (refreshed === 'all') continue;
      for (const read of refreshed) expect(reads.has(read), `${write} refreshes ${read}, a read`).toBe(true);
    }
  });

  it('refreshes the case summaries (one case and the whole meeting) wherever a case summary can change', () => {
    const refreshed = (write: keyof typeof INVALIDATES) => {
      const r = INVALIDATES[write];
      return r === 'all' ? [...reads] : (r ?? []);
    };
    // Naming a presenter or approving a late addition changes the case's readiness ("No presenter named",
    // "Late addition awaiting the chair's approval"); the meeting screen kept showing the old one (H-SCR-19).
    for (const write of ['mdt:listing:update', 'mdt:listing:approveLate'] as const)
      expect(refreshed(write)).toEqual(expect.arrayContaining(['mdt:case:summary', 'mdt:case:summaries']));
    // Every write that refreshes one case's summary also refreshes the meeting's batch of them.
    for (const write of Object.keys(INVALIDATES) as (keyof typeof INVALIDATES)[])
      if (refreshed(write).includes('mdt:case:summary'))
        expect(refreshed(write), write).toContain('mdt:case:summaries');
  });
});

describe('query keys in the renderer', () => {
  it('every literal query key starts with a read operation (directly or through KEY_ALIASES)', () => {
    const root = resolve(import.meta.dirname, '../../renderer/src');
    const heads = new Set<string>();
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/queryKey: \[\s*'([^']+)'/g)) heads.add(m[1]!);
      for (const m of text.matchAll(/_KEY = \[\s*'([^']+)'/g)) heads.add(m[1]!);
    }
    expect(heads.size).toBeGreaterThan(30);
    const unknown = [...heads].filter((h) => !reads.has(channelOfKey([h]) as never));
    expect(unknown).toEqual([]);
  });
});
