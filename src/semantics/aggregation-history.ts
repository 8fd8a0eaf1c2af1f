// Which aggregated ClusterRoles have rules that depend on the controller's history (spec §9.6).
// Every history ends in a state where each role holds the union of what it selects, which always
// contains the least fixpoint (aggregating roles starting empty). A rule outside it can survive
// only by circulating in a selection cycle, and it can get there only from the authored rules of
// a cycle member or of an aggregating role the cycle reads before that role is first synced.
// So: a cycle whose reach holds authored rules outside its least fixpoint is seeded by history,
// and so is every role that selects into it. A DAG settles the same from any start and order.
import type { ClusterRole } from '../model/rbac.js';
import type { RuleKeys } from './aggregation.js';

type Selection = Map<string, ClusterRole[][]>;

/** Aggregating roles -> the aggregating roles they select. */
function aggregatingEdges(aggregated: readonly ClusterRole[], selected: Selection): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const agg of aggregated) {
    const targets = new Set<string>();
    for (const roles of selected.get(agg.name)!) for (const r of roles) if (r.aggregationRule) targets.add(r.name);
    edges.set(agg.name, [...targets]);
  }
  return edges;
}

/** Strongly connected components (Tarjan, iterative: no recursion depth limit on long chains). */
function components(nodes: readonly string[], edges: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: [string, number][] = [[root, 0]];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      const succ = edges.get(v) ?? [];
      if (i < succ.length) {
        frame[1]++;
        const w = succ[i]!;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]![0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        out.push(comp);
      }
    }
  }
  return out;
}

/**
 * A lower bound of every history: roles whose selection can never yield a rule (nothing they
 * select holds or can hold one) keep their authored rules for good; every other aggregating role
 * starts empty and takes the union of what it selects until nothing changes. Computed per
 * strongly connected component, successors first (Tarjan's order): the members of a cycle end
 * with the same set, the union of what the cycle reads from outside itself, so each set is built
 * once and a shared set is merged once, not once per role that selects it.
 */
function leastFixpoint(comps: readonly string[][], selected: Selection, invalid: Set<string>, keys: RuleKeys, byName: ReadonlyMap<string, ClusterRole>): { sets: Map<string, Set<string>>; work: number } {
  let work = 0;
  const sets = new Map<string, Set<string>>();
  const mayYield = new Set<string>();
  const plain = new Map<readonly unknown[], Set<string>>();
  const valueOf = (r: ClusterRole): Set<string> => {
    const own = byName.has(r.name) ? sets.get(r.name) : undefined;
    if (own) return own;
    let s = plain.get(r.rules);
    if (!s) plain.set(r.rules, (s = keys.setOf(r.rules)));
    return s;
  };
  for (const comp of comps) {
    const members = new Set(comp);
    let yields = false;
    for (const n of comp) {
      if (invalid.has(n)) continue;
      for (const roles of selected.get(n)!) for (const r of roles) if (r.rules.length > 0 || (!members.has(r.name) && mayYield.has(r.name))) yields = true;
    }
    if (!yields) {
      for (const n of comp) sets.set(n, keys.setOf(byName.get(n)!.rules));
      continue;
    }
    const set = new Set<string>();
    const merged = new Set<Set<string>>();
    for (const n of comp) (mayYield.add(n), sets.set(n, set));
    for (const n of comp) {
      for (const roles of selected.get(n)!) {
        for (const r of roles) {
          if (members.has(r.name)) continue; // a member's set is this very set
          const v = valueOf(r);
          if (merged.has(v)) continue;
          merged.add(v);
          work += v.size;
          for (const k of v) set.add(k);
        }
      }
    }
  }
  return { sets, work };
}

export interface AggregationHistory {
  /** Aggregated roles that take part in a selection cycle (a role never selects itself). */
  cycles: Set<string>;
  /** Cycle members seeded by authored rules, and every role that selects into such a cycle -> the roles whose authored rules seed it. */
  historyDependent: Map<string, string[]>;
  /** Set entries merged computing the least fixpoint. */
  work: number;
}

export function aggregationHistory(aggregated: readonly ClusterRole[], selected: Selection, invalid: Set<string>, keys: RuleKeys): AggregationHistory {
  const cycles = new Set<string>();
  const dependent = new Map<string, string[]>();
  const edges = aggregatingEdges(aggregated, selected);
  const comps = components(aggregated.map((r) => r.name), edges);
  const cyclic = comps.filter((c) => c.length > 1);
  for (const comp of cyclic) for (const n of comp) cycles.add(n);
  if (cyclic.length === 0) return { cycles, historyDependent: dependent, work: 0 };

  const byName = new Map(aggregated.map((r) => [r.name, r]));
  const { sets: lfp, work } = leastFixpoint(comps, selected, invalid, keys, byName);
  const reverse = new Map<string, string[]>();
  for (const [from, tos] of edges) for (const to of tos) (reverse.get(to) ?? reverse.set(to, []).get(to)!).push(from);

  for (const comp of cyclic) {
    // Every aggregating role the cycle reads, itself included; an invalid role is never synced, so its rules are no seed.
    const reach = new Set<string>(comp);
    const todo = comp.slice();
    while (todo.length) for (const n of edges.get(todo.pop()!) ?? []) if (!reach.has(n)) (reach.add(n), todo.push(n));
    // Members of a cycle share one least-fixpoint set (leastFixpoint), so one member answers for all.
    const cycleSet = lfp.get(comp[0]!)!;
    const seeds = Array.from(reach).filter((n) => !invalid.has(n) && byName.get(n)!.rules.some((r) => !cycleSet.has(keys.of(r)))).sort();
    if (seeds.length === 0) continue;
    const up = comp.slice();
    const mark = (n: string) => {
      const all = new Set(dependent.get(n) ?? []);
      for (const x of seeds) all.add(x);
      dependent.set(n, Array.from(all).sort());
    };
    for (const n of comp) mark(n);
    const seen = new Set(comp);
    while (up.length) for (const n of reverse.get(up.pop()!) ?? []) if (!seen.has(n)) (seen.add(n), mark(n), up.push(n));
  }
  return { cycles, historyDependent: dependent, work };
}
