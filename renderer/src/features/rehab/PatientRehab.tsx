import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatGasTScore } from '../../../../shared/clinical/rehab/gas';
import { MEASURES, type MeasureId } from '../../../../shared/clinical/rehab/measures';
import { formatDateGb } from '../../../../shared/dates';
import type { Patient } from '../../../../shared/domain/patient';
import {
  LIFE_DOMAIN_LABELS,
  PATHWAY_LABELS,
  TIME_POINT_LABELS,
  type MeasureResponse,
  type RehabPlan,
  type RehabSummary,
} from '../../../../shared/domain/rehab';
import { api } from '../../api/client';
import { MdtDraftList } from '../mdt/ActionLinks';
import { useSession } from '../../app/session';
import { CarryPlanForm } from './CarryPlan';
import { TrendChart } from './Charts';
import { GoalForm, MeasureForm, PlanDatesForm, ReviewForm, StartPlanForm } from './forms';
import { PatientGroups } from './Groups';
import { QueryFallback } from './kit';
import { PatientSocial } from './Social';

const signedT = (v: number) => `${v >= 0 ? '+' : '−'}${formatGasTScore(Math.abs(v))}`;

function SafetyAlerts({ measures }: { measures: MeasureResponse[] }) {
  const latestPhq = [...measures].reverse().find((m) => m.measure === 'PHQ-9');
  const alerts = latestPhq?.score.alerts ?? [];
  if (!latestPhq || alerts.length === 0) return null;
  return (
    <Alert
      color="red.9"
      variant="filled"
      role="alert"
      title={`PHQ-9 item 9 alert (${formatDateGb(latestPhq.administeredOn)})`}
    >
      {alerts.map((a) => (
        <Text key={a} fw={600}>
          {a}
        </Text>
      ))}
    </Alert>
  );
}

