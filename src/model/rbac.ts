// The RBAC API objects as the authorizer sees them. Field names follow rbac.authorization.k8s.io/v1
// (and the client's V1* types) so a Kubernetes reader recognises them; every list is normalised to
// an array, because the authorizer treats a nil list and an empty one alike.
import type { RbacV1Subject, V1PolicyRule, V1RoleRef } from '@kubernetes/client-node';

export type SourceRef =
  | { type: 'file'; file: string; doc: number; line?: number; item?: number }
  | { type: 'cluster'; call: string }
  /** Made in code; with `version`, an object of that Kubernetes release's default (bootstrap) policy, e.g. "v1.28.7". */
  | { type: 'builtin'; version?: string };

export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

export interface Subject {
  kind: string;
  name: string;
  /** Set only when the manifest sets it: an empty namespace means something different in a RoleBinding and a ClusterRoleBinding. */
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}

export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: LabelSelectorRequirement[];
}

export interface AggregationRule {
  /** A `null` item in a manifest is the empty selector `{}`; null here marks an item that is not a map (invalid). */
  clusterRoleSelectors: (LabelSelector | null)[];
}

interface ObjectBase {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  source: SourceRef;
}

export interface Role extends ObjectBase {
  kind: 'Role';
  namespace: string;
  rules: PolicyRule[];
}

export interface ClusterRole extends ObjectBase {
  kind: 'ClusterRole';
  rules: PolicyRule[];
  aggregationRule?: AggregationRule;
}

export interface RoleBinding extends ObjectBase {
  kind: 'RoleBinding';
  namespace: string;
  roleRef: RoleRef;
  subjects: Subject[];
}

export interface ClusterRoleBinding extends ObjectBase {
  kind: 'ClusterRoleBinding';
  roleRef: RoleRef;
  subjects: Subject[];
}

export interface ServiceAccount extends ObjectBase {
  kind: 'ServiceAccount';
  namespace: string;
  /** Whether pods that do not say get its token mounted (undefined: yes). */
  automountServiceAccountToken?: boolean;
}

export interface Namespace extends ObjectBase {
  kind: 'Namespace';
}

/** What a CustomResourceDefinition tells us: the resource's group, scope and names. */
export interface CustomResource extends ObjectBase {
  kind: 'CustomResourceDefinition';
  group: string;
  plural: string;
  singular: string;
  shortNames: string[];
  resourceKind: string;
  namespaced: boolean;
  /** `status` and `scale` when a version of the CRD declares them (spec.versions[].subresources). */
  subresources?: string[];
}

export type AnyRole = Role | ClusterRole;
export type Binding = RoleBinding | ClusterRoleBinding;
export type RbacObject =
  | Role
  | ClusterRole
  | RoleBinding
  | ClusterRoleBinding
  | ServiceAccount
  | Namespace
  | CustomResource;

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Compile-time check that our shapes stay assignable from the client's API types. */
export type ClientPolicyRule = V1PolicyRule;
export type ClientSubject = RbacV1Subject;
export type ClientRoleRef = V1RoleRef;
