import { Button, Group, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateGb } from '../../../../shared/dates';
import type { ListingView, MeetingDetail } from '../../../../shared/domain/mdt';
import { api, ApiError } from '../../api/client';
import { useCaseSummary } from './caseSummaries';
import { serverFieldErrors } from '../../app/forms';
import { useSession } from '../../app/session';
import { errorText, localTime } from './common';

type Mode = 'none' | 'withdraw' | 'move' | 'question';

/**
 * Changing a case on the list (issue 16): withdraw it or move it to another meeting with a reason, or write or
 * edit its question. Not offered once the case's outcome is confirmed (the server refuses it too).
 */
export function ListingControls({ l, compact = false }: { l: ListingView; compact?: boolean }) {
  const session = useSession();
  const qc = useQueryClient();
  const [mode, setMode] = useState<Mode>('none');
  const [reason, setReason] = useState('');
  const [question, setQuestion] = useState(l.ownQuestion ?? '');
  /**
   * The question's version when the editor opened (the list may refresh under it with a colleague's edit):
   * sent with the save, so that a question someone else saved meanwhile is refused, not written over (issue
   * 19). After a refusal their question is read and the next save is made against it; the typed text stays.
   */
  const [seen, setSeen] = useState(l.questionVersion);
  const [target, setTarget] = useState('');
  const meetings = useQuery({
    queryKey: ['mdt:meetings', 'move-targets'],
    queryFn: () => api.call('mdt:meetings:list', { from: null, limit: 60 }),
    enabled: mode === 'move',
  });
  const done = async () => {
    setMode('none');
    setReason('');
    await qc.invalidateQueries({ queryKey: ['mdt:meeting'] });
    await qc.invalidateQueries({ queryKey: ['mdt:case:summaries'] });
  };
  const withdraw = useMutation({
    mutationFn: () => api.call('mdt:listing:withdraw', { listingId: l.id, reason }),
    onSuccess: done,
  });
  const move = useMutation({
    mutationFn: () =>
      api.call('mdt:listing:moveToMeeting', { listingId: l.id, meetingId: Number(target), reason }),
    onSuccess: done,
  });
  const ask = useMutation({
    mutationFn: () =>
      api.call('mdt:listing:setQuestion', {
        listingId: l.id,
        version: seen,
        question,
        reason: reason.trim() === '' ? null : reason,
      }),
    onSuccess: done,
    onError: async (e) => {
      if (!(e instanceof ApiError) || e.code !== 'CONFLICT') return;
      await qc.invalidateQueries({ queryKey: ['mdt:meeting', l.meetingId] });
      const now = qc.getQueryData<MeetingDetail>(['mdt:meeting', l.meetingId]);
      const theirs = now?.listings.find((x) => x.id === l.id);
      if (theirs) setSeen(theirs.questionVersion);
    },
  });
  const editQuestion = () => {
    setQuestion(l.ownQuestion ?? '');
    setSeen(l.questionVersion);
    ask.reset();
    setMode('question');
  };
  const open = l.status === 'proposed' || l.status === 'accepted';
  if (!session.can('mdt.manage') || !open || l.outcomeStatus === 'confirmed') return null;
  const targets = (meetings.data ?? []).filter(
    (m) => m.id !== l.meetingId && m.status === 'planned' && m.startAt > new Date().toISOString(),
  );
  const size = compact ? 'compact-xs' : 'compact-sm';
  const pending = withdraw.isPending || move.isPending || ask.isPending;
  const error = withdraw.error ?? move.error ?? ask.error;
  // A refused reason (or question) is shown beside its box; anything else under the buttons.
  const fieldErrors = serverFieldErrors(error);
  const besideField = fieldErrors.reason ?? fieldErrors.question;
  return (
    <Stack gap={4} className="no-print">
      {mode === 'none' && (
        <Group gap={4}>
          <Button size={size} variant="default" onClick={editQuestion}>
            {l.ownQuestion ? 'Edit question' : 'Write question'} for {l.patientName}
          </Button>
          <Button size={size} variant="default" onClick={() => setMode('move')}>
            Move {l.patientName} to another meeting
          </Button>
          <Button size={size} variant="default" color="red.9" onClick={() => setMode('withdraw')}>
            Withdraw {l.patientName}
          </Button>
        </Group>
      )}
      {mode === 'question' && (
        <Textarea
          label={`Question for the MDT about ${l.patientName}`}
          autosize
          minRows={2}
          value={question}
          onChange={(e) => setQuestion(e.currentTarget.value)}
          error={fieldErrors.question}
        />
      )}
      {mode === 'move' && (
        <NativeSelect
          label={`Move ${l.patientName} to`}
          value={target}
          onChange={(e) => setTarget(e.currentTarget.value)}
          data={[
            { value: '', label: targets.length ? 'Choose a meeting' : 'No later meeting is planned yet' },
            ...targets.map((m) => ({
              value: String(m.id),
              label: `${m.meetingTypeName}: ${formatDateGb(m.date)} ${localTime(m.startLocal)}`,
            })),
          ]}
        />
      )}
      {mode !== 'none' && (
        <>
          <Textarea
            label={
              mode === 'question'
                ? l.ownQuestion
                  ? 'Why the question is changing'
                  : 'Note (optional)'
                : mode === 'move'
                  ? 'Reason for moving'
                  : 'Reason for withdrawing'
            }
            autosize
            minRows={1}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fieldErrors.reason}
          />
          <Group gap={4}>
            <Button
              size={size}
              color={mode === 'withdraw' ? 'red.9' : 'brand.8'}
              loading={pending}
              onClick={() => (mode === 'withdraw' ? withdraw : mode === 'move' ? move : ask).mutate()}
            >
              {mode === 'withdraw'
                ? 'Withdraw from the list'
                : mode === 'move'
                  ? 'Move case'
                  : 'Save question'}
            </Button>
            <Button size={size} variant="subtle" onClick={() => setMode('none')}>
              Cancel
            </Button>
          </Group>
        </>
      )}
      {error && !besideField && (
        <Text c="red.9" size="sm" role="alert">
          {errorText(error)}
        </Text>
      )}
    </Stack>
  );
}

