// Turning generated raw worlds into Analyses (through the same assembler and normaliser the file
// collector uses), and the answers the properties compare.
import jsYaml from 'js-yaml';
import { SnapshotBuilder } from '../../src/collect/assemble.js';
import { analyze, type Analysis } from '../../src/engine/analyze.js';
import { userInfoFor } from '../../src/engine/subject-spec.js';
import type { AnalyzeOptions } from '../../src/engine/policy.js';
import type { Subject } from '../../src/model/rbac.js';
import type { Request, UserInfo } from '../../src/model/request.js';
import type { Grant } from '../../src/model/results.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { withImplicitGroups } from '../../src/semantics/user-info.js';
import type { GenRequest, GenUser, Raw } from './arbitraries.js';

export function snapshotOf(objects: Raw[]): Snapshot {
  const b = new SnapshotBuilder();
  objects.forEach((o, i) => b.addValue(structuredClone(o), { type: 'file', file: 'generated.yaml', doc: i + 1 }, 0));
  return b.build({ origin: 'files' });
}

export function analyzeRaw(objects: Raw[], options?: AnalyzeOptions): Analysis {
  return analyze(snapshotOf(objects), options);
}

/** Files (name -> text) as the file collector reads them, in the order given. */
export function analyzeTexts(files: [string, string][]): Analysis {
  const b = new SnapshotBuilder();
  for (const [name, text] of files) b.addText(name, text);
  return analyze(b.build({ origin: 'files' }));
}

export const yamlStream = (objects: Raw[]) => objects.map((o) => jsYaml.dump(o, { noRefs: true })).join('---\n');

export function toRequest(q: GenRequest): Request {
  return q.kind === 'resource' ? { ...q } : { ...q };
}

export function toUser(u: GenUser): UserInfo {
  return withImplicitGroups(u.name, u.groups);
}

/** The identity a (namespace-defaulted) subject names: a user with only implicit groups, a user in exactly G, the ServiceAccount's user. */
export function identityOf(s: Subject): UserInfo {
  if (s.kind === 'User') return userInfoFor({ kind: 'User', name: s.name });
  if (s.kind === 'Group') return userInfoFor({ kind: 'Group', name: s.name });
  return userInfoFor({ kind: 'ServiceAccount', name: s.name, namespace: s.namespace! });
}

export const subjectKey = (s: Subject) => `${s.kind}/${s.namespace ?? ''}/${s.name}`;

/** Whether the (stored or defaulted) subject names this user; a ServiceAccount without a namespace stands in `evalNs`. */
export function subjectNamesUser(s: Subject, u: UserInfo, evalNs: string): boolean {
  if (s.kind === 'User') return s.name === u.name;
  if (s.kind === 'Group') return u.groups.includes(s.name);
  if (s.kind === 'ServiceAccount') {
    const ns = s.namespace || evalNs;
    return ns !== '' && u.name === `system:serviceaccount:${ns}:${s.name}`;
  }
  return false;
}

/** A grant without where it was read from: the same answer from other files or another order. */
export function grantKey(g: Grant): string {
  return JSON.stringify([subjectKey(g.subject), g.binding, g.role, g.scope, g.ruleIndex, g.rule, g.aggregatedFrom ?? '']);
}

export function whoCanKeys(a: Analysis, q: Request): string[] {
  return a.whoCan(q, { allNamespaces: false }).grants.map(grantKey).sort();
}

export function whoCanSubjects(a: Analysis, q: Request, allNamespaces = false): Set<string> {
  return new Set(a.whoCan(q, { allNamespaces }).grants.map((g) => `${subjectKey(g.subject)}@${g.scope}`));
}
