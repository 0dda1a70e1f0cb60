import { describe, expect, it } from 'vitest';
import type { StoreHarness } from '../store-harness.js';

export function migrateSpec(h: StoreHarness): void {
  describe('migrate and pendingMigrations', () => {
    it('applies nothing the second time, and nothing is pending after', async () => {
      expect(await h.store.migrate()).toEqual([]);
      expect(await h.store.pendingMigrations()).toEqual([]);
      const other = await h.target.openStore();
      try {
        expect(await other.pendingMigrations()).toEqual([]);
        expect(await other.migrate()).toEqual([]);
      } finally {
        await other.close();
        await other.close();
      }
    });
  });
}
