// The CLI's only contact with the process: writing, and the shared input options.
import type { Command } from 'commander';
import { analyze, type Analysis } from '../engine/analyze.js';
import type { AggregationMode } from '../engine/policy.js';
import { UsageError } from '../errors.js';
import { ANSWER_CHANGING_CODES, type Diagnostic } from '../model/diagnostic.js';
import { formatDiagnostics } from '../report/diagnostics.js';
import { PLAIN_DISPLAY, type Display } from '../report/display.js';
import type { Terminal } from './terminal.js';
import { addOutputOption, type FormatCommand } from './output-format.js';
import { addClusterOptions, addDefaultPolicyOptions, addRecursiveOption, collectPaths, loadSnapshot } from './source.js';

export interface InputOptions {
  filename?: string[];
  kubeconfig?: string;
  context?: string;
  requestTimeout?: string;
  /** -n: with a live cluster, also limits which namespaced objects are read. */
  namespace?: string;
  defaultNamespace?: string;
  strict?: boolean;
  aggregation?: string;
  verbose?: boolean;
  quiet?: boolean;
  output?: string;
  /** --no-default-policy (false), --default-policy (true, batch), or neither. */
  defaultPolicy?: boolean;
  kubernetesVersion?: string;
}

export interface Io extends Terminal {
  out(text: string): void;
  err(text: string): void;
  /** Writes a chunk of a streamed output, waiting while the reader is behind. */
  write(text: string): Promise<void>;
  /**
   * The output guard's escaping (run.ts), for a writer whose output is a few pieces repeated
   * millions of times (export): it cleans each piece once and writes with writeCleaned, instead
   * of the guard scanning every byte of every chunk again. Both or neither.
   */
  clean?(text: string): string;
  writeCleaned?(text: string): Promise<void>;
  readStdin?: () => Promise<string>;
  /** stderr is a terminal (a progress line may be drawn). */
  isTTY?: boolean;
  /** Width and colour of stdout, decided once by run() (terminal.ts). */
  display?: Display;
}

/** How to lay out a table: the run's width and colour, and -o wide. */
export function displayFor(io: Io, format: string): Display {
  return { ...(io.display ?? PLAIN_DISPLAY), wide: format === 'wide' };
}

export const processIo: Io = {
  isTTY: process.stderr.isTTY,
  stdoutIsTTY: process.stdout.isTTY === true,
  ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
  env: process.env,
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  write: (t) => (process.stdout.write(t) ? Promise.resolve() : new Promise((resolve) => process.stdout.once('drain', () => resolve()))),
};

/** Commander option parser for a repeatable flag. */
export const collect = (v: string, prev: string[] = []) => [...prev, v];

/** The input options, and -o with the formats of `command` (none for a command without -o). */
export function addInputOptions(cmd: Command, command: FormatCommand | undefined, defaultPolicy = true): Command {
  cmd.option('-f, --filename <path>', 'manifest file, folder (read recursively), snapshot, or - for stdin; repeatable, or a comma list as kubectl takes it (default: the live cluster of the current kubeconfig context)', collectPaths);
  addRecursiveOption(cmd);
  addClusterOptions(cmd);
  addDefaultPolicyOptions(cmd, defaultPolicy);
  cmd
    .option('--default-namespace <ns>', 'namespace for namespaced objects that name none (as kubectl apply without -n)', 'default')
    .option('--aggregation <mode>', 'rules of aggregated ClusterRoles: compute (from their selectors) or stored (as written)');
  if (command) addOutputOption(cmd, command);
  return cmd
    .option('--strict', 'exit 4 when the input has problems (malformed documents, missing roles, ...)')
    .option('-v, --verbose', 'print every diagnostic, including informational ones')
    .option('-q, --quiet', 'print no diagnostics, except those that change every answer (no RBAC in the input, aggregation that depends on history, a live read missing lists)');
}

export interface Loaded {
  analysis: Analysis;
  /** Problems severe enough for --strict. */
  problems: number;
}

export async function loadAnalysis(opts: InputOptions, io: Io): Promise<Loaded> {
  const aggregation = parseAggregation(opts.aggregation);
  const snapshot = await loadSnapshot(
    { filename: opts.filename, kubeconfig: opts.kubeconfig, context: opts.context, requestTimeout: opts.requestTimeout, defaultNamespace: opts.defaultNamespace, namespace: opts.namespace, defaultPolicy: opts.defaultPolicy === true, kubernetesVersion: opts.kubernetesVersion },
    { err: io.err, ...(io.readStdin ? { readStdin: io.readStdin } : {}), ...(io.isTTY !== undefined ? { isTTY: io.isTTY } : {}) },
  );
  const analysis = analyze(snapshot, aggregation ? { aggregation } : {});
  reportDiagnostics(analysis.diagnostics, opts, io);
  return { analysis, problems: analysis.diagnostics.filter((d) => d.severity !== 'info').length };
}

function parseAggregation(v: string | undefined): AggregationMode | undefined {
  if (v === undefined) return undefined;
  if (v === 'compute' || v === 'stored') return v;
  throw new UsageError(`--aggregation ${v}: expected compute or stored`);
}

/**
 * The one place notes are written. A note that changes what an answer means (how the request was
 * read, a verb, namespace or subject the input never names, where a denied request is allowed) is
 * part of the answer: -q never hides it. JSON and YAML carry notes in the document (inDocument);
 * other formats get `note:` lines on stderr, so stdout stays the answer alone. A remark (what a
 * listing left out) only adds to an answer: -q hides it, as it hides diagnostics.
 */
export function writeNotes(io: Io, opts: InputOptions, notes: readonly string[], how: { inDocument?: boolean; remark?: boolean } = {}): void {
  if (how.inDocument || (how.remark && opts.quiet)) return;
  for (const n of notes) io.err(`note: ${n}\n`);
}

/** JSON and YAML answers carry their notes in a `notes` field. */
export function notesInDocument(format: string): boolean {
  return format === 'json' || format === 'yaml';
}

export function reportDiagnostics(list: readonly Diagnostic[], opts: InputOptions, io: Io): void {
  // -q hides diagnostics about objects, never one that changes what every answer means.
  const kept = opts.quiet ? list.filter((d) => d.severity !== 'info' && ANSWER_CHANGING_CODES.has(d.code)) : list;
  if (kept.length === 0) return;
  const shown = opts.verbose ? kept : kept.filter((d) => d.severity !== 'info');
  io.err(formatDiagnostics(shown, opts.verbose ? Number.MAX_SAFE_INTEGER : 20));
}

/**
 * A CI gate fails closed: with --fail-on, an input error (a document that could not be read as
 * kubectl reads it, a list that could not be read) fails the gate, as the answer may miss grants.
 * Says so on stderr (even with -q: it explains the exit code) and returns whether it failed.
 */
export function failClosedOnErrors(sides: readonly { label?: string; diagnostics: readonly Diagnostic[] }[], io: Io): boolean {
  let failed = false;
  for (const s of sides) {
    const n = s.diagnostics.filter((d) => d.severity === 'error').length;
    if (n === 0) continue;
    failed = true;
    io.err(`error: --fail-on: ${n} input error${n === 1 ? '' : 's'}${s.label ? ` in ${s.label}` : ''} (see the diagnostics; rbac -v lists them all): what could not be read may grant more, so the gate fails\n`);
  }
  return failed;
}
