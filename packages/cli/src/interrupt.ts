/**
 * What Ctrl-C does. By default the process exits at once (main.ts); a
 * command that runs until it is stopped (`sessions ui`) installs its own
 * handler to stop cleanly.
 */
let handler: (() => void) | undefined;

export function onInterrupt(next: (() => void) | undefined): void {
  handler = next;
}

export function interruptHandler(): (() => void) | undefined {
  return handler;
}
