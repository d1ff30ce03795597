import type { Result } from '../../../shared/result';

/** How requests leave the renderer: Electron's preload bridge, or HTTP to the browser preview. */
export interface Transport {
  kind: 'electron' | 'preview';
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
}

/** What the preload exposes (electron/preload/index.ts): one function, nothing else. */
export interface AlongsideBridge {
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
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
  };
}

export function createTransport(): Transport {
  const bridge = window.alongside;
  if (bridge) return { kind: 'electron', invoke: (channel, payload) => bridge.invoke(channel, payload) };
  return previewTransport();
}
