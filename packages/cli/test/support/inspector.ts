import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { startCli } from './run-cli.js';

export interface RunningInspector {
  /** The address printed, token included. */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  token: string;
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Ctrl-C, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `sessions ui --url URL [args]` and waits for the address it prints. */
export function startInspector(url: string, args: string[] = []): Promise<RunningInspector> {
  const child = startCli(['ui', '--url', url, ...args]);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sessions ui did not print its address in 60 s\nstdout: ${stdout}\nstderr: ${stderr}`)), 60_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^sessions ui: (http:\/\/\S+)\/\?token=(\S+)\s/m.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: `${match[1]}/?token=${match[2]}`,
        origin: match[1]!,
        token: match[2]!,
        child,
        stdout: () => stdout,
        stderr: () => stderr,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGINT');
          return exited;
        },
      });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`sessions ui exited ${code} before printing its address\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
}

/** One API call with the token, as the page makes it. */
export async function api<T = unknown>(inspector: RunningInspector, path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${inspector.origin}/api/${path}`, { headers: { Authorization: `Bearer ${inspector.token}` } });
  return { status: response.status, body: (await response.json()) as T };
}
