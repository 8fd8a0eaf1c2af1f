// `diff --git` reads each blob by its object id, so no file name (a newline in it, a `rev:path`
// spelled inside it) can shift one file's contents onto another, and a blob too large to be text
// is an error naming the file, not a crash.
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { loadGitRevision } from '../../src/collect/git.js';
import { InputError } from '../../src/errors.js';
import { tmpTree } from '../helpers/tmp-tree.js';

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: harmless, namespace: default}\n';
const ADMIN = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: mallory-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: User, name: mallory, apiGroup: rbac.authorization.k8s.io}]
`;

function repo(files: Record<string, string>): string {
  const root = tmpTree(files);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'x');
  return root;
}

describe('git revisions are read by object id', () => {
  test('a file name holding a newline and "HEAD:path" does not shift the blobs after it', async () => {
    // With newline-separated `rev:path` requests, this name asked for a.yaml twice, and every
    // later file (z-admin.yaml) received the blob before it: the binding vanished.
    const root = repo({ 'a.yaml': CONFIGMAP, 'a.yaml\nHEAD:a.yaml': CONFIGMAP, 'z-admin.yaml': ADMIN });
    const snap = await loadGitRevision('HEAD', [], {}, root);
    expect(snap.clusterRoleBindings.map((b) => b.name)).toEqual(['mallory-admin']);
    expect(snap.clusterRoleBindings[0]!.source).toMatchObject({ file: 'HEAD:z-admin.yaml' });
  });

  test('names with tabs, quotes and non-ASCII letters are read like any other', async () => {
    const root = repo({ 'dir\twith tab/"q".yaml': ADMIN, 'ünï.yaml': ADMIN.replace('mallory-admin', 'other') });
    const snap = await loadGitRevision('HEAD', [], {}, root);
    expect(snap.clusterRoleBindings.map((b) => b.name).sort()).toEqual(['mallory-admin', 'other']);
  });

  test('a blob over the size limit is an input error naming it, read no further', async () => {
    const root = repo({ 'a.yaml': CONFIGMAP, 'big.yaml': `${ADMIN}# ${'x'.repeat(4096)}\n` });
    const err = await loadGitRevision('HEAD', [], {}, root, 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^HEAD:big\.yaml: \d+ bytes, more than the 1024 bytes a manifest may have/);
  });
});
