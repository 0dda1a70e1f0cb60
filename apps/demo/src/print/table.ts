/** A plain text table with aligned columns; numbers are right-aligned. */
export function renderTable(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => [...(row[i] ?? '')].length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number'));
  const pad = (text: string, i: number) => {
    const gap = ' '.repeat(Math.max(0, widths[i]! - [...text].length));
    return numeric[i] ? gap + text : text + gap;
  };
  const format = (row: string[]) => row.map((cell, i) => pad(cell, i)).join('  ').trimEnd();
  return [format(headers), widths.map((w) => '─'.repeat(w)).join('  ').trimEnd(), ...cells.map(format)].join('\n');
}
