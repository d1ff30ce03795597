import { useEffect, useRef } from 'react';
import { api } from '../api/client';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Locks the app after `minutes` without keyboard or pointer activity, and tells the main process the user
 * is active (at most once a minute) so that it does not lock a session someone is reading. The main
 * process enforces the same limit on its own: this hook only makes the lock visible promptly.
 */
export function useInactivityLock(minutes: number, active: boolean, onLock: () => void): void {
  const last = useRef(0);
  const lastTouch = useRef(0);
  // The limit in force now: an administrator's new lock time reaches open sessions with the next touch
  // (issue 17), not only at the next sign-in.
  const limit = useRef(minutes);
  useEffect(() => {
    limit.current = minutes;
  }, [minutes]);
  useEffect(() => {
    if (!active) return undefined;
    last.current = Date.now();
    lastTouch.current = Date.now();
    const mark = () => {
      const now = Date.now();
      last.current = now;
      if (now - lastTouch.current > 60_000) {
        lastTouch.current = now;
        void api.result('auth:touch', {}).then((r) => {
          if (r.ok) limit.current = r.value.lockAfterMinutes;
        });
      }
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, mark, { passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last.current >= limit.current * 60_000) onLock();
    }, 5_000);
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, mark);
      window.clearInterval(timer);
    };
  }, [minutes, active, onLock]);
}
