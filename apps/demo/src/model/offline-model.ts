import { randomBytes } from 'node:crypto';
import type { ModelRequest, ModelResponse, StreamEvent } from '@openai/agents-core';
import { ScriptedModel, assistantMessage, functionCall, modelResponder, type RecordedModelCall } from '@openai/agents-core/testing';
import { viewOf } from './conversation-view.js';
import { decideReply } from './replies.js';
import { usageFor } from './token-usage.js';

/** The model the offline model's usage is reported (and priced) as: a small, cheap OpenAI model. */
export const OFFLINE_MODEL_NAME = 'gpt-4.1-mini';

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/** One model step: read the request (question, history, tool results) and answer from it. */
function respond(call: RecordedModelCall): ModelResponse {
  const reply = decideReply(viewOf(call.request.input));
  const output =
    reply.type === 'say'
      ? [assistantMessage(reply.text, { id: newId('msg') })]
      : [functionCall(reply.tool, reply.args, { callId: newId('call') })];
  // providerData.model is where OpenAI's provider reports the model; stores price usage by it.
  return { output, usage: usageFor(call.request, output), responseId: newId('resp'), providerData: { model: OFFLINE_MODEL_NAME } };
}

/**
 * A `ScriptedModel` whose script never runs out: before each call it queues
 * one `modelResponder` step, so every answer is computed from the request the
 * runner sends (which holds the session's history), not from a fixed list.
 */
export class OfflineModel extends ScriptedModel {
  readonly name = OFFLINE_MODEL_NAME;

  #queueStep(): void {
    if (this.remainingSteps === 0) this.enqueue(modelResponder(respond));
  }

  override getResponse(request: ModelRequest): Promise<ModelResponse> {
    this.#queueStep();
    return super.getResponse(request);
  }

  override getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent> {
    this.#queueStep();
    return super.getStreamedResponse(request);
  }
}
