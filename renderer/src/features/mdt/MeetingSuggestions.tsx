/** The meeting screen's suggested cases (issue 16), ranked by the suggestion rule; advisory only. */
import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { memo, startTransition, useEffect, useState } from 'react';
import type { SuggestionView } from '../../../../shared/domain/mdt';
import { api } from '../../api/client';
import { screenQueries } from '../../api/screenQueries';
import { Loading } from './common';

/**
 * Suggestions drawn at once; the rest of the list, below the meeting's cases and out of view when the screen
 * opens, is drawn straight after the first paint (a transition, so it never holds up the screen).
 */
export const FIRST_SUGGESTIONS = 8;

export function Suggestions({ meetingId, editable }: { meetingId: number; editable: boolean }) {
  const qc = useQueryClient();
  // Started at the navigation beside the meeting (api/screenQueries.ts), not once the meeting is in.
  const q = useQuery(screenQueries.mdtSuggestions(meetingId));
  const add = useMutation({
    mutationFn: (patientId: number) => api.call('mdt:listing:addSuggested', { meetingId, patientId }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['mdt:meeting', meetingId] });
      await qc.invalidateQueries({ queryKey: ['mdt:suggestions', meetingId] });
    },
  });
  const [whole, setWhole] = useState(false);
  const more = (q.data?.length ?? 0) > FIRST_SUGGESTIONS;
  useEffect(() => {
    if (more && !whole) startTransition(() => setWhole(true));
  }, [more, whole]);
  const onAdd = add.mutate;
  if (!q.data) return <Loading error={q.error} />;
  const shown = whole ? q.data : q.data.slice(0, FIRST_SUGGESTIONS);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        Suggested cases ({q.data.length})
      </Title>
      {q.data.length === 0 ? (
        <Text c="dimmed">No patient meets a suggestion rule at the moment.</Text>
      ) : (
        <Stack gap="xs">
          <Text size="sm">
            In order of clinical priority: high opioid dose (highest first), open risk alerts, stalled tapers,
            intervention outcomes due a decision, rehabilitation not progressing, then overdue MDT actions
            (most recent first). Advisory only.
          </Text>
          {shown.map((s) => (
            <SuggestionItem key={s.patientId} s={s} editable={editable} onAdd={onAdd} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

/** One suggested case: who, why, under which rule versions, and adding them to the list. */
const SuggestionItem = memo(function SuggestionItem({
  s,
  editable,
  onAdd,
}: {
  s: SuggestionView;
  editable: boolean;
  onAdd: (patientId: number) => void;
}) {
  return (
    <Group justify="space-between" wrap="nowrap" data-testid="suggested-case">
      <div>
        <Text fw={600}>
          {s.rank}. {s.patientName}{' '}
          <Badge color="grape.9" variant="filled">
            {s.priority}
          </Badge>
        </Text>
        {s.reasons.map((r) => (
          <Text key={r.code} size="sm">
            {r.text}
          </Text>
        ))}
        <Text size="xs" c="dimmed">
          Suggestion thresholds version {s.ruleSet.version}; ranking version {s.ranking.version}
        </Text>
      </div>
      {editable && (
        <Button
          size="compact-sm"
          variant="default"
          color="brand.9"
          onClick={() => onAdd(Number(s.patientId))}
        >
          Add {s.patientName} to the list
        </Button>
      )}
    </Group>
  );
});
