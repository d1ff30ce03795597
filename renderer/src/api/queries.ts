import {
  QueryCache,
  QueryClient,
  useQuery,
  type InvalidateOptions,
  type InvalidateQueryFilters,
  type Query,
  type QueryKey,
} from '@tanstack/react-query';
import { isChannel, type Channel, type RequestOf, type ResponseOf } from '../../../shared/ipc/contract';
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

  /**
   * Someone else's save, heard on the team server's change stream: the same reads go stale as after a write
   * made here (queryMatcherFor), not subject to the skip above (this window did not make it).
   */
  refreshAfterOthersChange(channel: Channel, patientId: number | null): Promise<void> {
    return super.invalidateQueries({
      predicate: queryMatcherFor(channel, patientId === null ? undefined : { patientId }),
    });
  }

  /** Everything may have changed (the stream was interrupted): refresh all. */
  refreshAll(): Promise<void> {
    return super.invalidateQueries();
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

/**
 * Team mode (issue 19): what other people save, heard on the team server's change stream, refreshes the
 * screens that show it, through the same matcher as this window's own saves. The stream needs a signed-in
 * session: it is opened again after a sign-in or unlock here, and some seconds after it ends (signed out,
 * network lost). A server instance that lost its own listening connection sends `resync`: everything is
 * refreshed. On a single computer (no stream) this does nothing.
 */
export function connectChangeStream(
  client: Api,
  queryClient: AppQueryClient,
  options: { retryMs?: number } = {},
): () => void {
  let stop: (() => void) | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const open = () => {
    if (closed) return;
    if (retry) clearTimeout(retry);
    retry = null;
    stop?.();
    stop = client.subscribe((e) => {
      if (e.event === 'change') {
        const c = e.data as { kind?: unknown; channel?: unknown; patientId?: unknown } | null;
        if (c?.kind === 'write' && typeof c.channel === 'string' && isChannel(c.channel))
          void queryClient.refreshAfterOthersChange(
            c.channel,
            typeof c.patientId === 'number' ? c.patientId : null,
          );
        else if (c?.kind === 'resync') void queryClient.refreshAll();
        return;
      }
      // The stream ended: open it again later (it answers once this window is signed in again).
      if (!retry && !closed) retry = setTimeout(open, options.retryMs ?? 5_000);
    });
  };
  open();
  const offWrite = client.onWrite(async (channel) => {
    if (channel === 'auth:signIn' || channel === 'auth:unlock' || channel === 'setup:createFirstAdmin')
      open();
  });
  return () => {
    closed = true;
    offWrite();
    if (retry) clearTimeout(retry);
    stop?.();
  };
}
