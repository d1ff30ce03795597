import type { DemoContext } from './context';

/** Synthetic intervention requests, sessions and outcomes for the demo and benchmark service. */
export function generateInterventionsDemo(_ctx: DemoContext): void {}
