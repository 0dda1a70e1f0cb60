import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreConformanceSuite } from '@sessions/conformance';
import { openSessionStore } from '@sessions/sqlite';
import { rawStoreReader } from '@sessions/test-servers';

const dir = mkdtempSync(join(tmpdir(), 'sessions-sqlite-store-'));
const path = join(dir, 'store.db');

runStoreConformanceSuite({
  name: 'sqlite (file)',
  openStore: () => openSessionStore(path, { create: true }),
  teardown: async () => rmSync(dir, { recursive: true, force: true }),
  raw: rawStoreReader('sqlite', path),
});
