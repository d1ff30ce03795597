import {
  QueryCache,
  QueryClient,
  useQuery,
  type InvalidateOptions,
  type InvalidateQueryFilters,
  type Query,
  type QueryKey,
} from '@tanstack/react-query';
import type { Channel, RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import { readsInvalidatedBy } from '../../../shared/ipc/invalidation';
import { api, type Api } from './client';
import { channelOfKey } from './keys';

/**
 * Query keys and invalidation in one place. A query's key is `[channel, request]` (queryKeyFor); after every
 * successful write, the reads that write can change (shared/ipc/invalidation.ts) are refreshed centrally
 * (connectInvalidation), so a screen need not know who else shows what it changed.
 */
export function queryKeyFor<C extends Channel>(channel: C, request?: RequestOf<C>): QueryKey {
  return request === undefined ? [channel] : [channel, request];
}

/** useQuery over one contract operation, keyed by queryKeyFor. */
export function useApiQuery<C extends Channel>(
  channel: C,
  request: RequestOf<C>,
  options: { enabled?: boolean; staleTime?: number } = {},
) {
  return useQuery<ResponseOf<C>>({
    queryKey: queryKeyFor(channel, request),
    queryFn: () => api.call(channel, request),
    ...options,
  });
}

function patientIdOf(value: unknown): number | undefined {
  if (value && typeof value === 'object' && 'patientId' in value) {
    const id = (value as { patientId: unknown }).patientId;
    return typeof id === 'number' ? id : undefined;
  }
  return undefined;
}

/** Which cached queries a successful write makes stale. */
export function queryMatcherFor(channel: Channel, request: unknown): (query: Query) => boolean {
  const reads = readsInvalidatedBy(channel);
  if (reads === 'all') return () => true;
  const set = new Set<string>(reads);
  const patientId = patientIdOf(request);
  return (query) => {
    const ch = channelOfKey(query.queryKey);
    if (!ch || !set.has(ch)) return false;
    // A read keyed by another patient did not change.
    const keyed = patientIdOf(query.queryKey[1]);
    return patientId === undefined || keyed === undefined || keyed === patientId;
  };
}

/**
 * The app's query client. Screens written before the central refresh still invalidate queries after their
 * own saves; a query already fetched again since the last write finished is current (this window made the
 * write), so such a second refresh is skipped rather than read twice.
 */
export class AppQueryClient extends QueryClient {
  /** When the last write finished: data fetched since then already shows it. */
  private lastWriteAt = 0;

  override invalidateQueries(filters?: InvalidateQueryFilters, options?: InvalidateOptions): Promise<void> {
    const since = this.lastWriteAt;
    if (!since) return super.invalidateQueries(filters, options);
    const own = filters?.predicate;
    return super.invalidateQueries(
      {
        ...filters,
        predicate: (q) =>
          (own ? own(q) : true) && !(q.state.dataUpdatedAt >= since && !q.state.isInvalidated),
      },
      options,
    );
  }

  /** The central refresh after a write (not subject to the skip above). */
  refreshAfterWrite(channel: Channel, request: unknown): Promise<void> {
    this.lastWriteAt = Date.now();
    return super.invalidateQueries({ predicate: queryMatcherFor(channel, request) });
  }
}

export function createQueryClient(): AppQueryClient {
  return new AppQueryClient({
    queryCache: new QueryCache(),
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 } },
  });
}

/** After every successful write through `client`, refresh what it changed (before the caller continues). */
export function connectInvalidation(client: Api, queryClient: AppQueryClient): () => void {
  return client.onWrite((channel, request) => queryClient.refreshAfterWrite(channel, request));
}
