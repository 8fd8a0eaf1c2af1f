// Requests read as kubectl reads them, on the real samples: TYPE/NAME is a name unless NAME is a
// subresource of TYPE, and "*" asks about every resource of every API group. Expectations name
// the subjects that must be present or absent, so a built-in default policy does not change them.
import { describe, expect, test } from 'vitest';
import { rbac } from '../helpers/cli.js';

const TEACH = ['-f', 'samples/worlds/teaching.yaml'];
const FLUX = ['-f', 'samples/addons/flux2.yaml'];

describe('RESOURCE/NAME', () => {
  test('rbac can sa:prod:deployer get secrets/registry-credentials -n prod: a name, so yes', () => {
    const r = rbac(['can', 'sa:prod:deployer', 'get', 'secrets/registry-credentials', '-n', 'prod', ...TEACH, '-q']);
    expect(r.stdout).toMatch(/^yes\n  allowed by RoleBinding prod\/deployer of Role prod\/deployer/);
    expect(r.code).toBe(0);
  });

  test('rbac can sa:prod:deployer get secrets/other -n prod: another name, so no', () => {
    const r = rbac(['can', 'sa:prod:deployer', 'get', 'secrets/other', '-n', 'prod', ...TEACH, '-q']);
    expect(r.stdout).toMatch(/^no/);
    expect(r.code).toBe(1);
  });

  test('rbac who-can get pods/log -n prod: a subresource, with a note saying so', () => {
    const r = rbac(['who-can', 'get', 'pods/log', '-n', 'prod', ...TEACH]);
    expect(r.stdout).toMatch(/^Who can get pods\/log in namespace prod:/);
    expect(r.stdout).toContain('Group devs');
    expect(r.stderr).toContain('note: pods/log is read as subresource log of pods; to ask about an object named log, write pods log (or --name log)');
  });

  test('rbac who-can get secrets/a b: the name twice is a usage error (exit 2)', () => {
    const r = rbac(['who-can', 'get', 'secrets/a', 'b', ...TEACH, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: "secrets\/a" already names the object a/);
  });

  test('rbac who-can get secrets/registry-credentials -n prod -o json: the name is in the request', () => {
    const out = JSON.parse(rbac(['who-can', 'get', 'secrets/registry-credentials', '-n', 'prod', ...TEACH, '-o', 'json', '-q']).stdout);
    expect(out.request).toMatchObject({ resource: 'secrets', subresource: '', name: 'registry-credentials' });
    expect(out.subjects.map((s: { name: string }) => s.name)).toContain('deployer');
  });
});

describe('wildcards mean all', () => {
  const names = (args: string[]) => rbac(['who-can', ...args, '-o', 'json', '-q']).stdout;

  test("rbac who-can '*' '*' -f flux2: crd-controller's * on * of one API group does not answer", () => {
    const out = JSON.parse(names(['*', '*', ...FLUX]));
    expect(out.request).toMatchObject({ verb: '*', apiGroup: '*', resource: '*' });
    const rows = out.subjects.flatMap((s: { name: string; grants: { binding?: { name: string } }[] }) => s.grants.map((g) => `${s.name} ${g.binding?.name ?? ''}`));
    expect(rows.filter((r: string) => r.endsWith(' crd-controller'))).toEqual([]);
    expect(out.subjects.map((s: { name: string }) => s.name)).not.toContain('source-controller');
    expect(out.subjects.map((s: { name: string }) => s.name)).toContain('system:masters');
  });

  test("rbac who-can '*' '*.source.toolkit.fluxcd.io' -f flux2: that group's wildcard rule answers", () => {
    const out = JSON.parse(names(['*', '*.source.toolkit.fluxcd.io', ...FLUX]));
    expect(out.subjects.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['source-controller', 'helm-controller', 'notification-controller']));
  });

  test("rbac who-can '*' '*' -f teaching: cluster-admin's rule of every API group answers", () => {
    const out = JSON.parse(names(['*', '*', ...TEACH]));
    expect(out.subjects.map((s: { name: string }) => s.name)).toContain('alice');
    expect(out.subjects.map((s: { name: string }) => s.name)).not.toContain('devs');
  });

  test("rbac who-can '*' '*' prints a note that only rules of every API group answer", () => {
    expect(rbac(['who-can', '*', '*', ...FLUX]).stderr).toContain('note: "*" is every resource of every API group');
  });
});

describe('--kubernetes-version picks the built-in subresources', () => {
  test('pods/resize is a subresource from 1.33 on (manifests alone, any version), a name before', () => {
    const at = (v: string) => rbac(['who-can', 'patch', 'pods/resize', '-n', 'prod', '-f', 'samples/worlds/teaching.yaml', '--no-default-policy', '--kubernetes-version', v, '-o', 'json', '-q']);
    expect(JSON.parse(at('1.33').stdout).request).toMatchObject({ resource: 'pods', subresource: 'resize', name: '' });
    expect(JSON.parse(at('1.32').stdout).request).toMatchObject({ resource: 'pods', subresource: '', name: 'resize' });
  });
});
