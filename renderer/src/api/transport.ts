import type { Result } from '../../../shared/result';

/**
 * What the team server's change stream says (issue 19), as the host passes it on: `change` with
 * `{ kind: 'write', channel, patientId }` (someone else saved) or `{ kind: 'resync' }` (changes may have been
 * missed: refresh everything); `signed-out`, `lost` or `closing` when the stream ended.
 */
export interface StreamEvent {
  event: string;
  data: unknown;
}

/** How requests leave the renderer: Electron's preload bridge, or HTTP to the browser preview. */
export interface Transport {
  kind: 'electron' | 'preview';
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  /**
   * Listens to the team server's change stream for this window (only when connected to a team server; on a
   * single computer nothing is ever heard). Returns a stop.
   */
  subscribe?(onEvent: (e: StreamEvent) => void): () => void;
}

/** What the preload exposes (electron/preload/index.ts): send an operation, and hear others' changes. */
export interface AlongsideBridge {
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  watch?(onEvent: (e: StreamEvent) => void): () => void;
}

declare global {
  interface Window {
    alongside?: AlongsideBridge;
  }
}

function previewTransport(): Transport {
  const token = document.querySelector<HTMLMetaElement>('meta[name="alongside-token"]')?.content ?? '';
  // One session per browser tab (kept across reloads of that tab, gone when it closes).
  let session = sessionStorage.getItem('alongside-session');
  if (!session) {
    session = crypto.randomUUID();
    sessionStorage.setItem('alongside-session', session);
  }
  const sessionKey = session;
  return {
    kind: 'preview',
    async invoke(channel, payload) {
      try {
        const res = await fetch(`/api/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-Alongside-Token': token,
            'X-Alongside-Session': sessionKey,
          },
          body: JSON.stringify(payload ?? {}),
        });
        if (!res.ok)
          return {
            ok: false,
            error: {
              code: 'UNAUTHENTICATED',
              message:
                'The preview refused the request (token missing or expired). Open the address printed by npm run preview.',
            },
          };
        return (await res.json()) as Result<unknown>;
      } catch {
        return {
          ok: false,
          error: { code: 'INTERNAL', message: 'Alongside is not reachable. Is the preview still running?' },
        };
      }
    },
    subscribe(onEvent) {
      // Same origin (the preview's cookie goes with it); a preview on a local database answers 204, which
      // closes the stream for good.
      const source = new EventSource(`/events?session=${encodeURIComponent(sessionKey)}`);
      const relay = (event: string) => (m: MessageEvent<string>) => {
        try {
          onEvent({ event, data: JSON.parse(m.data) as unknown });
        } catch {
          // a malformed event is dropped
        }
      };
      for (const name of ['change', 'signed-out', 'lost', 'closing'])
        source.addEventListener(name, relay(name) as EventListener);
      return () => source.close();
    },
  };
}

export function createTransport(): Transport {
  const bridge = window.alongside;
  if (bridge)
    return {
      kind: 'electron',
      invoke: (channel, payload) => bridge.invoke(channel, payload),
      ...(bridge.watch ? { subscribe: (onEvent: (e: StreamEvent) => void) => bridge.watch!(onEvent) } : {}),
    };
  return previewTransport();
}
