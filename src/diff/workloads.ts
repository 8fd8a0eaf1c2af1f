// Workload changes in a diff: a new workload, or one whose ServiceAccount or token mount changed,
// with the powers its pods' token gains (the permissions of the new token that no rule of the old
// token covers, the API server's own Covers) and the audit checks those gains trip.
import { expandPattern, type Expanded } from '../audit/evaluate.js';
import type { QueryDefinition, RequestPattern } from '../audit/query-definition.js';
import type { Analysis } from '../engine/analyze.js';
import { atomEffectiveInNamespace } from '../engine/what-can.js';
import { resolvedWorkloads, workloadUser, type ResolvedWorkload } from '../engine/workloads.js';
import type { PolicyRule } from '../model/rbac.js';
import type { Grant } from '../model/results.js';
import { workloadKey } from '../model/workload.js';
import { uncovered } from '../semantics/covers.js';
import { ruleAllows } from '../semantics/rule-matches.js';
import { compact, type Risk } from './diff.js';

export interface WorkloadSide {
  serviceAccount: string;
  mounted: boolean;
  mountReason: string;
}

export interface WorkloadGain {
  /** "" cluster-wide, or the namespace the gained grant holds in. */
  scope: string;
  rules: PolicyRule[];
  grant: Grant;
}

export interface WorkloadChange {
  change: 'added' | 'changed' | 'removed';
  workload: { kind: string; namespace: string; name: string };
  before?: WorkloadSide;
  after?: WorkloadSide;
  /** What changed, in words. */
  reason: string;
  /** Powers of the head token the base token did not have (none when no token is mounted in head). */
  gained: WorkloadGain[];
  risks: Risk[];
}

const side = (r: ResolvedWorkload): WorkloadSide => ({ serviceAccount: r.workload.serviceAccount, mounted: r.mounted, mountReason: r.mountReason });

/** The grants of a workload's token ([] when none is mounted): they depend only on its namespace, ServiceAccount and mount, so each token is asked once. */
function tokenCache(a: Analysis): (r: ResolvedWorkload | undefined) => Grant[] {
  const seen = new Map<string, Grant[]>();
  return (r) => {
    if (!r?.mounted) return [];
    const key = `${r.workload.namespace}/${r.workload.serviceAccount}`;
    let grants = seen.get(key);
    if (!grants) seen.set(key, (grants = a.whatCan(workloadUser(r.workload)).grants));
    return grants;
  };
}

/** The parts of RULE (granted in SCOPE) that OWNER does not cover and that can take effect there. */
function uncoveredParts(owner: PolicyRule[], rule: PolicyRule, scope: string, head: Analysis): PolicyRule[] {
  const parts = uncovered(owner, [rule]).filter((p) => !scope || (p.nonResourceURLs.length === 0 && atomEffectiveInNamespace(p.apiGroups, p.resources[0] ?? '', p.verbs[0] ?? '', head.catalogue)));
  return parts.length ? compact(parts) : [];
}

/** A value per rule and whether it is bound cluster-wide or in a namespace, worked out once. */
function perRule<T>(make: (rule: PolicyRule, scope: string) => T): (rule: PolicyRule, scope: string) => T {
  const seen = new Map<PolicyRule, [T?, T?]>();
  return (rule, scope) => {
    let m = seen.get(rule);
    if (!m) seen.set(rule, (m = []));
    const i = scope ? 1 : 0;
    return (m[i] ??= make(rule, scope));
  };
}

type Gains = (old: readonly Grant[], now: readonly Grant[]) => WorkloadGain[];

/**
 * The grants of NOW no rule of OLD covers. A grant nothing of the old token applies to (every grant
 * of a new workload's token) is gained whole, which depends only on the role's rule and whether it
 * is bound cluster-wide: worked out once per rule and shared.
 */
function gainsIn(head: Analysis): Gains {
  const whole = perRule((rule, scope) => uncoveredParts([], rule, scope, head));
  return (old, now) => {
    const out: WorkloadGain[] = [];
    for (const g of now) {
      // A cluster-wide grant of the old token holds in every namespace; a namespaced one only there.
      const owner = old.filter((o) => o.scope === '' || o.scope === g.scope).map((o) => o.rule);
      const rules = owner.length ? uncoveredParts(owner, g.rule, g.scope, head) : whole(g.rule, g.scope);
      if (rules.length) out.push({ scope: g.scope, rules, grant: g });
    }
    return out;
  };
}

/** Whether RULE, bound in SCOPE ("" cluster-wide), allows one of a pattern's requests, a rule limited by resourceNames counting (as the checks count restricted grants). */
function allows(rule: PolicyRule, scope: string, requests: readonly Expanded[]): boolean {
  return requests.some((e) => {
    if (scope !== '' && !e.allNamespaces) return false;
    const req = e.request;
    if (req.kind !== 'resource') return ruleAllows(rule, req);
    const names = req.name ? [req.name] : ['', ...rule.resourceNames];
    return names.some((name) => ruleAllows(rule, { ...req, name, namespace: scope || 'any-namespace' }));
  });
}

