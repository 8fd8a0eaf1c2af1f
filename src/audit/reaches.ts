// "Reaches cluster-admin in N hops" as findings: every identity with an escalation path of at
// least one step to the target (direct holders are what the other checks report). A path that
// needs a legacy token Secret the input does not show is reported one severity lower, saying so.
import { effectiveSubject } from '../engine/grants.js';
import type { Policy } from '../engine/policy.js';
import { keyOfSubject } from '../model/keys.js';
import { parseSubjectSpec } from '../engine/subject-spec.js';
import type { SourceRef, Subject } from '../model/rbac.js';
import { addTargetNode, buildEscalationGraph, type EscalationGraph } from '../paths/escalation-graph.js';
import { chainText, pathsTo, type EscalationPath } from '../paths/paths.js';
import type { Finding } from './finding.js';
import type { QueryDefinition, QuerySeverity } from './query-definition.js';

const LOWER: Record<QuerySeverity, QuerySeverity> = { critical: 'high', high: 'medium', medium: 'low', low: 'info', info: 'info' };

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
 * Where a path starts, for SARIF: the binding of its first bound-to step (edges name it as
 * "ClusterRoleBinding NAME" or "RoleBinding NS/NAME"); for a path whose first step is a
 * capability of the identity itself, the first binding that names the identity. Indexed once.
 */
function bindingSources(policy: Policy): (p: EscalationPath) => SourceRef | undefined {
  const byVia = new Map<string, SourceRef>();
  const bySubject = new Map<string, SourceRef>();
  for (const ib of policy.allBindings()) {
    byVia.set(`${ib.binding.kind} ${ib.namespace ? `${ib.namespace}/` : ''}${ib.binding.name}`, ib.binding.source);
    for (const s of ib.binding.subjects) {
      const k = keyOfSubject(effectiveSubject(s, ib));
      if (!bySubject.has(k)) bySubject.set(k, ib.binding.source);
    }
  }
  return (p) => {
    const via = p.steps.find((s) => s.edge.kind === 'bound-to')?.edge.via;
    return (via ? byVia.get(via) : undefined) ?? bySubject.get(p.source);
  };
}

export function reachFindings(policy: Policy, def: QueryDefinition, shared?: EscalationGraph): Finding[] {
  const { target, maxHops } = def.match.reaches!;
  const out: Finding[] = [];
  // A shared graph is walked only when it holds the target already: adding one would give the
  // caller's graph edges it did not ask for.
  const g = shared?.hasNode(target) ? shared : buildEscalationGraph(policy);
  if (g !== shared) addTargetNode(g, target);
  let sourceOf: ReturnType<typeof bindingSources> | undefined;
  for (const p of pathsTo(g, target, { maxHops })) {
    if (p.hops < 1) continue;
    const subject = subjectOf(p.source);
    if (!subject) continue;
    const source = (sourceOf ??= bindingSources(policy))(p);
    const reaches = `reaches ${target} in ${p.hops} hop(s)${p.certain ? '' : ` only ${p.conditions.join(' and ')}`}`;
    out.push({ check: def.id, title: def.title, severity: p.certain ? def.severity : LOWER[def.severity], subject, scope: '', ...(source ? { source } : {}), matched: [reaches], matches: [{ label: `reaches ${target}` }], grants: [], message: `${reaches}: ${chainText(p)}` });
  }
  return out;
}
