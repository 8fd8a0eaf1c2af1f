// The part of the RBAC graph around a focus, for `rbac graph --focus/--who-can` and the HTML
// report's graph view. Pure: graphs in, node lists and graphs out.
//   - a node: everything on a path through it, forward (subject -> binding -> role ->
//     aggregated role -> rule) and backward (who is bound to a role, through which binding);
//   - namespace:NS: the same around every subject, binding and role of that namespace;
//   - a who-can answer: the subjects, bindings, roles (and aggregation steps) and rules of
//     every granting path, nothing else.
import { MultiDirectedGraph } from 'graphology';
import { parseSubjectSpec } from '../engine/subject-spec.js';
import { UsageError } from '../errors.js';
import { keyOfSubject, roleKey } from '../model/keys.js';
import type { Grant } from '../model/results.js';
import { rulesEqual } from '../semantics/aggregation.js';
import type { EdgeAttributes, NodeAttributes, RbacGraph } from './build.js';
import { withWorkloadsOf, workloadSeeds } from './workload-nodes.js';
import { parseWorkloadSpec } from '../engine/workloads.js';

/** The little of a graph `neighbourhood` needs (a graphology graph has it). */
export interface Adjacency {
  hasNode(key: string): boolean;
  outNeighbors(key: string): string[];
  inNeighbors(key: string): string[];
}

export interface Neighbourhood {
  /** Closest first: the seeds, then one hop away in either direction, and so on. */
  nodes: string[];
  /** true when `limit` cut the walk short. */
  truncated: boolean;
}

/**
 * Every node on a path through one of the seeds, up to `depth` hops forward and `depth` hops
 * backward; a node reached forward is only followed forward, one reached backward only backward,
 * so the other subjects of a subject's bindings stay out. At most `limit` nodes, and at most
 * `fanout` new neighbours of any one node each way (both cut the closest first and set
 * `truncated`). Self-contained (it names nothing outside itself): the HTML report runs this very
 * function in the browser.
 */
export function neighbourhood(g: Adjacency, seeds: readonly string[], depth: number = Infinity, limit: number = Infinity, fanout: number = Infinity): Neighbourhood {
  const nodes: string[] = [];
  const all = new Set<string>();
  let truncated = false;
  const add = (k: string): boolean => {
    if (all.has(k)) return true;
    if (nodes.length >= limit) {
      truncated = true;
      return false;
    }
    all.add(k);
    nodes.push(k);
    return true;
  };
  const seen = { out: new Set<string>(), in: new Set<string>() };
  let frontier = { out: [] as string[], in: [] as string[] };
  for (const s of seeds) {
    if (!g.hasNode(s) || seen.out.has(s)) continue;
    if (!add(s)) return { nodes, truncated };
    seen.out.add(s);
    seen.in.add(s);
    frontier.out.push(s);
    frontier.in.push(s);
  }
  for (let d = 0; d < depth && (frontier.out.length > 0 || frontier.in.length > 0); d++) {
    const next = { out: [] as string[], in: [] as string[] };
    for (const dir of ['out', 'in'] as const) {
      for (const k of frontier[dir]) {
        let taken = 0;
        for (const n of dir === 'out' ? g.outNeighbors(k) : g.inNeighbors(k)) {
          if (seen[dir].has(n)) continue;
          if (taken >= fanout) {
            truncated = true;
            break;
          }
          if (!add(n)) return { nodes, truncated };
          seen[dir].add(n);
          next[dir].push(n);
          taken++;
        }
      }
    }
    frontier = next;
  }
  return { nodes, truncated };
}

/** The subjects, bindings and roles of a namespace (ServiceAccounts, RoleBindings, Roles). */
export function namespaceSeeds(g: RbacGraph, namespace: string): string[] {
  return g.filterNodes((_k, a) => a.kind !== 'rule' && a.namespace === namespace);
}

const KEY_FORMS = 'user:NAME, group:NAME, sa:NAMESPACE:NAME, rolebinding:NAMESPACE/NAME, clusterrolebinding:NAME, role:NAMESPACE/NAME, clusterrole:NAME, a workload as kubectl names it (deploy/NAME, ds/NAME, ...) or namespace:NAME';

/**
 * The seed nodes a --focus text names: a node key, a subject as `rbac what-can` takes it,
 * namespace:NS, or a workload as kubectl names it (deploy/NAME: in `namespace` when given, as
 * `kubectl -n`, otherwise every namespace's workload of that kind and name).
 */
