// The RBAC graph as GraphML (yEd, Cytoscape, NetworkX, Gephi) and GEXF (Gephi). GEXF is written
// by graphology-gexf; graphology-graphml only parses, so GraphML is written here. Both parse
// back with the graphology parsers to the same nodes, edges and flat attributes: strings,
// booleans, the rule index as a number, and a rule's lists as JSON arrays (["get","list"]).
import gexf from 'graphology-gexf';
import type { EdgeAttributes, NodeAttributes, RbacGraph } from '../graph/build.js';
import type { GraphWalk } from '../graph/lists.js';
import { NODE_STYLES, edgeLabel, nodeClass, nodeLabel, xmlSafe } from './graph-style.js';
import { LineChunks } from './line-chunks.js';

type Flat = Record<string, string | number | boolean>;

/** A node's attributes, flattened for formats whose attributes are scalars. */
export function flatNode(a: NodeAttributes): Flat {
  const cls = nodeClass(a);
  const { kind, name } = nodeLabel(a);
  const out: Flat = { label: `${kind} ${name}`, kind: a.kind, class: cls, color: NODE_STYLES[cls].fill };
  switch (a.kind) {
    case 'subject':
      Object.assign(out, { subjectKind: a.subjectKind, name: a.name, matchable: a.matchable });
      break;
    case 'binding':
      Object.assign(out, { bindingKind: a.bindingKind, name: a.name });
      break;
    case 'role':
      Object.assign(out, { roleKind: a.roleKind, name: a.name, aggregated: a.aggregated, missing: a.missing });
      break;
    case 'rule':
      Object.assign(out, {
        index: a.index,
        verbs: JSON.stringify(a.rule.verbs),
        apiGroups: JSON.stringify(a.rule.apiGroups),
        resources: JSON.stringify(a.rule.resources),
        resourceNames: JSON.stringify(a.rule.resourceNames),
        nonResourceURLs: JSON.stringify(a.rule.nonResourceURLs),
      });
      break;
    case 'workload':
      Object.assign(out, { workloadKind: a.workloadKind, name: a.name, serviceAccount: a.serviceAccount, tokenMounted: a.tokenMounted, everyNode: a.everyNode });
      break;
  }
  if (a.kind !== 'rule' && a.namespace) out.namespace = a.namespace;
  for (const [k, v] of Object.entries(out)) if (typeof v === 'string') out[k] = xmlSafe(v);
  return out;
}

export function flatEdge(a: EdgeAttributes): Flat {
  const out: Flat = { kind: a.kind };
  const label = edgeLabel(a);
  if (a.kind === 'grants') out.scope = xmlSafe(a.scope);
  if (label) out.label = xmlSafe(label);
  return out;
}

// One pass over the characters markup gives meaning to (most names have none of them).
const XML_SPECIAL = /[&<>"\r\n\t]/;
const XML_ESCAPES = /[&<>"\r\n\t]/g;
const XML_ESCAPE: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' };

function xmlEscape(s: string): string {
  const t = xmlSafe(s);
  return XML_SPECIAL.test(t) ? t.replace(XML_ESCAPES, (c) => XML_ESCAPE[c]!) : t;
}

function graphmlType(v: string | number | boolean): string {
  return typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? 'int' : 'string';
}

export function toGraphml(g: GraphWalk): string {
  return toGraphmlChunks(g).join('');
}

/** toGraphml in pieces of about 1 MB that join to it (see LineChunks). */
export function toGraphmlChunks(g: GraphWalk): string[] {
  // The key declarations come first and name every attribute used, so the nodes and edges are
  // flattened (and their keys declared) before anything is written.
  const nodes: [string, Flat][] = [];
  const edges: [string, string, string, Flat][] = [];
  g.forEachNode((k, a) => void nodes.push([k, flatNode(a)]));
  g.forEachEdge((e, a, s, t) => void edges.push([e, s, t, flatEdge(a)]));
  const keys = new Map<string, { id: string; type: string }>();
  const declare = (scope: 'node' | 'edge', flat: Flat) => {
    for (const name in flat) {
      const k = `${scope}\u0000${name}`;
      if (!keys.has(k)) keys.set(k, { id: `${scope[0]}_${name}`, type: graphmlType(flat[name]!) });
    }
  };
  nodes.forEach(([, f]) => declare('node', f));
  edges.forEach(([, , , f]) => declare('edge', f));
  const data = (scope: string, f: Flat) => {
    let out = '';
    for (const n in f) out += `<data key="${keys.get(`${scope}\u0000${n}`)!.id}">${xmlEscape(String(f[n]))}</data>`;
    return out;
  };
  const out = new LineChunks();
  out.line('<?xml version="1.0" encoding="UTF-8"?>');
  out.line('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">');
  for (const [k, { id, type }] of keys) {
    const [scope, name] = k.split('\u0000') as [string, string];
    out.line(`  <key id="${id}" for="${scope}" attr.name="${name}" attr.type="${type}"/>`);
  }
  out.line('  <graph id="rbac" edgedefault="directed">');
  for (const [k, f] of nodes) out.line(`    <node id="${xmlEscape(k)}">${data('node', f)}</node>`);
  for (const [e, s, t, f] of edges) out.line(`    <edge id="${xmlEscape(e)}" source="${xmlEscape(s)}" target="${xmlEscape(t)}">${data('edge', f)}</edge>`);
  out.line('  </graph>');
  out.line('</graphml>');
  return out.done();
}

/** The graph itself, or a copy whose keys XML can carry (graphology-gexf writes keys as they are). */
function xmlSafeKeys(g: RbacGraph): RbacGraph {
  if (g.everyNode((k) => xmlSafe(k) === k)) return g;
  const out = g.emptyCopy();
  out.clear();
  const key = new Map<string, string>();
  g.forEachNode((k, a) => {
    let safe = xmlSafe(k);
    while (out.hasNode(safe)) safe += '\ufffd';
    key.set(k, safe);
    out.addNode(safe, a);
  });
  g.forEachEdge((e, a, s, t) => out.addEdgeWithKey(e, key.get(s)!, key.get(t)!, a));
  return out;
}

export function toGexf(g: RbacGraph): string {
  return gexf.write(xmlSafeKeys(g), {
    version: '1.3',
    formatNode: (_key, a) => {
      const f = flatNode(a);
      const { label, ...attributes } = f;
      return { label: String(label), attributes, viz: { color: NODE_STYLES[nodeClass(a)].fill, shape: NODE_STYLES[nodeClass(a)].gexf } };
    },
    formatEdge: (_key, a) => {
      const { label, ...attributes } = flatEdge(a);
      return { ...(label ? { label: String(label) } : {}), attributes };
    },
  });
}
