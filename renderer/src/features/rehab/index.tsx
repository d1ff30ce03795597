import { Route, Routes } from 'react-router';
import type { Patient } from '../../../../shared/domain/patient';
import { PatientRehab } from './PatientRehab';
import { RehabHome } from './ServiceView';

/** The Rehab module's own screens, mounted at /rehab/* (measures due, service outcomes, no progress). */
export function RehabModule() {
  return (
    <Routes>
      <Route path="*" element={<RehabHome />} />
    </Routes>
  );
}

/** The Rehab tab of a patient record. */
export function PatientRehabTab({ patient }: { patient: Patient }) {
  return <PatientRehab patient={patient} />;
}
