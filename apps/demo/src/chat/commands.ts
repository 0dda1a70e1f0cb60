import { line } from '../print/output.js';
import { renderTable } from '../print/table.js';
import { branchFromTurn, showBranches, switchBranch } from './branch-commands.js';
import type { ChatContext, CommandResult } from './context.js';
import { clearSession, showHistory, showSessions, showTurns, undoTurn } from './history-commands.js';
import { search } from './search-command.js';
import { showUsage } from './usage-command.js';

interface ChatCommand {
  usage: string;
  summary: string;
  run(ctx: ChatContext, arg: string): Promise<CommandResult> | CommandResult;
}

export const CHAT_COMMANDS: Record<string, ChatCommand> = {
  history: { usage: '/history', summary: 'every item of the conversation, numbered by turn', run: showHistory },
  turns: { usage: '/turns', summary: 'one line per turn: its number and question', run: showTurns },
  branch: { usage: '/branch N', summary: 'new branch holding turns 1..N-1, so turn N can be asked differently', run: branchFromTurn },
  branches: { usage: '/branches', summary: 'the branches of this session (advanced stores)', run: showBranches },
  switch: { usage: '/switch ID', summary: 'continue on another branch (advanced stores)', run: switchBranch },
  usage: { usage: '/usage', summary: 'tokens and cost per turn and in total', run: showUsage },
  search: { usage: '/search TERM', summary: 'turns whose text mentions TERM (case-insensitive)', run: search },
  sessions: { usage: '/sessions', summary: 'the sessions this store holds', run: showSessions },
  undo: { usage: '/undo', summary: 'remove the last turn: every item back to and including your last message', run: undoTurn },
  clear: { usage: '/clear', summary: 'remove every item of this session', run: clearSession },
  help: { usage: '/help', summary: 'this list', run: () => printHelp() },
  exit: { usage: '/exit', summary: 'leave (so do /quit, Ctrl-D and the end of a piped script)', run: () => 'exit' },
  quit: { usage: '/quit', summary: '', run: () => 'exit' },
};

export function printHelp(): void {
  line('Type a message to talk to the agent, or a command:');
  line(
    renderTable(
      ['command', 'what it does'],
      Object.values(CHAT_COMMANDS)
        .filter((c) => c.summary !== '')
        .map((c) => [c.usage, c.summary]),
    ),
  );
}

/** Runs one `/command arg` line. */
export async function runCommand(ctx: ChatContext, text: string): Promise<CommandResult> {
  const match = /^\/(\S+)\s*(.*)$/s.exec(text);
  const name = match?.[1]?.toLowerCase() ?? '';
  const command = CHAT_COMMANDS[name];
  if (!command) return line(`Unknown command /${name}. /help lists the commands.`);
  return command.run(ctx, (match?.[2] ?? '').trim());
}
