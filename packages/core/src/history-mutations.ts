import { SessionError } from './errors.js';
import { describe, serializeItems } from './items.js';
import type { RowEdits, StoredRow } from './history-store.js';

const OPERATION = 'applyHistoryMutations';

/** A validated `replace_function_call` mutation: the call id and its replacement's JSON text. */
export interface FunctionCallReplacement {
  callId: string;
  json: string;
}

function invalid(sessionId: string, message: string): SessionError {
  return new SessionError('INVALID_ARGUMENT', `${OPERATION}: ${message}; nothing was changed`, { sessionId });
}

/**
 * Validates `applyHistoryMutations`' argument. Unlike the SDK's `MemorySession`,
 * which skips mutation types it does not know, an unknown type is refused:
 * nothing is changed rather than part of what the caller asked.
 */
export function checkHistoryMutations(sessionId: string, args: unknown): FunctionCallReplacement[] {
  if (args === null || typeof args !== 'object') throw invalid(sessionId, `expects { mutations }, got ${describe(args)}`);
  const { mutations } = args as { mutations?: unknown };
  if (!Array.isArray(mutations)) throw invalid(sessionId, `mutations must be an array, got ${describe(mutations)}`);
  return mutations.map((mutation: unknown, index) => {
    if (mutation === null || typeof mutation !== 'object' || Array.isArray(mutation)) {
      throw invalid(sessionId, `mutations[${index}] must be an object, got ${describe(mutation)}`);
    }
    const { type, callId, replacement } = mutation as { type?: unknown; callId?: unknown; replacement?: unknown };
    if (type !== 'replace_function_call') {
      throw invalid(sessionId, `mutations[${index}].type must be 'replace_function_call', got ${JSON.stringify(type) ?? 'undefined'}`);
    }
    if (typeof callId !== 'string' || callId === '') {
      throw invalid(sessionId, `mutations[${index}].callId must be a non-empty string, got ${describe(callId)}`);
    }
    const [json] = serializeItems(sessionId, [replacement], { operation: OPERATION, field: `mutations[${index}].replacement` });
    if ((replacement as { type?: unknown }).type !== 'function_call') {
      throw invalid(sessionId, `mutations[${index}].replacement must be a function_call item`);
    }
    return { callId, json: json! };
  });
}

function isCallOf(row: string, callId: string, quotedCallId: string): boolean {
  // Cheap text test first: most rows are not this call.
  if (!row.includes(quotedCallId) || !row.includes('"function_call"')) return false;
  try {
    const item = JSON.parse(row) as { type?: unknown; callId?: unknown };
    return item.type === 'function_call' && item.callId === callId;
  } catch {
    return false;
  }
}

/**
 * The row edits that apply `mutations` in order, as the SDK does: the first
 * function call with the mutation's call id becomes the replacement and later
 * function calls with that id are removed; a call id not present changes nothing.
 */
export function planHistoryMutations(rows: StoredRow[], mutations: FunctionCallReplacement[]): RowEdits {
  let working = rows.map((row) => ({ id: row.id, json: row.json, changed: false }));
  for (const { callId, json } of mutations) {
    const quoted = JSON.stringify(callId);
    let kept = false;
    working = working.filter((row) => {
      if (!isCallOf(row.json, callId, quoted)) return true;
      if (kept) return false;
      kept = true;
      row.json = json;
      row.changed = true;
      return true;
    });
  }
  const remaining = new Set(working.map((row) => row.id));
  return {
    replace: working.filter((row) => row.changed).map(({ id, json }) => ({ id, json })),
    remove: rows.filter((row) => !remaining.has(row.id)).map((row) => row.id),
  };
}
