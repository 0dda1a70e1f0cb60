// `npx sessions ui` as a user runs it after `npm i @sessions/cli`: the page it
// serves is the one built into the package, and it answers only with the token.
import { spawn } from 'node:child_process';

// The installed bin itself (not through npx), so Ctrl-C reaches it.
const child = spawn(process.execPath, ['node_modules/@sessions/cli/bin/sessions.js', 'ui', '--url', 'sessions.db'], { stdio: ['ignore', 'pipe', 'inherit'] });
const exited = new Promise((resolve) => child.on('exit', resolve));
let stdout = '';
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`sessions ui printed no address: ${stdout}`)), 30_000);
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
    const match = /sessions ui: (http:\/\/\S+)\s/.exec(stdout);
    if (match) {
      clearTimeout(timer);
      resolve(match[1]);
    }
  });
  child.on('exit', (code) => reject(new Error(`sessions ui exited ${code}: ${stdout}`)));
});
const { origin, searchParams } = new URL(url);
const auth = { headers: { Authorization: `Bearer ${searchParams.get('token')}` } };
try {
  const page = await fetch(url);
  if (page.status !== 200 || !(await page.text()).includes('app.js')) throw new Error(`the page: ${page.status}`);
  const script = await fetch(`${origin}/app.js`, auth);
  if (script.status !== 200 || (await script.text()).length < 1000) throw new Error(`app.js: ${script.status}`);
  const store = await (await fetch(`${origin}/api/store`, auth)).json();
  if (store.kind !== 'advanced-sqlite') throw new Error(`the store: ${JSON.stringify(store)}`);
  if ((await fetch(`${origin}/api/store`)).status !== 401) throw new Error('a request without the token was answered');
  console.log(`sessions ui served its page and API at ${origin}`);
} finally {
  child.kill('SIGINT');
}
const code = await exited;
if (code !== 0) throw new Error(`sessions ui exited ${code} on Ctrl-C`);
