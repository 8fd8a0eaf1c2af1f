// Export rows as CSV, JSON, YAML or JSON lines, produced chunk by chunk so a large cluster
// streams; or as a table (-o wide: every column), which is laid out whole.
import jsYaml from 'js-yaml';
import { compareStrings } from '../model/compare.js';
import { stringify } from 'csv-stringify/sync';
import type { PermissionRow } from '../engine/export.js';
import { BINDING_COLUMNS, groupCell, listCell, neutralise, SCOPE_COLUMNS, scopeCells, SUBJECT_COLUMNS, subjectCells, toCsv } from './csv.js';
import { refText, roleText, scopeText, subjectText } from './describe.js';
import { PLAIN_DISPLAY, type Display } from './display.js';
import { structured } from './format.js';
import { toJson } from './json.js';
import { renderTable } from './table.js';

export type ExportFormat = 'csv' | 'table' | 'wide' | 'json' | 'yaml' | 'jsonl';

/** The shared subject, scope and binding columns (docs/output.md#csv), then one permission, then the group a ServiceAccount inherits it through. */
export const EXPORT_COLUMNS = [
  ...SUBJECT_COLUMNS, ...SCOPE_COLUMNS, ...BINDING_COLUMNS,
  'verb', 'api_group', 'resource', 'subresource', 'resource_names', 'non_resource_url', 'via_group',
] as const;

/** CSV spells the core group (core); JSON, YAML and JSON lines keep the API's "". */
function cells(r: PermissionRow, csv: boolean): string[] {
  const g = r.grant;
  const group = r.nonResourceURL ? '' : csv ? groupCell(r.apiGroup) : r.apiGroup;
  return [
    ...subjectCells(r.subject), ...scopeCells(r.scope),
    g.binding.kind, g.binding.namespace ?? '', g.binding.name, g.role.kind, g.role.namespace ?? '', g.role.name, g.aggregatedFrom ?? '', String(g.ruleIndex),
    r.verb, group, r.resource, r.subresource, listCell(r.resourceNames), r.nonResourceURL, r.viaGroup ?? '',
  ];
}

function record(r: PermissionRow): Record<string, string> {
  const c = cells(r, false);
  return Object.fromEntries(EXPORT_COLUMNS.map((k, i) => [k, c[i]!]));
}

/** What a row is about, as kubectl spells it: RESOURCE.GROUP/SUBRESOURCE, or the URL. */
const target = (r: PermissionRow) => r.nonResourceURL || `${r.resource}${r.apiGroup ? `.${r.apiGroup}` : ''}${r.subresource ? `/${r.subresource}` : ''}`;

function tableOf(rows: Iterable<PermissionRow>, wide: boolean, display: Display): string {
  const body: string[][] = [];
  for (const r of rows) {
    const row = [subjectText(r.subject), scopeText(r.scope), r.verb, target(r), wide ? roleText(r.grant) : refText(r.grant.role)];
    body.push(wide ? [...row, refText(r.grant.binding), r.resourceNames.join(', ') || '-', r.viaGroup ?? '-'] : row);
  }
  if (body.length === 0) return '(no permissions)\n';
  return `${renderTable(['SUBJECT', 'SCOPE', 'VERB', 'RESOURCE', 'ROLE', ...(wide ? ['BINDING', 'NAMES', 'VIA GROUP'] : [])], body, display)}\n`;
}

/** Text chunks of about `batch` rows each (CSV rows are quoted a chunk at a time: far cheaper than a row at a time). */
export function* formatExport(rows: Iterable<PermissionRow>, format: ExportFormat, batch = 500, display: Display = PLAIN_DISPLAY): Generator<string> {
  if (format === 'table' || format === 'wide') {
    yield tableOf(rows, format === 'wide', display);
    return;
  }
  let buf: string[] = [];
  let csvRows: string[][] = [];
  let first = true;
  if (format === 'csv') yield stringify([[...EXPORT_COLUMNS]]);
  if (format === 'json') yield '[';
  for (const r of rows) {
    if (format === 'csv') {
      csvRows.push(cells(r, true).map(neutralise));
      if (csvRows.length >= batch) {
        yield stringify(csvRows);
        csvRows = [];
      }
      continue;
    }
    if (format === 'jsonl') buf.push(`${JSON.stringify(record(r))}\n`);
    else if (format === 'yaml') {
      buf.push(jsYaml.dump([record(r)], { lineWidth: -1 }));
      first = false;
    } else {
      buf.push(`${first ? '\n' : ',\n'}${JSON.stringify(record(r))}`);
      first = false;
    }
    if (buf.length >= batch) {
      yield buf.join('');
      buf = [];
    }
  }
  if (buf.length) yield buf.join('');
  if (csvRows.length) yield stringify(csvRows);
  if (format === 'json') yield first ? ']\n' : '\n]\n';
  if (format === 'yaml' && first) yield '[]\n';
}

export interface Summary {
  key: string;
  rows: number;
  verbs: string[];
}

/** --by subject | resource: counts of rows per key, sorted by count. */
export function summarise(rows: Iterable<PermissionRow>, by: 'subject' | 'resource'): Summary[] {
  const m = new Map<string, { rows: number; verbs: Set<string> }>();
  for (const r of rows) {
    const key = by === 'subject' ? `${r.subject.kind}:${r.subject.namespace ? `${r.subject.namespace}/` : ''}${r.subject.name}` : r.nonResourceURL || `${r.resource}${r.subresource ? `/${r.subresource}` : ''}${r.apiGroup ? `.${r.apiGroup}` : ''}`;
    const e = m.get(key) ?? { rows: 0, verbs: new Set<string>() };
    e.rows++;
    e.verbs.add(r.verb);
    m.set(key, e);
  }
  return [...m.entries()].map(([key, e]) => ({ key, rows: e.rows, verbs: [...e.verbs].sort() })).sort((a, b) => b.rows - a.rows || compareStrings(a.key, b.key));
}

/** --by: the summary in any export format (JSON lines: one object a line). */
export function formatSummary(s: Summary[], by: 'subject' | 'resource', format: ExportFormat, display: Display = PLAIN_DISPLAY): string {
  switch (format) {
    case 'csv':
      // A real CSV, neutralised like every CSV rbac writes (a subject named `=HYPERLINK(...)` stays text).
      return toCsv([by, 'rows', 'verbs'], s.map((x) => [x.key, String(x.rows), listCell(x.verbs)]));
    case 'json':
      return toJson(s);
    case 'yaml':
      return structured(s, 'yaml');
    case 'jsonl':
      return s.map((x) => `${JSON.stringify(x)}\n`).join('');
    case 'table':
    case 'wide':
      return `${renderTable([by.toUpperCase(), 'ROWS', 'VERBS'], s.map((x) => [x.key, String(x.rows), x.verbs.join(', ')]), display)}\n`;
  }
}
