// `npm run bench`: generate synthetic worlds (bench/generate.ts) of 1k, 10k and 100k objects and
// measure parsing, loading, analysis, queries, peak RSS and the end-to-end CLI, each measurement
// in a fresh `node` process (bench/measure.ts). Prints markdown tables and writes
// docs/benchmarks.md. No result here is asserted anywhere: timings are for reading, not for CI.
//
//   npm run bench -- [--sizes 1000,10000,100000] [--runs K] [--seed S] [--queries N]
//                    [--out docs/benchmarks.md] [--data-dir bench-data] [--timeout SECONDS]
import { growthSvg } from './plot.js';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { countKinds, generateWorld, toJsonList, toYamlStream } from './generate.js';
import { median } from './stats.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = fileURLToPath(new URL('../', import.meta.url));
// The children run a private copy of dist/ (made at start-up, under the data folder so that
// packages still resolve from the repository's node_modules): a rebuild of dist/ while the
// benchmark runs cannot change the code under measurement half-way.
let CODE = DIST;
const MEASURE = () => join(CODE, 'bench', 'measure.js');
const BARE = () => join(CODE, 'bench', 'bare-parse.js');
// The shipped entry point: the esbuild bundle that `rbac` and `kubectl-rbac` run.
const CLI = () => join(CODE, 'bundle', 'rbac.mjs');
const GNU_TIME = '/usr/bin/time';
const START_LOADAVG = os.loadavg();
let REVISION = '';
const START_LOAD = START_LOADAVG.map((x) => x.toFixed(2)).join(', ');

/** A warning when other work shared the machine (load average above half the cores at the start or the end). */
function busyNote(): string {
  const cores = os.cpus().length;
  const worst = Math.max(START_LOADAVG[0]!, os.loadavg()[0]!, os.loadavg()[1]!);
  if (worst <= cores / 2) return '';
  return `\n> **Note:** the machine was busy with other work during this run (1-minute load average up to ${worst.toFixed(1)} on ${cores} cores), so wall times are inflated and noisy, especially for the longer measurements; the CPU time table below is the steadier measure. Run it again on an idle machine for cleaner numbers.\n`;
}

interface Args {
  sizes: number[];
  runs: number | undefined;
  seed: number;
  queries: number;
  out: string;
  dataDir: string;
  timeoutMs: number;
}

function parse(argv: string[]): Args {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      runs: { type: 'string' },
      seed: { type: 'string', default: '1' },
      queries: { type: 'string', default: '200' },
      out: { type: 'string', default: 'docs/benchmarks.md' },
      'data-dir': { type: 'string', default: 'bench-data' },
      timeout: { type: 'string', default: '1800' },
    },
  });
  const sizes = values.sizes!.split(',').map((s) => Number(s.trim().replace(/k$/i, '000')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 300)) throw new Error(`--sizes ${values.sizes}: expected integers >= 300, e.g. 1000,10000`);
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (runs !== undefined && (!Number.isInteger(runs) || runs < 1)) throw new Error('--runs must be a positive integer');
  return {
    sizes,
    runs,
    seed: Number(values.seed),
    queries: Number(values.queries),
    out: join(ROOT, values.out!),
    dataDir: join(ROOT, values['data-dir']!),
    timeoutMs: Number(values.timeout) * 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// Child processes

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function runChild(cmd: string, args: string[], opts: { stdoutFile?: string; timeoutMs: number }): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const outFd = opts.stdoutFile ? openSync(opts.stdoutFile, 'w') : undefined;
    const start = performance.now();
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', outFd ?? 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      // Keep the tail only: a CLI may print many diagnostics.
      stderr = (stderr + d).slice(-20000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      if (outFd !== undefined) closeSync(outFd);
      reject(err);
    });
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - start;
      clearTimeout(timer);
      if (outFd !== undefined) closeSync(outFd);
      resolve({ code, signal, wallMs, stdout, stderr, timedOut });
    });
  });
}

function haveGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

type Metrics = Record<string, number>;

interface Task {
  id: string;
  /** Runs once; returns numeric metrics or throws with a short reason. */
  run(): Promise<Metrics>;
}

