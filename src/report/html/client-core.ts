// Browser code of the HTML report, part 1: data, DOM helpers, the who-can and what-can panels.
// Plain JavaScript in a string (it runs in the page, inside one function that also holds the
// library's rule matcher and engine.ts). Names from the input only ever reach the page through
// textContent and attribute values set from script: never as markup.
export const CLIENT_CORE = String.raw`
var DATA = JSON.parse(document.getElementById('rbac-data').textContent);
var RULES = DATA.rules.map(function (t) { return { verbs: t[0], apiGroups: t[1], resources: t[2], resourceNames: t[3], nonResourceURLs: t[4] }; });
var own = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };
function $(id) { return document.getElementById(id); }
function el(tag, attrs, kids) {
  var e = document.createElement(tag);
  if (attrs) Object.keys(attrs).forEach(function (k) {
    var v = attrs[k];
    if (v === undefined || v === null) return;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  });
  (kids || []).forEach(function (c) { if (c !== null && c !== undefined) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
  return e;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
var KIND_ORDER = { Group: 1, User: 2, ServiceAccount: 3 };
function subjectKey(s) {
  if (s.kind === 'User') return 'user:' + s.name;
  if (s.kind === 'Group') return 'group:' + s.name;
  if (s.kind === 'ServiceAccount') return 'sa:' + (s.namespace || '') + ':' + s.name;
  return s.kind + ':' + s.name + (s.namespace ? '@' + s.namespace : '');
}
function bindingKey(b) { return b.kind === 'RoleBinding' ? 'rolebinding:' + b.namespace + '/' + b.name : 'clusterrolebinding:' + b.name; }
function roleKey(r) { return r.kind === 'Role' ? 'role:' + r.namespace + '/' + r.name : 'clusterrole:' + r.name; }
function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
function compareSubjects(a, b) {
  return ((KIND_ORDER[a.kind] || 9) - (KIND_ORDER[b.kind] || 9)) || cmp(a.kind, b.kind) || cmp(a.namespace || '', b.namespace || '') || cmp(a.name, b.name);
}
function compareGrants(a, b) {
  return cmp(a.scope, b.scope) || cmp(a.binding.kind, b.binding.kind) || cmp(a.binding.namespace || '', b.binding.namespace || '') || cmp(a.binding.name, b.binding.name) || a.ruleIndex - b.ruleIndex;
}
function grantTable(grants, withSubject, extra) {
  var head = (withSubject ? ['Subject'] : []).concat(['Scope', 'Binding', 'Role', 'Rule'], extra ? ['Why it never applies'] : []);
  var body = grants.map(function (g) {
    var cells = (withSubject ? [subjectText(g.subject)] : []).concat([scopeText(g.scope), refText(g.binding), roleText(g), ruleText(g.rule)], extra ? [g.reason] : []);
    return el('tr', { 'data-subject': subjectKey(g.subject), 'data-binding': bindingKey(g.binding), 'data-rule': String(g.ruleIndex) }, cells.map(function (c) { return el('td', { text: c }); }));
  });
  return el('table', { class: 'rows' }, [el('thead', null, [el('tr', null, head.map(function (h) { return el('th', { text: h }); }))]), el('tbody', null, body)]);
}

// ---- who-can ----------------------------------------------------------------------------
var lastWhoCan = null;
function runWhoCan(text) {
  var out = clear($('whocan-results'));
  var spec, resolved;
  try { spec = parseRequestText(text); resolved = resolveEmbedded(spec, DATA.resources); }
  catch (e) { out.appendChild(el('p', { class: 'error', role: 'alert', text: String(e && e.message || e) })); return null; }
  var res = whoCanEmbedded(DATA, RULES, resolved.request, resolved.allNamespaces, ruleAllows);
  lastWhoCan = res;
  var bySubject = new Map();
  res.grants.forEach(function (g) {
    var k = subjectKey(g.subject);
    if (!bySubject.has(k)) bySubject.set(k, { subject: g.subject, grants: [] });
    bySubject.get(k).grants.push(g);
  });
  var rows = Array.from(bySubject.values()).sort(function (a, b) { return compareSubjects(a.subject, b.subject); });
  var grants = [];
  rows.forEach(function (r) { r.grants.sort(compareGrants); grants = grants.concat(r.grants); });
  out.appendChild(el('p', { class: 'answer', id: 'whocan-title', text: 'Who can ' + describeRequest(res.request) + (res.allNamespaces ? ' (any namespace)' : '') + ':' }));
  out.appendChild(el('p', { class: 'muted', text: 'Group system:masters can do everything: the API server allows it before RBAC is asked.' }));
  if (grants.length) out.appendChild(grantTable(grants, true, false));
  else out.appendChild(el('p', { text: 'No RBAC binding allows it.' }));
  var n = rows.filter(function (r) { return !(r.subject.kind === 'Group' && r.subject.name === 'system:masters'); }).length + 1;
  out.appendChild(el('p', { class: 'muted', id: 'whocan-count', text: n + ' subject(s), counting system:masters. RBAC only: the Node authorizer and webhooks may allow more.' }));
  if (res.unmatchable.length) {
    out.appendChild(el('h4', { text: 'Named by allowing bindings, but matching no one' }));
    out.appendChild(el('ul', null, res.unmatchable.map(function (u) { return el('li', { text: subjectText(u.subject) + ' in ' + refText(u.binding) + ': ' + u.reason }); })));
  }
  if (grants.length) out.appendChild(el('button', { type: 'button', id: 'whocan-graph', text: 'Show these grants in the graph', onclick: function () { showGrants(grants); } }));
  return res;
}

// ---- what-can ---------------------------------------------------------------------------
var SUBJECT_KEYS = Object.keys(DATA.whatCan).sort();
function searchSubjects(text) {
  var list = clear($('subject-list'));
  var q = text.trim().toLowerCase();
  var hits = SUBJECT_KEYS.filter(function (k) { return q === '' || k.toLowerCase().indexOf(q) >= 0; });
  hits.slice(0, 60).forEach(function (k) {
    list.appendChild(el('li', null, [el('button', { type: 'button', class: 'link', 'data-key': k, text: k, onclick: function () { showWhatCan(k); focusOn([k]); } })]));
  });
  $('subject-count').textContent = hits.length + ' of ' + SUBJECT_KEYS.length + ' subjects' + (hits.length > 60 ? ' (first 60 shown)' : '');
}
function showWhatCan(key, ns) {
  var out = clear($('whatcan-results'));
  var res = whatCanEmbedded(DATA, RULES, key, ns === '' ? undefined : ns);
  var spaces = [];
  (own(DATA.whatCan, key) ? DATA.whatCan[key] : []).forEach(function (e) { var b = DATA.bindings[e[0]]; if (b.ns && spaces.indexOf(b.ns) < 0) spaces.push(b.ns); });
  var select = el('select', { id: 'whatcan-ns', 'aria-label': 'Namespace', onchange: function () { showWhatCan(key, select.value); } },
    [el('option', { value: '', text: 'every namespace' })].concat(spaces.sort().map(function (s) { return el('option', { value: s, text: 'cluster-wide + ' + s }); })));
  select.value = ns || '';
  out.appendChild(el('p', { class: 'answer', id: 'whatcan-title' }, ['What ' + key + ' can do ', select]));
  out.appendChild(el('p', { class: 'muted', text: 'Includes the grants of the groups authentication adds (system:authenticated, and for a ServiceAccount system:serviceaccounts and system:serviceaccounts:NAMESPACE).' }));
  if (res.grants.length) out.appendChild(grantTable(res.grants, false, false));
  else out.appendChild(el('p', { text: 'No rule applies.' }));
  if (res.ineffective.length) {
    out.appendChild(el('h4', { text: 'Rules that reach it but never take effect' }));
    out.appendChild(grantTable(res.ineffective, false, true));
  }
  return res;
}
`;
