// The query data an HTML report embeds, built from an Analysis with the library's own functions
// (candidateBindings + appliesTo for what-can, the resource catalogue for request resolution),
// so that the browser only replays them (engine.ts).
import { defaultPolicyRelease } from '../../model/source.js';
import type { Analysis } from '../../engine/analyze.js';
import { candidateBindings } from '../../engine/authorize.js';
import { effectiveSubject } from '../../engine/grants.js';
import type { IndexedBinding } from '../../engine/policy.js';
import { userInfoFor } from '../../engine/subject-spec.js';
import { whyIneffectiveInNamespace } from '../../engine/what-can.js';
import { BUILTIN_RESOURCES } from '../../model/catalogue.js';
import { keyOfBinding, keyOfSubject } from '../../model/keys.js';
import type { PolicyRule } from '../../model/rbac.js';
import type { Grant } from '../../model/results.js';
import { appliesTo, subjectNeverMatches } from '../../semantics/applies-to.js';
import { edgeLabel, nodeClass, nodeLabel } from '../graph-style.js';
import type { EmbeddedBinding, EmbeddedRole, ReportData, ResourceTuple, RuleTuple, SubjectTuple } from './types.js';

const STANDARD_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'impersonate', 'bind', 'escalate', 'approve', 'sign', 'use'];

export function buildQueryData(analysis: Analysis): Omit<ReportData, 'overview'> {
  const { policy, catalogue } = analysis;
  const rules: RuleTuple[] = [];
  const ruleIndex = new Map<string, number>();
  const ruleId = (r: PolicyRule): number => {
    const t: RuleTuple = [r.verbs, r.apiGroups, r.resources, r.resourceNames, r.nonResourceURLs];
    const k = JSON.stringify(t);
    let i = ruleIndex.get(k);
    if (i === undefined) ruleIndex.set(k, (i = rules.push(t) - 1));
    return i;
  };

  const roles: EmbeddedRole[] = [];
  const roleIndex = new Map<string, number>();
  const subjects: SubjectTuple[] = [];
  const subjectIndex = new Map<string, number>();
  const subjectId = (kind: string, name: string, ns: string): number => {
    const k = JSON.stringify([kind, name, ns]);
    let i = subjectIndex.get(k);
    if (i === undefined) subjectIndex.set(k, (i = subjects.push([kind, name, ns, keyOfSubject(ns ? { kind, name, namespace: ns } : { kind, name })]) - 1));
    return i;
  };

  const ordered = policy.allBindings();
  const bindingIndex = new Map<IndexedBinding, number>();
  const bindings: EmbeddedBinding[] = ordered.map((ib, bi) => {
    bindingIndex.set(ib, bi);
    let role = roleIndex.get(ib.roleKey) ?? -1;
    const resolved = policy.rulesOf(ib);
    if (role < 0 && resolved) {
      const from = resolved.ruleSources?.map((s) => (s === resolved.role.name ? null : s));
      const release = defaultPolicyRelease(resolved.role.source);
      role = roles.push({ rules: resolved.rules.map(ruleId), ...(from && from.some((f) => f !== null) ? { from } : {}), ...(release ? { defaultPolicy: release } : {}), ...(resolved.dependsOnHistory ? { dependsOnHistory: true as const } : {}) }) - 1;
      roleIndex.set(ib.roleKey, role);
    }
    const b = ib.binding;
    const ref = b.roleRef;
    const release = defaultPolicyRelease(b.source);
    return {
      key: keyOfBinding(b),
      kind: b.kind,
      name: b.name,
      ns: ib.namespace,
      roleRef: [ref.kind, ref.name, ref.kind === 'Role' ? ib.namespace : ''],
      role,
      ...(release ? { defaultPolicy: release } : {}),
      subjects: b.subjects.map((s) => {
        const eff = effectiveSubject(s, ib);
        const reason = subjectNeverMatches(s, b.kind) ?? '';
        const same = (s.namespace ?? '') === (eff.namespace ?? '');
        const entry: EmbeddedBinding['subjects'][number] = [subjectId(eff.kind, eff.name, eff.namespace ?? ''), reason];
        if (reason && !same) entry.push([s.kind, s.name, s.namespace ?? '']);
        return entry;
      }),
    };
  });

  // What-can: for every subject of the graph that can match anyone, the bindings that apply to it.
  const whatCan: ReportData['whatCan'] = {};
  analysis.graph.forEachNode((key, a) => {
    if (a.kind !== 'subject' || !a.matchable || !['User', 'Group', 'ServiceAccount'].includes(a.subjectKind)) return;
    if (a.subjectKind === 'ServiceAccount' && !a.namespace) return;
    const user = userInfoFor({ kind: a.subjectKind as 'User' | 'Group' | 'ServiceAccount', name: a.name, ...(a.namespace ? { namespace: a.namespace } : {}) });
    const entries: [number, number][] = [];
    for (const ib of candidateBindings(policy, user)) {
      const pos = appliesTo(user, ib.binding.subjects, ib.namespace);
      if (pos >= 0 && policy.rulesOf(ib)) entries.push([bindingIndex.get(ib)!, pos]);
    }
    whatCan[key] = entries;
  });

  const nsIneffective: Record<string, string> = {};
  rules.forEach(([verbs, apiGroups, resources, resourceNames, nonResourceURLs], i) => {
    const reason = whyIneffectiveInNamespace({ rule: { verbs, apiGroups, resources, resourceNames, nonResourceURLs } } as Grant, catalogue);
    if (reason) nsIneffective[String(i)] = reason;
  });

  return { rules, nsIneffective, roles, bindings, subjects, whatCan, ...resourceData(analysis, rules), namespaces: namespacesOf(analysis), graph: graphData(analysis) };
}

