import { Anchor, Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { OUTCOME_KIND_LABELS } from '../../../../shared/clinical/mdt/index';
import { formatDateGb, londonToday } from '../../../../shared/dates';
import { LISTING_CATEGORY_LABELS, WORKLISTS, WORKLIST_LABELS } from '../../../../shared/domain/mdt';
import { formatNhsNumber } from '../../../../shared/nhs-number';
import { api } from '../../api/client';
import { dashboardDefaultRange, screenQueries } from '../../api/screenQueries';
import { PrintButton } from '../../app/PrintButton';
import { ListingReadiness } from './ListingControls';
import { useSession } from '../../app/session';
import { errorText, Loading, localTime } from './common';
import { DateField } from '../../app/DateField';
import { useVirtualRows } from '../../app/VirtualTable';

import { PRINT_CSS } from './Letters';

export { LetterPrint, MeetingLetters } from './Letters';

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
                    {l.nhsNumber ? ` (${formatNhsNumber(l.nhsNumber)})` : ''}
                  </td>
                  <td>{l.questions.join(' · ')}</td>
                  <td>{LISTING_CATEGORY_LABELS[l.category]}</td>
                  <td>{l.presenterName ?? ''}</td>
                  <td>
                    <ListingReadiness meetingId={meetingId} listingId={l.id} print />
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
  // The same query the navigation starts for the first list (api/screenQueries.ts).
  const q = useQuery(screenQueries.mdtWorklist(kind));
  const done = useMutation({
    mutationFn: (r: { id: number; version: number }) =>
      api.call('mdt:action:complete', { actionId: r.id, version: r.version, status: 'done' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mdt:worklist'] }),
    // Refused (someone else changed the action since the list was read): the list is read again, and the
    // refusal, naming who and when, stays above it.
    onError: () => qc.invalidateQueries({ queryKey: ['mdt:worklist'] }),
  });
  const [tbodyRef, virtualRows] = useVirtualRows(q.data ?? [], 6);
  const today = londonToday();
  return (
    <Stack>
      <NativeSelect
        label="Worklist"
        w={360}
        data={WORKLISTS.map((w) => ({ value: w, label: WORKLIST_LABELS[w] }))}
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value as typeof kind)}
      />
      {done.error && (
        <Text c="red.9" size="sm" role="alert">
          {errorText(done.error)}
        </Text>
      )}
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
                <Table.Td c={r.dueDate && r.dueDate < today ? 'red.9' : 'dark.9'}>
                  {r.dueDate ? formatDateGb(r.dueDate) : ''}
                </Table.Td>
                <Table.Td>{formatDateGb(r.meetingDate)}</Table.Td>
                <Table.Td>
                  {r.kind === 'action' && session.can('mdt.refer') && (
                    <Button
                      size="compact-xs"
                      variant="default"
                      color="brand.9"
                      onClick={() => done.mutate(r)}
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
  const [first] = useState(() => dashboardDefaultRange());
  const [from, setFrom] = useState(first.from);
  const [to, setTo] = useState(first.to);
  // The first range's read is started at the navigation (api/screenQueries.ts).
  const q = useQuery(screenQueries.mdtDashboard(from, to));
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
