import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSessionError, type EncryptionOptions, type SessionItem } from '@sessions/core';
import { MySQLSession } from '@sessions/mysql';
import { PostgresSession } from '@sessions/postgres';
import { SQLiteSession } from '@sessions/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions, sessionsOk } from './support/run-cli.js';
import { availableKinds, freshStore, type Kind, type TestStore } from './support/stores.js';

const kinds = await availableKinds();
let dir = '';

const key = (id: string) => ({ id, key: randomBytes(32).toString('base64') });
const first = key('k2025');
const second = key('k2026');

function keyFile(name: string, keys: EncryptionOptions): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(keys));
  return path;
}

function open(store: TestStore, id: string, encryption?: EncryptionOptions) {
  if (store.kind === 'sqlite') return new SQLiteSession(id, { path: store.url, encryption });
  if (store.kind === 'postgres') return PostgresSession.fromUrl(id, { url: store.url, encryption });
  return MySQLSession.fromUrl(id, { url: store.url, encryption });
}

async function itemsOf(store: TestStore, id: string, encryption?: EncryptionOptions): Promise<SessionItem[]> {
  const session = open(store, id, encryption);
  try {
    return await session.getItems();
  } finally {
    await session.close();
  }
}

async function write(store: TestStore, id: string, items: SessionItem[], encryption?: EncryptionOptions): Promise<void> {
  const session = open(store, id, encryption);
  try {
    await session.addItems(items);
  } finally {
    await session.close();
  }
}

const conversation = (n: number): SessionItem[] => [
  { role: 'user', content: `question ${n}` },
  { role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: `answer ${n}` }] },
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sessions-cli-encryption-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(kinds)('sessions rekey (%s)', (kind: Kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await freshStore(kind);
    if (kind !== 'sqlite') await sessionsOk(['migrate', '--url', store.url]);
    for (let i = 0; i < 4; i++) await write(store, `user-${i}`, conversation(i), { keys: [first] });
  });
  afterAll(async () => store?.drop());

  it("re-wraps every session's data key under the active key, with progress; then only the new key is needed", async () => {
    const file = keyFile(`rotate-${kind}.json`, { activeKeyId: second.id, keys: [second, first] });
    const { stdout, stderr } = await sessionsOk(['rekey', '--url', store.url, '--key-file', file]);
    expect(stdout).toContain(`re-wrapped 4 data key(s) under "${second.id}"`);
    expect(stdout).toMatch(/4 with a data key \("k2026": 4\)/);
    expect(stderr).toContain('rekey 4/4');
    for (let i = 0; i < 4; i++) expect(await itemsOf(store, `user-${i}`, { keys: [second] })).toEqual(conversation(i));
    const wrong = await itemsOf(store, 'user-0', { keys: [first] }).then(() => undefined, (e: unknown) => e);
    expect(isSessionError(wrong, 'ENCRYPTION_KEY')).toBe(true);
    expect((wrong as Error).message).toContain('"k2026"');
    // Nothing left to do: a rerun changes nothing.
    const again = await sessionsOk(['rekey', '--url', store.url, '--key-file', file, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ rekeyed: 0, activeKeyId: second.id });
  });

  it('encrypt turns encryption on for the sessions stored in clear, and --dry-run reports them', async () => {
    await write(store, 'clear-one', conversation(5));
    const dry = await sessionsOk(['encrypt', '--url', store.url, '--dry-run', '--json']);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, status: { sessionsWithClearRows: 1 } });
    const file = keyFile(`encrypt-${kind}.json`, { activeKeyId: second.id, keys: [second, first] });
    const { stdout } = await sessionsOk(['encrypt', '--url', store.url, '--key-file', file]);
    expect(stdout).toContain('encrypted 2 row(s) of 1 session(s)');
    expect(stdout).toContain('0 holding clear rows');
    expect(await itemsOf(store, 'clear-one', { keys: [second] })).toEqual(conversation(5));
  });

  it('stops with the key id it lacks when the key file misses a key still in use', async () => {
    await write(store, 'user-old', conversation(9), { keys: [key('forgotten')] });
    const file = keyFile(`missing-${kind}.json`, { activeKeyId: second.id, keys: [second] });
    const result = await sessions(['rekey', '--url', store.url, '--key-file', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"forgotten"');
  });
});

