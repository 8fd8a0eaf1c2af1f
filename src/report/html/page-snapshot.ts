// The Snapshot a report page carries, compact: the browser decodes it and runs the library's own
// analyze() on it, so the page's who-can, what-can and notes are the CLI's by construction.
// Left out, because no answer reads them: annotations, labels of anything but ClusterRoles
// (aggregation selects by them), subjects' apiGroup (appliesTo never looks at it), token
// Secrets (escalation paths are computed at build time), diagnostics (listed in the overview)
// and where each object was read (only "of the built-in default policy, release X" is kept).
// Workloads keep what the graph and the who-can box show: who they run as, whether the token is
// mounted (resolved here, so the reason and the ServiceAccount's automount are not carried) and
// whether they run on every node; node names, pods and node access stay out (paths are computed
// at build time).
// Pure: both sides import it.
import type { ApiResource } from '../../model/catalogue.js';
import type { AggregationRule, ClusterRole, CustomResource, PolicyRule, SourceRef, Subject } from '../../model/rbac.js';
import type { Snapshot, SnapshotMeta } from '../../model/snapshot.js';
import { defaultPolicyRelease } from '../../model/source.js';
import type { Workload, WorkloadKind } from '../../model/workload.js';
import { resolvedWorkloads } from '../../engine/workloads.js';

/** [verbs, apiGroups, resources, resourceNames, nonResourceURLs] */
export type RuleTuple = [string[], string[], string[], string[], string[]];
/** [kind, name, namespace (null: not set)] */
type SubjectTuple = [string, string, string | null];
/** Release of the default policy the object is of, or 0. */
type Release = string | 0;

export interface PageSnapshot {
  meta: SnapshotMeta;
  rules: RuleTuple[];
  /** [namespace, name, rule indexes, release] */
  roles: [string, string, number[], Release][];
  /** [name, rule indexes, release, labels, aggregationRule or 0] */
  clusterRoles: [string, number[], Release, Record<string, string>, AggregationRule | 0][];
  /** [namespace ("" for a ClusterRoleBinding), name, roleRef [apiGroup, kind, name], subjects, release] */
  roleBindings: [string, string, [string, string, string], SubjectTuple[], Release][];
  clusterRoleBindings: [string, string, [string, string, string], SubjectTuple[], Release][];
  /** [namespace, name] */
  serviceAccounts: [string, string][];
  namespaces: string[];
  customResources: Omit<CustomResource, 'labels' | 'annotations' | 'source'>[];
  apiResources?: ApiResource[];
  /** [kind, namespace, name, serviceAccount, token mounted, on every node]; absent when the input held no workloads. */
  workloads?: [WorkloadKind, string, string, string, 0 | 1, 0 | 1][];
}

export function encodeSnapshot(s: Snapshot): PageSnapshot {
  const rules: RuleTuple[] = [];
  const index = new Map<string, number>();
  const ruleIds = (rs: PolicyRule[]): number[] =>
    rs.map((r) => {
      const t: RuleTuple = [r.verbs, r.apiGroups, r.resources, r.resourceNames, r.nonResourceURLs];
      const k = JSON.stringify(t);
      let i = index.get(k);
      if (i === undefined) index.set(k, (i = rules.push(t) - 1));
      return i;
    });
  const rel = (src: SourceRef): Release => defaultPolicyRelease(src) ?? 0;
  const subjects = (xs: Subject[]): SubjectTuple[] => xs.map((x) => [x.kind, x.name, x.namespace ?? null]);
  const out: PageSnapshot = {
    meta: s.meta,
    rules,
    roles: s.roles.map((r) => [r.namespace, r.name, ruleIds(r.rules), rel(r.source)]),
    clusterRoles: s.clusterRoles.map((r) => [r.name, ruleIds(r.rules), rel(r.source), r.labels, r.aggregationRule ?? 0]),
    roleBindings: s.roleBindings.map((b) => [b.namespace, b.name, [b.roleRef.apiGroup, b.roleRef.kind, b.roleRef.name], subjects(b.subjects), rel(b.source)]),
    clusterRoleBindings: s.clusterRoleBindings.map((b) => ['', b.name, [b.roleRef.apiGroup, b.roleRef.kind, b.roleRef.name], subjects(b.subjects), rel(b.source)]),
    serviceAccounts: s.serviceAccounts.map((a) => [a.namespace, a.name]),
    namespaces: s.namespaces.map((n) => n.name),
    customResources: s.customResources.map(({ labels: _l, annotations: _a, source: _s, ...rest }) => rest),
  };
  if (s.apiResources) out.apiResources = s.apiResources;
  if (s.workloads) out.workloads = resolvedWorkloads(s).map(({ workload: w, mounted }) => [w.kind, w.namespace, w.name, w.serviceAccount, mounted ? 1 : 0, w.placement.type === 'every-node' ? 1 : 0]);
  return out;
}

