import { readFileSync } from 'node:fs';

/**
 * The server's settings, for trust IT. Each comes from (first found): the command line, the environment,
 * the JSON configuration file (`--config` / ALONGSIDE_SERVER_CONFIG), the default.
 */
export interface ServerConfig {
  databaseUrl: string | null;
  databaseSsl: 'off' | 'require' | 'verify-full';
  databaseCa: string | null;
  sqliteFile: string | null;
  poolSize: number;
  host: string;
  port: number;
  tlsCert: string | null;
  tlsKey: string | null;
  selfSigned: string | null;
  sessionHours: number;
  maxBodyMb: number;
  migrate: boolean;
  grantAppRole: string | null;
  backupRecord: string | null;
  backupMaxHours: number;
  help: boolean;
}

interface Setting {
  key: keyof ServerConfig;
  flag: string;
  env: string;
  kind: 'string' | 'number' | 'boolean';
  fallback: string | number | boolean | null;
  help: string;
}

export const SETTINGS: readonly Setting[] = [
  {
    key: 'databaseUrl',
    flag: '--database-url',
    env: 'ALONGSIDE_DATABASE_URL',
    kind: 'string',
    fallback: null,
    help: 'PostgreSQL (15 or later): postgres://ROLE@HOST:5432/DATABASE. Keep the password out of it: use PGPASSWORD or ~/.pgpass.',
  },
  {
    key: 'databaseSsl',
    flag: '--database-ssl',
    env: 'ALONGSIDE_DATABASE_SSL',
    kind: 'string',
    fallback: 'off',
    help: 'TLS to PostgreSQL: off (same machine), require, or verify-full (with --database-ca).',
  },
  {
    key: 'databaseCa',
    flag: '--database-ca',
    env: 'ALONGSIDE_DATABASE_CA',
    kind: 'string',
    fallback: null,
    help: "PEM file of the authority that signed PostgreSQL's certificate (verify-full).",
  },
  {
    key: 'sqliteFile',
    flag: '--sqlite-file',
    env: 'ALONGSIDE_SQLITE_FILE',
    kind: 'string',
    fallback: null,
    help: 'Instead of PostgreSQL, one SQLite file: ONE server instance only, for trying the server out.',
  },
  {
    key: 'poolSize',
    flag: '--pool-size',
    env: 'ALONGSIDE_POOL_SIZE',
    kind: 'number',
    fallback: 10,
    help: 'PostgreSQL connections per server instance.',
  },
  {
    key: 'host',
    flag: '--host',
    env: 'ALONGSIDE_HOST',
    kind: 'string',
    fallback: '0.0.0.0',
    help: 'Address to listen on.',
  },
  {
    key: 'port',
    flag: '--port',
    env: 'ALONGSIDE_PORT',
    kind: 'number',
    fallback: 8443,
    help: 'HTTPS port (there is no plain HTTP).',
  },
  {
    key: 'tlsCert',
    flag: '--tls-cert',
    env: 'ALONGSIDE_TLS_CERT',
    kind: 'string',
    fallback: null,
    help: "PEM file: the server's certificate (with its chain) from the trust's certificate authority.",
  },
  {
    key: 'tlsKey',
    flag: '--tls-key',
    env: 'ALONGSIDE_TLS_KEY',
    kind: 'string',
    fallback: null,
    help: "PEM file: the certificate's private key (readable by the server's account only).",
  },
  {
    key: 'selfSigned',
    flag: '--self-signed',
    env: 'ALONGSIDE_SELF_SIGNED',
    kind: 'string',
    fallback: null,
    help: 'FOLDER: make a self-signed certificate there and use it (trying out only; give clients FOLDER/cert.pem as the authority).',
  },
  {
    key: 'sessionHours',
    flag: '--session-hours',
    env: 'ALONGSIDE_SESSION_HOURS',
    kind: 'number',
    fallback: 12,
    help: 'A session ends this many hours after sign-in however active (the inactivity lock is in Settings).',
  },
  {
    key: 'maxBodyMb',
    flag: '--max-body-mb',
    env: 'ALONGSIDE_MAX_BODY_MB',
    kind: 'number',
    fallback: 10,
    help: 'Largest request in megabytes (imports).',
  },
  {
    key: 'migrate',
    flag: '--migrate',
    env: 'ALONGSIDE_MIGRATE',
    kind: 'boolean',
    fallback: false,
    help: 'Bring the database to this version and exit (take a pg_dump first). The server refuses to start on an older schema.',
  },
  {
    key: 'grantAppRole',
    flag: '--grant-app-role',
    env: 'ALONGSIDE_GRANT_APP_ROLE',
    kind: 'string',
    fallback: null,
    help: 'ROLE: give the application role its rights (audit rows append-only) and exit. Run as the owner after each --migrate.',
  },
  {
    key: 'backupRecord',
    flag: '--backup-record',
    env: 'ALONGSIDE_BACKUP_RECORD',
    kind: 'string',
    fallback: null,
    help: 'FILE the backup job writes after each VERIFIED pg_dump (the finishing time, ISO 8601, on its first line): GET /health then says whether backups are recent.',
  },
  {
    key: 'backupMaxHours',
    flag: '--backup-max-hours',
    env: 'ALONGSIDE_BACKUP_MAX_HOURS',
    kind: 'number',
    fallback: 26,
    help: 'GET /health warns when the last verified backup is older than this.',
  },
  {
    key: 'help',
    flag: '--help',
    env: '',
    kind: 'boolean',
    fallback: false,
    help: 'This text.',
  },
];

