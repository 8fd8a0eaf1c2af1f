// Structural findings that need no request: bindings to missing roles, service accounts that do
// not exist, rules that can never take effect, roles nothing binds, aggregation drift.
import { effectiveSubject, makeGrant } from '../engine/grants.js';
import type { Policy } from '../engine/policy.js';
import type { ResourceCatalogue } from '../engine/resource-catalogue.js';
import { whyIneffectiveInNamespace } from '../engine/what-can.js';
import { keyOfRole } from '../model/keys.js';
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
      const seen = new Set<string>();
      for (const ib of bindings) {
        for (const s of ib.binding.subjects) {
          if (s.kind !== 'ServiceAccount') continue;
          const e = effectiveSubject(s, ib);
          const k = `${e.namespace ?? ''}/${e.name}`;
          if (!e.namespace || known.has(k) || seen.has(`${k}|${ib.binding.name}`)) continue;
          seen.add(`${k}|${ib.binding.name}`);
          out.push({ ...base, subject: e, object: { kind: ib.binding.kind, name: ib.binding.name, ...(ib.namespace ? { namespace: ib.namespace } : {}) }, scope: ib.namespace, grants: [], source: ib.binding.source, message: `ServiceAccount ${k} is not in the input: whoever creates it gets this binding's rights` });
        }
      }
      break;
    }
    case 'ineffective-rule':
      for (const ib of bindings) {
        if (!ib.namespace) continue;
        const resolved = policy.rulesOf(ib);
        if (!resolved || ib.binding.subjects.length === 0) continue;
        resolved.rules.forEach((_rule, i) => {
          const g = makeGrant(ib, resolved, effectiveSubject(ib.binding.subjects[0]!, ib), i, ib.namespace);
          const reason = whyIneffectiveInNamespace(g, catalogue);
          if (reason) out.push({ ...base, object: g.binding, scope: ib.namespace, grants: [g], message: `${g.role.kind} ${g.role.name} rule #${i} through this RoleBinding: ${reason}` });
        });
      }
      break;
    case 'unbound-role': {
      const bound = new Set(bindings.map((b) => b.roleKey));
      // A ClusterRole that feeds an aggregated role is in use through it.
      for (const r of policy.roles.values()) for (const from of r.ruleSources ?? []) bound.add(`clusterrole:${from}`);
      for (const r of policy.roles.values()) {
        const key = keyOfRole(r.role);
        if (bound.has(key)) continue;
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
