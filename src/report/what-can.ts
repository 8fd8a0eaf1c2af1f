// what-can results: the effective rules of one identity, by scope.
import type { Grant, WhatCanResult } from '../model/results.js';
import { GRANT_COLUMNS, grantCells, mastersCells, toCsv } from './csv.js';
import { defaultPolicyFootnote, grantRefs, refText, roleText, scopeText, subjectText, userText } from './describe.js';
import { PLAIN_DISPLAY, type Display } from './display.js';
import { structured, type OutputFormat } from './format.js';
import { compareGrants, grantJson } from './json.js';
import { renderTable, wrapLines } from './table.js';

const dash = (xs: string[]) => (xs.length ? xs.join(', ') : '');

/** CSV: the grant columns, then whether the rule can take effect and why not. */
export const WHAT_CAN_COLUMNS = [...GRANT_COLUMNS, 'effective', 'reason'] as const;

export function formatWhatCan(result: WhatCanResult, format: OutputFormat, notes: readonly string[] = [], display: Display = PLAIN_DISPLAY): string {
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
      return toCsv(WHAT_CAN_COLUMNS, [
        ...(result.privileged ? [[...mastersCells(), 'yes', '']] : []),
        ...grants.map((g) => [...grantCells(g), 'yes', '']),
        ...ineffective.map((g) => [...grantCells(g), 'no', g.reason]),
      ]);
    case 'table':
    case 'wide': {
      const wide = format === 'wide';
      const head = [`What ${userText(result.user)} can do${result.namespace !== undefined ? ` in namespace ${result.namespace || '(cluster scope)'}` : ''}:`];
      if (result.privileged) head.push('Everything: system:masters is allowed before RBAC is asked. The RBAC rules below come on top.');
      // As kubectl auth can-i --list: what, not through which role (-o wide adds that).
      const columns = wide ? ['SCOPE', 'VERBS', 'RESOURCES', 'NAMES / URLS', 'ROLE', 'BINDING', 'SUBJECT'] : ['SCOPE', 'VERBS', 'RESOURCES / URLS'];
      const table = grants.length ? renderTable(columns, grants.map((g) => tableRow(g, wide)), display) : '(no RBAC rules apply)';
      const tail: string[] = [];
      if (ineffective.length) {
        tail.push('Rules that reach this identity but can never take effect:');
        for (const g of ineffective) tail.push(`  - ${refText(g.binding)} / ${roleText(g)} rule #${g.ruleIndex}: ${g.reason}`);
      }
      const foot = defaultPolicyFootnote(grantRefs([...grants, ...ineffective]));
      if (foot) tail.push(foot);
      return `${[...wrapLines(head, display), table, ...wrapLines(tail, display)].join('\n')}\n`;
    }
  }
}

/** kubectl auth can-i --list's spelling: RESOURCE.GROUP[/SUBRESOURCE], the core group left out. */
export function resourcesText(apiGroups: readonly string[], resources: readonly string[]): string[] {
  const out: string[] = [];
  for (const r of resources) {
    const slash = r.indexOf('/');
    const [base, sub] = slash < 0 ? [r, ''] : [r.slice(0, slash), r.slice(slash)];
    for (const g of apiGroups) out.push(`${base}${g ? `.${g}` : ''}${sub}`);
  }
  return out;
}

function tableRow(g: Grant, wide: boolean): string[] {
  const resources = dash(resourcesText(g.rule.apiGroups, g.rule.resources));
  if (!wide) {
    // One column: a rule names resources (perhaps only some objects, in brackets) or URLs.
    const names = g.rule.resourceNames.length ? ` [${g.rule.resourceNames.join(', ')}]` : '';
    return [scopeText(g.scope), dash(g.rule.verbs), [resources ? `${resources}${names}` : '', dash(g.rule.nonResourceURLs)].filter(Boolean).join(', ')];
  }
  return [scopeText(g.scope), dash(g.rule.verbs), resources, dash([...g.rule.resourceNames, ...g.rule.nonResourceURLs]), roleText(g), refText(g.binding), subjectText(g.subject)];
}
