import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tsxLoader } from './run-cli.js';

const DEMO_DIR = fileURLToPath(new URL('../../../../apps/demo/', import.meta.url));

/**
 * Runs the demo's tour (`pnpm demo`) on a store, as a user would to have
 * something to look at: three turns with a tool call, a turn from another
 * process, a branch from turn 2 and usage per turn. Returns the tour's session id.
 */
export async function runDemoTour(args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.OPENAI_API_KEY;
  const child = spawn(process.execPath, ['--import', tsxLoader, '--conditions=@sessions/source', 'src/main.ts', ...args], { cwd: DEMO_DIR, env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const sessionId = /session (tour_\S+) ·/.exec(stdout)?.[1];
  if (code !== 0 || !sessionId) throw new Error(`the demo tour failed (exit ${code})\nstdout: ${stdout}\nstderr: ${stderr}`);
  return sessionId;
}
