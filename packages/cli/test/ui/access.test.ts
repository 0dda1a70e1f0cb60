import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLiteSession } from '@sessions/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startInspector, type RunningInspector } from '../support/inspector.js';
import { sessions } from '../support/run-cli.js';

/** A raw request: fetch would not send a Host of our choosing, a path with `..` in it, or a POST without a body. */
function raw(inspector: RunningInspector, path: string, options: { method?: string; headers?: Record<string, string>; noHost?: boolean } = {}) {
  const { hostname, port } = new URL(inspector.origin);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: options.method ?? 'GET', headers: options.headers, setHost: !options.noHost }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('sessions ui: who may read, and what', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sessions-ui-access-'));
  const storeDir = join(dir, 'store');
  const db = join(storeDir, 'plain.db');
  let inspector: RunningInspector;
  const bearer = () => ({ Authorization: `Bearer ${inspector.token}` });

  beforeAll(async () => {
    mkdirSync(storeDir);
    const session = new SQLiteSession('alpha', { path: db });
    await session.addItems([{ type: 'message', role: 'user', content: 'hello there' }]);
    await session.close();
    inspector = await startInspector(db);
  });

  afterAll(async () => {
    expect(await inspector?.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses requests without the token, or with a wrong one', async () => {
    for (const path of ['/', '/app.js', '/api/sessions', '/api/store']) {
      const answer = await raw(inspector, path);
      expect(answer.status, path).toBe(401);
      expect(answer.body).toContain('refused');
      expect(answer.body).not.toContain('alpha');
    }
    const wrong = await raw(inspector, '/api/sessions', { headers: { Authorization: `Bearer ${inspector.token.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'))}` } });
    expect(wrong.status).toBe(401);
    expect((await raw(inspector, '/api/sessions?token=short')).status).toBe(401);
  });

  it('refuses a Host other than the one served, even with the token (a rebound DNS name)', async () => {
    const { port } = new URL(inspector.origin);
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`, `127.0.0.1.evil.example:${port}`]) {
      const answer = await raw(inspector, `/api/sessions?token=${inspector.token}`, { headers: { Host: host } });
      expect(answer.status, host).toBe(403);
      expect(answer.body).not.toContain('alpha');
    }
    // No Host at all: HTTP/1.1 requires one, and Node's server refuses the request itself.
    expect([400, 403]).toContain((await raw(inspector, `/api/sessions?token=${inspector.token}`, { noHost: true })).status);
    expect((await raw(inspector, '/api/sessions', { headers: { ...bearer(), Host: `localhost:${port}` } })).status).toBe(200);
  });

  it('refuses paths outside the app, and anything but reading', async () => {
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/app.js%2f..%2f..%2fsrc%2fmain.ts', '/%5c..%5cpackage.json', '/src/main.ts', '/api/../../package.json']) {
      const answer = await raw(inspector, path, { headers: bearer() });
      expect([400, 404], path).toContain(answer.status);
      expect(answer.body).not.toContain('"name"');
      expect(answer.body).not.toContain('runCli');
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const answer = await raw(inspector, '/api/sessions', { method, headers: bearer() });
      expect(answer.status, method).toBe(405);
    }
  });

  it('serves the page with the token in the address, sets a cookie for the rest, and sends no-referrer and a strict CSP', async () => {
    const page = await raw(inspector, `/?token=${inspector.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="module" src="app.js">');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const sent = cookie.split(';')[0]!;
    const script = await raw(inspector, '/app.js', { headers: { Cookie: sent } });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toContain('text/javascript');
    // Everything the page loads is served from here: no address of another machine in the bundle.
    expect(script.body).not.toMatch(/https?:\/\/(?!www\.w3\.org)[a-z]/i);
  });

  it('answers the API for a plain SQLite store, and says what it lacks', async () => {
    const store = await api<{ kind: string; holds: { branches: boolean }; lacks: string[] }>(inspector, 'store');
    expect(store.status).toBe(200);
    expect(store.body).toMatchObject({ kind: 'sqlite', holds: { branches: false } });
    expect(store.body.lacks.join(' ')).toContain('no branches');
    const list = await api<{ sessions: { sessionId: string; items: number }[] }>(inspector, 'sessions');
    expect(list.body.sessions).toEqual([expect.objectContaining({ sessionId: 'alpha', items: 1 })]);
    expect((await api(inspector, 'sessions?sort=cost')).status).toBe(400);
    expect((await api(inspector, 'sessions?meta=user=alice')).status).toBe(400);
    expect((await api(inspector, 'session?id=nobody')).status).toBe(404);
    expect((await api(inspector, 'nothing-here')).status).toBe(400);
  });

  it('reports a store file that went away, keeps running, and reads it again once it is back', async () => {
    const away = join(dir, 'moved');
    renameSync(storeDir, away);
    try {
      const gone = await api<{ error: { message: string } }>(inspector, 'sessions');
      expect(gone.status).toBe(503);
      expect(gone.body.error.message).toContain(db);
      expect((await api(inspector, 'store')).status).toBe(503);
      expect(inspector.child.exitCode).toBeNull();
    } finally {
      renameSync(away, storeDir);
    }
    const back = await api<{ sessions: { sessionId: string }[] }>(inspector, 'sessions');
    expect(back.status).toBe(200);
    expect(back.body.sessions.map((s) => s.sessionId)).toEqual(['alpha']);
  });
});

describe('sessions ui: the command line', () => {
  it('--help lists its options and says what --host risks', async () => {
    const { code, stdout } = await sessions(['ui', '--help']);
    expect(code).toBe(0);
    for (const option of ['--url', '--host', '--port', '--open', '--prices']) expect(stdout).toContain(option);
    expect(stdout).toContain('127.0.0.1');
    expect(stdout).toMatch(/--host 0\.0\.0\.0 .*other machines/s);
    expect((await sessions(['--help'])).stdout).toMatch(/\n {2}ui +a local web page/);
  });

  it('fails like the other commands when the store cannot be opened, and refuses a bad port', async () => {
    const url = join(tmpdir(), 'sessions-ui-no-such-dir', 'x.db');
    const missing = await sessions(['ui', '--url', url]);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/^sessions: cannot open .*x\.db: no such file.*\n$/);
    const listed = await sessions(['list', '--url', url]);
    expect([missing.code, missing.stderr]).toEqual([listed.code, listed.stderr]);
    const port = await sessions(['ui', '--url', 'x.db', '--port', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port must be an integer from 0');
  });

  it('says so when the port is taken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sessions-ui-port-'));
    const db = join(dir, 'a.db');
    const session = new SQLiteSession('a', { path: db });
    await session.addItems([{ type: 'message', role: 'user', content: 'hi' }]);
    await session.close();
    const first = await startInspector(db);
    try {
      const second = await sessions(['ui', '--url', db, '--port', new URL(first.origin).port]);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/port \d+ on 127\.0\.0\.1 is in use/);
    } finally {
      await first.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
