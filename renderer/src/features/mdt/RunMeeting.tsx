import { Alert, Badge, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { memo, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { OUTCOME_KIND_LABELS } from '../../../../shared/clinical/mdt/index';
import { formatDateGb } from '../../../../shared/dates';
import { listingStatusText } from '../../../../shared/domain/mdt';
import { api } from '../../api/client';
import { presentationCaseQueries, presentationCases, screenQueries } from '../../api/screenQueries';
import { Notice } from '../../app/Notice';
import { useSession } from '../../app/session';
import { PatientBannerFor } from '../patients/PatientBanner';
import { Attendance } from './Attendance';
import { caseSummariesQuery, useCaseSummary } from './caseSummaries';
import { CaseRehab, errorText, LateBadge, Loading, localTime, QuorumBadge } from './common';
import { FinishMeeting } from './FinishReview';
import { ListingControls } from './ListingControls';
import { OutcomeForm, type EditorCommands } from './OutcomeEditor';

function CaseTimer({ startedAt, planned }: { startedAt: string | null; planned: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  if (!startedAt) return <Text size="sm">Not started</Text>;
  const secs = Math.max(0, Math.floor((now - new Date(startedAt).getTime()) / 1000));
  const over = secs > planned * 60;
  return (
    <Text size="sm" fw={700} c={over ? 'red.9' : 'dark.9'} aria-label="Time on this case">
      {Math.floor(secs / 60)}:{String(secs % 60).padStart(2, '0')} of {planned}:00{over ? ' (over)' : ''}
    </Text>
  );
}

/** Memoised: the case timer's tick and other changes of the screen do not redraw the summary. */
const CaseSummaryPanel = memo(function CaseSummaryPanel({
  meetingId,
  listingId,
}: {
  meetingId: number;
  listingId: number;
}) {
  const q = useCaseSummary(meetingId, listingId);
  if (!q.data) return <Loading error={q.error} />;
  const s = q.data;
  return (
    <Paper withBorder p="md" component="section" aria-label="Case summary">
      <Stack gap={4}>
        <Text>
          <b>Question:</b> {s.questions.join(' · ') || '—'}
        </Text>
        <Text>
          <b>What matters to the patient:</b> {s.whatMatters || 'Not recorded'}
        </Text>
        <Text>
          <b>Diagnosis:</b> {s.diagnosis ?? 'Not recorded'}
        </Text>
        <Text>
          <b>Open actions:</b>{' '}
          {s.openActions.length
            ? s.openActions
                .map(
                  (a) =>
                    `${a.description} (${a.ownerName}, due ${formatDateGb(a.dueDate)}${a.overdue ? ', overdue' : ''})`,
                )
                .join('; ')
            : 'None'}
        </Text>
        {s.previousDiscussions.map((p) => (
          <Text key={p.date} size="sm">
            <b>Discussed {formatDateGb(p.date)}:</b> {OUTCOME_KIND_LABELS[p.kind]}: {p.summary}
          </Text>
        ))}
        {s.sections
          .filter((x) => x.title !== 'Rehabilitation')
          .map((x) => (
            <Text key={x.title} size="sm">
              <b>{x.title}:</b> {x.text ?? 'Not recorded yet'}
            </Text>
          ))}
        <CaseRehab rehab={s.rehab} />
        {!s.readiness.ready && (
          <Notice kind="warning" title="Missing before the meeting">
            {s.readiness.missing.join('; ')}
          </Notice>
        )}
      </Stack>
    </Paper>
  );
});

export function RunMeeting() {
  const { id } = useParams();
  const meetingId = Number(id);
  const session = useSession();
  const qc = useQueryClient();
  const q = useQuery({ ...screenQueries.mdtMeeting(meetingId), refetchInterval: 30_000 });
  // Every case's summary in one read, beside the meeting: N and P then show the next one from the cache.
  useQuery(caseSummariesQuery(meetingId));
  const [index, setIndex] = useState(0);
  const cases = q.data ? presentationCases(q.data) : [];
  const current = cases[Math.min(index, Math.max(0, cases.length - 1))];
  const editor = useRef<EditorCommands | null>(null);
  const start = useMutation({
    mutationFn: (listingId: number) => api.call('mdt:case:start', { listingId }),
    onSuccess: (d) => {
      qc.setQueryData(['mdt:meeting', meetingId], d);
      // Straight to typing the outcome (N, S, type: two keystrokes from the next case).
      setTimeout(() => editor.current?.focusOutcome(), 0);
    },
  });
  const approveLate = useMutation({
    mutationFn: (listingId: number) => api.call('mdt:listing:approveLate', { listingId }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['mdt:meeting', meetingId] }),
  });
  // N and P show the neighbouring case at once: every summary comes in one read for the meeting
  // (caseSummaries.ts); the neighbours' outcome and banner are read ahead (issue 18).
  const neighbours = [cases[index - 1], cases[index + 1]].filter((c) => c !== undefined);
  useEffect(() => {
    for (const c of neighbours) for (const read of presentationCaseQueries(c)) void qc.prefetchQuery(read);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the neighbours' ids say when to read ahead
  }, [neighbours.map((c) => c.id).join(',')]);
  const canManage = session.can('mdt.manage');
  const canChair = session.can('mdt.chair');
  const closed = q.data?.meeting.status === 'closed';
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Ctrl+Enter opens the confirm step (the patient letter), then confirms, even from inside a text box; Escape leaves the text box for the letter keys.
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        editor.current?.confirm();
        return;
      }
      const t = e.target as HTMLElement | null;
      const typing =
        t &&
        (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
      if (typing) {
        if (e.key === 'Escape') t.blur();
        return;
      }
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const key = e.key.toLowerCase();
      if (key === 'n' || e.key === 'ArrowRight')
        setIndex((i) => Math.min(i + 1, Math.max(0, cases.length - 1)));
      else if (key === 'p' || e.key === 'ArrowLeft') setIndex((i) => Math.max(0, i - 1));
      else if (key === 'o') {
        e.preventDefault();
        editor.current?.focusOutcome();
      } else if (key === 'a') {
        e.preventDefault();
        editor.current?.addAction();
      } else if (key === 's' && current && !current.startedAt && !closed && canManage) {
        e.preventDefault();
        // The cursor goes to the outcome at once: letters typed before the server answers are the outcome's,
        // never presentation keys (a leading N would otherwise move to the next case).
        editor.current?.focusOutcome();
        start.mutate(current.id);
      } else if (key === 'l' && current && current.lateState === 'awaiting-chair-approval' && canChair) {
        approveLate.mutate(current.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [cases.length, current, closed, canManage, canChair, start, approveLate]);
  if (!q.data) return <Loading error={q.error} />;
  const d = q.data;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h3">
          Presentation: {d.meeting.meetingTypeName}, {formatDateGb(d.meeting.date)}
        </Title>
        <Text aria-live="polite">
          {d.forecast
            ? `Forecast finish ${localTime(d.forecast.finishLocal)}${d.forecast.overrunMinutes ? ` (${d.forecast.overrunMinutes} min over)` : ''}`
            : `Planned finish ${localTime(d.plan.plannedFinishLocal)}`}
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        Keys (when not typing): N or → next case, P or ← previous case, S start discussing, O outcome, A add
        an action, L approve a late addition (chair). While typing: Esc leaves the box. Ctrl+Enter shows the
        patient letter; with the letter on screen, Ctrl+Enter (or Enter on its button) confirms.
      </Text>
      {cases.length === 0 ? (
        <Text c="dimmed">No cases on this list.</Text>
      ) : current ? (
        <Grid>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="sm">
              <Paper withBorder p="md">
                <Group justify="space-between">
                  <div>
                    <Text size="sm">
                      Case {Math.min(index, cases.length - 1) + 1} of {cases.length}
                    </Text>
                    {/* The banner names the patient (born, NHS number, allergies as recorded or "No known
                        allergies", risk alerts), as on every screen that acts on one patient (issue 18). */}
                    <Title order={2} size="h3" aria-live="polite">
                      {current.patientName}
                    </Title>
                    <PatientBannerFor patientId={current.patientId} />
                    <Group gap={4}>
                      <LateBadge listing={current} />
                      {current.lateState === 'awaiting-chair-approval' && canChair && (
                        <Button
                          size="compact-sm"
                          color="brand.8"
                          onClick={() => approveLate.mutate(current.id)}
                          loading={approveLate.isPending}
                        >
                          Approve late addition (L)
                        </Button>
                      )}
                      <QuorumBadge q={d.quorum[current.id]} />
                      <Badge variant="filled" color="dark">
                        {listingStatusText(current)}
                      </Badge>
                    </Group>
                  </div>
                  <Stack gap={4} align="flex-end">
                    <CaseTimer startedAt={current.startedAt} planned={current.plannedMinutes} />
                    {!closed && !current.startedAt && session.can('mdt.manage') && (
                      <Button
                        color="brand.8"
                        onClick={() => start.mutate(current.id)}
                        loading={start.isPending}
                      >
                        Start discussing {current.patientName}
                      </Button>
                    )}
                  </Stack>
                </Group>
                {!closed && !current.startedAt && <ListingControls l={current} compact />}
                {d.quorum[current.id] && !d.quorum[current.id]!.met && (
                  <Text size="sm" mt={4}>
                    {d.quorum[current.id]!.explanation}
                  </Text>
                )}
                {start.error && <Alert color="red.9">{errorText(start.error)}</Alert>}
                {approveLate.error && <Alert color="red.9">{errorText(approveLate.error)}</Alert>}
              </Paper>
              <CaseSummaryPanel meetingId={meetingId} listingId={current.id} />
              <OutcomeForm key={current.id} listing={current} detail={d} commands={editor} />
              <Group>
                <Button
                  variant="light"
                  color="dark"
                  onClick={() => setIndex((i) => Math.max(0, i - 1))}
                  disabled={index === 0}
                >
                  Previous case
                </Button>
                <Button
                  variant="light"
                  color="dark"
                  onClick={() => setIndex((i) => Math.min(cases.length - 1, i + 1))}
                  disabled={index >= cases.length - 1}
                >
                  Next case
                </Button>
              </Group>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="sm">
              <Attendance detail={d} />
              {!closed && session.can('mdt.chair') && <FinishMeeting meetingId={meetingId} />}
            </Stack>
          </Grid.Col>
        </Grid>
      ) : null}
    </Stack>
  );
}
