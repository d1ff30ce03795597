import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDispatcher } from '../../db/dispatcher';
import { forPeople } from '../../shared/messages';
import { plural } from '../../shared/plural';
import '../../shared/zod-en-gb';

/**
 * Issue 18: every message a person sees is written for them. Seen on screen: "Too small: expected number
 * to be >0", "Too big: expected string to have <=5000 characters" (zod's own text), field names
 * ("unavailableMinutes"), ISO dates and internal ids ("session 153"), and "1 sessions".
 */
describe('zod messages in en-GB, without field names or library text', () => {
  it.each([
    [z.number().positive(), 0, 'Enter a number greater than 0.'],
    [z.number().min(1), 0, 'Enter 1 or more.'],
    [z.number().max(600), 601, 'Enter 600 or less.'],
    [z.string().max(5000), 'x'.repeat(5001), 'This can be at most 5,000 characters long.'],
    [z.string().min(1), '', 'This cannot be left blank.'],
    [z.number(), 'abc', 'Enter a number.'],
    [z.number().int(), 1.5, 'Enter a whole number.'],
    [z.enum(['a', 'b']), 'c', 'Choose one of the options.'],
  ])('%#', (schema, value, message) => {
    const r = (schema as z.ZodType).safeParse(value);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]!.message).toBe(message);
  });

  it('never shows zod text or a field name through the dispatcher', async () => {
    // Validation answers before the database is touched: a connection with no file is enough.
    const dispatcher = createDispatcher({ file: ':memory:' } as never, {});
    const r = await dispatcher.dispatch('x', 'mdt:outcome:saveDraft', {
      listingId: 1,
      version: 1,
      summary: 'x'.repeat(5001),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const all = [r.error.message, ...Object.values(r.error.fields ?? {})].join(' ');
      expect(all).not.toMatch(/Too big|Too small|expected (number|string)|Invalid input|<=|>=/);
    }
  });
});

describe('forPeople: messages from rules and services', () => {
  it('drops a leading field name and shows ISO dates en-GB', () => {
    expect(forPeople('doseTimes: give a list of HH:mm dose times.')).toBe('Give a list of HH:mm dose times.');
    expect(forPeople('The patient is already booked on 2026-11-30.')).toBe(
      'The patient is already booked on 30-Nov-2026.',
    );
    expect(forPeople('Start 2026-11-30T08:30 is past.')).toBe('Start 30-Nov-2026 08:30 is past.');
  });
});

describe('plural', () => {
  it('says "1 session", "2 sessions", "1,440 patients"', () => {
    expect(plural(1, 'session')).toBe('1 session');
    expect(plural(2, 'session')).toBe('2 sessions');
    expect(plural(0, 'session')).toBe('0 sessions');
    expect(plural(1440, 'patient')).toBe('1,440 patients');
    expect(plural(1, 'person', 'people')).toBe('1 person');
    expect(plural(3, 'person', 'people')).toBe('3 people');
  });
});
