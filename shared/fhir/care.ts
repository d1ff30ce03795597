import type {
  Appointment,
  Composition,
  DocumentReference,
  Procedure,
  QuestionnaireResponse,
  Reference,
  ServiceRequest,
} from '@medplum/fhirtypes';
import { formatDateEnGb } from '../clinical/mdt/time';
import { londonInstantsFor, londonOffsetMinutes } from '../clinical/wall-clock';
import { londonToday } from '../dates';
import { fullUrlFor, type PatientRef } from './resources';
import { PROFILE, SYSTEM } from './systems';

/**
 * Pure builders for the rest of a patient's record in FHIR R4 / UK Core: questionnaire answers, the
 * intervention pathway (the request, its booking on a list, the procedure done) and the MDT's outcome and
 * letters. Statuses carry corrections and replacements (entered in error, superseded, amended), so that a
 * receiving system never takes a mistake or an old version for the current fact.
 */

/** A questionnaire as answered: answers by item number only (licensed item wording is never exported). */
export interface FhirAnswersIn {
  id: number;
  measure: string;
  measureName: string;
  administeredOn: string;
  /** One entry per item in order; null where the item was left blank. */
  answers: readonly (number | null)[];
  enteredInError: boolean;
}

export function questionnaireResponseResource(a: FhirAnswersIn, subject: PatientRef): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    meta: { profile: [PROFILE.QuestionnaireResponse] },
    identifier: { system: SYSTEM.localRecord, value: `measure/${a.id}` },
    status: a.enteredInError ? 'entered-in-error' : 'completed',
    subject,
    authored: a.administeredOn,
    // The questionnaire is named, not referenced: Alongside publishes no Questionnaire resource of its own.
    extension: [{ url: EXT_QUESTIONNAIRE_DISPLAY, valueString: a.measureName }],
    item: a.answers.map((value, i) => ({
      linkId: String(i + 1),
      ...(value === null ? {} : { answer: [{ valueInteger: value }] }),
    })),
  };
}

/** FHIR R4's standard extension for a questionnaire's name where there is no Questionnaire to point at. */
const EXT_QUESTIONNAIRE_DISPLAY = 'http://hl7.org/fhir/StructureDefinition/display';

export interface FhirRequestIn {
  id: number;
  procedureName: string;
  side: string;
  site: string;
  indication: string;
  priority: string;
  status: 'waiting' | 'booked' | 'done' | 'removed';
  rttClockStart: string;
  requesterName: string | null;
}

const REQUEST_STATUS: Record<FhirRequestIn['status'], ServiceRequest['status']> = {
  waiting: 'active',
  booked: 'active',
  done: 'completed',
  removed: 'revoked',
};

const SIDE_WORDS: Record<string, string> = {
  left: 'left',
  right: 'right',
  bilateral: 'bilateral',
  midline: 'midline',
};

/** "L4-5, bilateral" (the site and side as a clinician writes them). */
export function siteText(site: string, side: string): string {
  const s = SIDE_WORDS[side];
  return s ? `${site}, ${s}` : site;
}

export function serviceRequestResource(r: FhirRequestIn, subject: PatientRef): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    meta: { profile: [PROFILE.ServiceRequest] },
    identifier: [{ system: SYSTEM.localRecord, value: `intervention-request/${r.id}` }],
    status: REQUEST_STATUS[r.status],
    intent: 'order',
    code: { text: r.procedureName },
    subject,
    authoredOn: r.rttClockStart,
    bodySite: [{ text: siteText(r.site, r.side) }],
    reasonCode: [{ text: r.indication }],
    ...(r.requesterName ? { requester: { display: r.requesterName } } : {}),
    note: [{ text: `Clinical priority ${r.priority} (referral-to-treatment clock from ${r.rttClockStart})` }],
  };
}

export interface FhirBookingIn {
  id: number;
  requestId: number;
  status: string;
  sessionDate: string;
  sessionStart: string;
  sessionEnd: string;
  room: string;
  clinicianName: string | null;
  cancelReason: string | null;
}

const APPOINTMENT_STATUS: Record<string, Appointment['status']> = {
  booked: 'booked',
  cancelled: 'cancelled',
  dna: 'noshow',
  done: 'fulfilled',
};

