import type { FormularyEntry, Strength } from './formulary';

/**
 * Medicines that are not pain medicines but that the interaction checks need (issue 13): SSRIs and
 * venlafaxine, a triptan, antipsychotics, ACE inhibitors, angiotensin-II receptor blockers, diuretics,
 * laxatives and QT-prolonging medicines; from 1.0.7 sedating antihistamines and prochlorperazine. Strengths are common UK product strengths (BNF/dm+d as
 * background), to be checked by the service pharmacist like the rest of the formulary. Class `antidepressant`
 * or `other`: the checks group medicines by generic name (see check-groups.ts), not by class.
 */
const mg = (...values: number[]): Strength[] => values.map((value) => ({ value, unit: 'mg' as const }));
const mgml = (...values: number[]): Strength[] => values.map((value) => ({ value, unit: 'mg/mL' as const }));

type Row = [id: string, name: string, generic: string, form: string, strengths: Strength[]];

const ANTIDEPRESSANTS: Row[] = [
  ['sertraline-tablet', 'Sertraline tablets', 'sertraline', 'tablet', mg(50, 100)],
  ['citalopram-tablet', 'Citalopram tablets', 'citalopram', 'tablet', mg(10, 20, 40)],
  ['escitalopram-tablet', 'Escitalopram tablets', 'escitalopram', 'tablet', mg(5, 10, 20)],
  ['fluoxetine-capsule', 'Fluoxetine capsules', 'fluoxetine', 'capsule', mg(20, 60)],
  ['paroxetine-tablet', 'Paroxetine tablets', 'paroxetine', 'tablet', mg(10, 20, 30)],
  ['venlafaxine-tablet', 'Venlafaxine tablets', 'venlafaxine', 'tablet', mg(37.5, 75)],
];

const OTHERS: Row[] = [
  ['sumatriptan-tablet', 'Sumatriptan tablets', 'sumatriptan', 'tablet', mg(50, 100)],
  ['quetiapine-tablet', 'Quetiapine tablets', 'quetiapine', 'tablet', mg(25, 100, 150, 200, 300)],
  ['olanzapine-tablet', 'Olanzapine tablets', 'olanzapine', 'tablet', mg(2.5, 5, 7.5, 10, 15, 20)],
  ['haloperidol-tablet', 'Haloperidol tablets', 'haloperidol', 'tablet', mg(0.5, 1.5, 5, 10)],
  ['ramipril-capsule', 'Ramipril capsules', 'ramipril', 'capsule', mg(1.25, 2.5, 5, 10)],
  ['lisinopril-tablet', 'Lisinopril tablets', 'lisinopril', 'tablet', mg(2.5, 5, 10, 20)],
  ['losartan-tablet', 'Losartan tablets', 'losartan', 'tablet', mg(12.5, 25, 50, 100)],
  ['candesartan-tablet', 'Candesartan tablets', 'candesartan', 'tablet', mg(2, 4, 8, 16, 32)],
  ['furosemide-tablet', 'Furosemide tablets', 'furosemide', 'tablet', mg(20, 40, 500)],
  ['bendroflumethiazide-tablet', 'Bendroflumethiazide tablets', 'bendroflumethiazide', 'tablet', mg(2.5, 5)],
  ['indapamide-tablet', 'Indapamide tablets', 'indapamide', 'tablet', mg(2.5)],
  ['ondansetron-tablet', 'Ondansetron tablets', 'ondansetron', 'tablet', mg(4, 8)],
  ['clarithromycin-tablet', 'Clarithromycin tablets', 'clarithromycin', 'tablet', mg(250, 500)],
  ['senna-tablet', 'Senna tablets (sennosides 7.5 mg)', 'senna', 'tablet', mg(7.5)],
  ['docusate-capsule', 'Docusate sodium capsules', 'docusate', 'capsule', mg(100)],
  [
    'lactulose-oral-solution',
    'Lactulose oral solution 3.1-3.7 g/5 mL',
    'lactulose',
    'oral solution',
    mgml(670),
  ],
  ['bisacodyl-tablet', 'Bisacodyl tablets', 'bisacodyl', 'tablet', mg(5)],
  // 1.0.7: sedating antihistamines and prochlorperazine, for the opioid + sedatives check (BNF medicinal forms).
  ['hydroxyzine-tablet', 'Hydroxyzine hydrochloride tablets', 'hydroxyzine', 'tablet', mg(10, 25)],
  ['alimemazine-tablet', 'Alimemazine tablets', 'alimemazine', 'tablet', mg(10)],
  ['prochlorperazine-tablet', 'Prochlorperazine maleate tablets', 'prochlorperazine', 'tablet', mg(5)],
];

/** 1.0.7: sedating antihistamines also sold in pharmacies (P), so patients often take them unprescribed. */
const PHARMACY: Row[] = [
  ['promethazine-tablet', 'Promethazine hydrochloride tablets', 'promethazine', 'tablet', mg(10, 25)],
  ['chlorphenamine-tablet', 'Chlorphenamine tablets', 'chlorphenamine', 'tablet', mg(4)],
  ['cyclizine-tablet', 'Cyclizine tablets', 'cyclizine', 'tablet', mg(50)],
];

const entry =
  (cls: FormularyEntry['drugClass']) =>
  ([id, name, generic, form, strengths]: Row): FormularyEntry => ({
    id,
    name,
    generic,
    form,
    route: 'oral',
    strengths,
    drugClass: cls,
    schedule: 'POM',
    release: 'immediate',
  });

/**
 * 1.0.8: medicines named in the drug-driving law that a pain service meets (Schedule 2 controlled drugs):
 * dexamfetamine and lisdexamfetamine (measured as amphetamine; BNF medicinal forms, Elvanse SPC) and ketamine
 * by mouth for pain (unlicensed oral solution 50 mg/5 mL, a special).
 */
const SCHEDULE_2: Row[] = [
  ['dexamfetamine-tablet', 'Dexamfetamine sulfate tablets', 'dexamfetamine', 'tablet', mg(5, 10, 20)],
  [
    'lisdexamfetamine-capsule',
    'Lisdexamfetamine capsules',
    'lisdexamfetamine',
    'capsule',
    mg(20, 30, 40, 50, 60, 70),
  ],
  [
    'ketamine-oral-solution',
    'Ketamine oral solution 50 mg/5 mL (unlicensed)',
    'ketamine',
    'oral solution',
    mgml(10),
  ],
];

/** The added products, in the order above. Senna, docusate, lactulose and bisacodyl are also sold (P/GSL). */
export const INTERACTING_PRODUCTS: readonly FormularyEntry[] = [
  ...ANTIDEPRESSANTS.map(entry('antidepressant')),
  ...OTHERS.map(entry('other')),
  ...PHARMACY.map((r) => ({ ...entry('other')(r), schedule: 'P' as const })),
  ...SCHEDULE_2.map((r) => ({ ...entry('other')(r), schedule: 'CD2' as const })),
  {
    id: 'macrogol-sachet',
    name: 'Macrogol compound oral powder sachets',
    generic: 'macrogol',
    form: 'oral powder sachet',
    route: 'oral',
    strengths: mg(13125),
    drugClass: 'other',
    schedule: 'P',
    release: 'immediate',
  },
];
