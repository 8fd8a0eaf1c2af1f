// Escalation paths as a table of readable chains (-o wide adds the conditions), JSON/YAML or CSV. A path that holds only under a
// condition (a legacy token Secret exists) says so in both.
import { chainText, type EscalationPath } from '../paths/paths.js';
import { listCell, toCsv } from './csv.js';
import { PLAIN_DISPLAY, type Display } from './display.js';
import { structured } from './format.js';
import { renderTable, wrapLines } from './table.js';

export interface PathsReport {
  title: string;
  paths: EscalationPath[];
  /** With --baseline: the file, and how many of the current paths it already held (not listed). */
  baseline?: { file: string; known: number };
  /** Notes on the request (a subject no binding names, ...): in the JSON document; the CLI writes them for tables. */
  notes?: readonly string[];
}

export function pathJson(p: EscalationPath) {
  return { source: p.source, target: p.target, hops: p.hops, certain: p.certain, ...(p.certain ? {} : { conditions: p.conditions }), steps: p.steps.map((s) => ({ from: s.from, to: s.to, kind: s.edge.kind, via: s.edge.via, ...(s.edge.condition ? { condition: s.edge.condition } : {}), ...(s.edge.nonRbac ? { nonRbac: s.edge.nonRbac } : {}) })), ...(p.steps.some((s) => s.edge.nonRbac) ? { rbacOnly: false } : {}) };
}

const LEGACY_NOTE = 'CERTAIN "no": the path needs a legacy ServiceAccount token Secret (Kubernetes has not created them by itself since 1.24) that the input does not show.';

function conditionNote(paths: EscalationPath[]): string {
  const others = [...new Set(paths.flatMap((p) => p.conditions))].filter((c) => !c.startsWith('if a legacy'));
  if (others.length === 0) return LEGACY_NOTE;
  return `CERTAIN "no": the path holds only ${others.join('; ')}${paths.some((p) => p.conditions.some((c) => c.startsWith('if a legacy'))) ? ', or needs a legacy ServiceAccount token Secret the input does not show' : ''}.`;
}

/** CSV: one row per path; source and target are graph nodes as rbac reads them (user:NAME, group:NAME, sa:NS:NAME, clusterrole:NAME, ...). */
export const PATHS_COLUMNS = ['source', 'target', 'hops', 'certain', 'conditions', 'path'] as const;

export function formatPaths(report: PathsReport, format: 'table' | 'wide' | 'json' | 'yaml' | 'csv', display: Display = PLAIN_DISPLAY): string {
  const { title, paths, baseline, notes: requestNotes = [] } = report;
  if (format === 'json' || format === 'yaml') return structured({ query: title, ...(baseline ? { baseline } : {}), paths: paths.map(pathJson), notes: requestNotes }, format);
  if (format === 'csv') return toCsv(PATHS_COLUMNS, paths.map((p) => [p.source, p.target, String(p.hops), p.certain ? 'yes' : 'no', listCell(p.conditions), chainText(p)]));
  const wide = format === 'wide';
  const known = baseline ? ` ${baseline.known} path(s) already in ${baseline.file} are not listed.` : '';
  if (paths.length === 0) return `${title}: no ${baseline ? 'new ' : ''}path found.${known}\n`;
  const conditional = paths.filter((p) => !p.certain).length;
  const notes = [
    `${paths.length} ${baseline ? 'new ' : ''}path(s)${conditional ? `, ${conditional} conditional` : ''}. Hops count escalation steps; membership and bindings are free.${known}`,
    ...(conditional ? [conditionNote(paths)] : []),
    ...(paths.some((p) => p.steps.some((s) => s.edge.nonRbac)) ? ['A step marked "not an RBAC permission" is a container escape from a pod that can reach its node; --rbac-only leaves such paths out.'] : []),
  ];
  // The path starts at FROM and ends at TO: those columns are -o wide's.
  const head = ['HOPS', 'CERTAIN', ...(wide ? ['FROM', 'TO'] : []), 'PATH', ...(wide ? ['CONDITIONS'] : [])];
  const rows = paths.map((p) => [String(p.hops), p.certain ? 'yes' : 'no', ...(wide ? [p.source, p.target] : []), chainText(p), ...(wide ? [p.conditions.join('; ') || '-'] : [])]);
  return `${[...wrapLines([`${title}:`], display), renderTable(head, rows, display), ...wrapLines(notes, display)].join('\n')}\n`;
}
