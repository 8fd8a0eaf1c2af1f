// One self-contained HTML page: the overview as static HTML, the data as one JSON script
// element, and one script: the page bundle (assets.ts), which runs the library itself on the
// embedded snapshot. A Content-Security-Policy allows no network access and only that script
// (by hash), so even a name that slipped through escaping could not run.
import { createHash } from 'node:crypto';
import { escapeHtml as h, scriptCode } from './escape.js';
import { CSS } from './style.js';

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

const EXAMPLES = ['get secrets -A', 'create pods -A', 'create pods/exec -A', 'impersonate users', 'bind clusterroles', 'escalate clusterroles', 'get nodes/proxy', 'create serviceaccounts/token -A', 'update configmaps -n kube-system', 'get /metrics'];
const IDENTITIES = ['group:system:authenticated', 'user:jane --group system:authenticated', 'sa:kube-system:default'];

export interface PageParts {
  title: string;
  generated: string;
  overviewHtml: string;
  dataJson: string;
  script: string;
}

const chips = (xs: string[], attr: string) => xs.map((e) => `<button type="button" class="chip" ${attr}="${h(e)}">${h(e)}</button>`).join('');

export function renderPage(p: PageParts): string {
  const script = scriptCode(p.script);
  const csp = `default-src 'none'; script-src ${sha256(script)}; style-src 'unsafe-inline'; img-src data: blob:; connect-src 'none'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="rbac report">
<title>RBAC report: ${h(p.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>RBAC report</h1><span id="report-title">${h(p.title)}</span><span class="muted">generated ${h(p.generated)}</span>
<nav><a href="#overview">Overview</a><a href="#findings-h">Findings</a><a href="#who-can">Who can</a><a href="#what-can">What can</a><a href="#graph-view">Graph</a></nav></header>
<main>
${p.overviewHtml}
<section id="who-can" aria-labelledby="who-can-h">
<h2 id="who-can-h">Who can&hellip;</h2>
<form id="whocan-form" class="query" autocomplete="off"><label for="whocan-input">VERB RESOURCE [NAME] [-n NAMESPACE | -A] [--api-group G] [--subresource S]</label>
<input type="search" id="whocan-input" placeholder="delete secrets -n prod" spellcheck="false"><button type="submit" id="whocan-go">Ask</button></form>
<div class="examples">${chips(EXAMPLES, 'data-example')}</div>
<p class="muted">Answered in this page by rbac's own engine (the same code as <code>rbac who-can</code>) over the objects of the input, with the same notes.</p>
<div id="whocan-results" aria-live="polite"></div>
</section>
<section id="what-can" aria-labelledby="what-can-h">
<h2 id="what-can-h">What can&hellip;</h2>
<form id="whatcan-form" class="query" autocomplete="off"><label for="whatcan-input">user:NAME | group:NAME | sa:NS:NAME [--group G]... [-n NAMESPACE]</label>
<input type="search" id="whatcan-input" placeholder="user:jane --group devs -n prod" spellcheck="false"><button type="submit" id="whatcan-go">Ask</button></form>
<div class="examples">${chips(IDENTITIES, 'data-identity')}</div>
<div class="columns"><div><input type="search" id="subject-search" placeholder="search the subjects bindings name" spellcheck="false" aria-label="Search subjects">
<div class="muted" id="subject-count"></div><ul id="subject-list"></ul></div>
<div id="whatcan-results" aria-live="polite"><p class="muted">Type any identity, or pick a subject.</p></div></div>
</section>
<section id="graph-view" aria-labelledby="graph-h">
<h2 id="graph-h">Graph <span class="muted" id="graph-focus"></span></h2>
<form id="graph-form" class="query" autocomplete="off"><input type="search" id="graph-search" placeholder="user:alice, sa:prod:ci, clusterrole:admin, rolebinding:prod/x, namespace:prod" spellcheck="false" aria-label="Find a node">
<button type="submit">Focus</button><label>depth <select id="graph-depth"><option value="1">1</option><option value="2">2</option><option value="3">3</option><option value="all" selected>all</option></select></label>
<span id="graph-hits"></span></form>
<ul id="graph-legend"></ul>
<div class="graph-wrap"><div id="graph" role="img" aria-label="The RBAC graph around the selected node"></div>
<div id="graph-side"><div id="graph-details"><span class="muted">Click a node to focus it and its neighbours.</span></div><div id="graph-list"></div></div></div>
</section>
</main>
<script type="application/json" id="rbac-data">${p.dataJson}</script>
<script>${script}</script>
</body>
</html>
`;
}
