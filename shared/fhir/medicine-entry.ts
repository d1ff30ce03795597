import type { Dosage, Extension } from '@medplum/fhirtypes';
import {
  DOSE_KINDS,
  NOT_ON_FORMULARY,
  PRESCRIBERS,
  type MedicineEntry,
  type MedicineInput,
} from '../domain/medicines';

/**
 * A medicine line's exact entry carried inside its exported MedicationStatement, so that Alongside can read
 * its own export back into an empty database with nothing lost (issue 20: "exports and re-imports with no
 * loss"). The standard FHIR elements (text, structured dosage, reason) are written as well, for other
 * systems; this extension is only for Alongside. What it carries is re-checked on import by the same
 * schema and the same service checks as a line typed on the Medicines tab: the file is never trusted.
 */
export const MEDICINE_ENTRY_EXTENSION = 'urn:alongside:medicine-entry';

type Kind = 'string' | 'decimal' | 'integer';
/** Every field of the entry, with how it is written (flat: nested fields are joined with a dot). */
const FIELDS: Record<string, Kind> = {
  formularyId: 'string',
  strength: 'string',
  doseKind: 'string',
  doseMg: 'decimal',
  timesPerDay: 'integer',
  prnMaxMgPer24h: 'decimal',
  prnMinIntervalHours: 'decimal',
  patchMcgPerHour: 'decimal',
  patchChangeEveryDays: 'integer',
  administrationsMg: 'string',
  'written.productId': 'string',
  'written.strength': 'string',
  'written.units': 'decimal',
  'written.frequency': 'string',
  'confirmWarnings.codes': 'string',
  'confirmWarnings.reason': 'string',
  unlistedName: 'string',
  asWritten: 'string',
  startDate: 'string',
  prescriber: 'string',
  indication: 'string',
};

/** The entry that recreates this version of the line (what the Medicines tab would have sent). */
export function medicineInputOf(m: MedicineEntry): MedicineInput {
  const input: MedicineInput = {
    formularyId: m.notOnFormulary ? NOT_ON_FORMULARY : m.formularyId,
    strength: m.strength,
    doseKind: m.doseKind,
    startDate: m.startDate,
    prescriber: m.prescriber,
    indication: m.indication,
  };
  if (m.notOnFormulary) {
    input.unlistedName = m.name;
    if (m.asWritten) input.asWritten = m.asWritten;
    return input;
  }
  if (m.doseKind === 'patch') {
    if (m.patchMcgPerHour !== null) input.patchMcgPerHour = m.patchMcgPerHour;
    if (m.patchChangeEveryDays !== null) input.patchChangeEveryDays = m.patchChangeEveryDays;
  } else if (m.administrationsMg) {
    input.administrationsMg = m.administrationsMg;
    if (m.timesPerDay !== null) input.timesPerDay = m.timesPerDay;
  } else {
    if (m.doseMg !== null) input.doseMg = m.doseMg;
    if (m.timesPerDay !== null) input.timesPerDay = m.timesPerDay;
  }
  if (m.doseKind === 'prn') {
    if (m.prnMaxMgPer24h !== null) input.prnMaxMgPer24h = m.prnMaxMgPer24h;
    if (m.prnMinIntervalHours !== null) input.prnMinIntervalHours = m.prnMinIntervalHours;
  }
  if (m.written)
    input.written = {
      productId: m.written.productId,
      strength: m.written.strength,
      units: m.written.units,
      frequency: m.written.frequency,
    };
  if (m.confirmedWarnings) input.confirmWarnings = m.confirmedWarnings;
  return input;
}

function flatten(input: MedicineInput): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (key === 'administrationsMg') out.push([key, (value as number[]).join(', ')]);
    else if (key === 'confirmWarnings') {
      const c = value as { codes: string[]; reason: string };
      out.push(['confirmWarnings.codes', c.codes.join(' ')], ['confirmWarnings.reason', c.reason]);
    } else if (key === 'written')
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out.push([`written.${k}`, v]);
    else out.push([key, value]);
  }
  return out;
}

