// Escalation edges through running pods, when the input holds workloads (docs/workloads.md):
// - exec / attach / ephemeral containers on pods of N -> the pods there ("pods:N", then each
//   workload) -> the ServiceAccount each mounts (a workload whose pods mount no token gives none);
// - update / patch of a named workload (not a Job: its template is immutable) -> its
//   ServiceAccount, and any ServiceAccount of its namespace (serviceAccountName can be changed);
// - nodes/proxy on a node -> the pods on it (the kubelet runs commands in them) -> their tokens;
// - a workload that reaches its node (privileged, hostPath, ...) -> its node: a container
//   escape, not an RBAC step, so labelled and left out by --rbac-only.
// Pods the input does not show may run too, unless a live collection listed every Pod of the
// namespace: those steps say so as a condition. Without any workload in the input the
// capability edges keep "any ServiceAccount of N" (capabilities.ts).
import { resolvedWorkloads } from '../engine/workloads.js';
import { workloadKey, workloadLabel, type Workload } from '../model/workload.js';
import { ANY_SA, type GraphBuilder, type PathEdge } from './graph-builder.js';

export const ANY_NODE = 'node:*';
/** The node of a pod whose placement the input does not give. */
export const UNKNOWN_NODE = 'node:?';
export const NON_RBAC_ESCAPE = 'container escape (not an RBAC permission)';
const SAME_NODE = 'if the scheduler put its pod on the same node';
const unseenPods = (where: string) => `if pods the input does not show run ${where}`;

/** A node id and the edge to it. */
type Target = [number, Omit<PathEdge, 'kind'>];

const known = (b: GraphBuilder) => b.policy.snapshot.workloads !== undefined;
/** Every Pod of NS ("" every namespace) was listed by a live collection. */
const covered = (b: GraphBuilder, ns: string) => b.policy.snapshot.workloadScope === '' || (ns !== '' && b.policy.snapshot.workloadScope === ns);

function node(b: GraphBuilder, key: string, label: string, kind: 'workload' | 'node'): number {
  return b.node(key, () => ({ kind, label }));
}

const podsOf = (ns: string) => (ns ? `pods:${ns}` : 'pods:*');

/** Node ids by namespace (pods) and by node name: looked up once per workload and per grant, in maps far smaller than the graph's. */
const idsOf = new WeakMap<GraphBuilder, { pods: Map<string, number>; nodes: Map<string, number> }>();
const idCache = (b: GraphBuilder) => {
  let c = idsOf.get(b);
  if (!c) idsOf.set(b, (c = { pods: new Map(), nodes: new Map() }));
  return c;
};

/** "Any pod of NS" ("" any pod), made on first use; `made` runs when it is. */
function podsNode(b: GraphBuilder, ns: string, made?: (id: number) => void): number {
  const cache = idCache(b).pods;
  let id = cache.get(ns);
  if (id === undefined) {
    id = b.g.idOf(podsOf(ns));
    if (id === undefined) {
      id = node(b, podsOf(ns), ns ? `any pod of ${ns}` : 'any pod', 'node');
      made?.(id);
    }
    cache.set(ns, id);
  }
  return id;
}

