// The CI recipes in docs/ run exactly the command docs/ci.md describes, and that command works.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { cliEntry, repoRoot } from '../helpers/cli.js';
import { tmpTree } from '../helpers/tmp-tree.js';

const doc = readFileSync(join(repoRoot, 'docs/ci.md'), 'utf8');
const documented = /```sh\n(rbac diff --git [^\n]+)\n```/.exec(doc)![1]!;
const normalise = (cmd: string) => cmd.replace(/\$\{\{ github\.base_ref \}\}|\$CI_MERGE_REQUEST_TARGET_BRANCH_NAME|\$TARGET_BRANCH/g, 'TARGET').trim();

function commands(file: string): string[] {
  const y = jsYaml.load(readFileSync(join(repoRoot, 'docs/examples', file), 'utf8')) as Record<string, unknown>;
  const text = JSON.stringify(y);
  return [...text.matchAll(/rbac diff --git [^"\\]*(?:\\"[^"\\]*\\"[^"\\]*)*/g)].map((m) => JSON.parse(`"${m[0]}"`) as string).map((c) => c.split(';')[0]!);
}

describe.each(['github-actions-rbac-diff.yml', 'gitlab-ci-rbac-diff.yml'])('%s', (file) => {
  test('runs the documented command', () => {
    expect(commands(file).map(normalise)).toEqual([normalise(documented)]);
  });
});

test('the documented command works on a repository (markdown out, exit 1 on a high-risk gain)', () => {
  const root = tmpTree({});
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, env });
  git('init', '-q', '-b', 'main');
  mkdirSync(join(root, 'deploy'));
  writeFileSync(join(root, 'deploy/rbac.yaml'), 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\nrules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]\n');
  git('add', '.');
  git('commit', '-qm', 'base');
  git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  git('checkout', '-q', '-b', 'feature');
  writeFileSync(join(root, 'deploy/binding.yaml'), 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ci-reads}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}\nsubjects: [{kind: ServiceAccount, name: ci, namespace: build}]\n');
  git('add', '.');
  git('commit', '-qm', 'head');
  const args = normalise(documented).replace(' > rbac-diff.md', '').split(' ').slice(1).map((a) => a.replace(/"/g, '').replace('origin/TARGET', 'origin/main'));
  const r = spawnSync(process.execPath, [cliEntry, ...args], { cwd: root, encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/^### RBAC changes: 1 subject\(s\) gain/);
  expect(r.stdout).toContain('#### Dangerous gains');
  expect(r.stdout).toContain('high: secrets-read');
});

test('docs/diff.md shows the real output of its kube-state-metrics example', () => {
  const r = spawnSync(process.execPath, [cliEntry, 'diff', 'samples/revisions/kube-state-metrics-v2.0.0-alpha.3.yaml', 'samples/addons/kube-state-metrics.yaml', '-o', 'markdown', '-q'], { cwd: repoRoot, encoding: 'utf8' });
  expect(readFileSync(join(repoRoot, 'docs/diff.md'), 'utf8')).toContain(r.stdout.trim());
});
