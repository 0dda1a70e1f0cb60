import { createInterface, type Interface } from 'node:readline';

export interface LineSource {
  /** True when a person types (stdin is a terminal); false when a script is piped in. */
  interactive: boolean;
  lines: AsyncIterable<string>;
  prompt(): void;
  close(): void;
}

/**
 * Lines of standard input: a prompt on a terminal; otherwise a script, one
 * message or /command per line (how the tests drive the chat).
 */
export function stdinLines(promptText = 'you> '): LineSource {
  const interactive = process.stdin.isTTY === true;
  const rl: Interface = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
  rl.setPrompt(promptText);
  // Ctrl-C ends the chat like Ctrl-D: the session is closed properly on the way out.
  rl.on('SIGINT', () => rl.close());
  // Take the iterator now: it buffers lines that arrive while the chat is still opening its store.
  const iterator = rl[Symbol.asyncIterator]();
  return {
    interactive,
    lines: { [Symbol.asyncIterator]: () => iterator },
    prompt: () => {
      if (interactive) rl.prompt();
    },
    close: () => rl.close(),
  };
}
