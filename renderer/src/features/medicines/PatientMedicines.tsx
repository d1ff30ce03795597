import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { formatDateGb, londonToday } from '../../../../shared/dates';
import {
  COMBINATION_LABELS,
  PLAN_STATUS_LABELS,
  PRESCRIBER_LABELS,
  SPECIALIST_FLAG_TITLES,
  type MedicineEntry,
  type OmeSummary,
} from '../../../../shared/domain/medicines';
import type { OmeThreshold, OmeThresholdRuleSet } from '../../../../shared/clinical/medicines/flags';
import type { Patient } from '../../../../shared/domain/patient';
import { api } from '../../api/client';
import { serverFieldErrors } from '../../app/forms';
import { useSession } from '../../app/session';
import { OmeChart } from './charts';
import { MedicineChecksPanel } from './MedicineChecks';
import { MedicineForm } from './MedicineForm';
import { CdcComparisonCard, LatestTakenNote, PrnUseForm, ReviewsList } from './MedicineReviews';
import { PlanForm } from './PlanForm';
import { canSwitchToDiazepam, SwitchToDiazepamForm } from './SwitchToDiazepam';
import { DateField } from '../../app/DateField';
import { ruleSetLabel, ruleSetTitle } from '../../../../shared/domain/rule-set-names';
import { dmdText } from '../../../../shared/fhir/dmd';

/** Headings of the OME threshold flags; the mg figure comes from the threshold set in use. */
const THRESHOLD_TITLES: Record<string, string> = {
  OME_HIGH_DOSE: 'High dose: review',
  OME_HARM_RISES: 'Harm rises without added benefit',
};

/** The OME thresholds in use now (Settings › Clinical rule sets), for flag headings and the chart. */
function useOmeThresholds(): OmeThreshold[] | undefined {
  const active = useQuery({
    queryKey: ['rules:active', 'ome-thresholds'],
    queryFn: () => api.call('rules:active', { kind: 'ome-thresholds' }),
  });
  return (active.data?.value as OmeThresholdRuleSet | undefined)?.thresholds;
}

function flagTitle(code: string, thresholds: readonly OmeThreshold[]): string {
  const named = COMBINATION_LABELS[code] ?? SPECIALIST_FLAG_TITLES[code];
  if (named !== undefined) return named;
  const t = thresholds.find((x) => x.code === code);
  // Never a code on screen: a flag without a heading here is still headed in words.
  if (!t) return THRESHOLD_TITLES[code] ?? 'Medicines flag';
  const title = THRESHOLD_TITLES[code] ?? t.label.charAt(0).toUpperCase() + t.label.slice(1);
  return `${title} (${t.mgPer24h} mg/24h or more)`;
}

/** What a dose written as units × strength means: every component per dose, and per day when regular. */
function writtenMeans(e: MedicineEntry): string {
  const w = e.written!;
  const amount = (n: number, unit: 'mg' | 'mcg') => `${n} ${unit === 'mcg' ? 'micrograms' : 'mg'}`;
  if (w.patchMcgPerHour !== null) return `${w.patchMcgPerHour} micrograms/hour`;
  return w.components
    .map(
      (c) =>
        `${c.generic} ${amount(c.perDose, c.unit)} a dose` +
        (c.per24h !== null ? ` (${amount(c.per24h, c.unit)} a day)` : ''),
    )
    .join(' + ');
}

function omeText(e: MedicineEntry): string {
  if (!e.ome) return '—';
  if (e.ome.omeMgPer24h === null) return 'Not totalled';
  return `${e.ome.omeMgPer24h.toFixed(1)}${e.ome.status === 'estimated' ? ' (estimated)' : ''}`;
}

