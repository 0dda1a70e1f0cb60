import { itemText } from '../turns.js';

/**
 * The form both stored text and search terms take, so `instr` matches
 * case-insensitively for any script: NFKC (so e.g. full-width letters and
 * ligatures match their plain forms), then lower case.
 */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The searchable text of an item: what a reader sees (`itemText`), never its JSON. */
export function searchTextOf(item: unknown): string {
  return normalizeForSearch(itemText(item));
}
