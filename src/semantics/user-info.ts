// The identity an authenticator hands the authorizer. Sources in kubernetes/kubernetes
// staging/src/k8s.io/apiserver/pkg/authentication: serviceaccount/util.go (MakeUsername,
// MakeGroupNames), group/authenticated_group_adder.go, request/anonymous/anonymous.go,
// user/user.go (the well-known names).
import type { UserInfo } from '../model/request.js';

export const SYSTEM_MASTERS = 'system:masters';
export const ALL_AUTHENTICATED = 'system:authenticated';
export const ALL_UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';
export const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';
const SA_PREFIX = 'system:serviceaccount:';

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

export function serviceAccountNamespaceGroup(namespace: string): string {
  return `${ALL_SERVICE_ACCOUNTS}:${namespace}`;
}

/** Splits system:serviceaccount:NS:NAME; undefined for any other user name. */
export function parseServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SA_PREFIX)) return undefined;
  const rest = username.slice(SA_PREFIX.length);
  const parts = rest.split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  return { namespace: parts[0]!, name: parts[1]! };
}

/**
 * Adds the groups that authentication adds on its own (spec §15A): the two ServiceAccount groups
 * for a ServiceAccount name, system:unauthenticated for system:anonymous, and
 * system:authenticated for everyone else unless an (un)authenticated group is already there.
 */
export function withImplicitGroups(name: string, groups: readonly string[]): UserInfo {
  const out = [...groups];
  const add = (g: string) => {
    if (!out.includes(g)) out.push(g);
  };
  const sa = parseServiceAccountUsername(name);
  if (sa) {
    add(ALL_SERVICE_ACCOUNTS);
    add(serviceAccountNamespaceGroup(sa.namespace));
  }
  if (name === ANONYMOUS) {
    add(ALL_UNAUTHENTICATED);
  } else if (!out.includes(ALL_AUTHENTICATED) && !out.includes(ALL_UNAUTHENTICATED)) {
    add(ALL_AUTHENTICATED);
  }
  return { name, groups: out };
}

export function isPrivileged(user: UserInfo): boolean {
  return user.groups.includes(SYSTEM_MASTERS);
}
