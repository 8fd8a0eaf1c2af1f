// `npm run bench:commands`: every CLI command as a whole process (the bundle, dist/bundle/rbac.mjs)
// timed from spawn to exit, peak RSS from GNU time, as a ratio to the load-plus-one-query reference on the
// same seed-7 world (issue 16 targets), plus small-input startup against `node -e 0` and JSON
// who-can -A against a bare JSON.parse. Writes docs/benchmarks-commands.md after each size.
//
//   npm run bench:commands -- [--sizes 1000,10000,100000] [--runs N] [--pods 50000]
// (--pods: the largest size again with that many workloads, issue 17)
import { spawn } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { baselineTable, commandTable, diffHead, medianSample, type CommandRow, type Sample } from './commands-table.js';
import { generateWorld, toJsonList } from './generate.js';
import { generatePods } from './generate-pods.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist', 'bundle', 'rbac.mjs');
const BARE = join(ROOT, 'dist', 'bench', 'bare-parse.js');
const OUT = join(ROOT, 'docs', 'benchmarks-commands.md');
const TIMEOUT_S = 180;
const SEED = 7;
const STARTUP_RUNS = 10;
const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');
const START_LOAD = loadavg();
const log = (s: string) => process.stderr.write(`${s}\n`);

/**
 * Runs `node ...argv` under GNU time; stdout to /dev/null or a file. The whole process group dies
 * at the timeout. Peak RSS is GNU time's; wall time is this process's monotonic clock from spawn to
 * exit, since GNU time's %e has 10 ms steps, a fifth of a `node -e 0` here. (Every row goes
 * through GNU time, so its own exec is on both sides of a ratio.)
 */
function timed(argv: string[], tmp: string, stdoutFile = '/dev/null'): Promise<Sample> {
  const timeFile = join(tmp, 'time.txt');
  rmSync(timeFile, { force: true });
  const out = openSync(stdoutFile, 'w');
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M', '-o', timeFile, process.execPath, ...argv], { cwd: ROOT, stdio: ['ignore', out, 'pipe'], detached: true });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid!, 'SIGKILL');
    }, TIMEOUT_S * 1000);
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      clearTimeout(timer);
      closeSync(out);
      if (timedOut) return resolve({ wallS: NaN, rssKiB: NaN, timedOut: true });
      let text = '';
      try {
        text = readFileSync(timeFile, 'utf8');
      } catch {
        /* reported below */
      }
      const last = text.trim().split('\n').pop() ?? '';
      const rssKiB = Number(last);
      // Exit 1 is a finding (audit, diff), not a failure; GNU time notes it on a line of its own.
      if (code !== 0 && code !== 1) return resolve({ wallS: NaN, rssKiB: NaN, error: `exit ${code}: ${stderr.trim().split('\n').pop() ?? ''}` });
      resolve({ wallS, rssKiB });
    });
  });
}

async function median(argv: string[], tmp: string, runs: number, stdoutFile?: string): Promise<Sample> {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timed(argv, tmp, stdoutFile));
  return medianSample(samples);
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) for (const b of chunk) if (b === 10) n++;
  return n;
}

/** A sample as the progress log shows it. */
const progress = (s: Sample) => (s.timedOut ? `> ${TIMEOUT_S} s` : s.error ?? `${s.wallS.toFixed(3)} s, ${(s.rssKiB / 1024).toFixed(0)} MB`);

const label = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));