function flatten(o: Record<string, unknown>, prefix = ''): Metrics {
  const out: Metrics = {};
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'number') out[prefix + k] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}.`));
  }
  return out;
}

function measureTask(id: string, task: string, file: string, args: Args): Task {
  return {
    id,
    async run() {
      const res = await runChild(process.execPath, ['--expose-gc', MEASURE(), task, file, '--queries', String(args.queries), '--seed', String(args.seed)], { timeoutMs: args.timeoutMs });
      if (res.timedOut) throw new Error(`timed out after ${args.timeoutMs / 1000} s`);
      if (res.code !== 0) throw new Error(`exit ${res.code ?? res.signal}: ${lastLine(res.stderr)}`);
      const line = res.stdout.trim().split('\n').pop() ?? '';
      return { ...flatten(JSON.parse(line) as Record<string, unknown>), wallMs: res.wallMs };
    },
  };
}

/** A whole process timed from the outside (spawn to exit), with its peak RSS from GNU time when available. */
function processTask(id: string, argv: string[], args: Args, stdoutFile?: string, check?: (r: ChildResult) => Metrics): Task {
  return {
    id,
    async run() {
      const rssFile = join(args.dataDir, `.rss-${process.pid}`);
      const useTime = haveGnuTime();
      const cmd = useTime ? GNU_TIME : process.execPath;
      const full = useTime ? ['-f', '%M %U %S', '-o', rssFile, process.execPath, ...argv] : argv;
      const res = await runChild(cmd, full, { timeoutMs: args.timeoutMs, ...(stdoutFile ? { stdoutFile } : {}) });
      if (res.timedOut) throw new Error(`timed out after ${args.timeoutMs / 1000} s`);
      if (res.code !== 0) throw new Error(`exit ${res.code ?? res.signal}: ${lastLine(res.stderr)}`);
      const out: Metrics = { ms: res.wallMs };
      if (useTime && existsSync(rssFile)) {
        // "%M %U %S": peak RSS in KiB, user and system CPU seconds.
        const [kb, user, sys] = (readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
        if (Number.isFinite(kb)) out.maxRssMiB = kb! / 1024;
        if (Number.isFinite(user) && Number.isFinite(sys)) out.cpuMs = (user! + sys!) * 1000;
        rmSync(rssFile, { force: true });
      }
      return { ...out, ...(check ? check(res) : {}) };
    },
  };
}

function lastLine(s: string): string {
  const lines = s.trim().split('\n');
  return lines.slice(-3).join(' | ').slice(0, 500);
}

// ---------------------------------------------------------------------------------------------
// One size

interface World {
  objects: number;
  kinds: Record<string, number>;
  yamlFile: string;
  jsonFile: string;
  yamlBytes: number;
  jsonBytes: number;
  generateMs: number;
  serialiseMs: number;
}

interface SizeResult {
  size: number;
  runs: number;
  world: World;
  /** taskId -> metric -> values (one per successful run). */
  values: Record<string, Record<string, number[]>>;
  errors: Record<string, string>;
}

function sizeLabel(n: number): string {
  if (n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n % 1000 === 0) return `${n / 1000}k`;
  return String(n);
}

function makeWorld(n: number, args: Args): World {
  mkdirSync(args.dataDir, { recursive: true });
  let t = performance.now();
  const objects = generateWorld({ objects: n, seed: args.seed });
  const generateMs = performance.now() - t;
  const base = join(args.dataDir, `world-${sizeLabel(n)}-seed${args.seed}`);
  t = performance.now();
  const yaml = toYamlStream(objects);
  const json = toJsonList(objects);
  const serialiseMs = performance.now() - t;
  writeFileSync(`${base}.yaml`, yaml);
  writeFileSync(`${base}.json`, json);
  return {
    objects: objects.length,
    kinds: countKinds(objects),
    yamlFile: `${base}.yaml`,
    jsonFile: `${base}.json`,
    yamlBytes: statSync(`${base}.yaml`).size,
    jsonBytes: statSync(`${base}.json`).size,
    generateMs,
    serialiseMs,
  };
}

function cliCheck(outFile: string) {
  return (): Metrics => {
    const text = readFileSync(outFile, 'utf8');
    const parsed = JSON.parse(text) as { subjects?: { grants?: unknown[] }[] };
    const subjects = parsed.subjects ?? [];
    return { outputMiB: Buffer.byteLength(text) / 1048576, subjects: subjects.length, grants: subjects.reduce((a, s) => a + (s.grants?.length ?? 0), 0) };
  };
}

async function benchSize(n: number, args: Args): Promise<SizeResult> {
  const label = sizeLabel(n);
  log(`[${label}] generating ${n} objects (seed ${args.seed})`);
  const world = makeWorld(n, args);
  log(`[${label}] ${rel(world.yamlFile)} ${mib(world.yamlBytes)}, ${rel(world.jsonFile)} ${mib(world.jsonBytes)} (generate ${fmtMs(world.generateMs)}, serialise ${fmtMs(world.serialiseMs)})`);
  const runs = args.runs ?? (n >= 100_000 ? 3 : 5);
  const cliOut = (fmt: string) => join(args.dataDir, `cli-out-${label}-${fmt}.json`);
  const tasks: Task[] = [
    measureTask('yaml-parse', 'yaml-parse', world.yamlFile, args),
    measureTask('yaml-parse-default', 'yaml-parse-default', world.yamlFile, args),
    measureTask('json-parse', 'json-parse', world.jsonFile, args),
    measureTask('load-yaml', 'load', world.yamlFile, args),
    measureTask('load-json', 'load', world.jsonFile, args),
    measureTask('analyze-yaml', 'analyze', world.yamlFile, args),
    measureTask('analyze-json', 'analyze', world.jsonFile, args),
    measureTask('graph', 'graph', world.jsonFile, args),
    measureTask('who-can', 'who-can', world.jsonFile, args),
    measureTask('what-can', 'what-can', world.jsonFile, args),
    processTask('cli-yaml', [CLI(), 'who-can', 'delete', 'secrets', '-A', '-f', world.yamlFile, '-o', 'json'], args, cliOut('yaml'), cliCheck(cliOut('yaml'))),
    processTask('bare-yaml', [BARE(), world.yamlFile], args),
    processTask('cli-json', [CLI(), 'who-can', 'delete', 'secrets', '-A', '-f', world.jsonFile, '-o', 'json'], args, cliOut('json'), cliCheck(cliOut('json'))),
    processTask('bare-json', [BARE(), world.jsonFile], args),
    processTask('node-startup', ['-e', '0'], args),
  ];
  const result: SizeResult = { size: n, runs, world, values: {}, errors: {} };
  // Runs outermost, so slow drift of the machine spreads over every measurement alike.
  for (let run = 1; run <= runs; run++) {
    for (const task of tasks) {
      if (result.errors[task.id]) continue; // a measurement that failed once (timeout, crash) is not retried
      try {
        const m = await task.run();
        const slot = (result.values[task.id] ??= {});
        for (const [k, v] of Object.entries(m)) (slot[k] ??= []).push(v);
        const main = m.ms !== undefined ? fmtMs(m.ms) : m.nsMedianMs !== undefined ? `${fmtMs(m.nsMedianMs)} / -A ${fmtMs(m.allMedianMs ?? NaN)}` : fmtMs(m.whatCanMedianMs ?? NaN);
        log(`[${label}] run ${run}/${runs} ${task.id.padEnd(12)} ${main.padStart(10)}${m.maxRssMiB !== undefined ? `  rss ${m.maxRssMiB.toFixed(0)} MiB` : ''}`);
      } catch (err) {
        result.errors[task.id] = (err as Error).message;
        log(`[${label}] run ${run}/${runs} ${task.id}: FAILED ${(err as Error).message}`);
      }
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

function log(s: string): void {
  process.stderr.write(`${s}\n`);
}

function rel(p: string): string {
  return relative(ROOT, p) || p;
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  // Three significant digits below 100 ms (checked after rounding, so 99.96 prints as 100 ms).
  if (Number(ms.toFixed(3)) < 1) return `${ms.toFixed(3)} ms`;
  if (Number(ms.toFixed(2)) < 10) return `${ms.toFixed(2)} ms`;
  if (Number(ms.toFixed(1)) < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms).toLocaleString('en-US')} ms`;
}

