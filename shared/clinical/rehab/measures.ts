/**
 * Outcome measure definitions as data: what each questionnaire looks like to the app (item count, answer
 * ranges, answer layout), whether its item wording may be shown, how it is scored, its bands, and the change
 * thresholds with their sources.
 *
 * Licences (product decision): item wording is shown only for PHQ-9, GAD-7, PSFS and STarT Back. For BPI,
 * EQ-5D-5L, SWEMWBS, PSEQ, PCS and TSK-11 the app records item scores typed in from the service's licensed
 * forms and carries no item text; the `entryLabels` below are short positional labels for the score-entry
 * grid (which box is which), not item wording.
 *
 * Every threshold here is a default that a clinical lead must approve; it is versioned with the rule set.
 */
import type { RuleSetMeta } from '../errors';

/** The measures this module scores. */
export type MeasureId =
  'PHQ-9' | 'GAD-7' | 'PSEQ' | 'SWEMWBS' | 'PSFS' | 'BPI' | 'EQ-5D-5L' | 'PCS' | 'TSK-11' | 'STarT Back';

/** All measure ids, in the order they are usually shown. */
export const MEASURE_IDS: readonly MeasureId[] = [
  'PHQ-9',
  'GAD-7',
  'PSEQ',
  'SWEMWBS',
  'PSFS',
  'BPI',
  'EQ-5D-5L',
  'PCS',
  'TSK-11',
  'STarT Back',
];

/** The rule set every score and change flag from this module records. */
export const REHAB_MEASURES_RULE_SET: RuleSetMeta = {
  id: 'rehab-outcome-measures',
  name: 'Outcome measure scoring, bands and change thresholds (Alongside defaults)',
  version: '1.0.0',
  source:
    'Alongside domain review of rehabilitation outcome measures (November 2026); product decisions "Rehabilitation and ' +
    'outcome measures". Not clinical sign-off: thresholds must be approved by the clinical leads.',
};

/** Allowed answers for a run of items (1-based item numbers, inclusive). Answers are whole numbers. */
export interface AnswerRange {
  fromItem: number;
  toItem: number;
  min: number;
  max: number;
}

/** A labelled score band. A score belongs to the last band whose `min` it reaches (see `bandFor`). */
export interface ScoreBand {
  min: number;
  max: number;
  label: string;
}

/** How strong the evidence for a number is, as graded in the reference. */
export type Evidence = 'verified' | 'secondary' | 'unverified';

/** A change threshold with its source. */
export interface ChangeThreshold {
  /** MIC/MCID, MDC, reliable change, or the Paretian classification (EQ-5D). */
  kind: 'MIC' | 'MDC' | 'reliable change' | 'Paretian classification';
  value: number;
  /** Points on the scale, percent of the starting score, or levels (EQ-5D dimensions). */
  unit: 'points' | 'percent' | 'level';
  /** Which score it applies to, in words. */
  appliesTo: string;
  source: string;
  evidence: Evidence;
}

/** The threshold `meaningfulChange` applies to one score of a measure, and why that one was chosen. */
export interface ChangeFlagRule {
  /** `total`, `metric` (SWEMWBS), `profile` (EQ-5D-5L) or a subscale key such as `interference`. */
  scale: string;
  threshold: ChangeThreshold;
  why: string;
}

/** One item whose wording may be shown (PHQ-9, GAD-7, PSFS, STarT Back only). */
export interface MeasureItem {
  number: number;
  text: string;
}

/** A response option with the value it scores. */
export interface ResponseOption {
  value: number;
  label: string;
}

/** A subscale: which items (1-based) and how they combine. */
export interface SubscaleDefinition {
  key: string;
  name: string;
  items: readonly number[];
  scoring: 'sum' | 'mean' | 'single item';
}

/** Licence status as it affects the screen. */
export interface LicenceNote {
  mode: 'item wording shown' | 'item scores typed from the licensed form';
  holder: string;
  note: string;
}

