import { jsonOption, urlOption, type Command } from '../command.js';
import { write } from '../io.js';
import { preview } from '../output/table.js';
import { loadPricer } from '../pricing.js';
import { MAIN_BRANCH, viewTurns, type ItemView, type UsageTotals } from '../session-view.js';
import { readKeyFile } from '../key-file.js';
import { keyFileOption } from './encryption-shared.js';
import { printJson, requireSession, sessionIdArgument, storeUrlOf, withStore } from './shared.js';

function usageText(usage: UsageTotals): string {
  const cost = usage.unpricedRows > 0 ? `${usage.unpricedRows} run(s) unpriced` : `$${usage.cost.toFixed(6)}`;
  return `${usage.requests} request(s), ${usage.inputTokens} in + ${usage.outputTokens} out = ${usage.totalTokens} tokens, ${cost}`;
}

function itemLine(view: ItemView): string {
  switch (view.kind) {
    case 'function_call':
    case 'hosted_tool_call':
    case 'computer_call':
    case 'shell_call':
    case 'apply_patch_call':
    case 'tool_search_call':
    case 'program_call':
      return `  tool call    ${view.tool ?? view.kind}(${preview(view.text, 60)})`;
    case 'function_call_result':
    case 'computer_call_result':
    case 'shell_call_output':
    case 'apply_patch_call_output':
    case 'tool_search_output':
    case 'program_output':
      return `  tool result  ${view.tool ?? view.kind} -> ${preview(view.text, 60)}`;
    default:
      return `  ${(view.role ?? view.kind).padEnd(11)}  ${preview(view.text, 80)}`;
  }
}

export const showCommand: Command = {
  name: 'show',
  summary: 'show a session turn by turn: roles, tool calls and usage',
  usage: 'sessions show ID --url URL [--branch B] [--key-file FILE] [--json]',
  options: {
    url: urlOption,
    branch: { type: 'string', short: 'b', value: 'B', description: `the branch to show (default: ${MAIN_BRANCH})` },
    'key-file': { ...keyFileOption, description: 'keys of an encrypted store (see sessions rekey)' },
    json: jsonOption,
  },
  positionals: { min: 1, max: 1, what: 'the session ID' },
  async run(context) {
    const id = sessionIdArgument(context.positionals[0]!);
    let branchId = typeof context.values.branch === 'string' ? context.values.branch : MAIN_BRANCH;
    const location = storeUrlOf(context);
    const encryption = context.values['key-file'] === undefined ? undefined : await readKeyFile(context.values['key-file']);
    const { record, price } = await withStore(location, { encryption }, async (store) => {
      // As in AdvancedSQLiteSession, a branch id names that branch of its session.
      const owner = (await store.readSession(id)) ? undefined : await store.branchOwner?.(id);
      if (owner !== undefined && context.values.branch === undefined) branchId = id;
      return { record: await requireSession(store, owner ?? id), price: store.advanced ? await loadPricer(undefined) : undefined };
    });
    const sessionId = record.sessionId;
    const turns = viewTurns(record, branchId, price);
    const itemCount = turns.reduce((n, t) => n + t.items.length, 0);
    if (context.values.json) {
      return printJson(context.io, {
        sessionId,
        branchId,
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
        metadata: record.metadata,
        itemCount,
        turns,
      });
    }
    const userTurns = turns.filter((t) => t.turn > 0).length;
    const out = [
      `session ${sessionId}  branch ${branchId}  ${userTurns} turn(s), ${itemCount} item(s)`,
      `created ${record.createdAt}  updated ${record.updatedAt}`,
    ];
    if (record.metadata) out.push(`metadata ${JSON.stringify(record.metadata)}`);
    for (const turn of turns) {
      out.push('', `turn ${turn.turn}${turn.turn === 0 ? ' (before the first user message)' : ''}${turn.usage ? `  usage: ${usageText(turn.usage)}` : ''}`);
      out.push(...turn.items.map(itemLine));
    }
    if (turns.length === 0) out.push('', '(no items)');
    await write(context.io.stdout, out.join('\n') + '\n');
  },
};
