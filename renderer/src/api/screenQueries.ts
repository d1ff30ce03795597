import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { londonToday } from '../../../shared/dates';
import type { ListingView, MeetingDetail, WORKLISTS } from '../../../shared/domain/mdt';
import type { Channel, RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import type { SessionInfo } from '../../../shared/domain/user';
import { api } from './client';
import { queryKeyFor } from './queries';

/**
 * Issue 18, "no request waterfalls": the reads a screen needs, started when the user navigates to it rather
 * than after its first render. A code-split screen mounts, renders and commits before its `useQuery` hooks
 * send anything (216-484 ms on the loaded 2-core machine for the medicines worklist), and a screen that
 * renders a part only once the first answer is in (the meeting's suggested cases) reads one after the other.
 *
 * Each screen and `prefetchScreen` take their queries from the same functions here, so the keys cannot
 * drift apart: what is read at the navigation is exactly what the screen then finds in the cache. This
 * module is small and loaded with the shell (it imports no screen).
 */
export interface ScreenQuery<C extends Channel = Channel> {
  queryKey: QueryKey;
  queryFn: () => Promise<ResponseOf<C>>;
  staleTime?: number;
}

function read<C extends Channel>(channel: C, request: RequestOf<C>, key?: QueryKey): ScreenQuery<C> {
  return { queryKey: key ?? queryKeyFor(channel, request), queryFn: () => api.call(channel, request) };
}

export const screenQueries = {
  /** The nurse's taper review worklist (`nurseId` null: every nurse). */
  medsWorklist: (nurseId: number | null) => read('meds:worklist', { nurseId }),
  medsServiceView: () => read('meds:serviceView', {}, ['meds:serviceView']),
  clinicians: () => read('users:clinicians', {}, ['users:clinicians']),
  /** Drafts the MDT made for a module (older key shape kept: other screens refresh it by this key). */
  mdtDrafts: (module: RequestOf<'mdt:links:drafts'>['module'], patientId: number | null) =>
    read('mdt:links:drafts', { module, patientId }, ['mdt:links:drafts', module, patientId]),
  mdtMeeting: (meetingId: number) => read('mdt:meeting:get', { meetingId }, ['mdt:meeting', meetingId]),
  mdtCaseSummaries: (meetingId: number) => read('mdt:case:summaries', { meetingId }),
  mdtSuggestions: (meetingId: number) =>
    read('mdt:meeting:suggestions', { meetingId, limit: 50 }, ['mdt:suggestions', meetingId]),
  mdtPeople: () => read('mdt:people', {}, ['mdt:people']),
  /**
   * A case's outcome as presentation mode's editor starts from it. Never stale by time: the editor writes
   * each saved draft into it, and a confirmation or someone else's change refreshes it.
   */
  mdtOutcome: (listingId: number): ScreenQuery<'mdt:outcome:get'> => ({
    ...read('mdt:outcome:get', { listingId }, ['mdt:outcome', listingId]),
    staleTime: Infinity,
  }),
  /** An MDT worklist (the screen opens on the user's own actions). */
  mdtWorklist: (kind: (typeof WORKLISTS)[number]) =>
    read('mdt:worklist', { kind, limit: 200 }, ['mdt:worklist', kind]),
  mdtDashboard: (from: string, to: string) =>
    read('mdt:dashboard', { from, to }, ['mdt:dashboard', from, to]),
  /** The patient a banner names (PatientBannerFor). */
  patient: (patientId: number) => read('patients:get', { id: patientId }, ['patients:get', patientId]),
  /** The patient's open risk alerts, shown in the banner (rehab's useRiskAlerts reads the same key). */
  riskAlerts: (patientId: number) => read('rehab:riskAlerts', { patientId }, ['rehab:riskAlerts', patientId]),
};

/** The MDT dashboard's first range: the year to today (London), a year ago to the day. */
export function dashboardDefaultRange(now: Date = new Date()): { from: string; to: string } {
  const today = londonToday(now);
  return { from: `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`, to: today };
}

/** Presentation mode's cases, in list order: every listing not withdrawn or deferred. */
export function presentationCases(detail: Pick<MeetingDetail, 'listings'>): ListingView[] {
  return detail.listings.filter((l) => l.status !== 'withdrawn' && l.status !== 'deferred');
}

/** What presentation mode shows of one case besides the meeting and its summary: outcome, banner, alerts. */
export function presentationCaseQueries(c: Pick<ListingView, 'id' | 'patientId'>): ScreenQuery[] {
  return [
    screenQueries.mdtOutcome(c.id),
    screenQueries.patient(c.patientId),
    screenQueries.riskAlerts(c.patientId),
  ];
}

/** The nurse a signed-in user's worklist opens on: their own for a nurse, everyone's otherwise. */
export function defaultWorklistNurse(session: Pick<SessionInfo, 'user'>): number | null {
  return session.user.role === 'nurse' ? session.user.id : null;
}

/** The reads a screen at `pathname` (the router's path, no '#') starts with. */
export function queriesForScreen(pathname: string, session: Pick<SessionInfo, 'user'>): ScreenQuery[] {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/medicines')
    return [
      screenQueries.mdtDrafts('medicines', null),
      screenQueries.clinicians(),
      screenQueries.medsWorklist(defaultWorklistNurse(session)),
    ];
  if (path === '/medicines/service') return [screenQueries.medsServiceView()];
  if (path === '/mdt/worklists') return [screenQueries.mdtWorklist('my-actions')];
  if (path === '/mdt/dashboard') {
    const { from, to } = dashboardDefaultRange();
    return [screenQueries.mdtDashboard(from, to)];
  }
  const meeting = /^\/mdt\/meetings\/(\d+)(\/run)?$/.exec(path);
  if (meeting) {
    const id = Number(meeting[1]);
    return meeting[2]
      ? [screenQueries.mdtMeeting(id), screenQueries.mdtCaseSummaries(id), screenQueries.mdtPeople()]
      : // The list screen shows the suggested cases once the meeting is in: asked for beside it.
        [
          screenQueries.mdtMeeting(id),
          screenQueries.mdtCaseSummaries(id),
          screenQueries.mdtSuggestions(id),
          screenQueries.mdtPeople(),
        ];
  }
  return [];
}

/**
 * Starts the screen's reads (each only if not already cached and fresh, or on its way). Presentation mode
 * opens on its first case, whose outcome and patient only the meeting's answer names: they are asked for as
 * that answer arrives (and the second case's, which N shows), before the screen renders it, rather than by
 * the case's parts once they have rendered (a second and third round trip after the render).
 */
export function prefetchScreen(qc: QueryClient, pathname: string, session: Pick<SessionInfo, 'user'>): void {
  for (const q of queriesForScreen(pathname, session)) void qc.prefetchQuery(q);
  const run = /^\/mdt\/meetings\/(\d+)\/run$/.exec(pathname.replace(/\/+$/, ''));
  if (run)
    qc.fetchQuery(screenQueries.mdtMeeting(Number(run[1]))).then(
      (detail) => {
        for (const c of presentationCases(detail).slice(0, 2))
          for (const q of presentationCaseQueries(c)) void qc.prefetchQuery(q);
      },
      () => undefined, // the screen shows the meeting's own error
    );
}

/** The router's path in a hash location ('#/mdt/meetings/3?x=1' gives '/mdt/meetings/3'). */
export function pathOfHash(hash: string): string {
  const h = hash.replace(/^#/, '');
  return (h.split(/[?#]/)[0] ?? '') || '/';
}
