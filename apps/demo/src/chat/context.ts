import type { Usage } from '@openai/agents-core';
import type { AgentSession } from '@sessions/core';
import type { Demo } from '../commands/setup.js';

/** What chat commands act on. */
export interface ChatContext extends Demo {
  sessionId: string;
  session: AgentSession;
  /** Usage of the runs made in this chat process, for stores that do not record usage. */
  runs: Usage[];
}

/** A command's verdict: a message for the user, or the end of the chat. */
export type CommandResult = void | 'exit';
