// `rbac report --html`: one self-contained HTML file about an analysed snapshot. Returns the page
// as a string (the CLI writes it). docs/report.md describes what is in it.
import type { AuditResult } from '../../audit/audit.js';
import type { Analysis } from '../../engine/analyze.js';
import type { EscalationPath } from '../../paths/paths.js';
import { pageScript } from './assets.js';
import { scriptJson } from './escape.js';
import { buildOverview, renderOverview } from './overview.js';
import { encodeSnapshot } from './page-snapshot.js';
import { renderPage } from './page.js';
import type { ReportData } from './types.js';

export interface HtmlReportOptions {
  /** What the report is about (the input files, the cluster). */
  title: string;
  /** Audit findings; undefined when the audit was not run. */
  audit?: AuditResult;
  /** Paths to cluster-admin (pathsTo(analysis.escalationGraph, 'clusterrole:cluster-admin')). */
  paths?: EscalationPath[];
  /** Shown in the header; defaults to the current time. */
  generated?: string;
}

export function buildReportData(analysis: Analysis, opts: HtmlReportOptions): ReportData {
  const generated = opts.generated ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return { overview: buildOverview(analysis, opts.audit, opts.paths, { title: opts.title, generated }), snapshot: encodeSnapshot(analysis.snapshot), options: analysis.policy.options };
}

export function buildHtmlReport(analysis: Analysis, opts: HtmlReportOptions): string {
  const data = buildReportData(analysis, opts);
  return renderPage({ title: opts.title, generated: data.overview.generated, overviewHtml: renderOverview(data.overview), dataJson: scriptJson(data), script: pageScript() });
}

export type { ReportData } from './types.js';
