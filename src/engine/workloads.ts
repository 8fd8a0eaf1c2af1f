// Workloads and the powers of the token their pods carry. A pod's token is its ServiceAccount's
// when mounted, the rule of plugin/pkg/admission/serviceaccount/admission.go `shouldAutomount`:
// the pod spec's automountServiceAccountToken wins, then the ServiceAccount's, else true. A
// projected volume with a serviceAccountToken source mounts one whatever automount says.
import { UsageError } from '../errors.js';
import type { ServiceAccount } from '../model/rbac.js';
import type { Grant, WhatCanResult, WhoCanResult } from '../model/results.js';
import type { Snapshot } from '../model/snapshot.js';
import { WORKLOAD_SPELLINGS, workloadLabel, type Workload, type WorkloadKind } from '../model/workload.js';
import { appliesToUser } from '../semantics/applies-to.js';
import { serviceAccountUsername, withImplicitGroups } from '../semantics/user-info.js';
import type { Analysis } from './analyze.js';

/** A workload with its token mount resolved against the ServiceAccount object. */
export interface ResolvedWorkload {
  workload: Workload;
  /** Whether its pods carry the ServiceAccount's token. */
  mounted: boolean;
  /** Why (or why not): "pod spec automountServiceAccountToken: false", "ServiceAccount default: automountServiceAccountToken false", ... */
  mountReason: string;
}

const SPELLINGS: Record<string, WorkloadKind> = {};
for (const [kind, names] of Object.entries(WORKLOAD_SPELLINGS) as [WorkloadKind, readonly string[]][]) for (const n of names) SPELLINGS[n] = kind;

/** kubectl's TYPE/NAME for a workload (deploy/web, ds/node-exporter, pods/x), or undefined when TEXT is not one. */
export function parseWorkloadSpec(text: string): { kind: WorkloadKind; name: string } | undefined {
  const i = text.indexOf('/');
  if (i <= 0) return undefined;
  const kind = SPELLINGS[text.slice(0, i).toLowerCase()];
  const name = text.slice(i + 1);
  if (!kind) return undefined;
  if (!name || name.includes('/')) throw new UsageError(`workload "${text}": expected TYPE/NAME, e.g. deploy/web or ds/node-exporter`);
  return { kind, name };
}

export function resolveWorkload(w: Workload, sa: ServiceAccount | undefined): ResolvedWorkload {
  if (w.projectedToken) return { workload: w, mounted: true, mountReason: 'a projected volume holds a serviceAccountToken' };
  if (w.automountServiceAccountToken !== undefined) return { workload: w, mounted: w.automountServiceAccountToken, mountReason: `pod spec automountServiceAccountToken: ${w.automountServiceAccountToken}` };
  if (sa?.automountServiceAccountToken !== undefined) return { workload: w, mounted: sa.automountServiceAccountToken, mountReason: `ServiceAccount ${sa.namespace}/${sa.name} automountServiceAccountToken: ${sa.automountServiceAccountToken}` };
  return { workload: w, mounted: true, mountReason: 'mounted by default (neither the pod spec nor the ServiceAccount sets automountServiceAccountToken)' };
}

const cache = new WeakMap<Snapshot, ResolvedWorkload[]>();

/** Every workload of the snapshot, token mounts resolved (memoised per snapshot). */
export function resolvedWorkloads(snapshot: Snapshot): ResolvedWorkload[] {
  let out = cache.get(snapshot);
  if (!out) {
    const sas = new Map(snapshot.serviceAccounts.map((s) => [`${s.namespace}/${s.name}`, s]));
    out = (snapshot.workloads ?? []).map((w) => resolveWorkload(w, sas.get(`${w.namespace}/${w.serviceAccount}`)));
    cache.set(snapshot, out);
  }
  return out;
}

export function findWorkload(snapshot: Snapshot, kind: WorkloadKind, namespace: string, name: string): ResolvedWorkload | undefined {
  return resolvedWorkloads(snapshot).find((r) => r.workload.kind === kind && r.workload.namespace === namespace && r.workload.name === name);
}

/** The identity a workload's token authenticates as. */
export const workloadUser = (w: Workload) => withImplicitGroups(serviceAccountUsername(w.namespace, w.serviceAccount), []);

export interface WorkloadPowers extends ResolvedWorkload {
  /** The token's powers in every scope; undefined when no token is mounted. */
  powers?: WhatCanResult;
}

/** `rbac what-can deploy/NAME -n NS`: the powers of the token the workload's pods carry. */
export function workloadWhatCan(analysis: Analysis, kind: WorkloadKind, namespace: string, name: string): WorkloadPowers {
  const found = requireWorkload(analysis.snapshot, kind, namespace, name);
  return found.mounted ? { ...found, powers: analysis.whatCan(workloadUser(found.workload)) } : found;
}

/** The workload, or a usage error naming those of its kind the input has. */
export function requireWorkload(snapshot: Snapshot, kind: WorkloadKind, namespace: string, name: string): ResolvedWorkload {
  const found = findWorkload(snapshot, kind, namespace, name);
  if (found) return found;
  const ofKind = resolvedWorkloads(snapshot).filter((r) => r.workload.kind === kind);
  const sameName = [...new Set(ofKind.filter((r) => r.workload.name === name).map((r) => r.workload.namespace))].sort();
  if (sameName.length) throw new UsageError(`${kind} ${namespace}/${name} is not in the input (there is one in ${sameName.join(', ')}: -n ${sameName[0]})`);
  const known = ofKind.map((r) => `${r.workload.namespace}/${r.workload.name}`);
  const hint = known.length ? ` (${kind}s in the input: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', ...' : ''})` : snapshot.workloads ? ` (the input has no ${kind})` : ' (the input holds no workloads)';
  throw new UsageError(`${kind} ${namespace}/${name} is not in the input${hint}`);
}

export interface WorkloadGrant {
  workload: Workload;
  mountReason: string;
  grant: Grant;
}

/** `who-can VERB RESOURCE --workloads`: workloads whose pods carry a token the grants of RESULT apply to. */
export function whoCanWorkloads(snapshot: Snapshot, result: WhoCanResult): WorkloadGrant[] {
  const out: WorkloadGrant[] = [];
  for (const r of resolvedWorkloads(snapshot)) {
    if (!r.mounted) continue;
    const user = workloadUser(r.workload);
    for (const grant of result.grants) if (appliesToUser(user, grant.subject, grant.scope)) out.push({ workload: r.workload, mountReason: r.mountReason, grant });
  }
  return out;
}

/** "Deployment monitoring/web (on every node)" where a DaemonSet's reach matters. */
export function describeWorkload(w: Workload): string {
  return `${workloadLabel(w)}${w.placement.type === 'every-node' ? ' (on every node)' : ''}`;
}
