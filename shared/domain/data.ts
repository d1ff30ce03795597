import { z } from 'zod';
import { isFormulaLike } from '../csv-cell';
import { patientInputSchema, type PatientData } from './patient';

/**
 * Data safety (issue 7): backups, restore and the patient-list import. Pure: the CSV parsing and the
 * line-level checks run the same in the main process (authoritative) and could run in the renderer.
 */

export const BACKUP_KINDS = ['daily', 'manual', 'pre-restore', 'pre-migrate', 'cli', 'other'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];
export const BACKUP_KIND_LABELS: Record<BackupKind, string> = {
  daily: 'Automatic (daily)',
  manual: 'Made by hand in the app',
  'pre-restore': 'Before a restore',
  'pre-migrate': 'Before an upgrade',
  cli: 'Made from the command line',
  other: 'Other',
};

export interface BackupInfo {
  /** File name inside the backup folder (the only handle the renderer gets: never a path). */
  name: string;
  kind: BackupKind;
  /** When it was taken (UTC instant, from the metadata inside a signed backup, else the file's time). */
  takenAt: string;
  bytes: number;
  /** Whether the file carries Alongside's metadata and MAC (checked against this installation's key on preview and restore). */
  signed: boolean;
}

/** 'valid': signed by this installation and unchanged; 'unsigned': no signature; 'altered': changed after it was taken, or signed elsewhere. */
export type BackupSignature = 'valid' | 'unsigned' | 'altered';

export interface BackupPreview extends BackupInfo {
  schemaVersion: number;
  patients: number;
  users: number;
  auditRows: number;
  /** 'ok', or why the file is not an Alongside backup this app can restore (its structure is compared with what the app builds). */
  integrity: 'ok' | string;
  signature: BackupSignature;
}

export interface DataStatus {
  databaseFile: string;
  databaseBytes: number;
  backupDir: string;
  /** Where the backup folder setting came from. */
  backupDirSource: 'default' | 'setting' | 'environment';
  /** A warning when the database file lives on a network share (SQLite locking is unsafe there). */
  networkWarning: string | null;
  lastBackupAt: string | null;
  backups: BackupInfo[];
  /** Problems the administrators must see: a failed daily backup, a failed background integrity check. */
  alerts: DataAlert[];
  rotation: { daily: number; weekly: number; monthly: number };
  /**
   * In team mode, the team server's PostgreSQL database (then there is no file, folder or backup list here:
   * the trust's IT team backs the server up with pg_dump and restores it). null on a single computer.
   */
  teamServer: TeamDatabaseStatus | null;
}

/** The team server's database as the server sees it (issue 19). */
export interface TeamDatabaseStatus {
  connected: true;
  /** The database server and database name (never a password). */
  database: string;
  /** PostgreSQL's version, e.g. "15.18". */
  serverVersion: string;
  /** The schema version applied to the database, and the newest this server brings. */
  schemaVersion: number;
  latestSchemaVersion: number;
  bytes: number;
  /** When anything was last saved (the newest audit row; UTC instant), or null on an empty database. */
  lastChangeAt: string | null;
}

export interface DataAlert {
  kind: 'backup-failed' | 'integrity-failed';
  at: string;
  message: string;
}

/** A backup's file name: letters, digits, dots, hyphens and underscores, ending .sqlite; no paths. */
export const backupNameSchema = z
  .string()
  .max(200, 'That backup name is too long.')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.sqlite$/, 'Choose a backup from the list.')
  .refine((n) => !n.includes('..'), 'Choose a backup from the list.');

export const backupDirSchema = z
  .string()
  .trim()
  .min(1, 'Enter the folder for backups.')
  .max(400, 'At most 400 characters.')
  .refine((v) => !/[\0\r\n]/.test(v), 'Enter a folder path on one line.')
  .refine(
    (v) => v.startsWith('/') || /^[A-Za-z]:[\\/]/.test(v) || v.startsWith('\\\\'),
    'Enter a full folder path (for example \\\\server\\share\\alongside or D:\\Backups).',
  );

/* ------------------------------------------------------------------ CSV import ------------------- */

export const IMPORT_MAX_CHUNK_CHARS = 400_000;
export const IMPORT_MAX_ROWS = 50_000;
export const IMPORT_ERROR_LIMIT = 500;

export const importPreviewSchema = z.strictObject({
  /** Absent on the first chunk; the answer's importId on the following ones. */
  importId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, 'Start the import again.')
    .optional(),
  chunk: z.string().max(IMPORT_MAX_CHUNK_CHARS, 'Send the file in smaller parts.'),
  /** True on the last chunk: the file is then checked and the preview returned. */
  last: z.boolean(),
});

export const importCommitSchema = z.strictObject({
  importId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Start the import again.'),
});

export interface ImportLineError {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  field: string;
  message: string;
}

export interface ImportPreview {
  importId: string;
  /** Characters received so far (for progress while sending). */
  receivedChars: number;
  /** Only on the last chunk: */
  done: boolean;
  rows: number;
  validRows: number;
  errorCount: number;
  /** The first IMPORT_ERROR_LIMIT problems, by line. */
  errors: ImportLineError[];
  /** The first few valid rows, as they will be saved. */
  sample: {
    line: number;
    nhsNumber: string | null;
    surname: string;
    forename: string;
    dateOfBirth: string;
  }[];
}

