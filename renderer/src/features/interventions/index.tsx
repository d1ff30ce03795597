import type { Patient } from '../../../../shared/domain/patient';
import { ModulePlaceholder } from '../modules/ModulePlaceholder';

/** The Interventions module's own screens, mounted at /interventions/* (waiting list, sessions, calendar). */
export function InterventionsModule() {
  return (
    <ModulePlaceholder
      title="Interventions"
      description="Waiting list, readiness checks, procedure sessions and follow-up."
    />
  );
}

/** The Interventions tab of a patient record. */
export function PatientInterventionsTab(_props: { patient: Patient }) {
  return (
    <ModulePlaceholder
      title="Interventions"
      description="This patient’s procedure requests, readiness and outcomes will appear here."
    />
  );
}
