import type { BranchView, SessionOverview } from '../../../src/ui/api-types.js';
import { formatCost, formatCount, plural, shortId } from '../format.js';
import { sessionHref } from '../router.js';

const ROW = 46;
const TOP = 14;
const LABEL_X = 12;
const TRACK_LEFT = 330;
const TRACK_RIGHT = 940;
const WIDTH = 960;

interface Placed {
  branch: BranchView;
  row: number;
  /** Turns it shares with its parent: where its own line starts. */
  fork: number;
  parentRow: number | undefined;
}

/** Branches in tree order (each after its parent, main first) with their fork points. */
function place(branches: BranchView[]): Placed[] {
  const byParent = new Map<string | null, BranchView[]>();
  const known = new Set(branches.map((b) => b.branchId));
  for (const b of branches) {
    const parent = b.parentBranchId !== null && known.has(b.parentBranchId) && b.branchId !== 'main' ? b.parentBranchId : b.branchId === 'main' ? null : 'main';
    byParent.set(parent, [...(byParent.get(parent) ?? []), b]);
  }
  const placed: Placed[] = [];
  const rows = new Map<string, number>();
  const visit = (b: BranchView, parent: BranchView | undefined) => {
    const row = placed.length;
    rows.set(b.branchId, row);
    const turns = b.turns ?? 0;
    // A branch made from turn n holds turns 1..n-1 of its parent; a whole-history fork holds what the parent had (at most).
    const fork = parent === undefined ? 0 : b.fromTurn !== null ? b.fromTurn - 1 : Math.min(parent.turns ?? 0, turns);
    placed.push({ branch: b, row, fork, parentRow: parent ? rows.get(parent.branchId) : undefined });
    for (const child of byParent.get(b.branchId) ?? []) visit(child, b);
  };
  for (const root of byParent.get(null) ?? []) visit(root, undefined);
  return placed;
}

function describe(b: BranchView, parent: string | null): string {
  const parts = [b.turns === null ? plural(b.items, 'item') : `${plural(b.turns, 'turn')} · ${plural(b.items, 'item')}`];
  if (b.usage && b.usage.runs > 0) parts.push(b.usage.unpricedRuns > 0 && b.usage.cost === 0 ? 'unpriced' : formatCost(b.usage.cost));
  if (parent !== null) parts.push(b.fromTurn !== null ? `from turn ${b.fromTurn} of ${shortId(parent, 16)}` : `fork of ${shortId(parent, 16)}`);
  return parts.join(' · ');
}

/** The branch tree as a picture: one lane per branch over a turn axis, forks drawn at their turn, the branch shown marked. */
export function BranchTree({ session, selected }: { session: SessionOverview; selected: string }) {
  const placed = place(session.branches);
  const maxTurn = Math.max(1, ...session.branches.map((b) => b.turns ?? 0));
  const x = (turn: number) => TRACK_LEFT + (turn / maxTurn) * (TRACK_RIGHT - TRACK_LEFT);
  const y = (row: number) => TOP + row * ROW + 18;
  const height = TOP + placed.length * ROW + 26;
  const dots = maxTurn <= 60;
  return (
    <svg class="tree" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={`branch tree of ${session.sessionId}`} data-testid="branch-tree">
      {placed.map(({ branch, row, fork, parentRow }) => {
        const mine = branch.branchId === selected;
        const end = branch.turns ?? maxTurn;
        return (
          <a key={branch.branchId} href={sessionHref(session.sessionId, branch.branchId)} class={`lane ${mine ? 'selected' : ''}`} data-branch={branch.branchId}>
            <title>{`${branch.branchId}: ${describe(branch, branch.parentBranchId)}`}</title>
            <rect class="lane-bg" x={4} y={TOP + row * ROW} width={WIDTH - 8} height={ROW - 6} rx={6} />
            <text class="lane-name" x={LABEL_X} y={y(row) - 3}>
              {mine ? '● ' : ''}
              {shortId(branch.branchId, 34)}
            </text>
            <text class="lane-info" x={LABEL_X} y={y(row) + 13}>
              {describe(branch, branch.parentBranchId)}
            </text>
            {parentRow !== undefined && (
              <>
                <line class="inherited" x1={x(0)} x2={x(fork)} y1={y(row)} y2={y(row)} />
                <path class="fork" d={`M ${x(fork)} ${y(parentRow)} C ${x(fork)} ${y(row)}, ${x(fork)} ${y(row)}, ${x(fork) + 12} ${y(row)}`} />
              </>
            )}
            <line class="own" x1={parentRow === undefined ? x(0) : x(fork) + 12} x2={Math.max(x(end), x(fork) + 12)} y1={y(row)} y2={y(row)} />
            {dots &&
              Array.from({ length: Math.max(0, end - fork) }, (_, i) => fork + i + 1).map((turn) => (
                <circle key={turn} class="turn-dot" cx={x(turn - 0.5)} cy={y(row)} r={4}>
                  <title>{`turn ${turn}`}</title>
                </circle>
              ))}
          </a>
        );
      })}
      <g class="axis">
        <text x={x(0)} y={height - 6}>
          turn 0
        </text>
        <text x={x(maxTurn)} y={height - 6} text-anchor="end">
          turn {formatCount(maxTurn)}
        </text>
      </g>
    </svg>
  );
}
