// Runs one check against a Policy. Request patterns become authorizer requests and go through
// holders() (the who-can path), so an audit can never disagree with who-can.
import { compareStrings } from '../model/compare.js';
import type { Policy } from '../engine/policy.js';
import type { ResourceCatalogue } from '../engine/resource-catalogue.js';
import { holders, type Holding } from '../engine/holders.js';
import { parseSubjectSpec } from '../engine/subject-spec.js';
import { whatCan } from '../engine/what-can.js';
import type { Subject } from '../model/rbac.js';
import type { Request } from '../model/request.js';
import type { Grant } from '../model/results.js';
import { matchText, type Finding, type FindingMatch } from './finding.js';
import { hygieneFindings } from './hygiene.js';
import type { EscalationGraph } from '../paths/escalation-graph.js';
import { reachFindings } from './reaches.js';
import type { QueryDefinition, RequestPattern } from './query-definition.js';

export interface Expanded {
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

// holders() shares one Grant among every request and check that finds it: its keys are spelled once.
const holderKeys = new WeakMap<Grant, string>();
const grantKeys = new WeakMap<Grant, string>();

/** Who holds the grant and where: one finding's worth. */
function holderKey(g: Grant): string {
  let k = holderKeys.get(g);
  if (k === undefined) holderKeys.set(g, (k = `${subjectKey(g.subject)}\u0000${g.scope}`));
  return k;
}

/** The binding and rule behind a grant: a finding lists each once. */
function grantKey(g: Grant): string {
  let k = grantKeys.get(g);
  if (k === undefined) grantKeys.set(g, (k = `${g.binding.kind}/${g.binding.namespace ?? ''}/${g.binding.name}#${g.ruleIndex}`));
  return k;
}

/** One subject in one scope: per request label, the holdings that allow it. */
interface Entry {
  subject: Subject;
  scope: string;
  byLabel: Map<string, { request: Request; holdings: Holding[] }>;
}
type Acc = Map<string, Entry>;

function collect(policy: Policy, patterns: RequestPattern[], def: QueryDefinition, catalogue: ResourceCatalogue, keep?: (g: Grant) => boolean): Acc {
  const acc: Acc = new Map();
  for (const p of patterns) {
    for (const e of expandPattern(p, catalogue)) {
      for (const h of holders(policy, e.request, { allNamespaces: e.allNamespaces, includeRestricted: def.match.includeRestricted })) {
        if (keep && !keep(h.grant)) continue;
        const { subject, scope } = h.grant;
        if (def.match.scope === 'cluster' && scope !== '') continue;
        if (def.match.scope === 'namespace' && scope === '') continue;
        const key = holderKey(h.grant);
        let a = acc.get(key);
        if (!a) acc.set(key, (a = { subject, scope, byLabel: new Map() }));
        let m = a.byLabel.get(e.label);
        if (!m) a.byLabel.set(e.label, (m = { request: e.request, holdings: [] }));
        m.holdings.push(h);
      }
    }
  }
  return acc;
}

/**
 * Each request is judged on its own: open when some grant allows it for any object, otherwise
 * restricted to the names its grants allow. The finding's grants are exactly the ones behind
 * its matches, so `matched` never shows a name-limited request as open.
 */
function toFinding(def: QueryDefinition, subject: Subject, scope: string, byLabel: Entry['byLabel']): Finding {
  const matches: FindingMatch[] = [];
  const holdings: Holding[] = [];
  for (const [label, { request, holdings: hs }] of [...byLabel].sort(([a], [b]) => compareStrings(a, b))) {
    const open = hs.filter((h) => !h.restrictedTo);
    if (open.length) {
      matches.push({ label, request });
      for (const h of open) holdings.push(h);
    } else {
      matches.push({ label, request, restrictedTo: [...new Set(hs.flatMap((h) => h.restrictedTo ?? []))].sort() });
      for (const h of hs) holdings.push(h);
    }
  }
  const f: Finding = { check: def.id, title: def.title, severity: def.severity, subject, scope, matched: matches.map(matchText), matches, grants: dedupeGrants(holdings.map((h) => h.grant)) };
  if (matches.every((m) => m.restrictedTo)) f.restrictedTo = [...new Set(matches.flatMap((m) => m.restrictedTo!))].sort();
  return f;
}

function dedupeGrants(grants: Grant[]): Grant[] {
  const seen = new Set<string>();
  return grants.filter((g) => {
    const k = grantKey(g);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The findings of DEF as an anyOf check of PATTERNS. With KEEP, only of the grants it keeps: a
 * finding is one subject in one scope, so each kept finding is the one the whole check gives.
 */
export function anyOfFindings(policy: Policy, def: QueryDefinition, patterns: RequestPattern[], catalogue: ResourceCatalogue, keep?: (g: Grant) => boolean): Finding[] {
  return [...collect(policy, patterns, def, catalogue, keep).values()].map((a) => toFinding(def, a.subject, a.scope, a.byLabel));
}

export function evaluateQuery(policy: Policy, def: QueryDefinition, catalogue: ResourceCatalogue, escalationGraph?: EscalationGraph): Finding[] {
  const m = def.match;
  if (m.hygiene) return hygieneFindings(policy, def, catalogue);
  if (m.reaches) return reachFindings(policy, def, escalationGraph);
  if (m.anyOf.length) return anyOfFindings(policy, def, m.anyOf, catalogue);
  if (m.allOf.length) {
    const per = m.allOf.map((p) => collect(policy, p, def, catalogue));
    const keys = new Set(per.flatMap((acc) => [...acc.keys()]));
    const findings: Finding[] = [];
    for (const key of keys) {
      const [sk, scope] = [key.slice(0, key.lastIndexOf('\u0000')), key.slice(key.lastIndexOf('\u0000') + 1)];
      // A cluster-wide grant also holds in every namespace.
      const parts = per.map((acc) => acc.get(key) ?? (scope !== '' ? acc.get(`${sk}\u0000`) : undefined));
      if (parts.some((p) => !p)) continue;
      if (scope !== '' && parts.every((p) => p!.scope === '')) continue; // reported once, at cluster scope
      const byLabel: Entry['byLabel'] = new Map();
      for (const p of parts) for (const [label, m] of p!.byLabel) byLabel.set(label, { request: m.request, holdings: [...(byLabel.get(label)?.holdings ?? []), ...m.holdings] });
      findings.push(toFinding(def, parts[0]!.subject, scope, byLabel));
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
      findings.push({ check: def.id, title: def.title, severity: def.severity, subject: grants[0]!.subject, scope, matched: [`bound to ${spec}`], matches: [{ label: `bound to ${spec}` }], grants });
    }
  }
  return findings;
}
