import type { OutStream } from '../io.js';

/**
 * Progress of long work (import, export, copy) on stderr: a redrawn bar when
 * stderr is a terminal, one plain line per step when it is not (logs, pipes,
 * tests), so stdout stays clean for data.
 */
export class Progress {
  readonly #stream: OutStream;
  readonly #label: string;
  readonly #tty: boolean;
  #total: number | undefined;
  #done = 0;
  #drawn = false;

  /** `total` is `undefined` when unknown (an import from standard input). */
  constructor(stream: OutStream, label: string, total: number | undefined) {
    this.#stream = stream;
    this.#label = label;
    this.#total = total;
    this.#tty = stream.isTTY === true;
  }

  /** One unit of work finished; `line` says what (shown as a plain line when not on a terminal). */
  step(line: string): void {
    this.#done++;
    if (this.#tty) this.#draw();
    else this.#stream.write(`${this.#label} ${this.#done}/${this.#total ?? '?'} ${line}\n`);
  }

  /** A message that must stay visible (a warning), printed above the bar. */
  note(line: string): void {
    if (this.#tty && this.#drawn) this.#stream.write('\r\x1b[2K');
    this.#stream.write(`${line}\n`);
    if (this.#tty && this.#drawn) this.#draw();
  }

  finish(): void {
    if (this.#tty && this.#drawn) this.#stream.write('\n');
  }

  #draw(): void {
    if (this.#total === undefined) {
      this.#stream.write(`\r\x1b[2K${this.#label} ${this.#done} done`);
      this.#drawn = true;
      return;
    }
    const columns = Math.max(10, Math.min(40, (this.#stream.columns ?? 80) - 40));
    const ratio = this.#total === 0 ? 1 : Math.min(1, this.#done / this.#total);
    const filled = Math.round(ratio * columns);
    const bar = '█'.repeat(filled) + '░'.repeat(columns - filled);
    this.#stream.write(`\r\x1b[2K${this.#label} ${bar} ${this.#done}/${this.#total} (${Math.round(ratio * 100)}%)`);
    this.#drawn = true;
  }
}
