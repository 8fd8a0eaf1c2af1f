// Port of kubernetes/kubernetes pkg/apis/rbac/v1/evaluation_helpers.go (VerbMatches,
// APIGroupMatches, ResourceMatches, ResourceNameMatches, NonResourceURLMatches) and
// plugin/pkg/auth/authorizer/rbac/rbac.go (RuleAllows). Every comparison is exact and
// case-sensitive; "*" is the only wildcard, with the two shapes the authorizer knows:
// "*/sub" for resources and a trailing "*" for non-resource URLs.
import type { PolicyRule } from '../model/rbac.js';
import type { Request, ResourceRequest } from '../model/request.js';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  for (const v of rule.verbs) if (v === '*' || v === verb) return true;
  return false;
}

/** `group` undefined means "any group" (a resource the user named without one): any listed group will do. */
export function apiGroupMatches(rule: PolicyRule, group: string | undefined): boolean {
  if (group === undefined) return rule.apiGroups.length > 0;
  for (const g of rule.apiGroups) if (g === '*' || g === group) return true;
  return false;
}

export function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource === '' ? resource : `${resource}/${subresource}`;
  for (const r of rule.resources) {
    if (r === '*') return true;
    if (r === combined) return true;
    // "*/sub": any resource with exactly that subresource. "pods/*" is not a supported form.
    if (subresource !== '' && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  if (rule.resourceNames.length === 0) return true;
  for (const n of rule.resourceNames) if (n === name) return true;
  return false;
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true;
  }
  return false;
}

export function resourceRuleAllows(rule: PolicyRule, req: ResourceRequest): boolean {
  return (
    verbMatches(rule, req.verb) &&
    apiGroupMatches(rule, req.apiGroup) &&
    resourceMatches(rule, req.resource, req.subresource) &&
    resourceNameMatches(rule, req.name)
  );
}

export function ruleAllows(rule: PolicyRule, req: Request): boolean {
  if (req.kind === 'resource') return resourceRuleAllows(rule, req);
  return verbMatches(rule, req.verb) && nonResourceURLMatches(rule, req.path);
}
