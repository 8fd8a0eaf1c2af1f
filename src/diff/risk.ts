// Marks gained permissions that an audit check flags: findings on the head side that the base side
// does not have (same check, subject and scope) are attached to the changes that cause them.
import { audit } from '../audit/audit.js';
import type { Finding } from '../audit/finding.js';
import type { QueryDefinition } from '../audit/query-definition.js';
import type { Analysis } from '../engine/analyze.js';
import type { DiffResult } from './diff.js';
import { entryKey, subjectKey } from './permission-sets.js';
import { analyze } from '../engine/analyze.js';
import { effectiveSubject } from '../engine/grants.js';
import type { Binding } from '../model/rbac.js';

const findingKey = (f: Finding) => (f.subject ? `${f.check}|${entryKey(f.subject, f.scope)}|${f.restrictedTo ? 'r' : 'o'}` : '');

/**
 * A finding about subject S comes only from bindings that name S (checks match exact subjects),
 * so each side is audited on just the bindings naming a subject that gains something: the same
 * findings for those subjects, at a fraction of the cost. Checks that walk the whole escalation
 * graph (match.reaches) are left to `rbac audit`.
 */
function reduced(a: Analysis, subjects: Set<string>): Analysis {
  const names = (b: Binding) => b.subjects.some((s) => subjects.has(subjectKey(effectiveSubject(s, { namespace: b.kind === 'RoleBinding' ? b.namespace : '' }))));
  const s = a.snapshot;
  return analyze({ ...s, roleBindings: s.roleBindings.filter(names), clusterRoleBindings: s.clusterRoleBindings.filter(names), diagnostics: [] }, { aggregation: a.policy.options.aggregation ?? (s.meta.origin === 'cluster' ? 'stored' : 'compute') });
}

export function markRisks(result: DiffResult, base: Analysis, head: Analysis, queries: readonly QueryDefinition[]): void {
  const gaining = new Set(result.changes.filter((c) => c.change === 'added').map((c) => subjectKey(c.subject)));
  if (gaining.size === 0) return;
  const requestChecks = queries.filter((q) => !q.match.hygiene && !q.match.reaches);
  const before = new Set(audit(reduced(base, gaining), requestChecks).findings.filter((f) => !f.excluded).map(findingKey));
  const fresh = audit(reduced(head, gaining), requestChecks).findings.filter((f) => !f.excluded && f.subject && !before.has(findingKey(f)));
  for (const f of fresh) {
    const candidates = result.changes.filter((c) => c.change === 'added' && entryKey(c.subject, c.scope) === entryKey(f.subject!, f.scope));
    const byBinding = candidates.filter((c) => f.grants.some((g) => g.binding.kind === c.grant.binding.kind && g.binding.name === c.grant.binding.name && g.binding.namespace === c.grant.binding.namespace));
    for (const c of byBinding.length ? byBinding : candidates.slice(0, 1)) {
      if (!c.risks.some((r) => r.check === f.check)) c.risks.push({ check: f.check, severity: f.severity, title: f.title });
    }
  }
}
