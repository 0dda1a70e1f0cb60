import { SessionError } from '../errors.js';
import { serializeJsonObject } from '../items.js';
import { checkOwner } from '../owner.js';
import { checkSessionId } from '../session-id.js';
import type { SessionArchiveInput } from './archive-types.js';

const COUNTS = ['requests', 'inputTokens', 'cachedInputTokens', 'outputTokens', 'reasoningTokens', 'totalTokens'] as const;

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

/** An ISO-8601 instant (or any text `Date` reads as one). */
const isInstant = (value: unknown): boolean => typeof value === 'string' && !Number.isNaN(Date.parse(value));

const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 0;

function isJsonObjectText(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/**
 * Checks the shape of an archive before anything is written, so bad input
 * is an `INVALID_ARGUMENT` naming the field. Item texts are parsed while
 * writing (a text that is not a JSON object is `CORRUPT_ITEM`).
 */
export function checkArchive(archive: unknown): asserts archive is SessionArchiveInput {
  if (archive === null || typeof archive !== 'object' || Array.isArray(archive)) {
    throw new SessionError('INVALID_ARGUMENT', `a session archive must be an object, got ${describe(archive)}`);
  }
  const a = archive as Partial<Record<keyof SessionArchiveInput, unknown>>;
  let sessionId: string;
  try {
    sessionId = checkSessionId(a.sessionId);
  } catch (error) {
    throw new SessionError('INVALID_ARGUMENT', `archive sessionId: ${(error as Error).message}`);
  }
  const fail = (message: string): never => {
    throw new SessionError('INVALID_ARGUMENT', `archive of session ${JSON.stringify(sessionId)}: ${message}`, { sessionId });
  };
  if (!isInstant(a.createdAt) || !isInstant(a.updatedAt)) fail('createdAt and updatedAt must be ISO-8601 timestamps');
  try {
    checkOwner(sessionId, (archive as { owner?: unknown }).owner);
  } catch (error) {
    fail((error as Error).message);
  }
  if (a.metadata !== null && a.metadata !== undefined) serializeJsonObject(sessionId, 'metadata', a.metadata);
  if (!Array.isArray(a.branches)) fail(`branches must be an array, got ${describe(a.branches)}`);
  if (!Array.isArray(a.usage)) fail(`usage must be an array, got ${describe(a.usage)}`);
  const branchIds = new Set<string>();
  (a.branches as unknown[]).forEach((value, i) => {
    const branch = value as Record<string, unknown> | null;
    const where = `branches[${i}]`;
    if (branch === null || typeof branch !== 'object' || Array.isArray(branch)) fail(`${where} must be an object, got ${describe(branch)}`);
    if (typeof branch!.branchId !== 'string' || branch!.branchId.length === 0) fail(`${where}.branchId must be a non-empty string`);
    if (branch!.parentBranchId !== null && typeof branch!.parentBranchId !== 'string') fail(`${where}.parentBranchId must be a string or null`);
    if (branch!.fromTurn !== null && !isCount(branch!.fromTurn)) fail(`${where}.fromTurn must be a non-negative integer or null`);
    if (branch!.createdAt !== undefined && !isInstant(branch!.createdAt)) fail(`${where}.createdAt must be an ISO-8601 timestamp`);
    if (!Array.isArray(branch!.items)) fail(`${where}.items must be an array`);
    (branch!.items as unknown[]).forEach((item, j) => {
      const it = item as Record<string, unknown> | null;
      if (it === null || typeof it !== 'object' || typeof it.data !== 'string' || !isInstant(it.createdAt)) {
        fail(`${where}.items[${j}] must be { data: string, createdAt: ISO-8601 timestamp }`);
      }
      for (const flag of ['replayStart', 'replayOnly'] as const) {
        if (it![flag] !== undefined && it![flag] !== true) fail(`${where}.items[${j}].${flag} must be true when present`);
      }
    });
    branchIds.add(branch!.branchId as string);
  });
  (a.usage as unknown[]).forEach((value, i) => {
    const row = value as Record<string, unknown> | null;
    const where = `usage[${i}]`;
    if (row === null || typeof row !== 'object' || Array.isArray(row)) fail(`${where} must be an object, got ${describe(row)}`);
    if (typeof row!.branchId !== 'string' || !branchIds.has(row!.branchId)) fail(`${where}.branchId must name a branch of the archive, got ${JSON.stringify(row!.branchId)}`);
    if (!isCount(row!.turn)) fail(`${where}.turn must be a non-negative integer`);
    if (typeof row!.runId !== 'string' || row!.runId.length === 0) fail(`${where}.runId must be a non-empty string`);
    if (row!.model !== null && typeof row!.model !== 'string') fail(`${where}.model must be a string or null`);
    for (const key of COUNTS) if (!isCount(row![key])) fail(`${where}.${key} must be a non-negative integer`);
    for (const key of ['inputTokensDetails', 'outputTokensDetails'] as const) {
      if (!isJsonObjectText(row![key])) fail(`${where}.${key} must be the text of a JSON object`);
    }
    if (row!.createdAt !== undefined && !isInstant(row!.createdAt)) fail(`${where}.createdAt must be an ISO-8601 timestamp`);
  });
}
