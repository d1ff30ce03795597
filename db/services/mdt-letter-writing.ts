import type { Kysely } from 'kysely';
import {
  addressBlock,
  amendmentSentence,
  buildLetterData,
  formatDateEnGb,
  previewLetter,
  referrerAddressable,
  renderLetter,
  type Discipline,
  type LetterRecord,
  type LetterTemplate,
  type ReferrerDetails,
} from '../../shared/clinical/mdt/index';
import { ClinicalInputError } from '../../shared/clinical/errors';
import { londonToday } from '../../shared/dates';
import { MDT_SERVICE, type OutcomeView } from '../../shared/domain/mdt';
import { medicineLinkSchema } from '../../shared/domain/mdt-links';
import { doseText, formatDose, type DoseKind } from '../../shared/domain/medicines';
import { ROLE_LABELS, type Role } from '../../shared/domain/roles';
import { AppError } from '../../shared/result';
import { toClinicalOutcome, toOutcomeView } from '../mappers/mdt';
import { actionRowsForListing, outcomeRows, referralRowsForListings } from '../queries/mdt';
import { activeEntriesOfPatient } from '../queries/medicines';
import type { DB } from '../schema';
import type { MdtLetterTemplatesTable } from '../schema-mdt';
import type { Selectable } from 'kysely';
import type { HandlerContext } from './context';
import { listingRow, meetingRow, nowInstant, quorumFor, userId } from './mdt';

/**
 * Writing one MDT letter (issue 16): who it is addressed to (the GP practice, the referring clinician as
 * recorded from the referral or triage, never whoever keyed the referral, or the patient), the NHS letter
 * conventions (date, NHS number 3-3-4, address block, current medicines and the changes agreed, signatory
 * and role, copies), and, for a letter that replaces an earlier one, a sentence saying so for its reader.
 */

export type Audience = 'gp' | 'referrer' | 'patient';

/** What a referrer letter says when nobody recorded who referred the patient: it is not guessed. */
export const REFERRER_NOT_RECORDED =
  'This letter cannot be addressed: the clinician who referred the patient is not recorded. Record the referrer’s name, role, organisation and address, and the letter is written to them.';

/**
 * What the GP and referrer letters say when nobody recorded what matters to the patient (issue 16 review):
 * those letters are about the MDT's advice and still go, saying so truthfully. The patient letter is held back
 * instead ("needs attention"): it cannot say "you told us that what matters most to you is ..." without it.
 */
export const WHAT_MATTERS_NOT_RECORDED = 'not recorded';

/** What a GP letter says when the patient's GP practice is not recorded. */
export const GP_NOT_RECORDED =
  'This letter cannot be addressed: the patient’s GP practice is not recorded. Record it on the patient’s details, then write the letter again.';

export function toTemplate(row: Selectable<MdtLetterTemplatesTable>): LetterTemplate {
  return {
    id: row.template_id,
    name: row.name,
    version: row.version,
    source: row.source,
    audience: row.audience as Audience,
    example: row.example === 1,
    body: row.body,
  };
}

/** The newest version for an audience: the one new letters use (index mdt_letter_templates_audience). */
export async function currentTemplateRow(db: Kysely<DB>, audience: Audience) {
  const row = await db
    .selectFrom('mdt_letter_templates')
    .selectAll()
    .where('audience', '=', audience)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `There is no letter template for ${audience}.`);
  return row;
}

export async function meetingNameForListing(db: Kysely<DB>, listingId: number) {
  const r = await db
    .selectFrom('mdt_listings as l')
    .innerJoin('mdt_meetings as m', 'm.id', 'l.meeting_id')
    .innerJoin('mdt_meeting_types as t', 't.id', 'm.meeting_type_id')
    .select('t.name')
    .where('l.id', '=', listingId)
    .executeTakeFirstOrThrow();
  return r.name;
}

/**
 * The referring clinician of a listing: recorded on its oldest live referral, else on the service referral
 * triage sent to the MDT. Null when nobody recorded one (the coordinator who keyed it is not the referrer).
 */
