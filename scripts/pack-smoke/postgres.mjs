// Issue 3's snippet, as a user runs it after `npm i @sessions/postgres pg @openai/agents`
// and `npx sessions-postgres migrate --url ...`: from a URL, from the app's pool, from its Drizzle database.
import { Agent, run, setTracingDisabled, Usage } from '@openai/agents';
import { ScriptedModel, assistantMessage } from '@openai/agents-core/testing';
import { AdvancedPostgresSession, PostgresSession, listSessions, openSessionStore } from '@sessions/postgres';
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

// The README's "Advanced sessions" snippet, with a ScriptedModel reporting usage.
const respond = (text) => ({
  output: [assistantMessage(text)],
  usage: new Usage({ requests: 1, inputTokens: 120, outputTokens: 30 }),
  providerData: { model: 'gpt-4.1-mini' },
});
const advancedAgent = new Agent({ name: 'Assistant', model: new ScriptedModel([respond('Hi!'), respond('Sunny.'), respond('Cloudy, on the branch.')]) });
const advancedPool = new pg.Pool({ connectionString: url });
const advanced = AdvancedPostgresSession.fromUrl('conv_123', { url, owner: 'user-42' });
const result = await run(advancedAgent, 'Hello', { session: advanced });
await advanced.storeRunUsage(result);
await advanced.storeRunUsage(await run(advancedAgent, 'What is the weather?', { session: advanced }));
const stats = await advanced.getUsageStats();
const branchId = await advanced.createBranchFromTurn(2);
const sameBranch = new AdvancedPostgresSession(branchId, { pool: advancedPool });
await run(advancedAgent, 'And the weather tomorrow?', { session: sameBranch });
const found = (await advanced.findTurnsByContent('weather')).map((t) => t.turn);
await advanced.setMetadata({ plan: 'pro' });
const listed = await advanced.listSessions({ metadata: { plan: 'pro' } });
const branchItems = await advanced.getItems();
await Promise.all([advanced.close(), sameBranch.close()]);
await advancedPool.end();

const store = await openSessionStore(url);
const owned = await store.listSessions({ owner: 'user-42' });
await store.close();
console.log('advanced:', stats.totalRuns, 'runs, $' + stats.totalCost.toFixed(6), '/ branch', branchId, 'holds', branchItems.length, 'items / search', found, '/ owned', owned.sessions.map((s) => s.sessionId));
if (stats.totalRuns !== 2) throw new Error(`expected 2 stored runs, got ${stats.totalRuns}`);
if (branchItems.length !== 4) throw new Error(`expected the branch to hold turn 1 and its own turn, got ${branchItems.length} items`);
if (listed.length !== 1 || owned.sessions.length !== 1 || owned.sessions[0].branchCount !== 2) throw new Error('expected conv_123 listed with its metadata, owner and 2 branches');
