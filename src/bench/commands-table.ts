// Pure parts of `npm run bench:commands` (bench/commands.ts): the diff head world, the
// met / not met rule and the markdown tables. No I/O, so test/bench/commands.test.ts can pin them.
import type { Manifest } from './generate.js';

/** One whole-process measurement: wall seconds (spawn to exit) and peak RSS in KiB (GNU time %M), or a timeout. */
export interface Sample {
  wallS: number;
  rssKiB: number;
  timedOut?: boolean;
  /** Why it failed (non-zero exit), when it did. */
  error?: string;
}

export interface CommandRow {
  label: string;
  sample: Sample;
  /** A target of its own instead of 2x the reference's time (export's is per row), RSS still 2x: its verdict given the RSS one. */
  ownTime?: { met: boolean; text: string };
}

/** The head world of the diff benchmark: the first `count` RoleBindings each get one more User subject. */
export function diffHead(objects: readonly Manifest[], count = 5): Manifest[] {
  let changed = 0;
  return objects.map((o) => {
    if (o.kind !== 'RoleBinding' || changed >= count) return o;
    changed++;
    const subjects = Array.isArray(o.subjects) ? o.subjects : [];
    return { ...o, subjects: [...subjects, { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: `bench-diff-${changed}@example.com` }] };
  });
}

/** `met` when value / reference is at most `target`; undefined when either side did not finish. */
export function ratioOf(value: Sample, reference: Sample, field: 'wallS' | 'rssKiB'): number | undefined {
  if (value.timedOut || value.error || reference.timedOut || reference.error) return undefined;
  const ref = reference[field];
  return ref > 0 ? value[field] / ref : undefined;
}

export function verdict(ratios: (number | undefined)[], target: number, names: string[] = []): string {
  if (ratios.some((r) => r === undefined)) return 'not met (did not finish)';
  const over = ratios.map((r, i) => (r! > target ? names[i] : undefined)).filter((x): x is string => x !== undefined);
  if (ratios.every((r) => r! <= target)) return 'met';
  return over.length ? `not met (${over.join(', ')})` : 'not met';
}

export function timeCell(s: Sample, timeoutS: number): string {
  if (s.timedOut) return `> ${timeoutS} s`;
  if (s.error) return `failed: ${s.error.slice(0, 60)}`;
  // Below a second, milliseconds count: the small-input rows compare 0.05 s with 0.12 s.
  return s.wallS.toFixed(s.wallS < 1 ? 3 : 2);
}

const x = (r: number | undefined) => (r === undefined ? 'n/a' : `${r.toFixed(2)}x`);
const mb = (s: Sample) => (s.timedOut || s.error ? 'n/a' : (s.rssKiB / 1024).toFixed(0));

/** One size's table: every command against the first row (the reference), time and peak RSS, 2x target. */
export function commandTable(rows: readonly CommandRow[], timeoutS: number, target = 2): string {
  const ref = rows[0]!.sample;
  const lines = ['| command | time s | ratio to reference | peak RSS MB | ratio | target (2x) |', '|---|---:|---:|---:|---:|---|'];
  rows.forEach((row, i) => {
    const t = ratioOf(row.sample, ref, 'wallS');
    const m = ratioOf(row.sample, ref, 'rssKiB');
    const v = i === 0 ? 'reference' : row.ownTime ? ownVerdict(row.ownTime, m, target) : verdict([t, m], target, ['time', 'RSS']);
    lines.push(`| ${row.label} | ${timeCell(row.sample, timeoutS)} | ${x(t)} | ${mb(row.sample)} | ${x(m)} | ${v} |`);
  });
  return lines.join('\n');
}

function ownVerdict(own: { met: boolean; text: string }, rss: number | undefined, target: number): string {
  const over = [...(own.met ? [] : [own.text]), ...(rss === undefined || rss > target ? ['RSS'] : [])];
  return over.length ? `not met (${over.join(', ')})` : `met (${own.text}, RSS)`;
}

/** A table of rows measured against one baseline row (startup against `node -e 0`, who-can against JSON.parse). */
export function baselineTable(baseline: CommandRow, rows: readonly CommandRow[], timeoutS: number, target: number): string {
  const lines = [`| command | time s | ratio to baseline | peak RSS MB | target (${target}x) |`, '|---|---:|---:|---:|---|'];
  lines.push(`| ${baseline.label} | ${timeCell(baseline.sample, timeoutS)} | 1.00x | ${mb(baseline.sample)} | baseline |`);
  for (const row of rows) {
    const t = ratioOf(row.sample, baseline.sample, 'wallS');
    lines.push(`| ${row.label} | ${timeCell(row.sample, timeoutS)} | ${x(t)} | ${mb(row.sample)} | ${verdict([t], target)} |`);
  }
  return lines.join('\n');
}

/** The median sample of several runs (by wall time; a timeout or failure in any run wins). */
export function medianSample(samples: readonly Sample[]): Sample {
  const bad = samples.find((s) => s.timedOut || s.error);
  if (bad) return bad;
  const sorted = [...samples].sort((a, b) => a.wallS - b.wallS);
  const mid = sorted.length >> 1;
  if (sorted.length % 2) return sorted[mid]!;
  const a = sorted[mid - 1]!;
  const b = sorted[mid]!;
  return { wallS: (a.wallS + b.wallS) / 2, rssKiB: (a.rssKiB + b.rssKiB) / 2 };
}
