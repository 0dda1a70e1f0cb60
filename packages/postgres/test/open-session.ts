import { PostgresSession } from '@sessions/postgres';

/** Sessions on the conformance suite's database, for its child processes (encrypted when keys are passed). */
export function openSession(sessionId: string): PostgresSession {
  const url = process.env.SESSIONS_CONFORMANCE_PG_URL;
  if (!url) throw new Error('SESSIONS_CONFORMANCE_PG_URL is not set');
  const keys = process.env.SESSIONS_CONFORMANCE_ENCRYPTION;
  return PostgresSession.fromUrl(sessionId, { url, ...(keys ? { encryption: JSON.parse(keys) } : {}) });
}
