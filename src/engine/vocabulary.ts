// The names the input uses: every verb a rule names, every namespace an object or binding names,
// every subject a binding names. What "appears nowhere" is checked against, and where "did you
// mean" looks. Built once per Policy, on first use.
import { parseServiceAccountUsername } from '../semantics/user-info.js';
import type { Policy } from './policy.js';

/** Each part is built on first use, so a question that needs none of them (a standard verb, no namespace, no subject) costs nothing. */
export class Vocabulary {
  private verbSet?: Set<string>;
  private namespaceSet?: Set<string>;
  private subjectSets?: { users: Set<string>; groups: Set<string>; boundServiceAccounts: Set<string>; serviceAccountObjects: Set<string>; namespaces: Set<string> };

  constructor(private readonly policy: Policy) {}

  /** Verbs written in any rule, `*` included. */
  get verbs(): Set<string> {
    if (!this.verbSet) {
      const verbs = new Set<string>();
      for (const { role, rules } of this.policy.roles.values()) {
        for (const r of role.rules) for (const verb of r.verbs) verbs.add(verb);
        for (const r of rules) for (const verb of r.verbs) verbs.add(verb);
      }
      this.verbSet = verbs;
    }
    return this.verbSet;
  }

  /** Namespaces of Namespace objects, of namespaced objects, of RoleBindings and of subjects. */
  get namespaces(): Set<string> {
    if (!this.namespaceSet) {
      const s = this.policy.snapshot;
      const ns = new Set<string>(this.subjects.namespaces);
      for (const n of s.namespaces) ns.add(n.name);
      for (const list of [s.roles, s.roleBindings, s.serviceAccounts]) for (const o of list) ns.add(o.namespace);
      this.namespaceSet = ns;
    }
    return this.namespaceSet;
  }

  /** Names of User subjects (ServiceAccount user names apart). */
  get users(): Set<string> {
    return this.subjects.users;
  }

  get groups(): Set<string> {
    return this.subjects.groups;
  }

  /** "NS/NAME" of ServiceAccounts some binding names. */
  get boundServiceAccounts(): Set<string> {
    return this.subjects.boundServiceAccounts;
  }

  /** "NS/NAME" of ServiceAccount objects. */
  get serviceAccountObjects(): Set<string> {
    return this.subjects.serviceAccountObjects;
  }

  private get subjects(): NonNullable<Vocabulary['subjectSets']> {
    if (!this.subjectSets) {
      const v = { users: new Set<string>(), groups: new Set<string>(), boundServiceAccounts: new Set<string>(), serviceAccountObjects: new Set<string>(), namespaces: new Set<string>() };
      for (const sa of this.policy.snapshot.serviceAccounts) v.serviceAccountObjects.add(`${sa.namespace}/${sa.name}`);
      // The subject index has already defaulted ServiceAccount namespaces to the RoleBinding's own.
      for (const key of this.policy.bindingsBySubject.keys()) {
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
      this.subjectSets = v;
    }
    return this.subjectSets;
  }
}

const cache = new WeakMap<Policy, Vocabulary>();

export function vocabularyOf(policy: Policy): Vocabulary {
  let v = cache.get(policy);
  if (!v) cache.set(policy, (v = new Vocabulary(policy)));
  return v;
}
