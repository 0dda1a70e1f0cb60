import { usageError } from '../cli-error.js';
import type { SessionRecord } from '../stores/records.js';
import type { CliStore } from '../stores/cli-store.js';
import { sameContent } from './shared.js';

export type Placement = 'written' | 'skipped' | 'conflict';

/**
 * Puts one whole session into `destination`, the step import and copy repeat
 * per session. It is what makes both resumable: a session is written in one
 * transaction (all of it or nothing), and a session the destination already
 * holds with the same content is skipped, so a rerun after an interruption
 * writes only what is missing and never duplicates anything. A session that
 * exists with different content is a conflict, left untouched unless `replace`.
 */
export async function placeSession(destination: CliStore, record: SessionRecord, options: { replace: boolean }): Promise<Placement> {
  if (!destination.advanced && (record.branches.length > 0 || record.usage.length > 0 || record.metadata !== null)) {
    // Never drop data silently: the user decides (--main-only strips it first).
    throw usageError(
      `session ${JSON.stringify(record.sessionId)} has ${record.branches.length} branch(es), ${record.usage.length} usage row(s)${record.metadata !== null ? ' and metadata' : ''}, which a ${destination.kind} store cannot hold (use an advanced store, or --main-only to keep only the main history)`,
    );
  }
  const existing = await destination.readSession(record.sessionId);
  if (existing && sameContent(record, existing)) return 'skipped';
  if (existing && !options.replace) return 'conflict';
  await destination.writeSession(record, { replace: options.replace });
  return 'written';
}

/** Drops what a store without branches and usage cannot hold (copy --main-only). */
export function mainOnly(record: SessionRecord): SessionRecord {
  return { ...record, branches: [], usage: [], metadata: null };
}

export interface TransferSummary {
  written: string[];
  skipped: string[];
  conflicts: string[];
}

export function summaryLine(verb: string, summary: TransferSummary): string {
  const parts = [`${verb} ${summary.written.length} session(s)`, `${summary.skipped.length} already there`];
  if (summary.conflicts.length > 0) {
    parts.push(`${summary.conflicts.length} conflict(s) left untouched (${summary.conflicts.map((id) => JSON.stringify(id)).join(', ')}; --replace overwrites them)`);
  }
  return parts.join(', ') + '\n';
}
