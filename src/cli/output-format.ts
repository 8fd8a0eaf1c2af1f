// The one -o option of every command: which formats each command can write, its default, and the
// usage error for any other. docs/output.md has the same matrix.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';

export const COMMAND_FORMATS = {
  'who-can': ['table', 'wide', 'json', 'yaml', 'csv', 'name'],
  'what-can': ['table', 'wide', 'json', 'yaml', 'csv'],
  can: ['table', 'wide', 'json', 'yaml', 'csv'],
  explain: ['table', 'wide', 'json', 'yaml'],
  paths: ['table', 'wide', 'json', 'yaml', 'csv'],
  audit: ['table', 'wide', 'json', 'yaml', 'csv', 'sarif'],
  export: ['csv', 'table', 'wide', 'json', 'yaml', 'jsonl'],
  diff: ['table', 'wide', 'json', 'yaml', 'csv', 'markdown'],
  graph: ['dot', 'mermaid', 'graphml', 'gexf', 'json'],
  batch: ['jsonl'],
  snapshot: ['json'],
} as const;

export type FormatCommand = keyof typeof COMMAND_FORMATS;
export type FormatOf<C extends FormatCommand> = (typeof COMMAND_FORMATS)[C][number];

const list = (xs: readonly string[]) => (xs.length === 1 ? xs[0]! : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`);

/** The first format listed is the default. Commands with tables also get --no-color. */
export function addOutputOption(cmd: Command, command: FormatCommand): Command {
  const formats = COMMAND_FORMATS[command];
  cmd.option('-o, --output <format>', `output format: ${list(formats)}`, formats[0]);
  if ((formats as readonly string[]).includes('table')) cmd.option('--no-color', 'no colour (as NO_COLOR=1 does); colour is only used on a terminal');
  return cmd;
}

export function formatOf<C extends FormatCommand>(command: C, value: string | undefined): FormatOf<C> {
  const formats = COMMAND_FORMATS[command] as readonly string[];
  const v = value ?? formats[0]!;
  if (formats.includes(v)) return v as FormatOf<C>;
  throw new UsageError(`-o ${v}: rbac ${command} writes ${list(formats)}`);
}
