import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectToServer } from '../../server/client';
import type { DbHost } from './db-host';

/**
 * Team mode on the desktop (issue 19): which server this workstation uses, if any. From the environment
 * (ALONGSIDE_SERVER_URL and ALONGSIDE_SERVER_CA, for IT's deployment tools), else `team-server.json` in the
 * app's data folder: `{ "url": "https://alongside.trust.nhs.uk:8443", "caFile": "C:/…/trust-ca.pem" }`.
 * None: "This computer only" (the local SQLite database, the default).
 */
export interface TeamServerSetting {
  url: string;
  caFile: string | null;
}

export const TEAM_SETTINGS_FILE = 'team-server.json';

export function teamServerSetting(userData: string, env: NodeJS.ProcessEnv): TeamServerSetting | null {
  if (env.ALONGSIDE_SERVER_URL)
    return { url: env.ALONGSIDE_SERVER_URL, caFile: env.ALONGSIDE_SERVER_CA ?? null };
  const file = join(userData, TEAM_SETTINGS_FILE);
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { url?: unknown; caFile?: unknown };
  if (typeof parsed.url !== 'string' || !parsed.url.startsWith('https://'))
    throw new Error(`${file}: "url" must be the team server's https:// address.`);
  return { url: parsed.url, caFile: typeof parsed.caFile === 'string' ? parsed.caFile : null };
}

/**
 * The main process's database host when connected to a team server: the same `request` as the local
 * worker, carried over HTTPS (server/client.ts). The renderer does not know the difference; no patient data
 * is kept on the workstation (answers go straight to the window that asked).
 */
export function startRemoteHost(setting: TeamServerSetting): DbHost {
  const remote = connectToServer({
    url: setting.url,
    ...(setting.caFile ? { ca: readFileSync(setting.caFile) } : {}),
  });
  return {
    request: (key, channel, payload) => remote.request(key, channel, payload),
    memory: async () => {
      const m = process.memoryUsage();
      return { heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, rss: m.rss };
    },
    close: () => remote.close(),
    restarts: () => 0,
    watch: (key, onEvent) => remote.watch(key, onEvent),
  };
}
