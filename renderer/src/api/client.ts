import { contract, type Channel, type RequestOf, type ResponseOf } from '../../../shared/ipc/contract';
import type { AppErrorShape, Result } from '../../../shared/result';
import { createTransport, type StreamEvent, type Transport } from './transport';

/** A failed request, thrown by `call` so that TanStack Query and forms can handle it. */
export class ApiError extends Error {
  readonly code: AppErrorShape['code'];
  readonly fields: Record<string, string> | undefined;
  constructor(error: AppErrorShape) {
    super(error.message);
    this.code = error.code;
    this.fields = error.fields;
  }
}

type Listener = (error: AppErrorShape) => void;
type WriteListener = (channel: Channel, payload: unknown) => Promise<unknown>;

/** The renderer's only way to the data: named operations from the shared contract. */
export class Api {
  private readonly listeners = new Set<Listener>();
  private readonly writeListeners = new Set<WriteListener>();
  constructor(private readonly transport: Transport) {}

  get kind(): Transport['kind'] {
    return this.transport.kind;
  }

  async result<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
    const r = (await this.transport.invoke(channel, payload)) as Result<ResponseOf<C>>;
    if (!r.ok && (r.error.code === 'LOCKED' || r.error.code === 'UNAUTHENTICATED'))
      for (const l of this.listeners) l(r.error);
    // A saved write refreshes what it changed before the caller goes on (see api/queries.ts).
    if (r.ok && contract[channel].write && this.writeListeners.size > 0)
      await Promise.all([...this.writeListeners].map((l) => l(channel, payload).catch(() => undefined)));
    return r;
  }

  async call<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
    const r = await this.result(channel, payload);
    if (!r.ok) throw new ApiError(r.error);
    return r.value;
  }

  /**
   * A host channel, answered by the desktop app's main process (or the preview) rather than the database:
   * the workstation's connection choice (shared/connection.ts).
   */
  host(channel: string, payload: unknown): Promise<Result<unknown>> {
    return this.transport.invoke(channel, payload);
  }

  /** Hears every successful write (the central query refresh); the call resolves once each has settled. */
  onWrite(listener: WriteListener): () => void {
    this.writeListeners.add(listener);
    return () => this.writeListeners.delete(listener);
  }

  /** Hears the team server's change stream, when there is one (null: no stream on this transport). */
  subscribe(onEvent: (e: StreamEvent) => void): (() => void) | null {
    return this.transport.subscribe ? this.transport.subscribe(onEvent) : null;
  }

  /** Hears LOCKED and UNAUTHENTICATED answers, whichever screen asked. */
  onSessionProblem(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export const api = new Api(createTransport());
