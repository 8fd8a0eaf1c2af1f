// The RBAC graph as two plain lists, for writing the whole graph out (rbac graph -o dot|mermaid):
// the same nodes and edges, in the same order, as the graphology graph build.ts fills, at a
// fraction of its cost (graphology keeps per-node adjacency objects keyed by neighbour, and
// random edge keys, that a writer never reads).
import { MultiDirectedGraph } from 'graphology';
import { fillGraph, type EdgeAttributes, type GraphSink, type NodeAttributes, type RbacGraph } from './build.js';
import type { Policy } from '../engine/policy.js';

/** What a writer reads of a graph; a graphology graph has it too. */
export interface GraphWalk {
  forEachNode(cb: (key: string, attributes: NodeAttributes) => void): void;
  forEachEdge(cb: (edge: string, attributes: EdgeAttributes, source: string, target: string) => void): void;
}

/** GraphSink with a MultiDirectedGraph's rules: addNode and addEdge refuse, mergeNode assigns, mergeEdge adds missing nodes and always a new edge. */
export class GraphLists implements GraphSink, GraphWalk {
  private readonly nodes = new Map<string, NodeAttributes>();
  private readonly edges: { source: string; target: string; attributes: EdgeAttributes }[] = [];

  addNode(key: string, attributes: NodeAttributes): void {
    if (this.nodes.has(key)) throw new Error(`GraphLists.addNode: the "${key}" node already exists`);
    this.nodes.set(key, attributes);
  }

  mergeNode(key: string, attributes: NodeAttributes): void {
    const a = this.nodes.get(key);
    if (a) Object.assign(a, attributes);
    else this.nodes.set(key, attributes);
  }

  hasNode(key: string): boolean {
    return this.nodes.has(key);
  }

  addEdge(source: string, target: string, attributes: EdgeAttributes): void {
    if (!this.nodes.has(source) || !this.nodes.has(target)) throw new Error(`GraphLists.addEdge: no node "${this.nodes.has(source) ? target : source}"`);
    this.edges.push({ source, target, attributes });
  }

  mergeEdge(source: string, target: string, attributes: EdgeAttributes): void {
    // As graphology's own: a missing end becomes a node without attributes.
    if (!this.nodes.has(source)) this.nodes.set(source, {} as NodeAttributes);
    if (!this.nodes.has(target)) this.nodes.set(target, {} as NodeAttributes);
    this.edges.push({ source, target, attributes });
  }

  forEachNode(cb: (key: string, attributes: NodeAttributes) => void): void {
    for (const [k, a] of this.nodes) cb(k, a);
  }

  forEachEdge(cb: (edge: string, attributes: EdgeAttributes, source: string, target: string) => void): void {
    this.edges.forEach((e, i) => cb(`e${i}`, e.attributes, e.source, e.target));
  }

  /** As a graphology graph, for the writers that need one: what focus.ts's subgraph makes of the built graph (edge keys e0, e1, ...). */
  toGraphology(): RbacGraph {
    const out: RbacGraph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();
    this.forEachNode((k, a) => out.addNode(k, { ...a }));
    this.forEachEdge((e, a, s, t) => out.addEdgeWithKey(e, s, t, { ...a }));
    return out;
  }
}

export function buildGraphLists(policy: Policy): GraphLists {
  const g = new GraphLists();
  fillGraph(policy, g);
  return g;
}
