/**
 * The words a letter carries on screen, in print and in its PDF when it must not be used as it stands
 * (issue 16): a letter replaced after the outcome was amended, and one written from an example template the
 * service has not yet approved.
 */
export const LETTER_MARKS = {
  superseded: 'Superseded – do not use',
  unapprovedTemplate: 'This letter uses an example template that your service has not yet approved.',
} as const;
