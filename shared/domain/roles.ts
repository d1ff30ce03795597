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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const CLINICAL: Permission[] = ['patient.read', 'patient.write', 'audit.read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  consultant: CLINICAL,
  nurse: CLINICAL,
  physiotherapist: CLINICAL,
  psychologist: CLINICAL,
  pharmacist: CLINICAL,
  coordinator: CLINICAL,
  // IT and service administration: accounts and settings, and the audit trail; no clinical record.
  admin: ['user.manage', 'settings.manage', 'audit.read'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
