import { CliError } from './cli-error.js';
import { ExitCode } from './exit-codes.js';
import type { BranchRecord, SessionRecord, StoredItem, UsageRecord } from './stores/records.js';

/**
 * The `sessions export` format, JSON Lines:
 *
 *   {"format":"sessions-export","version":1,"exportedAt":"...","source":"sqlite"}
 *   {"type":"session","sessionId":"s1","owner":"u1","createdAt":"...","updatedAt":"...","mainCreatedAt":"...","metadata":null}
 *   {"type":"item","sessionId":"s1","createdAt":"...","item":{...}}              main history, in order
 *   {"type":"branch","sessionId":"s1","branchId":"b1","parentBranchId":"main","fromTurn":2,"createdAt":"...","extra":{}}
 *   {"type":"item","sessionId":"s1","branchId":"b1","createdAt":"...","item":{...}}  that branch's whole history
 *   {"type":"usage","sessionId":"s1","usage":{...}}
 *   {"type":"end","sessionId":"s1","items":12,"branches":1,"usage":3}
 *
 * Item JSON is written exactly as stored. The `end` line makes a truncated
 * file detectable: a session without it is never imported. `owner` and
 * `mainCreatedAt` may be absent (files written before they were kept).
 */
export const EXPORT_FORMAT = 'sessions-export';
export const EXPORT_VERSION = 1;

export function headerLine(source: string): string {
  return JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date().toISOString(), source }) + '\n';
}

function itemLine(sessionId: string, branchId: string | undefined, item: StoredItem): string {
  const head = JSON.stringify(branchId === undefined ? { type: 'item', sessionId, createdAt: item.createdAt } : { type: 'item', sessionId, branchId, createdAt: item.createdAt });
  // The stored JSON text goes in verbatim (re-serialised only if it spans lines, which JSON Lines cannot hold).
  const data = /[\r\n]/.test(item.data) ? JSON.stringify(JSON.parse(item.data)) : item.data;
  return `${head.slice(0, -1)},"item":${data}}\n`;
}

/** The lines of one session, as one string. */
export function sessionLines(record: SessionRecord): string {
  const { sessionId } = record;
  const out: string[] = [
    JSON.stringify({
      type: 'session',
      sessionId,
      owner: record.owner,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      ...(record.mainCreatedAt === undefined ? {} : { mainCreatedAt: record.mainCreatedAt }),
      metadata: record.metadata,
    }) + '\n',
  ];
  for (const item of record.items) out.push(itemLine(sessionId, undefined, item));
  for (const branch of record.branches) {
    const { items, ...rest } = branch;
    out.push(JSON.stringify({ type: 'branch', sessionId, ...rest }) + '\n');
    for (const item of items) out.push(itemLine(sessionId, branch.branchId, item));
  }
  for (const usage of record.usage) out.push(JSON.stringify({ type: 'usage', sessionId, usage }) + '\n');
  out.push(
    JSON.stringify({ type: 'end', sessionId, items: record.items.length, branches: record.branches.length, usage: record.usage.length }) + '\n',
  );
  return out.join('');
}

type Line = Record<string, unknown>;

function bad(lineNumber: number, message: string): CliError {
  return new CliError(ExitCode.BAD_INPUT, `line ${lineNumber}: ${message}`);
}

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Turns export lines back into whole sessions. Feed lines in order; `push`
 * returns a session each time its `end` line arrives; `finish` fails if the
 * file stopped in the middle of a session.
 */
export class ExportReader {
  #lineNumber = 0;
  #sawHeader = false;
  #current: SessionRecord | undefined;
  #branch: BranchRecord | undefined;

