import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { COWS_ITEMS, scoreCows } from '../../../../shared/clinical/medicines/cows';
import { formatDateGb, formatInstantGb, londonToday } from '../../../../shared/dates';
import {
  formatDose,
  PLAN_STATUS_LABELS,
  REVIEW_OUTCOME_LABELS,
  REVIEW_OUTCOMES,
  type PlanAction,
  type ReviewOutcome,
  type TaperPlan,
} from '../../../../shared/domain/medicines';
import { api } from '../../api/client';
import { screenQueries } from '../../api/screenQueries';
import { serverFieldErrors } from '../../app/forms';
import { useSession } from '../../app/session';
import { FromMdtPanel } from '../mdt/ActionLinks';
import { TAKEN_RULE, TakenInputs } from './MedicineReviews';
import { DateField } from '../../app/DateField';
import { PatientBannerFor } from '../patients/PatientBanner';
import { PLAN_EVENT_LABELS, PlanRevise } from './PlanRevise';

function useSetPlan(planId: number) {
  const queryClient = useQueryClient();
  return async (plan: TaperPlan) => {
    queryClient.setQueryData(['meds:plan', planId], plan);
    await queryClient.invalidateQueries({ queryKey: ['meds:patient', plan.patientId] });
    await queryClient.invalidateQueries({ queryKey: ['meds:worklist'] });
  };
}

function StepsEditor({ plan }: { plan: TaperPlan }) {
  const setPlan = useSetPlan(plan.id);
  const [steps, setSteps] = useState(plan.steps.map((s) => ({ date: s.date, dose: String(s.dose) })));
  const save = useMutation({
    mutationFn: () =>
      api.call('meds:updateSteps', {
        planId: plan.id,
        version: plan.version,
        steps: steps.map((s) => ({ date: s.date, dose: Number(s.dose) })),
      }),
    onSuccess: setPlan,
  });
  const errs = serverFieldErrors(save.error);
  return (
    <Stack gap="xs">
      <Text size="sm">The plan has not started: each step can be changed before sign-off.</Text>
      {steps.map((s, i) => (
        <Group key={i} align="flex-start">
          <DateField
            label={`Step ${i} date`}
            value={s.date}
            error={errs[`steps.${i}.date`]}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setSteps((old) => old.map((x, j) => (j === i ? { ...x, date: v } : x)));
            }}
          />
          <TextInput
            label={`Step ${i} dose (${plan.unit})`}
            inputMode="decimal"
            value={s.dose}
            error={errs[`steps.${i}.dose`]}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setSteps((old) => old.map((x, j) => (j === i ? { ...x, dose: v } : x)));
            }}
          />
          {plan.steps[i] && String(plan.steps[i].dose) === s.dose && (
            <Stack gap={0} mt={28}>
              <Text size="sm">{plan.steps[i].instruction}</Text>
              <SupplyText step={plan.steps[i]} />
              {/* A step larger than the chosen percentage says so, with the reason, before sign-off. */}
              {plan.steps[i].note && (
                <Text size="xs" c="#8f3b00" fw={700} role="note">
                  {plan.steps[i].note}
                </Text>
              )}
              {plan.steps[i].longer && (
                <Text size="xs" role="note" data-testid="step-longer">
                  {plan.steps[i].longer}
                </Text>
              )}
            </Stack>
          )}
        </Group>
      ))}
      <Group>
        <Button variant="default" onClick={() => save.mutate()} loading={save.isPending}>
          Save steps
        </Button>
        {save.error && <Text c="red.9">{save.error.message}</Text>}
      </Group>
    </Stack>
  );
}

/** What the GP prescribes for the step, and how it was worked out (issue 13). */
function SupplyText({ step }: { step: TaperPlan['steps'][number] }) {
  if (!step.supply) return null;
  return (
    <Text size="xs" c="dark.6">
      To prescribe: {step.supply.text} ({step.supply.lines.map((l) => `${l.label}: ${l.how}`).join('; ')})
    </Text>
  );
}

function SignOff({ plan }: { plan: TaperPlan }) {
  const setPlan = useSetPlan(plan.id);
  const [agreed, setAgreed] = useState(false);
  const [note, setNote] = useState('');
  const sign = useMutation({
    mutationFn: () =>
      api.call('meds:signOff', {
        planId: plan.id,
        version: plan.version,
        patientAgreed: agreed as true,
        agreementNote: note,
      }),
    onSuccess: setPlan,
  });
  const errs = serverFieldErrors(sign.error);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Shared decision and sign-off
        </Title>
        <Checkbox
          label="The patient has agreed this plan"
          checked={agreed}
          onChange={(e) => setAgreed(e.currentTarget.checked)}
          error={errs.patientAgreed}
        />
        <Textarea
          label="How it was agreed"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={errs.agreementNote}
        />
        <Group>
          <Button color="brand" onClick={() => sign.mutate()} loading={sign.isPending}>
            Sign off and start the plan
          </Button>
          {sign.error && <Text c="red.9">{sign.error.message}</Text>}
        </Group>
      </Stack>
    </Paper>
  );
}

