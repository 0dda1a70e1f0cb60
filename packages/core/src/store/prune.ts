import { SessionError } from '../errors.js';
import { checkOwner } from '../owner.js';

/** A time span in milliseconds, or the instant it counts back to. */
export type AgeLimit = Date | number;

/** Progress of a prune, after each batch. */
export interface PruneProgress extends PruneCounts {
  batches: number;
  dryRun: boolean;
}

export interface PruneSessionsOptions {
  /** Sessions not written (`updatedAt`) for this many milliseconds, or since this instant. */
  olderThan?: AgeLimit | undefined;
  /** Sessions whose expiry has passed. */
  expired?: boolean | undefined;
  /** Only this owner's sessions (narrows the criteria above; never a criterion on its own). */
  owner?: string | undefined;
  /**
   * Branches (never `main`) not written for this many milliseconds, or since
   * this instant, with the history only they hold (advanced stores).
   */
  branchesOlderThan?: AgeLimit | undefined;
  /** Count what would go, delete nothing. */
  dryRun?: boolean | undefined;
  /** Sessions per transaction, 1 to 10,000; 500 by default. */
  batchSize?: number | undefined;
  /** Called after each batch with the totals so far. */
  onProgress?: ((progress: PruneProgress) => void) | undefined;
}

/** What a prune removed (or, with `dryRun`, would remove). */
export interface PruneCounts {
  sessions: number;
  /** Stored items (messages) of those sessions, and of pruned branches. */
  items: number;
  /** Branches, `main` included, of pruned sessions plus branches pruned alone. */
  branches: number;
  /** Usage rows. */
  usage: number;
}

export interface PruneResult extends PruneCounts {
  /** Transactions it took (one per batch of sessions; one per session whose branches went). */
  batches: number;
  dryRun: boolean;
}

/** Which sessions a prune takes: `expired` OR `updatedBefore`, within `owner` when given. Times are ISO-8601 UTC. */
export interface PruneCriteria {
  expired: boolean;
  updatedBefore: string | null;
  owner: string | null;
}

export interface CheckedPruneOptions {
  criteria: PruneCriteria;
  /** Branches last written before this instant go (ISO-8601 UTC); `null` when not asked. */
  branchesBefore: string | null;
  dryRun: boolean;
  batchSize: number;
  onProgress: ((progress: PruneProgress) => void) | undefined;
}

export const DEFAULT_PRUNE_BATCH = 500;
const MAX_PRUNE_BATCH = 10_000;

function cutoff(name: string, value: unknown, now: number): string | null {
  if (value === undefined) return null;
  if (value instanceof Date && Number.isFinite(value.getTime())) return value.toISOString();
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return new Date(now - value).toISOString();
  throw new SessionError('INVALID_ARGUMENT', `${name} must be a Date or a number of milliseconds >= 0, got ${String(value)}`);
}

/**
 * The checks every store's `pruneSessions` makes: at least one criterion
 * (`olderThan`, `expired`, `branchesOlderThan`), ages resolved against `now`,
 * the batch size 1 to 10,000. `branchesOlderThan` is refused by a store
 * without branches.
 */
export function checkPruneOptions(options: unknown, store: { kind: string; branches: boolean }, now = Date.now()): CheckedPruneOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new SessionError('INVALID_ARGUMENT', 'pruneSessions options must be an object');
  }
  const o = options as PruneSessionsOptions;
  if (o.expired !== undefined && typeof o.expired !== 'boolean') throw new SessionError('INVALID_ARGUMENT', 'expired must be a boolean');
  if (o.dryRun !== undefined && typeof o.dryRun !== 'boolean') throw new SessionError('INVALID_ARGUMENT', 'dryRun must be a boolean');
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new SessionError('INVALID_ARGUMENT', 'onProgress must be a function');
  const batchSize = o.batchSize ?? DEFAULT_PRUNE_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_PRUNE_BATCH) {
    throw new SessionError('INVALID_ARGUMENT', `batchSize must be an integer from 1 to ${MAX_PRUNE_BATCH}, got ${String(o.batchSize)}`);
  }
  let owner: string | null;
  try {
    owner = checkOwner(undefined, o.owner);
  } catch (error) {
    throw new SessionError('INVALID_ARGUMENT', `pruneSessions ${(error as Error).message}`);
  }
  const updatedBefore = cutoff('olderThan', o.olderThan, now);
  const branchesBefore = cutoff('branchesOlderThan', o.branchesOlderThan, now);
  const expired = o.expired === true;
  if (!expired && updatedBefore === null && branchesBefore === null) {
    throw new SessionError('INVALID_ARGUMENT', 'pruneSessions needs a criterion: olderThan, expired or branchesOlderThan (an owner alone is not one)');
  }
  if (branchesBefore !== null && !store.branches) {
    throw new SessionError('INVALID_ARGUMENT', `a ${store.kind} store keeps no branches to prune (use an advanced store)`);
  }
  return { criteria: { expired, updatedBefore, owner }, branchesBefore, dryRun: o.dryRun === true, batchSize, onProgress: o.onProgress };
}

