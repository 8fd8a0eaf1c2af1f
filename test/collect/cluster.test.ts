// The live-cluster collector, driven through @kubernetes/client-node's KubeConfig against a local
// HTTPS server that speaks the Kubernetes API (test/helpers/api-server.ts).
import { readdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { collectCluster, type CollectClusterOptions } from '../../src/collect/cluster.js';
import { ApiClient } from '../../src/collect/cluster-http.js';
import { loadFiles } from '../../src/collect/files.js';
import { analyze, type Analysis } from '../../src/engine/analyze.js';
import { parseSubjectSpec, userInfoFor } from '../../src/engine/subject-spec.js';
import { ClusterError } from '../../src/errors.js';
import { RequestRefusedError } from '../../src/collect/request-guard.js';
import { describeSource } from '../../src/model/diagnostic.js';
import { keyOfSubject } from '../../src/model/keys.js';
import type { Grant } from '../../src/model/results.js';
import { FakeApiServer, isListPath, manifestObjects } from '../helpers/api-server.js';

const TEACHING = 'samples/worlds/teaching.yaml';
const BOOTSTRAP = 'samples/kubernetes-bootstrap';
const BOOTSTRAP_FILES = readdirSync(BOOTSTRAP).sort().map((f) => join(BOOTSTRAP, f));
const SAMPLE_OBJECTS = manifestObjects(TEACHING, ...BOOTSTRAP_FILES);
const EXTRAS = [
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'registry-credentials', namespace: 'prod' }, data: { token: 'c2VjcmV0' } },
  {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'] }, versions: [{ name: 'v1', served: true, storage: true }] },
  },
];
/** Short backoffs: every test stays well under its time limit. */
const FAST = { retries: 2, backoffMs: 10, maxBackoffMs: 50, requestTimeoutMs: 5000 } satisfies CollectClusterOptions;
const RBAC = '/apis/rbac.authorization.k8s.io/v1';

let servers: FakeApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function start(objects = [...SAMPLE_OBJECTS, ...EXTRAS]): Promise<FakeApiServer> {
  const s = await FakeApiServer.start(objects);
  servers.push(s);
  return s;
}

async function collect(server: FakeApiServer, opts: CollectClusterOptions = {}) {
  return collectCluster({ kubeconfig: server.writeKubeconfig(), ...FAST, ...opts });
}

function grantKey(g: Grant): string {
  return [keyOfSubject(g.subject), `${g.binding.kind}/${g.binding.namespace ?? ''}/${g.binding.name}`, `${g.role.kind}/${g.role.name}`, g.scope, g.ruleIndex, JSON.stringify(g.rule), g.aggregatedFrom ?? ''].join(' | ');
}

/** The answers of a handful of questions, order-free (the API lists objects sorted by name, files keep file order). */
function answers(a: Analysis) {
  const whoCan = (verb: string, resource: string, namespace?: string, allNamespaces?: boolean) => {
    const r = a.resolve({ verb, resource, namespace, allNamespaces });
    return a.whoCan(r.request, { allNamespaces: r.allNamespaces }).grants.map(grantKey).sort();
  };
  const user = (s: string, groups: string[] = []) => userInfoFor(parseSubjectSpec(s), groups);
  const can = (u: string, groups: string[], verb: string, resource: string, namespace?: string) => a.can(user(u, groups), a.resolve({ verb, resource, namespace }).request).allowed;
  return {
    deleteSecrets: whoCan('delete', 'secrets', 'kube-system'),
    execAll: whoCan('create', 'pods/exec', undefined, true),
    metrics: whoCan('get', '/metrics'),
    secretsProd: whoCan('get', 'secrets', 'prod'),
    impersonate: whoCan('impersonate', 'users'),
    whatCanController: a.whatCan(user('sa:kube-system:replicaset-controller')).grants.map(grantKey).sort(),
    whatCanJane: a.whatCan(user('user:jane', ['devs']), { namespace: 'dev' }).grants.map(grantKey).sort(),
    janeLogs: can('user:jane', ['devs'], 'get', 'pods/log', 'prod'),
    janeDeleteProd: can('user:jane', ['devs'], 'delete', 'pods', 'prod'),
  };
}

