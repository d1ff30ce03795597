import { Button, Group, Stack, Title } from '@mantine/core';
import { NavLink, Route, Routes } from 'react-router';
import type { Patient } from '../../../../shared/domain/patient';
import { useSession } from '../../app/session';
import { Calendar } from './Calendar';
import { FollowUps } from './FollowUps';
import { PatientRequests } from './PatientRequests';
import { ProcedureHistory } from './ProcedureHistory';
import { RequestPage } from './RequestPage';
import { SessionForm } from './SessionForm';
import { TheatreDayPage } from './TheatreDay';
import { TheatreListPrint } from './TheatreListPrint';
import { WaitingList } from './WaitingList';

const LINKS = [
  { to: '/interventions', label: 'Waiting list', end: true },
  { to: '/interventions/calendar', label: 'Sessions calendar', end: false },
  { to: '/interventions/day', label: 'Theatre list', end: false },
  { to: '/interventions/follow-ups', label: 'Follow-ups due', end: false },
];

/** The Interventions module's own screens, mounted at /interventions/* (waiting list, sessions, calendar). */
export function InterventionsModule() {
  const session = useSession();
  return (
    <Stack>
      <Group justify="space-between" className="no-print">
        <Title order={1} size="h2">
          Interventions
        </Title>
        <Group component="nav" aria-label="Interventions" gap="xs">
          {LINKS.map((l) => (
            <NavLink key={l.to} to={l.to} end={l.end} style={{ textDecoration: 'none' }}>
              {({ isActive }) => (
                <Button component="span" variant={isActive ? 'filled' : 'default'} size="sm">
                  {l.label}
                </Button>
              )}
            </NavLink>
          ))}
          {session.can('interventions.manage') && (
            <NavLink to="/interventions/sessions/new" style={{ textDecoration: 'none' }}>
              <Button component="span" variant="default" size="sm">
                New session
              </Button>
            </NavLink>
          )}
        </Group>
      </Group>
      <Routes>
        <Route index element={<WaitingList />} />
        <Route path="calendar" element={<Calendar />} />
        <Route path="follow-ups" element={<FollowUps />} />
        <Route path="sessions/new" element={<SessionForm />} />
        <Route path="sessions/:id/print" element={<TheatreListPrint />} />
        <Route path="day" element={<TheatreDayPage />} />
        <Route path="day/:date" element={<TheatreDayPage />} />
        <Route path="requests/:id" element={<RequestPage />} />
      </Routes>
    </Stack>
  );
}

/** The Interventions tab of a patient record. */
export function PatientInterventionsTab({ patient }: { patient: Patient }) {
  return (
    <Stack>
      <ProcedureHistory patientId={patient.id} />
      <PatientRequests patient={patient} />
    </Stack>
  );
}
