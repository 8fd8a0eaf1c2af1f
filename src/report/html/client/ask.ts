// What the page's who-can and what-can boxes answer: the typed line read as the CLI reads its
// arguments (engine/query-text.ts), then the library's own resolveRequest / whoCan / whatCan / hints, with the notes
// the CLI prints (src/cli/commands/who-can.ts, what-can.ts). Pure: the page and the tests run it.
import type { Analysis } from '../../../engine/analyze.js';
import { parseIdentityText, parseRequestText, type IdentityText } from '../../../engine/query-text.js';
import { userInfoFor } from '../../../engine/subject-spec.js';
import type { Grant, WhatCanResult, WhoCanResult } from '../../../model/results.js';
import { compareGrants, compareSubjects } from '../../json.js';
import { whoCanWorkloads } from '../../../engine/workloads.js';
import { kubectlName } from '../../../model/workload.js';

export interface WhoCanAnswer {
  result: WhoCanResult;
  /** Grants by subject (Groups, Users, ServiceAccounts), then as the CLI orders them. */
  grants: Grant[];
  /** Distinct subjects, counting system:masters. */
  subjects: number;
  notes: string[];
}

export function answerWhoCan(a: Analysis, text: string): WhoCanAnswer {
  const resolved = a.resolve(parseRequestText(text));
  const result = a.whoCan(resolved.request, { allNamespaces: resolved.allNamespaces });
  const notes = [...resolved.notes, ...a.hints({ request: resolved.request })];
  const grants = [...result.grants].sort((x, y) => compareSubjects(x.subject, y.subject) || compareGrants(x, y));
  const names = new Set(grants.map((g) => `${g.subject.kind}\u0000${g.subject.namespace ?? ''}\u0000${g.subject.name}`));
  names.add('Group\u0000\u0000system:masters');
  return { result, grants, subjects: names.size, notes };
}

export interface WhatCanAnswer {
  identity: IdentityText;
  result: WhatCanResult;
  notes: string[];
}

export function answerWhatCan(a: Analysis, text: string): WhatCanAnswer {
  const identity = parseIdentityText(text);
  const user = userInfoFor(identity.subject, identity.groups);
  const notes = a.hints({ subject: identity.subject, groups: identity.groups, ...(identity.namespace ? { namespace: identity.namespace } : {}) });
  const result = a.whatCan(user, identity.namespace !== undefined ? { namespace: identity.namespace } : {});
  result.grants.sort(compareGrants);
  result.ineffective.sort(compareGrants);
  return { identity, result, notes };
}

/**
 * The who-can box's workload lines, one per ServiceAccount: "sa:NS:NAME mounted by ds/x -n NS
 * (every node), ..." for the workloads whose pods carry the permission (engine's whoCanWorkloads,
 * so a grant to a group such as system:serviceaccounts:NS counts); undefined when the input held
 * no workloads.
 */
export function mountedBy(a: Analysis, result: WhoCanResult): string[] | undefined {
  if (!a.snapshot.workloads) return undefined;
  const bySa = new Map<string, Set<string>>();
  for (const { workload: w } of whoCanWorkloads(a.snapshot, result)) {
    const sa = `sa:${w.namespace}:${w.serviceAccount}`;
    const names = bySa.get(sa) ?? bySa.set(sa, new Set()).get(sa)!;
    names.add(`${kubectlName(w.kind, w.name)} -n ${w.namespace}${w.placement.type === 'every-node' ? ' (every node)' : ''}`);
  }
  return [...bySa].sort(([x], [y]) => x.localeCompare(y)).map(([sa, names]) => `${sa} mounted by ${[...names].sort().join(', ')}`);
}
