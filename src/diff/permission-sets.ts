// Each side of a diff as effective permissions: per subject and scope, the grants (binding, role,
// rule) that take effect. Rules that can never take effect are kept apart, for a note.
import type { Analysis } from '../engine/analyze.js';
import { effectiveSubject, makeGrant } from '../engine/grants.js';
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

export function permissionSets(a: Analysis): PermissionSets {
  const byKey = new Map<string, SubjectScope>();
  const ineffective = new Set<string>();
  const bindings = [...a.policy.clusterRoleBindings, ...[...a.policy.roleBindingsByNamespace.values()].flat()];
  for (const ib of bindings) {
    const resolved = a.policy.rulesOf(ib);
    if (!resolved) continue;
    for (const s of ib.binding.subjects) {
      if (subjectNeverMatches(s, ib.binding.kind)) continue;
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
