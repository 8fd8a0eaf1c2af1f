// who-can results as a table (-o wide: every column), JSON/YAML, CSV or subject names.
import { describeRequest } from '../model/request.js';
import type { Subject } from '../model/rbac.js';
import type { Grant, WhoCanResult } from '../model/results.js';
import { GRANT_COLUMNS, grantCells, mastersCells, toCsv } from './csv.js';
import { describeSource } from '../model/diagnostic.js';
import { PLAIN_DISPLAY, type Display } from './display.js';
import { defaultPolicyFootnote, grantRefs, refText, roleText, ruleText, scopeText, subjectText } from './describe.js';
import { structured, type OutputFormat } from './format.js';
import { renderTable, wrapLines } from './table.js';
import { compareGrants, compareSubjects, grantJson, ruleJson, subjectJson } from './json.js';

const MASTERS: Subject = { kind: 'Group', name: 'system:masters' };

interface SubjectRow {
  subject: Subject;
  grants: Grant[];
}

/** Subjects de-duplicated (kind, namespace, name), each with every grant that lets it do the request. */
export function groupBySubject(result: WhoCanResult): SubjectRow[] {
  const bySubject = new Map<string, SubjectRow>();
  for (const g of result.grants) {
    const key = `${g.subject.kind}\u0000${g.subject.namespace ?? ''}\u0000${g.subject.name}`;
    let row = bySubject.get(key);
    if (!row) bySubject.set(key, (row = { subject: g.subject, grants: [] }));
    row.grants.push(g);
  }
  const rows = [...bySubject.values()].sort((a, b) => compareSubjects(a.subject, b.subject));
  for (const r of rows) r.grants.sort(compareGrants);
  return rows;
}

export function formatWhoCan(result: WhoCanResult, format: OutputFormat | 'name', display: Display = PLAIN_DISPLAY): string {
  const rows = groupBySubject(result);
  const others = rows.filter((r) => !isMasters(r.subject));
  switch (format) {
    case 'json':
    case 'yaml':
      return structured(
        {
          request: requestJson(result),
          subjects: [
            { ...subjectJson(MASTERS), privileged: true, grants: [] },
            ...others.map((r) => ({ ...subjectJson(r.subject), grants: r.grants.map(grantJson) })),
          ],
          ...(result.unmatchable.length ? { unmatchable: result.unmatchable.map((u) => ({ subject: subjectJson(u.subject), binding: u.binding, reason: u.reason })) } : {}),
          notes: result.notes,
        },
        format,
      );
    case 'name':
      return [MASTERS, ...others.map((r) => r.subject)].map((s) => `${subjectName(s)}\n`).join('');
    case 'csv':
      return toCsv(GRANT_COLUMNS, [mastersCells(), ...others.flatMap((r) => r.grants.map((g) => grantCells(g)))]);
    case 'table':
    case 'wide': {
      const wide = format === 'wide';
      // Who, where and through which binding (what to change), as kubectl-who-can; -o wide adds the role, rule and source.
      const body: string[][] = [[subjectText(MASTERS), 'cluster-wide', '(privileged group: bypasses RBAC)', ...(wide ? ['-', '-', '-'] : [])]];
      for (const r of others) {
        for (const g of r.grants) body.push([subjectText(g.subject), scopeText(g.scope), refText(g.binding), ...(wide ? [roleText(g), ruleText(g.rule), g.bindingSource ? describeSource(g.bindingSource) : '-'] : [])]);
      }
      const head = ['SUBJECT', 'SCOPE', 'BINDING', ...(wide ? ['ROLE', 'RULE', 'SOURCE'] : [])];
      const lines: string[] = [];
      lines.push(`${others.length + 1} subject(s). RBAC only: the Node authorizer and webhooks may allow more.`);
      for (const u of result.unmatchable) lines.push(`Also named by ${refText(u.binding)}, but can never match: ${subjectText(u.subject)} (${u.reason}).`);
      const foot = defaultPolicyFootnote([...grantRefs(result.grants), ...result.unmatchable.map((u) => u.binding)]);
      if (foot) lines.push(foot);
      return `${[...wrapLines([`Who can ${describeRequest(result.request, result.allNamespaces)}:`], display), renderTable(head, body, display), ...wrapLines(lines, display)].join('\n')}\n`;
    }
  }
}

/** -o name: a subject as rbac reads it back (user:NAME, group:NAME, serviceaccount:NS:NAME, the spelling of kubectl's --serviceaccount=NS:NAME). */
export function subjectName(s: Subject): string {
  if (s.kind === 'ServiceAccount') return `serviceaccount:${s.namespace ?? ''}:${s.name}`;
  return `${s.kind.toLowerCase()}:${s.name}`;
}

function isMasters(s: Subject): boolean {
  return s.kind === 'Group' && s.name === 'system:masters';
}

export function requestJson(result: { request: WhoCanResult['request']; allNamespaces?: boolean }): Record<string, unknown> {
  const r = result.request;
  if (r.kind === 'nonResource') return { verb: r.verb, nonResourceURL: r.path };
  return {
    verb: r.verb,
    apiGroup: r.apiGroup ?? '*',
    resource: r.resource,
    subresource: r.subresource,
    name: r.name,
    namespace: r.namespace,
    ...(result.allNamespaces !== undefined ? { allNamespaces: result.allNamespaces } : {}),
  };
}

export { ruleJson };
