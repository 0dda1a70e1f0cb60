/**
 * Child process of the cross-process usage case: resumes a serialised run
 * (approved, read from a file) with a session of the store, stores its usage,
 * and writes the finished run's serialised state to the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { run, RunState, setTracingDisabled } from '@openai/agents';
import type { AdvancedSessionBase } from '@sessions/core';
import { approvalAgent, SECOND_RESPONSE } from './approval-run.js';

setTracingDisabled(true);
const [moduleHref, sessionId, stateFile] = process.argv.slice(2);
const { openSession } = (await import(moduleHref!)) as { openSession(sessionId: string): AdvancedSessionBase };
const session = openSession(sessionId!);
const agent = approvalAgent([SECOND_RESPONSE]);
const state = await RunState.fromString(agent, readFileSync(stateFile!, 'utf8'));
const result = await run(agent, state, { session });
await session.storeRunUsage(result);
writeFileSync(stateFile!, result.state.toString());
await session.close();
process.stdout.write(`${String(result.finalOutput)}\n`);
