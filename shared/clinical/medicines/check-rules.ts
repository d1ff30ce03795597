import type { RuleSetMeta } from '../errors';

/**
 * The interactions and prompts a UK pain MDT checks (issue 13), as one versioned rule set: which medicines
 * belong to which group, each rule's text, action and source, and the numbers the rules use (renal bands,
 * the methadone ECG dose, the naloxone OME). The logic is in checks.ts; nothing clinical is hard-coded there.
 *
 * The BNF and SPC figures were written from the published monographs and SPCs as known to the author and
 * must be verified by the service pharmacist before clinical use (see the hazard log).
 */

/** The groups a rule can name. A medicine's group comes from its generic name (lower case). */
export type CheckGroup =
  | 'ssri'
  | 'snri'
  | 'tricyclic'
  | 'triptan'
  | 'serotonergic-other'
  | 'antipsychotic'
  | 'sedating-antihistamine'
  | 'benzodiazepine'
  | 'z-drug'
  | 'gabapentinoid'
  | 'baclofen'
  | 'ace-inhibitor'
  | 'arb'
  | 'diuretic'
  | 'anticoagulant'
  | 'antiplatelet'
  | 'laxative'
  | 'qt-prolonging'
  | 'drug-driving-law'
  | 'opioid'
  | 'serotonergic-opioid'
  | 'renal-caution-opioid';

/** How a check is shown: `serious` and `warning` need a reason; `prompt` asks for something to be done. */
export type CheckSeverity = 'serious' | 'warning' | 'prompt' | 'ask';

/** One rule's words: a short title, what it means, what to do and where it comes from. */
export interface CheckRuleText {
  title: string;
  message: string;
  action: string;
  source: string;
  severity: CheckSeverity;
  /** A prescriber must record a reason (judgement) before the check counts as acknowledged. */
  needsReason: boolean;
}

/** One band of a renal dose table: at or above `fromMlPerMin` (and below the next band's) at most `maxMgPerDay`. */
export interface GabapentinoidRenalBand {
  fromMlPerMin: number;
  maxMgPerDay: number;
  /** The usual daily range for the band, as the source writes it. */
  range: string;
}

export type CheckRuleCode =
  | 'OPIOID_SEDATIVES'
  | 'OPIOID_GABAPENTINOID_BENZODIAZEPINE'
  | 'SEROTONERGIC_SEIZURE'
  | 'GABAPENTINOID_RENAL_DOSE'
  | 'RENAL_OPIOID'
  | 'ASK_CREATININE_CLEARANCE'
  | 'METHADONE_QTC'
  | 'NALOXONE'
  | 'DRIVING'
  | 'DRIVING_OPIOID'
  | 'PREGNANCY_CAUTION'
  | 'BREASTFEEDING_CAUTION'
  | 'ASK_PREGNANCY'
  | 'NSAID_BLEEDING'
  | 'NSAID_ACE_ARB_DIURETIC'
  | 'LAXATIVE_WITH_OPIOID';

export interface MedicineCheckRuleSet {
  meta: RuleSetMeta;
  /** Group -> generic names. */
  groups: Record<CheckGroup, string[]>;
  rules: Record<CheckRuleCode, CheckRuleText>;
  /** Maximum daily dose by creatinine clearance (mL/min, Cockcroft-Gault), highest band first. */
  renalDoseBands: Record<'gabapentin' | 'pregabalin', GabapentinoidRenalBand[]>;
  /** Renal cautions for opioids: below `warnBelow` a warning, below `cautionBelow` a caution. */
  renalOpioid: {
    warnBelowMlPerMin: number;
    cautionBelowMlPerMin: number;
    tramadolMaxMgPerDayBelowWarn: number;
  };
  /** A creatinine clearance older than this is not used (asked for again). */
  crclMaxAgeDays: number;
  /** Methadone: an ECG above this daily dose (strictly above, as the source words it). */
  methadoneEcgAboveMgPerDay: number;
  /** Naloxone prompt at or above this total OME (mg/24 h), or with an opioid and a sedative. */
  naloxoneAtOrAboveOmeMgPer24h: number;
  /** Pregnancy and breastfeeding are asked about for a woman aged from..to (years, inclusive). */
  childbearingAge: { from: number; to: number };
  /** Generic names with a pregnancy or breastfeeding caution (NSAIDs are found by class). */
  pregnancyCaution: string[];
  /**
   * What the drug-driving prompt adds after a medicine's name, where the law treats it differently from the
   * medicinal drugs of 2014 (1.3.0: amphetamine and the medicines measured as it; ketamine). Generic -> words.
   */
  drivingNotes: Record<string, string>;
}

