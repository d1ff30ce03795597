import { Center, Loader } from '@mantine/core';
import { useCallback } from 'react';
import { HashRouter, Navigate, Route, Routes } from 'react-router';
import { UsersPage, SettingsPage } from '../features/admin/Admin';
import { AuditPage } from '../features/admin/Audit';
import { ChangePassword } from '../features/auth/ChangePassword';
import { FirstRun, LockScreen, SignIn } from '../features/auth/AuthScreens';
import { DataModule } from '../features/data';
import { InterventionsModule } from '../features/interventions';
import { MdtModule } from '../features/mdt';
import { MedicinesModule } from '../features/medicines';
import { RehabModule } from '../features/rehab';
import { RulesModule } from '../features/rules';
import { PatientForm } from '../features/patients/PatientForm';
import { PatientList } from '../features/patients/PatientList';
import { PatientRecordPage } from '../features/patients/PatientRecord';
import { useSession } from './session';
import { Shell } from './Shell';
import { useInactivityLock } from './useInactivityLock';

function SignedInApp() {
  const session = useSession();
  const state = session.state;
  const signedIn = state.status === 'signed-in' ? state.session : null;
  const lock = useCallback(() => void session.lock(), [session]);
  useInactivityLock(signedIn?.lockAfterMinutes ?? 10, Boolean(signedIn && !signedIn.locked), lock);
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
            {(session.can('data.backup') || session.can('data.import')) && (
              <Route path="/admin/data/*" element={<DataModule />} />
            )}
            {session.can('audit.review') && <Route path="/admin/audit" element={<AuditPage />} />}
            <Route path="/account" element={<ChangePassword />} />
            <Route path="*" element={<Navigate to={home} replace />} />
          </Routes>
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
