import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { londonToday } from '../../../shared/dates';
import type { ListingView, MeetingDetail, WORKLISTS } from '../../../shared/domain/mdt';
import type { WaitingListPage } from '../../../shared/domain/interventions';
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
  /**
   * The reads the screen makes once this answer is in (a plan's or a request's patient banner): started the
   * moment it arrives, before the screen renders it, rather than after that render commits.
   */
  followedBy?(data: ResponseOf<C>): ScreenQuery[];
  /** How long an answer stays fresh, where the screen keeps it longer than the default. */
  staleTime?: number;
}

function read<C extends Channel>(
  channel: C,
  request: RequestOf<C>,
  key?: QueryKey,
  followedBy?: (data: ResponseOf<C>) => ScreenQuery[],
): ScreenQuery<C> {
  return {
    queryKey: key ?? queryKeyFor(channel, request),
    queryFn: () => api.call(channel, request),
    ...(followedBy ? { followedBy } : {}),
  };
}

/** Requests the waiting list reads per page (readiness is evaluated for each row of a page). */
export const WAITING_LIST_PAGE = 200;

/** The waiting list's filter as the screen sends it (without the page's offset and limit). */
export type WaitingListFilter = Omit<RequestOf<'interventions:list'>, 'offset' | 'limit'>;

/** The list as the screen opens: waiting, every priority and procedure, no search. */
export const DEFAULT_WAITING_LIST_FILTER: WaitingListFilter = {
  status: 'waiting',
  atRiskOnly: false,
  readyOnly: false,
};

/** The waiting list's pages of WAITING_LIST_PAGE, as an infinite query ("Show the next …"). */
export function waitingListQuery(filter: WaitingListFilter) {
  return {
    queryKey: ['interventions:list', filter] as QueryKey,
    initialPageParam: 0,
    queryFn: ({ pageParam }: { pageParam: number }) =>
      api.call('interventions:list', { ...filter, offset: pageParam, limit: WAITING_LIST_PAGE }),
    getNextPageParam: (last: WaitingListPage, pages: WaitingListPage[]) => {
      const loaded = pages.reduce((n, p) => n + p.items.length, 0);
      return loaded < last.total && last.items.length > 0 ? loaded : undefined;
    },
  };
}

/** A one-patient screen's banner: the patient and their open risk alerts (PatientBannerFor). */
function bannerOf(patientId: number): ScreenQuery[] {
  return [screenQueries.patient(patientId), screenQueries.riskAlerts(patientId)];
}

