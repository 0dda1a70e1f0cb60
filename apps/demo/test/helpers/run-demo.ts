import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const DEMO_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('../../../..', import.meta.url));
const PNPM = fileURLToPath(new URL('../../../../node_modules/.bin/pnpm', import.meta.url));

export interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `src/main.ts` in a child process the way `pnpm demo` does (tsx, the
 * source export condition), optionally piping `stdin` as a chat script.
 * OPENAI_API_KEY is removed so nothing can reach the network.
 */
export function runDemo(args: string[], options: RunOptions = {}): Promise<DemoRun> {
  return runProcess(process.execPath, ['--import', 'tsx', '--conditions=@sessions/source', 'src/main.ts', ...args], DEMO_DIR, options);
}

/** Runs the root script literally, `pnpm demo <args>` from the repository root, as the README says. */
export function runPnpmDemo(args: string[], options: RunOptions = {}): Promise<DemoRun> {
  return runProcess(PNPM, ['demo', ...args], REPO_DIR, options);
}

interface RunOptions {
  stdin?: string;
  env?: NodeJS.ProcessEnv;
}

function runProcess(command: string, args: string[], cwd: string, options: RunOptions): Promise<DemoRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
  delete env.OPENAI_API_KEY;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** A chat script: one message or /command per line. */
export function script(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** The output printed between `you> <line>` and the next prompt echo. */
export function replyTo(stdout: string, line: string): string {
  const start = stdout.indexOf(`you> ${line}\n`);
  if (start === -1) throw new Error(`the transcript has no "you> ${line}":\n${stdout}`);
  const from = start + `you> ${line}\n`.length;
  const next = stdout.indexOf('\nyou> ', from);
  return stdout.slice(from, next === -1 ? undefined : next + 1);
}
