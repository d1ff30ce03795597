import { screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GroupsHome } from '../../renderer/src/features/rehab/Groups';
import { rendererApp, renderScreen, type RendererApp } from './harness';

/**
 * Issue 18, "virtualised long tables": the Rehab group programmes list drew every programme the service has
 * (200 at a time; 737 programmes at 100,000 patients) as Mantine table cells on each visit. It now draws the
 * rows in view, in a real table that says how many rows it holds (aria-rowcount), each programme still a
 * link to its page.
 */
const scrollTo = window.scrollTo;
beforeAll(() => {
  // jsdom lays nothing out: rows get the height they have on screen, and the window "scrolls".
  Object.defineProperty(HTMLTableRowElement.prototype, 'offsetHeight', { configurable: true, get: () => 48 });
  window.scrollTo = (() => undefined) as typeof window.scrollTo;
});
afterAll(() => {
  delete (HTMLTableRowElement.prototype as { offsetHeight?: number }).offsetHeight;
  window.scrollTo = scrollTo;
});

let r: RendererApp;
beforeEach(async () => {
  r = await rendererApp('consultant');
  // 150 programmes written straight to the table (the list reads them as it reads any), numbered so that
  // the newest start date comes first: "Programme 150" starts on 29 May 2027, 150 days after 1 January.
  r.app.dispatcher.conn.sqlite
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
       INSERT INTO rehab_programmes (name, facilitators, completion_percent, start_date, end_date, created_at,
         updated_at)
       SELECT 'Programme ' || i, 'A. Physio', 75, date('2027-01-01', '+' || (i - 1) || ' days'),
         date('2027-03-01', '+' || (i - 1) || ' days'), '2026-12-01T09:00:00Z', '2026-12-01T09:00:00Z'
       FROM n`,
    )
    .run();
});
afterEach(() => r.close());

describe('Rehab group programmes at many programmes (renderer, real dispatcher)', () => {
  it('draws the programmes in view of the 150, in a table that says it has 150 rows', async () => {
    await renderScreen(<GroupsHome />);
    const table = await screen.findByRole('table', { name: 'Pain management programmes' });
    await waitFor(() => expect(table.getAttribute('aria-rowcount')).toBe('151'), { timeout: 10_000 });
    const rows = within(table)
      .getAllByRole('row')
      .filter((row) => !row.hasAttribute('data-virtual-spacer') && within(row).queryAllByRole('cell').length);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(150);
    expect(within(table).getAllByRole('link').length).toBe(rows.length);
  });
});
