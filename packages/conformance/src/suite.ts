import { describe } from 'vitest';
import { Harness, type SuiteMode } from './harness.js';
import { addItemsSpec } from './specs/add-items.js';
import { branchingSpec } from './specs/branching.js';
import { clearSessionSpec } from './specs/clear-session.js';
import { closeSpec } from './specs/close.js';
import { compactionCrashSpec } from './specs/compaction-crash.js';
import { getItemsSpec } from './specs/get-items.js';
import { getSessionIdSpec } from './specs/get-session-id.js';
import { historyRewritesSpec } from './specs/history-rewrites.js';
import { historyTransactionsSpec } from './specs/history-transactions.js';
import { isolationSpec } from './specs/isolation.js';
import { popItemSpec } from './specs/pop-item.js';
import { roundTripSpec } from './specs/round-trip.js';
import { runnerSpec } from './specs/runner.js';
import { runnerScenariosSpec } from './specs/runner-scenarios.js';
import type { ConformanceTarget } from './target.js';

const specs = [
  getSessionIdSpec,
  getItemsSpec,
  addItemsSpec,
  popItemSpec,
  clearSessionSpec,
  closeSpec,
  roundTripSpec,
  isolationSpec,
  runnerSpec,
  historyTransactionsSpec,
  historyRewritesSpec,
  runnerScenariosSpec,
  compactionCrashSpec,
  branchingSpec,
];

function runIn(target: ConformanceTarget, mode: SuiteMode): void {
  const harness = new Harness(target, mode);
  harness.install();
  for (const spec of specs) spec(harness);
}

/**
 * Registers every conformance case for `target` with vitest. Call it at the
 * top level of an adapter's test file, next to the adapter's own cases. With
 * `capabilities.branching`, the whole contract also runs on forked branches.
 */
export function runConformanceSuite(target: ConformanceTarget): void {
  describe(`session conformance: ${target.name}`, () => {
    runIn(target, 'plain');
  });
  if (target.capabilities?.branching) {
    describe(`session conformance on a branch: ${target.name}`, () => {
      runIn(target, 'branch');
    });
  }
}
