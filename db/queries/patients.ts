import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Patient, PatientData } from '../../shared/domain/patient';
import { nameKey, parsePatientQuery, prefixUpperBound, type PatientQuery } from '../../shared/search';
import { toPatient, toPatientListItem } from '../mappers/patients';
import type { DB } from '../schema';

const LIST_COLUMNS = [
  'id',
  'nhs_number',
  'hospital_number',
  'surname',
  'forename',
  'date_of_birth',
  'sex',
] as const;

type PatientSelect = SelectQueryBuilder<DB, 'patients', object>;

/** Applies the parsed query as index range conditions (every branch uses an index: see the query-plan tests). */
function applyQuery(qb: PatientSelect, q: PatientQuery): PatientSelect {
  switch (q.kind) {
    case 'all':
      return qb;
    case 'nhs-number':
      return qb.where('nhs_number', '=', q.nhsNumber);
    case 'hospital-number':
      return qb
        .where('hospital_number', '>=', q.prefix)
        .where('hospital_number', '<', `${q.prefix}\u{10FFFF}`);
    case 'name': {
      const { first, second } = q;
      if (second === null) {
        return qb.where('surname_key', '>=', first).where('surname_key', '<', prefixUpperBound(first));
      }
      const surnameThenForename = (s: string, f: string) =>
        qb
          .where('surname_key', '>=', s)
          .where('surname_key', '<', prefixUpperBound(s))
          .where('forename_key', '>=', f)
          .where('forename_key', '<', prefixUpperBound(f));
      if (q.commaSeparated) return surnameThenForename(first, second);
      // Either order; written as a UNION-friendly OR of two index ranges.
      return qb.where((eb) =>
        eb.or([
          eb.and([
            eb('surname_key', '>=', second),
            eb('surname_key', '<', prefixUpperBound(second)),
            eb('forename_key', '>=', first),
            eb('forename_key', '<', prefixUpperBound(first)),
          ]),
          eb.and([
            eb('surname_key', '>=', first),
            eb('surname_key', '<', prefixUpperBound(first)),
            eb('forename_key', '>=', second),
            eb('forename_key', '<', prefixUpperBound(second)),
          ]),
        ]),
      );
    }
  }
}

export async function searchPatients(db: Kysely<DB>, raw: string, offset: number, limit: number) {
  const q = parsePatientQuery(raw);
  const base = applyQuery(db.selectFrom('patients') as PatientSelect, q);
  const [rows, count] = await Promise.all([
    base
      .select(LIST_COLUMNS)
      .orderBy('surname_key')
      .orderBy('forename_key')
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const matchedBy = q.kind === 'all' ? 'all' : q.kind;
  return { items: rows.map(toPatientListItem), total: Number(count.n), matchedBy } as const;
}

export async function getPatient(db: Kysely<DB>, id: number): Promise<Patient | null> {
  const row = await db
    .selectFrom('patients')
    .leftJoin('users', 'users.id', 'patients.lead_clinician_id')
    .selectAll('patients')
    .select('users.display_name as lead_clinician_name')
    .where('patients.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const allergies = await db
    .selectFrom('allergies')
    .selectAll()
    .where('patient_id', '=', id)
    .orderBy('id')
    .execute();
  return toPatient(row, allergies);
}

/** Columns written from validated patient data (both create and update). */
export function patientColumns(p: PatientData) {
  return {
    nhs_number: p.nhsNumber,
    hospital_number: p.hospitalNumber ? p.hospitalNumber.toUpperCase() : null,
    surname: p.surname,
    forename: p.forename,
    surname_key: nameKey(p.surname),
    forename_key: nameKey(p.forename),
    date_of_birth: p.dateOfBirth,
    sex: p.sex,
    postcode: p.postcode,
    gp_practice: p.gpPractice,
    referral_date: p.referralDate,
    referral_source: p.referralSource,
    lead_clinician_id: p.leadClinicianId,
    diagnosis_code: p.diagnosisCode,
    diagnosis_site: p.diagnosisSite,
    diagnosis_notes: p.diagnosisNotes,
    what_matters: p.whatMatters,
  };
}

/** Another patient already holding this NHS or hospital number, if any. */
export async function findDuplicate(db: Kysely<DB>, p: PatientData, exceptId: number | null) {
  const checks: {
    field: 'nhsNumber' | 'hospitalNumber';
    column: 'nhs_number' | 'hospital_number';
    value: string | null;
  }[] = [
    { field: 'nhsNumber', column: 'nhs_number', value: p.nhsNumber },
    {
      field: 'hospitalNumber',
      column: 'hospital_number',
      value: p.hospitalNumber ? p.hospitalNumber.toUpperCase() : null,
    },
  ];
  for (const c of checks) {
    if (!c.value) continue;
    let qb = db.selectFrom('patients').select(['id', 'surname', 'forename']).where(c.column, '=', c.value);
    if (exceptId !== null) qb = qb.where('id', '!=', exceptId);
    const hit = await qb.executeTakeFirst();
    if (hit) return { field: c.field, patient: hit };
  }
  return null;
}
