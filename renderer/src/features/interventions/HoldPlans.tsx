import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateGb, formatInstantGb } from '../../../../shared/dates';
import type { RequestDetail } from '../../../../shared/domain/interventions';
import { SCS_TRIAL_PROCEDURES } from '../../../../shared/domain/interventions-scs';
import { ruleSetText } from '../../../../shared/clinical/interventions/holds';
import { api } from '../../api/client';
import { useSession } from '../../app/session';

type Anti = RequestDetail['antithrombotics'][number];

const TIMES_RE = /^\s*([01]\d|2[0-3]):[0-5]\d(\s*,\s*([01]\d|2[0-3]):[0-5]\d){0,3}\s*$/;

/** Confirm or correct the usual dose times of one antithrombotic (the medicines list has doses a day only). */
export function DoseTimesForm({
  detail,
  a,
}: {
  detail: RequestDetail;
  a: RequestDetail['antithrombotics'][number];
}) {
  const qc = useQueryClient();
  const [value, setValue] = useState(a.doseTimes.join(', '));
  // The times as read when editing began: a save over someone else's change meanwhile is refused. After a
  // refusal the screen refreshes, and the next save is over the times now shown.
  const [readTimes, setReadTimes] = useState<string[] | null>(a.doseTimes);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      api.call('interventions:setDoseTimes', {
        antithromboticId: a.id,
        doseTimes: value.split(',').map((t) => t.trim()),
        expectedDoseTimes: readTimes ?? a.doseTimes,
      }),
    onSuccess: (d) => {
      qc.setQueryData(['interventions:get', detail.id], d);
      setReadTimes(d.antithrombotics.find((x) => x.id === a.id)?.doseTimes ?? null);
    },
    onError: (err) => {
      setError(err.message);
      setReadTimes(null);
      void qc.invalidateQueries({ queryKey: ['interventions:get', detail.id] });
    },
  });
  return (
    <form
      aria-label={`Usual dose times of ${a.drug}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        if (!TIMES_RE.test(value)) setError('Enter usual dose times as HH:mm, separated by commas.');
        else save.mutate();
      }}
    >
      <Group gap="xs" align="end" mt={4}>
        <TextInput
          size="xs"
          label={`Usual dose times (${a.drug})`}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={error}
        />
        <Button size="xs" variant="default" type="submit" loading={save.isPending}>
          Save times
        </Button>
      </Group>
    </form>
  );
}

/** 'YYYY-MM-DDTHH:mm' or 'YYYY-MM-DD' as '15-Dec-2026 08:30'. */
export function localGb(value: string | undefined): string {
  if (!value) return '';
  const [d, t] = value.split('T');
  return `${formatDateGb(d ?? '')}${t ? ` ${t}` : ''}`;
}

/** Approve one plan: with hours chosen within the guideline's range (and a reason) or a recorded decision. */
function ApproveForm({ detail, a }: { detail: RequestDetail; a: Anti }) {
  const qc = useQueryClient();
  const [hours, setHours] = useState<number | ''>('');
  const [reason, setReason] = useState('');
  const [decision, setDecision] = useState('');
  const approve = useMutation({
    mutationFn: () =>
      api.call('interventions:approveHold', {
        antithromboticId: a.id,
        ...(hours !== '' ? { chosenHoldHours: hours, reason } : {}),
        ...(a.plan.status === 'blocked' ? { decision } : {}),
      }),
    onSuccess: (d) => qc.setQueryData(['interventions:get', detail.id], d),
  });
  const range = a.plan.rangeHours;
  return (
    <Stack gap={4}>
      {approve.isError && (
        <Alert color="red" role="alert">
          {approve.error.message}
        </Alert>
      )}
      {a.plan.status === 'blocked' && (
        <Textarea
          label={`Your decision for ${a.drug} (what the patient does and when)`}
          value={decision}
          onChange={(e) => setDecision(e.currentTarget.value)}
        />
      )}
      {range && (
        <Group align="end" gap="xs">
          <NumberInput
            label={`Hours for this patient (${range.min}–${range.max}; blank = ${range.max})`}
            min={range.min}
            max={range.max}
            value={hours}
            onChange={(v) => setHours(typeof v === 'number' ? v : '')}
            w={220}
          />
          {hours !== '' && (
            <Textarea
              label="Reason for these hours"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
          )}
        </Group>
      )}
      <Button size="xs" onClick={() => approve.mutate()} loading={approve.isPending}>
        Approve hold plan ({a.drug}) for {localGb(a.planFor)}
      </Button>
    </Stack>
  );
}

/** The hold plans of a request: the plan, its notes, source and range, the instructions, and the approval. */
export function HoldPlans({ detail }: { detail: RequestDetail }) {
  const session = useSession();
  if (detail.antithrombotics.length === 0)
    return (
      <Text size="sm">
        No anticoagulant, antiplatelet or NSAID that needs a hold plan is on the patient’s medicines list.
      </Text>
    );
  const manage = session.can('interventions.manage');
  // An SCS trial is two visits: the restart follows the lead removal, not the insertion (the instructions).
  const isScsTrial = (SCS_TRIAL_PROCEDURES as readonly string[]).includes(detail.procedureCode);
  return (
    <Table aria-label="Hold plans">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Medicine</Table.Th>
          <Table.Th>Proposed plan</Table.Th>
          <Table.Th>Approval</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {detail.antithrombotics.map((a) => (
          <Table.Tr key={a.id}>
            <Table.Td>
              <Text fw={700}>{a.drug}</Text>
              {a.fromMedicines ? (
                <Badge color="brand" size="sm">
                  From the medicines list
                </Badge>
              ) : (
                <Badge color="#9c3600" variant="outline" size="sm">
                  Not on the medicines list — add it there
                </Badge>
              )}
              <Text size="xs">
                {a.dose ? `${a.dose} · ` : ''}doses at {a.doseTimes.join(', ')}
              </Text>
              {a.basis && (
                <Text size="xs" c="dimmed">
                  {a.basis}
                </Text>
              )}
              {manage && <DoseTimesForm key={a.doseTimes.join(',')} detail={detail} a={a} />}
            </Table.Td>
            <Table.Td>
              {a.plan.status === 'hold' && (
                <Text size="sm">
                  Hold {a.plan.holdHours} h before the start ({localGb(a.planFor)}
                  {a.planFor.includes('T') ? '' : ', provisional date, start time not known'}): last dose no
                  later than <strong>{localGb(a.plan.latestLastDoseAt)}</strong>
                  {a.plan.lastScheduledDoseAt && (
                    <>
                      ; last usual dose <strong>{localGb(a.plan.lastScheduledDoseAt)}</strong>
                    </>
                  )}
                  {a.plan.restartNotBefore &&
                    (isScsTrial ? (
                      <>; restart not while the trial leads are in, only after their removal (see below)</>
                    ) : (
                      <>; restart not before {localGb(a.plan.restartNotBefore)}</>
                    ))}
                  .
                </Text>
              )}
              {a.plan.status !== 'hold' && <Text size="sm">{a.plan.reason}</Text>}
              {a.plan.rangeHours && (
                <Text size="xs">
                  Guideline range {a.plan.rangeHours.min}–{a.plan.rangeHours.max} h; the default is the
                  conservative end.
                  {a.plan.chosenHoldHours !== undefined &&
                    ` Prescriber chose ${a.plan.chosenHoldHours} h: ${a.plan.chosenReason ?? ''}`}
                </Text>
              )}
              {a.plan.bleedingTier && (
                <Text size="xs" data-testid="bleeding-tier">
                  Bleeding-risk tier used: <strong>{a.plan.bleedingTier.tier}</strong>
                  {a.plan.bleedingTier.raised
                    ? ` (the procedure is ${a.plan.bleedingTier.procedureTier}; moved up one tier for ${a.plan.bleedingTier.reasons.join(', ')}). `
                    : ' (the procedure’s own tier; no patient factor moves it up). '}
                  <Text span size="xs" c="dimmed">
                    {a.plan.bleedingTier.source}
                  </Text>
                </Text>
              )}
              {(a.plan.notes ?? []).map((n) => (
                <Text size="xs" key={n} fw={600}>
                  {n}
                </Text>
              ))}
              {a.plan.clinicianDecision && (
                <Text size="sm">Clinician’s decision: {a.plan.clinicianDecision}</Text>
              )}
              {a.instructions.length > 0 && (
                <Stack gap={0} mt={4} aria-label={`Instructions for ${a.drug}`}>
                  <Text size="xs" fw={700}>
                    For the patient and GP
                  </Text>
                  {a.instructions.map((i) => (
                    <Text size="sm" key={i}>
                      {i}
                    </Text>
                  ))}
                </Stack>
              )}
              <Text size="xs" c="dimmed">
                Rule set {ruleSetText(a.plan.ruleSet)}
                {a.plan.source ? ` · ${a.plan.source}` : ''}
              </Text>
            </Table.Td>
            <Table.Td>
              {!a.plan.needsApproval ? (
                <Badge color="#1e6b30">No approval needed</Badge>
              ) : a.approved ? (
                <Text size="sm">
                  Approved for {localGb(a.planFor)} by {a.approvedBy}{' '}
                  {a.approvedAt ? formatInstantGb(a.approvedAt) : ''}
                </Text>
              ) : (
                <Stack gap={4}>
                  <Text size="sm" fw={700} c="#9c3600">
                    {a.reapprovalNote ? 'Needs prescriber re-approval' : 'Needs prescriber approval'}
                  </Text>
                  {a.reapprovalNote && (
                    <Text size="xs" data-testid={`reapproval-${a.drug}`}>
                      {a.reapprovalNote}
                    </Text>
                  )}
                  {session.can('hold.approve') && <ApproveForm detail={detail} a={a} />}
                </Stack>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * In "find a slot": a prescriber approves the hold plans for THIS session's start (an approval covers one
 * start only). Plans with a choice or a decision are approved on the plan table instead.
 */
export function ApproveForSession({ detail, sessionId }: { detail: RequestDetail; sessionId: number }) {
  const qc = useQueryClient();
  const approve = useMutation({
    mutationFn: async () => {
      let d = detail;
      for (const a of detail.antithrombotics) {
        if (!a.plan.needsApproval || a.plan.status === 'blocked') continue;
        d = await api.call('interventions:approveHold', { antithromboticId: a.id, sessionId });
      }
      return d;
    },
    onSuccess: (d) => qc.setQueryData(['interventions:get', detail.id], d),
  });
  return (
    <Stack gap={2}>
      <Button size="xs" variant="default" onClick={() => approve.mutate()} loading={approve.isPending}>
        Approve hold plans for this date
      </Button>
      {approve.isError && (
        <Text size="xs" c="red" role="alert">
          {approve.error.message}
        </Text>
      )}
      {approve.isSuccess && <Text size="xs">Approved for this date.</Text>}
    </Stack>
  );
}
