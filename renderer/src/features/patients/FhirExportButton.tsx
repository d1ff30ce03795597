import { Alert, Button, Stack, Table, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useMemo } from 'react';
import { codesSent, countsInWords } from '../../../../shared/fhir/labels';
import { api } from '../../api/client';

/**
 * Saves the patient's record as a FHIR R4 UK Core file, for the trust's record or the GP; the export is
 * audited in the main process. Then lists the medicines, diagnoses, measures and procedures in the file with
 * the code each went out with (dm+d, ICD-11, LOINC), or says it went by name only, so nobody assumes a code.
 */
export function FhirExportButton({ patientId }: { patientId: number }) {
  const exportRecord = useMutation({
    mutationFn: () => api.call('fhir:exportPatient', { patientId }),
    onSuccess: (out) => {
      const url = URL.createObjectURL(new Blob([out.json], { type: 'application/fhir+json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = out.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
  const json = exportRecord.data?.json;
  const codes = useMemo(() => (json ? codesSent(JSON.parse(json)) : []), [json]);
  return (
    <Stack gap={4} align="flex-end">
      <Button variant="default" loading={exportRecord.isPending} onClick={() => exportRecord.mutate()}>
        Export record (FHIR)
      </Button>
      {exportRecord.isSuccess && (
        <Text size="sm" role="status">
          Saved {exportRecord.data.fileName}: {countsInWords(exportRecord.data.counts)}.
        </Text>
      )}
      {exportRecord.isSuccess && codes.length > 0 && (
        <Table withTableBorder aria-label="Codes in the file" maw={720}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Record</Table.Th>
              <Table.Th>Sent as</Table.Th>
              <Table.Th>Code sent</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {codes.map((c) => (
              <Table.Tr key={`${c.kind}|${c.text}|${c.code ?? ''}`}>
                <Table.Td>{c.kind}</Table.Td>
                <Table.Td>{c.text}</Table.Td>
                <Table.Td>{c.code ?? 'No code held: sent by name only'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {exportRecord.isError && (
        <Alert color="red" role="alert">
          {exportRecord.error.message}
        </Alert>
      )}
    </Stack>
  );
}
