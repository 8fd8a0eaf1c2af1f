// audit, export and diff from the command line: exit codes CI relies on, SARIF locations, git.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cliEntry, rbac, repoRoot } from '../helpers/cli.js';
import { tmpTree } from '../helpers/tmp-tree.js';

const TEACH = ['-f', 'samples/worlds/teaching.yaml', '-q'];
const cr = (name: string, verbs: string, resources = 'secrets') => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\nrules:\n- apiGroups: [""]\n  resources: [${resources}]\n  verbs: [${verbs}]\n`;
const crb = (name: string, role: string, user: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ${name}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}\nsubjects:\n- {kind: User, name: ${user}, apiGroup: rbac.authorization.k8s.io}\n`;

describe('rbac audit', () => {
  test('rbac audit -f samples/worlds/teaching.yaml --query secrets-read -o json', () => {
    const r = rbac(['audit', ...TEACH, '--query', 'secrets-read', '-o', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const deployer = out.findings.find((f: { subject?: { name: string } }) => f.subject?.name === 'deployer');
    expect(deployer).toMatchObject({ check: 'secrets-read', scope: 'namespace', namespace: 'prod', restrictedTo: ['registry-credentials'] });
  });

  test('rbac audit --fail-on high exits 1 when a high finding is not excluded', () => {
    expect(rbac(['audit', ...TEACH, '--query', 'secrets-read', '--fail-on', 'high']).code).toBe(1);
    expect(rbac(['audit', ...TEACH, '--query', 'secrets-read', '--fail-on', 'critical']).code).toBe(0);
  });

  test('rbac audit --exclusions FILE marks findings excluded with the reason (and they stop failing CI)', () => {
    const root = tmpTree({ 'x.yaml': 'exclusions:\n- subjects: ["user:alice", "group:devs", "group:sre", "sa:dev:ci", "sa:prod:deployer"]\n  checks: [secrets-read]\n  reason: reviewed in ticket SEC-1\n' });
    const r = rbac(['audit', ...TEACH, '--query', 'secrets-read', '--fail-on', 'low', '--exclusions', join(root, 'x.yaml'), '--show-excluded', '-o', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('reviewed in ticket SEC-1');
  });

  test('rbac audit --exclusions with a blanket system:* subject is refused', () => {
    const root = tmpTree({ 'x.yaml': '- subjects: ["user:system:*"]\n  reason: too noisy\n' });
    const r = rbac(['audit', ...TEACH, '--exclusions', join(root, 'x.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/blanket exclusion/);
  });

  test('rbac audit -o sarif points at the manifest line of the granting binding', () => {
    const root = tmpTree({ 'rbac.yaml': `${cr('reader', 'list')}---\n${crb('alice-reads', 'reader', 'alice')}` });
    const r = rbac(['audit', '-f', join(root, 'rbac.yaml'), '--query', 'secrets-read', '-o', 'sarif', '-q']);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(['secrets-read']);
    const loc = sarif.runs[0].results[0].locations[0].physicalLocation;
    expect(loc.artifactLocation.uri).toBe(join(root, 'rbac.yaml'));
    expect(loc.region.startLine).toBe(10); // the ClusterRoleBinding document starts after the 8-line role and the separator
  });

  test('rbac audit --baseline FILE --fail-on high: exit 0 on what the baseline knew, 1 and only the new finding listed when one appears', () => {
    const before = `${cr('reader', 'list')}---\n${crb('alice-reads', 'reader', 'alice')}`;
    const root = tmpTree({ 'before.yaml': before, 'after.yaml': `${before}---\n${crb('bob-reads', 'reader', 'bob')}` });
    // The input alone: with the default policy, reading secrets also reaches cluster-admin (conditionally), a second finding.
    const known = rbac(['audit', '-f', join(root, 'before.yaml'), '--no-default-policy', '-o', 'json', '-q']);
    writeFileSync(join(root, 'known.json'), known.stdout);
    expect(rbac(['audit', '-f', join(root, 'before.yaml'), '--no-default-policy', '--baseline', join(root, 'known.json'), '--fail-on', 'high', '-q']).code).toBe(0);
    const r = rbac(['audit', '-f', join(root, 'after.yaml'), '--no-default-policy', '--baseline', join(root, 'known.json'), '--fail-on', 'high', '-o', 'json', '-q']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.findings.map((f: { subject: { name: string }; baselineState: string }) => `${f.subject.name} ${f.baselineState}`)).toEqual(['bob new']);
    expect(out.summary.baseline).toMatchObject({ new: 1, unchanged: 1, absent: 0 });
  });

  test('rbac audit --baseline with a file that is not audit JSON is an input error naming it', () => {
    const root = tmpTree({ 'x.json': '[1, 2]' });
    const r = rbac(['audit', ...TEACH, '--baseline', join(root, 'x.json')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('x.json');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  test('rbac audit -o sarif: results with no file point at the -f input, line 1', () => {
    const r = rbac(['audit', '-f', 'samples/worlds/teaching.yaml', '-o', 'sarif', '-q']);
    const results = JSON.parse(r.stdout).runs[0].results as { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((x) => x.locations[0]!.physicalLocation.artifactLocation.uri === 'samples/worlds/teaching.yaml' && x.locations[0]!.physicalLocation.region.startLine >= 1)).toBe(true);
  });

  test('rbac audit --query nope is a usage error', () => {
    expect(rbac(['audit', ...TEACH, '--query', 'nope']).code).toBe(2);
  });
});

describe('rbac export', () => {
  test('rbac export -f samples/worlds/teaching.yaml --subject sa:prod:deployer', () => {
    const r = rbac(['export', ...TEACH, '--subject', 'sa:prod:deployer']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^subject_kind,subject_namespace,subject_name,scope,namespace,binding_kind,.*,verb,api_group,resource,subresource,resource_names,non_resource_url,via_group$/);
    expect(rows).toHaveLength(1 + 6 + 1); // 6 deployment verbs, 1 named secret; nodes left out
    expect(rows).toContain('ServiceAccount,prod,deployer,namespace,prod,RoleBinding,prod,deployer,Role,prod,deployer,,1,get,(core),secrets,,registry-credentials,,');
  });
});

describe('rbac diff', () => {
  test('rbac diff BASE HEAD --fail-on any-gain (exit 1), -o json', () => {
    const root = tmpTree({ 'base.yaml': cr('reader', 'get'), 'head.yaml': `${cr('reader', 'get')}---\n${crb('b', 'reader', 'bob')}` });
    const r = rbac(['diff', join(root, 'base.yaml'), join(root, 'head.yaml'), '--fail-on', 'any-gain', '-o', 'json', '-q']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.changes).toEqual([expect.objectContaining({ change: 'added', subject: { kind: 'User', name: 'bob' }, reasons: ['new binding: ClusterRoleBinding b'], risks: [expect.objectContaining({ check: 'secrets-read' })] })]);
  });

  test('rbac diff --fail-on high exits 1 when a subject with workloads-write in one namespace gains it cluster-wide', () => {
    const deploy = `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: deploy}\nrules: [{apiGroups: [apps], resources: [deployments], verbs: [create]}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: ci, namespace: prod}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deploy}\nsubjects: [{kind: User, name: ci}]\n`;
    const root = tmpTree({ 'base.yaml': deploy, 'head.yaml': `${deploy}---\n${crb('ci-all', 'deploy', 'ci')}` });
    const r = rbac(['diff', join(root, 'base.yaml'), join(root, 'head.yaml'), '--fail-on', 'high', '-o', 'json', '-q']);
    expect(JSON.parse(r.stdout).changes.map((c: { scope: string; risks: { check: string }[] }) => [c.scope, c.risks.map((x) => x.check)])).toEqual([['cluster', ['workloads-write']]]);
    expect(r.code).toBe(1);
  });

  test('rbac diff --fail-on high exits 0 when gatekeeper narrows its webhook rights to its own webhook and gains only create leases', () => {
    const shipped = readFileSync(join(repoRoot, 'samples/addons/gatekeeper.yaml'), 'utf8');
    const wider = shipped.replace('  resourceNames:\n  - gatekeeper-mutating-webhook-configuration\n', '');
    expect(wider).not.toBe(shipped);
    const leases = '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: leases}\nrules: [{apiGroups: [coordination.k8s.io], resources: [leases], verbs: [create]}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: leases}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: leases}\nsubjects: [{kind: ServiceAccount, name: gatekeeper-admin, namespace: gatekeeper-system}]\n';
    const root = tmpTree({ 'base.yaml': wider, 'head.yaml': `${shipped}\n${leases}` });
    const r = rbac(['diff', join(root, 'base.yaml'), join(root, 'head.yaml'), '--fail-on', 'high', '-o', 'json', '-q']);
    const changes = JSON.parse(r.stdout).changes as { change: string; risks: unknown[] }[];
    expect(changes.filter((c) => c.change === 'added').map((c) => c.risks)).toEqual([[]]);
    expect(r.code).toBe(0);
  });

  test('rbac diff with the same content both sides is empty and exits 0', () => {
    const root = tmpTree({ 'a.yaml': cr('r', 'get'), 'b.yaml': cr('r', 'get') });
    const r = rbac(['diff', join(root, 'a.yaml'), join(root, 'b.yaml'), '--fail-on', 'any-change']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('No change in effective permissions.\n');
  });

  test('rbac diff --git A..B reads both revisions without touching the work tree', () => {
    const root = tmpTree({});
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(root, 'rbac.yaml'), cr('reader', 'get'));
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(join(root, 'rbac.yaml'), `${cr('reader', 'get')}---\n${crb('b', 'reader', 'carol')}`);
    git('commit', '-qam', 'head');
    writeFileSync(join(root, 'rbac.yaml'), 'work tree edits are ignored: [');
    const r = execFileSync(process.execPath, [cliEntry, 'diff', '--git', 'HEAD~1..HEAD', '-o', 'markdown', '--no-risk'], { cwd: root, encoding: 'utf8' });
    expect(r).toContain('| ➕ | User carol | cluster-wide | get secrets (core) |');
    expect(readFileSync(join(root, 'rbac.yaml'), 'utf8')).toBe('work tree edits are ignored: [');
  });
});
