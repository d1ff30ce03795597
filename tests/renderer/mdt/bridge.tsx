/**
 * Installs `window.alongside` before the renderer's client module is loaded (it picks its transport once, on
 * import), forwarding to whichever dispatcher the current test has connected.
 */
import type { Result } from '../../../shared/result';

type Invoke = (channel: string, payload: unknown) => Promise<Result<unknown>>;
let target: Invoke | null = null;

window.alongside = {
  invoke: (channel, payload) =>
    target
      ? target(channel, payload)
      : Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'No test database connected.' } }),
};

export function connectBridge(invoke: Invoke): void {
  target = invoke;
}
