import { useQuery } from '@tanstack/react-query';
import type { CaseSummary } from '../../../../shared/domain/mdt';
import { screenQueries } from '../../api/screenQueries';

/**
 * Every case summary of a meeting in one read (issue 18: opening a meeting made one request per case). The
 * meeting screen, its printed list and presentation mode all read the same cached answer, so N and P in
 * presentation mode show the next summary from the cache at once.
 */
export function caseSummariesQuery(meetingId: number) {
  // The same query prefetchScreen starts when the meeting's screens are opened (api/screenQueries.ts).
  return screenQueries.mdtCaseSummaries(meetingId);
}

/** One listing's summary, taken from its meeting's batch. */
export function useCaseSummary(meetingId: number, listingId: number) {
  return useQuery({
    ...caseSummariesQuery(meetingId),
    select: (all: CaseSummary[]) => all.find((s) => s.listingId === listingId) ?? null,
  });
}
