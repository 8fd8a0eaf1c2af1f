// The escalation graph: identities and grants as nodes; "is a member of", "is bound to", and
// "can become" as edges. A grant node is a role in a scope (clusterrole:X, clusterrole:X@NS,
// role:NS/X); its capability edges come from its rules through the one matcher, and the
// edges that need several permissions (bind, escalate, impersonating groups, CSR approval) come
// from the subject's combined holdings.
import { effectiveSubject } from '../engine/grants.js';
import type { Policy } from '../engine/policy.js';
import { keyOfSubject } from '../model/keys.js';
import type { PolicyRule } from '../model/rbac.js';
import { subjectNeverMatches } from '../semantics/applies-to.js';
import { addCapabilities } from './capabilities.js';
import { addCombinedEdges } from './combined-edges.js';
import { addWorkloadNodes } from './workload-edges.js';
import { ANYONE, ANY_SA, ANY_USER, GraphBuilder, MASTERS, clusterRoleKey, type EscalationGraph, type PathEdge } from './graph-builder.js';

export { CLUSTER_ADMIN, type EscalationGraph, type PathEdge, type PathNode } from './graph-builder.js';

function grantKey(kind: string, name: string, bindingNs: string): string {
  return kind === 'Role' ? `role:${bindingNs}/${name}` : clusterRoleKey(name, bindingNs);
}

/** The graph lives on the analysis; the builder stays with it so a --to target can join later. */
const builders = new WeakMap<EscalationGraph, GraphBuilder>();

export function buildEscalationGraph(policy: Policy): EscalationGraph {
  const b = new GraphBuilder(policy, addCapabilities);
  const g = b.g;
  for (const ns of policy.roleBindingsByNamespace.keys()) b.namespaces.add(ns);
  for (const ns of policy.snapshot.namespaces) b.namespaces.add(ns.name);
  for (const sa of policy.snapshot.serviceAccounts) b.serviceAccount(sa.namespace, sa.name);
  addWorkloadNodes(b);

  // Bindings: identity -> grant node. Capabilities come once every identity is known, so a
  // cluster-wide grant limited to names finds the ServiceAccounts of that name everywhere.
  const grantRules = new Map<number, { rules: PolicyRule[]; scope: string }>();
  for (const ib of policy.allBindings()) {
    const resolved = policy.rulesOf(ib);
    if (!resolved) continue;
    const ref = ib.binding.roleRef;
    const gk = grantKey(ref.kind, ref.name, ib.namespace);
    const grant = g.idOf(gk) ?? b.grant(gk, { kind: ref.kind, name: ref.name, ...(ref.kind === 'Role' ? { namespace: ib.namespace } : {}) }, ib.namespace);
    grantRules.set(grant, { rules: resolved.rules, scope: ib.namespace });
    const bound = { kind: 'bound-to' as const, via: `${ib.binding.kind} ${ib.namespace ? `${ib.namespace}/` : ''}${ib.binding.name}` };
    for (const s of ib.binding.subjects) {
      if (subjectNeverMatches(s, ib.binding.kind)) continue;
      const subject = effectiveSubject(s, ib);
      const id = b.identity(keyOfSubject(subject));
      b.memberships(id, subject);
      b.edge(id, grant, bound);
    }
  }
  const clusterAdmin = b.clusterRole('cluster-admin', '');
  b.edge(b.identity(MASTERS), clusterAdmin, { kind: 'masters', via: 'system:masters is allowed everything before RBAC is asked' });
  // cluster-admin reached by escalation holds bind and create clusterrolebindings too.
  b.edge(clusterAdmin, b.anyClusterRole(''), { kind: 'bind', via: 'bind and create clusterrolebindings (held as every rule)' });
  for (const ns of b.namespaces) b.identity(`sa:${ns}:*`);
  b.identity(ANY_SA);
  b.identity(ANY_USER);
  b.identity(ANYONE);

  for (const [grant, { rules, scope }] of grantRules) {
    const node = g.attributesOf(grant);
    if (node.kind === 'grant') b.grant(b.key(grant), node.role, scope, rules);
  }
  addCombinedEdges(b);
  linkSteppingStones(b);
  builders.set(g, b);
  return g;
}

