import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import { SessionError } from '../errors.js';
import type { TokenCounts } from './types.js';

/** The parts of an `@openai/agents` usage object we read. */
interface UsageLike {
  requests?: number;
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  inputTokensDetails?: Record<string, number>[] | Record<string, number>;
  outputTokensDetails?: Record<string, number>[] | Record<string, number>;
}

/**
 * What `storeRunUsage` reads from a run result (a `RunResult` or
 * `StreamedRunResult` of `@openai/agents`): `state.usage`, and the model
 * names of `rawResponses` / `lastAgent` for pricing.
 */
export interface RunUsageSource {
  state: { usage: UsageLike };
  rawResponses?:
    | readonly { usage?: UsageLike; output?: unknown; responseId?: unknown; providerData?: Record<string, unknown> | undefined }[]
    | undefined;
  lastAgent?: { model?: unknown } | undefined;
}

/** Token counts of one run for one model. */
export interface UsageRecord extends TokenCounts {
  model: string | null;
  inputTokensDetails: Record<string, number>;
  outputTokensDetails: Record<string, number>;
}

const count = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0);

function sumDetails(details: UsageLike['inputTokensDetails']): Record<string, number> {
  const list = Array.isArray(details) ? details : details ? [details] : [];
  const sum: Record<string, number> = {};
  for (const entry of list) {
    if (!entry || typeof entry !== 'object') continue;
    for (const [key, value] of Object.entries(entry)) if (typeof value === 'number' && Number.isFinite(value)) sum[key] = (sum[key] ?? 0) + value;
  }
  return sum;
}

function recordOf(model: string | null, usage: UsageLike): UsageRecord {
  const inputTokensDetails = sumDetails(usage.inputTokensDetails);
  const outputTokensDetails = sumDetails(usage.outputTokensDetails);
  const inputTokens = count(usage.inputTokens);
  const outputTokens = count(usage.outputTokens);
  return {
    model,
    requests: count(usage.requests),
    inputTokens,
    cachedInputTokens: count(inputTokensDetails.cached_tokens),
    outputTokens,
    reasoningTokens: count(outputTokensDetails.reasoning_tokens),
    totalTokens: usage.totalTokens === undefined ? inputTokens + outputTokens : count(usage.totalTokens),
    inputTokensDetails,
    outputTokensDetails,
  };
}

function addDetails(a: Record<string, number>, b: Record<string, number>, sign: 1 | -1): Record<string, number> {
  const out = { ...a };
  for (const [key, value] of Object.entries(b)) out[key] = (out[key] ?? 0) + sign * value;
  return out;
}

export function combine(a: UsageRecord, b: UsageRecord, sign: 1 | -1 = 1): UsageRecord {
  return {
    model: a.model,
    requests: a.requests + sign * b.requests,
    inputTokens: a.inputTokens + sign * b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + sign * b.cachedInputTokens,
    outputTokens: a.outputTokens + sign * b.outputTokens,
    reasoningTokens: a.reasoningTokens + sign * b.reasoningTokens,
    totalTokens: a.totalTokens + sign * b.totalTokens,
    inputTokensDetails: addDetails(a.inputTokensDetails, b.inputTokensDetails, sign),
    outputTokensDetails: addDetails(a.outputTokensDetails, b.outputTokensDetails, sign),
  };
}

export function isEmptyRecord(r: UsageRecord): boolean {
  return r.requests === 0 && r.inputTokens === 0 && r.outputTokens === 0 && r.totalTokens === 0;
}

const nonEmptyString = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * Splits a run's `state.usage` by model. The model of a model response is
 * `providerData.model` (what the OpenAI providers report), else the run's
 * last agent's `model` when it is a name; `override` wins over both.
 * Without any name the record's model is `null` and it counts as unpriced.
 */
