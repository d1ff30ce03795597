import { afterEach, describe, expect, it } from 'vitest';
import { Api } from '../../renderer/src/api/client';
import { connectChangeStream, createQueryClient, queryKeyFor } from '../../renderer/src/api/queries';
import type { Transport } from '../../renderer/src/api/transport';
import type { RemoteConnection } from '../../server/client';
import { JO } from '../helpers/seed';
import { eventually, PASSWORD, startTestServers, type TestServers } from '../helpers/server';

/**
 * Issue 19: "Screens update when someone else changes what they show". Two workstations on one team server
 * (a SQLite file behind it here: the stream is the same; tests/server/instances.test.ts covers two instances
 * on PostgreSQL). Each has the renderer's Api and query client; B's cached reads are refreshed by A's save
 * through the change stream and the same invalidation matcher as B's own saves.
 */
function workstation(remote: RemoteConnection, key: string) {
  const transport: Transport = {
    kind: 'preview',
    invoke: (channel, payload) => remote.request(key, channel, payload),
    subscribe: (onEvent) => remote.watch(key, onEvent),
  };
  const api = new Api(transport);
  const queryClient = createQueryClient();
  const stop = connectChangeStream(api, queryClient, { retryMs: 200 });
  return { api, queryClient, stop };
}

let t: TestServers;
afterEach(async () => {
  await t?.close();
});

describe('screens refresh from the team server change stream (renderer)', () => {
  it("a patient saved on one workstation makes the other's patient search and that patient's record stale, not others", async () => {
    t = await startTestServers('sqlite');
    const setup = t.client();
    await setup.ok(
      'setup:createFirstAdmin',
      { username: 'admin', displayName: 'Admin', password: PASSWORD },
      'admin',
    );
    for (const u of ['a', 'b'])
      await setup.ok(
        'users:create',
        { username: `consultant-${u}`, displayName: `Dr ${u}`, role: 'consultant', password: PASSWORD },
        'admin',
      );
    const a = workstation(t.client().remote, 'ws-a');
    const b = workstation(t.client().remote, 'ws-b');
    await a.api.call('auth:signIn', { username: 'consultant-a', password: PASSWORD });
    await b.api.call('auth:signIn', { username: 'consultant-b', password: PASSWORD });
    const first = await a.api.call('patients:create', JO);
    const other = await a.api.call('patients:create', { ...JO, nhsNumber: null, surname: 'Other' });

    // B has the search and both records on screen.
    const search = queryKeyFor('patients:search', { query: 'Smith' });
    const record = queryKeyFor('patients:get', { id: first.id });
    const requests = queryKeyFor('interventions:patientRequests', { patientId: first.id });
    const otherRequests = queryKeyFor('interventions:patientRequests', { patientId: other.id });
    const settings = queryKeyFor('settings:get', {});
    await b.queryClient.fetchQuery({
      queryKey: search,
      queryFn: () => b.api.call('patients:search', { query: 'Smith' }),
    });
    await b.queryClient.fetchQuery({
      queryKey: record,
      queryFn: () => b.api.call('patients:get', { id: first.id }),
    });
    await b.queryClient.fetchQuery({
      queryKey: requests,
      queryFn: () => b.api.call('interventions:patientRequests', { patientId: first.id }),
    });
    await b.queryClient.fetchQuery({
      queryKey: otherRequests,
      queryFn: () => b.api.call('interventions:patientRequests', { patientId: other.id }),
    });
    await b.queryClient.fetchQuery({ queryKey: settings, queryFn: () => b.api.call('settings:get', {}) });
    // A has the search on screen too (no central refresh wired for A here, so only its stream could touch it).
    await a.queryClient.fetchQuery({
      queryKey: search,
      queryFn: () => a.api.call('patients:search', { query: 'Smith' }),
    });
    // Give B's stream (opened again after its sign-in) time to be connected.
    await eventually(() => t.servers[0]!.streams() >= 2, 5000);
    expect(t.servers[0]!.streams()).toBe(2);
    expect(b.queryClient.getQueryState(search)?.isInvalidated).toBe(false);

    // A renames the first patient.
    await a.api.call('patients:update', {
      id: first.id,
      version: first.version,
      patient: { ...JO, forename: 'Jo-Anne' },
    });

    await eventually(() => b.queryClient.getQueryState(search)?.isInvalidated, 5000);
    expect(b.queryClient.getQueryState(record)?.isInvalidated).toBe(true);
    expect(b.queryClient.getQueryState(requests)?.isInvalidated).toBe(true);
    // Another patient's reads, and reads a patient's details do not show, stay as they are.
    expect(b.queryClient.getQueryState(otherRequests)?.isInvalidated).toBe(false);
    expect(b.queryClient.getQueryState(settings)?.isInvalidated).toBe(false);
    // A's own save came back on A's stream too, and was left out (A refreshes after its own save).
    await new Promise((r) => setTimeout(r, 300));
    expect(a.queryClient.getQueryState(search)?.isInvalidated).toBe(false);
    a.stop();
    b.stop();
  });
});
