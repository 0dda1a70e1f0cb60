/**
 * Errors that mean "the server is restarting, ask again": other packages' tests
 * restart the shared local servers while this run is using them.
 */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'PROTOCOL_CONNECTION_LOST',
  'ER_SERVER_SHUTDOWN',
  '57P01', // PostgreSQL admin_shutdown
  '57P03', // PostgreSQL cannot_connect_now (starting up)
]);

export function isTransientConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

/** Runs `step`, trying again every 500 ms while it fails transiently, for up to `retryForMs`. */
export async function retryWhileRefused<T>(step: () => Promise<T>, retryForMs: number): Promise<T> {
  const deadline = Date.now() + retryForMs;
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (!isTransientConnectionError(error) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
