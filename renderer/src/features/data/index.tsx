import { Stack } from '@mantine/core';
import { Route, Routes } from 'react-router';
import { useSession } from '../../app/session';
import { BackupsPanel } from './Backups';
import { BulkExportPanel, FhirImportPanel } from './Fhir';
import { ImportPanel } from './Import';

/**
 * Data safety, mounted at /admin/data/*: backups and restore for administrators, patient-list and FHIR
 * import for whoever may import (an MDT coordinator, for example), and the service-wide FHIR export. Each
 * panel shows only to those allowed to use it.
 */
export function DataModule() {
  const session = useSession();
  return (
    <Routes>
      <Route
        path="*"
        element={
          <Stack>
            {session.can('data.backup') && <BackupsPanel />}
            {session.can('data.import') && <ImportPanel />}
            {session.can('data.import') && <FhirImportPanel />}
            {session.can('data.export') && <BulkExportPanel />}
          </Stack>
        }
      />
    </Routes>
  );
}
