import { FORMULARY } from '../clinical/medicines/formulary';
import { medicineInputSchema, NOT_ON_FORMULARY, type MedicineData } from '../domain/medicines';
import { EXTENSION, SYSTEM } from './systems';
import { readMedicineEntryExtension } from './medicine-entry';
import { formularyProductForDmd } from './dmd';

/**
 * Medication statements read from a FHIR Bundle (issue 20, "In"). Two kinds of line:
 *
 * - Alongside's own export carries each line's exact entry: it is read back as that entry, and the
 *   database layer checks it exactly as if it were typed on the Medicines tab (the formulary in use, the dose
 *   arithmetic, the warnings and their recorded reasons). It is counted in the OME as before.
 * - Anything else (a GP Connect record, another trust's export) is kept as written: the medicine's name and
 *   dose in the words of the record, marked not on the formulary and NOT counted in the OME, with a note
 *   when its name looks like a formulary medicine so that a clinician re-enters it there. Working a dose
 *   out of another system's structured dosage would put an unchecked number into the OME total, so even a
 *   dm+d code the formulary holds only names the product (or substance) in the preview and the note.
 *
 * Only current statements are imported; stopped, completed, not taken, on hold, ended and entered-in-error
 * ones are counted and named in the preview as not imported.
 */

export interface FhirImportMedicine {
  entry: number;
  /** "Oxycodone MR 10 mg: 20 mg twice a day", for the preview. */
  label: string;
  data: MedicineData;
  /** How it was read: Alongside's own entry, or kept as written (not counted). */
  kind: 'entry' | 'as-written';
  /** What the preview says about it (e.g. "Looks like gabapentin on the formulary: ..."), or null. */
  note: string | null;
  /**
   * The dm+d code the statement carried, with the dm+d name the formulary's code table gives it (null when
   * the formulary holds no such code), or null when the statement carried none.
   */
  dmdReceived: { code: string; name: string | null } | null;
  /** The formulary product the line is recorded as (Alongside's own entry on the formulary), else null. */
  formularyProduct: string | null;
  /**
   * A line kept as written whose dm+d code the formulary holds: what the code names ("its dm+d code names
   * Codeine phosphate tablets on the formulary", or "… names the substance Morphine").
   */
  codeNames: string | null;
  /** For a line kept as written that looks like a formulary medicine: what a clinician should do. */
  advice: string | null;
}

export type MedicineRead =
  | { ok: true; medicine: FhirImportMedicine }
  | { ok: false; problems: { field: string; message: string }[] }
  | { ok: 'skip'; why: string };

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** Why a statement of this status is left out, as the preview lists it ("2 not imported: medicines stopped"). */
const SKIPPED: Record<string, string> = {
  stopped: 'medicines stopped',
  completed: 'medicines marked completed',
  'not-taken': 'medicines not taken',
  'on-hold': 'medicines on hold',
  'entered-in-error': 'medicines entered in error',
  unknown: 'medicines of unknown status',
};

/** What the medicine is called: the record's text, else its first coding's display. */
function medicineName(concept: unknown): string | null {
  if (!isObj(concept)) return null;
  return (
    str(concept.text) ??
    str(
      arr(concept.coding)
        .map((c) => (isObj(c) ? c.display : null))
        .find(str),
    )
  );
}

function dmdCode(concept: unknown): string | null {
  if (!isObj(concept)) return null;
  const c = arr(concept.coding).find(
    (x) => isObj(x) && (x.system === SYSTEM.snomed || x.system === SYSTEM.dmd) && str(x.code),
  );
  return isObj(c) ? str(c.code) : null;
}

const day = (v: unknown): string | null => {
  const s = str(v);
  return s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : null;
};

/** The formulary generic a name starts with ("Gabapentin 300mg capsules" -> gabapentin), if any. */
function looksLike(name: string): string | null {
  const lower = name.toLowerCase();
  const generics = [...new Set(FORMULARY.map((f) => f.generic.toLowerCase()))].sort(
    (a, b) => b.length - a.length,
  );
  return generics.find((g) => lower === g || lower.startsWith(`${g} `) || lower.startsWith(`${g}/`)) ?? null;
}

const FIELD_WORDS: Record<string, string> = {
  formularyId: 'medicine',
  strength: 'strength',
  doseKind: 'how it is taken',
  doseMg: 'dose',
  timesPerDay: 'times a day',
  prnMaxMgPer24h: 'most in 24 hours',
  prnMinIntervalHours: 'hours between doses',
  patchMcgPerHour: 'patch strength',
  patchChangeEveryDays: 'patch change interval',
  administrationsMg: 'doses through the day',
  written: 'dose as written',
  confirmWarnings: 'reason for going ahead',
  unlistedName: 'medicine',
  asWritten: 'dose',
  startDate: 'start date',
  prescriber: 'prescriber',
  indication: 'what it is for',
};

