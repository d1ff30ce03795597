import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api } from '../../renderer/src/api/client';
import { useApiQuery } from '../../renderer/src/api/queries';
import { JO, OXY_MR } from '../helpers/seed';
import { eventually, rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

let r: RendererApp;
let a: number;
let b: number;
beforeEach(async () => {
  r = await rendererApp('consultant');
  a = (await r.app.ok('patients:create', JO, SESSION)).id;
  b = (
    await r.app.ok(
      'patients:create',
      { ...JO, nhsNumber: null, surname: 'Jones', forename: 'Al', dateOfBirth: '1950-01-01' },
      SESSION,
    )
  ).id;
});
afterEach(() => r.close());

function Probe({ patientId, name }: { patientId: number; name: string }) {
  const meds = useApiQuery('meds:patient', { patientId });
  const rehab = useApiQuery('rehab:summary', { patientId });
  return (
    <p data-testid={name}>
      {meds.data ? `${meds.data.current.length} medicines` : '…'} {rehab.data ? 'rehab' : ''}
    </p>
  );
}

const readsOf = (channel: string, patientId: number) =>
  r.sent.filter((s) => s.channel === channel && (s.payload as { patientId: number }).patientId === patientId)
    .length;

describe('central refresh after a write (renderer/src/api/queries.ts)', () => {
  it('a medicine added to one patient refreshes that patient’s medicines only, once', async () => {
    const { queryClient } = await renderScreen(
      <>
        <Probe patientId={a} name="a" />
        <Probe patientId={b} name="b" />
      </>,
    );
    await eventually(() => /0 medicines rehab/.test(screen.getByTestId('a').textContent ?? ''));
    await eventually(() => /0 medicines rehab/.test(screen.getByTestId('b').textContent ?? ''));
    const before = { medsA: readsOf('meds:patient', a), medsB: readsOf('meds:patient', b) };
    const rehabA = readsOf('rehab:summary', a);
    await act(async () => {
      await api.call('meds:add', { patientId: a, medicine: OXY_MR });
      // A screen written before the central refresh still invalidates after its save: not read twice.
      await queryClient.invalidateQueries({ queryKey: ['meds:patient', { patientId: a }] });
    });
    await eventually(() => /1 medicines/.test(screen.getByTestId('a').textContent ?? ''));
    expect(readsOf('meds:patient', a)).toBe(before.medsA + 1);
    expect(readsOf('meds:patient', b)).toBe(before.medsB);
    expect(readsOf('rehab:summary', a)).toBe(rehabA);
  });
});
