import type { SessionItem } from '@sessions/core';

/** The operations the workload times, implemented by a package and by its raw-driver floor. */
export interface BenchSession {
  addItems(items: SessionItem[]): Promise<void>;
  getItems(limit?: number): Promise<SessionItem[]>;
  popItem(): Promise<SessionItem | undefined>;
  close(): Promise<void>;
}

/** One store under test (a package or its floor) on a fresh database. */
export interface BenchSubject {
  session(sessionId: string): Promise<BenchSession> | BenchSession;
  /** W6: first page of sessions, newest first. */
  listSessions?(limit: number): Promise<unknown[]>;
  /** Drops the fresh database made for this subject. */
  close(): Promise<void>;
}

export type PhaseId = 'W1' | 'W2' | 'W3' | 'W4' | 'W6';

/** A package and its floor, measured side by side in the same run. */
export interface BenchTarget {
  /** e.g. `@sessions/sqlite` */
  name: string;
  /** e.g. `better-sqlite3` */
  floorName: string;
  phases: PhaseId[];
  /** Largest acceptable package/floor ratio per phase (from BENCHMARK.md); printed next to each figure. */
  limits?: Partial<Record<PhaseId, number>>;
  /** Whether this target can run here now (a server may be down); a reason when not. */
  available?(): Promise<true | string>;
  /** A fresh, empty store for the package. */
  packageSubject(): Promise<BenchSubject>;
  /** A fresh, empty store for the hand-written floor. */
  floorSubject(): Promise<BenchSubject>;
}