/** Reads one MedicationStatement. `today` is the London date the import runs on. */
export function readMedicationStatement(r: Json, entry: number, today: string): MedicineRead {
  const status = str(r.status) ?? 'unknown';
  if (status in SKIPPED) return { ok: 'skip', why: SKIPPED[status]! };
  const period = isObj(r.effectivePeriod) ? r.effectivePeriod : {};
  const ended = day(period.end);
  if (ended && ended < today) return { ok: 'skip', why: 'medicines that ended before today' };

  const own = readMedicineEntryExtension(r.extension);
  if (own) {
    const parsed = medicineInputSchema.safeParse(own);
    if (!parsed.success)
      return {
        ok: false,
        problems: parsed.error.issues.map((i) => ({
          field: `Medicine: ${FIELD_WORDS[String(i.path[0] ?? '')] ?? 'entry'}`,
          message: i.message,
        })),
      };
    const name = medicineName(r.medicationCodeableConcept) ?? parsed.data.formularyId;
    const dose = arr(r.dosage)
      .filter(isObj)
      .map((d) => str(d.text))
      .find(Boolean);
    const product =
      parsed.data.formularyId === NOT_ON_FORMULARY
        ? null
        : (FORMULARY.find((f) => f.id === parsed.data.formularyId)?.name ?? null);
    return {
      ok: true,
      medicine: {
        entry,
        label: dose ? `${name}: ${dose}` : name,
        data: parsed.data,
        kind: 'entry',
        note: null,
        dmdReceived: received(dmdCode(r.medicationCodeableConcept)),
        formularyProduct: product,
        codeNames: null,
        advice: null,
      },
    };
  }

  const name = medicineName(r.medicationCodeableConcept);
  if (!name)
    return {
      ok: false,
      problems: [{ field: 'Medicine', message: 'The statement does not name the medicine.' }],
    };
  const start = day(period.start) ?? day(r.effectiveDateTime) ?? day(r.dateAsserted);
  if (!start)
    return {
      ok: false,
      problems: [{ field: 'Medicine: start date', message: 'The statement gives no date for the medicine.' }],
    };
  const dosages = arr(r.dosage).filter(isObj);
  const doseText = dosages
    .map((d) => str(d.text))
    .filter(Boolean)
    .join('; ');
  const asNeeded = dosages.some((d) => d.asNeededBoolean === true || isObj(d.asNeededCodeableConcept));
  const orgType = arr(r.extension).find(
    (e) => isObj(e) && e.url === EXTENSION.medicationPrescribingOrganizationType,
  );
  const byOther = JSON.stringify(orgType ?? {}).includes('prescribed-by-another-organisation');
  const reason = arr(r.reasonCode).map(medicineName).find(Boolean);
  const parsed = medicineInputSchema.safeParse({
    formularyId: NOT_ON_FORMULARY,
    doseKind: asNeeded ? 'prn' : 'regular',
    unlistedName: name.slice(0, 120),
    asWritten: (
      (doseText || 'Dose not stated in the imported record') +
      (byOther ? ' (prescribed by another organisation)' : '')
    ).slice(0, 300),
    startDate: start,
    // A GP record lists what the practice issues; a line from elsewhere says so in its dose text.
    prescriber: 'gp',
    indication: (reason ?? 'Not stated in the imported record').slice(0, 200),
  });
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({
        field: `Medicine: ${FIELD_WORDS[String(i.path[0] ?? '')] ?? 'entry'}`,
        message: i.message,
      })),
    };
  const code = dmdCode(r.medicationCodeableConcept);
  // A dm+d code the formulary holds names the product (a VMP) or the substance (a VTM); the dose is still
  // checked by hand, so the line is kept as written either way.
  const held = code ? formularyProductForDmd(code) : null;
  const heldProduct =
    held && held.concept !== held.vtm ? FORMULARY.find((f) => f.id === held.productId)?.name : undefined;
  const like = heldProduct ?? looksLike(name);
  const advice = like ? `It looks like ${like} on the formulary: enter it there to count it.` : null;
  const notes = [
    'Kept as written and not counted in the OME.',
    advice,
    code
      ? held
        ? `Its dm+d code (${code}) is ${held.concept.name} in dm+d.`
        : `Its dm+d code (${code}) is not among the dm+d codes the formulary holds.`
      : null,
  ].filter(Boolean);
  return {
    ok: true,
    medicine: {
      entry,
      label: doseText ? `${name}: ${doseText}` : name,
      data: parsed.data,
      kind: 'as-written',
      note: notes.join(' '),
      dmdReceived: received(code),
      formularyProduct: null,
      codeNames: held
        ? heldProduct
          ? `its dm+d code names ${heldProduct} on the formulary`
          : `its dm+d code names the substance ${held.concept.name}`
        : null,
      advice,
    },
  };
}

/** A received dm+d code with the name the formulary's code table gives it, if held. */
function received(code: string | null): FhirImportMedicine['dmdReceived'] {
  return code ? { code, name: formularyProductForDmd(code)?.concept.name ?? null } : null;
}
