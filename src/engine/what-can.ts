// Port of plugin/pkg/auth/authorizer/rbac/rbac.go : RulesFor (what SelfSubjectRulesReview
// shows), minus its one over-report (spec §7.2): non-resource rules reached through a
// RoleBinding are listed by RulesFor but never honoured, so they go to `ineffective` here, as do
// rules on cluster-scoped resources reached only through a RoleBinding.
import type { PolicyRule } from '../model/rbac.js';
import type { UserInfo } from '../model/request.js';
import type { Grant, WhatCanResult } from '../model/results.js';
import { appliesTo } from '../semantics/applies-to.js';
import { isPrivileged } from '../semantics/user-info.js';
import { candidateBindings } from './authorize.js';
import { effectiveSubject, makeGrant } from './grants.js';
import type { IndexedBinding, Policy } from './policy.js';
import type { ResourceCatalogue } from './resource-catalogue.js';
import { ruleSetIds } from './rule-sets.js';

export interface WhatCanOptions {
  /** Only this namespace's RoleBindings (as RulesFor); all namespaces when undefined. */
  namespace?: string;
  catalogue?: ResourceCatalogue;
}

export function whatCan(policy: Policy, user: UserInfo, opts: WhatCanOptions = {}): WhatCanResult {
  const grants: Grant[] = [];
  const ineffective: WhatCanResult['ineffective'] = [];
  for (const ib of candidateBindings(policy, user)) {
    if (ib.binding.kind === 'RoleBinding' && opts.namespace !== undefined && ib.namespace !== opts.namespace) continue;
    const subjectIndex = appliesTo(user, ib.binding.subjects, ib.namespace);
    if (subjectIndex >= 0) bindingGrants(policy, ib, subjectIndex, opts.catalogue, grants, ineffective);
  }
  const out: WhatCanResult = { user, privileged: isPrivileged(user), grants, ineffective };
  if (opts.namespace !== undefined) out.namespace = opts.namespace;
  return out;
}

/** The grants of one binding through its subject at SUBJECTINDEX, the effective ones into GRANTS, the others (with why) into INEFFECTIVE. */
function bindingGrants(policy: Policy, ib: IndexedBinding, subjectIndex: number, catalogue: ResourceCatalogue | undefined, grants: Grant[], ineffective?: WhatCanResult['ineffective']): void {
  const resolved = policy.rulesOf(ib);
  if (!resolved) return;
  const subject = effectiveSubject(ib.binding.subjects[subjectIndex]!, ib);
  resolved.rules.forEach((rule, i) => {
    const g = makeGrant(ib, resolved, subject, i, ib.namespace);
    const reason = ib.namespace ? whyIneffectiveInNamespace(g, catalogue) : undefined;
    if (!reason) grants.push(g);
    else ineffective?.push({ ...g, reason });
  });
}

// A list of sharedGrants holds the rules of its binding's role that take effect in its scope: which
// rules those are depends only on the role's rules and on whether the binding is a RoleBinding
// (whyIneffectiveInNamespace reads the rule and the catalogue). Lists alike in both share a key.
const sameRules = new WeakMap<readonly Grant[], object>();

/** The key a list of sharedGrants shares with every list of equal rules in equal order (their subjects and bindings differ). */
export const sameRulesKey = (list: readonly Grant[]): object | undefined => sameRules.get(list);

/**
 * whatCan's grants for many users who share bindings (the ServiceAccount tokens of a diff's
 * workloads, whose grants come mostly through system:authenticated and system:serviceaccounts), one
 * list per binding in whatCan's order: each binding's list is made once per subject it applies
 * through and shared between the users, so a token costs its bindings, not its grants.
 */
