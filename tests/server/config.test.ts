import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, helpText, readConfig, SETTINGS } from '../../server/config';
import { tempDir } from '../helpers/db';

describe('npm run server settings', () => {
  const dirs: (() => void)[] = [];
  afterEach(() => dirs.splice(0).forEach((c) => c()));

  it('--help explains every setting with its flag and environment variable', () => {
    const text = helpText();
    for (const s of SETTINGS) {
      expect(text).toContain(s.flag);
      if (s.env) expect(text).toContain(s.env);
    }
  });

  it('never starts without TLS: a certificate and key, or a self-signed one asked for', () => {
    expect(() => readConfig(['--database-url', 'postgres://a@b/c'], {})).toThrow(ConfigError);
    expect(() => readConfig(['--database-url', 'postgres://a@b/c'], {})).toThrow(/only speaks HTTPS/);
    expect(readConfig(['--database-url', 'postgres://a@b/c', '--self-signed', '/tmp/x'], {})).toMatchObject({
      selfSigned: '/tmp/x',
      port: 8443,
    });
  });

  it('takes the command line over the environment over the configuration file', () => {
    const { dir, cleanup } = tempDir();
    dirs.push(cleanup);
    const file = join(dir, 'server.json');
    writeFileSync(
      file,
      JSON.stringify({
        databaseUrl: 'postgres://file@db/alongside',
        port: 9000,
        sessionHours: 8,
        tlsCert: 'c',
        tlsKey: 'k',
      }),
    );
    const c = readConfig(['--config', file, '--port=9443'], {
      ALONGSIDE_PORT: '9100',
      ALONGSIDE_SESSION_HOURS: '10',
    });
    expect(c).toMatchObject({
      databaseUrl: 'postgres://file@db/alongside',
      port: 9443,
      sessionHours: 10,
      tlsCert: 'c',
    });
  });

  it('refuses an unknown setting with a sentence', () => {
    expect(() => readConfig(['--prot', '1'], {})).toThrow(
      'Unknown setting --prot. See npm run server -- --help.',
    );
  });
});
