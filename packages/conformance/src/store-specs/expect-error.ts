import { isSessionError, type SessionErrorCode } from '@sessions/core';
import { expect } from 'vitest';

/** Awaits `call` and checks it failed with a `SessionError` of `code` whose message matches `message`. */
export async function expectSessionError(call: () => Promise<unknown>, code: SessionErrorCode, message?: RegExp): Promise<void> {
  let error: unknown;
  try {
    await call();
  } catch (caught) {
    error = caught;
  }
  expect(isSessionError(error, code), `expected a ${code} SessionError, got ${String(error)}`).toBe(true);
  if (message) expect((error as Error).message).toMatch(message);
}
