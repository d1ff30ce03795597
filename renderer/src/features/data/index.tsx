import { ModulePlaceholder } from '../modules/ModulePlaceholder';

/** Data safety for administrators, mounted at /admin/data/* (backups, restore, CSV import). */
export function DataModule() {
  return (
    <ModulePlaceholder title="Data and backups" description="Backups, restore and patient-list import." />
  );
}
