/**
 * Procedure catalogue: planning defaults for each pain procedure (NICE NG59 2016/2020, ASRA/ESRA 2018 bleeding-risk tiers, UK ICB policies). Procedures are
 * data, not code: every field is a default an administrator can edit and re-version.
 *
 * How the reference table was turned into fields:
 * - `imaging`: where the table lists alternatives ("fluoroscopy or US"), the first listed is the default
 *   and the rest go in `imagingAlternatives`; "X-ray" is fluoroscopy.
 * - `defaultDurationMinutes`: in-room planning minutes for one typical case (one side/level set). For a
 *   range the upper end is used (DRG stimulation 90-120 → 120). Infusions use chair time including
 *   recovery (lidocaine 60-120 min + ~30 min recovery → 150; ketamine 240 per day).
 * - `followUpWeeks`: the first planned outcome review; for a range, the lower end (2-6 weeks → 2).
 * - `bleedingRisk`: the ASRA/ESRA 2018 pain tier; `null` where the table says "n/a" (cannula-only
 *   infusions). Facet joint injection spans two tiers (low thoraco-lumbar, intermediate cervical) and one
 *   code covers both, so the higher tier is used.
 * - `minRepeatIntervalMonths`: `null` everywhere: the table gives no national figure (only "local",
 *   per-commissioner values that disagree, or unverified week-based figures), so repeat intervals live in
 *   commissioner rule sets; `repeatNote` keeps the table's wording.
 * - `isImplant`: anything that places a neuromodulation device or lead (SCS trial leads included, since
 *   the table requires an MRSA screen for the trial too); these need an MRSA screen within 4 weeks.
 * - All durations are unverified planning defaults, to be replaced by the service's own medians after
 *   30 recorded cases (the service's clinical decisions (clinical lead), interventions 6).
 */
import type { RuleSetMeta } from '../errors';
import type { BleedingRisk } from './holds';

/** Imaging modality used to guide a procedure. */
export type ImagingModality = 'none' | 'fluoroscopy' | 'ultrasound' | 'CT';

/**
 * Sedation planned for a procedure type:
 * 'none' (nothing, or not even local anaesthetic skin infiltration worth recording), 'local' (local
 * anaesthetic only), 'local-optional-sedation' (LA with light IV sedation if needed),
 * 'local-and-sedation' (LA with sedation planned), 'general-or-sedation' (general anaesthetic, or LA
 * with sedation).
 */
export type SedationPlan =
  'none' | 'local' | 'local-optional-sedation' | 'local-and-sedation' | 'general-or-sedation';

/** Where a procedure is done. */
export type ProcedureSetting = 'theatre' | 'day-case' | 'clinic' | 'day-unit';

/** Equipment a session can provide (imaging equipment is named after its modality). */
export type Equipment =
  | 'fluoroscopy'
  | 'ultrasound'
  | 'CT'
  | 'rf-generator'
  | 'stimulator-kit-and-rep'
  | 'pump-refill-kit'
  | 'monitored-chair';

/** A prerequisite of a procedure. `procedureCode` is set when it is another catalogue procedure. */
export interface ProcedurePrerequisite {
  description: string;
  procedureCode?: string;
}

/** One procedure type with its planning defaults. */
export interface ProcedureDefinition {
  code: string;
  name: string;
  defaultDurationMinutes: number;
  imaging: ImagingModality;
  imagingAlternatives: readonly ImagingModality[];
  /** True when the default imaging is ionising (fluoroscopy or CT): radiographer and pregnancy enquiry. */
  needsRadiographer: boolean;
  /** True when iodinated contrast is part of the standard technique (the contrast-allergy check applies). */
  usesContrast: boolean;
  sedation: SedationPlan;
  /** Settings the procedure may be done in. */
  settings: readonly ProcedureSetting[];
  bleedingRisk: BleedingRisk | null;
  followUpWeeks: number;
  followUpNote?: string;
  successCriterion: string;
  minRepeatIntervalMonths: number | null;
  repeatNote: string;
  prerequisites: readonly ProcedurePrerequisite[];
  isImplant: boolean;
  isDiagnosticBlock: boolean;
  /** RF or electrical stimulation: pacemakers, ICDs and other stimulators need a device plan. */
  interactsWithImplantedDevices: boolean;
  /** Equipment needed besides imaging (imaging equipment follows the imaging used for the case). */
  additionalEquipment: readonly Equipment[];
  /** Procedure-specific exclusions to review before booking (empty when none are listed). */
  exclusions: readonly string[];
  sources: string;
}

