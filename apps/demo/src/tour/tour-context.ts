import type { AgentSession } from '@sessions/core';
import type { DemoArgs } from '../cli/args.js';
import type { Demo } from '../commands/setup.js';

/** What the tour's steps share. */
export interface TourContext extends Demo {
  args: DemoArgs;
  sessionId: string;
  /** The session object this process currently uses; steps may replace it with a fresh one. */
  session: AgentSession;
  /** The branch step 3 created, when the store branches. */
  branchId?: string;
}

export interface TourStep {
  title: string;
  run(ctx: TourContext): Promise<void>;
}
