// can -A: is the request allowed cluster-wide, and if not, in which namespaces (each with the
// grants that allow it there).
import { describeRequest, type ResourceRequest, type UserInfo } from '../model/request.js';
import type { Decision } from '../model/results.js';
import { defaultPolicyFootnote, grantReason, grantRefs, userText } from './describe.js';
import { structured, type OutputFormat } from './format.js';
import { grantJson } from './json.js';
import { requestJson } from './who-can.js';
import { toCsv } from './csv.js';

export interface NamespaceDecision {
  namespace: string;
  decision: Decision;
}

/** `cluster` is the request with no namespace; `namespaces` the namespaces that allow it when `cluster` does not. */
export function formatCanWhere(user: UserInfo, request: ResourceRequest, cluster: Decision, namespaces: readonly NamespaceDecision[], format: OutputFormat, notes: string[]): string {
  const grants = (d: Decision) => d.grants.map((g) => ({ subject: g.subject, ...grantJson(g) }));
  if (format === 'json' || format === 'yaml') {
    return structured({ user, request: requestJson({ request, allNamespaces: true }), allowed: cluster.allowed, clusterWide: cluster.allowed, privileged: cluster.privileged, grants: grants(cluster), namespaces: namespaces.map((n) => ({ namespace: n.namespace, grants: grants(n.decision) })), notes: [...notes, ...cluster.notes] }, format);
  }
  if (format === 'csv') {
    // One row per place the request is allowed: `*` for every namespace at once.
    const reason = (d: Decision) => (d.privileged ? 'system:masters' : d.grants[0] ? grantReason(d.grants[0]) : '');
    return toCsv(['namespace', 'reason'], cluster.allowed ? [['*', reason(cluster)]] : namespaces.map((n) => [n.namespace, reason(n.decision)]));
  }
  const lines: string[] = [];
  if (cluster.allowed) {
    lines.push('yes, cluster-wide (in every namespace)');
    if (cluster.privileged) lines.push(`  ${user.name} is in system:masters: the API server allows every request before RBAC is asked.`);
    for (const g of cluster.grants) lines.push(`  allowed by ${grantReason(g)}`);
  } else if (namespaces.length > 0) {
    lines.push(`no, not cluster-wide; allowed in ${namespaces.length === 1 ? 'namespace' : `${namespaces.length} namespaces:`} ${namespaces.map((n) => n.namespace).join(', ')}`);
    for (const n of namespaces) for (const g of n.decision.grants) lines.push(`  ${n.namespace}: allowed by ${grantReason(g)}`);
  } else {
    lines.push('no, in no namespace');
    lines.push(`  no RBAC rule allows ${describeRequest(request, true)} for ${userText(user)}. RBAC only: the Node authorizer or a webhook could still allow it.`);
  }
  const foot = defaultPolicyFootnote(grantRefs([...cluster.grants, ...namespaces.flatMap((n) => n.decision.grants)]));
  if (foot) lines.push(`  ${foot}`);
  return `${lines.join('\n')}\n`;
}
