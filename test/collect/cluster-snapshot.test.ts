// Snapshot files, the CLI's input selection (source.ts) and `rbac snapshot`.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { registerSnapshot } from '../../src/cli/commands/snapshot.js';
import { loadSnapshot, parseDuration } from '../../src/cli/source.js';
import { collectCluster } from '../../src/collect/cluster.js';
import { loadFiles } from '../../src/collect/files.js';
import { readSnapshot, writeSnapshot } from '../../src/collect/snapshot-file.js';
import { analyze, type Analysis } from '../../src/engine/analyze.js';
import { InputError, UsageError } from '../../src/errors.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { FakeApiServer, manifestObjects } from '../helpers/api-server.js';

const TEACHING = 'samples/worlds/teaching.yaml';
const BOOTSTRAP = 'samples/kubernetes-bootstrap';
const OBJECTS = [
  ...manifestObjects(TEACHING, ...readdirSync(BOOTSTRAP).sort().map((f) => join(BOOTSTRAP, f))),
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'registry-credentials', namespace: 'prod' }, data: { token: 'c2VjcmV0LXZhbHVl' } },
];
const FAST = { retries: 1, backoffMs: 10, maxBackoffMs: 50, requestTimeoutMs: 5000 };

let server: FakeApiServer;
let dir: string;
let live: Snapshot;
beforeAll(async () => {
  server = await FakeApiServer.start(OBJECTS);
  dir = mkdtempSync(join(tmpdir(), 'rbac-snapshot-'));
  live = await collectCluster({ kubeconfig: server.writeKubeconfig(), ...FAST });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  server.clearFaults();
});

/** Whole answers, sources and order included. */
function answers(a: Analysis) {
  const who = (verb: string, resource: string, namespace?: string) => {
    const r = a.resolve({ verb, resource, namespace, allNamespaces: !namespace });
    return a.whoCan(r.request, { allNamespaces: r.allNamespaces });
  };
  return [who('delete', 'secrets', 'kube-system'), who('create', 'pods/exec'), who('get', '/metrics'), who('list', 'secrets', 'prod'), a.whatCan({ name: 'jane', groups: ['devs', 'system:authenticated'] }), a.diagnostics];
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), write: async (t: string) => void out.push(t), stdout: out, stderr: err };
}

