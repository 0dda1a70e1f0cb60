import { describe } from 'vitest';
import { StoreHarness } from './store-harness.js';
import { deleteSessionSpec } from './store-specs/delete-session.js';
import { listSessionsSpec } from './store-specs/list-sessions.js';
import { migrateSpec } from './store-specs/migrate.js';
import { openSessionSpec } from './store-specs/open-session.js';
import { pruneBranchesSpec } from './store-specs/prune-branches.js';
import { pruneSessionsSpec } from './store-specs/prune-sessions.js';
import { sessionExpirySpec } from './store-specs/session-expiry.js';
import { readArchiveSpec } from './store-specs/read-archive.js';
import { readTurnsSpec } from './store-specs/read-turns.js';
import { writeArchiveSpec } from './store-specs/write-archive.js';
import type { StoreConformanceTarget } from './store-target.js';

const specs = [migrateSpec, openSessionSpec, listSessionsSpec, deleteSessionSpec, readArchiveSpec, writeArchiveSpec, readTurnsSpec, sessionExpirySpec, pruneSessionsSpec, pruneBranchesSpec];

/**
 * Registers the store-contract cases (`SessionStore` of `@sessions/core`)
 * for `target` with vitest: listing, paging and filters, delete, archive
 * round trips, conflicts and refusals, migrations, turn ranges and usage
 * sums, session expiry and prune. Cases for branches,
 * usage and metadata run when the store says it is advanced.
 */
export function runStoreConformanceSuite(target: StoreConformanceTarget): void {
  describe(`store conformance: ${target.name}`, () => {
    const harness = new StoreHarness(target);
    harness.install();
    for (const spec of specs) spec(harness);
  });
}
