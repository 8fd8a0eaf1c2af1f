// Each side of a diff as effective permissions: per subject and scope, the grants (binding, role,
// rule) that take effect. Rules that can never take effect are kept apart, for a note.
import type { Analysis } from '../engine/analyze.js';
import { effectiveSubject, makeGrant } from '../engine/grants.js';
import type { IndexedBinding, ResolvedRole } from '../engine/policy.js';
import { ruleText } from '../engine/rule-sets.js';
import { whyIneffectiveInNamespace } from '../engine/what-can.js';
import type { Subject } from '../model/rbac.js';
import type { Grant } from '../model/results.js';
import { subjectNeverMatches } from '../semantics/applies-to.js';
import { ruleListsEqual, sameList } from '../semantics/aggregation.js';

export interface SubjectScope {
  subject: Subject;
  scope: string;
  grants: Grant[];
}

export interface PermissionSets {
  byKey: Map<string, SubjectScope>;
  /** Fingerprints of the rules that cannot take effect, for "changed but no effect" notes. */
  ineffective: Set<string>;
}

export const subjectKey = (s: Subject) => `${s.kind}\u0000${s.namespace ?? ''}\u0000${s.name}`;
export const entryKey = (s: Subject, scope: string) => `${subjectKey(s)}\u0000${scope}`;

/**
 * A test for "this subject of a binding is one of these keys", by name first: in a diff of a few
 * bindings in a large cluster most subjects fail on the name and cost no key.
 */
export function subjectIn(keys: ReadonlySet<string>): (s: Subject, binding: { namespace: string }) => boolean {
  // A key is kind \0 namespace \0 name, so the name is what follows one of its \0s: every such tail is kept,
  // since a malformed namespace kept for analysis may hold a \0 of its own (a superset only costs a key).
  const names = new Set<string>();
  for (const k of keys) for (let i = k.indexOf('\u0000'); i >= 0; i = k.indexOf('\u0000', i + 1)) names.add(k.slice(i + 1));
  return (s, binding) => names.has(s.name) && keys.has(subjectKey(effectiveSubject(s, binding)));
}

export const ruleFingerprint = (g: Grant): string => ruleText(g.rule);

/**
 * Subjects whose grants may differ between two sides: the subjects of every binding that exists
 * on one side only, or whose subjects, roleRef or role rules differ, and of every RoleBinding on
 * a resource whose scope the two sides' catalogues answer differently (a CRD added or re-scoped
 * makes such a rule take effect or stop). Everyone else holds exactly the same grants on both
 * sides, so a diff need not look at them (it stays proportional to the change, not to the
 * cluster). A superset is safe; a missing subject would be a hidden change.
 */
export function affectedSubjects(base: Analysis, head: Analysis): Set<string> {
  const affected = new Set<string>();
  const add = (ib: IndexedBinding) => {
    for (const s of ib.binding.subjects) affected.add(subjectKey(effectiveSubject(s, ib)));
  };
  const rescoped = base.catalogue.scopeChanges(head.catalogue);
  const touchesRescoped = (a: Analysis, ib: IndexedBinding) => rescoped.size > 0 && ib.binding.kind === 'RoleBinding' && (a.policy.rulesOf(ib)?.rules ?? []).some((r) => r.resources.some((x) => rescoped.has(x.split('/')[0]!)));
  // Per roleKey: whether both sides resolve it to the same rules (aggregation included), asked once.
  const sameRole = new Map<string, boolean>();
  const rolesMatch = (x: IndexedBinding, y: IndexedBinding) => {
    let same = sameRole.get(x.roleKey);
    if (same === undefined) sameRole.set(x.roleKey, (same = sameResolved(base.policy.rulesOf(x), head.policy.rulesOf(y))));
    return same;
  };
  const compare = (x: IndexedBinding, y: IndexedBinding | undefined) => {
    if (y === undefined) add(x);
    else if (x.roleKey !== y.roleKey || !sameSubjects(x.binding.subjects, y.binding.subjects) || !rolesMatch(x, y)) {
      add(x);
      add(y);
    } else if (touchesRescoped(base, x) || touchesRescoped(head, y)) add(x);
  };
  pairByName(base.policy.clusterRoleBindings, head.policy.clusterRoleBindings, compare, add);
  for (const [ns, list] of base.policy.roleBindingsByNamespace) pairByName(list, head.policy.roleBindingsByNamespace.get(ns) ?? [], compare, add);
  for (const [ns, list] of head.policy.roleBindingsByNamespace) if (!base.policy.roleBindingsByNamespace.has(ns)) for (const y of list) add(y);
  return affected;
}