function ReviewForm({ plan }: { plan: TaperPlan }) {
  const setPlan = useSetPlan(plan.id);
  const next = plan.steps.find((s) => s.stepNo === plan.currentStep + 1);
  const [reviewDate, setReviewDate] = useState(londonToday());
  const [outcome, setOutcome] = useState<ReviewOutcome>('taken');
  const [pain, setPain] = useState('');
  const [fn, setFn] = useState('');
  const [symptoms, setSymptoms] = useState('');
  const [notes, setNotes] = useState('');
  const [nextReview, setNextReview] = useState('');
  const [useCows, setUseCows] = useState(false);
  const [cows, setCows] = useState<number[]>(COWS_ITEMS.map(() => 0));
  const cowsScore = useCows ? scoreCows(cows) : null;
  const meds = useQuery({
    queryKey: ['meds:patient', plan.patientId],
    queryFn: () => api.call('meds:patient', { patientId: plan.patientId }),
  });
  const prn = meds.data?.current.filter((e) => e.doseKind === 'prn') ?? [];
  const [taken, setTaken] = useState<Record<number, string>>({});
  const takenItems = prn.filter((e) => (taken[e.itemId] ?? '') !== '');
  const record = useMutation({
    mutationFn: () =>
      api.call('meds:recordReview', {
        planId: plan.id,
        version: plan.version,
        reviewDate,
        outcome,
        cows: useCows ? cows : null,
        withdrawalSymptoms: symptoms,
        painScore: pain === '' ? Number.NaN : Number(pain),
        functionScore: fn === '' ? Number.NaN : Number(fn),
        notes,
        nextReviewDate: nextReview === '' ? null : nextReview,
        prnTaken: takenItems.map((e) => ({ itemId: e.itemId, takenMgPer24h: Number(taken[e.itemId]) })),
      }),
    onSuccess: async (p) => {
      setTaken({});
      setPain('');
      setFn('');
      setNotes('');
      setSymptoms('');
      setNextReview('');
      await setPlan(p);
    },
  });
  const errs = serverFieldErrors(record.error);
  return (
    <Paper withBorder p="md" id="review">
      <form
        aria-label="Record a review"
        onSubmit={(e) => {
          e.preventDefault();
          record.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={3} size="h4">
            Record a review
          </Title>
          <Text size="sm">
            Now on {formatDose(plan.currentDose)} {plan.asNeeded ? 'mg in 24 hours at most' : plan.unit}.{' '}
            {next
              ? `Next planned step: ${next.instruction} from ${formatDateGb(next.date)}.`
              : 'This is the last step.'}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <DateField
              label="Review date"
              value={reviewDate}
              onChange={(e) => setReviewDate(e.currentTarget.value)}
              error={errs.reviewDate}
            />
            <NativeSelect
              label="Outcome"
              value={outcome}
              onChange={(e) => setOutcome(e.currentTarget.value as ReviewOutcome)}
              error={errs.outcome}
            >
              {REVIEW_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {REVIEW_OUTCOME_LABELS[o]}
                </option>
              ))}
            </NativeSelect>
            <DateField
              label="Next review date"
              value={nextReview}
              onChange={(e) => setNextReview(e.currentTarget.value)}
              error={errs.nextReviewDate}
              description="Blank: the next step's date"
            />
            <TextInput
              label="Pain score (0-10)"
              inputMode="numeric"
              value={pain}
              onChange={(e) => setPain(e.currentTarget.value)}
              error={errs.painScore}
            />
            <TextInput
              label="Function score (0-10)"
              inputMode="numeric"
              value={fn}
              onChange={(e) => setFn(e.currentTarget.value)}
              error={errs.functionScore}
            />
            <TextInput
              label="Withdrawal symptoms"
              value={symptoms}
              onChange={(e) => setSymptoms(e.currentTarget.value)}
            />
          </SimpleGrid>
          {plan.isOpioid && (
            <Switch
              label="Score withdrawal with COWS"
              checked={useCows}
              onChange={(e) => setUseCows(e.currentTarget.checked)}
            />
          )}
          {useCows && (
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              {COWS_ITEMS.map((item, i) => (
                <NativeSelect
                  key={item.key}
                  label={item.label}
                  value={String(cows[i])}
                  error={errs[`cows.items.${i}`]}
                  onChange={(e) => {
                    const v = Number(e.currentTarget.value);
                    setCows((old) => old.map((x, j) => (j === i ? v : x)));
                  }}
                >
                  {item.options.map((o, k) => (
                    <option key={o} value={o}>
                      {o}: {item.descriptors[k]}
                    </option>
                  ))}
                </NativeSelect>
              ))}
              <Text fw={600} aria-live="polite">
                COWS {cowsScore?.total} ({cowsScore?.band})
              </Text>
            </SimpleGrid>
          )}
          {prn.length > 0 && (
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                As-needed medicines: amount taken (optional)
              </Text>
              <Text size="xs" c="dark.6">
                {TAKEN_RULE}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TakenInputs prn={prn} taken={taken} setTaken={setTaken} errors={errs} path="prnTaken" />
              </SimpleGrid>
            </Stack>
          )}
          <Textarea label="Notes" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
          <Group>
            <Button type="submit" color="brand" loading={record.isPending}>
              Save review
            </Button>
            {record.error && <Text c="red.9">{record.error.message}</Text>}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function PlanActions({ plan }: { plan: TaperPlan }) {
  const setPlan = useSetPlan(plan.id);
  const [reason, setReason] = useState('');
  const act = useMutation({
    mutationFn: (action: PlanAction) =>
      api.call('meds:planAction', { planId: plan.id, version: plan.version, action, reason }),
    onSuccess: async (p) => {
      setReason('');
      await setPlan(p);
    },
  });
  const errs = serverFieldErrors(act.error);
  return (
    <Group align="flex-end">
      <TextInput
        label="Reason (to pause, resume or abandon)"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={errs.reason}
        w={360}
      />
      {plan.status === 'active' && (
        <Button variant="default" c="#8f3b00" onClick={() => act.mutate('pause')}>
          Pause
        </Button>
      )}
      {plan.status === 'paused' && (
        <Button variant="default" onClick={() => act.mutate('resume')}>
          Resume
        </Button>
      )}
      <Button variant="default" c="red.9" onClick={() => act.mutate('abandon')}>
        Abandon
      </Button>
      {act.error && !errs.reason && <Text c="red.9">{act.error.message}</Text>}
    </Group>
  );
}

/** One deprescribing plan: steps, sign-off, reviews, and the link to the printable GP letter. */
export function PlanPage() {
  const planId = Number(useParams().id);
  const session = useSession();
  // Started at the navigation, and the patient's banner the moment it arrives (api/screenQueries.ts).
  const q = useQuery(screenQueries.taperPlan(planId));
  if (q.isPending) return <Loader aria-label="Loading plan" />;
  if (q.isError)
    return (
      <Alert color="red" variant="outline" c="red.9">
        {q.error.message}
      </Alert>
    );
  const p = q.data;
  const manage = session.can('taper.manage');
  const start = p.steps[0]?.administrations ?? null;
  const uneven = start !== null && start.some((a) => a.mg !== start[0]!.mg);
  const open = p.status === 'draft' || p.status === 'active' || p.status === 'paused';
  return (
    <Stack p="md" maw={1100}>
      <PatientBannerFor patientId={p.patientId} />
      <FromMdtPanel kind="taper-plan" itemId={planId} />
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2">
            Plan: {p.goal === 'stop' ? 'stop' : 'reduce'} {p.medicineName}
          </Title>
          <Anchor href={`#/patients/${p.patientId}`}>Back to the patient record</Anchor>
        </div>
        <Group>
          <Badge size="lg" color="brand.9" variant="filled">
            {PLAN_STATUS_LABELS[p.status]}
          </Badge>
          <Button component="a" href={`#/medicines/plans/${p.id}/print`} variant="default">
            Printable GP letter
          </Button>
        </Group>
      </Group>
      {p.needsReview && (
        <Alert color="red" variant="outline" c="red.9" title="Needs review" role="alert">
          {p.needsReview}
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Text>
            <b>Reason:</b> {p.reason}
          </Text>
          <Text>
            <b>Goal:</b> {p.goal === 'stop' ? 'Stop' : `Reduce to ${formatDose(p.targetDose ?? 0)} ${p.unit}`}
          </Text>
          <Text>
            <b>Now on:</b> {formatDose(p.currentDose)} {p.asNeeded ? 'mg in 24 hours at most' : p.unit}{' '}
            (started at {formatDose(p.startDose)})
          </Text>
          <Text>
            <b>Next review:</b> {p.nextReviewDate ? formatDateGb(p.nextReviewDate) : '—'}
          </Text>
          <Text>
            <b>Version:</b> {p.planVersion}
            {p.versionReason ? ` (${p.versionReason})` : ''}
          </Text>
          <Text>
            <b>Held:</b> {p.holds} · <b>Stepped back:</b> {p.stepBacks}
          </Text>
          <Text>
            <b>Signed off:</b>{' '}
            {p.signedOffBy ? `${p.signedOffBy}, ${formatInstantGb(p.signedOffAt ?? '')}` : 'not yet'}
          </Text>
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt="xs">
          {p.ruleSet.name} (version {p.ruleSet.version}); {p.percent}% of the starting dose every{' '}
          {p.intervalDays} days{p.roundTo ? `, rounded to ${formatDose(p.roundTo)} ${p.unit}` : ''}. Source:{' '}
          {p.ruleSet.source}
        </Text>
        {uneven && (
          <Text size="sm" mt="xs">
            The doses differ through the day: each reduction comes off the larger dose first (when two doses
            are equal, the earlier one in the day), rounded up to what the tablet strengths can give.
          </Text>
        )}
        {p.asNeeded && (
          <Text size="sm" mt="xs">
            Taken as needed: each step lowers the most that may be taken in 24 hours (the plan counts it at
            that maximum), with fewer doses and/or a smaller dose each time; the time between doses stays as
            prescribed.
          </Text>
        )}
        {p.mgPerMl !== null && (
          <Text size="sm" mt="xs">
            Liquid, {formatDose(p.mgPerMl)} mg/mL: each dose is rounded to 0.5 mL (
            {formatDose(p.mgPerMl * 0.5)} mg) so it can be measured with an oral syringe.
          </Text>
        )}
      </Paper>

      <Title order={2} size="h3">
        Steps
      </Title>
      {p.status === 'draft' && manage && !p.asNeeded ? (
        <StepsEditor key={p.version} plan={p} />
      ) : (
        <Table withTableBorder aria-label="Taper steps">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Step</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th>Dose</Table.Th>
              <Table.Th>State</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.steps.map((s) => (
              <Table.Tr key={s.stepNo} fw={s.state === 'current' ? 700 : 400}>
                <Table.Td>{s.stepNo}</Table.Td>
                <Table.Td>{formatDateGb(s.date)}</Table.Td>
                <Table.Td>
                  {s.instruction}
                  {s.products && s.dose > 0 && p.unit !== 'mcg/h' && (
                    <Text size="xs" c="dark.6">
                      Products: {s.products}
                    </Text>
                  )}
                  <SupplyText step={s} />
                  {s.note && (
                    <Text size="xs" c="#8f3b00" fw={700} role="note">
                      {s.note}
                    </Text>
                  )}
                  {s.longer && (
                    <Text size="xs" role="note" data-testid="step-longer">
                      {s.longer}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{s.state}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {p.status === 'draft' && session.can('taper.sign-off') && <SignOff plan={p} />}
      {p.status === 'active' && manage && <ReviewForm key={p.version} plan={p} />}
      {(p.status === 'active' || p.status === 'paused') && manage && <PlanRevise key={p.version} plan={p} />}
      {open && manage && <PlanActions plan={p} />}

      <Title order={2} size="h3">
        Reviews
      </Title>
      {p.reviews.length === 0 ? (
        <Text c="dimmed">No reviews yet.</Text>
      ) : (
        <Table withTableBorder aria-label="Reviews">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Date</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>COWS</Table.Th>
              <Table.Th>Pain</Table.Th>
              <Table.Th>Function</Table.Th>
              <Table.Th>Notes</Table.Th>
              <Table.Th>Next review</Table.Th>
              <Table.Th>By</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.reviews.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{formatDateGb(r.reviewDate)}</Table.Td>
                <Table.Td>{REVIEW_OUTCOME_LABELS[r.outcome]}</Table.Td>
                <Table.Td>{r.cowsTotal === null ? '—' : `${r.cowsTotal} (${r.cowsBand})`}</Table.Td>
                <Table.Td>{r.painScore}</Table.Td>
                <Table.Td>{r.functionScore}</Table.Td>
                <Table.Td>{[r.withdrawalSymptoms, r.notes].filter(Boolean).join('. ')}</Table.Td>
                <Table.Td>{r.nextReviewDate ? formatDateGb(r.nextReviewDate) : '—'}</Table.Td>
                <Table.Td>{r.recordedBy}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {p.events.length > 0 && (
        <>
          <Title order={2} size="h3">
            Sign-off, pauses and changes
          </Title>
          <Table withTableBorder aria-label="Plan events">
            <Table.Tbody>
              {p.events.map((e, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{formatInstantGb(e.at)}</Table.Td>
                  <Table.Td>{PLAN_EVENT_LABELS[e.kind] ?? 'Change'}</Table.Td>
                  <Table.Td>{e.reason}</Table.Td>
                  <Table.Td>{e.by}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