function Goals({ plan }: { plan: RehabPlan }) {
  if (plan.goals.length === 0) return <Text c="dimmed">No goals yet.</Text>;
  const lastReview = plan.reviews[plan.reviews.length - 1];
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      {plan.goals.map((g, i) => {
        const rating = lastReview?.ratings.find((r) => r.goalId === g.id);
        return (
          <Card key={g.id} withBorder component="article" aria-label={`Goal ${i + 1}`}>
            <Group justify="space-between" mb="xs">
              <Text fw={700}>
                Goal {i + 1}: {g.activity}
              </Text>
              <Badge color="brand" variant="light">
                {LIFE_DOMAIN_LABELS[g.domain]}
              </Badge>
            </Group>
            <Text fs="italic">“{g.whatMatters}”</Text>
            <Text size="sm" mt="xs">
              Measure: {g.measure}. Target: {g.target} by {formatDateGb(g.targetDate)}.
              {g.ownerName ? ` Owner: ${g.ownerName}.` : ''}
              {g.weight ? ` Weight ${g.weight}.` : ''}
            </Text>
            <Table mt="xs" fz="sm" withRowBorders={false}>
              <tbody>
                {(
                  [
                    ['+2', g.levels.plus2, 2],
                    ['+1', g.levels.plus1, 1],
                    ['0', g.levels.zero, 0],
                    ['−1', g.levels.minus1, -1],
                    ['−2', g.levels.minus2, -2],
                  ] as const
                ).map(([label, text, level]) => (
                  <tr key={label} style={rating?.level === level ? { background: '#e3eefa' } : undefined}>
                    <td style={{ width: 36, fontWeight: 700 }}>{label}</td>
                    <td>
                      {text}
                      {g.baseline === level ? ' (baseline)' : ''}
                      {rating?.level === level ? ' ← latest review' : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}

function GasReviews({ plan }: { plan: RehabPlan }) {
  const [shown, setShown] = useState<number | null>(null);
  if (plan.reviews.length === 0) return <Text c="dimmed">No reviews yet.</Text>;
  const baseline = plan.reviews[0]?.baselineTScore ?? null;
  const firstSet = plan.goals.map((g) => g.setOn).sort()[0];
  return (
    <Stack>
      <TrendChart
        title="GAS T-score over reviews"
        min={20}
        max={80}
        higherIsBetter
        valueLabel="T-score"
        bands={[
          { min: 20, max: 50, label: 'below expected' },
          { min: 50, max: 80, label: 'as expected or better' },
        ]}
        points={[
          ...(baseline !== null && firstSet
            ? [
                {
                  date: firstSet,
                  value: Math.round(baseline * 10) / 10,
                  label: 'baseline',
                },
              ]
            : []),
          ...plan.reviews.map((r) => ({
            date: r.reviewDate,
            value: r.tScore === null ? null : Math.round(r.tScore * 10) / 10,
            label: r.label,
          })),
        ]}
      />
      <Table striped aria-label="GAS reviews">
        <thead>
          <tr>
            <th>Review</th>
            <th>GAS T-score</th>
            <th>Baseline T</th>
            <th>Change since baseline</th>
            <th>Notes and patient’s view</th>
            <th>Arithmetic</th>
          </tr>
        </thead>
        <tbody>
          {plan.reviews.map((r) => (
            <tr key={r.id}>
              <td>{formatDateGb(r.reviewDate)}</td>
              <td>
                {r.label}
                {r.noProgress && (
                  <Badge color="red.9" ml="xs">
                    No progress
                  </Badge>
                )}
              </td>
              <td>{r.baselineTScore === null ? '—' : formatGasTScore(r.baselineTScore)}</td>
              <td>{r.change === null ? '—' : signedT(r.change)}</td>
              <td>
                {r.notes ?? ''}
                {r.patientView ? ` Patient: “${r.patientView}”` : ''}
              </td>
              <td>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  onClick={() => setShown(shown === r.id ? null : r.id)}
                >
                  {shown === r.id ? 'Hide the arithmetic' : 'Show the arithmetic'}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {shown !== null && (
        <Card withBorder aria-label="GAS arithmetic">
          <pre style={{ whiteSpace: 'pre-wrap', margin: 0, fontSize: 13 }}>
            {plan.reviews.find((r) => r.id === shown)?.arithmetic}
          </pre>
          <Text size="xs" c="dimmed" mt="xs">
            Rule set {plan.reviews.find((r) => r.id === shown)?.ruleSet.id} version{' '}
            {plan.reviews.find((r) => r.id === shown)?.ruleSet.version}: Kiresuk &amp; Sherman, Turner-Stokes
            2009 (erratum).
          </Text>
        </Card>
      )}
    </Stack>
  );
}

function MeasureTrends({ summary }: { summary: RehabSummary }) {
  const byMeasure = new Map<MeasureId, MeasureResponse[]>();
  for (const m of summary.measures) byMeasure.set(m.measure, [...(byMeasure.get(m.measure) ?? []), m]);
  if (byMeasure.size === 0) return <Text c="dimmed">No outcome measures recorded yet.</Text>;
  return (
    <SimpleGrid cols={{ base: 1, xl: 2 }}>
      {[...byMeasure.entries()].map(([measure, list]) => {
        const def = MEASURES[measure];
        return (
          <Card key={measure} withBorder component="section" aria-label={`${measure} trend`}>
            <TrendChart
              title={`${measure}: ${def.total.description}`}
              min={def.total.min}
              max={def.total.max}
              bands={def.bands}
              higherIsBetter={def.higherIsBetter}
              points={list.map((m) => ({
                date: m.administeredOn,
                value: m.score.total,
                ...(m.score.band ? { label: m.score.band } : {}),
              }))}
            />
            <Table fz="sm" mt="xs" aria-label={`${measure} administrations`}>
              <thead>
                <tr>
                  <th>Date</th>
                  <th>Point</th>
                  <th>Score</th>
                  <th>Change from first</th>
                </tr>
              </thead>
              <tbody>
                {list.map((m) => (
                  <tr key={m.id}>
                    <td>{formatDateGb(m.administeredOn)}</td>
                    <td>{TIME_POINT_LABELS[m.timePoint]}</td>
                    <td>
                      {m.score.total === null ? (
                        <Text size="sm" c="red.9">
                          Not scored: {m.score.reason}
                        </Text>
                      ) : (
                        <>
                          {m.score.total}
                          {m.score.band ? ` (${m.score.band})` : ''}
                        </>
                      )}
                    </td>
                    <td>
                      {m.changeFromFirst ? (
                        <>
                          {m.changeFromFirst.meaningful && (
                            <Badge color={m.changeFromFirst.improved ? 'brand' : 'red.9'} mr={4}>
                              {m.changeFromFirst.improved
                                ? 'Meaningful improvement'
                                : 'Meaningful deterioration'}
                            </Badge>
                          )}
                          <Text size="xs">{m.changeFromFirst.explanation}</Text>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}

function Psfs({ summary }: { summary: RehabSummary }) {
  if (summary.psfs.length === 0) return null;
  return (
    <Table aria-label="PSFS activities">
      <thead>
        <tr>
          <th>PSFS activity</th>
          <th>Ratings (0–10)</th>
          <th>Change against the minimal detectable change</th>
        </tr>
      </thead>
      <tbody>
        {summary.psfs.map((a) => (
          <tr key={a.activity}>
            <td>{a.activity}</td>
            <td>{a.points.map((p) => `${p.rating} (${formatDateGb(p.date)})`).join(' → ')}</td>
            <td>{a.change ? a.change.explanation : 'Needs a second rating'}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function Due({ summary }: { summary: RehabSummary }) {
  if (summary.due.length === 0) return null;
  return (
    <Table aria-label="Measures due">
      <thead>
        <tr>
          <th>Collection point</th>
          <th>Due</th>
          <th>Status</th>
          <th>Outstanding</th>
        </tr>
      </thead>
      <tbody>
        {summary.due.map((d) => (
          <tr key={d.timePointId}>
            <td>{d.label}</td>
            <td>{d.dueDate ? formatDateGb(d.dueDate) : '—'}</td>
            <td>{d.status}</td>
            <td>{d.outstanding.join(', ') || '—'}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The Rehab tab of a patient record: plan, goals, GAS reviews, outcome measures and what is due. */
export function PatientRehab({ patient }: { patient: Patient }) {
  const session = useSession();
  const canWrite = session.can('rehab.write');
  const [mode, setMode] = useState<'none' | 'goal' | 'review' | 'measure' | 'dates' | 'carry'>('none');
  const [lastSaved, setLastSaved] = useState<MeasureResponse | null>(null);
  const [carried, setCarried] = useState<RehabPlan | null>(null);
  const q = useQuery({
    queryKey: ['rehab:summary', patient.id],
    queryFn: () => api.call('rehab:summary', { patientId: patient.id }),
  });
  if (!q.isSuccess) return <QueryFallback q={q} loading="Loading rehab" />;
  const summary = q.data;
  const plan = summary.plans.find((p) => p.status === 'active') ?? summary.plans[0];
  return (
    <Stack>
      <MdtDraftList module="rehab" patientId={patient.id} />
      <SafetyAlerts measures={summary.measures} />
      {summary.noProgress && (
        <Alert color="orange" title="Goals reviewed with no progress">
          The latest review found no progress on any rated goal; consider discussing at the MDT.
        </Alert>
      )}
      {!plan ? (
        canWrite ? (
          <StartPlanForm patient={patient} />
        ) : (
          <Text c="dimmed">No rehab plan yet.</Text>
        )
      ) : (
        <>
          <Group justify="space-between">
            <div>
              <Title order={2} size="h3">
                Rehab plan: {PATHWAY_LABELS[plan.pathway]}
              </Title>
              <Text size="sm" c="dimmed">
                Referral {plan.referralDate ? formatDateGb(plan.referralDate) : 'not recorded'} · start of
                treatment {plan.treatmentStartDate ? formatDateGb(plan.treatmentStartDate) : 'not recorded'} ·
                discharge {plan.dischargeDate ? formatDateGb(plan.dischargeDate) : 'not recorded'}
                {plan.status === 'closed' ? ' · closed' : ''}
              </Text>
            </div>
            {canWrite && plan.status === 'active' && (
              <Group>
                <Button variant="default" onClick={() => setMode('dates')}>
                  Plan dates
                </Button>
                <Button onClick={() => setMode('goal')}>Add a goal</Button>
                <Button onClick={() => setMode('review')} disabled={plan.goals.length === 0}>
                  Review goals
                </Button>
                <Button
                  onClick={() => {
                    setLastSaved(null);
                    setMode('measure');
                  }}
                >
                  Record a measure
                </Button>
                <Button
                  variant="default"
                  onClick={() => {
                    setCarried(null);
                    setMode('carry');
                  }}
                >
                  Carry goals into a new plan
                </Button>
              </Group>
            )}
          </Group>
          {mode === 'dates' && <PlanDatesForm plan={plan} onDone={() => setMode('none')} />}
          {mode === 'goal' && <GoalForm plan={plan} onDone={() => setMode('none')} />}
          {mode === 'review' && <ReviewForm plan={plan} onDone={() => setMode('none')} />}
          {mode === 'carry' && (
            <CarryPlanForm
              plan={plan}
              onDone={(next) => {
                setCarried(next);
                setMode('none');
              }}
            />
          )}
          {carried && (
            <Alert color="brand" title="New plan started" role="status">
              {PATHWAY_LABELS[carried.pathway]} plan started with {carried.goals.length} goal
              {carried.goals.length === 1 ? '' : 's'} carried forward; the previous plan is closed.
            </Alert>
          )}
          {mode === 'measure' && (
            <MeasureForm
              plan={plan}
              psfsActivities={
                [...summary.measures].reverse().find((m) => m.measure === 'PSFS' && m.activities.length > 0)
                  ?.activities ?? []
              }
              onDone={(r) => {
                setLastSaved(r);
                setMode('none');
              }}
            />
          )}
          {lastSaved && (
            <Alert color="brand" title={`${lastSaved.measure} saved`} role="status">
              {lastSaved.score.total === null
                ? `Not scored: ${lastSaved.score.reason}`
                : `Score ${lastSaved.score.total}${lastSaved.score.band ? ` (${lastSaved.score.band})` : ''}.`}{' '}
              Rule set {lastSaved.ruleSet.id} {lastSaved.ruleSet.version}.
            </Alert>
          )}
          <Title order={3} size="h4">
            Goals
          </Title>
          <Goals plan={plan} />
          <Title order={3} size="h4">
            Goal Attainment Scaling
          </Title>
          <GasReviews plan={plan} />
        </>
      )}
      <Title order={3} size="h4">
        Outcome measures
      </Title>
      <MeasureTrends summary={summary} />
      <Psfs summary={summary} />
      {summary.due.length > 0 && (
        <>
          <Title order={3} size="h4">
            Measures due
          </Title>
          <Due summary={summary} />
        </>
      )}
      <PatientGroups patient={patient} />
      <PatientSocial patient={patient} measures={summary.measures} />
    </Stack>
  );
}
