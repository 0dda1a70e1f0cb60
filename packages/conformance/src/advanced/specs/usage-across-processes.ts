import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, RunResult, RunState, setTracingDisabled } from '@openai/agents';
import { describe, expect, it } from 'vitest';
import { approvalAgent, FIRST_RESPONSE } from '../child/approval-run.js';
import { useAdvancedStore } from '../fixtures.js';
import type { AdvancedConformanceTarget, AdvancedProcessCapability } from '../target.js';

setTracingDisabled(true);

/** Runs the resume child on the store; resolves with what it printed. */
function resumeInChild(processes: AdvancedProcessCapability, sessionId: string, stateFile: string): Promise<string> {
  const source = import.meta.url.endsWith('.ts');
  const child = fileURLToPath(new URL(`../child/resume-run.${source ? 'ts' : 'js'}`, import.meta.url));
  const loader = source || processes.sessionModule.pathname.endsWith('.ts') ? ['--import', 'tsx', '--conditions=@sessions/source'] : [];
  const args = [...loader, child, processes.sessionModule.href, sessionId, stateFile];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { env: { ...process.env, ...processes.env() }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => (code === 0 ? resolve(stdout.trim()) : reject(new Error(`resume child exited with ${code}: ${stderr}`))));
  });
}

export function usageAcrossProcessesSpec(target: AdvancedConformanceTarget): void {
  const processes = target.processes;

  describe.runIf(processes !== undefined)(`storeRunUsage across processes: ${target.name}`, () => {
    const db = useAdvancedStore(target);

    it('a run interrupted here, resumed and stored in another process, then stored here again, counts each model response once', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sessions-usage-'));
      try {
        const session = db.open('conv');
        const agent = approvalAgent([FIRST_RESPONSE]);
        const interrupted = await run(agent, 'delete it', { session });
        expect(interrupted.interruptions).toHaveLength(1);
        await session.storeRunUsage(interrupted);
        interrupted.state.approve(interrupted.interruptions[0]!);
        const stateFile = join(dir, 'state.json');
        writeFileSync(stateFile, interrupted.state.toString());

        expect(await resumeInChild(processes!, 'conv', stateFile)).toBe('Deleted.');

        // The finished run, as this process gets it back, stored here too: nothing is added.
        const finished = new RunResult(await RunState.fromString(agent, readFileSync(stateFile, 'utf8')));
        expect(finished.rawResponses.map((r) => r.responseId)).toEqual(['resp_first', 'resp_second']);
        await session.storeRunUsage(finished);
        // And the interrupted result once more.
        await session.storeRunUsage(interrupted);

        const expected = { runs: 1, requests: 2, inputTokens: 400, outputTokens: 15, totalTokens: 415 };
        expect(await session.getSessionUsage()).toMatchObject({ ...expected, totalTurns: 1 });
        expect(await session.getUsageStats()).toMatchObject({ totalRuns: 1, totalRequests: 2, totalInputTokens: 400, totalOutputTokens: 15, totalTokens: 415 });
        expect(await session.getTurnUsage(1)).toMatchObject(expected);
        expect((await db.raw.usageRows()).reduce((sum, row) => sum + row.requests, 0)).toBe(2);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
