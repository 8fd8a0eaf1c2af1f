// A folder or git tree as a real repository holds it: package.json, CI files, a Helm chart with
// templates, a kustomization, and real RBAC from samples/. Files that are not Kubernetes objects
// are counted at info level; charts and kustomizations get one hint each; an input with no RBAC
// at all is a warning that says what was read.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadFiles } from '../../src/collect/files.js';
import { loadGitRevision } from '../../src/collect/git.js';
import { classifyTree } from '../../src/collect/repo-layout.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { repoRoot } from '../helpers/cli.js';
import { tmpTree } from '../helpers/tmp-tree.js';

const FLUX = readFileSync(join(repoRoot, 'samples/addons/flux2.yaml'), 'utf8');

const REPO = {
  'package.json': JSON.stringify({ name: 'demo', version: '1.0.0', scripts: { test: 'vitest' } }),
  '.github/workflows/ci.yaml': 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n',
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'charts/web/values.yaml': 'replicaCount: 1\nrbac:\n  create: true\n',
  'charts/web/templates/rbac.yaml': '{{- if .Values.rbac.create }}\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: {{ include "web.fullname" . }}\n  labels:\n    {{- include "web.labels" . | nindent 4 }}\nrules: []\n{{- end }}\n',
  'charts/web/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n',
  'charts/web/crds/widgets.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec: {group: example.com, scope: Namespaced, names: {plural: widgets, kind: Widget}, versions: [{name: v1, served: true, storage: true}]}\n',
  'deploy/flux/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: flux-system\nresources: [flux2.yaml]\n',
  'deploy/flux/flux2.yaml': FLUX,
};

