import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { isSessionError } from '@sessions/core';
import { numberedItems, userMessage } from '@sessions/conformance';
import { PostgresSession } from '@sessions/postgres';
import { postgresServerUrl as serverUrl, requireServer } from '@sessions/test-servers';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigratedDatabase, testPool, type TestDatabase } from './database.js';

const run = promisify(execFile);
const serverAvailable = await requireServer('postgres', 'the @sessions/postgres lost-connection tests');

/** The local Debian cluster to restart, when this process may restart it. */
function localCluster(): string[] | undefined {
  const host = new URL(serverUrl).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) return undefined;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/pg_ctlcluster') || !existsSync('/etc/postgresql')) return undefined;
  const version = readdirSync('/etc/postgresql').find((v) => existsSync(`/etc/postgresql/${v}/main`));
  return version === undefined ? undefined : ['--skip-systemctl-redirect', version, 'main'];
}

const cluster = serverAvailable ? localCluster() : undefined;
if (serverAvailable && !cluster) {
  console.warn('\n!!! SKIPPING the real server restart case: needs root and a local pg_ctlcluster cluster; the killed-backend cases still run. !!!\n');
}

/** Stops and starts the server; pg_ctlcluster returns once it accepts connections again. */
async function restartServer(): Promise<void> {
  await run('pg_ctlcluster', [...cluster!, 'restart'], { timeout: 60_000 });
}

/**
 * Holds an exclusive lock on agent_messages from another connection, so a session
 * call blocks inside the server: a call that is really in flight when the connection dies.
 */
async function blockMessages(url: string): Promise<pg.Client> {
  const blocker = new pg.Client({ connectionString: url, application_name: 'restart-test-blocker' });
  blocker.on('error', () => {});
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query('LOCK TABLE agent_messages IN ACCESS EXCLUSIVE MODE');
  return blocker;
}

/** Pid of the session connection waiting on that lock. */
async function waitingBackend(observer: pg.Pool, database: string): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { rows } = await observer.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND application_name = 'sessions-postgres'`,
      [database],
    );
    if (rows[0]) return rows[0].pid;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the session call never started waiting on the lock');
}

const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

describe.runIf(serverAvailable)('PostgresSession after a lost connection', () => {
  let database: TestDatabase;
  let observer: pg.Pool;

  beforeAll(async () => {
    database = await createMigratedDatabase('restart');
    observer = testPool(database.url);
  });
  afterAll(async () => {
    await observer?.end();
    await database?.drop();
  });

  it.runIf(cluster !== undefined)(
    'a server restart fails the call in flight with CONNECTION_LOST; the next calls on the same object succeed',
    async () => {
      const session = PostgresSession.fromUrl('restart-in-flight', { url: database.url });
      const before = numberedItems(3, 'before restart');
      await session.addItems(before);

      const blocker = await blockMessages(database.url);
      const inFlight = rejection(session.getItems());
      await waitingBackend(observer, database.name);
      await restartServer();

      const error = await inFlight;
      expect(isSessionError(error, 'CONNECTION_LOST'), String(error)).toBe(true);
      expect((error as Error).message).toContain('getItems');
      expect((error as Error).message).toContain('restart-in-flight');
      await blocker.end().catch(() => {});

      expect(await session.getItems()).toEqual(before);
      await session.addItems([userMessage('after restart')]);
      expect(await session.getItems()).toEqual([...before, userMessage('after restart')]);
      await session.close();
    },
    90_000,
  );

  it.runIf(cluster !== undefined)(
    'a restart between two calls leaves a session on a user pool working, and the process does not crash',
    async () => {
      const pool = testPool(database.url, { application_name: 'sessions-postgres' });
      const session = new PostgresSession('restart-between', { pool });
      await session.addItems([userMessage('one')]);
      await Promise.all([session.getItems(), session.getItems(), session.getItems()]); // several idle connections now
      await restartServer();
      await session.addItems([userMessage('two')]);
      expect(await session.getItems()).toEqual([userMessage('one'), userMessage('two')]);
      await session.close();
      await pool.end();
    },
    90_000,
  );

  it('a killed backend fails the call in flight with CONNECTION_LOST; the next call succeeds', async () => {
    const session = PostgresSession.fromUrl('killed-in-flight', { url: database.url });
    await session.addItems([userMessage('kept')]);
    const blocker = await blockMessages(database.url);
    const inFlight = rejection(session.addItems([userMessage('in flight')]));
    const pid = await waitingBackend(observer, database.name);
    await observer.query('SELECT pg_terminate_backend($1)', [pid]);
    const error = await inFlight;
    expect(isSessionError(error, 'CONNECTION_LOST'), String(error)).toBe(true);
    await blocker.query('ROLLBACK');
    await blocker.end();

    // The write was on the killed connection and never committed.
    expect(await session.getItems()).toEqual([userMessage('kept')]);
    await session.addItems([userMessage('after')]);
    expect(await session.getItems()).toEqual([userMessage('kept'), userMessage('after')]);
    await session.close();
  });

  it('killing every idle connection of the pool between two calls costs the next call nothing', async () => {
    const session = PostgresSession.fromUrl('killed-idle', { url: database.url });
    await Promise.all([session.addItems([userMessage('a')]), session.getItems(), session.getItems()]);
    await observer.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'sessions-postgres' AND pid <> pg_backend_pid()`,
      [database.name],
    );
    await new Promise((r) => setTimeout(r, 100)); // the pool drops the dead connections as their sockets close
    expect(await session.getItems()).toEqual([userMessage('a')]);
    await session.close();
  });
});
