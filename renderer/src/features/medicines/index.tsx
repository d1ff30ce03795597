import type { Patient } from '../../../../shared/domain/patient';
import { ModulePlaceholder } from '../modules/ModulePlaceholder';

/** The Medicines module's own screens, mounted at /medicines/* (worklist, service view). */
export function MedicinesModule() {
  return (
    <ModulePlaceholder
      title="Medicines"
      description="Pain medicines, daily oral morphine equivalent, risky-combination flags and taper plans."
    />
  );
}

/** The Medicines tab of a patient record. */
export function PatientMedicinesTab(_props: { patient: Patient }) {
  return (
    <ModulePlaceholder
      title="Medicines"
      description="This patient’s medicines, OME and taper plans will appear here."
    />
  );
}
