/**
 * A spinal cord stimulator trial as an episode (issue 14): the day the trial leads went in, the day they
 * came out, the outcome at the end of the trial and the decision to implant or not.
 *
 * Success of a trial (Neuromodulation Foundation practice parameters, trial outcomes): at least 50% pain
 * relief with activity, analgesia stable or reduced, and the patient satisfied. A trial of 3-8 days is
 * usually enough, some last up to 3 weeks (same source); NICE TA159 (2008) recommends SCS only after a
 * successful trial.
 */
import { z } from 'zod';
import { isIsoDate } from '../dates';

export const SCS_TRIAL_PROCEDURES = ['SCS_TRIAL'] as const;

/** The longest trial accepted: "some up to 3 weeks" (Neuromodulation Foundation). */
export const SCS_TRIAL_MAX_DAYS = 21;
/** Relief at or above this, with activity, is one of the three success criteria. */
export const SCS_TRIAL_SUCCESS_RELIEF = 50;
export const SCS_TRIAL_SOURCE =
  'Neuromodulation Foundation practice parameters (trial outcomes); NICE TA159 (2008)';

export const ANALGESIA_CHANGES = ['reduced', 'stable', 'increased'] as const;
export type AnalgesiaChange = (typeof ANALGESIA_CHANGES)[number];
export const ANALGESIA_LABELS: Record<AnalgesiaChange, string> = {
  reduced: 'Reduced',
  stable: 'Stable',
  increased: 'Increased',
};

export const IMPLANT_DECISIONS = ['implant', 'no-implant'] as const;
export type ImplantDecision = (typeof IMPLANT_DECISIONS)[number];
export const IMPLANT_DECISION_LABELS: Record<ImplantDecision, string> = {
  implant: 'Proceed to a full implant',
  'no-implant': 'Do not implant',
};

/** Whether a trial succeeded, and why, by the three criteria. */
export function scsTrialSuccess(o: {
  reliefPercent: number;
  analgesia: AnalgesiaChange;
  patientSatisfied: boolean;
}): { successful: boolean; why: string } {
  const unmet: string[] = [];
  if (o.reliefPercent < SCS_TRIAL_SUCCESS_RELIEF)
    unmet.push(`relief ${o.reliefPercent}% (below ${SCS_TRIAL_SUCCESS_RELIEF}%)`);
  if (o.analgesia === 'increased') unmet.push('analgesia increased');
  if (!o.patientSatisfied) unmet.push('patient not satisfied');
  return unmet.length
    ? { successful: false, why: `Not successful: ${unmet.join('; ')}.` }
    : {
        successful: true,
        why: `Successful: ${o.reliefPercent}% relief with activity, analgesia ${o.analgesia}, patient satisfied.`,
      };
}

const date = (message: string) => z.string().refine(isIsoDate, message);

export const scsTrialInputSchema = z.strictObject({
  requestId: z.number().int().positive(),
  /** The episode's version when it was opened; 0 for a new episode. */
  version: z.number().int().min(0),
  insertedOn: date('Enter the date the trial leads were inserted.'),
  leadsRemovedOn: date('Enter the date the leads were removed.').nullable(),
  reliefPercent: z
    .number('Enter the % relief with activity (0 to 100).')
    .int('Enter the % relief with activity (0 to 100).')
    .min(0, 'Enter the % relief with activity (0 to 100).')
    .max(100, 'Enter the % relief with activity (0 to 100).')
    .nullable(),
  analgesia: z.enum(ANALGESIA_CHANGES, 'Choose how the analgesia changed.').nullable(),
  patientSatisfied: z.boolean().nullable(),
  decision: z.enum(IMPLANT_DECISIONS, 'Choose the decision.').nullable(),
  decisionOn: date('Enter the date of the decision.').nullable(),
  decisionReason: z.string().trim().max(500, 'Keep the reason under 500 characters.').nullable(),
});
export type ScsTrialInput = z.output<typeof scsTrialInputSchema>;

export interface ScsTrialEpisode {
  insertedOn: string;
  leadsRemovedOn: string | null;
  /** Days from insertion to removal (null while the leads are in). */
  trialDays: number | null;
  reliefPercent: number | null;
  analgesia: AnalgesiaChange | null;
  patientSatisfied: boolean | null;
  successful: boolean | null;
  /** How success was decided, in words, with the source. */
  successWhy: string | null;
  decision: ImplantDecision | null;
  decisionOn: string | null;
  decisionReason: string | null;
  decidedBy: string | null;
  version: number;
}

export interface ScsTrialView {
  requestId: number;
  patientId: number;
  /** Null until the insertion is recorded. */
  episode: ScsTrialEpisode | null;
  source: string;
}

/** Procedures listed only after a successful SCS trial (NICE TA159, 2008). */
export const SCS_IMPLANT_PROCEDURES = ['SCS_IMPL'] as const;

/** One of the patient's trial episodes, as the implant listing rule reads it. */
export interface TrialForImplant {
  requestId: number;
  insertedOn: string;
  leadsRemovedOn: string | null;
  reliefPercent: number | null;
  analgesia: AnalgesiaChange | null;
  patientSatisfied: boolean | null;
  decision: ImplantDecision | null;
  decisionOn: string | null;
}

export const IMPLANT_AFTER_TRIAL_RULE =
  'A spinal cord stimulator implant can be listed only after a successful trial (NICE TA159, 2008)';

/**
 * Whether an implant can be listed, from the patient's trial episodes: the LATEST trial (by insertion
 * date; a re-trial replaces the trial before it) must have its outcome recorded, be successful by the
 * three criteria ({@link scsTrialSuccess}) and not be followed by a decision not to implant. `formatDate`
 * shows a date as the screens do. A refusal names the trial and why; it is not a hard block in
 * the service's clinical decisions (clinical lead) (interventions 2), so a clinician may list the implant with a reason, which is audited.
 */
export function implantListingCheck(
  trials: readonly TrialForImplant[],
  formatDate: (iso: string) => string,
):
  | { allowed: true; trial: TrialForImplant }
  | { allowed: false; trial: TrialForImplant | null; message: string } {
  const latest = [...trials].sort((a, b) =>
    a.insertedOn === b.insertedOn ? a.requestId - b.requestId : a.insertedOn < b.insertedOn ? -1 : 1,
  )[trials.length - 1];
  const refuse = (trial: TrialForImplant | null, why: string) => ({
    allowed: false as const,
    trial,
    message: `${IMPLANT_AFTER_TRIAL_RULE}: ${why}. A clinician may list it with the reason.`,
  });
  if (!latest)
    return refuse(null, 'no trial is recorded for this patient (a trial elsewhere: give it as the reason)');
  const began = formatDate(latest.insertedOn);
  if (latest.reliefPercent === null || latest.analgesia === null || latest.patientSatisfied === null)
    return refuse(latest, `the trial that began ${began} has no outcome recorded yet`);
  if (latest.decision === 'no-implant')
    return refuse(
      latest,
      `after the trial of ${began} the decision on ${latest.decisionOn ? formatDate(latest.decisionOn) : 'record'} was not to implant`,
    );
  const outcome = scsTrialSuccess({
    reliefPercent: latest.reliefPercent,
    analgesia: latest.analgesia,
    patientSatisfied: latest.patientSatisfied,
  });
  if (!outcome.successful)
    return refuse(
      latest,
      `the trial of ${began} was not successful: ${outcome.why.replace(/^Not successful: /, '').replace(/\.$/, '')}`,
    );
  return { allowed: true, trial: latest };
}
