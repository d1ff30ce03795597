import { Badge } from '@mantine/core';
import type { ReadinessStatus } from '../../../../shared/clinical/interventions/readiness';
import type { Priority } from '../../../../shared/domain/interventions';

/** Monday of the week containing an ISO date. */
export { mondayOf } from '../../api/screenQueries';

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const STATUS_COLOUR: Record<ReadinessStatus, string> = {
  ok: '#1e6b30',
  warn: '#9c3600',
  missing: 'gray.8',
  block: 'red.9',
};
const STATUS_LABEL: Record<ReadinessStatus, string> = {
  ok: 'OK',
  warn: 'Warning',
  missing: 'Missing',
  block: 'Hard block',
};

export function StatusBadge({ status }: { status: ReadinessStatus }) {
  return (
    <Badge
      color={STATUS_COLOUR[status]}
      variant="filled"
      style={{ flexShrink: 0 }}
      styles={{ label: { overflow: 'visible' } }}
    >
      {STATUS_LABEL[status]}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  const colour = priority.startsWith('P1') ? 'red.9' : priority === 'P2' ? '#9c3600' : 'blue.9';
  return (
    <Badge color={colour} variant="filled">
      {priority}
    </Badge>
  );
}

/** A utilisation bar (inline SVG) with its number as text for screen readers. */
export function UtilisationBar({ percent, label }: { percent: number; label: string }) {
  const clamped = Math.max(0, Math.min(100, percent));
  return (
    <svg
      width="100%"
      height="10"
      role="img"
      aria-label={`${label}: ${percent}% used`}
      viewBox="0 0 100 10"
      preserveAspectRatio="none"
    >
      <rect x="0" y="0" width="100" height="10" fill="#dee2e6" />
      <rect x="0" y="0" width={clamped} height="10" fill={percent >= 85 ? '#2b8a3e' : '#1864ab'} />
    </svg>
  );
}
