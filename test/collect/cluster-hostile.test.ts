// A live cluster whose answers are wrong or hostile: every way a list can come out short is a
// named diagnostic that --strict counts (never the end of the list), items of another kind never
// reach the snapshot, and discovery cannot steer a request anywhere rbac would not go.
import { constants } from 'node:buffer';
import { afterEach, describe, expect, test } from 'vitest';
import { collectCluster, type CollectClusterOptions } from '../../src/collect/cluster.js';
import { MAX_GROUP_VERSIONS } from '../../src/collect/cluster-discovery.js';
import { MAX_RESPONSE_BYTES } from '../../src/collect/cluster-http.js';
import { writeSnapshot } from '../../src/collect/snapshot-file.js';
import { ClusterError } from '../../src/errors.js';
import { FakeApiServer, isListPath, manifestObjects } from '../helpers/api-server.js';
import { rbacInProcess } from '../security/support.js';

const OBJECTS = manifestObjects('samples/worlds/teaching.yaml', 'samples/kubernetes-bootstrap/cluster-roles.yaml', 'samples/kubernetes-bootstrap/cluster-role-bindings.yaml');
const FAST = { retries: 1, backoffMs: 5, maxBackoffMs: 20, requestTimeoutMs: 5000, pageSize: 5 } satisfies CollectClusterOptions;
const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const CANARY = 'c2VjcmV0LUNBTkFSWS12YWx1ZQ==';
type Raw = Record<string, any>;

