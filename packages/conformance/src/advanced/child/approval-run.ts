import { Agent, tool, Usage, type AgentOutputType, type ModelResponse } from '@openai/agents';
import { assistantMessage, functionCall, ScriptedModel } from '@openai/agents-core/testing';

/**
 * The run the cross-process usage case interrupts for approval in one
 * process and resumes in another: its model responses carry ids, as the
 * OpenAI providers' do.
 */
export const FIRST_RESPONSE: ModelResponse = {
  output: [functionCall('delete_file', { path: '/tmp/x' }, { callId: 'call-delete' })],
  usage: new Usage({ requests: 1, inputTokens: 100, outputTokens: 10, totalTokens: 110 }),
  responseId: 'resp_first',
};

export const SECOND_RESPONSE: ModelResponse = {
  output: [assistantMessage('Deleted.')],
  usage: new Usage({ requests: 1, inputTokens: 300, outputTokens: 5, totalTokens: 305 }),
  responseId: 'resp_second',
};

/** The agent of that run; `responses` is what its model answers in this process. */
export function approvalAgent(responses: ModelResponse[]): Agent<unknown, AgentOutputType> {
  const deleteFile = tool({
    name: 'delete_file',
    description: 'Deletes a file',
    parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
    strict: true,
    needsApproval: true,
    execute: async () => 'deleted',
  });
  return new Agent<unknown, AgentOutputType>({ name: 'Approver', instructions: 'Delete files when asked.', model: new ScriptedModel(responses), tools: [deleteFile] });
}
