// "Reaches cluster-admin in N hops" as findings: every identity with an escalation path of at
// least one step to the target (direct holders are what the other checks report). A path that
// needs a legacy token Secret the input does not show is reported one severity lower, saying so.
import type { Policy } from '../engine/policy.js';
import { parseSubjectSpec } from '../engine/subject-spec.js';
import type { Subject } from '../model/rbac.js';
import { addTargetNode, buildEscalationGraph } from '../paths/escalation-graph.js';
import { chainText, pathsTo } from '../paths/paths.js';
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

export function reachFindings(policy: Policy, def: QueryDefinition): Finding[] {
  const { target, maxHops } = def.match.reaches!;
  const out: Finding[] = [];
  const g = buildEscalationGraph(policy);
  addTargetNode(g, target);
  for (const p of pathsTo(g, target, { maxHops })) {
    if (p.hops < 1) continue;
    const subject = subjectOf(p.source);
    if (!subject) continue;
    const reaches = `reaches ${target} in ${p.hops} hop(s)${p.certain ? '' : ` only ${p.conditions.join(' and ')}`}`;
    out.push({ check: def.id, title: def.title, severity: p.certain ? def.severity : LOWER[def.severity], subject, scope: '', matched: [reaches], grants: [], message: `${reaches}: ${chainText(p)}` });
  }
  return out;
}
