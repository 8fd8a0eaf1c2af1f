// Runs one check against a Policy. Request patterns become authorizer requests and go through
// holders() (the who-can path), so an audit can never disagree with who-can.
import type { Policy } from '../engine/policy.js';
import type { ResourceCatalogue } from '../engine/resource-catalogue.js';
import { holders, type Holding } from '../engine/holders.js';
import { parseSubjectSpec } from '../engine/subject-spec.js';
import { whatCan } from '../engine/what-can.js';
import type { Subject } from '../model/rbac.js';
import type { Request } from '../model/request.js';
import type { Finding } from './finding.js';
import { hygieneFindings } from './hygiene.js';
import { reachFindings } from './reaches.js';
import type { QueryDefinition, RequestPattern } from './query-definition.js';

interface Expanded {
  request: Request;
  allNamespaces: boolean;
  label: string;
}

export function expandPattern(p: RequestPattern, catalogue: ResourceCatalogue): Expanded[] {
  const out: Expanded[] = [];
  for (const verb of p.verbs) {
    for (const path of p.nonResourceURLs) out.push({ request: { kind: 'nonResource', verb, path }, allNamespaces: false, label: `${verb} ${path}` });
    for (const group of p.apiGroups) {
      for (const res of p.resources) {
        const [resource, subresource = ''] = res.split('/') as [string, string?];
        const known = catalogue.get(group, resource);
        // RoleBindings count for namespaced resources, for a namespace object itself, and for bind on clusterroles.
        const namespaced = !known || known.namespaced || (resource === 'namespaces' && ['get', 'update', 'patch', 'delete', '*'].includes(verb)) || (resource === 'clusterroles' && (verb === 'bind' || verb === '*'));
        for (const name of p.names.length ? p.names : ['']) {
          const label = `${verb} ${res}${group ? `.${group}` : ''}${name ? ` ${name}` : ''}`;
          out.push({ request: { kind: 'resource', verb, apiGroup: group, resource, subresource, name, namespace: '' }, allNamespaces: namespaced, label });
        }
      }
    }
  }
  return out;
}

const subjectKey = (s: Subject) => `${s.kind}\u0000${s.namespace ?? ''}\u0000${s.name}`;

type Acc = Map<string, { subject: Subject; scope: string; matched: Set<string>; holdings: Holding[] }>;

function collect(policy: Policy, patterns: RequestPattern[], def: QueryDefinition, catalogue: ResourceCatalogue): Acc {
  const acc: Acc = new Map();
  for (const p of patterns) {
    for (const e of expandPattern(p, catalogue)) {
      for (const h of holders(policy, e.request, { allNamespaces: e.allNamespaces, includeRestricted: def.match.includeRestricted })) {
        const { subject, scope } = h.grant;
        if (def.match.scope === 'cluster' && scope !== '') continue;
        if (def.match.scope === 'namespace' && scope === '') continue;
        const key = `${subjectKey(subject)}\u0000${scope}`;
        let a = acc.get(key);
        if (!a) acc.set(key, (a = { subject, scope, matched: new Set(), holdings: [] }));
        a.matched.add(e.label);
        a.holdings.push(h);
      }
    }
  }
  return acc;
}

function toFinding(def: QueryDefinition, a: { subject: Subject; scope: string; matched: Set<string>; holdings: Holding[] }): Finding {
  const open = a.holdings.some((h) => !h.restrictedTo);
  const holdings = open ? a.holdings.filter((h) => !h.restrictedTo) : a.holdings;
  const grants = dedupeGrants(holdings.map((h) => h.grant));
  const f: Finding = { check: def.id, title: def.title, severity: def.severity, subject: a.subject, scope: a.scope, matched: [...a.matched].sort(), grants };
  if (!open) f.restrictedTo = [...new Set(a.holdings.flatMap((h) => h.restrictedTo ?? []))].sort();
  return f;
}

function dedupeGrants<T extends { binding: { kind: string; name: string; namespace?: string }; ruleIndex: number }>(grants: T[]): T[] {
  const seen = new Set<string>();
  return grants.filter((g) => {
    const k = `${g.binding.kind}/${g.binding.namespace ?? ''}/${g.binding.name}#${g.ruleIndex}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function evaluateQuery(policy: Policy, def: QueryDefinition, catalogue: ResourceCatalogue): Finding[] {
  const m = def.match;
  if (m.hygiene) return hygieneFindings(policy, def, catalogue);
  if (m.reaches) return reachFindings(policy, def);
  if (m.anyOf.length) return [...collect(policy, m.anyOf, def, catalogue).values()].map((a) => toFinding(def, a));
  if (m.allOf.length) {
    const per = m.allOf.map((p) => collect(policy, [p], def, catalogue));
    const keys = new Set(per.flatMap((acc) => [...acc.keys()]));
    const findings: Finding[] = [];
    for (const key of keys) {
      const [sk, scope] = [key.slice(0, key.lastIndexOf('\u0000')), key.slice(key.lastIndexOf('\u0000') + 1)];
      // A cluster-wide grant also holds in every namespace.
      const parts = per.map((acc) => acc.get(key) ?? (scope !== '' ? acc.get(`${sk}\u0000`) : undefined));
      if (parts.some((p) => !p)) continue;
      if (scope !== '' && parts.every((p) => p!.scope === '')) continue; // reported once, at cluster scope
      const first = parts[0]!;
      findings.push(toFinding(def, { subject: first.subject, scope, matched: new Set(parts.flatMap((p) => [...p!.matched])), holdings: parts.flatMap((p) => p!.holdings) }));
    }
    return findings;
  }
  // boundTo: every grant that reaches exactly these subjects.
  const findings: Finding[] = [];
  for (const spec of m.boundTo) {
    const s = parseSubjectSpec(spec);
    const identity = s.kind === 'Group' ? { name: '', groups: [s.name] } : { name: s.kind === 'User' ? s.name : `system:serviceaccount:${s.namespace}:${s.name}`, groups: [] };
    const result = whatCan(policy, identity, { catalogue });
    const byScope = new Map<string, typeof result.grants>();
    for (const g of result.grants) {
      if (g.subject.kind !== s.kind || g.subject.name !== s.name) continue;
      if (m.scope === 'cluster' && g.scope !== '') continue;
      if (m.scope === 'namespace' && g.scope === '') continue;
      byScope.set(g.scope, [...(byScope.get(g.scope) ?? []), g]);
    }
    for (const [scope, grants] of byScope) {
      findings.push({ check: def.id, title: def.title, severity: def.severity, subject: grants[0]!.subject, scope, matched: [`bound to ${spec}`], grants });
    }
  }
  return findings;
}
