// Export rows as CSV, JSON, YAML or JSON lines, produced chunk by chunk so a large cluster
// streams; or as a table (-o wide: every column), which is laid out whole.
import jsYaml from 'js-yaml';
import { compareStrings } from '../model/compare.js';
import { stringify } from 'csv-stringify/sync';
import { blockRows, type Atom, type PermissionBlock, type PermissionRow } from '../engine/export.js';
import type { Grant } from '../model/results.js';
import { BINDING_COLUMNS, csvCellWriter, groupCell, listCell, SCOPE_COLUMNS, scopeCells, SUBJECT_COLUMNS, subjectCells, toCsv } from './csv.js';
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
  return [...subjectCells(r.subject), ...grantPart(r.grant), ...rulePart(r.grant), ...atomPart(r, csv), r.viaGroup ?? ''];
}

// A row's cells in the groups that repeat together: subject; scope, binding and role (a binding);
// the rule of the role; the atom (a rule's verb x resource); the group it is inherited through.
const grantPart = (g: Grant) => [...scopeCells(g.scope), g.binding.kind, g.binding.namespace ?? '', g.binding.name, g.role.kind, g.role.namespace ?? '', g.role.name];
const rulePart = (g: Grant) => [g.aggregatedFrom ?? '', String(g.ruleIndex)];
const atomPart = (a: Atom, csv: boolean) => [a.verb, a.nonResourceURL ? '' : csv ? groupCell(a.apiGroup) : a.apiGroup, a.resource, a.subresource, listCell(a.resourceNames), a.nonResourceURL];
const PARTS = [0, 3, 11, 13, 19, 20];

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

/** Text chunks of about `batch` rows each, from rows (one block a row: the library's shape). */
export function formatExport(rows: Iterable<PermissionRow>, format: ExportFormat, batch = 500, display: Display = PLAIN_DISPLAY): Generator<string> {
  return formatExportBlocks(rowBlocks(rows), format, { display, batch });
}

export interface ExportWriting {
  display?: Display;
  /** Rows a chunk. */
  batch?: number;
  /** Applied to every piece of text that comes from the input (each once), or to a whole chunk: the CLI's output guard. */
  clean?: (text: string) => string;
}

function* rowBlocks(rows: Iterable<PermissionRow>): Generator<PermissionBlock> {
  for (const r of rows) yield r.viaGroup ? { subject: r.subject, viaGroup: r.viaGroup, grant: r.grant, atoms: [r] } : { subject: r.subject, grant: r.grant, atoms: [r] };
}

/**
 * Text chunks of about `batch` rows each. CSV, JSON and JSON lines rows are put together from the
 * text of their parts (subject, binding, rule, atom: see grantPart), each written once by
 * csv-stringify or JSON.stringify and reused for every row that repeats it, so a row costs a few
 * string joins, not twenty cells quoted again.
 */
export function* formatExportBlocks(blocks: Iterable<PermissionBlock>, format: ExportFormat, opts: ExportWriting = {}): Generator<string> {
  const { display = PLAIN_DISPLAY, batch = 2000, clean = (t: string) => t } = opts;
  if (format === 'table' || format === 'wide') {
    yield clean(tableOf(blockRows(blocks), format === 'wide', display));
    return;
  }
  if (format === 'yaml') {
    for (const chunk of yamlOf(blockRows(blocks), batch)) yield clean(chunk);
    return;
  }
  const csv = format === 'csv';
  const text = csv ? csvPart() : jsonPart;
  const part = (cells: string[], p: number) => clean(text(cells, p));
  const open = csv ? '' : '{';
  const close = csv ? '\n' : format === 'jsonl' ? '}\n' : '}';
  // Parts by what they are made of; every map is bounded by the input, not the output.
  const subjects = new Map<string, string>();
  const rules = new Map<string, string>();
  const vias = new Map<string, string>();
  const atoms = new Map<readonly Atom[], string[]>();
  let last: { binding: object; role: object; scope: string; text: string } | undefined;
  let chunk = csv ? clean(stringify([[...EXPORT_COLUMNS]])) : format === 'json' ? '[' : '';
  let n = 0;
  let first = true;
  for (const b of blocks) {
    const g = b.grant;
    const s = b.subject;
    const sKey = `${s.kind}\u0000${s.namespace ?? ''}\u0000${s.name}`;
    let sText = subjects.get(sKey);
    if (sText === undefined) subjects.set(sKey, (sText = part(subjectCells(s), 0)));
    if (last?.binding !== g.binding || last.role !== g.role || last.scope !== g.scope) last = { binding: g.binding, role: g.role, scope: g.scope, text: part(grantPart(g), 1) };
    const rKey = `${g.aggregatedFrom ?? ''}\u0000${g.ruleIndex}`;
    let rText = rules.get(rKey);
    if (rText === undefined) rules.set(rKey, (rText = part(rulePart(g), 2)));
    let aTexts = atoms.get(b.atoms);
    if (aTexts === undefined) atoms.set(b.atoms, (aTexts = b.atoms.map((a) => part(atomPart(a, csv), 3))));
    const via = b.viaGroup ?? '';
    let vText = vias.get(via);
    if (vText === undefined) vias.set(via, (vText = part([via], 4)));
    const prefix = `${open}${sText},${last.text},${rText},`;
    const suffix = `,${vText}${close}`;
    for (const a of aTexts) {
      if (format === 'json') {
        chunk += first ? '\n' : ',\n';
        first = false;
      }
      chunk += prefix + a + suffix;
      if (++n >= batch || chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
        n = 0;
      }
    }
  }
  if (format === 'json') chunk += first ? ']\n' : '\n]\n';
  if (chunk) yield chunk;
}

// A chunk stays under V8's large-object size (128 KB, two bytes a character at worst): larger
// strings, flattened to be written, go straight to the old generation and pile up there until a
// full collection; at 100k objects that was 200 MB of RSS.
const CHUNK_CHARS = 32 * 1024;

/** The cells of part `p` of a row (PARTS) as CSV: each cell quoted by csv-stringify once. */
function csvPart(): (cells: string[], p: number) => string {
  const cell = csvCellWriter();
  return (cells) => cells.map(cell).join(',');
}

/** The cells of part `p` of a row as the members of a JSON object ("key":"value",...). */
function jsonPart(cells: string[], p: number): string {
  const keys = EXPORT_COLUMNS.slice(PARTS[p], PARTS[p + 1]);
  return JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, cells[i]!]))).slice(1, -1);
}

function* yamlOf(rows: Iterable<PermissionRow>, batch: number): Generator<string> {
  let buf: string[] = [];
  let first = true;
  for (const r of rows) {
    buf.push(jsYaml.dump([record(r)], { lineWidth: -1 }));
    first = false;
    if (buf.length >= batch) {
      yield buf.join('');
      buf = [];
    }
  }
  if (buf.length) yield buf.join('');
  if (first) yield '[]\n';
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
