// The snapshot file: one JSON document holding the already-normalised model objects of a
// Snapshot, so loading it needs no decoding rules and gives the very answers the original gave.
// One object per line keeps `diff old.json new.json` readable. It holds what the collector
// kept and nothing else: no kubeconfig, no token, no server credentials, no Secrets.
import { isWorkloadKind } from './workloads.js';
import { InputError } from '../errors.js';
import type { Snapshot } from '../model/snapshot.js';

export const SNAPSHOT_API_VERSION = 'rbac.dev/v1alpha1';
export const SNAPSHOT_KIND = 'RbacSnapshot';

const LISTS = ['roles', 'clusterRoles', 'roleBindings', 'clusterRoleBindings', 'serviceAccounts', 'namespaces', 'customResources'] as const;
type ListName = (typeof LISTS)[number];

const KIND_OF: Record<ListName, string> = {
  roles: 'Role',
  clusterRoles: 'ClusterRole',
  roleBindings: 'RoleBinding',
  clusterRoleBindings: 'ClusterRoleBinding',
  serviceAccounts: 'ServiceAccount',
  namespaces: 'Namespace',
  customResources: 'CustomResourceDefinition',
};

export function writeSnapshot(snapshot: Snapshot): string {
  const lines = (items: readonly unknown[]) => (items.length ? `[\n${items.map((i) => JSON.stringify(i)).join(',\n')}\n]` : '[]');
  const parts = [
    `"apiVersion":${JSON.stringify(SNAPSHOT_API_VERSION)}`,
    `"kind":${JSON.stringify(SNAPSHOT_KIND)}`,
    `"meta":${JSON.stringify(snapshot.meta)}`,
    ...(snapshot.apiResources ? [`"apiResources":${lines(snapshot.apiResources)}`] : []),
    ...(snapshot.workloads ? [`"workloads":${lines(snapshot.workloads)}`] : []),
    ...(snapshot.workloadScope !== undefined ? [`"workloadScope":${JSON.stringify(snapshot.workloadScope)}`] : []),
    `"objects":{\n${LISTS.map((l) => `${JSON.stringify(l)}:${lines(snapshot[l])}`).join(',\n')}\n}`,
    `"diagnostics":${lines(snapshot.diagnostics)}`,
  ];
  return `{${parts.join(',\n')}}\n`;
}

/** Quick test on the text: is it worth parsing as a snapshot? */
export function looksLikeSnapshot(text: string): boolean {
  // writeSnapshot puts apiVersion and kind first: the head is enough, and a large manifest is not scanned.
  const head = text.slice(0, 1024).trimStart();
  return head.startsWith('{') && head.includes(`"${SNAPSHOT_KIND}"`);
}

/** The Snapshot in `text`, or undefined when the text is not a snapshot file (e.g. a manifest). */
export function readSnapshot(text: string, file: string): Snapshot | undefined {
  if (!looksLikeSnapshot(text)) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined; // not one JSON document: let the manifest reader report it
  }
  if (!isObject(doc) || doc.kind !== SNAPSHOT_KIND) return undefined;
  const bad = (what: string) => new InputError(`${file}: not a valid rbac snapshot (${what})`);
  if (doc.apiVersion !== SNAPSHOT_API_VERSION) throw new InputError(`${file}: snapshot apiVersion ${String(doc.apiVersion)} is not supported by this rbac (it reads ${SNAPSHOT_API_VERSION})`);
  const meta = doc.meta;
  if (!isObject(meta) || (meta.origin !== 'files' && meta.origin !== 'cluster')) throw bad('meta.origin must be "files" or "cluster"');
  if (meta.inputs !== undefined && !stringArray(meta.inputs)) throw bad('meta.inputs must be a list of strings');
  for (const f of ['cluster', 'context', 'collectedAt', 'kubernetesVersion', 'defaultPolicy']) if (meta[f] !== undefined && typeof meta[f] !== 'string') throw bad(`meta.${f} must be a string`);
  const objects = doc.objects;
  if (!isObject(objects)) throw bad('objects is missing');
  const diagnostics = arrayOf(doc.diagnostics ?? [], 'diagnostics', bad);
  diagnostics.forEach((d, i) => {
    if (!isObject(d) || !['error', 'warning', 'info'].includes(d.severity as string) || typeof d.code !== 'string' || typeof d.message !== 'string') throw bad(`diagnostics[${i}] is malformed`);
    if (d.source !== undefined && !validSource(d.source)) throw bad(`diagnostics[${i}].source is malformed`);
  });
  const snapshot = { meta, diagnostics } as unknown as Snapshot;
  for (const l of LISTS) {
    const list = arrayOf(objects[l] ?? [], `objects.${l}`, bad);
    list.forEach((o, i) => checkObject(o, KIND_OF[l], `objects.${l}[${i}]`, bad));
    (snapshot as unknown as Record<string, unknown>)[l] = list;
  }
  if (doc.apiResources !== undefined) {
    const res = arrayOf(doc.apiResources, 'apiResources', bad);
    res.forEach((r, i) => {
      if (!isObject(r) || typeof r.group !== 'string' || typeof r.resource !== 'string' || typeof r.kind !== 'string' || typeof r.namespaced !== 'boolean' || !stringArray(r.shortNames) || (r.verbs !== undefined && !stringArray(r.verbs))) throw bad(`apiResources[${i}] is malformed`);
    });
    snapshot.apiResources = res as Snapshot['apiResources'];
  }
  if (doc.workloads !== undefined) {
    const ws = arrayOf(doc.workloads, 'workloads', bad);
    ws.forEach((w, i) => {
      if (!validWorkload(w)) throw bad(`workloads[${i}] is malformed`);
    });
    snapshot.workloads = ws as Snapshot['workloads'];
  }
  if (doc.workloadScope !== undefined) {
    if (typeof doc.workloadScope !== 'string') throw bad('workloadScope must be a string');
    snapshot.workloadScope = doc.workloadScope;
  }
  return snapshot;
}

