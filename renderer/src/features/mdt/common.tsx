import { Alert, Badge, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { QuorumResult } from '../../../../shared/clinical/mdt/index';
import type { ListingView } from '../../../../shared/domain/mdt';
import { api, ApiError } from '../../api/client';

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
