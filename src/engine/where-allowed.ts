// A request without a namespace is one request across all namespaces, which only
// ClusterRoleBindings can allow. When it is denied, the namespaces where the same request would be
// allowed are the likely answer to what was meant: each is asked of the authorizer itself.
import { compareStrings } from '../model/compare.js';
import type { ResourceRequest, UserInfo } from '../model/request.js';
import { authorize, candidateBindings } from './authorize.js';
import type { Policy } from './policy.js';

/** Namespaces where the request, given that namespace, is allowed, sorted. */
export function namespacesAllowing(policy: Policy, user: UserInfo, req: ResourceRequest): string[] {
  // Only a RoleBinding that may apply to the user can make a namespace differ from cluster scope.
  const namespaces = new Set(candidateBindings(policy, user).filter((ib) => ib.binding.kind === 'RoleBinding').map((ib) => ib.namespace));
  return [...namespaces].sort(compareStrings).filter((namespace) => authorize(policy, user, { ...req, namespace }).allowed);
}

const SHOWN = 3;

/** The note for a denied cross-namespace request that some namespaces allow. */
export function allowedElsewhereNote(namespaces: readonly string[]): string | undefined {
  if (namespaces.length === 0) return undefined;
  const more = namespaces.length > SHOWN ? ` (and ${namespaces.length - SHOWN} more)` : '';
  const where = namespaces.length === 1 ? `namespace ${namespaces[0]}` : `namespaces ${namespaces.slice(0, SHOWN).join(', ')}${more}`;
  return `without -n the request is for all namespaces at once, which only ClusterRoleBindings can allow; it is allowed in ${where}: add -n ${namespaces.length === 1 ? namespaces[0] : 'NAMESPACE'}`;
}
