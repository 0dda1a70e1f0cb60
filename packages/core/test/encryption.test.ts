import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkEncryption,
  decryptText,
  encryptText,
  isEncryptedText,
  isSessionError,
  newDataKey,
  parseKeyFile,
  parseStoredItem,
  rewrapDataKey,
  unwrapDataKey,
  wrapDataKey,
} from '@sessions/core';

const key = () => randomBytes(32).toString('base64');

function errorOf(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('encryption keys', () => {
  it('accepts 32-byte keys as base64 or bytes; the active key defaults to a single one', () => {
    const single = checkEncryption({ keys: [{ id: 'a', key: key() }] })!;
    expect(single.activeKeyId).toBe('a');
    const two = checkEncryption({ keys: [{ id: 'a', key: randomBytes(32) }, { id: 'b', key: key() }], activeKeyId: 'b' })!;
    expect(two.ids).toEqual(['a', 'b']);
    expect(checkEncryption(undefined)).toBeUndefined();
  });

  it.each([
    ['no keys', { keys: [] }, /non-empty/],
    ['a short key', { keys: [{ id: 'a', key: Buffer.alloc(16).toString('base64') }] }, /16 bytes/],
    ['text that is not base64', { keys: [{ id: 'a', key: 'not base64!' }] }, /not base64/],
    ['a duplicate id', { keys: [{ id: 'a', key: key() }, { id: 'a', key: key() }], activeKeyId: 'a' }, /twice/],
    ['two keys without activeKeyId', { keys: [{ id: 'a', key: key() }, { id: 'b', key: key() }] }, /activeKeyId is required/],
    ['an unknown activeKeyId', { keys: [{ id: 'a', key: key() }], activeKeyId: 'b' }, /not the id/],
  ])('refuses %s with INVALID_ARGUMENT', (_, options, message) => {
    const error = errorOf(() => checkEncryption(options));
    expect(isSessionError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect(String(error)).toMatch(message);
  });

  it('parses a key file, naming the file in its errors', () => {
    expect(parseKeyFile(JSON.stringify({ activeKeyId: 'k', keys: [{ id: 'k', key: key() }] }), 'keys.json').activeKeyId).toBe('k');
    expect(String(errorOf(() => parseKeyFile('{', 'keys.json')))).toMatch(/keys\.json is not JSON/);
    expect(String(errorOf(() => parseKeyFile('null', 'keys.json')))).toMatch(/keys\.json/);
  });
});

describe('data keys and rows', () => {
  const keyring = checkEncryption({ keys: [{ id: 'new', key: key() }, { id: 'old', key: key() }], activeKeyId: 'new' })!;

  it('wraps a data key for one session: another session id, key id or key does not open it', () => {
    const dataKey = newDataKey();
    const stored = wrapDataKey(keyring, 's1', dataKey, 'old');
    expect(unwrapDataKey(keyring, 's1', stored).equals(dataKey)).toBe(true);
    expect(isSessionError(errorOf(() => unwrapDataKey(keyring, 's2', stored)), 'ENCRYPTION_KEY')).toBe(true);
    const missing = errorOf(() => unwrapDataKey(checkEncryption({ keys: [{ id: 'new', key: key() }] }), 's1', stored));
    expect(isSessionError(missing, 'ENCRYPTION_KEY')).toBe(true);
    expect(String(missing)).toContain('"old"');
    const wrong = errorOf(() => unwrapDataKey(checkEncryption({ keys: [{ id: 'old', key: key() }] }), 's1', stored));
    expect(String(wrong)).toMatch(/does not open/);
    const rewrapped = rewrapDataKey(keyring, 's1', stored);
    expect(rewrapped.keyId).toBe('new');
    expect(unwrapDataKey(keyring, 's1', rewrapped).equals(dataKey)).toBe(true);
  });

  it('encrypts a row into JSON text that opens only in its session, and is refused as an item without its key', () => {
    const dataKey = newDataKey();
    const row = JSON.stringify({ role: 'user', content: 'secret ✓ \u0000' });
    const sealed = encryptText(dataKey, 's1', row);
    expect(isEncryptedText(sealed)).toBe(true);
    expect(JSON.parse(sealed)).toMatchObject({ $enc: 1 });
    expect(sealed).not.toContain('secret');
    expect(encryptText(dataKey, 's1', row)).not.toBe(sealed);
    expect(decryptText(dataKey, 's1', sealed, 7)).toBe(row);
    expect(isSessionError(errorOf(() => decryptText(dataKey, 's2', sealed, 7)), 'CORRUPT_ITEM')).toBe(true);
    const tampered = sealed.replace(/"d":"(.)/, (_, c: string) => `"d":"${c === 'A' ? 'B' : 'A'}`);
    expect(isSessionError(errorOf(() => decryptText(dataKey, 's1', tampered, 7)), 'CORRUPT_ITEM')).toBe(true);
    expect(isSessionError(errorOf(() => parseStoredItem('s1', sealed, 7)), 'ENCRYPTION_KEY')).toBe(true);
  });
});
