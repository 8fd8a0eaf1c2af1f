// An independent reference evaluator, written straight from /work/shared/spec/semantics.md
// (§3 identities, §4 appliesTo, §5 rule resolution, §6 rule matching, §8 AllowedSubjects, §9.6
// aggregation as the controller runs it, §17.1/§17.6 for manifests). It shares no code with src/: it
// reads the raw manifests itself. Kept short on purpose, so that it can be checked by eye.
import type { GenRequest, GenUser, Raw } from './arbitraries.js';

type Rule = { verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames: string[]; nonResourceURLs: string[] };
const arr = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const rulesOf = (o: Raw): Rule[] => (Array.isArray(o.rules) ? o.rules : []).map((r: Raw) => ({ verbs: arr(r.verbs), apiGroups: arr(r.apiGroups), resources: arr(r.resources), resourceNames: arr(r.resourceNames), nonResourceURLs: arr(r.nonResourceURLs) }));
const has = (list: string[], x: string) => list.includes('*') || list.includes(x);
const key = (r: Rule) => JSON.stringify(r);

export class Oracle {
  private readonly clusterRoles = new Map<string, Raw>();
  private readonly roles = new Map<string, Raw>();
  private readonly crbs: Raw[] = [];
  private readonly rbs: Raw[] = [];
  private readonly effective = new Map<string, Rule[]>();
  /** Aggregated roles that select each other (§9.6, §17.2). */
  readonly cyclic = new Set<string>();
  /** Aggregated roles whose rule set came out differently when the controller synced in another order. */
  readonly historyDependent = new Set<string>();

