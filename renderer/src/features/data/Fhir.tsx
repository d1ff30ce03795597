import { Alert, Button, Group, List, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { codedSummary, codeTallyRows, countsInWords } from '../../../../shared/fhir/labels';
import type { BulkExportStatus, FhirImportPreview, FhirImportResult } from '../../../../shared/ipc/fhir';
import { plural } from '../../../../shared/plural';
import { formatInstantGb } from '../../../../shared/dates';
import { api, ApiError } from '../../api/client';
import { FileCheck } from './FileCheck';
import { queryKeyFor } from '../../api/queries';

/**
 * FHIR exchange on the Data screen: importing patients and allergies from a FHIR Bundle (a GP Connect
 * structured record, a trust export, or another Alongside), checked first and then all or nothing; and the
 * service-wide export for the trust's data warehouse, with its progress.
 */
export function FhirImportPanel() {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [preview, setPreview] = useState<FhirImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<FhirImportResult | null>(null);

  async function check(f: File) {
    setError(null);
    setPreview(null);
    setDone(null);
    setBusy(true);
    try {
      const json = await f.text();
      setText(json);
      setPreview(await api.call('fhir:importPreview', { json }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The file could not be read.');
    } finally {
      setBusy(false);
    }
  }

  async function commit() {
    if (!text) return;
    setBusy(true);
    setError(null);
    try {
      setDone(await api.call('fhir:importCommit', { json: text, confirm: true }));
      setPreview(null);
      await queryClient.invalidateQueries();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Nothing was imported.');
    } finally {
      setBusy(false);
    }
  }

  const ready = preview && preview.problems.length === 0 && preview.patientCount > 0;
  return (
    <Paper p="md" withBorder component="section" aria-label="Import from a FHIR file">
      <Stack>
        <Title order={2} size="h2">
          Import from a FHIR file
        </Title>
        <Text size="sm" c="dimmed">
          A FHIR R4 Bundle (JSON), such as a GP Connect structured record or another service&apos;s export.
          Patients and their allergies are checked as the registration form checks them, and current medicines
          as the Medicines tab checks them; then all are imported, or none. Medicines from other systems are
          kept as written and are not counted in the OME until entered from the formulary.
        </Text>
        <FileCheck
          label="FHIR file (JSON)"
          accept=".json,application/fhir+json,application/json"
          file={file}
          onChoose={(f) => {
            setFile(f);
            setPreview(null);
            setDone(null);
          }}
          onCheck={(f) => void check(f)}
          busy={busy}
          checking={busy && !preview}
          error={error}
        />
        {done && (
          <Alert color="teal" variant="outline" c="teal.9" role="status">
            Imported {plural(done.patients, 'patient')}, {plural(done.allergies, 'allergy', 'allergies')} and{' '}
            {plural(done.medicines, 'medicine')}.
          </Alert>
        )}
        {preview && (
          <Stack>
            <Text role="status">
              {plural(preview.patientCount, 'patient')} with{' '}
              {plural(preview.allergyCount, 'allergy', 'allergies')} and{' '}
              {plural(preview.medicineCount, 'medicine')}
              {preview.asWrittenCount > 0 &&
                ` (${preview.asWrittenCount} kept as written, not counted in the OME)`}
              ; {plural(preview.problems.length, 'problem')}.
            </Text>
            {preview.problems.length > 0 && (
              <>
                <Alert color="red" variant="outline">
                  <Text fw={700} c="red.9">
                    Nothing will be imported until every problem is put right
                  </Text>
                </Alert>
                <Table striped aria-label="Problems by entry">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Entry</Table.Th>
                      <Table.Th>About</Table.Th>
                      <Table.Th>Problem</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {preview.problems.map((p, i) => (
                      <Table.Tr key={`${p.entry}-${p.field}-${i}`}>
                        <Table.Td>{p.entry}</Table.Td>
                        <Table.Td>{p.field}</Table.Td>
                        <Table.Td>{p.message}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </>
            )}
            {preview.notImported.length > 0 && (
              <List size="sm" aria-label="Read but not imported">
                {preview.notImported.map((n) => (
                  <List.Item key={`${n.resourceType}-${n.why}`}>
                    {n.count} not imported: {n.why}
                  </List.Item>
                ))}
              </List>
            )}
            {ready && (
              <>
                <List size="sm" aria-label="Patients to import">
                  {preview.patients.slice(0, 20).map((p) => (
                    <List.Item key={p.entry}>{p.label}</List.Item>
                  ))}
                </List>
                {preview.patients.some((p) => p.medicines.length > 0) && (
                  <ImportMedicinesTable patients={preview.patients.slice(0, 20)} />
                )}
                <Group>
                  <Button onClick={() => void commit()} loading={busy}>
                    Import {plural(preview.patientCount, 'patient')}
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** The service-wide export (FHIR Bulk Data, one file per resource type) with its progress. */
export function BulkExportPanel() {
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => api.call('fhir:bulkExportStart', {}),
    onSuccess: (s) => setJobId(s.id),
  });
  const status = useQuery({
    queryKey: queryKeyFor('fhir:bulkExportStatus', { id: jobId ?? '' }),
    queryFn: () => api.call('fhir:bulkExportStatus', { id: jobId! }),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data?.state === 'running' || !q.state.data ? 1000 : false),
  });
  const s = status.data ?? start.data;
  const running = s?.state === 'running';
  const percent = s && s.total > 0 ? Math.round((s.done / s.total) * 100) : 0;
  return (
    <Paper p="md" withBorder component="section" aria-label="Export for the data warehouse (FHIR)">
      <Stack>
        <Title order={2} size="h2">
          Export for the data warehouse (FHIR)
        </Title>
        <Text size="sm" c="dimmed">
          Every patient&apos;s record in the FHIR Bulk Data format (one file per kind of record), for the
          trust&apos;s data warehouse. The export is recorded in the audit trail. People can keep working
          while it runs.
        </Text>
        <Group>
          <Button onClick={() => start.mutate()} loading={start.isPending} disabled={running}>
            Export the whole service
          </Button>
        </Group>
        {start.isError && (
          <Alert color="red" variant="outline" c="red.9" role="alert">
            {start.error.message}
          </Alert>
        )}
        {s && running && (
          <Stack gap={4}>
            <Progress value={percent} aria-label={`Exporting: ${percent}%`} animated />
            <Text size="sm" role="status">
              {s.total > 0
                ? `${s.done.toLocaleString('en-GB')} of ${plural(s.total, 'patient')} exported`
                : 'Counting the patients…'}
            </Text>
          </Stack>
        )}
        {s?.state === 'finished' && (
          <>
            <Alert color="teal" variant="outline" c="teal.9" role="status">
              Export finished{s.finishedAt ? ` at ${formatInstantGb(s.finishedAt)}` : ''}:{' '}
              {countsInWords(s.counts)}. The files are in {s.folder}.
            </Alert>
            <ExportCodes counts={s.counts} codes={s.codes} />
          </>
        )}
        {s?.state === 'failed' && (
          <Alert color="red" variant="outline" c="red.9" role="alert">
            {s.message}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * Each medicine in the file to import: the dm+d code it came with (and what the formulary's code table calls
 * it), and the formulary product it is recorded as, or that it is kept as written and not counted.
 */
function ImportMedicinesTable({ patients }: { patients: FhirImportPreview['patients'] }) {
  return (
    <Table striped aria-label="Medicines in the file">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Patient</Table.Th>
          <Table.Th>Medicine</Table.Th>
          <Table.Th>dm+d code received</Table.Th>
          <Table.Th>On the formulary as</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {patients.flatMap((p) =>
          p.medicines.map((m) => (
            <Table.Tr key={`${p.entry}-${m.entry}`}>
              <Table.Td>{p.label}</Table.Td>
              <Table.Td>{m.label}</Table.Td>
              <Table.Td>
                {m.dmdReceived
                  ? `${m.dmdReceived.code} (${m.dmdReceived.name ?? 'not a code the formulary holds'})`
                  : 'None'}
              </Table.Td>
              <Table.Td>
                {m.formularyProduct ??
                  (m.codeNames
                    ? `Kept as written, not counted (${m.codeNames})`
                    : 'Kept as written, not counted')}
                {m.advice && (
                  <Text size="sm" c="dimmed">
                    {m.advice}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          )),
        )}
      </Table.Tbody>
    </Table>
  );
}

/** Which code systems a finished export's records carry, and how many records carry a standard code. */
function ExportCodes({
  counts,
  codes,
}: {
  counts: Record<string, number>;
  codes: BulkExportStatus['codes'];
}) {
  const rows = codeTallyRows(codes);
  return (
    <Stack gap={4}>
      <Text size="sm">{codedSummary(counts, codes)}</Text>
      {rows.length > 0 && (
        <Table striped aria-label="Codes in the files">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Code system</Table.Th>
              <Table.Th>Records carrying it</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.system}>
                <Table.Td>{r.system}</Table.Td>
                <Table.Td>{r.records}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
