import { Alert } from '@mantine/core';

/** The form-level "Not saved" alert, announced to screen readers; nothing when there is no message. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" role="alert" title="Not saved">
      {message}
    </Alert>
  );
}
