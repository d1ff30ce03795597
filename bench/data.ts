import { checkImport, importIdentifiers, type CheckedImport } from '../shared/domain/data';
import { nameKey } from '../shared/search';
import type { BenchContext, BenchRow } from './context';

/** A valid NHS number outside the demo's 999 range (401 + six digits + Modulus 11), or null. */
function nhs(serial: number): string | null {
  const nine = `401${String(serial % 1_000_000).padStart(6, '0')}`;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  return check === 10 ? null : `${nine}${check === 11 ? 0 : check}`;
}

export function csv(from: number, count: number): { text: string; next: number } {
  const lines = ['NHS number,Surname,Forename,Date of birth,Sex,Postcode'];
  let serial = from;
  while (lines.length <= count) {
    const n = nhs(serial++);
    if (n) lines.push(`${n},Importe${lines.length},Pat,12/0${(lines.length % 9) + 1}/1975,F,M1 1AE`);
  }
  return { text: lines.join('\n'), next: serial };
}

/**
 * Data safety (issue 7): importing a 10,000-patient CSV (preview of every line + one all-or-nothing
 * transaction) must take under 3 s. Runs as the demo coordinator (imports are the coordinator's; the IT
 * administrator reaches no patient data). Baseline: the same rows through hand-written prepared INSERTs in one transaction.
 */
export async function dataBench(ctx: BenchContext): Promise<BenchRow[]> {
  const coordinator = ctx.sqlite.prepare("SELECT id FROM users WHERE username = 'lmills'").get() as
    { id: number } | undefined;
  if (!coordinator) return [];
  const key = 'bench-data-coordinator';
  const now = Date.now();
  ctx.dispatcher.sessions.set(key, {
    userId: coordinator.id,
    username: 'lmills',
    displayName: 'Bench coordinator',
    role: 'coordinator',
    signedInAt: now,
    lastActivityAt: now,
    locked: false,
    mustChangePassword: false,
    clinicalLead: false,
  });
  const call = async (channel: string, payload: unknown) => {
    const r = await ctx.dispatcher.dispatch(key, channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value as { importId: string };
  };
  let serial = 0;
  const ours = async () => {
    const { text, next } = csv(serial, 10_000);
    serial = next;
    let id: string | undefined;
    for (let off = 0; off < text.length;) {
      let end = Math.min(text.length, off + 300_000);
      if (end < text.length) end = text.indexOf('\n', end) + 1 || text.length;
      id = (
        await call('data:importPreview', {
          ...(id ? { importId: id } : {}),
          chunk: text.slice(off, end),
          last: end >= text.length,
        })
      ).importId;
      off = end;
    }
    return call('data:importCommit', { importId: id });
  };

  // Hand-written: the same check of every line (shared/domain/data checkImport against the identifiers
  // already saved), then one transaction that re-checks, inserts each patient with its audit row, and
  // records the import, through prepared statements.
  const db = ctx.sqlite;
  const q = {
    nhs: db
      .prepare('SELECT nhs_number FROM patients WHERE nhs_number IN (SELECT value FROM json_each(?))')
      .pluck(),
    hospital: db
      .prepare(
        'SELECT hospital_number FROM patients WHERE hospital_number IN (SELECT value FROM json_each(?))',
      )
      .pluck(),
    patient: db.prepare(
      `INSERT INTO patients (nhs_number, hospital_number, surname, forename, surname_key, forename_key, date_of_birth,
       sex, postcode, gp_practice, referral_date, referral_source, lead_clinician_id, diagnosis_code, diagnosis_site,
       diagnosis_notes, what_matters, created_at, updated_at, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    ),
    audit: db.prepare(
      `INSERT INTO audit_log (at, user_id, action, entity, entity_id, patient_id, before_json, after_json)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?)`,
    ),
    record: db.prepare(
      `INSERT INTO data_imports (imported_at, imported_by, patient_count, first_patient_id, last_patient_id)
       VALUES (?, ?, ?, ?, ?)`,
    ),
  };
  const existing = (ids: { nhs: string[]; hospital: string[] }) => ({
    nhs: new Set(q.nhs.all(JSON.stringify(ids.nhs)) as string[]),
    hospital: new Set(q.hospital.all(JSON.stringify(ids.hospital)) as string[]),
  });
  const save = db.transaction((rows: CheckedImport['valid'], at: string) => {
    const taken = existing({
      nhs: rows.flatMap((r) => (r.data.nhsNumber ? [r.data.nhsNumber] : [])),
      hospital: rows.flatMap((r) => (r.data.hospitalNumber ? [r.data.hospitalNumber.toUpperCase()] : [])),
    });
    if (taken.nhs.size + taken.hospital.size > 0) throw new Error('registered since the preview');
    const ids: number[] = [];
    for (const r of rows) {
      const d = r.data;
      const id = Number(
        q.patient.run(
          d.nhsNumber,
          d.hospitalNumber ? d.hospitalNumber.toUpperCase() : null,
          d.surname,
          d.forename,
          nameKey(d.surname),
          nameKey(d.forename),
          d.dateOfBirth,
          d.sex,
          d.postcode,
          d.gpPractice,
          d.referralDate,
          d.referralSource,
          d.leadClinicianId,
          d.diagnosisCode,
          d.diagnosisSite,
          d.diagnosisNotes,
          d.whatMatters,
          at,
          at,
        ).lastInsertRowid,
      );
      ids.push(id);
      q.audit.run(
        at,
        coordinator.id,
        'patient.import',
        'patient',
        id,
        id,
        JSON.stringify({ ...d, allergies: [] }),
      );
    }
    q.record.run(at, coordinator.id, rows.length, ids[0] ?? null, ids.at(-1) ?? null);
    q.audit.run(
      at,
      coordinator.id,
      'data.import',
      'patients',
      null,
      null,
      JSON.stringify({ patients: rows.length }),
    );
    return rows.length;
  });
  const baseline = () => {
    const { text, next } = csv(serial, 10_000);
    serial = next;
    const checked = checkImport(text, existing(importIdentifiers(text)));
    if (checked.errorCount > 0) throw new Error('the bench CSV has errors');
    return { imported: save(checked.valid, new Date().toISOString()) };
  };
  return [
    await ctx.compare(
      'Import a 10,000-patient CSV (check every line + all-or-nothing save with audit rows)',
      3000,
      ours,
      baseline,
      { iterations: 3, warmup: 0, samples: 1 },
    ),
  ];
}