export function helpText(): string {
  const lines = [
    'Alongside team server: the same operations as the desktop app, over HTTPS, on PostgreSQL.',
    '',
    'Usage: npm run server -- [settings]',
    '',
    'Each setting: command line, else environment variable, else the JSON file named by --config FILE',
    '(or ALONGSIDE_SERVER_CONFIG), whose keys are the names in brackets, else the default.',
    '',
  ];
  for (const s of SETTINGS) {
    const arg = s.kind === 'boolean' ? '' : ' VALUE';
    lines.push(`  ${s.flag}${arg}${s.env ? `   (${s.env}; "${s.key}")` : ''}`);
    lines.push(
      `      ${s.help}${s.fallback !== null && s.kind !== 'boolean' ? ` Default: ${s.fallback}.` : ''}`,
    );
  }
  lines.push('', 'See the README, "Team mode", for installing PostgreSQL, TLS, backups and upgrades.');
  return lines.join('\n');
}

export class ConfigError extends Error {}

/** Reads the settings; throws ConfigError with a sentence for IT when one is wrong. */
export function readConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ServerConfig {
  const flags = new Map<string, string | true>();
  let configFile = env.ALONGSIDE_SERVER_CONFIG ?? null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--config') {
      configFile = argv[++i] ?? null;
      continue;
    }
    const s = SETTINGS.find((x) => x.flag === a || a.startsWith(`${x.flag}=`));
    if (!s) throw new ConfigError(`Unknown setting ${a}. See npm run server -- --help.`);
    if (a.includes('=')) flags.set(s.flag, a.slice(a.indexOf('=') + 1));
    else if (s.kind === 'boolean') flags.set(s.flag, true);
    else {
      const v = argv[++i];
      if (v === undefined) throw new ConfigError(`${s.flag} needs a value.`);
      flags.set(s.flag, v);
    }
  }
  let file: Record<string, unknown> = {};
  if (configFile) {
    try {
      file = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError(`Could not read the configuration file ${configFile}: ${(err as Error).message}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    const raw = flags.get(s.flag) ?? (s.env ? env[s.env] : undefined) ?? file[s.key] ?? s.fallback;
    if (raw === null || raw === undefined) out[s.key] = null;
    else if (s.kind === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0)
        throw new ConfigError(`${s.flag} must be a number (got ${String(raw)}).`);
      out[s.key] = n;
    } else if (s.kind === 'boolean') out[s.key] = raw === true || raw === 'true' || raw === '1';
    else out[s.key] = String(raw);
  }
  const config = out as unknown as ServerConfig;
  if (config.help || config.grantAppRole || config.migrate) return config;
  if (!['off', 'require', 'verify-full'].includes(config.databaseSsl))
    throw new ConfigError('--database-ssl is off, require or verify-full.');
  if (!config.databaseUrl && !config.sqliteFile)
    throw new ConfigError(
      'Name the database: --database-url postgres://… (or --sqlite-file for trying out).',
    );
  if (!config.selfSigned && (!config.tlsCert || !config.tlsKey))
    throw new ConfigError(
      'The server only speaks HTTPS: give --tls-cert and --tls-key (the trust certificate), or --self-signed FOLDER to try it out.',
    );
  return config;
}
