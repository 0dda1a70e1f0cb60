import { unreachableReason } from './probe.js';
import { redactUrl } from '@sessions/core';
import { serverHint, serverName, serverUrls, type Dialect } from './server-urls.js';

/**
 * Whether the dialect's server answers. When it does not, `suite` is skipped
 * with a loud warning saying why, except under CI=true, where the servers are
 * started for the run and a skip would hide a break: there it throws.
 */
export async function requireServer(dialect: Dialect, suite: string): Promise<boolean> {
  const reason = await unreachableReason(dialect);
  if (reason === undefined) return true;
  const what = `${serverName(dialect)} at ${serverUrls(dialect).map(redactUrl).join(', ')} is unreachable (${reason})`;
  if (process.env.CI === 'true') throw new Error(`${what}; under CI=true this is a failure, not a skip`);
  console.warn(`\n!!! SKIPPING ${suite}: ${what}. ${serverHint(dialect)}. !!!\n`);
  return false;
}
