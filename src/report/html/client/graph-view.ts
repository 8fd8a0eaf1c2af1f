/// <reference lib="dom" />
// The graph view: never the whole graph, but the part around a node (the library's
// `neighbourhood`) or a who-can answer's granting paths (`grantNodes`), laid out by ForceAtlas2
// from a start in columns (subjects | bindings | roles | rules), drawn by sigma.js. Labels are
// culled by rendered size (zoom in for more); a click focuses a node and its neighbours.
import fa2 from 'graphology-layout-forceatlas2';
import { MultiDirectedGraph } from 'graphology';
import Sigma from 'sigma';
import type { Analysis } from '../../../engine/analyze.js';
import type { NodeAttributes, RbacGraph } from '../../../graph/build.js';
import { focusSeeds, grantNodes, neighbourhood } from '../../../graph/focus.js';
import type { Grant } from '../../../model/results.js';
import { edgeLabel, NODE_CLASS_ORDER, NODE_STYLES, nodeClass, nodeLabel, type NodeClass } from '../../graph-style.js';
import { $, clear, el } from './dom.js';

// A CommonJS module: its default import is the layout function itself (with assign, inferSettings).
const forceAtlas2 = fa2 as unknown as typeof fa2.default & { inferSettings: typeof fa2.inferSettings };

export const LIMIT = 400;
export const FANOUT = 30;
const SIZES: Record<NodeClass, number> = { workload: 7, tokenless: 5, user: 9, group: 10, serviceaccount: 8, unmatchable: 6, rolebinding: 6, clusterrolebinding: 7, role: 8, clusterrole: 10, aggregated: 11, missing: 8, rule: 3 };
const COLUMN: Record<NodeAttributes['kind'], number> = { workload: -1, subject: 0, binding: 1, role: 2, rule: 4 };

interface View {
  graph: RbacGraph;
  renderer: Sigma | null;
  focus: string | null;
  lit: Set<string>;
  keys: string[];
}

/** Columns as a start (aggregated roles left of the roles they take from), then ForceAtlas2. */
function layout(G: MultiDirectedGraph): void {
  const rows = new Map<number, number>();
  G.forEachNode((k, a) => {
    const kind = (a as { kind: NodeAttributes['kind'] }).kind;
    const col = COLUMN[kind] + (kind === 'role' && G.inNeighbors(k).some((n) => G.getNodeAttribute(n, 'kind') === 'role') ? 1 : 0);
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    G.mergeNodeAttributes(k, { x: col * 200, y: (row % 2 ? -1 : 1) * Math.ceil(row / 2) * 25 });
  });
  const n = G.order;
  if (n < 3) return;
  const settings = { ...forceAtlas2.inferSettings(G), scalingRatio: 8, barnesHutOptimize: n > 300, adjustSizes: false, slowDown: 2 };
  forceAtlas2.assign(G, { iterations: n > 300 ? 120 : 250, settings });
}

