import { isSessionError, type AgentSession, type SessionItem } from '@sessions/core';
import { benchmarkTurn } from '@sessions/conformance';
import { expect } from 'vitest';

/** A turn of writer `writer`: BENCHMARK.md's four items, tagged so the history says who wrote it and when. */
export const turnOf = (writer: number, turn: number): SessionItem[] => benchmarkTurn(`w${writer}-t${turn}`);

/** What one writer saw: the turns whose addItems returned, and those that failed (with the error). */
export interface WriterLog {
  writer: number;
  stored: number[];
  failed: { turn: number; error: unknown }[];
}

/**
 * Appends `turns` turns (from `from`) through `session`, one addItems per turn.
 * With `stopOnFailure` the writer stops at its first failed call, as an app
 * server would once its database node is gone.
 */
export async function writeTurns(session: AgentSession, log: WriterLog, turns: number, from = 0, stopOnFailure = false): Promise<void> {
  for (let turn = from; turn < from + turns; turn++) {
    try {
      await session.addItems(turnOf(log.writer, turn));
      log.stored.push(turn);
    } catch (error) {
      log.failed.push({ turn, error });
      if (stopOnFailure) return;
    }
  }
}

const TAG = /^user message w(\d+)-t(\d+) /;

/**
 * Checks a whole history: made of whole turns only (each batch contiguous and
 * exact), each writer's turns in the order it wrote them, each turn at most
 * once. Returns the turns found, per writer.
 */
export function turnsInHistory(items: SessionItem[]): Map<number, number[]> {
  expect(items.length % 4).toBe(0);
  const found = new Map<number, number[]>();
  for (let i = 0; i < items.length; i += 4) {
    const match = TAG.exec(String((items[i] as { content?: unknown }).content));
    expect(match, `item ${i} opens no turn`).not.toBeNull();
    const [writer, turn] = [Number(match![1]), Number(match![2])];
    expect(items.slice(i, i + 4)).toEqual(turnOf(writer, turn));
    const turns = found.get(writer) ?? [];
    turns.push(turn);
    found.set(writer, turns);
  }
  for (const [writer, turns] of found) {
    expect(turns, `writer ${writer}'s turns out of order or repeated`).toEqual([...turns].sort((a, b) => a - b));
    expect(new Set(turns).size).toBe(turns.length);
  }
  return found;
}

export function connectionLost(error: unknown): boolean {
  return isSessionError(error, 'CONNECTION_LOST');
}
