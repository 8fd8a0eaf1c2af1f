// Canonical string keys for objects and subjects, made in one place so the index, the graph and
// every report agree on them.
import type { AnyRole, Binding, RoleRef, Subject } from './rbac.js';

export function roleKey(kind: 'Role' | 'ClusterRole', name: string, namespace = ''): string {
  return kind === 'Role' ? `role:${namespace}/${name}` : `clusterrole:${name}`;
}

export function keyOfRole(role: AnyRole): string {
  return role.kind === 'Role' ? roleKey('Role', role.name, role.namespace) : roleKey('ClusterRole', role.name);
}

/**
 * The role a roleRef points to, resolved the way GetRoleReferenceRules does: a Role is always
 * looked up in the binding's own namespace ("" for a ClusterRoleBinding, where none can exist).
 */
export function keyOfRoleRef(ref: RoleRef, bindingNamespace: string): string {
  if (ref.kind === 'ClusterRole') return roleKey('ClusterRole', ref.name);
  if (ref.kind === 'Role') return roleKey('Role', ref.name, bindingNamespace);
  return `unsupported:${ref.kind}/${ref.name}`;
}

export function keyOfBinding(b: Binding): string {
  return b.kind === 'RoleBinding' ? `rolebinding:${b.namespace}/${b.name}` : `clusterrolebinding:${b.name}`;
}

/** The subject as the user would type it: user:NAME, group:NAME, sa:NS:NAME, or kind:NAME for odd kinds. */
export function keyOfSubject(s: Subject): string {
  switch (s.kind) {
    case 'User':
      return `user:${s.name}`;
    case 'Group':
      return `group:${s.name}`;
    case 'ServiceAccount':
      return `sa:${s.namespace ?? ''}:${s.name}`;
    default:
      return `${s.kind}:${s.name}${s.namespace ? `@${s.namespace}` : ''}`;
  }
}

export function describeBinding(b: Binding): string {
  return b.kind === 'RoleBinding' ? `RoleBinding ${b.namespace}/${b.name}` : `ClusterRoleBinding ${b.name}`;
}

export function describeRoleRef(ref: RoleRef, bindingNamespace: string): string {
  return ref.kind === 'Role' ? `Role ${bindingNamespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}