export function focusSeeds(g: RbacGraph, text: string, opts: { namespace?: string } = {}): string[] {
  const ns = /^(?:namespace|ns):(.+)$/.exec(text);
  if (ns) {
    const seeds = namespaceSeeds(g, ns[1]!);
    if (seeds.length === 0) throw new UsageError(`--focus ${text}: nothing in the graph belongs to namespace ${ns[1]}`);
    return seeds;
  }
  if (g.hasNode(text)) return [text];
  let key: string | undefined;
  try {
    const spec = parseSubjectSpec(text);
    key = keyOfSubject({ kind: spec.kind, name: spec.name, ...(spec.namespace ? { namespace: spec.namespace } : {}) });
  } catch {
    key = undefined;
  }
  if (key !== undefined && g.hasNode(key)) return [key];
  const w = workloadSpec(text);
  if (w) {
    const everywhere = workloadSeeds(g, w.kind, w.name);
    const namespaceOf = (k: string): string => {
      const a = g.getNodeAttributes(k);
      return a.kind === 'workload' ? a.namespace : '';
    };
    const seeds = opts.namespace === undefined ? everywhere : everywhere.filter((k) => namespaceOf(k) === opts.namespace);
    if (seeds.length) return seeds;
    if (everywhere.length) {
      const elsewhere = [...new Set(everywhere.map(namespaceOf))].sort();
      throw new UsageError(`--focus ${text}: no ${w.kind} ${w.name} in namespace ${opts.namespace} (there is one in ${elsewhere.join(', ')}: -n ${elsewhere[0]})`);
    }
  }
  const name = text.replace(/^.*[:/]/, '');
  const near = g.filterNodes((k, a) => a.kind !== 'rule' && (k.endsWith(`:${name}`) || k.endsWith(`/${name}`))).slice(0, 5);
  throw new UsageError(`--focus ${text}: no such node in the graph${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; expected ${KEY_FORMS}`);
}

/** The workload a --focus text names as kubectl would (deploy/web), if it names one. */
export function workloadSpec(text: string): ReturnType<typeof parseWorkloadSpec> {
  try {
    return parseWorkloadSpec(text);
  } catch {
    return undefined;
  }
}

/** The graph key of a binding or role an ObjectRef names. */
function refKey(kind: string, name: string, namespace = ''): string {
  if (kind === 'RoleBinding') return `rolebinding:${namespace}/${name}`;
  if (kind === 'ClusterRoleBinding') return `clusterrolebinding:${name}`;
  return roleKey(kind === 'Role' ? 'Role' : 'ClusterRole', name, namespace);
}

/** The role and rule nodes (through aggregation) that hold a rule equal to `rule`, from role `start`. */
function ruleNodes(g: RbacGraph, start: string, rule: Grant['rule']): string[] {
  const keep = new Set<string>();
  const seen = new Set<string>([start]);
  const visit = (role: string, path: string[]): void => {
    for (const e of g.outEdges(role)) {
      const attr = g.getEdgeAttributes(e);
      const target = g.target(e);
      if (attr.kind === 'has-rule') {
        const r = g.getNodeAttributes(target);
        if (r.kind === 'rule' && rulesEqual(r.rule, rule)) for (const k of [...path, role, target]) keep.add(k);
      } else if (attr.kind === 'aggregates' && !seen.has(target)) {
        seen.add(target);
        visit(target, [...path, role]);
      }
    }
  };
  if (g.hasNode(start)) visit(start, []);
  return [...keep];
}

/**
 * Every node on the granting paths of a who-can answer (its grants), with the rule that allows,
 * and the workloads whose pods carry the token of a ServiceAccount among them.
 */
export function grantNodes(g: RbacGraph, grants: readonly Grant[]): string[] {
  const keep = new Set<string>();
  for (const gr of grants) {
    const role = refKey(gr.role.kind, gr.role.name, gr.role.namespace);
    const own = `${role}#${gr.ruleIndex}`;
    const rules = !gr.aggregatedFrom && g.hasNode(own) ? [role, own] : ruleNodes(g, role, gr.rule);
    for (const k of [keyOfSubject(gr.subject), refKey(gr.binding.kind, gr.binding.name, gr.binding.namespace), role, ...rules]) if (g.hasNode(k)) keep.add(k);
  }
  return withWorkloadsOf(g, [...keep]);
}

/**
 * The subgraph induced by `keep` (every node and edge of the graph when omitted), in the
 * graph's own order, with edge keys e0, e1, ...: the same input gives the same output.
 */
export function subgraph(g: RbacGraph, keep?: Iterable<string>): RbacGraph {
  const set = keep ? new Set(keep) : undefined;
  const out: RbacGraph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();
  g.forEachNode((k, a) => {
    if (!set || set.has(k)) out.addNode(k, { ...a });
  });
  let i = 0;
  g.forEachEdge((_e, a, s, t) => {
    if (out.hasNode(s) && out.hasNode(t)) out.addEdgeWithKey(`e${i++}`, s, t, { ...a });
  });
  return out;
}
