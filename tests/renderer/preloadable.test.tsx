import { act, render, screen } from '@testing-library/react';
import { Suspense, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { preloadable } from '../../renderer/src/app/preloadable';

/**
 * Issue 18: a code-split screen whose code was fetched ahead (after sign-in) renders at once on its first
 * visit, instead of showing the loader and the screen a few hundred milliseconds later (React.lazy suspends
 * on every first render, loaded or not).
 */
function Counter({ label }: { label: string }) {
  const [n, setN] = useState(0);
  return (
    <button type="button" onClick={() => setN(n + 1)}>
      {label} {n}
    </button>
  );
}

describe('preloadable screens', () => {
  it('once preloaded, renders the screen in the first commit, with no loader', async () => {
    const Screen = preloadable(() => Promise.resolve(Counter));
    await Screen.preload();
    render(
      <Suspense fallback={<p>Loading</p>}>
        <Screen label="Measures due" />
      </Suspense>,
    );
    // Synchronously: no await between render and the check.
    expect(screen.queryByText('Loading')).toBeNull();
    expect(screen.getByRole('button', { name: 'Measures due 0' })).toBeTruthy();
  });

  it('a screen first shown through the loader keeps its state when the code arrives and it renders again', async () => {
    let release: (c: typeof Counter) => void = () => {};
    const Screen = preloadable(() => new Promise<typeof Counter>((r) => (release = r)));
    const ui = (label: string) => (
      <Suspense fallback={<p>Loading</p>}>
        <Screen label={label} />
      </Suspense>
    );
    const { rerender } = render(ui('Meeting'));
    expect(screen.getByText('Loading')).toBeTruthy();
    await act(async () => release(Counter));
    const button = await screen.findByRole('button', { name: 'Meeting 0' });
    await act(async () => button.click());
    // Re-rendered after the code is loaded: the same instance, its count kept (not remounted).
    rerender(ui('Meeting'));
    expect(screen.getByRole('button', { name: 'Meeting 1' })).toBeTruthy();
  });
});
