import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import {
  bankHolidayOn,
  type BankHolidayRuleSet,
} from '../../../../shared/clinical/interventions/bank-holidays';
import { screenQueries } from '../../api/screenQueries';

/**
 * The bank holidays rule set in use (England and Wales by default, from GOV.UK; extendable in Settings ›
 * Clinical rule sets), read once and shared by the week view and the session form.
 */
export function useBankHolidays() {
  return useQuery(screenQueries.bankHolidays());
}

/**
 * Marks a date that is a bank holiday (issue 14: the calendar "marks and warns"); nothing on other days.
 * The rule set's name is given as the source.
 */
export function BankHolidayMark({ date }: { date: string }) {
  const rules = useBankHolidays();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !rules.data) return null;
  const holiday = bankHolidayOn(rules.data.value as BankHolidayRuleSet, date);
  if (!holiday) return null;
  return (
    <Text size="xs" fw={700} c="#9c3600" title={`${rules.data.name} ${rules.data.version}`}>
      Bank holiday: {holiday.name}
    </Text>
  );
}
