import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';

export type NoticeKind = 'error' | 'warning' | 'success' | 'info';

const LOOK: Record<NoticeKind, { color: string; title: string | null; role: 'alert' | 'status' }> = {
  // Dark text on a pale fill (never red on red): 7:1 or better, checked by axe in the e2e tests.
  error: { color: 'red.9', title: 'Not done', role: 'alert' },
  warning: { color: 'orange.9', title: 'Warning', role: 'alert' },
  success: { color: 'green.9', title: null, role: 'status' },
  info: { color: 'brand.9', title: null, role: 'status' },
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
      title={title ?? look.title}
      role={look.role}
      data-notice={kind}
      {...(mt ? { mt } : {})}
    >
      {children}
    </Alert>
  );
}
