import { itemText, parseStoredItem, SessionError } from '@sessions/core';
import { acrossSegments, type Segment } from './lanes.js';
import { normalizeForSearch } from './search-text.js';
import { branchSegments, chosenBranch, type SessionContext } from './session-context.js';
import type { AdvancedStatements, StructureRow } from './statements.js';
import type { BranchOption, ConversationTurn, ToolUse, TurnItem } from './types.js';

const PREVIEW_LENGTH = 100;
const TOOL_CALL_KINDS = new Set(['function_call', 'hosted_tool_call', 'computer_call', 'shell_call', 'apply_patch_call', 'tool_search_call', 'program_call']);

/** A per-lane structure read over a branch's whole history, oldest first. */
function structure(ctx: SessionContext, branchId: string, read: (s: AdvancedStatements, seg: Segment) => StructureRow[]): StructureRow[] {
  const s = ctx.statements;
  return acrossSegments(branchSegments(ctx, branchId), (seg) => read(s, seg));
}

function turnOf(ctx: SessionContext, row: StructureRow): ConversationTurn {
  const text = itemText(parseStoredItem(ctx.handle, row.data, row.id));
  return { turn: row.turn, content: text.slice(0, PREVIEW_LENGTH), fullContent: text, timestamp: row.createdAt, canBranch: row.turn >= 1 };
}

/** Every user turn of a branch, oldest first. */
export function conversationTurns(ctx: SessionContext, options: BranchOption | undefined): ConversationTurn[] {
  const branch = chosenBranch(ctx, options);
  return structure(ctx, branch, (s, seg) => s.userTurnsInLane.all(seg.laneId, seg.bound)).map((row) => turnOf(ctx, row));
}

/** The user turns in which any item's text contains `term`, case-insensitively; `%` and `_` are ordinary characters. */
export function findTurnsByContent(ctx: SessionContext, term: string, options: BranchOption | undefined): ConversationTurn[] {
  if (typeof term !== 'string' || term.length === 0) {
    throw new SessionError('INVALID_ARGUMENT', 'search term must be a non-empty string', { sessionId: ctx.handle });
  }
  const branch = chosenBranch(ctx, options);
  const needle = normalizeForSearch(term);
  const s = ctx.statements;
  const segments = branchSegments(ctx, branch);
  const turns = new Set<number>();
  for (const seg of segments) for (const turn of s.matchingTurnsInLane.all(seg.laneId, seg.bound, needle)) turns.add(turn);
  if (turns.size === 0) return [];
  const found: ConversationTurn[] = [];
  for (const turn of [...turns].sort((a, b) => a - b)) {
    for (const seg of segments) {
      const opener = s.turnOpener.get(seg.laneId, seg.bound, turn);
      if (opener === undefined) continue;
      const row = s.structureById.get(opener);
      if (row) found.push(turnOf(ctx, row));
      break;
    }
  }
  return found;
}

/** The kind (and tool) of every item, grouped by turn. */
export function conversationByTurns(ctx: SessionContext, options: BranchOption | undefined): Record<number, TurnItem[]> {
  const branch = chosenBranch(ctx, options);
  const byTurn: Record<number, TurnItem[]> = {};
  for (const row of structure(ctx, branch, (s, seg) => s.structureInLane.all(seg.laneId, seg.bound))) {
    (byTurn[row.turn] ??= []).push({ type: row.kind as TurnItem['type'], toolName: row.toolName });
  }
  return byTurn;
}

/** Tool calls per tool and turn (results are not counted), in turn order. */
export function toolUsage(ctx: SessionContext, options: BranchOption | undefined): ToolUse[] {
  const branch = chosenBranch(ctx, options);
  const uses = new Map<string, ToolUse>();
  for (const row of structure(ctx, branch, (s, seg) => s.structureInLane.all(seg.laneId, seg.bound))) {
    if (!TOOL_CALL_KINDS.has(row.kind) || row.toolName === null) continue;
    const key = `${row.turn}\u0000${row.toolName}`;
    const use = uses.get(key);
    if (use) use.count++;
    else uses.set(key, { toolName: row.toolName, count: 1, turn: row.turn });
  }
  return [...uses.values()];
}
