// A diff of effective permissions as a table (-o wide adds the binding and the reason), a
// pull-request comment (markdown), JSON/YAML or CSV.
import { compareStrings } from '../model/compare.js';
import { SEVERITY_RANK } from '../audit/finding.js';
import type { QuerySeverity } from '../audit/query-definition.js';
import type { DiffChange, DiffResult } from '../diff/diff.js';
import { refText, ruleText, scopeText, shownName, subjectText } from './describe.js';
import { BINDING_COLUMNS, bindingCells, listCell, RULE_COLUMNS, ruleCells, SCOPE_COLUMNS, scopeCells, SUBJECT_COLUMNS, subjectCells, toCsv } from './csv.js';
import { PLAIN_DISPLAY, severityHue, type Display } from './display.js';
import { structured } from './format.js';
import { grantJson, JsonRows, ruleJson, subjectJson, toJsonChunks } from './json.js';
import { renderTable, wrapLines } from './table.js';
import { workloadHeadline, workloadJson, workloadMarkdown, workloadTable, worstSeverity } from './diff-workloads.js';

export type DiffFormat = 'table' | 'wide' | 'json' | 'yaml' | 'csv' | 'markdown';

/** CSV: one row per changed rule, the subject first as in every rbac CSV (docs/output.md#csv). */
export const DIFF_COLUMNS = [...SUBJECT_COLUMNS, ...SCOPE_COLUMNS, ...BINDING_COLUMNS, ...RULE_COLUMNS, 'change', 'reasons', 'risks'] as const;

const worst = (c: DiffChange) => Math.max(-1, ...c.risks.map((r) => SEVERITY_RANK[r.severity as QuerySeverity] ?? 0));

export function sortChanges(changes: DiffChange[]): DiffChange[] {
  const who = (c: DiffChange) => `${c.subject.kind}/${c.subject.namespace ?? ''}/${c.subject.name}`;
  return [...changes].sort((a, b) => worst(b) - worst(a) || (a.change === b.change ? 0 : a.change === 'added' ? -1 : 1) || compareStrings(who(a), who(b)) || compareStrings(a.scope, b.scope) || compareStrings(a.grant.binding.name, b.grant.binding.name));
}

export function diffSummary(r: DiffResult): { subjectsGaining: number; subjectsLosing: number; added: number; removed: number; risky: number; bySeverity: Record<string, number> } {
  const subjects = (kind: string) => new Set(r.changes.filter((c) => c.change === kind).map((c) => `${c.subject.kind}/${c.subject.namespace ?? ''}/${c.subject.name}`)).size;
  const count = (kind: string) => r.changes.filter((c) => c.change === kind).reduce((n, c) => n + c.rules.reduce((m, x) => m + x.verbs.length, 0), 0);
  const bySeverity: Record<string, number> = {};
  for (const c of r.changes) for (const k of c.risks) bySeverity[k.severity] = (bySeverity[k.severity] ?? 0) + 1;
  return { subjectsGaining: subjects('added'), subjectsLosing: subjects('removed'), added: count('added'), removed: count('removed'), risky: r.changes.filter((c) => c.risks.length).length, bySeverity };
}

function headline(r: DiffResult): string {
  const s = diffSummary(r);
  if (r.changes.length === 0) return `No change in effective permissions.${r.workloads?.length ? ` ${workloadHeadline(r.workloads)}` : ''}`;
  const risk = s.risky ? `; ${s.risky} change(s) flagged by audit checks (${Object.entries(s.bySeverity).sort((a, b) => SEVERITY_RANK[b[0] as QuerySeverity] - SEVERITY_RANK[a[0] as QuerySeverity]).map(([k, v]) => `${v} ${k}`).join(', ')})` : '';
  return `${s.subjectsGaining} subject(s) gain ${s.added} permission(s), ${s.subjectsLosing} lose ${s.removed}${risk}.${r.workloads?.length ? ` ${workloadHeadline(r.workloads)}` : ''}`;
}

const perms = (c: DiffChange) => c.rules.map(ruleText).join('; ');
const riskText = (c: DiffChange) => c.risks.map((r) => `${r.severity}: ${r.check}`).join(', ');
const via = (c: DiffChange) => `${refText(c.grant.binding)} -> ${refText(c.grant.role)}${c.grant.aggregatedFrom ? ` (from ${c.grant.aggregatedFrom})` : ''}`;

const changeJson = (c: DiffChange) => ({ change: c.change, subject: subjectJson(c.subject), scope: c.scope ? 'namespace' : 'cluster', ...(c.scope ? { namespace: c.scope } : {}), rules: c.rules.map(ruleJson), grant: grantJson(c.grant), reasons: c.reasons, risks: c.risks });