export function OmeSummaryCard({
  ome,
  thresholds,
}: {
  ome: OmeSummary;
  thresholds: readonly OmeThreshold[];
}) {
  return (
    <Paper withBorder p="md" aria-label="Opioid load">
      <Group justify="space-between" align="flex-start">
        <div>
          <Text size="sm" c="dimmed">
            Total daily OME{ome.headline.atLeast ? ' (incomplete)' : ''}
          </Text>
          <Text fz={32} fw={700} data-testid="ome-total">
            {ome.headline.text}
          </Text>
          {ome.headline.atLeast && (
            <Text size="sm" fw={700} c="red.9" data-testid="ome-left-out">
              Not included: {ome.headline.leftOut.join(', ')}
            </Text>
          )}
          <Text size="sm" data-testid="ome-parts">
            {`Regular ${ome.headline.regularMgPer24h.toFixed(1)} mg/24h · as needed at maximum ` +
              `${ome.headline.prnMaxMgPer24h.toFixed(1)} mg/24h · as needed taken (latest review): ` +
              (ome.headline.prnTakenMgPer24h === null
                ? 'not recorded'
                : `${ome.headline.prnTakenMgPer24h.toFixed(1)} mg/24h`)}
          </Text>
          <Text size="xs" c="dark.6" data-testid="ome-flags-use">
            {ome.headline.flagsUse}
          </Text>
          {ome.headline.notOnFormulary.length > 0 && (
            <Text size="sm" fw={700} c="#8f3b00" data-testid="ome-not-on-formulary">
              Not on the formulary, not counted in the OME: {ome.headline.notOnFormulary.join(', ')}
            </Text>
          )}
          {ome.headline.planned.length > 0 && (
            <Text size="sm" data-testid="ome-planned">
              Planned, not counted today:{' '}
              {ome.headline.planned.map((p) => `${p.name} (starts ${formatDateGb(p.startDate)})`).join(', ')}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {ome.ruleSet.name} v{ome.ruleSet.version}
          </Text>
          <Text size="xs" c="dimmed" data-testid="ome-flag-rules">
            Flags checked against{' '}
            <span title={ruleSetTitle(ome.thresholdRuleSet)}>{ruleSetLabel(ome.thresholdRuleSet)}</span> and{' '}
            <span title={ruleSetTitle(ome.combinationRuleSet)}>{ruleSetLabel(ome.combinationRuleSet)}</span>
          </Text>
        </div>
        <Stack gap={4} maw={620}>
          {ome.flags.length === 0 && ome.cautions.length === 0 && <Text c="dimmed">No flags.</Text>}
          {ome.flags.map((f) => {
            const serious = f.code.startsWith('OME_');
            return (
              <Paper key={f.code} withBorder p="xs" bg={serious ? 'red.0' : 'orange.0'} role="note">
                <Text size="sm" fw={700} c={serious ? 'red.9' : '#8f3b00'}>
                  {flagTitle(f.code, thresholds)}
                </Text>
                <Text size="sm">{f.message}</Text>
                <Text size="xs" c="dark.6">
                  Source: {f.source} ({ruleSetLabel(f.ruleSet)})
                </Text>
              </Paper>
            );
          })}
          {ome.cautions.map((c) => (
            <Paper key={c} withBorder p="xs" bg="orange.0" role="note">
              <Text size="sm" c="#8f3b00" fw={700}>
                {c}
              </Text>
            </Paper>
          ))}
        </Stack>
      </Group>
    </Paper>
  );
}

function StopForm({ entry, onDone }: { entry: MedicineEntry; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [date, setDate] = useState(londonToday());
  const [reason, setReason] = useState('');
  const stop = useMutation({
    mutationFn: () =>
      api.call('meds:stop', { itemId: entry.itemId, version: entry.version, stoppedOn: date, reason }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['meds:patient', entry.patientId] });
      onDone();
    },
  });
  const fields = serverFieldErrors(stop.error);
  return (
    <Group align="flex-end">
      <DateField label="Stopped on" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
      <TextInput
        label="Reason for stopping"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={fields.reason}
      />
      <Button color="red.9" onClick={() => stop.mutate()} loading={stop.isPending}>
        Stop {entry.name}
      </Button>
      <Button variant="default" onClick={onDone}>
        Cancel
      </Button>
      {stop.error && !fields.reason && <Text c="red.9">{stop.error.message}</Text>}
    </Group>
  );
}

/** The Medicines tab of a patient record. */
export function PatientMedicines({ patient }: { patient: Patient }) {
  const session = useSession();
  const [adding, setAdding] = useState(false);
  const [recordingUse, setRecordingUse] = useState(false);
  const [open, setOpen] = useState<{
    id: number;
    kind: 'ome' | 'stop' | 'plan' | 'change' | 'switch';
  } | null>(null);
  const thresholds = useOmeThresholds() ?? [];
  const q = useQuery({
    queryKey: ['meds:patient', patient.id],
    queryFn: () => api.call('meds:patient', { patientId: patient.id }),
  });
  if (q.isPending) return <Loader aria-label="Loading medicines" />;
  if (q.isError)
    return (
      <Alert color="red" variant="outline" c="red.9">
        {q.error.message}
      </Alert>
    );
  const m = q.data;
  const canWrite = session.can('medicines.write');
  const canPlan = session.can('taper.manage');
  const toggle = (id: number, kind: 'ome' | 'stop' | 'plan' | 'change' | 'switch') =>
    setOpen(open?.id === id && open.kind === kind ? null : { id, kind });
  return (
    <Stack>
      <OmeSummaryCard ome={m.ome} thresholds={thresholds} />
      <Group justify="space-between">
        <Title order={2} size="h3">
          Current medicines
        </Title>
        {canWrite && !adding && (
          <Button color="brand" onClick={() => setAdding(true)}>
            Add medicine
          </Button>
        )}
      </Group>
      {adding && <MedicineForm patientId={patient.id} onDone={() => setAdding(false)} />}
      {m.current.length === 0 ? (
        <Text c="dimmed">No current medicines recorded.</Text>
      ) : (
        <Table withTableBorder aria-label="Current medicines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Medicine</Table.Th>
              <Table.Th>Dose</Table.Th>
              <Table.Th>Prescriber</Table.Th>
              <Table.Th>Started</Table.Th>
              <Table.Th>Indication</Table.Th>
              <Table.Th>OME mg/24h</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {m.current.map((e) => (
              <Fragment key={e.id}>
                <Table.Tr>
                  <Table.Td>
                    <Text fw={600}>{e.written?.brand ? `${e.written.brand} (${e.name})` : e.name}</Text>
                    {e.notOnFormulary ? (
                      <Badge color="orange" variant="outline" c="#8f3b00">
                        Not on the formulary: not counted in the OME
                      </Badge>
                    ) : (
                      <Text size="xs" c="dimmed">
                        {e.written?.strength ?? e.strength} · {e.route}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed" data-testid="dmd-code">
                      {dmdText(e)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {e.written ? (
                      <>
                        <Text size="sm">{e.written.text.replace(/ \(.*\)$/, '')}</Text>
                        <Text size="xs" c="dark.6">
                          {writtenMeans(e)}
                        </Text>
                      </>
                    ) : (
                      e.doseText
                    )}
                    <LatestTakenNote entry={e} />
                  </Table.Td>
                  <Table.Td>{PRESCRIBER_LABELS[e.prescriber]}</Table.Td>
                  <Table.Td>
                    {formatDateGb(e.startDate)}
                    {e.planned && (
                      <Badge ml={4} color="gray" variant="outline">
                        Planned: not counted yet
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{e.indication}</Table.Td>
                  <Table.Td>
                    {e.ome ? (
                      <Button
                        variant="default"
                        size="compact-sm"
                        aria-expanded={open?.id === e.id && open.kind === 'ome'}
                        onClick={() => toggle(e.id, 'ome')}
                        aria-label={`${omeText(e)}: show the arithmetic for ${e.name}`}
                      >
                        {omeText(e)}
                      </Button>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {canPlan && !e.notOnFormulary && (
                        <Button size="compact-sm" variant="default" onClick={() => toggle(e.id, 'plan')}>
                          Plan a taper
                        </Button>
                      )}
                      {canPlan && canSwitchToDiazepam(e) && (
                        <Button size="compact-sm" variant="default" onClick={() => toggle(e.id, 'switch')}>
                          Switch to diazepam
                        </Button>
                      )}
                      {canWrite && (
                        <Button size="compact-sm" variant="default" onClick={() => toggle(e.id, 'change')}>
                          Change
                        </Button>
                      )}
                      {canWrite && (
                        <Button
                          size="compact-sm"
                          variant="default"
                          c="red.9"
                          onClick={() => toggle(e.id, 'stop')}
                        >
                          Stop
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
                {open?.id === e.id && (
                  <Table.Tr>
                    <Table.Td colSpan={7} bg="gray.0">
                      {open.kind === 'ome' && e.ome && (
                        <Stack gap={2} aria-label={`OME arithmetic for ${e.name}`}>
                          <Text size="sm">Daily dose: {e.ome.dailyExplanation}</Text>
                          <Text size="sm" fw={600}>
                            {e.ome.explanation}
                          </Text>
                          <Text size="sm">
                            Factor: {e.ome.factor ?? 'none'} · Source: {e.ome.source}
                          </Text>
                          {e.ome.reason && <Text size="sm">{e.ome.reason}</Text>}
                        </Stack>
                      )}
                      {open.kind === 'stop' && <StopForm entry={e} onDone={() => setOpen(null)} />}
                      {open.kind === 'change' && (
                        <MedicineForm patientId={patient.id} entry={e} onDone={() => setOpen(null)} />
                      )}
                      {open.kind === 'plan' && (
                        <PlanForm patientId={patient.id} entry={e} onDone={() => setOpen(null)} />
                      )}
                      {open.kind === 'switch' && (
                        <SwitchToDiazepamForm entry={e} onDone={() => setOpen(null)} />
                      )}
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      )}

      <MedicineChecksPanel patientId={patient.id} view={m.checks} canWrite={canWrite} />

      <CdcComparisonCard cdc={m.cdcComparison} />

      <Group justify="space-between">
        <Title order={2} size="h3">
          OME at reviews (as-needed doses at the amount taken)
        </Title>
        {canWrite && !recordingUse && m.current.some((e) => e.doseKind === 'prn') && (
          <Button variant="default" onClick={() => setRecordingUse(true)}>
            Record as-needed use
          </Button>
        )}
      </Group>
      {recordingUse && (
        <PrnUseForm
          patientId={patient.id}
          prn={m.current.filter((e) => e.doseKind === 'prn')}
          onDone={() => setRecordingUse(false)}
        />
      )}
      <ReviewsList reviews={m.reviews} />

      <Title order={2} size="h3">
        Deprescribing plans
      </Title>
      {m.plans.length === 0 ? (
        <Text c="dimmed">No plans.</Text>
      ) : (
        <List>
          {m.plans.map((p) => (
            <List.Item key={p.id}>
              <Anchor href={`#/medicines/plans/${p.id}`}>
                {p.medicineName}: {p.goal === 'stop' ? 'stop' : `reduce to ${p.targetDose} ${p.unit}`}
              </Anchor>{' '}
              <Badge variant="filled" color="brand.9">
                {PLAN_STATUS_LABELS[p.status]}
              </Badge>{' '}
              {p.nextReviewDate && (
                <Text span size="sm">
                  next review {formatDateGb(p.nextReviewDate)}
                </Text>
              )}
              {p.holds + p.stepBacks > 0 && (
                <Text span size="sm" c="#8f3b00">
                  {' '}
                  · held {p.holds}, stepped back {p.stepBacks}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}

      <Title order={2} size="h3">
        OME over time
      </Title>
      <OmeChart series={m.omeSeries} thresholds={thresholds.map((t) => t.mgPer24h)} />

      {(m.stopped.length > 0 || m.history.length > 0) && (
        <>
          <Title order={2} size="h3">
            Stopped medicines and earlier versions
          </Title>
          <Table withTableBorder aria-label="Medicine history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Medicine</Table.Th>
                <Table.Th>Dose</Table.Th>
                <Table.Th>From</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Recorded by</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...m.stopped, ...m.history].map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    {e.name} (v{e.version})
                  </Table.Td>
                  <Table.Td>{e.doseText}</Table.Td>
                  <Table.Td>{formatDateGb(e.effectiveFrom)}</Table.Td>
                  <Table.Td>
                    {e.status === 'stopped' ? `Stopped ${formatDateGb(e.stoppedOn ?? '')}` : 'Superseded'}
                  </Table.Td>
                  <Table.Td>{e.changeReason ?? ''}</Table.Td>
                  <Table.Td>{e.recordedBy ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
