/**
 * Roles and what each may do. The matrix is enforced in the main process on every request (the renderer
 * only uses it to hide what would be refused anyway).
 */
export const ROLES = [
  'consultant',
  'nurse',
  'physiotherapist',
  'psychologist',
  'pharmacist',
  'coordinator',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  consultant: 'Pain consultant',
  nurse: 'Nurse specialist',
  physiotherapist: 'Physiotherapist',
  psychologist: 'Psychologist',
  pharmacist: 'Pharmacist',
  coordinator: 'MDT coordinator',
  admin: 'Administrator',
};

export const PERMISSIONS = [
  'patient.read',
  'patient.write',
  'audit.read',
  'user.manage',
  'settings.manage',
  // Medicines and deprescribing
  'medicines.write', // record and change a patient's medicines
  'taper.manage', // create, review and change taper plans
  'taper.sign-off', // agree a plan with the patient and start it (recorded as the signer)
  // Rehabilitation
  'rehab.write', // goals, GAS reviews, outcome measures, social prescribing, groups
  // MDT
  'mdt.refer', // refer a patient to the MDT
  'mdt.manage', // meeting types, lists, attendance, letters (coordinator's work)
  'mdt.chair', // approve late additions, confirm and amend outcomes (recorded as the signer)
  'referrals.triage', // sift new referrals into the service to a pathway (a clinician's decision)
  // Interventions
  'interventions.manage', // waiting list, readiness, sessions, booking, outcomes
  'interventions.clinical', // record clinical readiness values (CrCl, MRSA, ASA, consent...) and accept clinical warnings (clinicians only)
  'hold.approve', // approve an anticoagulant hold plan or a readiness override (a prescriber; recorded as the signer)
  // Data safety
  'data.backup', // back up and restore the database
  'data.import', // import a patient list
  'data.export', // export the whole service's records (FHIR Bulk Data) for the trust's data warehouse
  // Clinical rule sets (Settings)
  'rules.read', // see every clinical rule set, its versions and sources
  'rules.manage', // propose new versions, a new default set, a restore of the shipped version
  'rules.approve', // approve or reject a proposed rule-set change (also needs the clinical-lead mark)
  // Information governance
  'audit.review', // the audit screen: events by user, patient, event (no clinical content), exports for SARs
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const CLINICAL: Permission[] = ['patient.read', 'patient.write', 'audit.read', 'mdt.refer', 'rules.read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  consultant: [
    ...CLINICAL,
    'medicines.write',
    'taper.manage',
    'taper.sign-off',
    'rehab.write',
    'mdt.manage',
    'mdt.chair',
    'interventions.manage',
    'interventions.clinical',
    'hold.approve',
    'referrals.triage',
    'rules.manage',
    'rules.approve',
    'data.export',
  ],
  nurse: [
    ...CLINICAL,
    'medicines.write',
    'taper.manage',
    'taper.sign-off',
    'rehab.write',
    'interventions.manage',
    'interventions.clinical',
    'referrals.triage',
    'rules.approve',
  ],
  physiotherapist: [...CLINICAL, 'rehab.write', 'referrals.triage', 'rules.approve'],
  psychologist: [...CLINICAL, 'rehab.write', 'referrals.triage', 'rules.approve'],
  pharmacist: [
    ...CLINICAL,
    'medicines.write',
    'taper.manage',
    'hold.approve',
    'rules.manage',
    'rules.approve',
  ],
  coordinator: [...CLINICAL, 'mdt.manage', 'interventions.manage', 'data.import', 'data.export'],
  // IT and service administration: accounts, settings, backups and the audit screen (who did what, when;
  // never clinical content); no clinical record by any channel, record history included (issue 17). A
  // clinical rule-set change they propose takes effect only when a clinical lead approves it.
  admin: ['user.manage', 'settings.manage', 'audit.review', 'data.backup', 'rules.read', 'rules.manage'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
