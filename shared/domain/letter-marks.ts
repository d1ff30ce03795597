/**
 * The words a letter carries on screen, in print and in its PDF when it must not be used as it stands
 * (issue 16): a letter replaced after the outcome was amended, and one written from an example template the
 * service has not yet approved.
 */
export const LETTER_MARKS = {
  superseded: 'Superseded – do not use',
  unapprovedTemplate: 'This letter uses an example template that your service has not yet approved.',
} as const;

/**
 * Why a letter may not be printed or saved as a PDF, or null when it may: a superseded letter is never put
 * out as current, and a letter with gaps is not put out at all. One rule for the print audit and the desktop
 * host's Save as PDF (which refuses before any window or file).
 */
export function letterPrintRefusal(l: {
  supersededAt: string | null;
  body: string | null;
}): { code: 'CONFLICT' | 'VALIDATION'; message: string } | null {
  if (l.supersededAt !== null)
    return {
      code: 'CONFLICT',
      message: 'This letter was superseded when the outcome was amended: print the current version instead.',
    };
  if (l.body === null)
    return {
      code: 'VALIDATION',
      message: 'This letter cannot be printed until what it is missing is recorded.',
    };
  return null;
}
