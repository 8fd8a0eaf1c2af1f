// Credentials never leave the kubeconfig: a token, a client certificate and key and a password,
// each a distinctive string, are looked for in stdout, stderr, written snapshot files, error
// messages and diagnostics, in successful runs and in failing ones (401, TLS, timeout, a key that
// cannot be parsed). And no request ever names Secrets, even with Secrets on the server.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { collectCluster } from '../../src/collect/cluster.js';
import { writeSnapshot } from '../../src/collect/snapshot-file.js';
import { FakeApiServer, manifestObjects, otherCaPem, testPki } from '../helpers/api-server.js';
import { repoRoot } from '../helpers/cli.js';
import { leaks, rbacAsync, rbacInProcess, type Ran } from './support.js';

const TOKEN = 'tok-CANARY-7f3a9c1e5b2d-do-not-print';
const WRONG_TOKEN = 'tok-CANARY-expired-0c4e9a-do-not-print';
const PASSWORD = 'pw-CANARY-91b7-do-not-print';
const SECRET_VALUE = 'secret-CANARY-value-4d2f';
const b64 = (s: string) => Buffer.from(s).toString('base64');

let dir: string;
let server: FakeApiServer;
let hanging: FakeApiServer;
let client: { certPem: string; keyPem: string };
let canaries: string[];

function pemBody(pem: string): string[] {
  // The longest base64 lines of a PEM: enough to recognise it, printed whole or in part.
  return pem.split('\n').filter((l) => l.length >= 40 && !l.startsWith('-----')).map((l) => l.slice(8, 40));
}

function kubeconfig(name: string, o: { server: string; caPem: string; token?: string; cert?: string; key?: string; password?: string }): string {
  const user: Record<string, string> = {};
  if (o.token) user.token = o.token;
  if (o.cert) user['client-certificate-data'] = b64(o.cert);
  if (o.key) user['client-key-data'] = b64(o.key);
  if (o.password) Object.assign(user, { username: 'admin', password: o.password });
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'canary-cluster', cluster: { server: o.server, 'certificate-authority-data': b64(o.caPem) } }],
      users: [{ name: 'canary-user', user }],
      contexts: [{ name: 'canary', context: { cluster: 'canary-cluster', user: 'canary-user' } }],
      'current-context': 'canary',
    }),
  );
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rbac-creds-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'client.key', '-out', 'client.crt', '-days', '2', '-subj', '/CN=canary-client'], { cwd: dir, stdio: 'ignore' });
  client = { certPem: readFileSync(join(dir, 'client.crt'), 'utf8'), keyPem: readFileSync(join(dir, 'client.key'), 'utf8') };
  const objects = [
    ...manifestObjects(join(repoRoot, 'samples/worlds/teaching.yaml')),
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'prod' }, data: { password: b64(SECRET_VALUE) } },
  ];
  server = await FakeApiServer.start(objects);
  hanging = await FakeApiServer.start(objects);
  // The server accepts only the distinctive token.
  for (const s of [server, hanging]) Object.defineProperty(s, 'token', { value: TOKEN });
  hanging.fault('/apis/rbac.authorization.k8s.io/v1/rolebindings', { hang: true });
  canaries = [TOKEN, WRONG_TOKEN, PASSWORD, SECRET_VALUE, b64(SECRET_VALUE), ...pemBody(client.keyPem), b64(client.keyPem).slice(0, 40), b64(client.keyPem).slice(40, 80), b64(client.certPem).slice(60, 100), 'GARBAGE-KEY-CANARY'];
});

