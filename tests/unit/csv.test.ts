import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../shared/csv';

describe('CSV export (service outcomes)', () => {
  it('neutralises cells a spreadsheet would run as a formula: = + - @', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('-2')).toBe(`"'-2"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell(-2)).toBe('-2'); // a number is data
    expect(csvCell('Physiotherapy')).toBe('Physiotherapy');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell(null)).toBe('');
  });

  it('writes a header and rows with CRLF line ends', () => {
    expect(toCsv(['Measure', '% improved'], [['PHQ-9', 50]])).toBe('Measure,% improved\r\nPHQ-9,50\r\n');
  });
});
