// The shipped default (bootstrap) policy of one Kubernetes release: the model objects of the six
// upstream testdata files, without their source (every one is `{ type: 'builtin', version }`).
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from '../model/rbac.js';

type Stored<T> = Omit<T, 'source'>;

export interface DefaultPolicyData {
  /** Minor version, as --kubernetes-version takes it: "1.28". */
  version: string;
  /** The release or commit the files were taken from: "v1.28.7". */
  release: string;
  /** Repository, path and commit, for attribution. */
  origin: string;
  clusterRoles: Stored<ClusterRole>[];
  clusterRoleBindings: Stored<ClusterRoleBinding>[];
  roles: Stored<Role>[];
  roleBindings: Stored<RoleBinding>[];
}
