import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSessionStore } from '@sessions/advanced-sqlite';
import { runStoreConformanceSuite } from '@sessions/conformance';
import { rawDecryptingStoreReader, TEST_ENCRYPTION } from '@sessions/test-servers';

const dir = mkdtempSync(join(tmpdir(), 'sessions-advanced-store-encrypted-'));
const path = join(dir, 'store.db');

/** The store contract with encryption at rest on: the raw reads decrypt what they read from the tables. */
runStoreConformanceSuite({
  name: 'advanced-sqlite (file, encrypted)',
  openStore: () => openSessionStore(path, { create: true, encryption: TEST_ENCRYPTION }),
  teardown: async () => rmSync(dir, { recursive: true, force: true }),
  raw: rawDecryptingStoreReader('sqlite', path),
  encryptedMetadata: true,
});
