// The advanced snippet of @sessions/mysql's README, with a ScriptedModel instead of a provider model,
// after `npm i @sessions/mysql mysql2 @openai/agents` and `npx sessions-mysql migrate --url ...`.
import { Agent, run, setTracingDisabled, Usage } from '@openai/agents';
import { ScriptedModel, assistantMessage } from '@openai/agents-core/testing';
import { AdvancedMySQLSession, openSessionStore } from '@sessions/mysql';

setTracingDisabled(true);
const url = process.env.DATABASE_URL;
const respond = (text) => ({
  output: [assistantMessage(text)],
  usage: new Usage({ requests: 1, inputTokens: 120, outputTokens: 30, inputTokensDetails: { cached_tokens: 20 } }),
  providerData: { model: 'gpt-4.1-mini' },
});
const agent = new Agent({ name: 'Assistant', model: new ScriptedModel([respond('Hi!'), respond('Sunny.'), respond('Cloudy, on the branch.')]) });

const session = AdvancedMySQLSession.fromUrl('conv_123', { url, owner: 'user-42' });
await session.storeRunUsage(await run(agent, 'Hello', { session }));
await session.storeRunUsage(await run(agent, 'What is the weather?', { session }));
console.log('usage', await session.getSessionUsage(), await session.getTurnUsage(2));
console.log('stats', await session.getUsageStats());

const branchId = await session.createBranchFromTurn(2); // turn 1 only, then ask turn 2 differently
await run(agent, 'And the weather tomorrow?', { session });
console.log('branches', await session.listBranches());
console.log('search', (await session.findTurnsByContent('weather')).map((t) => t.turn));
await session.setMetadata({ plan: 'pro' });
await session.close();

const store = await openSessionStore(url);
const { sessions } = await store.listSessions({ owner: 'user-42' });
console.log('user-42', sessions);
const archive = await store.readArchive('conv_123');
await store.close();
if (sessions.length !== 1 || archive.branches.length !== 2 || !archive.branches.some((b) => b.branchId === branchId)) {
  throw new Error('advanced snippet: expected one owned session with two branches');
}