async function benchSize(n: number, tmp: string, runs: number): Promise<string> {
  log(`[${label(n)}] generating seed-${SEED} world`);
  const objects = generateWorld({ objects: n, seed: SEED });
  const w = join(tmp, `world-${label(n)}.json`);
  const w2 = join(tmp, `world-${label(n)}-head.json`);
  writeFileSync(w, toJsonList(objects));
  writeFileSync(w2, toJsonList(diffHead(objects, 5)));
  const csv = join(tmp, 'export.csv');
  const html = join(tmp, 'report.html');
  const cases: [string, string[], string?][] = [
    ['`who-can delete secrets -n ns-1 -o json` (reference)', ['who-can', 'delete', 'secrets', '-n', 'ns-1', '-f', w, '-o', 'json']],
    ['`audit -o json`', ['audit', '-f', w, '-o', 'json']],
    ['`paths --to clusterrole:cluster-admin -o json`', ['paths', '--to', 'clusterrole:cluster-admin', '-f', w, '-o', 'json']],
    ['`diff W W2` (5 RoleBindings changed)', ['diff', w, w2]],
    ['`export -o csv`', ['export', '-f', w, '-o', 'csv'], csv],
    ['`graph -o dot`', ['graph', '-f', w, '-o', 'dot']],
    ['`report --html OUT`', ['report', '--html', html, '-f', w]],
  ];
  const rows: CommandRow[] = [];
  for (const [name, args, stdoutFile] of cases) {
    const sample = await median([CLI, ...args], tmp, runs, stdoutFile);
    log(`[${label(n)}] ${name}: ${progress(sample)}`);
    rows.push({ label: name, sample });
  }
  const exportRow = rows[4]!.sample;
  let exportNote = '';
  if (!exportRow.timedOut && !exportRow.error) {
    const csvRows = Math.max(0, (await countLines(csv)) - 1);
    const us = (exportRow.wallS * 1e6) / csvRows;
    rows[4]!.ownTime = { met: us <= 2.4, text: 'per row' };
    exportNote = `\nexport: ${csvRows.toLocaleString('en-US')} rows (header excluded), ${us.toFixed(2)} µs a row over the whole process (target: at least 5x faster than ~12 µs a row, i.e. <= 2.4 µs: ${us <= 2.4 ? 'met' : 'not met'}). Its stdout went to a file in the temp folder so the rows could be counted; every other command's went to /dev/null.\n`;
  }
  rmSync(csv, { force: true });
  const bare: CommandRow = { label: 'bare `JSON.parse` (dist/bench/bare-parse.js W)', sample: await median([BARE, w], tmp, runs) };
  const whoAll: CommandRow = { label: '`who-can delete secrets -A -o json`', sample: await median([CLI, 'who-can', 'delete', 'secrets', '-A', '-f', w, '-o', 'json'], tmp, runs) };
  rmSync(w, { force: true });
  rmSync(w2, { force: true });
  rmSync(html, { force: true });
  return [
    `### ${label(n)} objects (${objects.length.toLocaleString('en-US')})`,
    '',
    commandTable(rows, TIMEOUT_S),
    exportNote,
    'JSON who-can against a bare parse of the same file (target 1.5x):',
    '',
    baselineTable(bare, [whoAll], TIMEOUT_S, 1.5),
    '',
  ].join('\n');
}

/** The largest world plus workloads (issue 17): the 2x rule with pods in the input too. */
async function benchWorkloads(n: number, pods: number, tmp: string, runs: number): Promise<string> {
  log(`[${label(n)} + ${label(pods)} pods] generating`);
  const rbacWorld = generateWorld({ objects: n, seed: SEED });
  const objects = [...rbacWorld, ...generatePods(rbacWorld, { pods, seed: SEED })];
  const base = join(tmp, `world-${label(n)}.json`);
  const w = join(tmp, `world-${label(n)}-pods.json`);
  writeFileSync(base, toJsonList(rbacWorld));
  writeFileSync(w, toJsonList(objects));
  const html = join(tmp, 'report.html');
  const cases: [string, string[]][] = [
    ['`who-can delete secrets -n ns-1 -o json` (reference)', ['who-can', 'delete', 'secrets', '-n', 'ns-1', '-f', w, '-o', 'json']],
    ['`who-can delete secrets -n ns-1 --workloads -o json`', ['who-can', 'delete', 'secrets', '-n', 'ns-1', '--workloads', '-f', w, '-o', 'json']],
    ['`audit -o json`', ['audit', '-f', w, '-o', 'json']],
    ['`paths --to clusterrole:cluster-admin -o json`', ['paths', '--to', 'clusterrole:cluster-admin', '-f', w, '-o', 'json']],
    ['`diff W W+pods` (every workload new)', ['diff', base, w]],
    ['`graph -o dot`', ['graph', '-f', w, '-o', 'dot']],
    ['`report --html OUT`', ['report', '--html', html, '-f', w]],
  ];
  const rows: CommandRow[] = [];
  for (const [name, args] of cases) {
    const sample = await median([CLI, ...args], tmp, runs);
    log(`[${label(n)} + pods] ${name}: ${progress(sample)}`);
    rows.push({ label: name, sample });
  }
  for (const f of [base, w, html]) rmSync(f, { force: true });
  const kinds = objects.length - rbacWorld.length;
  return [`### ${label(n)} objects + ${kinds.toLocaleString('en-US')} workloads (\`generatePods\`, seed ${SEED})`, '', 'The reference is measured on the same file, workloads included. The paths, audit and diff answers grow with the workloads (paths through pods and nodes, findings naming the workloads, every workload new in the diff): their output is larger than on the RBAC-only world.', '', commandTable(rows, TIMEOUT_S), ''].join('\n');
}