  push(text: string): SessionRecord | undefined {
    const n = ++this.#lineNumber;
    if (text.trim() === '') return undefined;
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      throw bad(n, 'is not valid JSON');
    }
    if (line === null || typeof line !== 'object' || Array.isArray(line)) throw bad(n, 'is not a JSON object');
    if (!this.#sawHeader) {
      if (line.format !== EXPORT_FORMAT) throw bad(n, `is not a sessions export (the first line must have "format":"${EXPORT_FORMAT}")`);
      if (line.version !== EXPORT_VERSION) throw bad(n, `export version ${String(line.version)} is not supported (this sessions reads version ${EXPORT_VERSION})`);
      this.#sawHeader = true;
      return undefined;
    }
    const current = this.#current;
    if (line.type !== 'session' && (!current || line.sessionId !== current.sessionId)) {
      throw bad(n, `"${String(line.type)}" line for session ${JSON.stringify(line.sessionId)} outside that session's lines`);
    }
    switch (line.type) {
      case 'session': {
        if (current) throw bad(n, `session ${JSON.stringify(current.sessionId)} has no "end" line before the next session`);
        if (!isString(line.sessionId) || !isString(line.createdAt) || !isString(line.updatedAt)) {
          throw bad(n, 'a "session" line needs string sessionId, createdAt and updatedAt');
        }
        const metadata = line.metadata ?? null;
        if (metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata))) throw bad(n, 'metadata must be an object or null');
        const owner = line.owner ?? null;
        if (owner !== null && !isString(owner)) throw bad(n, 'owner must be a string or null');
        if (line.mainCreatedAt !== undefined && !isString(line.mainCreatedAt)) throw bad(n, 'mainCreatedAt must be a string');
        this.#current = {
          sessionId: line.sessionId,
          owner,
          mainCreatedAt: line.mainCreatedAt,
          createdAt: line.createdAt,
          updatedAt: line.updatedAt,
          metadata: metadata as Record<string, unknown> | null,
          items: [],
          branches: [],
          usage: [],
        };
        this.#branch = undefined;
        return undefined;
      }
      case 'item': {
        const item = line.item;
        if (item === null || typeof item !== 'object' || Array.isArray(item)) throw bad(n, 'an "item" line needs an "item" object');
        if (!isString(line.createdAt)) throw bad(n, 'an "item" line needs a string createdAt');
        const stored: StoredItem = { data: JSON.stringify(item), createdAt: line.createdAt };
        if (line.branchId === undefined) {
          if (this.#branch) throw bad(n, 'main items must come before the first branch');
          current!.items.push(stored);
        } else {
          if (!this.#branch || this.#branch.branchId !== line.branchId) throw bad(n, `item of branch ${JSON.stringify(line.branchId)} outside that branch's lines`);
          this.#branch.items.push(stored);
        }
        return undefined;
      }
      case 'branch': {
        if (!isString(line.branchId) || !isString(line.createdAt)) throw bad(n, 'a "branch" line needs string branchId and createdAt');
        const fromTurn = line.fromTurn ?? null;
        if (fromTurn !== null && typeof fromTurn !== 'number') throw bad(n, 'fromTurn must be a number or null');
        this.#branch = {
          branchId: line.branchId,
          parentBranchId: isString(line.parentBranchId) ? line.parentBranchId : null,
          fromTurn: fromTurn as number | null,
          createdAt: line.createdAt,
          extra: (line.extra as Record<string, unknown> | undefined) ?? undefined,
          items: [],
        };
        current!.branches.push(this.#branch);
        return undefined;
      }
      case 'usage': {
        if (line.usage === null || typeof line.usage !== 'object' || Array.isArray(line.usage)) throw bad(n, 'a "usage" line needs a "usage" object');
        current!.usage.push(line.usage as UsageRecord);
        return undefined;
      }
      case 'end': {
        const counts = [current!.items.length, current!.branches.length, current!.usage.length];
        if (line.items !== counts[0] || line.branches !== counts[1] || line.usage !== counts[2]) {
          throw bad(n, `session ${JSON.stringify(current!.sessionId)} is incomplete: the end line announces ${String(line.items)} items, ${String(line.branches)} branches, ${String(line.usage)} usage rows; the file holds ${counts.join(', ')}`);
        }
        this.#current = undefined;
        this.#branch = undefined;
        return current;
      }
      default:
        throw bad(n, `unknown line type ${JSON.stringify(line.type)}`);
    }
  }

  finish(): void {
    if (!this.#sawHeader) throw new CliError(ExitCode.BAD_INPUT, 'the file is empty: not a sessions export');
    if (this.#current) {
      throw new CliError(ExitCode.BAD_INPUT, `the file ends inside session ${JSON.stringify(this.#current.sessionId)} (no "end" line): it was cut short; that session was not imported`);
    }
  }
}
