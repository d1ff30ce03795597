import { describe, expect, it } from 'vitest';
import { formatDateEntry, parseDateEntry, parseTimeEntry } from '../../shared/date-entry';

// Issue 18: a date of birth typed as 07031961 for 7 March 1961 was stored as 3 July (the browser's US
// mm/dd/yyyy). UK dates are day first (NHS Digital, Common User Interface date display guidance, 2010).
describe('parseDateEntry: day first, whatever the machine locale', () => {
  it.each([
    ['07/03/1961'],
    ['7/3/1961'],
    ['07031961'],
    ['07-Mar-1961'],
    ['7 Mar 1961'],
    ['7 March 1961'],
    ['07.03.1961'],
    ['07-03-1961'],
    [' 07/03/1961 '],
    ['1961-03-07'],
  ])('%s is 7 March 1961', (typed) => {
    expect(parseDateEntry(typed)).toBe('1961-03-07');
  });

  it.each([['31/02/2026'], ['13/13/2026'], ['0703196'], ['07/03/61'], ['Mar 7'], ['07-Foo-1961'], ['']])(
    '%s is not a date',
    (typed) => {
      expect(parseDateEntry(typed)).toBeNull();
    },
  );

  it('shows a stored date as dd/mm/yyyy', () => {
    expect(formatDateEntry('1961-03-07')).toBe('07/03/1961');
    expect(formatDateEntry('')).toBe('');
  });
});

describe('parseTimeEntry: 24-hour', () => {
  it.each([
    ['08:30', '08:30'],
    ['8:30', '08:30'],
    ['0830', '08:30'],
    ['830', '08:30'],
    ['08.30', '08:30'],
    ['20:05', '20:05'],
    ['8', '08:00'],
    ['8:30 pm', '20:30'],
    ['12:15 am', '00:15'],
  ])('%s is %s', (typed, expected) => {
    expect(parseTimeEntry(typed)).toBe(expected);
  });
  it.each([['24:00'], ['08:60'], ['abc'], ['']])('%s is not a time', (typed) => {
    expect(parseTimeEntry(typed)).toBeNull();
  });
});