async function startup(tmp: string): Promise<string> {
  log(`startup: median of ${STARTUP_RUNS}`);
  const base: CommandRow = { label: '`node -e 0`', sample: await median(['-e', '0'], tmp, STARTUP_RUNS) };
  const rows: CommandRow[] = [];
  for (const src of ['samples/worlds/teaching.yaml', 'samples/kubernetes-bootstrap']) {
    rows.push({ label: `\`who-can get pods -f ${src} -q\``, sample: await median([CLI, 'who-can', 'get', 'pods', '-f', src, '-q'], tmp, STARTUP_RUNS) });
  }
  return `## Small inputs (median of ${STARTUP_RUNS}, target 2.5x \`node -e 0\`)\n\n${baselineTable(base, rows, TIMEOUT_S, 2.5)}\n`;
}

function page(command: string, sections: string[], done: boolean, sizes: number[]): string {
  const cpus = os.cpus();
  return `# Benchmarks: every command against the reference

Generated by \`${command}\` (src/bench/commands.ts); do not edit by hand. Targets from issue 16:
at 100k objects every command within 2x the reference's wall time and peak RSS (the reference is
load + one query, \`who-can delete secrets -n ns-1\`, on the same file); small inputs within 2.5x a
bare \`node -e 0\`; JSON who-can -A within 1.5x a bare \`JSON.parse\`. Each figure is one whole
process of the CLI bundle \`dist/bundle/rbac.mjs\` under \`/usr/bin/time -f '%M'\` (peak RSS), its
wall time taken by the benchmark from spawn to exit (to the microsecond: GNU time's \`%e\` has
10 ms steps), stdout to /dev/null; worlds are \`generateWorld({ objects: N, seed: ${SEED} })\` as a JSON List.
A command over ${TIMEOUT_S} s is stopped and shown as "> ${TIMEOUT_S} s". Smaller sizes are shown for
the trend; the 2x rule is stated for 100k.

Machine: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB,
node ${process.version}, ${os.platform()} ${os.release()}. Load average (1, 5, 15 min) at start ${START_LOAD},
at ${done ? 'end' : 'the last write'} ${loadavg()}. **The machine is shared with other work**: the wall
times are inflated and noisy, and ratios taken in the same run are the steadier figure.
${done ? '' : `\n**Incomplete:** sizes ${sizes.map(label).join(', ')} were asked for; the run had not finished the rest when this page was committed.\n`}
${sections.join('\n')}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000,100000' }, runs: { type: 'string', default: '1' }, pods: { type: 'string', default: '0' } } });
  const sizes = values.sizes!.split(',').map((s) => Number(s.trim()));
  const runs = Number(values.runs);
  const pods = Number(values.pods);
  if (sizes.some((s) => !Number.isInteger(s) || s < 300) || !Number.isInteger(runs) || runs < 1 || !Number.isInteger(pods) || pods < 0) throw new Error('usage: --sizes 1000,10000 (integers >= 300) --runs N (>= 1) [--pods P: also the largest size plus P workloads]');
  const command = `npm run bench:commands -- --sizes ${sizes.join(',')} --runs ${runs}${pods ? ` --pods ${pods}` : ''}`;
  const tmp = mkdtempSync(join(os.tmpdir(), 'rbac-bench-commands-'));
  try {
    const sections = [await startup(tmp), '## Commands at scale\n'];
    writeFileSync(OUT, page(command, sections, false, sizes));
    for (const n of sizes) {
      sections.push(await benchSize(n, tmp, runs));
      writeFileSync(OUT, page(command, sections, n === sizes[sizes.length - 1] && !pods, sizes));
    }
    if (pods) {
      sections.push(await benchWorkloads(sizes[sizes.length - 1]!, pods, tmp, runs));
      writeFileSync(OUT, page(command, sections, true, sizes));
    }
    log(`wrote ${OUT}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
