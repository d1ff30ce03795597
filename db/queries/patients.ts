import type { Kysely, Selectable, SelectQueryBuilder, Transaction } from 'kysely';
import type { Patient, PatientData } from '../../shared/domain/patient';
import type { PatientPage } from '../../shared/ipc/contract';
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
type SearchParams = {
  a: string;
  aHi: string;
  b: string;
  bHi: string;
  /** Several words: all of them as one surname; all after the first; all before the last. */
  c: string;
  cHi: string;
  d: string;
  dHi: string;
  e: string;
  eHi: string;
  offset: number;
};
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
      // Either order, or the words as one compound surname ("Ní Bhriain"), or a forename before or after a
      // compound surname; written as a UNION-friendly OR of index ranges.
      return qb.where((eb) =>
        eb.or([
          eb.and([eb('surname_key', '>=', p('c')), eb('surname_key', '<', p('cHi'))]),
          eb.and([
            eb('surname_key', '>=', p('d')),
            eb('surname_key', '<', p('dHi')),
            eb('forename_key', '>=', p('a')),
            eb('forename_key', '<', p('aHi')),
          ]),
          eb.and([
            eb('surname_key', '>=', p('e')),
            eb('surname_key', '<', p('eHi')),
            eb('forename_key', '>=', p('b')),
            eb('forename_key', '<', p('bHi')),
          ]),
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
/** Per shape, per page size: compiled on first use. */
const SEARCH = new Map<Shape, Map<number, ReturnType<typeof searchQueries>>>();
function searchQueriesFor(shape: Shape, limit: number) {
  let byLimit = SEARCH.get(shape);
  if (!byLimit) {
    byLimit = new Map();
    SEARCH.set(shape, byLimit);
  }
  let q = byLimit.get(limit);
  if (!q) {
    q = searchQueries(shape, limit);
    byLimit.set(limit, q);
  }
  return q;
}

/** The query as the shape of SQL it needs and that SQL's values. */
function shapeOf(q: PatientQuery, offset: number): { shape: Shape; params: SearchParams } {
  const none = { a: '', aHi: '', b: '', bHi: '', c: '', cHi: '', d: '', dHi: '', e: '', eHi: '', offset };
  switch (q.kind) {
    case 'all':
      return { shape: 'all', params: none };
    case 'nhs-number':
      return { shape: 'nhs-number', params: { ...none, a: q.nhsNumber } };
    case 'hospital-number':
      return { shape: 'hospital-number', params: { ...none, a: q.prefix, aHi: `${q.prefix}\u{10FFFF}` } };
    case 'name': {
      const a = q.first;
      const aHi = prefixUpperBound(q.first);
      if (q.second === null) return { shape: 'name', params: { ...none, a, aHi } };
      const b = q.second;
      const bHi = prefixUpperBound(b);
      if (q.commaSeparated || !q.words) return { shape: 'name-comma', params: { ...none, a, aHi, b, bHi } };
      const { all, afterFirst, beforeLast } = q.words;
      return {
        shape: 'name-either',
        params: {
          ...none,
          a,
          aHi,
          b,
          bHi,
          c: all,
          cHi: prefixUpperBound(all),
          d: afterFirst,
          dHi: prefixUpperBound(afterFirst),
          e: beforeLast,
          eHi: prefixUpperBound(beforeLast),
        },
      };
    }
  }
}

/**
 * One page of the patient list for what was typed, and how many match in all.
 */
export async function searchPatients(
  db: Kysely<DB>,
  raw: string,
  offset: number,
  limit: number,
): Promise<PatientPage> {
  const q = parsePatientQuery(raw);
  const { shape, params } = shapeOf(q, offset);
  const queries = searchQueriesFor(shape, limit);
  const [rows, count] = await Promise.all([queries.page.all(db, params), queries.count.all(db, params)]);
  return { items: rows.map(toPatientListItem), total: Number(count[0]?.n ?? 0), matchedBy: q.kind };
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

/** One patient with allergies, or null. */
export async function getPatient(db: Kysely<DB>, id: number): Promise<Patient | null> {
  const [[row], allergies] = await Promise.all([patientById.all(db, { id }), allergiesOf.all(db, { id })]);
  return row ? toPatient(row, allergies) : null;
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
    no_known_allergies: p.noKnownAllergies ? 1 : 0,
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

/** The newest saved change of a patient's details: who and when, with the audit snapshots (a conflict). */
export function lastPatientUpdate(
  db: Kysely<DB> | Transaction<DB>,
  patientId: number,
): Promise<
  { at: string; user_name: string | null; before_json: string | null; after_json: string | null } | undefined
> {
  return db
    .selectFrom('audit_log')
    .select(['at', 'user_name', 'before_json', 'after_json'])
    .where('entity', '=', 'patient')
    .where('entity_id', '=', patientId)
    .where('action', '=', 'patient.update')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
