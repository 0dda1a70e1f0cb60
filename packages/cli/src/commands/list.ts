import { jsonOption, urlOption, type Command } from '../command.js';
import { write } from '../io.js';
import { renderTable } from '../output/table.js';
import { positiveInteger, printJson, storeUrlOf, withStore } from './shared.js';

export const listCommand: Command = {
  name: 'list',
  summary: 'list sessions, most recently updated first',
  usage: 'sessions list --url URL [--owner O] [--limit N] [--cursor C] [--json]',
  options: {
    url: urlOption,
    owner: { type: 'string', value: 'O', description: "only this owner's sessions (a user or tenant id)" },
    limit: { type: 'string', value: 'N', description: 'at most N sessions, 1 to 1000 (default 50)' },
    cursor: { type: 'string', value: 'C', description: 'continue after the page that printed this cursor' },
    json: jsonOption,
  },
  positionals: { min: 0, max: 0, what: '' },
  async run(context) {
    const location = storeUrlOf(context);
    const limit = positiveInteger(context.values.limit, 'limit', 50, 1000);
    const cursor = typeof context.values.cursor === 'string' ? context.values.cursor : undefined;
    const owner = typeof context.values.owner === 'string' ? context.values.owner : undefined;
    const { page, advanced } = await withStore(location, {}, async (store) => ({
      page: await store.listSessions({ limit, cursor, owner }),
      advanced: store.advanced,
    }));
    if (context.values.json) return printJson(context.io, page);
    if (page.sessions.length === 0) {
      await write(context.io.stdout, cursor ? 'no more sessions\n' : `no sessions in ${location.display}${owner === undefined ? '' : ` for owner ${owner}`}\n`);
      return;
    }
    const owners = page.sessions.some((s) => s.owner !== null);
    const table = renderTable(
      ['SESSION', ...(owners ? ['OWNER'] : []), 'ITEMS', ...(advanced ? ['BRANCHES'] : []), 'CREATED', 'UPDATED'],
      page.sessions.map((s) => [s.sessionId, ...(owners ? [s.owner ?? ''] : []), s.itemCount, ...(advanced ? [s.branchCount] : []), s.createdAt, s.updatedAt]),
    );
    const more = page.nextCursor ? `more sessions follow: repeat with --cursor ${page.nextCursor}\n` : '';
    await write(context.io.stdout, table + more);
  },
};
