import { describe, expect, it } from 'vitest';
import {
  formatNhsNumber,
  isValidNhsNumber,
  nhsNumberProblem,
  normaliseNhsNumber,
} from '../../shared/nhs-number';

// Worked by hand: 943 476 591 → 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2
//   = 90 + 36 + 24 + 28 + 42 + 30 + 20 + 27 + 2 = 299; 299 mod 11 = 2; 11 − 2 = 9 → check digit 9.
// 401 023 213 → 4×10 + 0 + 1×8 + 0 + 2×6 + 3×5 + 2×4 + 1×3 + 3×2 = 40+8+12+15+8+3+6 = 92; 92 mod 11 = 4; 11−4 = 7.
// 999 000 001 → 9×10+9×9+9×8 + 0+0+0+0+0 + 1×2 = 90+81+72+2 = 245; 245 mod 11 = 3; 11−3 = 8.
// 999 000 009 → 243 + 9×2 = 261; 261 mod 11 = 8; 11 − 8 = 3.
// 100 000 000 → 1×10 = 10; 10 mod 11 = 10; 11 − 10 = 1.
// 123 456 789 → 10+18+24+28+30+30+28+24+18 = 210; 210 mod 11 = 1; 11 − 1 = 10 → no valid check digit.
// 440 000 000 → 4×10 + 4×9 = 76; 76 mod 11 = 10 → 11 − 10 = 1 → 4400000001.
// 550 000 000 → 5×10 + 5×9 = 95; 95 mod 11 = 7 → 4 → 5500000004.
// 770 000 000 → 70 + 63 = 133; 133 mod 11 = 1 → 10 → invalid.
// 200 000 000 + digit 1 at weight 2 → 20 + 2 = 22 → 22 mod 11 = 0 → 11 → check 0: 2000000010.
const cases: [string, boolean, string | null][] = [
  ['9434765919', true, null],
  ['943 476 5919', true, null],
  ['943-476-5919', true, null],
  ['4010232137', true, null],
  ['9990000018', true, null],
  ['9990000093', true, null],
  ['1000000001', true, null],
  ['2000000010', true, null], // remainder 0 → check digit 11 → 0
  ['4400000001', true, null],
  ['5500000004', true, null],
  ['9434765918', false, 'check-digit'],
  ['1234567890', false, 'check-digit'], // check would be 10: never valid
  ['7700000000', false, 'check-digit'],
  ['943476591', false, 'not-ten-digits'],
  ['94347659190', false, 'not-ten-digits'],
  ['94347659a9', false, 'not-ten-digits'],
  ['', false, 'not-ten-digits'],
  ['0000000000', false, 'all-same-digit'],
  ['1111111111', false, 'all-same-digit'],
];

describe('NHS number Modulus 11 check', () => {
  it.each(cases)('%s → valid %s', (input, valid, problem) => {
    expect(isValidNhsNumber(input)).toBe(valid);
    expect(nhsNumberProblem(input)).toBe(problem);
  });

  it('normalises and formats as 3-3-4', () => {
    expect(normaliseNhsNumber(' 943 476-5919 ')).toBe('9434765919');
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
    expect(formatNhsNumber('12345')).toBe('12345');
  });
});
