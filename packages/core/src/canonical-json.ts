/**
 * JSON text of an already validated JSON value with object keys sorted, so two
 * values that are structurally equal give the same text whatever their key
 * order. Properties whose value is `undefined` are dropped, as `JSON.stringify`
 * drops them.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const child = record[key];
    if (child === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(child)}`);
  }
  return `{${parts.join(',')}}`;
}

/** The canonical form of one stored JSON row, or `undefined` when the row is not JSON. */
export function canonicalRow(row: string): string | undefined {
  try {
    return canonicalJson(JSON.parse(row));
  } catch {
    return undefined;
  }
}
