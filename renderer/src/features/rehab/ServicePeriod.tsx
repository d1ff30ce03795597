import { Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { MEASURES } from '../../../../shared/clinical/rehab/measures';
import { toCsv, type CsvCell } from '../../../../shared/csv';
import { formatDateGb } from '../../../../shared/dates';
import { PATHWAY_LABELS, type Pathway } from '../../../../shared/domain/rehab';
import type { PeriodChoice, ServicePeriod } from '../../../../shared/domain/rehab-service';
import { api } from '../../api/client';
import { QueryFallback } from './kit';

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);
const measureName = (id: string) => MEASURES[id as keyof typeof MEASURES]?.name ?? id;

/** The period's figures as one CSV (three sections), cells a spreadsheet cannot run. */
function periodCsv(d: ServicePeriod, title: string): string {
  const rows: CsvCell[][] = [
    ['Period', title],
    ['Pathway', d.pathway ? PATHWAY_LABELS[d.pathway] : 'All pathways'],
    ['Episodes referred in the period', d.episodes],
    [],
    ['Paired-score completeness'],
    ['Measure', 'Episodes with a baseline', 'With a later score', '% paired'],
    ...d.completeness.map((c) => [
      measureName(c.measure),
      c.baseline,
      c.paired,
      c.percentPaired === null ? null : Math.round(c.percentPaired * 10) / 10,
    ]),
    [],
    ['Outcomes of scores completed in the period'],
    [
      'Measure',
      'Patients with paired scores',
      'Meaningful improvement',
      'Meaningful deterioration',
      '% improved',
    ],
    ...d.outcomes.map((o) => [
      measureName(o.measure),
      o.paired,
      o.improved,
      o.deteriorated,
      o.percentImproved === null ? null : Math.round(o.percentImproved * 10) / 10,
    ]),
    [],
    ['GAS summary (latest review of each episode in the period)'],
    ['Episodes reviewed', d.gas.episodesReviewed],
    ['Mean T-score', d.gas.meanTScore === null ? null : Math.round(d.gas.meanTScore * 10) / 10],
    ['At or above 50 (expected outcome on average)', d.gas.atOrAbove50],
    ['No progress', d.gas.noProgress],
  ];
  return toCsv(['Alongside service outcomes'], rows);
}

/**
 * Service outcomes for a period (issue 15): episodes referred, paired-score completeness, outcomes of the
 * scores completed in the period and a GAS summary, with CSV export and print.
 */
export function ServicePeriodView({ period, pathway }: { period: PeriodChoice; pathway: Pathway | '' }) {
  const q = useQuery({
    queryKey: ['rehab:servicePeriod', period.from, period.to, pathway],
    queryFn: () =>
      api.call('rehab:servicePeriod', {
        pathway: pathway === '' ? null : pathway,
        from: period.from,
        to: period.to,
      }),
  });
  const title = `${formatDateGb(period.from)} to ${formatDateGb(period.to)}`;
  return (
    <Stack>
      <QueryFallback q={q} loading="Loading the period’s figures" />
      {q.data && (
        <>
          <Group className="no-print">
            <Button
              variant="default"
              onClick={() => {
                const link = document.createElement('a');
                link.href = URL.createObjectURL(
                  new Blob([periodCsv(q.data, title)], { type: 'text/csv;charset=utf-8' }),
                );
                link.download = `service-outcomes-${period.from}-to-${period.to}-${pathway || 'all-pathways'}.csv`;
                link.click();
                URL.revokeObjectURL(link.href);
              }}
            >
              Export the period as CSV
            </Button>
            <Button variant="default" onClick={() => window.print()}>
              Print
            </Button>
          </Group>
          <Text size="sm">
            {title}, {pathway === '' ? 'all pathways' : PATHWAY_LABELS[pathway]}: {q.data.episodes}{' '}
            {q.data.episodes === 1 ? 'episode' : 'episodes'} referred in the period. Records marked entered in
            error are left out.
          </Text>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder>
              <Title order={2} size="h4" mb="xs">
                Paired-score completeness
              </Title>
              <Text size="sm" c="dimmed" mb="xs">
                Of the episodes referred in the period with a first score of a measure, how many also have a
                later score.
              </Text>
              <Table striped aria-label="Paired-score completeness">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Measure</Table.Th>
                    <Table.Th>With a baseline</Table.Th>
                    <Table.Th>With a later score</Table.Th>
                    <Table.Th>% paired</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {q.data.completeness.map((c) => (
                    <Table.Tr key={c.measure}>
                      <Table.Td>{c.measure}</Table.Td>
                      <Table.Td>{c.baseline}</Table.Td>
                      <Table.Td>{c.paired}</Table.Td>
                      <Table.Td>{pct(c.percentPaired)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {q.data.completeness.length === 0 && <Text size="sm">No scores for these episodes.</Text>}
            </Card>
            <Card withBorder>
              <Title order={2} size="h4" mb="xs">
                GAS summary
              </Title>
              <Text size="sm" c="dimmed" mb="xs">
                The latest goal review of each episode in the period. A T-score of 50 means the goals were met
                as expected on average (Kiresuk and Sherman, 1968).
              </Text>
              <Table aria-label="GAS summary">
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th scope="row">Episodes reviewed</Table.Th>
                    <Table.Td>{q.data.gas.episodesReviewed}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th scope="row">Mean T-score</Table.Th>
                    <Table.Td>
                      {q.data.gas.meanTScore === null ? '—' : q.data.gas.meanTScore.toFixed(1)}
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th scope="row">At or above 50</Table.Th>
                    <Table.Td>{q.data.gas.atOrAbove50}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th scope="row">No progress</Table.Th>
                    <Table.Td>{q.data.gas.noProgress}</Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            </Card>
          </SimpleGrid>
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              Outcomes of scores completed in the period
            </Title>
            <Table striped aria-label="Outcomes of scores completed in the period">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Measure</Table.Th>
                  <Table.Th>Patients with paired scores</Table.Th>
                  <Table.Th>Meaningful improvement</Table.Th>
                  <Table.Th>Meaningful deterioration</Table.Th>
                  <Table.Th>% improved</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.outcomes.map((o) => (
                  <Table.Tr key={o.measure}>
                    <Table.Td>{o.measure}</Table.Td>
                    <Table.Td>{o.paired}</Table.Td>
                    <Table.Td>{o.improved}</Table.Td>
                    <Table.Td>{o.deteriorated}</Table.Td>
                    <Table.Td>{pct(o.percentImproved)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {q.data.outcomes.length === 0 && (
              <Text size="sm">No patient completed a later score of a measure in the period.</Text>
            )}
          </Card>
        </>
      )}
    </Stack>
  );
}
