import { branchingSpec } from './specs/branching.js';
import { compactionSpec } from './specs/compaction.js';
import { historyCapabilitiesSpec } from './specs/history-capabilities.js';
import { seed000Spec } from './specs/seed-000.js';
import { seed002Spec } from './specs/seed-002.js';
import { sessionsAndMetadataSpec } from './specs/sessions-and-metadata.js';
import { usageSpec } from './specs/usage.js';
import { usageAcrossProcessesSpec } from './specs/usage-across-processes.js';
import type { AdvancedConformanceTarget } from './target.js';

const specs = [
  branchingSpec,
  usageSpec,
  usageAcrossProcessesSpec,
  historyCapabilitiesSpec,
  compactionSpec,
  sessionsAndMetadataSpec,
  seed000Spec,
  seed002Spec,
];

/**
 * Registers the advanced cases (branches, usage and cost, the runner's
 * history capabilities and compaction, structured queries, metadata, listing
 * and deleting sessions, and every example of the two seed documents with the
 * real runner) for an advanced store. Each case gets a fresh store from
 * `target.newStore()`; the cases that need child processes run when the
 * target has `processes`.
 */
export function runAdvancedConformanceSuite(target: AdvancedConformanceTarget): void {
  for (const spec of specs) spec(target);
}
