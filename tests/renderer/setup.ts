/**
 * jsdom set-up for the renderer tests: what Mantine needs and jsdom lacks (matchMedia, ResizeObserver,
 * scrollIntoView), and the in-process transport. The renderer's `api` client picks its transport when its
 * module loads (window.alongside, the Electron preload's bridge): this setup file runs first and installs a
 * bridge that hands each request to whichever dispatcher the current test connected (see harness.tsx).
 */
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { screensLoaded } from '../../renderer/src/app/preloadable';
import { inProcessBridge } from './transport';

window.alongside = inProcessBridge;

// findBy* and waitFor wait up to 15 s (Testing Library's default is 1 s): the screens answer through the real
// dispatcher, which on a loaded 2-core machine (the whole suite running, other work beside it; waits of over
// 5 s were seen at a load average of 40) can take far longer than a second. A passing wait returns as soon as
// it holds, so this costs nothing when all is well.
configure({ asyncUtilTimeout: 15_000 });

if (!window.matchMedia)
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;

class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
if (!('ResizeObserver' in window))
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = NoResizeObserver;
// Mantine's autosize textarea listens for web fonts loading.
if (!('fonts' in document))
  Object.defineProperty(document, 'fonts', {
    value: {
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      ready: Promise.resolve(),
    },
  });
if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => undefined;
if (!window.scrollTo) window.scrollTo = () => undefined;

// The app fetches the other screens' code in the background once someone is signed in: a test that ends
// while that is under way (a busy machine) would have it load after the test environment is gone, an
// unhandled "Cannot load … after the environment was torn down" that fails the whole run.
afterEach(async () => {
  cleanup();
  await screensLoaded();
});

// jsdom's Blob (and so File) has no text(): read it with jsdom's FileReader, as a browser would.
if (!('text' in Blob.prototype))
  Object.defineProperty(Blob.prototype, 'text', {
    value(this: Blob): Promise<string> {
      return new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result));
        reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
        reader.readAsText(this);
      });
    },
  });
