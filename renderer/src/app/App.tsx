import { Center, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense, useCallback, useEffect, useMemo } from 'react';
import { HashRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import type { SessionInfo } from '../../../shared/domain/user';
import { prefetchScreen } from '../api/screenQueries';
// The Connection page is not split off: the first-run screen (AuthScreens) needs the same module, so it is in
// the first chunk anyway (a lazy import of it only drew a build warning).
import { ConnectionPage } from '../features/admin/ConnectionPanel';
import { FirstRun, LockScreen, SignIn } from '../features/auth/AuthScreens';
import { ChangePassword } from '../features/auth/ChangePassword';
import { PatientForm } from '../features/patients/PatientForm';
import { PatientList } from '../features/patients/PatientList';
import { useSession } from './session';
import { Shell } from './Shell';
import { preloadable } from './preloadable';
import { useInactivityLock } from './useInactivityLock';

// Code-split routes (issue 18): the sign-in screens and the patient list load with the shell; a record and each
// module's screens load when first opened, so the first paint does not wait for code it does not show.
const MdtModule = preloadable(() => import('../features/mdt').then((m) => m.MdtModule));
const MedicinesModule = preloadable(() => import('../features/medicines').then((m) => m.MedicinesModule));
const InterventionsModule = preloadable(() =>
  import('../features/interventions').then((m) => m.InterventionsModule),
);
const RehabModule = preloadable(() => import('../features/rehab').then((m) => m.RehabModule));
const RulesModule = preloadable(() => import('../features/rules').then((m) => m.RulesModule));
const DataModule = preloadable(() => import('../features/data').then((m) => m.DataModule));
const UsersPage = preloadable(() => import('../features/admin/Admin').then((m) => m.UsersPage));
const PatientRecordPage = preloadable(() =>
  import('../features/patients/PatientRecord').then((m) => m.PatientRecordPage),
);
const SettingsPage = preloadable(() => import('../features/admin/Admin').then((m) => m.SettingsPage));
const AuditPage = preloadable(() => import('../features/admin/Audit').then((m) => m.AuditPage));

/** Once the first screen is up, fetch the other screens' code while the user reads it. */
function usePrefetchScreens(signedIn: boolean) {
  useEffect(() => {
    if (!signedIn) return;
    // Through preload(), so that the first visit to each renders at once instead of suspending (the
    // loader, then the screen a few hundred milliseconds later) although its code is already here.
    const prefetch = () => {
      for (const screen of [
        PatientRecordPage,
        MdtModule,
        MedicinesModule,
        InterventionsModule,
        RehabModule,
        RulesModule,
      ])
        void screen.preload();
    };
    const id = setTimeout(prefetch, 300);
    return () => clearTimeout(id);
  }, [signedIn]);
}

/**
 * Starts the new screen's reads as the router's new location renders (issue 18), before the screen itself
 * renders and commits: rendered ahead of the routes, so a navigation's requests leave at its start.
 */
function ScreenPrefetch({ session }: { session: SessionInfo }) {
  const qc = useQueryClient();
  const { pathname, search } = useLocation();
  // During render, once per path (a memo keyed by it): an effect would wait for the screen's commit.
  // Keyed by the path and the user, not the session object: a new session object (a refreshed lock time)
  // must not start the screen's reads again.
  const { user } = session;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useMemo(() => prefetchScreen(qc, pathname, { user }, search), [qc, pathname, search, user.id, user.role]);
  return null;
}

function SignedInApp() {
  const session = useSession();
  const state = session.state;
  const signedIn = state.status === 'signed-in' ? state.session : null;
  const lock = useCallback(() => void session.lock(), [session]);
  useInactivityLock(signedIn?.lockAfterMinutes ?? 10, Boolean(signedIn && !signedIn.locked), lock);
  usePrefetchScreens(Boolean(signedIn && !signedIn.locked));
  if (!signedIn) return null;
  if (signedIn.mustChangePassword)
    return (
      <Center mih="100vh" bg="gray.1">
        <ChangePassword forced />
      </Center>
    );
  const home = signedIn.permissions.includes('patient.read') ? '/patients' : '/admin/users';
  // The lock screen covers the app rather than replacing it (issue 17): a half-filled form stays as it
  // was underneath, hidden and out of reach (inert), and unlocking carries on where the user left off.
  return (
    <>
      <div
        inert={signedIn.locked}
        aria-hidden={signedIn.locked || undefined}
        style={signedIn.locked ? { visibility: 'hidden' } : undefined}
      >
        {!signedIn.locked && <ScreenPrefetch session={signedIn} />}
        <Shell>
          <Suspense fallback={<Loader aria-label="Loading" m="md" />}>
            <Routes>
              <Route path="/" element={<Navigate to={home} replace />} />
              <Route path="/patients" element={<PatientList />} />
              <Route path="/patients/new" element={<PatientForm patient={null} />} />
              <Route path="/patients/:id" element={<PatientRecordPage mode="view" />} />
              <Route path="/patients/:id/edit" element={<PatientRecordPage mode="edit" />} />
              <Route path="/mdt/*" element={<MdtModule />} />
              <Route path="/medicines/*" element={<MedicinesModule />} />
              <Route path="/interventions/*" element={<InterventionsModule />} />
              <Route path="/rehab/*" element={<RehabModule />} />
              <Route path="/rules/*" element={<RulesModule />} />
              {session.can('user.manage') && <Route path="/admin/users" element={<UsersPage />} />}
              {session.can('settings.manage') && <Route path="/admin/settings" element={<SettingsPage />} />}
              {session.can('settings.manage') && (
                <Route path="/admin/connection" element={<ConnectionPage />} />
              )}
              {(session.can('data.backup') || session.can('data.import') || session.can('data.export')) && (
                <Route path="/admin/data/*" element={<DataModule />} />
              )}
              {session.can('audit.review') && <Route path="/admin/audit" element={<AuditPage />} />}
              <Route path="/account" element={<ChangePassword />} />
              <Route path="*" element={<Navigate to={home} replace />} />
            </Routes>
          </Suspense>
        </Shell>
      </div>
      {signedIn.locked && (
        <div style={{ position: 'fixed', inset: 0, zIndex: 1000 }}>
          <LockScreen displayName={signedIn.user.displayName} />
        </div>
      )}
    </>
  );
}

export function App() {
  const { state } = useSession();
  if (state.status === 'loading')
    return (
      <Center mih="100vh">
        <Loader aria-label="Starting Alongside" />
      </Center>
    );
  if (state.status === 'first-run') return <FirstRun />;
  if (state.status === 'signed-out')
    return <SignIn message={state.message} hint={state.setup.demoPasswordHint} />;
  return (
    <HashRouter>
      <SignedInApp />
    </HashRouter>
  );
}
