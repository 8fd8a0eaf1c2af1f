// The rules the aggregation controller writes into a ClusterRole that has an aggregationRule.
// Port of kubernetes/kubernetes pkg/controller/clusterroleaggregation/
// clusterroleaggregation_controller.go : syncClusterRole, ruleExists, applyClusterRoles.
//   - selectors in order; for each, the matching ClusterRoles sorted by name; the role itself skipped;
//   - a rule is appended unless a deep-equal one (order-sensitive, nil == empty) is already there;
//   - the controller writes by server-side apply: when the result is empty it applies no rules
//     field, so rules written by the role's author stay (spec §17.1);
//   - nested aggregation reads the current rules of aggregated roles, so we iterate to the least
//     fixpoint, starting every aggregated role empty; roles that select each other are flagged.
import type { ClusterRole, PolicyRule } from '../model/rbac.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { compileSelector } from './label-selector.js';

export interface AggregationResult {
  /** Effective rules of every aggregated ClusterRole, by name. */
  rules: Map<string, PolicyRule[]>;
  /** For each aggregated role and each rule index: the ClusterRole whose rules contributed it. */
  contributors: Map<string, string[]>;
  /** Aggregated roles that take part in a selection cycle. */
  cycles: Set<string>;
  diagnostics: Diagnostic[];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
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

export function computeAggregation(clusterRoles: readonly ClusterRole[]): AggregationResult {
  const diagnostics: Diagnostic[] = [];
  const sorted = [...clusterRoles].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
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

  const current = new Map<string, PolicyRule[]>();
  const contributors = new Map<string, string[]>();
  for (const agg of aggregated) current.set(agg.name, invalid.has(agg.name) ? agg.rules : []);
  const rulesOf = (r: ClusterRole) => current.get(r.name) ?? r.rules;

  const limit = aggregated.length + 2;
  let converged = false;
  for (let pass = 0; pass < limit && !converged; pass++) {
    converged = true;
    for (const agg of aggregated) {
      if (invalid.has(agg.name)) continue;
      const out: PolicyRule[] = [];
      const from: string[] = [];
      for (const roles of selected.get(agg.name)!) {
        for (const role of roles) {
          for (const rule of rulesOf(role)) {
            if (out.some((r) => rulesEqual(r, rule))) continue;
            out.push(rule);
            from.push(role.name);
          }
        }
      }
      const effective = out.length > 0 ? out : agg.rules;
      if (!ruleListsEqual(effective, current.get(agg.name)!)) {
        current.set(agg.name, effective);
        converged = false;
      }
      contributors.set(agg.name, out.length > 0 ? from : agg.rules.map(() => agg.name));
    }
  }

  const cycles = findSelectionCycles(aggregated, selected);
  for (const name of cycles) {
    const role = aggregated.find((r) => r.name === name)!;
    diagnostics.push({
      severity: 'warning',
      code: 'aggregation-cycle',
      message: `ClusterRole ${name} is in an aggregation cycle (aggregated roles select each other); a live cluster's rules then depend on history; answers use the least fixpoint`,
      source: role.source,
    });
  }
  if (!converged) {
    diagnostics.push({ severity: 'error', code: 'aggregation-no-fixpoint', message: 'aggregation did not reach a fixpoint; answers may be incomplete' });
  }
  return { rules: current, contributors, cycles, diagnostics };
}

function findSelectionCycles(aggregated: ClusterRole[], selected: Map<string, ClusterRole[][]>): Set<string> {
  const edges = new Map<string, string[]>();
  for (const agg of aggregated) {
    const targets = new Set<string>();
    for (const roles of selected.get(agg.name)!) for (const r of roles) if (r.aggregationRule) targets.add(r.name);
    edges.set(agg.name, [...targets]);
  }
  const inCycle = new Set<string>();
  // A role is in a cycle when it can reach itself; worlds have few aggregated roles, so a DFS per role is fine.
  for (const start of edges.keys()) {
    const seen = new Set<string>();
    const stack = [...edges.get(start)!];
    while (stack.length) {
      const n = stack.pop()!;
      if (n === start) {
        inCycle.add(start);
        break;
      }
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(...(edges.get(n) ?? []));
    }
  }
  return inCycle;
}