/** Workload nodes, their token and node edges, and the "pods of N" and node stepping stones. */
export function addWorkloadNodes(b: GraphBuilder): void {
  if (!known(b)) return;
  const all = podsNode(b, '');
  const anyNode = node(b, ANY_NODE, 'any node', 'node');
  if (!covered(b, '')) {
    b.edge(all, b.identity(ANY_SA), { kind: 'any-of', via: 'a pod of any namespace runs as a ServiceAccount of it', condition: unseenPods('in the cluster') });
    b.edge(anyNode, b.identity(ANY_SA), { kind: 'runs-on', via: 'pods on any node run as any ServiceAccount', condition: unseenPods('on the node') });
  }
  const unknownPlacement: number[] = [];
  const everyNode: number[] = [];
  const placed: number[] = [];
  for (const r of resolvedWorkloads(b.policy.snapshot)) {
    const w = r.workload;
    const label = workloadLabel(w);
    const wk = node(b, workloadKey(w), label, 'workload');
    const ns = podsNode(b, w.namespace, (id) => {
      b.edge(all, id, { kind: 'any-of', via: `namespace ${w.namespace}` });
      if (!covered(b, w.namespace)) b.edge(id, b.anyServiceAccountOf(w.namespace), { kind: 'any-of', via: `a pod of ${w.namespace} runs as a ServiceAccount of it`, condition: unseenPods(`in ${w.namespace}`) });
    });
    b.edge(ns, wk, { kind: 'any-of', via: `${label} runs in ${w.namespace}` });
    b.edge(anyNode, wk, { kind: 'runs-on', via: `${label} runs on some node` });
    if (r.mounted) b.edge(wk, b.serviceAccount(w.namespace, w.serviceAccount), { kind: 'runs-as', via: `its pods mount the token of ServiceAccount ${w.serviceAccount} (${r.mountReason})` });
    if (w.placement.type === 'nodes') {
      placed.push(wk);
      for (const n of w.placement.nodes) b.edge(nodeOf(b, n), wk, { kind: 'runs-on', via: `a pod of ${label} runs on ${n}` });
    }
    else (w.placement.type === 'every-node' ? everyNode : unknownPlacement).push(wk);
    if (w.nodeAccess.length > 0) {
      // One compromised pod is on one node: a named one, else "the node it runs on" (a DaemonSet's too).
      const target = w.placement.type === 'nodes' ? w.placement.nodes.map((n) => nodeOf(b, n)) : [node(b, UNKNOWN_NODE, 'the node it runs on', 'node')];
      for (const t of target) b.edge(wk, t, { kind: 'escape', via: `${w.nodeAccess.map((a) => a.detail).join('; ')}: ${NON_RBAC_ESCAPE}`, nonRbac: NON_RBAC_ESCAPE });
    }
  }
  const lists = { everyNode, unknownPlacement, placed };
  onNodes.set(b, lists);
  for (const n of b.g.filterNodes((k: string, a: { kind: string }) => a.kind === 'node' && k.startsWith('node:') && k !== ANY_NODE)) linkNode(b, b.id(n), lists);
}

interface NodeLists {
  everyNode: number[];
  unknownPlacement: number[];
  placed: number[];
}
const onNodes = new WeakMap<GraphBuilder, NodeLists>();

// A DaemonSet's pods are on every node; a pod of unknown placement may be on any one. Through
// two stepping stones, so the graph grows with nodes plus workloads, not their product.
function linkNode(b: GraphBuilder, n: number, lists: NodeLists): void {
  if (lists.everyNode.length) b.edge(n, stone(b, EVERY_NODE_PODS, 'the pods of every DaemonSet', lists.everyNode, 'runs on every node'), { kind: 'runs-on', via: 'DaemonSets run on every node' });
  if (lists.unknownPlacement.length) b.edge(n, stone(b, UNPLACED_PODS, 'the pods whose node the input does not give', lists.unknownPlacement, 'may run there'), { kind: 'runs-on', via: 'pods of unknown placement may run there', condition: SAME_NODE });
  if (b.key(n) === UNKNOWN_NODE) for (const wk of lists.placed) b.edge(n, wk, { kind: 'runs-on', via: `${b.g.attributesOf(wk).label} may run there`, condition: SAME_NODE });
  if (!covered(b, '')) b.edge(n, b.identity(ANY_SA), { kind: 'runs-on', via: 'pods on the node run as any ServiceAccount', condition: unseenPods('on the node') });
}

/** node:NAME; a node first named by a grant (nodes/proxy [NAME]) gets the DaemonSets' and unplaced pods' edges too. */
const EVERY_NODE_PODS = 'pods:every-node';
const UNPLACED_PODS = 'pods:unplaced';

function stone(b: GraphBuilder, key: string, label: string, members: number[], how: string): number {
  const existing = b.g.idOf(key);
  if (existing !== undefined) return existing;
  const id = node(b, key, label, 'node');
  for (const wk of members) b.edge(id, wk, { kind: 'any-of', via: `${b.g.attributesOf(wk).label} ${how}` });
  return id;
}

