// Export rows as CSV, JSON or JSON lines, produced chunk by chunk so a large cluster streams.
import { compareStrings } from '../model/compare.js';
import { stringify } from 'csv-stringify/sync';
import type { PermissionRow } from '../engine/export.js';
import { neutralise } from './csv.js';

export type ExportFormat = 'csv' | 'json' | 'jsonl';

export const EXPORT_COLUMNS = [
  'subject_kind', 'subject_namespace', 'subject_name', 'via_group', 'scope', 'namespace',
  'verb', 'api_group', 'resource', 'subresource', 'resource_names', 'non_resource_url',
  'binding_kind', 'binding_namespace', 'binding_name', 'role_kind', 'role_namespace', 'role_name', 'aggregated_from',
];

function cells(r: PermissionRow): string[] {
  const g = r.grant;
  return [
    r.subject.kind, r.subject.namespace ?? '', r.subject.name, r.viaGroup ?? '', r.scope ? 'namespace' : 'cluster', r.scope,
    r.verb, r.apiGroup, r.resource, r.subresource, r.resourceNames.join(' '), r.nonResourceURL,
    g.binding.kind, g.binding.namespace ?? '', g.binding.name, g.role.kind, g.role.namespace ?? '', g.role.name, g.aggregatedFrom ?? '',
  ];
}

function record(r: PermissionRow): Record<string, string> {
  const c = cells(r);
  return Object.fromEntries(EXPORT_COLUMNS.map((k, i) => [k, c[i]!]));
}

/** Text chunks of about `batch` rows each (CSV rows are quoted a chunk at a time: far cheaper than a row at a time). */
export function* formatExport(rows: Iterable<PermissionRow>, format: ExportFormat, batch = 500): Generator<string> {
  let buf: string[] = [];
  let csvRows: string[][] = [];
  let first = true;
  if (format === 'csv') yield stringify([EXPORT_COLUMNS]);
  if (format === 'json') yield '[';
  for (const r of rows) {
    if (format === 'csv') {
      csvRows.push(cells(r).map(neutralise));
      if (csvRows.length >= batch) {
        yield stringify(csvRows);
        csvRows = [];
      }
      continue;
    }
    if (format === 'jsonl') buf.push(`${JSON.stringify(record(r))}\n`);
    else {
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
  if (format === 'json') yield '\n]\n';
}

/** --by subject | resource: counts of rows per key, sorted by count. */
export function summarise(rows: Iterable<PermissionRow>, by: 'subject' | 'resource'): { key: string; rows: number; verbs: string[] }[] {
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
