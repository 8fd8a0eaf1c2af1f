// audit(analysis, queries): every check over one analysed snapshot, findings sorted by severity.
import { compareStrings } from '../model/compare.js';
import type { Analysis } from '../engine/analyze.js';
import { applyExclusions, type ScopedExclusion } from './exclusions.js';
import { SEVERITY_RANK, type Finding } from './finding.js';
import type { BaselineComparison } from './baseline.js';
import { evaluateQuery } from './evaluate.js';
import type { QueryDefinition, QuerySeverity } from './query-definition.js';

export interface AuditOptions {
  exclusions?: ScopedExclusion[];
}

export interface AuditResult {
  findings: Finding[];
  checks: number;
  /** Set by compareWithBaseline: reports then list and fail on new and updated findings only. */
  baseline?: BaselineComparison;
}

export function audit(analysis: Analysis, queries: readonly QueryDefinition[], opts: AuditOptions = {}): AuditResult {
  const findings: Finding[] = [];
  for (const q of queries) {
    const list = evaluateQuery(analysis.policy, q, analysis.catalogue);
    applyExclusions(list, q.exclude, opts.exclusions ?? []);
    findings.push(...list);
  }
  findings.sort(compareFindings);
  return { findings, checks: queries.length };
}

export function compareFindings(a: Finding, b: Finding): number {
  const who = (f: Finding) => (f.subject ? `${f.subject.kind}/${f.subject.namespace ?? ''}/${f.subject.name}` : `${f.object?.kind}/${f.object?.namespace ?? ''}/${f.object?.name}`);
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareStrings(a.check, b.check) || compareStrings(who(a), who(b)) || compareStrings(a.scope, b.scope);
}

/** Whether any finding that is not excluded (nor unchanged since a baseline) reaches the threshold (for --fail-on). */
export function reachesThreshold(findings: readonly Finding[], threshold: QuerySeverity): boolean {
  return findings.some((f) => !f.excluded && f.baselineState !== 'unchanged' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]);
}
