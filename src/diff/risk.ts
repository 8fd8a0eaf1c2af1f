// Marks gained permissions that an audit check flags: findings on the head side that the base side
// does not have (same check, subject and scope) are attached to the changes that cause them.
import { audit } from '../audit/audit.js';
import type { Finding } from '../audit/finding.js';
import type { QueryDefinition } from '../audit/query-definition.js';
import type { Analysis } from '../engine/analyze.js';
import type { DiffResult } from './diff.js';
import { entryKey } from './permission-sets.js';

const findingKey = (f: Finding) => (f.subject ? `${f.check}|${entryKey(f.subject, f.scope)}|${f.restrictedTo ? 'r' : 'o'}` : '');

export function markRisks(result: DiffResult, base: Analysis, head: Analysis, queries: readonly QueryDefinition[]): void {
  const requestChecks = queries.filter((q) => !q.match.hygiene);
  const before = new Set(audit(base, requestChecks).findings.filter((f) => !f.excluded).map(findingKey));
  const fresh = audit(head, requestChecks).findings.filter((f) => !f.excluded && f.subject && !before.has(findingKey(f)));
  for (const f of fresh) {
    const candidates = result.changes.filter((c) => c.change === 'added' && entryKey(c.subject, c.scope) === entryKey(f.subject!, f.scope));
    const byBinding = candidates.filter((c) => f.grants.some((g) => g.binding.kind === c.grant.binding.kind && g.binding.name === c.grant.binding.name && g.binding.namespace === c.grant.binding.namespace));
    for (const c of byBinding.length ? byBinding : candidates.slice(0, 1)) {
      if (!c.risks.some((r) => r.check === f.check)) c.risks.push({ check: f.check, severity: f.severity, title: f.title });
    }
  }
}
