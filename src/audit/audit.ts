// audit(analysis, queries): every check over one analysed snapshot, findings sorted by severity.
import type { EscalationGraph } from '../paths/escalation-graph.js';
import { defaultPolicyRelease } from '../model/source.js';
import { compareStrings } from '../model/compare.js';
import type { Analysis } from '../engine/analyze.js';
import { applyExclusions, type ScopedExclusion } from './exclusions.js';
import { SEVERITY_RANK, type Finding } from './finding.js';
import type { BaselineComparison } from './baseline.js';
import { evaluateQuery } from './evaluate.js';
import { attachWorkloads, workloadFindings } from './workloads.js';
import type { QueryDefinition, QuerySeverity } from './query-definition.js';

export interface AuditOptions {
  exclusions?: ScopedExclusion[];
  /** Also report findings that rest only on the built-in default policy (counted either way). */
  includeDefaults?: boolean;
  /** List the findings a cluster-admin-equivalent finding implies, instead of folding them under it. */
  expand?: boolean;
  /**
   * The analysis's escalation graph when the caller builds it anyway (the report's paths): a reach
   * check whose target it already holds walks it instead of building a second one.
   */
  escalationGraph?: EscalationGraph;
}

export interface AuditResult {
  findings: Finding[];
  checks: number;
  /** Findings left out because they rest only on the default policy (without includeDefaults). */
  defaultPolicyOnly: number;
  /** The default policy's release, when the input has one ("v1.28.7"). */
  defaultPolicy?: string;
  /** Set by compareWithBaseline: reports then list and fail on new and updated findings only. */
  baseline?: BaselineComparison;
}

export function audit(analysis: Analysis, queries: readonly QueryDefinition[], opts: AuditOptions = {}): AuditResult {
  const findings: Finding[] = [];
  const builtinKeys = builtinObjects(analysis);
  const builtin = isBuiltin(builtinKeys);
  let defaultPolicyOnly = 0;
  // Reach checks first: their escalation graph (the largest thing an audit builds, dropped
  // after) is then never alive together with every other check's findings. Reported in check order.
  const lists = new Map<QueryDefinition, Finding[]>();
  for (const q of [...queries.filter((q) => q.match.reaches), ...queries.filter((q) => !q.match.reaches)]) lists.set(q, q.match.workloads ? workloadFindings(analysis, q) : evaluateQuery(analysis.policy, q, analysis.catalogue, opts.escalationGraph));
  for (const q of queries) {
    const list = lists.get(q)!;
    applyExclusions(list, q.exclude, opts.exclusions ?? []);
    for (const f of list) {
      if (builtinKeys.size > 0 && restsOnDefaults(f, builtin)) {
        f.defaultPolicy = true;
        // Kubernetes' own grants, excluded or not, are one count unless asked for.
        if (!opts.includeDefaults) {
          defaultPolicyOnly++;
          continue;
        }
      }
      findings.push(f);
    }
  }
  attachWorkloads(analysis, findings);
  if (!opts.expand) foldUnderClusterAdmin(findings);
  sortFindings(findings);
  const release = analysis.snapshot.meta.defaultPolicy;
  return { findings, checks: queries.length, defaultPolicyOnly, ...(release ? { defaultPolicy: release } : {}) };
}

const objectKey = (o: { kind: string; name: string; namespace?: string }) => `${o.kind}/${o.namespace ?? ''}/${o.name}`;

/** kind/namespace/name of every role and binding of the built-in default policy. */
function builtinObjects(analysis: Analysis): Set<string> {
  const out = new Set<string>();
  const s = analysis.snapshot;
  for (const list of [s.clusterRoles, s.roles, s.clusterRoleBindings, s.roleBindings]) for (const o of list) if (defaultPolicyRelease(o.source)) out.add(objectKey(o));
  return out;
}

/** Whether an object is one of builtinObjects; a Grant's binding is shared by every finding it grants, so each is keyed once. */
function isBuiltin(builtin: ReadonlySet<string>): (o: { kind: string; name: string; namespace?: string }) => boolean {
  const known = new WeakMap<object, boolean>();
  return (o) => {
    let yes = known.get(o);
    if (yes === undefined) known.set(o, (yes = builtin.has(objectKey(o))));
    return yes;
  };
}

/** Every grant's binding is Kubernetes' own, or (for a finding about an object) the object is. */
function restsOnDefaults(f: Finding, builtin: (o: { kind: string; name: string; namespace?: string }) => boolean): boolean {
  if (f.grants.length > 0) return f.grants.every((g) => builtin(g.binding));
  return f.object !== undefined && builtin(f.object);
}

export const CLUSTER_ADMIN_CHECK = 'cluster-admin-equivalent';

/**
 * Whoever holds every verb on every resource cluster-wide holds every other risky permission
 * too: one finding says so, and the rest of that subject's findings fold under it (kept, marked,
 * counted; --expand lists them). An excluded holder folds nothing, so nothing hides behind it.
 */
function foldUnderClusterAdmin(findings: Finding[]): void {
  const subjectKey = (f: Finding) => (f.subject ? `${f.subject.kind}/${f.subject.namespace ?? ''}/${f.subject.name}` : undefined);
  const holders = new Map<string, Finding>();
  for (const f of findings) if (f.check === CLUSTER_ADMIN_CHECK && f.scope === '' && !f.excluded && subjectKey(f)) holders.set(subjectKey(f)!, f);
  if (holders.size === 0) return;
  for (const f of findings) {
    // A finding about a workload (an object and its token) stays visible: the pod is where the power sits.
    const parent = f.check === CLUSTER_ADMIN_CHECK || f.excluded || f.grants.length === 0 || f.object ? undefined : holders.get(subjectKey(f) ?? '');
    if (!parent) continue;
    f.foldedInto = CLUSTER_ADMIN_CHECK;
    (parent.implies ??= []).includes(f.check) || parent.implies.push(f.check);
  }
}

const sortWho = (f: Finding) => (f.subject ? `${f.subject.kind}/${f.subject.namespace ?? ''}/${f.subject.name}` : `${f.object?.kind}/${f.object?.namespace ?? ''}/${f.object?.name}`);

export function compareFindings(a: Finding, b: Finding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareStrings(a.check, b.check) || compareStrings(sortWho(a), sortWho(b)) || compareStrings(a.scope, b.scope);
}

/** Sorts as compareFindings does (stable too), each finding's who spelled once rather than once per comparison. */
function sortFindings(findings: Finding[]): void {
  const keyed = findings.map((f) => ({ f, rank: SEVERITY_RANK[f.severity], who: sortWho(f) }));
  keyed.sort((a, b) => b.rank - a.rank || compareStrings(a.f.check, b.f.check) || compareStrings(a.who, b.who) || compareStrings(a.f.scope, b.f.scope));
  keyed.forEach((k, i) => (findings[i] = k.f));
}

/** Whether any finding that is not excluded (nor unchanged since a baseline) reaches the threshold (for --fail-on). */
export function reachesThreshold(findings: readonly Finding[], threshold: QuerySeverity): boolean {
  return findings.some((f) => !f.excluded && f.baselineState !== 'unchanged' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]);
}
