// One self-contained HTML page: the overview as static HTML, the data as one JSON script
// element, graphology and sigma.js inlined, then the report's own script, which embeds the
// library's rule matcher, describe helpers, engine.ts and focus.ts's neighbourhood as their own
// source text. A Content-Security-Policy allows no network access and only these scripts (by
// hash), so even a name that slipped through escaping could not run.
import { createHash } from 'node:crypto';
import { neighbourhood } from '../../graph/focus.js';
import { describeRequest } from '../../model/request.js';
import { apiGroupMatches, nonResourceURLMatches, resourceMatches, resourceNameMatches, resourceRuleAllows, ruleAllows, verbMatches } from '../../semantics/rule-matches.js';
import { refText, roleText, ruleText, scopeText, shownName, subjectText } from '../describe.js';
import { NODE_CLASS_ORDER, NODE_STYLES } from '../graph-style.js';
import type { BrowserAssets } from './assets.js';
import { CLIENT_CORE } from './client-core.js';
import { CLIENT_GRAPH } from './client-graph.js';
import { CLIENT_INIT } from './client-init.js';
import { EMBEDDED_ENGINE } from './engine.js';
import { escapeHtml as h, scriptCode, scriptJson } from './escape.js';
import { CSS } from './style.js';

/** Library functions the page runs as they are (each names only the others and its parameters). */
const EMBEDDED: ((...args: never[]) => unknown)[] = [
  verbMatches, apiGroupMatches, resourceMatches, resourceNameMatches, nonResourceURLMatches, resourceRuleAllows, ruleAllows,
  shownName, subjectText, refText, scopeText, ruleText, roleText, describeRequest,
  ...EMBEDDED_ENGINE, neighbourhood,
];

/** The source text of the library functions the page embeds. */
export function embeddedSource(): string {
  return EMBEDDED.map((f) => f.toString()).join('\n');
}

/** The report's own script: embedded library functions, the style table, and the client code. */
export function reportScript(): string {
  const styles = Object.fromEntries(NODE_CLASS_ORDER.map((c) => [c, { title: NODE_STYLES[c].title, color: NODE_STYLES[c].view }]));
  return `(function () {\n'use strict';\n${embeddedSource()}\nvar STYLES = ${scriptJson(styles)};\n${CLIENT_CORE}\n${CLIENT_GRAPH}\n${CLIENT_INIT}\n})();`;
}

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

const EXAMPLES = ['get secrets -A', 'create pods -A', 'create pods/exec -A', 'impersonate users', 'bind clusterroles', 'escalate clusterroles', 'get nodes/proxy', 'create serviceaccounts/token -A', 'update configmaps -n kube-system', 'get /metrics'];

export interface PageParts {
  title: string;
  generated: string;
  overviewHtml: string;
  dataJson: string;
  assets: BrowserAssets;
}

export function renderPage(p: PageParts): string {
  const scripts = [scriptCode(p.assets.graphology), scriptCode(p.assets.sigma), reportScript()];
  const csp = `default-src 'none'; script-src ${scripts.map(sha256).join(' ')}; style-src 'unsafe-inline'; img-src data: blob:; connect-src 'none'; base-uri 'none'; form-action 'none'`;
  const examples = EXAMPLES.map((e) => `<button type="button" class="chip" data-example="${h(e)}">${h(e)}</button>`).join('');
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
<nav><a href="#overview">Overview</a><a href="#who-can">Who can</a><a href="#what-can">What can</a><a href="#graph-view">Graph</a></nav></header>
<main>
${p.overviewHtml}
<section id="who-can" aria-labelledby="who-can-h">
<h2 id="who-can-h">Who can&hellip;</h2>
<form id="whocan-form" class="query" autocomplete="off"><label for="whocan-input">VERB RESOURCE [NAME] [-n NAMESPACE | -A]</label>
<input type="search" id="whocan-input" placeholder="delete secrets -n prod" spellcheck="false"><button type="submit" id="whocan-go">Ask</button></form>
<div class="examples">${examples}</div>
<details class="help"><summary>Known verbs, resources and namespaces</summary><p><b>Verbs:</b> <span id="known-verbs"></span></p><p><b>Resources:</b> <span id="known-resources"></span></p><p><b>Namespaces:</b> <span id="known-namespaces"></span></p><p>Answers are computed in this page by rbac's own rule matcher over the bindings and roles of the input, as <code>rbac who-can</code> would answer.</p></details>
<div id="whocan-results" aria-live="polite"></div>
</section>
<section id="what-can" aria-labelledby="what-can-h">
<h2 id="what-can-h">What can&hellip;</h2>
<div class="columns"><div><input type="search" id="subject-search" placeholder="search subjects: user:, group:, sa:NS:NAME" spellcheck="false" aria-label="Search subjects">
<div class="muted" id="subject-count"></div><ul id="subject-list"></ul></div>
<div id="whatcan-results" aria-live="polite"><p class="muted">Pick a subject.</p></div></div>
</section>
<section id="graph-view" aria-labelledby="graph-h">
<h2 id="graph-h">Graph <span class="muted" id="graph-focus"></span></h2>
<form id="graph-form" class="query" autocomplete="off"><input type="search" id="graph-search" placeholder="user:alice, sa:prod:ci, clusterrole:admin, rolebinding:prod/x" spellcheck="false" aria-label="Find a node">
<button type="submit">Focus</button><label>depth <select id="graph-depth"><option value="1">1</option><option value="2">2</option><option value="3">3</option><option value="all" selected>all</option></select></label>
<span id="graph-hits"></span></form>
<ul id="graph-legend"></ul>
<div class="graph-wrap"><div id="graph" role="img" aria-label="The RBAC graph around the selected node"></div>
<div id="graph-side"><div id="graph-details"><span class="muted">Hover or click a node.</span></div><div id="graph-list"></div></div></div>
</section>
</main>
<script type="application/json" id="rbac-data">${p.dataJson}</script>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`;
}
