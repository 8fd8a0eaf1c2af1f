// Runs a check's own examples: each `fires` example must give a finding for its subject, each
// `quiet` one must not. Used by the meta-test of queries/ and by `rbac audit --check-queries`.
import { SnapshotBuilder } from '../collect/assemble.js';
import { decodeText } from '../collect/decode.js';
import { analyze } from '../engine/analyze.js';
import { keyOfSubject } from '../model/keys.js';
import type { Finding } from './finding.js';
import { audit } from './audit.js';
import type { QueryDefinition, QueryExample } from './query-definition.js';

export interface ExampleOutcome {
  kind: 'fires' | 'quiet';
  index: number;
  ok: boolean;
  findings: Finding[];
  message: string;
}

/** The spec a finding is about: user:NAME, group:NAME, sa:NS:NAME, or kind:ns/name for an object. */
export function findingTarget(f: Finding): string {
  if (f.subject) return keyOfSubject(f.subject);
  const o = f.object!;
  return `${o.kind.toLowerCase()}:${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function run(def: QueryDefinition, ex: QueryExample): Finding[] {
  const b = new SnapshotBuilder();
  b.addDecoded(`${def.id}.example.yaml`, decodeText(ex.manifests));
  const snapshot = b.build({ origin: 'files' });
  const bad = snapshot.diagnostics.filter((d) => d.severity === 'error');
  if (bad.length) throw new Error(`example manifests do not load: ${bad.map((d) => d.message).join('; ')}`);
  return audit(analyze(snapshot), [def]).findings.filter((f) => !f.excluded && findingTarget(f) === ex.subject);
}

export function runExamples(def: QueryDefinition): ExampleOutcome[] {
  const out: ExampleOutcome[] = [];
  def.examples.fires.forEach((ex, index) => {
    const findings = run(def, ex);
    out.push({ kind: 'fires', index, ok: findings.length > 0, findings, message: findings.length ? 'fires' : `expected a finding for ${ex.subject}, got none` });
  });
  def.examples.quiet.forEach((ex, index) => {
    const findings = run(def, ex);
    out.push({ kind: 'quiet', index, ok: findings.length === 0, findings, message: findings.length ? `expected no finding for ${ex.subject}, got ${findings.length}` : 'quiet' });
  });
  return out;
}
