// Building Grant values from an indexed binding: one place for the shape every query returns.
import type { Binding, SourceRef, Subject } from '../model/rbac.js';
import { defaultPolicyRelease } from '../model/source.js';
import type { Grant, ObjectRef } from '../model/results.js';
import type { IndexedBinding, Policy, ResolvedRole } from './policy.js';

export function bindingRef(b: Binding): ObjectRef {
  const ref: ObjectRef = b.kind === 'RoleBinding' ? { kind: b.kind, name: b.name, namespace: b.namespace } : { kind: b.kind, name: b.name };
  return markDefault(ref, b.source);
}

/** Marks a reference to an object of the built-in default policy with its release. */
export function markDefault(ref: ObjectRef, source: SourceRef | undefined): ObjectRef {
  const release = defaultPolicyRelease(source);
  if (release) ref.defaultPolicy = release;
  return ref;
}

export function roleRefOf(ib: IndexedBinding): ObjectRef {
  const ref = ib.binding.roleRef;
  return ref.kind === 'Role' ? { kind: 'Role', name: ref.name, namespace: ib.namespace } : { kind: ref.kind, name: ref.name };
}

/** A subject as it applies: a ServiceAccount without a namespace in a RoleBinding means the binding's namespace. */
export function effectiveSubject(s: Subject, binding: { namespace: string }): Subject {
  const out: Subject = { kind: s.kind, name: s.name };
  const ns = s.kind === 'ServiceAccount' ? s.namespace || binding.namespace : s.namespace;
  if (ns) out.namespace = ns;
  return out;
}

export function makeGrant(ib: IndexedBinding, resolved: ResolvedRole, subject: Subject, ruleIndex: number, scope: string): Grant {
  return grantMaker(ib, resolved)(subject, ruleIndex, scope);
}

/** makeGrant for many subjects and rules of one binding: the binding and role refs are built once and shared. */
export function grantMaker(ib: IndexedBinding, resolved: ResolvedRole): (subject: Subject, ruleIndex: number, scope: string) => Grant {
  const binding = bindingRef(ib.binding);
  const role = markDefault(roleRefOf(ib), resolved.role.source);
  return (subject, ruleIndex, scope) => {
    const g: Grant = { subject, binding, role, scope, ruleIndex, rule: resolved.rules[ruleIndex]!, bindingSource: ib.binding.source };
    const from = resolved.ruleSources?.[ruleIndex];
    if (from !== undefined && from !== resolved.role.name) g.aggregatedFrom = from;
    if (resolved.dependsOnHistory) g.dependsOnHistory = true;
    return g;
  };
}

export function firstAllowingRule(policy: Policy, ib: IndexedBinding, test: (r: ResolvedRole['rules'][number]) => boolean): { resolved: ResolvedRole; index: number } | undefined {
  const resolved = policy.rulesOf(ib);
  if (!resolved) return undefined;
  const index = resolved.rules.findIndex(test);
  return index >= 0 ? { resolved, index } : undefined;
}
