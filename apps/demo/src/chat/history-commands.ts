import { groupTurns, itemKind, itemText } from '@sessions/core';
import { describeHistory, oneLine } from '../print/items.js';
import { line, note } from '../print/output.js';
import { renderTable } from '../print/table.js';
import { hasBranching } from '../stores/capabilities.js';
import { printSessions } from '../print/sessions.js';
import { printTurns } from '../print/turns.js';
import type { ChatContext } from './context.js';

export async function showHistory(ctx: ChatContext): Promise<void> {
  const items = await ctx.session.getItems();
  if (items.length === 0) return line('(no items yet)');
  for (const text of describeHistory(items)) line(text);
  note(`${items.length} items`);
}

export async function showTurns(ctx: ChatContext): Promise<void> {
  if (hasBranching(ctx.session)) return printTurns(await ctx.session.getConversationTurns());
  const turns = groupTurns(await ctx.session.getItems()).filter((t) => t.turn > 0);
  if (turns.length === 0) return line('(no turns yet)');
  line(
    renderTable(
      ['turn', 'question', 'items', 'tools'],
      turns.map((t) => [
        t.turn,
        oneLine(itemText(t.items[0]), 60),
        t.items.length,
        t.items.filter((i) => itemKind(i) === 'function_call').length,
      ]),
    ),
  );
}

/** Pops the last turn: every item back to and including the newest user message. */
export async function undoTurn(ctx: ChatContext): Promise<void> {
  const items = await ctx.session.getItems();
  let lastUser = -1;
  items.forEach((item, i) => {
    if (itemKind(item) === 'user') lastUser = i;
  });
  if (lastUser === -1) return line('Nothing to undo: the session holds no user message.');
  const count = items.length - lastUser;
  for (let i = 0; i < count; i++) await ctx.session.popItem();
  line(`Undid the last turn ("${oneLine(itemText(items[lastUser]), 60)}"): removed ${count} item${count === 1 ? '' : 's'}.`);
}

export async function clearSession(ctx: ChatContext): Promise<void> {
  await ctx.session.clearSession();
  line(`Cleared session ${ctx.sessionId}.`);
}

export async function showSessions(ctx: ChatContext): Promise<void> {
  printSessions(await ctx.store.listSessions(), ctx.sessionId, 'this chat');
}