export const MEDICINE_CHECK_RULES: MedicineCheckRuleSet = {
  meta: {
    id: 'medicine-checks-uk',
    name: 'UK pain MDT medicine checks',
    version: '1.5.0',
    source:
      'MHRA Drug Safety Updates (benzodiazepines and opioids, March 2020; gabapentin, October 2017; pregabalin, ' +
      'February 2021 and April 2022; tapentadol, January 2019; codeine, July 2013); BNF monographs and ' +
      'interactions; SPCs (Neurontin, Lyrica, tramadol); FPM Opioids Aware; the Drug Driving (Specified Limits) ' +
      '(England and Wales) Regulations 2014 and (Amendment) Regulations 2015; GOV.UK, Drugs and driving: the ' +
      'law (Department for Transport); NICE CKS. To be verified by the service pharmacist.',
  },
  groups: {
    ssri: ['sertraline', 'citalopram', 'escitalopram', 'fluoxetine', 'paroxetine', 'fluvoxamine'],
    snri: ['duloxetine', 'venlafaxine'],
    tricyclic: [
      'amitriptyline',
      'nortriptyline',
      'imipramine',
      'dosulepin',
      'clomipramine',
      'lofepramine',
      'trimipramine',
      'doxepin',
    ],
    triptan: [
      'sumatriptan',
      'zolmitriptan',
      'rizatriptan',
      'naratriptan',
      'almotriptan',
      'eletriptan',
      'frovatriptan',
    ],
    // 1.1.0: other serotonergic antidepressants named with tramadol in its SPC 4.5 (MAOIs, mirtazapine) and
    // vortioxetine (Brintellix SPC 4.5: serotonin syndrome with tramadol and triptans).
    'serotonergic-other': [
      'mirtazapine',
      'vortioxetine',
      'moclobemide',
      'phenelzine',
      'isocarboxazid',
      'tranylcypromine',
    ],
    antipsychotic: [
      'quetiapine',
      'olanzapine',
      'haloperidol',
      'risperidone',
      'aripiprazole',
      'chlorpromazine',
      // 1.2.0: prochlorperazine, a phenothiazine (BNF: antipsychotics, first-generation) used for nausea and
      // dizziness; BNF interactions: increased CNS depression with opioids.
      'prochlorperazine',
    ],
    // 1.2.0: sedating antihistamines (BNF), which add to an opioid's CNS depression (BNF interactions; MHRA
    // Drug Safety Update, March 2020, benzodiazepines and opioids: other CNS depressants add to the risk).
    'sedating-antihistamine': ['promethazine', 'hydroxyzine', 'chlorphenamine', 'cyclizine', 'alimemazine'],
    benzodiazepine: [
      'diazepam',
      'lorazepam',
      'clonazepam',
      'temazepam',
      'nitrazepam',
      'oxazepam',
      'alprazolam',
      'chlordiazepoxide',
      'clobazam',
    ],
    'z-drug': ['zopiclone', 'zolpidem', 'zaleplon'],
    gabapentinoid: ['gabapentin', 'pregabalin'],
    baclofen: ['baclofen'],
    'ace-inhibitor': ['ramipril', 'lisinopril', 'enalapril', 'perindopril'],
    arb: ['losartan', 'candesartan', 'irbesartan', 'valsartan'],
    diuretic: ['furosemide', 'bumetanide', 'bendroflumethiazide', 'indapamide', 'spironolactone'],
    anticoagulant: ['apixaban', 'rivaroxaban', 'edoxaban', 'dabigatran', 'warfarin', 'enoxaparin'],
    antiplatelet: ['aspirin', 'clopidogrel', 'prasugrel', 'ticagrelor'],
    laxative: ['senna', 'docusate', 'macrogol', 'lactulose', 'bisacodyl', 'sodium picosulfate', 'naloxegol'],
    'qt-prolonging': [
      'citalopram',
      'escitalopram',
      'haloperidol',
      'ondansetron',
      'domperidone',
      'clarithromycin',
      'erythromycin',
      'amiodarone',
    ],
    'drug-driving-law': [
      'clonazepam',
      'diazepam',
      'flunitrazepam',
      'lorazepam',
      'methadone',
      'morphine',
      'oxazepam',
      'temazepam',
      // 1.3.0: ketamine (2014 Regulations, with the drugs most associated with illegal use); amphetamine
      // ((Amendment) Regulations 2015), and dexamfetamine and lisdexamfetamine, which are measured as it.
      'ketamine',
      'amphetamine',
      'dexamfetamine',
      'lisdexamfetamine',
      // 1.4.0: codeine and diamorphine, broken down to morphine (Department for Transport drug-driving
      // guidance lists codeine with morphine).
      'codeine',
      'diamorphine',
    ],
    // 1.5.0: opioids, so that a line recorded as written (not on the formulary) gets the driving advice; a
    // formulary line is an opioid by its class. Those named in the drug-driving law get the legal prompt.
    opioid: [
      'alfentanil',
      'buprenorphine',
      'co-codamol',
      'co-dydramol',
      'codeine',
      'diamorphine',
      'dihydrocodeine',
      'dipipanone',
      'fentanyl',
      'hydromorphone',
      'meptazinol',
      'methadone',
      'morphine',
      'oxycodone',
      'pentazocine',
      'pethidine',
      'tapentadol',
      'tramadol',
    ],
    'serotonergic-opioid': ['tramadol', 'tapentadol'],
    'renal-caution-opioid': ['morphine', 'codeine', 'tramadol'],
  },
  rules: {
    OPIOID_SEDATIVES: {
      title: 'Opioid with another sedating medicine',
      message:
        'Sedating medicines add to the opioid’s sedation and respiratory depression, especially at the start, ' +
        'after dose increases, in older people and with respiratory or renal disease.',
      action:
        'Confirm each is needed, use the lowest doses, tell the patient and carers the signs of over-sedation, ' +
        'and consider naloxone.',
      source:
        'MHRA Drug Safety Updates: benzodiazepines and opioids (March 2020); gabapentin (October 2017); ' +
        'pregabalin (February 2021); MHRA opioid warnings (September 2020); BNF interactions (CNS depressants, ' +
        'including sedating antihistamines and phenothiazines such as prochlorperazine).',
      severity: 'warning',
      needsReason: true,
    },
    OPIOID_GABAPENTINOID_BENZODIAZEPINE: {
      title: 'Opioid, gabapentinoid and benzodiazepine or Z-drug together',
      message:
        'All three together carry the highest risk of fatal respiratory depression of any combination seen in ' +
        'pain services.',
      action:
        'Review at the MDT: plan to reduce at least one, supply take-home naloxone and agree monitoring.',
      source:
        'MHRA Drug Safety Updates (March 2020; October 2017; February 2021): each pair raises the risk; all ' +
        'three compound it.',
      severity: 'serious',
      needsReason: true,
    },
    SEROTONERGIC_SEIZURE: {
      title: 'Serotonin syndrome and seizure risk',
      message:
        'Tramadol and tapentadol with SSRIs, SNRIs, tricyclics, mirtazapine, vortioxetine, MAOIs or triptans ' +
        'can cause serotonin syndrome and lower the seizure threshold.',
      action:
        'Prefer another analgesic or antidepressant; if both continue, tell the patient the warning signs ' +
        '(agitation, tremor, sweating, fever, fits) and review.',
      source:
        'MHRA Drug Safety Update: tapentadol (Palexia), risk of seizures and serotonin syndrome with other ' +
        'medicines (January 2019); BNF interactions (tramadol); tramadol SPC section 4.5 (SSRIs, SNRIs, MAOIs, ' +
        'tricyclics and mirtazapine); vortioxetine (Brintellix) SPC section 4.5.',
      severity: 'warning',
      needsReason: true,
    },
    GABAPENTINOID_RENAL_DOSE: {
      title: 'Gabapentinoid dose above the renal maximum',
      message:
        'Gabapentin and pregabalin are cleared by the kidneys; the daily maximum falls with clearance.',
      action: 'Reduce the dose to the band’s maximum, or record why not.',
      source:
        'Neurontin (gabapentin) SPC section 4.2 (dosage by creatinine clearance); Lyrica (pregabalin) SPC ' +
        'section 4.2, table 1; BNF renal impairment.',
      severity: 'warning',
      needsReason: true,
    },
    RENAL_OPIOID: {
      title: 'Opioid with reduced kidney function',
      message:
        'Morphine and codeine metabolites accumulate in renal impairment (sedation, respiratory depression); ' +
        'tramadol needs a longer dosing interval.',
      action:
        'Reduce the dose or choose an opioid less dependent on the kidneys; tramadol at most 200 mg a day, ' +
        '12-hourly, below 30 mL/min.',
      source: 'BNF monographs (morphine, codeine, tramadol: renal impairment); tramadol SPC section 4.2.',
      severity: 'warning',
      needsReason: true,
    },
    ASK_CREATININE_CLEARANCE: {
      title: 'Creatinine clearance needed',
      message:
        'The dose of gabapentin or pregabalin, and the choice of morphine, codeine or tramadol, depend on ' +
        'kidney function, and no recent result is recorded.',
      action: 'Record the weight and a serum creatinine with its date (Cockcroft-Gault is worked out here).',
      source: 'Neurontin and Lyrica SPCs section 4.2; BNF renal impairment; service rule for how recent.',
      severity: 'ask',
      needsReason: false,
    },
    METHADONE_QTC: {
      title: 'Methadone and the QT interval',
      message:
        'Methadone prolongs the QT interval, more so at higher doses and with other QT-prolonging medicines.',
      action: 'Arrange an ECG (QTc) and record the result or why not.',
      source:
        'MHRA/CHM advice (2006) as in the BNF methadone monograph: ECG before treatment and at doses above ' +
        '100 mg daily, and in people with risk factors, including other QT-prolonging medicines.',
      severity: 'warning',
      needsReason: true,
    },
    NALOXONE: {
      title: 'Offer take-home naloxone',
      message:
        'A high opioid dose, or an opioid with another sedating medicine, raises the risk of overdose.',
      action:
        'Offer a take-home naloxone kit and show the patient and family how to use it; record what was done.',
      source:
        'FPM Opioids Aware (high dose); MHRA Drug Safety Update March 2020 (opioids with sedatives); CDC 2022 ' +
        'recommendation 8 (naloxone at higher doses or with benzodiazepines).',
      severity: 'prompt',
      needsReason: false,
    },
    DRIVING: {
      title: 'Driving advice',
      message:
        'This medicine is named in the drug-driving law: driving with it in the blood above the set limit is ' +
        'an offence unless it was prescribed and taken as directed (the medical defence). Driving while ' +
        'impaired by any medicine is an offence whatever the level.',
      action:
        'Advise: do not drive if drowsy or impaired, especially when starting or changing the dose; carry ' +
        'evidence of the prescription. Record that advice was given.',
      source:
        'Road Traffic Act 1988 sections 4 and 5A; the Drug Driving (Specified Limits) (England and Wales) ' +
        'Regulations 2014 and (Amendment) Regulations 2015 (amphetamine); Department for Transport, Drug ' +
        'driving and medicine: advice for healthcare professionals (2014).',
      severity: 'prompt',
      needsReason: false,
    },
    // 1.5.0: every other opioid (oxycodone, tramadol, fentanyl, tapentadol, buprenorphine...) is not named in
    // the 2014 Regulations, but GOV.UK and Opioids Aware advise telling every patient on an opioid about driving.
    DRIVING_OPIOID: {
      title: 'Driving advice (opioid)',
      message:
        'This opioid is not one of the drugs named in the drug-driving law, but it can impair driving. It is ' +
        'an offence to drive while impaired by any drug, including a prescribed medicine.',
      action:
        'Advise: do not drive if you feel impaired (drowsy, dizzy, slow to react or unable to concentrate), ' +
        'especially when starting the medicine or changing the dose. Record that advice was given.',
      source:
        'Road Traffic Act 1988 section 4 (driving while unfit through drugs); GOV.UK, Drugs and driving: the law ' +
        '(Department for Transport); Faculty of Pain Medicine, Opioids Aware (opioids and driving).',
      severity: 'prompt',
      needsReason: false,
    },
    PREGNANCY_CAUTION: {
      title: 'Pregnancy',
      message:
        'Pregabalin: possible small increase in major birth defects. Codeine and tramadol: neonatal withdrawal ' +
        'with regular use late in pregnancy. NSAIDs: avoid, especially from 20 weeks (fetal kidney and ' +
        'ductus arteriosus).',
      action: 'Review each with the patient and obstetric team; record the decision.',
      source:
        'MHRA Drug Safety Update: pregabalin in pregnancy (April 2022); BNF monographs (codeine, tramadol, ' +
        'NSAIDs: pregnancy).',
      severity: 'warning',
      needsReason: true,
    },
    BREASTFEEDING_CAUTION: {
      title: 'Breastfeeding',
      message:
        'Codeine is contraindicated when breastfeeding (fast metabolisers pass morphine to the baby); ' +
        'tramadol and pregabalin pass into milk; NSAIDs: ibuprofen is preferred.',
      action: 'Change codeine; review the others with the patient; record the decision.',
      source:
        'MHRA Drug Safety Update: codeine, contraindicated in breastfeeding (July 2013); BNF monographs ' +
        '(tramadol, pregabalin, NSAIDs: breast feeding).',
      severity: 'warning',
      needsReason: true,
    },
    ASK_PREGNANCY: {
      title: 'Pregnancy or breastfeeding not recorded',
      message:
        'Pregabalin, codeine, tramadol and NSAIDs carry pregnancy or breastfeeding cautions, and neither is ' +
        'recorded for this patient.',
      action: 'Ask and record whether she is pregnant, planning pregnancy or breastfeeding.',
      source:
        'MHRA Drug Safety Updates (pregabalin, April 2022; codeine, July 2013); BNF monographs; service rule ' +
        'for the age range asked.',
      severity: 'ask',
      needsReason: false,
    },
    NSAID_BLEEDING: {
      title: 'NSAID and bleeding risk',
      message:
        'An NSAID with an anticoagulant, an antiplatelet or an SSRI raises the risk of gastrointestinal and ' +
        'other bleeding.',
      action: 'Avoid the combination if possible; otherwise add gastroprotection and review; record why.',
      source:
        'BNF interactions (NSAIDs with anticoagulants, antiplatelets and SSRIs); NICE CKS, NSAIDs: ' +
        'prescribing issues.',
      severity: 'warning',
      needsReason: true,
    },
    NSAID_ACE_ARB_DIURETIC: {
      title: 'NSAID with an ACE inhibitor or ARB and a diuretic',
      message:
        'The three together (the “triple whammy”) can cause acute kidney injury, especially when unwell or ' +
        'dehydrated.',
      action: 'Avoid the NSAID, or check renal function and give sick-day advice; record why.',
      source: 'NICE CKS, NSAIDs: prescribing issues; BNF interactions; Think Kidneys (NHS England).',
      severity: 'warning',
      needsReason: true,
    },
    LAXATIVE_WITH_OPIOID: {
      title: 'Laxative with a regular opioid',
      message:
        'Regular opioids cause constipation, which does not wear off with time; no laxative is listed.',
      action:
        'Offer a stimulant laxative with a softener (for example senna and docusate), or record why not.',
      source: 'FPM Opioids Aware (side effects of opioids: constipation); NICE CKS, constipation; BNF.',
      severity: 'prompt',
      needsReason: false,
    },
  },
  renalDoseBands: {
    // Neurontin SPC 4.2: >=80 900-3600; 50-79 600-1800; 30-49 300-900; 15-29 150-600; <15 150-300 mg/day.
    gabapentin: [
      { fromMlPerMin: 80, maxMgPerDay: 3600, range: '900-3600 mg a day' },
      { fromMlPerMin: 50, maxMgPerDay: 1800, range: '600-1800 mg a day' },
      { fromMlPerMin: 30, maxMgPerDay: 900, range: '300-900 mg a day' },
      { fromMlPerMin: 15, maxMgPerDay: 600, range: '150-600 mg a day' },
      { fromMlPerMin: 0, maxMgPerDay: 300, range: '150-300 mg a day' },
    ],
    // Lyrica SPC 4.2 table 1: >=60 150-600; 30-59 75-300; 15-29 25-150; <15 25-75 mg/day.
    pregabalin: [
      { fromMlPerMin: 60, maxMgPerDay: 600, range: '150-600 mg a day' },
      { fromMlPerMin: 30, maxMgPerDay: 300, range: '75-300 mg a day' },
      { fromMlPerMin: 15, maxMgPerDay: 150, range: '25-150 mg a day' },
      { fromMlPerMin: 0, maxMgPerDay: 75, range: '25-75 mg a day' },
    ],
  },
  renalOpioid: { warnBelowMlPerMin: 30, cautionBelowMlPerMin: 60, tramadolMaxMgPerDayBelowWarn: 200 },
  crclMaxAgeDays: 365,
  methadoneEcgAboveMgPerDay: 100,
  naloxoneAtOrAboveOmeMgPer24h: 90,
  childbearingAge: { from: 12, to: 55 },
  pregnancyCaution: ['pregabalin', 'codeine', 'tramadol'],
  // 1.3.0: the Drug Driving (Specified Limits) (England and Wales) Regulations 2014 (ketamine 20, morphine 80
  // micrograms per litre) and (Amendment) Regulations 2015 (amphetamine 250 micrograms per litre); 1.4.0 codeine
  // and diamorphine (measured as morphine; Department for Transport guidance 2014); Road Traffic Act 1988
  // section 5A(3): the medical defence covers any specified drug prescribed and taken as directed.
  drivingNotes: {
    amphetamine:
      'measured as amphetamine, specified in 2015 with a limit of 250 micrograms per litre of blood; the medical defence applies when it is taken as prescribed',
    dexamfetamine:
      'measured as amphetamine, specified in 2015 with a limit of 250 micrograms per litre of blood; the medical defence applies when it is taken as prescribed',
    lisdexamfetamine:
      'measured as amphetamine, specified in 2015 with a limit of 250 micrograms per litre of blood; the medical defence applies when it is taken as prescribed',
    codeine:
      'partly converted to morphine in the body, so a blood test can exceed the morphine limit of 80 ' +
      'micrograms per litre; the medical defence applies when it is taken as prescribed',
    diamorphine:
      'broken down to morphine in the body, so a blood test can exceed the morphine limit of 80 micrograms ' +
      'per litre; the medical defence applies when it is prescribed and taken as directed',
    ketamine:
      'specified with the drugs most associated with illegal use, at a low limit of 20 micrograms per litre ' +
      'of blood; the medical defence still applies when it is prescribed and taken as directed',
  },
};
