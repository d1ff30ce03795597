import { Button, Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { PrintDocumentName } from '../../../shared/print';
import { printMode, printView, signalPrintReady } from './print';

/**
 * The print views' one button: "Save as PDF" in the desktop app, "Print" in the browser preview. Print
 * views render it only once their content is on screen, so mounting it is also the view's "ready" signal
 * to the desktop host's hidden print window. Hidden when printing (class no-print on the group).
 */
export function PrintButton({ document, color = 'brand' }: { document: PrintDocumentName; color?: string }) {
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const mode = printMode();
  useEffect(() => signalPrintReady(), []);
  const run = async () => {
    setBusy(true);
    setStatus(null);
    try {
      const outcome = await printView(document);
      if (outcome.kind === 'pdf-saved') setStatus({ text: `Saved as ${outcome.fileName}.`, error: false });
      else if (outcome.kind === 'pdf-cancelled') setStatus({ text: 'Not saved.', error: false });
    } catch (err) {
      setStatus({ text: (err as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Group gap="xs" className="no-print">
      <Button color={color} loading={busy} onClick={() => void run()}>
        {mode === 'pdf' ? 'Save as PDF' : 'Print'}
      </Button>
      <Text size="sm" c={status?.error ? 'red.9' : 'dimmed'} role="status" aria-live="polite">
        {status?.text ?? ''}
      </Text>
    </Group>
  );
}