/** A case's summary in one or two lines and what is missing, for the meeting list and the printed pack. */
export function ListingReadiness({
  meetingId,
  listingId,
  print = false,
}: {
  meetingId: number;
  listingId: number;
  print?: boolean;
}) {
  const s = useCaseSummary(meetingId, listingId).data;
  if (!s) return null;
  const medicines = s.sections.find((x) => x.title === 'Medicines')?.text ?? null;
  const lines = [
    s.diagnosis ? `Diagnosis: ${s.diagnosis}` : null,
    s.whatMatters ? `What matters: ${s.whatMatters}` : null,
    medicines ? `Medicines: ${medicines}` : null,
    s.rehab.measures.length
      ? `Measures: ${s.rehab.measures
          .map((m) => `${m.name} ${m.total ?? '—'} (${formatDateGb(m.administeredOn)})`)
          .join('; ')}`
      : null,
    s.openActions.length
      ? `Open actions: ${s.openActions
          .map((a) => `${a.description} (due ${formatDateGb(a.dueDate)}${a.overdue ? ', overdue' : ''})`)
          .join('; ')}`
      : null,
  ].filter((x): x is string => x !== null);
  const label = `Summary for ${s.patient.name}`;
  if (print)
    return (
      <div aria-label={label}>
        {lines.map((t) => (
          <p key={t} style={{ margin: 0 }}>
            {t}
          </p>
        ))}
        <p style={{ margin: 0 }}>
          <b>Missing:</b> {s.readiness.missing.length ? s.readiness.missing.join('; ') : 'nothing'}
        </p>
      </div>
    );
  return (
    <Stack gap={0} aria-label={label}>
      {lines.map((t) => (
        <Text key={t} size="xs">
          {t}
        </Text>
      ))}
      {s.readiness.missing.length > 0 ? (
        <Text size="xs" c="red.9" fw={600}>
          Missing: {s.readiness.missing.join('; ')}
        </Text>
      ) : (
        <Text size="xs" c="teal.9">
          Ready: nothing missing
        </Text>
      )}
    </Stack>
  );
}