describe('collecting a live cluster', () => {
  test('reads every object through paginated lists, each object naming its API call', async () => {
    const server = await start();
    const snap = await collect(server, { pageSize: 7 });
    expect(snap.clusterRoles).toHaveLength(server.stored('rbac.authorization.k8s.io/clusterroles').length);
    expect(snap.clusterRoles.length).toBeGreaterThan(7 * 3);
    expect(snap.roleBindings).toHaveLength(server.stored('rbac.authorization.k8s.io/rolebindings').length);
    expect(snap.serviceAccounts.map((s) => `${s.namespace}/${s.name}`)).toEqual(['dev/ci', 'prod/deployer']);
    expect(snap.customResources.map((c) => c.name)).toEqual(['widgets.example.com']);
    expect(server.requests.filter((r) => r.startsWith(`GET ${RBAC}/clusterroles?`) && r.includes('continue=')).length).toBeGreaterThan(2);
    expect(server.requests.filter((r) => isListPath(r.slice(4).split('?')[0]!)).every((r) => r.includes('limit=7'))).toBe(true);
    expect(snap.clusterRoles[0]!.source).toEqual({ type: 'cluster', call: `GET ${RBAC}/clusterroles` });
    expect(snap.meta).toMatchObject({ origin: 'cluster', cluster: 'fake-cluster', context: 'fake' });
    expect(Date.parse(snap.meta.collectedAt!)).not.toBeNaN();
    expect(snap.diagnostics.filter((d) => /^(list|discovery)-/.test(d.code))).toEqual([]);
  });

  test('never asks for Secrets, and refuses to', async () => {
    const server = await start();
    await collect(server);
    expect(server.requests.length).toBeGreaterThanOrEqual(9);
    expect(server.requests.filter((r) => /\/secrets\b/.test(r))).toEqual([]);
    const client = new ApiClient({ kubeconfig: server.writeKubeconfig() });
    await expect(client.get('/api/v1/namespaces/prod/secrets')).rejects.toThrow(RequestRefusedError);
    await expect(client.get('/api/v1/secrets')).rejects.toThrow(/refusing to send GET "\/api\/v1\/secrets" to .*: rbac never reads Secrets/);
    // Checked as sent: after URL normalisation, percent-encoded dots and case included.
    for (const p of ['/apis/x/../../api/v1/secrets', '/apis/%2e%2e/api/v1/secrets', '/apis/%2E%2E/%2e%2e/api/v1/namespaces/prod/secrets', '/api/v1/Secrets', '/apis/a%2fb/v1/roles', '/../api/v1/secrets']) {
      await expect(client.get(p), p).rejects.toThrow(ClusterError);
    }
    expect(server.requests.filter((r) => /\/secrets\b/.test(r))).toEqual([]);
  });

  test('live answers equal the answers from the same objects as files', async () => {
    const server = await start(SAMPLE_OBJECTS);
    const live = analyze(await collect(server, { pageSize: 10 }), { aggregation: 'compute' });
    const files = analyze(await loadFiles([TEACHING, BOOTSTRAP]));
    const want = answers(files);
    expect(want.deleteSecrets.length).toBeGreaterThan(0);
    expect(want.janeLogs).toBe(true);
    expect(answers(live)).toEqual(want);
  });

  test('live snapshots answer from the stored rules of aggregated ClusterRoles by default', async () => {
    const server = await start(SAMPLE_OBJECTS);
    const snap = await collect(server);
    expect(analyze(snap).policy.roles.get('clusterrole:view')?.rules).toBe(snap.clusterRoles.find((r) => r.name === 'view')!.rules);
  });

  test('API discovery gives resources, scopes, short names and subresources', async () => {
    const server = await start();
    const snap = await collect(server);
    const pods = snap.apiResources?.find((r) => r.group === '' && r.resource === 'pods');
    expect(pods).toMatchObject({ kind: 'Pod', namespaced: true, shortNames: ['po'], subresources: expect.arrayContaining(['exec', 'log']) });
    expect(snap.apiResources?.find((r) => r.resource === 'widgets')).toMatchObject({ group: 'example.com', namespaced: true, shortNames: ['wd'] });
    expect(snap.apiResources?.filter((r) => r.group === 'autoscaling' && r.resource === 'horizontalpodautoscalers')).toHaveLength(1);
    expect(snap.apiResources?.some((r) => r.resource.includes('/'))).toBe(false);
    expect(analyze(snap).resolve({ verb: 'get', resource: 'wd', namespace: 'dev' }).request).toMatchObject({ apiGroup: 'example.com', resource: 'widgets' });
  });

  test('a group version that fails discovery is a warning; the rest is still read', async () => {
    const server = await start();
    server.aggregatedDiscovery = false;
    server.fault('/apis/metrics.k8s.io/v1beta1', { status: 503 });
    const snap = await collect(server);
    const d = snap.diagnostics.find((x) => x.code === 'discovery-failed');
    expect(d && describeSource(d.source)).toBe('GET /apis/metrics.k8s.io/v1beta1');
    expect(d?.severity).toBe('warning');
    expect(snap.apiResources?.some((r) => r.resource === 'pods')).toBe(true);
    expect(snap.clusterRoles.length).toBeGreaterThan(0);
  });

  test('lists run in parallel, at most `concurrency` requests at once', async () => {
    const server = await start();
    server.fault(isListPath, { delayMs: 40 });
    await collect(server, { concurrency: 2, pageSize: 20 });
    expect(server.maxInFlight).toBe(2);
  });
});

