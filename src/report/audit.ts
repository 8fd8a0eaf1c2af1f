// Audit findings as a table (-o wide: every path and note in full), JSON/YAML, CSV or SARIF 2.1.0 (sarif.ts). With a baseline, the table,
// JSON and CSV list only new and updated findings; SARIF carries every result with its baselineState.
import type { Finding } from '../audit/finding.js';
import type { AuditResult } from '../audit/audit.js';
import type { QueryDefinition } from '../audit/query-definition.js';
import type { LineLookup } from '../collect/source-lines.js';
import type { FindingShape } from '../audit/identity.js';
import { listCell, refCell, SCOPE_COLUMNS, scopeCells, SUBJECT_COLUMNS, subjectCells, toCsv } from './csv.js';
import { PLAIN_DISPLAY, severityHue, type Display } from './display.js';
import { structured } from './format.js';
import { defaultPolicyFootnote, grantRefs, refText, scopeText, subjectText } from './describe.js';
import { grantJson, JsonRows, subjectJson, toJson, toJsonChunks } from './json.js';
import { sarifLog } from './sarif.js';
import { workloadsNote } from '../audit/workloads.js';
import { renderTable, wrapLines } from './table.js';

export type AuditFormat = 'table' | 'wide' | 'json' | 'yaml' | 'csv' | 'sarif';

const who = (f: Finding) => (f.subject ? subjectText(f.subject) : f.object ? refText(f.object) : '');
const viaAll = (f: Finding) => [...new Set(f.grants.map((g) => `${refText(g.binding)} -> ${refText(g.role)}${g.aggregatedFrom ? ` (from ${g.aggregatedFrom})` : ''}`))];
const implied = (f: Finding, wide: boolean) => (f.implies?.length ? (wide ? `implies ${f.implies.length} more check(s), folded under it (--expand lists them): ${f.implies.join(', ')}` : `implies ${f.implies.length} more check(s) (--expand)`) : '');
const note = (f: Finding, wide: boolean) => [f.restrictedTo ? `only names: ${f.restrictedTo.join(', ')}` : '', (wide || !f.subject ? f.message : undefined) ?? '', implied(f, wide), workloadsNote(f), f.excluded ? `excluded: ${f.excluded}` : ''].filter(Boolean).join('; ');

/** CSV: the subject first, as in every rbac CSV (docs/output.md#csv); workloads last (the workloads mounting a ServiceAccount's token, KIND/NAMESPACE/NAME). */
export const AUDIT_COLUMNS = [...SUBJECT_COLUMNS, 'severity', 'check', 'title', 'object', ...SCOPE_COLUMNS, 'matched', 'restricted_to', 'bindings', 'roles', 'message', 'excluded', 'workloads'] as const;

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

export function formatAudit(result: AuditResult, format: AuditFormat, opts: AuditFormatOptions = {}, display: Display = PLAIN_DISPLAY): string {
  return [...formatAuditChunks(result, format, opts, display)].join('');
}

/** formatAudit's text in pieces: JSON a batch of findings at a time (a large audit's JSON is hundreds of MB), the other formats whole. */
export function* formatAuditChunks(result: AuditResult, format: AuditFormat, opts: AuditFormatOptions = {}, display: Display = PLAIN_DISPLAY): Generator<string> {
  if (format === 'json') {
    const { list, absent } = reported(result, opts);
    yield* toJsonChunks({ summary: summary(result), findings: new JsonRows(list, findingJson), ...(absent ? { absent: absent.map(absentJson) } : {}) });
  } else yield formatWhole(result, format, opts, display);
}

/** The findings a report lists: shown ones (folded and, unless asked, excluded ones left out), with a baseline the new and updated ones. */
function reported(result: AuditResult, opts: AuditFormatOptions): { visible: Finding[]; list: Finding[]; absent?: FindingShape[] } {
  // Findings folded under a cluster-admin-equivalent one are kept and counted, listed with --expand.
  const visible = result.findings.filter((f) => (opts.showExcluded || !f.excluded) && !f.foldedInto);
  const list = result.baseline ? visible.filter((f) => f.baselineState !== 'unchanged') : visible;
  return { visible, list, ...(result.baseline ? { absent: result.baseline.absent } : {}) };
}

function formatWhole(result: AuditResult, format: Exclude<AuditFormat, 'json'>, opts: AuditFormatOptions, display: Display): string {
  const { visible, list, absent } = reported(result, opts);
  if (format === 'sarif') return toJson(sarifLog(visible, { ...opts, baseline: !!result.baseline }).log);
  switch (format) {
    case 'yaml':
      return structured({ summary: summary(result), findings: list.map(findingJson), ...(absent ? { absent: absent.map(absentJson) } : {}) }, format);
    case 'csv':
      return toCsv(
        AUDIT_COLUMNS,
        list.map((f) => [...subjectCells(f.subject), f.severity, f.check, f.title, f.object ? refCell(f.object) : '', ...scopeCells(f.scope), listCell(f.matched), listCell(f.restrictedTo ?? []), listCell(f.grants.map((g) => refCell(g.binding))), listCell(f.grants.map((g) => refCell(g.role))), f.message ?? '', f.excluded ?? '', listCell((f.workloads ?? []).map(refCell))]),
      );
    case 'table':
    case 'wide': {
      const wide = format === 'wide';
      const s = summary(result) as { findings: number; excluded: number; folded?: number; bySeverity: Record<string, number>; checks: number };
      const b = result.baseline;
      const since = b ? `; against baseline ${b.file}: ${b.counts.new} new, ${b.counts.updated} updated, ${b.counts.unchanged} unchanged (not listed), ${b.counts.absent} gone` : '';
      const head = `${s.findings}${b ? ' new or updated' : ''} finding(s) from ${s.checks} check(s)${Object.keys(s.bySeverity).length ? ` (${Object.entries(s.bySeverity).map(([k, v]) => `${v} ${k}`).join(', ')})` : ''}${s.excluded ? `; ${s.excluded} excluded${opts.showExcluded ? '' : ' (--show-excluded to list them)'}` : ''}${s.folded ? `; ${s.folded} more implied by cluster-admin-equivalent findings (--expand lists them)` : ''}${since}.`;
      const defaults = result.defaultPolicyOnly ? `\n${result.defaultPolicyOnly} more rest only on the Kubernetes ${result.defaultPolicy} default policy (its own controllers and groups): --include-defaults lists them.` : '';
      const foot = defaultPolicyFootnote(list.flatMap((f) => [...grantRefs(f.grants), ...(f.object ? [f.object] : [])]));
      if (list.length === 0) return `${wrapLines(`${head}${defaults}`.split('\n'), display).join('\n')}\n`;
      // The binding and role behind each finding are -o wide's (or explain's): the default fits a screen.
      const columns = ['SEVERITY', 'CHECK', 'SUBJECT', 'SCOPE', ...(wide ? ['VIA'] : []), 'NOTE'];
      const rows = list.map((f) => [f.severity, f.check, who(f), scopeText(f.scope), ...(wide ? [viaAll(f).join('; ')] : []), note(f, wide)]);
      const table = renderTable(columns, rows, display, (_r, c, text) => (c === 0 ? severityHue(text) : undefined));
      return `${[table, ...wrapLines(`${head}${defaults}${foot ? `\n${foot}` : ''}`.split('\n'), display)].join('\n')}\n`;
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
