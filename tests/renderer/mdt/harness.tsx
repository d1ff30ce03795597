/**
 * A small in-process harness for MDT renderer tests: the real dispatcher against a real temporary SQLite
 * database, reached through the renderer's own `window.alongside` bridge (so `api` in renderer/src/api/client
 * is the real client). Answers go through JSON like the preview's HTTP, so nothing non-serialisable leaks.
 */
import { connectBridge } from './bridge';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { SessionProvider } from '../../../renderer/src/app/session';
import { createTestApp, signedInAs, type TestApp } from '../../helpers/db';
import { CHAIR, COORD, mdtPatient, mdtUser, setMdtClock } from '../../helpers/mdt';

/**
 * Opens a real database and routes the renderer's bridge to its dispatcher on `sessionKey`. Closing the app
 * first waits for the calls still in flight (a query the screen started just before it was unmounted, a save
 * flushed as it unmounted), and a call made after that never answers, as when the window has gone: closing
 * under them made them fail after the test, as unhandled rejections ("driver has already been destroyed")
 * that fail the whole run on a busy machine.
 */
export async function connectRenderer(sessionKey: string): Promise<TestApp> {
  // jsdom's gaps (matchMedia, ResizeObserver, fonts, scrollIntoView) are filled by tests/renderer/setup.ts.
  const app = await createTestApp();
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  connectBridge(async (channel, payload) => {
    if (closed) return new Promise<never>(() => undefined);
    const call = app.dispatcher.dispatch(sessionKey, channel, JSON.parse(JSON.stringify(payload)));
    inFlight.add(call);
    try {
      return JSON.parse(JSON.stringify(await call)) as never;
    } finally {
      inFlight.delete(call);
    }
  });
  const close = app.close.bind(app);
  app.close = async () => {
    while (inFlight.size) await Promise.allSettled([...inFlight]);
    closed = true;
    await close();
  };
  return app;
}

/** The providers the app wraps screens in, with a memory router at `path`. */
export function Screen({
  path,
  route,
  client,
  children,
}: {
  path: string;
  route: string;
  client: QueryClient;
  children: ReactNode;
}) {
  return (
    <MantineProvider>
      <QueryClientProvider client={client}>
        <SessionProvider>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path={route} element={children} />
              <Route path="*" element={<p>Elsewhere</p>} />
            </Routes>
          </MemoryRouter>
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

/** The app's query client settings (5 seconds of freshness unless a test needs its reads to stay fresh). */
export function testQueryClient(staleTime = 5_000): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime } },
  });
}

/**
 * A meeting under way for the presentation-mode tests: a chair and a physiotherapist present, two patients
 * (Ashdown, Brook) referred to the complex pain MDT with a question, the clock at 09:05 on 24-Nov-2026 and
 * Ashdown's case started.
 */
export async function meetingUnderWay(
  app: TestApp,
): Promise<{ meetingId: number; listings: { first: number; second: number } }> {
  const chair = await signedInAs(app, 'consultant', CHAIR);
  await signedInAs(app, 'coordinator', COORD);
  const physio = await mdtUser(app, 'physio', 'physiotherapist');
  const complexType = (await app.ok('mdt:meetingTypes:list', {}, COORD)).find(
    (t) => t.code === 'complex-pain-mdt',
  )!.id;
  const refer = async (surname: string) => {
    const p = await mdtPatient(app, surname);
    return app.ok(
      'mdt:referral:create',
      {
        patientId: p.id,
        question: 'PMP?',
        reason: 'pmp-suitability',
        patientAware: true,
        meetingTypeId: complexType,
      },
      COORD,
    );
  };
  const listings = { first: (await refer('Ashdown')).id, second: (await refer('Brook')).id };
  const meetingId = (await app.ok('mdt:meetings:list', { from: null }, COORD))[0]!.id;
  for (const userId of [chair.user.id, physio])
    await app.ok('mdt:attendance:set', { meetingId, userId, status: 'present', version: null }, COORD);
  await setMdtClock(app, '2026-11-24T09:05:00Z');
  await app.ok('mdt:case:start', { listingId: listings.first }, COORD);
  return { meetingId, listings };
}
