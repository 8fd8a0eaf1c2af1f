// Audit findings that know workloads: who mounts a finding's ServiceAccount token, and the
// workload-node-access-powerful-token check, on the real node-exporter DaemonSet (hostPID, hostPath).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { audit } from '../../src/audit/audit.js';
import { loadFiles } from '../../src/collect/files.js';
import { BUILTIN_QUERIES, loadQueries } from '../../src/collect/load-queries.js';
import { analyze } from '../../src/engine/analyze.js';
import { formatAudit } from '../../src/report/audit.js';
import { rbac } from '../helpers/cli.js';
import { parseCsv as parse } from '../security/support.js';

const PROM = ['samples/addons/kube-prometheus.yaml', 'samples/workloads'];
const GRANT = 'test/fixtures/workloads/node-exporter-secrets.yaml';
const CHECK = 'workload-node-access-powerful-token';

async function run(files: string[]) {
  const queries = await loadQueries([BUILTIN_QUERIES]);
  const result = audit(analyze(await loadFiles(files)), queries);
  return { result, queries };
}
const nodeExporter = (f: { subject?: { name: string } }) => f.subject?.name === 'node-exporter';

describe('a finding on a ServiceAccount names the workloads that mount its token', () => {
  test('secrets-read on node-exporter lists the DaemonSet, on every node, in JSON, table and SARIF', async () => {
    const { result, queries } = await run([...PROM, GRANT]);
    const f = result.findings.find((x) => x.check === 'secrets-read' && nodeExporter(x))!;
    expect(f.workloads).toEqual([{ kind: 'DaemonSet', namespace: 'monitoring', name: 'node-exporter', placement: 'every node' }]);
    const json = JSON.parse(formatAudit(result, 'json')) as { findings: { check: string; workloads?: unknown }[] };
    expect(json.findings.find((x) => x.check === 'secrets-read' && x.workloads)?.workloads).toEqual(f.workloads);
    expect(formatAudit(result, 'table')).toMatch(/secrets-read .*mounted by DaemonSet monitoring\/node-exporter \(on every node\)/);
    expect(formatAudit(result, 'sarif', { queries })).toContain('its token is mounted by DaemonSet monitoring/node-exporter (on every node)');
  });
  test('a ServiceAccount no workload mounts gets no workloads (prometheus-operator: its Deployment is not in the input)', async () => {
    const { result } = await run(PROM);
    const f = result.findings.find((x) => x.check === 'secrets-read' && x.subject?.name === 'prometheus-operator')!;
    expect(f.workloads).toBeUndefined();
  });
  test('a workload that mounts no token is not named (kube-state-metrics: automountServiceAccountToken false on its ServiceAccount)', async () => {
    const { result } = await run(['samples/addons/kube-state-metrics.yaml', 'samples/workloads']);
    expect(result.findings.filter((x) => x.subject?.name === 'kube-state-metrics' && x.workloads)).toEqual([]);
  });
});

describe('audit -o csv: the workloads column', () => {
  const csvRows = async (files: string[]) => {
    const { result } = await run(files);
    const [head, ...rows] = parse(formatAudit(result, 'csv')) as string[][];
    const at = (name: string) => head!.indexOf(name);
    return { head: head!, cell: (check: string, subject: string) => rows.find((r) => r[at('check')] === check && r[at('subject_name')] === subject)?.[at('workloads')] };
  };
  test.each([
    ['the DaemonSet mounting node-exporter\'s token', [...PROM, GRANT], 'secrets-read', 'node-exporter', 'DaemonSet/monitoring/node-exporter'],
    ['empty when no workload of the input mounts it', PROM, 'secrets-read', 'prometheus-operator', ''],
    ['empty when the workload mounts no token', ['samples/addons/kube-state-metrics.yaml', 'samples/workloads'], 'secrets-read', 'kube-state-metrics', ''],
  ])('%s', async (_what, files, check, subject, want) => {
    const { head, cell } = await csvRows(files);
    expect(head.at(-1)).toBe('workloads');
    expect(cell(check, subject)).toBe(want);
  });
  test('several workloads are joined by "; " as every CSV list', async () => {
    const { result } = await run([...PROM, GRANT]);
    const f = result.findings.find((x) => x.check === 'secrets-read' && nodeExporter(x))!;
    f.workloads = [...f.workloads!, { kind: 'Pod', namespace: 'monitoring', name: 'debug', placement: 'unknown' }];
    expect(formatAudit({ ...result, findings: [f] }, 'csv').split('\n')[1]).toMatch(/,DaemonSet\/monitoring\/node-exporter; Pod\/monitoring\/debug$/);
  });
});

describe(CHECK, () => {
  test.each([
    ['fires: node-exporter (hostPID, hostPath /) with a token that reads Secrets', [...PROM, GRANT], 1],
    ['quiet: node-exporter as shipped (its token creates tokenreviews and subjectaccessreviews only)', PROM, 0],
  ])('%s', async (_name, files, n) => {
    const { result } = await run(files);
    const found = result.findings.filter((f) => f.check === CHECK);
    expect(found).toHaveLength(n);
    if (n) {
      expect(found[0]!.object).toEqual({ kind: 'DaemonSet', name: 'node-exporter', namespace: 'monitoring' });
      expect(found[0]!.matched).toEqual(['get secrets in monitoring', 'list secrets in monitoring']);
      expect(JSON.stringify(found[0]!.source)).toMatch(/kube-prometheus-node-exporter\.yaml/);
      expect(found[0]!.message).toMatch(/on every node\) can reach its node \(hostPID: true;.*volumes\[root\]\.hostPath \//);
    }
  });
  // The token's identity is matched as the authorizer matches it: its username, or a group every token of it carries.
  test.each([
    ['the ServiceAccount itself', '{kind: ServiceAccount, name: node-exporter, namespace: monitoring}', 1],
    ['the ServiceAccount without a namespace (the RoleBinding\'s)', '{kind: ServiceAccount, name: node-exporter}', 1],
    ['its username as a User', '{kind: User, name: "system:serviceaccount:monitoring:node-exporter"}', 1],
    ['the group of its namespace\'s ServiceAccounts', '{kind: Group, name: "system:serviceaccounts:monitoring"}', 1],
    ['every ServiceAccount', '{kind: Group, name: "system:serviceaccounts"}', 1],
    ['every authenticated identity', '{kind: Group, name: "system:authenticated"}', 1],
    ['a ServiceAccount of that name in another namespace', '{kind: ServiceAccount, name: node-exporter, namespace: other}', 0],
    ['another namespace\'s ServiceAccounts', '{kind: Group, name: "system:serviceaccounts:other"}', 0],
    ['a User named like the ServiceAccount', '{kind: User, name: node-exporter}', 0],
    ['a kind that matches no one', '{kind: Robot, name: node-exporter, namespace: monitoring}', 0],
  ])('held through %s: %s -> %i finding(s)', async (_name, subject, n) => {
    const dir = mkdtempSync(join(tmpdir(), 'rbac-audit-wl-'));
    try {
      const grant = join(dir, 'grant.yaml');
      writeFileSync(grant, readFileSync(GRANT, 'utf8').replace(/subjects: \[.*\]/, `subjects: [${subject}]`));
      const { result } = await run([...PROM, grant]);
      expect(result.findings.filter((f) => f.check === CHECK)).toHaveLength(n);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('--fail-on high counts it (CLI)', () => {
    const r = rbac(['audit', ...PROM.flatMap((f) => ['-f', f]), '-f', GRANT, '--query', CHECK, '--fail-on', 'high', '-q']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`high      ${CHECK}`);
  });
});