describe('expired continue tokens (410 Gone)', () => {
  test('the list restarts from the beginning once and is complete', async () => {
    const server = await start();
    server.fault(`${RBAC}/clusterroles`, { expireContinue: true, times: 1 });
    const snap = await collect(server, { pageSize: 5 });
    expect(snap.clusterRoles).toHaveLength(server.stored('rbac.authorization.k8s.io/clusterroles').length);
    expect(server.requests.filter((r) => r === `GET ${RBAC}/clusterroles?limit=5`)).toHaveLength(2);
    expect(snap.diagnostics.filter((d) => d.code.startsWith('list-'))).toEqual([]);
  });

  test('a list that expires again is given up with a warning; other lists are complete', async () => {
    const server = await start();
    server.fault(`${RBAC}/clusterroles`, { expireContinue: true });
    const snap = await collect(server, { pageSize: 5 });
    const d = snap.diagnostics.find((x) => x.code === 'list-expired');
    expect(d).toMatchObject({ severity: 'warning', source: { type: 'cluster', call: `GET ${RBAC}/clusterroles` } });
    expect(d?.message).toMatch(/410 Gone.*may be incomplete/);
    expect(snap.clusterRoles).toHaveLength(5);
    expect(snap.roleBindings).toHaveLength(server.stored('rbac.authorization.k8s.io/rolebindings').length);
  });
});

describe('permissions of the identity collecting', () => {
  test('403 on one kind: a warning naming the call, and answers from the rest', async () => {
    const server = await start();
    server.fault(`${RBAC}/clusterrolebindings`, { status: 403 });
    const snap = await collect(server);
    const d = snap.diagnostics.filter((x) => x.code === 'list-forbidden');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'warning', source: { type: 'cluster', call: `GET ${RBAC}/clusterrolebindings` } });
    expect(d[0]!.message).toMatch(/forbidden.*may be incomplete/);
    expect(snap.clusterRoleBindings).toEqual([]);
    const a = analyze(snap);
    expect(a.whoCan(a.resolve({ verb: 'get', resource: 'secrets', namespace: 'prod', name: 'registry-credentials' }).request).grants.map((g) => keyOfSubject(g.subject))).toContain('sa:prod:deployer');
  });

  test('-n NS with access to that namespace only: lists there, one warning that cluster-wide grants cannot be seen', async () => {
    const server = await start();
    server.fault((p) => isListPath(p) && !p.includes('/namespaces/prod/'), { status: 403 });
    const snap = await collect(server, { namespace: 'prod' });
    const lists = server.requests.map((r) => r.slice(4).split('?')[0]!).filter(isListPath);
    expect(lists.filter((p) => /\/(roles|rolebindings|serviceaccounts)$/.test(p)).sort()).toEqual(['/api/v1/namespaces/prod/serviceaccounts', `${RBAC}/namespaces/prod/rolebindings`, `${RBAC}/namespaces/prod/roles`]);
    expect(lists).toContain(`${RBAC}/clusterrolebindings`);
    expect(snap.roleBindings.length).toBeGreaterThan(0);
    expect(snap.roleBindings.every((b) => b.namespace === 'prod')).toBe(true);
    expect(snap.diagnostics.filter((d) => d.code.startsWith('list-'))).toEqual([]);
    const info = snap.diagnostics.filter((d) => d.code === 'namespace-limited');
    expect(info).toHaveLength(1);
    expect(info[0]!.severity).toBe('warning');
    expect(info[0]!.message).toContain(`GET ${RBAC}/clusterrolebindings`);
    expect(info[0]!.message).toMatch(/Cluster-wide grants cannot be seen/);
    const a = analyze(snap);
    const deployer = userInfoFor(parseSubjectSpec('sa:prod:deployer'));
    expect(a.can(deployer, a.resolve({ verb: 'get', resource: 'secrets', namespace: 'prod', name: 'registry-credentials' }).request).allowed).toBe(true);
  });
});

