import type { DemoArgs } from '../cli/args.js';

export async function tour(_args: DemoArgs): Promise<number> {
  return 0;
}
