// Marks gained permissions that an audit check flags. Judged permission by permission: every
// matched request (verb, resource, scope, names) of a head-side finding that no base-side
// finding of the same check and subject covers is new, and goes on each gained change whose
// rules allow that request. A narrowing (open -> some names) is covered, so it is never a gain.
import { audit } from '../audit/audit.js';
import { PermissionIndex, findingPermissions, type FindingPermission } from '../audit/identity.js';
import type { QueryDefinition } from '../audit/query-definition.js';
import type { Analysis } from '../engine/analyze.js';
import type { DiffChange, DiffResult } from './diff.js';
import { subjectIn, subjectKey } from './permission-sets.js';
import { analyze } from '../engine/analyze.js';
import type { Binding } from '../model/rbac.js';
import { ruleAllows } from '../semantics/rule-matches.js';

/**
 * A finding about subject S comes only from bindings that name S (checks match exact subjects),
 * so each side is audited on just the bindings naming a subject that gains something: the same
 * findings for those subjects, at a fraction of the cost. Checks that walk the whole escalation
 * graph (match.reaches) are left to `rbac audit`.
 */
function reduced(a: Analysis, subjects: Set<string>): Analysis {
  const wanted = subjectIn(subjects);
  const names = (b: Binding) => {
    const scope = { namespace: b.kind === 'RoleBinding' ? b.namespace : '' };
    return b.subjects.some((s) => wanted(s, scope));
  };
  const s = a.snapshot;
  return analyze({ ...s, roleBindings: s.roleBindings.filter(names), clusterRoleBindings: s.clusterRoleBindings.filter(names), diagnostics: [] }, { aggregation: a.policy.options.aggregation ?? (s.meta.origin === 'cluster' ? 'stored' : 'compute') });
}

/** Whether a gained change carries this permission: its scope holds there and one of its gained rules allows the request (for one of the names). */
function carries(c: DiffChange, p: FindingPermission): boolean {
  if (c.scope !== '' && c.scope !== p.scope) return false;
  const req = p.request;
  if (!req) return false;
  const names = p.names ?? [req.kind === 'resource' ? req.name : ''];
  return c.rules.some((r) => names.some((name) => ruleAllows(r, req.kind === 'resource' ? { ...req, name, namespace: p.scope } : req)));
}

export function markRisks(result: DiffResult, base: Analysis, head: Analysis, queries: readonly QueryDefinition[]): void {
  const gains = result.changes.filter((c) => c.change === 'added');
  const gaining = new Set(gains.map((c) => subjectKey(c.subject)));
  if (gaining.size === 0) return;
  const requestChecks = queries.filter((q) => !q.match.hygiene && !q.match.reaches && !q.match.workloads);
  const before = new PermissionIndex(audit(reduced(base, gaining), requestChecks).findings.filter((f) => !f.excluded));
  for (const f of audit(reduced(head, gaining), requestChecks).findings) {
    if (f.excluded || !f.subject) continue;
    const fresh = findingPermissions(f).filter((p) => !before.covered(p));
    if (fresh.length === 0) continue;
    const who = subjectKey(f.subject);
    for (const c of gains) {
      if (subjectKey(c.subject) !== who || !fresh.some((p) => carries(c, p))) continue;
      if (!c.risks.some((r) => r.check === f.check)) c.risks.push({ check: f.check, severity: f.severity, title: f.title });
    }
  }
}
