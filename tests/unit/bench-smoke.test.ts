import { describe, expect, it } from 'vitest';
import { runBench, toMarkdown } from '../../bench/suite';
import { tempDir } from '../helpers/db';

/** The benchmark at small scale, so that it cannot rot. Timings are not asserted here: `npm run bench` does that job. */
describe('benchmark smoke', () => {
  it('runs every operation through the dispatcher and the SQL baseline, and reports them', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const report = await runBench({ dir, patients: 3000, iterations: 5 });
      expect(report.patients).toBe(3000);
      expect(report.rows.length).toBeGreaterThanOrEqual(4);
      for (const r of report.rows) {
        expect(r.ours.iterations).toBeGreaterThan(0);
        expect(Number.isFinite(r.ours.p95)).toBe(true);
      }
      expect(toMarkdown(report)).toContain('| Patient search: surname prefix');
    } finally {
      cleanup();
    }
  });
});