describe('snapshot files', () => {
  test('a cluster snapshot read back is the same snapshot, with the same answers', () => {
    const text = writeSnapshot(live);
    const back = readSnapshot(text, 'live.json');
    expect(back).toEqual(live);
    expect(answers(analyze(back!))).toEqual(answers(analyze(live)));
    expect(text.startsWith('{"apiVersion":"rbac.dev/v1alpha1",\n"kind":"RbacSnapshot"')).toBe(true);
    expect(text.split('\n').length).toBeGreaterThan(live.clusterRoles.length + live.roleBindings.length);
  });

  test('holds no token, certificate, kubeconfig or Secret data', () => {
    const text = writeSnapshot(live);
    for (const s of [server.token, Buffer.from(server.token).toString('base64'), 'c2VjcmV0LXZhbHVl', 'BEGIN CERTIFICATE', 'certificate-authority', 'kubeconfig']) {
      expect(text, s).not.toContain(s);
    }
    const objects = Object.values(JSON.parse(text).objects as Record<string, { kind: string }[]>).flat();
    expect(objects.length).toBeGreaterThan(100);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('a snapshot of manifests answers as the manifests do', async () => {
    const files = await loadFiles([TEACHING, BOOTSTRAP]);
    const back = readSnapshot(writeSnapshot(files), 'files.json')!;
    expect(back.meta.origin).toBe('files');
    expect(answers(analyze(back))).toEqual(answers(analyze(files)));
  });

  test('manifests are not snapshots; a broken snapshot is an InputError naming the place', () => {
    expect(readSnapshot(readFileSync(TEACHING, 'utf8'), TEACHING)).toBeUndefined();
    expect(readSnapshot('{"apiVersion":"v1","kind":"List","items":[]}', 'x.json')).toBeUndefined();
    const doc = JSON.parse(writeSnapshot(live));
    doc.objects.clusterRoles[3].rules[0].verbs = 'get';
    expect(() => readSnapshot(JSON.stringify(doc), 'bad.json')).toThrow(new InputError(`bad.json: not a valid rbac snapshot (objects.clusterRoles[3].rules[0] needs string lists verbs, apiGroups, resources, resourceNames, nonResourceURLs)`));
    expect(() => readSnapshot(JSON.stringify({ ...doc, apiVersion: 'rbac.dev/v9' }), 'new.json')).toThrow(/snapshot apiVersion rbac.dev\/v9 is not supported/);
  });
});

describe('loadSnapshot (the CLI input)', () => {
  test('-f snapshot.json reads the snapshot as is, also from stdin', async () => {
    const file = join(dir, 'live.json');
    writeFileSync(file, writeSnapshot(live));
    expect(await loadSnapshot({ filename: [file] }, io())).toEqual(live);
    expect(await loadSnapshot({ filename: ['-'] }, { ...io(), readStdin: async () => writeSnapshot(live) })).toEqual(live);
  });

  test('a snapshot plus manifests: the manifests add to (and replace objects of) the snapshot', async () => {
    const file = join(dir, 'live.json');
    writeFileSync(file, writeSnapshot(live));
    const extra = join(dir, 'extra.yaml');
    writeFileSync(extra, 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: auditors}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects: [{kind: Group, name: auditors}]\n');
    const merged = await loadSnapshot({ filename: [file, extra] }, io());
    expect(merged.clusterRoleBindings).toHaveLength(live.clusterRoleBindings.length + 1);
    expect(merged.apiResources).toEqual(live.apiResources);
    expect(merged.meta).toEqual({ origin: 'files', inputs: [file, extra] });
  });

  test('without -f the cluster is read; cluster flags do not mix with -f', async () => {
    const snap = await loadSnapshot({ kubeconfig: server.writeKubeconfig(), requestTimeout: '5s', namespace: 'prod' }, io());
    expect(snap.meta.origin).toBe('cluster');
    expect(snap.roleBindings.every((b) => b.namespace === 'prod')).toBe(true);
    await expect(loadSnapshot({ filename: [TEACHING], context: 'x' }, io())).rejects.toThrow(UsageError);
  });

  test('a progress line on a terminal once collection takes over a second, cleared at the end', async () => {
    server.fault('/apis/rbac.authorization.k8s.io/v1/clusterroles', { delayMs: 1300, times: 1 });
    const tty = { ...io(), isTTY: true };
    await loadSnapshot({ kubeconfig: server.writeKubeconfig() }, tty);
    expect(tty.stderr.some((t) => t.startsWith('\r') && t.includes('listed'))).toBe(true);
    expect(tty.stderr.at(-1)).toBe('\r\x1b[K');
    const quiet = io();
    await loadSnapshot({ kubeconfig: server.writeKubeconfig() }, quiet);
    expect(quiet.stderr).toEqual([]);
  });

  test('--request-timeout durations', () => {
    expect(parseDuration('30s', 'f')).toBe(30_000);
    expect(parseDuration('1m', 'f')).toBe(60_000);
    expect(parseDuration('1m30s', 'f')).toBe(90_000);
    expect(parseDuration('500ms', 'f')).toBe(500);
    expect(parseDuration('2', 'f')).toBe(2000);
    expect(parseDuration('0', 'f')).toBe(0);
    expect(() => parseDuration('soon', '--request-timeout')).toThrow(/--request-timeout soon: expected a duration/);
    expect(() => parseDuration('5d', 'f')).toThrow(UsageError);
  });
});

describe('rbac snapshot', () => {
  async function run(args: string[]) {
    const streams = io();
    let code = 0;
    const program = new Command().exitOverride();
    registerSnapshot(program, streams, (c) => (code = c));
    await program.parseAsync(['snapshot', ...args], { from: 'user' });
    return { ...streams, code };
  }

  test('writes a snapshot of the cluster that -f reads back', async () => {
    const file = join(dir, 'cli.json');
    const r = await run(['--output-file', file, '--kubeconfig', server.writeKubeconfig(), '-q']);
    expect(r.code).toBe(0);
    const back = readSnapshot(readFileSync(file, 'utf8'), file)!;
    expect(back.clusterRoles.length).toBe(live.clusterRoles.length);
    expect(back.meta.context).toBe('fake');
  });

  test('converts manifests, to stdout by default', async () => {
    const r = await run(['-f', TEACHING]);
    const back = readSnapshot(r.stdout.join(''), '<stdout>')!;
    expect(back.roleBindings.map((b) => b.name)).toContain('devs-edit');
    expect(r.stderr.join('')).toMatch(/snapshot of samples\/worlds\/teaching.yaml: 7 ClusterRoles, 1 ClusterRoleBindings, 1 Roles, 5 RoleBindings/);
  });
});