type Risks = (gained: readonly WorkloadGain[], held: readonly Grant[]) => Risk[];

/**
 * The request checks (anyOf, allOf) gained powers trip: a gained rule allows one of their requests,
 * and (allOf) the head token holds every part. Which patterns a rule allows depends only on the
 * rule and whether it is bound cluster-wide, so patterns are expanded once and each rule matched
 * once per diff; a token's answer is the union over its rules.
 */
function risksIn(head: Analysis, queries: readonly QueryDefinition[]): Risks {
  const index = new Map<RequestPattern, number>();
  for (const q of queries) for (const p of [...q.match.anyOf, ...q.match.allOf.flat()]) if (!index.has(p)) index.set(p, index.size);
  const requests = [...index.keys()].map((p) => expandPattern(p, head.catalogue));
  const allowedBy = perRule((rule, scope) => Uint8Array.from(requests, (r) => (allows(rule, scope, r) ? 1 : 0)));
  const union = (rules: Iterable<{ scope: string; rule: PolicyRule }>) => {
    const out = new Uint8Array(requests.length);
    for (const { scope, rule } of rules) {
      const a = allowedBy(rule, scope);
      for (let i = 0; i < out.length; i++) out[i]! |= a[i]!;
    }
    return out;
  };
  return (gainedGrants, held) => {
    if (gainedGrants.length === 0) return [];
    const gained = union(gainedGrants.flatMap((g) => g.rules.map((rule) => ({ scope: g.scope, rule }))));
    const all = union(held);
    const some = (set: Uint8Array, ps: readonly RequestPattern[]) => ps.some((p) => set[index.get(p)!] === 1);
    const out: Risk[] = [];
    for (const q of queries) {
      const m = q.match;
      const trips = m.anyOf.length ? some(gained, m.anyOf) : m.allOf.length ? m.allOf.every((part) => some(all, part)) && m.allOf.some((part) => some(gained, part)) : false;
      if (trips) out.push({ check: q.id, severity: q.severity, title: q.title });
    }
    return out;
  };
}

const tokenKey = (r: ResolvedWorkload | undefined) => (r?.mounted ? `${r.workload.namespace}/${r.workload.serviceAccount}` : '');

/**
 * Gains and risks depend only on the two tokens (many pods share a ServiceAccount), so they are
 * computed once per (base token, head token) and the workloads sharing the pair share the arrays.
 */
export function diffWorkloads(base: Analysis, head: Analysis, queries: readonly QueryDefinition[] = []): WorkloadChange[] {
  const [baseToken, headToken, gains, risks] = [tokenCache(base), tokenCache(head), gainsIn(head), risksIn(head, queries)];
  const pairs = new Map<string, Pick<WorkloadChange, 'gained' | 'risks'>>();
  const powers = (b: ResolvedWorkload | undefined, r: ResolvedWorkload) => {
    const key = `${tokenKey(b)} -> ${tokenKey(r)}`;
    let p = pairs.get(key);
    if (!p) {
      const gained = gains(baseToken(b), headToken(r));
      pairs.set(key, (p = { gained, risks: risks(gained, headToken(r)) }));
    }
    return p;
  };
  const before = new Map(resolvedWorkloads(base.snapshot).map((r) => [workloadKey(r.workload), r]));
  const out: WorkloadChange[] = [];
  const seen = new Set<string>();
  for (const r of resolvedWorkloads(head.snapshot)) {
    const key = workloadKey(r.workload);
    seen.add(key);
    const b = before.get(key);
    const w = { kind: r.workload.kind, namespace: r.workload.namespace, name: r.workload.name };
    let reason: string;
    if (!b) reason = `new workload, runs as sa:${w.namespace}:${r.workload.serviceAccount}${r.mounted ? ' with its token mounted' : ', no token mounted'}`;
    else {
      const parts: string[] = [];
      if (b.workload.serviceAccount !== r.workload.serviceAccount) parts.push(`ServiceAccount ${b.workload.serviceAccount} -> ${r.workload.serviceAccount}`);
      if (b.mounted !== r.mounted) parts.push(r.mounted ? `token now mounted (${r.mountReason})` : `token no longer mounted (${r.mountReason})`);
      if (parts.length === 0) continue;
      reason = parts.join('; ');
    }
    out.push({ change: b ? 'changed' : 'added', workload: w, ...(b ? { before: side(b) } : {}), after: side(r), reason, ...powers(b, r) });
  }
  for (const [key, b] of before) if (!seen.has(key)) out.push({ change: 'removed', workload: { kind: b.workload.kind, namespace: b.workload.namespace, name: b.workload.name }, before: side(b), reason: 'workload removed', gained: [], risks: [] });
  return out;
}
