// Shortest paths over the escalation graph, by cost, compared in order: steps that hold only
// under a condition (fewest first: a certain path always wins), escalation hops, then all steps.
// Dijkstra with that cost tuple, forward from a source or backward to a target, so `paths SUBJECT
// --to T` and `paths --to T` (and the reaches-cluster-admin finding) give every identity the
// same hop count.
import type { EscalationGraph, PathEdge } from './graph-builder.js';

export type Cost = readonly [conditions: number, hops: number, steps: number];

/** Hops that only restate identity (member-of, any-of, bound-to, system:masters) do not count as escalation hops. */
export const escalating = (e: PathEdge) => e.kind !== 'member-of' && e.kind !== 'any-of' && e.kind !== 'bound-to' && e.kind !== 'masters' && e.kind !== 'runs-as' && e.kind !== 'runs-on';

const add = (c: Cost, e: PathEdge): Cost => [c[0] + (e.condition ? 1 : 0), c[1] + (escalating(e) ? 1 : 0), c[2] + 1];
export const less = (a: Cost, b: Cost) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

class Heap {
  private readonly items: [Cost, string][] = [];
  get size() {
    return this.items.length;
  }
  push(x: [Cost, string]): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (less(a[p]![0], a[i]![0]) <= 0) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): [Cost, string] {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]![0], a[m]![0]) < 0) m = l;
        if (r < a.length && less(a[r]![0], a[m]![0]) < 0) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Cheapest cost from every node to `target` (backward), or from `source` to every node
 * (forward), with the next (or previous) node on one cheapest path; ties go to the smaller key,
 * so answers do not depend on insertion order.
 */
export function cheapest(g: EscalationGraph, start: string, direction: 'forward' | 'backward'): { cost: Map<string, Cost>; link: Map<string, string> } {
  const cost = new Map<string, Cost>([[start, [0, 0, 0]]]);
  const link = new Map<string, string>();
  const done = new Set<string>();
  const heap = new Heap();
  heap.push([[0, 0, 0], start]);
  while (heap.size) {
    const [c, node] = heap.pop();
    if (done.has(node)) continue;
    done.add(node);
    const visit = (attr: PathEdge, other: string) => {
      if (done.has(other)) return;
      const next = add(c, attr);
      const prev = cost.get(other);
      const d = prev ? less(next, prev) : -1;
      if (d < 0 || (d === 0 && node < link.get(other)!)) {
        cost.set(other, next);
        link.set(other, node);
        if (d < 0) heap.push([next, other]);
      }
    };
    if (direction === 'forward') g.forEachOutEdge(node, visit);
    else g.forEachInEdge(node, visit);
  }
  return { cost, link };
}
