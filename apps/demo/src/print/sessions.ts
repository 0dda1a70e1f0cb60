import type { SessionSummary } from '../stores/demo-store.js';
import { line } from './output.js';
import { renderTable } from './table.js';

/** The sessions of a store; `marked` gets an arrow and `label`. Branch counts where the store branches. */
export function printSessions(sessions: readonly SessionSummary[], marked: string, label: string): void {
  if (sessions.length === 0) return line('(no sessions in this store)');
  const branches = sessions.some((s) => s.branchCount !== undefined);
  line(
    renderTable(
      ['session', 'items', ...(branches ? ['branches'] : []), 'created', 'updated', ''],
      sessions.map((s) => [
        s.sessionId,
        Number(s.itemCount),
        ...(branches ? [Number(s.branchCount ?? 1)] : []),
        String(s.createdAt),
        String(s.updatedAt),
        s.sessionId === marked ? `← ${label}` : '',
      ]),
    ),
  );
}
