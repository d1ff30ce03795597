/** The case summary shown for a listing. */
import type { Selectable } from 'kysely';
import { staleOutcomeMeasures } from '../../shared/clinical/mdt/index';
import { activeRuleSet } from './rule-sets';
import { formatDateGb, londonToday } from '../../shared/dates';
import { REFERRAL_REASON_LABELS, type CaseSummary, type ReferralReason } from '../../shared/domain/mdt';
import { displayName } from '../../shared/domain/patient';
import { AppError } from '../../shared/result';
import { parseJson } from '../mappers/mdt';
import {
  listingRowsById,
  openActionRowsForPatient,
  previousOutcomeRows,
  referralRowsForListing,
} from '../queries/mdt';
import { getPatient } from '../queries/patients';
import type { MdtListingsTable } from '../schema-mdt';
import { interventionsSection, medicinesSection, rehabSection, rehabText } from './mdt-case-sections';
import type { HandlerContext } from './context';
import { rule } from './mdt-common';

// ---------------- case summary ----------------

/** Every read of the summary is compiled once and keyed by the listing or its patient. */
export async function caseSummary(ctx: HandlerContext, listingId: number): Promise<CaseSummary> {
  const db = ctx.conn.db;
  const [l] = await listingRowsById(db, listingId);
  if (!l) throw new AppError('NOT_FOUND', 'That listing does not exist.');
  const parts = await Promise.all([
    getPatient(db, l.patient_id),
    referralRowsForListing(db, l.id),
    openActionRowsForPatient(db, l.patient_id),
    previousOutcomeRows(db, l.patient_id, l.id),
    medicinesSection(db, l.patient_id),
    interventionsSection(db, l.patient_id),
    rehabSection(db, l.patient_id),
  ]);
  return toCaseSummary(ctx, l, ...parts);
}

type Listing = Selectable<MdtListingsTable>;
export type Reads = [
  patient: Awaited<ReturnType<typeof getPatient>>,
  refs: Awaited<ReturnType<typeof referralRowsForListing>>,
  actions: Awaited<ReturnType<typeof openActionRowsForPatient>>,
  previous: Awaited<ReturnType<typeof previousOutcomeRows>>,
  medicines: string | null,
  interventions: string | null,
  rehab: Awaited<ReturnType<typeof rehabSection>>,
];

/** The summary from its reads (also used by the batch for a meeting, db/services/mdt-case-summaries.ts). */
export function toCaseSummary(ctx: HandlerContext, l: Listing, ...reads: Reads): CaseSummary {
  const [patient, refs, actions, previous, medicines, interventions, rehab] = reads;
  if (!patient) throw new AppError('NOT_FOUND', 'That patient record does not exist.');
  const today = londonToday(ctx.now());
  const suggestion = parseJson<{ code: string; text: string }[] | null>(l.suggestion_json, null) ?? [];
  const own = l.question?.trim() ? [l.question.trim()] : [];
  const questions = own.length > 0 ? own : [...new Set(refs.map((r) => r.question.trim()))];
  const whatMatters =
    [...new Set(refs.map((r) => r.what_matters.trim()).filter((t) => t !== ''))].join(' / ') ||
    (patient.whatMatters ?? '');
  const diagnosis =
    [patient.diagnosisCode, patient.diagnosisSite, patient.diagnosisNotes]
      .filter((x): x is string => !!x && x.trim() !== '')
      .join(' · ') || null;
  const missing: string[] = [];
  if (questions.length === 0) missing.push('No question for the MDT');
  if (whatMatters.trim() === '') missing.push('What matters to the patient is not recorded');
  if (l.presenter_id === null) missing.push('No presenter named');
  if (!diagnosis) missing.push('No diagnosis recorded');
  if (refs.length > 0 && !refs.every((r) => r.patient_aware === 1))
    missing.push('The patient has not been told they are being discussed');
  if (l.is_late_addition === 1 && l.late_approved_by === null)
    missing.push('Late addition awaiting the chair’s approval');
  if (medicines === null) missing.push('No medicines list recorded');
  if (rehab.measures.length === 0) missing.push('No outcome measures recorded');
  // The version in use (Settings › Clinical rule sets, "MDT case readiness").
  const readiness = activeRuleSet(ctx.conn, 'mdt-case-readiness').value;
  const maxAge = readiness.outcomeMeasureMaxAgeDays.value;
  for (const m of rule(() => staleOutcomeMeasures(rehab.measures, today, readiness)))
    missing.push(
      `${m.name} last recorded ${formatDateGb(m.administeredOn)}, more than ${maxAge} days ago (out of date for the MDT)`,
    );
  return {
    listingId: l.id,
    patient: {
      id: patient.id,
      name: displayName(patient),
      nhsNumber: patient.nhsNumber,
      dateOfBirth: patient.dateOfBirth,
      gpPractice: patient.gpPractice,
    },
    diagnosis,
    questions: questions.length > 0 ? questions : suggestion.map((s) => `Suggested: ${s.text}`),
    reasons: [...new Set(refs.map((r) => REFERRAL_REASON_LABELS[r.reason as ReferralReason] ?? r.reason))],
    whatMatters,
    patientAware: refs.length > 0 && refs.every((r) => r.patient_aware === 1),
    allergies: patient.allergies.map((a) => ({ agent: a.agent, reaction: a.reaction })),
    openActions: actions.map((a) => ({
      id: a.id,
      description: a.description,
      ownerName: a.owner_name,
      dueDate: a.due_date,
      overdue: a.due_date < today,
    })),
    previousDiscussions: previous.map((p) => ({
      date: p.meeting_date,
      kind: p.kind as CaseSummary['previousDiscussions'][number]['kind'],
      summary: p.summary,
    })),
    sections: [
      { title: 'Medicines', text: medicines },
      { title: 'Interventions', text: interventions },
      { title: 'Rehabilitation', text: rehabText(rehab) },
    ],
    rehab,
    readiness: { ready: missing.length === 0, missing },
  };
}
