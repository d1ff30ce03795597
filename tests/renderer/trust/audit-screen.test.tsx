import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditPage } from '../../../renderer/src/features/admin/Audit';
import { JO } from '../../helpers/seed';
import { eventually, rendererApp, renderScreen, type RendererApp } from '../harness';
import { signedInAs } from '../../helpers/db';

/**
 * Issue 17, "Accounts and the audit screen": the administrator's Audit screen through the real dispatcher.
 * A nurse opens Jo's record twice and someone fails to sign in as "jo.bloggs"; the screen shows those
 * reads and failures, filters by user, by record and by event, and exports the record's access for a
 * subject access request (the export itself recorded).
 */
let r: RendererApp;
afterEach(async () => {
  vi.restoreAllMocks();
  await r.close();
});

async function seed() {
  r = await rendererApp('admin');
  await signedInAs(r.app, 'nurse', 'nurse');
  const jo = await r.app.ok('patients:create', JO, 'nurse');
  await r.app.ok('patients:get', { id: jo.id }, 'nurse');
  await r.app.ok('patients:get', { id: jo.id }, 'nurse');
  const failed = await r.app.call('auth:signIn', { username: 'jo.bloggs', password: 'not the one' }, 'x');
  expect(failed.ok).toBe(false);
  return jo;
}

function rows(): string[][] {
  const table = screen.getByRole('table', { name: 'Audit events' });
  return within(table)
    .queryAllByRole('row')
    .slice(1)
    .map((tr) =>
      within(tr)
        .queryAllByRole('cell')
        .map((td) => td.textContent ?? ''),
    );
}

describe('Audit screen (information governance)', () => {
  it('shows who opened a record (name and role at the time) and failed sign-ins with the name tried', async () => {
    const jo = await seed();
    await renderScreen(<AuditPage />);
    await eventually(() => rows().some((c) => c[2] === 'Failed sign-in'));
    const opened = rows().filter((c) => c[2] === 'Opened a record');
    expect(opened).toHaveLength(2);
    for (const c of opened) {
      expect(c[1]).toBe('Test nurse (Nurse specialist)');
      expect(c[3]).toBe(String(jo.id));
      expect(c[0]).toMatch(/^\d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2}$/); // dd-MMM-yyyy, 24-hour
    }
    const failed = rows().find((c) => c[2] === 'Failed sign-in')!;
    expect(failed[1]).toBe('Not signed in: tried “jo.bloggs”');
    // One wrong password: "1 failure in a row", not "1 failures" (found in the browser walk, issue 17).
    expect(failed[4]).toBe('1 failure in a row');
  });

  it('an account change says what changed (role, deactivation, reset), for a DSPT review', async () => {
    await seed();
    const nurse = (await r.app.ok('users:list', {}, 'renderer')).find((u) => u.username === 'nurse1')!;
    await r.app.ok(
      'users:update',
      { id: nurse.id, version: nurse.version, role: 'physiotherapist' },
      'renderer',
    );
    await r.app.ok('users:update', { id: nurse.id, version: nurse.version + 1, active: false }, 'renderer');
    await renderScreen(<AuditPage />);
    await eventually(() => rows().filter((c) => c[2] === 'Changed an account').length === 2);
    const changes = rows()
      .filter((c) => c[2] === 'Changed an account')
      .map((c) => c[4]);
    // Newest first; worked by hand from the two changes above (role labels from the Users screen).
    expect(changes).toEqual([
      'Test nurse: deactivated',
      'Test nurse: role Nurse specialist → Physiotherapist',
    ]);
  });

  it('filters by user, by record and by event', async () => {
    const jo = await seed();
    const { user } = await renderScreen(<AuditPage />);
    await eventually(() => rows().length > 0);
    const nurseId = (await r.app.ok('users:list', {}, 'renderer')).find((u) => u.username === 'nurse1')!.id;

    await user.selectOptions(screen.getByLabelText('User'), String(nurseId));
    await eventually(() => rows().length > 0 && rows().every((c) => (c[1] ?? '').startsWith('Test nurse')));
    await user.selectOptions(screen.getByLabelText('User'), '');

    await user.selectOptions(screen.getByLabelText('Event'), 'sign-in-failed');
    await eventually(() => rows().length === 1);
    expect(rows()[0]![2]).toBe('Failed sign-in');
    await user.selectOptions(screen.getByLabelText('Event'), 'access');
    await eventually(() => rows().length > 0 && rows().every((c) => c[2] !== 'Failed sign-in'));

    await user.type(screen.getByLabelText(/^Patient/), String(jo.id));
    await eventually(() => rows().length === 2 && rows().every((c) => c[2] === 'Opened a record'));

    await user.clear(screen.getByLabelText(/^Patient/));
    await user.type(screen.getByLabelText(/^Patient/), '99999');
    expect(await screen.findByText('No record has that number.')).toBeTruthy();
    const searches = r.sent.filter((s) => s.channel === 'audit:search').map((s) => s.payload);
    expect(searches).toContainEqual(expect.objectContaining({ userId: nurseId, group: null }));
    expect(searches).toContainEqual(expect.objectContaining({ group: 'sign-in-failed' }));
    expect(searches).toContainEqual(expect.objectContaining({ patient: String(jo.id), group: 'access' }));
  });

  it('exports a record’s access for a subject access request, and the export is itself audited', async () => {
    const jo = await seed();
    let saved: Blob | null = null;
    URL.createObjectURL = vi.fn((b: Blob) => {
      saved = b;
      return 'blob:audit';
    }) as typeof URL.createObjectURL;
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const { user } = await renderScreen(<AuditPage />);
    const exportButton = await screen.findByRole('button', { name: /Export this patient’s access record/ });
    expect((exportButton as HTMLButtonElement).disabled).toBe(true);
    await user.type(screen.getByLabelText(/^Patient/), String(jo.id));
    await user.click(exportButton);
    // Jo's record: created, then opened twice (three rows about the record).
    expect(await screen.findByText(`Saved access-record-${jo.id}-2026-11-21.csv (3 entries).`)).toBeTruthy();
    const csv = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(saved!);
    });
    const lines = csv.trim().split(/\r?\n/);
    // The person who asked reads UK dates and 24-hour times, not ISO instants in UTC (browser walk, issue 17).
    expect(lines[0]).toBe('"When (UK time)","Who","Role at the time","What","Where in the app"');
    expect(lines).toHaveLength(4);
    for (const line of lines.slice(1)) expect(line).toMatch(/^"\d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2}",/);
    expect(csv).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    // Written for the person who asked: what happened in words, not the app's internal event names.
    expect(
      lines.filter((l) => l.includes('"Test nurse","Nurse specialist","Opened a record","Patient record"')),
    ).toHaveLength(2);
    expect(csv).not.toMatch(/record\.view|patient\.create/);
    const exported = r.app.dispatcher.conn.sqlite
      .prepare("SELECT patient_id, user_name FROM audit_log WHERE action = 'audit.export'")
      .all();
    expect(exported).toEqual([{ patient_id: jo.id, user_name: 'Admin' }]);
  });
});