/** A UK wall-clock date and time as a FHIR dateTime with London's offset then ('2026-06-01T09:00:00+01:00'). */
export function londonDateTime(date: string, time: string): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  // A time skipped when the clocks go forward cannot be booked; were one stored, the hour after stands for it.
  const instant =
    londonInstantsFor({ year: y, month: mo, day: d, hour: h, minute: mi })[0] ??
    Date.UTC(y, mo - 1, d, h, mi) - 60 * 60_000;
  const offset = londonOffsetMinutes(instant);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date}T${time}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function appointmentResource(b: FhirBookingIn, subject: PatientRef): Appointment {
  return {
    resourceType: 'Appointment',
    meta: { profile: [PROFILE.Appointment] },
    identifier: [{ system: SYSTEM.localRecord, value: `intervention-booking/${b.id}` }],
    status: APPOINTMENT_STATUS[b.status] ?? 'booked',
    ...(b.cancelReason ? { cancelationReason: { text: b.cancelReason } } : {}),
    description: `Procedure list, ${b.room}`,
    start: londonDateTime(b.sessionDate, b.sessionStart),
    end: londonDateTime(b.sessionDate, b.sessionEnd),
    basedOn: [{ reference: fullUrlFor('ServiceRequest', b.requestId) }],
    participant: [
      { actor: subject, status: 'accepted' },
      ...(b.clinicianName ? [{ actor: { display: b.clinicianName }, status: 'accepted' as const }] : []),
    ],
  };
}

export interface FhirProcedureIn {
  bookingId: number;
  requestId: number;
  procedureName: string;
  side: string;
  site: string;
  date: string;
  inRoomStart: string | null;
  inRoomEnd: string | null;
  reliefPercent: number | null;
  reliefDurationWeeks: number | null;
  pgic: number | null;
  successful: boolean | null;
  complications: string | null;
  clinicianName: string | null;
}

/** The outcome in words: "80% relief for 6 weeks; patient global impression of change 6 of 7; successful". */
export function procedureOutcomeText(p: FhirProcedureIn): string | null {
  if (p.reliefPercent === null) return null;
  const weeks = p.reliefDurationWeeks
    ? ` for ${p.reliefDurationWeeks} week${p.reliefDurationWeeks === 1 ? '' : 's'}`
    : '';
  const parts = [`${p.reliefPercent}% relief${weeks}`];
  if (p.pgic !== null) parts.push(`patient global impression of change ${p.pgic} of 7`);
  if (p.successful !== null) parts.push(p.successful ? 'successful' : 'not successful');
  return parts.join('; ');
}

export function procedureResource(p: FhirProcedureIn, subject: PatientRef): Procedure {
  const outcome = procedureOutcomeText(p);
  return {
    resourceType: 'Procedure',
    meta: { profile: [PROFILE.Procedure] },
    identifier: [{ system: SYSTEM.localRecord, value: `intervention-procedure/${p.bookingId}` }],
    basedOn: [{ reference: fullUrlFor('ServiceRequest', p.requestId) }],
    status: 'completed',
    code: { text: p.procedureName },
    subject,
    ...(p.inRoomStart && p.inRoomEnd
      ? {
          performedPeriod: {
            start: londonDateTime(p.date, p.inRoomStart),
            end: londonDateTime(p.date, p.inRoomEnd),
          },
        }
      : { performedDateTime: p.date }),
    ...(p.clinicianName ? { performer: [{ actor: { display: p.clinicianName } }] } : {}),
    bodySite: [{ text: siteText(p.site, p.side) }],
    ...(outcome ? { outcome: { text: outcome } } : {}),
    ...(p.complications?.trim() ? { complication: [{ text: p.complications }] } : {}),
  };
}

export interface FhirOutcomeIn {
  id: number;
  version: number;
  meetingDate: string;
  meetingName: string;
  questions: readonly string[];
  summary: string;
  rationale: string;
  actions: readonly { description: string; ownerName: string; dueDate: string }[];
  confirmedAt: string | null;
  confirmedByName: string | null;
  amendReason: string | null;
}

