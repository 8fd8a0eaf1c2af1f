// Escalation paths as a table of readable chains, or JSON. A path that holds only under a
// condition (a legacy token Secret exists) says so in both.
import { chainText, type EscalationPath } from '../paths/paths.js';
import { toJson } from './json.js';
import { renderTable } from './table.js';

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

export function formatPaths(report: PathsReport, format: 'table' | 'json'): string {
  const { title, paths, baseline, notes: requestNotes = [] } = report;
  if (format === 'json') return toJson({ query: title, ...(baseline ? { baseline } : {}), paths: paths.map(pathJson), notes: requestNotes });
  const known = baseline ? ` ${baseline.known} path(s) already in ${baseline.file} are not listed.` : '';
  if (paths.length === 0) return `${title}: no ${baseline ? 'new ' : ''}path found.${known}\n`;
  const conditional = paths.filter((p) => !p.certain).length;
  const notes = [
    `${paths.length} ${baseline ? 'new ' : ''}path(s)${conditional ? `, ${conditional} conditional` : ''}. Hops count escalation steps; membership and bindings are free.${known}`,
    ...(conditional ? [conditionNote(paths)] : []),
    ...(paths.some((p) => p.steps.some((s) => s.edge.nonRbac)) ? ['A step marked "not an RBAC permission" is a container escape from a pod that can reach its node; --rbac-only leaves such paths out.'] : []),
  ];
  return `${title}:\n${renderTable(['HOPS', 'CERTAIN', 'FROM', 'TO', 'PATH'], paths.map((p) => [String(p.hops), p.certain ? 'yes' : 'no', p.source, p.target, chainText(p)]))}\n${notes.join('\n')}\n`;
}