export function sharedGrants(policy: Policy, catalogue?: ResourceCatalogue): (user: UserInfo) => Grant[][] {
  const made = new Map<IndexedBinding, Grant[][]>();
  const ruleSet = ruleSetIds(policy);
  const keys = new Map<number, object>();
  const keyOf = (ib: IndexedBinding) => {
    const id = ruleSet(policy.rulesOf(ib)!.rules) * 2 + (ib.namespace ? 1 : 0);
    let k = keys.get(id);
    if (!k) keys.set(id, (k = {}));
    return k;
  };
  // A user no binding names holds what its groups hold (the subject index names every binding that
  // names the user): the ServiceAccounts of one namespace without bindings of their own share one answer.
  const byGroups = new Map<string, Grant[][]>();
  const listsOf = (user: UserInfo) => {
    const out: Grant[][] = [];
    for (const ib of candidateBindings(policy, user)) {
      const subjectIndex = appliesTo(user, ib.binding.subjects, ib.namespace);
      if (subjectIndex < 0) continue;
      let bySubject = made.get(ib);
      if (!bySubject) made.set(ib, (bySubject = []));
      let grants = bySubject[subjectIndex];
      if (!grants) {
        bindingGrants(policy, ib, subjectIndex, catalogue, (bySubject[subjectIndex] = grants = []));
        if (grants.length) sameRules.set(grants, keyOf(ib));
      }
      if (grants.length) out.push(grants);
    }
    return out;
  };
  return (user) => {
    if (policy.bindingsBySubject.has(`User:${user.name}`)) return listsOf(user);
    const groups = JSON.stringify(user.groups);
    let out = byGroups.get(groups);
    if (!out) byGroups.set(groups, (out = listsOf(user)));
    return out;
  };
}

/**
 * Whether one verb on one resource can take effect through a RoleBinding (spec §5.5): requests
 * for cluster-scoped resources carry no namespace, with two exceptions: the namespace object
 * itself (evaluated in its own namespace) and `bind` on clusterroles, which the API server checks
 * in the namespace of the RoleBinding being created (spec §10.2).
 */
export function atomEffectiveInNamespace(apiGroups: readonly string[], resource: string, verb: string, catalogue?: ResourceCatalogue): boolean {
  if (!catalogue || resource.startsWith('namespaces')) return true;
  if (resource === 'clusterroles' && (verb === 'bind' || verb === '*') && (apiGroups.includes('rbac.authorization.k8s.io') || apiGroups.includes('*'))) return true;
  return !catalogue.isClusterScoped(apiGroups, resource);
}

/** Why a rule granted through a RoleBinding can never take effect (spec §5.5), or undefined. */
export function whyIneffectiveInNamespace(g: Grant, catalogue?: ResourceCatalogue): string | undefined {
  return whyRuleIneffectiveInNamespace(g.rule, catalogue);
}

// Per catalogue, per rule object: a role's rule is asked once for each of its bindings' subjects (a diff's 50k tokens).
const ineffectiveRules = new WeakMap<ResourceCatalogue, WeakMap<PolicyRule, string | null>>();

/** whyIneffectiveInNamespace for a rule alone: the answer depends on nothing else, so callers can ask once per rule. */
export function whyRuleIneffectiveInNamespace(rule: PolicyRule, catalogue?: ResourceCatalogue): string | undefined {
  if (!catalogue) return ruleIneffective(rule);
  let known = ineffectiveRules.get(catalogue);
  if (!known) ineffectiveRules.set(catalogue, (known = new WeakMap()));
  let reason = known.get(rule);
  if (reason === undefined) known.set(rule, (reason = ruleIneffective(rule, catalogue) ?? null));
  return reason ?? undefined;
}

function ruleIneffective(rule: PolicyRule, catalogue?: ResourceCatalogue): string | undefined {
  if (rule.nonResourceURLs.length > 0 && rule.resources.length === 0) {
    return 'non-resource URLs are never granted through a RoleBinding (the request has no namespace)';
  }
  if (catalogue && rule.resources.length > 0) {
    const clusterOnly = rule.resources.every((r) => rule.verbs.every((v) => !atomEffectiveInNamespace(rule.apiGroups, r, v, catalogue)));
    if (clusterOnly) return `${rule.resources.join(', ')} ${rule.resources.length > 1 ? 'are' : 'is'} cluster-scoped: a RoleBinding can never grant ${rule.resources.length > 1 ? 'them' : 'it'}`;
  }
  return undefined;
}