const xhtml = (text: string) => ({
  status: 'generated' as const,
  div: `<div xmlns="http://www.w3.org/1999/xhtml">${escapeXml(text)}</div>`,
});

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** "24 November 2026" for a date, or for an instant the date it was in the UK. */
function longDate(iso: string): string {
  return formatDateEnGb(iso.length > 10 ? londonToday(new Date(iso)) : iso);
}

/** A confirmed MDT outcome as a document: the question, the recommendation, the rationale and the actions. */
export function outcomeComposition(o: FhirOutcomeIn, subject: PatientRef): Composition {
  const sections = [
    { title: 'Question', text: o.questions.join(' ') || 'No question was recorded.' },
    { title: 'Recommendation', text: o.summary },
    { title: 'Rationale', text: o.rationale || 'No rationale was recorded.' },
    {
      title: 'Actions',
      text:
        o.actions
          .map((a) => `${a.description} (owner: ${a.ownerName}; due ${longDate(a.dueDate)})`)
          .join('. ') || 'No actions.',
    },
  ];
  return {
    resourceType: 'Composition',
    meta: { profile: [PROFILE.Composition] },
    identifier: { system: SYSTEM.localRecord, value: `mdt-outcome/${o.id}` },
    status: o.version > 1 ? 'amended' : 'final',
    type: { text: 'Multidisciplinary team meeting outcome' },
    subject,
    date: o.meetingDate,
    author: [{ display: o.confirmedByName ?? o.meetingName }],
    title: `Pain MDT outcome, ${longDate(o.meetingDate)}`,
    ...(o.confirmedAt
      ? { attester: [{ mode: 'legal', time: o.confirmedAt, party: { display: o.confirmedByName ?? '' } }] }
      : {}),
    section: sections.map((s) => ({ title: s.title, text: xhtml(s.text) })),
  };
}

export interface FhirLetterIn {
  id: number;
  outcomeId: number;
  audienceLabel: string;
  recipientName: string;
  body: string | null;
  problem: string | null;
  generatedAt: string;
  sentAt: string | null;
  supersededAt: string | null;
  replacesLetterId: number | null;
}

/** Base64 of UTF-8 text, without Node's Buffer (this layer runs in the renderer too). */
function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** A letter as a document reference holding its text; a replaced letter is "superseded", never current. */
export function letterDocumentReference(
  l: FhirLetterIn,
  subject: PatientRef,
  /** The exported outcome (Composition) the letter belongs to, if any. */
  outcomeId: number | null,
  /** The letter as a PDF (base64), attached beside its text; null for a letter not written. */
  pdfBase64: string | null = null,
): DocumentReference {
  const text = l.body ?? `This letter was not written: ${l.problem ?? 'it needs attention'}.`;
  const related: Reference[] =
    outcomeId === null ? [] : [{ reference: fullUrlFor('Composition', outcomeId) }];
  return {
    resourceType: 'DocumentReference',
    meta: { profile: [PROFILE.DocumentReference] },
    identifier: [{ system: SYSTEM.localRecord, value: `mdt-letter/${l.id}` }],
    status: l.supersededAt ? 'superseded' : 'current',
    docStatus: l.body ? 'final' : 'preliminary',
    type: { text: `MDT letter to ${l.audienceLabel}` },
    subject,
    date: l.generatedAt,
    description: `To ${l.recipientName}${l.sentAt ? `; sent ${longDate(l.sentAt)}` : '; not yet sent'}`,
    ...(l.replacesLetterId
      ? {
          relatesTo: [
            { code: 'replaces', target: { reference: fullUrlFor('DocumentReference', l.replacesLetterId) } },
          ],
        }
      : {}),
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          language: 'en-GB',
          data: base64Utf8(text),
          title: `MDT letter to ${l.audienceLabel}`,
          creation: l.generatedAt,
        },
      },
      ...(pdfBase64 === null
        ? []
        : [
            {
              attachment: {
                contentType: 'application/pdf',
                language: 'en-GB',
                data: pdfBase64,
                title: `MDT letter to ${l.audienceLabel} (PDF)`,
                creation: l.generatedAt,
              },
            },
          ]),
    ],
    ...(related.length ? { context: { related } } : {}),
  };
}
