// Why a grant appears or disappears between two sides: the object change behind it, in words.
import type { Analysis } from '../engine/analyze.js';
import type { Binding } from '../model/rbac.js';
import type { Grant } from '../model/results.js';
import { ruleListsEqual } from '../semantics/aggregation.js';

function findBinding(a: Analysis, g: Grant): Binding | undefined {
  const list = g.binding.kind === 'RoleBinding' ? a.policy.roleBindingsByNamespace.get(g.binding.namespace ?? '') ?? [] : a.policy.clusterRoleBindings;
  return list.find((ib) => ib.binding.name === g.binding.name)?.binding;
}

const roleKey = (g: Grant) => (g.role.kind === 'Role' ? `role:${g.role.namespace}/${g.role.name}` : `clusterrole:${g.role.name}`);
const bindingText = (b: { kind: string; name: string; namespace?: string }) => `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name}`;

export function explainChange(change: 'added' | 'removed', g: Grant, base: Analysis, head: Analysis): string[] {
  const [here, there] = change === 'added' ? [head, base] : [base, head];
  const verb = change === 'added' ? { binding: 'new binding', subject: 'subject added to', role: 'role created', rules: 'role rules changed' } : { binding: 'binding removed', subject: 'subject removed from', role: 'role deleted', rules: 'role rules changed' };
  const other = findBinding(there, g);
  if (!other) return [`${verb.binding}: ${bindingText(g.binding)}`];
  const mine = findBinding(here, g)!;
  const reasons: string[] = [];
  const effectiveNs = (b: Binding, ns: string | undefined, kind: string) => ns || (kind === 'ServiceAccount' && b.kind === 'RoleBinding' ? b.namespace : '');
  const hasSubject = (b: Binding) => b.subjects.some((s) => s.kind === g.subject.kind && s.name === g.subject.name && effectiveNs(b, s.namespace, s.kind) === (g.subject.namespace ?? ''));
  if (!hasSubject(other)) reasons.push(`${verb.subject} ${bindingText(g.binding)}`);
  if (other.roleRef.kind !== mine.roleRef.kind || other.roleRef.name !== mine.roleRef.name) {
    reasons.push(`roleRef changed: ${change === 'added' ? `${other.roleRef.kind} ${other.roleRef.name} -> ${mine.roleRef.kind} ${mine.roleRef.name}` : `${mine.roleRef.kind} ${mine.roleRef.name} -> ${other.roleRef.kind} ${other.roleRef.name}`}`);
  }
  if (reasons.length) return reasons;
  const hereRole = here.policy.roles.get(roleKey(g));
  const thereRole = there.policy.roles.get(roleKey(g));
  if (!thereRole) return [`${verb.role}: ${g.role.kind} ${g.role.name} (the binding ${change === 'added' ? 'was dangling' : 'now dangles'})`];
  if (hereRole && !ruleListsEqual(hereRole.rules, thereRole.rules)) {
    const hereFrom = new Set(hereRole.ruleSources ?? []);
    const thereFrom = new Set(thereRole.ruleSources ?? []);
    const newFrom = [...hereFrom].filter((x) => !thereFrom.has(x) && x !== g.role.name);
    if (g.aggregatedFrom && newFrom.includes(g.aggregatedFrom)) {
      return [`aggregation: ClusterRole ${g.aggregatedFrom} ${change === 'added' ? 'now' : 'no longer'} feeds ${g.role.kind} ${g.role.name} (aggregation label ${change === 'added' ? 'added' : 'removed'})`];
    }
    if (g.aggregatedFrom) return [`${verb.rules}: ClusterRole ${g.aggregatedFrom}, aggregated into ${g.role.kind} ${g.role.name}`];
    return [`${verb.rules}: ${g.role.kind} ${g.role.namespace ? `${g.role.namespace}/` : ''}${g.role.name}`];
  }
  const rescoped = g.binding.kind === 'RoleBinding' ? g.rule.resources.filter((r) => base.catalogue.isClusterScoped(g.rule.apiGroups, r) !== head.catalogue.isClusterScoped(g.rule.apiGroups, r)) : [];
  if (rescoped.length) {
    const groups = g.rule.apiGroups.map((x) => x || 'core').join(', ');
    return [`resource scope changed: ${rescoped.join(', ')} (${groups}) ${change === 'added' ? 'is no longer cluster-scoped' : 'is now cluster-scoped'} (as the CustomResourceDefinitions or API discovery of each side say), so the RoleBinding ${change === 'added' ? 'now grants' : 'no longer grants'} it`];
  }
  return ['effective rules changed elsewhere (a cluster-wide grant that covered this was added or removed)'];
}

