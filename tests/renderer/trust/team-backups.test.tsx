import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TeamServerDatabase } from '../../../renderer/src/features/data/TeamServerDatabase';

/**
 * Issue 19: on the team server, Backups and restore says in words that the trust's IT team backs the server
 * up with pg_dump and restores it, and shows the database it is connected to (the data comes from
 * data:status on PostgreSQL: tests/db/data-team.test.ts).
 */
describe('Backups and restore on the team server (renderer)', () => {
  const team = {
    connected: true as const,
    database: 'db.trust.nhs.uk:5432/alongside',
    serverVersion: '15.18',
    schemaVersion: 200,
    latestSchemaVersion: 200,
    bytes: 9 * 1024 * 1024,
    lastChangeAt: '2026-11-21T10:01:00.000Z',
  };

  it('says who backs the server up and shows the database, its size, version and last change', () => {
    render(
      <MantineProvider>
        <TeamServerDatabase team={team} />
      </MantineProvider>,
    );
    const text = document.body.textContent ?? '';
    expect(text).toMatch(/Backups of the team server are made by your IT team with pg_dump/);
    expect(text).toMatch(/cannot take or restore backups of the team server/);
    expect(text).toMatch(/db\.trust\.nhs\.uk:5432\/alongside \(PostgreSQL 15\.18\)/);
    expect(text).toMatch(/9\.0 MB/);
    // 10:01 UTC on 21 November is 10:01 in London (GMT): dd-MMM-yyyy, 24-hour.
    expect(text).toMatch(/Last saved change 21-Nov-2026 10:01/);
    expect(text).toMatch(/Up to date/);
    expect(screen.queryByRole('button', { name: /Back up now/ })).toBeNull();
  });

  it('a database behind the server asks for the upgrade to be finished', () => {
    render(
      <MantineProvider>
        <TeamServerDatabase team={{ ...team, schemaVersion: 190, lastChangeAt: null }} />
      </MantineProvider>,
    );
    const text = document.body.textContent ?? '';
    expect(text).toMatch(/This server expects version 200: ask your IT team to finish the upgrade\./);
    expect(text).toMatch(/Nothing saved yet/);
  });
});
