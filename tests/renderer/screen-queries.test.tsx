import { describe, expect, it } from 'vitest';
import { londonToday } from '../../shared/dates';
import type { SessionInfo } from '../../shared/domain/user';
import { dashboardDefaultRange, pathOfHash, queriesForScreen } from '../../renderer/src/api/screenQueries';

/**
 * Issue 18, "no request waterfalls": the reads a screen starts with are sent at the navigation, under the
 * same keys the screens read (api/screenQueries.ts). Expected keys written out by hand from the screens.
 */
type Who = Pick<SessionInfo, 'user'>;
const nurse: Who = { user: { id: 7, username: 'n', displayName: 'N', role: 'nurse', clinicalLead: false } };
const consultant: Who = { user: { ...nurse.user, id: 3, role: 'consultant' } };
const keys = (path: string, who: Who = consultant) => queriesForScreen(path, who).map((q) => q.queryKey);

describe('the reads started at a navigation', () => {
  it('the medicines worklist: drafts, clinicians and the worklist of the nurse it opens on', () => {
    expect(keys('/medicines')).toEqual([
      ['mdt:links:drafts', 'medicines', null],
      ['users:clinicians'],
      ['meds:worklist', { nurseId: null }],
    ]);
    expect(keys('/medicines/', nurse)[2]).toEqual(['meds:worklist', { nurseId: 7 }]);
    expect(keys('/medicines/service')).toEqual([['meds:serviceView']]);
  });

  it('a meeting: the suggested cases beside the meeting, not after it; presentation mode its people', () => {
    expect(keys('/mdt/meetings/12')).toEqual([
      ['mdt:meeting', 12],
      ['mdt:case:summaries', { meetingId: 12 }],
      ['mdt:suggestions', 12],
      ['mdt:people'],
    ]);
    expect(keys('/mdt/meetings/12/run')).toEqual([
      ['mdt:meeting', 12],
      ['mdt:case:summaries', { meetingId: 12 }],
      ['mdt:people'],
    ]);
    expect(keys('/mdt/meetings/12/letters')).toEqual([]);
    expect(keys('/patients')).toEqual([]);
  });

  it("the MDT worklists: the user's own actions; the dashboard: the year to today", () => {
    expect(keys('/mdt/worklists')).toEqual([['mdt:worklist', 'my-actions']]);
    const { from, to } = dashboardDefaultRange();
    expect(keys('/mdt/dashboard')).toEqual([['mdt:dashboard', from, to]]);
    // By hand: London's date, a year back to the day (23:30 UTC on 30 June is 1 July in London, BST).
    expect(dashboardDefaultRange(new Date('2026-12-07T12:00:00Z'))).toEqual({
      from: '2025-12-07',
      to: '2026-12-07',
    });
    expect(dashboardDefaultRange(new Date('2026-06-30T23:30:00Z'))).toEqual({
      from: '2025-07-01',
      to: '2026-07-01',
    });
  });

  it('the waiting list, the calendar (this week, or the week asked for) and the follow-ups due', () => {
    expect(keys('/interventions')).toEqual([
      ['mdt:links:drafts', 'interventions', null],
      ['interventions:catalogue'],
      ['interventions:list', { status: 'waiting', atRiskOnly: false, readyOnly: false }],
    ]);
    // Monday 30 November 2026 is the Monday of the week holding Thursday 3 December 2026.
    expect(
      queriesForScreen('/interventions/calendar', consultant, '?week=2026-12-03').map((q) => q.queryKey),
    ).toEqual([
      ['interventions:week', '2026-11-30'],
      ['rules:active', 'bank-holidays'],
    ]);
    expect(keys('/interventions/follow-ups')).toEqual([['interventions:followUps']]);
    expect(keys('/interventions/day')).toEqual([]);
  });

  it('a request and a taper plan: the item and what the MDT asked for behind it', () => {
    expect(keys('/interventions/requests/41')).toEqual([
      ['interventions:get', 41],
      ['mdt:links:source', 'intervention-request', 41],
    ]);
    expect(keys('/medicines/plans/9')).toEqual([
      ['meds:plan', 9],
      ['mdt:links:source', 'taper-plan', 9],
    ]);
    expect(keys('/medicines/plans/9/print')).toEqual([]);
  });

  it('the Rehab home: the MDT drafts and the tab it opens on', () => {
    const drafts = ['mdt:links:drafts', 'rehab', null];
    expect(keys('/rehab')).toEqual([drafts, ['rehab:worklist', londonToday()]]);
    expect(keys('/rehab/groups')).toEqual([drafts, ['rehab:groups']]);
    expect(keys('/rehab/social')).toEqual([drafts, ['rehab:spList', '']]);
    expect(keys('/rehab/groups/3')).toEqual([]);
    expect(keys('/rehab/social/3/gp-message')).toEqual([]);
  });

  it('reads the path out of the hash', () => {
    expect(pathOfHash('#/mdt/meetings/3?x=1')).toBe('/mdt/meetings/3');
    expect(pathOfHash('')).toBe('/');
  });
});
