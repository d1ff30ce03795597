import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A self-signed certificate for trying the server out and for tests (never for patients' data: a trust
 * uses a certificate from its own certificate authority). Made with the openssl command (Debian's package),
 * valid for `days`, for localhost and 127.0.0.1 plus any names given. The certificate is its own authority:
 * clients trust it by being given `cert.pem` as the CA.
 */
export function makeSelfSigned(
  dir: string,
  names: readonly string[] = [],
  days = 30,
): { cert: Buffer; key: Buffer; certFile: string; keyFile: string } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const san = [
    'DNS:localhost',
    'IP:127.0.0.1',
    ...names.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)),
  ];
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        String(days),
        '-subj',
        '/CN=Alongside server (self-signed, for trying out)',
        '-addext',
        `subjectAltName=${san.join(',')}`,
      ],
      { stdio: 'pipe' },
    );
  } catch (err) {
    throw new Error(
      `Could not make a self-signed certificate with openssl (${(err as Error).message.split('\n')[0]}). Install openssl, or give the trust's certificate and key.`,
      { cause: err },
    );
  }
  return { cert: readFileSync(certFile), key: readFileSync(keyFile), certFile, keyFile };
}
