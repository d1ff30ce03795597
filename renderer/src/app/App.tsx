import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, useCallback, useEffect } from 'react';
import { HashRouter, Navigate, Route, Routes } from 'react-router';
import { FirstRun, LockScreen, SignIn } from '../features/auth/AuthScreens';
import { ChangePassword } from '../features/auth/ChangePassword';
import { PatientForm } from '../features/patients/PatientForm';
import { PatientList } from '../features/patients/PatientList';
import { useSession } from './session';
import { Shell } from './Shell';
import { useInactivityLock } from './useInactivityLock';

// Code-split routes (issue 18): the sign-in screens and the patient list load with the shell; a record and each
// module's screens load when first opened, so the first paint does not wait for code it does not show.
const MdtModule = lazy(() => import('../features/mdt').then((m) => ({ default: m.MdtModule })));
const MedicinesModule = lazy(() =>
  import('../features/medicines').then((m) => ({ default: m.MedicinesModule })),
);
const InterventionsModule = lazy(() =>
  import('../features/interventions').then((m) => ({ default: m.InterventionsModule })),
);
const RehabModule = lazy(() => import('../features/rehab').then((m) => ({ default: m.RehabModule })));
const RulesModule = lazy(() => import('../features/rules').then((m) => ({ default: m.RulesModule })));
const DataModule = lazy(() => import('../features/data').then((m) => ({ default: m.DataModule })));
const UsersPage = lazy(() => import('../features/admin/Admin').then((m) => ({ default: m.UsersPage })));
const PatientRecordPage = lazy(() =>
  import('../features/patients/PatientRecord').then((m) => ({ default: m.PatientRecordPage })),
);
const SettingsPage = lazy(() => import('../features/admin/Admin').then((m) => ({ default: m.SettingsPage })));
const AuditPage = lazy(() => import('../features/admin/Audit').then((m) => ({ default: m.AuditPage })));

/** Once the first screen is up, fetch the other screens' code while the user reads it. */
function usePrefetchScreens(signedIn: boolean) {
  useEffect(() => {
    if (!signedIn) return;
    const prefetch = () => {
      void import('../features/patients/PatientRecord');
      void import('../features/mdt');
      void import('../features/medicines');
      void import('../features/interventions');
      void import('../features/rehab');
      void import('../features/rules');
    };
    const id = setTimeout(prefetch, 300);
    return () => clearTimeout(id);
  }, [signedIn]);
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