describe('sessions rekey and encrypt: the key file', () => {
  it('a missing key file is NOT_FOUND, a bad one BAD_INPUT, none a usage error', async () => {
    const db = join(dir, 'keyfile.db');
    await write({ kind: 'sqlite', url: db, open: () => undefined as never, drop: async () => {} }, 'x', conversation(1));
    expect((await sessions(['rekey', '--url', db, '--key-file', join(dir, 'nope.json')])).code).toBe(3);
    writeFileSync(join(dir, 'short.json'), JSON.stringify({ keys: [{ id: 'a', key: Buffer.alloc(16).toString('base64') }] }));
    const short = await sessions(['rekey', '--url', db, '--key-file', join(dir, 'short.json')]);
    expect(short.code).toBe(7);
    expect(short.stderr).toContain('16 bytes');
    expect((await sessions(['encrypt', '--url', db])).code).toBe(2);
  });
});

describe('sessions encrypt (sqlite)', () => {
  const db = () => join(dir, 'clear.db');
  const sqlite = (): TestStore => ({ kind: 'sqlite', url: db(), open: () => undefined as never, drop: async () => {} });

  it('reports a store mixing clear and encrypted sessions, encrypts the clear ones, and a rerun has nothing to do', async () => {
    for (let i = 0; i < 5; i++) await write(sqlite(), `clear-${i}`, conversation(i));
    await write(sqlite(), 'mixed', conversation(7));
    await write(sqlite(), 'mixed', conversation(8), { keys: [first] });
    const dry = await sessionsOk(['encrypt', '--url', db(), '--dry-run']);
    expect(dry.stdout).toContain('6 session(s), 1 with a data key ("k2025": 1), 6 holding clear rows, 1 mixing clear and encrypted rows');

    const file = keyFile('encrypt.json', { keys: [first] });
    const { stdout, stderr } = await sessionsOk(['encrypt', '--url', db(), '--key-file', file]);
    expect(stdout).toContain('encrypted 12 row(s) of 6 session(s) under "k2025"');
    expect(stdout).toContain('6 session(s), 6 with a data key ("k2025": 6), 0 holding clear rows');
    expect(stderr).toContain('encrypt 6/6');
    for (let i = 0; i < 5; i++) expect(await itemsOf(sqlite(), `clear-${i}`, { keys: [first] })).toEqual(conversation(i));
    expect(await itemsOf(sqlite(), 'mixed', { keys: [first] })).toEqual([...conversation(7), ...conversation(8)]);
    const locked = await itemsOf(sqlite(), 'clear-0').then(() => undefined, (e: unknown) => e);
    expect(isSessionError(locked, 'ENCRYPTION_KEY')).toBe(true);

    const again = await sessionsOk(['encrypt', '--url', db(), '--key-file', file, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ sessions: 0, rows: 0, status: { sessionsWithClearRows: 0 } });
  });
});

describe('sessions copy between encrypted and clear stores (sqlite)', () => {
  it('reads an encrypted store with --key-file, writes clear or (--to-key-file) encrypted copies; without keys: exit 1 naming the key id', async () => {
    const from = join(dir, 'copy-from.db');
    const source = (): TestStore => ({ kind: 'sqlite', url: from, open: () => undefined as never, drop: async () => {} });
    for (let i = 0; i < 3; i++) await write(source(), `copied-${i}`, conversation(i), { keys: [first] });
    const keys = keyFile('copy-source.json', { keys: [first] });
    const destinationKeys = keyFile('copy-destination.json', { keys: [second] });

    const refused = await sessions(['copy', '--from', from, '--to', join(dir, 'refused.db')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('"k2025"');

    const clear = join(dir, 'copy-clear.db');
    await sessionsOk(['copy', '--from', from, '--to', clear, '--key-file', keys]);
    const clearStore: TestStore = { kind: 'sqlite', url: clear, open: () => undefined as never, drop: async () => {} };
    for (let i = 0; i < 3; i++) expect(await itemsOf(clearStore, `copied-${i}`)).toEqual(conversation(i));

    const encrypted = join(dir, 'copy-encrypted.db');
    await sessionsOk(['copy', '--from', from, '--to', encrypted, '--key-file', keys, '--to-key-file', destinationKeys]);
    const encryptedStore: TestStore = { kind: 'sqlite', url: encrypted, open: () => undefined as never, drop: async () => {} };
    for (let i = 0; i < 3; i++) expect(await itemsOf(encryptedStore, `copied-${i}`, { keys: [second] })).toEqual(conversation(i));
    const shown = await sessionsOk(['show', 'copied-1', '--url', encrypted, '--key-file', destinationKeys]);
    expect(shown.stdout).toContain('question 1');
    const locked = await sessions(['show', 'copied-1', '--url', encrypted]);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('"k2026"');
    const status = await sessionsOk(['encrypt', '--url', encrypted, '--dry-run']);
    expect(status.stdout).toContain('3 with a data key ("k2026": 3), 0 holding clear rows');
  });
});
