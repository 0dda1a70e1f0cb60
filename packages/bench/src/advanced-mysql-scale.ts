// BENCHMARK.md W5 (branch scale) and W6 (store listing scale) on AdvancedMySQLSession.
import { AdvancedMySQLSession, migrate, openSessionStore } from '@sessions/mysql';
import { createThrowawayDatabase } from '@sessions/test-servers';
import { createPool, type Pool } from 'mysql2/promise';
import type { ResultRow } from './report.js';
import { median, timeIt } from './timing.js';
import { runBranchScale } from './branch-scale.js';

const NAME = '@sessions/mysql (advanced)';
const W6_SIZES = [1_000, 100_000] as const;
const W6_OWNERS = 10;
const W6_REPEATS = 31;

async function freshPool(label: string): Promise<{ pool: Pool; url: string; drop(): Promise<void> }> {
  const database = await createThrowawayDatabase('mysql', label);
  await migrate({ url: database.url });
  const pool = createPool({ uri: database.url, connectionLimit: 4 });
  return {
    pool,
    url: database.url,
    drop: async () => {
      await pool.end();
      await database.drop();
    },
  };
}

/** W5 (see branch-scale.ts) on one fresh database. */
async function w5(): Promise<ResultRow[]> {
  const db = await freshPool('bench_advw5');
  try {
    return await runBranchScale(NAME, { open: (id) => new AdvancedMySQLSession(id, { pool: db.pool }) }, { creation: 1.2, reads: 1.3 });
  } finally {
    await db.drop();
  }
}

/** `count` sessions in one statement (a recursive CTE), owners round-robin, updated_at one millisecond apart. */
async function fillSessions(pool: Pool, count: number): Promise<void> {
  const connection = await pool.getConnection();
  try {
    // Both servers stop recursive CTEs early unless told otherwise, each through a variable of its own.
    await connection.query('SET SESSION cte_max_recursion_depth = 1000000').catch(() => {});
    await connection.query('SET SESSION max_recursive_iterations = 1000000').catch(() => {});
    await connection.query(
      `INSERT INTO agent_sessions (session_id, owner, created_at, updated_at)
       WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       SELECT CONCAT('w6-', i), CONCAT('owner-', i % ?), UTC_TIMESTAMP(3) - INTERVAL ? SECOND, UTC_TIMESTAMP(3) - INTERVAL (? - i) * 1000 MICROSECOND FROM n`,
      [count - 1, W6_OWNERS, count, count],
    );
  } finally {
    connection.release();
  }
}

/**
 * W6 extended: the first page (50) of the store's `listSessions`, unfiltered
 * and by owner, with 1,000 and with 100,000 sessions in the store; the
 * sizes alternate, W6_REPEATS times, medians.
 */
async function w6(): Promise<ResultRow[]> {
  const dbs = await Promise.all(W6_SIZES.map((n) => freshPool(`bench_advw6_${n}`)));
  try {
    for (const [i, n] of W6_SIZES.entries()) await fillSessions(dbs[i]!.pool, n);
    const stores = await Promise.all(dbs.map((db) => openSessionStore(db.url)));
    try {
      const rows: ResultRow[] = [];
      for (const [label, options] of [
        ['unfiltered', {}],
        ['by owner', { owner: 'owner-7' }],
      ] as const) {
        const times = W6_SIZES.map(() => [] as number[]);
        for (const store of stores) await store.listSessions({ ...options, limit: 50 });
        for (let r = 0; r < W6_REPEATS; r++) {
          for (let k = 0; k < stores.length; k++) {
            const i = (r + k) % stores.length;
            times[i]!.push(
              await timeIt(async () => {
                const page = await stores[i]!.listSessions({ ...options, limit: 50 });
                if (page.sessions.length !== 50) throw new Error(`W6 listed ${page.sessions.length} sessions`);
              }),
            );
          }
        }
        const small = median(times[0]!);
        const large = median(times[1]!);
        rows.push({
          target: NAME,
          phase: `W6 store listSessions first page, ${label}, 100,000 sessions`,
          packageMs: large,
          floor: 'same at 1,000 sessions',
          floorMs: small,
          ratio: large / small,
          limit: 2,
        });
      }
      return rows;
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  } finally {
    await Promise.all(dbs.map((db) => db.drop()));
  }
}

/** W5 and W6 rows in the harness's table format. */
export async function advancedMySQLScaleRows(): Promise<ResultRow[]> {
  return [...(await w5()), ...(await w6())];
}
