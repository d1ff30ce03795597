import { NOT_ON_FORMULARY, type MedicineData } from '../../shared/domain/medicines';
import type { MedicineRules } from '../../shared/domain/rule-sets';
import { cleanNumber, formatNumber } from '../../shared/clinical/medicines/numbers';
import { productLines, writtenDose, type WrittenDose } from '../../shared/clinical/medicines/written-dose';
import { AppError } from '../../shared/result';

/**
 * Medicines entered as clinicians write them (issue 13): the written dose (units × strength, frequency
 * words) is worked out by the shared rules into the mg fields the totals and checks use. A typed mg that
 * disagrees with what was written is refused next to the field; nothing is saved.
 */
function refuse(field: string, message: string): never {
  throw new AppError('VALIDATION', message, { [`medicine.${field}`]: message });
}

function disagrees(typed: number | undefined, worked: number | null): boolean {
  return typed !== undefined && worked !== null && cleanNumber(typed) !== cleanNumber(worked);
}

/** The data with its dose worked out from what was written, and the written record (null: entered in mg). */
export function resolveWritten(
  data: MedicineData,
  rules: MedicineRules,
): { data: MedicineData; written: WrittenDose | null } {
  if (!data.written || data.formularyId === NOT_ON_FORMULARY) return { data, written: null };
  const w = data.written;
  const line = productLines(rules.formulary.entries).find((l) => l.id === w.productId);
  if (!line || line.formularyId !== data.formularyId)
    refuse(
      'written.productId',
      `This product is not on the formulary in use (${rules.formulary.meta.name} v${rules.formulary.meta.version}).`,
    );
  const result = writtenDose({
    line,
    strength: w.strength,
    units: w.units,
    doseKind: data.doseKind,
    frequency: w.frequency,
  });
  if (!result.ok) refuse(`written.${result.field}`, result.message);
  const v = result.value;
  const what = `${v.text.replace(/ \(.*\)$/, '')}`;
  if (data.doseKind === 'patch') {
    if (disagrees(data.patchMcgPerHour, v.patchMcgPerHour))
      refuse(
        'patchMcgPerHour',
        `The patch written is ${formatNumber(v.patchMcgPerHour!)} micrograms/hour but the dose says ` +
          `${formatNumber(data.patchMcgPerHour!)}. Enter the same strength.`,
      );
    if (disagrees(data.patchChangeEveryDays, v.patchChangeEveryDays))
      refuse('patchChangeEveryDays', `${what}: the change interval does not match.`);
    return {
      data: {
        ...data,
        strength: v.formularyStrength,
        patchMcgPerHour: v.patchMcgPerHour!,
        patchChangeEveryDays: v.patchChangeEveryDays!,
      },
      written: v,
    };
  }
  if (disagrees(data.doseMg, v.doseMg))
    refuse(
      'doseMg',
      `${what} is ${formatNumber(v.doseMg!)} mg a dose, not ${formatNumber(data.doseMg!)} mg. ` +
        'Correct the number of units or the dose.',
    );
  const out: MedicineData = { ...data, strength: v.formularyStrength, doseMg: v.doseMg! };
  if (data.doseKind === 'regular') {
    if (disagrees(data.timesPerDay, v.timesPerDay))
      refuse('timesPerDay', `"${w.frequency}" is ${v.timesPerDay} times a day, not ${data.timesPerDay}.`);
    out.timesPerDay = v.timesPerDay!;
  } else if (v.everyHours !== null) {
    if (disagrees(data.prnMinIntervalHours, v.everyHours))
      refuse(
        'prnMinIntervalHours',
        `"${w.frequency}" is at least ${formatNumber(v.everyHours)} hours between doses, not ${formatNumber(data.prnMinIntervalHours!)}.`,
      );
    out.prnMinIntervalHours = v.everyHours;
  }
  return { data: out, written: v };
}

/** The columns of a line not on the formulary: recorded as written, never counted in the OME. */
export function unlistedColumns(data: MedicineData, rules: MedicineRules) {
  const name = (data.unlistedName ?? '').trim();
  return {
    formulary_id: NOT_ON_FORMULARY,
    formulary_version: rules.formulary.meta.version,
    name,
    generic: name.toLowerCase(),
    drug_class: 'other',
    form: '',
    route: 'not known',
    strength: data.strength,
    dose_kind: data.doseKind,
    dose_mg: null,
    times_per_day: null,
    prn_max_mg_per_24h: null,
    prn_min_interval_hours: null,
    confirmed_warnings_json: null,
    patch_mcg_per_hour: null,
    patch_change_every_days: null,
    administrations_json: null,
    start_date: data.startDate,
    prescriber: data.prescriber,
    indication: data.indication,
    ome_mg_per_24h: null,
    ome_json: null,
    rule_set_id: null,
    rule_set_version: null,
    written_json: null,
    as_written: data.asWritten ?? null,
  };
}
