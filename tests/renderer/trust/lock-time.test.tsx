import { cleanup, fireEvent, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useInactivityLock } from '../../../renderer/src/app/useInactivityLock';
import { signedInAs } from '../../helpers/db';
import { rendererApp, SESSION, type RendererApp } from '../harness';

/**
 * Issue 17: "a new lock time does not reach open sessions"; "settings that take effect for everyone at
 * once". An administrator shortens the lock time from 10 to 2 minutes while a nurse is signed in: the
 * nurse's open session locks after 2 idle minutes, both on the server and on the nurse's screen.
 */
let r: RendererApp;
afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  await realWait(200); // a lock-time question still on its way is answered before the database closes
  await r.close();
});

const realWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function Probe({ minutes, onLock }: { minutes: number; onLock: () => void }) {
  useInactivityLock(minutes, true, onLock);
  return null;
}

describe('A new lock time reaches sessions already open', () => {
  it('the server locks an open session at the new time', async () => {
    r = await rendererApp('nurse');
    await signedInAs(r.app, 'admin', 'admin');
    // Control: at the shipped 10 minutes, 3 idle minutes do not lock.
    r.app.clock.now = new Date(r.app.clock.now.getTime() + 3 * 60_000);
    expect((await r.app.call('patients:search', { query: 'a' }, SESSION)).ok).toBe(true);
    await r.app.ok('settings:update', { version: 0, lockAfterMinutes: 2 }, 'admin');
    r.app.clock.now = new Date(r.app.clock.now.getTime() + 3 * 60_000);
    const after = await r.app.call('patients:search', { query: 'a' }, SESSION);
    expect(!after.ok && after.error.code).toBe('LOCKED');
  });

  it('the open screen takes the new time with its next activity and locks after 2 idle minutes', async () => {
    r = await rendererApp('nurse');
    await signedInAs(r.app, 'admin', 'admin');
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const onLock = vi.fn();
    // Signed in when the lock time was 10 minutes.
    render(<Probe minutes={10} onLock={onLock} />);
    await r.app.ok('settings:update', { version: 0, lockAfterMinutes: 2 }, 'admin');
    vi.advanceTimersByTime(61_000);
    fireEvent.pointerDown(window);
    await realWait(200); // the touch's answer (real dispatcher, real promise)
    expect(r.sent.filter((s) => s.channel === 'auth:touch')).toHaveLength(1);
    vi.advanceTimersByTime(60_000);
    expect(onLock).not.toHaveBeenCalled();
    vi.advanceTimersByTime(65_000);
    expect(onLock).toHaveBeenCalled();
  });

  it('a screen left idle since before the change locks at the new time, with no activity at all', async () => {
    r = await rendererApp('nurse');
    await signedInAs(r.app, 'admin', 'admin');
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const onLock = vi.fn();
    // Signed in when the lock time was 10 minutes; nobody touches the screen from here on.
    render(<Probe minutes={10} onLock={onLock} />);
    await r.app.ok('settings:update', { version: 0, lockAfterMinutes: 2 }, 'admin');
    // After a minute idle the screen asks for the lock time in force (once), without counting as activity.
    vi.advanceTimersByTime(65_000);
    await realWait(200); // the answer (real dispatcher, real promise)
    expect(r.sent.filter((s) => s.channel === 'auth:lockTime')).toHaveLength(1);
    expect(r.sent.filter((s) => s.channel === 'auth:touch')).toHaveLength(0);
    // Control: not locked before 2 idle minutes.
    vi.advanceTimersByTime(50_000); // 115 s idle
    expect(onLock).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000); // 125 s idle: the new 2 minutes have passed (the old 10 have not)
    expect(onLock).toHaveBeenCalled();
  });

  it('asking for the lock time does not keep the session open on the server', async () => {
    r = await rendererApp('nurse');
    await signedInAs(r.app, 'admin', 'admin');
    await r.app.ok('settings:update', { version: 0, lockAfterMinutes: 2 }, 'admin');
    r.app.clock.now = new Date(r.app.clock.now.getTime() + 90_000);
    expect(await r.app.ok('auth:lockTime', {}, SESSION)).toEqual({ lockAfterMinutes: 2, locked: false });
    r.app.clock.now = new Date(r.app.clock.now.getTime() + 45_000); // 135 s since the last activity
    expect(await r.app.ok('auth:lockTime', {}, SESSION)).toEqual({ lockAfterMinutes: 2, locked: true });
    const after = await r.app.call('patients:search', { query: 'a' }, SESSION);
    expect(!after.ok && after.error.code).toBe('LOCKED');
  });
});
