import { describe, expect, it } from 'vitest';
import { checkPruneOptions, isSessionError, resolveExpiry, runPrune, type PruneBatch, type PruneCriteria, type PruneProgress } from '@sessions/core';

const NOW = Date.parse('2026-01-02T03:04:05.678Z');
const DAY = 86_400_000;

function refused(call: () => unknown, message: RegExp): void {
  let error: unknown;
  try {
    call();
  } catch (caught) {
    error = caught;
  }
  expect(isSessionError(error, 'INVALID_ARGUMENT'), String(error)).toBe(true);
  expect((error as Error).message).toMatch(message);
}

describe('resolveExpiry', () => {
  it('takes an instant or a time to live counted from now, or none', () => {
    expect(resolveExpiry('s', {}, NOW)).toBeNull();
    expect(resolveExpiry('s', { ttlSeconds: 60 }, NOW)).toBe('2026-01-02T03:05:05.678Z');
    expect(resolveExpiry('s', { expiresAt: new Date(NOW) }, NOW)).toBe('2026-01-02T03:04:05.678Z');
    expect(resolveExpiry('s', { expiresAt: '2026-01-02T04:04:05+01:00' }, NOW)).toBe('2026-01-02T03:04:05.000Z');
  });

  it('refuses both at once, a time that is not one, and a time to live that is not positive', () => {
    refused(() => resolveExpiry('s', { expiresAt: new Date(NOW), ttlSeconds: 5 }, NOW), /either expiresAt or ttlSeconds/);
    refused(() => resolveExpiry('s', { expiresAt: 'tomorrow' }, NOW), /expiresAt/);
    for (const ttlSeconds of [0, -1, Number.NaN, Infinity]) refused(() => resolveExpiry('s', { ttlSeconds }, NOW), /ttlSeconds/);
  });
});

describe('checkPruneOptions', () => {
  const store = { kind: 'test', branches: true };

  it('needs a criterion; an owner alone is none', () => {
    refused(() => checkPruneOptions({}, store, NOW), /criterion/);
    refused(() => checkPruneOptions({ owner: 'alice', dryRun: true }, store, NOW), /criterion/);
    refused(() => checkPruneOptions({ expired: false }, store, NOW), /criterion/);
  });

  it('turns ages into cutoffs and keeps the owner as a narrowing', () => {
    const checked = checkPruneOptions({ olderThan: 30 * DAY, owner: 'alice', branchesOlderThan: new Date(NOW - DAY) }, store, NOW);
    expect(checked.criteria).toEqual({ expired: false, updatedBefore: new Date(NOW - 30 * DAY).toISOString(), owner: 'alice' });
    expect(checked.branchesBefore).toBe(new Date(NOW - DAY).toISOString());
    expect([checked.batchSize, checked.dryRun]).toEqual([500, false]);
  });

  it('refuses bad values, and old branches on a store without branches', () => {
    refused(() => checkPruneOptions({ expired: true, batchSize: 0 }, store, NOW), /batchSize/);
    refused(() => checkPruneOptions({ expired: true, batchSize: 10_001 }, store, NOW), /batchSize/);
    refused(() => checkPruneOptions({ olderThan: -1 }, store, NOW), /olderThan/);
    refused(() => checkPruneOptions({ expired: 'yes' }, store, NOW), /expired/);
    refused(() => checkPruneOptions({ expired: true, owner: '' }, store, NOW), /owner/);
    refused(() => checkPruneOptions({ branchesOlderThan: DAY }, { kind: 'plain', branches: false }, NOW), /keeps no branches/);
  });
});

describe('runPrune', () => {
  /** A store of sorted session ids; `expired` ones go. */
  function store(ids: string[], expired: Set<string>) {
    const calls: { after: string | undefined; limit: number }[] = [];
    const step = async (criteria: PruneCriteria, batch: { after: string | undefined; limit: number; dryRun: boolean }): Promise<PruneBatch> => {
      calls.push({ after: batch.after, limit: batch.limit });
      const found = ids.filter((id) => (batch.after === undefined || id > batch.after) && criteria.expired && expired.has(id)).slice(0, batch.limit);
      if (!batch.dryRun) ids = ids.filter((id) => !found.includes(id));
      return { lastSessionId: found[found.length - 1], examined: found.length, sessions: found.length, items: 2 * found.length, branches: 0, usage: 0 };
    };
    return { step, calls, left: () => ids };
  }

  it('goes batch by batch until a batch comes back short, reporting totals after each', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `s-${String(i).padStart(2, '0')}`);
    const s = store(ids, new Set(ids.filter((_, i) => i % 2 === 0)));
    const progress: number[] = [];
    const result = await runPrune(checkPruneOptions({ expired: true, batchSize: 4, onProgress: (p: PruneProgress) => progress.push(p.sessions) }, { kind: 't', branches: false }, NOW), s.step);
    expect(result).toEqual({ sessions: 6, items: 12, branches: 0, usage: 0, batches: 2, dryRun: false });
    expect(progress).toEqual([4, 6]);
    expect(s.calls).toEqual([{ after: undefined, limit: 4 }, { after: 's-06', limit: 4 }]);
    expect(s.left()).toHaveLength(6);
    // A second run finds what remains: nothing.
    expect((await runPrune(checkPruneOptions({ expired: true }, { kind: 't', branches: false }, NOW), s.step)).batches).toBe(0);
  });

  it('a dry run walks every batch and deletes nothing', async () => {
    const ids = Array.from({ length: 9 }, (_, i) => `s-${i}`);
    const s = store(ids, new Set(ids));
    const result = await runPrune(checkPruneOptions({ expired: true, batchSize: 3, dryRun: true }, { kind: 't', branches: false }, NOW), s.step);
    expect([result.sessions, result.batches, result.dryRun]).toEqual([9, 3, true]);
    expect(s.left()).toHaveLength(9);
  });
});
