import { Group, NavLink, Stack, Title } from '@mantine/core';
import { NavLink as RouterLink, Route, Routes, useLocation } from 'react-router';
import type { Patient } from '../../../../shared/domain/patient';
import { PatientMedicines } from './PatientMedicines';
import { PlanPage } from './PlanPage';
import { PrintLetter } from './PrintLetter';
import { ServiceView } from './ServiceView';
import { Worklist } from './Worklist';

function ModuleHome({ view }: { view: 'worklist' | 'service' }) {
  const location = useLocation();
  return (
    <Stack p="md">
      <Title order={1} size="h2">
        Medicines: {view === 'worklist' ? 'taper review worklist' : 'service view'}
      </Title>
      <Group gap="xs" role="navigation" aria-label="Medicines views">
        <NavLink
          component={RouterLink}
          to="/medicines"
          end
          label="Worklist"
          active={location.pathname === '/medicines'}
          w="auto"
          variant="filled"
          color="brand.8"
        />
        <NavLink
          component={RouterLink}
          to="/medicines/service"
          label="Service view"
          active={location.pathname === '/medicines/service'}
          w="auto"
          variant="filled"
          color="brand.8"
        />
      </Group>
      {view === 'worklist' ? <Worklist /> : <ServiceView />}
    </Stack>
  );
}

/** The Medicines module's own screens, mounted at /medicines/* (worklist, service view, plans, print view). */
export function MedicinesModule() {
  return (
    <Routes>
      <Route index element={<ModuleHome view="worklist" />} />
      <Route path="service" element={<ModuleHome view="service" />} />
      <Route path="plans/:id" element={<PlanPage />} />
      <Route path="plans/:id/print" element={<PrintLetter />} />
    </Routes>
  );
}

/** The Medicines tab of a patient record. */
export function PatientMedicinesTab({ patient }: { patient: Patient }) {
  return <PatientMedicines patient={patient} />;
}
