// `rbac graph -o FORMAT`: the RBAC graph (or the part around a focus) as text in one of the graph
// formats. Pure: a graph in, a string out. docs/graph.md shows each format and the legend.
import type { RbacGraph } from '../graph/build.js';
import { GraphLists } from '../graph/lists.js';
import { toDot, toDotChunks } from './graph-dot.js';
import { toMermaid, toMermaidChunks } from './graph-mermaid.js';
import { toGexf, toGraphml, toGraphmlChunks } from './graph-xml.js';

export type GraphFormat = 'dot' | 'mermaid' | 'graphml' | 'gexf' | 'json';

export interface GraphExportOptions {
  /** A caption (DOT graph label, Mermaid comment). */
  title?: string;
  /** DOT: draw the legend cluster (default true). */
  legend?: boolean;
}

/** The graph as text in FORMAT (exportGraphChunks joined). */
export function exportGraph(graph: RbacGraph | GraphLists, format: GraphFormat, opts: GraphExportOptions = {}): string {
  return exportGraphChunks(graph, format, opts).join('');
}

/**
 * exportGraph in pieces that join to it, for a writer to send one at a time. DOT, Mermaid and
 * GraphML read the lists as they are and come in pieces of about 1 MB; GEXF and JSON are one
 * piece, from a graphology graph made from the lists.
 */
export function exportGraphChunks(graph: RbacGraph | GraphLists, format: GraphFormat, opts: GraphExportOptions = {}): string[] {
  if (format === 'dot') return toDotChunks(graph, opts);
  if (format === 'mermaid') return toMermaidChunks(graph, opts);
  if (format === 'graphml') return toGraphmlChunks(graph);
  const g = graph instanceof GraphLists ? graph.toGraphology() : graph;
  switch (format) {
    case 'gexf':
      return [toGexf(g)];
    case 'json':
      // graphology's own serialisation: Graph.from(JSON.parse(text)) gives the graph back.
      return [`${JSON.stringify(g.export(), null, 2)}\n`];
  }
}

export { toDot, toMermaid, toGexf, toGraphml };
