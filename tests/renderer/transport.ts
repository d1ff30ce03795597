import type { Dispatcher } from '../../db/dispatcher';
import type { AlongsideBridge } from '../../renderer/src/api/transport';
import type { Result } from '../../shared/result';

/** One request as the renderer sent it (after structured cloning, as Electron's IPC would). */
export interface SentRequest {
  channel: string;
  payload: unknown;
  /** How many answers had come back when this was sent (a request waiting on another's answer sends later). */
  after: number;
}

interface Target {
  dispatcher: Dispatcher;
  sessionKey: string;
  sent: SentRequest[];
}

let target: Target | null = null;
let answered = 0;

/** Points the in-process bridge at a dispatcher and a session (one per test). */
export function connect(next: Target | null): void {
  target = next;
  answered = 0;
}

/**
 * The in-process transport: the same shape as the Electron preload's bridge, handing each request to the real
 * dispatcher (zod validation, permissions, services, SQLite). Payloads and answers are structured-cloned both
 * ways, as IPC does, so a renderer that passes something IPC could not carry fails here too.
 */
export const inProcessBridge: AlongsideBridge = {
  async invoke(channel: string, payload: unknown): Promise<Result<unknown>> {
    if (!target) throw new Error(`No test dispatcher connected (request ${channel})`);
    const sent = structuredClone(payload);
    target.sent.push({ channel, payload: sent, after: answered });
    const result = await target.dispatcher.dispatch(target.sessionKey, channel, sent);
    answered += 1;
    return structuredClone(result);
  },
};