const RULE_FIELDS = ['verbs', 'apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'];

// Enough checking that a hand-edited file fails here, naming the place, rather than deep in
// the engine: every field the engine reads has the type it expects.
function checkObject(o: unknown, kind: string, at: string, bad: (w: string) => Error): void {
  if (!isObject(o) || o.kind !== kind || typeof o.name !== 'string' || !isObject(o.labels) || !isObject(o.annotations) || !isObject(o.source)) throw bad(`${at} is not a ${kind} with name, labels, annotations and source`);
  if ((kind === 'Role' || kind === 'RoleBinding' || kind === 'ServiceAccount') && typeof o.namespace !== 'string') throw bad(`${at} has no namespace`);
  if (kind === 'Role' || kind === 'ClusterRole') {
    arrayOf(o.rules, `${at}.rules`, bad).forEach((r, j) => {
      if (!isObject(r) || RULE_FIELDS.some((f) => !stringArray(r[f]))) throw bad(`${at}.rules[${j}] needs string lists ${RULE_FIELDS.join(', ')}`);
    });
    if (o.aggregationRule !== undefined && !(isObject(o.aggregationRule) && Array.isArray(o.aggregationRule.clusterRoleSelectors) && o.aggregationRule.clusterRoleSelectors.every(validSelector))) throw bad(`${at}.aggregationRule is malformed`);
  }
  if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
    const ref = o.roleRef;
    if (!isObject(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string' || typeof ref.apiGroup !== 'string') throw bad(`${at}.roleRef is malformed`);
    arrayOf(o.subjects, `${at}.subjects`, bad).forEach((s, j) => {
      if (!isObject(s) || typeof s.kind !== 'string' || typeof s.name !== 'string' || (s.namespace !== undefined && typeof s.namespace !== 'string') || (s.apiGroup !== undefined && typeof s.apiGroup !== 'string')) throw bad(`${at}.subjects[${j}] is malformed`);
    });
  }
  if (kind === 'CustomResourceDefinition' && (typeof o.group !== 'string' || typeof o.plural !== 'string' || typeof o.namespaced !== 'boolean' || !stringArray(o.shortNames))) throw bad(`${at} lacks group, plural, namespaced or shortNames`);
}

// A selector as the normaliser writes it (null: an item that was not a map).
function validWorkload(w: unknown): boolean {
  if (!isObject(w) || !isWorkloadKind(String(w.kind)) || typeof w.namespace !== 'string' || typeof w.name !== 'string' || typeof w.serviceAccount !== 'string') return false;
  if (typeof w.projectedToken !== 'boolean' || (w.automountServiceAccountToken !== undefined && typeof w.automountServiceAccountToken !== 'boolean') || !stringArray(w.pods) || !validSource(w.source)) return false;
  const p = w.placement;
  if (!isObject(p) || !(p.type === 'every-node' || p.type === 'unknown' || (p.type === 'nodes' && stringArray(p.nodes)))) return false;
  return Array.isArray(w.nodeAccess) && w.nodeAccess.every((a) => isObject(a) && typeof a.kind === 'string' && typeof a.detail === 'string');
}

function validSelector(v: unknown): boolean {
  if (v === null) return true;
  if (!isObject(v) || !isObject(v.matchLabels) || !Array.isArray(v.matchExpressions)) return false;
  if (!Object.values(v.matchLabels).every((x) => typeof x === 'string')) return false;
  return v.matchExpressions.every((e) => isObject(e) && typeof e.key === 'string' && typeof e.operator === 'string' && stringArray(e.values));
}

function validSource(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (v.type === 'file') return typeof v.file === 'string' && typeof v.doc === 'number' && (v.line === undefined || typeof v.line === 'number') && (v.item === undefined || typeof v.item === 'number');
  if (v.type === 'cluster') return typeof v.call === 'string';
  return v.type === 'builtin' && (v.version === undefined || typeof v.version === 'string');
}

function arrayOf(v: unknown, at: string, bad: (w: string) => Error): unknown[] {
  if (!Array.isArray(v)) throw bad(`${at} is not a list`);
  return v;
}

function stringArray(v: unknown): boolean {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
