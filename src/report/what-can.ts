// what-can results: the effective rules of one identity, by scope.
import type { Grant, WhatCanResult } from '../model/results.js';
import { toCsv } from './csv.js';
import { defaultPolicyFootnote, grantRefs, refText, roleText, scopeText } from './describe.js';
import { structured, type OutputFormat } from './format.js';
import { compareGrants, grantJson } from './json.js';
import { renderTable } from './table.js';
import { groupsCell } from './who-can.js';

const dash = (xs: string[]) => (xs.length ? xs.join(', ') : '');

export function formatWhatCan(result: WhatCanResult, format: OutputFormat, notes: readonly string[] = []): string {
  const grants = [...result.grants].sort(compareGrants);
  const ineffective = [...result.ineffective].sort(compareGrants);
  switch (format) {
    case 'json':
    case 'yaml':
      return structured(
        {
          user: result.user,
          ...(result.namespace !== undefined ? { namespace: result.namespace } : {}),
          privileged: result.privileged,
          rules: grants.map((g) => ({ subject: g.subject, ...grantJson(g) })),
          ineffective: ineffective.map((g) => ({ subject: g.subject, ...grantJson(g), reason: g.reason })),
          notes,
        },
        format,
      );
    case 'csv':
      return toCsv(
        ['scope', 'namespace', 'verbs', 'api_groups', 'resources', 'resource_names', 'non_resource_urls', 'binding_kind', 'binding_namespace', 'binding_name', 'role_kind', 'role_name', 'aggregated_from', 'rule_index', 'via_subject', 'effective'],
        [...grants.map((g) => row(g, 'yes')), ...ineffective.map((g) => row(g, `no: ${g.reason}`))],
      );
    case 'table': {
      const lines = [`What ${result.user.name} (groups: ${result.user.groups.join(', ')}) can do${result.namespace !== undefined ? ` in namespace ${result.namespace || '(cluster scope)'}` : ''}:`];
      if (result.privileged) lines.push('Everything: system:masters is allowed before RBAC is asked. The RBAC rules below come on top.');
      lines.push(grants.length ? renderTable(['SCOPE', 'VERBS', 'API GROUPS', 'RESOURCES', 'NAMES / URLS', 'BINDING', 'ROLE'], grants.map(tableRow)) : '(no RBAC rules apply)');
      if (ineffective.length) {
        lines.push('Rules that reach this identity but can never take effect:');
        for (const g of ineffective) lines.push(`  - ${refText(g.binding)} / ${roleText(g)} rule #${g.ruleIndex}: ${g.reason}`);
      }
      const foot = defaultPolicyFootnote(grantRefs([...grants, ...ineffective]));
      if (foot) lines.push(foot);
      return `${lines.join('\n')}\n`;
    }
  }
}

function tableRow(g: Grant): string[] {
  const groups = g.rule.apiGroups.map((x) => (x === '' ? 'core' : x));
  return [scopeText(g.scope), dash(g.rule.verbs), dash(groups), dash(g.rule.resources), dash([...g.rule.resourceNames, ...g.rule.nonResourceURLs]), refText(g.binding), roleText(g)];
}

function row(g: Grant, effective: string): string[] {
  return [
    g.scope ? 'namespace' : 'cluster', g.scope,
    g.rule.verbs.join(' '), groupsCell(g.rule.apiGroups), g.rule.resources.join(' '), g.rule.resourceNames.join(' '), g.rule.nonResourceURLs.join(' '),
    g.binding.kind, g.binding.namespace ?? '', g.binding.name, g.role.kind, g.role.name, g.aggregatedFrom ?? '', String(g.ruleIndex),
    `${g.subject.kind}:${g.subject.namespace ? `${g.subject.namespace}:` : ''}${g.subject.name}`, effective,
  ];
}
