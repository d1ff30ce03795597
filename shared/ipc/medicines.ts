/** Prescribing and deprescribing reviews (issue 4): this module's named operations. Spread into `contract` in contract.ts. */
export const medicinesContract = {} as const;
