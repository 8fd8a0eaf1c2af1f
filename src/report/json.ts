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

/** A top-level list of a streamed document: its rows, and how each becomes JSON (done a batch at a time). */
export class JsonRows<T> {
  constructor(
    readonly rows: readonly T[],
    readonly toJson: (row: T) => unknown,
  ) {}
}

/**
 * toJson(doc) in pieces: a JsonRows field is written a batch of rows at a time, so a large answer
 * never sits in memory as one string (nor as one tree of JSON values). Each piece is one
 * JSON.stringify nested as deep as it sits in the document, so the indentation is toJson's.
 */
export function* toJsonChunks(doc: Record<string, unknown>, batch = 500): Generator<string> {
  const fields = Object.entries(doc).filter(([, v]) => v !== undefined);
  if (fields.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{\n';
  for (const [i, [key, value]] of fields.entries()) {
    const end = i + 1 < fields.length ? ',\n' : '\n';
    const rows = value instanceof JsonRows ? (value as JsonRows<unknown>) : undefined;
    if (!rows?.rows.length) {
      // [value] puts it one level deep: `[\n  VALUE\n]`.
      yield `  ${JSON.stringify(key)}: ${JSON.stringify([rows ? [] : value], null, 2).slice(4, -2)}${end}`;
      continue;
    }
    yield `  ${JSON.stringify(key)}: [\n`;
    for (let at = 0; at < rows.rows.length; at += batch) {
      // [[rows]] puts them two levels deep: `[\n  [\n    ROW,\n    ROW\n  ]\n]`.
      const text = JSON.stringify([rows.rows.slice(at, at + batch).map(rows.toJson)], null, 2);
      // The separator on its own: joined to the batch, it would make a rope that the output
      // guard's scan and the write then copy whole (a megabyte a batch).
      if (at > 0) yield ',\n';
      yield text.slice(6, -6);
    }
    yield `\n  ]${end}`;
  }
  yield '}\n';
}
