import { isSessionError } from '@sessions/core';
import { AdvancedPostgresSession } from '@sessions/postgres';
import { requireServer } from '@sessions/test-servers';
import { drizzle } from 'drizzle-orm/node-postgres';
import { describe, expect, it } from 'vitest';
import { useAdvancedDatabase, user } from './support/advanced.js';

const serverAvailable = await requireServer('postgres', 'AdvancedPostgresSession options');

const errorOf = (make: () => unknown) => {
  try {
    make();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe.runIf(serverAvailable)('AdvancedPostgresSession options', () => {
  const db = useAdvancedDatabase('adv_options');

  it('works on a Drizzle database, on a pool and from a URL, and close() ends only a pool it opened', async () => {
    const viaDrizzle = db.track(new AdvancedPostgresSession('opts', { db: drizzle(db.pool()) }));
    await viaDrizzle.addItems([user('one')]);
    const viaUrl = AdvancedPostgresSession.fromUrl('opts', { url: db.url() });
    expect(await viaUrl.getItems()).toEqual([user('one')]);
    await viaUrl.close();
    expect(viaUrl.pool.ended).toBe(true);
    await viaDrizzle.close();
    expect((await db.pool().query('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
  });

  it.each([
    ['no pool, db or url', {}],
    ['two of them', { url: 'postgres://localhost/x', pool: {} }],
    ['a URL of another database', { url: 'mysql://localhost/x' }],
    ['createTables that is not a boolean', { url: 'postgres://localhost/x', createTables: 'yes' }],
    ['an empty owner', { url: 'postgres://localhost/x', owner: '' }],
    ['a negative price', { url: 'postgres://localhost/x', prices: { m: { input: -1, output: 1 } } }],
  ])('refuses %s with INVALID_ARGUMENT before opening anything', (_, options) => {
    const error = errorOf(() => new AdvancedPostgresSession('opts', options as never));
    expect(isSessionError(error, 'INVALID_ARGUMENT')).toBe(true);
  });

  it('an unmigrated database is MIGRATION_FAILED naming the fix, unless createTables', async () => {
    const url = new URL(db.url());
    await db.pool().query('CREATE DATABASE ' + url.pathname.slice(1) + '_bare');
    url.pathname += '_bare';
    try {
      const bare = AdvancedPostgresSession.fromUrl('opts', { url: url.toString() });
      const error = await bare.getItems().catch((e: unknown) => e);
      expect(isSessionError(error, 'MIGRATION_FAILED')).toBe(true);
      expect(String(error)).toMatch(/sessions-postgres migrate/);
      await bare.close();
      const created = AdvancedPostgresSession.fromUrl('opts', { url: url.toString(), createTables: true });
      await created.addItems([user('made')]);
      expect(await created.getItems()).toEqual([user('made')]);
      await created.close();
    } finally {
      await db.pool().query('DROP DATABASE ' + url.pathname.slice(1) + ' WITH (FORCE)');
    }
  });
});
