import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { formatGasTScore } from '../../../../shared/clinical/rehab/gas';
import { MEASURES, type MeasureId } from '../../../../shared/clinical/rehab/measures';
import { changeBadge, describeScore, formatScore } from '../../../../shared/clinical/rehab/display';
import { formatDateGb } from '../../../../shared/dates';
import type { Patient } from '../../../../shared/domain/patient';
import type { MeasureSetResult } from '../../../../shared/domain/rehab-set';
import {
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
import { MeasureForm, PlanDatesForm, ReviewForm, StartPlanForm } from './forms';
import { GoalForm } from './GoalForm';
import { Goals } from './Goals';
import { MeasureSetForm, MeasureSetSaved } from './MeasureSet';
import { PatientGroups } from './Groups';
import { QueryFallback } from './kit';
import { PatientSocial } from './Social';
import { EnteredInErrorAction, EnteredInErrorNote, struck } from './Corrections';
import { RiskAlertsPanel } from './RiskAlerts';

const signedT = (v: number) => `${v >= 0 ? '+' : '−'}${formatGasTScore(Math.abs(v))}`;

function GasReviews({ plan, canWrite }: { plan: RehabPlan; canWrite: boolean }) {
  const [shown, setShown] = useState<number | null>(null);
  if (plan.reviews.length === 0) return <Text c="dimmed">No reviews yet.</Text>;
  const counted = plan.reviews.filter((r) => r.enteredInError === null);
  const baseline = counted[0]?.baselineTScore ?? null;
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
          ...counted.map((r) => ({
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
            <tr key={r.id} style={r.enteredInError ? struck : undefined}>
              <td>{formatDateGb(r.reviewDate)}</td>
              <td>
                {r.label}
                {r.enteredInError && <EnteredInErrorNote error={r.enteredInError} />}
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
                {canWrite && plan.status === 'active' && !r.enteredInError && (
                  <EnteredInErrorAction target="review" id={r.id} patientId={plan.patientId} />
                )}
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
            GAS rule set version {plan.reviews.find((r) => r.id === shown)?.ruleSet.version}: Kiresuk &amp;
            Sherman, Turner-Stokes 2009 (erratum).
          </Text>
        </Card>
      )}
    </Stack>
  );
}

function MeasureTrends({
  measures,
  patientId,
  canWrite,
}: {
  measures: MeasureResponse[];
  patientId: number;
  canWrite: boolean;
}) {
  const byMeasure = new Map<MeasureId, MeasureResponse[]>();
  for (const m of measures) byMeasure.set(m.measure, [...(byMeasure.get(m.measure) ?? []), m]);
  if (byMeasure.size === 0) return <Text c="dimmed">No outcome measures recorded yet.</Text>;
  return (
    <SimpleGrid cols={{ base: 1, xl: 2 }}>
      {[...byMeasure.entries()].map(([measure, list]) => {
        const def = MEASURES[measure];
        const counted = list.filter((m) => m.enteredInError === null);
        const round = (v: number | null | undefined) =>
          v === null || v === undefined ? null : Number(formatScore(measure, v));
        return (
          <Card key={measure} withBorder component="section" aria-label={`${measure} trend`}>
            <TrendChart
              title={`${measure}: ${def.total.description}`}
              min={def.total.min}
              max={def.total.max}
              bands={def.bands}
              higherIsBetter={def.higherIsBetter}
              points={counted.map((m) => ({
                date: m.administeredOn,
                value: round(m.score.total),
                ...(m.score.band ? { label: m.score.band } : {}),
              }))}
            />
            {measure === 'BPI' && (
              <TrendChart
                title="BPI pain interference: mean of the 7 interference answers"
                min={0}
                max={10}
                higherIsBetter={false}
                points={counted.map((m) => ({
                  date: m.administeredOn,
                  value: round(m.score.subscales?.interference),
                }))}
              />
            )}
            {measure === 'SWEMWBS' && (
              <TrendChart
                title="SWEMWBS converted score (Rasch metric, 7–35)"
                min={7}
                max={35}
                higherIsBetter
                points={counted.map((m) => ({
                  date: m.administeredOn,
                  value: m.score.metric === undefined ? null : Math.round(m.score.metric * 100) / 100,
                }))}
              />
            )}
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
                {list.map((m) => {
                  const badge = m.changeFromFirst ? changeBadge(m.changeFromFirst) : null;
                  return (
                    <tr key={m.id}>
                      <td style={{ whiteSpace: 'nowrap', ...(m.enteredInError ? struck : {}) }}>
                        {formatDateGb(m.administeredOn)}
                      </td>
                      <td style={m.enteredInError ? struck : undefined}>{TIME_POINT_LABELS[m.timePoint]}</td>
                      <td>
                        <span style={m.enteredInError ? struck : undefined}>
                          {m.score.total === null && measure !== 'BPI' && measure !== 'EQ-5D-5L' ? (
                            <Text span size="sm" c="red.9">
                              Not scored: {m.score.reason}
                            </Text>
                          ) : (
                            describeScore(measure, m.score)
                          )}
                        </span>
                        {m.score.prompts?.map((pr) => (
                          <Text key={pr} size="xs" c="red.9" fw={600}>
                            {pr}
                          </Text>
                        ))}
                        {m.enteredInError && <EnteredInErrorNote error={m.enteredInError} />}
                        {canWrite && !m.enteredInError && (
                          <EnteredInErrorAction target="measure" id={m.id} patientId={patientId} />
                        )}
                      </td>
                      <td>
                        {m.changeFromFirst ? (
                          <>
                            {badge && (
                              <Badge color={badge.good ? 'brand' : 'red.9'} mr={4}>
                                {badge.label}
                              </Badge>
                            )}
                            <Text size="xs">{m.changeFromFirst.explanation}</Text>
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  );
                })}
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
/** The tab's other reads (groups, social prescribing), started with the summary they would otherwise wait on. */
function usePrefetchPatientRehab(patientId: number) {
  const qc = useQueryClient();
  useEffect(() => {
    void qc.prefetchQuery({
      queryKey: ['rehab:patientGroups', patientId],
      queryFn: () => api.call('rehab:patientGroups', { patientId }),
    });
    void qc.prefetchQuery({
      queryKey: ['rehab:spReferrals', patientId],
      queryFn: () => api.call('rehab:spReferrals', { patientId }),
    });
  }, [qc, patientId]);
}

export function PatientRehab({ patient }: { patient: Patient }) {
  const session = useSession();
  const canWrite = session.can('rehab.write');
  const [mode, setMode] = useState<'none' | 'goal' | 'review' | 'measure' | 'set' | 'dates' | 'carry'>(
    'none',
  );
  const [setSaved, setSetSaved] = useState<MeasureSetResult | null>(null);
  const [lastSaved, setLastSaved] = useState<MeasureResponse | null>(null);
  const [carried, setCarried] = useState<RehabPlan | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [newEpisode, setNewEpisode] = useState(false);
  const q = useQuery({
    queryKey: ['rehab:summary', patient.id],
    queryFn: () => api.call('rehab:summary', { patientId: patient.id }),
  });
  // Asked for with the summary, not after it arrives (no request waterfall; issue 18).
  usePrefetchPatientRehab(patient.id);
  if (!q.isSuccess)
    return (
      <Stack>
        <MdtDraftList module="rehab" patientId={patient.id} />
        <RiskAlertsPanel patientId={patient.id} />
        <QueryFallback q={q} loading="Loading rehab" />
      </Stack>
    );
  const summary = q.data;
  const active = summary.plans.find((p) => p.status === 'active');
  // The plan shown: the one chosen in the plan selector, else the active one, else the latest.
  const plan = summary.plans.find((p) => p.id === selectedId) ?? active ?? summary.plans[0];
  const planMeasures = plan
    ? summary.measures.filter((m) => m.planId === plan.id || m.planId === null)
    : summary.measures;
  return (
    <Stack>
      <MdtDraftList module="rehab" patientId={patient.id} />
      <RiskAlertsPanel patientId={patient.id} />
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
          {summary.plans.length > 1 && (
            <NativeSelect
              label="Plan (episode of care)"
              w={480}
              value={String(plan.id)}
              onChange={(e) => setSelectedId(Number(e.currentTarget.value))}
              data={summary.plans.map((p) => ({
                value: String(p.id),
                label:
                  `${PATHWAY_LABELS[p.pathway]}, referral ` +
                  `${p.referralDate ? formatDateGb(p.referralDate) : 'not recorded'} ` +
                  `(${p.status === 'active' ? 'current' : 'closed'})`,
              }))}
            />
          )}
          {!active && canWrite && (
            <Alert color="gray" title="No current plan">
              <Text size="sm" mb="xs">
                Every plan of this patient is closed. Start a new plan (a new episode of care) to add goals
                and record measures; the earlier plans stay here, chosen from the plan list.
              </Text>
              {newEpisode ? (
                <StartPlanForm patient={patient} newEpisode onDone={() => setNewEpisode(false)} />
              ) : (
                <Button onClick={() => setNewEpisode(true)}>Start a new plan</Button>
              )}
            </Alert>
          )}
          <Group justify="space-between">
            <div>
              <Title order={2} size="h3">
                Rehab plan: {PATHWAY_LABELS[plan.pathway]}
                {plan.status === 'closed' ? ' (closed)' : ''}
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
                  onClick={() => {
                    setSetSaved(null);
                    setMode('set');
                  }}
                >
                  Record a collection point’s set
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
          {mode === 'set' && (
            <MeasureSetForm
              plan={plan}
              onDone={(r) => {
                setSetSaved(r);
                setMode('none');
              }}
            />
          )}
          {setSaved && (
            <Alert color="brand" title="Questionnaires saved" role="status">
              <MeasureSetSaved result={setSaved} />
            </Alert>
          )}
          {lastSaved && (
            <Alert color="brand" title={`${lastSaved.measure} saved`} role="status">
              {lastSaved.score.total === null && !lastSaved.score.profile
                ? `Not scored: ${lastSaved.score.reason}`
                : `Score: ${describeScore(lastSaved.measure, lastSaved.score)}.`}{' '}
              Outcome measure rule set version {lastSaved.ruleSet.version}.
              {lastSaved.score.prompts?.map((pr) => (
                <Text key={pr} fw={700} c="red.9">
                  {pr}
                </Text>
              ))}
            </Alert>
          )}
          <Title order={3} size="h4">
            Goals
          </Title>
          <Goals plan={plan} canWrite={canWrite} />
          <Title order={3} size="h4">
            Goal Attainment Scaling
          </Title>
          <GasReviews plan={plan} canWrite={canWrite} />
        </>
      )}
      <Title order={3} size="h4">
        Outcome measures
      </Title>
      <MeasureTrends measures={planMeasures} patientId={patient.id} canWrite={canWrite} />
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