function fmtMiB(v: number): string {
  return Number.isFinite(v) ? `${Math.round(v).toLocaleString('en-US')} MiB` : 'n/a';
}

function med(r: SizeResult, task: string, metric: string): number {
  return median(r.values[task]?.[metric] ?? []);
}

/** Median over the runs of several tasks pooled (e.g. analyze() timed after a YAML and after a JSON load). */
function pooled(r: SizeResult, tasks: string[], metric: string): number {
  return median(tasks.flatMap((t) => r.values[t]?.[metric] ?? []));
}

interface Row {
  label: string;
  /** A number for the scaling column, and the text of the cell. */
  cell(r: SizeResult): { value: number; text: string };
}

function failed(r: SizeResult, ...tasks: string[]): string | undefined {
  for (const t of tasks) if (r.errors[t] && !r.values[t]) return `failed: ${r.errors[t]!.slice(0, 60)}`;
  return undefined;
}

function msRow(label: string, task: string | string[], metric = 'ms', extra?: (r: SizeResult) => string): Row {
  const tasks = Array.isArray(task) ? task : [task];
  return {
    label,
    cell(r) {
      const f = failed(r, ...tasks);
      if (f) return { value: NaN, text: f };
      const v = pooled(r, tasks, metric);
      return { value: v, text: `${fmtMs(v)}${extra ? extra(r) : ''}` };
    },
  };
}

