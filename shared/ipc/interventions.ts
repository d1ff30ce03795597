/** Intervention scheduling (issue 5): this module's named operations. Spread into `contract` in contract.ts. */
export const interventionsContract = {} as const;
