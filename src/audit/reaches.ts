// "Reaches cluster-admin in N hops" as findings: every identity with an escalation path of at
// least one step to the target (direct holders are what the other checks report).
import { effectiveSubject } from '../engine/grants.js';
import type { Policy } from '../engine/policy.js';
import { keyOfSubject } from '../model/keys.js';
import { parseSubjectSpec } from '../engine/subject-spec.js';
import type { SourceRef, Subject } from '../model/rbac.js';
import { buildEscalationGraph } from '../paths/escalation-graph.js';
import { chainText, pathsTo, type EscalationPath } from '../paths/paths.js';
import type { Finding } from './finding.js';
import type { QueryDefinition } from './query-definition.js';

/** Escalation-graph identity keys are model/keys subject keys; read them back with the same parser users' specs go through. */
function subjectOf(key: string): Subject | undefined {
  try {
    const { kind, name, namespace } = parseSubjectSpec(key);
    return namespace ? { kind, name, namespace } : { kind, name };
  } catch {
    return undefined;
  }
}

/**
 * The first binding on a path, from its bound-to step ("ClusterRoleBinding NAME" or "RoleBinding
 * NS/NAME"); for a path whose first step is a capability of the identity itself, the first
 * binding that names the identity.
 */
function firstBindingSource(policy: Policy, p: EscalationPath): SourceRef | undefined {
  const via = p.steps.find((s) => s.edge.kind === 'bound-to')?.edge.via;
  if (via) {
    const [kind, ref = ''] = via.split(' ');
    const [ns, name] = kind === 'RoleBinding' ? ref.split('/') : ['', ref];
    const list = kind === 'RoleBinding' ? policy.roleBindingsByNamespace.get(ns ?? '') ?? [] : policy.clusterRoleBindings;
    const found = list.find((ib) => ib.binding.name === name);
    if (found) return found.binding.source;
  }
  return policy.allBindings().find((ib) => ib.binding.subjects.some((s) => keyOfSubject(effectiveSubject(s, ib)) === p.source))?.binding.source;
}

export function reachFindings(policy: Policy, def: QueryDefinition): Finding[] {
  const { target, maxHops } = def.match.reaches!;
  const out: Finding[] = [];
  for (const p of pathsTo(buildEscalationGraph(policy), target, { maxHops })) {
    if (p.hops < 1) continue;
    const subject = subjectOf(p.source);
    if (!subject) continue;
    const source = firstBindingSource(policy, p);
    out.push({ check: def.id, title: def.title, severity: def.severity, subject, scope: '', ...(source ? { source } : {}), matched: [`reaches ${target} in ${p.hops} hop(s)`], matches: [{ label: `reaches ${target}` }], grants: [], message: `reaches ${target} in ${p.hops} hop(s): ${chainText(p)}` });
  }
  return out;
}
