import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawItems } from './support/raw.js';
import { sessions, sessionsOk } from './support/run-cli.js';
import { askPlain, askWeather, trickyItems } from './support/seed.js';
import { availableKinds, freshStore, type Kind, type TestStore } from './support/stores.js';

const kinds = await availableKinds();

describe.each(kinds)('sessions commands on %s', (kind: Kind) => {
  // A SQLite file written by SQLiteSession opens as a plain store; PostgreSQL and MySQL stores are advanced.
  const advanced = kind !== 'sqlite';
  let store: TestStore;
  let copyTarget: TestStore;
  const ids = ['weather-1', 'tricky', 'small-0', 'small-1', 'small-2'];

  beforeAll(async () => {
    store = await freshStore(kind);
    copyTarget = await freshStore(kind);
  });

  afterAll(async () => {
    await store?.drop();
    await copyTarget?.drop();
  });

  it('migrate applies the shipped migrations, then has nothing to do', async () => {
    const first = JSON.parse((await sessionsOk(['migrate', '--url', store.url, '--json'])).stdout);
    expect(first.applied.length).toBeGreaterThan(0);
    const again = await sessionsOk(['migrate', '--url', store.url]);
    expect(again.stdout).toContain('already up to date');
    await sessionsOk(['migrate', '--url', copyTarget.url]);

    // Seed with the real adapter and the real runner.
    const weather = store.open('weather-1');
    await askWeather(weather, 'Weather in Paris?', 'Paris', 'call-1');
    await askPlain(weather, 'Thanks! And tomorrow?', 'Probably sunny as well.');
    await weather.close();
    const tricky = store.open('tricky');
    await tricky.addItems(trickyItems('t'));
    await tricky.close();
    for (let i = 0; i < 3; i++) {
      const small = store.open(`small-${i}`);
      await small.addItems([{ role: 'user', content: `hello ${i}` }]);
      await small.close();
    }
  });

  it('list prints a table, --json, and pages with --cursor', async () => {
    const text = (await sessionsOk(['list', '--url', store.url])).stdout;
    expect(text.split('\n')[0]).toMatch(advanced ? /^SESSION\s+ITEMS\s+BRANCHES\s+CREATED\s+UPDATED$/ : /^SESSION\s+ITEMS\s+CREATED\s+UPDATED$/);
    for (const id of ids) expect(text).toContain(id);

    const all = JSON.parse((await sessionsOk(['list', '--url', store.url, '--json'])).stdout);
    const { dump } = await rawItems({ kind, url: store.url });
    expect(all.sessions).toHaveLength(ids.length);
    for (const s of all.sessions) expect(s.itemCount).toBe(dump.get(s.sessionId)?.length ?? 0);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const args = ['list', '--url', store.url, '--json', '--limit', '2', ...(cursor ? ['--cursor', cursor] : [])];
      const page = JSON.parse((await sessionsOk(args)).stdout);
      expect(page.sessions.length).toBeLessThanOrEqual(2);
      seen.push(...page.sessions.map((s: { sessionId: string }) => s.sessionId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('show prints turns, roles and tool calls; --json has the items', async () => {
    const text = (await sessionsOk(['show', 'weather-1', '--url', store.url])).stdout;
    expect(text).toContain('2 turn(s)');
    expect(text).toMatch(/turn 1\n\s+user\s+Weather in Paris\?/);
    expect(text).toContain('tool call    get_weather({"city":"Paris"})');
    expect(text).toContain('tool result  get_weather -> Sunny and 21°C in Paris');
    expect(text).toMatch(/turn 2\n\s+user\s+Thanks! And tomorrow\?\n\s+assistant\s+Probably sunny as well\./);

    const json = JSON.parse((await sessionsOk(['show', 'weather-1', '--url', store.url, '--json'])).stdout);
    const { dump } = await rawItems({ kind, url: store.url });
    expect(json.turns.map((t: { turn: number }) => t.turn)).toEqual([1, 2]);
    expect(json.turns.flatMap((t: { items: { item: unknown }[] }) => t.items.map((i) => i.item))).toEqual(dump.get('weather-1'));
    expect(json.turns[0].items.map((i: { kind: string }) => i.kind)).toEqual(['user', 'function_call', 'function_call_result', 'assistant']);
  });

  it('show and tree: unknown session exits 3, unknown branch exits 3', async () => {
    const unknown = await sessions(['show', 'nobody', '--url', store.url]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr.trim()).toBe(`sessions: unknown session "nobody" in ${store.kind === 'sqlite' ? store.url : new URL(store.url).href}`);
    const branch = await sessions(['show', 'weather-1', '--branch', 'nope', '--url', store.url]);
    expect(branch.code).toBe(3);
    expect(branch.stderr).toContain('has no branch "nope"');
    expect((await sessions(['tree', 'nobody', '--url', store.url])).code).toBe(3);
  });

  it('tree draws main (the only branch here); usage reports none recorded', async () => {
    const tree = (await sessionsOk(['tree', 'weather-1', '--url', store.url])).stdout;
    expect(tree).toContain('main  (2 turn(s), 6 item(s))');
    const json = JSON.parse((await sessionsOk(['tree', 'weather-1', '--url', store.url, '--json'])).stdout);
    expect(json.tree).toMatchObject({ branchId: 'main', turns: 2, items: 6, children: [] });

    const usage = JSON.parse((await sessionsOk(['usage', 'weather-1', '--url', store.url, '--json'])).stdout);
    expect(usage).toMatchObject({ sessionId: 'weather-1', recordsUsage: advanced, total: { totalTokens: 0 } });
    const all = await sessionsOk(['usage', '--url', store.url]);
    if (advanced) expect(all.stdout).not.toContain('do not record usage');
    else expect(all.stdout).toContain('do not record usage');
  });

  it('export then import is a lossless round trip, item by item; importing again writes nothing twice', async () => {
    const file = join(tmpdir(), `sessions-cli-${kind}-${process.pid}.jsonl`);
    await sessionsOk(['export', '--all', '--url', store.url, '--out', file]);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'sessions-export', version: 1 });

    const imported = JSON.parse((await sessionsOk(['import', file, '--url', copyTarget.url, '--json'])).stdout);
    expect(imported.written.sort()).toEqual([...ids].sort());

    const source = await rawItems({ kind, url: store.url });
    const copy = await rawItems({ kind, url: copyTarget.url });
    expect(copy.sessions).toEqual(source.sessions);
    for (const id of ids) {
      const a = source.dump.get(id) ?? [];
      const b = copy.dump.get(id) ?? [];
      expect(b.length).toBe(a.length);
      a.forEach((item, i) => expect(b[i]).toEqual(item));
    }

    // The copy exports to the same session lines (timestamps included).
    const second = join(tmpdir(), `sessions-cli-${kind}-${process.pid}-2.jsonl`);
    await sessionsOk(['export', '--all', '--url', copyTarget.url, '--out', second]);
    expect(readFileSync(second, 'utf8').split('\n').slice(1)).toEqual(readFileSync(file, 'utf8').split('\n').slice(1));

    const again = JSON.parse((await sessionsOk(['import', file, '--url', copyTarget.url, '--json'])).stdout);
    expect(again).toEqual({ written: [], skipped: expect.arrayContaining(ids), conflicts: [] });
    expect((await rawItems({ kind, url: copyTarget.url })).dump.get('weather-1')).toHaveLength(6);
  });

  it('export to stdout of one session; import from stdin; conflicts exit 5 and change nothing', async () => {
    const out = (await sessionsOk(['export', 'small-0', '--url', store.url])).stdout;
    const changed = out.replace('hello 0', 'hello changed');
    const conflict = await sessions(['import', '-', '--url', copyTarget.url], { input: changed });
    expect(conflict.code).toBe(5);
    expect(conflict.stdout).toContain('1 conflict(s)');
    expect((await rawItems({ kind, url: copyTarget.url })).dump.get('small-0')).toEqual([{ role: 'user', content: 'hello 0' }]);

    const replaced = await sessionsOk(['import', '-', '--url', copyTarget.url, '--replace'], { input: changed });
    expect(replaced.stdout).toContain('imported 1 session(s)');
    expect((await rawItems({ kind, url: copyTarget.url })).dump.get('small-0')).toEqual([{ role: 'user', content: 'hello changed' }]);
    expect((await sessions(['export', 'nobody', '--url', store.url])).code).toBe(3);
  });

  it('a truncated export file is refused (exit 7) and its cut session is not imported', async () => {
    const out = (await sessionsOk(['export', 'weather-1', 'tricky', '--url', store.url])).stdout;
    const cut = out.split('\n').slice(0, -3).join('\n') + '\n';
    const target = await freshStore(kind);
    try {
      await sessionsOk(['migrate', '--url', target.url]);
      const result = await sessions(['import', '-', '--url', target.url], { input: cut });
      expect(result.code).toBe(7);
      expect(result.stderr).toContain('ends inside session "tricky"');
      const { sessions: present } = await rawItems({ kind, url: target.url });
      expect(present).toEqual(['weather-1']);
    } finally {
      await target.drop();
    }
  });
});
