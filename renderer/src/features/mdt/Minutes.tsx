import { Group } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import {
  DISCIPLINE_LABELS,
  OUTCOME_KIND_LABELS,
  type Discipline,
} from '../../../../shared/clinical/mdt/index';
import { formatDateGb, formatInstantGb } from '../../../../shared/dates';
import {
  ACTION_TYPE_LABELS,
  ATTENDANCE_LABELS,
  CASE_CATEGORY_LABELS,
  type AttendanceView,
  type ListingView,
  type MinutesCase,
} from '../../../../shared/domain/mdt';
import { formatNhsNumber } from '../../../../shared/nhs-number';
import { api } from '../../api/client';
import { PrintButton } from '../../app/PrintButton';
import { Loading, localTime } from './common';

const MINUTES_CSS = `
.mdt-minutes { max-width: 780px; margin: 0 auto; padding: 24px; background: white; color: #111; font-size: 15px; line-height: 1.5; }
.mdt-minutes h1 { font-size: 22px; margin: 0 0 4px; }
.mdt-minutes h2 { font-size: 18px; margin: 20px 0 6px; border-bottom: 1px solid #555; }
.mdt-minutes h3 { font-size: 16px; margin: 14px 0 4px; }
.mdt-minutes p, .mdt-minutes ul { margin: 2px 0 6px; }
.mdt-minutes table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
.mdt-minutes th, .mdt-minutes td { border: 1px solid #555; padding: 4px 6px; text-align: left; vertical-align: top; }
.mdt-minutes section { break-inside: avoid; }
@media print {
  @page { size: A4; margin: 18mm; }
  header, nav, .no-print, .mantine-AppShell-header, .mantine-AppShell-navbar { display: none !important; }
  .mantine-AppShell-main { padding: 0 !important; background: white !important; }
  .mdt-minutes { padding: 0; max-width: none; font-size: 11pt; }
}
`;

function timeOf(instant: string | null): string {
  return instant ? formatInstantGb(instant).slice(-5) : '';
}

function patientLine(l: ListingView): string {
  return `${l.patientName}${l.nhsNumber ? ` (NHS ${formatNhsNumber(l.nhsNumber)})` : ''}`;
}

function categoryLabel(code: string): string {
  return (CASE_CATEGORY_LABELS as Record<string, string | undefined>)[code] ?? code;
}

function attendanceText(a: AttendanceView): string {
  const status = ATTENDANCE_LABELS[a.status];
  return a.status === 'deputy' && a.deputyForName ? `${status} for ${a.deputyForName}` : status;
}

function intervalsText(a: AttendanceView): string {
  if (a.status === 'apologies' || a.status === 'absent') return '';
  return a.intervals
    .map((i) => `${i.joinedAt ? timeOf(i.joinedAt) : 'start'}–${i.leftAt ? timeOf(i.leftAt) : 'end'}`)
    .join(', ');
}

