// The live path never quotes a credential and never falls over: a credential plugin's output
// (stdout is the token, stderr may hold one) is not in any message, a server URL's
// user:password is shown as ***, and a file the kubeconfig names that cannot be read is a clean
// exit 2 naming it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeApiServer, testPki } from '../helpers/api-server.js';
import { tmpTree } from '../helpers/tmp-tree.js';
import { leaks, rbacInProcess } from './support.js';

const TOKEN = 'tok-CANARY-plugin-5e1d-do-not-print';
const PASSWORD = 'pw-CANARY-url-77aa-do-not-print';
let server: FakeApiServer;

beforeAll(async () => {
  server = await FakeApiServer.start([]);
});
afterAll(async () => {
  await server.close();
});

function kubeconfig(dir: string, cluster: Record<string, unknown>, user: Record<string, unknown>): string {
  const file = join(dir, `kc-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster }], users: [{ name: 'u', user }], contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }], 'current-context': 'x' }));
  return file;
}

const ca = () => ({ server: server.url, 'certificate-authority-data': Buffer.from(testPki().caPem).toString('base64') });
const plugin = (script: string) => ({ exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: process.execPath, args: ['-e', script], interactiveMode: 'Never' } });

async function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
}

describe('credentials are never quoted', () => {
  test.each([
    ['prints a bare token, not JSON', `process.stdout.write(${JSON.stringify(TOKEN)})`, /credential plugin of context "x" \(exec: node\) printed something that is not JSON \(not shown: it may hold a token\)/],
    ['prints JSON-looking text around the token', `process.stdout.write('{"token": ' + ${JSON.stringify(TOKEN)})`, /printed something that is not JSON/],
    ['fails with the token on stderr', `process.stderr.write('bad token ' + ${JSON.stringify(TOKEN)}); process.exit(1)`, /credential plugin of context "x" \(exec: node\) failed \(its output is not shown: it may hold a token\); run it yourself to see why/],
  ])('an exec plugin that %s: exit 3, and its output is in no message', async (_name, script, message) => {
    const dir = tmpTree({});
    const r = await rbacInProcess(['who-can', 'get', 'pods', '--kubeconfig', kubeconfig(dir, ca(), plugin(script))]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(leaks([TOKEN, TOKEN.slice(0, 12), TOKEN.slice(-12)], { stderr: r.stderr, stdout: r.stdout })).toEqual([]);
  });

  test('a server URL with user:password is printed as ***@, in every message that names it', async () => {
    const dir = tmpTree({});
    const port = await deadPort();
    const runs = await Promise.all([
      rbacInProcess(['who-can', 'get', 'pods', '--kubeconfig', kubeconfig(dir, { ...ca(), server: `https://admin:${PASSWORD}@127.0.0.1:${port}` }, { token: 't' })]),
      rbacInProcess(['who-can', 'get', 'pods', '--kubeconfig', kubeconfig(dir, { server: `http://admin:${PASSWORD}@127.0.0.1:${port}` }, { token: 't' })]),
    ]);
    expect(runs.map((r) => r.code)).toEqual([3, 3]);
    expect(runs[0]!.stderr).toContain(`cannot reach the API server at https://***@127.0.0.1:${port}`);
    expect(runs[1]!.stderr).toContain(`server http://***@127.0.0.1:${port} is plain http`);
    expect(leaks([PASSWORD, 'admin:'], Object.fromEntries(runs.map((r, i) => [`run ${i}`, r.stderr + r.stdout])))).toEqual([]);
  });
});

describe('files of the live path that cannot be read: exit 2, one line naming the file', () => {
  test.each([
    ['a --kubeconfig that is a folder', (dir: string) => (mkdirSync(join(dir, 'kc')), join(dir, 'kc')), /^error: kubeconfig .*\/kc: cannot read \(EISDIR\)\n$/],
    ['a --kubeconfig that does not exist', (dir: string) => join(dir, 'missing'), /^error: --kubeconfig .*\/missing: no such file\n$/],
    ['a certificate-authority file that does not exist', (dir: string) => kubeconfig(dir, { server: server.url, 'certificate-authority': join(dir, 'no-ca.crt') }, { token: server.token }), /^error: .*\/no-ca\.crt: cannot read \(ENOENT\), named by the kubeconfig for context "x"\n$/],
    ['a client-key that is a folder', (dir: string) => (mkdirSync(join(dir, 'key')), kubeconfig(dir, ca(), { 'client-certificate-data': 'eA==', 'client-key': join(dir, 'key') })), /^error: a file named by the kubeconfig for context "x" cannot be read \(EISDIR\)\n$/],
  ])('%s', async (_name, make, message) => {
    const dir = tmpTree({});
    const r = await rbacInProcess(['who-can', 'get', 'pods', '--kubeconfig', make(dir)]);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
  });
});
