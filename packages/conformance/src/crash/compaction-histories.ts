import type { SessionItem } from '@sessions/core';
import { assistantMessage, compactionItem, userMessage } from '../items.js';

/** Items a session holds before its compaction: enough rows that a replacement takes a while. */
export function historyBefore(sessionId: string): SessionItem[] {
  return Array.from({ length: 40 }, (_, i) =>
    i % 2 === 0 ? userMessage(`${sessionId} question ${i} ${'q'.repeat(150)}`) : assistantMessage(`${sessionId} answer ${i} ${'a'.repeat(300)}`),
  );
}

/** What the compaction replaces it with. */
export function historyAfter(sessionId: string): SessionItem[] {
  return [compactionItem(`${sessionId} summary`), userMessage(`${sessionId} question 38`), assistantMessage(`${sessionId} answer 39`)];
}
