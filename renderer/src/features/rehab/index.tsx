import type { Patient } from '../../../../shared/domain/patient';
import { ModulePlaceholder } from '../modules/ModulePlaceholder';

/** The Rehab module's own screens, mounted at /rehab/* (measures due, service outcomes). */
export function RehabModule() {
  return (
    <ModulePlaceholder
      title="Rehab"
      description="Goals that matter to the patient, Goal Attainment Scaling and outcome measures."
    />
  );
}

/** The Rehab tab of a patient record. */
export function PatientRehabTab(_props: { patient: Patient }) {
  return (
    <ModulePlaceholder
      title="Rehab"
      description="This patient’s goals, GAS reviews and outcome measures will appear here."
    />
  );
}