function rssRow(label: string, task: string): Row {
  return {
    label,
    cell(r) {
      const f = failed(r, task);
      if (f) return { value: NaN, text: f };
      const v = med(r, task, 'maxRssMiB');
      return { value: v, text: fmtMiB(v) };
    },
  };
}

const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? ` (${(a / b).toFixed(1)}× floor)` : '');

const TIMING_ROWS: Row[] = [
  msRow('(a) YAML read + js-yaml `loadAll`, CORE_SCHEMA (floor)', 'yaml-parse'),
  msRow('(a) the same, js-yaml default schema', 'yaml-parse-default'),
  msRow('(b) JSON read + `JSON.parse` (floor)', 'json-parse'),
  msRow('(c) `loadFiles` YAML', 'load-yaml', 'ms', (r) => ratio(med(r, 'load-yaml', 'ms'), med(r, 'yaml-parse', 'ms'))),
  msRow('(d) `loadFiles` JSON', 'load-json', 'ms', (r) => ratio(med(r, 'load-json', 'ms'), med(r, 'json-parse', 'ms'))),
  msRow('(e) `analyze()` (Policy build)', ['analyze-yaml', 'analyze-json']),
  msRow('(f) graph build (`analysis.graph`)', 'graph', 'ms', (r) => ` (${Math.round(med(r, 'graph', 'nodes')).toLocaleString('en-US')} nodes, ${Math.round(med(r, 'graph', 'edges')).toLocaleString('en-US')} edges)`),
  msRow('(g) `whoCan`, one namespace: median', 'who-can', 'nsMedianMs', (r) => ` (p95 ${fmtMs(med(r, 'who-can', 'nsP95Ms'))})`),
  msRow('(g) `whoCan`, all namespaces: median', 'who-can', 'allMedianMs', (r) => ` (p95 ${fmtMs(med(r, 'who-can', 'allP95Ms'))}, ${Math.round(med(r, 'who-can', 'allMedianGrants')).toLocaleString('en-US')} grants)`),
  msRow('(h) `whatCan`: median', 'what-can', 'whatCanMedianMs', (r) => ` (p95 ${fmtMs(med(r, 'what-can', 'whatCanP95Ms'))})`),
];

const RSS_ROWS: Row[] = [
  rssRow('(i) peak RSS, `loadFiles` + `analyze()`, YAML', 'analyze-yaml'),
  rssRow('(i) peak RSS, `loadFiles` + `analyze()`, JSON', 'analyze-json'),
  rssRow('peak RSS, YAML parse only, CORE_SCHEMA (floor)', 'yaml-parse'),
  rssRow('peak RSS, JSON parse only (floor)', 'json-parse'),
];

