import { runConformanceSuite } from '@sessions/conformance';
import { MemorySession, MemorySessionStore } from '@sessions/core';

let store = new MemorySessionStore();

runConformanceSuite({
  name: 'MemorySession',
  setup: async () => {
    store = new MemorySessionStore();
  },
  createSession: (sessionId, options) => new MemorySession(sessionId, { ...options, store }),
  capabilities: { historyCapabilities: true },
});
