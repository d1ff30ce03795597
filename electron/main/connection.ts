import {
  accessSync,
  constants,
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { connectToServer } from '../../server/client';
import {
  checkServerAddress,
  CONNECTION_CHANNELS,
  normaliseServerAddress,
  type CaFileChoice,
  type ConnectionAuditInput,
  type ConnectionChoice,
  type ConnectionState,
  type ConnectionTestResult,
} from '../../shared/connection';
import type { ErrorCode, Result } from '../../shared/result';
import { TEAM_SETTINGS_FILE, teamServerSetting } from './team';

/**
 * The connection choice's host side (issue 19): "This computer only" or "Connect to our service's server",
 * kept in team-server.json in the app's data folder (the main process reads it at start: electron/main/
 * team.ts). Answered here, before the database: the renderer asks through the host channels in
 * shared/connection.ts. Who may change it: anyone at first run (the database or server has no administrator
 * yet), else an administrator; never when IT's deployment set it (ALONGSIDE_SERVER_URL).
 */
type Dispatch = (sessionKey: string, channel: string, payload: unknown) => Promise<Result<unknown>>;

export interface ConnectionHostOptions {
  /** The folder that holds team-server.json (Electron's userData; the preview's data folder). */
  userData: string;
  env: NodeJS.ProcessEnv;
  /** The current backend (local dispatcher or team server), to ask who is signed in. */
  dispatch: Dispatch;
  /** What the person is told after saving (the desktop restarts itself; the preview must be restarted). */
  afterSave: string;
  onSaved?: () => void;
  /** How long the connection test waits for the server (default 10 s). */
  testTimeoutMs?: number;
  /**
   * The desktop app's open-file dialog for the CA file (Electron's dialog.showOpenDialog, in the main
   * process); the path picked, or null when closed. Absent (the browser preview): the path is typed.
   */
  chooseFile?: () => Promise<string | null>;
}

const refuse = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

/** The certificate authority file: there, readable, and a PEM certificate. */
export function readCaFile(path: string): { ok: true; pem: Buffer } | { ok: false; message: string } {
  const p = path.trim();
  if (!p)
    return { ok: false, message: 'Give the certificate authority file IT gave you (a .pem or .crt file).' };
  if (!existsSync(p) || !statSync(p).isFile())
    return { ok: false, message: 'There is no file at that place.' };
  try {
    accessSync(p, constants.R_OK);
    const pem = readFileSync(p);
    if (!pem.toString('latin1').includes('-----BEGIN CERTIFICATE-----'))
      return {
        ok: false,
        message:
          'That file is not a certificate authority’s certificate (a PEM file starting “-----BEGIN CERTIFICATE-----”).',
      };
    return { ok: true, pem };
  } catch {
    return { ok: false, message: 'Alongside cannot read that file: ask IT to check who may read it.' };
  }
}

/** Checks the address and the file, then asks the server whether it is there (no sign-in, no patient data). */
export async function testServerConnection(
  url: string,
  caFile: string,
  timeoutMs = 10_000,
): Promise<ConnectionTestResult> {
  const urlProblem = checkServerAddress(url);
  const ca = readCaFile(caFile);
  if (urlProblem || !ca.ok)
    return {
      ok: false,
      message: 'Nothing was tested: correct the details marked below.',
      fields: { ...(urlProblem ? { url: urlProblem } : {}), ...(!ca.ok ? { caFile: ca.message } : {}) },
    };
  const remote = connectToServer({ url: normaliseServerAddress(url), ca: ca.pem });
  try {
    const answer = await Promise.race([
      remote.request('connection-test', 'setup:status', {}),
      new Promise<null>((r) => setTimeout(() => r(null), timeoutMs).unref()),
    ]);
    if (answer === null)
      return {
        ok: false,
        message: `The server did not answer within ${Math.round(timeoutMs / 1000)} seconds. Check the address with IT.`,
      };
    if (!answer.ok) return { ok: false, message: answer.error.message };
    const v = answer.value as { needsFirstAdmin?: unknown } | null;
    if (typeof v?.needsFirstAdmin !== 'boolean')
      return { ok: false, message: 'Something answered at that address, but it is not an Alongside server.' };
    return {
      ok: true,
      message: v.needsFirstAdmin
        ? 'Connected: the Alongside server answered and its certificate is the trust’s. It has no administrator yet: IT creates the first one before anyone can sign in.'
        : 'Connected: the Alongside server answered and its certificate is the trust’s.',
    };
  } finally {
    await remote.close();
  }
}

type AuditSide = ConnectionAuditInput['from'];

/** The current choice as the audit keeps it (the setting file unreadable: said so, not guessed). */
export function auditSideOf(read: () => ConnectionState['current']): AuditSide {
  try {
    const now = read();
    return now.mode === 'local' ? { mode: 'local' } : { mode: 'server', url: now.url, caFile: now.caFile };
  } catch {
    return { mode: 'unreadable' };
  }
}

function sameChoice(a: AuditSide, b: ConnectionChoice): boolean {
  if (a.mode === 'local' || b.mode === 'local') return a.mode === b.mode;
  return a.mode === 'server' && a.url === b.url && a.caFile === b.caFile;
}

/** What the open-file dialog is asked for (a subset of Electron's OpenDialogOptions). */
export interface CaFileDialogOptions {
  title: string;
  buttonLabel: string;
  properties: 'openFile'[];
  filters: { name: string; extensions: string[] }[];
}

/**
 * The CA file picker's main-process half: one file, certificate files first. `show` is Electron's
 * dialog.showOpenDialog over the asking window (electron/main/index.ts); tests give their own.
 */
export async function pickCaFile(
  show: (options: CaFileDialogOptions) => Promise<{ canceled: boolean; filePaths: string[] }>,
): Promise<string | null> {
  const r = await show({
    title: 'The trust’s certificate authority',
    buttonLabel: 'Use this file',
    properties: ['openFile'],
    filters: [
      { name: 'Certificate authority (.pem, .crt, .cer)', extensions: ['pem', 'crt', 'cer'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  return r.canceled ? null : (r.filePaths[0] ?? null);
}

/** Writes the choice (or removes it, for this computer only), so that a half-written file is never read. */
function store(userData: string, choice: { url: string; caFile: string } | null): void {
  const file = join(userData, TEAM_SETTINGS_FILE);
  if (!choice) {
    rmSync(file, { force: true });
    return;
  }
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(choice, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

export function connectionHost(options: ConnectionHostOptions) {
  const managedByIt = Boolean(options.env.ALONGSIDE_SERVER_URL);

  async function mayChange(sessionKey: string): Promise<boolean> {
    if (managedByIt) return false;
    const setup = await options.dispatch(sessionKey, 'setup:status', {});
    if (setup.ok && (setup.value as { needsFirstAdmin?: boolean }).needsFirstAdmin) return true;
    const who = await options.dispatch(sessionKey, 'auth:session', {});
    return who.ok && (who.value as { user?: { role?: string } } | null)?.user?.role === 'admin';
  }

  function current(): ConnectionState['current'] {
    const s = teamServerSetting(options.userData, options.env);
    return s ? { mode: 'server', url: s.url, caFile: s.caFile } : { mode: 'local' };
  }

  const NOT_ALLOWED = 'Only an administrator can change where this workstation’s data is kept.';

  return {
    handles: (channel: unknown) =>
      typeof channel === 'string' && (Object.values(CONNECTION_CHANNELS) as string[]).includes(channel),

    async handle(sessionKey: string, channel: string, payload: unknown): Promise<Result<unknown>> {
      if (channel === CONNECTION_CHANNELS.get) {
        let now: ConnectionState['current'];
        try {
          now = current();
        } catch {
          return refuse(
            'INTERNAL',
            'This workstation’s connection setting is damaged: ask IT to set it again.',
          );
        }
        const state: ConnectionState = {
          current: now,
          managedByIt,
          mayChange: await mayChange(sessionKey),
          canChooseFile: Boolean(options.chooseFile),
        };
        return { ok: true, value: state };
      }
      if (managedByIt)
        return refuse('FORBIDDEN', 'IT set this workstation’s connection; it is not changed here.');
      if (!(await mayChange(sessionKey))) return refuse('FORBIDDEN', NOT_ALLOWED);
      const p = (payload ?? {}) as { mode?: unknown; url?: unknown; caFile?: unknown };
      const url = typeof p.url === 'string' ? p.url : '';
      const caFile = typeof p.caFile === 'string' ? p.caFile : '';
      if (channel === CONNECTION_CHANNELS.chooseCaFile) {
        if (!options.chooseFile)
          return refuse('UNKNOWN_CHANNEL', 'Type where the certificate authority file is.');
        const picked = await options.chooseFile();
        const problem = picked === null ? null : readCaFile(picked);
        return {
          ok: true,
          value: {
            path: picked,
            problem: problem && !problem.ok ? problem.message : null,
          } satisfies CaFileChoice,
        };
      }
      if (channel === CONNECTION_CHANNELS.test)
        return { ok: true, value: await testServerConnection(url, caFile, options.testTimeoutMs) };
      // save
      let to: ConnectionChoice;
      if (p.mode === 'local') {
        to = { mode: 'local' };
      } else if (p.mode === 'server') {
        const tested = await testServerConnection(url, caFile, options.testTimeoutMs);
        if (!tested.ok)
          return {
            ok: true,
            value: { ...tested, message: `Not saved. ${tested.message}` } satisfies ConnectionTestResult,
          };
        to = { mode: 'server', url: normaliseServerAddress(url), caFile: caFile.trim() };
      } else return refuse('VALIDATION', 'Choose this computer only, or the service’s server.');
      // Audited on the backend being left, where this person is signed in, before the new choice is stored:
      // a change that cannot be recorded is not made (db/services/connection-audit.ts).
      const from = auditSideOf(() => current());
      if (!sameChoice(from, to)) {
        const recorded = await options.dispatch(sessionKey, 'settings:connectionChanged', { from, to });
        if (!recorded.ok)
          return {
            ok: true,
            value: {
              ok: false,
              message: `Not saved: the change could not be recorded in the audit. ${recorded.error.message}`,
            } satisfies ConnectionTestResult,
          };
      }
      store(options.userData, to.mode === 'local' ? null : { url: to.url, caFile: to.caFile });
      options.onSaved?.();
      return {
        ok: true,
        value: { ok: true, message: `Saved. ${options.afterSave}` } satisfies ConnectionTestResult,
      };
    },
  };
}
