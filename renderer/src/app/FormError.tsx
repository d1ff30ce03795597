import { Notice } from './Notice';

/** The form-level "Not saved" alert, announced to screen readers; nothing when there is no message. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Notice kind="error" title="Not saved">
      {message}
    </Notice>
  );
}
