// Kubeconfig selection as kubectl does it, and SubjectAccessReview verification.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { collectCluster } from '../../src/collect/cluster.js';
import { loadKubeConfig } from '../../src/collect/cluster-config.js';
import { verifyWithServer } from '../../src/collect/sar.js';
import { nonResourceRequest, resourceRequest } from '../../src/model/request.js';
import { ClusterError } from '../../src/errors.js';
import { FakeApiServer } from '../helpers/api-server.js';

const FAST = { retries: 1, backoffMs: 10, maxBackoffMs: 50, requestTimeoutMs: 5000 };
let server: FakeApiServer;
const saved = { KUBECONFIG: process.env.KUBECONFIG, HOME: process.env.HOME, KUBERNETES_SERVICE_HOST: process.env.KUBERNETES_SERVICE_HOST };

beforeEach(async () => {
  server = await FakeApiServer.start([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } }]);
});
afterEach(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await server.close();
});

describe('kubeconfig', () => {
  test('KUBECONFIG files merge as kubectl merges them: the first definition and current-context win', async () => {
    const a = server.writeKubeconfig({ context: 'a' });
    // Same cluster and user names, but broken: kubectl (and we) keep the first file's.
    const b = server.writeKubeconfig({ context: 'b', server: 'https://127.0.0.1:1', token: 'wrong' });
    process.env.KUBECONFIG = [a, '/nonexistent/kubeconfig', b].join(delimiter);
    expect(loadKubeConfig().contextName).toBe('a');
    const snap = await collectCluster({ context: 'b', ...FAST });
    expect(snap.meta).toMatchObject({ context: 'b', cluster: 'fake-cluster' });
    expect(snap.namespaces.map((n) => n.name)).toEqual(['prod']);
  });

  test('--kubeconfig wins over KUBECONFIG', () => {
    process.env.KUBECONFIG = server.writeKubeconfig({ context: 'from-env' });
    expect(loadKubeConfig({ kubeconfig: server.writeKubeconfig({ context: 'explicit' }) }).contextName).toBe('explicit');
  });

  test('no kubeconfig anywhere, outside a pod: a ClusterError saying where one is looked for', () => {
    const home = mkdtempSync(join(tmpdir(), 'rbac-home-'));
    try {
      delete process.env.KUBECONFIG;
      delete process.env.KUBERNETES_SERVICE_HOST;
      process.env.HOME = home;
      expect(() => loadKubeConfig()).toThrow(new ClusterError('no kubeconfig found: pass --kubeconfig FILE, set KUBECONFIG, or create ~/.kube/config (inside a pod the service account is used)'));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('a --kubeconfig file that does not exist', () => {
    expect(() => loadKubeConfig({ kubeconfig: '/nonexistent/config' })).toThrow(/--kubeconfig \/nonexistent\/config: no such file/);
  });
});

describe('SubjectAccessReview', () => {
  test('asks the server with the same attributes and returns its answer', async () => {
    server.sarHandler = (spec) =>
      spec.user === 'jane' && spec.resourceAttributes?.verb === 'get'
        ? { allowed: true, reason: 'RBAC: allowed by RoleBinding "devs-view/prod" of ClusterRole "view" to Group "devs"' }
        : { allowed: false, denied: true, reason: 'no' };
    const user = { name: 'jane', groups: ['devs', 'system:authenticated'] };
    const verdict = await verifyWithServer({ kubeconfig: server.writeKubeconfig(), ...FAST }, user, resourceRequest({ verb: 'get', resource: 'pods', subresource: 'log', namespace: 'prod', name: 'web-1' }));
    expect(verdict).toEqual({ allowed: true, reason: 'RBAC: allowed by RoleBinding "devs-view/prod" of ClusterRole "view" to Group "devs"' });
    expect(server.reviews[0]).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { user: 'jane', groups: ['devs', 'system:authenticated'], resourceAttributes: { verb: 'get', group: '', resource: 'pods', subresource: 'log', name: 'web-1', namespace: 'prod' } },
    });

    const denied = await verifyWithServer({ kubeconfig: server.writeKubeconfig(), ...FAST }, user, nonResourceRequest('post', '/metrics'));
    expect(denied).toEqual({ allowed: false, denied: true, reason: 'no' });
    expect(server.reviews[1]!.spec).toEqual({ user: 'jane', groups: ['devs', 'system:authenticated'], nonResourceAttributes: { verb: 'post', path: '/metrics' } });
  });

  test('an identity that may not create reviews gets a ClusterError saying what it needs', async () => {
    server.fault('/apis/authorization.k8s.io/v1/subjectaccessreviews', { status: 403 });
    const err = await verifyWithServer({ kubeconfig: server.writeKubeconfig(), ...FAST }, { name: 'x', groups: [] }, nonResourceRequest('get', '/healthz')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect((err as Error).message).toMatch(/POST \/apis\/authorization.k8s.io\/v1\/subjectaccessreviews \(403 .*create subjectaccessreviews/);
  });
});
