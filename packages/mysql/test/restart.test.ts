import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isSessionError } from '@sessions/core';
import { userMessage } from '@sessions/conformance';
import { MySQLSession } from '@sessions/mysql';
import { mysqlServerUrl as serverUrl, registerWithServer, unreachableReason } from '@sessions/test-servers';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, migrateWithBinary, rootConnection, type TestDatabase } from './mysql-server.js';

const MARIADBD = '/usr/sbin/mariadbd';
const server = new URL(serverUrl);
const isLocal = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(server.hostname);
const restartProblem = !isLocal
  ? `the server at ${server.hostname} is not local`
  : !existsSync(MARIADBD)
    ? `${MARIADBD} is not installed here`
    : process.getuid?.() !== 0
      ? 'restarting mariadbd needs root'
      : undefined;
if (restartProblem) console.warn(`\n*** SKIPPING the server restart case: ${restartProblem}; the KILL case still runs ***\n`);

function adminArgs(): string[] {
  const args = ['-h', server.hostname, '-P', server.port || '3306', `-u${decodeURIComponent(server.username || 'root')}`];
  if (server.password) args.push(`-p${decodeURIComponent(server.password)}`);
  return args;
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid file of the server under test, read before it is stopped. */
let serverPidFile = '/run/mysqld/mysqld.pid';

async function startServer(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await unreachableReason('mysql', { retryForMs: 0 })) !== undefined) {
    if (Date.now() > deadline) throw new Error('the server did not answer within 60s of being started');
    // --oknodo: a no-op while this server is still running (e.g. still shutting down); tried again until one answers.
    // --pidfile: other mariadbd processes (the nodes of a Galera cluster) must not count as this server.
    execFileSync('start-stop-daemon', ['--start', '--oknodo', '--background', '--pidfile', serverPidFile, '--exec', MARIADBD], { stdio: 'pipe' });
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Shuts the server down and waits until its process has exited. */
async function stopServer(): Promise<void> {
  const admin = await rootConnection();
  const [rows] = await admin.query<RowDataPacket[]>('SELECT @@pid_file AS file');
  await admin.end();
  serverPidFile = String(rows[0]!.file);
  const pid = Number(readFileSync(serverPidFile, 'utf8').trim());
  execFileSync('mysqladmin', [...adminArgs(), 'shutdown'], { stdio: 'pipe' });
  await waitFor(async () => !isRunning(pid), `mariadbd (pid ${pid}) to exit`);
}

/** A raw connection holding the session row's lock, so the adapter's next write waits on it (in flight). */
async function holdSessionRow(database: TestDatabase, sessionId: string): Promise<Connection> {
  const locker = await rootConnection();
  locker.on('error', () => {}); // it dies with the server; that is expected
  await locker.query(`USE \`${database.name}\``);
  await locker.query('START TRANSACTION');
  await locker.query('SELECT * FROM agent_sessions WHERE session_id = ? FOR UPDATE', [sessionId]);
  return locker;
}

async function blockedConnectionId(observer: Connection, database: TestDatabase): Promise<number | undefined> {
  const [rows] = await observer.query<RowDataPacket[]>(
    "SELECT id FROM information_schema.processlist WHERE db = ? AND info LIKE 'INSERT INTO `agent_sessions`%'",
    [database.name],
  );
  return rows[0]?.id as number | undefined;
}

await registerWithServer('mysql', 'MySQLSession lost connection', () => {
  describe('MySQLSession lost connection', () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase();
      migrateWithBinary(database.url);
    });
    afterAll(async () => {
      if (!restartProblem) await startServer();
      await database?.drop();
    });

    it('a connection killed mid-call: that call fails with CONNECTION_LOST, the next succeeds on the same session, nothing half-written', async () => {
      const session = MySQLSession.fromUrl('killed', { url: database.url });
      await session.addItems([userMessage('before')]);
      const locker = await holdSessionRow(database, 'killed');
      const observer = await rootConnection();
      try {
        const inFlight = session.addItems([userMessage('in flight 1'), userMessage('in flight 2')]).then(
          () => undefined,
          (e: unknown) => e,
        );
        let id: number | undefined;
        await waitFor(async () => (id = await blockedConnectionId(observer, database)) !== undefined, 'the write to wait on the lock', 10_000);
        await observer.query(`KILL CONNECTION ${id}`);
        const error = await inFlight;
        expect(isSessionError(error, 'CONNECTION_LOST'), String(error)).toBe(true);
        expect((error as Error).message).toMatch(/addItems lost its connection/);
        await locker.query('ROLLBACK');

        expect(await session.getItems()).toEqual([userMessage('before')]);
        await session.addItems([userMessage('after')]);
        expect(await session.getItems()).toEqual([userMessage('before'), userMessage('after')]);
      } finally {
        await locker.end().catch(() => {});
        await observer.end();
        await session.close();
      }
    });

    it.skipIf(restartProblem !== undefined)(
      'a server restart: the call in flight fails with CONNECTION_LOST, the next calls succeed without recreating the session',
      async () => {
        const session = MySQLSession.fromUrl('restarted', { url: database.url });
        await session.addItems([userMessage('before restart')]);
        const locker = await holdSessionRow(database, 'restarted');
        const observer = await rootConnection();
        const inFlight = session.addItems([userMessage('in flight')]).then(
          () => undefined,
          (e: unknown) => e,
        );
        await waitFor(async () => (await blockedConnectionId(observer, database)) !== undefined, 'the write to wait on the lock', 10_000);
        await observer.end();
        try {
          await stopServer();
          const error = await inFlight;
          expect(isSessionError(error, 'CONNECTION_LOST'), String(error)).toBe(true);
          expect((error as Error).message).toContain('"restarted"');
          // While the server is down, calls fail the same clear way.
          const down = await session.getItems().catch((e: unknown) => e);
          expect(isSessionError(down, 'CONNECTION_LOST'), String(down)).toBe(true);
        } finally {
          await locker.end().catch(() => {});
          await startServer();
        }
        expect(await session.getItems()).toEqual([userMessage('before restart')]);
        await session.addItems([userMessage('after restart')]);
        expect(await session.getItems()).toEqual([userMessage('before restart'), userMessage('after restart')]);

        // Restarted again while idle, between two calls: the pool drops its dead connections and the next call works.
        await stopServer();
        await startServer();
        expect(await session.popItem()).toEqual(userMessage('after restart'));
        expect(await session.getItems()).toEqual([userMessage('before restart')]);
        await session.close();
      },
      120_000,
    );
  });
});
