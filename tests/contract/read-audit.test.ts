import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, can, type Permission } from '../../shared/domain/roles';
import { CHANNELS, contract } from '../../shared/ipc/contract';

/**
 * Issue 17, "who looked at whom": every read behind a permission declares what it shows (one patient, a
 * list of patients, or nothing of a patient's), and the dispatcher writes the access row from that
 * declaration (tests/db/access-audit.test.ts). A new read that forgets to declare fails here.
 */
const gatedReads = CHANNELS.filter(
  (c) => !contract[c].write && !['public', 'session'].includes(contract[c].access),
);

describe('every read of patient data is audited by declaration', () => {
  it('every permission-gated read declares what it shows', () => {
    const undeclared = gatedReads.filter((c) => !('reads' in contract[c]) || !contract[c].reads);
    expect(undeclared).toEqual([]);
  });

  it('a read guarded by patient.read is never declared as showing no patient data, unless it says why', () => {
    for (const c of gatedReads) {
      const reads = contract[c].reads!;
      if (reads.kind === 'none') expect(reads.why.length, c).toBeGreaterThan(5);
    }
  });

  it('the patient reads the review named are declared as one patient’s record', () => {
    for (const c of [
      'patients:get',
      'patients:history',
      'meds:patient',
      'rehab:summary',
      'mdt:patient:overview',
    ] as const)
      expect(contract[c].reads?.kind, c).toBe('patient');
    expect(contract['patients:search'].reads?.kind).toBe('list');
  });

  it('the IT administrator reaches no operation that shows patient data (history included)', () => {
    const reachable = CHANNELS.filter((c) => {
      const { access, reads } = contract[c];
      if (access === 'public' || access === 'session') return false;
      return can('admin', access as Permission) && reads !== undefined && reads.kind !== 'none';
    });
    expect(reachable).toEqual([]);
    expect(ROLE_PERMISSIONS.admin).not.toContain('patient.read');
    expect(ROLE_PERMISSIONS.admin).not.toContain('audit.read'); // record history
    expect(ROLE_PERMISSIONS.admin).not.toContain('data.import'); // the import preview names registered patients
  });
});
