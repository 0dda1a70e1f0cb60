import { readFileSync } from 'node:fs';
import { costOf, DEFAULT_PRICES, priceFor } from '@sessions/core';
import { usageError } from './cli-error.js';
import type { Pricer } from './session-view.js';

interface Price {
  input: number;
  cachedInput?: number | undefined;
  output: number;
}

/**
 * Prices usage rows with @sessions/core's price table (the same
 * defaults `getUsageStats` uses), overridden by `--prices FILE`: a JSON object
 * of model name to `{ input, output, cachedInput? }` dollars per million tokens.
 */
export async function loadPricer(pricesFile: string | undefined): Promise<Pricer> {
  let overrides: Record<string, Price> = {};
  if (pricesFile !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(pricesFile, 'utf8'));
    } catch (error) {
      throw usageError(`--prices ${pricesFile}: cannot read a JSON price table (${(error as Error).message})`);
    }
    const ok = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw usageError(`--prices ${pricesFile}: expected a JSON object of model name to price`);
    for (const [model, price] of Object.entries(value as Record<string, Partial<Price>>)) {
      if (!price || !ok(price.input) || !ok(price.output) || (price.cachedInput !== undefined && !ok(price.cachedInput))) {
        throw usageError(`--prices ${pricesFile}: ${JSON.stringify(model)} must be { input, output, cachedInput? } in dollars per million tokens`);
      }
    }
    overrides = value as Record<string, Price>;
  }
  const table = { ...DEFAULT_PRICES, ...overrides };
  return (row) => {
    const price = priceFor(row.model, table);
    return price ? costOf(row, price) : undefined;
  };
}
