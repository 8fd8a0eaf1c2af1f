// The report's overview: counts, every audit finding (as rows the page filters and sorts) and
// the paths to cluster-admin. Counts and paths are rendered here as static, escaped HTML, so they
// read with scripts off; the findings table is drawn by the page (client/findings-view.ts).
import type { AuditResult } from '../../audit/audit.js';
import type { Finding } from '../../audit/finding.js';
import type { Analysis } from '../../engine/analyze.js';
import type { Grant } from '../../model/results.js';
import { chainText, type EscalationPath } from '../../paths/paths.js';
import { refText, scopeText, subjectText } from '../describe.js';
import { escapeHtml as h } from './escape.js';
import { packFindings, SEVERITIES, type FindingRow, type ReportOverview } from './types.js';

const TOP_PATHS = 20;
const DIAGNOSTICS = 50;

/**
 * The "binding -> role" and scope texts, made once each: at 100,000 objects ~140,000 findings
 * repeat the same pairs (every finding of a subject names its bindings), and building and
 * escaping both names per finding was most of what the rows cost.
 */
class Texts {
  private readonly vias = new Map<string, string>();
  private readonly scopes = new Map<string, string>();
  via(g: Grant): string {
    const b = g.binding, r = g.role;
    const key = `${b.kind}\u0000${b.namespace ?? ''}\u0000${b.name}\u0000${b.defaultPolicy ?? ''}\u0000${r.kind}\u0000${r.namespace ?? ''}\u0000${r.name}\u0000${r.defaultPolicy ?? ''}\u0000${g.aggregatedFrom ?? ''}`;
    let t = this.vias.get(key);
    if (t === undefined) this.vias.set(key, (t = `${refText(b)} -> ${refText(r)}${g.aggregatedFrom ? ` (from ${g.aggregatedFrom})` : ''}`));
    return t;
  }
  scope(scope: string): string {
    let t = this.scopes.get(scope);
    if (t === undefined) this.scopes.set(scope, (t = scopeText(scope)));
    return t;
  }
}

function findingRow(f: Finding, t: Texts): FindingRow {
  const via = f.grants.length === 1 ? [t.via(f.grants[0]!)] : [...new Set(f.grants.map((g) => t.via(g)))];
  const matched = f.matched.length > 8 ? `${f.matched.slice(0, 8).join(', ')} (+${f.matched.length - 8} more)` : f.matched.join(', ');
  const notes = [matched, f.restrictedTo ? `only names: ${f.restrictedTo.join(', ')}` : '', f.implies?.length ? `implies ${f.implies.length} more check(s), listed with the implied findings` : '', f.foldedInto ? `implied by ${f.foldedInto}` : '', f.excluded ? `excluded: ${f.excluded}` : ''];
  return [
    f.severity, f.check, f.title,
    f.subject ? subjectText(f.subject) : f.object ? refText(f.object) : '',
    t.scope(f.scope),
    notes.filter(Boolean).join('; '),
    via.length ? (via.length > 3 ? `${via.slice(0, 3).join('; ')}; (+${via.length - 3} more)` : via.join('; ')) : (f.message ?? ''),
    f.excluded ? 1 : f.foldedInto ? 2 : 0,
  ];
}

export function buildOverview(analysis: Analysis, audit: AuditResult | undefined, paths: EscalationPath[] | undefined, opts: { title: string; generated: string }): ReportOverview {
  const s = analysis.snapshot;
  const subjects: Record<string, number> = { User: 0, Group: 0, ServiceAccount: 0 };
  // Counted from the binding subjects (the graph would cost a second build of it).
  const seen = new Set<string>();
  for (const b of [...s.clusterRoleBindings, ...s.roleBindings]) {
    for (const x of b.subjects) {
      const ns = x.kind === 'ServiceAccount' ? x.namespace || (b.kind === 'RoleBinding' ? b.namespace : '') : (x.namespace ?? '');
      const k = `${x.kind}\u0000${ns}\u0000${x.name}`;
      if (seen.has(k)) continue;
      seen.add(k);
      subjects[x.kind] = (subjects[x.kind] ?? 0) + 1;
    }
  }
  const texts = new Texts();
  const findings = (audit?.findings ?? []).map((f) => findingRow(f, texts));
  const findingsBySeverity: Record<string, number> = Object.fromEntries(SEVERITIES.map((x) => [x, 0]));
  for (const f of findings) if (f[7] === 0) findingsBySeverity[f[0]] = (findingsBySeverity[f[0]] ?? 0) + 1;
  const problems = analysis.diagnostics.filter((d) => d.severity !== 'info');
  return {
    title: opts.title,
    generated: opts.generated,
    objects: {
      Namespaces: s.namespaces.length,
      ServiceAccounts: s.serviceAccounts.length,
      ClusterRoles: s.clusterRoles.length,
      Roles: s.roles.length,
      ClusterRoleBindings: s.clusterRoleBindings.length,
      RoleBindings: s.roleBindings.length,
    },
    subjects,
    findingsBySeverity,
    excludedFindings: findings.filter((f) => f[7] === 1).length,
    findings: packFindings(findings),
    audited: audit !== undefined,
    pathsToClusterAdmin: (paths ?? []).slice(0, TOP_PATHS).map((p) => ({ source: p.source, hops: p.hops, chain: chainText(p) })),
    pathCount: paths?.length ?? 0,
    diagnostics: problems.slice(0, DIAGNOSTICS).map((d) => ({ severity: d.severity, message: d.message })),
    diagnosticCount: problems.length,
  };
}

