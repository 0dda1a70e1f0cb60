import { jsonOption, urlOption, type Command } from '../command.js';
import { write } from '../io.js';
import { renderTable } from '../output/table.js';
import { positiveInteger, printJson, storeUrlOf, withStore } from './shared.js';

export const listCommand: Command = {
  name: 'list',
  summary: 'list sessions, most recently updated first',
  usage: 'sessions list --url URL [--limit N] [--cursor C] [--json]',
  options: {
    url: urlOption,
    limit: { type: 'string', value: 'N', description: 'at most N sessions, 1 to 1000 (default 50)' },
    cursor: { type: 'string', value: 'C', description: 'continue after the page that printed this cursor' },
    json: jsonOption,
  },
  positionals: { min: 0, max: 0, what: '' },
  async run(context) {
    const location = storeUrlOf(context);
    const limit = positiveInteger(context.values.limit, 'limit', 50, 1000);
    const cursor = typeof context.values.cursor === 'string' ? context.values.cursor : undefined;
    const page = await withStore(location, {}, (store) => store.listSessions({ limit, cursor }));
    if (context.values.json) return printJson(context.io, page);
    if (page.sessions.length === 0) {
      await write(context.io.stdout, cursor ? 'no more sessions\n' : `no sessions in ${location.display}\n`);
      return;
    }
    const branches = page.sessions.some((s) => s.branchCount !== undefined);
    const table = renderTable(
      ['SESSION', 'ITEMS', ...(branches ? ['BRANCHES'] : []), 'CREATED', 'UPDATED'],
      page.sessions.map((s) => [s.sessionId, s.itemCount, ...(branches ? [s.branchCount ?? 1] : []), s.createdAt, s.updatedAt]),
    );
    const more = page.nextCursor ? `more sessions follow: repeat with --cursor ${page.nextCursor}\n` : '';
    await write(context.io.stdout, table + more);
  },
};
