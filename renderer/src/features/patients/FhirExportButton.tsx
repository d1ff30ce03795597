import { Alert, Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { countsInWords } from '../../../../shared/fhir/labels';
import { api } from '../../api/client';

/**
 * Saves the patient's record as a FHIR R4 UK Core file, for the trust's record or the GP; the export is
 * audited in the main process.
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
      {exportRecord.isError && (
        <Alert color="red" role="alert">
          {exportRecord.error.message}
        </Alert>
      )}
    </Stack>
  );
}
