import { copyFileSync, renameSync, unlinkSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JO } from '../helpers/seed';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';

/**
 * Issue 17: "Every session ends when the database underneath changes (... another process)". A file copied or
 * moved over the database while the app is open keeps the open connection on the old, unlinked file: before
 * this check every request went on working against it, and whatever was saved was lost.
 */

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
  await signedInAs(app, 'nurse');
});
afterEach(async () => app.close());

describe('A database file replaced on disk under an open connection', () => {
  it('an untouched file goes on working', async () => {
    await app.ok('patients:create', JO);
    expect((await app.call('patients:search', { query: 'Jo' })).ok).toBe(true);
  });

  it('a file moved over the database ends every session with a clear message, and nothing more is saved', async () => {
    const copy = `${app.file}.other`;
    copyFileSync(app.file, copy);
    renameSync(copy, app.file); // what `cp` to a temporary name and `mv` over the database does
    const r = await app.call('patients:create', JO);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('UNAUTHENTICATED');
    expect(r.error.message).toMatch(/replaced or moved on disk.*signed out.*start it again/);
    // Signing in again is refused too: the connection still holds the old file.
    const again = await app.call('auth:signIn', { username: 'nurse1', password: 'correct horse battery' });
    expect(again.ok).toBe(false);
    expect(app.dispatcher.sessions.get('test')).toBeNull();
  });

  it('a deleted database file is detected the same way', async () => {
    unlinkSync(app.file);
    const r = await app.call('patients:search', { query: 'Jo' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/replaced or moved on disk/);
  });
});
