// An audit asks a few hundred requests of every binding in the cluster. Most bindings hold none
// of them, and a binding's answer depends only on its rule list: so the bindings are numbered
// once in the order holders() reports them (ClusterRoleBindings, then each namespace's
// RoleBindings, in input order) and listed per rule list. A request is then judged once per
// distinct rule list and touches only the bindings whose list allows it. The Grant of a binding,
// subject and rule is built once too: every request and check that finds it shares it.
import type { Subject } from '../model/rbac.js';
import type { Request } from '../model/request.js';
import type { Grant } from '../model/results.js';
import { subjectNeverMatches } from '../semantics/applies-to.js';
import { effectiveSubject, makeGrant } from './grants.js';
import type { IndexedBinding, Policy, ResolvedRole } from './policy.js';
import { bindingRules } from './rule-sets.js';

export interface HolderIndex {
  /** Every binding whose role exists, ClusterRoleBindings first, then namespace by namespace. */
  bindings: IndexedBinding[];
  resolved: ResolvedRole[];
  /** How many of `bindings` are ClusterRoleBindings (they come first). */
  clusterBindings: number;
  /** Per rule-list number: the rules, and the positions in `bindings` of the bindings that hold them, ascending. */
  ruleSets: { rules: ResolvedRole['rules']; positions: number[] }[];
  /** Rule lists (numbers in `ruleSets`, ascending) by a resource string one of their rules names ("pods", "pods/exec", "*" or "*" with a subresource); "" for the lists with non-resource URLs. */
  byResource: Map<string, number[]>;
  /** Per position: which of `ruleSets` its binding holds. */
  ruleSetOf: Int32Array;
  /** The subjects of bindings[p] that can match anyone, as they apply. */
  subjects: Subject[][];
  /** The Grant of bindings[p], its s-th subject and rule r, built on first use. */
  grant(p: number, s: number, r: number): Grant;
}

const indexes = new WeakMap<Policy, HolderIndex>();

/**
 * The rule lists that can allow the request, ascending: a rule allows a resource request only
 * when it names the resource, "*" or "*" with its subresource (resourceMatches), a non-resource one only
 * when it lists URLs. The rest cannot, for any name.
 */
export function candidateRuleSets(index: HolderIndex, req: Request): number[] {
  if (req.kind !== 'resource') return index.byResource.get('') ?? [];
  const keys = ['*', req.subresource ? `${req.resource}/${req.subresource}` : req.resource, ...(req.subresource ? [`*/${req.subresource}`] : [])];
  const lists = keys.flatMap((k) => index.byResource.get(k) ?? []);
  return [...new Set(lists)].sort((a, b) => a - b);
}

export function holderIndex(policy: Policy): HolderIndex {
  let index = indexes.get(policy);
  if (index) return index;
  const bindings: IndexedBinding[] = [];
  const resolved: ResolvedRole[] = [];
  const ruleSets: HolderIndex['ruleSets'] = [];
  const add = (list: readonly IndexedBinding[]) => {
    const br = bindingRules(policy, list);
    for (let i = 0; i < list.length; i++) {
      const id = br.ids[i]!;
      if (id < 0) continue;
      const r = br.resolved[i]!;
      (ruleSets[id] ??= { rules: r.rules, positions: [] }).positions.push(bindings.length);
      bindings.push(list[i]!);
      resolved.push(r);
    }
  };
  add(policy.clusterRoleBindings);
  const clusterBindings = bindings.length;
  for (const list of policy.roleBindingsByNamespace.values()) add(list);
  const subjects = bindings.map((ib) => ib.binding.subjects.filter((s) => !subjectNeverMatches(s, ib.binding.kind)).map((s) => effectiveSubject(s, ib)));
  const grants: Grant[][][] = [];
  const grant = (p: number, s: number, r: number): Grant => {
    const perSubject = (grants[p] ??= []);
    const perRule = (perSubject[s] ??= []);
    return (perRule[r] ??= makeGrant(bindings[p]!, resolved[p]!, subjects[p]![s]!, r, bindings[p]!.namespace));
  };
  const sets = ruleSets.filter(Boolean);
  const ruleSetOf = new Int32Array(bindings.length);
  sets.forEach((set, i) => set.positions.forEach((p) => (ruleSetOf[p] = i)));
  const byResource = new Map<string, number[]>();
  sets.forEach((set, i) => {
    const names = new Set(set.rules.flatMap((r) => (r.nonResourceURLs.length ? ['', ...r.resources] : r.resources)));
    for (const n of names) (byResource.get(n) ?? byResource.set(n, []).get(n)!).push(i);
  });
  index = { bindings, resolved, clusterBindings, ruleSets: sets, byResource, ruleSetOf, subjects, grant };
  indexes.set(policy, index);
  return index;
}