  constructor(objects: Raw[]) {
    // §17.6: List items unpacked, namespaced objects default to "default", later definitions win.
    const last = new Map<string, Raw>();
    const add = (o: Raw) => {
      if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) return o.items.forEach(add);
      const ns = ['Role', 'RoleBinding'].includes(o.kind) ? o.metadata?.namespace || 'default' : '';
      const key = `${o.kind}/${ns}/${o.metadata?.name}`;
      last.delete(key);
      last.set(key, { ...o, ns });
    };
    objects.forEach(add);
    for (const o of last.values()) {
      if (o.kind === 'ClusterRole') this.clusterRoles.set(o.metadata.name, o);
      if (o.kind === 'Role') this.roles.set(`${o.ns}/${o.metadata.name}`, o);
      if (o.kind === 'ClusterRoleBinding') this.crbs.push(o);
      if (o.kind === 'RoleBinding') this.rbs.push(o);
    }
    this.aggregate();
  }

  // §9: selectors OR'ed, matchLabels AND matchExpressions; a role never selects itself.
  private selects(agg: Raw, role: Raw): boolean {
    if (role.metadata.name === agg.metadata.name) return false;
    const labels: Record<string, string> = role.metadata.labels ?? {};
    return (agg.aggregationRule.clusterRoleSelectors ?? []).some((sel: Raw | null) => {
      if (sel === null) return true; // §9.3: a null item is the zero selector {}, which selects everything
      const byLabel = Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
      const byExpr = (sel.matchExpressions ?? []).every((e: Raw) => {
        const present = Object.prototype.hasOwnProperty.call(labels, e.key);
        if (e.operator === 'In') return present && e.values.includes(labels[e.key]);
        if (e.operator === 'NotIn') return !present || !e.values.includes(labels[e.key]);
        if (e.operator === 'Exists') return present;
        return !present; // DoesNotExist
      });
      return byLabel && byExpr;
    });
  }

  // §9.6: from the manifests' rules, passes in name order (byte order), each sync reading what the
  // selected roles hold now, until no rule set changes; an empty union keeps what the role holds (§17.1).
  private aggregate(): void {
    const all = [...this.clusterRoles.values()].sort((x, y) => Buffer.compare(Buffer.from(x.metadata.name), Buffer.from(y.metadata.name)));
    const aggs = all.filter((r) => r.aggregationRule);
    // A selector LabelSelectorAsSelector rejects makes the controller's sync fail: the stored rules stay.
    const invalidReq = (e: Raw) => !e || typeof e !== 'object' || (['In', 'NotIn'].includes(e.operator) ? !e.values?.length : ['Exists', 'DoesNotExist'].includes(e.operator) ? e.values?.length : true);
    const invalid = (a: Raw) => (a.aggregationRule.clusterRoleSelectors ?? []).some((sel: Raw | null) => (sel?.matchExpressions ?? []).some(invalidReq));
    const picked = new Map(aggs.map((a) => [a.metadata.name as string, invalid(a) ? [] : all.filter((r) => this.selects(a, r))]));
    for (const a of aggs) {
      const seen = new Set<string>();
      const stack = picked.get(a.metadata.name)!.filter((r) => r.aggregationRule).map((r) => r.metadata.name as string);
      while (stack.length) {
        const n = stack.pop()!;
        if (n === a.metadata.name) this.cyclic.add(n);
        if (seen.has(n)) continue;
        seen.add(n);
        stack.push(...picked.get(n)!.filter((r) => r.aggregationRule).map((r) => r.metadata.name as string));
      }
    }
    const settle = (order: Raw[]) => {
      const cur = new Map<string, Rule[]>(aggs.map((a) => [a.metadata.name, rulesOf(a)]));
      for (let pass = 0, changed = true; changed && pass < 1000; pass++) {
        changed = false;
        for (const a of order) {
          if (invalid(a)) continue;
          const union = new Map<string, Rule>();
          // Selectors in order, each role's matches in name order: here the union's order does not matter, only its set.
          for (const r of picked.get(a.metadata.name)!) for (const rule of cur.get(r.metadata.name) ?? rulesOf(r)) union.set(key(rule), rule);
          if (!union.size) continue;
          const before = new Set(cur.get(a.metadata.name)!.map(key));
          if (union.size !== before.size || [...union.keys()].some((k) => !before.has(k))) changed = true;
          cur.set(a.metadata.name, [...union.values()]);
        }
      }
      return cur;
    };
    const cur = settle(aggs);
    for (const r of all) this.effective.set(r.metadata.name, cur.get(r.metadata.name) ?? rulesOf(r));
    // Other sync orders stand for other histories: a role whose rule set differs under one depends on history.
    for (const order of [[...aggs].reverse(), [...aggs.filter((_, i) => i % 2), ...aggs.filter((_, i) => !(i % 2))]]) {
      const other = settle(order);
      for (const [name, rules] of other) {
        const a = new Set(rules.map(key));
        const b = new Set(cur.get(name)!.map(key));
        if (a.size !== b.size || [...a].some((k) => !b.has(k))) this.historyDependent.add(name);
      }
    }
  }

  /** §3: the groups authentication adds. */
  static identity(u: GenUser): GenUser {
    const groups = [...u.groups];
    const add = (g: string) => void (groups.includes(g) || groups.push(g));
    const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(u.name);
    if (m) [add('system:serviceaccounts'), add(`system:serviceaccounts:${m[1]}`)];
    if (u.name === 'system:anonymous') add('system:unauthenticated');
    else if (!groups.includes('system:authenticated') && !groups.includes('system:unauthenticated')) add('system:authenticated');
    return { name: u.name, groups };
  }

  /** §4 appliesToUser. */
  private static matches(u: GenUser, s: Raw, evalNs: string): boolean {
    if (s.kind === 'User') return u.name === s.name;
    if (s.kind === 'Group') return u.groups.includes(s.name);
    if (s.kind === 'ServiceAccount') {
      const ns = s.namespace || evalNs;
      return ns !== '' && u.name === `system:serviceaccount:${ns}:${s.name}`;
    }
    return false;
  }

  /** §6 RuleAllows. An apiGroup of undefined is this tool's "any group" (a resource named without one). */
  static ruleAllows(r: Rule, q: GenRequest): boolean {
    if (!has(r.verbs, q.verb)) return false;
    if (q.kind === 'nonResource') return r.nonResourceURLs.some((u) => u === '*' || u === q.path || (u.endsWith('*') && q.path.startsWith(u.replace(/\*+$/, ''))));
    if (q.apiGroup === undefined ? r.apiGroups.length === 0 : !has(r.apiGroups, q.apiGroup)) return false;
    const combined = q.subresource ? `${q.resource}/${q.subresource}` : q.resource;
    const resOk = r.resources.some((x) => x === '*' || x === combined || (q.subresource !== '' && x === `*/${q.subresource}`));
    return resOk && (r.resourceNames.length === 0 || r.resourceNames.includes(q.name));
  }

  /** §5: the rules a binding brings, resolved in the evaluation namespace ("" for a ClusterRoleBinding). */
  private bindingRules(b: Raw, evalNs: string): Rule[] {
    if (b.roleRef?.kind === 'ClusterRole') return this.effective.get(b.roleRef.name) ?? [];
    if (b.roleRef?.kind === 'Role') {
      const role = this.roles.get(`${evalNs}/${b.roleRef.name}`);
      return role ? rulesOf(role) : [];
    }
    return [];
  }

  private applicable(q: GenRequest): { b: Raw; ns: string }[] {
    const ns = q.kind === 'resource' ? q.namespace : '';
    return [...this.crbs.map((b) => ({ b, ns: '' })), ...(ns ? this.rbs.filter((b) => b.ns === ns).map((b) => ({ b, ns })) : [])];
  }

  /** The RBAC authorizer's decision (no privileged-group authorizer in front): §5.1, §5.2, §5.4. */
  allows(user: GenUser, q: GenRequest): boolean {
    const u = Oracle.identity(user);
    return this.applicable(q).some(({ b, ns }) => (b.subjects ?? []).some((s: Raw) => Oracle.matches(u, s, ns)) && this.bindingRules(b, ns).some((r) => Oracle.ruleAllows(r, q)));
  }

  /** §8 AllowedSubjects, as a set of kind/namespace/name keys (system:masters always there). */
  allowedSubjects(q: GenRequest): Set<string> {
    const out = new Set(['Group//system:masters']);
    for (const { b, ns } of this.applicable(q)) {
      if (!this.bindingRules(b, ns).some((r) => Oracle.ruleAllows(r, q))) continue;
      for (const s of b.subjects ?? []) out.add(`${s.kind}/${s.namespace ?? ''}/${s.name}`);
    }
    return out;
  }
}
