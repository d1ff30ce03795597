import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import type { Patient, PatientData } from '../../shared/domain/patient';
import { nameKey, parsePatientQuery, prefixUpperBound, type PatientQuery } from '../../shared/search';
import { compiled } from '../compiled';
import { toPatient, toPatientListItem, type PatientListRow } from '../mappers/patients';
import type { AllergiesTable, DB, PatientsTable } from '../schema';

type PatientRow = Selectable<PatientsTable> & { lead_clinician_name: string | null };

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

/** Values of one search: a and b are name keys (with their exclusive upper bounds), or a is the NHS number / hospital prefix. */
type SearchParams = { a: string; aHi: string; b: string; bHi: string; offset: number };
type Param = <K extends keyof SearchParams & string>(name: K) => SearchParams[K];
type Shape = 'all' | 'nhs-number' | 'hospital-number' | 'name' | 'name-comma' | 'name-either';

/** The parsed query as index range conditions (every branch uses an index: see the query-plan tests). */
function applyShape(qb: PatientSelect, shape: Shape, p: Param): PatientSelect {
  switch (shape) {
    case 'all':
      return qb;
    case 'nhs-number':
      return qb.where('nhs_number', '=', p('a'));
    case 'hospital-number':
      return qb.where('hospital_number', '>=', p('a')).where('hospital_number', '<', p('aHi'));
    case 'name':
      return qb.where('surname_key', '>=', p('a')).where('surname_key', '<', p('aHi'));
    case 'name-comma':
      return qb
        .where('surname_key', '>=', p('a'))
        .where('surname_key', '<', p('aHi'))
        .where('forename_key', '>=', p('b'))
        .where('forename_key', '<', p('bHi'));
    case 'name-either':
      // Either order; written as a UNION-friendly OR of two index ranges.
      return qb.where((eb) =>
        eb.or([
          eb.and([
            eb('surname_key', '>=', p('b')),
            eb('surname_key', '<', p('bHi')),
            eb('forename_key', '>=', p('a')),
            eb('forename_key', '<', p('aHi')),
          ]),
          eb.and([
            eb('surname_key', '>=', p('a')),
            eb('surname_key', '<', p('aHi')),
            eb('forename_key', '>=', p('b')),
            eb('forename_key', '<', p('bHi')),
          ]),
        ]),
      );
  }
}

/**
 * Each shape's page and count queries, compiled once (db/compiled.ts). The page size is part of the key
 * because it is written into the SQL as a literal (SQLite sorts a known top-N much faster: InlineLimitPlugin).
 */
function searchQueries(shape: Shape, limit: number) {
  return {
    page: compiled<SearchParams, SelectQueryBuilder<DB, 'patients', PatientListRow>>((db, p) =>
      applyShape(db.selectFrom('patients') as PatientSelect, shape, p)
        .select(LIST_COLUMNS)
        .orderBy('surname_key')
        .orderBy('forename_key')
        .orderBy('id')
        .limit(limit)
        .offset(p('offset')),
    ),
    count: compiled<SearchParams, SelectQueryBuilder<DB, 'patients', { n: number }>>((db, p) =>
      applyShape(db.selectFrom('patients') as PatientSelect, shape, p).select((eb) =>
        eb.fn.countAll<number>().as('n'),
      ),
    ),
  };
}
const SEARCH = new Map<string, ReturnType<typeof searchQueries>>();
function searchQueriesFor(shape: Shape, limit: number) {
  const key = `${shape}|${limit}`;
  let q = SEARCH.get(key);
  if (!q) {
    q = searchQueries(shape, limit);
    SEARCH.set(key, q);
  }
  return q;
}

function shapeOf(q: PatientQuery): { shape: Shape; a: string; aHi: string; b: string; bHi: string } {
  const none = { a: '', aHi: '', b: '', bHi: '' };
  switch (q.kind) {
    case 'all':
      return { shape: 'all', ...none };
    case 'nhs-number':
      return { shape: 'nhs-number', ...none, a: q.nhsNumber };
    case 'hospital-number':
      return { shape: 'hospital-number', ...none, a: q.prefix, aHi: `${q.prefix}\u{10FFFF}` };
    case 'name': {
      const range = { a: q.first, aHi: prefixUpperBound(q.first) };
      if (q.second === null) return { shape: 'name', ...none, ...range };
      const second = { b: q.second, bHi: prefixUpperBound(q.second) };
      return { shape: q.commaSeparated ? 'name-comma' : 'name-either', ...range, ...second };
    }
  }
}

export async function searchPatients(db: Kysely<DB>, raw: string, offset: number, limit: number) {
  const q = parsePatientQuery(raw);
  const { shape, ...values } = shapeOf(q);
  const params = { ...values, offset };
  const queries = searchQueriesFor(shape, limit);
  const rows = await queries.page.all(db, params);
  const count = await queries.count.first(db, params);
  const matchedBy = q.kind === 'all' ? 'all' : q.kind;
  return { items: rows.map(toPatientListItem), total: Number(count?.n ?? 0), matchedBy } as const;
}

const patientById = compiled<{ id: number }, SelectQueryBuilder<DB, 'patients' | 'users', PatientRow>>(
  (db, p) =>
    db
      .selectFrom('patients')
      .leftJoin('users', 'users.id', 'patients.lead_clinician_id')
      .selectAll('patients')
      .select('users.display_name as lead_clinician_name')
      .where('patients.id', '=', p('id')),
);
const allergiesOf = compiled<{ id: number }, SelectQueryBuilder<DB, 'allergies', Selectable<AllergiesTable>>>(
  (db, p) => db.selectFrom('allergies').selectAll().where('patient_id', '=', p('id')).orderBy('id'),
);

export async function getPatient(db: Kysely<DB>, id: number): Promise<Patient | null> {
  const row = await patientById.first(db, { id });
  if (!row) return null;
  return toPatient(row, await allergiesOf.all(db, { id }));
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
