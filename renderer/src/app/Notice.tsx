import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';

export type NoticeKind = 'error' | 'warning' | 'success' | 'info';

const LOOK: Record<NoticeKind, { color: string; title: string | null; role: 'alert' | 'status' }> = {
  // Dark text on a pale fill (never red on red): 7:1 or better, checked by axe in the e2e tests.
  error: { color: 'red', title: 'Not done', role: 'alert' },
  warning: { color: 'orange', title: 'Warning', role: 'alert' },
  success: { color: 'green', title: null, role: 'status' },
  info: { color: 'brand', title: null, role: 'status' },
};

/**
 * How a result is told, so that a warning always looks like a warning (issue 18: warnings came in red on
 * red, or in a green success box): one look per kind, with a written title for errors and warnings so
 * colour is never the only cue (WCAG 1.4.1).
 */
export function Notice({
  kind,
  title,
  children,
  mt,
}: {
  kind: NoticeKind;
  title?: string;
  children: ReactNode;
  mt?: string;
}) {
  const look = LOOK[kind];
  return (
    <Alert
      color={look.color}
      variant="light"
      c="dark.9"
      // The pale shade (0) behind near-black text, with the colour in a strong border and the written title:
      // a shade index in `color` made Mantine fill the box with the strong colour (dark text on red).
      styles={{
        root: {
          backgroundColor: `var(--mantine-color-${look.color}-0)`,
          border: `1px solid var(--mantine-color-${look.color}-8)`,
        },
        title: { color: 'var(--mantine-color-dark-9)' },
        message: { color: 'var(--mantine-color-dark-9)' },
      }}
      title={title ?? look.title}
      role={look.role}
      data-notice={kind}
      {...(mt ? { mt } : {})}
    >
      {children}
    </Alert>
  );
}
