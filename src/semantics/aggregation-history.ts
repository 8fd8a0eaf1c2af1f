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
 * starts empty and takes the union of what it selects until nothing changes.
 */
function leastFixpoint(aggregated: readonly ClusterRole[], selected: Selection, invalid: Set<string>, keys: RuleKeys): Map<string, Set<string>> {
  const byName = new Map(aggregated.map((r) => [r.name, r]));
  const mayYield = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const agg of aggregated) {
      if (mayYield.has(agg.name) || invalid.has(agg.name)) continue;
      const yields = selected.get(agg.name)!.some((roles) => roles.some((r) => r.rules.length > 0 || (byName.has(r.name) && mayYield.has(r.name))));
      if (yields) (mayYield.add(agg.name), (changed = true));
    }
  }
  const sets = new Map<string, Set<string>>();
  for (const agg of aggregated) sets.set(agg.name, mayYield.has(agg.name) ? new Set() : keys.setOf(agg.rules));
  const setOf = (r: ClusterRole) => sets.get(r.name) ?? keys.setOf(r.rules);
  for (let changed = true; changed; ) {
    changed = false;
    for (const agg of aggregated) {
      if (!mayYield.has(agg.name)) continue;
      const set = sets.get(agg.name)!;
      for (const roles of selected.get(agg.name)!) for (const role of roles) for (const k of setOf(role)) if (!set.has(k)) (set.add(k), (changed = true));
    }
  }
  return sets;
}

export interface AggregationHistory {
  /** Aggregated roles that take part in a selection cycle (a role never selects itself). */
  cycles: Set<string>;
  /** Cycle members seeded by authored rules, and every role that selects into such a cycle -> the roles whose authored rules seed it. */
  historyDependent: Map<string, string[]>;
}

export function aggregationHistory(aggregated: readonly ClusterRole[], selected: Selection, invalid: Set<string>, keys: RuleKeys): AggregationHistory {
  const cycles = new Set<string>();
  const dependent = new Map<string, string[]>();
  const edges = aggregatingEdges(aggregated, selected);
  const cyclic = components(aggregated.map((r) => r.name), edges).filter((c) => c.length > 1);
  for (const comp of cyclic) for (const n of comp) cycles.add(n);
  if (cyclic.length === 0) return { cycles, historyDependent: dependent };

  const byName = new Map(aggregated.map((r) => [r.name, r]));
  const lfp = leastFixpoint(aggregated, selected, invalid, keys);
  const reverse = new Map<string, string[]>();
  for (const [from, tos] of edges) for (const to of tos) (reverse.get(to) ?? reverse.set(to, []).get(to)!).push(from);

  for (const comp of cyclic) {
    // Every aggregating role the cycle reads, itself included; an invalid role is never synced, so its rules are no seed.
    const reach = new Set<string>(comp);
    const todo = [...comp];
    while (todo.length) for (const n of edges.get(todo.pop()!) ?? []) if (!reach.has(n)) (reach.add(n), todo.push(n));
    const seeds = [...reach].filter((n) => !invalid.has(n) && byName.get(n)!.rules.some((r) => comp.some((c) => !lfp.get(c)!.has(keys.of(r))))).sort();
    if (seeds.length === 0) continue;
    const up = [...comp];
    const mark = (n: string) => dependent.set(n, [...new Set([...(dependent.get(n) ?? []), ...seeds])].sort());
    for (const n of comp) mark(n);
    const seen = new Set(comp);
    while (up.length) for (const n of reverse.get(up.pop()!) ?? []) if (!seen.has(n)) (seen.add(n), mark(n), up.push(n));
  }
  return { cycles, historyDependent: dependent };
}
