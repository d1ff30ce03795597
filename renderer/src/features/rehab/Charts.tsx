import { Table, Text, VisuallyHidden } from '@mantine/core';
import { formatDateGb } from '../../../../shared/dates';

export interface TrendPoint {
  date: string;
  value: number | null;
  label?: string;
}

export interface Band {
  min: number;
  max: number;
  label: string;
}

const W = 520;
const H = 200;
const PAD = { left: 44, right: 36, top: 14, bottom: 34 };
const BAND_FILLS = ['#e6f2ea', '#fff4d6', '#fde3cf', '#f9d3d3', '#f3c0c0', '#ead9f5'];

function dayNumber(iso: string): number {
  return (
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000
  );
}

/**
 * A trend of one score over time, as inline SVG, with the measure's severity bands shaded behind it.
 * The SVG is hidden from screen readers; a table with the same numbers follows it.
 */
export function TrendChart({
  title,
  points,
  min,
  max,
  bands,
  higherIsBetter,
  valueLabel = 'Score',
}: {
  title: string;
  points: TrendPoint[];
  min: number;
  max: number;
  bands?: readonly Band[] | undefined;
  higherIsBetter?: boolean;
  valueLabel?: string;
}) {
  const sortedBands = [...(bands ?? [])].sort((a, b) => a.min - b.min);
  const scored = points.filter((p): p is TrendPoint & { value: number } => p.value !== null);
  const days = points.map((p) => dayNumber(p.date));
  const d0 = Math.min(...days);
  const d1 = Math.max(...days);
  const x = (iso: string) =>
    d1 === d0
      ? (PAD.left + W - PAD.right) / 2
      : PAD.left + ((dayNumber(iso) - d0) / (d1 - d0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - min) / (max - min || 1)) * (H - PAD.top - PAD.bottom);
  const path = scored
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.date).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(' ');
  return (
    <figure style={{ margin: 0 }}>
      <figcaption>
        <Text fw={600}>{title}</Text>
        {higherIsBetter !== undefined && (
          <Text size="sm" c="dimmed">
            {higherIsBetter ? 'Higher is better.' : 'Lower is better.'}
          </Text>
        )}
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        style={{ maxWidth: W }}
        aria-hidden="true"
        data-testid={`trend-${title}`}
      >
        {sortedBands.map((b, i) => {
          // Each band runs up to the next band's lower edge, so whole-number bands leave no gaps.
          const upper = sortedBands[i + 1]?.min ?? max;
          const top = y(Math.min(upper, max));
          const bottom = y(Math.max(b.min, min));
          // Worst band darkest: colours follow severity, whichever direction is better.
          const severity = higherIsBetter === false ? i : sortedBands.length - 1 - i;
          return (
            <g key={b.label}>
              <rect
                x={PAD.left}
                width={W - PAD.left - PAD.right}
                y={top}
                height={Math.max(0, bottom - top)}
                fill={BAND_FILLS[Math.min(severity, BAND_FILLS.length - 1)]}
              />
              <text x={W - PAD.right - 4} y={top + 11} fontSize="10" textAnchor="end" fill="#333">
                {b.label}
              </text>
            </g>
          );
        })}
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} stroke="#555" />
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} stroke="#555" />
        {[min, (min + max) / 2, max].map((v) => (
          <text key={v} x={PAD.left - 6} y={y(v) + 4} fontSize="10" textAnchor="end" fill="#333">
            {Number.isInteger(v) ? v : v.toFixed(1)}
          </text>
        ))}
        <path d={path} fill="none" stroke="#1c5d99" strokeWidth={2} />
        {scored.map((p) => (
          <g key={`${p.date}-${p.value}`}>
            <circle cx={x(p.date)} cy={y(p.value)} r={4} fill="#1c5d99" />
            <text x={x(p.date)} y={H - PAD.bottom + 14} fontSize="10" textAnchor="middle" fill="#333">
              {formatDateGb(p.date)}
            </text>
          </g>
        ))}
      </svg>
      <VisuallyHidden>
        <Table>
          <caption>{title}: values by date</caption>
          <thead>
            <tr>
              <th>Date</th>
              <th>{valueLabel}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p, i) => (
              <tr key={i}>
                <td>{formatDateGb(p.date)}</td>
                <td>{p.value === null ? 'Not scored' : `${p.value}${p.label ? ` (${p.label})` : ''}`}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </VisuallyHidden>
    </figure>
  );
}

/** Horizontal bars of percentages (0–100) with their labels; the table beside it carries the numbers. */
export function PercentBars({
  title,
  bars,
}: {
  title: string;
  bars: { label: string; percent: number | null }[];
}) {
  const rowH = 22;
  const labelW = 200;
  const h = bars.length * rowH + 24;
  return (
    <svg viewBox={`0 0 560 ${h}`} width="100%" style={{ maxWidth: 560 }} role="img" aria-label={title}>
      {bars.map((b, i) => {
        const width = ((b.percent ?? 0) / 100) * (560 - labelW - 50);
        return (
          <g key={b.label} transform={`translate(0, ${i * rowH + 4})`}>
            <text x={labelW - 6} y={14} fontSize="11" textAnchor="end" fill="#222">
              {b.label}
            </text>
            <rect x={labelW} y={3} width={width} height={14} fill="#1c5d99" />
            <text x={labelW + width + 4} y={14} fontSize="11" fill="#222">
              {b.percent === null ? '—' : `${b.percent.toFixed(0)}%`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
