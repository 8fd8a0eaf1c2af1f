// who-can results as a table, JSON/YAML or CSV.
import { describeRequest } from '../model/request.js';
import type { Subject } from '../model/rbac.js';
import type { Grant, WhoCanResult } from '../model/results.js';
import { toCsv } from './csv.js';
import { defaultPolicyFootnote, grantRefs, refText, roleText, ruleText, scopeText, subjectText } from './describe.js';
import { structured, type OutputFormat } from './format.js';
import { renderTable } from './table.js';
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

export function formatWhoCan(result: WhoCanResult, format: OutputFormat): string {
  const rows = groupBySubject(result);
  switch (format) {
    case 'json':
    case 'yaml':
      return structured(
        {
          request: requestJson(result),
          subjects: [
            { ...subjectJson(MASTERS), privileged: true, grants: [] },
            ...rows.filter((r) => !isMasters(r.subject)).map((r) => ({ ...subjectJson(r.subject), grants: r.grants.map(grantJson) })),
          ],
          ...(result.unmatchable.length ? { unmatchable: result.unmatchable.map((u) => ({ subject: subjectJson(u.subject), binding: u.binding, reason: u.reason })) } : {}),
          notes: result.notes,
        },
        format,
      );
    case 'csv':
      return toCsv(
        ['subject_kind', 'subject_namespace', 'subject_name', 'scope', 'namespace', 'binding_kind', 'binding_namespace', 'binding_name', 'role_kind', 'role_name', 'aggregated_from', 'rule_index', 'verbs', 'api_groups', 'resources', 'resource_names', 'non_resource_urls'],
        [
          ['Group', '', 'system:masters', 'cluster', '', '', '', '', '', '', '', '', '*', '*', '*', '', '*'],
          ...rows.filter((r) => !isMasters(r.subject)).flatMap((r) =>
            r.grants.map((g) => [
              g.subject.kind, g.subject.namespace ?? '', g.subject.name,
              g.scope ? 'namespace' : 'cluster', g.scope,
              g.binding.kind, g.binding.namespace ?? '', g.binding.name,
              g.role.kind, g.role.name, g.aggregatedFrom ?? '', String(g.ruleIndex),
              g.rule.verbs.join(' '), groupsCell(g.rule.apiGroups), g.rule.resources.join(' '), g.rule.resourceNames.join(' '), g.rule.nonResourceURLs.join(' '),
            ]),
          ),
        ],
      );
    case 'table': {
      const body: string[][] = [[subjectText(MASTERS), 'cluster-wide', '(privileged group: bypasses RBAC)', '-', '-']];
      for (const r of rows) {
        if (isMasters(r.subject)) continue;
        for (const g of r.grants) body.push([subjectText(g.subject), scopeText(g.scope), refText(g.binding), roleText(g), ruleText(g.rule)]);
      }
      const lines = [`Who can ${describeRequest(result.request, result.allNamespaces)}:`, renderTable(['SUBJECT', 'SCOPE', 'BINDING', 'ROLE', 'RULE'], body)];
      lines.push(`${rows.filter((r) => !isMasters(r.subject)).length + 1} subject(s). RBAC only: the Node authorizer and webhooks may allow more.`);
      for (const u of result.unmatchable) lines.push(`Also named by ${refText(u.binding)}, but can never match: ${subjectText(u.subject)} (${u.reason}).`);
      const foot = defaultPolicyFootnote([...grantRefs(result.grants), ...result.unmatchable.map((u) => u.binding)]);
      if (foot) lines.push(foot);
      return `${lines.join('\n')}\n`;
    }
  }
}

/** The core group is the empty string; in a space-separated cell it is written (core), which no real group can be. */
export function groupsCell(groups: string[]): string {
  return groups.map((g) => (g === '' ? '(core)' : g)).join(' ');
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
