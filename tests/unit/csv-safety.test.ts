import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, isFormulaLike } from '../../shared/csv-cell';
import { checkImport } from '../../shared/domain/data';

/**
 * Issue 17: the CSV import refuses impossible values and shows the bad value in each message; formula-
 * like text (cells starting with = + - @, OWASP "CSV injection") is flagged so it never enters the
 * database; every CSV the app writes neutralises such cells (shared/csv-cell.ts).
 */
const HEAD = 'NHS number,Surname,Forename,Date of birth,Sex,Referral date\n';
const TODAY = '2026-11-21';

describe('CSV import: impossible values, the bad value shown', () => {
  it('refuses a date of birth in 2150, and says what the file had', () => {
    const r = checkImport(`${HEAD}9434765919,Smith,Jo,07/03/2150,F,\n`, undefined, TODAY);
    expect(r.valid).toEqual([]);
    expect(r.errors).toEqual([
      {
        line: 2,
        field: 'dateOfBirth',
        message: 'The date of birth is in the future. (in the file: "07/03/2150")',
      },
    ]);
  });

  it('refuses a birth more than 130 years ago and a referral in the future', () => {
    const r = checkImport(
      `${HEAD}9434765919,Smith,Jo,01/01/1890,F,\n9434765870,Jones,Al,01/01/1960,M,01/01/2027\n`,
      undefined,
      TODAY,
    );
    expect(r.valid).toEqual([]);
    expect(r.errors.map((e) => [e.line, e.field, e.message])).toEqual([
      [2, 'dateOfBirth', 'The date of birth is more than 130 years ago. (in the file: "01/01/1890")'],
      [3, 'referralDate', 'The referral date is in the future. (in the file: "01/01/2027")'],
    ]);
  });

  it('every field message carries the value from the file', () => {
    const r = checkImport(`${HEAD}1234567890,Smith,Jo,31/02/1961,X,\n`, undefined, TODAY);
    for (const e of r.errors) expect(e.message).toMatch(/\(in the file: "[^"]+"\)$/);
    expect(r.errors.map((e) => e.field).sort()).toEqual(['dateOfBirth', 'nhsNumber', 'sex']);
  });

  it('a valid row still imports', () => {
    const r = checkImport(`${HEAD}9434765919,Smith,Jo,07/03/1961,F,01/11/2026\n`, undefined, TODAY);
    expect(r.errors).toEqual([]);
    expect(r.valid).toHaveLength(1);
  });
});

describe('CSV import: formula-like text is flagged', () => {
  it.each(['=HYPERLINK("http://evil","x")', '+SUM(1,2)', '-2+3', '@cmd'])('refuses a surname %s', (cell) => {
    const r = checkImport(
      `${HEAD}9434765919,"${cell.replace(/"/g, '""')}",Jo,07/03/1961,F,\n`,
      undefined,
      TODAY,
    );
    expect(r.valid).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.field).toBe('surname');
    expect(r.errors[0]!.message).toContain(
      `starts with "${cell[0]}", which a spreadsheet would run as a formula`,
    );
    expect(r.errors[0]!.message).toContain('Surname "');
  });
});

describe('csvCell: what the app writes is safe in a spreadsheet', () => {
  it('neutralises formula-like cells with a leading apostrophe, and quotes per RFC 4180', () => {
    expect(isFormulaLike('=1+1')).toBe(true);
    expect(isFormulaLike('Smith')).toBe(false);
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+44 113')).toBe("'+44 113");
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell("O'Brien, Mary")).toBe('"O\'Brien, Mary"');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(csvRow(['a', '=b', 3])).toBe("a,'=b,3\r\n");
  });
});