describe('a busy or failing server', () => {
  test('429 with Retry-After: waits as told, then succeeds', async () => {
    const server = await start();
    server.fault(`${RBAC}/clusterroles`, { status: 429, retryAfter: 1, times: 1 });
    const t0 = Date.now();
    const snap = await collect(server, { maxBackoffMs: 5000 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(server.requests.filter((r) => r.startsWith(`GET ${RBAC}/clusterroles?`))).toHaveLength(2);
    expect(snap.clusterRoles).toHaveLength(server.stored('rbac.authorization.k8s.io/clusterroles').length);
    expect(snap.diagnostics.filter((d) => d.code.startsWith('list-'))).toEqual([]);
  });

  test('a 500 is retried', async () => {
    const server = await start();
    server.fault(`${RBAC}/roles`, { status: 500, times: 1 });
    const snap = await collect(server);
    expect(snap.roles).toHaveLength(server.stored('rbac.authorization.k8s.io/roles').length);
    expect(snap.diagnostics.filter((d) => d.code.startsWith('list-'))).toEqual([]);
  });

  test('a connection reset is retried', async () => {
    const server = await start();
    server.fault(`${RBAC}/rolebindings`, { reset: true, times: 1 });
    const snap = await collect(server);
    expect(server.requests.filter((r) => r.startsWith(`GET ${RBAC}/rolebindings?`))).toHaveLength(2);
    expect(snap.roleBindings).toHaveLength(server.stored('rbac.authorization.k8s.io/rolebindings').length);
  });

  test('a 500 that outlasts the retries is an error diagnostic, not a failed run', async () => {
    const server = await start();
    server.fault(`${RBAC}/roles`, { status: 500 });
    const snap = await collect(server);
    expect(server.requests.filter((r) => r.startsWith(`GET ${RBAC}/roles?`))).toHaveLength(FAST.retries + 1);
    expect(snap.diagnostics.find((d) => d.code === 'list-failed')).toMatchObject({ severity: 'error', source: { call: `GET ${RBAC}/roles` } });
    expect(snap.clusterRoles.length).toBeGreaterThan(0);
  });

  test('a server that never answers: a ClusterError after the request timeout', async () => {
    const server = await start();
    server.fault(() => true, { hang: true });
    const t0 = Date.now();
    const err = await collect(server, { requestTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect((err as Error).message).toBe(`the API server at ${server.url} did not answer GET /api within 300ms (--request-timeout)`);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  test('one list that hangs ends the run promptly, naming that call', async () => {
    const server = await start();
    server.fault(`${RBAC}/rolebindings`, { hang: true });
    const err = await collect(server, { requestTimeoutMs: 400 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect((err as Error).message).toContain(`GET ${RBAC}/rolebindings within 400ms`);
  });
});

describe('connection and identity problems: one clear ClusterError', () => {
  test('a CA that did not sign the server certificate', async () => {
    const { otherCaPem } = await import('../helpers/api-server.js');
    const server = await start();
    const err = await collectCluster({ kubeconfig: server.writeKubeconfig({ caPem: otherCaPem() }), ...FAST }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect((err as Error).message).toMatch(new RegExp(`^TLS to ${server.url} failed \\(GET /api: .+\\); check the cluster's certificate-authority`));
    expect(server.requests).toEqual([]);
  });

  test('a token the server rejects (401)', async () => {
    const server = await start();
    const err = await collectCluster({ kubeconfig: server.writeKubeconfig({ token: 'expired' }), ...FAST }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect((err as Error).message).toBe(`the API server at ${server.url} rejected the credentials of context "fake" (401 Unauthorized on GET /api); the token or certificate may have expired: log in again`);
  });

  test('a server nobody listens on', async () => {
    const server = await start();
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const url = `https://127.0.0.1:${port}`;
    const kubeconfig = server.writeKubeconfig({ server: url });
    const err = await collectCluster({ kubeconfig, ...FAST }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect((err as Error).message).toMatch(new RegExp(`^cannot reach the API server at ${url} \\(GET /api: ECONNREFUSED\\)`));
  });

  test('a plain-http server without insecure-skip-tls-verify', async () => {
    const server = await start();
    const err = await collect(server, { kubeconfig: server.writeKubeconfig({ server: 'http://127.0.0.1:1' }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect((err as Error).message).toMatch(/plain http, which is only accepted with insecure-skip-tls-verify: true/);
  });

  test('a context name the kubeconfig does not have lists the ones it has', async () => {
    const server = await start();
    const err = await collect(server, { context: 'prod-cluster' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect((err as Error).message).toBe('context "prod-cluster" is not in the kubeconfig; available contexts: fake');
    expect(server.requests).toEqual([]);
  });
});
