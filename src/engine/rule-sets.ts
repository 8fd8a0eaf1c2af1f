// Many roles hold the same rules (one Helm chart's Role in every namespace, the generator's
// team roles): a number per distinct rule list, so a question about rules is answered once per
// list, not once per role. Equal numbers mean equal rules, element by element. One numbering
// per Policy, so it lives and dies with the analysis.
import type { PolicyRule } from '../model/rbac.js';

export type RuleSetIds = (rules: readonly PolicyRule[]) => number;

const numberings = new WeakMap<object, RuleSetIds>();
const ruleText = (r: PolicyRule) => JSON.stringify([r.verbs, r.apiGroups, r.resources, r.resourceNames, r.nonResourceURLs]);

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