let servers: FakeApiServer[] = [];
afterEach(async () => {
  for (const s of servers) expect(s.requests.filter((r) => /secrets/i.test(r)), 'no request names Secrets').toEqual([]);
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function start(): Promise<FakeApiServer> {
  const s = await FakeApiServer.start(OBJECTS);
  servers.push(s);
  return s;
}

const collect = (server: FakeApiServer, opts: CollectClusterOptions = {}) => collectCluster({ kubeconfig: server.writeKubeconfig(), ...FAST, ...opts });

/** Matches `path` from its n-th request on. */
function fromPage(path: string, n: number): (p: string) => boolean {
  let seen = 0;
  return (p) => p === path && ++seen >= n;
}

const codes = (s: { diagnostics: { code: string; severity: string }[] }) => s.diagnostics.filter((d) => d.code.startsWith('list-')).map((d) => `${d.code} ${d.severity}`);
const continueOf = (page: Raw | undefined) => String(page?.metadata?.continue ?? '');

describe('a list that comes out short is named, never taken as complete', () => {
  test('a 403 after a readable page in -n mode is list-forbidden, not the expected namespace-limited 403', async () => {
    const server = await start();
    server.fault(fromPage(`${RBAC}/clusterrolebindings`, 2), { status: 403 });
    const snap = await collect(server, { namespace: 'prod' });
    const d = snap.diagnostics.find((x) => x.code === 'list-forbidden');
    expect(d).toMatchObject({ severity: 'warning', source: { call: `GET ${RBAC}/clusterrolebindings` } });
    expect(d!.message).toMatch(/on page 2: the 5 ClusterRoleBindings of the 1 page read before are kept, the rest are missing/);
    expect(snap.diagnostics.find((x) => x.code === 'namespace-limited')!.message).not.toContain('clusterrolebindings');
  });

  test.each([
    ['a Status on page 2', 2, (page: Raw | undefined) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', metadata: {}, message: 'x', code: 200, ...(page ? {} : {}) }), /answered 200 with kind "Status" and no items instead of a ClusterRoleList/],
    ['items: null', 1, (page: Raw | undefined) => ({ ...page, items: null }), /kind "ClusterRoleList" and items null/],
    ['a SecretList', 1, () => ({ kind: 'SecretList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 'db', namespace: 'prod' }, data: { password: CANARY } }] }), /kind "SecretList" and items instead of a ClusterRoleList/],
  ])('%s is list-not-a-list, an error, and nothing of it is kept', async (_name, page, body, message) => {
    const server = await start();
    server.fault(fromPage(`${RBAC}/clusterroles`, page), { replace: body });
    const snap = await collect(server);
    const d = snap.diagnostics.find((x) => x.code === 'list-not-a-list');
    expect(d).toMatchObject({ severity: 'error', source: { call: `GET ${RBAC}/clusterroles` } });
    expect(d!.message).toMatch(message);
    expect(snap.clusterRoles).toHaveLength(5 * (page - 1));
    expect(writeSnapshot(snap)).not.toContain(CANARY);
  });

  test('items of another kind are dropped with list-wrong-kind and never stored, last-applied-configuration and all', async () => {
    const server = await start();
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'admin', namespace: 'prod', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ kind: 'Secret', data: { token: CANARY } }) } },
      data: { token: CANARY },
      rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    };
    server.fault(`${RBAC}/roles`, { replace: (page) => ({ ...page, items: [...((page as Raw).items as Raw[]), secret, { ...secret, kind: 'Role', apiVersion: 'v1' }] }), times: 1 });
    const snap = await collect(server, { pageSize: 500 });
    const d = snap.diagnostics.find((x) => x.code === 'list-wrong-kind');
    expect(d).toMatchObject({ severity: 'error', source: { call: `GET ${RBAC}/roles` } });
    expect(d!.message).toBe('the RoleList held items of another kind (1 of kind "Secret" ("v1"), 1 of kind "Role" ("v1")); they were dropped and nothing of them is stored');
    expect(snap.roles.map((r) => r.name)).not.toContain('admin');
    expect(snap.roles).toHaveLength(server.stored('rbac.authorization.k8s.io/roles').length);
    expect(writeSnapshot(snap)).not.toContain(CANARY);
  });

  test('a continue token that comes back (a cycle of two) is list-continue-loop, and paging stops', async () => {
    const server = await start();
    let first = '';
    // Page 1's token comes back from page 2: A -> B -> A -> ... forever, if followed.
    server.fault(`${RBAC}/clusterroles`, {
      replace: (page, q) => {
        if (!q.get('continue')) return ((first = continueOf(page)), page);
        return { ...page, metadata: { ...page!.metadata, continue: first } };
      },
      times: 50,
    });
    const snap = await collect(server);
    expect(codes(snap)).toEqual(['list-continue-loop error']);
    expect(snap.diagnostics.find((d) => d.code === 'list-continue-loop')!.message).toMatch(/continue token it had returned before \(on page 2\)/);
    expect(server.requests.filter((r) => r.startsWith(`GET ${RBAC}/clusterroles?`))).toHaveLength(2);
  });

  test('fresh continue tokens forever stop at the page limit with list-too-long', async () => {
    const server = await start();
    let n = 0;
    server.fault(`${RBAC}/clusterrolebindings`, { replace: () => ({ kind: 'ClusterRoleBindingList', apiVersion: 'rbac.authorization.k8s.io/v1', items: [], metadata: { continue: `fresh-${++n}` } }), times: 1000 });
    const snap = await collect(server, { maxListPages: 20 });
    expect(codes(snap)).toEqual(['list-too-long error']);
    expect(snap.diagnostics.find((d) => d.code === 'list-too-long')!.message).toMatch(/still had more after 20 pages and 0 objects/);
    expect(n).toBe(20);
  });

  test('a body over the size limit is list-too-large; the other lists are read', async () => {
    const server = await start();
    server.fault(fromPage(`${RBAC}/clusterroles`, 2), { padBytes: 300_000 });
    const snap = await collect(server, { maxResponseBytes: 200_000 });
    expect(codes(snap)).toEqual(['list-too-large error']);
    expect(snap.diagnostics.find((d) => d.code === 'list-too-large')!.message).toMatch(/^page 2 was larger than 200000 bytes and was not read: the 5 ClusterRoles of the 1 page read before are kept/);
    expect(snap.clusterRoleBindings).toHaveLength(server.stored('rbac.authorization.k8s.io/clusterrolebindings').length);
    // The default stays below the longest string V8 can make (the old failure: ERR_STRING_TOO_LONG).
    expect(MAX_RESPONSE_BYTES).toBeLessThan(constants.MAX_STRING_LENGTH);
  });

  test('a page of 200,000 items is read (no spread of a page into the list: that was exit 70)', async () => {
    const server = await start();
    const items = Array.from({ length: 200_000 }, (_, i) => ({ metadata: { name: `sa-${i}`, namespace: 'prod' } }));
    server.fault('/api/v1/serviceaccounts', { replace: () => ({ kind: 'ServiceAccountList', apiVersion: 'v1', metadata: {}, items }) });
    const snap = await collect(server);
    expect(snap.serviceAccounts).toHaveLength(200_000);
    expect(codes(snap)).toEqual([]);
  }, 60_000);

  test('a 404 on page 3 is a failed list, not "not served"', async () => {
    const server = await start();
    server.fault(fromPage(`${RBAC}/clusterroles`, 3), { status: 404 });
    const snap = await collect(server);
    const d = snap.diagnostics.find((x) => x.code === 'list-failed')!;
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(/^failed on page 3 \(404 InternalError: fault injected: 404\): the 10 ClusterRoles of the 2 pages read before are kept/);
    expect(d.message).not.toMatch(/not served|after retries/);
  });

  test.each([302, 307])('a %i redirect is not followed, not retried, and says so without quoting the location', async (code) => {
    const server = await start();
    server.fault(`${RBAC}/roles`, { redirect: code });
    const snap = await collect(server);
    const d = snap.diagnostics.find((x) => x.code === 'list-failed')!;
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(new RegExp(`^failed \\(${code} Found: redirected to another location; rbac does not follow redirects\\)`));
    expect(d.message).not.toMatch(/after retries|hunter2|elsewhere/);
    expect(server.requests.filter((r) => r.startsWith(`GET ${RBAC}/roles?`))).toHaveLength(1);
  });

  test('when no RBAC list can be read the run fails with a ClusterError, exit 3 through the CLI', async () => {
    const server = await start();
    server.fault(isListPath, { status: 403 });
    const err = await collect(server).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect((err as Error).message).toMatch(/^no Role, ClusterRole or binding could be read from https:\/\/127\.0\.0\.1:\d+ \(GET \/apis\/rbac.authorization.k8s.io\/v1\/clusterroles: 403 Forbidden; .*\); there is nothing to answer from$/);
    const r = await rbacInProcess(['who-can', 'get', 'pods', '--kubeconfig', server.writeKubeconfig()]);
    expect(r.code).toBe(3);
  });

  test('--strict counts them: exit 0 on a clean cluster, 4 once a list answers a Status', async () => {
    const server = await FakeApiServer.start([
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'readers' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' }, subjects: [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }] },
    ]);
    servers.push(server);
    const args = ['who-can', 'get', 'pods', '--kubeconfig', server.writeKubeconfig(), '--strict'];
    expect((await rbacInProcess(args)).code).toBe(0);
    server.fault(`${RBAC}/clusterrolebindings`, { replace: () => ({ kind: 'Status', apiVersion: 'v1', status: 'Success' }) });
    const r = await rbacInProcess(args);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/^error: GET \/apis\/rbac.authorization.k8s.io\/v1\/clusterrolebindings: answered 200 with kind "Status" .*\[list-not-a-list\]$/m);
  });
});

