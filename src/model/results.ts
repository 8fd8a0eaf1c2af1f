// The shapes queries return. Plain data: reporters turn them into text.
import type { PolicyRule, SourceRef, Subject } from './rbac.js';
import type { Request } from './request.js';

export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
  /** Set when the object is Kubernetes' own, from this release's default policy ("v1.28.7"), not from the input. */
  defaultPolicy?: string;
}

/** One subject x binding x role x rule that grants something, with where it applies. */
export interface Grant {
  subject: Subject;
  binding: ObjectRef;
  role: ObjectRef;
  /** "" = cluster-wide (a ClusterRoleBinding); otherwise the RoleBinding's namespace. */
  scope: string;
  ruleIndex: number;
  rule: PolicyRule;
  /** For a rule of an aggregated ClusterRole: the ClusterRole it was aggregated from. */
  aggregatedFrom?: string;
  /** The role's rules come from an aggregation cycle seeded by authored rules: a live cluster's could differ (spec §9.6). */
  dependsOnHistory?: boolean;
  bindingSource?: SourceRef;
}

export interface WhoCanResult {
  request: Request;
  /** true when every namespace was asked for (-A): RoleBindings of all namespaces count, each for its own namespace. */
  allNamespaces: boolean;
  /** One row per subject and granting binding, in the authorizer's order (ClusterRoleBindings first). */
  grants: Grant[];
  /** Subjects named by matching bindings that can never match anyone, with the reason. */
  unmatchable: { subject: Subject; binding: ObjectRef; reason: string }[];
  notes: string[];
}

export interface Decision {
  allowed: boolean;
  /** Allowed by the privileged-group authorizer (system:masters), before RBAC is asked. */
  privileged: boolean;
  /** Every grant that allows the request; the first is the one the authorizer reports. */
  grants: Grant[];
  notes: string[];
}

export interface WhatCanResult {
  user: { name: string; groups: string[] };
  namespace?: string;
  privileged: boolean;
  grants: Grant[];
  /** Rules that reach the subject but can never take effect, with why. */
  ineffective: (Grant & { reason: string })[];
}
