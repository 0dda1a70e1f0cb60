import type { SessionHistoryRewriteArgs, SessionHistoryTransactionArgs } from '@openai/agents-core';
import { SessionError } from './errors.js';
import { checkHistoryMutations, planHistoryMutations } from './history-mutations.js';
import type { HistorySplice, RowEdits, SpliceOutcome, StoredRow } from './history-store.js';
import { operationConflict, planHistoryTransaction } from './history-transaction.js';
import { serializeItems, type SessionItem } from './items.js';
import type { HistoryAwareSession } from './session.js';
import { SessionBase } from './session-base.js';

/**
 * `SessionBase` plus the runner's history capabilities: validation,
 * fingerprints, comparisons and errors are here; a store adds two atomic
 * storage steps on its current history.
 */
export abstract class HistorySessionBase extends SessionBase implements HistoryAwareSession {
  /** Applies `splice` in one transaction (see `HistorySplice`). */
  protected abstract spliceHistory(splice: HistorySplice): Promise<SpliceOutcome>;
  /**
   * In one transaction: reads the current history's rows (oldest first), calls
   * `plan` with them and applies the edits it returns.
   */
  protected abstract rewriteHistory(plan: (rows: StoredRow[]) => RowEdits): Promise<void>;

  async applyHistoryTransaction(args: SessionHistoryTransactionArgs): Promise<void> {
    this.assertOpen('applyHistoryTransaction');
    const splice = planHistoryTransaction(this.sessionId, args);
    const outcome = await this.guard('applyHistoryTransaction', () => this.#sealedSplice(splice));
    if (!outcome.applied && outcome.recordedFingerprint !== splice.operation.fingerprint) {
      throw operationConflict(this.sessionId, splice.operation.id);
    }
  }

  async applyHistoryMutations(args: SessionHistoryRewriteArgs): Promise<void> {
    this.assertOpen('applyHistoryMutations');
    const mutations = checkHistoryMutations(this.sessionId, args);
    if (mutations.length === 0) return;
    await this.guard('applyHistoryMutations', async () => {
      const cipher = await this.prepareRows(true);
      await this.rewriteHistory((rows) => {
        const edits = planHistoryMutations(
          rows.map((row) => ({ id: row.id, json: cipher.open(row.json, row.id) })),
          mutations,
        );
        return { replace: edits.replace.map((row) => ({ id: row.id, json: cipher.seal(row.json) })), remove: edits.remove };
      });
    });
  }

  async replaceHistoryWithCompaction(items: SessionItem[]): Promise<void> {
    const operation = 'replaceHistoryWithCompaction';
    this.assertOpen(operation);
    const rows = serializeItems(this.sessionId, items, { operation, field: 'items' });
    if ((items[0] as { type?: unknown } | undefined)?.type !== 'compaction') {
      throw new SessionError('INVALID_ARGUMENT', `${operation} expects items starting with a compaction item; nothing was changed`, {
        sessionId: this.sessionId,
      });
    }
    await this.guard(operation, () => this.#sealedSplice({ remove: 'all', append: rows }));
  }

  /** The splice with its appended rows encrypted and the rows it checks decrypted first. */
  async #sealedSplice(splice: HistorySplice): Promise<SpliceOutcome> {
    const cipher = await this.prepareRows(splice.append.length > 0);
    const { checkRemoved } = splice;
    return this.spliceHistory({
      ...splice,
      append: cipher.sealAll(splice.append),
      checkRemoved: checkRemoved && ((rows) => checkRemoved(rows.map((row, i) => cipher.open(row, `#${i + 1} of the suffix`)))),
    });
  }
}
