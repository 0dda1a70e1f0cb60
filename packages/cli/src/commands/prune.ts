import type { PruneCounts, PruneResult } from '@sessions/core';
import { usageError } from '../cli-error.js';
import { jsonOption, urlOption, type Command } from '../command.js';
import { parseDuration } from '../duration.js';
import { write } from '../io.js';
import { Progress } from '../output/progress.js';
import { positiveInteger, printJson, storeUrlOf, withStore } from './shared.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function counts(c: PruneCounts): string {
  return `${plural(c.sessions, 'session')} (${plural(c.items, 'item')}, ${plural(c.branches, 'branch', 'branches')}, ${plural(c.usage, 'usage row')})`;
}

export const pruneCommand: Command = {
  name: 'prune',
  summary: 'delete expired or old sessions (and old branches) for good',
  usage: 'sessions prune --url URL [--older-than 30d] [--expired] [--owner ID] [--branches-older-than 90d] [--dry-run] [--json]',
  details: [
    'Deletes whole sessions, with their items, branches, usage, metadata and operation ids, that',
    'are expired (--expired) or not written for a while (--older-than); with both, either one is',
    'enough. --owner narrows to one user or tenant. --branches-older-than removes branches (never',
    'main) not written for a while, with the history only they hold (stores with branches).',
    'Durations: 45s, 90m, 12h, 30d, 2w. Work goes in short transactions of --batch-size sessions,',
    'so other writers are never held up for long; an interrupted prune is simply run again.',
    'At least one of --expired, --older-than, --branches-older-than is required.',
  ].join('\n'),
  options: {
    url: urlOption,
    'older-than': { type: 'string', value: 'AGE', description: 'sessions not written for AGE (e.g. 30d)' },
    expired: { type: 'boolean', description: 'sessions whose expiry has passed' },
    owner: { type: 'string', value: 'ID', description: "only this owner's sessions (a user or tenant id)" },
    'branches-older-than': { type: 'string', value: 'AGE', description: 'branches (not main) not written for AGE' },
    'batch-size': { type: 'string', value: 'N', description: 'sessions per transaction, 1 to 10000 (default 500)' },
    'dry-run': { type: 'boolean', description: 'count what would go, delete nothing' },
    json: jsonOption,
  },
  positionals: { min: 0, max: 0, what: '' },
  async run(context) {
    const { io, values } = context;
    const location = storeUrlOf(context);
    const olderThan = parseDuration(values['older-than'], 'older-than');
    const branchesOlderThan = parseDuration(values['branches-older-than'], 'branches-older-than');
    const expired = values.expired === true;
    if (!expired && olderThan === undefined && branchesOlderThan === undefined) {
      throw usageError('prune needs a criterion: --expired, --older-than AGE or --branches-older-than AGE (an --owner alone is not one)');
    }
    const owner = typeof values.owner === 'string' ? values.owner : undefined;
    const batchSize = positiveInteger(values['batch-size'], 'batch-size', 500, 10_000);
    const dryRun = values['dry-run'] === true;
    const progress = new Progress(io.stderr, dryRun ? 'prune (dry run)' : 'prune', undefined);
    let before: PruneCounts = { sessions: 0, items: 0, branches: 0, usage: 0 };
    let result: PruneResult;
    try {
      result = await withStore(location, {}, (cli) =>
        cli.store.pruneSessions({
          expired,
          olderThan,
          branchesOlderThan,
          owner,
          batchSize,
          dryRun,
          onProgress: (p) => {
            const step = { sessions: p.sessions - before.sessions, items: p.items - before.items, branches: p.branches - before.branches, usage: p.usage - before.usage };
            before = p;
            progress.step(`batch ${p.batches}: ${counts(step)}`);
          },
        }),
      );
    } finally {
      progress.finish();
    }
    if (values.json) return printJson(io, { store: location.display, ...result });
    const verb = dryRun ? 'would prune' : 'pruned';
    await write(io.stdout, `${verb} ${counts(result)} in ${plural(result.batches, 'batch', 'batches')} from ${location.display}\n`);
  },
};
