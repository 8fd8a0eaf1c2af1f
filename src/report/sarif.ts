// Audit findings as SARIF 2.1.0 that GitHub code scanning accepts: every result has a physical
// location (artifactLocation.uri and region.startLine), its ruleId names a rule in the run, and
// the run stays within the upload limits (docs/output.md#sarif).
import { createHash } from 'node:crypto';
import type { Finding } from '../audit/finding.js';
import { findingWho } from '../audit/identity.js';
import type { QueryDefinition } from '../audit/query-definition.js';
import type { LineLookup } from '../collect/source-lines.js';
import { describeSource } from '../model/diagnostic.js';
import type { SourceRef } from '../model/rbac.js';
import { refText, scopeText, subjectText } from './describe.js';

/** GitHub rejects a run with more results; the most severe are kept (findings come sorted by severity). */
export const SARIF_MAX_RESULTS = 25_000;
/** GitHub keeps at most this many tags per rule. */
const MAX_TAGS = 10;

export interface SarifOptions {
  queries?: readonly QueryDefinition[];
  lines?: LineLookup;
  /** Where to point a result whose object has no file (built-in policy, live cluster, stdin): the input given, at line 1. */
  fallbackUri?: string;
  /** Set when compared with a baseline: every result carries baselineState. */
  baseline?: boolean;
}

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
const SECURITY_SEVERITY: Record<string, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };
const pascal = (id: string) => id.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');

function rule(q: Pick<QueryDefinition, 'id' | 'title' | 'severity'> & Partial<QueryDefinition>) {
  const refs = q.references ?? [];
  const why = q.why ?? q.title;
  return {
    id: q.id,
    name: pascal(q.id),
    shortDescription: { text: q.title },
    fullDescription: { text: q.description ?? q.title },
    defaultConfiguration: { level: LEVEL[q.severity] },
    help: { text: `${why}${refs.length ? `\n\nReferences: ${refs.join(', ')}` : ''}`, markdown: `${why}${refs.length ? `\n\nReferences:\n${refs.map((r) => `- ${/^https?:/.test(r) ? `<${r}>` : r}`).join('\n')}` : ''}` },
    ...(refs.find((r) => /^https?:/.test(r)) ? { helpUri: refs.find((r) => /^https?:/.test(r)) } : {}),
    properties: { severity: q.severity, 'security-severity': SECURITY_SEVERITY[q.severity], precision: 'very-high', tags: ['security', 'kubernetes', 'rbac', q.severity].slice(0, MAX_TAGS) },
  };
}

const who = (f: Finding) => (f.subject ? subjectText(f.subject) : f.object ? refText(f.object) : '');
const via = (f: Finding) => [...new Set(f.grants.map((g) => `${refText(g.binding)} -> ${refText(g.role)}${g.aggregatedFrom ? ` (from ${g.aggregatedFrom})` : ''}`))].join('; ');

/** The binding behind the finding (or its role, or the first binding on its path); the fallback when that has no file. */
function location(f: Finding, opts: SarifOptions) {
  const src: SourceRef | undefined = f.source ?? f.grants[0]?.bindingSource;
  const file = src?.type === 'file' && src.file !== '<stdin>' ? src.file : undefined;
  const uri = file ?? opts.fallbackUri ?? '.';
  const line = (file && opts.lines?.(src)) || 1;
  const logical = !file && (src || f.object) ? [{ fullyQualifiedName: src && src.type !== 'builtin' ? describeSource(src) : f.object ? refText(f.object) : describeSource(src) }] : undefined;
  return { physicalLocation: { artifactLocation: { uri }, region: { startLine: line } }, ...(logical ? { logicalLocations: logical } : {}) };
}

/** Stable across runs and line moves: what the finding is about, not where it sits. */
const fingerprint = (f: Finding) => createHash('sha256').update(`${f.check}\u0000${findingWho(f)}\u0000${f.scope}`).digest('hex');

/** Every workload that mounts the finding's ServiceAccount token (the table shows the first). */
const mountedText = (f: Finding) => (f.workloads?.length && !f.object ? `; its token is mounted by ${f.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name}${w.placement === 'every node' ? ' (on every node)' : ''}`).join(', ')}` : '');

export function sarifLog(findings: readonly Finding[], opts: SarifOptions = {}): { log: unknown; dropped: number } {
  const rules = (opts.queries ?? []).map(rule);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  // Checks run without their definitions (library use) still get a rule, so every ruleId resolves.
  for (const f of findings) if (!index.has(f.check)) index.set(f.check, rules.push(rule({ id: f.check, title: f.title, severity: f.severity })) - 1);
  const kept = findings.slice(0, SARIF_MAX_RESULTS);
  const results = kept.map((f) => ({
    ruleId: f.check,
    ruleIndex: index.get(f.check)!,
    level: LEVEL[f.severity],
    message: { text: `${who(f)} ${f.message ?? `can ${f.matched.join(' / ')}`} (${scopeText(f.scope)})${f.grants.length ? ` via ${via(f)}` : ''}${mountedText(f)}` },
    locations: [location(f, opts)],
    partialFingerprints: { 'rbacFinding/v1': fingerprint(f) },
    ...(opts.baseline && f.baselineState ? { baselineState: f.baselineState } : {}),
    ...(f.excluded ? { suppressions: [{ kind: 'external', justification: f.excluded }] } : {}),
  }));
  const dropped = findings.length - kept.length;
  const run = { tool: { driver: { name: 'rbac', rules } }, results, ...(dropped ? { properties: { truncated: { results: findings.length, kept: kept.length } } } : {}) };
  return { log: { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] }, dropped };
}
