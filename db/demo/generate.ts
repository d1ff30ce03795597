import type Database from 'better-sqlite3';
import { CHRONIC_PAIN_CATEGORIES, PAIN_SITES } from '../../shared/domain/icd11';
import { REFERRAL_SOURCES, SEXES } from '../../shared/domain/patient';
import { nameKey } from '../../shared/search';
import type { DemoContext } from './context';
import { generateInterventionsDemo } from './interventions';
import { generateMdtDemo } from './mdt';
import { generateMedicinesDemo } from './medicines';
import { createRandom, type Random } from './random';
import { generateRehabDemo } from './rehab';

/**
 * Synthetic, clearly fictional data for demonstrations, benchmarks and tests. Nothing here is a real
 * person: names are drawn at random from common lists and NHS numbers from the 999 range that the NHS
 * reserves for testing (never issued to patients).
 */
const SURNAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
  'Khan',
  'Hughes',
  'Edwards',
  'Lewis',
  "O'Brien",
  'Murphy',
  'Kelly',
  'Singh',
  'Ahmed',
  'Begum',
  'Ali',
  'Hussain',
  'Nowak',
  'Kowalski',
  'Okafor',
  'Adeyemi',
  'Mensah',
  'Chen',
  'Wong',
  'Nguyen',
  'MacDonald',
  'Campbell',
  'Stewart',
  'Morgan',
  'Price',
  'Rees',
  'Griffiths',
  'Baker',
  'Harris',
  'Martin',
  'Cooper',
  'King',
  'Lee',
  'Allen',
  'Scott',
  'Young',
  'Mitchell',
  'Turner',
  'Hill',
  'Moore',
  'Ward',
  'Morris',
  'Bennett',
  'Gray',
  'Cox',
  'Shaw',
  'Lloyd',
  'Fox',
  'Ellis',
  'Marshall',
  'Owen',
  'Pearce',
  'Dixon',
  'Chapman',
  'Mills',
  'Smith-Jones',
  'Da Silva',
  'Fernández',
  'Müller',
  'Kaur',
  'Chaudhry',
  'Ibrahim',
  'Osei',
  'Boateng',
  'Sharma',
];
const FEMALE = [
  'Olivia',
  'Amelia',
  'Isla',
  'Ava',
  'Mia',
  'Sophie',
  'Grace',
  'Emily',
  'Margaret',
  'Susan',
  'Patricia',
  'Linda',
  'Fatima',
  'Aisha',
  'Priya',
  'Zofia',
  'Chloe',
  'Hannah',
  'Joan',
  'Siobhan',
  'Niamh',
  'Chiamaka',
  'Mei',
  'Rachel',
  'Helen',
  'Karen',
];
const MALE = [
  'Oliver',
  'George',
  'Harry',
  'Jack',
  'Noah',
  'Mohammed',
  'James',
  'David',
  'John',
  'Peter',
  'Michael',
  'Robert',
  'Arjun',
  'Tomasz',
  'Kwame',
  'Daniel',
  'Liam',
  'Sean',
  'Gareth',
  'Ian',
  'Paul',
  'Stephen',
  'Wei',
  'Ahmed',
  'Rhys',
  'Callum',
];
const PRACTICES = [
  'Riverside Medical Practice',
  'Park View Surgery',
  'The Health Centre, High Street',
  'Canal Side Practice',
  'Moorland Surgery',
  'Station Road Medical Centre',
  'Abbey Lane Practice',
  'Millbrook Health Centre',
];
const POSTCODE_AREAS = ['LS', 'BD', 'HX', 'WF', 'HD', 'YO', 'S', 'M', 'OL', 'HG'];
const ALLERGENS = [
  { agent: 'Penicillin', reaction: 'Rash' },
  { agent: 'Codeine', reaction: 'Vomiting' },
  { agent: 'Iodinated contrast (iohexol)', reaction: 'Urticaria' },
  { agent: 'Chlorhexidine', reaction: 'Anaphylaxis' },
  { agent: 'Latex', reaction: 'Contact dermatitis' },
  { agent: 'Ibuprofen', reaction: 'Bronchospasm' },
];
const WHAT_MATTERS = [
  'Walking the dog to the park again.',
  'Getting back to work part-time.',
  'Singing with my choir.',
  'A full night of sleep.',
  'Playing with my grandchildren on the floor.',
  'Driving to see my sister.',
  'Coming off some of my tablets; I feel foggy.',
  'Gardening for an hour without paying for it the next day.',
];