/** formatDiff's text in pieces: JSON a batch of rows at a time (every workload new in a large cluster is gigabytes of JSON), the other formats whole. */
export function* formatDiffChunks(r: DiffResult, format: DiffFormat, display: Display = PLAIN_DISPLAY): Generator<string> {
  if (format !== 'json') {
    yield formatDiff(r, format, display);
    return;
  }
  const same = <T>(x: T) => x;
  const w = r.workloads ? workloadJson(r.workloads) : undefined;
  yield* toJsonChunks({
    summary: diffSummary(r),
    changes: new JsonRows(sortChanges(r.changes), changeJson),
    ...(w ? { workloads: new JsonRows(w.workloads, same), workloadGains: new JsonRows(w.workloadGains, same) } : {}),
    notes: r.notes,
  });
}

export function formatDiff(r: DiffResult, format: DiffFormat, display: Display = PLAIN_DISPLAY): string {
  const changes = sortChanges(r.changes);
  switch (format) {
    case 'json':
      return [...formatDiffChunks(r, format, display)].join('');
    case 'yaml':
      return structured({ summary: diffSummary(r), changes: changes.map(changeJson), ...(r.workloads ? workloadJson(r.workloads) : {}), notes: r.notes }, format);
    case 'csv':
      return toCsv(DIFF_COLUMNS, changes.flatMap((c) => c.rules.map((rule) => [...subjectCells(c.subject), ...scopeCells(c.scope), ...bindingCells(c.grant), ...ruleCells(rule), c.change, listCell(c.reasons), listCell(c.risks.map((k) => `${k.severity}:${k.check}`))])));
    case 'table':
    case 'wide': {
      const wide = format === 'wide';
      const head = ['', 'SUBJECT', 'SCOPE', 'PERMISSIONS', ...(wide ? ['VIA', 'WHY'] : []), 'RISK'];
      const rows = changes.map((c) => [c.change === 'added' ? '+' : '-', subjectText(c.subject), scopeText(c.scope), perms(c), ...(wide ? [via(c), c.reasons.join('; ')] : []), riskText(c)]);
      const worstHue = (row: number) => severityHue(worstSeverity(changes[row]!.risks));
      const table = changes.length ? [renderTable(head, rows, display, (row, col) => (col === head.length - 1 ? worstHue(row) : undefined))] : [];
      const workloads = r.workloads?.length ? [workloadTable(r.workloads, display)] : [];
      return `${[...wrapLines([headline(r)], display), ...table, ...workloads, ...wrapLines(r.notes.map((n) => `note: ${n}`), display)].join('\n')}\n`;
    }
    case 'markdown':
      return markdown(r, changes);
  }
}

const md = (s: string) => shownName(s).replace(/[|\\`*_<>[\]@]/g, (ch) => `\\${ch}`);

function mdTable(changes: DiffChange[]): string {
  const arrow = (c: DiffChange) => `${md(refText(c.grant.binding))} → ${md(refText(c.grant.role))}${c.grant.aggregatedFrom ? ` (from ${md(c.grant.aggregatedFrom)})` : ''}`;
  const rows = changes.map((c) => `| ${c.change === 'added' ? '➕' : '➖'} | ${md(subjectText(c.subject))} | ${md(scopeText(c.scope))} | ${c.rules.map((r) => md(ruleText(r))).join('<br>')} | ${arrow(c)} | ${md(c.reasons.join('; '))} | ${md(riskText(c))} |`);
  return ['| | Subject | Scope | Permissions | Via | Why | Risk |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

function markdown(r: DiffResult, changes: DiffChange[]): string {
  const out = [`### RBAC changes: ${headline(r)}`, ''];
  const risky = changes.filter((c) => c.risks.length);
  if (risky.length) out.push('#### Dangerous gains', '', mdTable(risky), '');
  if (changes.length) {
    const big = changes.length > 20;
    if (big) out.push(`<details><summary>All ${changes.length} changes</summary>`, '');
    else out.push('#### All changes', '');
    out.push(mdTable(changes), '');
    if (big) out.push('</details>', '');
  }
  if (r.workloads?.length) out.push(workloadMarkdown(r.workloads));
  for (const n of r.notes) out.push(`> ${md(n)}`, '');
  out.push('<sub>Effective permissions computed by rbac as the Kubernetes RBAC authorizer would (RBAC only).</sub>', '');
  return out.join('\n');
}
