import { rehabHistorySentence } from '../../../../shared/clinical/rehab/history';
import {
  Alert,
  Button,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { formatDateGb, formatInstantGb } from '../../../../shared/dates';
import { auditFieldWords } from '../../../../shared/domain/audit';
import { chronicPainTitle } from '../../../../shared/domain/icd11';
import {
  PATIENT_FIELD_LABELS,
  REFERRAL_SOURCE_LABELS,
  type Patient,
} from '../../../../shared/domain/patient';
import { api } from '../../api/client';
import { useSession } from '../../app/session';
import { PatientInterventionsTab } from '../interventions';
import { PatientMdtTab } from '../mdt';
import { PatientMedicinesTab } from '../medicines';
import { PatientRehabTab } from '../rehab';
import { RiskAlertsPanel, useRiskAlerts } from '../rehab/RiskAlerts';
import { FhirExportButton } from './FhirExportButton';
import { PatientBanner } from './PatientBanner';
import { PatientForm } from './PatientForm';
import { auditActionLabel } from '../../../../shared/audit-actions';

export function usePatient(id: number) {
  return useQuery({ queryKey: ['patients:get', id], queryFn: () => api.call('patients:get', { id }) });
}

function Field({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text>{value || '—'}</Text>
    </div>
  );
}

function Summary({ patient }: { patient: Patient }) {
  return (
    <Stack>
      <RiskAlertsPanel patientId={patient.id} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            Diagnosis
          </Title>
          <Stack gap="xs">
            <Field
              label="ICD-11 chronic pain"
              value={
                patient.diagnosisCode
                  ? `${patient.diagnosisCode} ${chronicPainTitle(patient.diagnosisCode)}`
                  : 'Not yet classified'
              }
            />
            <Field label="Main site" value={patient.diagnosisSite} />
            <Field label="Notes" value={patient.diagnosisNotes} />
          </Stack>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            What matters to me
          </Title>
          <Text style={{ whiteSpace: 'pre-wrap' }}>
            {patient.whatMatters ||
              'Not yet recorded. Ask the patient what they would most like to get back to.'}
          </Text>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            Referral and care
          </Title>
          <SimpleGrid cols={2}>
            <Field
              label="Referred"
              value={patient.referralDate ? formatDateGb(patient.referralDate) : null}
            />
            <Field
              label="Source"
              value={patient.referralSource ? REFERRAL_SOURCE_LABELS[patient.referralSource] : null}
            />
            <Field label="Lead clinician" value={patient.leadClinicianName} />
            <Field label="GP practice" value={patient.gpPractice} />
            <Field label="Postcode" value={patient.postcode} />
          </SimpleGrid>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            Allergies
          </Title>
          {patient.allergies.length === 0 ? (
            <Text>No allergies recorded.</Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Agent</Table.Th>
                  <Table.Th>Reaction</Table.Th>
                  <Table.Th>Recorded</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {patient.allergies.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>{a.agent}</Table.Td>
                    <Table.Td>{a.reaction}</Table.Td>
                    <Table.Td>{a.recordedOn ? formatDateGb(a.recordedOn) : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}

function formatValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  // Dates and times as a clinician reads them, never as stored (2026-08-03, 2026-08-03T10:00:00.000Z).
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDateGb(v);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return formatInstantGb(v);
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (Array.isArray(v))
    return v.length === 0
      ? 'none'
      : v
          .map((x) =>
            typeof x === 'object' && x
              ? Object.values(x).filter(Boolean).map(formatValue).join(' / ')
              : formatValue(x),
          )
          .join('; ');
  // A nested record reads as its values, never "[object Object]".
  if (typeof v === 'object') return Object.values(v).filter(Boolean).map(formatValue).join(' / ') || '—';
  return String(v);
}

function History({ patientId }: { patientId: number }) {
  const history = useQuery({
    queryKey: ['patients:history', patientId],
    queryFn: () => api.call('patients:history', { id: patientId }),
  });
  if (history.isPending) return <Loader />;
  if (history.isError) return <Alert color="red">{history.error.message}</Alert>;
  return (
    <Table striped aria-label="Record history">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>Who</Table.Th>
          <Table.Th>What</Table.Th>
          <Table.Th>Changes (before → after)</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {history.data.map((h) => {
          // Rehabilitation entries read as one sentence: when, who, what and why (issue 15).
          const sentence = rehabHistorySentence(h);
          if (sentence)
            return (
              <Table.Tr key={h.id} data-testid="history-row">
                <Table.Td colSpan={4}>{sentence}</Table.Td>
              </Table.Tr>
            );
          return (
            <Table.Tr key={h.id} data-testid="history-row">
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstantGb(h.at)}</Table.Td>
              <Table.Td>{h.userName ?? 'System'}</Table.Td>
              <Table.Td>{auditActionLabel(h.action)}</Table.Td>
              <Table.Td>
                {h.changes.map((c) => (
                  <div key={c.field}>
                    <Text span fw={600}>
                      {PATIENT_FIELD_LABELS[c.field] ?? auditFieldWords(c.field)}
                    </Text>
                    :{' '}
                    {h.action === 'patient.create'
                      ? formatValue(c.after)
                      : `${formatValue(c.before)} → ${formatValue(c.after)}`}
                  </div>
                ))}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

export function PatientRecordPage({ mode }: { mode: 'view' | 'edit' }) {
  const { id } = useParams();
  const patientId = Number(id);
  const navigate = useNavigate();
  const session = useSession();
  const patient = usePatient(patientId);
  // The summary's risk alerts are asked for with the patient, not after it arrives (no waterfall; issue 18).
  useRiskAlerts(patientId);
  if (patient.isPending) return <Loader aria-label="Loading patient" />;
  if (patient.isError) return <Alert color="red">{patient.error.message}</Alert>;
  const p = patient.data;
  return (
    <Stack>
      <PatientBanner patient={p} />
      {mode === 'edit' ? (
        <PatientForm patient={p} />
      ) : (
        <>
          <Group justify="flex-end" align="flex-start">
            <FhirExportButton patientId={p.id} />
            {session.can('patient.write') && (
              <Button onClick={() => navigate(`/patients/${p.id}/edit`)}>Edit details</Button>
            )}
          </Group>
          <Tabs defaultValue="summary" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="summary">Summary</Tabs.Tab>
              <Tabs.Tab value="mdt">MDT</Tabs.Tab>
              <Tabs.Tab value="medicines">Medicines</Tabs.Tab>
              <Tabs.Tab value="interventions">Interventions</Tabs.Tab>
              <Tabs.Tab value="rehab">Rehab</Tabs.Tab>
              {session.can('audit.read') && <Tabs.Tab value="history">History</Tabs.Tab>}
            </Tabs.List>
            <Tabs.Panel value="summary" pt="md">
              <Summary patient={p} />
            </Tabs.Panel>
            <Tabs.Panel value="mdt" pt="md">
              <PatientMdtTab patient={p} />
            </Tabs.Panel>
            <Tabs.Panel value="medicines" pt="md">
              <PatientMedicinesTab patient={p} />
            </Tabs.Panel>
            <Tabs.Panel value="interventions" pt="md">
              <PatientInterventionsTab patient={p} />
            </Tabs.Panel>
            <Tabs.Panel value="rehab" pt="md">
              <PatientRehabTab patient={p} />
            </Tabs.Panel>
            <Tabs.Panel value="history" pt="md">
              <History patientId={p.id} />
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </Stack>
  );
}
