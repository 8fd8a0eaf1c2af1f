// "Reaches cluster-admin in N hops" as findings: every identity with an escalation path of at
// least one step to the target (direct holders are what the other checks report).
import type { Policy } from '../engine/policy.js';
import { parseSubjectSpec } from '../engine/subject-spec.js';
import type { Subject } from '../model/rbac.js';
import { buildEscalationGraph } from '../paths/escalation-graph.js';
import { chainText, pathsTo } from '../paths/paths.js';
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

export function reachFindings(policy: Policy, def: QueryDefinition): Finding[] {
  const { target, maxHops } = def.match.reaches!;
  const out: Finding[] = [];
  for (const p of pathsTo(buildEscalationGraph(policy), target, { maxHops })) {
    if (p.hops < 1) continue;
    const subject = subjectOf(p.source);
    if (!subject) continue;
    out.push({ check: def.id, title: def.title, severity: def.severity, subject, scope: '', matched: [`reaches ${target} in ${p.hops} hop(s)`], matches: [{ label: `reaches ${target}` }], grants: [], message: `reaches ${target} in ${p.hops} hop(s): ${chainText(p)}` });
  }
  return out;
}
