/**
 * What an audited event is called on screen (the audit review and a record's history; issue 18: no raw
 * codes such as "interventions.readiness.update" in front of people). Codes without their own wording are
 * read as their module and words ("Interventions: readiness update").
 */

const LABELS: Record<string, string> = {
  'record.view': 'Opened a record',
  'records.list': 'Searched or listed records',
  'print.pdf': 'Saved a PDF',
  'print.browser': 'Printed',
  'audit.export': 'Exported an access record',
  'auth.sign-in': 'Signed in',
  'auth.sign-in-failed': 'Failed sign-in',
  'auth.unlock': 'Unlocked',
  'auth.unlock-failed': 'Failed unlock',
  'auth.locked-out': 'Account locked after failures',
  'auth.password-change': 'Changed own password',
  'access.denied': 'Refused (role does not allow)',
  'access.unusual': 'Unusual access alert',
  'user.create': 'Created an account',
  'user.update': 'Changed an account',
  'user.update+password-reset': 'Reset a password',
  'settings.update': 'Changed settings',
  'settings.connection': 'Changed where a workstation’s data is kept',
  'rules.propose': 'Proposed a rule-set change',
  'rules.approve': 'Approved a rule-set change',
  'rules.reject': 'Rejected a rule-set change',
  'patient.create': 'Registered',
  'patient.update': 'Changed',
  'patients.create': 'Registered',
  'patients.update': 'Changed',
  'patient.import': 'Imported',
  'export.fhir': 'Exported (FHIR)',
  'import.fhir': 'Imported (FHIR)',
  'data.backup': 'Backed up',
  'data.import': 'Imported data',
  'medicines.add': 'Medicine added',
  'medicines.change': 'Medicine changed',
  'medicines.stop': 'Medicine stopped',
  'medicines.review': 'Medicines reviewed',
  'medicines.plan.create': 'Taper plan started',
  'medicines.plan.review': 'Taper plan reviewed',
  'medicines.plan.steps': 'Taper steps changed',
  'interventions.request.create': 'Procedure requested',
  'interventions.readiness.update': 'Procedure readiness updated',
  'interventions.readiness.override': 'Procedure readiness overridden',
  'interventions.book': 'Procedure booked',
  'interventions.day': 'Procedure day recorded',
  'interventions.outcome': 'Procedure outcome recorded',
  'interventions.hold.approve': 'Medicine hold approved',
  'interventions.cancel': 'Booking cancelled',
  'interventions.dna': 'Did not attend recorded',
  'rehab.measure': 'Outcome measure recorded',
  'rehab.review': 'Rehab review recorded',
  'rehab.recordMeasure': 'Outcome measure recorded',
  'rehab.updatePlanDates': 'Rehab plan dates changed',
  'rehab.addGoal': 'Rehab goal set',
  'rehab.editGoal': 'Rehab goal edited',
  'rehab.goal.achieved': 'Rehab goal marked achieved',
  'rehab.goal.withdrawn': 'Rehab goal withdrawn',
  'rehab.enteredInError.measure': 'Outcome measure marked entered in error',
  'rehab.enteredInError.goal': 'Rehab goal marked entered in error',
  'rehab.enteredInError.review': 'Rehab review marked entered in error',
  'rehab.riskAlertAcknowledged': 'Risk alert acknowledged',
  'rehab.groupEnrol': 'Enrolled in a group programme',
  'rehab.groupWithdraw': 'Left a group programme',
  'mdt.referral.create': 'Referred to the MDT',
  'mdt.outcome.confirm': 'MDT outcome confirmed',
  'mdt.outcome.confirm-refused': 'MDT outcome not confirmed: the patient letter changed after it was read',
  'mdt.outcome.amend': 'MDT outcome amended',
  'mdt.outcome.draft': 'MDT outcome drafted',
};

const MODULES: Record<string, string> = {
  mdt: 'MDT',
  medicines: 'Medicines',
  interventions: 'Interventions',
  rehab: 'Rehab',
  patient: 'Patient record',
  patients: 'Patient record',
  record: 'Record',
  records: 'Records',
  auth: 'Sign-in',
  user: 'Accounts',
  users: 'Accounts',
  rules: 'Rule sets',
  data: 'Data',
  settings: 'Settings',
};

export function auditActionLabel(action: string): string {
  const known = LABELS[action];
  if (known) return known;
  const [module = '', ...rest] = action.split('.');
  const words = rest
    .join(' ')
    .replace(/[-_+]/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  const name = MODULES[module] ?? module.charAt(0).toUpperCase() + module.slice(1);
  return words ? `${name}: ${words}` : name;
}
