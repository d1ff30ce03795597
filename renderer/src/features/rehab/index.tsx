import { Route, Routes } from 'react-router';
import type { Patient } from '../../../../shared/domain/patient';
import { CohortReportPage, GroupPage } from './Groups';
import { PatientRehab } from './PatientRehab';
import { RehabHome } from './ServiceView';
import { GpMessagePrint } from './Social';

/** The Rehab module's own screens, mounted at /rehab/* (measures due, service outcomes, no progress, social prescribing, group programmes). */
export function RehabModule() {
  return (
    <Routes>
      <Route path="groups/:id/report" element={<CohortReportPage />} />
      <Route path="groups/:id" element={<GroupPage />} />
      <Route path="social/:id/gp-message" element={<GpMessagePrint />} />
      <Route path="groups" element={<RehabHome tab="groups" />} />
      <Route path="social" element={<RehabHome tab="social" />} />
      <Route path="risk" element={<RehabHome tab="risk" />} />
      <Route path="*" element={<RehabHome />} />
    </Routes>
  );
}

/** The Rehab tab of a patient record. */
export function PatientRehabTab({ patient }: { patient: Patient }) {
  return <PatientRehab patient={patient} />;
}
