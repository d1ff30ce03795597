import { writeFileSync } from 'node:fs';
import type { Reporter, TestCase } from 'vitest/node';

/**
 * Names every test that passed only when run again. CI retries a failed test once (`retry` in
 * vitest.config.ts) so that one timing accident on a busy shared machine does not throw away a whole run,
 * but a test that needed the retry is a bug to fix, not a pass: this prints it at the end of the run and
 * writes it to test-results/flaky.txt.
 */
export default class FlakyReporter implements Reporter {
  private readonly flaky: string[] = [];

  onTestCaseResult(test: TestCase): void {
    const d = test.diagnostic();
    if (d?.flaky)
      this.flaky.push(`${test.module.moduleId} > ${test.fullName} (passed on retry ${d.retryCount})`);
  }

  onTestRunEnd(): void {
    const text = this.flaky.length
      ? `Passed only on a retry (flaky: fix these):\n${this.flaky.map((f) => `  - ${f}`).join('\n')}\n`
      : 'No test needed a retry.\n';
    try {
      writeFileSync('test-results/flaky.txt', text);
    } catch {
      /* no test-results folder: printing is enough */
    }
    console.log(`\n${text}`);
  }
}
