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
