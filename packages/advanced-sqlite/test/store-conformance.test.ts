import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSessionStore } from '@sessions/advanced-sqlite';
import { runStoreConformanceSuite } from '@sessions/conformance';
import { rawStoreReader } from '@sessions/test-servers';

const dir = mkdtempSync(join(tmpdir(), 'sessions-advanced-store-'));
const path = join(dir, 'store.db');

runStoreConformanceSuite({
  name: 'advanced-sqlite (file)',
  openStore: () => openSessionStore(path, { create: true }),
  teardown: async () => rmSync(dir, { recursive: true, force: true }),
  raw: rawStoreReader('sqlite', path),
});
