import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toCsv as sharedToCsv } from '../../shared/csv';
import { csvRow } from '../../shared/csv-cell';
import { csvCell as datasetCell } from '../../shared/audit-dataset';
import { toCsv as auditToCsv } from '../../shared/domain/audit';

/**
 * Issue 17, keeping the data healthy: "any CSV export the app writes neutralises such cells" (= + - @ at
 * the start, and tab or carriage return, OWASP "CSV injection"). The app writes CSV through four helpers
 * (service outcomes, the audit dataset, the subject-access export, csv-cell); each must neutralise, and no
 * file may build CSV any other way. Expected cells written by hand: a leading apostrophe, then RFC 4180
 * quoting.
 */
const ATTACKS = ['=HYPERLINK("http://evil","x")', '+SUM(1,2)', '-2+3', '@cmd', '\tx', '\rx'];

const cellsOf = (line: string) => line.replace(/\r?\n$/, '');

describe('every CSV writer of the app neutralises formula-like text', () => {
  it.each(ATTACKS)('%j becomes text in all four writers', (attack) => {
    const outputs = [
      cellsOf(sharedToCsv(['h'], [[attack]]).split('\r\n')[1]!),
      cellsOf(auditToCsv(['h'], [[attack]]).split('\r\n')[1]!),
      datasetCell(attack),
      cellsOf(csvRow([attack])),
    ];
    for (const out of outputs) {
      // The cell, unquoted, starts with the apostrophe: a spreadsheet shows it as text and runs nothing.
      const unquoted = out.startsWith('"') ? out.slice(1, -1).replace(/""/g, '"') : out;
      expect(unquoted).toBe(`'${attack}`);
    }
  });

  it('files that write a CSV download or file use one of those writers (none builds CSV by hand)', () => {
    const root = resolve(import.meta.dirname, '../..');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|tsx)$/.test(name)) files.push(path);
      }
    };
    for (const dir of ['renderer/src', 'db', 'electron', 'server'].map((d) => join(root, d)))
      try {
        walk(dir);
      } catch {
        /* a folder this checkout does not have */
      }
    const writers = files.filter((f) =>
      /new Blob\(\[[^\]]*\][^)]*text\/csv|\.csv['`]/.test(readFileSync(f, 'utf8')),
    );
    expect(writers.length).toBeGreaterThan(0);
    console.log(`[csv] writers: ${writers.map((f) => relative(root, f)).join(', ')}`);
    const unsafe = writers.filter(
      (f) =>
        !/from '[./]*(shared\/(csv|csv-cell|audit-dataset|domain\/audit))'|toCsv|csvCell|csvRow|datasetCsv|dictionaryCsv|subjectAccessExport/.test(
          readFileSync(f, 'utf8'),
        ),
    );
    expect(unsafe.map((f) => relative(root, f))).toEqual([]);
  });
});
