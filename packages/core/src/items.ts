import type { AgentInputItem } from '@openai/agents-core';
import { isEncryptedText } from './encryption/envelope.js';
import { SessionError } from './errors.js';

/** What a session stores: the `@openai/agents` input item shape. */
export type SessionItem = AgentInputItem;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Checks that `value` survives `JSON.stringify` + `JSON.parse` unchanged and
 * returns the reason it does not, or `undefined` when it does.
 * Object properties that are `undefined` are allowed: JSON drops them, and the
 * runner's own items carry optional fields set to `undefined`.
 */
function jsonProblem(value: unknown, path: string, ancestors: object[] = []): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is ${String(value)}, which JSON cannot hold`;
    case 'undefined':
      return `${path} is undefined`;
    case 'bigint':
      return `${path} is a BigInt, which JSON cannot hold`;
    case 'function':
      return `${path} is a function`;
    case 'symbol':
      return `${path} is a symbol`;
  }
  if (value === null) return undefined;
  const object = value as object;
  if (ancestors.includes(object)) return `${path} refers back to itself (a cycle)`;
  ancestors.push(object);
  try {
    if (Array.isArray(object)) {
      for (let i = 0; i < object.length; i++) {
        const problem = jsonProblem(object[i], `${path}[${i}]`, ancestors);
        if (problem) return problem;
      }
      return undefined;
    }
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (object.constructor as { name?: string } | undefined)?.name ?? 'unknown';
      return `${path} is an instance of ${kind}, not a plain object`;
    }
    for (const key of Object.keys(object)) {
      const child = (object as Record<string, unknown>)[key];
      if (child === undefined) continue;
      const problem = jsonProblem(child, `${path}.${key}`, ancestors);
      if (problem) return problem;
    }
    return undefined;
  } finally {
    ancestors.pop();
  }
}

/** Where a batch of items comes from, for error messages: `addItems`, or a field of another call's argument. */
export interface ItemSource {
  operation: string;
  /** The argument's field holding the items, e.g. `transaction.items`; absent for `addItems`' own argument. */
  field?: string | undefined;
}

/**
 * Validates a whole batch of items and returns each item's JSON text.
 * Throws before anything is written, naming the first bad item's index.
 */
export function serializeItems(sessionId: string, items: unknown, source: ItemSource = { operation: 'addItems' }): string[] {
  const { operation, field } = source;
  if (!Array.isArray(items)) {
    const expected = field === undefined ? 'an array of items' : `${field} to be an array of items`;
    throw new SessionError('INVALID_ARGUMENT', `${operation} expects ${expected}, got ${describe(items)}`, { sessionId });
  }
  const rows: string[] = new Array(items.length);
  for (let index = 0; index < items.length; index++) {
    const item: unknown = items[index];
    let problem: string | undefined;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      problem = `item is ${describe(item)}, not a plain JSON object`;
    } else {
      problem = jsonProblem(item, 'item');
    }
    if (problem) {
      const which = field === undefined ? `item ${index}` : `${field}[${index}]`;
      const outcome = field === undefined ? 'nothing of this batch was stored' : 'nothing was changed';
      throw new SessionError('INVALID_ITEM', `${operation} rejected ${which}: ${problem}; ${outcome}`, { sessionId, index });
    }
    rows[index] = JSON.stringify(item);
  }
  return rows;
}

/**
 * Checks that `value` is a plain JSON object (the same rules as items) and
 * returns its JSON text; `what` names it in the `INVALID_ARGUMENT` error.
 */
export function serializeJsonObject(sessionId: string, what: string, value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SessionError('INVALID_ARGUMENT', `${what} must be a plain JSON object, got ${describe(value)}`, { sessionId });
  }
  const problem = jsonProblem(value, what);
  if (problem) throw new SessionError('INVALID_ARGUMENT', `${what} is not JSON: ${problem}`, { sessionId });
  return JSON.stringify(value);
}

/** Parses one stored row back into an item; a row that is not a JSON object is reported, never skipped silently. */
export function parseStoredItem(sessionId: string, text: string, rowId: number | string): SessionItem {
  if (isEncryptedText(text)) {
    // A path that does not decrypt (no keys given, or a store without encryption support) must not return the envelope as an item.
    throw new SessionError('ENCRYPTION_KEY', `stored row ${rowId} is encrypted; open the session with its encryption keys to read it`, { sessionId });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new SessionError('CORRUPT_ITEM', `stored row ${rowId} is not valid JSON`, { sessionId, cause });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SessionError('CORRUPT_ITEM', `stored row ${rowId} is not a JSON object`, { sessionId });
  }
  return value as SessionItem;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    return name && name !== 'Object' ? `an instance of ${name}` : 'an object';
  }
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'bigint') return 'a BigInt';
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}
