// Structural findings that need no request: bindings to missing roles, service accounts that do
// not exist, rules that can never take effect, roles nothing binds, aggregation drift.
import { effectiveSubject, makeGrant } from '../engine/grants.js';
import type { IndexedBinding, Policy } from '../engine/policy.js';
import type { ResourceCatalogue } from '../engine/resource-catalogue.js';
import { ruleSetIds } from '../engine/rule-sets.js';
import { whyRuleIneffectiveInNamespace } from '../engine/what-can.js';
import { keyOfRole } from '../model/keys.js';
import type { PolicyRule, Subject } from '../model/rbac.js';
import { defaultPolicyRelease } from '../model/source.js';
import type { Finding } from './finding.js';
import type { QueryDefinition } from './query-definition.js';

export function hygieneFindings(policy: Policy, def: QueryDefinition, catalogue: ResourceCatalogue): Finding[] {
  const base = { check: def.id, title: def.title, severity: def.severity, matched: [] as string[] };
  const bindings = policy.allBindings();
  const out: Finding[] = [];
  switch (def.match.hygiene) {
    case 'missing-role':
      for (const ib of bindings) {
        if (policy.roles.has(ib.roleKey)) continue;
        const ref = ib.binding.roleRef;
        out.push({ ...base, object: { kind: ib.binding.kind, name: ib.binding.name, ...(ib.namespace ? { namespace: ib.namespace } : {}) }, scope: ib.namespace, grants: [], source: ib.binding.source, message: `refers to ${ref.kind} ${ref.name}, which does not exist: whoever creates it grants its rules to ${ib.binding.subjects.length} subject(s)` });
      }
      break;
    case 'missing-service-account': {
      const known = new Set(policy.snapshot.serviceAccounts.map((s) => `${s.namespace}/${s.name}`));
      if (known.size === 0) break; // the input holds no ServiceAccounts at all: nothing to compare with
      // One finding per ServiceAccount, naming every binding that would grant to it.
      const missing = new Map<string, { subject: Subject; bindings: IndexedBinding[] }>();
      for (const ib of bindings) {
        for (const s of ib.binding.subjects) {
          if (s.kind !== 'ServiceAccount') continue;
          const e = effectiveSubject(s, ib);
          const k = `${e.namespace ?? ''}/${e.name}`;
          if (!e.namespace || known.has(k) || existsAtRuntime(e, ib)) continue;
          const entry = missing.get(k) ?? missing.set(k, { subject: e, bindings: [] }).get(k)!;
          if (!entry.bindings.includes(ib)) entry.bindings.push(ib);
        }
      }
      for (const [k, { subject, bindings: named }] of missing) {
        const first = named[0]!;
        const names = named.map((ib) => `${ib.binding.kind} ${ib.namespace ? `${ib.namespace}/` : ''}${ib.binding.name}`);
        out.push({ ...base, subject, object: { kind: first.binding.kind, name: first.binding.name, ...(first.namespace ? { namespace: first.namespace } : {}) }, scope: first.namespace, grants: [], source: first.binding.source, message: `ServiceAccount ${k} is not in the input: whoever creates it gets the rights of ${names.join(', ')}` });
      }
      break;
    }
    case 'ineffective-rule': {
      // The reasons depend on the rules alone: judged once per distinct rule list.
      const idOf = ruleSetIds(policy);
      const reasons = new Map<number, [number, string][]>();
      for (const ib of bindings) {
        if (!ib.namespace) continue;
        const resolved = policy.rulesOf(ib);
        if (!resolved || ib.binding.subjects.length === 0) continue;
        const id = idOf(resolved.rules);
        let why = reasons.get(id);
        if (!why) reasons.set(id, (why = ineffectiveRules(resolved.rules, catalogue)));
        for (const [i, reason] of why) {
          const g = makeGrant(ib, resolved, effectiveSubject(ib.binding.subjects[0]!, ib), i, ib.namespace);
          out.push({ ...base, object: g.binding, scope: ib.namespace, grants: [g], message: `${g.role.kind} ${g.role.name} rule #${i} through this RoleBinding: ${reason}` });
        }
      }
      break;
    }
    case 'unbound-role': {
      const bound = new Set(bindings.map((b) => b.roleKey));
      // A ClusterRole that feeds a bound aggregated role is in use through it (transitively).
      const todo = [...bound];
      while (todo.length) for (const name of policy.aggregationSelects.get(todo.pop()!.replace(/^clusterrole:/, '')) ?? []) if (!bound.has(`clusterrole:${name}`)) (bound.add(`clusterrole:${name}`), todo.push(`clusterrole:${name}`));
      for (const r of policy.roles.values()) {
        const key = keyOfRole(r.role);
        if (bound.has(key) || feedsDefaultRoles(r.role)) continue;
        out.push({ ...base, object: { kind: r.role.kind, name: r.role.name, ...(r.role.kind === 'Role' ? { namespace: r.role.namespace } : {}) }, scope: r.role.kind === 'Role' ? r.role.namespace : '', grants: [], source: r.role.source, message: 'no binding refers to this role' });
      }
      break;
    }
    case 'aggregation-differs':
      for (const d of policy.aggregationDrift) {
        const src = policy.roles.get(`clusterrole:${d.name}`)?.role.source;
        out.push({ ...base, object: { kind: 'ClusterRole', name: d.name }, scope: '', grants: [], ...(src ? { source: src } : {}), message: `stored rules (${d.stored.length}) differ from what the aggregationRule selects (${d.computed.length}): controller lag, a cycle, or hand-edited rules` });
      }
      break;
  }
  return out;
}

/** The number and reason of each rule that can never take effect through a RoleBinding. */
function ineffectiveRules(rules: readonly PolicyRule[], catalogue: ResourceCatalogue): [number, string][] {
  const out: [number, string][] = [];
  rules.forEach((rule, i) => {
    const reason = whyRuleIneffectiveInNamespace(rule, catalogue);
    if (reason) out.push([i, reason]);
  });
  return out;
}

/**
 * ServiceAccounts a cluster creates by itself: `default` in every namespace (the ServiceAccount
 * controller), and those the built-in default policy binds (kube-controller-manager's controllers,
 * created at run time in kube-system).
 */
function existsAtRuntime(sa: Subject, ib: IndexedBinding): boolean {
  return sa.name === 'default' || defaultPolicyRelease(ib.binding.source) !== undefined;
}

const DEFAULT_AGGREGATION_LABELS = ['admin', 'edit', 'view'].map((r) => `rbac.authorization.k8s.io/aggregate-to-${r}`);

/** Labelled to aggregate into admin, edit or view: every cluster has those roles, so the role is in use. */
function feedsDefaultRoles(role: { kind: string; labels: Record<string, string> }): boolean {
  return role.kind === 'ClusterRole' && DEFAULT_AGGREGATION_LABELS.some((l) => role.labels[l] === 'true');
}
