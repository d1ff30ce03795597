import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActionLabel, hasOwnAuditLabel } from '../../shared/audit-actions';

/*
 * A refusal that names who changed a record ends with what they did, read from the audit trail; the audit
 * review and a record's history show the same words. A code without wording of its own read as
 * "MDT: triage decide" or "Medicines: taper step" (found in review): every clinical code the services
 * write must have its own.
 */
const DB = resolve(__dirname, '../../db');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return name === 'migrations' || name === 'migrations-pg' ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('audit action wording', () => {
  it('reads the codes the services write', () => {
    expect(auditActionLabel('mdt.triage.decide')).toBe('Triage decision made');
    expect(auditActionLabel('medicines.taperStep')).toBe('Taper step recorded');
    expect(auditActionLabel('interventions.scs-implant.trial-override')).toBe(
      'SCS implant allowed without a successful trial',
    );
  });

  it('every MDT, medicines, interventions and rehab code written in db/ has wording of its own', () => {
    const codes = new Set<string>();
    for (const file of sources(DB)) {
      for (const m of readFileSync(file, 'utf8').matchAll(
        // Not an object key ('medicines.coronaryStentDate': …, a field's path): those are not actions.
        /'((?:mdt|medicines|interventions|rehab)\.[a-zA-Z0-9.+-]+)'(?!\s*:)/g,
      ))
        codes.add(m[1]!);
    }
    expect(codes.size).toBeGreaterThan(80);
    expect([...codes].filter((c) => !hasOwnAuditLabel(c)).sort()).toEqual([]);
  });
});
