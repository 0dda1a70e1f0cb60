import { pruneUnderLoad } from '@sessions/conformance';
import { openSessionStore } from '@sessions/postgres';
import { createThrowawayDatabase, registerWithServer, type ThrowawayDatabase } from '@sessions/test-servers';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';

const SESSIONS = 100_000;
const EXPIRED = SESSIONS / 10;
let database: ThrowawayDatabase | undefined;

await registerWithServer('postgres', 'prune under load: postgres', () => {
  beforeAll(async () => {
    database = await createThrowawayDatabase('postgres', 'prune_load');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('a prune of 100,000 sessions (10% expired) takes exactly the expired ones while another process keeps writing', { timeout: 120_000 }, async () => {
    const url = database!.url;
    const store = await openSessionStore(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await store.migrate();
      // Filled directly: one item each; every tenth session expired an hour ago.
      await client.query(
        `INSERT INTO agent_sessions (session_id, owner, expires_at)
         SELECT CASE WHEN i % 10 = 0 THEN 'expired-' || (i / 10) ELSE 'live-' || (i - i / 10 - 1) END, 'tenant-' || (i % 7),
                CASE WHEN i % 10 = 0 THEN now() - interval '1 hour' END
         FROM generate_series(0, $1 - 1) AS i`,
        [SESSIONS],
      );
      await client.query(`INSERT INTO agent_messages (session_id, message_data) SELECT session_id, '{"role":"user","content":"an item"}' FROM agent_sessions`);
      await client.query('ANALYZE');

      const figures = await pruneUnderLoad({
        store,
        adapterModule: new URL('./fixtures/open-store.ts', import.meta.url),
        url,
        livePrefix: 'live',
        liveCount: SESSIONS - EXPIRED,
      });
      console.log(
        `postgres: pruned ${figures.result.sessions} sessions (${figures.result.items} items) in ${figures.result.batches} batches, ${figures.pruneMs} ms; ` +
          `live writes ${figures.liveWrites} (${figures.liveWritesDuringPrune} during the prune), failures ${figures.liveFailures}`,
      );
      expect(figures.failureMessages).toEqual([]);
      expect(figures.liveFailures).toBe(0);
      expect(figures.result).toMatchObject({ sessions: EXPIRED, items: EXPIRED, dryRun: false, batches: EXPIRED / 500 });
      expect(figures.liveWritesDuringPrune).toBeGreaterThan(0);

      const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
      expect(await count(`SELECT count(*) AS n FROM agent_sessions WHERE session_id LIKE 'expired-%'`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM agent_messages WHERE session_id LIKE 'expired-%'`)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM agent_sessions WHERE session_id LIKE 'live-%'`)).toBe(SESSIONS - EXPIRED);
      expect(await count(`SELECT count(*) AS n FROM agent_messages WHERE session_id LIKE 'live-%'`)).toBe(SESSIONS - EXPIRED + figures.liveWrites);
    } finally {
      await client.end();
      await store.close();
    }
  });
});