/** Whether the criteria select whole sessions (rather than only old branches). */
export function prunesSessions(criteria: PruneCriteria): boolean {
  return criteria.expired || criteria.updatedBefore !== null;
}

/** One batch a store pruned (or counted): the sessions it took, in session id order, and what they held. */
export interface PruneBatch extends PruneCounts {
  /** The last session id the batch looked at; the next batch starts after it. `undefined` when it found none. */
  lastSessionId: string | undefined;
  /** Sessions the batch looked at (taken or, in a dry run, counted). */
  examined: number;
}

/**
 * A store's step: in one short transaction, the next `limit` sessions
 * matching `criteria` with id above `after` (session id order), deleted with
 * everything they hold unless `dryRun`, with the counts of what they held.
 */
export type PruneBatchStep = (criteria: PruneCriteria, batch: { after: string | undefined; limit: number; dryRun: boolean }) => Promise<PruneBatch>;

/**
 * A store's branch step: in one short transaction per session, removes (or
 * counts) the branches of the next sessions (id above `after`) that were not
 * written since `before`, within `owner`. Returns what went.
 */
export type PruneBranchesStep = (
  before: string,
  owner: string | null,
  batch: { after: string | undefined; limit: number; dryRun: boolean },
) => Promise<PruneBatch & { transactions: number }>;

/** Lets the process's other work run between batches (a synchronous driver never yields by itself). */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const zero = (): PruneCounts => ({ sessions: 0, items: 0, branches: 0, usage: 0 });

function add(total: PruneCounts, batch: PruneCounts): void {
  total.sessions += batch.sessions;
  total.items += batch.items;
  total.branches += batch.branches;
  total.usage += batch.usage;
}

/**
 * Runs a prune in batches: each batch is whole (a session goes with
 * everything it holds, or not at all), so an interrupted prune loses
 * nothing half-way and a re-run simply finds what remains. Whole sessions
 * go first, then old branches of the sessions left.
 */
export async function runPrune(checked: CheckedPruneOptions, sessionsStep: PruneBatchStep, branchesStep?: PruneBranchesStep): Promise<PruneResult> {
  const { criteria, dryRun, batchSize: limit } = checked;
  const total = zero();
  let batches = 0;
  const report = () => checked.onProgress?.({ ...total, batches, dryRun });
  if (prunesSessions(criteria)) {
    let after: string | undefined;
    for (;;) {
      const batch = await sessionsStep(criteria, { after, limit, dryRun });
      if (batch.examined === 0) break;
      batches++;
      add(total, batch);
      report();
      if (batch.examined < limit || batch.lastSessionId === undefined) break;
      after = batch.lastSessionId;
      await nextTurn();
    }
  }
  if (checked.branchesBefore !== null && branchesStep) {
    let after: string | undefined;
    for (;;) {
      const batch = await branchesStep(checked.branchesBefore, criteria.owner, { after, limit, dryRun });
      if (batch.examined === 0) break;
      batches += batch.transactions;
      add(total, batch);
      if (batch.transactions > 0) report();
      if (batch.examined < limit || batch.lastSessionId === undefined) break;
      after = batch.lastSessionId;
      await nextTurn();
    }
  }
  return { ...total, batches, dryRun };
}
