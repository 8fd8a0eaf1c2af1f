// The RBAC graph as a Mermaid flowchart, which GitHub renders inside a ```mermaid block. Node
// ids are n1, n2, ...; every label is a quoted string in which any character but letters,
// digits and a few safe marks is written as a Mermaid entity code (#60; for <), so no name
// from the input can end a label, start a comment or inject markup.
import type { EdgeAttributes } from '../graph/build.js';
import type { GraphWalk } from '../graph/lists.js';
import { NODE_CLASS_ORDER, NODE_STYLES, edgeLabel, edgeLegend, nodeClass, nodeLabel, type NodeClass } from './graph-style.js';

/** Label text for inside "...": unsafe characters as #NNN; entity codes, line breaks as <br>. */
export function mermaidText(s: string): string {
  return s
    .split(/\r\n|\r|\n/)
    .map((line) => Array.from(line, (ch) => (/[A-Za-z0-9 _.,:/@*+=()[\]!?'-]/.test(ch) ? ch : `#${ch.codePointAt(0)};`)).join(''))
    .join('<br>');
}

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
  const ids = new Map<string, string>();
  const byClass = new Map<NodeClass, string[]>();
  const lines = ['flowchart LR'];
  if (opts.title) lines.push(`%% ${opts.title.replace(/[\r\n]+/g, ' ')}`);
  const body: string[] = [];
  g.forEachNode((key, a) => {
    const id = `n${ids.size + 1}`;
    ids.set(key, id);
    const cls = nodeClass(a);
    const list = byClass.get(cls);
    if (list) list.push(id);
    else byClass.set(cls, [id]);
    const { kind, name } = nodeLabel(a);
    const [open, close] = NODE_STYLES[cls].mermaid;
    body.push(`  ${id}${open}${mermaidText(kind)}<br>${mermaidText(name)}${close}`);
  });
  g.forEachEdge((_e, a, s, t) => {
    body.push(`  ${ids.get(s)} ${arrow(a)} ${ids.get(t)}`);
  });
  const present = NODE_CLASS_ORDER.filter((c) => byClass.has(c));
  lines.push('%% Legend: one classDef per kind of node');
  for (const c of present) lines.push(`%%   ${c.padEnd(18)} ${NODE_STYLES[c].title}`);
  lines.push('%% Edges:');
  for (const l of edgeLegend(g)) lines.push(`%%   ${l}`);
  lines.push('%%   ==> ClusterRoleBinding grant (cluster-wide), --> namespaced grant or membership, -.-> aggregation');
  for (const c of present) lines.push(classDef(c));
  for (const l of body) lines.push(l);
  for (const c of present) lines.push(`  class ${byClass.get(c)!.join(',')} ${c}`);
  return `${lines.join('\n')}\n`;
}
