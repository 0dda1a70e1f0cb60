// Says, before the tests run, which database servers the suites can reach.
// Unreachable servers make their suites skip (loudly) on a developer machine;
// under CI=true that is a failure instead.
import { connect } from 'node:net';

const galeraUrls = (process.env.SESSIONS_GALERA_URLS || 'mysql://root@127.0.0.1:13306/test,mysql://root@127.0.0.1:13307/test,mysql://root@127.0.0.1:13308/test')
  .split(',')
  .map((url) => url.trim())
  .filter(Boolean);

const servers = [
  { name: 'PostgreSQL', env: 'SESSIONS_PG_URL', url: process.env.SESSIONS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test', port: 5432 },
  { name: 'MySQL/MariaDB', env: 'SESSIONS_MYSQL_URL', url: process.env.SESSIONS_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test', port: 3306 },
  ...galeraUrls.map((url, i) => ({
    name: `MariaDB Galera node ${i + 1} (scripts/galera-cluster.sh start)`,
    env: 'SESSIONS_GALERA_URLS',
    url,
    port: 3306,
  })),
];

function reachable(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || defaultPort) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const ci = process.env.CI === 'true' || process.env.CI === '1';
let missing = 0;
for (const server of servers) {
  if (await reachable(server.url, server.port)) {
    console.log(`✓ ${server.name} reachable at ${server.url}`);
    continue;
  }
  missing++;
  const banner = '!'.repeat(78);
  console.warn(`\n${banner}\n! ${server.name} is NOT reachable at ${server.url} (${server.env}).`);
  console.warn(ci ? '! CI=true: this is a failure.' : `! Its test suites will be SKIPPED. Start the server or set ${server.env}.`);
  console.warn(`${banner}\n`);
}
if (ci && missing > 0) process.exit(1);
