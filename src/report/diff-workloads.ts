// The workload part of a diff: which workloads are new, or now run with another token, and the
// powers that token gains, as table rows, markdown and JSON.
import { SEVERITY_RANK } from '../audit/finding.js';
import type { QuerySeverity } from '../audit/query-definition.js';
import type { WorkloadChange } from '../diff/workloads.js';
import { compareStrings } from '../model/compare.js';
import { refText, ruleText, scopeText, shownName } from './describe.js';
import { grantJson, ruleJson } from './json.js';
import { renderTable } from './table.js';

const worst = (c: WorkloadChange) => Math.max(-1, ...c.risks.map((r) => SEVERITY_RANK[r.severity as QuerySeverity] ?? 0));
const label = (c: WorkloadChange) => `${c.workload.kind} ${c.workload.namespace}/${c.workload.name}`;
const sorted = (list: readonly WorkloadChange[]) => [...list].sort((a, b) => worst(b) - worst(a) || compareStrings(label(a), label(b)));
const gainText = (g: WorkloadChange['gained'][number]) => `${g.rules.map(ruleText).join('; ')} (${scopeText(g.scope)}, via ${refText(g.grant.binding)})`;
/** The table and markdown name the gains from the input's bindings; those every token has from the default policy (discovery, self-reviews) are a count. JSON lists all. */
const powers = (c: WorkloadChange) => {
  const own = c.gained.filter((g) => !g.grant.binding.defaultPolicy);
  const rest = c.gained.length - own.length;
  return [own.map(gainText).join('; '), rest ? `${own.length ? '+ ' : ''}${rest} grant(s) of the default policy` : ''].filter(Boolean).join(' ') || 'none';
};
const riskText = (c: WorkloadChange) => c.risks.map((r) => `${r.severity}: ${r.check}`).join(', ');
const mark = { added: '+', changed: '~', removed: '-' } as const;

export const workloadHeadline = (list: readonly WorkloadChange[]) =>
  list.length ? `${list.length} workload change(s), ${list.filter((c) => c.gained.length).length} with token powers gained${list.some((c) => c.risks.length) ? `, ${list.filter((c) => c.risks.length).length} flagged by audit checks` : ''}.` : '';

export function workloadTable(list: readonly WorkloadChange[]): string {
  return renderTable(['', 'WORKLOAD', 'CHANGE', 'POWERS GAINED', 'RISK'], sorted(list).map((c) => [mark[c.change], label(c), c.reason, powers(c), riskText(c)]));
}

const md = (s: string) => shownName(s).replace(/[|\\`*_<>[\]@]/g, (ch) => `\\${ch}`);

export function workloadMarkdown(list: readonly WorkloadChange[]): string {
  const rows = sorted(list).map((c) => `| ${mark[c.change]} | ${md(label(c))} | ${md(c.reason)} | ${md(powers(c))} | ${md(riskText(c))} |`);
  return ['#### Workloads', '', '| | Workload | Change | Powers gained | Risk |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

export const workloadJson = (list: readonly WorkloadChange[]) =>
  sorted(list).map((c) => ({ change: c.change, workload: c.workload, ...(c.before ? { before: c.before } : {}), ...(c.after ? { after: c.after } : {}), reason: c.reason, gained: c.gained.map((g) => ({ scope: g.scope ? 'namespace' : 'cluster', ...(g.scope ? { namespace: g.scope } : {}), rules: g.rules.map(ruleJson), grant: grantJson(g.grant) })), risks: c.risks }));
