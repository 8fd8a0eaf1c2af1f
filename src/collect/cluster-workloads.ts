// The workload lists of a live cluster: list permission only, paged like the RBAC lists. A list
// that cannot be read (403 is common: many identities may read RBAC but not pods) is a
// diagnostic and the run goes on; escalation paths then treat that namespace's pods as unknown.
// Secrets are never listed: a pod's token is known from its spec, not read.
import type { ListKind, ListOutcome } from './cluster-list.js';

const lost = (what: string) => `${what}: which ServiceAccount their pods mount is not known, and paths through them fall back to "any ServiceAccount of the namespace"`;

export const WORKLOAD_LISTS: readonly ListKind[] = [
  { kind: 'Pod', apiVersion: 'v1', resource: 'pods', namespaced: true, missing: lost('pods are known only from the objects that make them') },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', resource: 'replicasets', namespaced: true, missing: 'pods of ReplicaSets are reported one by one' },
  { kind: 'Deployment', apiVersion: 'apps/v1', resource: 'deployments', namespaced: true, missing: 'pods of Deployments are reported by their ReplicaSet' },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', resource: 'statefulsets', namespaced: true, missing: 'pods of StatefulSets are reported one by one' },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', resource: 'daemonsets', namespaced: true, missing: 'pods of DaemonSets are reported one by one, and only on the nodes they are seen on' },
  { kind: 'Job', apiVersion: 'batch/v1', resource: 'jobs', namespaced: true, missing: 'pods of Jobs are reported one by one' },
  { kind: 'CronJob', apiVersion: 'batch/v1', resource: 'cronjobs', namespaced: true, missing: 'Jobs of CronJobs are reported one by one' },
  { kind: 'ReplicationController', apiVersion: 'v1', resource: 'replicationcontrollers', namespaced: true, missing: 'pods of ReplicationControllers are reported one by one' },
];

/** "" (every namespace) or the -n namespace when every Pod of it was listed; undefined otherwise. */
export function workloadScope(outcomes: readonly ListOutcome[], namespace: string | undefined): string | undefined {
  const pods = outcomes.find((o) => o.spec.kind === 'Pod');
  if (!pods || pods.error || pods.stopped) return undefined;
  return namespace ?? '';
}
