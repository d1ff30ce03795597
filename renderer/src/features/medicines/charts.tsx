import { Table, Text } from '@mantine/core';
import { formatDateGb } from '../../../../shared/dates';
import type { OmePoint } from '../../../../shared/domain/medicines';

/**
 * OME over time: an inline SVG step line with the OME thresholds in use (mg/24h, from the active
 * 'ome-thresholds' rule set), and a table for screen readers.
 */
export function OmeChart({ series, thresholds }: { series: OmePoint[]; thresholds: readonly number[] }) {
  if (series.length === 0) return <Text c="dimmed">No OME history yet.</Text>;
  const w = 640;
  const h = 200;
  const pad = { l: 44, r: 12, t: 12, b: 28 };
  const max = Math.max(...series.map((p) => p.totalMgPer24h), ...thresholds) * 1.1;
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  const first = day(series[0]!.date);
  const last = Math.max(day(series[series.length - 1]!.date), first + 1);
  const x = (d: string) => pad.l + ((day(d) - first) / (last - first)) * (w - pad.l - pad.r);
  const y = (v: number) => h - pad.b - (v / max) * (h - pad.t - pad.b);
  // The line follows the totals (PRN at the maximum); review points (PRN at the amount taken) sit beside it.
  const line = series.filter((p) => !p.fromReview);
  let path = '';
  line.forEach((p, i) => {
    const px = x(p.date);
    const py = y(p.totalMgPer24h);
    if (i === 0) path += `M${px},${py}`;
    else path += ` H${px} V${py}`;
  });
  if (path !== '') path += ` H${w - pad.r}`;
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${w} ${h}`}
        width="100%"
        role="img"
        aria-label="Total OME over time (the table below gives the same figures)"
        style={{ maxWidth: w, background: 'white' }}
      >
        <line x1={pad.l} y1={h - pad.b} x2={w - pad.r} y2={h - pad.b} stroke="#495057" />
        <line x1={pad.l} y1={pad.t} x2={pad.l} y2={h - pad.b} stroke="#495057" />
        {thresholds.map((t) => (
          <g key={t}>
            <line x1={pad.l} x2={w - pad.r} y1={y(t)} y2={y(t)} stroke="#c92a2a" strokeDasharray="4 4" />
            <text x={w - pad.r - 2} y={y(t) - 3} fontSize="11" textAnchor="end" fill="#a51d1d">
              {t} mg
            </text>
          </g>
        ))}
        <text x={pad.l - 4} y={y(0) + 4} fontSize="11" textAnchor="end" fill="#343a40">
          0
        </text>
        <text x={pad.l - 4} y={pad.t + 8} fontSize="11" textAnchor="end" fill="#343a40">
          {Math.round(max)}
        </text>
        <path d={path} fill="none" stroke="#1c5c8c" strokeWidth="2.5" />
        {series.map((p) =>
          p.fromReview ? (
            <rect
              key={`${p.date}-review`}
              x={x(p.date) - 4}
              y={y(p.totalMgPer24h) - 4}
              width="8"
              height="8"
              fill="white"
              stroke="#8f3b00"
              strokeWidth="2"
            />
          ) : (
            <circle key={`${p.date}-total`} cx={x(p.date)} cy={y(p.totalMgPer24h)} r="3.5" fill="#1c5c8c" />
          ),
        )}
        <text x={pad.l} y={h - 8} fontSize="11" fill="#343a40">
          {formatDateGb(series[0]!.date)}
        </text>
        <text x={w - pad.r} y={h - 8} fontSize="11" textAnchor="end" fill="#343a40">
          {formatDateGb(series[series.length - 1]!.date)}
        </text>
      </svg>
      {series.some((p) => p.fromReview) && (
        <Text size="xs" c="dark.6">
          Square points: the OME at a review, with as-needed doses at the amount taken then (not part of the
          line). The line and round points: as-needed doses at the prescribed maximum.
        </Text>
      )}
      <figcaption>
        <details>
          <summary>OME history as a table</summary>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>From</Table.Th>
                <Table.Th>Total OME (mg/24h)</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {series.map((p) => (
                <Table.Tr key={`${p.date}-${p.fromReview ? 'review' : 'total'}`}>
                  <Table.Td>{formatDateGb(p.date)}</Table.Td>
                  <Table.Td>
                    {p.totalMgPer24h.toFixed(1)}
                    {p.complete ? '' : ' (incomplete)'}
                    {p.fromReview ? ' (review: as-needed doses at the amount taken)' : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </details>
      </figcaption>
    </figure>
  );
}

/** Horizontal bars with their numbers written beside them, and the same figures as a table. */
export function BarChart({
  title,
  rows,
  valueLabel,
}: {
  title: string;
  rows: { label: string; value: number }[];
  valueLabel: string;
}) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowH = 28;
  const w = 640;
  const labelW = 330;
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${w} ${rows.length * rowH + 8}`}
        width="100%"
        style={{ maxWidth: w }}
        role="img"
        aria-label={`${title} (the table below gives the same figures)`}
      >
        {rows.map((r, i) => {
          const bw = ((w - labelW - 60) * r.value) / max;
          return (
            <g key={r.label} transform={`translate(0, ${i * rowH + 4})`}>
              <text x={0} y={17} fontSize="12" fill="#212529">
                {r.label}
              </text>
              <rect x={labelW} y={4} width={Math.max(bw, 1)} height={18} fill="#1c5c8c" />
              <text x={labelW + bw + 6} y={17} fontSize="12" fill="#212529">
                {r.value.toLocaleString('en-GB')}
              </text>
            </g>
          );
        })}
      </svg>
      <Table striped withTableBorder mt="xs" aria-label={title}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{title}</Table.Th>
            <Table.Th>{valueLabel}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.label}>
              <Table.Td>{r.label}</Table.Td>
              <Table.Td>{r.value.toLocaleString('en-GB')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </figure>
  );
}
