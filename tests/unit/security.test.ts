import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../db/dispatcher';
import { openAndMigrate } from '../../db/open';
import { startPreviewServer, type PreviewServer } from '../../electron/preview/server';
import { isAllowedExternalUrl, isAppUrl } from '../../electron/main/url-policy';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { tempDir } from '../helpers/db';

describe('main-process URL policy', () => {
  it.each([
    ['https://www.nhs.uk/conditions/chronic-pain/', true],
    ['https://www.fpm.ac.uk/opioids-aware', true],
    ['http://www.nhs.uk/', false], // not https
    ['https://evil.example/', false],
    ['https://www.nhs.uk.evil.example/', false],
    ['https://user:pw@www.nhs.uk/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('openExternal(%s) allowed: %s', (url, allowed) => expect(isAllowedExternalUrl(url)).toBe(allowed));

  it.each([
    ['app://alongside/index.html', true],
    ['app://alongside', true],
    ['app://alongside.evil/index.html', false],
    ['app://evil/alongside', false],
    ['https://alongside/', false],
    [undefined, false],
  ])('isAppUrl(%s) = %s', (url, ok) => expect(isAppUrl(url)).toBe(ok));

  it('has a strict CSP: scripts only from the app, no eval, no plugins, no framing', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:/);
  });
});

describe('browser preview server', () => {
  let server: PreviewServer;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const { dir, cleanup } = tempDir();
    const { conn } = await openAndMigrate(join(dir, 'p.sqlite'));
    server = await startPreviewServer({
      dispatcher: createDispatcher(conn),
      staticDir: join(dir, 'no-renderer'),
    });
    close = async () => {
      await server.close();
      await conn.close();
      cleanup();
    };
  });
  afterAll(async () => close());

  it('listens on loopback only, with a fresh random token', () => {
    expect(server.boundAddress).toBe('127.0.0.1');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('answers nothing without the token: pages, API, wrong token, token only in a cookie for the API', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/index.html?token=wrong`)).status).toBe(401);
    expect((await fetch(`${base}/api/setup:status`, { method: 'POST', body: '{}' })).status).toBe(401);
    const cookieOnly = await fetch(`${base}/api/setup:status`, {
      method: 'POST',
      body: '{}',
      headers: { Cookie: `alongside_token=${server.token}` },
    });
    expect(cookieOnly.status).toBe(401); // a page elsewhere cannot add the header without a CORS preflight
    const ok = await fetch(`${base}/api/setup:status`, {
      method: 'POST',
      body: '{}',
      headers: { Cookie: `alongside_token=${server.token}`, 'X-Alongside-Token': server.token },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, value: { needsFirstAdmin: true } });
  });
});
