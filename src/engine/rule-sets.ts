// Many roles hold the same rules (one Helm chart's Role in every namespace, the generator's
// team roles): a number per distinct rule list, so a question about rules is answered once per
// list, not once per role. Equal numbers mean equal rules, element by element. One numbering
// per Policy, so it lives and dies with the analysis.
import type { PolicyRule } from '../model/rbac.js';
import type { IndexedBinding, Policy, ResolvedRole } from './policy.js';

export type RuleSetIds = (rules: readonly PolicyRule[]) => number;

const numberings = new WeakMap<object, RuleSetIds>();
/** A rule as exact text: equal texts, equal rules. */
export const ruleText = (r: PolicyRule) => JSON.stringify([r.verbs, r.apiGroups, r.resources, r.resourceNames, r.nonResourceURLs]);

export function ruleSetIds(owner: object): RuleSetIds {
  let f = numberings.get(owner);
  if (f) return f;
  const ids = new WeakMap<readonly PolicyRule[], number>();
  const byText = new Map<string, number>();
  f = (rules) => {
    let id = ids.get(rules);
    if (id !== undefined) return id;
    const text = rules.map(ruleText).join('\n');
    id = byText.get(text);
    if (id === undefined) byText.set(text, (id = byText.size));
    ids.set(rules, id);
    return id;
  };
  numberings.set(owner, f);
  return f;
}

export interface BindingRules {
  /** Per binding of the list: its role's rules, or undefined when the role is missing. */
  resolved: (ResolvedRole | undefined)[];
  /** Per binding: the rule list's number, -1 when the role is missing. */
  ids: Int32Array;
}

const perList = new WeakMap<readonly IndexedBinding[], BindingRules>();

/** The rules behind each binding of one of the Policy's lists, looked up once for every query that scans the list. */
export function bindingRules(policy: Policy, list: readonly IndexedBinding[]): BindingRules {
  let br = perList.get(list);
  if (br) return br;
  const idOf = ruleSetIds(policy);
  const resolved = list.map((ib) => policy.rulesOf(ib));
  br = { resolved, ids: Int32Array.from(resolved, (r) => (r ? idOf(r.rules) : -1)) };
  perList.set(list, br);
  return br;
}
