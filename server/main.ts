/**
 * `npm run server`: the Alongside team server (see server/config.ts, `npm run server -- --help`).
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { Connection } from '../db/connection';
import { openPostgres } from '../db/connection-pg';
import { migratePostgres, pgSchemaVersion } from '../db/migrate-pg';
import { PG_LATEST_VERSION } from '../db/migrations-pg/index';
import { openAndMigrate } from '../db/open';
import { grantApplicationRole } from '../db/pg-roles';
import { localChangeFeed, postgresChangeFeed } from './changes';
import { ConfigError, helpText, readConfig, type ServerConfig } from './config';
import { startServer } from './server';
import { makeSelfSigned } from './tls';

function databaseTls(config: ServerConfig): false | ConnectionOptions {
  if (config.databaseSsl === 'off') return false;
  if (config.databaseSsl === 'require') return { rejectUnauthorized: false };
  return {
    rejectUnauthorized: true,
    ...(config.databaseCa ? { ca: readFileSync(config.databaseCa) } : {}),
  };
}

async function main(): Promise<number> {
  let config: ServerConfig;
  try {
    config = readConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  if (config.help) {
    console.log(helpText());
    return 0;
  }
  const ssl = databaseTls(config);
  const pgOptions = {
    ...(config.databaseUrl ? { connectionString: config.databaseUrl } : {}),
    ssl,
  };

  if (config.migrate || config.grantAppRole) {
    const conn = openPostgres({ ...pgOptions, max: 1 });
    try {
      if (config.migrate) {
        const r = await migratePostgres(conn);
        console.log(`Database schema: version ${r.from} → ${r.to}.`);
      }
      if (config.grantAppRole) {
        await grantApplicationRole(conn, config.grantAppRole);
        console.log(`Granted the application role ${config.grantAppRole} its rights.`);
      }
    } finally {
      await conn.close();
    }
    return 0;
  }

  let conn: Connection;
  if (config.sqliteFile) {
    conn = (await openAndMigrate(config.sqliteFile)).conn;
  } else {
    conn = openPostgres({ ...pgOptions, max: config.poolSize });
    const version = await pgSchemaVersion(conn);
    if (version !== PG_LATEST_VERSION) {
      console.error(
        version < PG_LATEST_VERSION
          ? `The database is at schema version ${version}; this server needs ${PG_LATEST_VERSION}. Take a backup (pg_dump), then run: npm run server -- --migrate`
          : `The database (schema ${version}) is newer than this server (${PG_LATEST_VERSION}): install the newer server.`,
      );
      await conn.close();
      return 1;
    }
  }
  const feed = config.sqliteFile
    ? localChangeFeed()
    : await postgresChangeFeed(conn, { ...pgOptions, ssl } as never);
  const tls = config.selfSigned
    ? makeSelfSigned(config.selfSigned, config.host === '0.0.0.0' ? [] : [config.host])
    : { cert: readFileSync(config.tlsCert!), key: readFileSync(config.tlsKey!) };
  const server = await startServer({
    conn,
    feed,
    tls,
    host: config.host,
    port: config.port,
    sessionHours: config.sessionHours,
    maxBodyBytes: config.maxBodyMb * 1024 * 1024,
    health: { backupRecord: config.backupRecord, backupMaxHours: config.backupMaxHours },
  });
  console.log(
    `Alongside server listening on ${server.url} (${conn.engine === 'postgres' ? conn.file : 'SQLite, one instance'}).`,
  );
  if (config.selfSigned)
    console.log(`Self-signed certificate (trying out only): clients trust ${config.selfSigned}/cert.pem.`);
  const stop = () => {
    void server
      .close()
      .then(() => feed.close())
      .then(() => conn.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(`The server could not start: ${(err as Error).message}`);
    process.exit(1);
  },
);
