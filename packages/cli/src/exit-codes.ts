/**
 * Exit codes scripts can rely on. They never change meaning between versions;
 * the README lists them.
 */
export const ExitCode = {
  /** The command did what it was asked. */
  OK: 0,
  /** Anything else went wrong (a storage error, a failed migration, ...). */
  FAILURE: 1,
  /** Bad command line: unknown command or option, missing or bad argument, bad URL. */
  USAGE: 2,
  /** The session, branch or input file named does not exist. */
  NOT_FOUND: 3,
  /** The store cannot be reached or opened: server down, wrong credentials, unknown database. */
  UNREACHABLE: 4,
  /** The destination already holds a different session with the same id. */
  CONFLICT: 5,
  /** The store's tables are missing or out of date: run `sessions migrate`. */
  NOT_MIGRATED: 6,
  /** An import file is not a valid sessions export (bad JSON, truncated, wrong version). */
  BAD_INPUT: 7,
  /** Stopped by Ctrl-C (SIGINT). */
  INTERRUPTED: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
