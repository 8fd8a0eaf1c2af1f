// The names the input uses: every verb a rule names, every namespace an object or binding names,
// every subject a binding names. What "appears nowhere" is checked against, and where "did you
// mean" looks. Built once per Policy, on first use.
import { parseServiceAccountUsername } from '../semantics/user-info.js';
import type { Policy } from './policy.js';

export interface Vocabulary {
  /** Verbs written in any rule, `*` included. */
  verbs: Set<string>;
  /** Namespaces of Namespace objects, of namespaced objects, of RoleBindings and of subjects. */
  namespaces: Set<string>;
  /** Names of User and Group subjects (ServiceAccount user names apart). */
  users: Set<string>;
  groups: Set<string>;
  /** "NS/NAME" of ServiceAccounts some binding names, and of ServiceAccount objects. */
  boundServiceAccounts: Set<string>;
  serviceAccountObjects: Set<string>;
}

const cache = new WeakMap<Policy, Vocabulary>();

export function vocabularyOf(policy: Policy): Vocabulary {
  let v = cache.get(policy);
  if (!v) cache.set(policy, (v = build(policy)));
  return v;
}

function build(policy: Policy): Vocabulary {
  const s = policy.snapshot;
  const v: Vocabulary = { verbs: new Set(), namespaces: new Set(), users: new Set(), groups: new Set(), boundServiceAccounts: new Set(), serviceAccountObjects: new Set() };
  for (const { role, rules } of policy.roles.values()) for (const r of [...role.rules, ...rules]) for (const verb of r.verbs) v.verbs.add(verb);
  for (const n of s.namespaces) v.namespaces.add(n.name);
  for (const o of [...s.roles, ...s.roleBindings, ...s.serviceAccounts]) v.namespaces.add(o.namespace);
  for (const sa of s.serviceAccounts) v.serviceAccountObjects.add(`${sa.namespace}/${sa.name}`);
  // The subject index has already defaulted ServiceAccount namespaces to the RoleBinding's own.
  for (const key of policy.bindingsBySubject.keys()) {
    const name = key.slice(key.indexOf(':') + 1);
    const sa = key.startsWith('User:') ? parseServiceAccountUsername(name) : undefined;
    if (sa) {
      v.boundServiceAccounts.add(`${sa.namespace}/${sa.name}`);
      v.namespaces.add(sa.namespace);
    } else if (key.startsWith('User:')) v.users.add(name);
    else {
      v.groups.add(name);
      const nsGroup = /^system:serviceaccounts:(.+)$/.exec(name);
      if (nsGroup) v.namespaces.add(nsGroup[1]!);
    }
  }
  return v;
}