const CPU_ROWS: Row[] = [
  msRow('(a) YAML read + js-yaml `loadAll`, CORE_SCHEMA (floor)', 'yaml-parse', 'cpuMs'),
  msRow('(a) the same, js-yaml default schema', 'yaml-parse-default', 'cpuMs'),
  msRow('(b) JSON read + `JSON.parse` (floor)', 'json-parse', 'cpuMs'),
  msRow('(c) `loadFiles` YAML', 'load-yaml', 'cpuMs'),
  msRow('(d) `loadFiles` JSON', 'load-json', 'cpuMs'),
  msRow('(e) `analyze()`', ['analyze-yaml', 'analyze-json'], 'cpuMs'),
  msRow('(f) graph build', 'graph', 'cpuMs'),
  msRow('(j) CLI who-can -A, YAML (whole process)', 'cli-yaml', 'cpuMs'),
  msRow('(j) bare parse, YAML (whole process)', 'bare-yaml', 'cpuMs'),
  msRow('(j) CLI who-can -A, JSON (whole process)', 'cli-json', 'cpuMs'),
  msRow('(j) bare parse, JSON (whole process)', 'bare-json', 'cpuMs'),
  msRow('`node -e 0`', 'node-startup', 'cpuMs'),
];

const CLI_ROWS: Row[] = [
  msRow('(j) CLI `who-can delete secrets -A -f big.yaml -o json`', 'cli-yaml', 'ms', (r) => (r.values['cli-yaml']?.maxRssMiB ? `, ${fmtMiB(med(r, 'cli-yaml', 'maxRssMiB'))}` : '')),
  msRow('(j) bare `node`: read + parse the same YAML (CORE_SCHEMA)', 'bare-yaml', 'ms', (r) => (r.values['bare-yaml']?.maxRssMiB ? `, ${fmtMiB(med(r, 'bare-yaml', 'maxRssMiB'))}` : '')),
  msRow('(j) CLI `who-can delete secrets -A -f big.json -o json`', 'cli-json', 'ms', (r) => (r.values['cli-json']?.maxRssMiB ? `, ${fmtMiB(med(r, 'cli-json', 'maxRssMiB'))}` : '')),
  msRow('(j) bare `node`: read + parse the same JSON', 'bare-json', 'ms', (r) => (r.values['bare-json']?.maxRssMiB ? `, ${fmtMiB(med(r, 'bare-json', 'maxRssMiB'))}` : '')),
  msRow('`node -e 0` (process start-up)', 'node-startup'),
];

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length), 3));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function sizeHeader(r: SizeResult): string {
  return `${sizeLabel(r.size)} (${r.runs} runs)`;
}

function rowsTable(results: SizeResult[], rows: Row[], what: string): string {
  const scaling = results.length >= 2;
  const header = [what, ...results.map(sizeHeader), ...(scaling ? [`growth ${sizeLabel(results[results.length - 2]!.size)} → ${sizeLabel(results[results.length - 1]!.size)}`] : [])];
  const body = rows.map((row) => {
    const cells = results.map((r) => row.cell(r));
    const out = [row.label, ...cells.map((c) => c.text)];
    if (scaling) {
      const a = cells[cells.length - 2]!.value;
      const b = cells[cells.length - 1]!.value;
      const objs = results[results.length - 1]!.size / results[results.length - 2]!.size;
      out.push(Number.isFinite(a) && Number.isFinite(b) && a > 0 ? `×${(b / a).toFixed(1)} for ×${objs.toFixed(0)} objects` : '');
    }
    return out;
  });
  return table(header, body);
}

