import { randomBytes, randomUUID } from 'node:crypto';
import { isSessionError, type AdvancedSessionBase, type AgentSession, type EncryptionOptions, type HistoryAwareSession } from '@sessions/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EncryptionConformanceTarget } from './encryption-target.js';
import { assistantMessage, compactionItem, functionCallItem, functionResultItem, numberedItems, userMessage } from './items.js';

const key = (): string => randomBytes(32).toString('base64');

function isAdvanced(session: AgentSession): session is AdvancedSessionBase {
  return typeof (session as Partial<AdvancedSessionBase>).setMetadata === 'function';
}

function isHistoryAware(session: AgentSession): session is HistoryAwareSession {
  return typeof (session as Partial<HistoryAwareSession>).applyHistoryTransaction === 'function';
}

/**
 * Encryption at rest on `target`: nothing readable in storage, a missing or
 * wrong key is a typed error naming the key id that changes nothing, older
 * keys keep reading, and clear sessions stay readable by an encrypted store.
 */
export function runEncryptionConformanceSuite(target: EncryptionConformanceTarget): void {
  describe(`encryption at rest: ${target.name}`, () => {
    const current = { id: 'current', key: key() };
    const older = { id: 'older', key: key() };
    const keys: EncryptionOptions = { keys: [current, older], activeKeyId: 'current' };
    const open: AgentSession[] = [];
    const session = async (id: string, encryption?: EncryptionOptions): Promise<AgentSession> => {
      const created = await target.createSession(id, encryption);
      open.push(created);
      return created;
    };
    const newId = (): string => `enc-${randomUUID()}`;

    beforeAll(async () => {
      await target.setup?.();
    });
    afterAll(async () => {
      await Promise.allSettled(open.map((s) => s.close()));
      await target.teardown?.();
    });

    it('storage holds no clear text of items, arguments or results (and the scan does find clear text)', async () => {
      const marker = `SECRET${randomBytes(6).toString('hex')}`;
      const id = newId();
      const s = await session(id, keys);
      await s.addItems([
        userMessage(`user ${marker} says`),
        functionCallItem('call-1', 'lookup', JSON.stringify({ query: `${marker} args` })),
        functionResultItem('call-1', 'lookup', `result ${marker}`),
        assistantMessage(`reply ${marker}`),
      ]);
      if (isHistoryAware(s)) {
        await s.applyHistoryTransaction({ operationId: `op-${randomUUID()}`, transaction: { type: 'append_items', items: [userMessage(`tx ${marker}`)] } });
        await s.applyHistoryMutations({
          mutations: [{ type: 'replace_function_call', callId: 'call-1', replacement: functionCallItem('call-1', 'lookup', `{"q":"${marker} rewritten"}`) as never }],
        });
      }
      await s.addItems([assistantMessage(`last ${marker}`)]);
      expect((await s.getItems()).length).toBeGreaterThan(4);
      if (isAdvanced(s)) {
        // Metadata values are encrypted; search runs on decrypted rows, in process.
        await s.setMetadata({ note: `meta ${marker}`, count: 1 });
        expect(await s.getMetadata()).toEqual({ note: `meta ${marker}`, count: 1 });
        const found = await s.findTurnsByContent(marker.toLowerCase());
        // Turn 2 is the history transaction's message, when the session has the runner's history capabilities.
        expect(found.map((turn) => turn.turn)).toEqual(isHistoryAware(s) ? [1, 2] : [1]);
        expect(found[0]!.fullContent).toBe(`user ${marker} says`);
        expect(await s.getToolUsage()).toEqual([{ toolName: 'lookup', count: 1, turn: 1 }]);
        const branch = await s.createBranchFromTurn(1);
        await s.addItems([userMessage(`on a branch ${marker}`)]);
        expect(await s.getItems()).toEqual([userMessage(`on a branch ${marker}`)]);
        expect((await s.findTurnsByContent('on a branch')).map((turn) => turn.turn)).toEqual([1]);
        expect(await (await session(branch, keys)).getItems()).toEqual([userMessage(`on a branch ${marker}`)]);
        await s.switchToBranch('main');
      }
      expect(await target.rawKey(id)).toMatchObject({ keyId: 'current' });
      expect((await target.storageText()).toLowerCase()).not.toContain(marker.toLowerCase());

      const clearMarker = `CLEAR${randomBytes(6).toString('hex')}`;
      const clear = await session(newId());
      await clear.addItems([userMessage(`plain ${clearMarker}`)]);
      expect(await target.storageText()).toContain(clearMarker);
    });

    it('compacted history is stored encrypted too', async () => {
      const marker = `COMPACT${randomBytes(6).toString('hex')}`;
      const s = await session(newId(), keys);
      if (!isHistoryAware(s)) return;
      await s.addItems(numberedItems(3));
      await s.replaceHistoryWithCompaction([compactionItem(`summary ${marker}`), userMessage(`kept ${marker}`)]);
      expect(await s.getItems()).toEqual([compactionItem(`summary ${marker}`), userMessage(`kept ${marker}`)]);
      expect((await target.storageText()).toLowerCase()).not.toContain(marker.toLowerCase());
    });

    const expectKeyError = async (call: Promise<unknown>, keyId: string): Promise<void> => {
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isSessionError(error, 'ENCRYPTION_KEY'), String(error)).toBe(true);
      expect((error as Error).message).toContain(JSON.stringify(keyId));
    };

    const wrongKeys: [string, EncryptionOptions | undefined][] = [
      ['without keys', undefined],
      ['without the session key id', { keys: [{ id: 'other', key: key() }] }],
      ['with a wrong key under the same id', { keys: [{ id: 'current', key: key() }] }],
    ];
    for (const [what, encryption] of wrongKeys) {
      it(`a session opened ${what}: every call is an ENCRYPTION_KEY error naming the key id; nothing is returned or changed`, async () => {
        const id = newId();
        const items = numberedItems(3, 'kept');
        await (await session(id, keys)).addItems(items);
        const key = await target.rawKey(id);
        const wrong = await session(id, encryption);
        await expectKeyError(wrong.getItems(), 'current');
        await expectKeyError(wrong.getItems(1), 'current');
        await expectKeyError(wrong.popItem(), 'current');
        await expectKeyError(wrong.addItems([userMessage('not stored')]), 'current');
        await expectKeyError(wrong.clearSession(), 'current');
        if (isHistoryAware(wrong)) {
          await expectKeyError(
            wrong.applyHistoryTransaction({ operationId: 'refused', transaction: { type: 'append_items', items: [userMessage('no')] } }),
            'current',
          );
          await expectKeyError(wrong.replaceHistoryWithCompaction([compactionItem('no')]), 'current');
        }
        expect(await target.rawRowCount(id)).toBe(3);
        expect(await target.rawKey(id)).toEqual(key);
        expect(await (await session(id, keys)).getItems()).toEqual(items);
      });
    }

    it('a session whose data key is wrapped by an older key still reads and writes; new sessions use the active key', async () => {
      const id = newId();
      await (await session(id, { keys: [older] })).addItems(numberedItems(2, 'old'));
      expect(await target.rawKey(id)).toMatchObject({ keyId: 'older' });
      const s = await session(id, keys);
      await s.addItems(numberedItems(1, 'new'));
      expect(await s.getItems()).toEqual([...numberedItems(2, 'old'), ...numberedItems(1, 'new')]);
      expect(await target.rawKey(id)).toMatchObject({ keyId: 'older' });
      const fresh = newId();
      await (await session(fresh, keys)).addItems(numberedItems(1));
      expect(await target.rawKey(fresh)).toMatchObject({ keyId: 'current' });
    });

    it('an encrypted store reads a clear session, and encrypts what it adds to it', async () => {
      const id = newId();
      const marker = `MIXED${randomBytes(6).toString('hex')}`;
      await (await session(id)).addItems([userMessage('written in clear')]);
      expect(await target.rawKey(id)).toBeUndefined();
      const s = await session(id, keys);
      expect(await s.getItems()).toEqual([userMessage('written in clear')]);
      await s.addItems([userMessage(`added ${marker}`)]);
      expect(await s.getItems()).toEqual([userMessage('written in clear'), userMessage(`added ${marker}`)]);
      expect(await target.rawKey(id)).toMatchObject({ keyId: 'current' });
      expect((await target.storageText()).toLowerCase()).not.toContain(marker.toLowerCase());
      expect(await s.popItem()).toEqual(userMessage(`added ${marker}`));
      expect(await s.popItem()).toEqual(userMessage('written in clear'));
    });

    it('clearing a session removes its data key (a plain session; an advanced one keeps it); the next write is readable', async () => {
      const id = newId();
      const s = await session(id, keys);
      await s.addItems(numberedItems(2));
      const first = await target.rawKey(id);
      expect(first).toBeDefined();
      await s.clearSession();
      if (isAdvanced(s)) {
        // Clearing a branch keeps the session (its other branches, usage, metadata) and its data key.
        expect(await target.rawKey(id)).toEqual(first);
        await s.addItems(numberedItems(1, 'again'));
      } else {
        expect(await target.rawKey(id)).toBeUndefined();
        await s.addItems(numberedItems(1, 'again'));
        expect((await target.rawKey(id))?.wrappedKey).not.toBe(first?.wrappedKey);
      }
      expect(await (await session(id, keys)).getItems()).toEqual(numberedItems(1, 'again'));
    });

    it.runIf(Boolean(target.openStore))('rekey re-wraps every data key under the new key, resumably; afterwards the old key is not needed', async () => {
      const store = await target.openStore!();
      try {
        const retired = { id: `retired-${randomBytes(3).toString('hex')}`, key: key() };
        const lost = { id: `lost-${randomBytes(3).toString('hex')}`, key: key() };
        const next = { id: `next-${randomBytes(3).toString('hex')}`, key: key() };
        const ids = Array.from({ length: 5 }, () => newId()).sort();
        for (const [i, id] of ids.entries()) {
          await (await session(id, { keys: [i === 3 ? lost : retired] })).addItems(numberedItems(2, `rotated ${i}`));
        }
        // A run missing one session's key stops there with a typed error; what it did stays done.
        const steps: string[] = [];
        const failed = await store
          .rekey!({ keys: [next, retired, current, older], activeKeyId: next.id }, { batchSize: 2, onProgress: (step) => steps.push(step.sessionId) })
          .then(() => undefined, (e: unknown) => e);
        expect(isSessionError(failed, 'ENCRYPTION_KEY'), String(failed)).toBe(true);
        expect((failed as Error).message).toContain(JSON.stringify(lost.id));
        expect(steps).toContain(ids[0]);
        expect(await target.rawKey(ids[0]!)).toMatchObject({ keyId: next.id });
        expect(await target.rawKey(ids[3]!)).toMatchObject({ keyId: lost.id });
        // Rerun with every key: it finishes, and only the new key is needed from then on.
        const result = await store.rekey!({ keys: [next, retired, lost, current, older], activeKeyId: next.id }, { batchSize: 2 });
        expect(result.rekeyed).toBeGreaterThanOrEqual(ids.length - steps.length);
        for (const [i, id] of ids.entries()) {
          expect(await target.rawKey(id)).toMatchObject({ keyId: next.id });
          expect(await (await session(id, { keys: [next] })).getItems()).toEqual(numberedItems(2, `rotated ${i}`));
        }
        expect((await store.rekey!({ keys: [next] })).rekeyed).toBe(0);
      } finally {
        await store.close();
      }
    });

    it.runIf(Boolean(target.openStore))('encrypt turns encryption on for sessions stored in clear, resumably, and reports mixing', async () => {
      const store = await target.openStore!();
      try {
        const marker = `TOENCRYPT${randomBytes(6).toString('hex')}`;
        const ids = Array.from({ length: 3 }, () => newId());
        for (const id of ids) {
          const clear = await session(id);
          await clear.addItems([userMessage(`${marker} ${id}`), assistantMessage(`${marker} reply`)]);
          if (isAdvanced(clear)) await clear.setMetadata({ note: `${marker} metadata` });
        }
        const mixed = newId();
        await (await session(mixed)).addItems([userMessage(`${marker} clear first`)]);
        await (await session(mixed, keys)).addItems([userMessage('encrypted second')]);
        const before = await store.encryptionStatus!();
        expect(before.sessionsWithClearRows).toBeGreaterThanOrEqual(4);
        expect(before.mixedSessions).toBeGreaterThanOrEqual(1);
        expect(await target.storageText()).toContain(marker);
        const result = await store.encrypt!(keys, { batchSize: 2 });
        expect(result.sessions).toBeGreaterThanOrEqual(4);
        const after = await store.encryptionStatus!();
        expect(after.sessionsWithClearRows).toBe(0);
        expect(after.mixedSessions).toBe(0);
        for (const id of ids) {
          const opened = await session(id, keys);
          expect(await opened.getItems()).toEqual([userMessage(`${marker} ${id}`), assistantMessage(`${marker} reply`)]);
          if (isAdvanced(opened)) {
            expect(await opened.getMetadata()).toEqual({ note: `${marker} metadata` });
            expect((await opened.findTurnsByContent(`${marker} ${id}`)).map((turn) => turn.turn)).toEqual([1]);
          }
          await expectKeyError((await session(id)).getItems(), 'current');
        }
        if (target.storageIsLiveRows) {
          // Nothing is left readable in the rows: items, metadata, search text.
          expect((await target.storageText()).toLowerCase()).not.toContain(marker.toLowerCase());
        }
        expect(await (await session(mixed, keys)).getItems()).toEqual([userMessage(`${marker} clear first`), userMessage('encrypted second')]);
        expect((await store.encrypt!(keys)).sessions).toBe(0);
      } finally {
        await store.close();
      }
    });

    it.runIf(Boolean(target.openStore))('archives carry clear items: a store with the keys reads and writes them, one without refuses', async () => {
      const marker = `ARCHIVE${randomBytes(6).toString('hex')}`;
      const id = newId();
      const s = await session(id, keys);
      await s.addItems([userMessage(`archived ${marker}`), assistantMessage('ok')]);
      if (isAdvanced(s)) await s.setMetadata({ note: `meta ${marker}` });
      const store = await target.openStore!(keys);
      const keyless = await target.openStore!();
      try {
        const archive = await store.readArchive(id);
        const main = archive?.branches.find((b) => b.branchId === 'main');
        expect(main?.items.map((item) => JSON.parse(item.data) as unknown)).toEqual([userMessage(`archived ${marker}`), assistantMessage('ok')]);
        if (isAdvanced(s)) expect(archive?.metadata).toEqual({ note: `meta ${marker}` });
        const turns = await store.readTurns(id, 'main', { fromTurn: 1, toTurn: 1 });
        expect(turns.map((item) => JSON.parse(item.data) as unknown)).toEqual([userMessage(`archived ${marker}`), assistantMessage('ok')]);
        if (isAdvanced(s)) {
          // Listings decrypt metadata with the keys; without them it is null, never the envelope.
          const listed = async (from: typeof store) => {
            for (let cursor: string | undefined, page; ; cursor = page.nextCursor) {
              page = await from.listSessions({ limit: 1000, cursor });
              const found = page.sessions.find((summary) => summary.sessionId === id);
              if (found || page.nextCursor === undefined) return found?.metadata;
            }
          };
          expect(await listed(store)).toEqual({ note: `meta ${marker}` });
          expect(await listed(keyless)).toBeNull();
        }
        const refused = await keyless.readArchive(id).then(() => undefined, (e: unknown) => e);
        expect(isSessionError(refused, 'ENCRYPTION_KEY'), String(refused)).toBe(true);
        expect((refused as Error).message).toContain('"current"');
        // Written back under another id by the store with keys: stored encrypted, read with the keys.
        const copy = newId();
        await store.writeArchive({ ...archive!, sessionId: copy });
        expect(await target.rawKey(copy)).toMatchObject({ keyId: 'current' });
        expect(await (await session(copy, keys)).getItems()).toEqual([userMessage(`archived ${marker}`), assistantMessage('ok')]);
        expect((await target.storageText()).toLowerCase()).not.toContain(marker.toLowerCase());
        // The store without keys deletes an encrypted session (no key needed); its key goes with it.
        expect(await keyless.deleteSession(copy)).toBe(true);
        expect(await target.rawKey(copy)).toBeUndefined();
      } finally {
        await store.close();
        await keyless.close();
      }
    });

    it('two objects creating the first data key of one session at once agree on it', async () => {
      const id = newId();
      const objects = await Promise.all(Array.from({ length: 4 }, () => session(id, keys)));
      await Promise.all(objects.map((s, i) => s.addItems([userMessage(`racer ${i}`)])));
      const stored = await (await session(id, keys)).getItems();
      expect(stored).toHaveLength(4);
      expect(stored.map((item) => JSON.stringify(item)).sort()).toEqual(objects.map((_, i) => JSON.stringify(userMessage(`racer ${i}`))).sort());
    });
  });
}
