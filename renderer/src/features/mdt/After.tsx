import { Anchor, Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { OUTCOME_KIND_LABELS } from '../../../../shared/clinical/mdt/index';
import { formatDateGb, formatInstantGb, londonToday } from '../../../../shared/dates';
import { LISTING_CATEGORY_LABELS, WORKLISTS, WORKLIST_LABELS } from '../../../../shared/domain/mdt';
import { api } from '../../api/client';
import { PrintButton } from '../../app/PrintButton';
import { ListingReadiness } from './ListingControls';
import { useSession } from '../../app/session';
import { errorText, Loading, localTime } from './common';
import { DateField } from '../../app/DateField';
import { useVirtualRows } from '../../app/VirtualTable';
import { PatientBannerFor } from '../patients/PatientBanner';

const PRINT_CSS = `
.mdt-print { max-width: 780px; margin: 0 auto; padding: 24px; background: white; color: #111; font-size: 15px; line-height: 1.5; }
.mdt-print pre { white-space: pre-wrap; font-family: inherit; margin: 0; }
.mdt-print table { border-collapse: collapse; width: 100%; }
.mdt-print th, .mdt-print td { border: 1px solid #555; padding: 4px 6px; text-align: left; vertical-align: top; }
@media print {
  @page { size: A4; margin: 18mm; }
  header, nav, .no-print, .mantine-AppShell-header, .mantine-AppShell-navbar { display: none !important; }
  .mantine-AppShell-main { padding: 0 !important; background: white !important; }
  .mdt-print { padding: 0; max-width: none; font-size: 11pt; }
}
`;

const AUDIENCE_LABELS = { gp: 'GP', referrer: 'Referrer', patient: 'Patient' } as const;
/** The PDF's name (no patient identifiers) per letter audience. */
const PRINT_DOCUMENT = { gp: 'GP letter', referrer: 'Referrer letter', patient: 'Patient letter' } as const;

export function MeetingLetters() {
  const { id } = useParams();
  const meetingId = Number(id);
  const session = useSession();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['mdt:letters', meetingId],
    queryFn: () => api.call('mdt:letters:list', { meetingId }),
  });
  const sent = useMutation({
    mutationFn: (letterId: number) => api.call('mdt:letter:markSent', { letterId }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mdt:letters', meetingId] }),
  });
  const regenerate = useMutation({
    mutationFn: (letterId: number) => api.call('mdt:letter:regenerate', { letterId }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mdt:letters', meetingId] }),
  });
  const [tbodyRef, virtualRows] = useVirtualRows(q.data ?? [], 5);
  if (!q.data) return <Loading error={q.error} />;
  return (
    <Stack>
      <Title order={2} size="h3">
        Letters from this meeting
      </Title>
      {q.data.length === 0 && <Text c="dimmed">No letters: no outcome was confirmed.</Text>}
      <Table aria-label="Letters">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Patient</Table.Th>
            <Table.Th>To</Table.Th>
            <Table.Th>Template</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody ref={tbodyRef}>
          {virtualRows((l) => (
            <Table.Tr key={l.id}>
              <Table.Td>{l.patientName}</Table.Td>
              <Table.Td>
                {AUDIENCE_LABELS[l.audience]}: {l.recipientName}
              </Table.Td>
              <Table.Td>
                {l.templateId} v{l.templateVersion}
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <Badge
                    variant="filled"
                    color={
                      l.status === 'needs-attention' ? 'red.9' : l.status === 'sent' ? 'teal.9' : 'brand.9'
                    }
                  >
                    {l.status}
                  </Badge>
                  {l.supersededAt && (
                    <Badge variant="outline" color="dark">
                      superseded {formatDateGb(l.supersededAt.slice(0, 10))}
                    </Badge>
                  )}
                </Group>
                {l.amendReason && (
                  <Text size="xs" c="dark.9">
                    Amended (version {l.outcomeVersion}): {l.amendReason}
                  </Text>
                )}
                {l.problem && (
                  <Text size="xs" c="dark.9">
                    {l.problem}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap="xs">
                  {l.body && (
                    <Anchor component={Link} to={`/mdt/letters/${l.id}/print`}>
                      Print view: {AUDIENCE_LABELS[l.audience]} letter for {l.patientName}
                    </Anchor>
                  )}
                  {l.status === 'needs-attention' && !l.supersededAt && session.can('mdt.manage') && (
                    <Button
                      size="compact-sm"
                      variant="default"
                      color="brand.9"
                      aria-label={`Regenerate the ${AUDIENCE_LABELS[l.audience]} letter for ${l.patientName}`}
                      onClick={() => regenerate.mutate(l.id)}
                      loading={regenerate.isPending && regenerate.variables === l.id}
                    >
                      Regenerate
                    </Button>
                  )}
                  {l.status === 'ready' && !l.supersededAt && session.can('mdt.manage') && (
                    <Button
                      size="compact-sm"
                      variant="default"
                      color="brand.9"
                      onClick={() => sent.mutate(l.id)}
                    >
                      Mark sent
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {(sent.error ?? regenerate.error) && <Text c="red.9">{errorText(sent.error ?? regenerate.error)}</Text>}
      <Text size="sm" c="dimmed">
        A letter that needs attention says what is missing: record it (for example the GP practice on the
        patient record), then regenerate. When an outcome is amended, its letters are kept as they were and
        marked superseded, and new letters are written from the amended version.
      </Text>
    </Stack>
  );
}

export function LetterPrint() {
  const { id } = useParams();
  const q = useQuery({
    queryKey: ['mdt:letter', Number(id)],
    queryFn: () => api.call('mdt:letter:get', { letterId: Number(id) }),
  });
  if (!q.data) return <Loading error={q.error} />;
  const l = q.data;
  return (
    <>
      <style>{PRINT_CSS}</style>
      <div className="no-print">
        <PatientBannerFor patientId={l.patientId} />
      </div>
      <Group className="no-print" mb="sm">
        <PrintButton color="brand.8" document={PRINT_DOCUMENT[l.audience]} />
        <Text size="sm" c="dimmed">
          Template {l.templateId} v{l.templateVersion} ·{' '}
          {l.status === 'sent' ? `sent ${l.sentAt ? formatInstantGb(l.sentAt) : ''}` : 'not sent yet'}
        </Text>
      </Group>
      <article className="mdt-print" aria-label="Letter">
        <pre>{l.body}</pre>
      </article>
    </>
  );
}

export function MeetingListPrint() {
  const { id } = useParams();
  const meetingId = Number(id);
  const q = useQuery({
    queryKey: ['mdt:meeting', meetingId],
    queryFn: () => api.call('mdt:meeting:get', { meetingId }),
  });
  if (!q.data) return <Loading error={q.error} />;
  const { meeting, listings, plan } = q.data;
  return (
    <>
      <style>{PRINT_CSS}</style>
      <Group className="no-print" mb="sm">
        <PrintButton color="brand.8" document="MDT meeting list" />
      </Group>
      <article className="mdt-print" aria-label="Meeting list">
        <h1>
          {meeting.meetingTypeName}: {formatDateGb(meeting.date)} {localTime(meeting.startLocal)}
        </h1>
        <p>
          Chair: {meeting.chairName ?? 'not named'} · {plan.totalMinutes} of {plan.durationMinutes} minutes
          planned
        </p>
        <table>
          <thead>
            <tr>
              <th>Time</th>
              <th>Patient</th>
              <th>Question</th>
              <th>Category</th>
              <th>Presenter</th>
              <th>Summary and what is missing</th>
            </tr>
          </thead>
          <tbody>
            {listings
              .filter((l) => l.status !== 'withdrawn' && l.status !== 'deferred')
              .map((l) => (
                <tr key={l.id}>
                  <td>{localTime(l.plannedStartLocal)}</td>
                  <td>
                    {l.patientName}
                    {l.nhsNumber ? ` (${l.nhsNumber})` : ''}
                  </td>
                  <td>{l.questions.join(' · ')}</td>
                  <td>{LISTING_CATEGORY_LABELS[l.category]}</td>
                  <td>{l.presenterName ?? ''}</td>
                  <td>
                    <ListingReadiness listingId={l.id} print />
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </article>
    </>
  );
}

export function Worklists() {
  const [kind, setKind] = useState<(typeof WORKLISTS)[number]>('my-actions');
  const qc = useQueryClient();
  const session = useSession();
  const q = useQuery({
    queryKey: ['mdt:worklist', kind],
    queryFn: () => api.call('mdt:worklist', { kind, limit: 200 }),
  });
  const done = useMutation({
    mutationFn: (actionId: number) => api.call('mdt:action:complete', { actionId, status: 'done' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mdt:worklist'] }),
  });
  const [tbodyRef, virtualRows] = useVirtualRows(q.data ?? [], 6);
  return (
    <Stack>
      <NativeSelect
        label="Worklist"
        w={360}
        data={WORKLISTS.map((w) => ({ value: w, label: WORKLIST_LABELS[w] }))}
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value as typeof kind)}
      />
      {!q.data ? (
        <Loading error={q.error} />
      ) : q.data.length === 0 ? (
        <Text c="dimmed">Nothing on this worklist.</Text>
      ) : (
        <Table aria-label={WORKLIST_LABELS[kind]}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Patient</Table.Th>
              <Table.Th>{q.data[0]?.kind === 'action' ? 'Action' : 'Outcome'}</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>MDT</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody ref={tbodyRef}>
            {virtualRows((r) => (
              <Table.Tr key={`${r.kind}-${r.id}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/patients/${r.patientId}`}>
                    {r.patientName}
                  </Anchor>
                </Table.Td>
                <Table.Td>{r.text}</Table.Td>
                <Table.Td>{r.ownerName ?? ''}</Table.Td>
                <Table.Td c={r.dueDate && r.dueDate < londonToday() ? 'red.9' : 'dark.9'}>
                  {r.dueDate ? formatDateGb(r.dueDate) : ''}
                </Table.Td>
                <Table.Td>{formatDateGb(r.meetingDate)}</Table.Td>
                <Table.Td>
                  {r.kind === 'action' && session.can('mdt.refer') && (
                    <Button
                      size="compact-xs"
                      variant="default"
                      color="brand.9"
                      onClick={() => done.mutate(r.id)}
                    >
                      Mark done
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function BarChart({ rows }: { rows: { month: string; listed: number; discussed: number }[] }) {
  const w = 640;
  const h = 180;
  const max = Math.max(1, ...rows.map((r) => r.listed));
  const bw = rows.length ? w / rows.length : w;
  return (
    <svg
      width={w}
      height={h + 20}
      role="img"
      aria-label="Cases listed and discussed per month (the table below gives the numbers)"
    >
      {rows.map((r, i) => {
        const lh = (r.listed / max) * h;
        const dh = (r.discussed / max) * h;
        return (
          <g key={r.month}>
            <rect x={i * bw + 2} y={h - lh} width={Math.max(1, bw / 2 - 2)} height={lh} fill="#1c4f7a" />
            <rect x={i * bw + bw / 2} y={h - dh} width={Math.max(1, bw / 2 - 2)} height={dh} fill="#2b8a3e" />
          </g>
        );
      })}
      <text x={0} y={h + 16} fontSize={11}>
        {rows[0]?.month ?? ''}
      </text>
      <text x={w - 50} y={h + 16} fontSize={11}>
        {rows[rows.length - 1]?.month ?? ''}
      </text>
    </svg>
  );
}

export function Dashboard() {
  const today = londonToday();
  const [from, setFrom] = useState(`${Number(today.slice(0, 4)) - 1}${today.slice(4)}`);
  const [to, setTo] = useState(today);
  const q = useQuery({
    queryKey: ['mdt:dashboard', from, to],
    queryFn: () => api.call('mdt:dashboard', { from, to }),
  });
  return (
    <Stack>
      <Group>
        <DateField label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <DateField label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </Group>
      {!q.data ? (
        <Loading error={q.error} />
      ) : (
        <>
          <Group>
            {(
              [
                ['Meetings', q.data.meetings],
                ['Listed', q.data.stats.counts.listed],
                ['Discussed', q.data.stats.counts.discussed],
                ['Noted under protocol', q.data.stats.counts.protocolNoted],
                ['Deferred', q.data.stats.counts.deferred],
                ['Median days referral to discussion', q.data.stats.medianDaysReferralToDiscussion ?? '—'],
                ['Median days discussion to letter', q.data.stats.medianDaysDiscussionToLetter ?? '—'],
              ] as const
            ).map(([k, v]) => (
              <Paper key={k} withBorder p="sm">
                <Text size="xs">{k}</Text>
                <Text fw={700} size="xl">
                  {v}
                </Text>
              </Paper>
            ))}
          </Group>
          <Paper withBorder p="sm">
            <Title order={2} size="h5">
              Listed (blue) and discussed (green) per month
            </Title>
            <BarChart rows={q.data.byMonth} />
            <Table aria-label="Per month">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Month</Table.Th>
                  <Table.Th>Listed</Table.Th>
                  <Table.Th>Discussed</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.byMonth.map((r) => (
                  <Table.Tr key={r.month}>
                    <Table.Td>{r.month}</Table.Td>
                    <Table.Td>{r.listed}</Table.Td>
                    <Table.Td>{r.discussed}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          <Paper withBorder p="sm">
            <Title order={2} size="h5">
              Core member attendance (threshold {q.data.stats.threshold.numerator}/
              {q.data.stats.threshold.denominator})
            </Title>
            <Table aria-label="Core member attendance">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Member</Table.Th>
                  <Table.Th>Attended</Table.Th>
                  <Table.Th>Covered by deputy</Table.Th>
                  <Table.Th>Meetings</Table.Th>
                  <Table.Th>Meets threshold</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.stats.attendance.map((a) => (
                  <Table.Tr key={a.personId}>
                    <Table.Td>{a.name}</Table.Td>
                    <Table.Td>{a.attended}</Table.Td>
                    <Table.Td>{a.coveredByDeputy}</Table.Td>
                    <Table.Td>{a.meetings}</Table.Td>
                    <Table.Td>{a.meetsThreshold ? 'Yes' : 'No'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          <Paper withBorder p="sm">
            <Title order={2} size="h5">
              Deferral reasons
            </Title>
            {Object.entries(q.data.stats.deferReasons).map(([k, v]) => (
              <Text key={k} size="sm">
                {k}: {v}
              </Text>
            ))}
          </Paper>
        </>
      )}
    </Stack>
  );
}

export { OUTCOME_KIND_LABELS };
