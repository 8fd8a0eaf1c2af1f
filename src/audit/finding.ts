// What an audit reports: one finding per check x subject x scope (or x object, for hygiene checks).
import type { SourceRef, Subject } from '../model/rbac.js';
import type { Request } from '../model/request.js';
import type { Grant, ObjectRef } from '../model/results.js';
import type { QuerySeverity } from './query-definition.js';

export interface Finding {
  check: string;
  title: string;
  severity: QuerySeverity;
  /** The subject that holds the permission (absent for hygiene findings about an object). */
  subject?: Subject;
  /** The object a hygiene finding is about. */
  object?: ObjectRef;
  /** "" = cluster-wide; otherwise the namespace the grant is limited to. */
  scope: string;
  /** The requests that matched, in words ("list secrets", "get nodes/proxy"); a name-limited one with its names. */
  matched: string[];
  /** The same, one per request: absent for hygiene findings. */
  matches?: FindingMatch[];
  /** The binding, role and rule behind it. */
  grants: Grant[];
  /** Set when every matching grant is limited to these object names (resourceNames). */
  restrictedTo?: string[];
  message?: string;
  /** Where a finding without grants is declared: the binding or role it is about, the first binding on a path. */
  source?: SourceRef;
  /** Set when an exclusion applies: its reason. */
  excluded?: string;
  /** The finding rests only on Kubernetes' own default policy (every binding, or the object, is built in). */
  defaultPolicy?: boolean;
  /** Set when a cluster-admin-equivalent finding of the same subject implies this one: it is listed only with --expand. */
  foldedInto?: string;
  /** On a cluster-admin-equivalent finding: the checks of the findings folded under it. */
  implies?: string[];
  /** On a finding about a ServiceAccount: the workloads whose pods mount its token. */
  workloads?: FindingWorkload[];
  /** Set when compared with a baseline (rbac audit --baseline). */
  baselineState?: 'new' | 'updated' | 'unchanged';
}

/** A workload that mounts the token of a finding's ServiceAccount. */
export interface FindingWorkload {
  kind: string;
  namespace: string;
  name: string;
  /** "every node", "nodes a, b" or "unknown". */
  placement: string;
}

export const SEVERITY_RANK: Record<QuerySeverity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** One request a check asked and the subject can make: for any object, or only for restrictedTo. */
export interface FindingMatch {
  /** "patch configmaps", "approve signers.certificates.k8s.io kubernetes.io/*". */
  label: string;
  /** The authorizer request asked (absent for reach and boundTo matches). */
  request?: Request;
  /** Set when every grant behind it is limited to these object names (resourceNames). */
  restrictedTo?: string[];
}

export const matchText = (m: { label: string; restrictedTo?: string[] }) => (m.restrictedTo ? `${m.label} (only names: ${m.restrictedTo.join(', ')})` : m.label);
