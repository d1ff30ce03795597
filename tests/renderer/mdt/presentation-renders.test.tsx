/**
 * Issue 18, "no full re-render on each keystroke", in presentation mode: typing the outcome commits the
 * screen a bounded number of times, not once per key. React's Profiler counts every commit inside it (the
 * real RunMeeting, client and dispatcher on a real SQLite database, tests/renderer/mdt/harness.tsx). Before
 * the fix each key redrew the whole editor: the closed patient letter was "closed" again on every key (a new
 * mutation state), and an action's text was watched through the whole form.
 */
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { QueryClient } from '@tanstack/react-query';
import { Profiler } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/db';
import { CHAIR } from '../../helpers/mdt';
import { connectRenderer, meetingUnderWay, Screen, testQueryClient } from './harness';

let app: TestApp;
let meetingId: number;
let listings: { first: number; second: number };

beforeEach(async () => {
  app = await connectRenderer(CHAIR);
  ({ meetingId, listings } = await meetingUnderWay(app));
});
afterEach(async () => {
  cleanup();
  await app.close();
});

let commits = 0;
/**
 * Commits allowed while a line is typed: the save's "Saving…" and "Saved" lines and the refetch after the
 * save, with one to spare. Before the fix every key committed (20 and more).
 */
const MAX_COMMITS = 5;
let client: QueryClient;

async function openMeeting() {
  const { RunMeeting } = await import('../../../renderer/src/features/mdt/RunMeeting');
  client = testQueryClient();
  render(
    <Screen path={`/mdt/meetings/${meetingId}/run`} route="/mdt/meetings/:id/run" client={client}>
      <Profiler id="presentation" onRender={() => (commits += 1)}>
        <RunMeeting />
      </Profiler>
    </Screen>,
  );
  await screen.findByRole('heading', { name: /Ashdown/i });
  return screen.findByLabelText("Outcome in the MDT's words");
}

const savedSummary = async (listingId: number) =>
  (await app.ok('mdt:outcome:get', { listingId }, CHAIR))?.summary ?? '';

/**
 * Commits while `text` is typed into `field`: clicked first, then the screen left to settle (every read and
 * save finished: on a busy machine the next case's reads, fetched ahead, were still arriving 300 ms later and
 * their commits were counted as typing's).
 */
async function commitsWhileTyping(
  user: ReturnType<typeof userEvent.setup>,
  field: HTMLElement,
  text: string,
) {
  await user.click(field);
  await new Promise((done) => setTimeout(done, 300));
  await waitFor(() => expect(client.isFetching() + client.isMutating()).toBe(0), { timeout: 10_000 });
  commits = 0;
  await user.type(field, text);
  return commits;
}

describe('typing in the outcome editor does not redraw the screen on every key', () => {
  it('24 characters of outcome: a few commits (the "Saving…" line), not one per key; the text is saved', async () => {
    const user = userEvent.setup();
    const box = await openMeeting();
    const n = await commitsWhileTyping(user, box, 'Offer the pain programme');
    expect(n).toBeLessThanOrEqual(MAX_COMMITS);
    await waitFor(async () => expect(await savedSummary(listings.first)).toBe('Offer the pain programme'));
  });

  it('20 characters in an action: a few commits, not one per key', async () => {
    const user = userEvent.setup();
    await openMeeting();
    await user.click(screen.getByRole('button', { name: 'Add an action' }));
    const action = await screen.findByLabelText('Action 1');
    const n = await commitsWhileTyping(user, action, 'Book a review visit.');
    expect(n).toBeLessThanOrEqual(MAX_COMMITS);
    expect(action).toHaveProperty('value', 'Book a review visit.');
    await waitFor(async () =>
      expect(
        (await app.ok('mdt:outcome:get', { listingId: listings.first }, CHAIR))?.actions[0]?.description,
      ).toBe('Book a review visit.'),
    );
  });
});
