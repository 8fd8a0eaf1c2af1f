// Audit findings as a table, JSON, CSV or SARIF 2.1.0.
import type { Finding } from '../audit/finding.js';
import type { AuditResult } from '../audit/audit.js';
import type { QueryDefinition } from '../audit/query-definition.js';
import type { LineLookup } from '../collect/source-lines.js';
import { describeSource } from '../model/diagnostic.js';
import { toCsv } from './csv.js';
import { refText, scopeText, subjectText } from './describe.js';
import { grantJson, subjectJson, toJson } from './json.js';
import { renderTable } from './table.js';

export type AuditFormat = 'table' | 'json' | 'csv' | 'sarif';

const who = (f: Finding) => (f.subject ? subjectText(f.subject) : f.object ? refText(f.object) : '');
const viaAll = (f: Finding) => [...new Set(f.grants.map((g) => `${refText(g.binding)} -> ${refText(g.role)}${g.aggregatedFrom ? ` (from ${g.aggregatedFrom})` : ''}`))];
const via = (f: Finding) => viaAll(f).join('; ');
/** The table shows the first paths only; JSON, CSV and SARIF carry them all. */
const viaShort = (f: Finding) => {
  const all = viaAll(f);
  return all.length > 2 ? `${all.slice(0, 2).join('; ')}; (+${all.length - 2} more)` : all.join('; ');
};
const note = (f: Finding) => [f.restrictedTo ? `only names: ${f.restrictedTo.join(', ')}` : '', f.message ?? '', f.excluded ? `excluded: ${f.excluded}` : ''].filter(Boolean).join('; ');

export function summary(result: AuditResult): Record<string, unknown> {
  const shown = result.findings.filter((f) => !f.excluded);
  const bySeverity: Record<string, number> = {};
  for (const f of shown) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  return { checks: result.checks, findings: shown.length, excluded: result.findings.length - shown.length, bySeverity };
}

export function formatAudit(result: AuditResult, format: AuditFormat, opts: { showExcluded?: boolean; queries?: readonly QueryDefinition[]; lines?: LineLookup } = {}): string {
  const list = opts.showExcluded ? result.findings : result.findings.filter((f) => !f.excluded);
  switch (format) {
    case 'json':
      return toJson({ summary: summary(result), findings: list.map(findingJson) });
    case 'csv':
      return toCsv(
        ['severity', 'check', 'title', 'subject_kind', 'subject_namespace', 'subject_name', 'object', 'scope', 'namespace', 'matched', 'restricted_to', 'bindings', 'roles', 'message', 'excluded'],
        list.map((f) => [f.severity, f.check, f.title, f.subject?.kind ?? '', f.subject?.namespace ?? '', f.subject?.name ?? '', f.object ? refText(f.object) : '', f.scope ? 'namespace' : 'cluster', f.scope, f.matched.join('; '), (f.restrictedTo ?? []).join(' '), f.grants.map((g) => refText(g.binding)).join('; '), f.grants.map((g) => refText(g.role)).join('; '), f.message ?? '', f.excluded ?? '']),
      );
    case 'sarif':
      return toJson(sarif(list, opts.queries ?? [], opts.lines));
    case 'table': {
      const s = summary(result) as { findings: number; excluded: number; bySeverity: Record<string, number>; checks: number };
      const head = `${s.findings} finding(s) from ${s.checks} check(s)${Object.keys(s.bySeverity).length ? ` (${Object.entries(s.bySeverity).map(([k, v]) => `${v} ${k}`).join(', ')})` : ''}${s.excluded ? `; ${s.excluded} excluded${opts.showExcluded ? '' : ' (--show-excluded to list them)'}` : ''}.`;
      if (list.length === 0) return `${head}\n`;
      return `${renderTable(['SEVERITY', 'CHECK', 'SUBJECT', 'SCOPE', 'VIA', 'NOTE'], list.map((f) => [f.severity, f.check, who(f), scopeText(f.scope), viaShort(f), note(f)]))}\n${head}\n`;
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
  };
}

const LEVEL: Record<string, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

function sarif(findings: Finding[], queries: readonly QueryDefinition[], lines?: LineLookup): unknown {
  const rules = queries.map((q) => ({
    id: q.id,
    name: q.title,
    shortDescription: { text: q.title },
    fullDescription: { text: q.description },
    help: { text: `${q.why}\n\nReferences: ${q.references.join(', ')}` },
    properties: { severity: q.severity, 'security-severity': { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' }[q.severity] },
  }));
  const results = findings.map((f) => {
    const src = f.grants[0]?.bindingSource;
    const file = src?.type === 'file' && src.file !== '<stdin>' ? src.file : undefined;
    const line = lines?.(src);
    return {
      ruleId: f.check,
      level: LEVEL[f.severity],
      message: { text: `${who(f)} ${f.message ?? `can ${f.matched.join(' / ')}`} (${scopeText(f.scope)})${f.restrictedTo ? `, only for ${f.restrictedTo.join(', ')}` : ''}${f.grants.length ? ` via ${via(f)}` : ''}` },
      ...(file ? { locations: [{ physicalLocation: { artifactLocation: { uri: file }, ...(line ? { region: { startLine: line } } : {}) } }] } : src ? { locations: [{ logicalLocations: [{ fullyQualifiedName: describeSource(src) }] }] } : {}),
      ...(f.excluded ? { suppressions: [{ kind: 'external', justification: f.excluded }] } : {}),
    };
  });
  return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [{ tool: { driver: { name: 'rbac', rules } }, results }] };
}
