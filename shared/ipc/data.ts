/** Data safety: backups, restore, import (issue 7): this module's named operations. Spread into `contract` in contract.ts. */
export const dataContract = {} as const;
