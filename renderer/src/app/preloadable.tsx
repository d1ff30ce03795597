import { lazy, useState, type ComponentType, type JSX } from 'react';

/** A code-split screen that can be loaded ahead of its first render. */
export type Preloadable<P extends object> = ((props: P) => JSX.Element) & { preload: () => Promise<unknown> };

/** Every screen's code load started so far (the renderer tests wait for them before the test ends). */
const started: Promise<unknown>[] = [];

/** Settles once every screen's code load started so far has finished (loaded or failed). */
export function screensLoaded(): Promise<unknown> {
  return Promise.allSettled(started);
}

/**
 * `React.lazy` with a `preload()` (issue 18). A lazy component suspends the first time it renders even when
 * its code has already been fetched (`import()` always answers with a promise): the screen shows a loader
 * and React commits the real content later, a few hundred milliseconds on a busy machine, on every first
 * visit to a module. Once `preload()` has resolved, this renders the loaded component directly, without
 * suspending; before that it falls back to `React.lazy` as before.
 */
export function preloadable<P extends object>(load: () => Promise<ComponentType<P>>): Preloadable<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () => {
    if (!pending) {
      pending = load().then((c) => {
        loaded = c;
        return c;
      });
      started.push(pending);
    }
    return pending;
  };
  const Lazy = lazy(() => preload().then((c) => ({ default: c })));
  function Screen(props: P) {
    // Chosen once per mount: a screen first shown through React.lazy stays on it, so it is never remounted
    // (and what is typed in it never lost) when the code arrives.
    const [Loaded] = useState(() => loaded);
    return Loaded ? <Loaded {...props} /> : <Lazy {...props} />;
  }
  return Object.assign(Screen, { preload });
}
