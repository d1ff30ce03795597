import type { DemoContext } from './context';

/** Synthetic rehab data for the demo and benchmark service (deterministic from ctx.rnd). */
export function generateRehabDemo(_ctx: DemoContext): void {}
