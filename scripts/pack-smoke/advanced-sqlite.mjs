// Issue 4's snippet, with a ScriptedModel instead of a provider model, after
// `npm i @sessions/advanced-sqlite better-sqlite3 @openai/agents`.
import { Agent, run, setTracingDisabled, Usage } from '@openai/agents';
import { ScriptedModel, assistantMessage } from '@openai/agents-core/testing';
import { AdvancedSQLiteSession } from '@sessions/advanced-sqlite';

setTracingDisabled(true);
const respond = (text) => ({
  output: [assistantMessage(text)],
  usage: new Usage({ requests: 1, inputTokens: 120, outputTokens: 30, inputTokensDetails: { cached_tokens: 20 } }),
  providerData: { model: 'gpt-4.1-mini' },
});
const agent = new Agent({
  name: 'Assistant',
  model: new ScriptedModel([respond('Hi!'), respond('Sunny.'), respond('Cloudy, on the branch.')]),
});

const session = new AdvancedSQLiteSession('conv_123', { path: 'conversations.db' });

const result = await run(agent, 'Hello', { session });
await session.storeRunUsage(result);                 // the @openai/agents RunResult
await session.storeRunUsage(await run(agent, 'What is the weather?', { session }));

console.log('session usage', await session.getSessionUsage());                     // whole session
console.log('main usage', await session.getSessionUsage({ branchId: 'main' }));
console.log('turn 2 usage', await session.getTurnUsage(2));
console.log('stats', await session.getUsageStats());                       // { totalRuns, totalTokens, totalCost, ... }

const turns = await session.getConversationTurns();
console.log('turns', turns.map((t) => [t.turn, t.content]));
const branchId = await session.createBranchFromTurn(2);
await run(agent, 'And the weather tomorrow?', { session });
console.log('branches', await session.listBranches());
await session.switchToBranch(branchId);
await session.deleteBranch(branchId, { force: true });

console.log('by turns', await session.getConversationByTurns());
console.log('tools', await session.getToolUsage());
console.log('search', (await session.findTurnsByContent('weather')).map((t) => t.turn));
console.log('sessions', await session.listSessions());                        // [{ sessionId, createdAt, updatedAt, itemCount, ... }]
console.log('deleted old-id', await session.deleteSession('old-id'));
const stats = await session.getUsageStats();
await session.close();
if (stats.totalRuns !== 3 && stats.totalRuns !== 2) throw new Error(`expected the stored runs in the stats, got ${JSON.stringify(stats)}`);
