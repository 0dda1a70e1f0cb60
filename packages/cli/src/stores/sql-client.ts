import type { Dialect } from '../store-url.js';

/** The little of a SQL driver the CLI uses, the same for the three dialects. Placeholders are `?`. */
export interface SqlClient {
  readonly dialect: Dialect;
  /** Quotes an identifier. */
  id(name: string): string;
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
  /** Runs `body` in one transaction on this client's single connection. */
  transaction<T>(body: () => Promise<T>): Promise<T>;
  tableExists(name: string): Promise<boolean>;
  /** An expression reading a timestamp column as ISO-8601 UTC text. */
  isoTimestamp(column: string): string;
  /** The parameter value to store an ISO-8601 UTC timestamp in a timestamp column. */
  timestampParam(iso: string): unknown;
  /** An expression reading a JSON/text column as text, byte for byte where the type allows. */
  text(column: string): string;
  close(): Promise<void>;
}
