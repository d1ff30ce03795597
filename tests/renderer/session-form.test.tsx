import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionForm } from '../../renderer/src/features/interventions/SessionForm';
import { enterDate, eventually, location, rendererApp, renderScreen, type RendererApp } from './harness';

/** Issue 18, "Tested": creating a procedure session (list), in jsdom against the real dispatcher. */
let r: RendererApp;
beforeEach(async () => {
  r = await rendererApp('consultant');
});
afterEach(() => r.close());

const open = () =>
  renderScreen(<SessionForm />, {
    path: '/interventions/sessions/new',
    routes: { '/interventions/calendar': <p>Calendar</p> },
  });

async function enterTime(user: Awaited<ReturnType<typeof open>>['user'], label: string, value: string) {
  const input = screen.getByLabelText(label);
  await user.clear(input);
  await user.type(input, value);
  await user.tab();
}

describe('New procedure session (renderer, real dispatcher)', () => {
  it('asks for the room and the clinician, and refuses an end before the start, beside the fields', async () => {
    const { user } = await open();
    await enterTime(user, 'Start', '13:00');
    await enterTime(user, 'End', '12:00');
    await user.click(screen.getByRole('button', { name: /create session|save|add session/i }));
    expect(await screen.findByText('Enter the room.')).toBeTruthy();
    // A select left on "Choose…" asks for a choice in words (it said "Enter a number greater than 0.").
    expect(screen.getByText('Choose the clinician.')).toBeTruthy();
    expect(screen.getByText('The session must end after it starts.')).toBeTruthy();
    expect(r.writes()).toHaveLength(0);
  });

  it('sends one interventions:createSession (double click) with what was entered, then opens the calendar', async () => {
    const { user } = await open();
    await enterDate(user, 'Date', '2026-12-14');
    await enterTime(user, 'Start', '0830');
    await enterTime(user, 'End', '12:30');
    await user.type(screen.getByLabelText('Room'), 'Theatre 3');
    const clinician = screen.getByLabelText('Clinician') as HTMLSelectElement;
    await eventually(() => clinician.options.length > 1);
    await user.selectOptions(clinician, 'Test consultant');
    await user.type(screen.getByLabelText('Radiographer (leave empty if none)'), 'Pat Lee');
    await user.dblClick(screen.getByRole('button', { name: /create session|save|add session/i }));
    await eventually(() => location() === '/interventions/calendar');
    const sent = r.writes('interventions:createSession');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({
      date: '2026-12-14',
      start: '08:30',
      end: '12:30',
      room: 'Theatre 3',
      setting: 'day-case',
      radiographer: 'Pat Lee',
      equipment: ['fluoroscopy'],
      unavailableMinutes: 0,
      turnaroundMinutes: 15,
    });
    const week = await r.app.ok('interventions:week', { weekStart: '2026-12-14' }, 'renderer');
    expect(week.map((s) => s.room)).toEqual(['Theatre 3']);
  });
});
