/**
 * Issue 16: the outcome editor never loses text. The real RunMeeting screen, the real client and dispatcher,
 * a real SQLite database (tests/renderer/mdt/harness.tsx).
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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

async function openMeeting() {
  const { RunMeeting } = await import('../../../renderer/src/features/mdt/RunMeeting');
  render(
    <Screen path={`/mdt/meetings/${meetingId}/run`} route="/mdt/meetings/:id/run" client={testQueryClient()}>
      <RunMeeting />
    </Screen>,
  );
  await screen.findByRole('heading', { name: /Ashdown/i });
  return screen.findByLabelText("Outcome in the MDT's words");
}

/** Leaves the text box (as a click elsewhere would) and presses a presentation key. */
async function press(user: ReturnType<typeof userEvent.setup>, key: string) {
  (document.activeElement as HTMLElement | null)?.blur();
  await user.keyboard(key);
}

const savedSummary = async (listingId: number) =>
  (await app.ok('mdt:outcome:get', { listingId }, CHAIR))?.summary ?? '';

describe('the outcome editor in presentation mode', () => {
  it('type, N, P: the typed outcome is still there', async () => {
    const user = userEvent.setup();
    const box = await openMeeting();
    await user.type(box, 'Offer the pain management programme.');
    await waitFor(async () =>
      expect(await savedSummary(listings.first)).toBe('Offer the pain management programme.'),
    );
    await press(user, 'n');
    await screen.findByRole('heading', { name: /Brook/i });
    await press(user, 'p');
    await screen.findByRole('heading', { name: /Ashdown/i });
    expect(await screen.findByLabelText("Outcome in the MDT's words")).toHaveProperty(
      'value',
      'Offer the pain management programme.',
    );
  });

  it('type then N at once: the text is saved (the pending save is flushed, not cancelled)', async () => {
    const user = userEvent.setup();
    const box = await openMeeting();
    await user.type(box, 'Refer to psychology.');
    await press(user, 'n');
    await screen.findByRole('heading', { name: /Brook/i });
    await waitFor(async () => expect(await savedSummary(listings.first)).toBe('Refer to psychology.'));
  });

  it('type, N, P, type more: later keystrokes never autosave over the earlier text', async () => {
    const user = userEvent.setup();
    const box = await openMeeting();
    await user.type(box, 'Taper oxycodone.');
    await waitFor(async () => expect(await savedSummary(listings.first)).toBe('Taper oxycodone.'));
    await press(user, 'n');
    await screen.findByRole('heading', { name: /Brook/i });
    await press(user, 'p');
    await screen.findByRole('heading', { name: /Ashdown/i });
    const again = await screen.findByLabelText("Outcome in the MDT's words");
    await user.click(again);
    await user.keyboard('{End} Review in 8 weeks.');
    await waitFor(async () =>
      expect(await savedSummary(listings.first)).toBe('Taper oxycodone. Review in 8 weeks.'),
    );
  });

  it('keyboard chairing: from N to typing the outcome in two keystrokes (N, S), Ctrl+Enter confirms', async () => {
    const user = userEvent.setup();
    await openMeeting();
    (document.activeElement as HTMLElement | null)?.blur();
    // Keystroke 1: N (next case, not yet started). Keystroke 2: S (start discussing; focus goes to the outcome).
    await user.keyboard('n');
    await screen.findByRole('heading', { name: /Brook/i });
    await user.keyboard('s');
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByLabelText("Outcome in the MDT's words")),
    );
    await user.keyboard('No change to the plan.');
    await waitFor(async () => expect(await savedSummary(listings.second)).toBe('No change to the plan.'));
    await user.click(screen.getByLabelText('No action needed'));
    await user.click(screen.getByLabelText("Outcome in the MDT's words"));
    // Ctrl+Enter shows the patient letter (the confirm step); with it on screen, Ctrl+Enter confirms.
    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByRole('region', { name: 'Patient letter to confirm' });
    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByText(/Outcome confirmed|Confirmed with a warning/);
  });
});

/** The outcome's status in the database ('draft' until confirmed). */
const savedStatus = async (listingId: number) =>
  (await app.ok('mdt:outcome:get', { listingId }, CHAIR))?.status ?? 'none';

describe('the chair sees the patient letter before confirming (issue 16 decision)', () => {
  it('Confirm is not on screen until the patient letter is; then it sits under the letter’s text', async () => {
    const user = userEvent.setup();
    const box = await openMeeting();
    await user.type(box, 'Offer the pain management programme.');
    await user.type(
      screen.getByLabelText('Plain-English summary for the patient letter'),
      'We suggest a pain management programme.',
    );
    await user.click(screen.getByLabelText('No action needed'));
    // Before the letter is shown there is no Confirm button anywhere on the screen.
    expect(screen.queryByRole('button', { name: 'Confirm outcome' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Check the patient letter and confirm' }));
    const letter = await screen.findByRole(
      'region',
      { name: 'Patient letter to confirm' },
      { timeout: 20_000 },
    );
    // The letter's own words (PATIENT_LETTER_TEMPLATE v2.0.0), written to the patient, with the summary typed.
    expect(letter.textContent).toContain('Dear Alex Ashdown,');
    expect(letter.textContent).toContain('We suggest a pain management programme.');
    expect(letter.textContent).toContain('Nothing needs to happen straight away.');
    // Confirm is in that same view, and has the focus (Enter confirms from the keyboard).
    const confirmButton = within(letter).getByRole('button', { name: 'Confirm outcome' });
    expect(screen.getAllByRole('button', { name: 'Confirm outcome' })).toHaveLength(1);
    await waitFor(() => expect(document.activeElement).toBe(confirmButton));
    expect(await savedStatus(listings.first)).toBe('draft');
    await user.click(confirmButton);
    await screen.findByText(/Outcome confirmed|Confirmed with a warning/, undefined, { timeout: 20_000 });
    expect(await savedStatus(listings.first)).toBe('confirmed');
  });

  it('Ctrl+Enter shows the letter and confirms nothing; a change to the outcome closes the letter again', async () => {
    const user = userEvent.setup();
    const box = await openMeeting();
    await user.type(box, 'No change to the plan.');
    await user.click(screen.getByLabelText('No action needed'));
    await user.click(box);
    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByRole('region', { name: 'Patient letter to confirm' }, { timeout: 20_000 });
    expect(await savedStatus(listings.first)).toBe('draft');
    // Typing after the letter was shown: the letter on screen would no longer be the one sent, so it goes.
    await user.click(box);
    await user.keyboard('{End} Review in 8 weeks.');
    await waitFor(() =>
      expect(screen.queryByRole('region', { name: 'Patient letter to confirm' })).toBeNull(),
    );
    expect(screen.queryByRole('button', { name: 'Confirm outcome' })).toBeNull();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByRole('region', { name: 'Patient letter to confirm' }, { timeout: 20_000 });
    expect(await savedStatus(listings.first)).toBe('draft');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await screen.findByText(/Outcome confirmed|Confirmed with a warning/, undefined, { timeout: 20_000 });
    expect(await app.ok('mdt:outcome:get', { listingId: listings.first }, CHAIR)).toMatchObject({
      status: 'confirmed',
      summary: 'No change to the plan. Review in 8 weeks.',
    });
  });
});
