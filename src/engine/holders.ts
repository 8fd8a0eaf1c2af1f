// Who holds a permission, for audits: the who-can answer, plus the grants that allow it only for
// some object names (rules restricted by resourceNames), with those names. The names are tried
// through the same ruleAllows, so a restricted grant is one the authorizer would honour for them.
import type { PolicyRule } from '../model/rbac.js';
import type { Request } from '../model/request.js';
import type { Grant } from '../model/results.js';
import { subjectNeverMatches } from '../semantics/applies-to.js';
import { ruleAllows } from '../semantics/rule-matches.js';
import { effectiveSubject, makeGrant } from './grants.js';
import type { IndexedBinding, Policy, ResolvedRole } from './policy.js';
import { bindingRules } from './rule-sets.js';

export interface Holding {
  grant: Grant;
  /** Set when the grant allows the request only for these object names. */
  restrictedTo?: string[];
}

// A request that names its object is decided by ruleAllows alone: a rule limited to other names
// does not allow it, so it is no restricted holding either.
function namesAllowed(rule: PolicyRule, req: Request): string[] {
  if (req.kind !== 'resource' || rule.resourceNames.length === 0 || req.name !== '') return [];
  return rule.resourceNames.filter((name) => ruleAllows(rule, { ...req, name }));
}

export function holders(policy: Policy, req: Request, opts: { allNamespaces: boolean; includeRestricted: boolean }): Holding[] {
  type Hit = { index: number; names?: string[] };
  // Per rule list, not per role: roles with the same rules give the same answer.
  const memo: (Hit | null | undefined)[] = [];
  const hit = (resolved: ResolvedRole, id: number): Hit | null => {
    let h = memo[id];
    if (h !== undefined) return h;
    h = null;
    const open = resolved.rules.findIndex((r) => ruleAllows(r, req));
    if (open >= 0) h = { index: open };
    else if (opts.includeRestricted) {
      const names = new Set<string>();
      let first = -1;
      resolved.rules.forEach((r, i) => {
        const n = namesAllowed(r, req);
        if (n.length && first < 0) first = i;
        n.forEach((x) => names.add(x));
      });
      if (first >= 0) h = { index: first, names: [...names].sort() };
    }
    memo[id] = h;
    return h;
  };
  const out: Holding[] = [];
  const visit = (list: readonly IndexedBinding[]) => {
    const { resolved: roles, ids } = bindingRules(policy, list);
    for (let i = 0; i < list.length; i++) {
      const id = ids[i]!;
      if (id < 0) continue;
      const resolved = roles[i]!;
      const h = hit(resolved, id);
      if (!h) continue;
      const ib = list[i]!;
      for (const s of ib.binding.subjects) {
        if (subjectNeverMatches(s, ib.binding.kind)) continue;
        const grant = makeGrant(ib, resolved, effectiveSubject(s, ib), h.index, ib.namespace);
        out.push(h.names ? { grant, restrictedTo: h.names } : { grant });
      }
    }
  };
  visit(policy.clusterRoleBindings);
  if (req.kind === 'resource') {
    if (req.namespace) visit(policy.roleBindingsByNamespace.get(req.namespace) ?? []);
    else if (opts.allNamespaces) for (const list of policy.roleBindingsByNamespace.values()) visit(list);
  }
  return out;
}
