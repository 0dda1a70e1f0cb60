import { MySQLSession } from '@sessions/mysql';

/** Sessions on the conformance suite's database, for its child processes (encrypted when keys are passed). */
export function openSession(sessionId: string): MySQLSession {
  const url = process.env.SESSIONS_CONFORMANCE_MYSQL_URL;
  if (!url) throw new Error('SESSIONS_CONFORMANCE_MYSQL_URL is not set');
  const keys = process.env.SESSIONS_CONFORMANCE_ENCRYPTION;
  return MySQLSession.fromUrl(sessionId, { url, ...(keys ? { encryption: JSON.parse(keys) } : {}) });
}
