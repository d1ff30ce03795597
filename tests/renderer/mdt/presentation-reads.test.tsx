/**
 * Issue 18, "no request waterfalls", in presentation mode. The first case's outcome, its patient (the banner)
 * and the patient's risk alerts are named only by the meeting's answer; they used to be asked for by the
 * case's parts once the meeting had rendered (the editor and the banner, then the alerts once the banner
 * had its patient): two more round trips and renders after the meeting. The navigation's reads
 * (prefetchScreen) now ask for them as the meeting's answer arrives, under the keys the screen reads, so
 * the screen finds everything in the cache. N and P then move between cases without asking again.
 * Real RunMeeting, real client and dispatcher on a real SQLite database (harness.tsx); every request the
 * renderer sends is listed.
 */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { prefetchScreen as PrefetchScreen } from '../../../renderer/src/api/screenQueries';
import type { TestApp } from '../../helpers/db';
import { CHAIR } from '../../helpers/mdt';
import { connectBridge } from './bridge';
import { connectRenderer, meetingUnderWay, Screen, testQueryClient } from './harness';

let app: TestApp;
let meetingId: number;
/** Each request the renderer sent: operation and payload. */
let sent: { channel: string; payload: unknown }[];

beforeEach(async () => {
  app = await connectRenderer(CHAIR);
  ({ meetingId } = await meetingUnderWay(app));
  sent = [];
  connectBridge(async (channel, payload) => {
    sent.push({ channel, payload });
    return JSON.parse(
      JSON.stringify(await app.dispatcher.dispatch(CHAIR, channel, JSON.parse(JSON.stringify(payload)))),
    ) as never;
  });
});
afterEach(async () => {
  cleanup();
  await app.close();
});

/** What the screen asked for, the session's own reads (setup status, the session) left out. */
const dataReads = () =>
  sent.map((r) => r.channel).filter((c) => c !== 'setup:status' && c !== 'auth:session');

/** Loaded after the harness: the renderer's client takes the test bridge when its module is first loaded. */
const prefetchScreen = async (...args: Parameters<typeof PrefetchScreen>) =>
  (await import('../../../renderer/src/api/screenQueries')).prefetchScreen(...args);

async function chairSession() {
  const s = await app.ok('auth:session', {}, CHAIR);
  if (!s) throw new Error('the chair is not signed in');
  return s;
}

describe('presentation mode reads', () => {
  it("the navigation asks for the first two cases' outcome, patient and risk alerts with the meeting; the screen then asks for nothing", async () => {
    const detail = await app.ok('mdt:meeting:get', { meetingId }, CHAIR);
    const [first, second] = detail.listings;
    const qc = testQueryClient();
    const path = `/mdt/meetings/${meetingId}/run`;
    await prefetchScreen(qc, path, await chairSession());
    // Worked out by hand: the meeting, its summaries and people, then for Ashdown and Brook (the list's order)
    // the outcome, the patient and the risk alerts.
    await waitFor(() => {
      for (const key of [
        ['mdt:outcome', first!.id],
        ['patients:get', first!.patientId],
        ['rehab:riskAlerts', first!.patientId],
        ['mdt:outcome', second!.id],
        ['patients:get', second!.patientId],
        ['rehab:riskAlerts', second!.patientId],
      ])
        expect(qc.getQueryState(key)?.status, JSON.stringify(key)).toBe('success');
    });
    expect(dataReads().sort()).toEqual(
      [
        'mdt:meeting:get',
        'mdt:case:summaries',
        'mdt:people',
        'mdt:outcome:get',
        'patients:get',
        'rehab:riskAlerts',
        'mdt:outcome:get',
        'patients:get',
        'rehab:riskAlerts',
      ].sort(),
    );
    sent = [];
    const { RunMeeting } = await import('../../../renderer/src/features/mdt/RunMeeting');
    render(
      <Screen path={path} route="/mdt/meetings/:id/run" client={qc}>
        <RunMeeting />
      </Screen>,
    );
    // The whole case at its first render: name, banner and the outcome box.
    await screen.findByRole('heading', { name: /Ashdown/i });
    expect(within(screen.getByTestId('patient-banner')).getByTestId('banner-name').textContent).toMatch(
      /ASHDOWN/i,
    );
    expect(screen.getByLabelText("Outcome in the MDT's words")).toBeTruthy();
    expect(screen.queryByLabelText('Loading the patient banner')).toBeNull();
    expect(dataReads()).toEqual([]);
  });

  it('N then P: the next case and back again, with no request for what is already read', async () => {
    // What is read stays fresh for the whole test: the app's 5 seconds of freshness is shorter than this
    // test takes on a busy machine, when the return to the first case rightly read it again.
    const qc = testQueryClient(60_000);
    const path = `/mdt/meetings/${meetingId}/run`;
    await prefetchScreen(qc, path, await chairSession());
    const { RunMeeting } = await import('../../../renderer/src/features/mdt/RunMeeting');
    render(
      <Screen path={path} route="/mdt/meetings/:id/run" client={qc}>
        <RunMeeting />
      </Screen>,
    );
    await screen.findByRole('heading', { name: /Ashdown/i });
    await screen.findByLabelText("Outcome in the MDT's words");
    await waitFor(() => expect(qc.isFetching()).toBe(0));
    sent = [];
    const user = userEvent.setup();
    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard('n');
    await screen.findByRole('heading', { name: /Brook/i });
    expect(within(screen.getByTestId('patient-banner')).getByTestId('banner-name').textContent).toMatch(
      /BROOK/i,
    );
    expect(screen.getByLabelText("Outcome in the MDT's words")).toBeTruthy();
    await user.keyboard('p');
    await screen.findByRole('heading', { name: /Ashdown/i });
    expect(within(screen.getByTestId('patient-banner')).getByTestId('banner-name').textContent).toMatch(
      /ASHDOWN/i,
    );
    expect(screen.getByLabelText("Outcome in the MDT's words")).toBeTruthy();
    await waitFor(() => expect(qc.isFetching()).toBe(0));
    expect(dataReads()).toEqual([]);
  });
});