const FROM_INPUT: SourceRef = { type: 'file', file: '', doc: 0 };

export function decodeSnapshot(p: PageSnapshot): Snapshot {
  const rules: PolicyRule[] = p.rules.map(([verbs, apiGroups, resources, resourceNames, nonResourceURLs]) => ({ verbs, apiGroups, resources, resourceNames, nonResourceURLs }));
  const src = (r: Release): SourceRef => (r ? { type: 'builtin', version: r } : FROM_INPUT);
  const ruleList = (ids: number[]) => ids.map((i) => rules[i]!);
  const subjects = (xs: SubjectTuple[]): Subject[] => xs.map(([kind, name, namespace]) => (namespace === null ? { kind, name } : { kind, name, namespace }));
  const none = {};
  const snapshot: Snapshot = {
    meta: p.meta,
    roles: p.roles.map(([namespace, name, ids, r]) => ({ kind: 'Role', namespace, name, rules: ruleList(ids), labels: none, annotations: none, source: src(r) })),
    clusterRoles: p.clusterRoles.map(([name, ids, r, labels, agg]) => {
      const role: ClusterRole = { kind: 'ClusterRole', name, rules: ruleList(ids), labels, annotations: none, source: src(r) };
      if (agg) role.aggregationRule = agg;
      return role;
    }),
    roleBindings: p.roleBindings.map(([namespace, name, [apiGroup, kind, ref], subs, r]) => ({ kind: 'RoleBinding', namespace, name, roleRef: { apiGroup, kind, name: ref }, subjects: subjects(subs), labels: none, annotations: none, source: src(r) })),
    clusterRoleBindings: p.clusterRoleBindings.map(([, name, [apiGroup, kind, ref], subs, r]) => ({ kind: 'ClusterRoleBinding', name, roleRef: { apiGroup, kind, name: ref }, subjects: subjects(subs), labels: none, annotations: none, source: src(r) })),
    serviceAccounts: p.serviceAccounts.map(([namespace, name]) => ({ kind: 'ServiceAccount', namespace, name, labels: none, annotations: none, source: FROM_INPUT })),
    namespaces: p.namespaces.map((name) => ({ kind: 'Namespace', name, labels: none, annotations: none, source: FROM_INPUT })),
    customResources: p.customResources.map((c) => ({ ...c, labels: none, annotations: none, source: FROM_INPUT })),
    diagnostics: [],
  };
  if (p.apiResources) snapshot.apiResources = p.apiResources;
  if (p.workloads) snapshot.workloads = p.workloads.map(decodeWorkload);
  return snapshot;
}

/** The mount as the pod spec's own automountServiceAccountToken, so resolveWorkload gives it back. */
function decodeWorkload([kind, namespace, name, serviceAccount, mounted, everyNode]: NonNullable<PageSnapshot['workloads']>[number]): Workload {
  return { kind, namespace, name, serviceAccount, automountServiceAccountToken: mounted === 1, projectedToken: false, placement: everyNode ? { type: 'every-node' } : { type: 'unknown' }, nodeAccess: [], pods: [], source: FROM_INPUT };
}
