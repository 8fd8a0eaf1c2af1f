// The RBAC graph: subject -> binding -> role -> rule, with aggregation edges from an aggregated
// ClusterRole to each ClusterRole it takes rules from. Node keys are the canonical keys of
// model/keys.ts; binding -> role edges carry the scope the binding grants in.
import { MultiDirectedGraph } from 'graphology';
import { keyOfBinding, keyOfSubject } from '../model/keys.js';
import type { PolicyRule } from '../model/rbac.js';
import { subjectNeverMatches } from '../semantics/applies-to.js';
import { effectiveSubject } from '../engine/grants.js';
import type { Policy } from '../engine/policy.js';
import { addWorkloadNodes, type WorkloadNode } from './workload-nodes.js';

export type NodeAttributes =
  | { kind: 'subject'; subjectKind: string; name: string; namespace?: string; matchable: boolean }
  | { kind: 'binding'; bindingKind: 'RoleBinding' | 'ClusterRoleBinding'; name: string; namespace?: string }
  | { kind: 'role'; roleKind: 'Role' | 'ClusterRole'; name: string; namespace?: string; aggregated: boolean; missing: boolean }
  | { kind: 'rule'; rule: PolicyRule; index: number }
  | WorkloadNode;

export type EdgeAttributes =
  | { kind: 'subject-of' }
  /** scope: "" = cluster-wide, else the namespace the binding grants in. */
  | { kind: 'grants'; scope: string }
  | { kind: 'has-rule' }
  | { kind: 'aggregates' }
  /** workload -> the ServiceAccount whose token its pods carry (graph/workload-nodes.ts). */
  | { kind: 'runs-as' };

export type RbacGraph = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

/** What building needs of a graph: graphology's own methods, so the same code fills a graphology graph or plain lists (lists.ts). */
export interface GraphSink {
  addNode(key: string, attributes: NodeAttributes): unknown;
  mergeNode(key: string, attributes: NodeAttributes): unknown;
  hasNode(key: string): boolean;
  addEdge(source: string, target: string, attributes: EdgeAttributes): unknown;
  mergeEdge(source: string, target: string, attributes: EdgeAttributes): unknown;
}

export function buildGraph(policy: Policy): RbacGraph {
  const g: RbacGraph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();
  fillGraph(policy, g);
  return g;
}

export function fillGraph(policy: Policy, g: GraphSink): void {
  for (const [key, resolved] of policy.roles) {
    const r = resolved.role;
    g.addNode(key, {
      kind: 'role',
      roleKind: r.kind,
      name: r.name,
      ...(r.kind === 'Role' ? { namespace: r.namespace } : {}),
      aggregated: r.kind === 'ClusterRole' && !!r.aggregationRule,
      missing: false,
    });
  }
  for (const [key, resolved] of policy.roles) {
    const r = resolved.role;
    // An aggregated role's rules hang off the roles that contribute them; it keeps only rules of its own.
    const sources = r.kind === 'ClusterRole' && r.aggregationRule ? resolved.ruleSources : undefined;
    if (sources) for (const from of new Set(sources)) if (from !== r.name) g.mergeEdge(key, `clusterrole:${from}`, { kind: 'aggregates' });
    resolved.rules.forEach((rule, index) => {
      if (sources && sources[index] !== r.name) return;
      const ruleKey = `${key}#${index}`;
      g.addNode(ruleKey, { kind: 'rule', rule, index });
      g.addEdge(key, ruleKey, { kind: 'has-rule' });
    });
  }
  const bindings = policy.allBindings();
  for (const ib of bindings) {
    const b = ib.binding;
    const bKey = keyOfBinding(b);
    g.mergeNode(bKey, { kind: 'binding', bindingKind: b.kind, name: b.name, ...(b.kind === 'RoleBinding' ? { namespace: b.namespace } : {}) });
    if (!g.hasNode(ib.roleKey)) {
      const ref = b.roleRef;
      g.addNode(ib.roleKey, { kind: 'role', roleKind: ref.kind === 'Role' ? 'Role' : 'ClusterRole', name: ref.name, ...(ref.kind === 'Role' ? { namespace: ib.namespace } : {}), aggregated: false, missing: true });
    }
    g.addEdge(bKey, ib.roleKey, { kind: 'grants', scope: ib.namespace });
    for (const s of b.subjects) {
      const subject = effectiveSubject(s, ib);
      const sKey = keyOfSubject(subject);
      g.mergeNode(sKey, { kind: 'subject', subjectKind: subject.kind, name: subject.name, ...(subject.namespace ? { namespace: subject.namespace } : {}), matchable: !subjectNeverMatches(s, b.kind) });
      g.mergeEdge(sKey, bKey, { kind: 'subject-of' });
    }
  }
  addWorkloadNodes(g, policy.snapshot);
}
