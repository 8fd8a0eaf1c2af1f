// Port of plugin/pkg/auth/authorizer/rbac/rbac.go : RBACAuthorizer.Authorize with
// pkg/registry/rbac/validation/rule.go : VisitRulesFor. ClusterRoleBindings first (evaluation
// namespace ""), then RoleBindings of the request's namespace only; a binding whose role is
// missing contributes nothing; the first allowing rule is the reason reported.
import type { Request, UserInfo } from '../model/request.js';
import type { Decision, Grant } from '../model/results.js';
import { appliesTo } from '../semantics/applies-to.js';
import { ruleAllows } from '../semantics/rule-matches.js';
import { isPrivileged } from '../semantics/user-info.js';
import { effectiveSubject, makeGrant } from './grants.js';
import type { IndexedBinding, Policy } from './policy.js';

/** Bindings that may apply to the user, by the subject index, in the authorizer's order. */
export function candidateBindings(policy: Policy, user: UserInfo): IndexedBinding[] {
  const seen = new Set<IndexedBinding>();
  const add = (list: IndexedBinding[] | undefined) => list?.forEach((b) => seen.add(b));
  add(policy.bindingsBySubject.get(`User:${user.name}`));
  for (const g of user.groups) add(policy.bindingsBySubject.get(`Group:${g}`));
  return [...seen].sort((a, b) => a.ordinal - b.ordinal);
}

/**
 * The RBAC authorizer's answer. `rbacOnly` leaves out the privileged-group authorizer that the
 * API server runs before RBAC, as `rbac batch` does (it answers at the RBAC authorizer's level).
 */
export function authorize(policy: Policy, user: UserInfo, req: Request, opts: { rbacOnly?: boolean; all?: boolean } = {}): Decision {
  const privileged = !opts.rbacOnly && isPrivileged(user);
  const grants: Grant[] = [];
  const requestNamespace = req.kind === 'resource' ? req.namespace : '';
  for (const ib of candidateBindings(policy, user)) {
    if (ib.binding.kind === 'RoleBinding' && (requestNamespace === '' || ib.namespace !== requestNamespace)) continue;
    const subjectIndex = appliesTo(user, ib.binding.subjects, ib.namespace);
    if (subjectIndex < 0) continue;
    const resolved = policy.rulesOf(ib);
    if (!resolved) continue;
    for (let i = 0; i < resolved.rules.length; i++) {
      if (!ruleAllows(resolved.rules[i]!, req)) continue;
      grants.push(makeGrant(ib, resolved, effectiveSubject(ib.binding.subjects[subjectIndex]!, ib), i, ib.namespace));
      if (!opts.all) break;
    }
    if (grants.length > 0 && !opts.all) break;
  }
  const notes = privileged ? ['allowed by the privileged group system:masters, which the API server checks before RBAC'] : [];
  return { allowed: privileged || grants.length > 0, privileged, grants, notes };
}
