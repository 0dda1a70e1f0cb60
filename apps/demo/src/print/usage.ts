/** Token counts as one short line: "3 requests, 1,234 in (0 cached) + 56 out = 1,290 tokens". */
export interface TokenCounts {
  requests?: number;
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

const n = (value: number | undefined) => (value ?? 0).toLocaleString('en-US');

export function formatTokens(usage: TokenCounts): string {
  const requests = usage.requests ?? 0;
  return `${requests} request${requests === 1 ? '' : 's'}, ${n(usage.inputTokens)} in + ${n(usage.outputTokens)} out = ${n(usage.totalTokens)} tokens`;
}

/** Dollars with enough digits to show fractions of a cent. */
export function formatCost(dollars: number | undefined | null): string {
  if (dollars === undefined || dollars === null) return 'unpriced';
  return `$${dollars.toFixed(dollars < 0.01 ? 6 : 4)}`;
}
