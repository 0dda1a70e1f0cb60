import { describe, expect, it } from 'vitest';
import { UsageError, parseDemoArgs } from '../src/cli/args.js';
import { runDemo } from './helpers/run-demo.js';

describe('command line', () => {
  it('defaults to the tour and reads every flag', () => {
    expect(parseDemoArgs([])).toMatchObject({ command: 'tour', store: undefined });
    expect(parseDemoArgs(['chat', '--store', 'postgres', '--url', 'postgres://x/y', '--session', 's1', '--migrate'])).toMatchObject({
      command: 'chat',
      store: 'postgres',
      url: 'postgres://x/y',
      session: 's1',
      migrate: true,
    });
    expect(parseDemoArgs(['ask', 'How', 'are', 'you?']).rest).toEqual(['How', 'are', 'you?']);
    expect(parseDemoArgs(['--', 'chat']).command).toBe('chat');
  });

  it('rejects an unknown store, command or flag with a UsageError naming it', () => {
    expect(() => parseDemoArgs(['--store', 'redis'])).toThrow(UsageError);
    expect(() => parseDemoArgs(['--store', 'redis'])).toThrow(/--store "redis"/);
    expect(() => parseDemoArgs(['dance'])).toThrow(/unknown command "dance"/);
    expect(() => parseDemoArgs(['--colour'])).toThrow(/colour/);
  });

  it('exits 2 with one line on stderr for a bad flag, and 0 for --help', async () => {
    const bad = await runDemo(['chat', '--store', 'redis']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^demo: unknown --store "redis"/);
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/);
    const help = await runDemo(['--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--store', '--db', '--url', '--session', '--model', '--migrate', '--reset']) expect(help.stdout).toContain(flag);
  });
});
