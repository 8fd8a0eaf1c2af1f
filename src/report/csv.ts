// CSV through csv-stringify (quoting is its job, not ours), with one convention for every command
// (docs/output.md#csv): the same column names for the same things, the subject in the first
// three columns, lists joined by "; " (items may hold spaces: audit's matched requests), the core API group written (core), refs in lists
// written KIND/NAMESPACE/NAME. Cells that a spreadsheet would run as a formula (=, +, -, @, tab,
// CR first) get a leading apostrophe, as OWASP advises.
import { stringify } from 'csv-stringify/sync';
import type { PolicyRule, Subject } from '../model/rbac.js';
import type { Grant, ObjectRef } from '../model/results.js';

const FORMULA = /^[=+\-@\t\r]/;

export function neutralise(cell: string): string {
  return FORMULA.test(cell) ? `'${cell}` : cell;
}

/**
 * One cell as csv-stringify writes it inside a record, neutralised. Its quoting depends on the
 * cell alone, so each distinct cell is written once and remembered: export repeats the same
 * names in millions of rows. Cells of a record are joined by "," (csv-stringify's delimiter).
 */
export function csvCellWriter(): (cell: string) => string {
  const memo = new Map<string, string>();
  return (cell) => {
    let out = memo.get(cell);
    // A one-cell record is the cell and the record delimiter "\n".
    if (out === undefined) memo.set(cell, (out = stringify([[neutralise(cell)]]).slice(0, -1)));
    return out;
  };
}

export function toCsv(header: readonly string[], rows: string[][]): string {
  const all: string[][] = [[...header]];
  for (const r of rows) all.push(r.map(neutralise));
  return stringify(all);
}

/** The core API group is the empty string; in CSV it is (core), which no real group can be (not a DNS name). */
export const CORE_GROUP = '(core)';
export const LIST_SEPARATOR = '; ';

export const groupCell = (g: string) => (g === '' ? CORE_GROUP : g);
export const listCell = (xs: readonly string[]) => xs.join(LIST_SEPARATOR);
/** An object in a cell: KIND/NAMESPACE/NAME or KIND/NAME (names never hold /). */
export const refCell = (r: ObjectRef) => (r.namespace ? `${r.kind}/${r.namespace}/${r.name}` : `${r.kind}/${r.name}`);

export const SUBJECT_COLUMNS = ['subject_kind', 'subject_namespace', 'subject_name'] as const;
export const SCOPE_COLUMNS = ['scope', 'namespace'] as const;
export const BINDING_COLUMNS = ['binding_kind', 'binding_namespace', 'binding_name', 'role_kind', 'role_namespace', 'role_name', 'aggregated_from', 'rule_index'] as const;
export const RULE_COLUMNS = ['verbs', 'api_groups', 'resources', 'resource_names', 'non_resource_urls'] as const;
/** A row per grant (who-can, what-can, can): subject, where, through what, which rule, and whether it is the system:masters row. */
export const GRANT_COLUMNS = [...SUBJECT_COLUMNS, ...SCOPE_COLUMNS, ...BINDING_COLUMNS, ...RULE_COLUMNS, 'privileged'] as const;

export const subjectCells = (s: Subject | undefined) => (s ? [s.kind, s.namespace ?? '', s.name] : ['', '', '']);
export const scopeCells = (scope: string) => [scope ? 'namespace' : 'cluster', scope];

export function bindingCells(g: Grant): string[] {
  return [g.binding.kind, g.binding.namespace ?? '', g.binding.name, g.role.kind, g.role.namespace ?? '', g.role.name, g.aggregatedFrom ?? '', String(g.ruleIndex)];
}

export function ruleCells(r: PolicyRule): string[] {
  return [listCell(r.verbs), listCell(r.apiGroups.map(groupCell)), listCell(r.resources), listCell(r.resourceNames), listCell(r.nonResourceURLs)];
}

export function grantCells(g: Grant, subject: Subject = g.subject): string[] {
  return [...subjectCells(subject), ...scopeCells(g.scope), ...bindingCells(g), ...ruleCells(g.rule), ''];
}

/** system:masters is allowed everything before RBAC is asked: no binding, every rule `*`, privileged=yes. */
export function mastersCells(subject: Subject = { kind: 'Group', name: 'system:masters' }): string[] {
  return [...subjectCells(subject), 'cluster', '', '', '', '', '', '', '', '', '', '*', '*', '*', '', '*', 'yes'];
}
