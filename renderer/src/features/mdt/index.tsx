import { Group, NavLink, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { NavLink as RouterLink, Route, Routes, useLocation } from 'react-router';
import type { Patient } from '../../../../shared/domain/patient';
import { Dashboard, LetterPrint, MeetingLetters, MeetingListPrint, Worklists } from './After';
import { MeetingPage, MeetingsHome } from './Meetings';
import { MinutesPrint } from './Minutes';
import { PatientTab } from './PatientTab';
import { RunMeeting } from './RunMeeting';
import { LetterTemplates, MeetingTypes } from './Setup';
import { Triage } from './Triage';

const TABS = [
  { to: '/mdt', label: 'Meetings', end: true },
  { to: '/mdt/triage', label: 'Triage', end: false },
  { to: '/mdt/worklists', label: 'Worklists', end: false },
  { to: '/mdt/dashboard', label: 'Dashboard', end: false },
  { to: '/mdt/meeting-types', label: 'Meeting types', end: false },
  { to: '/mdt/letter-templates', label: 'Letter templates', end: false },
] as const;

function Frame({ title, children }: { title: string; children: ReactNode }) {
  const location = useLocation();
  return (
    <Stack p="md" gap="md">
      <Title order={1} size="h2" className="no-print">
        {title}
      </Title>
      <Group gap="xs" role="navigation" aria-label="MDT views" className="no-print">
        {TABS.map((t) => (
          <NavLink
            key={t.to}
            component={RouterLink}
            to={t.to}
            end={t.end}
            label={t.label}
            active={t.end ? location.pathname === t.to : location.pathname.startsWith(t.to)}
            w="auto"
            variant="filled"
            color="brand.8"
          />
        ))}
      </Group>
      {children}
    </Stack>
  );
}

/** The MDT module's own screens, mounted at /mdt/* (meetings, lists, worklists, dashboard). */
export function MdtModule() {
  return (
    <Routes>
      <Route
        index
        element={
          <Frame title="MDT meetings">
            <MeetingsHome />
          </Frame>
        }
      />
      <Route
        path="meetings/:id"
        element={
          <Frame title="MDT meeting list">
            <MeetingPage />
          </Frame>
        }
      />
      <Route
        path="meetings/:id/run"
        element={
          <Frame title="MDT meeting">
            <RunMeeting />
          </Frame>
        }
      />
      <Route
        path="meetings/:id/letters"
        element={
          <Frame title="MDT letters">
            <MeetingLetters />
          </Frame>
        }
      />
      <Route path="meetings/:id/print" element={<MeetingListPrint />} />
      <Route path="meetings/:id/minutes" element={<MinutesPrint />} />
      <Route path="letters/:id/print" element={<LetterPrint />} />
      <Route
        path="triage"
        element={
          <Frame title="Referral triage">
            <Triage />
          </Frame>
        }
      />
      <Route
        path="worklists"
        element={
          <Frame title="MDT worklists">
            <Worklists />
          </Frame>
        }
      />
      <Route
        path="meeting-types"
        element={
          <Frame title="MDT meeting types">
            <MeetingTypes />
          </Frame>
        }
      />
      <Route
        path="letter-templates"
        element={
          <Frame title="MDT letter templates">
            <LetterTemplates />
          </Frame>
        }
      />
      <Route
        path="dashboard"
        element={
          <Frame title="MDT dashboard">
            <Dashboard />
          </Frame>
        }
      />
    </Routes>
  );
}

/** The MDT tab of a patient record. */
export function PatientMdtTab({ patient }: { patient: Patient }) {
  return <PatientTab patient={patient} />;
}
