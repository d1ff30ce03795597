import { describe, expect, it } from 'vitest';
import { runBench, toMarkdown } from '../../bench/suite';
import { tempDir } from '../helpers/db';

/**
 * The benchmark at small scale, so that it cannot rot. Timings are not asserted here (`npm run bench`
 * does that job), but the comparisons are: each hand-written baseline must return the same result as our
 * path (the bench deep-compares them and throws otherwise), so a ratio can never be against less work.
 */
describe('benchmark smoke', () => {
  it('runs every operation through the dispatcher and the SQL baseline, and reports them', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const report = await runBench({ dir, patients: 3000, iterations: 5 });
      expect(report.patients).toBe(3000);
      // The scale per patient (1,000,000 audit rows and 50,000 procedure requests at 100,000).
      const rowsOf = (label: string) => report.dataset.find((d) => d.label === label)?.rows ?? 0;
      expect(rowsOf('audit rows')).toBeGreaterThanOrEqual(30_000);
      expect(rowsOf('procedure requests')).toBe(1_500);
      expect(rowsOf('medicine entries (with history)')).toBeGreaterThan(3 * 3000);
      expect(report.rows.length).toBeGreaterThanOrEqual(4);
      for (const r of report.rows) {
        expect(r.ours.iterations).toBeGreaterThan(0);
        expect(Number.isFinite(r.ours.p95)).toBe(true);
        // A baseline is either checked to give the same result, or says why it is not compared.
        if (r.baseline) expect(r.sameResult === true || (r.note ?? '').length > 0, r.operation).toBe(true);
      }
      const checked = (start: string) => report.rows.find((r) => r.operation.startsWith(start))?.sameResult;
      for (const op of [
        'Patient search: surname prefix',
        'Patient search: NHS number',
        'Open a patient record',
        'Patient list: scroll',
        "A patient's rehab summary",
        'A patient’s medicines with OME',
        'Interventions: find a slot',
        'Pain management programme: cohort report',
        'MDT: suggested list',
        'MDT: one case summary',
        'MDT: meeting list',
        'Nurse worklist',
        'Medicines service view',
        'Taper concerns',
        'Import a 10,000-patient CSV',
      ])
        expect(checked(op), op).toBe(true);

      // The Electron host code under Node: the main thread's delay and both threads' memory are measured.
      const main = report.mainThread!;
      expect(main.rows.map((r) => r.scenario).join(' | ')).toMatch(
        /search.*suggested.*Service views.*import.*Backup/,
      );
      for (const r of main.rows) {
        expect(r.requests).toBeGreaterThan(0);
        expect(Number.isFinite(r.delay.max)).toBe(true);
      }
      expect(main.memory.workerHeapMiB).toBeGreaterThan(0);
      expect(main.memory.mainHeapMiB).toBeGreaterThan(0);

      const md = toMarkdown(report);
      expect(md).toContain('| Patient search: surname prefix');
      expect(md).toContain('Main-thread delay max');
    } finally {
      cleanup();
    }
  }, 300_000);
});
