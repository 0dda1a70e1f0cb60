import { usageError } from './cli-error.js';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A duration option such as `30d`, `12h`, `90m`, `45s` or `2w`, in milliseconds. */
export function parseDuration(value: unknown, option: string): number | undefined {
  if (value === undefined) return undefined;
  const match = typeof value === 'string' ? /^(\d+)([smhdw])$/.exec(value.trim()) : null;
  if (!match || Number(match[1]) === 0) {
    throw usageError(`--${option} must be a duration like 30d, 12h, 90m, 45s or 2w, got ${JSON.stringify(value)}`);
  }
  return Number(match[1]) * UNITS[match[2]!]!;
}
