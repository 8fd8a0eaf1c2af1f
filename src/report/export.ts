// Export rows as CSV, JSON or JSON lines, produced chunk by chunk so a large cluster streams.
import { compareStrings } from '../model/compare.js';
import type { Atom, PermissionRow } from '../engine/export.js';
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

// A CSV field as csv-stringify writes it with its defaults (quoted when it holds a comma, quote,
// CR or LF; quotes doubled), neutralised like every CSV cell. Written here rather than through
// csv-stringify a chunk at a time: its per-field option handling was three quarters of export's
// time (about 10 µs a row at 10k), and most of a row (subject, binding, role) repeats from the
// row before, so those parts are encoded once per grant.
const NEEDS_QUOTES = /[",\n\r]/;
const field = (cell: string) => {
  const v = neutralise(cell);
  return NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
};
const csvLine = (cells: string[]) => cells.map(field).join(',');

/** One CSV record per row, with the parts shared by consecutive rows of one grant encoded once. */
function csvRows(): (r: PermissionRow) => string {
  let lastSubject: PermissionRow['subject'] | undefined;
  let lastVia: string | undefined;
  let lastScope: string | undefined;
  let head = '';
  let lastGrant: PermissionRow['grant'] | undefined;
  let tail = '';
  const atoms = new Map<Atom, string>();
  return (r) => {
    if (r.subject !== lastSubject || r.viaGroup !== lastVia || r.scope !== lastScope || r.grant !== lastGrant) {
      const c = cells(r);
      [lastSubject, lastVia, lastScope, lastGrant] = [r.subject, r.viaGroup, r.scope, r.grant];
      head = csvLine(c.slice(0, 6));
      tail = csvLine(c.slice(12));
    }
    // The same cells as cells(r)[6..11], encoded once per atom (every row of one rule shares it).
    let middle = r.atom && atoms.get(r.atom);
    if (middle === undefined) {
      middle = `${field(r.verb)},${field(r.apiGroup)},${field(r.resource)},${field(r.subresource)},${field(r.resourceNames.join(' '))},${field(r.nonResourceURL)}`;
      if (r.atom) atoms.set(r.atom, middle);
    }
    return `${head},${middle},${tail}\n`;
  };
}

/** Text chunks of about `batch` rows each. */
export function* formatExport(rows: Iterable<PermissionRow>, format: ExportFormat, batch = 2000): Generator<string> {
  let buf: string[] = [];
  let first = true;
  const csvRow = format === 'csv' ? csvRows() : undefined;
  if (format === 'csv') yield `${csvLine(EXPORT_COLUMNS)}\n`;
  if (format === 'json') yield '[';
  for (const r of rows) {
    if (csvRow) buf.push(csvRow(r));
    else if (format === 'jsonl') buf.push(`${JSON.stringify(record(r))}\n`);
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
