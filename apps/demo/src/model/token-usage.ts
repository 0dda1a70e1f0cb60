import { Usage, type ModelRequest } from '@openai/agents-core';

/** Roughly four characters per token, as OpenAI's own rule of thumb says for English text. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

/** OpenAI caches prompt prefixes of 1,024 tokens and more, in steps of 128. */
function cachedTokens(promptTokens: number): number {
  return promptTokens < 1024 ? 0 : Math.floor((promptTokens - 64) / 128) * 128;
}

/**
 * Usage the offline model reports for one request, sized like a real model's:
 * instructions, tool schemas and the whole input count as prompt tokens; the
 * produced items as completion tokens.
 */
export function usageFor(request: Pick<ModelRequest, 'input' | 'systemInstructions' | 'tools'>, output: unknown[]): Usage {
  const prompt =
    estimateTokens(request.systemInstructions ?? '') +
    estimateTokens(JSON.stringify(request.tools ?? [])) +
    estimateTokens(JSON.stringify(request.input)) +
    // per-message framing tokens
    3 * (Array.isArray(request.input) ? request.input.length : 1);
  const completion = 3 + estimateTokens(JSON.stringify(output.map((item) => (item as { content?: unknown; arguments?: unknown }).content ?? (item as { arguments?: unknown }).arguments)));
  return new Usage({
    requests: 1,
    inputTokens: prompt,
    outputTokens: completion,
    totalTokens: prompt + completion,
    inputTokensDetails: { cached_tokens: cachedTokens(prompt) },
    outputTokensDetails: { reasoning_tokens: 0 },
  });
}