export async function referrerForListing(db: Kysely<DB>, listingId: number): Promise<ReferrerDetails | null> {
  const rows = await db
    .selectFrom('mdt_referrals as r')
    .leftJoin('service_referrals as s', 's.mdt_referral_id', 'r.id')
    .select([
      'r.referrer_name',
      'r.referrer_role',
      'r.referrer_organisation',
      'r.referrer_address',
      's.referrer_name as s_name',
      's.referrer_role as s_role',
      's.referrer_organisation as s_organisation',
      's.referrer_address as s_address',
    ])
    .where('r.listing_id', '=', listingId)
    .where('r.status', '!=', 'withdrawn')
    .orderBy('r.requested_at')
    .orderBy('r.id')
    .execute();
  for (const r of rows) {
    if ((r.referrer_name ?? '').trim() !== '') {
      return {
        name: r.referrer_name ?? '',
        role: r.referrer_role ?? '',
        organisation: r.referrer_organisation ?? '',
        address: r.referrer_address ?? '',
      };
    }
    if ((r.s_name ?? '').trim() !== '') {
      return {
        name: r.s_name ?? '',
        role: r.s_role ?? '',
        organisation: r.s_organisation ?? '',
        address: r.s_address ?? '',
      };
    }
  }
  return null;
}

type EntryRow = Awaited<ReturnType<typeof activeEntriesOfPatient>>[number];

function medicineLine(e: EntryRow): string {
  let administrationsMg: number[] | null;
  try {
    administrationsMg = e.administrations_json ? (JSON.parse(e.administrations_json) as number[]) : null;
  } catch {
    administrationsMg = null;
  }
  const dose = doseText({
    doseKind: e.dose_kind as DoseKind,
    administrationsMg,
    doseMg: e.dose_mg,
    timesPerDay: e.times_per_day,
    prnMaxMgPer24h: e.prn_max_mg_per_24h,
    patchMcgPerHour: e.patch_mcg_per_hour,
    patchChangeEveryDays: e.patch_change_every_days,
  });
  return `${e.name} ${e.strength}: ${dose}`.replace(/\s+/g, ' ').trim();
}

/** The changes to medicines the MDT agreed: each medication-change action, with the medicine it changes. */
async function medicineChanges(
  db: Kysely<DB>,
  listingId: number,
  actionIds: readonly number[],
  entries: readonly EntryRow[],
  due: Map<number, { owner: string; dueDate: string }>,
): Promise<string[]> {
  if (actionIds.length === 0) return [];
  const rows = await db
    .selectFrom('mdt_actions')
    .select(['id', 'description', 'link_json'])
    .where('listing_id', '=', listingId)
    .where('type', '=', 'medication-change')
    .where('id', 'in', [...actionIds])
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    let parsed: unknown;
    try {
      parsed = r.link_json ? (JSON.parse(r.link_json) as { medicine?: unknown }).medicine : null;
    } catch {
      parsed = null;
    }
    const link = medicineLinkSchema.safeParse(parsed);
    const when = due.get(r.id);
    const tail = when ? ` (owner: ${when.owner}; due ${when.dueDate})` : '';
    if (!link.success) return `${r.description}${tail}`;
    const entry = entries.find((e) => e.item_id === link.data.itemId);
    const name = entry ? `${entry.name} ${entry.strength}`.trim() : 'The medicine named in the action';
    const now = entry ? `, from ${medicineLine(entry).slice(name.length + 2)}` : '';
    const unit = entry?.dose_kind === 'patch' ? 'micrograms/hour' : 'mg a day';
    const change =
      link.data.change === 'reduce' && link.data.targetDose !== null
        ? `reduce gradually to ${formatDose(link.data.targetDose)} ${unit}${now}`
        : `reduce gradually and stop${now}`;
    return `${name}: ${change}${tail}`;
  });
}

export interface Written {
  recipientName: string;
  templateId: string;
  templateVersion: string;
  body: string | null;
  problem: string | null;
}

/**
 * Writes one letter from the outcome's data and the audience's current template (or says what is missing).
 *
 * @param replacesLetterId - the letter this one replaces (an amended outcome), for the sentence saying so
 */
export async function writeLetter(
  ctx: HandlerContext,
  db: Kysely<DB>,
  outcomeId: number,
  audience: Audience,
  meetingName: string,
  replacesLetterId: number | null,
): Promise<Written> {
  const row = await outcomeRows(db).where('o.id', '=', outcomeId).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'That outcome does not exist.');
  const o = toOutcomeView(row, await actionRowsForListing(db, row.listing_id));
  return composeLetter(ctx, db, o, audience, meetingName, replacesLetterId, false);
}

