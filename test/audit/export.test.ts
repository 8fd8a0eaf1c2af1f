// export: atomic rows, ineffective rules left out, filters, --expand-groups, streaming chunks.
import { describe, expect, test } from 'vitest';
import { exportPermissions } from '../../src/engine/export.js';
import { formatExport, formatExportBlocks, type ExportFormat } from '../../src/report/export.js';
import { exportBlocks } from '../../src/engine/export.js';
import { cr, crb, rb, rule, urlRule, world } from '../helpers/builders.js';

const objects = [
  cr('viewer', [rule('get,list', ',apps', 'pods,deployments/scale'), urlRule('get', '/healthz')]),
  cr('nodes', [rule('get', '', 'nodes')]),
  crb('all', 'viewer', 'Group:system:serviceaccounts:prod'),
  rb('prod', 'n', 'ClusterRole:nodes', 'ServiceAccount::ci'),
  rb('prod', 'v', 'ClusterRole:viewer', 'User:=cmd|calc'),
  { kind: 'ServiceAccount' as const, name: 'ci', namespace: 'prod', labels: {}, annotations: {}, source: { type: 'builtin' as const } },
];

describe('exportPermissions', () => {
  const a = world(objects);

  test('one row per verb x group x resource[/sub], URL rows only cluster-wide, ineffective rules counted and left out', () => {
    const stats = { rows: 0, ineffective: 0 };
    const rows = [...exportPermissions(a.policy, { catalogue: a.catalogue, stats })];
    const crbRows = rows.filter((r) => r.grant.binding.name === 'all');
    expect(crbRows).toHaveLength(2 * 2 * 2 + 1);
    expect(crbRows.find((r) => r.subresource === 'scale')).toMatchObject({ resource: 'deployments', subresource: 'scale' });
    expect(rows.filter((r) => r.grant.binding.name === 'v' && r.nonResourceURL)).toEqual([]);
    expect(stats.ineffective).toBe(2); // nodes via RoleBinding n, /healthz via RoleBinding v
    expect(stats.rows).toBe(rows.length);
  });

  test('--expand-groups adds the known ServiceAccounts of system:serviceaccounts:NS', () => {
    const rows = [...exportPermissions(a.policy, { expandGroups: true, subject: { kind: 'ServiceAccount', name: 'ci', namespace: 'prod' }, catalogue: a.catalogue })];
    expect(rows.length).toBe(9);
    expect(rows.every((r) => r.viaGroup === 'system:serviceaccounts:prod')).toBe(true);
  });

  test('a namespace filter keeps cluster-wide grants, which apply there too', () => {
    expect(new Set([...exportPermissions(a.policy, { namespace: 'dev', catalogue: a.catalogue })].map((r) => r.scope))).toEqual(new Set(['']));
  });
});

describe('formatExport', () => {
  const a = world(objects);
  const rows = () => exportPermissions(a.policy, { catalogue: a.catalogue });

  test('CSV neutralises cells a spreadsheet would run as a formula', () => {
    const csv = [...formatExport(rows(), 'csv')].join('');
    expect(csv).toContain(",'=cmd|calc,");
    expect(csv).not.toMatch(/,=cmd/);
  });

  test('JSON is one valid array; JSON lines one object a line', () => {
    expect(JSON.parse([...formatExport(rows(), 'json')].join(''))).toHaveLength(9 + 8);
    const lines = [...formatExport(rows(), 'jsonl')].join('').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).subject_kind)).toContain('User');
  });

  test('rows come in chunks, not one string', () => {
    expect([...formatExport(rows(), 'jsonl', 4)].length).toBeGreaterThan(3);
  });
});

describe('formatExportBlocks', () => {
  // A name with a carriage return and an ESC, and a group holding a comma and a quote.
  const a = world([...objects, crb('odd', 'viewer', 'User:ev\ril\u001b[2J', 'Group:a,"b"')]);
  const mark = (t: string) => t.replace(/[\r\u001b]/g, (c) => `<${c.charCodeAt(0)}>`);

  test.each(['csv', 'json', 'jsonl', 'yaml', 'table'] as ExportFormat[])('-o %s: cleaning each piece once is cleaning the whole text', (format) => {
    const whole = [...formatExport(exportPermissions(a.policy, { catalogue: a.catalogue, expandGroups: true }), format)].join('');
    const pieces = [...formatExportBlocks(exportBlocks(a.policy, { catalogue: a.catalogue, expandGroups: true }), format, { clean: mark, batch: 3 })].join('');
    expect(pieces).toBe(mark(whole));
    // JSON, YAML and tables escape both themselves; CSV carries them raw, for the guard to clean.
    if (format === 'csv') expect(pieces).toContain('<27>');
  });
});
