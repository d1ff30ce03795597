import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';

/**
 * Which file on disk an open connection is using (device and inode). If the database file is replaced under
 * an open connection (copied or moved over, deleted), the connection keeps reading and writing the old,
 * now-unlinked file: work saved after that point would be lost. The dispatcher compares this identity with
 * the path's current one on every request (issue 17).
 */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/** The identity of `file` now, or null for an in-memory database or a file that cannot be read. */
export function fileIdentity(file: string): FileIdentity | null {
  if (!file || file === ':memory:') return null;
  try {
    const s = statSync(file);
    return { dev: s.dev, ino: s.ino };
  } catch {
    return null;
  }
}

/** True when the path no longer names the file the connection opened (replaced, moved or deleted). */
export async function fileReplaced(file: string, opened: FileIdentity): Promise<boolean> {
  try {
    const s = await stat(file);
    return s.dev !== opened.dev || s.ino !== opened.ino;
  } catch {
    return true;
  }
}

export const FILE_REPLACED_MESSAGE =
  'The database file was replaced or moved on disk while Alongside was open, so everyone has been signed ' +
  'out and nothing more is saved. Close Alongside and start it again to open the file now in place.';
