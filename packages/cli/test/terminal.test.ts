import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLiteSession } from '@sessions/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommandLine, sessionsOk } from './support/run-cli.js';

// `script` (util-linux) runs the CLI on a pseudo-terminal, as a user at a shell would.
const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript) console.warn('\n*** SKIPPING @sessions/cli terminal test: the `script` command (util-linux) is not installed. ***\n');

let dir = '';
let db = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sessions-cli-tty-'));
  db = join(dir, 'store.db');
  for (const id of ['a', 'b', 'c']) {
    const session = new SQLiteSession(id, { path: db });
    await session.addItems([{ role: 'user', content: `hi ${id}` }]);
    await session.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

describe.runIf(hasScript)('progress on a terminal', () => {
  it('draws a redrawn bar on a terminal and plain lines through a pipe', async () => {
    const out = join(dir, 'all.jsonl');
    const tty = execFileSync('script', ['-qefc', cliCommandLine(['export', '--all', '--url', db, '--out', out]).map(quote).join(' '), '/dev/null'], {
      encoding: 'utf8',
    });
    expect(tty).toContain('\r\x1b[2Kexport █');
    expect(tty).toContain('3/3 (100%)');
    expect(tty).not.toContain('export 1/3 a:');
    expect(readFileSync(out, 'utf8').split('\n').filter((l) => l.startsWith('{"type":"end"'))).toHaveLength(3);

    const piped = await sessionsOk(['export', '--all', '--url', db, '--out', out]);
    expect(piped.stderr.split('\n').slice(0, 3)).toEqual([
      'export 1/3 a: 1 item(s), 0 branch(es), 0 usage row(s)',
      'export 2/3 b: 1 item(s), 0 branch(es), 0 usage row(s)',
      'export 3/3 c: 1 item(s), 0 branch(es), 0 usage row(s)',
    ]);
  });
});
