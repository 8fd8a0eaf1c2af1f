// What a person types for an identity -> the user.Info the authorizer would see.
//   user:NAME | group:NAME | sa:NS:NAME | serviceaccount:NS:NAME | system:serviceaccount:NS:NAME
import { UsageError } from '../errors.js';
import type { UserInfo } from '../model/request.js';
import { parseServiceAccountUsername, serviceAccountUsername, withImplicitGroups } from '../semantics/user-info.js';

export interface SubjectSpec {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace?: string;
}

export function parseSubjectSpec(text: string): SubjectSpec {
  const sa = parseServiceAccountUsername(text);
  if (sa) return { kind: 'ServiceAccount', ...sa };
  const i = text.indexOf(':');
  const prefix = i < 0 ? '' : text.slice(0, i).toLowerCase();
  const rest = i < 0 ? '' : text.slice(i + 1);
  switch (prefix) {
    case 'user':
    case 'u':
      if (rest) return { kind: 'User', name: rest };
      break;
    case 'group':
    case 'g':
      if (rest) return { kind: 'Group', name: rest };
      break;
    case 'sa':
    case 'serviceaccount': {
      const parts = rest.split(':');
      if (parts.length === 2 && parts[0] && parts[1]) return { kind: 'ServiceAccount', namespace: parts[0], name: parts[1] };
      throw new UsageError(`subject "${text}": a ServiceAccount is sa:NAMESPACE:NAME, e.g. sa:kube-system:default`);
    }
  }
  throw new UsageError(`subject "${text}": expected user:NAME, group:NAME or sa:NAMESPACE:NAME (e.g. user:jane, group:devs, sa:prod:deployer)`);
}

/**
 * The identity behind a subject, with the groups authentication adds (spec §15A). A group stands
 * for any one of its members: a user in exactly that group.
 */
export function userInfoFor(spec: SubjectSpec, extraGroups: readonly string[] = []): UserInfo {
  switch (spec.kind) {
    case 'User':
      return withImplicitGroups(spec.name, extraGroups);
    case 'ServiceAccount':
      return withImplicitGroups(serviceAccountUsername(spec.namespace!, spec.name), extraGroups);
    case 'Group':
      return withImplicitGroups(`member of group ${spec.name}`, [spec.name, ...extraGroups]);
  }
}