/** The node named NAME ("node:NAME"). */
function nodeOf(b: GraphBuilder, name: string): number {
  const cache = idCache(b).nodes;
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const key = `node:${name}`;
  let id = b.g.idOf(key);
  if (id === undefined) {
    id = node(b, key, `node ${name}`, 'node');
    const lists = onNodes.get(b);
    if (lists) linkNode(b, id, lists);
  }
  cache.set(name, id);
  return id;
}

/** exec, attach or ephemeral containers on pods of SCOPE (names: only those pods); undefined when the input has no workloads. */
export function execTargets(b: GraphBuilder, scope: string, names: string[] | undefined, via: string): Target[] | undefined {
  if (!known(b)) return undefined;
  if (!names) {
    const pods = podsNode(b, scope);
    if (!scope || covered(b, scope)) return [[pods, { via }]];
    // Without workloads there, no edge joins the namespace's pods to its ServiceAccounts: this step says they may run.
    const all = b.anyServiceAccountOf(scope);
    return b.g.edgeBetween(pods, all) ? [[pods, { via }]] : [[pods, { via }], [all, { via, condition: unseenPods(`in ${scope}`) }]];
  }
  return workloadsIn(b, scope).filter((w) => w.pods.some((p) => names.includes(p)) || (w.kind === 'Pod' && names.includes(w.name))).map((w): Target => [b.id(workloadKey(w)), { via: `${via}: pods of ${workloadLabel(w)}` }]);
}

/** nodes/proxy on every node or the named ones; undefined when the input has no workloads. */
export function nodeProxyTargets(b: GraphBuilder, names: string[] | undefined, via: string): Target[] | undefined {
  if (!known(b)) return undefined;
  return (names ? names.map((n) => nodeOf(b, n)) : [b.id(ANY_NODE)]).map((id) => [id, { via }]);
}

const IMMUTABLE_TEMPLATE = new Set(['jobs']);

/** update or patch of named workloads of a resource (deployments, ...): each one's ServiceAccount, and any of its namespace. */
export function updateTargets(b: GraphBuilder, resource: string, scope: string, names: string[], via: string): Target[] {
  if (!known(b) || IMMUTABLE_TEMPLATE.has(resource)) return [];
  const out: Target[] = [];
  for (const w of workloadsIn(b, scope)) {
    if (`${w.kind.toLowerCase()}s` !== resource || !names.includes(w.name)) continue;
    out.push([b.serviceAccount(w.namespace, w.serviceAccount), { via: `${via}: ${workloadLabel(w)} runs as ${w.serviceAccount}` }]);
    out.push([b.anyServiceAccountOf(w.namespace), { via: `${via}: its pod template's serviceAccountName can be set to any ServiceAccount of ${w.namespace}` }]);
  }
  return out;
}

/** The workloads of SCOPE ("" every namespace) in input order; indexed once per graph, as exec and update targets ask once per grant. */
function workloadsIn(b: GraphBuilder, scope: string): readonly Workload[] {
  let index = byNamespace.get(b);
  if (!index) {
    index = new Map([['', []]]);
    for (const { workload: w } of resolvedWorkloads(b.policy.snapshot)) {
      index.get('')!.push(w);
      const list = index.get(w.namespace);
      if (list) list.push(w);
      else index.set(w.namespace, [w]);
    }
    byNamespace.set(b, index);
  }
  return index.get(scope) ?? [];
}
const byNamespace = new WeakMap<GraphBuilder, Map<string, Workload[]>>();

/** A copy of the graph without the steps that are not RBAC permissions (paths --rbac-only). */
export function rbacOnly<G extends GraphBuilder['g']>(g: G): G {
  const copy = g.copy() as G;
  const drop: [string, string][] = [];
  copy.forEachEdge((a, s, t) => {
    if (a.nonRbac) drop.push([s, t]);
  });
  for (const [s, t] of drop) copy.dropEdge(s, t);
  return copy;
}
