import type { DemoContext } from './context';

/** Synthetic mdt data for the demo and benchmark service (deterministic from ctx.rnd). */
export function generateMdtDemo(_ctx: DemoContext): void {}