/** The Monday of the week holding `iso` (the procedure calendar opens on this week). */
export function mondayOf(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
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
  /** What the MDT asked for behind a plan or a request ("From MDT on …"). */
  mdtSource: (kind: RequestOf<'mdt:links:source'>['kind'], itemId: number) =>
    read('mdt:links:source', { kind, itemId }, ['mdt:links:source', kind, itemId]),
  interventionsCatalogue: () => read('interventions:catalogue', {}, ['interventions:catalogue']),
  interventionsWeek: (weekStart: string) =>
    read('interventions:week', { weekStart }, ['interventions:week', weekStart]),
  /** The bank holidays rule set, read once and shared by the week view and the session form. */
  bankHolidays: () => ({
    ...read('rules:active', { kind: 'bank-holidays' }, ['rules:active', 'bank-holidays']),
    staleTime: 5 * 60_000,
  }),
  followUps: () => read('interventions:followUps', {}, ['interventions:followUps']),
  /** One request, then its patient's banner as soon as the request says who the patient is. */
  interventionRequest: (id: number) =>
    read('interventions:get', { id }, ['interventions:get', id], (d) => bannerOf(d.patientId)),
  /** One taper plan, then its patient's banner as soon as the plan says who the patient is. */
  taperPlan: (planId: number) =>
    read('meds:plan', { planId }, ['meds:plan', planId], (p) => bannerOf(p.patientId)),
  rehabWorklist: (asOf: string) => read('rehab:worklist', { asOf, limit: 200 }, ['rehab:worklist', asOf]),
  rehabGroups: () => read('rehab:groups', {}, ['rehab:groups']),
  /** Social prescribing referrals (`status` '' for every status). */
  socialPrescribing: (status: NonNullable<RequestOf<'rehab:spList'>['status']> | '') =>
    read('rehab:spList', { status: status === '' ? null : status, limit: 200 }, ['rehab:spList', status]),
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

/** The waiting list's first page, read as the infinite query the screen keeps adding pages to. */
export type ScreenInfiniteQuery = ReturnType<typeof waitingListQuery>;

/** A read a screen starts with: one answer, or the first page of a list read a page at a time. */
export type ScreenRead = ScreenQuery | ScreenInfiniteQuery;

/**
 * The reads a screen at `pathname` (the router's path, no '#') starts with; `search` is the location's query
 * string ('?week=2026-12-07' on the procedure calendar).
 */
export function queriesForScreen(
  pathname: string,
  session: Pick<SessionInfo, 'user'>,
  search = '',
): ScreenRead[] {
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
  const plan = /^\/medicines\/plans\/(\d+)$/.exec(path);
  if (plan) {
    const id = Number(plan[1]);
    return [screenQueries.taperPlan(id), screenQueries.mdtSource('taper-plan', id)];
  }
  if (path === '/interventions')
    return [
      screenQueries.mdtDrafts('interventions', null),
      screenQueries.interventionsCatalogue(),
      waitingListQuery(DEFAULT_WAITING_LIST_FILTER),
    ];
  if (path === '/interventions/calendar') {
    const week = new URLSearchParams(search).get('week');
    return [
      screenQueries.interventionsWeek(
        mondayOf(week && /^\d{4}-\d{2}-\d{2}$/.test(week) ? week : londonToday()),
      ),
      screenQueries.bankHolidays(),
    ];
  }
  if (path === '/interventions/follow-ups') return [screenQueries.followUps()];
  const request = /^\/interventions\/requests\/(\d+)$/.exec(path);
  if (request) {
    const id = Number(request[1]);
    return [screenQueries.interventionRequest(id), screenQueries.mdtSource('intervention-request', id)];
  }
  // The Rehab home and the tab it opens on: measures due, group programmes, social prescribing.
  const rehab = /^\/rehab(?:\/(groups|social|risk))?$/.exec(path);
  if (rehab) {
    const drafts = screenQueries.mdtDrafts('rehab', null);
    if (rehab[1] === 'groups') return [drafts, screenQueries.rehabGroups()];
    if (rehab[1] === 'social') return [drafts, screenQueries.socialPrescribing('')];
    if (rehab[1] === 'risk') return [drafts];
    return [drafts, screenQueries.rehabWorklist(londonToday())];
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

/** Starts one read (only if not already cached and fresh, or on its way), then the reads that follow it. */
function start(qc: QueryClient, q: ScreenRead): void {
  if ('initialPageParam' in q) {
    void qc.prefetchInfiniteQuery(q);
    return;
  }
  void qc.prefetchQuery(q).then(() => {
    const data = qc.getQueryData(q.queryKey);
    // In the same task as the answer: before the screen is told of it (observers hear in a later task).
    if (q.followedBy && data !== undefined) for (const next of q.followedBy(data as never)) start(qc, next);
  });
}

/** Starts the screen's reads (each only if not already cached and fresh, or on its way). */
export function prefetchScreen(
  qc: QueryClient,
  pathname: string,
  session: Pick<SessionInfo, 'user'>,
  search = '',
): void {
  for (const q of queriesForScreen(pathname, session, search)) start(qc, q);
  // Presentation mode opens on its first case, whose outcome and patient only the meeting's answer names:
  // they are asked for as that answer arrives (and the second case's, which N shows), before the screen
  // renders it, rather than by the case's parts once they have rendered (a second and third round trip).
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
