import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { errorText } from './common';

/**
 * The patient letter as it would be written from the outcome typed so far (issue 16): the chair reads what
 * the patient will be told before confirming. `beforePreview` saves what is still being typed first.
 */
export function PatientLetterPreview({
  listingId,
  beforePreview,
}: {
  listingId: number;
  beforePreview: () => Promise<void>;
}) {
  const preview = useMutation({
    mutationFn: async () => {
      await beforePreview();
      return api.call('mdt:outcome:previewPatientLetter', { listingId });
    },
  });
  return (
    <Stack gap="xs">
      <Button
        variant="default"
        color="brand.9"
        w="fit-content"
        onClick={() => preview.mutate()}
        loading={preview.isPending}
      >
        {preview.data ? 'Refresh the patient letter preview' : 'Preview the patient letter'}
      </Button>
      {preview.error && <Text c="red.9">{errorText(preview.error)}</Text>}
      {preview.data && (
        <Paper withBorder p="sm" aria-label="Patient letter preview" role="region">
          <Title order={3} size="h5" mb="xs">
            What the patient will read
          </Title>
          {preview.data.problem ? (
            <Text c="red.9">{preview.data.problem}</Text>
          ) : (
            <Text component="pre" style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', margin: 0 }}>
              {preview.data.text}
            </Text>
          )}
        </Paper>
      )}
    </Stack>
  );
}
