// The escalation graph: identities and grants as nodes; "is a member of", "is bound to", and
// "can become" as edges. A grant node is a role in a scope (clusterrole:X, clusterrole:X@NS,
// role:NS/X); its capability edges come from its rules through the one matcher, and the
// edges that need several permissions (bind, escalate, CSR approval) come from the subject's
// combined holdings.
import { DirectedGraph } from 'graphology';
import { effectiveSubject } from '../engine/grants.js';
import type { Policy } from '../engine/policy.js';
import { keyOfSubject } from '../model/keys.js';
import type { PolicyRule, Subject } from '../model/rbac.js';
import type { ObjectRef } from '../model/results.js';
import { subjectNeverMatches } from '../semantics/applies-to.js';
import { ruleAllows } from '../semantics/rule-matches.js';
import { parseServiceAccountUsername } from '../semantics/user-info.js';
import { EDGE_SPECS, holdingsOf, type EdgeKind } from './escalation-edges.js';

export type PathNode = { kind: 'identity'; label: string } | { kind: 'grant'; label: string; role: ObjectRef; scope: string };
export interface PathEdge {
  kind: EdgeKind;
  /** The binding behind a bound-to edge, or the permission behind a capability edge. */
  via: string;
}
export type EscalationGraph = DirectedGraph<PathNode, PathEdge>;

const MASTERS = 'group:system:masters';
export const CLUSTER_ADMIN = 'clusterrole:cluster-admin';

function grantKey(kind: string, name: string, scope: string, bindingNs: string): string {
  if (kind === 'Role') return `role:${bindingNs}/${name}`;
  return scope ? `clusterrole:${name}@${scope}` : `clusterrole:${name}`;
}