function worldTable(results: SizeResult[]): string {
  const kinds = ['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'];
  const rows = [
    ['objects', ...results.map((r) => r.world.objects.toLocaleString('en-US'))],
    ...kinds.map((k) => [k, ...results.map((r) => (r.world.kinds[k] ?? 0).toLocaleString('en-US'))]),
    ['YAML file', ...results.map((r) => mib(r.world.yamlBytes))],
    ['JSON file (`kind: List`, 4-space indent)', ...results.map((r) => mib(r.world.jsonBytes))],
    ['generate + serialise (in the bench process)', ...results.map((r) => `${fmtMs(r.world.generateMs)} + ${fmtMs(r.world.serialiseMs)}`)],
    ['CLI answer: subjects / grants (`-o json`)', ...results.map((r) => (r.values['cli-yaml'] ? `${med(r, 'cli-yaml', 'subjects').toLocaleString('en-US')} / ${med(r, 'cli-yaml', 'grants').toLocaleString('en-US')}` : 'n/a'))],
    ['CLI answer size', ...results.map((r) => (r.values['cli-yaml'] ? `${med(r, 'cli-yaml', 'outputMiB').toFixed(1)} MiB` : 'n/a'))],
    ['diagnostics after load (error / warning / info)', ...results.map((r) => (r.values['analyze-yaml'] ? `${med(r, 'analyze-yaml', 'diagnostics.error')} / ${med(r, 'analyze-yaml', 'diagnostics.warning')} / ${med(r, 'analyze-yaml', 'diagnostics.info')}` : 'n/a'))],
  ];
  return table(['world', ...results.map((r) => sizeLabel(r.size))], rows);
}

function derived(results: SizeResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const l = sizeLabel(r.size);
    const cliY = med(r, 'cli-yaml', 'ms');
    const bareY = med(r, 'bare-yaml', 'ms');
    const cliJ = med(r, 'cli-json', 'ms');
    const bareJ = med(r, 'bare-json', 'ms');
    const parts: string[] = [];
    if (Number.isFinite(cliY) && Number.isFinite(bareY)) parts.push(`the YAML CLI run takes ${fmtMs(cliY - bareY)} more than a bare parse of the same file (${(cliY / bareY).toFixed(1)}×)`);
    if (Number.isFinite(cliJ) && Number.isFinite(bareJ)) parts.push(`the JSON one ${fmtMs(cliJ - bareJ)} more (${(cliJ / bareJ).toFixed(1)}×)`);
    for (const [fmt, load, floor] of [['YAML', 'load-yaml', 'yaml-parse'], ['JSON', 'load-json', 'json-parse']] as const) {
      const a = med(r, load, 'ms');
      const b = med(r, floor, 'ms');
      if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
      parts.push(a > b ? `\`loadFiles\` of the ${fmt} takes ${fmtMs(a - b)} over its parse floor` : `\`loadFiles\` of the ${fmt} is within noise of its parse floor`);
    }
    if (parts.length) lines.push(`- ${l}: ${parts.join('; ')}.`);
    for (const [id, msg] of Object.entries(r.errors)) lines.push(`- ${l}: measurement \`${id}\` failed: ${msg}`);
  }
  return lines;
}

function commandLine(argv: string[]): string {
  return `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
}

/** The commit measured, and how many files of the working tree differ from it. */
function revision(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown (not a git checkout)';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' });
  const changed = dirty.status === 0 ? dirty.stdout.split('\n').filter((l) => l.trim()).length : 0;
  return `${head.stdout.trim()}${changed ? ` plus uncommitted changes to ${changed} tracked file(s)` : ''}`;
}

function machine(): string[] {
  const cpus = os.cpus();
  const load = os.loadavg().map((x) => x.toFixed(2)).join(', ');
  return [
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} logical cores (os.cpus())`,
    `- memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB total`,
    `- Node.js ${process.version} on ${os.platform()} ${os.release()} (${os.arch()})`,
    `- load average at the start: ${START_LOAD}; at the end: ${load} (1, 5, 15 min; anything well above 0 means other work shared the cores)`,
    '- every CLI command as a ratio to the load-plus-one-query reference: [benchmarks-commands.md](benchmarks-commands.md) (`npm run bench:commands`)',
  ];
}