const tiles = (rec: Record<string, number>) => Object.entries(rec).map(([k, v]) => `<div class="tile"><b>${v}</b><span>${h(k)}</span></div>`).join('');

export function renderOverview(o: ReportOverview): string {
  const rows = o.findings.rows;
  const open = rows.filter((f) => f[7] === 0).length;
  const findings = rows.length
    ? `<div class="query findings-controls"><input type="search" id="findings-filter" placeholder="filter: a name, a check, a namespace" spellcheck="false" aria-label="Filter findings">
<select id="findings-check" aria-label="Check"><option value="">every check</option></select>
<label><input type="checkbox" id="findings-excluded"> include the ${rows.length - open} excluded or implied</label></div>
<div class="tiles" id="findings-severity" aria-label="Findings by severity (click to filter)"></div>
<p class="muted" id="findings-count"></p>
<table class="rows" id="findings-table"></table>
<button type="button" id="findings-more" hidden></button> <button type="button" id="findings-all" hidden>Show all</button>
<noscript><p>The findings table needs scripts; by severity: ${SEVERITIES.map((x) => `${o.findingsBySeverity[x] ?? 0} ${x}`).join(', ')}.</p></noscript>`
    : `<p class="muted">${o.audited ? 'No findings.' : 'Audit not run (--no-audit).'}</p>`;
  const paths = o.pathsToClusterAdmin.length
    ? `<table class="rows"><thead><tr><th>Hops</th><th>From</th><th>Path</th></tr></thead><tbody>${o.pathsToClusterAdmin.map((p) => `<tr><td>${p.hops}</td><td>${h(p.source)}</td><td class="chain">${h(p.chain)}</td></tr>`).join('')}</tbody></table>`
    : '<p class="muted">No identity can reach cluster-admin (besides system:masters).</p>';
  const more = o.diagnosticCount > o.diagnostics.length ? ` <span class="muted">(first ${o.diagnostics.length} of ${o.diagnosticCount})</span>` : '';
  const diags = o.diagnostics.length ? `<h3>Input problems${more}</h3><ul class="diags">${o.diagnostics.map((d) => `<li><span class="sev sev-${d.severity === 'error' ? 'high' : 'medium'}">${h(d.severity)}</span> ${h(d.message)}</li>`).join('')}</ul>` : '';
  return `<section id="overview" aria-labelledby="overview-h">
<h2 id="overview-h">Overview</h2>
<h3>Objects</h3><div class="tiles">${tiles(o.objects)}</div>
<h3>Subjects named by bindings</h3><div class="tiles">${tiles(o.subjects)}</div>
<h3 id="findings-h">Audit findings <span class="muted">(${open} finding(s)${o.excludedFindings ? `, ${o.excludedFindings} excluded` : ''}${rows.length - open - o.excludedFindings ? `, ${rows.length - open - o.excludedFindings} implied by cluster-admin-equivalent findings` : ''})</span></h3>
${findings}
<h3>Paths to cluster-admin <span class="muted">(${o.pathCount} identit${o.pathCount === 1 ? 'y' : 'ies'}${o.pathCount > o.pathsToClusterAdmin.length ? `, first ${o.pathsToClusterAdmin.length} shown` : ''})</span></h3>${paths}
${diags}</section>`;
}
