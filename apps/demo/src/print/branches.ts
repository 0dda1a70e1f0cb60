import type { BranchSummary } from '../stores/capabilities.js';
import { line } from './output.js';
import { renderTable } from './table.js';

export function printBranches(branches: readonly BranchSummary[]): void {
  line(renderTable(['branch', 'current'], branches.map((b) => [b.branchId, b.isCurrent ? '*' : ''])));
}
