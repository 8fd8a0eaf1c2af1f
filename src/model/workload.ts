// Running code and the token it carries: one Workload per object that makes pods (Deployment,
// DaemonSet, ...) or per bare Pod, with its pods' owner chain folded in (a Pod of a ReplicaSet of
// a Deployment is the Deployment). Plain data; the engine resolves the token mount against the
// ServiceAccount object (engine/workloads.ts).
import type { SourceRef } from './rbac.js';

export const WORKLOAD_KINDS = ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/**
 * Where the workload's pods run: named nodes (a Pod's spec.nodeName, or the nodes of the pods
 * folded into it), every node (a DaemonSet), or unknown (not scheduled yet, or a template).
 */
export type Placement = { type: 'nodes'; nodes: string[] } | { type: 'every-node' } | { type: 'unknown' };

/** One way a container of the pod reaches its node (Pod Security Standards "baseline" violations). */
export interface NodeAccess {
  /** privileged, hostPID, hostIPC, hostNetwork, hostPath, capability */
  kind: 'privileged' | 'hostPID' | 'hostIPC' | 'hostNetwork' | 'hostPath' | 'capability';
  /** The field and value, e.g. "containers[node-exporter].securityContext.capabilities.add SYS_ADMIN", "volumes[root].hostPath /". */
  detail: string;
}

export interface Workload {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** spec.serviceAccountName, else the deprecated spec.serviceAccount, else "default". */
  serviceAccount: string;
  /** The pod spec's automountServiceAccountToken, when it says; undefined defers to the ServiceAccount. */
  automountServiceAccountToken?: boolean;
  /** A projected volume with a serviceAccountToken source: the token is there whatever automount says. */
  projectedToken: boolean;
  placement: Placement;
  nodeAccess: NodeAccess[];
  /** Names of the pods folded into this workload (a live cluster's), for exec limited by resourceNames. */
  pods: string[];
  /** The controller owner as the object names it (kind/name), when it is not in the input: not folded. */
  owner?: { kind: string; name: string };
  source: SourceRef;
}

/** "Deployment monitoring/web". */
export function workloadLabel(w: Pick<Workload, 'kind' | 'namespace' | 'name'>): string {
  return `${w.kind} ${w.namespace}/${w.name}`;
}

/** Graph and map key: "workload:Deployment/monitoring/web". */
export function workloadKey(w: Pick<Workload, 'kind' | 'namespace' | 'name'>): string {
  return `workload:${w.kind}/${w.namespace}/${w.name}`;
}

/** The TYPE spellings kubectl takes for each kind, the one rbac prints first. */
export const WORKLOAD_SPELLINGS: Record<WorkloadKind, readonly string[]> = {
  Pod: ['pod', 'po', 'pods'],
  Deployment: ['deploy', 'deployment', 'deployments', 'deployment.apps', 'deployments.apps'],
  ReplicaSet: ['rs', 'replicaset', 'replicasets', 'replicaset.apps', 'replicasets.apps'],
  StatefulSet: ['sts', 'statefulset', 'statefulsets', 'statefulset.apps', 'statefulsets.apps'],
  DaemonSet: ['ds', 'daemonset', 'daemonsets', 'daemonset.apps', 'daemonsets.apps'],
  Job: ['job', 'jobs', 'job.batch', 'jobs.batch'],
  CronJob: ['cj', 'cronjob', 'cronjobs', 'cronjob.batch', 'cronjobs.batch'],
  ReplicationController: ['rc', 'replicationcontroller', 'replicationcontrollers'],
};

/** kubectl's TYPE/NAME with the short type: "deploy/kube-state-metrics", "ds/node-exporter". */
export function kubectlName(kind: WorkloadKind, name: string): string {
  return `${WORKLOAD_SPELLINGS[kind][0]}/${name}`;
}
