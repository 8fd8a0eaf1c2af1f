// SUBJECT as kubectl names an object: `deploy/web -n prod` (the token its pods carry) or
// `sa/deployer -n prod` (that ServiceAccount). Read as user names, these would be users that
// exist nowhere, and every answer about them a silent "no"; -n names the object's namespace,
// "default" without it, as kubectl's.
import { UsageError } from '../errors.js';
import type { UserInfo } from '../model/request.js';
import type { WorkloadKind } from '../model/workload.js';
import type { Analysis } from './analyze.js';
import { effectiveSubject } from './grants.js';
import { userInfoFor, type SubjectSpec } from './subject-spec.js';
import { parseWorkloadSpec, requireWorkload, workloadUser, type ResolvedWorkload } from './workloads.js';

export type ObjectSubject = { type: 'workload'; kind: WorkloadKind; name: string } | { type: 'serviceaccount'; name: string };

const SERVICE_ACCOUNT_SPELLINGS = new Set(['sa', 'serviceaccount', 'serviceaccounts']);

/** `deploy/web`, `ds/x`, `sa/deployer`, ...; undefined for anything else (user:NAME, jane, sa:NS:NAME). */
export function parseObjectSubject(text: string): ObjectSubject | undefined {
  const w = parseWorkloadSpec(text);
  if (w) return { type: 'workload', ...w };
  const i = text.indexOf('/');
  if (i <= 0 || !SERVICE_ACCOUNT_SPELLINGS.has(text.slice(0, i).toLowerCase())) return undefined;
  const name = text.slice(i + 1);
  if (!name || name.includes('/')) throw new UsageError(`ServiceAccount "${text}": expected sa/NAME (with -n NAMESPACE) or sa:NAMESPACE:NAME`);
  return { type: 'serviceaccount', name };
}

export interface ObjectIdentity {
  spec: SubjectSpec;
  /** The identity the object's requests authenticate as; undefined for a workload whose pods mount no token. */
  user?: UserInfo;
  /** The workload, token mount resolved. */
  workload?: ResolvedWorkload;
  /** What the object was read as, for a note: "ds/node-exporter -n monitoring runs as ServiceAccount monitoring/node-exporter (...)". */
  reading: string;
}

/**
 * The identity behind an object SUBJECT in namespace NS. A workload must be in the input; a
 * ServiceAccount need not be (a binding may name one the manifests do not create), unless the
 * input knows that name only in other namespaces: then -n was most likely forgotten.
 */
export function objectIdentity(analysis: Analysis, obj: ObjectSubject, namespace: string): ObjectIdentity {
  if (obj.type === 'workload') {
    const found = requireWorkload(analysis.snapshot, obj.kind, namespace, obj.name);
    const w = found.workload;
    const spec: SubjectSpec = { kind: 'ServiceAccount', namespace: w.namespace, name: w.serviceAccount };
    const reading = `${obj.kind} ${w.namespace}/${w.name} runs as ServiceAccount ${w.namespace}/${w.serviceAccount}, ${found.mounted ? 'token mounted' : 'no token mounted'} (${found.mountReason})`;
    return { spec, workload: found, reading, ...(found.mounted ? { user: workloadUser(w) } : {}) };
  }
  const spec: SubjectSpec = { kind: 'ServiceAccount', namespace, name: obj.name };
  const where = serviceAccountNamespaces(analysis, obj.name);
  if (!where.has(namespace) && where.size > 0) {
    const elsewhere = [...where].sort();
    throw new UsageError(`ServiceAccount ${namespace}/${obj.name} is not in the input and no binding names it (ServiceAccount ${obj.name} is in ${elsewhere.join(', ')}: -n ${elsewhere[0]}, or sa:${elsewhere[0]}:${obj.name})`);
  }
  return { spec, user: userInfoFor(spec, []), reading: `sa/${obj.name} -n ${namespace} is ServiceAccount ${namespace}/${obj.name} (user system:serviceaccount:${namespace}:${obj.name})` };
}

/** Namespaces where the input has a ServiceAccount of this name, as an object or a binding subject. */
function serviceAccountNamespaces(analysis: Analysis, name: string): Set<string> {
  const out = new Set<string>();
  const s = analysis.snapshot;
  for (const sa of s.serviceAccounts) if (sa.name === name) out.add(sa.namespace);
  for (const b of [...s.roleBindings, ...s.clusterRoleBindings]) {
    for (const subject of b.subjects) {
      if (subject.kind !== 'ServiceAccount' || subject.name !== name) continue;
      const ns = effectiveSubject(subject, { namespace: 'namespace' in b ? b.namespace : '' }).namespace;
      if (ns) out.add(ns);
    }
  }
  return out;
}
