import { splitRunUsage } from '@sessions/core';
import { describe, expect, it } from 'vitest';

const usage = (input: number, output: number, requests = 1) => ({ requests, inputTokens: input, outputTokens: output, totalTokens: input + output });
const response = (id: string | undefined, text: string, input: number, output: number, model?: string) => ({
  ...(id === undefined ? {} : { responseId: id }),
  output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }],
  usage: usage(input, output),
  ...(model ? { providerData: { model } } : {}),
});
const runOf = (responses: ReturnType<typeof response>[], total = responses.reduce((sum, r) => ({
  requests: sum.requests + 1,
  inputTokens: sum.inputTokens + r.usage.inputTokens,
  outputTokens: sum.outputTokens + r.usage.outputTokens,
  totalTokens: sum.totalTokens + r.usage.totalTokens,
}), usage(0, 0, 0))) => ({ state: { usage: total }, rawResponses: responses, lastAgent: { model: 'gpt-4.1' } });

describe('splitRunUsage', () => {
  it('gives each response with an id a key of its own, the same for the same response', () => {
    const first = splitRunUsage('s', runOf([response('resp_1', 'a', 10, 1), response('resp_2', 'b', 20, 2)]));
    expect(first.responses.map((r) => [r.record.inputTokens, r.record.model])).toEqual([
      [10, 'gpt-4.1'],
      [20, 'gpt-4.1'],
    ]);
    expect(first.rest).toEqual([]);
    const again = splitRunUsage('s', JSON.parse(JSON.stringify(runOf([response('resp_1', 'a', 10, 1)]))));
    expect(again.responses[0]!.key).toBe(first.responses[0]!.key);
    // A model name given when storing again does not make it another response.
    expect(splitRunUsage('s', runOf([response('resp_1', 'a', 10, 1)]), 'gpt-5').responses[0]!.key).toBe(first.responses[0]!.key);
  });

  it('tells apart responses that only share an id (test models number theirs)', () => {
    const a = splitRunUsage('s', runOf([response('scripted-response-1', 'a', 10, 1)]));
    const b = splitRunUsage('s', runOf([response('scripted-response-1', 'b', 10, 1)]));
    const c = splitRunUsage('s', runOf([response('scripted-response-1', 'a', 11, 1)]));
    expect(new Set([a, b, c].map((split) => split.responses[0]!.key)).size).toBe(3);
  });

  it('leaves responses without an id and usage outside any response to the rest, by model', () => {
    const run = runOf([response('resp_1', 'a', 10, 1, 'gpt-4.1-mini'), response(undefined, 'b', 20, 2, 'gpt-4.1-mini')], usage(130, 13, 3));
    const { responses, rest } = splitRunUsage('s', run);
    expect(responses.map((r) => r.record.inputTokens)).toEqual([10]);
    expect(rest.map((r) => [r.model, r.requests, r.inputTokens, r.outputTokens])).toEqual([['gpt-4.1-mini', 2, 120, 12]]);
  });

  it('without any response id the rest is the whole run, as before', () => {
    const run = runOf([response(undefined, 'a', 10, 1)]);
    const { responses, rest } = splitRunUsage('s', run);
    expect(responses).toEqual([]);
    expect(rest.map((r) => [r.model, r.requests, r.inputTokens])).toEqual([['gpt-4.1', 1, 10]]);
  });

  it('a run total below its responses leaves no negative rest', () => {
    const { rest } = splitRunUsage('s', runOf([response('resp_1', 'a', 10, 1)], usage(5, 0)));
    expect(rest).toEqual([]);
  });
});
