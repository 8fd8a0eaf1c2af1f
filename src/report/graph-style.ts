// How each kind of RBAC graph node looks, in every graph format and in the HTML report: one
// class per thing a Kubernetes reader tells apart, with a colour, a Graphviz shape, a Mermaid
// shape and a title for the legend. Labels carry full names.
import type { EdgeAttributes, NodeAttributes } from '../graph/build.js';
import { kubectlName } from '../model/workload.js';
import { ruleText } from './describe.js';

export type NodeClass =
  | 'workload' | 'tokenless'
  | 'user' | 'group' | 'serviceaccount' | 'unmatchable'
  | 'rolebinding' | 'clusterrolebinding'
  | 'role' | 'clusterrole' | 'aggregated' | 'missing'
  | 'rule';

export interface NodeStyle {
  title: string;
  /** The node colour in the HTML report's graph view (saturated, one per class). */
  view: string;
  fill: string;
  stroke: string;
  /** Graphviz node attributes. */
  dot: { shape: string; style: string; peripheries?: number };
  /** Mermaid flowchart shape: the text goes between open and close. */
  mermaid: [string, string];
  /** Extra Mermaid classDef declarations (dashes, widths). */
  mermaidExtra?: string;
  /** GEXF viz shape. */
  gexf: 'disc' | 'square' | 'triangle' | 'diamond';
}

export const NODE_STYLES: Record<NodeClass, NodeStyle> = {
  workload: { title: 'Workload (its pods carry the ServiceAccount\'s token)', view: '#0891b2', fill: '#cffafe', stroke: '#0e7490', dot: { shape: 'component', style: 'filled' }, mermaid: ['[/"', '"\\]'], gexf: 'square' },
  tokenless: { title: 'Workload whose pods mount no token', view: '#94a3b8', fill: '#f1f5f9', stroke: '#64748b', dot: { shape: 'component', style: 'filled,dashed' }, mermaid: ['[/"', '"\\]'], mermaidExtra: 'stroke-dasharray:4 3', gexf: 'square' },
  user: { title: 'User', view: '#2563eb', fill: '#dbeafe', stroke: '#1d4ed8', dot: { shape: 'ellipse', style: 'filled' }, mermaid: ['(["', '"])'], gexf: 'disc' },
  group: { title: 'Group', view: '#1e3a8a', fill: '#bfdbfe', stroke: '#1e3a8a', dot: { shape: 'ellipse', style: 'filled', peripheries: 2 }, mermaid: ['{{"', '"}}'], gexf: 'disc' },
  serviceaccount: { title: 'ServiceAccount', view: '#16a34a', fill: '#dcfce7', stroke: '#15803d', dot: { shape: 'hexagon', style: 'filled' }, mermaid: ['[/"', '"/]'], gexf: 'disc' },
  unmatchable: { title: 'Subject that matches no one', view: '#9ca3af', fill: '#f3f4f6', stroke: '#6b7280', dot: { shape: 'ellipse', style: 'filled,dashed' }, mermaid: ['(["', '"])'], mermaidExtra: 'stroke-dasharray:4 3', gexf: 'disc' },
  rolebinding: { title: 'RoleBinding (grants in its namespace)', view: '#d97706', fill: '#fef9c3', stroke: '#a16207', dot: { shape: 'box', style: 'filled' }, mermaid: ['["', '"]'], gexf: 'square' },
  clusterrolebinding: { title: 'ClusterRoleBinding (grants cluster-wide)', view: '#c2410c', fill: '#fed7aa', stroke: '#c2410c', dot: { shape: 'box', style: 'filled', peripheries: 2 }, mermaid: ['[["', '"]]'], mermaidExtra: 'stroke-width:2px', gexf: 'square' },
  role: { title: 'Role', view: '#a855f7', fill: '#ede9fe', stroke: '#6d28d9', dot: { shape: 'box', style: 'rounded,filled' }, mermaid: ['("', '")'], gexf: 'diamond' },
  clusterrole: { title: 'ClusterRole', view: '#6d28d9', fill: '#ddd6fe', stroke: '#4c1d95', dot: { shape: 'box', style: 'rounded,filled,bold' }, mermaid: ['("', '")'], mermaidExtra: 'stroke-width:2px', gexf: 'diamond' },
  aggregated: { title: 'Aggregated ClusterRole (rules from the roles it selects)', view: '#db2777', fill: '#c4b5fd', stroke: '#4c1d95', dot: { shape: 'folder', style: 'filled,bold' }, mermaid: ['[("', '")]'], mermaidExtra: 'stroke-width:2px', gexf: 'diamond' },
  missing: { title: 'Missing role (referenced, does not exist)', view: '#dc2626', fill: '#fee2e2', stroke: '#b91c1c', dot: { shape: 'box', style: 'rounded,filled,dashed' }, mermaid: ['("', '")'], mermaidExtra: 'stroke-dasharray:4 3', gexf: 'diamond' },
  rule: { title: 'Rule (verbs, resources, API groups)', view: '#64748b', fill: '#f9fafb', stroke: '#6b7280', dot: { shape: 'note', style: 'filled' }, mermaid: ['>"', '"]'], gexf: 'triangle' },
};

