import { z } from 'zod';

/**
 * Where this workstation's data lives (issue 19, team mode): "This computer only" (the SQLite database on
 * this computer, the default) or "Connect to our service's server" (the Alongside team server over HTTPS,
 * verified against the trust's certificate authority). The choice is the workstation's, not the database's:
 * it is kept by the desktop app's main process (team-server.json in its data folder), and asked for and
 * changed through these host channels, answered by the main process (or the browser preview), never by the
 * database.
 */
export const CONNECTION_CHANNELS = {
  get: 'host:connection:get',
  test: 'host:connection:test',
  save: 'host:connection:save',
  /** The desktop app only: the main process shows the system's open-file dialog for the CA file. */
  chooseCaFile: 'host:connection:chooseCaFile',
} as const;

/** The answer to chooseCaFile: the file picked (null: the dialog was closed), and whether it will do. */
export interface CaFileChoice {
  path: string | null;
  /** Why the picked file will not do (not a certificate, not readable); null when it will. */
  problem: string | null;
}

export type ConnectionChoice = { mode: 'local' } | { mode: 'server'; url: string; caFile: string };

/**
 * What the audit keeps of a change of connection (issue 19): from what to what, in the same shape. The
 * server's address (scheme, host, port: no user name or password, which an address may not carry) and where
 * the certificate authority file is; never the certificate itself.
 */
export const connectionAuditSide = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('local') }),
  /** The workstation's setting file could not be read (damaged): what it was is not known. */
  z.strictObject({ mode: z.literal('unreadable') }),
  z.strictObject({
    mode: z.literal('server'),
    url: z
      .string()
      .max(300)
      .refine((u) => checkServerAddress(u) === null, 'Not a server address.'),
    caFile: z.string().max(1000).nullable(),
  }),
]);
export const connectionAuditSchema = z.strictObject({ from: connectionAuditSide, to: connectionAuditSide });
export type ConnectionAuditInput = z.output<typeof connectionAuditSchema>;

export interface ConnectionState {
  /** What this workstation uses now. */
  current: { mode: 'local' } | { mode: 'server'; url: string; caFile: string | null };
  /** Set by IT's deployment (environment variables): not changed from the screen. */
  managedByIt: boolean;
  /** Whoever is using the screen may change it: first run (no administrator yet), or an administrator. */
  mayChange: boolean;
  /** The host can show a file picker for the CA file (the desktop app); otherwise the path is typed. */
  canChooseFile?: boolean;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** For clinicians and IT, in words. */
  message: string;
  /** Field → message, next to the field. */
  fields?: { url?: string; caFile?: string };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Checks a team server address as typed; null when it will do. HTTPS only (the server has no plain HTTP,
 * and patient data must not cross the network unencrypted); an address on this computer (localhost) is
 * allowed for trying the server out, still over HTTPS.
 */
export function checkServerAddress(typed: string): string | null {
  const text = typed.trim();
  if (!text) return "Enter the server's address, for example https://alongside.trust.nhs.uk:8443.";
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return 'That is not a web address. It looks like https://alongside.trust.nhs.uk:8443.';
  }
  if (u.protocol === 'http:')
    return LOOPBACK.has(u.hostname)
      ? 'The Alongside server answers over https:// only, even on this computer.'
      : 'The address must start with https://: patient data never crosses the network unencrypted.';
  if (u.protocol !== 'https:') return 'The address must start with https://.';
  if (!u.hostname) return 'The address needs the server’s name, for example https://alongside.trust.nhs.uk.';
  if (u.username || u.password)
    return 'Leave the user name and password out of the address: each person signs in.';
  if ((u.pathname !== '/' && u.pathname !== '') || u.search || u.hash)
    return 'Give only the server’s address and port, without anything after them.';
  return null;
}

/** The address as stored: scheme, host and port only. */
export function normaliseServerAddress(typed: string): string {
  const u = new URL(typed.trim());
  return `${u.protocol}//${u.host}`;
}
