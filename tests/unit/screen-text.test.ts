import { describe, expect, it } from 'vitest';
import { findDeveloperText } from '../e2e/screen-text';

describe('the screen-text scan (tests/e2e/screen-text.ts)', () => {
  it('finds the developer text issue 15 saw on screen', () => {
    expect(
      findDeveloperText(
        'BPI: interference is in subscales.interference. Source: notes.md §2.3. ' +
          'Changes: [object Object]. At 2026-01-02T10:00:00.000Z by undefined, score NaN; field patient.dateOfBirth',
      ),
    ).toEqual([
      '[object Object]: [object Object]',
      'undefined: undefined',
      'NaN: NaN',
      'ISO timestamp: 2026-01-02T10:00:00.000Z',
      'file reference: notes.md',
      'field path: subscales.interference',
      'field path: patient.dateOfBirth',
    ]);
  });

  it('leaves clinical text alone: dates as shown, web addresses, e.g., decimals', () => {
    expect(
      findDeveloperText(
        'Completed 05-Oct-2026 at 14:30. See keele.ac.uk and www.nhs.uk, e.g. a PSFS mean of 5.7. T-score 50.0.',
      ),
    ).toEqual([]);
  });

  it('finds what issue 18 saw: ISO dates, internal ids, raw codes and field names', () => {
    expect(
      findDeveloperText(
        'Booked into session 153. 18-week breach date 2027-02-04. Status needs_prescriber_approval; unavailableMinutes.',
      ),
    ).toEqual([
      'ISO date: 2027-02-04',
      'internal id: session 153',
      'raw code: needs_prescriber_approval',
      'field name: unavailableMinutes',
    ]);
  });

  it('leaves session numbers of a programme and NHS numbers alone', () => {
    expect(findDeveloperText('Session 3 of 8. NHS 943 476 5919. Step 2: 45 mg. 1 sessions')).toEqual([]);
  });
});
