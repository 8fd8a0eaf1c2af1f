// What a person types for an identity -> the user.Info the authorizer would see.
//   user:NAME | group:NAME | sa:NS:NAME | serviceaccount:NS:NAME | system:serviceaccount:NS:NAME
// parseSubjectSpec takes only these forms (it also reads graph keys back, where "clusterrole:x"
// must not become a user); parseIdentity, for what people type, also reads a bare NAME as a user.
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

const PREFIXED = /^(user|u|group|g|sa|serviceaccount):/i;
const SA_USERNAME = 'system:serviceaccount:';

/**
 * An identity as typed on the command line (and in the report's what-can box): the forms of
 * parseSubjectSpec, and any other NAME is a user (`jane`, `system:anonymous`,
 * `oidc:jane@example.com`), as kubectl --as reads it. A name that starts like a ServiceAccount
 * user name but is not one (`system:serviceaccount:ns`) is a usage error, not a user.
 */
export function parseIdentity(text: string): SubjectSpec {
  if (text === '') throw new UsageError('subject "": expected a user name, user:NAME, group:NAME or sa:NAMESPACE:NAME');
  if (PREFIXED.test(text) || parseServiceAccountUsername(text)) return parseSubjectSpec(text);
  if (text.toLowerCase().startsWith(SA_USERNAME)) throw new UsageError(`subject "${text}": a ServiceAccount user name is system:serviceaccount:NAMESPACE:NAME (for a user of this name, type user:${text})`);
  return { kind: 'User', name: text };
}

/**
 * A line such as `jane --group devs --as-group ops` or `--as sa:prod:ci`: the identity and its
 * extra groups, for a search box that takes what the CLI takes (words split on white space).
 */
export function parseIdentityLine(line: string): { spec: SubjectSpec; groups: string[] } {
  const words = line.trim().split(/\s+/).filter(Boolean);
  let subject: string | undefined;
  const groups: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const eq = /^(--group|--as-group|--as)=(.*)$/.exec(w);
    const [flag, value] = eq ? [eq[1]!, eq[2]!] : w === '--group' || w === '--as-group' || w === '--as' ? [w, words[++i]] : [undefined, w];
    if (flag === undefined && w.startsWith('-')) throw new UsageError(`${w}: expected --group GROUP, --as-group GROUP or --as USER`);
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flag === '--group' || flag === '--as-group') groups.push(value);
    else if (subject !== undefined) throw new UsageError(`"${line.trim()}": name one identity (found "${subject}" and "${value}")`);
    else subject = value;
  }
  if (subject === undefined) throw new UsageError('name an identity: a user name, user:NAME, group:NAME or sa:NAMESPACE:NAME, then any --group GROUP');
  return { spec: parseIdentity(subject), groups };
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
