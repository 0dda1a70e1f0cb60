// Issue 2's snippet, as a user runs it after `npm i @sessions/sqlite @sessions/core better-sqlite3 @openai/agents`.
import { Agent, run, setTracingDisabled } from '@openai/agents';
import { ScriptedModel, assistantMessage } from '@openai/agents-core/testing';
import { SQLiteSession } from '@sessions/sqlite';

setTracingDisabled(true);
const model = new ScriptedModel([[assistantMessage('San Francisco')], [assistantMessage('California')]]);
const agent = new Agent({ name: 'Assistant', instructions: 'Reply concisely.', model });
const session = new SQLiteSession('conversation_123', { path: 'conversations.db' });
const r1 = await run(agent, 'What city is the Golden Gate Bridge in?', { session });
const r2 = await run(agent, 'What state is it in?', { session }); // sees the history
if (!JSON.stringify(model.calls[1].request.input).includes('San Francisco')) throw new Error('second run did not see the history');
const items = await session.getItems();
await session.close();
console.log(r1.finalOutput, '/', r2.finalOutput, `/ ${items.length} items stored`);
if (items.length !== 4) throw new Error(`expected 4 items, got ${items.length}`);
