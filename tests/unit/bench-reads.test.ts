import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { READ_BENCH, READ_CHANNELS } from '../../bench/reads';
import { contract, isChannel } from '../../shared/ipc/contract';

/** Issue 18: every read operation of the contract is in the service benchmark at 100,000 patients. */
describe('service benchmark coverage (bench/reads.ts)', () => {
  it('has an entry for every read operation in the contract', () => {
    expect(READ_CHANNELS.filter((c) => !(c in READ_BENCH))).toEqual([]);
  });

  it('names only read operations', () => {
    for (const c of Object.keys(READ_BENCH)) expect(isChannel(c) && !contract[c].write, c).toBe(true);
  });

  it('a read timed by a module’s own row is called in that file', () => {
    for (const [channel, entry] of Object.entries(READ_BENCH)) {
      if (!('coveredBy' in entry)) continue;
      const text = readFileSync(resolve(import.meta.dirname, '../..', entry.coveredBy), 'utf8');
      expect(text.includes(`'${channel}'`), `${channel} in ${entry.coveredBy}`).toBe(true);
    }
  });

  it('exempts only what cannot be a screen’s read (sign-in, unlock, sign-out, lock)', () => {
    const exempt = Object.entries(READ_BENCH)
      .filter(([, e]) => 'exempt' in e)
      .map(([c]) => c)
      .sort();
    expect(exempt).toEqual(['auth:lock', 'auth:signIn', 'auth:signOut', 'auth:unlock']);
  });
});
