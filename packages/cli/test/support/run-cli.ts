import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// `node --import tsx` runs the CLI in one process (the tsx binary would wrap it in a second one, and
// a kill would then stop the wrapper only).
export const tsxLoader = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs')).href;
const main = join(packageDir, 'src', 'main.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the real `sessions` CLI from source (what `tsx --conditions=@sessions/source src/main.ts` runs). */
export function startCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): ChildProcessWithoutNullStreams {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env, FORCE_COLOR: '0' };
  delete env.SESSIONS_URL;
  if (options.env?.SESSIONS_URL) env.SESSIONS_URL = options.env.SESSIONS_URL;
  return spawn(process.execPath, ['--import', tsxLoader, '--conditions=@sessions/source', main, ...args], { cwd: options.cwd ?? packageDir, env });
}

export function sessions(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = startCli(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** Runs the CLI and fails with its output when it does not exit 0. */
export async function sessionsOk(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  const result = await sessions(args, options);
  if (result.code !== 0) throw new Error(`sessions ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return result;
}

/** The command line that runs the CLI from source, for wrappers such as `script` (a pseudo-terminal). */
export function cliCommandLine(args: string[]): string[] {
  return [process.execPath, '--import', tsxLoader, '--conditions=@sessions/source', main, ...args];
}