const codes = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.severity}:${d.code}`);
const byCode = (ds: readonly Diagnostic[], code: string) => ds.filter((d) => d.code === code);

describe('a repository folder', () => {
  test('files that are not Kubernetes objects are one info diagnostic, never errors', async () => {
    const s = await loadFiles([tmpTree(REPO)]);
    expect(s.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [skipped, ...more] = byCode(s.diagnostics, 'not-kubernetes');
    expect(more).toEqual([]);
    expect(skipped).toMatchObject({ severity: 'info' });
    expect(skipped!.message).toMatch(/^skipped 5 files that are not Kubernetes objects \(no kind\): /);
    for (const f of ['kustomization.yaml', 'ci.yaml', 'Chart.yaml', 'values.yaml', 'package.json']) expect(skipped!.message).toContain(f);
  });

  test('the RBAC of the repository is read, and the chart\'s plain crds/ folder too', async () => {
    const s = await loadFiles([tmpTree(REPO)]);
    expect(s.clusterRoleBindings.map((b) => b.name)).toContain('cluster-reconciler');
    expect(s.customResources.map((c) => c.plural)).toEqual(['widgets']);
    expect(s.clusterRoles.map((r) => r.name)).not.toContain('{{ include "web.fullname" . }}');
  });

  test('a Helm chart gets one hint, not an error per template', async () => {
    const s = await loadFiles([tmpTree(REPO)]);
    const [hint, ...more] = byCode(s.diagnostics, 'helm-chart');
    expect(more).toEqual([]);
    expect(hint).toMatchObject({ severity: 'warning' });
    expect(hint!.message).toMatch(/charts\/web is a Helm chart: its 2 templates are not read.*helm template RELEASE .*charts\/web \| rbac \.\.\. -f -$/);
    expect(codes(s.diagnostics)).not.toContain('error:yaml-syntax');
  });

  test('a kustomization gets one hint', async () => {
    const s = await loadFiles([tmpTree(REPO)]);
    const [hint, ...more] = byCode(s.diagnostics, 'kustomization');
    expect(more).toEqual([]);
    expect(hint!.message).toMatch(/deploy\/flux is a kustomization: .*kubectl kustomize .*deploy\/flux \| rbac \.\.\. -f -$/);
  });

  test('a template outside any chart is one warning naming it, not a syntax error', async () => {
    const s = await loadFiles([tmpTree({ 'tpl/role.yaml': REPO['charts/web/templates/rbac.yaml'], 'rbac.yaml': FLUX })]);
    expect(codes(s.diagnostics)).not.toContain('error:yaml-syntax');
    expect(byCode(s.diagnostics, 'unrendered-template')[0]!.message).toMatch(/^1 file with \{\{ \}\} placeholders could not be parsed and was not read .*tpl\/role\.yaml$/);
  });

  test('a folder holding no RBAC object is a warning naming what was read and skipped', async () => {
    const root = tmpTree({ 'package.json': REPO['package.json'], 'app/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n' });
    const s = await loadFiles([root]);
    const [w] = byCode(s.diagnostics, 'no-rbac-objects');
    expect(w).toMatchObject({ severity: 'warning', message: `the input has no RBAC objects (Role, ClusterRole, RoleBinding, ClusterRoleBinding): read ${root}: 2 files with 4 documents; workloads Deployment x2 (they run pods but grant nothing); skipped Service x1; 1 file that is not a Kubernetes object` });
  });

  test('an input with RBAC objects has no such warning', async () => {
    const s = await loadFiles([tmpTree(REPO)]);
    expect(byCode(s.diagnostics, 'no-rbac-objects')).toEqual([]);
  });
});

describe('files named with -f', () => {
  test.each([
    ['an empty file', '', ': 1 file with 0 documents'],
    ['a file with only a Deployment', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n', ': 1 file with 1 document; workloads Deployment x1 (they run pods but grant nothing)'],
  ])('%s: no RBAC objects, a warning', async (_name, text, read) => {
    const root = tmpTree({ 'x.yaml': text });
    const s = await loadFiles([join(root, 'x.yaml')]);
    expect(byCode(s.diagnostics, 'no-rbac-objects')[0]!.message).toContain(read);
  });

  test('a named file that is not Kubernetes YAML is a warning (it was asked for), with a hint for Helm values', async () => {
    const root = tmpTree({ 'values.yaml': REPO['charts/web/values.yaml'] });
    const s = await loadFiles([join(root, 'values.yaml')]);
    const [w] = byCode(s.diagnostics, 'not-kubernetes');
    expect(w).toMatchObject({ severity: 'warning', source: { type: 'file', doc: 1 } });
    expect(w!.message).toMatch(/^not a Kubernetes manifest .*helm template RELEASE CHART_DIR \| rbac/);
  });

  test('stdin with only a Service is a warning too', async () => {
    const s = await loadFiles(['-'], { readStdin: async () => 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n' });
    expect(codes(s.diagnostics)).toContain('warning:no-rbac-objects');
  });
});

describe('a git tree (rbac diff --git)', () => {
  test('reads a revision as a folder: non-Kubernetes files are info, the chart one hint', async () => {
    const root = tmpTree(REPO);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'base');
    const s = await loadGitRevision('HEAD', [], {}, root);
    expect(s.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(byCode(s.diagnostics, 'not-kubernetes')[0]).toMatchObject({ severity: 'info' });
    expect(byCode(s.diagnostics, 'not-kubernetes')[0]!.message).toContain('HEAD:package.json');
    expect(byCode(s.diagnostics, 'helm-chart')).toHaveLength(1);
    expect(s.clusterRoleBindings.map((b) => b.name)).toContain('cluster-reconciler');
  });
});

describe('classifyTree', () => {
  test.each([
    ['chart templates are left out, its crds/ and other files are read', ['c/Chart.yaml', 'c/values.yaml', 'c/templates/a.yaml', 'c/crds/x.yaml'], ['c/Chart.yaml', 'c/values.yaml', 'c/crds/x.yaml']],
    ['a subchart is a chart of its own', ['c/Chart.yaml', 'c/charts/s/Chart.yaml', 'c/charts/s/templates/a.yaml'], ['c/Chart.yaml', 'c/charts/s/Chart.yaml']],
    ['a templates/ folder outside a chart is read', ['templates/a.yaml'], ['templates/a.yaml']],
    ['kustomization files are recipes, not manifests', ['k/kustomization.yaml', 'k/Kustomization', 'k/kustomization.yml', 'k/role.yaml'], ['k/role.yaml']],
  ])('%s', (_name, files, manifests) => {
    expect(classifyTree(files).manifests).toEqual(manifests);
  });
});
