// Browser code of the HTML report, part 2: the graph view. It never draws the whole graph: it
// takes the neighbourhood of the selected node (src/graph/focus.ts's `neighbourhood`, embedded),
// lays it out in columns (subjects | bindings | roles | aggregated roles | rules) and draws it
// with sigma.js; a list beside it names every node shown, as text.
export const CLIENT_GRAPH = String.raw`
var GN = DATA.graph.nodes, GE = DATA.graph.edges;
var INDEX = new Map(), OUT = [], IN = [];
GN.forEach(function (n, i) { INDEX.set(n[0], i); OUT.push([]); IN.push([]); });
GE.forEach(function (e, i) { OUT[e[0]].push(i); IN[e[1]].push(i); });
var uniq = function (xs) { return Array.from(new Set(xs)); };
var ADJ = {
  hasNode: function (k) { return INDEX.has(k); },
  outNeighbors: function (k) { return uniq(OUT[INDEX.get(k)].map(function (e) { return GN[GE[e][1]][0]; })); },
  inNeighbors: function (k) { return uniq(IN[INDEX.get(k)].map(function (e) { return GN[GE[e][0]][0]; })); },
};
var LIMIT = 400, FANOUT = 30, renderer = null, current = { keys: [], title: '' };

function layout(keys) {
  var set = new Set(keys), layer = new Map(), edges = [];
  keys.forEach(function (k) { layer.set(k, 0); OUT[INDEX.get(k)].forEach(function (e) { var t = GN[GE[e][1]][0]; if (set.has(t)) edges.push([k, t, e]); }); });
  for (var it = 0; it < keys.length; it++) {
    var changed = false;
    edges.forEach(function (e) { var l = layer.get(e[0]) + 1; if (l > layer.get(e[1]) && l <= keys.length) { layer.set(e[1], l); changed = true; } });
    if (!changed) break;
  }
  var cols = [], pos = new Map(), preds = new Map();
  keys.forEach(function (k) { var l = layer.get(k); (cols[l] = cols[l] || []).push(k); });
  cols = cols.filter(Boolean);
  edges.forEach(function (e) { if (!preds.has(e[1])) preds.set(e[1], []); preds.get(e[1]).push(e[0]); });
  var place = function (col) { col.forEach(function (k, i) { pos.set(k, i - (col.length - 1) / 2); }); };
  cols.forEach(function (col) { col.sort(function (a, b) { return cmp(GN[INDEX.get(a)][1], GN[INDEX.get(b)][1]) || cmp(a, b); }); place(col); });
  for (var sweep = 0; sweep < 2; sweep++) cols.forEach(function (col, c) {
    if (c === 0) return;
    var bary = function (k) { var p = preds.get(k) || []; return p.length ? p.reduce(function (s, q) { return s + pos.get(q); }, 0) / p.length : pos.get(k); };
    col.sort(function (a, b) { return bary(a) - bary(b) || cmp(a, b); });
    place(col);
  });
  // In screen-like units (about pixels): each column as wide as its longest label (a column of
  // more than ROWS nodes wraps into several), rows spaced to fill the box (30 to 120 apart);
  // sigma scales the whole to fit, and zooms.
  var ROWS = 40, slots = [];
  cols.forEach(function (col) {
    var w = Math.max(110, 50 + 7 * Math.max.apply(null, col.map(function (k) { return Math.min(36, GN[INDEX.get(k)][3].length); })));
    for (var i = 0; i < col.length; i += ROWS) slots.push({ keys: col.slice(i, i + ROWS), width: w });
  });
  var tallest = Math.max.apply(null, slots.map(function (s) { return s.keys.length; }));
  var right = slots.reduce(function (a, s) { return a + s.width; }, 0);
  var box = $('graph'), ratio = box.clientHeight && box.clientWidth ? box.clientHeight / box.clientWidth : 0.6;
  var dy = Math.max(30, Math.min(120, right * ratio / Math.max(1, tallest)));
  var xy = new Map(), x = 0;
  slots.forEach(function (s) { s.keys.forEach(function (k, i) { xy.set(k, { x: x, y: ((s.keys.length - 1) / 2 - i) * dy }); }); x += s.width; });
  var half = Math.max(1, tallest - 1) * dy / 2 + dy / 2;
  return { xy: xy, edges: edges, bbox: { x: [0, right], y: [-half, half] } };
}

var SIZES = { user: 9, group: 9, serviceaccount: 9, unmatchable: 7, rolebinding: 7, clusterrolebinding: 8, role: 8, clusterrole: 9, aggregated: 9, missing: 8, rule: 5 };
function draw(keys, title) {
  current = { keys: keys, title: title };
  var G = new graphology.MultiDirectedGraph();
  var lay = layout(keys), few = keys.length <= 60;
  keys.forEach(function (k) {
    var n = GN[INDEX.get(k)], p = lay.xy.get(k), name = n[3];
    // Short labels keep columns apart (the colour says the kind); hovering shows kind and full name.
    var label = name.length > 36 ? name.slice(0, 33) + '...' : name;
    G.addNode(k, { x: p.x, y: p.y, size: SIZES[n[1]] || 6, color: STYLES[n[1]].color, label: label, short: label, full: n[2] + ': ' + name, forceLabel: few });
  });
  lay.edges.forEach(function (e) {
    var d = GE[e[2]];
    G.addEdge(e[0], e[1], { size: d[2] === 'grants' && d[3] === 'cluster-wide' ? 2.5 : 1.2, color: d[2] === 'aggregates' ? '#8b5cf6' : d[2] === 'has-rule' ? '#cbd5e1' : '#94a3b8', label: d[3] || undefined, type: 'arrow' });
  });
  var box = $('graph');
  if (typeof Sigma === 'function' && !box.getAttribute('data-no-webgl')) {
    try {
      if (!renderer) {
        renderer = new Sigma(G, box, { renderEdgeLabels: true, defaultEdgeType: 'arrow', labelRenderedSizeThreshold: 0, labelDensity: 1, labelFont: 'system-ui, sans-serif', labelSize: 12, edgeLabelSize: 10, zIndex: true });
        renderer.on('clickNode', function (e) { focusOn([e.node]); });
        renderer.on('enterNode', function (e) { details(e.node, 'Hovered'); var g = renderer.getGraph(); g.setNodeAttribute(e.node, 'label', g.getNodeAttribute(e.node, 'full')); });
        renderer.on('leaveNode', function (e) { var g = renderer.getGraph(); if (g.hasNode(e.node)) g.setNodeAttribute(e.node, 'label', g.getNodeAttribute(e.node, 'short')); });
      } else {
        renderer.setGraph(G);
      }
      renderer.setCustomBBox(lay.bbox);
      renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
      renderer.refresh();
    } catch (err) {
      box.setAttribute('data-no-webgl', '1');
      clear(box).appendChild(el('p', { class: 'error', text: 'The graph view needs WebGL, which this browser did not provide (' + String(err && err.message || err) + '). The list beside it shows the same nodes.' }));
    }
  }
  $('graph-focus').textContent = title;
  var sel = $('graph-details');
  if (keys.indexOf(sel.getAttribute('data-key')) < 0) { sel.removeAttribute('data-key'); clear(sel).appendChild(el('span', { class: 'muted', text: 'Hover or click a node.' })); }
  var list = clear($('graph-list'));
  var byClass = new Map();
  keys.forEach(function (k) { var c = GN[INDEX.get(k)][1]; if (!byClass.has(c)) byClass.set(c, []); byClass.get(c).push(k); });
  Object.keys(STYLES).forEach(function (c) {
    if (!byClass.has(c)) return;
    list.appendChild(el('h4', null, [el('span', { class: 'swatch', style: 'background:' + STYLES[c].color }), STYLES[c].title + ' (' + byClass.get(c).length + ')']));
    list.appendChild(el('ul', null, byClass.get(c).map(function (k) {
      var n = GN[INDEX.get(k)];
      return el('li', null, [el('button', { type: 'button', class: 'link', 'data-key': k, title: k, text: n[3], onclick: function () { focusOn([k]); } })]);
    })));
  });
}

function details(key, how) {
  var n = GN[INDEX.get(key)], box = clear($('graph-details'));
  box.setAttribute('data-key', key);
  box.appendChild(el('b', { text: how + ': ' + n[2] }));
  box.appendChild(el('div', { class: 'fullname', text: n[3] }));
  box.appendChild(el('code', { text: key }));
  if (own(DATA.whatCan, key)) box.appendChild(el('button', { type: 'button', class: 'link', text: 'what can it do?', onclick: function () { showWhatCan(key); location.hash = '#what-can'; } }));
}

function focusOn(seeds, depthText) {
  var d = depthText || $('graph-depth').value;
  var nb = neighbourhood(ADJ, seeds, d === 'all' ? Infinity : Number(d), LIMIT, FANOUT);
  if (!nb.nodes.length) return;
  draw(nb.nodes, 'Around ' + seeds.join(', ') + (d === 'all' ? '' : ' (depth ' + d + ')') + (nb.truncated ? ' (partial: at most ' + FANOUT + ' neighbours of a node each way, ' + LIMIT + ' nodes in all; lower the depth or focus further)' : ''));
  if (seeds.length === 1) details(seeds[0], 'Selected');
}

function showGrants(grants) {
  var keep = new Set();
  grants.forEach(function (g) {
    var role = roleKey(g.role), text = ruleText(g.rule), found = false;
    [subjectKey(g.subject), bindingKey(g.binding), role].forEach(function (k) { if (INDEX.has(k)) keep.add(k); });
    var walk = function (k, path, seen) {
      OUT[INDEX.get(k)].forEach(function (e) {
        var t = GN[GE[e][1]], kind = GE[e][2];
        if (kind === 'has-rule' && t[3] === text && (g.aggregatedFrom || t[0] === role + '#' + g.ruleIndex)) { path.concat([k, t[0]]).forEach(function (x) { keep.add(x); }); found = true; }
        else if (kind === 'aggregates' && !seen.has(t[0])) { seen.add(t[0]); walk(t[0], path.concat([k]), seen); }
      });
    };
    if (INDEX.has(role)) walk(role, [], new Set([role]));
    return found;
  });
  draw(Array.from(keep).slice(0, LIMIT), 'Granting paths of: ' + $('whocan-title').textContent);
  location.hash = '#graph-view';
}

function searchNodes(text) {
  var q = text.trim(), out = clear($('graph-hits'));
  if (!q) return;
  if (INDEX.has(q)) { focusOn([q]); return; }
  var lower = q.toLowerCase(), hits = [];
  for (var i = 0; i < GN.length && hits.length < 30; i++) if (GN[i][1] !== 'rule' && GN[i][0].toLowerCase().indexOf(lower) >= 0) hits.push(GN[i][0]);
  if (!hits.length) out.appendChild(el('span', { class: 'muted', text: 'no node matches' }));
  hits.forEach(function (k) { out.appendChild(el('button', { type: 'button', class: 'chip', 'data-key': k, text: k, onclick: function () { focusOn([k]); } })); });
}
`;