/** A versioned procedure catalogue. */
export interface ProcedureCatalogue extends RuleSetMeta {
  procedures: readonly ProcedureDefinition[];
}

const ESI_SUCCESS = '≥50% leg-pain relief plus improved function (local threshold)';
const ESI_REPEAT = 'Local cap; commonly ≤3-4 per year per region, ≥6 weeks apart (secondary sources).';
const ESI_PREREQS: readonly ProcedurePrerequisite[] = [
  { description: 'Acute and severe sciatica (NICE NG59)' },
  { description: 'Image-guided, not blind (Lancashire & South Cumbria consultation)' },
];

type Defaults = Pick<
  ProcedureDefinition,
  | 'imagingAlternatives'
  | 'usesContrast'
  | 'isImplant'
  | 'isDiagnosticBlock'
  | 'interactsWithImplantedDevices'
  | 'additionalEquipment'
  | 'exclusions'
  | 'minRepeatIntervalMonths'
>;

const DEFAULTS: Defaults = {
  imagingAlternatives: [],
  usesContrast: false,
  isImplant: false,
  isDiagnosticBlock: false,
  interactsWithImplantedDevices: false,
  additionalEquipment: [],
  exclusions: [],
  minRepeatIntervalMonths: null,
};

function procedure(
  p: Omit<ProcedureDefinition, keyof Defaults | 'needsRadiographer'> & Partial<Defaults>,
): ProcedureDefinition {
  return { ...DEFAULTS, ...p, needsRadiographer: p.imaging === 'fluoroscopy' || p.imaging === 'CT' };
}

const RF = ['rf-generator'] as const satisfies readonly Equipment[];
const STIM = ['stimulator-kit-and-rep'] as const satisfies readonly Equipment[];

