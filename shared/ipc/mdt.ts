/** MDT meetings (issue 3): this module's named operations. Spread into `contract` in contract.ts. */
export const mdtContract = {} as const;
