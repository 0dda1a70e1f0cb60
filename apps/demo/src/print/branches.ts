import type { BranchInfo } from '@sessions/advanced-sqlite';
import { line } from './output.js';
import { renderTable } from './table.js';

/** The branch list: which is current, what each holds and where it came from. */
export function printBranches(branches: readonly BranchInfo[]): void {
  line(
    renderTable(
      ['', 'branch', 'turns', 'items', 'created from'],
      branches.map((b) => [
        b.isCurrent ? '*' : '',
        b.branchId,
        b.userTurns,
        b.messageCount,
        b.parentBranchId === null ? '' : b.fromTurn === null ? `${b.parentBranchId} (whole history)` : `${b.parentBranchId}, turn ${b.fromTurn}`,
      ]),
    ),
  );
}
