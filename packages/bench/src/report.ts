export interface ResultRow {
  target: string;
  phase: string;
  packageMs: number;
  floor: string;
  floorMs?: number | undefined;
  ratio?: number | undefined;
  limit?: number | undefined;
}

const ms = (value: number | undefined) => (value === undefined ? '' : value.toFixed(value < 10 ? 2 : 1));

/** Prints the results as a table; returns how many figures exceed their limit. */
export function printTable(rows: ResultRow[], rounds: number): number {
  const header = ['package', 'phase', 'package ms', 'floor', 'floor ms', 'ratio', 'limit', ''];
  let over = 0;
  const body = rows.map((r) => {
    const verdict = r.limit === undefined || r.ratio === undefined ? '' : r.ratio <= r.limit ? 'ok' : 'OVER';
    if (verdict === 'OVER') over++;
    return [r.target, r.phase, ms(r.packageMs), r.floor, ms(r.floorMs), r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`, r.limit === undefined ? '' : `≤ ${r.limit}x`, verdict];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
  console.log(`\nmedians of ${rounds} rounds; ratio = package / floor, the median of per-round ratios measured in the same run`);
  return over;
}
