/**
 * The persistent-pain episode data set: one row per episode of care (a rehabilitation plan) and collection
 * point, for national audit and benchmarking. Modelled on the established persistent-pain outcome
 * collections (the British Pain Society's National Pain Audit and the ePAQ/PROMs-style episode collections):
 * referral, start of treatment, discharge and follow-up at 6 and 12 months, with pain severity and
 * interference, self-efficacy, mood, opioid load as oral morphine equivalent, and work status.
 *
 * No direct identifiers: episodes and patients carry the service's own reference numbers, which mean
 * nothing outside it; age is in whole years at referral.
 */

export interface DatasetColumn {
  name: string;
  meaning: string;
  type: 'integer' | 'decimal' | 'date' | 'code' | 'text' | 'boolean';
  /** How the value is derived, with the rule or instrument that defines it. */
  source: string;
  /** Allowed values for codes; blank means "not recorded" wherever it appears. */
  values?: string;
}

export const DATASET_VERSION = '1.0.0';

export const DATASET_COLUMNS: readonly DatasetColumn[] = [
  {
    name: 'episode_ref',
    meaning: 'The service’s own number for the episode of care',
    type: 'integer',
    source: 'Rehabilitation plan number in Alongside',
  },
  {
    name: 'patient_ref',
    meaning: 'The service’s own number for the patient (not the NHS number)',
    type: 'integer',
    source: 'Patient number in Alongside',
  },
  {
    name: 'age_at_referral',
    meaning: 'Age in whole years on the referral date',
    type: 'integer',
    source: 'Date of birth and the episode’s referral date',
  },
  {
    name: 'sex',
    meaning: 'Sex as recorded',
    type: 'code',
    source: 'Patient record',
    values: 'female, male, indeterminate, not-known',
  },
  {
    name: 'diagnosis_icd11',
    meaning: 'Chronic pain category (ICD-11 MMS)',
    type: 'code',
    source: 'Patient record (ICD-11 MG30 chronic pain categories)',
  },
  {
    name: 'pathway',
    meaning: 'Treatment pathway of the episode',
    type: 'code',
    source: 'Rehabilitation plan',
    values: 'physiotherapy, psychology, occupational-therapy, pain-management-programme, ...',
  },
  {
    name: 'collection_point',
    meaning: 'Which collection point the row reports',
    type: 'code',
    source: 'Collection points of the rehabilitation rule set',
    values: 'referral, treatment-start, discharge, discharge-6m, discharge-12m',
  },
  {
    name: 'collection_date',
    meaning: 'Date of the collection point',
    type: 'date',
    source:
      'The plan’s referral, start or discharge date; for follow-up, the first questionnaire at that point',
  },
  {
    name: 'pain_severity',
    meaning: 'Pain severity (0-10)',
    type: 'decimal',
    source: 'Brief Pain Inventory severity score (mean of items 3-6), one decimal',
  },
  {
    name: 'pain_interference',
    meaning: 'Pain interference (0-10)',
    type: 'decimal',
    source: 'Brief Pain Inventory interference score (mean of items 9A-9G), one decimal',
  },
  {
    name: 'self_efficacy',
    meaning: 'Pain self-efficacy (0-60)',
    type: 'integer',
    source: 'Pain Self-Efficacy Questionnaire total',
  },
  { name: 'depression', meaning: 'Depression severity (0-27)', type: 'integer', source: 'PHQ-9 total' },
  { name: 'anxiety', meaning: 'Anxiety severity (0-21)', type: 'integer', source: 'GAD-7 total' },
  {
    name: 'health_today_vas',
    meaning: 'Health today (0-100)',
    type: 'integer',
    source: 'EQ-5D-5L visual analogue scale (EQ VAS); no index value',
  },
  {
    name: 'eq5d_profile',
    meaning: 'Health profile (five digits, 1-5 each)',
    type: 'code',
    source: 'EQ-5D-5L descriptive system',
  },
  {
    name: 'ome_mg_per_24h',
    meaning: 'Opioid load on the collection date, mg oral morphine equivalent per 24 hours',
    type: 'decimal',
    source: 'Medicines list as it stood on that date, UK Faculty of Pain Medicine Opioids Aware factors',
  },
  {
    name: 'ome_complete',
    meaning: 'Whether the opioid load counts every opioid',
    type: 'boolean',
    source:
      'False when a medicine could not be converted (methadone, sublingual buprenorphine, transmucosal fentanyl, no factor): the figure is then a minimum',
    values: 'true, false',
  },
  {
    name: 'work_status',
    meaning: 'Work status',
    type: 'code',
    source: 'Not yet recorded by Alongside: always blank in this version',
  },
];

export type DatasetRow = Record<string, string | number | boolean | null>;

/**
 * A CSV cell, quoted where needed and neutralised against spreadsheet formulas: text starting with = + - @
 * (or a tab or carriage return) gets a leading apostrophe so no spreadsheet runs it. Numbers are written as
 * numbers.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function datasetCsv(rows: readonly DatasetRow[]): string {
  const header = DATASET_COLUMNS.map((c) => c.name).join(',');
  const lines = rows.map((r) => DATASET_COLUMNS.map((c) => csvCell(r[c.name] ?? null)).join(','));
  return `${[header, ...lines].join('\r\n')}\r\n`;
}

export function dictionaryCsv(): string {
  const header = 'column,meaning,type,source,values';
  const lines = DATASET_COLUMNS.map((c) =>
    [c.name, c.meaning, c.type, c.source, c.values ?? ''].map((v) => csvCell(v)).join(','),
  );
  return `${[header, ...lines].join('\r\n')}\r\n`;
}

/** Whole years between a date of birth and a date (ISO yyyy-mm-dd), as a birthday is counted in the UK. */
export function ageInYears(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
