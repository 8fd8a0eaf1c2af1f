// A Snapshot is everything a collector read: plain data, no I/O handles. analyze() takes one.
import type { ApiResource } from './catalogue.js';
import type { Diagnostic } from './diagnostic.js';
import type {
  ClusterRole,
  ClusterRoleBinding,
  CustomResource,
  Namespace,
  Role,
  RoleBinding,
  ServiceAccount,
  SourceRef,
} from './rbac.js';
import type { Workload } from './workload.js';

export interface SnapshotMeta {
  /** Where the objects came from: manifest files, a live cluster, or a snapshot file of either. */
  origin: 'files' | 'cluster';
  /** Inputs (files) or the cluster and context name. */
  inputs?: string[];
  cluster?: string;
  context?: string;
  collectedAt?: string;
  /** The Kubernetes minor version answers are for ("1.28"): the default policy's, or --kubernetes-version. */
  kubernetesVersion?: string;
  /** Set when the default policy of this release ("v1.28.7") was added to the objects read. */
  defaultPolicy?: string;
}

/**
 * A legacy ServiceAccount token Secret seen in manifest files (type
 * kubernetes.io/service-account-token): its name and whose token it holds, never its data.
 * Kubernetes stopped creating these in 1.24; a live cluster's Secrets are never read.
 */
export interface ServiceAccountTokenSecret {
  namespace: string;
  name: string;
  serviceAccount: string;
  source: SourceRef;
}

export interface Snapshot {
  roles: Role[];
  clusterRoles: ClusterRole[];
  roleBindings: RoleBinding[];
  clusterRoleBindings: ClusterRoleBinding[];
  serviceAccounts: ServiceAccount[];
  namespaces: Namespace[];
  customResources: CustomResource[];
  /** Legacy token Secrets from manifest files (escalation paths through "read secrets"). */
  tokenSecrets?: ServiceAccountTokenSecret[];
  /**
   * Pods and the objects that make them, owner chains folded (model/workload.ts). Undefined
   * when the input holds none: escalation paths then read "exec in N" as "any ServiceAccount of N".
   */
  workloads?: Workload[];
  /**
   * Set by the live collector when every Pod of the scope was listed: "" every namespace, else
   * the one namespace (-n). Pods of a namespace so covered are all known; elsewhere the input may
   * not show them all (docs/workloads.md).
   */
  workloadScope?: string;
  /** API discovery of a live cluster (resource -> group, scope, short names), when known. */
  apiResources?: ApiResource[];
  diagnostics: Diagnostic[];
  meta: SnapshotMeta;
}

export function emptySnapshot(meta: SnapshotMeta = { origin: 'files' }): Snapshot {
  return {
    roles: [],
    clusterRoles: [],
    roleBindings: [],
    clusterRoleBindings: [],
    serviceAccounts: [],
    namespaces: [],
    customResources: [],
    diagnostics: [],
    meta,
  };
}
