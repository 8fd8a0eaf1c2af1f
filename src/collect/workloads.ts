// Workload objects -> Workload (src/model/workload.ts): the pod spec's ServiceAccount, token
// mount and node access, and where its pods run. Pure. Only the pod spec is read (never a
// Secret, never env values). Node access is the part of the Pod Security Standards "baseline"
// profile that puts a container on its node: privileged, hostProcess, hostPID, hostIPC,
// hostNetwork, hostPath volumes, and added capabilities that break out (docs/workloads.md).
import type { Diagnostic } from '../model/diagnostic.js';
import type { SourceRef } from '../model/rbac.js';
import { WORKLOAD_KINDS, type NodeAccess, type Workload, type WorkloadKind } from '../model/workload.js';

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

export const isWorkloadKind = (kind: string): kind is WorkloadKind => (WORKLOAD_KINDS as readonly string[]).includes(kind);

/** Capabilities that let a container leave it (baseline forbids every one outside its short list). */
export const ESCAPE_CAPABILITIES = new Set(['ALL', 'SYS_ADMIN', 'SYS_MODULE', 'SYS_PTRACE', 'SYS_RAWIO', 'DAC_READ_SEARCH', 'BPF', 'SYS_BOOT']);

/** Where the pod spec sits: spec for a Pod, spec.jobTemplate.spec.template.spec for a CronJob, spec.template.spec otherwise. */
function podSpecOf(kind: WorkloadKind, raw: Raw): { spec: unknown; field: string } {
  const spec = isObject(raw.spec) ? raw.spec : {};
  if (kind === 'Pod') return { spec: raw.spec, field: 'spec' };
  const at = (o: unknown, k: string) => (isObject(o) ? o[k] : undefined);
  if (kind === 'CronJob') return { spec: at(at(at(at(spec, 'jobTemplate'), 'spec'), 'template'), 'spec'), field: 'spec.jobTemplate.spec.template.spec' };
  return { spec: at(at(spec, 'template'), 'spec'), field: 'spec.template.spec' };
}

export function readWorkload(kind: WorkloadKind, raw: Raw, source: SourceRef, defaultNamespace: string, diagnostics: Diagnostic[]): Workload | undefined {
  const meta = isObject(raw.metadata) ? raw.metadata : {};
  const name = text(meta.name);
  if (!name) {
    diagnostics.push({ severity: 'error', code: 'missing-name', message: `${kind} has no metadata.name; skipped`, source });
    return undefined;
  }
  const namespace = text(meta.namespace) || defaultNamespace;
  const warn = (message: string) => diagnostics.push({ severity: 'warning', code: 'wrong-type', message: `${kind} ${namespace}/${name}: ${message}`, source });
  const { spec: podSpec, field } = podSpecOf(kind, raw);
  if (!isObject(podSpec)) warn(`${field} is missing or not a map; read as an empty pod spec (ServiceAccount default, token mounted)`);
  const p = isObject(podSpec) ? podSpec : {};
  const automount = p.automountServiceAccountToken;
  if (automount !== undefined && automount !== null && typeof automount !== 'boolean') warn(`${field}.automountServiceAccountToken should be a boolean; ignored`);
  const owner = list(meta.ownerReferences).find((o): o is Raw => isObject(o) && o.controller === true);
  const nodeName = kind === 'Pod' ? text(p.nodeName) : '';
  return {
    kind,
    namespace,
    name,
    serviceAccount: text(p.serviceAccountName) || text(p.serviceAccount) || 'default',
    ...(typeof automount === 'boolean' ? { automountServiceAccountToken: automount } : {}),
    projectedToken: list(p.volumes).some((v) => isObject(v) && isObject(v.projected) && list(v.projected.sources).some((s) => isObject(s) && isObject(s.serviceAccountToken))),
    placement: kind === 'DaemonSet' ? { type: 'every-node' } : nodeName ? { type: 'nodes', nodes: [nodeName] } : { type: 'unknown' },
    nodeAccess: nodeAccess(p),
    pods: kind === 'Pod' ? [name] : [],
    ...(owner && text(owner.kind) && text(owner.name) ? { owner: { kind: text(owner.kind), name: text(owner.name) } } : {}),
    source,
  };
}

function nodeAccess(p: Raw): NodeAccess[] {
  const out: NodeAccess[] = [];
  for (const k of ['hostPID', 'hostIPC', 'hostNetwork'] as const) if (p[k] === true) out.push({ kind: k, detail: `${k}: true` });
  for (const v of list(p.volumes)) {
    if (isObject(v) && isObject(v.hostPath)) out.push({ kind: 'hostPath', detail: `volumes[${text(v.name)}].hostPath ${text(v.hostPath.path)}` });
  }
  const podSc = isObject(p.securityContext) ? p.securityContext : {};
  if (isObject(podSc.windowsOptions) && podSc.windowsOptions.hostProcess === true) out.push({ kind: 'privileged', detail: 'securityContext.windowsOptions.hostProcess: true' });
  for (const group of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of list(p[group])) {
      if (!isObject(c)) continue;
      const sc = isObject(c.securityContext) ? c.securityContext : {};
      const at = `${group}[${text(c.name)}].securityContext`;
      if (sc.privileged === true) out.push({ kind: 'privileged', detail: `${at}.privileged: true` });
      if (isObject(sc.windowsOptions) && sc.windowsOptions.hostProcess === true) out.push({ kind: 'privileged', detail: `${at}.windowsOptions.hostProcess: true` });
      const add = isObject(sc.capabilities) ? list(sc.capabilities.add) : [];
      for (const cap of add) {
        const name = text(cap).toUpperCase().replace(/^CAP_/, '');
        if (ESCAPE_CAPABILITIES.has(name)) out.push({ kind: 'capability', detail: `${at}.capabilities.add ${name}` });
      }
    }
  }
  return out;
}

/**
 * Fold owner chains: a workload whose controller (ownerReferences with controller: true) is in
 * the input becomes part of it (Pod -> ReplicaSet -> Deployment, Job -> CronJob), so each is
 * reported once. The owner keeps the pods' names and nodes, and a token a live pod carries.
 */
export function foldWorkloads(all: Workload[]): Workload[] {
  const byKey = new Map(all.map((w) => [`${w.kind}/${w.namespace}/${w.name}`, w]));
  const top = (w: Workload): Workload => {
    let cur = w;
    for (let i = 0; i < 8 && cur.owner; i++) {
      const next = byKey.get(`${cur.owner.kind}/${cur.namespace}/${cur.owner.name}`);
      if (!next || next === w) break;
      cur = next;
    }
    return cur;
  };
  const out = new Map<Workload, Workload>();
  for (const w of all) {
    const t = top(w);
    if (!out.has(t)) out.set(t, { ...t, pods: [...t.pods], nodeAccess: [...t.nodeAccess] });
    if (t === w) continue;
    const into = out.get(t)!;
    for (const pod of w.pods) into.pods.push(pod);
    into.projectedToken ||= w.projectedToken;
    if (into.placement.type !== 'every-node' && w.placement.type === 'nodes') {
      const nodes = new Set([...(into.placement.type === 'nodes' ? into.placement.nodes : []), ...w.placement.nodes]);
      into.placement = { type: 'nodes', nodes: [...nodes].sort() };
    }
    for (const a of w.nodeAccess) if (!into.nodeAccess.some((b) => b.detail === a.detail)) into.nodeAccess.push(a);
  }
  return [...out.values()];
}
