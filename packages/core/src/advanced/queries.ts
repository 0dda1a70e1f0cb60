import { SessionError } from '../errors.js';
import { itemText } from '../turns.js';
import { branchSegments, chosenBranch, db, itemOf, type AdvancedPlan, type BranchContext } from './context.js';
import { REPLAY_KIND } from './compaction.js';
import type { Segment, StructureRow } from './driver.js';
import { normalizeForSearch } from './search-text.js';
import type { BranchOption, ConversationTurn, ToolUse, TurnItem } from './types.js';

const PREVIEW_LENGTH = 100;
const TOOL_CALL_KINDS = new Set(['function_call', 'hosted_tool_call', 'computer_call', 'shell_call', 'apply_patch_call', 'tool_search_call', 'program_call']);

/** A branch's structure rows, oldest first (only user messages when `userOnly`). */
function* structure(ctx: BranchContext, branchId: string, userOnly: boolean): AdvancedPlan<StructureRow[]> {
  const segments = yield* branchSegments(ctx, branchId);
  if (segments.length === 0) return [];
  const rows = yield* db.structure(ctx.sessionId, segments, userOnly);
  // Replay rows (a compaction's replacement) belong to no turn of the transcript.
  return userOnly ? rows : rows.filter((row) => row.kind !== REPLAY_KIND);
}

function turnOf(ctx: BranchContext, row: StructureRow): ConversationTurn {
  const text = itemText(itemOf(ctx, row.data, row.id));
  return { turn: row.turn, content: text.slice(0, PREVIEW_LENGTH), fullContent: text, timestamp: row.createdAt, canBranch: row.turn >= 1 };
}

/** Every user turn of a branch, oldest first. */
export function* conversationTurns(ctx: BranchContext, options: BranchOption | undefined): AdvancedPlan<ConversationTurn[]> {
  const rows = yield* structure(ctx, chosenBranch(ctx, options), true);
  return rows.map((row) => turnOf(ctx, row));
}

/** Checks a search term; its normalised form. */
export function searchNeedle(ctx: BranchContext, term: unknown): string {
  if (typeof term !== 'string' || term.length === 0) {
    throw new SessionError('INVALID_ARGUMENT', 'search term must be a non-empty string', { sessionId: ctx.handle });
  }
  return normalizeForSearch(term);
}

/** The user turns in which any item's text contains `term`, case-insensitively; `%` and `_` are ordinary characters. */
export function* findTurnsByContent(ctx: BranchContext, term: string, options: BranchOption | undefined): AdvancedPlan<ConversationTurn[]> {
  const needle = searchNeedle(ctx, term);
  const segments = yield* branchSegments(ctx, chosenBranch(ctx, options));
  if (segments.length === 0) return [];
  const matching = ctx.rows?.encrypts ? yield* decryptedMatches(ctx, segments, needle) : yield* db.matchingTurns(ctx.sessionId, segments, needle);
  const turns = [...new Set(matching)].sort((a, b) => a - b);
  const found: ConversationTurn[] = [];
  for (const turn of turns) {
    const opener = yield* db.turnOpener(ctx.sessionId, segments, turn);
    if (opener) found.push(turnOf(ctx, opener));
  }
  return found;
}

/**
 * `matchingTurns` of an encrypted session, which stores no search text: every
 * row of the branch is read and decrypted here, in process.
 */
function* decryptedMatches(ctx: BranchContext, segments: Segment[], needle: string): AdvancedPlan<number[]> {
  const rows = yield* db.structure(ctx.sessionId, segments, false);
  return rows.filter((row) => row.turn >= 1 && normalizeForSearch(itemText(itemOf(ctx, row.data, row.id))).includes(needle)).map((row) => row.turn);
}

/** The kind (and tool) of every item, grouped by turn. */
export function* conversationByTurns(ctx: BranchContext, options: BranchOption | undefined): AdvancedPlan<Record<number, TurnItem[]>> {
  const byTurn: Record<number, TurnItem[]> = {};
  for (const row of yield* structure(ctx, chosenBranch(ctx, options), false)) {
    (byTurn[row.turn] ??= []).push({ type: row.kind as TurnItem['type'], toolName: row.toolName });
  }
  return byTurn;
}

/** Tool calls per tool and turn (results are not counted), in turn order. */
export function* toolUsage(ctx: BranchContext, options: BranchOption | undefined): AdvancedPlan<ToolUse[]> {
  const uses = new Map<string, ToolUse>();
  for (const row of yield* structure(ctx, chosenBranch(ctx, options), false)) {
    if (!TOOL_CALL_KINDS.has(row.kind) || row.toolName === null) continue;
    const key = `${row.turn}\u0000${row.toolName}`;
    const use = uses.get(key);
    if (use) use.count++;
    else uses.set(key, { toolName: row.toolName, count: 1, turn: row.turn });
  }
  return [...uses.values()];
}
