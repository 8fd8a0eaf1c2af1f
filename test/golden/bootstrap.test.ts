// Golden answers on the Kubernetes v1.28.7 bootstrap policy (samples/kubernetes-bootstrap),
// reasoned out from the spec: who holds these permissions in a fresh cluster.
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadFiles } from '../../src/collect/files.js';
import { analyze, type Analysis } from '../../src/engine/analyze.js';
import type { ClusterRole } from '../../src/model/rbac.js';
import type { WhoCanResult } from '../../src/model/results.js';
import { rulesEqual } from '../../src/semantics/aggregation.js';
import { sa, user } from '../helpers/builders.js';

const root = join(import.meta.dirname, '../../samples/kubernetes-bootstrap');
let a: Analysis;
beforeAll(async () => {
  a = analyze(await loadFiles([root]));
});

const subjects = (r: WhoCanResult) => [...new Set(r.grants.map((g) => `${g.subject.kind}:${g.subject.namespace ? `${g.subject.namespace}/` : ''}${g.subject.name}@${g.scope || 'cluster'}`))].sort();
const who = (verb: string, resource: string, namespace?: string) => {
  const r = a.resolve({ verb, resource, ...(namespace ? { namespace } : {}) });
  return subjects(a.whoCan(r.request, { allNamespaces: r.allNamespaces }));
};

describe('who-can on the bootstrap policy', () => {
  test('get secrets -n kube-system: the controllers that read secrets, and the kube-system token Roles', () => {
    // system:masters is always first (privileged group) and is bound to cluster-admin as well.
    expect(who('get', 'secrets', 'kube-system')).toEqual([
      'Group:system:masters@cluster',
      'ServiceAccount:kube-system/bootstrap-signer@kube-system',
      'ServiceAccount:kube-system/expand-controller@cluster',
      'ServiceAccount:kube-system/generic-garbage-collector@cluster',
      'ServiceAccount:kube-system/namespace-controller@cluster',
      'ServiceAccount:kube-system/persistent-volume-binder@cluster',
      'ServiceAccount:kube-system/token-cleaner@kube-system',
      'User:system:kube-controller-manager@cluster',
    ]);
  });

  test('create pods/exec -n default: only system:masters (no default role creates exec, and admin/edit are bound to no one)', () => {
    expect(who('create', 'pods/exec', 'default')).toEqual(['Group:system:masters@cluster']);
  });

  test('get /metrics: the system:monitoring group (and masters)', () => {
    expect(who('get', '/metrics')).toEqual(['Group:system:masters@cluster', 'Group:system:monitoring@cluster']);
  });

  test('impersonate users: no default binding (the edit role impersonates only serviceaccounts)', () => {
    expect(who('impersonate', 'users')).toEqual(['Group:system:masters@cluster']);
  });

  test('get /healthz: every user, authenticated or not (system:public-info-viewer)', () => {
    expect(who('get', '/healthz')).toEqual(expect.arrayContaining(['Group:system:authenticated@cluster', 'Group:system:unauthenticated@cluster']));
  });

  test('the system:node ClusterRoleBinding has no subjects, so nodes get nothing from RBAC', () => {
    expect(a.can(user('system:node:n1', 'system:nodes'), a.resolve({ verb: 'get', resource: 'nodes' }).request).allowed).toBe(false);
  });

  test('a controller service account can do what its role says, and no more', () => {
    const rs = sa('kube-system', 'replicaset-controller');
    expect(a.can(rs, a.resolve({ verb: 'create', resource: 'pods', namespace: 'default' }).request).allowed).toBe(true);
    expect(a.can(rs, a.resolve({ verb: 'get', resource: 'secrets', namespace: 'default' }).request).allowed).toBe(false);
  });
});

describe('aggregated admin, edit and view', () => {
  const rulesOf = (name: string) => a.policy.roles.get(`clusterrole:${name}`)!.rules;
  const dedupe = (rules: ReturnType<typeof rulesOf>) => rules.filter((r, i, all) => all.findIndex((x) => rulesEqual(x, r)) === i);
  const stored = (name: string) => (a.policy.roles.get(`clusterrole:${name}`)!.role as ClusterRole).rules;

  test('view gets exactly the rules of system:aggregate-to-view', () => {
    expect(rulesOf('view')).toEqual(dedupe(stored('system:aggregate-to-view')));
  });

  // Roles selected by one selector are taken in name order: "system:aggregate-to-edit" < "view".
  test('edit gets system:aggregate-to-edit, then view (nested aggregation)', () => {
    expect(rulesOf('edit')).toEqual(dedupe([...stored('system:aggregate-to-edit'), ...rulesOf('view')]));
  });

  test('admin gets edit, then system:aggregate-to-admin', () => {
    expect(rulesOf('admin')).toEqual(dedupe([...rulesOf('edit'), ...stored('system:aggregate-to-admin')]));
    for (const part of ['system:aggregate-to-admin', 'system:aggregate-to-edit', 'system:aggregate-to-view']) {
      for (const r of stored(part)) expect(rulesOf('admin').some((x) => rulesEqual(x, r)), part).toBe(true);
    }
  });

  test('view does not read secrets; edit does', () => {
    const secrets = a.resolve({ verb: 'get', resource: 'secrets', namespace: 'x' }).request;
    expect(rulesOf('view').some((r) => r.resources.includes('secrets'))).toBe(false);
    expect(rulesOf('edit').some((r) => r.resources.includes('secrets') && r.verbs.includes('get'))).toBe(true);
    expect(a.policy.roles.get('clusterrole:edit')!.rules.some((r) => r.resources.includes('secrets') && r.verbs.includes('get') && secrets.kind === 'resource')).toBe(true);
  });
});
