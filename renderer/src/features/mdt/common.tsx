import { Alert, Badge, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { QuorumResult } from '../../../../shared/clinical/mdt/index';
import { formatDateGb } from '../../../../shared/dates';
import type { CaseSummaryRehab, ListingView } from '../../../../shared/domain/mdt';
import { api, ApiError } from '../../api/client';
import { ruleSetLabel, ruleSetTitle } from '../../../../shared/domain/rule-set-names';

export function usePeople() {
  return useQuery({ queryKey: ['mdt:people'], queryFn: () => api.call('mdt:people', {}) });
}

export function useMeetingTypes() {
  return useQuery({ queryKey: ['mdt:meetingTypes'], queryFn: () => api.call('mdt:meetingTypes:list', {}) });
}

export function errorText(e: unknown): string {
  return e instanceof ApiError ? e.message : 'Something went wrong; nothing was saved.';
}

export function Loading({ error, children }: { error?: unknown; children?: ReactNode }) {
  if (error) {
    return (
      <Alert color="red.9" title="Could not load">
        {errorText(error)}
      </Alert>
    );
  }
  return children ?? <Loader aria-label="Loading" />;
}

/** "09:25" from a Europe/London wall-clock "2026-11-24T09:25". */
export function localTime(local: string | null | undefined): string {
  return local ? local.slice(11, 16) : '';
}

export function LateBadge({ listing }: { listing: ListingView }) {
  if (listing.lateState === 'on-time') return null;
  return listing.lateState === 'approved' ? (
    <Badge color="teal.9" variant="filled">
      Late addition, approved{listing.lateApprovedByName ? ` by ${listing.lateApprovedByName}` : ''}
    </Badge>
  ) : (
    <Badge color="red.9" variant="filled">
      Late addition: needs chair approval
    </Badge>
  );
}

export function QuorumBadge({ q }: { q: QuorumResult | undefined }) {
  if (!q) return null;
  if (q.met) {
    return (
      <Badge color="teal.9" variant="filled">
        Quorum met
      </Badge>
    );
  }
  return (
    <Badge color={q.enforcement === 'block' ? 'red.9' : 'grape.9'} variant="filled">
      {q.enforcement === 'block' ? 'Quorum not met: blocks' : 'Quorum not met: warning'}
    </Badge>
  );
}

const signed = (n: number, dp = 1) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toFixed(dp)}`;

/** The rehab part of a case summary: the latest GAS review and the latest score of each outcome measure. */
export function CaseRehab({ rehab }: { rehab: CaseSummaryRehab }) {
  const { gas, measures, activePlan } = rehab;
  if (!gas && measures.length === 0 && !activePlan) {
    return (
      <Text size="sm">
        <b>Rehabilitation:</b> Not recorded yet
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      <Text size="sm">
        <b>Rehabilitation:</b> {activePlan ? `active plan (${activePlan.pathway})` : 'no active plan'}
        {gas
          ? `. Latest GAS review ${formatDateGb(gas.reviewDate)}: ${gas.label}` +
            (gas.change === null ? '' : `, ${signed(gas.change)} since baseline`) +
            (gas.noProgress ? ', no progress' : '')
          : '. No GAS review yet'}
        {gas && (
          <>
            {' '}
            (rule set <span title={ruleSetTitle(gas.ruleSet)}>{ruleSetLabel(gas.ruleSet)}</span>)
          </>
        )}
      </Text>
      {measures.length > 0 && (
        <Table aria-label="Latest outcome measures" withTableBorder fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Measure</Table.Th>
              <Table.Th>Latest score</Table.Th>
              <Table.Th>Band</Table.Th>
              <Table.Th>Date</Table.Th>
              <Table.Th>Change since first</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {measures.map((m) => (
              <Table.Tr key={m.measure}>
                <Table.Td>
                  <abbr title={m.name}>{m.measure}</abbr>
                </Table.Td>
                <Table.Td>{m.total ?? 'profile'}</Table.Td>
                <Table.Td>{m.band ?? '—'}</Table.Td>
                <Table.Td>{formatDateGb(m.administeredOn)}</Table.Td>
                <Table.Td>
                  {m.change === null ? (
                    '—'
                  ) : (
                    <>
                      {signed(m.change, Number.isInteger(m.change) ? 0 : 1)}{' '}
                      {m.meaningful && (
                        <Badge size="sm" variant="filled" color={m.improved === false ? 'red.9' : 'teal.9'}>
                          {m.improved === false ? 'meaningful deterioration' : 'meaningful change'}
                        </Badge>
                      )}
                    </>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