describe('discovery', () => {
  test('aggregated discovery: two requests for every group, none per group version', async () => {
    const server = await start();
    const snap = await collect(server);
    expect(server.requests.map((r) => r.slice(4).split('?')[0]!).filter((p) => !isListPath(p))).toEqual(['/api', '/apis']);
    expect(snap.apiResources?.find((r) => r.group === '' && r.resource === 'pods')).toMatchObject({ kind: 'Pod', namespaced: true, shortNames: ['po'], subresources: expect.arrayContaining(['exec', 'log']) });
    expect(snap.apiResources?.find((r) => r.group === 'autoscaling' && r.resource === 'horizontalpodautoscalers')).toBeDefined();
  });

  test('a stale group in aggregated discovery is a warning', async () => {
    const server = await start();
    server.fault('/apis', { replace: (page) => ({ ...page, items: (page!.items as Raw[]).map((g) => (g.metadata.name === 'metrics.k8s.io' ? { ...g, versions: g.versions.map((v: Raw) => ({ ...v, freshness: 'Stale' })) } : g)) }) });
    const snap = await collect(server);
    expect(snap.diagnostics.find((d) => d.code === 'discovery-failed')?.message).toMatch(/metrics\.k8s\.io\/v1beta1 is stale/);
  });

  test('hostile group versions are never requested: a discovery-invalid warning, and the run succeeds', async () => {
    const server = await start();
    server.aggregatedDiscovery = false;
    server.discoveryOverride.set('/api', { kind: 'APIVersions', versions: ['v1', 'v1/secrets', '../api/v1/secrets'] });
    server.discoveryOverride.set('/apis', {
      kind: 'APIGroupList',
      groups: [
        { name: 'rbac.authorization.k8s.io', versions: [{ groupVersion: 'rbac.authorization.k8s.io/v1' }] },
        { name: 'evil', versions: [{ groupVersion: '../api/v1/secrets' }, { groupVersion: '%2e%2e/api/v1/secrets' }, { groupVersion: 'evil/v1/../../api/v1/secrets' }] },
        { name: '..', versions: [{ groupVersion: '../v1' }] },
      ],
    });
    const snap = await collect(server);
    const d = snap.diagnostics.find((x) => x.code === 'discovery-invalid');
    expect(d?.severity).toBe('warning');
    expect(d?.message).toMatch(/^API discovery named 6 groups or versions that are not Kubernetes names \(group version "v1\/secrets", group version "..\/api\/v1\/secrets"/);
    expect(snap.clusterRoles.length).toBeGreaterThan(0);
    // Through the CLI: a clean run (was exit 70 with a stack trace when /api listed v1/secrets).
    const r = await rbacInProcess(['who-can', 'get', 'pods', '--kubeconfig', server.writeKubeconfig()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
  });

  test(`classic discovery of many groups reads at most ${MAX_GROUP_VERSIONS} group versions, with a warning`, async () => {
    const server = await start();
    server.aggregatedDiscovery = false;
    const groups = Array.from({ length: MAX_GROUP_VERSIONS + 200 }, (_, i) => ({ name: `g${i}.example.com`, versions: [{ groupVersion: `g${i}.example.com/v1` }] }));
    server.discoveryOverride.set('/apis', { kind: 'APIGroupList', groups });
    const snap = await collect(server, { concurrency: 8 });
    expect(server.requests.filter((r) => r.startsWith('GET /apis/g')).length).toBe(MAX_GROUP_VERSIONS - 1);
    expect(snap.diagnostics.find((d) => d.code === 'discovery-truncated')?.message).toMatch(new RegExp(`listed ${MAX_GROUP_VERSIONS + 201} group versions; only the first ${MAX_GROUP_VERSIONS} were read`));
  }, 60_000);
});
