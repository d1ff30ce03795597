import type { Patient } from '../../../../shared/domain/patient';
import { ModulePlaceholder } from '../modules/ModulePlaceholder';

/** The MDT module's own screens, mounted at /mdt/* (meetings, lists, worklists, dashboard). */
export function MdtModule() {
  return (
    <ModulePlaceholder
      title="MDT meetings"
      description="Referrals to the MDT, meeting lists, case summaries, outcomes, actions and letters."
    />
  );
}

/** The MDT tab of a patient record. */
export function PatientMdtTab(_props: { patient: Patient }) {
  return (
    <ModulePlaceholder
      title="MDT"
      description="This patient’s MDT referrals, discussions and actions will appear here."
    />
  );
}
