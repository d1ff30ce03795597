/**
 * Finishing a meeting is a review step (issue 16): every case not confirmed, by name and state, each with a
 * reason prefilled from its state that the chair can change; drafts travel with the carried case.
 */
import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { serverFieldErrors } from '../../app/forms';
import { errorText, Loading } from './common';

export function FinishMeeting({ meetingId }: { meetingId: number }) {
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <Paper withBorder p="sm">
        <Button color="red.9" onClick={() => setOpen(true)}>
          Finish meeting…
        </Button>
      </Paper>
    );
  return <FinishReviewPanel meetingId={meetingId} onCancel={() => setOpen(false)} />;
}

function FinishReviewPanel({ meetingId, onCancel }: { meetingId: number; onCancel: () => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const review = useQuery({
    queryKey: ['mdt:meeting:finishReview', meetingId],
    queryFn: () => api.call('mdt:meeting:finishReview', { meetingId }),
    staleTime: 0,
  });
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const finish = useMutation({
    mutationFn: () => {
      const all = Object.fromEntries(
        (review.data?.cases ?? []).map((c) => [
          String(c.listingId),
          reasons[c.listingId] ?? c.suggestedReason,
        ]),
      );
      return api.call('mdt:meeting:finish', { meetingId, reasons: all });
    },
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: ['mdt:meeting', meetingId] });
      void navigate(`/mdt/meetings/${r.meetingId}/letters`);
    },
  });
  if (!review.data) return <Loading error={review.error} />;
  const cases = review.data.cases;
  const fieldErrors = serverFieldErrors(finish.error);
  return (
    <Paper withBorder p="sm" component="section" aria-label="Finish the meeting">
      <Stack gap="xs">
        <Title order={2} size="h4">
          Finish the meeting
        </Title>
        <Text size="sm">
          {review.data.confirmedCount} outcome(s) confirmed.{' '}
          {cases.length === 0
            ? 'Every case has a confirmed outcome.'
            : `${cases.length} case(s) not confirmed will be carried to the next meeting:`}
        </Text>
        {cases.map((c) => (
          <Stack key={c.listingId} gap={2}>
            <Text fw={700}>
              {c.patientName}: {c.stateLabel}
            </Text>
            {c.draftSummary && <Text size="sm">Draft kept with the case: “{c.draftSummary}”</Text>}
            <TextInput
              label={`Reason for carrying ${c.patientName}`}
              value={reasons[c.listingId] ?? c.suggestedReason}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setReasons((r) => ({ ...r, [c.listingId]: v }));
              }}
              error={fieldErrors[`reasons.${c.listingId}`]}
            />
          </Stack>
        ))}
        {finish.error && <Alert color="red.9">{errorText(finish.error)}</Alert>}
        {finish.isPending && (
          // Long work shows progress at once (issue 18): the letters open when it is done.
          <Text size="sm" role="status">
            Finishing the meeting: carrying cases and writing the letters. The letters open when it is done.
          </Text>
        )}
        <Group>
          <Button color="red.9" onClick={() => finish.mutate()} loading={finish.isPending}>
            {cases.length === 0 ? 'Finish the meeting' : `Finish and carry ${cases.length} case(s)`}
          </Button>
          <Button variant="default" onClick={onCancel}>
            Back to the meeting
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