/** Everything the app knows about one measure. */
export interface MeasureDefinition {
  id: MeasureId;
  name: string;
  /** Number of answers `scoreMeasure` expects (the most allowed, for PSFS). */
  itemCount: number;
  /** Fewest answers allowed (equal to `itemCount` except PSFS, which takes 1 to 5 activities). */
  minItemCount: number;
  answerRanges: readonly AnswerRange[];
  /** Short positional labels for the score-entry grid; not item wording. */
  entryLabels: readonly string[];
  licence: LicenceNote;
  /** Question stem, only where wording may be shown. */
  stem?: string;
  /** Item wording, only for PHQ-9, GAD-7, PSFS and STarT Back. */
  items?: readonly MeasureItem[];
  /** Response options with wording, only where wording may be shown. */
  responseOptions?: readonly (ResponseOption & { items?: readonly number[] })[];
  /** Attribution that must stay with the wording. */
  attribution?: string;
  /** What `total` holds and its range. */
  total: { description: string; min: number; max: number };
  subscales?: readonly SubscaleDefinition[];
  bands?: readonly ScoreBand[];
  /** Which direction is better on the total (and on the flagged scales). */
  higherIsBetter: boolean;
  /** Minimal (clinically) important change, where the reference gives one. */
  mic?: ChangeThreshold;
  /** Minimal detectable change, where the reference gives one. */
  mdc?: ChangeThreshold;
  /** Further thresholds found in the reference, kept for display and for a later rule-set choice. */
  otherThresholds?: readonly ChangeThreshold[];
  /** What `meaningfulChange` applies, first entry = default scale. Empty: the measure has no change rule. */
  changeFlags: readonly ChangeFlagRule[];
  /** The missing-item rule applied, in words. */
  missingItems: string;
  sources: readonly string[];
  /** Further notes for clinicians and the clinical lead. */
  notes?: readonly string[];
  /**
   * Items whose answer is a risk signal: an answer above `above` opens a persistent risk alert that stays open
   * until a clinician acknowledges it with the action taken; a blank answer prompts the clinician to ask it.
   */
  riskItems?: readonly RiskItemRule[];
}

/** A risk item of a measure (e.g. PHQ-9 item 9, the self-harm item). */
export interface RiskItemRule {
  /** 1-based item number. */
  item: number;
  /** An answer strictly above this raises the alert. */
  above: number;
  /** What the item asks about, in words a clinician uses. */
  label: string;
  source: string;
}

const PHQ_OPTIONS: readonly ResponseOption[] = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'Several days' },
  { value: 2, label: 'More than half the days' },
  { value: 3, label: 'Nearly every day' },
];

const PHQ_GAD_STEM =
  'Over the last 2 weeks, how often have you been bothered by any of the following problems?';

const PHQ_GAD_ATTRIBUTION =
  'Developed by Drs Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational ' +
  'grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.';

