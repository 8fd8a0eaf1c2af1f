// Workloads in the RBAC graph: one node per workload (the key paths use, workloadKey), and an
// edge workload -> ServiceAccount when its pods carry that ServiceAccount's token. A workload
// that mounts no token is a node with no edge: it is there, but holds no powers, so no focus or
// who-can view reaches it through its ServiceAccount.
import { keyOfSubject } from '../model/keys.js';
import { workloadKey, type WorkloadKind } from '../model/workload.js';
import { resolvedWorkloads } from '../engine/workloads.js';
import type { Snapshot } from '../model/snapshot.js';
import type { GraphSink, RbacGraph } from './build.js';

export interface WorkloadNode {
  kind: 'workload';
  workloadKind: WorkloadKind;
  name: string;
  namespace: string;
  serviceAccount: string;
  tokenMounted: boolean;
  /** A DaemonSet: a pod on every node. */
  everyNode: boolean;
}

/** Appended after the RBAC nodes, so a graph without workloads is what it was. */
export function addWorkloadNodes(g: GraphSink, snapshot: Snapshot): void {
  for (const { workload: w, mounted } of resolvedWorkloads(snapshot)) {
    const key = workloadKey(w);
    g.mergeNode(key, { kind: 'workload', workloadKind: w.kind, name: w.name, namespace: w.namespace, serviceAccount: w.serviceAccount, tokenMounted: mounted, everyNode: w.placement.type === 'every-node' });
    if (!mounted) continue;
    // A ServiceAccount no binding names is still who the pods run as: its node is added.
    const sa = keyOfSubject({ kind: 'ServiceAccount', name: w.serviceAccount, namespace: w.namespace });
    if (!g.hasNode(sa)) g.addNode(sa, { kind: 'subject', subjectKind: 'ServiceAccount', name: w.serviceAccount, namespace: w.namespace, matchable: true });
    g.mergeEdge(key, sa, { kind: 'runs-as' });
  }
}

/** The workloads whose pods carry the token of a ServiceAccount among `keys`, after `keys`. */
export function withWorkloadsOf(g: RbacGraph, keys: readonly string[]): string[] {
  const out = [...keys];
  const seen = new Set(keys);
  for (const k of keys) {
    if (!k.startsWith('sa:') || !g.hasNode(k)) continue;
    g.forEachInEdge(k, (_e, a, s) => {
      if (a.kind === 'runs-as' && !seen.has(s)) {
        seen.add(s);
        out.push(s);
      }
    });
  }
  return out;
}

/** The workload nodes a kubectl TYPE/NAME names (deploy/web, ds/node-exporter), in any namespace. */
export function workloadSeeds(g: RbacGraph, kind: WorkloadKind, name: string): string[] {
  return g.filterNodes((_k, a) => a.kind === 'workload' && a.workloadKind === kind && a.name === name);
}