/**
 * Composes a letter from an outcome (confirmed, or a draft for the chair's preview). With `preview`, gaps
 * are shown in the text ("[not written yet: ...]") instead of refusing.
 */
export async function composeLetter(
  ctx: HandlerContext,
  db: Kysely<DB>,
  o: OutcomeView,
  audience: Audience,
  meetingName: string,
  replacesLetterId: number | null,
  preview: boolean,
): Promise<Written> {
  const patient = await db
    .selectFrom('patients')
    .selectAll()
    .where('id', '=', o.patientId)
    .executeTakeFirstOrThrow();
  const refs = await referralRowsForListings(db, [o.listingId]);
  const referrer = await referrerForListing(db, o.listingId);
  const signer = await db
    .selectFrom('users')
    .select(['display_name', 'role'])
    .where('id', '=', userId(ctx))
    .executeTakeFirstOrThrow();
  const disciplines = [...new Set((o.quorum?.present ?? []).map((p) => p.discipline))] as Discipline[];
  const question = [...new Set(refs.map((r) => r.question.trim()))].join(' ');
  const whatMatters =
    [...new Set(refs.map((r) => r.what_matters.trim()).filter((t) => t !== ''))].join(' / ') ||
    (patient.what_matters ?? '');
  const patientName = `${patient.forename} ${patient.surname}`;
  const practice = (patient.gp_practice ?? '').trim();
  const hasReferrer = referrerAddressable(referrer);
  const referrerLine = hasReferrer
    ? addressBlock([referrer.name, referrer.role, referrer.organisation]).join(', ')
    : '';

  const recipient: Record<Audience, { name: string; salutation: string; address: string[]; cc: string[] }> = {
    gp: {
      name: practice ? `GP, ${practice}` : '',
      salutation: 'Doctor',
      address: practice ? ['The GP', practice] : [],
      cc: [
        `${patientName} (patient, with a letter in plain English)`,
        ...(hasReferrer ? [`${referrerLine} (referrer)`] : []),
      ],
    },
    referrer: {
      name: hasReferrer ? referrer.name : '',
      salutation: hasReferrer ? referrer.name : '',
      address: hasReferrer
        ? addressBlock([referrer.name, referrer.role, referrer.organisation, referrer.address])
        : [],
      cc: [
        ...(practice ? [`The GP, ${practice}`] : []),
        `${patientName} (patient, with a letter in plain English)`,
      ],
    },
    patient: {
      name: patientName,
      salutation: patientName,
      address: addressBlock([patientName, patient.postcode]),
      cc: [
        ...(practice ? [`Your GP, ${practice}`] : []),
        ...(hasReferrer ? [`${referrer.name}, who referred you to us`] : []),
      ],
    },
  };
  const to = recipient[audience];
  const template = toTemplate(await currentTemplateRow(db, audience));
  const amendment = o.version > 1 && o.amendReason ? { reason: o.amendReason } : null;
  let sentence: string | null = null;
  if (amendment && replacesLetterId !== null) {
    const old = await db
      .selectFrom('mdt_letters')
      .select(['sent_at', 'generated_at'])
      .where('id', '=', replacesLetterId)
      .executeTakeFirst();
    if (old) {
      const at = old.sent_at ?? old.generated_at;
      sentence = amendmentSentence(
        audience,
        { date: londonToday(new Date(at)), sent: old.sent_at !== null },
        amendment.reason,
      );
    }
  }
  if ((audience === 'referrer' && !hasReferrer) || (audience === 'gp' && practice === '')) {
    return {
      recipientName: audience === 'gp' ? 'GP practice not recorded' : 'Referrer not recorded',
      templateId: template.id,
      templateVersion: template.version,
      body: null,
      problem: audience === 'gp' ? GP_NOT_RECORDED : REFERRER_NOT_RECORDED,
    };
  }
  const entries = await activeEntriesOfPatient(db, patient.id);
  const due = new Map<number, { owner: string; dueDate: string }>();
  for (const a of o.actions)
    if (a.id !== null && a.dueDate)
      due.set(a.id, { owner: a.ownerName, dueDate: formatDateEnGb(a.dueDate, 'action.dueDate') });
  let body: string | null = null;
  let problem: string | null = null;
  try {
    const data = buildLetterData({
      serviceName: MDT_SERVICE.serviceName,
      meetingName,
      patient: { name: patientName, nhsNumber: patient.nhs_number ?? '', dateOfBirth: patient.date_of_birth },
      recipientName: to.name,
      question,
      whatMatters:
        audience === 'patient' || whatMatters.trim() !== '' ? whatMatters : WHAT_MATTERS_NOT_RECORDED,
      outcome: toClinicalOutcome(o),
      disciplinesPresent: disciplines,
      patientSummary: o.patientSummary,
      contactDetails: MDT_SERVICE.contactDetails,
      signatory: signer.display_name,
      amendment,
      letterDate: londonToday(ctx.now()),
      salutation: to.salutation,
      recipientAddress: to.address,
      currentMedicines: entries.map(medicineLine),
      medicineChanges: await medicineChanges(
        db,
        o.listingId,
        o.actions.flatMap((a) => (a.id === null ? [] : [a.id])),
        entries,
        due,
      ),
      signatoryRole: ROLE_LABELS[signer.role as Role] ?? '',
      cc: to.cc,
      amendmentSentence: sentence,
    });
    body = preview ? previewText(template, data) : renderLetter(template, data).text;
    // A template that does not say it replaces an earlier letter still does, at the top, for its reader.
    if (sentence && !template.body.includes('amendmentSentence') && !template.body.includes('amendReason')) {
      body = `${sentence}\n\n${body}`;
    }
  } catch (err) {
    if (!(err instanceof ClinicalInputError)) throw err;
    problem = err.message;
  }
  return {
    recipientName: to.name || '(no recipient recorded)',
    templateId: template.id,
    templateVersion: template.version,
    body,
    problem,
  };
}

