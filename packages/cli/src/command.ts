import type { Io } from './io.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in help, e.g. `URL`. */
  value?: string;
  description: string;
}

export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface CommandContext {
  values: OptionValues;
  positionals: string[];
  io: Io;
}

export interface Command {
  name: string;
  summary: string;
  /** e.g. `sessions show ID [--branch B] --url URL` */
  usage: string;
  /** Longer help shown under the usage line. */
  details?: string;
  options: Record<string, OptionSpec>;
  positionals: { min: number; max: number; what: string };
  run(context: CommandContext): Promise<number | void>;
}

/** Options every command takes. */
export const commonOptions: Record<string, OptionSpec> = {
  adapter: {
    type: 'string',
    value: 'MODULE',
    description: 'a package or file exporting openSessionStore, for store URLs of another scheme (default: $SESSIONS_ADAPTER)',
  },
  debug: { type: 'boolean', description: 'print the stack trace of an error' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

export const urlOption: OptionSpec = {
  type: 'string',
  short: 'u',
  value: 'URL',
  description: 'the store: ./file.db, sqlite:file.db, postgres://..., mysql://... (default: $SESSIONS_URL)',
};

export const pricesOption: OptionSpec = {
  type: 'string',
  value: 'FILE',
  description: 'JSON price table overriding the defaults: { "model": { "input": 2, "cachedInput": 0.5, "output": 8 } } in $ per 1M tokens',
};

export const jsonOption: OptionSpec = { type: 'boolean', description: 'print JSON instead of text' };
