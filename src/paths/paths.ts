// rbac paths: the cheapest escalation chains from an identity (forward) or to a target from every
// identity (backward), certain paths before those that need a legacy token Secret to exist.
import { compareStrings } from '../model/compare.js';
import type { EscalationGraph, PathEdge } from './graph-builder.js';
import { cheapest, escalating } from './search.js';

export interface Step {
  from: string;
  to: string;
  edge: PathEdge;
}

export interface EscalationPath {
  source: string;
  target: string;
  hops: number;
  /** False when a step holds only under a condition (see `conditions`). */
  certain: boolean;
  /** The conditions of the path's conditional steps, once each. */
  conditions: string[];
  steps: Step[];
}

/** The path through these node ids, in order. */
function toPath(g: EscalationGraph, ids: number[]): EscalationPath {
  const keys = ids.map((id) => g.keyOf(id));
  const steps: Step[] = [];
  for (let i = 0; i + 1 < ids.length; i++) steps.push({ from: keys[i]!, to: keys[i + 1]!, edge: g.edgeBetween(ids[i]!, ids[i + 1]!)! });
  const conditions = [...new Set(steps.flatMap((s) => (s.edge.condition ? [s.edge.condition] : [])))];
  return { source: keys[0]!, target: keys[keys.length - 1]!, hops: steps.filter((s) => escalating(s.edge)).length, certain: conditions.length === 0, conditions, steps };
}

const order = (a: EscalationPath, b: EscalationPath) => Number(a.certain === false) - Number(b.certain === false) || a.hops - b.hops;

/** Everything `source` can reach, with the cheapest path to each (excluding source itself). */
export function pathsFrom(g: EscalationGraph, source: string, opts: { maxHops?: number; to?: string[] } = {}): EscalationPath[] {
  const start = g.idOf(source);
  if (start === undefined) return [];
  const { reached, link } = cheapest(g, start, 'forward');
  const out: EscalationPath[] = [];
  for (const target of reached) {
    if (opts.to && !opts.to.includes(g.keyOf(target))) continue;
    const nodes = [target];
    for (let n = target; n !== start; ) nodes.push((n = link[n]!));
    const p = toPath(g, nodes.reverse());
    if (opts.maxHops !== undefined && p.hops > opts.maxHops) continue;
    out.push(p);
  }
  return out.sort((a, b) => order(a, b) || a.steps.length - b.steps.length || compareStrings(a.target, b.target));
}

/** Every identity that can reach `target`, each with one cheapest path. */
export function pathsTo(g: EscalationGraph, target: string, opts: { maxHops?: number } = {}): EscalationPath[] {
  const end = g.idOf(target);
  if (end === undefined) return [];
  const { reached, link } = cheapest(g, end, 'backward');
  const out: EscalationPath[] = [];
  for (const node of reached) {
    // "any ServiceAccount of NS", "any user"...: stepping stones, not identities of their own.
    const key = g.keyOf(node);
    if (g.attributesOf(node).kind !== 'identity' || key.includes('*') || key === 'anyone-but-masters') continue;
    const nodes = [node];
    for (let n = node; n !== end; ) nodes.push((n = link[n]!));
    const p = toPath(g, nodes);
    if (opts.maxHops !== undefined && p.hops > opts.maxHops) continue;
    out.push(p);
  }
  return out.sort((a, b) => order(a, b) || compareStrings(a.source, b.source));
}

export function chainText(p: EscalationPath): string {
  const parts = [p.source];
  for (const s of p.steps) {
    const via = s.edge.condition ? `${s.edge.via} (${s.edge.condition})` : s.edge.via;
    const label = s.edge.kind === 'bound-to' ? `[${via}]` : `${via} ->`;
    parts.push(s.edge.kind === 'member-of' ? `(member of) ${s.to}` : s.edge.kind === 'any-of' ? `(one of them) ${s.to}` : `${label} ${s.to}`);
  }
  return parts.join(' -> ').replace(/ -> -> /g, ' -> ');
}