export interface ImportResult {
  imported: number;
}

/** Column headings we accept (case, spaces and underscores ignored) → patient field. */
const HEADINGS: Record<string, keyof ImportRowInput> = {
  nhsnumber: 'nhsNumber',
  nhsno: 'nhsNumber',
  nhs: 'nhsNumber',
  hospitalnumber: 'hospitalNumber',
  mrn: 'hospitalNumber',
  surname: 'surname',
  lastname: 'surname',
  familyname: 'surname',
  forename: 'forename',
  firstname: 'forename',
  givenname: 'forename',
  dateofbirth: 'dateOfBirth',
  dob: 'dateOfBirth',
  birthdate: 'dateOfBirth',
  sex: 'sex',
  gender: 'sex',
  postcode: 'postcode',
  gppractice: 'gpPractice',
  gp: 'gpPractice',
  referraldate: 'referralDate',
};

export const IMPORT_FIELD_LABELS: Record<string, string> = {
  nhsNumber: 'NHS number',
  hospitalNumber: 'Hospital number',
  surname: 'Surname',
  forename: 'Forename',
  dateOfBirth: 'Date of birth',
  sex: 'Sex',
  postcode: 'Postcode',
  gpPractice: 'GP practice',
  referralDate: 'Referral date',
  file: 'File',
};

interface ImportRowInput {
  nhsNumber: string;
  hospitalNumber: string;
  surname: string;
  forename: string;
  dateOfBirth: string;
  sex: string;
  postcode: string;
  gpPractice: string;
  referralDate: string;
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF; returns rows with their starting line numbers. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.length > 1 || cells[0] !== '') rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    if (cells.length > 1 || cells[0] !== '') rows.push({ line: rowLine, cells });
  }
  return rows;
}

const SEX_WORDS: Record<string, string> = {
  f: 'female',
  female: 'female',
  m: 'male',
  male: 'male',
  i: 'indeterminate',
  indeterminate: 'indeterminate',
  u: 'not-known',
  unknown: 'not-known',
  'not known': 'not-known',
  'not-known': 'not-known',
};

