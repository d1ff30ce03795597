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
import { createTestApp, type TestApp } from '../../helpers/db';

/** Opens a real database and routes the renderer's bridge to its dispatcher on `sessionKey`. */
export async function connectRenderer(sessionKey: string): Promise<TestApp> {
  // jsdom's gaps (matchMedia, ResizeObserver, fonts, scrollIntoView) are filled by tests/renderer/setup.ts.
  const app = await createTestApp();
  connectBridge(
    async (channel, payload) =>
      JSON.parse(
        JSON.stringify(
          await app.dispatcher.dispatch(sessionKey, channel, JSON.parse(JSON.stringify(payload))),
        ),
      ) as never,
  );
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

export function testQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 } },
  });
}
