import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../src/commands/index.js';
import { sessions, sessionsOk } from './support/run-cli.js';

let dir = '';
let db = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sessions-cli-errors-'));
  db = join(dir, 'store.db');
  await sessionsOk(['migrate', '--url', db]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('help', () => {
  it('sessions --help lists every command and the exit codes', async () => {
    const { stdout } = await sessionsOk(['--help']);
    for (const name of ['migrate', 'list', 'show', 'tree', 'usage', 'export', 'import', 'copy', 'rekey', 'encrypt']) expect(stdout).toMatch(new RegExp(`^  ${name}\\s`, 'm'));
    expect(stdout).toContain('Exit codes:');
    expect(stdout).toContain('postgres://');
    const bare = await sessions([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain('Usage: sessions <command>');
  });

  it.each(commands.map((c) => c.name))('sessions %s --help lists its options', async (name) => {
    const command = commands.find((c) => c.name === name)!;
    const { stdout } = await sessionsOk([name, '--help']);
    expect(stdout.startsWith(`Usage: ${command.usage}`)).toBe(true);
    for (const option of [...Object.keys(command.options), 'debug', 'help']) expect(stdout).toContain(`--${option}`);
    expect((await sessionsOk(['help', name])).stdout).toBe(stdout);
  });
});

describe('errors: one line, a stable exit code, a stack only with --debug', () => {
  const oneLine = (stderr: string) => {
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  };

  it('unknown command and option, missing and extra arguments: exit 2', async () => {
    for (const args of [['frobnicate'], ['list', '--url', db, '--bogus'], ['show', '--url', db], ['list', 'extra', '--url', db], ['list', '--limit', 'zero', '--url', db]]) {
      const result = await sessions(args);
      expect(result.code, args.join(' ')).toBe(2);
      oneLine(result.stderr);
    }
  });

  it('bad URLs: exit 2 naming the problem', async () => {
    const scheme = await sessions(['list', '--url', 'http://example.com/db']);
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toContain('unsupported scheme "http:"');
    const noDb = await sessions(['list', '--url', 'postgres://user:secret@localhost']);
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toContain('names no database');
    expect(noDb.stderr).not.toContain('secret');
    const missing = await sessions(['list']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--url is required');
  });

  it('unreachable servers and missing files: exit 4, password redacted', async () => {
    for (const url of ['postgres://postgres:hunter2@127.0.0.1:1/test', 'mysql://root:hunter2@127.0.0.1:1/test']) {
      const result = await sessions(['list', '--url', url]);
      expect(result.code, url).toBe(4);
      expect(result.stderr).toMatch(/^sessions: cannot reach (postgres|mysql):\/\/\w+:\*\*\*@127\.0\.0\.1:1\/test: .*ECONNREFUSED/);
      expect(result.stderr).not.toContain('hunter2');
      oneLine(result.stderr);
    }
    const unknownDb = await sessions(['list', '--url', 'postgres://postgres@127.0.0.1:5432/sessions_cli_no_such_database']);
    expect(unknownDb.code).toBe(4);
    oneLine(unknownDb.stderr);
    const same = await sessions(['copy', '--from', db, '--to', `sqlite:${db}`]);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('same store');
    const file = await sessions(['list', '--url', join(dir, 'nope.db')]);
    expect(file.code).toBe(4);
    expect(file.stderr).toContain('no such file');
  });

  it('a store without tables: exit 6 pointing at sessions migrate', async () => {
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    const result = await sessions(['list', '--url', empty]);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('run: sessions migrate --url');
    oneLine(result.stderr);
  });

  it('unknown session: exit 3; --debug adds the stack trace', async () => {
    const plain = await sessions(['show', 'ghost', '--url', db]);
    expect(plain.code).toBe(3);
    expect(plain.stderr).toBe(`sessions: unknown session "ghost" in ${db}\n`);
    const debug = await sessions(['show', 'ghost', '--url', db, '--debug']);
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('import: missing file exits 3, a file that is not an export exits 7', async () => {
    expect((await sessions(['import', join(dir, 'none.jsonl'), '--url', db])).code).toBe(3);
    const junk = join(dir, 'junk.jsonl');
    writeFileSync(junk, '{"hello":1}\n');
    const result = await sessions(['import', junk, '--url', db]);
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('line 1: is not a sessions export');
  });

  it('SESSIONS_URL stands in for --url', async () => {
    const { stdout } = await sessionsOk(['list'], { env: { SESSIONS_URL: db } });
    expect(stdout).toContain('no sessions');
  });
});