/** '07/03/1961' (UK day first) or '1961-03-07' → '1961-03-07'; anything else unchanged (then refused). */
export function normaliseImportDate(value: string): string {
  const v = value.trim();
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  if (uk) return `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
  return v;
}

export interface CheckedImport {
  rows: number;
  valid: { line: number; data: PatientData }[];
  errors: ImportLineError[];
  errorCount: number;
}

/**
 * Checks every line of a patient-list CSV: the heading row, each field (NHS number Modulus 11, real
 * dates, sex), and duplicates inside the file. Duplicates against the database are the caller's job
 * (`existing`: NHS and hospital numbers already saved).
 */
export function checkImport(
  text: string,
  existing: { nhs: ReadonlySet<string>; hospital: ReadonlySet<string> } = {
    nhs: new Set(),
    hospital: new Set(),
  },
  /** Today (YYYY-MM-DD, the service's clock): dates after it are impossible. */
  today: string = new Date().toISOString().slice(0, 10),
): CheckedImport {
  const errors: ImportLineError[] = [];
  let errorCount = 0;
  const addError = (e: ImportLineError) => {
    errorCount++;
    if (errors.length < IMPORT_ERROR_LIMIT) errors.push(e);
  };
  const rows = parseCsv(text);
  const header = rows.shift();
  if (!header) {
    addError({ line: 1, field: 'file', message: 'The file is empty.' });
    return { rows: 0, valid: [], errors, errorCount };
  }
  const columns = header.cells.map((h) => HEADINGS[h.toLowerCase().replace(/[\s_.-]/g, '')] ?? null);
  const missing = (['surname', 'forename', 'dateOfBirth', 'sex'] as const).filter(
    (f) => !columns.includes(f),
  );
  if (missing.length) {
    addError({
      line: 1,
      field: 'file',
      message: `The heading row needs columns for ${missing.map((m) => IMPORT_FIELD_LABELS[m]).join(', ')}.`,
    });
    return { rows: rows.length, valid: [], errors, errorCount };
  }
  if (rows.length > IMPORT_MAX_ROWS) {
    addError({
      line: 1,
      field: 'file',
      message: `At most ${IMPORT_MAX_ROWS.toLocaleString('en-GB')} patients in one file.`,
    });
    return { rows: rows.length, valid: [], errors, errorCount };
  }

  const seenNhs = new Map<string, number>();
  const seenHospital = new Map<string, number>();
  const valid: CheckedImport['valid'] = [];
  for (const row of rows) {
    const raw: Partial<ImportRowInput> = {};
    columns.forEach((field, i) => {
      if (field) raw[field] = (row.cells[i] ?? '').trim();
    });
    // Formula-like text (= + - @ at the start) would run in a spreadsheet if it were ever exported:
    // flagged here so that it never enters the database (issue 17; shared/csv-cell.ts).
    const formulas = (Object.keys(raw) as (keyof ImportRowInput)[]).filter((f) =>
      isFormulaLike((row.cells[columns.indexOf(f)] ?? '').trimEnd()),
    );
    if (formulas.length) {
      for (const f of formulas)
        addError({
          line: row.line,
          field: f,
          message: `${IMPORT_FIELD_LABELS[f]} ${shownValue(row.cells[columns.indexOf(f)] ?? '')} starts with "${(row.cells[columns.indexOf(f)] ?? '').charAt(0)}", which a spreadsheet would run as a formula. Remove that character.`,
        });
      continue;
    }
    const candidate = {
      nhsNumber: raw.nhsNumber || null,
      hospitalNumber: raw.hospitalNumber || null,
      surname: raw.surname ?? '',
      forename: raw.forename ?? '',
      dateOfBirth: normaliseImportDate(raw.dateOfBirth ?? ''),
      sex: SEX_WORDS[(raw.sex ?? '').toLowerCase()] ?? raw.sex ?? '',
      postcode: raw.postcode || null,
      gpPractice: raw.gpPractice || null,
      referralDate: raw.referralDate ? normaliseImportDate(raw.referralDate) : null,
    };
    const parsed = patientInputSchema.safeParse(candidate);
    if (!parsed.success) {
      const byField = new Map<string, string>();
      for (const issue of parsed.error.issues) {
        const f = issue.path.map(String).join('.') || 'file';
        if (!byField.has(f)) byField.set(f, issue.message);
      }
      for (const [field, message] of byField)
        addError({ line: row.line, field, message: withValue(message, raw[field as keyof ImportRowInput]) });
      continue;
    }
    const data = parsed.data;
    // Impossible dates: born after today or more than 130 years ago; referred after today.
    const impossible: [keyof ImportRowInput, string][] = [];
    if (data.dateOfBirth > today) impossible.push(['dateOfBirth', 'The date of birth is in the future.']);
    else if (data.dateOfBirth < `${Number(today.slice(0, 4)) - 130}${today.slice(4)}`)
      impossible.push(['dateOfBirth', 'The date of birth is more than 130 years ago.']);
    if (data.referralDate && data.referralDate > today)
      impossible.push(['referralDate', 'The referral date is in the future.']);
    if (impossible.length) {
      for (const [field, message] of impossible)
        addError({ line: row.line, field, message: withValue(message, raw[field]) });
      continue;
    }
    let duplicate = false;
    if (data.nhsNumber) {
      const first = seenNhs.get(data.nhsNumber);
      if (first !== undefined) {
        addError({
          line: row.line,
          field: 'nhsNumber',
          message: `The same NHS number is on line ${first}.`,
        });
        duplicate = true;
      } else if (existing.nhs.has(data.nhsNumber)) {
        addError({
          line: row.line,
          field: 'nhsNumber',
          message: 'A patient with this NHS number is already registered.',
        });
        duplicate = true;
      }
      seenNhs.set(data.nhsNumber, seenNhs.get(data.nhsNumber) ?? row.line);
    }
    const hn = data.hospitalNumber?.toUpperCase() ?? null;
    if (hn) {
      const first = seenHospital.get(hn);
      if (first !== undefined) {
        addError({
          line: row.line,
          field: 'hospitalNumber',
          message: `The same hospital number is on line ${first}.`,
        });
        duplicate = true;
      } else if (existing.hospital.has(hn)) {
        addError({
          line: row.line,
          field: 'hospitalNumber',
          message: 'A patient with this hospital number is already registered.',
        });
        duplicate = true;
      }
      seenHospital.set(hn, seenHospital.get(hn) ?? row.line);
    }
    if (!duplicate) valid.push({ line: row.line, data });
  }
  return { rows: rows.length, valid, errors, errorCount };
}

/** The value as it was in the file, for a message (trimmed to 40 characters). */
function shownValue(value: string): string {
  const v = value.trim();
  return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
}

function withValue(message: string, value: string | undefined): string {
  return value === undefined || value === ''
    ? `${message} (empty in the file)`
    : `${message} (in the file: ${shownValue(value)})`;
}

/** NHS and hospital numbers named in a CSV (for looking up duplicates in the database). */
export function importIdentifiers(text: string): { nhs: string[]; hospital: string[] } {
  const rows = parseCsv(text);
  const header = rows.shift();
  if (!header) return { nhs: [], hospital: [] };
  const cols = header.cells.map((h) => HEADINGS[h.toLowerCase().replace(/[\s_.-]/g, '')] ?? null);
  const nhsCol = cols.indexOf('nhsNumber');
  const hospCol = cols.indexOf('hospitalNumber');
  const nhs: string[] = [];
  const hospital: string[] = [];
  for (const r of rows) {
    if (nhsCol >= 0) {
      const v = (r.cells[nhsCol] ?? '').replace(/[\s-]/g, '');
      if (v) nhs.push(v);
    }
    if (hospCol >= 0) {
      const v = (r.cells[hospCol] ?? '').trim().toUpperCase();
      if (v) hospital.push(v);
    }
  }
  return { nhs, hospital };
}