export function usageRecords(sessionId: string, result: unknown, override?: string): UsageRecord[] {
  const source = result as Partial<RunUsageSource> | null;
  const usage = source?.state?.usage;
  if (!source || typeof source !== 'object' || !usage || typeof usage !== 'object') {
    throw new SessionError('INVALID_ARGUMENT', 'storeRunUsage expects the result of run() (an object with state.usage)', { sessionId });
  }
  const total = recordOf(null, usage);
  const fallback = override ?? nonEmptyString(source.lastAgent?.model) ?? null;
  if (override !== undefined) return [{ ...total, model: override }];

  const responses = Array.isArray(source.rawResponses) ? source.rawResponses : [];
  const models = responses.map((r) => nonEmptyString(r?.providerData?.model) ?? fallback);
  const distinct = new Set(models);
  if (distinct.size <= 1) return [{ ...total, model: models[0] ?? fallback }];

  const byModel = new Map<string | null, UsageRecord>();
  let accounted = recordOf(null, { requests: 0 });
  responses.forEach((response, i) => {
    const record = recordOf(models[i]!, response.usage ?? { requests: 1 });
    const previous = byModel.get(record.model);
    byModel.set(record.model, previous ? combine(previous, record) : record);
    accounted = combine(accounted, record);
  });
  // Usage the run counted outside its model responses (e.g. failed attempts) goes to the fallback model.
  const rest = combine(total, accounted, -1);
  if (!isEmptyRecord(rest) && rest.requests >= 0 && rest.totalTokens >= 0) {
    const previous = byModel.get(fallback);
    byModel.set(fallback, previous ? combine(previous, { ...rest, model: fallback }) : { ...rest, model: fallback });
  }
  return [...byModel.values()];
}

/** One model response of a run that has an id: its usage, and the key it is stored once under. */
export interface ResponseUsage {
  /**
   * sha256 of the response id, output and token counts: the same response
   * gives the same key in any process (a run serialised and resumed keeps its
   * responses), while two responses that only share an id (test models that
   * number their responses) differ in output or usage.
   */
  key: string;
  record: UsageRecord;
}

/** A run's usage split into the model responses that have an id, and the rest by model. */
export interface SplitRunUsage {
  responses: ResponseUsage[];
  /** Usage of responses without an id and usage counted outside any response, by model. */
  rest: UsageRecord[];
}

function plainJson(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value ?? null)) as unknown;
  } catch {
    return null;
  }
}

function responseKey(responseId: string, output: unknown, record: UsageRecord): string {
  // The model name is left out: a `model` option given when storing the run again does not make it another response.
  const text = canonicalJson({ responseId, output: plainJson(output), usage: plainJson({ ...record, model: undefined }) });
  return createHash('sha256').update(text).digest('hex');
}

function usageOf(record: UsageRecord): UsageLike {
  return {
    requests: record.requests,
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    totalTokens: record.totalTokens,
    inputTokensDetails: record.inputTokensDetails,
    outputTokensDetails: record.outputTokensDetails,
  };
}

/**
 * Splits a run's usage (see `usageRecords`) into its model responses with an
 * id (`rawResponses[i].responseId`), each stored at most once per branch, and
 * the rest, which only the same run object in one process can tell apart
 * from what it stored before.
 */
export function splitRunUsage(sessionId: string, result: unknown, override?: string): SplitRunUsage {
  const all = usageRecords(sessionId, result, override);
  const source = result as RunUsageSource;
  const list = Array.isArray(source.rawResponses) ? source.rawResponses : [];
  const fallback = override ?? nonEmptyString(source.lastAgent?.model) ?? null;
  const responses: ResponseUsage[] = [];
  const unkeyed: NonNullable<RunUsageSource['rawResponses']>[number][] = [];
  let keyedSum = recordOf(null, { requests: 0 });
  for (const response of list) {
    const id = nonEmptyString(response?.responseId);
    if (id === undefined) {
      unkeyed.push(response);
      continue;
    }
    const model = override ?? nonEmptyString(response.providerData?.model) ?? fallback;
    const record = recordOf(model, response.usage ?? { requests: 1 });
    responses.push({ key: responseKey(id, response.output, record), record });
    keyedSum = combine(keyedSum, record);
  }
  if (responses.length === 0) return { responses, rest: all };
  const rest = combine(recordOf(null, source.state.usage), keyedSum, -1);
  const counts = [rest.requests, rest.inputTokens, rest.outputTokens, rest.totalTokens];
  if (isEmptyRecord(rest) || counts.some((n) => n < 0)) return { responses, rest: [] };
  const restSource = { state: { usage: usageOf(rest) }, rawResponses: unkeyed, lastAgent: source.lastAgent };
  return { responses, rest: usageRecords(sessionId, restSource, override).filter((record) => !isEmptyRecord(record)) };
}
