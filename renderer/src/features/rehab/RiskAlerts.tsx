import { Alert, Badge, Button, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { MEASURES } from '../../../../shared/clinical/rehab/measures';
import { formatDateGb, formatInstantGb } from '../../../../shared/dates';
import type { RiskAlert } from '../../../../shared/domain/rehab-safety';
import { api } from '../../api/client';
import { useSession } from '../../app/session';
import { FormActions, FormCard, QueryFallback, useActionForm } from './kit';

/** Risk alerts (issue 15): open until a clinician acknowledges them with the action taken. */

export function useRiskAlerts(patientId: number) {
  return useQuery({
    queryKey: ['rehab:riskAlerts', patientId],
    queryFn: () => api.call('rehab:riskAlerts', { patientId }),
  });
}

/** The answer as the patient gave it (the option's wording where the measure's wording may be shown). */
function answerText(a: RiskAlert): string {
  const label = MEASURES[a.measure]?.responseOptions?.find((o) => o.value === a.answer)?.label;
  return label ? `“${label}” (${a.answer})` : String(a.answer);
}

export function describeAlert(a: RiskAlert): string {
  return (
    `${a.measure} item ${a.item} (${a.itemLabel}) answered ${answerText(a)} on the form completed ` +
    `${formatDateGb(a.administeredOn)}.`
  );
}

/** One line in the patient banner while any risk alert is open (shown on every screen of the patient). */
export function RiskBannerAlert({ patientId }: { patientId: number }) {
  const q = useRiskAlerts(patientId);
  const open = q.data?.open ?? [];
  if (open.length === 0) return null;
  const first = open[0]!;
  return (
    <Badge
      color="red.9"
      size="lg"
      variant="filled"
      data-testid="banner-risk"
      title={open.map(describeAlert).join(' ')}
      style={{ border: '2px solid white' }}
    >
      {open.length === 1
        ? `Open risk alert: ${first.measure} item ${first.item} (${formatDateGb(first.administeredOn)})`
        : `${open.length} open risk alerts`}
    </Badge>
  );
}

function AcknowledgeForm({ alert, onDone }: { alert: RiskAlert; onDone: () => void }) {
  const qc = useQueryClient();
  const [action, setAction] = useState('');
  const { formError, fieldErrors, busy, submit } = useActionForm();
  return (
    <FormCard
      label="Acknowledge the risk alert"
      small
      titleOrder={4}
      title="Acknowledge with the action taken"
      formError={formError}
      onSubmit={(e) => {
        e.preventDefault();
        void submit(action.trim() ? {} : { actionTaken: 'Enter the action taken.' }, async () => {
          await api.call('rehab:acknowledgeRisk', {
            alertId: alert.id,
            version: alert.version,
            actionTaken: action,
          });
          await qc.invalidateQueries({ queryKey: ['rehab:riskAlerts', alert.patientId] });
          await qc.invalidateQueries({ queryKey: ['rehab:riskWorklist'] });
          onDone();
        });
      }}
    >
      <Textarea
        label="Action taken"
        description="For example: risk assessment done, safety plan agreed, crisis team or GP contacted."
        value={action}
        onChange={(e) => setAction(e.currentTarget.value)}
        error={fieldErrors.actionTaken}
        autosize
        minRows={2}
      />
      <FormActions label="Acknowledge" submitting={busy} onCancel={onDone} small />
    </FormCard>
  );
}

/** The open alerts with their acknowledgement, and the acknowledged ones kept as history. */
export function RiskAlertsPanel({ patientId }: { patientId: number }) {
  const session = useSession();
  const q = useRiskAlerts(patientId);
  const [acking, setAcking] = useState<number | null>(null);
  if (!q.isSuccess) return <QueryFallback q={q} loading="Loading risk alerts" />;
  const { open, acknowledged } = q.data;
  if (open.length === 0 && acknowledged.length === 0) return null;
  return (
    <Stack gap="xs">
      {open.map((a) => (
        <Alert
          key={a.id}
          color="red.9"
          variant="filled"
          role="alert"
          title="Risk alert: open until acknowledged"
        >
          <Text fw={600}>{describeAlert(a)}</Text>
          <Text size="sm">
            Tell the responsible clinician today, whatever the total. This alert stays open until a clinician
            records the action taken{a.source === 'upgrade' ? ' (raised when the app was upgraded)' : ''}.
          </Text>
          {session.can('rehab.write') &&
            (acking === a.id ? (
              <div style={{ marginTop: 8, color: 'initial' }}>
                <AcknowledgeForm alert={a} onDone={() => setAcking(null)} />
              </div>
            ) : (
              <Button mt="xs" variant="white" color="red.9" size="xs" onClick={() => setAcking(a.id)}>
                Acknowledge…
              </Button>
            ))}
        </Alert>
      ))}
      {acknowledged.length > 0 && (
        <details>
          <summary>Acknowledged risk alerts ({acknowledged.length})</summary>
          <Table fz="sm" aria-label="Acknowledged risk alerts">
            <thead>
              <tr>
                <th>Alert</th>
                <th>Acknowledged</th>
                <th>By</th>
                <th>Action taken</th>
              </tr>
            </thead>
            <tbody>
              {acknowledged.map((a) => (
                <tr key={a.id}>
                  <td>{describeAlert(a)}</td>
                  <td>{a.acknowledgedAt ? formatInstantGb(a.acknowledgedAt) : '—'}</td>
                  <td>{a.acknowledgedBy ?? '—'}</td>
                  <td>{a.actionTaken}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </details>
      )}
    </Stack>
  );
}

/** The team's risk worklist: every open alert, oldest form first. */
export function RiskWorklist() {
  const q = useQuery({
    queryKey: ['rehab:riskWorklist'],
    queryFn: () => api.call('rehab:riskWorklist', { limit: 200 }),
  });
  if (!q.isSuccess) return <QueryFallback q={q} loading="Loading risk alerts" />;
  if (q.data.length === 0) return <Text c="dimmed">No open risk alerts.</Text>;
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Open risk alerts ({q.data.length})
      </Title>
      <Table striped aria-label="Open risk alerts">
        <thead>
          <tr>
            <th>Patient</th>
            <th>Alert</th>
            <th>Raised</th>
          </tr>
        </thead>
        <tbody>
          {q.data.map((a) => (
            <tr key={a.id}>
              <td>
                <Group gap={4}>
                  <Link to={`/patients/${a.patientId}`}>{a.patientName}</Link>
                </Group>
              </td>
              <td>{describeAlert(a)}</td>
              <td>{formatInstantGb(a.raisedAt)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Stack>
  );
}