export const NODE_CLASS_ORDER = Object.keys(NODE_STYLES) as NodeClass[];

export function nodeClass(a: NodeAttributes): NodeClass {
  switch (a.kind) {
    case 'subject':
      if (!a.matchable) return 'unmatchable';
      return a.subjectKind === 'User' ? 'user' : a.subjectKind === 'Group' ? 'group' : 'serviceaccount';
    case 'binding':
      return a.bindingKind === 'RoleBinding' ? 'rolebinding' : 'clusterrolebinding';
    case 'role':
      if (a.missing) return 'missing';
      if (a.aggregated) return 'aggregated';
      return a.roleKind === 'Role' ? 'role' : 'clusterrole';
    case 'rule':
      return 'rule';
    case 'workload':
      return a.tokenMounted ? 'workload' : 'tokenless';
  }
}

/** Two lines: what the node is, and its full name (namespace/name where it has one). */
export function nodeLabel(a: NodeAttributes): { kind: string; name: string } {
  const qualified = (ns: string | undefined, name: string) => (ns ? `${ns}/${name}` : name);
  switch (a.kind) {
    case 'subject':
      return { kind: a.matchable ? a.subjectKind : `${a.subjectKind} (matches no one)`, name: qualified(a.namespace, a.name) };
    case 'binding':
      return { kind: a.bindingKind, name: qualified(a.namespace, a.name) };
    case 'role':
      return { kind: `${a.roleKind}${a.missing ? ' (missing)' : a.aggregated ? ' (aggregated)' : ''}`, name: qualified(a.namespace, a.name) };
    case 'rule':
      return { kind: `rule #${a.index}`, name: ruleText(a.rule) };
    case 'workload': {
      const marks = [a.everyNode ? 'every node' : '', a.tokenMounted ? '' : 'no token'].filter(Boolean);
      return { kind: `${a.workloadKind}${marks.length ? ` (${marks.join(', ')})` : ''}`, name: `${kubectlName(a.workloadKind, a.name)} -n ${a.namespace}` };
    }
  }
}

/** What an edge's drawing depends on (its kind, and a grant's scope): writers draw each once. */
export function edgeStyleKey(a: EdgeAttributes): string {
  return a.kind === 'grants' ? `grants\u0000${a.scope}` : a.kind;
}

/** The words on an edge: the scope of a grant, "aggregates", or nothing. */
export function edgeLabel(a: EdgeAttributes): string {
  switch (a.kind) {
    case 'grants':
      return a.scope ? `in ${a.scope}` : 'cluster-wide';
    case 'aggregates':
      return 'aggregates';
    default:
      return '';
  }
}

export const EDGE_LEGEND = [
  'subject -> binding: the binding names the subject',
  'binding -> role: grants the role, cluster-wide (bold) or in a namespace (labelled)',
  'aggregated role -> role (dashed): takes that role\'s rules',
  'role -> rule: the role\'s own rules',
];

/** Only a graph with workloads says what its workload edges mean (other graphs stay as they were). */
export const WORKLOAD_EDGE_LEGEND = 'workload -> ServiceAccount: its pods carry that token (none from a workload that mounts no token)';

export function edgeLegend(g: { forEachNode(cb: (k: string, a: NodeAttributes) => void): void }): string[] {
  let workloads = false;
  g.forEachNode((_k, a) => void (workloads ||= a.kind === 'workload'));
  return workloads ? [WORKLOAD_EDGE_LEGEND, ...EDGE_LEGEND] : EDGE_LEGEND;
}

/** Characters XML 1.0 cannot carry at all, replaced by U+FFFD so every export parses. */
export function xmlSafe(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
