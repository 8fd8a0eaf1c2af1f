// The RBAC graph as a Mermaid flowchart, which GitHub renders inside a ```mermaid block. Node
// ids are n1, n2, ...; every label is a quoted string in which any character but letters,
// digits and a few safe marks is written as a Mermaid entity code (#60; for <), so no name
// from the input can end a label, start a comment or inject markup.
import type { EdgeAttributes } from '../graph/build.js';
import type { GraphWalk } from '../graph/lists.js';
import { LineChunks } from './line-chunks.js';
import { NODE_CLASS_ORDER, NODE_STYLES, edgeLabel, edgeLegend, edgeStyleKey, nodeClass, nodeLabel, type NodeClass } from './graph-style.js';

/** Label text for inside "...": unsafe characters as #NNN; entity codes, line breaks as <br>. */
export function mermaidText(s: string): string {
  // Most names are safe throughout: one test. Otherwise each unsafe code point (the u flag keeps
  // a surrogate pair together) becomes its entity code.
  if (MERMAID_SAFE.test(s)) return s;
  return s
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(MERMAID_UNSAFE, (ch) => `#${ch.codePointAt(0)};`))
    .join('<br>');
}

const MERMAID_SAFE = /^[A-Za-z0-9 _.,:/@*+=()[\]!?'-]*$/;
const MERMAID_UNSAFE = /[^A-Za-z0-9 _.,:/@*+=()[\]!?'-]/gu;

function classDef(c: NodeClass): string {
  const st = NODE_STYLES[c];
  return `classDef ${c} fill:${st.fill},stroke:${st.stroke},color:#111827${st.mermaidExtra ? `,${st.mermaidExtra}` : ''}`;
}

function arrow(a: EdgeAttributes): string {
  const label = edgeLabel(a);
  const text = label ? `|"${mermaidText(label)}"|` : '';
  if (a.kind === 'aggregates') return `-.->${text}`;
  if (a.kind === 'grants' && !a.scope) return `==>${text}`;
  return `-->${text}`;
}

export function toMermaid(g: GraphWalk, opts: { title?: string } = {}): string {
  return toMermaidChunks(g, opts).join('');
}

/** toMermaid as pieces of about 1 MB that join to it (see LineChunks). */
export function toMermaidChunks(g: GraphWalk, opts: { title?: string } = {}): string[] {
  const ids = new Map<string, string>();
  const byClass = new Map<NodeClass, string[]>();
  // The legend and classDefs name the classes present, so they come before the body: the body is
  // gathered first, in chunks of its own.
  const body = new LineChunks();
  g.forEachNode((key, a) => {
    const id = `n${ids.size + 1}`;
    ids.set(key, id);
    const cls = nodeClass(a);
    const list = byClass.get(cls);
    if (list) list.push(id);
    else byClass.set(cls, [id]);
    const { kind, name } = nodeLabel(a);
    const [open, close] = NODE_STYLES[cls].mermaid;
    body.line(`  ${id}${open}${mermaidText(kind)}<br>${mermaidText(name)}${close}`);
  });
  // Arrows differ only by kind and scope: each is written once.
  const arrows = new Map<string, string>();
  g.forEachEdge((_e, a, s, t) => {
    const k = edgeStyleKey(a);
    let text = arrows.get(k);
    if (text === undefined) arrows.set(k, (text = arrow(a)));
    body.line(`  ${ids.get(s)} ${text} ${ids.get(t)}`);
  });
  const present = NODE_CLASS_ORDER.filter((c) => byClass.has(c));
  const head = ['flowchart LR'];
  if (opts.title) head.push(`%% ${opts.title.replace(/[\r\n]+/g, ' ')}`);
  head.push('%% Legend: one classDef per kind of node');
  for (const c of present) head.push(`%%   ${c.padEnd(18)} ${NODE_STYLES[c].title}`);
  head.push('%% Edges:');
  for (const l of edgeLegend(g)) head.push(`%%   ${l}`);
  head.push('%%   ==> ClusterRoleBinding grant (cluster-wide), --> namespaced grant or membership, -.-> aggregation');
  for (const c of present) head.push(classDef(c));
  const tail = present.map((c) => `  class ${byClass.get(c)!.join(',')} ${c}`);
  return [`${head.join('\n')}\n`, ...body.done(), ...(tail.length ? [`${tail.join('\n')}\n`] : [])];
}
