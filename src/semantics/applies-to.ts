// Port of kubernetes/kubernetes pkg/registry/rbac/validation/rule.go : appliesTo, appliesToUser.
// Only the user's name and groups are compared, exactly and case-sensitively; subject apiGroup
// is never looked at, and any kind but User, Group and ServiceAccount matches nobody.
import type { Subject } from '../model/rbac.js';
import type { UserInfo } from '../model/request.js';
import { serviceAccountUsername } from './user-info.js';

/**
 * @param evaluationNamespace the namespace a ServiceAccount subject without one defaults to:
 *   the RoleBinding's namespace, or "" for a ClusterRoleBinding (where such a subject matches nobody).
 */
export function appliesToUser(user: UserInfo, subject: Subject, evaluationNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || evaluationNamespace;
      if (ns === '') return false;
      return user.name === serviceAccountUsername(ns, subject.name);
    }
    default:
      return false;
  }
}

/** The first subject of the binding that matches, as the authorizer reports it; -1 when none does. */
export function appliesTo(user: UserInfo, subjects: readonly Subject[], evaluationNamespace: string): number {
  for (let i = 0; i < subjects.length; i++) {
    if (appliesToUser(user, subjects[i]!, evaluationNamespace)) return i;
  }
  return -1;
}

/** Why a stored subject can never match any request, or undefined when it can. */
export function subjectNeverMatches(subject: Subject, bindingKind: 'RoleBinding' | 'ClusterRoleBinding'): string | undefined {
  if (subject.kind !== 'User' && subject.kind !== 'Group' && subject.kind !== 'ServiceAccount') {
    return `subject kind "${subject.kind}" is not User, Group or ServiceAccount (kinds are case-sensitive)`;
  }
  if (subject.kind === 'ServiceAccount' && !subject.namespace && bindingKind === 'ClusterRoleBinding') {
    return 'a ServiceAccount subject without a namespace in a ClusterRoleBinding matches no one';
  }
  if (subject.name === '') return 'subject has an empty name';
  return undefined;
}
