import { describe, expect, it } from 'vitest';
import { findDeveloperText } from '../e2e/screen-text';

describe('the screen-text scan (tests/e2e/screen-text.ts)', () => {
  it('finds the developer text issue 15 saw on screen', () => {
    expect(
      findDeveloperText(
        'BPI: interference is in subscales.interference. Source: rehab-outcomes.md §2.3. ' +
          'Changes: [object Object]. At 2026-01-02T10:00:00.000Z by undefined, score NaN; field patient.dateOfBirth',
      ),
    ).toEqual([
      '[object Object]: [object Object]',
      'undefined: undefined',
      'NaN: NaN',
      'ISO timestamp: 2026-01-02T10:00:00.000Z',
      'file reference: rehab-outcomes.md',
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
});
