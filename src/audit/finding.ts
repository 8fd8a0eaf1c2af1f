// What an audit reports: one finding per check x subject x scope (or x object, for hygiene checks).
import type { Subject } from '../model/rbac.js';
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
  /** The requests that matched, in words ("list secrets", "get nodes/proxy"). */
  matched: string[];
  /** The binding, role and rule behind it. */
  grants: Grant[];
  /** Set when every matching grant is limited to these object names (resourceNames). */
  restrictedTo?: string[];
  message?: string;
  /** Set when an exclusion applies: its reason. */
  excluded?: string;
  /** The finding rests only on Kubernetes' own default policy (every binding, or the object, is built in). */
  defaultPolicy?: boolean;
}

export const SEVERITY_RANK: Record<QuerySeverity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
