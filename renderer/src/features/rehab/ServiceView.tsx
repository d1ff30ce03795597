import {
  Button,
  Card,
  Group,
  Loader,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { DateField } from '../../app/DateField';
import { useVirtualRows } from '../../app/VirtualTable';
import { RiskWorklist } from './RiskAlerts';
import { ServicePeriodView } from './ServicePeriod';
import { periodChoices } from '../../../../shared/domain/rehab-service';
import { toCsv } from '../../../../shared/csv';
import { londonToday, formatDateGb } from '../../../../shared/dates';
import { PATHWAY_LABELS, PATHWAYS, type Pathway } from '../../../../shared/domain/rehab';
import { formatNhsNumber } from '../../../../shared/nhs-number';
import { api } from '../../api/client';
import { screenQueries } from '../../api/screenQueries';
import { MdtDraftList } from '../mdt/ActionLinks';
import { PercentBars } from './Charts';
import { GroupsHome } from './Groups';
import { QueryFallback } from './kit';
import { SocialServiceList } from './Social';

const pathwayLabel = (p: Pathway | 'all') => (p === 'all' ? 'All pathways' : PATHWAY_LABELS[p]);

/**
 * Printing the service outcomes (all time or a period): the figures only, without the app's header,
 * navigation, tabs, choices and buttons (the summary line names the period and pathway). Found by
 * tests/e2e/rehab-service.test.ts: before, the page printed with the buttons and the whole app around it.
 */
const SERVICE_PRINT_CSS = `
@media print {
  @page { size: A4; margin: 15mm; }
  header, nav, .no-print, .mantine-AppShell-header, .mantine-AppShell-navbar, .mantine-Tabs-list { display: none !important; }
  .mantine-AppShell-main { padding: 0 !important; background: white !important; }
}
`;

function Outcomes() {
  const [pathway, setPathway] = useState<Pathway | ''>('');
  const [periods] = useState(() => periodChoices(londonToday()));
  const [periodValue, setPeriodValue] = useState('');
  const period = periods.find((p) => p.value === periodValue) ?? null;
  const q = useQuery({
    queryKey: ['rehab:serviceOutcomes', pathway],
    queryFn: () => api.call('rehab:serviceOutcomes', { pathway: pathway === '' ? null : pathway }),
  });
  return (
    <Stack>
      <style>{SERVICE_PRINT_CSS}</style>
      <NativeSelect
        className="no-print"
        label="Pathway"
        w={320}
        value={pathway}
        onChange={(e) => setPathway(e.currentTarget.value as Pathway | '')}
        data={[
          { value: '', label: 'All pathways' },
          ...PATHWAYS.map((p) => ({ value: p, label: PATHWAY_LABELS[p] })),
        ]}
      />
      <NativeSelect
        className="no-print"
        label="Period"
        w={420}
        value={periodValue}
        onChange={(e) => setPeriodValue(e.currentTarget.value)}
        data={[{ value: '', label: 'All time' }, ...periods.map((p) => ({ value: p.value, label: p.label }))]}
      />
      {period && <ServicePeriodView period={period} pathway={pathway} />}
      {!period && <QueryFallback q={q} loading="Loading outcomes" />}
      {!period && q.data && (
        <>
          <Text size="sm" c="dimmed">
            Patients with a scored first and latest administration; meaningful change by each measure’s own
            threshold (outcome measure rule set version {q.data.ruleSet.version}). {q.data.noProgressPatients}{' '}
            patients’ latest goal review showed no progress.
          </Text>
          {q.data.rows.length === 0 && (
            <Text>No patient has a scored first and later administration of any measure yet.</Text>
          )}
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              Patients with a meaningful improvement (
              {pathway === '' ? 'all pathways' : PATHWAY_LABELS[pathway]})
            </Title>
            <PercentBars
              title="Percentage of patients with a meaningful improvement, by measure"
              bars={q.data.rows
                .filter((r) => r.pathway === (pathway === '' ? 'all' : pathway))
                .map((r) => ({ label: r.measure, percent: r.percentImproved }))}
            />
          </Card>
          <Group className="no-print">
            <Button
              variant="default"
              disabled={q.data.rows.length === 0}
              onClick={() => {
                const csv = toCsv(
                  [
                    'Measure',
                    'Pathway',
                    'Patients with paired scores',
                    'Meaningful improvement',
                    'Meaningful deterioration',
                    '% improved',
                  ],
                  q.data.rows.map((r) => [
                    r.measure,
                    pathwayLabel(r.pathway),
                    r.paired,
                    r.improved,
                    r.deteriorated,
                    r.percentImproved === null ? null : Math.round(r.percentImproved * 10) / 10,
                  ]),
                );
                const link = document.createElement('a');
                link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
                link.download = `service-outcomes-${pathway === '' ? 'all-pathways' : pathway}-${londonToday()}.csv`;
                link.click();
                URL.revokeObjectURL(link.href);
              }}
            >
              Export as CSV
            </Button>
            <Button variant="default" onClick={() => window.print()}>
              Print
            </Button>
          </Group>
          <Table striped aria-label="Service outcomes by measure and pathway">
            <thead>
              <tr>
                <th>Measure</th>
                <th>Pathway</th>
                <th>Patients with paired scores</th>
                <th>Meaningful improvement</th>
                <th>Meaningful deterioration</th>
                <th>% improved</th>
              </tr>
            </thead>
            <tbody>
              {q.data.rows.map((r) => (
                <tr key={`${r.measure}-${r.pathway}`}>
                  <td>{r.measure}</td>
                  <td>{pathwayLabel(r.pathway)}</td>
                  <td>{r.paired}</td>
                  <td>{r.improved}</td>
                  <td>{r.deteriorated}</td>
                  <td>{r.percentImproved === null ? '—' : `${r.percentImproved.toFixed(1)}%`}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}

function Worklist() {
  const [asOf, setAsOf] = useState(londonToday());
  const q = useQuery({
    ...screenQueries.rehabWorklist(asOf),
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(asOf),
  });
  const [tbodyRef, virtualRows] = useVirtualRows(q.data?.items ?? [], 6);
  return (
    <Stack>
      <DateField label="Due on" w={220} value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} />
      {q.isPending && <Loader aria-label="Loading worklist" />}
      {q.data && (
        <>
          <Text size="sm" c="dimmed">
            {q.data.total} collection points due or overdue
            {q.data.total > q.data.items.length ? `; the first ${q.data.items.length} by due date` : ''}.
          </Text>
          <Table striped aria-label="Measures due">
            <thead>
              <tr>
                <th>Patient</th>
                <th>NHS number</th>
                <th>Collection point</th>
                <th>Due</th>
                <th>Status</th>
                <th>Outstanding measures</th>
              </tr>
            </thead>
            <tbody ref={tbodyRef}>
              {virtualRows((i) => (
                <tr key={`${i.planId}-${i.timePointId}`}>
                  <td>
                    <Link to={`/patients/${i.patientId}`}>{i.patientName}</Link>
                  </td>
                  <td>{i.nhsNumber ? formatNhsNumber(i.nhsNumber) : '—'}</td>
                  <td>{i.label}</td>
                  <td>{i.dueDate ? formatDateGb(i.dueDate) : '—'}</td>
                  <td>{i.status}</td>
                  <td>{i.outstanding.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}

function NoProgress() {
  const q = useQuery({
    queryKey: ['rehab:noProgress'],
    queryFn: () => api.call('rehab:noProgress', { limit: 200 }),
  });
  if (!q.data) return <Loader aria-label="Loading" />;
  if (q.data.length === 0)
    return <Text c="dimmed">No patient’s latest review shows a lack of progress.</Text>;
  return (
    <Table striped aria-label="Goals reviewed with no progress">
      <thead>
        <tr>
          <th>Patient</th>
          <th>Latest review</th>
          <th>GAS</th>
        </tr>
      </thead>
      <tbody>
        {q.data.map((r) => (
          <tr key={r.patientId}>
            <td>
              <Link to={`/patients/${r.patientId}`}>{r.patientName}</Link>
            </td>
            <td>{formatDateGb(r.reviewDate)}</td>
            <td>{r.label}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The Rehab module page: measures due, service outcomes, no progress, social prescribing and group programmes. */
export function RehabHome({ tab = 'due' }: { tab?: string }) {
  return (
    <Stack>
      <Title order={1} size="h2">
        Rehab
      </Title>
      <MdtDraftList module="rehab" />
      <SimpleGrid cols={1}>
        <Tabs defaultValue={tab} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="risk">Risk alerts</Tabs.Tab>
            <Tabs.Tab value="due">Measures due</Tabs.Tab>
            <Tabs.Tab value="outcomes">Service outcomes</Tabs.Tab>
            <Tabs.Tab value="no-progress">No progress</Tabs.Tab>
            <Tabs.Tab value="social">Social prescribing</Tabs.Tab>
            <Tabs.Tab value="groups">Group programmes</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="risk" pt="md">
            <RiskWorklist />
          </Tabs.Panel>
          <Tabs.Panel value="due" pt="md">
            <Worklist />
          </Tabs.Panel>
          <Tabs.Panel value="outcomes" pt="md">
            <Outcomes />
          </Tabs.Panel>
          <Tabs.Panel value="no-progress" pt="md">
            <NoProgress />
          </Tabs.Panel>
          <Tabs.Panel value="social" pt="md">
            <SocialServiceList />
          </Tabs.Panel>
          <Tabs.Panel value="groups" pt="md">
            <GroupsHome />
          </Tabs.Panel>
        </Tabs>
      </SimpleGrid>
    </Stack>
  );
}
