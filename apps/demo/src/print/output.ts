import { bold, cyan, dim, yellow } from './style.js';

/** Everything the demo prints goes through here: plain lines on stdout. */
export function line(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((l) => (l.length > 0 ? by + l : l))
    .join('\n');
}

/** A numbered tour step heading. */
export function stepHeading(number: number, total: number, title: string): void {
  const label = `Step ${number}/${total}: ${title}`;
  line();
  line(bold(cyan(label)));
  line(cyan('─'.repeat(Math.min(label.length, 78))));
}

export function note(text: string): void {
  line(dim(text));
}

export function warn(text: string): void {
  line(yellow(text));
}