afterAll(async () => {
  for (const s of [server, hanging]) {
    expect(s.requests.filter((r) => /secrets/i.test(r)), 'no request names Secrets').toEqual([]);
    await s.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('credentials are never printed or written', () => {
  test('through the CLI: snapshot and who-can that succeed, then 401, TLS, timeout and a key that cannot be parsed', async () => {
    const good = kubeconfig('good', { server: server.url, caPem: testPki().caPem, token: TOKEN, cert: client.certPem, key: client.keyPem, password: PASSWORD });
    const wrong = kubeconfig('wrong', { server: server.url, caPem: testPki().caPem, token: WRONG_TOKEN, password: PASSWORD });
    const tls = kubeconfig('tls', { server: server.url, caPem: otherCaPem(), token: TOKEN, cert: client.certPem, key: client.keyPem });
    const slow = kubeconfig('slow', { server: hanging.url, caPem: testPki().caPem, token: TOKEN });
    const badKey = kubeconfig('badkey', { server: server.url, caPem: testPki().caPem, token: TOKEN, cert: client.certPem, key: '-----BEGIN PRIVATE KEY-----\nGARBAGE-KEY-CANARY\n-----END PRIVATE KEY-----\n' });
    const snapFile = join(dir, 'snap.json');
    // Two real processes (all they print is seen); the rest in this process, through the CLI's
    // single error handler, with anything written to the console or the process streams caught too.
    const spawned = Promise.all([rbacAsync(['snapshot', '--output-file', snapFile, '--kubeconfig', good, '-v']), rbacAsync(['who-can', 'get', 'pods', '--kubeconfig', wrong])]);
    const stray: string[] = [];
    const spies = [
      vi.spyOn(console, 'log').mockImplementation((...a) => void stray.push(a.join(' '))),
      vi.spyOn(console, 'error').mockImplementation((...a) => void stray.push(a.join(' '))),
      vi.spyOn(console, 'warn').mockImplementation((...a) => void stray.push(a.join(' '))),
      vi.spyOn(process.stderr, 'write').mockImplementation((t) => (stray.push(String(t)), true)),
    ];
    const done: Record<string, Ran> = {};
    try {
      done.whoCan = await rbacInProcess(['who-can', 'get', 'secrets', '-n', 'prod', '--kubeconfig', good, '-o', 'json', '-v']);
      done.audit = await rbacInProcess(['audit', '--kubeconfig', good, '-o', 'csv', '-v']);
      done.tls = await rbacInProcess(['who-can', 'get', 'pods', '--kubeconfig', tls]);
      done.timeout = await rbacInProcess(['snapshot', '--output-file', join(dir, 'never.json'), '--kubeconfig', slow, '--request-timeout', '500ms']);
      done.badKey = await rbacInProcess(['who-can', 'get', 'pods', '--kubeconfig', badKey]);
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    [done.snapshot, done.unauthorized] = await spawned;
    if (process.env.RBAC_PROP_DEBUG) for (const [k, r] of Object.entries(done)) console.log(k, r.code, r.stderr.slice(0, 400));
    expect(done.snapshot!.code, done.snapshot!.stderr).toBe(0);
    expect(done.whoCan!.code, done.whoCan!.stderr).toBe(0);
    expect(done.audit!.code, done.audit!.stderr).toBe(0);
    expect(done.unauthorized!.stderr).toMatch(/401 Unauthorized/);
    expect(done.tls!.stderr).toMatch(/TLS/);
    expect(done.timeout!.stderr).toMatch(/did not answer .* within 500ms/);
    for (const k of ['unauthorized', 'tls', 'timeout', 'badKey']) {
      expect(done[k]!.code, `${k}: ${done[k]!.stderr}`).toBe(3);
      expect(done[k]!.stderr, k).not.toMatch(/^\s+at /m);
    }
    const places: Record<string, string> = { 'snapshot file': readFileSync(snapFile, 'utf8'), 'console and process streams': stray.join('\n') };
    for (const [k, r] of Object.entries(done)) Object.assign(places, { [`${k} stdout`]: r.stdout, [`${k} stderr`]: r.stderr });
    expect(places['snapshot file']).toContain('"RbacSnapshot"');
    expect(leaks(canaries, places)).toEqual([]);
    // Nor any part of the kubeconfig file itself.
    expect(leaks([readFileSync(good, 'utf8').slice(0, 60), readFileSync(good, 'utf8').slice(-60)], places)).toEqual([]);
  }, 120_000);

  test('through the library: collected snapshots, their diagnostics and every ClusterError message', async () => {
    const opts = { retries: 1, backoffMs: 5, maxBackoffMs: 20, requestTimeoutMs: 500 };
    const good = kubeconfig('lib-good', { server: server.url, caPem: testPki().caPem, token: TOKEN, cert: client.certPem, key: client.keyPem, password: PASSWORD });
    server.fault('/apis/rbac.authorization.k8s.io/v1/roles', { status: 403 });
    const snap = await collectCluster({ kubeconfig: good, ...opts });
    server.clearFaults();
    expect(snap.diagnostics.some((d) => d.code === 'list-forbidden')).toBe(true);
    const errors: string[] = [];
    for (const kc of [
      kubeconfig('lib-wrong', { server: server.url, caPem: testPki().caPem, token: WRONG_TOKEN, password: PASSWORD }),
      kubeconfig('lib-tls', { server: server.url, caPem: otherCaPem(), token: TOKEN, key: client.keyPem, cert: client.certPem }),
      kubeconfig('lib-slow', { server: hanging.url, caPem: testPki().caPem, token: TOKEN }),
    ]) {
      errors.push(await collectCluster({ kubeconfig: kc, ...opts }).then(() => 'no error', (e: Error) => `${e.name}: ${e.message}`));
    }
    expect(errors.every((e) => e.startsWith('ClusterError'))).toBe(true);
    expect(leaks(canaries, { snapshot: writeSnapshot(snap), objects: JSON.stringify(snap), errors: errors.join('\n') })).toEqual([]);
  });
});
