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
import { ruleSetIds } from './rule-sets.js';

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
  // Keyed by rule list, not role: roles with the same rules give the same answer.
  const idOf = ruleSetIds(policy);
  const memo = new Map<number, Hit | null>();
  const hit = (resolved: ResolvedRole): Hit | null => {
    const id = idOf(resolved.rules);
    let h = memo.get(id);
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
    memo.set(id, h);
    return h;
  };
  const out: Holding[] = [];
  const visit = (list: readonly IndexedBinding[]) => {
    for (const ib of list) {
      const resolved = policy.rulesOf(ib);
      if (!resolved) continue;
      const h = hit(resolved);
      if (!h) continue;
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
