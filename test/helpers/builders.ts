// One-line builders for small RBAC worlds, after Kubernetes' rbac_test.go newRule("verbs",
// "groups", "resources", "urls") and "User:alice" subjects.
import { SnapshotBuilder } from '../../src/collect/assemble.js';
import { analyze, type Analysis } from '../../src/engine/analyze.js';
import type { AnalyzeOptions } from '../../src/engine/policy.js';
import type { ClusterRole, PolicyRule, RbacObject, Subject } from '../../src/model/rbac.js';
import type { Request, UserInfo } from '../../src/model/request.js';
import { withImplicitGroups } from '../../src/semantics/user-info.js';

const list = (s: string) => (s === '' ? [] : s.split(','));
const src = { type: 'builtin' } as const;
const meta = (name: string) => ({ name, labels: {}, annotations: {}, source: src });

/** rule("get,list", ",apps", "pods,deployments", "a,b"): comma lists; "" in groups is written as an empty item. */
export function rule(verbs: string, groups: string, resources: string, names = ''): PolicyRule {
  return { verbs: list(verbs), apiGroups: groups.split(','), resources: list(resources), resourceNames: list(names), nonResourceURLs: [] };
}

export function urlRule(verbs: string, urls: string): PolicyRule {
  return { verbs: list(verbs), apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: list(urls) };
}

/** "User:alice", "Group:devs", "ServiceAccount:ns1:app", "ServiceAccount::app" (no namespace), "user:x" (bad kind). */
export function subject(text: string): Subject {
  const [kind, a, b] = text.split(':');
  if (kind === 'ServiceAccount') return b === undefined ? { kind, name: a! } : a ? { kind, namespace: a, name: b } : { kind, name: b };
  return { kind: kind!, name: text.slice(kind!.length + 1) };
}

export const cr = (name: string, rules: PolicyRule[], extra: Partial<ClusterRole> = {}): RbacObject => ({ kind: 'ClusterRole', ...meta(name), rules, ...extra });
export const role = (namespace: string, name: string, rules: PolicyRule[]): RbacObject => ({ kind: 'Role', namespace, ...meta(name), rules });
export const crb = (name: string, roleName: string, ...subjects: string[]): RbacObject => ({
  kind: 'ClusterRoleBinding',
  ...meta(name),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
  subjects: subjects.map(subject),
});
export const rb = (namespace: string, name: string, roleRef: `${'Role' | 'ClusterRole'}:${string}`, ...subjects: string[]): RbacObject => {
  const [kind, roleName] = roleRef.split(':') as [string, string];
  return { kind: 'RoleBinding', namespace, ...meta(name), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: roleName }, subjects: subjects.map(subject) };
};
export const crbToRole = (name: string, roleName: string, ...subjects: string[]): RbacObject => ({
  kind: 'ClusterRoleBinding',
  ...meta(name),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
  subjects: subjects.map(subject),
});

/** A CustomResourceDefinition for PLURAL.GROUP, namespaced or cluster-scoped. */
export const crd = (plural: string, group: string, namespaced: boolean): RbacObject => ({ kind: 'CustomResourceDefinition', ...meta(`${plural}.${group}`), group, plural, singular: plural.replace(/s$/, ''), shortNames: [], resourceKind: plural, namespaced });

export function world(objects: RbacObject[], options?: AnalyzeOptions): Analysis {
  const b = new SnapshotBuilder();
  for (const o of objects) b.add(o);
  return analyze(b.build({ origin: 'files' }), options);
}

/** A resource request: "get pods@ns1", "get pods/status@ns1 name=p", "list apps:deployments" (group:resource). */
export function req(text: string): Request {
  const m = /^(\S+) (?:([^:\s]*):)?([^/@\s]+)(?:\/([^@\s]+))?(?:@(\S*))?(?: name=(\S+))?$/.exec(text);
  if (!m) throw new Error(`bad request text ${text}`);
  const [, verb, group, resource, sub, ns, name] = m;
  return { kind: 'resource', verb: verb!, apiGroup: group ?? '', resource: resource!, subresource: sub ?? '', name: name ?? '', namespace: ns ?? '' };
}

export function url(verb: string, path: string): Request {
  return { kind: 'nonResource', verb, path };
}

export function user(name: string, ...groups: string[]): UserInfo {
  return withImplicitGroups(name, groups);
}

export const sa = (ns: string, name: string) => user(`system:serviceaccount:${ns}:${name}`);