export function buildEscalationGraph(policy: Policy): EscalationGraph {
  const g: EscalationGraph = new DirectedGraph<PathNode, PathEdge>();
  const identity = (key: string) => {
    if (!g.hasNode(key)) g.addNode(key, { kind: 'identity', label: key });
    return key;
  };
  const edge = (from: string, to: string, e: PathEdge) => {
    if (!g.hasEdge(from, to)) g.addEdge(from, to, e);
  };
  const namespaces = new Set<string>(policy.roleBindingsByNamespace.keys());
  for (const sa of policy.snapshot.serviceAccounts) namespaces.add(sa.namespace);
  for (const ns of policy.snapshot.namespaces) namespaces.add(ns.name);

  const saNodes = new Map<string, Set<string>>();
  const addSa = (ns: string, key: string) => {
    if (!saNodes.has(ns)) saNodes.set(ns, new Set());
    saNodes.get(ns)!.add(key);
  };
  const memberships = (key: string, s: Subject) => {
    if (s.kind === 'ServiceAccount' && s.namespace) {
      edge(key, identity('group:system:serviceaccounts'), { kind: 'member-of', via: 'every ServiceAccount is in system:serviceaccounts' });
      edge(key, identity(`group:system:serviceaccounts:${s.namespace}`), { kind: 'member-of', via: `every ServiceAccount of ${s.namespace} is in system:serviceaccounts:${s.namespace}` });
      addSa(s.namespace, key);
    }
    if (s.kind !== 'Group' && s.name !== 'system:anonymous') edge(key, identity('group:system:authenticated'), { kind: 'member-of', via: 'every authenticated identity is in system:authenticated' });
  };
  for (const ns of namespaces) {
    const any = identity(`sa:${ns}:*`);
    memberships(any, { kind: 'ServiceAccount', namespace: ns, name: '*' });
  }
  for (const sa of policy.snapshot.serviceAccounts) memberships(identity(`sa:${sa.namespace}:${sa.name}`), { kind: 'ServiceAccount', namespace: sa.namespace, name: sa.name });

  // Bindings: identity -> grant node.
  const grantRules = new Map<string, { rules: PolicyRule[]; scope: string }>();
  const bindings = policy.allBindings();
  for (const ib of bindings) {
    const resolved = policy.rulesOf(ib);
    if (!resolved) continue;
    const ref = ib.binding.roleRef;
    const gk = grantKey(ref.kind, ref.name, ib.namespace, ib.namespace);
    if (!g.hasNode(gk)) g.addNode(gk, { kind: 'grant', label: gk, role: { kind: ref.kind, name: ref.name, ...(ref.kind === 'Role' ? { namespace: ib.namespace } : {}) }, scope: ib.namespace });
    grantRules.set(gk, { rules: resolved.rules, scope: ib.namespace });
    for (const s of ib.binding.subjects) {
      if (subjectNeverMatches(s, ib.binding.kind)) continue;
      const subject = effectiveSubject(s, ib);
      const key = identity(keyOfSubject(subject));
      memberships(key, subject);
      edge(key, gk, { kind: 'bound-to', via: `${ib.binding.kind} ${ib.namespace ? `${ib.namespace}/` : ''}${ib.binding.name}` });
    }
  }
  if (!g.hasNode(CLUSTER_ADMIN)) g.addNode(CLUSTER_ADMIN, { kind: 'grant', label: CLUSTER_ADMIN, role: { kind: 'ClusterRole', name: 'cluster-admin' }, scope: '' });
  edge(identity(MASTERS), CLUSTER_ADMIN, { kind: 'masters', via: 'system:masters is allowed everything before RBAC is asked' });

  // "Any ServiceAccount of NS", "any ServiceAccount", "any user" and "anyone but system:masters"
  // are nodes of their own, linked once to their members ('any-of', a free step): capabilities
  // point at them, so the graph grows with grants plus identities, not with their product.
  // A namespace known only from a binding subject gets its "any ServiceAccount of NS" node too.
  for (const ns of [...saNodes.keys()]) {
    if (!namespaces.has(ns)) {
      namespaces.add(ns);
      memberships(identity(`sa:${ns}:*`), { kind: 'ServiceAccount', namespace: ns, name: '*' });
    }
  }
  for (const [ns, keys] of saNodes) for (const k of keys) if (!k.endsWith(':*')) edge(`sa:${ns}:*`, k, { kind: 'any-of', via: `${k} is a ServiceAccount of ${ns}` });
  const ANY_SA = identity('sa:*');
  for (const ns of namespaces) edge(ANY_SA, `sa:${ns}:*`, { kind: 'any-of', via: `namespace ${ns}` });
  const ANY_USER = identity('user:*');
  const ANYONE = identity('anyone-but-masters');
  const serviceAccountsIn = (scope: string) => (scope ? [`sa:${scope}:*`] : [ANY_SA]);
  const allIdentities = () => [ANY_USER];
  for (const k of g.nodes()) {
    if (k.startsWith('user:') && k !== ANY_USER) edge(ANY_USER, k, { kind: 'any-of', via: 'any user name' });
    if (k.startsWith('group:') && k !== MASTERS) edge(ANYONE, k, { kind: 'any-of', via: 'any group but system:masters' });
  }
  edge(ANY_USER, ANY_SA, { kind: 'any-of', via: 'any user name, ServiceAccount names included' });
  edge(ANYONE, ANY_USER, { kind: 'any-of', via: 'any user' });


  // Capabilities of each grant node, from its own rules.
  for (const [gk, { rules, scope }] of grantRules) {
    for (const spec of EDGE_SPECS) {
      if (spec.needsAll) continue;
      for (const req of spec.anyOf) {
        if (spec.kind === 'nodes-proxy' && scope) continue; // cluster-scoped: never through a RoleBinding
        if ((req.resource === 'users' || req.resource === 'groups') && scope) continue;
        const full = { ...req, namespace: scope };
        const open = rules.some((r) => ruleAllows(r, full));
        const names = open ? [] : [...new Set(rules.flatMap((r) => r.resourceNames.filter((n) => ruleAllows(r, { ...full, name: n }))))];
        if (!open && names.length === 0) continue;
        const via = `${req.verb} ${req.resource}${req.subresource ? `/${req.subresource}` : ''}${names.length ? ` [${names.join(', ')}]` : ''}${scope ? ` in ${scope}` : ' (cluster-wide)'}`;
        for (const t of capabilityTargets(spec.kind, req.resource, scope, open ? undefined : names, serviceAccountsIn, allIdentities)) edge(gk, identity(t), { kind: spec.kind, via });
      }
    }
  }

  // Capabilities that need several permissions, from each subject's combined holdings.
  for (const spec of EDGE_SPECS.filter((s) => s.needsAll)) {
    // For each needed group: subject|scope pairs holding it without a name restriction.
    const held = spec.needsAll!.map((group) => {
      const bySubject = new Map<string, { scope: string; resource: string }[]>();
      for (const { req, h } of holdingsOf(policy, group)) {
        if (h.restrictedTo) continue;
        const k = keyOfSubject(h.grant.subject);
        bySubject.set(k, [...(bySubject.get(k) ?? []), { scope: h.grant.scope, resource: req.resource }]);
      }
      return bySubject;
    });
    const holds = (i: number, sk: string, scope: string, resource?: string) =>
      (held[i]!.get(sk) ?? []).some((x) => (x.scope === '' || x.scope === scope) && (resource === undefined || x.resource === resource));
    for (const { req, h } of holdingsOf(policy, spec.anyOf)) {
      const sk = keyOfSubject(h.grant.subject);
      const scope = h.grant.scope;
      if (!spec.needsAll!.every((_g, i) => holds(i, sk, scope))) continue;
      // bind: cluster-wide only with create on clusterrolebindings; otherwise RoleBindings in the scope ("*": any namespace).
      const bindScope = spec.kind === 'bind' && req.resource === 'clusterroles' && scope === '' && !holds(0, sk, '', 'clusterrolebindings') ? '*' : scope;
      const via = `${spec.what}${h.restrictedTo ? ` [${h.restrictedTo.join(', ')}]` : ''}${scope ? ` in ${scope}` : ''}`;
      for (const t of multiTargets(spec.kind, req.resource, bindScope, h.restrictedTo, policy, allIdentities)) {
        if (!g.hasNode(t)) g.addNode(t, { kind: 'grant', label: t, role: { kind: t.startsWith('role:') ? 'Role' : 'ClusterRole', name: t.replace(/^[^:]+:/, '').replace(/@.*$/, '').replace(/^.*\//, '') }, scope: bindScope });
        edge(identity(sk), t, { kind: spec.kind, via });
      }
    }
  }
  return g;
}

function capabilityTargets(kind: EdgeKind, resource: string, scope: string, names: string[] | undefined, serviceAccountsIn: (scope: string) => string[], allIdentities: () => string[]): string[] {
  switch (kind) {
    case 'create-workload':
    case 'exec':
    case 'nodes-proxy':
      // Limited to named pods or workloads: whose ServiceAccount they run as is not in RBAC data.
      return names ? [] : serviceAccountsIn(scope);
    case 'read-token-secrets':
      // Limited to named secrets: only a legacy token secret's name (SA-token-xxxxx) says whose it is.
      return names ? names.flatMap((n) => { const m = /^(.+)-token-[a-z0-9]{5}$/.exec(n); return m && scope ? [`sa:${scope}:${m[1]}`] : []; }) : serviceAccountsIn(scope);
    case 'token-request':
      return names ? names.flatMap((n) => (scope ? [`sa:${scope}:${n}`] : [])) : serviceAccountsIn(scope);
    case 'impersonate':
      if (resource === 'serviceaccounts') return names ? (scope ? names.map((n) => `sa:${scope}:${n}`) : []) : serviceAccountsIn(scope);
      if (resource === 'groups') return names ? names.map((n) => `group:${n}`) : [MASTERS];
      return names ? names.map((n) => (parseServiceAccountUsername(n) ? `sa:${parseServiceAccountUsername(n)!.namespace}:${parseServiceAccountUsername(n)!.name}` : `user:${n}`)) : allIdentities().filter((k) => !k.startsWith('group:'));
    default:
      return [];
  }
}

function multiTargets(kind: EdgeKind, resource: string, scope: string, names: string[] | undefined, policy: Policy, allIdentities: () => string[]): string[] {
  switch (kind) {
    case 'bind': {
      const roleNames = names ?? (resource === 'clusterroles' ? ['cluster-admin'] : [...policy.roles.values()].filter((r) => r.role.kind === 'Role' && r.role.namespace === scope).map((r) => r.role.name));
      if (resource === 'roles') return scope ? roleNames.map((n) => `role:${scope}/${n}`) : [];
      return roleNames.map((n) => (scope ? `clusterrole:${n}@${scope}` : `clusterrole:${n}`));
    }
    case 'escalate':
      return !names && !scope ? [CLUSTER_ADMIN] : [];
    case 'csr':
      return scope ? [] : ['anyone-but-masters'];
    default:
      return [];
  }
}
