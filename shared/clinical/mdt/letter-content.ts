/**
 * What NHS clinical letters after an MDT say beyond the outcome itself (issue 16, "Letters"): the NHS number
 * written 3-3-4, the recipient's address block, the amendment sentence meant for the letter's reader, and the
 * plain-English wording of each action for the patient letter.
 *
 * Conventions follow the PRSB / Academy of Medical Royal Colleges clinical correspondence standards (the
 * letter's date, patient identifiers with the NHS number, the medicines and the changes made, the author with
 * their role, the distribution list) and the AoMRC "Please, write to me" guidance (2018) for writing to the
 * patient in the second person, in plain English.
 */
import type { ActionType } from './outcomes';
import { formatDateEnGb, type LocalDate } from './time';

/**
 * "9434765919" → "943 476 5919" (the NHS number as the NHS writes it). Anything that is not ten digits once
 * spaces are removed is returned unchanged (trimmed), so a wrong number is never made to look right.
 */
export function formatNhsNumber(nhsNumber: string): string {
  const digits = nhsNumber.replace(/\s+/g, '');
  if (!/^\d{10}$/.test(digits)) return nhsNumber.trim();
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}

/** The referring clinician as recorded from the referral or at triage. */
export interface ReferrerDetails {
  name: string;
  role: string;
  organisation: string;
  /** The postal address, one line per line. */
  address: string;
}

/** A referrer with enough to address a letter to: a name and an organisation or address. */
export function referrerAddressable(r: ReferrerDetails | null): r is ReferrerDetails {
  return !!r && r.name.trim() !== '' && (r.organisation.trim() !== '' || r.address.trim() !== '');
}

/** The address block of a letter: non-blank lines, in order (name, role, organisation, address lines). */
export function addressBlock(lines: readonly (string | null | undefined)[]): string[] {
  return lines
    .flatMap((l) => (l ?? '').split(/\r?\n/))
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/**
 * What the patient letter says for an action of each type when the chair wrote no wording for the patient:
 * a plain sentence in the second person, never the clinical text. `null`: the action is left out of the
 * patient letter (the letter then says the team will talk the rest of the plan through with them).
 */
export const PATIENT_ACTION_DEFAULTS: Readonly<Record<ActionType, string | null>> = {
  letter: 'We will write to your GP to tell them about the plan.',
  referral: 'We will ask another service to see you. We will let you know when we have done this.',
  investigation: 'We will arrange a test. We will tell you the date and what it involves.',
  'medication-change':
    'We will talk with you about changing one of your medicines. Please keep taking your medicines as you do now until we have spoken.',
  intervention: 'We will offer you an appointment to talk about a procedure that may help your pain.',
  'rehab-goal': 'We will agree a goal with you for your rehabilitation.',
  psychology: 'We will offer you an appointment with a psychologist in the team.',
  'patient-contact': 'We will contact you to talk about the plan.',
  other: null,
};

/** The patient letter's wording of an action: the chair's own wording, else the plain default, else null. */
export function patientActionText(a: { type: ActionType; patientWording?: string | null }): string | null {
  const own = (a.patientWording ?? '').trim();
  if (own !== '') return own;
  return PATIENT_ACTION_DEFAULTS[a.type] ?? null;
}

/** What an amended letter replaces: the earlier letter to the same reader, and whether it was sent. */
export interface ReplacedLetter {
  /** The date it was sent, or (not sent) written. */
  date: LocalDate;
  sent: boolean;
}

/**
 * The sentence an amended letter opens with, written for its reader. The clinician's reason is given to
 * clinicians; the patient is told plainly that the plan changed, without the clinical wording.
 */
export function amendmentSentence(
  audience: 'gp' | 'referrer' | 'patient',
  replaced: ReplacedLetter,
  reason: string,
): string {
  const when = formatDateEnGb(replaced.date, 'replaced.date');
  const verb = replaced.sent ? 'sent' : 'wrote';
  if (audience === 'patient') {
    return (
      `This letter replaces the one we ${verb} you on ${when}, because the team has changed part of your plan ` +
      'since then. Please use this letter and not the earlier one.'
    );
  }
  const why = reason.trim().replace(/[.\s]+$/, '');
  return (
    `This letter replaces the one we ${verb} on ${when} because the MDT outcome was amended` +
    `${why !== '' ? `: ${why}` : ''}. Please act on this letter and not the earlier one.`
  );
}
