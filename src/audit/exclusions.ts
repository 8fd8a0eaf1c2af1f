// Noise control that never hides silently: an exclusion names subjects, namespaces, roles or
// bindings (globs with a trailing * only) and a reason; excluded findings are kept, marked with
// that reason, and counted in every report.
import { keyOfSubject } from '../model/keys.js';
import type { Grant } from '../model/results.js';
import type { Subject } from '../model/rbac.js';
import type { Finding } from './finding.js';
import type { Exclusion } from './query-definition.js';

export interface ScopedExclusion extends Exclusion {
  /** Limit to these check ids; all checks when empty. */
  checks: string[];
}

function glob(pattern: string, value: string): boolean {
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : pattern === value;
}

// The subject as a user writes it in an exclusion: user:NAME, group:NAME, sa:NS:NAME.
const subjectSpec = (s: Subject) => keyOfSubject(s);

const roleSpec = (g: Grant) => (g.role.kind === 'Role' ? `role:${g.role.namespace}/${g.role.name}` : `clusterrole:${g.role.name}`);
const bindingSpec = (g: Grant) => (g.binding.kind === 'RoleBinding' ? `rolebinding:${g.binding.namespace}/${g.binding.name}` : `clusterrolebinding:${g.binding.name}`);

/** An exclusion applies when every field it names matches (roles/bindings: all granting paths). */
export function exclusionApplies(x: Exclusion, f: Finding): boolean {
  if (x.subjects.length && !(f.subject && x.subjects.some((p) => glob(p, subjectSpec(f.subject!))))) return false;
  if (x.namespaces.length && !x.namespaces.some((p) => f.scope !== '' && glob(p, f.scope))) return false;
  if (x.roles.length && !(f.grants.length && f.grants.every((g) => x.roles.some((p) => glob(p, roleSpec(g)))))) return false;
  if (x.bindings.length && !(f.grants.length && f.grants.every((g) => x.bindings.some((p) => glob(p, bindingSpec(g)))))) return false;
  return true;
}

export function applyExclusions(findings: Finding[], builtIn: Exclusion[], user: ScopedExclusion[]): void {
  for (const f of findings) {
    const hit = builtIn.find((x) => exclusionApplies(x, f)) ?? user.find((x) => (x.checks.length === 0 || x.checks.includes(f.check)) && exclusionApplies(x, f));
    if (hit) f.excluded = hit.reason;
  }
}
