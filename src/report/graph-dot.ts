// The RBAC graph as Graphviz DOT (`dot -Tsvg graph.dot > graph.svg`). Node ids are n1, n2, ...
// so no name from the input ever lands in an id; full names go in labels and tooltips, escaped
// for DOT quoted strings and Graphviz's label escapes and entities.
import type { EdgeAttributes } from '../graph/build.js';
import type { GraphWalk } from '../graph/lists.js';
import { LineChunks } from './line-chunks.js';
import { NODE_CLASS_ORDER, NODE_STYLES, edgeLabel, edgeLegend, edgeStyleKey, nodeClass, nodeLabel, type NodeClass } from './graph-style.js';

/**
 * A DOT double-quoted string. Backslashes are doubled (a label's \n, \l, \N, \G... escapes),
 * quotes escaped, & written as an entity (Graphviz decodes entities in labels), and line
 * breaks become \n (a centred line break).
 */
export function dotString(s: string): string {
  return `"${dotText(s)}"`;
}

/** The inside of a DOT quoted string (see dotString). */
const DOT_SPECIAL = /[\\"&<>\r\n]/;

export function dotText(s: string): string {
  // Most names need none of it: one test, then one pass.
  return DOT_SPECIAL.test(s) ? s.replace(DOT_ESCAPES, (c) => DOT_ESCAPE[c]!) : s;
}

const DOT_ESCAPES = /[\\"&<>]|\r\n|\r|\n/g;
const DOT_ESCAPE: Record<string, string> = { '\\': '\\\\', '"': '\\"', '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r\n': '\\n', '\r': '\\n', '\n': '\\n' };

function attrs(list: [string, string | number | undefined][]): string {
  return list
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'number' || v.startsWith('"') ? v : `"${v}"`}`)
    .join(', ');
}

function nodeAttrs(cls: NodeClass, label: string, tooltip: string): string {
  return `${attrs([['label', dotString(label)], ['tooltip', dotString(tooltip)]])}, ${CLASS_ATTRS[cls]}`;
}

/** What every node of a class has in common, written once. */
const CLASS_ATTRS = Object.fromEntries(NODE_CLASS_ORDER.map((c) => [c, classAttrs(c)])) as Record<NodeClass, string>;

function classAttrs(cls: NodeClass): string {
  const st = NODE_STYLES[cls];
  return attrs([
    ['shape', st.dot.shape],
    ['style', st.dot.style],
    ['fillcolor', st.fill],
    ['color', st.stroke],
    ['peripheries', st.dot.peripheries],
    ['fontcolor', cls === 'missing' ? '#b91c1c' : undefined],
  ]);
}

function edgeAttrs(a: EdgeAttributes): string {
  const label = edgeLabel(a);
  switch (a.kind) {
    case 'grants':
      return attrs([['label', dotString(label)], ['color', a.scope ? '#a16207' : '#c2410c'], ['penwidth', a.scope ? undefined : 2]]);
    case 'aggregates':
      return attrs([['label', dotString(label)], ['style', 'dashed'], ['color', '#4c1d95']]);
    case 'has-rule':
      return attrs([['color', '#9ca3af'], ['arrowsize', 0.6]]);
    default:
      return attrs([['color', '#374151']]);
  }
}

export function toDot(g: GraphWalk, opts: { title?: string; legend?: boolean } = {}): string {
  return toDotChunks(g, opts).join('');
}

/**
 * toDot as pieces of about 1 MB that join to it: a writer sends each as it comes, and no
 * whole-graph string (33 MB at 100k objects) is built.
 */
export function toDotChunks(g: GraphWalk, opts: { title?: string; legend?: boolean } = {}): string[] {
  const ids = new Map<string, string>();
  const present = new Set<NodeClass>();
  const out = new LineChunks();
  out.line('digraph rbac {');
  out.line('  rankdir=LR;');
  out.line('  graph [fontname="Helvetica", fontsize=11, nodesep=0.25, ranksep=0.6];');
  out.line('  node [fontname="Helvetica", fontsize=10, margin="0.12,0.04"];');
  out.line('  edge [fontname="Helvetica", fontsize=9];');
  if (opts.title) {
    out.line(`  label=${dotString(opts.title)};`);
    out.line('  labelloc=t;');
  }
  g.forEachNode((key, a) => {
    const id = `n${ids.size + 1}`;
    ids.set(key, id);
    const cls = nodeClass(a);
    present.add(cls);
    const { kind, name } = nodeLabel(a);
    // nodeAttrs(cls, `${kind}\n${name}`, key) with the two lines escaped apart, so the line break
    // every label has costs no replace: a kind is rbac's own words, never ending in \r.
    const label = `${dotText(kind)}\\n${dotText(name)}`;
    out.line(`  ${id} [label="${label}", tooltip=${dotString(key)}, ${CLASS_ATTRS[cls]}];`);
  });
  // Edges differ only by kind and scope: their attributes are written once each.
  const edgeText = new Map<string, string>();
  g.forEachEdge((_e, a, s, t) => {
    const k = edgeStyleKey(a);
    let text = edgeText.get(k);
    if (text === undefined) edgeText.set(k, (text = edgeAttrs(a)));
    out.line(`  ${ids.get(s)} -> ${ids.get(t)} [${text}];`);
  });
  if (opts.legend !== false && present.size > 0) for (const l of legend(NODE_CLASS_ORDER.filter((c) => present.has(c)), edgeLegend(g))) out.line(l);
  out.line('}');
  return out.done();
}

function legend(classes: NodeClass[], edges: readonly string[]): string[] {
  const out = ['  subgraph cluster_legend {', '    label="Legend";', '    style="rounded,dashed";', '    color="#9ca3af";'];
  classes.forEach((c, i) => out.push(`    legend${i + 1} [${nodeAttrs(c, NODE_STYLES[c].title, NODE_STYLES[c].title)}];`));
  out.push(`    legend_edges [shape=plaintext, label="${edges.map((l) => `${dotText(l)}\\l`).join('')}"];`);
  // One rank: with rankdir=LR the legend is a column.
  out.push(`    { rank=same; ${classes.map((_c, i) => `legend${i + 1}; `).join('')}legend_edges; }`);
  out.push('  }');
  return out;
}
