// Issue 3's snippet, as a user runs it after `npm i @sessions/postgres pg @openai/agents`
// and `npx sessions-postgres migrate --url ...`: from a URL, from the app's pool, from its Drizzle database.
import { Agent, run, setTracingDisabled } from '@openai/agents';
import { ScriptedModel, assistantMessage } from '@openai/agents-core/testing';
import { PostgresSession, listSessions } from '@sessions/postgres';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';

setTracingDisabled(true);
const url = process.env.DATABASE_URL;
const model = new ScriptedModel([[assistantMessage('San Francisco')], [assistantMessage('California')]]);
const agent = new Agent({ name: 'Assistant', instructions: 'Reply concisely.', model });

const session = PostgresSession.fromUrl('user-123', { url });
const r1 = await run(agent, 'What city is the Golden Gate Bridge in?', { session });
const r2 = await run(agent, 'What state is it in?', { session }); // sees the history
if (!JSON.stringify(model.calls[1].request.input).includes('San Francisco')) throw new Error('second run did not see the history');
const items = await session.getItems();
await session.close();

const pool = new pg.Pool({ connectionString: url });
const session2 = new PostgresSession('user-456', { pool });
await session2.addItems([{ role: 'user', content: 'from a pool' }]);
await session2.close();
const db = drizzle(pool);
const session3 = new PostgresSession('user-789', { db });
await session3.addItems([{ role: 'user', content: 'from a Drizzle database' }]);
await session3.close();
const { sessions } = await listSessions({ pool });
await pool.end(); // still open after the sessions closed: it is the app's pool

console.log(r1.finalOutput, '/', r2.finalOutput, `/ ${items.length} items stored /`, sessions.map((s) => s.sessionId).join(', '));
if (items.length !== 4) throw new Error(`expected 4 items, got ${items.length}`);
if (sessions.length !== 3) throw new Error(`expected 3 sessions, got ${sessions.length}`);
