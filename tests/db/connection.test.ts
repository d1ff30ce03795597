import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { tempDir } from '../helpers/db';

describe('database connection', () => {
  it('begins every transaction IMMEDIATE, so a writer waits for another process instead of failing half-way', async () => {
    const t = tempDir();
    const conn = openDatabase(join(t.dir, 'immediate.sqlite'));
    const seen: string[] = [];
    const prepare = conn.sqlite.prepare.bind(conn.sqlite);
    conn.sqlite.prepare = ((sql: string) => {
      seen.push(sql);
      return prepare(sql);
    }) as typeof conn.sqlite.prepare;
    try {
      await conn.db.transaction().execute(async () => {});
      expect(seen).toEqual(['begin immediate', 'commit']);
    } finally {
      await conn.close();
      t.cleanup();
    }
  });
});

describe('reads while another request holds a write transaction', () => {
  it('patient search and record answer at once when idle, and during a transaction wait for it and see only committed rows', async () => {
    const { createTestApp, signedInAs } = await import('../helpers/db');
    const { JO } = await import('../helpers/seed');
    const app = await createTestApp();
    try {
      await signedInAs(app, 'consultant');
      const jo = await app.ok('patients:create', JO);
      const conn = app.dispatcher.conn;

      // Idle connection: answered on the synchronous path (the patient is there).
      expect((await app.ok('patients:search', { query: 'smi' })).items.map((p) => p.id)).toEqual([jo.id]);
      expect((await app.ok('patients:get', { id: jo.id })).surname).toBe('Smith');

      // Another request's transaction renames the patient and is paused before it commits.
      let release!: () => void;
      const paused = new Promise<void>((r) => (release = r));
      const writer = conn.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('patients')
          .set({ surname: 'Smithson', surname_key: 'smithson' })
          .where('id', '=', jo.id)
          .execute();
        await paused;
      });
      await new Promise((r) => setTimeout(r, 20));
      expect(conn.sqlite.inTransaction).toBe(true);
      let answered = false;
      const search = app.ok('patients:search', { query: 'smithson' }).then((page) => {
        answered = true;
        return page;
      });
      const record = app.ok('patients:get', { id: jo.id });
      await new Promise((r) => setTimeout(r, 20));
      // The reads queue behind the transaction instead of reading its uncommitted change…
      expect(answered).toBe(false);
      release();
      await writer;
      // …and then see it committed.
      expect((await search).items.map((p) => p.surname)).toEqual(['Smithson']);
      expect((await record).surname).toBe('Smithson');
    } finally {
      await app.close();
    }
  });
});