function DiscussedCase({ c, n }: { c: MinutesCase; n: number }) {
  const o = c.outcome;
  const present = o?.quorum
    ? (Object.entries(o.quorum.presentByDiscipline) as [Discipline, number][])
        .filter(([, count]) => count > 0)
        .map(([d, count]) => `${DISCIPLINE_LABELS[d]} (${count})`)
        .join(', ')
    : '';
  return (
    <section aria-label={`Case ${n}`}>
      <h3>
        {n}. {patientLine(c.listing)}
      </h3>
      <p>
        <strong>Question:</strong> {c.listing.questions.join(' · ') || 'not recorded'}
      </p>
      {c.listing.caseCategories.length > 0 && (
        <p>
          <strong>Category:</strong> {c.listing.caseCategories.map(categoryLabel).join(', ')}
        </p>
      )}
      {!o ? (
        <p>No outcome was confirmed.</p>
      ) : (
        <>
          <p>
            <strong>Outcome:</strong> {OUTCOME_KIND_LABELS[o.kind]}
            {o.summary ? `: ${o.summary}` : ''}
          </p>
          {o.options.length > 0 && (
            <>
              <p>
                <strong>Options to discuss with the patient:</strong>
              </p>
              <ul>
                {o.options.map((opt, i) => (
                  <li key={i}>{opt}</li>
                ))}
              </ul>
            </>
          )}
          {o.rationale && (
            <p>
              <strong>Rationale:</strong> {o.rationale}
            </p>
          )}
          <p>
            <strong>Review date:</strong> {o.reviewDate ? formatDateGb(o.reviewDate) : 'none set'}
          </p>
          <p>
            <strong>Quorum:</strong>{' '}
            {!o.quorum
              ? 'not recorded'
              : `${o.quorum.met ? 'met' : 'NOT met'}${present ? `; present: ${present}` : ''}${
                  o.quorum.met ? '' : `. ${o.quorum.explanation}`
                }`}
          </p>
          {o.noAction || o.actions.length === 0 ? (
            <p>
              <strong>Actions:</strong> no action.
            </p>
          ) : (
            <table aria-label={`Actions for case ${n}`}>
              <thead>
                <tr>
                  <th>Action</th>
                  <th>Owner</th>
                  <th>Due</th>
                  <th>Type</th>
                </tr>
              </thead>
              <tbody>
                {o.actions.map((a, i) => (
                  <tr key={a.id ?? i}>
                    <td>{a.description}</td>
                    <td>{a.ownerName}</td>
                    <td>{formatDateGb(a.dueDate)}</td>
                    <td>{ACTION_TYPE_LABELS[a.type]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {c.amendments.length > 0 && (
            <>
              <p>
                <strong>Amendments:</strong>
              </p>
              <ul>
                {c.amendments.map((a) => (
                  <li key={a.version}>
                    Version {a.version}
                    {a.at ? `, ${formatInstantGb(a.at)}` : ''}
                    {a.byName ? ` by ${a.byName}` : ''}: {a.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** The minutes of a finished meeting, as a print view (route /mdt/meetings/:id/minutes). */
export function MinutesPrint() {
  const { id } = useParams();
  const meetingId = Number(id);
  const q = useQuery({
    queryKey: ['mdt:minutes', meetingId],
    queryFn: () => api.call('mdt:meeting:minutes', { meetingId }),
  });
  if (!q.data) return <Loading error={q.error} />;
  const { meeting, attendance, discussed, notDiscussed, protocolNoted, forInformation } = q.data;
  return (
    <>
      <style>{MINUTES_CSS}</style>
      <Group className="no-print" mb="sm">
        <PrintButton color="brand.8" document="MDT minutes" />
      </Group>
      <article className="mdt-minutes" aria-label="Meeting minutes">
        <h1>Minutes: {meeting.meetingTypeName}</h1>
        <p>
          {formatDateGb(meeting.date)} at {localTime(meeting.startLocal)}
          {q.data.actualEndAt ? `, finished ${timeOf(q.data.actualEndAt)}` : ''} · Chair:{' '}
          {meeting.chairName ?? 'not named'}
        </p>

        <h2>Attendance</h2>
        {attendance.length === 0 ? (
          <p>No attendance recorded.</p>
        ) : (
          <table aria-label="Attendance">
            <thead>
              <tr>
                <th>Name</th>
                <th>Discipline</th>
                <th>Attendance</th>
                <th>In the meeting</th>
              </tr>
            </thead>
            <tbody>
              {attendance.map((a) => (
                <tr key={a.userId}>
                  <td>{a.name}</td>
                  <td>{DISCIPLINE_LABELS[a.discipline]}</td>
                  <td>{attendanceText(a)}</td>
                  <td>{intervalsText(a)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <h2>Cases discussed</h2>
        {discussed.length === 0 ? (
          <p>No cases were discussed.</p>
        ) : (
          discussed.map((c, i) => <DiscussedCase key={c.listing.id} c={c} n={i + 1} />)
        )}

        <h2>Cases not discussed</h2>
        {notDiscussed.length === 0 ? (
          <p>None: every listed case was discussed.</p>
        ) : (
          <table aria-label="Cases not discussed">
            <thead>
              <tr>
                <th>Patient</th>
                <th>Reason carried over</th>
                <th>Deferrals</th>
              </tr>
            </thead>
            <tbody>
              {notDiscussed.map((c) => (
                <tr key={c.listing.id}>
                  <td>{patientLine(c.listing)}</td>
                  <td>{c.reason ?? 'not given'}</td>
                  <td>
                    {c.deferralCount}
                    {c.escalate ? ' (flagged to the chair)' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <h2>Noted under an approved local protocol</h2>
        {protocolNoted.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul>
            {protocolNoted.map((l) => (
              <li key={l.id}>
                {patientLine(l)}: {l.questions.join(' · ')}
              </li>
            ))}
          </ul>
        )}

        <h2>For information</h2>
        {forInformation.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul>
            {forInformation.map((l) => (
              <li key={l.id}>
                {patientLine(l)}: {l.questions.join(' · ')}
              </li>
            ))}
          </ul>
        )}
      </article>
    </>
  );
}
