export { postgresServerUrl, mysqlServerUrl, serverUrl, serverUrlVariable, serverName, withDatabase, type Dialect } from './server-urls.js';
export { redactUrl } from '@sessions/core';
export { retryWhileRefused, isTransientConnectionError } from './retry-refused.js';
export { runOnServer, type RunOnServerOptions } from './run-on-server.js';
export { unreachableReason, type ProbeOptions } from './probe.js';
export { createThrowawayDatabase, type ThrowawayDatabase } from './throwaway-database.js';
export { requireServer } from './require-server.js';
export { registerWithServer } from './register-with-server.js';
export { rawSessions, rawMessages, rawStoreReader, type RawKind, type RawSession, type RawMessage } from './raw-tables.js';
