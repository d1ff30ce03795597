import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Checks on the repository itself. A merge once left conflict markers inside the interventions table of the
 * hazard log; Prettier then turned them into quoted lines ("> > > > > > > h6-post"), so the table broke in
 * two and 29 hazards lost their place in it without any test noticing. The hazard log is the clinical safety
 * case's register (DCB0129), so its shape is checked here: every row whole, every ID once, in its own
 * section, and every row naming a test file that exists.
 */

const ROOT = resolve(__dirname, '../..');

function trackedTextFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
  return out
    .split('\0')
    .filter((f) => f.length > 0)
    .filter((f) => /\.(ts|tsx|mjs|cjs|js|json|md|css|html|sql|yml|yaml|txt)$/.test(f))
    .filter((f) => !f.startsWith('node_modules/'))
    .filter((f) => existsSync(join(ROOT, f)));
}

/** A line left by an unfinished merge, as git writes it or as Prettier rewrites it in Markdown. */
function conflictMarkerIn(line: string): boolean {
  return (
    /^(<{7}|>{7})( |$)/.test(line) ||
    /^={7}$/.test(line) ||
    /^(> ){6}>( |$)/.test(line) ||
    /^\|\s*(<{7}|={7}|>{7})/.test(line)
  );
}

type HazardRow = { line: number; section: string | null; cells: string[] };

function hazardRows(text: string): HazardRow[] {
  const rows: HazardRow[] = [];
  let section: string | null = null;
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('## ')) section = /\((H-[A-Z]+)\)/.exec(line)?.[1] ?? null;
    if (/^\|\s*H-/.test(line)) {
      const cells = line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim());
      rows.push({ line: i + 1, section, cells });
    }
  });
  return rows;
}

describe('repository hygiene', () => {
  it('the marker check finds what git and Prettier leave, and nothing else', () => {
    expect(conflictMarkerIn('<<<<<<< HEAD')).toBe(true);
    expect(conflictMarkerIn('=======')).toBe(true);
    expect(conflictMarkerIn('>>>>>>> h6-post')).toBe(true);
    expect(conflictMarkerIn('> > > > > > > h6-post')).toBe(true);
    expect(conflictMarkerIn('| <<<<<<< HEAD |')).toBe(true);
    expect(conflictMarkerIn('| =======      |')).toBe(true);
    expect(conflictMarkerIn('> A quoted line')).toBe(false);
    expect(conflictMarkerIn('| ===== | heading rule |')).toBe(false);
    expect(conflictMarkerIn('a >>>>>>> b')).toBe(false);
  });

  it('no tracked file holds a merge conflict marker', () => {
    const found: string[] = [];
    for (const f of trackedTextFiles()) {
      const lines = readFileSync(join(ROOT, f), 'utf8').split('\n');
      lines.forEach((l, i) => {
        if (conflictMarkerIn(l)) found.push(`${f}:${i + 1}: ${l.slice(0, 60)}`);
      });
    }
    expect(found).toEqual([]);
  });

  describe('the hazard log', () => {
    const text = readFileSync(join(ROOT, 'docs/clinical-safety/hazard-log.md'), 'utf8');
    const rows = hazardRows(text);

    it('has its rows (more than 150 hazards in seven sections)', () => {
      expect(rows.length).toBeGreaterThan(150);
      expect(new Set(rows.map((r) => r.section))).toEqual(
        new Set(['H-MED', 'H-INT', 'H-REH', 'H-MDT', 'H-TRU', 'H-SCR', 'H-FHR']),
      );
    });

    it('every row is whole: ID, hazard, cause, effect, initial risk, control, residual risk, test', () => {
      const broken = rows.filter((r) => r.cells.length !== 8 || r.cells.some((c) => c === ''));
      expect(broken.map((r) => `line ${r.line}: ${r.cells[0]} has ${r.cells.length} cells`)).toEqual([]);
    });

    it('every ID is used once and sits in its own section', () => {
      const seen = new Map<string, number>();
      const misplaced: string[] = [];
      for (const r of rows) {
        const id = r.cells[0] ?? '';
        seen.set(id, (seen.get(id) ?? 0) + 1);
        if (!/^H-[A-Z]+-\d+$/.test(id) || !r.section || !id.startsWith(`${r.section}-`)) {
          misplaced.push(`line ${r.line}: ${id} under ${r.section ?? 'no section'}`);
        }
      }
      expect([...seen].filter(([, n]) => n > 1).map(([id]) => id)).toEqual([]);
      expect(misplaced).toEqual([]);
    });

    it('every row names the test that proves its control, and that file exists', () => {
      const problems: string[] = [];
      for (const r of rows) {
        const testCell = r.cells[7] ?? '';
        const paths = testCell.match(/tests\/[\w./-]+\.(?:tsx?|mjs)/g) ?? [];
        if (paths.length === 0) problems.push(`${r.cells[0]}: names no test file`);
        for (const p of paths)
          if (!existsSync(join(ROOT, p))) problems.push(`${r.cells[0]}: ${p} does not exist`);
      }
      expect(problems).toEqual([]);
    });
  });
});
