import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionOverview, SessionPage, StoreInfo, TurnPage, UsagePage } from '../../src/ui/api-types.js';
import { api, startInspector, type RunningInspector } from '../support/inspector.js';
import { sessionsOk } from '../support/run-cli.js';
import { askPlain, askWeather } from '../support/seed.js';
import { availableKinds, freshStore, type TestStore } from '../support/stores.js';

const kinds = await availableKinds();

/** The inspector's API on every store the CLI opens, against what `sessions show --json` prints. */
describe.each(kinds)('sessions ui API on %s', (kind) => {
  let store: TestStore;
  let inspector: RunningInspector;

  beforeAll(async () => {
    store = await freshStore(kind);
    if (kind !== 'sqlite') await sessionsOk(['migrate', '--url', store.url]);
    const trip = store.open('trip');
    await askWeather(trip, 'Weather in Oslo?', 'Oslo', 'call-1');
    await askPlain(trip, 'Thanks!', 'You are welcome.');
    await trip.close();
    const small = store.open('small');
    await askPlain(small, 'Hello', 'Hi from ZÜRICH.');
    await small.close();
    inspector = await startInspector(store.url);
  });

  afterAll(async () => {
    await inspector?.stop();
    await store?.drop();
  });

  it('describes the store and what it lacks', async () => {
    const { body } = await api<StoreInfo>(inspector, 'store');
    // A new SQLite file is a plain store; a migrated server holds the advanced tables too.
    const advanced = kind !== 'sqlite';
    expect(body).toMatchObject({ kind, holds: { branches: advanced, usage: advanced, metadata: advanced, owner: true }, turnIndex: true });
    expect(body.sorts).toEqual(advanced ? ['updated', 'created', 'items', 'branches', 'tokens', 'cost'] : ['updated', 'created', 'items']);
    expect(body.lacks.length > 0).toBe(!advanced);
  });

  it('lists, orders and searches sessions', async () => {
    const ids = async (query: string) => (await api<SessionPage>(inspector, `sessions?${query}`)).body.sessions.map((s) => s.sessionId);
    expect(await ids('sort=updated&order=desc')).toEqual(['small', 'trip']);
    expect(await ids('sort=items&order=desc')).toEqual(['trip', 'small']);
    expect(await ids('sort=items&order=asc')).toEqual(['small', 'trip']);
    expect(await ids('q=oslo')).toEqual(['trip']);
    expect(await ids(`q=${encodeURIComponent('zürich')}`)).toEqual(['small']);
    expect(await ids(`q=${encodeURIComponent('Zürich')}`)).toEqual(['small']);
    // The text people read, not the JSON around it: "role" is a key in every item, in no text.
    expect(await ids('q=role')).toEqual([]);
    const first = await api<SessionPage>(inspector, 'sessions?limit=1');
    expect(first.body.sessions.map((s) => s.sessionId)).toEqual(['small']);
    const next = await api<SessionPage>(inspector, `sessions?limit=1&cursor=${first.body.nextCursor}`);
    expect(next.body.sessions.map((s) => [s.sessionId, s.items])).toEqual([['trip', 6]]);
    expect(next.body.nextCursor).toBeUndefined();
  });

  it('reads a session turn by turn as `sessions show --json` does', async () => {
    const shown = JSON.parse((await sessionsOk(['show', 'trip', '--url', store.url, '--json'])).stdout) as { turns: { turn: number; items: { kind: string; text: string }[] }[] };
    const overview = await api<SessionOverview>(inspector, 'session?id=trip');
    expect(overview.body.branches).toEqual([expect.objectContaining({ branchId: 'main', items: 6, turns: 2 })]);
    const page = await api<TurnPage>(inspector, 'turns?id=trip&limit=1');
    expect(page.body.turns.map((t) => t.turn)).toEqual([1]);
    const rest = await api<TurnPage>(inspector, `turns?id=trip&limit=1&cursor=${page.body.nextCursor}`);
    const read = [...page.body.turns, ...rest.body.turns].map((t) => ({ turn: t.turn, items: t.items.map(({ kind, text }) => ({ kind, text })) }));
    expect(read).toEqual(shown.turns.map((t) => ({ turn: t.turn, items: t.items.map(({ kind, text }) => ({ kind, text })) })));
    expect(read[0]!.items.map((i) => i.kind)).toEqual(['user', 'function_call', 'function_call_result', 'assistant']);
    expect((await api(inspector, 'turns?id=trip&branch=alt')).status).toBe(404);
    // Sessions written by the plain session classes: no usage on a plain store, none recorded on an advanced one.
    const usage = await api<UsagePage>(inspector, 'turn-usage?id=trip');
    if (kind === 'sqlite') expect(usage.status).toBe(400);
    else expect([usage.status, usage.body.turns]).toEqual([200, []]);
    const jumped = await api<TurnPage>(inspector, 'turns?id=trip&from=2&limit=5');
    expect([jumped.body.turnCount, jumped.body.turns.map((t) => t.turn), jumped.body.nextCursor]).toEqual([2, [2], undefined]);
  });
});
