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
} from './rbac.js';

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

export interface Snapshot {
  roles: Role[];
  clusterRoles: ClusterRole[];
  roleBindings: RoleBinding[];
  clusterRoleBindings: ClusterRoleBinding[];
  serviceAccounts: ServiceAccount[];
  namespaces: Namespace[];
  customResources: CustomResource[];
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
