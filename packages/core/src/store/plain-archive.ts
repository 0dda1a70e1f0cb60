import { checkArchive } from '../advanced/archive-check.js';
import type { ArchivedItem } from '../advanced/archive-types.js';
import { MAIN_BRANCH } from '../advanced/types.js';
import { SessionError } from '../errors.js';
import { parseStoredItem, serializeItems } from '../items.js';
import type { StoreArchive, StoreArchiveInput } from './contract.js';

/** What a plain store (items, owner and times only) writes for an archive. */
export interface PlainArchive {
  sessionId: string;
  owner: string | null;
  createdAt: string;
  updatedAt: string;
  /** `main`'s items, each as the JSON text `addItems` would store. */
  items: ArchivedItem[];
}

/**
 * The JSON text stored for each archived item: parsed (a text that is not a
 * JSON object is `CORRUPT_ITEM`, named by its index) and serialised as
 * `addItems` stores an item, so every store writes an archive the same way.
 */
export function archivedItemTexts(sessionId: string, items: ArchivedItem[], first = 0): string[] {
  return serializeItems(
    sessionId,
    items.map((item, i) => parseStoredItem(sessionId, item.data, first + i)),
  );
}

/**
 * Checks an archive for a plain store: its shape (`checkArchive`), then that
 * it holds nothing but `main`: other branches, usage or metadata are an
 * `INVALID_ARGUMENT` naming what a plain store cannot hold, so nothing is
 * dropped silently (a caller that wants only `main` strips the rest first).
 */
export function checkPlainArchive(archive: unknown, kind: string): PlainArchive {
  checkArchive(archive);
  const input = archive as StoreArchiveInput;
  const { sessionId } = input;
  const others = input.branches.filter((b) => b.branchId !== MAIN_BRANCH);
  const metadata = input.metadata !== null && input.metadata !== undefined;
  if (others.length > 0 || input.usage.length > 0 || metadata) {
    const held = [
      others.length > 0 ? `${others.length} branch(es) besides main` : undefined,
      input.usage.length > 0 ? `${input.usage.length} usage row(s)` : undefined,
      metadata ? 'metadata' : undefined,
    ].filter(Boolean);
    throw new SessionError('INVALID_ARGUMENT', `session ${JSON.stringify(sessionId)} has ${held.join(', ')}, which a ${kind} store cannot hold (use an advanced store, or keep only main)`, {
      sessionId,
    });
  }
  const main = input.branches.find((b) => b.branchId === MAIN_BRANCH);
  const texts = archivedItemTexts(sessionId, main?.items ?? []);
  return {
    sessionId,
    owner: input.owner ?? null,
    createdAt: input.createdAt,
    updatedAt: input.updatedAt,
    items: (main?.items ?? []).map((item, i) => ({ data: texts[i]!, createdAt: item.createdAt })),
  };
}

/** A plain store's session as an archive: its items on `main` (no branch when it holds none). */
export function plainArchive(session: { sessionId: string; owner: string | null; createdAt: string; updatedAt: string }, items: ArchivedItem[]): StoreArchive {
  return {
    ...session,
    metadata: null,
    branches: items.length === 0 ? [] : [{ branchId: MAIN_BRANCH, parentBranchId: null, fromTurn: null, createdAt: session.createdAt, items }],
    usage: [],
  };
}
