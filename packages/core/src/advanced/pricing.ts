/** Price of a model in US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  /** Cached input tokens; the `input` price when omitted. */
  cachedInput?: number | undefined;
  output: number;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * OpenAI's published standard-tier text prices (USD per 1M tokens) as of
 * 2025. Prices change: pass `prices` to override or add models.
 */
export const DEFAULT_PRICES: PriceTable = Object.freeze({
  'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  'o3-mini': { input: 1.1, cachedInput: 0.55, output: 4.4 },
  'o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },
});

/**
 * The price of `model` in `table`: an exact match first, then the name
 * without a provider prefix (`openai/gpt-4o`) and without a date snapshot
 * suffix (`gpt-4o-2024-08-06`).
 */
export function priceFor(model: string | null | undefined, table: PriceTable): ModelPrice | undefined {
  if (!model) return undefined;
  const candidates = [model];
  const bare = model.includes('/') ? model.slice(model.lastIndexOf('/') + 1) : model;
  candidates.push(bare, bare.replace(/-\d{4}-\d{2}-\d{2}$/, ''));
  for (const name of candidates) {
    if (Object.hasOwn(table, name)) return table[name];
  }
  return undefined;
}

export interface TokenCounts {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
}

/** Dollars for the given tokens; cached input tokens are part of `inputTokens`, billed at the cached price. */
export function costOf(tokens: TokenCounts, price: ModelPrice): number {
  const cached = Math.min(tokens.cachedInputTokens, tokens.inputTokens);
  const uncached = tokens.inputTokens - cached;
  return (uncached * price.input + cached * (price.cachedInput ?? price.input) + tokens.outputTokens * price.output) / 1_000_000;
}

export function checkPriceTable(value: unknown): PriceTable {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError('prices must be an object of model name to price');
  for (const [model, price] of Object.entries(value as Record<string, unknown>)) {
    const p = price as Partial<ModelPrice> | null;
    const ok = (n: unknown, optional = false) => (optional && n === undefined) || (typeof n === 'number' && Number.isFinite(n) && n >= 0);
    if (p === null || typeof p !== 'object' || !ok(p.input) || !ok(p.output) || !ok(p.cachedInput, true)) {
      throw new TypeError(`prices[${JSON.stringify(model)}] must be { input, output, cachedInput? } in dollars per million tokens`);
    }
  }
  return value as PriceTable;
}
