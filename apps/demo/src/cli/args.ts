import { parseArgs } from 'node:util';
import { STORE_KINDS, type StoreKind } from '../stores/demo-store.js';

export const COMMANDS = ['tour', 'chat', 'golden-gate', 'ask', 'help'] as const;
export type Command = (typeof COMMANDS)[number];

export interface DemoArgs {
  command: Command;
  /** `--store`, or undefined when the command picks its own default. */
  store: StoreKind | undefined;
  db: string | undefined;
  url: string | undefined;
  session: string | undefined;
  model: string | undefined;
  migrate: boolean;
  reset: boolean;
  /** Words after the command (the question of `ask`). */
  rest: string[];
}

/** A mistake in how the demo was called: printed in one line with a hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseDemoArgs(argv: string[]): DemoArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        store: { type: 'string' },
        db: { type: 'string' },
        url: { type: 'string' },
        session: { type: 'string' },
        model: { type: 'string' },
        migrate: { type: 'boolean', default: false },
        reset: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  // `pnpm demo -- chat` passes a literal "--" through on some pnpm versions.
  const words = positionals.filter((word) => word !== '--');
  const first = words[0] ?? 'tour';
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(`unknown command "${first}" (expected one of: ${COMMANDS.join(', ')})`);
  }
  const store = values.store;
  if (store !== undefined && !(STORE_KINDS as readonly string[]).includes(store)) {
    throw new UsageError(`unknown --store "${store}" (expected one of: ${STORE_KINDS.join(', ')})`);
  }
  if (values.session !== undefined && values.session.trim() === '') throw new UsageError('--session needs a non-empty id');
  return {
    command: values.help ? 'help' : (first as Command),
    store: store as StoreKind | undefined,
    db: values.db,
    url: values.url,
    session: values.session,
    model: values.model,
    migrate: values.migrate ?? false,
    reset: values.reset ?? false,
    rest: words.slice(1),
  };
}

export const HELP = `sessions demo: an @openai/agents agent whose conversation lives in a @sessions store.

Usage: pnpm demo [command] [options]

Commands:
  tour           (default) a guided tour, no input needed: a conversation with a tool call,
                 a second process continuing it, a branch, usage and cost, a content search
  chat           interactive chat; reads one message or /command per line from stdin when
                 stdin is not a terminal. Type /help inside for its commands.
  golden-gate    the first demo: two questions about the Golden Gate Bridge on a SQLite file;
                 run it twice and the second run continues the stored conversation
  ask QUESTION   one question on --session, printed with the items it added
  help           this text

Options:
  --store KIND   sqlite | advanced-sqlite | postgres | mysql
                 (default advanced-sqlite; golden-gate defaults to sqlite)
  --db PATH      SQLite file (default apps/demo/.data/demo.db, or .data/demo-sqlite.db for
                 --store sqlite; golden-gate: .data/conversations.db)
  --url URL      server URL for postgres/mysql (default $SESSIONS_PG_URL / $SESSIONS_MYSQL_URL,
                 else postgres://postgres@127.0.0.1:5432/test / mysql://root@127.0.0.1:3306/test)
  --migrate      apply the store's shipped migrations before starting (postgres/mysql; the
                 SQLite stores create their tables on first use)
  --session ID   session id (tour: a fresh id per run; chat and ask: "chat";
                 golden-gate: "conversation_123")
  --reset        chat and golden-gate: clear the session first
  --model NAME   use this OpenAI model instead of the offline scripted one (needs OPENAI_API_KEY)
  -h, --help     this text
`;
