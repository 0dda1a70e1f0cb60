import { jsonOption, urlOption, type Command } from '../command.js';
import { write } from '../io.js';
import { MAIN_BRANCH, userTurnCount } from '../session-view.js';
import type { SessionRecord } from '../stores/records.js';
import { printJson, requireSession, sessionIdArgument, storeUrlOf, withStore } from './shared.js';

interface BranchNode {
  branchId: string;
  parentBranchId: string | null;
  fromTurn: number | null;
  createdAt: string;
  turns: number;
  items: number;
  children: BranchNode[];
}

/** The branches of a session as a tree rooted at main; a branch whose parent is unknown hangs off main. */
export function branchTree(record: SessionRecord): BranchNode {
  const node = (branchId: string, parentBranchId: string | null, fromTurn: number | null, createdAt: string, items: SessionRecord['items']): BranchNode => ({
    branchId,
    parentBranchId,
    fromTurn,
    createdAt,
    turns: userTurnCount(items, record.sessionId),
    items: items.length,
    children: [],
  });
  const root = node(MAIN_BRANCH, null, null, record.createdAt, record.items);
  const nodes = new Map<string, BranchNode>([[MAIN_BRANCH, root]]);
  for (const b of record.branches) nodes.set(b.branchId, node(b.branchId, b.parentBranchId, b.fromTurn, b.createdAt, b.items));
  for (const b of record.branches) {
    const parent = (b.parentBranchId !== null && b.parentBranchId !== b.branchId ? nodes.get(b.parentBranchId) : undefined) ?? root;
    parent.children.push(nodes.get(b.branchId)!);
  }
  return root;
}

function describe(node: BranchNode): string {
  const from = node.fromTurn === null ? '' : `  from turn ${node.fromTurn} of ${node.parentBranchId ?? MAIN_BRANCH}`;
  return `${node.branchId}${from}  (${node.turns} turn(s), ${node.items} item(s))`;
}

function draw(node: BranchNode, prefix: string, out: string[]): void {
  node.children.forEach((child, i) => {
    const last = i === node.children.length - 1;
    out.push(`${prefix}${last ? '└── ' : '├── '}${describe(child)}`);
    draw(child, prefix + (last ? '    ' : '│   '), out);
  });
}

export const treeCommand: Command = {
  name: 'tree',
  summary: "draw a session's branch tree",
  usage: 'sessions tree ID --url URL [--json]',
  options: { url: urlOption, json: jsonOption },
  positionals: { min: 1, max: 1, what: 'the session ID' },
  async run(context) {
    const sessionId = sessionIdArgument(context.positionals[0]!);
    const location = storeUrlOf(context);
    const { record, kind, branches } = await withStore(location, {}, async (store) => ({
      record: await requireSession(store, sessionId),
      kind: store.kind,
      branches: store.advanced,
    }));
    const root = branchTree(record);
    if (context.values.json) return printJson(context.io, { sessionId, tree: root });
    const out = [`session ${sessionId}`, describe(root)];
    draw(root, '', out);
    if (!branches) out.push(`(${kind} stores have no branches: main is the whole history)`);
    await write(context.io.stdout, out.join('\n') + '\n');
  },
};
