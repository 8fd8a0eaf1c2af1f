// rbac paths: the shortest escalation chains from an identity (forward, graphology's unweighted
// single-source shortest paths) or to a target from every identity (a breadth-first walk over
// inbound edges with graphology-traversal).
import { compareStrings } from '../model/compare.js';
import { singleSource } from 'graphology-shortest-path/unweighted.js';
import { bfsFromNode } from 'graphology-traversal';
import type { EscalationGraph, PathEdge } from './escalation-graph.js';

export interface Step {
  from: string;
  to: string;
  edge: PathEdge;
}

export interface EscalationPath {
  source: string;
  target: string;
  hops: number;
  steps: Step[];
}

/** Hops that only restate identity (member-of, bound-to, system:masters) do not count as escalation hops. */
const ESCALATING = (e: PathEdge) => e.kind !== 'member-of' && e.kind !== 'any-of' && e.kind !== 'bound-to' && e.kind !== 'masters';

function toPath(g: EscalationGraph, nodes: string[]): EscalationPath {
  const steps: Step[] = [];
  for (let i = 0; i + 1 < nodes.length; i++) steps.push({ from: nodes[i]!, to: nodes[i + 1]!, edge: g.getEdgeAttributes(g.edge(nodes[i]!, nodes[i + 1]!)!) });
  return { source: nodes[0]!, target: nodes[nodes.length - 1]!, hops: steps.filter((s) => ESCALATING(s.edge)).length, steps };
}

/** Everything `source` can reach, with the shortest path to each (excluding source itself). */
export function pathsFrom(g: EscalationGraph, source: string, opts: { maxHops?: number; to?: string[] } = {}): EscalationPath[] {
  if (!g.hasNode(source)) return [];
  const all = singleSource(g, source);
  const out: EscalationPath[] = [];
  for (const [target, nodes] of Object.entries(all)) {
    if (target === source) continue;
    if (opts.to && !opts.to.includes(target)) continue;
    const p = toPath(g, nodes);
    if (opts.maxHops !== undefined && p.hops > opts.maxHops) continue;
    out.push(p);
  }
  return out.sort((a, b) => a.hops - b.hops || a.steps.length - b.steps.length || compareStrings(a.target, b.target));
}

/** Every identity that can reach `target`, each with one shortest path. */
export function pathsTo(g: EscalationGraph, target: string, opts: { maxHops?: number } = {}): EscalationPath[] {
  if (!g.hasNode(target)) return [];
  const depth = new Map<string, number>();
  bfsFromNode(g, target, (node, _attr, d) => {
    depth.set(node, d);
  }, { mode: 'inbound' });
  const out: EscalationPath[] = [];
  for (const [node, d] of depth) {
    // "any ServiceAccount of NS", "any user"...: stepping stones, not identities of their own.
    if (node === target || g.getNodeAttribute(node, 'kind') !== 'identity' || node.includes('*') || node === 'anyone-but-masters') continue;
    // Walk forward along neighbours one step closer to the target.
    const nodes = [node];
    let cur = node;
    for (let k = d; k > 0; k--) {
      cur = g.outNeighbors(cur).filter((n) => depth.get(n) === k - 1).sort()[0]!;
      nodes.push(cur);
    }
    const p = toPath(g, nodes);
    if (opts.maxHops !== undefined && p.hops > opts.maxHops) continue;
    out.push(p);
  }
  return out.sort((a, b) => a.hops - b.hops || compareStrings(a.source, b.source));
}

export function chainText(p: EscalationPath): string {
  const parts = [p.source];
  for (const s of p.steps) {
    const label = s.edge.kind === 'bound-to' ? `[${s.edge.via}]` : `${s.edge.via} ->`;
    parts.push(s.edge.kind === 'member-of' ? `(member of) ${s.to}` : s.edge.kind === 'any-of' ? `(one of them) ${s.to}` : `${label} ${s.to}`);
  }
  return parts.join(' -> ').replace(/ -> -> /g, ' -> ');
}
