import { createHash } from 'node:crypto';
import { canonicalJson, canonicalRow } from './canonical-json.js';
import { SessionError } from './errors.js';
import { describe, serializeItems } from './items.js';
import type { HistorySplice } from './history-store.js';

const OPERATION = 'applyHistoryTransaction';

/** Longest operation id every store keys (MySQL indexes a utf8mb4 VARCHAR(255)). */
export const MAX_OPERATION_ID_LENGTH = 255;

const FIELDS = {
  append_items: ['items', 'type'],
  replace_suffix: ['expectedSuffix', 'replacement', 'type'],
} as const;

function invalid(sessionId: string, message: string): SessionError {
  return new SessionError('INVALID_ARGUMENT', `${OPERATION}: ${message}; nothing was changed`, { sessionId });
}

function checkOperationId(sessionId: string, operationId: unknown): string {
  if (typeof operationId !== 'string' || operationId.trim() === '') {
    throw invalid(sessionId, `operationId must be a non-empty string, got ${describe(operationId)}`);
  }
  if ([...operationId].length > MAX_OPERATION_ID_LENGTH) {
    throw invalid(sessionId, `operationId is longer than ${MAX_OPERATION_ID_LENGTH} characters`);
  }
  if (operationId.includes('\u0000')) throw invalid(sessionId, 'operationId must not contain NUL characters');
  return operationId;
}

function checkFields(sessionId: string, transaction: Record<string, unknown>, type: keyof typeof FIELDS): void {
  const keys = Object.keys(transaction).sort();
  const expected = FIELDS[type];
  if (keys.length !== expected.length || keys.some((key, i) => key !== expected[i])) {
    throw invalid(sessionId, `a ${type} transaction has exactly the fields ${expected.join(', ')}, got ${keys.join(', ') || 'none'}`);
  }
}

function parseRows(rows: string[]): unknown[] {
  return rows.map((row) => JSON.parse(row) as unknown);
}

/**
 * Validates `applyHistoryTransaction`'s argument (the shape the SDK's own
 * `MemorySession` accepts, items by the rules of `addItems`) and turns it into
 * the splice a store applies. The fingerprint identifies the transaction
 * whatever the key order of its objects, so a retry is recognised.
 */
export function planHistoryTransaction(sessionId: string, args: unknown): HistorySplice & { operation: { id: string; fingerprint: string } } {
  if (args === null || typeof args !== 'object') throw invalid(sessionId, `expects { operationId, transaction }, got ${describe(args)}`);
  const { operationId, transaction } = args as { operationId?: unknown; transaction?: unknown };
  const id = checkOperationId(sessionId, operationId);
  if (transaction === null || typeof transaction !== 'object' || Array.isArray(transaction)) {
    throw invalid(sessionId, `transaction must be an object, got ${describe(transaction)}`);
  }
  const record = transaction as Record<string, unknown>;
  if (record.type === 'append_items') {
    checkFields(sessionId, record, 'append_items');
    const append = serializeItems(sessionId, record.items, { operation: OPERATION, field: 'transaction.items' });
    const fingerprint = fingerprintOf({ type: 'append_items', items: parseRows(append) });
    return { operation: { id, fingerprint }, remove: { newest: 0 }, append };
  }
  if (record.type === 'replace_suffix') {
    checkFields(sessionId, record, 'replace_suffix');
    const expected = serializeItems(sessionId, record.expectedSuffix, { operation: OPERATION, field: 'transaction.expectedSuffix' });
    const append = serializeItems(sessionId, record.replacement, { operation: OPERATION, field: 'transaction.replacement' });
    const expectedSuffix = parseRows(expected);
    const fingerprint = fingerprintOf({ type: 'replace_suffix', expectedSuffix, replacement: parseRows(append) });
    const canonicalSuffix = expectedSuffix.map(canonicalJson);
    return {
      operation: { id, fingerprint },
      remove: { newest: canonicalSuffix.length },
      checkRemoved: (rows) => {
        if (rows.length !== canonicalSuffix.length || rows.some((row, i) => canonicalRow(row) !== canonicalSuffix[i])) {
          throw new SessionError(
            'CONFLICT',
            `${OPERATION}: the newest ${canonicalSuffix.length} items no longer match the transaction's expectedSuffix; nothing was changed`,
            { sessionId },
          );
        }
      },
      append,
    };
  }
  throw invalid(sessionId, `transaction.type must be 'append_items' or 'replace_suffix', got ${JSON.stringify(record.type) ?? 'undefined'}`);
}

function fingerprintOf(transaction: unknown): string {
  return createHash('sha256').update(canonicalJson(transaction)).digest('hex');
}

/** The error for an operation id recorded earlier with a different transaction. */
export function operationConflict(sessionId: string, operationId: string): SessionError {
  return new SessionError(
    'CONFLICT',
    `${OPERATION}: operation ${JSON.stringify(operationId)} was already applied with a different transaction; nothing was changed`,
    { sessionId },
  );
}
