// The rules the aggregation controller writes into a ClusterRole that has an aggregationRule.
// Port of kubernetes/kubernetes pkg/controller/clusterroleaggregation/
// clusterroleaggregation_controller.go : syncClusterRole, ruleExists, applyClusterRoles.
//   - selectors in order; for each, the matching ClusterRoles sorted by name; the role itself skipped;
//   - a rule is appended unless a deep-equal one (order-sensitive, nil == empty) is already there;
//   - the controller writes by server-side apply: when the result is empty it applies no rules
//     field, so rules written by the role's author stay (spec §17.1);
//   - nothing ever clears a role: each sync reads the *current* rules of the roles it selects,
//     which for a role not yet synced are its author's (spec §9.6). So we start from the
//     manifests' rules and run passes in name order (one worker, as a resync) until no role's
//     rule set changes; inside a cycle the order of rules may rotate forever, the set does not.
import type { ClusterRole, PolicyRule } from '../model/rbac.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { compareCodePoints } from '../model/compare.js';
import { compileSelector } from './label-selector.js';
import { aggregationHistory } from './aggregation-history.js';

export interface AggregationResult {
  /** Effective rules of every aggregated ClusterRole, by name. */
  rules: Map<string, PolicyRule[]>;
  /** For each aggregated role and each rule index: the ClusterRole whose rules contributed it. */
  contributors: Map<string, string[]>;
  /** Aggregated role -> the ClusterRoles its selectors pick (itself never included). */
  selects: Map<string, string[]>;
  /** Aggregated roles that take part in a selection cycle. */
  cycles: Set<string>;
  /** Aggregated roles whose rules in a live cluster depend on the controller's history (§9.6) -> the roles whose authored rules cause it. */
  historyDependent: Map<string, string[]>;
  diagnostics: Diagnostic[];
  /** Rules read and set entries merged on the way: near the size of the output, whatever the selections (a test holds it). */
  work: number;
}

/** The same strings in the same order. */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function rulesEqual(a: PolicyRule, b: PolicyRule): boolean {
  return (
    sameList(a.verbs, b.verbs) &&
    sameList(a.apiGroups, b.apiGroups) &&
    sameList(a.resources, b.resources) &&
    sameList(a.resourceNames, b.resourceNames) &&
    sameList(a.nonResourceURLs, b.nonResourceURLs)
  );
}

export function ruleListsEqual(a: readonly PolicyRule[], b: readonly PolicyRule[]): boolean {
  return a.length === b.length && a.every((r, i) => rulesEqual(r, b[i]!));
}

/** A key equal for deep-equal rules (order-sensitive lists, nil == empty): hashing replaces pairwise comparison. */
export class RuleKeys {
  private readonly keys = new Map<PolicyRule, string>();
  of(r: PolicyRule): string {
    let k = this.keys.get(r);
    if (k === undefined) {
      k = JSON.stringify([r.verbs, r.apiGroups, r.resources, r.resourceNames, r.nonResourceURLs]);
      this.keys.set(r, k);
    }
    return k;
  }
  setOf(rules: readonly PolicyRule[]): Set<string> {
    const s = new Set<string>();
    for (const r of rules) s.add(this.of(r));
    return s;
  }
}

/**
 * One shared array per distinct rule list (same rules, same order). Roles that select alike end
 * up holding equal lists; sharing them lets a sync skip a list it has already read (every rule
 * of it is already in), so a sync costs the distinct lists it reads, not every role's copy.
 */
class RuleLists {
  private readonly ids = new Map<string, number>();
  private readonly byHash = new Map<string, { ids: Int32Array; list: PolicyRule[] }[]>();

  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.ids.size));
    return id;
  }

  /** The shared list equal to `list` (whose rule ids are `ids`), or `list` itself, now shared. */
  intern(list: PolicyRule[], ids: readonly number[]): PolicyRule[] {
    let h1 = 0, h2 = 7;
    for (const id of ids) {
      h1 = (Math.imul(h1, 31) + id) | 0;
      h2 = (Math.imul(h2, 1_000_003) ^ id) | 0;
    }
    const hash = `${ids.length}:${h1}:${h2}`;
    const bucket = this.byHash.get(hash) ?? this.byHash.set(hash, []).get(hash)!;
    for (const c of bucket) if (c.ids.every((x, i) => x === ids[i])) return c.list;
    bucket.push({ ids: Int32Array.from(ids), list });
    return list;
  }
}

/** Settling is judged on sets; a cycle can rotate rule order without end, so passes are bounded too. */
const MAX_PASSES = 1000;