function itemLabels(count: number, prefix = 'Item'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`);
}

const SAFER_FLAG_WHY =
  'The flag uses the larger of the minimal important change and the measurement-error threshold (MDC or ' +
  'reliable change) given in the reference, so a flagged change is both beyond measurement error and large ' +
  'enough to matter.';

/** Measure definitions keyed by id. */
export const MEASURES: Readonly<Record<MeasureId, MeasureDefinition>> = {
  'PHQ-9': {
    id: 'PHQ-9',
    name: 'Patient Health Questionnaire (PHQ-9)',
    itemCount: 9,
    minItemCount: 9,
    answerRanges: [{ fromItem: 1, toItem: 9, min: 0, max: 3 }],
    entryLabels: itemLabels(9),
    licence: {
      mode: 'item wording shown',
      holder: 'Public domain (Pfizer / phqscreeners)',
      note: 'Public domain: no permission required to reproduce, translate, display or distribute.',
    },
    stem: PHQ_GAD_STEM,
    items: [
      { number: 1, text: 'Little interest or pleasure in doing things' },
      { number: 2, text: 'Feeling down, depressed, or hopeless' },
      { number: 3, text: 'Trouble falling or staying asleep, or sleeping too much' },
      { number: 4, text: 'Feeling tired or having little energy' },
      { number: 5, text: 'Poor appetite or overeating' },
      {
        number: 6,
        text: 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
      },
      {
        number: 7,
        text: 'Trouble concentrating on things, such as reading the newspaper or watching television',
      },
      {
        number: 8,
        text:
          'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so ' +
          'fidgety or restless that you have been moving around a lot more than usual',
      },
      { number: 9, text: 'Thoughts that you would be better off dead or of hurting yourself in some way' },
    ],
    responseOptions: PHQ_OPTIONS,
    attribution: PHQ_GAD_ATTRIBUTION,
    total: { description: 'Sum of items 1–9', min: 0, max: 27 },
    bands: [
      { min: 0, max: 4, label: 'minimal' },
      { min: 5, max: 9, label: 'mild' },
      { min: 10, max: 14, label: 'moderate' },
      { min: 15, max: 19, label: 'moderately severe' },
      { min: 20, max: 27, label: 'severe' },
    ],
    higherIsBetter: false,
    changeFlags: [
      {
        scale: 'total',
        threshold: {
          kind: 'reliable change',
          value: 6,
          unit: 'points',
          appliesTo: 'total',
          source: 'NHS Talking Therapies (IAPT) manual',
          evidence: 'secondary',
        },
        why: 'No minimal important change is given in the reference; the NHS Talking Therapies reliable change (6 points) is used.',
      },
    ],
    missingItems:
      'Complete responses only: any missing item leaves the total unscored. Optional (off by default, needs ' +
      'clinical sign-off): prorate when 1 or 2 items are missing, mean of answered items × 9 rounded to the ' +
      'nearest whole number (halves up), flagged as prorated.',
    sources: [
      'Bands 0–4/5–9/10–14/15–19/20–27: awell-score interpretation table (verified)',
      'Licence: phqscreeners statement quoted in CamCOPS docs (verified)',
    ],
    riskItems: [
      {
        item: 9,
        above: 0,
        label: 'thoughts of being better off dead or of self-harm',
        source:
          'Standard practice: any non-zero answer to PHQ-9 item 9 needs an immediate clinician response, ' +
          'whatever the total (Kroenke, Spitzer & Williams 2001).',
      },
    ],
    notes: [
      'Any answer above 0 on item 9 raises an alert for the responsible clinician, whatever the total.',
      'Caseness (NHS Talking Therapies) is 10 or more; "recovery" is moving below 10.',
      'The extra functional-difficulty question is not scored and is not part of the 9 answers.',
    ],
  },

  'GAD-7': {
    id: 'GAD-7',
    name: 'Generalised Anxiety Disorder scale (GAD-7)',
    itemCount: 7,
    minItemCount: 7,
    answerRanges: [{ fromItem: 1, toItem: 7, min: 0, max: 3 }],
    entryLabels: itemLabels(7),
    licence: {
      mode: 'item wording shown',
      holder: 'Public domain (Pfizer / phqscreeners)',
      note: 'Public domain: no permission required to reproduce, translate, display or distribute.',
    },
    stem: PHQ_GAD_STEM,
    items: [
      { number: 1, text: 'Feeling nervous, anxious, or on edge' },
      { number: 2, text: 'Not being able to stop or control worrying' },
      { number: 3, text: 'Worrying too much about different things' },
      { number: 4, text: 'Trouble relaxing' },
      { number: 5, text: 'Being so restless that it is hard to sit still' },
      { number: 6, text: 'Becoming easily annoyed or irritable' },
      { number: 7, text: 'Feeling afraid as if something awful might happen' },
    ],
    responseOptions: PHQ_OPTIONS,
    attribution: PHQ_GAD_ATTRIBUTION,
    total: { description: 'Sum of items 1–7', min: 0, max: 21 },
    bands: [
      { min: 0, max: 4, label: 'minimal' },
      { min: 5, max: 9, label: 'mild' },
      { min: 10, max: 14, label: 'moderate' },
      { min: 15, max: 21, label: 'severe' },
    ],
    higherIsBetter: false,
    changeFlags: [
      {
        scale: 'total',
        threshold: {
          kind: 'reliable change',
          value: 4,
          unit: 'points',
          appliesTo: 'total',
          source: 'NHS Talking Therapies (IAPT) manual',
          evidence: 'secondary',
        },
        why: 'No minimal important change is given in the reference; the NHS Talking Therapies reliable change (4 points) is used.',
      },
    ],
    missingItems:
      'Complete responses only: any missing item leaves the total unscored (no rule in the source).',
    sources: [
      'Bands 0–4/5–9/10–14/15–21: GAD-7 form copy with Pfizer notice (verified)',
      'Licence: public domain, as PHQ (verified)',
    ],
    notes: ['10 or more is the usual screening cut-off; 8 or more is NHS Talking Therapies caseness.'],
  },

  PSEQ: {
    id: 'PSEQ',
    name: 'Pain Self-Efficacy Questionnaire (PSEQ)',
    itemCount: 10,
    minItemCount: 10,
    answerRanges: [{ fromItem: 1, toItem: 10, min: 0, max: 6 }],
    entryLabels: itemLabels(10),
    licence: {
      mode: 'item scores typed from the licensed form',
      holder: 'M. Nicholas, University of Sydney',
      note:
        'Widely reproduced without fee, but terms for embedding in software were not found: score entry ' +
        'only until the author confirms.',
    },
    total: { description: 'Sum of items 1–10 (higher = more confident)', min: 0, max: 60 },
    bands: [
      { min: 0, max: 19, label: 'severe' },
      { min: 20, max: 30, label: 'moderate' },
      { min: 31, max: 40, label: 'mild' },
      { min: 41, max: 60, label: 'minimal' },
    ],
    higherIsBetter: true,
    mic: {
      kind: 'MIC',
      value: 11,
      unit: 'points',
      appliesTo: 'total',
      source: 'Maughan & Lewis, Eur Spine J 2010 (SEM-based, chronic low back pain)',
      evidence: 'verified',
    },
    otherThresholds: [
      {
        kind: 'MIC',
        value: 6.5,
        unit: 'points',
        appliesTo: 'total',
        source: 'Japanese chronic low back pain study',
        evidence: 'verified',
      },
      {
        kind: 'MIC',
        value: 7,
        unit: 'points',
        appliesTo: 'total',
        source: 'Commonly quoted value',
        evidence: 'unverified',
      },
    ],
    changeFlags: [
      {
        scale: 'total',
        threshold: {
          kind: 'MIC',
          value: 11,
          unit: 'points',
          appliesTo: 'total',
          source: 'Maughan & Lewis, Eur Spine J 2010 (SEM-based, chronic low back pain)',
          evidence: 'verified',
        },
        why:
          'Published estimates range from about 6.5 to 11 points; the larger, SEM-based UK value is used so a ' +
          'flagged change is beyond measurement error. The clinical lead may choose 6.5 or 7 instead.',
      },
    ],
    missingItems:
      'Complete responses only: any missing item leaves the total unscored. Optional (off by default, needs ' +
      'clinical sign-off): prorate when exactly 1 item is missing, mean of answered items × 10 rounded to the ' +
      'nearest whole number (halves up), flagged as prorated.',
    sources: [
      'Scoring: Nicholas 2007 (verified)',
      'Bands 0–19 severe, 20–30 moderate, 31–40 mild, 41–60 minimal: Nicholas et al. 2019 clinic norms as ' +
        'used by ePPOC (secondary)',
    ],
    notes: ['Bands describe the level of self-efficacy problem: "severe" means very low confidence.'],
  },

  SWEMWBS: {
    id: 'SWEMWBS',
    name: 'Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)',
    itemCount: 7,
    minItemCount: 7,
    answerRanges: [{ fromItem: 1, toItem: 7, min: 1, max: 5 }],
    entryLabels: itemLabels(7),
    licence: {
      mode: 'item scores typed from the licensed form',
      holder: 'NHS Health Scotland, University of Warwick and University of Edinburgh',
      note:
        'Licence required (free non-commercial for NHS; commercial licence for suppliers). No item text ' +
        'in the app; no changes to items allowed.',
    },
    total: {
      description: 'Raw total: sum of items 1–7 (no reverse items), with the converted (Rasch metric) score',
      min: 7,
      max: 35,
    },
    higherIsBetter: true,
    mic: {
      kind: 'MIC',
      value: 1.03,
      unit: 'points',
      appliesTo: 'metric score',
      source: 'Shah et al., HQLO 2018 (1 SEM)',
      evidence: 'verified',
    },
    mdc: {
      kind: 'MDC',
      value: 2.87,
      unit: 'points',
      appliesTo: 'metric score',
      source: 'Shah et al., HQLO 2018 (2.77 SEM)',
      evidence: 'verified',
    },
    changeFlags: [
      {
        scale: 'metric',
        threshold: {
          kind: 'MDC',
          value: 2.87,
          unit: 'points',
          appliesTo: 'metric score',
          source: 'Shah et al., HQLO 2018 (2.77 SEM)',
          evidence: 'verified',
        },
        why: SAFER_FLAG_WHY,
      },
    ],
    missingItems: 'Complete responses only: any missing item leaves the score unscored (no rule retrieved).',
    sources: [
      'Scoring and conversion: Warwick scoring guidance; conversion table cross-checked against two ' +
        'public research scripts (secondary; check against the licensed Warwick table)',
    ],
    notes: [
      'No bands are shipped until they are taken from the Warwick user guide.',
      'Population norm (Health Survey for England 2010–13): mean 23.7 men, 23.2 women (metric).',
    ],
  },

  PSFS: {
    id: 'PSFS',
    name: 'Patient-Specific Functional Scale (PSFS)',
    itemCount: 5,
    minItemCount: 1,
    answerRanges: [{ fromItem: 1, toItem: 5, min: 0, max: 10 }],
    entryLabels: itemLabels(5, 'Activity'),
    licence: {
      mode: 'item wording shown',
      holder: 'Stratford, Gill, Westaway & Binkley (1995)',
      note: 'Free to use; keep the attribution.',
    },
    stem:
      'I am going to ask you to identify up to three important activities that you are unable to do or are ' +
      'having difficulty with as a result of your ___ problem. Today, are there any activities that you are ' +
      'unable to do or having difficulty with because of your ___ problem? (Show the scale to the patient and ' +
      'have them rate each activity.)',
    items: [
      { number: 1, text: 'Activity 1 (named by the patient)' },
      { number: 2, text: 'Activity 2 (named by the patient)' },
      { number: 3, text: 'Activity 3 (named by the patient)' },
      { number: 4, text: 'Activity 4 (named by the patient, versions with 5 activities)' },
      { number: 5, text: 'Activity 5 (named by the patient, versions with 5 activities)' },
    ],
    responseOptions: [
      { value: 0, label: 'Unable to perform activity' },
      { value: 10, label: 'Able to perform activity at the same level as before injury or problem' },
    ],
    attribution:
      'PSFS developed by Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and change on ' +
      'individual patients: a report of a patient specific measure. Physiotherapy Canada 1995;47:258–263.',
    total: {
      description: 'Mean of the activity ratings (1 to 5 activities, each 0–10); higher = more able',
      min: 0,
      max: 10,
    },
    higherIsBetter: true,
    mic: {
      kind: 'MIC',
      value: 1.4,
      unit: 'points',
      appliesTo: 'average score',
      source: 'Maughan & Lewis, Eur Spine J 2010 (SEM-based, chronic low back pain)',
      evidence: 'verified',
    },
    mdc: {
      kind: 'MDC',
      value: 2,
      unit: 'points',
      appliesTo: 'average score',
      source: 'Stratford et al. 1995, 90% confidence (PSFS form)',
      evidence: 'verified',
    },
    otherThresholds: [
      {
        kind: 'MDC',
        value: 3,
        unit: 'points',
        appliesTo: 'single activity',
        source: 'Stratford et al. 1995, 90% confidence (PSFS form)',
        evidence: 'verified',
      },
    ],
    changeFlags: [
      {
        scale: 'total',
        threshold: {
          kind: 'MDC',
          value: 2,
          unit: 'points',
          appliesTo: 'average score',
          source: 'Stratford et al. 1995, 90% confidence (PSFS form)',
          evidence: 'verified',
        },
        why: SAFER_FLAG_WHY,
      },
    ],
    missingItems:
      'Give one answer per activity the patient named (1 to 5). Every named activity must be rated: an ' +
      'unrated activity leaves the mean unscored, because the same activities must be compared over time.',
    sources: ['PSFS form (precisionphysio) citing Stratford et al. 1995; SRAlab'],
    notes: [
      'Carry the same activity text forward between administrations; compare like with like.',
      'Single-activity change is judged against the single-activity MDC of 3 points.',
    ],
  },

  BPI: {
    id: 'BPI',
    name: 'Brief Pain Inventory, short form (BPI-SF)',
    itemCount: 11,
    minItemCount: 11,
    answerRanges: [{ fromItem: 1, toItem: 11, min: 0, max: 10 }],
    entryLabels: [
      'Severity: worst pain',
      'Severity: least pain',
      'Severity: average pain',
      'Severity: pain now',
      'Interference: general activity',
      'Interference: mood',
      'Interference: walking ability',
      'Interference: normal work',
      'Interference: relations with other people',
      'Interference: sleep',
      'Interference: enjoyment of life',
    ],
    licence: {
      mode: 'item scores typed from the licensed form',
      holder: 'Charles S. Cleeland / MD Anderson Cancer Center',
      note: 'Copyright; may not be used or reproduced without permission; fees may apply. No item text in the app.',
    },
    total: {
      description:
        'Pain severity: mean of the 4 severity answers (answers 1–4). The BPI has no overall total; ' +
        'pain interference (mean of answers 5–11) is shown beside it',
      min: 0,
      max: 10,
    },
    subscales: [
      { key: 'severity', name: 'Pain severity (mean)', items: [1, 2, 3, 4], scoring: 'mean' },
      {
        key: 'interference',
        name: 'Pain interference (mean)',
        items: [5, 6, 7, 8, 9, 10, 11],
        scoring: 'mean',
      },
      { key: 'worstPain', name: 'Worst pain', items: [1], scoring: 'single item' },
      { key: 'averagePain', name: 'Average pain', items: [3], scoring: 'single item' },
    ],
    bands: [
      { min: 0, max: 4, label: 'mild' },
      { min: 5, max: 6, label: 'moderate' },
      { min: 7, max: 10, label: 'severe' },
    ],
    higherIsBetter: false,
    mic: {
      kind: 'MIC',
      value: 30,
      unit: 'percent',
      appliesTo: 'pain severity (IMMPACT "moderate"; ePPOC threshold for average pain)',
      source: 'IMMPACT via ePPOC wiki BPI page',
      evidence: 'verified',
    },
    otherThresholds: [
      {
        kind: 'MIC',
        value: 10,
        unit: 'percent',
        appliesTo: 'pain severity (IMMPACT "minimal")',
        source: 'IMMPACT via ePPOC wiki BPI page',
        evidence: 'verified',
      },
      {
        kind: 'MIC',
        value: 50,
        unit: 'percent',
        appliesTo: 'pain severity (IMMPACT "substantial")',
        source: 'IMMPACT via ePPOC wiki BPI page',
        evidence: 'verified',
      },
      {
        kind: 'MIC',
        value: 1,
        unit: 'points',
        appliesTo: 'interference mean (IMMPACT)',
        source: 'IMMPACT via ePPOC wiki BPI page',
        evidence: 'verified',
      },
      {
        kind: 'MIC',
        value: 10,
        unit: 'percent',
        appliesTo: 'interference mean (ePPOC category)',
        source: 'ePPOC wiki BPI page',
        evidence: 'verified',
      },
    ],
    changeFlags: [
      {
        scale: 'total',
        threshold: {
          kind: 'MIC',
          value: 30,
          unit: 'percent',
          appliesTo: 'pain severity mean',
          source: 'IMMPACT via ePPOC wiki BPI page',
          evidence: 'verified',
        },
        why:
          '30% of the starting score is IMMPACT\'s "moderately important" change in pain intensity and ' +
          "ePPOC's threshold for average pain; applied here to the severity mean.",
      },
      {
        scale: 'averagePain',
        threshold: {
          kind: 'MIC',
          value: 30,
          unit: 'percent',
          appliesTo: 'average pain',
          source: 'IMMPACT via ePPOC wiki BPI page',
          evidence: 'verified',
        },
        why: "ePPOC's threshold for average pain (30% of the starting score).",
      },
      {
        scale: 'worstPain',
        threshold: {
          kind: 'MIC',
          value: 30,
          unit: 'percent',
          appliesTo: 'worst pain',
          source: 'IMMPACT via ePPOC wiki BPI page',
          evidence: 'verified',
        },
        why: 'IMMPACT "moderately important" change in pain intensity (30% of the starting score).',
      },
      {
        scale: 'interference',
        threshold: {
          kind: 'MIC',
          value: 1,
          unit: 'points',
          appliesTo: 'interference mean',
          source: 'IMMPACT via ePPOC wiki BPI page',
          evidence: 'verified',
        },
        why: 'IMMPACT cites a 1-point change for interference (chosen over the ePPOC 10% category).',
      },
    ],
    missingItems:
      'Severity needs all 4 severity answers. Interference is the mean of the answered interference items ' +
      'when at least 4 of the 7 are answered (BPI user guide); otherwise it is not scored. Worst and average ' +
      'pain are reported on their own when answered.',
    sources: [
      'Scoring and interference rule (4 of 7): BPI user guide copy; ePPOC wiki (verified)',
      'Severity bands 0–4 mild, 5–6 moderate, 7–10 severe: ePPOC wiki BPI page (verified)',
    ],
    notes: [
      'Answer layout: 1 worst, 2 least, 3 average, 4 now (severity); 5 general activity, 6 mood, 7 walking ' +
        'ability, 8 normal work, 9 relations with other people, 10 sleep, 11 enjoyment of life (interference).',
      'Bands are written for whole numbers; a mean between two bands stays in the lower band until it ' +
        'reaches the next band’s lower edge (4.75 is mild, 5 is moderate, 6.5 is moderate, 7 is severe).',
    ],
  },

  'EQ-5D-5L': {
    id: 'EQ-5D-5L',
    name: 'EQ-5D-5L (profile and EQ VAS)',
    itemCount: 6,
    minItemCount: 6,
    answerRanges: [
      { fromItem: 1, toItem: 5, min: 1, max: 5 },
      { fromItem: 6, toItem: 6, min: 0, max: 100 },
    ],
    entryLabels: [
      'Mobility (level 1–5)',
      'Self-care (level 1–5)',
      'Usual activities (level 1–5)',
      'Pain / discomfort (level 1–5)',
      'Anxiety / depression (level 1–5)',
      'EQ VAS (0–100)',
    ],
    licence: {
      mode: 'item scores typed from the licensed form',
      holder: 'EuroQol Research Foundation',
      note:
        'Registration / written consent required; digital versions must follow the EuroQol digital format. ' +
        'No item text in the app. Profile and VAS only: no index value (product decision).',
    },
    total: {
      description: 'EQ VAS (answer 6), 0–100, with the five-digit health profile',
      min: 0,
      max: 100,
    },
    subscales: [
      { key: 'mobility', name: 'Mobility', items: [1], scoring: 'single item' },
      { key: 'selfCare', name: 'Self-care', items: [2], scoring: 'single item' },
      { key: 'usualActivities', name: 'Usual activities', items: [3], scoring: 'single item' },
      { key: 'painDiscomfort', name: 'Pain / discomfort', items: [4], scoring: 'single item' },
      { key: 'anxietyDepression', name: 'Anxiety / depression', items: [5], scoring: 'single item' },
    ],
    higherIsBetter: true,
    changeFlags: [
      {
        scale: 'profile',
        threshold: {
          kind: 'Paretian classification',
          value: 1,
          unit: 'level',
          appliesTo: 'five-dimension profile',
          source: 'Paretian classification of health change (standard EuroQol practice; citation unverified)',
          evidence: 'unverified',
        },
        why:
          'No value set is used (product decision), so change is classified on the profile: better (at least ' +
          'one dimension better by a level, none worse), worse, mixed or unchanged. No minimal important ' +
          'change is set for the EQ VAS.',
      },
    ],
    missingItems:
      'The profile needs all five dimension levels; the EQ VAS is reported when recorded. Either part may be ' +
      'missing without hiding the other, and the reason says which.',
    sources: [
      'Descriptive system, profile order and VAS: CamCOPS eq5d5l docs; awell-score README (verified)',
    ],
    notes: [
      'Answer layout: 1 mobility, 2 self-care, 3 usual activities, 4 pain/discomfort, 5 anxiety/depression ' +
        '(each level 1 = no problems to 5 = extreme problems), 6 EQ VAS 0–100 (100 = best health).',
      'EuroQol advises against using only one part; both are stored.',
    ],
  },

  PCS: {
    id: 'PCS',
    name: 'Pain Catastrophizing Scale (PCS)',
    itemCount: 13,
    minItemCount: 13,
    answerRanges: [{ fromItem: 1, toItem: 13, min: 0, max: 4 }],
    entryLabels: itemLabels(13),
    licence: {
      mode: 'item scores typed from the licensed form',
      holder: 'Dr M. Sullivan, licensed through Mapi Research Trust (ePROVIDE)',
      note: 'Licensed instrument: no item text in the app until the licence is recorded.',
    },
    total: { description: 'Sum of items 1–13', min: 0, max: 52 },
    subscales: [
      { key: 'rumination', name: 'Rumination', items: [8, 9, 10, 11], scoring: 'sum' },
      { key: 'magnification', name: 'Magnification', items: [6, 7, 13], scoring: 'sum' },
      { key: 'helplessness', name: 'Helplessness', items: [1, 2, 3, 4, 5, 12], scoring: 'sum' },
    ],
    bands: [
      { min: 0, max: 29, label: 'below clinically relevant level' },
      { min: 30, max: 52, label: 'clinically relevant' },
    ],
    higherIsBetter: false,
    mic: {
      kind: 'MIC',
      value: 38,
      unit: 'percent',
      appliesTo: 'total',
      source: 'Scott et al. 2014, as listed in a case-series table',
      evidence: 'secondary',
    },
    changeFlags: [
      {
        scale: 'total',
        threshold: {
          kind: 'MIC',
          value: 38,
          unit: 'percent',
          appliesTo: 'total',
          source: 'Scott et al. 2014, as listed in a case-series table',
          evidence: 'secondary',
        },
        why: 'The only change threshold in the reference: 38% of the starting total.',
      },
    ],
    missingItems:
      'Complete responses only for the total (no rule in the reference). A subscale is still reported when ' +
      'all of its own items are answered.',
    sources: [
      'Subscale items: awell-score PCS definition; Sullivan manual copy (verified)',
      'Total 30 or more "clinically relevant": kandelscreen; ePPOC 2015 slides (secondary)',
    ],
  },

  'TSK-11': {
    id: 'TSK-11',
    name: 'Tampa Scale of Kinesiophobia, 11-item (TSK-11)',
    itemCount: 11,
    minItemCount: 11,
    answerRanges: [{ fromItem: 1, toItem: 11, min: 1, max: 4 }],
    entryLabels: itemLabels(11),
    licence: {
      mode: 'item scores typed from the licensed form',
      holder: 'Published in the research literature; no licensing body found',
      note: 'Score entry only until the developers are asked.',
    },
    total: { description: 'Sum of items 1–11 (no reverse-scored items)', min: 11, max: 44 },
    higherIsBetter: false,
    mic: {
      kind: 'MIC',
      value: 5.6,
      unit: 'points',
      appliesTo: 'total',
      source: 'Archives of Physiotherapy case series, MCID table',
      evidence: 'verified',
    },
    changeFlags: [
      {
        scale: 'total',
        threshold: {
          kind: 'MIC',
          value: 5.6,
          unit: 'points',
          appliesTo: 'total',
          source: 'Archives of Physiotherapy case series, MCID table',
          evidence: 'verified',
        },
        why: 'The only change threshold in the reference.',
      },
    ],
    missingItems:
      'Complete responses only: any missing item leaves the total unscored (no rule in the reference).',
    sources: ['Items, range and total: Woby et al. 2005 (no reverse items: unverified)'],
    notes: [
      'No band: the ">37 high" cut-off belongs to the 17-item TSK (range 17–68) and does not apply to TSK-11.',
      'Check the service’s licensed form has no reverse-scored items before use.',
    ],
  },

  'STarT Back': {
    id: 'STarT Back',
    name: 'Keele STarT Back Screening Tool',
    itemCount: 9,
    minItemCount: 9,
    answerRanges: [
      { fromItem: 1, toItem: 8, min: 0, max: 1 },
      { fromItem: 9, toItem: 9, min: 0, max: 4 },
    ],
    entryLabels: [...itemLabels(8), 'Item 9 (bothersomeness, 0–4)'],
    licence: {
      mode: 'item wording shown',
      holder: 'Keele University',
      note:
        'No licence needed for non-commercial use; contact Keele to incorporate it in a commercial product. ' +
        'Keep the copyright and funding statement. Validated for low back pain only.',
    },
    stem: 'Thinking about the last 2 weeks tick your response to the following questions:',
    items: [
      { number: 1, text: 'My back pain has spread down my leg(s) at some time in the last 2 weeks' },
      { number: 2, text: 'I have had pain in the shoulder or neck at some time in the last 2 weeks' },
      { number: 3, text: 'I have only walked short distances because of my back pain' },
      { number: 4, text: 'In the last 2 weeks, I have dressed more slowly than usual because of back pain' },
      {
        number: 5,
        text: 'It’s not really safe for a person with a condition like mine to be physically active',
      },
      { number: 6, text: 'Worrying thoughts have been going through my mind a lot of the time' },
      { number: 7, text: 'I feel that my back pain is terrible and it’s never going to get any better' },
      { number: 8, text: 'In general I have not enjoyed all the things I used to enjoy' },
      { number: 9, text: 'Overall, how bothersome has your back pain been in the last 2 weeks?' },
    ],
    responseOptions: [
      { value: 0, label: 'Disagree', items: [1, 2, 3, 4, 5, 6, 7, 8] },
      { value: 1, label: 'Agree', items: [1, 2, 3, 4, 5, 6, 7, 8] },
      { value: 0, label: 'Not at all', items: [9] },
      { value: 1, label: 'Slightly', items: [9] },
      { value: 2, label: 'Moderately', items: [9] },
      { value: 3, label: 'Very much', items: [9] },
      { value: 4, label: 'Extremely', items: [9] },
    ],
    attribution:
      'The copyright (©2007) of the STarT Back Screening Tool and associated materials is owned by Keele ' +
      'University, the development of which was part funded by Arthritis Research UK (now Versus Arthritis).',
    total: {
      description:
        'Items 1–9 (0–9): items 1–8 score as answered (agree 1, disagree 0); item 9 scores 1 for "very ' +
        'much" or "extremely" (answers 3–4), otherwise 0',
      min: 0,
      max: 9,
    },
    subscales: [
      {
        key: 'psychosocial',
        name: 'Psychosocial subscale (items 5–9)',
        items: [5, 6, 7, 8, 9],
        scoring: 'sum',
      },
    ],
    higherIsBetter: false,
    changeFlags: [],
    missingItems: 'Complete responses only: any missing item leaves the score and risk group unscored.',
    sources: ['Scoring and risk groups: keele.ac.uk scoring page; awell-score classifyRisk (verified)'],
    notes: [
      'Risk: total 3 or less → low; total 4 or more with psychosocial 3 or less → medium; psychosocial 4 or ' +
        'more → high.',
      'Answer 9 is the option chosen (0 not at all, 1 slightly, 2 moderately, 3 very much, 4 extremely), ' +
        'not its score.',
      'A screening tool: no change threshold; compare risk groups instead.',
    ],
  },
};

/**
 * The band a score falls in: the last band whose lower edge the score reaches. Works for whole-number totals
 * and for means (BPI): a mean between two bands stays in the lower band until it reaches the next lower edge.
 *
 * @returns the band label, or undefined when the measure has no bands.
 */
export function bandFor(bands: readonly ScoreBand[] | undefined, score: number): string | undefined {
  if (!bands || bands.length === 0) return undefined;
  let label: string | undefined;
  for (const band of bands) {
    if (score >= band.min) label = band.label;
  }
  return label;
}
