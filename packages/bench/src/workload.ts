import { benchmarkTurn } from '@sessions/conformance';
import type { SessionItem } from '@sessions/core';

/** One turn of BENCHMARK.md: 4 items in the @openai/agents shape. */
export function turnItems(i: number): SessionItem[] {
  return benchmarkTurn(i);
}

export const W1_TURNS = 500;
export const W2_READS = 100;
export const W2_LIMIT = 50;
export const W4_POPS = 100;
export const W6_SESSIONS = 1000;
export const W6_TURNS = 10;
