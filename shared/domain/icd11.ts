/**
 * ICD-11 chronic pain (MG30), the WHO classification the IASP task force wrote: chronic primary pain and
 * six chronic secondary pain categories. Codes and titles from the ICD-11 MMS, chapter 21.
 */
export const CHRONIC_PAIN_CATEGORIES = [
  { code: 'MG30.00', group: 'primary', title: 'Chronic widespread pain' },
  { code: 'MG30.01', group: 'primary', title: 'Complex regional pain syndrome' },
  { code: 'MG30.02', group: 'primary', title: 'Chronic primary headache or orofacial pain' },
  { code: 'MG30.03', group: 'primary', title: 'Chronic primary visceral pain' },
  { code: 'MG30.04', group: 'primary', title: 'Chronic primary musculoskeletal pain' },
  { code: 'MG30.0Z', group: 'primary', title: 'Chronic primary pain, unspecified' },
  { code: 'MG30.1', group: 'secondary', title: 'Chronic cancer-related pain' },
  { code: 'MG30.2', group: 'secondary', title: 'Chronic postsurgical or post-traumatic pain' },
  { code: 'MG30.3', group: 'secondary', title: 'Chronic secondary musculoskeletal pain' },
  { code: 'MG30.4', group: 'secondary', title: 'Chronic secondary visceral pain' },
  { code: 'MG30.5', group: 'secondary', title: 'Chronic neuropathic pain' },
  { code: 'MG30.6', group: 'secondary', title: 'Chronic secondary headache or orofacial pain' },
] as const;

export type ChronicPainCode = (typeof CHRONIC_PAIN_CATEGORIES)[number]['code'];
export const CHRONIC_PAIN_CODES = CHRONIC_PAIN_CATEGORIES.map((c) => c.code) as [
  ChronicPainCode,
  ...ChronicPainCode[],
];

export function chronicPainTitle(code: string): string {
  return CHRONIC_PAIN_CATEGORIES.find((c) => c.code === code)?.title ?? code;
}

export const PAIN_SITES = [
  'Low back',
  'Neck',
  'Widespread',
  'Head or face',
  'Abdomen or pelvis',
  'Upper limb',
  'Lower limb',
  'Chest',
  'Multiple sites',
  'Other',
] as const;
