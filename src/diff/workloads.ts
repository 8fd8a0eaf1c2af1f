// Workload changes in a diff: a new workload, or one whose ServiceAccount or token mount changed,
// with the powers its pods' token gains (the permissions of the new token that no rule of the old
// token covers, the API server's own Covers) and the audit checks those gains trip.
import { expandPattern, type Expanded } from '../audit/evaluate.js';
import type { QueryDefinition, RequestPattern } from '../audit/query-definition.js';
import type { Analysis } from '../engine/analyze.js';
import { atomEffectiveInNamespace, sameRulesKey, sharedGrants } from '../engine/what-can.js';
import { resolvedWorkloads, workloadUser, type ResolvedWorkload } from '../engine/workloads.js';
import { ruleText } from '../engine/rule-sets.js';
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

/** A token's grants, one list per binding, the lists shared between tokens ([] when none is mounted). */
function tokenGrants(a: Analysis): (r: ResolvedWorkload | undefined) => Grant[][] {
  const grantsOf = sharedGrants(a.policy, a.catalogue);
  return (r) => (r?.mounted ? grantsOf(workloadUser(r.workload)) : []);
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

/** Lists of gains made whole from a list of sharedGrants, by that list's key: the same key, the same rules. */
type ListKeys = WeakMap<readonly WorkloadGain[], object>;

type Gains = (old: readonly Grant[][], now: readonly Grant[][]) => WorkloadGain[][];

/**
 * The grants of NOW no rule of OLD covers, per binding. When the old token had nothing (a new
 * workload, a token newly mounted) every grant is gained whole, which depends only on the binding's
 * list: worked out once per list and shared by every token it reaches.
 */
function gainsIn(head: Analysis, keys: ListKeys): Gains {
  const whole = perRule((rule, scope) => uncoveredParts([], rule, scope, head));
  const wholeOf = new Map<readonly Grant[], WorkloadGain[]>();
  // Per list key: each grant's rules gained whole, in list order (lists alike hold equal rules in equal order).
  const wholeRules = new Map<object, PolicyRule[][]>();
  const gainedWhole = (chunk: readonly Grant[]) => {
    const key = sameRulesKey(chunk);
    if (!key) return gainedFrom([], chunk);
    let rules = wholeRules.get(key);
    if (!rules) wholeRules.set(key, (rules = chunk.map((g) => whole(g.rule, g.scope))));
    const out: WorkloadGain[] = [];
    for (let i = 0; i < chunk.length; i++) if (rules[i]!.length) out.push({ scope: chunk[i]!.scope, rules: rules[i]!, grant: chunk[i]! });
    keys.set(out, key);
    return out;
  };
  const gainedFrom = (old: readonly Grant[], chunk: readonly Grant[]) => {
    const out: WorkloadGain[] = [];
    for (const g of chunk) {
      // A cluster-wide grant of the old token holds in every namespace; a namespaced one only there.
      const owner = old.filter((o) => o.scope === '' || o.scope === g.scope).map((o) => o.rule);
      const rules = owner.length ? uncoveredParts(owner, g.rule, g.scope, head) : whole(g.rule, g.scope);
      if (rules.length) out.push({ scope: g.scope, rules, grant: g });
    }
    return out;
  };
  return (oldChunks, now) => {
    const old = flatten(oldChunks);
    return now.map((chunk) => {
      if (old.length) return gainedFrom(old, chunk);
      let gained = wholeOf.get(chunk);
      if (!gained) wholeOf.set(chunk, (gained = gainedWhole(chunk)));
      return gained;
    });
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

type Risks = (gained: readonly WorkloadGain[][], held: readonly Grant[][]) => Risk[];

/**
 * The request checks (anyOf, allOf) gained powers trip: a gained rule allows one of their requests,
 * and (allOf) the head token holds every part. Which patterns a rule allows depends only on the
 * rule and whether it is bound cluster-wide, so patterns are expanded once and each rule matched
 * once per diff; a list of grants (one binding's) gets the union of its rules' answers once, and a
 * token the union over its lists.
 */
function risksIn(head: Analysis, queries: readonly QueryDefinition[], keys: ListKeys): Risks {
  const index = new Map<RequestPattern, number>();
  for (const q of queries) for (const p of [...q.match.anyOf, ...q.match.allOf.flat()]) if (!index.has(p)) index.set(p, index.size);
  const requests = [...index.keys()].map((p) => expandPattern(p, head.catalogue));
  // One bit per pattern, 32 to a word: a token ORs a few words per binding.
  const words = Math.ceil(index.size / 32);
  // Many roles repeat the same rules (one chart's Role in every namespace): equal rules share their bits.
  const byText = new Map<string, Uint32Array>();
  const allowedBy = perRule((rule, scope) => {
    const text = `${scope ? 'ns' : 'cluster'} ${ruleText(rule)}`;
    let bits = byText.get(text);
    if (bits) return bits;
    bits = new Uint32Array(words);
    for (let i = 0; i < requests.length; i++) if (allows(rule, scope, requests[i]!)) bits[i >>> 5]! |= 1 << (i & 31);
    byText.set(text, bits);
    return bits;
  });
  const or = (into: Uint32Array, a: Uint32Array) => {
    for (let i = 0; i < words; i++) into[i]! |= a[i]!;
    return into;
  };
  // A list's bits, once per list and once per key of lists alike: held lists by sameRulesKey,
  // gained lists by the key of the list they were made from (a gain is part of a grant, so apart).
  const unionOf = <L extends readonly (Grant | WorkloadGain)[]>(keyOf: (list: L) => object | undefined) => {
    const [ofList, ofKey] = [new Map<L, Uint32Array>(), new Map<object, Uint32Array>()];
    const listAllows = (list: L) => {
      let out = ofList.get(list);
      if (out) return out;
      const key = keyOf(list);
      out = key && ofKey.get(key);
      if (!out) {
        out = new Uint32Array(words);
        for (const g of list) for (const rule of 'grant' in g ? g.rules : [g.rule]) or(out, allowedBy(rule, g.scope));
        if (key) ofKey.set(key, out);
      }
      ofList.set(list, out);
      return out;
    };
    return (lists: readonly L[]) => lists.reduce<Uint32Array>((u, l) => or(u, listAllows(l)), new Uint32Array(words));
  };
  const [gainedUnion, heldUnion] = [unionOf<readonly WorkloadGain[]>((l) => keys.get(l)), unionOf<readonly Grant[]>(sameRulesKey)];
  return (gainedLists, held) => {
    if (queries.length === 0 || !gainedLists.some((l) => l.length)) return [];
    // What the head token holds in all is needed only by an allOf check a gain touches: most pairs never ask.
    const gained = gainedUnion(gainedLists);
    let all: Uint32Array | undefined;
    const some = (set: Uint32Array, ps: readonly RequestPattern[]) => ps.some((p) => {
      const i = index.get(p)!;
      return (set[i >>> 5]! >>> (i & 31)) & 1;
    });
    const out: Risk[] = [];
    for (const q of queries) {
      const m = q.match;
      const trips = m.anyOf.length ? some(gained, m.anyOf) : m.allOf.length ? m.allOf.some((part) => some(gained, part)) && m.allOf.every((part) => some((all ??= heldUnion(held)), part)) : false;
      if (trips) out.push({ check: q.id, severity: q.severity, title: q.title });
    }
    return out;
  };
}

/** The lists one after another: Array.flat took 5 s of the 100k + 50k diff here, and a spread into concat has no bound. */
function flatten<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  for (const l of lists) for (const x of l) out.push(x);
  return out;
}

const tokenKey = (r: ResolvedWorkload | undefined) => (r?.mounted ? `${r.workload.namespace}/${r.workload.serviceAccount}` : '');

/**
 * Gains and risks depend only on the two tokens (many pods share a ServiceAccount), so they are
 * computed once per (base token, head token) and the workloads sharing the pair share the arrays.
 */
export function diffWorkloads(base: Analysis, head: Analysis, queries: readonly QueryDefinition[] = []): WorkloadChange[] {
  const keys: ListKeys = new WeakMap();
  const [baseToken, headToken, gains, risks] = [tokenGrants(base), tokenGrants(head), gainsIn(head, keys), risksIn(head, queries, keys)];
  type Powers = Pick<WorkloadChange, 'gained' | 'risks'>;
  const pairs = new Map<string, Powers>();
  // Tokens that hold the same lists (no binding of their own, the same group bindings) gain the
  // same: one answer per pair of list sequences, shared (half of the 23.5k tokens at 100k + 50k pods).
  const listIds = new Map<readonly Grant[], number>();
  // Tokens of one namespace without bindings of their own are given one array of lists (sharedGrants).
  const sequences = new Map<readonly (readonly Grant[])[], string>();
  const sequence = (lists: readonly (readonly Grant[])[]) => {
    let seq = sequences.get(lists);
    if (seq === undefined) {
      seq = lists
        .map((l) => {
          let i = listIds.get(l);
          if (i === undefined) listIds.set(l, (i = listIds.size));
          return i;
        })
        .join(',');
      sequences.set(lists, seq);
    }
    return seq;
  };
  const bySequence = new Map<string, Powers>();
  const powers = (b: ResolvedWorkload | undefined, r: ResolvedWorkload) => {
    const key = `${tokenKey(b)} -> ${tokenKey(r)}`;
    let p = pairs.get(key);
    if (!p) {
      const [old, held] = [baseToken(b), headToken(r)];
      const seq = `${sequence(old)} -> ${sequence(held)}`;
      p = bySequence.get(seq);
      if (!p) {
        const gained = gains(old, held);
        bySequence.set(seq, (p = { gained: flatten(gained), risks: risks(gained, held) }));
      }
      pairs.set(key, p);
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
