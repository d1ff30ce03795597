import { Button, Group, Paper, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatDateGb } from '../../../../shared/dates';
import { displayName, SEX_LABELS } from '../../../../shared/domain/patient';
import { formatNhsNumber } from '../../../../shared/nhs-number';
import { SEARCH_PAGE } from '../../../../shared/ipc/contract';
import { api } from '../../api/client';
import { useSession } from '../../app/session';

const PAGE = SEARCH_PAGE;
const ROW_HEIGHT = 44;

const MATCHED_BY: Record<string, string> = {
  'nhs-number': 'by NHS number',
  'hospital-number': 'by hospital number',
  name: 'by name',
  all: '',
};

/**
 * Every patient in the service, searchable from one box, in a virtualised list: only the rows on screen
 * exist in the page, and pages of 50 load as they scroll into view, so 100,000 patients scroll smoothly.
 */
export function PatientList() {
  const navigate = useNavigate();
  const session = useSession();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 50);
  const scrollRef = useRef<HTMLDivElement>(null);

  const first = useQuery({
    queryKey: ['patients:search', debounced, 0],
    queryFn: () => api.call('patients:search', { query: debounced, offset: 0, limit: PAGE }),
    placeholderData: keepPreviousData,
  });
  const total = first.data?.total ?? 0;

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const pagesNeeded = [...new Set(items.map((i) => Math.floor(i.index / PAGE)))].filter((p) => p > 0);
  const pages = useQueries({
    queries: pagesNeeded.map((p) => ({
      queryKey: ['patients:search', debounced, p],
      queryFn: () => api.call('patients:search', { query: debounced, offset: p * PAGE, limit: PAGE }),
      staleTime: 30_000,
    })),
  });
  const rowAt = (index: number) => {
    const p = Math.floor(index / PAGE);
    const data = p === 0 ? first.data : pages[pagesNeeded.indexOf(p)]?.data;
    return data?.items[index - p * PAGE];
  };

  return (
    <Paper p="md" withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={1} size="h2">
          Patients
        </Title>
        {session.can('patient.write') && (
          <Button onClick={() => navigate('/patients/new')}>Register a patient</Button>
        )}
      </Group>
      <TextInput
        label="Find a patient"
        description="Surname (or “surname, forename”), NHS number with or without spaces, or hospital number"
        placeholder="e.g. smith, jo   or   943 476 5919"
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        onKeyDown={(e) => {
          const only = first.data?.items[0];
          if (e.key === 'Enter' && first.data?.total === 1 && only) navigate(`/patients/${only.id}`);
        }}
        autoFocus
        data-testid="patient-search"
      />
      <Text size="sm" c="dimmed" mt="xs" aria-live="polite" data-testid="patient-count">
        {first.isFetching && !first.data
          ? 'Searching…'
          : `${total.toLocaleString('en-GB')} patient${total === 1 ? '' : 's'} ${MATCHED_BY[first.data?.matchedBy ?? 'all'] ?? ''}`}
      </Text>
      <div className="patient-row patient-row-header" aria-hidden="true">
        <span>Name</span>
        <span>Born</span>
        <span>NHS No.</span>
        <span>Hospital No.</span>
        <span>Sex</span>
      </div>
      <div
        ref={scrollRef}
        style={{ height: 'calc(100vh - 260px)', minHeight: 300, overflow: 'auto', marginTop: 8 }}
        data-testid="patient-scroller"
      >
        <ul
          aria-label="Patients"
          style={{
            height: virtualizer.getTotalSize(),
            position: 'relative',
            listStyle: 'none',
            margin: 0,
            padding: 0,
          }}
        >
          {items.map((item) => {
            const p = rowAt(item.index);
            return (
              <li
                key={item.key}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                {p ? (
                  <Link to={`/patients/${p.id}`} className="patient-row" data-testid="patient-row">
                    <span className="patient-row-name">{displayName(p)}</span>
                    <span>{formatDateGb(p.dateOfBirth)}</span>
                    <span>{p.nhsNumber ? formatNhsNumber(p.nhsNumber) : '—'}</span>
                    <span>{p.hospitalNumber ?? '—'}</span>
                    <span>{SEX_LABELS[p.sex]}</span>
                  </Link>
                ) : (
                  <div className="patient-row patient-row-loading">Loading…</div>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </Paper>
  );
}
