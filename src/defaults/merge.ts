// The default policy merged into a Snapshot as if the cluster had it: its objects first (a cluster
// has them from its first start), then the input's. An input object with the same kind, namespace
// and name replaces the built-in one, as applying it to a real cluster would. Pure.
import { describeSource, type Diagnostic } from '../model/diagnostic.js';
import type { SourceRef } from '../model/rbac.js';
import type { Snapshot } from '../model/snapshot.js';
import type { DefaultPolicyData } from './types.js';

type Named = { kind: string; name: string; namespace?: string; source: SourceRef };

const keyOf = (o: { kind: string; name: string; namespace?: string }) => `${o.kind}/${o.namespace ?? ''}/${o.name}`;

export function mergeDefaultPolicy(snapshot: Snapshot, data: DefaultPolicyData): Snapshot {
  const source: SourceRef = { type: 'builtin', version: data.release };
  // Only an input object with a built-in name can replace one: a name lookup per object, a key for the few.
  const names = new Set<string>();
  for (const list of [data.clusterRoles, data.clusterRoleBindings, data.roles, data.roleBindings]) for (const o of list) names.add(o.name);
  const input = new Map<string, Named>();
  for (const list of [snapshot.clusterRoles, snapshot.clusterRoleBindings, snapshot.roles, snapshot.roleBindings]) for (const o of list) if (names.has(o.name)) input.set(keyOf(o), o);
  const diagnostics: Diagnostic[] = [];
  const builtin = <T extends { kind: string; name: string; namespace?: string }>(list: readonly T[]): (T & { source: SourceRef })[] =>
    list.flatMap((o) => {
      const mine = input.get(keyOf(o));
      if (!mine) return [{ ...o, source }];
      diagnostics.push({
        severity: 'info',
        code: 'default-policy-replaced',
        message: `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name} of the Kubernetes ${data.release} default policy is replaced by the input's (${describeSource(mine.source)})`,
        source: mine.source,
      });
      return [];
    });
  return {
    ...snapshot,
    clusterRoles: [...builtin(data.clusterRoles), ...snapshot.clusterRoles],
    clusterRoleBindings: [...builtin(data.clusterRoleBindings), ...snapshot.clusterRoleBindings],
    roles: [...builtin(data.roles), ...snapshot.roles],
    roleBindings: [...builtin(data.roleBindings), ...snapshot.roleBindings],
    diagnostics: [...snapshot.diagnostics.map((d) => (d.code === 'no-rbac-objects' ? { ...d, message: `${d.message}; only the Kubernetes ${data.release} default policy is present` } : d)), ...diagnostics],
    meta: { ...snapshot.meta, kubernetesVersion: data.version, defaultPolicy: data.release },
  };
}