// "Any ServiceAccount of NS", "any ServiceAccount", "any user", "anyone but system:masters" and
// "any ClusterRole bound in NS" are nodes of their own, linked once to their members ('any-of',
// a free step): capabilities point at them, so the graph grows with grants plus identities, not
// with their product.
const ANY_USER_NAME: PathEdge = { kind: 'any-of', via: 'any user name' };
const ANY_GROUP: PathEdge = { kind: 'any-of', via: 'any group but system:masters' };

function linkSteppingStones(b: GraphBuilder): void {
  const g = b.g;
  const [anySa, anyUser, anyone] = [b.id(ANY_SA), b.id(ANY_USER), b.id(ANYONE)];
  for (let id = 0, n = g.order; id < n; id++) linkToSteppingStones(b, id);
  for (const ns of b.namespaces) {
    const all = b.identity(`sa:${ns}:*`);
    b.memberships(all, { kind: 'ServiceAccount', namespace: ns, name: '*' });
    b.edge(anySa, all, { kind: 'any-of', via: `namespace ${ns}` });
  }
  for (let id = 0, n = g.order; id < n; id++) {
    const k = b.key(id);
    // Only identities link to a stepping stone here; most nodes are grants and workloads.
    if (g.attributesOf(id).kind !== 'identity') continue;
    const sa = k.startsWith('sa:') ? /^sa:([^:]+):(.+)$/.exec(k) : null;
    if (sa && sa[2] !== '*') b.edge(b.anyServiceAccountOf(sa[1]!), id, { kind: 'any-of', via: `${k} is a ServiceAccount of ${sa[1]}` });
    if (k.startsWith('user:') && k !== ANY_USER) b.edge(anyUser, id, ANY_USER_NAME);
    if (k.startsWith('group:') && k !== MASTERS) b.edge(anyone, id, ANY_GROUP);
  }
  b.edge(anyUser, anySa, { kind: 'any-of', via: 'any user name, ServiceAccount names included' });
  b.edge(anyone, anyUser, { kind: 'any-of', via: 'any user' });
}

/**
 * A grant in one namespace is one of what the "any" nodes stand for: clusterrole:X@NS of
 * clusterrole:*@NS, clusterrole:X@* and clusterrole:*@*; role:NS/* of clusterrole:*@*;
 * clusterrole:X of clusterrole:*. ("Every namespace" nodes are single nodes, never expanded.)
 */
function linkToSteppingStones(b: GraphBuilder, id: number): void {
  const key = b.key(id);
  if (!key.startsWith('role:') && !key.startsWith('clusterrole:')) return;
  const role = /^role:([^/*]+)\/\*$/.exec(key);
  const m = /^clusterrole:([^@*]+)(?:@([^*]+))?$/.exec(key);
  const stones = role ? [clusterRoleKey('*', '*')] : m ? (m[2] ? [clusterRoleKey('*', m[2]), clusterRoleKey(m[1]!, '*'), clusterRoleKey('*', '*')] : [clusterRoleKey('*', '')]) : [];
  const via = role ? `namespace ${role[1]}` : `${m?.[1]} is a ClusterRole${m?.[2] ? ` bindable in ${m[2]}` : ''}`;
  for (const stone of stones) {
    const from = b.g.idOf(stone);
    if (from !== undefined) b.edge(from, id, { kind: 'any-of', via });
  }
}

/**
 * Make a `--to` grant the graph does not hold yet (clusterrole:admin@dev, bound nowhere there)
 * reachable from the "any ClusterRole" nodes that stand for it. Only a ClusterRole of the input
 * (or cluster-admin) is bindable to any effect.
 */
export function addTargetNode(g: EscalationGraph, target: string): void {
  const b = builders.get(g);
  if (!b || g.hasNode(target)) return;
  const role = /^role:([^/*]+)\/\*$/.exec(target);
  const m = /^clusterrole:([^@*]+)(?:@([^*]+))?$/.exec(target);
  let id: number;
  if (role) id = b.anything(role[1]!);
  else if (m && (m[1] === 'cluster-admin' || b.policy.roles.has(`clusterrole:${m[1]}`))) id = b.clusterRole(m[1]!, m[2] ?? '');
  else return;
  linkToSteppingStones(b, id);
}
