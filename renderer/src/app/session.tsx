import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SessionInfo } from '../../../shared/domain/user';
import type { Permission } from '../../../shared/domain/roles';
import type { SetupStatus } from '../../../shared/ipc/contract';
import { api } from '../api/client';

export type SessionState =
  | { status: 'loading' }
  | { status: 'first-run' }
  | { status: 'signed-out'; setup: SetupStatus; message?: string }
  | { status: 'signed-in'; session: SessionInfo };

interface SessionApi {
  state: SessionState;
  refresh(): Promise<void>;
  signedIn(session: SessionInfo): void;
  signOut(): Promise<void>;
  lock(): Promise<void>;
  can(permission: Permission): boolean;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    const [setup, session] = await Promise.all([api.call('setup:status', {}), api.call('auth:session', {})]);
    if (session) setState({ status: 'signed-in', session });
    else if (setup.needsFirstAdmin) setState({ status: 'first-run' });
    else setState({ status: 'signed-out', setup });
  }, []);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        await refresh();
      } catch {
        if (!cancelled)
          setState({
            status: 'signed-out',
            setup: { needsFirstAdmin: false, patientCount: 0, demoPasswordHint: null },
            message: 'Alongside could not reach its database.',
          });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [refresh]);

  // Any request that comes back LOCKED or UNAUTHENTICATED changes the whole app's state.
  useEffect(
    () =>
      api.onSessionProblem((error) => {
        setState((s) => {
          if (error.code === 'LOCKED' && s.status === 'signed-in')
            return { status: 'signed-in', session: { ...s.session, locked: true } };
          if (error.code === 'UNAUTHENTICATED' && s.status === 'signed-in') {
            return {
              status: 'signed-out',
              setup: { needsFirstAdmin: false, patientCount: 0, demoPasswordHint: null },
              // The server's reason when there is one (the database was restored or replaced).
              message:
                error.message && error.message !== 'Please sign in.'
                  ? error.message
                  : 'Your session ended. Please sign in again.',
            };
          }
          return s;
        });
      }),
    [],
  );

  const value = useMemo<SessionApi>(
    () => ({
      state,
      refresh,
      signedIn: (session) => setState({ status: 'signed-in', session }),
      async signOut() {
        await api.result('auth:signOut', {});
        // The next person starts at their own home screen, not at the last user's page.
        window.location.hash = '#/';
        await refresh();
      },
      async lock() {
        await api.result('auth:lock', {});
        setState((s) =>
          s.status === 'signed-in' ? { status: 'signed-in', session: { ...s.session, locked: true } } : s,
        );
      },
      can: (permission) => state.status === 'signed-in' && state.session.permissions.includes(permission),
    }),
    [state, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in session; only for screens that render after sign-in. */
export function useSignedIn(): SessionInfo {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('Not signed in');
  return state.session;
}
