import { MemorySession as SdkMemorySession, type Session } from '@openai/agents';
import type { HistoryAwareSession, SessionItem } from '@sessions/core';

/** What a script left behind on a session: its error (class and message), if any, and the stored history. */
export interface ScriptOutcome {
  error: string | undefined;
  history: SessionItem[];
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}: ${error.message}`;
  return String(error);
}

/** Items as a store returns them: JSON drops properties set to `undefined`. */
function asStored(items: SessionItem[]): SessionItem[] {
  return JSON.parse(JSON.stringify(items)) as SessionItem[];
}

/** Runs `script` on `session` and reports what it left. */
export async function outcomeOf(session: Session, script: (session: Session) => Promise<void>): Promise<ScriptOutcome> {
  let error: string | undefined;
  try {
    await script(session);
  } catch (caught) {
    error = describeError(caught);
  }
  return { error, history: asStored(await session.getItems()) };
}

/** The SDK's own `MemorySession` (the reference for the runner's capabilities), holding `inherited` first. */
export function referenceSession(inherited: SessionItem[]): SdkMemorySession {
  return new SdkMemorySession({ initialItems: inherited });
}

/** The same script on the SDK's `MemorySession` and on `session`: what each left behind. */
export async function againstReference(
  session: Session,
  inherited: SessionItem[],
  script: (session: Session) => Promise<void>,
): Promise<{ ours: ScriptOutcome; reference: ScriptOutcome }> {
  const reference = await outcomeOf(referenceSession(inherited), script);
  const ours = await outcomeOf(session, script);
  return { ours, reference };
}

/** The session as one with the runner's history capabilities (checked by the capability case). */
export function historyAware(session: unknown): HistoryAwareSession {
  return session as HistoryAwareSession;
}
