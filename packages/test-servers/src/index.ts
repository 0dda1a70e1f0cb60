export { postgresServerUrl, mysqlServerUrl, galeraNodeUrls, serverUrl, serverUrls, serverUrlVariable, serverName, serverHint, withDatabase, type Dialect } from './server-urls.js';
export { redactUrl } from '@sessions/core';
export { retryWhileRefused, isTransientConnectionError } from './retry-refused.js';
export { runOnServer, runOnMySQL, type RunOnServerOptions } from './run-on-server.js';
export { galeraNodeStatus, galeraClusterProblem, type GaleraNodeStatus } from './galera-status.js';
export { unreachableReason, type ProbeOptions } from './probe.js';
export { createThrowawayDatabase, type ThrowawayDatabase } from './throwaway-database.js';
export { requireServer } from './require-server.js';
export { registerWithServer } from './register-with-server.js';
