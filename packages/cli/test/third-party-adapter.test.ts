import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLiteSession } from '@sessions/sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { rawItems } from './support/raw.js';
import { sessions, sessionsOk } from './support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sessions-cli-adapter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const adapter = './test/support/example-adapter.ts';

describe('a third-party adapter (--adapter, SESSIONS_ADAPTER) gets every command through the store contract', () => {
  it('lists, shows and copies a store of a scheme the CLI does not know', async () => {
    const file = join(dir, 'example.db');
    const session = new SQLiteSession('from-adapter', { path: file, owner: 'tenant-9' });
    await session.addItems([
      { role: 'user', content: 'Hello from a third-party store' },
      { role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hi!' }] },
    ]);
    await session.close();
    const url = `example:${file}`;

    const refused = await sessions(['list', '--url', url]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--adapter MODULE');

    const list = JSON.parse((await sessionsOk(['list', '--url', url, '--adapter', adapter, '--json'])).stdout);
    expect(list.sessions).toMatchObject([{ sessionId: 'from-adapter', owner: 'tenant-9', itemCount: 2 }]);
    const show = (await sessionsOk(['show', 'from-adapter', '--url', url], { env: { SESSIONS_ADAPTER: adapter } })).stdout;
    expect(show).toContain('Hello from a third-party store');

    const copy = join(dir, 'copy.db');
    await sessionsOk(['copy', '--from', url, '--to', copy, '--adapter', adapter]);
    const source = await rawItems({ kind: 'sqlite', url: file });
    const target = await rawItems({ kind: 'sqlite', url: copy });
    expect(target.dump.get('from-adapter')).toEqual(source.dump.get('from-adapter'));
  });
});