export function computeAggregation(clusterRoles: readonly ClusterRole[]): AggregationResult {
  const diagnostics: Diagnostic[] = [];
  const sorted = [...clusterRoles].sort((x, y) => compareCodePoints(x.name, y.name));
  const aggregated = sorted.filter((r) => r.aggregationRule);

  // Which roles each aggregated role selects, once: selection depends on labels only.
  const selected = new Map<string, ClusterRole[][]>();
  const invalid = new Set<string>();
  for (const agg of aggregated) {
    const perSelector: ClusterRole[][] = [];
    for (const sel of agg.aggregationRule!.clusterRoleSelectors) {
      const compiled = compileSelector(sel);
      if (!compiled.ok) {
        diagnostics.push({
          severity: 'error',
          code: 'invalid-aggregation-selector',
          message: `ClusterRole ${agg.name}: ${compiled.error}; the aggregation controller cannot sync this role, so its stored rules stay as written`,
          source: agg.source,
        });
        invalid.add(agg.name);
        perSelector.length = 0;
        break;
      }
      perSelector.push(sorted.filter((r) => r.name !== agg.name && compiled.matches(r.labels)));
    }
    selected.set(agg.name, perSelector);
  }

  // The state right after `kubectl apply`: every role holds the rules its author wrote.
  const current = new Map<string, PolicyRule[]>();
  const contributors = new Map<string, string[]>();
  for (const agg of aggregated) {
    current.set(agg.name, agg.rules);
    contributors.set(agg.name, agg.rules.map(() => agg.name));
  }
  const rulesOf = (r: ClusterRole) => current.get(r.name) ?? r.rules;
  const keys = new RuleKeys();
  const lists = new RuleLists();
  let work = 0;

  let settled = false;
  for (let pass = 0; pass < MAX_PASSES && !settled; pass++) {
    settled = true;
    for (const agg of aggregated) {
      if (invalid.has(agg.name)) continue;
      const out: PolicyRule[] = [];
      const ids: number[] = [];
      const from: string[] = [];
      const seen = new Set<string>();
      const read = new Set<readonly PolicyRule[]>();
      for (const roles of selected.get(agg.name)!) {
        for (const role of roles) {
          const list = rulesOf(role);
          if (read.has(list)) continue; // the same shared list again: all its rules are in already
          read.add(list);
          work += list.length;
          for (const rule of list) {
            const k = keys.of(rule);
            if (seen.has(k)) continue;
            seen.add(k);
            out.push(rule);
            ids.push(lists.id(k));
            from.push(role.name);
          }
        }
      }
      // An empty result applies no rules field: what the role holds stays (§17.1).
      if (out.length === 0) continue;
      const before = current.get(agg.name)!;
      const shared = lists.intern(out, ids);
      if (shared !== before && ((work += before.length), !sameSet(keys.setOf(before), seen))) settled = false;
      current.set(agg.name, shared);
      contributors.set(agg.name, from);
    }
  }

  const { cycles, historyDependent, work: historyWork } = aggregationHistory(aggregated, selected, invalid, keys);
  work += historyWork;
  for (const agg of aggregated) {
    const seeds = historyDependent.get(agg.name);
    if (!seeds) continue;
    const where = cycles.has(agg.name) ? 'is in an aggregation cycle' : 'aggregates from an aggregation cycle';
    diagnostics.push({
      severity: 'warning',
      code: 'aggregation-history',
      message: `ClusterRole ${agg.name} ${where} that rules written on ${seeds.map((n) => `ClusterRole ${n}`).join(', ')} can enter and stay in: a live cluster's rules for it depend on the controller's history (answers use name-order passes from the manifests' rules)`,
      source: agg.source,
    });
  }
  for (const name of cycles) {
    if (historyDependent.has(name)) continue;
    const role = aggregated.find((r) => r.name === name)!;
    diagnostics.push({
      severity: 'info',
      code: 'aggregation-cycle',
      message: `ClusterRole ${name} is in an aggregation cycle (aggregating roles select each other); no authored rule can circulate in it, so every history gives the same rules`,
      source: role.source,
    });
  }
  if (!settled) {
    diagnostics.push({ severity: 'error', code: 'aggregation-no-fixpoint', message: `aggregation rule sets did not settle in ${MAX_PASSES} passes; answers may be incomplete` });
  }
  const selects = new Map([...selected].map(([name, perSelector]) => [name, [...new Set(perSelector.flat().map((r) => r.name))]]));
  return { rules: current, contributors, selects, cycles, historyDependent, diagnostics, work };
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const k of a) if (!b.has(k)) return false;
  return true;
}
