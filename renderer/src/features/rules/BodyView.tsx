import { Code, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDateGb } from '../../../../shared/dates';
import type { RuleSetKind } from '../../../../shared/domain/rule-sets';

/**
 * Readable views of a rule set's body, one per kind (tables a clinician can check against the source),
 * with the raw JSON as a fallback for anything unexpected.
 */

type Row = Record<string, unknown>;
const rowsOf = (v: unknown): Row[] => (Array.isArray(v) ? (v as Row[]) : []);
const str = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map(str).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

interface Column {
  label: string;
  render: (r: Row) => ReactNode;
}

function DataTable({ caption, columns, rows }: { caption: string; columns: Column[]; rows: Row[] }) {
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped withTableBorder fz="sm" verticalSpacing={4}>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.label} scope="col">
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            <Table.Tr key={i}>
              {columns.map((c) => (
                <Table.Td key={c.label}>{c.render(r)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const col = (label: string, key: string): Column => ({ label, render: (r: Row) => str(r[key]) });
const small = (label: string, key: string): Column => ({
  label,
  render: (r: Row) => (
    <Text size="xs" c="dimmed">
      {str(r[key])}
    </Text>
  ),
});
/** A cell listing a row's sub-rows (r[key]), each as `item` gives it; '—' when there are none. */
const joined = (label: string, key: string, item: (x: Row) => string, separator = '; '): Column => ({
  label,
  render: (r: Row) => rowsOf(r[key]).map(item).join(separator) || '—',
});
/** The view of a body that is one list of rows (body[key]), as one table. */
const listView =
  (caption: string, key: string, columns: Column[]) =>
  ({ body }: { body: Row }) => <DataTable caption={caption} rows={rowsOf(body[key])} columns={columns} />;

const FACTOR_COLUMNS = [
  col('Drug', 'drug'),
  col('Route', 'route'),
  col('Factor', 'factor'),
  col('Unit', 'unit'),
  small('Source', 'source'),
];

function OmeFactors({ body }: { body: Row }) {
  return (
    <Stack>
      <DataTable
        caption="Oral and other factors (OME mg/24 h = amount × factor)"
        rows={rowsOf(body.factors)}
        columns={FACTOR_COLUMNS}
      />
      <DataTable
        caption="Patches: listed strengths, else strength × the unlisted factor"
        rows={rowsOf(body.patches)}
        columns={[
          col('Drug', 'drug'),
          joined(
            'Table (mcg/h → mg OME/24 h)',
            'table',
            (t) => `${str(t.mcgPerHour)} → ${str(t.omeMgPer24h)}`,
          ),
          col('Unlisted × factor', 'unlistedFactorPerMcgPerHour'),
          small('Source', 'source'),
        ]}
      />
      <DataTable
        caption="Estimated (low-confidence) factors: counted, and the total says it includes an estimate"
        rows={rowsOf(body.lowConfidenceFactors)}
        columns={FACTOR_COLUMNS}
      />
      <DataTable
        caption="Never totalled (the total is then marked incomplete)"
        rows={rowsOf(body.neverTotalled)}
        columns={[col('Drug', 'drug'), col('Routes', 'routes'), small('Reason shown', 'reason')]}
      />
    </Stack>
  );
}

const VIEWS: Partial<Record<RuleSetKind, (p: { body: Row }) => ReactNode>> = {
  'ome-factors': OmeFactors,
  'ome-thresholds': listView(
    'Thresholds (inclusive: a total at or above the figure raises the flag)',
    'thresholds',
    [col('Code', 'code'), col('mg OME/24 h', 'mgPer24h'), col('Label', 'label'), small('Source', 'source')],
  ),
  'combination-flags': ({ body }) => (
    <DataTable
      caption="Combination flags"
      rows={Object.values((body.rules ?? {}) as Record<string, Row>)}
      columns={[col('Code', 'code'), col('Message', 'message'), small('Source', 'source')]}
    />
  ),
  'taper-defaults': ({ body }) => (
    <DataTable
      caption="Taper defaults"
      rows={[body]}
      columns={[
        col('Mode', 'mode'),
        col('Reduction per step (%)', 'percent'),
        col('Days between steps', 'intervalDays'),
      ]}
    />
  ),
  formulary: listView('Formulary', 'entries', [
    col('Name', 'name'),
    col('Generic', 'generic'),
    col('Form', 'form'),
    col('Route', 'route'),
    joined('Strengths', 'strengths', (s) => `${str(s.value)} ${str(s.unit)}`, ', '),
    col('Class', 'drugClass'),
    col('Category', 'schedule'),
  ]),
  'anticoagulant-holds': listView(
    'Holds before a procedure, by bleeding-risk tier (hours before the planned start)',
    'rules',
    [
      col('Drug', 'drug'),
      col('Risk', 'risk'),
      { label: 'Hold (h)', render: (r) => (r.holdHours === null ? 'No hold' : str(r.holdHours)) },
      joined('Renal bands', 'renal', (b) => `CrCl < ${str(b.belowMlPerMin)}: ${str(b.holdHours)} h`),
      col('Needs CrCl', 'requiresCreatinineClearance'),
      col('Restart after (h)', 'restartAfterHours'),
      { label: 'Clinician decides / note', render: (r) => str(r.clinicianDecides ?? r.note) },
    ],
  ),
  'commissioner-rules': ({ body }) => (
    <Stack gap="xs">
      <Text size="sm">
        Commissioner: <strong>{str(body.commissioner)}</strong>
        {body.isExample === true ? ' — an EXAMPLE, not any commissioner’s policy' : ''}
      </Text>
      <DataTable
        caption="Rules per procedure"
        rows={rowsOf(body.rules)}
        columns={[
          col('Procedure', 'procedureCode'),
          col('Minimum repeat (months)', 'minRepeatIntervalMonths'),
          joined('Prerequisites', 'prerequisites', (p) => str(p.description)),
          small('Note', 'note'),
        ]}
      />
    </Stack>
  ),
  'procedure-catalogue': listView('Procedures and planning defaults', 'procedures', [
    col('Code', 'code'),
    col('Name', 'name'),
    col('Minutes', 'defaultDurationMinutes'),
    col('Imaging', 'imaging'),
    col('Radiographer', 'needsRadiographer'),
    col('Sedation', 'sedation'),
    col('Bleeding risk', 'bleedingRisk'),
    col('Follow-up (weeks)', 'followUpWeeks'),
    col('Implant', 'isImplant'),
  ]),
  gas: ({ body }) => (
    <DataTable caption="GAS" rows={[body]} columns={[col('Correlation between goals (ρ)', 'rho')]} />
  ),
  'rehab-timepoints': listView('Collection points', 'timePoints', [
    col('Id', 'id'),
    col('Label', 'label'),
    col('Anchor', 'anchor'),
    col('Months after', 'offsetMonths'),
    col('Window (days)', 'windowDays'),
    col('Measures', 'measures'),
  ]),
  'mdt-suggestions': ({ body }) => (
    <DataTable
      caption="Suggestion thresholds"
      rows={Object.entries(body)
        .filter(([, v]) => typeof v === 'object' && v !== null)
        .map(([k, v]) => ({ key: k, ...(v as Row) }))}
      columns={[col('Setting', 'key'), col('Value', 'value'), col('Unit', 'unit'), small('Source', 'source')]}
    />
  ),
  'bank-holidays': listView('Bank holidays', 'holidays', [
    { label: 'Date', render: (r: Row) => formatDateGb(str(r.date)) },
    col('Bank holiday', 'name'),
  ]),
};

export function BodyView({ kind, body }: { kind: RuleSetKind; body: unknown }) {
  const View = VIEWS[kind];
  if (View && body && typeof body === 'object') return <>{View({ body: body as Row })}</>;
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        Rules (JSON)
      </Title>
      <Code block>{JSON.stringify(body, null, 2)}</Code>
    </Stack>
  );
}

/** Every leaf of a JSON value as path → value ("rules.3.holdHours" → 120). */
export function flatten(value: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    if (entries.length === 0) out.set(path, Array.isArray(value) ? '[]' : '{}');
    for (const [k, v] of entries) flatten(v, path ? `${path}.${k}` : k, out);
  } else out.set(path, JSON.stringify(value));
  return out;
}

/** What changed between two bodies, leaf by leaf. */
export function diffBodies(
  before: unknown,
  after: unknown,
): { path: string; before: string | null; after: string | null }[] {
  const a = flatten(before);
  const b = flatten(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths
    .filter((p) => a.get(p) !== b.get(p))
    .map((p) => ({ path: p, before: a.get(p) ?? null, after: b.get(p) ?? null }));
}

/** A short description of the table row a body path points into (for error lists and diffs). */
export function describePath(body: unknown, path: string): string {
  const parts = path.replace(/^body\.?/, '').split('.');
  let node: unknown = body;
  const said: string[] = [];
  for (const part of parts) {
    if (node === null || typeof node !== 'object') {
      said.push(part);
      continue;
    }
    node = (node as Record<string, unknown>)[part];
    if (/^\d+$/.test(part)) {
      const row = node as Row | undefined;
      const label = row
        ? [row.drug, row.risk, row.code, row.id, row.procedureCode, row.name]
            .filter((x) => typeof x === 'string')
            .slice(0, 2)
            .join(', ')
        : '';
      said.push(`row ${Number(part) + 1}${label ? ` (${label})` : ''}`);
    } else said.push(part);
  }
  return said.join(' › ');
}
