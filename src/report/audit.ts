// Audit findings as a table, JSON, CSV or SARIF 2.1.0 (sarif.ts). With a baseline, the table,
// JSON and CSV list only new and updated findings; SARIF carries every result with its baselineState.
import type { Finding } from '../audit/finding.js';
import type { AuditResult } from '../audit/audit.js';
import type { QueryDefinition } from '../audit/query-definition.js';
import type { LineLookup } from '../collect/source-lines.js';
import type { FindingShape } from '../audit/identity.js';
import { toCsv } from './csv.js';
import { defaultPolicyFootnote, grantRefs, refText, scopeText, subjectText } from './describe.js';
import { grantJson, subjectJson, toJson } from './json.js';
import { sarifLog } from './sarif.js';
import { workloadsNote } from '../audit/workloads.js';
import { renderTable } from './table.js';

export type AuditFormat = 'table' | 'json' | 'csv' | 'sarif';

const who = (f: Finding) => (f.subject ? subjectText(f.subject) : f.object ? refText(f.object) : '');
const viaAll = (f: Finding) => [...new Set(f.grants.map((g) => `${refText(g.binding)} -> ${refText(g.role)}${g.aggregatedFrom ? ` (from ${g.aggregatedFrom})` : ''}`))];
/** The table shows the first paths only; JSON, CSV and SARIF carry them all. */
const viaShort = (f: Finding) => {
  const all = viaAll(f);
  return all.length > 2 ? `${all.slice(0, 2).join('; ')}; (+${all.length - 2} more)` : all.join('; ');
};
const implied = (f: Finding) => (f.implies?.length ? `implies ${f.implies.length} more check(s), folded under it (--expand lists them): ${f.implies.join(', ')}` : '');
const note = (f: Finding) => [f.restrictedTo ? `only names: ${f.restrictedTo.join(', ')}` : '', f.message ?? '', implied(f), workloadsNote(f), f.excluded ? `excluded: ${f.excluded}` : ''].filter(Boolean).join('; ');

/** Counts over what is reported: with a baseline, the new and updated findings only. */
export function summary(result: AuditResult): Record<string, unknown> {
  const reported = result.baseline ? result.findings.filter((f) => f.baselineState !== 'unchanged') : result.findings;
  const shown = reported.filter((f) => !f.excluded && !f.foldedInto);
  const folded = reported.filter((f) => !f.excluded && f.foldedInto).length;
  const bySeverity: Record<string, number> = {};
  for (const f of shown) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  const b = result.baseline;
  return { checks: result.checks, findings: shown.length, excluded: reported.length - shown.length - folded, ...(folded ? { folded } : {}), bySeverity, ...(result.defaultPolicy ? { defaultPolicyOnly: result.defaultPolicyOnly } : {}), ...(b ? { baseline: { file: b.file, ...b.counts } } : {}) };
}

const absentJson = (f: FindingShape) => ({ check: f.check, ...(f.subject ? { subject: subjectJson(f.subject) } : {}), ...(f.object ? { object: f.object } : {}), scope: f.scope === '' ? 'cluster' : 'namespace', ...(f.scope ? { namespace: f.scope } : {}), matched: f.matched });

export interface AuditFormatOptions {
  showExcluded?: boolean;
  queries?: readonly QueryDefinition[];
  lines?: LineLookup;
  /** SARIF: the input to point at when a finding's object has no file. */
  fallbackUri?: string;
}

