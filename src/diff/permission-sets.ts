// Each side of a diff as effective permissions: per subject and scope, the grants (binding, role,
// rule) that take effect. Rules that can never take effect are kept apart, for a note.
import type { Analysis } from '../engine/analyze.js';
import { effectiveSubject, makeGrant } from '../engine/grants.js';
import { ruleSetIds } from '../engine/rule-sets.js';
import type { IndexedBinding } from '../engine/policy.js';
import { whyIneffectiveInNamespace } from '../engine/what-can.js';
import type { Subject } from '../model/rbac.js';
import type { Grant } from '../model/results.js';
import { subjectNeverMatches } from '../semantics/applies-to.js';

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

export function ruleFingerprint(g: Grant): string {
  const r = g.rule;
  return JSON.stringify([r.verbs, r.apiGroups, r.resources, r.resourceNames, r.nonResourceURLs]);
}

/**
 * Subjects whose grants may differ between two sides: the subjects of every binding that exists
 * on one side only, or whose subjects, roleRef or role rules differ. Everyone else holds exactly
 * the same grants on both sides, so a diff need not look at them (it stays proportional to the
 * change, not to the cluster).
 */
export function affectedSubjects(base: Analysis, head: Analysis): Set<string> {
  // One numbering of rule lists for both sides: equal numbers, equal rules (a short key instead of the rules' text per binding).
  const ruleListId = ruleSetIds({});
  const sides = (a: Analysis) => {
    const roleFp = new Map<string, string>();
    const out = new Map<string, { role: string; ib: IndexedBinding }>();
    for (const ib of a.policy.allBindings()) {
      let rf = roleFp.get(ib.roleKey);
      if (rf === undefined) {
        const r = a.policy.rulesOf(ib);
        rf = `${ib.roleKey}|${r ? `${ruleListId(r.rules)}${JSON.stringify(r.ruleSources ?? [])}` : 'missing'}`;
        roleFp.set(ib.roleKey, rf);
      }
      out.set(`${ib.binding.kind}/${ib.namespace}/${ib.binding.name}`, { role: rf, ib });
    }
    return out;
  };
  const [b, h] = [sides(base), sides(head)];
  const affected = new Set<string>();
  // Subject keys only for the bindings that differ: a diff of a few bindings in a large cluster.
  const add = (ib: IndexedBinding) => {
    for (const s of ib.binding.subjects) affected.add(subjectKey(effectiveSubject(s, ib)));
  };
  const same = (x: { role: string; ib: IndexedBinding }, y: { role: string; ib: IndexedBinding } | undefined) => y !== undefined && x.role === y.role && sameSubjects(x.ib.binding.subjects, y.ib.binding.subjects);
  for (const [k, x] of b) if (!same(x, h.get(k))) add(x.ib);
  for (const [k, x] of h) if (!same(x, b.get(k))) add(x.ib);
  return affected;
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
  for (const ib of bindings) {
    const resolved = a.policy.rulesOf(ib);
    if (!resolved) continue;
    for (const s of ib.binding.subjects) {
      if (subjectNeverMatches(s, ib.binding.kind)) continue;
      const subject = effectiveSubject(s, ib);
      if (only && !only.has(subjectKey(subject))) continue;
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
