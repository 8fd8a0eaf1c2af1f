// What the command line says about input that holds no RBAC, or is not Kubernetes at all.
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { rbac } from '../helpers/cli.js';
import { tmpTree } from '../helpers/tmp-tree.js';

describe('input without RBAC objects', () => {
  test('rbac who-can get pods -f empty.yaml --strict: a warning, and exit 4', () => {
    const root = tmpTree({ 'empty.yaml': '' });
    const r = rbac(['who-can', 'get', 'pods', '-f', join(root, 'empty.yaml'), '--strict']);
    expect(r.stderr).toContain('warning: the input has no RBAC objects (Role, ClusterRole, RoleBinding, ClusterRoleBinding): read ');
    expect(r.stderr).toMatch(/empty\.yaml: 1 file with 0 documents; only the Kubernetes v\S+ default policy is present \[no-rbac-objects\]/);
    expect(r.code).toBe(4);
  });

  test('rbac who-can get pods -f - (only a Deployment on stdin): the warning names the workloads read', () => {
    const r = rbac(['who-can', 'get', 'pods', '-f', '-'], 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n');
    expect(r.stderr).toMatch(/workloads Deployment x1 \(they run pods but grant nothing\); only the Kubernetes v\S+ default policy is present \[no-rbac-objects\]/);
    expect(r.code).toBe(0);
  });

  test('rbac who-can get pods -f samples/worlds/teaching.yaml: no such warning', () => {
    expect(rbac(['who-can', 'get', 'pods', '-f', 'samples/worlds/teaching.yaml']).stderr).not.toContain('no-rbac-objects');
  });
});

describe('a repository folder', () => {
  test('rbac who-can -f REPO: package.json and CI files print nothing; a chart prints one hint', () => {
    const root = tmpTree({
      'package.json': '{"name": "demo"}',
      '.github/workflows/ci.yaml': 'name: ci\non: [push]\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
      'chart/templates/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include "labels" . | nindent 4 }}\n',
    });
    const r = rbac(['who-can', 'get', 'pods', '-f', root]);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('error:'))).toEqual([]);
    expect(lines.filter((l) => l.includes('[helm-chart]'))).toHaveLength(1);
    expect(r.stderr).not.toContain('package.json');
  });
});

describe('-q never hides a warning that changes every answer', () => {
  test.each([
    ['an input with no RBAC objects', ['who-can', 'get', 'pods', '-f', '-', '-q'], 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n', '[no-rbac-objects]'],
    ['answers resting on history-dependent aggregation', ['who-can', 'get', 'secrets', '-f', 'samples/worlds/aggregation-cycle.yaml', '-q'], '', '[aggregation-history]'],
  ])('%s', (_name, args, input, code) => {
    expect(rbac(args, input).stderr).toContain(code);
  });

  test('other diagnostics stay hidden by -q (a binding to a missing role)', () => {
    const r = rbac(['who-can', 'get', 'pods', '-f', 'samples/worlds/teaching.yaml', '-q']);
    expect(r.stderr).not.toContain('missing-role');
    expect(rbac(['who-can', 'get', 'pods', '-f', 'samples/worlds/teaching.yaml']).stderr).toContain('missing-role');
  });
});
