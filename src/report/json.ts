// Stable JSON: rows sorted, keys in a fixed order, no undefined fields. Documented in docs/output.md.
import { compareStrings } from '../model/compare.js';
import { describeSource } from '../model/diagnostic.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { PolicyRule, Subject } from '../model/rbac.js';
import type { Grant } from '../model/results.js';

export function ruleJson(r: PolicyRule): Record<string, string[]> {
  const out: Record<string, string[]> = { verbs: r.verbs };
  if (r.apiGroups.length) out.apiGroups = r.apiGroups;
  if (r.resources.length) out.resources = r.resources;
  if (r.resourceNames.length) out.resourceNames = r.resourceNames;
  if (r.nonResourceURLs.length) out.nonResourceURLs = r.nonResourceURLs;
  return out;
}

export function subjectJson(s: Subject): Record<string, string> {
  return s.namespace ? { kind: s.kind, name: s.name, namespace: s.namespace } : { kind: s.kind, name: s.name };
}

export function grantJson(g: Grant): Record<string, unknown> {
  return {
    scope: g.scope === '' ? 'cluster' : 'namespace',
    ...(g.scope ? { namespace: g.scope } : {}),
    binding: { ...g.binding },
    role: { ...g.role },
    ...(g.aggregatedFrom ? { aggregatedFrom: g.aggregatedFrom } : {}),
    ...(g.dependsOnHistory ? { dependsOnHistory: true } : {}),
    ruleIndex: g.ruleIndex,
    rule: ruleJson(g.rule),
    ...(g.bindingSource && g.bindingSource.type !== 'builtin' ? { source: describeSource(g.bindingSource) } : {}),
  };
}

export function diagnosticJson(d: Diagnostic): Record<string, string> {
  return { severity: d.severity, code: d.code, message: d.message, ...(d.source ? { source: describeSource(d.source) } : {}) };
}

const KIND_ORDER: Record<string, number> = { Group: 1, User: 2, ServiceAccount: 3 };

export function compareSubjects(a: Subject, b: Subject): number {
  return (
    (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) ||
    compareStrings(a.kind, b.kind) ||
    compareStrings((a.namespace ?? ''), b.namespace ?? '') ||
    compareStrings(a.name, b.name)
  );
}

export function compareGrants(a: Grant, b: Grant): number {
  return (
    compareStrings(a.scope, b.scope) ||
    compareStrings(a.binding.kind, b.binding.kind) ||
    compareStrings((a.binding.namespace ?? ''), b.binding.namespace ?? '') ||
    compareStrings(a.binding.name, b.binding.name) ||
    a.ruleIndex - b.ruleIndex
  );
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