/** A valid NHS number in the 999 test range: 999 + six digits + the Modulus 11 check digit. */
export function testNhsNumber(serial: number): string | null {
  const nine = `999${String(serial % 1_000_000).padStart(6, '0')}`;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(nine[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  return check === 10 ? null : `${nine}${check}`;
}

export const DEMO_PASSWORD = 'alongside-demo';

export const DEMO_USERS = [
  { username: 'admin', display_name: 'Alex Admin', role: 'admin' },
  { username: 'apatel', display_name: 'Dr Asha Patel', role: 'consultant' },
  { username: 'rokafor', display_name: 'Dr Richard Okafor', role: 'consultant' },
  { username: 'sjones', display_name: 'Sarah Jones', role: 'nurse' },
  { username: 'mwong', display_name: 'Mei Wong', role: 'nurse' },
  { username: 'tnowak', display_name: 'Tomasz Nowak', role: 'physiotherapist' },
  { username: 'hreed', display_name: 'Dr Helen Reed', role: 'psychologist' },
  { username: 'kbaker', display_name: 'Kiran Baker', role: 'pharmacist' },
  { username: 'lmills', display_name: 'Lucy Mills', role: 'coordinator' },
] as const;

function isoDay(rnd: Random, fromYear: number, toYear: number): string {
  const y = rnd.int(fromYear, toYear);
  const m = rnd.int(1, 12);
  const d = rnd.int(1, 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export interface DemoOptions {
  patients: number;
  seed?: number;
  /** The password hash every demo user gets (hashing is slow; do it once). */
  passwordHash: string;
  now?: Date;
  onProgress?: (done: number, total: number) => void;
  onModuleProgress?: (label: string, done: number, total: number) => void;
}

/**
 * Fills an empty, migrated database. Uses raw prepared statements inside one transaction per batch:
 * 100,000 patients load in a couple of seconds.
 */
export function generateDemo(
  sqlite: Database.Database,
  options: DemoOptions,
): { patients: number; users: number } {
  const rnd = createRandom(options.seed ?? 20261121);
  const at = (options.now ?? new Date()).toISOString();
  const insertUser = sqlite.prepare(
    'INSERT INTO users (username, display_name, role, password_hash, active, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
  );
  const insertPatient =
    sqlite.prepare(`INSERT INTO patients (nhs_number, hospital_number, surname, forename, surname_key, forename_key,
    date_of_birth, sex, postcode, gp_practice, referral_date, referral_source, lead_clinician_id, diagnosis_code, diagnosis_site,
    diagnosis_notes, what_matters, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`);
  const insertAllergy = sqlite.prepare(
    'INSERT INTO allergies (patient_id, agent, reaction, recorded_on, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertAudit = sqlite.prepare(
    'INSERT INTO audit_log (at, user_id, action, entity, entity_id, patient_id, before_json, after_json) VALUES (?, NULL, ?, ?, NULL, NULL, NULL, ?)',
  );

  const userIds: number[] = [];
  sqlite.transaction(() => {
    for (const u of DEMO_USERS) {
      userIds.push(
        Number(
          insertUser.run(u.username, u.display_name, u.role, options.passwordHash, at, at).lastInsertRowid,
        ),
      );
    }
  })();
  const consultants = userIds.filter((_, i) => DEMO_USERS[i]!.role === 'consultant');

  const batch = 5000;
  let serial = 1;
  for (let start = 0; start < options.patients; start += batch) {
    sqlite.transaction(() => {
      for (let i = start; i < Math.min(options.patients, start + batch); i += 1) {
        let nhs = testNhsNumber(serial++);
        while (nhs === null) nhs = testNhsNumber(serial++);
        const sex = rnd.chance(0.58) ? 'female' : rnd.chance(0.97) ? 'male' : rnd.pick(SEXES);
        const forename = rnd.pick(sex === 'male' ? MALE : FEMALE);
        const surname = rnd.pick(SURNAMES);
        const category = rnd.pick(CHRONIC_PAIN_CATEGORIES);
        const area = rnd.pick(POSTCODE_AREAS);
        const postcode = `${area}${rnd.int(1, 29)} ${rnd.int(1, 9)}${String.fromCharCode(65 + rnd.int(0, 25))}${String.fromCharCode(65 + rnd.int(0, 25))}`;
        const dob = isoDay(rnd, 1935, 2004);
        const referral = isoDay(rnd, 2016, 2026).replace(/^2026-(1[2-9])/, '2026-10');
        const { lastInsertRowid } = insertPatient.run(
          nhs,
          `H${String(1_000_000 + i).padStart(7, '0')}`,
          surname,
          forename,
          nameKey(surname),
          nameKey(forename),
          dob,
          sex,
          postcode,
          rnd.pick(PRACTICES),
          referral,
          rnd.pick(REFERRAL_SOURCES),
          rnd.pick(consultants),
          category.code,
          rnd.pick(PAIN_SITES),
          null,
          rnd.chance(0.6) ? rnd.pick(WHAT_MATTERS) : null,
          at,
          at,
        );
        if (rnd.chance(0.2)) {
          const a = rnd.pick(ALLERGENS);
          insertAllergy.run(Number(lastInsertRowid), a.agent, a.reaction, referral, at);
        }
      }
    })();
    options.onProgress?.(Math.min(options.patients, start + batch), options.patients);
  }
  // Each clinical module adds its own history for these patients (MDT last: it looks at the others).
  const firstPatientId = Number(sqlite.prepare('SELECT min(id) FROM patients').pluck().get() ?? 1);
  const ctx: DemoContext = {
    sqlite,
    rnd,
    now: options.now ?? new Date(),
    firstPatientId,
    patientCount: options.patients,
    users: DEMO_USERS.map((u, i) => ({ id: userIds[i]!, role: u.role, displayName: u.display_name })),
    onProgress: options.onModuleProgress,
  };
  generateMedicinesDemo(ctx);
  generateRehabDemo(ctx);
  generateInterventionsDemo(ctx);
  generateMdtDemo(ctx);
  generateAuditHistory(ctx);

  sqlite.transaction(() => {
    insertAudit.run(
      at,
      'demo.load',
      'database',
      JSON.stringify({
        patients: options.patients,
        users: DEMO_USERS.length,
        seed: options.seed ?? 20261121,
      }),
    );
    sqlite
      .prepare(
        "INSERT OR REPLACE INTO settings (key, value, updated_at, updated_by) VALUES ('demo', 'true', ?, NULL)",
      )
      .run(at);
  })();
  return { patients: options.patients, users: DEMO_USERS.length };
}

/** What a service's audit trail is mostly made of: who looked at and changed which record, and when. */
const AUDIT_HISTORY: readonly { action: string; entity: string }[] = [
  { action: 'patients.view', entity: 'patient' },
  { action: 'patients.update', entity: 'patient' },
  { action: 'medicines.add', entity: 'medicine' },
  { action: 'medicines.change', entity: 'medicine' },
  { action: 'medicines.plan.review', entity: 'taper_plan' },
  { action: 'rehab.review', entity: 'rehab_review' },
  { action: 'rehab.measure', entity: 'measure_response' },
  { action: 'interventions.request', entity: 'intervention_request' },
  { action: 'mdt.referral.create', entity: 'mdt_referral' },
  { action: 'mdt.outcome.confirm', entity: 'mdt_outcome' },
];

/**
 * Ten years of audit history, ten rows a patient (1,000,000 at 100,000 patients), so the benchmark's
 * audit trail is the size issue 8 describes. Synthetic: no before/after bodies beyond a marker.
 */
function generateAuditHistory(ctx: DemoContext): void {
  const insert = ctx.sqlite.prepare(
    'INSERT INTO audit_log (at, user_id, action, entity, entity_id, patient_id, before_json, after_json) VALUES (?, ?, ?, ?, NULL, ?, NULL, ?)',
  );
  const start = ctx.now.getTime() - 10 * 365 * 86_400_000;
  const span = ctx.now.getTime() - start;
  const perPatient = 10;
  const batch = 10_000;
  for (let from = 0; from < ctx.patientCount; from += batch) {
    ctx.sqlite.transaction(() => {
      for (let i = from; i < Math.min(ctx.patientCount, from + batch); i += 1) {
        const patientId = ctx.firstPatientId + i;
        for (let k = 0; k < perPatient; k += 1) {
          const what = ctx.rnd.pick(AUDIT_HISTORY);
          const at = new Date(start + Math.floor(ctx.rnd.next() * span)).toISOString();
          insert.run(at, ctx.rnd.pick(ctx.users).id, what.action, what.entity, patientId, '{"demo":true}');
        }
      }
    })();
  }
}
