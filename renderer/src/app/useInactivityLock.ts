import { useEffect, useRef } from 'react';
import { api } from '../api/client';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/** How often a screen left idle asks for the lock time in force (an administrator may have changed it). */
export const IDLE_LOCK_TIME_CHECK_MS = 60_000;

/**
 * Locks the app after `minutes` without keyboard or pointer activity, and tells the main process the user
 * is active (at most once a minute) so that it does not lock a session someone is reading. The main
 * process enforces the same limit on its own: this hook only makes the lock visible promptly.
 * A screen left idle asks for the lock time in force once a minute (`auth:lockTime`, which the server does
 * not count as activity), so a lock time shortened while nobody touches the screen still reaches it, and a
 * session the server has already locked is locked on screen too (issue 17).
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
    let lastAsk = Date.now();
    let asking = false;
    let stopped = false;
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
      const now = Date.now();
      if (now - last.current >= limit.current * 60_000) {
        onLock();
        return;
      }
      const idleSinceAsk = now - Math.max(last.current, lastAsk);
      if (!asking && idleSinceAsk >= IDLE_LOCK_TIME_CHECK_MS) {
        asking = true;
        lastAsk = now;
        void api
          .result('auth:lockTime', {})
          .then((r) => {
            if (!r.ok || stopped) return;
            limit.current = r.value.lockAfterMinutes;
            if (r.value.locked || Date.now() - last.current >= limit.current * 60_000) onLock();
          })
          .finally(() => {
            asking = false;
          });
      }
    }, 5_000);
    return () => {
      stopped = true;
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, mark);
      window.clearInterval(timer);
    };
  }, [minutes, active, onLock]);
}
