// The report's overview: counts, findings by severity, the riskiest findings and the paths to
// cluster-admin. Built as data (embedded) and rendered here as static, escaped HTML, so it reads
// even with scripts off.
import type { AuditResult } from '../../audit/audit.js';
import type { Finding } from '../../audit/finding.js';
import type { Analysis } from '../../engine/analyze.js';
import { chainText, type EscalationPath } from '../../paths/paths.js';
import { refText, roleText, scopeText, subjectText } from '../describe.js';
import { escapeHtml as h } from './escape.js';
import type { ReportFinding, ReportOverview } from './types.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const TOP = 20;

function findingRow(f: Finding): ReportFinding {
  const g = f.grants[0];
  return {
    severity: f.severity,
    check: f.check,
    title: f.title,
    who: f.subject ? subjectText(f.subject) : f.object ? refText(f.object) : '',
    scope: scopeText(f.scope),
    matched: f.matched.slice(0, 6),
    via: g ? `${refText(g.binding)} -> ${roleText(g)}` : (f.message ?? ''),
  };
}

export function buildOverview(analysis: Analysis, audit: AuditResult | undefined, paths: EscalationPath[] | undefined, opts: { title: string; generated: string }): ReportOverview {
  const s = analysis.snapshot;
  const subjects: Record<string, number> = { User: 0, Group: 0, ServiceAccount: 0 };
  analysis.graph.forEachNode((_k, a) => {
    if (a.kind === 'subject') subjects[a.subjectKind] = (subjects[a.subjectKind] ?? 0) + 1;
  });
  const findingsBySeverity: Record<string, number> = Object.fromEntries(SEVERITIES.map((x) => [x, 0]));
  const open = (audit?.findings ?? []).filter((f) => !f.excluded);
  for (const f of open) findingsBySeverity[f.severity] = (findingsBySeverity[f.severity] ?? 0) + 1;
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
    excludedFindings: (audit?.findings.length ?? 0) - open.length,
    topFindings: open.slice(0, TOP).map(findingRow),
    pathsToClusterAdmin: (paths ?? []).slice(0, TOP).map((p) => ({ source: p.source, hops: p.hops, chain: chainText(p) })),
    pathCount: paths?.length ?? 0,
    diagnostics: analysis.diagnostics.filter((d) => d.severity !== 'info').slice(0, 20).map((d) => ({ severity: d.severity, message: d.message })),
  };
}

const tiles = (rec: Record<string, number>) => Object.entries(rec).map(([k, v]) => `<div class="tile"><b>${v}</b><span>${h(k)}</span></div>`).join('');

export function renderOverview(o: ReportOverview, audited: boolean): string {
  const sev = SEVERITIES.map((x) => `<div class="tile sev-${x}"><b>${o.findingsBySeverity[x] ?? 0}</b><span>${x}</span></div>`).join('');
  const findings = o.topFindings.length
    ? `<table class="rows"><thead><tr><th>Severity</th><th>Finding</th><th>Who</th><th>Scope</th><th>Via</th></tr></thead><tbody>${o.topFindings
        .map((f) => `<tr><td><span class="sev sev-${h(f.severity)}">${h(f.severity)}</span></td><td>${h(f.title)}<div class="muted">${h(f.check)}: ${h(f.matched.join(', '))}</div></td><td>${h(f.who)}</td><td>${h(f.scope)}</td><td>${h(f.via)}</td></tr>`)
        .join('')}</tbody></table>`
    : `<p class="muted">${audited ? 'No findings.' : 'Audit not run (--no-audit).'}</p>`;
  const paths = o.pathsToClusterAdmin.length
    ? `<table class="rows"><thead><tr><th>Hops</th><th>From</th><th>Path</th></tr></thead><tbody>${o.pathsToClusterAdmin.map((p) => `<tr><td>${p.hops}</td><td>${h(p.source)}</td><td class="chain">${h(p.chain)}</td></tr>`).join('')}</tbody></table>`
    : '<p class="muted">No identity can reach cluster-admin (besides system:masters).</p>';
  const diags = o.diagnostics.length ? `<h3>Input problems</h3><ul class="diags">${o.diagnostics.map((d) => `<li><span class="sev sev-${d.severity === 'error' ? 'high' : 'medium'}">${h(d.severity)}</span> ${h(d.message)}</li>`).join('')}</ul>` : '';
  return `<section id="overview" aria-labelledby="overview-h">
<h2 id="overview-h">Overview</h2>
<h3>Objects</h3><div class="tiles">${tiles(o.objects)}</div>
<h3>Subjects named by bindings</h3><div class="tiles">${tiles(o.subjects)}</div>
<h3>Audit findings by severity${o.excludedFindings ? ` <span class="muted">(${o.excludedFindings} excluded)</span>` : ''}</h3><div class="tiles">${sev}</div>
<h3>Top findings</h3>${findings}
<h3>Paths to cluster-admin <span class="muted">(${o.pathCount} identit${o.pathCount === 1 ? 'y' : 'ies'}${o.pathCount > o.pathsToClusterAdmin.length ? `, first ${o.pathsToClusterAdmin.length} shown` : ''})</span></h3>${paths}
${diags}</section>`;
}