/** What each gap a patient letter can have is, in the chair's words. */
const GAP_LABELS: Record<string, string> = {
  patientSummary: 'the plain-English summary for the patient',
  whatMatters: 'what matters to the patient (from the referral)',
  teamMembers: 'who was present',
  reviewDate: 'the review date',
  contactDetails: 'how to contact the service',
};

function previewText(template: LetterTemplate, data: LetterRecord): string {
  return previewLetter(template, data).text.replace(/\[missing: ([^\]]+)\]/g, (_m, name: string) => {
    const key = name.replace(/^.*\./, '').replace(/\[\d+\]$/, '');
    return `[not written yet: ${GAP_LABELS[key] ?? 'a detail the letter needs'}]`;
  });
}

/**
 * The patient letter as the confirm step shows it (issue 16), written from an outcome being typed: the same
 * text for the preview the chair reads and for the check the confirmation makes (shared/domain/letter-seal).
 * Actions still being typed (no valid due date yet) are left out; words are taken as the confirmation takes
 * them (trimmed), and nothing the module drafts are given on confirmation (ids, owners' names) is used.
 */
export async function patientLetterAsShown(
  ctx: HandlerContext,
  db: Kysely<DB>,
  o: OutcomeView,
): Promise<{ text: string; problem: string | null }> {
  // Who was present, as the confirmation will record it (at the start of the discussion, else now): the
  // letter says who the team included, so the chair reads the sentence the patient will.
  let quorum = o.quorum;
  if (quorum === null) {
    const l = await listingRow(db, o.listingId);
    quorum = await quorumFor(db, await meetingRow(db, l.meeting_id), l, l.started_at ?? nowInstant(ctx));
  }
  const typed: OutcomeView = {
    ...o,
    quorum,
    actions: o.actions
      .filter((a) => /^\d{4}-\d{2}-\d{2}$/.test(a.dueDate))
      .map((a) => ({
        id: null,
        description: a.description.trim(),
        type: a.type,
        ownerId: a.ownerId,
        ownerName: '',
        dueDate: a.dueDate,
        status: 'draft',
        completionNote: null,
        patientWording: (a.patientWording ?? '').trim() || null,
      })),
  };
  const w = await composeLetter(
    ctx,
    db,
    typed,
    'patient',
    await meetingNameForListing(db, o.listingId),
    null,
    true,
  );
  return { text: w.body ?? '', problem: w.problem };
}
