// Escalation paths as a table of readable chains, or JSON.
import { chainText, type EscalationPath } from '../paths/paths.js';
import { toJson } from './json.js';
import { renderTable } from './table.js';

export function formatPaths(paths: EscalationPath[], format: 'table' | 'json', title: string, notes: readonly string[] = []): string {
  if (format === 'json') return toJson({ query: title, paths: paths.map((p) => ({ source: p.source, target: p.target, hops: p.hops, steps: p.steps.map((s) => ({ from: s.from, to: s.to, kind: s.edge.kind, via: s.edge.via })) })), notes });
  if (paths.length === 0) return `${title}: no path found.\n`;
  return `${title}:\n${renderTable(['HOPS', 'FROM', 'TO', 'PATH'], paths.map((p) => [String(p.hops), p.source, p.target, chainText(p)]))}\n${paths.length} path(s). Hops count escalation steps; membership and bindings are free.\n`;
}
