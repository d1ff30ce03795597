import { Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState, type Dispatch, type SetStateAction } from 'react';
import { formatDateGb, londonToday } from '../../../../shared/dates';
import {
  formatDose,
  type CdcComparison,
  type MedicineEntry,
  type MedicineReviewView,
} from '../../../../shared/domain/medicines';
import { api } from '../../api/client';
import { serverFieldErrors } from '../../app/forms';
import { DateField } from '../../app/DateField';
import { ruleSetLabel } from '../../../../shared/domain/rule-set-names';

const mg = (v: number | null) => (v === null ? '—' : v.toFixed(1));

/** What "taken" means in the totals: shown wherever taken amounts appear. */
export const TAKEN_RULE =
  'An amount taken counts only for the review it was recorded at (its OME and its point on the OME history). ' +
  'The current total and the OME threshold flags count as-needed medicines at the prescribed maximum.';

/** The US CDC 2022 MME beside the UK OME: a labelled comparison, never part of the UK total or flags. */
export function CdcComparisonCard({ cdc }: { cdc: CdcComparison }) {
  if (cdc.items.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="cdc-comparison-title">
      <details>
        <summary>
          <Text span fw={700} id="cdc-comparison-title">
            {cdc.label}
          </Text>
        </summary>
        <Stack gap="xs" mt="sm">
          <Text size="sm">
            For comparison with US sources only. The UK total, its flags and the service view use{' '}
            {cdc.ukTotalMgPer24h.toFixed(1)} mg/24h from the UK Opioids Aware table. CDC 2022 figures are
            estimates and must never be used to convert between opioids.
          </Text>
          <Table withTableBorder aria-label="CDC 2022 comparison">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Medicine</Table.Th>
                <Table.Th>UK OME mg/24h (factor)</Table.Th>
                <Table.Th>CDC 2022 MME mg/24h (factor)</Table.Th>
                <Table.Th>CDC arithmetic</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cdc.items.map((i) => (
                <Table.Tr key={i.itemId}>
                  <Table.Td>{i.name}</Table.Td>
                  <Table.Td>
                    {mg(i.ukOmeMgPer24h)} {i.ukFactor !== null ? `(× ${i.ukFactor})` : ''}
                  </Table.Td>
                  <Table.Td>
                    {i.cdcMmeMgPer24h === null ? 'Not counted' : mg(i.cdcMmeMgPer24h)}{' '}
                    {i.cdcFactor !== null ? `(× ${i.cdcFactor})` : ''}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{i.cdcExplanation}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr fw={700}>
                <Table.Td>Total</Table.Td>
                <Table.Td>{cdc.ukTotalMgPer24h.toFixed(1)} (UK, used)</Table.Td>
                <Table.Td data-testid="cdc-total">
                  {cdc.totalMgPer24h.toFixed(1)} (comparison only{cdc.complete ? '' : ', incomplete'})
                </Table.Td>
                <Table.Td />
              </Table.Tr>
            </Table.Tbody>
          </Table>
          {cdc.cautions.map((c) => (
            <Text key={c} size="sm" c="#8f3b00">
              {c}
            </Text>
          ))}
          <Text size="xs" c="dimmed">
            {ruleSetLabel(cdc.ruleSet)}. Source: {cdc.ruleSet.source}
          </Text>
        </Stack>
      </details>
    </Paper>
  );
}

/** Beside a PRN line: the latest amount taken recorded for this prescription, not used in the total. */
export function LatestTakenNote({ entry }: { entry: MedicineEntry }) {
  const t = entry.latestTaken;
  if (!t) return null;
  return (
    <Text size="xs" c="dark.6">
      Taken {formatDose(t.takenMgPer24h)} mg/24h at the review on {formatDateGb(t.reviewDate)}
      {t.omeMgPer24h !== null ? ` (${t.omeMgPer24h.toFixed(1)} mg OME at that review)` : ''}. The current
      total counts the prescribed maximum.
    </Text>
  );
}

/**
 * One "taken, mg in 24 hours" box per as-needed medicine (a review form's grid cells). Only filled boxes are
 * sent, so the server's messages for `${path}.<n>` belong to the n-th filled box.
 */
export function TakenInputs({
  prn,
  taken,
  setTaken,
  errors,
  path,
}: {
  prn: MedicineEntry[];
  taken: Record<number, string>;
  setTaken: Dispatch<SetStateAction<Record<number, string>>>;
  errors: Record<string, string>;
  path: string;
}) {
  const filled = prn.filter((e) => (taken[e.itemId] ?? '') !== '');
  return prn.map((e) => {
    const i = filled.indexOf(e);
    return (
      <TextInput
        key={e.itemId}
        label={`${e.name}: taken, mg in 24 hours`}
        description={`Prescribed maximum ${formatDose(e.prnMaxMgPer24h ?? 0)} mg/24h`}
        inputMode="decimal"
        value={taken[e.itemId] ?? ''}
        onChange={(ev) => {
          const v = ev.currentTarget.value;
          setTaken((old) => ({ ...old, [e.itemId]: v }));
        }}
        error={i >= 0 ? (errors[`${path}.${i}.takenMgPer24h`] ?? errors[`${path}.${i}.itemId`]) : undefined}
      />
    );
  });
}

/** Record a medicines review: the amount of each as-needed medicine taken per 24 hours. */
export function PrnUseForm({
  patientId,
  prn,
  onDone,
}: {
  patientId: number;
  prn: MedicineEntry[];
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [reviewDate, setReviewDate] = useState(londonToday());
  const [notes, setNotes] = useState('');
  const [taken, setTaken] = useState<Record<number, string>>({});
  const save = useMutation({
    mutationFn: () =>
      api.call('meds:recordPrnUse', {
        patientId,
        reviewDate,
        notes,
        taken: prn
          .filter((e) => (taken[e.itemId] ?? '') !== '')
          .map((e) => ({ itemId: e.itemId, takenMgPer24h: Number(taken[e.itemId]) })),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['meds:patient', patientId] });
      onDone();
    },
  });
  const errs = serverFieldErrors(save.error);
  return (
    <Paper withBorder p="md">
      <form
        aria-label="Record as-needed use"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h4">
            Record as-needed use at a review
          </Title>
          <Text size="sm">{TAKEN_RULE}</Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <DateField
              label="Review date"
              value={reviewDate}
              onChange={(e) => setReviewDate(e.currentTarget.value)}
              error={errs.reviewDate}
            />
            <TakenInputs prn={prn} taken={taken} setTaken={setTaken} errors={errs} path="taken" />
            <TextInput label="Notes" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
          </SimpleGrid>
          <Group>
            <Button type="submit" color="brand" loading={save.isPending}>
              Save review
            </Button>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            {save.error && <Text c="red.9">{save.error.message}</Text>}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Reviews of the opioid load: the OME for each review, with as-needed doses at the amount taken. */
export function ReviewsList({ reviews }: { reviews: MedicineReviewView[] }) {
  const [open, setOpen] = useState<number | null>(null);
  if (reviews.length === 0) return <Text c="dimmed">No reviews with amounts taken yet.</Text>;
  return (
    <Table withTableBorder aria-label="OME at reviews">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Review</Table.Th>
          <Table.Th>Taken (per 24 hours)</Table.Th>
          <Table.Th>OME at the review</Table.Th>
          <Table.Th>By</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {reviews.map((r) => (
          <Fragment key={r.id}>
            <Table.Tr>
              <Table.Td>
                {formatDateGb(r.reviewDate)}
                {r.taperReviewId !== null ? ' (taper review)' : ''}
              </Table.Td>
              <Table.Td>
                {r.taken.map((t) => `${t.name}: ${formatDose(t.takenMgPer24h)} mg`).join('; ')}
              </Table.Td>
              <Table.Td>
                <Button
                  variant="default"
                  size="compact-sm"
                  aria-expanded={open === r.id}
                  aria-label={`${r.totalMgPer24h.toFixed(1)} mg/24h: show the arithmetic for the review on ${formatDateGb(r.reviewDate)}`}
                  onClick={() => setOpen(open === r.id ? null : r.id)}
                >
                  {r.totalMgPer24h.toFixed(1)} mg/24h{r.complete ? '' : ' (incomplete)'}
                </Button>
              </Table.Td>
              <Table.Td>{r.recordedBy ?? ''}</Table.Td>
            </Table.Tr>
            {open === r.id && (
              <Table.Tr>
                <Table.Td colSpan={4} bg="gray.0">
                  <Stack
                    gap={2}
                    aria-label={`OME arithmetic for the review on ${formatDateGb(r.reviewDate)}`}
                  >
                    {r.lines.map((l) => (
                      <Text key={l.itemId} size="sm">
                        <b>{l.name}</b>: {l.dailyExplanation}; {l.explanation}
                      </Text>
                    ))}
                    {r.cautions.map((c) => (
                      <Text key={c} size="sm" c="#8f3b00">
                        {c}
                      </Text>
                    ))}
                    {r.flags.length > 0 && (
                      <Text size="sm">At this review: {r.flags.map((f) => f.message).join(' ')}</Text>
                    )}
                    <Text size="xs" c="dimmed">
                      Worked with {ruleSetLabel(r.ruleSet)}. {TAKEN_RULE}
                    </Text>
                    {r.notes && <Text size="sm">Notes: {r.notes}</Text>}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            )}
          </Fragment>
        ))}
      </Table.Tbody>
    </Table>
  );
}