export function graphView(a: Analysis, onWhatCan: (subject: string) => void) {
  const view: View = { graph: a.graph, renderer: null, focus: null, lit: new Set(), keys: [] };
  const g = view.graph;

  const details = (key: string, how: string) => {
    const { kind, name } = nodeLabel(g.getNodeAttributes(key));
    const box = clear($('graph-details'));
    box.setAttribute('data-key', key);
    box.append(el('b', { text: `${how}: ${kind}` }), el('div', { class: 'fullname', text: name }), el('code', { text: key }));
    box.append(el('button', { type: 'button', class: 'link', text: 'centre the graph on it', onclick: () => focusOn([key]) }));
    const at = g.getNodeAttributes(key);
    if (at.kind === 'workload' && at.tokenMounted) box.append(' \u00b7 ', el('button', { type: 'button', class: 'link', text: 'what can its token do?', onclick: () => onWhatCan(`sa:${at.namespace}:${at.serviceAccount}`) }));
    if (at.kind === 'subject' && at.matchable) box.append(' \u00b7 ', el('button', { type: 'button', class: 'link', text: 'what can it do?', onclick: () => onWhatCan(key) }));
  };

  const highlight = (key: string | null) => {
    view.focus = key;
    view.lit = new Set(key ? [key, ...g.neighbors(key)] : []);
    view.renderer?.refresh({ skipIndexation: true });
  };

  const draw = (keys: string[], title: string) => {
    view.keys = keys;
    const G = new MultiDirectedGraph();
    const set = new Set(keys);
    for (const k of keys) {
      const at = g.getNodeAttributes(k);
      const c = nodeClass(at);
      const { kind, name } = nodeLabel(at);
      const short = name.length > 40 ? `${name.slice(0, 37)}...` : name;
      G.addNode(k, { kind: at.kind, size: SIZES[c], color: NODE_STYLES[c].view, label: short, short, full: `${kind}: ${name}` });
    }
    g.forEachEdge((_e, at, s, t) => {
      if (!set.has(s) || !set.has(t)) return;
      // Only a grant's scope is worth a label; the colour says 'aggregates'.
      const label = at.kind === 'grants' ? edgeLabel(at) : '';
      G.addEdge(s, t, { size: at.kind === 'grants' && label === 'cluster-wide' ? 2.5 : 1, color: at.kind === 'aggregates' ? '#8b5cf6' : at.kind === 'has-rule' ? '#cbd5e1' : '#94a3b8', type: 'arrow', ...(label ? { label } : {}) });
    });
    layout(G);
    view.focus = null;
    view.lit = new Set();
    const box = $('graph');
    if (!box.getAttribute('data-no-webgl')) {
      try {
        if (!view.renderer) {
          const r: Sigma = new Sigma(G, box, {
            renderEdgeLabels: true, defaultEdgeType: 'arrow', zIndex: true, labelFont: 'system-ui, sans-serif', labelSize: 12, edgeLabelSize: 10,
            // Label culling: a label only where its node is drawn at least 7 px wide, at most one per 80 px cell.
            labelRenderedSizeThreshold: 7, labelDensity: 0.4, labelGridCellSize: 80,
            nodeReducer: (k: string, d: Record<string, unknown>): Record<string, unknown> => (view.focus === null ? d : view.lit.has(k) ? { ...d, forceLabel: true, zIndex: 1, highlighted: k === view.focus } : { ...d, color: '#e5e7eb', label: '', zIndex: 0 }),
            edgeReducer: (e: string, d: Record<string, unknown>): Record<string, unknown> => (view.focus === null ? d : r.getGraph().extremities(e).includes(view.focus) ? { ...d, zIndex: 1 } : { ...d, hidden: true }),
          });
          r.on('clickNode', ({ node }: { node: string }) => { highlight(node); details(node, 'Selected'); });
          r.on('clickStage', () => highlight(null));
          r.on('doubleClickNode', ({ node, preventSigmaDefault }: { node: string; preventSigmaDefault(): void }) => { preventSigmaDefault(); focusOn([node]); });
          r.on('enterNode', ({ node }: { node: string }) => r.getGraph().setNodeAttribute(node, 'label', r.getGraph().getNodeAttribute(node, 'full')));
          r.on('leaveNode', ({ node }: { node: string }) => { const G2 = r.getGraph(); if (G2.hasNode(node)) G2.setNodeAttribute(node, 'label', G2.getNodeAttribute(node, 'short')); });
          view.renderer = r;
        } else view.renderer.setGraph(G);
        view.renderer!.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
        view.renderer!.refresh();
      } catch (err) {
        box.setAttribute('data-no-webgl', '1');
        clear(box).appendChild(el('p', { class: 'error', text: `The graph view needs WebGL, which this browser did not provide (${String((err as Error)?.message ?? err)}). The list beside it shows the same nodes.` }));
      }
    }
    $('graph-focus').textContent = title;
    const sel = $('graph-details');
    if (!set.has(sel.getAttribute('data-key') ?? '')) {
      sel.removeAttribute('data-key');
      clear(sel).appendChild(el('span', { class: 'muted', text: 'Click a node to focus it and its neighbours; double-click to centre on it.' }));
    }
    const byClass = new Map<NodeClass, string[]>();
    for (const k of keys) {
      const c = nodeClass(g.getNodeAttributes(k));
      byClass.set(c, [...(byClass.get(c) ?? []), k]);
    }
    clear($('graph-list')).append(...NODE_CLASS_ORDER.filter((c) => byClass.has(c)).flatMap((c) => [
      el('h4', { text: `${NODE_STYLES[c].title} (${byClass.get(c)!.length})` }),
      el('ul', null, byClass.get(c)!.map((k) => el('li', null, [el('button', { type: 'button', class: 'link', 'data-key': k, title: k, text: nodeLabel(g.getNodeAttributes(k)).name, onclick: () => focusOn([k]) })]))),
    ]));
  };

  const focusOn = (seeds: string[], depthText?: string) => {
    const d = depthText ?? ($('graph-depth') as HTMLSelectElement).value;
    const nb = neighbourhood(g, seeds, d === 'all' ? Infinity : Number(d), LIMIT, FANOUT);
    if (!nb.nodes.length) return;
    draw(nb.nodes, `Around ${seeds.join(', ')}${d === 'all' ? '' : ` (depth ${d})`}${nb.truncated ? ` (partial: at most ${FANOUT} neighbours of a node each way, ${LIMIT} nodes in all; lower the depth or focus further)` : ''}`);
    if (seeds.length === 1) details(seeds[0]!, 'Centred on');
  };

  const showGrants = (grants: Grant[], title: string) => {
    const keys = grantNodes(g, grants);
    draw(keys.slice(0, LIMIT), `Granting paths of: ${title}${keys.length > LIMIT ? ` (first ${LIMIT} of ${keys.length} nodes)` : ''}`);
    location.hash = '#graph-view';
  };

  const search = (text: string) => {
    const out = clear($('graph-hits'));
    const q = text.trim();
    if (!q) return;
    try {
      focusOn(focusSeeds(g, q));
    } catch (err) {
      out.appendChild(el('span', { class: 'error', text: String((err as Error).message).replace(/^--focus /, '') }));
    }
  };

  return { focusOn, showGrants, search, highlight, renderer: () => view.renderer, current: () => ({ keys: view.keys, focus: view.focus }) };
}

export function legend(): HTMLElement[] {
  return [
    ...NODE_CLASS_ORDER.map((c) => el('li', null, [el('span', { class: 'swatch', style: `background:${NODE_STYLES[c].view}` }), NODE_STYLES[c].title])),
    el('li', { class: 'muted', text: 'Arrows: workload -> the ServiceAccount whose token its pods carry; subject -> binding -> role -> rule; aggregated role -> the roles it takes rules from. Edge labels give the scope of each grant. Click a node to focus it and its neighbours, double-click to centre on it; zoom in for more labels.' }),
  ];
}
