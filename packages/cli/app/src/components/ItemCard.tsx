import { useState } from 'preact/hooks';
import type { ItemView } from '../../../src/ui/api-types.js';
import { formatTime } from '../format.js';

const CALLS = new Set(['function_call', 'hosted_tool_call', 'computer_call', 'shell_call', 'apply_patch_call', 'tool_search_call', 'program_call']);
const RESULTS = new Set(['function_call_result', 'computer_call_result', 'shell_call_output', 'apply_patch_call_output', 'tool_search_output', 'program_output']);

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function preview(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function RawJson({ item }: { item: unknown }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" class="raw-toggle" aria-expanded={open} onClick={() => setOpen(!open)} title="the stored item as JSON">
        {open ? 'hide JSON' : 'JSON'}
      </button>
      {open && <pre class="raw" data-testid="raw-json">{JSON.stringify(item, null, 2)}</pre>}
    </>
  );
}

/** When the item was stored, and its JSON on demand. */
function ItemSide({ view }: { view: ItemView }) {
  return (
    <div class="item-side">
      <time title={view.createdAt}>{formatTime(view.createdAt).slice(11, 19)}</time>
      <RawJson item={view.item} />
    </div>
  );
}

/** One item: messages as text, tool calls and results folded, other kinds labelled, the stored JSON on demand. */
export function ItemCard({ view }: { view: ItemView }) {
  if (CALLS.has(view.kind) || RESULTS.has(view.kind)) {
    const call = CALLS.has(view.kind);
    return (
      <div class={`item ${call ? 'tool-call' : 'tool-result'}`} data-kind={view.kind}>
        <details>
          <summary>
            <span class="label">{call ? 'tool call' : 'tool result'}</span>
            <code class="tool">{view.tool ?? view.kind}</code>
            <span class="preview">{call ? `(${preview(view.text, 70)})` : `→ ${preview(view.text)}`}</span>
          </summary>
          <pre class="body">{pretty(view.text)}</pre>
        </details>
        <ItemSide view={view} />
      </div>
    );
  }
  if (view.kind === 'user' || view.kind === 'assistant' || view.kind === 'system') {
    return (
      <div class={`item message ${view.kind}`} data-kind={view.kind}>
        <span class="label">{view.role ?? view.kind}</span>
        <div class="text">{view.text || <span class="muted">(no text)</span>}</div>
        <ItemSide view={view} />
      </div>
    );
  }
  // reasoning, compaction and kinds this page does not know: labelled, folded.
  return (
    <div class={`item other ${view.kind}`} data-kind={view.kind}>
      <details>
        <summary>
          <span class="label">{view.kind}</span>
          <span class="preview">{preview(view.text) || '(no text)'}</span>
        </summary>
        {view.text && <pre class="body">{view.text}</pre>}
      </details>
      <ItemSide view={view} />
    </div>
  );
}
