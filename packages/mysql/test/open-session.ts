import { MySQLSession } from '@sessions/mysql';

/** Sessions on the conformance suite's database, for its child processes. */
export function openSession(sessionId: string): MySQLSession {
  const url = process.env.SESSIONS_CONFORMANCE_MYSQL_URL;
  if (!url) throw new Error('SESSIONS_CONFORMANCE_MYSQL_URL is not set');
  return MySQLSession.fromUrl(sessionId, { url });
}
