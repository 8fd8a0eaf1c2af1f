// Port of kubernetes/kubernetes staging/src/k8s.io/component-helpers/auth/rbac/validation/
// policy_comparator.go : Covers, BreakdownRule, ruleCovers, resourceCoversAll,
// nonResourceURLsCoversAll. The API server uses it for escalation checks; we use it to decide
// whether a permission on one side of a diff is already held on the other.
import type { PolicyRule } from '../model/rbac.js';

/** One group x resource x verb (x one name, or none), or one URL x verb. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups) {
    for (const resource of rule.resources) {
      for (const verb of rule.verbs) {
        if (rule.resourceNames.length > 0) {
          for (const name of rule.resourceNames) out.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [name], nonResourceURLs: [] });
        } else {
          out.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [], nonResourceURLs: [] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs) {
    for (const verb of rule.verbs) out.push({ verbs: [verb], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [url] });
  }
  return out;
}

const hasAll = (set: readonly string[], items: readonly string[]) => items.every((i) => set.includes(i));

function resourceCoversAll(set: readonly string[], covers: readonly string[]): boolean {
  if (set.includes('*') || hasAll(set, covers)) return true;
  for (const path of covers) {
    if (set.includes(path)) continue;
    const slash = path.indexOf('/');
    if (slash < 0) return false;
    if (!set.includes(`*/${path.slice(slash + 1)}`)) return false;
  }
  return true;
}

function nonResourceURLCovers(owner: string, sub: string): boolean {
  if (owner === sub) return true;
  if (!owner.endsWith('*')) return false;
  return sub.startsWith(owner.replace(/\*+$/, ''));
}

function nonResourceURLsCoversAll(set: readonly string[], covers: readonly string[]): boolean {
  return covers.every((c) => set.some((o) => nonResourceURLCovers(o, c)));
}

export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = owner.verbs.includes('*') || hasAll(owner.verbs, sub.verbs);
  const groups = owner.apiGroups.includes('*') || hasAll(owner.apiGroups, sub.apiGroups);
  const resources = resourceCoversAll(owner.resources, sub.resources);
  const urls = nonResourceURLsCoversAll(owner.nonResourceURLs, sub.nonResourceURLs);
  const names = sub.resourceNames.length === 0 ? owner.resourceNames.length === 0 : owner.resourceNames.length === 0 || hasAll(owner.resourceNames, sub.resourceNames);
  return verbs && groups && resources && names && urls;
}

/** Whether the owner rules together cover every atomic part of the servant rules; returns the parts not covered. */
export function uncovered(owner: readonly PolicyRule[], servant: readonly PolicyRule[]): PolicyRule[] {
  const missing: PolicyRule[] = [];
  for (const rule of servant) for (const part of breakdownRule(rule)) if (!owner.some((o) => ruleCovers(o, part))) missing.push(part);
  return missing;
}

export function covers(owner: readonly PolicyRule[], servant: readonly PolicyRule[]): boolean {
  return uncovered(owner, servant).length === 0;
}
