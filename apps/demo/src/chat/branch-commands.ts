import { line } from '../print/output.js';
import { printBranches } from '../print/branches.js';
import { hasBranching, type BranchingSession } from '../stores/capabilities.js';
import type { ChatContext } from './context.js';

/** The session when its store branches; otherwise says so and returns undefined. */
function branching(ctx: ChatContext, command: string): BranchingSession | undefined {
  if (hasBranching(ctx.session)) return ctx.session;
  line(`${command}: the ${ctx.store.kind} store has no branches. Branching needs an advanced store: --store advanced-sqlite, postgres or mysql.`);
  return undefined;
}

/** "no turns", "turn 1", "turns 1..3": what a branch from `turn` holds. */
export function heldTurns(turn: number): string {
  return turn <= 1 ? 'no turns' : turn === 2 ? 'turn 1' : `turns 1..${turn - 1}`;
}

export async function branchFromTurn(ctx: ChatContext, arg: string): Promise<void> {
  const session = branching(ctx, '/branch');
  if (!session) return;
  const turn = Number(arg);
  if (arg === '' || !Number.isInteger(turn)) return line('/branch needs a turn number, e.g. /branch 2 (see /turns)');
  const branchId = await session.createBranchFromTurn(turn);
  line(`Created branch ${branchId} holding ${heldTurns(turn)} and switched to it: your next message is turn ${turn} there.`);
}

export async function showBranches(ctx: ChatContext): Promise<void> {
  const session = branching(ctx, '/branches');
  if (session) printBranches(await session.listBranches());
}

export async function switchBranch(ctx: ChatContext, arg: string): Promise<void> {
  const session = branching(ctx, '/switch');
  if (!session) return;
  if (arg === '') return line('/switch needs a branch id (see /branches)');
  await session.switchToBranch(arg);
  line(`Switched to branch ${arg}.`);
}
