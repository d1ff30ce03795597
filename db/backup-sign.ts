import { createHmac, randomBytes, timingSafeEqual, type Hmac } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  createReadStream,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Signed backups (issue 17). A backup file is the SQLite database followed by a trailer:
 *
 *   [SQLite pages][metadata JSON][MAGIC (14 bytes)][JSON length, 10 decimal digits][HMAC, 64 hex]
 *
 * SQLite reads only the pages its header counts, so the file still opens as a database. The HMAC-SHA256
 * covers every byte before it (pages, metadata, magic, length) and is keyed with this installation's
 * backup key, kept beside the database in `backup-key.json` (owner-only, 0600). A backup whose MAC is
 * missing or does not verify is refused unless an administrator imports it explicitly as foreign.
 */

export const SIGNATURE_MAGIC = 'ALONGSIDE-SIG1';
const MAC_HEX = 64;
const LEN_DIGITS = 10;
const FOOTER = SIGNATURE_MAGIC.length + LEN_DIGITS + MAC_HEX;
export const BACKUP_KEY_FILE = 'backup-key.json';

export interface BackupMetadata {
  format: 1;
  /** When the backup was taken (UTC instant). */
  takenAt: string;
  /** The installation that took it (from its backup key file). */
  installId: string;
  kind: string;
  schemaVersion: number;
  /** Rows per table at the moment of the backup. */
  counts: Record<string, number>;
  /** Bytes of the SQLite part (the trailer starts there). */
  databaseBytes: number;
}

export interface InstallKey {
  installId: string;
  key: Buffer;
}

/** This installation's backup key (created owner-only on first use), kept beside the database. */
export function installKey(dbFile: string): InstallKey {
  const file = join(dirname(dbFile), BACKUP_KEY_FILE);
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { installId?: unknown; key?: unknown };
    if (typeof saved.installId === 'string' && typeof saved.key === 'string') {
      const key = Buffer.from(saved.key, 'base64');
      if (key.length >= 32) return { installId: saved.installId, key };
    }
    throw new Error('The backup key file is not valid.');
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
  }
  const fresh = { installId: randomBytes(8).toString('hex'), key: randomBytes(32).toString('base64') };
  try {
    writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as { code?: string }).code === 'EEXIST') return installKey(dbFile);
    throw err;
  }
  chmodSync(file, 0o600);
  return { installId: fresh.installId, key: Buffer.from(fresh.key, 'base64') };
}

async function hmacOfRange(file: string, key: Buffer, end: number, extra?: Buffer): Promise<Hmac> {
  const mac = createHmac('sha256', key);
  if (end > 0) {
    // Streamed in 1 MB chunks: other requests run between chunks (a large backup never blocks the app).
    for await (const chunk of createReadStream(file, { start: 0, end: end - 1, highWaterMark: 1 << 20 }))
      mac.update(chunk as Buffer);
  }
  if (extra) mac.update(extra);
  return mac;
}

/** Appends the metadata and the MAC to a finished SQLite backup file. */
export async function signBackup(file: string, key: InstallKey, meta: BackupMetadata): Promise<void> {
  const fd = openSync(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    const json = Buffer.from(JSON.stringify({ ...meta, installId: key.installId, databaseBytes: size }));
    const head = Buffer.concat([
      json,
      Buffer.from(SIGNATURE_MAGIC + String(json.length).padStart(LEN_DIGITS, '0')),
    ]);
    const mac = (await hmacOfRange(file, key.key, size, head)).digest('hex');
    const trailer = Buffer.concat([head, Buffer.from(mac)]);
    writeSync(fd, trailer, 0, trailer.length, size);
  } finally {
    closeSync(fd);
  }
}

export interface Trailer {
  meta: BackupMetadata;
  mac: string;
  /** Where the MAC starts: it covers bytes [0, macAt). */
  macAt: number;
  databaseBytes: number;
}

/** The trailer of a backup file, without checking its MAC (cheap: reads the end of the file). */
export function readTrailer(file: string): Trailer | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    if (size < FOOTER + 2) return null;
    const footer = Buffer.alloc(FOOTER);
    readSync(fd, footer, 0, FOOTER, size - FOOTER);
    const text = footer.toString('latin1');
    if (!text.startsWith(SIGNATURE_MAGIC)) return null;
    const lenText = text.slice(SIGNATURE_MAGIC.length, SIGNATURE_MAGIC.length + LEN_DIGITS);
    if (!/^\d+$/.test(lenText)) return null;
    const len = Number(lenText);
    const mac = text.slice(SIGNATURE_MAGIC.length + LEN_DIGITS);
    if (!/^[0-9a-f]{64}$/.test(mac) || len <= 0 || len > 1_000_000 || size - FOOTER - len < 0) return null;
    const json = Buffer.alloc(len);
    readSync(fd, json, 0, len, size - FOOTER - len);
    const meta = JSON.parse(json.toString('utf8')) as BackupMetadata;
    const databaseBytes = size - FOOTER - len;
    if (meta?.format !== 1 || meta.databaseBytes !== databaseBytes || typeof meta.takenAt !== 'string')
      return null;
    return { meta, mac, macAt: size - MAC_HEX, databaseBytes };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

export type SignatureState = 'valid' | 'unsigned' | 'altered';

/** Checks a backup's MAC with this installation's key: streamed, so it never blocks other work. */
export async function verifyBackup(
  file: string,
  key: InstallKey,
): Promise<{ state: SignatureState; meta: BackupMetadata | null }> {
  const trailer = readTrailer(file);
  if (!trailer) return { state: 'unsigned', meta: null };
  const expected = (await hmacOfRange(file, key.key, trailer.macAt)).digest();
  const given = Buffer.from(trailer.mac, 'hex');
  const ok = given.length === expected.length && timingSafeEqual(given, expected);
  return { state: ok ? 'valid' : 'altered', meta: trailer.meta };
}

/**
 * Copies a backup into a private file (owner-only) while computing its MAC, and cuts the trailer off the
 * copy: the restore then reads only this copy, so the file cannot be swapped between check and use.
 */
export async function privateCopy(
  file: string,
  target: string,
  key: InstallKey,
): Promise<{ state: SignatureState; meta: BackupMetadata | null }> {
  const trailer = readTrailer(file);
  const out = await open(target, 'wx', 0o600);
  const mac = createHmac('sha256', key.key);
  let written = 0;
  try {
    const end = trailer ? trailer.macAt : Number.POSITIVE_INFINITY;
    const dbEnd = trailer ? trailer.databaseBytes : Number.POSITIVE_INFINITY;
    let pos = 0;
    for await (const c of createReadStream(file, { highWaterMark: 1 << 20 })) {
      const chunk = c as Buffer;
      const macPart = chunk.subarray(0, Math.max(0, Math.min(chunk.length, end - pos)));
      mac.update(macPart);
      const dbPart = chunk.subarray(0, Math.max(0, Math.min(chunk.length, dbEnd - pos)));
      if (dbPart.length) {
        await out.write(dbPart, 0, dbPart.length, written);
        written += dbPart.length;
      }
      pos += chunk.length;
    }
    await out.sync();
  } finally {
    await out.close();
  }
  if (!trailer) return { state: 'unsigned', meta: null };
  const given = Buffer.from(trailer.mac, 'hex');
  const expected = mac.digest();
  return {
    state: given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'altered',
    meta: trailer.meta,
  };
}
