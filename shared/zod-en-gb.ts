import { z } from 'zod';

/**
 * Issue 18: the words people see when a schema has no message of its own, in en-GB and without field
 * names or library text (zod's defaults read "Too small: expected number to be >0" and "Too big: expected
 * string to have <=5000 characters"). A schema's own message always wins. Installed on import by the
 * dispatcher and the renderer (one `zod` module, one configuration).
 */
const n = (v: number | bigint) => Number(v).toLocaleString('en-GB');

export function enGbMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'too_small': {
      const min = issue.minimum as number;
      if (issue.origin === 'string')
        return min <= 1 ? 'This cannot be left blank.' : `Enter at least ${n(min)} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return min <= 1 ? 'Add at least one.' : `Add at least ${n(min)}.`;
      if (issue.origin === 'date') return 'Enter a later date.';
      return issue.inclusive ? `Enter ${n(min)} or more.` : `Enter a number greater than ${n(min)}.`;
    }
    case 'too_big': {
      const max = issue.maximum as number;
      if (issue.origin === 'string') return `This can be at most ${n(max)} characters long.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `At most ${n(max)} can be added.`;
      if (issue.origin === 'date') return 'Enter an earlier date.';
      return issue.inclusive ? `Enter ${n(max)} or less.` : `Enter a number less than ${n(max)}.`;
    }
    case 'invalid_type':
      if (issue.expected === 'int') return 'Enter a whole number.';
      if (issue.input === undefined || issue.input === null) return 'This is needed.';
      if (issue.expected === 'number') return 'Enter a number.';
      if (issue.expected === 'boolean') return 'Choose yes or no.';
      if (issue.expected === 'string') return 'Enter some text.';
      if (issue.expected === 'date') return 'Enter a date as dd/mm/yyyy.';
      return 'This value is not the right kind.';
    case 'not_multiple_of':
      return `Enter a multiple of ${n(issue.divisor as number)}.`;
    case 'invalid_value':
      return 'Choose one of the options.';
    case 'invalid_format':
      if (issue.format === 'email') return 'Enter an email address, e.g. name@nhs.net.';
      if (issue.format === 'date' || issue.format === 'datetime') return 'Enter a date as dd/mm/yyyy.';
      return 'This is not in the expected form.';
    case 'unrecognized_keys':
      return 'The form sent something unexpected; nothing was saved. Reload the page and try again.';
    case 'invalid_union':
      return 'Check this value.';
    case 'custom':
      return 'Check this value.';
    default:
      return 'Check this value.';
  }
}

z.config({ customError: enGbMessage });
