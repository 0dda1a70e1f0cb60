import type { SessionOverview, SessionPage, SessionQuery, StoreInfo, StoreUsage, TurnPage, UsagePage } from '../api-types.js';

export interface TurnPageRequest {
  /** The nextCursor of the previous page. */
  cursor?: string | undefined;
  /** Start at this turn instead (stores that number turns; see StoreInfo.turnIndex). */
  fromTurn?: number | undefined;
  /** Turns per page. */
  limit: number;
}

/** Everything the inspector reads from a store. */
export interface InspectorReader {
  info(): StoreInfo;
  listSessions(query: SessionQuery): Promise<SessionPage>;
  /** `NOT_FOUND` when there is no such session. */
  session(sessionId: string): Promise<SessionOverview>;
  /** A page of one branch's conversation, turn by turn. */
  turns(sessionId: string, branchId: string, page: TurnPageRequest): Promise<TurnPage>;
  /** Usage of turns `fromTurn .. fromTurn + limit - 1` of a branch, run by run (stores with usage). */
  usage(sessionId: string, branchId: string, range: { fromTurn: number; limit: number }): Promise<UsagePage>;
  storeUsage(): Promise<StoreUsage>;
}
