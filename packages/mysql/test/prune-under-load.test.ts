import { pruneUnderLoad } from '@sessions/conformance';
import { openSessionStore } from '@sessions/mysql';
import { createThrowawayDatabase, registerWithServer, type ThrowawayDatabase } from '@sessions/test-servers';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, expect, it } from 'vitest';

const SESSIONS = 100_000;
const EXPIRED = SESSIONS / 10;
let database: ThrowawayDatabase | undefined;

await registerWithServer('mysql', 'prune under load: mysql', () => {
  beforeAll(async () => {
    database = await createThrowawayDatabase('mysql', 'prune_load');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('a prune of 100,000 sessions (10% expired) takes exactly the expired ones while another process keeps writing', { timeout: 120_000 }, async () => {
    const url = database!.url;
    const store = await openSessionStore(url);
    const connection = await createConnection({ uri: url });
    try {
      await store.migrate();
      // Filled directly: one item each; every tenth session expired an hour ago.
      await connection.query(`SET SESSION max_recursive_iterations = ${SESSIONS + 10}`).catch(() => {});
      await connection.query(`SET SESSION cte_max_recursion_depth = ${SESSIONS + 10}`).catch(() => {});
      await connection.query(
        `INSERT INTO agent_sessions (session_id, owner, expires_at, created_at, updated_at)
         WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${SESSIONS - 1})
         SELECT IF(i % 10 = 0, CONCAT('expired-', i DIV 10), CONCAT('live-', i - i DIV 10 - 1)), CONCAT('tenant-', i % 7),
                IF(i % 10 = 0, UTC_TIMESTAMP(3) - INTERVAL 1 HOUR, NULL), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)
         FROM n`,
      );
      await connection.query(`INSERT INTO agent_messages (session_id, message_data) SELECT session_id, '{"role":"user","content":"an item"}' FROM agent_sessions`);

      const figures = await pruneUnderLoad({
        store,
        adapterModule: new URL('./fixtures/open-store.ts', import.meta.url),
        url,
        livePrefix: 'live',
        liveCount: SESSIONS - EXPIRED,
      });
      console.log(
        `mysql: pruned ${figures.result.sessions} sessions (${figures.result.items} items) in ${figures.result.batches} batches, ${figures.pruneMs} ms; ` +
          `live writes ${figures.liveWrites} (${figures.liveWritesDuringPrune} during the prune), failures ${figures.liveFailures}`,
      );
      expect(figures.failureMessages).toEqual([]);
      expect(figures.liveFailures).toBe(0);
      expect(figures.result).toMatchObject({ sessions: EXPIRED, items: EXPIRED, dryRun: false, batches: EXPIRED / 500 });
      expect(figures.liveWritesDuringPrune).toBeGreaterThan(0);

      const count = async (sql: string) => Number((await connection.query<RowDataPacket[]>(sql))[0][0]!.n);
      expect(await count(`SELECT COUNT(*) AS n FROM agent_sessions WHERE session_id LIKE 'expired-%'`)).toBe(0);
      expect(await count(`SELECT COUNT(*) AS n FROM agent_messages WHERE session_id LIKE 'expired-%'`)).toBe(0);
      expect(await count(`SELECT COUNT(*) AS n FROM agent_sessions WHERE session_id LIKE 'live-%'`)).toBe(SESSIONS - EXPIRED);
      expect(await count(`SELECT COUNT(*) AS n FROM agent_messages WHERE session_id LIKE 'live-%'`)).toBe(SESSIONS - EXPIRED + figures.liveWrites);
    } finally {
      await connection.end();
      await store.close();
    }
  });
});
