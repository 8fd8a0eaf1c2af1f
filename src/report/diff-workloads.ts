// The workload part of a diff: which workloads are new, or now run with another token, and the
// powers that token gains, as table rows, markdown and JSON.
import { SEVERITY_RANK } from '../audit/finding.js';
import type { QuerySeverity } from '../audit/query-definition.js';
import type { WorkloadChange, WorkloadGain } from '../diff/workloads.js';
import type { PolicyRule } from '../model/rbac.js';
import { compareStrings } from '../model/compare.js';
import { refText, ruleText, scopeText, shownName } from './describe.js';
import { PLAIN_DISPLAY, severityHue, type Display } from './display.js';
import { grantJson, ruleJson } from './json.js';
import { renderTable } from './table.js';

const worst = (c: WorkloadChange) => Math.max(-1, ...c.risks.map((r) => SEVERITY_RANK[r.severity as QuerySeverity] ?? 0));
const label = (c: WorkloadChange) => `${c.workload.kind} ${c.workload.namespace}/${c.workload.name}`;
/** The worst risk first, then by kind, namespace and name; each key made once, not per comparison. */
const sorted = (list: readonly WorkloadChange[]) =>
  list
    .map((c) => ({ c, worst: worst(c), label: label(c) }))
    .sort((a, b) => b.worst - a.worst || compareStrings(a.label, b.label))
    .map((k) => k.c);

/** A table or markdown row names at most this many workloads, and at most this many gained rules. */
const SHOWN_WORKLOADS = 3;
const SHOWN_RULES = 5;

/**
 * Workloads of one kind and namespace with the same change (same ServiceAccount and mount before
 * and after, so the same tokens, gains and risks): one row, as thousands of new Pods of one
 * ServiceAccount say one thing. Presentation only: JSON and --fail-on count every workload.
 */
function grouped(list: readonly WorkloadChange[]): WorkloadChange[][] {
  const groups = new Map<string, WorkloadChange[]>();
  for (const c of sorted(list)) {
    const key = JSON.stringify([c.change, c.workload.kind, c.workload.namespace, c.reason, c.before ?? null, c.after ?? null]);
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  return [...groups.values()];
}

const groupLabel = (g: readonly WorkloadChange[]) => {
  const { kind, namespace } = g[0]!.workload;
  const names = g.map((c) => `${namespace}/${c.workload.name}`);
  const shown = names.length <= SHOWN_WORKLOADS ? names.join(', ') : `${names.slice(0, SHOWN_WORKLOADS - 1).join(', ')} and ${names.length - SHOWN_WORKLOADS + 1} more`;
  return `${kind} ${shown}`;
};

const gainText = (g: WorkloadChange['gained'][number], rules: readonly PolicyRule[]) => `${rules.map(ruleText).join('; ')} (${scopeText(g.scope)}, via ${refText(g.grant.binding)})`;
/**
 * The table and markdown name the first few gains from the input's bindings (an aggregated admin
 * or view is a couple of hundred rules, and a new Pod's token gains all of them); those every token
 * has from the default policy (discovery, self-reviews) are a count. JSON lists all.
 */
const powersText = (gained: readonly WorkloadGain[]) => {
  const shown: string[] = [];
  let [own, left, hidden] = [0, SHOWN_RULES, 0];
  for (const g of gained) {
    if (g.grant.binding.defaultPolicy) continue;
    own++;
    const rules = left ? g.rules.slice(0, left) : [];
    hidden += g.rules.length - rules.length;
    left -= rules.length;
    if (rules.length) shown.push(gainText(g, rules));
  }
  const rest = gained.length - own;
  const more = hidden ? `+ ${hidden} more rule(s)` : '';
  const defaults = rest ? `${own ? '+ ' : ''}${rest} grant(s) of the default policy` : '';
  return [shown.join('; '), more, defaults].filter(Boolean).join(' ') + (hidden ? '; -o json lists all' : '') || 'none';
};
// Tokens that gain the same share one array of gains (diffWorkloads): its text is made once.
const powersOf = new WeakMap<readonly WorkloadGain[], string>();
const powers = (c: WorkloadChange) => {
  let text = powersOf.get(c.gained);
  if (text === undefined) powersOf.set(c.gained, (text = powersText(c.gained)));
  return text;
};
const riskText = (c: WorkloadChange) => c.risks.map((r) => `${r.severity}: ${r.check}`).join(', ');
const mark = { added: '+', changed: '~', removed: '-' } as const;

export const workloadHeadline = (list: readonly WorkloadChange[]) =>
  list.length ? `${list.length} workload change(s), ${list.filter((c) => c.gained.length).length} with token powers gained${list.some((c) => c.risks.length) ? `, ${list.filter((c) => c.risks.length).length} flagged by audit checks` : ''}.` : '';

const cells = (g: readonly WorkloadChange[]) => {
  const c = g[0]!;
  return [mark[c.change], groupLabel(g), c.reason, powers(c), riskText(c)];
};

/** The most severe of a change's risks ('' when none): what its RISK cell is coloured by. */
export const worstSeverity = (risks: readonly { severity: string }[]) => risks.reduce((w, r) => (SEVERITY_RANK[r.severity as QuerySeverity] > SEVERITY_RANK[w as QuerySeverity] ? r.severity : w), risks[0]?.severity ?? '');

/** Fitted to the terminal and coloured by the worst risk, as the diff's own table; piped, unchanged. */
export function workloadTable(list: readonly WorkloadChange[], display: Display = PLAIN_DISPLAY): string {
  const groups = grouped(list);
  return renderTable(['', 'WORKLOAD', 'CHANGE', 'POWERS GAINED', 'RISK'], groups.map(cells), display, (row, col) => (col === 4 ? severityHue(worstSeverity(groups[row]![0]!.risks)) : undefined));
}

const md = (s: string) => shownName(s).replace(/[|\\`*_<>[\]@]/g, (ch) => `\\${ch}`);

export function workloadMarkdown(list: readonly WorkloadChange[]): string {
  const rows = grouped(list).map((g) => {
    const [sign, ...rest] = cells(g);
    return `| ${sign} | ${rest.map(md).join(' | ')} |`;
  });
  return ['#### Workloads', '', '| | Workload | Change | Powers gained | Risk |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

/**
 * JSON lists every workload and every gain, each distinct gain once in workloadGains and a
 * workload's gained as indexes into it: the workloads of one ServiceAccount share their gains, and
 * the gains of an aggregated role bound in a namespace are every token's there, so inlined they
 * repeat (a few hundred KiB a Pod).
 */
export function workloadJson(list: readonly WorkloadChange[]): { workloads: unknown[]; workloadGains: unknown[] } {
  const gains: unknown[] = [];
  const byGain = new Map<WorkloadGain, number>();
  const byText = new Map<string, number>();
  const indexOf = (g: WorkloadGain) => {
    let i = byGain.get(g);
    if (i !== undefined) return i;
    const entry = { scope: g.scope ? 'namespace' : 'cluster', ...(g.scope ? { namespace: g.scope } : {}), rules: g.rules.map(ruleJson), grant: grantJson(g.grant) };
    const text = JSON.stringify(entry);
    i = byText.get(text);
    if (i === undefined) byText.set(text, (i = gains.push(entry) - 1));
    byGain.set(g, i);
    return i;
  };
  const workloads = sorted(list).map((c) => ({ change: c.change, workload: c.workload, ...(c.before ? { before: c.before } : {}), ...(c.after ? { after: c.after } : {}), reason: c.reason, gained: c.gained.map(indexOf), risks: c.risks }));
  return { workloads, workloadGains: gains };
}
