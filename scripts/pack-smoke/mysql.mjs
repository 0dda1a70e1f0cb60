// Issue 3's snippet, as a user runs it after `npm i @sessions/mysql mysql2 @openai/agents` and `npx sessions-mysql migrate --url ...`.
import { Agent, run, setTracingDisabled } from '@openai/agents';
import { ScriptedModel, assistantMessage } from '@openai/agents-core/testing';
import { MySQLSession, listSessions } from '@sessions/mysql';

setTracingDisabled(true);
const url = process.env.DATABASE_URL;
const model = new ScriptedModel([[assistantMessage('San Francisco')], [assistantMessage('California')]]);
const agent = new Agent({ name: 'Assistant', instructions: 'Reply concisely.', model });
const s = MySQLSession.fromUrl('user-123', { url });
const r1 = await run(agent, 'What city is the Golden Gate Bridge in?', { session: s });
const r2 = await run(agent, 'What state is it in?', { session: s }); // sees the history
if (!JSON.stringify(model.calls[1].request.input).includes('San Francisco')) throw new Error('second run did not see the history');
const items = await s.getItems();
await s.close();
const { sessions } = await listSessions({ url });
console.log(r1.finalOutput, '/', r2.finalOutput, `/ ${items.length} items stored`, '/', JSON.stringify(sessions));
if (items.length !== 4) throw new Error(`expected 4 items, got ${items.length}`);
