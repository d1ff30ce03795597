/**
 * Issue 18, "defer below-the-fold parts": opening a meeting drew its 50 suggested cases, below the list of
 * cases and out of view, in the same render as the list (120-500 ms of long tasks at 100,000 patients).
 * The first paint now has the list and the first suggestions; the rest follow straight after, in a
 * transition, and every one is there. Real MeetingPage, client and dispatcher on a real SQLite database
 * (harness.tsx); the suggestions answer is put in the cache beforehand (20 made-up suggestions: the demo's
 * rules would need hundreds of patients to suggest that many).
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SuggestionView } from '../../../shared/domain/mdt';
import type { TestApp } from '../../helpers/db';
import { CHAIR } from '../../helpers/mdt';
import { connectRenderer, meetingUnderWay, Screen, testQueryClient } from './harness';

let app: TestApp;
let meetingId: number;

beforeEach(async () => {
  app = await connectRenderer(CHAIR);
  ({ meetingId } = await meetingUnderWay(app));
});
afterEach(async () => {
  cleanup();
  await app.close();
});

const suggestion = (i: number): SuggestionView => ({
  patientId: String(1000 + i),
  reasons: [{ code: 'taper-held-or-stepped-back', text: `Opioid taper held or stepped back ${i} times.` }],
  ruleSet: { id: 'mdt-suggestions-default', version: '1.0.0' },
  rank: i,
  priority: 'Taper stalled',
  ranking: { id: 'mdt-suggestion-ranking', version: '1.0.0' },
  patientName: `PATIENT${i}, Sam`,
  nhsNumber: null,
});

it('the first paint has the cases and the first 8 suggestions; all 20 follow, in rank order', async () => {
  const qc = testQueryClient();
  qc.setQueryData(
    ['mdt:suggestions', meetingId],
    Array.from({ length: 20 }, (_, i) => suggestion(i + 1)),
  );
  /** Suggestions on the page at each commit that showed any. */
  const shown: number[] = [];
  const count = () => document.querySelectorAll('[data-testid="suggested-case"]').length;
  const { MeetingPage } = await import('../../../renderer/src/features/mdt/Meetings');
  render(
    <Screen path={`/mdt/meetings/${meetingId}`} route="/mdt/meetings/:id" client={qc}>
      <Profiler id="meeting" onRender={() => count() > 0 && shown.push(count())}>
        <MeetingPage />
      </Profiler>
    </Screen>,
  );
  const list = await screen.findByRole('table', { name: 'Meeting list' });
  expect(within(list).getByRole('link', { name: /Ashdown/i })).toBeTruthy();
  await expect.poll(count).toBe(20);
  // Worked out by hand: 8 at the first paint (the list's cases beside them), then all 20.
  expect(shown[0]).toBe(8);
  expect(shown.at(-1)).toBe(20);
  const names = [...document.querySelectorAll('[data-testid="suggested-case"]')].map(
    (e) => /PATIENT(\d+)/.exec(e.textContent ?? '')?.[1],
  );
  expect(names).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
  expect(screen.getByRole('heading', { name: 'Suggested cases (20)' })).toBeTruthy();
});
