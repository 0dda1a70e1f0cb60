import { createAgent, type DemoAgent } from '../agent.js';
import type { DemoArgs } from '../cli/args.js';
import type { DemoStore, StoreKind } from '../stores/demo-store.js';
import { openStore } from '../stores/open-store.js';

export interface Demo {
  agent: DemoAgent;
  store: DemoStore;
}

/** The agent and the store a command runs on, from the flags and the command's own defaults. */
export async function setUp(args: DemoArgs, defaults: { store: StoreKind; file?: string }): Promise<Demo> {
  const agent = createAgent({ model: args.model });
  const kind = args.store ?? defaults.store;
  const store = await openStore({
    kind,
    db: args.db,
    url: args.url,
    migrate: args.migrate,
    defaultFile: kind === defaults.store ? defaults.file : undefined,
  });
  return { agent, store };
}

export function describeSetup({ agent, store }: Demo, sessionId: string): string {
  const model = agent.offline ? 'offline scripted model (no network)' : `OpenAI model ${agent.modelName}`;
  return `store ${store.kind} at ${store.location} · session ${sessionId} · ${model}`;
}