/** The procedure catalogue shipped with the app (planning defaults, unverified; editable in Settings). */
export const PROCEDURE_CATALOGUE: ProcedureCatalogue = {
  id: 'pain-procedure-catalogue',
  name: 'Pain procedure catalogue (planning defaults)',
  version: '1.0.0',
  source:
    'NICE NG59, TA159, TA260, IPG767; AoMRC Evidence-Based Interventions; ICB policies; ASRA/ESRA 2018 ' +
    'bleeding-risk categories. Durations are unverified planning defaults.',
  procedures: [
    procedure({
      code: 'ESI_CAUDAL',
      name: 'Caudal epidural steroid injection',
      defaultDurationMinutes: 20,
      imaging: 'fluoroscopy',
      imagingAlternatives: ['ultrasound'],
      sedation: 'local',
      settings: ['day-case'],
      bleedingRisk: 'intermediate',
      followUpWeeks: 6,
      successCriterion: ESI_SUCCESS,
      repeatNote: ESI_REPEAT,
      prerequisites: ESI_PREREQS,
      sources: 'NG59; EBI; Lancashire & South Cumbria consultation',
    }),
    procedure({
      code: 'ESI_IL',
      name: 'Interlaminar epidural steroid injection (cervical, thoracic or lumbar)',
      defaultDurationMinutes: 25,
      imaging: 'fluoroscopy',
      sedation: 'local',
      settings: ['day-case'],
      bleedingRisk: 'intermediate',
      followUpWeeks: 6,
      successCriterion: ESI_SUCCESS,
      repeatNote: ESI_REPEAT,
      prerequisites: [...ESI_PREREQS, { description: 'Cervical: extra caution' }],
      sources: 'NG59; ASRA 2018',
    }),
    procedure({
      code: 'ESI_TF',
      name: 'Transforaminal epidural / selective nerve root block (per level)',
      defaultDurationMinutes: 30,
      imaging: 'fluoroscopy',
      usesContrast: true,
      sedation: 'local',
      settings: ['day-case'],
      bleedingRisk: 'intermediate',
      followUpWeeks: 6,
      successCriterion: ESI_SUCCESS,
      repeatNote: ESI_REPEAT,
      prerequisites: ESI_PREREQS,
      sources: 'NG59; ASRA 2018',
    }),
    procedure({
      code: 'FJI',
      name: 'Facet joint (intra-articular) injection',
      defaultDurationMinutes: 25,
      imaging: 'fluoroscopy',
      imagingAlternatives: ['CT'],
      sedation: 'none',
      settings: ['day-case'],
      bleedingRisk: 'intermediate',
      followUpWeeks: 6,
      successCriterion: 'Not defined in the sources',
      repeatNote:
        'North West: one treatment episode per area; not commissioned for non-specific low back pain (EBI). ' +
        'Tier: low thoraco-lumbar, intermediate cervical (inferred); the higher tier is the default.',
      prerequisites: [
        { description: 'Individual funding request if RF denervation is contraindicated (HWE)' },
      ],
      sources: 'EBI; North West; HWE',
    }),
    procedure({
      code: 'MBB_L',
      name: 'Lumbar/thoracic medial branch block (diagnostic)',
      defaultDurationMinutes: 25,
      imaging: 'fluoroscopy',
      imagingAlternatives: ['CT'],
      sedation: 'none',
      settings: ['day-case'],
      bleedingRisk: 'low',
      followUpWeeks: 2,
      followUpNote: 'Same-day pain diary (hours), then review at 2-6 weeks.',
      successCriterion:
        '≥50% relief for the duration of the local anaesthetic (UK ICB); stricter paradigms exist',
      repeatNote: 'Diagnostic; must be within 6 months before RF denervation (HNY).',
      prerequisites: [
        { description: 'NICE NG59 RF criteria' },
        { description: 'Moderate or severe localised back pain (≥5/10)' },
      ],
      isDiagnosticBlock: true,
      sources: 'NG59; HNY; Cohen 2020',
    }),
    procedure({
      code: 'MBB_C',
      name: 'Cervical medial branch / third occipital nerve block (diagnostic)',
      defaultDurationMinutes: 30,
      imaging: 'fluoroscopy',
      sedation: 'none',
      settings: ['day-case'],
      bleedingRisk: 'intermediate',
      followUpWeeks: 2,
      followUpNote: 'Same-day pain diary (hours), then review at 2-6 weeks.',
      successCriterion: 'As lumbar medial branch block',
      repeatNote: 'Diagnostic; as lumbar medial branch block.',
      prerequisites: [],
      isDiagnosticBlock: true,
      sources: 'ASRA 2018 (cervical = intermediate)',
    }),
    procedure({
      code: 'RFD_L',
      name: 'Lumbar facet radiofrequency denervation',
      defaultDurationMinutes: 60,
      imaging: 'fluoroscopy',
      sedation: 'local-optional-sedation',
      settings: ['day-case'],
      bleedingRisk: 'low',
      followUpWeeks: 6,
      followUpNote: 'Review at 6-12 weeks. Bilateral multi-level work: 75-90 minutes.',
      successCriterion: '≥50% relief plus global improvement at 3 months; NICE: relief ≥6-12 months',
      repeatNote:
        '≥16 months (HNY) vs one per year per area (North West): sources disagree; set per commissioner.',
      prerequisites: [
        { description: 'Positive lumbar medial branch block within 6 months (HNY)', procedureCode: 'MBB_L' },
        { description: 'No unresolved pacemaker/ICD issue' },
      ],
      interactsWithImplantedDevices: true,
      additionalEquipment: RF,
      sources: 'NG59; HNY; North West; Cohen 2010/2020',
    }),
    procedure({
      code: 'RFD_C',
      name: 'Cervical facet radiofrequency denervation',
      defaultDurationMinutes: 75,
      imaging: 'fluoroscopy',
      sedation: 'local-optional-sedation',
      settings: ['day-case'],
      bleedingRisk: 'intermediate',
      followUpWeeks: 6,
      followUpNote: 'Review at 6-12 weeks.',
      successCriterion: 'As lumbar RF denervation',
      repeatNote: 'Local.',
      prerequisites: [{ description: 'Positive cervical medial branch block', procedureCode: 'MBB_C' }],
      interactsWithImplantedDevices: true,
      additionalEquipment: RF,
      sources: 'ASRA 2018',
    }),
    procedure({
      code: 'GNB',
      name: 'Genicular nerve block (diagnostic)',
      defaultDurationMinutes: 20,
      imaging: 'fluoroscopy',
      imagingAlternatives: ['ultrasound'],
      sedation: 'none',
      settings: ['day-case', 'clinic'],
      bleedingRisk: 'low',
      followUpWeeks: 2,
      followUpNote: 'Pain diary, then review at 2-6 weeks.',
      successCriterion: 'Positive block (local threshold)',
      repeatNote: 'Diagnostic.',
      prerequisites: [{ description: 'Knee osteoarthritis; surgery not indicated or declined' }],
      isDiagnosticBlock: true,
      sources: 'NICE IPG767',
    }),
    procedure({
      code: 'RFD_GEN',
      name: 'Genicular nerve radiofrequency denervation (knee osteoarthritis)',
      defaultDurationMinutes: 45,
      imaging: 'fluoroscopy',
      imagingAlternatives: ['ultrasound'],
      sedation: 'local',
      settings: ['day-case'],
      bleedingRisk: 'low',
      followUpWeeks: 6,
      followUpNote: 'Review at 6-12 weeks.',
      successCriterion: 'Pain and function improvement; NICE: relief typically under 2 years',
      repeatNote: 'Local (relief typically under 2 years).',
      prerequisites: [{ description: 'Positive genicular nerve block', procedureCode: 'GNB' }],
      interactsWithImplantedDevices: true,
      additionalEquipment: RF,
      sources: 'NICE IPG767',
    }),
    procedure({
      code: 'SIJ_INJ',
      name: 'Sacroiliac joint injection',
      defaultDurationMinutes: 20,
      imaging: 'fluoroscopy',
      imagingAlternatives: ['CT'],
      sedation: 'none',
      settings: ['day-case'],
      bleedingRisk: 'low',
      followUpWeeks: 6,
      successCriterion: 'Local threshold',
      repeatNote: 'Local. Bleeding tier (low) not confirmed in the research copy.',
      prerequisites: [],
      sources: 'ASRA 2018 (SIJ tier not confirmed)',
    }),
    procedure({
      code: 'RFD_SIJ',
      name: 'Sacral lateral branch radiofrequency denervation',
      defaultDurationMinutes: 75,
      imaging: 'fluoroscopy',
      sedation: 'local-optional-sedation',
      settings: ['day-case'],
      bleedingRisk: 'low',
      followUpWeeks: 6,
      followUpNote: 'Review at 6-12 weeks.',
      successCriterion: 'Local threshold',
      repeatNote: 'Local. Bleeding tier (low) not confirmed in the research copy.',
      prerequisites: [
        { description: 'Positive sacroiliac joint / lateral branch block', procedureCode: 'SIJ_INJ' },
      ],
      interactsWithImplantedDevices: true,
      additionalEquipment: RF,
      sources: 'ASRA 2018',
    }),
    procedure({
      code: 'PRF_SSN',
      name: 'Pulsed radiofrequency of the suprascapular nerve',
      defaultDurationMinutes: 30,
      imaging: 'ultrasound',
      imagingAlternatives: ['fluoroscopy'],
      sedation: 'none',
      settings: ['day-case', 'clinic'],
      bleedingRisk: 'low',
      followUpWeeks: 4,
      followUpNote: 'Review at 4-6 weeks. Deep sites may be treated as higher bleeding risk.',
      successCriterion:
        '≥50% relief on a diagnostic suprascapular block before PRF; relief 4-6 months or more',
      repeatNote: 'Local; repeat on return of pain.',
      prerequisites: [{ description: 'Diagnostic suprascapular nerve block' }],
      interactsWithImplantedDevices: true,
      additionalEquipment: RF,
      sources: 'PRF series (Medical Ultrasonography; Braz J Anesthesiol); Pain Physician 2003 case',
    }),
    procedure({
      code: 'PRF_DRG',
      name: 'Pulsed radiofrequency of the dorsal root ganglion',
      defaultDurationMinutes: 45,
      imaging: 'fluoroscopy',
      sedation: 'local',
      settings: ['day-case'],
      bleedingRisk: 'intermediate',
      followUpWeeks: 6,
      successCriterion: 'Local threshold',
      repeatNote: 'Local. Tier inferred from the transforaminal route.',
      prerequisites: [],
      interactsWithImplantedDevices: true,
      additionalEquipment: RF,
      sources: 'Inferred from the ASRA transforaminal ESI category',
    }),
    procedure({
      code: 'SCS_TRIAL',
      name: 'Spinal cord stimulator trial (percutaneous leads, external generator)',
      defaultDurationMinutes: 90,
      imaging: 'fluoroscopy',
      sedation: 'local-and-sedation',
      settings: ['theatre'],
      bleedingRisk: 'high',
      followUpWeeks: 1,
      followUpNote: 'End of trial (3-8 days), with a fixed lead-removal visit.',
      successCriterion: '≥50% relief with activity, stable or reduced analgesia, patient satisfied',
      repeatNote: 'Repeat trial only if technically inadequate.',
      prerequisites: [
        { description: 'NICE TA159 criteria' },
        { description: 'Specialist MDT assessment including psychology' },
        { description: 'MRSA screen within 4 weeks' },
      ],
      isImplant: true,
      interactsWithImplantedDevices: true,
      additionalEquipment: STIM,
      sources: 'TA159; BPS 2009; Neuromodulation Foundation; HWE',
    }),
    procedure({
      code: 'SCS_IMPL',
      name: 'Spinal cord stimulator full implant (leads and generator)',
      defaultDurationMinutes: 120,
      imaging: 'fluoroscopy',
      sedation: 'general-or-sedation',
      settings: ['theatre'],
      bleedingRisk: 'high',
      followUpWeeks: 1,
      followUpNote: 'Wound check at 1-2 weeks; programming; outcomes at 26 and 52 weeks.',
      successCriterion: '≥50% relief (primary outcome in the TA159 evidence)',
      repeatNote: 'Not applicable.',
      prerequisites: [
        { description: 'Successful spinal cord stimulator trial', procedureCode: 'SCS_TRIAL' },
        { description: 'MDT sign-off' },
      ],
      isImplant: true,
      interactsWithImplantedDevices: true,
      additionalEquipment: STIM,
      sources: 'TA159',
    }),
    procedure({
      code: 'SCS_IPG',
      name: 'Stimulator generator or intrathecal pump replacement, pocket revision',
      defaultDurationMinutes: 60,
      imaging: 'none',
      imagingAlternatives: ['fluoroscopy'],
      sedation: 'local-optional-sedation',
      settings: ['theatre'],
      bleedingRisk: 'low',
      followUpWeeks: 2,
      successCriterion: 'Not defined in the sources',
      repeatNote: 'Driven by battery life.',
      prerequisites: [],
      isImplant: true,
      interactsWithImplantedDevices: true,
      additionalEquipment: STIM,
      sources: 'ASRA 2018 newsletter / UpToDate table',
    }),
    procedure({
      code: 'DRG_STIM',
      name: 'Dorsal root ganglion stimulation trial or implant',
      defaultDurationMinutes: 120,
      imaging: 'fluoroscopy',
      sedation: 'general-or-sedation',
      settings: ['theatre'],
      bleedingRisk: 'high',
      followUpWeeks: 1,
      followUpNote: 'As spinal cord stimulation. Planning time 90-120 minutes.',
      successCriterion: 'As spinal cord stimulation',
      repeatNote: 'As spinal cord stimulation.',
      prerequisites: [{ description: 'As spinal cord stimulation' }],
      isImplant: true,
      interactsWithImplantedDevices: true,
      additionalEquipment: STIM,
      sources: 'ASRA 2019 update article',
    }),
    procedure({
      code: 'ITDD_REFILL',
      name: 'Intrathecal pump refill (with reprogramming)',
      defaultDurationMinutes: 30,
      imaging: 'none',
      sedation: 'none',
      settings: ['clinic'],
      bleedingRisk: 'low',
      followUpWeeks: 6,
      followUpNote:
        'Next refill date: before the drug-stability limit and the low-reservoir alarm (6 weeks-6 months).',
      successCriterion: 'No alarm; volume discrepancy ≤2 mL',
      repeatNote:
        'Not classified for bleeding (treated as low, local decision). Refills every 6 weeks to 6 months.',
      prerequisites: [{ description: 'Current prescription; drug supply booked' }],
      additionalEquipment: ['pump-refill-kit'],
      sources: 'Medtronic; UW nursing hub; ASRA 2017 abstract; BPS ITDD 2015',
    }),
    procedure({
      code: 'BTX_MIG',
      name: 'Botulinum toxin A for chronic migraine',
      defaultDurationMinutes: 20,
      imaging: 'none',
      sedation: 'none',
      settings: ['clinic'],
      bleedingRisk: 'low',
      followUpWeeks: 24,
      followUpNote: 'Review after 2 cycles (about 24 weeks).',
      successCriterion: '≥30% fewer headache days per month after 2 cycles (NICE TA260)',
      repeatNote: 'About 12-weekly cycles (PREEMPT protocol; not in TA260; unverified).',
      prerequisites: [{ description: 'NICE TA260 criteria' }, { description: 'Medication overuse managed' }],
      sources: 'TA260; HNY',
    }),
    procedure({
      code: 'BTX_MSK',
      name: 'Botulinum toxin, other pain indications (including trigger points)',
      defaultDurationMinutes: 20,
      imaging: 'none',
      imagingAlternatives: ['ultrasound'],
      sedation: 'none',
      settings: ['clinic'],
      bleedingRisk: 'low',
      followUpWeeks: 6,
      followUpNote: 'Review at 6-12 weeks.',
      successCriterion: 'Local threshold',
      repeatNote: 'Local.',
      prerequisites: [{ description: 'Not commissioned for non-specific low back pain (EBI)' }],
      sources: 'EBI',
    }),
    procedure({
      code: 'TPI',
      name: 'Trigger point injection',
      defaultDurationMinutes: 15,
      imaging: 'none',
      imagingAlternatives: ['ultrasound'],
      sedation: 'none',
      settings: ['clinic'],
      bleedingRisk: 'low',
      followUpWeeks: 4,
      followUpNote: 'Review at 4-6 weeks.',
      successCriterion: 'Local threshold',
      repeatNote: 'Local.',
      prerequisites: [{ description: 'Not for non-specific low back pain (EBI)' }],
      sources: 'EBI; ASRA 2018 (low)',
    }),
    procedure({
      code: 'SGB',
      name: 'Stellate ganglion block',
      defaultDurationMinutes: 20,
      imaging: 'ultrasound',
      imagingAlternatives: ['fluoroscopy'],
      sedation: 'none',
      settings: ['day-case'],
      bleedingRisk: 'intermediate',
      followUpWeeks: 2,
      followUpNote: 'Review at 2-4 weeks.',
      successCriterion: "Sympathetic effect (e.g. Horner's syndrome) plus pain relief",
      repeatNote: 'Local (often a series).',
      prerequisites: [],
      sources: 'ASRA 2018 (sympathetic blocks = intermediate)',
    }),
    procedure({
      code: 'IVI_LIDO',
      name: 'Intravenous lidocaine infusion',
      defaultDurationMinutes: 150,
      imaging: 'none',
      sedation: 'none',
      settings: ['day-unit'],
      bleedingRisk: null,
      followUpWeeks: 4,
      followUpNote: 'Review at 4-6 weeks; diary over the following days. Continuous ECG, BP and SpO2.',
      successCriterion: 'Local threshold',
      repeatNote: 'Local.',
      prerequisites: [{ description: 'Fasting per local protocol' }],
      additionalEquipment: ['monitored-chair'],
      exclusions: [
        'Arrhythmia or conduction block',
        'Pacemaker',
        'Concurrent antiarrhythmic drugs',
        'Severe renal or hepatic impairment',
        'Reduced consciousness or seizure disorder',
        'Pregnancy',
        'Local anaesthetic allergy',
      ],
      sources: 'RCH protocol; Royal Free / GEH leaflets',
    }),
    procedure({
      code: 'IVI_KET',
      name: 'Intravenous ketamine infusion (chronic pain, e.g. CRPS)',
      defaultDurationMinutes: 240,
      imaging: 'none',
      sedation: 'none',
      settings: ['day-unit'],
      bleedingRisk: null,
      followUpWeeks: 4,
      followUpNote: 'Review at 4-12 weeks. Multi-day courses (4 h a day for 4-10 days).',
      successCriterion: 'CRPS: relief up to 12 weeks (moderate evidence)',
      repeatNote: 'Local.',
      prerequisites: [],
      additionalEquipment: ['monitored-chair'],
      exclusions: [
        'Poorly controlled cardiovascular disease',
        'Poorly controlled psychosis',
        'Active substance misuse (no serial infusions)',
        'Severe hepatic impairment',
        'Raised intracranial or intraocular pressure (caution)',
      ],
      sources: 'ASRA/AAPM/ASA 2018 ketamine guideline',
    }),
  ],
};

/** Finds a procedure by code in a catalogue (default: the shipped one), or undefined. */
export function findProcedure(
  code: string,
  catalogue: ProcedureCatalogue = PROCEDURE_CATALOGUE,
): ProcedureDefinition | undefined {
  return catalogue.procedures.find((p) => p.code === code);
}

/** The equipment a case needs: its imaging equipment (if any) plus the procedure's other equipment. */
export function requiredEquipment(
  procedure: ProcedureDefinition,
  imaging: ImagingModality = procedure.imaging,
): Equipment[] {
  const list: Equipment[] = imaging === 'none' ? [] : [imaging];
  for (const item of procedure.additionalEquipment) if (!list.includes(item)) list.push(item);
  return list;
}

/** True when the imaging uses ionising radiation (fluoroscopy or CT): radiographer and pregnancy enquiry. */
export function isIonisingImaging(imaging: ImagingModality): boolean {
  return imaging === 'fluoroscopy' || imaging === 'CT';
}
