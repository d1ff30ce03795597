/**
 * The MDT services, one file per seam (meeting types, meetings, referrals, listings, running the meeting,
 * suggestions, the case summary). This module re-exports them so callers keep one import.
 */
export * from './mdt-common';
export * from './mdt-meeting-types';
export * from './mdt-meetings';
export * from './mdt-referrals';
export * from './mdt-listings';
export * from './mdt-running';
export * from './mdt-suggestions';
export * from './mdt-case-summary';