function report(results: SizeResult[], argv: string[], args: Args, started: Date, elapsedMs: number): string {
  const runsText = results.map((r) => `${r.runs} at ${sizeLabel(r.size)}`).join(', ');
  return `# Benchmarks

Generated by \`npm run bench\` (src/bench/run.ts); do not edit by hand, run it again.
Every number is the **median** over the runs (${runsText}); each run of each measurement is a
fresh \`node\` process, so timings and peak RSS do not leak from one measurement into another,
and every process runs a private copy of \`dist/\` taken when the benchmark starts (a rebuild
while it runs cannot change the code under measurement).

- command: \`${commandLine(argv)}\`
- code: ${REVISION}
- date: ${started.toISOString().replace(/\.\d+Z$/, 'Z')} (took ${(elapsedMs / 60000).toFixed(1)} min)
${machine().join('\n')}
${busyNote()}
## The worlds

Synthetic, deterministic worlds from \`src/bench/generate.ts\` (seed ${args.seed}; regenerate one with
\`node dist/bench/generate-cli.js --objects 100000 --seed 1 --format yaml -o big.yaml\`): many
team namespaces, each with a few ServiceAccounts, Roles and RoleBindings; a few hundred
ClusterRoles (admin/edit/view aggregated from add-on roles through
\`rbac.authorization.k8s.io/aggregate-to-*\` labels, plus a nested custom aggregation); hundreds of
ClusterRoleBindings; users and groups shared across namespaces. The files are written to
\`bench-data/\` (git-ignored).

${worldTable(results)}

## Library: load and analyse

${rowsTable(results, TIMING_ROWS, 'measurement (median)')}

## Peak memory

${rowsTable(results, RSS_ROWS, 'peak RSS (median)')}

## End to end: the CLI

Wall time of a whole process, measured from spawn to exit by the benchmark (peak RSS from GNU
\`time\` where available).

${rowsTable(results, CLI_ROWS, 'process (median wall time, peak RSS)')}

${derived(results).join('\n')}

## CPU time

User + system CPU time of the same sections (of the whole process for (j)). It is less
sensitive than wall time to other work sharing the machine, but it counts V8's helper threads
(parallel GC, compilation), so it can exceed the wall time.

${rowsTable(results, CPU_ROWS, 'CPU time (median)')}

## What each measurement is

- **(a) YAML floor**: \`readFileSync\` + js-yaml \`loadAll\` of the multi-document YAML file,
  nothing else, with \`CORE_SCHEMA\` (JSON-compatible values only: how Kubernetes reads YAML, and
  the schema the tool's decoder uses). It is what the tool's own YAML decoding builds on. The row
  below it is the same parse with js-yaml's default schema (which also tries every plain scalar
  as a timestamp), what a tool calling \`loadAll\` without options pays.
- **(b) JSON floor**: \`readFileSync\` + \`JSON.parse\` of the same world as one \`kind: List\`.
- **(c), (d) \`loadFiles\`**: the library's collector on that one file: read, decode (js-yaml or
  JSON.parse, with the alias and bad-document checks), unpack Lists, normalise every object into
  the model (with its validation diagnostics) and assemble the Snapshot. The factor in brackets
  is the time over the floor of the same format.
- **(e) \`analyze()\`**: building the Policy from a loaded Snapshot: resolving every role,
  computing aggregated ClusterRoles, indexing bindings by namespace, role and subject. Timed
  after a YAML load and after a JSON load; the median is over both.
- **(f) graph**: the first access of \`analysis.graph\`, which builds the graphology graph
  subject → binding → role → rule (with aggregation edges); only the graph-based features
  pay for it.
- **(g) \`whoCan\`**: library latency of \`analysis.whoCan(request)\` after load and analysis, over
  ${args.queries} queries drawn at random from a list of everyday requests (get pods, delete secrets, create
  pods/exec, patch deployments.apps, resourceNames, subresources, CRD resources, ...): once in a
  random namespace of the world, once with every namespace (\`-A\`), where every RoleBinding of
  every namespace is looked at. The request is resolved before the clock starts; the time is
  the query alone. p95 in brackets.
- **(h) \`whatCan\`**: library latency of \`analysis.whatCan(user)\` for random identities named by
  the world's bindings (users, ServiceAccounts, and groups as "a member of the group"), over all
  namespaces.
- **(i) peak RSS**: \`process.resourceUsage().maxRSS\` of a process that loaded the file and ran
  \`analyze()\`, the memory a one-shot CLI query needs before it answers; compared with a process
  that only parses the file.
- **(j) CLI**: \`node dist/bundle/rbac.mjs who-can delete secrets -A -f FILE -o json\`, the whole
  process (start-up, module loading, load, analysis, query, JSON output written to a file), next
  to a bare \`node\` process that only reads and parses the same file (dist/bench/bare-parse.js)
  and to \`node -e 0\`. The difference is what the tool costs over reading its input.

The growth column compares the two largest sizes: ×10 for ×10 objects is linear scaling.
`;
}

