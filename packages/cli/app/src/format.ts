/** How figures read on the page (also used by the tests to compare with `sessions usage --json`). */

export function formatCost(dollars: number): string {
  return `$${dollars >= 1 ? dollars.toFixed(2) : dollars.toFixed(6)}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** 12,345 -> "12.3k": for chart axes and tight labels. */
export function formatShort(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n >= 10_000_000 ? 0 : 1)}M`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(n >= 10_000 ? 0 : 1)}k`;
  return String(Math.round(n));
}

/** ISO-8601 UTC as "2026-01-02 03:04:05 UTC". */
export function formatTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Long generated ids (branch_from_turn_2_1795856114_dc121667) shortened for labels; the full id stays in the title. */
export function shortId(id: string, max = 28): string {
  return id.length <= max ? id : `${id.slice(0, max - 9)}…${id.slice(-8)}`;
}