/** The extension carrying the entry (one sub-extension a field, typed). */
export function medicineEntryExtension(input: MedicineInput): Extension {
  return {
    url: MEDICINE_ENTRY_EXTENSION,
    extension: flatten(input)
      .filter(([key]) => key in FIELDS)
      .map(([key, value]) => {
        const kind = FIELDS[key]!;
        if (kind === 'string') return { url: key, valueString: String(value) };
        if (kind === 'integer') return { url: key, valueInteger: Number(value) };
        return { url: key, valueDecimal: Number(value) };
      }),
  };
}

/**
 * The entry read back from the extension, or null when the resource has none. Unknown or mistyped parts are
 * left out (the schema then names what is missing); nothing here decides whether the entry is valid.
 */
export function readMedicineEntryExtension(extensions: unknown): Record<string, unknown> | null {
  if (!Array.isArray(extensions)) return null;
  const ext = extensions.find(
    (e): e is Extension =>
      typeof e === 'object' && e !== null && (e as Extension).url === MEDICINE_ENTRY_EXTENSION,
  );
  if (!ext || !Array.isArray(ext.extension)) return null;
  const out: Record<string, unknown> = {};
  for (const part of ext.extension) {
    const kind = FIELDS[part.url];
    if (!kind) continue;
    const value =
      kind === 'string' ? part.valueString : kind === 'integer' ? part.valueInteger : part.valueDecimal;
    if (value === undefined) continue;
    const [head, tail] = part.url.split('.') as [string, string | undefined];
    if (head === 'administrationsMg') {
      out[head] = String(value)
        .split(',')
        .map((s) => Number(s.trim()));
    } else if (head === 'confirmWarnings' && tail) {
      const c = (out[head] ??= {}) as Record<string, unknown>;
      c[tail] = tail === 'codes' ? String(value).split(' ').filter(Boolean) : value;
    } else if (tail) {
      ((out[head] ??= {}) as Record<string, unknown>)[tail] = value;
    } else out[head] = value;
  }
  if (typeof out.doseKind === 'string' && !(DOSE_KINDS as readonly string[]).includes(out.doseKind))
    delete out.doseKind;
  if (typeof out.prescriber === 'string' && !(PRESCRIBERS as readonly string[]).includes(out.prescriber))
    delete out.prescriber;
  return out;
}

const UCUM = 'http://unitsofmeasure.org';

/**
 * The dose in FHIR's structured form, for systems other than Alongside: mg a dose and times a day (regular),
 * mg a dose with the shortest interval and the most in 24 hours (as needed), or micrograms an hour changed
 * every N days (patches). The text says the same in words.
 */
export function structuredDosage(m: MedicineEntry): Omit<Dosage, 'text' | 'route'> {
  if (m.notOnFormulary) return {};
  const mg = (value: number) => ({ value, unit: 'mg', system: UCUM, code: 'mg' });
  if (m.doseKind === 'patch') {
    return m.patchMcgPerHour !== null && m.patchChangeEveryDays !== null
      ? {
          timing: { repeat: { frequency: 1, period: m.patchChangeEveryDays, periodUnit: 'd' } },
          doseAndRate: [
            {
              rateQuantity: {
                value: m.patchMcgPerHour,
                unit: 'microgram/hour',
                system: UCUM,
                code: 'ug/h',
              },
            },
          ],
        }
      : {};
  }
  const out: Omit<Dosage, 'text' | 'route'> = {};
  if (m.doseMg !== null) out.doseAndRate = [{ doseQuantity: mg(m.doseMg) }];
  if (m.doseKind === 'regular' && m.timesPerDay !== null)
    out.timing = { repeat: { frequency: m.timesPerDay, period: 1, periodUnit: 'd' } };
  if (m.doseKind === 'prn') {
    if (m.prnMinIntervalHours !== null)
      out.timing = { repeat: { frequency: 1, period: m.prnMinIntervalHours, periodUnit: 'h' } };
    if (m.prnMaxMgPer24h !== null)
      out.maxDosePerPeriod = {
        numerator: mg(m.prnMaxMgPer24h),
        denominator: { value: 1, unit: 'day', system: UCUM, code: 'd' },
      };
  }
  return out;
}
