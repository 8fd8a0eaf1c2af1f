// Browser code of the HTML report, part 3: wiring the controls, the legend and the first view.
// window.rbacReport is for tests and for people scripting the page (ready, focusOn, runWhoCan).
export const CLIENT_INIT = String.raw`
var legend = $('graph-legend');
Object.keys(STYLES).forEach(function (c) {
  legend.appendChild(el('li', null, [el('span', { class: 'swatch', style: 'background:' + STYLES[c].color }), STYLES[c].title]));
});
legend.appendChild(el('li', { class: 'muted', text: 'Arrows: subject -> binding -> role -> rule; aggregated role -> the roles it takes rules from. Edge labels give the scope of each grant. Click a node to centre on it; hover for its full name.' }));

$('whocan-form').addEventListener('submit', function (e) { e.preventDefault(); runWhoCan($('whocan-input').value); });
Array.prototype.forEach.call(document.querySelectorAll('[data-example]'), function (b) {
  b.addEventListener('click', function () { $('whocan-input').value = b.getAttribute('data-example'); runWhoCan(b.getAttribute('data-example')); });
});
$('subject-search').addEventListener('input', function () { searchSubjects($('subject-search').value); });
$('graph-form').addEventListener('submit', function (e) { e.preventDefault(); searchNodes($('graph-search').value); });
$('graph-depth').addEventListener('change', function () { if (current.keys.length) focusOn([$('graph-details').getAttribute('data-key') || current.keys[0]]); });

$('known-verbs').textContent = DATA.verbs.join(', ');
$('known-resources').textContent = DATA.resourceHints.join(', ');
$('known-namespaces').textContent = DATA.namespaces.join(', ') || '(none)';
searchSubjects('');
var start = ['clusterrole:cluster-admin'].concat(DATA.overview.pathsToClusterAdmin.map(function (p) { return p.source; }), GN.length ? [GN[0][0]] : []).filter(function (k) { return INDEX.has(k); })[0];
if (start) focusOn([start]);
window.rbacReport = { ready: true, focusOn: focusOn, runWhoCan: runWhoCan, showWhatCan: showWhatCan, renderer: function () { return renderer; }, current: function () { return current; } };
document.body.setAttribute('data-ready', 'true');
`;