function resourceData(analysis: Analysis, rules: RuleTuple[]): Pick<ReportData, 'resources' | 'resourceHints' | 'verbs'> {
  const { catalogue, snapshot } = analysis;
  const known = [...(snapshot.apiResources ?? []), ...BUILTIN_RESOURCES, ...snapshot.customResources.map((c) => ({ group: c.group, resource: c.plural, kind: c.resourceKind, namespaced: c.namespaced, shortNames: c.shortNames }))];
  const resources: Record<string, ResourceTuple[]> = {};
  for (const r of known) {
    for (const n of [r.resource, r.kind.toLowerCase(), ...r.shortNames].map((x) => x.toLowerCase())) {
      if (Object.prototype.hasOwnProperty.call(resources, n)) continue;
      resources[n] = catalogue.lookup(n).map((x) => [x.group, x.resource, x.namespaced, x.subresources ?? []]);
    }
  }
  const hints = new Set<string>();
  for (const r of known) hints.add(r.group && catalogue.lookup(r.resource).length > 1 ? `${r.resource}.${r.group}` : r.resource);
  const verbs = new Set(STANDARD_VERBS);
  for (const [vs, , rs] of rules) {
    for (const v of vs) if (v !== '*') verbs.add(v);
    for (const r of rs) if (r !== '*' && !r.startsWith('*/')) hints.add(r);
  }
  return { resources, resourceHints: [...hints].sort(), verbs: [...verbs] };
}

function namespacesOf(analysis: Analysis): string[] {
  const { snapshot, policy } = analysis;
  const set = new Set<string>([...policy.roleBindingsByNamespace.keys(), ...snapshot.namespaces.map((n) => n.name), ...snapshot.serviceAccounts.map((s) => s.namespace), ...snapshot.roles.map((r) => r.namespace)]);
  return [...set].filter((n) => n !== '').sort();
}

function graphData(analysis: Analysis): ReportData['graph'] {
  const g = analysis.graph;
  const index = new Map<string, number>();
  const nodes: ReportData['graph']['nodes'] = [];
  g.forEachNode((key, a) => {
    index.set(key, nodes.length);
    const { kind, name } = nodeLabel(a);
    nodes.push([key, nodeClass(a), kind, name]);
  });
  const edges: ReportData['graph']['edges'] = g.mapEdges((_e, a, s, t) => [index.get(s)!, index.get(t)!, a.kind, edgeLabel(a)]);
  return { nodes, edges };
}
