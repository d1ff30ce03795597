import { it } from 'vitest';
import { schedules } from './medicines-taper-products.test';

// Prints the taper schedules for the issue 13 report: npx vitest run --project unit tests/unit/clinical/medicines-taper-schedules.print.test.ts
it('prints the issue 13 taper schedules', () => {
  for (const [name, s] of Object.entries(schedules())) {
    console.log(`\n${name}`);
    for (const x of s)
      console.log(
        `  ${x.date}  ${x.dose}  [${x.administrations.join(', ')}]  ${x.products}${x.note ? `  NOTE: ${x.note}` : ''}`,
      );
  }
});