export function formatAudit(result: AuditResult, format: AuditFormat, opts: AuditFormatOptions = {}): string {
  // Findings folded under a cluster-admin-equivalent one are kept and counted, listed with --expand.
  const visible = result.findings.filter((f) => (opts.showExcluded || !f.excluded) && !f.foldedInto);
  if (format === 'sarif') return toJson(sarifLog(visible, { ...opts, baseline: !!result.baseline }).log);
  const list = result.baseline ? visible.filter((f) => f.baselineState !== 'unchanged') : visible;
  switch (format) {
    case 'json':
      return toJson({ summary: summary(result), findings: list.map(findingJson), ...(result.baseline ? { absent: result.baseline.absent.map(absentJson) } : {}) });
    case 'csv':
      return toCsv(
        ['severity', 'check', 'title', 'subject_kind', 'subject_namespace', 'subject_name', 'object', 'scope', 'namespace', 'matched', 'restricted_to', 'bindings', 'roles', 'message', 'excluded'],
        list.map((f) => [f.severity, f.check, f.title, f.subject?.kind ?? '', f.subject?.namespace ?? '', f.subject?.name ?? '', f.object ? refText(f.object) : '', f.scope ? 'namespace' : 'cluster', f.scope, f.matched.join('; '), (f.restrictedTo ?? []).join(' '), f.grants.map((g) => refText(g.binding)).join('; '), f.grants.map((g) => refText(g.role)).join('; '), f.message ?? '', f.excluded ?? '']),
      );
    case 'table': {
      const s = summary(result) as { findings: number; excluded: number; folded?: number; bySeverity: Record<string, number>; checks: number };
      const b = result.baseline;
      const since = b ? `; against baseline ${b.file}: ${b.counts.new} new, ${b.counts.updated} updated, ${b.counts.unchanged} unchanged (not listed), ${b.counts.absent} gone` : '';
      const head = `${s.findings}${b ? ' new or updated' : ''} finding(s) from ${s.checks} check(s)${Object.keys(s.bySeverity).length ? ` (${Object.entries(s.bySeverity).map(([k, v]) => `${v} ${k}`).join(', ')})` : ''}${s.excluded ? `; ${s.excluded} excluded${opts.showExcluded ? '' : ' (--show-excluded to list them)'}` : ''}${s.folded ? `; ${s.folded} more implied by cluster-admin-equivalent findings (--expand lists them)` : ''}${since}.`;
      const defaults = result.defaultPolicyOnly ? `\n${result.defaultPolicyOnly} more rest only on the Kubernetes ${result.defaultPolicy} default policy (its own controllers and groups): --include-defaults lists them.` : '';
      const foot = defaultPolicyFootnote(list.flatMap((f) => [...grantRefs(f.grants), ...(f.object ? [f.object] : [])]));
      if (list.length === 0) return `${head}${defaults}\n`;
      return `${renderTable(['SEVERITY', 'CHECK', 'SUBJECT', 'SCOPE', 'VIA', 'NOTE'], list.map((f) => [f.severity, f.check, who(f), scopeText(f.scope), viaShort(f), note(f)]))}\n${head}${defaults}${foot ? `\n${foot}` : ''}\n`;
    }
  }
}

export function findingJson(f: Finding): Record<string, unknown> {
  return {
    severity: f.severity,
    check: f.check,
    title: f.title,
    ...(f.subject ? { subject: subjectJson(f.subject) } : {}),
    ...(f.object ? { object: f.object } : {}),
    scope: f.scope === '' ? 'cluster' : 'namespace',
    ...(f.scope ? { namespace: f.scope } : {}),
    matched: f.matched,
    ...(f.matches ? { matches: f.matches.map((m) => ({ request: m.label, ...(m.restrictedTo ? { restrictedTo: m.restrictedTo } : {}) })) } : {}),
    ...(f.restrictedTo ? { restrictedTo: f.restrictedTo } : {}),
    grants: f.grants.map(grantJson),
    ...(f.message ? { message: f.message } : {}),
    ...(f.excluded ? { excluded: f.excluded } : {}),
    ...(f.implies ? { implies: f.implies } : {}),
    ...(f.workloads ? { workloads: f.workloads } : {}),
    ...(f.defaultPolicy ? { defaultPolicy: true } : {}),
    ...(f.baselineState ? { baselineState: f.baselineState } : {}),
  };
}
