/** Rehabilitation goals and outcome measures (issue 6): this module's named operations. Spread into `contract` in contract.ts. */
export const rehabContract = {} as const;
