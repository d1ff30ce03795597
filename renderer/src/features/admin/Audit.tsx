import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatInstantGb } from '../../../../shared/dates';
import { auditActionLabel } from '../../../../shared/audit-actions';
import {
  AUDIT_EVENT_GROUPS,
  type AuditEventGroup,
  type AuditReviewRow,
} from '../../../../shared/domain/audit';
import { ROLE_LABELS, type Role } from '../../../../shared/domain/roles';
import { api } from '../../api/client';

function who(r: AuditReviewRow): string {
  const role = r.userRole ? ` (${ROLE_LABELS[r.userRole as Role] ?? r.userRole})` : '';
  if (r.userName) return `${r.userName}${role}`;
  const attempted = r.detail?.attemptedName;
  return typeof attempted === 'string' ? `Not signed in: tried “${attempted}”` : 'Not signed in';
}

/** An account change in words: what differs between the account before and after. */
function accountChange(after: Record<string, unknown>, before: Record<string, unknown>): string {
  const changes: string[] = [];
  if (before.role !== after.role)
    changes.push(
      `role ${ROLE_LABELS[before.role as Role] ?? 'unknown'} → ${ROLE_LABELS[after.role as Role] ?? 'unknown'}`,
    );
  if (before.active !== after.active) changes.push(after.active ? 'reactivated' : 'deactivated');
  if (before.clinicalLead !== after.clinicalLead)
    changes.push(after.clinicalLead ? 'marked clinical lead' : 'clinical lead mark removed');
  if (before.displayName !== after.displayName) changes.push(`renamed from ${String(before.displayName)}`);
  if (!before.mustChangePassword && after.mustChangePassword)
    changes.push('password reset (to change at next sign-in)');
  const name = typeof after.displayName === 'string' ? after.displayName : '';
  return changes.length ? `${name}: ${changes.join('; ')}` : name;
}

function detailText(r: AuditReviewRow): string {
  if (!r.detail) return '';
  if (r.action.startsWith('user.update') && r.detail.before && typeof r.detail.before === 'object')
    return accountChange(r.detail, r.detail.before as Record<string, unknown>);
  if (r.action === 'access.unusual')
    return `${String(r.detail.records)} different records within ${String(r.detail.minutes)} minutes`;
  if (typeof r.detail.failures === 'number')
    return `${r.detail.failures} ${r.detail.failures === 1 ? 'failure' : 'failures'} in a row`;
  if (typeof r.detail.reason === 'string') return r.detail.reason;
  return '';
}

/**
 * Information governance (issue 17): who did what and when, searchable by user, patient record and event;
 * unusual-access alerts; the access record of one patient for a subject access request. Records appear by
 * number only: no clinical content is shown here.
 */
export function AuditPage() {
  const [userId, setUserId] = useState<number | null>(null);
  const [patient, setPatient] = useState('');
  const [group, setGroup] = useState<AuditEventGroup | null>(null);
  const [page, setPage] = useState(0);
  const [exportMessage, setExportMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const users = useQuery({ queryKey: ['users:list'], queryFn: () => api.call('users:list', {}) });
  const alerts = useQuery({ queryKey: ['audit:alerts'], queryFn: () => api.call('audit:alerts', {}) });
  const events = useQuery({
    queryKey: ['audit:search', userId, patient, group, page],
    queryFn: () => api.call('audit:search', { userId, patient, group, offset: page * 50, limit: 50 }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const exportSar = async () => {
    try {
      const r = await api.call('audit:subjectAccessExport', { patient });
      const url = URL.createObjectURL(new Blob([r.csv], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = r.filename;
      a.click();
      URL.revokeObjectURL(url);
      setExportMessage({ ok: true, text: `Saved ${r.filename} (${r.rows} entries).` });
    } catch (err) {
      setExportMessage({ ok: false, text: (err as Error).message });
    }
  };
  const total = events.data?.total ?? 0;
  return (
    <Stack>
      <Paper p="md" withBorder>
        <Title order={1} size="h2" mb="sm">
          Audit
        </Title>
        {(alerts.data ?? []).length > 0 && (
          <Alert color="orange" title="Unusual access in the last 30 days" mb="sm">
            {(alerts.data ?? []).map((a) => (
              <Text key={a.id} size="sm">
                {formatInstantGb(a.at)}: {who(a)} opened {detailText(a)}.
              </Text>
            ))}
          </Alert>
        )}
        <Group align="end">
          <NativeSelect
            label="User"
            value={userId === null ? '' : String(userId)}
            onChange={(e) => {
              setUserId(e.currentTarget.value ? Number(e.currentTarget.value) : null);
              setPage(0);
            }}
            data={[
              { value: '', label: 'Everyone' },
              ...(users.data ?? []).map((u) => ({ value: String(u.id), label: u.displayName })),
            ]}
          />
          <TextInput
            label="Patient"
            description="Record, NHS or hospital number"
            value={patient}
            onChange={(e) => {
              setPatient(e.currentTarget.value);
              setPage(0);
            }}
          />
          <NativeSelect
            label="Event"
            value={group ?? ''}
            onChange={(e) => {
              setGroup((e.currentTarget.value || null) as AuditEventGroup | null);
              setPage(0);
            }}
            data={[
              { value: '', label: 'All events' },
              ...Object.entries(AUDIT_EVENT_GROUPS).map(([value, g]) => ({ value, label: g.label })),
            ]}
          />
          <Button variant="light" disabled={!patient.trim()} onClick={() => void exportSar()}>
            Export this patient’s access record (CSV)
          </Button>
        </Group>
        {exportMessage && (
          <Alert color={exportMessage.ok ? 'brand' : 'red'} role="status" mt="sm">
            {exportMessage.text}
          </Alert>
        )}
        {events.error && (
          <Alert color="red" role="alert" mt="sm">
            {events.error.message}
          </Alert>
        )}
      </Paper>
      <Paper p="md" withBorder>
        <Table striped aria-label="Audit events">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who (as they were then)</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th>Record</Table.Th>
              <Table.Th>Detail</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(events.data?.items ?? []).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{formatInstantGb(r.at)}</Table.Td>
                <Table.Td>
                  {who(r)}
                  {r.workstation && (
                    <Text size="xs" c="dimmed">
                      on {r.workstation}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{auditActionLabel(r.action)}</Table.Td>
                <Table.Td>{r.patientId ?? ''}</Table.Td>
                <Table.Td>{detailText(r)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="space-between" mt="sm">
          <Text size="sm">
            {total === 0
              ? 'No events.'
              : `${page * 50 + 1}–${Math.min(total, page * 50 + 50)} of ${
                  events.data?.more
                    ? `more than ${total.toLocaleString('en-GB')} (choose a user, record or event to narrow)`
                    : total.toLocaleString('en-GB')
                }`}
          </Text>
          <Group>
            <Button variant="subtle" disabled={page === 0} onClick={() => setPage(page - 1)}>
              Newer
            </Button>
            <Button variant="subtle" disabled={(page + 1) * 50 >= total} onClick={() => setPage(page + 1)}>
              Older
            </Button>
          </Group>
        </Group>
      </Paper>
    </Stack>
  );
}