// ---------------------------------------------------------------------------------------------

const GROWTH: [name: string, task: string, metric: string][] = [
  ['loadFiles YAML (time)', 'load-yaml', 'ms'],
  ['loadFiles JSON (time)', 'load-json', 'ms'],
  ['analyze() (time)', 'analyze-yaml', 'ms'],
  ['CLI who-can -A, YAML (time)', 'cli-yaml', 'ms'],
  ['CLI who-can -A, JSON (time)', 'cli-json', 'ms'],
  ['peak RSS, load + analyze', 'analyze-yaml', 'maxRssMiB'],
];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = parse(argv);
  if (!existsSync(CLI())) throw new Error(`${rel(CLI())} is missing: run \`npm run build\` first`);
  const snapshot = join(args.dataDir, `dist-${process.pid}`);
  mkdirSync(args.dataDir, { recursive: true });
  cpSync(DIST, snapshot, { recursive: true });
  CODE = snapshot;
  const cleanup = () => rmSync(snapshot, { recursive: true, force: true });
  process.on('exit', cleanup);
  process.on('SIGINT', () => process.exit(130));
  REVISION = revision();
  const started = new Date();
  const t0 = performance.now();
  const results: SizeResult[] = [];
  for (const n of args.sizes) {
    results.push(await benchSize(n, args));
    (globalThis as { gc?: () => void }).gc?.();
  }
  const elapsed = performance.now() - t0;
  const md = report(results, argv, args, started, elapsed);
  const tables = [
    `## Machine\n\n${machine().join('\n')}`,
    `## Worlds\n\n${worldTable(results)}`,
    `## Library (median)\n\n${rowsTable(results, TIMING_ROWS, 'measurement (median)')}`,
    `## Peak memory (median)\n\n${rowsTable(results, RSS_ROWS, 'peak RSS (median)')}`,
    `## CLI (median)\n\n${rowsTable(results, CLI_ROWS, 'process (median wall time, peak RSS)')}`,
    `## CPU time (median)\n\n${rowsTable(results, CPU_ROWS, 'CPU time (median)')}`,
    derived(results).join('\n'),
  ];
  process.stdout.write(`${tables.join('\n\n')}\n`);
  mkdirSync(join(args.out, '..'), { recursive: true });
  // The scale targets and the measurements made by other commands (export, snapshots, live
  // collection, diff, paths, the HTML report) are kept by hand next to this file and appended.
  const targets = join(args.out, '..', 'benchmarks-targets.md');
  const plot = join(args.out, '..', 'benchmarks-growth.svg');
  writeFileSync(plot, growthSvg(GROWTH.map(([name, task, metric]) => ({ name, points: results.map((r) => [r.size, med(r, task, metric)] as [number, number]) })), 'How each figure grows with the number of RBAC objects'));
  writeFileSync(args.out, `${md}\n## Growth\n\n![growth of each figure from the smallest to the largest world](benchmarks-growth.svg)\n\nEach line is one figure divided by its value at the smallest size; the dashed line is linear growth.\n${existsSync(targets) ? `\n${readFileSync(targets, 'utf8')}` : ''}`);
  // Every run's raw numbers, for a closer look than the medians.
  const raw = join(args.dataDir, 'results.json');
  writeFileSync(raw, `${JSON.stringify({ started: started.toISOString(), command: commandLine(argv), code: REVISION, results }, null, 2)}\n`);
  log(`raw results in ${rel(raw)}`);
  log(`wrote ${rel(args.out)} (${(elapsed / 60000).toFixed(1)} min)`);
  const failures = results.flatMap((r) => Object.keys(r.errors));
  if (failures.length) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});
