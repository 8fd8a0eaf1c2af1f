// Shortest paths over the escalation graph, by cost, compared in order: steps that hold only
// under a condition (fewest first: a certain path always wins), escalation hops, then all steps.
// Dijkstra with that cost tuple, forward from a source or backward to a target, so `paths SUBJECT
// --to T` and `paths --to T` (and the reaches-cluster-admin finding) give every identity the
// same hop count.
import type { EscalationGraph, PathEdge } from './graph-builder.js';

/** Hops that only restate identity (member-of, any-of, bound-to, system:masters) do not count as escalation hops. */
export const escalating = (e: PathEdge) => e.kind !== 'member-of' && e.kind !== 'any-of' && e.kind !== 'bound-to' && e.kind !== 'masters' && e.kind !== 'runs-as' && e.kind !== 'runs-on';

/** A binary heap of node ids by cost; an entry keeps the cost it was pushed with (a node may be in it more than once). */
class Heap {
  private readonly c0: number[] = [];
  private readonly c1: number[] = [];
  private readonly c2: number[] = [];
  private readonly ids: number[] = [];
  get size() {
    return this.ids.length;
  }
  push(c0: number, c1: number, c2: number, id: number): void {
    this.c0.push(c0);
    this.c1.push(c1);
    this.c2.push(c2);
    this.ids.push(id);
    for (let i = this.ids.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.before(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  /** Removes the cheapest entry and gives its node id. */
  pop(): number {
    const top = this.ids[0]!;
    const last = this.ids.length - 1;
    this.swap(0, last);
    this.c0.pop();
    this.c1.pop();
    this.c2.pop();
    this.ids.pop();
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < last && this.before(l, m)) m = l;
      if (r < last && this.before(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
  private before(i: number, j: number): boolean {
    return (this.c0[i]! - this.c0[j]! || this.c1[i]! - this.c1[j]! || this.c2[i]! - this.c2[j]!) < 0;
  }
  private swap(i: number, j: number): void {
    swap(this.c0, i, j);
    swap(this.c1, i, j);
    swap(this.c2, i, j);
    swap(this.ids, i, j);
  }
}

function swap(a: number[], i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

export interface Cheapest {
  /** Ids of the nodes reached, the start excluded. */
  reached: number[];
  /** Per node id: the next (backward) or previous (forward) node on one cheapest path; -1 when unreached. */
  link: Int32Array;
}

/**
 * Cheapest cost from every node to `start` (backward), or from `start` to every node
 * (forward), with the next (or previous) node on one cheapest path; ties go to the smaller key,
 * so answers do not depend on insertion order. Every edge adds a step, so a node's cheapest
 * predecessors are all settled before it.
 */
export function cheapest(g: EscalationGraph, start: number, direction: 'forward' | 'backward'): Cheapest {
  const n = g.order;
  const c0 = new Int32Array(n);
  const c1 = new Int32Array(n);
  const c2 = new Int32Array(n).fill(-1);
  const link = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  const reached: number[] = [];
  const heap = new Heap();
  c2[start] = 0;
  heap.push(0, 0, 0, start);
  while (heap.size) {
    const node = heap.pop();
    if (done[node]) continue;
    done[node] = 1;
    for (let edge = g.firstEdge(node, direction); edge !== -1; edge = g.nextEdge(edge, direction)) {
      const other = g.farEnd(edge, direction);
      if (done[other]) continue;
      const e = g.edgeAttributesOf(edge);
      const n0 = c0[node]! + (e.condition ? 1 : 0);
      const n1 = c1[node]! + (escalating(e) ? 1 : 0);
      const n2 = c2[node]! + 1;
      const d = c2[other] === -1 ? -1 : n0 - c0[other]! || n1 - c1[other]! || n2 - c2[other]!;
      if (d < 0 || (d === 0 && g.keyOf(node) < g.keyOf(link[other]!))) {
        if (link[other] === -1) reached.push(other);
        c0[other] = n0;
        c1[other] = n1;
        c2[other] = n2;
        link[other] = node;
        if (d < 0) heap.push(n0, n1, n2, other);
      }
    }
  }
  return { reached, link };
}
