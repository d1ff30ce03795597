import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement, ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { api } from '../../renderer/src/api/client';
import { connectInvalidation, createQueryClient, type AppQueryClient } from '../../renderer/src/api/queries';
import { SessionProvider, useSession } from '../../renderer/src/app/session';
import { contract, isChannel } from '../../shared/ipc/contract';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { connect, type SentRequest } from './transport';

export const SESSION = 'renderer';

/** Central query refreshes wired for the current test (undone by close). */
const disconnects: (() => void)[] = [];

export interface RendererApp {
  app: TestApp;
  /** Every request the renderer sent, in order. */
  sent: SentRequest[];
  /** Only the writes (operations the contract marks write: true). */
  writes(channel?: string): SentRequest[];
  close(): Promise<void>;
}

/**
 * A real temporary SQLite database behind the real dispatcher, with a user of `role` signed in on the
 * session the renderer's requests use. Call in beforeEach (about 50 ms) and close in afterEach.
 */
export async function rendererApp(
  role: Parameters<typeof signedInAs>[1] = 'consultant',
): Promise<RendererApp> {
  const app = await createTestApp();
  await signedInAs(app, role, SESSION);
  const sent: SentRequest[] = [];
  connect({ dispatcher: app.dispatcher, sessionKey: SESSION, sent });
  return {
    app,
    sent,
    writes: (channel) =>
      sent.filter(
        (r) => isChannel(r.channel) && contract[r.channel].write && (!channel || r.channel === channel),
      ),
    async close() {
      for (const off of disconnects.splice(0)) off();
      connect(null);
      await app.close();
    },
  };
}

function SignedInGate({ children }: { children: ReactNode }) {
  const { state } = useSession();
  return state.status === 'signed-in' ? children : null;
}

/** Shows where the router is, for "what is shown after save" checks. */
function Where() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname}</output>;
}

/**
 * Renders `ui` as the app would: Mantine, the app's query client (a fresh one, refreshed after writes), the session (signed in through the real
 * dispatcher) and a router at `path`. `routes` adds the pages a save may navigate to.
 */
export async function renderScreen(
  ui: ReactElement,
  options: { path?: string; pattern?: string; routes?: Record<string, ReactElement> } = {},
): Promise<RenderResult & { user: ReturnType<typeof userEvent.setup>; queryClient: AppQueryClient }> {
  // The app's own query client and central refresh after writes (renderer/src/main.tsx does the same).
  const queryClient = createQueryClient();
  disconnects.push(connectInvalidation(api, queryClient));
  const path = options.path ?? '/';
  const result = render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <SignedInGate>
            <MemoryRouter initialEntries={[path]}>
              <Routes>
                <Route path={options.pattern ?? path} element={ui} />
                {Object.entries(options.routes ?? {}).map(([p, el]) => (
                  <Route key={p} path={p} element={el} />
                ))}
              </Routes>
              <Where />
            </MemoryRouter>
          </SignedInGate>
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
  await screen.findByTestId('location');
  return { ...result, user: userEvent.setup({ delay: null }), queryClient };
}

/** The current route (from the harness's router). */
export function location(): string {
  return screen.getByTestId('location').textContent ?? '';
}

/**
 * Enters a date into the field labelled `label`, whichever date input the screen uses: a native
 * `type="date"` input takes ISO, a typed en-GB input takes dd/mm/yyyy.
 */
export async function enterDate(
  user: ReturnType<typeof userEvent.setup>,
  label: string | RegExp,
  iso: string,
): Promise<void> {
  const input = screen.getByLabelText(label) as HTMLInputElement;
  const [y, m, d] = iso.split('-');
  await user.clear(input);
  await user.type(input, input.type === 'date' ? iso : `${d}/${m}/${y}`);
  await user.tab();
}

/** Waits until `predicate` holds (for "sent exactly once" after the UI settles). */
export async function eventually(predicate: () => boolean): Promise<void> {
  await waitFor(() => {
    if (!predicate()) throw new Error('not yet');
  });
}