/**
 * Pairs the bindings of one list (one namespace, or the ClusterRoleBindings) on both sides by
 * name. Two sides of a pull request mostly keep their order, so pairs are taken by position
 * while the names agree, and by name after the first difference. Every base binding meets its
 * head twin or undefined; every head binding is paired or passed to headOnly.
 */
function pairByName(b: readonly IndexedBinding[], h: readonly IndexedBinding[], pair: (x: IndexedBinding, y: IndexedBinding | undefined) => void, headOnly: (y: IndexedBinding) => void): void {
  let i = 0;
  for (const n = Math.min(b.length, h.length); i < n && b[i]!.binding.name === h[i]!.binding.name; i++) pair(b[i]!, h[i]!);
  if (i === b.length && i === h.length) return;
  const rest = new Map<string, IndexedBinding>();
  for (let j = i; j < h.length; j++) {
    const y = h[j]!;
    const twin = rest.get(y.binding.name);
    if (twin) headOnly(twin); // a name given twice (library input): the earlier one is still compared, as head-only
    rest.set(y.binding.name, y);
  }
  for (let j = i; j < b.length; j++) {
    const x = b[j]!;
    const y = rest.get(x.binding.name);
    if (y) rest.delete(x.binding.name);
    pair(x, y);
  }
  for (const y of rest.values()) headOnly(y);
}

/** The same rules, element by element, from the same aggregated sources; both missing is the same. */
function sameResolved(a: ResolvedRole | undefined, b: ResolvedRole | undefined): boolean {
  if (!a || !b) return a === b;
  return ruleListsEqual(a.rules, b.rules) && sameList(a.ruleSources ?? [], b.ruleSources ?? []);
}

/** Field by field, in order: the comparison a text of each list would make, without the text. */
function sameSubjects(a: readonly Subject[], c: readonly Subject[]): boolean {
  if (a.length !== c.length) return false;
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, c[i]!];
    if (x.kind !== y.kind || x.name !== y.name || x.namespace !== y.namespace || x.apiGroup !== y.apiGroup) return false;
  }
  return true;
}

export function permissionSets(a: Analysis, only?: Set<string>): PermissionSets {
  const byKey = new Map<string, SubjectScope>();
  const ineffective = new Set<string>();
  const bindings = a.policy.allBindings();
  const wanted = only && subjectIn(only);
  for (const ib of bindings) {
    const resolved = a.policy.rulesOf(ib);
    if (!resolved) continue;
    for (const s of ib.binding.subjects) {
      if (subjectNeverMatches(s, ib.binding.kind) || (wanted && !wanted(s, ib))) continue;
      const subject = effectiveSubject(s, ib);
      const key = entryKey(subject, ib.namespace);
      let e = byKey.get(key);
      for (let i = 0; i < resolved.rules.length; i++) {
        const g = makeGrant(ib, resolved, subject, i, ib.namespace);
        if (ib.namespace && whyIneffectiveInNamespace(g, a.catalogue)) {
          ineffective.add(`${key}\u0000${ruleFingerprint(g)}`);
          continue;
        }
        if (!e) byKey.set(key, (e = { subject, scope: ib.namespace, grants: [] }));
        e.grants.push(g);
      }
    }
  }
  return { byKey, ineffective };
}
