import { SessionError } from '@sessions/core';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

function problem(value: unknown, path: string, seen: object[]): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${String(value)}`;
  if (typeof value !== 'object') return `${path} is a ${typeof value}`;
  if (seen.includes(value)) return `${path} refers back to itself`;
  seen.push(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const p = problem(value[i], `${path}[${i}]`, seen);
        if (p) return p;
      }
      return undefined;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return `${path} is not a plain object`;
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue;
      const p = problem(child, `${path}.${key}`, seen);
      if (p) return p;
    }
    return undefined;
  } finally {
    seen.pop();
  }
}

/** Checks that `value` is a plain JSON object and returns its JSON text. */
export function jsonObjectText(sessionId: string, what: string, value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SessionError('INVALID_ARGUMENT', `${what} must be a plain JSON object`, { sessionId });
  }
  const reason = problem(value, what, []);
  if (reason) throw new SessionError('INVALID_ARGUMENT', `${what} is not JSON: ${reason}`, { sessionId });
  return JSON.stringify(value);
}
